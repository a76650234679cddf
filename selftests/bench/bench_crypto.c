// SPDX-License-Identifier: GPL-2.0
/* Crypto costs: our AEGIS-256 and the platform wrappers against libsodium. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sodium.h>

#include "platform.h"
#include "aegis256.h"
#include "sigmgr.h"

static u8 buf[1024 + 64], out[1024 + 64], ad[64], key[32], nonce[32];
static u8 tag[32];
static volatile u8 sink;

static double now_ns(void)
{
	struct timespec ts;

	/* CPU time of this thread: other load on the machine does not count. */
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/*
 * ns per call of fn(len): the best of 7 rounds, each long enough (~20 ms)
 * that the clock's resolution does not matter; the best round is the one
 * least disturbed by other load on the machine.
 */
static double measure(void (*fn)(size_t), size_t len)
{
	double best = 1e30;
	long iters = 1;
	int r;

	for (;;) {
		double t0 = now_ns(), dt;
		long i;

		for (i = 0; i < iters; i++)
			fn(len);
		dt = now_ns() - t0;
		if (dt > 2e7)
			break;
		iters *= 2;
	}
	for (r = 0; r < 7; r++) {
		double t0 = now_ns(), dt;
		long i;

		for (i = 0; i < iters; i++)
			fn(len);
		dt = (now_ns() - t0) / iters;
		if (dt < best)
			best = dt;
	}
	return best;
}

static void report(const char *name, double ns, const char *ref, double ref_ns)
{
	printf("bench: %s %.0f ns ratio %.2f vs %s\n", name, ns, ns / ref_ns,
	       ref);
}

/* ---- AEAD ---- */

static void aegis_seal(size_t len)
{
	dt_aegis256_encrypt(out, tag, buf, len, ad, sizeof(ad), nonce, key);
	sink = out[0];
}

static void aegis_open(size_t len)
{
	sink = (u8)dt_aegis256_decrypt(buf, out, len, tag, ad, sizeof(ad),
				       nonce, key);
}

static void sodium_xchacha_seal(size_t len)
{
	unsigned long long ml;

	crypto_aead_xchacha20poly1305_ietf_encrypt_detached(out, tag, &ml, buf,
							    len, ad, sizeof(ad),
							    NULL, nonce, key);
	sink = out[0];
}

static void sodium_xchacha_open(size_t len)
{
	sink = (u8)crypto_aead_xchacha20poly1305_ietf_decrypt_detached(buf,
			NULL, out, len, tag, ad, sizeof(ad), nonce, key);
}

static void dt_xchacha_seal_b(size_t len)
{
	sink = (u8)dt_xchacha_seal(out, buf, len, ad, sizeof(ad), nonce, key);
}

static void dt_xchacha_open_b(size_t len)
{
	sink = (u8)dt_xchacha_open(buf, out, len + DT_AEAD_TAG_LEN, ad,
				   sizeof(ad), nonce, key);
}

/* ---- hashes ---- */

static void dt_sha256_b(size_t len)
{
	dt_sha256(buf, len, out);
	sink = out[0];
}

static void sodium_sha256(size_t len)
{
	crypto_hash_sha256(out, buf, len);
	sink = out[0];
}

static void dt_blake2b256_b(size_t len)
{
	sink = (u8)dt_blake2b256(buf, len, out);
}

static void core_blake2b256(size_t len)
{
	dt_blake2b(out, 32, buf, len);
	sink = out[0];
}

static void sodium_blake2b256(size_t len)
{
	crypto_generichash(out, 32, buf, len, NULL, 0);
	sink = out[0];
}

/* ---- signature managers on a Publication-sized object ---- */

static struct dt_keys mk;
static struct dt_sigmgr mgr;
static u8 obj[1400];
static struct dt_data od;
static int objlen;

static u8 ref_sk[64], ref_sig[64];

static void sodium_ed_sign(size_t len)
{
	crypto_sign_detached(ref_sig, NULL, obj, len, ref_sk);
	sink = ref_sig[0];
}

static void sodium_ed_verify(size_t len)
{
	sink = (u8)crypto_sign_verify_detached(ref_sig, obj, len,
					       ref_sk + 32);
}

static int lookup_self(void *ctx, const u8 tp[32], u8 pk[32])
{
	memcpy(pk, mk.self.sk + 32, 32);
	return 0;
}

static int build_obj(unsigned int type, size_t clen)
{
	static const u8 name[] = {
		0x07, 0x12, 0x08, 0x04, 'b', 'e', 'n', 'c',
		0x08, 0x03, 'p', 'u', 'b', 0x24, 0x05,
		0x06, 0x60, 0xd2, 0xff, 0x20,
	};
	struct dt_iov iov = { buf, clen };
	struct dt_data_parts p;

	if (dt_sigmgr_init(&mgr, type, DT_KEYS_PUB))
		return -1;
	memset(&p, 0, sizeof(p));
	p.name = name;
	p.name_size = sizeof(name);
	p.content = &iov;
	p.ncontent = 1;
	p.sig_len = dt_sig_value_len(type);
	if (dt_sigmgr_siginfo(&mgr, &mk, &p.si))
		return -1;
	objlen = dt_data_encode(obj, sizeof(obj), &p);
	if (objlen < 0 || dt_data_parse(obj, objlen, DT_KIND_ANY, 0, &od))
		return -1;
	return dt_sig_sign(&mgr, &mk, obj, &od);
}

static void mgr_sign(size_t len)
{
	sink = (u8)dt_sig_sign(&mgr, &mk, obj, &od);
}

static void mgr_validate(size_t len)
{
	/* Out of place: the signed object stays as it is for the next run. */
	sink = (u8)dt_sig_validate(&mgr, &mk, obj, &od, out);
}

int main(void)
{
	static const size_t sizes[] = { 64, 1024 };
	static const struct {
		unsigned int type;
		const char *name;
	} types[] = {
		{ DT_SIG_EDDSA, "eddsa" }, { DT_SIG_AEAD, "aead" },
		{ DT_SIG_AEADSGN, "aeadsgn" }, { DT_SIG_RFC7693, "rfc7693" },
		{ DT_SIG_SHA256, "sha256" }, { DT_SIG_AEGIS, "aegis" },
	};
	u8 seed[32], pk[32], sk[64], tp[32], gk[32];
	unsigned int i, t;
	char name[96], ref[96], refv[96];

	if (sodium_init() < 0)
		return 1;
	randombytes_buf(buf, sizeof(buf));
	randombytes_buf(ad, sizeof(ad));
	randombytes_buf(key, sizeof(key));
	randombytes_buf(nonce, sizeof(nonce));

	for (i = 0; i < 2; i++) {
		size_t n = sizes[i];
		double x, y, z;

		x = measure(sodium_xchacha_seal, n);
		snprintf(ref, sizeof(ref), "xchacha_seal_%zuB_libsodium", n);
		report(ref, x, ref, x);
		y = measure(dt_xchacha_seal_b, n);
		snprintf(name, sizeof(name), "xchacha_seal_%zuB_platform", n);
		report(name, y, ref, x);
		z = measure(aegis_seal, n);
		snprintf(name, sizeof(name), "aegis256_seal_%zuB_ours", n);
		report(name, z, ref, x);

		dt_xchacha_seal(out, buf, n, ad, sizeof(ad), nonce, key);
		x = measure(dt_xchacha_open_b, n);
		crypto_aead_xchacha20poly1305_ietf_encrypt_detached(out, tag,
			NULL, buf, n, ad, sizeof(ad), NULL, nonce, key);
		y = measure(sodium_xchacha_open, n);
		snprintf(ref, sizeof(ref), "xchacha_open_%zuB_libsodium", n);
		report(ref, y, ref, y);
		snprintf(name, sizeof(name), "xchacha_open_%zuB_platform", n);
		report(name, x, ref, y);
		dt_aegis256_encrypt(out, tag, buf, n, ad, sizeof(ad), nonce,
				    key);
		z = measure(aegis_open, n);
		snprintf(name, sizeof(name), "aegis256_open_%zuB_ours", n);
		report(name, z, ref, y);
	}
	for (i = 0; i < 2; i++) {
		size_t n = sizes[i];
		double x, y;

		x = measure(sodium_sha256, n);
		snprintf(ref, sizeof(ref), "sha256_%zuB_libsodium", n);
		report(ref, x, ref, x);
		y = measure(dt_sha256_b, n);
		snprintf(name, sizeof(name), "sha256_%zuB_platform", n);
		report(name, y, ref, x);

		x = measure(sodium_blake2b256, n);
		snprintf(ref, sizeof(ref), "blake2b256_%zuB_libsodium", n);
		report(ref, x, ref, x);
		y = measure(dt_blake2b256_b, n);
		snprintf(name, sizeof(name), "blake2b256_%zuB_platform", n);
		report(name, y, ref, x);
		y = measure(core_blake2b256, n);
		snprintf(name, sizeof(name), "blake2b256_%zuB_core", n);
		report(name, y, ref, x);
	}

	/* Managers: sign and validate vs the bare primitive underneath. */
	randombytes_buf(seed, sizeof(seed));
	crypto_sign_seed_keypair(pk, sk, seed);
	memcpy(ref_sk, sk, sizeof(ref_sk));
	memset(tp, 0x11, sizeof(tp));
	randombytes_buf(gk, sizeof(gk));
	dt_keys_init(&mk, lookup_self, NULL);
	if (dt_keys_set_signer(&mk, sk, tp) ||
	    dt_keys_add_group(&mk, DT_KEYS_PUB, gk, 1))
		return 1;
	for (t = 0; t < ARRAY_SIZE(types); t++)
		for (i = 0; i < 2; i++) {
			size_t n = sizes[i];
			double s, v, r, rv;

			if (build_obj(types[t].type, n))
				return 1;
			s = measure(mgr_sign, n);
			v = measure(mgr_validate, n);
			/* Reference: the primitive alone on the same bytes. */
			switch (types[t].type) {
			case DT_SIG_SHA256:
				r = measure(sodium_sha256, objlen);
				rv = r;
				snprintf(ref, sizeof(ref), "sha256_%dB_libsodium",
					 objlen);
				snprintf(refv, sizeof(refv), "%s", ref);
				break;
			case DT_SIG_RFC7693:
				r = measure(sodium_blake2b256, objlen);
				rv = r;
				snprintf(ref, sizeof(ref),
					 "blake2b256_%dB_libsodium", objlen);
				snprintf(refv, sizeof(refv), "%s", ref);
				break;
			case DT_SIG_AEGIS:
			case DT_SIG_AEAD:
				r = measure(sodium_xchacha_seal, n);
				snprintf(ref, sizeof(ref),
					 "xchacha_seal_%zuB_libsodium", n);
				sodium_xchacha_seal(n);
				rv = measure(sodium_xchacha_open, n);
				snprintf(refv, sizeof(refv),
					 "xchacha_open_%zuB_libsodium", n);
				break;
			default:
				r = measure(sodium_ed_sign, objlen);
				snprintf(ref, sizeof(ref),
					 "ed25519_sign_%dB_libsodium", objlen);
				rv = measure(sodium_ed_verify, objlen);
				snprintf(refv, sizeof(refv),
					 "ed25519_verify_%dB_libsodium", objlen);
				break;
			}
			snprintf(name, sizeof(name), "sigmgr_%s_sign_%zuB",
				 types[t].name, n);
			report(name, s, ref, r);
			snprintf(name, sizeof(name), "sigmgr_%s_validate_%zuB",
				 types[t].name, n);
			report(name, v, refv, rv);
		}
	dt_keys_wipe(&mk);
	return 0;
}
