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

#include "auditbook.h"
#include "bag.h"
#include "output.h"
#include "figures.h"
#include "jobs.h"
#include "layout.h"
#include "render.h"
#include "site.h"
#include "tree.h"
#include "util.h"

/* Everything a renderer needs, built once. */
struct run {
	const struct model	*m;
	struct diag		*d;
	struct figures		*const *figs;
	xmlDocPtr		 pub;
	xmlDocPtr		 priv;
	const char		*tmpldir;
	const char		*stage;		/* staging folder */
	long long		 epoch;
	struct layout_set	*pdfs;		/* the PDF templates */
	struct diag		 pdfload;	/* findings of loading them */
	int			 pdfrc;		/* layout_set_load's result */
};

/* Worker processes for the independent outputs (render_workers). */
static int workers;

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

/*
 * Worker processes when render_workers was not called: SUNLIGHT_JOBS
 * when set (1 to 64), else the processors online.  -1 after a message
 * if it is not such a number.
 */
static int
env_workers(void)
{
	const char	*s = getenv("SUNLIGHT_JOBS");
	char		*end;
	long		 v;

	if (s == NULL || *s == '\0')
		return jobs_default();
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end != '\0' || errno != 0 || v < 1 || v > 64) {
		sys_warnx("SUNLIGHT_JOBS \"%s\" is not a number of worker "
		    "processes from 1 to 64", s);
		return -1;
	}
	return (int)v;
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

/* Add stage/private/<period>-audit.xlsx as xlsx/<period>-audit.xlsx. */
static int
bag_add_book(const struct run *r, const struct period *p,
    struct bag_file **v, size_t *n)
{
	char	*path, *buf;
	size_t	 len;
	int	 rc = 0;

	path = xasprintf("%s/private/%s-audit.xlsx", r->stage, p->name);
	if ((buf = file_read(path, &len)) != NULL)
		bag_add(v, n, xasprintf("xlsx/%s-audit.xlsx", p->name), buf,
		    len);
	else if (errno != ENOENT) {
		sys_warn(path);
		rc = -1;
	}
	free(path);
	return rc;
}

/*
 * out/archive/<period>/: a BagIt bag of the period's sources exactly as
 * read (and unit.md), its PDFs, its auditor's workbook and its private
 * model document.
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
	if (rc == 0)
		rc = bag_add_book(r, p, &v, &n);
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

/*
 * Job i of the archive: period i's bag; EXIT_SYSTEM on failure.  Its
 * model document lists the run's findings (r->d); the bag adds none.
 */
static int
archive_job(void *ctx, size_t i, struct diag *d)
{
	(void)d;
	return archive_period(ctx, i) != 0 ? EXIT_SYSTEM : 0;
}

/* Every period's bag, the periods in worker processes. */
static int
archive_all(const struct run *r)
{
	char	*dir = xasprintf("%s/archive", r->stage);
	int	 rc = out_mkdirs(dir, 1);

	free(dir);
	if (rc == 0 && jobs_run(r->m->nperiods, archive_job, (void *)r,
	    workers, r->d) != 0)
		rc = -1;
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

/* Append copies of the findings of from to d, periods kept. */
static void
diag_append(struct diag *d, const struct diag *from)
{
	const char	*saved = d->period;
	size_t		 i;

	for (i = 0; i < from->n; i++) {
		d->period = from->v[i].period;
		diag_add(d, from->v[i].sev, from->v[i].code, from->v[i].file,
		    from->v[i].line, from->v[i].col, "%s", from->v[i].msg);
	}
	d->period = saved;
}

/* private/<period>-audit.xlsx beside the period's audit pack. */
static int
write_book(const struct run *r, const char *period)
{
	char	*path;
	int	 rc;

	path = xasprintf("%s/private/%s-audit.xlsx", r->stage, period);
	rc = auditbook_write(r->priv, period, path, r->epoch);
	free(path);
	return rc;
}

/*
 * The outputs that need nothing but the two views, as jobs: 0 the
 * private model document, 1 the site, 2 the findings of loading the
 * PDF templates (so they come after the site's, as in a run without
 * workers), then each period's workbook and, if the templates loaded,
 * its PDFs.
 * Each writes its own files, so they may run in any order or at once.
 */
static int
output_job(void *ctx, size_t i, struct diag *d)
{
	struct run	*r = ctx;
	const char	*period;

	if (i == 0)
		return write_model(r) != 0 ? EXIT_SYSTEM : 0;
	if (i == 1)
		return site_render(r->pub, r->tmpldir, r->stage, d);
	if (i == 2) {
		diag_append(d, &r->pdfload);
		return r->pdfrc == -2 ? EXIT_SYSTEM : r->pdfrc == -1 ?
		    EXIT_DATA : 0;
	}
	period = r->m->periods[i - 3]->name;
	if (write_book(r, period) != 0)
		return EXIT_SYSTEM;
	if (r->pdfrc != 0)
		return 0;
	switch (layout_set_publish(r->pdfs, r->m->datadir, r->pub, r->priv,
	    r->stage, r->epoch, period, d)) {
	case 0:
		return 0;
	case -1:
		return EXIT_DATA;
	default:
		return EXIT_SYSTEM;
	}
}

/*
 * The PDF templates are loaded once, here; then the model document,
 * the site and each period's PDFs in worker processes.  0, EXIT_DATA
 * or EXIT_SYSTEM.
 */
static int
render_views(struct run *r)
{
	int	 rc;

	diag_init(&r->pdfload);
	r->pdfs = layout_set_load(r->tmpldir, &r->pdfload, &r->pdfrc);
	layout_set_model(r->pdfs, r->m);
	rc = jobs_run(r->m->nperiods + 3, output_job, r, workers, r->d);
	layout_set_free(r->pdfs);
	r->pdfs = NULL;
	diag_free(&r->pdfload);
	return rc >= EXIT_SYSTEM ? EXIT_SYSTEM : rc;
}

/*
 * Every output; stops at the first failure.  The two views are freed
 * before the archive, which builds each period's own document.
 */
static int
render_outputs(struct run *r)
{
	size_t	 first = r->d->n;
	int	 rc;

	rc = render_views(r);
	xmlFreeDoc(r->pub);
	xmlFreeDoc(r->priv);
	r->pub = r->priv = NULL;
	if (rc == EXIT_SYSTEM)
		return rc;
	if (site_pdfs(r) != 0)
		return EXIT_SYSTEM;
	if (rc != 0 || diag_worst_from(r->d, first) == SEV_ERROR)
		return EXIT_DATA;
	if (archive_all(r) != 0)
		return EXIT_SYSTEM;
	if (diag_worst_from(r->d, first) == SEV_ERROR)
		return EXIT_DATA;
	return 0;
}

void
render_workers(int n)
{
	workers = n;
}

int
render_all(const struct model *m, struct figures *const *figs,
    struct diag *d, const char *tmpldir, const char *outdir)
{
	struct run	 r;
	struct stage	*st;
	size_t		 i, first = d->n;
	int		 rc;

	memset(&r, 0, sizeof(r));
	if (workers == 0 && (workers = env_workers()) < 0) {
		workers = 0;
		return EXIT_USAGE;
	}
	if ((r.epoch = source_epoch()) < 0)
		return EXIT_USAGE;
	r.m = m;
	r.d = d;
	r.tmpldir = tmpldir;
	r.figs = figs;
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
	return rc;
}
