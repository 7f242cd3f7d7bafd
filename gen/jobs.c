/*
 * Worker processes for independent outputs (see jobs.h).  A worker is a
 * fork of the whole process, so a job sees every tree the parent built;
 * it writes its files, dumps its findings into an unlinked temporary
 * file and exits with the job's status.  The parent waits, loads the
 * findings of each job in job order and takes the largest status.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "jobs.h"
#include "pool.h"
#include "util.h"

/* One job's worker: its pid (0 when not started or done) and its file. */
struct worker {
	pid_t	 pid;
	FILE	*out;
	int	 status;
};

int
jobs_default(void)
{
	int	 n = pool_cores();

	return n > 64 ? 64 : n;
}

/* Every job in this process, in order. */
static int
run_here(size_t n, jobs_fn fn, void *ctx, struct diag *d, size_t *ends)
{
	size_t	 i;
	int	 rc = 0;

	for (i = 0; i < n; i++) {
		if (fn(ctx, i, d) != 0)
			rc = -1;
		if (ends != NULL)
			ends[i] = d->n;
	}
	return rc;
}

/*
 * In the child: run job i, dump its findings to out, exit with the
 * status of its result (diag_status; JOBS_LOST if the findings could
 * not be handed over).
 */
static void
child(jobs_fn fn, void *ctx, size_t i, FILE *out)
{
	struct diag	 d;
	int		 st;

	diag_init(&d);
	st = diag_status(&d, fn(ctx, i, &d) != 0);
	if (diag_dump(&d, 0, fileno(out)) != 0)
		st = JOBS_LOST;
	fflush(stdout);
	fflush(stderr);
	_exit(st);
}

/*
 * A worker's exit status back to a result (diag_status's mapping): 0
 * done; EXIT_DATA failed on its findings; anything else (EXIT_SYSTEM,
 * JOBS_LOST) a system failure, counted in d.
 */
static int
result(int st, struct diag *d)
{
	if (st == 0)
		return 0;
	return st == EXIT_DATA ? -1 : diag_system(d);
}

/* Start job i; when fork fails, run it here instead. */
static void
start(struct worker *w, jobs_fn fn, void *ctx, size_t i, struct diag *d)
{
	pid_t	 parent = getpid();

	fflush(stdout);
	fflush(stderr);
	if ((w->out = tmpfile()) == NULL || (w->pid = fork()) < 0) {
		if (w->out != NULL)
			fclose(w->out);
		w->out = NULL;
		w->pid = 0;
		/* run here: a system error is already counted in d */
		w->status = fn(ctx, i, d) != 0 ? EXIT_DATA : 0;
		return;
	}
	if (w->pid == 0) {
		worker_follow_parent(parent);
		child(fn, ctx, i, w->out);
	}
}

/* Record how worker w ended (status ws of waitpid). */
static void
ended(struct worker *w, int ws)
{
	w->pid = 0;
	w->status = WIFEXITED(ws) ? WEXITSTATUS(ws) : JOBS_LOST;
	if (!WIFEXITED(ws))
		sys_warnx("一个工作进程意外终止(信号 %d)", WTERMSIG(ws));
}

/*
 * Wait until one of our workers ends and record it; -1 if none is
 * left.  Only our own pids are waited for (never any child), so a
 * caller's other children are left alone; between rounds of WNOHANG
 * checks the process sleeps a millisecond.
 */
static int
reap(struct worker *v, size_t n)
{
	struct timespec	 ms = { 0, 1000000 };
	size_t		 i, alive;
	pid_t		 pid;
	int		 ws;

	for (;;) {
		for (i = 0, alive = 0; i < n; i++) {
			if (v[i].pid <= 0)
				continue;
			alive++;
			pid = waitpid(v[i].pid, &ws, WNOHANG);
			if (pid == v[i].pid) {
				ended(&v[i], ws);
				return 0;
			}
			if (pid < 0 && errno != EINTR) {
				sys_warn("waitpid");
				v[i].pid = 0;
				v[i].status = JOBS_LOST;
				return 0;
			}
		}
		if (alive == 0)
			return -1;
		nanosleep(&ms, NULL);
	}
}

/*
 * The findings of a finished worker, into d; its file is closed.  0
 * when its job was done, else -1 (a system error or loss counted in d).
 */
static int
collect(struct worker *w, struct diag *d)
{
	int	 st = w->status;

	if (w->out == NULL)
		return result(st, d);
	if (lseek(fileno(w->out), 0, SEEK_SET) != 0 ||
	    diag_load(d, fileno(w->out)) != 0) {
		sys_warnx("无法读取工作进程的检查结果: %s",
		    sys_errstr(errno));
		st = JOBS_LOST;
	}
	fclose(w->out);
	w->out = NULL;
	return result(st, d);
}

int
jobs_run(size_t n, jobs_fn fn, void *ctx, int workers, struct diag *d)
{
	return jobs_run_ends(n, fn, ctx, workers, d, NULL);
}

int
jobs_run_ends(size_t n, jobs_fn fn, void *ctx, int workers, struct diag *d,
    size_t *ends)
{
	struct worker	*v;
	size_t		 i, running = 0;
	int		 rc = 0;

	if (workers <= 1 || n <= 1)
		return run_here(n, fn, ctx, d, ends);
	v = xcalloc(n, sizeof(*v));
	for (i = 0; i < n; i++) {
		while (running >= (size_t)workers && reap(v, n) == 0)
			running--;
		start(&v[i], fn, ctx, i, d);
		if (v[i].pid > 0)
			running++;
	}
	while (running > 0 && reap(v, n) == 0)
		running--;
	for (i = 0; i < n; i++) {
		if (collect(&v[i], d) != 0)
			rc = -1;
		if (ends != NULL)
			ends[i] = d->n;
	}
	free(v);
	return rc;
}
