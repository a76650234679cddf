// SPDX-License-Identifier: GPL-2.0
/* Chain validation to the trust anchor: signers, signatures, key, time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cert_chain.h"
#include "cert_time.h"

#define LABEL_MAX	(DT_NAME_URI_MAX + 32)

static void link_label(char *out, const struct dtc_link *l, int idx)
{
	dtc_cert_label(out, LABEL_MAX, idx, l->buf, l->len);
}

static bool sig_ok(const struct dtc_link *l, const u8 *pk)
{
	const u8 *msg;
	u32 mlen;

	msg = dt_data_signed(&l->d, &mlen);
	return !dt_ed25519_verify(dt_data_sig(&l->d), msg, mlen, pk);
}

enum dtc_err dtc_link_init(struct dtc_link *l, const u8 *buf, size_t len,
			   int idx, struct dtc_problem *p)
{
	char label[LABEL_MAX];
	enum dt_wire_err e;

	l->buf = buf;
	l->len = (u32)len;
	e = dt_cert_parse(buf, len, DT_CERT_F_ANCHOR | DT_CERT_F_SCHEMA,
			  &l->d);
	if (e) {
		link_label(label, l, idx);
		dtc_fail(p, DTC_E_MALFORMED, idx, "%s is malformed: %s (W%d)",
			 label, dtc_wire_phrase(e), e);
		dtc_problem_wire(p, e);
		return DTC_E_MALFORMED;
	}
	dt_thumbprint(buf, len, l->tp);
	return DTC_OK;
}

enum dtc_err dtc_chain_from_items(struct dtc_chain *ch,
				  const struct dtc_item *it, unsigned int n,
				  struct dtc_problem *p)
{
	char label[LABEL_MAX];
	enum dtc_err e;
	unsigned int i;

	memset(ch, 0, sizeof(*ch));
	if (n > DT_BUNDLE_MAX_CERTS)
		return dtc_fail(p, DTC_E_TOO_MANY, -1,
				"the chain holds %u certificates, more than the %d a bundle may hold",
				n, DT_BUNDLE_MAX_CERTS);
	for (i = 0; i < n; i++) {
		e = dtc_link_init(&ch->c[i], it[i].cert, it[i].cert_len,
				  (int)i, p);
		if (e)
			return e;
		if (it[i].key && i + 1 < n) {
			link_label(label, &ch->c[i], (int)i);
			return dtc_fail(p, DTC_E_KEY_PLACE, (int)i,
					"a secret key follows %s; only the last certificate, the identity, may carry one",
					label);
		}
	}
	ch->n = n;
	if (n) {
		ch->key = it[n - 1].key;
		ch->key_len = it[n - 1].key_len;
	}
	return DTC_OK;
}

static enum dtc_err check_type(const struct dtc_link *l, int idx,
			       struct dtc_problem *p)
{
	char label[LABEL_MAX];
	const char *tn;

	if (l->d.si.type == DT_SIG_EDDSA)
		return DTC_OK;
	link_label(label, l, idx);
	tn = dt_sig_name(l->d.si.type);
	return dtc_fail(p, DTC_E_SIG_TYPE, idx,
			"%s is signed with type %s, not EdDSA, the type every certificate of a chain must have",
			label, tn ? tn : "?");
}

/* Step 4 for one pair: KeyDigest, type and signature. */
static enum dtc_err check_signed(const struct dtc_link *cert, int idx,
				 const struct dtc_link *signer, int sidx,
				 struct dtc_problem *p)
{
	char label[LABEL_MAX], slabel[LABEL_MAX];
	enum dtc_err e;

	link_label(label, cert, idx);
	link_label(slabel, signer, sidx);
	if (dt_tp_is_zero(cert->d.si.key_digest))
		return dtc_fail(p, DTC_E_SELF_SIGNED, idx,
				"%s is self-signed, but only the trust anchor may be",
				label);
	e = check_type(cert, idx, p);
	if (e)
		return e;
	if (memcmp(cert->d.si.key_digest, signer->tp, DT_THUMBPRINT_LEN))
		return dtc_fail(p, DTC_E_CHAIN_SIGNER, idx,
				"broken chain: %s is not signed by %s: its KeyDigest names another certificate",
				label, slabel);
	if (signer->d.content_len != DT_PUBKEY_LEN ||
	    !sig_ok(cert, dt_data_content(&signer->d)))
		return dtc_fail(p, DTC_E_CHAIN_SIG, idx,
				"broken chain: the signature of %s does not verify with the key of %s",
				label, slabel);
	return DTC_OK;
}

/* Step 7 for one pair: the cert's period inside its signer's. */
static enum dtc_err check_nested(const struct dtc_link *cert, int idx,
				 const struct dtc_link *signer, int sidx,
				 struct dtc_problem *p)
{
	char label[LABEL_MAX], slabel[LABEL_MAX];
	char t[4][DTC_TIME_TEXT];

	/* calendar-valid strings (W31) order like their instants */
	if (memcmp(cert->d.si.not_before, signer->d.si.not_before,
		   DT_VALIDITY_LEN) >= 0 &&
	    memcmp(cert->d.si.not_after, signer->d.si.not_after,
		   DT_VALIDITY_LEN) <= 0)
		return DTC_OK;
	link_label(label, cert, idx);
	link_label(slabel, signer, sidx);
	dtc_validity_text(cert->d.si.not_before, t[0]);
	dtc_validity_text(cert->d.si.not_after, t[1]);
	dtc_validity_text(signer->d.si.not_before, t[2]);
	dtc_validity_text(signer->d.si.not_after, t[3]);
	return dtc_fail(p, DTC_E_NOT_NESTED, idx,
			"%s is valid from %s to %s, outside the period of its signer %s (%s to %s)",
			label, t[0], t[1], slabel, t[2], t[3]);
}

enum dtc_err dtc_cert_check_issuer(const struct dtc_link *cert, int idx,
				   const struct dtc_link *signer, int sidx,
				   struct dtc_problem *p)
{
	enum dtc_err e = check_signed(cert, idx, signer, sidx, p);

	return e ? e : check_nested(cert, idx, signer, sidx, p);
}

/* W33 for a chain cert: only the schema cert carries something else. */
static enum dtc_err check_pubkey(const struct dtc_link *l, int idx,
				 struct dtc_problem *p)
{
	char label[LABEL_MAX];

	if (l->d.content_len == DT_PUBKEY_LEN)
		return DTC_OK;
	link_label(label, l, idx);
	dtc_fail(p, DTC_E_MALFORMED, idx, "%s is malformed: %s (W%d)", label,
		 dtc_wire_phrase(DT_WERR_CERT_KEY), DT_WERR_CERT_KEY);
	dtc_problem_wire(p, DT_WERR_CERT_KEY);
	return DTC_E_MALFORMED;
}

static enum dtc_err check_anchor(const struct dtc_chain *ch,
				 struct dtc_problem *p)
{
	const struct dtc_link *a = &ch->c[0];
	char label[LABEL_MAX];
	enum dtc_err e;

	link_label(label, a, 0);
	if (!dt_tp_is_zero(a->d.si.key_digest))
		return dtc_fail(p, DTC_E_NOT_ANCHOR, 0,
				"%s is not a trust anchor: it is not self-signed",
				label);
	e = check_type(a, 0, p);
	if (e)
		return e;
	if (a->d.content_len != DT_PUBKEY_LEN) {
		dtc_fail(p, DTC_E_MALFORMED, 0,
			 "%s is not a trust anchor: its content is not a 32-byte public key",
			 label);
		dtc_problem_wire(p, DT_WERR_CERT_KEY);
		return DTC_E_MALFORMED;
	}
	if (!sig_ok(a, dt_data_content(&a->d)))
		return dtc_fail(p, DTC_E_ANCHOR_SIG, 0,
				"the self-signature of the trust anchor %s does not verify",
				label);
	return DTC_OK;
}

/* The schema cert: name, signer = anchor, same prefix (wire.md 8). */
static enum dtc_err check_schema(const struct dtc_chain *ch,
				 struct dtc_problem *p)
{
	const struct dtc_link *a = &ch->c[0], *s = &ch->c[1];
	char label[LABEL_MAX], alabel[LABEL_MAX];
	unsigned int np = dt_cert_prefix_comps(&a->d.name);
	enum dtc_err e;

	link_label(label, s, 1);
	link_label(alabel, a, 0);
	if (!dt_cert_is_schema_name(&s->d.name))
		return dtc_fail(p, DTC_E_NOT_SCHEMA, 1,
				"%s is not a schema cert: its name does not have 'schema' 6th from the end",
				label);
	e = check_type(s, 1, p);
	if (e)
		return e;
	if (memcmp(s->d.si.key_digest, a->tp, DT_THUMBPRINT_LEN))
		return dtc_fail(p, DTC_E_SCHEMA_SIGNER, 1,
				"the schema cert %s is not signed by the trust anchor %s: its KeyDigest names another certificate",
				label, alabel);
	if (!sig_ok(s, dt_data_content(&a->d)))
		return dtc_fail(p, DTC_E_SCHEMA_SIGNER, 1,
				"the schema cert %s is not signed by the trust anchor %s: its signature does not verify with the anchor's key",
				label, alabel);
	/*
	 * <pubPrefix>/schema/<pub>/KEY/... under <pubPrefix>/KEY/...: the
	 * schema cert has exactly 6 components more than the prefix and
	 * starts with the anchor's prefix (schema.md 10, compared by value).
	 */
	if (s->d.name.ncomp != np + 6 ||
	    s->d.name.off[np] != a->d.name.off[np] ||
	    memcmp(s->d.name.val, a->d.name.val, a->d.name.off[np]))
		return dtc_fail(p, DTC_E_SCHEMA_PREFIX, 1,
				"the schema cert %s is not named under the prefix of the trust anchor %s",
				label, alabel);
	return DTC_OK;
}

static enum dtc_err check_key(const struct dtc_chain *ch, bool need,
			      struct dtc_problem *p)
{
	const struct dtc_link *id = &ch->c[ch->n - 1];
	char label[LABEL_MAX];
	u8 pk[DT_ED25519_PK_LEN], sk[DT_ED25519_SK_LEN];
	bool bad;

	link_label(label, id, (int)ch->n - 1);
	if (!ch->key) {
		if (!need)
			return DTC_OK;
		return dtc_fail(p, DTC_E_KEY_MISSING, (int)ch->n - 1,
				"the identity cert %s comes without its secret key",
				label);
	}
	if (ch->key_len != DT_ED25519_SK_LEN)
		return dtc_fail(p, DTC_E_KEY_SIZE, (int)ch->n - 1,
				"the secret key of %s holds %u bytes, not %d",
				label, ch->key_len, DT_ED25519_SK_LEN);
	/* both halves: the stored public key and the one the seed gives */
	dt_ed25519_keypair(pk, sk, ch->key);
	bad = memcmp(ch->key + DT_ED25519_SEED_LEN, dt_data_content(&id->d),
		     DT_ED25519_PK_LEN) ||
	      memcmp(pk, dt_data_content(&id->d), DT_ED25519_PK_LEN);
	dt_wipe(sk, sizeof(sk));
	if (bad)
		return dtc_fail(p, DTC_E_KEY_MISMATCH, (int)ch->n - 1,
				"wrong key: the secret key is not the key of the identity cert %s",
				label);
	return DTC_OK;
}

enum dtc_err dtc_cert_check_time(const struct dtc_link *l, int idx,
				 const struct dtc_policy *pol,
				 struct dtc_problem *p)
{
	u8 lo[DT_VALIDITY_LEN], hi[DT_VALIDITY_LEN];
	char label[LABEL_MAX], t[2][DTC_TIME_TEXT];

	/* DCT compares whole-second strings (rCert::validNow) */
	dt_validity_format(pol->now_us + pol->skew_us, hi);
	dt_validity_format(pol->now_us > pol->skew_us ?
			   pol->now_us - pol->skew_us : 0, lo);
	if (memcmp(l->d.si.not_before, hi, DT_VALIDITY_LEN) > 0) {
		link_label(label, l, idx);
		dtc_validity_text(l->d.si.not_before, t[0]);
		dtc_time_text(pol->now_us, t[1]);
		return dtc_fail(p, DTC_E_NOT_YET_VALID, idx,
				"%s is not valid yet: its validity starts at %s (now is %s)",
				label, t[0], t[1]);
	}
	if (memcmp(lo, l->d.si.not_after, DT_VALIDITY_LEN) > 0) {
		link_label(label, l, idx);
		dtc_validity_text(l->d.si.not_after, t[0]);
		dtc_time_text(pol->now_us, t[1]);
		return dtc_fail(p, DTC_E_EXPIRED, idx,
				"%s has expired: its validity ended at %s (now is %s)",
				label, t[0], t[1]);
	}
	return DTC_OK;
}

enum dtc_err dtc_chain_validate(const struct dtc_chain *ch,
				const struct dtc_policy *pol,
				struct dtc_problem *p)
{
	enum dtc_err e;
	unsigned int i;

	dtc_problem_clear(p);
	if (ch->n < DT_BUNDLE_MIN_CERTS)
		return dtc_fail(p, DTC_E_TOO_FEW, -1,
				"the chain holds %u certificate%s; a member needs the trust anchor, the schema cert and an identity cert",
				ch->n, ch->n == 1 ? "" : "s");
	e = check_anchor(ch, p);
	if (!e)
		e = check_schema(ch, p);
	for (i = 2; !e && i < ch->n; i++) {
		e = check_pubkey(&ch->c[i], (int)i, p);
		if (!e)
			e = check_signed(&ch->c[i], (int)i,
					 &ch->c[i == 2 ? 0 : i - 1],
					 i == 2 ? 0 : (int)i - 1, p);
	}
	if (!e)
		e = check_key(ch, pol->need_key, p);
	for (i = 0; !e && !pol->ignore_time && i < ch->n; i++)
		e = dtc_cert_check_time(&ch->c[i], (int)i, pol, p);
	for (i = 1; !e && i < ch->n; i++)
		e = check_nested(&ch->c[i], (int)i, &ch->c[i <= 2 ? 0 : i - 1],
				 i <= 2 ? 0 : (int)i - 1, p);
	if (!e && pol->rules)
		e = pol->rules(pol->rules_ctx, ch, p);
	return e;
}

enum dtc_err dtc_bundle_check(const u8 *buf, size_t len,
			      const struct dtc_policy *pol,
			      struct dtc_chain *ch, struct dtc_problem *p)
{
	struct dtc_policy strict = *pol;
	struct dtc_chain local;
	struct dt_bundle b;
	struct dtc_file *f;
	enum dt_wire_err w;
	enum dtc_err e;

	f = malloc(sizeof(*f));
	if (!f)
		return dtc_fail(p, DTC_E_NOMEM, -1, "out of memory");
	if (!ch)
		ch = &local;
	strict.need_key = true;
	e = dtc_file_parse(buf, len, f, p);
	if (!e)
		e = dtc_chain_from_items(ch, f->item, f->n, p);
	free(f);
	if (!e)
		e = dtc_chain_validate(ch, &strict, p);
	if (e)
		return e;
	/* the core reader is what the daemon and kernel rely on */
	w = dt_bundle_parse(buf, len, &b);
	if (w) {
		dtc_fail(p, DTC_E_MALFORMED, -1,
			 "the bundle breaks rule W%d (%s) of the strict reader",
			 w, dt_wire_err_name(w));
		dtc_problem_wire(p, w);
		return DTC_E_MALFORMED;
	}
	return DTC_OK;
}

enum dtc_err dtc_identity_load(const char *path, const struct dtc_policy *pol,
			       struct dtc_identity *id, struct dtc_problem *p)
{
	enum dtc_err e;

	memset(id, 0, sizeof(*id));
	e = dtc_read_all(path, &id->buf, &id->len, p);
	if (e)
		return e;
	e = dtc_bundle_check(id->buf, id->len, pol, &id->ch, p);
	if (e) {
		dtc_problem_in_file(p, path);
		dtc_identity_free(id);
	}
	return e;
}

void dtc_identity_free(struct dtc_identity *id)
{
	if (id->buf) {
		dt_wipe(id->buf, id->len);
		free(id->buf);
	}
	memset(id, 0, sizeof(*id));
}
