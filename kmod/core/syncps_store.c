// SPDX-License-Identifier: GPL-2.0
/* syncps tables: Publications with their lifetimes, ignore set, timer heap. */
#include "syncps_int.h"
#include "murmur3.h"

/*
 * The Publication table is open addressing with linear probing over a
 * power-of-two array at most half full. Slots are found from a salted mix
 * of the PubHash so that crafted hashes cannot line up a probe chain.
 * Deletion shifts the chain back, so there are no tombstones.
 */
static u32 slot_of(const struct dt_sync *s, u32 hash)
{
	return dt_mix64((u64)s->salt << 32 | hash) & s->tab_mask;
}

int sp_store_init(struct dt_sync *s)
{
	u32 size = 16;
	u32 tcb = s->cfg.max_ignore + s->cfg.max_cbs + s->cfg.max_pending;

	while (size < 2 * s->cfg.max_pubs)
		size <<= 1;
	s->tab = dt_alloc(size * sizeof(*s->tab));
	s->tab_mask = size - 1;
	s->ign = dt_alloc((s->cfg.max_ignore + 1) * sizeof(*s->ign));
	s->cbs = dt_alloc((s->cfg.max_cbs + 1) * sizeof(*s->cbs));
	s->pend = dt_alloc((s->cfg.max_pending + 1) * sizeof(*s->pend));
	s->subs = dt_alloc((s->cfg.max_subs + 1) * sizeof(*s->subs));
	/* live events: at most 2 per pub + 1 per small-table entry */
	s->heap_cap = 2 * s->cfg.max_pubs + 2 * tcb + 64;
	s->heap = dt_alloc(s->heap_cap * sizeof(*s->heap));
	if (!s->tab || !s->ign || !s->cbs || !s->pend || !s->subs || !s->heap)
		return -ENOMEM;
	return 0;
}

void sp_store_free(struct dt_sync *s)
{
	u32 i;

	if (s->tab)
		for (i = 0; i <= s->tab_mask; i++)
			dt_free(s->tab[i].buf);
	if (s->pend)
		for (i = 0; i < s->npend; i++)
			dt_free(s->pend[i].hash);
	if (s->subs)
		for (i = 0; i < s->nsubs; i++)
			dt_free(s->subs[i].tlv);
	dt_free(s->tab);
	dt_free(s->ign);
	dt_free(s->cbs);
	dt_free(s->pend);
	dt_free(s->subs);
	dt_free(s->heap);
}

struct sp_pub *sp_find(struct dt_sync *s, u32 hash)
{
	u32 i = slot_of(s, hash);

	while (s->tab[i].flags & PE_USED) {
		if (s->tab[i].hash == hash)
			return &s->tab[i];
		i = (i + 1) & s->tab_mask;
	}
	return NULL;
}

static bool in_iblt(u8 flags)
{
	return flags & (PE_ACTIVE | PE_NOSIGNER);
}

/*
 * Changes an entry's status, keeping the IBLT and the counts in step:
 * the IBLT holds exactly the active and noSigner entries (6.1).
 */
void sp_set_flags(struct dt_sync *s, struct sp_pub *e, u8 flags)
{
	bool was = in_iblt(e->flags), is = in_iblt(flags);

	if (was && !is)
		dt_iblt_erase(&s->iblt, e->hash);
	else if (!was && is)
		dt_iblt_insert(&s->iblt, e->hash);
	s->nactive += !!(flags & PE_ACTIVE) - !!(e->flags & PE_ACTIVE);
	s->nnosigner += !!(flags & PE_NOSIGNER) - !!(e->flags & PE_NOSIGNER);
	e->flags = flags;
}

struct sp_pub *sp_insert(struct dt_sync *s, const u8 *pub, u32 len,
			 u32 hash, u8 flags, u64 created, u64 life)
{
	struct sp_pub *e;
	u32 i;

	if (s->npubs >= s->cfg.max_pubs) {
		sp_count(s, DT_SC_PUB_TABLE_FULL);
		return NULL;
	}
	i = slot_of(s, hash);
	while (s->tab[i].flags & PE_USED) {
		if (s->tab[i].hash == hash)
			return NULL;
		i = (i + 1) & s->tab_mask;
	}
	e = &s->tab[i];
	e->buf = dt_alloc(len);
	if (!e->buf) {
		sp_count(s, DT_SC_NOMEM);
		return NULL;
	}
	memcpy(e->buf, pub, len);
	e->len = len;
	e->hash = hash;
	e->created = created;
	e->life = life;
	e->hold = 0;
	e->t_off = DT_SYNC_NEVER;
	e->t_del = DT_SYNC_NEVER;
	e->t_ns = DT_SYNC_NEVER;
	e->flags = PE_USED;
	sp_set_flags(s, e, flags | PE_USED);
	s->npubs++;
	return e;
}

void sp_erase(struct dt_sync *s, u32 hash)
{
	struct sp_pub *e = sp_find(s, hash);
	u32 i, j, home;

	if (!e)
		return;
	sp_set_flags(s, e, PE_USED);
	dt_free(e->buf);
	s->npubs--;
	/* backward-shift deletion (Knuth 6.4 algorithm R) */
	i = e - s->tab;
	j = i;
	for (;;) {
		s->tab[i].flags = 0;
		s->tab[i].buf = NULL;
		for (;;) {
			j = (j + 1) & s->tab_mask;
			if (!(s->tab[j].flags & PE_USED))
				return;
			home = slot_of(s, s->tab[j].hash);
			/* stays if home lies cyclically in (i, j] */
			if (i <= j ? (i < home && home <= j) :
				     (i < home || home <= j))
				continue;
			break;
		}
		s->tab[i] = s->tab[j];
		i = j;
	}
}

/*
 * Activation (sync.md 6.3): remaining = lifetime - age. Positive: active
 * until then, forgotten a grace period later. Otherwise inactive at once
 * and forgotten when remaining + grace runs out, or at once if it has.
 * Returns 0 when the entry is active, -ETIME when it is not.
 * Open question 9: as DCT's code (not its comment), an expired pub
 * leaves the IBLT at the end of its lifetime; only the map keeps it for
 * the grace period, against replays.
 */
int sp_activate(struct dt_sync *s, u32 hash, u64 now)
{
	struct sp_pub *e = sp_find(s, hash);
	s64 rem, age;

	if (!e)
		return -ENOENT;
	age = (s64)(now - e->created);
	rem = (s64)e->life - age;
	if (rem > 0) {
		sp_set_flags(s, e, (e->flags & ~PE_NOSIGNER) | PE_ACTIVE);
		e->t_ns = DT_SYNC_NEVER;
		e->t_off = now + rem;
		e->t_del = e->t_off + s->cfg.grace_us;
		if (!sp_ev_push(s, e->t_off, hash, EV_OFF)) {
			sp_erase(s, hash);
			return -ETIME;
		}
		return 0;
	}
	if (rem + (s64)s->cfg.grace_us <= 0) {
		sp_erase(s, hash);
		return -ETIME;
	}
	sp_set_flags(s, e, PE_USED | (e->flags & PE_LOCAL));
	e->t_del = now + rem + s->cfg.grace_us;
	if (!sp_ev_push(s, e->t_del, hash, EV_DEL))
		sp_erase(s, hash);
	return -ETIME;
}

/* ---- ignore set (6.13) ---- */

static struct sp_ignore *ign_find(struct dt_sync *s, u32 hash)
{
	u32 i;

	for (i = 0; i < s->nign; i++)
		if (s->ign[i].hash == hash)
			return &s->ign[i];
	return NULL;
}

bool sp_ignored(struct dt_sync *s, u32 hash)
{
	return s->nign && ign_find(s, hash);
}

void sp_ignore(struct dt_sync *s, u32 hash, u64 now)
{
	struct sp_ignore *g;

	if (ign_find(s, hash))
		return;
	if (s->nign >= s->cfg.max_ignore) {
		sp_count(s, DT_SC_IGNORE_FULL);
		return;
	}
	g = &s->ign[s->nign];
	g->hash = hash;
	g->until = now + DT_SYNC_IGNORE_US;
	if (!sp_ev_push(s, g->until, hash, EV_IGNORE))
		return;
	s->nign++;
	dt_iblt_insert(&s->ign_iblt, hash);
}

void sp_unignore(struct dt_sync *s, u32 hash)
{
	struct sp_ignore *g = ign_find(s, hash);

	if (!g)
		return;
	dt_iblt_erase(&s->ign_iblt, hash);
	*g = s->ign[--s->nign];
}

/* ---- delivery confirmations (6.15) and others' answers (6.9) ---- */

struct sp_cb *sp_cb_find(struct dt_sync *s, u32 hash)
{
	u32 i;

	for (i = 0; i < s->ncbs; i++)
		if (s->cbs[i].hash == hash)
			return &s->cbs[i];
	return NULL;
}

void sp_cb_remove(struct dt_sync *s, u32 hash)
{
	struct sp_cb *c = sp_cb_find(s, hash);

	if (!c)
		return;
	dt_iblt_erase(&s->cb_iblt, hash);
	*c = s->cbs[--s->ncbs];
}

struct sp_pend *sp_pend_find(struct dt_sync *s, u32 csid)
{
	u32 i;

	for (i = 0; i < s->npend; i++)
		if (s->pend[i].csid == csid)
			return &s->pend[i];
	return NULL;
}

void sp_pend_remove(struct dt_sync *s, u32 csid)
{
	struct sp_pend *p = sp_pend_find(s, csid);

	if (!p)
		return;
	dt_free(p->hash);
	*p = s->pend[--s->npend];
}

/* ---- timer heap: a binary min-heap on the deadline ---- */

static bool ev_before(const struct sp_ev *a, const struct sp_ev *b)
{
	return a->at < b->at;
}

static void ev_swap(struct sp_ev *a, struct sp_ev *b)
{
	struct sp_ev t = *a;

	*a = *b;
	*b = t;
}

static void ev_down(struct dt_sync *s, u32 i)
{
	for (;;) {
		u32 l = 2 * i + 1, m = i;

		if (l < s->nheap && ev_before(&s->heap[l], &s->heap[m]))
			m = l;
		if (l + 1 < s->nheap && ev_before(&s->heap[l + 1], &s->heap[m]))
			m = l + 1;
		if (m == i)
			return;
		ev_swap(&s->heap[i], &s->heap[m]);
		i = m;
	}
}

static void ev_up(struct dt_sync *s, u32 i)
{
	while (i && ev_before(&s->heap[i], &s->heap[(i - 1) / 2])) {
		ev_swap(&s->heap[i], &s->heap[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
}

/* Is this event still what its object waits for? */
static bool ev_live(struct dt_sync *s, const struct sp_ev *ev)
{
	struct sp_pub *e;
	struct sp_ignore *g;
	struct sp_cb *c;
	struct sp_pend *p;

	switch (ev->kind) {
	case EV_OFF:
		e = sp_find(s, ev->key);
		return e && e->t_off == ev->at;
	case EV_DEL:
		e = sp_find(s, ev->key);
		return e && e->t_del == ev->at;
	case EV_NOSIGNER:
		e = sp_find(s, ev->key);
		return e && e->t_ns == ev->at;
	case EV_IGNORE:
		g = ign_find(s, ev->key);
		return g && g->until == ev->at;
	case EV_CB:
		c = sp_cb_find(s, ev->key);
		return c && c->until == ev->at;
	case EV_OTHERS:
		p = sp_pend_find(s, ev->key);
		return p && p->at == ev->at;
	}
	return false;
}

/* Drops the events that no longer matter; true if room was made. */
static bool ev_compact(struct dt_sync *s)
{
	u32 i, n = 0;

	for (i = 0; i < s->nheap; i++)
		if (ev_live(s, &s->heap[i]))
			s->heap[n++] = s->heap[i];
	if (n == s->nheap)
		return false;
	s->nheap = n;
	for (i = n / 2 + 1; i-- > 0;)
		ev_down(s, i);
	return true;
}

/*
 * Queues a deadline. The heap is sized for every live event the caps
 * allow; when stale ones fill it they are swept out. Should it still be
 * full the event is refused (counted) and the caller backs out.
 */
bool sp_ev_push(struct dt_sync *s, u64 at, u32 key, u8 kind)
{
	if (s->nheap == s->heap_cap && !ev_compact(s)) {
		sp_count(s, DT_SC_TIMER_FULL);
		return false;
	}
	s->heap[s->nheap].at = at;
	s->heap[s->nheap].key = key;
	s->heap[s->nheap].kind = kind;
	ev_up(s, s->nheap++);
	return true;
}

/* Earliest live event, stale ones popped on the way. */
bool sp_ev_peek(struct dt_sync *s, struct sp_ev *ev)
{
	while (s->nheap) {
		if (ev_live(s, &s->heap[0])) {
			*ev = s->heap[0];
			return true;
		}
		sp_ev_pop(s);
	}
	return false;
}

void sp_ev_pop(struct dt_sync *s)
{
	if (!s->nheap)
		return;
	s->heap[0] = s->heap[--s->nheap];
	ev_down(s, 0);
}

/* Tells the caller the next deadline whenever it changes. */
void sp_rearm(struct dt_sync *s)
{
	u64 next = dt_sync_deadline(s);

	if (next != s->armed) {
		s->armed = next;
		if (s->ops->arm)
			s->ops->arm(s->ctx, next);
	}
}

u64 dt_sync_deadline(const struct dt_sync *s)
{
	struct dt_sync *w = (struct dt_sync *)s;
	struct sp_ev ev;
	u64 next = s->sched_cstate;

	/* peeking only drops stale events, which nobody can observe */
	if (sp_ev_peek(w, &ev) && ev.at < next)
		next = ev.at;
	return next;
}
