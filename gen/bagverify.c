/*
 * Verifying BagIt bags, ours and those of other tools.  See bag.h for
 * the contract.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"
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
	FILE		*out;
	size_t		 problems;
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

/* A path for the report: CR and LF shown encoded, one problem a line. */
static void
put_path(FILE *out, const char *p)
{
	for (; *p != '\0'; p++) {
		if (*p == '\r')
			fputs("%0D", out);
		else if (*p == '\n')
			fputs("%0A", out);
		else
			putc(*p, out);
	}
}

/* Report one problem as "<bag>/<rel>: <message>" (rel may be NULL). */
static void
problem(struct verify *v, const char *rel, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
problem(struct verify *v, const char *rel, const char *fmt, ...)
{
	va_list	 ap;

	put_path(v->out, v->bag);
	if (rel != NULL) {
		putc('/', v->out);
		put_path(v->out, rel);
	}
	fputs(": ", v->out);
	va_start(ap, fmt);
	vfprintf(v->out, fmt, ap);
	va_end(ap);
	putc('\n', v->out);
	v->problems++;
}

/* Report "<bag>/<rel>: <what>: <path>", the path shown as put_path does. */
static void
problem_path(struct verify *v, const char *rel, const char *what,
    const char *path)
{
	put_path(v->out, v->bag);
	putc('/', v->out);
	put_path(v->out, rel);
	fprintf(v->out, ": %s: ", what);
	put_path(v->out, path);
	putc('\n', v->out);
	v->problems++;
}

/* A problem at line n of tag file rel, about path unless it is NULL. */
static void
problem_at(struct verify *v, const char *rel, size_t n, const char *what,
    const char *path)
{
	char	*at = xasprintf("%s:%zu", rel, n);

	if (path != NULL)
		problem_path(v, at, what, path);
	else
		problem(v, at, "%s", what);
	free(at);
}

static void
sysfail(struct verify *v, const char *path)
{
	sys_warn(path);
	v->syserr = 1;
}

/* A system error on file rel of the bag. */
static void
sysfail_rel(struct verify *v, const char *rel)
{
	char	*full = xasprintf("%s/%s", v->bag, rel);

	sysfail(v, full);
	free(full);
}

/* Next line of text at *p, split on LF, CRLF or CR; NULL at the end. */
static char *
next_line(char **p)
{
	char	*s = *p, *e;

	if (*s == '\0')
		return NULL;
	e = s + strcspn(s, "\r\n");
	if (e[0] == '\r' && e[1] == '\n') {
		*e = '\0';
		*p = e + 2;
	} else if (*e != '\0') {
		*e = '\0';
		*p = e + 1;
	} else
		*p = e;
	return s;
}

/* Convert a tag file from the bag's declared encoding to UTF-8. */
static char *
tag_decode(struct verify *v, const char *rel, char *raw, size_t len)
{
	struct buf	 b = { NULL, 0, 0 };
	char		 chunk[4096], *in = raw, *o;
	size_t		 inleft = len, oleft, r;
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
			problem(v, rel, "not valid %s text", v->enc);
			break;
		}
	}
	iconv_close(cd);
	free(raw);
	return b.s;
}

/*
 * Read tag file rel as UTF-8 text; NULL with errno set when it cannot
 * be read (ENOENT when absent).  Caller frees.
 */
static char *
tag_read(struct verify *v, const char *rel)
{
	char	*path, *raw;
	size_t	 len;

	path = xasprintf("%s/%s", v->bag, rel);
	raw = file_read(path, &len);
	free(path);
	if (raw == NULL)
		return NULL;
	return tag_decode(v, rel, raw, len);
}

/* "M.N" with digits only, as bagit.txt must declare it. */
static int
version_ok(const char *s)
{
	size_t	 a = strspn(s, "0123456789"), b;

	if (a == 0 || s[a] != '.')
		return 0;
	b = strspn(s + a + 1, "0123456789");
	return b > 0 && s[a + 1 + b] == '\0';
}

/* Check the encoding bagit.txt declares and remember it if not UTF-8. */
static void
set_encoding(struct verify *v, const char *enc)
{
	iconv_t	 cd;

	if (strcasecmp(enc, "UTF-8") == 0)
		return;
	if ((cd = iconv_open("UTF-8", enc)) == (iconv_t)-1) {
		problem(v, "bagit.txt",
		    "unsupported Tag-File-Character-Encoding \"%s\"", enc);
		return;
	}
	iconv_close(cd);
	v->enc = xstrdup(enc);
}

/*
 * bagit.txt is UTF-8 without a byte-order mark and holds exactly
 * "BagIt-Version: M.N" and "Tag-File-Character-Encoding: ENC".
 */
static void
read_bagit(struct verify *v)
{
	char	*text, *p, *line, *ver = NULL, *enc = NULL;
	size_t	 n = 0, len;

	p = xasprintf("%s/bagit.txt", v->bag);
	text = file_read(p, &len);
	if (text == NULL && errno == ENOENT) {
		problem(v, "bagit.txt", "missing");
		v->no_bagit = 1;
	} else if (text == NULL)
		sysfail(v, p);
	free(p);
	v->v1 = 1;
	if (text == NULL)
		return;
	p = text;
	if (strncmp(p, "\xEF\xBB\xBF", 3) == 0) {
		problem(v, "bagit.txt", "starts with a byte-order mark");
		p += 3;
	}
	while ((line = next_line(&p)) != NULL) {
		n++;
		if (strncmp(line, "BagIt-Version: ", 15) == 0)
			ver = line + 15;
		else if (strncmp(line, "Tag-File-Character-Encoding: ",
		    29) == 0)
			enc = line + 29;
		else if (*line != '\0')
			problem_at(v, "bagit.txt", n, "unexpected line", NULL);
	}
	if (ver == NULL)
		problem(v, "bagit.txt", "no BagIt-Version");
	else if (!version_ok(ver))
		problem(v, "bagit.txt", "bad BagIt-Version \"%s\"", ver);
	else
		v->v1 = atoi(ver) >= 1;
	if (enc == NULL)
		problem(v, "bagit.txt", "no Tag-File-Character-Encoding");
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

/* Find the manifests in the bag's top folder. */
static int
list_manifests(struct verify *v)
{
	struct dirent	*de;
	DIR		*d;

	if ((d = opendir(v->bag)) == NULL) {
		sysfail(v, v->bag);
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
 * "./" is dropped.  Caller frees.
 */
static char *
path_decode(const struct verify *v, const char *s)
{
	struct buf	 b = { NULL, 0, 0 };

	if (strncmp(s, "./", 2) == 0)
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

	return n == m->hexlen &&
	    strspn(s, "0123456789abcdefABCDEF") == n;
}

/* Whether a manifest may list path: payload ones data/..., tag ones not. */
static int
scope_ok(const struct manifest *m, const char *path)
{
	int	 payload = strncmp(path, "data/", 5) == 0;

	return bag_path_inside(path) && (m->tag ? !payload : payload);
}

/*
 * Parse "checksum path": one or more blanks between them, and an
 * optional '*' before the path (the binary-mode mark of md5sum and
 * friends).
 */
static void
parse_entry(struct verify *v, struct manifest *m, char *line, size_t n)
{
	struct entry	*e;
	char		*p, *path;

	p = line + strcspn(line, " \t");
	if (*p == '\0') {
		problem_at(v, m->name, n, "not \"checksum path\"", NULL);
		return;
	}
	*p++ = '\0';
	p += strspn(p, " \t");
	if (*p == '*')
		p++;
	if (*p == '\0' || !hash_ok(m, line)) {
		problem_at(v, m->name, n, "not \"checksum path\"", NULL);
		return;
	}
	path = path_decode(v, p);
	if (!scope_ok(m, path)) {
		problem_at(v, m->name, n, m->tag ? "not a tag file" :
		    "not a payload file", path);
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

/* Read and parse one manifest; report paths it lists twice. */
static void
load_manifest(struct verify *v, struct manifest *m)
{
	char	*text, *p, *line;
	size_t	 n = 0, i;

	if (m->hexlen == 0) {
		problem(v, m->name, "unsupported checksum algorithm \"%s\"",
		    m->alg);
		return;
	}
	if ((text = tag_read(v, m->name)) == NULL) {
		sysfail_rel(v, m->name);
		return;
	}
	p = text;
	while ((line = next_line(&p)) != NULL)
		if (*(line + strspn(line, " \t")) != '\0')
			parse_entry(v, m, line, ++n);
		else
			n++;
	free(text);
	if (m->n > 0)
		qsort(m->e, m->n, sizeof(*m->e), entry_cmp);
	for (i = 1; i < m->n; i++)
		if (strcmp(m->e[i - 1].path, m->e[i].path) == 0)
			problem_path(v, m->name, "listed twice",
			    m->e[i].path);
}

/* Size of a payload file for Payload-Oxum; links count as their target. */
static unsigned long long
payload_size(const char *full, const struct stat *lst)
{
	struct stat	 st;

	if (S_ISLNK(lst->st_mode))
		return stat(full, &st) == 0 ? (unsigned long long)st.st_size : 0;
	return (unsigned long long)lst->st_size;
}

static void	 walk(struct verify *, const char *);

/* Take one entry of the payload: a file is listed, a folder walked. */
static void
walk_entry(struct verify *v, char *sub)
{
	struct stat	 st;
	char		*full;

	full = xasprintf("%s/%s", v->bag, sub);
	if (lstat(full, &st) == -1) {
		sysfail(v, full);
		free(sub);
	} else if (S_ISDIR(st.st_mode)) {
		walk(v, sub);
		free(sub);
	} else {
		v->files = xgrow(v->files, &v->fcap, v->nf + 1,
		    sizeof(*v->files));
		v->files[v->nf++] = sub;
		v->octets += payload_size(full, &st);
	}
	free(full);
}

/* Collect every file under rel (a folder of the payload), depth first. */
static void
walk(struct verify *v, const char *rel)
{
	struct dirent	*de;
	DIR		*d;
	char		*full;

	full = xasprintf("%s/%s", v->bag, rel);
	if ((d = opendir(full)) == NULL) {
		if (errno == ENOENT && strcmp(rel, "data") == 0)
			problem(v, "data", "missing");
		else
			sysfail(v, full);
		free(full);
		return;
	}
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			walk_entry(v, xasprintf("%s/%s", rel, de->d_name));
	closedir(d);
	free(full);
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Check every checksum listed for one path (from each manifest of the
 * kind); one "missing" line however many manifests list it.
 */
static void
check_path(struct verify *v, struct entry **g, size_t n)
{
	char		 hex[DIGEST_HEX_MAX], *full;
	struct stat	 st;
	size_t		 i;

	full = xasprintf("%s/%s", v->bag, g[0]->path);
	if (lstat(full, &st) == -1) {
		if (errno != ENOENT && errno != ENOTDIR)
			sysfail(v, full);
		else if (!v->no_bagit || strcmp(g[0]->path, "bagit.txt"))
			problem(v, g[0]->path, "missing");
		free(full);
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		problem(v, g[0]->path, "a folder, not a file");
		free(full);
		return;
	}
	for (i = 0; i < n; i++) {
		if (digest_file(g[i]->m->alg, full, hex) == -1) {
			sysfail(v, full);
			free(full);
			return;
		}
		if (strcasecmp(hex, g[i]->hash) != 0)
			problem(v, g[i]->path, "changed (%s: %s lists %s, "
			    "file has %s)", g[i]->m->alg, g[i]->m->name,
			    g[i]->hash, hex);
	}
	if (!g[0]->m->tag)
		v->verified++;
	free(full);
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
			problem(v, v->files[i], "not in manifest");
		else if (have < want)
			problem(v, v->files[i], "not in %s", lacking->name);
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

/* Payload-Oxum in bag-info.txt, when there, must match data/. */
static void
check_oxum(struct verify *v)
{
	unsigned long long octets, count;
	char		*text, *p, *line, *colon, *val;

	if ((text = tag_read(v, "bag-info.txt")) == NULL) {
		if (errno != ENOENT)
			sysfail_rel(v, "bag-info.txt");
		return;
	}
	p = text;
	while ((line = next_line(&p)) != NULL) {
		if ((colon = strchr(line, ':')) == NULL)
			continue;
		*colon = '\0';
		if (strcasecmp(trim(line), "Payload-Oxum") != 0)
			continue;
		val = trim(colon + 1);
		if (oxum_parse(val, &octets, &count) == -1)
			problem(v, "bag-info.txt", "bad Payload-Oxum \"%s\"",
			    val);
		else if (octets != v->octets || count != v->nf)
			problem(v, "bag-info.txt", "Payload-Oxum %s, but "
			    "data/ holds %llu.%zu", val, v->octets, v->nf);
	}
	free(text);
}

/* fetch.txt, when there, may only name files inside the payload. */
static void
check_fetch(struct verify *v)
{
	struct manifest	 payload;
	char		*text, *p, *line, *path, *f;
	size_t		 n = 0;

	if ((text = tag_read(v, "fetch.txt")) == NULL) {
		if (errno != ENOENT)
			sysfail_rel(v, "fetch.txt");
		return;
	}
	memset(&payload, 0, sizeof(payload));
	p = text;
	while ((line = next_line(&p)) != NULL) {
		n++;
		f = line + strspn(line, " \t");
		if (*f == '\0')
			continue;
		f += strcspn(f, " \t");		/* url */
		f += strspn(f, " \t");
		f += strcspn(f, " \t");		/* length */
		f += strspn(f, " \t");
		if (*f == '\0') {
			problem_at(v, "fetch.txt", n,
			    "not \"url length path\"", NULL);
			continue;
		}
		path = path_decode(v, f);
		if (!scope_ok(&payload, path))
			problem_at(v, "fetch.txt", n, "not a payload file",
			    path);
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
}

/* Load every manifest; a bag needs at least one payload manifest. */
static void
load_manifests(struct verify *v)
{
	size_t	 i, payload = 0;

	for (i = 0; i < v->nm; i++) {
		load_manifest(v, &v->m[i]);
		if (!v->m[i].tag)
			payload++;
	}
	if (payload == 0)
		problem(v, NULL, "no payload manifest (manifest-<algorithm>.txt)");
}

/* The closing line of the report; the exit status. */
static int
verify_end(struct verify *v)
{
	if (v->syserr)
		fprintf(v->out, "%s: not verified, read errors\n", v->bag);
	else if (v->problems == 0)
		fprintf(v->out, "%s: %zu file%s verified, OK\n", v->bag,
		    v->verified, v->verified == 1 ? "" : "s");
	else
		fprintf(v->out, "%s: %zu problem%s\n", v->bag, v->problems,
		    v->problems == 1 ? "" : "s");
	if (fflush(v->out) == EOF || ferror(v->out)) {
		sys_warn("stdout");
		return EXIT_SYSTEM;
	}
	if (v->syserr)
		return EXIT_SYSTEM;
	return v->problems ? 1 : 0;
}

int
bag_verify(const char *bagdir, FILE *report)
{
	struct verify	 v;
	struct stat	 st;
	size_t		 len = strlen(bagdir);
	int		 rc;

	if (stat(bagdir, &st) == -1 ||
	    (!S_ISDIR(st.st_mode) && (errno = ENOTDIR))) {
		sys_warn(bagdir);
		return EXIT_SYSTEM;
	}
	memset(&v, 0, sizeof(v));
	while (len > 1 && bagdir[len - 1] == '/')
		len--;
	v.bag = xstrndup(bagdir, len);
	v.out = report;
	read_bagit(&v);
	if (list_manifests(&v) == 0) {
		load_manifests(&v);
		walk(&v, "data");
		if (v.nf > 0)
			qsort(v.files, v.nf, sizeof(*v.files), str_cmp);
		check_listed(&v, 0);
		check_unlisted(&v);
		check_listed(&v, 1);
		check_oxum(&v);
		check_fetch(&v);
	}
	rc = verify_end(&v);
	verify_free(&v);
	return rc;
}
