// SPDX-License-Identifier: GPL-2.0
/* Signature managers (wire.md 7): hashes, EdDSA and the encrypting types. */
#include "sigmgr.h"
#include "aegis256.h"

#define DT_XCHACHA_SIG_OFF	(DT_XCHACHA_NONCE_LEN + DT_AEAD_TAG_LEN)

unsigned int dt_sig_nonce_len(unsigned int type)
{
	switch (type) {
	case DT_SIG_AEAD:
	case DT_SIG_PPAEAD:
	case DT_SIG_PPSIGN:
	case DT_SIG_AEADSGN:
		return DT_XCHACHA_NONCE_LEN;
	case DT_SIG_AEGIS:
		return DT_AEGIS256_NONCE_LEN;
	default:
		return 0;
	}
}

static unsigned int dt_sig_tag_len(unsigned int type)
{
	return type == DT_SIG_AEGIS ? DT_AEGIS256_TAG_LEN : DT_AEAD_TAG_LEN;
}

/* Types whose SignatureValue ends in an Ed25519 signature of [N, V + 40). */
static bool dt_sig_aead_signed(unsigned int type)
{
	return type == DT_SIG_AEADSGN || type == DT_SIG_PPSIGN;
}

static bool dt_sig_pp(unsigned int type)
{
	return type == DT_SIG_PPAEAD || type == DT_SIG_PPSIGN;
}

int dt_sigmgr_init(struct dt_sigmgr *m, unsigned int type,
		   enum dt_key_role role)
{
	unsigned int n = dt_sig_nonce_len(type);

	if (!dt_sig_value_len(type) || role >= DT_KEYS_NROLES)
		return -EINVAL;
	memset(m, 0, sizeof(*m));
	m->type = type;
	m->role = role;
	if (n)
		dt_random_bytes(m->ctr, n);
	return 0;
}

int dt_sigmgr_set_counter(struct dt_sigmgr *m, const u8 *ctr, size_t len)
{
	if (!len || len != dt_sig_nonce_len(m->type))
		return -EINVAL;
	memcpy(m->ctr, ctr, len);
	return 0;
}

int dt_sigmgr_siginfo(const struct dt_sigmgr *m, const struct dt_keys *k,
		      struct dt_siginfo *si)
{
	memset(si, 0, sizeof(*si));
	si->type = m->type;
	if (dt_sig_keyed(m->type)) {
		if (!k->self.valid)
			return -ENOKEY;
		si->key_digest = k->self.tp;
	}
	return 0;
}

/*
 * The object must be the manager's kind: its type byte, the table's
 * SignatureValue length (W23) and, for keyed types, a KeyDigest.
 */
static enum dt_wire_err dt_sig_check_shape(const struct dt_sigmgr *m,
					   const struct dt_data *d)
{
	if (d->si.type != m->type)
		return DT_WERR_SIG_POLICY;
	if (d->sig_len != dt_sig_value_len(m->type))
		return DT_WERR_SIG_LEN;
	if (dt_sig_keyed(m->type) && !d->si.key_digest)
		return DT_WERR_SIGINFO_SHAPE;
	return DT_WERR_OK;
}

/* [N, S) digest of the unkeyed hash types into out (32 bytes). */
static int dt_sig_digest(unsigned int type, const struct dt_data *d, u8 *out)
{
	u32 len;
	const u8 *p = dt_data_signed(d, &len);

	if (type == DT_SIG_SHA256) {
		dt_sha256(p, len, out);
		return 0;
	}
	return dt_blake2b256(p, len, out);
}

/* The nonce for the next object (wire.md 7.3), then m += 1. */
static void dt_sig_next_nonce(struct dt_sigmgr *m, u64 key_ct, u8 *nonce)
{
	unsigned int n = dt_sig_nonce_len(m->type), i;
	u8 ct[8];
	u16 carry = 1;

	memcpy(nonce, m->ctr, n);
	dt_put_le64(ct, key_ct);
	for (i = 0; i < 8; i++)
		nonce[i] ^= ct[i];
	for (i = 0; i < n; i++) {
		carry += m->ctr[i];
		m->ctr[i] = (u8)carry;
		carry >>= 8;
	}
}

/*
 * XChaCha20-Poly1305 with the tag kept apart from the ciphertext. The
 * platform's seal/open want ciphertext || tag; the 16 bytes after Content
 * (SignatureInfo and on) are borrowed for the tag and put back.
 */
static int dt_xchacha_detached(bool seal, u8 *buf, const struct dt_data *d,
			       u8 *dst, u8 tag[DT_AEAD_TAG_LEN],
			       const u8 *nonce, const u8 *key)
{
	u8 *c = buf + d->off_content, *end = c + d->content_len;
	u8 saved[DT_AEAD_TAG_LEN];
	u32 ad_len;
	const u8 *ad = dt_data_ad(d, &ad_len);
	int err;

	memcpy(saved, end, sizeof(saved));
	if (seal) {
		err = dt_xchacha_seal(c, c, d->content_len, ad, ad_len,
				      nonce, key);
		memcpy(tag, end, DT_AEAD_TAG_LEN);
	} else {
		memcpy(end, tag, DT_AEAD_TAG_LEN);
		err = dt_xchacha_open(dst, c, d->content_len + DT_AEAD_TAG_LEN,
				      ad, ad_len, nonce, key);
	}
	memcpy(end, saved, sizeof(saved));
	return err;
}

/* The sending key of an encrypting manager and its CT. */
static int dt_sig_send_key(const struct dt_sigmgr *m, const struct dt_keys *k,
			   const u8 **key, u64 *ct)
{
	if (dt_sig_pp(m->type)) {
		const struct dt_sgkeys *g = &k->sgroup[m->role];

		if (!g->n || !g->k[0].has_tx)
			return -ENOKEY;
		*key = g->k[0].tx;
		*ct = g->k[0].ct;
	} else {
		const struct dt_gkeys *g = &k->group[m->role];

		if (!g->n)
			return -ENOKEY;
		*key = g->k[0].key;
		*ct = g->k[0].ct;
	}
	return 0;
}

static int dt_sig_sign_aead(struct dt_sigmgr *m, const struct dt_keys *k,
			    u8 *buf, const struct dt_data *d)
{
	unsigned int nlen = dt_sig_nonce_len(m->type);
	unsigned int tlen = dt_sig_tag_len(m->type);
	u8 *v = buf + d->off_sigval + d->sig_hlen;
	u8 nonce[DT_SIG_NONCE_MAX], tag[DT_AEGIS256_TAG_LEN];
	const u8 *key;
	u64 ct;
	int err;

	err = dt_sig_send_key(m, k, &key, &ct);
	if (err)
		return err;
	if (dt_sig_aead_signed(m->type) && !k->self.valid)
		return -ENOKEY;

	dt_sig_next_nonce(m, ct, nonce);
	if (m->type == DT_SIG_AEGIS) {
		u32 ad_len;
		const u8 *ad = dt_data_ad(d, &ad_len);
		u8 *c = buf + d->off_content;

		dt_aegis256_encrypt(c, tag, c, d->content_len, ad, ad_len,
				    nonce, key);
	} else {
		err = dt_xchacha_detached(true, buf, d, NULL, tag, nonce, key);
		if (err)
			return err;
	}
	memcpy(v, nonce, nlen);
	memcpy(v + nlen, tag, tlen);

	if (dt_sig_aead_signed(m->type)) {
		u32 len;
		const u8 *p = dt_data_signed_aead(d, &len);

		dt_ed25519_sign(v + DT_XCHACHA_SIG_OFF, p, len, k->self.sk);
	}
	return 0;
}

int dt_sig_sign(struct dt_sigmgr *m, const struct dt_keys *k, u8 *buf,
		const struct dt_data *d)
{
	u8 *v;

	if (buf != d->buf || dt_sig_check_shape(m, d))
		return -EINVAL;
	/* Keyed: the object must name the cert of the key we sign with. */
	if (dt_sig_keyed(m->type) && !k->self.valid)
		return -ENOKEY;
	if (dt_sig_keyed(m->type) &&
	    memcmp(d->si.key_digest, k->self.tp, DT_THUMBPRINT_LEN))
		return -ENOKEY;

	v = buf + d->off_sigval + d->sig_hlen;
	switch (m->type) {
	case DT_SIG_SHA256:
	case DT_SIG_RFC7693:
		return dt_sig_digest(m->type, d, v);
	case DT_SIG_EDDSA: {
		u32 len;
		const u8 *p = dt_data_signed(d, &len);

		dt_ed25519_sign(v, p, len, k->self.sk);
		return 0;
	}
	default:
		return dt_sig_sign_aead(m, k, buf, d);
	}
}

static enum dt_wire_err dt_sig_verify_ed25519(const struct dt_keys *k,
					      const struct dt_data *d,
					      const u8 *sig, const u8 *msg,
					      u32 len)
{
	u8 pk[DT_ED25519_PK_LEN];

	if (dt_keys_signer_pk(k, d->si.key_digest, pk))
		return DT_WERR_UNKNOWN_SIGNER;
	if (dt_ed25519_verify(sig, msg, len, pk))
		return DT_WERR_SIG_BAD;
	return DT_WERR_OK;
}

enum dt_wire_err dt_sig_verify(const struct dt_sigmgr *m,
			       const struct dt_keys *k,
			       const struct dt_data *d)
{
	const u8 *v = dt_data_sig(d);
	enum dt_wire_err err;
	u8 h[DT_SHA256_LEN];
	const u8 *p;
	u32 len;

	err = dt_sig_check_shape(m, d);
	if (err)
		return err;

	switch (m->type) {
	case DT_SIG_SHA256:
	case DT_SIG_RFC7693:
		if (dt_sig_digest(m->type, d, h))
			return DT_WERR_SIG_BAD;
		return dt_memneq(h, v, sizeof(h)) ? DT_WERR_SIG_BAD :
						    DT_WERR_OK;
	case DT_SIG_EDDSA:
		p = dt_data_signed(d, &len);
		return dt_sig_verify_ed25519(k, d, v, p, len);
	case DT_SIG_AEADSGN:
	case DT_SIG_PPSIGN:
		p = dt_data_signed_aead(d, &len);
		return dt_sig_verify_ed25519(k, d, v + DT_XCHACHA_SIG_OFF,
					     p, len);
	default:
		return DT_WERR_SIG_UNSUPPORTED;
	}
}

static u64 dt_sig_key_ct(const struct dt_sigmgr *m, const struct dt_keys *k,
			 unsigned int i)
{
	if (dt_sig_pp(m->type))
		return k->sgroup[m->role].k[i].ct;
	return k->group[m->role].k[i].ct;
}

enum dt_wire_err dt_sig_ed25519_item(const struct dt_sigmgr *m,
				     const struct dt_keys *k,
				     const struct dt_data *d,
				     u8 pk[DT_ED25519_PK_LEN],
				     struct dt_ed25519_item *it)
{
	enum dt_wire_err err;
	const u8 *v = dt_data_sig(d);
	u32 len;

	err = dt_sig_check_shape(m, d);
	if (err)
		return err;
	if (m->type == DT_SIG_EDDSA) {
		it->msg = dt_data_signed(d, &len);
		it->sig = v;
	} else if (dt_sig_aead_signed(m->type)) {
		it->msg = dt_data_signed_aead(d, &len);
		it->sig = v + DT_XCHACHA_SIG_OFF;
	} else {
		return DT_WERR_SIG_UNSUPPORTED;
	}
	if (dt_keys_signer_pk(k, d->si.key_digest, pk))
		return DT_WERR_UNKNOWN_SIGNER;
	it->len = len;
	it->pk = pk;
	return DT_WERR_OK;
}

/* One decryption attempt with key; 0 on success. */
static int dt_sig_try_key(const struct dt_sigmgr *m, u8 *buf,
			  const struct dt_data *d, u8 *dst, const u8 *key)
{
	unsigned int nlen = dt_sig_nonce_len(m->type);
	const u8 *v = dt_data_sig(d);
	u8 nonce[DT_SIG_NONCE_MAX], tag[DT_AEGIS256_TAG_LEN];
	u32 ad_len;
	const u8 *ad = dt_data_ad(d, &ad_len);

	/* Copies: in-place work below may borrow the bytes they sit in. */
	memcpy(nonce, v, nlen);
	memcpy(tag, v + nlen, dt_sig_tag_len(m->type));
	if (m->type == DT_SIG_AEGIS)
		return dt_aegis256_decrypt(dst, buf + d->off_content,
					   d->content_len, tag, ad, ad_len,
					   nonce, key);
	return dt_xchacha_detached(false, buf, d, dst, tag, nonce, key);
}

enum dt_wire_err dt_sig_decrypt(struct dt_sigmgr *m, const struct dt_keys *k,
				u8 *buf, const struct dt_data *d, u8 *dst)
{
	u8 key[DT_GKEY_LEN], pk[DT_ED25519_PK_LEN];
	enum dt_wire_err err;
	unsigned int n, i, j, first;
	bool pp = dt_sig_pp(m->type);

	err = dt_sig_check_shape(m, d);
	if (err)
		return err;
	if (!dt_sig_encrypts(m->type))
		return DT_WERR_SIG_UNSUPPORTED;
	if (buf != d->buf || !dst)
		return DT_WERR_INVAL;

	if (pp) {
		if (dt_keys_signer_pk(k, d->si.key_digest, pk))
			return DT_WERR_UNKNOWN_SIGNER;
		n = k->sgroup[m->role].n;
	} else {
		n = k->group[m->role].n;
	}

	/* The key that worked last first, then the other one. */
	for (first = 0; first < n; first++)
		if (dt_sig_key_ct(m, k, first) == m->last_ct)
			break;
	for (j = 0; j < n; j++) {
		i = (first + j) % n;
		if (pp) {
			const struct dt_sgkey *s = &k->sgroup[m->role].k[i];

			if (!s->has_sk ||
			    dt_pp_receiver_key(key, s->pk, s->sk, pk))
				continue;
		} else {
			memcpy(key, k->group[m->role].k[i].key, DT_GKEY_LEN);
		}
		if (!dt_sig_try_key(m, buf, d, dst, key)) {
			m->last_ct = dt_sig_key_ct(m, k, i);
			dt_wipe(key, sizeof(key));
			return DT_WERR_OK;
		}
	}
	dt_wipe(key, sizeof(key));
	return DT_WERR_SIG_BAD;
}

enum dt_wire_err dt_sig_validate(struct dt_sigmgr *m, const struct dt_keys *k,
				 u8 *buf, const struct dt_data *d, u8 *dst)
{
	enum dt_wire_err err;

	if (!dt_sig_encrypts(m->type) || dt_sig_aead_signed(m->type)) {
		err = dt_sig_verify(m, k, d);
		if (err || !dt_sig_encrypts(m->type))
			return err;
	}
	return dt_sig_decrypt(m, k, buf, d, dst);
}
