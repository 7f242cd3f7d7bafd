/*
 * Output staging and checked file writes.
 * See output.h for the contract of each exported function.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"
#include "output.h"

enum stage_state {
	STAGE_OPEN,
	STAGE_DONE		/* committed or aborted */
};

struct stage {
	char		*outdir;	/* without trailing slashes */
	char		*tmp;		/* <outdir>.tmp-<pid> */
	char		*old;		/* <outdir>.old-<pid> */
	enum stage_state state;
};

static const char stage_mark_text[] =
    "This folder is written by \"sunlight build\" and replaced whole "
    "by each run.\n";

/* Parent folder of path ("." when it has none); caller frees. */
static char *
path_parent(const char *path)
{
	const char	*s = strrchr(path, '/');

	if (s == NULL)
		return xstrdup(".");
	while (s > path && s[-1] == '/')
		s--;
	if (s == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(s - path));
}

/* Last component of path (which has no trailing slash). */
static const char *
path_base(const char *path)
{
	const char	*s = strrchr(path, '/');

	return s == NULL ? path : s + 1;
}

/*
 * Remove a file or a whole tree without following symbolic links.
 * Stops at the first failure: -1 with errno set.
 */
static int
rm_tree(const char *path)
{
	struct stat	 st;
	struct dirent	*de;
	DIR		*d;
	char		*sub;
	int		 rc = 0, e;

	if (lstat(path, &st) == -1)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	if ((d = opendir(path)) == NULL)
		return -1;
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		sub = xasprintf("%s/%s", path, de->d_name);
		rc = rm_tree(sub);
		free(sub);
	}
	e = errno;
	closedir(d);
	if (rc == -1) {
		errno = e;
		return -1;
	}
	return rmdir(path);
}

/* Make one folder with mode, set explicitly; an existing one is fine. */
static int
mkdir_one(const char *p, mode_t mode)
{
	struct stat	 st;

	if (mkdir(p, mode) == 0)
		return chmod(p, mode);
	if (errno != EEXIST || stat(p, &st) == -1)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	return 0;
}

/*
 * Make each missing folder of dir with the given mode, so the umask
 * does not matter.  Existing folders are left as they are.
 */
int
out_mkdirs(const char *dir, int private)
{
	mode_t	 mode = private ? 0700 : 0755;
	char	*p, *s;

	if (*dir == '\0')
		return 0;
	p = xstrdup(dir);
	for (s = p + 1; *s != '\0'; s++) {
		if (*s != '/' || s[-1] == '/')
			continue;
		*s = '\0';
		if (mkdir_one(p, mode) == -1)
			goto fail;
		*s = '/';
	}
	if (mkdir_one(p, mode) == -1)
		goto fail;
	free(p);
	return 0;
fail:
	sys_warn(p);
	free(p);
	return -1;
}

/* Write all of buf to fd through stdio, checking every step. */
static int
write_all(int fd, const void *buf, size_t len)
{
	FILE	*fp;
	int	 e;

	if ((fp = fdopen(fd, "wb")) == NULL) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	if ((len > 0 && fwrite(buf, 1, len, fp) != len) ||
	    fflush(fp) == EOF || ferror(fp) || fsync(fileno(fp)) == -1) {
		e = errno;
		fclose(fp);
		errno = e;
		return -1;
	}
	return fclose(fp) == EOF ? -1 : 0;
}

/*
 * Write path through a temp file beside it, then rename: readers see
 * either the old file or the complete new one, never a torn one.
 */
int
out_write(const char *path, const void *buf, size_t len, int private)
{
	mode_t	 mode = private ? 0600 : 0644;
	char	*dir, *tmp;
	int	 fd, e;

	dir = path_parent(path);
	if (out_mkdirs(dir, private) == -1) {
		free(dir);
		return -1;
	}
	tmp = xasprintf("%s/.%s.tmp-%ld", dir, path_base(path),
	    (long)getpid());
	free(dir);
	(void)unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd == -1) {
		sys_warn(path);
		free(tmp);
		return -1;
	}
	if (fchmod(fd, mode) == -1) {
		e = errno;
		close(fd);
		errno = e;
	} else if (write_all(fd, buf, len) == 0 && rename(tmp, path) == 0) {
		free(tmp);
		return 0;
	}
	e = errno;
	(void)unlink(tmp);
	errno = e;
	sys_warn(path);
	free(tmp);
	return -1;
}

/* Whether pid names a process that is gone. */
static int
pid_dead(const char *digits)
{
	char	*end;
	long	 pid;

	errno = 0;
	pid = strtol(digits, &end, 10);
	if (*digits == '\0' || *end != '\0' || errno != 0 || pid <= 0)
		return 0;
	if (pid == (long)getpid())
		return 1;
	return kill((pid_t)pid, 0) == -1 && errno == ESRCH;
}

/*
 * Deal with one leftover of a dead run: an old tree whose replacement
 * never arrived goes back in place; anything else is removed.
 */
static void
sweep_one(const char *outdir, const char *left, int is_old)
{
	struct stat	 st;

	if (is_old && lstat(outdir, &st) == -1 && errno == ENOENT) {
		if (rename(left, outdir) == -1)
			sys_warn(left);
		return;
	}
	if (rm_tree(left) == -1)
		sys_warn(left);
}

/*
 * Clear what dead runs left beside outdir: staging trees are removed;
 * an old tree is put back when outdir itself is missing (the run died
 * between its two renames), else removed.
 */
static void
stage_sweep(const char *outdir)
{
	struct dirent	*de;
	DIR		*d;
	char		*parent, *tmp, *old, *full;
	const char	*base = path_base(outdir), *rest;
	size_t		 blen = strlen(base);

	parent = path_parent(outdir);
	if ((d = opendir(parent)) == NULL) {
		free(parent);
		return;
	}
	tmp = xasprintf("%s.tmp-", base);
	old = xasprintf("%s.old-", base);
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, tmp, blen + 5) == 0)
			rest = de->d_name + blen + 5;
		else if (strncmp(de->d_name, old, blen + 5) == 0)
			rest = de->d_name + blen + 5;
		else
			continue;
		if (!pid_dead(rest))
			continue;
		full = xasprintf("%s/%s", parent, de->d_name);
		sweep_one(outdir, full, de->d_name[blen + 1] == 'o');
		free(full);
	}
	closedir(d);
	free(tmp);
	free(old);
	free(parent);
}

/*
 * Whether outdir may be replaced: absent, an empty folder, or a folder
 * holding STAGE_MARK.  Anything else (a file, someone's home folder,
 * the data folder) is refused.
 */
static int
stage_replaceable(const char *outdir)
{
	struct dirent	*de;
	struct stat	 st;
	DIR		*d;
	char		*mark;
	int		 ok;

	if (lstat(outdir, &st) == -1)
		return errno == ENOENT;
	if (!S_ISDIR(st.st_mode))
		return 0;
	mark = xasprintf("%s/%s", outdir, STAGE_MARK);
	ok = lstat(mark, &st) == 0 && S_ISREG(st.st_mode);
	free(mark);
	if (ok || (d = opendir(outdir)) == NULL)
		return ok;
	ok = 1;
	while (ok && (de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			ok = 0;
	closedir(d);
	return ok;
}

struct stage *
stage_open(const char *outdir)
{
	struct stage	*st;
	char		*dir, *mark, *parent;
	const char	*base;
	size_t		 len = strlen(outdir);

	while (len > 1 && outdir[len - 1] == '/')
		len--;
	dir = xstrndup(outdir, len);
	base = path_base(dir);
	if (*base == '\0' || strcmp(base, ".") == 0 ||
	    strcmp(base, "..") == 0) {
		sys_warnx("%s: not usable as an output folder", outdir);
		free(dir);
		return NULL;
	}
	parent = path_parent(dir);
	if (out_mkdirs(parent, 0) == -1) {
		free(parent);
		free(dir);
		return NULL;
	}
	free(parent);
	stage_sweep(dir);
	if (!stage_replaceable(dir)) {
		sys_warnx("%s: exists and was not written by sunlight; "
		    "not replacing it", dir);
		free(dir);
		return NULL;
	}
	st = xcalloc(1, sizeof(*st));
	st->outdir = dir;
	st->tmp = xasprintf("%s.tmp-%ld", dir, (long)getpid());
	st->old = xasprintf("%s.old-%ld", dir, (long)getpid());
	mark = xasprintf("%s/%s", st->tmp, STAGE_MARK);
	if (mkdir(st->tmp, 0755) == -1 || chmod(st->tmp, 0755) == -1) {
		sys_warn(st->tmp);
		st->state = STAGE_DONE;
		stage_free(st);
		st = NULL;
	} else if (out_write(mark, stage_mark_text,
	    sizeof(stage_mark_text) - 1, 0) == -1) {
		stage_free(st);
		st = NULL;
	}
	free(mark);
	return st;
}

const char *
stage_path(const struct stage *st)
{
	return st->tmp;
}

/* Flush the renames in outdir's parent to disk; failure is harmless. */
static void
sync_parent(const char *outdir)
{
	char	*parent = path_parent(outdir);
	int	 fd;

	if ((fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		(void)fsync(fd);
		close(fd);
	}
	free(parent);
}

int
stage_commit(struct stage *st)
{
	int	 had_old = 1;

	if (st->state != STAGE_OPEN)
		return -1;
	if (rename(st->outdir, st->old) == -1) {
		if (errno != ENOENT) {
			sys_warn(st->outdir);
			return -1;
		}
		had_old = 0;
	}
	if (rename(st->tmp, st->outdir) == -1) {
		sys_warn(st->outdir);
		if (had_old && rename(st->old, st->outdir) == -1)
			sys_warn(st->old);
		return -1;
	}
	st->state = STAGE_DONE;
	sync_parent(st->outdir);
	if (had_old && rm_tree(st->old) == -1)
		sys_warn(st->old);
	return 0;
}

void
stage_abort(struct stage *st)
{
	if (st->state != STAGE_OPEN)
		return;
	if (rm_tree(st->tmp) == -1)
		sys_warn(st->tmp);
	st->state = STAGE_DONE;
}

void
stage_free(struct stage *st)
{
	if (st == NULL)
		return;
	stage_abort(st);
	free(st->outdir);
	free(st->tmp);
	free(st->old);
	free(st);
}
