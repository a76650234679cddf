/* SPDX-License-Identifier: GPL-2.0 */
/* A face's cState tables: PST (pending cStates) and DST (duplicates). */
#ifndef _DEFTT_CORE_PST_H
#define _DEFTT_CORE_PST_H

#include "wire.h"

/*
 * faces.md 3.2-4.6 as a pure table: no timers of its own. Each entry has
 * a deadline; the caller arms one timer for dt_pst_deadline() and calls
 * dt_pst_expire() when it fires. Jitter values are drawn by the caller
 * (10..60 ms, faces.md 4.2) so that simulations stay reproducible.
 * One table per face, shared by its collections; the caller serialises.
 */

#define DT_PST_DST_SLOTS	256	/* faces.md 3.3 */
#define DT_PST_USE_LIMIT	10	/* bestCState reuse limit, 4.6 */
#define DT_PST_JITTER_MIN_MS	10
#define DT_PST_JITTER_MAX_MS	60

struct dt_pst_entry {
	u8 *name;		/* Name TLV of the stored cState */
	u16 name_size;
	u16 coll_len;		/* Name value bytes before the IBLT */
	u32 csid;
	u32 lifetime_ms;	/* of the stored (first) cState */
	u64 deadline;
	void *owner;		/* set iff our current local cState */
	u32 heard;
	u8 used;
	bool from_net;
};

enum dt_pst_counter {
	DT_PC_DUP,		/* drop: byte-identical cState (DST) */
	DT_PC_FULL,		/* drop: no room for a new entry */
	DT_PC_SUPPRESSED,	/* express() not transmitted */
	DT_PC_MAX
};

struct dt_pst {
	struct dt_pst_entry *e;
	u32 n;
	u32 cap;
	u32 dst_pos;
	u32 seed[2];
	u64 next;		/* a lower bound of the earliest deadline */
	u64 dst[DT_PST_DST_SLOTS];
	u64 cnt[DT_PC_MAX];
};

/* seeds key the DST hash (any random values). 0 or -ENOMEM. */
int dt_pst_init(struct dt_pst *p, u32 cap, u32 seed0, u32 seed1);
void dt_pst_free(struct dt_pst *p);

/*
 * Inbound cState after the RST matched (faces.md 3.4 steps 2-6): returns
 * 0 to pass it up to the collection, -EEXIST for a DST duplicate, -ENOSPC
 * if the table is full (the cState is then still passed up: 0 is
 * returned, only the entry is missing; counted).
 */
int dt_pst_on_cstate(struct dt_pst *p, const struct dt_cstate *cs, u64 now,
		     u32 jitter_ms);

/*
 * express() (faces.md 4.4) of a local cState PDU for owner: true when the
 * caller must transmit it, false when it is suppressed. jitter_ms is used
 * only if the entry was heard from the network (4.2).
 */
bool dt_pst_express(struct dt_pst *p, const u8 *pdu, size_t len,
		    void *owner, u64 now, u32 jitter_ms);
void dt_pst_unsuppress(struct dt_pst *p, const u8 *name, size_t size);

/* bestCState (4.6) for a collection Name TLV: entry or NULL. */
struct dt_pst_entry *dt_pst_best(struct dt_pst *p, const u8 *coll,
				 size_t size);
void dt_pst_used(struct dt_pst *p, const u8 *name, size_t size);
struct dt_pst_entry *dt_pst_find(struct dt_pst *p, u32 csid);

/*
 * When to call dt_pst_expire() next: never later than the earliest entry
 * deadline, possibly earlier (re-armed entries only move later; the bound
 * is tightened by dt_pst_expire() when it finds nothing due). O(1).
 */
u64 dt_pst_deadline(const struct dt_pst *p);
/*
 * Deletes one entry whose deadline is <= now (4.3). Returns true if one
 * was deleted; *owner gets its owner (NULL for network entries): the
 * caller then calls that collection's dt_sync_cstate_expired(). Call it
 * until it returns false.
 */
bool dt_pst_expire(struct dt_pst *p, u64 now, void **owner);

#endif /* _DEFTT_CORE_PST_H */
