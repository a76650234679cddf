// SPDX-License-Identifier: GPL-2.0
/* The key collections: which a zone has, their lifetime rule, the keymaker it follows. */
#include "core/wire.h"
#include "core/schema.h"
#include "deftt.h"

/*
 * keys/pdus and keys/msgs (distributors.md 1, 4). The kernel carries them
 * like any collection; the distributor itself (election, key lists) runs
 * in the daemon. What the kernel must know is how long each Publication
 * lives, which every receiver computes from the name (4.4), and, for one
 * case, the keymaker and epoch the local distributor follows: the daemon
 * tells it with DEFTT_A_ZONE_KEYMAKER.
 */

#define KEYS_SEC		(1000ULL * 1000)
#define KEYS_MR_LIFE		(10 * KEYS_SEC)		/* mrLifetime */
#define KEYS_ELECTION_LIFE	(3 * KEYS_SEC)
#define KEYS_KEY_LIFE		(3610 * KEYS_SEC)	/* reKey + randomize */

/* A key collection is there when the validator it serves encrypts. */
bool deftt_coll_present(const struct dt_schema *s, unsigned int idx)
{
	switch (idx) {
	case DEFTT_COLL_MSGS:
	case DEFTT_COLL_CERT:
		return true;
	case DEFTT_COLL_KEYS_PDUS:
		return dt_sig_encrypts(s->pdu_sig);
	case DEFTT_COLL_KEYS_MSGS:
		return dt_sig_encrypts(s->msgs_sig);
	}
	return false;
}

/* <P>/kl/<epoch>/<tpLo>/<tpHi>/<ts>; tp is the signer's thumbprint. */
static u64 keys_kl_lifetime(const struct deftt_coll *c,
			    const struct dt_name *n, unsigned int at,
			    const u8 *tp)
{
	struct dt_comp ep, lo, hi;
	u64 epoch = 0;

	if (n->ncomp != at + 5)
		return KEYS_MR_LIFE;
	dt_name_comp(n, at + 1, &ep);
	dt_name_comp(n, at + 2, &lo);
	dt_name_comp(n, at + 3, &hi);
	if (ep.type == DT_COMP_SEQNUM && dt_comp_number(&ep, &epoch))
		epoch = 0;
	/* a stale list of the keymaker we follow is dead on arrival */
	if (c->km_set && !memcmp(tp, c->km_tp, DT_THUMBPRINT_LEN) &&
	    epoch < c->km_epoch)
		return 0;
	/* an assertion names its own signer as both ends of the range */
	if (lo.len && lo.len <= DT_THUMBPRINT_LEN && lo.len == hi.len &&
	    !memcmp(lo.val, tp, lo.len) && !memcmp(hi.val, tp, hi.len))
		return KEYS_KEY_LIFE;
	return KEYS_MR_LIFE;
}

/*
 * distributors.md 4.4. Open question (4.4 says "anything else under P"
 * gets 0): a name not under P at all gets 0 as well, so it is refused as
 * expired rather than kept for some default.
 */
u64 deftt_op_keys_lifetime(void *ctx, const struct dt_data *pub)
{
	const struct deftt_coll *c = ctx;
	const struct dt_name *n = &pub->name;
	struct dt_comp t, k;
	int at;

	at = dt_schema_prefix_match(c->z->schema, n);
	if (!pub->si.key_digest || at < 0 || n->ncomp < at + 1u)
		return 0;
	dt_name_comp(n, at, &t);
	if (dt_comp_is_generic(&t, "mr", 2))
		return KEYS_MR_LIFE;
	if (dt_comp_is_generic(&t, "kl", 2))
		return keys_kl_lifetime(c, n, at, pub->si.key_digest);
	if (dt_comp_is_generic(&t, "km", 2) && n->ncomp > at + 1) {
		dt_name_comp(n, at + 1, &k);
		if (dt_comp_is_generic(&k, "cand", 4) ||
		    dt_comp_is_generic(&k, "elec", 4))
			return KEYS_ELECTION_LIFE;
	}
	return 0;
}

/* DEFTT_A_ZONE_KEYMAKER: who the distributor of coll follows, and at what epoch. */
int deftt_keys_set_keymaker(struct deftt_zone *z, unsigned int coll,
			    const u8 *tp, u64 epoch)
{
	struct deftt_sync *zs = &z->sync;
	struct deftt_coll *c;

	if ((coll != DEFTT_COLL_KEYS_PDUS && coll != DEFTT_COLL_KEYS_MSGS) ||
	    !deftt_coll_present(z->schema, coll))
		return -EINVAL;
	c = &zs->coll[coll];
	memcpy(c->km_tp, tp, DT_THUMBPRINT_LEN);
	c->km_epoch = epoch;
	c->km_set = true;
	return 0;
}
