/*
 * Small helpers shared by every module: allocation that never returns
 * NULL (allocation failure is fatal, in one place), a growable byte
 * buffer, and system-error reporting in the err(3) shape.
 */
#ifndef SUNLIGHT_UTIL_H
#define SUNLIGHT_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>

#define EXIT_DATA	1	/* data errors (findings of severity error) */
#define EXIT_USAGE	2	/* bad command line */
#define EXIT_SYSTEM	3	/* I/O, memory, library failure */

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
/* Grow an array of n elements of size sz to hold at least want; updates *cap. */
void	*xgrow(void *, size_t *cap, size_t want, size_t sz);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
char	*xasprintf(const char *, ...)
	    __attribute__((format(printf, 1, 2)));

/*
 * An arena: many small allocations that live and die together, carved
 * out of large blocks (a table's cells: a few allocations a table
 * instead of one a cell).  arena_new's result is freed, with all that
 * was allocated from it, by arena_free.
 */
struct arena;
struct arena	*arena_new(void);
void		 arena_free(struct arena *);
/* n zeroed bytes, aligned for any type. */
void		*arena_alloc(struct arena *, size_t n);
char		*arena_strndup(struct arena *, const char *, size_t);
char		*arena_strdup(struct arena *, const char *);

/*
 * Growable byte buffer; always NUL-terminated after any buf_ call.
 * The caller owns b->s and frees it with buf_free (or takes it).
 */
struct buf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};

void	 buf_add(struct buf *, const void *, size_t);
void	 buf_adds(struct buf *, const char *);
void	 buf_addc(struct buf *, int);
void	 buf_addf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_vaddf(struct buf *, const char *, va_list);
void	 buf_reset(struct buf *);
/* Add len bytes of s with control characters escaped, for a terminal. */
void	 buf_add_escaped(struct buf *, const char *s, size_t len);
void	 buf_free(struct buf *);

/*
 * "sunlight: <path>: <strerror(errno)>" on stderr; both report
 * functions escape control characters as buf_add_escaped does.
 */
/*
 * In a forked worker: end with SIGKILL when the parent does, so a killed
 * run leaves no worker writing into (and holding the lock of) its
 * staging folder.  parent is the pid read before the fork.
 */
void	 worker_follow_parent(pid_t parent);
const char	*sys_errstr(int);
void	 sys_warn(const char *path);
/*
 * The one fatal path (out of memory, a library that cannot start): the
 * message in the err(3) shape, then exit with EXIT_SYSTEM.
 */
void	 sys_fatal(const char *, ...)
	    __attribute__((noreturn, format(printf, 1, 2)));
/* "sunlight: <message>" on stderr. */
void	 sys_warnx(const char *, ...)
	    __attribute__((format(printf, 1, 2)));

/* p past any spaces and tabs. */
const char *skip_blanks(const char *p);
/* If *s starts with prefix, move *s past it and return 1; else 0. */
int	 skip_prefix(const char **s, const char *prefix);

/* Read a whole file; NULL and errno set on failure.  Caller frees. */
char	*file_read(const char *path, size_t *len);

/* UTF-8: decode one code point at *p (advancing it); -1 if invalid. */
long	 utf8_next(const char **p, const char *end);
/* Number of code points in a valid UTF-8 string. */
size_t	 utf8_len(const char *);

#endif
