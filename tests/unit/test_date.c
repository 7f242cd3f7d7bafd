/*
 * Dates and date-times: accepted forms, refusals with their reasons,
 * leap years, day numbers against known values, a round trip over
 * every day of the accepted range, weekdays, and the formatters.
 */
#include <stdint.h>
#include <stdio.h>

#include "date.h"
#include "t.h"

struct ok {
	const char	*in;
	int64_t		 want;
};

struct bad {
	const char	*in;
	const char	*why;
};

/* Day numbers from an independent calendar (2023-09-01 is 19601). */
static const struct ok date_ok[] = {
	{ "2023-09-01", 19601 },
	{ "2023-9-1", 19601 },
	{ "2023/9/1", 19601 },
	{ "2023/09/01", 19601 },
	{ "2023.9.1", 19601 },
	{ "2023年9月1日", 19601 },
	{ "2023年09月01日", 19601 },
	{ "  2023-09-01 ", 19601 },
	{ "1970-01-01", 0 },
	{ "1969-12-31", -1 },
	{ "2000-01-01", 10957 },
	{ "1900-01-01", -25567 },
	{ "2199-12-31", 84005 },
	{ "2024-02-29", 19782 },
	{ "2000-02-29", 11016 },
};

static const struct bad date_bad[] = {
	{ "", "is empty" },
	{ "2023-02-30", "is not a valid date" },
	{ "2023-13-01", "is not a valid date" },
	{ "2023-00-10", "is not a valid date" },
	{ "2023-01-00", "is not a valid date" },
	{ "2024-02-30", "is not a valid date" },
	{ "2023-02-29", "is not a valid date" },
	{ "1900-02-29", "is not a valid date" },
	{ "2023-04-31", "is not a valid date" },
	{ "2023年2月30日", "is not a valid date" },
	{ "1899-12-31", "has a year outside 1900-2199" },
	{ "2200-01-01", "has a year outside 1900-2199" },
	{ "2023年9月1", "is not a date" },
	{ "2023-9/1", "is not a date" },
	{ "23-09-01", "is not a date" },
	{ "02023-09-01", "is not a date" },
	{ "2023-009-01", "is not a date" },
	{ "2023-09-001", "is not a date" },
	{ "2023-09", "is not a date" },
	{ "2023-09-01x", "is not a date" },
	{ "2023-09-01 11:30", "is not a date" },
	{ "09/01/2023", "is not a date" },
	{ "2023 09 01", "is not a date" },
	{ "yesterday", "is not a date" },
};

static const struct ok dt_ok[] = {
	{ "2023-09-01 11:30", 28226130 },
	{ "2023-09-01T11:30", 28226130 },
	{ "2023/9/1 11:30", 28226130 },
	{ "2023.9.1 11:30", 28226130 },
	{ "2023年9月1日 11:30", 28226130 },
	{ "2023-09-01  11:30:59", 28226130 },
	{ "2023-09-01 11:30:00", 28226130 },
	{ " 2023-09-01 11:30 ", 28226130 },
	{ "2023-09-01 9:05", 28226130 - 2 * 60 - 25 },
	{ "2023-09-01 00:00", 28226130 - 11 * 60 - 30 },
	{ "2023-09-01 23:59", 28226130 + 12 * 60 + 29 },
	{ "1900-01-01 00:00", -36816480 },
};

static const struct bad dt_bad[] = {
	{ "", "is empty" },
	{ "2023-09-01", "is not a date and time" },
	{ "2023-09-01 ", "is not a date and time" },
	{ "2023-09-0111:30", "is not a date and time" },
	{ "2023-09-01 11", "is not a date and time" },
	{ "2023-09-01 11:3", "is not a date and time" },
	{ "2023-09-01 111:30", "is not a date and time" },
	{ "2023-09-01 11:30:5", "is not a date and time" },
	{ "2023-09-01 11:30x", "is not a date and time" },
	{ "2023-09-01 11.30", "is not a date and time" },
	{ "2023-9/1 11:30", "is not a date and time" },
	{ "2023-09-01 24:00", "is not a valid time" },
	{ "2023-09-01 11:60", "is not a valid time" },
	{ "2023-09-01 11:30:60", "is not a valid time" },
	{ "2023-02-29 11:30", "is not a valid date" },
	{ "1899-12-31 23:59", "has a year outside 1900-2199" },
};

static void
test_parse(void)
{
	char		 name[128];
	const char	*why;
	int64_t		 m;
	int		 d;
	size_t		 i;

	for (i = 0; i < sizeof(date_ok) / sizeof(date_ok[0]); i++) {
		snprintf(name, sizeof(name), "date_parse \"%s\"", date_ok[i].in);
		d = -99999;
		T_INT(name, date_parse(date_ok[i].in, &d, &why), 0);
		T_INT(name, d, date_ok[i].want);
	}
	for (i = 0; i < sizeof(date_bad) / sizeof(date_bad[0]); i++) {
		snprintf(name, sizeof(name), "date_parse refuses \"%s\"",
		    date_bad[i].in);
		why = NULL;
		T_INT(name, date_parse(date_bad[i].in, &d, &why), -1);
		T_STR(name, why, date_bad[i].why);
	}
	for (i = 0; i < sizeof(dt_ok) / sizeof(dt_ok[0]); i++) {
		snprintf(name, sizeof(name), "datetime_parse \"%s\"",
		    dt_ok[i].in);
		m = -1;
		T_INT(name, datetime_parse(dt_ok[i].in, &m, &why), 0);
		T_INT(name, m, dt_ok[i].want);
	}
	for (i = 0; i < sizeof(dt_bad) / sizeof(dt_bad[0]); i++) {
		snprintf(name, sizeof(name), "datetime_parse refuses \"%s\"",
		    dt_bad[i].in);
		why = NULL;
		T_INT(name, datetime_parse(dt_bad[i].in, &m, &why), -1);
		T_STR(name, why, dt_bad[i].why);
	}
}

/*
 * Every day from 1900-01-01 to 2199-12-31: consecutive day numbers,
 * valid fields, round trip, and a weekday that advances by one.
 */
static void
test_round_trip(void)
{
	int	 days, y, m, d, prev = date_from_ymd(1900, 1, 1) - 1;
	int	 bad = 0, wd = 6;	/* 1899-12-31 was a Sunday */

	for (y = 1900; y <= 2199; y++)
		for (m = 1; m <= 12; m++)
			for (d = 1; date_valid(y, m, d); d++) {
				int	 y2, m2, d2;

				days = date_from_ymd(y, m, d);
				date_to_ymd(days, &y2, &m2, &d2);
				wd = (wd + 1) % 7;
				if (days != prev + 1 || y2 != y || m2 != m ||
				    d2 != d || date_weekday(days) != wd)
					bad++;
				prev = days;
			}
	T_INT("round trip 1900..2199 mismatches", bad, 0);
	T_INT("round trip ends at 2199-12-31", prev, 84005);
}

static void
test_misc(void)
{
	char	 buf[DATE_BUFSZ];

	T_INT("date_valid 2024-02-29", date_valid(2024, 2, 29), 1);
	T_INT("date_valid 2023-02-29", date_valid(2023, 2, 29), 0);
	T_INT("date_valid 1900-02-29", date_valid(1900, 2, 29), 0);
	T_INT("date_valid 2000-02-29", date_valid(2000, 2, 29), 1);
	T_INT("date_valid 2100-02-29", date_valid(2100, 2, 29), 0);
	T_INT("date_valid 2023-12-31", date_valid(2023, 12, 31), 1);
	T_INT("date_valid 2023-06-31", date_valid(2023, 6, 31), 0);
	T_INT("weekday 1970-01-01 Thursday", date_weekday(0), 3);
	T_INT("weekday 1969-12-31 Wednesday", date_weekday(-1), 2);
	T_INT("weekday 2023-09-01 Friday", date_weekday(19601), 4);
	T_INT("weekday 2000-01-01 Saturday", date_weekday(10957), 5);
	T_INT("weekday 1900-01-01 Monday", date_weekday(-25567), 0);
	T_INT("weekday 2199-12-31 Tuesday", date_weekday(84005), 1);
	T_STR("date_iso 2023-09-01", date_iso(19601, buf), "2023-09-01");
	T_STR("date_iso 1900-01-01", date_iso(-25567, buf), "1900-01-01");
	T_STR("date_iso 2024-02-29", date_iso(19782, buf), "2024-02-29");
	T_STR("date_cn 2023-09-01", date_cn(19601, buf), "2023年9月1日");
	T_STR("date_cn 2023-12-25", date_cn(date_from_ymd(2023, 12, 25), buf),
	    "2023年12月25日");
	T_STR("datetime_iso 2023-09-01 11:30", datetime_iso(28226130, buf),
	    "2023-09-01 11:30");
	T_STR("datetime_iso 1900-01-01 00:00", datetime_iso(-36816480, buf),
	    "1900-01-01 00:00");
	T_STR("datetime_iso 1969-12-31 23:59", datetime_iso(-1, buf),
	    "1969-12-31 23:59");
	T_STR("datetime_iso 1970-01-01 00:00", datetime_iso(0, buf),
	    "1970-01-01 00:00");
}

int
main(void)
{
	test_parse();
	test_round_trip();
	test_misc();
	return t_failed != 0;
}
