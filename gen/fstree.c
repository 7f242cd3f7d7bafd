/*
 * Whole folders: copy, remove, list.  See fstree.h.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output.h"
#include "fstree.h"
#include "util.h"

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **
fstree_names(const char *dir, int dots, size_t *n)
{
	DIR		*dp;
	struct dirent	*de;
	char		**v = NULL;
	size_t		 cap = 0;

	*n = 0;
	if ((dp = opendir(dir)) == NULL)
		return NULL;
	while ((de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0 ||
		    (!dots && de->d_name[0] == '.'))
			continue;
		v = xgrow(v, &cap, *n + 1, sizeof(*v));
		v[(*n)++] = xstrdup(de->d_name);
	}
	closedir(dp);
	if (*n > 1)
		qsort(v, *n, sizeof(*v), cmp_str);
	return v ? v : xcalloc(1, sizeof(*v));
}

void
fstree_names_free(char **v, size_t n)
{
	size_t	 i;

	for (i = 0; v != NULL && i < n; i++)
		free(v[i]);
	free(v);
}

int
fstree_isdir(const char *path)
{
	struct stat	 st;

	return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * Copy one regular file with its mode.  A hard link when the two are on
 * one file system: sunlight replaces files (write aside, rename) and
 * never changes one in place, so sharing the bytes is safe and costs no
 * copy; else the bytes go through out_write.
 */
static int
copy_file(const char *from, const char *to, mode_t mode)
{
	char	*buf;
	size_t	 len;
	int	 rc;

	if (link(from, to) == 0)
		return 0;
	if ((buf = file_read(from, &len)) == NULL) {
		sys_warn(from);
		return -1;
	}
	rc = out_write(to, buf, len, (mode & 0077) == 0);
	free(buf);
	if (rc == 0 && chmod(to, mode & 07777) == -1) {
		sys_warn(to);
		rc = -1;
	}
	return rc;
}

/* Copy a folder's entries, then give it its mode. */
static int
copy_dir(const char *from, const char *to, mode_t mode)
{
	char	**names, *a, *b;
	size_t	 n, i;
	int	 rc = 0;

	if ((mkdir(to, 0700) == -1 && errno != EEXIST) ||
	    (names = fstree_names(from, 1, &n)) == NULL) {
		sys_warn(errno == EEXIST ? from : to);
		return -1;
	}
	for (i = 0; rc == 0 && i < n; i++) {
		a = xasprintf("%s/%s", from, names[i]);
		b = xasprintf("%s/%s", to, names[i]);
		rc = fstree_copy(a, b);
		free(a);
		free(b);
	}
	fstree_names_free(names, n);
	if (rc == 0 && chmod(to, mode & 07777) == -1) {
		sys_warn(to);
		rc = -1;
	}
	return rc;
}

int
fstree_copy(const char *from, const char *to)
{
	struct stat	 st;

	if (lstat(from, &st) == -1) {
		sys_warn(from);
		return -1;
	}
	if (S_ISDIR(st.st_mode))
		return copy_dir(from, to, st.st_mode);
	if (S_ISREG(st.st_mode))
		return copy_file(from, to, st.st_mode);
	errno = EINVAL;
	sys_warn(from);
	return -1;
}

/* Remove path and everything under it; -1 with errno set. */
static int
remove_tree(const char *path)
{
	struct stat	 st;
	char		**names, *sub;
	size_t		 n, i;
	int		 rc = 0;

	if (lstat(path, &st) == -1)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	if ((names = fstree_names(path, 1, &n)) == NULL)
		return -1;
	for (i = 0; rc == 0 && i < n; i++) {
		sub = xasprintf("%s/%s", path, names[i]);
		rc = remove_tree(sub);
		free(sub);
	}
	fstree_names_free(names, n);
	return rc == 0 ? rmdir(path) : -1;
}

int
fstree_remove(const char *path)
{
	if (remove_tree(path) == -1) {
		sys_warn(path);
		return -1;
	}
	return 0;
}
