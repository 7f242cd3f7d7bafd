/*
 * sunlight: command line, pipeline order, exit status.
 *
 *	sunlight build  [-d data] [-t templates] [-o out]
 *	sunlight check  [-d data] [--strict]
 *	sunlight verify out/archive/<period>
 *	sunlight init DIR
 *	sunlight merge -o out SHARD...		(a district: district.h)
 *
 * Every command's stages (a unit's, a district's, init's) return 0 or
 * -1 and say why in the run's diag; the exit status is diag_status's
 * mapping (diag.h), here and nowhere else: 0 done, 1 data errors, 2 a
 * usage error, 3 a system error.  A unit's usage errors are decided
 * here before any stage; a district command and init report theirs
 * through the diag (diag_usage).
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "date.h"
#include "diag.h"
#include "district.h"
#include "figures.h"
#include "init.h"
#include "model.h"
#include "render.h"
#include "util.h"
#include "bag.h"
#include "output.h"
#include "tmpldir.h"

#define VERSION	"0.1.0"

struct opts {
	const char	*data;
	const char	*templates;
	const char	*out;
	int		 strict;
};

static void
usage(FILE *fp)
{
	fputs("用法: sunlight build  [-d 数据文件夹] [-t 模板文件夹] [-o 输出文件夹]\n"
	    "      sunlight check  [-d 数据文件夹] [--strict]\n"
	    "      sunlight verify out/archive/<学期>\n"
	    "      sunlight init 新单位的数据文件夹\n"
	    "      sunlight build -d 区县文件夹 [-t 模板文件夹] [-o 输出文件夹] "
	    "[-j 进程数] [--shard K/N]\n"
	    "      sunlight merge -o 输出文件夹 [-t 模板文件夹] 分片...\n"
	    "      sunlight --help | --version\n"
	    "check 只检查数据;build 检查并生成网站、PDF 和归档包;"
	    "verify 核验归档包;init 建一个新单位的数据文件夹。\n"
	    "详见 docs/使用说明.md。\n", fp);
}

/* Parse options after the command word; returns 0 or EXIT_USAGE. */
static int
parse_opts(int argc, char *argv[], struct opts *o, int build)
{
	static const struct option longopts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "templates", required_argument, NULL, 't' },
		{ "out", required_argument, NULL, 'o' },
		{ "strict", no_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	int	 c, idx;

	o->data = "data";
	o->templates = NULL;
	o->out = "out";
	o->strict = 0;
	optind = 1;
	opterr = 0;
	while (idx = -1, (c = getopt_long(argc, argv, build ? ":d:t:o:" :
	    ":d:", longopts, &idx)) != -1) {
		switch (c) {
		case 'd':
			o->data = optarg;
			break;
		case 't':
		case 'o':
			if (!build)
				goto unknown;
			if (c == 't')
				o->templates = optarg;
			else
				o->out = optarg;
			break;
		case 's':
			o->strict = 1;
			break;
		default:
		unknown:
			opt_refused(argv, longopts, idx, c);
			goto bad;
		}
	}
	if (optind == argc) {
		if (o->templates == NULL)
			o->templates = tmpldir_default();
		return 0;
	}
	sys_warnx("多余的参数 \"%s\":数据文件夹请用 -d 给出", argv[optind]);
bad:
	usage(stderr);
	return EXIT_USAGE;
}

/* A unit's data folder (-d, or ./data without it): folder_given. */
static int
data_given(const char *data)
{
	return folder_given(data, "数据文件夹", "请用 -d 给出单位的数据文件夹"
	    "(放 unit.md 和各学期数据的那个);不写 -d 时用的是当前文件夹里的 "
	    "data [usage.data]");
}

/*
 * Print the findings and the exit status they imply; the count line
 * too unless a render follows (build without errors), which prints it
 * last, after its own findings.
 */
static int
report(struct diag *d, const char *data, int strict, int render)
{
	int	 rc;

	if (strict)
		diag_strict(d);
	diag_print(d, stderr);
	rc = diag_status(d, 0);
	if (!render || rc != 0)
		diag_summary(d, data, stderr);
	return rc;
}

/*
 * Load, compute the figures once (*figs, for the render too) and
 * check; NULL model on a system error (*rc set).  render: a build,
 * whose count line comes after the render's findings.
 */
static struct model *
load_checked(const struct opts *o, int render, struct diag *d,
    struct figures ***figs, int *rc)
{
	struct model	*m;

	*figs = NULL;
	if ((m = model_load(o->data, d)) == NULL) {
		diag_print(d, stderr);
		*rc = diag_status(d, diag_system(d));
		return NULL;
	}
	*figs = figures_all(m);
	check_run(m, *figs, d);
	*rc = report(d, o->data, o->strict, render);
	return m;
}

static int
cmd_check(int argc, char *argv[])
{
	struct opts	 o;
	struct diag	 d;
	struct model	*m;
	struct figures	**figs;
	int		 rc;

	if ((rc = parse_opts(argc, argv, &o, 0)) != 0)
		return rc;
	if (!data_given(o.data))
		return EXIT_USAGE;
	diag_init(&d);
	m = load_checked(&o, 0, &d, &figs, &rc);
	figures_free_all(figs, m != NULL ? m->nperiods : 0);
	model_free(m);
	diag_free(&d);
	return rc;
}

static int
cmd_build(int argc, char *argv[])
{
	struct opts	 o;
	struct diag	 d;
	struct model	*m;
	struct figures	**figs;
	int		 rc;

	if ((rc = parse_opts(argc, argv, &o, 1)) != 0)
		return rc;
	if (!data_given(o.data) || out_overlaps_data(o.data, o.out) ||
	    !tmpldir_usable(o.templates) || render_env() != 0)
		return EXIT_USAGE;
	diag_init(&d);
	m = load_checked(&o, 1, &d, &figs, &rc);
	if (rc == 0) {
		rc = diag_status(&d, render_all(m, figs, &d, o.templates,
		    o.out) != 0);
		diag_summary(&d, o.data, stderr);
	}
	figures_free_all(figs, m != NULL ? m->nperiods : 0);
	model_free(m);
	diag_free(&d);
	return rc;
}

/* Exit status after writing to stdout: 3 if the output was lost. */
static int
flushed(void)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		sys_warn("stdout");
		return EXIT_SYSTEM;
	}
	return 0;
}

/* The findings on stdout: the report is what verify is asked for. */
static int
cmd_verify(int argc, char *argv[])
{
	struct diag	 d;
	size_t		 verified = 0;
	int		 rc;

	if (argc != 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!folder_given(argv[1], "档案包文件夹", "请给出一个学期的档案包"
	    "文件夹,例如 sunlight verify out/archive/2023-autumn [usage.bag]"))
		return EXIT_USAGE;
	diag_init(&d);
	rc = bag_verify(argv[1], &d, &verified);
	diag_print(&d, stdout);
	bag_verify_summary(argv[1], &d, verified, rc, stdout);
	rc = diag_status(&d, rc != 0);
	diag_free(&d);
	return fflush(stdout) != 0 || ferror(stdout) ? flushed() : rc;
}

/* A new unit's data folder: refused (2) when DIR is not new or empty. */
static int
cmd_init(int argc, char *argv[])
{
	struct diag	 d;
	long long	 epoch;
	int		 rc;

	if (argc != 2 || argv[1][0] == '-') {
		usage(stderr);
		return EXIT_USAGE;
	}
	if ((epoch = date_source_epoch()) < 0)
		return EXIT_USAGE;
	diag_init(&d);
	rc = diag_status(&d, init_unit(argv[1], epoch, &d) != 0);
	diag_free(&d);
	return rc == 0 ? flushed() : rc;
}

/*
 * A district command (district.h): it prints its messages as it goes;
 * its result and diag give the exit status.
 */
static int
cmd_district(int (*fn)(int, char *[], const char *, struct diag *),
    int argc, char *argv[])
{
	struct diag	 d;
	int		 failed, rc;

	diag_init(&d);
	failed = fn(argc, argv, tmpldir_default(), &d) != 0;
	rc = diag_status(&d, failed);
	diag_free(&d);
	return rc;
}

int
main(int argc, char *argv[])
{
	/* A file-size limit is a full disk to us: a failed write, exit 3. */
	signal(SIGXFSZ, SIG_IGN);
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return flushed();
	}
	if (strcmp(argv[1], "--version") == 0) {
		puts("sunlight " VERSION);
		return flushed();
	}
	if ((strcmp(argv[1], "check") == 0 || strcmp(argv[1], "build") == 0)
	    && district_wanted(argc - 1, argv + 1))
		return cmd_district(district_main, argc - 1, argv + 1);
	if (strcmp(argv[1], "merge") == 0)
		return cmd_district(district_merge, argc - 1, argv + 1);
	if (strcmp(argv[1], "check") == 0)
		return cmd_check(argc - 1, argv + 1);
	if (strcmp(argv[1], "build") == 0)
		return cmd_build(argc - 1, argv + 1);
	if (strcmp(argv[1], "verify") == 0)
		return cmd_verify(argc - 1, argv + 1);
	if (strcmp(argv[1], "init") == 0)
		return cmd_init(argc - 1, argv + 1);
	sys_warnx("没有 \"%s\" 这个命令", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
