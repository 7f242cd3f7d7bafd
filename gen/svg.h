/*
 * Charts for the site: inline SVG built from the model document with
 * the libxml2 node API (data only ever enters as attribute values and
 * text nodes), for templates to place with data-call:
 *
 *	data-call="chart-months"	income and expense bars per month
 *	data-call="chart-accounts"	expense per account, largest first
 *
 * The context node must be a <period> of the model document.  Each
 * chart is an <svg role="img"> appended to the calling element, with a
 * <title> and a <desc> that states every plotted figure in words,
 * referenced by aria-labelledby; ids are "<prefix>-title" and
 * "<prefix>-desc", the prefix being the calling element's id attribute
 * if it has one, else the hook name.  Geometry is integer arithmetic on
 * integer fen (scaled in 128 bits, so any int64_t amount is drawn within
 * the chart); amounts print through money_format.  A chart fails (the
 * page's template reports it at the data-call's line) when the context
 * is not a <period> or an amount in the model is not an integer.
 */
#ifndef SUNLIGHT_SVG_H
#define SUNLIGHT_SVG_H

#include "tmpl.h"

/* Register every chart hook in set; call before loading templates. */
void	 svg_register(struct tmpl_set *set);

#endif
