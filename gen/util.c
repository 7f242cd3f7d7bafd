/*
 * Allocation wrappers (failure is fatal here and nowhere else), the
 * growable buffer, system-error reporting, whole-file reads, UTF-8.
 */
#include <errno.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/*
 * The one fatal path: the program cannot go on (memory ran out, or a
 * library could not even start).  Allocates nothing, so it serves for
 * memory too; the status is the system-error one main.c documents.
 */
void
sys_fatal(const char *fmt, ...)
{
	va_list	 ap;

	fflush(stdout);
	fputs("sunlight: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_SYSTEM);
}

static void
oom(void)
{
	sys_fatal("内存不足;请关闭其他程序,或换一台内存更大的机器再运行");
}

void *
xmalloc(size_t n)
{
	void	*p = malloc(n ? n : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t sz)
{
	void	*p = calloc(n ? n : 1, sz ? sz : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n ? n : 1)) == NULL)
		oom();
	return p;
}

void *
xgrow(void *p, size_t *cap, size_t want, size_t sz)
{
	size_t	 c = *cap ? *cap : 8;

	if (want <= *cap)
		return p;
	while (c < want)
		c *= 2;
	if (c > SIZE_MAX / sz)
		oom();
	*cap = c;
	return xrealloc(p, c * sz);
}

/* qsort, skipped when v is already in order (as data usually is). */
void
sort_unless_ordered(void *v, size_t n, size_t size,
    int (*cmp)(const void *, const void *))
{
	const char	*p = v;
	size_t		 i;

	for (i = 1; i < n && cmp(p + (i - 1) * size, p + i * size) <= 0; i++)
		;
	if (i < n)
		qsort(v, n, size, cmp);
}

/* A block of an arena; the newest block comes first. */
struct arena_block {
	struct arena_block	*next;
	size_t			 size, used;
	max_align_t		 data[];
};

struct arena {
	struct arena_block	*head;
};

/* Blocks are this big, or as big as one allocation that is bigger. */
#define ARENA_BLOCK	(64 * 1024)

struct arena *
arena_new(void)
{
	return xcalloc(1, sizeof(struct arena));
}

void
arena_free(struct arena *a)
{
	struct arena_block	*b, *next;

	if (a == NULL)
		return;
	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

/*
 * n bytes at alignment align (a power of two) from the newest block, or
 * from a new one when it has no room; a new block of a big allocation
 * goes second, so the newest block's free room is not lost.
 */
static void *
arena_take(struct arena *a, size_t n, size_t align)
{
	struct arena_block	*b = a->head;
	size_t			 at = 0, size;

	if (b != NULL)
		at = (b->used + align - 1) & ~(align - 1);
	if (b == NULL || at > b->size || n > b->size - at) {
		size = n > ARENA_BLOCK / 4 ? n : ARENA_BLOCK;
		b = xmalloc(sizeof(*b) + size);
		b->size = size;
		b->used = at = 0;
		if (size == n && a->head != NULL) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	b->used = at + n;
	return (char *)b->data + at;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	return memset(arena_take(a, n, sizeof(max_align_t)), 0, n);
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char	*p = arena_take(a, n + 1, 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char	*p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	struct buf	 b = { NULL, 0, 0 };
	va_list		 ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	return b.s;
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	b->s = xgrow(b->s, &b->cap, b->len + n + 1, 1);
	if (n)
		memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addc(struct buf *b, int c)
{
	char	 ch = (char)c;

	buf_add(b, &ch, 1);
}

void
buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list	 aq;
	int	 n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		oom();
	b->s = xgrow(b->s, &b->cap, b->len + (size_t)n + 1, 1);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->s != NULL)
		b->s[0] = '\0';
}

void
buf_free(struct buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

/*
 * A terminal obeys control characters in what it is shown: a file
 * named "\e[2J..." would clear the screen.  C0 controls and DEL become
 * \xHH, C1 controls (U+0080-U+009F) \u00HH; everything else is kept.
 */
void
buf_add_escaped(struct buf *b, const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i;

	buf_add(b, "", 0);
	for (i = 0; i < len; i++) {
		if (p[i] < 0x20 || p[i] == 0x7f)
			buf_addf(b, "\\x%02x", p[i]);
		else if (p[i] == 0xc2 && i + 1 < len && p[i + 1] >= 0x80 &&
		    p[i + 1] <= 0x9f)
			buf_addf(b, "\\u00%02x", p[++i]);
		else
			buf_addc(b, p[i]);
	}
}

/*
 * What went wrong, in the words of the person at the keyboard, with
 * what to do where there is something to do; strerror's English for
 * the rare rest.
 */
const char *
sys_errstr(int e)
{
	switch (e) {
	case ENOENT:
		return "没有这个文件或文件夹,请检查路径";
	case EACCES:
	case EPERM:
		return "没有权限,请检查文件或文件夹的权限";
	case ENOSPC:
		return "磁盘空间不足,请腾出空间后再运行";
	case EDQUOT:
		return "超出了磁盘配额,请腾出空间后再运行";
	case EROFS:
		return "磁盘是只读的,请换一个可写的文件夹";
	case ENOTDIR:
		return "路径中有一段不是文件夹,请检查路径";
	case EFBIG:
		return "文件超过了系统允许的大小";
	case EISDIR:
		return "这是一个文件夹,不是文件";
	case EEXIST:
		return "已经存在";
	case ENOTEMPTY:
		return "文件夹不是空的";
	case EMFILE:
	case ENFILE:
		return "同时打开的文件太多";
	case ENOMEM:
		return "内存不足";
	case EIO:
		return "读写磁盘出错,磁盘可能已损坏";
	case ELOOP:
		return "符号链接层数太多";
	case ENAMETOOLONG:
		return "文件名太长";
	case EBUSY:
	case ETXTBSY:
		return "正被其他程序占用";
	default:
		return strerror(e);
	}
}

void
sys_warn(const char *path)
{
	sys_warnx("%s: %s", path, sys_errstr(errno));
}

void
sys_warnx(const char *fmt, ...)
{
	struct buf	 raw = { NULL, 0, 0 }, out = { NULL, 0, 0 };
	va_list		 ap;

	va_start(ap, fmt);
	buf_vaddf(&raw, fmt, ap);
	va_end(ap);
	buf_adds(&out, "sunlight: ");
	buf_add_escaped(&out, raw.s, raw.len);
	buf_addc(&out, '\n');
	fwrite(out.s, 1, out.len, stderr);
	buf_free(&raw);
	buf_free(&out);
}

char *
file_read(const char *path, size_t *len)
{
	struct buf	 b = { NULL, 0, 0 };
	char		 chunk[65536];
	size_t		 n;
	FILE		*fp;
	int		 e;

	if ((fp = fopen(path, "rb")) == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_add(&b, chunk, n);
	if (ferror(fp)) {
		e = errno;
		fclose(fp);
		buf_free(&b);
		errno = e;
		return NULL;
	}
	fclose(fp);
	if (b.s == NULL)
		buf_add(&b, "", 0);
	*len = b.len;
	return b.s;
}

long
utf8_next(const char **pp, const char *end)
{
	const unsigned char	*p = (const unsigned char *)*pp;
	const unsigned char	*e = (const unsigned char *)end;
	long			 c;
	int			 n, i;

	if (p >= e)
		return -1;
	if (p[0] < 0x80) {
		*pp += 1;
		return p[0];
	} else if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		n = 1; c = p[0] & 0x1F;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		n = 2; c = p[0] & 0x0F;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		n = 3; c = p[0] & 0x07;
	} else
		return -1;
	if (e - p <= n)
		return -1;
	for (i = 1; i <= n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return -1;
		c = (c << 6) | (p[i] & 0x3F);
	}
	if ((n == 2 && c < 0x800) || (n == 3 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return -1;
	*pp += n + 1;
	return c;
}

size_t
utf8_len(const char *s)
{
	const char	*e = s + strlen(s);
	size_t		 n = 0;

	while (s < e) {
		if (utf8_next(&s, e) < 0)
			s++;
		n++;
	}
	return n;
}

const char *
skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

int
skip_prefix(const char **s, const char *prefix)
{
	const char	*p = *s;

	/* Compared as it goes: most calls stop at the first byte. */
	while (*prefix != '\0' && *p == *prefix) {
		p++;
		prefix++;
	}
	if (*prefix != '\0')
		return 0;
	*s = p;
	return 1;
}

void
worker_follow_parent(pid_t parent)
{
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1 || getppid() != parent)
		_exit(3);
}

const char *
opt_name(char *buf, size_t len, char *const argv[],
    const struct option *longopts, int idx, int c)
{
	const char	*w = optind > 0 ? argv[optind - 1] : "";
	int		 lng = strncmp(w, "--", 2) == 0;

	if (c == '?' && (optopt == 0 || (lng && strchr(w, '=') != NULL)))
		snprintf(buf, len, "%s", w);
	else if (c == ':' && lng)
		snprintf(buf, len, "%s", w);
	else if (c == '?' || c == ':')
		snprintf(buf, len, "-%c", optopt);
	else if (idx >= 0)
		snprintf(buf, len, "--%s", longopts[idx].name);
	else
		snprintf(buf, len, "-%c", c);
	return buf;
}

void
opt_refused(char *const argv[], const struct option *longopts, int idx,
    int c)
{
	char	 name[64];

	opt_name(name, sizeof(name), argv, longopts, idx, c);
	if (c == ':')
		sys_warnx("选项 %s 后面要跟一个值", name);
	else
		sys_warnx("%s 命令没有 \"%s\" 这个选项", argv[0], name);
}

int
folder_given(const char *path, const char *what, const char *hint)
{
	struct stat	 st;

	if (stat(path, &st) != 0) {
		if (errno != ENOENT && errno != ENOTDIR)
			return 1;
		sys_warnx("%s: 没有这个%s;%s", path, what, hint);
		return 0;
	}
	if (S_ISDIR(st.st_mode))
		return 1;
	sys_warnx("%s: 这是文件,不是%s;%s", path, what, hint);
	return 0;
}
