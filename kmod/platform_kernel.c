// SPDX-License-Identifier: GPL-2.0
/* The protocol core's platform services inside the kernel. */
#include <crypto/algapi.h>
#include <crypto/chacha20poly1305.h>
#include <crypto/curve25519.h>
#include <crypto/hash.h>
#include <crypto/sha2.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>

#include "core/platform.h"
#include "deftt.h"

/* One shared transform: digests take a descriptor on the stack, no key. */
static struct crypto_shash *deftt_blake2b;

int deftt_platform_init(void)
{
	deftt_blake2b = crypto_alloc_shash("blake2b-256", 0, 0);
	if (IS_ERR(deftt_blake2b)) {
		int err = PTR_ERR(deftt_blake2b);

		deftt_blake2b = NULL;
		pr_err("blake2b-256 is not available (%d)\n", err);
		return err;
	}
	return 0;
}

void deftt_platform_exit(void)
{
	crypto_free_shash(deftt_blake2b);
	deftt_blake2b = NULL;
}

/* The core allocates only when a caller in process context asks it to. */
void *dt_alloc(size_t len)
{
	return kvzalloc(len, GFP_KERNEL);
}

void dt_free(void *p)
{
	kvfree(p);
}

void dt_wipe(void *p, size_t len)
{
	memzero_explicit(p, len);
}

int dt_memneq(const void *a, const void *b, size_t len)
{
	return crypto_memneq(a, b, len) ? 1 : 0;
}

u64 dt_now_us(void)
{
	return div_u64(ktime_get_real_ns(), NSEC_PER_USEC);
}

void dt_random_bytes(void *buf, size_t len)
{
	get_random_bytes(buf, len);
}

void dt_sha256(const u8 *data, size_t len, u8 out[DT_SHA256_LEN])
{
	sha256(data, len, out);
}

int dt_blake2b256(const u8 *data, size_t len, u8 out[DT_BLAKE2B256_LEN])
{
	SHASH_DESC_ON_STACK(desc, deftt_blake2b);
	int err;

	desc->tfm = deftt_blake2b;
	err = crypto_shash_digest(desc, data, len, out);
	shash_desc_zero(desc);
	return err;
}

int dt_xchacha_seal(u8 *dst, const u8 *src, size_t len,
		    const u8 *ad, size_t ad_len,
		    const u8 nonce[DT_XCHACHA_NONCE_LEN],
		    const u8 key[DT_XCHACHA_KEY_LEN])
{
	xchacha20poly1305_encrypt(dst, src, len, ad, ad_len, nonce, key);
	return 0;
}

int dt_xchacha_open(u8 *dst, const u8 *src, size_t len,
		    const u8 *ad, size_t ad_len,
		    const u8 nonce[DT_XCHACHA_NONCE_LEN],
		    const u8 key[DT_XCHACHA_KEY_LEN])
{
	if (len < DT_AEAD_TAG_LEN)
		return -EBADMSG;
	if (!xchacha20poly1305_decrypt(dst, src, len, ad, ad_len, nonce, key))
		return -EBADMSG;
	return 0;
}

int dt_x25519(u8 out[DT_X25519_LEN], const u8 scalar[DT_X25519_LEN],
	      const u8 point[DT_X25519_LEN])
{
	return curve25519(out, scalar, point) ? 0 : -EINVAL;
}

int dt_x25519_base(u8 out[DT_X25519_LEN], const u8 scalar[DT_X25519_LEN])
{
	/*
	 * Not curve25519_generate_public(): it refuses the all-zero scalar,
	 * which libsodium (and so DCT) accepts after clamping.
	 */
	static const u8 base[DT_X25519_LEN] = { 9 };

	return curve25519(out, scalar, base) ? 0 : -EINVAL;
}

void dt_log(int level, const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	switch (level) {
	case DT_LOG_ERR:
		pr_err_ratelimited("%pV\n", &vaf);
		break;
	case DT_LOG_WARN:
		pr_warn_ratelimited("%pV\n", &vaf);
		break;
	case DT_LOG_INFO:
		pr_info_ratelimited("%pV\n", &vaf);
		break;
	default:
		pr_debug("%pV\n", &vaf);
		break;
	}
	va_end(args);
}
