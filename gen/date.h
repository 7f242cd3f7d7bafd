/*
 * Calendar dates as day numbers (days since 1970-01-01, proleptic
 * Gregorian), and date-times as minutes since the same epoch.  Inputs
 * accepted: 2023-09-01, 2023/9/1, 2023.9.1, 2023年9月1日; times
 * "2023-09-01 11:30" (any of those date forms, a space or "T", HH:MM).
 */
#ifndef SUNLIGHT_DATE_H
#define SUNLIGHT_DATE_H

#include <stdint.h>

/* Returns 0, or -1 with a short English reason in *why. */
int	 date_parse(const char *s, int *days, const char **why);
int	 datetime_parse(const char *s, int64_t *minutes, const char **why);

int	 date_from_ymd(int y, int m, int d);	/* no validation */
void	 date_to_ymd(int days, int *y, int *m, int *d);
int	 date_valid(int y, int m, int d);
int	 date_weekday(int days);		/* 0 = Monday ... 6 = Sunday */

#define DATE_BUFSZ	32
char	*date_iso(int days, char *buf);		/* "2023-09-01" */
char	*date_cn(int days, char *buf);		/* "2023年9月1日" */
char	*datetime_iso(int64_t minutes, char *buf);	/* "2023-09-01 11:30" */

/*
 * The time every output is dated with, in seconds since 1970:
 * SOURCE_DATE_EPOCH when set (reproducible builds), else now.  -1
 * after a message when it is not a number of seconds up to the year
 * 9999 (a usage error).  build, a district build and init all read it
 * here.
 */
long long date_source_epoch(void);

#endif
