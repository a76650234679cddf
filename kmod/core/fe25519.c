// SPDX-License-Identifier: GPL-2.0
/* Field elements mod 2^255 - 19: encoding, inversion and square roots. */
#include "fe25519.h"

/*
 * Folds five 128-bit column sums (each below 2^115) into a reduced element.
 * The high parts of all columns move up at once, then one more 64-bit
 * round of carries; two short chains instead of one long one.
 */
static __always_inline void fe_fold(struct fe *r, u128 t0, u128 t1, u128 t2,
				    u128 t3, u128 t4)
{
	u64 r0, r1, r2, r3, r4;

	r0 = ((u64)t0 & FE_MASK51) + 19 * (u64)(t4 >> 51);
	r1 = ((u64)t1 & FE_MASK51) + (u64)(t0 >> 51);
	r2 = ((u64)t2 & FE_MASK51) + (u64)(t1 >> 51);
	r3 = ((u64)t3 & FE_MASK51) + (u64)(t2 >> 51);
	r4 = ((u64)t4 & FE_MASK51) + (u64)(t3 >> 51);
	r->l[0] = (r0 & FE_MASK51) + 19 * (r4 >> 51);
	r->l[1] = (r1 & FE_MASK51) + (r0 >> 51);
	r->l[2] = (r2 & FE_MASK51) + (r1 >> 51);
	r->l[3] = (r3 & FE_MASK51) + (r2 >> 51);
	r->l[4] = (r4 & FE_MASK51) + (r3 >> 51);
}

void dt_fe_mul(struct fe *r, const struct fe *a, const struct fe *b)
{
	u64 a0 = a->l[0], a1 = a->l[1], a2 = a->l[2], a3 = a->l[3];
	u64 a4 = a->l[4];
	u64 b0 = b->l[0], b1 = b->l[1], b2 = b->l[2], b3 = b->l[3];
	u64 b4 = b->l[4];
	u64 b1_19 = b1 * 19, b2_19 = b2 * 19, b3_19 = b3 * 19;
	u64 b4_19 = b4 * 19;
	u128 t0, t1, t2, t3, t4;

	t0 = (u128)a0 * b0 + (u128)a1 * b4_19 + (u128)a2 * b3_19 +
	     (u128)a3 * b2_19 + (u128)a4 * b1_19;
	t1 = (u128)a0 * b1 + (u128)a1 * b0 + (u128)a2 * b4_19 +
	     (u128)a3 * b3_19 + (u128)a4 * b2_19;
	t2 = (u128)a0 * b2 + (u128)a1 * b1 + (u128)a2 * b0 +
	     (u128)a3 * b4_19 + (u128)a4 * b3_19;
	t3 = (u128)a0 * b3 + (u128)a1 * b2 + (u128)a2 * b1 +
	     (u128)a3 * b0 + (u128)a4 * b4_19;
	t4 = (u128)a0 * b4 + (u128)a1 * b3 + (u128)a2 * b2 +
	     (u128)a3 * b1 + (u128)a4 * b0;
	fe_fold(r, t0, t1, t2, t3, t4);
}

void dt_fe_sq(struct fe *r, const struct fe *a)
{
	u64 a0 = a->l[0], a1 = a->l[1], a2 = a->l[2], a3 = a->l[3];
	u64 a4 = a->l[4];
	u64 d0 = a0 * 2, d1 = a1 * 2, d3_19 = a3 * 38, a4_19 = a4 * 19;
	u64 d4_19 = a4 * 38;
	u128 t0, t1, t2, t3, t4;

	t0 = (u128)a0 * a0 + (u128)a1 * d4_19 + (u128)a2 * d3_19;
	t1 = (u128)d0 * a1 + (u128)a2 * d4_19 + (u128)a3 * (a3 * 19);
	t2 = (u128)d0 * a2 + (u128)a1 * a1 + (u128)a3 * d4_19;
	t3 = (u128)d0 * a3 + (u128)d1 * a2 + (u128)a4 * a4_19;
	t4 = (u128)d0 * a4 + (u128)d1 * a3 + (u128)a2 * a2;
	fe_fold(r, t0, t1, t2, t3, t4);
}

void dt_fe_frombytes(struct fe *r, const u8 s[32])
{
	u64 w0 = dt_get_le64(s), w1 = dt_get_le64(s + 8);
	u64 w2 = dt_get_le64(s + 16), w3 = dt_get_le64(s + 24);

	r->l[0] = w0 & FE_MASK51;
	r->l[1] = ((w0 >> 51) | (w1 << 13)) & FE_MASK51;
	r->l[2] = ((w1 >> 38) | (w2 << 26)) & FE_MASK51;
	r->l[3] = ((w2 >> 25) | (w3 << 39)) & FE_MASK51;
	r->l[4] = (w3 >> 12) & FE_MASK51;	/* bit 255 is ignored */
}

/* Ripple carries limb by limb; the top carry wraps around times 19. */
static void fe_ripple(u64 t[5])
{
	u64 c;

	c = t[0] >> 51;
	t[0] &= FE_MASK51;
	t[1] += c;
	c = t[1] >> 51;
	t[1] &= FE_MASK51;
	t[2] += c;
	c = t[2] >> 51;
	t[2] &= FE_MASK51;
	t[3] += c;
	c = t[3] >> 51;
	t[3] &= FE_MASK51;
	t[4] += c;
	c = t[4] >> 51;
	t[4] &= FE_MASK51;
	t[0] += 19 * c;
}

void dt_fe_tobytes(u8 s[32], const struct fe *a)
{
	u64 t[5], q;
	int i;

	for (i = 0; i < 5; i++)
		t[i] = a->l[i];
	fe_ripple(t);
	fe_ripple(t);
	/* Now value < 2^255 with 51-bit limbs; q = 1 iff value >= p. */
	q = (t[0] + 19) >> 51;
	q = (t[1] + q) >> 51;
	q = (t[2] + q) >> 51;
	q = (t[3] + q) >> 51;
	q = (t[4] + q) >> 51;
	t[0] += 19 * q;
	/* Subtracting p is adding 19 and dropping 2^255. */
	t[1] += t[0] >> 51;
	t[0] &= FE_MASK51;
	t[2] += t[1] >> 51;
	t[1] &= FE_MASK51;
	t[3] += t[2] >> 51;
	t[2] &= FE_MASK51;
	t[4] += t[3] >> 51;
	t[3] &= FE_MASK51;
	t[4] &= FE_MASK51;
	dt_put_le64(s, t[0] | t[1] << 51);
	dt_put_le64(s + 8, t[1] >> 13 | t[2] << 38);
	dt_put_le64(s + 16, t[2] >> 26 | t[3] << 25);
	dt_put_le64(s + 24, t[3] >> 39 | t[4] << 12);
}

/*
 * Shared start of both exponentiations: returns a^(2^250 - 1) in *r and
 * a^11 in *a11.
 */
static void fe_pow2250(struct fe *r, struct fe *a11, const struct fe *a)
{
	struct fe t0, t1, t2;

	fe_sq(&t0, a);			/* a^2 */
	fe_sqn(&t1, &t0, 2);		/* a^8 */
	fe_mul(&t1, &t1, a);		/* a^9 */
	fe_mul(a11, &t1, &t0);		/* a^11 */
	fe_sq(&t0, a11);		/* a^22 */
	fe_mul(&t0, &t0, &t1);		/* a^31 = a^(2^5 - 1) */
	fe_sqn(&t1, &t0, 5);
	fe_mul(&t0, &t1, &t0);		/* 2^10 - 1 */
	fe_sqn(&t1, &t0, 10);
	fe_mul(&t1, &t1, &t0);		/* 2^20 - 1 */
	fe_sqn(&t2, &t1, 20);
	fe_mul(&t1, &t2, &t1);		/* 2^40 - 1 */
	fe_sqn(&t1, &t1, 10);
	fe_mul(&t0, &t1, &t0);		/* 2^50 - 1 */
	fe_sqn(&t1, &t0, 50);
	fe_mul(&t1, &t1, &t0);		/* 2^100 - 1 */
	fe_sqn(&t2, &t1, 100);
	fe_mul(&t1, &t2, &t1);		/* 2^200 - 1 */
	fe_sqn(&t1, &t1, 50);
	fe_mul(r, &t1, &t0);		/* 2^250 - 1 */
}

/* a^(p - 2) = a^(2^255 - 21) = (a^(2^250 - 1))^(2^5) * a^11 */
void dt_fe_invert(struct fe *r, const struct fe *a)
{
	struct fe t, a11;

	fe_pow2250(&t, &a11, a);
	fe_sqn(&t, &t, 5);
	fe_mul(r, &t, &a11);
}

/* a^(2^252 - 3) = (a^(2^250 - 1))^4 * a */
void dt_fe_pow22523(struct fe *r, const struct fe *a)
{
	struct fe t, a11;

	fe_pow2250(&t, &a11, a);
	fe_sqn(&t, &t, 2);
	fe_mul(r, &t, a);
}

bool dt_fe_iszero(const struct fe *a)
{
	u8 s[32];
	u8 acc = 0;
	int i;

	dt_fe_tobytes(s, a);
	for (i = 0; i < 32; i++)
		acc |= s[i];
	return acc == 0;
}

int dt_fe_isodd(const struct fe *a)
{
	u8 s[32];

	dt_fe_tobytes(s, a);
	return s[0] & 1;
}
