/*
 * The one diagnostics printer.  Findings are collected in order and
 * printed together; the exit status is derived from the worst one.
 */
#include <stdarg.h>
#include <stdlib.h>

#include "diag.h"
#include "util.h"

static const char *const sevnames[] = { "note", "warning", "error" };

void
diag_init(struct diag *d)
{
	d->v = NULL;
	d->n = d->cap = 0;
	d->period = NULL;
}

void
diag_free(struct diag *d)
{
	size_t	 i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].code);
		free(d->v[i].file);
		free(d->v[i].msg);
		free(d->v[i].period);
	}
	free(d->v);
	diag_init(d);
}

void
diag_add(struct diag *d, enum sev sev, const char *code, const char *file,
    int line, int col, const char *fmt, ...)
{
	struct finding	*f;
	va_list		 ap;
	struct buf	 b = { NULL, 0, 0 };

	d->v = xgrow(d->v, &d->cap, d->n + 1, sizeof(*d->v));
	f = &d->v[d->n++];
	f->sev = sev;
	f->code = code ? xstrdup(code) : NULL;
	f->file = xstrdup(file ? file : "");
	f->line = line;
	f->col = col;
	f->period = d->period ? xstrdup(d->period) : NULL;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	f->msg = b.s;
}

void
diag_print1(const struct finding *f, FILE *fp)
{
	fputs(f->file, fp);
	if (f->line > 0)
		fprintf(fp, ":%d", f->line);
	if (f->line > 0 && f->col > 0)
		fprintf(fp, ":%d", f->col);
	fprintf(fp, ": %s: %s", sevnames[f->sev], f->msg);
	if (f->code != NULL)
		fprintf(fp, " [%s]", f->code);
}

void
diag_print(const struct diag *d, FILE *fp)
{
	size_t	 i;

	for (i = 0; i < d->n; i++) {
		diag_print1(&d->v[i], fp);
		fputc('\n', fp);
	}
}

size_t
diag_count(const struct diag *d, enum sev sev)
{
	size_t	 i, n = 0;

	for (i = 0; i < d->n; i++)
		if (d->v[i].sev == sev)
			n++;
	return n;
}

enum sev
diag_worst(const struct diag *d)
{
	return diag_worst_from(d, 0);
}

enum sev
diag_worst_from(const struct diag *d, size_t from)
{
	enum sev s = SEV_NOTE;
	size_t	 i;

	for (i = from; i < d->n; i++)
		if (d->v[i].sev > s)
			s = d->v[i].sev;
	return s;
}

void
diag_strict(struct diag *d)
{
	size_t	 i;

	for (i = 0; i < d->n; i++)
		if (d->v[i].sev == SEV_WARNING)
			d->v[i].sev = SEV_ERROR;
}

const char *
diag_sevname(enum sev s)
{
	return sevnames[s];
}

/*
 * Insertion sort, stable, by (line, col): findings of one file arrive
 * grouped by the stage that found them (syntax, then cells), and are
 * shown in reading order.  Lists are short.
 */
void
diag_sort(struct diag *d, size_t from)
{
	struct finding	 f;
	size_t		 i, j;

	for (i = from + 1; i < d->n; i++) {
		f = d->v[i];
		for (j = i; j > from && (d->v[j - 1].line > f.line ||
		    (d->v[j - 1].line == f.line && d->v[j - 1].col > f.col)); j--)
			d->v[j] = d->v[j - 1];
		d->v[j] = f;
	}
}
