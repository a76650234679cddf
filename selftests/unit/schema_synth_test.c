// SPDX-License-Identifier: GPL-2.0
/* Hand-built schemas for the corners the vectors do not reach: value sets
 * with tokens >= 64, ANON in a pub template, the 32nd run-time value, and
 * a missing keymaker template (schema.md 11: S5, S8, S12, S19).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "vec.h"
#include "schema.h"

/* ---- a tiny schema writer ---- */

struct sec {
	u8 b[2048];
	size_t n;
};

struct syn {
	struct sec s[DT_SCM_NSEC];
	unsigned int ntok;
};

static void put_len(struct sec *s, unsigned int v)
{
	if (v < 253) {
		s->b[s->n++] = v;
		return;
	}
	s->b[s->n++] = 0xfd;
	s->b[s->n++] = v >> 8;
	s->b[s->n++] = v;
}

static unsigned int tok(struct syn *y, const char *t)
{
	struct sec *str = &y->s[DT_SCM_STR], *tk = &y->s[DT_SCM_TOKS];

	put_len(tk, str->n);
	tk->b[tk->n++] = strlen(t);
	memcpy(str->b + str->n, t, strlen(t));
	str->n += strlen(t);
	return y->ntok++;
}

static void item(struct syn *y, unsigned int sec, const u8 *b, size_t n)
{
	struct sec *s = &y->s[sec];

	put_len(s, n);
	if (n)
		memcpy(s->b + s->n, b, n);
	s->n += n;
}

static void disc(struct syn *y, u8 cbm, u8 tmpl, u8 comp, u8 vl, u8 cor)
{
	struct sec *s = &y->s[DT_SCM_DISCS];
	u8 r[5] = { cbm, tmpl, comp, vl, cor };

	memcpy(s->b + s->n, r, 5);
	s->n += 5;
}

static void pub(struct syn *y, u16 par, u8 name, u8 tag, u64 dbm)
{
	struct sec *s = &y->s[DT_SCM_PUBS];
	u8 *r = s->b + s->n;

	memset(r, 0, 16);
	r[0] = par;
	r[1] = par >> 8;
	r[2] = name;
	r[3] = tag;
	dt_put_le64(r + 8, dbm);
	s->n += 16;
}

static size_t finish(struct syn *y, u8 *out)
{
	u8 body[16384];
	size_t n = 0, i, o = 0;

	for (i = 0; i < DT_SCM_NSEC; i++) {
		struct sec h = { .n = 0 };

		body[n++] = 132 + i;
		put_len(&h, y->s[i].n);
		memcpy(body + n, h.b, h.n);
		n += h.n;
		memcpy(body + n, y->s[i].b, y->s[i].n);
		n += y->s[i].n;
	}
	out[o++] = 131;
	if (n < 253) {
		out[o++] = n;
	} else {
		out[o++] = 0xfd;
		out[o++] = n >> 8;
		out[o++] = n;
	}
	memcpy(out + o, body, n);
	return o + n;
}

/* Directive tokens 0-5 and pubs 1-4 shared by the synthetic schemas. */
enum { T_CV, T_MV, T_PV, T_PP, T_PUB, T_EDDSA, T_SYN, T_KEY, T_DCT, T_SGN,
       T_DOMAIN, T_TOPIC, T_X, T_TS, T_FIRST_FILL };

static void base_tokens(struct syn *y)
{
	static const char *const t[] = { "#certValidator", "#msgsValidator",
		"#pduValidator", "#pubPrefix", "#pub", "EdDSA", "syn", "KEY",
		"dct", "sgn", "_domain", "topic", "x", "_ts" };
	unsigned int i;

	memset(y, 0, sizeof(*y));
	for (i = 0; i < ARRAY_SIZE(t); i++)
		tok(y, t[i]);
}

/* Tag lists 1 (/_domain) and 2 (/EdDSA), templates tp and tp + 1. */
static void directives(struct syn *y, u8 tp, u8 dp)
{
	static const u8 dom[] = { T_DOMAIN }, ed[] = { T_EDDSA };
	static const u8 pfx[] = { T_SYN };

	item(y, DT_SCM_TAGS, dom, 1);
	item(y, DT_SCM_TAGS, ed, 1);
	item(y, DT_SCM_TMPLTS, pfx, 1);
	item(y, DT_SCM_TMPLTS, ed, 1);
	disc(y, 0, tp, 128, 0, 0);
	disc(y, 0, tp + 1, 128, 0, 0);
	pub(y, 0, T_PP, 1, 1ULL << dp);
	pub(y, 0, T_MV, 2, 1ULL << (dp + 1));
	pub(y, 0, T_CV, 2, 1ULL << (dp + 1));
	pub(y, 0, T_PV, 2, 1ULL << (dp + 1));
}

/* A name of Generic components (NULL-terminated list) into buf. */
static int mkname(u8 *buf, size_t cap, const char *const *c,
		  struct dt_name *n)
{
	struct dt_name_bld b;
	int l;

	dt_nb_init(&b, buf, cap);
	for (; *c; c++) {
		if (!strcmp(*c, "@ts"))
			dt_nb_number(&b, DT_COMP_TIMESTAMP, 1795309200000000ULL);
		else
			dt_nb_str(&b, *c);
	}
	l = dt_nb_finish(&b);
	return l < 0 ? l : (dt_name_parse(buf, l, 0, n) ? -1 : l);
}

/*
 * syn1: pub 0 = /syn/<topic>/_/timestamp(), topic a parameter whose value
 * set is vlist 0 = {t70, t71}; one chain /syn/<id>/sgn/KEY/_/dct/_ <- anchor.
 */
static size_t make_syn1(u8 *out)
{
	static const u8 c0[] = { T_SYN, 0xa1, T_SGN, T_KEY, 0xff, T_DCT, 0xff };
	static const u8 c1[] = { T_SYN, T_KEY, 0xff, T_DCT, 0xff };
	static const u8 ch[] = { 0, 1 };
	static const u8 tags[] = { T_DOMAIN, T_TOPIC, T_X, T_TS };
	static const u8 t0[] = { T_SYN, 0x81, 0xff, 0xc0 };
	static const u8 vl[] = { 70, 71 };
	struct syn y;
	char fill[8];
	unsigned int i;

	base_tokens(&y);
	for (i = T_FIRST_FILL; i < 80; i++) {
		snprintf(fill, sizeof(fill), "t%02u", i);
		tok(&y, fill);
	}
	item(&y, DT_SCM_CERTS, c0, sizeof(c0));
	item(&y, DT_SCM_CERTS, c1, sizeof(c1));
	item(&y, DT_SCM_CHAINS, ch, sizeof(ch));
	item(&y, DT_SCM_CORS, NULL, 0);
	item(&y, DT_SCM_TAGS, tags, sizeof(tags));
	item(&y, DT_SCM_TMPLTS, t0, sizeof(t0));
	item(&y, DT_SCM_VLISTS, vl, sizeof(vl));
	disc(&y, 1, 0, 1, 128, 0);
	pub(&y, 0x2, T_PUB, 0, 1);
	directives(&y, 1, 1);
	return finish(&y, out);
}

/* Chain names for syn1/syn2: signing cert then anchor. */
static const char *const syn_sig[] = { "syn", "alice", "sgn", "KEY", "k",
				       "dct", "@ts", NULL };
static const char *const syn_anchor[] = { "syn", "KEY", "k", "dct", "@ts",
					  NULL };

TEST(value_set_tokens_above_63)
{
	struct dt_schema *s = malloc(sizeof(*s));
	struct dt_schema_signer *sg = malloc(sizeof(*sg));
	const struct dt_name *np[2];
	struct dt_name n[2], pn;
	u8 scm[8192], b0[256], b1[256], nb[256];
	size_t len = make_syn1(scm);
	static const char *const ok[] = { "syn", "t70", "any", "@ts", NULL };
	static const char *const ok2[] = { "syn", "t71", "y", "@ts", NULL };
	static const char *const syn6[] = { "syn", "syn", "y", "@ts", NULL };
	static const char *const key7[] = { "syn", "KEY", "y", "@ts", NULL };
	struct dt_scm_verdict v;

	ASSERT_EQ(DT_SCM_OK, dt_schema_read(s, scm, len, NULL));
	ASSERT_LT(0, mkname(b0, sizeof(b0), syn_sig, &n[0]));
	ASSERT_LT(0, mkname(b1, sizeof(b1), syn_anchor, &n[1]));
	np[0] = &n[0];
	np[1] = &n[1];
	ASSERT_EQ(1, dt_schema_match_chains(s, np, 2));
	memset(sg, 0, sizeof(*sg));
	sg->s = s;
	ASSERT_EQ(DT_SCM_OK, dt_schema_resolve(sg, 0, np, 2, 1));
	ASSERT_EQ(1, sg->nrt);
	ASSERT_LT(0, mkname(nb, sizeof(nb), ok, &pn));
	EXPECT_EQ(DT_SCM_OK, dt_schema_match(sg, &pn, &v));
	ASSERT_LT(0, mkname(nb, sizeof(nb), ok2, &pn));
	EXPECT_EQ(DT_SCM_OK, dt_schema_match(sg, &pn, &v));
	/*
	 * DCT's 64-bit sets test token 70 as bit 6 and 71 as bit 7, so its
	 * members would take "syn" (token 6) and "KEY" (token 7) here too;
	 * deftt's 128-bit sets do not (S5).
	 */
	ASSERT_LT(0, mkname(nb, sizeof(nb), syn6, &pn));
	EXPECT_EQ(DT_SCM_E_PUB_DISC, dt_schema_match(sg, &pn, &v));
	ASSERT_LT(0, mkname(nb, sizeof(nb), key7, &pn));
	EXPECT_EQ(DT_SCM_E_PUB_DISC, dt_schema_match(sg, &pn, &v));
	/* a value that is no token at all */
	{
		static const char *const none[] = { "syn", "t6", "y", "@ts",
						    NULL };

		ASSERT_LT(0, mkname(nb, sizeof(nb), none, &pn));
		EXPECT_EQ(DT_SCM_E_PUB_DISC, dt_schema_match(sg, &pn, &v));
	}
	free(s);
	free(sg);
}

TEST(anon_in_pub_template)
{
	struct dt_schema *s = malloc(sizeof(*s));
	struct dt_schema_signer *sg = malloc(sizeof(*sg));
	const struct dt_name *np[2];
	struct dt_name n[2], pn;
	struct dt_scm_param p = { .tag = "topic", .str = (const u8 *)"t70",
				  .len = 3, .kind = DT_SCM_V_STR };
	struct dt_scm_build in = { .par = &p, .npar = 1, .now_us = 5 };
	struct dt_scm_diag dg;
	u8 scm[8192], b0[256], b1[256], nb[256];
	size_t len = make_syn1(scm);
	static const char *const any1[] = { "syn", "t70", "whatever", "@ts",
					    NULL };
	static const char *const any2[] = { "syn", "t70", "", "@ts", NULL };

	ASSERT_EQ(DT_SCM_OK, dt_schema_read(s, scm, len, NULL));
	ASSERT_LT(0, mkname(b0, sizeof(b0), syn_sig, &n[0]));
	ASSERT_LT(0, mkname(b1, sizeof(b1), syn_anchor, &n[1]));
	np[0] = &n[0];
	np[1] = &n[1];
	memset(sg, 0, sizeof(*sg));
	sg->s = s;
	ASSERT_EQ(DT_SCM_OK, dt_schema_resolve(sg, 0, np, 2, 1));
	ASSERT_LT(0, mkname(nb, sizeof(nb), any1, &pn));
	EXPECT_EQ(DT_SCM_OK, dt_schema_match(sg, &pn, NULL));
	ASSERT_LT(0, mkname(nb, sizeof(nb), any2, &pn));
	EXPECT_EQ(DT_SCM_OK, dt_schema_match(sg, &pn, NULL));
	/* S19: the schema gives no value for position 2 */
	EXPECT_EQ(-DT_SCM_E_BUILD_ANON,
		  dt_schema_build_name(sg, &in, nb, sizeof(nb), &dg));
	EXPECT_EQ(2, dg.item);
	free(s);
	free(sg);
}

/*
 * syn2: a 32-component pub template every position of which is a
 * correspondence: 27 from the signing cert, 5 from the anchor's name.
 */
static size_t make_syn2(u8 *out)
{
	u8 c0[32], c1[10], ch[] = { 0, 1 }, tags[32], t0[32], cor[128];
	struct syn y;
	unsigned int i, n = 0;

	base_tokens(&y);
	c0[0] = T_SYN;
	for (i = 1; i <= 27; i++)
		c0[i] = 0xa0 | i;
	c0[28] = T_KEY;
	c0[29] = 0xff;
	c0[30] = T_DCT;
	c0[31] = 0xff;
	c1[0] = T_SYN;
	for (i = 1; i <= 5; i++)
		c1[i] = 0xa0 | i;
	c1[6] = T_KEY;
	c1[7] = 0xff;
	c1[8] = T_DCT;
	c1[9] = 0xff;
	for (i = 0; i < 32; i++) {
		tags[i] = T_X;
		t0[i] = 0xa0 | i;
		cor[n++] = 0;
		cor[n++] = i;
		cor[n++] = i < 27 ? 1 : 2;
		cor[n++] = i < 27 ? i + 1 : i - 26;
	}
	item(&y, DT_SCM_CERTS, c0, sizeof(c0));
	item(&y, DT_SCM_CERTS, c1, sizeof(c1));
	item(&y, DT_SCM_CHAINS, ch, sizeof(ch));
	item(&y, DT_SCM_CORS, cor, sizeof(cor));
	item(&y, DT_SCM_TAGS, tags, sizeof(tags));
	item(&y, DT_SCM_TMPLTS, t0, sizeof(t0));
	disc(&y, 1, 0, 128, 0, 0);
	pub(&y, 0, T_PUB, 0, 1);
	directives(&y, 1, 1);
	return finish(&y, out);
}

TEST(run_time_values_limit)
{
	struct dt_schema *s = malloc(sizeof(*s));
	struct dt_schema_signer *sg = malloc(sizeof(*sg));
	const char *sig[33], *anc[11];
	const struct dt_name *np[2];
	struct dt_name n[2];
	char vals[32][8];
	u8 scm[8192], b0[1024], b1[512];
	size_t len = make_syn2(scm);
	unsigned int i;

	ASSERT_EQ(DT_SCM_OK, dt_schema_read(s, scm, len, NULL));
	sig[0] = "syn";
	for (i = 1; i <= 27; i++) {
		snprintf(vals[i], sizeof(vals[i]), "v%u", i);
		sig[i] = vals[i];
	}
	sig[28] = "KEY";
	sig[29] = "k";
	sig[30] = "dct";
	sig[31] = "@ts";
	sig[32] = NULL;
	anc[0] = "syn";
	{
		static char w[5][8];

		for (i = 0; i < 5; i++) {
			snprintf(w[i], sizeof(w[i]), "w%u", i + 1);
			anc[i + 1] = w[i];
		}
	}
	anc[6] = "KEY";
	anc[7] = "k";
	anc[8] = "dct";
	anc[9] = "@ts";
	anc[10] = NULL;
	ASSERT_LT(0, mkname(b0, sizeof(b0), sig, &n[0]));
	ASSERT_LT(0, mkname(b1, sizeof(b1), anc, &n[1]));
	np[0] = &n[0];
	np[1] = &n[1];
	ASSERT_EQ(1, dt_schema_match_chains(s, np, 2));
	memset(sg, 0, sizeof(*sg));
	sg->s = s;
	/* "syn" is a token (a LIT); 27 + 5 = 32 other values: one too many */
	EXPECT_EQ(DT_SCM_E_CERT_BUILD, dt_schema_resolve(sg, 0, np, 2, 1));
	/* with one value repeated there are 31: the last code is fe */
	anc[5] = "v1";
	ASSERT_LT(0, mkname(b1, sizeof(b1), anc, &n[1]));
	EXPECT_EQ(DT_SCM_OK, dt_schema_resolve(sg, 0, np, 2, 1));
	EXPECT_EQ(31, sg->nx);
	EXPECT_EQ(0xfe, sg->rt[0].code[30]);
	free(s);
	free(sg);
}

/* S8: iot2 with its KM template renamed: AEAD PDUs have no keymaker. */
TEST(missing_keymaker_template)
{
	struct dt_schema *s = malloc(sizeof(*s));
	size_t len;
	u8 *buf = vec_read("dct/schemas/iot2.scm", &len);
	u8 *km;
	int kmp;

	ASSERT_NE(NULL, buf);
	ASSERT_EQ(DT_SCM_OK, dt_schema_read(s, buf, len, NULL));
	EXPECT_EQ(DT_SCM_OK, dt_schema_check_caps(s));
	ASSERT_EQ(4, dt_schema_cap_template(s, "KM"));
	kmp = dt_scm_find_tok(s, (const u8 *)"KMP", 3);
	ASSERT_LE(0, kmp);
	km = (u8 *)dt_scm_bytes(s, &s->cert[4]) + 2;	/* /iot2/CAP/KM */
	*km = kmp;
	ASSERT_EQ(DT_SCM_OK, dt_schema_read(s, buf, len, NULL));
	EXPECT_EQ(-1, dt_schema_cap_template(s, "KM"));
	EXPECT_EQ(DT_SCM_E_CAPS, dt_schema_check_caps(s));
	free(buf);
	free(s);
}

TEST_HARNESS_MAIN
