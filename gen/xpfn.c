/*
 * XPath for templates (see xpfn.h): the extension functions formatting
 * integer-fen amounts, dates, percentages and quantities (each converts
 * its arguments to exact integers first; a value that is missing or not
 * an exact integer yields ""), exact reading of results, and the
 * evaluator both template engines use, so an expression is checked and
 * reported the same way in a site page and in a PDF layout.
 */
#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xpathInternals.h>

#include "date.h"
#include "diag.h"
#include "money.h"
#include "util.h"
#include "xpfn.h"

/* 2^53: every integer of smaller magnitude is exact in a double. */
#define EXACT_MAX	9007199254740992.0

#define CODE		"template"

struct xpfn {
	xmlXPathContextPtr	 ctx;
	xmlDocPtr		 empty;		/* for trial evaluations */
	const char *const	*names;		/* declared variables */
	const struct xpfn_var	*vars;		/* bound values */
	size_t			 nvars;
	xmlDocPtr		 doc;		/* bound document */
	int			 trial;		/* evaluating at load */
	int			 xcode;		/* first XPath error since reset */
	void			*user;
};

/* Words followed by "(" in XPath that are not function calls. */
static const char *const not_functions[] = {
	"node", "text", "comment", "processing-instruction",
	"and", "or", "mod", "div", NULL
};

int
xpfn_parse_int(const char *s, int64_t *v)
{
	int64_t	 n = 0;
	int	 neg = 0, digits = 0;

	while (isspace((unsigned char)*s))
		s++;
	if (*s == '-') {
		neg = 1;
		s++;
	}
	for (; *s >= '0' && *s <= '9'; s++, digits++) {
		if (digits == 18)
			return -1;
		n = n * 10 + (*s - '0');
	}
	while (isspace((unsigned char)*s))
		s++;
	if (digits == 0 || *s != '\0')
		return -1;
	*v = neg ? -n : n;
	return 0;
}

int
xpfn_int(xmlXPathObjectPtr o, int64_t *v)
{
	xmlChar	*s;
	int	 rc;

	if (o == NULL || o->type == XPATH_BOOLEAN)
		return -1;
	if (o->type == XPATH_NUMBER) {
		if (isnan(o->floatval) || fabs(o->floatval) >= EXACT_MAX ||
		    o->floatval != trunc(o->floatval))
			return -1;
		*v = (int64_t)o->floatval;
		return 0;
	}
	if ((s = xmlXPathCastToString(o)) == NULL)
		return -1;
	rc = xpfn_parse_int((const char *)s, v);
	xmlFree(s);
	return rc;
}

char *
xpfn_string(xmlXPathObjectPtr o)
{
	xmlChar	*s;
	char	*t;
	int64_t	 v;

	if (o->type == XPATH_NUMBER) {
		if (isnan(o->floatval))
			return xstrdup("");
		if (xpfn_int(o, &v) == 0)
			return xasprintf("%" PRId64, v);
	}
	s = xmlXPathCastToString(o);
	t = xstrdup(s != NULL ? (const char *)s : "");
	xmlFree(s);
	return t;
}

/* Pop one argument and convert it; -1 when it is not an exact integer. */
static int
pop_int(xmlXPathParserContextPtr ctxt, int64_t *v)
{
	xmlXPathObjectPtr	 o;
	int			 rc;

	o = valuePop(ctxt);
	rc = xpfn_int(o, v);
	xmlXPathFreeObject(o);
	return rc;
}

/* Push s (copied), or "" for NULL. */
static void
push_str(xmlXPathParserContextPtr ctxt, const char *s)
{
	valuePush(ctxt, xmlXPathNewString((const xmlChar *)(s ? s : "")));
}

static void
fn_money(xmlXPathParserContextPtr ctxt, int nargs)
{
	char	 buf[MONEY_BUFSZ];
	int64_t	 v;

	CHECK_ARITY(1);
	push_str(ctxt, pop_int(ctxt, &v) == 0 ? money_format(v, buf) : NULL);
}

static void
fn_money_cn(xmlXPathParserContextPtr ctxt, int nargs)
{
	char	 buf[MONEY_CN_BUFSZ];
	int64_t	 v;

	CHECK_ARITY(1);
	push_str(ctxt, pop_int(ctxt, &v) == 0 ? money_cn(v, buf) : NULL);
}

static void
fn_qty(xmlXPathParserContextPtr ctxt, int nargs)
{
	char	 buf[MONEY_BUFSZ];
	int64_t	 v;

	CHECK_ARITY(1);
	push_str(ctxt, pop_int(ctxt, &v) == 0 ? qty_format(v, buf) : NULL);
}

/* percent(num, den): arguments are popped in reverse order. */
static void
fn_percent(xmlXPathParserContextPtr ctxt, int nargs)
{
	char	 buf[MONEY_BUFSZ];
	int64_t	 num, den;
	int	 bad;

	CHECK_ARITY(2);
	bad = pop_int(ctxt, &den);
	bad |= pop_int(ctxt, &num);
	push_str(ctxt, bad ? NULL : percent_format(num, den, buf));
}

/* date(x): the string value parsed as a date, written the Chinese way. */
static void
fn_date(xmlXPathParserContextPtr ctxt, int nargs)
{
	char			 buf[DATE_BUFSZ];
	const char		*why, *out = NULL;
	xmlChar			*s;
	int			 days;

	CHECK_ARITY(1);
	s = xmlXPathPopString(ctxt);
	if (s != NULL && *s != '\0' &&
	    date_parse((const char *)s, &days, &why) == 0)
		out = date_cn(days, buf);
	xmlFree(s);
	push_str(ctxt, out);
}

/*
 * cn-number(n): 1 to 99 as a Chinese numeral (一, 十, 十二, 二十三), for
 * section headings numbered by which tables a unit has, so that they
 * stay consecutive when one is missing.
 */
static void
fn_cn_number(xmlXPathParserContextPtr ctxt, int nargs)
{
	static const char *const d[] = { "", "一", "二", "三", "四", "五",
	    "六", "七", "八", "九" };
	char	 buf[32];
	int64_t	 n;

	CHECK_ARITY(1);
	if (pop_int(ctxt, &n) != 0 || n < 1 || n > 99) {
		push_str(ctxt, NULL);
		return;
	}
	snprintf(buf, sizeof(buf), "%s%s%s", n >= 20 ? d[n / 10] : "",
	    n >= 10 ? "十" : "", d[n % 10]);
	push_str(ctxt, buf);
}

void
xpfn_register(xmlXPathContextPtr ctx)
{
	xmlXPathRegisterFunc(ctx, BAD_CAST "cn-number", fn_cn_number);
	xmlXPathRegisterFunc(ctx, BAD_CAST "money", fn_money);
	xmlXPathRegisterFunc(ctx, BAD_CAST "money-cn", fn_money_cn);
	xmlXPathRegisterFunc(ctx, BAD_CAST "date", fn_date);
	xmlXPathRegisterFunc(ctx, BAD_CAST "percent", fn_percent);
	xmlXPathRegisterFunc(ctx, BAD_CAST "qty", fn_qty);
}

/* ---------------------------------------------------------------- */
/* The evaluator. */

static int
in_list(const char *const *list, const char *s)
{
	for (; list != NULL && *list != NULL; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

/* Messages for XPath errors, stable across libxml2 versions. */
static const char *
xpath_msg(int code)
{
	switch (code) {
	case XML_XPATH_UNDEF_VARIABLE_ERROR:
		return "变量未定义";
	case XML_XPATH_UNKNOWN_FUNC_ERROR:
		return "函数未注册";
	case XML_XPATH_INVALID_OPERAND:
		return "操作数无效";
	case XML_XPATH_INVALID_TYPE:
		return "类型不对";
	case XML_XPATH_INVALID_ARITY:
		return "参数个数不对";
	case XML_XPATH_UNDEF_PREFIX_ERROR:
		return "命名空间前缀未定义";
	case XML_XPATH_MEMORY_ERROR:
		return "内存不足";
	default:
		return "XPath 出错";
	}
}

/* XPath errors of the evaluator's context land here: keep the first. */
static void
xpath_error(void *arg, xmlErrorPtr e)
{
	struct xpfn	*X = arg;

	if (X->xcode == 0)
		X->xcode = e->code != 0 ? e->code : -1;
}

/* libxml2's own complaints on stderr, while our handler reports. */
static void
quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/*
 * Variables: in a trial every declared name is an empty node-set, so
 * expressions can be tried before the values exist; otherwise the bound
 * values, and an XPath error for any other name.
 */
/* A node-set of n nodes already in document order, without duplicates. */
static xmlXPathObjectPtr
node_list(xmlNodePtr const *v, size_t n)
{
	xmlXPathObjectPtr	 o = xmlXPathNewNodeSet(NULL);
	size_t			 i;

	for (i = 0; o != NULL && i < n; i++)
		xmlXPathNodeSetAddUnique(o->nodesetval, v[i]);
	return o;
}

static xmlXPathObjectPtr
var_lookup(void *arg, const xmlChar *name, const xmlChar *ns)
{
	struct xpfn	*X = arg;
	size_t		 i;

	if (ns != NULL)
		return NULL;
	if (X->trial)
		return in_list(X->names, (const char *)name) ?
		    xmlXPathNewNodeSet(NULL) : NULL;
	for (i = 0; i < X->nvars; i++) {
		if (strcmp(X->vars[i].name, (const char *)name) != 0)
			continue;
		if (X->vars[i].nodes != NULL)
			return node_list(X->vars[i].nodes, X->vars[i].nnodes);
		if (X->vars[i].node != NULL)
			return xmlXPathNewNodeSet(X->vars[i].node);
		return xmlXPathNewString(BAD_CAST (X->vars[i].str != NULL ?
		    X->vars[i].str : ""));
	}
	return NULL;
}

struct xpfn *
xpfn_new(const char *const *vars, void *user)
{
	struct xpfn	*X;

	xmlInitParser();
	X = xcalloc(1, sizeof(*X));
	X->names = vars;
	X->user = user;
	X->empty = xmlNewDoc(BAD_CAST "1.0");
	if (X->empty == NULL ||
	    (X->ctx = xmlXPathNewContext(X->empty)) == NULL) {
		sys_fatal("无法创建 XPath 上下文");
	}
	X->ctx->error = xpath_error;
	X->ctx->userData = X;
	xmlXPathRegisterVariableLookup(X->ctx, var_lookup, X);
	xpfn_register(X->ctx);
	return X;
}

void
xpfn_free(struct xpfn *X)
{
	if (X == NULL)
		return;
	xmlXPathFreeContext(X->ctx);
	xmlFreeDoc(X->empty);
	free(X);
}

void
xpfn_add(struct xpfn *X, const char *name, xmlXPathFunction fn)
{
	xmlXPathRegisterFunc(X->ctx, BAD_CAST name, fn);
}

void *
xpfn_user(xmlXPathParserContextPtr ctxt)
{
	struct xpfn	*X = ctxt->context->userData;

	return X != NULL ? X->user : NULL;
}

void
xpfn_expr_free(struct xpfn_expr *x)
{
	if (x->comp != NULL)
		xmlXPathFreeCompExpr(x->comp);
	free(x->src);
	x->comp = NULL;
	x->src = NULL;
}

void
xpfn_bind(struct xpfn *X, xmlDocPtr doc, const struct xpfn_var *vars,
    size_t nvars)
{
	X->doc = doc;
	X->vars = vars;
	X->nvars = nvars;
}

/*
 * Compile or evaluate with libxml2's generic error printer silenced (it
 * prints "function not found" on its own; the structured error reaches
 * xpath_error and becomes a finding).  comp NULL: compile src.
 */
static void *
quietly(struct xpfn *X, xmlXPathCompExprPtr comp, const char *src)
{
	xmlGenericErrorFunc	 oldf = xmlGenericError;
	void			*oldc = xmlGenericErrorContext;
	void			*r;

	X->xcode = 0;
	xmlSetGenericErrorFunc(NULL, quiet);
	if (comp == NULL)
		r = xmlXPathCtxtCompile(X->ctx, BAD_CAST src);
	else
		r = xmlXPathCompiledEval(comp, X->ctx);
	xmlSetGenericErrorFunc(oldc, oldf);
	return r;
}

static int
name_start(int c)
{
	return isalpha(c) || c == '_' || c >= 0x80;
}

static int
name_char(int c)
{
	return isalnum(c) || c == '_' || c == '-' || c == '.' || c == ':' ||
	    c >= 0x80;
}

/*
 * The first name at p..: a variable ($name) not declared, or a function
 * called (a name followed by "(") that the context does not know; *var
 * says which.  A lexical scan, string literals skipped, so names that an
 * evaluation never reaches are caught too.  NULL if none; caller frees.
 */
static char *
unknown_name(struct xpfn *X, const char *p, int *var)
{
	const char	*q, *r;
	char		*name;

	while (*p != '\0') {
		if (*p == '"' || *p == '\'') {
			if ((q = strchr(p + 1, *p)) == NULL)
				break;
			p = q + 1;
			continue;
		}
		if ((*var = *p == '$'))
			for (p++; isspace((unsigned char)*p); p++)
				continue;
		if (!name_start((unsigned char)*p)) {
			p += *p != '\0' && !*var;
			continue;
		}
		for (q = p; name_char((unsigned char)*q); q++)
			continue;
		for (r = q; isspace((unsigned char)*r); r++)
			continue;
		name = xstrndup(p, (size_t)(q - p));
		if (*var && !in_list(X->names, name))
			return name;
		if (!*var && *r == '(' && strchr(name, ':') == NULL &&
		    !in_list(not_functions, name) &&
		    xmlXPathFunctionLookup(X->ctx, BAD_CAST name) == NULL)
			return name;
		free(name);
		p = q;
	}
	return NULL;
}

/* The pending XPath error about src as a finding at file:line. */
static void
report(struct xpfn *X, struct diag *d, const char *file, int line,
    const char *src)
{
	diag_add(d, SEV_ERROR, CODE, file, line, 0,
	    "XPath 表达式 \"%s\" 出错: %s", src,
	    X->xcode != 0 ? xpath_msg(X->xcode) : "没有结果");
	X->xcode = 0;
}

/* Evaluate comp on the empty document, declared variables empty. */
static xmlXPathObjectPtr
trial(struct xpfn *X, xmlXPathCompExprPtr comp)
{
	xmlXPathObjectPtr	 o;

	X->ctx->doc = X->empty;
	X->ctx->node = (xmlNodePtr)X->empty;
	X->ctx->contextSize = X->ctx->proximityPosition = 1;
	X->trial = 1;
	o = quietly(X, comp, NULL);
	X->trial = 0;
	return o;
}

int
xpfn_compile(struct xpfn *X, const char *src, const char *file, int line,
    struct diag *d, struct xpfn_expr *x)
{
	xmlXPathObjectPtr	 o;
	char			*name;
	int			 var, type;

	x->src = xstrdup(src);
	if ((x->comp = quietly(X, NULL, src)) == NULL) {
		X->xcode = 0;
		diag_add(d, SEV_ERROR, CODE, file, line, 0,
		    "XPath 表达式 \"%s\" 写法有误", src);
		return -1;
	}
	if ((name = unknown_name(X, src, &var)) != NULL) {
		diag_add(d, SEV_ERROR, CODE, file, line, 0,
		    "\"%s\" 中的 \"%s%s\" 没有定义:没有这个%s",
		    src, var ? "$" : "", name, var ? "变量" : "函数");
		free(name);
		return -1;
	}
	o = trial(X, x->comp);
	if (o == NULL || X->xcode != 0) {
		report(X, d, file, line, src);
		type = -1;
	} else
		type = o->type;
	xmlXPathFreeObject(o);
	return type;
}

xmlXPathObjectPtr
xpfn_eval(struct xpfn *X, const struct xpfn_expr *x,
    const struct xpfn_at *at, const char *file, int line, struct diag *d)
{
	xmlXPathObjectPtr	 o;

	X->ctx->doc = X->doc;
	X->ctx->node = at->node;
	X->ctx->contextSize = at->size;
	X->ctx->proximityPosition = at->pos;
	o = quietly(X, x->comp, NULL);
	if (o == NULL || X->xcode != 0) {
		report(X, d, file, line, x->src);
		xmlXPathFreeObject(o);
		return NULL;
	}
	return o;
}

int
xpfn_is_elem(xmlNodePtr n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0;
}

xmlNodePtr
xpfn_child(xmlNodePtr n, const char *name)
{
	for (n = n->children; n != NULL; n = n->next)
		if (xpfn_is_elem(n, name))
			return n;
	return NULL;
}
