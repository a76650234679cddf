/* SPDX-License-Identifier: GPL-2.0 */
/* Certs that wait for their signer: a bounded table, oldest evicted first. */
#ifndef _DEFTD_PENDING_H
#define _DEFTD_PENDING_H

#include "wire.h"

/*
 * DCT keeps such certs without bound (distributors.md 3.3 step 5, open
 * question 11); a peer could fill our memory with certs whose signer
 * never comes, so at most this many wait and the oldest makes room.
 */
#define DEFTD_PENDING_MAX	256

struct deftd_pending_ent {
	u8 *buf;			/* the whole cert, owned */
	u32 len;
	u8 tp[DT_THUMBPRINT_LEN];	/* its own thumbprint */
	u8 signer[DT_THUMBPRINT_LEN];	/* the missing signer's */
};

/* Entries in arrival order: e[0] is the oldest. */
struct deftd_pending {
	struct deftd_pending_ent e[DEFTD_PENDING_MAX];
	unsigned int n;
	u64 held;			/* certs ever put in */
	u64 evicted;			/* pushed out by newer ones */
};

/*
 * Holds a copy of a cert until signer arrives. 0 when held, 1 when the
 * same cert already waits, -ENOMEM. When full the oldest entry goes.
 */
int deftd_pending_add(struct deftd_pending *pt, const u8 *buf, u32 len,
		      const u8 tp[DT_THUMBPRINT_LEN],
		      const u8 signer[DT_THUMBPRINT_LEN]);

/*
 * Moves every entry waiting for signer (oldest first, at most max) to
 * out; the caller owns and frees their buffers. Returns how many.
 */
unsigned int deftd_pending_take(struct deftd_pending *pt,
				const u8 signer[DT_THUMBPRINT_LEN],
				struct deftd_pending_ent *out,
				unsigned int max);

void deftd_pending_clear(struct deftd_pending *pt);

#endif
