/*
 * The district pages, open data and findings report.  See dpages.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "output.h"
#include "dcsv.h"
#include "ddoc.h"
#include "dpages.h"
#include "layout.h"
#include "tmpl.h"
#include "util.h"
#include "xpfn.h"

#define X(s)	((const xmlChar *)(s))

/* A page per district period, when the period has what it needs. */
enum need { NEED_NONE, NEED_FEES, NEED_ATTENDANCE };

struct dpage {
	const char	*tmpl;
	const char	*prefix;	/* file: <prefix><period>.html */
	enum need	 need;
};

static const struct dpage period_pages[] = {
	{ "fees.html", "fees-", NEED_FEES },
	{ "finance.html", "finance-", NEED_NONE },
	{ "canteen.html", "canteen-", NEED_ATTENDANCE },
};
#define NPAGES	(sizeof(period_pages) / sizeof(period_pages[0]))

static const char *const page_vars[] = { "base", "page", "period", NULL };

struct dpages {
	const struct district	*dt;
	char			*tdir;		/* <tmpldir>/district */
	struct tmpl_set		*set;
	struct tmpl		*index;
	struct tmpl		*page[NPAGES];
	struct layout		*findings;
};

struct dpages *
dpages_new(const struct district *dt, const char *tmpldir, struct diag *d)
{
	struct dpages	*pg = xcalloc(1, sizeof(*pg));
	char		*path;
	size_t		 i;
	int		 bad = 0;

	pg->dt = dt;
	pg->tdir = xasprintf("%s/district", tmpldir);
	pg->set = tmpl_set_new(pg->tdir, page_vars);
	bad |= (pg->index = tmpl_load(pg->set, "index.html", d)) == NULL;
	for (i = 0; i < NPAGES; i++)
		bad |= (pg->page[i] = tmpl_load(pg->set, period_pages[i].tmpl,
		    d)) == NULL;
	path = xasprintf("%s/findings.xml", pg->tdir);
	bad |= (pg->findings = layout_load(path, d)) == NULL;
	free(path);
	if (bad) {
		dpages_free(pg);
		return NULL;
	}
	return pg;
}

void
dpages_free(struct dpages *pg)
{
	if (pg == NULL)
		return;
	tmpl_set_free(pg->set);
	layout_free(pg->findings);
	free(pg->tdir);
	free(pg);
}

/* Render t at context into path; 0, or -1 with why in d. */
static int
page_write(struct tmpl *t, xmlDocPtr doc, xmlNodePtr context,
    const char *page, const char *period, const char *path, struct diag *d)
{
	struct buf	 b = { NULL, 0, 0 };
	struct xpfn_var	 vars[3] = {
		{ "base", "", NULL, NULL, 0 }, { "page", page, NULL, NULL, 0 },
		{ "period", period, NULL, NULL, 0 }
	};
	int		 rc = 0;

	if (tmpl_render(t, doc, context, vars, 3, &b, d) != 0)
		rc = -1;
	else if (out_write(path, b.s ? b.s : "", b.len, 0) != 0)
		rc = diag_system(d);
	buf_free(&b);
	return rc;
}

/* Element child of n named name, or NULL. */
static xmlNodePtr
kid(xmlNodePtr n, const char *name)
{
	for (n = n ? n->children : NULL; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, X(name)))
			return n;
	return NULL;
}

/* Does some unit's period named name have the page's table? */
static int
page_wanted(xmlNodePtr root, const char *name, enum need need)
{
	xmlNodePtr	 u, p;
	xmlChar		*v;
	int		 same;

	if (need == NEED_NONE)
		return 1;
	for (u = root->children; u != NULL; u = u->next)
		for (p = u->children; u->type == XML_ELEMENT_NODE &&
		    xmlStrEqual(u->name, X("unit")) && p != NULL; p = p->next) {
			if (p->type != XML_ELEMENT_NODE ||
			    !xmlStrEqual(p->name, X("period")))
				continue;
			v = xmlGetProp(p, X("name"));
			same = v != NULL && strcmp((const char *)v, name) == 0;
			xmlFree(v);
			if (same && kid(p, need == NEED_FEES ? "fees" :
			    "attendance") != NULL)
				return 1;
		}
	return 0;
}

/* The pages of one district period; 0, or -1 with why in d. */
static int
period_write(struct dpages *pg, xmlDocPtr pub, xmlNodePtr pe,
    const char *stage, struct diag *d)
{
	xmlChar	*name = xmlGetProp(pe, X("name"));
	char	*file, *path;
	size_t	 i;
	int	 rc = 0;

	for (i = 0; name != NULL && i < NPAGES; i++) {
		if (!page_wanted(xmlDocGetRootElement(pub),
		    (const char *)name, period_pages[i].need))
			continue;
		file = xasprintf("%s%s.html", period_pages[i].prefix,
		    (const char *)name);
		path = xasprintf("%s/site/%s", stage, file);
		if (page_write(pg->page[i], pub, pe, file, (const char *)name,
		    path, d) != 0)
			rc = -1;
		free(file);
		free(path);
	}
	xmlFree(name);
	return rc;
}

/*
 * index.html and every period's pages; 0, or -1 with why in d.  A
 * template error leaves the other pages to be tried (all their
 * findings at once); a system error stops.
 */
static int
pages_write(struct dpages *pg, xmlDocPtr pub, const char *stage,
    struct diag *d)
{
	xmlNodePtr	 n;
	char		*path = xasprintf("%s/site/index.html", stage);
	size_t		 sys = d->system;
	int		 rc;

	rc = page_write(pg->index, pub, NULL, "index.html", "", path, d);
	free(path);
	for (n = xmlDocGetRootElement(pub)->children; n != NULL; n = n->next)
		if (d->system == sys && n->type == XML_ELEMENT_NODE &&
		    xmlStrEqual(n->name, X("period")) &&
		    period_write(pg, pub, n, stage, d) != 0)
			rc = -1;
	return rc;
}

/*
 * site/district.css: the site's own stylesheet (templates/site/assets/
 * site.css, so district and unit pages look alike and the rules live in
 * one file) followed by the district's additions (templates/district/
 * district.css).
 */
static int
css_write(const struct dpages *pg, const char *stage, struct diag *d)
{
	const char	*parts[] = { "site/assets/site.css", "district/district.css" };
	struct buf	 css = { NULL, 0, 0 };
	char		*from, *to, *buf;
	size_t		 i, len;
	int		 rc = 0;

	for (i = 0; rc == 0 && i < sizeof(parts) / sizeof(parts[0]); i++) {
		from = xasprintf("%s/../%s", pg->tdir, parts[i]);
		if ((buf = file_read(from, &len)) == NULL) {
			sys_warn(from);
			rc = diag_system(d);
		} else {
			buf_add(&css, buf, len);
			buf_adds(&css, "\n");
		}
		free(buf);
		free(from);
	}
	to = xasprintf("%s/site/district.css", stage);
	if (rc == 0 && out_write(to, css.s, css.len, 0) != 0)
		rc = diag_system(d);
	buf_free(&css);
	free(to);
	return rc;
}

/* The findings report from the private document; 0 or -1 (why in d). */
static int
findings_write(struct dpages *pg, xmlDocPtr priv, const char *stage,
    long long epoch, struct diag *d)
{
	struct layout_env	 env;
	char			*path;
	int			 rc;

	memset(&env, 0, sizeof(env));
	env.datadir = pg->dt->dir;
	env.epoch = epoch;
	env.private = 1;
	path = xasprintf("%s/private/district-findings.pdf", stage);
	rc = out_mkdirs(stage, 0) == 0 ? layout_run(pg->findings, priv,
	    xmlDocGetRootElement(priv), &env, path, d) : diag_system(d);
	free(path);
	return rc < 0 ? -1 : 0;
}

int
dpages_render(struct dpages *pg, const char *stage, long long epoch,
    struct diag *d)
{
	xmlDocPtr	 pub, priv;
	char		*dir = xasprintf("%s/private", stage);
	size_t		 sys = d->system;
	int		 rc;

	pub = ddoc_build(pg->dt, stage, DDOC_PUBLIC, epoch);
	rc = pages_write(pg, pub, stage, d);
	if (d->system == sys && css_write(pg, stage, d) != 0)
		rc = -1;
	if (d->system == sys && dcsv_write(pub, stage, d) != 0)
		rc = -1;
	xmlFreeDoc(pub);
	if (d->system > sys || out_mkdirs(dir, 1) != 0) {
		free(dir);
		return d->system > sys ? -1 : diag_system(d);
	}
	free(dir);
	priv = ddoc_build(pg->dt, stage, DDOC_PRIVATE, epoch);
	if (findings_write(pg, priv, stage, epoch, d) != 0)
		rc = -1;
	xmlFreeDoc(priv);
	return rc;
}
