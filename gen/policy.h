/*
 * The privacy policy: ONE rule table deriving the public view of the
 * model document from the private one, and ONE publish table saying
 * which view each output gets and where it goes.
 *
 * The rule table (policy.c, rules[]) is driven by the column classes
 * of the table registry (model.h): a COLF_PRIVATE column never enters
 * the public view, a COLF_PERSON column enters masked (张*兵), a
 * COLF_STAFF column enters masked only when unit.md sets mask_staff,
 * every other text enters with the personal numbers typed into it
 * masked (pii.h).  Beside the columns it lists what the private view
 * holds for the office alone: source files, findings, line numbers,
 * ID numbers as the audit shows them.  unit.md may relax masking where
 * local rules allow (mask_staff, subsidy_category); nothing in it
 * publishes a private column.
 *
 * Line numbers do not enter the public view: policy_public records
 * them in a map (policy_line) for the messages of public PDFs.
 */
#ifndef SUNLIGHT_POLICY_H
#define SUNLIGHT_POLICY_H

#include <libxml/tree.h>

#include "model.h"

/* How the public view holds one value. */
enum policy_rule {
	POLICY_OMIT,	/* never enters the public view */
	POLICY_ASIS,	/* as written: numbers, dates, hotlines */
	POLICY_TEXT,	/* free text: personal numbers masked */
	POLICY_PERSON,	/* a private person's name: masked, numbers too */
	POLICY_STAFF	/* staff in a role: masked when unit.md says so */
};

/* The rule for a cell of column c (its class in the registry). */
enum policy_rule policy_column(const struct colspec *c);

/*
 * The rule for attribute attr (NULL: the element itself, NULL also
 * for a text node's parent's text) of element elem whose parent is
 * parent (NULL at the root).
 */
enum policy_rule policy_rule(const char *parent, const char *elem,
		    const char *attr);

/* Value v as the public view holds it under rule r; caller frees. */
char		*policy_apply(enum policy_rule r, const struct unit *u,
		    const char *v);

/* 张*兵: a person's name masked, an organisation's kept.  Caller frees. */
char		*policy_mask_name(const char *name);

/* Line numbers of public elements, kept out of the public view. */
struct policy_lines;

/*
 * The public view derived from the private document priv under the
 * rule table (with u's relaxations); *lines (if not NULL) gets the
 * map of the line numbers left out.  The caller frees the document
 * with xmlFreeDoc and the map with policy_lines_free.
 */
xmlDocPtr	 policy_public(xmlDocPtr priv, const struct unit *u,
		    struct policy_lines **lines);
/*
 * The same, turning priv itself into the public view (and returning
 * it): what the rules leave out is removed, what they mask rewritten,
 * so the two views are never held at once.  priv is the public view
 * afterwards; free it with xmlFreeDoc.
 */
xmlDocPtr	 policy_public_take(xmlDocPtr priv, const struct unit *u,
		    struct policy_lines **lines);
/* The source line of public element n; 0 if none or map is NULL. */
int		 policy_line(const struct policy_lines *, xmlNodePtr n);
void		 policy_lines_free(struct policy_lines *);

/* The views of one build, as the publish table hands them out. */
enum policy_view {
	POLICY_PUBLIC,
	POLICY_PRIVATE
};

/* What an output is. */
enum policy_kind {
	OUT_SITE,	/* the static site */
	OUT_PDF,	/* a PDF template of templates/pdf, by name */
	OUT_BOOK,	/* the auditor's workbook */
	OUT_MODEL,	/* the model document as XML */
	OUT_ARCHIVE	/* the BagIt bags */
};

/*
 * One row of the publish table: an output, the view it reads, the
 * folder of out/ it goes to, whether it is copied into the site
 * (<period>/<name>.pdf) and whether it goes into the period's bag.
 * Public outputs read the public view and go to site/ or pdf/; every
 * other folder is written owner-only.
 */
struct publish {
	enum policy_kind	 kind;
	const char		*name;	/* PDF template name; NULL: any other */
	enum policy_view	 view;
	const char		*dir;	/* under out/ */
	int			 site;
	int			 bag;
};

extern const struct publish	policy_outputs[];

/* The row of the table for an output (a PDF: by its template name). */
const struct publish *policy_output(enum policy_kind, const char *name);

#endif
