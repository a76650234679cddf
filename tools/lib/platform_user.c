// SPDX-License-Identifier: GPL-2.0
/* The protocol core's platform services for userspace, over libc and libsodium. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <sodium.h>

#include "../../kmod/core/platform.h"

static void dt_sodium_init(void)
{
	static int ready;

	if (!ready) {
		if (sodium_init() < 0)
			abort();
		ready = 1;
	}
}

void *dt_alloc(size_t len)
{
	return calloc(1, len);
}

void dt_free(void *p)
{
	free(p);
}

void dt_wipe(void *p, size_t len)
{
	sodium_memzero(p, len);
}

int dt_memneq(const void *a, const void *b, size_t len)
{
	return sodium_memcmp(a, b, len) != 0;
}

u64 dt_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (u64)ts.tv_sec * 1000000 + (u64)ts.tv_nsec / 1000;
}

void dt_random_bytes(void *buf, size_t len)
{
	dt_sodium_init();
	randombytes_buf(buf, len);
}

void dt_sha256(const u8 *data, size_t len, u8 out[DT_SHA256_LEN])
{
	crypto_hash_sha256(out, data, len);
}

int dt_blake2b256(const u8 *data, size_t len, u8 out[DT_BLAKE2B256_LEN])
{
	return crypto_generichash(out, DT_BLAKE2B256_LEN, data, len, NULL, 0) ?
	       -EINVAL : 0;
}

int dt_xchacha_seal(u8 *dst, const u8 *src, size_t len,
		    const u8 *ad, size_t ad_len,
		    const u8 nonce[DT_XCHACHA_NONCE_LEN],
		    const u8 key[DT_XCHACHA_KEY_LEN])
{
	unsigned long long clen;

	dt_sodium_init();
	if (crypto_aead_xchacha20poly1305_ietf_encrypt(dst, &clen, src, len,
						       ad, ad_len, NULL,
						       nonce, key))
		return -EINVAL;
	return 0;
}

int dt_xchacha_open(u8 *dst, const u8 *src, size_t len,
		    const u8 *ad, size_t ad_len,
		    const u8 nonce[DT_XCHACHA_NONCE_LEN],
		    const u8 key[DT_XCHACHA_KEY_LEN])
{
	unsigned long long mlen;

	dt_sodium_init();
	if (len < DT_AEAD_TAG_LEN)
		return -EBADMSG;
	/*
	 * Check the tag before writing anything: libsodium zeroes dst on a
	 * bad tag, and callers that open in place retry with an older key.
	 */
	if (crypto_aead_xchacha20poly1305_ietf_decrypt_detached(NULL, NULL,
			src, len - DT_AEAD_TAG_LEN, src + len - DT_AEAD_TAG_LEN,
			ad, ad_len, nonce, key))
		return -EBADMSG;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(dst, &mlen, NULL, src,
						       len, ad, ad_len,
						       nonce, key))
		return -EBADMSG;
	return 0;
}

int dt_x25519(u8 out[DT_X25519_LEN], const u8 scalar[DT_X25519_LEN],
	      const u8 point[DT_X25519_LEN])
{
	dt_sodium_init();
	return crypto_scalarmult_curve25519(out, scalar, point) ? -EINVAL : 0;
}

int dt_x25519_base(u8 out[DT_X25519_LEN], const u8 scalar[DT_X25519_LEN])
{
	dt_sodium_init();
	return crypto_scalarmult_curve25519_base(out, scalar) ? -EINVAL : 0;
}

static int dt_log_level = DT_LOG_WARN;

void dt_log(int level, const char *fmt, ...)
{
	va_list ap;

	if (level > dt_log_level)
		return;
	va_start(ap, fmt);
	fputs("deftt: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}
