// SPDX-License-Identifier: GPL-2.0
/* Strict identity-bundle reader: framing, key placement and the cert chain. */
#include "bundle.h"

/*
 * Pass 1: frames the elements, records the certs and the key, enforces
 * the element types and the key's place (W38, W40) and the cert bound.
 */
static enum dt_wire_err dt_bundle_scan(const u8 *buf, size_t len,
				       struct dt_bundle *out, u32 *key_len)
{
	unsigned int keys = 0, key_on = 0;
	bool prev_key = false;
	enum dt_wire_err err;
	struct dt_tlv t;
	size_t off = 0;

	while (off < len) {
		err = dt_tlv_get(buf + off, len - off, &t);
		if (err)
			return err;
		if (t.type == DT_TLV_DATA) {
			if (out->ncerts == DT_BUNDLE_MAX_CERTS)
				return DT_WERR_BUNDLE_CHAIN;
			out->cert[out->ncerts].buf = t.tlv;
			out->cert[out->ncerts].len = dt_tlv_size(&t);
			out->ncerts++;
			prev_key = false;
		} else if (t.type == DT_TLV_SIGVALUE) {
			if (!out->ncerts || prev_key)
				return DT_WERR_BUNDLE_ELEM;
			keys++;
			key_on = out->ncerts;	/* 1-based cert index */
			out->key = t.val;
			*key_len = t.len;
			prev_key = true;
		} else {
			return DT_WERR_BUNDLE_ELEM;
		}
		off += dt_tlv_size(&t);
	}
	/* exactly one key, and it follows the last cert */
	if (keys != 1 || key_on != out->ncerts)
		return DT_WERR_BUNDLE_KEY_PLACE;
	return DT_WERR_OK;
}

/* An EdDSA cert's signature over [Name, SignatureValue) with key pk. */
static bool dt_bundle_sig_ok(const struct dt_data *d, const u8 *pk)
{
	const u8 *msg;
	u32 mlen;

	msg = dt_data_signed(d, &mlen);
	return !dt_ed25519_verify(dt_data_sig(d), msg, mlen, pk);
}

/* Rule code for a failed signer check of cert i (W41 for 0-1, else W42). */
static enum dt_wire_err dt_bundle_fail(unsigned int i)
{
	return i < 2 ? DT_WERR_BUNDLE_ANCHOR : DT_WERR_BUNDLE_CHAIN;
}

/*
 * Pass 2: each cert parsed in full and checked against its signer: the
 * anchor for certs 0-2 (itself for 0), the previous cert after that.
 * *last_pk gets the last cert's Content (its public key).
 */
static enum dt_wire_err dt_bundle_chain(const struct dt_bundle *b,
					const u8 **last_pk)
{
	u8 anchor_tp[DT_THUMBPRINT_LEN], prev_tp[DT_THUMBPRINT_LEN];
	const u8 *anchor_pk = NULL, *prev_pk = NULL;
	const u8 *signer_tp, *signer_pk;
	enum dt_wire_err err;
	struct dt_data d;
	unsigned int i, flags;

	for (i = 0; i < b->ncerts; i++) {
		/*
		 * Cert 0 is parsed without the 32-byte key rule: a cert that
		 * is no anchor (e.g. the schema cert put first) is W41.
		 */
		flags = i == 0 ? DT_CERT_F_ANCHOR | DT_CERT_F_SCHEMA :
			i == 1 ? DT_CERT_F_SCHEMA : 0;
		err = dt_cert_parse(b->cert[i].buf, b->cert[i].len, flags, &d);
		if (err)
			return err;
		/* one SignatureType for the bundle: the anchor's, EdDSA */
		if (d.si.type != DT_SIG_EDDSA)
			return dt_bundle_fail(i);
		if (i == 0) {
			if (!dt_tp_is_zero(d.si.key_digest) ||
			    d.content_len != DT_PUBKEY_LEN)
				return DT_WERR_BUNDLE_ANCHOR;
			anchor_pk = dt_data_content(&d);
			dt_thumbprint(b->cert[0].buf, b->cert[0].len,
				      anchor_tp);
			signer_tp = NULL;
			signer_pk = anchor_pk;
		} else if (i <= 2) {
			if (i == 1 && !dt_cert_is_schema_name(&d.name))
				return DT_WERR_BUNDLE_ANCHOR;
			signer_tp = anchor_tp;
			signer_pk = anchor_pk;
		} else {
			signer_tp = prev_tp;
			signer_pk = prev_pk;
		}
		if (signer_tp && memcmp(d.si.key_digest, signer_tp,
					DT_THUMBPRINT_LEN))
			return dt_bundle_fail(i);
		if (!dt_bundle_sig_ok(&d, signer_pk))
			return dt_bundle_fail(i);
		/* the schema cert signs nothing: cert 3 follows cert 2 */
		if (i >= 2) {
			prev_pk = dt_data_content(&d);
			dt_thumbprint(b->cert[i].buf, b->cert[i].len, prev_tp);
		}
		*last_pk = dt_data_content(&d);
	}
	return DT_WERR_OK;
}

enum dt_wire_err dt_bundle_parse(const u8 *buf, size_t len,
				 struct dt_bundle *out)
{
	const u8 *last_pk = NULL;
	enum dt_wire_err err;
	u32 key_len = 0;

	memset(out, 0, sizeof(*out));
	err = dt_bundle_scan(buf, len, out, &key_len);
	if (err)
		return err;
	if (out->ncerts < DT_BUNDLE_MIN_CERTS)
		return DT_WERR_BUNDLE_ANCHOR;
	if (key_len != DT_BUNDLE_KEY_LEN)
		return DT_WERR_BUNDLE_KEY;
	err = dt_bundle_chain(out, &last_pk);
	if (err)
		return err;
	/* public half of seed || pk against the identity cert's key */
	if (memcmp(out->key + DT_ED25519_SEED_LEN, last_pk, DT_ED25519_PK_LEN))
		return DT_WERR_BUNDLE_KEY;
	return DT_WERR_OK;
}
