// SPDX-License-Identifier: GPL-2.0
/* The cert distributor: an AF_DEFTT application of the cert collection. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include "deftd.h"
#include "log.h"

/* A cert is one TLV: its value is at most 65535 bytes. */
#define RXBUF_LEN	(65536 + 8)

static void check_connected(struct deftd *dd)
{
	if (dd->connected || dd->initial_left || !dd->have_peer)
		return;
	/* 3.4: our initial certs are out and a peer's cert came in */
	dd->connected = true;
	pr_notice("zone %u on %s: cert distributor connected", dd->zone,
		  dd->conf.iface);
	deftd_zone_set_connected(dd);
	deftd_notify("STATUS=zone %u on %s: connected", dd->zone,
		     dd->conf.iface);
	if (dd->opts.once_connected_exit)
		dd->stop = true;
}

static int hook_install(void *ctx, const struct deftd_cert *const *chain,
			unsigned int n)
{
	return deftd_signer_add(ctx, chain, n);
}

/* 3.3's re-publish hook: "I have a peer", and the cert goes out again. */
static void hook_stored(void *ctx, const struct deftd_cert *c)
{
	struct deftd *dd = ctx;

	dd->have_peer = true;
	deftd_dist_publish(dd, c->buf, c->len, c->tp, -1);
	check_connected(dd);
}

static void hook_removed(void *ctx, const struct deftd_cert *c)
{
	deftd_signer_del(ctx, c->tp);
}

int deftd_dist_init(struct deftd *dd)
{
	const struct deftd_trust_ops ops = {
		.install = hook_install,
		.stored = hook_stored,
		.removed = hook_removed,
		.ctx = dd,
	};
	const struct dtc_chain *ch = &dd->id.ch;
	const u8 *buf[DT_BUNDLE_MAX_CERTS];
	u32 len[DT_BUNDLE_MAX_CERTS];
	unsigned int i;

	dd->sock = -1;
	for (i = 0; i < ch->n; i++) {
		buf[i] = ch->c[i].buf;
		len[i] = ch->c[i].len;
	}
	dd->rxbuf = malloc(RXBUF_LEN);
	if (!dd->rxbuf ||
	    deftd_trust_init(&dd->trust, dd->schema, buf, len, ch->n, &ops)) {
		pr_err("out of memory");
		return -ENOMEM;
	}
	return 0;
}

int deftd_dist_open(struct deftd *dd)
{
	int fd = deftd_coll_open(dd, DEFTT_COLL_CERT, "cert");

	if (fd < 0)
		return fd;
	dd->sock = fd;
	/* an empty prefix: every cert of the collection */
	if (setsockopt(dd->sock, SOL_DEFTT, DEFTT_SUBSCRIBE, "", 0)) {
		pr_err("cannot subscribe to the cert collection: %s",
		       strerror(errno));
		return -errno;
	}
	return 0;
}

void deftd_dist_close(struct deftd *dd)
{
	if (dd->sock >= 0)
		close(dd->sock);
	dd->sock = -1;
	free(dd->rxbuf);
	dd->rxbuf = NULL;
	deftd_trust_free(&dd->trust);
}

static const char *cert_name(const u8 *buf, u32 len, char *out, size_t cap)
{
	struct dt_data d;

	if (dt_cert_parse(buf, len, DT_CERT_F_ANCHOR | DT_CERT_F_SCHEMA, &d) ||
	    dt_name_uri(&d.name, out, cap) < 0)
		snprintf(out, cap, "(cert)");
	return out;
}

/*
 * Publishes a whole cert into the cert collection; kind >= 0 asks for a
 * delivery confirmation (an enum deftd_confirm_kind). 0 or -errno;
 * -EEXIST when the collection already holds it.
 */
int deftd_dist_publish(struct deftd *dd, const u8 *buf, u32 len,
		       const u8 tp[DT_THUMBPRINT_LEN], int kind)
{
	union {
		char buf[CMSG_SPACE(sizeof(u64))];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct deftd_confirm *w;
	struct cmsghdr *cm;
	char name[512];
	u64 cookie = 0;

	if (kind >= 0 && dd->nwait == DEFTD_CONFIRM_MAX) {
		pr_warn("too many publications await confirmation; not asking for one");
		kind = -1;
	}
	if (kind >= 0) {
		cookie = ++dd->cookie;
		memset(&ctl, 0, sizeof(ctl));
		mh.msg_control = ctl.buf;
		mh.msg_controllen = sizeof(ctl.buf);
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_DEFTT;
		cm->cmsg_type = DEFTT_CM_CONFIRM;
		cm->cmsg_len = CMSG_LEN(sizeof(cookie));
		memcpy(CMSG_DATA(cm), &cookie, sizeof(cookie));
	}
	if (sendmsg(dd->sock, &mh, MSG_DONTWAIT) < 0) {
		int err = -errno;

		if (err != -EEXIST)
			pr_warn("cannot publish %s: %s",
				cert_name(buf, len, name, sizeof(name)),
				strerror(-err));
		return err;
	}
	pr_debug("published %s%s", cert_name(buf, len, name, sizeof(name)),
		 kind >= 0 ? " (confirmation asked)" : "");
	if (kind >= 0) {
		w = &dd->wait[dd->nwait++];
		w->cookie = cookie;
		memcpy(w->tp, tp, DT_THUMBPRINT_LEN);
		w->kind = kind;
	}
	return 0;
}

/* 3.2: every cert of the store at start, with confirmation. */
void deftd_dist_publish_initial(struct deftd *dd)
{
	struct deftd_store *st = &dd->trust.store;
	unsigned int i;
	int err;

	dd->initial_left = 0;
	for (i = 0; i < st->n; i++) {
		if (!(st->c[i]->flags & DEFTD_CERT_LOCAL))
			continue;
		/* a new key waiting to be switched to: signing.c's */
		if (dd->have_next &&
		    !memcmp(st->c[i]->tp, dd->next.tp, DT_THUMBPRINT_LEN))
			continue;
		err = deftd_dist_publish(dd, st->c[i]->buf, st->c[i]->len,
					 st->c[i]->tp, DEFTD_PUB_INITIAL);
		/*
		 * EEXIST: a zone taken over from an earlier deftd already
		 * has it. A cert that cannot be published at all (the kernel
		 * may refuse a schema cert larger than any cAdd, 3.1) can
		 * never be confirmed: neither holds connection up.
		 */
		if (!err)
			dd->initial_left++;
	}
	pr_debug("%u initial certs await confirmation", dd->initial_left);
	check_connected(dd);
}

static void confirmed(void *ctx, u64 cookie, bool ok)
{
	struct deftd *dd = ctx;
	struct deftd_confirm w;
	unsigned int i;

	for (i = 0; i < dd->nwait; i++)
		if (dd->wait[i].cookie == cookie)
			break;
	if (i == dd->nwait) {
		pr_debug("confirmation of unknown cookie %llu",
			 (unsigned long long)cookie);
		return;
	}
	w = dd->wait[i];
	dd->wait[i] = dd->wait[--dd->nwait];
	pr_debug("cert %08x %s", dt_get_be32(w.tp),
		 ok ? "confirmed" : "expired unconfirmed");
	switch (w.kind) {
	case DEFTD_PUB_INITIAL:
		/* 3.2: success or timeout, it leaves the initial set */
		if (dd->initial_left)
			dd->initial_left--;
		check_connected(dd);
		break;
	case DEFTD_PUB_ROTATION:
		/* 2.7 step 6: a timeout changes nothing */
		if (ok)
			deftd_signing_confirmed(dd, w.tp);
		break;
	}
}

/* Delivery confirmations from the error queue (uapi: DEFTT_CM_CONFIRM). */
void deftd_dist_errqueue(struct deftd *dd)
{
	bool seen = deftd_confirms_read(dd->sock, confirmed, dd);

	if (!seen) {
		int err = 0;
		socklen_t sl = sizeof(err);

		/* not the queue: an error on the socket itself */
		if (!getsockopt(dd->sock, SOL_SOCKET, SO_ERROR, &err, &sl) &&
		    err)
			pr_warn("cert collection socket: %s", strerror(err));
	}
}

/* Whole certs from the network, each through the cert store's rules. */
void deftd_dist_rx(struct deftd *dd)
{
	struct msghdr mh;
	struct iovec iov;
	ssize_t n;

	for (;;) {
		iov.iov_base = dd->rxbuf;
		iov.iov_len = RXBUF_LEN;
		memset(&mh, 0, sizeof(mh));
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		n = deftd_coll_recv(dd, dd->sock, &mh, "cert");
		if (n <= 0)
			return;
		if (mh.msg_flags & MSG_TRUNC) {
			pr_debug("a cert larger than %d bytes was dropped",
				 RXBUF_LEN);
			continue;
		}
		deftd_trust_offer(&dd->trust, dd->rxbuf, (size_t)n,
				  dt_now_us());
	}
}
