// SPDX-License-Identifier: GPL-2.0
/* Test bed: engines, faces, a lossy broadcast medium and a virtual clock. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "simnet.h"
#include "wire.h"
#include "murmur3.h"

#define MS	1000ULL
#define NEVER	((u64)-1)

/* ---- seeded PRNG: splitmix64 ---- */

static u64 mix(u64 *st)
{
	u64 z = (*st += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double unit(u64 *st)
{
	return (mix(st) >> 11) * (1.0 / 9007199254740992.0);
}

/* ---- state ---- */

enum { EV_RX, EV_CALL };

struct ev {
	u64 at;
	u64 seq;
	u8 kind;
	u32 node;
	u8 *buf;
	u32 len;
	sim_fn fn;
	void *arg;
};

struct node {
	struct simnet *sim;
	u32 id;
	bool alive;
	u32 group;
	u64 rng;
	u64 up_since;
	u64 eng_deadline;
	u64 pst_deadline;	/* cached: the PST is scanned after changes */
	u32 seq;
	struct dt_pst pst;
	struct dt_sync *eng;
};

struct simnet {
	struct simnet_cfg cfg;
	u64 now;
	u64 rng;
	u64 seq;
	struct ev *q;
	u32 nq, capq;
	struct node node[SIM_MAX_NODES];
	u8 coll[64];
	size_t coll_size;
	u8 sub[32];
	size_t sub_size;
	struct sim_pub *pubs;
	u32 npubs, cappubs;
	u64 tx[8];
	u64 rx_dropped;
	sim_tx_fn on_tx;
	void *on_tx_arg;
	sim_rx_fn on_rx;
	void *on_rx_arg;
	struct dt_sync_ops ops;
};

static void pst_changed(struct node *n)
{
	n->pst_deadline = n->alive ? dt_pst_deadline(&n->pst) : NEVER;
}

static const u8 zone_id[DT_ZONE_ID_LEN] = {
	0xca, 0xca, 0xc4, 0x2d, 0x8c, 0x7c, 0x71, 0x6f
};

u64 sim_now(const struct simnet *sim)
{
	return sim->now;
}

u32 sim_nodes(const struct simnet *sim)
{
	return sim->cfg.nodes;
}

u32 sim_rand(struct simnet *sim, u32 n)
{
	return n ? (u32)(mix(&sim->rng) % n) : 0;
}

/* Per-link base delay: a fixed function of the seed and the ordered pair. */
static u64 link_delay(struct simnet *sim, u32 a, u32 b)
{
	u64 span = sim->cfg.link_max_us - sim->cfg.link_min_us;
	u64 st = sim->cfg.seed ^ ((u64)a << 32 | b) * 0x9e3779b97f4a7c15ULL;

	return sim->cfg.link_min_us + (span ? mix(&st) % (span + 1) : 0);
}

/* ---- event queue: min-heap on (at, seq) ---- */

static bool ev_lt(const struct ev *a, const struct ev *b)
{
	return a->at != b->at ? a->at < b->at : a->seq < b->seq;
}

static void q_push(struct simnet *sim, struct ev *e)
{
	u32 i;

	if (sim->nq == sim->capq) {
		sim->capq = sim->capq ? 2 * sim->capq : 1024;
		sim->q = realloc(sim->q, sim->capq * sizeof(*sim->q));
		if (!sim->q)
			abort();
	}
	e->seq = sim->seq++;
	i = sim->nq++;
	sim->q[i] = *e;
	while (i && ev_lt(&sim->q[i], &sim->q[(i - 1) / 2])) {
		struct ev t = sim->q[i];

		sim->q[i] = sim->q[(i - 1) / 2];
		sim->q[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
}

static void q_pop(struct simnet *sim, struct ev *out)
{
	u32 i = 0;

	*out = sim->q[0];
	sim->q[0] = sim->q[--sim->nq];
	for (;;) {
		u32 l = 2 * i + 1, m = i;
		struct ev t;

		if (l < sim->nq && ev_lt(&sim->q[l], &sim->q[m]))
			m = l;
		if (l + 1 < sim->nq && ev_lt(&sim->q[l + 1], &sim->q[m]))
			m = l + 1;
		if (m == i)
			break;
		t = sim->q[i];
		sim->q[i] = sim->q[m];
		sim->q[m] = t;
		i = m;
	}
}

void sim_at(struct simnet *sim, u64 t, sim_fn fn, void *arg)
{
	struct ev e = { .at = t, .kind = EV_CALL, .fn = fn, .arg = arg };

	q_push(sim, &e);
}

void sim_on_tx(struct simnet *sim, sim_tx_fn fn, void *arg)
{
	sim->on_tx = fn;
	sim->on_tx_arg = arg;
}

void sim_on_deliver(struct simnet *sim, sim_rx_fn fn, void *arg)
{
	sim->on_rx = fn;
	sim->on_rx_arg = arg;
}

/* ---- the medium ---- */

/* How many Publications a cAdd carries, and how many are /sim/n<sender>. */
static void count_pubs(struct node *n, const u8 *pdu, size_t len,
		       struct sim_tx *tx)
{
	struct dt_pub_iter it;
	struct dt_data d, p;
	const u8 *pub;
	size_t plen;
	char tag[16];

	if (dt_cadd_parse(pdu, len, &d))
		return;
	snprintf(tag, sizeof(tag), "n%u", n->id);
	dt_pub_iter_init(&it, pdu + d.off_content, d.content_len);
	while (dt_pub_next(&it, &pub, &plen)) {
		struct dt_comp c;

		tx->npubs++;
		if (dt_data_parse(pub, plen, DT_KIND_ANY, 0, &p) ||
		    p.name.ncomp < 2)
			continue;
		dt_name_comp(&p.name, 1, &c);
		tx->own += dt_comp_is_generic(&c, tag, strlen(tag));
	}
}

static void broadcast(struct node *n, const u8 *pdu, size_t len)
{
	struct simnet *sim = n->sim;
	struct sim_tx tx = { sim->now, n->id, pdu[0], (u32)len, 0, 0 };
	u32 j, copies;

	if (pdu[0] == DT_TLV_DATA)
		count_pubs(n, pdu, len, &tx);
	sim->tx[pdu[0] & 7]++;
	if (sim->on_tx)
		sim->on_tx(sim->on_tx_arg, &tx);
	for (j = 0; j < sim->cfg.nodes; j++) {
		if (j == n->id)
			continue;
		if (unit(&sim->rng) < sim->cfg.loss) {
			sim->rx_dropped++;
			continue;
		}
		copies = unit(&sim->rng) < sim->cfg.dup ? 2 : 1;
		while (copies--) {
			struct ev e = { .kind = EV_RX, .node = j };

			e.at = sim->now + link_delay(sim, n->id, j);
			if (sim->cfg.jitter_us)
				e.at += mix(&sim->rng) % sim->cfg.jitter_us;
			e.buf = malloc(len);
			memcpy(e.buf, pdu, len);
			e.len = len;
			e.arg = (void *)(uintptr_t)n->id;
			q_push(sim, &e);
		}
	}
}

/* ---- engine callbacks ---- */

static void o_express(void *ctx, const u8 *pdu, size_t len, const u8 *name,
		      size_t name_size)
{
	struct node *n = ctx;
	u32 jitter = DT_PST_JITTER_MIN_MS + mix(&n->rng) %
		     (DT_PST_JITTER_MAX_MS - DT_PST_JITTER_MIN_MS + 1);

	if (dt_pst_express(&n->pst, pdu, len, n, n->sim->now, jitter))
		broadcast(n, pdu, len);
}

static void o_send(void *ctx, const u8 *pdu, size_t len)
{
	broadcast(ctx, pdu, len);
}

static void o_unsuppress(void *ctx, const u8 *name, size_t size)
{
	struct node *n = ctx;

	dt_pst_unsuppress(&n->pst, name, size);
}

static size_t copy_name(const struct dt_pst_entry *e, u8 *out, size_t cap)
{
	if (!e || e->name_size > cap)
		return 0;
	memcpy(out, e->name, e->name_size);
	return e->name_size;
}

static size_t o_best(void *ctx, u8 *out, size_t cap)
{
	struct node *n = ctx;

	return copy_name(dt_pst_best(&n->pst, n->sim->coll, n->sim->coll_size),
			 out, cap);
}

static void o_used(void *ctx, const u8 *name, size_t size)
{
	struct node *n = ctx;

	dt_pst_used(&n->pst, name, size);
}

static size_t o_hash2name(void *ctx, u32 csid, u8 *out, size_t cap)
{
	struct node *n = ctx;

	return copy_name(dt_pst_find(&n->pst, csid), out, cap);
}

static void o_arm(void *ctx, u64 deadline)
{
	struct node *n = ctx;

	n->eng_deadline = deadline;
}

static u32 o_random(void *ctx)
{
	struct node *n = ctx;

	return (u32)mix(&n->rng);
}

/* SHA-256 "signatures" over [Name, SignatureValue) (wire.md 7.1). */
static int o_seal(void *ctx, u8 *buf, const struct dt_data *d)
{
	u32 len;
	const u8 *p = dt_data_signed(d, &len);

	if (d->sig_len != DT_SHA256_LEN)
		return -EINVAL;
	dt_sha256(p, len, buf + d->off_sigval + d->sig_hlen);
	return 0;
}

bool sim_sha_ok(const struct dt_data *d)
{
	u8 h[DT_SHA256_LEN];
	u32 len;
	const u8 *p = dt_data_signed(d, &len);

	if (d->sig_len != DT_SHA256_LEN || d->si.type != DT_SIG_SHA256)
		return false;
	dt_sha256(p, len, h);
	return !memcmp(h, dt_data_sig(d), DT_SHA256_LEN);
}

static int o_open(void *ctx, u8 *buf, const struct dt_data *d)
{
	return sim_sha_ok(d) ? 0 : -EBADMSG;
}

static enum dt_sync_verdict o_validate(void *ctx, const struct dt_data *d)
{
	return sim_sha_ok(d) ? DT_SYNC_VALID : DT_SYNC_INVALID;
}

static void o_deliver(void *ctx, void *sub, const u8 *pub, size_t len)
{
	struct node *n = ctx;
	struct simnet *sim = n->sim;
	struct dt_data d;
	u32 k;

	if (dt_data_parse(pub, len, DT_KIND_ANY, 0, &d) || d.content_len < 4)
		return;
	k = dt_get_be32(dt_data_content(&d));
	if (k >= sim->npubs)
		return;
	sim->pubs[k].delivered[n->id / 64] |= 1ULL << (n->id % 64);
	if (!sim->pubs[k].first_deliver_at)
		sim->pubs[k].first_deliver_at = sim->now;
	if (sim->on_rx)
		sim->on_rx(sim->on_rx_arg, sim, n->id, k);
}

/* ---- set-up ---- */

struct simnet *sim_new(const struct simnet_cfg *cfg)
{
	struct simnet *sim = calloc(1, sizeof(*sim));
	struct dt_name_bld b;
	u32 i;

	if (!sim || cfg->nodes > SIM_MAX_NODES || !cfg->nodes) {
		free(sim);
		return NULL;
	}
	sim->cfg = *cfg;
	sim->rng = cfg->seed * 0xd1342543de82ef95ULL + 1;
	sim->now = SIM_EPOCH_US;
	sim->coll_size = sim_coll(sim->coll, sizeof(sim->coll));
	dt_nb_init(&b, sim->sub, sizeof(sim->sub));
	dt_nb_str(&b, "sim");
	sim->sub_size = dt_nb_finish(&b);

	sim->ops.express = o_express;
	sim->ops.send = o_send;
	sim->ops.unsuppress = o_unsuppress;
	sim->ops.best_cstate = o_best;
	sim->ops.used_cstate = o_used;
	sim->ops.hash2name = o_hash2name;
	sim->ops.arm = o_arm;
	sim->ops.random = o_random;
	sim->ops.seal = o_seal;
	sim->ops.open = o_open;
	sim->ops.validate = o_validate;
	sim->ops.deliver = o_deliver;
	for (i = 0; i < cfg->nodes; i++) {
		sim->node[i].sim = sim;
		sim->node[i].id = i;
		sim->node[i].rng = mix(&sim->rng);
		sim->node[i].eng_deadline = NEVER;
	}
	return sim;
}

void sim_down(struct simnet *sim, u32 i)
{
	struct node *n = &sim->node[i];

	if (!n->alive)
		return;
	dt_sync_free(n->eng);
	dt_pst_free(&n->pst);
	n->eng = NULL;
	n->alive = false;
	n->eng_deadline = NEVER;
}

void sim_up(struct simnet *sim, u32 i)
{
	struct node *n = &sim->node[i];
	struct dt_sync_cfg cfg;

	sim_down(sim, i);
	dt_sync_cfg_msgs(&cfg, sim->coll, sim->coll_size);
	if (sim->cfg.pub_lifetime_us)
		cfg.pub_lifetime_us = sim->cfg.pub_lifetime_us;
	/* a small table keeps thousands of runs cheap; benches raise it */
	cfg.max_pubs = sim->cfg.max_pubs ? sim->cfg.max_pubs : 512;
	cfg.unicast = sim->cfg.unicast;
	if (dt_pst_init(&n->pst, 1024, (u32)mix(&n->rng), (u32)mix(&n->rng)))
		abort();
	n->eng = dt_sync_new(&cfg, &sim->ops, n);
	if (!n->eng)
		abort();
	n->alive = true;
	n->up_since = sim->now;
	if (dt_sync_subscribe(n->eng, sim->sub, sim->sub_size, n))
		abort();
	/* multicast registration completes at once (faces.md 4.1) */
	dt_sync_start(n->eng, sim->now);
	pst_changed(n);
}

void sim_free(struct simnet *sim)
{
	u32 i;

	if (!sim)
		return;
	for (i = 0; i < sim->cfg.nodes; i++)
		sim_down(sim, i);
	for (i = 0; i < sim->nq; i++)
		free(sim->q[i].buf);
	free(sim->q);
	free(sim->pubs);
	free(sim);
}

bool sim_alive(const struct simnet *sim, u32 i)
{
	return sim->node[i].alive;
}

u64 sim_up_since(const struct simnet *sim, u32 i)
{
	return sim->node[i].up_since;
}

void sim_group(struct simnet *sim, u32 i, u32 group)
{
	sim->node[i].group = group;
}

struct dt_sync *sim_engine(struct simnet *sim, u32 i)
{
	return sim->node[i].eng;
}

/* ---- publications ---- */

int sim_make_pub(u8 *buf, size_t cap, const char *a, const char *b,
		 u32 seq, u64 ts, u32 csize)
{
	struct dt_data_parts parts = { 0 };
	u8 name[128], content[8192];
	struct dt_name_bld nb;
	struct dt_iov iov;
	struct dt_data d;
	char tag[16];
	int nsize, len;

	if (csize < 4)
		csize = 4;
	if (csize > sizeof(content))
		return -EINVAL;
	dt_nb_init(&nb, name, sizeof(name));
	dt_nb_str(&nb, a);
	dt_nb_str(&nb, b);
	snprintf(tag, sizeof(tag), "%u", seq);
	dt_nb_str(&nb, tag);
	dt_nb_number(&nb, DT_COMP_TIMESTAMP, ts);
	nsize = dt_nb_finish(&nb);
	if (nsize < 0)
		return nsize;
	memset(content, 0x5a, csize);
	dt_put_be32(content, seq);
	iov.base = content;
	iov.len = csize;
	parts.name = name;
	parts.name_size = nsize;
	parts.content = &iov;
	parts.ncontent = 1;
	parts.sig_len = DT_SHA256_LEN;
	parts.si.type = DT_SIG_SHA256;
	parts.content_type = DT_CT_BLOB;
	len = dt_data_encode(buf, cap, &parts);
	if (len < 0 || dt_data_parse(buf, len, DT_KIND_ANY, 0, &d) ||
	    o_seal(NULL, buf, &d))
		return -EINVAL;
	return len;
}

int sim_make_cstate(u8 *buf, size_t cap, const u8 *coll, size_t coll_size,
		    const struct dt_iblt *ib, u32 nonce, u32 lifetime_ms)
{
	u8 enc[DT_IBLT_ENC_MAX], name[DT_IBLT_ENC_MAX + 128], nb[4];
	struct dt_name_bld b;
	struct dt_name c;
	int n;

	if (dt_name_parse(coll, coll_size, 0, &c))
		return -EINVAL;
	n = dt_iblt_encode(ib, enc, sizeof(enc));
	if (n < 0)
		return n;
	dt_nb_init(&b, name, sizeof(name));
	dt_nb_name(&b, &c, c.ncomp);
	dt_nb_comp(&b, DT_COMP_GENERIC, enc, n);
	n = dt_nb_finish(&b);
	if (n < 0)
		return n;
	dt_put_le32(nb, nonce);
	return dt_cstate_encode(buf, cap, name, n, nb, lifetime_ms);
}

int sim_make_cadd(u8 *buf, size_t cap, const u8 *cs_name, size_t cs_size,
		  const u8 *const *pub, const size_t *len, u32 n)
{
	struct dt_iov iov[DT_CADD_MAX_PUBS];
	struct dt_data_parts parts = { 0 };
	struct dt_name csn;
	struct dt_data d;
	u8 name[512];
	int nsize, plen;
	u32 i;

	if (n > DT_CADD_MAX_PUBS || dt_name_parse(cs_name, cs_size, 0, &csn))
		return -EINVAL;
	nsize = dt_cadd_name_encode(name, sizeof(name), &csn,
				    dt_csid(cs_name, cs_size));
	if (nsize < 0)
		return nsize;
	for (i = 0; i < n; i++) {
		iov[i].base = pub[i];
		iov[i].len = len[i];
	}
	parts.name = name;
	parts.name_size = nsize;
	parts.content = iov;
	parts.ncontent = n;
	parts.sig_len = DT_SHA256_LEN;
	parts.si.type = DT_SIG_SHA256;
	parts.content_type = DT_CT_CADD;
	plen = dt_data_encode(buf, cap, &parts);
	if (plen < 0 || dt_cadd_parse(buf, plen, &d) || o_seal(NULL, buf, &d))
		return -EINVAL;
	return plen;
}

size_t sim_coll(u8 *buf, size_t cap)
{
	struct dt_name_bld b;
	int n;

	dt_nb_init(&b, buf, cap);
	dt_nb_comp(&b, DT_COMP_GENERIC, zone_id, sizeof(zone_id));
	dt_nb_str(&b, "msgs");
	n = dt_nb_finish(&b);
	return n < 0 ? 0 : n;
}

int sim_publish(struct simnet *sim, u32 i)
{
	struct node *n = &sim->node[i];
	u8 buf[8192];
	char tag[16];
	int len, rc;
	u32 k = sim->npubs, h;

	if (!n->alive)
		return -ENODEV;
	snprintf(tag, sizeof(tag), "n%u", i);
	len = sim_make_pub(buf, sizeof(buf), "sim", tag, k, sim->now,
			   sim->cfg.pub_size);
	if (len < 0)
		return len;
	n->seq++;
	if (sim->npubs == sim->cappubs) {
		sim->cappubs = sim->cappubs ? 2 * sim->cappubs : 256;
		sim->pubs = realloc(sim->pubs, sim->cappubs * sizeof(*sim->pubs));
		if (!sim->pubs)
			abort();
	}
	memset(&sim->pubs[k], 0, sizeof(sim->pubs[k]));
	sim->pubs[k].origin = i;
	sim->pubs[k].created = sim->now;
	sim->npubs++;
	rc = dt_sync_publish(n->eng, buf, len, NULL, &h, sim->now);
	pst_changed(n);
	sim->pubs[k].hash = h;
	if (rc) {
		sim->npubs--;
		return rc;
	}
	/* the origin counts as having it */
	sim->pubs[k].delivered[i / 64] |= 1ULL << (i % 64);
	return k;
}

u32 sim_npubs(const struct simnet *sim)
{
	return sim->npubs;
}

const struct sim_pub *sim_pub(const struct simnet *sim, u32 k)
{
	return &sim->pubs[k];
}

bool sim_delivered(const struct simnet *sim, u32 k, u32 node)
{
	return sim->pubs[k].delivered[node / 64] >> (node % 64) & 1;
}

/* ---- running ---- */

static void rx(struct simnet *sim, struct node *n, u8 *buf, u32 len)
{
	struct dt_name coll;
	struct dt_pdu pdu;
	unsigned int idx;

	if (dt_pdu_parse(buf, len, &pdu) ||
	    dt_name_parse(sim->coll, sim->coll_size, 0, &coll))
		return;
	if (pdu.type == DT_TLV_CSTATE) {
		if (dt_pdu_match_coll(&pdu.cs.name, false, &coll, 1, &idx))
			return;
		if (dt_pst_on_cstate(&n->pst, &pdu.cs, sim->now,
				     DT_PST_JITTER_MIN_MS + mix(&n->rng) %
				     (DT_PST_JITTER_MAX_MS -
				      DT_PST_JITTER_MIN_MS + 1)))
			return;
		dt_sync_on_cstate(n->eng, &pdu.cs, sim->now);
	} else {
		if (dt_pdu_match_coll(&pdu.cadd.name, true, &coll, 1, &idx))
			return;
		dt_sync_on_cadd(n->eng, buf, &pdu.cadd, sim->now);
	}
}

static u64 node_deadline(struct node *n)
{
	u64 d = n->eng_deadline;

	if (!n->alive)
		return NEVER;
	return n->pst_deadline < d ? n->pst_deadline : d;
}

static void node_timers(struct simnet *sim, struct node *n)
{
	void *owner;

	while (n->alive && dt_pst_expire(&n->pst, sim->now, &owner))
		if (owner)
			dt_sync_cstate_expired(n->eng, sim->now);
	if (n->alive && n->eng_deadline <= sim->now)
		dt_sync_tick(n->eng, sim->now);
	pst_changed(n);
}

void sim_run_until(struct simnet *sim, u64 t)
{
	for (;;) {
		u64 next = sim->nq ? sim->q[0].at : NEVER;
		struct node *due = NULL;
		struct ev e;
		u32 i;

		for (i = 0; i < sim->cfg.nodes; i++) {
			u64 d = node_deadline(&sim->node[i]);

			if (d < next) {
				next = d;
				due = &sim->node[i];
			}
		}
		if (next > t)
			break;
		if (next > sim->now)
			sim->now = next;
		if (due) {
			node_timers(sim, due);
			continue;
		}
		q_pop(sim, &e);
		if (e.kind == EV_CALL) {
			e.fn(sim, e.arg);
			continue;
		}
		if (sim->node[e.node].alive &&
		    sim->node[e.node].group ==
		    sim->node[(uintptr_t)e.arg].group) {
			rx(sim, &sim->node[e.node], e.buf, e.len);
			pst_changed(&sim->node[e.node]);
		} else
			sim->rx_dropped++;
		free(e.buf);
	}
	if (t > sim->now)
		sim->now = t;
}

bool sim_converged(struct simnet *sim)
{
	struct dt_iblt a, b;
	bool first = true;
	u32 i;

	for (i = 0; i < sim->cfg.nodes; i++) {
		if (!sim->node[i].alive)
			continue;
		if (first) {
			dt_sync_adv_iblt(sim->node[i].eng, &a);
			first = false;
			continue;
		}
		dt_sync_adv_iblt(sim->node[i].eng, &b);
		if (memcmp(&a, &b, sizeof(a)))
			return false;
	}
	return true;
}

u64 sim_tx_count(const struct simnet *sim, u8 kind)
{
	return sim->tx[kind & 7];
}

u64 sim_rx_dropped(const struct simnet *sim)
{
	return sim->rx_dropped;
}
