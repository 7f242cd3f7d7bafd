/*
 * Encodings and CSV positions.
 */
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "diag.h"
#include "table.h"
#include "util.h"
#include "t.h"

/* Decode bytes as a source would be; returns the text or NULL. */
static char *
decode(const char *bytes, size_t n, const char **enc, struct diag *d)
{
	struct source	 src;
	size_t		 len;
	char		*s;

	memset(&src, 0, sizeof(src));
	src.path = "x.csv";
	src.bytes = (unsigned char *)xstrndup(bytes, n);
	src.len = n;
	s = table_decode(&src, &len, d);
	*enc = src.encoding;
	free(src.bytes);
	return s;
}

static void
test_encodings(void)
{
	struct diag	 d;
	const char	*enc;
	char		*s;

	diag_init(&d);
	s = decode("\xe6\x97\xa5\xe6\x9c\x9f", 6, &enc, &d);
	T_STR("utf-8 text", s, "日期");
	T_STR("utf-8 named", enc, "UTF-8");
	free(s);
	s = decode("\xef\xbb\xbf\xe6\x97\xa5\xe6\x9c\x9f", 9, &enc, &d);
	T_STR("bom removed", s, "日期");
	T_STR("bom named", enc, "UTF-8 with BOM");
	free(s);
	s = decode("\xc8\xd5\xc6\xda,\x81\x30\x81\x30", 9, &enc, &d);
	T_STR("gb18030 converted", s, "日期,\xc2\x80");
	T_STR("gb18030 named", enc, "GB18030");
	free(s);
	T_INT("no findings for good text", d.n, 0);
	s = decode("ab\ncd\x80", 6, &enc, &d);
	T_OK("lone 0x80 refused", s == NULL);
	T_INT("one finding", d.n, 1);
	T_INT("at line 2", d.v[0].line, 2);
	T_INT("at byte column 3", d.v[0].col, 3);
	s = decode("a,b\nc\x00", 6, &enc, &d);
	T_OK("NUL refused", s == NULL && d.n == 2);
	T_STR("NUL message", d.v[1].msg, "不是文本文件(有控制字符 0x00);请确认这是导出的 CSV,不是改了扩展名的其他文件");
	diag_free(&d);
}

static void
test_records(void)
{
	const char	*csv = "a,b\n\"x\ny\",2\n\n3,\"q\"\"q\"\r\n";
	struct csvrec	*r;
	struct diag	 d;
	struct arena	*a = arena_new();
	size_t		 n;

	diag_init(&d);
	T_INT("no syntax errors", table_records("x.csv", csv, strlen(csv), a,
	    &r, &n, &d), 0);
	T_INT("three records (blank line skipped)", n, 3);
	T_INT("record 2 starts on line 2", r[1].line, 2);
	T_STR("quoted newline kept", r[1].cells[0].s, "x\ny");
	T_INT("record 3 on line 5", r[2].line, 5);
	T_STR("doubled quote", r[2].cells[1].s, "q\"q");
	table_records_free(r, n, 1);
	csv = "a,b\n1,\"open\n2,3\n";
	T_INT("unterminated quote is one error", table_records("x.csv", csv,
	    strlen(csv), a, &r, &n, &d), 1);
	T_INT("reported where the field opened", d.v[0].line, 2);
	T_INT("in field 2", d.v[0].col, 2);
	table_records_free(r, n, 1);
	arena_free(a);
	diag_free(&d);
}

/* A quoted value names what a reader cannot see, and survives bad UTF-8. */
static void
test_quote(void)
{
	static const struct { const char *in, *want; } c[] = {
		{ "摘要\u3000", "\"摘要⟨全角空格⟩\"" },
		{ "120\u00a0.00", "\"120⟨NBSP⟩.00\"" },
		{ "陈\u200b立新", "\"陈⟨零宽空格⟩立新\"" },
		{ "a\tb", "\"a⟨制表符⟩b\"" },
		{ "\u202eabc", "\"⟨U+202E⟩abc\"" },
		{ "x\xff\xe4y", "\"x\xff\xe4y\"" },
		{ "", "\"\"" },
	};
	size_t	 i;
	char	*q, name[64];

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		q = diag_quote(c[i].in);
		snprintf(name, sizeof(name), "diag_quote %zu", i);
		T_STR(name, q, c[i].want);
		free(q);
	}
}

/*
 * Trimming: every Unicode space at either end (U+3000, NBSP, U+200B,
 * tabs), nothing inside, invalid bytes kept as text; in place or as a
 * copy, the same result.
 */
static void
test_trim(void)
{
	static const char *const cases[][2] = {
		{ "陈立新\xe3\x80\x80", "陈立新" },
		{ "\xc2\xa0 45.00\t", "45.00" },
		{ "\xe2\x80\x8b记-1\xe2\x80\x8b", "记-1" },
		{ "张\xe3\x80\x80三", "张\xe3\x80\x80三" },
		{ " \xe3\x80\x80 ", "" },
		{ "", "" },
		{ "\xe3 \xe3\x80\x80", "\xe3" },
		{ "a\x80", "a\x80" },
		{ "\xe3\x80", "\xe3\x80" },
	};
	size_t	 i;
	char	*copy, *s, *own, name[32];

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(name, sizeof(name), "trim %zu", i);
		copy = table_trim(cases[i][0]);
		T_STR(name, copy, cases[i][1]);
		s = strdup(cases[i][0]);
		own = table_trim_take(&s);
		snprintf(name, sizeof(name), "trim in place %zu", i);
		T_STR(name, own, cases[i][1]);
		T_OK("trim in place takes the string", s == NULL);
		free(copy);
		free(own);
	}
}

int
main(void)
{
	test_quote();
	test_trim();
	test_encodings();
	test_records();
	return t_failed != 0;
}
