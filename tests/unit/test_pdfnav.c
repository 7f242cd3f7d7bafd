/*
 * The PDF engine's navigation aids for the audit pack: row labels to
 * pages (pdf_locate), the count of headings a table of contents lists,
 * and headings kept with the block after them.  The rendered pack is
 * judged in tests/audit.test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf.h"
#include "util.h"
#include "t.h"

static const struct pdf_col cols[] = {
	{ 30, 0, PDF_ALIGN_LEFT }, { 0, 1, PDF_ALIGN_LEFT }
};

static struct pdf *
doc(void)
{
	struct pdf_opts	 o;

	memset(&o, 0, sizeof(o));
	o.epoch = -1;
	return pdf_new(&o);
}

/* n rows labelled file:2.. in a table with the given flags. */
static void
rows(struct pdf *p, const char *file, int n, int flags)
{
	struct pdf_table t = { 2, cols, flags, 0, NULL, NULL };
	const char	*cells[2];
	char		 src[64], a[16];
	int		 i;

	pdf_table_begin(p, &t);
	cells[0] = "凭证号";
	cells[1] = "摘要";
	pdf_table_head(p, file, cells);
	for (i = 0; i < n; i++) {
		snprintf(src, sizeof(src), "%s:%d", file, i + 2);
		snprintf(a, sizeof(a), "记-%03d", i + 1);
		cells[0] = a;
		cells[1] = "购文具一批";
		pdf_table_row(p, src, cells, 0);
	}
	pdf_table_end(p);
}

static void
test_locate(void)
{
	struct pdf	*p = doc();

	if (p == NULL) {
		T_OK("locate.font", p != NULL);
		return;
	}
	pdf_para(p, "x", 0, "封面");
	rows(p, "data/p/fees.csv", 3, PDF_TBL_GRID);
	pdf_newpage(p);
	rows(p, "data/p/ledger.csv", 120, PDF_TBL_GRID | PDF_TBL_LOCATE);
	T_INT("locate.first-row", pdf_locate(p, "data/p/ledger.csv:2"), 2);
	T_INT("locate.later-page", pdf_locate(p, "data/p/ledger.csv:121"),
	    pdf_npages(p));
	T_OK("locate.moves-on", pdf_locate(p, "data/p/ledger.csv:80") > 2);
	T_INT("locate.file", pdf_locate(p, "data/p/ledger.csv"), 2);
	T_INT("locate.row-not-drawn", pdf_locate(p, "data/p/ledger.csv:999"), 2);
	T_INT("locate.not-a-register", pdf_locate(p, "data/p/fees.csv:2"), 0);
	T_INT("locate.unknown", pdf_locate(p, "data/p/x.csv"), 0);
	pdf_free(p);
}

static void
test_contents(void)
{
	struct pdf	*p = doc();

	if (p == NULL)
		return;
	pdf_contents(p, "t", "目录", 2, 0);
	pdf_heading(p, 1, "t", "一、甲");
	pdf_para(p, "t", 0, "正文");
	pdf_heading(p, 2, "t", "（一）乙");
	pdf_heading(p, 3, "t", "1. 丙");
	T_INT("contents.count-levels-1-2", pdf_contents_count(p, 2), 2);
	T_INT("contents.count-level-3", pdf_contents_count(p, 3), 3);
	pdf_free(p);
}

/*
 * A heading near the foot of a page goes to the next page with the
 * block after it: a table row, or a chart too tall for what is left.
 */
static void
test_keep(void)
{
	static const struct pdf_bar bars[] = {
		{ "甲", 1 }, { "乙", 2 }, { "丙", 3 }, { "丁", 4 }, { "戊", 5 },
		{ "己", 6 }, { "庚", 7 }, { "辛", 8 }, { "壬", 9 }, { "癸", 10 }
	};
	struct pdf_chart c = { "图", bars, 10, NULL, NULL };
	struct pdf	*p = doc();
	double		 top;

	if (p == NULL)
		return;
	pdf_newpage(p);
	pdf_heading(p, 2, "t", "图表");
	pdf_chart(p, "t", &c);
	top = pdf_remaining(p);
	pdf_free(p);
	p = doc();
	pdf_newpage(p);
	pdf_space(p, 245);
	pdf_heading(p, 1, "t", "标题");
	T_INT("keep.heading-waits", pdf_npages(p), 1);
	rows(p, "t.csv", 1, PDF_TBL_GRID | PDF_TBL_LOCATE);
	T_INT("keep.table-and-heading-on-page-2", pdf_locate(p, "t.csv:2"), 2);
	T_OK("keep.heading-at-top", pdf_remaining(p) > 230);
	pdf_space(p, pdf_remaining(p) - 40);
	pdf_heading(p, 2, "t", "图表");
	pdf_chart(p, "t", &c);
	T_INT("keep.chart-on-page-3", pdf_npages(p), 3);
	T_OK("keep.chart-heading-on-page-3", pdf_remaining(p) > top - 0.01 &&
	    pdf_remaining(p) < top + 0.01);
	pdf_free(p);
}

int
main(void)
{
	test_locate();
	test_contents();
	test_keep();
	return t_failed != 0;
}
