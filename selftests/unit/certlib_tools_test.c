// SPDX-License-Identifier: GPL-2.0
/* deftt-cert and deftt-bundle run as programs: DCT's files remade, refusals said. */
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "vec.h"
#include "wire.h"
#include "bundle.h"
#include "cert_chain.h"

extern char **environ;

#define TPATH 4096	/* <limits.h> is shadowed by kmod/core/limits.h */

#define NOW "--now=2026-12-02T00:00:00Z"
#define DCT_TIME "--valid-from=2026-11-22T00:00:00Z"

/* build/tools/<name>, found from this test's own place in build/unit/. */
static const char *tool(const char *name)
{
	static char path[TPATH + 64];
	char self[TPATH];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n < 0)
		return name;
	self[n] = 0;
	snprintf(path, sizeof(path), "%s/../tools/%s", dirname(self), name);
	return path;
}

struct run {
	int status;
	char out[16384];
	char err[4096];
};

static void slurp(const char *path, char *buf, size_t cap)
{
	FILE *f = fopen(path, "r");
	size_t n = 0;

	if (f) {
		n = fread(buf, 1, cap - 1, f);
		fclose(f);
	}
	buf[n] = 0;
}

/* Runs argv (argv[0] a tool name) with stdout and stderr captured. */
static int run(struct run *r, const char *dir, char *const argv[])
{
	char o[TPATH], e[TPATH], *args[32];
	posix_spawn_file_actions_t fa;
	unsigned int i;
	pid_t pid;
	int st;

	snprintf(o, sizeof(o), "%s/stdout", dir);
	snprintf(e, sizeof(e), "%s/stderr", dir);
	for (i = 0; argv[i] && i < 31; i++)
		args[i] = argv[i];
	args[i] = NULL;
	args[0] = (char *)tool(argv[0]);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, o, O_WRONLY | O_CREAT |
					 O_TRUNC, 0600);
	posix_spawn_file_actions_addopen(&fa, 2, e, O_WRONLY | O_CREAT |
					 O_TRUNC, 0600);
	if (posix_spawn(&pid, args[0], &fa, NULL, args, environ))
		return -1;
	posix_spawn_file_actions_destroy(&fa);
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	r->status = WEXITSTATUS(st);
	slurp(o, r->out, sizeof(r->out));
	slurp(e, r->err, sizeof(r->err));
	return r->status;
}

#define RUN(...) run(&self->r, self->dir, (char *const[]){ __VA_ARGS__, NULL })

/* Byte equality of a produced file and a vector file. */
static int same_file(const char *mine, const char *rel)
{
	size_t a, b;
	u8 *x = vec_read(mine, &a), *y = vec_read(rel, &b);
	int eq = x && y && a == b && !memcmp(x, y, a);

	free(x);
	free(y);
	return eq;
}

static int rm_entry(const char *path, const struct stat *st, int type,
		    struct FTW *ftw)
{
	return remove(path);
}

FIXTURE(tools) {
	char dir[TPATH];
	char p[8][TPATH];
	char v[16][TPATH];
	struct run r;
};

FIXTURE_SETUP(tools)
{
	snprintf(self->dir, sizeof(self->dir), "/tmp/deftt-certtools.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
}

FIXTURE_TEARDOWN(tools)
{
	if (nftw(self->dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS))
		TH_LOG("could not remove %s", self->dir);
}

/* p[i] = <tmpdir>/<name>; v[i] = vector path */
static char *tmp(FIXTURE_DATA(tools) *self, int i, const char *name)
{
	size_t d = strlen(self->dir), n = strlen(name);
	char *p = self->p[i];

	if (d + 1 + n >= TPATH)
		n = TPATH - d - 2;
	memcpy(p, self->dir, d);
	p[d] = '/';
	memcpy(p + d + 1, name, n);
	p[d + 1 + n] = 0;
	return p;
}

static char *vec(FIXTURE_DATA(tools) *self, int i, const char *rel)
{
	const char *full = vec_path(rel);
	size_t n = strlen(full);

	if (n >= TPATH)
		n = TPATH - 1;
	memcpy(self->v[i], full, n);
	self->v[i][n] = 0;
	return self->v[i];
}

TEST_F(tools, help_and_usage)
{
	EXPECT_EQ(0, RUN("deftt-cert", "--help"));
	EXPECT_NE(NULL, strstr(self->r.out, "usage: deftt-cert anchor"));
	EXPECT_EQ(0, RUN("deftt-bundle", "--help"));
	EXPECT_NE(NULL, strstr(self->r.out, "usage: deftt-bundle make"));
	EXPECT_EQ(1, RUN("deftt-cert"));
	EXPECT_EQ(1, RUN("deftt-bundle"));
	EXPECT_EQ(1, RUN("deftt-cert", "frobnicate"));
	EXPECT_NE(NULL, strstr(self->r.err, "unknown command 'frobnicate'"));
	EXPECT_EQ(1, RUN("deftt-cert", "anchor", "--now=yesterday", "-o", "x",
			 "/a"));
	EXPECT_NE(NULL, strstr(self->r.err, "is not a time"));
	EXPECT_EQ(1, RUN("deftt-cert", "anchor", "/iot1"));
	EXPECT_NE(NULL, strstr(self->r.err, "needs -o FILE"));
	EXPECT_EQ(1, RUN("deftt-bundle", "make", "x"));
}

/* The pinned clock and DCT's keys give DCT's files, byte for byte. */
TEST_F(tools, remake_dct_files)
{
	/* trust anchor and schema cert */
	ASSERT_EQ(0, RUN("deftt-cert", "anchor", DCT_TIME, NOW, "--key",
			 vec(self, 0, "dct/ids/iot2/iot2.root"), "-o",
			 tmp(self, 0, "iot2.root"), "/iot2")) TH_LOG("%s", self->r.err);
	EXPECT_TRUE(same_file(self->p[0], "dct/ids/iot2/iot2.root"));
	ASSERT_EQ(0, RUN("deftt-cert", "schema", DCT_TIME, NOW, "-o",
			 tmp(self, 1, "iot2.schema"),
			 vec(self, 1, "dct/schemas/iot2.scm"), self->p[0]));
	EXPECT_TRUE(same_file(self->p[1], "dct/ids/iot2/iot2.schema"));
	/* capability certs, one signed by the other */
	ASSERT_EQ(0, RUN("deftt-cert", "cap", DCT_TIME, NOW, "--key",
			 vec(self, 2, "dct/ids/iot2/km.cap"), "-o",
			 tmp(self, 2, "km.cap"), "/iot2/CAP/KM/1", self->p[0]));
	EXPECT_TRUE(same_file(self->p[2], "dct/ids/iot2/km.cap"));
	ASSERT_EQ(0, RUN("deftt-cert", "cap", DCT_TIME, NOW, "--key",
			 vec(self, 3, "dct/ids/iot2/kmp.cap"), "-o",
			 tmp(self, 3, "kmp.cap"), "/iot2/CAP/KMP/1", self->p[2]));
	EXPECT_TRUE(same_file(self->p[3], "dct/ids/iot2/kmp.cap"));
	/* identity signed by the KMP cap */
	ASSERT_EQ(0, RUN("deftt-cert", "identity", DCT_TIME, NOW, "--key",
			 vec(self, 4, "dct/ids/iot2/frontdoor.cert"), "-o",
			 tmp(self, 4, "frontdoor.cert"), "/iot2/device/frontdoor",
			 self->p[3]));
	EXPECT_TRUE(same_file(self->p[4], "dct/ids/iot2/frontdoor.cert"));
	/* and the bundle made of them */
	ASSERT_EQ(0, RUN("deftt-bundle", "make", NOW, "-v", "-o",
			 tmp(self, 5, "frontdoor.bundle"), self->p[0],
			 self->p[1], self->p[2], self->p[3],
			 strcat(strcpy(self->p[6], "+"), self->p[4])))
		TH_LOG("%s", self->r.err);
	EXPECT_TRUE(same_file(self->p[5], "dct/ids/iot2/frontdoor.bundle"));
	/* make_bundle -v's lines (mkIDs_output.txt) */
	EXPECT_NE(NULL, strstr(self->r.out,
		"  cert /iot2/CAP/KMP/1/KEY/^3de3d483/dct/26-11-22@00:00:00.000000\n"
		" +cert /iot2/device/frontdoor/KEY/^78db37b6/dct/26-11-22@00:00:00.000000\n"));
}

/* A signing cert as DCT's getSigningPair made the objects/ vector. */
TEST_F(tools, signing_cert_as_dct)
{
	u8 *mine, *cert, *key;
	size_t ml, cl, kl;

	ASSERT_EQ(0, RUN("deftt-cert", "signing", "--now=2026-11-22T01:00:00Z",
			 "--seed=a5c4e8d8b1d0d52d0b4d0a6f8a6b4b6e1f1b6c1a2d8e4b1a7c3e5f7d9b1a3c5e",
			 "-o", tmp(self, 0, "x.sgn"),
			 vec(self, 0, "dct/ids/iot2/frontdoor.bundle")))
		TH_LOG("%s", self->r.err);
	/* the vector's seed: objects/iot1/alice/signing_pair.json */
	ASSERT_EQ(0, RUN("deftt-cert", "signing", "--now=2026-11-22T01:00:00Z",
			 "--seed=7ddcfa9dfc86b9009f7d7767338ffba015b5c8e82716d3c478da81e0801989c7",
			 "-o", tmp(self, 0, "alice.sgn"),
			 vec(self, 0, "dct/ids/iot1/alice.bundle")));
	mine = vec_read(self->p[0], &ml);
	cert = vec_read("dct/objects/iot1/alice/signing_cert.bin", &cl);
	key = vec_read("dct/objects/iot1/alice/signing_key_ed25519_sk.bin", &kl);
	ASSERT_TRUE(mine && cert && key);
	ASSERT_EQ(cl + 2 + kl, ml);
	EXPECT_EQ(0, memcmp(mine, cert, cl));
	EXPECT_EQ(0, memcmp(mine + cl + 2, key, kl));
	free(mine);
	free(cert);
	free(key);
	/* an identity that expires is refused */
	EXPECT_EQ(2, RUN("deftt-cert", "signing", "--now=2028-01-01T00:00:00Z",
			 "-o", self->p[0], self->v[0]));
	EXPECT_NE(NULL, strstr(self->r.err, "has expired"));
}

/* Bundles made from DCT's cert files are DCT's bundles. */
TEST_F(tools, remake_dct_bundles)
{
	ASSERT_EQ(0, RUN("deftt-bundle", "make", NOW, "-o",
			 tmp(self, 0, "room1.bundle"),
			 vec(self, 0, "dct/ids/office/office.root"),
			 vec(self, 1, "dct/ids/office/office.schema"),
			 vec(self, 2, "dct/ids/office/office.config"),
			 vec(self, 3, "dct/ids/office/room1.cert"),
			 vec(self, 4, "dct/ids/office/kmp.room1.cert"),
			 strcat(strcpy(self->v[6], "+"),
				vec(self, 5, "dct/ids/office/ctlr.room1.cert"))))
		TH_LOG("%s", self->r.err);
	EXPECT_TRUE(same_file(self->p[0], "dct/ids/office/room1.bundle"));
	ASSERT_EQ(0, RUN("deftt-bundle", "make", NOW, "-o",
			 tmp(self, 1, "alice.bundle"),
			 vec(self, 0, "dct/ids/iot1/iot1.root"),
			 vec(self, 1, "dct/ids/iot1/iot1.schema"),
			 strcat(strcpy(self->v[6], "+"),
				vec(self, 2, "dct/ids/iot1/alice.cert"))));
	EXPECT_TRUE(same_file(self->p[1], "dct/ids/iot1/alice.bundle"));
	/* a bundle as input contributes all its certs (make_bundle does) */
	ASSERT_EQ(0, RUN("deftt-bundle", "make", NOW, "-o",
			 tmp(self, 2, "copy.bundle"),
			 strcat(strcpy(self->v[6], "+"),
				vec(self, 3, "dct/ids/relay/homeExt.bundle"))));
	EXPECT_TRUE(same_file(self->p[2], "dct/ids/relay/homeExt.bundle"));
}

/* list prints what DCT's ls_bundle printed, for DCT's bundles. */
TEST_F(tools, list_is_ls_bundle)
{
	static const char *const b[] = { "iot0/gate", "iot2/frontdoor",
					 "office/alice", "relay/roamOp" };
	char rel[128], both[40000];
	unsigned int i;
	size_t len;
	u8 *ls;

	for (i = 0; i < ARRAY_SIZE(b); i++) {
		snprintf(rel, sizeof(rel), "dct/ids/%s.bundle", b[i]);
		ASSERT_EQ(0, RUN("deftt-bundle", "list", vec(self, 0, rel)));
		snprintf(both, sizeof(both), "# ls_bundle\n%s", self->r.out);
		ASSERT_EQ(0, RUN("deftt-bundle", "list", "-v", self->v[0]));
		strncat(both, "# ls_bundle -v\n", sizeof(both) - strlen(both) - 1);
		strncat(both, self->r.out, sizeof(both) - strlen(both) - 1);
		snprintf(rel, sizeof(rel), "dct/ids/%s.bundle.ls_bundle.txt",
			 b[i]);
		ls = vec_read(rel, &len);
		ASSERT_NE(NULL, ls);
		EXPECT_STREQ((char *)ls, both) TH_LOG("%s", b[i]);
		free(ls);
	}
}

/* A new domain on the real clock, as examples/hmIot/mkIDs.sh makes one. */
TEST_F(tools, new_domain_validates)
{
	struct dtc_policy pol = { .need_key = true };
	struct dtc_problem pr;
	struct dt_bundle b;
	size_t len;
	u8 *buf;

	ASSERT_EQ(0, RUN("deftt-cert", "anchor", "-o", tmp(self, 0, "r.root"),
			 "/iot2")) TH_LOG("%s", self->r.err);
	ASSERT_EQ(0, RUN("deftt-cert", "schema", "-o", tmp(self, 1, "s.schema"),
			 vec(self, 0, "dct/schemas/iot2.scm"), self->p[0]));
	ASSERT_EQ(0, RUN("deftt-cert", "cap", "-o", tmp(self, 2, "km.cap"),
			 "/iot2/CAP/KM/1", self->p[0]));
	ASSERT_EQ(0, RUN("deftt-cert", "cap", "-o", tmp(self, 3, "kmp.cap"),
			 "/iot2/CAP/KMP/1", self->p[2]));
	ASSERT_EQ(0, RUN("deftt-cert", "identity", "-o", tmp(self, 4, "gate.cert"),
			 "/iot2/device/gate", self->p[3]));
	ASSERT_EQ(0, RUN("deftt-bundle", "make", "-o", tmp(self, 5, "gate.bundle"),
			 self->p[0], self->p[1], self->p[2], self->p[3],
			 strcat(strcpy(self->p[6], "+"), self->p[4])))
		TH_LOG("%s", self->r.err);
	ASSERT_EQ(0, RUN("deftt-bundle", "check", self->p[5]));
	EXPECT_NE(NULL, strstr(self->r.out, "valid bundle of 5 certificates"));
	/* our runtime: the core's strict reader and the chain check, on
	 * the clock after the certs were made
	 */
	pol.now_us = dt_now_us();
	buf = vec_read(self->p[5], &len);
	ASSERT_NE(NULL, buf);
	EXPECT_EQ(DT_WERR_OK, dt_bundle_parse(buf, len, &b));
	EXPECT_EQ(5, b.ncerts);
	EXPECT_EQ(DTC_OK, dtc_bundle_check(buf, len, &pol, NULL, &pr))
		TH_LOG("%s", pr.msg);
	free(buf);
	/* secret-bearing files are private */
	{
		struct stat st;

		ASSERT_EQ(0, stat(self->p[5], &st));
		EXPECT_EQ(0600, st.st_mode & 0777);
		ASSERT_EQ(0, stat(self->p[1], &st));
		EXPECT_EQ(0644, st.st_mode & 0777);
	}
}

/*
 * A chain every signature of which holds, but which the schema does not
 * allow: iot2 wants /iot2/device/<x> under KM and KMP capabilities, not an
 * "intruder" role straight under the anchor.
 */
TEST_F(tools, schema_rules_refuse_a_chain)
{
	ASSERT_EQ(0, RUN("deftt-cert", "anchor", "-o", tmp(self, 0, "r.root"),
			 "/iot2")) TH_LOG("%s", self->r.err);
	ASSERT_EQ(0, RUN("deftt-cert", "schema", "-o", tmp(self, 1, "s.schema"),
			 vec(self, 0, "dct/schemas/iot2.scm"), self->p[0]));
	ASSERT_EQ(0, RUN("deftt-cert", "identity", "-o", tmp(self, 2, "x.cert"),
			 "/iot2/intruder/gate", self->p[0]));
	EXPECT_EQ(2, RUN("deftt-bundle", "make", "-o", tmp(self, 3, "x.bundle"),
			 self->p[0], self->p[1],
			 strcat(strcpy(self->p[6], "+"), self->p[2])));
	EXPECT_NE(NULL, strstr(self->r.err,
			       "the schema does not allow this identity's cert chain"))
		TH_LOG("%s", self->r.err);
	ASSERT_EQ(0, RUN("deftt-bundle", "make", "--no-check", "-o",
			 self->p[3], self->p[0], self->p[1], self->p[6]));
	EXPECT_EQ(2, RUN("deftt-bundle", "check", self->p[3]));
	EXPECT_NE(NULL, strstr(self->r.err, "cert_no_template"))
		TH_LOG("%s", self->r.err);
}

/* Every refusal: exit 2, one sentence naming the problem, no output. */
TEST_F(tools, bundle_refusals)
{
	char wrong[TPATH + 32];
	u8 *a, *b;
	size_t al, bl;
	FILE *f;

	tmp(self, 0, "out.bundle");
	/* the schema cert of another domain */
	EXPECT_EQ(2, RUN("deftt-bundle", "make", NOW, "-o", self->p[0],
			 vec(self, 0, "dct/ids/iot1/iot1.root"),
			 vec(self, 1, "dct/ids/iot2/iot2.schema"),
			 strcat(strcpy(self->v[6], "+"),
				vec(self, 2, "dct/ids/iot1/alice.cert"))));
	EXPECT_NE(NULL, strstr(self->r.err, "is not signed by the trust anchor"));
	EXPECT_NE(0, access(self->p[0], F_OK));
	/* broken chain: frontdoor without the KM cap */
	EXPECT_EQ(2, RUN("deftt-bundle", "make", NOW, "-o", self->p[0],
			 vec(self, 0, "dct/ids/iot2/iot2.root"),
			 vec(self, 1, "dct/ids/iot2/iot2.schema"),
			 vec(self, 2, "dct/ids/iot2/kmp.cap"),
			 strcat(strcpy(self->v[6], "+"),
				vec(self, 3, "dct/ids/iot2/frontdoor.cert"))));
	EXPECT_NE(NULL, strstr(self->r.err, "broken chain"));
	EXPECT_NE(NULL, strstr(self->r.err, "/iot2/CAP/KMP/1/"));
	/* expired, not yet valid */
	EXPECT_EQ(2, RUN("deftt-bundle", "check", "--now=2028-01-01T00:00:00Z",
			 vec(self, 0, "dct/ids/iot1/alice.bundle")));
	EXPECT_NE(NULL, strstr(self->r.err, "has expired"));
	EXPECT_EQ(2, RUN("deftt-bundle", "check", "--now=2026-11-21T23:59:59Z",
			 self->v[0]));
	EXPECT_NE(NULL, strstr(self->r.err, "is not valid yet"));
	EXPECT_EQ(0, RUN("deftt-bundle", "check", NOW, self->v[0]));
	/* wrong key: alice's cert followed by bob's key */
	a = vec_read("dct/ids/iot1/alice.cert", &al);
	b = vec_read("dct/ids/iot1/bob.cert", &bl);
	ASSERT_TRUE(a && b);
	snprintf(wrong, sizeof(wrong), "%s/wrong.cert", self->dir);
	f = fopen(wrong, "w");
	ASSERT_NE(NULL, f);
	fwrite(a, 1, al - 66, f);
	fwrite(b + bl - 66, 1, 66, f);
	fclose(f);
	strcpy(self->p[7], "+");
	strcat(self->p[7], wrong);
	EXPECT_EQ(2, RUN("deftt-bundle", "make", NOW, "-o", self->p[0],
			 vec(self, 0, "dct/ids/iot1/iot1.root"),
			 vec(self, 1, "dct/ids/iot1/iot1.schema"), self->p[7]));
	EXPECT_NE(NULL, strstr(self->r.err, "wrong key"));
	/* one line, one sentence */
	EXPECT_EQ(strlen(self->r.err) - 1,
		  (size_t)(strchr(self->r.err, '\n') - self->r.err));
	/* --no-check writes it anyway; check then refuses it */
	EXPECT_EQ(0, RUN("deftt-bundle", "make", "--no-check", "-o",
			 self->p[0], self->v[0], self->v[1], self->p[7]));
	EXPECT_EQ(2, RUN("deftt-bundle", "check", NOW, self->p[0]));
	EXPECT_NE(NULL, strstr(self->r.err, "wrong key"));
	free(a);
	free(b);
	/* not a bundle at all */
	EXPECT_EQ(2, RUN("deftt-bundle", "list",
			 vec(self, 0, "dct/schemas/iot1.scm")));
	EXPECT_NE(NULL, strstr(self->r.err, "neither a certificate"));
}

TEST_F(tools, cert_refusals)
{
	/* the signer's file has no key */
	EXPECT_EQ(2, RUN("deftt-cert", "identity", NOW, "-o",
			 tmp(self, 0, "x.cert"), "/iot1/operator/carol",
			 vec(self, 0, "dct/ids/iot1/iot1.schema")));
	EXPECT_NE(NULL, strstr(self->r.err, "holds no secret key"));
	/* an expired signer */
	EXPECT_EQ(2, RUN("deftt-cert", "identity", "--now=2028-01-01T00:00:00Z",
			 "-o", self->p[0], "/iot1/operator/carol",
			 vec(self, 0, "dct/ids/iot1/iot1.root")));
	EXPECT_NE(NULL, strstr(self->r.err, "has expired"));
	/* a period outside the signer's */
	EXPECT_EQ(2, RUN("deftt-cert", "identity", NOW,
			 "--valid-until=2028-01-01T00:00:00Z", "-o", self->p[0],
			 "/iot1/operator/carol", self->v[0]));
	EXPECT_NE(NULL, strstr(self->r.err, "outside the period of its signer"));
	/* schema cert signed by a non-anchor */
	EXPECT_EQ(2, RUN("deftt-cert", "schema", NOW, "-o", self->p[0],
			 vec(self, 1, "dct/schemas/iot1.scm"),
			 vec(self, 2, "dct/ids/iot1/alice.cert")));
	EXPECT_NE(NULL, strstr(self->r.err, "not self-signed"));
	/* schema of another prefix than the anchor's */
	EXPECT_EQ(2, RUN("deftt-cert", "schema", NOW, "-o", self->p[0],
			 vec(self, 1, "dct/schemas/iot2.scm"), self->v[0]));
	EXPECT_NE(NULL, strstr(self->r.err, "#pubPrefix /iot2"));
	/* names */
	EXPECT_EQ(2, RUN("deftt-cert", "cap", NOW, "-o", self->p[0],
			 "/iot1/operator/carol", self->v[0]));
	EXPECT_NE(NULL, strstr(self->r.err, "PREFIX/CAP/"));
	EXPECT_EQ(2, RUN("deftt-cert", "identity", NOW, "-o", self->p[0],
			 "/iot1//carol", self->v[0]));
	EXPECT_NE(NULL, strstr(self->r.err, "empty component"));
	EXPECT_NE(0, access(self->p[0], F_OK));
	/* a cut default period ends with the signer's */
	ASSERT_EQ(0, RUN("deftt-cert", "identity", NOW, "-o", self->p[0],
			 "/iot1/operator/carol", self->v[0]));
	ASSERT_EQ(0, RUN("deftt-cert", "show", self->p[0]));
	EXPECT_NE(NULL, strstr(self->r.out,
		"valid       2026-12-02T00:00:00Z to 2027-11-22T00:00:00Z"));
}

/* show: the facts wire.md 6 lists for ids/iot1/alice.cert. */
TEST_F(tools, show_facts)
{
	ASSERT_EQ(0, RUN("deftt-cert", "show", NOW,
			 vec(self, 0, "dct/ids/iot1/alice.cert")));
	EXPECT_NE(NULL, strstr(self->r.out,
		"cert 0: /iot1/operator/alice/KEY/^5a982a9c/dct/26-11-22@00:00:00.000000\n"));
	EXPECT_NE(NULL, strstr(self->r.out,
		"thumbprint  2f2ab76afb2ab10f4cc0ffad04e36a7f7d195e77c17592e90639c70f4074985a"));
	EXPECT_NE(NULL, strstr(self->r.out, "key id      5a982a9c"));
	EXPECT_NE(NULL, strstr(self->r.out,
		"EdDSA by f62984cd4b944ca8c6c4b58727f7cd68cc43e44227eb7f338053f323230553ff"));
	EXPECT_NE(NULL, strstr(self->r.out,
		"valid       2026-11-22T00:00:00Z to 2027-11-22T00:00:00Z\n"));
	EXPECT_NE(NULL, strstr(self->r.out, "present (64 bytes, not shown)"));
	/* the seed never appears: first key bytes ad7ab9b8 */
	EXPECT_EQ(NULL, strstr(self->r.out, "ad7ab9b8"));
	ASSERT_EQ(0, RUN("deftt-cert", "show", "--now=2028-01-01T00:00:00Z",
			 self->v[0]));
	EXPECT_NE(NULL, strstr(self->r.out, "(expired)"));
}

/* show -j: one array, stable keys, the facts of show. */
TEST_F(tools, show_json)
{
	char *v;
	const char *p;
	int n = 0;

	ASSERT_EQ(0, RUN("deftt-cert", "show", "-j", NOW,
			 vec(self, 0, "dct/ids/iot2/frontdoor.bundle")));
	EXPECT_EQ('[', self->r.out[0]);
	EXPECT_STREQ("]}]\n", self->r.out + strlen(self->r.out) - 4);
	for (p = self->r.out; (p = strstr(p, "\"index\":")); p++)
		n++;
	EXPECT_EQ(5, n);
	v = vec_json_get(self->r.out, "thumbprint");
	ASSERT_NE(NULL, v);
	EXPECT_STREQ("483b37752a8fb73a73fe46890e5165ba4c52e38c303d7d95875aa48c5c0f7ab5",
		     v);
	free(v);
	v = vec_json_get(strstr(self->r.out, "\"index\":3"), "signer_index");
	ASSERT_NE(NULL, v);
	EXPECT_STREQ("2", v);	/* KMP cap signed by the KM cap */
	free(v);
	p = strstr(self->r.out, "\"has_secret_key\":true");
	ASSERT_NE(NULL, p);
	EXPECT_EQ(NULL, strstr(p + 1, "\"has_secret_key\":true"));
	EXPECT_NE(NULL, strstr(self->r.out, "\"status\":\"valid\""));
	EXPECT_EQ(NULL, strstr(self->r.out, "expired"));
}

/* The text after "<tag> size N:  " on the first line holding tag. */
static int dump_field(const char *dump, const char *tag, char *out,
		      size_t cap)
{
	const char *p = strstr(dump, tag), *e;
	size_t n = 0;

	if (!p || !(p = strstr(p, ":  ")))
		return -1;
	for (p += 3, e = strchr(p, '\n'); p < e && n + 1 < cap; p++)
		if (*p != ' ')
			out[n++] = *p;
	out[n] = 0;
	return 0;
}

/*
 * show prints the facts DCT's dctdump printed beside every cert file:
 * signer KeyDigest, NotBefore, NotAfter and, for schema certs, the
 * Content size.
 */
TEST_F(tools, show_matches_dctdump)
{
	static const char *const sfx[] = { ".root", ".cert", ".cap",
					   ".config", ".schema" };
	static const char *const doms[] = { "iot0", "iot1", "iot2", "office",
					    "relay" };
	char dir[64], rel[256], kd[128], nb[32], na[32], size[16];
	char want[256];
	unsigned int d, k, files = 0;
	char **list, **p;
	size_t len;
	u8 *dump;

	for (d = 0; d < ARRAY_SIZE(doms); d++)
		for (k = 0; k < ARRAY_SIZE(sfx); k++) {
			snprintf(dir, sizeof(dir), "dct/ids/%s", doms[d]);
			list = vec_list(dir, sfx[k]);
			ASSERT_NE(NULL, list);
			for (p = list; *p; p++) {
				snprintf(rel, sizeof(rel), "%s/%s.dctdump.txt",
					 dir, *p);
				dump = vec_read(rel, &len);
				ASSERT_NE(NULL, dump) TH_LOG("%s", rel);
				ASSERT_EQ(0, dump_field((char *)dump, "(KeyDigest)",
							kd, sizeof(kd)));
				ASSERT_EQ(0, dump_field((char *)dump, "(NotBefore)",
							nb, sizeof(nb)));
				ASSERT_EQ(0, dump_field((char *)dump, "(NotAfter)",
							na, sizeof(na)));
				snprintf(rel, sizeof(rel), "%s/%s", dir, *p);
				ASSERT_EQ(0, RUN("deftt-cert", "show", NOW,
						 vec(self, 0, rel)));
				if (!strcmp(kd, "0000000000000000000000000000000000000000000000000000000000000000"))
					strcpy(kd, "self");
				snprintf(want, sizeof(want), "EdDSA by %s\n", kd);
				EXPECT_NE(NULL, strstr(self->r.out, want)) TH_LOG("%s", rel);
				snprintf(want, sizeof(want),
					 "valid       %.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ to %.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ\n",
					 nb, nb + 4, nb + 6, nb + 9, nb + 11, nb + 13,
					 na, na + 4, na + 6, na + 9, na + 11, na + 13);
				EXPECT_NE(NULL, strstr(self->r.out, want)) TH_LOG("%s", rel);
				if (k == 4) {
					/* "(Content) size 674:" */
					const char *c = strstr((char *)dump,
							       "(Content) size ");

					ASSERT_NE(NULL, c);
					sscanf(c + 15, "%15[0-9]", size);
					snprintf(want, sizeof(want),
						 "binary schema, %s bytes", size);
					EXPECT_NE(NULL, strstr(self->r.out, want));
				}
				free(dump);
				files++;
			}
			vec_free_list(list);
		}
	EXPECT_LE(86, files);	/* every .root .cert .cap .config .schema */
	TH_LOG("%u cert files", files);
}

TEST_HARNESS_MAIN
