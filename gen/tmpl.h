/*
 * HTML page templates.  A template is a plain HTML5 file a designer can
 * open in a browser; directives are data-* attributes holding XPath
 * expressions evaluated against a model document:
 *
 *	data-each="xpath"	repeat the element once per selected node,
 *				that node being the context (position() and
 *				last() give the index and the count)
 *	data-if="xpath"		keep the element only if boolean(expr)
 *	data-include="x.html"	replace the element by the children of the
 *				<body> of x.html (same folder), or, when that
 *				body is empty, of its <head>: a partial may be
 *				a whole page or a bare fragment such as <link>
 *				lines, which the parser puts in <head>
 *	data-attr-NAME="xpath"	set attribute NAME to the string value
 *	data-text="xpath"	replace the content by the string value
 *	data-markdown="xpath"	replace the content by the string value
 *				rendered by cmark (safe mode: raw HTML
 *				dropped, javascript: links blanked)
 *	data-call="name"	empty the element and pass it, with the
 *				context node, to the hook registered as name
 *
 * On one element they apply in that order: each, then if (per copy),
 * then include (nothing else may accompany it but each and if), then
 * attributes, then at most one of text, markdown, call; without those
 * the children are rendered.  Directive attributes never reach the
 * output; other data-* attributes pass through.  Data always enters as
 * text nodes or attribute values, so markup in data is shown as text.
 * data-text and data-markdown are refused inside <script> and <style>;
 * data-attr-on* (event handlers), data-attr-srcdoc and data-attr-style
 * are refused; a URL attribute (href, src, ...) whose value has a scheme
 * other than http, https, mailto or tel, or is protocol-relative
 * ("//host/..."), is emptied with a warning.
 *
 * Numbers from data-text and data-attr-* print as integers when they
 * are exact integers (no scientific notation), "" when NaN; money goes
 * through money() (see xpfn.h).
 *
 * Every expression is compiled once, when its template is loaded, and
 * checked there by xpfn_compile (see xpfn.h), so syntax errors, unknown
 * functions and variables (even behind "and"/"or"), unknown partials,
 * include cycles and unknown hooks are reported at load as findings
 * (severity error, code "template") at the template's path and the
 * line of the element.  Errors found while rendering (a declared
 * variable without a value, a type error, a failed hook) are reported
 * the same way.  The set declares the variable names ($base, $page,
 * ...); their values are supplied per render.
 */
#ifndef SUNLIGHT_TMPL_H
#define SUNLIGHT_TMPL_H

#include <stddef.h>

#include <libxml/tree.h>

#include "diag.h"
#include "util.h"
#include "xpfn.h"

/*
 * A template folder: its loaded templates and partials, one XPath
 * context with the xpfn functions, the hooks.  Not thread-safe: one set
 * per thread.
 */
struct tmpl_set;
/* A loaded template; owned by its set. */
struct tmpl;

/*
 * A data-call hook: fill elem (already in the output document, with
 * its attributes set and no children) using context, a node of the
 * model.  Return 0, or -1 with a short reason appended to why (or
 * none); the template then reports one finding at its file:line,
 * "data-call "NAME" failed: REASON".
 */
typedef int	(*tmpl_hook_fn)(void *arg, xmlNodePtr context,
		    xmlNodePtr elem, struct buf *why);

/*
 * dir is the template folder as it should appear in messages, e.g.
 * "templates/site"; vars the NULL-terminated names of the variables
 * templates may use (NULL: none), an array that must outlive the set.
 * Free with tmpl_set_free, which frees every template loaded from the
 * set.
 */
struct tmpl_set	*tmpl_set_new(const char *dir, const char *const *vars);
void		 tmpl_set_free(struct tmpl_set *);

/*
 * Register (or replace) the hook for data-call="name"; register hooks
 * before loading the templates that call them.  name is copied.
 */
void		 tmpl_set_hook(struct tmpl_set *, const char *name,
		    tmpl_hook_fn fn, void *arg);

/*
 * Load dir/name (a plain file name) with its partials, compiling and
 * checking every expression.  Loading the same name again returns the
 * same template.  Returns NULL after adding findings to d.
 */
struct tmpl	*tmpl_load(struct tmpl_set *, const char *name, struct diag *d);

/*
 * Render t with model as the document and context as the context node
 * (NULL: the document node), appending the page, "<!DOCTYPE html>"
 * first, in UTF-8, to out.  vars are the values of the declared
 * variables, used during the call only.  Returns 0, or -1 after adding
 * findings to d (out then holds nothing new).  Warnings may be added on
 * success.
 */
int		 tmpl_render(struct tmpl *t, xmlDocPtr model, xmlNodePtr context,
		    const struct xpfn_var *vars, size_t nvars,
		    struct buf *out, struct diag *d);

#endif
