/*
 * Text sources to UTF-8, and CSV to positioned records.
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

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

/* Offset of the first byte that is not valid UTF-8, or len. */
static size_t
utf8_bad(const unsigned char *s, size_t len)
{
	const char	*p = (const char *)s, *e = p + len;

	while (p < e) {
		if ((unsigned char)*p < 0x80) {
			p++;
			continue;
		}
		if (utf8_next(&p, e) < 0)
			return (size_t)(p - (const char *)s);
	}
	return len;
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
		sys_warn("iconv GB18030");
		exit(EXIT_SYSTEM);
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

/* Offset of the first control byte other than tab, CR, LF; or len. */
static size_t
control_byte(const unsigned char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if ((s[i] < 0x20 && s[i] != '\t' && s[i] != '\r' &&
		    s[i] != '\n') || s[i] == 0x7F)
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

char *
table_decode(struct source *src, size_t *len, struct diag *d)
{
	const unsigned char	*s = src->bytes;
	size_t			 n = src->len, bad, gbbad = 0, off = 0;
	char			*text;
	int			 line, col;

	if (n >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) ||
	    (s[0] == 0xFE && s[1] == 0xFF))) {
		diag_add(d, SEV_ERROR, NULL, src->path, 1, 1, "UTF-16 text "
		    "(\"Unicode text\"); save the file as CSV UTF-8 or GBK");
		return NULL;
	}
	if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
		off = 3;
		src->encoding = "UTF-8 with BOM";
	} else
		src->encoding = "UTF-8";
	if ((bad = utf8_bad(s + off, n - off)) == n - off) {
		text = xstrndup((const char *)s + off, n - off);
		*len = n - off;
	} else if (off == 0 &&
	    (text = from_gb18030(s, n, len, &gbbad)) != NULL) {
		src->encoding = "GB18030";
	} else {
		/* The reading that got further is the likelier one. */
		if (off == 0 && gbbad > bad)
			bad = gbbad;
		position(s, bad + off, &line, &col);
		diag_add(d, SEV_ERROR, NULL, src->path, line, col,
		    "not UTF-8 or GB18030 text: byte 0x%02X cannot be decoded",
		    s[bad + off]);
		return NULL;
	}
	if ((bad = control_byte((unsigned char *)text, *len)) != *len) {
		position((unsigned char *)text, bad, &line, &col);
		diag_add(d, SEV_ERROR, NULL, src->path, line, col,
		    "binary data: control byte 0x%02X in text",
		    (unsigned char)text[bad]);
		free(text);
		return NULL;
	}
	(void)xml_forbidden(src, text, *len, d);
	return text;
}

/* State while feeding libcsv one line at a time. */
struct reader {
	const char	*path;
	struct diag	*d;
	struct csvrec	*recs;
	size_t		 n, cap;
	struct csvcell	*cells;		/* the record being built */
	size_t		 ncells, cellcap;
	int		 line;		/* line being fed */
	int		 fstart;	/* line where the current field began */
	int		 rstart;	/* line where the current record began */
	int		 errors;
};

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
	r->cells = xgrow(r->cells, &r->cellcap, r->ncells + 1, sizeof(*c));
	c = &r->cells[r->ncells++];
	c->s = xstrndup(s != NULL ? s : "", len);
	c->line = r->fstart;
	c->flags = 0;
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
	rec->cells = r->cells;
	rec->n = (int)r->ncells;
	r->cells = NULL;
	r->ncells = r->cellcap = 0;
	r->rstart = 0;
}

/* Drop the partial record after a syntax error. */
static void
drop_partial(struct reader *r)
{
	size_t	 i;

	for (i = 0; i < r->ncells; i++)
		free(r->cells[i].s);
	free(r->cells);
	r->cells = NULL;
	r->ncells = r->cellcap = 0;
	r->rstart = 0;
}

/*
 * End of the line starting at p: after LF, CRLF, or a lone CR (old
 * Mac Excel), as libcsv itself ends records.
 */
static const char *
line_end(const char *p, const char *end)
{
	for (; p < end; p++) {
		if (*p == '\n')
			return p + 1;
		if (*p == '\r')
			return p + 1 < end && p[1] == '\n' ? p + 2 : p + 1;
	}
	return end;
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
parser_init(struct csv_parser *p)
{
	if (csv_init(p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		fputs("sunlight: cannot initialise the CSV parser\n", stderr);
		exit(EXIT_SYSTEM);
	}
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
	diag_add(r->d, SEV_ERROR, NULL, r->path, r->line,
	    (int)r->ncells + 1, "%s", what);
	r->errors++;
	csv_free(p);
	drop_partial(r);
	parser_init(p);
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
	parser_init(p);
}

int
table_records(const char *path, const char *text, size_t len,
    struct csvrec **recs, size_t *nrecs, struct diag *d)
{
	struct csv_parser	 p;
	struct reader		 r;
	const char		*bol = text, *eol, *end = text + len;
	size_t			 n;

	memset(&r, 0, sizeof(r));
	r.path = path;
	r.d = d;
	parser_init(&p);
	for (r.line = 1; bol < end; r.line++, bol = eol) {
		eol = line_end(bol, end);
		n = (size_t)(eol - bol);
		if (n > TABLE_LINE_MAX) {
			long_line(&r, &p, n);
			continue;
		}
		if (r.rstart == 0 && r.ncells == 0 && !is_blank(bol, n))
			r.rstart = r.fstart = r.line;
		if (csv_parse(&p, bol, n, on_field, on_record, &r) != n)
			syntax_error(&r, &p, "malformed quoting: a quote "
			    "inside a field that is not quoted, or text "
			    "after a closing quote");
	}
	if (csv_fini(&p, on_field, on_record, &r) != 0) {
		r.line = r.fstart;
		syntax_error(&r, &p, "unterminated quoted field");
	}
	csv_free(&p);
	drop_partial(&r);
	*recs = r.recs;
	*nrecs = r.n;
	return r.errors;
}

void
table_records_free(struct csvrec *recs, size_t n)
{
	size_t	 i;
	int	 j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < recs[i].n; j++)
			free(recs[i].cells[j].s);
		free(recs[i].cells);
	}
	free(recs);
}
