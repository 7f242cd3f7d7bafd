/*
 * The district document (its shape is in dpages.h), built from the
 * units' records in a stage, one record read and freed at a time.  The
 * public view holds what the units' public views hold; the private
 * view adds each unit's findings and the units × codes matrix.
 * Figures across units (medians of fee standards, the marks above
 * them) are computed here, in integer fen.
 */
#ifndef SUNLIGHT_DDOC_H
#define SUNLIGHT_DDOC_H

#include <libxml/tree.h>

#include "district.h"

enum ddoc_view {
	DDOC_PUBLIC,
	DDOC_PRIVATE
};

/* Codes per table of the units × codes matrix. */
#define DDOC_MATRIX_COLS	6

/* Build the document of a view; the caller frees with xmlFreeDoc. */
xmlDocPtr	 ddoc_build(const struct district *, const char *stage,
		    enum ddoc_view, long long epoch);

#endif
