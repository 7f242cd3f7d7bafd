/*
 * Rendering everything into out/: the site, the PDFs and the archive,
 * built in a staging folder and swapped in only when all succeeded.
 */
#ifndef SUNLIGHT_RENDER_H
#define SUNLIGHT_RENDER_H

#include "diag.h"
#include "figures.h"
#include "model.h"

/*
 * Render the checked model m, with the figures of its periods (figs,
 * as checked), into outdir using the templates in tmpldir.  0, or -1
 * with out/ untouched: template errors added to d (and printed), or a
 * system error reported and counted in d (diag.h).
 */
int	 render_all(const struct model *m, struct figures *const *figs,
	    struct diag *d, const char *tmpldir, const char *outdir);

/*
 * Load every template of tmpldir a unit's build uses (the site's pages
 * and the PDFs) without rendering: 0, or -1 with their errors as
 * findings in d.  A district checks its templates once with this
 * before building any unit, instead of failing every unit alike.
 */
int	 render_templates_check(const char *tmpldir, struct diag *d);

/*
 * At most n worker processes for the outputs that do not need each
 * other (the site, each period's PDFs, each period's bag); 1: none,
 * everything in this process.  The outputs are the same whatever n.
 * Unset: SUNLIGHT_JOBS from the environment, else as many as
 * processors online.
 */
void	 render_workers(int n);

/*
 * Read SOURCE_DATE_EPOCH (the date of the outputs, for reproducible
 * builds; else now) and, unless render_workers was called,
 * SUNLIGHT_JOBS, once.  0, or -1 after a message: a usage error, which
 * main.c checks before rendering.
 */
int	 render_env(void);

#endif
