/*
 * Unit tests for the output layer (output.c, digest.c, bagwrite.c,
 * bagverify.c): digests against published vectors, bags
 * written and verified (and tampered with), file modes whatever the
 * umask, failing writes, and the out/ staging swap.
 */
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"
#include "bag.h"
#include "diag.h"
#include "digest.h"
#include "output.h"
#include "t.h"

static char	 scratch[1024];

/* Remove a tree (no symbolic links are followed). */
static void
rm_rf(const char *p)
{
	struct dirent	*de;
	struct stat	 st;
	DIR		*d;
	char		*sub;

	if (lstat(p, &st) == -1)
		return;
	if (S_ISDIR(st.st_mode) && (d = opendir(p)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			sub = xasprintf("%s/%s", p, de->d_name);
			rm_rf(sub);
			free(sub);
		}
		closedir(d);
	}
	remove(p);
}

/* A path under the scratch folder; valid until the slot is reused. */
static const char *
at(int slot, const char *rel)
{
	static char	*b[8];

	free(b[slot]);
	b[slot] = xasprintf("%s/%s", scratch, rel);
	return b[slot];
}

static char *
slurp(const char *path)
{
	size_t	 len;

	return file_read(path, &len);
}

static int
mode_of(const char *path)
{
	struct stat	 st;

	return lstat(path, &st) == -1 ? -1 : (int)(st.st_mode & 07777);
}

static int
exists(const char *path)
{
	struct stat	 st;

	return lstat(path, &st) == 0;
}

/*
 * Run bag_verify with the report captured as "sunlight verify" prints
 * it; caller frees *report.  The status as main maps it: 0, 1, 3.
 */
static int
verify(const char *bag, char **report)
{
	struct diag	 d;
	size_t		 len, n = 0;
	FILE		*fp = open_memstream(report, &len);
	int		 rc;

	diag_init(&d);
	rc = bag_verify(bag, &d, &n);
	diag_print(&d, fp);
	bag_verify_summary(bag, &d, n, rc, fp);
	fclose(fp);
	if (rc == 0)
		rc = diag_worst(&d) == SEV_ERROR;
	else
		rc = 3;
	diag_free(&d);
	return rc;
}

static void
test_digests(void)
{
	char	 hex[DIGEST_HEX_MAX];
	char	 msg[] = "abc";

	digest_sha256_buf("abc", 3, hex);
	T_STR("sha256 abc", hex,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	digest_sha256_buf("", 0, hex);
	T_STR("sha256 empty", hex,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	T_INT("write abc", out_write(at(0, "abc"), msg, 3, 0), 0);
	T_INT("sha256_file rc", digest_sha256_file(at(0, "abc"), hex), 0);
	T_STR("sha256_file abc", hex,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	T_INT("digest md5 rc", digest_file("md5", at(0, "abc"), hex), 0);
	T_STR("digest md5 abc", hex, "900150983cd24fb0d6963f7d28e17f72");
	digest_file("sha1", at(0, "abc"), hex);
	T_STR("digest sha1 abc", hex, "a9993e364706816aba3e25717850c26c9cd0d89d");
	digest_file("sha512", at(0, "abc"), hex);
	T_STR("digest sha512 abc", hex,
	    "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
	    "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
	T_INT("digest unknown algorithm", digest_file("nope", at(0, "abc"),
	    hex), -2);
	errno = 0;
	T_INT("sha256_file missing", digest_sha256_file(at(0, "none"), hex), -1);
	T_INT("sha256_file missing errno", errno, ENOENT);
}

static const char ledger[] =
    "日期,凭证号,科目,摘要,收入,支出,经办人,审批人\n"
    "2023-09-01,记-001,学费,秋季学费,12345.67,,张三,李四\n";
static const char summary[] = "# 2023 秋季学期工作总结\n电维修共 4545 次。\n";
static const char odd[] = "100% sure\n";

/* The payload of the test bag, deliberately not in manifest order. */
static const struct bag_file files[] = {
	{ "summary.md", summary, sizeof(summary) - 1 },
	{ "2023-autumn/ledger.csv", ledger, sizeof(ledger) - 1 },
	{ "odd%name\nx.txt", odd, sizeof(odd) - 1 },
};
static const struct bag_file files_rev[] = {
	{ "odd%name\nx.txt", odd, sizeof(odd) - 1 },
	{ "2023-autumn/ledger.csv", ledger, sizeof(ledger) - 1 },
	{ "summary.md", summary, sizeof(summary) - 1 },
};

/* The expected manifest, built from the published SHA-256 of each file. */
static char *
expected_manifest(void)
{
	char	 h1[65], h2[65], h3[65];

	digest_sha256_buf(ledger, sizeof(ledger) - 1, h1);
	digest_sha256_buf(odd, sizeof(odd) - 1, h2);
	digest_sha256_buf(summary, sizeof(summary) - 1, h3);
	return xasprintf("%s  data/2023-autumn/ledger.csv\n"
	    "%s  data/odd%%25name%%0Ax.txt\n%s  data/summary.md\n",
	    h1, h2, h3);
}

static void
test_bag_write(void)
{
	char	*s, *want, h[3][65];
	size_t	 i;
	const char *tags[] = { "bag-info.txt", "bagit.txt",
	    "manifest-sha256.txt" };

	umask(0);
	T_INT("bag_write", bag_write(at(0, "bag"), files, 3, "某某学校总务处",
	    1700000000LL), 0);
	umask(022);
	s = slurp(at(0, "bag/bagit.txt"));
	T_STR("bagit.txt", s,
	    "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
	free(s);
	s = slurp(at(0, "bag/bag-info.txt"));
	want = xasprintf("Source-Organization: 某某学校总务处\n"
	    "Bagging-Date: 2023-11-14\nPayload-Oxum: %zu.3\n"
	    "Bag-Software-Agent: sunlight\n",
	    sizeof(ledger) + sizeof(summary) + sizeof(odd) - 3);
	T_STR("bag-info.txt", s, want);
	free(s);
	free(want);
	s = slurp(at(0, "bag/manifest-sha256.txt"));
	want = expected_manifest();
	T_STR("manifest sorted and encoded", s, want);
	free(s);
	free(want);
	s = slurp(at(0, "bag/data/odd%name\nx.txt"));
	T_STR("payload with odd name", s, odd);
	free(s);
	for (i = 0; i < 3; i++) {
		char rel[64];

		snprintf(rel, sizeof(rel), "bag/%s", tags[i]);
		digest_sha256_file(at(1, rel), h[i]);
	}
	want = xasprintf("%s  bag-info.txt\n%s  bagit.txt\n"
	    "%s  manifest-sha256.txt\n", h[0], h[1], h[2]);
	s = slurp(at(0, "bag/tagmanifest-sha256.txt"));
	T_STR("tagmanifest", s, want);
	free(s);
	free(want);
}

static void
test_bag_modes(void)
{
	T_INT("bag dir 0700", mode_of(at(0, "bag")), 0700);
	T_INT("data dir 0700", mode_of(at(0, "bag/data")), 0700);
	T_INT("nested dir 0700", mode_of(at(0, "bag/data/2023-autumn")),
	    0700);
	T_INT("payload 0600", mode_of(at(0, "bag/data/summary.md")), 0600);
	T_INT("tag file 0600", mode_of(at(0, "bag/bagit.txt")), 0600);
	T_INT("manifest 0600", mode_of(at(0, "bag/manifest-sha256.txt")),
	    0600);
}

static void
test_bag_identical(void)
{
	const char *names[] = { "bagit.txt", "bag-info.txt",
	    "manifest-sha256.txt", "tagmanifest-sha256.txt",
	    "data/summary.md", "data/2023-autumn/ledger.csv" };
	char	 a[64], b[64], *x, *y;
	size_t	 i;
	int	 same = 1;

	T_INT("bag_write again", bag_write(at(0, "bag2"), files_rev, 3,
	    "某某学校总务处", 1700000000LL), 0);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(a, sizeof(a), "bag/%s", names[i]);
		snprintf(b, sizeof(b), "bag2/%s", names[i]);
		x = slurp(at(0, a));
		y = slurp(at(1, b));
		if (x == NULL || y == NULL || strcmp(x, y) != 0)
			same = 0;
		free(x);
		free(y);
	}
	T_OK("rewrite byte-identical", same);
	T_INT("bag_write into non-empty dir", bag_write(at(0, "bag2"),
	    files, 3, NULL, 0), -1);
}

static void
test_bag_bad_names(void)
{
	struct bag_file	 f[2] = { { "x", "1", 1 }, { "x", "2", 1 } };
	const char	*bad[] = { "../x", "/abs", "a//b", "a/./b", "", "a/" };
	size_t		 i;
	char		 name[64];
	int		 refused = 1;

	T_INT("duplicate payload name", bag_write(at(0, "dup"), f, 2, NULL,
	    0), -1);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		f[0].name = bad[i];
		snprintf(name, sizeof(name), "bad%zu", i);
		if (bag_write(at(0, name), f, 1, NULL, 0) != -1)
			refused = 0;
	}
	T_OK("unsafe payload names refused", refused);
	T_OK("nothing written outside", !exists(at(0, "x")));
}

static void
test_bag_verify(void)
{
	char	*r, *want;
	FILE	*fp;

	T_INT("verify fresh bag", verify(at(0, "bag"), &r), 0);
	want = xasprintf("%s/bag: 3 个文件核验无误\n", scratch);
	T_STR("verify fresh report", r, want);
	free(r);
	free(want);

	fp = fopen(at(0, "bag/data/2023-autumn/ledger.csv"), "r+b");
	fseek(fp, 10, SEEK_SET);
	fputc('X', fp);
	fclose(fp);
	T_INT("verify flipped byte", verify(at(0, "bag"), &r), 1);
	want = xasprintf("%s/bag/data/2023-autumn/ledger.csv: 错误: "
	    "内容与清单不符(sha256:", scratch);
	T_OK("flipped byte reported", strncmp(r, want, strlen(want)) == 0);
	T_OK("flipped byte one problem", strstr(r, "bag: 1 处错误;") != NULL);
	free(r);
	free(want);

	unlink(at(0, "bag/data/summary.md"));
	T_INT("verify deleted file", verify(at(0, "bag"), &r), 1);
	want = xasprintf("%s/bag/data/summary.md: 错误: 清单列出的文件"
	    "不存在;请从备份恢复 [bag.missing]\n", scratch);
	T_OK("deleted file reported", strstr(r, want) != NULL);
	T_OK("deleted file oxum", strstr(r, "bag-info.txt:3: 错误: Payload-Oxum") !=
	    NULL);
	free(r);
	free(want);

	out_write(at(0, "bag2/data/extra.txt"), "x", 1, 1);
	T_INT("verify added file", verify(at(0, "bag2"), &r), 1);
	want = xasprintf("%s/bag2/data/extra.txt: 错误: 不在清单中;",
	    scratch);
	T_OK("added file reported", strstr(r, want) != NULL);
	free(r);
	free(want);

	unlink(at(0, "bag2/bagit.txt"));
	T_INT("verify without bagit.txt", verify(at(0, "bag2"), &r), 1);
	want = xasprintf("%s/bag2/bagit.txt: 错误: 缺少这个文件;",
	    scratch);
	T_OK("bagit.txt missing once", strstr(r, want) == r &&
	    strstr(r + 1, want) == NULL);
	free(r);
	free(want);
	T_INT("verify no such folder", verify(at(0, "nobag"), &r), 3);
	free(r);
}

/*
 * A bag the way other tools write them: CRLF lines, sha512 only,
 * uppercase hex, md5sum's '*' marker, "./" before the path.
 */
static void
test_foreign_bag(void)
{
	char	 h[DIGEST_HEX_MAX], *m, *r;
	size_t	 i;

	out_write(at(0, "foreign/data/a b.txt"), "hello\r\n", 7, 0);
	out_write(at(0, "foreign/bagit.txt"), "BagIt-Version: 0.97\r\n"
	    "Tag-File-Character-Encoding: UTF-8\r\n", 57, 0);
	digest_file("sha512", at(0, "foreign/data/a b.txt"), h);
	for (i = 0; h[i] != '\0'; i++)
		if (h[i] >= 'a' && h[i] <= 'f')
			h[i] -= 'a' - 'A';
	m = xasprintf("%s *./data/a b.txt\r\n", h);
	out_write(at(0, "foreign/manifest-sha512.txt"), m, strlen(m), 0);
	free(m);
	T_INT("foreign bag verifies", verify(at(0, "foreign"), &r), 0);
	free(r);
	out_write(at(0, "foreign/bag-info.txt"), "Payload-Oxum : 8.1\r\n",
	    20, 0);
	T_INT("foreign bad oxum", verify(at(0, "foreign"), &r), 1);
	T_OK("foreign bad oxum reported", strstr(r, "Payload-Oxum 记为 8.1,"
	    "但 data/ 中实有 7.1;") != NULL);
	free(r);
}

/* Whether folder dir holds an entry whose name starts with pre. */
static int
has_prefix(const char *dir, const char *pre)
{
	struct dirent	*de;
	DIR		*d = opendir(dir);
	int		 found = 0;

	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL)
		found |= strncmp(de->d_name, pre, strlen(pre)) == 0;
	closedir(d);
	return found;
}

static void
test_out_write(void)
{
	struct rlimit	 old, lim;
	static char	 big[65536];

	umask(077);
	T_INT("public write", out_write(at(0, "pub/dir/f.html"), "x", 1, 0),
	    0);
	T_INT("public file 0644", mode_of(at(0, "pub/dir/f.html")), 0644);
	T_INT("public dir 0755", mode_of(at(0, "pub/dir")), 0755);
	umask(0);
	T_INT("private write", out_write(at(0, "priv/d/f"), "x", 1, 1), 0);
	T_INT("private file 0600", mode_of(at(0, "priv/d/f")), 0600);
	T_INT("private dir 0700", mode_of(at(0, "priv/d")), 0700);
	umask(022);
	T_INT("write under a file", out_write(at(0, "abc/x"), "x", 1, 0), -1);

	signal(SIGXFSZ, SIG_IGN);
	getrlimit(RLIMIT_FSIZE, &old);
	lim = old;
	lim.rlim_cur = 1000;
	setrlimit(RLIMIT_FSIZE, &lim);
	T_INT("write past file size limit", out_write(at(0, "big"), big,
	    sizeof(big), 0), -1);
	setrlimit(RLIMIT_FSIZE, &old);
	T_OK("failed write leaves no file", !exists(at(0, "big")));
	T_OK("failed write leaves no temp", !has_prefix(scratch, ".big."));
}

/* A leftover staging folder of a dead run: our name, our mark. */
static void
leftover(const char *name)
{
	char	*p = xasprintf("%s/%s", name, STAGE_MARK);
	char	*q = xasprintf("%s/site/x.html", name);
	size_t	 len;
	char	*mark = file_read(at(3, "out/" STAGE_MARK), &len);

	out_write(at(0, p), mark, len, 0);
	out_write(at(0, q), "x", 1, 0);
	free(mark);
	free(p);
	free(q);
}

/* A pid that no process has: a child that has exited and been reaped. */
static long
dead_pid(void)
{
	pid_t	 p = fork();

	if (p == 0)
		_exit(0);
	waitpid(p, NULL, 0);
	return (long)p;
}

static void
test_stage(void)
{
	struct stage	*st;
	char		 p[4096], *s;
	long		 dead;

	st = stage_open(at(0, "out"));
	T_OK("stage_open", st != NULL);
	snprintf(p, sizeof(p), "%s/site/a.html", stage_path(st));
	out_write(p, "A", 1, 0);
	T_INT("first commit", stage_commit(st), 0);
	stage_free(st);
	T_OK("out has first file", exists(at(0, "out/site/a.html")));

	st = stage_open(at(0, "out/"));
	snprintf(p, sizeof(p), "%s/site/b.html", stage_path(st));
	out_write(p, "B", 1, 0);
	T_INT("second commit", stage_commit(st), 0);
	stage_free(st);
	T_OK("commit replaces", exists(at(0, "out/site/b.html")) &&
	    !exists(at(0, "out/site/a.html")));
	T_OK("nothing of ours left beside out/",
	    !has_prefix(scratch, ".out.sunlight-"));

	st = stage_open(at(0, "out"));
	snprintf(p, sizeof(p), "%s/site/c.html", stage_path(st));
	out_write(p, "C", 1, 0);
	snprintf(p, sizeof(p), "%s", stage_path(st));
	T_OK("staging name not guessable",
	    strstr(p, "/.out.sunlight-staging-") != NULL);
	stage_abort(st);
	stage_free(st);
	T_OK("abort leaves old tree", exists(at(0, "out/site/b.html")) &&
	    !exists(at(0, "out/site/c.html")));
	T_OK("abort removes stage", !exists(p));

	/* Users' folders with names like ours of old are never touched. */
	dead = dead_pid();
	snprintf(p, sizeof(p), "out.tmp-%ld/x", dead);
	out_write(at(0, p), "x", 1, 0);
	snprintf(p, sizeof(p), "out.old-%ld/y", dead);
	out_write(at(0, p), "y", 1, 0);
	out_write(at(0, ".out.sunlight-staging-user/z"), "z", 1, 0);
	stage_free(stage_open(at(0, "out")));
	snprintf(p, sizeof(p), "out.tmp-%ld/x", dead);
	T_OK("user's out.tmp-N kept", exists(at(0, p)));
	snprintf(p, sizeof(p), "out.old-%ld/y", dead);
	T_OK("user's out.old-N kept", exists(at(0, p)));
	T_OK("unmarked folder with our name kept",
	    exists(at(0, ".out.sunlight-staging-user/z")));

	/* A dead run's marked leftovers are cleared; an old tree without
	 * its replacement goes back. */
	leftover(".out.sunlight-staging-dead01");
	st = stage_open(at(0, "out"));
	T_OK("stale stage swept", !exists(at(0, ".out.sunlight-staging-dead01")));
	stage_free(st);
	rename(at(0, "out"), at(1, ".out.sunlight-old-dead02"));
	stage_free(stage_open(at(0, "out")));
	T_OK("interrupted commit recovered", exists(at(0, "out/site/b.html")));
	T_OK("old name gone", !exists(at(0, ".out.sunlight-old-dead02")));

	/* A live run's staging folder (locked) is left alone. */
	st = stage_open(at(0, "out"));
	snprintf(p, sizeof(p), "%s", stage_path(st));
	stage_free(stage_open(at(0, "out")));
	T_OK("live stage kept", exists(p));
	stage_free(st);

	out_write(at(0, "mine/precious.csv"), "1", 1, 0);
	T_OK("foreign folder refused", stage_open(at(0, "mine")) == NULL);
	s = slurp(at(0, "mine/precious.csv"));
	T_STR("foreign folder untouched", s, "1");
	free(s);
	T_OK("file refused as outdir", stage_open(at(0, "abc")) == NULL);
	T_OK("dot refused as outdir", stage_open(".") == NULL);
}

int
main(void)
{
	const char	*tmp = getenv("TMP");

	snprintf(scratch, sizeof(scratch), "%s/archive-XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(scratch) == NULL) {
		perror(scratch);
		return 1;
	}
	test_digests();
	test_bag_write();
	test_bag_modes();
	test_bag_identical();
	test_bag_bad_names();
	test_bag_verify();
	test_foreign_bag();
	test_out_write();
	test_stage();
	rm_rf(scratch);
	return t_failed != 0;
}
