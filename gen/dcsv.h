/*
 * The district's open data, from the public district document (see
 * dpages.h), as the units' open data is written (site.h): UTF-8 with a
 * BOM, CRLF, RFC 4180 quoting, amounts in yuan with two decimals, text
 * that a spreadsheet would run as a formula prefixed with "'".
 *
 *	site/district-units.csv	单位 × 学期: income, expense, balance,
 *				budget and its execution, fees collected,
 *				canteen spending
 *	site/district-fees.csv	every fee item of every unit and period,
 *				with the district median of its group and
 *				whether it is above it
 */
#ifndef SUNLIGHT_DCSV_H
#define SUNLIGHT_DCSV_H

#include <libxml/tree.h>

#include "diag.h"

/*
 * Write both files under <stage>/site/; 0, or -1 after a system error
 * (counted in d).
 */
int	 dcsv_write(xmlDocPtr pub, const char *stage, struct diag *d);

#endif
