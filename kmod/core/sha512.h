/* SPDX-License-Identifier: GPL-2.0 */
/* SHA-512 (FIPS 180-4), as Ed25519 needs it. */
#ifndef _DEFTT_CORE_SHA512_H
#define _DEFTT_CORE_SHA512_H

#include "platform.h"

#define DT_SHA512_LEN		64
#define DT_SHA512_BLOCK_LEN	128

struct dt_sha512_ctx {
	u64 h[8];
	u64 count;		/* bytes hashed so far (messages < 2^64 bytes) */
	u8 buf[DT_SHA512_BLOCK_LEN];
};

void dt_sha512_init(struct dt_sha512_ctx *ctx);
void dt_sha512_update(struct dt_sha512_ctx *ctx, const u8 *data, size_t len);
/* Writes the digest and wipes the context. */
void dt_sha512_final(struct dt_sha512_ctx *ctx, u8 out[DT_SHA512_LEN]);
void dt_sha512(const u8 *data, size_t len, u8 out[DT_SHA512_LEN]);

#endif /* _DEFTT_CORE_SHA512_H */
