// SPDX-License-Identifier: GPL-2.0
/* deftd's cert store rules (distributors.md 3.3) on the iot1 vector domain. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "vec.h"
#include "bundle.h"
#include "bundle_file.h"
#include "cert_build.h"
#include "cert_time.h"
#include "log.h"
#include "trust.h"

#define IOT1 "dct/ids/iot1/"

/* Certs of the vectors are valid 2026-11-22 .. 2027-11-22. */
#define NOW	"2026-12-01T12:00:00Z"

struct cert {
	u8 *buf;
	size_t len;
};

/* What the hooks saw. */
struct seen {
	unsigned int installs, stored, removed;
	unsigned int last_n;
	u8 last_first[DT_THUMBPRINT_LEN];
	int install_ret;
};

static int on_install(void *ctx, const struct deftd_cert *const *chain,
		      unsigned int n)
{
	struct seen *s = ctx;

	s->installs++;
	s->last_n = n;
	memcpy(s->last_first, chain[0]->tp, DT_THUMBPRINT_LEN);
	return s->install_ret;
}

static void on_stored(void *ctx, const struct deftd_cert *c)
{
	((struct seen *)ctx)->stored++;
}

static void on_removed(void *ctx, const struct deftd_cert *c)
{
	((struct seen *)ctx)->removed++;
}

FIXTURE(iot1) {
	struct dtc_file alice, bob, root;
	struct dt_schema *schema;
	struct deftd_trust t;
	struct seen seen;
	u64 now;
};

static u64 at(const char *s)
{
	u64 us = 0;

	dtc_time_parse(s, &us);
	return us;
}

FIXTURE_SETUP(iot1)
{
	const u8 *buf[DT_BUNDLE_MAX_CERTS];
	u32 len[DT_BUNDLE_MAX_CERTS];
	struct deftd_trust_ops ops = {
		.install = on_install,
		.stored = on_stored,
		.removed = on_removed,
		.ctx = &self->seen,
	};
	struct dtc_problem p;
	struct dt_data sc;
	unsigned int i;

	deftd_log_set_level(LOG_WARNING);
	memset(&self->seen, 0, sizeof(self->seen));
	ASSERT_EQ(0, dtc_file_load(vec_path(IOT1 "alice.bundle"),
				   &self->alice, &p)) TH_LOG("%s", p.msg);
	ASSERT_EQ(0, dtc_file_load(vec_path(IOT1 "bob.bundle"), &self->bob,
				   &p)) TH_LOG("%s", p.msg);
	ASSERT_EQ(0, dtc_file_load(vec_path(IOT1 "iot1.root"), &self->root,
				   &p)) TH_LOG("%s", p.msg);
	ASSERT_EQ(3, self->alice.n);
	self->schema = calloc(1, sizeof(*self->schema));
	ASSERT_NE(NULL, self->schema);
	ASSERT_EQ(0, dt_cert_parse(self->alice.item[1].cert,
				   self->alice.item[1].cert_len,
				   DT_CERT_F_SCHEMA, &sc));
	ASSERT_EQ(0, dt_schema_read(self->schema, dt_data_content(&sc),
				    sc.content_len, NULL));
	for (i = 0; i < self->alice.n; i++) {
		buf[i] = self->alice.item[i].cert;
		len[i] = self->alice.item[i].cert_len;
	}
	ASSERT_EQ(0, deftd_trust_init(&self->t, self->schema, buf, len,
				      self->alice.n, &ops));
	self->now = at(NOW);
}

FIXTURE_TEARDOWN(iot1)
{
	deftd_trust_free(&self->t);
	free(self->schema);
	dtc_file_free(&self->alice);
	dtc_file_free(&self->bob);
	dtc_file_free(&self->root);
}

/* A signing cert under the identity cert of file f (its last item). */
static struct cert signing_cert(const struct dtc_file *f, u64 now)
{
	const struct dtc_item *id = &f->item[f->n - 1];
	struct cert c = { 0 };
	struct dtc_cert_spec spec;
	struct dtc_keypair kp, idk;
	struct dtc_problem p;
	struct dt_data d;
	u8 prefix[512], tp[DT_THUMBPRINT_LEN];

	if (dt_cert_parse(id->cert, id->cert_len, 0, &d) ||
	    dtc_signing_spec(&d, now, prefix, sizeof(prefix), &spec, &p) ||
	    dtc_keypair_from_sk(&idk, id->key, id->key_len, &p))
		return c;
	dtc_keypair_new(&kp);
	dt_thumbprint(id->cert, id->cert_len, tp);
	spec.content = kp.pk;
	spec.content_len = sizeof(kp.pk);
	spec.signer_sk = idk.sk;
	spec.signer_tp = tp;
	if (dtc_cert_build(&spec, &c.buf, &c.len, &p))
		c.buf = NULL;
	return c;
}

/* A cert named prefix, signed by the first cert of root (or self-signed). */
static struct cert root_signed(const struct dtc_file *root, const char *prefix,
			       u64 now, bool self_signed)
{
	struct cert c = { 0 };
	struct dtc_cert_spec spec = { 0 };
	struct dtc_keypair kp, rk;
	struct dtc_problem p;
	u8 name[256], tp[DT_THUMBPRINT_LEN];
	int n;

	n = dtc_name_from_str(prefix, name, sizeof(name), &p);
	if (n < 0 || dtc_keypair_from_sk(&rk, root->item[0].key,
					 root->item[0].key_len, &p))
		return c;
	dtc_keypair_new(&kp);
	dt_thumbprint(root->item[0].cert, root->item[0].cert_len, tp);
	spec.prefix = name;
	spec.prefix_size = (size_t)n;
	spec.content = kp.pk;
	spec.content_len = sizeof(kp.pk);
	spec.start_us = now - DTC_US_PER_DAY;
	spec.end_us = now + 30 * DTC_US_PER_DAY;
	spec.signer_sk = self_signed ? kp.sk : rk.sk;
	spec.signer_tp = self_signed ? NULL : tp;
	if (dtc_cert_build(&spec, &c.buf, &c.len, &p))
		c.buf = NULL;
	return c;
}

/*
 * An impostor's chain: its own self-signed /iot1 anchor, an operator
 * identity under it and a signing cert under that; c[0] anchor, c[1]
 * identity, c[2] signing.
 */
static void impostor(struct cert c[3], u64 now)
{
	static const char *const name[3] = {
		"/iot1", "/iot1/operator/mallory", "/iot1/operator/mallory/sgn",
	};
	struct dtc_keypair kp[3];
	struct dtc_cert_spec spec;
	struct dtc_problem p;
	u8 pfx[256], tp[DT_THUMBPRINT_LEN];
	unsigned int i;
	int n;

	for (i = 0; i < 3; i++) {
		memset(&c[i], 0, sizeof(c[i]));
		memset(&spec, 0, sizeof(spec));
		dtc_keypair_new(&kp[i]);
		n = dtc_name_from_str(name[i], pfx, sizeof(pfx), &p);
		if (n < 0)
			return;
		spec.prefix = pfx;
		spec.prefix_size = (size_t)n;
		spec.content = kp[i].pk;
		spec.content_len = sizeof(kp[i].pk);
		spec.start_us = now - DTC_US_PER_DAY;
		spec.end_us = now + DTC_US_PER_DAY;
		spec.signer_sk = i ? kp[i - 1].sk : kp[i].sk;
		spec.signer_tp = i ? tp : NULL;
		if (dtc_cert_build(&spec, &c[i].buf, &c[i].len, &p))
			c[i].buf = NULL;
		else
			dt_thumbprint(c[i].buf, c[i].len, tp);
	}
}

TEST_F(iot1, bundle_certs_are_known)
{
	unsigned int i;

	for (i = 0; i < 2; i++)
		EXPECT_EQ(DEFTD_V_KNOWN,
			  deftd_trust_offer(&self->t, self->bob.item[i].cert,
					    self->bob.item[i].cert_len,
					    self->now));
	EXPECT_EQ(0, self->seen.stored);
}

/* A chain arriving leaf first completes when its top arrives (3.3 step 8). */
TEST_F(iot1, signing_cert_waits_for_its_identity)
{
	struct cert sg = signing_cert(&self->bob, self->now);
	const struct dtc_item *bid = &self->bob.item[2];
	u8 tp[DT_THUMBPRINT_LEN];

	ASSERT_NE(NULL, sg.buf);
	dt_thumbprint(sg.buf, sg.len, tp);
	EXPECT_EQ(DEFTD_V_HELD, deftd_trust_offer(&self->t, sg.buf, sg.len,
						  self->now));
	EXPECT_EQ(1, self->t.pending.n);
	EXPECT_EQ(DEFTD_V_HELD, deftd_trust_offer(&self->t, sg.buf, sg.len,
						  self->now));
	EXPECT_EQ(1, self->t.pending.n);
	EXPECT_EQ(0, self->seen.installs);

	EXPECT_EQ(DEFTD_V_STORED, deftd_trust_offer(&self->t, bid->cert,
						    bid->cert_len, self->now));
	EXPECT_EQ(0, self->t.pending.n);
	EXPECT_EQ(1, self->seen.installs);
	/* the kernel gets [signing cert, bob], never the anchor */
	EXPECT_EQ(2, self->seen.last_n);
	EXPECT_EQ(0, memcmp(tp, self->seen.last_first, sizeof(tp)));
	EXPECT_EQ(2, self->seen.stored);
	EXPECT_EQ(1, self->t.count[DEFTD_V_SIGNER]);
	EXPECT_NE(NULL, deftd_store_find(&self->t.store, tp));
	EXPECT_TRUE(deftd_store_find(&self->t.store, tp)->flags &
		    DEFTD_CERT_INSTALLED);

	EXPECT_EQ(DEFTD_V_KNOWN, deftd_trust_offer(&self->t, sg.buf, sg.len,
						   self->now));
	EXPECT_EQ(1, self->seen.installs);
	free(sg.buf);
}

TEST_F(iot1, signer_present_installs_at_once)
{
	struct cert sg = signing_cert(&self->bob, self->now);
	const struct dtc_item *bid = &self->bob.item[2];

	ASSERT_NE(NULL, sg.buf);
	EXPECT_EQ(DEFTD_V_STORED, deftd_trust_offer(&self->t, bid->cert,
						    bid->cert_len, self->now));
	EXPECT_EQ(DEFTD_V_SIGNER, deftd_trust_offer(&self->t, sg.buf, sg.len,
						    self->now));
	EXPECT_EQ(1, self->seen.installs);
	free(sg.buf);
}

TEST_F(iot1, own_signing_cert_is_ignored)
{
	struct cert sg = signing_cert(&self->alice, self->now);

	ASSERT_NE(NULL, sg.buf);
	EXPECT_EQ(DEFTD_V_OWN, deftd_trust_offer(&self->t, sg.buf, sg.len,
						 self->now));
	EXPECT_EQ(0, self->seen.stored);
	free(sg.buf);
}

/* 3.3 step 3: no new trust anchors, no new schemas. */
TEST_F(iot1, no_new_anchor_or_schema)
{
	struct cert a = root_signed(&self->root, "/iot1", self->now, true);
	struct cert e = root_signed(&self->root, "/iot1/operator/eve",
				    self->now, true);
	struct cert s = root_signed(&self->root, "/iot1/schema/x", self->now,
				    false);

	ASSERT_NE(NULL, a.buf);
	ASSERT_NE(NULL, e.buf);
	ASSERT_NE(NULL, s.buf);
	/* another anchor matches no template but the anchor's own */
	EXPECT_EQ(DEFTD_V_SCHEMA, deftd_trust_offer(&self->t, a.buf, a.len,
						    self->now));
	EXPECT_EQ(DEFTD_V_ANCHOR, deftd_trust_offer(&self->t, e.buf, e.len,
						    self->now));
	EXPECT_EQ(DEFTD_V_SCHEMA_CERT, deftd_trust_offer(&self->t, s.buf,
							 s.len, self->now));
	EXPECT_EQ(3, self->t.store.n);
	EXPECT_EQ(0, self->seen.stored);
	free(a.buf);
	free(e.buf);
	free(s.buf);
}

/*
 * A chain under another anchor never validates: arriving leaf first it
 * waits only until its anchor shows up (and is refused); arriving top
 * first it is refused at once. Nothing is stored, installed or held.
 */
TEST_F(iot1, chain_under_another_anchor_is_refused)
{
	struct cert c[3];
	unsigned int i;

	impostor(c, self->now);
	for (i = 0; i < 3; i++)
		ASSERT_NE(NULL, c[i].buf);
	EXPECT_EQ(DEFTD_V_HELD, deftd_trust_offer(&self->t, c[2].buf,
						  c[2].len, self->now));
	EXPECT_EQ(DEFTD_V_HELD, deftd_trust_offer(&self->t, c[1].buf,
						  c[1].len, self->now));
	EXPECT_EQ(2, self->t.pending.n);
	/* the anchor's name is the domain's: the schema refuses a second one */
	EXPECT_EQ(DEFTD_V_SCHEMA, deftd_trust_offer(&self->t, c[0].buf,
						    c[0].len, self->now));
	EXPECT_EQ(0, self->t.pending.n);
	EXPECT_EQ(2, self->t.count[DEFTD_V_FOREIGN]);

	/* again, top first, with the anchor forgotten */
	self->t.nforeign = 0;
	self->t.foreign_next = 0;
	for (i = 0; i < 3; i++)
		EXPECT_EQ(i ? DEFTD_V_FOREIGN : DEFTD_V_SCHEMA,
			  deftd_trust_offer(&self->t, c[i].buf, c[i].len,
					    self->now));
	EXPECT_EQ(0, self->t.pending.n);
	EXPECT_EQ(4, self->t.count[DEFTD_V_FOREIGN]);
	EXPECT_EQ(3, self->t.store.n);
	EXPECT_EQ(0, self->seen.installs);
	EXPECT_EQ(0, self->seen.stored);
	for (i = 0; i < 3; i++)
		free(c[i].buf);
}

TEST_F(iot1, name_outside_the_schema_is_refused)
{
	struct cert c = root_signed(&self->root, "/iot1/no/such/role",
				    self->now, false);

	ASSERT_NE(NULL, c.buf);
	EXPECT_EQ(DEFTD_V_SCHEMA, deftd_trust_offer(&self->t, c.buf, c.len,
						    self->now));
	free(c.buf);
}

TEST_F(iot1, new_identity_under_the_anchor_is_stored)
{
	struct cert c = root_signed(&self->root, "/iot1/operator/carol",
				    self->now, false);

	ASSERT_NE(NULL, c.buf);
	EXPECT_EQ(DEFTD_V_STORED, deftd_trust_offer(&self->t, c.buf, c.len,
						    self->now));
	EXPECT_EQ(1, self->seen.stored);
	free(c.buf);
}

TEST_F(iot1, bad_signature_time_and_garbage)
{
	const struct dtc_item *bid = &self->bob.item[2];
	u8 *bad = malloc(bid->cert_len);
	static const u8 junk[] = { 6, 3, 7, 1, 8 };

	ASSERT_NE(NULL, bad);
	memcpy(bad, bid->cert, bid->cert_len);
	bad[bid->cert_len - 1] ^= 1;	/* last signature byte */
	EXPECT_EQ(DEFTD_V_BAD_SIG, deftd_trust_offer(&self->t, bad,
						     bid->cert_len, self->now));
	EXPECT_EQ(DEFTD_V_TIME,
		  deftd_trust_offer(&self->t, bid->cert, bid->cert_len,
				    at("2028-01-01T00:00:00Z")));
	EXPECT_EQ(DEFTD_V_TIME,
		  deftd_trust_offer(&self->t, bid->cert, bid->cert_len,
				    at("2026-11-01T00:00:00Z")));
	EXPECT_EQ(DEFTD_V_MALFORMED, deftd_trust_offer(&self->t, junk,
						       sizeof(junk),
						       self->now));
	EXPECT_EQ(3, self->t.store.n);
	free(bad);
}

/* At most DEFTD_PENDING_MAX certs wait; the oldest make room, counted. */
TEST_F(iot1, pending_table_is_bounded)
{
	const unsigned int extra = 10, total = DEFTD_PENDING_MAX + extra;
	const struct dtc_item *bid = &self->bob.item[2];
	struct cert *sg = calloc(total, sizeof(*sg));
	unsigned int i;

	ASSERT_NE(NULL, sg);
	for (i = 0; i < total; i++) {
		sg[i] = signing_cert(&self->bob, self->now);
		ASSERT_NE(NULL, sg[i].buf);
		ASSERT_EQ(DEFTD_V_HELD, deftd_trust_offer(&self->t, sg[i].buf,
							  sg[i].len,
							  self->now));
	}
	EXPECT_EQ(DEFTD_PENDING_MAX, self->t.pending.n);
	EXPECT_EQ(total, self->t.pending.held);
	EXPECT_EQ(extra, self->t.pending.evicted);

	EXPECT_EQ(DEFTD_V_STORED, deftd_trust_offer(&self->t, bid->cert,
						    bid->cert_len, self->now));
	EXPECT_EQ(0, self->t.pending.n);
	EXPECT_EQ(DEFTD_PENDING_MAX, self->seen.installs);
	/* the evicted ones were the oldest: they still need offering */
	for (i = 0; i < total; i++)
		EXPECT_EQ(i < extra ? DEFTD_V_SIGNER : DEFTD_V_KNOWN,
			  deftd_trust_offer(&self->t, sg[i].buf, sg[i].len,
					    self->now));
	for (i = 0; i < total; i++)
		free(sg[i].buf);
	free(sg);
}

TEST_F(iot1, purge_drops_expired_signers_only)
{
	struct cert sg = signing_cert(&self->bob, self->now);
	const struct dtc_item *bid = &self->bob.item[2];

	ASSERT_NE(NULL, sg.buf);
	EXPECT_EQ(DEFTD_V_STORED, deftd_trust_offer(&self->t, bid->cert,
						    bid->cert_len, self->now));
	EXPECT_EQ(DEFTD_V_SIGNER, deftd_trust_offer(&self->t, sg.buf, sg.len,
						    self->now));
	EXPECT_EQ(5, self->t.store.n);
	EXPECT_EQ(0, deftd_trust_purge(&self->t, self->now, NULL));
	/* a day and a half later the signing cert has expired */
	EXPECT_EQ(1, deftd_trust_purge(&self->t,
				       self->now + 3 * DTC_US_PER_DAY / 2,
				       NULL));
	EXPECT_EQ(1, self->seen.removed);
	EXPECT_EQ(4, self->t.store.n);
	free(sg.buf);
}

TEST_HARNESS_MAIN
