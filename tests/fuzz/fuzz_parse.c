/*
 * libFuzzer target: the cell parsers of money.h and date.h.  The first
 * byte picks the parser ('0' money, '1' quantity, '2' count, '3' date,
 * '4' date-time, cyclically), the rest is the cell text.  Whatever parses
 * must survive a round trip through its formatter (the site and the
 * PDFs print what the checks computed), stay within the documented
 * range, and format without overrunning the documented buffer sizes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "money.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_money(const char *s)
{
	char		 buf[MONEY_BUFSZ], cn[MONEY_CN_BUFSZ];
	const char	*why = NULL;
	int64_t		 fen, again;

	if (money_parse(s, &fen, &why) != 0) {
		if (why == NULL)
			abort();
		return;
	}
	if (fen > MONEY_MAX || fen < -MONEY_MAX)
		abort();
	if (money_parse(money_format(fen, buf), &again, &why) != 0 ||
	    again != fen)
		abort();
	money_cn(fen, cn);
	if (strlen(cn) >= sizeof(cn))
		abort();
	(void)qty_times(1000, fen);
}

static void
fuzz_qty(const char *s)
{
	char		 buf[MONEY_BUFSZ];
	const char	*why = NULL;
	int64_t		 milli, again;

	if (qty_parse(s, &milli, &why) != 0) {
		if (why == NULL)
			abort();
		return;
	}
	if (milli < 0 || milli > MONEY_MAX)
		abort();
	if (qty_parse(qty_format(milli, buf), &again, &why) != 0 ||
	    again != milli)
		abort();
	(void)qty_times(milli, MONEY_MAX);
	(void)qty_times(milli, -MONEY_MAX);
}

static void
fuzz_count(const char *s)
{
	char		 buf[MONEY_BUFSZ];
	const char	*why = NULL;
	int64_t		 n;

	if (count_parse(s, &n, &why) != 0) {
		if (why == NULL)
			abort();
		return;
	}
	if (n < 0)
		abort();
	percent_format(n, 7, buf);
	percent_format(-n, n + 1, buf);
}

static void
fuzz_date(const char *s)
{
	char		 buf[DATE_BUFSZ];
	const char	*why = NULL;
	int		 days, again, y, m, d;

	if (date_parse(s, &days, &why) != 0) {
		if (why == NULL)
			abort();
		return;
	}
	date_to_ymd(days, &y, &m, &d);
	if (!date_valid(y, m, d) || date_from_ymd(y, m, d) != days)
		abort();
	if (date_parse(date_iso(days, buf), &again, &why) != 0 ||
	    again != days)
		abort();
	if (date_parse(date_cn(days, buf), &again, &why) != 0 ||
	    again != days)
		abort();
	if (date_weekday(days) < 0 || date_weekday(days) > 6)
		abort();
}

static void
fuzz_datetime(const char *s)
{
	char		 buf[DATE_BUFSZ];
	const char	*why = NULL;
	int64_t		 mins, again;

	if (datetime_parse(s, &mins, &why) != 0) {
		if (why == NULL)
			abort();
		return;
	}
	if (datetime_parse(datetime_iso(mins, buf), &again, &why) != 0 ||
	    again != mins)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s;

	if (size == 0)
		return 0;
	s = xstrndup((const char *)data + 1, size - 1);
	switch ((uint8_t)(data[0] - '0') % 5) {
	case 0:
		fuzz_money(s);
		break;
	case 1:
		fuzz_qty(s);
		break;
	case 2:
		fuzz_count(s);
		break;
	case 3:
		fuzz_date(s);
		break;
	default:
		fuzz_datetime(s);
		break;
	}
	free(s);
	return 0;
}
