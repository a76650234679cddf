// SPDX-License-Identifier: GPL-2.0
/* The UDP multicast face of a zone: kernel sockets, group membership, send, softirq receive. */
#include <linux/in6.h>
#include <linux/ipv6.h>
#include <linux/net.h>
#include <linux/rtnetlink.h>
#include <linux/udp.h>
#include <net/addrconf.h>
#include <net/ipv6.h>
#include <net/netlink.h>
#include <net/sock.h>
#include <net/udp_tunnel.h>

#include "core/wire.h"
#include "deftt.h"

/*
 * As faces.md 10.2 recommends: a receive socket bound to [group%if]:port
 * with SO_REUSEADDR, so that DCT processes and other zones on the same
 * host and group all get every datagram, and a transmit socket with its
 * own ephemeral port, so that our multicast looped back can be told from
 * another local member's. Hop limit stays at the default 1 and multicast
 * loopback stays on, as DCT leaves them.
 */

/*
 * Every face socket is a UDP encapsulation socket, and the first and last
 * of them switch the kernel's UDP encapsulation static keys, patching
 * kernel text each time. The module holds one reference on both keys for
 * as long as it is loaded, so zones come and go without text patching
 * (under QEMU TCG such patching at a zone's teardown has been seen to
 * hang the CPU that runs it).
 */
void deftt_face_init(void)
{
	static_branch_inc(&udp_encap_needed_key);
	static_branch_inc(&udpv6_encap_needed_key);
}

void deftt_face_exit(void)
{
	static_branch_dec(&udpv6_encap_needed_key);
	static_branch_dec(&udp_encap_needed_key);
}

/*
 * Softirq: a datagram for the rx socket. Cheap checks only; the rest is
 * rx_work's. Always consumes the skb (returns 0).
 */
static int deftt_face_encap_rcv(struct sock *sk, struct sk_buff *skb)
{
	struct deftt_zone *z = rcu_dereference_sk_user_data(sk);
	unsigned int len;

	if (unlikely(!z))
		goto drop;
	/* Our own multicast looped back is no reception: counted apart. */
	if (udp_hdr(skb)->source == z->tx_port &&
	    ipv6_chk_addr(z->net, &ipv6_hdr(skb)->saddr, NULL, 0)) {
		deftt_zone_drop(z, DEFTT_DROP_OWN);
		goto drop;
	}
	len = skb->len - sizeof(struct udphdr);
	deftt_zone_stat(z, DEFTT_A_STAT_RX_DGRAMS, 1);
	deftt_zone_stat(z, DEFTT_A_STAT_RX_BYTES, len);
	if (len > DT_MAX_DGRAM) {
		deftt_zone_drop(z, DT_WERR_TOO_BIG);
		goto drop;
	}
	/* Overload drops the newest unvalidated datagram: this one. */
	if (skb_queue_len_lockless(&z->rxq) >= z->rxq_max) {
		deftt_zone_drop(z, DEFTT_DROP_QUEUE_FULL);
		goto drop;
	}
	skb_queue_tail(&z->rxq, skb);
	queue_work(deftt_wq, &z->rx_work);
	return 0;
drop:
	kfree_skb(skb);
	return 0;
}

static int deftt_face_rx_open(struct deftt_zone *z,
			      struct netlink_ext_ack *extack)
{
	struct sockaddr_in6 sa = {
		.sin6_family = AF_INET6,
		.sin6_port = htons(z->port),
		.sin6_addr = z->group,
		.sin6_scope_id = z->ifindex,
	};
	struct udp_tunnel_sock_cfg cfg = {
		.sk_user_data = z,
		.encap_type = 1,
		.encap_rcv = deftt_face_encap_rcv,
	};
	struct socket *sock;
	int err;

	err = sock_create_kern(z->net, AF_INET6, SOCK_DGRAM, IPPROTO_UDP,
			       &sock);
	if (err) {
		NL_SET_ERR_MSG(extack, "cannot create the receive socket");
		return err;
	}
	sock->sk->sk_reuse = SK_CAN_REUSE;
	sock->sk->sk_ipv6only = 1;
	err = kernel_bind(sock, (struct sockaddr *)&sa, sizeof(sa));
	if (err) {
		NL_SET_ERR_MSG(extack, "cannot bind the group and port on the interface");
		goto err_release;
	}
	rtnl_lock();
	err = ipv6_sock_mc_join(sock->sk, z->ifindex, &z->group);
	rtnl_unlock();
	if (err) {
		NL_SET_ERR_MSG(extack, "cannot join the multicast group on the interface");
		goto err_release;
	}
	setup_udp_tunnel_sock(z->net, sock, &cfg);
	z->rx_sock = sock;
	return 0;

err_release:
	sock_release(sock);
	return err;
}

static int deftt_face_tx_open(struct deftt_zone *z,
			      struct netlink_ext_ack *extack)
{
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6 };
	struct socket *sock;
	int err;

	err = sock_create_kern(z->net, AF_INET6, SOCK_DGRAM, IPPROTO_UDP,
			       &sock);
	if (err) {
		NL_SET_ERR_MSG(extack, "cannot create the transmit socket");
		return err;
	}
	sock->sk->sk_ipv6only = 1;
	err = kernel_bind(sock, (struct sockaddr *)&sa, sizeof(sa));
	if (err) {
		NL_SET_ERR_MSG(extack, "cannot bind the transmit socket");
		sock_release(sock);
		return err;
	}
	z->tx_port = inet_sk(sock->sk)->inet_sport;
	z->tx_sock = sock;
	return 0;
}

int deftt_face_open(struct deftt_zone *z, struct netlink_ext_ack *extack)
{
	int err;

	err = deftt_face_tx_open(z, extack);
	if (err)
		return err;
	err = deftt_face_rx_open(z, extack);
	if (err) {
		sock_release(z->tx_sock);
		z->tx_sock = NULL;
	}
	return err;
}

/*
 * Stops the receive side: once this returns no encap_rcv call can see z
 * any more. Leaving the group happens on release.
 */
void deftt_face_stop_rx(struct deftt_zone *z)
{
	if (z->rx_sock) {
		udp_tunnel_sock_release(z->rx_sock);
		z->rx_sock = NULL;
		synchronize_net();
	}
}

/* Closes both sockets; rx_work must not run any more (it may send). */
void deftt_face_close(struct deftt_zone *z)
{
	deftt_face_stop_rx(z);
	if (z->tx_sock) {
		sock_release(z->tx_sock);
		z->tx_sock = NULL;
	}
}

/* Sends one PDU to the group; process context. */
int deftt_face_send(struct deftt_zone *z, const void *pdu, size_t len)
{
	struct sockaddr_in6 sa = {
		.sin6_family = AF_INET6,
		.sin6_port = htons(z->port),
		.sin6_addr = z->group,
		.sin6_scope_id = z->ifindex,
	};
	struct kvec iov = { .iov_base = (void *)pdu, .iov_len = len };
	struct msghdr msg = {
		.msg_name = &sa,
		.msg_namelen = sizeof(sa),
		.msg_flags = MSG_DONTWAIT,
	};
	int ret;

	if (len > DT_MAX_DGRAM)
		return -EMSGSIZE;
	ret = kernel_sendmsg(z->tx_sock, &msg, &iov, 1, len);
	if (ret < 0) {
		deftt_zone_stat(z, DEFTT_A_STAT_TX_ERRORS, 1);
		return ret;
	}
	deftt_zone_stat(z, DEFTT_A_STAT_TX_PDUS, 1);
	deftt_zone_stat(z, DEFTT_A_STAT_TX_BYTES, len);
	return 0;
}
