// SPDX-License-Identifier: GPL-2.0
/* AF_DEFTT: the socket family applications open to publish and subscribe. */
#include <linux/deftt.h>
#include <linux/module.h>
#include <linux/net.h>
#include <linux/socket.h>
#include <net/sock.h>

#include "deftt.h"

/*
 * One application endpoint. bind() attaches it to a zone and collection by
 * index; the socket keeps the index, not the zone, so a zone can be deleted
 * under bound sockets, which from then on find no zone (-ENODEV).
 */
struct deftt_sock {
	struct sock sk;
	bool bound;		/* under lock_sock */
	u32 zone;
	u32 collection;
};

static struct deftt_sock *deftt_sk(struct sock *sk)
{
	return container_of(sk, struct deftt_sock, sk);
}

static struct proto deftt_proto = {
	.name = "DEFTT",
	.owner = THIS_MODULE,
	.obj_size = sizeof(struct deftt_sock),
};

static int deftt_release(struct socket *sock)
{
	struct sock *sk = sock->sk;

	if (!sk)
		return 0;

	lock_sock(sk);
	sock_orphan(sk);
	sk->sk_shutdown = SHUTDOWN_MASK;
	skb_queue_purge(&sk->sk_receive_queue);
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

/*
 * Collections of a zone, by index. Until the zone runs the syncps engines,
 * only 0 exists: the Publication collection of the schema's pubPrefix.
 */
#define DEFTT_NCOLLECTIONS	1

static int deftt_bind(struct socket *sock, struct sockaddr *addr, int len)
{
	const struct sockaddr_deftt *sa = (const struct sockaddr_deftt *)addr;
	struct deftt_sock *ds = deftt_sk(sock->sk);
	int err = deftt_check_addr(addr, len);

	if (err)
		return err;
	if (sa->sdt_collection >= DEFTT_NCOLLECTIONS)
		return -EADDRNOTAVAIL;
	err = deftt_zone_may_open(sock_net(sock->sk), sa->sdt_zone);
	if (err)
		return err;

	lock_sock(sock->sk);
	if (ds->bound) {
		err = -EINVAL;
	} else {
		ds->zone = sa->sdt_zone;
		ds->collection = sa->sdt_collection;
		ds->bound = true;
	}
	release_sock(sock->sk);
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
	sa->sdt_zone = ds->bound ? ds->zone : 0;
	sa->sdt_collection = ds->bound ? ds->collection : 0;
	release_sock(sock->sk);
	return sizeof(*sa);
}

static int deftt_sendmsg(struct socket *sock, struct msghdr *msg, size_t len)
{
	if (msg->msg_flags & ~(MSG_DONTWAIT | MSG_NOSIGNAL))
		return -EOPNOTSUPP;
	return -EDESTADDRREQ;
}

static int deftt_recvmsg(struct socket *sock, struct msghdr *msg, size_t len,
			 int flags)
{
	struct sock *sk = sock->sk;
	struct sk_buff *skb;
	size_t copied;
	int err;

	if (flags & ~(MSG_DONTWAIT | MSG_TRUNC | MSG_PEEK))
		return -EOPNOTSUPP;

	skb = skb_recv_datagram(sk, flags, &err);
	if (!skb)
		return err;

	copied = min_t(size_t, skb->len, len);
	if (copied < skb->len)
		msg->msg_flags |= MSG_TRUNC;
	err = skb_copy_datagram_msg(skb, 0, msg, copied);
	if (!err)
		err = (flags & MSG_TRUNC) ? skb->len : copied;
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
