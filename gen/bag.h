/*
 * BagIt bags (RFC 8493): bagwrite.c makes ours, byte-identical for
 * identical input; bagverify.c checks ours and those of other tools.
 */
#ifndef SUNLIGHT_BAG_H
#define SUNLIGHT_BAG_H

#include <stddef.h>
#include <stdio.h>

/* One payload file, given as the bytes to archive. */
struct bag_file {
	const char	*name;	/* path inside data/, '/' separated */
	const void	*buf;
	size_t		 len;
};

/*
 * Write a BagIt 1.0 bag into bagdir, which must not exist or be empty:
 * bagit.txt, data/<name> for each file, manifest-sha256.txt,
 * bag-info.txt (Source-Organization org unless NULL, Bagging-Date from
 * epoch in UTC, Payload-Oxum, Bag-Software-Agent) and
 * tagmanifest-sha256.txt.  Folders 0700, files 0600.  The files array
 * is not modified.  0, or -1 after a message on stderr.
 */
int	 bag_write(const char *bagdir, const struct bag_file *files,
	    size_t n, const char *org, long long epoch);

/*
 * Whether a relative path stays inside a bag: not absolute, no empty,
 * "." or ".." component.
 */
int	 bag_path_inside(const char *);

/*
 * Check the bag in bagdir: bagit.txt, every manifest and tag manifest
 * (any algorithm libcrypto knows), every payload file listed,
 * Payload-Oxum, fetch.txt paths.  One line per problem on report, as
 * "<bagdir>/<path>: <problem>", then "<bagdir>: N files verified, OK"
 * or "<bagdir>: N problems".  Returns 0 if valid, 1 if not, 3 on a
 * system error (reported on stderr).
 */
int	 bag_verify(const char *bagdir, FILE *report);

#endif
