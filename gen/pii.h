/*
 * Personal numbers in free text: ID numbers (18 digits with a valid
 * birth date and checksum, or the old 15-digit form), mainland mobile
 * numbers, landlines with an area code, and bank-card numbers (16 to
 * 19 digits passing the Luhn check), and numbers that have no shape of
 * their own but follow a label saying whose they are (学号 2021214587,
 * 校园卡号：30012345) -- as people type them: in one
 * run, in groups split by spaces, dashes or dots (139.8765.4321,
 * 1305 3420 1003 1512 34), in full-width digits (１３９…), a landline's
 * area code in brackets.  The scanner finds them so that checks can
 * warn with a position and the public view can mask them; the private
 * view keeps the text as written.
 *
 * Numbers listed in allow (the unit's own hotlines, compared digit by
 * digit) are public by design and never match.
 */
#ifndef SUNLIGHT_PII_H
#define SUNLIGHT_PII_H

#include <stddef.h>

enum pii_kind {
	PII_NONE,
	PII_ID,		/* 身份证号 */
	PII_MOBILE,	/* 手机号 */
	PII_LANDLINE,	/* 固定电话 */
	PII_CARD,	/* 银行卡号 */
	PII_STUDENT,	/* 学号: after 学号 学籍号 考生号 准考证号 */
	PII_CAMPUS	/* 卡号: after 校园卡 一卡通 饭卡 餐卡 卡号 */
};

struct pii_match {
	enum pii_kind	 kind;
	size_t		 start;		/* byte offset of the first character */
	size_t		 end;		/* byte offset just past the last one */
	char		 digits[24];	/* the digits (and a final X), ASCII */
	char		 tail[5];	/* the last four of them */
};

/*
 * The first personal number in s at or after byte offset from; 1 and
 * *m filled when there is one, else 0.  allow is a NULL-terminated
 * list of numbers (any punctuation) that never match; NULL for none.
 */
int		 pii_next(const char *s, size_t from, const char *const *allow,
		    struct pii_match *m);

/*
 * s with every personal number masked: an ID, a card, a student or a
 * campus-card number as stars and its last four digits, a mobile as 139****4321, a landline
 * as its area code, stars and its last four.  Caller frees; NULL s
 * gives NULL.
 */
char		*pii_mask(const char *s, const char *const *allow);

/* "身份证号", "手机号", "固定电话", "银行卡号", "学号", "卡号". */
const char	*pii_kindname(enum pii_kind);

#endif
