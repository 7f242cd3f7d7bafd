/*
 * The model: one unit, its periods, and per period the typed tables read
 * from data/.  Tables are stored generically (a schema of columns, rows
 * of typed values) so that the tree, the open-data export and the audit
 * registers treat every table alike; checks address columns through the
 * per-table enums below.
 *
 * Ownership: model_load returns a model that owns everything reachable
 * from it (strings, rows, source bytes); model_free releases it all.
 */
#ifndef SUNLIGHT_MODEL_H
#define SUNLIGHT_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

struct _xmlNode;
struct arena;
struct model;

enum coltype {
	COL_TEXT,	/* s */
	COL_MONEY,	/* n = fen */
	COL_DATE,	/* n = day number (date.h) */
	COL_DATETIME,	/* n = minutes since epoch */
	COL_COUNT,	/* n = non-negative integer (people, grams, minutes) */
	COL_QTY,	/* n = thousandths */
	COL_ENUM	/* n = index into colspec.values, s = canonical value */
};

/* Column flags. */
#define COLF_OPTIONAL	0x01	/* the column may be absent from the file */
#define COLF_PRIVATE	0x02	/* never in the public view (ID numbers, phones) */
#define COLF_PERSON	0x04	/* a person's name: masked (张*兵) in the public view */
#define COLF_EMPTY_OK	0x08	/* an empty cell is allowed (the check may still flag it) */
#define COLF_STAFF	0x10	/* staff in an official role (经办人, 维修人 ...): named in
				   full in public unless unit.md sets mask_staff */

struct colspec {
	const char		*key;	/* English key: XML attribute, CSV alias, open data */
	const char		*zh;	/* Chinese header as in DESIGN.md */
	const char		*aliases;	/* more accepted headers, '|' separated */
	enum coltype		 type;
	unsigned		 flags;
	const char *const	*values;	/* COL_ENUM: canonical values, NULL-terminated */
	const char *const	*valaliases;	/* COL_ENUM: "alias=canonical", NULL-terminated */
};

enum tableid {
	T_LEDGER,
	T_BUDGET,
	T_FEES,
	T_PURCHASES,
	T_SAMPLES,
	T_DISINFECTION,
	T_REPAIRS,
	T_COMPLAINTS,
	T_SUBSIDIES,
	T_ATTENDANCE,
	T__MAX
};

/*
 * The stages' hooks for one table, defined by the stages themselves
 * (figures.c, check.c, tree.c) and only named here, so that the
 * registry is the one list of what a table has.  Each is called once
 * per period, in registry order, whether or not the period has the
 * table; a hook that reads several tables belongs to the last of them
 * in the registry, so everything it reads is done before it runs.
 */
struct figures;
struct check_ctx;
struct tree_ctx;
typedef void	(*figures_fn)(struct figures *, const struct model *);
typedef void	(*check_fn)(struct check_ctx *);
typedef void	(*tree_fn)(struct tree_ctx *, struct _xmlNode *element);

/*
 * The table registry: one entry per input table, in the order every
 * output lists them (tree, open data, audit cover, checks, figures).
 */
struct tablespec {
	enum tableid		 id;
	const char		*file;	/* "ledger.csv" */
	const char		*key;	/* "ledger": element name, URL part */
	const char		*zh;	/* "收支明细": also the workbook sheet name */
	const struct colspec	*cols;
	int			 ncols;
	int			 required;	/* every period must have the file */
	const char		*page;	/* site page showing it: "canteen.html" */
	const char		*nav;	/* that page in the navigation: "食堂公示" */
	const char		*audit;	/* its audit-pack section, read from
					   pdf/audit/<audit>.xml; or NULL */
	figures_fn		 figures;	/* its figures, or NULL */
	check_fn		 check;		/* its checks, or NULL */
	tree_fn			 tree;		/* what the tree adds to its element */
};

/* Columns, in DESIGN.md order: indices into row->v. */
enum { L_DATE, L_VOUCHER, L_ACCOUNT, L_MEMO, L_INCOME, L_EXPENSE,
	L_HANDLER, L_APPROVER, L__N };
enum { B_ACCOUNT, B_AMOUNT, B__N };
enum { F_ITEM, F_BASIS, F_STANDARD, F_UNIT, F_SCOPE, F_DUE, F_PAID,
	F_COLLECTED, F_REFUND, F_TYPE, F__N };
/* 类型 of a fee (F_TYPE): 行政事业性收费 服务性收费 代收费 */
enum { FEE_ADMIN, FEE_SERVICE, FEE_AGENCY };
enum { P_DATE, P_NAME, P_CATEGORY, P_SUPPLIER, P_QTY, P_UNIT, P_PRICE,
	P_AMOUNT, P_BUYER, P_RECEIVER, P_TEST, P__N };
enum { S_DATE, S_MEAL, S_DISH, S_GRAMS, S_KEPT, S_DESTROYED, S_KEEPER, S__N };
enum { D_DATE, D_OBJECT, D_METHOD, D_MINUTES, D_PERSON, D__N };
enum { R_DATE, R_CATEGORY, R_PLACE, R_CONTENT, R_STATUS, R_REPAIRER, R__N };
enum { C_DATE, C_CHANNEL, C_CONTENT, C_RESULT, C_CLOSED, C__N };
enum { Z_STUDENT, Z_NAME, Z_CLASS, Z_CATEGORY, Z_AMOUNT, Z_IDNO, Z_PHONE,
	Z__N };
enum { A_DATE, A_CLASS, A_DUE, A_PRESENT, A__N };

/* Canonical enum values (index = value.n). */
enum { MEAL_BREAKFAST, MEAL_MORNING, MEAL_LUNCH, MEAL_AFTERNOON, MEAL_DINNER,
	MEAL_NIGHT };
/* 早餐 早点 午餐 午点 晚餐 夜宵 (a university canteen's late meal) */
enum { TEST_PASS, TEST_FAIL, TEST_NONE, TEST_NA };
/* 合格 不合格 未检测 免检 */
enum { REPAIR_DONE, REPAIR_OPEN };
/* 已完成 处理中 */

struct value {		/* one a cell: 24 bytes, the ints side by side */
	int64_t	 n;		/* typed value, see enum coltype */
	char	*s;		/* the cell text as read (UTF-8, trimmed); "" when empty */
	int	 col;		/* 1-based field number in the file, 0 if absent */
	int	 present;	/* 0: the cell was empty (or the column absent) */
};

struct row {
	int		 line;	/* line of the record's first byte */
	int		 bad;	/* 1 if some cell failed to parse */
	struct value	*v;	/* spec->ncols values */
};

/* A source file exactly as read, for fingerprints and the archive. */
struct source {
	char		*path;		/* as shown in diagnostics: data/2023-autumn/ledger.csv */
	char		*relpath;	/* relative to the data folder: 2023-autumn/ledger.csv */
	unsigned char	*bytes;
	size_t		 len;
	const char	*encoding;	/* "UTF-8", "UTF-8 with BOM", "GB18030" */
};

struct table {
	const struct tablespec	*spec;
	struct source		*src;	/* owned by the period's sources */
	char			*where;	/* for messages: src->path, or "x.xlsx[收支明细]" */
	const char		*file;	/* where, inside its period: "ledger.csv", "台账.xlsx[收支明细]" */
	struct row		*rows;
	size_t			 nrows;
	struct arena		*arena;	/* the rows' values and their text */
	int			 header_line;
	int			 incomplete;	/* a record was dropped or a cell is bad */
};

/* Front matter of a Markdown file: ordered key/value pairs with lines. */
struct meta {
	char	*key;
	char	*value;
	int	 line;
};

struct mdfile {
	struct source	*src;
	struct meta	*meta;
	size_t		 nmeta;
	char		*body;		/* Markdown after the front matter */
	int		 body_line;	/* line number of the body's first line */
};

enum periodkind { PERIOD_SPRING, PERIOD_AUTUMN, PERIOD_YEAR };

struct period {
	char		*name;		/* "2023-autumn" */
	char		*dir;		/* data/2023-autumn */
	enum periodkind	 kind;
	int		 year;
	int		 start, end;	/* day numbers, inclusive */
	struct mdfile	*summary;	/* NULL if no summary.md */
	char		*title;		/* from summary.md, else generated: "2023年秋季学期" */
	char		*author;
	int		 date;		/* summary date, or end */
	int		 notice_date;	/* summary's notice_date, else the unit's; 0 */
	struct table	*t[T__MAX];	/* NULL when the file is absent */
	struct source	**src;		/* every file read for this period, sorted by path */
	size_t		 nsrc;
};

/* Unit-level settings (unit.md front matter), with defaults. */
struct unit {
	struct mdfile	*md;
	char		*name;		/* name / 名称 (required) */
	char		*type;		/* type / 类型 */
	char		*address;	/* address / 地址 */
	char		*head;		/* head / 负责人 */
	char		*hotline;	/* hotline / 投诉电话 */
	char		*price_hotline;	/* price_hotline / 价格举报电话 (default 12315) */
	char		*base_url;	/* base_url / 网址 */
	int		 complaint_days;	/* complaint_days: slower is a finding (default 7) */
	int		 sample_grams;	/* sample_grams (default 125) */
	int		 sample_hours;	/* sample_hours (default 48) */
	int		 id_full;	/* audit_id: full | last4 (default last4) */
	/*
	 * Ledger conventions for the tie-outs: the income of a fee item is
	 * the net (income - expense) of the ledger account named exactly as
	 * the item (项目); canteen spending is the expense of the account
	 * named canteen_account / 伙食账户 (default 伙食支出).
	 */
	char		*canteen_account;
	char		*canteen_income;	/* canteen_income / 伙食收入账户; NULL: 伙食费, else 午餐费 */
	/*
	 * Disclosure settings.  voucher_monthly: vouchers restart every
	 * month (1), run on (0), or detect it (-1, the default).
	 * non_fee: ledger income accounts that are no fee (财政拨款 ...),
	 * defaults plus unit.md's non_fee_income.  mask_staff: names of
	 * staff in their roles masked too.  subsidy_category: publish
	 * 资助 categories, not only the aid level.  notice_date: the date
	 * on fee notices (0: the generation date).
	 */
	int		 voucher_monthly;
	char		**non_fee;
	size_t		 nnon_fee;
	int		 mask_staff;
	int		 subsidy_category;
	int		 notice_date;
	/* subsidy_standard.<category>: amount — amounts allowed per category */
	char		**sub_cat;
	int64_t		*sub_amount;
	size_t		 nsub;
};

struct model {
	char		*datadir;	/* as given: "data" */
	struct unit	 unit;
	struct period	**periods;	/* sorted by start date */
	size_t		 nperiods;
};

extern const struct tablespec	tablespecs[T__MAX];


/*
 * Read datadir into a model.  Every problem becomes a finding in d;
 * the model is returned even when there were errors (rows that failed
 * to parse are marked bad).  NULL only on a system error (reported).
 */
struct model	*model_load(const char *datadir, struct diag *d);
void		 model_free(struct model *);

const char	*model_meta(const struct mdfile *, const char *key);
/*
 * A Markdown file with front matter read on its own (district.md); keys
 * as "name|别名" alternatives, NULL-terminated.  NULL on a system error.
 */
struct mdfile	*model_md_load(const char *path, const char *relpath,
		    const char *const *keys, struct diag *d);
void		 model_md_free(struct mdfile *);
/* Is account a non-fee income of the unit (财政拨款, non_fee_income ...)? */
int		 model_non_fee(const struct unit *, const char *account);

#endif
