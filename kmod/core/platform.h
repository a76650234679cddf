/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The only door from the protocol core to the world: types, memory, byte
 * order, time, random bytes, crypto primitives and logging. The kernel
 * implements the functions in kmod/platform_kernel.c, userspace in
 * tools/lib/platform_user.c.
 */
#ifndef _DEFTT_CORE_PLATFORM_H
#define _DEFTT_CORE_PLATFORM_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/stddef.h>
#include <linux/kernel.h>
#else
#include "platform_user.h"	/* tools/lib/ */
#endif /* __KERNEL__ */

/* 128-bit products for field arithmetic (a same-type redefinition is fine). */
typedef unsigned __int128 u128;

/* Byte order: written out with shifts so that no alignment is assumed. */
static __always_inline u16 dt_get_be16(const u8 *p)
{
	return (u16)((u16)p[0] << 8 | p[1]);
}

static __always_inline u32 dt_get_be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static __always_inline u64 dt_get_be64(const u8 *p)
{
	return (u64)dt_get_be32(p) << 32 | dt_get_be32(p + 4);
}

static __always_inline void dt_put_be16(u8 *p, u16 v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static __always_inline void dt_put_be32(u8 *p, u32 v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static __always_inline void dt_put_be64(u8 *p, u64 v)
{
	dt_put_be32(p, v >> 32);
	dt_put_be32(p + 4, (u32)v);
}

static __always_inline u32 dt_get_le32(const u8 *p)
{
	return (u32)p[3] << 24 | (u32)p[2] << 16 | (u32)p[1] << 8 | p[0];
}

static __always_inline u64 dt_get_le64(const u8 *p)
{
	return (u64)dt_get_le32(p + 4) << 32 | dt_get_le32(p);
}

static __always_inline void dt_put_le32(u8 *p, u32 v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

static __always_inline void dt_put_le64(u8 *p, u64 v)
{
	dt_put_le32(p, (u32)v);
	dt_put_le32(p + 4, v >> 32);
}

/* Memory: only for callers that ask for it; the core never allocates on
 * its own behind a caller's back. dt_free(NULL) is allowed.
 */
void *dt_alloc(size_t len);
void dt_free(void *p);
/* Wipe secrets; never optimised away. */
void dt_wipe(void *p, size_t len);
/* Constant-time comparison: 0 when equal. */
int dt_memneq(const void *a, const void *b, size_t len);

/* Wall clock in microseconds since 1970 (DeftT timestamps are µs). */
u64 dt_now_us(void);
/* Cryptographically strong random bytes. */
void dt_random_bytes(void *buf, size_t len);

/* Crypto primitives (SHA-512 and Ed25519 live in the core itself). */
#define DT_SHA256_LEN		32
#define DT_BLAKE2B256_LEN	32
#define DT_XCHACHA_KEY_LEN	32
#define DT_XCHACHA_NONCE_LEN	24
#define DT_AEAD_TAG_LEN		16
#define DT_X25519_LEN		32

void dt_sha256(const u8 *data, size_t len, u8 out[DT_SHA256_LEN]);
/* BLAKE2b with a 32-byte digest, unkeyed. Returns 0 or -errno. */
int dt_blake2b256(const u8 *data, size_t len, u8 out[DT_BLAKE2B256_LEN]);
/*
 * XChaCha20-Poly1305 (IETF). seal writes len bytes of ciphertext followed
 * by the 16-byte tag to dst; open reads len bytes (tag included) from src
 * and writes len - 16 bytes. Both return 0 or -errno (-EBADMSG on a bad tag).
 * dst may equal src. A failed open leaves dst unchanged, so an in-place
 * open may be retried with another key.
 */
int dt_xchacha_seal(u8 *dst, const u8 *src, size_t len,
		    const u8 *ad, size_t ad_len,
		    const u8 nonce[DT_XCHACHA_NONCE_LEN],
		    const u8 key[DT_XCHACHA_KEY_LEN]);
int dt_xchacha_open(u8 *dst, const u8 *src, size_t len,
		    const u8 *ad, size_t ad_len,
		    const u8 nonce[DT_XCHACHA_NONCE_LEN],
		    const u8 key[DT_XCHACHA_KEY_LEN]);
/* X25519: out = scalar * point. Returns 0, or -EINVAL on an all-zero result. */
int dt_x25519(u8 out[DT_X25519_LEN], const u8 scalar[DT_X25519_LEN],
	      const u8 point[DT_X25519_LEN]);
int dt_x25519_base(u8 out[DT_X25519_LEN], const u8 scalar[DT_X25519_LEN]);

/* Logging: levels follow the kernel's (3 err, 4 warning, 6 info, 7 debug). */
#define DT_LOG_ERR	3
#define DT_LOG_WARN	4
#define DT_LOG_INFO	6
#define DT_LOG_DEBUG	7
__printf(2, 3)
void dt_log(int level, const char *fmt, ...);

#endif /* _DEFTT_CORE_PLATFORM_H */
