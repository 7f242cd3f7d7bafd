/*
 * Repairs to libharu 2.3.0's embedded TrueType subsets.
 *
 * The subset keeps the outlines of the glyphs flagged in the font
 * definition's glyph table.  libharu flags a glyph when it measures a
 * character, and flags the components of a composite glyph only one
 * level deep and only when the component id is below 32768 (it reads
 * the id as a signed 16-bit number), so composites lose their parts.
 * pdffont_close_glyphs() flags the whole closure before saving.
 *
 * The /ToUnicode stream libharu writes uses cidrange operators that do
 * not belong in a ToUnicode CMap; pdffont_tounicode() rewrites it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include "pdffont.h"
#include "util.h"

/* Composite glyph component flags (TrueType glyf table). */
#define ARG_1_AND_2_ARE_WORDS	0x0001
#define WE_HAVE_A_SCALE		0x0008
#define MORE_COMPONENTS		0x0020
#define WE_HAVE_AN_X_AND_Y_SCALE 0x0040
#define WE_HAVE_A_TWO_BY_TWO	0x0080

#define MAXGLYPH		65536	/* bytes read of one glyph, at most */

static HPDF_FontDef
fontdef(HPDF_Font font)
{
	HPDF_FontAttr	 fa = (HPDF_FontAttr)font->attr;

	return fa->fontdef;
}

static HPDF_TTFontDefAttr
ttattr(HPDF_Font font)
{
	return (HPDF_TTFontDefAttr)fontdef(font)->attr;
}

int
pdffont_has(HPDF_Font font, long cp)
{
	HPDF_UINT16	 gid;

	if (cp < 0 || cp > 0xFFFF)
		return 0;
	gid = HPDF_TTFontDef_GetGlyphid(fontdef(font), (HPDF_UINT16)cp);
	return gid != 0 && gid < ttattr(font)->num_glyphs;
}

static long	glyph_read(HPDF_TTFontDefAttr, unsigned, unsigned char *,
		    size_t);

int
pdffont_blank(HPDF_Font font, long cp)
{
	HPDF_TTFontDefAttr a = ttattr(font);
	unsigned char	 g[10];
	HPDF_UINT16	 gid;
	long		 adv, xmin, xmax, tol;
	int		 r = 0;

	if (!pdffont_has(font, cp))
		return 0;
	gid = HPDF_TTFontDef_GetGlyphid(fontdef(font), (HPDF_UINT16)cp);
	adv = a->h_metric[gid < a->num_h_metric ? gid :
	    a->num_h_metric - 1].advance_width;
	if (glyph_read(a, gid, g, sizeof(g)) < 10)
		return 0;
	xmin = (int16_t)(g[2] << 8 | g[3]);
	xmax = (int16_t)(g[6] << 8 | g[7]);
	tol = adv / 20;
	if (xmax <= adv / 2 + tol)
		r |= PDFFONT_BLANK_RIGHT;
	if (xmin >= adv / 2 - tol)
		r |= PDFFONT_BLANK_LEFT;
	return r;
}

/*
 * Read glyph gid's data from the font file into buf (at most cap
 * bytes); returns its length, 0 for an empty glyph, -1 on error.
 */
static long
glyph_read(HPDF_TTFontDefAttr a, unsigned gid, unsigned char *buf, size_t cap)
{
	HPDF_UINT32	 off = a->glyph_tbl.offsets[gid];
	HPDF_UINT32	 end = a->glyph_tbl.offsets[gid + 1];
	HPDF_UINT	 n;

	if (a->header.index_to_loc_format == 0) {
		off *= 2;
		end *= 2;
	}
	if (end <= off)
		return 0;
	n = end - off > cap ? (HPDF_UINT)cap : end - off;
	if (HPDF_Stream_Seek(a->stream, (HPDF_INT)(a->glyph_tbl.base_offset +
	    off), HPDF_SEEK_SET) != HPDF_OK)
		return -1;
	if (HPDF_Stream_Read(a->stream, buf, &n) != HPDF_OK)
		return -1;
	return (long)n;
}

/*
 * Component glyph ids of a composite glyph: stores up to max of them
 * in out and returns how many there are (0 for a simple glyph).
 */
static size_t
glyph_parts(const unsigned char *g, size_t len, unsigned *out, size_t max)
{
	size_t		 p = 10, n = 0;
	unsigned	 flags;

	if (len < 10 || (g[0] & 0x80) == 0)
		return 0;
	do {
		if (p + 4 > len)
			break;
		flags = (unsigned)g[p] << 8 | g[p + 1];
		if (n < max)
			out[n] = (unsigned)g[p + 2] << 8 | g[p + 3];
		n++;
		p += 4 + ((flags & ARG_1_AND_2_ARE_WORDS) ? 4 : 2);
		if (flags & WE_HAVE_A_SCALE)
			p += 2;
		else if (flags & WE_HAVE_AN_X_AND_Y_SCALE)
			p += 4;
		else if (flags & WE_HAVE_A_TWO_BY_TWO)
			p += 8;
	} while (flags & MORE_COMPONENTS);
	return n < max ? n : max;
}

long
pdffont_close_glyphs(HPDF_Font font)
{
	HPDF_TTFontDefAttr a = ttattr(font);
	unsigned	*stack, parts[64];
	unsigned char	*buf;
	size_t		 sp = 0, i, np;
	long		 len, added = 0;
	unsigned	 g;

	if (a->stream == NULL || a->glyph_tbl.flgs == NULL)
		return -1;
	stack = xcalloc(a->num_glyphs, sizeof(*stack));
	buf = xmalloc(MAXGLYPH);
	for (g = 0; g < a->num_glyphs; g++)
		if (a->glyph_tbl.flgs[g])
			stack[sp++] = g;
	while (sp > 0 && added >= 0) {
		g = stack[--sp];
		if ((len = glyph_read(a, g, buf, MAXGLYPH)) < 0) {
			added = -1;
			break;
		}
		np = glyph_parts(buf, (size_t)len, parts, 64);
		for (i = 0; i < np; i++) {
			if (parts[i] >= a->num_glyphs || a->glyph_tbl.flgs[parts[i]])
				continue;
			a->glyph_tbl.flgs[parts[i]] = 1;
			stack[sp++] = parts[i];
			added++;
		}
	}
	free(buf);
	free(stack);
	return added;
}

static int
used(const unsigned char *map, unsigned cp)
{
	return cp < 0x10000 && (map[cp >> 3] >> (cp & 7) & 1);
}

/*
 * Append the bfchar and bfrange entries, in blocks of at most 100.  A
 * range covers consecutive used code points sharing the high byte (a
 * range may only vary in its last byte); single ones become bfchar.
 */
static void
cmap_entries(struct buf *chars, struct buf *ranges, const unsigned char *map)
{
	struct buf	 cb = { NULL, 0, 0 }, rb = { NULL, 0, 0 };
	size_t		 nc = 0, nr = 0;
	unsigned	 lo, hi;

	for (lo = 0; lo < 0x10000; lo = hi + 1) {
		hi = lo;
		if (!used(map, lo))
			continue;
		while ((hi & 0xFF) != 0xFF && used(map, hi + 1))
			hi++;
		if (hi == lo) {
			buf_addf(&cb, "<%04X> <%04X>\n", lo, lo);
			if (++nc % 100 == 0) {
				buf_addf(chars, "100 beginbfchar\n%sendbfchar\n", cb.s);
				buf_reset(&cb);
			}
		} else {
			buf_addf(&rb, "<%04X> <%04X> <%04X>\n", lo, hi, lo);
			if (++nr % 100 == 0) {
				buf_addf(ranges, "100 beginbfrange\n%sendbfrange\n", rb.s);
				buf_reset(&rb);
			}
		}
	}
	if (nc % 100)
		buf_addf(chars, "%zu beginbfchar\n%sendbfchar\n", nc % 100, cb.s);
	if (nr % 100)
		buf_addf(ranges, "%zu beginbfrange\n%sendbfrange\n", nr % 100, rb.s);
	buf_free(&cb);
	buf_free(&rb);
}

/* The text of a ToUnicode CMap for the code points set in map. */
static char *
cmap_text(const unsigned char *map)
{
	struct buf	 b = { NULL, 0, 0 }, c = { NULL, 0, 0 }, r = { NULL, 0, 0 };

	cmap_entries(&c, &r, map);
	buf_adds(&b, "/CIDInit /ProcSet findresource begin\n"
	    "12 dict begin\n"
	    "begincmap\n"
	    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
	    "/Supplement 0 >> def\n"
	    "/CMapName /Adobe-Identity-UCS def\n"
	    "/CMapType 2 def\n"
	    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	if (c.s != NULL)
		buf_adds(&b, c.s);
	if (r.s != NULL)
		buf_adds(&b, r.s);
	buf_adds(&b, "endcmap\n"
	    "CMapName currentdict /CMap defineresource pop\n"
	    "end\nend\n");
	buf_free(&c);
	buf_free(&r);
	return b.s;
}

int
pdffont_tounicode(HPDF_Font font, const unsigned char *map)
{
	HPDF_FontAttr	 fa = (HPDF_FontAttr)font->attr;
	HPDF_Dict	 cm = fa->cmap_stream;
	static const char *const keys[] = {
		"Type", "CMapName", "CIDSystemInfo", "WMode"
	};
	char		*text;
	size_t		 i;
	int		 rc = 0;

	if (cm == NULL || cm->stream == NULL ||
	    cm->stream->type != HPDF_STREAM_MEMORY)
		return -1;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		HPDF_Dict_RemoveElement(cm, keys[i]);
	HPDF_MemStream_FreeData(cm->stream);
	text = cmap_text(map);
	if (HPDF_Stream_WriteStr(cm->stream, text) != HPDF_OK)
		rc = -1;
	free(text);
	return rc;
}
