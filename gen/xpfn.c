/*
 * XPath extension functions: formatting of integer-fen amounts, dates,
 * percentages and quantities for templates.  Each one converts its
 * arguments to exact integers first; a value that is missing or not an
 * exact integer yields "" (see xpfn.h).
 */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include <libxml/xpathInternals.h>

#include "date.h"
#include "money.h"
#include "xpfn.h"

/* 2^53: every integer of smaller magnitude is exact in a double. */
#define EXACT_MAX	9007199254740992.0

/*
 * Read an integer written in decimal with an optional minus sign and
 * surrounding blanks.  At most 18 digits, so it cannot overflow.
 */
static int
parse_int(const char *s, int64_t *v)
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

/*
 * Exact integer value of an XPath object: numbers must be integral and
 * below 2^53; strings and node-sets are read from their string value
 * as decimal digits.  Returns -1 for anything else (NaN, missing).
 */
static int
obj_int(xmlXPathObjectPtr o, int64_t *v)
{
	xmlChar	*s;
	int	 rc;

	if (o == NULL)
		return -1;
	if (o->type == XPATH_NUMBER) {
		if (isnan(o->floatval) || fabs(o->floatval) >= EXACT_MAX ||
		    o->floatval != trunc(o->floatval))
			return -1;
		*v = (int64_t)o->floatval;
		return 0;
	}
	if (o->type == XPATH_BOOLEAN)
		return -1;
	if ((s = xmlXPathCastToString(o)) == NULL)
		return -1;
	rc = parse_int((const char *)s, v);
	xmlFree(s);
	return rc;
}

/* Pop one argument and convert it; -1 when it is not an exact integer. */
static int
pop_int(xmlXPathParserContextPtr ctxt, int64_t *v)
{
	xmlXPathObjectPtr	 o;
	int			 rc;

	o = valuePop(ctxt);
	rc = obj_int(o, v);
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

void
xpfn_register(xmlXPathContextPtr ctx)
{
	xmlXPathRegisterFunc(ctx, BAD_CAST "money", fn_money);
	xmlXPathRegisterFunc(ctx, BAD_CAST "money-cn", fn_money_cn);
	xmlXPathRegisterFunc(ctx, BAD_CAST "date", fn_date);
	xmlXPathRegisterFunc(ctx, BAD_CAST "percent", fn_percent);
	xmlXPathRegisterFunc(ctx, BAD_CAST "qty", fn_qty);
}
