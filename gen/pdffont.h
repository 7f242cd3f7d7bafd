/*
 * Repairs to the embedded TrueType subset that libharu 2.3.0 writes,
 * private to the PDF engine (pdf.c).  The font is a Type0 font made by
 * HPDF_GetFont(doc, name, "UTF-8") from an embedded TrueType font; its
 * CIDs are Unicode code points (Identity-H with a CIDToGIDMap).
 */
#ifndef SUNLIGHT_PDFFONT_H
#define SUNLIGHT_PDFFONT_H

#include <hpdf.h>

/* Nonzero if the font's cmap gives code point cp a glyph. */
int	 pdffont_has(HPDF_Font, long cp);

/*
 * Which halves of code point cp's advance its outline leaves blank (a
 * punctuation mark that may be set at half width): PDFFONT_BLANK_*
 * bits, 0 when neither or the glyph cannot be read.
 */
#define PDFFONT_BLANK_RIGHT	0x01
#define PDFFONT_BLANK_LEFT	0x02
int	 pdffont_blank(HPDF_Font, long cp);

/*
 * Mark every component of every glyph marked used, recursively, so the
 * subset keeps the parts of composite glyphs.  Returns the number of
 * glyphs newly marked, or -1 if the glyph data cannot be read.
 */
long	 pdffont_close_glyphs(HPDF_Font);

/*
 * Replace the font's /ToUnicode stream by a valid CMap mapping each
 * code point whose bit is set in used (a 65536-bit map) to itself.
 * Returns 0, or -1 if the font has no such stream or writing fails.
 */
int	 pdffont_tounicode(HPDF_Font, const unsigned char *used);

#endif
