/*
 * The PDF engine: an A4 document built block by block (headings,
 * paragraphs of styled runs, lists, tables, rules, seal boxes, bar
 * charts) on top of libharu, with an embedded subset of a TrueType CJK
 * font.  Layout templates drive it; it knows nothing of the model.
 *
 * Ownership: pdf_new returns a handle the caller frees with pdf_free
 * (also after a failed pdf_save).  Every string passed in is copied or
 * used before the call returns; the caller keeps ownership of it.
 * Lengths are in millimetres, font sizes in points.
 *
 * Every text argument comes with a source label "file:line" (or just
 * "file", or NULL).  A character the font cannot show (outside the
 * Basic Multilingual Plane, or absent from the font's cmap) is drawn
 * as "□" and reported as a warning finding with code
 * "pdf.unshowable-char" in the struct diag given in pdf_opts (or, if
 * that is NULL, printed on stderr in the same shape):
 *   file:line: warning: character U+20BB7 "𠮷" cannot be shown in the PDF font
 *
 * Errors inside libharu are recorded by an error handler; drawing calls
 * then do nothing useful, and pdf_save reports the first error (libharu
 * code in hex) and fails.
 */
#ifndef SUNLIGHT_PDF_H
#define SUNLIGHT_PDF_H

#include <stddef.h>
#include <stdint.h>

struct diag;
struct pdf;

enum pdf_orient {
	PDF_PORTRAIT,
	PDF_LANDSCAPE
};

/* Testing only: leave a libharu 2.3.0 defect unrepaired. */
#define PDF_NOFIX_GLYF		0x01	/* composite glyphs lose components */
#define PDF_NOFIX_TOUNICODE	0x02	/* invalid /ToUnicode CMap */

/* The body face; headings and page furniture are always in the sans. */
enum pdf_face {
	PDF_FACE_SANS,
	PDF_FACE_SONG
};

struct pdf_opts {
	const char	*font;		/* .ttf/.ttc; NULL: $SUNLIGHT_FONT or wqy-microhei */
	int		 font_index;	/* face in a .ttc */
	enum pdf_face	 body;		/* body text, tables, lists, charts */
	const char	*body_font;	/* Song: NULL: $SUNLIGHT_SONG_FONT or AR PL UMing */
	int		 body_index;	/* face in body_font's .ttc (UMing: 0, UMing CN) */
	enum pdf_orient	 orient;	/* of the first and later pages */
	double		 margin[4];	/* top, right, bottom, left (mm); 0: 20 */
	double		 size;		/* body text (pt); 0: 10.5 */
	const char	*title;		/* document information; NULL: none */
	const char	*author;
	const char	*subject;
	const char	*keywords;
	long long	 epoch;		/* creation date (SOURCE_DATE_EPOCH); <0: none */
	const char	*header;	/* running header on every page, or NULL */
	int		 footer;	/* nonzero: "第 x 页 共 y 页" on every page */
	struct diag	*diag;		/* receives findings; NULL: stderr */
	int		 nofix;		/* PDF_NOFIX_* bits; 0 in production */
	int		 private;	/* nonzero: the file is written 0600 */
};

/* Open a document; NULL (after a message on stderr) if the font fails. */
struct pdf	*pdf_new(const struct pdf_opts *);
/*
 * Lay out the footers, repair the font and write path through out_write
 * (output.h: temp file, rename; mode 0600 when the options said
 * private, else 0644, whatever the umask).  0, or -1 after a message.
 */
int		 pdf_save(struct pdf *, const char *path);
void		 pdf_free(struct pdf *);
/* Number of pages laid out so far. */
size_t		 pdf_npages(const struct pdf *);

/* Page control.  Orientation and header apply from the next new page. */
void	 pdf_newpage(struct pdf *);
void	 pdf_set_orient(struct pdf *, enum pdf_orient);
void	 pdf_set_header(struct pdf *, const char *src, const char *text);
void	 pdf_space(struct pdf *, double mm);
/* Height left on the current page (mm). */
double	 pdf_remaining(struct pdf *);
/* Keep together: start a new page unless mm fit on this one. */
void	 pdf_need(struct pdf *, double mm);

/*
 * Level 1-3; adds an outline entry nested under the previous lower
 * level.  A heading keeps with the next block: it is drawn when that
 * block starts, on the page where the block's first line, table row
 * (with the repeated header) or whole chart or seal fits, so it is
 * never left alone at the foot of a page.  Consecutive headings keep
 * together the same way.
 */
void	 pdf_heading(struct pdf *, int level, const char *src, const char *text);
/* The same, centred: document and notice titles. */
void	 pdf_title(struct pdf *, int level, const char *src, const char *text);

/*
 * Table of contents: a level-1 heading (in the outline, not in the
 * contents) and n lines reserved below it, flowing onto more pages if
 * needed.  When the document is saved the lines are filled with the
 * headings of level <= maxlevel drawn anywhere in the document, in
 * order, each with its page number and a link to it.  Entries beyond
 * n are left out: lay out once to count them (pdf_contents_count),
 * then again with the count.
 */
void	 pdf_contents(struct pdf *, const char *src, const char *title,
	    int maxlevel, size_t n);
/* Headings of level <= maxlevel so far that a contents would list. */
size_t	 pdf_contents_count(const struct pdf *, int maxlevel);

/* Paragraph flags. */
#define PDF_INDENT	0x01	/* first line indented by two characters */
#define PDF_PARA_CENTER	0x02
#define PDF_PARA_RIGHT	0x04
#define PDF_SMALL	0x08	/* 0.85 of the body size */

/* Run styles. */
#define PDF_BOLD	0x01	/* fill+stroke rendering: the font has no bold */
#define PDF_EM		0x02	/* underlined */

/*
 * A paragraph is pdf_para_begin, any number of pdf_run, pdf_para_end.
 * "\n" in a run forces a line break.  Inside a list a paragraph is an
 * item: it gets the list's marker and a hanging indent.
 */
void	 pdf_para_begin(struct pdf *, int flags);
void	 pdf_run(struct pdf *, const char *src, int style, const char *text);
void	 pdf_para_end(struct pdf *);
/* The paragraph being built links to uri (each of its lines is a link). */
void	 pdf_para_link(struct pdf *, const char *uri);
/* One-run paragraph. */
void	 pdf_para(struct pdf *, const char *src, int flags, const char *text);

enum pdf_list {
	PDF_BULLET,
	PDF_NUMBERED
};
void	 pdf_list_begin(struct pdf *, enum pdf_list);
void	 pdf_list_end(struct pdf *);

/* Full-width thin rule. */
void	 pdf_rule(struct pdf *);

/* Empty boxes for seals (盖章), side by side at the right, labels inside. */
void	 pdf_seal(struct pdf *, const char *src, const char *const *labels,
	    size_t n, double w_mm, double h_mm);

/*
 * Tables.  Column width: mm > 0 is fixed, else a share frac (0 counts
 * as 1) of the width the fixed columns leave.  The header row (if any)
 * is repeated on every page the table continues to; a row is never
 * split across pages unless it is taller than a page.  Cells break by
 * the rules of pdf_break_lines.  In a PDF_ALIGN_DECIMAL column the
 * last number of each line has its decimal point (or, without one, its
 * last digit's right edge) where the widest tail after that point seen
 * so far in the column ends at the right padding; a header cell, or a
 * cell without digits or too wide for that, is right-aligned.
 */
enum pdf_align {
	PDF_ALIGN_LEFT,
	PDF_ALIGN_CENTER,
	PDF_ALIGN_RIGHT,
	PDF_ALIGN_DECIMAL	/* right, numbers lined up on the decimal point */
};

struct pdf_col {
	double		 mm;
	double		 frac;
	enum pdf_align	 align;
};

enum pdf_carry {
	PDF_CARRY_OUT,	/* last row of a page the table leaves: "过次页" */
	PDF_CARRY_IN	/* first row under the repeated header: "承前页" */
};

/*
 * Carry-forward hook, called from inside pdf_table_row before a row is
 * placed, so running sums must cover the rows placed before it.  Set
 * cells[0..ncols-1] (each starts NULL = empty; strings stay the
 * caller's and must live until the hook is next called or the table
 * ends) and return nonzero to print that row in bold.  It is called to
 * measure as well as to print: it must not change anything.
 */
typedef int	(*pdf_carry_fn)(void *arg, enum pdf_carry, const char **cells);

#define PDF_TBL_GRID	0x01	/* every cell boxed; else rules above/below */
#define PDF_TBL_ZEBRA	0x02	/* shade every other body row */
#define PDF_TBL_RULES	0x04	/* thin rule under every body row */
#define PDF_TBL_LOCATE	0x08	/* remember each row's page: pdf_locate */

struct pdf_table {
	size_t			 ncols;
	const struct pdf_col	*cols;
	int			 flags;		/* PDF_TBL_* */
	double			 size;		/* pt; 0: 0.9 of the body size */
	pdf_carry_fn		 carry;		/* NULL: no carry rows */
	void			*carry_arg;
};

/* Row flags. */
#define PDF_ROW_BOLD	0x01
#define PDF_ROW_TOTAL	0x02	/* bold, double rule above */
#define PDF_ROW_ONEPAGE	0x04	/* refuse, never split, a row taller than a page */

/* The struct pdf_table is copied; cols must live until pdf_table_end. */
void	 pdf_table_begin(struct pdf *, const struct pdf_table *);
/* ncols cells; NULL cells are empty. */
void	 pdf_table_head(struct pdf *, const char *src, const char *const *cells);
/*
 * A row is drawn where it fits, else on the next page under the header
 * again; a row taller than a whole page is split between its lines,
 * unless flags has PDF_ROW_ONEPAGE: then it is not drawn, and the
 * return is its number of lines, the height of its tallest cell
 * wrapped at its column's width (pdf_table_page_lines: how many fit).
 * Returns 0 for a row drawn.
 */
size_t	 pdf_table_row(struct pdf *, const char *src, const char *const *cells,
	    int flags);
/* Lines of a body row that fit on a page of the current table alone. */
size_t	 pdf_table_page_lines(struct pdf *);
void	 pdf_table_end(struct pdf *);

/*
 * The page (from 1) where a row with source label src was first drawn
 * in a PDF_TBL_LOCATE table.  For a label not drawn ("file:line" of a
 * row shown nowhere, or a bare "file"), the first page where any row
 * of that file was drawn in such a table; 0 when there is none.
 */
size_t	 pdf_locate(const struct pdf *, const char *src);

/* Horizontal bar chart; value text drawn by fmt (malloc'ed result, freed here). */
struct pdf_bar {
	const char	*label;
	int64_t		 value;
};

typedef char	*(*pdf_fmt_fn)(void *arg, int64_t);

struct pdf_chart {
	const char		*title;
	const struct pdf_bar	*bars;
	size_t			 nbars;
	pdf_fmt_fn		 fmt;		/* NULL: plain integer */
	void			*fmt_arg;
};

void	 pdf_chart(struct pdf *, const char *src, const struct pdf_chart *);

/*
 * A QR code of text (a URL; error correction M, a quiet zone of four
 * modules) mm wide at the left margin, drawn as filled rectangles, with
 * the text printed under it.  Text too long for a QR code is a warning
 * finding (code "pdf.qr") at src and draws nothing.
 */
void	 pdf_qr(struct pdf *, const char *src, const char *text, double mm);

/*
 * Line breaking, exposed for testing.  Lays UTF-8 text out in lines no
 * wider than first (the first line) and rest (the others), measured by
 * m (see below).  CJK breaks between any two characters, Latin only at
 * spaces (a word wider than the line is cut by character; a space
 * between digits is no break, so numbers never split); closing
 * punctuation never starts a line and opening brackets never end one;
 * "\n" forces a break.  Spacing follows W3C clreq / GB/T 15834: of two
 * full-width marks side by side, a closing mark before the other and an
 * opening mark after it lose their blank half (so "），", "（「" take
 * one and a half ems); a closing mark ending a line may be set at half
 * width to make the line fit; a quarter em (the width of "中" / 4)
 * separates CJK from Latin letters and digits.  A paragraph's last line
 * keeps at least two characters besides punctuation (taken down from
 * the line before).  Returns the number of lines and sets *lines to a
 * malloc'ed array the caller frees; a line is text[off..off+len),
 * without the spaces at a break.
 */
struct pdf_line {
	size_t	 off;
	size_t	 len;
	double	 width;		/* as set without justification */
	int	 last;		/* of its paragraph or before a "\n" */
};

/*
 * How text is measured: width(arg, s, len) of the characters s[0..len);
 * blank(arg, c), the halves of punctuation mark c its glyph leaves
 * blank (only those may be compressed: a centred 。 is not), or NULL
 * for the forms of GB/T 15834 (closing marks blank on the right,
 * opening ones on the left).
 */
#define PDF_BLANK_RIGHT	0x01
#define PDF_BLANK_LEFT	0x02

struct pdf_measure {
	double	(*width)(void *arg, const char *s, size_t len);
	int	(*blank)(void *arg, long c);
	void	*arg;
};

size_t	 pdf_break_lines(const char *text, double first, double rest,
	    const struct pdf_measure *m, struct pdf_line **lines);

/*
 * The characters of line l of text (from pdf_break_lines with the
 * same measure) placed from x = 0, spaced as above.  With
 * justify, a line that is not the last of its paragraph is stretched
 * to avail: the slack goes into the gaps beside CJK characters and
 * into spaces, never inside a Latin word or a number (at most an em a
 * gap; a line that would need more stays unstretched).  Returns the
 * number of glyphs and sets *g to a malloc'ed array the caller frees.
 */
struct pdf_glyph {
	size_t	 off;		/* bytes text[off..off+len) */
	size_t	 len;
	double	 x;		/* left edge of its box, which may lie left
				   of the pen for a compressed opening mark */
	double	 w;		/* its natural advance */
};

size_t	 pdf_place_line(const char *text, const struct pdf_line *l,
	    double avail, int justify, const struct pdf_measure *m,
	    struct pdf_glyph **g);

#endif
