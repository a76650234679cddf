// SPDX-License-Identifier: GPL-2.0
/* Fuzz Ed25519 verification: every verdict must equal libsodium 1.0.18's. */
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "ed25519.h"
#include "sha512.h"

/*
 * Input layout: byte 0 picks the mode.
 *  even: the rest is sig (64) || pk (32) || message, taken as is.
 *  odd:  the rest is seed (32) || edit (4) || message; the message is
 *        signed with the seed's key, then edit[0] picks a change (flip bit
 *        edit[1..2] of sig || pk, replace the top byte of S, overwrite R's
 *        or A's y with small values, or nothing) so that most inputs reach
 *        the curve arithmetic instead of failing the cheap checks.
 * Checked: dt_ed25519_verify() == libsodium, the batch verdict of the
 * item alone and next to a valid item equals it, and SHA-512 of the
 * message equals libsodium's.
 */
static void check(const u8 *sig, const u8 *pk, const u8 *msg, size_t len)
{
	static u8 scratch[8192] __attribute__((aligned(16)));
	static const u8 seed[32] = { 7 };
	static u8 gpk[32], gsk[64], gsig[64];
	struct dt_ed25519_item it[2];
	int want, ok[2], ret;
	u8 a[64], b[64];

	want = crypto_sign_verify_detached(sig, msg, len, pk) ? -EBADMSG : 0;
	if (dt_ed25519_verify(sig, msg, len, pk) != want)
		abort();
	if (!gpk[0]) {
		dt_ed25519_keypair(gpk, gsk, seed);
		dt_ed25519_sign(gsig, (const u8 *)"", 0, gsk);
	}
	it[0] = (struct dt_ed25519_item){ gsig, (const u8 *)"", 0, gpk };
	it[1] = (struct dt_ed25519_item){ sig, msg, len, pk };
	if (dt_ed25519_batch_scratch_size(2) > sizeof(scratch))
		abort();
	ret = dt_ed25519_verify_batch(it, 2, ok, scratch);
	if (ok[0] || ok[1] != want || ret != want)
		abort();
	dt_sha512(msg, len, a);
	crypto_hash_sha512(b, msg, len);
	if (memcmp(a, b, 64))
		abort();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	u8 sig[64], pk[32], sk[64];
	unsigned int bit;

	if (size < 1 || sodium_init() < 0)
		return 0;
	if (!(data[0] & 1)) {
		if (size < 97)
			return 0;
		memcpy(sig, data + 1, 64);
		memcpy(pk, data + 65, 32);
		check(sig, pk, data + 97, size - 97);
		return 0;
	}
	if (size < 37)
		return 0;
	dt_ed25519_keypair(pk, sk, data + 1);
	dt_ed25519_sign(sig, data + 37, size - 37, sk);
	bit = (data[34] | data[35] << 8) % 768;
	switch (data[33] & 7) {
	case 0:
		if (bit < 512)
			sig[bit / 8] ^= 1 << (bit % 8);
		else
			pk[(bit - 512) / 8] ^= 1 << (bit % 8);
		break;
	case 1:
		sig[63] = data[36];
		break;
	case 2:	/* R's y := small value, sign from the edit */
		memset(sig, 0, 32);
		sig[0] = data[36];
		sig[31] = data[35] & 0x80;
		break;
	case 3:
		memset(pk, 0, 32);
		pk[0] = data[36];
		pk[31] = data[35] & 0x80;
		break;
	case 4:	/* y near p */
		memset(pk, 0xff, 32);
		pk[0] = 0xe0 | (data[36] & 0x1f);
		pk[31] = 0x7f | (data[35] & 0x80);
		break;
	case 5:
		memset(sig, 0xff, 32);
		sig[0] = 0xe0 | (data[36] & 0x1f);
		sig[31] = 0x7f | (data[35] & 0x80);
		break;
	default:
		break;
	}
	check(sig, pk, data + 37, size - 37);
	return 0;
}
