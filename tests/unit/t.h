/*
 * Minimal unit-test helpers: each check prints "PASS name" or
 * "FAIL name: got ..., want ..." (the format tests/run counts).
 * main() returns t_failed != 0.
 */
#ifndef SUNLIGHT_T_H
#define SUNLIGHT_T_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int t_failed;

#define T_OK(name, cond) do {						\
	if (cond) printf("PASS %s\n", (name));				\
	else { printf("FAIL %s: %s is false\n", (name), #cond); t_failed++; } \
} while (0)

#define T_STR(name, got, want) do {					\
	const char *g_ = (got), *w_ = (want);				\
	if (g_ != NULL && strcmp(g_, w_) == 0) printf("PASS %s\n", (name)); \
	else { printf("FAIL %s: got \"%s\", want \"%s\"\n", (name),	\
	    g_ ? g_ : "(null)", w_); t_failed++; }			\
} while (0)

#define T_INT(name, got, want) do {					\
	long long g_ = (got), w_ = (want);				\
	if (g_ == w_) printf("PASS %s\n", (name));			\
	else { printf("FAIL %s: got %lld, want %lld\n", (name), g_, w_); \
	    t_failed++; }						\
} while (0)

#endif
