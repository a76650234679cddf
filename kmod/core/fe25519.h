/* SPDX-License-Identifier: GPL-2.0 */
/* Arithmetic modulo p = 2^255 - 19 in five 51-bit limbs (Ed25519 internals). */
#ifndef _DEFTT_CORE_FE25519_H
#define _DEFTT_CORE_FE25519_H

#include "platform.h"

/*
 * An element is l[0] + l[1] 2^51 + ... + l[4] 2^204. "Reduced" means every
 * limb is below 2^51 + 2^17 (what mul, sq and carry return). add of two
 * reduced elements stays below 2^53 per limb, sub below 2^54; mul and sq
 * accept limbs up to 2^54, so one add or sub may sit between products.
 */
struct fe {
	u64 l[5];
};

#define FE_MASK51 ((1ULL << 51) - 1)

static __always_inline void fe_0(struct fe *r)
{
	r->l[0] = 0;
	r->l[1] = 0;
	r->l[2] = 0;
	r->l[3] = 0;
	r->l[4] = 0;
}

static __always_inline void fe_1(struct fe *r)
{
	fe_0(r);
	r->l[0] = 1;
}

static __always_inline void fe_add(struct fe *r, const struct fe *a,
				   const struct fe *b)
{
	r->l[0] = a->l[0] + b->l[0];
	r->l[1] = a->l[1] + b->l[1];
	r->l[2] = a->l[2] + b->l[2];
	r->l[3] = a->l[3] + b->l[3];
	r->l[4] = a->l[4] + b->l[4];
}

/* a - b computed as a + 4p - b; b's limbs must stay below 2^53. */
static __always_inline void fe_sub(struct fe *r, const struct fe *a,
				   const struct fe *b)
{
	r->l[0] = a->l[0] + 0x1fffffffffffb4ULL - b->l[0];
	r->l[1] = a->l[1] + 0x1ffffffffffffcULL - b->l[1];
	r->l[2] = a->l[2] + 0x1ffffffffffffcULL - b->l[2];
	r->l[3] = a->l[3] + 0x1ffffffffffffcULL - b->l[3];
	r->l[4] = a->l[4] + 0x1ffffffffffffcULL - b->l[4];
}

static __always_inline void fe_neg(struct fe *r, const struct fe *a)
{
	struct fe z;

	fe_0(&z);
	fe_sub(r, &z, a);
}

/* Brings limbs of any element below 2^54 back to reduced form. */
static __always_inline void fe_carry(struct fe *r, const struct fe *a)
{
	u64 c0, c1, c2, c3, c4;

	c0 = a->l[0] >> 51;
	c1 = a->l[1] >> 51;
	c2 = a->l[2] >> 51;
	c3 = a->l[3] >> 51;
	c4 = a->l[4] >> 51;
	r->l[0] = (a->l[0] & FE_MASK51) + 19 * c4;
	r->l[1] = (a->l[1] & FE_MASK51) + c0;
	r->l[2] = (a->l[2] & FE_MASK51) + c1;
	r->l[3] = (a->l[3] & FE_MASK51) + c2;
	r->l[4] = (a->l[4] & FE_MASK51) + c3;
}

/*
 * Products are out of line on purpose: inlined into the point formulas
 * they leave the compiler too few registers and it spills heavily.
 */
void dt_fe_mul(struct fe *r, const struct fe *a, const struct fe *b);
void dt_fe_sq(struct fe *r, const struct fe *a);

static __always_inline void fe_mul(struct fe *r, const struct fe *a,
				   const struct fe *b)
{
	dt_fe_mul(r, a, b);
}

static __always_inline void fe_sq(struct fe *r, const struct fe *a)
{
	dt_fe_sq(r, a);
}

/* r = a^(2^n), n >= 1. */
static __always_inline void fe_sqn(struct fe *r, const struct fe *a,
				   unsigned int n)
{
	fe_sq(r, a);
	while (--n)
		fe_sq(r, r);
}

/* Constant-time r = b ? a : r, b in {0, 1}. */
static __always_inline void fe_cmov(struct fe *r, const struct fe *a, u64 b)
{
	u64 m = 0 - b;

	r->l[0] ^= m & (r->l[0] ^ a->l[0]);
	r->l[1] ^= m & (r->l[1] ^ a->l[1]);
	r->l[2] ^= m & (r->l[2] ^ a->l[2]);
	r->l[3] ^= m & (r->l[3] ^ a->l[3]);
	r->l[4] ^= m & (r->l[4] ^ a->l[4]);
}

void dt_fe_frombytes(struct fe *r, const u8 s[32]);
void dt_fe_tobytes(u8 s[32], const struct fe *a);
void dt_fe_invert(struct fe *r, const struct fe *a);
/* r = a^((p - 5) / 8) */
void dt_fe_pow22523(struct fe *r, const struct fe *a);
bool dt_fe_iszero(const struct fe *a);
/* Least significant bit of the canonical value. */
int dt_fe_isodd(const struct fe *a);

#endif /* _DEFTT_CORE_FE25519_H */
