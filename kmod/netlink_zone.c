// SPDX-License-Identifier: GPL-2.0
/* Generic netlink commands on zones: new, get (and dump), del. */
#include <linux/deftt.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "core/schema.h"
#include "core/syncps.h"
#include "deftt.h"

static int deftt_put_zone_stats(struct sk_buff *skb, struct deftt_zone *z)
{
	u64 drops[DEFTT_NDROPS], v;
	struct nlattr *nest;
	unsigned int i;

	/* One read of the drop counters: rx_drops is their sum. */
	drops[0] = 0;
	for (i = 1; i < DEFTT_NDROPS; i++) {
		drops[i] = atomic64_read(&z->drops[i]);
		drops[0] += drops[i];
	}
	nest = nla_nest_start(skb, DEFTT_A_ZONE_STATS);
	if (!nest)
		return -EMSGSIZE;
	for (i = DEFTT_A_STAT_RX_DGRAMS; i <= DEFTT_A_STAT_MAX; i++) {
		v = i == DEFTT_A_STAT_RX_DROPS ? drops[0] :
			atomic64_read(&z->stats[i]);
		if (nla_put_u64_64bit(skb, i, v, DEFTT_A_STAT_PAD))
			goto cancel;
	}
	nla_nest_end(skb, nest);

	nest = nla_nest_start(skb, DEFTT_A_ZONE_DROPS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 1; i < DEFTT_NDROPS; i++) {
		u64 n = drops[i];
		unsigned int reason = deftt_drop_reason(i);
		struct nlattr *d;

		if (!n)
			continue;
		d = nla_nest_start(skb, DEFTT_A_DROP);
		if (!d ||
		    nla_put_u32(skb, DEFTT_A_DROP_REASON, reason) ||
		    nla_put_string(skb, DEFTT_A_DROP_NAME,
				   deftt_drop_name(reason)) ||
		    nla_put_u64_64bit(skb, DEFTT_A_DROP_COUNT, n,
				      DEFTT_A_DROP_PAD))
			goto cancel;
		nla_nest_end(skb, d);
	}
	nla_nest_end(skb, nest);
	return 0;

cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

/* One zone's reply: four collections' counters can pass a page. */
#define DEFTT_ZONE_MSG_SIZE	(4 * NLMSG_GOODSIZE)

/* A collection engine's counters that are not zero, as DEFTT_A_DROP entries. */
static int deftt_put_zone_sync(struct sk_buff *skb, struct deftt_zone *z,
			       unsigned int coll, int attr)
{
	u64 c[DT_SC_MAX];
	struct nlattr *nest, *d;
	unsigned int i;

	deftt_sync_counters(z, coll, c, DT_SC_MAX);
	nest = nla_nest_start(skb, attr);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < DT_SC_MAX; i++) {
		if (!c[i])
			continue;
		d = nla_nest_start(skb, DEFTT_A_DROP);
		if (!d ||
		    nla_put_u32(skb, DEFTT_A_DROP_REASON, i) ||
		    nla_put_string(skb, DEFTT_A_DROP_NAME,
				   dt_sync_counter_name(i)) ||
		    nla_put_u64_64bit(skb, DEFTT_A_DROP_COUNT, c[i],
				      DEFTT_A_DROP_PAD)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
		nla_nest_end(skb, d);
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int deftt_put_zone_keys(struct sk_buff *skb, struct deftt_zone *z)
{
	struct deftt_sync *zs = &z->sync;
	u32 nsigners;
	u8 key, conn;

	mutex_lock(&zs->lock);
	nsigners = zs->nsigners;
	key = !!zs->self;
	conn = zs->connected;
	mutex_unlock(&zs->lock);
	if (nla_put_u32(skb, DEFTT_A_ZONE_SIGNERS, nsigners) ||
	    nla_put_u8(skb, DEFTT_A_ZONE_HAS_KEY, key) ||
	    nla_put_u8(skb, DEFTT_A_ZONE_CONNECTED, conn))
		return -EMSGSIZE;
	return 0;
}

/* The collections the zone serves: sizes, engine state and counters. */
static int deftt_put_zone_colls(struct sk_buff *skb, struct deftt_zone *z)
{
	struct deftt_sync *zs = &z->sync;
	u32 pubs[DEFTT_NCOLL] = {}, active[DEFTT_NCOLL] = {};
	bool present[DEFTT_NCOLL] = {}, started[DEFTT_NCOLL] = {};
	struct nlattr *nest, *c;
	unsigned int i;

	mutex_lock(&zs->lock);
	for (i = 0; i < DEFTT_NCOLL; i++) {
		if (!zs->coll[i].eng)
			continue;
		present[i] = true;
		started[i] = zs->coll[i].started;
		pubs[i] = dt_sync_npubs(zs->coll[i].eng);
		active[i] = dt_sync_nactive(zs->coll[i].eng);
	}
	mutex_unlock(&zs->lock);
	nest = nla_nest_start(skb, DEFTT_A_ZONE_COLLS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < DEFTT_NCOLL; i++) {
		if (!present[i])
			continue;
		c = nla_nest_start(skb, DEFTT_A_COLL);
		if (!c || nla_put_u32(skb, DEFTT_A_COLL_INDEX, i) ||
		    nla_put_string(skb, DEFTT_A_COLL_NAME, deftt_coll_name(i)) ||
		    nla_put_u32(skb, DEFTT_A_COLL_PUBS, pubs[i]) ||
		    nla_put_u32(skb, DEFTT_A_COLL_ACTIVE, active[i]) ||
		    nla_put_u8(skb, DEFTT_A_COLL_STARTED, started[i]) ||
		    (i >= DEFTT_COLL_KEYS_PDUS &&
		     deftt_put_zone_sync(skb, z, i, DEFTT_A_COLL_SYNC))) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
		nla_nest_end(skb, c);
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int deftt_put_zone(struct sk_buff *skb, struct deftt_zone *z)
{
	/* Requests and dumps run in the requester's context. */
	struct user_namespace *ns = current_user_ns();

	if (nla_put_u32(skb, DEFTT_A_ZONE_INDEX, z->index) ||
	    nla_put_u32(skb, DEFTT_A_ZONE_IFINDEX, z->ifindex) ||
	    nla_put(skb, DEFTT_A_ZONE_ID, DEFTT_ZONE_ID_LEN, z->id) ||
	    nla_put_in6_addr(skb, DEFTT_A_ZONE_GROUP, &z->group) ||
	    nla_put_u16(skb, DEFTT_A_ZONE_PORT, z->port) ||
	    nla_put_u32(skb, DEFTT_A_ZONE_OWNER_UID,
			from_kuid_munged(ns, z->owner_uid)) ||
	    nla_put_u32(skb, DEFTT_A_ZONE_OWNER_GID,
			from_kgid_munged(ns, z->owner_gid)) ||
	    nla_put_string(skb, DEFTT_A_ZONE_PDU_VALIDATOR,
			   dt_sig_name(z->schema->pdu_sig) ?: "?") ||
	    nla_put_string(skb, DEFTT_A_ZONE_MSGS_VALIDATOR,
			   dt_sig_name(z->schema->msgs_sig) ?: "?"))
		return -EMSGSIZE;
	if (deftt_put_zone_keys(skb, z) || deftt_put_zone_colls(skb, z))
		return -EMSGSIZE;
	return deftt_put_zone_stats(skb, z) ?:
	       deftt_put_zone_sync(skb, z, DEFTT_COLL_MSGS, DEFTT_A_ZONE_SYNC) ?:
	       deftt_put_zone_sync(skb, z, DEFTT_COLL_CERT,
				   DEFTT_A_ZONE_SYNC_CERT);
}

static int deftt_zone_reply(struct genl_info *info, u32 index, u8 cmd)
{
	struct deftt_net *dn = deftt_net(genl_info_net(info));
	struct deftt_zone *z;
	struct sk_buff *skb;
	void *hdr;
	int err = -ENOENT;

	skb = genlmsg_new(DEFTT_ZONE_MSG_SIZE, GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	hdr = genlmsg_put_reply(skb, info, &deftt_genl_family, 0, cmd);
	if (!hdr) {
		nlmsg_free(skb);
		return -EMSGSIZE;
	}
	mutex_lock(&dn->lock);
	list_for_each_entry(z, &dn->zones, node) {
		if (z->index == index) {
			err = deftt_put_zone(skb, z);
			break;
		}
	}
	mutex_unlock(&dn->lock);
	if (err) {
		if (err == -ENOENT)
			GENL_SET_ERR_MSG(info, "no zone with this index");
		nlmsg_free(skb);
		return err;
	}
	genlmsg_end(skb, hdr);
	return genlmsg_reply(skb, info);
}

int deftt_nl_zone_new(struct sk_buff *in, struct genl_info *info)
{
	struct user_namespace *ns = genl_info_net(info)->user_ns;
	static const struct in6_addr dflt_group = {
		.s6_addr = DEFTT_DEFAULT_GROUP
	};
	struct deftt_zone_cfg cfg = {};
	struct nlattr **a = info->attrs;
	u32 uid, gid, index;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, DEFTT_A_ZONE_IFINDEX) ||
	    GENL_REQ_ATTR_CHECK(info, DEFTT_A_ZONE_TRUST_ANCHOR) ||
	    GENL_REQ_ATTR_CHECK(info, DEFTT_A_ZONE_SCHEMA_CERT))
		return -EINVAL;	/* the check set the message */

	cfg.ifindex = nla_get_u32(a[DEFTT_A_ZONE_IFINDEX]);
	cfg.anchor = nla_data(a[DEFTT_A_ZONE_TRUST_ANCHOR]);
	cfg.anchor_len = nla_len(a[DEFTT_A_ZONE_TRUST_ANCHOR]);
	cfg.schema_cert = nla_data(a[DEFTT_A_ZONE_SCHEMA_CERT]);
	cfg.schema_cert_len = nla_len(a[DEFTT_A_ZONE_SCHEMA_CERT]);
	cfg.group = a[DEFTT_A_ZONE_GROUP] ?
		nla_get_in6_addr(a[DEFTT_A_ZONE_GROUP]) : dflt_group;
	cfg.port = a[DEFTT_A_ZONE_PORT] ?
		nla_get_u16(a[DEFTT_A_ZONE_PORT]) : DEFTT_DEFAULT_PORT;
	uid = a[DEFTT_A_ZONE_OWNER_UID] ?
		nla_get_u32(a[DEFTT_A_ZONE_OWNER_UID]) : 0;
	gid = a[DEFTT_A_ZONE_OWNER_GID] ?
		nla_get_u32(a[DEFTT_A_ZONE_OWNER_GID]) : 0;
	cfg.owner_uid = make_kuid(ns, uid);
	cfg.owner_gid = make_kgid(ns, gid);
	if (!uid_valid(cfg.owner_uid) || !gid_valid(cfg.owner_gid)) {
		GENL_SET_ERR_MSG(info, "owner uid or gid has no mapping in this user namespace");
		return -EINVAL;
	}

	err = deftt_zone_new(genl_info_net(info), &cfg, info->extack, &index);
	if (err)
		return err;
	return deftt_zone_reply(info, index, DEFTT_CMD_ZONE_GET);
}

int deftt_nl_zone_get(struct sk_buff *in, struct genl_info *info)
{
	if (GENL_REQ_ATTR_CHECK(info, DEFTT_A_ZONE_INDEX))
		return -EINVAL;
	return deftt_zone_reply(info, nla_get_u32(info->attrs[DEFTT_A_ZONE_INDEX]),
				DEFTT_CMD_ZONE_GET);
}

/* Dump: cb->args[0] is the index of the last zone sent. */
int deftt_nl_zone_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct deftt_net *dn = deftt_net(sock_net(skb->sk));
	struct deftt_zone *z;
	int err = 0;
	void *hdr;

	mutex_lock(&dn->lock);
	list_for_each_entry(z, &dn->zones, node) {
		if (z->index <= cb->args[0])
			continue;
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &deftt_genl_family,
				  NLM_F_MULTI, DEFTT_CMD_ZONE_GET);
		if (!hdr) {
			err = -EMSGSIZE;
			break;
		}
		err = deftt_put_zone(skb, z);
		if (err) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
		cb->args[0] = z->index;
	}
	mutex_unlock(&dn->lock);
	/* A full skb ends this round; the dump goes on in the next one. */
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ?: skb->len;
}

int deftt_nl_zone_del(struct sk_buff *in, struct genl_info *info)
{
	int err;

	if (GENL_REQ_ATTR_CHECK(info, DEFTT_A_ZONE_INDEX))
		return -EINVAL;
	err = deftt_zone_del(genl_info_net(info),
			     nla_get_u32(info->attrs[DEFTT_A_ZONE_INDEX]));
	if (err == -ENOENT)
		GENL_SET_ERR_MSG(info, "no zone with this index");
	return err;
}
