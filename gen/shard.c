/*
 * Shard manifests and merging.  See shard.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "digest.h"
#include "output.h"
#include "district.h"
#include "dpages.h"
#include "fstree.h"
#include "shard.h"
#include "unitrun.h"
#include "util.h"

static const char *const kinds[] = { "site", "pdf", "private", "archive",
	NULL };

/* Add path (relative rel) and, for a folder, everything under it. */
static int
digest_walk(struct buf *b, const char *path, const char *rel)
{
	char	**names, *sub, *subrel, *bytes;
	size_t	 n, i, len;
	int	 rc = 0;

	if (fstree_isdir(path)) {
		if ((names = fstree_names(path, 0, &n)) == NULL) {
			sys_warn(path);
			return -1;
		}
		for (i = 0; rc == 0 && i < n; i++) {
			sub = xasprintf("%s/%s", path, names[i]);
			subrel = xasprintf("%s/%s", rel, names[i]);
			rc = digest_walk(b, sub, subrel);
			free(sub);
			free(subrel);
		}
		fstree_names_free(names, n);
		return rc;
	}
	if ((bytes = file_read(path, &len)) == NULL) {
		sys_warn(path);
		return -1;
	}
	buf_addf(b, "%s\n%zu\n", rel, len);
	buf_add(b, bytes, len);
	free(bytes);
	return 0;
}

char *
shard_templates_digest(const char *tmpldir)
{
	struct buf	 b = { NULL, 0, 0 };
	char		 hex[65];

	if (digest_walk(&b, tmpldir, ".") != 0) {
		buf_free(&b);
		return NULL;
	}
	digest_sha256_buf(b.s ? b.s : "", b.len, hex);
	buf_free(&b);
	return xstrdup(hex);
}

/* SHA-256 of the district: district.md, its folder name, its units. */
static void
district_digest(const struct district *dt, char hex[65])
{
	struct buf	 b = { NULL, 0, 0 };
	size_t		 i;

	buf_add(&b, dt->md->src->bytes, dt->md->src->len);
	buf_addc(&b, '\0');
	buf_adds(&b, dt->dir);
	buf_addc(&b, '\0');
	for (i = 0; i < dt->nunits; i++)
		buf_addf(&b, "%s\n", dt->units[i]);
	digest_sha256_buf(b.s, b.len, hex);
	buf_free(&b);
}

/* The status of unit id in stage: "ok", "failed" or NULL (not built). */
static const char *
unit_status(const char *stage, const char *id)
{
	char		*path = unitrun_record_path(stage, id);
	xmlDocPtr	 doc;
	const char	*s = NULL;
	xmlChar		*v;

	doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
	    XML_PARSE_NOWARNING);
	free(path);
	if (doc == NULL)
		return NULL;
	v = xmlGetProp(xmlDocGetRootElement(doc), (const xmlChar *)"status");
	if (v != NULL)
		s = xmlStrEqual(v, (const xmlChar *)"ok") ? "ok" : "failed";
	xmlFree(v);
	xmlFreeDoc(doc);
	return s;
}

static void
prop(xmlNodePtr n, const char *name, const char *value)
{
	xmlSetProp(n, (const xmlChar *)name, (const xmlChar *)value);
}

static void
prop_ll(xmlNodePtr n, const char *name, long long v)
{
	char	 buf[32];

	snprintf(buf, sizeof(buf), "%lld", v);
	prop(n, name, buf);
}

int
shard_write(const char *stage, const struct district *dt, int k, int n,
    const char *tmpldir, long long epoch, struct diag *d)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 root, u;
	xmlChar		*mem;
	const char	*st;
	char		 hex[65], *tdig, *path;
	size_t		 i;
	int		 len, rc;

	if ((tdig = shard_templates_digest(tmpldir)) == NULL)
		return diag_system(d);
	district_digest(dt, hex);
	doc = xmlNewDoc((const xmlChar *)"1.0");
	root = xmlNewDocNode(doc, NULL, (const xmlChar *)"shard", NULL);
	xmlDocSetRootElement(doc, root);
	prop_ll(root, "k", k % n);
	prop_ll(root, "n", n);
	prop(root, "district", dt->dir);
	prop(root, "district-sha256", hex);
	prop(root, "templates-sha256", tdig);
	prop_ll(root, "epoch", epoch);
	for (i = 0; i < dt->nunits; i++) {
		u = xmlNewChild(root, NULL, (const xmlChar *)"unit", NULL);
		prop(u, "id", dt->units[i]);
		st = unit_status(stage, dt->units[i]);
		prop(u, "built", st ? "yes" : "no");
		if (st != NULL)
			prop(u, "status", st);
	}
	xmlDocDumpFormatMemoryEnc(doc, &mem, &len, "UTF-8", 1);
	path = xasprintf("%s/%s", stage, SHARD_MANIFEST);
	rc = out_write(path, mem, (size_t)len, 0);
	free(path);
	xmlFree(mem);
	xmlFreeDoc(doc);
	free(tdig);
	path = xasprintf("%s/%s", stage, DISTRICT_MD);
	if (rc == 0)
		rc = out_write(path, dt->md->src->bytes, dt->md->src->len, 0);
	free(path);
	return rc == 0 ? 0 : diag_system(d);
}

/* One shard as read from its manifest. */
struct shardin {
	const char	*path;
	xmlDocPtr	 doc;
	xmlNodePtr	 root;
};

static char *
attr(xmlNodePtr n, const char *name)
{
	xmlChar	*v = xmlGetProp(n, (const xmlChar *)name);
	char	*s = xstrdup(v ? (const char *)v : "");

	xmlFree(v);
	return s;
}

/* Is attribute name the same on a and b? */
static int
same_attr(xmlNodePtr a, xmlNodePtr b, const char *name)
{
	char	*x = attr(a, name), *y = attr(b, name);
	int	 same = strcmp(x, y) == 0;

	free(x);
	free(y);
	return same;
}

/* Read every manifest; -1 after a message. */
static int
read_shards(struct shardin *s, char *const *paths, int n)
{
	char	*m;
	int	 i;

	for (i = 0; i < n; i++) {
		s[i].path = paths[i];
		m = xasprintf("%s/%s", paths[i], SHARD_MANIFEST);
		s[i].doc = xmlReadFile(m, NULL, XML_PARSE_NONET |
		    XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
		if (s[i].doc == NULL || (s[i].root =
		    xmlDocGetRootElement(s[i].doc)) == NULL ||
		    !xmlStrEqual(s[i].root->name, (const xmlChar *)"shard")) {
			fprintf(stderr, "sunlight: %s: 不是分片（没有可读的 "
			    "%s）；请给出 sunlight build --shard 的输出文件夹\n",
			    paths[i], SHARD_MANIFEST);
			free(m);
			return -1;
		}
		free(m);
	}
	return 0;
}

/* The shards agree with the first on district, templates, epoch, N. */
static int
same_origin(const struct shardin *s, int n, const char *tdig)
{
	static const char *const keys[] = { "district", "district-sha256",
		"epoch", "n", "templates-sha256", NULL };
	static const char *const what[] = { "区县文件夹（-d）",
		"区县数据（district.md 或单位名单）",
		"SOURCE_DATE_EPOCH（请先 export SOURCE_DATE_EPOCH=同一个值，"
		"再运行各分片）", "分片总数 N", "模板", NULL };
	char	*t;
	int	 i, k, bad = 0;

	for (i = 1; i < n; i++)
		for (k = 0; keys[k] != NULL; k++)
			if (!same_attr(s[0].root, s[i].root, keys[k])) {
				fprintf(stderr, "sunlight: %s 与 %s 的%s不同：各分片"
				    "必须用同样的数据、模板和参数生成\n",
				    s[i].path, s[0].path, what[k]);
				bad = 1;
			}
	t = attr(s[0].root, "templates-sha256");
	if (strcmp(t, tdig) != 0) {
		fprintf(stderr, "sunlight: 分片 %s 用的模板与合并用的模板不同；"
		    "请用 -t 给出生成分片时的模板文件夹\n", s[0].path);
		bad = 1;
	}
	free(t);
	return bad ? -1 : 0;
}

/* Next <unit> element from n on. */
static xmlNodePtr
next_unit(xmlNodePtr n)
{
	while (n != NULL && (n->type != XML_ELEMENT_NODE ||
	    !xmlStrEqual(n->name, (const xmlChar *)"unit")))
		n = n->next;
	return n;
}

/*
 * Every unit of the first manifest is built by exactly one shard (the
 * unit lists are the same: the district digest covers them).  Sets
 * *failed when a unit's build failed.
 */
static int
coverage(const struct shardin *s, int n, int *failed)
{
	xmlNodePtr	 u[n > 0 ? n : 1];
	char		*id, *st;
	int		 i, k, bad = 0, bt;

	for (i = 0; i < n; i++)
		u[i] = next_unit(s[i].root->children);
	*failed = 0;
	for (; u[0] != NULL; ) {
		id = attr(u[0], "id");
		for (bt = 0, k = -1, i = 0; i < n; i++) {
			st = u[i] ? attr(u[i], "built") : xstrdup("");
			if (strcmp(st, "yes") == 0 && bt++ == 0)
				k = i;
			free(st);
		}
		if (bt != 1) {
			fprintf(stderr, "sunlight: 单位 %s %s；每个单位必须恰好"
			    "由一个分片生成\n", id, bt == 0 ? "没有任何分片生成" :
			    "被多个分片生成");
			bad = 1;
		} else {
			st = attr(u[k], "status");
			*failed |= strcmp(st, "ok") != 0;
			free(st);
		}
		free(id);
		for (i = 0; i < n; i++)
			u[i] = u[i] ? next_unit(u[i]->next) : NULL;
	}
	return bad ? -1 : 0;
}

/* The unit ids of a manifest, in its order; caller frees. */
static char **
manifest_ids(const struct shardin *s, size_t *n)
{
	xmlNodePtr	 u;
	char		**v = NULL;
	size_t		 cap = 0;

	*n = 0;
	for (u = next_unit(s->root->children); u; u = next_unit(u->next)) {
		v = xgrow(v, &cap, *n + 1, sizeof(*v));
		v[(*n)++] = attr(u, "id");
	}
	return v;
}

/* Copy a shard's unit outputs and records into the stage. */
static int
copy_shard(const char *shard, const char *stage)
{
	char	**names, *from, *to, *dir;
	size_t	 n, i;
	int	 k, rc = 0;

	for (k = 0; rc == 0 && kinds[k] != NULL; k++) {
		dir = xasprintf("%s/%s", shard, kinds[k]);
		if (!fstree_isdir(dir) ||
		    (names = fstree_names(dir, 1, &n)) == NULL) {
			free(dir);
			continue;
		}
		to = xasprintf("%s/%s", stage, kinds[k]);
		rc = out_mkdirs(to, k >= 2);
		free(to);
		for (i = 0; rc == 0 && i < n; i++) {
			from = xasprintf("%s/%s", dir, names[i]);
			to = xasprintf("%s/%s/%s", stage, kinds[k], names[i]);
			rc = fstree_copy(from, to);
			free(from);
			free(to);
		}
		fstree_names_free(names, n);
		free(dir);
	}
	return rc;
}

/* Copy every shard, write the pages, swap in: 0 or -1 (why in d). */
static int
merge_into(const char *out, struct dpages *pg, const struct shardin *s,
    int n, long long epoch, struct diag *d)
{
	struct stage	*st;
	size_t		 from = d->n;
	int		 i, rc = 0;

	if ((st = stage_open(out)) == NULL)
		return diag_system(d);
	for (i = 0; rc == 0 && i < n; i++)
		if (copy_shard(s[i].path, stage_path(st)) != 0)
			rc = diag_system(d);
	if (rc == 0)
		rc = dpages_render(pg, stage_path(st), epoch, d);
	diag_print_from(d, from, stderr);
	if (rc == 0 && stage_commit(st) != 0)
		rc = diag_system(d);
	stage_free(st);
	return rc;
}

/*
 * The district of the first shard, its pages loaded; NULL when bad
 * (findings printed, or a system error counted in d).
 */
static struct dpages *
merge_pages(const struct shardin *s, const char *tmpldir,
    struct district **dt, struct diag *d)
{
	struct dpages	*pg = NULL;
	char		**ids, *dir, *md;
	size_t		 n, i, from = d->n;

	ids = manifest_ids(s, &n);
	dir = attr(s->root, "district");
	md = xasprintf("%s/%s", s->path, DISTRICT_MD);
	if ((*dt = district_load(dir, md, ids, n, d)) == NULL)
		diag_system(d);
	else if (diag_worst_from(d, from) != SEV_ERROR)
		pg = dpages_new(*dt, tmpldir, d);
	diag_print_from(d, from, stderr);
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	free(dir);
	free(md);
	return pg;
}

/* Does the copy of district.md match the manifest's digest? */
static int
digest_ok(const struct shardin *s, const struct district *dt)
{
	char	 hex[65], *want = attr(s->root, "district-sha256");
	int	 ok;

	district_digest(dt, hex);
	ok = strcmp(hex, want) == 0;
	if (!ok)
		fprintf(stderr, "sunlight: %s/%s 与分片清单不符：分片被改动过，"
		    "请重新生成\n", s->path, DISTRICT_MD);
	free(want);
	return ok;
}

/*
 * The shards checked against each other and the templates; 0, or -1
 * after a message (shards refused are counted as failed input, a
 * template folder that cannot be read as a system error).
 */
static int
merge_checks(struct shardin *s, char *const *paths, int n,
    const char *tmpldir, int *failed, struct diag *d)
{
	char	*tdig;
	int	 rc;

	*failed = 0;
	if (read_shards(s, paths, n) != 0)
		return diag_failed(d);
	if ((tdig = shard_templates_digest(tmpldir)) == NULL)
		return diag_system(d);
	rc = same_origin(s, n, tdig) == 0 && coverage(s, n, failed) == 0 ?
	    0 : diag_failed(d);
	free(tdig);
	return rc;
}

int
shard_merge(const char *out, const char *tmpldir, char *const *paths,
    int n, struct diag *d)
{
	struct shardin	*s = xcalloc((size_t)n, sizeof(*s));
	struct district	*dt = NULL;
	struct dpages	*pg = NULL;
	char		*ep;
	int		 i, rc = -1, failed;

	if (merge_checks(s, paths, n, tmpldir, &failed, d) == 0 &&
	    (pg = merge_pages(s, tmpldir, &dt, d)) != NULL) {
		if (!digest_ok(s, dt))
			diag_failed(d);
		else {
			ep = attr(s[0].root, "epoch");
			rc = merge_into(out, pg, s, n, strtoll(ep, NULL, 10), d);
			free(ep);
			if (rc == 0 && failed)
				rc = diag_failed(d);
		}
	}
	dpages_free(pg);
	district_free(dt);
	for (i = 0; i < n; i++)
		xmlFreeDoc(s[i].doc);
	free(s);
	return rc;
}
