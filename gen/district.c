/*
 * The district build: command line, reading the district folder,
 * building its units in parallel processes, then its pages or its
 * shard manifest, all in one staging folder swapped in at the end.
 * See district.h.
 */
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "check.h"
#include "date.h"
#include "district.h"
#include "dpages.h"
#include "fstree.h"
#include "pool.h"
#include "render.h"
#include "shard.h"
#include "tmpldir.h"
#include "unitrun.h"
#include "util.h"

static const char *const district_keys[] = {
	"name|名称", "type|类型", "address|地址", "hotline|投诉电话",
	"base_url|网址", NULL
};

struct dopts {
	const char	*data;
	const char	*tmpl;
	const char	*out;
	int		 jobs;
	int		 strict;
	int		 shard_k, shard_n;	/* shard_n 0: no shard */
};

int
district_id_ok(const char *id)
{
	const char	*p;

	if (*id == '\0' || *id == '-' || strlen(id) > 64)
		return 0;
	for (p = id; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-'))
			return 0;
	return 1;
}

const char *
district_meta(const struct district *dt, const char *key)
{
	return model_meta(dt->md, key);
}

/* One entry of the district folder: a unit folder, or a finding. */
static void
unit_entry(struct district *dt, const char *name, size_t *cap,
    struct diag *d)
{
	struct stat	 st;
	char		*path = xasprintf("%s/%s", dt->dir, name);

	if (strcmp(name, DISTRICT_MD) == 0)
		;
	else if (lstat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		diag_add(d, SEV_ERROR, NULL, path, 0, 0, "这不是单位文件夹："
		    "区县文件夹里只放 district.md 和各单位的数据文件夹"
		    "（符号链接也不行），请移走它 [district.entry]");
	else if (!district_id_ok(name))
		diag_add(d, SEV_ERROR, NULL, path, 0, 0, "单位文件夹名 \"%s\" "
		    "不合规：只能用小写字母、数字和 -（不以 - 开头，最长 64 个"
		    "字符），例如 taoxi-kg，请改名 [district.unit-id]", name);
	else {
		dt->units = xgrow(dt->units, cap, dt->nunits + 1,
		    sizeof(*dt->units));
		dt->units[dt->nunits++] = xstrdup(name);
	}
	free(path);
}

/* The unit folders of dt->dir, in name order; -1 on a system error. */
static int
list_units(struct district *dt, struct diag *d)
{
	char	**names;
	size_t	 n, i, cap = 0;

	if ((names = fstree_names(dt->dir, 0, &n)) == NULL) {
		sys_warn(dt->dir);
		return -1;
	}
	for (i = 0; i < n; i++)
		unit_entry(dt, names[i], &cap, d);
	fstree_names_free(names, n);
	if (dt->nunits == 0)
		diag_add(d, SEV_ERROR, NULL, dt->dir, 0, 0, "区县文件夹里没有"
		    "单位文件夹：每个单位一个文件夹，内有 unit.md 和各学期数据 "
		    "[district.empty]");
	return 0;
}

struct district *
district_load(const char *dir, const char *mdpath, char *const *ids,
    size_t nids, struct diag *d)
{
	struct district	*dt = xcalloc(1, sizeof(*dt));
	size_t		 len = strlen(dir), i;
	char		*path;

	while (len > 1 && dir[len - 1] == '/')
		len--;
	dt->dir = xstrndup(dir, len);
	path = mdpath ? xstrdup(mdpath) : xasprintf("%s/%s", dt->dir,
	    DISTRICT_MD);
	dt->md = model_md_load(path, DISTRICT_MD, district_keys, d);
	if (dt->md != NULL && (dt->name = model_meta(dt->md, "name")) == NULL)
		diag_add(d, SEV_ERROR, NULL, path, 1, 1, "district.md 缺少 "
		    "name（区县教育局的名称），请在开头的 --- 之间写上 "
		    "name: XX县教育局 [district.name]");
	free(path);
	if (dt->md == NULL) {
		district_free(dt);
		return NULL;
	}
	if (ids == NULL) {
		if (list_units(dt, d) != 0) {
			district_free(dt);
			return NULL;
		}
		return dt;
	}
	dt->units = xcalloc(nids + 1, sizeof(*dt->units));
	for (i = 0; i < nids; i++)
		dt->units[i] = xstrdup(ids[i]);
	dt->nunits = nids;
	return dt;
}

void
district_free(struct district *dt)
{
	size_t	 i;

	if (dt == NULL)
		return;
	for (i = 0; i < dt->nunits; i++)
		free(dt->units[i]);
	free(dt->units);
	model_md_free(dt->md);
	free(dt->dir);
	free(dt);
}

/* The -d value of a command line, "data" without one. */
static const char *
data_arg(int argc, char *argv[], int *district_opts)
{
	const char	*data = "data";
	int		 i;

	*district_opts = 0;
	for (i = 1; i < argc; i++) {
		if ((strcmp(argv[i], "-d") == 0 ||
		    strcmp(argv[i], "--data") == 0) && i + 1 < argc)
			data = argv[++i];
		else if (strncmp(argv[i], "--data=", 7) == 0)
			data = argv[i] + 7;
		else if (strncmp(argv[i], "-d", 2) == 0 && argv[i][2] != '\0')
			data = argv[i] + 2;
		else if (strncmp(argv[i], "-j", 2) == 0 ||
		    strncmp(argv[i], "--jobs", 6) == 0 ||
		    strncmp(argv[i], "--shard", 7) == 0)
			*district_opts = 1;
		else if (strcmp(argv[i], "--") == 0)
			break;
	}
	return data;
}

int
district_wanted(int argc, char *argv[])
{
	struct stat	 st;
	const char	*data;
	char		*md;
	int		 opts, is;

	data = data_arg(argc, argv, &opts);
	md = xasprintf("%s/%s", data, DISTRICT_MD);
	is = lstat(md, &st) == 0;
	free(md);
	return is || opts;
}

static void
usage(void)
{
	fputs("用法: sunlight build -d 区县文件夹 [-t 模板文件夹] [-o 输出文件夹] "
	    "[-j 进程数] [--shard K/N]\n"
	    "      sunlight check -d 区县文件夹 [--strict]\n"
	    "      sunlight merge -o 输出文件夹 [-t 模板文件夹] 分片...\n"
	    "详见 docs/district.md。\n", stderr);
}

/* A positive number up to max from s; -1 if it is not one. */
static int
number(const char *s, int max)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || errno != 0 || v > max)
		return -1;
	return (int)v;
}

/* "K/N": 1 <= N, 0 <= K <= N (K = 0 and K = N are the same shard). */
static int
shard_arg(const char *s, struct dopts *o)
{
	const char	*slash = strchr(s, '/');
	char		*k;

	if (slash == NULL)
		return -1;
	k = xstrndup(s, (size_t)(slash - s));
	o->shard_k = number(k, 1000000);
	o->shard_n = number(slash + 1, 1000000);
	free(k);
	if (o->shard_k < 0 || o->shard_n < 1 || o->shard_k > o->shard_n)
		return -1;
	return 0;
}

/*
 * Whether option c is the command's: build takes -d -t -o -j --shard,
 * check -d --strict.
 */
static int
option_of(int c, int build)
{
	if (c == 'd')
		return 1;
	return c == 's' ? !build : build;
}

/* Take option c of a build or a check with its value v; -1 if v is bad. */
static int
option_take(struct dopts *o, int c, const char *v)
{
	switch (c) {
	case 'd':
		o->data = v;
		return 0;
	case 't':
		o->tmpl = v;
		return 0;
	case 'o':
		o->out = v;
		return 0;
	case 's':
		o->strict = 1;
		return 0;
	case 'j':
		return (o->jobs = number(v, 4096)) >= 1 ? 0 : -1;
	default:
		return shard_arg(v, o);
	}
}

/*
 * Say what is wrong with the option getopt_long last returned as c
 * (idx: its entry in longopts, or -1): unknown, without its value, not
 * the command's, or with a bad value, naming the option as the clerk
 * would type it and saying what to write instead.
 */
static void
option_bad(char *argv[], const struct option *longopts, int idx, int c,
    int build)
{
	char	 name[64];

	if (c == '?' || c == ':') {
		opt_refused(argv, longopts, idx, c);
		return;
	}
	opt_name(name, sizeof(name), argv, longopts, idx, c);
	if (!option_of(c, build))
		sys_warnx("%s 命令没有 %s 这个选项,它只用于 sunlight %s",
		    argv[0], name, build ? "check" : "build");
	else if (c == 'j')
		sys_warnx("选项 %s 的值 \"%s\" 不对:要写同时用几个进程,"
		    "1 到 4096 的整数,例如 -j 4", name, optarg);
	else
		sys_warnx("选项 %s 的值 \"%s\" 不对:要写成 K/N,即把各单位"
		    "分成 N 片、这一次生成第 K 片(K 从 1 到 N),例如 "
		    "--shard 1/4", name, optarg);
}

/*
 * Options of build (-d -t -o -j --shard) or check (-d --strict); -1
 * after a message and the usage.
 */
static int
parse(int argc, char *argv[], struct dopts *o, const char *deftmpl)
{
	static const struct option longopts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "templates", required_argument, NULL, 't' },
		{ "out", required_argument, NULL, 'o' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "shard", required_argument, NULL, 'S' },
		{ "strict", no_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	int	 c, idx, build = strcmp(argv[0], "build") == 0;

	memset(o, 0, sizeof(*o));
	o->data = "data";
	o->tmpl = deftmpl;
	o->out = "out";
	o->jobs = pool_cores();
	optind = 1;
	opterr = 0;
	while (idx = -1, (c = getopt_long(argc, argv, ":d:t:o:j:", longopts,
	    &idx)) != -1)
		if (c == '?' || c == ':' || !option_of(c, build) ||
		    option_take(o, c, optarg) != 0) {
			option_bad(argv, longopts, idx, c, build);
			usage();
			return -1;
		}
	if (optind == argc)
		return 0;
	fprintf(stderr, "sunlight: 多余的参数 \"%s\":区县文件夹请用 -d 给出\n",
	    argv[optind]);
	usage();
	return -1;
}

/*
 * The district folder's findings (the first in d) printed, and the
 * count line a unit's run ends with when there is an error among
 * them; -1 then.
 */
static int
report(const struct diag *d, const char *what)
{
	diag_print(d, stderr);
	if (diag_count(d, SEV_ERROR) > 0) {
		diag_summary(d, what, stderr);
		return -1;
	}
	return 0;
}

/* The district folder, checked; NULL when unusable (why in d). */
static struct district *
load(const struct dopts *o, struct diag *d)
{
	struct district	*dt;
	struct stat	 st;
	char		*md;

	if (!folder_given(o->data, "区县文件夹", "请用 -d 给出区县文件夹"
	    "(放 district.md 和各单位文件夹的那个) [usage.data]")) {
		diag_usage(d);
		return NULL;
	}
	md = xasprintf("%s/%s", o->data, DISTRICT_MD);
	if (lstat(md, &st) != 0) {
		fprintf(stderr, "sunlight: %s: 没有 district.md，这不是区县"
		    "文件夹；-j 和 --shard 只用于区县（一个单位请直接 "
		    "sunlight build -d 单位文件夹）\n", o->data);
		free(md);
		diag_usage(d);
		return NULL;
	}
	free(md);
	if ((dt = district_load(o->data, NULL, NULL, 0, d)) == NULL)
		diag_system(d);
	else if (report(d, dt->dir) != 0) {
		district_free(dt);
		dt = NULL;
	}
	return dt;
}

/*
 * `sunlight check` of every unit, one after the other, each with a
 * diag of its own (printed, then freed: memory does not grow with the
 * units); a unit with errors is counted in d as failed.
 */
static int
check_all(const struct dopts *o, struct district *dt, struct diag *d)
{
	struct diag	 ud;
	struct model	*m;
	char		*data;
	size_t		 i, bad = 0;

	for (i = 0; i < dt->nunits; i++) {
		data = xasprintf("%s/%s", dt->dir, dt->units[i]);
		diag_init(&ud);
		if ((m = model_load(data, &ud)) == NULL)
			diag_system(d);
		else
			check_run(m, NULL, &ud);
		if (o->strict)
			diag_strict(&ud);
		diag_print(&ud, stderr);
		if (diag_worst(&ud) == SEV_ERROR || m == NULL)
			bad++;
		if (diag_worst(&ud) == SEV_ERROR)
			diag_failed(d);
		model_free(m);
		diag_free(&ud);
		free(data);
	}
	fprintf(stderr, "%s: 共 %zu 个单位,%zu 个有错误\n", dt->dir,
	    dt->nunits, bad);
	return bad > 0 ? -1 : 0;
}

struct job {
	struct unitrun	 u;
	struct district	*dt;
	size_t		*idx;		/* units[idx[i]] is job i */
};

static int
job_run(void *arg, size_t i, struct diag *d)
{
	struct job	*j = arg;

	return unitrun_build(&j->u, j->dt->units[j->idx[i]], d);
}

/* 1-based positions p with p ≡ K (mod N); every unit without a shard. */
static size_t *
select_units(const struct dopts *o, const struct district *dt, size_t *n)
{
	size_t	*idx = xcalloc(dt->nunits + 1, sizeof(*idx)), i;

	*n = 0;
	for (i = 0; i < dt->nunits; i++)
		if (o->shard_n == 0 ||
		    (i + 1) % (size_t)o->shard_n ==
		    (size_t)o->shard_k % (size_t)o->shard_n)
			idx[(*n)++] = i;
	return idx;
}

/*
 * Build the selected units into the stage, each in its own process;
 * how each ended goes into d (unitrun_ended).  *failed counts the
 * units that failed.  0, or -1 when one failed or a system error
 * stopped them.
 */
static int
build_units(struct job *j, size_t n, int jobs, struct diag *d,
    size_t *failed)
{
	char	*logs = xasprintf("%s/.work/logs", j->u.stage);
	int	*status = xcalloc(n + 1, sizeof(*status)), rc = 0;
	size_t	 i;

	*failed = 0;
	if (getenv("SUNLIGHT_JOBS") == NULL)
		render_workers(pool_share(jobs, n));
	if (out_mkdirs(logs, 1) != 0)
		rc = diag_system(d);
	else if (pool_run(n, jobs, job_run, j, logs, "单位", status) != 0)
		rc = diag_system(d);
	for (i = 0; i < n; i++)
		if (unitrun_ended(&j->u, j->dt->units[j->idx[i]], status[i],
		    d) != 0) {
			(*failed)++;
			rc = -1;
		}
	free(status);
	free(logs);
	return rc;
}

/*
 * Units, then the pages or the shard manifest, in the stage.  -1 when
 * the district step failed: the stage is not to be swapped in.
 * *units is -1 when a unit failed (or the units' work folder could
 * not be removed), else 0.
 */
static int
build_stage(const struct dopts *o, struct district *dt, struct dpages *pg,
    struct job *j, size_t n, struct diag *d, int *units)
{
	char	*work = xasprintf("%s/.work", j->u.stage);
	size_t	 failed, from;
	int	 rc;

	*units = build_units(j, n, o->jobs, d, &failed);
	if (fstree_remove(work) != 0)
		*units = diag_system(d);
	free(work);
	from = d->n;
	if (pg != NULL)
		rc = dpages_render(pg, j->u.stage, j->u.epoch, d);
	else
		rc = shard_write(j->u.stage, dt, o->shard_k, o->shard_n,
		    o->tmpl, j->u.epoch, d);
	diag_print_from(d, from, stderr);
	fprintf(stderr, "%s: 生成 %zu 个单位,%zu 个失败%s\n", dt->dir, n,
	    failed, failed > 0 ? ";失败单位的上一次输出原样保留,"
	    "请按上面的提示改正后再运行" : "");
	return rc;
}

/*
 * Build: units into a staging folder, then the district pages (or the
 * shard manifest); swapped in unless the district step failed.  The
 * templates every unit uses are checked first, once: a broken one
 * stops the run before any unit, rather than failing each alike, and
 * the run ends with the count line as a unit's would.
 */
static int
build_all(const struct dopts *o, struct district *dt, struct diag *d)
{
	struct dpages	*pg = NULL;
	struct stage	*st;
	struct job	 j;
	size_t		 n, from = d->n;
	int		 rc = 0, units;

	memset(&j, 0, sizeof(j));
	if ((j.u.epoch = date_source_epoch()) < 0)
		return diag_usage(d);
	if (o->shard_n == 0 && (pg = dpages_new(dt, o->tmpl, d)) == NULL)
		rc = -1;
	if (render_templates_check(o->tmpl, d) != 0)
		rc = -1;
	diag_print_from(d, from, stderr);
	if (rc != 0) {
		diag_summary(d, dt->dir, stderr);
		dpages_free(pg);
		return rc;
	}
	if ((st = stage_open(o->out)) == NULL) {
		dpages_free(pg);
		return diag_system(d);
	}
	j.u.dir = dt->dir;
	j.u.tmpldir = o->tmpl;
	j.u.prev = o->out;
	j.u.stage = stage_path(st);
	j.dt = dt;
	j.idx = select_units(o, dt, &n);
	rc = build_stage(o, dt, pg, &j, n, d, &units);
	if (rc == 0 && stage_commit(st) != 0)
		rc = diag_system(d);
	stage_free(st);
	dpages_free(pg);
	free(j.idx);
	return rc != 0 || units != 0 ? -1 : 0;
}

int
district_main(int argc, char *argv[], const char *deftmpl, struct diag *d)
{
	struct dopts	 o;
	struct district	*dt;
	int		 rc;

	if (parse(argc, argv, &o, deftmpl) != 0)
		return diag_usage(d);
	if (strcmp(argv[0], "build") == 0 && (out_overlaps_data(o.data,
	    o.out) || !tmpldir_usable(o.tmpl)))
		return diag_usage(d);
	if ((dt = load(&o, d)) == NULL)
		return -1;
	if (strcmp(argv[0], "check") == 0)
		rc = check_all(&o, dt, d);
	else
		rc = build_all(&o, dt, d);
	district_free(dt);
	return rc;
}

int
district_merge(int argc, char *argv[], const char *deftmpl, struct diag *d)
{
	static const struct option longopts[] = {
		{ "templates", required_argument, NULL, 't' },
		{ "out", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*out = NULL, *tmpl = deftmpl;
	int		 c, idx;

	optind = 1;
	opterr = 0;
	while (idx = -1, (c = getopt_long(argc, argv, ":t:o:", longopts,
	    &idx)) != -1) {
		if (c == 't')
			tmpl = optarg;
		else if (c == 'o')
			out = optarg;
		else {
			opt_refused(argv, longopts, idx, c);
			usage();
			return diag_usage(d);
		}
	}
	if (out == NULL || optind == argc) {
		fputs("sunlight: merge 要用 -o 给出输出文件夹,再给出至少一个"
		    "分片(sunlight build --shard 的输出文件夹)\n", stderr);
		usage();
		return diag_usage(d);
	}
	if (!tmpldir_usable(tmpl))
		return diag_usage(d);
	return shard_merge(out, tmpl, argv + optind, argc - optind, d);
}
