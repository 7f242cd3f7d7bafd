/*
 * The district document from the units' records.  See ddoc.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/dict.h>
#include <libxml/parser.h>

#include "date.h"
#include "ddoc.h"
#include "district.h"
#include "unitrun.h"
#include "util.h"
#include "xpfn.h"

#define X(s)	((const xmlChar *)(s))

static void
prop(xmlNodePtr n, const char *name, const char *v)
{
	if (v != NULL)
		xmlSetProp(n, X(name), X(v));
}

static void
prop_ll(xmlNodePtr n, const char *name, long long v)
{
	char	 buf[32];

	snprintf(buf, sizeof(buf), "%lld", v);
	prop(n, name, buf);
}

/*
 * An attribute as a string ("" when absent), in a static buffer that
 * the next call replaces: copy it to keep it.
 */
static const char *
get(xmlNodePtr n, const char *name)
{
	static char	*last;
	xmlChar		*v = xmlGetProp(n, X(name));

	free(last);
	last = xstrdup(v ? (const char *)v : "");
	xmlFree(v);
	return last;
}

/* An attribute as an integer; 0 when absent or not one. */
static int64_t
get_int(xmlNodePtr n, const char *name)
{
	int64_t	 v = 0;

	(void)xpfn_parse_int(get(n, name), &v);
	return v;
}

/* Element children named name, in order. */
static xmlNodePtr
kid(xmlNodePtr n, const char *name)
{
	for (; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, X(name)))
			return n;
	return NULL;
}
#define EACH(v, parent, name) \
	for ((v) = kid((parent)->children, (name)); (v) != NULL; \
	    (v) = kid((v)->next, (name)))

/* The root of unit id's record, parsed; NULL when there is none. */
static xmlDocPtr
record_read(const char *stage, const char *id)
{
	char		*path = unitrun_record_path(stage, id);
	xmlDocPtr	 doc;

	doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
	    XML_PARSE_NOWARNING);
	free(path);
	return doc;
}

/*
 * Each finding's place as the bureau reads it: where="school-01/2023-
 * autumn/ledger.csv:9:6", the file relative to the district folder.
 */
static void
where(xmlNodePtr findings, const char *dir)
{
	xmlNodePtr	 f;
	struct buf	 b = { NULL, 0, 0 };
	size_t		 n = strlen(dir);
	char		*file;

	EACH(f, findings, "finding") {
		file = xstrdup(get(f, "file"));
		buf_reset(&b);
		buf_adds(&b, strncmp(file, dir, n) == 0 && file[n] == '/' ?
		    file + n + 1 : file);
		if (*get(f, "line"))
			buf_addf(&b, ":%s", get(f, "line"));
		if (*get(f, "col"))
			buf_addf(&b, ":%s", get(f, "col"));
		prop(f, "where", b.s);
		free(file);
	}
	buf_free(&b);
}

/*
 * A <unit> of the district from its record: status and counts, the
 * unit's attributes and periods, its findings in the private view.
 */
static void
add_unit(xmlNodePtr root, const char *stage, const char *dir,
    const char *id, enum ddoc_view view, long long *failed)
{
	xmlDocPtr	 rec = record_read(stage, id);
	xmlNodePtr	 r = rec ? xmlDocGetRootElement(rec) : NULL;
	xmlNodePtr	 u, ru, c;
	xmlAttrPtr	 a;

	u = xmlNewChild(root, NULL, X("unit"), NULL);
	ru = r ? kid(r->children, "unit") : NULL;
	for (a = ru ? ru->properties : NULL; a != NULL; a = a->next)
		if (!xmlStrEqual(a->name, X("view")) &&
		    !xmlStrEqual(a->name, X("generated")))
			prop(u, (const char *)a->name, get(ru, (const char *)a->name));
	prop(u, "id", id);
	prop(u, "status", r && strcmp(get(r, "status"), "ok") == 0 ? "ok" :
	    "failed");
	prop(u, "built", ru ? "yes" : "no");
	if (*get(u, "name") == '\0')
		prop(u, "name", id);
	prop(u, "errors", r ? get(r, "errors") : "0");
	prop(u, "warnings", r ? get(r, "warnings") : "0");
	if (strcmp(get(u, "status"), "ok") != 0)
		(*failed)++;
	for (c = ru ? ru->children : NULL; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			xmlAddChild(u, xmlDocCopyNode(c, root->doc, 1));
	if (view == DDOC_PRIVATE && r && (c = kid(r->children, "findings")))
		where(xmlAddChild(u, xmlDocCopyNode(c, root->doc, 1)), dir);
	xmlFreeDoc(rec);
}

/* One fee row of a period: its group key, standard, node, unit. */
struct fee {
	const char	*item;
	const char	*unit;
	int64_t		 standard;
	xmlNodePtr	 row;
	size_t		 who;		/* index of the unit's period */
	size_t		 group;
};

struct group {
	const char	*item;
	const char	*unit;
	size_t		 count;
	int64_t		 median2;	/* twice the median: exact */
	int64_t		 min, max;
};

static int
fee_cmp(const void *a, const void *b)
{
	const struct fee	*x = a, *y = b;
	int			 c;

	if ((c = strcmp(x->item, y->item)) != 0 ||
	    (c = strcmp(x->unit, y->unit)) != 0)
		return c;
	return (x->standard > y->standard) - (x->standard < y->standard);
}

/* The fee rows of every unit's period named name. */
static struct fee *
collect_fees(xmlNodePtr root, const char *name, xmlNodePtr **who,
    size_t *nwho, size_t *n)
{
	struct fee	*v = NULL;
	xmlNodePtr	 u, p, fees, row;
	size_t		 cap = 0, wcap = 0;

	*n = *nwho = 0;
	*who = NULL;
	EACH(u, root, "unit") EACH(p, u, "period") {
		if (strcmp(get(p, "name"), name) != 0 ||
		    (fees = kid(p->children, "fees")) == NULL)
			continue;
		*who = xgrow(*who, &wcap, *nwho + 1, sizeof(**who));
		(*who)[(*nwho)++] = p;
		EACH(row, fees, "row") {
			v = xgrow(v, &cap, *n + 1, sizeof(*v));
			v[*n].item = (const char *)xmlDictLookup(root->doc->dict,
			    X(get(row, "item")), -1);
			v[*n].unit = (const char *)xmlDictLookup(root->doc->dict,
			    X(get(row, "unit")), -1);
			v[*n].standard = get_int(row, "standard");
			v[*n].row = row;
			v[*n].who = *nwho - 1;
			(*n)++;
		}
	}
	return v;
}

/* Groups of equal item and unit in sorted fees, with their medians. */
static struct group *
make_groups(struct fee *f, size_t n, size_t *ng)
{
	struct group	*g = xcalloc(n + 1, sizeof(*g));
	size_t		 i, j, k;

	*ng = 0;
	for (i = 0; i < n; i = j) {
		for (j = i; j < n && strcmp(f[j].item, f[i].item) == 0 &&
		    strcmp(f[j].unit, f[i].unit) == 0; j++)
			f[j].group = *ng;
		g[*ng].item = f[i].item;
		g[*ng].unit = f[i].unit;
		g[*ng].count = j - i;
		g[*ng].min = f[i].standard;
		g[*ng].max = f[j - 1].standard;
		k = i + (j - i) / 2;
		g[*ng].median2 = (j - i) % 2 ? 2 * f[k].standard :
		    f[k - 1].standard + f[k].standard;
		(*ng)++;
	}
	return g;
}

/* Display order of groups: most units first, then by item and unit. */
static const struct group *order_base;
static int
group_order(const void *a, const void *b)
{
	const struct group	*x = &order_base[*(const size_t *)a];
	const struct group	*y = &order_base[*(const size_t *)b];
	int			 c;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	if ((c = strcmp(x->item, y->item)) != 0)
		return c;
	return strcmp(x->unit, y->unit);
}

/* "12345" fen, the median rounded half up to the fen. */
static void
group_node(xmlNodePtr pe, const struct group *g)
{
	xmlNodePtr	 e = xmlNewChild(pe, NULL, X("fee-group"), NULL);

	prop(e, "item", g->item);
	prop(e, "unit", g->unit);
	prop_ll(e, "count", (long long)g->count);
	prop_ll(e, "median", (long long)((g->median2 + 1) / 2));
	prop_ll(e, "min", (long long)g->min);
	prop_ll(e, "max", (long long)g->max);
}

/*
 * Fee rows above their group's median get above-median="yes"; the
 * period gets its groups and, per unit, one cell per group (the unit's
 * first row of that group, or an empty cell).
 */
static void
fee_matrix(xmlNodePtr pe, struct fee *f, size_t n, xmlNodePtr *who,
    size_t nwho)
{
	struct group	*g;
	size_t		*ord, *pos, ng, i, k;
	xmlNodePtr	*cell, fu, c, unit;

	qsort(f, n, sizeof(*f), fee_cmp);
	g = make_groups(f, n, &ng);
	ord = xcalloc(ng + 1, sizeof(*ord));
	pos = xcalloc(ng + 1, sizeof(*pos));
	for (i = 0; i < ng; i++)
		ord[i] = i;
	order_base = g;
	qsort(ord, ng, sizeof(*ord), group_order);
	for (i = 0; i < ng; i++) {
		pos[ord[i]] = i;
		group_node(pe, &g[ord[i]]);
	}
	for (i = 0; i < n; i++) {
		prop_ll(f[i].row, "district-median",
		    (long long)((g[f[i].group].median2 + 1) / 2));
		if (2 * f[i].standard > g[f[i].group].median2)
			prop(f[i].row, "above-median", "yes");
	}
	cell = xcalloc(nwho * (ng + 1) + 1, sizeof(*cell));
	for (i = n; i-- > 0;)
		cell[f[i].who * (ng + 1) + pos[f[i].group]] = f[i].row;
	for (k = 0; k < nwho; k++) {
		unit = who[k]->parent;
		fu = xmlNewChild(pe, NULL, X("fee-unit"), NULL);
		prop(fu, "id", get(unit, "id"));
		prop(fu, "name", get(unit, "name"));
		prop(fu, "status", get(unit, "status"));
		for (i = 0; i < ng; i++) {
			c = xmlNewChild(fu, NULL, X("cell"), NULL);
			if (cell[k * (ng + 1) + i] == NULL)
				continue;
			prop(c, "standard", get(cell[k * (ng + 1) + i],
			    "standard"));
			prop(c, "above-median", *get(cell[k * (ng + 1) + i],
			    "above-median") ? "yes" : NULL);
		}
	}
	free(cell);
	free(ord);
	free(pos);
	free(g);
}

/* How many units' periods named name have an attendance table. */
static long long
attendance_units(xmlNodePtr root, const char *name)
{
	xmlNodePtr	 u, p;
	long long	 n = 0;
	char		*want = xstrdup(name);

	EACH(u, root, "unit") EACH(p, u, "period")
		if (strcmp(get(p, "name"), want) == 0 &&
		    kid(p->children, "attendance") != NULL)
			n++;
	free(want);
	return n;
}

/* One district period: counts, fee groups and the fee matrix. */
static void
period_node(xmlNodePtr root, xmlNodePtr first)
{
	xmlNodePtr	 pe = xmlNewChild(root, NULL, X("period"), NULL), *who;
	struct fee	*f;
	size_t		 n, nwho;
	static const char *const copy[] = { "name", "label", "kind", "year",
		"start", "end", NULL };
	char		*name = xstrdup(get(first, "name"));
	int		 i;

	for (i = 0; copy[i] != NULL; i++)
		prop(pe, copy[i], get(first, copy[i]));
	prop_ll(pe, "attendance-units", attendance_units(root, name));
	f = collect_fees(root, name, &who, &nwho, &n);
	free(name);
	prop_ll(pe, "fee-units", (long long)nwho);
	fee_matrix(pe, f, n, who, nwho);
	free(f);
	free(who);
}

/* Periods in order: by start date, then name. */
static int
period_cmp(const void *a, const void *b)
{
	xmlNodePtr	 x = *(xmlNodePtr const *)a, y = *(xmlNodePtr const *)b;
	char		*s = xstrdup(get(x, "start"));
	int		 c = strcmp(s, get(y, "start"));

	free(s);
	if (c != 0)
		return c;
	s = xstrdup(get(x, "name"));
	c = strcmp(s, get(y, "name"));
	free(s);
	return c;
}

/* A district <period> for every period name any unit has. */
static void
periods(xmlNodePtr root)
{
	xmlNodePtr	 u, p, *v = NULL;
	size_t		 n = 0, cap = 0, i, j;
	char		*name;

	EACH(u, root, "unit") EACH(p, u, "period") {
		name = xstrdup(get(p, "name"));
		for (j = 0; j < n && strcmp(get(v[j], "name"), name) != 0; j++)
			continue;
		free(name);
		if (j == n) {
			v = xgrow(v, &cap, n + 1, sizeof(*v));
			v[n++] = p;
		}
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), period_cmp);
	for (i = 0; i < n; i++)
		period_node(root, v[i]);
	free(v);
}

/* Finding codes seen, with counts; input syntax errors are "input". */
struct code {
	const char	*name;
	long long	 count, units;
	size_t		 last;		/* 1 + the last unit counted */
};

static const char *
finding_code(xmlNodePtr f)
{
	const char	*c = get(f, "code");

	return *c ? c : "input";
}

static int
code_cmp(const void *a, const void *b)
{
	return strcmp(((const struct code *)a)->name,
	    ((const struct code *)b)->name);
}

/* Errors and warnings only: what the bureau inspects. */
static int
counted(xmlNodePtr f)
{
	const char	*s = get(f, "sev");

	return strcmp(s, "error") == 0 || strcmp(s, "warning") == 0;
}

/* The distinct codes of every unit's errors and warnings, sorted. */
static struct code *
collect_codes(xmlNodePtr root, size_t *n)
{
	struct code	*v = NULL;
	xmlNodePtr	 u, fs, f;
	const char	*name;
	size_t		 cap = 0, i, ui = 0;

	*n = 0;
	EACH(u, root, "unit") {
		ui++;
		if ((fs = kid(u->children, "findings")) == NULL)
			continue;
		EACH(f, fs, "finding") {
			if (!counted(f))
				continue;
			name = (const char *)xmlDictLookup(root->doc->dict,
			    X(finding_code(f)), -1);
			for (i = 0; i < *n && v[i].name != name; i++)
				continue;
			if (i == *n) {
				v = xgrow(v, &cap, *n + 1, sizeof(*v));
				v[(*n)++] = (struct code){ name, 0, 0, 0 };
			}
			v[i].count++;
			if (v[i].last != ui) {
				v[i].units++;
				v[i].last = ui;
			}
		}
	}
	if (*n > 1)
		qsort(v, *n, sizeof(*v), code_cmp);
	return v;
}

/* How many of unit u's errors and warnings have code. */
static long long
unit_count(xmlNodePtr u, const char *code)
{
	xmlNodePtr	 fs = kid(u->children, "findings"), f;
	long long	 n = 0;

	if (fs == NULL)
		return 0;
	EACH(f, fs, "finding")
		if (counted(f) && strcmp(finding_code(f), code) == 0)
			n++;
	return n;
}

/* The units × codes matrix, DDOC_MATRIX_COLS codes per table. */
static void
matrix(xmlNodePtr root, const struct code *c, size_t n)
{
	xmlNodePtr	 codes, m, row, u, e;
	size_t		 i, k;
	long long	 cnt;

	codes = xmlNewChild(root, NULL, X("codes"), NULL);
	for (i = 0; i < n; i++) {
		e = xmlNewChild(codes, NULL, X("code"), NULL);
		prop_ll(e, "k", (long long)i + 1);
		prop(e, "name", c[i].name);
		prop_ll(e, "count", c[i].count);
		prop_ll(e, "units", c[i].units);
	}
	for (i = 0; i < n; i += DDOC_MATRIX_COLS) {
		m = xmlNewChild(root, NULL, X("matrix"), NULL);
		for (k = i; k < n && k < i + DDOC_MATRIX_COLS; k++) {
			e = xmlNewChild(m, NULL, X("col"), NULL);
			prop_ll(e, "k", (long long)k + 1);
			prop(e, "code", c[k].name);
		}
		EACH(u, root, "unit") {
			row = xmlNewChild(m, NULL, X("mrow"), NULL);
			prop(row, "id", get(u, "id"));
			prop(row, "name", get(u, "name"));
			for (k = i; k < n && k < i + DDOC_MATRIX_COLS; k++) {
				cnt = unit_count(u, c[k].name);
				e = xmlNewChild(row, NULL, X("c"), NULL);
				if (cnt > 0)
					prop_ll(e, "n", cnt);
			}
		}
	}
}

/* The district's own attributes and introduction. */
static void
district_head(xmlNodePtr root, const struct district *dt,
    enum ddoc_view view, long long epoch)
{
	static const char *const keys[] = { "name", "type", "address",
		"hotline", "base_url", NULL };
	static const char *const attrs[] = { "name", "type", "address",
		"hotline", "base-url", NULL };
	char		 buf[DATE_BUFSZ];
	int		 i;

	prop(root, "view", view == DDOC_PUBLIC ? "public" : "private");
	prop(root, "generated", date_iso((int)(epoch / 86400), buf));
	for (i = 0; keys[i] != NULL; i++)
		prop(root, attrs[i], district_meta(dt, keys[i]));
	if (dt->md->body != NULL && dt->md->body[strspn(dt->md->body,
	    " \t\r\n")] != '\0')
		xmlNewTextChild(root, NULL, X("intro"), X(dt->md->body));
}

xmlDocPtr
ddoc_build(const struct district *dt, const char *stage,
    enum ddoc_view view, long long epoch)
{
	xmlDocPtr	 doc = xmlNewDoc(X("1.0"));
	xmlNodePtr	 root;
	struct code	*c;
	long long	 failed = 0;
	size_t		 i, n;

	doc->dict = xmlDictCreate();
	root = xmlNewDocNode(doc, NULL, X("district"), NULL);
	xmlDocSetRootElement(doc, root);
	district_head(root, dt, view, epoch);
	for (i = 0; i < dt->nunits; i++)
		add_unit(root, stage, dt->dir, dt->units[i], view, &failed);
	prop_ll(root, "units", (long long)dt->nunits);
	prop_ll(root, "failed", failed);
	periods(root);
	if (view == DDOC_PRIVATE) {
		c = collect_codes(root, &n);
		matrix(root, c, n);
		free(c);
	}
	return doc;
}
