/*
 * The PDF engine.  Without arguments: unit tests of line breaking (a
 * fixed-width measure, no PDF needed) and of the unshowable-character
 * findings.  With arguments it renders the documents tests/pdf.test
 * judges with poppler, qpdf, mupdf and fontTools:
 *   test_pdf text FILE OUT.pdf [nofix] [song]   FILE's lines as paragraphs
 *                                        (song: in the Song body face)
 *   test_pdf report OUT.pdf [nofix]      headings, lists, tables, charts
 *   test_pdf rows N OUT.pdf              an N-row table (for timing)
 * SOURCE_DATE_EPOCH, if set, is the creation date.
 */
#include <sys/resource.h>
#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "pdf.h"
#include "util.h"
#include "t.h"

/* CJK and other wide characters 10, everything else 5. */
static double
fixed_width(void *arg, const char *s, size_t len)
{
	(void)arg;
	(void)s;
	return len >= 3 ? 10 : 5;
}

static const struct pdf_measure fixed = { fixed_width, NULL, NULL };

/* The lines of text broken at width w, joined with "|". */
static char *
breaks(const char *text, double first, double rest)
{
	struct pdf_line	*l;
	struct buf	 b = { NULL, 0, 0 };
	size_t		 n, i;

	n = pdf_break_lines(text, first, rest, &fixed, &l);
	buf_add(&b, "", 0);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_addc(&b, '|');
		buf_add(&b, text + l[i].off, l[i].len);
	}
	free(l);
	return b.s;
}

static void
check_brk(const char *name, const char *text, double first, double rest,
    const char *want)
{
	char	*got = breaks(text, first, rest);

	T_STR(name, got, want);
	free(got);
}

static void
test_breaking(void)
{
	check_brk("break.cjk", "一二三四五六七八", 30, 30, "一二三|四五六|七八");
	check_brk("break.orphan-taken-down", "一二三四五六七", 30, 30,
	    "一二三|四五|六七");
	check_brk("break.closing-pulls-previous", "一二三。四", 30, 30,
	    "一二|三。四");
	check_brk("break.closing-comma", "甲乙丙，丁戊己", 30, 30,
	    "甲乙|丙，丁|戊己");
	check_brk("break.orphan-after-comma", "甲乙丙，丁戊", 30, 30,
	    "甲乙|丙，|丁戊");
	check_brk("break.orphan-punct-not-counted", "一二三四五。", 40, 40,
	    "一二三|四五。");
	check_brk("break.end-mark-compressed-to-fit", "一二三。四五", 35, 35,
	    "一二三。|四五");
	check_brk("break.pair-compressed", "一二），三四五", 45, 45,
	    "一二），三|四五");
	check_brk("break.two-closing", "一二三」。", 30, 30, "一|二三」。");
	check_brk("break.opening-not-at-end", "一二（三）", 30, 30,
	    "一二|（三）");
	check_brk("break.opening-quote", "一二“三”", 30, 30, "一二|“三”");
	check_brk("break.latin-words-whole", "hello world foo", 60, 60,
	    "hello world|foo");
	check_brk("break.latin-spaces-dropped", "aa   bb  cc", 20, 20,
	    "aa|bb|cc");
	check_brk("break.long-word-by-char", "abcdefghijklmnop", 30, 30,
	    "abcdef|ghijkl|mnop");
	check_brk("break.long-word-comma", "abcdef,", 30, 30, "abcde|f,");
	check_brk("break.percent-stays", "一二三45%", 40, 40, "一二三|45%");
	check_brk("break.latin-after-cjk", "共计amount元", 45, 45,
	    "共计|amount元");
	check_brk("break.quarter-em-counts", "共计amount元", 42, 42,
	    "共计|amount|元");
	check_brk("break.number-never-split", "一二 12 345 六", 40, 40,
	    "一二|12 345|六");
	check_brk("break.newline", "ab\ncd\n\nef", 100, 100, "ab|cd||ef");
	check_brk("break.indent-first", "一二三四五六", 20, 40, "一二|三四五六");
	check_brk("break.empty", "", 30, 30, "");
	check_brk("break.wider-than-line", "一", 5, 5, "一");
	check_brk("break.ascii-punct", "x一二三!", 30, 30, "x一|二三!");
}

/*
 * The x of each glyph of the whole of text set as one line (not a
 * paragraph's last) in avail, justified or not, joined with ",".
 */
static char *
placed(const char *text, double avail, int justify)
{
	struct pdf_line	 l = { 0, strlen(text), 0, 0 };
	struct pdf_glyph *g;
	struct buf	 b = { NULL, 0, 0 };
	size_t		 n, i;

	n = pdf_place_line(text, &l, avail, justify, &fixed, &g);
	buf_add(&b, "", 0);
	for (i = 0; i < n; i++)
		buf_addf(&b, "%s%g", i ? "," : "", g[i].x);
	free(g);
	return b.s;
}

static void
check_place(const char *name, const char *text, double avail, int justify,
    const char *want)
{
	char	*got = placed(text, avail, justify);

	T_STR(name, got, want);
	free(got);
}

static void
test_placing(void)
{
	check_place("place.natural", "一二三", 40, 0, "0,10,20");
	check_place("place.justified", "一二三", 33, 1, "0,11.5,23");
	check_place("place.quarter-em", "共计ab", 40, 0, "0,10,22.5,27.5");
	check_place("place.no-slack-in-words", "一ab二", 40, 1,
	    "0,15,20,30");
	check_place("place.pair-closing-half", "一），二", 40, 0, "0,10,15,25");
	check_place("place.pair-opening-half", "一（「二", 40, 0,
	    "0,10,15,25");
	check_place("place.line-start-opening-full", "（「二", 40, 0,
	    "0,5,15");
	check_place("place.end-mark-compressed", "一二三。", 35, 1,
	    "0,10,20,30");
	check_place("place.too-loose-stays", "一abcdefgh", 90, 1,
	    "0,12.5,17.5,22.5,27.5,32.5,37.5,42.5,47.5");
}

static void
test_unshowable(void)
{
	struct pdf_opts	 o;
	struct diag	 d;
	struct pdf	*p;

	memset(&o, 0, sizeof(o));
	diag_init(&d);
	o.diag = &d;
	o.epoch = -1;
	if ((p = pdf_new(&o)) == NULL) {
		T_OK("unshowable.font-loads", p != NULL);
		return;
	}
	pdf_para(p, "data/x.csv:7", 0, "吉野 𠮷野家\xee\x80\x80 𠮷");
	T_INT("unshowable.count", d.n, 2);
	if (d.n == 2) {
		T_STR("unshowable.file", d.v[0].file, "data/x.csv");
		T_INT("unshowable.line", d.v[0].line, 7);
		T_STR("unshowable.msg", d.v[0].msg,
		    "character U+20BB7 \"𠮷\" cannot be shown in the PDF font");
		T_STR("unshowable.missing-glyph", d.v[1].msg,
		    "character U+E000 \"\xee\x80\x80\" cannot be shown in the PDF font");
		T_STR("unshowable.code", d.v[0].code, "pdf.unshowable-char");
	}
	pdf_newpage(p);
	T_OK("space.remaining-fresh", fabs(pdf_remaining(p) - 257) < 0.01);
	pdf_space(p, 50);
	T_OK("space.remaining-after", fabs(pdf_remaining(p) - 207) < 0.01);
	pdf_need(p, 200);
	T_INT("space.need-fits", pdf_npages(p), 2);
	pdf_need(p, 250);
	T_INT("space.need-breaks", pdf_npages(p), 3);
	T_INT("unshowable.save-fails-on-bad-path",
	    pdf_save(p, "/dev/null/x.pdf"), -1);
	pdf_free(p);
	diag_free(&d);
}

/* A URL too long for a QR code is a warning at its source, not a crash. */
static void
test_qr(void)
{
	struct pdf_opts	 o;
	struct diag	 d;
	struct pdf	*p;
	char		*url;

	memset(&o, 0, sizeof(o));
	diag_init(&d);
	o.diag = &d;
	if ((p = pdf_new(&o)) == NULL) {
		T_OK("qr.font-loads", p != NULL);
		return;
	}
	pdf_qr(p, "data/unit.md:8", "https://example.org/2023-autumn/fees.html",
	    30);
	T_INT("qr.fits-no-finding", d.n, 0);
	url = xcalloc(5001, 1);
	memset(url, 'a', 5000);
	pdf_qr(p, "data/unit.md:8", url, 30);
	T_INT("qr.too-long-one-finding", d.n, 1);
	if (d.n == 1) {
		T_STR("qr.too-long-code", d.v[0].code, "pdf.qr");
		T_STR("qr.too-long-file", d.v[0].file, "data/unit.md");
		T_INT("qr.too-long-line", d.v[0].line, 8);
	}
	free(url);
	pdf_free(p);
	diag_free(&d);
}

/* A missing or broken font fails pdf_new cleanly. */
static void
test_badfont(void)
{
	struct pdf_opts	 o;
	struct pdf	*p;

	memset(&o, 0, sizeof(o));
	o.font = "/nonexistent/font.ttf";
	p = pdf_new(&o);
	T_OK("font.missing-fails", p == NULL);
	pdf_free(p);
	o.font = "/etc/passwd";
	p = pdf_new(&o);
	T_OK("font.broken-fails", p == NULL);
	pdf_free(p);
}

/* Save a one-paragraph document to path; the file's mode, or -1. */
static int
save_mode(const char *path, int private, mode_t mask)
{
	struct pdf_opts	 o;
	struct pdf	*p;
	struct stat	 st;
	mode_t		 old;
	int		 rc;

	memset(&o, 0, sizeof(o));
	o.private = private;
	if ((p = pdf_new(&o)) == NULL)
		return -1;
	pdf_para(p, "test", 0, "保存");
	old = umask(mask);
	rc = pdf_save(p, path);
	umask(old);
	pdf_free(p);
	if (rc != 0 || stat(path, &st) != 0)
		return -1;
	return (int)(st.st_mode & 07777);
}

/* Files in dir, dot files (temp files) included. */
static int
count_files(const char *dir)
{
	DIR		*dp;
	struct dirent	*de;
	int		 n = 0;

	if ((dp = opendir(dir)) == NULL)
		return -1;
	while ((de = readdir(dp)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			n++;
	closedir(dp);
	return n;
}

/*
 * pdf_save writes through out_write: the mode follows the private
 * option, never the umask, and no temp file is left behind.
 */
static void
test_save(void)
{
	char	 dir[] = "/tmp/test_pdf.XXXXXX";
	char	*pub, *priv;

	if (mkdtemp(dir) == NULL) {
		T_OK("save.tmpdir", 0);
		return;
	}
	pub = xasprintf("%s/public.pdf", dir);
	priv = xasprintf("%s/private.pdf", dir);
	T_INT("save.public-0644-despite-umask", save_mode(pub, 0, 077),
	    0644);
	T_INT("save.private-0600-despite-umask", save_mode(priv, 1, 0),
	    0600);
	T_INT("save.no-temp-file-left", count_files(dir), 2);
	remove(pub);
	remove(priv);
	remove(dir);
	free(pub);
	free(priv);
}

/*
 * Save a 200-paragraph document to path under a
 * file-size limit of lim bytes (0: none), stderr into log.  pdf_save's
 * result.
 */
static int
save_limited(const char *path, rlim_t lim, const char *log)
{
	struct rlimit	 old, nl;
	struct pdf_opts	 o;
	struct pdf	*p;
	int		 err, fd, rc = -2, i;

	memset(&o, 0, sizeof(o));
	o.epoch = 1700000000;
	if (getrlimit(RLIMIT_FSIZE, &old) != 0 || (p = pdf_new(&o)) == NULL)
		return -2;
	for (i = 0; i < 200; i++)
		pdf_para(p, "test", 0, "满盘时保存失败，已有文件不受影响。");
	nl = old;
	if (lim > 0)
		nl.rlim_cur = lim;
	signal(SIGXFSZ, SIG_IGN);
	fflush(stderr);
	err = dup(2);
	fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	dup2(fd, 2);
	if (setrlimit(RLIMIT_FSIZE, &nl) == 0) {
		rc = pdf_save(p, path);
		setrlimit(RLIMIT_FSIZE, &old);
	}
	fflush(stderr);
	dup2(err, 2);
	close(err);
	close(fd);
	signal(SIGXFSZ, SIG_DFL);
	pdf_free(p);
	return rc;
}

/*
 * Test name: a save under a file-size limit (standing in for a full
 * disk) of lim bytes, or, when lim is 0, of one byte less than the
 * whole document, which fails at libharu's last flush (fclose), a
 * failure libharu does not check.  It must fail with want in its
 * message beside the file's name, and leave neither the file nor
 * libharu's temp file.
 */
static void
save_refused(const char *name, rlim_t lim, const char *want)
{
	char		 dir[] = "/tmp/test_pdf.XXXXXX", t[64];
	char		*path, *log, *msg;
	struct stat	 st;
	size_t		 len;

	if (mkdtemp(dir) == NULL) {
		snprintf(t, sizeof(t), "%s.setup", name);
		T_OK(t, 0);
		return;
	}
	path = xasprintf("%s/%s.pdf", dir, name);
	log = xasprintf("%s.log", dir);
	memset(&st, 0, sizeof(st));
	if (lim == 0) {
		snprintf(t, sizeof(t), "%s.whole-saves", name);
		T_OK(t, save_limited(path, 0, log) == 0 &&
		    stat(path, &st) == 0);
		lim = (rlim_t)st.st_size - 1;
		remove(path);
	}
	snprintf(t, sizeof(t), "%s.fails", name);
	T_INT(t, save_limited(path, lim, log), -1);
	msg = file_read(log, &len);
	snprintf(t, sizeof(t), "%s.says-why", name);
	T_OK(t, msg != NULL && strstr(msg, path) != NULL &&
	    strstr(msg, want) != NULL);
	snprintf(t, sizeof(t), "%s.nothing-left", name);
	T_INT(t, count_files(dir), 0);
	free(msg);
	remove(log);
	remove(dir);
	free(path);
	free(log);
}

/* A full disk half-way (fwrite fails), and at libharu's last flush. */
static void
test_save_full(void)
{
	save_refused("save-full", 20000, "文件超过了系统允许的大小");
	save_refused("save-torn", 0, "文件没有完整写入(磁盘可能已满)");
}

/* Body text in the Song face (the "song" argument), else the sans. */
static int	 song;

static struct pdf *
doc_new(const char *title, int nofix, int furniture)
{
	struct pdf_opts	 o;
	const char	*e = getenv("SOURCE_DATE_EPOCH");

	memset(&o, 0, sizeof(o));
	o.title = title;
	o.author = "后勤服务中心";
	o.subject = "PDF engine test";
	o.keywords = "sunlight, 测试";
	o.epoch = e != NULL ? atoll(e) : 0;
	o.header = furniture ? "阳光后勤 · 测试文档" : NULL;
	o.footer = furniture;
	o.nofix = nofix ? PDF_NOFIX_GLYF | PDF_NOFIX_TOUNICODE : 0;
	o.body = song ? PDF_FACE_SONG : PDF_FACE_SANS;
	return pdf_new(&o);
}

static int
doc_save(struct pdf *p, const char *out)
{
	int	 rc = pdf_save(p, out);

	pdf_free(p);
	return rc == 0 ? 0 : 1;
}

/* Each line of the file as a paragraph, and nothing else. */
static int
doc_text(const char *in, const char *out, int nofix)
{
	struct pdf	*p;
	char		*text, *line, *next;
	size_t		 len;

	if ((text = file_read(in, &len)) == NULL) {
		sys_warn(in);
		return 1;
	}
	if ((p = doc_new("字表", nofix, 0)) == NULL) {
		free(text);
		return 1;
	}
	for (line = text; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		pdf_para(p, in, 0, line);
	}
	free(text);
	return doc_save(p, out);
}

struct ledger {
	long long	 in, out;
	char		 a[32], b[32];
};

static char *
yuan(void *arg, int64_t fen)
{
	(void)arg;
	return xasprintf("%s%lld.%02lld", fen < 0 ? "-" : "",
	    (long long)(fen < 0 ? -fen : fen) / 100,
	    (long long)(fen < 0 ? -fen : fen) % 100);
}

/* 承前页 / 过次页 with the sums of the rows placed so far. */
static int
carry(void *arg, enum pdf_carry which, const char **cells)
{
	struct ledger	*l = arg;

	snprintf(l->a, sizeof(l->a), "%lld.%02lld", l->in / 100, l->in % 100);
	snprintf(l->b, sizeof(l->b), "%lld.%02lld", l->out / 100, l->out % 100);
	cells[1] = which == PDF_CARRY_OUT ? "过次页" : "承前页";
	cells[3] = l->a;
	cells[4] = l->b;
	return 1;
}

static const struct pdf_col ledger_cols[] = {
	{ 22, 0, PDF_ALIGN_LEFT },
	{ 0, 1, PDF_ALIGN_LEFT },
	{ 0, 2, PDF_ALIGN_LEFT },
	{ 25, 0, PDF_ALIGN_RIGHT },
	{ 25, 0, PDF_ALIGN_RIGHT },
};

static const char *const ledger_head[] = {
	"日期", "凭证号", "摘要", "收入", "支出"
};

/* n ledger rows with carry-forward rows, then a bold total. */
static void
ledger_table(struct pdf *p, int n, int flags)
{
	static const char *const memo[] = {
		"购买大米 500 kg（东北长粒香）",
		"食堂燃气费",
		"学生伙食费收入，按《收费公示》标准收取，含一费制代收项目",
		"维修：宿舍楼 3 号水管更换；电维修",
		"牛奶订购 milk subscription for grade seven",
	};
	struct pdf_table t = { 5, ledger_cols, flags, 0, carry, NULL };
	struct ledger	 l = { 0, 0, "", "" };
	char		 d[32], v[32], a[32], b[32], src[32];
	const char	*row[5];
	long long	 x;
	int		 i;

	t.carry_arg = &l;
	pdf_table_begin(p, &t);
	pdf_table_head(p, "ledger.csv:1", ledger_head);
	for (i = 0; i < n; i++) {
		x = 1000 + (long long)i * 7919 % 100000;
		snprintf(d, sizeof(d), "2023-%02d-%02d", 9 + i / 300 % 4,
		    1 + i % 28);
		snprintf(v, sizeof(v), "记-%04d", i + 1);
		snprintf(a, sizeof(a), "%lld.%02lld", i % 3 ? 0 : x / 100,
		    i % 3 ? 0 : x % 100);
		snprintf(b, sizeof(b), "%lld.%02lld", i % 3 ? x / 100 : 0,
		    i % 3 ? x % 100 : 0);
		snprintf(src, sizeof(src), "ledger.csv:%d", i + 2);
		row[0] = d;
		row[1] = v;
		row[2] = memo[i % 5];
		row[3] = i % 3 ? "" : a;
		row[4] = i % 3 ? b : "";
		pdf_table_row(p, src, row, 0);
		if (i % 3)
			l.out += x;
		else
			l.in += x;
	}
	snprintf(a, sizeof(a), "%lld.%02lld", l.in / 100, l.in % 100);
	snprintf(b, sizeof(b), "%lld.%02lld", l.out / 100, l.out % 100);
	row[0] = "";
	row[1] = "合计";
	row[2] = "";
	row[3] = a;
	row[4] = b;
	pdf_table_row(p, "ledger.csv", row, PDF_ROW_TOTAL);
	pdf_table_end(p);
}

static void
report_prose(struct pdf *p)
{
	static const char *const labels[] = { "经办人签章", "单位公章" };

	pdf_heading(p, 1, "summary.md:1", "一、学期工作总结");
	pdf_para_begin(p, PDF_INDENT);
	pdf_run(p, "summary.md:3", 0, "本学期后勤服务中心坚持“安全第一、服务至上”的宗旨，"
	    "全面落实食品安全责任制。全年共完成");
	pdf_run(p, "summary.md:3", PDF_BOLD, "电维修 4545 次");
	pdf_run(p, "summary.md:3", 0, "，水维修 1203 次；食堂每餐留样不少于 125 g，"
	    "保存 48 小时以上，");
	pdf_run(p, "summary.md:3", PDF_EM, "农药残留检测合格率 100%");
	pdf_run(p, "summary.md:3", 0, "。Total spending was within the approved "
	    "budget (预算), see the ledger below.");
	pdf_para_end(p);
	pdf_heading(p, 2, "summary.md:5", "（一）资助工作");
	pdf_list_begin(p, PDF_NUMBERED);
	pdf_para(p, "summary.md:6", 0, "建档立卡学生 10 人，每人每学期补助 625.00 元。");
	pdf_para(p, "summary.md:7", 0, "一般贫困学生 17 人，按《资助办法》发放，"
	    "名单已公示上墙，公示期满无异议。");
	pdf_list_end(p);
	pdf_list_begin(p, PDF_BULLET);
	pdf_para(p, "summary.md:9", 0, "收支公示上墙");
	pdf_para(p, "summary.md:10", 0, "采购验收双人签字");
	pdf_list_end(p);
	pdf_heading(p, 3, "summary.md:12", "1. 复杂字形检查");
	pdf_para(p, "summary.md:13", 0, "疆鬻馨齉麤爨龘");
	pdf_rule(p);
	pdf_seal(p, "summary.md:14", labels, 2, 40, 30);
}

static void
report_chart(struct pdf *p)
{
	static const struct pdf_bar bars[] = {
		{ "伙食费", 1234567 }, { "住宿费", 450000 },
		{ "代办费（校服）", 89050 }, { "退费", -120000 },
	};
	struct pdf_chart c = { "各项收费金额（元）", bars, 4, yuan, NULL };

	pdf_heading(p, 2, "fees.csv:1", "（二）收费情况");
	pdf_chart(p, "fees.csv", &c);
}

/* A row taller than a page: split between lines over several pages. */
static void
report_long_row(struct pdf *p)
{
	static const struct pdf_col cols[] = {
		{ 20, 0, PDF_ALIGN_CENTER }, { 0, 1, PDF_ALIGN_LEFT }
	};
	static const char *const head[] = { "序号", "内容" };
	struct pdf_table t = { 2, cols, PDF_TBL_GRID, 0, NULL, NULL };
	struct buf	 b = { NULL, 0, 0 };
	const char	*row[2];
	int		 i;

	for (i = 0; i < 400; i++)
		buf_addf(&b, "第%03d句：长单元格逐行分页。", i + 1);
	pdf_set_orient(p, PDF_PORTRAIT);
	pdf_newpage(p);
	pdf_heading(p, 1, "long.csv", "四、超长单元格");
	pdf_table_begin(p, &t);
	pdf_table_head(p, "long.csv:1", head);
	row[0] = "1";
	row[1] = b.s;
	pdf_table_row(p, "long.csv:2", row, 0);
	pdf_table_end(p);
	pdf_para(p, "names.csv:5", 0, "姓名：𠮷田");
	buf_free(&b);
}

static int
doc_report(const char *out, int nofix)
{
	struct pdf	*p;

	if ((p = doc_new("学期工作总结与审计资料", nofix, 1)) == NULL)
		return 1;
	pdf_title(p, 1, "summary.md", "阳光中学后勤工作报告");
	report_prose(p);
	report_chart(p);
	pdf_heading(p, 1, "ledger.csv", "二、收支明细账");
	ledger_table(p, 120, PDF_TBL_ZEBRA | PDF_TBL_RULES);
	pdf_set_orient(p, PDF_LANDSCAPE);
	pdf_newpage(p);
	pdf_heading(p, 1, "ledger.csv", "三、明细账（横向，网格）");
	ledger_table(p, 40, PDF_TBL_GRID);
	report_long_row(p);
	return doc_save(p, out);
}

static int
doc_rows(int n, const char *out)
{
	struct pdf	*p;

	if ((p = doc_new("rows", 0, 1)) == NULL)
		return 1;
	ledger_table(p, n, PDF_TBL_RULES);
	return doc_save(p, out);
}

int
main(int argc, char *argv[])
{
	int	 nofix = 0, i;

	for (i = 4; i < argc; i++) {
		nofix |= strcmp(argv[i], "nofix") == 0;
		song |= strcmp(argv[i], "song") == 0;
	}
	if (argc == 4 && strcmp(argv[1], "report") == 0)
		nofix = strcmp(argv[3], "nofix") == 0;
	if (argc >= 4 && strcmp(argv[1], "text") == 0)
		return doc_text(argv[2], argv[3], nofix);
	if (argc >= 3 && strcmp(argv[1], "report") == 0)
		return doc_report(argv[2], nofix);
	if (argc >= 4 && strcmp(argv[1], "rows") == 0)
		return doc_rows(atoi(argv[2]), argv[3]);
	test_breaking();
	test_placing();
	test_unshowable();
	test_qr();
	test_badfont();
	test_save();
	test_save_full();
	return t_failed != 0;
}
