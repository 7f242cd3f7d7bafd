/*
 * Text sources to UTF-8, and CSV to positioned records.
 */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <csv.h>

#include "date.h"
#include "table.h"
#include "util.h"

/* Line and column (1-based, in bytes) of offset off in s. */
static void
position(const unsigned char *s, size_t off, int *line, int *col)
{
	size_t	 i, bol = 0;

	*line = 1;
	for (i = 0; i < off; i++)
		if (s[i] == '\n') {
			(*line)++;
			bol = i + 1;
		}
	*col = (int)(off - bol) + 1;
}

/*
 * Convert GB18030 to UTF-8 with iconv.  Returns the converted text, or
 * NULL with *bad set to the offset of the first unconvertible byte.
 */
static char *
from_gb18030(const unsigned char *s, size_t len, size_t *outlen, size_t *bad)
{
	iconv_t		 cd;
	struct buf	 b = { NULL, 0, 0 };
	char		 chunk[8192], *in = (char *)s, *out;
	size_t		 inleft = len, outleft, r;

	if ((cd = iconv_open("UTF-8", "GB18030")) == (iconv_t)-1) {
		sys_fatal("iconv GB18030: %s", sys_errstr(errno));
	}
	buf_add(&b, "", 0);
	while (inleft > 0) {
		out = chunk;
		outleft = sizeof(chunk);
		r = iconv(cd, &in, &inleft, &out, &outleft);
		buf_add(&b, chunk, sizeof(chunk) - outleft);
		if (r == (size_t)-1 && errno != E2BIG) {
			*bad = (size_t)(in - (char *)s);
			iconv_close(cd);
			buf_free(&b);
			return NULL;
		}
	}
	iconv_close(cd);
	*outlen = b.len;
	return b.s;
}

/*
 * UTF-16 with a byte order mark: what Excel saves as "Unicode 文本"
 * (tab-separated).  Converted whole; an error at the first bad unit.
 */
static char *
from_utf16(struct source *src, size_t *len, struct diag *d)
{
	iconv_t		 cd;
	struct buf	 b = { NULL, 0, 0 };
	char		 chunk[8192], *in = (char *)src->bytes + 2, *out;
	size_t		 inleft = src->len - 2, outleft, r;

	if ((cd = iconv_open("UTF-8", src->bytes[0] == 0xFF ? "UTF-16LE" :
	    "UTF-16BE")) == (iconv_t)-1) {
		sys_fatal("iconv UTF-16: %s", sys_errstr(errno));
	}
	buf_add(&b, "", 0);
	while (inleft > 0) {
		out = chunk;
		outleft = sizeof(chunk);
		r = iconv(cd, &in, &inleft, &out, &outleft);
		buf_add(&b, chunk, sizeof(chunk) - outleft);
		if (r == (size_t)-1 && errno != E2BIG) {
			diag_add(d, SEV_ERROR, "input.text", src->path, 0, 0,
			    "UTF-16 文本在第 %zu 字节处无法解码;请另存为"
			    "“CSV UTF-8”", (size_t)(in - (char *)src->bytes));
			iconv_close(cd);
			buf_free(&b);
			return NULL;
		}
	}
	iconv_close(cd);
	src->encoding = "UTF-16";
	*len = b.len;
	return b.s;
}

/* Is c a control byte that no exported text holds? */
static int
is_control(unsigned char c)
{
	return (c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7F;
}

/* Offset of the first control byte other than tab, CR, LF; or len. */
static size_t
control_byte(const unsigned char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if (is_control(s[i]))
			return i;
	return len;
}

/*
 * Report every U+FFFE and U+FFFF in text: XML 1.0 cannot hold them, so
 * the model document in private/ and in the archive would not parse.
 * (C0 controls are refused as binary data before this; surrogates are
 * not valid UTF-8.)  Returns how many there were.
 */
static size_t
xml_forbidden(const struct source *src, const char *text, size_t len,
    struct diag *d)
{
	const unsigned char	*s = (const unsigned char *)text;
	size_t			 i, n = 0;
	int			 line, col;

	for (i = 0; i + 2 < len; i++) {
		if (s[i] != 0xEF || s[i + 1] != 0xBF ||
		    (s[i + 2] != 0xBE && s[i + 2] != 0xBF))
			continue;
		position(s, i, &line, &col);
		diag_add(d, SEV_ERROR, "input.xml-char", src->path, line, col,
		    "字符 U+%04X 不是合法的文本字符(XML 1.0 不允许),无法"
		    "存档;请删除它,它常随从其他软件粘贴的文字带入",
		    s[i + 2] == 0xBE ? 0xFFFE : 0xFFFF);
		n++;
	}
	return n;
}

/* What one pass over decoded text found (offsets are len when nothing). */
struct textscan {
	size_t	 bad;		/* the first byte that is not valid UTF-8 */
	size_t	 ctl;		/* the first control byte other than tab, CR, LF */
	int	 forbidden;	/* is there a U+FFFE or U+FFFF */
};

/*
 * Is p (before e) a three-byte sequence led by 0xE1-0xEC?  Those are
 * valid whatever their continuation bytes (U+1000-U+CFFF), and they
 * are nearly every Chinese character: checked in place.
 */
static int
common3(const unsigned char *p, const unsigned char *e)
{
	return p[0] >= 0xE1 && p[0] <= 0xEC && e - p >= 3 &&
	    (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80;
}

/*
 * Scan UTF-8 text once for what table_decode refuses or reports:
 * invalid UTF-8 (the scan stops there), control bytes, U+FFFE and
 * U+FFFF.  One pass instead of one a question.
 */
static void
text_scan(const unsigned char *s, size_t len, struct textscan *ts)
{
	const unsigned char	*p = s, *e = s + len;
	const char		*q;
	long			 c;

	ts->ctl = len;
	ts->forbidden = 0;
	while (p < e) {
		if (*p >= 0x20 && *p < 0x7F) {
			p++;
		} else if (*p < 0x80) {
			if (is_control(*p) && ts->ctl == len)
				ts->ctl = (size_t)(p - s);
			p++;
		} else if (common3(p, e)) {
			p += 3;
		} else {
			q = (const char *)p;
			if ((c = utf8_next(&q, (const char *)e)) < 0) {
				ts->bad = (size_t)(p - s);
				return;
			}
			ts->forbidden |= c == 0xFFFE || c == 0xFFFF;
			p = (const unsigned char *)q;
		}
	}
	ts->bad = len;
}

/* Report text's first control byte at offset bad as not text. */
static void
not_text(const struct source *src, const char *text, size_t bad,
    struct diag *d)
{
	int	 line, col;

	position((const unsigned char *)text, bad, &line, &col);
	diag_add(d, SEV_ERROR, "input.text", src->path, line, col,
	    "不是文本文件(有控制字符 0x%02X);请确认这是导出的 CSV,"
	    "不是改了扩展名的其他文件",
	    (unsigned char)text[bad]);
}

/*
 * Text that is not UTF-8: GB18030 when it converts, else an error at
 * the byte where the likelier reading stopped.  off is the BOM's size,
 * bad the first byte that is not UTF-8 after it.
 */
static char *
not_utf8(struct source *src, size_t off, size_t bad, size_t *len,
    struct diag *d)
{
	const unsigned char	*s = src->bytes;
	size_t			 gbbad = 0;
	char			*text;
	int			 line, col;

	if (off == 0 && (text = from_gb18030(s, src->len, len, &gbbad)) !=
	    NULL) {
		src->encoding = "GB18030";
		if ((bad = control_byte((unsigned char *)text, *len)) != *len) {
			not_text(src, text, bad, d);
			free(text);
			return NULL;
		}
		(void)xml_forbidden(src, text, *len, d);
		return text;
	}
	/* The reading that got further is the likelier one. */
	if (off == 0 && gbbad > bad)
		bad = gbbad;
	position(s, bad + off, &line, &col);
	diag_add(d, SEV_ERROR, "input.text", src->path, line, col,
	    "文字编码无法识别(字节 0x%02X);请在 Excel 或 WPS 中另存为"
	    "“CSV UTF-8”",
	    s[bad + off]);
	return NULL;
}

const char *
table_text(struct source *src, size_t *len, char **own, struct diag *d)
{
	const unsigned char	*s = src->bytes;
	size_t			 n = src->len, off = 0;
	struct textscan		 ts;
	const char		*text;

	*own = NULL;
	if (n >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) ||
	    (s[0] == 0xFE && s[1] == 0xFF)))
		return *own = from_utf16(src, len, d);
	if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
		off = 3;
		src->encoding = "UTF-8 with BOM";
	} else
		src->encoding = "UTF-8";
	text_scan(s + off, n - off, &ts);
	if (ts.bad != n - off)
		return *own = not_utf8(src, off, ts.bad, len, d);
	text = (const char *)s + off;
	*len = n - off;
	if (ts.ctl != *len) {
		not_text(src, text, ts.ctl, d);
		return NULL;
	}
	if (ts.forbidden)
		(void)xml_forbidden(src, text, *len, d);
	return text;
}

char *
table_decode(struct source *src, size_t *len, struct diag *d)
{
	const char	*text;
	char		*own;

	if ((text = table_text(src, len, &own, d)) == NULL || own != NULL)
		return own;
	return xstrndup(text, *len);
}

/* State while feeding libcsv one line at a time. */
struct reader {
	const char	*path;
	struct diag	*d;
	struct csvrec	*recs;
	size_t		 n, cap;
	struct arena	*arena;		/* holds every cell's text */
	struct csvcell	*cells;		/* every record's cells, one block */
	size_t		 nkept;		/* cells of the records kept */
	size_t		 ncells, cellcap;	/* the record being built: after nkept */
	int		 line;		/* line being fed */
	int		 fstart;	/* line where the current field began */
	int		 rstart;	/* line where the current record began */
	int		 errors;
	unsigned char	 delim;		/* ',' or, for tab-separated text, '\t' */
};

static int	 cell_plain(const char *, size_t);

/* len cut back to at most max without splitting a UTF-8 sequence. */
static size_t
utf8_cut(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

/*
 * Keep one cell.  A cell over TABLE_CELL_MAX is an error at its place
 * and is kept cut to the limit, so no later stage typesets a book from
 * one memo.
 */
static void
on_field(void *s, size_t len, void *arg)
{
	struct reader	*r = arg;
	struct csvcell	*c;

	if (s == NULL)
		len = 0;
	if (len > TABLE_CELL_MAX) {
		diag_add(r->d, SEV_ERROR, "input.cell-size", r->path,
		    r->fstart, (int)r->ncells + 1, "单元格有 %zu 字节,超过 "
		    "%d 字节(%d KB)的上限;一格只写一两句话,详情请写进工作"
		    "总结或另附文件", len, TABLE_CELL_MAX,
		    TABLE_CELL_MAX / 1024);
		r->errors++;
		len = utf8_cut(s, len, TABLE_CELL_MAX);
	}
	r->cells = xgrow(r->cells, &r->cellcap, r->nkept + r->ncells + 1,
	    sizeof(*c));
	c = &r->cells[r->nkept + r->ncells++];
	c->s = arena_strndup(r->arena, s != NULL ? s : "", len);
	c->line = r->fstart;
	c->flags = cell_plain(c->s, len) ? CELL_PLAIN : 0;
	r->fstart = r->line;
}

static void
on_record(int ch, void *arg)
{
	struct reader	*r = arg;
	struct csvrec	*rec;

	(void)ch;
	r->recs = xgrow(r->recs, &r->cap, r->n + 1, sizeof(*rec));
	rec = &r->recs[r->n++];
	rec->line = r->rstart;
	rec->cells = NULL;	/* set by cells_place once the block stops moving */
	rec->n = (int)r->ncells;
	r->nkept += r->ncells;
	r->ncells = 0;
	r->rstart = 0;
}

/*
 * Point each record at its cells in the one block they were read into
 * (a block a table frees once it is built, not an arena allocation
 * per record kept as long as the table).
 */
static void
cells_place(struct reader *r)
{
	size_t	 i, at = 0;

	if (r->n == 0) {
		free(r->cells);
		return;
	}
	for (i = 0; i < r->n; i++) {
		r->recs[i].cells = r->cells + at;
		at += (size_t)r->recs[i].n;
	}
}

/* Drop the partial record after a syntax error (its text stays in the arena). */
static void
drop_partial(struct reader *r)
{
	r->ncells = 0;
	r->rstart = 0;
}

/*
 * End of the line starting at p: after LF, CRLF, or a lone CR (old
 * Mac Excel), as libcsv itself ends records.  *lf is the next LF at or
 * after p (end when there is none), kept between calls: a file whose
 * lines end in CR alone would otherwise be searched to its end for an
 * LF once a line.  NULL before the first call.
 */
static const char *
line_end(const char *p, const char *end, const char **lf)
{
	const char	*cr;

	if (*lf == NULL || *lf < p) {
		if ((*lf = memchr(p, '\n', (size_t)(end - p))) == NULL)
			*lf = end;
	}
	/* A CR before the LF ends the line sooner. */
	if ((cr = memchr(p, '\r', (size_t)(*lf - p))) != NULL)
		return cr + 1 < end && cr[1] == '\n' ? cr + 2 : cr + 1;
	return *lf < end ? *lf + 1 : end;
}

static int
is_blank(const char *p, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (p[i] != '\r' && p[i] != '\n')
			return 0;
	return 1;
}

static void
parser_init(struct csv_parser *p, unsigned char delim)
{
	if (csv_init(p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		sys_fatal("无法初始化 CSV 解析器");
	}
	csv_set_delim(p, delim);
	/*
	 * libcsv grows its field buffer by this much at a time (128 bytes
	 * by default): a 5 MB cell meant 40,000 reallocations.
	 */
	csv_set_blk_size(p, 64 * 1024);
}

/* Report a syntax error at the current line and restart the parser. */
static void
syntax_error(struct reader *r, struct csv_parser *p, const char *what)
{
	diag_add(r->d, SEV_ERROR, "input.syntax", r->path, r->line,
	    (int)r->ncells + 1, "%s", what);
	r->errors++;
	csv_free(p);
	drop_partial(r);
	parser_init(p, r->delim);
}

/*
 * The separator: a tab when the first line that is not blank has more
 * tabs than commas (Excel's "Unicode 文本" and "文本文件(制表符分隔)").
 */
static unsigned char
delimiter(const char *p, const char *end)
{
	size_t	 tabs = 0, commas = 0;

	while (p < end && (*p == '\r' || *p == '\n'))
		p++;
	for (; p < end && *p != '\n' && *p != '\r'; p++)
		if (*p == '\t')
			tabs++;
		else if (*p == ',')
			commas++;
	return tabs > commas ? '\t' : ',';
}

/*
 * A line over TABLE_LINE_MAX is an error; it is not parsed, and the
 * record it belongs to is dropped.
 */
static void
long_line(struct reader *r, struct csv_parser *p, size_t n)
{
	diag_add(r->d, SEV_ERROR, "input.line-length", r->path, r->line, 0,
	    "这一行有 %zu 字节,超过 %d 字节(%d MB)的上限,未读取;请检查"
	    "是否误把大段文字或二进制数据存进了表格", n, TABLE_LINE_MAX,
	    TABLE_LINE_MAX >> 20);
	r->errors++;
	csv_free(p);
	drop_partial(r);
	parser_init(p, r->delim);
}

int
table_records(const char *path, const char *text, size_t len,
    struct arena *a, struct csvrec **recs, size_t *nrecs, struct diag *d)
{
	struct csv_parser	 p;
	struct reader		 r;
	const char		*bol = text, *eol, *end = text + len, *lf = NULL;
	size_t			 n;

	memset(&r, 0, sizeof(r));
	r.arena = a;
	r.path = path;
	r.d = d;
	r.delim = delimiter(text, end);
	r.cells = xgrow(NULL, &r.cellcap, 1, sizeof(*r.cells));
	parser_init(&p, r.delim);
	for (r.line = 1; bol < end; r.line++, bol = eol) {
		eol = line_end(bol, end, &lf);
		n = (size_t)(eol - bol);
		if (n > TABLE_LINE_MAX) {
			long_line(&r, &p, n);
			continue;
		}
		if (r.rstart == 0 && r.ncells == 0 && !is_blank(bol, n))
			r.rstart = r.fstart = r.line;
		if (csv_parse(&p, bol, n, on_field, on_record, &r) != n)
			syntax_error(&r, &p, "内容中有半个引号(英文 \"),或引号后还有文字;"
			    "请删除多余的引号,或在 Excel 中重新导出");
	}
	if (csv_fini(&p, on_field, on_record, &r) != 0) {
		r.line = r.fstart;
		syntax_error(&r, &p, "引号没有配对,从这里开始的内容"
		    "一直没有结束;请找到多余或缺少的引号(英文 \")改正");
	}
	csv_free(&p);
	drop_partial(&r);
	cells_place(&r);
	*recs = r.recs;
	*nrecs = r.n;
	return r.errors;
}

void
table_records_free(struct csvrec *recs, size_t n, int in_arena)
{
	size_t	 i;
	int	 j;

	if (in_arena && n > 0)
		free(recs[0].cells);	/* the block of every record's cells */
	for (i = 0; i < n && !in_arena; i++) {
		for (j = 0; j < recs[i].n; j++)
			free(recs[i].cells[j].s);
		free(recs[i].cells);
	}
	free(recs);
}

/*
 * Is c white space to a reader of the cell: ASCII white space, NBSP,
 * the Unicode spaces, the ideographic (full-width) space U+3000, and
 * the invisible U+200B and U+FEFF that copying from web pages leaves.
 */
static int
is_uspace(long c)
{
	return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0xA0 ||
	    c == 0x1680 || (c >= 0x2000 && c <= 0x200B) || c == 0x2028 ||
	    c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 ||
	    c == 0xFEFF;
}

/*
 * The size of the white-space character that starts at p (before e),
 * 0 if none.  Every one is ASCII or starts with the byte 0xC2, 0xE1,
 * 0xE2, 0xE3 or 0xEF: any other byte (a Chinese character's) is
 * answered without decoding.
 */
static size_t
space_at(const char *p, const char *e)
{
	unsigned char	 b = (unsigned char)*p;
	const char	*q = p;
	long		 c;

	if (b < 0x80)		/* is_uspace's ASCII part */
		return b == ' ' || (b >= 0x09 && b <= 0x0D);
	if (b != 0xC2 && b != 0xE1 && b != 0xE2 && b != 0xE3 && b != 0xEF)
		return 0;
	if ((c = utf8_next(&q, e)) < 0 || !is_uspace(c))
		return 0;
	return (size_t)(q - p);
}

/*
 * The size of the white-space character that ends just before e
 * (after s), 0 if none: the last byte, or the lead byte two or three
 * back, tells whether there may be one.
 */
static size_t
space_before(const char *s, const char *e)
{
	const unsigned char	*u = (const unsigned char *)e;
	size_t			 n = 0;

	if (e == s)
		return 0;
	if (u[-1] < 0x80)
		n = 1;
	else if (e - s >= 2 && u[-2] == 0xC2)
		n = 2;
	else if (e - s >= 3 && u[-3] >= 0xE1 && u[-3] <= 0xEF)
		n = 3;
	return n > 0 && space_at(e - n, e) == n ? n : 0;
}

/*
 * [*start, *end) of s without the white space at either end, looking
 * at each end's characters only, so a cell costs what its spaces
 * cost, not its length.
 */
static void
trim_span(const char *s, const char **start, const char **end)
{
	const char	*p = s, *e = s + strlen(s);
	size_t		 n;

	while (p < e && (n = space_at(p, e)) > 0)
		p += n;
	while (e > p && (n = space_before(p, e)) > 0)
		e -= n;
	*start = p;
	*end = e;
}

/*
 * Has the cell s (len bytes) no white space at either end?  Asked once
 * as it is read, so typing it needs no second look (CELL_PLAIN).
 */
static int
cell_plain(const char *s, size_t len)
{
	return len == 0 || (space_at(s, s + len) == 0 &&
	    space_before(s, s + len) == 0);
}

const char *
table_trim_end(const char *s)
{
	const char	*e = s + strlen(s);
	size_t		 n;

	while ((n = space_before(s, e)) > 0)
		e -= n;
	return e;
}

char *
table_trim(const char *s)
{
	const char	*p, *e;

	trim_span(s, &p, &e);
	return xstrndup(p, (size_t)(e - p));
}

char *
table_trim_take(char **sp)
{
	char		*s = *sp;
	const char	*p, *e;

	trim_span(s, &p, &e);
	if (p != s)
		memmove(s, p, (size_t)(e - p));
	s[e - p] = '\0';
	*sp = NULL;
	return s;
}

char *
table_squeeze(const char *s)
{
	struct buf	 b = { NULL, 0, 0 };
	const char	*p = s, *e = s + strlen(s), *q;
	long		 c;

	buf_add(&b, "", 0);
	while (p < e) {
		q = p;
		if ((c = utf8_next(&q, e)) < 0) {
			buf_addc(&b, *p++);
			continue;
		}
		if (!is_uspace(c))
			buf_add(&b, p, (size_t)(q - p));
		p = q;
	}
	return b.s;
}

int
table_halfwidth(char *s)
{
	const char	*p, *e, *q;
	char		*o;
	long		 c;
	int		 changed = 0;

	/* Every full-width form starts with the byte 0xEF: start at the first. */
	if ((o = strchr(s, '\xEF')) == NULL)
		return 0;
	p = o;
	e = p + strlen(p);
	while (p < e) {
		q = p;
		if ((c = utf8_next(&q, e)) >= 0xFF01 && c <= 0xFF5E) {
			*o++ = (char)(c - 0xFF01 + '!');
			changed = 1;
		} else if (c == 0xFFE5) {	/* ￥ stays: money reads it */
			memmove(o, p, (size_t)(q - p));
			o += q - p;
		} else if (c < 0) {
			*o++ = *p;
			q = p + 1;
		} else {
			memmove(o, p, (size_t)(q - p));
			o += q - p;
		}
		p = q;
	}
	*o = '\0';
	return changed;
}

/* An Excel error value as the whole cell: #VALUE!, #REF!, #N/A, ... */
int
table_excel_error(const char *s)
{
	static const char *const errs[] = { "#VALUE!", "#REF!", "#DIV/0!",
	    "#N/A", "#NAME?", "#NULL!", "#NUM!", "#SPILL!", "#CALC!",
	    "#GETTING_DATA", NULL };
	int	 i;

	if (*s != '#')
		return 0;
	for (i = 0; errs[i] != NULL; i++)
		if (strcasecmp(s, errs[i]) == 0)
			return 1;
	return 0;
}

/* A number in Excel's scientific display: 4.30791E+17, 1.39E+10. */
int
table_scientific(const char *s)
{
	const char	*p = s;

	if (!isdigit((unsigned char)*p))
		return 0;
	while (isdigit((unsigned char)*p) || *p == '.')
		p++;
	if (*p != 'E' && *p != 'e')
		return 0;
	p++;
	if (*p == '+' || *p == '-')
		p++;
	if (!isdigit((unsigned char)*p))
		return 0;
	while (isdigit((unsigned char)*p))
		p++;
	return *p == '\0';
}

const char *
table_money_habit(char **s, struct arena *a)
{
	const char	*v = *s;
	size_t		 n;
	char		*neg;

	/* Each habit starts with '-', '(' or 0xE2 (— –): most amounts do not. */
	if (v[0] != '-' && v[0] != '(' && (unsigned char)v[0] != 0xE2)
		return NULL;
	n = strlen(v);
	if (strcmp(v, "-") == 0 || strcmp(v, "—") == 0 || strcmp(v, "–") == 0 ||
	    strcmp(v, "— —") == 0 || strcmp(v, "--") == 0) {
		*s = arena_strdup(a, "");
		return "“-”表示没有金额,按 0 读取";
	}
	if (n > 2 && v[0] == '(' && v[n - 1] == ')') {
		neg = xasprintf("-%.*s", (int)(n - 2), v + 1);
		*s = arena_strdup(a, neg);
		free(neg);
		return "括号中的金额按负数(红字)读取";
	}
	return NULL;
}

/* Whole digits s[0..n), or -1. */
static int
whole(const char *s, size_t n)
{
	int	 v = 0;
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return n > 0 ? v : -1;
}

/* 1900-system serial day number to "YYYY-MM-DD" (Excel's leap bug kept). */
static char *
serial_date(int serial)
{
	int	 y, m, d;

	date_to_ymd(date_from_ymd(1899, 12, 30) + serial, &y, &m, &d);
	return xasprintf("%04d-%02d-%02d", y, m, d);
}

/* "9月1日": the year that puts it inside [start, end], else start's. */
static char *
month_day(int m, int d, int start, int end)
{
	int	 y0, y, mm, dd;

	date_to_ymd(start, &y0, &mm, &dd);
	for (y = y0; y <= y0 + 1; y++)
		if (date_valid(y, m, d) && date_from_ymd(y, m, d) >= start &&
		    date_from_ymd(y, m, d) <= end)
			return xasprintf("%04d-%02d-%02d", y, m, d);
	return xasprintf("%04d-%02d-%02d", y0, m, d);
}

const char *
table_date_habit(char **s, struct arena *arena, int start, int end,
    const char **err)
{
	const char	*v = *s, *p;
	size_t		 n = strlen(v);
	char		*out = NULL;
	int		 a, b, y;

	*err = NULL;
	if (n == 5 && (a = whole(v, 5)) >= 20000 && a < 80000) {
		out = serial_date(a);
	} else if (n == 8 && whole(v, 8) > 19000000) {
		out = xasprintf("%.4s-%.2s-%.2s", v, v + 4, v + 6);
	} else if (n > 10 && (strcmp(v + 10, " 0:00") == 0 ||
	    strcmp(v + 10, " 00:00") == 0 || strcmp(v + 10, " 0:00:00") == 0 ||
	    strcmp(v + 10, " 00:00:00") == 0)) {
		out = xstrndup(v, 10);
	} else if ((p = strstr(v, "月")) != NULL && strncmp(v + n - 3, "日", 3) == 0 &&
	    strstr(v, "年") == NULL && (a = whole(v, (size_t)(p - v))) > 0 &&
	    (b = whole(p + 3, (size_t)(v + n - 3 - (p + 3)))) > 0) {
		out = month_day(a, b, start, end);
	} else if ((p = strchr(v, '/')) != NULL && (a = whole(v, (size_t)(p - v))) > 0 &&
	    a <= 12 && strchr(p + 1, '/') != NULL &&
	    (b = whole(p + 1, (size_t)(strchr(p + 1, '/') - p - 1))) > 0 &&
	    b <= 31 && (y = whole(strrchr(v, '/') + 1, strlen(strrchr(v, '/') + 1))) > 1000) {
		*err = "is ambiguous";
		return NULL;
	}
	if (out == NULL)
		return NULL;
	*s = arena_strdup(arena, out);
	free(out);
	return n == 5 ? "Excel 日期序列号按日期读取" : n == 8 ?
	    "8 位数字日期按年月日读取" : n > 10 ? "日期后的 0:00 已去掉" :
	    "没有年份的日期按本期的年份读取";
}
