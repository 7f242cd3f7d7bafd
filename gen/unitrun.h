/*
 * One unit of a district, built in its own process exactly as its own
 * `sunlight build` would build it, then moved into the district's
 * staging folder:
 *
 *	<stage>/site/<id>/ pdf/<id>/ private/<id>/ archive/<id>/<period>/
 *	<stage>/private/_district/<id>.xml	the unit's record
 *
 * The record is what the district pages and the findings report are
 * made from, so that they never need a unit's model again:
 *
 *	<record id status="ok|failed" errors warnings notes>
 *	  <unit ...attributes of the public view...>
 *	    <period ...><totals/><fees>...</fees><ledger rows/>...</period>
 *	  </unit>			(the public view, tables without rows)
 *	  <findings><finding sev code file line col>message</finding>...
 *	</record>
 *
 * A unit that fails (data errors, a system error, a crash) keeps its
 * previous outputs, copied from the previous output folder, and its
 * previous record's <unit>; the new record says status="failed" and
 * holds this run's findings.  "_district" cannot be a unit id.
 */
#ifndef SUNLIGHT_UNITRUN_H
#define SUNLIGHT_UNITRUN_H

#include <libxml/tree.h>

#include "diag.h"

/* Folder of the records under <stage>/private/. */
#define UNITRUN_RECORDS	"_district"

struct unitrun {
	const char	*dir;		/* the district folder, as named */
	const char	*tmpldir;
	const char	*prev;		/* the previous output folder (may not exist) */
	const char	*stage;		/* the staging folder being built */
	long long	 epoch;
};

/*
 * Build unit id (in the calling process, a pool_run job: the caller
 * forks).  Prints its findings on stderr like `sunlight build`.
 * Returns 0, or -1 with why in d (error findings, a system error); the
 * record is written whatever the result (unless the record itself
 * cannot be: a system error).
 */
int	 unitrun_build(const struct unitrun *, const char *id, struct diag *d);

/*
 * In the parent: how unit id's process ended, from its wait status ws
 * (pool_run's status, POOL_NOT_RUN included), as the district's diag
 * d records it.  0 when it exited 0.  Else -1: exit status EXIT_DATA
 * counts a unit that failed on its data (diag_failed: it printed its
 * findings), EXIT_SYSTEM a system error (diag_system: it printed it);
 * a process that was killed, exited otherwise or left no record
 * crashed: an error finding [district.crash] is added and printed,
 * and the unit keeps its previous outputs with a failed record.
 */
int	 unitrun_ended(const struct unitrun *, const char *id, int ws,
	    struct diag *d);

/* Path of unit id's record in stage; caller frees. */
char	*unitrun_record_path(const char *stage, const char *id);

#endif
