/*
 * Independent pieces of work in forked worker processes, at most N at a
 * time.  Each worker's findings come back to the parent and are added
 * in job order, so findings, exit status and the files the jobs write
 * are the same whatever N.  Jobs must write distinct files and must not
 * need each other's in-memory results.
 */
#ifndef SUNLIGHT_JOBS_H
#define SUNLIGHT_JOBS_H

#include <stddef.h>

#include "diag.h"

/*
 * Job i of a run: 0 (done) or -1 (failed), findings and system errors
 * in d (diag.h).  A worker hands its job's result back as its exit
 * status, diag_status of its own diag: 0, EXIT_DATA or EXIT_SYSTEM; its
 * findings travel through diag_dump.
 */
typedef int	(*jobs_fn)(void *ctx, size_t i, struct diag *d);

/* The status of a worker that died or could not hand back its findings. */
#define JOBS_LOST	126

/*
 * Run jobs 0..n-1 with at most workers processes (1 or less: one after
 * another in this process, no fork).  0 when every job is done; -1 when
 * one failed, a worker's system error or loss counted in d.
 */
int	 jobs_run(size_t n, jobs_fn, void *ctx, int workers, struct diag *d);
/*
 * jobs_run, also saying where each job's findings end in d: ends[i] is
 * d->n once job i's findings are in (so a caller running the parts of
 * its jobs in two rounds can put their findings back in job order).
 */
int	 jobs_run_ends(size_t n, jobs_fn, void *ctx, int workers,
	    struct diag *d, size_t *ends);

/* Workers to use by default: the processors online, at least 1. */
int	 jobs_default(void);

#endif
