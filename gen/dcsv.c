/*
 * The district's open data.  See dcsv.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "output.h"
#include "dcsv.h"
#include "util.h"
#include "xpfn.h"

#define X(s)	((const xmlChar *)(s))

/* Which element of a record a column reads. */
enum where { W_UNIT, W_PERIOD, W_TOTALS, W_FEES, W_ROW };

enum kind {
	K_TEXT,		/* formula-guarded */
	K_PLAIN,	/* dates, ids, counts */
	K_MONEY,	/* fen -> "1234.50" */
	K_TENTHS,	/* tenths -> "95.0" */
	K_YES		/* "yes" -> "是" */
};

struct col {
	const char	*head;
	enum where	 where;
	const char	*attr;
	enum kind	 kind;
};

static const struct col unit_cols[] = {
	{ "单位代码", W_UNIT, "id", K_PLAIN },
	{ "单位名称", W_UNIT, "name", K_TEXT },
	{ "类型", W_UNIT, "type", K_TEXT },
	{ "本次生成", W_UNIT, "status", K_PLAIN },
	{ "学期", W_PERIOD, "name", K_PLAIN },
	{ "学期名称", W_PERIOD, "label", K_TEXT },
	{ "本期收入", W_TOTALS, "period-income", K_MONEY },
	{ "本期支出", W_TOTALS, "expense", K_MONEY },
	{ "期末结余", W_TOTALS, "closing", K_MONEY },
	{ "预算", W_TOTALS, "budget", K_MONEY },
	{ "预算执行率（%）", W_TOTALS, "budget-used", K_TENTHS },
	{ "收费实收", W_FEES, "collected", K_MONEY },
	{ "食堂支出", W_TOTALS, "canteen-ledger", K_MONEY },
	{ NULL, 0, NULL, 0 }
};

static const struct col fee_cols[] = {
	{ "单位代码", W_UNIT, "id", K_PLAIN },
	{ "单位名称", W_UNIT, "name", K_TEXT },
	{ "学期", W_PERIOD, "name", K_PLAIN },
	{ "收费项目", W_ROW, "item", K_TEXT },
	{ "计费单位", W_ROW, "unit", K_TEXT },
	{ "收费标准", W_ROW, "standard", K_MONEY },
	{ "全区县中位数", W_ROW, "district-median", K_MONEY },
	{ "高于中位数", W_ROW, "above-median", K_YES },
	{ "收费范围", W_ROW, "scope", K_TEXT },
	{ "收费依据", W_ROW, "basis", K_TEXT },
	{ NULL, 0, NULL, 0 }
};

/* The nodes one record reads from. */
struct at {
	xmlNodePtr	 n[W_ROW + 1];
};

static xmlNodePtr
kid(xmlNodePtr n, const char *name)
{
	for (n = n ? n->children : NULL; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, X(name)))
			return n;
	return NULL;
}

static xmlNodePtr
next(xmlNodePtr n, const char *name)
{
	for (n = n ? n->next : NULL; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, X(name)))
			return n;
	return NULL;
}

/* Text: quoted when needed (RFC 4180), formula-guarded if asked. */
static void
cell_text(struct buf *b, const char *s, int guard)
{
	size_t	 n = strlen(s);
	int	 quote = strpbrk(s, ",\"\r\n") != NULL ||
	    (n > 0 && (s[0] == ' ' || s[n - 1] == ' '));

	if (quote)
		buf_addc(b, '"');
	if (guard && n > 0 && strchr("=+-@\t\r", s[0]) != NULL)
		buf_addc(b, '\'');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			buf_addc(b, '"');
		buf_addc(b, *s);
	}
	if (quote)
		buf_addc(b, '"');
}

/* An integer of scale 100 or 10 as "1234.50" or "95.0", exactly. */
static void
cell_scaled(struct buf *b, const char *s, unsigned scale)
{
	int64_t		 v;
	uint64_t	 m;

	if (xpfn_parse_int(s, &v) != 0)
		return;
	m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	buf_addf(b, scale == 100 ? "%s%llu.%02llu" : "%s%llu.%llu",
	    v < 0 ? "-" : "", (unsigned long long)(m / scale),
	    (unsigned long long)(m % scale));
}

static void
record(struct buf *b, const struct at *at, const struct col *cols)
{
	xmlChar	*v;
	int	 i;

	for (i = 0; cols[i].head != NULL; i++) {
		if (i > 0)
			buf_addc(b, ',');
		if (at->n[cols[i].where] == NULL || (v = xmlGetProp(
		    at->n[cols[i].where], X(cols[i].attr))) == NULL)
			continue;
		if (cols[i].kind == K_MONEY || cols[i].kind == K_TENTHS)
			cell_scaled(b, (const char *)v,
			    cols[i].kind == K_MONEY ? 100 : 10);
		else if (cols[i].kind == K_YES)
			buf_adds(b, xmlStrEqual(v, X("yes")) ? "是" : "");
		else
			cell_text(b, (const char *)v, cols[i].kind == K_TEXT);
		xmlFree(v);
	}
	buf_adds(b, "\r\n");
}

static void
header(struct buf *b, const struct col *cols)
{
	int	 i;

	buf_adds(b, "\xef\xbb\xbf");
	for (i = 0; cols[i].head != NULL; i++) {
		if (i > 0)
			buf_addc(b, ',');
		buf_adds(b, cols[i].head);
	}
	buf_adds(b, "\r\n");
}

/* A record per unit and period (one for a unit without periods). */
static void
units_csv(struct buf *b, xmlNodePtr root)
{
	struct at	 at;

	header(b, unit_cols);
	for (at.n[W_UNIT] = kid(root, "unit"); at.n[W_UNIT] != NULL;
	    at.n[W_UNIT] = next(at.n[W_UNIT], "unit")) {
		at.n[W_PERIOD] = kid(at.n[W_UNIT], "period");
		do {
			at.n[W_TOTALS] = kid(at.n[W_PERIOD], "totals");
			at.n[W_FEES] = kid(at.n[W_PERIOD], "fees");
			at.n[W_ROW] = NULL;
			record(b, &at, unit_cols);
		} while ((at.n[W_PERIOD] = next(at.n[W_PERIOD], "period")));
	}
}

/* A record per fee row of every unit and period. */
static void
fees_csv(struct buf *b, xmlNodePtr root)
{
	struct at	 at;

	header(b, fee_cols);
	memset(&at, 0, sizeof(at));
	for (at.n[W_UNIT] = kid(root, "unit"); at.n[W_UNIT] != NULL;
	    at.n[W_UNIT] = next(at.n[W_UNIT], "unit"))
		for (at.n[W_PERIOD] = kid(at.n[W_UNIT], "period");
		    at.n[W_PERIOD] != NULL;
		    at.n[W_PERIOD] = next(at.n[W_PERIOD], "period"))
			for (at.n[W_ROW] = kid(kid(at.n[W_PERIOD], "fees"),
			    "row"); at.n[W_ROW] != NULL;
			    at.n[W_ROW] = next(at.n[W_ROW], "row"))
				record(b, &at, fee_cols);
}

/* Write b (then freed) as site/<name>; 0 or -1 (counted in d). */
static int
write_one(const char *stage, const char *name, struct buf *b,
    struct diag *d)
{
	char	*path = xasprintf("%s/site/%s", stage, name);
	int	 rc = out_write(path, b->s, b->len, 0);

	free(path);
	buf_free(b);
	return rc == 0 ? 0 : diag_system(d);
}

int
dcsv_write(xmlDocPtr pub, const char *stage, struct diag *d)
{
	struct buf	 b = { NULL, 0, 0 };
	xmlNodePtr	 root = xmlDocGetRootElement(pub);

	units_csv(&b, root);
	if (write_one(stage, "district-units.csv", &b, d) != 0)
		return -1;
	fees_csv(&b, root);
	return write_one(stage, "district-fees.csv", &b, d);
}
