// SPDX-License-Identifier: GPL-2.0
/* Ed25519 (RFC 8032) key pairs, signing and libsodium-compatible verification. */
#include "ed25519_int.h"
#include "sc25519.h"
#include "sha512.h"

/*
 * Encodings of points of order 1, 2, 4 and 8 with bit 255 (the sign of
 * x) cleared: y = 0, 1, the two order-8 y values, p - 1, and the
 * non-canonical p and p + 1. libsodium 1.0.18 rejects R and A when they
 * match one of these whatever their bit 255.
 */
static const u8 ed_small_order[7][32] = {
	{ 0 },
	{ 1 },
	{ 0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0,
	  0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98, 0xf0,
	  0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39,
	  0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53, 0xfc, 0x05 },
	{ 0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f,
	  0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67, 0x0f,
	  0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6,
	  0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac, 0x03, 0x7a },
	{ 0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f },
	{ 0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f },
	{ 0xee, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f },
};

static bool ed_small_order_enc(const u8 s[32])
{
	u8 y[32];
	unsigned int i;

	memcpy(y, s, 32);
	y[31] &= 0x7f;
	for (i = 0; i < ARRAY_SIZE(ed_small_order); i++)
		if (!memcmp(y, ed_small_order[i], 32))
			return true;
	return false;
}

bool dt_ed25519_y_noncanonical(const u8 s[32])
{
	unsigned int i;

	if ((s[31] & 0x7f) != 0x7f || s[0] < 0xed)
		return false;
	for (i = 1; i < 31; i++)
		if (s[i] != 0xff)
			return false;
	return true;
}

bool dt_ed25519_precheck(const u8 sig[DT_ED25519_SIG_LEN],
			 const u8 pk[DT_ED25519_PK_LEN])
{
	return dt_sc_is_canonical(sig + 32) && !ed_small_order_enc(sig) &&
	       !dt_ed25519_y_noncanonical(pk) && !ed_small_order_enc(pk);
}

void dt_ed25519_hram(u8 k[32], const u8 *r, const u8 *pk, const u8 *msg,
		     size_t len)
{
	struct dt_sha512_ctx c;
	u8 h[DT_SHA512_LEN];

	dt_sha512_init(&c);
	dt_sha512_update(&c, r, 32);
	dt_sha512_update(&c, pk, 32);
	dt_sha512_update(&c, msg, len);
	dt_sha512_final(&c, h);
	dt_sc_reduce(k, h);
}

/* The secret scalar a (clamped, RFC 8032 5.1.5) and the nonce prefix. */
static void ed_expand(u8 az[DT_SHA512_LEN], const u8 seed[32])
{
	dt_sha512(seed, 32, az);
	az[0] &= 248;
	az[31] &= 127;
	az[31] |= 64;
}

void dt_ed25519_keypair(u8 pk[DT_ED25519_PK_LEN], u8 sk[DT_ED25519_SK_LEN],
			const u8 seed[DT_ED25519_SEED_LEN])
{
	u8 az[DT_SHA512_LEN];
	struct ge_p3 a;

	ed_expand(az, seed);
	dt_ge_scalarmult_base(&a, az);
	dt_ge_tobytes(pk, &a);
	memmove(sk, seed, 32);
	memcpy(sk + 32, pk, 32);
	dt_wipe(az, sizeof(az));
	dt_wipe(&a, sizeof(a));
}

void dt_ed25519_sign(u8 sig[DT_ED25519_SIG_LEN], const u8 *msg, size_t len,
		     const u8 sk[DT_ED25519_SK_LEN])
{
	struct dt_sha512_ctx c;
	u8 az[DT_SHA512_LEN], h[DT_SHA512_LEN];
	u8 r[32], k[32];
	struct ge_p3 rp;

	ed_expand(az, sk);
	/* r = SHA-512(prefix || M) mod L, R = [r]B */
	dt_sha512_init(&c);
	dt_sha512_update(&c, az + 32, 32);
	dt_sha512_update(&c, msg, len);
	dt_sha512_final(&c, h);
	dt_sc_reduce(r, h);
	dt_ge_scalarmult_base(&rp, r);
	dt_ge_tobytes(h, &rp);
	/* k = SHA-512(R || A || M); sig is written last: msg may overlap it */
	dt_ed25519_hram(k, h, sk + 32, msg, len);
	memcpy(sig, h, 32);
	/* S = (r + k a) mod L */
	dt_sc_muladd(sig + 32, k, az, r);
	dt_wipe(az, sizeof(az));
	dt_wipe(h, sizeof(h));
	dt_wipe(r, sizeof(r));
	dt_wipe(&rp, sizeof(rp));
}

int dt_ed25519_verify(const u8 sig[DT_ED25519_SIG_LEN], const u8 *msg,
		      size_t len, const u8 pk[DT_ED25519_PK_LEN])
{
	struct ge_p3 a;
	struct ge_p2 r;
	u8 k[32], rcheck[32];

	if (!dt_ed25519_precheck(sig, pk))
		return -EBADMSG;
	if (dt_ge_frombytes(&a, pk))
		return -EBADMSG;
	dt_ed25519_hram(k, sig, pk, msg, len);
	/* [S]B - [k]A must encode to exactly the bytes of R */
	dt_ge_double_scalarmult_vartime(&r, sig + 32, &a, k);
	dt_ge_p2_tobytes(rcheck, &r);
	return memcmp(rcheck, sig, 32) ? -EBADMSG : 0;
}
