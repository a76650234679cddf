// SPDX-License-Identifier: GPL-2.0
/* The syncps engine's events: cStates, cAdds, publications and timers. */
#include "syncps_int.h"
#include "murmur3.h"

static const char *const counter_names[DT_SC_MAX] = {
	[DT_SC_CSTATE_RX] = "cstate_rx",
	[DT_SC_CSTATE_NCOMP] = "cstate_ncomp",
	[DT_SC_CSTATE_IBLT] = "cstate_iblt",
	[DT_SC_CSTATE_PEEL_BAD] = "cstate_peel_bad",
	[DT_SC_CSTATE_PEEL_PART] = "cstate_peel_partial",
	[DT_SC_CSTATE_EARLY] = "cstate_early",
	[DT_SC_CADD_RX] = "cadd_rx",
	[DT_SC_CADD_OPEN] = "cadd_open",
	[DT_SC_CADD_EARLY] = "cadd_early",
	[DT_SC_CADD_CONTENT] = "cadd_content",
	[DT_SC_PUB_SHAPE] = "pub_shape",
	[DT_SC_PUB_IGNORED] = "pub_ignored",
	[DT_SC_PUB_DUP] = "pub_dup",
	[DT_SC_PUB_TOO_BIG] = "pub_too_big",
	[DT_SC_PUB_EXPIRED] = "pub_expired",
	[DT_SC_PUB_NO_TIME] = "pub_no_time",
	[DT_SC_PUB_INVALID] = "pub_invalid",
	[DT_SC_PUB_HELD] = "pub_held",
	[DT_SC_PUB_HOLD_FULL] = "pub_hold_full",
	[DT_SC_PUB_HOLD_TIMEOUT] = "pub_hold_timeout",
	[DT_SC_PUB_TABLE_FULL] = "pub_table_full",
	[DT_SC_PUB_ACCEPTED] = "pub_accepted",
	[DT_SC_PUB_DELIVERED] = "pub_delivered",
	[DT_SC_PUB_NO_SUB] = "pub_no_sub",
	[DT_SC_PUB_EXPIRE] = "pub_expire",
	[DT_SC_IGNORE_FULL] = "ignore_full",
	[DT_SC_PEND_FULL] = "pending_full",
	[DT_SC_CB_FULL] = "confirm_full",
	[DT_SC_TIMER_FULL] = "timer_full",
	[DT_SC_NOMEM] = "nomem",
	[DT_SC_LOCAL_PUB] = "local_pub",
	[DT_SC_LOCAL_REJECT] = "local_reject",
	[DT_SC_CSTATE_TX] = "cstate_tx",
	[DT_SC_CADD_TX] = "cadd_tx",
	[DT_SC_CADD_PUBS_TX] = "cadd_pubs_tx",
	[DT_SC_CADD_SEAL] = "cadd_seal",
	[DT_SC_BLIND_TX] = "blind_tx",
	[DT_SC_OTHERS_TX] = "others_tx",
	[DT_SC_CONFIRM_OK] = "confirm_ok",
	[DT_SC_CONFIRM_TIMEOUT] = "confirm_timeout",
};

const char *dt_sync_counter_name(unsigned int c)
{
	return c < DT_SC_MAX ? counter_names[c] : NULL;
}

void dt_sync_cfg_msgs(struct dt_sync_cfg *cfg, const u8 *coll_name,
		      size_t coll_name_size)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->coll_name = coll_name;
	cfg->coll_name_size = coll_name_size;
	cfg->cstate_lifetime_ms = 1357;
	cfg->pub_lifetime_us = 2000 * DT_SYNC_MS;
	cfg->grace_us = 1000 * DT_SYNC_MS;
	cfg->skew_us = 1000 * DT_SYNC_MS;
	cfg->pduproc_us = 50 * DT_SYNC_MS;
	/* open question 8 (faces.md 6.1): DCT's tts is 1 µs, not 1.2 ms */
	cfg->tts_us = 1;
	/*
	 * pubHoldtime is set from d before tts is added (6.2). Open question
	 * 4: the draft says shipped pubs are held for 2 d; deftt keeps DCT's
	 * 50 ms hold and 2 d cState delay, which is what DCT peers expect.
	 */
	cfg->hold_us = 50 * DT_SYNC_MS;
	cfg->signer_hold_us = cfg->pduproc_us + cfg->tts_us;
	cfg->mtu = DT_UDP_MTU_BUDGET;
	cfg->rand_ms = 10;
	cfg->pdu_si.type = DT_SIG_SHA256;
	cfg->pdu_sig_len = dt_sig_value_len(DT_SIG_SHA256);
	cfg->max_pubs = 4096;
	cfg->max_nosigner = 50;
	cfg->max_ignore = 256;
	cfg->max_pending = 32;
	cfg->max_cbs = 1024;
	cfg->max_subs = 32;
}

/* ---- set-up ---- */

static int setup_sizes(struct dt_sync *s)
{
	u8 si[DT_SIGINFO_CERT_LEN + 8];
	int n = dt_siginfo_encode(si, sizeof(si), &s->cfg.pdu_si);
	s64 max;

	if (n < 0)
		return -EINVAL;
	s->sig_space = n + s->cfg.pdu_sig_len + 4;
	s->d = s->cfg.pduproc_us + s->cfg.tts_us;
	/* slow links (6.2): d > 300 ms stretches both lifetimes */
	if (s->d > 300 * DT_SYNC_MS) {
		u64 cl = 30 * s->d;

		if (cl > 6000 * DT_SYNC_MS)
			cl = 6000 * DT_SYNC_MS;
		s->cfg.cstate_lifetime_ms = (u32)((cl + 999) / 1000);
		if (s->cfg.pub_lifetime_us < 10 * cl)
			s->cfg.pub_lifetime_us = 10 * cl;
	}
	/* maxPubSize (6.10) */
	max = (s64)s->cfg.mtu - (4 + (s->coll.size + 6) + 5 + 3 +
				 s->sig_space);
	if (max < DT_MIN_PUB_SIZE)
		return -EINVAL;
	s->max_pub = max;
	return 0;
}

struct dt_sync *dt_sync_new(const struct dt_sync_cfg *cfg,
			    const struct dt_sync_ops *ops, void *ctx)
{
	struct dt_sync *s;

	if (!cfg || !ops || !ops->express || !ops->send || !cfg->max_pubs ||
	    !cfg->cstate_lifetime_ms ||
	    cfg->cstate_lifetime_ms > DT_LIFETIME_MAX_MS)
		return NULL;
	s = dt_alloc(sizeof(*s));
	if (!s)
		return NULL;
	s->cfg = *cfg;
	s->ops = ops;
	s->ctx = ctx;
	s->coll_tlv = dt_alloc(cfg->coll_name_size);
	if (!s->coll_tlv)
		goto err;
	memcpy(s->coll_tlv, cfg->coll_name, cfg->coll_name_size);
	s->cfg.coll_name = s->coll_tlv;
	/*
	 * Open question 6: a collection is the zone id plus one or more
	 * components (keys/pdus and keys/msgs have two); cStates must have
	 * exactly one more, whatever the draft's "three components" says.
	 */
	if (dt_name_parse(s->coll_tlv, cfg->coll_name_size, 0, &s->coll) ||
	    s->coll.ncomp < 2 || setup_sizes(s) || sp_store_init(s))
		goto err;
	s->salt = sp_random(s);
	s->registering = true;
	s->sched_cstate = DT_SYNC_NEVER;
	s->armed = DT_SYNC_NEVER;
	return s;
err:
	dt_sync_free(s);
	return NULL;
}

void dt_sync_free(struct dt_sync *s)
{
	if (!s)
		return;
	sp_store_free(s);
	dt_free(s->coll_tlv);
	dt_free(s);
}

/* ---- helpers ---- */

/*
 * Creation time (6.3): the trailing Timestamp, or DCT's legacy 9-byte
 * Generic form 0xfc + 8 bytes. Open question 12: a pub without either is
 * refused here rather than aborting the whole cState/cAdd as DCT does.
 */
static int pub_created(struct dt_sync *s, const struct dt_data *d, u64 *us)
{
	struct dt_comp c;

	if (s->ops->created)
		return s->ops->created(s->ctx, d, us);
	dt_name_comp(&d->name, -1, &c);
	if (c.type == DT_COMP_TIMESTAMP)
		return dt_comp_number(&c, us) ? -EINVAL : 0;
	if (c.type == DT_COMP_GENERIC && c.len == 9 && c.val[0] == 0xfc) {
		*us = dt_get_be64(c.val + 1);
		return 0;
	}
	return -EINVAL;
}

/* A Publication's lifetime: the collection's rule, else the default. */
static u64 pub_lifetime(struct dt_sync *s, const struct dt_data *d)
{
	if (s->ops->lifetime)
		return s->ops->lifetime(s->ctx, d);
	return s->cfg.pub_lifetime_us;
}

/* Arrival window (6.3): age >= lifetime + skew or <= -skew. */
static bool pub_expired(struct dt_sync *s, u64 created, u64 life, u64 now)
{
	s64 age = (s64)(now - created);

	return age >= (s64)(life + s->cfg.skew_us) ||
	       age <= -(s64)s->cfg.skew_us;
}

/*
 * One answer per confirmation request. "Delivered" is given, as in DCT,
 * only while the pub is still a local active entry; unlike DCT, which
 * says nothing when the pub is gone by the timeout, "not delivered" is
 * always given, so a caller never waits forever.
 */
static void do_confirm(struct dt_sync *s, u32 hash, bool delivered)
{
	struct sp_cb *c = sp_cb_find(s, hash);
	struct sp_pub *e;
	void *cookie;

	if (!c)
		return;
	cookie = c->cookie;
	sp_cb_remove(s, hash);
	e = sp_find(s, hash);
	if (delivered && (!e || (e->flags & (PE_LOCAL | PE_ACTIVE)) !=
				(PE_LOCAL | PE_ACTIVE)))
		return;
	sp_count(s, delivered ? DT_SC_CONFIRM_OK : DT_SC_CONFIRM_TIMEOUT);
	if (s->ops->confirm)
		s->ops->confirm(s->ctx, cookie, hash, delivered);
}

/*
 * Delivery confirmation (6.15): (own - pending - received) peeled with
 * the status-less variant; a pending pub on the received side is held
 * by the sender of the cState.
 */
static void confirm_from(struct dt_sync *s, const struct dt_iblt *rx)
{
	struct dt_iblt_keys have = { s->have, DT_IBLT_CELLS, 0 };
	struct dt_iblt_keys need = { s->need, DT_IBLT_CELLS, 0 };
	u32 i;

	dt_iblt_subtract(&s->tmp2, &s->iblt, &s->cb_iblt);
	dt_iblt_subtract(&s->tmp2, &s->tmp2, rx);
	dt_iblt_peel(&s->tmp2, &have, &need);
	for (i = 0; i < need.n; i++)
		do_confirm(s, need.key[i], true);
}

/* sendNeed (6.8): paced "I am missing something" cStates. */
static void send_need(struct dt_sync *s, u64 now)
{
	if (s->last_need > now)
		return;
	if (now > s->last_need + s->d) {
		s->last_need = now;
		sp_unsuppress_cur(s);
		sp_send_cstate_soon(s, 0, now);
		return;
	}
	/*
	 * Open question 10: DCT on a unicast face sends here at once and
	 * again from sendCStateSoon. deftt sends once (sendCStateSoon is
	 * immediate on unicast faces).
	 */
	s->last_need += s->d;
	sp_unsuppress_cur(s);
	sp_send_cstate_soon(s, s->last_need - now, now);
}

/* Decodes the IBLT of a cState Name TLV into s->tmp. */
static int name_iblt(struct dt_sync *s, const u8 *name, size_t size)
{
	struct dt_name n;
	struct dt_comp c;

	if (dt_name_parse(name, size, 0, &n) ||
	    n.ncomp != s->coll.ncomp + 1)
		return -EINVAL;
	dt_name_comp(&n, -1, &c);
	return dt_iblt_decode(&s->tmp, c.val, c.len);
}

/*
 * Answers the cState whose Name is in s->name_buf (n bytes) with the
 * unsent local pubs it lacks (6.11 sendCAdd), then schedules our cState
 * after 2d + r. False if nothing could be shipped.
 */
static bool answer_with_local(struct dt_sync *s, size_t n, u64 now)
{
	struct dt_iblt_keys have = { s->have, DT_IBLT_CELLS, 0 };
	struct dt_iblt_keys need = { s->need, DT_IBLT_CELLS, 0 };
	u32 i, k = 0;

	if (!n || name_iblt(s, s->name_buf, n))
		return false;
	dt_iblt_subtract(&s->tmp, &s->iblt, &s->tmp);
	dt_iblt_peel(&s->tmp, &have, &need);
	for (i = 0; i < have.n; i++) {
		struct sp_pub *e = sp_find(s, have.key[i]);

		if (e && e->hold <= now &&
		    (e->flags & (PE_LOCAL | PE_ACTIVE)) ==
		    (PE_LOCAL | PE_ACTIVE))
			s->list[k++] = have.key[i];
	}
	if (!k)
		return false;
	sp_sort_oldest(s, s->list, k);
	return sp_ship(s, s->name_buf, n, s->list, k, now) > 0;
}

/* sendCAdd (6.11): answer the best remembered network cState. */
static bool send_cadd_best(struct dt_sync *s, u64 now)
{
	size_t n = 0;

	if (s->ops->best_cstate)
		n = s->ops->best_cstate(s->ctx, s->name_buf,
					sizeof(s->name_buf));
	if (!answer_with_local(s, n, now))
		return false;
	if (s->ops->used_cstate)
		s->ops->used_cstate(s->ctx, s->name_buf, n);
	sp_send_cstate_soon(s, 2 * s->d, now);
	return true;
}

/*
 * Open questions 1 and 3: when no network cState is left to answer, DCT
 * answers the received cAdd's own Name as if it were a cState (a csID
 * that matches nothing). deftt answers only real remembered cStates: the
 * one the received cAdd answered, if the face still holds its Name (the
 * same csID DCT's other members use then, as capture/iot1 shows), else
 * nothing and the caller sends our cState instead.
 */
static bool send_cadd_csid(struct dt_sync *s, u32 csid, u64 now)
{
	size_t n = 0;

	if (s->ops->hash2name)
		n = s->ops->hash2name(s->ctx, csid, s->name_buf,
				      sizeof(s->name_buf));
	if (!answer_with_local(s, n, now))
		return false;
	sp_send_cstate_soon(s, 2 * s->d, now);
	return true;
}

/* ---- start-up and timers ---- */

void dt_sync_start(struct dt_sync *s, u64 now)
{
	if (!s->registering)
		return;
	s->registering = false;
	sp_unsuppress_cur(s);
	sp_send_cstate(s, now);
	sp_rearm(s);
}

void dt_sync_cstate_expired(struct dt_sync *s, u64 now)
{
	sp_send_cstate(s, now);
	sp_rearm(s);
}

/* sendOthers(csID) (6.9). */
static void send_others(struct dt_sync *s, u32 csid, u64 now)
{
	struct sp_pend *p = sp_pend_find(s, csid);
	size_t n = 0;
	u32 i, k = 0;

	if (!p)
		return;
	if (s->ops->hash2name)
		n = s->ops->hash2name(s->ctx, csid, s->name_buf,
				      sizeof(s->name_buf));
	for (i = 0; i < p->n; i++) {
		struct sp_pub *e = sp_find(s, p->hash[i]);

		if (e && (e->flags & PE_ACTIVE) && e->hold <= now)
			s->list[k++] = p->hash[i];
	}
	sp_pend_remove(s, csid);
	if (!n || !k) {
		if (!k) {
			sp_unsuppress_cur(s);
			sp_send_cstate_soon(s, 0, now);
		}
		return;
	}
	sp_sort_oldest(s, s->list, k);
	if (sp_ship(s, s->name_buf, n, s->list, k, now) > 0)
		sp_count(s, DT_SC_OTHERS_TX);
}

static void run_event(struct dt_sync *s, const struct sp_ev *ev, u64 now)
{
	struct sp_pub *e;

	switch (ev->kind) {
	case EV_OFF:
		e = sp_find(s, ev->key);
		sp_count(s, DT_SC_PUB_EXPIRE);
		sp_set_flags(s, e, PE_USED | (e->flags & PE_LOCAL));
		e->t_off = DT_SYNC_NEVER;
		if (!sp_ev_push(s, e->t_del, ev->key, EV_DEL))
			sp_erase(s, ev->key);
		break;
	case EV_DEL:
		sp_erase(s, ev->key);
		break;
	case EV_NOSIGNER:
		sp_count(s, DT_SC_PUB_HOLD_TIMEOUT);
		sp_erase(s, ev->key);
		sp_ignore(s, ev->key, now);
		break;
	case EV_IGNORE:
		sp_unignore(s, ev->key);
		break;
	case EV_CB:
		do_confirm(s, ev->key, false);
		break;
	case EV_OTHERS:
		send_others(s, ev->key, now);
		break;
	}
}

void dt_sync_tick(struct dt_sync *s, u64 now)
{
	struct sp_ev ev;

	for (;;) {
		bool have_ev = sp_ev_peek(s, &ev);

		if (s->sched_cstate <= now &&
		    (!have_ev || s->sched_cstate <= ev.at)) {
			sp_send_cstate(s, now);
			continue;
		}
		if (!have_ev || ev.at > now)
			break;
		sp_ev_pop(s);
		run_event(s, &ev, now);
	}
	sp_rearm(s);
}

/* ---- receiving a cState (6.7) ---- */

static void blind_send(struct dt_sync *s, const struct dt_cstate *cs,
		       u64 now)
{
	u32 i, k = 0;

	/*
	 * Open question 13: DCT takes the first six in hash-map order; ours
	 * is table order, equally unspecified. Only active pubs qualify.
	 */
	for (i = 0; i <= s->tab_mask && k < DT_SYNC_BLIND_MAX; i++) {
		struct sp_pub *e = &s->tab[i];

		if ((e->flags & (PE_LOCAL | PE_ACTIVE)) ==
		    (PE_LOCAL | PE_ACTIVE) && e->hold + DT_SYNC_BLIND_AGE < now)
			s->list[k++] = e->hash;
	}
	if (k && sp_ship(s, cs->name.tlv, cs->name.size, s->list, k, now) > 0)
		sp_count(s, DT_SC_BLIND_TX);
}

static void arm_others(struct dt_sync *s, const struct dt_cstate *cs,
		       u32 nothers, u64 now)
{
	u32 csid = dt_csid(cs->name.tlv, cs->name.size);
	struct sp_pend *p;

	if (s->cfg.no_others || sp_pend_find(s, csid))
		return;
	if (s->npend >= s->cfg.max_pending) {
		sp_count(s, DT_SC_PEND_FULL);
		return;
	}
	p = &s->pend[s->npend];
	p->hash = dt_alloc(nothers * sizeof(u32));
	if (!p->hash) {
		sp_count(s, DT_SC_NOMEM);
		return;
	}
	memcpy(p->hash, s->need, nothers * sizeof(u32));
	p->n = nothers;
	p->csid = csid;
	p->at = now + s->d + sp_jitter(s);
	s->npend++;
	if (!sp_ev_push(s, p->at, csid, EV_OTHERS))
		sp_pend_remove(s, csid);
}

static void handle_cstate(struct dt_sync *s, const struct dt_cstate *cs,
			  u64 now)
{
	struct dt_iblt_keys have = { s->have, DT_IBLT_CELLS, 0 };
	struct dt_iblt_keys need = { s->need, DT_IBLT_CELLS, 0 };
	u32 i, nl = 0, no = 0, nneed;
	int rc;

	s->net_cstate = true;
	if (dt_iblt_decode(&s->tmp, cs->iblt, cs->iblt_len)) {
		/* DCT peels a partly decoded table; we drop (sync.md 4.4) */
		sp_count(s, DT_SC_CSTATE_IBLT);
		return;
	}
	if (s->ncbs)
		confirm_from(s, &s->tmp);
	dt_iblt_subtract(&s->tmp, &s->iblt, &s->tmp);
	rc = dt_iblt_peel(&s->tmp, &have, &need);
	if (rc < 0) {
		sp_count(s, DT_SC_CSTATE_PEEL_BAD);
		return;
	}
	nneed = need.n;
	if (rc == DT_IBLT_PEEL_PARTIAL) {
		sp_count(s, DT_SC_CSTATE_PEEL_PART);
		if (!have.n) {
			blind_send(s, cs, now);
			if (nneed)
				send_need(s, now);
			return;
		}
	}
	if (!have.n && !nneed)
		return;
	/*
	 * Split what the peer lacks: our unheld local pubs go in list, net
	 * active ones into the need array (no longer needed as such).
	 */
	for (i = 0; i < have.n; i++) {
		struct sp_pub *e = sp_find(s, have.key[i]);

		if (!e || !(e->flags & PE_ACTIVE))
			continue;
		if (e->flags & PE_LOCAL) {
			if (e->hold <= now)
				s->list[nl++] = have.key[i];
		} else if (!s->cfg.no_others) {
			s->need[no++] = have.key[i];
		}
	}
	if (!nl) {
		if (no && have.n == no)
			arm_others(s, cs, no, now);
		if (nneed)
			send_need(s, now);
		return;
	}
	sp_sort_oldest(s, s->list, nl);
	sp_ship(s, cs->name.tlv, cs->name.size, s->list, nl, now);
	if (!nneed)
		sp_send_cstate_soon(s, 2 * s->d, now);
	else
		send_need(s, now);
}

void dt_sync_on_cstate(struct dt_sync *s, const struct dt_cstate *cs,
		       u64 now)
{
	sp_count(s, DT_SC_CSTATE_RX);
	if (s->registering) {
		sp_count(s, DT_SC_CSTATE_EARLY);
		return;
	}
	if (cs->name.ncomp != s->coll.ncomp + 1) {
		sp_count(s, DT_SC_CSTATE_NCOMP);
		return;
	}
	handle_cstate(s, cs, now);
	sp_rearm(s);
}

/* ---- receiving a cAdd (6.12) ---- */

/* noSigner hold (6.14); open question 11: a full hold stores nothing. */
static bool hold_nosigner(struct dt_sync *s, const u8 *pub, u32 len,
			  u32 hash, u64 created, u64 life, u64 now)
{
	struct sp_pub *e;

	if (!s->cfg.signer_hold_us || s->nnosigner >= s->cfg.max_nosigner)
		return false;
	e = sp_insert(s, pub, len, hash, PE_USED | PE_NOSIGNER, created, life);
	if (!e)
		return false;
	e->t_ns = now + s->cfg.signer_hold_us + s->cfg.skew_us;
	if (!sp_ev_push(s, e->t_ns, hash, EV_NOSIGNER)) {
		sp_erase(s, hash);
		return false;
	}
	return true;
}

/* One Publication of a cAdd; true if it was added and delivered. */
static bool take_pub(struct dt_sync *s, const u8 *pub, u32 len, u64 hold,
		     u64 now)
{
	enum dt_sync_verdict v = DT_SYNC_VALID;
	struct sp_pub *e;
	struct dt_data d;
	u64 created, life;
	u32 h;

	if (dt_data_parse(pub, len, DT_KIND_ANY, 0, &d)) {
		sp_count(s, DT_SC_PUB_SHAPE);
		return false;
	}
	h = dt_pub_hash(pub, len);
	if (sp_ignored(s, h)) {
		sp_count(s, DT_SC_PUB_IGNORED);
		return false;
	}
	e = sp_find(s, h);
	if (e) {
		e->hold = hold;
		sp_count(s, DT_SC_PUB_DUP);
		return false;
	}
	if (len > s->max_pub) {
		sp_count(s, DT_SC_PUB_TOO_BIG);
		goto ignore;
	}
	if (pub_created(s, &d, &created)) {
		sp_count(s, DT_SC_PUB_NO_TIME);
		goto ignore;
	}
	life = pub_lifetime(s, &d);
	if (pub_expired(s, created, life, now)) {
		sp_count(s, DT_SC_PUB_EXPIRED);
		goto ignore;
	}
	if (s->ops->validate)
		v = s->ops->validate(s->ctx, &d);
	if (v == DT_SYNC_NO_SIGNER) {
		if (hold_nosigner(s, pub, len, h, created, life, now)) {
			sp_count(s, DT_SC_PUB_HELD);
			return false;
		}
		sp_count(s, DT_SC_PUB_HOLD_FULL);
		goto ignore;
	}
	if (v != DT_SYNC_VALID) {
		sp_count(s, DT_SC_PUB_INVALID);
		goto ignore;
	}
	if (!sp_insert(s, pub, len, h, PE_USED, created, life))
		return false;
	/* valid but already past its lifetime (a rule may give 0) */
	if (sp_activate(s, h, now)) {
		sp_count(s, DT_SC_PUB_EXPIRED);
		return false;
	}
	sp_count(s, DT_SC_PUB_ACCEPTED);
	sp_deliver(s, pub, len, &d.name);
	return true;
ignore:
	sp_ignore(s, h, now);
	return false;
}

/*
 * Open question 2: a cAdd is taken whatever its csID, like DCT (whose
 * members answer cStates the receiver never heard); the csID only
 * cancels a pending others' answer. The face may count unknown csIDs.
 */
static void handle_cadd(struct dt_sync *s, u8 *buf, const struct dt_data *d,
			u64 now)
{
	const u8 *content = buf + d->off_content, *pub;
	struct dt_pub_iter it;
	u32 init, added = 0, csid;
	size_t len;

	if (s->ops->open && s->ops->open(s->ctx, buf, d)) {
		sp_count(s, DT_SC_CADD_OPEN);
		return;
	}
	if (s->registering) {
		sp_count(s, DT_SC_CADD_EARLY);
		return;
	}
	if (dt_cadd_check_content(content, d->content_len, NULL)) {
		sp_count(s, DT_SC_CADD_CONTENT);
		return;
	}
	s->delivering = true;
	init = s->local_pubs;
	csid = dt_cadd_csid(d);
	sp_pend_remove(s, csid);
	dt_pub_iter_init(&it, content, d->content_len);
	while (dt_pub_next(&it, &pub, &len))
		added += take_pub(s, pub, len, now + s->d, now);
	s->delivering = false;
	if (!added)
		return;
	if (init != s->local_pubs &&
	    (send_cadd_best(s, now) || send_cadd_csid(s, csid, now)))
		return;
	sp_send_cstate_soon(s, 0, now);
}

void dt_sync_on_cadd(struct dt_sync *s, u8 *buf, const struct dt_data *d,
		     u64 now)
{
	sp_count(s, DT_SC_CADD_RX);
	handle_cadd(s, buf, d, now);
	sp_rearm(s);
}

/* ---- local publication (6.11) ---- */

static bool is_schema_cert(const struct dt_data *d)
{
	struct dt_comp c;

	if (d->content_type != DT_CT_KEY || d->name.ncomp < 2)
		return false;
	dt_name_comp(&d->name, 1, &c);
	return dt_comp_is_generic(&c, "schema", 6);
}

static int add_confirm(struct dt_sync *s, u32 hash, u64 life, void *cookie,
		       u64 now)
{
	u64 cd = (u64)s->cfg.cstate_lifetime_ms * DT_SYNC_MS;
	struct sp_cb *c = &s->cbs[s->ncbs];

	if (cd < life)
		cd = life;
	c->hash = hash;
	c->cookie = cookie;
	c->until = now + cd;
	if (!sp_ev_push(s, c->until, hash, EV_CB))
		return -ENOSPC;
	s->ncbs++;
	dt_iblt_insert(&s->cb_iblt, hash);
	return 0;
}

static int publish(struct dt_sync *s, const u8 *pub, size_t len,
		   void *cookie, u32 *hash, u64 now)
{
	struct sp_pub *e;
	struct dt_data d;
	u64 created, life;
	u32 h;

	if (dt_data_parse(pub, len, DT_KIND_ANY, 0, &d))
		return -EINVAL;
	h = dt_pub_hash(pub, len);
	if (hash)
		*hash = h;
	e = sp_find(s, h);
	if (e) {
		if (cookie && !(e->flags & PE_LOCAL) && s->ops->confirm)
			s->ops->confirm(s->ctx, cookie, h, true);
		return -EEXIST;
	}
	if (len > s->max_pub && !is_schema_cert(&d))
		return -EMSGSIZE;
	if (pub_created(s, &d, &created))
		return -EINVAL;
	if (cookie && s->ncbs >= s->cfg.max_cbs) {
		sp_count(s, DT_SC_CB_FULL);
		return -ENOSPC;
	}
	life = pub_lifetime(s, &d);
	if (!sp_insert(s, pub, len, h, PE_USED | PE_LOCAL, created, life))
		return -ENOSPC;
	if (sp_activate(s, h, now))
		return -ETIME;
	s->local_pubs++;
	sp_count(s, DT_SC_LOCAL_PUB);
	if (cookie && add_confirm(s, h, life, cookie, now))
		return -ENOSPC;
	if (!s->delivering && !s->registering && !s->batching &&
	    (!s->net_cstate || !send_cadd_best(s, now)))
		sp_send_cstate(s, now);
	return 0;
}

int dt_sync_publish(struct dt_sync *s, const u8 *pub, size_t len,
		    void *cookie, u32 *hash, u64 now)
{
	int rc = publish(s, pub, len, cookie, hash, now);

	if (rc)
		sp_count(s, DT_SC_LOCAL_REJECT);
	sp_rearm(s);
	return rc;
}

void dt_sync_batch_begin(struct dt_sync *s)
{
	s->batching = true;
}

void dt_sync_batch_done(struct dt_sync *s, u32 n, u64 now)
{
	s->batching = false;
	if (!s->delivering && !s->registering && s->npubs > n &&
	    !send_cadd_best(s, now))
		sp_send_cstate(s, now);
	sp_rearm(s);
}

/* ---- inspection ---- */

const u64 *dt_sync_counters(const struct dt_sync *s)
{
	return s->cnt;
}

u32 dt_sync_npubs(const struct dt_sync *s)
{
	return s->npubs;
}

u32 dt_sync_nactive(const struct dt_sync *s)
{
	return s->nactive;
}

bool dt_sync_has(const struct dt_sync *s, u32 hash, bool *active)
{
	struct sp_pub *e = sp_find((struct dt_sync *)s, hash);

	if (active)
		*active = e && (e->flags & PE_ACTIVE);
	return e;
}

void dt_sync_adv_iblt(const struct dt_sync *s, struct dt_iblt *out)
{
	u32 i;

	*out = s->iblt;
	for (i = 0; i < DT_IBLT_CELLS && s->nign; i++) {
		out->cell[i].count += s->ign_iblt.cell[i].count;
		out->cell[i].key_sum ^= s->ign_iblt.cell[i].key_sum;
		out->cell[i].key_check ^= s->ign_iblt.cell[i].key_check;
	}
}

u64 dt_sync_dist_delay(const struct dt_sync *s)
{
	return s->d;
}

u32 dt_sync_max_pub_size(const struct dt_sync *s)
{
	return s->max_pub;
}

void dt_sync_cstate_now(struct dt_sync *s, u64 now)
{
	sp_send_cstate(s, now);
	sp_rearm(s);
}
