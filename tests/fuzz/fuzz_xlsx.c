/*
 * libFuzzer target: bytes of a workbook through xlsx_open and
 * xlsx_sheet.  Besides memory errors and leaks it asserts what the
 * model relies on: a refused workbook or sheet has an error finding;
 * records come in increasing row order within Excel's limits, all as
 * wide as the first, with every cell a string.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "table.h"
#include "util.h"
#include "xlsx.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_records(const struct csvrec *recs, size_t n)
{
	size_t	 i;
	int	 j;

	for (i = 0; i < n; i++) {
		if (recs[i].line < 1 || recs[i].line > 1048576 ||
		    recs[i].n < 1 || recs[i].n > XLSX_MAX_COLS ||
		    recs[i].n != recs[0].n)
			abort();
		if (i > 0 && recs[i].line <= recs[i - 1].line)
			abort();
		for (j = 0; j < recs[i].n; j++)
			if (recs[i].cells[j].s == NULL)
				abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag	 d;
	struct xlsx	*x;
	struct csvrec	*recs;
	size_t		 i, nrecs;

	diag_init(&d);
	if ((x = xlsx_open("fuzz.xlsx", data, size, &d)) == NULL) {
		if (diag_count(&d, SEV_ERROR) == 0)
			abort();	/* a refusal must say why */
		diag_free(&d);
		return 0;
	}
	for (i = 0; i < xlsx_nsheets(x); i++) {
		if (xlsx_sheet(x, i, "fuzz.xlsx[sheet]", &recs, &nrecs, &d) < 0 &&
		    diag_count(&d, SEV_ERROR) == 0)
			abort();
		check_records(recs, nrecs);
		table_records_free(recs, nrecs);
	}
	xlsx_free(x);
	diag_free(&d);
	return 0;
}
