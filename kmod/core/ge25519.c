// SPDX-License-Identifier: GPL-2.0
/* edwards25519 point encoding and decoding. */
#include "ge25519.h"

/* d = -121665 / 121666 */
static const struct fe ge_d = { {
	0x34dca135978a3ULL, 0x1a8283b156ebdULL, 0x5e7a26001c029ULL,
	0x739c663a03cbbULL, 0x52036cee2b6ffULL } };

const struct fe dt_ge_d2 = { {
	0x69b9426b2f159ULL, 0x35050762add7aULL, 0x3cf44c0038052ULL,
	0x6738cc7407977ULL, 0x2406d9dc56dffULL } };

/* 2^((p - 1) / 4), a square root of -1 */
static const struct fe ge_sqrtm1 = { {
	0x61b274a0ea0b0ULL, 0x0d5a5fc8f189dULL, 0x7ef5e9cbd0c60ULL,
	0x78595a6804c9eULL, 0x2b8324804fc1dULL } };

static void ge_xyz_tobytes(u8 s[32], const struct fe *x, const struct fe *y,
			   const struct fe *z)
{
	struct fe zi, ax, ay;

	dt_fe_invert(&zi, z);
	fe_mul(&ax, x, &zi);
	fe_mul(&ay, y, &zi);
	dt_fe_tobytes(s, &ay);
	s[31] |= (u8)(dt_fe_isodd(&ax) << 7);
}

void dt_ge_tobytes(u8 s[32], const struct ge_p3 *p)
{
	ge_xyz_tobytes(s, &p->x, &p->y, &p->z);
}

void dt_ge_p2_tobytes(u8 s[32], const struct ge_p2 *p)
{
	ge_xyz_tobytes(s, &p->x, &p->y, &p->z);
}

int dt_ge_frombytes(struct ge_p3 *r, const u8 s[32])
{
	struct fe u, v, v3, t, vxx, chk;

	/* x^2 = u / v with u = y^2 - 1, v = d y^2 + 1 (never 0). */
	dt_fe_frombytes(&r->y, s);
	fe_1(&r->z);
	fe_sq(&u, &r->y);
	fe_mul(&v, &u, &ge_d);
	fe_sub(&u, &u, &r->z);
	fe_carry(&u, &u);
	fe_add(&v, &v, &r->z);
	/* Candidate root u v^3 (u v^7)^((p - 5) / 8). */
	fe_sq(&v3, &v);
	fe_mul(&v3, &v3, &v);
	fe_sq(&t, &v3);
	fe_mul(&t, &t, &v);
	fe_mul(&t, &t, &u);
	dt_fe_pow22523(&t, &t);
	fe_mul(&t, &t, &v3);
	fe_mul(&r->x, &t, &u);
	/* Either v x^2 = u, or v x^2 = -u and x needs a factor sqrt(-1). */
	fe_sq(&vxx, &r->x);
	fe_mul(&vxx, &vxx, &v);
	fe_sub(&chk, &vxx, &u);
	if (!dt_fe_iszero(&chk)) {
		fe_add(&chk, &vxx, &u);
		if (!dt_fe_iszero(&chk))
			return -EINVAL;
		fe_mul(&r->x, &r->x, &ge_sqrtm1);
	}
	if (dt_fe_isodd(&r->x) != (s[31] >> 7)) {
		fe_neg(&r->x, &r->x);
		fe_carry(&r->x, &r->x);
	}
	fe_mul(&r->t, &r->x, &r->y);
	return 0;
}
