/*
 * Where the templates are when -t is not given: ./templates (a checkout,
 * or a unit's own copy), then <prefix>/share/sunlight/templates beside
 * the running program (<prefix>/bin/sunlight, found through
 * /proc/self/exe, so an installed copy works wherever it was put), then
 * the folder `make install` was built for (SHAREDIR).
 */
#ifndef SUNLIGHT_TMPLDIR_H
#define SUNLIGHT_TMPLDIR_H

/*
 * The first of those places that is a folder, or NULL when none is.
 * The string is static: valid until the next call, never freed.
 */
const char	*tmpldir_default(void);

/*
 * Whether dir (from -t, or tmpldir_default) is a folder.  When it is
 * not, prints a hint naming the places searched (dir NULL) or the -t
 * folder, and what to do; the caller exits with EXIT_USAGE.
 */
int		 tmpldir_usable(const char *dir);

#endif
