/*
 * Personal numbers in free text (see pii.h).  The text is read as runs
 * of digit groups: a group is a maximal sequence of digits (ASCII or
 * full-width, an ID's final X included), and groups joined by at most
 * three separator characters (spaces, dashes, dots, a closing bracket,
 * their full-width forms) form a run.  In each run the longest span of
 * whole groups that reads as a number of some kind wins; the grouping
 * must be one people use for that kind, so that two amounts side by
 * side ("138.50 1234.56") do not make a mobile number.
 *
 * A student's or a campus card's number has no shape of its own; it is
 * known by the label typed before it (学号：2021214587), so a run right
 * after such a label whose first group has at least six digits, and is
 * not an amount, is that number.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pii.h"
#include "util.h"

#define MAXGROUPS	16
#define MAXDIGITS	20	/* longer groups are never one number */

struct group {
	size_t	 start, end;	/* bytes */
	char	 d[MAXDIGITS + 1];
	int	 len;		/* digits in d; MAXDIGITS + 1 when too long */
};

/* The digit at s ('0'-'9', or 'X' for an ID's last place) and its size. */
static int
digit_at(const char *s, size_t *size)
{
	const unsigned char *u = (const unsigned char *)s;

	*size = 1;
	if (u[0] >= '0' && u[0] <= '9')
		return u[0];
	if (u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99) {
		*size = 3;
		return '0' + (u[2] - 0x90);
	}
	return 0;
}

/* An ID's final X: ASCII or full-width, either case. */
static size_t
x_at(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	if (u[0] == 'X' || u[0] == 'x')
		return 1;
	if (u[0] == 0xEF && ((u[1] == 0xBC && u[2] == 0xB8) ||
	    (u[1] == 0xBD && u[2] == 0x98)))
		return 3;
	return 0;
}

/*
 * The size of a separator character at s, 0 if it is none: ASCII
 * space, dash, dot, tab, ')'; U+3000, full-width －．), —, –, NBSP.
 */
static size_t
sep_at(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	switch (u[0]) {
	case ' ': case '-': case '.': case '\t': case ')':
		return 1;
	case 0xC2:
		return u[1] == 0xA0 ? 2 : 0;
	case 0xE2:
		return u[1] == 0x80 && (u[2] == 0x94 || u[2] == 0x93) ? 3 : 0;
	case 0xE3:
		return u[1] == 0x80 && u[2] == 0x80 ? 3 : 0;
	case 0xEF:
		return u[1] == 0xBC && (u[2] == 0x8D || u[2] == 0x8E ||
		    u[2] == 0x89) ? 3 : 0;
	default:
		return 0;
	}
}

/* Read the group starting at s + at (a digit); returns its end. */
static size_t
group_read(const char *s, size_t at, struct group *g)
{
	size_t	 size;
	int	 c;

	g->start = at;
	g->len = 0;
	while ((c = digit_at(s + at, &size)) != 0) {
		if (g->len < MAXDIGITS)
			g->d[g->len] = (char)c;
		g->len++;
		at += size;
	}
	if ((size = x_at(s + at)) != 0 && g->len == 17) {
		g->d[g->len++] = 'X';
		at += size;
	}
	if (g->len > MAXDIGITS)
		g->len = MAXDIGITS + 1;
	g->d[g->len <= MAXDIGITS ? g->len : MAXDIGITS] = '\0';
	g->end = at;
	return at;
}

/* Separators after a group, up to three; 0 when no group follows. */
static size_t
run_gap(const char *s, size_t at)
{
	size_t	 n = 0, k, w, size;

	for (k = 0; k < 3 && (w = sep_at(s + at + n)) > 0; k++) {
		n += w;
		if (digit_at(s + at + n, &size) != 0)
			return n;
	}
	return 0;
}

/* The Luhn check of a bank-card number. */
static int
luhn(const char *d, int len)
{
	int	 i, sum = 0, v;

	for (i = 0; i < len; i++) {
		v = d[len - 1 - i] - '0';
		if (i % 2 == 1 && (v *= 2) > 9)
			v -= 9;
		sum += v;
	}
	return sum % 10 == 0;
}

/* Do the group lengths read as pattern (lengths, 0-terminated)? */
static int
grouped(const int *lens, int n, const int *pattern)
{
	int	 i;

	for (i = 0; i < n; i++)
		if (pattern[i] != lens[i])
			return 0;
	return pattern[n] == 0;
}

/* Every group but the last has at least min digits. */
static int
groups_min(const int *lens, int n, int min)
{
	int	 i;

	for (i = 0; i + 1 < n; i++)
		if (lens[i] < min)
			return 0;
	return 1;
}

/* The old 15-digit ID: region, then YYMMDD of the 1900s, three more. */
static int
id15(const char *d)
{
	char	 id[19];
	char	 want;
	enum check_id r;

	if (d[0] < '1' || d[0] > '8')
		return 0;
	memcpy(id, d, 6);
	memcpy(id + 6, "19", 2);
	memcpy(id + 8, d + 6, 9);
	id[17] = '0';
	id[18] = '\0';
	/* Only the date matters here: any checksum is fine. */
	r = check_idno(id, INT32_MAX / 2, &want);
	return r == CHECK_ID_OK || r == CHECK_ID_CHECKSUM;
}

static enum pii_kind
landline(const char *d, int len, const int *lens, int n)
{
	int	 area, local;

	if (d[0] != '0' || d[1] == '0')
		return PII_NONE;
	area = d[1] == '1' || d[1] == '2' ? 3 : 4;
	local = len - area;
	if (local != 7 && local != 8)
		return PII_NONE;
	if (n == 1 || (n >= 2 && lens[0] == area &&
	    (n == 2 || (n == 3 && lens[2] == 4))))
		return PII_LANDLINE;
	return PII_NONE;
}

/*
 * What the digits d (len of them, in n groups of lens) are, given how
 * they were grouped.
 */
static enum pii_kind
classify(const char *d, int len, const int *lens, int n)
{
	static const int m344[] = { 3, 4, 4, 0 }, m38[] = { 3, 8, 0 };
	char		 want;
	int		 i, fours = 1;

	if (len == 18 && check_idno(d, INT32_MAX / 2, &want) == CHECK_ID_OK)
		return PII_ID;
	if (strchr(d, 'X') != NULL)
		return PII_NONE;
	for (i = 0; i + 1 < n; i++)
		fours &= lens[i] == 4;
	if (len >= 16 && len <= 19 && d[0] >= '2' && (n == 1 || fours) &&
	    luhn(d, len))
		return PII_CARD;
	if (len == 15 && groups_min(lens, n, 3) && id15(d))
		return PII_ID;
	if (len == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9' &&
	    (n == 1 || grouped(lens, n, m344) || grouped(lens, n, m38)))
		return PII_MOBILE;
	return landline(d, len, lens, n);
}

/* A string with its length, to compare before an offset without strlen. */
struct lit {
	const char	*s;
	size_t		 n;
};
#define LIT(x)	{ x, sizeof(x) - 1 }
#define NLIT(v)	(sizeof(v) / sizeof((v)[0]))

/* Does s end with l just before byte at? */
static int
lit_before(const char *s, size_t at, const struct lit *l)
{
	return l->n <= at && memcmp(s + at - l->n, l->s, l->n) == 0;
}

/* What may stand between a label and its number: "：" ":" " " "为" "是". */
static size_t
label_gap_before(const char *s, size_t at)
{
	static const struct lit gaps[] = {
		LIT("\xEF\xBC\x9A"), LIT(":"), LIT(" "), LIT("\xE3\x80\x80"),
		LIT("\xE4\xB8\xBA"), LIT("\xE6\x98\xAF"), LIT("\xEF\xBC\x88"),
		LIT("(")
	};
	size_t	 i;

	for (i = 0; i < NLIT(gaps); i++)
		if (lit_before(s, at, &gaps[i]))
			return gaps[i].n;
	return 0;
}

/*
 * The kind named by a label ending just before byte at of s, up to two
 * gap characters away (学号 2021214587, 校园卡号：30012345); PII_NONE
 * when no label is there.
 */
static enum pii_kind
label_before(const char *s, size_t at)
{
	static const struct { struct lit label; enum pii_kind kind; } l[] = {
		{ LIT("学号"), PII_STUDENT }, { LIT("学籍号"), PII_STUDENT },
		{ LIT("考生号"), PII_STUDENT }, { LIT("准考证号"), PII_STUDENT },
		{ LIT("卡号"), PII_CAMPUS }, { LIT("校园卡"), PII_CAMPUS },
		{ LIT("一卡通"), PII_CAMPUS }, { LIT("一卡通号"), PII_CAMPUS },
		{ LIT("饭卡"), PII_CAMPUS }, { LIT("餐卡"), PII_CAMPUS }
	};
	size_t	 i, k, g;

	for (k = 0; k < 2 && (g = label_gap_before(s, at)) > 0; k++)
		at -= g;
	for (i = 0; i < NLIT(l); i++)
		if (lit_before(s, at, &l[i].label))
			return l[i].kind;
	return PII_NONE;
}

/*
 * Does an amount go on after the group ending at byte at: a decimal
 * point and a digit, or 元 / 万?  "饭卡充值 128450.00" is money.
 */
static int
amount_after(const char *s, size_t at)
{
	size_t	 size;

	if ((s[at] == '.' && digit_at(s + at + 1, &size) != 0) ||
	    (strncmp(s + at, "\xEF\xBC\x8E", 3) == 0 &&
	    digit_at(s + at + 3, &size) != 0))
		return 1;
	return strncmp(s + at, "\xE5\x85\x83", 3) == 0 ||
	    strncmp(s + at, "\xE4\xB8\x87", 3) == 0;
}

/*
 * The first group of a run as a labelled number: 1 and *m filled when
 * a label stands before it and it reads as no amount.
 */
static int
labelled(const char *s, const struct group *g, struct pii_match *m)
{
	enum pii_kind	 k;

	if (g->len < 6 || g->len > MAXDIGITS || amount_after(s, g->end) ||
	    (k = label_before(s, g->start)) == PII_NONE)
		return 0;
	m->kind = k;
	m->start = g->start;
	m->end = g->end;
	memcpy(m->digits, g->d, (size_t)g->len + 1);
	memcpy(m->tail, g->d + g->len - 4, 5);
	return 1;
}

/* Is d (digits) one of the allowed numbers, ignoring their punctuation? */
static int
allowed(const char *d, const char *const *allow)
{
	const char	*a, *p;

	for (; allow != NULL && *allow != NULL; allow++) {
		for (a = *allow, p = d; *a != '\0'; a++) {
			if (*a < '0' || *a > '9')
				continue;
			if (*p++ != *a)
				break;
		}
		if (*a == '\0' && *p == '\0')
			return 1;
	}
	return 0;
}

/* Groups i..j of g as one candidate: its kind, digits and lengths. */
static enum pii_kind
span_kind(const struct group *g, int i, int j, char *d)
{
	int	 lens[MAXGROUPS], k, len = 0;

	for (k = i; k <= j; k++) {
		if (g[k].len > MAXDIGITS || len + g[k].len > MAXDIGITS)
			return PII_NONE;
		if (k < j && g[k].d[g[k].len - 1] == 'X')
			return PII_NONE;
		memcpy(d + len, g[k].d, (size_t)g[k].len);
		len += g[k].len;
		lens[k - i] = g[k].len;
	}
	d[len] = '\0';
	return len >= 10 ? classify(d, len, lens, j - i + 1) : PII_NONE;
}

/* The longest number among the n groups of one run; 1 if found. */
static int
run_match(const struct group *g, int n, const char *const *allow,
    struct pii_match *m)
{
	char		 d[MAXDIGITS + 1];
	enum pii_kind	 k;
	int		 i, j;

	for (i = 0; i < n; i++)
		for (j = n - 1; j >= i; j--) {
			if ((k = span_kind(g, i, j, d)) == PII_NONE ||
			    allowed(d, allow))
				continue;
			m->kind = k;
			m->start = g[i].start;
			m->end = g[j].end;
			memcpy(m->digits, d, strlen(d) + 1);
			memcpy(m->tail, d + strlen(d) - 4, 5);
			return 1;
		}
	return 0;
}

int
pii_next(const char *s, size_t from, const char *const *allow,
    struct pii_match *m)
{
	struct group	 g[MAXGROUPS];
	struct pii_match lm;
	size_t		 at = from, gap, size;
	int		 n, found;

	while (s[at] != '\0') {
		/* Every digit, ASCII or full-width, starts with one of these. */
		at += strcspn(s + at, "0123456789\xEF");
		if (s[at] == '\0')
			break;
		if (digit_at(s + at, &size) == 0) {
			at++;
			continue;
		}
		n = 0;
		at = group_read(s, at, &g[n++]);
		while (n < MAXGROUPS && (gap = run_gap(s, at)) > 0)
			at = group_read(s, at + gap, &g[n++]);
		found = run_match(g, n, allow, m);
		if (found && m->start == g[0].start)
			return 1;
		if (labelled(s, &g[0], &lm)) {
			*m = lm;
			return 1;
		}
		if (found)
			return 1;
	}
	return 0;
}

/*
 * The masked form of match m of s, appended to b.  A landline keeps
 * its area code as written, brackets and dash included.
 */
static void
mask_one(struct buf *b, const char *s, const struct pii_match *m)
{
	size_t	 len = strlen(m->digits), keep = 0, i, at = m->start, size;

	if (m->kind == PII_MOBILE)
		keep = 3;
	else if (m->kind == PII_LANDLINE)
		keep = m->digits[1] == '1' || m->digits[1] == '2' ? 3 : 4;
	if (m->kind == PII_LANDLINE) {
		for (i = 0; i < keep; i++)
			at += (digit_at(s + at, &size), size);
		while (at < m->end && digit_at(s + at, &size) == 0)
			at += (size = sep_at(s + at)) > 0 ? size : 1;
		buf_add(b, s + m->start, at - m->start);
	} else
		buf_add(b, m->digits, keep);
	for (i = keep; i + 4 < len; i++)
		buf_addc(b, '*');
	buf_adds(b, m->tail);
}

char *
pii_mask(const char *s, const char *const *allow)
{
	struct buf	 b = { NULL, 0, 0 };
	struct pii_match m;
	size_t		 at = 0;

	if (s == NULL)
		return NULL;
	buf_add(&b, "", 0);
	while (pii_next(s, at, allow, &m)) {
		buf_add(&b, s + at, m.start - at);
		mask_one(&b, s, &m);
		at = m.end;
	}
	buf_adds(&b, s + at);
	return b.s;
}

const char *
pii_kindname(enum pii_kind k)
{
	static const char *const names[] = {
		"", "身份证号", "手机号", "固定电话", "银行卡号", "学号", "卡号"
	};

	return names[k];
}
