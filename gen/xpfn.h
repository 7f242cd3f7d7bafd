/*
 * XPath functions shared by every renderer (site templates, PDF
 * layouts).  Registered without a namespace, so templates call them
 * bare: money(@expense), money-cn(total/@fen), date(@date),
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
 */
#ifndef SUNLIGHT_XPFN_H
#define SUNLIGHT_XPFN_H

#include <libxml/xpath.h>

/* Register the functions in ctx (which keeps no reference to us). */
void	 xpfn_register(xmlXPathContextPtr ctx);

#endif
