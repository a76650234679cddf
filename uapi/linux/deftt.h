/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * DeftT (Defined-trust Transport): the socket family and the generic netlink
 * family "deftt". Append-only: a number, once released, never changes.
 *
 * Address family number
 * ---------------------
 * Linux 6.1 defines AF_MAX as 46 and sock_register() refuses families at or
 * above NPROTO (== AF_MAX), so an out-of-tree family must borrow a slot below
 * it. AF_DEFTT takes 18, the number reserved as AF_ASH: mainline has never
 * contained an implementation of Ash and never calls sock_register() for it,
 * unlike the families that were removed (DECnet, IPX, IrDA, econet), whose
 * numbers older userspace still associates with real protocols. The module
 * loads on socket(AF_DEFTT, ...) through the alias "net-pf-18".
 *
 * Generic netlink commands and their attribute trees
 * --------------------------------------------------
 * DEFTT_CMD_GET_INFO (no privilege)
 *   reply: DEFTT_A_INFO_VERSION     string, module version
 *          DEFTT_A_INFO_GENL_VERSION u32
 *          DEFTT_A_INFO_FAMILY      u32, the address family number
 *          DEFTT_A_INFO_FEATURES    u64, DEFTT_F_* bits
 *
 * DEFTT_CMD_GET_NETNS (no privilege): this network namespace's settings
 *   reply: DEFTT_A_NETNS_MAX_ZONES  u32
 *          DEFTT_A_NETNS_SOCKETS    u32, AF_DEFTT sockets open in the netns
 *
 * DEFTT_CMD_SET_NETNS (CAP_NET_ADMIN in the netns' user namespace)
 *   request: DEFTT_A_NETNS_MAX_ZONES u32, 1 .. DEFTT_MAX_ZONES_LIMIT
 */
#ifndef _UAPI_LINUX_DEFTT_H
#define _UAPI_LINUX_DEFTT_H

#include <linux/const.h>
#include <linux/types.h>
#include <linux/socket.h>

#define AF_DEFTT		18
#define PF_DEFTT		AF_DEFTT

#define DEFTT_GENL_NAME		"deftt"
#define DEFTT_GENL_VERSION	1

#define DEFTT_MAX_ZONES_DEFAULT	16
#define DEFTT_MAX_ZONES_LIMIT	1024

/* Socket address; the pad must be zero so it can gain meaning later. */
struct sockaddr_deftt {
	__kernel_sa_family_t	sdt_family;	/* AF_DEFTT */
	__u16			__sdt_pad0;
	__u32			sdt_zone;	/* zone index in this netns */
	__u32			sdt_collection;	/* collection within the zone */
	__u32			__sdt_pad1;
};

/* Bits of DEFTT_A_INFO_FEATURES. */
#define DEFTT_F_SOCKET		_BITULL(0)	/* socket(AF_DEFTT) available */
#define DEFTT_F_NETNS		_BITULL(1)	/* per-netns settings */
#define DEFTT_F_CRYPTO_SELFTEST	_BITULL(2)	/* crypto self-tests passed */
#define __DEFTT_F_ALL		(_BITULL(3) - 1)

enum deftt_cmd {
	DEFTT_CMD_UNSPEC,
	DEFTT_CMD_GET_INFO,
	DEFTT_CMD_GET_NETNS,
	DEFTT_CMD_SET_NETNS,

	__DEFTT_CMD_MAX
};

#define DEFTT_CMD_MAX (__DEFTT_CMD_MAX - 1)

enum deftt_attr {
	DEFTT_A_UNSPEC,
	DEFTT_A_INFO_VERSION,
	DEFTT_A_INFO_GENL_VERSION,
	DEFTT_A_INFO_FAMILY,
	DEFTT_A_INFO_FEATURES,
	DEFTT_A_NETNS_MAX_ZONES,
	DEFTT_A_NETNS_SOCKETS,
	DEFTT_A_PAD,

	__DEFTT_A_LAST
};

#define DEFTT_A_MAX (__DEFTT_A_LAST - 1)

#endif /* _UAPI_LINUX_DEFTT_H */
