/*
 * Worker processes: findings dumped by a child come back whole and in
 * job order, statuses combine to the largest, a worker that dies is
 * reported as lost, and one worker or many give the same findings.
 * A district's unit processes (pool.h) end with the exit status of
 * their result; diag_status maps each kind of failure.
 */
#define _GNU_SOURCE		/* sched_setaffinity */
#include <sys/wait.h>

#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "jobs.h"
#include "pool.h"
#include "util.h"
#include "t.h"

/*
 * Job i: two findings naming it (one with a newline and no code); job 3
 * fails on its error finding, job 5 on a system error.
 */
static int
job_findings(void *ctx, size_t i, struct diag *d)
{
	(void)ctx;
	d->period = i % 2 ? "2023-autumn" : NULL;
	diag_add(d, SEV_WARNING, "test.job", "data/x.csv", (int)i + 1, 2,
	    "任务 %zu 的发现", i);
	diag_add(d, i == 3 ? SEV_ERROR : SEV_NOTE, NULL, "data/y.md", 0, 0,
	    "第二条\n两行 %zu", i);
	d->period = NULL;
	if (i == 5)
		return diag_system(d);
	return i == 3 ? -1 : 0;
}

/* Job 1 dies by a signal (only ever run in a worker). */
static int
job_dies(void *ctx, size_t i, struct diag *d)
{
	(void)ctx;
	(void)d;
	if (i == 1)
		raise(SIGKILL);
	return 0;
}

/* Every finding of d as text lines, for comparing two runs. */
static char *
text_of(const struct diag *d)
{
	char	*s = NULL;
	size_t	 len = 0, i;
	FILE	*fp = open_memstream(&s, &len);

	for (i = 0; i < d->n; i++) {
		fprintf(fp, "%s|", d->v[i].period ? d->v[i].period : "-");
		diag_print1(&d->v[i], fp);
		fputc('\n', fp);
	}
	fclose(fp);
	return s;
}

static void
test_dump_load(void)
{
	struct diag	 a, b;
	int		 fd[2];
	char		*ta, *tb;

	diag_init(&a);
	diag_init(&b);
	job_findings(NULL, 1, &a);
	job_findings(NULL, 4, &a);
	T_OK("dump pipe", pipe(fd) == 0);
	T_INT("dump from 1", diag_dump(&a, 1, fd[1]), 0);
	close(fd[1]);
	T_INT("load", diag_load(&b, fd[0]), 0);
	close(fd[0]);
	T_INT("load count", b.n, 3);
	ta = text_of(&a);
	tb = text_of(&b);
	T_STR("load same text", tb, strchr(ta, '\n') + 1);
	T_OK("load null code", b.v[0].code == NULL && b.v[1].code != NULL);
	free(ta);
	free(tb);
	diag_free(&a);
	diag_free(&b);
}

static void
test_load_garbage(void)
{
	struct diag	 d;
	int		 fd[2];

	diag_init(&d);
	T_OK("garbage pipe", pipe(fd) == 0);
	T_INT("garbage write", write(fd[1], "1 2 3\0+a\0", 9), 9);
	close(fd[1]);
	T_INT("garbage refused", diag_load(&d, fd[0]), -1);
	T_INT("garbage adds nothing", d.n, 0);
	close(fd[0]);
	diag_free(&d);
}

static void
test_workers_same(void)
{
	struct diag	 one, two, three;
	char		*t1, *t2, *t3;

	diag_init(&one);
	diag_init(&two);
	diag_init(&three);
	T_INT("1 worker failed", jobs_run(7, job_findings, NULL, 1, &one), -1);
	T_INT("2 workers failed", jobs_run(7, job_findings, NULL, 2, &two), -1);
	T_INT("7 workers failed", jobs_run(7, job_findings, NULL, 7, &three), -1);
	T_OK("one system error, whatever the workers", one.system == 1 &&
	    two.system == 1 && three.system == 1);
	T_INT("exit status of the run", diag_status(&two, 1), EXIT_SYSTEM);
	t1 = text_of(&one);
	t2 = text_of(&two);
	t3 = text_of(&three);
	T_INT("1 worker findings", one.n, 14);
	T_STR("2 workers same findings", t2, t1);
	T_STR("7 workers same findings", t3, t1);
	T_INT("error kept", diag_worst(&two), SEV_ERROR);
	free(t1);
	free(t2);
	free(t3);
	diag_free(&one);
	diag_free(&two);
	diag_free(&three);
}

/*
 * Where each job's findings end, the same in this process and in
 * workers: every job of job_findings adds two.
 */
static void
test_ends(void)
{
	struct diag	 d;
	size_t		 ends[7], i;
	int		 w, ok;

	for (w = 1; w <= 3; w += 2) {
		diag_init(&d);
		memset(ends, 0, sizeof(ends));
		(void)jobs_run_ends(7, job_findings, NULL, w, &d, ends);
		for (ok = 1, i = 0; i < 7; i++)
			if (ends[i] != 2 * (i + 1))
				ok = 0;
		T_OK(w == 1 ? "ends: in this process" : "ends: 3 workers", ok);
		diag_free(&d);
	}
}

static void
test_worker_dies(void)
{
	struct diag	 d;

	diag_init(&d);
	T_INT("dead worker fails the run", jobs_run(3, job_dies, NULL, 2, &d),
	    -1);
	T_INT("dead worker is a system error", d.system, 1);
	T_INT("status after a dead worker", diag_status(&d, 1), EXIT_SYSTEM);
	diag_free(&d);
	T_INT("done: status 0", diag_status(&d, 0), 0);
	T_INT("failed without a finding: system", diag_status(&d, 1),
	    EXIT_SYSTEM);
	diag_add(&d, SEV_ERROR, "x", "f", 1, 1, "m");
	T_INT("failed on an error finding: data", diag_status(&d, 1),
	    EXIT_DATA);
	diag_free(&d);
}

/*
 * The kinds a failure is counted as map to their exit status; a system
 * error outweighs a usage error, which outweighs errors in the input.
 */
static void
test_status_kinds(void)
{
	struct diag	 d;

	diag_init(&d);
	T_INT("failed input: status 1", diag_status(&d, diag_failed(&d) != 0),
	    EXIT_DATA);
	T_INT("usage error: status 2", diag_status(&d, diag_usage(&d) != 0),
	    EXIT_USAGE);
	T_INT("system error: status 3", diag_status(&d, diag_system(&d) != 0),
	    EXIT_SYSTEM);
	diag_free(&d);
	T_INT("counts cleared by diag_free", diag_status(&d, 0), 0);
}

/* diag_print_from prints what a step added, and nothing before it. */
static void
test_print_from(void)
{
	struct diag	 d;
	char		*s = NULL;
	size_t		 len = 0;
	FILE		*fp;

	diag_init(&d);
	diag_add(&d, SEV_WARNING, "a", "x.csv", 1, 1, "前一步");
	diag_add(&d, SEV_ERROR, "b", "y.csv", 2, 3, "这一步");
	fp = open_memstream(&s, &len);
	diag_print_from(&d, 1, fp);
	fclose(fp);
	T_STR("print from 1", s, "y.csv:2:3: 错误: 这一步 [b]\n");
	free(s);
	diag_free(&d);
}

/*
 * Job i of a pool: 0 done; 1 an error finding; 2 a system error; 3
 * killed by a signal; 4 failed without saying why.
 */
static int
pool_job(void *arg, size_t i, struct diag *d)
{
	(void)arg;
	if (i == 1) {
		diag_add(d, SEV_ERROR, "test.pool", "x.csv", 1, 1, "错误");
		return -1;
	}
	if (i == 2)
		return diag_system(d);
	if (i == 3)
		raise(SIGKILL);
	return i == 4 ? -1 : 0;
}

/* A pool job's result crosses to the parent as its wait status. */
static void
test_pool_status(void)
{
	char	 dir[] = "/tmp/sunlight-pool-XXXXXX";
	int	 st[5];

	if (mkdtemp(dir) == NULL) {
		T_OK("pool log folder", 0);
		return;
	}
	T_INT("pool ran every job", pool_run(5, 2, pool_job, NULL, dir,
	    "任务", st), 0);
	T_INT("pool: done exits 0", st[0], 0);
	T_OK("pool: an error finding exits 1", WIFEXITED(st[1]) &&
	    WEXITSTATUS(st[1]) == EXIT_DATA);
	T_OK("pool: a system error exits 3", WIFEXITED(st[2]) &&
	    WEXITSTATUS(st[2]) == EXIT_SYSTEM);
	T_OK("pool: a killed job shows its signal", WIFSIGNALED(st[3]) &&
	    WTERMSIG(st[3]) == SIGKILL);
	T_OK("pool: a failure nobody explained exits 3", WIFEXITED(st[4]) &&
	    WEXITSTATUS(st[4]) == EXIT_SYSTEM);
	rmdir(dir);
}

/*
 * Processors come from the affinity mask (taskset, cpusets, Slurm):
 * pinned to one processor, one worker.  A district's units share its
 * -j processes instead of each taking all the processors.
 */
static void
test_cores(void)
{
	cpu_set_t	 one;

	T_INT("share: -j 2, ten units", pool_share(2, 10), 1);
	T_INT("share: -j 1, ten units", pool_share(1, 10), 1);
	T_INT("share: -j 8, ten units", pool_share(8, 10), 1);
	T_INT("share: -j 8, two units", pool_share(8, 2), 4);
	T_INT("share: -j 4, one unit", pool_share(4, 1), 4);
	T_INT("share: -j 5, two units", pool_share(5, 2), 2);
	T_INT("share: -j 0", pool_share(0, 3), 1);
	CPU_ZERO(&one);
	CPU_SET(0, &one);
	if (sched_setaffinity(0, sizeof(one), &one) != 0) {
		T_OK("pinned to processor 0", 0);
		return;
	}
	T_INT("pinned: one processor", pool_cores(), 1);
	T_INT("pinned: one worker by default", jobs_default(), 1);
}

int
main(void)
{
	test_dump_load();
	test_load_garbage();
	test_workers_same();
	test_ends();
	test_worker_dies();
	T_OK("default workers", jobs_default() >= 1);
	test_status_kinds();
	test_print_from();
	test_pool_status();
	test_cores();
	return t_failed != 0;
}
