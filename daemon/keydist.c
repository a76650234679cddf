// SPDX-License-Identifier: GPL-2.0
/* The group key distributor (DistGKey) of one keys collection, pure. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "keydist.h"
#include "log.h"

static const u8 zero_tp[DT_THUMBPRINT_LEN];

int kd_init(struct kd *kd, const struct kd_ops *ops,
	    const struct kl_prefix *p, bool msgs, unsigned int max_kr)
{
	memset(kd, 0, sizeof(*kd));
	kd->ops = *ops;
	kd->pfx = *p;
	kd->msgs = msgs;
	kd->name = msgs ? "keys/msgs" : "keys/pdus";
	kd->max_kr = max_kr < 1 ? 1 : max_kr > KD_LIST_MAX ? KD_LIST_MAX :
		     max_kr;
	kd->mem = calloc(KD_MEMBERS_MAX, sizeof(*kd->mem));
	return kd->mem ? 0 : -ENOMEM;
}

void kd_free(struct kd *kd)
{
	free(kd->mem);
	sodium_memzero(kd, sizeof(*kd));
}

static bool tp_eq(const u8 *a, const u8 *b)
{
	return !memcmp(a, b, DT_THUMBPRINT_LEN);
}

static u32 tpid(const u8 *tp)
{
	return dt_get_be32(tp);
}

/* The kernel learns whom we follow, for 4.4's stale-list rule. */
static void tell_keymaker(struct kd *kd)
{
	if (tp_eq(kd->kmtp, zero_tp) ||
	    (tp_eq(kd->kmtp, kd->told_tp) && kd->epoch == kd->told_epoch))
		return;
	memcpy(kd->told_tp, kd->kmtp, DT_THUMBPRINT_LEN);
	kd->told_epoch = kd->epoch;
	if (kd->ops.keymaker)
		kd->ops.keymaker(kd->ops.ctx, kd->kmtp, kd->epoch);
}

static void set_connected(struct kd *kd)
{
	if (kd->connected)
		return;
	kd->connected = true;
	pr_notice("%s: connected%s", kd->name,
		  kd->keymaker ? " (keymaker)" : "");
	if (kd->ops.connected)
		kd->ops.connected(kd->ops.ctx);
}

/*
 * Publishes; kind >= 0 asks for a confirmation of that enum kd_wait_kind,
 * and an assertion's carries the key it announces.
 */
static int publish(struct kd *kd, const u8 *name, int nlen,
		   const u8 *content, int clen, int kind)
{
	struct kd_wait *w = NULL;
	u64 cookie = 0;
	int err;

	if (nlen < 0 || clen < 0) {
		pr_warn("%s: a publication does not fit its buffer", kd->name);
		return -EMSGSIZE;
	}
	if (kind >= 0 && kd->nwait == KD_WAIT_MAX) {
		pr_warn("%s: too many publications await confirmation",
			kd->name);
	} else if (kind >= 0) {
		w = &kd->wait[kd->nwait];
		memset(w, 0, sizeof(*w));
		cookie = ++kd->cookie;
		w->cookie = cookie;
		w->kind = (u8)kind;
		if (kind == KD_W_ASSERT) {
			w->ct = kd->cur_ct;
			memcpy(w->key, kd->key, KL_KEY_LEN);
		}
	}
	err = kd->ops.publish(kd->ops.ctx, name, (size_t)nlen, content,
			      (size_t)clen, cookie);
	if (err) {
		pr_warn("%s: publication refused: %s", kd->name,
			strerror(-err));
		if (w)
			sodium_memzero(w, sizeof(*w));
		return err;
	}
	if (w)
		kd->nwait++;
	return 0;
}

/* 4.7: publishing an MR sets mrPending and its refresh 10 s later. */
static void publish_mr(struct kd *kd, u64 now)
{
	u8 name[KL_NAME_MAX];

	if (kd->msgs && kd->relay)
		return;
	kd->mr_pending = true;
	kd->mr_at = now + KD_MR_LIFE_US;
	kd->n_mr++;
	pr_debug("%s: membership request", kd->name);
	publish(kd, name, kl_name_mr(&kd->pfx, now, name, sizeof(name)),
		(const u8 *)"", 0, -1);
}

/* A check distDelay + 2..9 ms later: an MR if no key newer than ct came. */
static void check_later(struct kd *kd, u64 ct, u64 now)
{
	u64 at = now + KD_DIST_DELAY_US + (2 + randombytes_uniform(8)) * 1000;

	if (!kd->check_at || at < kd->check_at)
		kd->check_at = at;
	if (ct > kd->check_ct)
		kd->check_ct = ct;
}

/* Publishes a key list: an assertion (n == 0) or records recs[0..n). */
static void publish_list(struct kd *kd, const u8 *recs, unsigned int n,
			 u64 now)
{
	u8 name[KL_NAME_MAX], content[16 + KD_LIST_MAX * KL_REC_LEN];
	const u8 *lo = n ? recs : kd->tp;
	const u8 *hi = n ? recs + (n - 1) * KL_REC_LEN : kd->tp;
	int nl, cl, kind = -1;

	nl = kl_name_kl(&kd->pfx, kd->epoch, lo, hi, now, name, sizeof(name));
	cl = kl_content_encode(kd->cur_ct, recs, n, content, sizeof(content));
	/* 4.8: the assertion's confirmation hands the key to our sigmgr */
	if (!n)
		kind = KD_W_ASSERT;
	else if (!kd->connected)
		kind = KD_W_LIST;
	if (publish(kd, name, nl, content, cl, kind))
		return;
	kd->n_lists++;
	pr_debug("%s: key list %08x..%08x, %u records", kd->name, tpid(lo),
		 tpid(hi), n);
}

static struct kd_member *member_find(struct kd *kd, const u8 *tp)
{
	unsigned int i;

	for (i = 0; i < kd->nmem; i++)
		if (tp_eq(kd->mem[i].tp, tp))
			return &kd->mem[i];
	return NULL;
}

static void member_del(struct kd *kd, struct kd_member *m)
{
	unsigned int i = (unsigned int)(m - kd->mem);

	memmove(m, m + 1, (kd->nmem - i - 1) * sizeof(*m));
	kd->nmem--;
}

/* Kept in ascending thumbprint order: bulk lists need it (4.3). */
static struct kd_member *member_add(struct kd *kd, const u8 *tp,
				    const u8 *id, const u8 *xpk)
{
	unsigned int i = 0;
	struct kd_member *m;

	if (kd->nmem == KD_MEMBERS_MAX)
		return NULL;
	while (i < kd->nmem &&
	       memcmp(kd->mem[i].tp, tp, DT_THUMBPRINT_LEN) < 0)
		i++;
	m = &kd->mem[i];
	memmove(m + 1, m, (kd->nmem - i) * sizeof(*m));
	kd->nmem++;
	memset(m, 0, sizeof(*m));
	memcpy(m->tp, tp, DT_THUMBPRINT_LEN);
	memcpy(m->id, id, DT_THUMBPRINT_LEN);
	memcpy(m->xpk, xpk, DT_X25519_LEN);
	return m;
}

static void seal_record(struct kd *kd, const struct kd_member *m, u8 *rec)
{
	memcpy(rec, m->tp, DT_THUMBPRINT_LEN);
	if (kl_seal(rec + DT_THUMBPRINT_LEN, kd->key, m->xpk))
		memset(rec + DT_THUMBPRINT_LEN, 0, KL_SEALED_LEN);
}

/* 4.8 "Making a key". */
static void make_key(struct kd *kd, u64 now)
{
	u8 recs[KD_LIST_MAX * KL_REC_LEN];
	struct kd_signer s;
	unsigned int i = 0, n;

	while (i < kd->nmem) {
		if (kd->ops.signer(kd->ops.ctx, kd->mem[i].tp, &s) ||
		    s.not_after_us <= now)
			member_del(kd, &kd->mem[i]);
		else
			i++;
	}
	/* the CT is the key's identity: never the same twice */
	kd->cur_ct = now > kd->cur_ct ? now : kd->cur_ct + 1;
	crypto_aead_xchacha20poly1305_ietf_keygen(kd->key);
	kd->n_keys++;
	pr_info("%s: new group key (epoch %llu), %u members", kd->name,
		(unsigned long long)kd->epoch, kd->nmem);
	publish_list(kd, NULL, 0, now);
	for (i = 0; i < kd->nmem; i++)
		kd->mem[i].hold_until = 0;
	for (i = 0; i < kd->nmem; i += n) {
		unsigned int k;

		n = kd->nmem - i < kd->max_kr ? kd->nmem - i : kd->max_kr;
		for (k = 0; k < n; k++)
			seal_record(kd, &kd->mem[i + k], recs + k * KL_REC_LEN);
		publish_list(kd, recs, n, now);
	}
}

static void unsubscribe_election(struct kd *kd)
{
	if (!kd->ops.subscribe)
		return;
	kd->ops.subscribe(kd->ops.ctx, KL_T_CAND, false);
	kd->ops.subscribe(kd->ops.ctx, KL_T_ELEC, false);
}

static void become_keymaker(struct kd *kd, u64 epoch, u64 now)
{
	if (kd->electing) {
		kd->electing = false;
		unsubscribe_election(kd);
	}
	kd->keymaker = true;
	kd->epoch = epoch;
	memcpy(kd->kmtp, kd->tp, DT_THUMBPRINT_LEN);
	pr_notice("%s: keymaker, epoch %llu", kd->name,
		  (unsigned long long)epoch);
	tell_keymaker(kd);
	if (kd->ops.subscribe)
		kd->ops.subscribe(kd->ops.ctx, KL_T_MR, true);
	if (!kd->keymaker)
		return;		/* a held list displaced us meanwhile */
	make_key(kd, now);
	kd->rekey_at = now + KD_REKEY_US;
}

/* 4.10: another keymaker's list wins; we follow it from now on. */
static void give_up(struct kd *kd, const u8 *tp, u64 epoch, u64 now)
{
	pr_notice("%s: keymaker %08x (epoch %llu) displaces us", kd->name,
		  tpid(tp), (unsigned long long)epoch);
	kd->keymaker = false;
	kd->rekey_at = 0;
	memcpy(kd->kmtp, tp, DT_THUMBPRINT_LEN);
	kd->epoch = epoch;
	kd->cur_ct = 0;
	tell_keymaker(kd);
	if (kd->ops.subscribe)
		kd->ops.subscribe(kd->ops.ctx, KL_T_MR, false);
	publish_mr(kd, now);
}

/* 4.6 step 7. */
static void elected(struct kd *kd, bool won, u64 epoch, u64 now)
{
	unsubscribe_election(kd);
	pr_info("%s: election %s, epoch %llu", kd->name, won ? "won" : "lost",
		(unsigned long long)epoch);
	if (kd->keymaker || kd->mr_pending || kd->cur_ct)
		return;
	kd->epoch = epoch;
	if (won)
		become_keymaker(kd, epoch, now);
}

static void election_out(struct kd *kd, unsigned int r, u64 now)
{
	u8 name[KL_NAME_MAX];

	if (r & KME_CAND)
		publish(kd, name, kl_name_cand(&kd->pfx, kd->el.epoch, now,
					       name, sizeof(name)),
			(const u8 *)"", 0, -1);
	if (r & KME_ELEC)
		publish(kd, name, kl_name_elec(&kd->pfx, kd->el.epoch, now,
					       name, sizeof(name)),
			(const u8 *)"", 0, -1);
	if (r & KME_DONE) {
		kd->electing = false;
		elected(kd, kd->el.won, kd->el.epoch, now);
	}
}

/* 4.7 steps 11-14: is there a key for us in this list? */
static void take_key(struct kd *kd, const struct kl_name *k,
		     const struct kl_content *c, u64 now)
{
	const struct kl_xkey *x = kd->has_x ? &kd->x : NULL;
	const u8 *rec;
	u8 key[KL_KEY_LEN];

	if (!kl_in_range(k, kd->tp) &&
	    !(kd->has_prev && kl_in_range(k, kd->prev_tp))) {
		if (!kd->cur_ct && !kd->mr_pending)
			publish_mr(kd, now);
		else
			check_later(kd, c->ct, now);
		return;
	}
	rec = kl_content_find(c, kd->tp);
	if (!rec && kd->has_prev) {
		rec = kl_content_find(c, kd->prev_tp);
		x = &kd->prev_x;
	}
	if (!rec) {
		/* also what DCT's garbled bulk lists lead to (4.8) */
		if (!kd->cur_ct && !kd->mr_pending)
			publish_mr(kd, now);
		return;
	}
	if (!x || kl_open(key, rec + DT_THUMBPRINT_LEN, x)) {
		if (!kd->mr_pending)
			publish_mr(kd, now);
		return;
	}
	kd->cur_ct = c->ct;
	memcpy(kd->key, key, KL_KEY_LEN);
	sodium_memzero(key, sizeof(key));
	kd->mr_pending = false;
	kd->mr_at = 0;
	kd->n_opened++;
	pr_info("%s: group key of keymaker %08x (epoch %llu)", kd->name,
		tpid(kd->kmtp), (unsigned long long)kd->epoch);
	if (kd->ops.install)
		kd->ops.install(kd->ops.ctx, kd->key, kd->cur_ct);
	/* 4.7 step 14: the first key ends initialization with a cState */
	if (!kd->connected && kd->ops.cstate_now)
		kd->ops.cstate_now(kd->ops.ctx);
	set_connected(kd);
}

/* 4.7 step 6: whom to follow. false: ignore this list. */
static bool follow(struct kd *kd, const u8 *tp, u64 e, u64 c)
{
	struct kd_signer s;

	if (tp_eq(tp, kd->kmtp)) {
		if (e < kd->epoch || c <= kd->cur_ct)
			return false;
	} else if (!(kd->epoch == 0 ||
		     (e == kd->epoch &&
		      memcmp(tp, kd->kmtp, DT_THUMBPRINT_LEN) > 0) ||
		     e > kd->epoch ||
		     kd->ops.signer(kd->ops.ctx, kd->kmtp, &s))) {
		return false;		/* a keymaker ours displaced */
	}
	if (!tp_eq(tp, kd->kmtp))
		pr_info("%s: following keymaker %08x, epoch %llu", kd->name,
			tpid(tp), (unsigned long long)e);
	memcpy(kd->kmtp, tp, DT_THUMBPRINT_LEN);
	kd->epoch = e;
	kd->cur_ct = 0;
	tell_keymaker(kd);
	return true;
}

/* 4.7 receiveKeyList. */
static void receive_list(struct kd *kd, const struct kl_name *k,
			 const u8 *content, size_t clen, const u8 *tp,
			 u64 now)
{
	struct kl_content c;
	struct kd_signer s;

	if (kd->msgs && kd->relay)
		return;
	if (kd->ops.signer(kd->ops.ctx, tp, &s) || s.priority <= 0)
		return;
	if (s.own) {
		/* step 3: our own earlier list: we were its keymaker */
		if (!kd->connected && !kd->keymaker)
			become_keymaker(kd, k->epoch + 1, now);
		return;
	}
	if (kd->keymaker) {
		if ((k->epoch == kd->epoch &&
		     memcmp(kd->tp, tp, DT_THUMBPRINT_LEN) < 0) ||
		    k->epoch > kd->epoch)
			give_up(kd, tp, k->epoch, now);
		return;
	}
	if (kl_content_parse(content, clen, &c) || !follow(kd, tp, k->epoch,
							   c.ct))
		return;
	if (!kd->mr_pending) {
		if (!kd->connected) {
			publish_mr(kd, now);
			return;
		}
		check_later(kd, c.ct, now);
	}
	if (kl_is_assertion(k, tp) || c.ct <= kd->cur_ct)
		return;
	take_key(kd, k, &c, now);
}

/* 4.8: a membership request signed by tp. */
static void receive_mr(struct kd *kd, const u8 *tp, u64 now)
{
	u8 rec[KL_REC_LEN], xpk[DT_X25519_LEN];
	struct kd_member *m, *old;
	struct kd_signer s;

	if (!kd->keymaker || kd->ops.signer(kd->ops.ctx, tp, &s) ||
	    (kd->msgs && s.relay))
		return;
	m = member_find(kd, tp);
	if (!m) {
		if (kl_xpk_from_ed(xpk, s.pk))
			return;
		/* a member's newer signing key replaces its older one */
		for (old = kd->mem; old < kd->mem + kd->nmem; old++)
			if (tp_eq(old->id, s.id)) {
				member_del(kd, old);
				break;
			}
		m = member_add(kd, tp, s.id, xpk);
		if (!m) {
			pr_warn("%s: no room for member %08x", kd->name,
				tpid(tp));
			return;
		}
		pr_info("%s: member %08x joins", kd->name, tpid(tp));
	}
	if (!kd->cur_ct)
		return;
	if (m->hold_until) {
		if (now < m->hold_until)
			return;
		m->hold_until = 0;
	} else {
		m->hold_until = now + KD_HOLD_US;
	}
	seal_record(kd, m, rec);
	publish_list(kd, rec, 1, now);
}

static void receive_election(struct kd *kd, const struct kl_name *k,
			     const u8 *tp, u64 now)
{
	struct kd_signer s;
	unsigned int r;

	if (!kd->electing)
		return;
	if (kd->ops.signer(kd->ops.ctx, tp, &s)) {
		s.priority = 0;
		s.own = false;
	}
	if (k->topic == KL_T_CAND)
		r = kme_cand(&kd->el, tp, s.priority, k->epoch);
	else
		r = kme_elec(&kd->el, s.priority, s.own, k->epoch, k->exact);
	election_out(kd, r, now);
}

void kd_rx(struct kd *kd, const struct dt_name *n, const u8 *content,
	   size_t clen, const u8 signer[DT_THUMBPRINT_LEN], u64 now)
{
	struct kl_name k;

	if (!kd->started || kl_name_parse(&kd->pfx, n, &k))
		return;
	switch (k.topic) {
	case KL_T_KL:
		receive_list(kd, &k, content, clen, signer, now);
		break;
	case KL_T_MR:
		receive_mr(kd, signer, now);
		break;
	case KL_T_CAND:
	case KL_T_ELEC:
		receive_election(kd, &k, signer, now);
		break;
	default:
		break;
	}
}

void kd_set_signing(struct kd *kd, const u8 tp[DT_THUMBPRINT_LEN],
		    const u8 *sk, int priority, bool relay, u64 now)
{
	bool first = tp_eq(kd->tp, zero_tp);

	if (tp_eq(tp, kd->tp)) {
		if (sk && !kd->has_x)
			kd->has_x = !kl_xkey_from_ed(&kd->x, sk);
		return;
	}
	if (!first) {
		memcpy(kd->prev_tp, kd->tp, DT_THUMBPRINT_LEN);
		kd->prev_x = kd->x;
		kd->has_prev = kd->has_x;
	}
	memcpy(kd->tp, tp, DT_THUMBPRINT_LEN);
	kd->has_x = sk && !kl_xkey_from_ed(&kd->x, sk);
	kd->priority = priority;
	kd->relay = relay;
	if (first || !kd->started)
		return;
	/*
	 * 2.7 step 5. DCT does nothing while initializing, which a rotation
	 * a day later never meets; ours can switch seconds after the start
	 * (a zone taken over, signing.c). A member that has asked asks
	 * again, signed with the key it can open lists with; a keymaker
	 * moves on at once, or members would weigh its new thumbprint
	 * against the old at the same epoch (4.7 step 6).
	 */
	if (!kd->keymaker) {
		if (kd->connected || kd->mr_pending)
			publish_mr(kd, now);
		return;
	}
	memcpy(kd->kmtp, tp, DT_THUMBPRINT_LEN);
	kd->epoch++;
	tell_keymaker(kd);
	make_key(kd, now);
}

void kd_resume(struct kd *kd, const u8 tp[DT_THUMBPRINT_LEN], u64 epoch)
{
	struct kd_signer s;

	if (kd->started || !epoch || tp_eq(tp, zero_tp))
		return;
	memcpy(kd->kmtp, tp, DT_THUMBPRINT_LEN);
	memcpy(kd->told_tp, tp, DT_THUMBPRINT_LEN);
	kd->epoch = epoch;
	kd->told_epoch = epoch;
	kd->resume_own = !kd->ops.signer(kd->ops.ctx, tp, &s) && s.own &&
			 s.priority > 0;
	pr_info("%s: the zone followed keymaker %08x%s, epoch %llu", kd->name,
		tpid(tp), kd->resume_own ? " (us)" : "",
		(unsigned long long)epoch);
}

void kd_start(struct kd *kd, u64 now)
{
	if (kd->started)
		return;
	kd->started = true;
	/* 4.5 step 2: a relay never has the Publication key */
	if (kd->msgs && kd->relay) {
		set_connected(kd);
		return;
	}
	if (kd->ops.subscribe)
		kd->ops.subscribe(kd->ops.ctx, KL_T_KL, true);
	/* no list displaced the keymaker we were: we go on as it */
	if (kd->resume_own && !kd->keymaker && !kd->connected &&
	    !kd->mr_pending && kd->priority > 0)
		become_keymaker(kd, kd->epoch + 1, now);
	kd->resume_own = false;
	if (kd->priority <= 0 || kd->epoch > 0 || kd->keymaker)
		return;
	kme_init(&kd->el, kd->priority, kd->tp);
	kd->electing = true;
	/* held results first: a restarted keymaker may finish there */
	if (kd->ops.subscribe)
		kd->ops.subscribe(kd->ops.ctx, KL_T_ELEC, true);
	if (kd->electing && kd->ops.subscribe)
		kd->ops.subscribe(kd->ops.ctx, KL_T_CAND, true);
	if (kd->electing)
		election_out(kd, kme_begin(&kd->el, now, KD_ELECTION_US), now);
}

void kd_confirmed(struct kd *kd, u64 cookie, bool ok)
{
	struct kd_wait w;
	unsigned int i;

	for (i = 0; i < kd->nwait; i++)
		if (kd->wait[i].cookie == cookie)
			break;
	if (i == kd->nwait)
		return;
	w = kd->wait[i];
	kd->wait[i] = kd->wait[--kd->nwait];
	if (!ok)
		goto out;
	if (w.kind == KD_W_ASSERT) {
		pr_debug("%s: assertion confirmed: our sigmgr takes the key",
			 kd->name);
		if (kd->ops.install)
			kd->ops.install(kd->ops.ctx, w.key, w.ct);
	} else if (kd->keymaker) {
		set_connected(kd);
	}
out:
	sodium_memzero(&w, sizeof(w));
}

static u64 earliest(u64 a, u64 b)
{
	return !a ? b : !b ? a : a < b ? a : b;
}

u64 kd_next_timer(const struct kd *kd)
{
	u64 t = earliest(kd->mr_at, kd->check_at);

	if (kd->electing)
		t = earliest(t, kd->el.deadline_us);
	if (kd->keymaker)
		t = earliest(t, kd->rekey_at);
	return t;
}

void kd_timer(struct kd *kd, u64 now)
{
	if (kd->mr_at && now >= kd->mr_at)
		publish_mr(kd, now);
	if (kd->check_at && now >= kd->check_at) {
		kd->check_at = 0;
		if (kd->cur_ct < kd->check_ct && !kd->keymaker)
			publish_mr(kd, now);
		kd->check_ct = 0;
	}
	if (kd->electing && kd->el.deadline_us && now >= kd->el.deadline_us)
		election_out(kd, kme_timer(&kd->el, now), now);
	if (kd->keymaker && kd->rekey_at && now >= kd->rekey_at) {
		make_key(kd, now);
		kd->rekey_at = now + KD_REKEY_US;
	}
}
