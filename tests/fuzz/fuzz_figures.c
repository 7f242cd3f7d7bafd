/*
 * libFuzzer target: figures_expand on an arbitrary summary body, with
 * the figures of the demo's first period (FUZZ_DATA, default "data").
 * A body without "{{" must come back unchanged, and the expansion must
 * not depend on whether findings are collected.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "figures.h"
#include "model.h"
#include "util.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct model	*model;
static struct figures	*figs;
static struct diag	 loaddiag;

static void
cleanup(void)
{
	figures_free(figs);
	model_free(model);
	diag_free(&loaddiag);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char	*dir = getenv("FUZZ_DATA");

	(void)argc;
	(void)argv;
	diag_init(&loaddiag);
	model = model_load(dir != NULL ? dir : "data", &loaddiag);
	if (model == NULL || model->nperiods == 0 ||
	    model->periods[0]->summary == NULL) {
		fputs("fuzz_figures: cannot load the demo data "
		    "(set FUZZ_DATA)\n", stderr);
		exit(1);
	}
	figs = figures_compute(model, model->periods[0]);
	atexit(cleanup);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mdfile	 md;
	struct diag	 d;
	char		*with, *without;

	memset(&md, 0, sizeof(md));
	md.src = model->periods[0]->summary->src;
	md.body = xstrndup((const char *)data, size);
	md.body_line = 7;
	diag_init(&d);
	with = figures_expand(figs, &md, &d);
	without = figures_expand(figs, &md, NULL);
	if (strcmp(with, without) != 0)
		abort();
	if (strstr(md.body, "{{") == NULL && strcmp(with, md.body) != 0)
		abort();
	free(with);
	free(without);
	free(md.body);
	diag_free(&d);
	return 0;
}
