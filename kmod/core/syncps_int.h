/* SPDX-License-Identifier: GPL-2.0 */
/* Inside the syncps engine: its state, tables and the helpers its files share. */
#ifndef _DEFTT_CORE_SYNCPS_INT_H
#define _DEFTT_CORE_SYNCPS_INT_H

#include "syncps.h"

#define DT_SYNC_NEVER		((u64)-1)
#define DT_SYNC_MS		1000ULL
#define DT_SYNC_BLIND_MAX	6		/* sync.md 6.7 step 7 */
#define DT_SYNC_BLIND_AGE	(2000 * DT_SYNC_MS)
#define DT_SYNC_IGNORE_US	(1000 * DT_SYNC_MS)	/* sync.md 6.13 */

/* Entry status bits (sync.md 6.1). */
#define PE_USED		0x01	/* slot occupied */
#define PE_ACTIVE	0x02
#define PE_LOCAL	0x04
#define PE_NOSIGNER	0x08

/*
 * A Publication of the collection. It is in the IBLT iff ACTIVE or
 * NOSIGNER. t_off/t_del/t_ns are its pending deadlines (DT_SYNC_NEVER
 * when none): end of life, end of grace, end of the noSigner hold. A heap
 * event is live only while it still equals the entry's deadline.
 */
struct sp_pub {
	u8 *buf;
	u32 len;
	u32 hash;
	u64 created;
	u64 life;		/* its lifetime (ops->lifetime or the default) */
	u64 hold;		/* not sent before this instant */
	u64 t_off;
	u64 t_del;
	u64 t_ns;
	u8 flags;
};

/* Small tables keyed by a u32: ignore set, confirmations, others. */
struct sp_ignore {
	u32 hash;
	u64 until;
};

struct sp_cb {
	u32 hash;
	u64 until;
	void *cookie;
};

struct sp_pend {
	u32 csid;
	u32 n;
	u64 at;
	u32 *hash;		/* DT_IBLT_CELLS entries */
};

struct sp_sub {
	u8 *tlv;
	struct dt_name name;
	void *sub;
};

/* Timer events; each names its object by key (hash or csID). */
enum sp_ev_kind {
	EV_OFF,		/* pub end of life */
	EV_DEL,		/* pub end of grace */
	EV_NOSIGNER,	/* noSigner hold over */
	EV_IGNORE,	/* ignore entry over */
	EV_CB,		/* confirmation timeout */
	EV_OTHERS,	/* sendOthers(csID) */
};

struct sp_ev {
	u64 at;
	u32 key;
	u8 kind;
};

struct dt_sync {
	struct dt_sync_cfg cfg;
	const struct dt_sync_ops *ops;
	void *ctx;

	u8 *coll_tlv;
	struct dt_name coll;
	u64 d;			/* distDelay */
	u32 max_pub;		/* maxPubSize */
	u32 sig_space;

	/* pubs: open addressing, linear probing, power-of-two size */
	struct sp_pub *tab;
	u32 tab_mask;
	u32 npubs;
	u32 nactive;
	u32 nnosigner;
	u32 salt;
	struct dt_iblt iblt;		/* active + noSigner */

	struct sp_ignore *ign;
	u32 nign;
	struct dt_iblt ign_iblt;

	struct sp_cb *cbs;
	u32 ncbs;
	struct dt_iblt cb_iblt;

	struct sp_pend *pend;
	u32 npend;

	struct sp_sub *subs;
	u32 nsubs;

	struct sp_ev *heap;
	u32 nheap;
	u32 heap_cap;

	u64 sched_cstate;	/* the scheduled-cState timer */
	u64 last_need;
	u64 armed;		/* last deadline given to ops->arm */
	u32 local_pubs;		/* publications_ */
	bool registering;
	bool delivering;
	bool batching;
	bool net_cstate;

	/* scratch, too big for a kernel stack */
	struct dt_iblt tmp;
	struct dt_iblt tmp2;
	u32 have[DT_IBLT_CELLS];
	u32 need[DT_IBLT_CELLS];
	u32 list[DT_IBLT_CELLS];
	u64 order[DT_IBLT_CELLS];	/* creation times while sorting list */
	u8 name_buf[4096];	/* cState names are < 2 KB */
	u8 enc_buf[DT_IBLT_ENC_MAX];
	u8 tx[DT_MAX_DGRAM + 16];
	u8 cadd_name[512];
	struct dt_iov iov[DT_CADD_MAX_PUBS];

	u64 cnt[DT_SC_MAX];
};

static inline void sp_count(struct dt_sync *s, enum dt_sync_counter c)
{
	s->cnt[c]++;
}

u32 sp_random(struct dt_sync *s);
/* r: uniform 0..rand_ms milliseconds, in µs */
u64 sp_jitter(struct dt_sync *s);

/* ---- syncps_store.c: tables and timers ---- */
int sp_store_init(struct dt_sync *s);
void sp_store_free(struct dt_sync *s);
struct sp_pub *sp_find(struct dt_sync *s, u32 hash);
struct sp_pub *sp_insert(struct dt_sync *s, const u8 *pub, u32 len,
			 u32 hash, u8 flags, u64 created, u64 life);
void sp_erase(struct dt_sync *s, u32 hash);
void sp_set_flags(struct dt_sync *s, struct sp_pub *e, u8 flags);
int sp_activate(struct dt_sync *s, u32 hash, u64 now);

bool sp_ignored(struct dt_sync *s, u32 hash);
void sp_ignore(struct dt_sync *s, u32 hash, u64 now);
void sp_unignore(struct dt_sync *s, u32 hash);

struct sp_cb *sp_cb_find(struct dt_sync *s, u32 hash);
void sp_cb_remove(struct dt_sync *s, u32 hash);

struct sp_pend *sp_pend_find(struct dt_sync *s, u32 csid);
void sp_pend_remove(struct dt_sync *s, u32 csid);

bool sp_ev_push(struct dt_sync *s, u64 at, u32 key, u8 kind);
bool sp_ev_peek(struct dt_sync *s, struct sp_ev *ev);
void sp_ev_pop(struct dt_sync *s);
void sp_rearm(struct dt_sync *s);

/* ---- syncps_deliver.c: to the longest matching subscription (6.16) ---- */
void sp_deliver(struct dt_sync *s, const u8 *pub, u32 len,
		const struct dt_name *n);

/* ---- syncps_tx.c: building what goes out ---- */
void sp_send_cstate(struct dt_sync *s, u64 now);
void sp_send_cstate_soon(struct dt_sync *s, u64 delay, u64 now);
void sp_cur_name(struct dt_sync *s, u8 *buf, size_t cap, size_t *size);
void sp_unsuppress_cur(struct dt_sync *s);
int sp_ship(struct dt_sync *s, const u8 *cs_name, size_t cs_size,
	    const u32 *hash, u32 n, u64 now);
/* Sorts up to DT_IBLT_CELLS hashes oldest first (6.7 step 10). */
void sp_sort_oldest(struct dt_sync *s, u32 *hash, u32 n);

#endif /* _DEFTT_CORE_SYNCPS_INT_H */
