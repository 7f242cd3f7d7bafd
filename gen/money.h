/*
 * Money is int64_t fen (1 yuan = 100 fen), everywhere.  No double ever
 * touches an amount.  Parsing accepts what spreadsheets write
 * ("1234.5", "1,234.50", "¥1234.50", "￥1,234.50", "-12.00");
 * formatting gives "12,345.67" and the capital form (大写) used on
 * vouchers and notices, following 会计基础工作规范.
 */
#ifndef SUNLIGHT_MONEY_H
#define SUNLIGHT_MONEY_H

#include <stddef.h>
#include <stdint.h>

/* Largest magnitude accepted: 10^15 fen (10 trillion yuan). */
#define MONEY_MAX	INT64_C(1000000000000000)

/*
 * Parse s into *fen.  Returns 0, or -1 with a static English-free
 * reason in *why (UTF-8 Chinese is not used for reasons; they are
 * short English phrases such as "has more than two decimals").
 */
int	 money_parse(const char *s, int64_t *fen, const char **why);

/* "12,345.67", "-0.50", "0.00".  buf of at least MONEY_BUFSZ. */
#define MONEY_BUFSZ	40
char	*money_format(int64_t fen, char *buf);

/*
 * 大写: "人民币壹万贰仟叁佰肆拾伍元陆角柒分", "人民币壹佰元整",
 * "人民币零元整", negative amounts prefixed "负" after 人民币.
 * buf of at least MONEY_CN_BUFSZ bytes.
 */
#define MONEY_CN_BUFSZ	256
char	*money_cn(int64_t fen, char *buf);

/*
 * Decimal quantities with up to three places, as integer thousandths
 * ("12.5" -> 12500).  Same return convention as money_parse.
 */
int	 qty_parse(const char *s, int64_t *milli, const char **why);
/* "12.5", "3", "0.125": shortest exact form.  buf >= MONEY_BUFSZ. */
char	*qty_format(int64_t milli, char *buf);
/* round(milli/1000 * fen), half away from zero. */
int64_t	 qty_times(int64_t milli, int64_t fen);

/* Plain non-negative integer (counts, grams, minutes); no sign, no decimals. */
int	 count_parse(const char *s, int64_t *n, const char **why);

/* Percentage num/den with one decimal, "95.0%"; "—" when den is 0. */
char	*percent_format(int64_t num, int64_t den, char *buf);

#endif
