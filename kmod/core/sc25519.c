// SPDX-License-Identifier: GPL-2.0
/* Arithmetic on Ed25519 scalars modulo the group order L. */
#include "sc25519.h"

/* L, least significant limb first */
static const u64 sc_l[4] = {
	0x5812631a5cf5d3edULL, 0x14def9dea2f79cd6ULL,
	0x0000000000000000ULL, 0x1000000000000000ULL,
};

/* floor(2^512 / L) for Barrett reduction */
static const u64 sc_mu[5] = {
	0xed9ce5a30a2c131bULL, 0x2106215d086329a7ULL,
	0xffffffffffffffebULL, 0xffffffffffffffffULL,
	0x000000000000000fULL,
};

/* r[0 .. n) = low n limbs of a * b; a has na limbs, b has nb. */
static void sc_mul_limbs(u64 *r, unsigned int n, const u64 *a,
			 unsigned int na, const u64 *b, unsigned int nb)
{
	unsigned int i, j;
	u128 t;
	u64 c;

	for (i = 0; i < n; i++)
		r[i] = 0;
	for (i = 0; i < na && i < n; i++) {
		c = 0;
		for (j = 0; j < nb && i + j < n; j++) {
			t = (u128)a[i] * b[j] + r[i + j] + c;
			r[i + j] = (u64)t;
			c = (u64)(t >> 64);
		}
		if (i + j < n)
			r[i + j] = c;
	}
}

/* r -= L if r >= L, without branching on r (r has 5 limbs, r < 2^257). */
static void sc_cond_sub_l(u64 r[5])
{
	u64 d[5], borrow = 0, m;
	unsigned int i;
	u128 t;

	for (i = 0; i < 5; i++) {
		t = (u128)r[i] - (i < 4 ? sc_l[i] : 0) - borrow;
		d[i] = (u64)t;
		borrow = (u64)(t >> 64) & 1;
	}
	m = borrow - 1;	/* all ones when no borrow, i.e. r >= L */
	for (i = 0; i < 5; i++)
		r[i] = (d[i] & m) | (r[i] & ~m);
}

/* Barrett reduction of an 8-limb x (HAC 14.42 with b = 2^64, k = 4). */
static void sc_reduce_limbs(u8 out[32], const u64 x[8])
{
	u64 q2[10], r2[5], r[5], borrow = 0;
	unsigned int i;
	u128 t;

	/* q3 = ((x >> 192) mu) >> 320 */
	sc_mul_limbs(q2, 10, x + 3, 5, sc_mu, 5);
	/* r = (x - q3 L) mod 2^320; 0 <= r < 3L */
	sc_mul_limbs(r2, 5, q2 + 5, 5, sc_l, 4);
	for (i = 0; i < 5; i++) {
		t = (u128)x[i] - r2[i] - borrow;
		r[i] = (u64)t;
		borrow = (u64)(t >> 64) & 1;
	}
	sc_cond_sub_l(r);
	sc_cond_sub_l(r);
	for (i = 0; i < 4; i++)
		dt_put_le64(out + 8 * i, r[i]);
}

void dt_sc_reduce(u8 out[32], const u8 in[64])
{
	u64 x[8];
	unsigned int i;

	for (i = 0; i < 8; i++)
		x[i] = dt_get_le64(in + 8 * i);
	sc_reduce_limbs(out, x);
	dt_wipe(x, sizeof(x));
}

void dt_sc_muladd(u8 s[32], const u8 a[32], const u8 b[32], const u8 c[32])
{
	u64 al[4], bl[4], x[8], carry;
	unsigned int i;
	u128 t;

	for (i = 0; i < 4; i++) {
		al[i] = dt_get_le64(a + 8 * i);
		bl[i] = dt_get_le64(b + 8 * i);
	}
	sc_mul_limbs(x, 8, al, 4, bl, 4);
	carry = 0;
	for (i = 0; i < 8; i++) {
		t = (u128)x[i] + (i < 4 ? dt_get_le64(c + 8 * i) : 0) + carry;
		x[i] = (u64)t;
		carry = (u64)(t >> 64);
	}
	/* a b + c < 2^512 because a b <= (2^256 - 1)^2. */
	sc_reduce_limbs(s, x);
	dt_wipe(al, sizeof(al));
	dt_wipe(x, sizeof(x));
}

bool dt_sc_is_canonical(const u8 s[32])
{
	int i;
	u64 v;

	for (i = 3; i >= 0; i--) {
		v = dt_get_le64(s + 8 * i);
		if (v != sc_l[i])
			return v < sc_l[i];
	}
	return false;	/* s == L */
}

void dt_sc_wnaf(s8 naf[256], const u8 s[32], unsigned int w)
{
	u64 x[5];
	unsigned int i, bit, lim;
	u64 v, half = 1ULL << (w - 1), full = 1ULL << w;
	int d;

	for (i = 0; i < 4; i++)
		x[i] = dt_get_le64(s + 8 * i);
	x[4] = 0;
	memset(naf, 0, 256);
	i = 0;
	while (i < 256) {
		bit = i & 63;
		if (!((x[i >> 6] >> bit) & 1)) {
			i++;
			continue;
		}
		/* the w bits starting at i */
		v = x[i >> 6] >> bit;
		if (bit + w > 64)
			v |= x[(i >> 6) + 1] << (64 - bit);
		v &= full - 1;
		/* digit d leaves x - d 2^i with bits i .. i + w - 1 clear */
		if (v & half) {
			d = (int)v - (int)full;
			lim = (i + w) >> 6;
			v = 1ULL << ((i + w) & 63);
			x[lim] += v;
			if (x[lim] < v) {
				while (++lim < 5 && ++x[lim] == 0)
					;
			}
		} else {
			d = (int)v;
		}
		naf[i] = (s8)d;
		x[i >> 6] &= ~((full - 1) << bit);
		if (bit + w > 64)
			x[(i >> 6) + 1] &= ~((full - 1) >> (64 - bit));
		i += w;
	}
}
