/* SPDX-License-Identifier: GPL-2.0 */
/* Scalars modulo L = 2^252 + 27742317777372353535851937790883648493. */
#ifndef _DEFTT_CORE_SC25519_H
#define _DEFTT_CORE_SC25519_H

#include "platform.h"

/* out = in mod L for a 512-bit little-endian in; constant time. */
void dt_sc_reduce(u8 out[32], const u8 in[64]);
/* s = (a b + c) mod L; constant time. a, b, c < 2^256. */
void dt_sc_muladd(u8 s[32], const u8 a[32], const u8 b[32], const u8 c[32]);
/* true when s < L (the check libsodium 1.0.18 applies to S). */
bool dt_sc_is_canonical(const u8 s[32]);
/*
 * Width-w non-adjacent form of s < 2^253 (2 <= w <= 8): s = sum naf[i] 2^i,
 * every nonzero digit odd with |digit| < 2^(w-1), and nonzero digits at
 * least w positions apart. Variable time: public scalars only.
 */
void dt_sc_wnaf(s8 naf[256], const u8 s[32], unsigned int w);

#endif /* _DEFTT_CORE_SC25519_H */
