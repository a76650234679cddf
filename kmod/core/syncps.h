/* SPDX-License-Identifier: GPL-2.0 */
/* The syncps engine: one collection's set reconciliation as a state machine. */
#ifndef _DEFTT_CORE_SYNCPS_H
#define _DEFTT_CORE_SYNCPS_H

#include "wire.h"
#include "iblt.h"

/*
 * One engine per collection (sync.md 6). It never blocks, never sleeps,
 * takes no locks (the caller serialises every call on one engine) and
 * allocates only through platform.h, up to the caps of its config.
 *
 * Inputs: received cStates and cAdds (already structurally valid), local
 * Publications, timer expiries, and the current time, which every call
 * takes as "now" in microseconds on one clock (see dt_sync_cfg).
 * Outputs go through struct dt_sync_ops: PDUs to express or send, the
 * single timer deadline it wants, Publications to validate and deliver,
 * delivery confirmations.
 *
 * The face tables (PST, DST, suppression, sync.md 6.6 / faces.md 3-4) are
 * not part of the engine; they are reached through the face ops and can
 * be those of pst.h.
 */

/* What a validate callback says about a received Publication (6.12). */
enum dt_sync_verdict {
	DT_SYNC_VALID = 0,	/* signature and schema fine: accept */
	DT_SYNC_NO_SIGNER,	/* fine so far, but the signer is unknown */
	DT_SYNC_INVALID,	/* bad, with a known signer: ignore it */
};

/* One counter per event; every drop has its own (dt_sync_counter_name). */
enum dt_sync_counter {
	DT_SC_CSTATE_RX,	/* cState handed to the engine */
	DT_SC_CSTATE_NCOMP,	/* drop: not collection + 1 components */
	DT_SC_CSTATE_IBLT,	/* drop: IBLT component does not decode */
	DT_SC_CSTATE_PEEL_BAD,	/* drop: difference is inconsistent */
	DT_SC_CSTATE_PEEL_PART,	/* peel incomplete (handled, 6.7 step 7) */
	DT_SC_CSTATE_EARLY,	/* drop: before registration completed */
	DT_SC_CADD_RX,		/* cAdd handed to the engine */
	DT_SC_CADD_OPEN,	/* drop: PDU signature/AEAD check failed */
	DT_SC_CADD_EARLY,	/* drop: before registration completed */
	DT_SC_CADD_CONTENT,	/* drop: Content is not Data TLVs */
	DT_SC_PUB_SHAPE,	/* skip: Publication not structurally valid */
	DT_SC_PUB_IGNORED,	/* skip: in the ignore set */
	DT_SC_PUB_DUP,		/* skip: already in the collection */
	DT_SC_PUB_TOO_BIG,	/* ignore: larger than maxPubSize */
	DT_SC_PUB_EXPIRED,	/* ignore: outside the arrival window */
	DT_SC_PUB_NO_TIME,	/* ignore: no creation time (open q. 12) */
	DT_SC_PUB_INVALID,	/* ignore: validator rejected it */
	DT_SC_PUB_HELD,		/* held as noSigner */
	DT_SC_PUB_HOLD_FULL,	/* ignore: noSigner hold full or disabled */
	DT_SC_PUB_HOLD_TIMEOUT,	/* noSigner entry timed out, ignored */
	DT_SC_PUB_TABLE_FULL,	/* drop: collection at max_pubs */
	DT_SC_PUB_ACCEPTED,	/* net Publication added */
	DT_SC_PUB_DELIVERED,	/* handed to a subscription */
	DT_SC_PUB_NO_SUB,	/* accepted, no subscription matched */
	DT_SC_PUB_EXPIRE,	/* an entry left the IBLT at end of life */
	DT_SC_IGNORE_FULL,	/* ignore set full: hash not ignored */
	DT_SC_PEND_FULL,	/* others'-answer table full: not armed */
	DT_SC_CB_FULL,		/* confirmation table full: cb refused */
	DT_SC_TIMER_FULL,	/* timer heap full: entry dropped early */
	DT_SC_NOMEM,		/* an allocation failed */
	DT_SC_LOCAL_PUB,	/* local Publication added */
	DT_SC_LOCAL_REJECT,	/* local publish refused (size/time/dup) */
	DT_SC_CSTATE_TX,	/* cState handed to express() */
	DT_SC_CADD_TX,		/* cAdd handed to send() */
	DT_SC_CADD_PUBS_TX,	/* Publications carried by those cAdds */
	DT_SC_CADD_SEAL,	/* cAdd not sent: sealing failed */
	DT_SC_BLIND_TX,		/* cAdds sent blind after a failed peel */
	DT_SC_OTHERS_TX,	/* cAdds of others' Publications */
	DT_SC_CONFIRM_OK,	/* delivery confirmations */
	DT_SC_CONFIRM_TIMEOUT,	/* confirmations timed out */
	DT_SC_MAX
};

const char *dt_sync_counter_name(unsigned int c);

struct dt_sync;

/*
 * Callbacks. ctx is the caller's pointer given to dt_sync_new(). Times are
 * the engine's clock (microseconds). All are called synchronously from
 * inside the engine call that caused them; they may call dt_sync_publish()
 * (from deliver) but must not free the engine.
 */
struct dt_sync_ops {
	/* ---- face (faces.md 2.2) ---- */
	/* A complete cState PDU and its Name TLV: record in the PST, arm the
	 * local lifetime timer (whose expiry calls dt_sync_cstate_expired),
	 * transmit unless suppressed.
	 */
	void (*express)(void *ctx, const u8 *pdu, size_t len,
			const u8 *name, size_t name_size);
	/* A complete, sealed cAdd PDU to transmit as is. */
	void (*send)(void *ctx, const u8 *pdu, size_t len);
	void (*unsuppress)(void *ctx, const u8 *name, size_t name_size);
	/*
	 * The Name TLV of the best network cState of this collection
	 * (faces.md 4.6) copied to out; its size, or 0 if there is none.
	 */
	size_t (*best_cstate)(void *ctx, u8 *out, size_t cap);
	void (*used_cstate)(void *ctx, const u8 *name, size_t name_size);
	/* Name TLV of the PST entry with this csID, as best_cstate. */
	size_t (*hash2name)(void *ctx, u32 csid, u8 *out, size_t cap);

	/* ---- timer: the one deadline the engine wants, U64_MAX = none ---- */
	void (*arm)(void *ctx, u64 deadline);

	/* ---- randomness: r and nonces; NULL = dt_random_bytes ---- */
	u32 (*random)(void *ctx);

	/* ---- PDU signature manager ---- */
	/* Sign (encrypt) the cAdd in buf in place; 0 or -errno. */
	int (*seal)(void *ctx, u8 *buf, const struct dt_data *d);
	/* Check (decrypt in place) a received cAdd; 0 or -errno. */
	int (*open)(void *ctx, u8 *buf, const struct dt_data *d);

	/* ---- upper layers ---- */
	/* Publication signature manager and schema (6.12 step 5). */
	enum dt_sync_verdict (*validate)(void *ctx, const struct dt_data *pub);
	/* Creation time of a Publication; NULL = the trailing Timestamp. */
	int (*created)(void *ctx, const struct dt_data *pub, u64 *us);
	/*
	 * Lifetime of a Publication in us (distributors.md 1.1: each
	 * collection's own rule); NULL = cfg.pub_lifetime_us.
	 */
	u64 (*lifetime)(void *ctx, const struct dt_data *pub);
	/* A network Publication for subscription sub (6.16). */
	void (*deliver)(void *ctx, void *sub, const u8 *pub, size_t len);
	/* Delivery confirmation (6.15) of a local Publication. */
	void (*confirm)(void *ctx, void *cookie, u32 hash, bool delivered);
};

/*
 * Per-collection settings; dt_sync_cfg_msgs() fills DCT's defaults for an
 * application's msgs collection on a UDP face (sync.md 6.2).
 *
 * Clock: one microsecond clock serves as TDVC (Publication ages) and as
 * wall clock (hold times) - the caller adds the TDVC offset. All timers
 * are deadlines on that clock.
 */
struct dt_sync_cfg {
	const u8 *coll_name;		/* collection Name TLV (zone id first) */
	size_t coll_name_size;
	u32 cstate_lifetime_ms;		/* Lifetime of our cStates */
	u64 pub_lifetime_us;		/* default Publication lifetime */
	u64 grace_us;			/* pubExpirationGB */
	u64 skew_us;			/* maxClockSkew */
	u64 pduproc_us;			/* base of d */
	u64 tts_us;			/* face's time to send an MTU */
	u64 hold_us;			/* pubHoldtime */
	u64 signer_hold_us;		/* 0 disables the noSigner hold */
	u32 mtu;			/* face PDU budget */
	u32 rand_ms;			/* r is uniform in 0..rand_ms */
	bool unicast;
	bool no_others;
	/* PDU signature manager shape, for sigSpace and the cAdd layout */
	struct dt_siginfo pdu_si;
	u32 pdu_sig_len;
	/* bounds on memory: every refusal is counted */
	u32 max_pubs;
	u32 max_nosigner;		/* DCT: 50 */
	u32 max_ignore;
	u32 max_pending;		/* others'-answer entries */
	u32 max_cbs;			/* pending delivery confirmations */
	u32 max_subs;
};

void dt_sync_cfg_msgs(struct dt_sync_cfg *cfg, const u8 *coll_name,
		      size_t coll_name_size);

/* New engine in state "registering"; NULL on bad config or no memory. */
struct dt_sync *dt_sync_new(const struct dt_sync_cfg *cfg,
			    const struct dt_sync_ops *ops, void *ctx);
void dt_sync_free(struct dt_sync *s);

/* Registration with the face completed (6.5): first cState goes out. */
void dt_sync_start(struct dt_sync *s, u64 now);

/* Timer expiry: run every deadline <= now. */
void dt_sync_tick(struct dt_sync *s, u64 now);
/* The face's timer for our local cState expired (faces.md 4.3). */
void dt_sync_cstate_expired(struct dt_sync *s, u64 now);

/* A received cState of this collection (faces.md 3.4 passed). */
void dt_sync_on_cstate(struct dt_sync *s, const struct dt_cstate *cs,
		       u64 now);
/*
 * A received cAdd of this collection (dt_cadd_parse passed); buf is the
 * PDU that d views, writable because open() may decrypt in place.
 */
void dt_sync_on_cadd(struct dt_sync *s, u8 *buf, const struct dt_data *d,
		     u64 now);

/*
 * Local publication of a complete signed Publication (6.11). cookie,
 * if not NULL, asks for a delivery confirmation. Returns 0 when added;
 * -EEXIST already present (with a cookie and a network copy present the
 * confirmation is given at once); -EMSGSIZE over maxPubSize; -EINVAL not
 * a Data TLV or no creation time; -ETIME already expired; -ENOSPC at a
 * cap; -ENOMEM. hash (may be NULL) gets the PubHash.
 */
int dt_sync_publish(struct dt_sync *s, const u8 *pub, size_t len,
		    void *cookie, u32 *hash, u64 now);
void dt_sync_batch_begin(struct dt_sync *s);
void dt_sync_batch_done(struct dt_sync *s, u32 n, u64 now);

/*
 * Subscribe a Name prefix (a Name TLV) to sub (6.16): network pubs
 * already held that match are delivered at once. 0, -EINVAL, -ENOSPC.
 */
int dt_sync_subscribe(struct dt_sync *s, const u8 *prefix, size_t size,
		      void *sub);
void dt_sync_unsubscribe(struct dt_sync *s, const u8 *prefix, size_t size);
/*
 * Delivers to sub, without subscribing it, every network Publication held
 * (active) whose name starts with prefix: a caller that fans one engine
 * subscription out to many consumers catches a new consumer up with it.
 * 0 or -EINVAL (prefix is not a Name TLV).
 */
int dt_sync_replay(struct dt_sync *s, const u8 *prefix, size_t size,
		   void *sub);

/* A signing cert was installed: retry the noSigner entries (6.14). */
void dt_sync_signer_added(struct dt_sync *s, u64 now);
/*
 * Sends the collection's cState at once (DCT's sendCState(), e.g. when a
 * key distributor gets its first key, distributors.md 4.7 step 14).
 */
void dt_sync_cstate_now(struct dt_sync *s, u64 now);

/* ---- inspection (tests, counters, netlink) ---- */
const u64 *dt_sync_counters(const struct dt_sync *s);
u32 dt_sync_npubs(const struct dt_sync *s);	/* entries in any state */
u32 dt_sync_nactive(const struct dt_sync *s);	/* entries in the IBLT */
bool dt_sync_has(const struct dt_sync *s, u32 hash, bool *active);
/* The IBLT this engine would advertise (6.4). */
void dt_sync_adv_iblt(const struct dt_sync *s, struct dt_iblt *out);
u64 dt_sync_deadline(const struct dt_sync *s);
u64 dt_sync_dist_delay(const struct dt_sync *s);
u32 dt_sync_max_pub_size(const struct dt_sync *s);

#endif /* _DEFTT_CORE_SYNCPS_H */
