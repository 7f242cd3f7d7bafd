/*
 * HTML templates: plain HTML5 files whose data-* attributes hold XPath
 * expressions (see tmpl.h).  Loading parses a template with the HTML
 * parser, compiles each expression once and hangs the compiled
 * directives on the template's elements (node->_private).  Rendering
 * walks the template tree and builds a fresh output document from
 * copies of its nodes, evaluating directives against the model; data
 * only ever enters as text nodes and attribute values.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/xpath.h>

#include "diag.h"
#include "tmpl.h"
#include "util.h"
#include "xpfn.h"

#define HTML_OPTS	(HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING)
#define CODE		"template"

/* Directive attribute kinds. */
enum dkind {
	D_NONE,
	D_EACH,
	D_IF,
	D_INCLUDE,
	D_ATTR,
	D_TEXT,
	D_MARKDOWN,
	D_CALL
};

struct attrexpr {
	char		*name;		/* attribute set in the output */
	struct xpfn_expr x;
};

struct hook {
	char		*name;
	tmpl_hook_fn	 fn;
	void		*arg;
	struct hook	*next;
};

/* The directives of one template element. */
struct dir {
	const char	*file;		/* the owning template's path */
	int		 line;
	struct xpfn_expr each;
	struct xpfn_expr cond;
	struct tmpl	*include;
	struct attrexpr	*attrs;
	size_t		 nattrs;
	size_t		 attrcap;
	enum dkind	 content;	/* D_TEXT, D_MARKDOWN, D_CALL or D_NONE */
	struct xpfn_expr text;		/* data-text or data-markdown */
	struct hook	*call;
};

enum tstate {
	T_LOADING,
	T_OK,
	T_BAD
};

struct tmpl {
	struct tmpl_set	*set;
	char		*name;
	char		*path;
	xmlDocPtr	 doc;
	xmlNodePtr	 content;	/* whose children a data-include inserts */
	enum tstate	 state;
	struct dir	**dirs;
	size_t		 ndirs;
	size_t		 dircap;
	struct tmpl	*next;
};

struct tmpl_set {
	char			*dir;
	struct xpfn		*X;
	struct tmpl		*tmpls;
	struct hook		*hooks;
};

/* Templates being loaded, innermost first: include cycle detection. */
struct chain {
	struct tmpl	*t;
	struct chain	*up;
};

/* One render in progress. */
struct rstate {
	struct tmpl_set	*set;
	xmlDocPtr	 out;
	struct xpfn_at	 at;		/* context node, position, size */
	struct diag	*d;
};

static const char *const url_attrs[] = {
	"action", "background", "cite", "data", "formaction", "href",
	"longdesc", "manifest", "ping", "poster", "src", "xlink:href", NULL
};

static const char *const safe_schemes[] = {
	"http", "https", "mailto", "tel", NULL
};

static struct tmpl *load(struct tmpl_set *, const char *, struct chain *,
		    struct diag *, const char *, int);
static int	 render_list(struct rstate *, xmlNodePtr, xmlNodePtr);

static int
in_list(const char *const *list, const char *s)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

static enum dkind
directive_kind(const xmlChar *xname)
{
	const char	*name = (const char *)xname;

	if (strncmp(name, "data-", 5) != 0)
		return D_NONE;
	name += 5;
	if (strcmp(name, "each") == 0)
		return D_EACH;
	if (strcmp(name, "if") == 0)
		return D_IF;
	if (strcmp(name, "include") == 0)
		return D_INCLUDE;
	if (strcmp(name, "text") == 0)
		return D_TEXT;
	if (strcmp(name, "markdown") == 0)
		return D_MARKDOWN;
	if (strcmp(name, "call") == 0)
		return D_CALL;
	if (strncmp(name, "attr-", 5) == 0)
		return D_ATTR;
	return D_NONE;
}

struct tmpl_set *
tmpl_set_new(const char *dir, const char *const *vars)
{
	struct tmpl_set	*s;
	size_t		 n;

	s = xcalloc(1, sizeof(*s));
	s->dir = xstrdup(dir);
	n = strlen(s->dir);
	while (n > 1 && s->dir[n - 1] == '/')
		s->dir[--n] = '\0';
	s->X = xpfn_new(vars, s);
	return s;
}

static void
dir_free(struct dir *dr)
{
	size_t	 i;

	xpfn_expr_free(&dr->each);
	xpfn_expr_free(&dr->cond);
	xpfn_expr_free(&dr->text);
	for (i = 0; i < dr->nattrs; i++) {
		free(dr->attrs[i].name);
		xpfn_expr_free(&dr->attrs[i].x);
	}
	free(dr->attrs);
	free(dr);
}

static void
free_tmpl(struct tmpl *t)
{
	size_t	 i;

	for (i = 0; i < t->ndirs; i++)
		dir_free(t->dirs[i]);
	free(t->dirs);
	if (t->doc != NULL)
		xmlFreeDoc(t->doc);
	free(t->name);
	free(t->path);
	free(t);
}

void
tmpl_set_free(struct tmpl_set *s)
{
	struct tmpl	*t;
	struct hook	*h;

	if (s == NULL)
		return;
	while ((t = s->tmpls) != NULL) {
		s->tmpls = t->next;
		free_tmpl(t);
	}
	while ((h = s->hooks) != NULL) {
		s->hooks = h->next;
		free(h->name);
		free(h);
	}
	xpfn_free(s->X);
	free(s->dir);
	free(s);
}

static struct hook *
hook_find(struct tmpl_set *s, const char *name)
{
	struct hook	*h;

	for (h = s->hooks; h != NULL; h = h->next)
		if (strcmp(h->name, name) == 0)
			return h;
	return NULL;
}

void
tmpl_set_hook(struct tmpl_set *s, const char *name, tmpl_hook_fn fn,
    void *arg)
{
	struct hook	*h;

	if ((h = hook_find(s, name)) == NULL) {
		h = xcalloc(1, sizeof(*h));
		h->name = xstrdup(name);
		h->next = s->hooks;
		s->hooks = h;
	}
	h->fn = fn;
	h->arg = arg;
}

/*
 * Compile src into x, checked and tried at once (see xpfn_compile), so
 * mistakes surface now, at the template's line.  nodes: the result
 * must be a node-set (data-each).
 */
static int
compile(struct tmpl_set *s, struct dir *dr, const char *src, int nodes,
    struct xpfn_expr *x, struct diag *d)
{
	int	 type;

	if ((type = xpfn_compile(s->X, src, dr->file, dr->line, d, x)) < 0)
		return -1;
	if (nodes && type != XPATH_NODESET) {
		diag_add(d, SEV_ERROR, CODE, dr->file, dr->line, 0,
		    "data-each 的表达式 \"%s\" 选不出节点;请写一个选出元素的路径", src);
		return -1;
	}
	return 0;
}

static struct dir *
dir_new(struct tmpl *t, xmlNodePtr n)
{
	struct dir	*dr;

	dr = xcalloc(1, sizeof(*dr));
	dr->file = t->path;
	dr->line = (int)xmlGetLineNo(n);
	t->dirs = xgrow(t->dirs, &t->dircap, t->ndirs + 1, sizeof(*t->dirs));
	t->dirs[t->ndirs++] = dr;
	n->_private = dr;
	return dr;
}

/*
 * Attributes whose value a browser runs or parses as markup or CSS:
 * event handlers (on*), srcdoc (a whole document), style.  Data never
 * goes there.  Names are compared without case, as HTML does.
 */
static const char *
forbidden_attr(const char *name)
{
	if (strncasecmp(name, "on", 2) == 0)
		return "事件处理属性(on…)不能填数据";
	if (strcasecmp(name, "srcdoc") == 0)
		return "srcdoc(整页文档)不能填数据";
	if (strcasecmp(name, "style") == 0)
		return "style(CSS)不能填数据";
	return NULL;
}

/* data-attr-NAME: refuse attributes that would run or parse data. */
static int
add_attr(struct tmpl_set *s, struct dir *dr, const char *aname,
    const char *src, struct diag *d)
{
	struct attrexpr	*a;
	const char	*name = aname + strlen("data-attr-"), *why;

	if (*name == '\0') {
		diag_add(d, SEV_ERROR, CODE, dr->file, dr->line, 0,
		    "%s 缺少属性名,应写成 data-attr-属性名", aname);
		return -1;
	}
	if ((why = forbidden_attr(name)) != NULL) {
		diag_add(d, SEV_ERROR, CODE, dr->file, dr->line, 0,
		    "%s: %s", aname, why);
		return -1;
	}
	dr->attrs = xgrow(dr->attrs, &dr->attrcap, dr->nattrs + 1,
	    sizeof(*dr->attrs));
	a = &dr->attrs[dr->nattrs++];
	a->name = xstrdup(name);
	a->x.comp = NULL;
	a->x.src = NULL;
	return compile(s, dr, src, 0, &a->x, d);
}

/*
 * data-text, data-markdown, data-call: at most one per element, and
 * not in <script> or <style>, whose text the serializer writes raw.
 */
static int
add_content(struct tmpl_set *s, struct dir *dr, xmlNodePtr n, enum dkind k,
    const char *aname, const char *src, struct diag *d)
{
	if (dr->content != D_NONE) {
		diag_add(d, SEV_ERROR, CODE, dr->file, dr->line, 0,
		    "一个元素只能有 data-text、data-markdown、data-call "
		    "中的一个;请分开写在不同元素上");
		return -1;
	}
	dr->content = k;
	if (k == D_CALL) {
		if ((dr->call = hook_find(s, src)) != NULL)
			return 0;
		diag_add(d, SEV_ERROR, CODE, dr->file, dr->line, 0,
		    "没有 \"%s\" 这个 data-call", src);
		return -1;
	}
	if (strcasecmp((const char *)n->name, "script") == 0 ||
	    strcasecmp((const char *)n->name, "style") == 0) {
		diag_add(d, SEV_ERROR, CODE, dr->file, dr->line, 0,
		    "%s 不能用在 <%s> 里", aname, (const char *)n->name);
		return -1;
	}
	return compile(s, dr, src, 0, &dr->text, d);
}

/* Prepare one directive attribute of n; -1 after a finding. */
static int
prepare_attr(struct tmpl_set *s, struct tmpl *t, struct dir *dr,
    xmlNodePtr n, enum dkind k, const char *aname, const char *v,
    struct chain *ch, struct diag *d)
{
	switch (k) {
	case D_EACH:
		return compile(s, dr, v, 1, &dr->each, d);
	case D_IF:
		return compile(s, dr, v, 0, &dr->cond, d);
	case D_INCLUDE:
		dr->include = load(s, v, ch, d, t->path, dr->line);
		return dr->include == NULL ? -1 : 0;
	case D_ATTR:
		return add_attr(s, dr, aname, v, d);
	default:
		return add_content(s, dr, n, k, aname, v, d);
	}
}

/*
 * Compile the directives of element n into a struct dir hung on
 * n->_private.  Returns the number of findings; *out is the directives
 * (NULL when there are none).
 */
static int
prepare_elem(struct tmpl_set *s, struct tmpl *t, xmlNodePtr n,
    struct chain *ch, struct diag *d, struct dir **out)
{
	struct dir	*dr = NULL;
	xmlAttrPtr	 a;
	xmlChar		*v;
	enum dkind	 k;
	int		 bad = 0;

	for (a = n->properties; a != NULL; a = a->next) {
		if ((k = directive_kind(a->name)) == D_NONE)
			continue;
		if (dr == NULL)
			dr = dir_new(t, n);
		v = xmlNodeGetContent((xmlNodePtr)a);
		if (prepare_attr(s, t, dr, n, k, (const char *)a->name,
		    v != NULL ? (const char *)v : "", ch, d) != 0)
			bad++;
		xmlFree(v);
	}
	if (dr != NULL && dr->include != NULL &&
	    (dr->nattrs > 0 || dr->content != D_NONE)) {
		diag_add(d, SEV_ERROR, CODE, dr->file, dr->line, 0,
		    "data-include 不能与 data-attr-*、data-text、"
		    "data-markdown 或 data-call 写在同一元素上");
		bad++;
	}
	*out = dr;
	return bad;
}

/*
 * Prepare the elements from n on, and their descendants except where
 * the content is replaced (a designer's placeholder is never run).
 */
static int
prepare_tree(struct tmpl_set *s, struct tmpl *t, xmlNodePtr n,
    struct chain *ch, struct diag *d)
{
	struct dir	*dr;
	int		 bad = 0;

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		bad += prepare_elem(s, t, n, ch, d, &dr);
		if (dr == NULL || (dr->include == NULL &&
		    dr->content == D_NONE))
			bad += prepare_tree(s, t, n->children, ch, d);
	}
	return bad;
}

static xmlNodePtr
child_named(xmlNodePtr n, const char *name)
{
	for (n = n != NULL ? n->children : NULL; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    strcasecmp((const char *)n->name, name) == 0)
			return n;
	return NULL;
}

/* What a data-include of t inserts: <body>'s children, else <head>'s. */
static xmlNodePtr
partial_content(xmlDocPtr doc)
{
	xmlNodePtr	 root, body;

	root = xmlDocGetRootElement(doc);
	if ((body = child_named(root, "body")) != NULL && body->children)
		return body;
	return child_named(root, "head");
}

/* Template names are plain file names: no directories, no dot files. */
static int
valid_name(const char *name)
{
	const char	*p;

	if (*name == '\0' || *name == '.')
		return 0;
	for (p = name; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && strchr("._-", *p) == NULL)
			return 0;
	return 1;
}

/* Build "a.html -> b.html -> a.html" from the loading chain. */
static void
cycle_str(struct buf *b, const struct chain *ch, const struct tmpl *to)
{
	if (ch->t != to && ch->up != NULL)
		cycle_str(b, ch->up, to);
	buf_adds(b, ch->t->name);
	buf_adds(b, " -> ");
}

/*
 * The cached template called name, if any.  One still loading means an
 * include cycle; reported at file:line, the include's place.
 */
static int
cached(struct tmpl_set *s, const char *name, struct chain *ch,
    struct diag *d, const char *file, int line, struct tmpl **out)
{
	struct tmpl	*t;
	struct buf	 b = { NULL, 0, 0 };

	for (t = s->tmpls; t != NULL; t = t->next)
		if (strcmp(t->name, name) == 0)
			break;
	if ((*out = t) == NULL)
		return 0;
	if (t->state == T_LOADING) {
		cycle_str(&b, ch, t);
		buf_adds(&b, name);
		diag_add(d, SEV_ERROR, CODE, file, line, 0,
		    "模板互相引用成环: %s", b.s);
		buf_free(&b);
	}
	if (t->state != T_OK)
		*out = NULL;
	return 1;
}

/* Read and parse t->path; -1 after a finding at file:line. */
static int
parse(struct tmpl *t, int partial, struct diag *d, const char *file,
    int line)
{
	char	*text;
	size_t	 len;

	if ((text = file_read(t->path, &len)) == NULL) {
		if (!partial)
			diag_add(d, SEV_ERROR, CODE, t->path, 0, 0,
			    "无法读取模板: %s", sys_errstr(errno));
		else if (errno == ENOENT)
			diag_add(d, SEV_ERROR, CODE, file, line, 0,
			    "没有 \"%s\" 这个片段模板;请检查模板文件夹里是否有它", t->name);
		else
			diag_add(d, SEV_ERROR, CODE, file, line, 0,
			    "无法读取片段模板 \"%s\": %s", t->name,
			    sys_errstr(errno));
		return -1;
	}
	if (len <= INT_MAX)
		t->doc = htmlReadMemory(text, (int)len, t->path, "UTF-8",
		    HTML_OPTS);
	free(text);
	if (t->doc == NULL) {
		diag_add(d, SEV_ERROR, CODE, t->path, 0, 0,
		    "模板不是合规的 HTML,无法解析");
		return -1;
	}
	return 0;
}

/*
 * Load (or find) template name; ch is the chain of templates including
 * it, file:line the place that asked for it, for messages.  A file that
 * cannot be read is not remembered (each include of it is reported); a
 * template with errors is, so its errors are reported once.
 */
static struct tmpl *
load(struct tmpl_set *s, const char *name, struct chain *ch,
    struct diag *d, const char *file, int line)
{
	struct tmpl	*t;
	struct chain	 link;

	if (!valid_name(name)) {
		diag_add(d, SEV_ERROR, CODE, file, line, 0,
		    "模板名 \"%s\" 不合规", name);
		return NULL;
	}
	if (cached(s, name, ch, d, file, line, &t))
		return t;
	t = xcalloc(1, sizeof(*t));
	t->set = s;
	t->name = xstrdup(name);
	t->path = xasprintf("%s/%s", s->dir, name);
	if (parse(t, ch != NULL, d, file, line) != 0) {
		free_tmpl(t);
		return NULL;
	}
	t->state = T_LOADING;
	t->next = s->tmpls;
	s->tmpls = t;
	link.t = t;
	link.up = ch;
	if (prepare_tree(s, t, t->doc->children, &link, d) != 0) {
		t->state = T_BAD;
		return NULL;
	}
	t->content = partial_content(t->doc);
	t->state = T_OK;
	return t;
}

struct tmpl *
tmpl_load(struct tmpl_set *s, const char *name, struct diag *d)
{
	char		*file;
	struct tmpl	*t;

	file = xasprintf("%s/%s", s->dir, name);
	t = load(s, name, NULL, d, file, 0);
	free(file);
	return t;
}

/* Evaluate x for the current context node; NULL after a finding. */
static xmlXPathObjectPtr
eval(struct rstate *st, const struct dir *dr, const struct xpfn_expr *x)
{
	return xpfn_eval(st->set->X, x, &st->at, dr->file, dr->line, st->d);
}

/* String value of x (see xpfn_string); NULL after a finding.  Free it. */
static char *
eval_string(struct rstate *st, const struct dir *dr,
    const struct xpfn_expr *x)
{
	xmlXPathObjectPtr	 o;
	char			*v;

	if ((o = eval(st, dr, x)) == NULL)
		return NULL;
	v = xpfn_string(o);
	xmlXPathFreeObject(o);
	return v;
}

/*
 * A URL is safe when it is relative to the site or its scheme is one of
 * safe_schemes.  A protocol-relative URL ("//host/...", which browsers
 * also read from "\\host" and "/\\host") leaves the site for any
 * host, so it is not safe.  Blanks and controls are skipped, as
 * browsers do.
 */
static int
safe_url(const char *p)
{
	char	 scheme[16];
	size_t	 n = 0;
	int	 slashes = 0;

	for (; *p != '\0'; p++) {
		if ((unsigned char)*p <= ' ')
			continue;
		if (*p != '/' && *p != '\\')
			break;
		if (++slashes == 2)
			return 0;
	}
	if (slashes > 0)
		return 1;
	for (; *p != '\0'; p++) {
		if ((unsigned char)*p <= ' ')
			continue;
		if (*p == ':')
			break;
		if (!isalnum((unsigned char)*p) && strchr("+.-", *p) == NULL)
			return 1;
		if (n + 1 < sizeof(scheme))
			scheme[n] = (char)tolower((unsigned char)*p);
		n++;
	}
	if (*p != ':' || n == 0)
		return 1;
	if (n >= sizeof(scheme))
		return 0;
	scheme[n] = '\0';
	return in_list(safe_schemes, scheme);
}

/* data-attr-*: values set as attribute text, never parsed. */
static int
set_attrs(struct rstate *st, const struct dir *dr, xmlNodePtr e)
{
	const struct attrexpr	*a;
	char			*v;
	size_t			 i;

	for (i = 0; i < dr->nattrs; i++) {
		a = &dr->attrs[i];
		if ((v = eval_string(st, dr, &a->x)) == NULL)
			return -1;
		if (in_list(url_attrs, a->name) && !safe_url(v)) {
			diag_add(st->d, SEV_WARNING, CODE, dr->file, dr->line,
			    0, "不安全的网址 \"%s\" 已从 %s 中删除", v, a->name);
			v[0] = '\0';
		}
		xmlSetProp(e, BAD_CAST a->name, BAD_CAST v);
		free(v);
	}
	return 0;
}

/*
 * cmark's safe mode blanks an unsafe image URL, leaving <img src="">,
 * which is invalid HTML: such an image becomes its alt text.
 */
static void
fix_images(xmlNodePtr n)
{
	xmlNodePtr	 next, t;
	xmlChar		*src, *alt;

	for (; n != NULL; n = next) {
		next = n->next;
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)n->name, "img") != 0) {
			fix_images(n->children);
			continue;
		}
		src = xmlGetProp(n, (const xmlChar *)"src");
		if (src == NULL || *src == '\0') {
			alt = xmlGetProp(n, (const xmlChar *)"alt");
			t = xmlNewDocText(n->doc, alt != NULL ? alt :
			    (const xmlChar *)"");
			xmlReplaceNode(n, t);
			xmlFreeNode(n);
			xmlFree(alt);
		}
		xmlFree(src);
	}
}

/* Deepest element nesting kept from Markdown; deeper ones are unwrapped. */
#define MD_DEPTH	64

/*
 * Unwrap the elements nested deeper than MD_DEPTH below parent (their
 * children take their place), so pathological Markdown (10,000 nested
 * quotes) keeps all its text but not a nesting no browser shows.
 * Iterative at the limit: an unwrapped element's children are visited
 * next, at the same depth.
 */
static void
limit_depth(xmlNodePtr parent, int depth)
{
	xmlNodePtr	 n, next, prev, c, cn;

	for (n = parent->children; n != NULL; n = next) {
		next = n->next;
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (depth < MD_DEPTH) {
			limit_depth(n, depth + 1);
			continue;
		}
		prev = n->prev;
		for (c = n->children; c != NULL; c = cn) {
			cn = c->next;
			xmlUnlinkNode(c);
			xmlAddPrevSibling(n, c);
		}
		xmlUnlinkNode(n);
		xmlFreeNode(n);
		next = prev != NULL ? prev->next : parent->children;
	}
}

/*
 * Markdown from data: cmark in its default, safe mode (raw HTML
 * dropped, javascript: links blanked), its HTML parsed in a wrapper
 * document and the body's nodes copied into e.  The parse lifts
 * libxml2's depth limit (256), which would silently drop everything
 * after a deeply nested part; limit_depth bounds the nesting instead,
 * and fix_images turns blanked images into their alt text.
 */
static int
put_markdown(struct rstate *st, const struct dir *dr, xmlNodePtr e,
    const char *md)
{
	struct buf	 b = { NULL, 0, 0 };
	char		*html;
	xmlDocPtr	 frag = NULL;
	xmlNodePtr	 body, c;

	html = cmark_markdown_to_html(md, strlen(md), CMARK_OPT_DEFAULT);
	if (html == NULL) {
		sys_fatal("cmark 处理 Markdown 失败");
	}
	buf_adds(&b, "<!DOCTYPE html><html><head></head><body>");
	buf_adds(&b, html);
	buf_adds(&b, "</body></html>");
	free(html);
	if (b.len <= INT_MAX)
		frag = htmlReadMemory(b.s, (int)b.len, NULL, "UTF-8",
		    HTML_OPTS | XML_PARSE_HUGE);
	buf_free(&b);
	if (frag == NULL) {
		diag_add(st->d, SEV_ERROR, CODE, dr->file, dr->line, 0,
		    "Markdown 转换后的内容无法解析");
		return -1;
	}
	if ((body = child_named(xmlDocGetRootElement(frag), "body")) != NULL) {
		limit_depth(body, 1);
		fix_images(body->children);
	}
	for (c = body != NULL ? body->children : NULL; c != NULL; c = c->next)
		xmlAddChild(e, xmlDocCopyNode(c, st->out, 1));
	xmlFreeDoc(frag);
	return 0;
}

/*
 * data-call: the hook fills e; its failure is one finding here, at the
 * template's line, with the hook's reason.
 */
static int
put_call(struct rstate *st, const struct dir *dr, xmlNodePtr e)
{
	struct buf	 why = { NULL, 0, 0 };

	if (dr->call->fn(dr->call->arg, st->at.node, e, &why) == 0) {
		buf_free(&why);
		return 0;
	}
	if (why.len > 0)
		diag_add(st->d, SEV_ERROR, CODE, dr->file, dr->line, 0,
		    "data-call \"%s\" 出错: %s", dr->call->name, why.s);
	else
		diag_add(st->d, SEV_ERROR, CODE, dr->file, dr->line, 0,
		    "data-call \"%s\" 出错", dr->call->name);
	buf_free(&why);
	return -1;
}

/* Fill e by data-text, data-markdown or data-call. */
static int
put_content(struct rstate *st, const struct dir *dr, xmlNodePtr e)
{
	char	*v;
	int	 rc = 0;

	if (dr->content == D_CALL)
		return put_call(st, dr, e);
	if ((v = eval_string(st, dr, &dr->text)) == NULL)
		return -1;
	if (dr->content == D_TEXT)
		xmlAddChild(e, xmlNewDocText(st->out, BAD_CAST v));
	else
		rc = put_markdown(st, dr, e, v);
	free(v);
	return rc;
}

/* Shallow copy of template element t, without directive attributes. */
static xmlNodePtr
copy_elem(struct rstate *st, xmlNodePtr t)
{
	xmlNodePtr	 e;
	xmlAttrPtr	 a, next;

	if ((e = xmlDocCopyNode(t, st->out, 2)) == NULL) {
		sys_fatal("无法复制模板节点");
	}
	for (a = e->properties; a != NULL; a = next) {
		next = a->next;
		if (directive_kind(a->name) != D_NONE)
			xmlRemoveProp(a);
	}
	return e;
}

/* One copy of element t with directives, for the current context. */
static int
render_one(struct rstate *st, xmlNodePtr t, const struct dir *dr,
    xmlNodePtr parent)
{
	xmlXPathObjectPtr	 o;
	xmlNodePtr		 e;
	int			 keep;

	if (dr->cond.comp != NULL) {
		if ((o = eval(st, dr, &dr->cond)) == NULL)
			return -1;
		keep = xmlXPathCastToBoolean(o);
		xmlXPathFreeObject(o);
		if (!keep)
			return 0;
	}
	if (dr->include != NULL)
		return dr->include->content == NULL ? 0 :
		    render_list(st, dr->include->content->children, parent);
	e = copy_elem(st, t);
	xmlAddChild(parent, e);
	if (set_attrs(st, dr, e) != 0)
		return -1;
	if (dr->content != D_NONE)
		return put_content(st, dr, e);
	return render_list(st, t->children, e);
}

/* data-each: one copy per node, position() and last() set for each. */
static int
render_each(struct rstate *st, xmlNodePtr t, const struct dir *dr,
    xmlNodePtr parent)
{
	xmlXPathObjectPtr	 o;
	struct xpfn_at		 at = st->at;
	int			 i, n, rc = 0;

	if ((o = eval(st, dr, &dr->each)) == NULL)
		return -1;
	if (o->type != XPATH_NODESET) {
		diag_add(st->d, SEV_ERROR, CODE, dr->file, dr->line, 0,
		    "data-each 的表达式 \"%s\" 选不出节点",
		    dr->each.src);
		xmlXPathFreeObject(o);
		return -1;
	}
	n = o->nodesetval != NULL ? o->nodesetval->nodeNr : 0;
	for (i = 0; i < n && rc == 0; i++) {
		st->at.node = o->nodesetval->nodeTab[i];
		st->at.pos = i + 1;
		st->at.size = n;
		rc = render_one(st, t, dr, parent);
	}
	st->at = at;
	xmlXPathFreeObject(o);
	return rc;
}

/* Render template nodes n and its siblings as children of parent. */
static int
render_list(struct rstate *st, xmlNodePtr n, xmlNodePtr parent)
{
	xmlNodePtr	 e;
	struct dir	*dr;

	for (; n != NULL; n = n->next) {
		if (n->type == XML_DTD_NODE)
			continue;
		if (n->type != XML_ELEMENT_NODE) {
			xmlAddChild(parent, xmlDocCopyNode(n, st->out, 1));
			continue;
		}
		if ((dr = n->_private) != NULL) {
			if ((dr->each.comp != NULL ?
			    render_each(st, n, dr, parent) :
			    render_one(st, n, dr, parent)) != 0)
				return -1;
			continue;
		}
		e = copy_elem(st, n);
		xmlAddChild(parent, e);
		if (render_list(st, n->children, e) != 0)
			return -1;
	}
	return 0;
}

/* Append the serialized page to out. */
static void
serialize(xmlDocPtr doc, struct buf *out)
{
	xmlOutputBufferPtr	 ob;

	if ((ob = xmlAllocOutputBuffer(NULL)) == NULL) {
		sys_fatal("无法分配输出缓冲区");
	}
	htmlDocContentDumpFormatOutput(ob, doc, NULL, 0);
	xmlOutputBufferFlush(ob);
	buf_add(out, xmlOutputBufferGetContent(ob), xmlOutputBufferGetSize(ob));
	xmlOutputBufferClose(ob);
}

/*
 * A new output document with the template's doctype, UTF-8 throughout
 * (attribute values too), and a dictionary so element and attribute
 * names are not copied per node.
 */
static xmlDocPtr
out_new(const struct tmpl *t)
{
	xmlDocPtr	 out;
	xmlDtdPtr	 dtd = t->doc->intSubset;

	if ((out = htmlNewDocNoDtD(NULL, NULL)) == NULL) {
		sys_fatal("无法创建文档");
	}
	out->encoding = xmlStrdup(BAD_CAST "UTF-8");
	out->dict = xmlDictCreate();
	if (dtd != NULL)
		xmlCreateIntSubset(out, dtd->name, dtd->ExternalID,
		    dtd->SystemID);
	return out;
}

int
tmpl_render(struct tmpl *t, xmlDocPtr model, xmlNodePtr context,
    const struct xpfn_var *vars, size_t nvars, struct buf *out,
    struct diag *d)
{
	struct rstate	 st;
	int		 rc;

	st.set = t->set;
	st.out = out_new(t);
	st.at.node = context != NULL ? context : (xmlNodePtr)model;
	st.at.pos = st.at.size = 1;
	st.d = d;
	xpfn_bind(t->set->X, model, vars, nvars);
	rc = render_list(&st, t->doc->children, (xmlNodePtr)st.out);
	if (rc == 0)
		serialize(st.out, out);
	xpfn_bind(t->set->X, NULL, NULL, 0);
	xmlFreeDoc(st.out);
	return rc;
}
