/*
 * The privacy policy (policy.h): the rule table that derives the public
 * view from the private one, and the publish table.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/dict.h>

#include "pii.h"
#include "policy.h"
#include "util.h"

/*
 * The rule table beside the columns: element elem (with parent, when
 * given) and attribute attr ("*": any; NULL attr: the element itself).
 * The first row that matches decides.  A data row's attributes are
 * ruled by the rows naming "row" and then by their column's class
 * (policy_column): the wildcard rows are for the rest of the tree.
 */
static const struct rule {
	const char		*parent;
	const char		*elem;
	const char		*attr;
	enum policy_rule	 rule;
} rules[] = {
	/* The office's own: where the data came from, what was found. */
	{ "period", "sources", NULL, POLICY_OMIT },
	{ "period", "findings", NULL, POLICY_OMIT },
	/* Line numbers of data rows: in the map (policy_line) instead. */
	{ NULL, "row", "line", POLICY_OMIT },
	{ "accounts", "account", "line", POLICY_OMIT },
	{ "accounts", "account", "file", POLICY_OMIT },
	{ "fees", "item", "line", POLICY_OMIT },
	/* People counted per fee item: small numbers that name families. */
	{ "fees", "item", "due-people", POLICY_OMIT },
	{ "fees", "item", "paid-people", POLICY_OMIT },
	/* The ID number as the audit pack shows it. */
	{ "subsidies", "row", "id-shown", POLICY_OMIT },
	/* The unit's published numbers are meant to be called. */
	{ NULL, "*", "hotline", POLICY_ASIS },
	{ NULL, "*", "price-hotline", POLICY_ASIS },
	{ NULL, "*", "author", POLICY_STAFF },
	{ NULL, "*", "head", POLICY_STAFF },
	{ NULL, "unit", "*", POLICY_TEXT },
	{ NULL, "period", "*", POLICY_TEXT },
	{ NULL, "*", "name", POLICY_TEXT },
};

enum policy_rule
policy_column(const struct colspec *c)
{
	if (c->flags & COLF_PRIVATE)
		return POLICY_OMIT;
	if (c->type != COL_TEXT)
		return POLICY_ASIS;
	if (c->flags & COLF_PERSON)
		return POLICY_PERSON;
	return (c->flags & COLF_STAFF) ? POLICY_STAFF : POLICY_TEXT;
}

/* The column of attribute a on a row of table element el, or NULL. */
static const struct colspec *
row_column(const char *el, const char *a)
{
	const struct tablespec *ts;
	int		 t, c;

	for (t = 0; t < T__MAX; t++) {
		ts = &tablespecs[t];
		if (strcmp(ts->key, el) != 0)
			continue;
		for (c = 0; c < ts->ncols; c++)
			if (strcmp(ts->cols[c].key, a) == 0)
				return &ts->cols[c];
	}
	return NULL;
}

static int
matches(const char *want, const char *got)
{
	if (want == NULL || got == NULL)
		return want == got;
	return strcmp(want, "*") == 0 || strcmp(want, got) == 0;
}

enum policy_rule
policy_rule(const char *parent, const char *elem, const char *attr)
{
	const struct colspec *c;
	size_t		 i;
	int		 row = strcmp(elem, "row") == 0;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (!(row && strcmp(rules[i].elem, "*") == 0) &&
		    (rules[i].parent == NULL || (parent != NULL &&
		    strcmp(rules[i].parent, parent) == 0)) &&
		    matches(rules[i].elem, elem) &&
		    matches(rules[i].attr, attr))
			return rules[i].rule;
	if (attr == NULL || !row)
		return POLICY_ASIS;
	c = parent != NULL ? row_column(parent, attr) : NULL;
	return c != NULL ? policy_column(c) : POLICY_ASIS;
}

/*
 * Organisations named in a person column: suppliers, repairers, the
 * bureau.  By their last word (公司, 维修部, 售后 ...) or by a length no
 * Chinese personal name has (more than four characters).
 */
static int
is_org(const char *name)
{
	static const char *const ends[] = {
		"公司", "部", "店", "厂", "中心", "站", "所", "局", "院", "行",
		"社", "处", "队", "售后", "集团", "超市", "商行", "门市", "学校",
		"委员会", "科", "室", "馆", "组", "会", "场", "坊", "铺", NULL
	};
	size_t	 n = strlen(name), k, i;

	if (utf8_len(name) > 4)
		return 1;
	for (i = 0; ends[i] != NULL; i++) {
		k = strlen(ends[i]);
		if (n > k && strcmp(name + n - k, ends[i]) == 0)
			return 1;
	}
	return 0;
}

/* 张三 -> 张*, 张三丰 -> 张*丰, 欧阳小明 -> 欧**明; organisations whole. */
char *
policy_mask_name(const char *name)
{
	const char	*p = name, *e = name + strlen(name), *first;
	struct buf	 b = { NULL, 0, 0 };
	size_t		 n = utf8_len(name), i;

	buf_add(&b, "", 0);
	if (n == 0)
		return b.s;
	if (is_org(name)) {
		buf_adds(&b, name);
		return b.s;
	}
	first = p;
	if (utf8_next(&p, e) < 0)
		p++;
	buf_add(&b, first, (size_t)(p - first));
	if (n == 1)
		return b.s;
	for (i = 1; i + 1 < n; i++) {
		if (utf8_next(&p, e) < 0)
			p++;
		buf_addc(&b, '*');
	}
	if (n == 2)
		buf_addc(&b, '*');
	else
		buf_adds(&b, p);
	return b.s;
}

char *
policy_apply(enum policy_rule r, const struct unit *u, const char *v)
{
	const char	*allow[3] = { NULL, NULL, NULL };
	char		*t, *m;
	size_t		 i = 0;

	if (r == POLICY_OMIT)
		return NULL;
	if (r == POLICY_ASIS)
		return xstrdup(v);
	if (u->hotline != NULL)
		allow[i++] = u->hotline;
	if (u->price_hotline != NULL)
		allow[i++] = u->price_hotline;
	t = pii_mask(v, allow);
	if (r == POLICY_PERSON || (r == POLICY_STAFF && u->mask_staff)) {
		m = policy_mask_name(t);
		free(t);
		t = m;
	}
	return t;
}

/* ---------------------------------------------------------------- */
/* The line map. */

struct policy_line {
	uintptr_t	 node;
	int		 line;
};

struct policy_lines {
	struct policy_line	*v;
	size_t			 n, cap;
};

static int
linecmp(const void *a, const void *b)
{
	const struct policy_line *x = a, *y = b;

	return (x->node > y->node) - (x->node < y->node);
}

int
policy_line(const struct policy_lines *L, xmlNodePtr n)
{
	struct policy_line	 key, *hit;

	if (L == NULL || L->n == 0)
		return 0;
	key.node = (uintptr_t)n;
	hit = bsearch(&key, L->v, L->n, sizeof(*L->v), linecmp);
	return hit != NULL ? hit->line : 0;
}

void
policy_lines_free(struct policy_lines *L)
{
	if (L == NULL)
		return;
	free(L->v);
	free(L);
}

/* ---------------------------------------------------------------- */
/* Deriving the public view. */

/* What a derivation carries down the tree. */
struct derive {
	const struct unit	*u;
	struct policy_lines	*lines;
};

static const char *
pname(xmlNodePtr n)
{
	return n->parent != NULL && n->parent->type == XML_ELEMENT_NODE ?
	    (const char *)n->parent->name : NULL;
}

/*
 * The attributes of element n made public in place: an attribute the
 * rules leave out is removed (a line number into the map first), a
 * masked one rewritten, one let in as it is not even read.
 */
static void
public_attrs(struct derive *dv, xmlNodePtr n)
{
	const char	*el = (const char *)n->name, *parent = pname(n);
	xmlAttrPtr	 a, next;
	enum policy_rule r;
	xmlChar		*v;
	char		*m;
	struct policy_lines *L = dv->lines;

	for (a = n->properties; a != NULL; a = next) {
		next = a->next;
		if ((r = policy_rule(parent, el, (const char *)a->name)) ==
		    POLICY_ASIS)
			continue;
		v = xmlGetProp(n, a->name);
		m = policy_apply(r, dv->u, (const char *)v);
		if (m == NULL && strcmp((const char *)a->name, "line") == 0) {
			L->v = xgrow(L->v, &L->cap, L->n + 1, sizeof(*L->v));
			L->v[L->n].node = (uintptr_t)n;
			L->v[L->n++].line = atoi((const char *)v);
		}
		if (m == NULL)
			xmlRemoveProp(a);
		else if (strcmp(m, (const char *)v) != 0)
			xmlSetProp(n, a->name, (const xmlChar *)m);
		free(m);
		xmlFree(v);
	}
}

/*
 * The children of node n made public in place: text masked, elements
 * the rules leave out removed whole (and anything that is neither text
 * nor element), the others made public in turn.
 */
static void
public_children(struct derive *dv, xmlNodePtr n)
{
	xmlNodePtr	 c, next;
	char		*m;

	for (c = n->children; c != NULL; c = next) {
		next = c->next;
		if (c->type == XML_TEXT_NODE) {
			m = policy_apply(POLICY_TEXT, dv->u,
			    (const char *)c->content);
			if (strcmp(m, (const char *)c->content) != 0)
				xmlNodeSetContent(c, (const xmlChar *)m);
			free(m);
		} else if (c->type != XML_ELEMENT_NODE || policy_rule(pname(c),
		    (const char *)c->name, NULL) == POLICY_OMIT) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		} else {
			public_attrs(dv, c);
			public_children(dv, c);
		}
	}
}

static void
attr_int(xmlNodePtr n, const char *name, int64_t v)
{
	char	 buf[32];

	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	xmlSetProp(n, (const xmlChar *)name, (const xmlChar *)buf);
}

static int
is_elem(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0;
}

/* 一档, 二档 ... for the n-th highest amount (n from 1). */
static char *
level_name(size_t n)
{
	static const char *const cn[] = { "一", "二", "三", "四", "五", "六",
	    "七", "八", "九", "十" };

	return n <= 10 ? xasprintf("%s档", cn[n - 1]) : xasprintf("%zu档", n);
}

static int
fencmp_desc(const void *a, const void *b)
{
	const int64_t *x = a, *y = b;

	return (*x < *y) - (*x > *y);
}

/* The amount of a subsidies row element (fen). */
static int64_t
row_amount(xmlNodePtr r)
{
	const char	*key = tablespecs[T_SUBSIDIES].cols[Z_AMOUNT].key;
	xmlChar		*v = xmlGetProp(r, (const xmlChar *)key);
	int64_t		 n = v != NULL ? strtoll((const char *)v, NULL, 10) : 0;

	xmlFree(v);
	return n;
}

/*
 * The distinct amounts of the rows of element n, highest first, into
 * amt (room for every child); returns their count.
 */
static size_t
levels_of(xmlNodePtr n, int64_t *amt)
{
	xmlNodePtr	 r;
	size_t		 i, k = 0, m = 0;

	for (r = n->children; r != NULL; r = r->next)
		if (is_elem(r, "row"))
			amt[m++] = row_amount(r);
	if (m > 0)
		qsort(amt, m, sizeof(*amt), fencmp_desc);
	for (i = 0; i < m; i++)
		if (k == 0 || amt[k - 1] != amt[i])
			amt[k++] = amt[i];
	return k;
}

/* <category name="一档" count amount/> per level, after the rows. */
static void
level_totals(xmlNodePtr n, const int64_t *amt, size_t nl)
{
	xmlNodePtr	 r, e;
	int64_t		 cnt, sum;
	size_t		 i;
	char		*name;

	for (i = 0; i < nl; i++) {
		for (cnt = sum = 0, r = n->children; r != NULL; r = r->next)
			if (is_elem(r, "row") && row_amount(r) == amt[i]) {
				cnt++;
				sum += amt[i];
			}
		e = xmlNewChild(n, NULL, (const xmlChar *)"category", NULL);
		name = level_name(i + 1);
		xmlNewProp(e, (const xmlChar *)"name", (const xmlChar *)name);
		free(name);
		attr_int(e, "count", cnt);
		attr_int(e, "amount", sum);
	}
}

/*
 * 资助 in the public view: a category such as 残疾学生 or 低保家庭 next
 * to a class and a half-masked name can identify a child, so unless
 * unit.md sets subsidy_category: yes, rows show only their aid level
 * (一档 for the highest amount) and the per-category totals become
 * per-level totals.
 */
static void
subsidy_levels(xmlNodePtr n)
{
	size_t		 nc = 0, nl, i;
	int64_t		*amt;
	xmlNodePtr	 r, next;
	char		*name;

	for (r = n->children; r != NULL; r = next) {
		next = r->next;
		nc++;
		if (is_elem(r, "category")) {
			xmlUnlinkNode(r);
			xmlFreeNode(r);
		}
	}
	amt = xcalloc(nc + 1, sizeof(*amt));
	nl = levels_of(n, amt);
	for (r = n->children; r != NULL; r = r->next) {
		if (!is_elem(r, "row"))
			continue;
		for (i = 0; i < nl && amt[i] != row_amount(r); i++)
			;
		name = level_name(i + 1);
		xmlSetProp(r, (const xmlChar *)"category",
		    (const xmlChar *)name);
		free(name);
	}
	level_totals(n, amt, nl);
	xmlSetProp(n, (const xmlChar *)"levels", (const xmlChar *)"yes");
	free(amt);
}

/*
 * The public view, made of the private document doc in place: what the
 * rules leave out is removed, what they mask rewritten.  Working in
 * place, the derivation allocates next to nothing and never holds two
 * views.
 */
xmlDocPtr
policy_public_take(xmlDocPtr doc, const struct unit *u,
    struct policy_lines **lines)
{
	xmlNodePtr	 root = xmlDocGetRootElement(doc), pe, n;
	struct derive	 dv;

	dv.u = u;
	dv.lines = xcalloc(1, sizeof(*dv.lines));
	public_attrs(&dv, root);
	xmlSetProp(root, (const xmlChar *)"view", (const xmlChar *)"public");
	public_children(&dv, root);
	for (pe = root->children; pe != NULL && !u->subsidy_category;
	    pe = pe->next)
		for (n = is_elem(pe, "period") ? pe->children : NULL;
		    n != NULL; n = n->next)
			if (is_elem(n, "subsidies"))
				subsidy_levels(n);
	if (dv.lines->n > 0)
		qsort(dv.lines->v, dv.lines->n, sizeof(*dv.lines->v), linecmp);
	if (lines != NULL)
		*lines = dv.lines;
	else
		policy_lines_free(dv.lines);
	return doc;
}

/* The same rules on a copy: priv stays as it was. */
xmlDocPtr
policy_public(xmlDocPtr priv, const struct unit *u,
    struct policy_lines **lines)
{
	return policy_public_take(xmlCopyDoc(priv, 1), u, lines);
}

/* ---------------------------------------------------------------- */
/* The publish table. */

const struct publish policy_outputs[] = {
	{ OUT_SITE, NULL, POLICY_PUBLIC, "site", 0, 0 },
	{ OUT_PDF, "fee-notice", POLICY_PUBLIC, "pdf", 1, 1 },
	{ OUT_PDF, "summary", POLICY_PUBLIC, "pdf", 1, 1 },
	{ OUT_PDF, "audit", POLICY_PRIVATE, "private", 0, 1 },
	{ OUT_PDF, NULL, POLICY_PRIVATE, "private", 0, 0 },
	{ OUT_BOOK, NULL, POLICY_PRIVATE, "private", 0, 1 },
	{ OUT_MODEL, NULL, POLICY_PRIVATE, "private", 0, 1 },
	{ OUT_ARCHIVE, NULL, POLICY_PRIVATE, "archive", 0, 0 },
	{ OUT_SITE, NULL, POLICY_PUBLIC, NULL, 0, 0 }	/* end */
};

const struct publish *
policy_output(enum policy_kind kind, const char *name)
{
	const struct publish *o;

	for (o = policy_outputs; o->dir != NULL; o++)
		if (o->kind == kind && (o->name == NULL || (name != NULL &&
		    strcmp(o->name, name) == 0)))
			break;
	return o;	/* every kind has a row without a name */
}
