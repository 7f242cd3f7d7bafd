/*
 * The rendering stage: figures, the two views of the model document,
 * then each output into a staging folder that replaces out/ at the end.
 *
 *	out/site/	public: the static site (public view)
 *	out/pdf/	public: fee notices and summaries (public view)
 *	out/private/	NOT for publication: audit packs, the private
 *			model document
 *	out/archive/	NOT for publication: BagIt bags per period
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "archive.h"
#include "figures.h"
#include "render.h"
#include "tree.h"
#include "util.h"

/* Everything a renderer needs, built once. */
struct run {
	const struct model	*m;
	struct diag		*d;
	struct figures		**figs;
	xmlDocPtr		 pub;
	xmlDocPtr		 priv;
	const char		*tmpldir;
	const char		*stage;		/* staging folder */
	long long		 epoch;
};

/* SOURCE_DATE_EPOCH when set and valid, else 0 (1970-01-01). */
static long long
source_epoch(void)
{
	const char	*s = getenv("SOURCE_DATE_EPOCH");
	char		*end;
	long long	 v;

	if (s == NULL || *s == '\0')
		return 0;
	v = strtoll(s, &end, 10);
	return *end == '\0' && v >= 0 ? v : 0;
}

/* The private model document, as XML bytes; caller frees with xmlFree. */
static xmlChar *
model_xml(xmlDocPtr doc, int *len)
{
	xmlChar	*mem;

	xmlDocDumpFormatMemoryEnc(doc, &mem, len, "UTF-8", 1);
	return mem;
}

static int
write_model(const struct run *r)
{
	xmlChar	*mem;
	char	*path;
	int	 len, rc;

	mem = model_xml(r->priv, &len);
	path = xasprintf("%s/private/model.xml", r->stage);
	rc = out_write(path, mem, (size_t)len, 1);
	free(path);
	xmlFree(mem);
	return rc;
}

/* Every output, in order; stops at the first failure. */
static int
render_outputs(struct run *r)
{
	size_t	 first = r->d->n;

	if (write_model(r) != 0)
		return EXIT_SYSTEM;
	/* RENDER: site */
	/* RENDER: pdf */
	/* RENDER: archive */
	if (diag_worst_from(r->d, first) == SEV_ERROR)
		return EXIT_DATA;
	return 0;
}

int
render_all(const struct model *m, struct diag *d, const char *tmpldir,
    const char *outdir)
{
	struct run	 r;
	struct stage	*st;
	size_t		 i, first = d->n;
	int		 rc;

	memset(&r, 0, sizeof(r));
	r.m = m;
	r.d = d;
	r.tmpldir = tmpldir;
	r.epoch = source_epoch();
	r.figs = xcalloc(m->nperiods, sizeof(*r.figs));
	for (i = 0; i < m->nperiods; i++)
		r.figs[i] = figures_compute(m, m->periods[i]);
	r.pub = tree_build(m, r.figs, d, TREE_PUBLIC, r.epoch);
	r.priv = tree_build(m, r.figs, d, TREE_PRIVATE, r.epoch);
	if ((st = stage_open(outdir)) == NULL)
		rc = EXIT_SYSTEM;
	else {
		r.stage = stage_path(st);
		rc = render_outputs(&r);
		if (rc == 0 && stage_commit(st) != 0)
			rc = EXIT_SYSTEM;
		stage_free(st);
	}
	for (i = first; i < d->n; i++) {
		diag_print1(&d->v[i], stderr);
		fputc('\n', stderr);
	}
	xmlFreeDoc(r.pub);
	xmlFreeDoc(r.priv);
	for (i = 0; i < m->nperiods; i++)
		figures_free(r.figs[i]);
	free(r.figs);
	return rc;
}
