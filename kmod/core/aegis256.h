/* SPDX-License-Identifier: GPL-2.0 */
/* AEGIS-256 authenticated encryption (draft-irtf-cfrg-aegis-aead), portable. */
#ifndef _DEFTT_CORE_AEGIS256_H
#define _DEFTT_CORE_AEGIS256_H

#include "platform.h"

#define DT_AEGIS256_KEY_LEN	32
#define DT_AEGIS256_NONCE_LEN	32
#define DT_AEGIS256_TAG_LEN	32	/* the 256-bit tag, as libsodium */
#define DT_AES_BLOCK_LEN	16

/*
 * Encrypts len bytes of src into dst (dst may equal src) and writes the
 * 32-byte tag. The AES round is bitsliced: no table lookups, no branches
 * on secret data.
 */
void dt_aegis256_encrypt(u8 *dst, u8 tag[DT_AEGIS256_TAG_LEN],
			 const u8 *src, size_t len,
			 const u8 *ad, size_t ad_len,
			 const u8 nonce[DT_AEGIS256_NONCE_LEN],
			 const u8 key[DT_AEGIS256_KEY_LEN]);

/*
 * Decrypts len bytes of src into dst and checks the tag (constant time).
 * Returns 0 or -EBADMSG. On failure nothing unauthenticated is left: a
 * separate dst is zeroed, and in place (dst == src) the ciphertext is
 * restored, so the caller may try another key. dst and src must be equal
 * or must not overlap.
 */
int dt_aegis256_decrypt(u8 *dst, const u8 *src, size_t len,
			const u8 tag[DT_AEGIS256_TAG_LEN],
			const u8 *ad, size_t ad_len,
			const u8 nonce[DT_AEGIS256_NONCE_LEN],
			const u8 key[DT_AEGIS256_KEY_LEN]);

/* One AES encryption round (SubBytes, ShiftRows, MixColumns, AddRoundKey). */
void dt_aes_round(u8 out[DT_AES_BLOCK_LEN], const u8 in[DT_AES_BLOCK_LEN],
		  const u8 rk[DT_AES_BLOCK_LEN]);

/* The draft's Update(M) on a byte-form state s[0..5]; for known answers. */
void dt_aegis256_update_blocks(u8 s[6][DT_AES_BLOCK_LEN],
			       const u8 m[DT_AES_BLOCK_LEN]);

#endif /* _DEFTT_CORE_AEGIS256_H */
