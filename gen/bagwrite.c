/*
 * Writing BagIt 1.0 bags (RFC 8493), byte-identical for identical
 * input.  See bag.h for the contract.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"
#include "digest.h"
#include "output.h"
#include "bag.h"

/*
 * Manifest form of a path: CR, LF and % percent-encoded (RFC 8493
 * section 2.1.3), so each entry stays on one line.
 */
static void
path_encode(struct buf *b, const char *path)
{
	for (; *path != '\0'; path++) {
		if (*path == '\r')
			buf_adds(b, "%0D");
		else if (*path == '\n')
			buf_adds(b, "%0A");
		else if (*path == '%')
			buf_adds(b, "%25");
		else
			buf_addc(b, *path);
	}
}

int
bag_path_inside(const char *p)
{
	const char	*s;
	size_t		 n;

	if (*p == '\0' || *p == '/')
		return 0;
	for (;;) {
		s = strchr(p, '/');
		n = s == NULL ? strlen(p) : (size_t)(s - p);
		if (n == 0 || (n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		if (s == NULL)
			return 1;
		p = s + 1;
	}
}

static int
file_cmp(const void *a, const void *b)
{
	const struct bag_file *const *fa = a, *const *fb = b;

	return strcmp((*fa)->name, (*fb)->name);
}

/* Whether bagdir is absent or an empty folder. */
static int
bag_dir_fresh(const char *bagdir)
{
	struct dirent	*de;
	DIR		*d;
	int		 fresh = 1;

	if ((d = opendir(bagdir)) == NULL)
		return errno == ENOENT;
	while (fresh && (de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			fresh = 0;
	closedir(d);
	return fresh;
}

/*
 * Check the payload names and give them back sorted by byte order (the
 * manifest order).  NULL after a message.  Caller frees the array.
 */
static const struct bag_file **
bag_sorted(const char *bagdir, const struct bag_file *files, size_t n)
{
	const struct bag_file	**v;
	size_t			  i;

	v = xcalloc(n, sizeof(*v));
	for (i = 0; i < n; i++) {
		v[i] = &files[i];
		if (!bag_path_inside(files[i].name)) {
			sys_warnx("%s/data/%s: 不是可用的归档文件名",
			    bagdir, files[i].name);
			free(v);
			return NULL;
		}
	}
	qsort(v, n, sizeof(*v), file_cmp);
	for (i = 1; i < n; i++)
		if (strcmp(v[i - 1]->name, v[i]->name) == 0) {
			sys_warnx("%s/data/%s: 重复出现", bagdir,
			    v[i]->name);
			free(v);
			return NULL;
		}
	return v;
}

/* The bag folder is private even when it existed (empty) before. */
static int
bag_private(const char *bagdir)
{
	if (chmod(bagdir, 0700) == -1) {
		sys_warn(bagdir);
		return -1;
	}
	return 0;
}

/* Write one tag file of the bag and add its line to the tag manifest. */
static int
bag_tag(const char *bagdir, const char *name, const struct buf *b,
    struct buf *tagman)
{
	char	 hex[65], *path;
	int	 rc;

	path = xasprintf("%s/%s", bagdir, name);
	rc = out_write(path, b->s, b->len, 1);
	free(path);
	digest_sha256_buf(b->s, b->len, hex);
	buf_addf(tagman, "%s  %s\n", hex, name);
	return rc;
}

/* bag-info.txt: organization (control characters blanked), date, oxum. */
static void
bag_info(struct buf *b, const char *org, long long epoch,
    unsigned long long octets, size_t n)
{
	char		 day[32];
	struct tm	 tm;
	time_t		 t = (time_t)epoch;
	const char	*p;

	if (org != NULL && *org != '\0') {
		buf_adds(b, "Source-Organization: ");
		for (p = org; *p != '\0'; p++)
			buf_addc(b, (unsigned char)*p < 0x20 ? ' ' : *p);
		buf_addc(b, '\n');
	}
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(day, sizeof(day), "%Y-%m-%d", &tm) == 0)
		snprintf(day, sizeof(day), "1970-01-01");
	buf_addf(b, "Bagging-Date: %s\n", day);
	buf_addf(b, "Payload-Oxum: %llu.%zu\n", octets, n);
	buf_adds(b, "Bag-Software-Agent: sunlight\n");
}

/* Write data/ and the payload manifest; adds up the payload octets. */
static int
bag_payload(const char *bagdir, const struct bag_file **v, size_t n,
    struct buf *man, unsigned long long *octets)
{
	char	 hex[65], *path;
	size_t	 i;
	int	 rc;

	for (i = 0; i < n; i++) {
		path = xasprintf("%s/data/%s", bagdir, v[i]->name);
		rc = out_write(path, v[i]->buf, v[i]->len, 1);
		free(path);
		if (rc == -1)
			return -1;
		digest_sha256_buf(v[i]->buf, v[i]->len, hex);
		buf_addf(man, "%s  data/", hex);
		path_encode(man, v[i]->name);
		buf_addc(man, '\n');
		*octets += v[i]->len;
	}
	return 0;
}

/* The tag files, written after the payload they describe. */
static int
bag_tags(const char *bagdir, const struct buf *man, const char *org,
    long long epoch, unsigned long long octets, size_t n)
{
	struct buf	 info = { NULL, 0, 0 }, bagit = { NULL, 0, 0 };
	struct buf	 tag = { NULL, 0, 0 };
	char		*path;
	int		 rc = -1;

	buf_adds(&bagit,
	    "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
	bag_info(&info, org, epoch, octets, n);
	if (bag_tag(bagdir, "bag-info.txt", &info, &tag) == 0 &&
	    bag_tag(bagdir, "bagit.txt", &bagit, &tag) == 0 &&
	    bag_tag(bagdir, "manifest-sha256.txt", man, &tag) == 0) {
		path = xasprintf("%s/tagmanifest-sha256.txt", bagdir);
		rc = out_write(path, tag.s, tag.len, 1);
		free(path);
	}
	buf_free(&info);
	buf_free(&bagit);
	buf_free(&tag);
	return rc;
}

int
bag_write(const char *bagdir, const struct bag_file *files, size_t n,
    const char *org, long long epoch)
{
	const struct bag_file	**v;
	struct buf		  man = { NULL, 0, 0 };
	unsigned long long	  octets = 0;
	char			 *data;
	int			  rc = -1;

	if (!bag_dir_fresh(bagdir)) {
		sys_warnx("%s: 归档包文件夹已存在且不是空的", bagdir);
		return -1;
	}
	if ((v = bag_sorted(bagdir, files, n)) == NULL)
		return -1;
	data = xasprintf("%s/data", bagdir);
	buf_add(&man, "", 0);
	if (out_mkdirs(data, 1) == 0 && bag_private(bagdir) == 0 &&
	    bag_payload(bagdir, v, n, &man, &octets) == 0)
		rc = bag_tags(bagdir, &man, org, epoch, octets, n);
	free(data);
	free(v);
	buf_free(&man);
	return rc;
}
