/*
 * Positioned diagnostics.  Every problem with the data, from a stray
 * quote to a budget overrun, becomes a finding with a severity, a
 * stable code and the file:line:col it came from.  Findings are kept
 * (the audit pack and the site show them) and printed all at once, like
 * a compiler: file:line:col: severity: message [code].
 *
 * The result convention of the stages (render, site, layout, verify,
 * jobs, the district commands, init): a stage returns 0 (done) or -1
 * (failed) and says why in its diag: findings of severity error (the
 * data or a template), or a failure whose message is printed at once
 * (in the err(3) shape) and counted by its kind: a system error (a
 * file that cannot be written...) with diag_system, a command line
 * that cannot run with diag_usage, input refused with reasons printed
 * elsewhere (a district unit's own findings, shards that do not fit)
 * with diag_failed.  diag_status is the one mapping from that to an
 * exit status; main.c returns it, and worker processes hand it to
 * their parent.
 */
#ifndef SUNLIGHT_DIAG_H
#define SUNLIGHT_DIAG_H

#include <stddef.h>
#include <stdio.h>

/* Ordered: a higher value is worse. */
enum sev {
	SEV_NOTE,
	SEV_WARNING,
	SEV_ERROR
};

struct buf;

struct finding {
	enum sev	 sev;
	char		*code;	/* stable, e.g. "ledger.duplicate-voucher"; NULL for input syntax */
	char		*file;	/* as the user named it, e.g. data/2023-autumn/ledger.csv */
	int		 line;	/* 1-based; 0: the whole file */
	int		 col;	/* 1-based field (CSV) or column; 0: the whole line */
	char		*msg;	/* UTF-8, no trailing newline */
	char		*period;	/* period name the finding belongs to, or NULL */
	char		*cause;		/* what the message says, without this row's
					   values (its format), or NULL: see diag_cause */
};

struct diag {
	struct finding	*v;
	size_t		 n;
	size_t		 cap;
	const char	*period;	/* stamped onto findings added while set */
	size_t		 system;	/* system errors reported (diag_system) */
	size_t		 usage;		/* usage errors reported (diag_usage) */
	size_t		 failed;	/* input refused, reasons printed (diag_failed) */
};

void	 diag_init(struct diag *);
void	 diag_free(struct diag *);

void	 diag_add(struct diag *, enum sev, const char *code,
	    const char *file, int line, int col, const char *fmt, ...)
	    __attribute__((format(printf, 7, 8)));

/*
 * Mark the last finding added as one of a kind that repeats per row:
 * cause is what it says apart from this row's values (the message's
 * format will do).  diag_print shows DIAG_GROUP_MIN or more findings
 * of one file, code, column, severity and cause as one line, at the
 * first: its message, then 等(第 2–300 行,共 299 行).  Fewer are
 * shown one by one, each with its own values.  They stay separate
 * findings for the audit pack and the counts.
 */
#define DIAG_GROUP_MIN	5
void	 diag_cause(struct diag *, const char *cause);
/* "第 2–5、9 行,共 5 行": ascending rows as ranges, the first few. */
void	 diag_rows_text(struct buf *, const int *rows, size_t n);

/* Print every finding, in the order added, to fp; see diag_cause. */
void	 diag_print(const struct diag *, FILE *);
/* The same for findings [from, n): what a step added since from. */
void	 diag_print_from(const struct diag *, size_t from, FILE *);
/* Print one finding as a line (no newline appended by caller). */
void	 diag_print1(const struct finding *, FILE *);

size_t	 diag_count(const struct diag *, enum sev);
/* Worst severity seen; SEV_NOTE when there are none. */
enum sev diag_worst(const struct diag *);
/* Worst severity among findings [from, n). */
enum sev diag_worst_from(const struct diag *, size_t from);
/* Stable-sort findings [from, n) by line and column (one file's findings). */
void	 diag_sort(struct diag *, size_t from);
/* --strict: every warning becomes an error. */
void	 diag_strict(struct diag *);

/*
 * The closing count line of a run over name (nothing when there are no
 * findings): "data: 1 个错误,5 个警告,3 条提示;请…改正…".
 */
void	 diag_summary(const struct diag *, const char *name, FILE *);
const char *diag_sevname(enum sev);

/*
 * A failure was reported, its message printed: count it by its kind;
 * each returns -1.  diag_system: a system error (I/O, a library, a
 * process that could not start).  diag_usage: the command line (an
 * option, SOURCE_DATE_EPOCH, a folder named in it) cannot be run.
 * diag_failed: the input was refused with reasons printed elsewhere
 * than in this diag: a district unit whose own process printed its
 * error findings, shards that do not make one district.
 */
int	 diag_system(struct diag *);
int	 diag_usage(struct diag *);
int	 diag_failed(struct diag *);

/*
 * THE exit status of a run from its result (failed: a stage returned
 * -1) and its diag: EXIT_SYSTEM (3) after a system error, or after a
 * failure nobody explained; EXIT_USAGE (2) after a usage error;
 * EXIT_DATA (1) after an error finding or refused input; else 0.
 * (main.c also decides EXIT_USAGE itself before a unit's stages run.)
 */
int	 diag_status(const struct diag *, int failed);

/*
 * A value as a message quotes it: in ASCII double quotes, with every
 * character a reader cannot see named in ⟨⟩ ("摘要⟨全角空格⟩",
 * ⟨NBSP⟩, ⟨零宽空格⟩, ⟨制表符⟩, other ones as ⟨U+202E⟩), so a clerk
 * learns why two cells that look the same differ.  Caller frees.
 */
char	*diag_quote(const char *);

/*
 * Findings [from, n) written to fd as bytes, and read back (appended to
 * d, in the same order) by diag_load: how a worker process hands its
 * findings to its parent.  0 on success; -1 with errno on a write or
 * read failure, or EINVAL for bytes diag_dump did not write.
 */
int	 diag_dump(const struct diag *, size_t from, int fd);
int	 diag_load(struct diag *, int fd);

#endif
