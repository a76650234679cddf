/* SPDX-License-Identifier: GPL-2.0 */
/* Points of edwards25519 (-x^2 + y^2 = 1 + d x^2 y^2) for Ed25519. */
#ifndef _DEFTT_CORE_GE25519_H
#define _DEFTT_CORE_GE25519_H

#include "fe25519.h"

/* the kernel has noinline; glibc's <sys/cdefs.h> the attribute */
#ifndef noinline
#define noinline __attribute_noinline__
#endif

/* Extended coordinates: x = X/Z, y = Y/Z, x y = T/Z. */
struct ge_p3 {
	struct fe x, y, z, t;
};

/* Projective coordinates without T, enough for doubling. */
struct ge_p2 {
	struct fe x, y, z;
};

/*
 * Result of an addition or doubling before the last products:
 * the point is (E/G, H/F) and converts with X = EF, Y = GH, Z = FG, T = EH.
 */
struct ge_p1p1 {
	struct fe e, f, g, h;
};

/* An addend in projective form: Y + X, Y - X, Z and 2d T. */
struct ge_cached {
	struct fe ypx, ymx, z, t2d;
};

/* An affine addend (Z = 1): y + x, y - x, 2d x y. */
struct ge_niels {
	struct fe ypx, ymx, xy2d;
};

/* 2d in field representation. */
extern const struct fe dt_ge_d2;

static __always_inline void ge_p1p1_to_p2(struct ge_p2 *r,
					  const struct ge_p1p1 *p)
{
	fe_mul(&r->x, &p->e, &p->f);
	fe_mul(&r->y, &p->g, &p->h);
	fe_mul(&r->z, &p->f, &p->g);
}

static __always_inline void ge_p1p1_to_p3(struct ge_p3 *r,
					  const struct ge_p1p1 *p)
{
	fe_mul(&r->x, &p->e, &p->f);
	fe_mul(&r->y, &p->g, &p->h);
	fe_mul(&r->z, &p->f, &p->g);
	fe_mul(&r->t, &p->e, &p->h);
}

static __always_inline void ge_p3_to_p2(struct ge_p2 *r, const struct ge_p3 *p)
{
	r->x = p->x;
	r->y = p->y;
	r->z = p->z;
}

static __always_inline void ge_p3_0(struct ge_p3 *r)
{
	fe_0(&r->x);
	fe_1(&r->y);
	fe_1(&r->z);
	fe_0(&r->t);
}

static __always_inline void ge_p3_to_cached(struct ge_cached *r,
					    const struct ge_p3 *p)
{
	fe_add(&r->ypx, &p->y, &p->x);
	fe_carry(&r->ypx, &r->ypx);
	fe_sub(&r->ymx, &p->y, &p->x);
	fe_carry(&r->ymx, &r->ymx);
	r->z = p->z;
	fe_mul(&r->t2d, &p->t, &dt_ge_d2);
}

/*
 * Doubling with a = -1 (Hisil-Wong-Carter-Dawson dbl-2008): with
 * A = X^2, B = Y^2, C = 2 Z^2 the result is E = (X + Y)^2 - A - B,
 * G = B - A, F = G - C, H = -(A + B). Here F and H are both negated,
 * which scales X, Y, Z, T of the result by -1 and so leaves it unchanged.
 */
static __always_inline void ge_dbl(struct ge_p1p1 *r, const struct ge_p2 *p)
{
	struct fe a, b, c, s;

	fe_sq(&a, &p->x);
	fe_sq(&b, &p->y);
	fe_sq(&c, &p->z);
	fe_add(&c, &c, &c);
	fe_add(&s, &p->x, &p->y);
	fe_sq(&s, &s);
	fe_add(&r->h, &a, &b);		/* -H */
	fe_sub(&r->e, &s, &r->h);
	fe_sub(&r->g, &b, &a);
	fe_carry(&r->g, &r->g);
	fe_sub(&r->f, &c, &r->g);	/* -F */
}

/*
 * p + q with q cached (add-2008-hwcd-3 shape): A = (Y1 - X1)(Y2 - X2),
 * B = (Y1 + X1)(Y2 + X2), C = T1 2d T2, D = 2 Z1 Z2, then E = B - A,
 * F = D - C, G = D + C, H = B + A.
 */
static __always_inline void ge_add(struct ge_p1p1 *r, const struct ge_p3 *p,
				   const struct ge_cached *q)
{
	struct fe a, b, c, d, t;

	fe_add(&t, &p->y, &p->x);
	fe_mul(&b, &t, &q->ypx);
	fe_sub(&t, &p->y, &p->x);
	fe_mul(&a, &t, &q->ymx);
	fe_mul(&c, &p->t, &q->t2d);
	fe_mul(&d, &p->z, &q->z);
	fe_add(&d, &d, &d);
	fe_sub(&r->e, &b, &a);
	fe_add(&r->h, &b, &a);
	fe_sub(&r->f, &d, &c);
	fe_add(&r->g, &d, &c);
}

/* p - q: q's negation swaps Y + X with Y - X and negates 2d T. */
static __always_inline void ge_sub(struct ge_p1p1 *r, const struct ge_p3 *p,
				   const struct ge_cached *q)
{
	struct fe a, b, c, d, t;

	fe_add(&t, &p->y, &p->x);
	fe_mul(&b, &t, &q->ymx);
	fe_sub(&t, &p->y, &p->x);
	fe_mul(&a, &t, &q->ypx);
	fe_mul(&c, &p->t, &q->t2d);
	fe_mul(&d, &p->z, &q->z);
	fe_add(&d, &d, &d);
	fe_sub(&r->e, &b, &a);
	fe_add(&r->h, &b, &a);
	fe_add(&r->f, &d, &c);
	fe_sub(&r->g, &d, &c);
}

/* p + q with q affine (Z2 = 1). */
static __always_inline void ge_madd(struct ge_p1p1 *r, const struct ge_p3 *p,
				    const struct ge_niels *q)
{
	struct fe a, b, c, d, t;

	fe_add(&t, &p->y, &p->x);
	fe_mul(&b, &t, &q->ypx);
	fe_sub(&t, &p->y, &p->x);
	fe_mul(&a, &t, &q->ymx);
	fe_mul(&c, &p->t, &q->xy2d);
	fe_add(&d, &p->z, &p->z);
	fe_sub(&r->e, &b, &a);
	fe_add(&r->h, &b, &a);
	fe_sub(&r->f, &d, &c);
	fe_add(&r->g, &d, &c);
}

static __always_inline void ge_msub(struct ge_p1p1 *r, const struct ge_p3 *p,
				    const struct ge_niels *q)
{
	struct fe a, b, c, d, t;

	fe_add(&t, &p->y, &p->x);
	fe_mul(&b, &t, &q->ymx);
	fe_sub(&t, &p->y, &p->x);
	fe_mul(&a, &t, &q->ypx);
	fe_mul(&c, &p->t, &q->xy2d);
	fe_add(&d, &p->z, &p->z);
	fe_sub(&r->e, &b, &a);
	fe_add(&r->h, &b, &a);
	fe_add(&r->f, &d, &c);
	fe_sub(&r->g, &d, &c);
}

/* Encoding (RFC 8032 5.1.2): y with the parity of x in bit 255. */
void dt_ge_tobytes(u8 s[32], const struct ge_p3 *p);
void dt_ge_p2_tobytes(u8 s[32], const struct ge_p2 *p);
/*
 * Decoding exactly as libsodium 1.0.18's ge25519_frombytes: bit 255 is
 * the sign of x, y is taken mod p (callers check canonicity first), x = 0
 * is accepted whatever the sign bit says. Returns 0 or -EINVAL when y is
 * not the y of a curve point.
 */
int dt_ge_frombytes(struct ge_p3 *r, const u8 s[32]);

/* r = [a]B for a secret scalar a < 2^255, constant time. */
void dt_ge_scalarmult_base(struct ge_p3 *r, const u8 a[32]);
/* r = [s]B - [k]A for public s, k < 2^253 (variable time). */
void dt_ge_double_scalarmult_vartime(struct ge_p2 *r, const u8 s[32],
				     const struct ge_p3 *a, const u8 k[32]);
/* The same with A given as its table of odd multiples A, 3A, ..., 15A. */
#define GE_A_TABLE 8
void dt_ge_a_table(struct ge_cached ai[GE_A_TABLE], const struct ge_p3 *a);
void dt_ge_double_scalarmult_table(struct ge_p2 *r, const u8 s[32],
				   const struct ge_cached ai[GE_A_TABLE],
				   const u8 k[32]);

#endif /* _DEFTT_CORE_GE25519_H */
