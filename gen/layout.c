/*
 * PDF layout templates (see layout.h): an XML file is read once into a
 * tree of struct node, every XPath expression compiled and tried on an
 * empty document; a run walks that tree against the model document and
 * calls the PDF engine.  Every piece of text handed to the engine comes
 * with the place it came from: the data file and line for values taken
 * from the model, the template file and line for template text.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dirent.h>

#include <cmark.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "output.h"
#include "diag.h"
#include "layout.h"
#include "model.h"
#include "money.h"
#include "pdf.h"
#include "policy.h"
#include "util.h"
#include "xpfn.h"

#define CODE		"template"
#define XML_OPTS	(XML_PARSE_NONET | XML_PARSE_NOCDATA)

enum kind {
	K_DOCUMENT,
	K_HEADER,
	K_HEADING,
	K_P,
	K_MARKDOWN,
	K_LIST,
	K_ITEM,
	K_TABLE,
	K_COLUMN,
	K_ROW,
	K_CELL,
	K_CHART,
	K_SEAL,
	K_BOX,
	K_QR,
	K_PAGEBREAK,
	K_SPACE,
	K_RULE,
	K_NEED,
	K_CONTENTS,
	K_IF,
	K_FOREACH,
	K_SECTIONS,
	K_SECTION,
	K_VALUE,
	K_B,
	K_EM,
	K_BR,
	K_TEXT
};

/* What a container holds. */
enum mode {
	M_NONE,		/* nothing: an empty element */
	M_BLOCK,
	M_LIST,		/* items */
	M_TABLE,	/* columns, rows */
	M_ROW,		/* cells */
	M_SEAL,		/* boxes */
	M_INLINE,
	M_SAME		/* if, for-each: what their parent holds */
};

struct elem {
	const char	*name;
	enum kind	 kind;
	enum mode	 in;		/* where it may appear; M_SAME: anywhere */
	enum mode	 holds;
	const char	*attrs;		/* besides if, space separated */
};

static const struct elem elems[] = {
	{ "header", K_HEADER, M_BLOCK, M_INLINE, "" },
	{ "heading", K_HEADING, M_BLOCK, M_INLINE, "level align" },
	{ "p", K_P, M_BLOCK, M_INLINE, "align indent size link" },
	{ "markdown", K_MARKDOWN, M_BLOCK, M_NONE,
	    "select heading-offset indent" },
	{ "list", K_LIST, M_BLOCK, M_LIST, "type" },
	{ "item", K_ITEM, M_LIST, M_INLINE, "" },
	{ "table", K_TABLE, M_BLOCK, M_TABLE,
	    "select grid zebra rules size carry carry-out carry-in locate "
	    "group group-total group-cumulative" },
	{ "column", K_COLUMN, M_TABLE, M_NONE,
	    "header width align select total sum sum-format running label" },
	{ "row", K_ROW, M_TABLE, M_ROW, "bold" },
	{ "cell", K_CELL, M_ROW, M_INLINE, "" },
	{ "chart", K_CHART, M_BLOCK, M_NONE,
	    "title select label value format" },
	{ "seal", K_SEAL, M_BLOCK, M_SEAL, "width height" },
	{ "box", K_BOX, M_SEAL, M_INLINE, "" },
	{ "qr", K_QR, M_BLOCK, M_INLINE, "size" },
	{ "page-break", K_PAGEBREAK, M_BLOCK, M_NONE, "orient" },
	{ "space", K_SPACE, M_BLOCK, M_NONE, "mm" },
	{ "rule", K_RULE, M_BLOCK, M_NONE, "" },
	{ "need", K_NEED, M_BLOCK, M_NONE, "mm" },
	{ "contents", K_CONTENTS, M_BLOCK, M_INLINE, "levels" },
	{ "if", K_IF, M_SAME, M_SAME, "test" },
	{ "for-each", K_FOREACH, M_SAME, M_SAME, "select" },
	{ "sections", K_SECTIONS, M_BLOCK, M_NONE, "" },
	{ "value", K_VALUE, M_INLINE, M_NONE, "select" },
	{ "b", K_B, M_INLINE, M_INLINE, "" },
	{ "em", K_EM, M_INLINE, M_INLINE, "" },
	{ "br", K_BR, M_INLINE, M_NONE, "" },
	{ NULL, K_TEXT, M_NONE, M_NONE, NULL }
};

static const char *const doc_attr_names = "view title author subject keywords "
    "size orient margin font-size page-numbers body-font";

/* Text with {xpath} parts: each segment a literal or an expression. */
struct seg {
	char		*lit;
	struct xpfn_expr	 x;
};

struct tpl {
	struct seg	*v;
	size_t		 n;
};

enum fmt {
	FMT_COUNT,
	FMT_MONEY
};

struct node {
	enum kind	 kind;
	enum mode	 holds;		/* resolved for if and for-each */
	int		 line;
	char		*where;		/* "path:line" for template text */
	struct xpfn_expr	 cond;		/* if= or test= */
	struct xpfn_expr	 sel;		/* select= */
	struct xpfn_expr	 x2;		/* label= (chart), total= (column) */
	struct xpfn_expr	 x3;		/* value= (chart), sum= (column) */
	struct xpfn_expr	 x4;		/* group= (table), running= (column) */
	struct tpl	 text;		/* text, header=, title= */
	struct tpl	 t2;		/* group-total= (table), link= (p) */
	struct tpl	 t3;		/* group-cumulative= (table) */
	int		 level;		/* heading; heading-offset */
	int		 flags;		/* PDF_* of the element */
	int		 center;	/* heading */
	enum pdf_list	 list;
	enum fmt	 fmt;
	enum pdf_orient	 orient;
	int		 has_orient;
	double		 mm, w, h, size;
	struct pdf_col	 col;
	char		*carry_out;
	char		*carry_in;
	char		*file;		/* section: the file it was read from */
	struct node	*kids;
	struct node	*next;
};

struct layout {
	char			*path;
	const char		*at;		/* the file being read: path or
						   a section's */
	int			 section;	/* sections begun (section()) */
	struct xpfn		*X;
	char			*xmlmsg;	/* the first XML error */
	int			 xline;		/* its line */
	struct node		*root;
	struct tpl		 title, author, subject, keywords;
	enum pdf_orient		 orient;
	double			 margin[4];
	double			 size;
	int			 footer;
	enum pdf_face		 body;		/* body-font: sans or song */
	int			 contents;	/* has a <contents> */
	struct pdf		*pdf;		/* being drawn: for page-of() */
};

/* One render in progress. */
struct run {
	struct layout		*L;
	struct pdf		*pdf;
	const struct layout_env	*env;
	struct diag		*d;
	const char		*at;		/* the file of what runs */
	int			 bad;
	struct buf		 col;		/* collected inline text */
	char			*colsrc;
	int			 coldata;
	size_t			 ntoc;		/* contents lines to reserve */
	int			 toclevels;	/* of the <contents> drawn */
	int			 counting;	/* count_contents' pass */
};

/* Receives inline text: src is where it came from; data: from the model. */
typedef void	(*sink_fn)(struct run *, const char *src, int data, int style,
		    const char *text);

static void	 run_blocks(struct run *, struct node *, const struct xpfn_at *);
static void	 run_list(struct run *, struct node *, const struct xpfn_at *);
static void	 run_inline(struct run *, struct node *, const struct xpfn_at *,
		    int, sink_fn);
static void	 run_contents(struct run *, const struct node *,
		    const struct xpfn_at *);

/* ---------------------------------------------------------------- */
/* XPath: compiling and evaluating through xpfn. */

/*
 * Compile src into x, checked at once (see xpfn_compile), so mistakes
 * surface at load.  nodes: the result must be a node-set.
 */
static int
compile(struct layout *L, int line, const char *src, int nodes,
    struct xpfn_expr *x, struct diag *d)
{
	int	 type;

	if ((type = xpfn_compile(L->X, src, L->at, line, d, x)) < 0)
		return -1;
	if (nodes && type != XPATH_NODESET) {
		diag_add(d, SEV_ERROR, CODE, L->at, line, 0,
		    "表达式 \"%s\" 选不出节点;请写一个选出元素的路径", src);
		return -1;
	}
	return 0;
}

/* Evaluate x at a; NULL after a finding (the run is then marked bad). */
static xmlXPathObjectPtr
eval(struct run *r, const struct xpfn_expr *x, int line,
    const struct xpfn_at *a)
{
	xmlXPathObjectPtr	 o;

	if ((o = xpfn_eval(r->L->X, x, a, r->at, line, r->d)) == NULL)
		r->bad = 1;
	return o;
}

/* The model node a result came from: its first node, else NULL. */
static xmlNodePtr
obj_node(xmlXPathObjectPtr o)
{
	if (o->type == XPATH_NODESET && o->nodesetval != NULL &&
	    o->nodesetval->nodeNr > 0)
		return o->nodesetval->nodeTab[0];
	return NULL;
}

/* ---------------------------------------------------------------- */
/* Where data came from: "data/<period>/<file>:<line>". */

/* An attribute's value without copying, or NULL. */
static const char *
prop(xmlNodePtr n, const char *name)
{
	xmlAttrPtr	 a;

	if (n == NULL || n->type != XML_ELEMENT_NODE ||
	    (a = xmlHasProp(n, BAD_CAST name)) == NULL ||
	    a->children == NULL || a->children->type != XML_TEXT_NODE)
		return NULL;
	return (const char *)a->children->content;
}

/*
 * The source line of model node n: its line= in the private view, else
 * the line map of the public view (policy.h), which holds no lines.
 */
static int
node_line(struct run *r, xmlNodePtr n)
{
	const char	*s;

	if ((s = prop(n, "line")) == NULL)
		return policy_line(r->env->lines, n);
	return atoi(s);
}

/*
 * The source label of a model node: the data file of the nearest table
 * element (one with a file attribute) in its period, with the row's
 * line when known (an element with both file= and line= is a row of
 * that file); a finding's own file and line; data/<period>/summary.md
 * for the rest of a period; data/unit.md for the unit.  Caller frees.
 */
static char *
src_label(struct run *r, xmlNodePtr n)
{
	const char	*dir = r->env->datadir ? r->env->datadir : "data";
	const char	*file = NULL, *period = NULL;
	xmlNodePtr	 e, row;
	int		 line;

	if (n != NULL && n->type != XML_ELEMENT_NODE)
		n = n->parent;
	if (n != NULL && xmlStrEqual(n->name, BAD_CAST "finding") &&
	    (file = prop(n, "file")) != NULL) {
		line = prop(n, "line") != NULL ? atoi(prop(n, "line")) : 0;
		return line > 0 ? xasprintf("%s:%d", file, line) :
		    xstrdup(file);
	}
	for (e = row = n; e != NULL && e->type == XML_ELEMENT_NODE;
	    e = e->parent) {
		if (file == NULL && (file = prop(e, "file")) != NULL &&
		    row == e && prop(e, "line") == NULL)
			row = NULL;
		if (period == NULL && xmlStrEqual(e->name, BAD_CAST "period"))
			period = prop(e, "name");
	}
	if (period == NULL)
		return xasprintf("%s/unit.md", dir);
	if (file == NULL)
		return xasprintf("%s/%s/summary.md", dir, period);
	if (row != NULL && (line = node_line(r, row)) > 0)
		return xasprintf("%s/%s/%s:%d", dir, period, file, line);
	return xasprintf("%s/%s/%s", dir, period, file);
}

/* ---------------------------------------------------------------- */
/* Evaluating for the run. */

/* String value of x at a; *src (if not NULL) gets its source label. */
static char *
eval_str(struct run *r, const struct xpfn_expr *x, int line, const struct xpfn_at *a,
    char **src)
{
	xmlXPathObjectPtr	 o;
	xmlNodePtr		 from;
	char			*s;

	if (src != NULL)
		*src = NULL;
	if ((o = eval(r, x, line, a)) == NULL)
		return xstrdup("");
	s = xpfn_string(o);
	if (src != NULL) {
		from = obj_node(o);
		*src = src_label(r, from != NULL ? from : a->node);
	}
	xmlXPathFreeObject(o);
	return s;
}

/* Boolean value; a node without a condition always holds. */
static int
holds(struct run *r, const struct node *n, const struct xpfn_at *a)
{
	xmlXPathObjectPtr	 o;
	int			 v;

	if (n->cond.comp == NULL)
		return 1;
	if ((o = eval(r, &n->cond, n->line, a)) == NULL)
		return 0;
	v = xmlXPathCastToBoolean(o);
	xmlXPathFreeObject(o);
	return v;
}

/* The node-set selected by n's select=; NULL on error.  Free it. */
static xmlXPathObjectPtr
eval_nodes(struct run *r, const struct node *n, const struct xpfn_at *a)
{
	xmlXPathObjectPtr	 o;

	if ((o = eval(r, &n->sel, n->line, a)) == NULL)
		return NULL;
	if (o->type != XPATH_NODESET) {
		diag_add(r->d, SEV_ERROR, CODE, r->at, n->line, 0,
		    "表达式 \"%s\" 选不出节点;请写一个选出元素的路径", n->sel.src);
		r->bad = 1;
		xmlXPathFreeObject(o);
		return NULL;
	}
	return o;
}

static int
nodes_count(xmlXPathObjectPtr o)
{
	return o->nodesetval != NULL ? o->nodesetval->nodeNr : 0;
}

/* A template text with its expressions filled in; caller frees. */
static char *
tpl_str(struct run *r, const struct tpl *t, int line, const struct xpfn_at *a)
{
	struct buf	 b = { NULL, 0, 0 };
	char		*s;
	size_t		 i;

	buf_add(&b, "", 0);
	for (i = 0; i < t->n; i++) {
		if (t->v[i].lit != NULL) {
			buf_adds(&b, t->v[i].lit);
			continue;
		}
		s = eval_str(r, &t->v[i].x, line, a, NULL);
		buf_adds(&b, s);
		free(s);
	}
	return b.s;
}

/* ---------------------------------------------------------------- */
/* Loading: text and attribute values. */

static int
is_wide_at(const char *s, const char *e)
{
	long	 c;

	if (s >= e)
		return 0;
	c = utf8_next(&s, e);
	return c >= 0x2E80;
}

/* Whether the character ending at e (after s) is wide. */
static int
is_wide_before(const char *s, const char *e)
{
	const char	*p = e;

	while (p > s && ((unsigned char)p[-1] & 0xC0) == 0x80)
		p--;
	if (p > s)
		p--;
	while (p > s && ((unsigned char)*p & 0xC0) == 0x80)
		p--;
	return p < e && is_wide_at(p, e);
}

/*
 * Template text as shown: a run of white space holding a line break
 * goes where it touches an edge (edge_l/edge_r: the text ends there)
 * or a CJK character, else becomes one space; other runs become one
 * space.  Caller frees.
 */
static char *
normalize(const char *s, int edge_l, int edge_r)
{
	struct buf	 b = { NULL, 0, 0 };
	const char	*p = s, *q, *e = s + strlen(s);
	int		 nl, drop;

	buf_add(&b, "", 0);
	while (p < e) {
		if (!isspace((unsigned char)*p)) {
			buf_addc(&b, *p++);
			continue;
		}
		for (q = p, nl = 0; q < e && isspace((unsigned char)*q); q++)
			nl |= *q == '\n';
		drop = nl && ((p == s && edge_l) || (q == e && edge_r) ||
		    is_wide_before(s, p) || is_wide_at(q, e));
		if (!drop)
			buf_addc(&b, ' ');
		p = q;
	}
	return b.s;
}

static void
tpl_add(struct tpl *t, char *lit, const char *xsrc)
{
	t->v = xrealloc(t->v, (t->n + 1) * sizeof(*t->v));
	memset(&t->v[t->n], 0, sizeof(*t->v));
	t->v[t->n].lit = lit;
	if (xsrc != NULL)
		t->v[t->n].x.src = xstrdup(xsrc);
	t->n++;
}

/* End of an {expression} starting after "{": its "}", skipping quotes. */
static const char *
brace_end(const char *p)
{
	const char	*q;

	for (; *p != '\0' && *p != '}'; p++)
		if ((*p == '\'' || *p == '"') && (q = strchr(p + 1, *p)) != NULL)
			p = q;
	return *p == '}' ? p : NULL;
}

/*
 * Split text into literals and {expressions} ("{{", "}}" are braces);
 * norm: normalise literal white space (see normalize), edges at the
 * ends of the text.  Expressions are compiled later by tpl_compile.
 */
static int
tpl_split(struct layout *L, const char *s, int line, int norm,
    struct tpl *t, struct diag *d)
{
	struct buf	 lit = { NULL, 0, 0 };
	const char	*e;
	char		*x;
	int		 first = 1;

	buf_add(&lit, "", 0);
	while (*s != '\0') {
		if ((s[0] == '{' && s[1] == '{') || (s[0] == '}' && s[1] == '}')) {
			buf_addc(&lit, *s);
			s += 2;
			continue;
		}
		if (*s == '}') {
			diag_add(d, SEV_ERROR, CODE, L->at, line, 0,
			    "文字中的 \"}\" 没有配对;要写 } 本身请写 \"}}\"");
			buf_free(&lit);
			return -1;
		}
		if (*s != '{') {
			buf_addc(&lit, *s++);
			continue;
		}
		if ((e = brace_end(s + 1)) == NULL) {
			diag_add(d, SEV_ERROR, CODE, L->at, line, 0,
			    "文字中的 \"{\" 没有结束;要写 { 本身请写 \"{{\"");
			buf_free(&lit);
			return -1;
		}
		if (lit.len > 0 || !first)
			tpl_add(t, norm ? normalize(lit.s, first, 0) :
			    xstrdup(lit.s), NULL);
		buf_reset(&lit);
		buf_add(&lit, "", 0);
		x = xstrndup(s + 1, (size_t)(e - s - 1));
		tpl_add(t, NULL, x);
		free(x);
		first = 0;
		s = e + 1;
	}
	if (lit.len > 0)
		tpl_add(t, norm ? normalize(lit.s, first, 1) : xstrdup(lit.s),
		    NULL);
	buf_free(&lit);
	return 0;
}

static int
tpl_compile(struct layout *L, const char *s, int line, int norm,
    struct tpl *t, struct diag *d)
{
	size_t	 i;
	char	*src;
	int	 rc = 0;

	if (tpl_split(L, s, line, norm, t, d) != 0)
		return -1;
	for (i = 0; i < t->n; i++) {
		if (t->v[i].lit != NULL)
			continue;
		src = t->v[i].x.src;
		t->v[i].x.src = NULL;
		if (compile(L, line, src, 0, &t->v[i].x, d) != 0)
			rc = -1;
		free(src);
	}
	return rc;
}

static void
tpl_free(struct tpl *t)
{
	size_t	 i;

	for (i = 0; i < t->n; i++) {
		free(t->v[i].lit);
		xpfn_expr_free(&t->v[i].x);
	}
	free(t->v);
}

/* ---------------------------------------------------------------- */
/* Loading: attribute values. */

static const struct elem *
elem_find(const xmlChar *name)
{
	const struct elem	*e;

	for (e = elems; e->name != NULL; e++)
		if (xmlStrEqual(name, BAD_CAST e->name))
			return e;
	return NULL;
}

/* Whether word is one of the space-separated words of list. */
static int
word_in(const char *list, const char *word)
{
	size_t	 n = strlen(word);
	const char *p;

	for (p = list; (p = strstr(p, word)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') &&
		    (p[n] == '\0' || p[n] == ' '))
			return 1;
	return 0;
}

/* Every attribute of e must be if= or one of allowed. */
static int
check_attrs(struct layout *L, xmlNodePtr e, const char *allowed,
    struct diag *d)
{
	xmlAttrPtr	 a;
	int		 bad = 0;

	for (a = e->properties; a != NULL; a = a->next) {
		if (a->ns == NULL && (xmlStrEqual(a->name, BAD_CAST "if") ||
		    word_in(allowed, (const char *)a->name)))
			continue;
		diag_add(d, SEV_ERROR, CODE, L->at, (int)xmlGetLineNo(e), 0,
		    "<%s> 没有 \"%s\" 这个属性", (const char *)e->name,
		    (const char *)a->name);
		bad = -1;
	}
	return bad;
}

/* Attribute value (a copy the caller frees with xmlFree), or NULL. */
static char *
attr(xmlNodePtr e, const char *name)
{
	return (char *)xmlGetNoNsProp(e, BAD_CAST name);
}

static int
attr_bad(struct layout *L, xmlNodePtr e, const char *name, const char *v,
    const char *want, struct diag *d)
{
	diag_add(d, SEV_ERROR, CODE, L->at, (int)xmlGetLineNo(e), 0,
	    "<%s %s=\"%s\">: 应为 %s", (const char *)e->name, name, v,
	    want);
	return -1;
}

/* One of the words of choices ("a|b|c"): its index, or *out unchanged. */
static int
attr_choice(struct layout *L, xmlNodePtr e, const char *name,
    const char *choices, int *out, struct diag *d)
{
	char		*v = attr(e, name);
	const char	*p = choices, *q;
	int		 i = 0, rc = 0;

	if (v == NULL)
		return 0;
	for (;; i++) {
		q = strchr(p, '|');
		if (strlen(v) == (q ? (size_t)(q - p) : strlen(p)) &&
		    strncmp(p, v, strlen(v)) == 0) {
			*out = i;
			break;
		}
		if (q == NULL) {
			rc = attr_bad(L, e, name, v, choices, d);
			break;
		}
		p = q + 1;
	}
	xmlFree(v);
	return rc;
}

/* A number within [lo, hi]; *out unchanged when absent. */
static int
attr_num(struct layout *L, xmlNodePtr e, const char *name, double lo,
    double hi, double *out, struct diag *d)
{
	char	*v = attr(e, name), *end;
	double	 x;
	int	 rc = 0;

	if (v == NULL)
		return 0;
	x = strtod(v, &end);
	if (end == v || *end != '\0' || !(x >= lo && x <= hi))
		rc = attr_bad(L, e, name, v, "一个数", d);
	else
		*out = x;
	xmlFree(v);
	return rc;
}

/* An expression attribute; absent is fine unless required. */
static int
attr_expr(struct layout *L, xmlNodePtr e, const char *name, int nodes,
    int required, struct xpfn_expr *x, struct diag *d)
{
	char	*v = attr(e, name);
	int	 rc;

	if (v == NULL) {
		if (!required)
			return 0;
		diag_add(d, SEV_ERROR, CODE, L->at, (int)xmlGetLineNo(e), 0,
		    "<%s> 缺少 %s= 属性", (const char *)e->name, name);
		return -1;
	}
	rc = compile(L, (int)xmlGetLineNo(e), v, nodes, x, d);
	xmlFree(v);
	return rc;
}

/* An attribute holding text with {xpath} parts. */
static int
attr_tpl(struct layout *L, xmlNodePtr e, const char *name, struct tpl *t,
    struct diag *d)
{
	char	*v = attr(e, name);
	int	 rc;

	if (v == NULL)
		return 0;
	rc = tpl_compile(L, v, (int)xmlGetLineNo(e), 0, t, d);
	xmlFree(v);
	return rc;
}

/* "30mm" is a fixed width, a plain number a share of what is left. */
static int
attr_width(struct layout *L, xmlNodePtr e, struct pdf_col *c,
    struct diag *d)
{
	char	*v = attr(e, "width"), *end;
	double	 x;
	int	 rc = 0;

	if (v == NULL)
		return 0;
	x = strtod(v, &end);
	if (end == v || !(x > 0 && x < 1000))
		rc = attr_bad(L, e, "width", v, "\"30mm\" 这样的长度或一个份数", d);
	else if (strcmp(end, "mm") == 0)
		c->mm = x;
	else if (*end == '\0')
		c->frac = x;
	else
		rc = attr_bad(L, e, "width", v, "\"30mm\" 这样的长度或一个份数", d);
	xmlFree(v);
	return rc;
}

static int
attr_yes(struct layout *L, xmlNodePtr e, const char *name, int flag,
    int *flags, struct diag *d)
{
	int	 v = -1;

	if (attr_choice(L, e, name, "no|yes", &v, d) != 0)
		return -1;
	if (v == 1)
		*flags |= flag;
	else if (v == 0)
		*flags &= ~flag;
	return 0;
}

/* ---------------------------------------------------------------- */
/* Loading: elements. */

static void
node_free(struct node *n)
{
	struct node	*k;

	while (n != NULL) {
		k = n->next;
		node_free(n->kids);
		xpfn_expr_free(&n->cond);
		xpfn_expr_free(&n->sel);
		xpfn_expr_free(&n->x2);
		xpfn_expr_free(&n->x3);
		xpfn_expr_free(&n->x4);
		tpl_free(&n->text);
		tpl_free(&n->t2);
		tpl_free(&n->t3);
		free(n->where);
		free(n->carry_out);
		free(n->carry_in);
		free(n->file);
		free(n);
		n = k;
	}
}

/*
 * The line of e: where its start tag ends for an element.  libxml2
 * numbers a text node somewhere inside it, so the text that opens an
 * element is counted from its parent's start tag to its first
 * character that is not white space; other text keeps that number.
 */
static int
line_of(xmlNodePtr e)
{
	const char	*s;
	int		 line;

	if (e->type != XML_TEXT_NODE || e->content == NULL ||
	    e->prev != NULL || e->parent == NULL)
		return (int)xmlGetLineNo(e);
	line = (int)xmlGetLineNo(e->parent);
	for (s = (const char *)e->content; isspace((unsigned char)*s); s++)
		if (*s == '\n')
			line++;
	return line;
}

static struct node *
node_new(struct layout *L, enum kind k, xmlNodePtr e)
{
	struct node	*n = xcalloc(1, sizeof(*n));

	n->kind = k;
	n->line = line_of(e);
	n->where = xasprintf("%s:%d", L->at, n->line);
	return n;
}

static int	 parse_kids(struct layout *, xmlNodePtr, enum mode,
		    struct node **, struct diag *);
static int	 prep_sections(struct layout *, struct node *, xmlNodePtr,
		    struct diag *);

static int
prep_heading(struct layout *L, struct node *n, xmlNodePtr e,
    struct diag *d)
{
	int	 level = 0, align = 0, rc;

	rc = attr_choice(L, e, "level", "1|2|3", &level, d);
	rc |= attr_choice(L, e, "align", "left|center", &align, d);
	n->level = level + 1;
	n->center = align;
	return rc;
}

static int
prep_p(struct layout *L, struct node *n, xmlNodePtr e, struct diag *d)
{
	int	 align = 0, rc;

	rc = attr_choice(L, e, "align", "left|center|right", &align, d);
	n->flags = align == 1 ? PDF_PARA_CENTER :
	    align == 2 ? PDF_PARA_RIGHT : 0;
	rc |= attr_yes(L, e, "indent", PDF_INDENT, &n->flags, d);
	align = 0;
	rc |= attr_choice(L, e, "size", "normal|small", &align, d);
	if (align == 1)
		n->flags |= PDF_SMALL;
	rc |= attr_tpl(L, e, "link", &n->t2, d);
	return rc;
}

static int
prep_markdown(struct layout *L, struct node *n, xmlNodePtr e,
    struct diag *d)
{
	double	 off = 0;
	int	 rc;

	rc = attr_expr(L, e, "select", 0, 1, &n->sel, d);
	rc |= attr_num(L, e, "heading-offset", 0, 2, &off, d);
	rc |= attr_yes(L, e, "indent", PDF_INDENT, &n->flags, d);
	n->level = (int)off;
	return rc;
}

static int
prep_list(struct layout *L, struct node *n, xmlNodePtr e, struct diag *d)
{
	int	 t = 0, rc;

	rc = attr_choice(L, e, "type", "bullet|numbered", &t, d);
	n->list = t ? PDF_NUMBERED : PDF_BULLET;
	return rc;
}

static int
prep_table(struct layout *L, struct node *n, xmlNodePtr e, struct diag *d)
{
	char	*v;
	int	 rc, carry = 0;

	rc = attr_expr(L, e, "select", 1, 0, &n->sel, d);
	n->flags = PDF_TBL_GRID;
	rc |= attr_yes(L, e, "grid", PDF_TBL_GRID, &n->flags, d);
	rc |= attr_yes(L, e, "zebra", PDF_TBL_ZEBRA, &n->flags, d);
	rc |= attr_yes(L, e, "rules", PDF_TBL_RULES, &n->flags, d);
	rc |= attr_num(L, e, "size", 4, 30, &n->size, d);
	rc |= attr_yes(L, e, "locate", PDF_TBL_LOCATE, &n->flags, d);
	rc |= attr_expr(L, e, "group", 0, 0, &n->x4, d);
	rc |= attr_tpl(L, e, "group-total", &n->t2, d);
	rc |= attr_tpl(L, e, "group-cumulative", &n->t3, d);
	rc |= attr_yes(L, e, "carry", 1, &carry, d);
	if (carry) {
		v = attr(e, "carry-out");
		n->carry_out = xstrdup(v ? v : "过次页");
		xmlFree(v);
		v = attr(e, "carry-in");
		n->carry_in = xstrdup(v ? v : "承前页");
		xmlFree(v);
	}
	return rc;
}

static int
prep_column(struct layout *L, struct node *n, xmlNodePtr e, struct diag *d)
{
	int	 align = 0, f = 0, rc;

	rc = attr_tpl(L, e, "header", &n->text, d);
	rc |= attr_width(L, e, &n->col, d);
	rc |= attr_choice(L, e, "align", "left|center|right|decimal", &align,
	    d);
	n->col.align = align == 3 ? PDF_ALIGN_DECIMAL : align == 2 ?
	    PDF_ALIGN_RIGHT : align == 1 ? PDF_ALIGN_CENTER : PDF_ALIGN_LEFT;
	rc |= attr_expr(L, e, "select", 0, 0, &n->sel, d);
	rc |= attr_expr(L, e, "total", 0, 0, &n->x2, d);
	rc |= attr_expr(L, e, "sum", 0, 0, &n->x3, d);
	rc |= attr_expr(L, e, "running", 0, 0, &n->x4, d);
	rc |= attr_yes(L, e, "label", 1, &n->flags, d);
	rc |= attr_choice(L, e, "sum-format", "money|count", &f, d);
	n->fmt = f ? FMT_COUNT : FMT_MONEY;
	return rc;
}

static int
prep_chart(struct layout *L, struct node *n, xmlNodePtr e, struct diag *d)
{
	int	 f = 0, rc;

	rc = attr_tpl(L, e, "title", &n->text, d);
	rc |= attr_expr(L, e, "select", 1, 1, &n->sel, d);
	rc |= attr_expr(L, e, "label", 0, 1, &n->x2, d);
	rc |= attr_expr(L, e, "value", 0, 1, &n->x3, d);
	rc |= attr_choice(L, e, "format", "count|money", &f, d);
	n->fmt = f ? FMT_MONEY : FMT_COUNT;
	return rc;
}

static int
prep_seal(struct layout *L, struct node *n, xmlNodePtr e, struct diag *d)
{
	int	 rc;

	n->w = n->h = 40;
	rc = attr_num(L, e, "width", 5, 180, &n->w, d);
	rc |= attr_num(L, e, "height", 5, 250, &n->h, d);
	return rc;
}

static int
prep_pagebreak(struct layout *L, struct node *n, xmlNodePtr e,
    struct diag *d)
{
	int	 o = -1, rc;

	rc = attr_choice(L, e, "orient", "portrait|landscape", &o, d);
	n->has_orient = o >= 0;
	n->orient = o == 1 ? PDF_LANDSCAPE : PDF_PORTRAIT;
	return rc;
}

/* Attributes of element e, by kind; -1 after findings. */
static int
prep(struct layout *L, struct node *n, xmlNodePtr e, struct diag *d)
{
	switch (n->kind) {
	case K_HEADING:
		return prep_heading(L, n, e, d);
	case K_P:
		return prep_p(L, n, e, d);
	case K_MARKDOWN:
		return prep_markdown(L, n, e, d);
	case K_LIST:
		return prep_list(L, n, e, d);
	case K_TABLE:
		return prep_table(L, n, e, d);
	case K_COLUMN:
		return prep_column(L, n, e, d);
	case K_CHART:
		return prep_chart(L, n, e, d);
	case K_SEAL:
		return prep_seal(L, n, e, d);
	case K_PAGEBREAK:
		return prep_pagebreak(L, n, e, d);
	case K_ROW:
		return attr_yes(L, e, "bold", PDF_ROW_BOLD, &n->flags, d);
	case K_SPACE:
	case K_NEED:
		n->mm = 5;
		return attr_num(L, e, "mm", 0, 300, &n->mm, d);
	case K_QR:
		n->mm = 30;
		return attr_num(L, e, "size", 15, 100, &n->mm, d);
	case K_CONTENTS:
		L->contents = 1;
		n->mm = 2;
		return attr_num(L, e, "levels", 1, 3, &n->mm, d);
	case K_IF:
		return attr_expr(L, e, "test", 0, 1, &n->cond, d);
	case K_FOREACH:
		return attr_expr(L, e, "select", 1, 1, &n->sel, d);
	case K_SECTIONS:
		return prep_sections(L, n, e, d);
	case K_VALUE:
		return attr_expr(L, e, "select", 0, 1, &n->sel, d);
	default:
		return 0;
	}
}

static const char *
mode_name(enum mode m)
{
	switch (m) {
	case M_LIST:
		return "<list>";
	case M_TABLE:
		return "<table>";
	case M_ROW:
		return "<row>";
	case M_SEAL:
		return "<seal>";
	case M_INLINE:
		return "文字";
	case M_NONE:
		return "空元素";
	default:
		return "文档正文";
	}
}

/* Element e where m is held; NULL after findings. */
static struct node *
parse_elem(struct layout *L, xmlNodePtr e, enum mode m, struct diag *d)
{
	const struct elem	*el;
	struct node		*n;
	int			 line = (int)xmlGetLineNo(e), rc;

	if (e->ns != NULL || (el = elem_find(e->name)) == NULL) {
		diag_add(d, SEV_ERROR, CODE, L->at, line, 0,
		    "没有 <%s> 这个元素", (const char *)e->name);
		return NULL;
	}
	if (el->in != M_SAME ? el->in != m :
	    m == M_TABLE || m == M_ROW || m == M_NONE) {
		diag_add(d, SEV_ERROR, CODE, L->at, line, 0,
		    "<%s> 不能出现在%s里", el->name, mode_name(m));
		return NULL;
	}
	n = node_new(L, el->kind, e);
	n->holds = el->holds == M_SAME ? m : el->holds;
	rc = check_attrs(L, e, el->attrs, d);
	if (el->kind != K_IF)
		rc |= attr_expr(L, e, "if", 0, 0, &n->cond, d);
	rc |= prep(L, n, e, d);
	rc |= parse_kids(L, e->children, n->holds, &n->kids, d);
	if (rc != 0) {
		node_free(n);
		return NULL;
	}
	return n;
}

/* A text node of template e in mode m. */
static struct node *
parse_text(struct layout *L, xmlNodePtr e, enum mode m, struct diag *d)
{
	const char	*s = (const char *)e->content;
	struct node	*n;

	if (m != M_INLINE) {
		if (s[strspn(s, " \t\r\n")] == '\0')
			return NULL;
		diag_add(d, SEV_ERROR, CODE, L->at, line_of(e), 0,
		    "%s里不能直接写文字;请放进 <p>", mode_name(m));
		return NULL;
	}
	n = node_new(L, K_TEXT, e);
	if (tpl_compile(L, s, n->line, 1, &n->text, d) != 0) {
		node_free(n);
		return NULL;
	}
	return n;
}

/* Children from e on, held in mode m, appended to *out; -1 on findings. */
static int
parse_kids(struct layout *L, xmlNodePtr e, enum mode m, struct node **out,
    struct diag *d)
{
	struct node	**tail = out, *n;
	const char	*s;
	int		 rc = 0;

	for (; e != NULL; e = e->next) {
		n = NULL;
		if (e->type == XML_ELEMENT_NODE) {
			if ((n = parse_elem(L, e, m, d)) == NULL)
				rc = -1;
		} else if (e->type == XML_TEXT_NODE) {
			s = (const char *)e->content;
			n = parse_text(L, e, m, d);
			if (n == NULL && s[strspn(s, " \t\r\n")] != '\0')
				rc = -1;
		} else if (e->type == XML_ENTITY_REF_NODE) {
			diag_add(d, SEV_ERROR, CODE, L->at,
			    (int)xmlGetLineNo(e), 0, "没有 &%s; 这个实体;请直接写字符",
			    (const char *)e->name);
			rc = -1;
		}
		if (n != NULL) {
			*tail = n;
			tail = &n->next;
		}
	}
	return rc;
}

/* margin="all", "vertical horizontal" or "top right bottom left" (mm). */
static int
doc_margin(struct layout *L, xmlNodePtr e, struct diag *d)
{
	char	*v = attr(e, "margin"), *p, *end;
	double	 m[4];
	int	 n = 0, rc = 0;

	if (v == NULL)
		return 0;
	for (p = v; n < 4; p = end, n++) {
		m[n] = strtod(p, &end);
		if (end == p || !(m[n] > 0 && m[n] < 100))
			break;
	}
	if (*p != '\0' || n == 3 || n == 0)
		rc = attr_bad(L, e, "margin", v, "1、2 或 4 个以毫米计的长度", d);
	else if (n == 1)
		m[1] = m[2] = m[3] = m[0];
	else if (n == 2) {
		m[2] = m[0];
		m[3] = m[1];
	}
	if (rc == 0)
		memcpy(L->margin, m, sizeof(m));
	xmlFree(v);
	return rc;
}

/* The attributes of <document>. */
static int
doc_attrs(struct layout *L, xmlNodePtr e, struct diag *d)
{
	int	 v = 0, o = 0, size = 0, face = 0, rc;

	rc = check_attrs(L, e, doc_attr_names, d);
	rc |= attr_expr(L, e, "if", 0, 0, &L->root->cond, d);
	rc |= attr_choice(L, e, "view", "public|private", &v, d);
	rc |= attr_tpl(L, e, "title", &L->title, d);
	rc |= attr_tpl(L, e, "author", &L->author, d);
	rc |= attr_tpl(L, e, "subject", &L->subject, d);
	rc |= attr_tpl(L, e, "keywords", &L->keywords, d);
	rc |= attr_choice(L, e, "size", "A4", &size, d);
	rc |= attr_choice(L, e, "orient", "portrait|landscape", &o, d);
	L->orient = o ? PDF_LANDSCAPE : PDF_PORTRAIT;
	rc |= doc_margin(L, e, d);
	rc |= attr_num(L, e, "font-size", 6, 20, &L->size, d);
	rc |= attr_choice(L, e, "body-font", "sans|song", &face, d);
	L->body = face ? PDF_FACE_SONG : PDF_FACE_SANS;
	L->footer = 1;
	rc |= attr_yes(L, e, "page-numbers", 1, &L->footer, d);
	return rc;
}

/*
 * Parser errors: keep the first, which names the real mistake.  arg is
 * the parser context (its userData), which carries the layout.
 */
static void
xml_error(void *arg, xmlErrorPtr e)
{
	struct layout	*L = ((xmlParserCtxtPtr)arg)->_private;
	size_t		 n;

	if (L->xmlmsg != NULL || e->level < XML_ERR_ERROR)
		return;
	L->xmlmsg = xstrdup(e->message != NULL ? e->message : "XML error");
	n = strlen(L->xmlmsg);
	while (n > 0 && isspace((unsigned char)L->xmlmsg[n - 1]))
		L->xmlmsg[--n] = '\0';
	L->xline = e->line;
}

/* Parse text (len bytes, freed here) read from path; NULL after a finding. */
static xmlDocPtr
read_xml(struct layout *L, const char *path, char *text, size_t len,
    struct diag *d)
{
	xmlParserCtxtPtr	 pc;
	xmlDocPtr		 doc;

	if ((pc = xmlNewParserCtxt()) == NULL) {
		free(text);
		sys_fatal("无法创建 XML 解析器");
	}
	pc->sax->serror = xml_error;
	pc->_private = L;
	doc = len > INT_MAX ? NULL : xmlCtxtReadMemory(pc, text, (int)len,
	    path, "UTF-8", XML_OPTS);
	free(text);
	if (doc == NULL || !pc->wellFormed || L->xmlmsg != NULL) {
		diag_add(d, SEV_ERROR, CODE, path, L->xline, 0, "模板不是合规的 XML: %s",
		    L->xmlmsg != NULL ? L->xmlmsg : "模板无法解析");
		xmlFreeDoc(doc);
		doc = NULL;
	}
	free(L->xmlmsg);
	L->xmlmsg = NULL;
	xmlFreeParserCtxt(pc);
	return doc;
}

/*
 * The root element of the XML file at path, which must be <name> in no
 * namespace, or NULL.  A file that cannot be read sets *err to errno
 * and is no finding, for the caller to say which file it wanted and
 * why (*err stays 0 otherwise); one that is not XML is a finding at its
 * line, one with another root is the finding msg at the root's line.
 * The caller frees the document: xmlFreeDoc(root->doc).
 */
static xmlNodePtr
load_root(struct layout *L, const char *path, const char *name,
    const char *msg, int *err, struct diag *d)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 root;
	char		*text;
	size_t		 len;

	*err = 0;
	if ((text = file_read(path, &len)) == NULL) {
		*err = errno != 0 ? errno : EIO;
		return NULL;
	}
	if ((doc = read_xml(L, path, text, len, d)) == NULL)
		return NULL;
	root = xmlDocGetRootElement(doc);
	if (root == NULL || root->ns != NULL ||
	    !xmlStrEqual(root->name, BAD_CAST name)) {
		diag_add(d, SEV_ERROR, CODE, path, root != NULL ?
		    (int)xmlGetLineNo(root) : 0, 0, "%s", msg);
		xmlFreeDoc(doc);
		return NULL;
	}
	return root;
}

/* ---------------------------------------------------------------- */
/* Loading: the registry's sections (<sections/>). */

/* pdf/audit for the template at path (pdf/audit.xml): audit/ beside it. */
static char *
section_dir(const char *path)
{
	const char	*slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup("audit");
	return xasprintf("%.*s/audit", (int)(slash - path), path);
}

/* pdf/audit/<name>.xml for the template at path. */
static char *
section_path(const char *path, const char *name)
{
	char	*dir = section_dir(path), *file;

	file = xasprintf("%s/%s.xml", dir, name);
	free(dir);
	return file;
}

/*
 * Whether the folder of the section files is there, for a <sections/>
 * at line of L->at: 0, or -1 after one finding that names the folder
 * and says where to copy it from, instead of one per file it lacks.
 */
static int
section_dir_check(struct layout *L, int line, struct diag *d)
{
	char		*dir = section_dir(L->path);
	struct stat	 st;
	int		 err = 0;

	if (stat(dir, &st) != 0)
		err = errno;
	else if (!S_ISDIR(st.st_mode))
		err = ENOTDIR;
	if (err != 0)
		diag_add(d, SEV_ERROR, CODE, L->at, line, 0, "无法读取审计资料"
		    "各章节所在的文件夹 %s/: %s;<sections/> 从这里读取各表的"
		    "章节,请把 sunlight 自带的 templates/pdf/audit/ 整个文件夹"
		    "(安装后在 share/sunlight/templates/pdf/audit/)复制到这"
		    "里,或不用 <sections/>、在本模板里逐表写出各章节", dir,
		    sys_errstr(err));
	free(dir);
	return err != 0 ? -1 : 0;
}

/*
 * The section of table ts from its parsed file: a <section> root whose
 * if= (else the table's element: the period has the table) decides
 * whether it is drawn, and whose children are blocks.  Findings are at
 * the section file's lines (L->at is s->file meanwhile).
 */
static int
section_parse(struct layout *L, struct node *s, xmlNodePtr root,
    const struct tablespec *ts, struct diag *d)
{
	const char	*at = L->at;
	int		 rc;

	L->at = s->file;
	rc = check_attrs(L, root, "", d);
	rc |= attr_expr(L, root, "if", 0, 0, &s->cond, d);
	if (rc == 0 && s->cond.comp == NULL)
		rc = compile(L, s->line, ts->key, 0, &s->cond, d);
	rc |= parse_kids(L, root->children, M_BLOCK, &s->kids, d);
	L->at = at;
	return rc;
}

/*
 * Read the audit section of table ts (tablespec.audit) for a
 * <sections/> at line of L->at.  A file that cannot be read is a
 * finding there, saying which file the registry asks for; one that is
 * not XML, has another root or bad content, at its own lines.  NULL
 * after findings.
 */
static struct node *
section_load(struct layout *L, const struct tablespec *ts, int line,
    struct diag *d)
{
	char		*file = section_path(L->path, ts->audit);
	struct node	*s;
	xmlNodePtr	 root;
	int		 err;

	root = load_root(L, file, "section", "章节文件的根元素必须是 "
	    "<section>;请把本表的内容写在 <section>…</section> 里", &err, d);
	if (root == NULL) {
		if (err != 0)
			diag_add(d, SEV_ERROR, CODE, L->at, line, 0, "无法读取"
			    "「%s」表的审计资料章节 %s: %s;请从 sunlight 自带的 "
			    "templates/pdf/audit/ 复制 %s.xml 到那里,或不用 "
			    "<sections/>、在本模板里逐表写出各章节", ts->zh, file,
			    sys_errstr(err), ts->audit);
		free(file);
		return NULL;
	}
	s = xcalloc(1, sizeof(*s));
	s->kind = K_SECTION;
	s->holds = M_BLOCK;
	s->file = file;
	s->line = line_of(root);
	s->where = xasprintf("%s:%d", file, s->line);
	if (section_parse(L, s, root, ts, d) != 0) {
		node_free(s);
		s = NULL;
	}
	xmlFreeDoc(root->doc);
	return s;
}

/*
 * <sections/>: the audit section of every table of the registry that
 * names one, in registry order, as n's children.  A section file may
 * not hold <sections/> itself.
 */
static int
prep_sections(struct layout *L, struct node *n, xmlNodePtr e,
    struct diag *d)
{
	struct node	**tail = &n->kids, *s;
	int		 t, rc = 0;

	if (L->at != L->path) {
		diag_add(d, SEV_ERROR, CODE, L->at, line_of(e), 0,
		    "章节文件里不能写 <sections/>;它只能写在 %s 里", L->path);
		return -1;
	}
	if (section_dir_check(L, line_of(e), d) != 0)
		return -1;
	for (t = 0; t < T__MAX; t++) {
		if (tablespecs[t].audit == NULL)
			continue;
		if ((s = section_load(L, &tablespecs[t], line_of(e), d)) ==
		    NULL) {
			rc = -1;
			continue;
		}
		*tail = s;
		tail = &s->next;
	}
	return rc;
}

/*
 * page-of(label): the page (from 1) of the document being drawn where
 * the row with that source label ("data/2023-autumn/ledger.csv:173")
 * appears in a table with locate="yes", or the first such page of its
 * file; "" when there is none or nothing is being drawn.
 */
static void
fn_page_of(xmlXPathParserContextPtr ctxt, int nargs)
{
	struct layout	*L = xpfn_user(ctxt);
	xmlChar		*s;
	char		 buf[32] = "";
	size_t		 n;

	if (nargs != 1) {
		xmlXPathErr(ctxt, XPATH_INVALID_ARITY);
		return;
	}
	if ((s = xmlXPathPopString(ctxt)) == NULL)
		return;
	if (L != NULL && L->pdf != NULL &&
	    (n = pdf_locate(L->pdf, (const char *)s)) > 0)
		snprintf(buf, sizeof(buf), "%zu", n);
	xmlFree(s);
	valuePush(ctxt, xmlXPathNewString(BAD_CAST buf));
}

/*
 * section(): the number of <sections/> sections begun so far in the
 * pass being drawn: a section's own number inside it, the last one's
 * after them; 0 before any, and when nothing is drawn.
 */
static void
fn_section(xmlXPathParserContextPtr ctxt, int nargs)
{
	struct layout	*L = xpfn_user(ctxt);

	if (nargs != 0) {
		xmlXPathErr(ctxt, XPATH_INVALID_ARITY);
		return;
	}
	valuePush(ctxt, xmlXPathNewFloat(L != NULL && L->pdf != NULL ?
	    L->section : 0));
}

static struct layout *
layout_new(const char *path)
{
	struct layout	*L = xcalloc(1, sizeof(*L));

	L->path = xstrdup(path);
	L->at = L->path;
	L->X = xpfn_new(NULL, L);
	xpfn_add(L->X, "page-of", fn_page_of);
	xpfn_add(L->X, "section", fn_section);
	return L;
}

struct layout *
layout_load(const char *path, struct diag *d)
{
	struct layout	*L = layout_new(path);
	xmlNodePtr	 root;
	int		 err, rc;

	root = load_root(L, path, "document", "根元素必须是 <document>", &err,
	    d);
	if (root == NULL) {
		if (err != 0)
			diag_add(d, SEV_ERROR, CODE, path, 0, 0,
			    "无法读取模板: %s", sys_errstr(err));
		layout_free(L);
		return NULL;
	}
	L->root = node_new(L, K_DOCUMENT, root);
	rc = doc_attrs(L, root, d);
	rc |= parse_kids(L, root->children, M_BLOCK, &L->root->kids, d);
	xmlFreeDoc(root->doc);
	if (rc != 0) {
		layout_free(L);
		return NULL;
	}
	return L;
}

void
layout_free(struct layout *L)
{
	if (L == NULL)
		return;
	node_free(L->root);
	tpl_free(&L->title);
	tpl_free(&L->author);
	tpl_free(&L->subject);
	tpl_free(&L->keywords);
	xpfn_free(L->X);
	free(L->xmlmsg);
	free(L->path);
	free(L);
}

/* ---------------------------------------------------------------- */
/* Running: inline text. */

static void
sink_pdf(struct run *r, const char *src, int data, int style,
    const char *text)
{
	(void)data;
	if (*text != '\0')
		pdf_run(r->pdf, src, style, text);
}

/* Collect into r->col; the label is that of the first data seen. */
static void
sink_collect(struct run *r, const char *src, int data, int style,
    const char *text)
{
	(void)style;
	buf_adds(&r->col, text);
	if (r->colsrc == NULL || (data && !r->coldata)) {
		free(r->colsrc);
		r->colsrc = xstrdup(src);
		r->coldata = data;
	}
}

static void
run_text(struct run *r, const struct node *n, const struct xpfn_at *a,
    int style, sink_fn sink)
{
	char	*s, *src;
	size_t	 i;

	for (i = 0; i < n->text.n; i++) {
		if (n->text.v[i].lit != NULL) {
			sink(r, n->where, 0, style, n->text.v[i].lit);
			continue;
		}
		s = eval_str(r, &n->text.v[i].x, n->line, a, &src);
		sink(r, src, 1, style, s);
		free(s);
		free(src);
	}
}

static void
run_value(struct run *r, const struct node *n, const struct xpfn_at *a,
    int style, sink_fn sink)
{
	char	*s, *src;

	s = eval_str(r, &n->sel, n->line, a, &src);
	sink(r, src, 1, style, s);
	free(s);
	free(src);
}

/* for-each: kids once per selected node, in mode n->holds. */
static void
run_each(struct run *r, const struct node *n, const struct xpfn_at *a,
    int style, sink_fn sink)
{
	xmlXPathObjectPtr	 o;
	struct xpfn_at		 k;
	int			 i, cnt;

	if ((o = eval_nodes(r, n, a)) == NULL)
		return;
	cnt = nodes_count(o);
	for (i = 0; i < cnt; i++) {
		k.node = o->nodesetval->nodeTab[i];
		k.pos = i + 1;
		k.size = cnt;
		if (n->holds == M_INLINE)
			run_inline(r, n->kids, &k, style, sink);
		else if (n->holds == M_LIST)
			run_list(r, n->kids, &k);
		else
			run_blocks(r, n->kids, &k);
	}
	xmlXPathFreeObject(o);
}

static void
run_inline(struct run *r, struct node *n, const struct xpfn_at *a, int style,
    sink_fn sink)
{
	for (; n != NULL; n = n->next) {
		if (!holds(r, n, a))
			continue;
		switch (n->kind) {
		case K_TEXT:
			run_text(r, n, a, style, sink);
			break;
		case K_VALUE:
			run_value(r, n, a, style, sink);
			break;
		case K_B:
			run_inline(r, n->kids, a, style | PDF_BOLD, sink);
			break;
		case K_EM:
			run_inline(r, n->kids, a, style | PDF_EM, sink);
			break;
		case K_BR:
			sink(r, n->where, 0, style, "\n");
			break;
		case K_IF:
			run_inline(r, n->kids, a, style, sink);
			break;
		case K_FOREACH:
			run_each(r, n, a, style, sink);
			break;
		default:
			break;
		}
	}
}

/* The inline content of n as one string; *src its label.  Free both. */
static char *
collect(struct run *r, struct node *kids, const struct xpfn_at *a, char **src)
{
	char	*s;

	buf_reset(&r->col);
	buf_add(&r->col, "", 0);
	r->colsrc = NULL;
	r->coldata = 0;
	run_inline(r, kids, a, 0, sink_collect);
	s = xstrdup(r->col.s);
	*src = r->colsrc;
	r->colsrc = NULL;
	return s;
}

/* ---------------------------------------------------------------- */
/* Running: Markdown. */

/* One Markdown source: where its lines are, and the running state. */
struct md {
	struct run	*r;
	const char	*file;		/* label without line */
	int		 base;		/* line of the text's first line; 0: unknown */
	int		 offset;	/* heading-offset */
	int		 indent;	/* PDF_INDENT for body paragraphs */
	int		 em;		/* depth of emphasis */
	int		 strong;
	int		 lists;
};

static char *
md_src(const struct md *m, cmark_node *n)
{
	if (m->base > 0)
		return xasprintf("%s:%d", m->file,
		    m->base + cmark_node_get_start_line(n) - 1);
	return xstrdup(m->file);
}

/* Append the text of n's inline descendants to b. */
static void
md_text(cmark_node *n, struct buf *b)
{
	const char	*s;

	for (n = cmark_node_first_child(n); n != NULL;
	    n = cmark_node_next(n)) {
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			if ((s = cmark_node_get_literal(n)) != NULL)
				buf_adds(b, s);
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_addc(b, ' ');
			break;
		default:
			md_text(n, b);
			break;
		}
	}
}

/*
 * A soft line break: nothing between CJK characters (Chinese is
 * written without spaces), a space between others.
 */
static const char *
md_soft(cmark_node *n)
{
	cmark_node	*p = cmark_node_previous(n), *q = cmark_node_next(n);
	const char	*a, *b;

	a = p != NULL ? cmark_node_get_literal(p) : NULL;
	b = q != NULL ? cmark_node_get_literal(q) : NULL;
	if ((a != NULL && is_wide_before(a, a + strlen(a))) ||
	    (b != NULL && is_wide_at(b, b + strlen(b))))
		return "";
	return " ";
}

static void
md_heading(struct md *m, cmark_node *n)
{
	struct buf	 b = { NULL, 0, 0 };
	char		*src = md_src(m, n);
	int		 level;

	buf_add(&b, "", 0);
	md_text(n, &b);
	level = cmark_node_get_heading_level(n) + m->offset;
	pdf_heading(m->r->pdf, level > 3 ? 3 : level, src, b.s);
	buf_free(&b);
	free(src);
}

static void
md_run(struct md *m, cmark_node *n, const char *text)
{
	char	*src = md_src(m, n);

	if (text != NULL && *text != '\0')
		pdf_run(m->r->pdf, src, (m->em ? PDF_EM : 0) |
		    (m->strong ? PDF_BOLD : 0), text);
	free(src);
}

/* One event of the walk: enter (or leave) node n. */
static void
md_event(struct md *m, cmark_iter *it, cmark_node *n, int enter)
{
	char	*src;

	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_HEADING:
		if (enter) {
			md_heading(m, n);
			cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
		}
		break;
	case CMARK_NODE_PARAGRAPH:
		if (enter)
			pdf_para_begin(m->r->pdf, m->lists ? 0 : m->indent);
		else
			pdf_para_end(m->r->pdf);
		break;
	case CMARK_NODE_LIST:
		m->lists += enter ? 1 : -1;
		if (enter)
			pdf_list_begin(m->r->pdf, cmark_node_get_list_type(n)
			    == CMARK_ORDERED_LIST ? PDF_NUMBERED : PDF_BULLET);
		else
			pdf_list_end(m->r->pdf);
		break;
	case CMARK_NODE_EMPH:
		m->em += enter ? 1 : -1;
		break;
	case CMARK_NODE_STRONG:
		m->strong += enter ? 1 : -1;
		break;
	case CMARK_NODE_TEXT:
	case CMARK_NODE_CODE:
		md_run(m, n, cmark_node_get_literal(n));
		break;
	case CMARK_NODE_SOFTBREAK:
		md_run(m, n, md_soft(n));
		break;
	case CMARK_NODE_LINEBREAK:
		md_run(m, n, "\n");
		break;
	case CMARK_NODE_CODE_BLOCK:
		src = md_src(m, n);
		pdf_para(m->r->pdf, src, 0, cmark_node_get_literal(n));
		free(src);
		break;
	case CMARK_NODE_THEMATIC_BREAK:
		pdf_rule(m->r->pdf);
		break;
	default:	/* raw HTML is dropped; links show their text */
		break;
	}
}

/*
 * <markdown select=...>: the selected text through cmark (default
 * options: raw HTML is dropped), headings to outline headings,
 * paragraphs, lists and emphasis to the engine's.  Lines are reported
 * from the text's line= attribute when the model has one.
 */
static void
run_markdown(struct run *r, const struct node *n, const struct xpfn_at *a)
{
	xmlXPathObjectPtr	 o;
	struct md		 m;
	cmark_node		*doc;
	cmark_iter		*it;
	cmark_event_type	 ev;
	xmlNodePtr		 from;
	char			*text, *file;

	if ((o = eval(r, &n->sel, n->line, a)) == NULL)
		return;
	text = xpfn_string(o);
	from = obj_node(o) != NULL ? obj_node(o) : a->node;
	file = src_label(r, from);
	memset(&m, 0, sizeof(m));
	m.r = r;
	m.file = file;
	m.base = from->type == XML_ELEMENT_NODE && prop(from, "line") ?
	    atoi(prop(from, "line")) : 0;
	m.offset = n->level;
	m.indent = n->flags & PDF_INDENT;
	doc = cmark_parse_document(text, strlen(text), CMARK_OPT_DEFAULT);
	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		md_event(&m, it, cmark_iter_get_node(it),
		    ev == CMARK_EVENT_ENTER);
	cmark_iter_free(it);
	cmark_node_free(doc);
	xmlXPathFreeObject(o);
	free(text);
	free(file);
}

/* ---------------------------------------------------------------- */
/* Running: tables. */

/* A table in progress: its active columns and carry-forward sums. */
struct trun {
	struct run	*r;
	const struct node *tn;
	struct node	**cols;
	struct pdf_col	*pcols;
	size_t		 ncols;
	int64_t		*sums;
	int64_t		*gsums;		/* of the current group */
	char		**last;		/* running= at the last row placed */
	char		(*bufs)[MONEY_BUFSZ];
	int		 hassum;
	int		 overflow;	/* reported: sums no longer added */
	size_t		 labcol;	/* where carry and subtotal labels go */
};

/* A column's sum as its sum-format says: "1,234.50" (fen) or "1234". */
static char *
sum_text(const struct node *c, int64_t v, char *buf)
{
	if (c->fmt == FMT_COUNT) {
		snprintf(buf, MONEY_BUFSZ, "%lld", (long long)v);
		return buf;
	}
	return money_format(v, buf);
}

/*
 * The carry-forward hook: labels, the sums of the rows placed, and the
 * running values of the last of them.
 */
static int
carry_cells(void *arg, enum pdf_carry which, const char **cells)
{
	struct trun	*t = arg;
	size_t		 i;

	for (i = 0; i < t->ncols; i++) {
		if (t->cols[i]->x3.comp != NULL)
			cells[i] = sum_text(t->cols[i], t->sums[i], t->bufs[i]);
		else if (t->cols[i]->x4.comp != NULL)
			cells[i] = t->last[i];
		else if (i == t->labcol)
			cells[i] = which == PDF_CARRY_OUT ? t->tn->carry_out :
			    t->tn->carry_in;
	}
	return 1;
}

/* Columns whose if= holds at a. */
static void
trun_cols(struct trun *t, const struct xpfn_at *a)
{
	struct node	*c;

	for (c = t->tn->kids; c != NULL; c = c->next)
		if (c->kind == K_COLUMN && holds(t->r, c, a))
			t->ncols++;
	t->cols = xcalloc(t->ncols + 1, sizeof(*t->cols));
	t->pcols = xcalloc(t->ncols + 1, sizeof(*t->pcols));
	t->sums = xcalloc(t->ncols + 1, sizeof(*t->sums));
	t->gsums = xcalloc(t->ncols + 1, sizeof(*t->gsums));
	t->last = xcalloc(t->ncols + 1, sizeof(*t->last));
	t->bufs = xcalloc(t->ncols + 1, sizeof(*t->bufs));
	t->ncols = 0;
	t->labcol = SIZE_MAX;
	for (c = t->tn->kids; c != NULL; c = c->next) {
		if (c->kind != K_COLUMN || !holds(t->r, c, a))
			continue;
		t->hassum |= c->x3.comp != NULL || c->x4.comp != NULL;
		if (c->flags || (t->labcol == SIZE_MAX && c->x3.comp == NULL &&
		    c->x4.comp == NULL))
			t->labcol = t->ncols;
		t->pcols[t->ncols] = c->col;
		t->cols[t->ncols++] = c;
	}
}

static void
cells_free(char **cells, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(cells[i]);
	free(cells);
}

/* The header row, when a column has a header. */
static void
trun_head(struct trun *t, const struct xpfn_at *a)
{
	char	**cells = xcalloc(t->ncols + 1, sizeof(*cells));
	size_t	 i;
	int	 any = 0;

	for (i = 0; i < t->ncols; i++) {
		any |= t->cols[i]->text.n > 0;
		cells[i] = tpl_str(t->r, &t->cols[i]->text, t->cols[i]->line,
		    a);
	}
	if (any)
		pdf_table_head(t->r->pdf, t->tn->where,
		    (const char *const *)cells);
	cells_free(cells, t->ncols);
}

/*
 * Add v to the sums of column i, or report (once per table) that they
 * would pass the range of int64_t at the row at a, which fails the run.
 */
static void
trun_sum(struct trun *t, size_t i, int64_t v, const struct xpfn_at *a)
{
	const struct node	*c = t->cols[i];
	char			*src;

	if (t->overflow)
		return;
	if (!__builtin_add_overflow(t->sums[i], v, &t->sums[i]) &&
	    !__builtin_add_overflow(t->gsums[i], v, &t->gsums[i]))
		return;
	src = src_label(t->r, a->node);
	diag_add(t->r->d, SEV_ERROR, CODE, t->r->at, c->line, 0,
	    "合计 \"%s\" 在 %s 处超出可表示的范围", c->x3.src, src);
	free(src);
	t->overflow = 1;
	t->r->bad = 1;
}

/*
 * Add the sum= values of the row at a to the running sums and those of
 * its group; keep its running= values.
 */
static void
trun_add(struct trun *t, const struct xpfn_at *a)
{
	xmlXPathObjectPtr	 o;
	const struct node	*c;
	int64_t			 v;
	size_t			 i;

	for (i = 0; i < t->ncols; i++) {
		c = t->cols[i];
		if (c->x4.comp != NULL) {
			free(t->last[i]);
			t->last[i] = eval_str(t->r, &c->x4, c->line, a, NULL);
		}
		if (c->x3.comp == NULL ||
		    (o = eval(t->r, &c->x3, c->line, a)) == NULL)
			continue;
		if (xpfn_int(o, &v) == 0)
			trun_sum(t, i, v, a);
		else if (o->type != XPATH_NODESET || nodes_count(o) > 0) {
			diag_add(t->r->d, SEV_ERROR, CODE, t->r->at,
			    c->line, 0, "合计 \"%s\" 不是整数",
			    c->x3.src);
			t->r->bad = 1;
		}
		xmlXPathFreeObject(o);
	}
}

/*
 * The period name and table file of the register row n (from its
 * ancestors in the model document); NULL members when not found.
 */
static void
row_place(xmlNodePtr n, const char **period, const char **file)
{
	xmlNodePtr	 e;

	*period = *file = NULL;
	for (e = n; e != NULL && e->type == XML_ELEMENT_NODE; e = e->parent) {
		if (*file == NULL)
			*file = prop(e, "file");
		if (*period == NULL && xmlStrEqual(e->name, BAD_CAST "period"))
			*period = prop(e, "name");
	}
}

/*
 * The table of the model read from file in period, and its row at
 * line with the index of its longest cell (the one that makes the row
 * tall); NULL when the model is not at hand or has no such row.
 */
static const struct row *
model_row(const struct model *m, const char *period, const char *file,
    int line, const struct table **tab, int *longest)
{
	const struct period	*p;
	const struct table	*t;
	size_t			 i, j, k;
	int			 c;

	for (i = 0; m != NULL && period != NULL && file != NULL &&
	    i < m->nperiods; i++) {
		if (strcmp((p = m->periods[i])->name, period) != 0)
			continue;
		for (k = 0; k < T__MAX; k++) {
			if ((t = p->t[k]) == NULL || strcmp(t->file, file) != 0)
				continue;
			for (j = 0; j < t->nrows && t->rows[j].line != line; j++)
				continue;
			if (j == t->nrows)
				return NULL;
			*longest = 0;
			for (c = 1; c < t->spec->ncols; c++)
				if (strlen(t->rows[j].v[c].s) >
				    strlen(t->rows[j].v[*longest].s))
					*longest = c;
			*tab = t;
			return &t->rows[j];
		}
		return NULL;
	}
	return NULL;
}

/*
 * A register row that would not fit on a page of its own is an error
 * at the cell behind it (the longest of its row), not pages of one
 * row: a cell is a sentence or two, not a chapter.
 */
static void
row_too_tall(struct trun *t, xmlNodePtr n, size_t need)
{
	struct run		*r = t->r;
	const struct table	*tab;
	const struct row	*row;
	const char		*period, *file;
	char			*where, *zh;
	const char		*tmpl = strrchr(r->L->path, '/');
	int			 line = node_line(r, n), c;
	size_t			 room = pdf_table_page_lines(r->pdf);

	tmpl = tmpl != NULL ? tmpl + 1 : r->L->path;

	row_place(n, &period, &file);
	if ((row = model_row(r->env->model, period, file, line, &tab, &c))
	    != NULL) {
		zh = xasprintf("「%s」", tab->spec->cols[c].zh);
		diag_add(r->d, SEV_ERROR, "pdf.row-too-tall", tab->where,
		    line, row->v[c].col, "这一行在 %s 里折成 %zu 行,一页最多排 "
		    "%zu 行,一行不能跨页;%s一格请只写一两句话,详情写进工作"
		    "总结或另附文件", tmpl, need, room, zh);
		free(zh);
	} else {
		where = src_label(r, n);
		diag_add(r->d, SEV_ERROR, "pdf.row-too-tall", where, 0, 0,
		    "这一行在 %s 里折成 %zu 行,一页最多排 %zu 行,一行不能"
		    "跨页;请把这一行的文字缩短", tmpl, need,
		    room);
		free(where);
	}
	r->bad = 1;
}

/*
 * One row: cells from each column's select= (or, for the total row,
 * total=, else the sum of sum=) at a.  A row of data (one with a line)
 * must fit on one page.
 */
static void
trun_row(struct trun *t, const struct xpfn_at *a, int total)
{
	char		**cells = xcalloc(t->ncols + 1, sizeof(*cells));
	char		*src = src_label(t->r, a->node);
	char		 buf[MONEY_BUFSZ];
	const struct node *c;
	size_t		 i, need;
	int		 data;

	for (i = 0; i < t->ncols; i++) {
		c = t->cols[i];
		if (!total && c->sel.comp != NULL)
			cells[i] = eval_str(t->r, &c->sel, c->line, a, NULL);
		else if (total && c->x2.comp != NULL)
			cells[i] = eval_str(t->r, &c->x2, c->line, a, NULL);
		else if (total && c->x3.comp != NULL)
			cells[i] = xstrdup(sum_text(c, t->sums[i], buf));
	}
	data = !total && node_line(t->r, a->node) > 0;
	if ((need = pdf_table_row(t->r->pdf, src, (const char *const *)cells,
	    total ? PDF_ROW_TOTAL : data ? PDF_ROW_ONEPAGE : 0)) > 0)
		row_too_tall(t, a->node, need);
	cells_free(cells, t->ncols);
	free(src);
}

/*
 * A subtotal row of the group that ended with the row at a: its label
 * in the label column, the group's sums (or, cumulative, the sums so
 * far), the running values of its last row.
 */
static void
trun_subtotal(struct trun *t, const struct tpl *label, const int64_t *sums,
    const struct xpfn_at *a)
{
	char		**cells = xcalloc(t->ncols + 1, sizeof(*cells));
	char		 buf[MONEY_BUFSZ];
	const struct node *c;
	size_t		 i;

	for (i = 0; i < t->ncols; i++) {
		c = t->cols[i];
		if (c->x3.comp != NULL)
			cells[i] = xstrdup(sum_text(c, sums[i], buf));
		else if (c->x4.comp != NULL)
			cells[i] = xstrdup(t->last[i] ? t->last[i] : "");
		else if (i == t->labcol)
			cells[i] = tpl_str(t->r, label, t->tn->line, a);
	}
	pdf_table_row(t->r->pdf, t->tn->where, (const char *const *)cells,
	    PDF_ROW_BOLD);
	cells_free(cells, t->ncols);
}

/* The group's subtotal rows, then a fresh group. */
static void
trun_group(struct trun *t, const struct xpfn_at *a)
{
	if (t->tn->t2.n > 0)
		trun_subtotal(t, &t->tn->t2, t->gsums, a);
	if (t->tn->t3.n > 0)
		trun_subtotal(t, &t->tn->t3, t->sums, a);
	memset(t->gsums, 0, t->ncols * sizeof(*t->gsums));
}

/*
 * The body: a row per selected node; with group=, subtotal rows where
 * its value changes and after the last row.
 */
static void
trun_body(struct trun *t, xmlXPathObjectPtr o)
{
	const struct node	*n = t->tn;
	struct xpfn_at		 k, prev;
	char			*key = NULL, *pkey = NULL;
	int			 i, cnt = nodes_count(o);

	for (i = 0; i < cnt; i++) {
		k.node = o->nodesetval->nodeTab[i];
		k.pos = i + 1;
		k.size = cnt;
		if (n->x4.comp != NULL) {
			key = eval_str(t->r, &n->x4, n->line, &k, NULL);
			if (pkey != NULL && strcmp(key, pkey) != 0)
				trun_group(t, &prev);
			free(pkey);
			pkey = key;
		}
		trun_row(t, &k, 0);
		trun_add(t, &k);
		prev = k;
	}
	if (pkey != NULL)
		trun_group(t, &prev);
	free(pkey);
}

/* The <row> elements: one cell per <cell>, in the table's context. */
static void
trun_rows(struct trun *t, const struct xpfn_at *a)
{
	const struct node	*row, *c;
	char			**cells, *src, *from;
	size_t			 i;
	int			 data;

	for (row = t->tn->kids; row != NULL; row = row->next) {
		if (row->kind != K_ROW || !holds(t->r, row, a))
			continue;
		cells = xcalloc(t->ncols + 1, sizeof(*cells));
		src = NULL;
		data = 0;
		for (c = row->kids, i = 0; c != NULL && i < t->ncols;
		    c = c->next) {
			if (!holds(t->r, c, a))
				continue;
			cells[i++] = collect(t->r, c->kids, a, &from);
			if (src == NULL || (t->r->coldata && !data)) {
				free(src);
				src = from;
				data = t->r->coldata;
			} else
				free(from);
		}
		pdf_table_row(t->r->pdf, src, (const char *const *)cells,
		    row->flags);
		cells_free(cells, t->ncols);
		free(src);
	}
}

static void
run_table(struct run *r, const struct node *n, const struct xpfn_at *a)
{
	struct pdf_table	 pt;
	struct trun		 t;
	xmlXPathObjectPtr	 o;
	struct node		*c;
	size_t			 i;
	int			 total = 0;

	if (r->counting)
		return;		/* a table holds no headings */
	o = n->sel.comp != NULL ? eval_nodes(r, n, a) :
	    xmlXPathNewNodeSet(NULL);
	if (o == NULL)
		return;
	memset(&t, 0, sizeof(t));
	t.r = r;
	t.tn = n;
	trun_cols(&t, a);
	memset(&pt, 0, sizeof(pt));
	pt.ncols = t.ncols;
	pt.cols = t.pcols;
	pt.flags = n->flags;
	pt.size = n->size;
	if (n->carry_out != NULL && t.hassum) {
		pt.carry = carry_cells;
		pt.carry_arg = &t;
	}
	if (t.ncols > 0) {
		pdf_table_begin(r->pdf, &pt);
		trun_head(&t, a);
		trun_body(&t, o);
		trun_rows(&t, a);
		for (c = n->kids; c != NULL; c = c->next)
			total |= c->x2.comp != NULL;
		if (total)
			trun_row(&t, a, 1);
		pdf_table_end(r->pdf);
	}
	xmlXPathFreeObject(o);
	for (i = 0; i < t.ncols; i++)
		free(t.last[i]);
	free(t.cols);
	free(t.pcols);
	free(t.sums);
	free(t.gsums);
	free(t.last);
	free(t.bufs);
}

/* ---------------------------------------------------------------- */
/* Running: charts, seals, blocks. */

static char *
fmt_money(void *arg, int64_t v)
{
	char	 buf[MONEY_BUFSZ];

	(void)arg;
	return xstrdup(money_format(v, buf));
}

/* A chart's bars from its node-set; *nbars set.  Caller frees labels. */
static struct pdf_bar *
chart_bars(struct run *r, const struct node *n, xmlXPathObjectPtr o,
    size_t *nbars)
{
	struct pdf_bar		*bars;
	xmlXPathObjectPtr	 v;
	struct xpfn_at		 k;
	int			 i, cnt = nodes_count(o);

	bars = xcalloc((size_t)cnt + 1, sizeof(*bars));
	for (i = 0; i < cnt; i++) {
		k.node = o->nodesetval->nodeTab[i];
		k.pos = i + 1;
		k.size = cnt;
		bars[i].label = eval_str(r, &n->x2, n->line, &k, NULL);
		if ((v = eval(r, &n->x3, n->line, &k)) == NULL)
			continue;
		if (xpfn_int(v, &bars[i].value) != 0 && !r->bad) {
			diag_add(r->d, SEV_ERROR, CODE, r->at, n->line, 0,
			    "图表数值 \"%s\" 不是整数", n->x3.src);
			r->bad = 1;
		}
		xmlXPathFreeObject(v);
	}
	*nbars = (size_t)cnt;
	return bars;
}

static void
run_chart(struct run *r, const struct node *n, const struct xpfn_at *a)
{
	struct pdf_chart	 ch;
	struct pdf_bar		*bars;
	xmlXPathObjectPtr	 o;
	char			*title, *src;
	size_t			 i, nb;

	if ((o = eval_nodes(r, n, a)) == NULL)
		return;
	bars = chart_bars(r, n, o, &nb);
	title = tpl_str(r, &n->text, n->line, a);
	src = src_label(r, obj_node(o) != NULL ? obj_node(o) : a->node);
	memset(&ch, 0, sizeof(ch));
	ch.title = title;
	ch.bars = bars;
	ch.nbars = nb;
	ch.fmt = n->fmt == FMT_MONEY ? fmt_money : NULL;
	if (nb > 0 && !r->bad)
		pdf_chart(r->pdf, src, &ch);
	for (i = 0; i < nb; i++)
		free((char *)bars[i].label);
	free(bars);
	free(title);
	free(src);
	xmlXPathFreeObject(o);
}

/* The labels of a seal's boxes and the label of their first data. */
struct labels {
	char	**v;
	size_t	  n;
	size_t	  cap;
	char	 *src;
};

/* Collect the boxes of a seal (through if and for-each). */
static void
seal_labels(struct run *r, struct node *n, const struct xpfn_at *a,
    struct labels *lb)
{
	xmlXPathObjectPtr	 o;
	struct xpfn_at		 k;
	char			*from;
	int			 i;

	for (; n != NULL; n = n->next) {
		if (!holds(r, n, a))
			continue;
		if (n->kind == K_IF)
			seal_labels(r, n->kids, a, lb);
		if (n->kind == K_FOREACH && (o = eval_nodes(r, n, a))) {
			for (i = 0; i < nodes_count(o); i++) {
				k.node = o->nodesetval->nodeTab[i];
				k.pos = i + 1;
				k.size = nodes_count(o);
				seal_labels(r, n->kids, &k, lb);
			}
			xmlXPathFreeObject(o);
		}
		if (n->kind != K_BOX)
			continue;
		lb->v = xgrow(lb->v, &lb->cap, lb->n + 1, sizeof(*lb->v));
		lb->v[lb->n++] = collect(r, n->kids, a, &from);
		if (lb->src == NULL)
			lb->src = from;
		else
			free(from);
	}
}

static void
run_seal(struct run *r, const struct node *n, const struct xpfn_at *a)
{
	struct labels	 lb;
	size_t		 i;

	memset(&lb, 0, sizeof(lb));
	seal_labels(r, n->kids, a, &lb);
	if (lb.n > 0)
		pdf_seal(r->pdf, lb.src, (const char *const *)lb.v, lb.n,
		    n->w, n->h);
	for (i = 0; i < lb.n; i++)
		free(lb.v[i]);
	free(lb.v);
	free(lb.src);
}

static void
run_list(struct run *r, struct node *n, const struct xpfn_at *a)
{
	for (; n != NULL; n = n->next) {
		if (!holds(r, n, a))
			continue;
		if (n->kind == K_IF)
			run_list(r, n->kids, a);
		else if (n->kind == K_FOREACH)
			run_each(r, n, a, 0, sink_pdf);
		else if (n->kind == K_ITEM) {
			pdf_para_begin(r->pdf, 0);
			run_inline(r, n->kids, a, 0, sink_pdf);
			pdf_para_end(r->pdf);
		}
	}
}

/* The table of contents, with as many lines as the first pass counted. */
static void
run_contents(struct run *r, const struct node *n, const struct xpfn_at *a)
{
	char	*s, *src;

	s = collect(r, n->kids, a, &src);
	r->toclevels = (int)n->mm;
	pdf_contents(r->pdf, src, s, r->toclevels, r->ntoc);
	free(s);
	free(src);
}

/* The paragraph being built links to the URI of its link=. */
static void
run_link(struct run *r, const struct node *n, const struct xpfn_at *a)
{
	char	*s = tpl_str(r, &n->t2, n->line, a);

	pdf_para_link(r->pdf, s);
	free(s);
}

/* A QR code of the inline content, with that text under it. */
static void
run_qr(struct run *r, const struct node *n, const struct xpfn_at *a)
{
	char	*s, *src;

	s = collect(r, n->kids, a, &src);
	pdf_qr(r->pdf, src, s, n->mm);
	free(s);
	free(src);
}

/* Headings, headers: inline content as one string. */
static void
run_oneline(struct run *r, const struct node *n, const struct xpfn_at *a)
{
	char	*s, *src;

	s = collect(r, n->kids, a, &src);
	if (n->kind == K_HEADER)
		pdf_set_header(r->pdf, src, s);
	else if (n->center)
		pdf_title(r->pdf, n->level, src, s);
	else
		pdf_heading(r->pdf, n->level, src, s);
	free(s);
	free(src);
}

static void
run_block(struct run *r, struct node *n, const struct xpfn_at *a)
{
	switch (n->kind) {
	case K_HEADER:
	case K_HEADING:
		run_oneline(r, n, a);
		break;
	case K_QR:
		run_qr(r, n, a);
		break;
	case K_P:
		pdf_para_begin(r->pdf, n->flags);
		if (n->t2.n > 0)
			run_link(r, n, a);
		run_inline(r, n->kids, a, 0, sink_pdf);
		pdf_para_end(r->pdf);
		break;
	case K_MARKDOWN:
		run_markdown(r, n, a);
		break;
	case K_LIST:
		pdf_list_begin(r->pdf, n->list);
		run_list(r, n->kids, a);
		pdf_list_end(r->pdf);
		break;
	case K_TABLE:
		run_table(r, n, a);
		break;
	case K_CHART:
		run_chart(r, n, a);
		break;
	case K_SEAL:
		run_seal(r, n, a);
		break;
	case K_CONTENTS:
		run_contents(r, n, a);
		break;
	default:
		break;
	}
}

/*
 * The sections of <sections/> whose condition holds, numbered on (see
 * section()); what they say is reported at their own files.
 */
static void
run_sections(struct run *r, struct node *s, const struct xpfn_at *a)
{
	const char	*at = r->at;

	for (; s != NULL; s = s->next) {
		r->at = s->file;
		if (holds(r, s, a)) {
			r->L->section++;
			run_blocks(r, s->kids, a);
		}
		r->at = at;
	}
}

static void
run_blocks(struct run *r, struct node *n, const struct xpfn_at *a)
{
	for (; n != NULL; n = n->next) {
		if (!holds(r, n, a))
			continue;
		switch (n->kind) {
		case K_IF:
			run_blocks(r, n->kids, a);
			break;
		case K_FOREACH:
			run_each(r, n, a, 0, sink_pdf);
			break;
		case K_SECTIONS:
			run_sections(r, n->kids, a);
			break;
		case K_PAGEBREAK:
			if (n->has_orient)
				pdf_set_orient(r->pdf, n->orient);
			pdf_newpage(r->pdf);
			break;
		case K_SPACE:
			pdf_space(r->pdf, n->mm);
			break;
		case K_RULE:
			pdf_rule(r->pdf);
			break;
		case K_NEED:
			pdf_need(r->pdf, n->mm);
			break;
		default:
			run_block(r, n, a);
			break;
		}
	}
}

/* ---------------------------------------------------------------- */
/* Documents. */

/* Engine options from the template and the document information. */
static void
run_opts(struct run *r, const struct xpfn_at *a, struct pdf_opts *o,
    char *info[4])
{
	struct layout	*L = r->L;

	memset(o, 0, sizeof(*o));
	info[0] = L->title.n ? tpl_str(r, &L->title, L->root->line, a) : NULL;
	info[1] = L->author.n ? tpl_str(r, &L->author, L->root->line, a) :
	    NULL;
	info[2] = L->subject.n ? tpl_str(r, &L->subject, L->root->line, a) :
	    NULL;
	info[3] = L->keywords.n ? tpl_str(r, &L->keywords, L->root->line,
	    a) : NULL;
	o->title = info[0];
	o->author = info[1];
	o->subject = info[2];
	o->keywords = info[3];
	o->font = r->env->font;
	o->body = L->body;
	o->orient = L->orient;
	memcpy(o->margin, L->margin, sizeof(o->margin));
	o->size = L->size;
	o->epoch = r->env->epoch;
	o->footer = L->footer;
	o->diag = r->d;
	o->nofix = r->env->nofix;
	o->private = r->env->private;
}

/*
 * A document with a table of contents is laid out twice: this first
 * pass, with its findings discarded (the second reports them), only
 * counts the headings the contents will list.  It leaves the tables
 * out: they hold no headings, and they are most of an audit pack's
 * work (the registers).  0, or -1 if the engine cannot start.
 */
static int
count_contents(struct run *r, const struct xpfn_at *a, struct pdf_opts *o)
{
	struct diag	 scratch;
	struct diag	*d = r->d;
	int		 rc = 0;

	diag_init(&scratch);
	o->diag = &scratch;
	r->d = &scratch;
	if ((r->pdf = r->L->pdf = pdf_new(o)) == NULL)
		rc = -1;
	else {
		r->L->section = 0;
		r->counting = 1;
		run_blocks(r, r->L->root->kids, a);
		r->counting = 0;
		r->ntoc = pdf_contents_count(r->pdf, r->toclevels);
	}
	pdf_free(r->pdf);
	r->pdf = r->L->pdf = NULL;
	r->bad = 0;
	r->d = d;
	o->diag = d;
	diag_free(&scratch);
	return rc;
}

int
layout_run(struct layout *L, xmlDocPtr doc, xmlNodePtr context,
    const struct layout_env *env, const char *outpath, struct diag *d)
{
	struct run	 r;
	struct pdf_opts	 o;
	struct xpfn_at	 a;
	char		*info[4];
	int		 i, rc = 0;

	memset(&r, 0, sizeof(r));
	r.L = L;
	r.env = env;
	r.d = d;
	r.at = L->path;
	a.node = context != NULL ? context : (xmlNodePtr)doc;
	a.pos = a.size = 1;
	xpfn_bind(L->X, doc, NULL, 0);
	if (!holds(&r, L->root, &a)) {
		xpfn_bind(L->X, NULL, NULL, 0);
		return r.bad ? -1 : 1;
	}
	run_opts(&r, &a, &o, info);
	if (!r.bad && L->contents && count_contents(&r, &a, &o) != 0)
		rc = diag_system(d);
	else if (!r.bad && (r.pdf = pdf_new(&o)) == NULL)
		rc = diag_system(d);
	else if (!r.bad) {
		L->pdf = r.pdf;
		L->section = 0;
		run_blocks(&r, L->root->kids, &a);
		L->pdf = NULL;
	}
	if (rc == 0 && r.bad)
		rc = -1;
	if (rc == 0 && pdf_save(r.pdf, outpath) != 0)
		rc = diag_system(d);
	xpfn_bind(L->X, NULL, NULL, 0);
	pdf_free(r.pdf);
	for (i = 0; i < 4; i++)
		free(info[i]);
	buf_free(&r.col);
	free(r.colsrc);
	return rc;
}

int
layout_render(const char *tmplpath, xmlDocPtr doc, xmlNodePtr context,
    const struct layout_env *env, const char *outpath, struct diag *d)
{
	struct layout	*L;
	int		 rc;

	if ((L = layout_load(tmplpath, d)) == NULL)
		return -1;
	rc = layout_run(L, doc, context, env, outpath, d);
	layout_free(L);
	return rc;
}

/* ---------------------------------------------------------------- */
/* Publishing every template for every period. */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Names (without .xml) of the templates in dir, sorted, into *names
 * (NULL-ended; NULL when there are none).  A folder that does not exist
 * holds none; one that cannot be read is -1 after a message.
 */
static int
template_names(const char *dir, char ***names, size_t *n)
{
	DIR		*dp;
	struct dirent	*de;
	char		**v = NULL;
	size_t		 cap = 0, len;
	int		 rc = 0;

	*names = NULL;
	*n = 0;
	if ((dp = opendir(dir)) == NULL) {
		if (errno == ENOENT)
			return 0;
		sys_warn(dir);
		return -1;
	}
	for (;;) {
		errno = 0;
		if ((de = readdir(dp)) == NULL)
			break;
		len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len < 5 ||
		    strcmp(de->d_name + len - 4, ".xml") != 0)
			continue;
		v = xgrow(v, &cap, *n + 2, sizeof(*v));
		v[(*n)++] = xstrndup(de->d_name, len - 4);
		v[*n] = NULL;
	}
	if (errno != 0) {
		sys_warn(dir);
		rc = -1;
	}
	closedir(dp);
	if (*n > 0)
		qsort(v, *n, sizeof(*v), cmp_str);
	*names = v;
	return rc;
}

/*
 * Render one loaded template for every period of the view the publish
 * table gives it (only the period named only, when not NULL), into the
 * table's folder; a period with findings does not stop the others, a
 * system error does.  0 or -1 (diag.h).
 */
static int
publish_one(struct layout *L, const char *name, const struct layout_views *V,
    const struct layout_env *base, const char *stage, const char *only,
    struct diag *d)
{
	const struct publish	*o = policy_output(OUT_PDF, name);
	xmlDocPtr		 doc = o->view == POLICY_PUBLIC ? V->pub : V->priv;
	struct layout_env	 env = *base;
	xmlNodePtr		 p;
	const char		*pname;
	char			*dir, *out;
	size_t			 sys = d->system;
	int			 rc = 0;

	if (doc == NULL)	/* its view is not held now (render.c) */
		return 0;
	env.private = o->view != POLICY_PUBLIC;
	env.lines = o->view == POLICY_PUBLIC ? V->lines : NULL;
	dir = xasprintf("%s/%s", stage, o->dir);
	if (out_mkdirs(dir, env.private) != 0)
		rc = diag_system(d);
	for (p = xmlDocGetRootElement(doc)->children; d->system == sys &&
	    p != NULL; p = p->next) {
		if (p->type != XML_ELEMENT_NODE || (pname = prop(p, "name"))
		    == NULL || !xmlStrEqual(p->name, BAD_CAST "period") ||
		    (only != NULL && strcmp(pname, only) != 0))
			continue;
		out = xasprintf("%s/%s-%s.pdf", dir, pname, name);
		if (layout_run(L, doc, p, &env, out, d) < 0)
			rc = -1;
		free(out);
	}
	free(dir);
	return rc;
}

/* Load every template in names; -1 if any has findings. */
static int
load_all(const char *dir, char **names, size_t n, struct layout **L,
    struct diag *d)
{
	char	*path;
	size_t	 i;
	int	 rc = 0;

	for (i = 0; i < n; i++) {
		path = xasprintf("%s/%s.xml", dir, names[i]);
		if ((L[i] = layout_load(path, d)) == NULL)
			rc = -1;
		free(path);
	}
	return rc;
}

/* Every template of a template folder's pdf/, loaded, in name order. */
struct layout_set {
	char		**names;
	struct layout	**L;
	size_t		  n;
	const struct model *model;
};

void
layout_set_model(struct layout_set *S, const struct model *m)
{
	S->model = m;
}

struct layout_set *
layout_set_load(const char *tmpldir, struct diag *d, int *rc)
{
	struct layout_set	*S = xcalloc(1, sizeof(*S));
	char			*dir = xasprintf("%s/pdf", tmpldir);

	*rc = 0;
	if (template_names(dir, &S->names, &S->n) != 0)
		*rc = diag_system(d);
	S->L = xcalloc(S->n + 1, sizeof(*S->L));
	if (*rc == 0 && load_all(dir, S->names, S->n, S->L, d) != 0)
		*rc = -1;
	free(dir);
	return S;
}

int
layout_set_publish(struct layout_set *S, const char *datadir,
    const struct layout_views *V, const char *stage, long long epoch,
    const char *period, struct diag *d)
{
	struct layout_env	 env;
	size_t			 i, sys = d->system;
	int			 rc = 0;

	memset(&env, 0, sizeof(env));
	env.datadir = datadir;
	env.epoch = epoch;
	env.model = S->model;
	for (i = 0; d->system == sys && i < S->n; i++)
		if (publish_one(S->L[i], S->names[i], V, &env, stage,
		    period, d) != 0)
			rc = -1;
	return rc;
}

void
layout_set_free(struct layout_set *S)
{
	size_t	 i;

	if (S == NULL)
		return;
	for (i = 0; i < S->n; i++) {
		layout_free(S->L[i]);
		free(S->names[i]);
	}
	free(S->L);
	free(S->names);
	free(S);
}

int
layout_publish(const char *tmpldir, const char *datadir,
    const struct layout_views *V, const char *stage, long long epoch,
    struct diag *d)
{
	struct layout_set	*S;
	int			 rc;

	S = layout_set_load(tmpldir, d, &rc);
	if (rc == 0)
		rc = layout_set_publish(S, datadir, V, stage, epoch, NULL, d);
	layout_set_free(S);
	return rc;
}
