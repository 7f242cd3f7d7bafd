/*
 * Output staging and checked file writes.
 * See output.h for the contract of each exported function.
 */
#define _GNU_SOURCE		/* syncfs */
#include <sys/file.h>
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

/*
 * The folders a run makes beside outdir have names no user would
 * choose, ".<base>.sunlight-staging-XXXXXX" and ".<base>.sunlight-old-
 * XXXXXX" (mkdtemp's random letters), and hold STAGE_MARK with
 * stage_mark_text.  A live run keeps an flock(2) on its staging folder
 * and on the old one while it exists, so a later run can tell a
 * leftover of a dead run from a run still going.
 */
#define STAGING_TAG	"sunlight-staging-"
#define OLD_TAG		"sunlight-old-"

struct stage {
	char		*outdir;	/* without trailing slashes */
	char		*tmp;		/* the staging folder */
	int		 lock;		/* the staging folder, flock'd */
	int		 nested;	/* inside another open stage */
	enum stage_state state;
	struct stage	*next;		/* in open_stages */
};

/*
 * The stages open in this process, newest first.  A forked process (a
 * render worker, a district's unit process) inherits the list, so it
 * too knows which folders are staging.  A file written inside one needs
 * no sync of its own: the outermost stage syncs its whole file system
 * once, just before it is swapped in (stage_commit), which makes every
 * file, folder and link in it durable whoever wrote it.
 */
static struct stage *open_stages;

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

/* Write all of buf to fd; -1 with errno set. */
static int
write_all(int fd, const void *buf, size_t len)
{
	const char	*p = buf;
	ssize_t		 n;

	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Whether path lies inside the folder of an open stage, spelt as
 * stage_path gave it (how every writer builds its paths).  A path that
 * is spelt otherwise is taken for one outside, so it is synced on its
 * own: the safe side.
 */
static int
in_stage(const char *path)
{
	const struct stage	*st;
	size_t			 n;

	for (st = open_stages; st != NULL; st = st->next) {
		n = strlen(st->tmp);
		if (strncmp(path, st->tmp, n) == 0 && path[n] == '/')
			return 1;
	}
	return 0;
}

/*
 * A fresh name (mkstemp), so nothing of anyone else's is replaced, in
 * path's own folder, so the rename into place is atomic; the mode is
 * set explicitly, whatever the umask.
 */
int
out_temp(const char *path, int private, char **tmp)
{
	char	*dir;
	int	 fd;

	dir = path_parent(path);
	if (out_mkdirs(dir, private) == -1) {
		free(dir);
		return -1;
	}
	*tmp = xasprintf("%s/.%s.sunlight-XXXXXX", dir, path_base(path));
	free(dir);
	if ((fd = mkstemp(*tmp)) == -1) {
		sys_warn(path);
		free(*tmp);
		return -1;
	}
	(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
	if (fchmod(fd, private ? 0600 : 0644) == -1) {
		out_temp_abort(fd, *tmp);
		sys_warn(path);
		return -1;
	}
	return fd;
}

/*
 * Outside a stage the file is fsynced before the rename; inside one
 * the stage's sync before its swap makes it durable.
 */
int
out_temp_commit(int fd, char *tmp, const char *path)
{
	int	 rc = 0, e = 0;

	if (!in_stage(path) && fsync(fd) == -1) {
		rc = -1;
		e = errno;
	}
	if (close(fd) == -1 && rc == 0) {
		rc = -1;
		e = errno;
	}
	if (rc == 0 && rename(tmp, path) == -1) {
		rc = -1;
		e = errno;
	}
	if (rc == -1) {
		(void)unlink(tmp);
		errno = e;
		sys_warn(path);
	}
	free(tmp);
	return rc;
}

/* Closed and removed, errno as it was (for the caller's message). */
void
out_temp_abort(int fd, char *tmp)
{
	int	 e = errno;

	(void)close(fd);
	(void)unlink(tmp);
	free(tmp);
	errno = e;
}

/*
 * Write path through a temp file beside it (a fresh name, so nothing
 * of anyone else's is replaced), then rename: readers see
 * either the old file or the complete new one, never a torn one.
 */
int
out_write(const char *path, const void *buf, size_t len, int private)
{
	char	*tmp;
	int	 fd;

	if ((fd = out_temp(path, private, &tmp)) == -1)
		return -1;
	if (write_all(fd, buf, len) == -1) {
		out_temp_abort(fd, tmp);
		sys_warn(path);
		return -1;
	}
	return out_temp_commit(fd, tmp, path);
}

/*
 * Whether folder path (not a link) holds STAGE_MARK with our text: the
 * proof that sunlight wrote it.  The mark is read through O_NOFOLLOW
 * and at most one byte more than the text.
 */
static int
has_mark(const char *path)
{
	char	 got[sizeof(stage_mark_text) + 1], *mark;
	ssize_t	 n;
	int	 fd;

	mark = xasprintf("%s/%s", path, STAGE_MARK);
	fd = open(mark, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	free(mark);
	if (fd == -1)
		return 0;
	n = read(fd, got, sizeof(got));
	close(fd);
	return n == (ssize_t)sizeof(stage_mark_text) - 1 &&
	    memcmp(got, stage_mark_text, (size_t)n) == 0;
}

/*
 * Whether folder path holds nothing but a torn STAGE_MARK: a regular
 * file whose bytes are a proper start of stage_mark_text (none at
 * all included).  That is what a run killed while writing its mark
 * leaves, and nothing else looks like it.
 */
static int
has_torn_mark(const char *path)
{
	char		 got[sizeof(stage_mark_text)], *mark;
	struct dirent	*de;
	DIR		*d;
	ssize_t		 n;
	int		 fd, others = 0;

	if ((d = opendir(path)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL)
		others += strcmp(de->d_name, ".") && strcmp(de->d_name, "..")
		    && strcmp(de->d_name, STAGE_MARK);
	closedir(d);
	mark = xasprintf("%s/%s", path, STAGE_MARK);
	fd = open(mark, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	free(mark);
	if (others > 0 || fd == -1)
		return 0;
	n = read(fd, got, sizeof(got));
	close(fd);
	return n >= 0 && n < (ssize_t)sizeof(stage_mark_text) - 1 &&
	    memcmp(got, stage_mark_text, (size_t)n) == 0;
}

/*
 * Open folder path and take an exclusive flock on it; -1 if it is not
 * a folder or (nonblocking) another live run holds it.
 */
static int
dir_lock(const char *path, int wait)
{
	int	 fd;

	fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1)
		return -1;
	if (flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * Deal with one leftover of a dead run, proven ours by its mark: an
 * old tree whose replacement never arrived goes back in place; anything
 * else is removed.  A folder whose run died before its mark was
 * complete is removed when it is empty (rmdir refuses anything else)
 * or, for staging, holds only the torn mark.
 */
static void
sweep_one(const char *outdir, const char *left, int is_old)
{
	struct stat	 st;
	char		*mark;
	int		 fd;

	if ((fd = dir_lock(left, 0)) == -1)
		return;
	if (!has_mark(left)) {
		if (!is_old && has_torn_mark(left)) {
			mark = xasprintf("%s/%s", left, STAGE_MARK);
			(void)unlink(mark);
			free(mark);
		}
		(void)rmdir(left);
	} else if (is_old && lstat(outdir, &st) == -1 && errno == ENOENT) {
		if (rename(left, outdir) == -1)
			sys_warn(left);
	} else if (rm_tree(left) == -1)
		sys_warn(left);
	close(fd);
}

/* The prefix of the names of our folders beside outdir of kind tag. */
static char *
side_prefix(const char *outdir, const char *tag)
{
	return xasprintf(".%s.%s", path_base(outdir), tag);
}

/*
 * Clear what dead runs left beside outdir.  Only folders with our
 * names, our mark and no live run holding them are touched; a name
 * alone proves nothing, so "out.old-2023" or "out.tmp-1" are the
 * user's and stay.
 */
static void
stage_sweep(const char *outdir)
{
	struct dirent	*de;
	DIR		*d;
	char		*parent, *tmp, *old, *full;
	int		 is_old;

	parent = path_parent(outdir);
	if ((d = opendir(parent)) == NULL) {
		free(parent);
		return;
	}
	tmp = side_prefix(outdir, STAGING_TAG);
	old = side_prefix(outdir, OLD_TAG);
	while ((de = readdir(d)) != NULL) {
		is_old = strncmp(de->d_name, old, strlen(old)) == 0;
		if (!is_old && strncmp(de->d_name, tmp, strlen(tmp)) != 0)
			continue;
		full = xasprintf("%s/%s", parent, de->d_name);
		sweep_one(outdir, full, is_old);
		free(full);
	}
	closedir(d);
	free(tmp);
	free(old);
	free(parent);
}

/*
 * Whether outdir may be replaced: absent, an empty folder, or a folder
 * holding our STAGE_MARK.  Anything else (a file, someone's home
 * folder, the data folder) is refused.
 */
static int
stage_replaceable(const char *outdir)
{
	struct dirent	*de;
	struct stat	 st;
	DIR		*d;
	int		 ok;

	if (lstat(outdir, &st) == -1)
		return errno == ENOENT;
	if (!S_ISDIR(st.st_mode))
		return 0;
	if (has_mark(outdir))
		return 1;
	if ((d = opendir(outdir)) == NULL)
		return 0;
	ok = 1;
	while (ok && (de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			ok = 0;
	closedir(d);
	return ok;
}

/* A new empty folder beside outdir named with tag and random letters. */
static char *
side_dir(const char *outdir, const char *tag)
{
	char	*parent = path_parent(outdir), *pre = side_prefix(outdir, tag);
	char	*p = xasprintf("%s/%sXXXXXX", parent, pre);

	free(parent);
	free(pre);
	if (mkdtemp(p) == NULL) {
		sys_warn(outdir);
		free(p);
		return NULL;
	}
	return p;
}

/*
 * Tests only: SUNLIGHT_TEST_KILL=at makes the run kill itself
 * (SIGKILL, no cleanup of any kind) at point "at" of stage_make, to
 * prove that whatever it leaves is cleared by the next build.
 */
static void
test_kill(const char *at)
{
	const char	*want = getenv("SUNLIGHT_TEST_KILL");

	if (want != NULL && strcmp(want, at) == 0)
		(void)raise(SIGKILL);
}

/*
 * Tests only: SUNLIGHT_TEST_FAIL=at makes step "at" fail as a broken
 * disk would (EIO), since a real write-back error cannot be had on
 * demand without a faulty device.
 */
static int
test_fail(const char *at)
{
	const char	*want = getenv("SUNLIGHT_TEST_FAIL");

	if (want == NULL || strcmp(want, at) != 0)
		return 0;
	errno = EIO;
	return 1;
}

/*
 * Write the mark straight into the fresh folder (O_EXCL, no temp file
 * beside it), so a run killed at any instant leaves the folder empty
 * or holding a torn mark, both of which the next sweep removes.  With
 * sync it is on disk before anything else goes in, so after a power
 * cut the folder still proves itself ours; a stage nested in another
 * needs no such proof (the outer one is cleared whole).
 */
static int
mark_write(const char *dir, int sync)
{
	char	*mark = xasprintf("%s/%s", dir, STAGE_MARK);
	size_t	 half = (sizeof(stage_mark_text) - 1) / 2;
	int	 fd, rc = -1;

	fd = open(mark, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0644);
	if (fd != -1 && fchmod(fd, 0644) == 0 &&
	    write(fd, stage_mark_text, half) == (ssize_t)half) {
		test_kill("mark");
		rc = write_all(fd, stage_mark_text + half,
		    sizeof(stage_mark_text) - 1 - half);
		if (rc == 0 && sync)
			rc = fsync(fd);
	}
	if (fd != -1 && close(fd) == -1)
		rc = -1;
	if (rc == -1)
		sys_warn(mark);
	free(mark);
	return rc;
}

/* Make the staging folder, locked, 0755, with its mark. */
static int
stage_make(struct stage *st)
{
	if ((st->tmp = side_dir(st->outdir, STAGING_TAG)) == NULL)
		return -1;
	test_kill("staging");
	if ((st->lock = dir_lock(st->tmp, 1)) == -1 ||
	    chmod(st->tmp, 0755) == -1) {
		sys_warn(st->tmp);
		return -1;
	}
	return mark_write(st->tmp, !st->nested);
}

/* outdir without trailing slashes, or NULL if it names no folder. */
static char *
stage_name(const char *outdir)
{
	size_t		 len = strlen(outdir);
	const char	*base;
	char		*dir;

	while (len > 1 && outdir[len - 1] == '/')
		len--;
	dir = xstrndup(outdir, len);
	base = path_base(dir);
	if (*base == '\0' || strcmp(base, ".") == 0 ||
	    strcmp(base, "..") == 0 || strcmp(dir, "/") == 0) {
		sys_warnx("%s: 不能用作输出文件夹;请用 -o 指定一个新的"
		    "文件夹名", outdir);
		free(dir);
		return NULL;
	}
	return dir;
}

struct stage *
stage_open(const char *outdir)
{
	struct stage	*st;
	char		*dir, *parent;

	if ((dir = stage_name(outdir)) == NULL)
		return NULL;
	parent = path_parent(dir);
	if (out_mkdirs(parent, 0) == -1) {
		free(parent);
		free(dir);
		return NULL;
	}
	free(parent);
	stage_sweep(dir);
	if (!stage_replaceable(dir)) {
		sys_warnx("%s: 已存在,且不是 sunlight 生成的输出文件夹,"
		    "不会替换它;请用 -o 指定另一个文件夹", dir);
		free(dir);
		return NULL;
	}
	st = xcalloc(1, sizeof(*st));
	st->outdir = dir;
	st->lock = -1;
	st->nested = in_stage(dir);
	if (stage_make(st) == -1) {
		stage_free(st);
		return NULL;
	}
	st->next = open_stages;
	open_stages = st;
	return st;
}

const char *
stage_path(const struct stage *st)
{
	return st->tmp;
}

void
out_sync_parent(const char *outdir)
{
	char	*parent = path_parent(outdir);
	int	 fd;

	if ((fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		(void)fsync(fd);
		close(fd);
	}
	free(parent);
}

/*
 * Move the current outdir aside to a fresh old folder, locked so no
 * other run takes it for a leftover.  The lock's fd; -2 when there was
 * no outdir (*old NULL); -1 after a message.
 */
static int
stage_aside(struct stage *st, char **old)
{
	int	 fd;

	*old = NULL;
	if ((fd = dir_lock(st->outdir, 1)) == -1) {
		if (errno == ENOENT)
			return -2;
		sys_warn(st->outdir);
		return -1;
	}
	if ((*old = side_dir(st->outdir, OLD_TAG)) == NULL) {
		close(fd);
		return -1;
	}
	if (rename(st->outdir, *old) == -1) {
		sys_warn(st->outdir);
		(void)rmdir(*old);
		free(*old);
		*old = NULL;
		close(fd);
		return -1;
	}
	return fd;
}

int
out_sync(int fd)
{
	if (test_fail("sync"))
		return -1;
	return syncfs(fd);
}

/*
 * Make everything in the stage durable before it is swapped in: one
 * syncfs(2) of its file system instead of an fsync per file.  The lock
 * was opened before anything was written into the stage, so a
 * write-back error of any file since then, whichever process wrote it
 * (render workers, a district's units), is reported here (Linux 5.8
 * and later report them to syncfs).  -1 after a message.
 */
static int
stage_sync(const struct stage *st)
{
	if (out_sync(st->lock) == 0)
		return 0;
	sys_warnx("%s: 新生成的文件未能全部写入磁盘(%s),%s 保持原样;"
	    "请检查磁盘后重新运行", st->outdir, sys_errstr(errno),
	    st->outdir);
	return -1;
}

int
stage_commit(struct stage *st)
{
	char	*old;
	int	 fd;

	if (st->state != STAGE_OPEN)
		return -1;
	if (!st->nested && stage_sync(st) == -1)
		return -1;
	if ((fd = stage_aside(st, &old)) == -1)
		return -1;
	if (rename(st->tmp, st->outdir) == -1) {
		sys_warn(st->outdir);
		if (old != NULL && rename(old, st->outdir) == -1)
			sys_warn(old);
		free(old);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	st->state = STAGE_DONE;
	if (!st->nested)
		out_sync_parent(st->outdir);
	if (old != NULL && rm_tree(old) == -1)
		sys_warn(old);
	free(old);
	if (fd >= 0)
		close(fd);
	return 0;
}

void
stage_abort(struct stage *st)
{
	if (st->state != STAGE_OPEN)
		return;
	if (st->tmp != NULL && rm_tree(st->tmp) == -1)
		sys_warn(st->tmp);
	st->state = STAGE_DONE;
}

void
stage_free(struct stage *st)
{
	struct stage	**p;

	if (st == NULL)
		return;
	for (p = &open_stages; *p != NULL; p = &(*p)->next)
		if (*p == st) {
			*p = st->next;
			break;
		}
	stage_abort(st);
	if (st->lock != -1)
		close(st->lock);
	free(st->outdir);
	free(st->tmp);
	free(st);
}

/* Append component c of n bytes to the absolute path b, applying "..". */
static void
path_push(struct buf *b, const char *c, size_t n)
{
	char	*slash;

	if (n == 0 || (n == 1 && c[0] == '.'))
		return;
	if (n == 2 && c[0] == '.' && c[1] == '.') {
		if ((slash = strrchr(b->s, '/')) != NULL)
			b->len = (size_t)(slash - b->s);
		b->s[b->len] = '\0';
		return;
	}
	buf_addc(b, '/');
	buf_add(b, c, n);
}

/* The absolute form of path (from the working folder); NULL if none. */
static char *
path_absolute(const char *path)
{
	char	 cwd[4096];

	if (path[0] == '/')
		return xstrdup(path);
	if (getcwd(cwd, sizeof(cwd)) == NULL)
		return NULL;
	return xasprintf("%s/%s", cwd, path);
}

/*
 * The absolute form of path with links resolved as far as it exists:
 * realpath of the longest existing prefix, then the rest, which does
 * not exist yet, lexically.  NULL if the working folder is unknown.
 * Caller frees.
 */
static char *
path_resolve(const char *path)
{
	struct buf	 b = { NULL, 0, 0 };
	char		*abs, *pre, *r = NULL;
	const char	*rest;
	size_t		 cut, n;

	if ((abs = path_absolute(path)) == NULL)
		return NULL;
	for (cut = strlen(abs); ; ) {
		pre = xstrndup(abs, cut);
		r = realpath(*pre != '\0' ? pre : "/", NULL);
		free(pre);
		if (r != NULL || cut == 0)
			break;
		while (cut > 0 && abs[cut - 1] == '/')
			cut--;
		while (cut > 0 && abs[cut - 1] != '/')
			cut--;
	}
	buf_adds(&b, r != NULL && strcmp(r, "/") != 0 ? r : "");
	free(r);
	for (rest = abs + cut; *rest != '\0'; rest += n + (rest[n] == '/')) {
		n = strcspn(rest, "/");
		path_push(&b, rest, n);
	}
	free(abs);
	if (b.len == 0)
		buf_adds(&b, "/");
	return b.s;
}

/* Whether resolved path a is b or inside it. */
static int
path_within(const char *a, const char *b)
{
	size_t	 n = strlen(b);

	if (strcmp(b, "/") == 0)
		return 1;
	return strncmp(a, b, n) == 0 && (a[n] == '/' || a[n] == '\0');
}

int
out_overlaps_data(const char *data, const char *outdir)
{
	char	*d = path_resolve(data), *o = path_resolve(outdir);
	int	 rc = 0;

	if (d != NULL && o != NULL && path_within(o, d)) {
		sys_warnx("输出文件夹 %s 在数据文件夹 %s 之内(或就是它);"
		    "请用 -o 指定数据文件夹以外的位置", outdir, data);
		rc = 1;
	} else if (d != NULL && o != NULL && path_within(d, o)) {
		sys_warnx("数据文件夹 %s 在输出文件夹 %s 之内;每次生成都会"
		    "整个替换输出文件夹,请先把数据移到 %s 以外", data,
		    outdir, outdir);
		rc = 1;
	}
	free(d);
	free(o);
	return rc;
}
