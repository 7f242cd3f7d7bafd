/*
 * Parallel jobs in child processes.  See pool.h.
 */
#define _GNU_SOURCE		/* sched_getaffinity, CPU_COUNT */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pool.h"
#include "util.h"

struct pool {
	size_t		 n;
	pid_t		*pid;		/* per job, 0 when not running */
	int		*done;
	int		*status;
	size_t		 ndone, nfail, printed;
	const char	*logdir;
	const char	*label;
	int		 tty;
	time_t		 start;
};

/*
 * The processors this process may run on: its affinity mask, which
 * taskset, cgroups' cpusets and Slurm's --cpus-per-task set, else the
 * processors online.
 */
int
pool_cores(void)
{
	cpu_set_t	 set;
	long		 n;

	if (sched_getaffinity(0, sizeof(set), &set) == 0 &&
	    (n = CPU_COUNT(&set)) >= 1)
		return (int)n;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : (int)n;
}

int
pool_share(int jobs, size_t units)
{
	size_t	 busy = jobs < 1 ? 1 : (size_t)jobs;

	if (units >= 1 && units < busy)
		busy = units;
	return jobs / (int)busy < 1 ? 1 : jobs / (int)busy;
}

static char *
log_path(const struct pool *p, size_t i)
{
	return xasprintf("%s/%zu.log", p->logdir, i);
}

/*
 * In the child: stderr into the job's log, run it, exit with the
 * status of its result (diag_status), the one way it reaches the
 * parent.
 */
static void
child(struct pool *p, size_t i, pool_fn fn, void *arg)
{
	struct diag	 d;
	char		*path = log_path(p, i);
	int		 fd, failed, st;

	diag_init(&d);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	free(path);
	if (fd == -1 || dup2(fd, STDERR_FILENO) == -1)
		failed = diag_system(&d);
	else {
		close(fd);
		failed = fn(arg, i, &d);
	}
	fflush(stderr);
	st = diag_status(&d, failed != 0);
	diag_free(&d);
	exit(st);
}

/* Erase the progress line (terminal only). */
static void
progress_clear(const struct pool *p)
{
	if (p->tty)
		fputs("\r\033[K", stderr);
}

/* "单位 12/16，失败 1，预计还需 0:23" on a terminal. */
static void
progress_show(const struct pool *p)
{
	long	 left;

	if (!p->tty)
		return;
	fprintf(stderr, "\r\033[K%s %zu/%zu", p->label, p->ndone, p->n);
	if (p->nfail > 0)
		fprintf(stderr, "，失败 %zu", p->nfail);
	if (p->ndone > 0 && p->ndone < p->n) {
		left = (long)(time(NULL) - p->start) *
		    (long)(p->n - p->ndone) / (long)p->ndone;
		fprintf(stderr, "，预计还需 %ld:%02ld", left / 60, left % 60);
	}
	fflush(stderr);
}

/* Copy the finished jobs' logs to stderr, in job order. */
static void
replay(struct pool *p)
{
	char	*path, *buf;
	size_t	 len;

	while (p->printed < p->n && p->done[p->printed]) {
		path = log_path(p, p->printed);
		if ((buf = file_read(path, &len)) != NULL && len > 0) {
			progress_clear(p);
			fwrite(buf, 1, len, stderr);
		}
		free(buf);
		(void)unlink(path);
		free(path);
		p->printed++;
	}
	progress_show(p);
}

/*
 * Wait for one child; record its status.  1 when it was a job, 0 when
 * some other child of ours, -1 when none is left.
 */
static int
reap(struct pool *p)
{
	pid_t	 pid;
	size_t	 i;
	int	 ws;

	while ((pid = waitpid(-1, &ws, 0)) == -1 && errno == EINTR)
		continue;
	if (pid == -1)
		return -1;
	for (i = 0; i < p->n && p->pid[i] != pid; i++)
		continue;
	if (i == p->n)
		return 0;
	p->pid[i] = 0;
	p->done[i] = 1;
	p->status[i] = ws;
	p->ndone++;
	if (p->status[i] != 0)
		p->nfail++;
	replay(p);
	return 1;
}

int
pool_run(size_t n, int jobs, pool_fn fn, void *arg, const char *logdir,
    const char *label, int *status)
{
	struct pool	 p;
	size_t		 next, running = 0, i;
	int		 rc = 0, r;
	pid_t		 parent = getpid();

	memset(&p, 0, sizeof(p));
	p.n = n;
	p.pid = xcalloc(n + 1, sizeof(*p.pid));
	p.done = xcalloc(n + 1, sizeof(*p.done));
	p.status = status;
	p.logdir = logdir;
	p.label = label;
	p.tty = isatty(STDERR_FILENO);
	p.start = time(NULL);
	if (jobs < 1)
		jobs = 1;
	progress_show(&p);
	for (next = 0; next < n || running > 0;) {
		if (rc == 0 && next < n && running < (size_t)jobs) {
			fflush(stdout);
			fflush(stderr);
			if ((p.pid[next] = fork()) == -1) {
				p.pid[next] = 0;
				sys_warn("fork");
				rc = -1;
				continue;
			}
			if (p.pid[next] == 0) {
				worker_follow_parent(parent);
				child(&p, next, fn, arg);
			}
			next++;
			running++;
			continue;
		}
		if (running == 0 || (r = reap(&p)) == -1)
			break;
		running -= (size_t)r;
	}
	for (i = 0; i < n; i++)
		if (!p.done[i])
			status[i] = POOL_NOT_RUN;
	progress_clear(&p);
	free(p.pid);
	free(p.done);
	return rc;
}
