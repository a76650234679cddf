// SPDX-License-Identifier: GPL-2.0
/* deftd's group key distributors: AF_DEFTT applications of keys/pdus and keys/msgs. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/socket.h>

#include "deftd.h"
#include "keydist.h"
#include "log.h"

/* A keys Publication is at most a PDU (wire.md 10). */
#define RXBUF_LEN	(DT_MAX_DGRAM + 64)
/* Name TLV of <zone id>/keys/<pdus|msgs>: what maxKR is computed from. */
#define KEYS_COLL_NAME	24

/* One distributor (distributors.md 4) on its collection. */
struct deftd_kd {
	struct deftd *dd;
	unsigned int coll;		/* DEFTT_COLL_KEYS_* */
	const char *cap;		/* "KM" or "KMP" (4.1) */
	bool present;			/* the schema's validator encrypts */
	bool started;
	int sock;
	struct kd kd;
	/* the Publication being handed over: its signer's cert name */
	const u8 *rx_tp;
	struct dt_name rx_signer;
	bool rx_has_signer;
};

struct deftd_keys {
	struct deftd_kd k[2];		/* keys/pdus, keys/msgs */
	bool start_due;			/* the next distributor starts (2.5) */
	bool cert_connected;
	bool exit_when_connected;	/* --once-connected-exit, deferred */
	u8 *rxbuf;
};

static const u8 *cert_pk(const struct deftd_cert *c)
{
	return c->d.content_len == 32 ? dt_data_content(&c->d) : NULL;
}

/* The capability digit (4.1) and RLY in the chain from c up. */
static void chain_caps(const struct deftd *dd, const struct deftd_cert *c,
		       const char *cap, int *prio, bool *relay)
{
	const struct dt_name *names[DT_SCM_MAX_CHAIN_LEN + 1];
	unsigned int n = 0;
	struct dt_comp arg;

	while (c && n < ARRAY_SIZE(names)) {
		names[n++] = &c->d.name;
		if (!c->d.si.key_digest || dt_tp_is_zero(c->d.si.key_digest))
			break;
		c = deftd_store_find(&dd->trust.store, c->d.si.key_digest);
	}
	*prio = 0;
	if (dt_schema_cap_find(dd->schema, names, n, cap, &arg) >= 0 &&
	    arg.len == 1 && arg.val[0] >= '0' && arg.val[0] <= '9')
		*prio = arg.val[0] - '0';
	*relay = dt_schema_cap_find(dd->schema, names, n, "RLY", &arg) >= 0;
}

static void own_caps(const struct deftd *dd, const char *cap, int *prio,
		     bool *relay)
{
	chain_caps(dd, deftd_store_find(&dd->trust.store, dd->trust.id_tp),
		   cap, prio, relay);
}

/* Two signing cert names that differ at most in KEY/<kid>/dct/<ts>. */
static bool same_name_prefix(const struct dt_name *a, const struct dt_name *b)
{
	return a->ncomp > 4 && a->ncomp == b->ncomp &&
	       a->off[a->ncomp - 4] == b->off[b->ncomp - 4] &&
	       !memcmp(a->val, b->val, a->off[a->ncomp - 4]);
}

/* A signing cert of ours in the store is named like name. */
static bool our_name(const struct deftd *dd, const struct dt_name *name)
{
	const struct deftd_store *st = &dd->trust.store;
	unsigned int i;

	for (i = 0; i < st->n; i++)
		if ((st->c[i]->flags & DEFTD_CERT_LOCAL) &&
		    (st->c[i]->flags & DEFTD_CERT_SIGNING))
			return same_name_prefix(&st->c[i]->d.name, name);
	return false;
}

/*
 * A signing key of our identity whose cert is not in our store: the one
 * a zone taken over signs with, or an earlier deftd's that the kernel
 * still holds (its cert is ours, so the store ignored it, 3.3 step 4).
 * For the Publication at hand the signer's cert name tells.
 */
static bool own_key(const struct deftd_kd *g, const u8 *tp)
{
	const struct deftd *dd = g->dd;

	if (!memcmp(tp, dd->cur.tp, DT_THUMBPRINT_LEN) ||
	    (dd->took_key && !memcmp(tp, dd->took.tp, DT_THUMBPRINT_LEN)))
		return true;
	return g->rx_has_signer && g->rx_tp &&
	       !memcmp(tp, g->rx_tp, DT_THUMBPRINT_LEN) &&
	       our_name(dd, &g->rx_signer);
}

static int cb_signer(void *ctx, const u8 tp[DT_THUMBPRINT_LEN],
		     struct kd_signer *s)
{
	struct deftd_kd *g = ctx;
	struct deftd *dd = g->dd;
	const struct deftd_cert *c = deftd_store_find(&dd->trust.store, tp);

	memset(s, 0, sizeof(*s));
	if (c && (c->flags & DEFTD_CERT_SIGNING) && cert_pk(c) &&
	    c->d.si.key_digest) {
		memcpy(s->pk, cert_pk(c), sizeof(s->pk));
		memcpy(s->id, c->d.si.key_digest, DT_THUMBPRINT_LEN);
		s->not_after_us = (u64)c->not_after * 1000000;
		s->own = !memcmp(s->id, dd->trust.id_tp, DT_THUMBPRINT_LEN);
		chain_caps(dd, c, g->cap, &s->priority, &s->relay);
		return 0;
	}
	if (c || !own_key(g, tp))
		return -ENOENT;
	own_caps(dd, g->cap, &s->priority, &s->relay);
	memcpy(s->id, dd->trust.id_tp, DT_THUMBPRINT_LEN);
	s->own = true;
	s->not_after_us = (u64)(dd->took_key ? dd->took.not_after :
				dd->cur.not_after) * 1000000;
	return 0;
}

static int cb_publish(void *ctx, const u8 *name, size_t nlen,
		      const u8 *content, size_t clen, u64 cookie)
{
	union {
		char buf[CMSG_SPACE(KL_NAME_MAX) + CMSG_SPACE(sizeof(u64))];
		struct cmsghdr align;
	} ctl;
	struct deftd_kd *g = ctx;
	struct iovec iov = { .iov_base = (void *)content, .iov_len = clen };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *cm;

	if (nlen > KL_NAME_MAX)
		return -EMSGSIZE;
	memset(&ctl, 0, sizeof(ctl));
	mh.msg_control = ctl.buf;
	mh.msg_controllen = CMSG_SPACE(nlen) +
			    (cookie ? CMSG_SPACE(sizeof(cookie)) : 0);
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_DEFTT;
	cm->cmsg_type = DEFTT_CM_NAME;
	cm->cmsg_len = CMSG_LEN(nlen);
	memcpy(CMSG_DATA(cm), name, nlen);
	if (cookie) {
		cm = CMSG_NXTHDR(&mh, cm);
		cm->cmsg_level = SOL_DEFTT;
		cm->cmsg_type = DEFTT_CM_CONFIRM;
		cm->cmsg_len = CMSG_LEN(sizeof(cookie));
		memcpy(CMSG_DATA(cm), &cookie, sizeof(cookie));
	}
	if (sendmsg(g->sock, &mh, MSG_DONTWAIT) < 0)
		return -errno;
	return 0;
}

static void keys_rx(struct deftd_kd *g);

static int cb_subscribe(void *ctx, enum kl_topic t, bool on)
{
	struct deftd_kd *g = ctx;
	u8 pfx[KL_NAME_MAX];
	int len = kl_topic_prefix(&g->kd.pfx, t, pfx, sizeof(pfx));

	if (len < 0)
		return -EINVAL;
	if (setsockopt(g->sock, SOL_DEFTT, on ? DEFTT_SUBSCRIBE :
		       DEFTT_UNSUBSCRIBE, pfx, (socklen_t)len)) {
		if (!on && errno == ENOENT)
			return 0;
		pr_warn("%s: cannot %ssubscribe to %s: %s", g->kd.name,
			on ? "" : "un", kl_topic_name(t), strerror(errno));
		return -errno;
	}
	/* the collection's Publications under it come at once (4.5, 4.6) */
	if (on)
		keys_rx(g);
	return 0;
}

static void cb_install(void *ctx, const u8 key[KL_KEY_LEN], u64 ct)
{
	struct deftd_kd *g = ctx;

	deftd_zone_set_group_key(g->dd, g->coll == DEFTT_COLL_KEYS_PDUS ?
				 DEFTT_GKEY_PDUS : DEFTT_GKEY_MSGS, key, ct);
}

static void cb_keymaker(void *ctx, const u8 tp[DT_THUMBPRINT_LEN], u64 epoch)
{
	struct deftd_kd *g = ctx;

	deftd_zone_set_keymaker(g->dd, g->coll, tp, epoch);
}

static void cb_cstate_now(void *ctx)
{
	struct deftd_kd *g = ctx;

	if (setsockopt(g->sock, SOL_DEFTT, DEFTT_CSTATE_NOW, NULL, 0))
		pr_debug("%s: no cState at once: %s", g->kd.name,
			 strerror(errno));
}

/* 2.5: the next distributor starts from the timer, not from inside this. */
static void cb_connected(void *ctx)
{
	struct deftd_kd *g = ctx;

	g->dd->keys->start_due = true;
}

static struct deftd_kd *keys_of(struct deftd *dd, unsigned int coll)
{
	return &dd->keys->k[coll == DEFTT_COLL_KEYS_MSGS];
}

int deftd_keys_init(struct deftd *dd)
{
	const struct kd_ops ops = {
		.signer = cb_signer,
		.publish = cb_publish,
		.subscribe = cb_subscribe,
		.install = cb_install,
		.keymaker = cb_keymaker,
		.connected = cb_connected,
		.cstate_now = cb_cstate_now,
	};
	struct deftd_keys *ks;
	struct kl_prefix pfx;
	struct kd_ops o = ops;
	unsigned int i;

	if (!dt_sig_encrypts(dd->schema->pdu_sig) &&
	    !dt_sig_encrypts(dd->schema->msgs_sig))
		return 0;
	if (kl_prefix_from_schema(&pfx, dd->schema)) {
		pr_err("the schema's #pubPrefix is too long for the key distributors");
		return -EINVAL;
	}
	ks = calloc(1, sizeof(*ks));
	if (ks)
		ks->rxbuf = malloc(RXBUF_LEN);
	if (!ks || !ks->rxbuf) {
		free(ks);
		pr_err("out of memory");
		return -ENOMEM;
	}
	/* it holds group keys and our X25519 secrets: out of swap */
	mlock(ks, sizeof(*ks));
	dd->keys = ks;
	for (i = 0; i < ARRAY_SIZE(ks->k); i++) {
		struct deftd_kd *g = &ks->k[i];

		g->dd = dd;
		g->sock = -1;
		g->coll = i ? DEFTT_COLL_KEYS_MSGS : DEFTT_COLL_KEYS_PDUS;
		g->cap = i ? "KMP" : "KM";
		g->present = dt_sig_encrypts(i ? dd->schema->msgs_sig :
					     dd->schema->pdu_sig);
		o.ctx = g;
		if (kd_init(&g->kd, &o, &pfx, i,
			    kl_max_records(&pfx, KEYS_COLL_NAME))) {
			pr_err("out of memory");
			return -ENOMEM;
		}
	}
	deftd_keys_signing(dd, &dd->cur);
	for (i = 0; i < ARRAY_SIZE(ks->k); i++)
		if (ks->k[i].present && dd->took_km[i].set)
			kd_resume(&ks->k[i].kd, dd->took_km[i].tp,
				  dd->took_km[i].epoch);
	return 0;
}

void deftd_keys_signing(struct deftd *dd, const struct deftd_sp *sp)
{
	struct deftd_keys *ks = dd->keys;
	unsigned int i;
	bool relay;
	int prio;

	if (!ks)
		return;
	for (i = 0; i < ARRAY_SIZE(ks->k); i++) {
		if (!ks->k[i].present)
			continue;
		own_caps(dd, ks->k[i].cap, &prio, &relay);
		/* a zone taken over signs with a key whose secret we lack */
		kd_set_signing(&ks->k[i].kd, sp->tp, sp->cert ? sp->kp.sk : NULL,
			       prio, relay, dt_now_us());
	}
}

static int keys_open(struct deftd_kd *g)
{
	int fd = deftd_coll_open(g->dd, g->coll, g->kd.name);

	if (fd < 0)
		return fd;
	g->sock = fd;
	return deftd_loop_watch(g->dd, g->sock, g->coll);
}

/* 2.5 steps 2-5: the first present distributor not yet started. */
static void start_next(struct deftd *dd)
{
	struct deftd_keys *ks = dd->keys;
	struct deftd_kd *g;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ks->k); i++) {
		g = &ks->k[i];
		if (!g->present)
			continue;
		if (g->started && !g->kd.connected)
			return;		/* it has to connect first */
		if (g->started)
			continue;
		if (keys_open(g)) {
			dd->exit_code = DEFTD_EXIT_FAIL;
			dd->stop = true;
			return;
		}
		g->started = true;
		pr_info("zone %u: %s distributor starts", dd->zone,
			g->kd.name);
		kd_start(&g->kd, dt_now_us());
		return;
	}
	pr_notice("zone %u on %s: connected: certs and group keys",
		  dd->zone, dd->conf.iface);
	deftd_zone_set_connected(dd);
	deftd_notify("STATUS=zone %u on %s: connected, group keys held",
		     dd->zone, dd->conf.iface);
	if (ks->exit_when_connected)
		dd->stop = true;
}

bool deftd_keys_connected(const struct deftd *dd)
{
	const struct deftd_keys *ks = dd->keys;
	unsigned int i;

	if (!ks)
		return true;
	for (i = 0; i < ARRAY_SIZE(ks->k); i++)
		if (ks->k[i].present && !ks->k[i].kd.connected)
			return false;
	return true;
}

void deftd_keys_cert_connected(struct deftd *dd)
{
	struct deftd_keys *ks = dd->keys;

	if (!ks || ks->cert_connected)
		return;
	ks->cert_connected = true;
	ks->start_due = true;
	/* the test option waits for the group keys too */
	if (dd->opts.once_connected_exit) {
		dd->opts.once_connected_exit = false;
		ks->exit_when_connected = true;
	}
}

u64 deftd_keys_next_timer(const struct deftd *dd)
{
	const struct deftd_keys *ks = dd->keys;
	unsigned int i;
	u64 t, at = 0;

	if (!ks)
		return 0;
	if (ks->start_due)
		return 1;	/* long past: at once */
	for (i = 0; i < ARRAY_SIZE(ks->k); i++) {
		if (!ks->k[i].started)
			continue;
		t = kd_next_timer(&ks->k[i].kd);
		if (t && (!at || t < at))
			at = t;
	}
	return at;
}

void deftd_keys_timer(struct deftd *dd, u64 now_us)
{
	struct deftd_keys *ks = dd->keys;
	unsigned int i;
	u64 t;

	if (!ks)
		return;
	if (ks->start_due) {
		ks->start_due = false;
		start_next(dd);
	}
	for (i = 0; i < ARRAY_SIZE(ks->k) && !dd->stop; i++) {
		if (!ks->k[i].started)
			continue;
		t = kd_next_timer(&ks->k[i].kd);
		if (t && t <= now_us)
			kd_timer(&ks->k[i].kd, now_us);
	}
}

/* The control messages of one received Publication. */
static void rx_cmsgs(struct deftd_kd *g, struct msghdr *mh,
		     const u8 **tp)
{
	struct cmsghdr *cm;

	*tp = NULL;
	g->rx_has_signer = false;
	for (cm = CMSG_FIRSTHDR(mh); cm; cm = CMSG_NXTHDR(mh, cm)) {
		size_t len = cm->cmsg_len - CMSG_LEN(0);

		if (cm->cmsg_level != SOL_DEFTT)
			continue;
		if (cm->cmsg_type == DEFTT_CM_SIGNER &&
		    len == DT_THUMBPRINT_LEN)
			*tp = CMSG_DATA(cm);
		else if (cm->cmsg_type == DEFTT_CM_SIGNER_NAME &&
			 !dt_name_parse(CMSG_DATA(cm), len, 0, &g->rx_signer))
			g->rx_has_signer = true;
	}
}

/*
 * One Publication to the distributor. It may subscribe, which reads more
 * into the shared buffer: the Publication and its signer are copied.
 */
static void rx_one(struct deftd_kd *g, const u8 *buf, size_t n, const u8 *tp)
{
	u8 signer[DT_THUMBPRINT_LEN];
	struct dt_data d;
	u8 *copy;

	copy = malloc(n);
	if (!copy)
		return;
	memcpy(copy, buf, n);
	memcpy(signer, tp, sizeof(signer));
	if (!dt_pub_parse(copy, n, &d)) {
		g->rx_tp = signer;
		kd_rx(&g->kd, &d.name, dt_data_content(&d), d.content_len,
		      signer, dt_now_us());
	}
	g->rx_tp = NULL;
	g->rx_has_signer = false;
	free(copy);
}

static void keys_rx(struct deftd_kd *g)
{
	union {
		char buf[CMSG_SPACE(DT_THUMBPRINT_LEN) + 3 * CMSG_SPACE(1024)];
		struct cmsghdr align;
	} ctl;
	struct deftd *dd = g->dd;
	u8 *buf = dd->keys->rxbuf;
	const u8 *tp;
	struct msghdr mh;
	struct iovec iov;
	struct dt_data d;
	ssize_t n;

	for (;;) {
		iov.iov_base = buf;
		iov.iov_len = RXBUF_LEN;
		memset(&mh, 0, sizeof(mh));
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = ctl.buf;
		mh.msg_controllen = sizeof(ctl.buf);
		n = deftd_coll_recv(dd, g->sock, &mh, g->kd.name);
		if (n <= 0)
			return;
		rx_cmsgs(g, &mh, &tp);
		if ((mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) ||
		    dt_pub_parse(buf, (size_t)n, &d) ||
		    (!tp && !d.si.key_digest)) {
			pr_debug("%s: a Publication we cannot read was dropped",
				 g->kd.name);
			continue;
		}
		if (!tp)
			tp = d.si.key_digest;
		rx_one(g, buf, (size_t)n, tp);
		if (dd->stop)
			return;
	}
}

static void keys_confirm_cb(void *ctx, u64 cookie, bool ok)
{
	struct deftd_kd *g = ctx;

	kd_confirmed(&g->kd, cookie, ok);
}

/* Delivery confirmations from the error queue. */
static void keys_errqueue(struct deftd_kd *g)
{
	deftd_confirms_read(g->sock, keys_confirm_cb, g);
}

void deftd_keys_event(struct deftd *dd, unsigned int coll, u32 events)
{
	struct deftd_kd *g;

	if (!dd->keys)
		return;
	g = keys_of(dd, coll);
	if (events & EPOLLHUP) {
		pr_err("zone %u: the %s socket was closed by the kernel",
		       dd->zone, g->kd.name);
		dd->exit_code = DEFTD_EXIT_FAIL;
		dd->stop = true;
		return;
	}
	if (events & EPOLLERR)
		keys_errqueue(g);
	if (events & EPOLLIN)
		keys_rx(g);
}

void deftd_keys_free(struct deftd *dd)
{
	struct deftd_keys *ks = dd->keys;
	unsigned int i;

	if (!ks)
		return;
	for (i = 0; i < ARRAY_SIZE(ks->k); i++) {
		if (ks->k[i].sock >= 0)
			close(ks->k[i].sock);
		if (ks->k[i].kd.mem)
			kd_free(&ks->k[i].kd);
	}
	free(ks->rxbuf);
	munlock(ks, sizeof(*ks));
	free(ks);
	dd->keys = NULL;
}
