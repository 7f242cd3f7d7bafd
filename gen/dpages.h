/*
 * The district pages, made from the units' records (unitrun.h) one
 * unit at a time, never from their models:
 *
 *	site/index.html			every unit, its latest figures
 *	site/fees-<period>.html		收费公示汇总: each unit's fee items
 *					and standards side by side, those
 *					above the district median marked
 *	site/finance-<period>.html	财务公开汇总: income, expense,
 *					balance, budget execution per unit
 *	site/canteen-<period>.html	canteen spending per child-day, for
 *					periods where some unit has 出勤
 *	site/district-units.csv		open data: a row per unit and period
 *	site/district-fees.csv		open data: a row per fee item
 *	site/district.css		from templates/district/
 *	private/district-findings.pdf	units × finding codes, then each
 *					unit's errors and warnings
 *
 * Every name holds a dot, so none can be a unit's folder.  Pages come
 * from the templates/district/ pages (tmpl.h; variables $base, $page and
 * $period) over the public district document; the findings report
 * from templates/district/findings.xml (layout.h) over the private
 * one:
 *
 *	<district view generated name type address hotline base-url
 *	    units failed>
 *	  <intro>Markdown</intro>
 *	  <unit id status="ok|failed" built="yes|no" errors warnings
 *	      notes ...the unit's attributes>
 *	    <period ...>totals, fees (rows with above-median="yes"),
 *	      the other tables as empty elements</period>
 *	    <findings>...</findings>	(private view only)
 *	  </unit>
 *	  <period name label start end units>
 *	    <fee-group item unit count median min max/>...
 *	    <fee-unit id name><cell standard above-median/>...</fee-unit>
 *	  </period>
 *	  <codes><code k name units count/></codes>	(private only)
 *	  <matrix><col k code/>...<mrow id name><c>n</c>...</mrow></matrix>
 *	</district>
 *
 * The median of a fee group (same 收费项目 and 计费单位 in one period)
 * is the middle standard, or the mean of the two middle ones; a
 * standard above it is marked.  Money stays integer fen.
 */
#ifndef SUNLIGHT_DPAGES_H
#define SUNLIGHT_DPAGES_H

#include "diag.h"
#include "district.h"

struct dpages;

/*
 * Load and check every district template of tmpldir/district; NULL
 * after findings in d.  dt must outlive the result.
 */
struct dpages	*dpages_new(const struct district *dt, const char *tmpldir,
		    struct diag *d);
void		 dpages_free(struct dpages *);
/*
 * Write the district pages into stage from the records there.  0, or
 * -1 with why in d: template errors (findings), a system error
 * (diag_system).
 */
int		 dpages_render(struct dpages *, const char *stage,
		    long long epoch, struct diag *d);

#endif
