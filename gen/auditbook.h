/*
 * The auditor's workbook: private/<period>-audit.xlsx beside the audit
 * pack, written with libxlsxwriter from the same private view of the
 * model document, so the two agree figure for figure.
 *
 * Sheets: 封面 (unit, period, the tables and the SHA-256 of every
 * source), 收支明细 (with the running balance and monthly subtotals),
 * 预算执行, 收费核对, one register per other table of the registry
 * (采购验收, 留样, 消毒, 维修, 投诉, 资助, ...), and 发现问题 (every
 * finding with its file:line).  Totals, subtotals, balances, variances
 * and reconciliations are live formulas (SUM, SUMIFS, differences)
 * whose stored results are the program's own figures, so a reader that
 * does not recalculate shows them and an auditor who changes a cell
 * sees the effect.  Header rows are frozen; money, dates and times
 * carry number formats.  ID numbers are shown as in the audit pack.
 *
 * Identical input and epoch give a byte-identical file.
 */
#ifndef SUNLIGHT_AUDITBOOK_H
#define SUNLIGHT_AUDITBOOK_H

#include <libxml/tree.h>

/*
 * Write the workbook of period (its name) of the private view priv to
 * path, owner-only (0600), dated epoch.  0, or -1 after a message on
 * stderr; nothing is left at path on failure.
 */
int	 auditbook_write(xmlDocPtr priv, const char *period, const char *path,
	    long long epoch);

#endif
