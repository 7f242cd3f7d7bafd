/*
 * HTML templates and the XPath functions: each directive, nesting,
 * includes, escaping of hostile data, safe Markdown, exact money
 * formatting, and the messages for broken templates.  Fixtures are in
 * tests/tmpl/; the unit runs from the top of the tree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>

#include "diag.h"
#include "tmpl.h"
#include "util.h"
#include "xpfn.h"
#include "t.h"

#define DIR	"tests/tmpl"

static const char model_xml[] =
    "<unit name=\"阳光小学\" hotline=\"12345\">"
    "<period name=\"2023-autumn\" link=\"  JavaScript:alert(1)\">"
    "<summary># 总结\n\n本学期 &lt;script&gt;alert(1)&lt;/script&gt; 完成。\n\n"
    "&lt;img src=x onerror=alert(1)&gt;\n\n"
    "[点我](javascript:alert(1)) 和 [官网](https://example.cn/)</summary>"
    "<ledger total=\"44939468393\">"
    "<entry date=\"2023-09-01\" voucher=\"记-001 &amp;amp;\" expense=\"123456\""
    " memo=\"&lt;script&gt;alert(1)&lt;/script&gt;\"/>"
    "<entry date=\"2023-09-02\" income=\"50000\" memo=\"办公用品\""
    " voucher=\"&quot;'&gt;&lt;img src=x onerror=alert(1)&gt;\"/>"
    "</ledger>"
    "<fees><fee name=\"伙食费\" collected=\"19\" due=\"20\"/></fees>"
    "<group name=\"A\"><item v=\"1\"/><item v=\"2\"/></group>"
    "<group name=\"B\"><item v=\"3\"/></group>"
    "</period></unit>";

static xmlDocPtr model;

/* The variables the test templates may use; "unset" never gets a value. */
static const char *const page_vars[] = {
	"base", "period", "root", "unset", NULL
};

static void
quiet(void *arg, xmlErrorPtr e)
{
	(void)arg;
	(void)e;
}

/* Evaluate expr against the model with the xpfn functions; caller frees. */
static char *
xp(const char *expr)
{
	xmlXPathContextPtr	 ctx;
	xmlXPathObjectPtr	 o;
	char			*s;

	ctx = xmlXPathNewContext(model);
	ctx->error = quiet;
	xpfn_register(ctx);
	ctx->node = xmlDocGetRootElement(model);
	o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	s = o == NULL ? xstrdup("(error)") :
	    (char *)xmlXPathCastToString(o);
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	return s;
}

static void
t_xpstr(const char *expr, const char *want)
{
	char	*got = xp(expr);

	T_STR(expr, got, want);
	free(got);
}

static void
test_xpfn(void)
{
	t_xpstr("money(44939468393)", "449,394,683.93");
	t_xpstr("money(period/ledger/@total)", "449,394,683.93");
	t_xpstr("money(sum(period/ledger/entry/@expense))", "1,234.56");
	t_xpstr("money('-50')", "-0.50");
	t_xpstr("money(' 7 ')", "0.07");
	t_xpstr("money(@missing)", "");
	t_xpstr("money(number('1,234'))", "");
	t_xpstr("money(0 div 0)", "");
	t_xpstr("money(1.5)", "");
	t_xpstr("money('12.5')", "");
	t_xpstr("money('abc')", "");
	t_xpstr("money(9007199254740992)", "");
	t_xpstr("money('123456789012345678')", "1,234,567,890,123,456.78");
	t_xpstr("money('1234567890123456789')", "");
	t_xpstr("money(true())", "");
	t_xpstr("money(period/ledger/entry/@expense)", "1,234.56");
	t_xpstr("money-cn(1234567)", "人民币壹万贰仟叁佰肆拾伍元陆角柒分");
	t_xpstr("money-cn('10000')", "人民币壹佰元整");
	t_xpstr("money-cn(@missing)", "");
	t_xpstr("date('2023-09-01')", "2023年9月1日");
	t_xpstr("date(period/ledger/entry[2]/@date)", "2023年9月2日");
	t_xpstr("date(@missing)", "");
	t_xpstr("date('2023-13-01')", "");
	t_xpstr("percent(19, 20)", "95.0%");
	t_xpstr("percent(period/fees/fee/@collected, period/fees/fee/@due)",
	    "95.0%");
	t_xpstr("percent(1, 0)", "—");
	t_xpstr("percent(@missing, 20)", "");
	t_xpstr("qty(12500)", "12.5");
	t_xpstr("qty(@missing)", "");
	t_xpstr("money(1, 2)", "(error)");
}

/* Each finding as the printer writes it, one per line. */
static char *
findings(const struct diag *d)
{
	char	*s = NULL;
	size_t	 n = 0, i;
	FILE	*fp;

	fp = open_memstream(&s, &n);
	for (i = 0; i < d->n; i++) {
		diag_print1(&d->v[i], fp);
		fputc('\n', fp);
	}
	fclose(fp);
	return s;
}

/* data-call="chart": a bar for the fee's collection rate. */
static int
chart(void *arg, xmlNodePtr ctx, xmlNodePtr elem, struct buf *why)
{
	xmlNodePtr	 svg, rect;
	xmlChar		*v;

	(void)arg;
	(void)why;
	v = xmlGetProp(ctx, BAD_CAST "collected");
	svg = xmlNewChild(elem, NULL, BAD_CAST "svg", NULL);
	xmlSetProp(svg, BAD_CAST "viewBox", BAD_CAST "0 0 20 1");
	rect = xmlNewChild(svg, NULL, BAD_CAST "rect", NULL);
	xmlSetProp(rect, BAD_CAST "width", v);
	xmlFree(v);
	return 0;
}

static int
broken(void *arg, xmlNodePtr ctx, xmlNodePtr elem, struct buf *why)
{
	(void)arg;
	(void)ctx;
	(void)elem;
	buf_adds(why, "no data here");
	return -1;
}

/* A hook that fails without a reason. */
static int
mute(void *arg, xmlNodePtr ctx, xmlNodePtr elem, struct buf *why)
{
	(void)arg;
	(void)ctx;
	(void)elem;
	(void)why;
	return -1;
}

/* Number of nodes expr selects in the reparsed output. */
static int
count_in(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr	 ctx;
	xmlXPathObjectPtr	 o;
	int			 n;

	ctx = xmlXPathNewContext(doc);
	o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	n = o == NULL ? -1 : (int)xmlXPathCastToNumber(o);
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	return n;
}

static char *
slurp(const char *path)
{
	size_t	 len;
	char	*s;

	if ((s = file_read(path, &len)) == NULL)
		return xstrdup("");
	return s;
}

/* The page as the directives make it, judged on the reparsed output. */
static void
check_page(const char *html)
{
	xmlDocPtr	 doc;

	T_OK("page: starts with doctype",
	    strncmp(html, "<!DOCTYPE html>\n", 16) == 0);
	T_OK("page: hanzi stay UTF-8", strstr(html, "<h1 title=\"学校\">阳光小学</h1>") != NULL);
	T_OK("page: no character references", strstr(html, "&#") == NULL);
	T_OK("page: script in data is text",
	    strstr(html, "<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>") != NULL);
	T_OK("page: quote in data is text",
	    strstr(html, "<td>\"'&gt;&lt;img src=x onerror=alert(1)&gt;</td>") != NULL);
	T_OK("page: entity in data stays text",
	    strstr(html, "<td>记-001 &amp;amp;</td>") != NULL &&
	    strstr(html, "data-voucher=\"记-001 &amp;amp;\"") != NULL);
	T_OK("page: quote in attribute escaped",
	    strstr(html, "data-voucher=\"&quot;'&gt;&lt;img src=x onerror=alert(1)&gt;\"") != NULL);
	T_OK("page: script in attribute escaped",
	    strstr(html, "title=\"&lt;script&gt;alert(1)&lt;/script&gt;\"") != NULL);
	T_OK("page: money exact", strstr(html, "<p class=\"total\">449,394,683.93</p>") != NULL);
	T_OK("page: missing money empty", strstr(html, "<p class=\"none\"></p>") != NULL);
	T_OK("page: nested each",
	    strstr(html, "<li data-n=\"2\"><b>A</b>: <span>1/2=1</span><span>2/2=2</span> outer <i>1</i></li>") != NULL &&
	    strstr(html, "<li data-n=\"2\"><b>B</b>: <span>1/1=3</span> outer <i>2</i></li>") != NULL);
	T_OK("page: include and variables",
	    strstr(html, "<body>\n<a href=\"../index.html\">首页</a> <span>2023-autumn</span>\n") != NULL);
	T_OK("page: head partial",
	    strstr(html, "<link rel=\"icon\" href=\"../favicon.ico\">\n\n</head>") != NULL);
	T_OK("page: other data-* kept",
	    strstr(html, "<p data-keep=\"yes\" data-textual=\"x\">") != NULL);
	T_OK("page: markdown rendered",
	    strstr(html, "<h1>总结</h1>") != NULL &&
	    strstr(html, "<a href=\"https://example.cn/\">官网</a>") != NULL);
	doc = htmlReadMemory(html, (int)strlen(html), NULL, "UTF-8",
	    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	T_INT("page: no script element", count_in(doc, "count(//script)"), 0);
	T_INT("page: no img from data", count_in(doc, "count(//img)"), 0);
	T_INT("page: no event handler", count_in(doc, "count(//@*[starts-with(name(), 'on')])"), 0);
	T_INT("page: no javascript: link", count_in(doc,
	    "count(//@href[contains(translate(., 'JAVSCRIPT', 'javscript'), 'javascript')])"), 0);
	T_INT("page: no directive left", count_in(doc,
	    "count(//@*[starts-with(name(), 'data-') and name() != 'data-keep' and name() != 'data-textual' and name() != 'data-n' and name() != 'data-voucher'])"), 0);
	T_INT("page: data-if false removed", count_in(doc, "count(//p[. = 'never shown'])"), 0);
	T_INT("page: data-if true kept", count_in(doc, "count(//p[span = '12345'])"), 1);
	T_INT("page: each rows", count_in(doc, "count(//tr[@id])"), 2);
	T_INT("page: hook output", count_in(doc, "count(//figure/svg/rect[@width = '19'])"), 1);
	T_INT("page: markdown raw html dropped", count_in(doc,
	    "count(//div[@class = 'summary']//comment()[contains(., 'raw HTML omitted')])"), 3);
	xmlFreeDoc(doc);
}

static void
test_page(void)
{
	struct tmpl_set	*s;
	struct tmpl	*t, *t2;
	struct diag	 d;
	struct buf	 out = { NULL, 0, 0 };
	struct xpfn_var	 vars[3];
	xmlNodePtr	 period;
	char		*want, *f;

	diag_init(&d);
	s = tmpl_set_new(DIR "/", page_vars);
	tmpl_set_hook(s, "chart", chart, NULL);
	t = tmpl_load(s, "page.html", &d);
	T_OK("page: loads", t != NULL && d.n == 0);
	t2 = tmpl_load(s, "page.html", &d);
	T_OK("page: loaded once", t2 == t);
	period = xmlDocGetRootElement(model)->children;
	vars[0] = (struct xpfn_var){ "base", "../", NULL, NULL, 0 };
	vars[1] = (struct xpfn_var){ "period", "2023-autumn", NULL, NULL, 0 };
	vars[2] = (struct xpfn_var){ "root", NULL, (xmlNodePtr)model, NULL, 0 };
	T_INT("page: renders", tmpl_render(t, model, period, vars, 3, &out,
	    &d), 0);
	f = findings(&d);
	T_STR("page: unsafe URL warning", f,
	    "tests/tmpl/page.html:23: 警告: 不安全的网址 \"  JavaScript:alert(1)\" 已从 href 中删除 [template]\n");
	free(f);
	check_page(out.s);
	want = slurp(DIR "/page.expect");
	T_STR("page: golden", out.s, want);
	if (getenv("REGEN") != NULL && strcmp(out.s, want) != 0) {
		FILE *fp = fopen(DIR "/page.expect", "w");
		fputs(out.s, fp);
		fclose(fp);
	}
	free(want);
	buf_reset(&out);
	T_INT("page: renders twice", tmpl_render(t, model, period, vars, 3,
	    &out, &d), 0);
	want = slurp(DIR "/page.expect");
	T_STR("page: second render identical", out.s, want);
	free(want);
	buf_free(&out);
	diag_free(&d);
	tmpl_set_free(s);
}

static void
test_errors(void)
{
	struct tmpl_set	*s;
	struct diag	 d;
	char		*f;

	diag_init(&d);
	s = tmpl_set_new(DIR, page_vars);
	T_OK("errors: load fails", tmpl_load(s, "errors.html", &d) == NULL);
	f = findings(&d);
	T_STR("errors: messages", f,
	    "tests/tmpl/errors.html:5: 错误: XPath 表达式 \"foo[\" 写法有误 [template]\n"
	    "tests/tmpl/errors.html:6: 错误: \"nosuch(1)\" 中的 \"nosuch\" 没有定义:没有这个函数 [template]\n"
	    "tests/tmpl/errors.html:7: 错误: 没有 \"missing.html\" 这个片段模板;请检查模板文件夹里是否有它 [template]\n"
	    "tests/tmpl/errors.html:8: 错误: 没有 \"nohook\" 这个 data-call [template]\n"
	    "tests/tmpl/errors.html:9: 错误: data-each 的表达式 \"1 + 1\" 选不出节点;请写一个选出元素的路径 [template]\n"
	    "tests/tmpl/errors.html:10: 错误: data-text 不能用在 <script> 里 [template]\n"
	    "tests/tmpl/errors.html:11: 错误: data-attr-onclick: 事件处理属性(on…)不能填数据 [template]\n"
	    "tests/tmpl/errors.html:12: 错误: 一个元素只能有 data-text、data-markdown、data-call 中的一个;请分开写在不同元素上 [template]\n"
	    "tests/tmpl/errors.html:13: 错误: 模板名 \"../etc/passwd\" 不合规 [template]\n"
	    "tests/tmpl/errors.html:14: 错误: XPath 表达式 \"concat('a', count('x'))\" 出错: 类型不对 [template]\n"
	    "tests/tmpl/errors.html:15: 错误: 没有 \"missing.html\" 这个片段模板;请检查模板文件夹里是否有它 [template]\n"
	    "tests/tmpl/errors.html:16: 错误: \"@x and nosuch()\" 中的 \"nosuch\" 没有定义:没有这个函数 [template]\n"
	    "tests/tmpl/errors.html:17: 错误: \"false() and concat('a', $nope)\" 中的 \"$nope\" 没有定义:没有这个变量 [template]\n"
	    "tests/tmpl/errors.html:18: 错误: data-attr-srcdoc: srcdoc(整页文档)不能填数据 [template]\n"
	    "tests/tmpl/errors.html:19: 错误: data-attr-style: style(CSS)不能填数据 [template]\n"
	    "tests/tmpl/errors.html:20: 错误: data-attr-onmouseover: 事件处理属性(on…)不能填数据 [template]\n");
	free(f);
	T_OK("errors: failure remembered", tmpl_load(s, "errors.html", &d) == NULL && d.n == 16);
	diag_free(&d);

	diag_init(&d);
	T_OK("cycle: load fails", tmpl_load(s, "cycle-a.html", &d) == NULL);
	f = findings(&d);
	T_STR("cycle: message", f,
	    "tests/tmpl/cycle-b.html:3: 错误: 模板互相引用成环: cycle-a.html -> cycle-b.html -> cycle-a.html [template]\n");
	free(f);
	diag_free(&d);

	diag_init(&d);
	T_OK("missing template", tmpl_load(s, "nosuch.html", &d) == NULL);
	f = findings(&d);
	T_STR("missing template: message", f,
	    "tests/tmpl/nosuch.html: 错误: 无法读取模板: 没有这个文件或文件夹,请检查路径 [template]\n");
	free(f);
	diag_free(&d);
	tmpl_set_free(s);
}

static void
test_runtime(void)
{
	struct tmpl_set	*s;
	struct tmpl	*t;
	struct diag	 d;
	struct buf	 out = { NULL, 0, 0 };
	char		*f;

	diag_init(&d);
	s = tmpl_set_new(DIR, page_vars);
	tmpl_set_hook(s, "broken", broken, NULL);
	tmpl_set_hook(s, "mute", mute, NULL);
	t = tmpl_load(s, "runtime.html", &d);
	T_OK("runtime: loads", t != NULL);
	T_INT("runtime: render fails", t == NULL ? 0 :
	    tmpl_render(t, model, NULL, NULL, 0, &out, &d), -1);
	T_OK("runtime: nothing written", out.len == 0);
	f = findings(&d);
	T_STR("runtime: message", f,
	    "tests/tmpl/runtime.html:4: 错误: XPath 表达式 \"$unset\" 出错: 变量未定义 [template]\n");
	free(f);
	diag_free(&d);
	diag_init(&d);
	t = tmpl_load(s, "hookfail.html", &d);
	T_INT("hook: failure", t == NULL ? 0 :
	    tmpl_render(t, model, NULL, NULL, 0, &out, &d), -1);
	f = findings(&d);
	T_STR("hook: one finding, with the hook's reason", f,
	    "tests/tmpl/hookfail.html:3: 错误: data-call \"broken\" 出错: no data here [template]\n");
	free(f);
	diag_free(&d);
	diag_init(&d);
	t = tmpl_load(s, "hookmute.html", &d);
	T_INT("hook: failure without a reason", t == NULL ? 0 :
	    tmpl_render(t, model, NULL, NULL, 0, &out, &d), -1);
	f = findings(&d);
	T_STR("hook: message without a reason", f,
	    "tests/tmpl/hookmute.html:3: 错误: data-call \"mute\" 出错 [template]\n");
	free(f);
	diag_free(&d);
	buf_free(&out);
	tmpl_set_free(s);
}

/*
 * URL attributes: other schemes and protocol-relative URLs ("//host",
 * which browsers also read from "\\host" and "/\\host") are emptied
 * with a warning, as is a scheme too long to be known; paths on the
 * site (however long their first part) and http(s) URLs are kept.
 */
static void
test_urls(void)
{
	struct tmpl_set	*s;
	struct tmpl	*t;
	struct diag	 d;
	struct buf	 out = { NULL, 0, 0 };
	char		*f;

	diag_init(&d);
	s = tmpl_set_new(DIR, NULL);
	t = tmpl_load(s, "urls.html", &d);
	T_OK("urls: loads", t != NULL && d.n == 0);
	T_INT("urls: renders", t == NULL ? -1 :
	    tmpl_render(t, model, NULL, NULL, 0, &out, &d), 0);
	f = findings(&d);
	T_STR("urls: warnings", f,
	    "tests/tmpl/urls.html:3: 警告: 不安全的网址 \"//evil.example/x\" 已从 href 中删除 [template]\n"
	    "tests/tmpl/urls.html:4: 警告: 不安全的网址 \" /\\evil.example/x\" 已从 href 中删除 [template]\n"
	    "tests/tmpl/urls.html:5: 警告: 不安全的网址 \"\\\\evil.example\" 已从 href 中删除 [template]\n"
	    "tests/tmpl/urls.html:6: 警告: 不安全的网址 \"//evil.example/i.png\" 已从 src 中删除 [template]\n"
	    "tests/tmpl/urls.html:10: 警告: 不安全的网址 \"\\x09/\\x0a/evil.example\" 已从 href 中删除 [template]\n"
	    "tests/tmpl/urls.html:12: 警告: 不安全的网址 \"averyveryverylongscheme:x\" 已从 href 中删除 [template]\n");
	free(f);
	T_OK("urls: kept", out.s != NULL &&
	    strstr(out.s, "<a href=\"/index.html\">7</a>") != NULL &&
	    strstr(out.s, "<a href=\"../index.html\">8</a>") != NULL &&
	    strstr(out.s, "<a href=\"https://example.cn/\">9</a>") != NULL &&
	    strstr(out.s, "<a href=\"finance-2023-autumn.html\">11</a>") != NULL);
	T_OK("urls: emptied", out.s != NULL &&
	    strstr(out.s, "<a href=\"\">1</a>") != NULL &&
	    strstr(out.s, "<a href=\"\">2</a>") != NULL &&
	    strstr(out.s, "<a href=\"\">3</a>") != NULL &&
	    strstr(out.s, "evil") == NULL);
	buf_free(&out);
	diag_free(&d);
	tmpl_set_free(s);
}

int
main(void)
{
	const char	*top;

	if ((top = getenv("TOP")) != NULL && chdir(top) != 0) {
		perror(top);
		return 1;
	}
	xmlInitParser();
	model = xmlReadMemory(model_xml, sizeof(model_xml) - 1, NULL, NULL,
	    XML_PARSE_NONET);
	test_xpfn();
	test_page();
	test_errors();
	test_runtime();
	test_urls();
	xmlFreeDoc(model);
	xmlCleanupParser();
	return t_failed != 0;
}
