// SPDX-License-Identifier: GPL-2.0
/* Multiples of the base point: constant-time [a]B and variable-time [s]B - [k]A. */
#include "ge25519.h"
#include "sc25519.h"
#include "ed25519_table.h"

/* 1 when a == b, else 0, without branches. */
static __always_inline u64 ct_eq(u32 a, u32 b)
{
	return ((u64)(a ^ b) - 1) >> 63;
}

static __always_inline void niels_cmov(struct ge_niels *r,
				       const struct ge_niels *a, u64 b)
{
	fe_cmov(&r->ypx, &a->ypx, b);
	fe_cmov(&r->ymx, &a->ymx, b);
	fe_cmov(&r->xy2d, &a->xy2d, b);
}

/*
 * r = digit * 16^(2 row) B for digit in [-8, 8], reading every entry of the
 * row and choosing by masks so that neither branch nor address depends on
 * the digit.
 */
static void base_select(struct ge_niels *r, unsigned int row, s8 digit)
{
	u32 neg = (u32)((u8)digit >> 7);
	u32 mag = (u32)(s32)digit;
	struct ge_niels m;
	unsigned int j;

	mag = (mag ^ (0 - neg)) + neg;	/* |digit| */
	fe_1(&r->ypx);
	fe_1(&r->ymx);
	fe_0(&r->xy2d);
	for (j = 0; j < 8; j++)
		niels_cmov(r, &ge_base_comb[row][j], ct_eq(mag, j + 1));
	/* -P swaps y + x with y - x and negates 2d x y */
	m.ypx = r->ymx;
	m.ymx = r->ypx;
	fe_neg(&m.xy2d, &r->xy2d);
	fe_carry(&m.xy2d, &m.xy2d);
	niels_cmov(r, &m, neg);
}

void dt_ge_scalarmult_base(struct ge_p3 *r, const u8 a[32])
{
	struct ge_p1p1 t;
	struct ge_p2 q;
	struct ge_niels n;
	s8 e[64];
	int carry, i;

	/* a = sum e[i] 16^i with every e[i] in [-8, 8) (e[63] <= 8) */
	for (i = 0; i < 32; i++) {
		e[2 * i] = a[i] & 15;
		e[2 * i + 1] = a[i] >> 4;
	}
	carry = 0;
	for (i = 0; i < 63; i++) {
		e[i] += carry;
		carry = (e[i] + 8) >> 4;
		e[i] -= carry << 4;
	}
	e[63] += carry;

	/* odd digits first, then times 16, then the even digits */
	ge_p3_0(r);
	for (i = 1; i < 64; i += 2) {
		base_select(&n, i / 2, e[i]);
		ge_madd(&t, r, &n);
		ge_p1p1_to_p3(r, &t);
	}
	ge_p3_to_p2(&q, r);
	ge_dbl(&t, &q);
	ge_p1p1_to_p2(&q, &t);
	ge_dbl(&t, &q);
	ge_p1p1_to_p2(&q, &t);
	ge_dbl(&t, &q);
	ge_p1p1_to_p2(&q, &t);
	ge_dbl(&t, &q);
	ge_p1p1_to_p3(r, &t);
	for (i = 0; i < 64; i += 2) {
		base_select(&n, i / 2, e[i]);
		ge_madd(&t, r, &n);
		ge_p1p1_to_p3(r, &t);
	}
	dt_wipe(e, sizeof(e));
	dt_wipe(&n, sizeof(n));
}

/*
 * Window widths of the non-adjacent forms: B uses ge_base_odd (64 odd
 * multiples), A a table of GE_A_TABLE odd multiples built at run time.
 */
#define GE_B_WINDOW	8
#define GE_A_WINDOW	5

noinline void dt_ge_a_table(struct ge_cached ai[GE_A_TABLE], const struct ge_p3 *a)
{
	struct ge_p1p1 t;
	struct ge_p3 a2, u;
	struct ge_p2 q;
	unsigned int j;

	ge_p3_to_p2(&q, a);
	ge_dbl(&t, &q);
	ge_p1p1_to_p3(&a2, &t);
	ge_p3_to_cached(&ai[0], a);
	u = *a;
	for (j = 1; j < 8; j++) {
		ge_add(&t, &a2, &ai[j - 1]);
		ge_p1p1_to_p3(&u, &t);
		ge_p3_to_cached(&ai[j], &u);
	}
}

static void ge_double_scalarmult_naf(struct ge_p2 *r, const s8 *ns,
				     const s8 *nk,
				     const struct ge_cached ai[GE_A_TABLE])
{
	struct ge_p1p1 t;
	struct ge_p3 u;
	int i;

	for (i = 255; i >= 0; i--)
		if (ns[i] || nk[i])
			break;
	fe_0(&r->x);
	fe_1(&r->y);
	fe_1(&r->z);
	for (; i >= 0; i--) {
		ge_dbl(&t, r);
		if (ns[i] > 0) {
			ge_p1p1_to_p3(&u, &t);
			ge_madd(&t, &u, &ge_base_odd[ns[i] / 2]);
		} else if (ns[i] < 0) {
			ge_p1p1_to_p3(&u, &t);
			ge_msub(&t, &u, &ge_base_odd[-ns[i] / 2]);
		}
		if (nk[i] > 0) {
			ge_p1p1_to_p3(&u, &t);
			ge_sub(&t, &u, &ai[nk[i] / 2]);
		} else if (nk[i] < 0) {
			ge_p1p1_to_p3(&u, &t);
			ge_add(&t, &u, &ai[-nk[i] / 2]);
		}
		ge_p1p1_to_p2(r, &t);
	}
}

noinline void dt_ge_double_scalarmult_table(struct ge_p2 *r, const u8 s[32],
					    const struct ge_cached ai[GE_A_TABLE],
					    const u8 k[32])
{
	s8 ns[256], nk[256];

	dt_sc_wnaf(ns, s, GE_B_WINDOW);
	dt_sc_wnaf(nk, k, GE_A_WINDOW);
	ge_double_scalarmult_naf(r, ns, nk, ai);
}

void dt_ge_double_scalarmult_vartime(struct ge_p2 *r, const u8 s[32],
				     const struct ge_p3 *a, const u8 k[32])
{
	struct ge_cached ai[GE_A_TABLE];

	dt_ge_a_table(ai, a);
	dt_ge_double_scalarmult_table(r, s, ai, k);
}
