/*
 * Checks: the findings an office, a parent or an auditor expects from
 * the books and logs of each period (DESIGN.md, "Checks").  Every
 * finding has a stable dotted code (ledger.duplicate-voucher), a
 * severity and the file:line:col of the row it is about; messages are
 * Chinese and name the values involved, never a private column.
 *
 * Severities follow one rule: error when the books or a published
 * figure would be wrong (duplicate voucher, an amount that does not
 * add up, a date outside the period, an unauthorised fee, a malformed
 * ID number); warning for control weaknesses, tie-out differences
 * between tables and what looks like personal data in public text
 * (privacy.personal-data: an ID number with a valid checksum or a
 * mobile number in a column without COLF_PRIVATE, or in the summary);
 * note for what is only worth knowing.
 */
#ifndef SUNLIGHT_CHECK_H
#define SUNLIGHT_CHECK_H

#include "diag.h"
#include "figures.h"
#include "model.h"

/*
 * Run every check on every period of the model, adding findings to d
 * (d->period is set to each period's name while its findings are
 * added, then restored).  figs are the periods' figures (figures_all);
 * NULL: computed here for the checks alone.  Summary placeholders are
 * expanded here, once: each figs[i]->summary receives the text.
 */
void	 check_run(const struct model *, struct figures *const *figs,
	    struct diag *);

/*
 * The registry's hooks (model.h): one table's checks each, for the
 * period of the context; a check that compares tables is the hook of
 * the last of them in the registry.
 */
void	 check_ledger(struct check_ctx *);
void	 check_budget(struct check_ctx *);
void	 check_fees(struct check_ctx *);
void	 check_purchases(struct check_ctx *);
void	 check_samples(struct check_ctx *);
void	 check_disinfection(struct check_ctx *);
void	 check_repairs(struct check_ctx *);
void	 check_complaints(struct check_ctx *);
void	 check_subsidies(struct check_ctx *);
void	 check_attendance(struct check_ctx *);

/* What is wrong with an 18-digit ID number (GB 11643). */
enum check_id {
	CHECK_ID_OK,
	CHECK_ID_LENGTH,	/* not 18 characters */
	CHECK_ID_CHARS,		/* not 17 digits and a digit or X */
	CHECK_ID_BIRTH,		/* birth date impossible, before 1900 or after latest */
	CHECK_ID_CHECKSUM	/* *want receives the expected last character */
};

/* Validate id; latest is the last plausible birth day (a day number). */
enum check_id	 check_idno(const char *id, int latest, char *want);

#endif
