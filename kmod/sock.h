/* SPDX-License-Identifier: GPL-2.0 */
/* AF_DEFTT socket state shared by the socket calls and the delivery path. */
#ifndef _DEFTT_SOCK_H
#define _DEFTT_SOCK_H

#include <net/sock.h>

#include "core/name.h"

/* A subscribed Name prefix; name views tlv. */
struct deftt_prefix {
	struct dt_name name;
	u32 size;
	u8 tlv[];
};

/*
 * One application endpoint. bind() takes a reference on the zone and puts
 * the socket on the zone's list; @node and the prefixes are under the
 * zone's sync lock, @z and the binding under lock_sock. A deleted zone
 * stays reachable (dead) until its sockets close.
 */
struct deftt_sock {
	struct sock sk;
	struct deftt_zone *z;		/* NULL until bound */
	u32 zone;
	u32 collection;
	struct list_head node;		/* in deftt_sync.socks */
	bool recv_raw;
	unsigned int nsubs;
	struct deftt_prefix *subs[DEFTT_MAX_SUBS];
};

static inline struct deftt_sock *deftt_sk(struct sock *sk)
{
	return container_of(sk, struct deftt_sock, sk);
}

/* Where the parts of a delivered Publication are in its skb. */
struct deftt_skb_cb {
	u32 pub_len;		/* the Publication; the signer's name follows */
	u32 content_off;
	u32 content_len;
	u64 time_us;
	u16 name_off;
	u16 name_len;
	u16 kd_off;		/* KeyDigest, 0 if none */
	u16 sname_len;		/* signing cert Name TLV after the Publication */
	u8 coll;
};

#define DEFTT_SKB_CB(skb) ((struct deftt_skb_cb *)((skb)->cb))

/* A pending delivery confirmation; holds a reference on sk. */
struct deftt_confirm {
	struct list_head node;		/* in deftt_sync.confirms */
	struct sock *sk;
	u64 cookie;
};

void deftt_confirm_cancel(struct deftt_sync *zs, struct deftt_confirm *cf);

/* Builds and signs a Publication of collection msgs (publish.c). */
struct dt_scm_param;
int deftt_pub_build(struct deftt_zone *z, const struct dt_scm_param *par,
		    unsigned int npar, const u8 *content, size_t clen,
		    u8 *out, size_t cap);
/* Signs a key collection's Publication under a given name (publish.c). */
int deftt_keys_pub_build(struct deftt_zone *z, unsigned int idx,
			 const u8 *name, size_t nsz, const u8 *content,
			 size_t clen, u8 *out, size_t cap);

#endif /* _DEFTT_SOCK_H */
