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
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/tree.h>

#include "bag.h"
#include "output.h"
#include "figures.h"
#include "layout.h"
#include "render.h"
#include "site.h"
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

/*
 * The time the outputs are dated with: SOURCE_DATE_EPOCH when set (for
 * reproducible builds), else now.  -1 after a message if it is not a
 * number of seconds up to the year 9999.
 */
static long long
source_epoch(void)
{
	const char	*s = getenv("SOURCE_DATE_EPOCH");
	char		*end;
	long long	 v;

	if (s == NULL || *s == '\0')
		return (long long)time(NULL);
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || errno != 0 || v < 0 || v > 253402300799LL) {
		sys_warnx("SOURCE_DATE_EPOCH \"%s\" is not a number of "
		    "seconds since 1970", s);
		return -1;
	}
	return v;
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

/* Append a payload file to the bag list; the bytes are owned by the list. */
static void
bag_add(struct bag_file **v, size_t *n, char *name, void *buf, size_t len)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[*n].name = name;
	(*v)[*n].buf = buf;
	(*v)[*n].len = len;
	(*n)++;
}

/* Add stage/<dir>/<period>-*.pdf, in a fixed order, if present. */
static int
bag_add_pdfs(const struct run *r, const struct period *p, const char *dir,
    struct bag_file **v, size_t *n)
{
	static const char *const kinds[] = {
		"fee-notice", "summary", "audit", NULL
	};
	char	*path, *buf;
	size_t	 len;
	int	 i;

	for (i = 0; kinds[i] != NULL; i++) {
		path = xasprintf("%s/%s/%s-%s.pdf", r->stage, dir, p->name,
		    kinds[i]);
		if ((buf = file_read(path, &len)) != NULL)
			bag_add(v, n, xasprintf("pdf/%s-%s.pdf", p->name,
			    kinds[i]), buf, len);
		else if (errno != ENOENT) {
			sys_warn(path);
			free(path);
			return -1;
		}
		free(path);
	}
	return 0;
}

/*
 * out/archive/<period>/: a BagIt bag of the period's sources exactly as
 * read (and unit.md), its PDFs, and its private model document.
 */
static int
archive_period(const struct run *r, size_t i)
{
	const struct period	*p = r->m->periods[i];
	const struct source	*u = r->m->unit.md ? r->m->unit.md->src : NULL;
	struct model		 one = *r->m;
	struct bag_file		*v = NULL;
	xmlDocPtr		 doc;
	xmlChar			*xml;
	size_t			 n = 0, k;
	char			*dir;
	int			 len, rc;

	if (u != NULL)
		bag_add(&v, &n, xstrdup("sources/unit.md"),
		    xstrndup((const char *)u->bytes, u->len), u->len);
	for (k = 0; k < p->nsrc; k++)
		bag_add(&v, &n, xasprintf("sources/%s", p->src[k]->relpath),
		    xstrndup((const char *)p->src[k]->bytes, p->src[k]->len),
		    p->src[k]->len);
	rc = bag_add_pdfs(r, p, "pdf", &v, &n);
	if (rc == 0)
		rc = bag_add_pdfs(r, p, "private", &v, &n);
	one.periods = &r->m->periods[i];
	one.nperiods = 1;
	doc = tree_build(&one, &r->figs[i], r->d, TREE_PRIVATE, r->epoch);
	xml = model_xml(doc, &len);
	xmlFreeDoc(doc);
	bag_add(&v, &n, xstrdup("model.xml"),
	    xstrndup((const char *)xml, (size_t)len), (size_t)len);
	xmlFree(xml);
	dir = xasprintf("%s/archive/%s", r->stage, p->name);
	if (rc == 0)
		rc = bag_write(dir, v, n, r->m->unit.name, r->epoch);
	free(dir);
	for (k = 0; k < n; k++) {
		free((char *)v[k].name);
		free((void *)v[k].buf);
	}
	free(v);
	return rc;
}

static int
archive_all(const struct run *r)
{
	char	*dir = xasprintf("%s/archive", r->stage);
	size_t	 i;
	int	 rc = out_mkdirs(dir, 1);

	free(dir);
	for (i = 0; rc == 0 && i < r->m->nperiods; i++)
		rc = archive_period(r, i);
	return rc;
}

/*
 * The public PDFs of each period also go into its site folder
 * (site/<period>/fee-notice.pdf, summary.pdf), so the site can link
 * them and still be published on its own.
 */
static int
site_pdfs(const struct run *r)
{
	static const char *const kinds[] = { "fee-notice", "summary", NULL };
	const struct period	*p;
	char			*from, *to, *buf;
	size_t			 i, len;
	int			 k, rc = 0;

	for (i = 0; rc == 0 && i < r->m->nperiods; i++) {
		p = r->m->periods[i];
		for (k = 0; rc == 0 && kinds[k] != NULL; k++) {
			from = xasprintf("%s/pdf/%s-%s.pdf", r->stage, p->name,
			    kinds[k]);
			to = xasprintf("%s/site/%s/%s.pdf", r->stage, p->name,
			    kinds[k]);
			if ((buf = file_read(from, &len)) != NULL)
				rc = out_write(to, buf, len, 0);
			else if (errno != ENOENT) {
				sys_warn(from);
				rc = -1;
			}
			free(buf);
			free(from);
			free(to);
		}
	}
	return rc;
}

/* Every output, in order; stops at the first failure. */
static int
render_outputs(struct run *r)
{
	size_t	 first = r->d->n;

	if (write_model(r) != 0)
		return EXIT_SYSTEM;
	if (site_render(r->pub, r->tmpldir, r->stage, r->d) == EXIT_SYSTEM)
		return EXIT_SYSTEM;
	switch (layout_publish(r->tmpldir, r->m->datadir, r->pub, r->priv,
	    r->stage, r->epoch, r->d)) {
	case 0:
		break;
	case -1:
		return EXIT_DATA;
	default:
		return EXIT_SYSTEM;
	}
	if (site_pdfs(r) != 0)
		return EXIT_SYSTEM;
	if (diag_worst_from(r->d, first) == SEV_ERROR)
		return EXIT_DATA;
	if (archive_all(r) != 0)
		return EXIT_SYSTEM;
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
	if ((r.epoch = source_epoch()) < 0)
		return EXIT_USAGE;
	r.m = m;
	r.d = d;
	r.tmpldir = tmpldir;
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
