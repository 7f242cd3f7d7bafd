/*
 * PDF layout templates: the findings for broken templates (file, line,
 * message), the return values of a run, and the source labels that
 * reach the engine's findings: data file and line from the document
 * itself or from a second (private) document, the template's own line
 * for its literal text.  Output PDFs are judged by real tools in
 * tests/layout.test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "diag.h"
#include "layout.h"
#include "model.h"
#include "policy.h"
#include "util.h"
#include "t.h"

static char	 dir[] = "/tmp/test_layout.XXXXXX";

/* A model document in the shape of tree.h; line= only when lines. */
static xmlDocPtr
model(int lines, const char *item)
{
	char		*s;
	xmlDocPtr	 doc;

	s = xasprintf("<unit name=\"青山路小学\" hotline=\"123\">"
	    "<period name=\"2023-autumn\" title=\"总结\" date=\"2024-01-20\">"
	    "<totals income=\"120000\"/>"
	    "<fees file=\"fees.csv\" collected=\"4500\">"
	    "<row %s item=\"伙食费\" standard=\"90000\"/>"
	    "<row %s item=\"%s\" standard=\"3550\"/>"
	    "</fees>"
	    "<accounts><account name=\"办公费\" expense=\"8600\"/></accounts>"
	    "</period></unit>", lines ? "line=\"2\"" : "",
	    lines ? "line=\"3\"" : "", item);
	doc = xmlReadMemory(s, (int)strlen(s), "model.xml", "UTF-8",
	    XML_PARSE_NONET);
	free(s);
	return doc;
}

static char *
write_tmpl(const char *name, const char *body)
{
	char	*path = xasprintf("%s/%s", dir, name);
	FILE	*fp = fopen(path, "w");

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", fp);
	fputs(body, fp);
	fclose(fp);
	return path;
}

/* Load body as a template; the first finding's "line: message". */
static char *
load_msg(const char *body)
{
	struct diag	 d;
	struct layout	*L;
	char		*path = write_tmpl("t.xml", body), *s;

	diag_init(&d);
	L = layout_load(path, &d);
	if (L != NULL)
		s = xstrdup("loaded");
	else if (d.n == 0)
		s = xstrdup("no finding");
	else
		s = xasprintf("%d: %s", d.v[0].line, d.v[0].msg);
	layout_free(L);
	diag_free(&d);
	free(path);
	return s;
}

static void
test_load(void)
{
	static const struct {
		const char	*name, *body, *want;
	} c[] = {
	{ "layout: root", "<doc/>\n",
	    "2: 根元素必须是 <document>" },
	{ "layout: unknown element", "<document>\n<para/>\n</document>\n",
	    "3: 没有 <para> 这个元素" },
	{ "layout: unknown attribute (line of the tag's end)",
	    "<document>\n<p\n colour=\"x\">a</p></document>\n",
	    "4: <p> 没有 \"colour\" 这个属性" },
	{ "layout: bad xpath", "<document>\n<p>{1 +}</p></document>\n",
	    "3: XPath 表达式 \"1 +\" 写法有误" },
	{ "layout: unknown function", "<document>\n\n<p>{rmb(1)}</p>"
	    "</document>\n", "4: \"rmb(1)\" 中的 \"rmb\" 没有定义:没有这个函数" },
	{ "layout: unknown function behind and", "<document>\n<p if=\""
	    "false() and nope(1)\">a</p></document>\n",
	    "3: \"false() and nope(1)\" 中的 \"nope\" 没有定义:没有这个函数" },
	{ "layout: unknown variable", "<document>\n<p>{$x}</p>"
	    "</document>\n", "3: \"$x\" 中的 \"$x\" 没有定义:没有这个变量" },
	{ "layout: unknown variable behind or", "<document>\n<p if=\""
	    "true() or $x = 1\">a</p></document>\n",
	    "3: \"true() or $x = 1\" 中的 \"$x\" 没有定义:没有这个变量" },
	{ "layout: type error in a trial", "<document>\n<p>{count(1)}</p>"
	    "</document>\n", "3: XPath 表达式 \"count(1)\" 出错: "
	    "类型不对" },
	{ "layout: for-each needs nodes", "<document>\n<for-each select="
	    "\"1\"/></document>\n", "3: 表达式 \"1\" 选不出节点;请写一个选出元素的路径" },
	{ "layout: column outside table", "<document>\n<column select=\"1\"/>"
	    "</document>\n", "3: <column> 不能出现在文档正文里" },
	{ "layout: text outside p", "<document>\n\n 正文</document>\n",
	    "4: 文档正文里不能直接写文字;请放进 <p>" },
	{ "layout: unmatched brace", "<document><p>a } b</p></document>\n",
	    "2: 文字中的 \"}\" 没有配对;要写 } 本身请写 \"}}\"" },
	{ "layout: bad choice", "<document><list type=\"dots\"/></document>\n",
	    "2: <list type=\"dots\">: 应为 bullet|numbered" },
	{ "layout: not well-formed", "<document>\n<p>a\n</document>\n",
	    "4: 模板不是合规的 XML: Opening and ending tag mismatch: p line 3 and document" },
	{ "layout: entity", "<!DOCTYPE document [<!ENTITY e \"x\">]>\n"
	    "<document><p>&e;</p></document>\n", "3: 没有 &e; 这个实体;请直接写字符" },
	{ "layout: good", "<document title=\"{/unit/@name}\" margin=\"20 15\">"
	    "<p>{{{money(1)}}}</p><table select=\"x\"><column select=\"@a\""
	    " width=\"20mm\"/><row><cell>合计</cell></row></table></document>\n",
	    "loaded" },
	};
	size_t	 i;
	char	*s;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		s = load_msg(c[i].body);
		T_STR(c[i].name, s, c[i].want);
		free(s);
	}
}

/* Find the first finding with code; NULL if none. */
static const struct finding *
finding(const struct diag *d, const char *code)
{
	size_t	 i;

	for (i = 0; i < d->n; i++)
		if (d->v[i].code != NULL && strcmp(d->v[i].code, code) == 0)
			return &d->v[i];
	return NULL;
}

static const char body[] =
    "<document title=\"{/unit/@name}\" if=\"fees\">\n"
    "<heading level=\"1\" align=\"center\">{/unit/@name}收费公示</heading>\n"
    "<table select=\"fees/row\">\n"
    "<column header=\"项目\" select=\"@item\"/>\n"
    "<column header=\"标准\" align=\"right\" select=\"money(@standard)\"/>\n"
    "</table>\n"
    "<p>实收 <value select=\"money(fees/@collected)\"/> 元</p>\n"
    "</document>\n";

/* Run the template above; the finding with code, as "file:line". */
static char *
run_label(xmlDocPtr doc, const struct policy_lines *lines, const char *tbody,
    int *rc)
{
	struct layout_env	 env = { "data", lines, 0, 0, NULL, 0, NULL };
	struct diag		 d;
	const struct finding	*f;
	char			*path = write_tmpl("run.xml", tbody), *out, *s;

	out = xasprintf("%s/out.pdf", dir);
	unlink(out);
	diag_init(&d);
	*rc = layout_render(path, doc, xmlDocGetRootElement(doc)->children,
	    &env, out, &d);
	if ((f = finding(&d, "pdf.unshowable-char")) == NULL)
		s = xstrdup("none");
	else
		s = xasprintf("%s:%d", f->file, f->line);
	diag_free(&d);
	free(out);
	free(path);
	return s;
}

static void
test_run(void)
{
	xmlDocPtr	 pub = model(0, "作业本费"), priv = model(1, "作业本费");
	xmlDocPtr	 odd = model(0, "作业𠮷本"), oddpriv = model(1, "作业𠮷本");
	xmlDocPtr	 derived;
	struct policy_lines *map;
	struct unit	 unit;
	struct stat	 st;
	char		*s, *out = xasprintf("%s/out.pdf", dir);
	int		 rc;

	memset(&unit, 0, sizeof(unit));
	s = run_label(pub, NULL, body, &rc);
	T_INT("layout: run succeeds", rc, 0);
	T_OK("layout: run writes the file", stat(out, &st) == 0 &&
	    st.st_size > 1000);
	T_STR("layout: no unshowable character", s, "none");
	free(s);

	s = run_label(odd, NULL, body, &rc);
	T_STR("layout: label without lines", s, "data/2023-autumn/fees.csv:0");
	free(s);
	s = run_label(oddpriv, NULL, body, &rc);
	T_STR("layout: label with the row's line", s,
	    "data/2023-autumn/fees.csv:3");
	free(s);
	derived = policy_public(oddpriv, &unit, &map);
	s = run_label(derived, map, body, &rc);
	T_STR("layout: line from the public view's line map", s,
	    "data/2023-autumn/fees.csv:3");
	free(s);
	xmlFreeDoc(derived);
	policy_lines_free(map);
	s = run_label(pub, NULL, "<document>\n<p>{/unit/@name}\n"
	    "吉𠮷</p></document>\n", &rc);
	T_OK("layout: template text label names the template",
	    strstr(s, "/run.xml") != NULL && strcmp(strrchr(s, ':'), ":3")
	    == 0);
	free(s);
	s = run_label(odd, NULL, "<document><p>{/unit/@name}<value select="
	    "\"fees/row[2]/@item\"/></p></document>\n", &rc);
	T_STR("layout: value labelled with its data file", s,
	    "data/2023-autumn/fees.csv:0");
	free(s);

	unlink(out);
	s = run_label(pub, NULL, "<document if=\"ledger\"><p>x</p>"
	    "</document>\n", &rc);
	T_INT("layout: document if= false", rc, 1);
	T_OK("layout: nothing written when if= is false", stat(out, &st) != 0);
	free(s);
	s = run_label(pub, NULL, "<document>\n<chart title=\"x\" select="
	    "\"accounts/account\" label=\"@name\""
	    " value=\"@name\"/></document>\n", &rc);
	T_INT("layout: runtime error fails the run", rc, -1);
	T_OK("layout: nothing written after a runtime error",
	    stat(out, &st) != 0);
	free(s);

	xmlFreeDoc(pub);
	xmlFreeDoc(priv);
	xmlFreeDoc(odd);
	xmlFreeDoc(oddpriv);
	free(out);
}

/*
 * Carry sums that would pass the range of int64_t: one finding at the
 * column, naming the data row where they overflowed; the run fails and
 * writes nothing.
 */
static void
test_overflow(void)
{
	struct layout_env	 env = { "data", NULL, 0, 0, NULL, 0, NULL };
	struct diag		 d;
	struct buf		 b = { NULL, 0, 0 };
	struct stat		 st;
	xmlDocPtr		 doc;
	char			*path, *out;
	int			 i, rc;

	buf_adds(&b, "<unit><period name=\"2023-autumn\">"
	    "<fees file=\"fees.csv\">");
	for (i = 2; i <= 13; i++)
		buf_addf(&b, "<row line=\"%d\" item=\"x\""
		    " standard=\"999999999999999999\"/>", i);
	buf_adds(&b, "</fees></period></unit>");
	doc = xmlReadMemory(b.s, (int)b.len, "model.xml", "UTF-8",
	    XML_PARSE_NONET);
	buf_free(&b);
	path = write_tmpl("sum.xml", "<document>\n<table select=\"fees/row\">\n"
	    "<column header=\"项目\" select=\"@item\"/>\n"
	    "<column header=\"标准\" select=\"money(@standard)\""
	    " sum=\"@standard\"/>\n</table></document>\n");
	out = xasprintf("%s/sum.pdf", dir);
	diag_init(&d);
	rc = layout_render(path, doc, xmlDocGetRootElement(doc)->children,
	    &env, out, &d);
	T_INT("layout: overflowing sums fail the run", rc, -1);
	T_INT("layout: overflow reported once", (int)d.n, 1);
	T_STR("layout: overflow message", d.n > 0 ? d.v[0].msg : "",
	    "合计 \"@standard\" 在 data/2023-autumn/fees.csv:11 处超出可表示的范围");
	T_INT("layout: overflow at the column's line", d.n > 0 ?
	    d.v[0].line : 0, 5);
	T_OK("layout: nothing written after an overflow",
	    stat(out, &st) != 0);
	diag_free(&d);
	xmlFreeDoc(doc);
	free(path);
	free(out);
}

/*
 * layout_publish draws every template even after one fails, so the
 * errors of all are reported; a missing pdf/ folder is no PDFs, one
 * that cannot be read a system error.
 */
static void
test_publish(void)
{
	static const char bad[] = "<document>\n<chart title=\"x\""
	    " select=\"accounts/account\" label=\"@name\" value=\"@name\"/>"
	    "</document>\n";
	xmlDocPtr	 pub = model(0, "作业本费"), priv = model(1, "作业本费");
	struct layout_views V = { pub, NULL, priv };
	struct diag	 d;
	char		*p, *tdir, *stage;
	int		 rc;

	tdir = xasprintf("%s/tpl", dir);
	stage = xasprintf("%s/stage", dir);
	p = xasprintf("%s/pdf", tdir);
	diag_init(&d);
	T_INT("publish: no pdf folder, no PDFs", layout_publish(tdir, "data",
	    &V, stage, 0, &d), 0);
	T_INT("publish: no pdf folder, no findings", (int)d.n, 0);
	mkdir(tdir, 0700);
	free(write_tmpl("tpl/pdf", "x"));
	T_INT("publish: unreadable pdf folder fails",
	    layout_publish(tdir, "data", &V, stage, 0, &d), -1);
	T_INT("publish: ... as a system error (diag.h)", (int)d.system, 1);
	unlink(p);
	mkdir(p, 0700);
	free(write_tmpl("tpl/pdf/a.xml", bad));
	free(write_tmpl("tpl/pdf/b.xml", bad));
	rc = layout_publish(tdir, "data", &V, stage, 0, &d);
	T_INT("publish: runtime errors fail", rc, -1);
	T_OK("publish: every template's errors reported", d.n == 2 &&
	    strstr(d.v[0].file, "/a.xml") != NULL &&
	    strstr(d.v[1].file, "/b.xml") != NULL);
	diag_free(&d);
	xmlFreeDoc(pub);
	xmlFreeDoc(priv);
	free(p);
	free(tdir);
	free(stage);
}

static void
test_view(void)
{
	struct diag	 d;
	struct layout	*L;
	char		*path;

	path = write_tmpl("v.xml", "<document view=\"private\"/>\n");
	diag_init(&d);
	L = layout_load(path, &d);
	T_OK("layout: view= still accepted (the publish table decides)",
	    L != NULL && d.n == 0);
	layout_free(L);
	diag_free(&d);
	free(path);
}

int
main(void)
{
	char	*cmd;

	if (mkdtemp(dir) == NULL) {
		perror(dir);
		return 1;
	}
	test_load();
	test_view();
	test_run();
	test_overflow();
	test_publish();
	cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		t_failed++;
	free(cmd);
	xmlCleanupParser();
	return t_failed != 0;
}
