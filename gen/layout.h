/*
 * PDF layout templates: templates/pdf/NAME.xml describe a document in XML
 * whose expressions are XPath over the model document (tree.h), with
 * the same functions as the site (money(), money-cn(), date(),
 * percent(), qty(); see xpfn.h).  The layout drives the PDF engine
 * (pdf.h); it knows nothing of libharu.
 *
 *	<document title="{..}" author="{..}" subject="{..}"
 *	    keywords="{..}" size="A4" orient="portrait" margin="18 20"
 *	    font-size="10.5" page-numbers="yes" body-font="sans|song"
 *	    if="xpath">
 * Which view a template reads is the publish table's (policy.h); an old
 * view="public|private" is accepted and has no effect.
 * body-font="song" sets paragraphs, lists, tables and charts in the Song
 * face (AR PL UMing); headings and page furniture stay in the sans.
 *
 * Blocks (children of document, if, for-each):
 *	<header>inline</header>		running header from the next page
 *	<heading level="1-3" align="left|center">inline</heading>
 *	<p align="left|center|right" indent="yes" size="small"
 *	    link="{..}">inline</p>	link: the lines link to that URI
 *	<markdown select="summary" heading-offset="0" indent="yes"/>
 *	<list type="bullet|numbered"><item>inline</item>...</list>
 *	<table select="rows" grid="yes" zebra="yes" rules="yes" size="9"
 *	    carry="yes" carry-out="过次页" carry-in="承前页" locate="yes"
 *	    group="xpath" group-total="{..}月合计" group-cumulative="本期累计">
 *	  <column header="{..}" width="30mm|2" align="right|decimal"
 *	      select="money(@x)" total="money(@sum)" sum="@x"
 *	      running="money(@balance)" label="yes" if=".."/>
 *	  <row bold="yes"><cell>inline</cell>...</row>
 *	</table>
 *	<chart title="{..}" select="nodes" label="@name" value="@fen"
 *	    format="money|count"/>
 *	<seal width="40" height="40"><box>inline</box>...</seal>
 *	<qr size="30">inline</qr>	QR code of the text (a URL), size mm
 *					wide, the text printed under it
 *	<page-break orient="landscape"/>  <space mm="4"/>  <rule/>
 *	<need mm="40"/>			keep the next 40 mm together
 *	<contents levels="2">目录</contents>	table of contents
 *	<if test="xpath">...</if>	<for-each select="xpath">...</for-each>
 *	<sections/>			the tables' sections (below)
 * Inline content: text with {xpath} interpolation ({{ and }} for
 * braces), <value select="xpath"/>, <b>, <em>, <br/>, <if>.  A line
 * break in template text, with the indentation around it, is dropped
 * between CJK characters and becomes one space between others.  Any
 * element takes if="xpath".  Table rows, for-each and charts see the
 * selected node as context, position() and last() as usual.  A table
 * prints a row per selected node (select= is optional), then its <row>
 * elements, then, if a column has total=, a total row; <row> cells and
 * totals are evaluated in the table's context.  sum= gives integer fen
 * (or, with sum-format="count", whole numbers such as people) added up
 * for the carry rows ("过次页", "承前页") the engine prints
 * where a table breaks across pages; in the total row a column with
 * sum= and no total= shows that sum.  running= is a value of the row
 * (a balance) that carry and subtotal rows repeat from the last row
 * placed.  group= splits the rows where its value changes: after each
 * group a group-total row (the group's sums) and a group-cumulative
 * row (the sums so far), either optional, their labels evaluated at
 * the group's last row.  Carry and subtotal labels go in the column
 * with label="yes", else the first without sum= or running=.
 * locate="yes" makes the table a register: page-of(label) gives the
 * page (from 1) where the row with that source label ("data/2023-
 * autumn/ledger.csv:173") was drawn, for a bare file or a row not
 * drawn the first page of the file's rows, "" if none; call it after
 * the register.  <contents> reserves a table of contents of the
 * headings up to levels (default 2), filled with their page numbers
 * when the document is saved; a document with one is laid out twice
 * (the first pass counts the headings; its findings are dropped).
 * Headings keep with the block after them (see pdf.h).  Chart values
 * must be integers.
 *
 * <sections/> stands for the section of every table of the registry
 * (model.h, tablespec.audit) that names one, in registry order, each
 * read at load from audit/<audit>.xml beside the template: a file
 * whose root is <section if="xpath">, holding blocks.  A section is
 * drawn when its if= holds, without if= when the context has the
 * table's element (the period has the table).  section() is the number
 * of sections begun so far in the document: a section's own number
 * inside it, the last one's after them.  A section file that cannot be
 * read is a finding at the <sections/>; anything wrong inside one, at
 * its own path:line.  A section file may not hold <sections/>.
 *
 * Every expression is compiled once at load and checked by xpfn_compile
 * (see xpfn.h), as site templates are: a syntax error, an unknown
 * function or variable (layouts have no variables), like an unknown
 * element or attribute, is a finding (severity error, code "template")
 * at path:line (an element's line is where its start tag ends, as
 * libxml2 counts).  Errors at render time (a chart value that is not an
 * integer, carry sums that overflow) are reported the same way.
 *
 * Text reaching the PDF carries the source of the data it came from
 * ("data/2023-autumn/fees.csv:4"), so a character the font cannot show
 * is reported there.
 */
#ifndef SUNLIGHT_LAYOUT_H
#define SUNLIGHT_LAYOUT_H

#include <libxml/tree.h>

#include "diag.h"

/* A loaded template; free with layout_free. */
struct layout;
struct model;

struct policy_lines;

/* What a run needs besides the document; nothing is kept after a run. */
struct layout_env {
	const char	*datadir;	/* data folder as named in messages */
	const struct policy_lines *lines; /* line numbers of data in
					   messages, for a public view (policy.h),
					   or NULL */
	int		 private;	/* write the PDF owner-only (0600) */
	long long	 epoch;		/* creation date; <0: none */
	const char	*font;		/* NULL: the engine's default */
	int		 nofix;		/* PDF_NOFIX_* for tests; 0 */
	const struct model *model;	/* for the cell behind a register
					   row in messages; or NULL */
};

/*
 * Load and compile the template at path (as it should appear in
 * messages).  NULL after adding findings to d.
 */
struct layout	*layout_load(const char *path, struct diag *d);
void		 layout_free(struct layout *);

/*
 * Render the template with context (a <period>, usually) as context
 * node into outpath (mode 0600 when env->private, else 0644).
 * Returns 0; 1 when the template's if= is false (nothing written); -1
 * (nothing written) after findings in d or a system error message,
 * counted in d (diag.h).
 */
int	 layout_run(struct layout *, xmlDocPtr doc, xmlNodePtr context,
	    const struct layout_env *, const char *outpath, struct diag *d);

/* layout_load, layout_run, layout_free in one call; same returns. */
int	 layout_render(const char *tmplpath, xmlDocPtr doc,
	    xmlNodePtr context, const struct layout_env *,
	    const char *outpath, struct diag *d);

/* The views of a build, as policy.h derives them. */
struct layout_views {
	xmlDocPtr			 pub;
	const struct policy_lines	*lines;	/* of pub */
	xmlDocPtr			 priv;
};

/*
 * Every <tmpldir>/pdf/NAME.xml (in name order) for every period, from
 * the view the publish table (policy.h) gives NAME into its folder:
 * <stage>/pdf/<period>-<name>.pdf for a public PDF, else
 * <stage>/private/<period>-<name>.pdf (mode 0600).  A missing <tmpldir>/pdf means no PDFs.  All templates
 * are loaded first, so every template error is reported before
 * anything is drawn; then every template is drawn for every period,
 * so the render errors of all of them are reported too.  Returns 0, or
 * -1 after findings in d or a system error (a folder that cannot be
 * read, a file that cannot be written: its message printed, counted in
 * d, and nothing more tried).  Either failure
 * means out/ is not to be replaced.
 */
int	 layout_publish(const char *tmpldir, const char *datadir,
	    const struct layout_views *, const char *stage,
	    long long epoch, struct diag *d);

/*
 * layout_publish in two steps, so that the templates are loaded (and
 * their errors reported) once and the periods drawn apart, each in a
 * worker process if wanted.  layout_set_load sets *rc to 0 or -1 (after
 * findings or a system error counted in d); free the set either way.  layout_set_publish draws every period, or only the one named
 * period when that is not NULL; same returns as layout_publish.
 */
struct layout_set;
struct layout_set *layout_set_load(const char *tmpldir, struct diag *d,
	    int *rc);
int	 layout_set_publish(struct layout_set *, const char *datadir,
	    const struct layout_views *, const char *stage,
	    long long epoch, const char *period, struct diag *d);
void	 layout_set_free(struct layout_set *);
/* The model the set's documents come from, named in messages; kept. */
void	 layout_set_model(struct layout_set *, const struct model *);

#endif
