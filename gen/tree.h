/*
 * The model document that every renderer (site templates, PDF layouts,
 * the archive) reads with XPath.  The tree builds the private view, with
 * everything; the public view is derived from it by the rule table of
 * policy.h, and the publish table there says which renderer gets which.
 *
 *   <unit name type address head hotline price-hotline base-url
 *         generated="YYYY-MM-DD" view="public|private">
 *     <intro>Markdown</intro>
 *     <period name title kind year start end author date>
 *       <summary>Markdown, placeholders already replaced</summary>
 *       <sources><source path bytes encoding sha256/>...</sources>
 *               (private view only)
 *       <totals income expense opening period-income closing budget
 *               complaint-days="3.3" (average, a decimal)
 *               produce-batches produce-untested (purchases of 蔬菜/水果…
 *               and those without a pesticide test)
 *               fee-due fee-collected fee-refund purchase-total .../>
 *       <ledger rows=N><row line date voucher account memo income
 *               expense handler approver balance/>...</ledger>
 *       <accounts><account name income expense budget variance
 *               has-budget/>...</accounts>
 *       <months><month key="2023-09" income expense/>...</months>
 *       <fees ...totals before="yes|no" agency="yes|no"><row ...
 *               due-amount/>...<item name reconciliation... before="yes"
 *               agency="yes" paid-out settle/></fees>
 *               (due-amount: 标准 × 应收人数; before: 实收 columns empty,
 *               a 事前公示; agency: 类型 代收费, paid-out and settle once
 *               collected: settle = collected − paid-out)
 *       <purchases> (rows of produce: produce="yes", untested="yes"),
 *       <samples>, <disinfection>, <repairs>,
 *       <complaints>, <subsidies>: <row .../> per data row, plus
 *       <category name count amount/> where the figures have them
 *       <attendance child-days due-days days rate canteen cost meal-fee
 *               fee-per-day> rows, then <month key year month days
 *               child-days due-days rate canteen cost/> and <class name
 *               child-days due-days rate/> (cost: fen per child-day)
 *       <pages><page file="canteen.html" title="食堂公示"/>...</pages>
 *               (the period's site pages after the summary, from the
 *               table registry, for the navigation)
 *       <findings><finding sev code file line col>message</finding>
 *     </period>...
 *   </unit>
 *
 * Money attributes are integer fen; format them with money(), never
 * string().  Dates are ISO (2023-09-01), times "2023-09-01 11:30".
 * A table absent from the data has no element.
 *
 * The public view (policy.h) holds no column marked private (学号,
 * 身份证号, 联系电话), no findings, no sources and no line numbers;
 * personal numbers typed into any text (pii.h) are masked; private
 * persons' names (COLF_PERSON) are masked (张*兵), staff in their roles
 * (COLF_STAFF, the author, the head) only when unit.md sets mask_staff,
 * organisations never; 资助 rows show the aid level (一档 ...) instead
 * of the category unless unit.md sets subsidy_category
 * (<subsidies levels="yes">).
 */
#ifndef SUNLIGHT_TREE_H
#define SUNLIGHT_TREE_H

#include <libxml/tree.h>

#include "diag.h"
#include "figures.h"
#include "model.h"

/*
 * The registry's hooks (model.h): what the tree adds to one table's
 * element (NULL when the period lacks the table) beyond its rows.
 */
void		 tree_ledger(struct tree_ctx *, xmlNodePtr);
void		 tree_fees(struct tree_ctx *, xmlNodePtr);
void		 tree_purchases(struct tree_ctx *, xmlNodePtr);
void		 tree_repairs(struct tree_ctx *, xmlNodePtr);
void		 tree_subsidies(struct tree_ctx *, xmlNodePtr);
void		 tree_attendance(struct tree_ctx *, xmlNodePtr);

/*
 * Build the private document.  figs[i] are the figures of
 * m->periods[i]; d holds the findings (NULL: none listed).  epoch
 * gives the generation date.  The caller frees with xmlFreeDoc.
 */
xmlDocPtr	 tree_build(const struct model *m, struct figures *const *figs,
		    const struct diag *d, long long epoch);

#endif
