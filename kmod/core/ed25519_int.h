/* SPDX-License-Identifier: GPL-2.0 */
/* Pieces of Ed25519 verification shared by the single and batch verifiers. */
#ifndef _DEFTT_CORE_ED25519_INT_H
#define _DEFTT_CORE_ED25519_INT_H

#include "ed25519.h"
#include "ge25519.h"

/*
 * The checks libsodium 1.0.18 makes before any curve arithmetic: S < L,
 * R not a small-order encoding, A a canonical, not small-order encoding.
 */
bool dt_ed25519_precheck(const u8 sig[DT_ED25519_SIG_LEN],
			 const u8 pk[DT_ED25519_PK_LEN]);
/* true when the 255-bit y of s (bit 255 ignored) is p or more */
bool dt_ed25519_y_noncanonical(const u8 s[32]);
/* k = SHA-512(R || A || M) mod L */
void dt_ed25519_hram(u8 k[32], const u8 *r, const u8 *pk, const u8 *msg,
		     size_t len);

#endif /* _DEFTT_CORE_ED25519_INT_H */
