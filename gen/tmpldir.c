/*
 * Finding the templates folder.  See tmpldir.h.
 */
#include <sys/stat.h>

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tmpldir.h"
#include "util.h"

#ifndef SHAREDIR
#define SHAREDIR "/usr/local/share/sunlight"
#endif

#define NPLACES	3

/* Whether path is a folder (following links, as -t does). */
static int
is_dir(const char *path)
{
	struct stat	 st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * <prefix>/share/sunlight/templates for the running program
 * <prefix>/bin/sunlight into buf; empty when /proc/self/exe is not
 * readable or has no two folders above it.
 */
static void
beside_exe(char *buf, size_t size)
{
	char	 exe[PATH_MAX];
	ssize_t	 n;
	char	*s;
	int	 up;

	buf[0] = '\0';
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) <= 0)
		return;
	exe[n] = '\0';
	for (up = 0; up < 2; up++) {
		if ((s = strrchr(exe, '/')) == NULL)
			return;
		*s = '\0';
	}
	if ((size_t)snprintf(buf, size, "%s/share/sunlight/templates",
	    exe) >= size)
		buf[0] = '\0';
}

/* The places searched, in order; unused ones are empty strings. */
static void
places(char p[NPLACES][PATH_MAX])
{
	snprintf(p[0], PATH_MAX, "%s", "templates");
	beside_exe(p[1], PATH_MAX);
	snprintf(p[2], PATH_MAX, "%s", SHAREDIR "/templates");
	if (strcmp(p[1], p[2]) == 0)
		p[2][0] = '\0';
}

const char *
tmpldir_default(void)
{
	static char	 p[NPLACES][PATH_MAX];
	int		 i;

	places(p);
	for (i = 0; i < NPLACES; i++)
		if (p[i][0] != '\0' && is_dir(p[i]))
			return p[i];
	return NULL;
}

int
tmpldir_usable(const char *dir)
{
	char		 p[NPLACES][PATH_MAX];
	struct buf	 b = { NULL, 0, 0 };
	int		 i;

	if (dir != NULL && is_dir(dir))
		return 1;
	if (dir != NULL) {
		sys_warnx("%s: 模板文件夹不存在或不是文件夹;请检查 -t "
		    "后的路径 [usage.templates]", dir);
		return 0;
	}
	places(p);
	for (i = 0; i < NPLACES; i++) {
		if (p[i][0] == '\0')
			continue;
		buf_adds(&b, b.len > 0 ? "、" : "");
		buf_adds(&b, p[i][0] == '/' ? "" : "./");
		buf_adds(&b, p[i]);
	}
	sys_warnx("找不到模板文件夹(找过 %s);请用 -t 指定模板文件夹,"
	    "或在源代码目录运行 make install 安装模板 [usage.templates]", b.s);
	buf_free(&b);
	return 0;
}
