/*
 * sunlight init DIR (init.h): a data folder a new unit fills in.  The
 * workbook's sheets and columns come from the table registry
 * (tablespecs[] in schema.c), so a table added there is in the
 * template too.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "init.h"
#include "model.h"
#include "output.h"
#include "util.h"

#define BOOK	"台账.xlsx"
#define LASTROW	1048575		/* Excel's last row, 0-based */

/* 资助 categories written into unit.md and offered in the 资助 sheet. */
static const char *const categories[] = { "建档立卡", "一般贫困", NULL };
static const char *const amounts[] = { "1000.00", "500.00", NULL };

/*
 * The settings of unit.md, in the order written: the key as the clerk
 * writes it, what it is for, and an example.  Only 名称 is required,
 * so it is the one line left open; the others are commented out.
 */
static const struct setting {
	const char	*key;
	const char	*en;		/* the same key in English */
	const char	*help;
	const char	*example;
} settings[] = {
	{ "名称", "name", "(必填)单位全称,出现在网站、公示和审计资料上", NULL },
	{ "类型", "type", "单位类型,如 幼儿园、小学、初级中学、大学食堂", "幼儿园" },
	{ "地址", "address", "单位地址", "某某县某某镇学府路 18 号" },
	{ "负责人", "head", "单位负责人(园长、校长)姓名,公示上署名", "张三" },
	{ "投诉电话", "hotline", "本单位受理投诉的电话", "0736-7521368" },
	{ "价格举报电话", "price_hotline", "收费公示上的价格举报电话", "12315" },
	{ "网址", "base_url", "网站发布的地址;填了以后收费公示上印二维码", "https://example.org/" },
	{ "投诉办结天数", "complaint_days", "投诉应在几天内办结,超过的列为问题(默认 7)", "7" },
	{ "留样克数", "sample_grams", "每份留样至少多少克(默认 125)", "125" },
	{ "留样小时", "sample_hours", "留样至少保存多少小时(默认 48)", "48" },
	{ "审计身份证号", "audit_id", "审计资料中身份证号显示 last4(后四位,默认)或 full(完整)", "last4" },
	{ "伙食账户", "canteen_account", "收支明细中伙食支出的科目(默认 伙食支出)", "伙食支出" },
	{ "伙食收入账户", "canteen_income", "收支明细中伙食费收入的科目", "伙食费" },
	{ "凭证编号", "voucher_numbering", "凭证号 monthly(每月从 1 重新编号)或 continuous(连续);不填时自动判断", "monthly" },
	{ "非收费收入", "non_fee_income", "不是收费的其他收入科目,用顿号分隔(财政拨款、上级补助等已包括)", "工会补助、食堂退款" },
	{ "遮盖经办人姓名", "mask_staff", "yes:网站上经办人等工作人员的姓名也遮盖(默认 no)", "no" },
	{ "公开资助类别", "subsidy_category", "yes:资助公示中公开每人的资助类别(默认 no,只公开资助档次)", "no" },
	{ "公示日期", "notice_date", "收费公示上的日期(默认为学期开始)", "2026-09-01" },
};

/* The semester epoch falls in, named as the period folders are. */
static void
semester(long long epoch, char *buf, size_t n)
{
	time_t		 t = (time_t)epoch;
	struct tm	 tm;
	int		 y, m;

	gmtime_r(&t, &tm);
	y = tm.tm_year + 1900;
	m = tm.tm_mon + 1;
	if (m == 1)
		snprintf(buf, n, "%d-autumn", y - 1);
	else if (m <= 7)
		snprintf(buf, n, "%d-spring", y);
	else
		snprintf(buf, n, "%d-autumn", y);
}

/* unit.md: every setting with its explanation, then the introduction. */
static int
write_unit(const char *path)
{
	FILE	*fp;
	size_t	 i;

	if ((fp = fopen(path, "w")) == NULL)
		return -1;
	fputs("---\n"
	    "# 单位的基本信息和设置,每行“键: 值”。# 开头的行是说明,不会被读取;\n"
	    "# 要用某项设置,去掉它前面的 # 并改成本单位的值。\n", fp);
	for (i = 0; i < sizeof(settings) / sizeof(settings[0]); i++) {
		fprintf(fp, "\n# %s(%s):%s\n", settings[i].key, settings[i].en,
		    settings[i].help);
		if (settings[i].example == NULL)
			fprintf(fp, "%s:\n", settings[i].key);
		else
			fprintf(fp, "# %s: %s\n", settings[i].key, settings[i].example);
	}
	fputs("\n# 资助标准.<类别>(subsidy_standard.<类别>):每个资助类别的"
	    "标准金额(元),\n# 按本地文件修改,可增删;台账.xlsx 资助表的“类别”"
	    "列从这里选。\n", fp);
	for (i = 0; categories[i] != NULL; i++)
		fprintf(fp, "资助标准.%s: %s\n", categories[i], amounts[i]);
	fputs("\n# 下面一行 --- 之后写单位简介(可以不写),会显示在网站首页。\n"
	    "---\n", fp);
	if (fflush(fp) != 0 || ferror(fp)) {
		fclose(fp);
		return -1;
	}
	return fclose(fp);
}

/* The cell formats of the template; owned by the workbook. */
struct fmts {
	lxw_format	*head, *text, *date, *datetime, *money, *count, *qty;
	lxw_format	*title, *note;
};

static void
make_formats(lxw_workbook *wb, struct fmts *f)
{
	f->head = workbook_add_format(wb);
	format_set_bold(f->head);
	format_set_bg_color(f->head, 0xDDEBF7);
	format_set_border(f->head, LXW_BORDER_THIN);
	format_set_num_format(f->head, "@");
	f->text = workbook_add_format(wb);
	format_set_num_format(f->text, "@");
	f->date = workbook_add_format(wb);
	format_set_num_format(f->date, "yyyy-mm-dd");
	f->datetime = workbook_add_format(wb);
	format_set_num_format(f->datetime, "yyyy-mm-dd hh:mm");
	f->money = workbook_add_format(wb);
	format_set_num_format(f->money, "0.00");
	f->count = workbook_add_format(wb);
	format_set_num_format(f->count, "0");
	f->qty = workbook_add_format(wb);
	format_set_num_format(f->qty, "General");
	f->title = workbook_add_format(wb);
	format_set_bold(f->title);
	format_set_font_size(f->title, 14);
	f->note = workbook_add_format(wb);
	format_set_text_wrap(f->note);
	format_set_align(f->note, LXW_ALIGN_VERTICAL_TOP);
}

/* Long free text gets a wide column. */
static int
is_wide(const struct colspec *c)
{
	static const char *const wide[] = { "memo", "content", "result",
		"basis", "scope", "dish", NULL };
	int	 i;

	for (i = 0; wide[i] != NULL; i++)
		if (strcmp(c->key, wide[i]) == 0)
			return 1;
	return 0;
}

/*
 * A column's number format and width.  Text columns are text ("@"), so
 * Excel never turns an ID number into 4.30791E+17, a phone number into
 * a number without its leading 0, or 1-2 into a date.
 */
static lxw_format *
col_format(const struct fmts *f, const struct colspec *c, double *width)
{
	size_t	 hw = utf8_len(c->zh) * 2 + 4;

	*width = hw > 10 ? (double)hw : 10;
	switch (c->type) {
	case COL_DATE:
		*width = 12;
		return f->date;
	case COL_DATETIME:
		*width = 17;
		return f->datetime;
	case COL_MONEY:
		*width = *width < 12 ? 12 : *width;
		return f->money;
	case COL_COUNT:
		return f->count;
	case COL_QTY:
		return f->qty;
	default:
		if (strcmp(c->key, "id_number") == 0)
			*width = 22;
		else if (is_wide(c))
			*width = 30;
		else if (*width < 14)
			*width = 14;
		return f->text;
	}
}

/*
 * A drop-down list on the column's data rows: the values of a choice
 * column, or the 资助 categories of unit.md for the 资助 类别 column.
 * Other values are refused as Excel and WPS refuse them.
 */
static void
col_choices(lxw_worksheet *ws, const struct tablespec *ts, int c)
{
	lxw_data_validation	 dv;
	const char *const	*list = NULL;

	if (ts->cols[c].type == COL_ENUM)
		list = ts->cols[c].values;
	else if (ts->id == T_SUBSIDIES && c == Z_CATEGORY)
		list = categories;
	if (list == NULL)
		return;
	memset(&dv, 0, sizeof(dv));
	dv.validate = LXW_VALIDATION_TYPE_LIST;
	dv.value_list = (char **)(uintptr_t)list;
	dv.error_title = "请从列表中选择";
	dv.error_message = ts->id == T_SUBSIDIES ? "资助类别请从列表中选择;"
	    "要增加类别,先在 unit.md 中加一行 资助标准.<类别>: 金额" :
	    "请从下拉列表中选择一个值";
	worksheet_data_validation_range(ws, 1, (lxw_col_t)c, LASTROW,
	    (lxw_col_t)c, &dv);
}

/* One table's sheet: the header row, frozen, over typed columns. */
static void
table_sheet(lxw_workbook *wb, const struct fmts *f, const struct tablespec *ts)
{
	lxw_worksheet	*ws = workbook_add_worksheet(wb, ts->zh);
	lxw_format	*fmt;
	double		 width;
	int		 c;

	for (c = 0; c < ts->ncols; c++) {
		fmt = col_format(f, &ts->cols[c], &width);
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, width, fmt);
		worksheet_write_string(ws, 0, (lxw_col_t)c, ts->cols[c].zh,
		    f->head);
		col_choices(ws, ts, c);
	}
	worksheet_freeze_panes(ws, 1, 0);
}

/* The 说明 sheet: how to fill the workbook; sunlight skips it. */
static void
guide_sheet(lxw_workbook *wb, const struct fmts *f)
{
	static const char *const lines[] = {
		"每张工作表是一张表,工作表的名字就是表名,不要改;第一行是表头,"
		"从第二行起每行一条记录。用不到的表可以删掉整张工作表,收支明细必须有。",
		"身份证号、学号、联系电话、凭证号等列已设为“文本”格式,直接录入即可;"
		"从别处粘贴时请用“选择性粘贴 → 数值”,以免把格式一起粘过来。",
		"日期写成 2023-09-01;金额写数字,最多两位小数,不写“元”;"
		"餐次、农残检测、状态、类型、资助类别从下拉列表中选。",
		"表头上面不要加标题行;合计行可以有,程序只用它核对,不算作数据。",
		"保存为 .xlsx。改完后运行 sunlight check -d 数据文件夹,按提示改正,"
		"再运行 sunlight build。详见 docs/使用说明.md。",
		"本工作表(说明)不会被读取。",
		NULL
	};
	lxw_worksheet	*ws = workbook_add_worksheet(wb, "说明");
	struct buf	 b = { NULL, 0, 0 };
	lxw_row_t	 r = 0;
	int		 i, c;

	worksheet_set_column(ws, 0, 0, 100, f->note);
	worksheet_write_string(ws, r++, 0, "台账填写说明", f->title);
	for (i = 0; lines[i] != NULL; i++)
		worksheet_write_string(ws, r++, 0, lines[i], f->note);
	r++;
	for (i = 0; i < T__MAX; i++) {
		buf_reset(&b);
		buf_addf(&b, "%s%s:", tablespecs[i].zh,
		    tablespecs[i].required ? "(必须有)" : "");
		for (c = 0; c < tablespecs[i].ncols; c++)
			buf_addf(&b, "%s%s", c ? "、" : "", tablespecs[i].cols[c].zh);
		worksheet_write_string(ws, r++, 0, b.s, f->note);
	}
	buf_free(&b);
}

/* The template workbook at path; 0, or -1 after a message. */
static int
write_book(const char *path, long long epoch)
{
	lxw_workbook		*wb;
	lxw_doc_properties	 p;
	lxw_error		 e;
	struct fmts		 f;
	int			 i;

	if ((wb = workbook_new(path)) == NULL) {
		sys_warn(path);
		return -1;
	}
	make_formats(wb, &f);
	memset(&p, 0, sizeof(p));
	p.title = "台账";
	p.created = epoch > 0 ? (time_t)epoch : 1;	/* 0: "now" */
	workbook_set_properties(wb, &p);
	guide_sheet(wb, &f);
	for (i = 0; i < T__MAX; i++)
		table_sheet(wb, &f, &tablespecs[i]);
	if ((e = workbook_close(wb)) != LXW_NO_ERROR) {
		sys_warnx("%s: %s", path, lxw_strerror(e));
		return -1;
	}
	return 0;
}

/*
 * Is dir free for a new data folder: absent, or an empty folder?
 * 1 yes, 0 no (refused with a message), -1 on a system error.
 */
static int
dir_free(const char *dir)
{
	struct stat	 st;
	struct dirent	*de;
	DIR		*dp;
	int		 n = 0;

	if (lstat(dir, &st) == -1) {
		if (errno == ENOENT)
			return 1;
		sys_warn(dir);
		return -1;
	}
	if (S_ISDIR(st.st_mode) && (dp = opendir(dir)) != NULL) {
		while ((de = readdir(dp)) != NULL)
			if (strcmp(de->d_name, ".") != 0 &&
			    strcmp(de->d_name, "..") != 0)
				n++;
		closedir(dp);
		if (n == 0)
			return 1;
	} else if (S_ISDIR(st.st_mode)) {
		sys_warn(dir);
		return -1;
	}
	sys_warnx("%s: 已经存在,且%s;init 只在新的或空的文件夹中建立数据文件夹,"
	    "什么也没有改动;请换一个还不存在的文件夹名", dir,
	    S_ISDIR(st.st_mode) ? "不是空文件夹" : "不是文件夹");
	return 0;
}

/* Remove what init may have written into the staging folder. */
static void
unstage(const char *stage, const char *period)
{
	char	*p;

	p = xasprintf("%s/%s/%s", stage, period, BOOK);
	unlink(p);
	free(p);
	p = xasprintf("%s/%s", stage, period);
	rmdir(p);
	free(p);
	p = xasprintf("%s/unit.md", stage);
	unlink(p);
	free(p);
	rmdir(stage);
}

/* Fill the staging folder; 0, or -1 after a message. */
static int
stage_fill(const char *stage, const char *period, long long epoch)
{
	char	*p;
	int	 rc = 0;
	mode_t	 mask = umask(0);

	umask(mask);
	p = xasprintf("%s/unit.md", stage);
	if (chmod(stage, 0777 & ~mask) == -1 || write_unit(p) == -1) {
		sys_warn(p);
		rc = -1;
	}
	free(p);
	p = xasprintf("%s/%s", stage, period);
	if (rc == 0 && mkdir(p, 0777) == -1) {
		sys_warn(p);
		rc = -1;
	}
	free(p);
	p = xasprintf("%s/%s/%s", stage, period, BOOK);
	if (rc == 0)
		rc = write_book(p, epoch);
	free(p);
	return rc;
}

/*
 * Fill the staging folder, then flush it to disk (out_sync, through a
 * folder opened before the writes so their errors reach it): the
 * folder renamed into place as name is then whole even after a power
 * cut.  0, or -1 after a message.
 */
static int
stage_fill_synced(const char *stage, const char *name, const char *period,
    long long epoch)
{
	int	 fd, rc;

	if ((fd = open(stage, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		sys_warn(stage);
		return -1;
	}
	rc = stage_fill(stage, period, epoch);
	if (rc == 0 && out_sync(fd) == -1) {
		sys_warnx("%s: 新建的文件未能写入磁盘(%s);没有建立 %s,"
		    "请检查磁盘后重新运行", name, sys_errstr(errno), name);
		rc = -1;
	}
	close(fd);
	return rc;
}

int
init_unit(const char *dir, long long epoch, struct diag *d)
{
	char		 period[32], *name, *stage;
	size_t		 n;
	int		 ok;

	name = xstrdup(dir);
	for (n = strlen(name); n > 1 && name[n - 1] == '/'; n--)
		name[n - 1] = '\0';
	if ((ok = dir_free(name)) != 1) {
		free(name);
		return ok == 0 ? diag_usage(d) : diag_system(d);
	}
	semester(epoch, period, sizeof(period));
	stage = xasprintf("%s.sunlight-init-XXXXXX", name);
	if (mkdtemp(stage) == NULL) {
		sys_warnx("%s: %s", name, sys_errstr(errno));
		free(stage);
		free(name);
		return diag_system(d);
	}
	ok = stage_fill_synced(stage, name, period, epoch) == 0;
	if (ok && rename(stage, name) == -1) {
		sys_warn(name);
		ok = 0;
	}
	if (!ok) {
		unstage(stage, period);
	} else {
		out_sync_parent(name);
		printf("已建立 %s:unit.md 和 %s/%s。请先在 unit.md 中填写单位名称,"
		    "再把台账录入 %s/%s/%s,然后运行 sunlight check -d %s\n",
		    name, period, BOOK, name, period, BOOK, name);
	}
	free(stage);
	free(name);
	return ok ? 0 : diag_system(d);
}
