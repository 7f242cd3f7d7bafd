/*
 * The privacy rule table and the publish table (policy.h): the rule of
 * every column class of the registry, the rules beside the columns, the
 * public view derived from a small private document, its line map, and
 * the view and folder of each output.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "model.h"
#include "policy.h"
#include "util.h"
#include "t.h"

/* Every column of the registry gets the rule of its class. */
static void
test_columns(void)
{
	const struct colspec *c;
	int		 t, i, bad = 0, priv = 0;
	enum policy_rule r, want;

	for (t = 0; t < T__MAX; t++)
		for (i = 0; i < tablespecs[t].ncols; i++) {
			c = &tablespecs[t].cols[i];
			r = policy_column(c);
			want = (c->flags & COLF_PRIVATE) ? POLICY_OMIT :
			    c->type != COL_TEXT ? POLICY_ASIS :
			    (c->flags & COLF_PERSON) ? POLICY_PERSON :
			    (c->flags & COLF_STAFF) ? POLICY_STAFF : POLICY_TEXT;
			bad += r != want;
			priv += r == POLICY_OMIT;
			/* a row attribute is ruled by its column */
			bad += policy_rule(tablespecs[t].key, "row", c->key) != r;
		}
	T_INT("rule: every registry column ruled by its class", bad, 0);
	T_INT("rule: the registry's private columns (学号 身份证号 联系电话)",
	    priv, 3);
	T_INT("rule: 身份证号 never enters", policy_column(
	    &tablespecs[T_SUBSIDIES].cols[Z_IDNO]), POLICY_OMIT);
	T_INT("rule: 姓名 masked", policy_column(
	    &tablespecs[T_SUBSIDIES].cols[Z_NAME]), POLICY_PERSON);
	T_INT("rule: 经办人 staff", policy_column(
	    &tablespecs[T_LEDGER].cols[L_HANDLER]), POLICY_STAFF);
	T_INT("rule: 收入 as is", policy_column(
	    &tablespecs[T_LEDGER].cols[L_INCOME]), POLICY_ASIS);
}

/* The rules beside the columns. */
static void
test_rules(void)
{
	T_INT("rule: sources omitted", policy_rule("period", "sources",
	    NULL), POLICY_OMIT);
	T_INT("rule: findings omitted", policy_rule("period", "findings",
	    NULL), POLICY_OMIT);
	T_INT("rule: totals enter", policy_rule("period", "totals", NULL),
	    POLICY_ASIS);
	T_INT("rule: row line omitted", policy_rule("ledger", "row", "line"),
	    POLICY_OMIT);
	T_INT("rule: id-shown omitted", policy_rule("subsidies", "row",
	    "id-shown"), POLICY_OMIT);
	T_INT("rule: a row's name is its column's (姓名: person)",
	    policy_rule("subsidies", "row", "name"), POLICY_PERSON);
	T_INT("rule: balance on a row as is", policy_rule("ledger", "row",
	    "balance"), POLICY_ASIS);
	T_INT("rule: account line omitted", policy_rule("accounts", "account",
	    "line"), POLICY_OMIT);
	T_INT("rule: fee item people omitted", policy_rule("fees", "item",
	    "due-people"), POLICY_OMIT);
	T_INT("rule: hotline as is", policy_rule(NULL, "unit", "hotline"),
	    POLICY_ASIS);
	T_INT("rule: head is staff", policy_rule(NULL, "unit", "head"),
	    POLICY_STAFF);
	T_INT("rule: author is staff", policy_rule("unit", "period", "author"),
	    POLICY_STAFF);
	T_INT("rule: unit address is text", policy_rule(NULL, "unit",
	    "address"), POLICY_TEXT);
	T_INT("rule: a category name is text", policy_rule("purchases",
	    "category", "name"), POLICY_TEXT);
}

/* policy_apply: numbers masked, names by rule, unit.md's relaxations. */
static void
test_apply(void)
{
	struct unit	 u;
	char		*s;

	memset(&u, 0, sizeof(u));
	u.hotline = "13800001111";
	T_OK("apply: omit gives NULL",
	    policy_apply(POLICY_OMIT, &u, "x") == NULL);
	T_STR("apply: text masks a mobile", s = policy_apply(POLICY_TEXT, &u,
	    "电话13912345678"), "电话139****5678");
	free(s);
	T_STR("apply: the unit's hotline stays", s = policy_apply(POLICY_TEXT,
	    &u, "热线13800001111"), "热线13800001111");
	free(s);
	T_STR("apply: person masked", s = policy_apply(POLICY_PERSON, &u,
	    "邓欣怡"), "邓*怡");
	free(s);
	T_STR("apply: staff whole by default", s = policy_apply(POLICY_STAFF,
	    &u, "李秀兰"), "李秀兰");
	free(s);
	u.mask_staff = 1;
	T_STR("apply: staff masked with mask_staff", s = policy_apply(
	    POLICY_STAFF, &u, "李秀兰"), "李*兰");
	free(s);
	T_STR("apply: an organisation is never masked", s = policy_apply(
	    POLICY_PERSON, &u, "宏达维修部"), "宏达维修部");
	free(s);
}

static void
test_mask(void)
{
	char	*s;

	T_STR("mask: three chars", s = policy_mask_name("张三丰"), "张*丰");
	free(s);
	T_STR("mask: two chars", s = policy_mask_name("张三"), "张*");
	free(s);
	T_STR("mask: four chars", s = policy_mask_name("欧阳小明"), "欧**明");
	free(s);
	T_STR("mask: one char", s = policy_mask_name("张"), "张");
	free(s);
	T_STR("mask: empty", s = policy_mask_name(""), "");
	free(s);
}

static const char privdoc[] =
    "<unit view=\"private\" name=\"青山路小学\" head=\"王建国\">"
    "<intro>联系 13912345678</intro>"
    "<period name=\"2024-spring\" author=\"李会计\">"
    "<sources><source path=\"ledger.csv\" sha256=\"ab\"/></sources>"
    "<ledger file=\"ledger.csv\">"
    "<row line=\"7\" voucher=\"记-1\" memo=\"退费 13912345678\""
    " handler=\"刘晓梅\"/></ledger>"
    "<subsidies file=\"subsidies.csv\">"
    "<row line=\"2\" student=\"20210502\" name=\"邓欣怡\" category=\"低保\""
    " amount=\"100000\" id_number=\"430791201808013729\""
    " phone=\"139-0000-1192\" id-shown=\"**************3729\"/>"
    "<row line=\"3\" student=\"20210503\" name=\"田思远\" category=\"孤儿\""
    " amount=\"50000\"/>"
    "<category name=\"低保\" count=\"1\" amount=\"100000\"/>"
    "</subsidies>"
    "<findings><finding file=\"x\" line=\"1\">y</finding></findings>"
    "</period></unit>";

/* Attribute a of the first element matching the XPath-free walk. */
static char *
get(xmlNodePtr n, const char *a)
{
	xmlChar	*v = xmlGetProp(n, (const xmlChar *)a);
	char	*s = v != NULL ? xstrdup((const char *)v) : NULL;

	xmlFree(v);
	return s;
}

static xmlNodePtr
elem(xmlNodePtr parent, const char *name)
{
	xmlNodePtr	 n;

	for (n = parent->children; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)n->name, name) == 0)
			return n;
	return NULL;
}

/* The public view of a small private document, and its line map. */
static void
test_derive(void)
{
	xmlDocPtr	 priv, pub;
	xmlNodePtr	 root, pe, row, sub;
	struct policy_lines *L;
	struct unit	 u;
	xmlChar		*txt;
	char		*s;

	memset(&u, 0, sizeof(u));
	priv = xmlReadMemory(privdoc, (int)strlen(privdoc), "p.xml", "UTF-8",
	    XML_PARSE_NONET);
	pub = policy_public(priv, &u, &L);
	root = xmlDocGetRootElement(pub);
	T_STR("derive: root says public", s = get(root, "view"), "public");
	free(s);
	txt = xmlNodeGetContent(elem(root, "intro"));
	T_STR("derive: text masked", (const char *)txt, "联系 139****5678");
	xmlFree(txt);
	pe = elem(root, "period");
	T_OK("derive: no sources, no findings", elem(pe, "sources") == NULL &&
	    elem(pe, "findings") == NULL && elem(pe, "ledger") != NULL);
	row = elem(elem(pe, "ledger"), "row");
	T_OK("derive: no line on the row", xmlHasProp(row,
	    (const xmlChar *)"line") == NULL);
	T_INT("derive: its line in the map", policy_line(L, row), 7);
	T_INT("derive: no line for the period", policy_line(L, pe), 0);
	T_STR("derive: memo masked", s = get(row, "memo"), "退费 139****5678");
	free(s);
	T_STR("derive: staff whole", s = get(row, "handler"), "刘晓梅");
	free(s);
	sub = elem(pe, "subsidies");
	row = elem(sub, "row");
	T_OK("derive: private columns and id-shown left out",
	    xmlHasProp(row, (const xmlChar *)"student") == NULL &&
	    xmlHasProp(row, (const xmlChar *)"id_number") == NULL &&
	    xmlHasProp(row, (const xmlChar *)"phone") == NULL &&
	    xmlHasProp(row, (const xmlChar *)"id-shown") == NULL);
	T_STR("derive: person masked", s = get(row, "name"), "邓*怡");
	free(s);
	T_STR("derive: category becomes the aid level",
	    s = get(row, "category"), "一档");
	free(s);
	T_STR("derive: level totals", s = get(elem(sub, "category"), "name"),
	    "一档");
	free(s);
	T_INT("derive: private document untouched", policy_line(L,
	    xmlDocGetRootElement(priv)), 0);
	policy_lines_free(L);
	xmlFreeDoc(pub);
	u.subsidy_category = 1;
	pub = policy_public(priv, &u, NULL);
	row = elem(elem(elem(xmlDocGetRootElement(pub), "period"),
	    "subsidies"), "row");
	T_STR("derive: subsidy_category keeps the category",
	    s = get(row, "category"), "低保");
	free(s);
	T_OK("derive: ... and still no private column",
	    xmlHasProp(row, (const xmlChar *)"id_number") == NULL);
	xmlFreeDoc(pub);
	xmlFreeDoc(priv);
}

/* A document as XML text, to compare two documents byte for byte. */
static char *
dump(xmlDocPtr doc)
{
	xmlChar	*mem;
	char	*s;
	int	 len;

	xmlDocDumpMemoryEnc(doc, &mem, &len, "UTF-8");
	s = strdup((const char *)mem);
	xmlFree(mem);
	return s;
}

/*
 * policy_public_take turns the private document itself into the public
 * view: the same bytes and line map as policy_public's copy, while
 * policy_public leaves the private document as it was.
 */
static void
test_take(void)
{
	xmlDocPtr	 priv, pub, took;
	struct policy_lines *L, *K;
	struct unit	 u;
	char		*before, *after, *a, *b;

	memset(&u, 0, sizeof(u));
	priv = xmlReadMemory(privdoc, (int)strlen(privdoc), "p.xml", "UTF-8",
	    XML_PARSE_NONET);
	before = dump(priv);
	pub = policy_public(priv, &u, &L);
	T_STR("take: policy_public leaves the private view", after = dump(priv),
	    before);
	took = policy_public_take(priv, &u, &K);
	T_OK("take: the same document, made public", took == priv);
	T_STR("take: same bytes as the copy", b = dump(took), a = dump(pub));
	T_INT("take: its own line map", policy_line(K, elem(elem(elem(
	    xmlDocGetRootElement(took), "period"), "ledger"), "row")), 7);
	free(before);
	free(after);
	free(a);
	free(b);
	policy_lines_free(L);
	policy_lines_free(K);
	xmlFreeDoc(pub);
	xmlFreeDoc(took);
}

/* Which view and folder each output gets. */
static void
test_publish(void)
{
	const struct publish *o;
	int	 leak = 0;

	o = policy_output(OUT_SITE, NULL);
	T_OK("publish: site public in site/", o->view == POLICY_PUBLIC &&
	    strcmp(o->dir, "site") == 0);
	o = policy_output(OUT_PDF, "summary");
	T_OK("publish: summary public, in the site and the bag",
	    o->view == POLICY_PUBLIC && strcmp(o->dir, "pdf") == 0 &&
	    o->site && o->bag);
	o = policy_output(OUT_PDF, "audit");
	T_OK("publish: audit private, bagged", o->view == POLICY_PRIVATE &&
	    strcmp(o->dir, "private") == 0 && !o->site && o->bag);
	o = policy_output(OUT_PDF, "anything-else");
	T_OK("publish: an unnamed PDF is private", o->view == POLICY_PRIVATE &&
	    strcmp(o->dir, "private") == 0 && !o->site);
	T_OK("publish: workbook and model private",
	    policy_output(OUT_BOOK, NULL)->view == POLICY_PRIVATE &&
	    policy_output(OUT_MODEL, NULL)->view == POLICY_PRIVATE);
	for (o = policy_outputs; o->dir != NULL; o++)
		leak += (o->view == POLICY_PRIVATE) != (strcmp(o->dir, "site")
		    != 0 && strcmp(o->dir, "pdf") != 0) || (o->site &&
		    o->view != POLICY_PUBLIC);
	T_INT("publish: private outputs only in private folders", leak, 0);
}

int
main(void)
{
	test_columns();
	test_rules();
	test_apply();
	test_mask();
	test_derive();
	test_take();
	test_publish();
	xmlCleanupParser();
	return t_failed != 0;
}
