/*
 * Output staging and checked writes.
 *
 * A run builds its whole output in a staging folder beside out/ and
 * swaps it in with rename(2) only when everything worked, so a failed
 * run leaves the previous out/ untouched.  Every file goes through
 * out_write: temp file, every write checked, rename, an explicit mode
 * that does not depend on the umask.  A file inside a staging folder is
 * not synced on its own: the stage is synced whole, once, just before
 * its swap; a file written anywhere else is fsynced before its rename.
 */
#ifndef SUNLIGHT_OUTPUT_H
#define SUNLIGHT_OUTPUT_H

#include <stddef.h>

/* Name of the file that marks a folder as written by sunlight. */
#define STAGE_MARK	".sunlight-out"

struct stage;

/*
 * Make a fresh staging folder ".<base>.sunlight-staging-XXXXXX" (random
 * letters) in outdir's parent, created if needed, holding STAGE_MARK
 * and locked with flock(2) while the run lives.  Leftovers of dead runs
 * are cleared first, but only folders with our names, our mark and no
 * lock: an old tree whose replacement never arrived goes back to
 * outdir, the rest is removed.  Nothing else beside outdir is touched.
 * Refuses an outdir that exists and is not an empty folder or a folder
 * with our STAGE_MARK, so a mistaken -o cannot destroy anything else.
 * NULL after a message on stderr.  The caller frees the result with
 * stage_free.
 */
struct stage	*stage_open(const char *outdir);
/* The staging folder; owned by the stage. */
const char	*stage_path(const struct stage *);
/*
 * Swap the staging folder in as outdir: first everything in it is
 * flushed to disk (out_sync), then the old outdir goes aside as
 * ".<base>.sunlight-old-XXXXXX", the stage takes its name, the old tree
 * is removed.  A stage opened inside another open stage (a district's
 * unit, built in its stage) skips the flush: the outer one's covers it.
 * On failure the old outdir is put back (or never moved), the stage is
 * left for stage_abort/stage_free, a message is printed and -1 returned.
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
 * For a writer that fills a file by its name (libharu, libxlsxwriter):
 * out_temp makes a fresh, empty temp file beside path, with path's
 * mode, and returns its fd (-1 after a message), its name in *tmp.
 * out_temp_commit then renames it to path, as out_write would (synced
 * first outside a stage); out_temp_abort gives it up.  Both close fd,
 * free tmp and leave no temp file behind; out_temp_commit returns 0,
 * or -1 after the message out_write would print.
 */
int	 out_temp(const char *path, int private, char **tmp);
int	 out_temp_commit(int fd, char *tmp, const char *path);
void	 out_temp_abort(int fd, char *tmp);
/*
 * Flush every file and folder of fd's file system to disk (syncfs(2)):
 * one call that makes a whole staging folder durable before it is
 * renamed into place, however its files were written.  fd should be
 * opened before the writes, so that a write-back error of any of them
 * is reported.  0, or -1 with errno set (no message).
 */
int	 out_sync(int fd);
/*
 * Flush the renames in path's parent folder to disk, so a folder just
 * renamed into place is there after a power cut; a failure is harmless
 * (the rename itself was done) and not reported.
 */
void	 out_sync_parent(const char *path);
/*
 * Make dir and its missing parents, each new one 0700 when private,
 * else 0755 (existing folders keep their mode).  -1 after a message.
 */
int	 out_mkdirs(const char *dir, int private);

/*
 * Whether the data folder and outdir overlap: one inside (or equal to)
 * the other, after resolving links and ".." in the parts that exist
 * and lexically in parts not made yet.  Each run replaces outdir whole,
 * so either way data would be lost or private outputs written into the
 * data.  1 after a message on stderr, else 0.
 */
int	 out_overlaps_data(const char *data, const char *outdir);

#endif
