/* SPDX-License-Identifier: GPL-2.0 */
/* The keymaker election of distributors.md 4.6 as a pure state machine. */
#ifndef _DEFTD_KMELECT_H
#define _DEFTD_KMELECT_H

#include "wire.h"

/*
 * One round, priority first, then the greatest signing-cert thumbprint
 * (DCT's km_election.hpp; the draft says smallest, open question 3).
 * The caller feeds the candidacies and results that arrive, starts the
 * round, and calls kme_timer() at deadline_us. Each call returns what to
 * do, as KME_* bits: publish a candidacy or a result carrying epoch, and
 * once KME_DONE, won and epoch are the outcome (reported exactly once).
 */
#define KME_CAND	0x1	/* publish P/km/cand/<epoch> */
#define KME_ELEC	0x2	/* publish P/km/elec/<epoch> */
#define KME_DONE	0x4	/* finished: see won, epoch */

struct kme {
	u8 tp[DT_THUMBPRINT_LEN];	/* our signing cert */
	u64 epoch;
	int priority;			/* negated once we know we lost */
	u64 deadline_us;		/* 0: no timer running */
	bool done;
	bool won;
};

/* Before anything arrives: our priority (> 0) and signing thumbprint. */
void kme_init(struct kme *e, int priority, const u8 tp[DT_THUMBPRINT_LEN]);
/*
 * 4.6 step 4: a candidacy signed by tp, whose chain gives priority prio.
 */
unsigned int kme_cand(struct kme *e, const u8 tp[DT_THUMBPRINT_LEN],
		      int prio, u64 epoch);
/*
 * 4.6 step 5: an election result; exact tells whether the name had
 * exactly P + 4 components; own whether its signer is of our identity
 * (an earlier signing key: we are a keymaker restarted).
 */
unsigned int kme_elec(struct kme *e, int prio, bool own, u64 epoch,
		      bool exact);
/*
 * 4.6 steps 2-3, once what the collection held was fed: lose at once,
 * or candidacy now and the timer at now + dur.
 */
unsigned int kme_begin(struct kme *e, u64 now_us, u64 dur_us);
/* The timer: finishes the round when deadline_us is reached. */
unsigned int kme_timer(struct kme *e, u64 now_us);

#endif
