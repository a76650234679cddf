// SPDX-License-Identifier: GPL-2.0
/* PST and DST of a face: suppression, bestCState, duplicate cStates. */
#include "pst.h"
#include "murmur3.h"

#define MS	1000ULL

int dt_pst_init(struct dt_pst *p, u32 cap, u32 seed0, u32 seed1)
{
	memset(p, 0, sizeof(*p));
	p->e = dt_alloc(cap * sizeof(*p->e));
	if (!p->e)
		return -ENOMEM;
	p->cap = cap;
	p->next = (u64)-1;
	p->seed[0] = seed0;
	p->seed[1] = seed1;
	return 0;
}

void dt_pst_free(struct dt_pst *p)
{
	u32 i;

	for (i = 0; i < p->n; i++)
		dt_free(p->e[i].name);
	dt_free(p->e);
	p->e = NULL;
	p->n = 0;
}

/* DST (3.3): a keyed 64-bit hash of the whole PDU, FIFO replacement. */
static u64 dst_hash(const struct dt_pst *p, const u8 *pdu, size_t len)
{
	return (u64)dt_murmur3_32(p->seed[0], pdu, len) << 32 |
	       dt_murmur3_32(p->seed[1], pdu, len);
}

static bool dst_has(const struct dt_pst *p, u64 h)
{
	u32 i;

	for (i = 0; i < DT_PST_DST_SLOTS; i++)
		if (p->dst[i] == h)
			return true;
	return false;
}

static void dst_add(struct dt_pst *p, u64 h)
{
	p->dst[p->dst_pos++ % DT_PST_DST_SLOTS] = h;
}

static void set_deadline(struct dt_pst *p, struct dt_pst_entry *e, u64 at)
{
	e->deadline = at;
	if (at < p->next)
		p->next = at;
}

struct dt_pst_entry *dt_pst_find(struct dt_pst *p, u32 csid)
{
	u32 i;

	for (i = 0; i < p->n; i++)
		if (p->e[i].csid == csid)
			return &p->e[i];
	return NULL;
}

static struct dt_pst_entry *find_name(struct dt_pst *p, const u8 *name,
				      size_t size)
{
	struct dt_pst_entry *e = dt_pst_find(p, dt_csid(name, size));

	/* a csID collision with another Name is a distinct entry (3.2) */
	if (e && (e->name_size != size || memcmp(e->name, name, size)))
		return NULL;
	return e;
}

static struct dt_pst_entry *add(struct dt_pst *p, const struct dt_name *n,
				u32 lifetime_ms)
{
	struct dt_pst_entry *e;

	if (p->n >= p->cap) {
		p->cnt[DT_PC_FULL]++;
		return NULL;
	}
	e = &p->e[p->n];
	memset(e, 0, sizeof(*e));
	e->name = dt_alloc(n->size);
	if (!e->name)
		return NULL;
	memcpy(e->name, n->tlv, n->size);
	e->name_size = n->size;
	e->coll_len = n->off[n->ncomp - 1];
	e->csid = dt_csid(n->tlv, n->size);
	e->lifetime_ms = lifetime_ms;
	p->n++;
	return e;
}

int dt_pst_on_cstate(struct dt_pst *p, const struct dt_cstate *cs, u64 now,
		     u32 jitter_ms)
{
	u64 h = dst_hash(p, cs->buf, cs->size);
	struct dt_pst_entry *e;

	if (dst_has(p, h)) {
		p->cnt[DT_PC_DUP]++;
		return -EEXIST;
	}
	dst_add(p, h);
	e = find_name(p, cs->name.tlv, cs->name.size);
	if (e) {
		e->from_net = true;
		e->heard++;
	} else {
		e = add(p, &cs->name, cs->lifetime_ms);
		if (!e)
			return 0;
		e->from_net = true;
	}
	set_deadline(p, e, now + (u64)(e->lifetime_ms + jitter_ms) * MS);
	return 0;
}

bool dt_pst_express(struct dt_pst *p, const u8 *pdu, size_t len,
		    void *owner, u64 now, u32 jitter_ms)
{
	struct dt_cstate cs;
	struct dt_pst_entry *e;
	bool suppress;
	u32 i;

	if (dt_cstate_parse(pdu, len, &cs))
		return false;
	e = find_name(p, cs.name.tlv, cs.name.size);
	/*
	 * Open question 5: DCT's counting, not the draft's "heard twice": an
	 * entry created by a received copy starts at 0, so three copies are
	 * needed then, two if our own transmission created it.
	 */
	suppress = e && e->heard >= 2;
	if (!e || !e->owner) {
		/* the previous local cState of this collection stops re-expressing */
		for (i = 0; i < p->n; i++)
			if (p->e[i].owner == owner)
				p->e[i].owner = NULL;
	}
	if (!e) {
		e = add(p, &cs.name, cs.lifetime_ms);
		if (!e)
			return true;
	}
	e->owner = owner;
	/* a timer-driven re-expression finds no entry: never suppressed */
	set_deadline(p, e, now + (u64)(e->lifetime_ms +
					(e->from_net ? jitter_ms : 0)) * MS);
	if (suppress) {
		p->cnt[DT_PC_SUPPRESSED]++;
		return false;
	}
	dst_add(p, dst_hash(p, pdu, len));
	return true;
}

void dt_pst_unsuppress(struct dt_pst *p, const u8 *name, size_t size)
{
	struct dt_pst_entry *e = find_name(p, name, size);

	if (e)
		e->heard = 0;
}

struct dt_pst_entry *dt_pst_best(struct dt_pst *p, const u8 *coll,
				 size_t size)
{
	struct dt_pst_entry *best = NULL;
	struct dt_tlv t;
	u32 i;

	if (dt_tlv_get(coll, size, &t))
		return NULL;
	for (i = 0; i < p->n; i++) {
		struct dt_pst_entry *e = &p->e[i];
		struct dt_tlv en;

		if (!e->from_net || e->used >= DT_PST_USE_LIMIT ||
		    e->coll_len != t.len ||
		    dt_tlv_get(e->name, e->name_size, &en) ||
		    memcmp(en.val, t.val, t.len))
			continue;
		if (!best || e->deadline > best->deadline)
			best = e;
	}
	return best;
}

void dt_pst_used(struct dt_pst *p, const u8 *name, size_t size)
{
	struct dt_pst_entry *e = find_name(p, name, size);

	if (e && e->used < 255)
		e->used++;
}

u64 dt_pst_deadline(const struct dt_pst *p)
{
	return p->next;
}

bool dt_pst_expire(struct dt_pst *p, u64 now, void **owner)
{
	u64 next = (u64)-1;
	u32 i;

	if (p->next > now)
		return false;
	for (i = 0; i < p->n; i++) {
		if (p->e[i].deadline > now) {
			if (p->e[i].deadline < next)
				next = p->e[i].deadline;
			continue;
		}
		*owner = p->e[i].owner;
		dt_free(p->e[i].name);
		p->e[i] = p->e[--p->n];
		return true;
	}
	p->next = next;
	return false;
}
