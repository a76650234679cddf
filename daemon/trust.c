// SPDX-License-Identifier: GPL-2.0
/* Certs from the network through the cert store's rules (3.3). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ed25519.h"
#include "log.h"
#include "trust.h"

static const char *const verdict_names[DEFTD_V_MAX] = {
	[DEFTD_V_KNOWN] = "known",
	[DEFTD_V_MALFORMED] = "malformed",
	[DEFTD_V_TIME] = "not valid now",
	[DEFTD_V_SCHEMA] = "not allowed by the schema",
	[DEFTD_V_ANCHOR] = "self-signed",
	[DEFTD_V_SCHEMA_CERT] = "a schema cert",
	[DEFTD_V_OWN] = "our own",
	[DEFTD_V_HELD] = "held for its signer",
	[DEFTD_V_BAD_SIG] = "bad signature",
	[DEFTD_V_CHAIN] = "chain refused by the schema",
	[DEFTD_V_TOO_DEEP] = "nested too deep",
	[DEFTD_V_NO_ROOM] = "no room",
	[DEFTD_V_FOREIGN] = "signed under another trust anchor",
	[DEFTD_V_STORED] = "stored",
	[DEFTD_V_SIGNER] = "signer installed",
};

const char *deftd_verdict_name(enum deftd_verdict v)
{
	return v < DEFTD_V_MAX ? verdict_names[v] : "?";
}

int deftd_trust_init(struct deftd_trust *t, const struct dt_schema *s,
		     const u8 *const *cert, const u32 *len, unsigned int n,
		     const struct deftd_trust_ops *ops)
{
	struct deftd_cert *c;
	unsigned int i;
	bool full;

	memset(t, 0, sizeof(*t));
	t->schema = s;
	t->ops = *ops;
	t->skew_us = 1000000;	/* members' clocks agree to ~1 s (1.1) */
	for (i = 0; i < n; i++) {
		c = deftd_store_add(&t->store, cert[i], len[i],
				    DEFTD_CERT_LOCAL | DEFTD_CERT_BUNDLE,
				    &full);
		if (!c) {
			deftd_trust_free(t);
			return -ENOMEM;
		}
		if (i == 0)
			memcpy(t->anchor_tp, c->tp, DT_THUMBPRINT_LEN);
		if (i == n - 1)
			memcpy(t->id_tp, c->tp, DT_THUMBPRINT_LEN);
	}
	return 0;
}

void deftd_trust_free(struct deftd_trust *t)
{
	deftd_store_clear(&t->store);
	deftd_pending_clear(&t->pending);
}

static void cert_label(const struct dt_data *d, char *out, size_t cap)
{
	if (dt_name_uri(&d->name, out, cap) < 0)
		snprintf(out, cap, "(a cert with a long name)");
}

/* Step 2 and 3 with the core's schema checks. */
static enum deftd_verdict check_form(struct deftd_trust *t,
				     const struct dt_data *d, u64 now_us,
				     bool *signing)
{
	enum dt_schema_err e;

	/* DCT: NotBefore <= now < NotAfter (3.3 step 2) */
	if (dt_cert_check_time(d, now_us, t->skew_us))
		return DEFTD_V_TIME;
	e = dt_schema_cert_check(t->schema, d, signing);
	switch (e) {
	case DT_SCM_OK:
		return DEFTD_V_MAX;
	case DT_SCM_E_CERT_ANCHOR:
		return DEFTD_V_ANCHOR;
	case DT_SCM_E_CERT_SCHEMA:
		return DEFTD_V_SCHEMA_CERT;
	default:
		return DEFTD_V_SCHEMA;
	}
}

static bool sig_ok(const struct dt_data *d, const struct deftd_cert *signer)
{
	const u8 *msg;
	u32 mlen;

	if (signer->d.content_len != DT_PUBKEY_LEN)
		return false;
	msg = dt_data_signed(d, &mlen);
	return !dt_ed25519_verify(dt_data_sig(d), msg, mlen,
				  dt_data_content(&signer->d));
}

/*
 * Step 7: the signing cert c (already in the store) and its signers up to
 * the anchor must pass every schema check; then the kernel gets the chain
 * without the anchor.
 */
static enum deftd_verdict install_signer(struct deftd_trust *t,
					 struct deftd_cert *c, u64 now_us)
{
	const struct deftd_cert *link[DT_SCM_MAX_CHAIN_LEN];
	struct dt_data chain[DT_SCM_MAX_CHAIN_LEN];
	struct dt_schema_signer *sg;
	const struct deftd_cert *l = c;
	enum dt_schema_err e;
	unsigned int n = 0;
	int err;

	while (l && n < DT_SCM_MAX_CHAIN_LEN) {
		link[n] = l;
		chain[n++] = l->d;
		if (dt_tp_is_zero(l->d.si.key_digest))
			break;
		l = deftd_store_find(&t->store, l->d.si.key_digest);
	}
	if (!l || !dt_tp_is_zero(l->d.si.key_digest))
		return DEFTD_V_CHAIN;
	sg = calloc(1, sizeof(*sg));
	if (!sg)
		return DEFTD_V_NO_ROOM;
	e = dt_schema_signer_init(sg, t->schema, chain, n, t->anchor_tp,
				  now_us);
	free(sg);
	if (e) {
		pr_debug("signing chain refused: %s", dt_schema_err_name(e));
		return DEFTD_V_CHAIN;
	}
	err = t->ops.install ? t->ops.install(t->ops.ctx, link, n - 1) : 0;
	if (err == 0 || err == -EEXIST)
		c->flags |= DEFTD_CERT_INSTALLED;
	return DEFTD_V_SIGNER;
}

static bool is_foreign(const struct deftd_trust *t,
		       const u8 tp[DT_THUMBPRINT_LEN])
{
	unsigned int i;

	for (i = 0; i < t->nforeign; i++)
		if (!memcmp(t->foreign[i], tp, DT_THUMBPRINT_LEN))
			return true;
	return false;
}

static void add_foreign(struct deftd_trust *t, const u8 tp[DT_THUMBPRINT_LEN])
{
	if (is_foreign(t, tp))
		return;
	memcpy(t->foreign[t->foreign_next], tp, DT_THUMBPRINT_LEN);
	t->foreign_next = (t->foreign_next + 1) % DEFTD_FOREIGN_MAX;
	if (t->nforeign < DEFTD_FOREIGN_MAX)
		t->nforeign++;
}

static enum deftd_verdict offer(struct deftd_trust *t, const u8 *buf,
				size_t len, u64 now_us, unsigned int depth);

/*
 * Step 8's tail: certs that waited for the cert tp, through the same
 * rules; either tp was stored, or it is foreign and they will be too.
 */
static void retry_pending(struct deftd_trust *t,
			  const u8 signer[DT_THUMBPRINT_LEN], u64 now_us,
			  unsigned int depth)
{
	struct deftd_pending_ent *w;
	unsigned int k, i;
	u8 tp[DT_THUMBPRINT_LEN];

	w = malloc(sizeof(*w) * DEFTD_PENDING_MAX);
	if (!w)
		return;
	memcpy(tp, signer, sizeof(tp));
	k = deftd_pending_take(&t->pending, tp, w, DEFTD_PENDING_MAX);
	for (i = 0; i < k; i++) {
		t->count[offer(t, w[i].buf, w[i].len, now_us, depth + 1)]++;
		free(w[i].buf);
	}
	free(w);
}

static enum deftd_verdict offer(struct deftd_trust *t, const u8 *buf,
				size_t len, u64 now_us, unsigned int depth)
{
	u8 tp[DT_THUMBPRINT_LEN];
	char name[512];
	const struct deftd_cert *signer;
	enum deftd_verdict v;
	struct deftd_cert *c;
	struct dt_data d;
	bool signing = false, full;

	dt_thumbprint(buf, len, tp);
	if (deftd_store_find(&t->store, tp))
		return DEFTD_V_KNOWN;
	if (dt_cert_parse(buf, len, DT_CERT_F_ANCHOR | DT_CERT_F_SCHEMA, &d))
		return DEFTD_V_MALFORMED;
	cert_label(&d, name, sizeof(name));
	v = check_form(t, &d, now_us, &signing);
	if (v != DEFTD_V_MAX)
		goto refused;
	if (!memcmp(d.si.key_digest, t->id_tp, DT_THUMBPRINT_LEN))
		return DEFTD_V_OWN;
	if (depth >= DT_SCM_MAX_CHAIN_LEN) {
		v = DEFTD_V_TOO_DEEP;
		goto refused;
	}
	signer = deftd_store_find(&t->store, d.si.key_digest);
	if (!signer && is_foreign(t, d.si.key_digest)) {
		v = DEFTD_V_FOREIGN;
		goto refused;
	}
	if (!signer) {
		if (deftd_pending_add(&t->pending, buf, (u32)len, tp,
				      d.si.key_digest) < 0)
			return DEFTD_V_NO_ROOM;
		pr_debug("cert %s waits for its signer", name);
		return DEFTD_V_HELD;
	}
	if (!sig_ok(&d, signer)) {
		v = DEFTD_V_BAD_SIG;
		goto refused;
	}
	c = deftd_store_add(&t->store, buf, (u32)len,
			    signing ? DEFTD_CERT_SIGNING : 0, &full);
	if (!c) {
		pr_warn("cert %s dropped: %s", name,
			full ? "the cert store is full" : "out of memory");
		return DEFTD_V_NO_ROOM;
	}
	if (signing) {
		v = install_signer(t, c, now_us);
		if (v != DEFTD_V_SIGNER) {
			deftd_store_del(&t->store, c);
			goto refused;
		}
		pr_info("signer %s validated", name);
		if (t->ops.stored)
			t->ops.stored(t->ops.ctx, c);
		return v;
	}
	pr_info("cert %s stored", name);
	if (t->ops.stored)
		t->ops.stored(t->ops.ctx, c);
	retry_pending(t, c->tp, now_us, depth);
	return DEFTD_V_STORED;

refused:
	pr_info("cert %s refused: %s", name, deftd_verdict_name(v));
	/*
	 * A self-signed cert here is not our anchor (that one is known), and
	 * the chain of a cert it signs, or that hangs below such a cert, can
	 * never reach ours. Certs waiting for it go now.
	 */
	if (dt_tp_is_zero(d.si.key_digest) || v == DEFTD_V_FOREIGN) {
		add_foreign(t, tp);
		retry_pending(t, tp, now_us, depth);
	}
	return v;
}

enum deftd_verdict deftd_trust_offer(struct deftd_trust *t, const u8 *buf,
				     size_t len, u64 now_us)
{
	enum deftd_verdict v = offer(t, buf, len, now_us, 0);

	t->count[v]++;
	return v;
}

unsigned int deftd_trust_purge(struct deftd_trust *t, u64 now_us,
			       const u8 keep[DT_THUMBPRINT_LEN])
{
	s64 now_s = (s64)(now_us / 1000000);
	struct deftd_cert *c;
	unsigned int i = 0, k = 0;

	while (i < t->store.n) {
		c = t->store.c[i];
		if (c->not_after >= now_s || (c->flags & DEFTD_CERT_BUNDLE) ||
		    (keep && !memcmp(c->tp, keep, DT_THUMBPRINT_LEN))) {
			i++;
			continue;
		}
		if ((c->flags & DEFTD_CERT_INSTALLED) && t->ops.removed)
			t->ops.removed(t->ops.ctx, c);
		deftd_store_del(&t->store, c);	/* the last takes slot i */
		k++;
	}
	return k;
}
