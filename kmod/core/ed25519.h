/* SPDX-License-Identifier: GPL-2.0 */
/* Ed25519 (RFC 8032, pure) signing and verification with libsodium 1.0.18's verdicts. */
#ifndef _DEFTT_CORE_ED25519_H
#define _DEFTT_CORE_ED25519_H

#include "platform.h"

#define DT_ED25519_SEED_LEN	32
#define DT_ED25519_PK_LEN	32
#define DT_ED25519_SK_LEN	64	/* seed || public key, as libsodium */
#define DT_ED25519_SIG_LEN	64

/* Derives the key pair of a 32-byte seed; sk is seed || pk. */
void dt_ed25519_keypair(u8 pk[DT_ED25519_PK_LEN], u8 sk[DT_ED25519_SK_LEN],
			const u8 seed[DT_ED25519_SEED_LEN]);
/* Deterministic signature of msg; constant time in the secret key. */
void dt_ed25519_sign(u8 sig[DT_ED25519_SIG_LEN], const u8 *msg, size_t len,
		     const u8 sk[DT_ED25519_SK_LEN]);
/* 0 if valid, -EBADMSG if not (exactly libsodium 1.0.18's verdict). */
int dt_ed25519_verify(const u8 sig[DT_ED25519_SIG_LEN], const u8 *msg,
		      size_t len, const u8 pk[DT_ED25519_PK_LEN]);

struct dt_ed25519_item {
	const u8 *sig;
	const u8 *msg;
	size_t len;
	const u8 *pk;
};

/* Bytes of scratch memory dt_ed25519_verify_batch() needs for n items. */
size_t dt_ed25519_batch_scratch_size(size_t n);
/*
 * Verifies n items; writes ok[i] = 0 or -EBADMSG per item (always equal to
 * dt_ed25519_verify()'s verdict); returns 0 if all valid, -EBADMSG otherwise.
 * scratch: caller-provided memory of dt_ed25519_batch_scratch_size(n) bytes,
 * suitably aligned for u64 (nothing is allocated inside).
 *
 * Each item gets the full single check (see ed25519_batch.c for why a
 * random-linear-combination equation cannot keep libsodium's verdicts);
 * the batch shares the final field inversion and the decoding of a public
 * key repeated in consecutive items, so keep one signer's items together.
 */
int dt_ed25519_verify_batch(const struct dt_ed25519_item *items, size_t n,
			    int *ok, void *scratch);

#endif /* _DEFTT_CORE_ED25519_H */
