/*
 * Inline SVG charts (see svg.h).  Every element is made with the
 * libxml2 node API in the output document of the page, so labels taken
 * from data (account names) can only ever be text.  Names are set with
 * their SVG case (viewBox) and the HTML serializer writes them as set.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "money.h"
#include "svg.h"
#include "tmpl.h"
#include "util.h"
#include "xpfn.h"

#define INK		"#1a1a1a"
#define GRID		"#c9c2b8"
#define INCOME		"#1f5fa8"	/* 6.3:1 on white */
#define EXPENSE		"#a84a12"	/* 5.6:1 on white */

/* Month chart geometry, in viewBox units. */
#define M_W		420
#define M_H		260
#define M_LEFT		66
#define M_RIGHT		6
#define M_TOP		40
#define M_BOTTOM	30
#define M_TICKS		5

/*
 * Account chart geometry; names longer than A_CHARS characters are
 * shortened on the axis (the tooltip and <desc> keep them whole).
 */
#define A_W		420
#define A_LABEL		96
#define A_VALUE		90
#define A_ROW		30
#define A_BAR		18
#define A_PAD		6
#define A_CHARS		6

/* Font size, in viewBox units: the charts are drawn for phones. */
#define FONT		"14"

/* One group of the month chart. */
struct mbar {
	int	 year, month;
	int64_t	 income, expense;
};

/* One bar of the account chart; idx keeps the model order for ties. */
struct abar {
	xmlChar	*name;
	int64_t	 expense;
	size_t	 idx;
};

static xmlNodePtr
el(xmlNodePtr parent, const char *name)
{
	xmlNodePtr	 n;

	n = xmlNewDocNode(parent->doc, NULL, (const xmlChar *)name, NULL);
	return xmlAddChild(parent, n);
}

static void
at(xmlNodePtr n, const char *name, const char *value)
{
	xmlSetProp(n, (const xmlChar *)name, (const xmlChar *)value);
}

static void
at_i(xmlNodePtr n, const char *name, int64_t v)
{
	char	 buf[32];

	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	at(n, name, buf);
}

static void
text(xmlNodePtr n, const char *s)
{
	xmlAddChild(n, xmlNewDocText(n->doc, (const xmlChar *)s));
}

/* A <text> element at x,y with the given anchor. */
static xmlNodePtr
label(xmlNodePtr parent, int64_t x, int64_t y, const char *anchor,
    const char *s)
{
	xmlNodePtr	 t = el(parent, "text");

	at_i(t, "x", x);
	at_i(t, "y", y);
	if (anchor != NULL)
		at(t, "text-anchor", anchor);
	text(t, s);
	return t;
}

static xmlNodePtr
rect(xmlNodePtr parent, int64_t x, int64_t y, int64_t w, int64_t h,
    const char *fill)
{
	xmlNodePtr	 r = el(parent, "rect");

	at_i(r, "x", x);
	at_i(r, "y", y);
	at_i(r, "width", w);
	at_i(r, "height", h);
	at(r, "fill", fill);
	return r;
}

/*
 * Integer value of attribute name of n, decimal digits with an optional
 * sign as the model writes them (xpfn_parse_int); 0 when absent.  A
 * malformed value gives 0 and, if *bad is still NULL, its name there,
 * so the chart fails instead of drawing a wrong bar.
 */
static int64_t
attr_i64(xmlNodePtr n, const char *name, const char **bad)
{
	xmlChar	*v;
	int64_t	 x = 0;

	if ((v = xmlGetProp(n, (const xmlChar *)name)) == NULL)
		return 0;
	if (xpfn_parse_int((const char *)v, &x) != 0) {
		x = 0;
		if (*bad == NULL)
			*bad = name;
	}
	xmlFree(v);
	return x;
}

/* The context must be a <period>; otherwise -1 with the reason. */
static int
need_period(xmlNodePtr context, struct buf *why)
{
	if (xpfn_is_elem(context, "period"))
		return 0;
	buf_addf(why, "要在 <period> 元素下调用,而不是 <%s>",
	    context != NULL && context->type == XML_ELEMENT_NODE ?
	    (const char *)context->name : "document");
	return -1;
}

/* A model attribute that is not an integer: -1 with the reason. */
static int
bad_attr(const char *elem, const char *attr, struct buf *why)
{
	buf_addf(why, "<%s %s=\"...\"> 不是整数", elem, attr);
	return -1;
}

/*
 * The <svg> root with its accessible name and description: role="img",
 * <title> and <desc> with ids derived from the calling element.
 * Returns the svg element; *descp receives the <desc> to fill.
 */
static xmlNodePtr
svg_root(xmlNodePtr elem, const char *hook, int w, int64_t h,
    const char *title, xmlNodePtr *descp)
{
	xmlNodePtr	 svg, t;
	xmlChar		*id;
	char		*tid, *did, *both, *vb;

	id = xmlGetProp(elem, (const xmlChar *)"id");
	tid = xasprintf("%s-title", id != NULL ? (char *)id : hook);
	did = xasprintf("%s-desc", id != NULL ? (char *)id : hook);
	both = xasprintf("%s %s", tid, did);
	vb = xasprintf("0 0 %d %lld", w, (long long)h);
	svg = el(elem, "svg");
	at(svg, "role", "img");
	at(svg, "aria-labelledby", both);
	at(svg, "viewBox", vb);
	at_i(svg, "width", w);
	at_i(svg, "height", h);
	at(svg, "font-size", FONT);
	at(svg, "fill", INK);
	t = el(svg, "title");
	at(t, "id", tid);
	text(t, title);
	*descp = el(svg, "desc");
	at(*descp, "id", did);
	xmlFree(id);
	free(tid);
	free(did);
	free(both);
	free(vb);
	return svg;
}

/* Fen in one 万元: ticks count in 万元 from a step this large. */
#define WAN	INT64_C(1000000)

/*
 * An axis tick: whole 万元 when the step allows ("50"), else yuan
 * without a ".00" tail ("5,000").
 */
static char *
tick_text(int64_t fen, int64_t step, char *buf)
{
	size_t	 n;

	if (step % WAN == 0) {
		snprintf(buf, MONEY_BUFSZ, "%lld", (long long)(fen / WAN));
		return buf;
	}
	money_format(fen, buf);
	n = strlen(buf);
	if (n > 3 && strcmp(buf + n - 3, ".00") == 0)
		buf[n - 3] = '\0';
	return buf;
}

/*
 * The smallest 1, 2 or 5 times a power of ten (in fen) such that at
 * most nticks steps reach max (which is positive).  Sums of many rows
 * may pass MONEY_MAX, so the arithmetic is done in 128 bits; the
 * largest step, 5 * 10^18, reaches any int64_t in two steps.
 */
static int64_t
nice_step(int64_t max, int nticks)
{
	static const int	 mult[] = { 1, 2, 5 };
	__int128		 s;
	int64_t			 p;
	int			 i;

	for (p = 1;; p *= 10) {
		for (i = 0; i < 3; i++) {
			s = (__int128)mult[i] * p;
			if (((__int128)max + s - 1) / s <= nticks)
				return (int64_t)s;
		}
		if (p > INT64_MAX / 10)
			return (int64_t)s;
	}
}

/* The scale's top: max rounded up to a whole step, at most INT64_MAX. */
static int64_t
scale_top(int64_t max, int64_t step)
{
	__int128	 top;

	top = ((__int128)max + step - 1) / step * step;
	if (top == 0)
		top = step;
	return top > INT64_MAX ? INT64_MAX : (int64_t)top;
}

/*
 * The <month> children of the period's element under, each read by
 * fill into an array of elements of size bytes; caller frees.  *bad:
 * see attr_i64.
 */
static void *
months_collect(xmlNodePtr period, const char *under, size_t size,
    void (*fill)(void *, xmlNodePtr, const char **), size_t *np,
    const char **bad)
{
	xmlNodePtr	 ms, n;
	char		*v = NULL;
	size_t		 cap = 0, k = 0;

	if ((ms = xpfn_child(period, under)) != NULL)
		for (n = ms->children; n != NULL; n = n->next) {
			if (!xpfn_is_elem(n, "month"))
				continue;
			v = xgrow(v, &cap, k + 1, size);
			fill(v + k++ * size, n, bad);
		}
	*np = k;
	return v;
}

/* One <month> of <months> as a bar of the income/expense chart. */
static void
mbar_fill(void *dst, xmlNodePtr n, const char **bad)
{
	struct mbar	*b = dst;

	b->year = (int)attr_i64(n, "year", bad);
	b->month = (int)attr_i64(n, "month", bad);
	b->income = attr_i64(n, "income", bad);
	b->expense = attr_i64(n, "expense", bad);
}

/*
 * Y coordinate of amount v on a scale whose top is top fen (positive);
 * v is clamped to the scale and scaled in 128 bits, as v * ph may not
 * fit in 64.
 */
static int64_t
yof(int64_t v, int64_t top)
{
	int64_t	 ph = M_H - M_TOP - M_BOTTOM;

	if (v < 0)
		v = 0;
	if (v > top)
		v = top;
	return M_TOP + ph - (int64_t)((__int128)v * ph / top);
}

/* Gridlines with their amount labels, and the unit. */
static void
months_axis(xmlNodePtr svg, int64_t step, int64_t top)
{
	xmlNodePtr	 g, l;
	char		 buf[MONEY_BUFSZ];
	int64_t		 v, y;
	int		 k;

	g = el(svg, "g");
	at(g, "aria-hidden", "true");
	label(g, M_LEFT - 8, M_TOP - 14, "end",
	    step % WAN == 0 ? "万元" : "元");
	for (k = 0; (__int128)k * step <= top; k++) {
		v = k * step;
		y = yof(v, top);
		l = el(g, "line");
		at_i(l, "x1", M_LEFT);
		at_i(l, "x2", M_W - M_RIGHT);
		at_i(l, "y1", y);
		at_i(l, "y2", y);
		at(l, "stroke", v == 0 ? INK : GRID);
		at(l, "stroke-width", "1");
		label(g, M_LEFT - 8, y + 4, "end", tick_text(v, step, buf));
	}
}

/* The legend: a swatch and a word for each series. */
static void
legend(xmlNodePtr svg, int64_t x, int64_t y)
{
	xmlNodePtr	 g = el(svg, "g");

	at(g, "aria-hidden", "true");
	rect(g, x, y - 11, 14, 14, INCOME);
	label(g, x + 20, y, NULL, "收入");
	rect(g, x + 64, y - 11, 14, 14, EXPENSE);
	label(g, x + 84, y, NULL, "支出");
}

/* One bar with a tooltip naming its month, series and amount. */
static void
month_bar(xmlNodePtr g, const struct mbar *m, int64_t x, int64_t w,
    int64_t v, int64_t top, int income)
{
	xmlNodePtr	 r;
	char		 buf[MONEY_BUFSZ], *tip;
	int64_t		 y = yof(v, top);

	r = rect(g, x, y, w, M_H - M_BOTTOM - y, income ? INCOME : EXPENSE);
	tip = xasprintf("%d年%d月%s %s 元", m->year, m->month,
	    income ? "收入" : "支出", money_format(v, buf));
	text(el(r, "title"), tip);
	free(tip);
}

/* "2023年9月 收入 1.00 元,支出 2.00 元;..." for <desc>. */
static void
months_desc(xmlNodePtr desc, const struct mbar *v, size_t n)
{
	struct buf	 b = { NULL, 0, 0 };
	char		 in[MONEY_BUFSZ], ex[MONEY_BUFSZ];
	size_t		 i;

	buf_adds(&b, "柱状图,每月两根柱子:收入和支出。");
	for (i = 0; i < n; i++)
		buf_addf(&b, "%d年%d月 收入 %s 元,支出 %s 元%s", v[i].year,
		    v[i].month, money_format(v[i].income, in),
		    money_format(v[i].expense, ex), i + 1 < n ? ";" : "。");
	if (n == 0)
		buf_adds(&b, "没有收支记录。");
	text(desc, b.s);
	buf_free(&b);
}

/* data-call="chart-months" */
static int
chart_months(void *arg, xmlNodePtr context, xmlNodePtr elem, struct buf *why)
{
	struct mbar	*v;
	xmlNodePtr	 svg, desc, g;
	const char	*bad = NULL;
	size_t		 n, i;
	int64_t		 max = 0, step, top, gw, bw, cx;
	char		 buf[16];

	(void)arg;
	if (need_period(context, why) != 0)
		return -1;
	v = months_collect(context, "months", sizeof(*v), mbar_fill, &n,
	    &bad);
	if (bad != NULL) {
		free(v);
		return bad_attr("month", bad, why);
	}
	for (i = 0; i < n; i++) {
		if (v[i].income > max)
			max = v[i].income;
		if (v[i].expense > max)
			max = v[i].expense;
	}
	step = nice_step(max > 0 ? max : 100, M_TICKS);
	top = scale_top(max, step);
	svg = svg_root(elem, "chart-months", M_W, M_H, "各月收入与支出", &desc);
	months_desc(desc, v, n);
	months_axis(svg, step, top);
	legend(svg, M_W - M_RIGHT - 120, 20);
	g = el(svg, "g");
	gw = n > 0 ? (M_W - M_LEFT - M_RIGHT) / (int64_t)n : 0;
	bw = gw * 3 / 10 < 48 ? gw * 3 / 10 : 48;
	for (i = 0; i < n; i++) {
		cx = M_LEFT + (int64_t)i * gw + gw / 2;
		month_bar(g, &v[i], cx - bw - 1, bw, v[i].income, top, 1);
		month_bar(g, &v[i], cx + 1, bw, v[i].expense, top, 0);
		snprintf(buf, sizeof(buf), "%d月", v[i].month);
		label(g, cx, M_H - M_BOTTOM + 20, "middle", buf);
	}
	free(v);
	return 0;
}

/* The first A_CHARS - 1 characters and "…" when name is longer. */
static void
short_name(const char *name, struct buf *b)
{
	const char	*p = name, *end = name + strlen(name);
	size_t		 i;

	buf_reset(b);
	if (utf8_len(name) <= A_CHARS) {
		buf_adds(b, name);
		return;
	}
	for (i = 0; i + 1 < A_CHARS && p < end; i++)
		if (utf8_next(&p, end) < 0)
			p++;
	buf_add(b, name, (size_t)(p - name));
	buf_adds(b, "…");
}

static int
abar_cmp(const void *a, const void *b)
{
	const struct abar	*x = a, *y = b;

	if (x->expense != y->expense)
		return x->expense > y->expense ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/*
 * Accounts with spending, largest first; caller frees with abars_free.
 * *bad: see attr_i64.
 */
static struct abar *
accounts_read(xmlNodePtr period, size_t *np, const char **bad)
{
	xmlNodePtr	 as, n;
	struct abar	*v = NULL;
	size_t		 cap = 0, k = 0, idx = 0;
	int64_t		 e;

	if ((as = xpfn_child(period, "accounts")) != NULL)
		for (n = as->children; n != NULL; n = n->next) {
			if (!xpfn_is_elem(n, "account"))
				continue;
			idx++;
			if ((e = attr_i64(n, "expense", bad)) <= 0)
				continue;
			v = xgrow(v, &cap, k + 1, sizeof(*v));
			v[k].name = xmlGetProp(n, (const xmlChar *)"name");
			if (v[k].name == NULL)
				v[k].name = xmlStrdup((const xmlChar *)"");
			v[k].expense = e;
			v[k].idx = idx;
			k++;
		}
	if (k > 1)
		qsort(v, k, sizeof(*v), abar_cmp);
	*np = k;
	return v;
}

static void
abars_free(struct abar *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		xmlFree(v[i].name);
	free(v);
}

/* "工资福利 143,500.00 元;..." for <desc>. */
static void
accounts_desc(xmlNodePtr desc, const struct abar *v, size_t n)
{
	struct buf	 b = { NULL, 0, 0 };
	char		 buf[MONEY_BUFSZ];
	size_t		 i;

	buf_adds(&b, "条形图,各科目支出从多到少:");
	for (i = 0; i < n; i++)
		buf_addf(&b, "%s %s 元%s", (const char *)v[i].name,
		    money_format(v[i].expense, buf), i + 1 < n ? ";" : "。");
	if (n == 0)
		buf_adds(&b, "没有支出。");
	text(desc, b.s);
	buf_free(&b);
}

/* data-call="chart-accounts" */
static int
chart_accounts(void *arg, xmlNodePtr context, xmlNodePtr elem,
    struct buf *why)
{
	struct abar	*v;
	struct buf	 nb = { NULL, 0, 0 };
	xmlNodePtr	 svg, desc, g, r;
	const char	*bad = NULL;
	char		 buf[MONEY_BUFSZ], *tip;
	size_t		 n, i;
	int64_t		 h, y, w, span = A_W - A_LABEL - A_VALUE;

	(void)arg;
	if (need_period(context, why) != 0)
		return -1;
	v = accounts_read(context, &n, &bad);
	if (bad != NULL) {
		abars_free(v, n);
		return bad_attr("account", bad, why);
	}
	h = 2 * A_PAD + (int64_t)(n > 0 ? n : 1) * A_ROW;
	svg = svg_root(elem, "chart-accounts", A_W, h, "各科目支出", &desc);
	accounts_desc(desc, v, n);
	g = el(svg, "g");
	for (i = 0; i < n; i++) {
		y = A_PAD + (int64_t)i * A_ROW;
		w = (int64_t)((__int128)v[i].expense * span / v[0].expense);
		if (w < 1)
			w = 1;
		short_name((const char *)v[i].name, &nb);
		label(g, A_LABEL - 6, y + A_BAR - 4, "end", nb.s);
		r = rect(g, A_LABEL, y, w, A_BAR, EXPENSE);
		money_format(v[i].expense, buf);
		tip = xasprintf("%s 支出 %s 元", (const char *)v[i].name, buf);
		text(el(r, "title"), tip);
		free(tip);
		label(g, A_LABEL + w + 4, y + A_BAR - 4, NULL, buf);
	}
	buf_free(&nb);
	abars_free(v, n);
	return 0;
}

/* One bar of the attendance chart. */
struct cbar {
	int	 year, month;
	int64_t	 child_days;
	int64_t	 cost;		/* fen per child-day, when has_cost */
	int	 has_cost;
};

/* One <month> of <attendance> as a bar of the attendance chart. */
static void
cbar_fill(void *dst, xmlNodePtr n, const char **bad)
{
	struct cbar	*b = dst;
	xmlChar		*c;

	b->year = (int)attr_i64(n, "year", bad);
	b->month = (int)attr_i64(n, "month", bad);
	b->child_days = attr_i64(n, "child-days", bad);
	c = xmlGetProp(n, (const xmlChar *)"cost");
	b->has_cost = c != NULL;
	xmlFree(c);
	b->cost = attr_i64(n, "cost", bad);
}

/* Gridlines labelled with whole child-days, and the unit. */
static void
count_axis(xmlNodePtr svg, int64_t step, int64_t top)
{
	xmlNodePtr	 g, l;
	char		 buf[32];
	int64_t		 v, y;
	int		 k;

	g = el(svg, "g");
	at(g, "aria-hidden", "true");
	label(g, M_LEFT - 8, M_TOP - 14, "end", "人天");
	for (k = 0; (__int128)k * step <= top; k++) {
		v = k * step;
		y = yof(v, top);
		l = el(g, "line");
		at_i(l, "x1", M_LEFT);
		at_i(l, "x2", M_W - M_RIGHT);
		at_i(l, "y1", y);
		at_i(l, "y2", y);
		at(l, "stroke", v == 0 ? INK : GRID);
		at(l, "stroke-width", "1");
		snprintf(buf, sizeof(buf), "%lld", (long long)v);
		label(g, M_LEFT - 8, y + 4, "end", buf);
	}
}

/* "2023年9月 就餐 3444 人天,每人天伙食成本 6.12 元;..." for <desc>. */
static void
cbars_desc(xmlNodePtr desc, const struct cbar *v, size_t n)
{
	struct buf	 b = { NULL, 0, 0 };
	char		 c[MONEY_BUFSZ];
	size_t		 i;

	buf_adds(&b, "柱状图,每月一根柱子:幼儿就餐人天。");
	for (i = 0; i < n; i++) {
		buf_addf(&b, "%d年%d月 就餐 %lld 人天", v[i].year, v[i].month,
		    (long long)v[i].child_days);
		if (v[i].has_cost)
			buf_addf(&b, ",每人天伙食成本 %s 元",
			    money_format(v[i].cost, c));
		buf_adds(&b, i + 1 < n ? ";" : "。");
	}
	if (n == 0)
		buf_adds(&b, "没有出勤记录。");
	text(desc, b.s);
	buf_free(&b);
}

/* One month's bar with a tooltip, its month below, its cost above. */
static void
cbar_draw(xmlNodePtr g, const struct cbar *m, int64_t cx, int64_t bw,
    int64_t top)
{
	xmlNodePtr	 r;
	char		 buf[MONEY_BUFSZ], *tip;
	int64_t		 y = yof(m->child_days, top);

	r = rect(g, cx - bw / 2, y, bw, M_H - M_BOTTOM - y, INCOME);
	tip = xasprintf("%d年%d月 就餐 %lld 人天", m->year, m->month,
	    (long long)m->child_days);
	text(el(r, "title"), tip);
	free(tip);
	if (m->has_cost)
		label(g, cx, y - 6, "middle", money_format(m->cost, buf));
	snprintf(buf, sizeof(buf), "%d月", m->month);
	label(g, cx, M_H - M_BOTTOM + 20, "middle", buf);
}

/*
 * data-call="chart-attendance": child-days per month as bars, each
 * labelled with the canteen's cost per child-day that month (元).
 */
static int
chart_attendance(void *arg, xmlNodePtr context, xmlNodePtr elem,
    struct buf *why)
{
	struct cbar	*v;
	xmlNodePtr	 svg, desc, g;
	const char	*bad = NULL;
	size_t		 n, i;
	int64_t		 max = 0, step, top, gw, bw;

	(void)arg;
	if (need_period(context, why) != 0)
		return -1;
	v = months_collect(context, "attendance", sizeof(*v), cbar_fill, &n,
	    &bad);
	if (bad != NULL) {
		free(v);
		return bad_attr("month", bad, why);
	}
	for (i = 0; i < n; i++)
		if (v[i].child_days > max)
			max = v[i].child_days;
	step = nice_step(max > 0 ? max : 10, M_TICKS);
	top = scale_top(max, step);
	svg = svg_root(elem, "chart-attendance", M_W, M_H,
	    "各月幼儿就餐人天与每人天伙食成本", &desc);
	cbars_desc(desc, v, n);
	count_axis(svg, step, top);
	g = el(svg, "g");
	gw = n > 0 ? (M_W - M_LEFT - M_RIGHT) / (int64_t)n : 0;
	bw = gw * 6 / 10 < 56 ? gw * 6 / 10 : 56;
	for (i = 0; i < n; i++)
		cbar_draw(g, &v[i], M_LEFT + (int64_t)i * gw + gw / 2, bw, top);
	free(v);
	return 0;
}

void
svg_register(struct tmpl_set *set)
{
	tmpl_set_hook(set, "chart-months", chart_months, NULL);
	tmpl_set_hook(set, "chart-accounts", chart_accounts, NULL);
	tmpl_set_hook(set, "chart-attendance", chart_attendance, NULL);
}
