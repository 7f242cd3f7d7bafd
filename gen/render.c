/*
 * The rendering stage: the private model document, the public view
 * derived from it (policy.h), then each output from the view the
 * publish table gives it, into a staging folder that replaces out/ at
 * the end.
 *
 *	out/site/	public: the static site (public view)
 *	out/pdf/	public: fee notices and summaries (public view)
 *	out/private/	NOT for publication: audit packs, the auditor's
 *			workbooks, the private model document
 *	out/archive/	NOT for publication: BagIt bags per period
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "auditbook.h"
#include "bag.h"
#include "date.h"
#include "output.h"
#include "figures.h"
#include "jobs.h"
#include "layout.h"
#include "policy.h"
#include "render.h"
#include "site.h"
#include "tree.h"
#include "util.h"

/* Everything a renderer needs, built once. */
struct run {
	const struct model	*m;
	struct diag		*d;
	struct figures		*const *figs;
	struct layout_views	 v;		/* the views and the line map */
	struct policy_lines	*lines;		/* the map, owned here */
	const char		*tmpldir;
	const char		*stage;		/* staging folder */
	long long		 epoch;
	struct layout_set	*pdfs;		/* the PDF templates */
	struct diag		 pdfload;	/* findings of loading them */
	int			 pdfrc;		/* layout_set_load's result */
};

/* Worker processes for the independent outputs (render_workers). */
static int workers;
/* The date of the outputs (render_env). */
static long long epoch;

/*
 * The document the publish table gives output o; NULL while that view
 * is not held (render_views holds one view at a time).
 */
static xmlDocPtr
view_of(const struct run *r, const struct publish *o)
{
	return o->view == POLICY_PUBLIC ? r->v.pub : r->v.priv;
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
		sys_warnx("SUNLIGHT_JOBS \"%s\" 应是 1 到 64 之间的进程数", s);
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
	const struct publish *o = policy_output(OUT_MODEL, NULL);
	xmlChar	*mem;
	char	*path;
	int	 len, rc;

	mem = model_xml(view_of(r, o), &len);
	path = xasprintf("%s/%s/model.xml", r->stage, o->dir);
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

/*
 * Add stage/<dir>/<period>-<name>.pdf of every PDF of the publish
 * table that goes into the bag, in the table's order, if present.
 */
static int
bag_add_pdfs(const struct run *r, const struct period *p,
    struct bag_file **v, size_t *n)
{
	const struct publish *o;
	char	*path, *buf;
	size_t	 len;

	for (o = policy_outputs; o->dir != NULL; o++) {
		if (o->kind != OUT_PDF || !o->bag || o->name == NULL)
			continue;
		path = xasprintf("%s/%s/%s-%s.pdf", r->stage, o->dir, p->name,
		    o->name);
		if ((buf = file_read(path, &len)) != NULL)
			bag_add(v, n, xasprintf("pdf/%s-%s.pdf", p->name,
			    o->name), buf, len);
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
	const struct publish *o = policy_output(OUT_BOOK, NULL);
	char	*path, *buf;
	size_t	 len;
	int	 rc = 0;

	if (!o->bag)
		return 0;
	path = xasprintf("%s/%s/%s-audit.xlsx", r->stage, o->dir, p->name);
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
 * The document of model m (one period of the run) in the view the
 * publish table gives output o, findings of the run included.
 */
static xmlDocPtr
period_view(const struct run *r, const struct model *m,
    struct figures *const *figs, const struct publish *o)
{
	xmlDocPtr	 priv = tree_build(m, figs, r->d, r->epoch), pub;

	if (o->view == POLICY_PRIVATE)
		return priv;
	pub = policy_public(priv, &m->unit, NULL);
	xmlFreeDoc(priv);
	return pub;
}

/*
 * out/archive/<period>/: a BagIt bag of the period's sources exactly as
 * read (and unit.md), then what the publish table puts into it: its
 * PDFs, its auditor's workbook and its own model document.
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
	rc = bag_add_pdfs(r, p, &v, &n);
	if (rc == 0)
		rc = bag_add_book(r, p, &v, &n);
	if (policy_output(OUT_MODEL, NULL)->bag) {
		one.periods = &r->m->periods[i];
		one.nperiods = 1;
		doc = period_view(r, &one, &r->figs[i],
		    policy_output(OUT_MODEL, NULL));
		xml = model_xml(doc, &len);
		xmlFreeDoc(doc);
		bag_add(&v, &n, xstrdup("model.xml"),
		    xstrndup((const char *)xml, (size_t)len), (size_t)len);
		xmlFree(xml);
	}
	dir = xasprintf("%s/%s/%s", r->stage,
	    policy_output(OUT_ARCHIVE, NULL)->dir, p->name);
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
 * Job i of the archive: period i's bag (a failure is a system error).
 * Its model document lists the run's findings (r->d); the bag adds none.
 */
static int
archive_job(void *ctx, size_t i, struct diag *d)
{
	return archive_period(ctx, i) != 0 ? diag_system(d) : 0;
}

/* Every period's bag, the periods in worker processes. */
static int
archive_all(const struct run *r)
{
	char	*dir = xasprintf("%s/%s", r->stage,
	    policy_output(OUT_ARCHIVE, NULL)->dir);
	int	 rc = out_mkdirs(dir, 1);

	free(dir);
	if (rc != 0)
		return diag_system(r->d);
	return jobs_run(r->m->nperiods, archive_job, (void *)r, workers,
	    r->d);
}

/*
 * The PDFs the publish table copies into the site go into each
 * period's site folder (site/<period>/fee-notice.pdf, summary.pdf),
 * so the site can link them and still be published on its own.
 */
static int
site_pdfs(const struct run *r)
{
	const char		*site = policy_output(OUT_SITE, NULL)->dir;
	const struct publish	*o;
	const struct period	*p;
	char			*from, *to, *buf;
	size_t			 i, len;
	int			 rc = 0;

	for (i = 0; rc == 0 && i < r->m->nperiods; i++) {
		p = r->m->periods[i];
		for (o = policy_outputs; rc == 0 && o->dir != NULL; o++) {
			if (o->kind != OUT_PDF || !o->site || o->name == NULL)
				continue;
			from = xasprintf("%s/%s/%s-%s.pdf", r->stage, o->dir,
			    p->name, o->name);
			to = xasprintf("%s/%s/%s/%s.pdf", r->stage, site,
			    p->name, o->name);
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

/* Free the views and the line map; NULL after. */
static void
views_free(struct run *r)
{
	xmlFreeDoc(r->v.pub);
	xmlFreeDoc(r->v.priv);
	policy_lines_free(r->lines);
	memset(&r->v, 0, sizeof(r->v));
	r->lines = NULL;
}

/* Append copies of the findings [a, b) of from to d, periods and causes kept. */
static void
diag_copy(struct diag *d, const struct diag *from, size_t a, size_t b)
{
	const char	*saved = d->period;
	size_t		 i;

	for (i = a; i < b; i++) {
		d->period = from->v[i].period;
		diag_add(d, from->v[i].sev, from->v[i].code, from->v[i].file,
		    from->v[i].line, from->v[i].col, "%s", from->v[i].msg);
		if (from->v[i].cause != NULL)
			diag_cause(d, from->v[i].cause);
	}
	d->period = saved;
}

/* Append copies of the findings of from to d, and count its system errors. */
static void
diag_append(struct diag *d, const struct diag *from)
{
	diag_copy(d, from, 0, from->n);
	d->system += from->system;
}

/* private/<period>-audit.xlsx beside the period's audit pack. */
static int
write_book(const struct run *r, const char *period)
{
	const struct publish *o = policy_output(OUT_BOOK, NULL);
	char	*path;
	int	 rc;

	path = xasprintf("%s/%s/%s-audit.xlsx", r->stage, o->dir, period);
	rc = auditbook_write(view_of(r, o), period, path, r->epoch);
	free(path);
	return rc;
}

/*
 * The outputs that need nothing but the views, as jobs: 0 the private
 * model document, 1 the site, 2 the findings of loading the PDF
 * templates (so they come after the site's, as in a run without
 * workers), then each period's workbook and, if the templates loaded,
 * its PDFs.  Each job is run twice, once while the private view is
 * held and once while the public one is, and does the part of its
 * outputs whose view is there (view_of).
 * Each writes its own files, so they may run in any order or at once.
 */
static int
output_job(void *ctx, size_t i, struct diag *d)
{
	struct run	*r = ctx;
	const char	*period;

	if (i == 0)
		return view_of(r, policy_output(OUT_MODEL, NULL)) == NULL ||
		    write_model(r) == 0 ? 0 : diag_system(d);
	if (i == 1)
		return view_of(r, policy_output(OUT_SITE, NULL)) == NULL ? 0 :
		    site_render(view_of(r, policy_output(OUT_SITE, NULL)),
		    r->tmpldir, r->stage, d);
	if (i == 2) {
		if (r->v.priv == NULL)
			return 0;
		diag_append(d, &r->pdfload);
		return r->pdfrc;
	}
	period = r->m->periods[i - 3]->name;
	if (view_of(r, policy_output(OUT_BOOK, NULL)) != NULL &&
	    write_book(r, period) != 0)
		return diag_system(d);
	if (r->pdfrc != 0)
		return 0;
	return layout_set_publish(r->pdfs, r->m->datadir, &r->v, r->stage,
	    r->epoch, period, d);
}

/*
 * Every job's findings back into r->d in job order, each job's
 * private part before its public part, as one round would have them.
 */
static void
merge_rounds(struct run *r, const struct diag *a, const size_t *aend,
    const struct diag *b, const size_t *bend, size_t n)
{
	size_t	 j;

	for (j = 0; j < n; j++) {
		diag_copy(r->d, a, j > 0 ? aend[j - 1] : 0, aend[j]);
		diag_copy(r->d, b, j > 0 ? bend[j - 1] : 0, bend[j]);
	}
	r->d->system += a->system + b->system;
}

int
render_templates_check(const char *tmpldir, struct diag *d)
{
	struct layout_set *set;
	int		 rc = site_templates_check(tmpldir, d), prc;

	set = layout_set_load(tmpldir, d, &prc);
	layout_set_free(set);
	return rc != 0 || prc != 0 ? -1 : 0;
}

/*
 * The PDF templates are loaded once, here; then the model document,
 * the site and each period's PDFs in worker processes: first the
 * outputs of the private view, then, with the private view turned into
 * the public one (policy_public_take), the outputs of the public view.
 * So the two views are never held whole at once.  0 or -1.
 */
static int
render_views(struct run *r)
{
	size_t		 n = r->m->nperiods + 3;
	size_t		*aend = xcalloc(n, sizeof(*aend));
	size_t		*bend = xcalloc(n, sizeof(*bend));
	struct diag	 a, b;
	int		 rc;

	diag_init(&r->pdfload);
	diag_init(&a);
	diag_init(&b);
	r->pdfs = layout_set_load(r->tmpldir, &r->pdfload, &r->pdfrc);
	layout_set_model(r->pdfs, r->m);
	rc = jobs_run_ends(n, output_job, r, workers, &a, aend);
	r->v.pub = policy_public_take(r->v.priv, &r->m->unit, &r->lines);
	r->v.priv = NULL;
	r->v.lines = r->lines;
	if (jobs_run_ends(n, output_job, r, workers, &b, bend) != 0)
		rc = -1;
	merge_rounds(r, &a, aend, &b, bend, n);
	layout_set_free(r->pdfs);
	r->pdfs = NULL;
	diag_free(&r->pdfload);
	diag_free(&a);
	diag_free(&b);
	free(aend);
	free(bend);
	return rc;
}

/*
 * Every output; stops at the first failure (after a system error, the
 * site's PDFs are not copied either).  The two views are freed before
 * the archive, which builds each period's own document.  0 or -1.
 */
static int
render_outputs(struct run *r)
{
	size_t	 first = r->d->n, sys = r->d->system;
	int	 rc;

	rc = render_views(r);
	views_free(r);
	if (r->d->system > sys)
		return -1;
	if (site_pdfs(r) != 0)
		return diag_system(r->d);
	if (rc != 0 || diag_worst_from(r->d, first) == SEV_ERROR)
		return -1;
	if (archive_all(r) != 0 ||
	    diag_worst_from(r->d, first) == SEV_ERROR)
		return -1;
	return 0;
}

void
render_workers(int n)
{
	workers = n;
}

int
render_env(void)
{
	static int	 done, rc;

	if (done++)
		return rc;
	if (workers == 0 && (workers = env_workers()) < 0) {
		workers = 0;
		rc = -1;
	} else if ((epoch = date_source_epoch()) < 0)
		rc = -1;
	return rc;
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
	if (render_env() != 0)
		return diag_system(d);
	r.epoch = epoch;
	r.m = m;
	r.d = d;
	r.tmpldir = tmpldir;
	r.figs = figs;
	r.v.priv = tree_build(m, r.figs, d, r.epoch);
	if ((st = stage_open(outdir)) == NULL)
		rc = diag_system(d);
	else {
		r.stage = stage_path(st);
		rc = render_outputs(&r);
		if (rc == 0 && stage_commit(st) != 0)
			rc = diag_system(d);
		stage_free(st);
	}
	for (i = first; i < d->n; i++) {
		diag_print1(&d->v[i], stderr);
		fputc('\n', stderr);
	}
	views_free(&r);
	return rc;
}
