/*
 * .xlsx workbooks to positioned records: libzip for the archive,
 * libxml2's xmlTextReader for each part, streamed.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>
#include <zip.h>

#include "date.h"
#include "table.h"
#include "util.h"
#include "xlsx.h"

struct sheetref {
	char	*name;		/* as shown on the sheet's tab */
	char	*part;		/* "xl/worksheets/sheet1.xml" */
};

struct xlsx {
	const char	*path;
	zip_t		*za;
	size_t		 inflated;	/* bytes inflated so far, all parts */
	struct sheetref	*sheets;
	size_t		 nsheets;
	char		**sst;		/* shared strings */
	size_t		 nsst;
	int		*xfdate;	/* per cell style: 0 number, 1 date, 2 time, 3 both */
	size_t		 nxf;
	int		 date1904;
};

/* One part being inflated, with the caps applied as bytes arrive. */
struct part {
	struct xlsx	*x;
	zip_file_t	*zf;
	size_t		 n;
	int		 over;		/* a cap was reached */
	int		 dtd;		/* a document type declaration was refused */
	size_t		 kept;		/* "<!" and "<?" seen: comments, PIs, ... */
	char		 last;		/* the last byte inflated */
};

/* OLE2 compound file: .xls, .et, or an encrypted .xlsx. */
static const unsigned char ole2[8] = {
	0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1
};

char *
xlsx_colname(int col, char *buf)
{
	char	 tmp[8];
	int	 n = 0, i;

	while (col > 0 && n < 7) {
		tmp[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
	return buf;
}

/*
 * Count the comments, processing instructions and other "<!" markup in
 * bytes as they inflate; 0, or -1 past XLSX_MAX_KEPT.  libxml2's reader
 * parses ahead over them and keeps each one (some 150 bytes) until the
 * part ends, so 60 MB of "<!---->" would take 1.4 GB, and no
 * spreadsheet program writes more than a few.
 */
static int
count_kept(struct part *p, const char *buf, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if ((i > 0 ? buf[i - 1] : p->last) == '<' &&
		    (buf[i] == '!' || buf[i] == '?'))
			p->kept++;
	}
	if (n > 0)
		p->last = buf[n - 1];
	return p->kept > XLSX_MAX_KEPT ? -1 : 0;
}

static int
part_read(void *ctx, char *buf, int len)
{
	struct part	*p = ctx;
	zip_int64_t	 r;
	size_t		 room = XLSX_MAX_PART - p->n;

	if (XLSX_MAX_TOTAL - p->x->inflated < room)
		room = XLSX_MAX_TOTAL - p->x->inflated;
	if (room == 0) {
		p->over = 1;
		return -1;
	}
	if ((size_t)len > room)
		len = (int)room;
	if ((r = zip_fread(p->zf, buf, (zip_uint64_t)len)) < 0)
		return -1;
	p->n += (size_t)r;
	p->x->inflated += (size_t)r;
	if (count_kept(p, buf, (size_t)r) != 0)
		return -1;
	return (int)r;
}

static int
part_close(void *ctx)
{
	struct part	*p = ctx;

	zip_fclose(p->zf);
	p->zf = NULL;
	return 0;
}

/* Silence libxml2's own printing; errors are seen through return codes. */
static void
quiet(void *arg, const char *msg, xmlParserSeverities sev,
    xmlTextReaderLocatorPtr loc)
{
	(void)arg, (void)msg, (void)sev, (void)loc;
}

/*
 * A reader on a part of the archive; NULL when the part is absent.
 * The parser never loads a DTD, never substitutes entities and never
 * touches the network.
 */
static xmlTextReaderPtr
part_open(struct xlsx *x, const char *name, struct part *p)
{
	xmlTextReaderPtr	 r;

	zip_stat_t		 st;

	memset(p, 0, sizeof(*p));
	p->x = x;
	zip_stat_init(&st);
	if (zip_stat(x->za, name, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
	    st.size > XLSX_MAX_PART) {
		p->over = 1;	/* declared too big: refused before inflating */
		return NULL;
	}
	if ((p->zf = zip_fopen(x->za, name, 0)) == NULL)
		return NULL;
	r = xmlReaderForIO(part_read, part_close, p, name, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (r == NULL) {
		part_close(p);
		return NULL;
	}
	xmlTextReaderSetErrorHandler(r, quiet, NULL);
	return r;
}

/*
 * Next node; 1 while there is one, 0 at the end, -1 on an error.  A
 * document type declaration is refused: workbooks have none, and it
 * is how entity expansion attacks begin.
 */
static int
next(xmlTextReaderPtr r, struct part *p)
{
	int	 rc = xmlTextReaderRead(r);

	if (rc == 1 && xmlTextReaderNodeType(r) == XML_READER_TYPE_DOCUMENT_TYPE) {
		p->dtd = 1;
		return -1;
	}
	return rc;
}

static int
is_elem(xmlTextReaderPtr r, const char *name)
{
	return xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT &&
	    strcmp((const char *)xmlTextReaderConstLocalName(r), name) == 0;
}

static int
is_end(xmlTextReaderPtr r, const char *name)
{
	return xmlTextReaderNodeType(r) == XML_READER_TYPE_END_ELEMENT &&
	    strcmp((const char *)xmlTextReaderConstLocalName(r), name) == 0;
}

/* An attribute by local name (any namespace); caller frees; NULL if absent. */
static char *
attr(xmlTextReaderPtr r, const char *name)
{
	xmlChar	*v;
	char	*s;
	int	 ok;

	for (ok = xmlTextReaderMoveToFirstAttribute(r); ok == 1;
	    ok = xmlTextReaderMoveToNextAttribute(r))
		if (strcmp((const char *)xmlTextReaderConstLocalName(r),
		    name) == 0) {
			v = xmlTextReaderValue(r);
			s = xstrdup(v ? (const char *)v : "");
			xmlFree(v);
			xmlTextReaderMoveToElement(r);
			return s;
		}
	xmlTextReaderMoveToElement(r);
	return NULL;
}

static void
text_add(struct buf *b, xmlTextReaderPtr r)
{
	xmlChar	*v = xmlTextReaderReadString(r);

	if (v != NULL)
		buf_adds(b, (const char *)v);
	xmlFree(v);
}

/*
 * Rich text as shown: the <t> runs of an <si> or <is> element, without
 * the phonetic guides (<rPh>) East Asian Excel stores beside them.  The
 * reader is on the opening element; returns 0 or -1 on a parse error.
 */
static int
rich_text(xmlTextReaderPtr r, struct part *p, const char *elem, struct buf *b)
{
	int	 rc, inph = 0;

	buf_reset(b);
	if (xmlTextReaderIsEmptyElement(r))
		return 0;
	while ((rc = next(r, p)) == 1) {
		if (is_end(r, elem))
			return 0;
		if (is_elem(r, "rPh") && !xmlTextReaderIsEmptyElement(r))
			inph = 1;
		else if (is_end(r, "rPh"))
			inph = 0;
		else if (is_elem(r, "t") && !inph)
			text_add(b, r);
	}
	return -1;
}

static void
read_fail(struct xlsx *x, const char *part, const struct part *p,
    struct diag *d)
{
	if (p->dtd)
		diag_add(d, SEV_ERROR, "input.xlsx-hostile", x->path, 0, 0,
		    "工作簿的 %s 含有 DTD 声明(Excel 和 WPS 从不写入,可能是恶意文件),"
		    "已拒绝读取;请用 Excel 或 WPS 另存为新的 .xlsx,或导出为 CSV", part);
	else if (p->kept > XLSX_MAX_KEPT)
		diag_add(d, SEV_ERROR, "input.xlsx-hostile", x->path, 0, 0,
		    "工作簿的 %s 含有上万条注释或处理指令(Excel 和 WPS 从不写入,"
		    "可能是恶意文件),已拒绝读取;请用 Excel 或 WPS 另存为新的 "
		    ".xlsx,或导出为 CSV", part);
	else if (p->over)
		diag_add(d, SEV_ERROR, "input.xlsx-size", x->path, 0, 0,
		    "工作簿解压后超过 %u MB(%s),可能是恶意文件;请用 Excel 或 WPS "
		    "打开后另存为新的 .xlsx,或导出为 CSV", XLSX_MAX_PART >> 20,
		    part);
	else
		diag_add(d, SEV_ERROR, "input.xlsx-damaged", x->path, 0, 0,
		    "工作簿已损坏(%s 不是有效的 XML);请用 Excel 或 WPS 打开后"
		    "另存为 .xlsx,或导出为 CSV", part);
}

/* Shared strings; 0, or -1 after an error finding. */
static int
load_sst(struct xlsx *x, const char *name, struct diag *d)
{
	struct part		 p;
	xmlTextReaderPtr	 r;
	struct buf		 b = { NULL, 0, 0 };
	size_t			 cap = 0;
	int			 rc;

	if ((r = part_open(x, name, &p)) == NULL)
		return p.over ? (read_fail(x, name, &p, d), -1) : 0;
	while ((rc = next(r, &p)) == 1)
		if (is_elem(r, "si")) {
			if ((rc = rich_text(r, &p, "si", &b)) != 0)
				break;
			x->sst = xgrow(x->sst, &cap, x->nsst + 1,
			    sizeof(*x->sst));
			x->sst[x->nsst++] = xstrdup(b.s ? b.s : "");
		}
	xmlFreeTextReader(r);
	buf_free(&b);
	if (rc != 0)
		read_fail(x, name, &p, d);
	return rc == 0 ? 0 : -1;
}

/*
 * Does a custom number format show a date or a time?  Quoted text,
 * escaped characters and [bracketed] colours or locales are skipped;
 * what is left is a date if it has y, d or m, a time if h or s.
 * Returns 0, 1 (date), 2 (time) or 3 (date and time).
 */
static int
format_kind(const char *f)
{
	int	 date = 0, time = 0;

	for (; *f != '\0'; f++) {
		if (*f == '"') {
			while (f[1] != '\0' && f[1] != '"')
				f++;
			if (f[1] != '\0')
				f++;
		} else if (*f == '\\' && f[1] != '\0')
			f++;
		else if (*f == '[') {
			while (f[1] != '\0' && f[1] != ']')
				f++;
		} else if (strchr("yYdD", *f) != NULL)
			date = 1;
		else if (strchr("hHsS", *f) != NULL)
			time = 2;
		else if (*f == 'm' || *f == 'M')
			date = date ? date : 4;
		else if (*f == ';')
			break;		/* the positive section decides */
	}
	if (date == 4)		/* m alone is a month, beside h a minute */
		date = time ? 0 : 1;
	return date | time;
}

/* Built-in formats that show dates or times (including the CJK ones). */
static int
builtin_kind(int id)
{
	if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) ||
	    (id >= 34 && id <= 36) || (id >= 50 && id <= 58))
		return 1;
	if ((id >= 18 && id <= 21) || (id >= 32 && id <= 33) ||
	    (id >= 45 && id <= 47))
		return 2;
	return id == 22 ? 3 : 0;
}

struct numfmt {
	int	 id;
	int	 kind;
};

/* One <xf> of cellXfs: the kind of its number format. */
static int
xf_kind(xmlTextReaderPtr r, const struct numfmt *f, size_t nf)
{
	char	*v = attr(r, "numFmtId");
	int	 id = v ? atoi(v) : 0;
	size_t	 i;

	free(v);
	for (i = 0; i < nf; i++)
		if (f[i].id == id)
			return f[i].kind;
	return builtin_kind(id);
}

/* Cell styles: which show dates.  0, or -1 after an error finding. */
static int
load_styles(struct xlsx *x, const char *name, struct diag *d)
{
	struct part		 p;
	xmlTextReaderPtr	 r;
	struct numfmt		*f = NULL;
	size_t			 nf = 0, fcap = 0, xcap = 0;
	int			 rc, inxfs = 0;
	char			*id, *code;

	if ((r = part_open(x, name, &p)) == NULL)
		return p.over ? (read_fail(x, name, &p, d), -1) : 0;
	while ((rc = next(r, &p)) == 1) {
		if (is_elem(r, "numFmt")) {
			id = attr(r, "numFmtId");
			code = attr(r, "formatCode");
			f = xgrow(f, &fcap, nf + 1, sizeof(*f));
			f[nf].id = id ? atoi(id) : -1;
			f[nf++].kind = format_kind(code ? code : "");
			free(id);
			free(code);
		} else if (is_elem(r, "cellXfs"))
			inxfs = !xmlTextReaderIsEmptyElement(r);
		else if (is_end(r, "cellXfs"))
			inxfs = 0;
		else if (inxfs && is_elem(r, "xf")) {
			x->xfdate = xgrow(x->xfdate, &xcap, x->nxf + 1,
			    sizeof(*x->xfdate));
			x->xfdate[x->nxf++] = xf_kind(r, f, nf);
		}
	}
	xmlFreeTextReader(r);
	free(f);
	if (rc != 0)
		read_fail(x, name, &p, d);
	return rc == 0 ? 0 : -1;
}

/*
 * A relationship target as an archive name: "worksheets/sheet1.xml"
 * is relative to xl/, "/xl/worksheets/sheet1.xml" absolute.
 */
static char *
target_name(const char *t)
{
	if (t[0] == '/')
		return xstrdup(t + 1);
	return xasprintf("xl/%s", t);
}

struct rel {
	char	*id;
	char	*target;
	int	 sst, styles;
};

static void
rels_free(struct rel *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].id);
		free(v[i].target);
	}
	free(v);
}

/* xl/_rels/workbook.xml.rels; -1 on a parse error. */
static int
load_rels(struct xlsx *x, struct rel **out, size_t *n, struct part *p)
{
	xmlTextReaderPtr	 r;
	struct rel		*v = NULL;
	size_t			 cap = 0;
	char			*type, *t;
	int			 rc;

	*n = 0;
	if ((r = part_open(x, "xl/_rels/workbook.xml.rels", p)) == NULL) {
		*out = NULL;
		return -1;
	}
	while ((rc = next(r, p)) == 1)
		if (is_elem(r, "Relationship")) {
			v = xgrow(v, &cap, *n + 1, sizeof(*v));
			v[*n].id = attr(r, "Id");
			t = attr(r, "Target");
			type = attr(r, "Type");
			v[*n].target = target_name(t ? t : "");
			v[*n].sst = type && strstr(type, "/sharedStrings");
			v[*n].styles = type && strstr(type, "/styles");
			free(t);
			free(type);
			(*n)++;
		}
	xmlFreeTextReader(r);
	*out = v;
	return rc == 0 ? 0 : -1;
}

static const char *
rel_target(const struct rel *v, size_t n, const char *id)
{
	size_t	 i;

	for (i = 0; id != NULL && i < n; i++)
		if (v[i].id != NULL && strcmp(v[i].id, id) == 0)
			return v[i].target;
	return NULL;
}

/* xl/workbook.xml: the sheets in tab order, and the date system. */
static int
load_workbook(struct xlsx *x, const struct rel *rels, size_t nrels,
    struct part *p)
{
	xmlTextReaderPtr	 r;
	size_t			 cap = 0;
	const char		*t;
	char			*name, *id, *v;
	int			 rc;

	if ((r = part_open(x, "xl/workbook.xml", p)) == NULL)
		return -1;
	while ((rc = next(r, p)) == 1)
		if (is_elem(r, "workbookPr")) {
			v = attr(r, "date1904");
			x->date1904 = v && (strcmp(v, "1") == 0 ||
			    strcmp(v, "true") == 0);
			free(v);
		} else if (is_elem(r, "sheet")) {
			name = attr(r, "name");
			id = attr(r, "id");
			if ((t = rel_target(rels, nrels, id)) != NULL) {
				x->sheets = xgrow(x->sheets, &cap,
				    x->nsheets + 1, sizeof(*x->sheets));
				x->sheets[x->nsheets].name =
				    xstrdup(name ? name : "");
				x->sheets[x->nsheets++].part = xstrdup(t);
			}
			free(name);
			free(id);
		}
	xmlFreeTextReader(r);
	return rc == 0 ? 0 : -1;
}

/* The workbook's parts other than the sheets themselves. */
static int
load_parts(struct xlsx *x, struct diag *d)
{
	struct rel	*rels;
	struct part	 p;
	size_t		 n, i;
	int		 rc = 0;

	if (load_rels(x, &rels, &n, &p) != 0 ||
	    load_workbook(x, rels, n, &p) != 0) {
		read_fail(x, "xl/workbook.xml", &p, d);
		rels_free(rels, n);
		return -1;
	}
	for (i = 0; i < n && rc == 0; i++)
		if (rels[i].sst)
			rc = load_sst(x, rels[i].target, d);
		else if (rels[i].styles)
			rc = load_styles(x, rels[i].target, d);
	rels_free(rels, n);
	return rc;
}

/* Is there "EncryptedPackage" (UTF-16LE) in an OLE2 file's directory? */
static int
ole2_encrypted(const unsigned char *s, size_t len)
{
	static const char	 name[] = "EncryptedPackage";
	size_t			 i, k, n = sizeof(name) - 1;

	for (i = 0; i + 2 * n <= len; i++) {
		for (k = 0; k < n; k++)
			if (s[i + 2 * k] != (unsigned char)name[k] ||
			    s[i + 2 * k + 1] != 0)
				break;
		if (k == n)
			return 1;
	}
	return 0;
}

/* Refuse what is not a zip archive, with the reason a clerk can act on. */
static int
not_xlsx(const char *path, const unsigned char *s, size_t len,
    struct diag *d)
{
	if (len >= 8 && memcmp(s, ole2, 8) == 0) {
		if (ole2_encrypted(s, len))
			diag_add(d, SEV_ERROR, "input.xlsx-encrypted", path, 0, 0,
			    "工作簿设置了打开密码,无法读取;请在 Excel 或 WPS 中"
			    "取消密码(文件→信息→保护工作簿)后另存为 .xlsx");
		else
			diag_add(d, SEV_ERROR, "input.xls", path, 0, 0,
			    "这是旧版 Excel(.xls)或 WPS(.et)格式的文件,无法读取;"
			    "请在 Excel 或 WPS 中另存为 .xlsx 或 CSV");
		return 1;
	}
	if (len < 4 || memcmp(s, "PK\3\4", 4) != 0) {
		diag_add(d, SEV_ERROR, "input.xlsx-damaged", path, 0, 0,
		    "不是 Excel 工作簿(.xlsx),或文件已损坏;请用 Excel 或 WPS "
		    "打开后另存为 .xlsx,或导出为 CSV");
		return 1;
	}
	return 0;
}

struct xlsx *
xlsx_open(const char *path, const void *bytes, size_t len, struct diag *d)
{
	struct xlsx	*x;
	zip_source_t	*zs;
	zip_error_t	 ze;

	if (not_xlsx(path, bytes, len, d))
		return NULL;
	x = xcalloc(1, sizeof(*x));
	x->path = path;
	zip_error_init(&ze);
	if ((zs = zip_source_buffer_create(bytes, len, 0, &ze)) == NULL ||
	    (x->za = zip_open_from_source(zs, ZIP_RDONLY | ZIP_CHECKCONS,
	    &ze)) == NULL) {
		zip_source_free(zs);
		zip_error_fini(&ze);
		diag_add(d, SEV_ERROR, "input.xlsx-damaged", path, 0, 0,
		    "工作簿已损坏,无法打开;请用 Excel 或 WPS 打开后另存为 "
		    ".xlsx,或导出为 CSV");
		free(x);
		return NULL;
	}
	zip_error_fini(&ze);
	if (load_parts(x, d) != 0) {
		xlsx_free(x);
		return NULL;
	}
	return x;
}

void
xlsx_free(struct xlsx *x)
{
	size_t	 i;

	if (x == NULL)
		return;
	for (i = 0; i < x->nsheets; i++) {
		free(x->sheets[i].name);
		free(x->sheets[i].part);
	}
	free(x->sheets);
	for (i = 0; i < x->nsst; i++)
		free(x->sst[i]);
	free(x->sst);
	free(x->xfdate);
	if (x->za != NULL)
		zip_discard(x->za);
	free(x);
}

size_t
xlsx_nsheets(const struct xlsx *x)
{
	return x->nsheets;
}

const char *
xlsx_sheet_name(const struct xlsx *x, size_t i)
{
	return x->sheets[i].name;
}

/* A cell as read, before the records are laid out. */
struct xcell {
	int		 row, col;
	char		*s;
	unsigned	 flags;
	size_t		 seq;		/* order read, so the first of two wins */
};

/* State while streaming one sheet. */
struct sheet {
	struct xlsx	*x;
	struct part	*part;		/* the sheet's part being read */
	const char	*where;
	struct diag	*d;
	struct xcell	*v;
	size_t		 n, cap;
	int		 row, col;	/* the current or last cell */
	int		 errors;
	int		 outside;	/* a row or column past Excel's limits */
	/* the <c> being read */
	char		*type;
	int		 style;
	int		 hasf, hasv;
	struct buf	 val;
};

/* "F14" -> column 6, row 14; 0 if malformed. */
static int
cell_ref(const char *s, int *col, int *row)
{
	long	 c = 0, r = 0;

	for (; isupper((unsigned char)*s); s++)
		if ((c = c * 26 + (*s - 'A' + 1)) > 16384)
			return 0;
	for (; isdigit((unsigned char)*s); s++)
		if ((r = r * 10 + (*s - '0')) > 1048576)
			return 0;
	*col = (int)c;
	*row = (int)r;
	return *s == '\0' && c > 0 && r > 0;
}

static void
cell_add(struct sheet *sh, int row, int col, char *s, unsigned flags)
{
	struct xcell	*c;

	sh->v = xgrow(sh->v, &sh->cap, sh->n + 1, sizeof(*sh->v));
	c = &sh->v[sh->n++];
	c->row = row;
	c->col = col;
	c->s = s;
	c->flags = flags;
	c->seq = sh->n - 1;
}

/* An error at the current cell; fmt's one %s is arg quoted, or nothing. */
static void
cell_error(struct sheet *sh, const char *code, const char *fmt,
    const char *arg)
{
	char	*q = arg != NULL ? diag_quote(arg) : xstrdup("");

	diag_add(sh->d, SEV_ERROR, code, sh->where, sh->row, sh->col, fmt, q);
	free(q);
	sh->errors++;
}

/*
 * A serial date or time as text the date parser reads: "2023-09-01",
 * "2023-09-01 11:30" or "11:30".  Serial 60 in the 1900 system is
 * Excel's 1900-02-29, a day that never was.
 */
static char *
serial_text(double v, int kind, int date1904)
{
	long	 days = (long)floor(v), mins;
	int	 y, m, dd, base;

	mins = lround((v - (double)days) * 1440.0);
	if (mins == 1440) {
		days++;
		mins = 0;
	}
	if (kind == 2)
		return xasprintf("%02ld:%02ld", mins / 60, mins % 60);
	if (!date1904 && days == 60)
		return xstrdup("1900-02-29");
	base = date1904 ? date_from_ymd(1904, 1, 1) :
	    date_from_ymd(1899, 12, days < 60 ? 31 : 30);
	date_to_ymd(base + (int)days, &y, &m, &dd);
	if (kind == 1 || mins == 0)
		return xasprintf("%04d-%02d-%02d", y, m, dd);
	return xasprintf("%04d-%02d-%02d %02ld:%02ld", y, m, dd, mins / 60,
	    mins % 60);
}

/*
 * A number as Excel's General format shows it: 15 significant digits,
 * so the binary noise of 12.300000000000001 is gone; whole numbers up
 * to 15 digits in full.
 */
static char *
number_text(double v)
{
	char	 b[64];

	if (v == 0)
		return xstrdup("0");
	if (fabs(v) < 1e15 && v == floor(v))
		snprintf(b, sizeof(b), "%.0f", v);
	else
		snprintf(b, sizeof(b), "%.15g", v);
	return xstrdup(b);
}

/* Text of the <c> just ended, by its type; NULL if it is empty or bad. */
static char *
cell_text(struct sheet *sh, unsigned *flags)
{
	const char	*t = sh->type ? sh->type : "n", *v = sh->val.s ? sh->val.s : "";
	char		*end;
	double		 num;
	size_t		 i;
	int		 kind;

	*flags = 0;
	if (sh->hasf && (!sh->hasv || (v[0] == '\0' && strcmp(t, "str") != 0))) {
		cell_error(sh, "input.formula", "公式没有保存计算结果%s;请在 Excel "
		    "或 WPS 中打开并保存一次,再重新运行", NULL);
		*flags = CELL_REPORTED;
		return xstrdup("");
	}
	if (!sh->hasv)
		return NULL;
	if (strcmp(t, "s") == 0) {
		i = (size_t)strtoul(v, &end, 10);
		if (*v == '\0' || *end != '\0' || i >= sh->x->nsst) {
			cell_error(sh, "input.xlsx-damaged", "工作簿已损坏(共享字符串 "
			    "%s 不存在);请用 Excel 或 WPS 打开后另存", v);
			return NULL;
		}
		return xstrdup(sh->x->sst[i]);
	}
	if (strcmp(t, "e") == 0) {
		cell_error(sh, "input.excel-error", "单元格是 Excel 错误值 %s;请改正"
		    "公式或所引用的单元格,再保存", v);
		*flags = CELL_REPORTED;
		return xstrdup(v);
	}
	if (strcmp(t, "b") == 0)
		return xstrdup(strcmp(v, "1") == 0 ? "TRUE" : "FALSE");
	if (strcmp(t, "n") != 0)	/* str, inlineStr, d (ISO 8601 text) */
		return xstrdup(v);
	num = strtod(v, &end);
	if (*v == '\0' || *end != '\0' || !isfinite(num)) {
		cell_error(sh, "input.xlsx-damaged", "工作簿已损坏(数值 %s "
		    "无法读取);请用 Excel 或 WPS 打开后另存", v);
		return NULL;
	}
	kind = sh->style >= 0 && (size_t)sh->style < sh->x->nxf ?
	    sh->x->xfdate[sh->style] : 0;
	if (kind != 0 && num >= 0 && num < 2958466)
		return serial_text(num, kind, sh->x->date1904);
	*flags = CELL_NUMBER;
	return number_text(num);
}

/* The start of a <c>: its position, type and style. */
static void
cell_start(struct sheet *sh, xmlTextReaderPtr r)
{
	char	*ref = attr(r, "r"), *s = attr(r, "s");
	int	 col, row;

	if (ref != NULL && cell_ref(ref, &col, &row)) {
		sh->col = col;
		sh->row = row;
	} else
		sh->col++;
	free(ref);
	free(sh->type);
	sh->type = attr(r, "t");
	sh->style = s ? atoi(s) : 0;
	free(s);
	sh->hasf = sh->hasv = 0;
	buf_reset(&sh->val);
}

static void
cell_end(struct sheet *sh)
{
	unsigned	 flags;
	size_t		 cut;
	char		*s;

	if ((s = cell_text(sh, &flags)) == NULL)
		return;
	if (s[0] == '\0' && !(flags & CELL_REPORTED)) {
		free(s);
		return;
	}
	if (sh->col > XLSX_MAX_COLS) {
		free(s);
		diag_add(sh->d, SEV_ERROR, "input.xlsx-size", sh->where, sh->row,
		    0, "第 %d 列有内容,超出 %d 列;请删除右侧多余的列",
		    sh->col, XLSX_MAX_COLS);
		sh->errors++;
		return;
	}
	if (strlen(s) > TABLE_CELL_MAX) {
		diag_add(sh->d, SEV_ERROR, "input.cell-size", sh->where,
		    sh->row, sh->col, "单元格有 %zu 字节,超过 %d 字节(%d KB)"
		    "的上限;一格只写一两句话,详情请写进工作总结或另附文件",
		    strlen(s), TABLE_CELL_MAX, TABLE_CELL_MAX / 1024);
		sh->errors++;
		cut = TABLE_CELL_MAX;
		while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
			cut--;
		s[cut] = '\0';
	}
	cell_add(sh, sh->row, sh->col, s, flags);
}

/* A <mergeCell ref="A1:B2">: the top-left value fills the range. */
static void
merge(struct sheet *sh, const char *ref)
{
	const char	*colon = strchr(ref, ':');
	char		*a;
	int		 c1, r1, c2, r2, ok, r, c;
	size_t		 i, n = sh->n;

	if (colon == NULL)
		return;
	a = xstrndup(ref, (size_t)(colon - ref));
	ok = cell_ref(a, &c1, &r1) && cell_ref(colon + 1, &c2, &r2);
	free(a);
	if (!ok || c2 > XLSX_MAX_COLS || (long)(r2 - r1 + 1) *
	    (c2 - c1 + 1) > 100000)
		return;
	for (i = 0; i < n; i++)
		if (sh->v[i].row == r1 && sh->v[i].col == c1)
			break;
	if (i == n)
		return;
	for (r = r1; r <= r2; r++)
		for (c = c1; c <= c2; c++)
			if (r != r1 || c != c1)
				cell_add(sh, r, c, xstrdup(sh->v[i].s),
				    sh->v[i].flags);
}

/* One node of a sheet. */
static int
sheet_node(struct sheet *sh, xmlTextReaderPtr r, struct buf *tmp)
{
	char	*v;

	if (is_elem(r, "row")) {
		v = attr(r, "r");
		sh->row = v ? atoi(v) : sh->row + 1;
		sh->col = 0;
		free(v);
		if (sh->row < 1 || sh->row > 1048576)
			sh->outside = 1;
	} else if (is_elem(r, "c")) {
		cell_start(sh, r);
		if (sh->col > 16384)
			sh->outside = 1;
		else if (xmlTextReaderIsEmptyElement(r))
			cell_end(sh);
	} else if (is_end(r, "c"))
		cell_end(sh);
	else if (is_elem(r, "f"))
		sh->hasf = 1;
	else if (is_elem(r, "v")) {
		sh->hasv = 1;
		text_add(&sh->val, r);
	} else if (is_elem(r, "is")) {
		if (rich_text(r, sh->part, "is", tmp) != 0)
			return -1;
		sh->hasv = 1;
		buf_adds(&sh->val, tmp->s ? tmp->s : "");
	} else if (is_elem(r, "mergeCell")) {
		v = attr(r, "ref");
		if (v != NULL)
			merge(sh, v);
		free(v);
	}
	return 0;
}

static int
cmp_cell(const void *a, const void *b)
{
	const struct xcell	*x = a, *y = b;

	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Cells of a record that had no value become empty strings. */
static void
fill_empty(struct csvrec *rec)
{
	int	 i;

	for (i = 0; i < rec->n; i++)
		if (rec->cells[i].s == NULL) {
			rec->cells[i].s = xstrdup("");
			rec->cells[i].line = rec->line;
		}
}

/*
 * Lay the cells out as records: one per row with a value, all as wide
 * as the widest.  A cell given twice (a merge over a value) keeps the
 * first.  The cell strings move into the records.
 */
static void
layout(struct sheet *sh, struct csvrec **recs, size_t *nrecs)
{
	size_t	 i, n = 0, cap = 0;
	int	 width = 0;
	struct csvrec	*v = NULL, *rec;

	if (sh->n > 1)
		qsort(sh->v, sh->n, sizeof(*sh->v), cmp_cell);
	for (i = 0; i < sh->n; i++)
		if (sh->v[i].col > width)
			width = sh->v[i].col;
	for (i = 0; i < sh->n; i++) {
		if (n == 0 || v[n - 1].line != sh->v[i].row) {
			v = xgrow(v, &cap, n + 1, sizeof(*v));
			rec = &v[n++];
			rec->line = sh->v[i].row;
			rec->n = width;
			rec->cells = xcalloc((size_t)width, sizeof(*rec->cells));
		}
		rec = &v[n - 1];
		if (rec->cells[sh->v[i].col - 1].s != NULL) {
			free(sh->v[i].s);
			continue;
		}
		rec->cells[sh->v[i].col - 1].s = sh->v[i].s;
		rec->cells[sh->v[i].col - 1].line = rec->line;
		rec->cells[sh->v[i].col - 1].flags = sh->v[i].flags;
	}
	for (i = 0; i < n; i++)
		fill_empty(&v[i]);
	*recs = v;
	*nrecs = n;
}

int
xlsx_sheet(struct xlsx *x, size_t i, const char *where,
    struct csvrec **recs, size_t *nrecs, struct diag *d)
{
	struct sheet		 sh;
	struct part		 p;
	struct buf		 tmp = { NULL, 0, 0 };
	xmlTextReaderPtr	 r;
	int			 rc;
	size_t			 k;

	memset(&sh, 0, sizeof(sh));
	sh.x = x;
	sh.where = where;
	sh.d = d;
	sh.part = &p;
	*recs = NULL;
	*nrecs = 0;
	if ((r = part_open(x, x->sheets[i].part, &p)) == NULL) {
		read_fail(x, x->sheets[i].part, &p, d);
		return -1;
	}
	while ((rc = next(r, &p)) == 1 && !sh.outside)
		if (sheet_node(&sh, r, &tmp) != 0) {
			rc = -1;
			break;
		}
	xmlFreeTextReader(r);
	if (sh.outside)
		diag_add(d, SEV_ERROR, "input.xlsx-size", x->path, 0, 0,
		    "工作表\"%s\"的行或列超出 Excel 的上限(1048576 行,16384 列),"
		    "文件已损坏或是恶意文件;请用 Excel 或 WPS 另存为新的 .xlsx",
		    x->sheets[i].name);
	else if (rc != 0)
		read_fail(x, x->sheets[i].part, &p, d);
	if (rc != 0 || sh.outside) {
		sh.errors = -1;
		for (k = 0; k < sh.n; k++)
			free(sh.v[k].s);
		sh.n = 0;
	}
	layout(&sh, recs, nrecs);
	free(sh.v);
	free(sh.type);
	buf_free(&sh.val);
	buf_free(&tmp);
	return sh.errors;
}
