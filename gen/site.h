/*
 * The static site: HTML pages from the templates in <tmpldir>/site,
 * open-data CSV files and the assets, all from the public view of the
 * model document, written under <stage>/site/:
 *
 *	index.html			the unit, the latest period, all periods
 *	assets/...			copied from <tmpldir>/site/assets/
 *	<period>/index.html		work summary, key figures (summary.html)
 *	<period>/finance.html		财务公开, when the ledger exists
 *	<period>/fees.html		收费公示, when fees.csv exists
 *	<period>/canteen.html		食堂公示: purchases, pesticide tests,
 *					child-days and the cost per child-day
 *	<period>/food-safety.html	samples and/or disinfection
 *	<period>/repairs.html, complaints.html, subsidies.html
 *	<period>/<table>-YYYY-MM[-N].html	the registers (ledger, purchases,
 *					samples, disinfection, repairs), by
 *					month, at most 500 rows a page
 *	<period>/subsidies-N.html	the subsidy list, 500 names a page
 *	<period>/data/<table>.csv	each public table of the period
 *	<period>/data/accounts.csv	totals by account, budget vs actual
 *	<period>/data/months.csv	totals by month
 *	<period>/data/fee-reconciliation.csv	per fee item, when fees exist
 *	<period>/data/attendance-months.csv	child-days and the cost per
 *					child-day by month, with attendance
 *
 * The pages after index.html come from the table registry (model.h):
 * a page exists only when one of its tables does.  Templates get the variables
 * $base ("" for index.html, "../" in a period folder: prefix of every
 * link to the site root) and $page (the output file name, e.g.
 * "fees.html"; on a register page, the page of its table), and
 * $registers (a <registers> element: per register of the period a
 * <register table title page rows> with a <part file month year mon n
 * of first last rows prev next> per page, in reading order); register
 * pages (register.html) also get $part, their <part>, and $rows, their
 * rows of the model; the context node is the <period> (the document node
 * for the top index.html).  Templates may use the chart hooks of svg.h
 * and tmpl's data-markdown (narratives such as <summary> and <intro>
 * rendered by cmark in safe mode).  Links are relative, so the site
 * works from file://, a USB stick or any web server.
 *
 * CSV files are for spreadsheets: UTF-8 with a BOM, CRLF line ends,
 * RFC 4180 quoting, Chinese headers as in the input files, amounts in
 * yuan with two decimals and no grouping ("1234.50"), person names as
 * masked in the public view, private columns never.  A text cell that
 * starts with = + - @, a tab or a carriage return gets a leading
 * apostrophe so a spreadsheet shows it as text instead of running it as
 * a formula; numeric, date and money cells are written by us and are
 * never prefixed.
 */
#ifndef SUNLIGHT_SITE_H
#define SUNLIGHT_SITE_H

#include <libxml/tree.h>

#include "diag.h"

/*
 * Render the site of pub, the view the publish table gives the site
 * (policy.h: the public one).  0, or -1 (diag.h): template errors as
 * findings in d (every page was still tried, so all are reported), or
 * a write that failed (message printed, counted in d).
 */
int	 site_render(xmlDocPtr pub, const char *tmpldir, const char *stage,
	    struct diag *d);

/*
 * Load every site template of tmpldir as site_render would, and no
 * more: 0, or -1 with the template errors as findings in d.
 */
int	 site_templates_check(const char *tmpldir, struct diag *d);

#endif
