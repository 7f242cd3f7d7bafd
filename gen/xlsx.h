/*
 * Reading .xlsx workbooks (Office Open XML, as Excel, WPS and
 * LibreOffice save them) into the same positioned records the CSV
 * reader produces, so everything downstream reads a sheet like a file.
 *
 * libzip opens the archive from memory; every part is streamed through
 * libxml2's xmlTextReader (no DTD, no entity substitution, no network),
 * with a cap on the bytes inflated from each part and from the whole
 * workbook against zip bombs.  A record's line is the sheet's row
 * number and its cells run densely from column A, so a cell's field
 * number is its column (diag prints it as a letter).
 *
 * Ownership: xlsx_open returns a workbook that borrows the bytes (keep
 * them alive until xlsx_free); records from xlsx_sheet belong to the
 * caller (table_records_free).
 */
#ifndef SUNLIGHT_XLSX_H
#define SUNLIGHT_XLSX_H

#include <stddef.h>

#include "diag.h"
#include "table.h"

/* Bytes inflated at most from one part, and from one workbook. */
#define XLSX_MAX_PART	(64u << 20)
#define XLSX_MAX_TOTAL	(256u << 20)
/* Comments and processing instructions in one part (see next()). */
#define XLSX_MAX_KEPT	10000
/* Columns a sheet may use (Excel's own limit is 16384). */
#define XLSX_MAX_COLS	256

struct xlsx;

/*
 * Open a workbook; NULL after one error finding at path that names the
 * cause and the fix (an .xls or WPS .et file, an encrypted workbook, a
 * damaged file).
 */
struct xlsx	*xlsx_open(const char *path, const void *bytes, size_t len,
		    struct diag *);
void		 xlsx_free(struct xlsx *);

size_t		 xlsx_nsheets(const struct xlsx *);
const char	*xlsx_sheet_name(const struct xlsx *, size_t);

/*
 * Read sheet i into records (rows without any value are left out; the
 * widest row sets the width of all).  Problems are findings at
 * where:row:col.  Returns the number of errors, or -1 when the sheet
 * could not be read at all (reported; no records).
 */
int		 xlsx_sheet(struct xlsx *, size_t i, const char *where,
		    struct csvrec **, size_t *, struct diag *);

/* Column letters of a 1-based column number: 6 -> "F". buf >= 8 bytes. */
char		*xlsx_colname(int col, char *buf);

#endif
