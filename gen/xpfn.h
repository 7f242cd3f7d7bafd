/*
 * XPath for every template engine (site templates, PDF layouts): the
 * functions templates call, exact reading of results, and one
 * evaluator that compiles, checks and evaluates expressions the same
 * way for both, reporting findings at the template's file:line.
 *
 * The functions are registered without a namespace, so templates call
 * them bare: money(@expense), money-cn(total/@fen), date(@date),
 * percent(@done, @total), qty(@milli).
 *
 * Amounts arrive as integer fen: an attribute or string of decimal
 * digits (read exactly as int64, never through a double) or an XPath
 * number (a double, accepted only when it is an integer below 2^53,
 * where it is exact).  Anything else -- a missing attribute (empty
 * node-set), NaN, a fraction, text -- gives the empty string, so a
 * missing value shows as nothing rather than as "NaN" or a wrong sum.
 * Amounts are never formatted through string(), which prints numbers
 * above 2^31 in scientific notation.
 *
 *	money(x)	"12,345.67"
 *	money-cn(x)	"人民币壹万贰仟叁佰肆拾伍元陆角柒分"
 *	date(x)		"2023年9月1日" from any form date_parse accepts
 *	percent(n, d)	"95.0%", "—" when d is 0
 *	qty(x)		"12.5" from integer thousandths (12500)
 *	cn-number(n)	"十二" for 12 (1 to 99): section numbers
 */
#ifndef SUNLIGHT_XPFN_H
#define SUNLIGHT_XPFN_H

#include <stddef.h>
#include <stdint.h>

#include <libxml/xpath.h>

#include "diag.h"

/* Register the functions in ctx (which keeps no reference to us). */
void	 xpfn_register(xmlXPathContextPtr ctx);

/*
 * s as a decimal integer: optional blanks, an optional "-", 1 to 18
 * digits (so it cannot overflow), optional blanks.  0, or -1 (and *v
 * untouched) for anything else.
 */
int	 xpfn_parse_int(const char *s, int64_t *v);

/*
 * Exact integer value of an XPath result: a number that is an integer
 * below 2^53, or a string or node-set whose string value xpfn_parse_int
 * reads.  0, or -1 for anything else (NaN, a fraction, a boolean, an
 * empty node-set).
 */
int	 xpfn_int(xmlXPathObjectPtr o, int64_t *v);

/*
 * String value of a result, numbers that are exact integers written as
 * integers (string() would use scientific notation above 2^31), NaN as
 * "".  Never NULL; caller frees with free().
 */
char	*xpfn_string(xmlXPathObjectPtr o);

/*
 * An evaluator: an XPath context holding the functions above, an empty
 * document for trial runs, the variables templates may use, and the
 * first XPath error of the current evaluation.  Not thread-safe.
 */
struct xpfn;

/* A compiled expression and its text, for messages; free with xpfn_expr_free. */
struct xpfn_expr {
	xmlXPathCompExprPtr	 comp;		/* NULL: absent */
	char			*src;
};

/*
 * A variable for evaluation: $name is the node-set of the nnodes nodes
 * when nodes is not NULL (in document order), else the node-set holding
 * node when that is not NULL, else the string str (NULL: "").  Nothing
 * is copied.
 */
struct xpfn_var {
	const char	*name;
	const char	*str;
	xmlNodePtr	 node;
	xmlNodePtr const *nodes;
	size_t		 nnodes;
};

/* The context of an evaluation: node, position() and last(). */
struct xpfn_at {
	xmlNodePtr	 node;
	int		 pos;
	int		 size;
};

/*
 * vars: the NULL-terminated names of the variables expressions may use
 * (NULL: none); the array must outlive the evaluator.  user is returned
 * by xpfn_user to extension functions.  Free with xpfn_free.
 */
struct xpfn	*xpfn_new(const char *const *vars, void *user);
void		 xpfn_free(struct xpfn *);

/* Register one more function, before compiling expressions that call it. */
void		 xpfn_add(struct xpfn *, const char *name, xmlXPathFunction fn);

/* Inside a function called by an evaluator's expression: its user pointer. */
void		*xpfn_user(xmlXPathParserContextPtr ctxt);

/*
 * Compile src into *x and check it: bad syntax, a call of an unknown
 * function or a use of an unknown variable anywhere in it (also behind
 * "and" or "or", where an evaluation may never go), and an error when
 * tried once on an empty document (declared variables then being empty
 * node-sets) are findings (severity error, code "template") at
 * file:line.  Returns the type of the trial's result (XPATH_NODESET,
 * XPATH_STRING, ...), or -1 after a finding.  *x is set either way;
 * free it with xpfn_expr_free.
 */
int		 xpfn_compile(struct xpfn *, const char *src, const char *file,
		    int line, struct diag *d, struct xpfn_expr *x);
void		 xpfn_expr_free(struct xpfn_expr *);

/*
 * The document and variable values for the evaluations that follow,
 * until the next call; xpfn_bind(X, NULL, NULL, 0) forgets them.  A
 * declared variable without a value is an error when evaluated.
 */
void		 xpfn_bind(struct xpfn *, xmlDocPtr doc,
		    const struct xpfn_var *vars, size_t nvars);

/*
 * Evaluate x at the bound document with at as context.  The result
 * (free with xmlXPathFreeObject), or NULL after a finding at file:line.
 */
xmlXPathObjectPtr xpfn_eval(struct xpfn *, const struct xpfn_expr *x,
		    const struct xpfn_at *at, const char *file, int line,
		    struct diag *d);

/* Is n an element named name (exact case)? */
int		 xpfn_is_elem(xmlNodePtr n, const char *name);
/* The first child element of n named name, or NULL. */
xmlNodePtr	 xpfn_child(xmlNodePtr n, const char *name);

#endif
