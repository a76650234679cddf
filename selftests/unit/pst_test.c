// SPDX-License-Identifier: GPL-2.0
/* Face PST/DST: suppression counting, bestCState, expiry (faces.md 3-4). */
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "simnet.h"
#include "murmur3.h"

#define MS	1000ULL
#define T0	SIM_EPOCH_US

FIXTURE(pst) {
	struct dt_pst p;
	u8 coll[64];
	size_t csize;
	u8 a[2][512];		/* state A with two nonces */
	int alen[2];
	u8 b[512];		/* state B */
	int blen;
	struct dt_cstate ca[2], cb;
	int owner;
};

FIXTURE_SETUP(pst)
{
	struct dt_iblt ib;
	int i;

	ASSERT_EQ(0, dt_pst_init(&self->p, 64, 1, 2));
	self->csize = sim_coll(self->coll, sizeof(self->coll));
	dt_iblt_init(&ib);
	dt_iblt_insert(&ib, 0x12345678);
	for (i = 0; i < 2; i++) {
		self->alen[i] = sim_make_cstate(self->a[i], sizeof(self->a[i]),
						self->coll, self->csize, &ib,
						100 + i, 1357);
		ASSERT_EQ(0, dt_cstate_parse(self->a[i], self->alen[i],
					     &self->ca[i]));
	}
	dt_iblt_insert(&ib, 0xcafef00d);
	self->blen = sim_make_cstate(self->b, sizeof(self->b), self->coll,
				     self->csize, &ib, 7, 1357);
	ASSERT_EQ(0, dt_cstate_parse(self->b, self->blen, &self->cb));
}

FIXTURE_TEARDOWN(pst)
{
	dt_pst_free(&self->p);
}

TEST_F(pst, dst_drops_only_byte_identical_copies)
{
	ASSERT_EQ(0, dt_pst_on_cstate(&self->p, &self->ca[0], T0, 10));
	ASSERT_EQ(-EEXIST, dt_pst_on_cstate(&self->p, &self->ca[0], T0, 10));
	/* same Name, other nonce: a different member, counted */
	ASSERT_EQ(0, dt_pst_on_cstate(&self->p, &self->ca[1], T0, 10));
	ASSERT_EQ(1, dt_pst_find(&self->p, dt_csid(self->ca[0].name.tlv,
						   self->ca[0].name.size))->heard);
	ASSERT_EQ(1, self->p.cnt[DT_PC_DUP]);
}

TEST_F(pst, own_entry_is_suppressed_after_two_copies_heard)
{
	u8 c3[512];
	struct dt_cstate cs3;
	struct dt_iblt ib;
	int n;

	ASSERT_TRUE(dt_pst_express(&self->p, self->a[0], self->alen[0],
				   &self->owner, T0, 10));
	/* our own transmission is in the DST: its echo is a duplicate */
	ASSERT_EQ(-EEXIST, dt_pst_on_cstate(&self->p, &self->ca[0], T0, 10));
	ASSERT_EQ(0, dt_pst_on_cstate(&self->p, &self->ca[1], T0, 10));
	ASSERT_TRUE(dt_pst_express(&self->p, self->a[0], self->alen[0],
				   &self->owner, T0, 10));
	dt_iblt_init(&ib);
	dt_iblt_insert(&ib, 0x12345678);
	n = sim_make_cstate(c3, sizeof(c3), self->coll, self->csize, &ib, 300,
			    1357);
	ASSERT_EQ(0, dt_cstate_parse(c3, n, &cs3));
	ASSERT_EQ(0, dt_pst_on_cstate(&self->p, &cs3, T0, 10));
	/* heard 2 since our entry existed: suppressed */
	ASSERT_FALSE(dt_pst_express(&self->p, self->a[0], self->alen[0],
				    &self->owner, T0, 10));
	ASSERT_EQ(1, self->p.cnt[DT_PC_SUPPRESSED]);
	dt_pst_unsuppress(&self->p, self->ca[0].name.tlv,
			  self->ca[0].name.size);
	ASSERT_TRUE(dt_pst_express(&self->p, self->a[0], self->alen[0],
				   &self->owner, T0, 10));
}

TEST_F(pst, network_created_entry_needs_a_third_copy)
{
	/* sync.md open question 5: the creating copy does not count */
	ASSERT_EQ(0, dt_pst_on_cstate(&self->p, &self->ca[0], T0, 10));
	ASSERT_EQ(0, dt_pst_on_cstate(&self->p, &self->ca[1], T0, 10));
	ASSERT_TRUE(dt_pst_express(&self->p, self->a[0], self->alen[0],
				   &self->owner, T0, 10));
}

TEST_F(pst, best_cstate_is_the_latest_refreshed_network_one)
{
	struct dt_pst_entry *e;
	int i;

	ASSERT_TRUE(dt_pst_express(&self->p, self->b, self->blen,
				   &self->owner, T0, 10));
	/* only our own entry: nothing to answer */
	ASSERT_EQ(NULL, dt_pst_best(&self->p, self->coll, self->csize));
	dt_pst_on_cstate(&self->p, &self->ca[0], T0, 10);
	/* a peer's copy of B (another nonce) refreshes it latest */
	self->b[self->blen - 5] ^= 0xff;
	ASSERT_EQ(0, dt_cstate_parse(self->b, self->blen, &self->cb));
	ASSERT_EQ(0, dt_pst_on_cstate(&self->p, &self->cb, T0 + 5 * MS, 60));
	e = dt_pst_best(&self->p, self->coll, self->csize);
	ASSERT_NE(NULL, e);
	ASSERT_EQ(dt_csid(self->cb.name.tlv, self->cb.name.size), e->csid);
	for (i = 0; i < DT_PST_USE_LIMIT; i++)
		dt_pst_used(&self->p, self->cb.name.tlv, self->cb.name.size);
	e = dt_pst_best(&self->p, self->coll, self->csize);
	ASSERT_NE(NULL, e);
	ASSERT_EQ(dt_csid(self->ca[0].name.tlv, self->ca[0].name.size),
		  e->csid);
	/* another collection's name matches nothing */
	ASSERT_EQ(NULL, dt_pst_best(&self->p, self->cb.name.tlv,
				    self->cb.name.size));
}

TEST_F(pst, expiry_reports_the_local_owner_only)
{
	void *owner = NULL;
	u64 d;
	int local = 0, net = 0;

	ASSERT_TRUE(dt_pst_express(&self->p, self->b, self->blen,
				   &self->owner, T0, 10));
	dt_pst_on_cstate(&self->p, &self->ca[0], T0, 60);
	/* local entry: lifetime, no jitter; network one: + 60 ms */
	d = dt_pst_deadline(&self->p);
	ASSERT_EQ(T0 + 1357 * MS, d);
	ASSERT_FALSE(dt_pst_expire(&self->p, d - 1, &owner));
	while (dt_pst_expire(&self->p, T0 + 1417 * MS, &owner)) {
		if (owner == &self->owner)
			local++;
		else if (!owner)
			net++;
	}
	ASSERT_EQ(1, local);
	ASSERT_EQ(1, net);
	ASSERT_EQ(0, self->p.n);
	ASSERT_EQ((u64)-1, dt_pst_deadline(&self->p));
}

TEST_HARNESS_MAIN
