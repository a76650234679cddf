// SPDX-License-Identifier: GPL-2.0
/* Key store of the signature managers and the PPAEAD/PPSIGN key derivation. */
#include "keys.h"
#include "sha512.h"
#include "fe25519.h"
#include "ge25519.h"
#include "wire.h"

/*
 * u = (1 + y) / (1 - y): the Montgomery u of an Edwards point, as libsodium
 * 1.0.18's crypto_sign_ed25519_pk_to_curve25519() computes it. Refused:
 * a y that is not canonical, y = 1 (no u) and an encoding that is not a
 * curve point. (libsodium also refuses points outside the prime-order
 * subgroup; such a key only arrives in a cert that was validated as
 * Ed25519, and clamped X25519 scalars ignore the torsion part.)
 */
int dt_ed25519_pk_to_x25519(u8 out[DT_X25519_LEN],
			    const u8 pk[DT_ED25519_PK_LEN])
{
	static const u8 one[32] = { 1 };
	struct fe y, num, den, t;
	struct ge_p3 a;
	u8 canon[32], y_bytes[32];

	memcpy(y_bytes, pk, 32);
	y_bytes[31] &= 0x7f;
	dt_fe_frombytes(&y, y_bytes);
	dt_fe_tobytes(canon, &y);
	if (memcmp(canon, y_bytes, 32) || !memcmp(canon, one, 32) ||
	    dt_ge_frombytes(&a, pk))
		return -EINVAL;

	fe_1(&t);
	fe_add(&num, &t, &y);
	fe_sub(&den, &t, &y);
	fe_carry(&den, &den);
	dt_fe_invert(&den, &den);
	fe_mul(&num, &num, &den);
	dt_fe_tobytes(out, &num);
	return 0;
}

void dt_ed25519_sk_to_x25519(u8 out[DT_X25519_LEN],
			     const u8 sk[DT_ED25519_SK_LEN])
{
	u8 h[DT_SHA512_LEN];

	dt_sha512(sk, DT_ED25519_SEED_LEN, h);
	h[0] &= 248;
	h[31] &= 127;
	h[31] |= 64;
	memcpy(out, h, DT_X25519_LEN);
	dt_wipe(h, sizeof(h));
}

/* Bytes 32..63 of BLAKE2b-512(q || client pk || server pk). */
static void dt_kx_key(u8 out[DT_GKEY_LEN], const u8 q[DT_X25519_LEN],
		      const u8 cpk[DT_X25519_LEN], const u8 spk[DT_X25519_LEN])
{
	u8 in[3 * DT_X25519_LEN], h[64];

	memcpy(in, q, DT_X25519_LEN);
	memcpy(in + DT_X25519_LEN, cpk, DT_X25519_LEN);
	memcpy(in + 2 * DT_X25519_LEN, spk, DT_X25519_LEN);
	dt_blake2b(h, sizeof(h), in, sizeof(in));
	memcpy(out, h + 32, DT_GKEY_LEN);
	dt_wipe(in, sizeof(in));
	dt_wipe(h, sizeof(h));
}

int dt_pp_sender_key(u8 out[DT_GKEY_LEN], const u8 sk[DT_ED25519_SK_LEN],
		     const u8 gpk[DT_X25519_LEN])
{
	u8 xsk[DT_X25519_LEN], xpk[DT_X25519_LEN], q[DT_X25519_LEN];
	int err;

	err = dt_ed25519_pk_to_x25519(xpk, sk + DT_ED25519_SEED_LEN);
	if (err)
		return err;
	dt_ed25519_sk_to_x25519(xsk, sk);
	err = dt_x25519(q, xsk, gpk);
	if (!err)
		dt_kx_key(out, q, xpk, gpk);
	dt_wipe(xsk, sizeof(xsk));
	dt_wipe(q, sizeof(q));
	return err;
}

int dt_pp_receiver_key(u8 out[DT_GKEY_LEN], const u8 gpk[DT_X25519_LEN],
		       const u8 gsk[DT_X25519_LEN],
		       const u8 pub_pk[DT_ED25519_PK_LEN])
{
	u8 xpk[DT_X25519_LEN], q[DT_X25519_LEN];
	int err;

	err = dt_ed25519_pk_to_x25519(xpk, pub_pk);
	if (err)
		return err;
	err = dt_x25519(q, gsk, xpk);
	if (!err)
		dt_kx_key(out, q, xpk, gpk);
	dt_wipe(q, sizeof(q));
	return err;
}

void dt_keys_init(struct dt_keys *k, dt_signer_lookup_t lookup, void *ctx)
{
	memset(k, 0, sizeof(*k));
	k->lookup = lookup;
	k->lookup_ctx = ctx;
}

void dt_keys_wipe(struct dt_keys *k)
{
	dt_wipe(k, sizeof(*k));
}

/*
 * Where a key of creation time ct goes in a newest-first list of n:
 * the index of the same CT (*same set), the insertion index, or -ESTALE.
 */
static int dt_keys_slot(const u64 *cts, unsigned int n, u64 ct, bool *same)
{
	unsigned int i;

	*same = false;
	for (i = 0; i < n; i++) {
		if (cts[i] == ct) {
			*same = true;
			return i;
		}
		if (ct > cts[i])
			return i;
	}
	return n < DT_KEYS_KEPT ? (int)n : -ESTALE;
}

int dt_keys_add_group(struct dt_keys *k, enum dt_key_role role,
		      const u8 key[DT_GKEY_LEN], u64 ct)
{
	struct dt_gkeys *g = &k->group[role];
	u64 cts[DT_KEYS_KEPT];
	unsigned int i;
	bool same;
	int at;

	for (i = 0; i < g->n; i++)
		cts[i] = g->k[i].ct;
	at = dt_keys_slot(cts, g->n, ct, &same);
	if (at < 0)
		return at;
	if (!same) {
		/* Shift older keys down; the oldest beyond the limit is wiped. */
		for (i = DT_KEYS_KEPT - 1; i > (unsigned int)at; i--)
			g->k[i] = g->k[i - 1];
		if (g->n < DT_KEYS_KEPT)
			g->n++;
	}
	g->k[at].ct = ct;
	memcpy(g->k[at].key, key, DT_GKEY_LEN);
	for (i = g->n; i < DT_KEYS_KEPT; i++)
		dt_wipe(&g->k[i], sizeof(g->k[i]));
	return 0;
}

static int dt_sgkey_derive(struct dt_sgkey *s, const struct dt_signer *self)
{
	int err;

	s->has_tx = false;
	if (!self->valid)
		return 0;
	err = dt_pp_sender_key(s->tx, self->sk, s->pk);
	if (err)
		return err;
	s->has_tx = true;
	return 0;
}

int dt_keys_add_sgroup(struct dt_keys *k, enum dt_key_role role,
		       const u8 pk[DT_X25519_LEN], const u8 *sk, u64 ct)
{
	struct dt_sgkeys *g = &k->sgroup[role];
	struct dt_sgkey nk;
	u64 cts[DT_KEYS_KEPT];
	unsigned int i;
	bool same;
	int at, err;

	for (i = 0; i < g->n; i++)
		cts[i] = g->k[i].ct;
	at = dt_keys_slot(cts, g->n, ct, &same);
	if (at < 0)
		return at;

	memset(&nk, 0, sizeof(nk));
	nk.ct = ct;
	memcpy(nk.pk, pk, DT_X25519_LEN);
	if (sk) {
		memcpy(nk.sk, sk, DT_X25519_LEN);
		nk.has_sk = true;
	}
	err = dt_sgkey_derive(&nk, &k->self);
	if (err)
		goto out;

	if (!same) {
		for (i = DT_KEYS_KEPT - 1; i > (unsigned int)at; i--)
			g->k[i] = g->k[i - 1];
		if (g->n < DT_KEYS_KEPT)
			g->n++;
	}
	g->k[at] = nk;
out:
	dt_wipe(&nk, sizeof(nk));
	return err;
}

int dt_keys_set_signer(struct dt_keys *k, const u8 sk[DT_ED25519_SK_LEN],
		       const u8 tp[DT_THUMBPRINT_LEN])
{
	u8 xpk[DT_X25519_LEN];
	unsigned int r, i;
	int err;

	/* A key whose public half has no Montgomery form is refused. */
	err = dt_ed25519_pk_to_x25519(xpk, sk + DT_ED25519_SEED_LEN);
	if (err)
		return err;
	memcpy(k->self.sk, sk, DT_ED25519_SK_LEN);
	memcpy(k->self.tp, tp, DT_THUMBPRINT_LEN);
	k->self.valid = true;
	for (r = 0; r < DT_KEYS_NROLES; r++) {
		struct dt_sgkeys *g = &k->sgroup[r];

		for (i = 0; i < g->n; i++) {
			err = dt_sgkey_derive(&g->k[i], &k->self);
			if (err)
				return err;
		}
	}
	return 0;
}

int dt_keys_signer_pk(const struct dt_keys *k, const u8 tp[DT_THUMBPRINT_LEN],
		      u8 pk[DT_ED25519_PK_LEN])
{
	if (!k->lookup)
		return -ENOKEY;
	return k->lookup(k->lookup_ctx, tp, pk);
}
