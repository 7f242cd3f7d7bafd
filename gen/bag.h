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

/* Limits verify puts on a bag's tag files, which are text. */
#define BAG_TAG_MAX_MB	64	/* a tag file (manifest, bag-info.txt...) */
#define BAG_LINE_MAX	32768	/* one line of a tag file, in bytes */

struct diag;

/*
 * Check the bag in bagdir: bagit.txt, every manifest and tag manifest
 * (any algorithm libcrypto knows), every payload file listed,
 * Payload-Oxum, fetch.txt paths (never fetched).  Only regular files
 * inside the bag are read, never through a symbolic link.  Each
 * problem is a finding in d, named "<bagdir>/<path>[:line]"; warnings
 * for what BagIt tolerates (md5 only, "./" paths, a 0.97 bag listing a
 * file twice with one checksum).  *verified counts the payload files
 * that were hashed.  0 when the bag was checked, -1 after a system
 * error of our own (message on stderr, counted in d: diag.h).
 */
int	 bag_verify(const char *bagdir, struct diag *d, size_t *verified);
/* The closing line of a verify report, for bag_verify's results. */
void	 bag_verify_summary(const char *bagdir, const struct diag *d,
	    size_t verified, int rc, FILE *fp);

#endif
