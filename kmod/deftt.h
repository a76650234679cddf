/* SPDX-License-Identifier: GPL-2.0 */
/* What the files of deftt.ko call in each other. */
#ifndef _DEFTT_DEFTT_H
#define _DEFTT_DEFTT_H

#include <linux/mutex.h>
#include <linux/atomic.h>
#include <linux/deftt.h>
#include <linux/in6.h>
#include <linux/skbuff.h>
#include <linux/uidgid.h>
#include <linux/workqueue.h>
#include <linux/mutex.h>
#include <linux/timer.h>
#include <net/net_namespace.h>

#include "core/objects.h"
#include "core/keys.h"
#include "core/pst.h"
#include "core/schema.h"
#include "core/sigmgr.h"
#include "core/syncps.h"

struct netlink_ext_ack;

/* What DEFTT_CMD_ZONE_NEW asks for; the certs point into the request. */
struct deftt_zone_cfg {
	int ifindex;
	const u8 *anchor;
	u32 anchor_len;
	const u8 *schema_cert;
	u32 schema_cert_len;
	struct in6_addr group;
	u16 port;
	kuid_t owner_uid;
	kgid_t owner_gid;
};

/*
 * Per network namespace state.
 *
 * Locking: @lock guards the settings (@max_zones); @sockets is atomic and
 * only counts. The namespace cannot go away under an open socket, as every
 * user socket holds a reference to its namespace.
 */
struct deftt_net {
	struct mutex lock;	/* guards max_zones, zones, next_zone */
	u32 max_zones;
	u32 nzones;
	u32 next_zone;		/* index of the next zone made */
	struct list_head zones;
	atomic_t sockets;
};

/* Internal counter slots of a zone, DEFTT_A_STAT_* order. */
#define DEFTT_NSTATS		(DEFTT_A_STAT_MAX + 1)
/* Drop counter slots: wire rules 0 .. 63, kernel reasons from 100. */
#define DEFTT_DROP_WIRE_SLOTS	64
#define DEFTT_NDROPS		(DEFTT_DROP_WIRE_SLOTS + \
				 (__DEFTT_DROP_LAST - DEFTT_DROP_QUEUE_FULL))

struct dt_pdu;

/* Publications of one cAdd verified together (validate.c). */
#define DEFTT_VERIFY_BATCH	32
struct deftt_batch {
	unsigned int n;
	const u8 *pub[DEFTT_VERIFY_BATCH];
	int ok[DEFTT_VERIFY_BATCH];
	struct dt_ed25519_item items[DEFTT_VERIFY_BATCH];
	u8 pk[DEFTT_VERIFY_BATCH][DT_ED25519_PK_LEN];
	void *scratch;
};

/* The one lifetime the cert engine ages certs over (validate.c). */
#define DEFTT_CERT_LIFETIME_US	(40ULL * 365 * 24 * 3600 * USEC_PER_SEC)

/* Collection slots of a zone, DEFTT_COLL_* order; keys ones may be absent. */
#define DEFTT_NCOLL		4

/*
 * One collection of a zone: its syncps engine, its Name, and the PDU and
 * Publication signature managers it seals, opens and validates with.
 */
struct deftt_coll {
	struct deftt_zone *z;
	struct dt_sync *eng;
	u8 idx;				/* DEFTT_COLL_* */
	u8 name[40];			/* <zone id>/<collection> Name TLV */
	u32 name_size;
	u64 deadline;			/* the engine's, on dt_now_us() */
	bool started;			/* registered with the face */
	struct dt_sigmgr pdu_mgr;
	struct dt_sigmgr pub_mgr;
	/* key collections: the keymaker the daemon's distributor follows */
	bool km_set;
	u8 km_tp[DT_THUMBPRINT_LEN];
	u64 km_epoch;
};

/* An installed signer (signers.c): a signing cert its chain validated. */
struct deftt_signer {
	struct list_head node;		/* in deftt_sync.signers */
	struct dt_schema_signer *sg;	/* thumbprint, key, templates */
	u8 *name;			/* the signing cert's Name TLV */
	u32 name_size;
	bool self;
};

/*
 * The zone's sync side (zone_sync.c): the face tables, one syncps engine
 * per collection, the keys and signers the managers use, and the sockets
 * bound to the zone. Everything below is under @lock, which is taken in
 * process context only (rx_work, tick_work, netlink, socket calls).
 */
struct deftt_sync {
	struct mutex lock;		/* serialises everything below */
	bool ready;			/* lock and lists initialised */
	bool dead;			/* set once at teardown */
	bool connected;			/* the daemon says so */
	struct dt_pst pst;
	struct deftt_coll coll[DEFTT_NCOLL];	/* eng NULL: not served */
	struct dt_name views[DEFTT_NCOLL];	/* collection Names, parsed */
	struct dt_keys keys;
	struct list_head signers;
	u32 nsigners;
	struct deftt_signer *self;	/* the newest own signer, or NULL */
	u8 self_tp[DT_THUMBPRINT_LEN];	/* its thumbprint: cAdd KeyDigests */
	struct list_head socks;		/* bound sockets */
	struct list_head confirms;	/* pending delivery confirmations */
	struct deftt_batch *batch;	/* open()'s verdicts, for validate() */
	u8 *scratch;			/* DT_MAX_DGRAM, under lock */
	struct timer_list timer;	/* queues tick_work */
	struct work_struct tick_work;
};

/*
 * One sync zone. Created and destroyed under the netns lock (and RTNL);
 * the receive side reaches it from the face socket's sk_user_data under
 * RCU, and everything it does with a datagram happens in rx_work, which
 * runs at most once at a time. The certs are immutable after creation.
 */
struct deftt_zone {
	struct list_head node;		/* in deftt_net.zones */
	struct net *net;
	u32 index;
	int ifindex;
	u8 id[DEFTT_ZONE_ID_LEN];
	struct in6_addr group;
	u16 port;
	kuid_t owner_uid;
	kgid_t owner_gid;
	u8 *anchor;
	u32 anchor_len;
	u8 *schema_cert;
	u32 schema_cert_len;

	struct socket *rx_sock;		/* [group%if]:port, shared with others */
	struct socket *tx_sock;		/* our own source port */
	__be16 tx_port;
	struct sk_buff_head rxq;
	u32 rxq_max;
	struct work_struct rx_work;
	struct work_struct destroy_work;
	u8 *rxbuf;			/* DT_MAX_DGRAM bytes, rx_work only */

	struct dt_schema *schema;	/* read from schema_cert's Content */
	u8 anchor_tp[DT_THUMBPRINT_LEN];
	struct deftt_sync sync;
	refcount_t ref;			/* the netns list and bound sockets */

	atomic64_t stats[DEFTT_NSTATS];
	atomic64_t drops[DEFTT_NDROPS];
};

extern struct workqueue_struct *deftt_wq;

int deftt_zone_new(struct net *net, struct deftt_zone_cfg *cfg,
		   struct netlink_ext_ack *extack, u32 *index);
int deftt_zone_del(struct net *net, u32 index);
void deftt_zones_flush(struct net *net);
int deftt_zone_notifier_init(void);
void deftt_zone_notifier_exit(void);
void deftt_zone_drop(struct deftt_zone *z, unsigned int reason);
unsigned int deftt_drop_slot(unsigned int reason);
unsigned int deftt_drop_reason(unsigned int slot);
const char *deftt_drop_name(unsigned int reason);

static inline void deftt_zone_stat(struct deftt_zone *z, unsigned int stat,
				   u64 n)
{
	atomic64_add(n, &z->stats[stat]);
}

/* The face: kernel UDP sockets of a zone (face_udp.c). */
void deftt_face_init(void);
void deftt_face_exit(void);
int deftt_face_open(struct deftt_zone *z, struct netlink_ext_ack *extack);
void deftt_face_stop_rx(struct deftt_zone *z);
void deftt_face_close(struct deftt_zone *z);
int deftt_face_send(struct deftt_zone *z, const void *pdu, size_t len);
void deftt_zone_rx_work(struct work_struct *work);

int deftt_sync_init(struct deftt_zone *z);
void deftt_sync_start(struct deftt_zone *z);
void deftt_sync_stop(struct deftt_zone *z);
void deftt_sync_free(struct deftt_zone *z);
unsigned int deftt_sync_rx(struct deftt_zone *z, struct dt_pdu *pdu, u8 *buf);
void deftt_sync_counters(struct deftt_zone *z, unsigned int coll, u64 *out,
			 unsigned int n);
void deftt_sync_rearm(struct deftt_sync *zs);
int deftt_coll_start(struct deftt_zone *z, unsigned int idx);
const char *deftt_coll_name(unsigned int idx);

/* The key collections (keycoll.c); callers hold zs->lock where it matters. */
bool deftt_coll_present(const struct dt_schema *s, unsigned int idx);
u64 deftt_op_keys_lifetime(void *ctx, const struct dt_data *pub);
int deftt_keys_set_keymaker(struct deftt_zone *z, unsigned int coll,
			    const u8 *tp, u64 epoch);
extern const struct dt_sync_ops deftt_sync_ops;

/* Zone references (zone.c): bound sockets keep a deleted zone's memory. */
struct deftt_zone *deftt_zone_get_open(struct net *net, u32 index, int *err);
struct deftt_zone *deftt_zone_get(struct net *net, u32 index);
void deftt_zone_put(struct deftt_zone *z);

/* Signers and keys (signers.c); callers hold zs->lock. */
int deftt_signer_lookup(void *ctx, const u8 tp[DT_THUMBPRINT_LEN],
			u8 pk[DT_ED25519_PK_LEN]);
struct deftt_signer *deftt_signer_find(struct deftt_sync *zs,
				       const u8 tp[DT_THUMBPRINT_LEN]);
int deftt_signer_add(struct deftt_zone *z, const u8 *const *certs,
		     const u32 *lens, unsigned int n, const u8 *sk,
		     struct netlink_ext_ack *extack);
int deftt_signer_del(struct deftt_zone *z, const u8 tp[DT_THUMBPRINT_LEN]);
void deftt_signers_free(struct deftt_sync *zs);

/* Validation, sealing and opening (validate.c). */
int deftt_op_seal(void *ctx, u8 *buf, const struct dt_data *d);
int deftt_op_open(void *ctx, u8 *buf, const struct dt_data *d);
enum dt_sync_verdict deftt_op_validate(void *ctx, const struct dt_data *pub);
int deftt_op_created(void *ctx, const struct dt_data *pub, u64 *us);
bool deftt_cert_parses(const u8 *buf, size_t len);

/* Sockets of a zone (af_deftt.c, deliver.c); callers hold zs->lock. */
void deftt_op_deliver(void *ctx, void *sub, const u8 *pub, size_t len);
void deftt_op_confirm(void *ctx, void *cookie, u32 hash, bool delivered);
void deftt_socks_zone_dead(struct deftt_zone *z);
void deftt_confirms_flush(struct deftt_zone *z);

struct deftt_net *deftt_net(const struct net *net);
int deftt_netns_init(void);
void deftt_netns_exit(void);

int deftt_socket_init(void);
void deftt_socket_exit(void);

int deftt_genl_init(void);
void deftt_genl_exit(void);
extern struct genl_family deftt_genl_family;
struct genl_info;
struct netlink_callback;
int deftt_nl_zone_new(struct sk_buff *in, struct genl_info *info);
int deftt_nl_zone_get(struct sk_buff *in, struct genl_info *info);
int deftt_nl_zone_dump(struct sk_buff *skb, struct netlink_callback *cb);
int deftt_nl_zone_del(struct sk_buff *in, struct genl_info *info);
int deftt_nl_zone_set(struct sk_buff *in, struct genl_info *info);
int deftt_nl_signer_add(struct sk_buff *in, struct genl_info *info);
int deftt_nl_signer_del(struct sk_buff *in, struct genl_info *info);
int deftt_nl_signer_dump(struct sk_buff *skb, struct netlink_callback *cb);

/* Events (netlink_events.c); the group's index in deftt_genl_family. */
#define DEFTT_MCGRP_EVENTS_ID	0
void deftt_event_zone(struct deftt_zone *z, u8 cmd);
void deftt_event_signer(struct deftt_zone *z, u8 cmd,
			const struct deftt_signer *s);

void deftt_debugfs_init(void);
void deftt_debugfs_exit(void);
struct dentry;
void deftt_crypto_oracle_init(struct dentry *dir);

int deftt_platform_init(void);
void deftt_platform_exit(void);

/* DEFTT_F_* bits this build and this boot offer. */
u64 deftt_features(void);

#endif /* _DEFTT_DEFTT_H */
