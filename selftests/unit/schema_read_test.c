// SPDX-License-Identifier: GPL-2.0
/* Schema reader: the six DCT schemas decode to DCT's dump and info facts;
 * hand-made bad schemas are refused with the reason of schema.md 4.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "vec.h"
#include "schema.h"
#include "schema_dump.h"

static const char *const schemas[] = { "iot0", "iot1", "iot2", "office",
				       "ioth", "iote" };

/* Which ids/ directory holds a schema's cert. */
static const char *ids_dir(const char *sc)
{
	return sc[0] == 'i' && sc[3] == 'h' ? "relay" :
	       sc[0] == 'i' && sc[3] == 'e' ? "relay" : sc;
}

static struct dt_schema *load(const char *name, u8 **buf, size_t *len)
{
	char rel[256];
	struct dt_schema *s = malloc(sizeof(*s));

	snprintf(rel, sizeof(rel), "dct/schemas/%s.scm", name);
	*buf = vec_read(rel, len);
	if (!*buf || !s || dt_schema_read(s, *buf, *len, NULL)) {
		free(s);
		return NULL;
	}
	return s;
}

TEST(dump_equals_dct)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(schemas); i++) {
		char rel[256], *out = NULL;
		size_t len, olen = 0, wlen;
		struct dt_schema *s;
		u8 *buf, *want;
		FILE *f;

		s = load(schemas[i], &buf, &len);
		ASSERT_NE(NULL, s) TH_LOG("%s", schemas[i]);
		snprintf(rel, sizeof(rel), "dct/schemas/%s.schema_dump.txt",
			 schemas[i]);
		want = vec_read(rel, &wlen);
		ASSERT_NE(NULL, want);
		f = open_memstream(&out, &olen);
		ASSERT_NE(NULL, f);
		dt_scm_dump(f, s);
		fclose(f);
		EXPECT_EQ(wlen, olen) TH_LOG("%s", schemas[i]);
		EXPECT_EQ(0, strcmp((char *)want, out))
			TH_LOG("%s:\n%s", schemas[i], out);
		free(out);
		free(want);
		free(buf);
		free(s);
	}
}

TEST(info_equals_dct)
{
	unsigned int i, nq;

	for (i = 0; i < ARRAY_SIZE(schemas); i++) {
		char rel[256], ans[512], *line, *save = NULL, *colon;
		struct dt_schema *s;
		size_t len, wlen;
		u8 *buf, *want;

		s = load(schemas[i], &buf, &len);
		ASSERT_NE(NULL, s);
		ASSERT_EQ(DT_SCM_OK, dt_schema_check_caps(s));
		snprintf(rel, sizeof(rel), "dct/schemas/%s.schema_info.txt",
			 schemas[i]);
		want = vec_read(rel, &wlen);
		ASSERT_NE(NULL, want);
		nq = 0;
		for (line = strtok_r((char *)want, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			/* "schema_info <query>: <answer>" */
			ASSERT_EQ(0, strncmp(line, "schema_info ", 12));
			line += 12;
			colon = strstr(line, ": ");
			if (!colon)
				colon = line + strlen(line) - 1;
			ASSERT_EQ(':', *colon);
			*colon = 0;
			ASSERT_EQ(0, dt_scm_info(s, line, ans, sizeof(ans)));
			EXPECT_EQ(0, strcmp(colon[1] ? colon + 2 : "", ans))
				TH_LOG("%s query '%s' -> '%s'", schemas[i],
				       line, ans);
			nq++;
		}
		EXPECT_EQ(10, nq);
		free(want);
		free(buf);
		free(s);
	}
}

/* The schema cert's Content is the .scm; key id and zone id (schema.md 10). */
TEST(schema_cert_content)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(schemas); i++) {
		char rel[256], *tdj, *obj, *zhex, key[64];
		u8 *scm, *cert, kid[4], zone[8], want[8];
		size_t sl, cl, tl, ml;
		const u8 *m;
		struct dt_schema *s = malloc(sizeof(*s));
		struct dt_data d;

		scm = vec_read((snprintf(rel, sizeof(rel),
					 "dct/schemas/%s.scm", schemas[i]),
				rel), &sl);
		cert = vec_read((snprintf(rel, sizeof(rel),
					  "dct/ids/%s/%s.schema",
					  ids_dir(schemas[i]), schemas[i]),
				 rel), &cl);
		ASSERT_NE(NULL, scm);
		ASSERT_NE(NULL, cert);
		ASSERT_EQ(DT_WERR_OK, dt_cert_parse(cert, cl, DT_CERT_F_SCHEMA,
						    &d));
		ASSERT_EQ(sl, d.content_len);
		EXPECT_EQ(0, memcmp(scm, dt_data_content(&d), sl));
		ASSERT_EQ(DT_SCM_OK, dt_scm_load(s, cert, cl, &m, &ml, NULL));
		EXPECT_EQ(sl, ml);
		dt_key_id(scm, sl, kid);
		EXPECT_EQ(0, memcmp(kid, dt_cert_key_id(&d.name), 4));
		EXPECT_TRUE(dt_cert_is_schema_name(&d.name));
		dt_zone_id(cert, cl, zone);
		tdj = (char *)vec_read("dct/objects/domains/trust_domains.json",
				       &tl);
		ASSERT_NE(NULL, tdj);
		snprintf(key, sizeof(key), "\"schema\": \"%s\"", schemas[i]);
		obj = strstr(tdj, key);
		ASSERT_NE(NULL, obj);
		zhex = vec_json_get(obj, "pdu_prefix_component_hex");
		ASSERT_NE(NULL, zhex);
		ASSERT_EQ(8, vec_unhex(zhex, want, 8));
		EXPECT_EQ(0, memcmp(want, zone, 8));
		free(zhex);
		free(tdj);
		free(scm);
		free(cert);
		free(s);
	}
}

/* schema.md 10 bootstrap checks on the six schema certs and anchors (S21). */
TEST(bootstrap)
{
	static const char *const roots[] = { "iot0/iot0", "iot1/iot1",
		"iot2/iot2", "office/office", "relay/iot", "relay/iot" };
	struct dt_schema *s = malloc(sizeof(*s));
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(schemas); i++) {
		char rel[256];
		u8 *root, *cert, *other;
		size_t rl, cl, ol;
		struct dt_data a, sc, oa;
		struct dt_tlv t;

		snprintf(rel, sizeof(rel), "dct/ids/%s.root", roots[i]);
		root = vec_read(rel, &rl);
		snprintf(rel, sizeof(rel), "dct/ids/%s/%s.schema",
			 ids_dir(schemas[i]), schemas[i]);
		cert = vec_read(rel, &cl);
		snprintf(rel, sizeof(rel), "dct/ids/%s.root",
			 roots[(i + 1) % ARRAY_SIZE(roots)]);
		other = vec_read(rel, &ol);
		ASSERT_NE(NULL, root);
		ASSERT_NE(NULL, cert);
		ASSERT_NE(NULL, other);
		/* a .root file is the cert followed by its secret key */
		ASSERT_EQ(DT_WERR_OK, dt_tlv_get(root, rl, &t));
		ASSERT_EQ(DT_WERR_OK, dt_cert_parse(root, dt_tlv_size(&t),
			  DT_CERT_F_ANCHOR | DT_CERT_F_SCHEMA, &a));
		ASSERT_EQ(DT_WERR_OK, dt_tlv_get(other, ol, &t));
		ASSERT_EQ(DT_WERR_OK, dt_cert_parse(other, dt_tlv_size(&t),
			  DT_CERT_F_ANCHOR | DT_CERT_F_SCHEMA, &oa));
		ASSERT_EQ(DT_WERR_OK, dt_cert_parse(cert, cl, DT_CERT_F_SCHEMA,
						    &sc));
		ASSERT_EQ(DT_SCM_OK, dt_schema_read(s, dt_data_content(&sc),
						    sc.content_len, NULL));
		EXPECT_EQ(DT_SCM_OK, dt_schema_bootstrap(s, &a, &sc))
			TH_LOG("%s", schemas[i]);
		/* another domain's anchor: its name or key does not fit */
		if (i != 4)
			EXPECT_NE(DT_SCM_OK, dt_schema_bootstrap(s, &oa, &sc))
				TH_LOG("%s", schemas[i]);
		/* the schema cert as its own anchor */
		EXPECT_EQ(DT_SCM_E_BOOT_ANCHOR,
			  dt_schema_bootstrap(s, &sc, &sc));
		free(root);
		free(cert);
		free(other);
	}
	free(s);
}

/* Pad bytes of pub records are ignored (S3). */
TEST(pub_padding_ignored)
{
	struct dt_schema *a, *b;
	char *da = NULL, *db = NULL;
	size_t len, la, lb, p;
	u8 *buf;
	FILE *f;

	a = load("office", &buf, &len);
	ASSERT_NE(NULL, a);
	f = open_memstream(&da, &la);
	dt_scm_dump(f, a);
	fclose(f);
	b = malloc(sizeof(*b));
	for (p = 0; p < a->n[DT_SCM_PUBS]; p++)
		memset((u8 *)a->val + a->pub_off + 16 * p + 4, 0xa5 + p, 4);
	ASSERT_EQ(DT_SCM_OK, dt_schema_read(b, buf, len, NULL));
	f = open_memstream(&db, &lb);
	dt_scm_dump(f, b);
	fclose(f);
	EXPECT_EQ(0, strcmp(da, db));
	free(da);
	free(db);
	free(a);
	free(b);
	free(buf);
}

/*
 * One bad schema per check of schema.md 4, made from iot1.scm (offsets of
 * its worked decode, schema.md 3: str value at 6, tok 230, cert 306,
 * chain 340, cor 350, tag 391, tmplt 410, vlist 509, disc 516, pub 578).
 */
struct patch {
	const char *what;
	int off;		/* byte to set; -1: none */
	u8 val;
	int cut;		/* bytes removed from the end, or -1 to add one */
	enum dt_schema_err want;
};

static const struct patch patches[] = {
	{ "outer type", 0, 0x84, 0, DT_SCM_E_OUTER },
	{ "outer len fe", 1, 0xfe, 0, DT_SCM_E_OUTER },
	{ "truncated", -1, 0, 1, DT_SCM_E_OUTER },
	{ "trailing byte", -1, 0, -1, DT_SCM_E_OUTER },
	{ "outer non-minimal", 2, 0x00, 0, DT_SCM_E_OUTER },
	{ "str type", 4, 0x85, 0, DT_SCM_E_SECTION },
	{ "tok type", 228, 0x84, 0, DT_SCM_E_SECTION },
	{ "pub type", 576, 0x8e, 0, DT_SCM_E_SECTION },
	{ "str len", 5, 0xdd, 0, DT_SCM_E_SECTION },
	{ "tok len odd", 229, 0x49, 0, DT_SCM_E_SECTION },
	{ "tok past str", 230 + 72, 0xd8, 0, DT_SCM_E_TOK },
	{ "tok empty", 231, 0, 0, DT_SCM_E_TOK },
	{ "tok duplicate", 259, 0x07, 0, DT_SCM_E_TOK },
	{ "cert code index", 308, 0x7e, 0, DT_SCM_E_CERT },
	{ "cert param code", 308, 0x81, 0, DT_SCM_E_CERT },
	{ "cert cor past end", 310, 0xbf, 0, DT_SCM_E_CERT },
	{ "chain index", 341, 0x04, 0, DT_SCM_E_CHAIN },
	{ "chain order", 342, 0x01, 0, DT_SCM_E_CHAIN },
	{ "chain anchor", 343, 0x02, 0, DT_SCM_E_CHAIN },
	{ "cor ct1 >= ct2", 351, 0x02, 0, DT_SCM_E_COR },
	{ "cor co >= 32", 352, 0x20, 0, DT_SCM_E_COR },
	{ "tag token", 392, 0x60, 0, DT_SCM_E_TAG },
	{ "tmplt index code", 411, 0xe0, 0, DT_SCM_E_TMPLT },
	{ "tmplt lit >= ntok", 411, 0x30, 0, DT_SCM_E_TMPLT },
	{ "tmplt param pos", 417, 0x87, 0, DT_SCM_E_TMPLT },
	{ "tmplt call c2", 416, 0xc2, 0, DT_SCM_E_TMPLT },
	{ "vlist token", 510, 0x40, 0, DT_SCM_E_VLIST },
	{ "disc chain bit", 516, 0x04, 0, DT_SCM_E_DISC },
	{ "disc tmpl", 517, 0x40, 0, DT_SCM_E_DISC },
	{ "disc replace comp", 518, 0x81, 0, DT_SCM_E_DISC },
	{ "disc vlist", 549, 0x81, 0, DT_SCM_E_DISC },
	{ "disc cor", 520, 0x05, 0, DT_SCM_E_DISC },
	{ "pub name tok", 580, 0x70, 0, DT_SCM_E_PUB },
	{ "pub tag", 581, 0x09, 0, DT_SCM_E_PUB },
	{ "pub disc past", 587, 0x10, 0, DT_SCM_E_PUB },
	{ "pub duplicate", 580 + 16, 0x02, 0, DT_SCM_E_PUB },
	{ "pub par past tags", 579, 0x02, 0, DT_SCM_E_PUB },
	{ "param at call pos", 578, 0xfe, 0, DT_SCM_E_CONSIST },
	{ "comp not param", 518, 0x05, 0, DT_SCM_E_CONSIST },
	{ "cor on lit mismatch", 357, 0x03, 0, DT_SCM_E_CONSIST },
	{ "no validator", 580 + 48, 0x1c, 0, DT_SCM_E_DIRECTIVE },
};

TEST(bad_schemas)
{
	struct dt_schema *s = malloc(sizeof(*s));
	struct dt_scm_diag dg;
	unsigned int i;
	size_t len;
	u8 *orig, *buf;

	orig = vec_read("dct/schemas/iot1.scm", &len);
	ASSERT_NE(NULL, orig);
	ASSERT_EQ(674, len);
	buf = malloc(len + 1);
	for (i = 0; i < ARRAY_SIZE(patches); i++) {
		const struct patch *p = &patches[i];
		size_t l = len;

		memcpy(buf, orig, len);
		if (p->off >= 0)
			buf[p->off] = p->val;
		if (p->cut > 0)
			l -= p->cut;
		if (p->cut < 0)
			buf[l++] = 0;
		EXPECT_EQ(p->want, dt_schema_read(s, buf, l, &dg))
			TH_LOG("%s: got %s", p->what,
			       dt_schema_err_name(dt_schema_read(s, buf, l,
								 &dg)));
	}
	free(buf);
	free(orig);
	free(s);
}

/* Every truncation of every schema is refused without a crash (S2, S4). */
TEST(truncations)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(schemas); i++) {
		struct dt_schema *s;
		size_t len, l;
		u8 *buf, *cp;

		s = load(schemas[i], &buf, &len);
		ASSERT_NE(NULL, s);
		for (l = 0; l < len; l++) {
			cp = malloc(l ? l : 1);
			memcpy(cp, buf, l);
			EXPECT_NE(DT_SCM_OK, dt_schema_read(s, cp, l, NULL));
			free(cp);
		}
		free(buf);
		free(s);
	}
}

TEST_HARNESS_MAIN
