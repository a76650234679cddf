// SPDX-License-Identifier: GPL-2.0
/* AF_DEFTT: the socket family applications open to publish and subscribe. */
#include <linux/deftt.h>
#include <linux/module.h>
#include <linux/net.h>
#include <linux/socket.h>
#include <net/sock.h>

#include "deftt.h"

/*
 * One application endpoint. Zones do not exist yet, so a socket can be
 * created, polled and closed, and bind() reports that the zone it names is
 * not there; the data path attaches here later.
 */
struct deftt_sock {
	struct sock sk;
};

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

static int deftt_bind(struct socket *sock, struct sockaddr *addr, int len)
{
	int err = deftt_check_addr(addr, len);

	if (err)
		return err;
	/* No zone has been created in this namespace yet. */
	return -EADDRNOTAVAIL;
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
	.getname = sock_no_getname,
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
