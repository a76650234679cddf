// SPDX-License-Identifier: GPL-2.0
/* syncps engine, one behaviour of sync.md 6 per test, against a recording face. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "simnet.h"
#include "murmur3.h"

#define MS	1000ULL
#define SEC	(1000 * MS)
#define T0	SIM_EPOCH_US
#define MAXREC	64

/* A face that records what the engine does and answers from a script. */
struct rec {
	u8 pdu[MAXREC][DT_MAX_DGRAM];
	size_t len[MAXREC];
	bool expressed[MAXREC];
	u32 n;
	u32 unsuppressed;
	u32 used;
	u8 best[2048];
	size_t best_size;
	u64 deadline;
	u32 rnd;
	enum dt_sync_verdict verdict;
	u32 delivered;
	void *last_sub;
	u32 confirms[2];
};

static void r_express(void *ctx, const u8 *pdu, size_t len, const u8 *name,
		      size_t size)
{
	struct rec *r = ctx;

	if (r->n < MAXREC) {
		memcpy(r->pdu[r->n], pdu, len);
		r->len[r->n] = len;
		r->expressed[r->n++] = true;
	}
}

static void r_send(void *ctx, const u8 *pdu, size_t len)
{
	struct rec *r = ctx;

	if (r->n < MAXREC) {
		memcpy(r->pdu[r->n], pdu, len);
		r->len[r->n] = len;
		r->expressed[r->n++] = false;
	}
}

static void r_unsuppress(void *ctx, const u8 *name, size_t size)
{
	((struct rec *)ctx)->unsuppressed++;
}

static size_t r_best(void *ctx, u8 *out, size_t cap)
{
	struct rec *r = ctx;

	memcpy(out, r->best, r->best_size);
	return r->best_size;
}

static void r_used(void *ctx, const u8 *name, size_t size)
{
	((struct rec *)ctx)->used++;
}

static size_t r_hash2name(void *ctx, u32 csid, u8 *out, size_t cap)
{
	struct rec *r = ctx;

	if (!r->best_size || dt_csid(r->best, r->best_size) != csid)
		return 0;
	memcpy(out, r->best, r->best_size);
	return r->best_size;
}

static void r_arm(void *ctx, u64 deadline)
{
	((struct rec *)ctx)->deadline = deadline;
}

static u32 r_random(void *ctx)
{
	return ((struct rec *)ctx)->rnd;
}

static int r_seal(void *ctx, u8 *buf, const struct dt_data *d)
{
	u32 len;
	const u8 *p = dt_data_signed(d, &len);

	dt_sha256(p, len, buf + d->off_sigval + d->sig_hlen);
	return 0;
}

static int r_open(void *ctx, u8 *buf, const struct dt_data *d)
{
	return sim_sha_ok(d) ? 0 : -EBADMSG;
}

static enum dt_sync_verdict r_validate(void *ctx, const struct dt_data *d)
{
	struct rec *r = ctx;

	if (!sim_sha_ok(d))
		return DT_SYNC_INVALID;
	return r->verdict;
}

static void r_deliver(void *ctx, void *sub, const u8 *pub, size_t len)
{
	struct rec *r = ctx;

	r->delivered++;
	r->last_sub = sub;
}

static void r_confirm(void *ctx, void *cookie, u32 hash, bool ok)
{
	((struct rec *)ctx)->confirms[ok]++;
}

static const struct dt_sync_ops rec_ops = {
	.express = r_express,
	.send = r_send,
	.unsuppress = r_unsuppress,
	.best_cstate = r_best,
	.used_cstate = r_used,
	.hash2name = r_hash2name,
	.arm = r_arm,
	.random = r_random,
	.seal = r_seal,
	.open = r_open,
	.validate = r_validate,
	.deliver = r_deliver,
	.confirm = r_confirm,
};

FIXTURE(eng) {
	struct rec *r;
	struct dt_sync *s;
	struct dt_sync_cfg cfg;
	u8 coll[64];
	size_t coll_size;
	u8 buf[DT_MAX_DGRAM];
};

FIXTURE_SETUP(eng)
{
	self->r = calloc(1, sizeof(*self->r));
	ASSERT_NE(NULL, self->r);
	self->coll_size = sim_coll(self->coll, sizeof(self->coll));
	dt_sync_cfg_msgs(&self->cfg, self->coll, self->coll_size);
	self->s = dt_sync_new(&self->cfg, &rec_ops, self->r);
	ASSERT_NE(NULL, self->s);
}

FIXTURE_TEARDOWN(eng)
{
	dt_sync_free(self->s);
	free(self->r);
}

/* ---- helpers ---- */

static int mkpub(u8 *buf, u32 seq, u64 ts)
{
	return sim_make_pub(buf, DT_MAX_DGRAM, "sim", "a", seq, ts, 100);
}

static u32 hash_of(const u8 *p, int len)
{
	return dt_pub_hash(p, len);
}

/* Feeds a cState advertising the given keys. */
static void feed_cstate(struct dt_sync *s, const u8 *coll, size_t csize,
			const u32 *keys, u32 n, u32 nonce, u64 now, u8 *keep,
			size_t *keep_size)
{
	u8 buf[DT_MAX_DGRAM];
	struct dt_iblt ib;
	struct dt_cstate cs;
	u32 i;
	int len;

	dt_iblt_init(&ib);
	for (i = 0; i < n; i++)
		dt_iblt_insert(&ib, keys[i]);
	len = sim_make_cstate(buf, sizeof(buf), coll, csize, &ib, nonce, 1357);
	if (len < 0 || dt_cstate_parse(buf, len, &cs))
		abort();
	if (keep) {
		memcpy(keep, cs.name.tlv, cs.name.size);
		*keep_size = cs.name.size;
	}
	dt_sync_on_cstate(s, &cs, now);
}

static void feed_cadd(struct dt_sync *s, const u8 *cs_name, size_t cs_size,
		      const u8 *pub, size_t plen, u64 now)
{
	u8 buf[DT_MAX_DGRAM];
	struct dt_data d;
	int len;

	len = sim_make_cadd(buf, sizeof(buf), cs_name, cs_size, &pub, &plen, 1);
	if (len < 0 || dt_cadd_parse(buf, len, &d))
		abort();
	dt_sync_on_cadd(s, buf, &d, now);
}

/* Name of the empty-IBLT cState of the bed's collection. */
static size_t empty_name(const u8 *coll, size_t csize, u8 *out)
{
	struct dt_iblt ib;
	struct dt_cstate cs;
	u8 buf[256];
	int len;

	dt_iblt_init(&ib);
	len = sim_make_cstate(buf, sizeof(buf), coll, csize, &ib, 1, 1357);
	if (len < 0 || dt_cstate_parse(buf, len, &cs))
		abort();
	memcpy(out, cs.name.tlv, cs.name.size);
	return cs.name.size;
}

static bool adv_has(struct dt_sync *s, u32 key)
{
	struct dt_iblt ib, one;
	struct dt_iblt_keys have, need;
	u32 h[DT_IBLT_CELLS], nd[DT_IBLT_CELLS], i;

	dt_sync_adv_iblt(s, &ib);
	dt_iblt_init(&one);
	have = (struct dt_iblt_keys){ h, DT_IBLT_CELLS, 0 };
	need = (struct dt_iblt_keys){ nd, DT_IBLT_CELLS, 0 };
	dt_iblt_peel(&ib, &have, &need);
	for (i = 0; i < have.n; i++)
		if (have.key[i] == key)
			return true;
	return false;
}

/* ---- start-up (6.5, 6.6) ---- */

TEST_F(eng, silent_until_registered)
{
	u8 pub[512];
	int len = mkpub(pub, 1, T0);

	ASSERT_EQ(0, dt_sync_publish(self->s, pub, len, NULL, NULL, T0));
	ASSERT_EQ(0, self->r->n);
	ASSERT_EQ(1, dt_sync_nactive(self->s));
}

TEST_F(eng, start_expresses_canonical_empty_cstate)
{
	static const u8 fd10[10] = { 0xfd, 0xfd, 0xfd, 0xfd, 0xfd,
				     0xfd, 0xfd, 0xfd, 0xfd, 0xfd };
	struct dt_sync_cfg cfg;
	struct dt_sync *s;
	struct dt_cstate cs;
	u8 coll[] = { 0x07, 0x10, 0x08, 0x08, 1, 2, 3, 4, 5, 6, 7, 8,
		      0x08, 0x04, 'm', 's', 'g', 's' };

	/* sync.md 4.5 example 5: zone 01..08, msgs, empty IBLT */
	dt_sync_cfg_msgs(&cfg, coll, sizeof(coll));
	s = dt_sync_new(&cfg, &rec_ops, self->r);
	ASSERT_NE(NULL, s);
	self->r->rnd = 0xdeadbeef;
	dt_sync_start(s, T0);
	ASSERT_EQ(1, self->r->n);
	ASSERT_TRUE(self->r->expressed[0]);
	ASSERT_EQ(1, self->r->unsuppressed);
	ASSERT_EQ(0, dt_cstate_parse(self->r->pdu[0], self->r->len[0], &cs));
	ASSERT_EQ(1357, cs.lifetime_ms);
	ASSERT_EQ(10, cs.iblt_len);
	ASSERT_EQ(0, memcmp(cs.iblt, fd10, 10));
	ASSERT_EQ(0x20596e27, dt_csid(cs.name.tlv, cs.name.size));
	/* nonce written little-endian, as DCT does */
	ASSERT_EQ(0xef, cs.nonce[0]);
	ASSERT_EQ(0xde, cs.nonce[3]);
	dt_sync_free(s);
}

/* ---- local publication (6.11) ---- */

TEST_F(eng, publish_without_network_cstate_expresses_new_state)
{
	u8 pub[512];
	struct dt_cstate cs;
	struct dt_iblt ib, one;
	int len = mkpub(pub, 1, T0);

	dt_sync_start(self->s, T0);
	ASSERT_EQ(0, dt_sync_publish(self->s, pub, len, NULL, NULL, T0));
	ASSERT_EQ(2, self->r->n);
	ASSERT_TRUE(self->r->expressed[1]);
	ASSERT_EQ(0, dt_cstate_parse(self->r->pdu[1], self->r->len[1], &cs));
	ASSERT_EQ(0, dt_iblt_decode(&ib, cs.iblt, cs.iblt_len));
	dt_iblt_init(&one);
	dt_iblt_insert(&one, hash_of(pub, len));
	ASSERT_EQ(0, memcmp(&ib, &one, sizeof(ib)));
	ASSERT_EQ(-EEXIST, dt_sync_publish(self->s, pub, len, NULL, NULL, T0));
}

TEST_F(eng, publish_answers_best_network_cstate_at_once)
{
	u8 pub[512], name[2048];
	size_t nsize;
	struct dt_pdu pdu;
	const u8 *p;
	size_t plen;
	struct dt_pub_iter it;
	int len = mkpub(pub, 1, T0);
	u64 d = dt_sync_dist_delay(self->s);

	dt_sync_start(self->s, T0);
	/* a network cState was heard: netCState; the face remembers it */
	feed_cstate(self->s, self->coll, self->coll_size, NULL, 0, 7, T0,
		    name, &nsize);
	memcpy(self->r->best, name, nsize);
	self->r->best_size = nsize;
	self->r->rnd = 3;
	ASSERT_EQ(0, dt_sync_publish(self->s, pub, len, NULL, NULL, T0));
	ASSERT_EQ(2, self->r->n);
	ASSERT_FALSE(self->r->expressed[1]);
	ASSERT_EQ(0, dt_pdu_parse(self->r->pdu[1], self->r->len[1], &pdu));
	ASSERT_EQ(DT_TLV_DATA, pdu.type);
	ASSERT_EQ(dt_csid(name, nsize), dt_cadd_csid(&pdu.cadd));
	ASSERT_TRUE(sim_sha_ok(&pdu.cadd));
	dt_pub_iter_init(&it, dt_data_content(&pdu.cadd), pdu.cadd.content_len);
	ASSERT_TRUE(dt_pub_next(&it, &p, &plen));
	ASSERT_EQ(len, plen);
	ASSERT_EQ(0, memcmp(p, pub, len));
	ASSERT_FALSE(dt_pub_next(&it, &p, &plen));
	ASSERT_EQ(1, self->r->used);
	/* our own cState follows after 2d + r (r = 3 ms here) */
	ASSERT_EQ(T0 + 2 * d + 3 * MS, self->r->deadline);
	dt_sync_tick(self->s, T0 + 2 * d + 3 * MS);
	ASSERT_EQ(3, self->r->n);
	ASSERT_TRUE(self->r->expressed[2]);
}

TEST_F(eng, batch_publishes_once_at_the_end)
{
	u8 pub[512];
	u32 i;

	dt_sync_start(self->s, T0);
	dt_sync_batch_begin(self->s);
	for (i = 0; i < 3; i++) {
		int len = mkpub(pub, i, T0);

		ASSERT_EQ(0, dt_sync_publish(self->s, pub, len, NULL, NULL,
					     T0));
	}
	ASSERT_EQ(1, self->r->n);
	/* more entries than before the batch: one cState for all three */
	dt_sync_batch_done(self->s, 0, T0);
	ASSERT_EQ(2, self->r->n);
	ASSERT_TRUE(self->r->expressed[1]);
	/* nothing new since n = 3: nothing sent */
	dt_sync_batch_begin(self->s);
	dt_sync_batch_done(self->s, 3, T0);
	ASSERT_EQ(2, self->r->n);
}

/* ---- receiving cStates (6.7) ---- */

TEST_F(eng, cstate_lacking_local_pub_gets_cadd_then_hold)
{
	u8 pub[512];
	int len = mkpub(pub, 1, T0);
	u32 n;

	dt_sync_start(self->s, T0);
	dt_sync_publish(self->s, pub, len, NULL, NULL, T0);
	n = self->r->n;
	feed_cstate(self->s, self->coll, self->coll_size, NULL, 0, 1,
		    T0 + 10 * MS, NULL, NULL);
	ASSERT_EQ(n + 1, self->r->n);
	ASSERT_FALSE(self->r->expressed[n]);
	/* shipped: held for pubHoldtime (50 ms), another copy is not sent */
	feed_cstate(self->s, self->coll, self->coll_size, NULL, 0, 2,
		    T0 + 40 * MS, NULL, NULL);
	ASSERT_EQ(n + 1, self->r->n);
	feed_cstate(self->s, self->coll, self->coll_size, NULL, 0, 3,
		    T0 + 61 * MS, NULL, NULL);
	ASSERT_EQ(n + 2, self->r->n);
	ASSERT_FALSE(self->r->expressed[n + 1]);
}

TEST_F(eng, cstate_now_sends_at_once)
{
	u32 n;

	dt_sync_start(self->s, T0);
	n = self->r->n;
	dt_sync_cstate_now(self->s, T0 + 10 * MS);
	ASSERT_EQ(n + 1, self->r->n);
	ASSERT_TRUE(self->r->expressed[n]);
	ASSERT_EQ(2, dt_sync_counters(self->s)[DT_SC_CSTATE_TX]);
}

TEST_F(eng, same_state_cstate_sends_nothing)
{
	u8 pub[512];
	int len = mkpub(pub, 1, T0);
	u32 h = hash_of(pub, len), n;

	dt_sync_start(self->s, T0);
	dt_sync_publish(self->s, pub, len, NULL, NULL, T0);
	n = self->r->n;
	feed_cstate(self->s, self->coll, self->coll_size, &h, 1, 9,
		    T0 + 5 * MS, NULL, NULL);
	ASSERT_EQ(n, self->r->n);
	/* the only deadline left is the pub's end of life: no cState */
	ASSERT_EQ(T0 + 2 * SEC, self->r->deadline);
}

TEST_F(eng, need_is_paced_one_per_d)
{
	u32 k1 = 0x1234, k2 = 0x5678, k3 = 0x9abc;
	u64 d = dt_sync_dist_delay(self->s);
	u32 keys[3] = { k1, k2, k3 };

	dt_sync_start(self->s, T0);
	self->r->rnd = 0;
	feed_cstate(self->s, self->coll, self->coll_size, keys, 1, 1, T0 + SEC,
		    NULL, NULL);
	/* first need: un-suppress, cState after r */
	ASSERT_EQ(2, self->r->unsuppressed);
	ASSERT_EQ(T0 + SEC, self->r->deadline);
	dt_sync_tick(self->s, T0 + SEC);
	ASSERT_EQ(2, self->r->n);
	/* a second need within d is deferred to lastNeed + d */
	feed_cstate(self->s, self->coll, self->coll_size, keys, 2, 2,
		    T0 + SEC + 10 * MS, NULL, NULL);
	ASSERT_EQ(T0 + SEC + d, self->r->deadline);
	/* and a third meanwhile changes nothing */
	feed_cstate(self->s, self->coll, self->coll_size, keys, 3, 3,
		    T0 + SEC + 20 * MS, NULL, NULL);
	ASSERT_EQ(T0 + SEC + d, self->r->deadline);
	ASSERT_EQ(2, self->r->n);
}

TEST_F(eng, malformed_iblt_is_dropped_with_reason)
{
	u8 buf[256], name[128];
	struct dt_name_bld b;
	struct dt_cstate cs;
	struct dt_name c;
	u8 bad[3] = { 0x01, 0x02, 0x03 };	/* truncated cell token */
	u8 nonce[4] = { 0 };
	int n, len;

	dt_sync_start(self->s, T0);
	dt_name_parse(self->coll, self->coll_size, 0, &c);
	dt_nb_init(&b, name, sizeof(name));
	dt_nb_name(&b, &c, c.ncomp);
	dt_nb_comp(&b, DT_COMP_GENERIC, bad, sizeof(bad));
	n = dt_nb_finish(&b);
	len = dt_cstate_encode(buf, sizeof(buf), name, n, nonce, 1357);
	ASSERT_EQ(0, dt_cstate_parse(buf, len, &cs));
	dt_sync_on_cstate(self->s, &cs, T0);
	ASSERT_EQ(1, dt_sync_counters(self->s)[DT_SC_CSTATE_IBLT]);
	ASSERT_EQ(1, self->r->n);
}

TEST_F(eng, peel_failure_sends_blind_cadd_of_at_most_six)
{
	u8 pub[512];
	u32 keys[210], i;
	struct dt_pdu pdu;
	unsigned int npubs;

	dt_sync_start(self->s, T0);
	/* the peer has our 10 and 200 more: too many to peel, nothing in have */
	for (i = 0; i < 10; i++) {
		int len = mkpub(pub, i, T0);

		dt_sync_publish(self->s, pub, len, NULL, NULL, T0);
		keys[i] = hash_of(pub, len);
	}
	for (i = 10; i < 210; i++)
		keys[i] = 0x10000 + i * 7919;
	self->r->n = 0;
	feed_cstate(self->s, self->coll, self->coll_size, keys, 210, 1,
		    T0 + 3 * SEC - 900 * MS, NULL, NULL);
	ASSERT_EQ(1, dt_sync_counters(self->s)[DT_SC_CSTATE_PEEL_PART]);
	ASSERT_EQ(1, dt_sync_counters(self->s)[DT_SC_BLIND_TX]);
	ASSERT_EQ(0, dt_pdu_parse(self->r->pdu[0], self->r->len[0], &pdu));
	ASSERT_EQ(0, dt_cadd_check_content(dt_data_content(&pdu.cadd),
					   pdu.cadd.content_len, &npubs));
	ASSERT_EQ(6, npubs);
}

/* ---- receiving cAdds (6.12), subscriptions (6.16) ---- */

TEST_F(eng, cadd_pubs_are_validated_and_delivered_longest_prefix)
{
	u8 pub[512], name[128], p1[16], p2[16];
	struct dt_name_bld b;
	int len = mkpub(pub, 1, T0), n1, n2;
	size_t nsize = empty_name(self->coll, self->coll_size, name);
	int subA, subB;

	dt_nb_init(&b, p1, sizeof(p1));
	dt_nb_str(&b, "sim");
	n1 = dt_nb_finish(&b);
	dt_nb_init(&b, p2, sizeof(p2));
	dt_nb_str(&b, "sim");
	dt_nb_str(&b, "a");
	n2 = dt_nb_finish(&b);
	ASSERT_EQ(0, dt_sync_subscribe(self->s, p1, n1, &subA));
	ASSERT_EQ(0, dt_sync_subscribe(self->s, p2, n2, &subB));
	self->r->rnd = 4;
	dt_sync_start(self->s, T0);
	feed_cadd(self->s, name, nsize, pub, len, T0 + MS);
	ASSERT_EQ(1, self->r->delivered);
	ASSERT_EQ(&subB, self->r->last_sub);
	ASSERT_TRUE(adv_has(self->s, hash_of(pub, len)));
	/* new state goes out after r */
	ASSERT_EQ(T0 + MS + 4 * MS, self->r->deadline);
	/* the same cAdd again: duplicate, nothing delivered */
	feed_cadd(self->s, name, nsize, pub, len, T0 + 2 * MS);
	ASSERT_EQ(1, self->r->delivered);
	ASSERT_EQ(1, dt_sync_counters(self->s)[DT_SC_PUB_DUP]);
	/* a later subscriber of a matching prefix gets what is held */
	dt_sync_unsubscribe(self->s, p2, n2);
	self->r->delivered = 0;
	ASSERT_EQ(0, dt_sync_subscribe(self->s, p2, n2, &subB));
	ASSERT_EQ(1, self->r->delivered);
}

TEST_F(eng, cadd_before_registration_and_bad_seal_are_dropped)
{
	u8 pub[512], name[128], buf[DT_MAX_DGRAM];
	size_t nsize = empty_name(self->coll, self->coll_size, name);
	int len = mkpub(pub, 1, T0), clen;
	const u8 *pp = pub;
	size_t pl = len;
	struct dt_data d;

	feed_cadd(self->s, name, nsize, pub, len, T0);
	ASSERT_EQ(1, dt_sync_counters(self->s)[DT_SC_CADD_EARLY]);
	dt_sync_start(self->s, T0);
	clen = sim_make_cadd(buf, sizeof(buf), name, nsize, &pp, &pl, 1);
	ASSERT_EQ(0, dt_cadd_parse(buf, clen, &d));
	buf[clen - 1] ^= 1;
	dt_sync_on_cadd(self->s, buf, &d, T0);
	ASSERT_EQ(1, dt_sync_counters(self->s)[DT_SC_CADD_OPEN]);
	ASSERT_EQ(0, dt_sync_npubs(self->s));
}

TEST_F(eng, expired_pub_is_ignored_and_advertised_for_one_second)
{
	u8 pub[512], name[128];
	size_t nsize = empty_name(self->coll, self->coll_size, name);
	/* created 3 s ago: age >= lifetime (2 s) + skew (1 s) */
	int len = mkpub(pub, 1, T0 - 3 * SEC);
	u32 h = hash_of(pub, len);

	dt_sync_start(self->s, T0);
	feed_cadd(self->s, name, nsize, pub, len, T0);
	ASSERT_EQ(1, dt_sync_counters(self->s)[DT_SC_PUB_EXPIRED]);
	ASSERT_EQ(0, dt_sync_npubs(self->s));
	ASSERT_TRUE(adv_has(self->s, h));
	feed_cadd(self->s, name, nsize, pub, len, T0 + 500 * MS);
	ASSERT_EQ(1, dt_sync_counters(self->s)[DT_SC_PUB_IGNORED]);
	dt_sync_tick(self->s, T0 + SEC);
	ASSERT_FALSE(adv_has(self->s, h));
	/* from the future beyond the skew: also refused */
	len = mkpub(pub, 2, T0 + 2 * SEC);
	feed_cadd(self->s, name, nsize, pub, len, T0 + SEC);
	ASSERT_EQ(2, dt_sync_counters(self->s)[DT_SC_PUB_EXPIRED]);
}

TEST_F(eng, lifetime_then_grace_then_forgotten)
{
	u8 pub[512], name[128];
	size_t nsize = empty_name(self->coll, self->coll_size, name);
	int len = mkpub(pub, 1, T0);
	u32 h = hash_of(pub, len);
	bool active;

	dt_sync_start(self->s, T0);
	feed_cadd(self->s, name, nsize, pub, len, T0 + 100 * MS);
	ASSERT_TRUE(dt_sync_has(self->s, h, &active));
	ASSERT_TRUE(active);
	dt_sync_tick(self->s, T0 + 2 * SEC - 1);
	ASSERT_TRUE(adv_has(self->s, h));
	/* lifetime counts from creation, not arrival */
	dt_sync_tick(self->s, T0 + 2 * SEC);
	ASSERT_TRUE(dt_sync_has(self->s, h, &active));
	ASSERT_FALSE(active);
	ASSERT_FALSE(adv_has(self->s, h));
	/* replay while remembered: a duplicate, not re-accepted */
	feed_cadd(self->s, name, nsize, pub, len, T0 + 2500 * MS);
	ASSERT_EQ(1, dt_sync_counters(self->s)[DT_SC_PUB_DUP]);
	dt_sync_tick(self->s, T0 + 3 * SEC);
	ASSERT_FALSE(dt_sync_has(self->s, h, NULL));
	/* and after that the arrival window refuses it */
	feed_cadd(self->s, name, nsize, pub, len, T0 + 3 * SEC);
	ASSERT_EQ(1, dt_sync_counters(self->s)[DT_SC_PUB_EXPIRED]);
	ASSERT_EQ(1, dt_sync_counters(self->s)[DT_SC_PUB_ACCEPTED]);
}

/* A collection's own lifetime rule: seq 1 lives 10 s, seq 2 not at all. */
static u64 r_lifetime(void *ctx, const struct dt_data *d)
{
	struct dt_comp c;

	dt_name_comp(&d->name, -2, &c);
	return dt_comp_is_generic(&c, "1", 1) ? 10 * SEC : 0;
}

TEST_F(eng, per_publication_lifetime_rule)
{
	struct dt_sync_ops ops = rec_ops;
	u8 pub[512], name[128];
	size_t nsize = empty_name(self->coll, self->coll_size, name);
	int len1, len2;
	struct dt_sync *s;
	bool active;
	u32 h1;

	ops.lifetime = r_lifetime;
	s = dt_sync_new(&self->cfg, &ops, self->r);
	ASSERT_NE(NULL, s);
	dt_sync_start(s, T0);
	/* 5 s old: beyond the default 2 s, within its own 10 s */
	len1 = mkpub(pub, 1, T0 - 5 * SEC);
	h1 = hash_of(pub, len1);
	feed_cadd(s, name, nsize, pub, len1, T0);
	ASSERT_TRUE(dt_sync_has(s, h1, &active));
	ASSERT_TRUE(active);
	dt_sync_tick(s, T0 + 5 * SEC - 1);
	ASSERT_TRUE(adv_has(s, h1));
	dt_sync_tick(s, T0 + 5 * SEC);
	ASSERT_FALSE(adv_has(s, h1));
	/* lifetime 0: refused once the clock skew allowance has passed */
	len2 = mkpub(pub, 2, T0 + 5 * SEC);
	feed_cadd(s, name, nsize, pub, len2, T0 + 6 * SEC);
	ASSERT_EQ(1, dt_sync_counters(s)[DT_SC_PUB_EXPIRED]);
	ASSERT_EQ(1, dt_sync_counters(s)[DT_SC_PUB_ACCEPTED]);
	dt_sync_free(s);
}

/* ---- noSigner hold (6.14) ---- */

TEST_F(eng, nosigner_held_then_activated_or_timed_out)
{
	u8 p1[512], p2[512], name[128], pre[16];
	size_t nsize = empty_name(self->coll, self->coll_size, name);
	int l1 = mkpub(p1, 1, T0), l2 = mkpub(p2, 2, T0), np;
	struct dt_name_bld b;
	u64 d = dt_sync_dist_delay(self->s);
	int sub;

	dt_nb_init(&b, pre, sizeof(pre));
	dt_nb_str(&b, "sim");
	np = dt_nb_finish(&b);
	dt_sync_subscribe(self->s, pre, np, &sub);
	dt_sync_start(self->s, T0);
	self->r->verdict = DT_SYNC_NO_SIGNER;
	feed_cadd(self->s, name, nsize, p1, l1, T0 + MS);
	ASSERT_EQ(1, dt_sync_counters(self->s)[DT_SC_PUB_HELD]);
	ASSERT_EQ(0, self->r->delivered);
	/* in the IBLT so peers stop offering it, but not active */
	ASSERT_TRUE(adv_has(self->s, hash_of(p1, l1)));
	self->r->verdict = DT_SYNC_VALID;
	dt_sync_signer_added(self->s, T0 + 2 * MS);
	ASSERT_EQ(1, self->r->delivered);
	ASSERT_EQ(1, dt_sync_nactive(self->s));
	/* another one whose signer never comes */
	self->r->verdict = DT_SYNC_NO_SIGNER;
	feed_cadd(self->s, name, nsize, p2, l2, T0 + 3 * MS);
	dt_sync_tick(self->s, T0 + 3 * MS + d + SEC);
	ASSERT_FALSE(dt_sync_has(self->s, hash_of(p2, l2), NULL));
	ASSERT_EQ(1, dt_sync_counters(self->s)[DT_SC_PUB_HOLD_TIMEOUT]);
	/* now ignored: still advertised, a new copy is skipped */
	ASSERT_TRUE(adv_has(self->s, hash_of(p2, l2)));
	feed_cadd(self->s, name, nsize, p2, l2, T0 + 4 * MS + d + SEC);
	ASSERT_EQ(1, dt_sync_counters(self->s)[DT_SC_PUB_IGNORED]);
}

TEST_F(eng, nosigner_hold_is_bounded)
{
	u8 pub[512], name[128];
	size_t nsize = empty_name(self->coll, self->coll_size, name);
	u32 i;

	dt_sync_start(self->s, T0);
	self->r->verdict = DT_SYNC_NO_SIGNER;
	for (i = 0; i < 60; i++) {
		int len = mkpub(pub, i, T0);

		feed_cadd(self->s, name, nsize, pub, len, T0 + MS);
	}
	ASSERT_EQ(50, dt_sync_counters(self->s)[DT_SC_PUB_HELD]);
	ASSERT_EQ(10, dt_sync_counters(self->s)[DT_SC_PUB_HOLD_FULL]);
	ASSERT_EQ(50, dt_sync_npubs(self->s));
}

/* ---- others' pubs (6.9) ---- */

TEST_F(eng, others_pubs_answered_after_d_unless_overheard)
{
	u8 pub[512], name[128], csn[2048];
	size_t nsize = empty_name(self->coll, self->coll_size, name), csz;
	int len = mkpub(pub, 1, T0);
	u64 d = dt_sync_dist_delay(self->s);
	u32 n;

	dt_sync_start(self->s, T0);
	feed_cadd(self->s, name, nsize, pub, len, T0 + MS);	/* a net pub */
	dt_sync_tick(self->s, T0 + 20 * MS);
	n = self->r->n;
	/* a member that lacks it: no immediate answer, one after d + r */
	self->r->rnd = 5;
	feed_cstate(self->s, self->coll, self->coll_size, NULL, 0, 8,
		    T0 + 200 * MS, csn, &csz);
	ASSERT_EQ(n, self->r->n);
	memcpy(self->r->best, csn, csz);
	self->r->best_size = csz;
	ASSERT_EQ(T0 + 200 * MS + d + 5 * MS, self->r->deadline);
	dt_sync_tick(self->s, T0 + 200 * MS + d + 5 * MS);
	ASSERT_EQ(n + 1, self->r->n);
	ASSERT_FALSE(self->r->expressed[n]);
	ASSERT_EQ(1, dt_sync_counters(self->s)[DT_SC_OTHERS_TX]);
	/* again, but someone else answers first: we stay quiet */
	feed_cstate(self->s, self->coll, self->coll_size, NULL, 0, 9,
		    T0 + 400 * MS, NULL, NULL);
	feed_cadd(self->s, csn, csz, pub, len, T0 + 410 * MS);
	dt_sync_tick(self->s, T0 + 500 * MS);
	ASSERT_EQ(n + 1, self->r->n);
}

/* ---- cAdd packing (6.10) ---- */

TEST_F(eng, cadd_packs_oldest_first_up_to_the_mtu)
{
	u8 pub[2048];
	struct dt_pdu pdu;
	struct dt_pub_iter it;
	const u8 *p;
	size_t plen;
	u32 i, n, total = 0;
	u64 prev = 0, first;

	dt_sync_start(self->s, T0);
	/* 12 pubs of ~400 bytes, published newest first */
	for (i = 0; i < 12; i++) {
		int len = sim_make_pub(pub, sizeof(pub), "sim", "a", i,
				       T0 - i * MS, 330);

		ASSERT_EQ(0, dt_sync_publish(self->s, pub, len, NULL, NULL,
					     T0));
	}
	n = self->r->n;
	feed_cstate(self->s, self->coll, self->coll_size, NULL, 0, 1,
		    T0 + MS, NULL, NULL);
	ASSERT_EQ(n + 1, self->r->n);
	ASSERT_LE(self->r->len[n], self->cfg.mtu + 4);
	ASSERT_EQ(0, dt_pdu_parse(self->r->pdu[n], self->r->len[n], &pdu));
	dt_pub_iter_init(&it, dt_data_content(&pdu.cadd), pdu.cadd.content_len);
	while (dt_pub_next(&it, &p, &plen)) {
		struct dt_data d;
		struct dt_comp c;
		u64 ts;

		ASSERT_EQ(0, dt_pub_parse(p, plen, &d));
		dt_name_comp(&d.name, -1, &c);
		dt_comp_number(&c, &ts);
		ASSERT_GE(ts, prev);
		prev = ts;
		total++;
	}
	ASSERT_EQ(3, total);	/* 3 x 407 bytes fit in 1452 */
	/* the oldest went first */
	first = T0 - 11 * MS;
	dt_pub_iter_init(&it, dt_data_content(&pdu.cadd), pdu.cadd.content_len);
	dt_pub_next(&it, &p, &plen);
	{
		struct dt_data d;
		struct dt_comp c;
		u64 ts;

		dt_pub_parse(p, plen, &d);
		dt_name_comp(&d.name, -1, &c);
		dt_comp_number(&c, &ts);
		ASSERT_EQ(first, ts);
	}
	/* too big for any cAdd: refused at publish */
	i = sim_make_pub(pub, sizeof(pub), "sim", "a", 99, T0, 1400);
	ASSERT_EQ(-EMSGSIZE, dt_sync_publish(self->s, pub, i, NULL, NULL, T0));
}

/* ---- delivery confirmation (6.15) ---- */

TEST_F(eng, confirmation_when_a_peer_advertises_it_or_timeout)
{
	u8 p1[512], p2[512];
	int l1 = mkpub(p1, 1, T0), l2 = mkpub(p2, 2, T0);
	u32 h1 = hash_of(p1, l1);
	int c1, c2;

	dt_sync_start(self->s, T0);
	ASSERT_EQ(0, dt_sync_publish(self->s, p1, l1, &c1, NULL, T0));
	ASSERT_EQ(0, dt_sync_publish(self->s, p2, l2, &c2, NULL, T0));
	feed_cstate(self->s, self->coll, self->coll_size, &h1, 1, 5,
		    T0 + 10 * MS, NULL, NULL);
	ASSERT_EQ(1, self->r->confirms[1]);
	ASSERT_EQ(0, self->r->confirms[0]);
	/* timeout = max(pub lifetime 2 s, cState lifetime 1.357 s) */
	dt_sync_tick(self->s, T0 + 2 * SEC);
	ASSERT_EQ(1, self->r->confirms[1]);
	ASSERT_EQ(1, self->r->confirms[0]);
}

/* ---- unicast (6.17) and bounds ---- */

TEST_F(eng, unicast_sends_cstates_without_delay)
{
	u8 pub[512], name[128];
	size_t nsize = empty_name(self->coll, self->coll_size, name);
	int len = mkpub(pub, 1, T0);
	struct dt_sync *s;
	struct dt_sync_cfg cfg = self->cfg;

	cfg.unicast = true;
	s = dt_sync_new(&cfg, &rec_ops, self->r);
	ASSERT_NE(NULL, s);
	dt_sync_start(s, T0);
	feed_cadd(s, name, nsize, pub, len, T0 + MS);
	ASSERT_EQ(2, self->r->n);
	ASSERT_TRUE(self->r->expressed[1]);
	dt_sync_free(s);
}

TEST_F(eng, collection_cap_counts_drops)
{
	u8 pub[512], name[128];
	size_t nsize = empty_name(self->coll, self->coll_size, name);
	struct dt_sync_cfg cfg = self->cfg;
	struct dt_sync *s;
	u32 i;

	cfg.max_pubs = 8;
	s = dt_sync_new(&cfg, &rec_ops, self->r);
	ASSERT_NE(NULL, s);
	dt_sync_start(s, T0);
	for (i = 0; i < 10; i++) {
		int len = mkpub(pub, i, T0);

		feed_cadd(s, name, nsize, pub, len, T0 + MS);
	}
	ASSERT_EQ(8, dt_sync_npubs(s));
	ASSERT_EQ(2, dt_sync_counters(s)[DT_SC_PUB_TABLE_FULL]);
	dt_sync_free(s);
}

TEST(config_and_counter_names)
{
	struct dt_sync_cfg cfg;
	u8 coll[64];
	size_t n = sim_coll(coll, sizeof(coll));
	unsigned int i;

	for (i = 0; i < DT_SC_MAX; i++)
		ASSERT_NE(NULL, dt_sync_counter_name(i));
	ASSERT_EQ(NULL, dt_sync_counter_name(DT_SC_MAX));
	dt_sync_cfg_msgs(&cfg, coll, n);
	cfg.mtu = 100;	/* no room for a Publication */
	ASSERT_EQ(NULL, dt_sync_new(&cfg, &rec_ops, NULL));
	dt_sync_cfg_msgs(&cfg, coll, 3);	/* not a collection Name */
	ASSERT_EQ(NULL, dt_sync_new(&cfg, &rec_ops, NULL));
}

TEST_HARNESS_MAIN
