/*
 * Money as int64_t fen: parsing what spreadsheets write, formatting
 * with thousands separators, and the capital form (大写) of vouchers.
 * Quantities (thousandths), counts and percentages live here too,
 * since they share the decimal scanner.  Integer arithmetic only.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "money.h"
#include "util.h"

#define YUAN_SIGN	"\xc2\xa5"		/* U+00A5 ¥ */
#define FULL_YUAN_SIGN	"\xef\xbf\xa5"		/* U+FFE5 ￥ */
#define YUAN_SUFFIX	"元"

#define COUNT_MAX	INT64_C(1000000000000)	/* 10^12 */

/* 128-bit products (a GCC/Clang extension) keep int64 × int64 exact. */
__extension__ typedef __int128 wide;

/*
 * What the decimal scanner saw.  Problems are recorded, not returned
 * at once, so that the most telling reason wins: text that is not a
 * number at all outranks a misplaced separator, which outranks too
 * many decimals, which outranks size.
 */
struct scan {
	int64_t	 val;		/* scaled by 10^places */
	int	 digits;	/* digits seen, both sides of the point */
	int	 badsep;	/* thousands separator out of place */
	int	 toomany;	/* more decimals than places */
	int	 big;		/* beyond MONEY_MAX once scaled */
};

/*
 * Integer part: digits, optionally grouped by commas in threes
 * ("1,234,567"; the first group has one to three digits).  Values past
 * MONEY_MAX stop accumulating so that no input can overflow.
 */
static const char *
scan_int(const char *p, struct scan *sc, uint64_t *v)
{
	int	 group = 0, commas = 0;

	for (;; p++) {
		if (*p >= '0' && *p <= '9') {
			if (*v <= (uint64_t)MONEY_MAX)
				*v = *v * 10 + (uint64_t)(*p - '0');
			sc->digits++;
			group++;
		} else if (*p == ',') {
			if (group == 0 || (commas == 0 && group > 3) ||
			    (commas > 0 && group != 3))
				sc->badsep = 1;
			commas++;
			group = 0;
		} else
			break;
	}
	if (commas > 0 && group != 3)
		sc->badsep = 1;
	return p;
}

/*
 * Scan an unsigned decimal at p with at most places decimals into sc;
 * returns where the number ends.  The caller decides whether what
 * follows is acceptable.
 */
static const char *
scan_decimal(const char *p, int places, struct scan *sc)
{
	uint64_t	 ip = 0, fp = 0;
	int		 nf = 0, i;

	memset(sc, 0, sizeof(*sc));
	p = scan_int(p, sc, &ip);
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++, nf++) {
			if (nf < places)
				fp = fp * 10 + (uint64_t)(*p - '0');
			sc->digits++;
		}
		if (nf > places)
			sc->toomany = 1;
	}
	for (i = nf; i < places; i++)
		fp *= 10;
	for (i = 0; i < places; i++)
		ip *= 10;	/* ip <= 10^16, so no wrap for places <= 3 */
	if (ip + fp > (uint64_t)MONEY_MAX)
		sc->big = 1;
	else
		sc->val = (int64_t)(ip + fp);
	return p;
}

/* The reason for a scan whose number ended at p, or NULL if fine. */
static const char *
scan_why(const struct scan *sc, const char *p)
{
	if (sc->digits == 0 || *p != '\0')
		return "is not a number";
	if (sc->badsep)
		return "has a misplaced thousands separator";
	if (sc->toomany)
		return NULL;	/* the caller names its own limit */
	if (sc->big)
		return "is too large";
	return NULL;
}

/*
 * Money: optional "-" before or after an optional ¥/￥ sign, the
 * number, an optional 元.  Spaces around the parts are tolerated.
 */
int
money_parse(const char *s, int64_t *fen, const char **why)
{
	struct scan	 sc;
	const char	*p = skip_blanks(s);
	int		 neg;

	if (*p == '\0') {
		*why = "is empty";
		return -1;
	}
	neg = skip_prefix(&p, "-");
	if (skip_prefix(&p, YUAN_SIGN) || skip_prefix(&p, FULL_YUAN_SIGN)) {
		p = skip_blanks(p);
		if (!neg)
			neg = skip_prefix(&p, "-");
	}
	p = scan_decimal(p, 2, &sc);
	p = skip_blanks(p);
	if (skip_prefix(&p, YUAN_SUFFIX))
		p = skip_blanks(p);
	if ((*why = scan_why(&sc, p)) == NULL && sc.toomany)
		*why = "has more than two decimals";
	if (*why != NULL)
		return -1;
	*fen = neg ? -sc.val : sc.val;
	return 0;
}

/* Magnitude of v as unsigned, defined for INT64_MIN too. */
static uint64_t
magnitude(int64_t v)
{
	return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

/* Decimal digits of v with a comma every three, appended at *q. */
static char *
put_grouped(char *q, uint64_t v)
{
	char	 tmp[32];
	int	 n = 0, i;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	for (i = n - 1; i >= 0; i--) {
		*q++ = tmp[i];
		if (i > 0 && i % 3 == 0)
			*q++ = ',';
	}
	return q;
}

char *
money_format(int64_t fen, char *buf)
{
	uint64_t	 m = magnitude(fen);
	char		*q = buf;

	if (fen < 0)
		*q++ = '-';
	q = put_grouped(q, m / 100);
	*q++ = '.';
	*q++ = (char)('0' + m / 10 % 10);
	*q++ = (char)('0' + m % 10);
	*q = '\0';
	return buf;
}

/* Bounded append for money_cn: the buffer is MONEY_CN_BUFSZ bytes. */
struct cnbuf {
	char	*s;
	size_t	 len;
};

static void
cn_add(struct cnbuf *b, const char *t)
{
	size_t	 n = strlen(t);

	if (b->len + n >= MONEY_CN_BUFSZ)
		return;
	memcpy(b->s + b->len, t, n + 1);
	b->len += n;
}

static const char *const cn_digit[10] = {
	"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"
};

/*
 * 1..9999: each nonzero digit with its unit (拾佰仟); a run of zeros
 * between nonzero digits gives one 零, trailing zeros give nothing.
 * 10 stays 壹拾 as vouchers write it.
 */
static void
cn_small(struct cnbuf *b, unsigned v)
{
	static const char *const unit[4] = { "", "拾", "佰", "仟" };
	unsigned	 div = 1000;
	int		 pos, started = 0, zero = 0;

	for (pos = 3; pos >= 0; pos--, div /= 10) {
		unsigned d = v / div % 10;

		if (d == 0) {
			zero = started;
			continue;
		}
		if (zero)
			cn_add(b, "零");
		cn_add(b, cn_digit[d]);
		cn_add(b, unit[pos]);
		started = 1;
		zero = 0;
	}
}

/*
 * v > 0 in words: the part above 亿 is read as a number of its own
 * (so 10^12 is 壹万亿 and 12345×10^8 is 壹万贰仟…亿), likewise above
 * 万.  One 零 marks a gap of zeros between a section and the rest.
 */
static void
cn_int(struct cnbuf *b, uint64_t v)
{
	static const struct { uint64_t div; const char *name; } sec[2] = {
		{ 100000000, "亿" }, { 10000, "万" }
	};
	int	 i;

	for (i = 0; i < 2; i++) {
		uint64_t hi = v / sec[i].div, lo = v % sec[i].div;

		if (hi == 0)
			continue;
		cn_int(b, hi);
		cn_add(b, sec[i].name);
		if (lo == 0)
			return;
		if (lo < sec[i].div / 10)
			cn_add(b, "零");
		cn_int(b, lo);
		return;
	}
	cn_small(b, (unsigned)v);
}

/*
 * 大写 per 会计基础工作规范: 元 then 角 and 分; "整" after an amount
 * ending at 元 or 角, none after 分; zero 角 before nonzero 分 is 零
 * (壹元零伍分), except when there are no 元 (伍分).
 */
char *
money_cn(int64_t fen, char *buf)
{
	struct cnbuf	 b = { buf, 0 };
	uint64_t	 m = magnitude(fen), yuan = m / 100;
	unsigned	 jiao = (unsigned)(m / 10 % 10), fn = (unsigned)(m % 10);

	buf[0] = '\0';
	cn_add(&b, "人民币");
	if (fen < 0)
		cn_add(&b, "负");
	if (m == 0) {
		cn_add(&b, "零元整");
		return buf;
	}
	if (yuan > 0) {
		cn_int(&b, yuan);
		cn_add(&b, "元");
	}
	if (jiao > 0) {
		cn_add(&b, cn_digit[jiao]);
		cn_add(&b, "角");
	} else if (fn > 0 && yuan > 0)
		cn_add(&b, "零");
	if (fn > 0) {
		cn_add(&b, cn_digit[fn]);
		cn_add(&b, "分");
	} else
		cn_add(&b, "整");
	return buf;
}

/* Quantity: unsigned, up to three decimals, optional thousands groups. */
int
qty_parse(const char *s, int64_t *milli, const char **why)
{
	struct scan	 sc;
	const char	*p = skip_blanks(s);

	if (*p == '\0') {
		*why = "is empty";
		return -1;
	}
	if (*p == '-' && p[1] >= '0' && p[1] <= '9') {
		*why = "is negative";
		return -1;
	}
	p = skip_blanks(scan_decimal(p, 3, &sc));
	if ((*why = scan_why(&sc, p)) == NULL && sc.toomany)
		*why = "has more than three decimals";
	if (*why != NULL)
		return -1;
	*milli = sc.val;
	return 0;
}

char *
qty_format(int64_t milli, char *buf)
{
	uint64_t	 m = magnitude(milli);
	unsigned	 frac = (unsigned)(m % 1000);
	int		 n;

	n = snprintf(buf, MONEY_BUFSZ, "%s%llu", milli < 0 ? "-" : "",
	    (unsigned long long)(m / 1000));
	if (frac == 0)
		return buf;
	buf[n++] = '.';
	while (frac > 0) {
		buf[n++] = (char)('0' + frac / 100);
		frac = frac % 100 * 10;
	}
	buf[n] = '\0';
	return buf;
}

/*
 * milli/1000 × fen rounded half away from zero, in 128 bits so the
 * product cannot overflow; the result saturates at the int64 range.
 */
int64_t
qty_times(int64_t milli, int64_t fen)
{
	wide		 p = (wide)milli * fen, q;

	q = (p < 0 ? -p : p);
	q = (q + 500) / 1000;
	if (p < 0)
		q = -q;
	if (q > INT64_MAX)
		return INT64_MAX;
	if (q < INT64_MIN)
		return INT64_MIN;
	return (int64_t)q;
}

/* Plain decimal digits only: counts, grams, minutes. */
int
count_parse(const char *s, int64_t *n, const char **why)
{
	const char	*p = skip_blanks(s);
	int64_t		 v = 0;
	int		 big = 0;

	if (*p == '\0') {
		*why = "is empty";
		return -1;
	}
	if (*p < '0' || *p > '9') {
		*why = "is not a whole number";
		return -1;
	}
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > COUNT_MAX)
			big = 1;
		else
			v = v * 10 + (*p - '0');
	}
	if (*skip_blanks(p) != '\0') {
		*why = "is not a whole number";
		return -1;
	}
	if (big || v > COUNT_MAX) {
		*why = "is too large";
		return -1;
	}
	*n = v;
	return 0;
}

/*
 * num/den as a percentage with one decimal, rounded half away from
 * zero on integers: tenths of a percent = num × 1000 / den, in 128
 * bits so that no pair of int64 can overflow.
 */
char *
percent_format(int64_t num, int64_t den, char *buf)
{
	wide		 n = num, d = den, t;
	uint64_t	 whole_hi, whole_lo;
	const char	*sign;

	if (den == 0) {
		snprintf(buf, MONEY_BUFSZ, "—");
		return buf;
	}
	sign = (n < 0) != (d < 0) ? "-" : "";
	if (n < 0)
		n = -n;
	if (d < 0)
		d = -d;
	t = (n * 2000 + d) / (2 * d);
	if (t == 0)
		sign = "";
	whole_hi = (uint64_t)(t / 10 / INT64_C(1000000000000000000));
	whole_lo = (uint64_t)(t / 10 % INT64_C(1000000000000000000));
	if (whole_hi > 0)
		snprintf(buf, MONEY_BUFSZ, "%s%llu%018llu.%u%%", sign,
		    (unsigned long long)whole_hi, (unsigned long long)whole_lo,
		    (unsigned)(t % 10));
	else
		snprintf(buf, MONEY_BUFSZ, "%s%llu.%u%%", sign,
		    (unsigned long long)whole_lo, (unsigned)(t % 10));
	return buf;
}
