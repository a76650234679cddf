// SPDX-License-Identifier: GPL-2.0
/* The keymaker election (distributors.md 4.6, 4.10) as DCT runs it. */
#include <string.h>

#include "kselftest_harness.h"
#include "kmelect.h"

#define MS	1000ULL
#define DUR	(500 * MS)	/* 10 distDelay */
#define T0	1795374681000000ULL

static void tp_of(u8 tp[DT_THUMBPRINT_LEN], u8 first)
{
	memset(tp, 0x55, DT_THUMBPRINT_LEN);
	tp[0] = first;
}

/* Our thumbprint and another's (first bytes mine, theirs); e is ours. */
static void me_and_them(struct kme *e, int prio, u8 *me, u8 mine, u8 *them,
			u8 theirs)
{
	tp_of(me, mine);
	tp_of(them, theirs);
	kme_init(e, prio, me);
}

/* Alone: candidacy at epoch 0, the timer, the result at epoch 1. */
TEST(win_alone)
{
	u8 me[DT_THUMBPRINT_LEN];
	struct kme e;

	tp_of(me, 0x80);
	kme_init(&e, 1, me);
	EXPECT_EQ(KME_CAND, kme_begin(&e, T0, DUR));
	EXPECT_EQ(0, e.epoch);
	EXPECT_EQ(T0 + DUR, e.deadline_us);
	EXPECT_EQ(0, kme_timer(&e, T0 + DUR - 1));
	EXPECT_EQ(KME_ELEC | KME_DONE, kme_timer(&e, T0 + DUR));
	EXPECT_TRUE(e.won);
	EXPECT_EQ(1, e.epoch);
	/* reported once */
	EXPECT_EQ(0, kme_timer(&e, T0 + 2 * DUR));
	EXPECT_EQ(0, kme_begin(&e, T0, DUR));
}

TEST(lose_to_higher_priority)
{
	u8 me[DT_THUMBPRINT_LEN], them[DT_THUMBPRINT_LEN];
	struct kme e;

	me_and_them(&e, 1, me, 0xf0, them, 0x01);
	EXPECT_EQ(KME_CAND, kme_begin(&e, T0, DUR));
	/* a smaller thumbprint, but priority 2 */
	EXPECT_EQ(0, kme_cand(&e, them, 2, 0));
	EXPECT_GT(0, e.priority);
	EXPECT_EQ(KME_DONE, kme_timer(&e, T0 + DUR));
	EXPECT_FALSE(e.won);
	EXPECT_EQ(0, e.epoch);
}

TEST(beat_lower_priority)
{
	u8 me[DT_THUMBPRINT_LEN], them[DT_THUMBPRINT_LEN];
	struct kme e;

	me_and_them(&e, 3, me, 0x01, them, 0xf0);
	EXPECT_EQ(KME_CAND, kme_begin(&e, T0, DUR));
	EXPECT_EQ(0, kme_cand(&e, them, 2, 0));
	/* no priority: not a candidate at all */
	EXPECT_EQ(0, kme_cand(&e, them, 0, 0));
	EXPECT_EQ(KME_ELEC | KME_DONE, kme_timer(&e, T0 + DUR));
	EXPECT_TRUE(e.won);
}

/* Equal priorities: the greatest thumbprint wins (DCT, open question 3). */
TEST(tie_greatest_thumbprint)
{
	u8 a[DT_THUMBPRINT_LEN], b[DT_THUMBPRINT_LEN];
	struct kme ea, eb;

	tp_of(a, 0x10);
	tp_of(b, 0x10);
	b[31] = 0x56;		/* b > a in the last byte only */
	kme_init(&ea, 1, a);
	kme_init(&eb, 1, b);
	EXPECT_EQ(KME_CAND, kme_begin(&ea, T0, DUR));
	EXPECT_EQ(KME_CAND, kme_begin(&eb, T0, DUR));
	kme_cand(&ea, b, 1, 0);
	kme_cand(&eb, a, 1, 0);
	EXPECT_EQ(KME_DONE, kme_timer(&ea, T0 + DUR));
	EXPECT_EQ(KME_ELEC | KME_DONE, kme_timer(&eb, T0 + DUR));
	EXPECT_FALSE(ea.won);
	EXPECT_TRUE(eb.won);
	EXPECT_EQ(1, eb.epoch);
}

/* Lost already (held candidacies): no candidacy, done at once. */
TEST(lost_before_begin)
{
	u8 me[DT_THUMBPRINT_LEN], them[DT_THUMBPRINT_LEN];
	struct kme e;

	me_and_them(&e, 1, me, 0x10, them, 0x20);
	EXPECT_EQ(0, kme_cand(&e, them, 1, 0));
	EXPECT_EQ(KME_DONE, kme_begin(&e, T0, DUR));
	EXPECT_FALSE(e.won);
	EXPECT_EQ(0, e.deadline_us);
}

/* A later epoch's candidacy or result ends our hopes; we adopt it. */
TEST(later_epoch_loses)
{
	u8 me[DT_THUMBPRINT_LEN], them[DT_THUMBPRINT_LEN];
	struct kme e, f;

	me_and_them(&e, 9, me, 0xf0, them, 0x01);
	kme_begin(&e, T0, DUR);
	EXPECT_EQ(0, kme_cand(&e, them, 1, 4));
	EXPECT_EQ(4, e.epoch);
	EXPECT_EQ(KME_DONE, kme_timer(&e, T0 + DUR));
	EXPECT_FALSE(e.won);

	kme_init(&f, 9, me);
	kme_begin(&f, T0, DUR);
	/* a result from a signer without priority or of a bad shape: no */
	EXPECT_EQ(0, kme_elec(&f, 0, false, 1, true));
	EXPECT_EQ(0, kme_elec(&f, 1, false, 1, false));
	EXPECT_LT(0, f.priority);
	EXPECT_EQ(0, kme_elec(&f, 1, false, 2, true));
	EXPECT_EQ(2, f.epoch);
	/* a result no newer than ours is old news */
	EXPECT_EQ(0, kme_elec(&f, 1, true, 2, true));
	EXPECT_EQ(KME_DONE, kme_timer(&f, T0 + DUR));
	EXPECT_FALSE(f.won);
	EXPECT_EQ(2, f.epoch);
}

/*
 * 4.10: a keymaker restarted sees its earlier result (epoch 3) and wins
 * at once with epoch 4, even after a candidacy had beaten it.
 */
TEST(restarted_keymaker_epoch_plus_one)
{
	u8 me[DT_THUMBPRINT_LEN], them[DT_THUMBPRINT_LEN];
	struct kme e;

	me_and_them(&e, 1, me, 0x10, them, 0x20);
	EXPECT_EQ(0, kme_cand(&e, them, 1, 0));
	EXPECT_EQ(KME_ELEC | KME_DONE, kme_elec(&e, 1, true, 3, true));
	EXPECT_TRUE(e.won);
	EXPECT_EQ(4, e.epoch);
	/* begin after that has nothing to do */
	EXPECT_EQ(0, kme_begin(&e, T0, DUR));
}

/* Past epoch 0 an own result does not make us keymaker again. */
TEST(own_result_after_epoch_zero)
{
	u8 me[DT_THUMBPRINT_LEN], them[DT_THUMBPRINT_LEN];
	struct kme e;

	me_and_them(&e, 1, me, 0x10, them, 0x20);
	kme_begin(&e, T0, DUR);
	kme_cand(&e, them, 1, 2);
	EXPECT_EQ(0, kme_elec(&e, 1, true, 5, true));
	EXPECT_EQ(5, e.epoch);
	EXPECT_EQ(KME_DONE, kme_timer(&e, T0 + DUR));
	EXPECT_FALSE(e.won);
}

TEST_HARNESS_MAIN
