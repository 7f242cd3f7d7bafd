/*
 * Reading text sources: encoding detection and conversion to UTF-8,
 * then CSV records with the position of every cell.  libcsv does the
 * parsing (strict mode); positions are tracked here, since libcsv
 * reports none.
 */
#ifndef SUNLIGHT_TABLE_H
#define SUNLIGHT_TABLE_H

#include <stddef.h>

#include "diag.h"
#include "model.h"

/* Cell flags. */
#define CELL_NUMBER	0x01	/* a workbook's number cell, shown as Excel shows it */
#define CELL_REPORTED	0x02	/* already reported (an Excel error value): not typed */
#define CELL_PLAIN	0x04	/* no white space at either end: nothing to trim */

struct csvcell {
	char	*s;	/* UTF-8, NUL-terminated; trimmed of spaces by libcsv if unquoted */
	int	 line;	/* line where the field starts */
	unsigned flags;	/* CELL_* */
};

struct csvrec {
	int		 line;
	struct csvcell	*cells;
	int		 n;
};

/*
 * Decode src->bytes to UTF-8 (NUL-terminated, *len without the NUL),
 * setting src->encoding.  UTF-8 (with or without BOM, the BOM removed)
 * and GB18030 (a superset of GBK and GB2312) are accepted; anything
 * else, or text with control bytes, is an error finding at the first
 * bad byte, and NULL is returned.  The caller frees the result.
 */
char	*table_decode(struct source *src, size_t *len, struct diag *);
/*
 * The same text without a copy when the bytes are UTF-8 already: then
 * it points into src->bytes (not NUL-terminated, *len bytes) and *own
 * is NULL; else *own is the converted text, which the caller frees.
 * A CSV file is parsed straight from the bytes as read.
 */
const char *table_text(struct source *src, size_t *len, char **own,
	    struct diag *);

/*
 * Documented limits (README): a cell holds a sentence or two, a line a
 * record.  Past them the input is an error at its place, never a build
 * that exhausts memory or typesets thousands of pages.
 */
#define TABLE_CELL_MAX	65536		/* bytes in one cell */
#define TABLE_LINE_MAX	(1 << 20)	/* bytes in one line of a CSV file */

/*
 * Split UTF-8 CSV text into records.  A cell over TABLE_CELL_MAX is
 * reported and kept cut to the limit; a line over TABLE_LINE_MAX is
 * reported and its record dropped.  Every syntax error is reported
 * (the parser resynchronises at the next line); records are returned
 * in *recs (caller frees with table_records_free).  Returns the number of
 * errors.
 */
int	 table_records(const char *path, const char *text, size_t len,
	    struct arena *, struct csvrec **recs, size_t *nrecs,
	    struct diag *);
/*
 * Free records; their cells and text too, unless the text is in an
 * arena (in_arena: table_records' records, whose cells are one block;
 * a workbook's are not).
 */
void	 table_records_free(struct csvrec *, size_t, int in_arena);

/*
 * Habits of spreadsheet exports, read as the user meant.  Each helper
 * takes one cell's text; those that may rewrite it take the string by
 * reference, replace it with one allocated in an arena, and return a
 * short Chinese note of what was changed (NULL when nothing was).
 */

/* s without the white space around it (U+3000, NBSP, U+200B, ...). Caller frees. */
char		*table_trim(const char *s);
/* Trim *sp in place and take it (*sp becomes NULL): no copy, whoever owns it. */
char		*table_trim_take(char **sp);
/* The end of s without the white space at its end. */
const char	*table_trim_end(const char *s);
/* s without any white space at all, for matching headers. Caller frees. */
char		*table_squeeze(const char *s);
/* Full-width ASCII (０-９, ．, －, （）) to ASCII, in place; 1 if any. */
int		 table_halfwidth(char *s);
/* Is the cell an Excel error value (#VALUE!, #REF!, #DIV/0!, #N/A, ...)? */
int		 table_excel_error(const char *s);
/* Is the cell a number in scientific display (4.30791E+17)? */
int		 table_scientific(const char *s);
/*
 * "-", "—" for nothing (made empty); "(120.00)" for -120.00.  The new
 * text is allocated in a; the old one is left as it was.
 */
const char	*table_money_habit(char **s, struct arena *a);
/*
 * Excel serial numbers (45170), 20230901, "2023-09-01 0:00", "9月1日"
 * (the year that falls in [start, end], day numbers).  An ambiguous
 * 9/1/2023 sets *err (English reason, as date_parse gives) instead.
 */
const char	*table_date_habit(char **s, struct arena *a, int start, int end,
		    const char **err);

#endif
