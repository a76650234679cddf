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

/* Re-arms the timer for the earliest deadline of the engine and the PST. */
static void deftt_sync_rearm(struct deftt_sync *zs)
{
	u64 when = min(zs->eng_deadline, dt_pst_deadline(&zs->pst));
	u64 now = dt_now_us();
	unsigned long delta;

	if (zs->dead || when == U64_MAX)
		return;
	delta = when > now ? usecs_to_jiffies(when - now) : 0;
	mod_timer(&zs->timer, jiffies + max_t(unsigned long, delta,
					      DEFTT_JIFFIES_MIN));
}

static struct deftt_zone *ctx_zone(void *ctx)
{
	return ctx;
}

static void op_express(void *ctx, const u8 *pdu, size_t len, const u8 *name,
		       size_t name_size)
{
	struct deftt_zone *z = ctx_zone(ctx);

	if (dt_pst_express(&z->sync.pst, pdu, len, z->sync.msgs, dt_now_us(),
			   deftt_jitter_ms()))
		deftt_face_send(z, pdu, len);
}

static void op_send(void *ctx, const u8 *pdu, size_t len)
{
	deftt_face_send(ctx_zone(ctx), pdu, len);
}

static void op_unsuppress(void *ctx, const u8 *name, size_t size)
{
	dt_pst_unsuppress(&ctx_zone(ctx)->sync.pst, name, size);
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
	struct deftt_zone *z = ctx_zone(ctx);

	return copy_name(dt_pst_best(&z->sync.pst, z->sync.msgs_name,
				     z->sync.msgs_name_size), out, cap);
}

static void op_used_cstate(void *ctx, const u8 *name, size_t size)
{
	dt_pst_used(&ctx_zone(ctx)->sync.pst, name, size);
}

static size_t op_hash2name(void *ctx, u32 csid, u8 *out, size_t cap)
{
	return copy_name(dt_pst_find(&ctx_zone(ctx)->sync.pst, csid), out, cap);
}

static void op_arm(void *ctx, u64 deadline)
{
	ctx_zone(ctx)->sync.eng_deadline = deadline;
}

static u32 op_random(void *ctx)
{
	return get_random_u32();
}

/*
 * PDU signing and checking need this member's signing key and the
 * domain's signers, which a zone does not hold yet: cAdds can be neither
 * sealed nor opened, and the engine counts both (cadd_seal, cadd_open).
 */
static int op_seal(void *ctx, u8 *buf, const struct dt_data *d)
{
	return -ENOKEY;
}

static int op_open(void *ctx, u8 *buf, const struct dt_data *d)
{
	return -ENOKEY;
}

static enum dt_sync_verdict op_validate(void *ctx, const struct dt_data *pub)
{
	return DT_SYNC_NO_SIGNER;
}

static void op_deliver(void *ctx, void *sub, const u8 *pub, size_t len)
{
}

static const struct dt_sync_ops deftt_sync_ops = {
	.express = op_express,
	.send = op_send,
	.unsuppress = op_unsuppress,
	.best_cstate = op_best_cstate,
	.used_cstate = op_used_cstate,
	.hash2name = op_hash2name,
	.arm = op_arm,
	.random = op_random,
	.seal = op_seal,
	.open = op_open,
	.validate = op_validate,
	.deliver = op_deliver,
};

static void deftt_sync_tick_work(struct work_struct *work)
{
	struct deftt_sync *zs = container_of(work, struct deftt_sync,
					     tick_work);
	void *owner;
	u64 now;

	mutex_lock(&zs->lock);
	if (!zs->dead) {
		now = dt_now_us();
		while (dt_pst_expire(&zs->pst, now, &owner))
			if (owner)
				dt_sync_cstate_expired(owner, now);
		dt_sync_tick(zs->msgs, now);
		deftt_sync_rearm(zs);
	}
	mutex_unlock(&zs->lock);
}

static void deftt_sync_timer(struct timer_list *t)
{
	struct deftt_sync *zs = from_timer(zs, t, timer);

	queue_work(deftt_wq, &zs->tick_work);
}

/* The msgs collection's Name TLV: <zone id>/msgs (trust_domains.json). */
static void deftt_sync_msgs_name(struct deftt_zone *z)
{
	u8 *p = z->sync.msgs_name;

	*p++ = DT_TLV_NAME;
	*p++ = 2 + DEFTT_ZONE_ID_LEN + 2 + 4;
	*p++ = DT_COMP_GENERIC;
	*p++ = DEFTT_ZONE_ID_LEN;
	memcpy(p, z->id, DEFTT_ZONE_ID_LEN);
	p += DEFTT_ZONE_ID_LEN;
	*p++ = DT_COMP_GENERIC;
	*p++ = 4;
	memcpy(p, "msgs", 4);
	p += 4;
	z->sync.msgs_name_size = p - z->sync.msgs_name;
}

/* Sets up the engines (not started) for a zone whose schema has been read. */
int deftt_sync_init(struct deftt_zone *z)
{
	struct deftt_sync *zs = &z->sync;
	static const u8 no_signer[DT_THUMBPRINT_LEN];
	struct dt_sync_cfg cfg;
	int err;

	mutex_init(&zs->lock);
	timer_setup(&zs->timer, deftt_sync_timer, 0);
	INIT_WORK(&zs->tick_work, deftt_sync_tick_work);
	zs->eng_deadline = U64_MAX;
	err = dt_pst_init(&zs->pst, DEFTT_PST_CAP, get_random_u32(),
			  get_random_u32());
	if (err)
		return err;

	deftt_sync_msgs_name(z);
	dt_sync_cfg_msgs(&cfg, zs->msgs_name, zs->msgs_name_size);
	/* The PDU signature's shape, for the space a cAdd leaves for it. */
	cfg.pdu_si.type = z->schema->pdu_sig;
	cfg.pdu_si.key_digest = dt_sig_keyed(cfg.pdu_si.type) ? no_signer :
				NULL;
	cfg.pdu_sig_len = dt_sig_value_len(cfg.pdu_si.type);
	zs->msgs = dt_sync_new(&cfg, &deftt_sync_ops, z);
	if (!zs->msgs) {
		dt_pst_free(&zs->pst);
		return -ENOMEM;
	}
	if (dt_name_parse(zs->msgs_name, zs->msgs_name_size, 0,
			  &zs->msgs_view)) {
		dt_sync_free(zs->msgs);
		dt_pst_free(&zs->pst);
		return -EINVAL;
	}
	return 0;
}

/* The face is up: the engines register and send their first cStates. */
void deftt_sync_start(struct deftt_zone *z)
{
	struct deftt_sync *zs = &z->sync;

	mutex_lock(&zs->lock);
	dt_sync_start(zs->msgs, dt_now_us());
	deftt_sync_rearm(zs);
	mutex_unlock(&zs->lock);
}

/* Stops timers and work; afterwards nothing runs on the engines. */
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

void deftt_sync_free(struct deftt_zone *z)
{
	struct deftt_sync *zs = &z->sync;

	if (zs->msgs)
		dt_sync_free(zs->msgs);
	zs->msgs = NULL;
	dt_pst_free(&zs->pst);
	mutex_destroy(&zs->lock);
}

/*
 * A PDU of this zone from rx_work (structure and zone id checked). The
 * collections the zone does not serve yet (cert, keys, ...) are counted
 * as no_collection; a byte-identical cState as a DST duplicate.
 */
void deftt_sync_rx(struct deftt_zone *z, struct dt_pdu *pdu, u8 *buf)
{
	struct deftt_sync *zs = &z->sync;
	bool cadd = pdu->type != DT_TLV_CSTATE;
	const struct dt_name *n = cadd ? &pdu->cadd.name : &pdu->cs.name;
	unsigned int idx;
	u64 now;
	int err;

	if (dt_pdu_match_coll(n, cadd, &zs->msgs_view, 1, &idx)) {
		deftt_zone_drop(z, DEFTT_DROP_NO_COLLECTION);
		return;
	}
	mutex_lock(&zs->lock);
	if (zs->dead)
		goto out;
	now = dt_now_us();
	if (!cadd) {
		err = dt_pst_on_cstate(&zs->pst, &pdu->cs, now,
				       deftt_jitter_ms());
		if (err == -EEXIST)
			deftt_zone_drop(z, DEFTT_DROP_DUPLICATE);
		else
			dt_sync_on_cstate(zs->msgs, &pdu->cs, now);
	} else {
		dt_sync_on_cadd(zs->msgs, buf, &pdu->cadd, now);
	}
	deftt_sync_rearm(zs);
out:
	mutex_unlock(&zs->lock);
}

/* Engine counters for netlink; n gets their number. Caller holds nothing. */
void deftt_sync_counters(struct deftt_zone *z, u64 *out, unsigned int n)
{
	struct deftt_sync *zs = &z->sync;
	const u64 *c;

	mutex_lock(&zs->lock);
	c = dt_sync_counters(zs->msgs);
	memcpy(out, c, min_t(unsigned int, n, DT_SC_MAX) * sizeof(u64));
	mutex_unlock(&zs->lock);
}
