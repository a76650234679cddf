// SPDX-License-Identifier: GPL-2.0
/* deftt-schemac: DCT's bytes and listings for the vector schemas, the error suite, robustness. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "vec.h"
#include "schemac.h"
#include "objects.h"
#include "schema.h"

static const char *const schemas[] = {
	"iot0", "iot1", "iot2", "office", "ioth", "iote",
};

#define NSCHEMAS (sizeof(schemas) / sizeof(schemas[0]))

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	p = malloc(n + 1);
	if (p && fread(p, 1, n, f) != (size_t)n) {
		free(p);
		p = NULL;
	}
	fclose(f);
	if (p) {
		p[n] = 0;
		if (len)
			*len = n;
	}
	return p;
}

static size_t tlv_len(const uint8_t *p, size_t *hdr)
{
	if (p[1] < 253) {
		*hdr = 2;
		return p[1];
	}
	*hdr = 4;
	return (size_t)p[2] << 8 | p[3];
}

/*
 * Offset of the pub section's value inside a whole schema, 0 if the
 * outer TLV or the ten sections do not parse.
 */
static size_t pub_section(const uint8_t *s, size_t n, size_t *plen)
{
	size_t h, off, len, end;
	int sec;

	if (n < 2 || s[0] != 131)
		return 0;
	len = tlv_len(s, &h);
	if (h + len != n)
		return 0;
	off = h;
	end = n;
	for (sec = 132; sec <= 141; sec++) {
		if (off + 2 > end || s[off] != sec)
			return 0;
		len = tlv_len(s + off, &h);
		if (off + h + len > end)
			return 0;
		if (sec == 141) {
			*plen = len;
			return off + h;
		}
		off += h + len;
	}
	return 0;
}

static int compile(const char *name, const char *src, size_t len, int level,
		   int dag, struct sc_result *r)
{
	struct sc_opts o = { .file = name, .out_name = name, .level = level,
			     .dag_only = dag };

	return sc_compile(&o, src, len, r);
}

/* the six DCT schemas, byte for byte except the pub records' pad bytes */
TEST(vectors_byte_equal)
{
	unsigned int i;

	for (i = 0; i < NSCHEMAS; i++) {
		char rel[128], out[64];
		uint8_t *want, *src;
		size_t wlen, slen, poff, plen, k;
		struct sc_result r;

		snprintf(rel, sizeof(rel), "dct/schemas/%s.rules", schemas[i]);
		src = vec_read(rel, &slen);
		ASSERT_NE(NULL, src);
		snprintf(rel, sizeof(rel), "dct/schemas/%s.scm", schemas[i]);
		want = vec_read(rel, &wlen);
		ASSERT_NE(NULL, want);
		snprintf(out, sizeof(out), "%s.scm", schemas[i]);
		ASSERT_EQ(0, compile(out, (char *)src, slen, 0, 0, &r));
		EXPECT_EQ(0, r.warnings);
		ASSERT_EQ(wlen, r.scm_len);
		poff = pub_section(r.scm, r.scm_len, &plen);
		ASSERT_NE(0, poff);
		ASSERT_EQ(0, plen % 16);
		for (k = 0; k < plen; k += 16) {
			/* ours are zero; DCT's are whatever memory held */
			ASSERT_EQ(0, r.scm[poff + k + 4] | r.scm[poff + k + 5] |
				  r.scm[poff + k + 6] | r.scm[poff + k + 7]);
			memset(want + poff + k + 4, 0, 4);
		}
		EXPECT_EQ(0, memcmp(want, r.scm, wlen)) {
			TH_LOG("%s differs from DCT's output", schemas[i]);
		}
		sc_result_free(&r);
		free(src);
		free(want);
	}
}

/* DCT's listing minus its first (version) line */
static char *dct_listing(const char *schema, const char *kind)
{
	char rel[128], *t, *nl;

	snprintf(rel, sizeof(rel), "dct/schemas/%s.schemaCompile%s.txt",
		 schema, kind);
	t = (char *)vec_read(rel, NULL);
	if (!t)
		return NULL;
	nl = strchr(t, '\n');
	memmove(t, nl ? nl + 1 : t + strlen(t), strlen(nl ? nl + 1 : ""));
	t[strlen(nl ? nl + 1 : "")] = 0;
	return t;
}

/* listings: -v as DCT's default, -d as DCT's -d, -D as DCT's -D */
TEST(listings_match_dct)
{
	static const struct {
		const char *kind;
		int level, dag;
	} lv[] = { { "", 1, 0 }, { "-d", 4, 0 }, { "-D", 0, 1 } };
	unsigned int i, k;

	for (i = 0; i < NSCHEMAS; i++) {
		char rel[128], out[64];
		uint8_t *src;
		size_t slen;

		snprintf(rel, sizeof(rel), "dct/schemas/%s.rules", schemas[i]);
		src = vec_read(rel, &slen);
		ASSERT_NE(NULL, src);
		snprintf(out, sizeof(out), "%s.scm", schemas[i]);
		for (k = 0; k < 3; k++) {
			char *want = dct_listing(schemas[i], lv[k].kind);
			struct sc_result r;

			ASSERT_NE(NULL, want);
			ASSERT_EQ(0, compile(out, (char *)src, slen, lv[k].level,
					     lv[k].dag, &r));
			ASSERT_NE(NULL, r.listing);
			EXPECT_STREQ(want, r.listing) {
				TH_LOG("%s listing%s differs", schemas[i],
				       lv[k].kind);
			}
			if (lv[k].dag)
				EXPECT_EQ(NULL, r.scm);
			sc_result_free(&r);
			free(want);
		}
		free(src);
	}
}

/* "// expect: L:C: error: text" lines at the top of a suite file */
static int check_expect(struct __test_metadata *_metadata, const char *name,
			const char *src, const char *diags)
{
	const char *p = src;
	int n = 0;

	while (!strncmp(p, "// expect: ", 11)) {
		char loc[64], want[512], prefix[600];
		const char *e = strchr(p, '\n'), *colon, *line;
		size_t l = e ? (size_t)(e - p - 11) : strlen(p + 11);
		int found = 0;

		if (l >= sizeof(want))
			l = sizeof(want) - 1;
		memcpy(want, p + 11, l);
		want[l] = 0;
		/* split "L:C: error: text" into location+kind and text */
		colon = strstr(want, ": error: ");
		if (!colon)
			return -1;
		snprintf(loc, sizeof(loc), "%.*s", (int)(colon - want), want);
		snprintf(prefix, sizeof(prefix), "%s:%s: error: ", name, loc);
		for (line = diags; line && *line;) {
			const char *end = strchr(line, '\n');
			size_t ll = end ? (size_t)(end - line) : strlen(line);
			char buf[1024];

			snprintf(buf, sizeof(buf), "%.*s", (int)ll, line);
			if (!strncmp(buf, prefix, strlen(prefix)) &&
			    strstr(buf + strlen(prefix), colon + 9))
				found = 1;
			line = end ? end + 1 : NULL;
		}
		EXPECT_TRUE(found) {
			TH_LOG("%s: want '%s' in:\n%s", name, want, diags);
		}
		n++;
		p = e ? e + 1 : p + strlen(p);
	}
	return n;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* each invalid source rejected with its message and location, no output */
TEST(error_suite)
{
	DIR *d = opendir(SCHEMAC_SUITE);
	struct dirent *e;
	char *names[256];
	int n = 0, i;

	ASSERT_NE(NULL, d);
	while ((e = readdir(d)) && n < 256) {
		size_t l = strlen(e->d_name);

		if (l > 6 && !strcmp(e->d_name + l - 6, ".rules"))
			names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), by_name);
	ASSERT_GE(n, 30);
	for (i = 0; i < n; i++) {
		char path[512];
		struct sc_result r;
		size_t len;
		char *src;

		snprintf(path, sizeof(path), "%s/%s", SCHEMAC_SUITE, names[i]);
		src = read_file(path, &len);
		ASSERT_NE(NULL, src);
		EXPECT_EQ(-1, compile(names[i], src, len, 4, 0, &r)) {
			TH_LOG("%s was accepted", names[i]);
		}
		EXPECT_EQ(NULL, r.scm);
		EXPECT_LE(1, r.errors);
		ASSERT_NE(NULL, r.diags);
		EXPECT_LE(1, check_expect(_metadata, names[i], src, r.diags)) {
			TH_LOG("%s has no '// expect:' line", names[i]);
		}
		sc_result_free(&r);
		free(src);
		free(names[i]);
	}
}

/* A last line without a newline ends its statement; the output is the same. */
TEST(no_final_newline)
{
	struct sc_result a, b;
	size_t len;
	uint8_t *src = vec_read("dct/schemas/iot1.rules", &len);

	ASSERT_NE(NULL, src);
	while (len && src[len - 1] == '\n')
		len--;
	ASSERT_EQ(0, compile("a", (char *)src, len, 0, 0, &a));
	src[len] = '\n';
	ASSERT_EQ(0, compile("b", (char *)src, len + 1, 0, 0, &b));
	ASSERT_EQ(a.scm_len, b.scm_len);
	EXPECT_EQ(0, memcmp(a.scm, b.scm, a.scm_len));
	sc_result_free(&a);
	sc_result_free(&b);
	free(src);
}

/* Constraints on a plain definition do nothing (as in DCT): a warning. */
TEST(useless_constraint_warns)
{
	static const char src[] =
		"_domain: \"t\"\n"
		"#pub: _domain/topic & { topic: \"a\" } <= sign\n"
		"sign: _domain/\"sgn\"/_c & { _c: \"x\" } <= root\n"
		"root: _domain/_c\n"
		"#pubPrefix: _domain\n#msgsValidator: \"EdDSA\"\n"
		"#certValidator: \"EdDSA\"\n#pduValidator: \"EdDSA\"\n"
		"_c: \"KEY\"/_/\"dct\"/_\n";
	struct sc_result r;

	ASSERT_EQ(0, compile("w", src, sizeof(src) - 1, 0, 0, &r));
	EXPECT_EQ(1, r.warnings);
	ASSERT_NE(NULL, r.diags);
	EXPECT_NE(NULL, strstr(r.diags, "w:3:1: warning: the constraints on sign have no effect"));
	sc_result_free(&r);
}

/* A '_' component of a pub variant that its signing chain never binds. */
TEST(unbound_component_warns)
{
	static const char src[] =
		"_domain: \"t\"\n"
		"#pub: _domain/_who/topic\n"
		"note: #pub & { topic: \"a\" } <= sign\n"
		"sign: _domain/\"sgn\"/_c <= root\n"
		"root: _domain/_c\n"
		"#pubPrefix: _domain\n#msgsValidator: \"EdDSA\"\n"
		"#certValidator: \"EdDSA\"\n#pduValidator: \"EdDSA\"\n"
		"_c: \"KEY\"/_/\"dct\"/_\n";
	struct sc_result r;

	ASSERT_EQ(0, compile("u", src, sizeof(src) - 1, 0, 0, &r));
	EXPECT_EQ(1, r.warnings);
	ASSERT_NE(NULL, r.diags);
	EXPECT_NE(NULL, strstr(r.diags, "u:2:1: warning: component _who of #pub is bound by no cert"));
	sc_result_free(&r);
}

/*
 * Every prefix and many one-byte mutations of a real schema: each compile
 * either succeeds or fails with located errors, and nothing crashes or
 * leaks (ASan).
 */
TEST(truncations_and_mutations)
{
	static const char subst[] = "/|&:{}(),\"<=_#a\n\x00";
	size_t len, i, k;
	uint8_t *src = vec_read("dct/schemas/office.rules", &len);
	char *buf;

	ASSERT_NE(NULL, src);
	buf = malloc(len + 1);
	ASSERT_NE(NULL, buf);
	for (i = 0; i <= len; i += 7) {
		struct sc_result r;
		int rc = compile("t", (char *)src, i, 0, 0, &r);

		if (rc) {
			EXPECT_LE(1, r.errors);
		} else {
			EXPECT_NE(NULL, r.scm);
		}
		sc_result_free(&r);
	}
	for (i = 0; i < len; i += 9) {
		for (k = 0; k < sizeof(subst) - 1; k += 3) {
			struct sc_result r;
			int rc;

			memcpy(buf, src, len);
			buf[i] = subst[(i + k) % (sizeof(subst) - 1)];
			rc = compile("m", buf, len, i % 2 ? 4 : 0, 0, &r);
			if (rc) {
				EXPECT_LE(1, r.errors);
				EXPECT_EQ(NULL, r.scm);
			}
			sc_result_free(&r);
		}
	}
	free(buf);
	free(src);
}

/* the project example compiles cleanly and grants the keymaker capabilities */
TEST(example_schema)
{
	char path[512], *src;
	struct sc_result r;
	size_t len;

	snprintf(path, sizeof(path), "%s/building.rules", SCHEMAC_EXAMPLES);
	src = read_file(path, &len);
	ASSERT_NE(NULL, src);
	ASSERT_EQ(0, compile("building.rules", src, len, 1, 0, &r)) {
		TH_LOG("%s", r.diags ? r.diags : "");
	}
	EXPECT_EQ(0, r.warnings);
	ASSERT_NE(NULL, r.listing);
	EXPECT_NE(NULL, strstr(r.listing, "Publication #bldgPub:"));
	EXPECT_NE(NULL, strstr(r.listing, "/\"CAP\"/\"KM\"/"));
	EXPECT_NE(NULL, strstr(r.listing, "/\"CAP\"/\"KMP\"/"));
	sc_result_free(&r);
	free(src);
}

/* The value of directive d ("#pduValidator") in src, unquoted, or NULL. */
static const char *directive(const char *src, const char *d, char *out,
			     size_t cap)
{
	const char *p = src;
	size_t n;

	while ((p = strstr(p, d))) {
		if (p == src || p[-1] == '\n') {
			p = strchr(p, '"');
			if (!p)
				return NULL;
			n = strcspn(p + 1, "\"");
			if (n >= cap)
				return NULL;
			memcpy(out, p + 1, n);
			out[n] = 0;
			return out;
		}
		p++;
	}
	return NULL;
}

/*
 * What we compile, our runtime loads: the reader's checks, the
 * capability checks of zone creation, and the validators the source
 * names (issue 8: "loads in our runtime ... answers as the source says").
 */
TEST(compiled_schemas_load_in_runtime)
{
	static const char *const names[] = {
		"iot0", "iot1", "iot2", "iote", "ioth", "office", "building",
	};
	struct dt_schema *sch = calloc(1, sizeof(*sch));
	char path[512], want[32], *src;
	struct sc_result r;
	size_t len, i;

	ASSERT_NE(NULL, sch);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(names[i], "building"))
			snprintf(path, sizeof(path), "%s/building.rules",
				 SCHEMAC_EXAMPLES);
		else
			snprintf(path, sizeof(path), "%s/dct/schemas/%s.rules",
				 DEFTT_VECTORS, names[i]);
		src = read_file(path, &len);
		ASSERT_NE(NULL, src);
		ASSERT_EQ(0, compile(names[i], src, len, 0, 0, &r));
		ASSERT_EQ(DT_SCM_OK, dt_schema_read(sch, r.scm, r.scm_len, NULL)) {
			TH_LOG("%s: our runtime refuses our output", names[i]);
		}
		EXPECT_EQ(DT_SCM_OK, dt_schema_check_caps(sch));
		if (directive(src, "#pduValidator:", want, sizeof(want))) {
			EXPECT_STREQ(want, dt_sig_name(sch->pdu_sig));
		}
		if (directive(src, "#msgsValidator:", want, sizeof(want))) {
			EXPECT_STREQ(want, dt_sig_name(sch->msgs_sig));
		}
		if (directive(src, "#certValidator:", want, sizeof(want))) {
			EXPECT_STREQ(want, dt_sig_name(sch->cert_sig));
		}
		/* An encrypting PDU validator needs a keymaker template. */
		if (dt_sig_encrypts(sch->pdu_sig))
			EXPECT_LE(0, dt_schema_cap_template(sch, "KM"));
		if (dt_sig_encrypts(sch->msgs_sig))
			EXPECT_LE(0, dt_schema_cap_template(sch, "KMP"));
		sc_result_free(&r);
		free(src);
	}
	free(sch);
}

TEST_HARNESS_MAIN
