// SPDX-License-Identifier: GPL-2.0
/* AF_DEFTT: the socket family applications open to publish and subscribe. */
#include <linux/deftt.h>
#include <linux/module.h>
#include <linux/net.h>
#include <linux/socket.h>
#include <net/sock.h>

#include "core/schema.h"
#include "deftt.h"
#include "sock.h"

static struct proto deftt_proto = {
	.name = "DEFTT",
	.owner = THIS_MODULE,
	.obj_size = sizeof(struct deftt_sock),
};

/* Leaves the zone: off its list, prefixes freed, reference dropped. */
static void deftt_unbind(struct deftt_sock *ds)
{
	struct deftt_zone *z = ds->z;
	unsigned int i;

	if (!z)
		return;
	mutex_lock(&z->sync.lock);
	list_del(&ds->node);
	for (i = 0; i < ds->nsubs; i++)
		kfree(ds->subs[i]);
	ds->nsubs = 0;
	mutex_unlock(&z->sync.lock);
	ds->z = NULL;
	deftt_zone_put(z);
}

static int deftt_release(struct socket *sock)
{
	struct sock *sk = sock->sk;

	if (!sk)
		return 0;

	lock_sock(sk);
	deftt_unbind(deftt_sk(sk));
	sock_orphan(sk);
	sk->sk_shutdown = SHUTDOWN_MASK;
	skb_queue_purge(&sk->sk_receive_queue);
	skb_queue_purge(&sk->sk_error_queue);
	release_sock(sk);

	atomic_dec(&deftt_net(sock_net(sk))->sockets);
	sock->sk = NULL;
	sock_put(sk);
	return 0;
}

static int deftt_check_addr(const struct sockaddr *addr, int len)
{
	const struct sockaddr_deftt *sa = (const struct sockaddr_deftt *)addr;

	if (len < (int)sizeof(*sa))
		return -EINVAL;
	if (sa->sdt_family != AF_DEFTT)
		return -EAFNOSUPPORT;
	if (sa->__sdt_pad0 || sa->__sdt_pad1)
		return -EINVAL;
	return 0;
}

static int deftt_bind(struct socket *sock, struct sockaddr *addr, int len)
{
	const struct sockaddr_deftt *sa = (const struct sockaddr_deftt *)addr;
	struct deftt_sock *ds = deftt_sk(sock->sk);
	struct deftt_zone *z;
	int err = deftt_check_addr(addr, len);

	if (err)
		return err;
	if (sa->sdt_collection >= DEFTT_NCOLL)
		return -EADDRNOTAVAIL;
	z = deftt_zone_get_open(sock_net(sock->sk), sa->sdt_zone, &err);
	if (!z)
		return err;

	lock_sock(sock->sk);
	if (ds->z) {
		err = -EINVAL;
	} else {
		mutex_lock(&z->sync.lock);
		if (z->sync.dead)
			err = -EADDRNOTAVAIL;
		else
			err = deftt_coll_start(z, sa->sdt_collection);
		if (!err) {
			ds->zone = sa->sdt_zone;
			ds->collection = sa->sdt_collection;
			ds->z = z;
			list_add_tail(&ds->node, &z->sync.socks);
		}
		mutex_unlock(&z->sync.lock);
	}
	release_sock(sock->sk);
	if (err)
		deftt_zone_put(z);
	return err;
}

static int deftt_getname(struct socket *sock, struct sockaddr *addr, int peer)
{
	struct sockaddr_deftt *sa = (struct sockaddr_deftt *)addr;
	struct deftt_sock *ds = deftt_sk(sock->sk);

	if (peer)
		return -EOPNOTSUPP;
	memset(sa, 0, sizeof(*sa));
	sa->sdt_family = AF_DEFTT;
	lock_sock(sock->sk);
	sa->sdt_zone = ds->z ? ds->zone : 0;
	sa->sdt_collection = ds->z ? ds->collection : 0;
	release_sock(sock->sk);
	return sizeof(*sa);
}

/* An empty option value means the empty Name: everything. */
static struct deftt_prefix *deftt_prefix_new(sockptr_t optval,
					     unsigned int optlen, int *err)
{
	struct deftt_prefix *p;
	u32 size = optlen ? optlen : 2;

	*err = -EINVAL;
	if (optlen == 1 || optlen > DT_MAX_DGRAM)
		return NULL;
	p = kzalloc(sizeof(*p) + size, GFP_KERNEL);
	if (!p) {
		*err = -ENOMEM;
		return NULL;
	}
	p->size = size;
	if (!optlen) {
		p->tlv[0] = DT_TLV_NAME;
	} else if (copy_from_sockptr(p->tlv, optval, optlen)) {
		*err = -EFAULT;
		goto bad;
	}
	if (dt_name_parse(p->tlv, size, 0, &p->name))
		goto bad;
	return p;
bad:
	kfree(p);
	return NULL;
}

static int deftt_prefix_find(struct deftt_sock *ds,
			     const struct deftt_prefix *p)
{
	unsigned int i;

	for (i = 0; i < ds->nsubs; i++)
		if (dt_name_eq(&ds->subs[i]->name, &p->name))
			return i;
	return -1;
}

/*
 * Under lock_sock, bound. A new prefix is caught up at once with every
 * network Publication the collection holds that it matches.
 */
static int deftt_subscribe(struct deftt_sock *ds, struct deftt_prefix *p,
			   bool add)
{
	struct deftt_sync *zs = &ds->z->sync;
	int err = 0, i;

	mutex_lock(&zs->lock);
	i = deftt_prefix_find(ds, p);
	if (zs->dead) {
		err = -ENODEV;
	} else if (!add) {
		if (i < 0) {
			err = -ENOENT;
		} else {
			kfree(ds->subs[i]);
			ds->subs[i] = ds->subs[--ds->nsubs];
		}
	} else if (i >= 0) {
		/* already there: nothing new to catch up with */
	} else if (ds->nsubs >= DEFTT_MAX_SUBS) {
		err = -ENOSPC;
	} else {
		ds->subs[ds->nsubs++] = p;
		p = NULL;
		dt_sync_replay(zs->coll[ds->collection].eng,
			       ds->subs[ds->nsubs - 1]->tlv,
			       ds->subs[ds->nsubs - 1]->size, ds);
	}
	mutex_unlock(&zs->lock);
	kfree(p);
	return err;
}

/* DEFTT_CSTATE_NOW: the bound key collection sends its cState at once. */
static int deftt_cstate_now(struct deftt_sock *ds)
{
	struct deftt_sync *zs;
	int err = 0;

	if (!ds->z)
		return -ENOTCONN;
	if (ds->collection < DEFTT_COLL_KEYS_PDUS)
		return -EOPNOTSUPP;
	zs = &ds->z->sync;
	mutex_lock(&zs->lock);
	if (zs->dead) {
		err = -ENODEV;
	} else {
		dt_sync_cstate_now(zs->coll[ds->collection].eng, dt_now_us());
		deftt_sync_rearm(zs);
	}
	mutex_unlock(&zs->lock);
	return err;
}

static int deftt_setsockopt(struct socket *sock, int level, int optname,
			    sockptr_t optval, unsigned int optlen)
{
	struct deftt_sock *ds = deftt_sk(sock->sk);
	struct deftt_prefix *p;
	int err, val;

	if (level != SOL_DEFTT)
		return -ENOPROTOOPT;
	switch (optname) {
	case DEFTT_SUBSCRIBE:
	case DEFTT_UNSUBSCRIBE:
		p = deftt_prefix_new(optval, optlen, &err);
		if (!p)
			return err;
		lock_sock(sock->sk);
		if (!ds->z) {
			kfree(p);
			err = -ENOTCONN;
		} else {
			err = deftt_subscribe(ds, p, optname == DEFTT_SUBSCRIBE);
		}
		release_sock(sock->sk);
		return err;
	case DEFTT_RECV_RAW:
		if (optlen < sizeof(int))
			return -EINVAL;
		if (copy_from_sockptr(&val, optval, sizeof(val)))
			return -EFAULT;
		lock_sock(sock->sk);
		ds->recv_raw = !!val;
		release_sock(sock->sk);
		return 0;
	case DEFTT_CSTATE_NOW:
		lock_sock(sock->sk);
		err = deftt_cstate_now(ds);
		release_sock(sock->sk);
		return err;
	default:
		return -ENOPROTOOPT;
	}
}

static int deftt_getsockopt(struct socket *sock, int level, int optname,
			    char __user *optval, int __user *optlen)
{
	struct deftt_sock *ds = deftt_sk(sock->sk);
	int len, val;

	if (level != SOL_DEFTT)
		return -ENOPROTOOPT;
	if (get_user(len, optlen))
		return -EFAULT;
	if (len < (int)sizeof(int))
		return -EINVAL;
	switch (optname) {
	case DEFTT_RECV_RAW:
		val = ds->recv_raw;
		break;
	default:
		return -ENOPROTOOPT;
	}
	len = sizeof(int);
	if (put_user(len, optlen) || copy_to_user(optval, &val, len))
		return -EFAULT;
	return 0;
}

#define DEFTT_MAX_PARAMS	DT_SCM_MAX_COMPS
#define DEFTT_TAG_MAX		64

/* What sendmsg's control messages ask for. */
struct deftt_send {
	struct dt_scm_param par[DEFTT_MAX_PARAMS];
	char tags[DEFTT_MAX_PARAMS][DEFTT_TAG_MAX + 1];
	unsigned int npar;
	bool confirm;
	u64 cookie;
	const u8 *name;			/* key collections: the Name TLV */
	size_t name_size;
};

/*
 * A value of 1 to 19 decimal digits is a number: the builder writes it
 * as a SequenceNum, as DCT's applications write msgID and sCnt.
 */
static bool deftt_param_number(const u8 *v, size_t len, u64 *num)
{
	size_t i;

	if (!len || len > 19)
		return false;
	*num = 0;
	for (i = 0; i < len; i++) {
		if (v[i] < '0' || v[i] > '9')
			return false;
		*num = *num * 10 + (v[i] - '0');
	}
	return true;
}

/* "tag=value": the tag is NUL-terminated for the builder; the value is bytes. */
static int deftt_send_param(struct deftt_send *s, const u8 *data, size_t len)
{
	const u8 *eq = memchr(data, '=', len);
	struct dt_scm_param *p;
	size_t tlen;

	if (!eq || eq == data || s->npar >= DEFTT_MAX_PARAMS)
		return -EINVAL;
	tlen = eq - data;
	if (tlen > DEFTT_TAG_MAX || len - tlen - 1 > U16_MAX)
		return -EINVAL;
	memcpy(s->tags[s->npar], data, tlen);
	s->tags[s->npar][tlen] = 0;
	p = &s->par[s->npar++];
	memset(p, 0, sizeof(*p));
	p->tag = s->tags[s->npar - 1];
	p->str = eq + 1;
	p->len = len - tlen - 1;
	p->kind = deftt_param_number(p->str, p->len, &p->num) ?
		  DT_SCM_V_UINT : DT_SCM_V_STR;
	return 0;
}

static int deftt_send_cmsgs(struct msghdr *msg, struct deftt_send *s)
{
	struct cmsghdr *cm;
	int err;

	for_each_cmsghdr(cm, msg) {
		size_t dlen;

		if (!CMSG_OK(msg, cm))
			return -EINVAL;
		if (cm->cmsg_level != SOL_DEFTT)
			return -EINVAL;
		dlen = cm->cmsg_len - CMSG_LEN(0);
		switch (cm->cmsg_type) {
		case DEFTT_CM_PARAM:
			err = deftt_send_param(s, CMSG_DATA(cm), dlen);
			if (err)
				return err;
			break;
		case DEFTT_CM_NAME:
			if (s->name || !dlen)
				return -EINVAL;
			s->name = CMSG_DATA(cm);
			s->name_size = dlen;
			break;
		case DEFTT_CM_CONFIRM:
			if (dlen != sizeof(u64))
				return -EINVAL;
			memcpy(&s->cookie, CMSG_DATA(cm), sizeof(u64));
			s->confirm = true;
			break;
		default:
			return -EINVAL;
		}
	}
	return 0;
}

/* What a send must carry: a name for a key collection, parameters for msgs. */
static bool deftt_send_fits(u32 coll, const struct deftt_send *s,
			    const u8 *data, size_t len)
{
	bool keys = coll >= DEFTT_COLL_KEYS_PDUS;

	if (!s->name != !keys || (s->npar && coll != DEFTT_COLL_MSGS))
		return false;
	return coll != DEFTT_COLL_CERT || deftt_cert_parses(data, len);
}

/*
 * Publishes into the bound collection. msgs: the data is the Content, the
 * Name comes from the DEFTT_CM_PARAM messages and the schema, the zone's
 * key signs. Key collections: the Name comes in DEFTT_CM_NAME, the zone's
 * key signs. cert: the data is a complete cert.
 * A Publication the collection holds already is not an error (but see
 * the confirmation case below).
 */
static int deftt_publish(struct deftt_sock *ds, struct deftt_send *s,
			 const u8 *data, size_t len, u8 *out)
{
	struct deftt_zone *z = ds->z;
	struct deftt_sync *zs = &z->sync;
	struct deftt_confirm *cf = NULL;
	const u8 *pub = data;
	int err, size = len;
	bool answered = true;	/* no request pending after publishing */

	if (s->confirm) {
		cf = kzalloc(sizeof(*cf), GFP_KERNEL);
		if (!cf)
			return -ENOMEM;
		cf->cookie = s->cookie;
		cf->sk = &ds->sk;
	}
	if (!deftt_send_fits(ds->collection, s, data, len)) {
		kfree(cf);
		return -EINVAL;
	}

	mutex_lock(&zs->lock);
	if (zs->dead) {
		err = -ENODEV;
		goto out;
	}
	if (ds->collection == DEFTT_COLL_MSGS) {
		size = deftt_pub_build(z, s->par, s->npar, data, len, out,
				       DT_MAX_DGRAM);
		if (size < 0) {
			err = size;
			goto out;
		}
		pub = out;
	} else if (s->name) {
		size = deftt_keys_pub_build(z, ds->collection, s->name,
					    s->name_size, data, len, out,
					    DT_MAX_DGRAM);
		if (size < 0) {
			err = size;
			goto out;
		}
		pub = out;
	}
	if (cf) {
		sock_hold(cf->sk);
		list_add_tail(&cf->node, &zs->confirms);
	}
	err = dt_sync_publish(zs->coll[ds->collection].eng, pub, size, cf,
			      NULL, dt_now_us());
	/*
	 * A request the engine did not take is dropped. Already held is not
	 * an error, unless a confirmation was asked for and none will come
	 * (the held copy is our own): when a peer's copy was there, the
	 * engine answered the request at once and it is no longer pending.
	 */
	if (err && cf && deftt_confirm_cancel(zs, cf))
		answered = false;
	if (err == -EEXIST && answered)
		err = 0;
	cf = NULL;
	if (!err)
		deftt_zone_stat(z, DEFTT_A_STAT_TX_PUBS, 1);
	deftt_sync_rearm(zs);
out:
	mutex_unlock(&zs->lock);
	kfree(cf);
	return err;
}

static int deftt_sendmsg(struct socket *sock, struct msghdr *msg, size_t len)
{
	struct deftt_sock *ds = deftt_sk(sock->sk);
	struct deftt_send *s;
	u8 *buf;
	int err;

	if (msg->msg_flags & ~(MSG_DONTWAIT | MSG_NOSIGNAL))
		return -EOPNOTSUPP;
	if (msg->msg_namelen)
		return -EISCONN;
	if (len > DT_MAX_DGRAM)
		return -EMSGSIZE;
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	buf = kmalloc(2 * DT_MAX_DGRAM, GFP_KERNEL);
	if (!s || !buf) {
		err = -ENOMEM;
		goto out;
	}
	err = deftt_send_cmsgs(msg, s);
	if (err)
		goto out;
	if (memcpy_from_msg(buf, msg, len)) {
		err = -EFAULT;
		goto out;
	}
	lock_sock(sock->sk);
	if (!ds->z)
		err = -EDESTADDRREQ;
	else
		err = deftt_publish(ds, s, buf, len, buf + DT_MAX_DGRAM);
	release_sock(sock->sk);
out:
	kfree(buf);
	kfree(s);
	return err ? err : len;
}

/* The control messages of one delivered Publication. */
static void deftt_recv_cmsgs(struct deftt_sock *ds, struct msghdr *msg,
			     struct sk_buff *skb)
{
	const struct deftt_skb_cb *cb = DEFTT_SKB_CB(skb);
	u64 t = cb->time_us;

	put_cmsg(msg, SOL_DEFTT, DEFTT_CM_NAME, cb->name_len,
		 skb->data + cb->name_off);
	if (cb->kd_off)
		put_cmsg(msg, SOL_DEFTT, DEFTT_CM_SIGNER, DEFTT_THUMBPRINT_LEN,
			 skb->data + cb->kd_off);
	if (cb->sname_len)
		put_cmsg(msg, SOL_DEFTT, DEFTT_CM_SIGNER_NAME, cb->sname_len,
			 skb->data + cb->pub_len);
	put_cmsg(msg, SOL_DEFTT, DEFTT_CM_TIME, sizeof(t), &t);
	if (ds->recv_raw)
		put_cmsg(msg, SOL_DEFTT, DEFTT_CM_RAW, cb->pub_len, skb->data);
}

static int deftt_recvmsg(struct socket *sock, struct msghdr *msg, size_t len,
			 int flags)
{
	struct sock *sk = sock->sk;
	const struct deftt_skb_cb *cb;
	struct sk_buff *skb;
	size_t copied;
	u32 off, dlen;
	int err;

	if (flags & ~(MSG_DONTWAIT | MSG_TRUNC | MSG_PEEK | MSG_ERRQUEUE |
		      MSG_CMSG_COMPAT))
		return -EOPNOTSUPP;
	if (flags & MSG_ERRQUEUE)
		return sock_recv_errqueue(sk, msg, len, SOL_DEFTT,
					  DEFTT_CM_CONFIRM);

	skb = skb_recv_datagram(sk, flags, &err);
	if (!skb)
		return err;

	cb = DEFTT_SKB_CB(skb);
	off = cb->coll == DEFTT_COLL_MSGS ? cb->content_off : 0;
	dlen = cb->coll == DEFTT_COLL_MSGS ? cb->content_len : cb->pub_len;
	copied = min_t(size_t, dlen, len);
	if (copied < dlen)
		msg->msg_flags |= MSG_TRUNC;
	err = skb_copy_datagram_msg(skb, off, msg, copied);
	if (!err) {
		deftt_recv_cmsgs(deftt_sk(sk), msg, skb);
		err = (flags & MSG_TRUNC) ? dlen : copied;
	}
	skb_free_datagram(sk, skb);
	return err;
}

static const struct proto_ops deftt_proto_ops = {
	.family = PF_DEFTT,
	.owner = THIS_MODULE,
	.release = deftt_release,
	.bind = deftt_bind,
	.connect = sock_no_connect,
	.socketpair = sock_no_socketpair,
	.accept = sock_no_accept,
	.getname = deftt_getname,
	.poll = datagram_poll,
	.ioctl = sock_no_ioctl,
	.listen = sock_no_listen,
	.shutdown = sock_no_shutdown,
	.setsockopt = deftt_setsockopt,
	.getsockopt = deftt_getsockopt,
	.sendmsg = deftt_sendmsg,
	.recvmsg = deftt_recvmsg,
	.mmap = sock_no_mmap,
};

static int deftt_create(struct net *net, struct socket *sock, int protocol,
			int kern)
{
	struct sock *sk;

	if (sock->type != SOCK_DGRAM)
		return -ESOCKTNOSUPPORT;
	if (protocol)
		return -EPROTONOSUPPORT;

	sk = sk_alloc(net, PF_DEFTT, GFP_KERNEL, &deftt_proto, kern);
	if (!sk)
		return -ENOMEM;

	sock->ops = &deftt_proto_ops;
	sock_init_data(sock, sk);
	atomic_inc(&deftt_net(net)->sockets);
	return 0;
}

static const struct net_proto_family deftt_family_ops = {
	.family = PF_DEFTT,
	.create = deftt_create,
	.owner = THIS_MODULE,
};

int deftt_socket_init(void)
{
	int err;

	err = proto_register(&deftt_proto, 0);
	if (err)
		return err;

	err = sock_register(&deftt_family_ops);
	if (err)
		goto err_unregister_proto;
	return 0;

err_unregister_proto:
	proto_unregister(&deftt_proto);
	return err;
}

void deftt_socket_exit(void)
{
	sock_unregister(PF_DEFTT);
	proto_unregister(&deftt_proto);
}
