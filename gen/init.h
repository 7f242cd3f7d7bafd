/*
 * sunlight init DIR: a new unit's data folder that starts right.
 * unit.md with every setting explained in Chinese comments, a folder
 * for the current semester, and in it a template workbook 台账.xlsx
 * with one sheet per table of the registry: headers frozen, columns
 * typed (ID, student and phone numbers as text, dates as dates, money
 * as 0.00), drop-down lists for the fixed values, and a 说明 sheet.
 */
#ifndef SUNLIGHT_INIT_H
#define SUNLIGHT_INIT_H

#include "diag.h"

/*
 * Write the folder dir, dated epoch (the semester is the one epoch
 * falls in).  The folder is made beside dir and renamed into place, so
 * dir is either complete or untouched.  Messages go to stderr.  0, or
 * -1 with why in d: dir exists and is not an empty folder (a usage
 * error: nothing touched), or a system error (nothing left behind).
 */
int	 init_unit(const char *dir, long long epoch, struct diag *d);

#endif
