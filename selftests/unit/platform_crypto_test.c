// SPDX-License-Identifier: GPL-2.0
/* Userspace crypto backend: published answers and agreement with libsodium. */
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "kselftest_harness.h"
#include "platform.h"
#include "sha512.h"
#include "ed25519.h"

/* The module's known-answer tests, here run on the userspace backend. */
#include "../../kmod/selftest/crypto_kat.c"

TEST(module_known_answers)
{
	ASSERT_EQ(0, deftt_crypto_selftest());
}

/* Deterministic but irregular test data. */
static void fill(u8 *p, size_t len, unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++) {
		seed = seed * 1103515245u + 12345u;
		p[i] = (u8)(seed >> 16);
	}
}

/* Lengths around the 64/128-byte block sizes and a long one. */
static const size_t lens[] = {
	0, 1, 31, 55, 56, 63, 64, 65, 111, 112, 127, 128, 129, 255, 1000, 4099,
};

TEST(sha256_matches_libsodium)
{
	u8 buf[4099], a[32], b[32];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		fill(buf, lens[i], i);
		dt_sha256(buf, lens[i], a);
		crypto_hash_sha256(b, buf, lens[i]);
		ASSERT_EQ(0, memcmp(a, b, 32)) TH_LOG("len %zu", lens[i]);
	}
}

TEST(sha512_matches_libsodium)
{
	u8 buf[4099], a[64], b[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		fill(buf, lens[i], i + 100);
		dt_sha512(buf, lens[i], a);
		crypto_hash_sha512(b, buf, lens[i]);
		ASSERT_EQ(0, memcmp(a, b, 64)) TH_LOG("len %zu", lens[i]);
	}
}

TEST(blake2b_matches_libsodium)
{
	u8 buf[4099], a[64], b[64];
	size_t i, out;

	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		fill(buf, lens[i], i + 200);
		ASSERT_EQ(0, dt_blake2b256(buf, lens[i], a));
		crypto_generichash(b, 32, buf, lens[i], NULL, 0);
		ASSERT_EQ(0, memcmp(a, b, 32)) TH_LOG("len %zu", lens[i]);
		/* The core's variable-length BLAKE2b (key ids: 4 bytes). */
		for (out = 1; out <= 64; out += 21) {
			dt_blake2b(a, out, buf, lens[i]);
			crypto_generichash(b, out, buf, lens[i], NULL, 0);
			ASSERT_EQ(0, memcmp(a, b, out))
				TH_LOG("len %zu out %zu", lens[i], out);
		}
	}
}

TEST(xchacha_matches_libsodium)
{
	u8 key[32], nonce[24], ad[40], pt[1000], a[1016], b[1016], back[1016];
	unsigned long long blen;
	size_t i;

	fill(key, 32, 1);
	fill(nonce, 24, 2);
	fill(ad, sizeof(ad), 3);
	for (i = 0; i < ARRAY_SIZE(lens) && lens[i] <= sizeof(pt); i++) {
		size_t n = lens[i], adl = n % sizeof(ad);

		fill(pt, n, i + 300);
		ASSERT_EQ(0, dt_xchacha_seal(a, pt, n, ad, adl, nonce, key));
		crypto_aead_xchacha20poly1305_ietf_encrypt(b, &blen, pt, n, ad,
							   adl, NULL, nonce,
							   key);
		ASSERT_EQ(n + 16, blen);
		ASSERT_EQ(0, memcmp(a, b, n + 16)) TH_LOG("len %zu", n);
		ASSERT_EQ(0, dt_xchacha_open(back, a, n + 16, ad, adl, nonce,
					     key));
		ASSERT_EQ(0, memcmp(back, pt, n));
		/* In place both ways. */
		memcpy(back, pt, n);
		ASSERT_EQ(0, dt_xchacha_seal(back, back, n, ad, adl, nonce,
					     key));
		ASSERT_EQ(0, memcmp(back, b, n + 16));
		ASSERT_EQ(0, dt_xchacha_open(back, back, n + 16, ad, adl,
					     nonce, key));
		ASSERT_EQ(0, memcmp(back, pt, n));
		/* Tag, ciphertext and AD are all authenticated. */
		a[n] ^= 1;
		ASSERT_EQ(-EBADMSG, dt_xchacha_open(back, a, n + 16, ad, adl,
						    nonce, key));
		a[n] ^= 1;
		if (n) {
			a[0] ^= 0x80;
			ASSERT_EQ(-EBADMSG, dt_xchacha_open(back, a, n + 16,
							    ad, adl, nonce,
							    key));
			a[0] ^= 0x80;
		}
		if (adl) {
			ad[0] ^= 1;
			ASSERT_EQ(-EBADMSG, dt_xchacha_open(back, a, n + 16,
							    ad, adl, nonce,
							    key));
			ad[0] ^= 1;
		}
	}
	ASSERT_EQ(-EBADMSG, dt_xchacha_open(back, a, 15, NULL, 0, nonce, key));
}

TEST(x25519_matches_libsodium)
{
	u8 s[32], p[32], a[32], b[32];
	int i;

	for (i = 0; i < 16; i++) {
		fill(s, 32, i + 400);
		fill(p, 32, i + 500);
		ASSERT_EQ(0, dt_x25519_base(a, s));
		ASSERT_EQ(0, crypto_scalarmult_base(b, s));
		ASSERT_EQ(0, memcmp(a, b, 32));
		ASSERT_EQ(0, dt_x25519(a, s, p));
		ASSERT_EQ(0, crypto_scalarmult(b, s, p));
		ASSERT_EQ(0, memcmp(a, b, 32));
	}
	/* A small-order point gives zero: refused by both. */
	memset(p, 0, 32);
	p[0] = 1;
	EXPECT_EQ(-EINVAL, dt_x25519(a, s, p));
	EXPECT_NE(0, crypto_scalarmult(b, s, p));
}

TEST(ed25519_matches_libsodium)
{
	u8 seed[32], pk[32], sk[64], pk2[32], sk2[64], sig[64], sig2[64];
	u8 msg[300];
	unsigned long long sl;
	int i;

	for (i = 0; i < 8; i++) {
		size_t len = 1 + i * 37;

		fill(seed, 32, i + 600);
		fill(msg, sizeof(msg), i + 700);
		dt_ed25519_keypair(pk, sk, seed);
		crypto_sign_seed_keypair(pk2, sk2, seed);
		ASSERT_EQ(0, memcmp(pk, pk2, 32));
		ASSERT_EQ(0, memcmp(sk, sk2, 64));
		dt_ed25519_sign(sig, msg, len, sk);
		crypto_sign_detached(sig2, &sl, msg, len, sk2);
		ASSERT_EQ(0, memcmp(sig, sig2, 64));
		ASSERT_EQ(0, dt_ed25519_verify(sig, msg, len, pk));
		msg[0] ^= 1;
		ASSERT_EQ(-EBADMSG, dt_ed25519_verify(sig, msg, len, pk));
	}
}

TEST_HARNESS_MAIN
