/*
 * PDF/A-2b for libharu documents: XMP metadata, the sRGB OutputIntent,
 * annotation print flags and a content-derived trailer /ID.  What a
 * PDF/A-2b file must be is checked clause by clause by tests/pdfa.py.
 *
 * The XMP packet is derived from the document's Info dictionary at
 * save time (title, author, subject, keywords, creator, producer,
 * dates), so the two cannot disagree.  The /ID is written by libharu
 * as a 16-byte placeholder and replaced in the saved bytes by the
 * first 16 bytes of the SHA-256 of the whole file (placeholder
 * included), the same for both halves of the array, in the saved
 * file itself.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_list.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include "digest.h"
#include "pdfa.h"
#include "util.h"

#define ID_LEN		16
#define ID_MARK		"/ID [ <"
#define ID_TAIL		4096	/* the trailer is in the last bytes */
#define ICC_MAX		(4 * 1024 * 1024)

static const unsigned char id_placeholder[ID_LEN] = {
	's', 'u', 'n', 'l', 'i', 'g', 'h', 't',
	'-', 'p', 'd', 'f', 'a', '-', 'i', 'd'
};

/* Append s to b with the five XML escapes; drops XML-invalid controls. */
static void
xml_escape(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++)
		switch (*s) {
		case '&':
			buf_adds(b, "&amp;");
			break;
		case '<':
			buf_adds(b, "&lt;");
			break;
		case '>':
			buf_adds(b, "&gt;");
			break;
		case '"':
			buf_adds(b, "&quot;");
			break;
		default:
			if ((unsigned char)*s >= 0x20 || *s == '\t' ||
			    *s == '\n' || *s == '\r')
				buf_addc(b, *s);
		}
}

/* <tag>value</tag>, or <tag><rdf:kind><rdf:li ...>value</...> for arrays. */
static void
xmp_prop(struct buf *b, const char *tag, const char *kind, const char *v)
{
	if (v == NULL || *v == '\0')
		return;
	buf_addf(b, "   <%s>", tag);
	if (kind != NULL)
		buf_addf(b, "<rdf:%s><rdf:li%s>", kind,
		    strcmp(kind, "Alt") == 0 ? " xml:lang=\"x-default\"" : "");
	xml_escape(b, v);
	if (kind != NULL)
		buf_addf(b, "</rdf:li></rdf:%s>", kind);
	buf_addf(b, "</%s>\n", tag);
}

/*
 * An Info date "D:YYYYMMDDHHmmSS+hh'mm'" (or "Z") as the XMP date
 * "YYYY-MM-DDTHH:mm:SS+hh:mm"; NULL if it is not in that shape.
 */
static char *
xmp_date(const char *d)
{
	size_t	 i;

	if (d == NULL || strncmp(d, "D:", 2) != 0 || strlen(d) < 16)
		return NULL;
	for (i = 2; i < 16; i++)
		if (d[i] < '0' || d[i] > '9')
			return NULL;
	if (d[16] == 'Z' || d[16] == '\0')
		return xasprintf("%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ", d + 2,
		    d + 6, d + 8, d + 10, d + 12, d + 14);
	if ((d[16] != '+' && d[16] != '-') || strlen(d) < 22 ||
	    d[19] != '\'')
		return NULL;
	return xasprintf("%.4s-%.2s-%.2sT%.2s:%.2s:%.2s%c%.2s:%.2s", d + 2,
	    d + 6, d + 8, d + 10, d + 12, d + 14, d[16], d + 17, d + 20);
}

/* The XMP packet for doc, from its Info dictionary. */
static void
xmp_build(HPDF_Doc doc, struct buf *b)
{
	char	*cd = xmp_date(HPDF_GetInfoAttr(doc, HPDF_INFO_CREATION_DATE));
	char	*md = xmp_date(HPDF_GetInfoAttr(doc, HPDF_INFO_MOD_DATE));

	buf_adds(b, "<?xpacket begin=\"\xef\xbb\xbf\" "
	    "id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
	    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
	    " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
	    "  <rdf:Description rdf:about=\"\"\n"
	    "    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n"
	    "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
	    "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
	    "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
	    "   <pdfaid:part>2</pdfaid:part>\n"
	    "   <pdfaid:conformance>B</pdfaid:conformance>\n"
	    "   <dc:format>application/pdf</dc:format>\n");
	xmp_prop(b, "dc:title", "Alt", HPDF_GetInfoAttr(doc, HPDF_INFO_TITLE));
	xmp_prop(b, "dc:creator", "Seq",
	    HPDF_GetInfoAttr(doc, HPDF_INFO_AUTHOR));
	xmp_prop(b, "dc:description", "Alt",
	    HPDF_GetInfoAttr(doc, HPDF_INFO_SUBJECT));
	xmp_prop(b, "pdf:Keywords", NULL,
	    HPDF_GetInfoAttr(doc, HPDF_INFO_KEYWORDS));
	xmp_prop(b, "pdf:Producer", NULL,
	    HPDF_GetInfoAttr(doc, HPDF_INFO_PRODUCER));
	xmp_prop(b, "xmp:CreatorTool", NULL,
	    HPDF_GetInfoAttr(doc, HPDF_INFO_CREATOR));
	xmp_prop(b, "xmp:CreateDate", NULL, cd);
	xmp_prop(b, "xmp:ModifyDate", NULL, md);
	buf_adds(b, "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n"
	    "<?xpacket end=\"w\"?>");
	free(cd);
	free(md);
}

/* The catalog's /Metadata: the XMP packet, unfiltered as PDF/A asks. */
static int
add_metadata(HPDF_Doc doc)
{
	struct buf	 b;
	HPDF_Dict	 s;
	int		 rc = -1;

	memset(&b, 0, sizeof(b));
	xmp_build(doc, &b);
	s = HPDF_DictStream_New(doc->mmgr, doc->xref);
	if (s != NULL) {
		s->filter = HPDF_STREAM_FILTER_NONE;
		if (HPDF_Dict_AddName(s, "Type", "Metadata") == HPDF_OK &&
		    HPDF_Dict_AddName(s, "Subtype", "XML") == HPDF_OK &&
		    HPDF_Stream_Write(s->stream, (const HPDF_BYTE *)b.s,
		    (HPDF_UINT)b.len) == HPDF_OK &&
		    HPDF_Dict_Add(doc->catalog, "Metadata", s) == HPDF_OK)
			rc = 0;
	}
	buf_free(&b);
	return rc;
}

/* Read the sRGB profile; NULL after a message that says how to get it. */
static unsigned char *
icc_read(size_t *len)
{
	const char	*path = getenv("SUNLIGHT_ICC");
	unsigned char	*icc;

	if (path == NULL || *path == '\0')
		path = PDFA_ICC_PATH;
	if ((icc = (unsigned char *)file_read(path, len)) == NULL) {
		sys_warnx("%s: %s: 缺少 sRGB 色彩配置文件,PDF/A 文件需要它;"
		    "请安装 Debian 软件包 icc-profiles-free", path,
		    sys_errstr(errno));
		return NULL;
	}
	/* An ICC profile: size, "acsp" signature, an RGB monitor profile. */
	if (*len < 132 || *len > ICC_MAX || memcmp(icc + 36, "acsp", 4) != 0 ||
	    memcmp(icc + 16, "RGB ", 4) != 0) {
		sys_warnx("%s: 不是 RGB 的 ICC 色彩配置文件;"
		    "请重新安装 Debian 软件包 icc-profiles-free", path);
		free(icc);
		return NULL;
	}
	return icc;
}

/* The ICC profile as a stream object with /N 3. */
static HPDF_Dict
icc_stream(HPDF_Doc doc, const unsigned char *icc, size_t len)
{
	HPDF_Dict	 s = HPDF_DictStream_New(doc->mmgr, doc->xref);

	if (s == NULL)
		return NULL;
	s->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	if (HPDF_Dict_AddNumber(s, "N", 3) != HPDF_OK ||
	    HPDF_Stream_Write(s->stream, icc, (HPDF_UINT)len) != HPDF_OK)
		return NULL;
	return s;
}

/* Catalog /OutputIntents: one GTS_PDFA1 intent with the sRGB profile. */
static int
add_intent(HPDF_Doc doc)
{
	HPDF_MMgr	 mm = doc->mmgr;
	HPDF_Dict	 oi, s;
	HPDF_Array	 a;
	unsigned char	*icc;
	size_t		 len;
	int		 ok;

	if ((icc = icc_read(&len)) == NULL)
		return -1;
	s = icc_stream(doc, icc, len);
	free(icc);
	if (s == NULL || (oi = HPDF_Dict_New(mm)) == NULL ||
	    (a = HPDF_Array_New(mm)) == NULL)
		return -1;
	ok = HPDF_Dict_AddName(oi, "Type", "OutputIntent") == HPDF_OK &&
	    HPDF_Dict_AddName(oi, "S", "GTS_PDFA1") == HPDF_OK &&
	    HPDF_Dict_Add(oi, "OutputConditionIdentifier",
	    HPDF_String_New(mm, "sRGB IEC61966-2.1", NULL)) == HPDF_OK &&
	    HPDF_Dict_Add(oi, "Info",
	    HPDF_String_New(mm, "sRGB IEC61966-2.1", NULL)) == HPDF_OK &&
	    HPDF_Dict_Add(oi, "RegistryName",
	    HPDF_String_New(mm, "http://www.color.org", NULL)) == HPDF_OK &&
	    HPDF_Dict_Add(oi, "DestOutputProfile", s) == HPDF_OK &&
	    HPDF_Array_Add(a, oi) == HPDF_OK &&
	    HPDF_Dict_Add(doc->catalog, "OutputIntents", a) == HPDF_OK;
	return ok ? 0 : -1;
}

/*
 * PDF/A wants every annotation printable (F = 4: Print, not Hidden,
 * Invisible or NoView); libharu's link annotations have no /F.
 */
static int
flag_annots(HPDF_Doc doc)
{
	HPDF_Array	 a;
	HPDF_Dict	 page, an;
	HPDF_UINT	 i, k;

	for (i = 0; i < doc->page_list->count; i++) {
		page = (HPDF_Dict)HPDF_List_ItemAt(doc->page_list, i);
		a = (HPDF_Array)HPDF_Dict_GetItem(page, "Annots",
		    HPDF_OCLASS_ARRAY);
		for (k = 0; a != NULL && k < a->list->count; k++) {
			an = (HPDF_Dict)HPDF_Array_GetItem(a, k,
			    HPDF_OCLASS_DICT);
			if (an == NULL ||
			    HPDF_Dict_AddNumber(an, "F", 4) != HPDF_OK)
				return -1;
		}
	}
	return 0;
}

/* Trailer /ID [<placeholder><placeholder>]; pdfa_seal fills it in. */
static int
add_id(HPDF_Doc doc)
{
	HPDF_MMgr	 mm = doc->mmgr;
	HPDF_Array	 a = HPDF_Array_New(mm);

	return a != NULL &&
	    HPDF_Array_Add(a, HPDF_Binary_New(mm, (HPDF_BYTE *)id_placeholder,
	    ID_LEN)) == HPDF_OK &&
	    HPDF_Array_Add(a, HPDF_Binary_New(mm, (HPDF_BYTE *)id_placeholder,
	    ID_LEN)) == HPDF_OK &&
	    HPDF_Dict_Add(doc->trailer, "ID", a) == HPDF_OK ? 0 : -1;
}

int
pdfa_prepare(HPDF_Doc doc, const char *path)
{
	if (add_intent(doc) == -1)
		return -1;
	doc->pdf_version = HPDF_VER_17;
	if (add_metadata(doc) == -1 || flag_annots(doc) == -1 ||
	    add_id(doc) == -1) {
		sys_warnx("%s: 无法写入 PDF/A 元数据", path);
		return -1;
	}
	return 0;
}

/* Position of the last occurrence of needle in b[0..n), or NULL. */
static unsigned char *
find_last(unsigned char *b, size_t n, const char *needle)
{
	size_t	 k = strlen(needle), i;

	for (i = n >= k ? n - k + 1 : 0; i-- > 0;)
		if (memcmp(b + i, needle, k) == 0)
			return b + i;
	return NULL;
}

/*
 * Where in the file's last bytes t[0..n) the placeholder /ID's first
 * hex string starts, or NULL: "<hex> <hex> ]" with the placeholder in
 * both, in a file that ends as libharu ends one (a torn file does not).
 */
static unsigned char *
id_spot(unsigned char *t, size_t n)
{
	static const char	 hexd[] = "0123456789ABCDEF", eof[] = "%%EOF\n";
	char			 want[2 * ID_LEN + 1];
	unsigned char		*id, *p;
	size_t			 i;

	for (i = 0; i < ID_LEN; i++) {
		want[2 * i] = hexd[id_placeholder[i] >> 4];
		want[2 * i + 1] = hexd[id_placeholder[i] & 15];
	}
	want[2 * ID_LEN] = '\0';
	if (n < sizeof(eof) - 1 ||
	    memcmp(t + n - (sizeof(eof) - 1), eof, sizeof(eof) - 1) != 0 ||
	    (id = find_last(t, n, ID_MARK)) == NULL)
		return NULL;
	p = id + strlen(ID_MARK);
	if ((size_t)(t + n - p) < 4 * ID_LEN + 3 ||
	    memcmp(p, want, 2 * ID_LEN) != 0 ||
	    memcmp(p + 2 * ID_LEN, "> <", 3) != 0 ||
	    memcmp(p + 2 * ID_LEN + 3, want, 2 * ID_LEN) != 0)
		return NULL;
	return p;
}

/*
 * got, the count pread or pwrite returned for n bytes of a regular
 * file, as 0 or -1: such a file moves all n bytes or fails (no signal
 * interrupts it); a short count, which only a file cut under us could
 * give, is taken for EIO.
 */
static int
moved(ssize_t got, size_t n)
{
	if (got == (ssize_t)n)
		return 0;
	if (got >= 0)
		errno = EIO;
	return -1;
}

/*
 * The trailer is in the file's last few hundred bytes; the digest is
 * read through the file, so the saved document is never held whole.
 */
int
pdfa_seal(int fd)
{
	unsigned char	 tail[ID_TAIL], *p;
	char		 hex[DIGEST_HEX_MAX];
	off_t		 size, at;
	size_t		 n, i;

	errno = 0;
	if ((size = lseek(fd, 0, SEEK_END)) == -1)
		return -1;
	at = size > ID_TAIL ? size - ID_TAIL : 0;
	n = (size_t)(size - at);
	if (moved(pread(fd, tail, n, at), n) == -1)
		return -1;
	if ((p = id_spot(tail, n)) == NULL) {
		errno = 0;
		return -1;
	}
	at += p - tail;
	if (lseek(fd, 0, SEEK_SET) == -1 ||
	    digest_fd("sha256", fd, hex) != 0)
		return -1;
	for (i = 0; i < 2 * ID_LEN; i++)
		hex[i] = (char)(hex[i] >= 'a' ? hex[i] - 'a' + 'A' : hex[i]);
	if (moved(pwrite(fd, hex, 2 * ID_LEN, at), 2 * ID_LEN) == -1 ||
	    moved(pwrite(fd, hex, 2 * ID_LEN, at + 2 * ID_LEN + 3),
	    2 * ID_LEN) == -1)
		return -1;
	return 0;
}
