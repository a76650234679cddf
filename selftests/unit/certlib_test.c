// SPDX-License-Identifier: GPL-2.0
/* Userspace cert library: DCT's id files read, listed, rebuilt and judged. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "vec.h"
#include "wire.h"
#include "cert_build.h"
#include "cert_chain.h"
#include "cert_scm.h"
#include "cert_time.h"
#include "bundle_file.h"

static const char *const doms[] = { "iot0", "iot1", "iot2", "office", "relay" };
static const char *const cert_sfx[] = { ".root", ".cert", ".cap", ".config",
					".schema", ".bundle" };

/* 2026-12-02T00:00:00Z: inside every vector cert's period */
#define NOW_US	1796169600000000ULL

static struct dtc_policy policy_at(u64 now)
{
	struct dtc_policy pol = { .now_us = now, .need_key = true };

	return pol;
}

/* Every cert file of the vectors, with its bytes, parsed. */
struct idfile {
	char rel[256];
	u8 *buf;
	size_t len;
	struct dtc_file f;
};

struct idset {
	struct idfile *v;
	unsigned int n;
};

static int load_ids(struct idset *s)
{
	char dir[64], **list, **p;
	unsigned int d, k, cap = 512;
	struct dtc_problem pr;

	s->v = calloc(cap, sizeof(*s->v));
	s->n = 0;
	for (d = 0; d < ARRAY_SIZE(doms); d++) {
		snprintf(dir, sizeof(dir), "dct/ids/%s", doms[d]);
		for (k = 0; k < ARRAY_SIZE(cert_sfx); k++) {
			list = vec_list(dir, cert_sfx[k]);
			if (!list)
				return -1;
			for (p = list; *p && s->n < cap; p++) {
				struct idfile *f = &s->v[s->n];

				snprintf(f->rel, sizeof(f->rel), "%s/%s", dir,
					 *p);
				f->buf = vec_read(f->rel, &f->len);
				if (!f->buf || dtc_file_parse(f->buf, f->len,
							     &f->f, &pr))
					return -1;
				s->n++;
			}
			vec_free_list(list);
		}
	}
	return 0;
}

static void free_ids(struct idset *s)
{
	unsigned int i;

	for (i = 0; i < s->n; i++)
		free(s->v[i].buf);
	free(s->v);
}

FIXTURE(ids) {
	struct idset s;
};

FIXTURE_SETUP(ids)
{
	ASSERT_EQ(0, load_ids(&self->s));
	/* 5 domains: 10 + 12 + 14 + ~40 + ~30 files */
	ASSERT_LT(100, self->s.n);
}

FIXTURE_TEARDOWN(ids)
{
	free_ids(&self->s);
}

/* Read and re-written: the same bytes, for every cert and bundle file. */
TEST_F(ids, rewrite_identical)
{
	unsigned int i, certs = 0;
	long n;
	u8 *out;

	for (i = 0; i < self->s.n; i++) {
		struct idfile *f = &self->s.v[i];

		n = dtc_bundle_encode(f->f.item, f->f.n, NULL, 0);
		ASSERT_EQ((long)f->len, n) TH_LOG("%s", f->rel);
		out = malloc(f->len);
		ASSERT_EQ(n, dtc_bundle_encode(f->f.item, f->f.n, out, f->len));
		EXPECT_EQ(0, memcmp(out, f->buf, f->len)) TH_LOG("%s", f->rel);
		/* one byte short is refused, not overrun */
		EXPECT_EQ(-1, dtc_bundle_encode(f->f.item, f->f.n, out,
						f->len - 1));
		free(out);
		certs += f->f.n;
	}
	TH_LOG("%u files, %u certs", self->s.n, certs);
}

/* Our listing is DCT's ls_bundle / ls_bundle -v text, byte for byte. */
TEST_F(ids, listing_is_ls_bundle)
{
	char *mine, path[300];
	unsigned int i, nb = 0;
	size_t mlen, llen;
	u8 *ls;
	FILE *m;

	for (i = 0; i < self->s.n; i++) {
		struct idfile *f = &self->s.v[i];

		if (!strstr(f->rel, ".bundle"))
			continue;
		snprintf(path, sizeof(path), "%s.ls_bundle.txt", f->rel);
		ls = vec_read(path, &llen);
		ASSERT_NE(NULL, ls) TH_LOG("%s", path);
		m = open_memstream(&mine, &mlen);
		fputs("# ls_bundle\n", m);
		dtc_bundle_list(m, &f->f, false);
		fputs("# ls_bundle -v\n", m);
		dtc_bundle_list(m, &f->f, true);
		fclose(m);
		EXPECT_STREQ((char *)ls, mine) TH_LOG("%s", f->rel);
		free(mine);
		free(ls);
		nb++;
	}
	EXPECT_LT(40, nb);
}

/* The cert among all files whose thumbprint is tp and that has a key. */
static const struct dtc_item *find_signer(const struct idset *s,
					  const u8 *tp)
{
	u8 t[DT_THUMBPRINT_LEN];
	unsigned int i, j;

	for (i = 0; i < s->n; i++)
		for (j = 0; j < s->v[i].f.n; j++) {
			const struct dtc_item *it = &s->v[i].f.item[j];

			if (!it->key)
				continue;
			dt_thumbprint(it->cert, it->cert_len, t);
			if (!memcmp(t, tp, sizeof(t)))
				return it;
		}
	return NULL;
}

/*
 * Every cert with a known signer key (all but schema certs, whose name
 * comes from the .scm: see schema_cert_from_scm) rebuilt from its fields
 * and that key: identical bytes (Ed25519 is deterministic).
 */
TEST_F(ids, rebuild_every_cert)
{
	u8 prefix[DT_TLV_MAX_VALUE], *out;
	unsigned int i, j, rebuilt = 0;
	const struct dtc_item *sg;
	struct dtc_cert_spec spec;
	struct dtc_problem pr;
	struct dt_data d;
	size_t len;

	for (i = 0; i < self->s.n; i++) {
		for (j = 0; j < self->s.v[i].f.n; j++) {
			const struct dtc_item *it = &self->s.v[i].f.item[j];

			ASSERT_EQ(0, dt_cert_parse(it->cert, it->cert_len,
						   DT_CERT_F_ANCHOR |
						   DT_CERT_F_SCHEMA, &d));
			ASSERT_EQ(DTC_OK, dtc_cert_spec_of(&d, prefix,
							   sizeof(prefix),
							   &spec));
			if (dt_tp_is_zero(d.si.key_digest)) {
				/* self-signed: its own key, from its .root */
				u8 own[DT_THUMBPRINT_LEN];

				dt_thumbprint(it->cert, it->cert_len, own);
				sg = find_signer(&self->s, own);
				ASSERT_NE(NULL, sg);
			} else {
				sg = find_signer(&self->s, d.si.key_digest);
				ASSERT_NE(NULL, sg) TH_LOG("%s", self->s.v[i].rel);
				spec.signer_tp = d.si.key_digest;
			}
			spec.signer_sk = sg->key;
			ASSERT_EQ(DTC_OK, dtc_cert_build(&spec, &out, &len,
							 &pr)) TH_LOG("%s", pr.msg);
			ASSERT_EQ(it->cert_len, len);
			EXPECT_EQ(0, memcmp(out, it->cert, len))
				TH_LOG("%s cert %u", self->s.v[i].rel, j);
			free(out);
			rebuilt++;
		}
	}
	TH_LOG("%u certs rebuilt", rebuilt);
	EXPECT_LT(200, rebuilt);
}

/* schema_cert: .scm + anchor key + the creation time = the vector. */
TEST(schema_cert_from_scm)
{
	static const struct {
		const char *scm, *schema, *root;
		const char *pub0, *prefix;
	} t[] = {
		{ "iot0", "iot0/iot0.schema", "iot0/iot0.root", "#iotPub", "/iot0" },
		{ "iot1", "iot1/iot1.schema", "iot1/iot1.root", "#iotPub", "/iot1" },
		{ "iot2", "iot2/iot2.schema", "iot2/iot2.root", "#iotPub", "/iot2" },
		{ "office", "office/office.schema", "office/office.root", "#pub", "/office" },
		{ "ioth", "relay/ioth.schema", "relay/iot.root", "#iotPub", "/iot" },
		{ "iote", "relay/iote.schema", "relay/iot.root", "#iotPub", "/iot" },
	};
	char rel[128], text[1400];
	u8 name[2048], *scm, *sc, *root, *out, tp[DT_THUMBPRINT_LEN];
	size_t scml, scl, rootl, len;
	struct dtc_scm_facts facts;
	struct dtc_cert_spec spec = { 0 };
	struct dtc_problem pr;
	struct dtc_file rf;
	unsigned int i;
	int n;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		snprintf(rel, sizeof(rel), "dct/schemas/%s.scm", t[i].scm);
		scm = vec_read(rel, &scml);
		snprintf(rel, sizeof(rel), "dct/ids/%s", t[i].schema);
		sc = vec_read(rel, &scl);
		snprintf(rel, sizeof(rel), "dct/ids/%s", t[i].root);
		root = vec_read(rel, &rootl);
		ASSERT_TRUE(scm && sc && root);
		ASSERT_EQ(DTC_OK, dtc_scm_facts(scm, scml, &facts, &pr))
			TH_LOG("%s: %s", t[i].scm, pr.msg);
		EXPECT_STREQ(t[i].pub0, facts.pub0);
		EXPECT_STREQ(t[i].prefix, facts.prefix);
		EXPECT_STREQ("EdDSA", facts.cert_validator);
		snprintf(text, sizeof(text), "%s/schema/%s", facts.prefix,
			 facts.pub0);
		n = dtc_name_from_str(text, name, sizeof(name), &pr);
		ASSERT_LT(0, n);
		ASSERT_EQ(DTC_OK, dtc_file_parse(root, rootl, &rf, &pr));
		dt_thumbprint(rf.item[0].cert, rf.item[0].cert_len, tp);
		spec.prefix = name;
		spec.prefix_size = (size_t)n;
		spec.content = scm;
		spec.content_len = scml;
		spec.start_us = 1795305600000000ULL;
		spec.end_us = spec.start_us + 365 * DTC_US_PER_DAY;
		spec.signer_sk = rf.item[0].key;
		spec.signer_tp = tp;
		ASSERT_EQ(DTC_OK, dtc_cert_build(&spec, &out, &len, &pr));
		ASSERT_EQ(scl, len) TH_LOG("%s", t[i].scm);
		EXPECT_EQ(0, memcmp(out, sc, len)) TH_LOG("%s", t[i].scm);
		/* a truncated or altered schema is refused, not misread */
		EXPECT_EQ(DTC_E_SCHEMA, dtc_scm_facts(scm, scml - 1, &facts,
						      &pr));
		scm[0] = 0x84;
		EXPECT_EQ(DTC_E_SCHEMA, dtc_scm_facts(scm, scml, &facts, &pr));
		free(out);
		free(scm);
		free(sc);
		free(root);
	}
}

/* Every vector bundle passes the full check at today's date. */
TEST_F(ids, every_bundle_validates)
{
	struct dtc_policy pol = policy_at(NOW_US);
	struct dtc_problem pr;
	unsigned int i, nb = 0;

	for (i = 0; i < self->s.n; i++) {
		struct idfile *f = &self->s.v[i];

		if (!strstr(f->rel, ".bundle"))
			continue;
		EXPECT_EQ(DTC_OK, dtc_bundle_check(f->buf, f->len, &pol, NULL,
						   &pr)) TH_LOG("%s: %s", f->rel, pr.msg);
		nb++;
	}
	EXPECT_LT(40, nb);
}

/* ---- refusals, each with a sentence naming the problem ---- */

struct bundle_parts {
	u8 *fd, *al, *bob, *i2s;
	size_t fdl, all, bobl, i2sl;
	struct dtc_file f, a, b, s;
};

FIXTURE(refuse) {
	struct bundle_parts p;
	u8 out[8192];
	struct dtc_item it[DTC_FILE_MAX_CERTS];
	struct dtc_problem pr;
};

FIXTURE_SETUP(refuse)
{
	struct bundle_parts *p = &self->p;

	p->fd = vec_read("dct/ids/iot2/frontdoor.bundle", &p->fdl);
	p->al = vec_read("dct/ids/iot1/alice.bundle", &p->all);
	p->bob = vec_read("dct/ids/iot1/bob.bundle", &p->bobl);
	p->i2s = vec_read("dct/ids/iot2/iot2.schema", &p->i2sl);
	ASSERT_TRUE(p->fd && p->al && p->bob && p->i2s);
	ASSERT_EQ(DTC_OK, dtc_file_parse(p->fd, p->fdl, &p->f, NULL));
	ASSERT_EQ(DTC_OK, dtc_file_parse(p->al, p->all, &p->a, NULL));
	ASSERT_EQ(DTC_OK, dtc_file_parse(p->bob, p->bobl, &p->b, NULL));
	ASSERT_EQ(DTC_OK, dtc_file_parse(p->i2s, p->i2sl, &p->s, NULL));
	ASSERT_EQ(5, p->f.n);
	ASSERT_EQ(3, p->a.n);
}

FIXTURE_TEARDOWN(refuse)
{
	free(self->p.fd);
	free(self->p.al);
	free(self->p.bob);
	free(self->p.i2s);
}

static enum dtc_err check_items(struct __test_metadata *_metadata,
				FIXTURE_DATA(refuse) *self, unsigned int n,
				u64 now)
{
	struct dtc_policy pol = policy_at(now);
	long len = dtc_bundle_encode(self->it, n, self->out,
				     sizeof(self->out));

	if (len < 0)
		return DTC_E_MAX;
	return dtc_bundle_check(self->out, (size_t)len, &pol, NULL,
				&self->pr);
}

TEST_F(refuse, wrong_key)
{
	memcpy(self->it, self->p.a.item, 3 * sizeof(self->it[0]));
	self->it[2].key = self->p.b.item[2].key;	/* bob's key */
	EXPECT_EQ(DTC_E_KEY_MISMATCH, check_items(_metadata, self, 3, NOW_US));
	EXPECT_NE(NULL, strstr(self->pr.msg, "wrong key"));
	EXPECT_NE(NULL, strstr(self->pr.msg, "/iot1/operator/alice/KEY"));
	EXPECT_EQ(2, self->pr.cert);
	/* a seed that does not give the stored public half */
	memcpy(self->out + 4000, self->p.a.item[2].key, 64);
	self->out[4000] ^= 1;
	self->it[2].key = self->out + 4000;
	EXPECT_EQ(DTC_E_KEY_MISMATCH, check_items(_metadata, self, 3, NOW_US));
	self->it[2].key = NULL;
	EXPECT_EQ(DTC_E_KEY_MISSING, check_items(_metadata, self, 3, NOW_US));
	EXPECT_NE(NULL, strstr(self->pr.msg, "without its secret key"));
}

TEST_F(refuse, expired_and_not_yet_valid)
{
	u64 t;

	memcpy(self->it, self->p.a.item, 3 * sizeof(self->it[0]));
	/* 2027-11-22T00:00:00Z is the last valid second, then expired */
	ASSERT_EQ(0, dtc_time_parse("2027-11-22T00:00:00Z", &t));
	EXPECT_EQ(DTC_OK, check_items(_metadata, self, 3, t));
	EXPECT_EQ(DTC_E_EXPIRED, check_items(_metadata, self, 3, t + 1000000));
	EXPECT_NE(NULL, strstr(self->pr.msg, "has expired"));
	EXPECT_NE(NULL, strstr(self->pr.msg, "2027-11-22T00:00:00Z"));
	EXPECT_EQ(0, self->pr.cert);	/* the anchor is the first found */
	ASSERT_EQ(0, dtc_time_parse("20261122T000000", &t));
	EXPECT_EQ(DTC_OK, check_items(_metadata, self, 3, t));
	EXPECT_EQ(DTC_E_NOT_YET_VALID, check_items(_metadata, self, 3, t - 1));
	EXPECT_NE(NULL, strstr(self->pr.msg, "not valid yet"));
}

TEST_F(refuse, broken_chain)
{
	struct dtc_item *f = self->p.f.item;

	/* frontdoor without the KM cap: KMP cap's signer is missing */
	self->it[0] = f[0];
	self->it[1] = f[1];
	self->it[2] = f[3];
	self->it[3] = f[4];
	EXPECT_EQ(DTC_E_CHAIN_SIGNER, check_items(_metadata, self, 4, NOW_US));
	EXPECT_NE(NULL, strstr(self->pr.msg, "broken chain"));
	EXPECT_NE(NULL, strstr(self->pr.msg, "/iot2/CAP/KMP/1/KEY"));
	/* the caps swapped */
	self->it[2] = f[3];
	self->it[3] = f[2];
	self->it[4] = f[4];
	EXPECT_EQ(DTC_E_CHAIN_SIGNER, check_items(_metadata, self, 5, NOW_US));
	/* alice's cert under iot2's anchor */
	self->it[2] = self->p.a.item[2];
	EXPECT_EQ(DTC_E_CHAIN_SIGNER, check_items(_metadata, self, 3, NOW_US));
	/* too short */
	EXPECT_EQ(DTC_E_TOO_FEW, check_items(_metadata, self, 2, NOW_US));
}

TEST_F(refuse, schema_not_signed_by_anchor)
{
	struct dtc_item *a = self->p.a.item;
	u8 *cp = self->out + 6000;

	/* iot2's schema cert in alice's iot1 bundle */
	self->it[0] = a[0];
	self->it[1] = self->p.s.item[0];
	self->it[2] = a[2];
	EXPECT_EQ(DTC_E_SCHEMA_SIGNER, check_items(_metadata, self, 3, NOW_US));
	EXPECT_NE(NULL, strstr(self->pr.msg, "not signed by the trust anchor"));
	EXPECT_EQ(1, self->pr.cert);
	/* iot1's own schema cert with a flipped signature bit */
	memcpy(cp, a[1].cert, a[1].cert_len);
	cp[a[1].cert_len - 1] ^= 0x80;
	self->it[1] = a[1];
	self->it[1].cert = cp;
	EXPECT_EQ(DTC_E_SCHEMA_SIGNER, check_items(_metadata, self, 3, NOW_US));
	EXPECT_NE(NULL, strstr(self->pr.msg, "does not verify"));
	/* anchor and schema swapped */
	self->it[0] = a[1];
	self->it[1] = a[0];
	EXPECT_EQ(DTC_E_NOT_ANCHOR, check_items(_metadata, self, 3, NOW_US));
	/* identity cert in the schema's place */
	self->it[0] = a[0];
	self->it[1] = a[2];
	self->it[1].key = NULL;
	EXPECT_EQ(DTC_E_NOT_SCHEMA, check_items(_metadata, self, 3, NOW_US));
}

/* The schema cert as an identity: no key of its own (W33). */
TEST_F(refuse, schema_cert_as_identity)
{
	struct dtc_policy pol = policy_at(NOW_US);
	struct dtc_chain ch;

	self->it[0] = self->p.a.item[0];
	self->it[1] = self->p.a.item[1];
	self->it[2] = self->p.a.item[1];
	ASSERT_EQ(DTC_OK, dtc_chain_from_items(&ch, self->it, 3, &self->pr));
	pol.need_key = false;
	EXPECT_EQ(DTC_E_MALFORMED, dtc_chain_validate(&ch, &pol, &self->pr));
	EXPECT_EQ(DT_WERR_CERT_KEY, self->pr.wire);
	EXPECT_EQ(2, self->pr.cert);
	EXPECT_NE(NULL, strstr(self->pr.msg, "32-byte public key"));
}

TEST_F(refuse, key_on_a_chain_cert)
{
	memcpy(self->it, self->p.f.item, 5 * sizeof(self->it[0]));
	self->it[2].key = self->it[4].key;
	EXPECT_EQ(DTC_E_KEY_PLACE, check_items(_metadata, self, 5, NOW_US));
	EXPECT_NE(NULL, strstr(self->pr.msg, "only the last certificate"));
}

/* ---- our own builds: anchor, schema cert, cap and identity ---- */

struct built {
	u8 *c[4];
	size_t l[4];
	struct dtc_keypair k[3];	/* anchor, cap, identity */
};

static enum dtc_err build_one(struct built *b, int i, const char *name,
			      const u8 *content, size_t clen, int signer,
			      u64 start, u64 end)
{
	u8 nm[512], tp[DT_THUMBPRINT_LEN];
	struct dtc_cert_spec s = { 0 };
	struct dtc_problem pr;
	int n = dtc_name_from_str(name, nm, sizeof(nm), &pr);

	if (n < 0)
		return pr.code;
	s.prefix = nm;
	s.prefix_size = (size_t)n;
	s.content = content;
	s.content_len = clen;
	s.start_us = start;
	s.end_us = end;
	if (signer < 0) {
		s.signer_sk = b->k[0].sk;
	} else {
		dt_thumbprint(b->c[signer], b->l[signer], tp);
		s.signer_tp = tp;
		s.signer_sk = b->k[signer == 0 ? 0 : signer - 1].sk;
	}
	return dtc_cert_build(&s, &b->c[i], &b->l[i], &pr);
}

static void seed_of(u8 seed[32], u8 v)
{
	memset(seed, v, 32);
}

TEST(own_certs_validate)
{
	u64 t0 = 1796169600000000ULL, end = t0 + 30 * DTC_US_PER_DAY;
	struct dtc_policy pol = policy_at(t0 + 1000000);
	struct dtc_item it[4] = { 0 };
	struct dtc_problem pr;
	struct dt_bundle db;
	struct built b = { 0 };
	u8 *scm, seed[32], out[8192];
	size_t scml;
	long n;
	int i;

	scm = vec_read("dct/schemas/iot2.scm", &scml);
	ASSERT_NE(NULL, scm);
	for (i = 0; i < 3; i++) {
		seed_of(seed, (u8)(i + 1));
		dtc_keypair_from_seed(&b.k[i], seed);
	}
	ASSERT_EQ(DTC_OK, build_one(&b, 0, "/iot2", b.k[0].pk, 32, -1, t0,
				    end));
	ASSERT_EQ(DTC_OK, build_one(&b, 1, "/iot2/schema/#iotPub", scm, scml,
				    0, t0, end));
	ASSERT_EQ(DTC_OK, build_one(&b, 2, "/iot2/CAP/KM/1", b.k[1].pk, 32, 0,
				    t0, end));
	ASSERT_EQ(DTC_OK, build_one(&b, 3, "/iot2/device/frontdoor",
				    b.k[2].pk, 32, 2, t0 + 500000, end));
	for (i = 0; i < 4; i++) {
		it[i].cert = b.c[i];
		it[i].cert_len = (u32)b.l[i];
	}
	it[3].key = b.k[2].sk;
	it[3].key_len = 64;
	n = dtc_bundle_encode(it, 4, out, sizeof(out));
	ASSERT_LT(0, n);
	EXPECT_EQ(DTC_OK, dtc_bundle_check(out, (size_t)n, &pol, NULL, &pr))
		TH_LOG("%s", pr.msg);
	EXPECT_EQ(DT_WERR_OK, dt_bundle_parse(out, (size_t)n, &db));
	/* the same inputs give the same bytes */
	free(b.c[3]);
	ASSERT_EQ(DTC_OK, build_one(&b, 3, "/iot2/device/frontdoor",
				    b.k[2].pk, 32, 2, t0 + 500000, end));
	EXPECT_EQ(0, memcmp(b.c[3], out + n - 66 - b.l[3], b.l[3]));

	/* an identity valid past its signer's period is refused */
	free(b.c[3]);
	ASSERT_EQ(DTC_OK, build_one(&b, 3, "/iot2/device/frontdoor",
				    b.k[2].pk, 32, 2, t0, end + 1000000));
	it[3].cert = b.c[3];
	n = dtc_bundle_encode(it, 4, out, sizeof(out));
	EXPECT_EQ(DTC_E_NOT_NESTED, dtc_bundle_check(out, (size_t)n, &pol,
						     NULL, &pr));
	EXPECT_NE(NULL, strstr(pr.msg, "outside the period of its signer"));
	for (i = 0; i < 4; i++)
		free(b.c[i]);
	free(scm);
}

/* The schema-rules hook is called last, with the chain, and can refuse. */
static enum dtc_err refuse_devices(void *ctx, const struct dtc_chain *ch,
				   struct dtc_problem *p)
{
	struct dt_comp c;

	(*(int *)ctx)++;
	dt_name_comp(&ch->c[ch->n - 1].d.name, 1, &c);
	if (dt_comp_is_generic(&c, "device", 6))
		return dtc_fail(p, DTC_E_RULES, (int)ch->n - 1,
				"no template admits a device here");
	return DTC_OK;
}

TEST(rules_hook)
{
	struct dtc_policy pol = policy_at(NOW_US);
	struct dtc_problem pr;
	size_t l1, l2;
	u8 *op = vec_read("dct/ids/iot1/alice.bundle", &l1);
	u8 *dev = vec_read("dct/ids/iot1/gate.bundle", &l2);
	int calls = 0;

	ASSERT_TRUE(op && dev);
	pol.rules = refuse_devices;
	pol.rules_ctx = &calls;
	EXPECT_EQ(DTC_OK, dtc_bundle_check(op, l1, &pol, NULL, &pr));
	EXPECT_EQ(DTC_E_RULES, dtc_bundle_check(dev, l2, &pol, NULL, &pr));
	EXPECT_STREQ("no template admits a device here", pr.msg);
	EXPECT_EQ(2, calls);
	/* not called for a chain refused before */
	pol.now_us += 400 * DTC_US_PER_DAY;
	EXPECT_EQ(DTC_E_EXPIRED, dtc_bundle_check(dev, l2, &pol, NULL, &pr));
	EXPECT_EQ(2, calls);
	free(op);
	free(dev);
}

TEST(names_and_times)
{
	u8 nm[256], *c;
	struct dtc_problem pr;
	struct dtc_file f;
	struct dt_data d;
	size_t len;
	u64 t;
	int n;

	c = vec_read("dct/ids/iot1/alice.cert", &len);
	ASSERT_NE(NULL, c);
	ASSERT_EQ(DTC_OK, dtc_file_parse(c, len, &f, &pr));
	ASSERT_EQ(0, dt_cert_parse(f.item[0].cert, f.item[0].cert_len, 0, &d));
	n = dtc_name_from_str("/iot1/operator/alice", nm, sizeof(nm), &pr);
	ASSERT_LT(0, n);
	/* the prefix components are the cert name's first three */
	EXPECT_EQ(0, memcmp(nm + 2, d.name.val, d.name.off[3]));
	EXPECT_EQ(n - 2, d.name.off[3]);
	EXPECT_EQ(n, dtc_name_from_str("iot1/operator/alice/", nm, sizeof(nm),
				       &pr));
	EXPECT_EQ(-1, dtc_name_from_str("/iot1//alice", nm, sizeof(nm), &pr));
	EXPECT_EQ(DTC_E_ARG, pr.code);
	EXPECT_EQ(-1, dtc_name_from_str("/", nm, sizeof(nm), &pr));
	free(c);

	ASSERT_EQ(0, dtc_time_parse("2026-11-22T00:00:00Z", &t));
	EXPECT_EQ(1795305600000000ULL, t);
	ASSERT_EQ(0, dtc_time_parse("2026-11-22T01:00:00.5", &t));
	EXPECT_EQ(1795309200500000ULL, t);
	ASSERT_EQ(0, dtc_time_parse("@1795305600.000001", &t));
	EXPECT_EQ(1795305600000001ULL, t);
	ASSERT_EQ(0, dtc_time_parse("20271122T000000", &t));
	EXPECT_EQ(1795305600000000ULL + 365 * DTC_US_PER_DAY, t);
	EXPECT_EQ(-1, dtc_time_parse("2026-02-30T00:00:00Z", &t));
	EXPECT_EQ(-1, dtc_time_parse("2026-11-22T24:00:00Z", &t));
	EXPECT_EQ(-1, dtc_time_parse("2026-11-22T00:00:00.1234567Z", &t));
	EXPECT_EQ(-1, dtc_time_parse("yesterday", &t));
	EXPECT_EQ(-1, dtc_time_parse("@", &t));
	ASSERT_EQ(0, dtc_time_parse("@253402300799", &t));
	EXPECT_EQ(-1, dtc_time_parse("@253402300800", &t));
	EXPECT_EQ(-1, dtc_time_parse("", &t));
}

/* DCT's reader rules for files: what it refuses, we refuse. */
TEST(file_format)
{
	static const u8 key_first[] = { 0x17, 0x00 };
	static const u8 other[] = { 0x07, 0x00 };
	struct dtc_problem pr;
	struct dtc_file f;
	size_t len;
	u8 *c = vec_read("dct/ids/iot1/alice.cert", &len), *two;

	ASSERT_NE(NULL, c);
	EXPECT_EQ(DTC_E_FORMAT, dtc_file_parse(key_first, 2, &f, &pr));
	EXPECT_EQ(DTC_E_FORMAT, dtc_file_parse(other, 2, &f, &pr));
	EXPECT_NE(NULL, strstr(pr.msg, "type 7"));
	EXPECT_EQ(DTC_E_FORMAT, dtc_file_parse(c, 0, &f, &pr));
	EXPECT_EQ(DTC_E_FORMAT, dtc_file_parse(c, len - 1, &f, &pr));
	/* cert, key, key */
	two = malloc(len + 66);
	memcpy(two, c, len);
	memcpy(two + len, c + len - 66, 66);
	EXPECT_EQ(DTC_E_FORMAT, dtc_file_parse(two, len + 66, &f, &pr));
	/* a cert whose key id does not match its key */
	c[0x20 + 2] ^= 1;
	EXPECT_EQ(DTC_E_MALFORMED, dtc_file_parse(c, len, &f, &pr));
	EXPECT_EQ(DT_WERR_CERT_NAME, pr.wire);
	EXPECT_NE(NULL, strstr(pr.msg, "key id"));
	free(two);
	free(c);
}

/*
 * Signing certs as DCT's getSigningPair makes them: the objects/ vectors
 * (clock 2026-11-22T01:00:00Z, key from the seed recorded beside them).
 */
TEST(signing_cert_as_dct)
{
	static const char *const who[] = {
		"iot0/alice", "iot0/frontdoor", "iot1/alice", "iot1/frontdoor",
		"iot2/alice", "iot2/frontdoor",
	};
	u8 prefix[512], seed[32], tp[DT_THUMBPRINT_LEN], *bun, *want, *json;
	char rel[256], *hex;
	struct dtc_cert_spec spec;
	struct dtc_keypair kp;
	struct dtc_problem pr;
	struct dt_bundle b;
	struct dt_data id;
	size_t bl, wl, jl, len;
	unsigned int i;
	u8 *out;

	for (i = 0; i < ARRAY_SIZE(who); i++) {
		snprintf(rel, sizeof(rel), "dct/ids/%s.bundle", who[i]);
		bun = vec_read(rel, &bl);
		snprintf(rel, sizeof(rel), "dct/objects/%s/signing_cert.bin",
			 who[i]);
		want = vec_read(rel, &wl);
		snprintf(rel, sizeof(rel), "dct/objects/%s/signing_pair.json",
			 who[i]);
		json = vec_read(rel, &jl);
		ASSERT_TRUE(bun && want && json) TH_LOG("%s", who[i]);
		hex = vec_json_get((char *)json, "seed_hex");
		ASSERT_NE(NULL, hex);
		ASSERT_EQ(32, vec_unhex(hex, seed, sizeof(seed)));
		free(hex);
		dtc_keypair_from_seed(&kp, seed);

		ASSERT_EQ(DT_WERR_OK, dt_bundle_parse(bun, bl, &b));
		ASSERT_EQ(DT_WERR_OK, dt_cert_parse(b.cert[b.ncerts - 1].buf,
						    b.cert[b.ncerts - 1].len,
						    0, &id));
		dt_thumbprint(b.cert[b.ncerts - 1].buf,
			      b.cert[b.ncerts - 1].len, tp);
		ASSERT_EQ(DTC_OK, dtc_signing_spec(&id, 1795309200000000ULL,
						   prefix, sizeof(prefix),
						   &spec, &pr)) TH_LOG("%s", pr.msg);
		spec.content = kp.pk;
		spec.content_len = sizeof(kp.pk);
		spec.signer_sk = b.key;
		spec.signer_tp = tp;
		ASSERT_EQ(DTC_OK, dtc_cert_build(&spec, &out, &len, &pr));
		ASSERT_EQ(wl, len) TH_LOG("%s", who[i]);
		EXPECT_EQ(0, memcmp(out, want, len)) TH_LOG("%s", who[i]);
		free(out);
		/* near the identity's end: cut to NotAfter - 10 min */
		ASSERT_EQ(DTC_OK, dtc_signing_spec(&id, 1826841000500000ULL,
						   prefix, sizeof(prefix),
						   &spec, &pr));
		/*
		 * now 2027-11-21T23:50:00.5Z: start 23:45:00.5, lifetime
		 * floor(NotAfter - now - 5 min) = 299 s, so the end is
		 * 23:49:59.5, inside NotAfter - 10 min
		 */
		EXPECT_EQ(1826840700500000ULL, spec.start_us);
		EXPECT_EQ(1826840700500000ULL + 299000000ULL, spec.end_us);
		EXPECT_GE(1826841600000000ULL - DTC_CERT_OVERLAP_US,
			  spec.end_us);
		/* identity expired or not yet valid */
		EXPECT_EQ(DTC_E_EXPIRED, dtc_signing_spec(&id, 1826841600000000ULL,
							  prefix, sizeof(prefix),
							  &spec, &pr));
		EXPECT_EQ(DTC_E_NOT_YET_VALID,
			  dtc_signing_spec(&id, 1795305600000000ULL, prefix,
					   sizeof(prefix), &spec, &pr));
		free(bun);
		free(want);
		free(json);
	}
}

/* ls_bundle's "<= ?" for a signer not in the file, and duplicates. */
TEST(list_unknown_signer_and_duplicates)
{
	struct dtc_item it[2];
	struct dtc_file f;
	size_t len, ol;
	char *out;
	u8 *c, two[1024];
	FILE *m;

	c = vec_read("dct/ids/iot1/alice.cert", &len);
	ASSERT_NE(NULL, c);
	ASSERT_EQ(DTC_OK, dtc_file_parse(c, len, &f, NULL));
	m = open_memstream(&out, &ol);
	dtc_bundle_list(m, &f, false);
	fclose(m);
	EXPECT_STREQ("0 <= ?: /iot1/operator/alice/KEY/^5a982a9c/dct/26-11-22@00:00:00.000000 key 'ad7ab9b8...\n",
		     out);
	free(out);
	/* the same cert twice, no key: reported, then listed */
	it[0] = f.item[0];
	it[0].key = NULL;
	it[1] = it[0];
	ASSERT_LT(0, dtc_bundle_encode(it, 2, two, sizeof(two)));
	ASSERT_EQ(DTC_OK, dtc_file_parse(two, 2 * it[0].cert_len, &f, NULL));
	m = open_memstream(&out, &ol);
	dtc_bundle_list(m, &f, false);
	fclose(m);
	EXPECT_EQ(out, strstr(out, "** duplicate thumbprints: cert 0 and 1.\n0 <= ?"));
	free(out);
	free(c);
}

/* Times a cert cannot write are refused, not wrapped. */
TEST(period_limits)
{
	u8 nm[64], sk[64], pk[32], seed[32] = { 1 };
	struct dtc_cert_spec s = { 0 };
	struct dtc_problem pr;
	size_t len;
	u8 *out;
	int n;

	dt_ed25519_keypair(pk, sk, seed);
	n = dtc_name_from_str("/x", nm, sizeof(nm), NULL);
	ASSERT_LT(0, n);
	s.prefix = nm;
	s.prefix_size = (size_t)n;
	s.content = pk;
	s.content_len = 32;
	s.signer_sk = sk;
	s.start_us = 1796169600000000ULL;
	s.end_us = (DTC_TIME_MAX_S + 1) * 1000000;
	EXPECT_EQ(DTC_E_ARG, dtc_cert_build(&s, &out, &len, &pr));
	EXPECT_NE(NULL, strstr(pr.msg, "9999"));
	s.end_us = s.start_us + 999999;	/* same second */
	EXPECT_EQ(DTC_E_ARG, dtc_cert_build(&s, &out, &len, &pr));
	s.end_us = DTC_TIME_MAX_S * 1000000;
	ASSERT_EQ(DTC_OK, dtc_cert_build(&s, &out, &len, &pr));
	free(out);
}

/* deftd's start: load, check, keep; wiped on free. */
TEST(identity_load)
{
	struct dtc_policy pol = policy_at(NOW_US);
	struct dtc_identity id;
	struct dtc_problem pr;
	char uri[DT_NAME_URI_MAX];

	ASSERT_EQ(DTC_OK, dtc_identity_load(vec_path("dct/ids/office/room2.bundle"),
					    &pol, &id, &pr)) TH_LOG("%s", pr.msg);
	EXPECT_EQ(6, id.ch.n);
	ASSERT_NE(NULL, id.ch.key);
	EXPECT_TRUE(id.ch.key >= id.buf && id.ch.key + 64 == id.buf + id.len);
	dt_name_uri(&id.ch.c[5].d.name, uri, sizeof(uri));
	EXPECT_EQ(0, strncmp(uri, "/office/controller/room2/KEY/", 29));
	dtc_identity_free(&id);
	EXPECT_EQ(NULL, id.buf);
	/* a refusal names the file */
	pol.now_us += 400 * DTC_US_PER_DAY;
	EXPECT_EQ(DTC_E_EXPIRED, dtc_identity_load(vec_path("dct/ids/office/room2.bundle"),
						   &pol, &id, &pr));
	EXPECT_NE(NULL, strstr(pr.msg, "room2.bundle: "));
	EXPECT_EQ(DTC_E_IO, dtc_identity_load("/nonexistent/x.bundle", &pol,
					      &id, &pr));
	EXPECT_NE(NULL, strstr(pr.msg, "cannot open /nonexistent/x.bundle"));
}

TEST_HARNESS_MAIN
