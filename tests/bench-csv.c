/*
 * The floor for `sunlight check` in tests/bench: libcsv's raw parse of
 * the given CSV files, in the same strict mode sunlight uses, reading
 * each whole file and counting records and fields, nothing else.
 *
 *	bench-csv FILE...
 *
 * Prints "RECORDS FIELDS"; exit 3 on a read or parse failure.
 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>

struct count {
	long	 records;
	long	 fields;
};

static void
on_field(void *s, size_t len, void *data)
{
	(void)s;
	(void)len;
	((struct count *)data)->fields++;
}

static void
on_record(int c, void *data)
{
	(void)c;
	((struct count *)data)->records++;
}

/* Parse one file in 64 KiB blocks; 0 on success. */
static int
parse_file(const char *path, struct count *n)
{
	struct csv_parser	 p;
	char			 buf[64 * 1024];
	size_t			 got;
	FILE			*f;
	int			 rc = 0;

	if ((f = fopen(path, "rb")) == NULL)
		return -1;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		fclose(f);
		return -1;
	}
	while ((got = fread(buf, 1, sizeof buf, f)) > 0)
		if (csv_parse(&p, buf, got, on_field, on_record, n) != got) {
			rc = -1;
			break;
		}
	if (rc == 0 && (ferror(f) || csv_fini(&p, on_field, on_record, n) != 0))
		rc = -1;
	csv_free(&p);
	fclose(f);
	return rc;
}

int
main(int argc, char *argv[])
{
	struct count	 n = { 0, 0 };
	int		 i;

	for (i = 1; i < argc; i++)
		if (parse_file(argv[i], &n) != 0) {
			fprintf(stderr, "bench-csv: %s: cannot parse\n", argv[i]);
			return 3;
		}
	printf("%ld %ld\n", n.records, n.fields);
	return 0;
}
