/*
 * Shards: `sunlight build -d DISTRICT --shard K/N -o SHARD` builds the
 * units at 1-based positions p ≡ K (mod N) of the sorted unit list into
 * SHARD, without district pages, and leaves there
 *
 *	SHARD/shard.xml		<shard k n district district-sha256
 *				templates-sha256 epoch>, then
 *				<unit id built="yes|no" status="ok|failed"/>
 *				for every unit of the district
 *	SHARD/district.md	the district.md it was built from
 *
 * `sunlight merge -o OUT SHARD...` checks that the shards were made
 * from the same district (district.md, folder name and unit list),
 * the same templates (those given to merge, too) and the same
 * SOURCE_DATE_EPOCH, and that they cover every unit exactly once; then
 * copies them into OUT and writes the district pages, dated with the
 * shards' epoch, so OUT is byte for byte what one `sunlight build`
 * would have made.
 */
#ifndef SUNLIGHT_SHARD_H
#define SUNLIGHT_SHARD_H

#include "district.h"

#define SHARD_MANIFEST	"shard.xml"

/*
 * Write the manifest and the copy of district.md; 0, or -1 after a
 * system error (counted in d).
 */
int	 shard_write(const char *stage, const struct district *, int k,
	    int n, const char *tmpldir, long long epoch, struct diag *d);
/*
 * Merge shards into out: 0, or -1 with why in d (shards that do not
 * make one district, refused after a message; a unit that failed in
 * its shard; the district's findings; a system error).
 */
int	 shard_merge(const char *out, const char *tmpldir,
	    char *const *shards, int nshards, struct diag *d);
/*
 * SHA-256 (hex) of a template folder: every file's path and bytes, in
 * name order.  NULL after a message on a read error; caller frees.
 */
char	*shard_templates_digest(const char *tmpldir);

#endif
