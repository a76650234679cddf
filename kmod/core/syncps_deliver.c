// SPDX-License-Identifier: GPL-2.0
/* syncps delivery: subscriptions, and held Publications whose signer came. */
#include "syncps_int.h"

static struct sp_sub *sub_match(struct dt_sync *s, const struct dt_name *n)
{
	struct sp_sub *best = NULL;
	u32 i;

	for (i = 0; i < s->nsubs; i++)
		if (dt_name_is_prefix(&s->subs[i].name, n) &&
		    (!best || s->subs[i].name.ncomp > best->name.ncomp))
			best = &s->subs[i];
	return best;
}

/* Longest-prefix delivery of a network pub (6.16). */
void sp_deliver(struct dt_sync *s, const u8 *pub, u32 len,
		const struct dt_name *n)
{
	struct sp_sub *sub = sub_match(s, n);

	if (!sub || !s->ops->deliver) {
		sp_count(s, DT_SC_PUB_NO_SUB);
		return;
	}
	sp_count(s, DT_SC_PUB_DELIVERED);
	s->ops->deliver(s->ctx, sub->sub, pub, len);
}

/* ---- subscriptions (6.16) ---- */

static struct sp_sub *sub_find(struct dt_sync *s, const struct dt_name *n)
{
	u32 i;

	for (i = 0; i < s->nsubs; i++)
		if (dt_name_eq(&s->subs[i].name, n))
			return &s->subs[i];
	return NULL;
}

/*
 * A new prefix gets every network pub already held that it matches.
 * DCT does not check the active flag here; deftt delivers only active
 * entries (a noSigner entry has not been validated yet, an expired one
 * must not be delivered, 6.3).
 */
static void deliver_held(struct dt_sync *s, struct sp_sub *sub)
{
	struct dt_data d;
	u32 i;

	for (i = 0; i <= s->tab_mask; i++) {
		struct sp_pub *e = &s->tab[i];

		if ((e->flags & (PE_LOCAL | PE_ACTIVE)) != PE_ACTIVE ||
		    dt_data_parse(e->buf, e->len, DT_KIND_ANY, 0, &d) ||
		    !dt_name_is_prefix(&sub->name, &d.name))
			continue;
		sp_count(s, DT_SC_PUB_DELIVERED);
		if (s->ops->deliver)
			s->ops->deliver(s->ctx, sub->sub, e->buf, e->len);
	}
}

int dt_sync_subscribe(struct dt_sync *s, const u8 *prefix, size_t size,
		      void *sub)
{
	struct sp_sub *p;
	struct dt_name n;

	if (dt_name_parse(prefix, size, 0, &n))
		return -EINVAL;
	p = sub_find(s, &n);
	if (p) {
		p->sub = sub;
		return 0;
	}
	if (s->nsubs >= s->cfg.max_subs)
		return -ENOSPC;
	p = &s->subs[s->nsubs];
	p->tlv = dt_alloc(size);
	if (!p->tlv)
		return -ENOMEM;
	memcpy(p->tlv, prefix, size);
	if (dt_name_parse(p->tlv, size, 0, &p->name)) {
		dt_free(p->tlv);
		return -EINVAL;
	}
	p->sub = sub;
	s->nsubs++;
	deliver_held(s, p);
	return 0;
}

int dt_sync_replay(struct dt_sync *s, const u8 *prefix, size_t size,
		   void *sub)
{
	struct sp_sub tmp;

	if (dt_name_parse(prefix, size, 0, &tmp.name))
		return -EINVAL;
	tmp.tlv = NULL;
	tmp.sub = sub;
	deliver_held(s, &tmp);
	return 0;
}

void dt_sync_unsubscribe(struct dt_sync *s, const u8 *prefix, size_t size)
{
	struct sp_sub *p;
	struct dt_name n;

	if (dt_name_parse(prefix, size, 0, &n))
		return;
	p = sub_find(s, &n);
	if (!p)
		return;
	dt_free(p->tlv);
	*p = s->subs[--s->nsubs];
	/* the moved entry's view points into its own buffer: still valid */
}

/* ---- new signer (6.14) ---- */

void dt_sync_signer_added(struct dt_sync *s, u64 now)
{
	struct dt_data d;
	u32 *held, n = 0, i;

	if (!s->nnosigner || !s->ops->validate)
		return;
	held = dt_alloc(s->nnosigner * sizeof(*held));
	if (!held) {
		sp_count(s, DT_SC_NOMEM);
		return;
	}
	for (i = 0; i <= s->tab_mask && n < s->nnosigner; i++)
		if (s->tab[i].flags & PE_NOSIGNER)
			held[n++] = s->tab[i].hash;
	/* the validator decides which signer a pub needs, not the engine */
	for (i = 0; i < n; i++) {
		struct sp_pub *e = sp_find(s, held[i]);

		if (!e || dt_data_parse(e->buf, e->len, DT_KIND_ANY, 0, &d) ||
		    s->ops->validate(s->ctx, &d) != DT_SYNC_VALID)
			continue;
		if (sp_activate(s, held[i], now))
			continue;
		e = sp_find(s, held[i]);
		sp_count(s, DT_SC_PUB_ACCEPTED);
		dt_data_parse(e->buf, e->len, DT_KIND_ANY, 0, &d);
		sp_deliver(s, e->buf, e->len, &d.name);
	}
	dt_free(held);
	sp_rearm(s);
}
