// SPDX-License-Identifier: GPL-2.0
/* DistGKey members and keymakers (distributors.md 4) on a simulated collection. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "kselftest_harness.h"
#include "keydist.h"
#include "log.h"

#define T0	1795374681000000ULL
#define SEC	1000000ULL
#define NMAX	8
#define PUBMAX	8192
#define SIGMAX	32

/*
 * One keys collection shared by every node: a Publication stays in it for
 * its 4.4 lifetime and reaches every node that is up, in its partition and
 * subscribed to its topic; a node that subscribes later is handed the live
 * ones at once, as DCT's subscribe does. A publication with confirmation
 * is confirmed when some other node is up in its partition.
 */
struct pubrec {
	u8 name[KL_NAME_MAX];
	size_t nlen;
	u8 content[16 + KD_LIST_MAX * KL_REC_LEN];
	size_t clen;
	u8 signer[DT_THUMBPRINT_LEN];
	int from;
	enum kl_topic topic;
	u64 expires;
	u32 seen;		/* nodes it was delivered to */
	u64 cookie;		/* confirmation asked, not given yet */
};

struct signer {
	u8 tp[DT_THUMBPRINT_LEN];
	u8 id[DT_THUMBPRINT_LEN];
	u8 pk[32];
	int prio;
	bool relay;
};

struct net;

struct node {
	struct net *net;
	struct kd kd;
	int idx;
	u8 tp[DT_THUMBPRINT_LEN], id[DT_THUMBPRINT_LEN], sk[64];
	bool up;
	bool sub[KL_T_KL + 1];
	/* what the callbacks saw */
	u8 key[KL_KEY_LEN];
	u64 ct;
	unsigned int installs;
	u8 km[DT_THUMBPRINT_LEN];
	u64 km_epoch;
	bool connected;
	unsigned int cstates_now;
	unsigned int published[KL_T_KL + 1];
};

struct ev {
	int pub;		/* delivery of a publication */
	int to;
	u64 cookie;		/* or a confirmation (pub < 0) */
};

struct net {
	struct node n[NMAX];
	int nn;
	struct pubrec *pub;
	int npub;
	struct ev *q;
	int qh, qt;
	struct signer sig[SIGMAX];
	int nsig;
	int part[NMAX];
	u64 now;
	struct kl_prefix pfx;
	unsigned int max_kr;
	bool msgs;
};

static struct signer *find_signer(struct net *net, const u8 *tp)
{
	int i;

	for (i = 0; i < net->nsig; i++)
		if (!memcmp(net->sig[i].tp, tp, DT_THUMBPRINT_LEN))
			return &net->sig[i];
	return NULL;
}

static int cb_signer(void *ctx, const u8 tp[DT_THUMBPRINT_LEN],
		     struct kd_signer *s)
{
	struct node *nd = ctx;
	struct signer *g = find_signer(nd->net, tp);

	if (!g)
		return -ENOENT;
	memset(s, 0, sizeof(*s));
	s->priority = g->prio;
	s->relay = g->relay;
	s->own = !memcmp(g->id, nd->id, DT_THUMBPRINT_LEN);
	memcpy(s->pk, g->pk, 32);
	memcpy(s->id, g->id, DT_THUMBPRINT_LEN);
	s->not_after_us = T0 + 48 * 3600 * SEC;
	return 0;
}

static void push(struct net *net, int pub, int to, u64 cookie)
{
	net->q[net->qt].pub = pub;
	net->q[net->qt].to = to;
	net->q[net->qt].cookie = cookie;
	net->qt = (net->qt + 1) % PUBMAX;
}

static bool reaches(struct net *net, int from, int to)
{
	return from != to && net->n[to].up && net->part[from] == net->part[to];
}

/* 4.4, as the receivers compute it. */
static u64 lifetime(struct net *net, const struct pubrec *p)
{
	struct dt_name n;
	struct kl_name k;

	if (dt_name_parse(p->name, p->nlen, 0, &n) ||
	    kl_name_parse(&net->pfx, &n, &k))
		return 0;
	switch (k.topic) {
	case KL_T_MR:
		return 10 * SEC;
	case KL_T_CAND:
	case KL_T_ELEC:
		return 3 * SEC;
	default:
		return kl_is_assertion(&k, p->signer) ? 3610 * SEC : 10 * SEC;
	}
}

static void deliver(struct net *net, int i, int to)
{
	struct pubrec *p = &net->pub[i];
	struct node *nd = &net->n[to];
	struct dt_name n;

	if (p->expires <= net->now || !nd->up || !nd->sub[p->topic] ||
	    (p->seen & (1u << to)))
		return;
	p->seen |= 1u << to;
	dt_name_parse(p->name, p->nlen, 0, &n);
	kd_rx(&nd->kd, &n, p->content, p->clen, p->signer, net->now);
}

static int cb_publish(void *ctx, const u8 *name, size_t nlen,
		      const u8 *content, size_t clen, u64 cookie)
{
	struct node *nd = ctx;
	struct net *net = nd->net;
	struct pubrec *p = &net->pub[net->npub];
	struct dt_name n;
	struct kl_name k;
	int i, peers = 0;

	if (net->npub == PUBMAX || nlen > sizeof(p->name) ||
	    clen > sizeof(p->content) ||
	    dt_name_parse(name, nlen, 0, &n) ||
	    kl_name_parse(&net->pfx, &n, &k))
		return -EINVAL;
	memset(p, 0, sizeof(*p));
	memcpy(p->name, name, nlen);
	p->nlen = nlen;
	memcpy(p->content, content, clen);
	p->clen = clen;
	memcpy(p->signer, nd->tp, DT_THUMBPRINT_LEN);
	p->from = nd->idx;
	p->topic = k.topic;
	p->expires = net->now + lifetime(net, p);
	nd->published[k.topic]++;
	for (i = 0; i < net->nn; i++) {
		if (!reaches(net, nd->idx, i))
			continue;
		peers++;
		if (net->n[i].sub[k.topic])
			push(net, net->npub, i, 0);
	}
	if (cookie && peers)
		push(net, -1, nd->idx, cookie);
	else
		p->cookie = cookie;
	net->npub++;
	return 0;
}

static int cb_subscribe(void *ctx, enum kl_topic t, bool on)
{
	struct node *nd = ctx;
	struct net *net = nd->net;
	int i;

	nd->sub[t] = on;
	if (!on)
		return 0;
	for (i = 0; i < net->npub; i++)
		if (net->pub[i].topic == t && reaches(net, net->pub[i].from,
						      nd->idx))
			deliver(net, i, nd->idx);
	return 0;
}

static void cb_install(void *ctx, const u8 key[KL_KEY_LEN], u64 ct)
{
	struct node *nd = ctx;

	memcpy(nd->key, key, KL_KEY_LEN);
	nd->ct = ct;
	nd->installs++;
}

static void cb_keymaker(void *ctx, const u8 tp[DT_THUMBPRINT_LEN], u64 epoch)
{
	struct node *nd = ctx;

	memcpy(nd->km, tp, DT_THUMBPRINT_LEN);
	nd->km_epoch = epoch;
}

static void cb_connected(void *ctx)
{
	((struct node *)ctx)->connected = true;
}

static void cb_cstate_now(void *ctx)
{
	((struct node *)ctx)->cstates_now++;
}

static struct net *net_new(bool msgs, unsigned int max_kr)
{
	struct net *net = calloc(1, sizeof(*net));

	if (getenv("KD_DEBUG"))
		deftd_log_set_level(LOG_DEBUG);
	else
		deftd_log_set_level(LOG_WARNING);

	net->pub = calloc(PUBMAX, sizeof(*net->pub));
	net->q = calloc(PUBMAX, sizeof(*net->q));
	kl_prefix_add(&net->pfx, "iot2", 4);
	net->msgs = msgs;
	net->max_kr = max_kr;
	net->now = T0;
	return net;
}

static void net_free(struct net *net)
{
	int i;

	for (i = 0; i < net->nn; i++)
		kd_free(&net->n[i].kd);
	free(net->pub);
	free(net->q);
	free(net);
}

/* A new signing key for an identity: thumbprint tp0 || 0x55.. */
static void new_key(struct net *net, struct node *nd, u8 tp0, int prio,
		    bool relay)
{
	struct signer *g = &net->sig[net->nsig++];
	u8 pk[32];

	crypto_sign_keypair(pk, nd->sk);
	memset(nd->tp, 0x55, DT_THUMBPRINT_LEN);
	nd->tp[0] = tp0;
	nd->tp[1] = (u8)net->nsig;
	memcpy(g->tp, nd->tp, DT_THUMBPRINT_LEN);
	memcpy(g->id, nd->id, DT_THUMBPRINT_LEN);
	memcpy(g->pk, pk, 32);
	g->prio = prio;
	g->relay = relay;
}

/* The node's distributor, with the simulated collection's callbacks. */
static void node_kd_init(struct node *nd, bool msgs, unsigned int max_kr)
{
	const struct kd_ops ops = {
		.signer = cb_signer,
		.publish = cb_publish,
		.subscribe = cb_subscribe,
		.install = cb_install,
		.keymaker = cb_keymaker,
		.connected = cb_connected,
		.cstate_now = cb_cstate_now,
		.ctx = nd,
	};

	kd_init(&nd->kd, &ops, &nd->net->pfx, msgs, max_kr);
}

static struct node *add_node(struct net *net, u8 tp0, int prio, bool relay,
			     const struct node *same_id)
{
	struct node *nd = &net->n[net->nn];

	memset(nd, 0, sizeof(*nd));
	nd->net = net;
	nd->idx = net->nn++;
	if (same_id)
		memcpy(nd->id, same_id->id, DT_THUMBPRINT_LEN);
	else
		randombytes_buf(nd->id, sizeof(nd->id));
	new_key(net, nd, tp0, prio, relay);
	node_kd_init(nd, net->msgs, net->max_kr);
	kd_set_signing(&nd->kd, nd->tp, nd->sk, prio, relay, net->now);
	return nd;
}

/* A peer that now holds a publication confirms it (its cState). */
static void confirm_held(struct net *net)
{
	struct pubrec *p;
	int i, j;

	for (i = 0; i < net->npub; i++) {
		p = &net->pub[i];
		if (!p->cookie || p->expires <= net->now ||
		    !net->n[p->from].up)
			continue;
		for (j = 0; j < net->nn; j++)
			if (reaches(net, p->from, j))
				break;
		if (j == net->nn)
			continue;
		push(net, -1, p->from, p->cookie);
		p->cookie = 0;
	}
}

static void start(struct net *net, struct node *nd)
{
	nd->up = true;
	confirm_held(net);
	kd_start(&nd->kd, net->now);
}

/* Deliveries at once, timers in order, up to until. */
static void run(struct net *net, u64 until)
{
	u64 next, t;
	int i;

	for (;;) {
		while (net->qh != net->qt) {
			struct ev e = net->q[net->qh];

			net->qh = (net->qh + 1) % PUBMAX;
			if (e.pub >= 0)
				deliver(net, e.pub, e.to);
			else if (net->n[e.to].up)
				kd_confirmed(&net->n[e.to].kd, e.cookie, true);
		}
		next = 0;
		for (i = 0; i < net->nn; i++) {
			t = net->n[i].up ? kd_next_timer(&net->n[i].kd) : 0;
			if (t && (!next || t < next))
				next = t;
		}
		if (!next || next > until)
			break;
		if (next > net->now)
			net->now = next;
		for (i = 0; i < net->nn; i++) {
			t = net->n[i].up ? kd_next_timer(&net->n[i].kd) : 0;
			if (t && t <= net->now)
				kd_timer(&net->n[i].kd, net->now);
		}
	}
	net->now = until;
}

/* After a partition heals every live publication meets every node. */
static void heal(struct net *net)
{
	int i, j;

	memset(net->part, 0, sizeof(net->part));
	for (i = 0; i < net->npub; i++)
		for (j = 0; j < net->nn; j++)
			if (reaches(net, net->pub[i].from, j))
				push(net, i, j, 0);
	confirm_held(net);
}

static bool has_member(const struct node *km, const u8 *tp)
{
	unsigned int i;

	for (i = 0; i < km->kd.nmem; i++)
		if (!memcmp(km->kd.mem[i].tp, tp, DT_THUMBPRINT_LEN))
			return true;
	return false;
}

static bool same_key(const struct node *a, const struct node *b)
{
	return a->ct && a->ct == b->ct && !memcmp(a->key, b->key, KL_KEY_LEN);
}

/* iot2's three: two devices with KM 1 and the operator without. */
FIXTURE(iot2) {
	struct net *net;
	struct node *fd, *gate, *alice;
};

FIXTURE_SETUP(iot2)
{
	self->net = net_new(false, 10);
	self->fd = add_node(self->net, 0xa0, 1, false, NULL);
	self->gate = add_node(self->net, 0x40, 1, false, NULL);
	self->alice = add_node(self->net, 0xc0, 0, false, NULL);
}

FIXTURE_TEARDOWN(iot2)
{
	net_free(self->net);
}

static void start_all(struct net *net)
{
	int i;

	for (i = 0; i < net->nn; i++)
		start(net, &net->n[i]);
	run(net, net->now + 2 * SEC);
}

/* Greatest thumbprint among the equal priorities makes the keys. */
TEST_F(iot2, one_keymaker_all_connected)
{
	struct net *net = self->net;

	start_all(net);
	EXPECT_TRUE(self->fd->kd.keymaker);
	EXPECT_FALSE(self->gate->kd.keymaker);
	EXPECT_FALSE(self->alice->kd.keymaker);
	EXPECT_EQ(1, self->fd->kd.epoch);
	EXPECT_TRUE(self->fd->connected);
	EXPECT_TRUE(self->gate->connected);
	EXPECT_TRUE(self->alice->connected);
	/* one key everywhere, the keymaker's once a peer had the assertion */
	EXPECT_TRUE(same_key(self->fd, self->gate));
	EXPECT_TRUE(same_key(self->fd, self->alice));
	EXPECT_EQ(self->fd->kd.cur_ct, self->fd->ct);
	/* the kernel is told whom the members follow */
	EXPECT_EQ(0, memcmp(self->gate->km, self->fd->tp, DT_THUMBPRINT_LEN));
	EXPECT_EQ(1, self->gate->km_epoch);
	EXPECT_EQ(0, memcmp(self->alice->km, self->fd->tp,
			    DT_THUMBPRINT_LEN));
	/* operator never ran for keymaker */
	EXPECT_EQ(0, self->alice->published[KL_T_CAND]);
	EXPECT_EQ(1, self->fd->published[KL_T_ELEC]);
	EXPECT_EQ(0, self->gate->published[KL_T_ELEC]);
	/* MRs stop once the key is there */
	run(net, net->now + 60 * SEC);
	EXPECT_GE(2, self->gate->published[KL_T_MR]);
	EXPECT_GE(2, self->alice->published[KL_T_MR]);
	/* 4.7 step 14: a member's first key, and only that, sends a cState */
	EXPECT_EQ(1, self->gate->cstates_now);
	EXPECT_EQ(1, self->alice->cstates_now);
	EXPECT_EQ(0, self->fd->cstates_now);
}

TEST_F(iot2, higher_priority_wins)
{
	struct net *net = self->net;

	net->sig[1].prio = 2;	/* gate's key */
	self->gate->kd.priority = 2;
	start_all(net);
	EXPECT_TRUE(self->gate->kd.keymaker);
	EXPECT_FALSE(self->fd->kd.keymaker);
	EXPECT_TRUE(same_key(self->gate, self->fd));
	EXPECT_TRUE(same_key(self->gate, self->alice));
}

/* A late joiner learns the epoch from the assertion: no election. */
TEST_F(iot2, late_joiner)
{
	struct net *net = self->net;
	struct node *bob, *patio;

	start_all(net);
	run(net, net->now + 60 * SEC);
	bob = add_node(net, 0x30, 0, false, NULL);
	patio = add_node(net, 0xff, 1, false, NULL);
	start(net, bob);
	start(net, patio);
	run(net, net->now + 2 * SEC);
	EXPECT_TRUE(bob->connected);
	EXPECT_TRUE(patio->connected);
	EXPECT_FALSE(patio->kd.keymaker);
	EXPECT_EQ(0, patio->published[KL_T_CAND]);
	EXPECT_TRUE(same_key(self->fd, bob));
	EXPECT_TRUE(same_key(self->fd, patio));
	EXPECT_EQ(1, bob->kd.epoch);
}

/* Every hour a new key reaches every member in bulk lists, no MR. */
TEST_F(iot2, rekey)
{
	struct net *net = self->net;
	unsigned int mr_g, mr_a;
	u64 ct;

	start_all(net);
	run(net, net->now + 60 * SEC);
	ct = self->fd->ct;
	mr_g = self->gate->published[KL_T_MR];
	mr_a = self->alice->published[KL_T_MR];
	run(net, T0 + 3600 * SEC + 10 * SEC);
	EXPECT_EQ(2, self->fd->kd.n_keys);
	EXPECT_LT(ct, self->fd->ct);
	EXPECT_TRUE(same_key(self->fd, self->gate));
	EXPECT_TRUE(same_key(self->fd, self->alice));
	EXPECT_EQ(mr_g, self->gate->published[KL_T_MR]);
	EXPECT_EQ(mr_a, self->alice->published[KL_T_MR]);
}

/* Bulk lists of at most maxKR records, ascending, cover every member. */
TEST(bulk_lists_max_kr)
{
	struct net *net = net_new(true, 2);
	struct node *km, *m[5];
	unsigned int lists, mr[5], i;
	struct dt_name n;
	struct kl_name k;
	int p, first, bulk = 0;

	km = add_node(net, 0xf0, 1, false, NULL);
	for (i = 0; i < 5; i++)
		m[i] = add_node(net, (u8)(0x10 * (i + 1)), 0, false, NULL);
	start(net, km);
	for (i = 0; i < 5; i++)
		start(net, m[i]);
	run(net, net->now + 2 * SEC);
	for (i = 0; i < 5; i++) {
		EXPECT_TRUE(same_key(km, m[i]));
		mr[i] = m[i]->published[KL_T_MR];
	}
	lists = km->published[KL_T_KL];
	first = net->npub;
	run(net, T0 + 3600 * SEC + 10 * SEC);
	EXPECT_LE(lists + 4, km->published[KL_T_KL]);
	for (i = 0; i < 5; i++)
		EXPECT_TRUE(same_key(km, m[i]));
	/*
	 * The first list's members need no MR; the others, out of its range
	 * with their key just set aside, ask at once (4.7 step 11, as DCT).
	 */
	EXPECT_EQ(mr[0], m[0]->published[KL_T_MR]);
	EXPECT_EQ(mr[1], m[1]->published[KL_T_MR]);
	for (p = first; p < net->npub; p++) {
		struct kl_content c;
		struct pubrec *r = &net->pub[p];

		if (r->topic != KL_T_KL)
			continue;
		ASSERT_EQ(0, dt_name_parse(r->name, r->nlen, 0, &n));
		ASSERT_EQ(0, kl_name_parse(&net->pfx, &n, &k));
		ASSERT_EQ(0, kl_content_parse(r->content, r->clen, &c));
		EXPECT_GE(2, c.nrec);
		if (!c.nrec)
			continue;
		EXPECT_EQ(0, memcmp(k.lo.val, c.recs, 4));
		EXPECT_EQ(0, memcmp(k.hi.val, c.recs + (c.nrec - 1) *
				    KL_REC_LEN, 4));
		if (c.nrec == 2) {
			EXPECT_GT(0, memcmp(c.recs, c.recs + KL_REC_LEN, 32));
			bulk++;
		}
	}
	EXPECT_EQ(2, bulk);
	net_free(net);
}

/* Nobody to confirm anything: keymaker, never connected (4.9). */
TEST(keymaker_alone)
{
	struct net *net = net_new(false, 10);
	struct node *km = add_node(net, 0x80, 1, false, NULL);

	start(net, km);
	run(net, net->now + 10 * SEC);
	EXPECT_TRUE(km->kd.keymaker);
	EXPECT_FALSE(km->connected);
	EXPECT_EQ(0, km->installs);
}

/*
 * 4.10: the keymaker restarts with a new signing key of its identity,
 * sees its own assertion and goes on with epoch + 1; everyone follows.
 */
TEST_F(iot2, keymaker_restart)
{
	struct net *net = self->net;
	struct node *fd2;

	start_all(net);
	run(net, net->now + 30 * SEC);
	self->fd->up = false;
	run(net, net->now + 30 * SEC);
	fd2 = add_node(net, 0x10, 1, false, self->fd);
	start(net, fd2);
	run(net, net->now + 2 * SEC);
	EXPECT_TRUE(fd2->kd.keymaker);
	EXPECT_EQ(2, fd2->kd.epoch);
	EXPECT_EQ(0, fd2->published[KL_T_CAND]);
	EXPECT_TRUE(fd2->connected);
	EXPECT_TRUE(same_key(fd2, self->gate));
	EXPECT_TRUE(same_key(fd2, self->alice));
	EXPECT_EQ(2, self->gate->km_epoch);
	EXPECT_EQ(0, memcmp(self->gate->km, fd2->tp, DT_THUMBPRINT_LEN));
}

/*
 * A keymaker's deftd killed, its zone taken over: the kernel keeps its
 * own lists, which the new deftd never receives, and tells it whom the
 * zone followed. It goes on at epoch + 1 under the same key, no election,
 * and members follow even when it then switches to a smaller thumbprint.
 */
TEST_F(iot2, keymaker_taken_over)
{
	struct net *net = self->net;
	struct node *fd = self->fd, *fd2;
	int i;

	start_all(net);
	run(net, net->now + 30 * SEC);
	fd->up = false;
	/* the new deftd signs with the same key, its secret unknown */
	fd2 = add_node(net, 0xa0, 1, false, fd);
	net->nsig--;
	memcpy(fd2->tp, fd->tp, DT_THUMBPRINT_LEN);
	kd_free(&fd2->kd);
	node_kd_init(fd2, false, 10);
	kd_set_signing(&fd2->kd, fd2->tp, NULL, 1, false, net->now);
	/* its own publications are the zone's: never delivered to it */
	for (i = 0; i < net->npub; i++)
		if (net->pub[i].from == fd->idx)
			net->pub[i].seen |= 1u << fd2->idx;
	kd_resume(&fd2->kd, fd->tp, 1);
	start(net, fd2);
	EXPECT_TRUE(fd2->kd.keymaker);
	EXPECT_EQ(2, fd2->kd.epoch);
	run(net, net->now + 2 * SEC);
	EXPECT_EQ(0, fd2->published[KL_T_CAND]);
	EXPECT_TRUE(fd2->connected);
	EXPECT_TRUE(same_key(fd2, self->gate));
	EXPECT_TRUE(same_key(fd2, self->alice));
	new_key(net, fd2, 0x01, 1, false);
	kd_set_signing(&fd2->kd, fd2->tp, fd2->sk, 1, false, net->now);
	run(net, net->now + 2 * SEC);
	EXPECT_EQ(3, fd2->kd.epoch);
	EXPECT_TRUE(same_key(fd2, self->gate));
	EXPECT_TRUE(same_key(fd2, self->alice));
}

/* A member's zone taken over: it follows the keymaker, no election. */
TEST_F(iot2, member_taken_over)
{
	struct net *net = self->net;
	struct node *g = self->gate, *g2;

	start_all(net);
	run(net, net->now + 30 * SEC);
	g->up = false;
	g2 = add_node(net, 0x42, 1, false, g);
	kd_resume(&g2->kd, self->fd->tp, 1);
	EXPECT_FALSE(g2->kd.resume_own);
	start(net, g2);
	run(net, net->now + 2 * SEC);
	EXPECT_FALSE(g2->kd.keymaker);
	EXPECT_EQ(0, g2->published[KL_T_CAND]);
	EXPECT_TRUE(g2->connected);
	EXPECT_TRUE(same_key(self->fd, g2));
}

/* 2.7 at a member: a new MR; its old entry is replaced, not added. */
TEST_F(iot2, member_rotation)
{
	struct net *net = self->net;
	struct node *g = self->gate;
	u8 old_tp[DT_THUMBPRINT_LEN], rec[KL_REC_LEN], name[KL_NAME_MAX];
	u8 content[256], key[KL_KEY_LEN], xpk[32];
	unsigned int mr;
	struct dt_name n;
	int nl, cl;

	start_all(net);
	run(net, net->now + 30 * SEC);
	EXPECT_EQ(2, self->fd->kd.nmem);
	memcpy(old_tp, g->tp, DT_THUMBPRINT_LEN);
	memcpy(xpk, g->kd.x.pk, 32);
	mr = g->published[KL_T_MR];
	new_key(net, g, 0x41, 1, false);
	kd_set_signing(&g->kd, g->tp, g->sk, 1, false, net->now);
	EXPECT_EQ(mr + 1, g->published[KL_T_MR]);
	run(net, net->now + 2 * SEC);
	EXPECT_EQ(2, self->fd->kd.nmem);
	EXPECT_TRUE(has_member(self->fd, g->tp));
	EXPECT_FALSE(has_member(self->fd, old_tp));
	EXPECT_TRUE(same_key(self->fd, g));
	EXPECT_EQ(1, g->kd.has_prev);

	/* a list sealed to the key before still opens (the previous secret) */
	crypto_aead_xchacha20poly1305_ietf_keygen(key);
	memcpy(rec, old_tp, DT_THUMBPRINT_LEN);
	ASSERT_EQ(0, kl_seal(rec + DT_THUMBPRINT_LEN, key, xpk));
	nl = kl_name_kl(&net->pfx, 1, old_tp, old_tp, net->now, name,
			sizeof(name));
	cl = kl_content_encode(net->now, rec, 1, content, sizeof(content));
	ASSERT_EQ(0, (int)dt_name_parse(name, (size_t)nl, 0, &n));
	kd_rx(&g->kd, &n, content, (size_t)cl, self->fd->tp, net->now);
	EXPECT_EQ(net->now, g->ct);
	EXPECT_EQ(0, memcmp(key, g->key, KL_KEY_LEN));
}

/* 2.7 at the keymaker: next epoch, a new key, members follow. */
TEST_F(iot2, keymaker_rotation)
{
	struct net *net = self->net;
	struct node *fd = self->fd;
	u64 ct;

	start_all(net);
	run(net, net->now + 30 * SEC);
	ct = fd->ct;
	new_key(net, fd, 0x20, 1, false);
	kd_set_signing(&fd->kd, fd->tp, fd->sk, 1, false, net->now);
	run(net, net->now + 2 * SEC);
	EXPECT_TRUE(fd->kd.keymaker);
	EXPECT_EQ(2, fd->kd.epoch);
	EXPECT_LT(ct, fd->ct);
	EXPECT_TRUE(same_key(fd, self->gate));
	EXPECT_TRUE(same_key(fd, self->alice));
	EXPECT_EQ(0, memcmp(self->gate->km, fd->tp, DT_THUMBPRINT_LEN));
	EXPECT_EQ(2, self->alice->km_epoch);
}

/*
 * A keymaker whose signing key changes before it is connected (a zone
 * taken over switches soon after the start) moves to the next epoch, so
 * members follow it whatever its new thumbprint.
 */
TEST_F(iot2, keymaker_switch_while_initializing)
{
	struct net *net = self->net;
	struct node *fd = self->fd;

	start(net, fd);
	run(net, net->now + 2 * SEC);
	EXPECT_TRUE(fd->kd.keymaker);
	EXPECT_FALSE(fd->connected);
	new_key(net, fd, 0x01, 1, false);
	kd_set_signing(&fd->kd, fd->tp, fd->sk, 1, false, net->now);
	EXPECT_EQ(2, fd->kd.epoch);
	start(net, self->gate);
	start(net, self->alice);
	run(net, net->now + 2 * SEC);
	EXPECT_TRUE(fd->connected);
	EXPECT_TRUE(same_key(fd, self->gate));
	EXPECT_TRUE(same_key(fd, self->alice));
	EXPECT_EQ(0, memcmp(self->gate->km, fd->tp, DT_THUMBPRINT_LEN));
}

/* Two keymakers after a partition heals: the greater thumbprint stays. */
TEST_F(iot2, partition_conflict)
{
	struct net *net = self->net;

	net->part[self->fd->idx] = 1;
	start_all(net);
	EXPECT_TRUE(self->fd->kd.keymaker);
	EXPECT_TRUE(self->gate->kd.keymaker);
	EXPECT_TRUE(same_key(self->gate, self->alice));
	heal(net);
	run(net, net->now + 2 * SEC);
	EXPECT_TRUE(self->fd->kd.keymaker);
	EXPECT_FALSE(self->gate->kd.keymaker);
	EXPECT_TRUE(same_key(self->fd, self->gate));
	EXPECT_TRUE(same_key(self->fd, self->alice));
	EXPECT_EQ(0, memcmp(self->alice->km, self->fd->tp,
			    DT_THUMBPRINT_LEN));
}

/* Hand-made lists from fd to alice, who is connected already. */
static void send_list(struct net *net, struct node *from, struct node *to,
		      u64 epoch, const u8 *lo, const u8 *hi, const u8 *recs,
		      unsigned int nrec, u64 ct)
{
	u8 name[KL_NAME_MAX], content[16 + KD_LIST_MAX * KL_REC_LEN];
	struct dt_name n;
	int nl, cl;

	nl = kl_name_kl(&net->pfx, epoch, lo, hi, net->now, name,
			sizeof(name));
	cl = kl_content_encode(ct, recs, nrec, content, sizeof(content));
	if (nl < 0 || cl < 0 || dt_name_parse(name, (size_t)nl, 0, &n))
		return;
	kd_rx(&to->kd, &n, content, (size_t)cl, from->tp, net->now);
}

/*
 * DCT fedc7a0's bulk lists hold garbage (4.8): in range but no record
 * of ours means an MR at once, and the keymaker's answer brings the key.
 */
TEST_F(iot2, garbled_bulk_list)
{
	struct net *net = self->net;
	struct node *a = self->alice;
	u8 junk[2 * KL_REC_LEN], lo[4] = { 0 }, hi[4];
	unsigned int mr;

	start_all(net);
	run(net, net->now + 30 * SEC);
	randombytes_buf(junk, sizeof(junk));
	memset(hi, 0xff, sizeof(hi));
	mr = a->published[KL_T_MR];
	send_list(net, self->fd, a, 1, lo, hi, junk, 2, net->now);
	EXPECT_EQ(mr + 1, a->published[KL_T_MR]);
	EXPECT_EQ(0, a->kd.cur_ct);
	run(net, net->now + 2 * SEC);
	EXPECT_TRUE(same_key(self->fd, a));
}

/* Lists from signers without priority, or from a displaced keymaker. */
TEST_F(iot2, lists_ignored)
{
	struct net *net = self->net;
	struct node *a = self->alice, *g = self->gate;
	unsigned int mr;
	u64 ct;

	start_all(net);
	run(net, net->now + 30 * SEC);
	mr = a->published[KL_T_MR];
	ct = a->kd.cur_ct;
	/* the operator has no KM capability */
	send_list(net, a, g, 9, a->tp, a->tp, NULL, 0, net->now);
	EXPECT_EQ(1, g->kd.epoch);
	/* gate (smaller thumbprint, same epoch) is no keymaker for alice */
	send_list(net, g, a, 1, g->tp, g->tp, NULL, 0, net->now);
	EXPECT_EQ(0, memcmp(a->kd.kmtp, self->fd->tp, DT_THUMBPRINT_LEN));
	/* nor is an older epoch of fd, nor an older key */
	send_list(net, self->fd, a, 0, self->fd->tp, self->fd->tp, NULL, 0,
		  net->now);
	send_list(net, self->fd, a, 1, self->fd->tp, self->fd->tp, NULL, 0,
		  ct - 1);
	EXPECT_EQ(ct, a->kd.cur_ct);
	EXPECT_EQ(mr, a->published[KL_T_MR]);
	EXPECT_EQ(0, a->kd.check_at);
}

/* keys/msgs: a relay is connected at once and never gets the key. */
TEST(relay_msgs)
{
	struct net *net = net_new(true, 10);
	struct node *km = add_node(net, 0xf0, 1, false, NULL);
	struct node *m = add_node(net, 0x50, 0, false, NULL);
	struct node *rly = add_node(net, 0x60, 1, true, NULL);
	u8 name[KL_NAME_MAX];
	struct dt_name n;
	int nl;

	start(net, km);
	start(net, m);
	start(net, rly);
	run(net, net->now + 30 * SEC);
	EXPECT_TRUE(rly->connected);
	EXPECT_FALSE(rly->kd.keymaker);
	EXPECT_EQ(0, rly->published[KL_T_MR]);
	EXPECT_EQ(0, rly->published[KL_T_CAND]);
	EXPECT_EQ(0, rly->installs);
	EXPECT_TRUE(same_key(km, m));
	/* an MR signed by the relay is refused */
	nl = kl_name_mr(&net->pfx, net->now, name, sizeof(name));
	ASSERT_EQ(0, (int)dt_name_parse(name, (size_t)nl, 0, &n));
	kd_rx(&km->kd, &n, NULL, 0, rly->tp, net->now);
	EXPECT_EQ(1, km->kd.nmem);
	net_free(net);
}

/*
 * A zone taken over signs with the earlier key, whose secret is gone:
 * lists sealed to it cannot be opened; the MRs go on until our own key
 * is in, and then the key comes.
 */
TEST_F(iot2, no_secret_until_switch)
{
	struct net *net = self->net;
	struct node *a = self->alice;

	kd_free(&a->kd);
	node_kd_init(a, false, 10);
	kd_set_signing(&a->kd, a->tp, NULL, 0, false, net->now);
	start_all(net);
	run(net, net->now + 25 * SEC);
	EXPECT_FALSE(a->connected);
	EXPECT_LE(3, a->published[KL_T_MR]);
	new_key(net, a, 0xc1, 0, false);
	kd_set_signing(&a->kd, a->tp, a->sk, 0, false, net->now);
	/* it asks again at once, with the key it holds the secret of */
	run(net, net->now + 1 * SEC);
	EXPECT_TRUE(a->connected);
	EXPECT_TRUE(same_key(self->fd, a));
}

TEST_HARNESS_MAIN
