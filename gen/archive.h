/*
 * Output discipline and the archive.
 *
 * A run builds its whole output in a staging folder beside out/ and
 * swaps it in with rename(2) only when everything worked, so a failed
 * run leaves the previous out/ untouched.  Every file goes through
 * out_write: temp file, every write checked, fsync, rename, an explicit
 * mode that does not depend on the umask.
 *
 * Checksums come from libcrypto (EVP).  Bags follow BagIt 1.0
 * (RFC 8493): bag_write makes ours, byte-identical for identical input;
 * bag_verify checks ours and those of other tools.
 */
#ifndef SUNLIGHT_ARCHIVE_H
#define SUNLIGHT_ARCHIVE_H

#include <stddef.h>
#include <stdio.h>

/* Name of the file that marks a folder as written by sunlight. */
#define STAGE_MARK	".sunlight-out"

struct stage;

/*
 * Make a fresh staging folder "<outdir>.tmp-<pid>" in outdir's parent
 * (created if needed), holding the STAGE_MARK file; leftovers of runs
 * whose process is gone are removed first (a lone "<outdir>.old-<pid>"
 * is renamed back to outdir).  Refuses an outdir that exists and is not
 * an empty folder or a folder with STAGE_MARK, so a mistaken -o cannot
 * destroy anything else.  NULL after a message on stderr.
 * The caller frees the result with stage_free.
 */
struct stage	*stage_open(const char *outdir);
/* The staging folder; owned by the stage. */
const char	*stage_path(const struct stage *);
/*
 * Swap the staging folder in as outdir: the old outdir goes aside as
 * "<outdir>.old-<pid>", the stage takes its name, the old tree is
 * removed.  On failure the old outdir is put back, the stage is left
 * for stage_abort/stage_free, a message is printed and -1 returned.
 */
int		 stage_commit(struct stage *);
/* Remove the staging tree; outdir is not touched. */
void		 stage_abort(struct stage *);
/* Free the stage; one neither committed nor aborted is aborted. */
void		 stage_free(struct stage *);

/*
 * Write len bytes to path through a temp file in the same folder and
 * rename(2); parent folders are made with out_mkdirs.  Files are 0600
 * when private, else 0644, whatever the umask.  On failure prints
 * "sunlight: <path>: <strerror>", leaves no file and returns -1.
 */
int	 out_write(const char *path, const void *buf, size_t len,
	    int private);
/*
 * Make dir and its missing parents, each new one 0700 when private,
 * else 0755 (existing folders keep their mode).  -1 after a message.
 */
int	 out_mkdirs(const char *dir, int private);

/* Room for the hex digest of any supported algorithm, with its NUL. */
#define DIGEST_HEX_MAX	129

/* SHA-256 of a file, lowercase hex; -1 with errno set, no message. */
int	 sha256_file(const char *path, char hex[65]);
/* SHA-256 of a buffer, lowercase hex. */
void	 sha256_buf(const void *, size_t, char hex[65]);
/*
 * Digest of a file by algorithm name as BagIt spells it ("md5",
 * "sha1", "sha256", "sha512", ...): 0, -1 with errno set on a read
 * error, -2 for an algorithm libcrypto does not know.  No message.
 */
int	 digest_file(const char *alg, const char *path,
	    char hex[DIGEST_HEX_MAX]);

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
 * Check the bag in bagdir: bagit.txt, every manifest and tag manifest
 * (any algorithm libcrypto knows), every payload file listed,
 * Payload-Oxum, fetch.txt paths.  One line per problem on report, as
 * "<bagdir>/<path>: <problem>", then "<bagdir>: N files verified, OK"
 * or "<bagdir>: N problems".  Returns 0 if valid, 1 if not, 3 on a
 * system error (reported on stderr).
 */
int	 bag_verify(const char *bagdir, FILE *report);

#endif
