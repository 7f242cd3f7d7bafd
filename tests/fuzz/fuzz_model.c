/*
 * libFuzzer target: a whole data folder through model_load and
 * check_run.  The input is split at NUL bytes (which no valid text
 * file holds) into the files of one period, in the order of files[]
 * below; unit.md gets a valid default when the input has no part for
 * it.  Each run rewrites a scratch folder, so the loader reads real
 * files exactly as the command does.  With FUZZ_SKIP_KNOWN set in
 * the environment, inputs that reach a known defect are skipped (a
 * summary.md with a start key but no end key: period_summary then
 * dereferences a missing "end" when the start is after the default end).
 */
#include <sys/stat.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "diag.h"
#include "model.h"
#include "util.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const files[] = {
	"ledger.csv", "summary.md", "unit.md", "budget.csv", "fees.csv",
	"purchases.csv", "samples.csv", "disinfection.csv", "repairs.csv",
	"complaints.csv", "subsidies.csv", NULL
};

static const char default_unit[] =
    "---\nname: 测试幼儿园\nhotline: 0736-7521368\n"
    "subsidy_standard.建档立卡: 1000.00\n---\n简介。\n";

static char	 root[64];	/* scratch: root/data/2023-autumn */
static char	*datadir;

static void
cleanup(void)
{
	char	*p;
	int	 i;

	for (i = 0; files[i] != NULL; i++) {
		p = i == 2 ? xasprintf("%s/unit.md", datadir) :
		    xasprintf("%s/2023-autumn/%s", datadir, files[i]);
		unlink(p);
		free(p);
	}
	p = xasprintf("%s/2023-autumn", datadir);
	rmdir(p);
	free(p);
	rmdir(datadir);
	rmdir(root);
	free(datadir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char	*p;

	(void)argc;
	(void)argv;
	snprintf(root, sizeof(root), "/tmp/sunlight-fuzz-XXXXXX");
	if (mkdtemp(root) == NULL) {
		perror("mkdtemp");
		exit(1);
	}
	datadir = xasprintf("%s/data", root);
	p = xasprintf("%s/2023-autumn", datadir);
	if (mkdir(datadir, 0755) != 0 || mkdir(p, 0755) != 0) {
		perror(p);
		exit(1);
	}
	free(p);
	atexit(cleanup);
	return 0;
}

static void
put(const char *name, const void *s, size_t n)
{
	FILE	*fp;
	char	*p;

	p = strcmp(name, "unit.md") == 0 ? xasprintf("%s/unit.md", datadir) :
	    xasprintf("%s/2023-autumn/%s", datadir, name);
	if ((fp = fopen(p, "w")) == NULL || fwrite(s, 1, n, fp) != n ||
	    fclose(fp) != 0) {
		perror(p);
		exit(1);
	}
	free(p);
}

/* Does [s, e) contain the string w? */
static int
contains(const uint8_t *s, const uint8_t *e, const char *w)
{
	size_t	 n = strlen(w);

	for (; (size_t)(e - s) >= n; s++)
		if (memcmp(s, w, n) == 0)
			return 1;
	return 0;
}

/* Does the summary part (the second) reach the known defect? */
static int
known(const uint8_t *data, size_t size)
{
	const uint8_t	*s, *e;

	if (getenv("FUZZ_SKIP_KNOWN") == NULL ||
	    (s = memchr(data, '\0', size)) == NULL)
		return 0;
	s++;
	if ((e = memchr(s, '\0', (size_t)(data + size - s))) == NULL)
		e = data + size;
	return contains(s, e, "start") && !contains(s, e, "end") &&
	    !contains(s, e, "结束");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t	*p = data, *e = data + size, *nul;
	struct model	*m;
	struct diag	 d;
	char		*path;
	int		 i;

	if (known(data, size))
		return 0;
	for (i = 0; files[i] != NULL; i++) {
		path = i == 2 ? xasprintf("%s/unit.md", datadir) :
		    xasprintf("%s/2023-autumn/%s", datadir, files[i]);
		unlink(path);
		free(path);
	}
	for (i = 0; files[i] != NULL && p <= e; i++) {
		nul = memchr(p, '\0', (size_t)(e - p));
		if (nul == NULL)
			nul = e;
		put(files[i], p, (size_t)(nul - p));
		p = nul + 1;
	}
	if (i <= 2)
		put("unit.md", default_unit, sizeof(default_unit) - 1);
	diag_init(&d);
	if ((m = model_load(datadir, &d)) != NULL) {
		check_run(m, NULL, &d);
		model_free(m);
	}
	diag_free(&d);
	return 0;
}
