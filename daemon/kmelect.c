// SPDX-License-Identifier: GPL-2.0
/* The keymaker election of distributors.md 4.6 as a pure state machine. */
#include <string.h>

#include "kmelect.h"

void kme_init(struct kme *e, int priority, const u8 tp[DT_THUMBPRINT_LEN])
{
	memset(e, 0, sizeof(*e));
	e->priority = priority;
	memcpy(e->tp, tp, DT_THUMBPRINT_LEN);
}

static void lose(struct kme *e)
{
	if (e->priority > 0)
		e->priority = -e->priority;
}

/* Step 6: a winner moves to the next epoch and says so. */
static unsigned int finish(struct kme *e)
{
	if (e->done)
		return 0;
	e->done = true;
	e->deadline_us = 0;
	e->won = e->priority > 0;
	if (!e->won)
		return KME_DONE;
	e->epoch++;
	return KME_ELEC | KME_DONE;
}

unsigned int kme_cand(struct kme *e, const u8 tp[DT_THUMBPRINT_LEN],
		      int prio, u64 epoch)
{
	if (e->done || e->priority <= 0 || prio <= 0)
		return 0;
	if (epoch != e->epoch) {
		/* a later epoch: that election is over, we lost it */
		if (epoch > e->epoch) {
			lose(e);
			e->epoch = epoch;
		}
		return 0;
	}
	if (e->priority > prio)
		return 0;
	if (prio > e->priority ||
	    memcmp(tp, e->tp, DT_THUMBPRINT_LEN) > 0)
		lose(e);
	return 0;
}

unsigned int kme_elec(struct kme *e, int prio, bool own, u64 epoch,
		      bool exact)
{
	if (e->done || !exact || epoch <= e->epoch || prio <= 0)
		return 0;
	if (e->epoch == 0 && own) {
		/* we made keys before a restart: we make them again */
		e->epoch = epoch;
		if (e->priority < 0)
			e->priority = -e->priority;
		return finish(e);
	}
	lose(e);
	e->epoch = epoch;
	return 0;
}

unsigned int kme_begin(struct kme *e, u64 now_us, u64 dur_us)
{
	if (e->done)
		return 0;
	if (e->priority <= 0)
		return finish(e);
	e->deadline_us = now_us + dur_us;
	return KME_CAND;
}

unsigned int kme_timer(struct kme *e, u64 now_us)
{
	if (e->done || !e->deadline_us || now_us < e->deadline_us)
		return 0;
	return finish(e);
}
