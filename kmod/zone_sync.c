// SPDX-License-Identifier: GPL-2.0
/* A zone's syncps engines and face tables in the kernel: timers, locking, the ops glue. */
#include <linux/jiffies.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/timer.h>

#include "core/objects.h"
#include "core/pst.h"
#include "core/schema.h"
#include "core/syncps.h"
#include "deftt.h"

/*
 * Everything here runs in process context under zs->lock: rx_work hands
 * received PDUs in, tick_work runs the deadlines, and the engines call
 * back into the ops below from inside those calls. The one kernel timer
 * only queues tick_work. The engines' clock is dt_now_us() (real time in
 * microseconds), which syncps needs for Publication ages anyway; timer
 * deadlines are converted to jiffies from it.
 */

#define DEFTT_PST_CAP		256	/* PST entries per face */
#define DEFTT_JIFFIES_MIN	1

static u32 deftt_jitter_ms(void)
{
	return DT_PST_JITTER_MIN_MS +
	       get_random_u32_below(DT_PST_JITTER_MAX_MS -
				    DT_PST_JITTER_MIN_MS + 1);
}

/* Re-arms the timer for the earliest deadline of the engines and the PST. */
void deftt_sync_rearm(struct deftt_sync *zs)
{
	u64 when = dt_pst_deadline(&zs->pst);
	u64 now = dt_now_us();
	unsigned long delta;
	unsigned int i;

	for (i = 0; i < DEFTT_NCOLL; i++)
		when = min(when, zs->coll[i].deadline);
	if (zs->dead || when == U64_MAX)
		return;
	delta = when > now ? usecs_to_jiffies(when - now) : 0;
	mod_timer(&zs->timer, jiffies + max_t(unsigned long, delta,
					      DEFTT_JIFFIES_MIN));
}

static struct deftt_coll *ctx_coll(void *ctx)
{
	return ctx;
}

static void op_express(void *ctx, const u8 *pdu, size_t len, const u8 *name,
		       size_t name_size)
{
	struct deftt_coll *c = ctx_coll(ctx);

	if (dt_pst_express(&c->z->sync.pst, pdu, len, c->eng, dt_now_us(),
			   deftt_jitter_ms()))
		deftt_face_send(c->z, pdu, len);
}

static void op_send(void *ctx, const u8 *pdu, size_t len)
{
	deftt_face_send(ctx_coll(ctx)->z, pdu, len);
}

static void op_unsuppress(void *ctx, const u8 *name, size_t size)
{
	dt_pst_unsuppress(&ctx_coll(ctx)->z->sync.pst, name, size);
}

static size_t copy_name(const struct dt_pst_entry *e, u8 *out, size_t cap)
{
	if (!e || e->name_size > cap)
		return 0;
	memcpy(out, e->name, e->name_size);
	return e->name_size;
}

static size_t op_best_cstate(void *ctx, u8 *out, size_t cap)
{
	struct deftt_coll *c = ctx_coll(ctx);

	return copy_name(dt_pst_best(&c->z->sync.pst, c->name, c->name_size),
			 out, cap);
}

static void op_used_cstate(void *ctx, const u8 *name, size_t size)
{
	dt_pst_used(&ctx_coll(ctx)->z->sync.pst, name, size);
}

static size_t op_hash2name(void *ctx, u32 csid, u8 *out, size_t cap)
{
	return copy_name(dt_pst_find(&ctx_coll(ctx)->z->sync.pst, csid), out,
			 cap);
}

static void op_arm(void *ctx, u64 deadline)
{
	ctx_coll(ctx)->deadline = deadline;
}

static u32 op_random(void *ctx)
{
	return get_random_u32();
}

/* What every collection's engine calls. */
#define DEFTT_SYNC_OPS_COMMON			\
	.express = op_express,			\
	.send = op_send,			\
	.unsuppress = op_unsuppress,		\
	.best_cstate = op_best_cstate,		\
	.used_cstate = op_used_cstate,		\
	.hash2name = op_hash2name,		\
	.arm = op_arm,				\
	.random = op_random,			\
	.seal = deftt_op_seal,			\
	.open = deftt_op_open,			\
	.validate = deftt_op_validate,		\
	.deliver = deftt_op_deliver,		\
	.confirm = deftt_op_confirm

/* The msgs collection: creation time is the name's trailing Timestamp. */
const struct dt_sync_ops deftt_sync_ops = {
	DEFTT_SYNC_OPS_COMMON,
};

/* The cert collection: a cert's life is its validity (validate.c). */
static const struct dt_sync_ops deftt_cert_ops = {
	DEFTT_SYNC_OPS_COMMON,
	.created = deftt_op_created,
};

/* keys/pdus and keys/msgs: each Publication's life by its name (keycoll.c). */
static const struct dt_sync_ops deftt_keys_ops = {
	DEFTT_SYNC_OPS_COMMON,
	.lifetime = deftt_op_keys_lifetime,
};

static const char *const deftt_coll_names[DEFTT_NCOLL] = {
	[DEFTT_COLL_MSGS] = "msgs",
	[DEFTT_COLL_CERT] = "cert",
	[DEFTT_COLL_KEYS_PDUS] = "keys/pdus",
	[DEFTT_COLL_KEYS_MSGS] = "keys/msgs",
};

const char *deftt_coll_name(unsigned int idx)
{
	return idx < DEFTT_NCOLL ? deftt_coll_names[idx] : "?";
}

static void deftt_sync_tick_work(struct work_struct *work)
{
	struct deftt_sync *zs = container_of(work, struct deftt_sync,
					     tick_work);
	unsigned int i;
	void *owner;
	u64 now;

	mutex_lock(&zs->lock);
	if (!zs->dead) {
		now = dt_now_us();
		while (dt_pst_expire(&zs->pst, now, &owner))
			if (owner)
				dt_sync_cstate_expired(owner, now);
		for (i = 0; i < DEFTT_NCOLL; i++)
			if (zs->coll[i].started)
				dt_sync_tick(zs->coll[i].eng, now);
		deftt_sync_rearm(zs);
	}
	mutex_unlock(&zs->lock);
}

static void deftt_sync_timer(struct timer_list *t)
{
	struct deftt_sync *zs = from_timer(zs, t, timer);

	queue_work(deftt_wq, &zs->tick_work);
}

/*
 * A collection's Name TLV: <zone id> then one Generic per '/'-separated
 * part of its name, e.g. <zone id>/keys/pdus (distributors.md 1).
 */
static void deftt_coll_set_name(struct deftt_zone *z, struct deftt_coll *c)
{
	const char *what = deftt_coll_names[c->idx];
	u8 *p = c->name + 2;

	*p++ = DT_COMP_GENERIC;
	*p++ = DEFTT_ZONE_ID_LEN;
	memcpy(p, z->id, DEFTT_ZONE_ID_LEN);
	p += DEFTT_ZONE_ID_LEN;
	while (*what) {
		size_t len = strchrnul(what, '/') - what;

		*p++ = DT_COMP_GENERIC;
		*p++ = len;
		memcpy(p, what, len);
		p += len;
		what += len + !!what[len];
	}
	c->name[0] = DT_TLV_NAME;
	c->name[1] = p - c->name - 2;
	c->name_size = p - c->name;
}

/*
 * One collection's engine. msgs: DCT's msgs settings, cAdds under the
 * schema's #pduValidator, Publications under #msgsValidator. cert
 * (distributors.md 3.1): cState lifetime 4789 ms, RFC7693 cAdds, certs
 * accepted as they parse (the daemon validates them), aged by validity.
 * keys/pdus, keys/msgs (1, 1.1, 4): EdDSA cAdds and Publications, cState
 * lifetime 6763 ms, lifetimes by name; only when the schema encrypts.
 */
static int deftt_coll_init(struct deftt_zone *z, unsigned int idx)
{
	static const u8 empty_name[2] = { DT_TLV_NAME, 0 };
	struct deftt_coll *c = &z->sync.coll[idx];
	const struct dt_sync_ops *ops = &deftt_sync_ops;
	unsigned int pdu_sig, pub_sig;
	struct dt_sync_cfg cfg;
	int err;

	c->z = z;
	c->idx = idx;
	c->deadline = U64_MAX;
	if (!deftt_coll_present(z->schema, idx))
		return 0;
	deftt_coll_set_name(z, c);
	dt_sync_cfg_msgs(&cfg, c->name, c->name_size);
	if (idx == DEFTT_COLL_MSGS) {
		pdu_sig = z->schema->pdu_sig;
		pub_sig = z->schema->msgs_sig;
	} else if (idx != DEFTT_COLL_CERT) {
		ops = &deftt_keys_ops;
		pdu_sig = DT_SIG_EDDSA;
		pub_sig = DT_SIG_EDDSA;
		cfg.cstate_lifetime_ms = 6763;
	} else {
		ops = &deftt_cert_ops;
		pdu_sig = DT_SIG_RFC7693;
		pub_sig = DT_SIG_EDDSA;
		cfg.cstate_lifetime_ms = 4789;
		cfg.pub_lifetime_us = DEFTT_CERT_LIFETIME_US;
		cfg.signer_hold_us = 0;
	}
	err = dt_sigmgr_init(&c->pdu_mgr, pdu_sig, DT_KEYS_PDU);
	if (!err)
		err = dt_sigmgr_init(&c->pub_mgr, pub_sig, DT_KEYS_PUB);
	if (err)
		return err;
	/*
	 * The PDU SignatureInfo the engine writes; for a keyed type its
	 * KeyDigest is read from self_tp, which follows the signing key.
	 */
	cfg.pdu_si.type = pdu_sig;
	cfg.pdu_si.key_digest = dt_sig_keyed(pdu_sig) ? z->sync.self_tp : NULL;
	cfg.pdu_sig_len = dt_sig_value_len(pdu_sig);
	c->eng = dt_sync_new(&cfg, ops, c);
	if (!c->eng)
		return -ENOMEM;
	if (dt_name_parse(c->name, c->name_size, 0, &z->sync.views[idx]))
		return -EINVAL;
	/* One engine subscription for everything; sockets filter (deliver.c). */
	return dt_sync_subscribe(c->eng, empty_name, sizeof(empty_name), c);
}

/* Sets up the engines (not started) for a zone whose schema has been read. */
int deftt_sync_init(struct deftt_zone *z)
{
	struct deftt_sync *zs = &z->sync;
	unsigned int i;
	int err;

	mutex_init(&zs->lock);
	zs->ready = true;
	timer_setup(&zs->timer, deftt_sync_timer, 0);
	INIT_WORK(&zs->tick_work, deftt_sync_tick_work);
	INIT_LIST_HEAD(&zs->signers);
	INIT_LIST_HEAD(&zs->socks);
	INIT_LIST_HEAD(&zs->confirms);
	dt_keys_init(&zs->keys, deftt_signer_lookup, zs);
	err = dt_pst_init(&zs->pst, DEFTT_PST_CAP, get_random_u32(),
			  get_random_u32());
	if (err)
		return err;
	zs->scratch = kmalloc(DT_MAX_DGRAM, GFP_KERNEL);
	zs->batch = kzalloc(sizeof(*zs->batch), GFP_KERNEL);
	if (zs->batch)
		zs->batch->scratch =
			kmalloc(dt_ed25519_batch_scratch_size(DEFTT_VERIFY_BATCH),
				GFP_KERNEL);
	if (!zs->scratch || !zs->batch || !zs->batch->scratch)
		return -ENOMEM;
	for (i = 0; i < DEFTT_NCOLL; i++) {
		err = deftt_coll_init(z, i);
		if (err)
			return err;
	}
	return 0;
}

/* Under zs->lock: the engine registers and sends its first cState. */
static void deftt_coll_start_locked(struct deftt_coll *c)
{
	if (c->started || !c->eng)
		return;
	c->started = true;
	dt_sync_start(c->eng, dt_now_us());
}

/*
 * The face is up: msgs and cert start. A key collection starts when its
 * distributor does (distributors.md 1.1), i.e. when a socket binds to it.
 */
void deftt_sync_start(struct deftt_zone *z)
{
	struct deftt_sync *zs = &z->sync;

	mutex_lock(&zs->lock);
	deftt_coll_start_locked(&zs->coll[DEFTT_COLL_MSGS]);
	deftt_coll_start_locked(&zs->coll[DEFTT_COLL_CERT]);
	deftt_sync_rearm(zs);
	mutex_unlock(&zs->lock);
}

/* A socket bound to idx: start it if the zone serves it. Under zs->lock. */
int deftt_coll_start(struct deftt_zone *z, unsigned int idx)
{
	struct deftt_sync *zs = &z->sync;

	if (idx >= DEFTT_NCOLL || !zs->coll[idx].eng)
		return -EADDRNOTAVAIL;
	/* msgs and cert start with the face, not with their first socket */
	if (idx >= DEFTT_COLL_KEYS_PDUS) {
		deftt_coll_start_locked(&zs->coll[idx]);
		deftt_sync_rearm(zs);
	}
	return 0;
}

/*
 * Stops timers and work; afterwards nothing runs on the engines, and
 * sockets calling in find the zone dead.
 */
void deftt_sync_stop(struct deftt_zone *z)
{
	struct deftt_sync *zs = &z->sync;

	mutex_lock(&zs->lock);
	zs->dead = true;
	mutex_unlock(&zs->lock);
	del_timer_sync(&zs->timer);
	cancel_work_sync(&zs->tick_work);
	/* tick_work saw dead and did not re-arm; a timer it armed before is gone too */
	del_timer_sync(&zs->timer);
}

/*
 * Frees the engines, signers and keys of a stopped zone. The lock and the
 * socket list stay: bound sockets still reach them until they let go.
 */
void deftt_sync_free(struct deftt_zone *z)
{
	struct deftt_sync *zs = &z->sync;
	unsigned int i;

	mutex_lock(&zs->lock);
	zs->dead = true;
	deftt_socks_zone_dead(z);
	for (i = 0; i < DEFTT_NCOLL; i++) {
		if (zs->coll[i].eng)
			dt_sync_free(zs->coll[i].eng);
		zs->coll[i].eng = NULL;
	}
	deftt_confirms_flush(z);
	deftt_signers_free(zs);
	dt_pst_free(&zs->pst);
	if (zs->batch)
		kfree(zs->batch->scratch);
	kfree(zs->batch);
	zs->batch = NULL;
	kfree(zs->scratch);
	zs->scratch = NULL;
	mutex_unlock(&zs->lock);
}

/*
 * A PDU of this zone from rx_work (structure and zone id checked), to
 * the engine of its collection; a byte-identical cState counts as a DST
 * duplicate, a PDU of a collection the zone does not serve as
 * no_collection. Returns how many Publications a cAdd added.
 */
unsigned int deftt_sync_rx(struct deftt_zone *z, struct dt_pdu *pdu, u8 *buf)
{
	struct deftt_sync *zs = &z->sync;
	bool cadd = pdu->type != DT_TLV_CSTATE;
	const struct dt_name *n = cadd ? &pdu->cadd.name : &pdu->cs.name;
	unsigned int idx, added = 0;
	struct dt_sync *eng;
	u64 now, acc;
	int err;

	if (dt_pdu_match_coll(n, cadd, zs->views, DEFTT_NCOLL, &idx)) {
		deftt_zone_drop(z, DEFTT_DROP_NO_COLLECTION);
		return 0;
	}
	mutex_lock(&zs->lock);
	if (zs->dead)
		goto out;
	/* not served, or its distributor has not started: ignored (1.1) */
	if (!zs->coll[idx].started) {
		deftt_zone_drop(z, DEFTT_DROP_NO_COLLECTION);
		goto out;
	}
	eng = zs->coll[idx].eng;
	now = dt_now_us();
	if (!cadd) {
		err = dt_pst_on_cstate(&zs->pst, &pdu->cs, now,
				       deftt_jitter_ms());
		if (err == -EEXIST)
			deftt_zone_drop(z, DEFTT_DROP_DUPLICATE);
		else
			dt_sync_on_cstate(eng, &pdu->cs, now);
	} else {
		acc = dt_sync_counters(eng)[DT_SC_PUB_ACCEPTED];
		dt_sync_on_cadd(eng, buf, &pdu->cadd, now);
		added = dt_sync_counters(eng)[DT_SC_PUB_ACCEPTED] - acc;
		zs->batch->n = 0;	/* its addresses mean nothing now */
	}
	deftt_sync_rearm(zs);
out:
	mutex_unlock(&zs->lock);
	return added;
}

/* A collection's engine counters for netlink. Caller holds nothing. */
void deftt_sync_counters(struct deftt_zone *z, unsigned int coll, u64 *out,
			 unsigned int n)
{
	struct deftt_sync *zs = &z->sync;

	memset(out, 0, n * sizeof(u64));
	mutex_lock(&zs->lock);
	if (zs->coll[coll].eng)
		memcpy(out, dt_sync_counters(zs->coll[coll].eng),
		       min_t(unsigned int, n, DT_SC_MAX) * sizeof(u64));
	mutex_unlock(&zs->lock);
}
