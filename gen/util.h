/*
 * Small helpers shared by every module: allocation that never returns
 * NULL (allocation failure is fatal, in one place), a growable byte
 * buffer, and system-error reporting in the err(3) shape.
 */
#ifndef SUNLIGHT_UTIL_H
#define SUNLIGHT_UTIL_H

#include <getopt.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>

#define EXIT_DATA	1	/* data errors (findings of severity error) */
#define EXIT_USAGE	2	/* bad command line */
#define EXIT_SYSTEM	3	/* I/O, memory, library failure */

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
/* Grow an array of n elements of size sz to hold at least want; updates *cap. */
void	*xgrow(void *, size_t *cap, size_t want, size_t sz);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
char	*xasprintf(const char *, ...)
	    __attribute__((format(printf, 1, 2)));

/*
 * qsort(v, n, size, cmp), skipped when v is already in order, as rows
 * written in date or voucher order are: n - 1 comparisons instead of a
 * sort.  cmp must order totally (ties broken by position), so that
 * either way the result is the same.
 */
void	 sort_unless_ordered(void *v, size_t n, size_t size,
	    int (*cmp)(const void *, const void *));

/*
 * An arena: many small allocations that live and die together, carved
 * out of large blocks (a table's cells: a few allocations a table
 * instead of one a cell).  arena_new's result is freed, with all that
 * was allocated from it, by arena_free.
 */
struct arena;
struct arena	*arena_new(void);
void		 arena_free(struct arena *);
/* n zeroed bytes, aligned for any type. */
void		*arena_alloc(struct arena *, size_t n);
char		*arena_strndup(struct arena *, const char *, size_t);
char		*arena_strdup(struct arena *, const char *);

/*
 * Growable byte buffer; always NUL-terminated after any buf_ call.
 * The caller owns b->s and frees it with buf_free (or takes it).
 */
struct buf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};

void	 buf_add(struct buf *, const void *, size_t);
void	 buf_adds(struct buf *, const char *);
void	 buf_addc(struct buf *, int);
void	 buf_addf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_vaddf(struct buf *, const char *, va_list);
void	 buf_reset(struct buf *);
/* Add len bytes of s with control characters escaped, for a terminal. */
void	 buf_add_escaped(struct buf *, const char *s, size_t len);
void	 buf_free(struct buf *);

/*
 * "sunlight: <path>: <strerror(errno)>" on stderr; both report
 * functions escape control characters as buf_add_escaped does.
 */
/*
 * In a forked worker: end with SIGKILL when the parent does, so a killed
 * run leaves no worker writing into (and holding the lock of) its
 * staging folder.  parent is the pid read before the fork.
 */
void	 worker_follow_parent(pid_t parent);
const char	*sys_errstr(int);
void	 sys_warn(const char *path);
/*
 * The one fatal path (out of memory, a library that cannot start): the
 * message in the err(3) shape, then exit with EXIT_SYSTEM.
 */
void	 sys_fatal(const char *, ...)
	    __attribute__((noreturn, format(printf, 1, 2)));
/* "sunlight: <message>" on stderr. */
void	 sys_warnx(const char *, ...)
	    __attribute__((format(printf, 1, 2)));

/* p past any spaces and tabs. */
const char *skip_blanks(const char *p);
/* If *s starts with prefix, move *s past it and return 1; else 0. */
int	 skip_prefix(const char **s, const char *prefix);

/*
 * The option getopt_long last returned as c, as the clerk would type
 * it, in buf: "--name" when it was a long one (idx its entry in
 * longopts, else -1), "-x" for a short one.  For a refused option (c
 * '?' or ':') it is the option as typed: "-x" even inside a cluster
 * such as -xj2, where argv[optind - 1] is another word, the argument
 * itself for a long one ("--bogus", "--strict=1").
 */
const char *opt_name(char *buf, size_t len, char *const argv[],
	    const struct option *longopts, int idx, int c);
/*
 * Say that argv[0]'s option getopt_long returned as c (idx as for
 * opt_name) is refused: without its value when c is ':', else not an
 * option of the command.
 */
void	 opt_refused(char *const argv[], const struct option *longopts,
	    int idx, int c);
/*
 * Whether the folder path given on the command line is there: one that
 * is missing, or is a file, is a mistake in the command, a usage error
 * (the caller exits 2), said on stderr with what it should have been
 * (数据文件夹, …) and hint, what to give instead.  A folder that is
 * there but cannot be read is left to the stage that reads it.
 */
int	 folder_given(const char *path, const char *what, const char *hint);

/* Read a whole file; NULL and errno set on failure.  Caller frees. */
char	*file_read(const char *path, size_t *len);

/* UTF-8: decode one code point at *p (advancing it); -1 if invalid. */
long	 utf8_next(const char **p, const char *end);
/* Number of code points in a valid UTF-8 string. */
size_t	 utf8_len(const char *);

#endif
