/*
 * Verifying BagIt bags, ours and those of other tools.  See bag.h for
 * the contract.
 *
 * A bag handed to verify may be hostile: links out of the bag, FIFOs,
 * devices, endless or enormous tag files.  Everything is opened
 * relative to the bag folder, one component at a time, never through a
 * symbolic link, and only regular files are read; tag files and their
 * lines have upper bounds.  Each problem is a finding in the caller's
 * diag; only our own failures (a read error, an unreadable folder) make
 * bag_verify fail.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "util.h"
#include "diag.h"
#include "digest.h"
#include "bag.h"

/* One line of a manifest. */
struct entry {
	char		*path;		/* decoded, relative to the bag */
	char		*hash;
	size_t		 line;
	struct manifest	*m;
};

/* One manifest-<alg>.txt or tagmanifest-<alg>.txt. */
struct manifest {
	char		*name;
	char		*alg;
	size_t		 hexlen;	/* 0 when unsupported */
	int		 tag;
	struct entry	*e;		/* sorted by path once loaded */
	size_t		 n, cap;
};

struct verify {
	char		*bag;		/* as given, no trailing slash */
	int		 fd;		/* the bag folder */
	struct diag	*d;
	size_t		 verified;	/* payload files present and hashed */
	int		 syserr;
	int		 v1;		/* BagIt 1.0 or later: %25 is encoded */
	int		 no_bagit;	/* bagit.txt missing, already said */
	char		*enc;		/* tag file encoding; NULL for UTF-8 */
	struct manifest	*m;		/* sorted: payload first, by name */
	size_t		 nm, mcap;
	char		**files;	/* under data/, relative to the bag */
	size_t		 nf, fcap;
	unsigned long long octets;
};

/* What opening a path inside the bag found. */
enum opened {
	OPEN_OK,
	OPEN_MISSING,
	OPEN_LINK,		/* a symbolic link on the way or at the end */
	OPEN_DIR,
	OPEN_SPECIAL,		/* FIFO, device, socket */
	OPEN_SYS		/* errno says why */
};

/*
 * Add a finding about rel (NULL: the bag itself) at line (0: the whole
 * file) of the given severity.
 */
static void
finding(struct verify *v, enum sev sev, const char *code, const char *rel,
    size_t line, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static void
finding(struct verify *v, enum sev sev, const char *code, const char *rel,
    size_t line, const char *fmt, ...)
{
	struct buf	 msg = { NULL, 0, 0 };
	char		*file;
	va_list		 ap;

	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	file = rel == NULL ? xstrdup(v->bag) :
	    xasprintf("%s/%s", v->bag, rel);
	diag_add(v->d, sev, code, file, line > (size_t)1 << 30 ? 0 :
	    (int)line, 0, "%s", msg.s);
	free(file);
	buf_free(&msg);
}

/* An error about rel of the bag. */
#define problem(v, code, rel, ...) \
	finding((v), SEV_ERROR, (code), (rel), 0, __VA_ARGS__)

static void
sysfail(struct verify *v, const char *rel)
{
	char	*full = rel == NULL ? xstrdup(v->bag) :
	    xasprintf("%s/%s", v->bag, rel);

	sys_warn(full);
	free(full);
	v->syserr = 1;
}

/* The same problem said for each kind of thing open_in_bag can refuse. */
static void
refused(struct verify *v, const char *rel, enum opened o)
{
	switch (o) {
	case OPEN_LINK:
		problem(v, "bag.link", rel, "是符号链接或经过符号链接;"
		    "档案包只收普通文件,请换成文件本身");
		break;
	case OPEN_DIR:
		problem(v, "bag.not-file", rel, "是文件夹,不是文件;"
		    "请检查清单中的这一项");
		break;
	case OPEN_SPECIAL:
		problem(v, "bag.not-file", rel, "不是普通文件(管道、设备"
		    "或套接字),未读取;档案包只收普通文件");
		break;
	case OPEN_MISSING:
		problem(v, "bag.missing", rel, "清单列出的文件不存在;"
		    "请从备份恢复");
		break;
	case OPEN_SYS:
		sysfail(v, rel);
		break;
	case OPEN_OK:
		break;
	}
}

/* What a failed fstatat or openat means. */
static enum opened
open_errno(void)
{
	if (errno == ENOENT || errno == ENOTDIR || errno == ENAMETOOLONG)
		return OPEN_MISSING;
	if (errno == ELOOP)
		return OPEN_LINK;
	return OPEN_SYS;
}

/* Kind of thing st describes, as open_in_bag sees it. */
static enum opened
open_kind(const struct stat *st)
{
	if (S_ISLNK(st->st_mode))
		return OPEN_LINK;
	if (S_ISDIR(st->st_mode))
		return OPEN_DIR;
	return S_ISREG(st->st_mode) ? OPEN_OK : OPEN_SPECIAL;
}

/*
 * Open name in folder dir: a folder when want_dir, else a regular file.
 * lstat first, so a FIFO or a device is never opened; then the open
 * (without following links, without blocking) must give the same file.
 */
static enum opened
open_at(int dir, const char *name, int want_dir, int *fdp, struct stat *st)
{
	struct stat	 again;
	enum opened	 k;
	int		 fd;

	if (fstatat(dir, name, st, AT_SYMLINK_NOFOLLOW) == -1)
		return open_errno();
	k = open_kind(st);
	if (want_dir ? k != OPEN_DIR : k != OPEN_OK)
		return want_dir && k != OPEN_LINK ? OPEN_MISSING : k;
	fd = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC | (want_dir ? O_DIRECTORY : 0));
	if (fd == -1)
		return open_errno();
	if (fstat(fd, &again) == -1 || again.st_dev != st->st_dev ||
	    again.st_ino != st->st_ino || open_kind(&again) != k) {
		close(fd);
		return OPEN_SPECIAL;
	}
	*st = again;
	*fdp = fd;
	return OPEN_OK;
}

/*
 * Open rel, a '/'-separated path inside the bag, as a regular file,
 * one component at a time so no link anywhere on the way is followed.
 */
static enum opened
open_in_bag(struct verify *v, const char *rel, int *fdp, struct stat *st)
{
	char		*p = xstrdup(rel), *comp = p, *slash;
	int		 dir = v->fd, fd = -1;
	enum opened	 o = OPEN_OK;

	while (o == OPEN_OK && (slash = strchr(comp, '/')) != NULL) {
		*slash = '\0';
		o = open_at(dir, comp, 1, &fd, st);
		if (dir != v->fd)
			close(dir);
		dir = fd;
		comp = slash + 1;
	}
	if (o == OPEN_OK) {
		o = open_at(dir, comp, 0, fdp, st);
		if (dir != v->fd)
			close(dir);
	}
	free(p);
	return o;
}

/* Tag files and their lines are text of a sane size; bag.h has the numbers. */
#define TAG_MAX		((size_t)BAG_TAG_MAX_MB << 20)
#define LINE_MAX_LEN	((size_t)BAG_LINE_MAX)

/* Read at most max + 1 bytes of fd; NULL with errno set on error. */
static char *
read_bounded(int fd, size_t max, size_t *len)
{
	struct buf	 b = { NULL, 0, 0 };
	char		 chunk[65536];
	ssize_t		 got;

	buf_add(&b, "", 0);
	while (b.len <= max) {
		got = read(fd, chunk, sizeof(chunk));
		if (got == -1 && errno == EINTR)
			continue;
		if (got == -1) {
			buf_free(&b);
			return NULL;
		}
		if (got == 0)
			break;
		buf_add(&b, chunk, (size_t)got);
	}
	*len = b.len;
	return b.s;
}

/* Convert a tag file from the bag's declared encoding to UTF-8. */
static char *
tag_decode(struct verify *v, const char *rel, char *raw, size_t *len)
{
	struct buf	 b = { NULL, 0, 0 };
	char		 chunk[4096], *in = raw, *o;
	size_t		 inleft = *len, oleft, r;
	iconv_t		 cd;

	if (v->enc == NULL ||
	    (cd = iconv_open("UTF-8", v->enc)) == (iconv_t)-1)
		return raw;
	buf_add(&b, "", 0);
	while (inleft > 0) {
		o = chunk;
		oleft = sizeof(chunk);
		r = iconv(cd, &in, &inleft, &o, &oleft);
		buf_add(&b, chunk, sizeof(chunk) - oleft);
		if (r == (size_t)-1 && errno != E2BIG) {
			problem(v, "bag.encoding", rel, "不是有效的 %s 文本;"
			    "请按 bagit.txt 声明的编码保存", v->enc);
			break;
		}
	}
	iconv_close(cd);
	free(raw);
	*len = b.len;
	return b.s;
}

/*
 * Read tag file rel as UTF-8 text of *len bytes (NUL-terminated, but it
 * may hold NUL bytes).  NULL when it cannot be used, after a finding or
 * a system message; *missing is set instead when it is absent.
 */
static char *
tag_read(struct verify *v, const char *rel, size_t *len, int *missing)
{
	struct stat	 st;
	enum opened	 o;
	char		*raw;
	int		 fd;

	*missing = 0;
	if ((o = open_in_bag(v, rel, &fd, &st)) == OPEN_MISSING) {
		*missing = 1;
		return NULL;
	}
	if (o != OPEN_OK) {
		refused(v, rel, o);
		return NULL;
	}
	raw = NULL;
	if ((size_t)st.st_size <= TAG_MAX &&
	    (raw = read_bounded(fd, TAG_MAX, len)) == NULL)
		sysfail(v, rel);
	close(fd);
	if (raw != NULL && *len <= TAG_MAX)
		return tag_decode(v, rel, raw, len);
	if ((size_t)st.st_size > TAG_MAX || raw != NULL)
		problem(v, "bag.too-large", rel, "超过 %d MB,不像 BagIt "
		    "标签文件,未读取;请检查这个文件", BAG_TAG_MAX_MB);
	free(raw);
	return NULL;
}

/* A tag file being read line by line. */
struct lines {
	struct verify	*v;
	const char	*rel;
	char		*p, *end;
	size_t		 n;		/* number of the line last returned */
};

/*
 * Next usable line, split on LF, CRLF or CR and NUL-terminated in
 * place; NULL at the end.  A line holding a NUL byte or longer than
 * LINE_MAX_LEN is reported and skipped.
 */
static char *
next_line(struct lines *L)
{
	char	*s, *e;

	while (L->p < L->end) {
		s = L->p;
		for (e = s; e < L->end && *e != '\r' && *e != '\n'; e++)
			continue;
		L->p = e + (e < L->end && e[0] == '\r' && e + 1 < L->end &&
		    e[1] == '\n' ? 2 : 1);
		*e = '\0';
		L->n++;
		if (memchr(s, '\0', (size_t)(e - s)) != NULL)
			finding(L->v, SEV_ERROR, "bag.nul", L->rel, L->n,
			    "含 NUL 字节,这一行未读;标签文件须为纯文本");
		else if ((size_t)(e - s) > LINE_MAX_LEN)
			finding(L->v, SEV_ERROR, "bag.long-line", L->rel, L->n,
			    "一行超过 %zu 字节,未读;请检查这一行",
			    LINE_MAX_LEN);
		else
			return s;
	}
	return NULL;
}

/* "M.N" with digits only, as bagit.txt must declare it. */
static int
version_ok(const char *s)
{
	size_t	 a = strspn(s, "0123456789"), b;

	if (a == 0 || a > 4 || s[a] != '.')
		return 0;
	b = strspn(s + a + 1, "0123456789");
	return b > 0 && b <= 4 && s[a + 1 + b] == '\0';
}

/* Check the encoding bagit.txt declares and remember it if not UTF-8. */
static void
set_encoding(struct verify *v, const char *enc)
{
	iconv_t	 cd;

	if (strcasecmp(enc, "UTF-8") == 0)
		return;
	if ((cd = iconv_open("UTF-8", enc)) == (iconv_t)-1) {
		problem(v, "bag.bagit", "bagit.txt", "不支持的 "
		    "Tag-File-Character-Encoding \"%s\";请改为 UTF-8", enc);
		return;
	}
	iconv_close(cd);
	v->enc = xstrdup(enc);
}

/* The two fields of bagit.txt, from its lines. */
static void
bagit_fields(struct verify *v, struct lines *L, char **ver, char **enc)
{
	char	*line;

	while ((line = next_line(L)) != NULL) {
		if (strncmp(line, "BagIt-Version: ", 15) == 0)
			*ver = line + 15;
		else if (strncmp(line, "Tag-File-Character-Encoding: ",
		    29) == 0)
			*enc = line + 29;
		else if (*line != '\0')
			finding(v, SEV_ERROR, "bag.bagit", "bagit.txt", L->n,
			    "多余的一行;bagit.txt 只能有 BagIt-Version 和 "
			    "Tag-File-Character-Encoding 两行");
	}
}

/*
 * bagit.txt is UTF-8 without a byte-order mark and holds exactly
 * "BagIt-Version: M.N" and "Tag-File-Character-Encoding: ENC".
 */
static void
read_bagit(struct verify *v)
{
	struct lines	 L = { v, "bagit.txt", NULL, NULL, 0 };
	char		*text, *ver = NULL, *enc = NULL;
	size_t		 len;
	int		 missing;

	v->v1 = 1;
	if ((text = tag_read(v, "bagit.txt", &len, &missing)) == NULL) {
		if (missing)
			problem(v, "bag.bagit", "bagit.txt", "缺少这个文件;"
			    "没有它就不是 BagIt 档案包,请从备份恢复");
		v->no_bagit = 1;
		return;
	}
	L.p = text;
	L.end = text + len;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		problem(v, "bag.bagit", "bagit.txt", "以字节顺序标记(BOM)"
		    "开头;请存为不带 BOM 的 UTF-8");
		L.p += 3;
	}
	bagit_fields(v, &L, &ver, &enc);
	if (ver == NULL)
		problem(v, "bag.bagit", "bagit.txt", "没有 BagIt-Version 行");
	else if (!version_ok(ver))
		problem(v, "bag.bagit", "bagit.txt", "BagIt-Version \"%s\" "
		    "不是“主版本.次版本”", ver);
	else
		v->v1 = atoi(ver) >= 1;
	if (enc == NULL)
		problem(v, "bag.bagit", "bagit.txt", "没有 "
		    "Tag-File-Character-Encoding 行");
	else
		set_encoding(v, enc);
	free(text);
}

static int
manifest_cmp(const void *a, const void *b)
{
	const struct manifest *ma = a, *mb = b;

	if (ma->tag != mb->tag)
		return ma->tag - mb->tag;
	return strcmp(ma->name, mb->name);
}

/* Record name if it is "manifest-<alg>.txt" or "tagmanifest-<alg>.txt". */
static void
add_manifest(struct verify *v, const char *name)
{
	struct manifest	*m;
	const char	*alg;
	size_t		 len = strlen(name);
	int		 tag = 0;

	if (strncmp(name, "manifest-", 9) == 0)
		alg = name + 9;
	else if (strncmp(name, "tagmanifest-", 12) == 0) {
		alg = name + 12;
		tag = 1;
	} else
		return;
	if (len < 5 || strcmp(name + len - 4, ".txt") != 0 ||
	    alg >= name + len - 4)
		return;
	v->m = xgrow(v->m, &v->mcap, v->nm + 1, sizeof(*v->m));
	m = &v->m[v->nm++];
	memset(m, 0, sizeof(*m));
	m->name = xstrdup(name);
	m->alg = xstrndup(alg, (size_t)(name + len - 4 - alg));
	m->tag = tag;
	m->hexlen = digest_hexlen(m->alg);
}

/* An open folder of the bag as a directory stream (fd is consumed). */
static DIR *
dir_stream(struct verify *v, int fd, const char *rel)
{
	DIR	*d;

	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		sysfail(v, rel);
	}
	return d;
}

/* Find the manifests in the bag's top folder. */
static int
list_manifests(struct verify *v)
{
	struct dirent	*de;
	DIR		*d;
	int		 fd;

	if ((fd = dup(v->fd)) == -1 || (d = dir_stream(v, fd, NULL)) == NULL) {
		if (fd == -1)
			sysfail(v, NULL);
		return -1;
	}
	while ((de = readdir(d)) != NULL)
		add_manifest(v, de->d_name);
	closedir(d);
	if (v->nm > 0)
		qsort(v->m, v->nm, sizeof(*v->m), manifest_cmp);
	return 0;
}

/*
 * Decode a manifest path: %0D and %0A always (what every tool writes),
 * %25 only from BagIt 1.0 on, where RFC 8493 requires it; a leading
 * "./" is dropped (and *dot set).  Caller frees.
 */
static char *
path_decode(const struct verify *v, const char *s, int *dot)
{
	struct buf	 b = { NULL, 0, 0 };

	*dot = strncmp(s, "./", 2) == 0;
	if (*dot)
		s += 2;
	buf_add(&b, "", 0);
	while (*s != '\0') {
		if (strncasecmp(s, "%0D", 3) == 0)
			buf_addc(&b, '\r');
		else if (strncasecmp(s, "%0A", 3) == 0)
			buf_addc(&b, '\n');
		else if (v->v1 && strncmp(s, "%25", 3) == 0)
			buf_addc(&b, '%');
		else {
			buf_addc(&b, *s++);
			continue;
		}
		s += 3;
	}
	return b.s;
}

/* Whether s is hex of exactly the length the algorithm produces. */
static int
hash_ok(const struct manifest *m, const char *s)
{
	size_t	 n = strlen(s);

	return n == m->hexlen && strspn(s, "0123456789abcdefABCDEF") == n;
}

/* Whether a manifest may list path: payload ones data/..., tag ones not. */
static int
scope_ok(const struct manifest *m, const char *path)
{
	int	 payload = strncmp(path, "data/", 5) == 0;

	return bag_path_inside(path) && (m->tag ? !payload : payload);
}

/* Split "checksum path" (an optional '*' before the path); NULL if not. */
static char *
split_entry(char *line, const struct manifest *m)
{
	char	*p;

	p = line + strcspn(line, " \t");
	if (*p == '\0')
		return NULL;
	*p++ = '\0';
	p += strspn(p, " \t");
	if (*p == '*')
		p++;
	return *p == '\0' || !hash_ok(m, line) ? NULL : p;
}

/*
 * Parse line n of manifest m; a path starting with "./" counts in
 * *dots (a warning later, as other validators give).
 */
static void
parse_entry(struct verify *v, struct manifest *m, char *line, size_t n,
    size_t *dots)
{
	struct entry	*e;
	char		*p, *path;
	int		 dot;

	if ((p = split_entry(line, m)) == NULL) {
		finding(v, SEV_ERROR, "bag.manifest", m->name, n, "不是"
		    "“校验值 路径”格式;请按 BagIt 格式改正这一行");
		return;
	}
	path = path_decode(v, p, &dot);
	*dots += dot;
	if (!scope_ok(m, path)) {
		finding(v, SEV_ERROR, "bag.scope", m->name, n, "%s不能列出 "
		    "\"%s\"(路径须在包内%s)", m->tag ? "标签清单" : "清单",
		    path, m->tag ? ",且不在 data/ 下" : "的 data/ 下");
		free(path);
		return;
	}
	if (m->tag && strcmp(path, m->name) == 0) {
		free(path);
		return;
	}
	m->e = xgrow(m->e, &m->cap, m->n + 1, sizeof(*m->e));
	e = &m->e[m->n++];
	e->path = path;
	e->hash = xstrdup(line);
	e->line = n;
	e->m = m;
}

static int
entry_cmp(const void *a, const void *b)
{
	const struct entry *ea = a, *eb = b;
	int	 c = strcmp(ea->path, eb->path);

	if (c != 0)
		return c;
	return ea->line < eb->line ? -1 : ea->line > eb->line;
}

/*
 * Paths a manifest lists twice: an error, except that BagIt 0.97 bags
 * listing a file twice with the same checksum are accepted with a
 * warning (the second entry is dropped).
 */
static void
manifest_twice(struct verify *v, struct manifest *m)
{
	struct entry	*a, *b;
	size_t		 i, kept = m->n > 0;

	for (i = 1; i < m->n; i++) {
		a = &m->e[kept - 1];
		b = &m->e[i];
		if (strcmp(a->path, b->path) != 0) {
			m->e[kept++] = *b;
			continue;
		}
		if (v->v1 || strcasecmp(a->hash, b->hash) != 0) {
			finding(v, SEV_ERROR, "bag.twice", m->name, b->line,
			    "\"%s\" 列出两次(另见第 %zu 行);每个文件只能列"
			    "一次", b->path, a->line);
			m->e[kept++] = *b;
			continue;
		}
		finding(v, SEV_WARNING, "bag.twice-same", m->name, b->line,
		    "\"%s\" 列出两次(另见第 %zu 行),校验值相同;BagIt "
		    "1.0 不允许,重新打包时请去掉重复行", b->path, a->line);
		free(b->path);
		free(b->hash);
	}
	m->n = kept;
}

/* Read and parse one manifest. */
static void
load_manifest(struct verify *v, struct manifest *m)
{
	struct lines	 L = { v, m->name, NULL, NULL, 0 };
	char		*text, *line;
	size_t		 len, dots = 0;
	int		 missing;

	if (m->hexlen == 0) {
		problem(v, "bag.algorithm", m->name, "不支持的校验算法 \"%s\";"
		    "请用 sha256 或 sha512 重新打包", m->alg);
		return;
	}
	if ((text = tag_read(v, m->name, &len, &missing)) == NULL)
		return;
	L.p = text;
	L.end = text + len;
	while ((line = next_line(&L)) != NULL)
		if (*(line + strspn(line, " \t")) != '\0')
			parse_entry(v, m, line, L.n, &dots);
	free(text);
	if (dots > 0)
		finding(v, SEV_WARNING, "bag.relative-path", m->name, 0,
		    "%zu 个路径以 \"./\" 开头;BagIt 规定路径从包的根写起"
		    "(如 data/a.txt),重新打包时请去掉", dots);
	if (m->n > 0)
		qsort(m->e, m->n, sizeof(*m->e), entry_cmp);
	manifest_twice(v, m);
}

static void	 walk(struct verify *, int, const char *, int);

/* Bound on folder depth inside data/, far beyond any real bag. */
#define WALK_DEPTH	64

/* Take one entry of the payload: a folder is walked, the rest listed. */
static void
walk_entry(struct verify *v, int dir, const char *name, const char *rel,
    int depth)
{
	struct stat	 st;
	int		 fd;

	if (fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == -1) {
		sysfail(v, rel);
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		if (depth >= WALK_DEPTH)
			problem(v, "bag.depth", rel, "文件夹嵌套超过 %d 层,未"
			    "再往下读;请检查这个档案包", WALK_DEPTH);
		else if (open_at(dir, name, 1, &fd, &st) != OPEN_OK)
			sysfail(v, rel);
		else
			walk(v, fd, rel, depth + 1);
		return;
	}
	v->files = xgrow(v->files, &v->fcap, v->nf + 1, sizeof(*v->files));
	v->files[v->nf++] = xstrdup(rel);
	if (S_ISREG(st.st_mode))
		v->octets += (unsigned long long)st.st_size;
}

/*
 * Collect every entry under folder fd (rel inside the bag), depth
 * first, without following links.  fd is consumed.
 */
static void
walk(struct verify *v, int fd, const char *rel, int depth)
{
	struct dirent	*de;
	DIR		*d;
	char		*sub;

	if ((d = dir_stream(v, fd, rel)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		sub = xasprintf("%s/%s", rel, de->d_name);
		walk_entry(v, dirfd(d), de->d_name, sub, depth);
		free(sub);
	}
	closedir(d);
}

/* Walk data/, which must be a real folder of the bag. */
static void
walk_payload(struct verify *v)
{
	struct stat	 st;
	enum opened	 o;
	int		 fd;

	if ((o = open_at(v->fd, "data", 1, &fd, &st)) == OPEN_OK)
		walk(v, fd, "data", 0);
	else if (o == OPEN_MISSING)
		problem(v, "bag.missing", "data", "缺少 data 文件夹;"
		    "请从备份恢复");
	else
		refused(v, "data", o);
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Check one listed checksum against the open file fd. */
static int
check_hash(struct verify *v, const struct entry *e, int fd)
{
	char	 hex[DIGEST_HEX_MAX];

	if (lseek(fd, 0, SEEK_SET) == -1 ||
	    digest_fd(e->m->alg, fd, hex) != 0) {
		sysfail(v, e->path);
		return -1;
	}
	if (strcasecmp(hex, e->hash) != 0)
		problem(v, "bag.changed", e->path, "内容与清单不符(%s:%s "
		    "记为 %s,文件实为 %s);文件在打包后被改动或损坏,请从"
		    "备份恢复", e->m->alg, e->m->name, e->hash, hex);
	return 0;
}

/*
 * Check every checksum listed for one path (from each manifest of the
 * kind); one "missing" line however many manifests list it.
 */
static void
check_path(struct verify *v, struct entry **g, size_t n)
{
	struct stat	 st;
	enum opened	 o;
	size_t		 i;
	int		 fd;

	o = open_in_bag(v, g[0]->path, &fd, &st);
	if (o == OPEN_MISSING && v->no_bagit &&
	    strcmp(g[0]->path, "bagit.txt") == 0)
		return;
	if (o != OPEN_OK) {
		refused(v, g[0]->path, o);
		return;
	}
	for (i = 0; i < n; i++)
		if (check_hash(v, g[i], fd) == -1)
			break;
	close(fd);
	if (i == n && !g[0]->m->tag)
		v->verified++;
}

static int
entryp_cmp(const void *a, const void *b)
{
	const struct entry *ea = *(struct entry *const *)a;
	const struct entry *eb = *(struct entry *const *)b;
	int	 c = strcmp(ea->path, eb->path);

	if (c != 0)
		return c;
	if (ea->m != eb->m)
		return ea->m < eb->m ? -1 : 1;
	return ea->line < eb->line ? -1 : ea->line > eb->line;
}

/* Check the files listed by all payload (or all tag) manifests. */
static void
check_listed(struct verify *v, int tag)
{
	struct entry	**all = NULL;
	size_t		  n = 0, cap = 0, i, j;

	for (i = 0; i < v->nm; i++) {
		if (v->m[i].tag != tag)
			continue;
		for (j = 0; j < v->m[i].n; j++) {
			all = xgrow(all, &cap, n + 1, sizeof(*all));
			all[n++] = &v->m[i].e[j];
		}
	}
	if (n > 0)
		qsort(all, n, sizeof(*all), entryp_cmp);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n; j++)
			if (strcmp(all[i]->path, all[j]->path) != 0)
				break;
		check_path(v, all + i, j - i);
	}
	free(all);
}

static int
path_only_cmp(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->path,
	    ((const struct entry *)b)->path);
}

/* Whether manifest m lists path. */
static int
listed(const struct manifest *m, const char *path)
{
	struct entry	 key;

	key.path = (char *)path;
	key.line = 0;
	if (m->n == 0)
		return 0;
	return bsearch(&key, m->e, m->n, sizeof(*m->e), path_only_cmp) !=
	    NULL;
}

/*
 * Every payload file must be in every payload manifest whose algorithm
 * is supported; say which one when only some lack it.
 */
static void
check_unlisted(struct verify *v)
{
	size_t	 i, j, have, want;
	const struct manifest *lacking;

	for (i = 0; i < v->nf; i++) {
		have = want = 0;
		lacking = NULL;
		for (j = 0; j < v->nm; j++) {
			if (v->m[j].tag || v->m[j].hexlen == 0)
				continue;
			want++;
			if (listed(&v->m[j], v->files[i]))
				have++;
			else
				lacking = &v->m[j];
		}
		if (have == 0 && want > 0)
			problem(v, "bag.unlisted", v->files[i], "不在清单中;"
			    "这是打包后多出的文件,请移走或重新打包");
		else if (have < want)
			problem(v, "bag.unlisted", v->files[i], "不在 %s 中;"
			    "请重新打包", lacking->name);
	}
}

/* Parse "octets.count" strictly. */
static int
oxum_parse(const char *s, unsigned long long *octets,
    unsigned long long *count)
{
	char	*end;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	*octets = strtoull(s, &end, 10);
	if (errno != 0 || *end != '.' || !isdigit((unsigned char)end[1]))
		return -1;
	*count = strtoull(end + 1, &end, 10);
	return errno != 0 || *end != '\0' ? -1 : 0;
}

/* Trim blanks at both ends of s, in place. */
static char *
trim(char *s)
{
	size_t	 n;

	s += strspn(s, " \t");
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

/* One Payload-Oxum value at line n against what data/ holds. */
static void
oxum_line(struct verify *v, char *val, size_t n)
{
	unsigned long long octets, count;

	if (oxum_parse(val, &octets, &count) == -1)
		finding(v, SEV_ERROR, "bag.oxum", "bag-info.txt", n,
		    "Payload-Oxum \"%s\" 不是“字节数.文件数”", val);
	else if (octets != v->octets || count != v->nf)
		finding(v, SEV_ERROR, "bag.oxum", "bag-info.txt", n,
		    "Payload-Oxum 记为 %s,但 data/ 中实有 %llu.%zu;"
		    "有文件在打包后被增删或改动", val, v->octets, v->nf);
}

/* Payload-Oxum in bag-info.txt, when there, must match data/. */
static void
check_oxum(struct verify *v)
{
	struct lines	 L = { v, "bag-info.txt", NULL, NULL, 0 };
	char		*text, *line, *colon;
	size_t		 len;
	int		 missing;

	if ((text = tag_read(v, "bag-info.txt", &len, &missing)) == NULL)
		return;
	L.p = text;
	L.end = text + len;
	while ((line = next_line(&L)) != NULL) {
		if ((colon = strchr(line, ':')) == NULL)
			continue;
		*colon = '\0';
		if (strcasecmp(trim(line), "Payload-Oxum") == 0)
			oxum_line(v, trim(colon + 1), L.n);
	}
	free(text);
}

/* The path of a fetch.txt line "url length path"; NULL if there is none. */
static char *
fetch_path(char *f)
{
	f += strspn(f, " \t");
	f += strcspn(f, " \t");		/* url */
	f += strspn(f, " \t");
	f += strcspn(f, " \t");		/* length */
	f += strspn(f, " \t");
	return *f == '\0' ? NULL : f;
}

/*
 * fetch.txt, when there, is read as text only (nothing is fetched) and
 * may only name files inside the payload.
 */
static void
check_fetch(struct verify *v)
{
	struct lines	 L = { v, "fetch.txt", NULL, NULL, 0 };
	struct manifest	 payload;
	char		*text, *line, *f, *path;
	size_t		 len;
	int		 missing, dot;

	if ((text = tag_read(v, "fetch.txt", &len, &missing)) == NULL)
		return;
	memset(&payload, 0, sizeof(payload));
	L.p = text;
	L.end = text + len;
	while ((line = next_line(&L)) != NULL) {
		if (*(line + strspn(line, " \t")) == '\0')
			continue;
		if ((f = fetch_path(line)) == NULL) {
			finding(v, SEV_ERROR, "bag.fetch", "fetch.txt", L.n,
			    "不是“网址 长度 路径”格式");
			continue;
		}
		path = path_decode(v, f, &dot);
		if (!scope_ok(&payload, path))
			finding(v, SEV_ERROR, "bag.fetch", "fetch.txt", L.n,
			    "\"%s\" 不在包的 data/ 下,不能列出", path);
		free(path);
	}
	free(text);
}

static void
verify_free(struct verify *v)
{
	size_t	 i, j;

	for (i = 0; i < v->nm; i++) {
		for (j = 0; j < v->m[i].n; j++) {
			free(v->m[i].e[j].path);
			free(v->m[i].e[j].hash);
		}
		free(v->m[i].e);
		free(v->m[i].name);
		free(v->m[i].alg);
	}
	free(v->m);
	for (i = 0; i < v->nf; i++)
		free(v->files[i]);
	free(v->files);
	free(v->enc);
	free(v->bag);
	if (v->fd != -1)
		close(v->fd);
}

/*
 * Load every manifest; a bag needs at least one payload manifest, and
 * md5 alone is accepted with a warning (it no longer resists forgery).
 */
static void
load_manifests(struct verify *v)
{
	size_t	 i, payload = 0, md5 = 0;

	for (i = 0; i < v->nm; i++) {
		load_manifest(v, &v->m[i]);
		if (!v->m[i].tag) {
			payload++;
			md5 += strcasecmp(v->m[i].alg, "md5") == 0;
		}
	}
	if (payload == 0)
		problem(v, "bag.no-manifest", NULL, "没有清单文件 "
		    "manifest-<算法>.txt;这不是完整的 BagIt 档案包");
	else if (md5 == payload)
		finding(v, SEV_WARNING, "bag.md5-only", v->m[0].name, 0,
		    "只有 md5 校验值,md5 已能被人为伪造;请用 sha256 或 "
		    "sha512 重新打包");
}

int
bag_verify(const char *bagdir, struct diag *d, size_t *verified)
{
	struct verify	 v;
	size_t		 len = strlen(bagdir);

	memset(&v, 0, sizeof(v));
	if ((v.fd = open(bagdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		sys_warn(bagdir);
		return diag_system(d);
	}
	while (len > 1 && bagdir[len - 1] == '/')
		len--;
	v.bag = xstrndup(bagdir, len);
	v.d = d;
	read_bagit(&v);
	if (list_manifests(&v) == 0) {
		load_manifests(&v);
		walk_payload(&v);
		if (v.nf > 0)
			qsort(v.files, v.nf, sizeof(*v.files), str_cmp);
		check_listed(&v, 0);
		check_unlisted(&v);
		check_listed(&v, 1);
		check_oxum(&v);
		check_fetch(&v);
	}
	*verified = v.verified;
	verify_free(&v);
	return v.syserr ? diag_system(d) : 0;
}

void
bag_verify_summary(const char *bagdir, const struct diag *d,
    size_t verified, int rc, FILE *fp)
{
	size_t	 len = strlen(bagdir), errors = diag_count(d, SEV_ERROR);
	size_t	 warnings = diag_count(d, SEV_WARNING);

	struct buf	 b = { NULL, 0, 0 };

	while (len > 1 && bagdir[len - 1] == '/')
		len--;
	buf_add_escaped(&b, bagdir, len);
	fprintf(fp, "%s: ", b.s);
	buf_free(&b);
	if (rc != 0)
		fputs("读取出错,未能核验完\n", fp);
	else if (errors == 0)
		fprintf(fp, "%zu 个文件核验无误%s\n", verified,
		    warnings > 0 ? ",有警告" : "");
	else
		fprintf(fp, "%zu 处错误;档案包不完整或已改动,请从备份恢复\n",
		    errors);
}
