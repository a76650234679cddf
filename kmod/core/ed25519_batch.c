// SPDX-License-Identifier: GPL-2.0
/* Ed25519 verification of many signatures at once, item by item as libsodium would. */
#include "ed25519_int.h"

/*
 * Why there is no random-linear-combination batch equation here.
 *
 * libsodium 1.0.18 accepts a signature iff encode([S]B - [k]A) equals the
 * 32 bytes of R, i.e. iff E = [S]B - [k]A - R is exactly the identity
 * (cofactorless). The group has order 8L, so E = P + T with P in the
 * prime-order subgroup and T in the 8-torsion. A batch check
 * sum z_i E_i = 0 with random z_i proves every P_i = 0 (except with
 * probability about 2^-125), but the torsion parts only enter as
 * sum (z_i mod 8) T_i, which a signer who controls A or R (a mixed-order
 * key, or R = rB + T) makes vanish with probability 1/2 or more whatever
 * the z_i: such an item would pass the batch and fail libsodium. Checking
 * T_i = 0 needs per item a fixed multiplication [L](R_i + [k_i mod 8]A_i)
 * (252 doublings, about 0.7 of a single verification) because one group
 * element carries only 3 bits about the torsion of all the items; no
 * combination across items can replace it. An exact batch with the
 * combined equation would therefore cost more than verifying one by one.
 * The cofactored equation ([8]E = 0) is not an option either: its verdict
 * differs from libsodium's on exactly those items.
 *
 * So each item gets libsodium's full cofactorless check; the batch saves
 * what can be shared exactly: the field inversion that turns [S]B - [k]A
 * into bytes is done once for the whole batch (Montgomery's trick), and a
 * public key repeated in consecutive items is decoded and tabulated once.
 * The per-item verdict is, by construction, the single verification's.
 */

struct ed_batch_key {
	struct ge_cached ai[GE_A_TABLE];
	u8 pk[DT_ED25519_PK_LEN];
	bool valid;
};

struct ed_batch_item {
	struct ge_p2 r;		/* [S]B - [k]A */
	struct fe acc;		/* product of the Z of the live items so far */
	size_t prev;		/* the live item before this one */
};

size_t dt_ed25519_batch_scratch_size(size_t n)
{
	/* saturates: no allocation can succeed for an absurd n */
	if (n > (SIZE_MAX - sizeof(struct ed_batch_key)) /
		sizeof(struct ed_batch_item))
		return SIZE_MAX;
	return sizeof(struct ed_batch_key) + n * sizeof(struct ed_batch_item);
}

/* Everything of dt_ed25519_verify() up to the encoding of [S]B - [k]A. */
static int ed_batch_compute(struct ed_batch_item *it,
			    const struct dt_ed25519_item *in,
			    struct ed_batch_key *key)
{
	struct ge_p3 a;
	u8 k[32];

	if (!dt_ed25519_precheck(in->sig, in->pk))
		return -EBADMSG;
	if (!key->valid || memcmp(key->pk, in->pk, DT_ED25519_PK_LEN)) {
		key->valid = false;
		if (dt_ge_frombytes(&a, in->pk))
			return -EBADMSG;
		dt_ge_a_table(key->ai, &a);
		memcpy(key->pk, in->pk, DT_ED25519_PK_LEN);
		key->valid = true;
	}
	dt_ed25519_hram(k, in->sig, in->pk, in->msg, in->len);
	dt_ge_double_scalarmult_table(&it->r, in->sig + 32, key->ai, k);
	return 0;
}

/* Compare the encoding of r (with 1/Z given) to the signature's R. */
static int ed_batch_compare(const struct ge_p2 *r, const struct fe *zi,
			    const u8 *sig)
{
	struct fe x, y;
	u8 s[32];

	fe_mul(&x, &r->x, zi);
	fe_mul(&y, &r->y, zi);
	dt_fe_tobytes(s, &y);
	s[31] |= (u8)(dt_fe_isodd(&x) << 7);
	return memcmp(s, sig, 32) ? -EBADMSG : 0;
}

int dt_ed25519_verify_batch(const struct dt_ed25519_item *items, size_t n,
			    int *ok, void *scratch)
{
	struct ed_batch_key *key = scratch;
	struct ed_batch_item *it = (struct ed_batch_item *)(key + 1);
	struct fe inv, zi;
	size_t i, last = n;
	int ret = 0;

	/* live items are chained by prev; acc accumulates their Z */
	key->valid = false;
	for (i = 0; i < n; i++) {
		ok[i] = ed_batch_compute(&it[i], &items[i], key);
		if (ok[i])
			continue;
		it[i].prev = last;
		if (last == n)
			it[i].acc = it[i].r.z;
		else
			fe_mul(&it[i].acc, &it[last].acc, &it[i].r.z);
		last = i;
	}
	if (last != n) {
		/* one inversion, then walk back peeling off one Z at a time */
		dt_fe_invert(&inv, &it[last].acc);
		for (i = last; it[i].prev != n; i = it[i].prev) {
			fe_mul(&zi, &inv, &it[it[i].prev].acc);
			fe_mul(&inv, &inv, &it[i].r.z);
			ok[i] = ed_batch_compare(&it[i].r, &zi, items[i].sig);
		}
		ok[i] = ed_batch_compare(&it[i].r, &inv, items[i].sig);
	}
	for (i = 0; i < n; i++)
		if (ok[i])
			ret = -EBADMSG;
	return ret;
}
