/*
 * A district (县/区教育局): a folder holding district.md and one unit
 * data folder per school or kindergarten, named by its id (lower-case
 * letters, digits and "-"):
 *
 *	DISTRICT/district.md	front matter: name, type, address,
 *				hotline, base_url; an introduction
 *	DISTRICT/<id>/		a unit data folder exactly as today
 *
 * `sunlight build -d DISTRICT` builds every unit in its own process
 * (-j N at once) as its own build would, into site/<id>/, pdf/<id>/,
 * private/<id>/, archive/<id>/<period>/, then the district pages
 * (dpages.h); `--shard K/N` builds a share of the units for a later
 * `sunlight merge` (shard.h).  `sunlight check -d DISTRICT` checks
 * every unit.  Units are read one at a time: memory does not grow with
 * their number.
 */
#ifndef SUNLIGHT_DISTRICT_H
#define SUNLIGHT_DISTRICT_H

#include <stddef.h>

#include "diag.h"
#include "model.h"

#define DISTRICT_MD	"district.md"

struct district {
	char		*dir;		/* as named, without trailing "/" */
	struct mdfile	*md;		/* district.md */
	const char	*name;		/* from md; NULL if absent (an error) */
	char		**units;	/* unit ids, sorted (strcmp) */
	size_t		 nunits;
};

/*
 * Whether a build or check command line (argv[0] is the command) is
 * for a district: its data folder holds district.md, or it asks for
 * -j or --shard.
 */
int	 district_wanted(int argc, char *argv[]);
/*
 * `sunlight build|check` for a district: 0, or -1 with why in d (a
 * usage error, the district folder's or a unit's findings, a unit that
 * failed or crashed, a system error).  Messages are printed as the run
 * goes; main.c maps d to the exit status (diag_status).
 */
int	 district_main(int argc, char *argv[], const char *deftmpl,
	    struct diag *d);
/* `sunlight merge -o OUT [-t templates] SHARD...`: 0, or -1 as above. */
int	 district_merge(int argc, char *argv[], const char *deftmpl,
	    struct diag *d);

/*
 * Read dir/district.md (or mdpath when not NULL) and, unless ids is
 * not NULL (then those nids ids are taken as they are), the unit
 * folders of dir.  Problems are findings in d; NULL only on a system
 * error (reported).  Free with district_free.
 */
struct district	*district_load(const char *dir, const char *mdpath,
		    char *const *ids, size_t nids, struct diag *d);
void		 district_free(struct district *);
/* A front matter value of district.md, or NULL. */
const char	*district_meta(const struct district *, const char *key);
/* Whether id is a valid unit id. */
int		 district_id_ok(const char *id);

#endif
