/*
 * Building one unit of a district.  See unitrun.h.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "output.h"
#include "check.h"
#include "diag.h"
#include "figures.h"
#include "fstree.h"
#include "model.h"
#include "pool.h"
#include "render.h"
#include "policy.h"
#include "tree.h"
#include "unitrun.h"
#include "util.h"

/* The four output folders of a unit, in its own out/ and in a district. */
static const char *const kinds[] = { "site", "pdf", "private", "archive",
	NULL };

char *
unitrun_record_path(const char *stage, const char *id)
{
	return xasprintf("%s/private/%s/%s.xml", stage, UNITRUN_RECORDS, id);
}

/* Table elements whose children the record keeps; others lose theirs. */
static int
keep_children(const xmlChar *name)
{
	return xmlStrEqual(name, (const xmlChar *)"totals") ||
	    xmlStrEqual(name, (const xmlChar *)"fees");
}

/* Elements the record leaves out: narratives and anything private. */
static int
left_out(const xmlChar *name)
{
	return xmlStrEqual(name, (const xmlChar *)"summary") ||
	    xmlStrEqual(name, (const xmlChar *)"intro") ||
	    xmlStrEqual(name, (const xmlChar *)"findings") ||
	    xmlStrEqual(name, (const xmlChar *)"sources");
}

/*
 * The record's <unit>: the public view's unit and period attributes,
 * totals and fees whole, every other table as an empty element with
 * its attributes (it exists; its row count).
 */
static xmlNodePtr
unit_summary(xmlDocPtr rec, xmlNodePtr pubroot)
{
	xmlNodePtr	 u, p, c, pc;

	u = xmlDocCopyNode(pubroot, rec, 2);
	for (p = pubroot->children; p != NULL; p = p->next) {
		if (p->type != XML_ELEMENT_NODE ||
		    !xmlStrEqual(p->name, (const xmlChar *)"period"))
			continue;
		pc = xmlAddChild(u, xmlDocCopyNode(p, rec, 2));
		for (c = p->children; c != NULL; c = c->next)
			if (c->type == XML_ELEMENT_NODE && !left_out(c->name))
				xmlAddChild(pc, xmlDocCopyNode(c, rec,
				    keep_children(c->name) ? 1 : 2));
	}
	return u;
}

/*
 * The public view of a checked model, derived as `sunlight build`
 * derives it (policy.h), in place: the private view is never held
 * beside it.
 */
static xmlDocPtr
public_view(const struct model *m, struct figures *const *figs,
    struct diag *d, long long epoch)
{
	return policy_public_take(tree_build(m, figs, d, epoch), &m->unit,
	    NULL);
}

static void
set_int(xmlNodePtr n, const char *name, long long v)
{
	char	 buf[32];

	snprintf(buf, sizeof(buf), "%lld", v);
	xmlSetProp(n, (const xmlChar *)name, (const xmlChar *)buf);
}

/* <findings> of this run: findings [from, n) of d, as printed. */
static void
record_findings(xmlNodePtr root, const struct diag *d, size_t from)
{
	xmlNodePtr	 fs, f;
	const struct finding *x;
	size_t		 i, count[SEV_ERROR + 1] = { 0, 0, 0 };

	fs = xmlNewChild(root, NULL, (const xmlChar *)"findings", NULL);
	for (i = from; i < d->n; i++) {
		x = &d->v[i];
		count[x->sev]++;
		f = xmlNewChild(fs, NULL, (const xmlChar *)"finding", NULL);
		xmlNodeAddContent(f, (const xmlChar *)x->msg);
		xmlSetProp(f, (const xmlChar *)"sev",
		    (const xmlChar *)diag_sevname(x->sev));
		if (x->code != NULL)
			xmlSetProp(f, (const xmlChar *)"code",
			    (const xmlChar *)x->code);
		if (x->file != NULL)
			xmlSetProp(f, (const xmlChar *)"file",
			    (const xmlChar *)x->file);
		if (x->line > 0)
			set_int(f, "line", x->line);
		if (x->col > 0)
			set_int(f, "col", x->col);
		if (x->period != NULL)
			xmlSetProp(f, (const xmlChar *)"period",
			    (const xmlChar *)x->period);
	}
	set_int(root, "errors", (long long)count[SEV_ERROR]);
	set_int(root, "warnings", (long long)count[SEV_WARNING]);
	set_int(root, "notes", (long long)count[SEV_NOTE]);
}

/* The <unit> of the previous record of id, copied into rec; or NULL. */
static xmlNodePtr
previous_unit(const struct unitrun *u, const char *id, xmlDocPtr rec)
{
	xmlDocPtr	 old;
	xmlNodePtr	 n, copy = NULL;
	char		*path = unitrun_record_path(u->prev, id);

	old = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
	    XML_PARSE_NOWARNING);
	free(path);
	if (old == NULL)
		return NULL;
	for (n = xmlDocGetRootElement(old)->children; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    xmlStrEqual(n->name, (const xmlChar *)"unit")) {
			copy = xmlDocCopyNode(n, rec, 1);
			break;
		}
	xmlFreeDoc(old);
	return copy;
}

/*
 * A unit never built before: only its name and type (as unit.md says),
 * so that the district can name it.
 */
static xmlNodePtr
unit_names(xmlDocPtr rec, const struct unit *unit)
{
	xmlNodePtr	 n = xmlNewDocNode(rec, NULL, (const xmlChar *)"unit",
	    NULL);

	if (unit->name != NULL)
		xmlSetProp(n, (const xmlChar *)"name",
		    (const xmlChar *)unit->name);
	if (unit->type != NULL)
		xmlSetProp(n, (const xmlChar *)"type",
		    (const xmlChar *)unit->type);
	return n;
}

/*
 * Write the record of id: status, its <unit> (or none), the findings
 * [from, n) of d.  0, or -1 after a message.
 */
static int
record_write(const struct unitrun *u, const char *id, int ok,
    xmlNodePtr unit, xmlDocPtr rec, const struct diag *d, size_t from)
{
	xmlNodePtr	 root;
	xmlChar		*mem;
	char		*path;
	int		 len, rc;

	root = xmlNewDocNode(rec, NULL, (const xmlChar *)"record", NULL);
	xmlDocSetRootElement(rec, root);
	xmlSetProp(root, (const xmlChar *)"id", (const xmlChar *)id);
	xmlSetProp(root, (const xmlChar *)"status",
	    (const xmlChar *)(ok ? "ok" : "failed"));
	if (unit != NULL)
		xmlAddChild(root, unit);
	record_findings(root, d, from);
	xmlDocDumpFormatMemoryEnc(rec, &mem, &len, "UTF-8", 1);
	path = unitrun_record_path(u->stage, id);
	rc = out_write(path, mem, (size_t)len, 1);
	free(path);
	xmlFree(mem);
	return rc;
}

/* Remove what this run made for id: its work folder, its outputs. */
static int
discard_new(const struct unitrun *u, const char *id)
{
	char	*path = xasprintf("%s/.work/%s", u->stage, id);
	int	 i, rc = fstree_remove(path);

	for (i = 0; kinds[i] != NULL; i++) {
		free(path);
		path = xasprintf("%s/%s/%s", u->stage, kinds[i], id);
		if (fstree_remove(path) != 0)
			rc = -1;
	}
	free(path);
	return rc;
}

/*
 * Replace whatever this run made for id by its previous outputs (each
 * of site/, pdf/, private/, archive/ it had), copied into the stage.
 */
static int
keep_previous(const struct unitrun *u, const char *id)
{
	char	*from, *to, *parent;
	int	 i, rc = discard_new(u, id);

	for (i = 0; rc == 0 && kinds[i] != NULL; i++) {
		from = xasprintf("%s/%s/%s", u->prev, kinds[i], id);
		parent = xasprintf("%s/%s", u->stage, kinds[i]);
		to = xasprintf("%s/%s", parent, id);
		if (fstree_isdir(from))
			rc = out_mkdirs(parent, i >= 2) == 0 &&
			    fstree_copy(from, to) == 0 ? 0 : -1;
		free(from);
		free(parent);
		free(to);
	}
	return rc;
}

/*
 * Move the unit's own out/ (built by render_all in work) into the
 * stage: work/site -> stage/site/<id>, and so on; then remove work.
 */
static int
move_outputs(const struct unitrun *u, const char *id, const char *work)
{
	char	*from, *to, *parent;
	int	 i, rc = 0;

	for (i = 0; rc == 0 && kinds[i] != NULL; i++) {
		from = xasprintf("%s/%s", work, kinds[i]);
		parent = xasprintf("%s/%s", u->stage, kinds[i]);
		to = xasprintf("%s/%s", parent, id);
		if (fstree_isdir(from)) {
			rc = out_mkdirs(parent, i >= 2);
			if (rc == 0 && rename(from, to) == -1) {
				sys_warn(to);
				rc = -1;
			}
		}
		free(from);
		free(parent);
		free(to);
	}
	if (fstree_remove(work) != 0)
		rc = -1;
	return rc;
}

/*
 * Print the findings as `sunlight build` does: the count line now only
 * when the unit stops here, else after the render's findings.  -1 when
 * there is an error among them.
 */
static int
report(const struct diag *d, const char *data)
{
	int	 rc = diag_worst(d) == SEV_ERROR ? -1 : 0;

	diag_print(d, stderr);
	if (rc != 0)
		diag_summary(d, data, stderr);
	return rc;
}

/* Render the checked m into stage/.work/<id>, then into place. */
static int
render_unit(const struct unitrun *u, const char *id, struct model *m,
    struct figures *const *figs, struct diag *d, xmlNodePtr *unit,
    xmlDocPtr rec)
{
	xmlDocPtr	 pub;
	char		*work;
	int		 rc;

	work = xasprintf("%s/.work/%s", u->stage, id);
	rc = render_all(m, figs, d, u->tmpldir, work);
	if (rc == 0 && move_outputs(u, id, work) != 0)
		rc = diag_system(d);
	free(work);
	if (rc == 0) {
		pub = public_view(m, figs, d, u->epoch);
		*unit = unit_summary(rec, xmlDocGetRootElement(pub));
		xmlFreeDoc(pub);
	}
	return rc;
}

int
unitrun_build(const struct unitrun *u, const char *id, struct diag *d)
{
	struct model	*m;
	struct figures	**figs = NULL;
	xmlDocPtr	 rec = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr	 unit = NULL;
	char		*data = xasprintf("%s/%s", u->dir, id);
	int		 rc;

	if ((m = model_load(data, d)) == NULL) {
		diag_print(d, stderr);
		rc = diag_system(d);
	} else {
		figs = figures_all(m);
		check_run(m, figs, d);
		rc = report(d, data);
	}
	if (rc == 0) {
		rc = render_unit(u, id, m, figs, d, &unit, rec);
		diag_summary(d, data, stderr);
	}
	if (rc != 0) {
		if ((unit = previous_unit(u, id, rec)) == NULL && m != NULL)
			unit = unit_names(rec, &m->unit);
		if (keep_previous(u, id) != 0)
			diag_system(d);
	}
	if (record_write(u, id, rc == 0, unit, rec, d, 0) != 0)
		rc = diag_system(d);
	xmlFreeDoc(rec);
	figures_free_all(figs, m != NULL ? m->nperiods : 0);
	model_free(m);
	free(data);
	return rc;
}

/*
 * A unit's process that died without a record (status: its exit
 * status, or 128 + the signal that killed it): an error finding in d,
 * printed now; its previous outputs kept and a failed record written.
 * -1.
 */
static int
crashed(const struct unitrun *u, const char *id, int status, struct diag *d)
{
	xmlDocPtr	 rec = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr	 unit;
	char		*path = xasprintf("%s/%s", u->dir, id);
	size_t		 from = d->n;

	diag_add(d, SEV_ERROR, "district.crash", path, 0, 0,
	    "本单位的生成进程异常退出（状态 %d），保留上次的输出；"
	    "请单独运行 sunlight build -d %s 查看原因", status, path);
	diag_print_from(d, from, stderr);
	unit = previous_unit(u, id, rec);
	if (keep_previous(u, id) != 0)
		diag_system(d);
	if (record_write(u, id, 0, unit, rec, d, from) != 0)
		diag_system(d);
	xmlFreeDoc(rec);
	free(path);
	return -1;
}

int
unitrun_ended(const struct unitrun *u, const char *id, int ws,
    struct diag *d)
{
	char	*rec;
	int	 status, has;

	if (ws == 0)
		return 0;
	if (ws == POOL_NOT_RUN)
		status = EXIT_SYSTEM;
	else if (WIFEXITED(ws))
		status = WEXITSTATUS(ws);
	else
		status = WIFSIGNALED(ws) ? 128 + WTERMSIG(ws) : EXIT_SYSTEM;
	if (status == EXIT_DATA)
		diag_failed(d);
	else if (status == EXIT_SYSTEM)
		diag_system(d);
	rec = unitrun_record_path(u->stage, id);
	has = access(rec, F_OK) == 0;
	free(rec);
	if ((status == EXIT_DATA || status == EXIT_SYSTEM) && has)
		return -1;
	return crashed(u, id, status, d);
}
