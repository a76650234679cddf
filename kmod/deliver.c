// SPDX-License-Identifier: GPL-2.0
/* Handing Publications and delivery confirmations from the engines to bound sockets. */
#include <linux/errqueue.h>
#include <linux/skbuff.h>
#include <net/sock.h>

#include "core/ids.h"
#include "deftt.h"
#include "sock.h"

/*
 * Each collection engine has one subscription (the empty prefix) whose
 * consumer is the collection itself: deftt_op_deliver() then fans a
 * Publication out to every socket bound to that collection whose
 * prefixes match. A socket that subscribes later is caught up through
 * dt_sync_replay(), which names the socket as the consumer. Both run
 * under zs->lock, which also guards the socket list and prefixes.
 */

static bool deftt_sock_wants(const struct deftt_sock *ds,
			     const struct dt_name *n)
{
	unsigned int i;

	for (i = 0; i < ds->nsubs; i++)
		if (dt_name_is_prefix(&ds->subs[i]->name, n))
			return true;
	return false;
}

/* Creation time as DEFTT_CM_TIME gives it: name Timestamp or NotBefore. */
static u64 deftt_pub_time(const struct dt_data *d)
{
	struct dt_comp c;
	s64 secs;
	u64 us;

	if (d->si.not_before) {
		if (!dt_validity_parse(d->si.not_before, &secs) && secs > 0)
			return (u64)secs * USEC_PER_SEC;
		return 0;
	}
	dt_name_comp(&d->name, -1, &c);
	if (c.type == DT_COMP_TIMESTAMP && !dt_comp_number(&c, &us))
		return us;
	return 0;
}

static void deftt_deliver_one(struct deftt_coll *c, struct deftt_sock *ds,
			      const struct dt_data *d)
{
	struct deftt_sync *zs = &c->z->sync;
	struct deftt_signer *s = NULL;
	struct deftt_skb_cb *cb;
	struct sk_buff *skb;
	struct dt_data copy;
	u32 sname = 0;

	if (d->si.key_digest && c->idx != DEFTT_COLL_CERT) {
		s = deftt_signer_find(zs, d->si.key_digest);
		if (s)
			sname = s->name_size;
	}
	skb = alloc_skb(d->size + sname, GFP_KERNEL);
	if (!skb) {
		deftt_zone_drop(c->z, DEFTT_DROP_NOMEM);
		return;
	}
	skb_put_data(skb, d->buf, d->size);
	if (s)
		skb_put_data(skb, s->name, sname);

	cb = DEFTT_SKB_CB(skb);
	memset(cb, 0, sizeof(*cb));
	cb->pub_len = d->size;
	cb->content_off = d->off_content;
	cb->content_len = d->content_len;
	cb->name_off = d->off_name;
	cb->name_len = d->name.size;
	cb->kd_off = d->si.key_digest ? d->si.key_digest - d->buf : 0;
	cb->sname_len = sname;
	cb->time_us = deftt_pub_time(d);
	cb->coll = c->idx;

	/* End-to-end sealed Content is opened for the application. */
	if (c->idx == DEFTT_COLL_MSGS && dt_sig_encrypts(c->pub_mgr.type) &&
	    (dt_data_parse(skb->data, d->size, DT_KIND_ANY, 0, &copy) ||
	     dt_sig_decrypt(&c->pub_mgr, &zs->keys, skb->data, &copy,
			    skb->data + copy.off_content))) {
		deftt_zone_drop(c->z, DEFTT_DROP_SIGNATURE);
		kfree_skb(skb);
		return;
	}
	if (sock_queue_rcv_skb(&ds->sk, skb)) {
		deftt_zone_drop(c->z, DEFTT_DROP_RCVBUF);
		kfree_skb(skb);
		return;
	}
	deftt_zone_stat(c->z, DEFTT_A_STAT_RX_DELIVERED, 1);
}

void deftt_op_deliver(void *ctx, void *sub, const u8 *pub, size_t len)
{
	struct deftt_coll *c = ctx;
	struct deftt_sock *ds;
	struct dt_data d;

	if (dt_data_parse(pub, len, DT_KIND_ANY, 0, &d))
		return;
	if (sub != c) {
		/* dt_sync_replay() for one socket that just subscribed */
		deftt_deliver_one(c, sub, &d);
		return;
	}
	list_for_each_entry(ds, &c->z->sync.socks, node)
		if (ds->collection == c->idx && deftt_sock_wants(ds, &d.name))
			deftt_deliver_one(c, ds, &d);
}

/* Queues the answer on the socket's error queue and frees the request. */
static void deftt_confirm_report(struct deftt_confirm *cf, int err, u32 hash)
{
	struct sock_exterr_skb *serr;
	struct sk_buff *skb;

	list_del(&cf->node);
	skb = alloc_skb(sizeof(cf->cookie), GFP_KERNEL);
	if (skb) {
		skb_put_data(skb, &cf->cookie, sizeof(cf->cookie));
		serr = SKB_EXT_ERR(skb);
		memset(serr, 0, sizeof(*serr));
		serr->ee.ee_errno = err;
		serr->ee.ee_origin = SO_EE_ORIGIN_LOCAL;
		serr->ee.ee_info = hash;
		if (sock_queue_err_skb(cf->sk, skb))
			kfree_skb(skb);
	}
	sock_put(cf->sk);
	kfree(cf);
}

void deftt_op_confirm(void *ctx, void *cookie, u32 hash, bool delivered)
{
	deftt_confirm_report(cookie, delivered ? 0 : ETIMEDOUT, hash);
}

/* A request the engine did not take (publish failed): drop it quietly. */
void deftt_confirm_cancel(struct deftt_sync *zs, struct deftt_confirm *cf)
{
	struct deftt_confirm *p;

	list_for_each_entry(p, &zs->confirms, node) {
		if (p == cf) {
			list_del(&cf->node);
			sock_put(cf->sk);
			kfree(cf);
			return;
		}
	}
}

/* The zone goes away: every open request is answered with ENODEV. */
void deftt_confirms_flush(struct deftt_zone *z)
{
	struct deftt_confirm *cf, *tmp;

	list_for_each_entry_safe(cf, tmp, &z->sync.confirms, node)
		deftt_confirm_report(cf, ENODEV, 0);
}

/* Bound sockets learn that their zone is gone (ENODEV on the next call). */
void deftt_socks_zone_dead(struct deftt_zone *z)
{
	struct deftt_sock *ds;

	list_for_each_entry(ds, &z->sync.socks, node) {
		ds->sk.sk_err = ENODEV;
		sk_error_report(&ds->sk);
	}
}
