/*
 * Calendar dates as day numbers since 1970-01-01 (proleptic Gregorian)
 * and date-times as minutes since then.  The conversions are the
 * era-based days-from-civil computation: integers only, exact over
 * any range we meet, negative days (before 1970) included.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "util.h"

#define YEAR_MIN	1900
#define YEAR_MAX	2199

/* Between min and max decimal digits at *p into *v; 0 if fewer/more. */
static int
digits(const char **p, int min, int max, int *v)
{
	int	 n = 0;

	*v = 0;
	while (**p >= '0' && **p <= '9') {
		if (++n > max)
			return 0;
		*v = *v * 10 + (**p - '0');
		(*p)++;
	}
	return n >= min;
}

/*
 * The shape of a date at *p, advancing past it: four-digit year, then
 * month and day of one or two digits, separated by the same one of
 * "-", "/", "." twice, or written 2023年9月1日.  No range checks.
 */
static int
scan_date(const char **p, int *y, int *m, int *d)
{
	static const char *const seps[] = { "-", "/", "." };
	size_t		 i;

	if (!digits(p, 4, 4, y))
		return 0;
	if (skip_prefix(p, "年"))
		return digits(p, 1, 2, m) && skip_prefix(p, "月") &&
		    digits(p, 1, 2, d) && skip_prefix(p, "日");
	for (i = 0; i < sizeof(seps) / sizeof(seps[0]); i++)
		if (skip_prefix(p, seps[i]))
			return digits(p, 1, 2, m) && skip_prefix(p, seps[i]) &&
			    digits(p, 1, 2, d);
	return 0;
}

/* Range checks shared by date_parse and datetime_parse. */
static const char *
check_date(int y, int m, int d)
{
	if (!date_valid(y, m, d))
		return "is not a valid date";
	if (y < YEAR_MIN || y > YEAR_MAX)
		return "has a year outside 1900-2199";
	return NULL;
}

int
date_parse(const char *s, int *days, const char **why)
{
	const char	*p = skip_blanks(s);
	int		 y, m, d;

	if (*p == '\0') {
		*why = "is empty";
		return -1;
	}
	if (!scan_date(&p, &y, &m, &d) || *skip_blanks(p) != '\0') {
		*why = "is not a date";
		return -1;
	}
	if ((*why = check_date(y, m, d)) != NULL)
		return -1;
	*days = date_from_ymd(y, m, d);
	return 0;
}

/* H:MM or HH:MM with optional :SS (dropped), into minutes of the day. */
static const char *
scan_time(const char **p, int *mins)
{
	int	 h, mi, sec = 0;

	if (!digits(p, 1, 2, &h) || !skip_prefix(p, ":") || !digits(p, 2, 2, &mi))
		return "is not a date and time";
	if (skip_prefix(p, ":") && !digits(p, 2, 2, &sec))
		return "is not a date and time";
	if (h > 23 || mi > 59 || sec > 59)
		return "is not a valid time";
	*mins = h * 60 + mi;
	return NULL;
}

/*
 * A date in any accepted form, one or more spaces or a "T", then the
 * time of day.  Seconds are accepted and dropped.
 */
int
datetime_parse(const char *s, int64_t *minutes, const char **why)
{
	const char	*p = skip_blanks(s);
	int		 y, m, d, mins;

	if (*p == '\0') {
		*why = "is empty";
		return -1;
	}
	if (!scan_date(&p, &y, &m, &d) || (*p != ' ' && *p != 'T')) {
		*why = "is not a date and time";
		return -1;
	}
	p = *p == 'T' ? p + 1 : skip_blanks(p);
	if ((*why = scan_time(&p, &mins)) == NULL && *skip_blanks(p) != '\0')
		*why = "is not a date and time";
	if (*why == NULL)
		*why = check_date(y, m, d);
	if (*why != NULL)
		return -1;
	*minutes = (int64_t)date_from_ymd(y, m, d) * 1440 + mins;
	return 0;
}

/* Floor division, for eras and days before the epoch. */
static long
floordiv(long a, long b)
{
	return (a >= 0 ? a : a - (b - 1)) / b;
}

/*
 * Days since 1970-01-01.  Years are counted from March so that the
 * leap day falls at the end; an era is 400 years = 146097 days, and
 * 1970-01-01 is day 719468 from 0000-03-01.
 */
int
date_from_ymd(int y, int m, int d)
{
	long	 yy = y - (m <= 2), era, yoe, doy, doe;

	era = floordiv(yy, 400);
	yoe = yy - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int)(era * 146097 + doe - 719468);
}

/* The inverse of date_from_ymd. */
void
date_to_ymd(int days, int *y, int *m, int *d)
{
	long	 z = (long)days + 719468, era, doe, yoe, doy, mp;

	era = floordiv(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int
date_valid(int y, int m, int d)
{
	static const int mdays[12] =
	    { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int	 leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (m < 1 || m > 12 || d < 1)
		return 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

/* 1970-01-01 was a Thursday (3 when Monday is 0). */
int
date_weekday(int days)
{
	return (days % 7 + 10) % 7;
}

char *
date_iso(int days, char *buf)
{
	int	 y, m, d;

	date_to_ymd(days, &y, &m, &d);
	snprintf(buf, DATE_BUFSZ, "%04d-%02d-%02d", y, m, d);
	return buf;
}

char *
date_cn(int days, char *buf)
{
	int	 y, m, d;

	date_to_ymd(days, &y, &m, &d);
	snprintf(buf, DATE_BUFSZ, "%d年%d月%d日", y, m, d);
	return buf;
}

char *
datetime_iso(int64_t minutes, char *buf)
{
	int64_t	 days = minutes / 1440, rem = minutes % 1440;
	int	 y, m, d;

	if (rem < 0) {
		rem += 1440;
		days--;
	}
	date_to_ymd((int)days, &y, &m, &d);
	snprintf(buf, DATE_BUFSZ, "%04d-%02d-%02d %02d:%02d", y, m, d,
	    (int)(rem / 60), (int)(rem % 60));
	return buf;
}

long long
date_source_epoch(void)
{
	const char	*s = getenv("SOURCE_DATE_EPOCH");
	char		*end;
	long long	 v;

	if (s == NULL || *s == '\0')
		return (long long)time(NULL);
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || errno != 0 || v < 0 || v > 253402300799LL) {
		sys_warnx("SOURCE_DATE_EPOCH \"%s\" 应是自 1970 年起的秒数", s);
		return -1;
	}
	return v;
}
