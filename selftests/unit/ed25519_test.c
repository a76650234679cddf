// SPDX-License-Identifier: GPL-2.0
/* Ed25519: RFC 8032 vectors, and every verdict against libsodium 1.0.18's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>
#include <sodium.h>

#include "kselftest_harness.h"
#include "vec.h"
#include "ed25519.h"
#include "ge25519.h"
#include "sc25519.h"
#include "ed25519_int.h"

static int lib_verify(const u8 *sig, const u8 *m, size_t len, const u8 *pk)
{
	return crypto_sign_verify_detached(sig, m, len, pk) ? -EBADMSG : 0;
}

/* L, little-endian */
static const u8 ell[32] = {
	0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7,
	0xa2, 0xde, 0xf9, 0xde, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0x10,
};

/* Point helpers on encodings, through the core's own group law. */
static int enc_add(u8 out[32], const u8 a[32], const u8 b[32])
{
	struct ge_p3 p, q, r;
	struct ge_cached c;
	struct ge_p1p1 t;

	if (dt_ge_frombytes(&p, a) || dt_ge_frombytes(&q, b))
		return -1;
	ge_p3_to_cached(&c, &q);
	ge_add(&t, &p, &c);
	ge_p1p1_to_p3(&r, &t);
	dt_ge_tobytes(out, &r);
	return 0;
}

/* The 8 points of order dividing 8: tors[k] = k T for T of order 8. */
static void torsion(u8 tors[8][32])
{
	static const u8 y8[32] = {
		0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3,
		0xf4, 0x89, 0xf2, 0xef, 0x98, 0xf0, 0xd5, 0xdf, 0xac, 0x05,
		0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53,
		0xfc, 0x05,
	};
	int k;

	memset(tors[0], 0, 32);
	tors[0][0] = 1;
	memcpy(tors[1], y8, 32);
	for (k = 2; k < 8; k++)
		enc_add(tors[k], tors[k - 1], tors[1]);
}

/* Our verdict must equal libsodium's; returns that verdict. */
#define SAME_VERDICT(sig, m, len, pk) ({				\
	int _l = lib_verify(sig, m, len, pk);				\
	int _d = dt_ed25519_verify(sig, m, len, pk);			\
	ASSERT_EQ(_l, _d);						\
	_l; })

TEST(rfc8032_vectors)
{
	char *txt = (char *)vec_read(vec_data("rfc8032.txt"), NULL);
	char *save = NULL, *l, *v;
	static char mhex[4096];
	static u8 msg[2048];
	u8 seed[32], pk[32], sig[64], want_pk[32], want_sig[64];
	u8 out_pk[32], out_sk[64], out_sig[64];
	unsigned int n = 0;
	long mlen;

	ASSERT_NE(NULL, txt);
	mhex[0] = 0;
	for (l = strtok_r(txt, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		v = strstr(l, " = ");
		if (l[0] == '#' || !v)
			continue;
		v += 3;
		if (!strncmp(l, "name", 4)) {
			mhex[0] = 0;
		} else if (!strncmp(l, "sk", 2)) {
			ASSERT_EQ(32, vec_unhex(v, seed, 32));
		} else if (!strncmp(l, "pk", 2)) {
			ASSERT_EQ(32, vec_unhex(v, want_pk, 32));
		} else if (!strncmp(l, "msg", 3)) {
			if (strcmp(v, "-"))
				strncat(mhex, v, sizeof(mhex) - strlen(mhex) - 1);
		} else if (!strncmp(l, "sig", 3)) {
			ASSERT_EQ(64, vec_unhex(v, want_sig, 64));
			mlen = vec_unhex(mhex, msg, sizeof(msg));
			ASSERT_LE(0, mlen);
			dt_ed25519_keypair(out_pk, out_sk, seed);
			ASSERT_EQ(0, memcmp(want_pk, out_pk, 32));
			ASSERT_EQ(0, memcmp(seed, out_sk, 32));
			ASSERT_EQ(0, memcmp(want_pk, out_sk + 32, 32));
			dt_ed25519_sign(out_sig, msg, mlen, out_sk);
			ASSERT_EQ(0, memcmp(want_sig, out_sig, 64));
			ASSERT_EQ(0, dt_ed25519_verify(want_sig, msg, mlen,
						       want_pk));
			ASSERT_EQ(0, lib_verify(want_sig, msg, mlen, want_pk));
			/* and a one-bit change anywhere is refused */
			memcpy(sig, want_sig, 64);
			sig[n * 13 % 64] ^= 4;
			ASSERT_EQ(-EBADMSG, dt_ed25519_verify(sig, msg, mlen,
							      want_pk));
			memcpy(pk, want_pk, 32);
			pk[n * 7 % 32] ^= 1;
			ASSERT_EQ(-EBADMSG, SAME_VERDICT(want_sig, msg, mlen, pk));
			n++;
		}
	}
	/* TEST 1, 2, 3, 1024, SHA(abc); the 1024 message has 1023 bytes */
	ASSERT_EQ(5, n);
	free(txt);
}

static unsigned long env_count(const char *name, unsigned long def)
{
	const char *s = getenv(name);

	return s && *s ? strtoul(s, NULL, 10) : def;
}

/*
 * One worker's share of the random cross-check: key pairs and signatures
 * identical to libsodium's, both accept them, and a random bit flipped in
 * the signature, message or key is refused by both. Returns 0, or 1 after
 * printing what differed.
 */
static int cross_check(unsigned long n)
{
	u8 seed[32], pk[32], sk[64], lpk[32], lsk[64], sig[64], lsig[64];
	u8 msg[256];
	unsigned long i;

	for (i = 0; i < n; i++) {
		size_t len = randombytes_uniform(sizeof(msg) + 1);
		unsigned int what = randombytes_uniform(3), bit;
		const char *err = NULL;
		int d, l;

		randombytes_buf(seed, 32);
		randombytes_buf(msg, len);
		dt_ed25519_keypair(pk, sk, seed);
		crypto_sign_seed_keypair(lpk, lsk, seed);
		dt_ed25519_sign(sig, msg, len, sk);
		crypto_sign_detached(lsig, NULL, msg, len, lsk);
		if (memcmp(pk, lpk, 32) || memcmp(sk, lsk, 64))
			err = "key pair";
		else if (memcmp(sig, lsig, 64))
			err = "signature";
		else if (dt_ed25519_verify(lsig, msg, len, lpk) ||
			 lib_verify(sig, msg, len, pk))
			err = "valid signature refused";
		if (what == 1 && !len)
			what = 0;
		if (what == 0) {
			bit = randombytes_uniform(512);
			sig[bit / 8] ^= 1 << (bit % 8);
		} else if (what == 1) {
			bit = randombytes_uniform(len * 8);
			msg[bit / 8] ^= 1 << (bit % 8);
		} else {
			bit = randombytes_uniform(256);
			pk[bit / 8] ^= 1 << (bit % 8);
		}
		d = dt_ed25519_verify(sig, msg, len, pk);
		l = lib_verify(sig, msg, len, pk);
		/* every single-bit change is refused (else: a forgery) */
		if (!err && (d != l || !d))
			err = "verdict on a changed input";
		if (err) {
			fprintf(stderr, "# %s differs (iteration %lu)\n", err, i);
			return 1;
		}
	}
	return 0;
}

FIXTURE(random) {
};

FIXTURE_SETUP(random)
{
}

FIXTURE_TEARDOWN(random)
{
}

/*
 * DEFTT_ED25519_RANDOM (default 100000) random keys and messages, split
 * over two processes (the work is the same, the wall time halves on two
 * idle cores); about 550 us of CPU per item under ASan.
 */
TEST_F_TIMEOUT(random, vs_libsodium, 900)
{
	unsigned long n = env_count("DEFTT_ED25519_RANDOM", 100000);
	struct timespec t0, t1;
	pid_t pid[2];
	int st, k;

	ASSERT_LE(0, sodium_init());
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (k = 0; k < 2; k++) {
		pid[k] = fork();
		ASSERT_LE(0, pid[k]);
		if (!pid[k])
			_exit(cross_check(k ? n / 2 : n - n / 2));
	}
	for (k = 0; k < 2; k++) {
		ASSERT_EQ(pid[k], waitpid(pid[k], &st, 0));
		ASSERT_TRUE(WIFEXITED(st));
		ASSERT_EQ(0, WEXITSTATUS(st));
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fprintf(stderr, "# %lu random cross-checks in %.1f s\n", n,
		(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
}

/* A valid signature to mutate: fresh key, fixed message. */
static void valid_sig(u8 sig[64], u8 pk[32], u8 sk[64], const u8 *m,
		      size_t len)
{
	u8 seed[32];

	randombytes_buf(seed, 32);
	dt_ed25519_keypair(pk, sk, seed);
	dt_ed25519_sign(sig, m, len, sk);
}

/* S + L, S + 2L, ..., and S with its top three bits set. */
TEST(noncanonical_s)
{
	u8 sig[64], pk[32], sk[64], bad[64], m[5] = "hello";
	unsigned int i, k;
	u16 c;

	ASSERT_LE(0, sodium_init());
	for (i = 0; i < 200; i++) {
		valid_sig(sig, pk, sk, m, sizeof(m));
		ASSERT_EQ(0, SAME_VERDICT(sig, m, sizeof(m), pk));
		for (k = 1; k <= 15; k++) {
			/* bad = S + kL while it fits in 256 bits */
			memcpy(bad, sig, 64);
			c = 0;
			for (unsigned int j = 0; j < 32; j++) {
				c += bad[32 + j] + k * ell[j];
				bad[32 + j] = (u8)c;
				c >>= 8;
			}
			if (c)
				continue;
			ASSERT_EQ(-EBADMSG, SAME_VERDICT(bad, m, sizeof(m), pk));
		}
		memcpy(bad, sig, 64);
		bad[63] |= 0xe0;
		ASSERT_EQ(-EBADMSG, SAME_VERDICT(bad, m, sizeof(m), pk));
	}
	/* S = L, S = L - 1, S = 0 on a real key */
	memcpy(bad, sig, 32);
	memcpy(bad + 32, ell, 32);
	ASSERT_EQ(-EBADMSG, SAME_VERDICT(bad, m, sizeof(m), pk));
	bad[32]--;
	SAME_VERDICT(bad, m, sizeof(m), pk);
	memset(bad + 32, 0, 32);
	SAME_VERDICT(bad, m, sizeof(m), pk);
}

/* The encodings libsodium lists as small order, each with both sign
 * bits, plus the non-canonical y = p + k for every k that fits.
 */
static unsigned int special_encodings(u8 out[][32])
{
	u8 tors[8][32];
	unsigned int n = 0, k, s;

	torsion(tors);
	for (k = 0; k < 8; k++)
		for (s = 0; s < 2; s++) {
			memcpy(out[n], tors[k], 32);
			out[n][31] ^= s << 7;
			n++;
		}
	for (k = 0; k < 19; k++)	/* y = p + k < 2^255 */
		for (s = 0; s < 2; s++) {
			memset(out[n], 0xff, 32);
			out[n][0] = 0xed + k;
			out[n][31] = 0x7f | s << 7;
			n++;
		}
	return n;	/* 16 + 38 */
}

/* Small-order and non-canonical R, with S taken from real signatures and
 * with S recomputed so that the equation holds for that R.
 */
TEST(special_r)
{
	static u8 enc[64][32];
	u8 sig[64], pk[32], sk[64], bad[64], m[3] = "abc", k[32], az[64];
	unsigned int n = special_encodings(enc), i;
	unsigned int accepted = 0;

	ASSERT_LE(0, sodium_init());
	valid_sig(sig, pk, sk, m, sizeof(m));
	crypto_hash_sha512(az, sk, 32);
	az[0] &= 248;
	az[31] &= 127;
	az[31] |= 64;
	for (i = 0; i < n; i++) {
		u8 h[64], zero[32] = { 0 };
		crypto_hash_sha512_state st;

		memcpy(bad, sig, 64);
		memcpy(bad, enc[i], 32);
		SAME_VERDICT(bad, m, sizeof(m), pk);
		/* S = k a with k = H(R || A || M): [S]B - [k]A = identity */
		crypto_hash_sha512_init(&st);
		crypto_hash_sha512_update(&st, bad, 32);
		crypto_hash_sha512_update(&st, pk, 32);
		crypto_hash_sha512_update(&st, m, sizeof(m));
		crypto_hash_sha512_final(&st, h);
		dt_sc_reduce(k, h);
		dt_sc_muladd(bad + 32, k, az, zero);
		if (!SAME_VERDICT(bad, m, sizeof(m), pk))
			accepted++;
	}
	/* libsodium refuses every one of them, so must we */
	ASSERT_EQ(0, accepted);
}

/* Non-canonical R for ordinary points: y + p where y < 19 is on the
 * curve never matches, and R with y = p + k decoded mod p is refused.
 */
TEST(noncanonical_r_random)
{
	u8 sig[64], pk[32], sk[64], bad[64], m[4] = "test";
	unsigned int i;

	ASSERT_LE(0, sodium_init());
	for (i = 0; i < 2000; i++) {
		valid_sig(sig, pk, sk, m, sizeof(m));
		memcpy(bad, sig, 64);
		/* random R bytes: mostly not on the curve */
		randombytes_buf(bad, 32);
		SAME_VERDICT(bad, m, sizeof(m), pk);
		/* flip only the sign bit of R */
		memcpy(bad, sig, 64);
		bad[31] ^= 0x80;
		ASSERT_EQ(-EBADMSG, SAME_VERDICT(bad, m, sizeof(m), pk));
		/* random public key bytes */
		randombytes_buf(pk, 32);
		SAME_VERDICT(sig, m, sizeof(m), pk);
	}
}

/* Small-order and non-canonical public keys, with signatures made with
 * a matching "secret" (for small order, any S with R = [S]B).
 */
TEST(special_pk)
{
	static u8 enc[64][32];
	u8 sig[64], pk[32], sk[64], m[3] = "xyz", s[32];
	unsigned int n = special_encodings(enc), i, j;
	struct ge_p3 r;

	ASSERT_LE(0, sodium_init());
	valid_sig(sig, pk, sk, m, sizeof(m));
	for (i = 0; i < n; i++) {
		ASSERT_EQ(-EBADMSG, SAME_VERDICT(sig, m, sizeof(m), enc[i]));
		/* [S]B - [k]T = R holds when k T = 0: try a few S */
		for (j = 0; j < 16; j++) {
			randombytes_buf(s, 32);
			s[31] &= 0x0f;
			dt_ge_scalarmult_base(&r, s);
			dt_ge_tobytes(sig, &r);
			memcpy(sig + 32, s, 32);
			ASSERT_EQ(-EBADMSG,
				  SAME_VERDICT(sig, m, sizeof(m), enc[i]));
		}
	}
}

/*
 * libsodium's pre-checks one by one (ge25519_is_canonical, has_small_order,
 * sc25519_is_canonical in 1.0.18). A verdict test cannot see the
 * canonical-key rule alone (a key with y = p + k, 2 <= k <= 18, would need
 * a discrete logarithm to sign for), so the rule is checked directly.
 */
TEST(precheck_rules)
{
	static u8 enc[64][32];
	u8 sig[64], pk[32], sk[64], y[32], m[1] = "";
	unsigned int n = special_encodings(enc), i, k;

	ASSERT_LE(0, sodium_init());
	valid_sig(sig, pk, sk, m, 0);
	ASSERT_TRUE(dt_ed25519_precheck(sig, pk));
	/* every special encoding is refused as A; as R all but p + k, k > 1 */
	for (i = 0; i < n; i++) {
		u8 r[64];

		ASSERT_FALSE(dt_ed25519_precheck(sig, enc[i]));
		memcpy(r, sig, 64);
		memcpy(r, enc[i], 32);
		/* R = p + k for k >= 2 is no small-order encoding: only the
		 * final comparison refuses it
		 */
		ASSERT_EQ(i >= 16 + 4, dt_ed25519_precheck(r, pk))
			TH_LOG("encoding %u", i);
	}
	/* y >= p is exactly the non-canonical range, either sign */
	for (k = 0; k < 2 * 48; k++) {
		memset(y, 0xff, 32);
		y[0] = 0xd0 + k / 2;
		y[31] = 0x7f | (k & 1) << 7;
		ASSERT_EQ(y[0] >= 0xed, dt_ed25519_y_noncanonical(y));
	}
	y[0] = 0xff;
	y[30] = 0xfe;
	ASSERT_FALSE(dt_ed25519_y_noncanonical(y));
	/* S: L - 1 passes, L and above do not */
	memcpy(sig + 32, ell, 32);
	ASSERT_FALSE(dt_ed25519_precheck(sig, pk));
	sig[32]--;
	ASSERT_TRUE(dt_ed25519_precheck(sig, pk));
	sig[63] = 0x20;
	ASSERT_FALSE(dt_ed25519_precheck(sig, pk));
}

/*
 * Point decoding: whatever it accepts is on the curve and encodes back to
 * the same bytes, it accepts every point libsodium calls valid, and it
 * accepts about half of all y (those with a square x^2).
 */
TEST(decode_random)
{
	static const u8 d_bytes[32] = {
		0xa3, 0x78, 0x59, 0x13, 0xca, 0x4d, 0xeb, 0x75, 0xab, 0xd8,
		0x41, 0x41, 0x4d, 0x0a, 0x70, 0x00, 0x98, 0xe8, 0x79, 0x77,
		0x79, 0x40, 0xc7, 0x8c, 0x73, 0xfe, 0x6f, 0x2b, 0xee, 0x6c,
		0x03, 0x52,
	};
	unsigned int i, accepted = 0, n = 20000;
	struct fe d, x2, y2, l, r, one;
	struct ge_p3 p;
	u8 s[32], back[32];

	ASSERT_LE(0, sodium_init());
	dt_fe_frombytes(&d, d_bytes);
	fe_1(&one);
	for (i = 0; i < n; i++) {
		randombytes_buf(s, 32);
		s[31] &= 0x7f | (i & 1) << 7;
		if (dt_ed25519_y_noncanonical(s))
			continue;
		if (crypto_core_ed25519_is_valid_point(s))
			ASSERT_EQ(0, dt_ge_frombytes(&p, s));
		if (dt_ge_frombytes(&p, s))
			continue;
		accepted++;
		/* -x^2 + y^2 == 1 + d x^2 y^2 with Z = 1 */
		fe_sq(&x2, &p.x);
		fe_sq(&y2, &p.y);
		fe_sub(&l, &y2, &x2);
		fe_mul(&r, &x2, &y2);
		fe_mul(&r, &r, &d);
		fe_add(&r, &r, &one);
		fe_sub(&l, &l, &r);
		ASSERT_TRUE(dt_fe_iszero(&l));
		dt_ge_tobytes(back, &p);
		ASSERT_EQ(0, memcmp(s, back, 32));
	}
	ASSERT_LT(n * 2 / 5, accepted);
	ASSERT_GT(n * 3 / 5, accepted);
}

/*
 * Mixed-order keys A' = A + T: a signature made with the secret of A but
 * hashed with A' satisfies libsodium's (cofactorless) equation exactly when
 * k T = 0. Grind messages until both outcomes were seen for every T.
 */
TEST(mixed_order_pk)
{
	u8 tors[8][32], sig[64], pk[32], sk[64], apk[32], msg[8], r[32];
	u8 az[64], nonce[64], h[64], k[32];
	unsigned int t, tries, acc, rej;
	crypto_hash_sha512_state st;
	struct ge_p3 rp;

	ASSERT_LE(0, sodium_init());
	torsion(tors);
	for (t = 1; t < 8; t++) {
		valid_sig(sig, pk, sk, msg, 0);
		ASSERT_EQ(0, enc_add(apk, pk, tors[t]));
		crypto_hash_sha512(az, sk, 32);
		az[0] &= 248;
		az[31] &= 127;
		az[31] |= 64;
		acc = 0;
		rej = 0;
		for (tries = 0; tries < 400 && (acc < 3 || rej < 3); tries++) {
			randombytes_buf(msg, sizeof(msg));
			randombytes_buf(nonce, 64);
			dt_sc_reduce(r, nonce);
			dt_ge_scalarmult_base(&rp, r);
			dt_ge_tobytes(sig, &rp);
			crypto_hash_sha512_init(&st);
			crypto_hash_sha512_update(&st, sig, 32);
			crypto_hash_sha512_update(&st, apk, 32);
			crypto_hash_sha512_update(&st, msg, sizeof(msg));
			crypto_hash_sha512_final(&st, h);
			dt_sc_reduce(k, h);
			dt_sc_muladd(sig + 32, k, az, r);
			if (SAME_VERDICT(sig, msg, sizeof(msg), apk))
				rej++;
			else
				acc++;
		}
		ASSERT_LE(3, acc) TH_LOG("torsion %u", t);
		ASSERT_LE(3, rej) TH_LOG("torsion %u", t);
	}
}

/*
 * Mixed-order R as well: R' = rB + T2 with A' = A + T; valid for
 * libsodium when T2 = -k T. Grind until accepted and refused were seen.
 */
TEST(mixed_order_r)
{
	u8 tors[8][32], sig[64], pk[32], sk[64], apk[32], msg[8], r[32];
	u8 az[64], nonce[64], h[64], k[32], rb[32];
	unsigned int t, t2, tries, acc, rej;
	crypto_hash_sha512_state st;
	struct ge_p3 rp;

	ASSERT_LE(0, sodium_init());
	torsion(tors);
	for (t = 1; t < 8; t += 2) {
		valid_sig(sig, pk, sk, msg, 0);
		ASSERT_EQ(0, enc_add(apk, pk, tors[t]));
		crypto_hash_sha512(az, sk, 32);
		az[0] &= 248;
		az[31] &= 127;
		az[31] |= 64;
		acc = 0;
		rej = 0;
		for (tries = 0; tries < 2000 && (acc < 2 || rej < 2); tries++) {
			t2 = randombytes_uniform(8);
			randombytes_buf(msg, sizeof(msg));
			randombytes_buf(nonce, 64);
			dt_sc_reduce(r, nonce);
			dt_ge_scalarmult_base(&rp, r);
			dt_ge_tobytes(rb, &rp);
			ASSERT_EQ(0, enc_add(sig, rb, tors[t2]));
			crypto_hash_sha512_init(&st);
			crypto_hash_sha512_update(&st, sig, 32);
			crypto_hash_sha512_update(&st, apk, 32);
			crypto_hash_sha512_update(&st, msg, sizeof(msg));
			crypto_hash_sha512_final(&st, h);
			dt_sc_reduce(k, h);
			dt_sc_muladd(sig + 32, k, az, r);
			if (SAME_VERDICT(sig, msg, sizeof(msg), apk))
				rej++;
			else
				acc++;
			/* the same R with the prime-order key: refused unless
			 * T2 = 0
			 */
			SAME_VERDICT(sig, msg, sizeof(msg), pk);
		}
		ASSERT_LE(2, acc) TH_LOG("torsion %u", t);
		ASSERT_LE(2, rej) TH_LOG("torsion %u", t);
	}
}

/* Signing with the message in the signature buffer gives the same bytes. */
TEST(sign_in_place)
{
	u8 seed[32], pk[32], sk[64], buf[64], want[64];

	ASSERT_LE(0, sodium_init());
	randombytes_buf(seed, 32);
	randombytes_buf(buf, 64);
	dt_ed25519_keypair(pk, sk, seed);
	crypto_sign_detached(want, NULL, buf, 64, sk);
	dt_ed25519_sign(buf, buf, 64, sk);
	ASSERT_EQ(0, memcmp(want, buf, 64));
	/* keypair may write sk over the seed */
	memcpy(sk, seed, 32);
	dt_ed25519_keypair(pk, sk, sk);
	ASSERT_EQ(0, memcmp(seed, sk, 32));
}

/* One batch item and its expected verdict. */
struct bitem {
	u8 sig[64], pk[32], msg[40];
	size_t len;
};

/*
 * Batches of 1, 2, 8, 64 and 100 with no, one and many bad items, bad
 * ones drawn from every kind above (and mixed-order items libsodium
 * accepts): each verdict equals single verification and libsodium.
 */
/* Fill it[0 .. n) with signatures; mode 0: all good, 1: one bad, 2: about
 * half bad, bad ones of every kind above.
 */
static void batch_fill(struct bitem *it, size_t n, unsigned int mode,
		       u8 tors[8][32])
{
	u8 sk[64], seed[32];
	unsigned int i, kind;

	randombytes_buf(seed, 32);
	dt_ed25519_keypair(it[0].pk, sk, seed);
	for (i = 0; i < n; i++) {
		struct bitem *b = &it[i];

		/* runs of items sharing a key */
		if (i && randombytes_uniform(4) == 0) {
			randombytes_buf(seed, 32);
			dt_ed25519_keypair(b->pk, sk, seed);
		} else if (i) {
			memcpy(b->pk, it[i - 1].pk, 32);
		}
		b->len = randombytes_uniform(sizeof(b->msg) + 1);
		randombytes_buf(b->msg, b->len);
		dt_ed25519_sign(b->sig, b->msg, b->len, sk);
		if (!(mode == 1 && i == n / 2) &&
		    !(mode == 2 && randombytes_uniform(2)))
			continue;
		kind = randombytes_uniform(6);
		if (kind == 0)
			b->sig[randombytes_uniform(64)] ^= 0x10;
		else if (kind == 1 && b->len)
			b->msg[0] ^= 1;
		else if (kind == 2)
			memcpy(b->sig, tors[randombytes_uniform(8)], 32);
		else if (kind == 3)
			enc_add(b->sig, b->sig, tors[1 + randombytes_uniform(7)]);
		else if (kind == 4)
			b->sig[63] |= 0x80;
		else
			enc_add(b->pk, b->pk, tors[1 + randombytes_uniform(7)]);
	}
}

/*
 * Batches of 0, 1, 2, 8, 64 and 100 with no, one and many bad items:
 * each verdict equals single verification and libsodium, and so does
 * the overall result.
 */
TEST(batch)
{
	static const size_t sizes[] = { 1, 2, 8, 64, 100 };
	static struct bitem it[100];
	struct dt_ed25519_item items[100];
	int ok[100], want, ret, all;
	unsigned int k, mode, i;
	u8 tors[8][32];
	void *scratch;
	size_t n;

	ASSERT_LE(0, sodium_init());
	torsion(tors);
	scratch = malloc(dt_ed25519_batch_scratch_size(100));
	ASSERT_NE(NULL, scratch);
	ASSERT_EQ(0, dt_ed25519_verify_batch(items, 0, ok, scratch));
	for (k = 0; k < 3 * ARRAY_SIZE(sizes) * 3; k++) {
		n = sizes[k / 3 % ARRAY_SIZE(sizes)];
		mode = k % 3;
		batch_fill(it, n, mode, tors);
		for (i = 0; i < n; i++) {
			items[i].sig = it[i].sig;
			items[i].msg = it[i].msg;
			items[i].len = it[i].len;
			items[i].pk = it[i].pk;
			ok[i] = 12345;
		}
		ret = dt_ed25519_verify_batch(items, n, ok, scratch);
		all = 0;
		for (i = 0; i < n; i++) {
			want = SAME_VERDICT(it[i].sig, it[i].msg, it[i].len,
					    it[i].pk);
			ASSERT_EQ(want, ok[i]) TH_LOG("n %zu item %u", n, i);
			if (want)
				all = -EBADMSG;
		}
		ASSERT_EQ(all, ret);
		if (mode == 0)
			ASSERT_EQ(0, ret);
		if (mode == 1)
			ASSERT_EQ(-EBADMSG, ret);
	}
	free(scratch);
}

/* A batch of mixed-order items that libsodium accepts and refuses. */
TEST(batch_mixed_order)
{
	u8 tors[8][32], pk[32], sk[64], az[64], nonce[64], h[64], k[32], r[32];
	static u8 sig[64][64], apk[64][32], msg[64][8];
	struct dt_ed25519_item items[64];
	int ok[64], want, accepted = 0;
	crypto_hash_sha512_state st;
	struct ge_p3 rp;
	unsigned int i;
	void *scratch;

	ASSERT_LE(0, sodium_init());
	torsion(tors);
	valid_sig(sig[0], pk, sk, msg[0], 0);
	crypto_hash_sha512(az, sk, 32);
	az[0] &= 248;
	az[31] &= 127;
	az[31] |= 64;
	for (i = 0; i < 64; i++) {
		ASSERT_EQ(0, enc_add(apk[i], pk, tors[1 + i % 7]));
		randombytes_buf(msg[i], 8);
		randombytes_buf(nonce, 64);
		dt_sc_reduce(r, nonce);
		dt_ge_scalarmult_base(&rp, r);
		dt_ge_tobytes(sig[i], &rp);
		crypto_hash_sha512_init(&st);
		crypto_hash_sha512_update(&st, sig[i], 32);
		crypto_hash_sha512_update(&st, apk[i], 32);
		crypto_hash_sha512_update(&st, msg[i], 8);
		crypto_hash_sha512_final(&st, h);
		dt_sc_reduce(k, h);
		dt_sc_muladd(sig[i] + 32, k, az, r);
		items[i] = (struct dt_ed25519_item){ sig[i], msg[i], 8, apk[i] };
	}
	scratch = malloc(dt_ed25519_batch_scratch_size(64));
	ASSERT_NE(NULL, scratch);
	dt_ed25519_verify_batch(items, 64, ok, scratch);
	for (i = 0; i < 64; i++) {
		want = SAME_VERDICT(sig[i], msg[i], 8, apk[i]);
		ASSERT_EQ(want, ok[i]);
		accepted += !want;
	}
	ASSERT_LT(0, accepted);
	ASSERT_GT(64, accepted);
	free(scratch);
}

TEST_HARNESS_MAIN
