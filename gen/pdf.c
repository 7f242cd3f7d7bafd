/*
 * The PDF engine: blocks laid out top to bottom on A4 pages through
 * libharu, with our own line breaking (libharu's measures UTF-8
 * wrongly), our own page furniture (running header, "第 x 页 共 y 页"
 * stamped at save time, since pages stay drawable until then) and the
 * font repairs of pdffont.c applied just before the document is
 * written.  Coordinates inside are PDF points from the page's
 * bottom-left corner; the cursor y is the top of the next block.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <hpdf.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <qrencode.h>
#include <zlib.h>

#include "output.h"
#include "diag.h"
#include "pdf.h"
#include "pdfa.h"
#include "pdffont.h"
#include "util.h"

#define MM		(72.0 / 25.4)
#define A4_SHORT	595.276
#define A4_LONG		841.89
#define DEFAULT_FONT	"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
#define DEFAULT_SONG	"/usr/share/fonts/truetype/arphic/uming.ttc"
#define REPLACEMENT	"\xe2\x96\xa1"		/* □ U+25A1 */
#define LEAD		1.5			/* body line height / size */
#define CELL_LEAD	1.3

struct span {
	size_t	 off;
	size_t	 len;
	int	 style;
};

struct page {
	HPDF_Page	 h;
	double		 w;
	HPDF_Font	 font;		/* set on it last, or NULL */
	double		 fsize;
	unsigned	 packed;	/* its filter, once page_pack compressed it */
};

/* A TrueType face embedded as a subset, with its measures cached. */
struct face {
	HPDF_Font	 font;
	double		 asc, desc;	/* per 1000 */
	float		*wcache;	/* advance per 1000, <0 unknown */
	signed char	*hascache;	/* 1 shown, 0 not, -1 unknown */
	signed char	*blankcache;	/* pdffont_blank, -1 unknown */
	unsigned char	 used[65536 / 8];
};

/*
 * A heading waiting for the block it keeps with, or a short paragraph
 * right under headings, kept with them and with the block after it.
 */
struct pend {
	int		 level;		/* 0: a paragraph */
	int		 center;
	int		 intoc;		/* listed in the contents */
	char		*text;		/* cleaned */
	double		 after;		/* space asked for below it (pt) */
	struct buf	 para;		/* a paragraph's text, runs, flags */
	struct span	*spans;
	size_t		 nspans, spancap;
	int		 pflags;
	char		*plink;
};

#define KEEP_LINES	3	/* longest paragraph kept with a heading */

#define NPEND		4

/* A heading drawn, for the contents. */
struct hd {
	int		 level;
	int		 intoc;
	char		*text;
	size_t		 page;		/* index into pages */
	double		 y;		/* top of its first line */
};

/* A line of the contents, reserved until the document is saved. */
struct slot {
	size_t		 page;
	double		 y;		/* top of the line */
	double		 left, right;
};

/* Source label of a located row -> the first page it was drawn on. */
struct loc {
	char		*key;
	size_t		 page;		/* from 1 */
	struct loc	*next;
};

#define LOC_BUCKETS	1024

/* One table row, cleaned and broken into lines per cell. */
struct trow {
	char		**text;
	struct pdf_line	**lines;
	size_t		 *nlines;
	double		 *size;		/* per cell: smaller where a number must */
	size_t		  maxl;
	int		  style;
	int		  total;
	int		  body;		/* a body row (not header or carry) */
};

struct tbl {
	struct pdf_table t;
	double		*w;		/* column widths (pt) */
	double		*x;		/* column left edges */
	double		*dec;		/* widest tail after the decimal point */
	double		 width;		/* sum of w */
	double		 size, lh, pad;
	struct trow	 head;
	int		 hashead;
	int		 headdrawn;	/* on the current page */
	size_t		 nbody;		/* body rows placed */
	size_t		 onpage;	/* rows drawn on the current page */
	const char	**carry;	/* cells the carry hook fills */
	const char	*locsrc;	/* label of the row about to be drawn */
};

struct pdf {
	HPDF_Doc	 doc;
	struct face	 faces[2];
	struct face	*hf;		/* headings and page furniture: sans */
	struct face	*bf;		/* body text: faces[1], or hf */
	HPDF_Page	 page;		/* current; NULL before the first block */
	size_t		 cur;		/* its index in pages */
	struct page	*pages;
	size_t		 npages, pagecap;
	enum pdf_orient	 orient;
	double		 pw, ph;	/* current page size */
	double		 mt, mr, mb, ml;
	double		 size;
	double		 y;
	char		*header;
	int		 footer;
	int		 nofix;
	int		 private;	/* save owner-only (0600) */
	int		 stamped;
	int		 pdfa;		/* PDF/A objects added (pdfa.c) */
	int		 failed;	/* font repair failed: never save */
	int		 quiet;		/* measuring: report nothing */
	struct diag	*diag;
	HPDF_STATUS	 err, detail;
	HPDF_Outline	 outl[3];
	struct buf	 para;
	struct span	*spans;
	size_t		 nspans, spancap;
	int		 pflags;
	char		*plink;		/* URI the paragraph links to, or NULL */
	int		 inlist;
	enum pdf_list	 lkind;
	int		 lnum;
	struct tbl	*tbl;
	struct pend	 pend[NPEND];
	size_t		 npend;
	struct hd	*hds;
	size_t		 nhd, hdcap;
	struct slot	*slots;
	size_t		 nslot, slotcap;
	int		 tocmax;	/* deepest level in the contents */
	struct loc	**loc;		/* LOC_BUCKETS chains, or NULL */
};

/* Width measuring context for pdf_break_lines. */
struct wctx {
	struct face	*f;
	double		 size;
};

/* ---------------------------------------------------------------- */
/* Line breaking and spacing (pure). */

/* Character classes for breaking and spacing. */
#define CL_WIDE		0x01	/* CJK and other wide characters */
#define CL_CLOSE	0x02	/* never starts a line */
#define CL_OPEN		0x04	/* never ends a line */
#define CL_HCLOSE	0x08	/* full-width closing mark: blank right half */
#define CL_HOPEN	0x10	/* full-width opening mark: blank left half */
#define CL_ALNUM	0x20	/* Latin letter or digit */
#define CL_DIGIT	0x40
#define CL_SPACE	0x80

#define STRETCH_MAX	1.0	/* ems of slack a gap takes, at most */

static int
is_wide(long c)
{
	return (c >= 0x1100 && c <= 0x11FF) || (c >= 0x25A0 && c <= 0x25FF) ||
	    (c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xAC00 && c <= 0xD7A3) ||
	    (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
	    (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) ||
	    c >= 0x20000;
}

/*
 * The classes of code point c.  Closing marks never start a line and
 * opening marks never end one (so …… and —— never split); those with
 * a blank half (GB/T 15834 forms) may be set at half width.
 */
static unsigned
cp_class(long c)
{
	unsigned	 k = is_wide(c) ? CL_WIDE : 0;

	switch (c) {
	case 0x3002: case 0xFF0C: case 0x3001: case 0xFF1B: case 0xFF1A:
	case 0xFF09: case 0x300D: case 0x300F: case 0x300B: case 0x3009:
	case 0x3011: case 0x3015: case 0xFF3D: case 0xFF5D: case 0x2019:
	case 0x201D:			/* 。，、；：）」』》〉】〕］｝’” */
		return k | CL_CLOSE | CL_HCLOSE;
	case 0xFF01: case 0xFF1F: case 0x2026: case 0x2014: case 0x30FB:
	case 0x00B7: case 0xFF5E:	/* ！？…—・·～ */
	case ',': case '.': case ';': case ':': case '!': case '?': case ')':
	case ']': case '}': case '%': case 0x2030: case 0x2103:
		return k | CL_CLOSE;
	case 0xFF08: case 0x300C: case 0x300E: case 0x300A: case 0x3008:
	case 0x3010: case 0x3014: case 0xFF3B: case 0xFF5B: case 0x2018:
	case 0x201C:			/* （「『《〈【〔［｛‘“ */
		return k | CL_OPEN | CL_HOPEN;
	case '(': case '[': case '{': case 0xA5: case 0xFFE5: case '$':
		return k | CL_OPEN;
	case ' ':
		return CL_SPACE;
	}
	if (c >= '0' && c <= '9')
		return CL_ALNUM | CL_DIGIT;
	if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7))
		return CL_ALNUM;
	return k;
}

/*
 * Decoded text with what spacing needs to know of each character: its
 * natural advance w, its advance adv once consecutive punctuation is
 * compressed, and glue, the space set before it unless it starts a
 * line (a quarter em between CJK and Latin letters or digits).
 */
struct cps {
	long		*cp;
	size_t		*off;		/* byte offset of each; off[n] = end */
	double		*w, *adv, *glue;
	unsigned char	*cls;
	unsigned char	*wd;		/* wide: slack may go beside it */
	unsigned char	*blank;		/* PDF_BLANK_* of a mark */
	size_t		 n;
	double		 em;
};

/*
 * Decode text[0..len), measuring each character once and asking
 * which halves of a mark are blank (without the callback, the forms
 * of GB/T 15834: closing marks blank on the right, opening on the left).
 */
static void
cps_decode(struct cps *c, const char *text, size_t len,
    const struct pdf_measure *m)
{
	const char	*s = text, *e = text + len, *q;
	size_t		 cap = len + 1;

	c->cp = xcalloc(cap, sizeof(*c->cp));
	c->off = xcalloc(cap, sizeof(*c->off));
	c->w = xcalloc(cap, sizeof(*c->w));
	c->adv = xcalloc(cap, sizeof(*c->adv));
	c->glue = xcalloc(cap, sizeof(*c->glue));
	c->cls = xcalloc(cap, 1);
	c->wd = xcalloc(cap, 1);
	c->blank = xcalloc(cap, 1);
	c->n = 0;
	c->em = m->width(m->arg, "\xe4\xb8\xad", 3);	/* 中 */
	while (s < e) {
		q = s;
		if ((c->cp[c->n] = utf8_next(&s, e)) < 0) {
			c->cp[c->n] = 0xFFFD;
			s = q + 1;
		}
		c->off[c->n] = (size_t)(q - text);
		c->w[c->n] = m->width(m->arg, q, (size_t)(s - q));
		c->cls[c->n] = (unsigned char)cp_class(c->cp[c->n]);
		if (c->cls[c->n] & (CL_HCLOSE | CL_HOPEN))
			c->blank[c->n] = (unsigned char)(m->blank != NULL ?
			    m->blank(m->arg, c->cp[c->n]) :
			    (c->cls[c->n] & CL_HCLOSE) ? PDF_BLANK_RIGHT :
			    PDF_BLANK_LEFT);
		c->n++;
	}
	c->off[c->n] = len;
}

static void
cps_free(struct cps *c)
{
	free(c->cp);
	free(c->off);
	free(c->w);
	free(c->adv);
	free(c->glue);
	free(c->cls);
	free(c->wd);
	free(c->blank);
}

/* A full-width closing (CL_HCLOSE) or opening mark with its blank half. */
static int
half_mark(const struct cps *c, size_t i, unsigned which)
{
	if (!(c->cls[i] & which) || !c->wd[i])
		return 0;
	return c->blank[i] & (which == CL_HCLOSE ? PDF_BLANK_RIGHT :
	    PDF_BLANK_LEFT);
}

/* Ideographs (wide, not punctuation): what a quarter em separates from Latin. */
static int
ideo(const struct cps *c, size_t i)
{
	return (c->cls[i] & (CL_WIDE | CL_CLOSE | CL_OPEN)) == CL_WIDE;
}

/*
 * Spacing per W3C clreq / GB/T 15834: a closing mark followed by
 * another mark, and an opening mark after another mark, lose their
 * blank half; a quarter em separates ideographs from Latin letters and
 * digits, and a space beside an ideograph is a quarter em wide.
 */
static void
cps_space(struct cps *c)
{
	unsigned	 marks = CL_HCLOSE | CL_HOPEN;
	size_t		 i;

	for (i = 0; i < c->n; i++) {
		c->wd[i] = (c->cls[i] & CL_WIDE) || ((c->cls[i] & marks) &&
		    c->w[i] >= 0.9 * c->em);
		c->adv[i] = c->w[i];
	}
	for (i = 0; i < c->n; i++) {
		if (half_mark(c, i, CL_HCLOSE) && i + 1 < c->n &&
		    (c->cls[i + 1] & (CL_CLOSE | CL_OPEN)) && c->wd[i + 1])
			c->adv[i] = c->w[i] / 2;
		if (half_mark(c, i, CL_HOPEN) && i > 0 &&
		    (c->cls[i - 1] & marks) && c->wd[i - 1])
			c->adv[i] = c->w[i] / 2;
		if (i == 0)
			continue;
		if ((ideo(c, i - 1) && (c->cls[i] & CL_ALNUM)) ||
		    ((c->cls[i - 1] & CL_ALNUM) && ideo(c, i)))
			c->glue[i] = c->em / 4;
		if ((c->cls[i] & CL_SPACE) && (ideo(c, i - 1) ||
		    (i + 1 < c->n && ideo(c, i + 1))))
			c->adv[i] = c->em / 4;
	}
}

/* What a closing mark at the end of a line may give up to make it fit. */
static double
end_shrink(const struct cps *c, size_t i)
{
	return half_mark(c, i, CL_HCLOSE) && c->adv[i] == c->w[i] ?
	    c->w[i] / 2 : 0;
}

/* Slack may go into the gap before character i (not in a word or number). */
static int
stretchy(const struct cps *c, size_t i)
{
	return c->wd[i - 1] || c->wd[i] || (c->cls[i] & CL_SPACE);
}

/*
 * A line may break before character j: CJK between any two characters
 * and Latin at spaces (a space between two digits is not a break:
 * numbers never split), closing marks never first, opening ones never
 * last.
 */
static int
can_break(const struct cps *c, size_t j)
{
	if ((c->cls[j] & CL_CLOSE) || (c->cls[j - 1] & CL_OPEN))
		return 0;
	if (c->cp[j - 1] == ' ')
		return c->cp[j] != ' ' && !((c->cls[j] & CL_DIGIT) && j >= 2 &&
		    (c->cls[j - 2] & CL_DIGIT));
	if (c->cp[j] == ' ')
		return 0;
	return (c->cls[j - 1] & CL_WIDE) || (c->cls[j] & CL_WIDE);
}

/*
 * Advance of character i on a line starting at s: an opening mark
 * first on a line keeps its full width (it is not moved into the
 * margin).
 */
static double
adv_at(const struct cps *c, size_t i, size_t s)
{
	return i == s && (c->cls[i] & CL_HOPEN) ? c->w[i] : c->adv[i];
}

/* Natural width of characters [s, e) set on one line. */
static double
run_width(const struct cps *c, size_t s, size_t e)
{
	double	 w = 0;
	size_t	 i;

	for (i = s; i < e; i++)
		w += adv_at(c, i, s) + (i > s ? c->glue[i] : 0);
	return w;
}

/* Width of line [s, e), with its end mark compressed if it must be. */
static double
line_width(const struct cps *c, size_t s, size_t e, double avail)
{
	double	 w = run_width(c, s, e);

	if (e > s && w > avail)
		w -= end_shrink(c, e - 1);
	return w;
}

/*
 * Where to end a line that overflows at character j (start < j): at
 * the last break opportunity if there is one, else by character,
 * keeping closing punctuation off the next line's start and opening
 * brackets off this line's end where that leaves something on it.
 */
static size_t
line_end(const struct cps *c, size_t start, size_t j, size_t brk)
{
	size_t	 end = j;

	if (brk > start)
		return brk;
	if ((c->cls[end] & CL_CLOSE) && end - 1 > start)
		end--;
	if ((c->cls[end - 1] & CL_OPEN) && end - 1 > start)
		end--;
	return end;
}

/*
 * The end of the line starting at character s and at most avail wide
 * (a closing mark at its end may be compressed to fit): the first
 * "\n" or the end of the text, or a break opportunity.  One pass.
 */
static size_t
line_fit(const struct cps *c, size_t s, double avail)
{
	size_t	 j, brk = s;
	double	 x = 0, add;

	for (j = s; j < c->n && c->cp[j] != '\n'; j++) {
		if (j > s && can_break(c, j))
			brk = j;
		add = adv_at(c, j, s) + (j > s ? c->glue[j] : 0);
		if (c->cp[j] != ' ' && j > s && x + add - end_shrink(c, j) >
		    avail + 1e-9)
			return line_end(c, s, j, brk);
		x += add;
	}
	return j;
}

/* A line as character indices [s, e), without spaces at its ends. */
struct seg {
	size_t	 s, e;
	int	 last;		/* of its paragraph or before a "\n" */
};

/* Characters in [s, e) besides punctuation and spaces. */
static size_t
solid(const struct cps *c, size_t s, size_t e)
{
	size_t	 i, k = 0;

	for (i = s; i < e; i++)
		k += !(c->cls[i] & (CL_CLOSE | CL_OPEN | CL_SPACE));
	return k;
}

/*
 * No orphans: when the last line of a paragraph holds fewer than two
 * characters besides punctuation, end the line before it at an earlier
 * break, the latest that gives the last line two and still fits.
 */
static void
orphan_fix(const struct cps *c, struct seg *prev, struct seg *last,
    double avail)
{
	size_t	 k;

	if (last->e == last->s || solid(c, last->s, last->e) >= 2)
		return;
	for (k = prev->e - 1; k > prev->s; k--) {
		if (!can_break(c, k))
			continue;
		if (run_width(c, k, last->e) - end_shrink(c, last->e - 1) >
		    avail + 1e-9)
			return;
		if (solid(c, k, last->e) >= 2) {
			for (prev->e = k; c->cp[prev->e - 1] == ' '; prev->e--)
				continue;
			last->s = k;
			return;
		}
	}
}

/* Break the decoded text into segs; returns how many (*v malloc'ed). */
static size_t
break_segs(const struct cps *c, double first, double rest, struct seg **v)
{
	struct seg	*l;
	size_t		 n = 0, cap = 0, start = 0, j, para = 0;

	*v = NULL;
	while (start < c->n) {
		j = line_fit(c, start, n == 0 ? first : rest);
		*v = xgrow(*v, &cap, n + 1, sizeof(**v));
		l = &(*v)[n++];
		l->s = start;
		for (l->e = j; l->e > start && c->cp[l->e - 1] == ' '; l->e--)
			continue;
		l->last = j == c->n || c->cp[j] == '\n';
		if (l->last) {
			if (n - para >= 2)
				orphan_fix(c, &(*v)[n - 2], l, rest);
			para = n;
			start = j + 1;
			continue;
		}
		for (start = j; start < c->n && c->cp[start] == ' '; start++)
			continue;
	}
	return n;
}

size_t
pdf_break_lines(const char *text, double first, double rest,
    const struct pdf_measure *m, struct pdf_line **lines)
{
	struct cps	 c;
	struct seg	*v;
	struct pdf_line	*out;
	size_t		 n, i;

	cps_decode(&c, text, strlen(text), m);
	cps_space(&c);
	n = break_segs(&c, first, rest, &v);
	out = xcalloc(n + 1, sizeof(*out));
	for (i = 0; i < n; i++) {
		out[i].off = c.off[v[i].s];
		out[i].len = c.off[v[i].e] - c.off[v[i].s];
		out[i].width = line_width(&c, v[i].s, v[i].e, i == 0 ?
		    first : rest);
		out[i].last = v[i].last;
	}
	free(v);
	cps_free(&c);
	*lines = out;
	return n;
}

/* Byte range of line l widened by one character on each side, if any. */
static void
line_context(const char *text, const struct pdf_line *l, size_t *from,
    size_t *to)
{
	const char	*s = text + l->off + l->len, *e = s;

	*from = l->off;
	if (*from > 0)
		do
			(*from)--;
		while (*from > 0 && (text[*from] & 0xC0) == 0x80);
	while (e < s + 4 && *e != '\0')
		e++;
	if (s < e && utf8_next(&s, e) < 0)
		s++;
	*to = (size_t)(s - text);
}

size_t
pdf_place_line(const char *text, const struct pdf_line *l, double avail,
    int justify, const struct pdf_measure *m, struct pdf_glyph **g)
{
	struct cps	 c;
	size_t		 from, to, a, b, i, gaps = 0;
	double		 nat, extra = 0, x = 0;

	line_context(text, l, &from, &to);
	cps_decode(&c, text + from, to - from, m);
	cps_space(&c);
	a = from < l->off;
	b = c.n - (to > l->off + l->len);
	*g = xcalloc(b - a + 1, sizeof(**g));
	if ((nat = run_width(&c, a, b)) > avail && b > a) {
		nat -= end_shrink(&c, b - 1);
		c.adv[b - 1] -= end_shrink(&c, b - 1);
	}
	for (i = a + 1; i < b; i++)
		gaps += stretchy(&c, i);
	if (justify && !l->last && gaps > 0 && nat < avail &&
	    (avail - nat) / gaps <= STRETCH_MAX * c.em)
		extra = (avail - nat) / gaps;
	for (i = a; i < b; i++) {
		if (i > a)
			x += c.glue[i] + (stretchy(&c, i) ? extra : 0);
		(*g)[i - a].off = from + c.off[i];
		(*g)[i - a].len = c.off[i + 1] - c.off[i];
		(*g)[i - a].w = c.w[i];
		(*g)[i - a].x = x - ((c.cls[i] & CL_HOPEN) ? c.w[i] -
		    adv_at(&c, i, a) : 0);
		x += adv_at(&c, i, a);
	}
	cps_free(&c);
	return b - a;
}

/* ---------------------------------------------------------------- */
/* Errors, text cleaning, measuring. */

static void
on_error(HPDF_STATUS code, HPDF_STATUS detail, void *arg)
{
	struct pdf	*p = arg;

	if (p->err == 0) {
		p->err = code;
		p->detail = detail;
	}
}

static const char *
err_text(HPDF_STATUS e)
{
	switch (e) {
	case HPDF_FAILD_TO_ALLOC_MEM:
		return "out of memory";
	case HPDF_FILE_IO_ERROR:
		return "file I/O error";
	case HPDF_FILE_OPEN_ERROR:
		return "cannot open file";
	case HPDF_INVALID_TTC_FILE:
	case HPDF_INVALID_TTC_INDEX:
		return "bad TrueType collection or face index";
	case HPDF_TTF_CANNOT_EMBEDDING_FONT:
		return "font does not allow embedding";
	case HPDF_TTF_INVALID_CMAP:
	case HPDF_TTF_INVALID_FOMAT:
	case HPDF_TTF_MISSING_TABLE:
	case HPDF_UNSUPPORTED_FONT_TYPE:
		return "unsupported or broken TrueType font";
	case HPDF_INVALID_DATE_TIME:
		return "invalid date";
	default:
		return "libharu failure";
	}
}

static void
err_report(const struct pdf *p, const char *what)
{
	sys_warnx("%s: libharu 出错 0x%04lX(细节 %lu): %s", what,
	    (unsigned long)p->err, (unsigned long)p->detail, err_text(p->err));
}

static size_t
utf8_put(char *s, long c)
{
	if (c < 0x80) {
		s[0] = (char)c;
		return 1;
	} else if (c < 0x800) {
		s[0] = (char)(0xC0 | c >> 6);
		s[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	} else if (c < 0x10000) {
		s[0] = (char)(0xE0 | c >> 12);
		s[1] = (char)(0x80 | (c >> 6 & 0x3F));
		s[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	s[0] = (char)(0xF0 | c >> 18);
	s[1] = (char)(0x80 | (c >> 12 & 0x3F));
	s[2] = (char)(0x80 | (c >> 6 & 0x3F));
	s[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* A warning finding at src ("file:line" or "file"), code and message msg. */
static void
warn_at(struct pdf *p, const char *src, const char *code, const char *msg)
{
	struct diag	 tmp, *d = p->diag;
	const char	*colon;
	char		*file;
	int		 line = 0;

	if (p->quiet)
		return;
	if (src == NULL)
		src = "-";
	colon = strrchr(src, ':');
	if (colon != NULL && colon[1] != '\0' &&
	    strspn(colon + 1, "0123456789") == strlen(colon + 1)) {
		file = xstrndup(src, (size_t)(colon - src));
		line = atoi(colon + 1);
	} else
		file = xstrdup(src);
	if (d == NULL) {
		diag_init(&tmp);
		d = &tmp;
	}
	diag_add(d, SEV_WARNING, code, file, line, 0, "%s", msg);
	if (d == &tmp) {
		diag_print(&tmp, stderr);
		diag_free(&tmp);
	}
	free(file);
}

/* Report character c of a run from src as unshowable. */
static void
report(struct pdf *p, const char *src, long c)
{
	char	 u[5] = { 0 }, *msg;

	if (c >= 0) {
		utf8_put(u, c);
		msg = xasprintf("character U+%04lX \"%s\" cannot be shown in "
		    "the PDF font", c, u);
	} else
		msg = xstrdup("invalid UTF-8 cannot be shown in the PDF font");
	warn_at(p, src, "pdf.unshowable-char", msg);
	free(msg);
}

static int
font_has(struct face *f, long c)
{
	if (c < 0 || c > 0xFFFF)
		return 0;
	if (f->hascache[c] < 0)
		f->hascache[c] = (signed char)pdffont_has(f->font, c);
	return f->hascache[c];
}

/*
 * A copy of text that face f can show: tabs become spaces, carriage
 * returns and other controls go, and each unshowable character becomes
 * "□" and is reported once per call.  Caller frees.
 */
static char *
clean(struct pdf *p, struct face *f, const char *src, const char *text)
{
	struct buf	 b = { NULL, 0, 0 };
	const char	*s = text ? text : "", *e = s + strlen(s), *q;
	long		 c, seen[16];
	size_t		 nseen = 0, i;

	buf_add(&b, "", 0);
	while (s < e) {
		q = s;
		if ((c = utf8_next(&s, e)) < 0)
			s = q + 1;
		if (c == '\t')
			c = ' ';
		if (c == '\n' || (c >= 0x20 && c != 0x7F && font_has(f, c))) {
			buf_add(&b, q, (size_t)(s - q));
			continue;
		}
		if (c >= 0 && (c < 0x20 || c == 0x7F))
			continue;
		for (i = 0; i < nseen && seen[i] != c; i++)
			continue;
		if (i == nseen) {
			report(p, src, c);
			if (nseen < 16)
				seen[nseen++] = c;
		}
		buf_adds(&b, REPLACEMENT);
	}
	return b.s;
}

/*
 * Advance of code point c per 1000 of the size, measured once per face
 * and cached; measuring marks the glyph used (it gets embedded).
 */
static double
cp_width(struct face *f, long c)
{
	HPDF_TextWidth	 tw;
	char		 u[5] = { 0 };
	size_t		 n;

	if (c < 0 || c > 0xFFFF)
		return 1000;
	if (f->wcache[c] < 0) {
		n = utf8_put(u, c);
		tw = HPDF_Font_TextWidth(f->font, (const HPDF_BYTE *)u,
		    (HPDF_UINT)n);
		f->wcache[c] = (float)tw.width;
	}
	return f->wcache[c];
}

static double
text_width(struct face *f, const char *s, size_t n, double size)
{
	const char	*e = s + n;
	double		 w = 0;
	long		 c;

	while (s < e)
		if ((c = utf8_next(&s, e)) < 0)
			s++;
		else
			w += cp_width(f, c);
	return w * size / 1000;
}

static double
wctx_width(void *arg, const char *s, size_t n)
{
	struct wctx	*w = arg;

	return text_width(w->f, s, n, w->size);
}

/* Blank halves of a mark in the face, read from its outline once. */
static int
wctx_blank(void *arg, long c)
{
	struct face	*f = ((struct wctx *)arg)->f;

	if (c < 0 || c > 0xFFFF)
		return 0;
	if (f->blankcache[c] < 0)
		f->blankcache[c] = (signed char)pdffont_blank(f->font, c);
	return f->blankcache[c];
}

static size_t
breaklines(struct face *f, const char *text, double size, double first,
    double rest, struct pdf_line **lines)
{
	struct wctx	 w = { f, size };
	struct pdf_measure m = { wctx_width, wctx_blank, &w };

	return pdf_break_lines(text, first, rest, &m, lines);
}

/* Line l of text placed (see pdf_place_line); *g malloc'ed. */
static size_t
place(struct face *f, double size, const char *text, const struct pdf_line *l,
    double avail, int justify, struct pdf_glyph **g)
{
	struct wctx	 w = { f, size };
	struct pdf_measure m = { wctx_width, wctx_blank, &w };

	return pdf_place_line(text, l, avail, justify, &m, g);
}

/* ---------------------------------------------------------------- */
/* Drawing primitives. */

static void
mark_used(struct face *f, const char *s, size_t n)
{
	const char	*e = s + n;
	long		 c;

	while (s < e)
		if ((c = utf8_next(&s, e)) >= 0 && c < 0x10000)
			f->used[c >> 3] |= (unsigned char)(1 << (c & 7));
		else if (c < 0)
			s++;
}

static void
set_gray(struct pdf *p, double g)
{
	HPDF_Page_SetGrayFill(p->page, (HPDF_REAL)g);
	HPDF_Page_SetGrayStroke(p->page, (HPDF_REAL)g);
}

static void
hline(struct pdf *p, double x0, double x1, double y, double lw)
{
	HPDF_Page_SetLineWidth(p->page, (HPDF_REAL)lw);
	HPDF_Page_MoveTo(p->page, (HPDF_REAL)x0, (HPDF_REAL)y);
	HPDF_Page_LineTo(p->page, (HPDF_REAL)x1, (HPDF_REAL)y);
	HPDF_Page_Stroke(p->page);
}

static void
vline(struct pdf *p, double x, double y0, double y1, double lw)
{
	HPDF_Page_SetLineWidth(p->page, (HPDF_REAL)lw);
	HPDF_Page_MoveTo(p->page, (HPDF_REAL)x, (HPDF_REAL)y0);
	HPDF_Page_LineTo(p->page, (HPDF_REAL)x, (HPDF_REAL)y1);
	HPDF_Page_Stroke(p->page);
}

static void
fill_rect(struct pdf *p, double x, double y, double w, double h, double g)
{
	HPDF_Page_SetGrayFill(p->page, (HPDF_REAL)g);
	HPDF_Page_Rectangle(p->page, (HPDF_REAL)x, (HPDF_REAL)y,
	    (HPDF_REAL)w, (HPDF_REAL)h);
	HPDF_Page_Fill(p->page);
	HPDF_Page_SetGrayFill(p->page, 0);
}

/*
 * Draw n bytes of cleaned text in face f with the left end of the
 * baseline at (x, y), setting the font only when the page's differs.
 * Bold is fill+stroke, emphasis an underline.  Returns the advance.
 */
static double
put_text(struct pdf *p, struct face *f, double x, double y, double size,
    int style, const char *s, size_t n)
{
	struct page	*pg = &p->pages[p->cur];
	char		*t = xstrndup(s, n);
	double		 w = text_width(f, s, n, size);

	mark_used(f, s, n);
	if (style & PDF_BOLD) {
		HPDF_Page_SetLineWidth(p->page, (HPDF_REAL)(size * 0.035));
		HPDF_Page_SetTextRenderingMode(p->page, HPDF_FILL_THEN_STROKE);
	}
	if (pg->font != f->font || pg->fsize != size) {
		HPDF_Page_SetFontAndSize(p->page, f->font, (HPDF_REAL)size);
		pg->font = f->font;
		pg->fsize = size;
	}
	HPDF_Page_BeginText(p->page);
	HPDF_Page_TextOut(p->page, (HPDF_REAL)x, (HPDF_REAL)y, t);
	HPDF_Page_EndText(p->page);
	if (style & PDF_BOLD)
		HPDF_Page_SetTextRenderingMode(p->page, HPDF_FILL);
	if (style & PDF_EM)
		hline(p, x, x + w, y - size * 0.15, size * 0.05);
	free(t);
	return w;
}

/*
 * Draw placed glyphs g[0..n) of text at x0 plus their offsets, in as
 * few runs as their spacing allows; emphasis underlines them all.
 */
static void
draw_glyphs(struct pdf *p, struct face *f, double x0, double y, double size,
    int style, const char *text, const struct pdf_glyph *g, size_t n)
{
	size_t	 i = 0, j;

	while (i < n) {
		for (j = i + 1; j < n && g[j].off == g[j - 1].off +
		    g[j - 1].len && fabs(g[j].x - g[j - 1].x - g[j - 1].w) <
		    1e-6; j++)
			continue;
		put_text(p, f, x0 + g[i].x, y, size, style & ~PDF_EM,
		    text + g[i].off, g[j - 1].off + g[j - 1].len - g[i].off);
		i = j;
	}
	if (n > 0 && (style & PDF_EM))
		hline(p, x0 + g[0].x, x0 + g[n - 1].x + g[n - 1].w,
		    y - size * 0.15, size * 0.05);
}

/*
 * Draw line l of text in one style at (x, y): placed, and stretched to
 * avail when justify is set.
 */
static void
text_line(struct pdf *p, struct face *f, double x, double y, double size,
    int style, const char *text, const struct pdf_line *l, double avail,
    int justify)
{
	struct pdf_glyph *g;
	size_t		 n = place(f, size, text, l, avail, justify, &g);

	draw_glyphs(p, f, x, y, size, style, text, g, n);
	free(g);
}

/* Baseline of text of face f centred in a line box of height lh. */
static double
baseline(const struct face *f, double top, double size, double lh)
{
	double	 box = (f->asc - f->desc) * size / 1000;

	return top - (lh - box) / 2 - f->asc * size / 1000;
}

/* ---------------------------------------------------------------- */
/* Pages. */

static double
content_top(const struct pdf *p)
{
	return p->ph - p->mt;
}

static double
content_width(const struct pdf *p)
{
	return p->pw - p->ml - p->mr;
}

static int
at_top(const struct pdf *p)
{
	return p->page == NULL || p->y >= content_top(p) - 0.01;
}

static void
draw_header(struct pdf *p)
{
	double	 size = p->size * 0.8, y = content_top(p) + 4;

	if (p->header == NULL || *p->header == '\0')
		return;
	set_gray(p, 0.35);
	put_text(p, p->hf, p->ml, y + 3 - p->hf->desc * size / 1000, size, 0,
	    p->header, strlen(p->header));
	hline(p, p->ml, p->pw - p->mr, y, 0.4);
	set_gray(p, 0);
}

/*
 * libharu drops the /Filter of a stream it does not compress itself
 * (HPDF_Dict_Write), so a stream page_pack compressed names its
 * filter here, inside its dictionary.
 */
static HPDF_STATUS
packed_filter(HPDF_Dict dict, HPDF_Stream out)
{
	(void)dict;
	return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/*
 * Deflate s's bytes into a fresh buffer; its length in *n.  NULL if
 * zlib fails.
 */
static unsigned char *
deflate_stream(HPDF_Stream s, size_t *n)
{
	z_stream	 z;
	unsigned char	*out;
	HPDF_UINT	 i, k = HPDF_MemStream_GetBufCount(s), len;
	int		 rc = Z_OK;

	memset(&z, 0, sizeof(z));
	if (deflateInit(&z, Z_DEFAULT_COMPRESSION) != Z_OK)
		return NULL;
	*n = deflateBound(&z, s->size);
	out = xmalloc(*n);
	z.next_out = out;
	z.avail_out = (uInt)*n;
	for (i = 0; i < k && rc == Z_OK; i++) {
		z.next_in = HPDF_MemStream_GetBufPtr(s, i, &len);
		z.avail_in = len;
		rc = deflate(&z, i + 1 == k ? Z_FINISH : Z_NO_FLUSH);
	}
	*n -= z.avail_out;
	deflateEnd(&z);
	if (rc != Z_STREAM_END) {
		free(out);
		return NULL;
	}
	return out;
}

/*
 * Compress page pg's drawing now rather than when the document is
 * saved, as libharu would have: a register page is held in about 5 KB
 * instead of 30 until then, which bounds an audit pack's memory by its
 * rows, not its pages.  The page must not be drawn on again until
 * page_use reopens it.  Nothing happens where compression is off.
 */
static void
page_pack(struct pdf *p, struct page *pg)
{
	HPDF_PageAttr	 attr = (HPDF_PageAttr)pg->h->attr;
	HPDF_Dict	 c = attr->contents;
	HPDF_MemStreamAttr ma;
	HPDF_STATUS	 rc;
	unsigned char	*z;
	size_t		 n;

	/*
	 * libharu closes an open path, text object or saved state at save
	 * time by writing into the page's stream (Page_BeforeWrite), which
	 * must not land after compressed bytes: such a page is left whole.
	 */
	if (pg->packed || p->err || c->stream->size == 0 ||
	    !(c->filter & HPDF_STREAM_FILTER_FLATE_DECODE) ||
	    attr->gmode != HPDF_GMODE_PAGE_DESCRIPTION ||
	    attr->gstate->prev != NULL)
		return;
	if ((z = deflate_stream(c->stream, &n)) == NULL)
		return;		/* left to libharu, which reports it */
	HPDF_MemStream_FreeData(c->stream);
	/*
	 * One buffer of exactly n bytes, not n rounded up to 4 KB ones;
	 * w_pos says the (absent) current buffer is full, as FreeData left it.
	 */
	ma = c->stream->attr;
	ma->buf_siz = ma->w_pos = (HPDF_UINT)n;
	if ((rc = HPDF_Stream_Write(c->stream, z, (HPDF_UINT)n)) != HPDF_OK &&
	    p->err == 0)
		p->err = rc;	/* the page's drawing is lost: pdf_save fails */
	free(z);
	pg->packed = c->filter;
	c->filter = HPDF_STREAM_FILTER_NONE;
	c->write_fn = packed_filter;
}

/*
 * Drawing on a packed page again goes into a new content stream after
 * the packed one, compressed by libharu at save time; the two are one
 * page to a reader (the streams of /Contents are read as one).
 */
static void
page_reopen(struct pdf *p, struct page *pg)
{
	HPDF_Dict	 c;
	HPDF_STATUS	 rc;

	if (!pg->packed)
		return;
	if ((rc = HPDF_Page_New_Content_Stream(pg->h, &c)) == HPDF_OK)
		c->filter = pg->packed;
	else if (p->err == 0)
		p->err = rc;	/* out of memory: pdf_save fails */
	pg->packed = 0;
}

static void
page_new(struct pdf *p)
{
	struct page	*pg;

	if (p->npages > 0)
		page_pack(p, &p->pages[p->npages - 1]);
	p->page = HPDF_AddPage(p->doc);
	p->pw = p->orient == PDF_LANDSCAPE ? A4_LONG : A4_SHORT;
	p->ph = p->orient == PDF_LANDSCAPE ? A4_SHORT : A4_LONG;
	HPDF_Page_SetSize(p->page, HPDF_PAGE_SIZE_A4, p->orient ==
	    PDF_LANDSCAPE ? HPDF_PAGE_LANDSCAPE : HPDF_PAGE_PORTRAIT);
	p->pages = xgrow(p->pages, &p->pagecap, p->npages + 1, sizeof(*pg));
	p->cur = p->npages;
	pg = &p->pages[p->npages++];
	pg->h = p->page;
	pg->w = p->pw;
	pg->font = NULL;
	pg->fsize = 0;
	pg->packed = 0;
	p->y = content_top(p);
	draw_header(p);
}

/* Draw on page i (from 0) again. */
static void
page_use(struct pdf *p, size_t i)
{
	p->cur = p->npages > 0 ? i : 0;
	p->page = p->npages > 0 ? p->pages[i].h : NULL;
	if (p->npages > 0)
		page_reopen(p, &p->pages[i]);
}

static void
page_ensure(struct pdf *p)
{
	if (p->page == NULL)
		page_new(p);
}

static void	 pend_flush(struct pdf *, double);
static void	 pend_free(struct pend *);

/*
 * Start a new page unless h points fit below the cursor.  Headings
 * waiting for this block are drawn first, on the page where they fit
 * together with h.
 */
static void
room(struct pdf *p, double h)
{
	pend_flush(p, h);
	page_ensure(p);
	if (p->y - h < p->mb && !at_top(p))
		page_new(p);
}

void
pdf_newpage(struct pdf *p)
{
	if (p->err)
		return;
	pend_flush(p, 0);
	page_new(p);
}

void
pdf_set_orient(struct pdf *p, enum pdf_orient o)
{
	p->orient = o;
}

void
pdf_set_header(struct pdf *p, const char *src, const char *text)
{
	free(p->header);
	p->header = text != NULL ? clean(p, p->hf, src, text) : NULL;
}

void
pdf_space(struct pdf *p, double mm)
{
	if (p->err)
		return;
	if (p->npend > 0) {
		p->pend[p->npend - 1].after += mm * MM;
		return;
	}
	page_ensure(p);
	p->y -= mm * MM;
	if (p->y < p->mb)
		page_new(p);
}

double
pdf_remaining(struct pdf *p)
{
	if (p->err)
		return 0;
	page_ensure(p);
	return (p->y - p->mb) / MM;
}

void
pdf_need(struct pdf *p, double mm)
{
	if (p->err == 0)
		room(p, mm * MM);
}

size_t
pdf_npages(const struct pdf *p)
{
	return p->npages;
}

/* ---------------------------------------------------------------- */
/* Document. */

static void
set_info(struct pdf *p, HPDF_InfoType t, const char *s)
{
	if (s != NULL)
		HPDF_SetInfoAttr(p->doc, t, s);
}

static void
set_dates(struct pdf *p, long long epoch)
{
	HPDF_Date	 d;
	struct tm	 tm;
	time_t		 t = (time_t)epoch;

	if (epoch < 0 || gmtime_r(&t, &tm) == NULL)
		return;
	memset(&d, 0, sizeof(d));
	d.year = tm.tm_year + 1900;
	d.month = tm.tm_mon + 1;
	d.day = tm.tm_mday;
	d.hour = tm.tm_hour;
	d.minutes = tm.tm_min;
	d.seconds = tm.tm_sec;
	d.ind = '+';
	HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_CREATION_DATE, d);
	HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_MOD_DATE, d);
}

static const char *
font_path(const struct pdf_opts *o)
{
	const char	*f = o->font;

	if (f == NULL || *f == '\0')
		f = getenv("SUNLIGHT_FONT");
	if (f == NULL || *f == '\0')
		f = DEFAULT_FONT;
	return f;
}

static const char *
song_path(const struct pdf_opts *o)
{
	const char	*f = o->body_font;

	if (f == NULL || *f == '\0')
		f = getenv("SUNLIGHT_SONG_FONT");
	if (f == NULL || *f == '\0')
		f = DEFAULT_SONG;
	return f;
}

/* Load face f as an embedded subset with the UTF-8 encoder. */
static int
load_font(struct pdf *p, struct face *f, const char *path, int index)
{
	const char	*name;
	size_t		 n = strlen(path), i;

	f->wcache = xmalloc(65536 * sizeof(*f->wcache));
	f->hascache = xmalloc(65536);
	for (i = 0; i < 65536; i++)
		f->wcache[i] = -1;
	memset(f->hascache, -1, 65536);
	f->blankcache = xmalloc(65536);
	memset(f->blankcache, -1, 65536);
	if (access(path, R_OK) == -1) {
		sys_warn(path);
		return -1;
	}
	if (n > 4 && strcasecmp(path + n - 4, ".ttc") == 0)
		name = HPDF_LoadTTFontFromFile2(p->doc, path,
		    (HPDF_UINT)index, HPDF_TRUE);
	else
		name = HPDF_LoadTTFontFromFile(p->doc, path, HPDF_TRUE);
	if (name != NULL)
		f->font = HPDF_GetFont(p->doc, name, "UTF-8");
	if (f->font == NULL || p->err) {
		err_report(p, path);
		return -1;
	}
	f->asc = HPDF_Font_GetAscent(f->font);
	f->desc = HPDF_Font_GetDescent(f->font);
	return 0;
}

/*
 * The faces: the sans (headings, page furniture, and the body unless
 * the options ask for the Song face) and the Song body face.
 */
static int
load_faces(struct pdf *p, const struct pdf_opts *o)
{
	p->hf = p->bf = &p->faces[0];
	if (load_font(p, p->hf, font_path(o), o->font_index) == -1)
		return -1;
	if (o->body != PDF_FACE_SONG)
		return 0;
	p->bf = &p->faces[1];
	return load_font(p, p->bf, song_path(o), o->body_font != NULL &&
	    *o->body_font != '\0' ? o->body_index : 0);
}

static void
set_margins(struct pdf *p, const double *m)
{
	p->mt = (m[0] > 0 ? m[0] : 20) * MM;
	p->mr = (m[1] > 0 ? m[1] : 20) * MM;
	p->mb = (m[2] > 0 ? m[2] : 20) * MM;
	p->ml = (m[3] > 0 ? m[3] : 20) * MM;
}

struct pdf *
pdf_new(const struct pdf_opts *o)
{
	struct pdf	*p = xcalloc(1, sizeof(*p));

	p->diag = o->diag;
	p->nofix = o->nofix;
	p->private = o->private;
	p->footer = o->footer;
	p->orient = o->orient;
	p->size = o->size > 0 ? o->size : 10.5;
	set_margins(p, o->margin);
	if ((p->doc = HPDF_New(on_error, p)) == NULL) {
		sys_warnx("无法创建 PDF 文档");
		pdf_free(p);
		return NULL;
	}
	HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(p->doc);
	HPDF_SetCurrentEncoder(p->doc, "UTF-8");
	if (load_faces(p, o) == -1) {
		pdf_free(p);
		return NULL;
	}
	set_info(p, HPDF_INFO_TITLE, o->title);
	set_info(p, HPDF_INFO_AUTHOR, o->author);
	set_info(p, HPDF_INFO_SUBJECT, o->subject);
	set_info(p, HPDF_INFO_KEYWORDS, o->keywords);
	set_info(p, HPDF_INFO_CREATOR, "sunlight");
	set_dates(p, o->epoch);
	if (o->header != NULL)
		p->header = clean(p, p->hf, "header", o->header);
	return p;
}

static void
tbl_free(struct tbl *);

static void
loc_free(struct pdf *p)
{
	struct loc	*l, *next;
	size_t		 i;

	if (p->loc == NULL)
		return;
	for (i = 0; i < LOC_BUCKETS; i++)
		for (l = p->loc[i]; l != NULL; l = next) {
			next = l->next;
			free(l->key);
			free(l);
		}
	free(p->loc);
}

void
pdf_free(struct pdf *p)
{
	size_t	 i;

	if (p == NULL)
		return;
	if (p->tbl != NULL)
		tbl_free(p->tbl);
	for (i = 0; i < p->npend; i++)
		pend_free(&p->pend[i]);
	for (i = 0; i < p->nhd; i++)
		free(p->hds[i].text);
	free(p->hds);
	free(p->slots);
	loc_free(p);
	if (p->doc != NULL)
		HPDF_Free(p->doc);
	free(p->pages);
	free(p->header);
	for (i = 0; i < 2; i++) {
		free(p->faces[i].wcache);
		free(p->faces[i].hascache);
		free(p->faces[i].blankcache);
	}
	free(p->spans);
	free(p->plink);
	buf_free(&p->para);
	free(p);
}

/* "第 x 页 共 y 页" centred in the bottom margin of every page. */
static void
stamp_footers(struct pdf *p)
{
	double	 size = p->size * 0.8, w;
	char	*s;
	size_t	 i;

	for (i = 0; i < p->npages; i++) {
		page_use(p, i);
		s = xasprintf("第 %zu 页 共 %zu 页", i + 1, p->npages);
		w = text_width(p->hf, s, strlen(s), size);
		set_gray(p, 0.35);
		put_text(p, p->hf, (p->pages[i].w - w) / 2, p->mb / 2 -
		    size / 3, size, 0, s, strlen(s));
		set_gray(p, 0);
		free(s);
	}
	page_use(p, p->npages - 1);
}

static void	 contents_fill(struct pdf *);

/*
 * Repair a face's subset before saving (see pdffont.h): the parts of
 * its composite glyphs, and its /ToUnicode map.  A face no text used
 * is left alone.  0, or -1 after a message.
 */
static int
face_repair(struct pdf *p, struct face *f, const char *path)
{
	size_t	 i;

	for (i = 0; i < sizeof(f->used) && f->used[i] == 0; i++)
		continue;
	if (f->font == NULL || i == sizeof(f->used))
		return 0;
	if (!(p->nofix & PDF_NOFIX_GLYF) && pdffont_close_glyphs(f->font) < 0) {
		sys_warnx("%s: 无法读取字体的字形", path);
		return -1;
	}
	if (!(p->nofix & PDF_NOFIX_TOUNICODE) &&
	    pdffont_tounicode(f->font, f->used) < 0) {
		sys_warnx("%s: 无法写入字体的 ToUnicode 映射", path);
		return -1;
	}
	return 0;
}

/* Draw waiting headings and the contents, stamp footers, repair the font. */
static int
finish(struct pdf *p, const char *path)
{
	if (p->stamped)
		return 0;
	p->stamped = 1;
	pend_flush(p, 0);
	page_ensure(p);
	contents_fill(p);
	if (p->footer)
		stamp_footers(p);
	if (p->err)
		return 0;	/* pdf_save reports it */
	if (face_repair(p, &p->faces[0], path) == -1 ||
	    face_repair(p, &p->faces[1], path) == -1)
		p->failed = 1;
	return p->failed ? -1 : 0;
}

/*
 * Whether libharu's failure was the file's: its own error, or the
 * detail of the error of a compressed stream that could not be written.
 */
static int
io_failed(const struct pdf *p)
{
	return p->err == HPDF_FILE_IO_ERROR || p->err == HPDF_FILE_OPEN_ERROR ||
	    (p->err == HPDF_ZLIB_ERROR && p->detail == HPDF_FILE_IO_ERROR);
}

/*
 * libharu writes the document straight into a temp file beside path,
 * which is sealed there and renamed in: the saved document is never
 * held in memory (it was held twice, libharu's stream and a copy).
 * A failed write reports the system's reason where libharu left it;
 * libharu does not check its last flush (fclose), so a file cut short
 * there is found by pdfa_seal, which wants the end libharu writes.
 */
int
pdf_save(struct pdf *p, const char *path)
{
	char	*tmp;
	int	 fd;

	if (p->failed || (p->err == 0 && finish(p, path) == -1))
		return -1;
	if (p->err == 0 && !p->pdfa) {
		if (pdfa_prepare(p->doc, path) == -1) {
			p->failed = 1;
			return -1;
		}
		p->pdfa = 1;
	}
	if (p->err != 0) {
		err_report(p, path);
		return -1;
	}
	if ((fd = out_temp(path, p->private, &tmp)) == -1)
		return -1;
	errno = 0;
	HPDF_SaveToFile(p->doc, tmp);
	if (p->err != 0) {
		if (io_failed(p) && errno != 0)
			sys_warn(path);
		else
			err_report(p, path);
		out_temp_abort(fd, tmp);
		return -1;
	}
	if (pdfa_seal(fd) == -1) {
		if (errno != 0)
			sys_warn(path);
		else
			sys_warnx("%s: 文件没有完整写入(磁盘可能已满);请腾出"
			    "空间后重新运行", path);
		out_temp_abort(fd, tmp);
		return -1;
	}
	return out_temp_commit(fd, tmp, path);
}

/* ---------------------------------------------------------------- */
/* Headings, paragraphs, lists, rules, seal boxes. */

static const double hscale[3] = { 1.6, 1.3, 1.12 };

/* An outline entry pointing at the cursor, under the nearest higher level. */
static void
outline_add(struct pdf *p, int level, const char *title)
{
	HPDF_Outline	 parent = NULL, o;
	HPDF_Destination dst;
	int		 i;

	for (i = level - 2; i >= 0 && parent == NULL; i--)
		parent = p->outl[i];
	o = HPDF_CreateOutline(p->doc, parent, title,
	    HPDF_GetEncoder(p->doc, "UTF-8"));
	if (o == NULL)
		return;
	dst = HPDF_Page_CreateDestination(p->page);
	HPDF_Destination_SetFitH(dst, (HPDF_REAL)(p->y + p->size));
	HPDF_Outline_SetDestination(o, dst);
	HPDF_Outline_SetOpened(o, level < 3 ? HPDF_TRUE : HPDF_FALSE);
	HPDF_SetPageMode(p->doc, HPDF_PAGE_MODE_USE_OUTLINE);
	p->outl[level - 1] = o;
	for (i = level; i < 3; i++)
		p->outl[i] = NULL;
}

/* Size and line height of a heading of level (1-3). */
static void
heading_size(const struct pdf *p, int level, double *size, double *lh)
{
	*size = p->size * hscale[level - 1];
	*lh = *size * 1.4;
}

static size_t	 para_lines(struct pdf *, double *, double *, double *,
		    double *, double *, struct pdf_line **);
static void	 para_draw(struct pdf *);
static void	 para_swap(struct pdf *, struct pend *);

/* Height of a waiting heading or paragraph with the gaps around it. */
static double
pend_height(struct pdf *p, struct pend *h)
{
	struct pdf_line	*l;
	double		 size, lh, w = content_width(p), em, left;
	size_t		 n;

	if (h->level == 0) {
		para_swap(p, h);
		n = para_lines(p, &size, &lh, &em, &left, &w, &l);
		para_swap(p, h);
		free(l);
		return n * lh + size * 0.5 + h->after;
	}
	heading_size(p, h->level, &size, &lh);
	n = breaklines(p->hf, h->text, size, w, w, &l);
	free(l);
	return size * 0.8 + n * lh + size * 0.3 + h->after;
}

static void
hd_add(struct pdf *p, const struct pend *h)
{
	struct hd	*d;

	p->hds = xgrow(p->hds, &p->hdcap, p->nhd + 1, sizeof(*d));
	d = &p->hds[p->nhd++];
	d->level = h->level;
	d->intoc = h->intoc;
	d->text = xstrdup(h->text);
	d->page = p->npages - 1;
	d->y = p->y;
}

/* Draw a heading at the cursor: outline entry, bold lines, gaps. */
static void
heading_draw(struct pdf *p, const struct pend *h)
{
	struct pdf_line	*l;
	double		 size, lh, w = content_width(p), x;
	size_t		 n, i;

	heading_size(p, h->level, &size, &lh);
	n = breaklines(p->hf, h->text, size, w, w, &l);
	if (!at_top(p))
		p->y -= size * 0.8;
	outline_add(p, h->level, h->text);
	hd_add(p, h);
	for (i = 0; i < n; i++) {
		x = p->ml + (h->center ? (w - l[i].width) / 2 : 0);
		text_line(p, p->hf, x, baseline(p->hf, p->y, size, lh), size,
		    PDF_BOLD, h->text, &l[i], w, 0);
		p->y -= lh;
	}
	p->y -= size * 0.3 + h->after;
	free(l);
}

static void
pend_free(struct pend *h)
{
	free(h->text);
	buf_free(&h->para);
	free(h->spans);
	free(h->plink);
}

/*
 * Draw the waiting headings where they fit together with the first
 * next points of the block that follows them: on this page if there
 * is room, else at the top of a new one.
 */
static void
pend_flush(struct pdf *p, double next)
{
	struct pend	 v[NPEND];
	double		 h = 0;
	size_t		 n = p->npend, i;

	if (n == 0 || p->err)
		return;
	memcpy(v, p->pend, n * sizeof(*v));
	p->npend = 0;
	page_ensure(p);
	for (i = 0; i < n; i++)
		h += pend_height(p, &v[i]);
	if (p->y - h - next < p->mb && !at_top(p))
		page_new(p);
	for (i = 0; i < n; i++) {
		if (v[i].level > 0)
			heading_draw(p, &v[i]);
		else {
			para_swap(p, &v[i]);
			para_draw(p);
			para_swap(p, &v[i]);
			p->y -= v[i].after;
		}
		pend_free(&v[i]);
	}
}

/* Queue a heading until the block it keeps with starts. */
static void
heading(struct pdf *p, int level, const char *src, const char *text,
    int center, int intoc)
{
	struct pend	*h;

	if (p->err)
		return;
	if (p->npend == NPEND)
		pend_flush(p, 0);
	h = &p->pend[p->npend++];
	memset(h, 0, sizeof(*h));
	h->level = level < 1 ? 1 : level > 3 ? 3 : level;
	h->center = center;
	h->intoc = intoc;
	h->text = clean(p, p->hf, src, text);
	h->after = 0;
}

void
pdf_heading(struct pdf *p, int level, const char *src, const char *text)
{
	heading(p, level, src, text, 0, 1);
}

void
pdf_title(struct pdf *p, int level, const char *src, const char *text)
{
	heading(p, level, src, text, 1, 1);
}

size_t
pdf_contents_count(const struct pdf *p, int maxlevel)
{
	size_t	 i, n = 0;

	for (i = 0; i < p->nhd; i++)
		n += p->hds[i].intoc && p->hds[i].level <= maxlevel;
	for (i = 0; i < p->npend; i++)
		n += p->pend[i].intoc && p->pend[i].level > 0 &&
		    p->pend[i].level <= maxlevel;
	return n;
}

/* Height of one line of the contents. */
static double
contents_lh(const struct pdf *p)
{
	return p->size * LEAD * 1.1;
}

void
pdf_contents(struct pdf *p, const char *src, const char *title,
    int maxlevel, size_t n)
{
	struct slot	*sl;
	double		 lh = contents_lh(p);
	size_t		 i;

	if (p->err)
		return;
	heading(p, 1, src, title, 1, 0);
	p->tocmax = maxlevel;
	for (i = 0; i < n; i++) {
		room(p, lh);
		p->slots = xgrow(p->slots, &p->slotcap, p->nslot + 1,
		    sizeof(*sl));
		sl = &p->slots[p->nslot++];
		sl->page = p->npages - 1;
		sl->y = p->y;
		sl->left = p->ml;
		sl->right = p->pw - p->mr;
		p->y -= lh;
	}
	if (n == 0)
		pend_flush(p, 0);
	p->y -= p->size * 0.5;
}

/* A link over the rectangle to the top of heading d. */
static void
contents_link(struct pdf *p, const struct hd *d, double x0, double y0,
    double x1, double y1)
{
	HPDF_Destination dst;
	HPDF_Annotation	 a;
	HPDF_Rect	 r;

	dst = HPDF_Page_CreateDestination(p->pages[d->page].h);
	HPDF_Destination_SetFitH(dst, (HPDF_REAL)(d->y + p->size));
	r.left = (HPDF_REAL)x0;
	r.bottom = (HPDF_REAL)y0;
	r.right = (HPDF_REAL)x1;
	r.top = (HPDF_REAL)y1;
	a = HPDF_Page_CreateLinkAnnot(p->page, r, dst);
	HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
}

/*
 * One line of the contents: the heading indented by level, a dotted
 * leader, the page number at the right; the whole line a link.
 */
static void
contents_line(struct pdf *p, const struct slot *sl, const struct hd *d)
{
	struct pdf_line	*l;
	double		 size = p->size * (d->level == 1 ? 1.0 : 0.95);
	double		 lh = contents_lh(p), em = cp_width(p->hf, 0x4E2D) *
			    size / 1000, x = sl->left + (d->level - 1) * 2 * em;
	double		 y, w, nx;
	char		*num = xasprintf("%zu", d->page + 1), *t;
	size_t		 n;

	page_use(p, sl->page);
	y = baseline(p->hf, sl->y, size, lh);
	w = text_width(p->hf, num, strlen(num), size);
	nx = sl->right - w;
	n = breaklines(p->hf, d->text, size, nx - x - 3 * em, nx - x - 3 * em,
	    &l);
	t = n > 1 ? xasprintf("%.*s…", (int)l[0].len, d->text + l[0].off) :
	    xstrdup(d->text);
	free(l);
	breaklines(p->hf, t, size, 1e9, 1e9, &l);
	text_line(p, p->hf, x, y, size, d->level == 1 ? PDF_BOLD : 0, t, l,
	    1e9, 0);
	x += l[0].width;
	put_text(p, p->hf, nx, y, size, 0, num, strlen(num));
	set_gray(p, 0.45);
	HPDF_Page_SetDash(p->page, (const HPDF_UINT16[]){ 1, 2 }, 2, 0);
	hline(p, x + em * 0.5, nx - em * 0.5, y + size * 0.1, 0.8);
	HPDF_Page_SetDash(p->page, NULL, 0, 0);
	set_gray(p, 0);
	contents_link(p, d, sl->left, sl->y - lh, sl->right, sl->y);
	free(t);
	free(num);
	free(l);
}

/* Fill the reserved lines of the contents, in heading order. */
static void
contents_fill(struct pdf *p)
{
	size_t	 i, k = 0;

	for (i = 0; i < p->nhd && k < p->nslot; i++)
		if (p->hds[i].intoc && p->hds[i].level <= p->tocmax)
			contents_line(p, &p->slots[k++], &p->hds[i]);
	page_use(p, p->npages - 1);
}

void
pdf_para_begin(struct pdf *p, int flags)
{
	buf_reset(&p->para);
	buf_add(&p->para, "", 0);
	p->nspans = 0;
	p->pflags = flags;
	free(p->plink);
	p->plink = NULL;
	if (p->inlist)
		p->lnum++;
}

void
pdf_run(struct pdf *p, const char *src, int style, const char *text)
{
	char		*t = clean(p, p->bf, src, text);
	struct span	*s;

	p->spans = xgrow(p->spans, &p->spancap, p->nspans + 1, sizeof(*s));
	s = &p->spans[p->nspans++];
	s->off = p->para.len;
	s->len = strlen(t);
	s->style = style;
	buf_adds(&p->para, t);
	free(t);
}

/*
 * Draw line l of the paragraph from x, placed and, with justify,
 * stretched to avail; each run's glyphs in its style.
 */
static void
draw_line(struct pdf *p, double x, double y, double size,
    const struct pdf_line *l, double avail, int justify)
{
	const struct span *s;
	struct pdf_glyph *g;
	size_t		 n, i, k = 0, j;

	n = place(p->bf, size, p->para.s, l, avail, justify, &g);
	for (i = 0; i < p->nspans && k < n; i++) {
		s = &p->spans[i];
		for (j = k; j < n && g[j].off < s->off + s->len; j++)
			continue;
		if (j > k)
			draw_glyphs(p, p->bf, x, y, size, s->style, p->para.s,
			    g + k, j - k);
		k = j;
	}
	free(g);
}

void
pdf_para_link(struct pdf *p, const char *uri)
{
	free(p->plink);
	p->plink = uri != NULL && *uri != '\0' ? xstrdup(uri) : NULL;
}

/* A borderless link to the paragraph's URI over the rectangle. */
static void
uri_link(struct pdf *p, double x0, double y0, double x1, double y1)
{
	HPDF_Annotation	 a;
	HPDF_Rect	 r;

	r.left = (HPDF_REAL)x0;
	r.bottom = (HPDF_REAL)y0;
	r.right = (HPDF_REAL)x1;
	r.top = (HPDF_REAL)y1;
	a = HPDF_Page_CreateURILinkAnnot(p->page, r, p->plink);
	HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
}

/* The item marker, right-aligned in the hanging indent left of x. */
static void
list_marker(struct pdf *p, double x, double y, double size, double em)
{
	char	*m;
	double	 w;

	if (p->lkind == PDF_NUMBERED)
		m = xasprintf("%d.", p->lnum);
	else
		m = xstrdup("•");
	w = text_width(p->bf, m, strlen(m), size);
	put_text(p, p->bf, x - w - em * 0.4, y, size, 0, m, strlen(m));
	free(m);
}

/* Size, line height, em, left edge and width of the paragraph in p->para. */
static size_t
para_lines(struct pdf *p, double *size, double *lh, double *em,
    double *left, double *width, struct pdf_line **l)
{
	*size = p->size * (p->pflags & PDF_SMALL ? 0.85 : 1);
	*lh = *size * LEAD;
	*em = cp_width(p->bf, 0x4E2D) * *size / 1000;
	*left = p->ml + (p->inlist ? 2 * *em : 0);
	*width = p->pw - p->mr - *left;
	return breaklines(p->bf, p->para.s, *size,
	    *width - (p->pflags & PDF_INDENT ? 2 * *em : 0), *width, l);
}

/* Draw the paragraph in p->para, line by line, from the cursor. */
static void
para_draw(struct pdf *p)
{
	struct pdf_line	*l;
	double		 size, lh, em, left, width, x, y, avail;
	size_t		 n, i;
	int		 justify = !(p->pflags & (PDF_PARA_CENTER |
			    PDF_PARA_RIGHT));

	n = para_lines(p, &size, &lh, &em, &left, &width, &l);
	room(p, (n > 1 ? 2 : 1) * lh);
	for (i = 0; i < n; i++) {
		room(p, lh);
		x = left + (i == 0 && (p->pflags & PDF_INDENT) ? 2 * em : 0);
		avail = left + width - x;
		if (p->pflags & PDF_PARA_CENTER)
			x = left + (width - l[i].width) / 2;
		else if (p->pflags & PDF_PARA_RIGHT)
			x = left + width - l[i].width;
		y = baseline(p->bf, p->y, size, lh);
		if (i == 0 && p->inlist)
			list_marker(p, left, y, size, em);
		draw_line(p, x, y, size, &l[i], avail, justify);
		if (p->plink != NULL)
			uri_link(p, x, p->y - lh, x + l[i].width, p->y);
		p->y -= lh;
	}
	p->y -= size * (p->inlist ? 0.2 : 0.5);
	free(l);
}

/* Exchange the paragraph being built with a waiting one. */
static void
para_swap(struct pdf *p, struct pend *h)
{
	struct buf	 b = p->para;
	struct span	*sp = p->spans;
	size_t		 n = p->nspans, cap = p->spancap;
	int		 f = p->pflags;
	char		*link = p->plink;

	p->plink = h->plink;
	h->plink = link;
	p->para = h->para;
	p->spans = h->spans;
	p->nspans = h->nspans;
	p->spancap = h->spancap;
	p->pflags = h->pflags;
	h->para = b;
	h->spans = sp;
	h->nspans = n;
	h->spancap = cap;
	h->pflags = f;
}

/*
 * A paragraph of at most KEEP_LINES lines right under waiting headings
 * (not in a list) waits with them, so that an introductory sentence is
 * not left with its heading while the table it introduces moves on.
 */
static int
para_keep(struct pdf *p)
{
	struct pdf_line	*l;
	struct pend	*h;
	double		 size, lh, em, left, width;
	size_t		 n;

	if (p->npend == 0 || p->npend == NPEND || p->inlist ||
	    p->pend[p->npend - 1].level == 0)
		return 0;
	n = para_lines(p, &size, &lh, &em, &left, &width, &l);
	free(l);
	if (n > KEEP_LINES)
		return 0;
	h = &p->pend[p->npend++];
	memset(h, 0, sizeof(*h));
	para_swap(p, h);
	return 1;
}

void
pdf_para_end(struct pdf *p)
{
	if (p->err)
		return;
	page_ensure(p);
	if (!para_keep(p))
		para_draw(p);
}

void
pdf_para(struct pdf *p, const char *src, int flags, const char *text)
{
	pdf_para_begin(p, flags);
	pdf_run(p, src, 0, text);
	pdf_para_end(p);
}

void
pdf_list_begin(struct pdf *p, enum pdf_list kind)
{
	p->inlist = 1;
	p->lkind = kind;
	p->lnum = 0;
}

void
pdf_list_end(struct pdf *p)
{
	p->inlist = 0;
	if (p->page != NULL)
		p->y -= p->size * 0.3;
}

void
pdf_rule(struct pdf *p)
{
	double	 gap = p->size * 0.5;

	if (p->err)
		return;
	room(p, 2 * gap);
	p->y -= gap;
	hline(p, p->ml, p->pw - p->mr, p->y, 0.5);
	p->y -= gap;
}

void
pdf_seal(struct pdf *p, const char *src, const char *const *labels, size_t n,
    double w_mm, double h_mm)
{
	double	 w = (w_mm > 0 ? w_mm : 40) * MM, h = (h_mm > 0 ? h_mm : 40) * MM;
	double	 gap = 4 * MM, size = p->size * 0.9, x;
	char	*t;
	size_t	 i;

	if (p->err || n == 0)
		return;
	room(p, h + gap);
	if (n * w + (n - 1) * gap > content_width(p))
		w = (content_width(p) - (n - 1) * gap) / n;
	p->y -= gap / 2;
	x = p->pw - p->mr - n * w - (n - 1) * gap;
	for (i = 0; i < n; i++, x += w + gap) {
		HPDF_Page_SetLineWidth(p->page, 0.8);
		HPDF_Page_Rectangle(p->page, (HPDF_REAL)x, (HPDF_REAL)(p->y - h),
		    (HPDF_REAL)w, (HPDF_REAL)h);
		HPDF_Page_Stroke(p->page);
		t = clean(p, p->bf, src, labels[i]);
		put_text(p, p->bf, x + 4, p->y - 4 - p->bf->asc * size / 1000, size, 0,
		    t, strlen(t));
		free(t);
	}
	p->y -= h + gap / 2;
}

/* ---------------------------------------------------------------- */
/* Tables. */

static void
row_free(struct trow *r, size_t nc)
{
	size_t	 c;

	for (c = 0; c < nc; c++) {
		free(r->text[c]);
		free(r->lines[c]);
	}
	free(r->text);
	free(r->lines);
	free(r->nlines);
	free(r->size);
}

/* Whether byte ch may be inside a number: a digit, "," or ".". */
static int
numeric(char ch)
{
	return isdigit((unsigned char)ch) || ch == ',' || ch == '.';
}

/*
 * Whether the lines of text cut a number in two: a line ending in a
 * digit (or a sign, separator or point before one) and the next line
 * going on with one.
 */
static int
splits_number(const char *text, const struct pdf_line *l, size_t n)
{
	size_t	 i;
	char	 end, next;

	for (i = 0; i + 1 < n; i++) {
		if (l[i].len == 0 || l[i + 1].len == 0)
			continue;
		end = text[l[i].off + l[i].len - 1];
		next = text[l[i + 1].off];
		if ((numeric(end) || end == '-') && numeric(next) &&
		    (isdigit((unsigned char)end) || isdigit((unsigned char)next)))
			return 1;
	}
	return 0;
}

/*
 * Break cell c of row r at width inner.  A number is never cut: when
 * the lines would split one, the cell's font steps down (by 8% a step,
 * to a third of the table's size) until every number stays whole on
 * its line.  A number too long even then (no amount is) keeps the
 * table's size: split, but legible.
 */
static void
cell_break(struct pdf *p, const struct tbl *tb, struct trow *r, size_t c,
    double inner)
{
	double	 size = tb->size;

	for (;;) {
		r->nlines[c] = breaklines(p->bf, r->text[c], size, inner, inner,
		    &r->lines[c]);
		if (!splits_number(r->text[c], r->lines[c], r->nlines[c]))
			break;
		free(r->lines[c]);
		if ((size *= 0.92) < tb->size / 3) {
			size = tb->size;
			r->nlines[c] = breaklines(p->bf, r->text[c], size,
			    inner, inner, &r->lines[c]);
			break;
		}
	}
	r->size[c] = size;
}

static void
row_make(struct pdf *p, const struct tbl *tb, struct trow *r, const char *src,
    const char *const *cells, int flags)
{
	size_t	 c, nc = tb->t.ncols;
	double	 inner;

	r->text = xcalloc(nc, sizeof(*r->text));
	r->lines = xcalloc(nc, sizeof(*r->lines));
	r->nlines = xcalloc(nc, sizeof(*r->nlines));
	r->size = xcalloc(nc, sizeof(*r->size));
	r->maxl = 1;
	r->style = flags & (PDF_ROW_BOLD | PDF_ROW_TOTAL) ? PDF_BOLD : 0;
	r->total = (flags & PDF_ROW_TOTAL) != 0;
	r->body = 0;
	for (c = 0; c < nc; c++) {
		r->text[c] = clean(p, p->bf, src, cells != NULL ? cells[c] : NULL);
		inner = tb->w[c] - 2 * tb->pad;
		cell_break(p, tb, r, c, inner);
		if (r->nlines[c] > r->maxl)
			r->maxl = r->nlines[c];
	}
}

static double
row_h(const struct tbl *tb, size_t k)
{
	return k * tb->lh + 2 * tb->pad;
}

/*
 * Where a cell line lines up on the decimal point: the left edge of
 * the "." inside its last number, or the right edge of that number's
 * last digit when it has none; -1 without digits.
 */
static double
decimal_anchor(const char *text, const struct pdf_glyph *g, size_t n)
{
	double	 a = -1;
	size_t	 i;
	int	 frac = 0;
	char	 ch;

	for (i = 0; i < n; i++) {
		ch = text[g[i].off];
		if (ch >= '0' && ch <= '9') {
			if (!frac)
				a = g[i].x + g[i].w;
		} else if (ch == '.' && i > 0 && i + 1 < n &&
		    isdigit((unsigned char)text[g[i - 1].off]) &&
		    isdigit((unsigned char)text[g[i + 1].off])) {
			a = g[i].x;
			frac = 1;
		} else
			frac = 0;
	}
	return a;
}

/* Left end of a cell line of width lw, placed as g[0..n), in column c. */
static double
cell_x(struct tbl *tb, size_t c, const char *text, double lw,
    const struct pdf_glyph *g, size_t n, int head)
{
	double	 right = tb->x[c] + tb->w[c] - tb->pad, a, x;

	switch (tb->t.cols[c].align) {
	case PDF_ALIGN_CENTER:
		return tb->x[c] + (tb->w[c] - lw) / 2;
	case PDF_ALIGN_DECIMAL:
		if (head || (a = decimal_anchor(text, g, n)) < 0)
			return right - lw;
		if (lw - a > tb->dec[c])
			tb->dec[c] = lw - a;
		x = right - tb->dec[c] - a;
		return x < tb->x[c] + tb->pad ? right - lw : x;
	case PDF_ALIGN_RIGHT:
		return right - lw;
	default:
		return tb->x[c] + tb->pad;
	}
}

static void
row_lines(struct pdf *p, const struct tbl *tb, const struct trow *r, int head,
    double top, double h)
{
	double	 x0 = tb->x[0], x1 = tb->x[0] + tb->width;
	size_t	 c;

	if (tb->t.flags & PDF_TBL_GRID) {
		HPDF_Page_SetLineWidth(p->page, 0.5);
		for (c = 0; c < tb->t.ncols; c++)
			HPDF_Page_Rectangle(p->page, (HPDF_REAL)tb->x[c],
			    (HPDF_REAL)(top - h), (HPDF_REAL)tb->w[c], (HPDF_REAL)h);
		HPDF_Page_Stroke(p->page);
	} else if (head) {
		hline(p, x0, x1, top, 0.8);
		hline(p, x0, x1, top - h, 0.5);
	} else if (tb->t.flags & PDF_TBL_RULES) {
		set_gray(p, 0.6);
		hline(p, x0, x1, top - h, 0.3);
		set_gray(p, 0);
	}
	if (r->total) {
		hline(p, x0, x1, top, 0.5);
		hline(p, x0, x1, top - 1.5, 0.5);
	}
}

static unsigned
loc_hash(const char *s, size_t n)
{
	unsigned	 h = 2166136261u;

	while (n-- > 0)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h % LOC_BUCKETS;
}

static struct loc *
loc_find(const struct pdf *p, const char *key, size_t n)
{
	struct loc	*l;

	if (p->loc == NULL)
		return NULL;
	for (l = p->loc[loc_hash(key, n)]; l != NULL; l = l->next)
		if (strlen(l->key) == n && memcmp(l->key, key, n) == 0)
			return l;
	return NULL;
}

static void
loc_put(struct pdf *p, const char *key, size_t n)
{
	struct loc	*l;
	unsigned	 h;

	if (loc_find(p, key, n) != NULL)
		return;
	if (p->loc == NULL)
		p->loc = xcalloc(LOC_BUCKETS, sizeof(*p->loc));
	h = loc_hash(key, n);
	l = xcalloc(1, sizeof(*l));
	l->key = xstrndup(key, n);
	l->page = p->npages;
	l->next = p->loc[h];
	p->loc[h] = l;
}

/* Length of label without its ":line" suffix. */
static size_t
label_file(const char *src)
{
	const char	*colon = strrchr(src, ':');

	if (colon != NULL && colon[1] != '\0' &&
	    strspn(colon + 1, "0123456789") == strlen(colon + 1))
		return (size_t)(colon - src);
	return strlen(src);
}

/* Remember the current page for a row's label and for its file. */
static void
loc_add(struct pdf *p, const char *src)
{
	loc_put(p, src, strlen(src));
	loc_put(p, src, label_file(src));
}

size_t
pdf_locate(const struct pdf *p, const char *src)
{
	const struct loc *l;

	if (src == NULL)
		return 0;
	if ((l = loc_find(p, src, strlen(src))) == NULL)
		l = loc_find(p, src, label_file(src));
	return l != NULL ? l->page : 0;
}

/*
 * Draw lines from..from+k of row r at the cursor, on a grey
 * background shade (1: none), and move the cursor below it.
 */
static void
row_draw(struct pdf *p, struct tbl *tb, const struct trow *r, size_t from,
    size_t k, double shade, int head)
{
	const struct pdf_line *l;
	struct pdf_glyph *g;
	double		 h = row_h(tb, k), top = p->y, y;
	size_t		 c, i, n;

	if (tb->locsrc != NULL && r->body) {
		loc_add(p, tb->locsrc);
		tb->locsrc = NULL;
	}
	if (!(tb->t.flags & PDF_TBL_GRID) && !head && tb->onpage == 0)
		hline(p, tb->x[0], tb->x[0] + tb->width, top, 0.8);
	if (shade < 1)
		fill_rect(p, tb->x[0], top - h, tb->width, h, shade);
	for (c = 0; c < tb->t.ncols; c++)
		for (i = from; i < from + k && i < r->nlines[c]; i++) {
			l = &r->lines[c][i];
			y = baseline(p->bf, top - tb->pad - (i - from) * tb->lh,
			    r->size[c], tb->lh);
			n = place(p->bf, r->size[c], r->text[c], l, tb->w[c] -
			    2 * tb->pad, 0, &g);
			draw_glyphs(p, p->bf, cell_x(tb, c, r->text[c], l->width,
			    g, n, head), y, r->size[c], r->style, r->text[c], g,
			    n);
			free(g);
		}
	row_lines(p, tb, r, head, top, h);
	p->y -= h;
	tb->onpage++;
}

static void
head_ensure(struct pdf *p, struct tbl *tb)
{
	if (!tb->hashead || tb->headdrawn)
		return;
	row_draw(p, tb, &tb->head, 0, tb->head.maxl, 0.88, 1);
	tb->headdrawn = 1;
}

/* The carry row of the given kind, made into r; 0 if there is none. */
static int
carry_make(struct pdf *p, struct tbl *tb, enum pdf_carry which,
    struct trow *r)
{
	if (tb->t.carry == NULL || tb->nbody == 0)
		return 0;
	memset(tb->carry, 0, tb->t.ncols * sizeof(*tb->carry));
	if (!tb->t.carry(tb->t.carry_arg, which, tb->carry))
		return 0;
	row_make(p, tb, r, "carry-forward row", tb->carry, PDF_ROW_BOLD);
	return 1;
}

static double
carry_height(struct pdf *p, struct tbl *tb, enum pdf_carry which)
{
	struct trow	 r;
	double		 h = 0;

	p->quiet++;
	if (carry_make(p, tb, which, &r)) {
		h = row_h(tb, r.maxl);
		row_free(&r, tb->t.ncols);
	}
	p->quiet--;
	return h;
}

static void
carry_draw(struct pdf *p, struct tbl *tb, enum pdf_carry which)
{
	struct trow	 r;

	if (carry_make(p, tb, which, &r)) {
		row_draw(p, tb, &r, 0, r.maxl, 1, 0);
		row_free(&r, tb->t.ncols);
	}
}

static void
tbl_close_page(struct pdf *p, struct tbl *tb)
{
	if (!(tb->t.flags & PDF_TBL_GRID) && tb->onpage > 0)
		hline(p, tb->x[0], tb->x[0] + tb->width, p->y, 0.8);
}

/* Leave the page: carry-out row, new page, header again, carry-in row. */
static void
tbl_break(struct pdf *p, struct tbl *tb)
{
	carry_draw(p, tb, PDF_CARRY_OUT);
	tbl_close_page(p, tb);
	page_new(p);
	tb->headdrawn = 0;
	tb->onpage = 0;
	head_ensure(p, tb);
	carry_draw(p, tb, PDF_CARRY_IN);
}

/* Height a row may have on a page the table continues to. */
static double
fresh_room(struct pdf *p, struct tbl *tb, double out)
{
	double	 h = content_top(p) - p->mb - out;

	if (tb->hashead)
		h -= row_h(tb, tb->head.maxl);
	return h - carry_height(p, tb, PDF_CARRY_IN);
}

static double
body_shade(const struct tbl *tb)
{
	return (tb->t.flags & PDF_TBL_ZEBRA) && tb->nbody % 2 == 1 ? 0.94 : 1;
}

/* A row taller than a page: split between lines, as a last resort. */
static void
row_split(struct pdf *p, struct tbl *tb, const struct trow *r, double out)
{
	size_t	 from = 0, k;
	double	 avail;
	int	 fresh = 0;

	head_ensure(p, tb);
	while (from < r->maxl) {
		avail = p->y - p->mb - out - 2 * tb->pad;
		k = avail > 0 ? (size_t)(avail / tb->lh) : 0;
		if (k > r->maxl - from)
			k = r->maxl - from;
		if (k == 0 && !fresh) {
			tbl_break(p, tb);
			fresh = 1;
			continue;
		}
		if (k == 0)
			k = 1;
		row_draw(p, tb, r, from, k, body_shade(tb), 0);
		from += k;
		fresh = 0;
		if (from < r->maxl) {
			tbl_break(p, tb);
			fresh = 1;
		}
	}
}

size_t
pdf_table_page_lines(struct pdf *p)
{
	struct tbl	*tb = p->tbl;
	double		 room;

	if (tb == NULL)
		return 0;
	room = fresh_room(p, tb, carry_height(p, tb, PDF_CARRY_OUT)) -
	    2 * tb->pad;
	return room > 0 ? (size_t)(room / tb->lh) : 0;
}

size_t
pdf_table_row(struct pdf *p, const char *src, const char *const *cells,
    int flags)
{
	struct tbl	*tb = p->tbl;
	struct trow	 r;
	double		 h, out, head;
	size_t		 lines;

	if (p->err || tb == NULL)
		return 0;
	page_ensure(p);
	row_make(p, tb, &r, src, cells, flags);
	h = row_h(tb, r.maxl);
	out = carry_height(p, tb, PDF_CARRY_OUT);
	if ((flags & PDF_ROW_ONEPAGE) && h > fresh_room(p, tb, out)) {
		lines = r.maxl;
		row_free(&r, tb->t.ncols);
		return lines;
	}
	head = tb->hashead && !tb->headdrawn ? row_h(tb, tb->head.maxl) : 0;
	if (p->npend > 0) {
		pend_flush(p, head + out + (h < fresh_room(p, tb, out) ? h :
		    row_h(tb, 1)));
		head = tb->hashead && !tb->headdrawn ?
		    row_h(tb, tb->head.maxl) : 0;
	}
	tb->locsrc = (tb->t.flags & PDF_TBL_LOCATE) && src != NULL ? src :
	    NULL;
	r.body = 1;
	if (p->y - head - h - out >= p->mb) {
		head_ensure(p, tb);
		row_draw(p, tb, &r, 0, r.maxl, body_shade(tb), 0);
	} else if (h <= fresh_room(p, tb, out)) {
		if (at_top(p))
			head_ensure(p, tb);
		else
			tbl_break(p, tb);
		row_draw(p, tb, &r, 0, r.maxl, body_shade(tb), 0);
	} else
		row_split(p, tb, &r, out);
	tb->locsrc = NULL;
	tb->nbody++;
	row_free(&r, tb->t.ncols);
	return 0;
}

/* Column widths: fixed ones first, the rest shared by fraction. */
static void
tbl_widths(struct pdf *p, struct tbl *tb)
{
	const struct pdf_col *c = tb->t.cols;
	double		 fixed = 0, frac = 0, rest;
	size_t		 i, n = tb->t.ncols;

	for (i = 0; i < n; i++)
		if (c[i].mm > 0)
			fixed += c[i].mm * MM;
		else
			frac += c[i].frac > 0 ? c[i].frac : 1;
	rest = content_width(p) - fixed;
	if (rest < 0)
		rest = 0;
	tb->width = 0;
	for (i = 0; i < n; i++) {
		tb->w[i] = c[i].mm > 0 ? c[i].mm * MM :
		    rest * (c[i].frac > 0 ? c[i].frac : 1) / frac;
		tb->x[i] = p->ml + tb->width;
		tb->width += tb->w[i];
	}
}

void
pdf_table_begin(struct pdf *p, const struct pdf_table *t)
{
	struct tbl	*tb;

	if (p->err || t->ncols == 0)
		return;
	page_ensure(p);
	if (p->tbl != NULL)
		pdf_table_end(p);
	tb = xcalloc(1, sizeof(*tb));
	tb->t = *t;
	tb->w = xcalloc(t->ncols, sizeof(*tb->w));
	tb->x = xcalloc(t->ncols, sizeof(*tb->x));
	tb->dec = xcalloc(t->ncols, sizeof(*tb->dec));
	tb->carry = xcalloc(t->ncols, sizeof(*tb->carry));
	tb->size = t->size > 0 ? t->size : p->size * 0.9;
	tb->lh = tb->size * CELL_LEAD;
	tb->pad = tb->size * 0.35;
	tbl_widths(p, tb);
	p->tbl = tb;
}

void
pdf_table_head(struct pdf *p, const char *src, const char *const *cells)
{
	struct tbl	*tb = p->tbl;

	if (p->err || tb == NULL)
		return;
	if (tb->hashead)
		row_free(&tb->head, tb->t.ncols);
	row_make(p, tb, &tb->head, src, cells, PDF_ROW_BOLD);
	tb->hashead = 1;
	tb->headdrawn = 0;
}

static void
tbl_free(struct tbl *tb)
{
	if (tb->hashead)
		row_free(&tb->head, tb->t.ncols);
	free(tb->w);
	free(tb->x);
	free(tb->dec);
	free(tb->carry);
	free(tb);
}

void
pdf_table_end(struct pdf *p)
{
	struct tbl	*tb = p->tbl;

	if (tb == NULL)
		return;
	if (p->err == 0) {
		if (tb->hashead && !tb->headdrawn && tb->nbody == 0) {
			room(p, row_h(tb, tb->head.maxl));
			head_ensure(p, tb);
		}
		tbl_close_page(p, tb);
		p->y -= p->size * 0.8;
	}
	tbl_free(tb);
	p->tbl = NULL;
}

/* ---------------------------------------------------------------- */
/* Bar charts. */

/* A round step (1, 2 or 5 times a power of ten) giving about 5 ticks. */
static int64_t
nice_step(int64_t span)
{
	int64_t	 raw = span / 5 + (span % 5 != 0), p10 = 1;

	if (raw < 1)
		raw = 1;
	while (p10 <= raw / 10)
		p10 *= 10;
	if (raw <= p10)
		return p10;
	if (raw <= 2 * p10)
		return 2 * p10;
	if (raw <= 5 * p10)
		return 5 * p10;
	return 10 * p10;
}

static int64_t
floor_to(int64_t v, int64_t step)
{
	int64_t	 q = v / step;

	if (v % step != 0 && v < 0)
		q--;
	return q * step;
}

static int64_t
ceil_to(int64_t v, int64_t step)
{
	int64_t	 q = v / step;

	if (v % step != 0 && v > 0)
		q++;
	return q * step;
}

struct chart {
	const struct pdf_chart *c;
	const char	*src;
	char		**labels, **vals;
	double		 size, row, x0, x1, top, bottom;
	int64_t		 lo, hi, step;
};

static char *
chart_fmt(struct pdf *p, const struct chart *g, int64_t v)
{
	char	*s, *t;

	if (g->c->fmt != NULL)
		s = g->c->fmt(g->c->fmt_arg, v);
	else
		s = xasprintf("%lld", (long long)v);
	t = clean(p, p->bf, g->src, s);
	free(s);
	return t;
}

static double
chart_x(const struct chart *g, int64_t v)
{
	return g->x0 + (double)(v - g->lo) / (double)(g->hi - g->lo) *
	    (g->x1 - g->x0);
}

/* Scale, labels and value texts; returns the widest label and value. */
static void
chart_prepare(struct pdf *p, struct chart *g, double *labw, double *valw)
{
	const struct pdf_chart *c = g->c;
	int64_t		 lo = 0, hi = 0;
	double		 w;
	size_t		 i;

	g->labels = xcalloc(c->nbars, sizeof(char *));
	g->vals = xcalloc(c->nbars, sizeof(char *));
	*labw = *valw = 0;
	for (i = 0; i < c->nbars; i++) {
		g->labels[i] = clean(p, p->bf, g->src, c->bars[i].label);
		g->vals[i] = chart_fmt(p, g, c->bars[i].value);
		if ((w = text_width(p->bf, g->labels[i], strlen(g->labels[i]),
		    g->size)) > *labw)
			*labw = w;
		if ((w = text_width(p->bf, g->vals[i], strlen(g->vals[i]),
		    g->size)) > *valw)
			*valw = w;
		lo = c->bars[i].value < lo ? c->bars[i].value : lo;
		hi = c->bars[i].value > hi ? c->bars[i].value : hi;
	}
	if (hi == lo)
		hi = lo + 1;
	g->step = nice_step(hi - lo);
	g->lo = floor_to(lo, g->step);
	g->hi = ceil_to(hi, g->step);
	if (*labw > content_width(p) * 0.3)
		*labw = content_width(p) * 0.3;
}

/* Grid lines and tick values under the plot, thinned out if crowded. */
static void
chart_ticks(struct pdf *p, const struct chart *g)
{
	int64_t	 t;
	double	 x, w, last = -1e9;
	char	*s;

	for (t = g->lo; t <= g->hi; t += g->step) {
		x = chart_x(g, t);
		set_gray(p, 0.8);
		vline(p, x, g->bottom, g->top, 0.3);
		set_gray(p, 0);
		s = chart_fmt(p, g, t);
		w = text_width(p->bf, s, strlen(s), g->size);
		if (x - w / 2 > last + g->size * 0.5) {
			put_text(p, p->bf, x - w / 2, g->bottom - g->size * 1.3,
			    g->size, 0, s, strlen(s));
			last = x + w / 2;
		}
		free(s);
	}
}

static void
chart_bars(struct pdf *p, const struct chart *g)
{
	double	 y, x0, xv, w;
	size_t	 i;

	for (i = 0; i < g->c->nbars; i++) {
		y = g->top - (i + 0.5) * g->row;
		x0 = chart_x(g, 0);
		xv = chart_x(g, g->c->bars[i].value);
		HPDF_Page_SetRGBFill(p->page, 0.27f, 0.45f, 0.70f);
		HPDF_Page_Rectangle(p->page, (HPDF_REAL)(xv < x0 ? xv : x0),
		    (HPDF_REAL)(y - g->row * 0.3), (HPDF_REAL)fabs(xv - x0),
		    (HPDF_REAL)(g->row * 0.6));
		HPDF_Page_Fill(p->page);
		HPDF_Page_SetGrayFill(p->page, 0);
		w = text_width(p->bf, g->labels[i], strlen(g->labels[i]), g->size);
		put_text(p, p->bf, g->x0 - 4 - w, y - g->size * 0.35, g->size, 0,
		    g->labels[i], strlen(g->labels[i]));
		w = text_width(p->bf, g->vals[i], strlen(g->vals[i]), g->size);
		put_text(p, p->bf, xv >= x0 ? xv + 3 : xv - 3 - w, y - g->size * 0.35,
		    g->size, 0, g->vals[i], strlen(g->vals[i]));
	}
}

void
pdf_chart(struct pdf *p, const char *src, const struct pdf_chart *c)
{
	struct chart	 g;
	double		 labw, valw, th, tsize = p->size * 1.1, w;
	char		*title;
	size_t		 i;

	if (p->err || c->nbars == 0)
		return;
	page_ensure(p);
	memset(&g, 0, sizeof(g));
	g.c = c;
	g.src = src;
	g.size = p->size * 0.85;
	g.row = g.size * 2;
	chart_prepare(p, &g, &labw, &valw);
	title = clean(p, p->hf, src, c->title);
	th = *title ? tsize * LEAD : 0;
	room(p, th + c->nbars * g.row + g.size * 3);
	w = text_width(p->hf, title, strlen(title), tsize);
	put_text(p, p->hf, p->ml + (content_width(p) - w) / 2,
	    baseline(p->hf, p->y, tsize, th), tsize, PDF_BOLD, title, strlen(title));
	g.top = p->y - th;
	g.bottom = g.top - c->nbars * g.row;
	g.x0 = p->ml + labw + 8;
	g.x1 = p->pw - p->mr - valw - 8;
	chart_ticks(p, &g);
	chart_bars(p, &g);
	vline(p, chart_x(&g, 0), g.bottom, g.top, 0.8);
	hline(p, g.x0, g.x1, g.bottom, 0.8);
	p->y = g.bottom - g.size * 3;
	for (i = 0; i < c->nbars; i++) {
		free(g.labels[i]);
		free(g.vals[i]);
	}
	free(g.labels);
	free(g.vals);
	free(title);
}

/* ---------------------------------------------------------------- */
/* QR codes. */

/* The dark modules of q as filled rectangles, one per run in a row. */
static void
qr_modules(struct pdf *p, const QRcode *q, double x0, double top, double mod)
{
	int	 x, y, run;

	for (y = 0; y < q->width; y++)
		for (x = 0; x < q->width; x += run > 0 ? run : 1) {
			for (run = 0; x + run < q->width &&
			    (q->data[y * q->width + x + run] & 1); run++)
				continue;
			if (run > 0)
				HPDF_Page_Rectangle(p->page,
				    (HPDF_REAL)(x0 + x * mod),
				    (HPDF_REAL)(top - (y + 1) * mod),
				    (HPDF_REAL)(run * mod), (HPDF_REAL)mod);
		}
	HPDF_Page_Fill(p->page);
}

void
pdf_qr(struct pdf *p, const char *src, const char *text, double mm)
{
	QRcode		*q;
	struct pdf_line	*l;
	char		*t;
	double		 side = (mm > 0 ? mm : 30) * MM, size = p->size * 0.8;
	double		 lh = size * 1.3, mod, quiet;
	size_t		 n, i;

	if (p->err || text == NULL || *text == '\0')
		return;
	if ((q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8,
	    1)) == NULL) {
		warn_at(p, src, "pdf.qr", "网址太长，无法生成二维码；"
		    "请缩短 unit.md 中的 base_url");
		return;
	}
	t = clean(p, p->bf, src, text);
	mod = side / (q->width + 8);
	quiet = 4 * mod;
	n = breaklines(p->bf, t, size, content_width(p) - quiet,
	    content_width(p) - quiet, &l);
	room(p, side + n * lh);
	qr_modules(p, q, p->ml + quiet, p->y - quiet, mod);
	p->y -= side - quiet / 2;
	for (i = 0; i < n; i++, p->y -= lh)
		text_line(p, p->bf, p->ml + quiet, baseline(p->bf, p->y, size,
		    lh), size, 0, t, &l[i], content_width(p) - quiet, 0);
	p->y -= p->size * 0.5;
	free(l);
	free(t);
	QRcode_free(q);
}
