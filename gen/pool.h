/*
 * Jobs in parallel processes: job i runs in a child process of its
 * own (so a crash, a leak or a huge model stays in it and memory does
 * not grow with the number of jobs), at most n at once.  What a job
 * writes to stderr is captured and replayed in job order, so the
 * messages read the same for any n.  On a terminal, a progress line
 * (jobs done / total, failures, time left) is kept on stderr; nothing
 * extra otherwise.
 */
#ifndef SUNLIGHT_POOL_H
#define SUNLIGHT_POOL_H

#include <stddef.h>

#include "diag.h"

/*
 * A job: runs in the child and returns 0 (done) or -1 (failed, why in
 * d, its messages printed).  The child exits with diag_status of d:
 * that exit status is how the result crosses to the parent.
 */
typedef int	(*pool_fn)(void *arg, size_t i, struct diag *d);

/* The status of a job whose process was never started. */
#define POOL_NOT_RUN	(-1)

/*
 * Run fn(arg, i) for i in [0, n) with at most jobs processes at once
 * (jobs < 1: one).  logdir is a folder for the captured stderr (files
 * are removed after their replay).  status[i] gets the job's wait
 * status as waitpid(2) gave it (0: it exited 0), or POOL_NOT_RUN; the
 * caller reads it in one place (unitrun_ended).  label names what is
 * counted in the progress line ("单位").  Returns 0, or -1 after a
 * message if a process could not be started.
 */
int	 pool_run(size_t n, int jobs, pool_fn fn, void *arg,
	    const char *logdir, const char *label, int *status);

/* The processors this process may use (its affinity), at least 1. */
int	 pool_cores(void);

/*
 * Worker processes for each of the units a district runs at once, so
 * that together they keep to `jobs` processes (-j N is processes in
 * all, as with make -j): at -j 2 each of 10 units renders with one
 * worker, at -j 1 with one, at -j 8 each of 2 units with four.  At
 * least 1.
 */
int	 pool_share(int jobs, size_t units);

#endif
