// SPDX-License-Identifier: GPL-2.0
/* Sync zones: creation from the domain's certs, lookup, teardown, counters. */
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/slab.h>
#include <net/ipv6.h>
#include <net/netlink.h>

#include "core/objects.h"
#include "core/ids.h"
#include "core/ed25519.h"
#include "core/schema.h"
#include "deftt.h"

#define DEFTT_RXQ_DEFAULT	1024	/* datagrams waiting for rx_work */
#define DEFTT_CERT_MAX		8192	/* a cert bigger than a PDU is wrong */

static const char * const deftt_kernel_drop_names[] = {
	[DEFTT_DROP_QUEUE_FULL - DEFTT_DROP_QUEUE_FULL] = "queue_full",
	[DEFTT_DROP_OWN - DEFTT_DROP_QUEUE_FULL] = "own_datagram",
	[DEFTT_DROP_NO_COLLECTION - DEFTT_DROP_QUEUE_FULL] = "no_collection",
	[DEFTT_DROP_NOMEM - DEFTT_DROP_QUEUE_FULL] = "nomem",
	[DEFTT_DROP_DUPLICATE - DEFTT_DROP_QUEUE_FULL] = "duplicate",
	[DEFTT_DROP_NO_SIGNER - DEFTT_DROP_QUEUE_FULL] = "no_signer",
	[DEFTT_DROP_SCHEMA - DEFTT_DROP_QUEUE_FULL] = "schema",
	[DEFTT_DROP_SIGNATURE - DEFTT_DROP_QUEUE_FULL] = "signature",
	[DEFTT_DROP_PDU_AUTH - DEFTT_DROP_QUEUE_FULL] = "pdu_auth",
	[DEFTT_DROP_RCVBUF - DEFTT_DROP_QUEUE_FULL] = "rcvbuf_full",
};

unsigned int deftt_drop_slot(unsigned int reason)
{
	if (reason < DEFTT_DROP_WIRE_SLOTS)
		return reason;
	if (reason >= DEFTT_DROP_QUEUE_FULL && reason < __DEFTT_DROP_LAST)
		return DEFTT_DROP_WIRE_SLOTS + reason - DEFTT_DROP_QUEUE_FULL;
	return 0;	/* slot 0 is "ok": never counted, never shown */
}

unsigned int deftt_drop_reason(unsigned int slot)
{
	if (slot < DEFTT_DROP_WIRE_SLOTS)
		return slot;
	return slot - DEFTT_DROP_WIRE_SLOTS + DEFTT_DROP_QUEUE_FULL;
}

const char *deftt_drop_name(unsigned int reason)
{
	if (reason >= DEFTT_DROP_QUEUE_FULL && reason < __DEFTT_DROP_LAST)
		return deftt_kernel_drop_names[reason - DEFTT_DROP_QUEUE_FULL];
	return dt_wire_err_name(reason);
}

void deftt_zone_drop(struct deftt_zone *z, unsigned int reason)
{
	unsigned int slot = deftt_drop_slot(reason);

	if (WARN_ON_ONCE(!slot))
		return;
	atomic64_inc(&z->drops[slot]);
}

/*
 * The trust anchor must be a well-formed self-signed cert whose signature
 * checks with its own key, and the schema cert must be signed by it: the
 * zone id is derived from the schema cert, so a zone can only exist for a
 * domain whose root of trust the administrator named.
 */
static int deftt_zone_check_certs(const struct deftt_zone_cfg *cfg,
				  struct netlink_ext_ack *extack)
{
	u8 tp[DT_THUMBPRINT_LEN];
	struct dt_data a, s;
	const u8 *signed_bytes;
	u32 signed_len;
	int err;

	err = dt_cert_parse(cfg->anchor, cfg->anchor_len, DT_CERT_F_ANCHOR, &a);
	if (err) {
		NL_SET_ERR_MSG(extack, "trust anchor is not a valid certificate");
		return -EINVAL;
	}
	if (!a.si.key_digest || !dt_tp_is_zero(a.si.key_digest) ||
	    a.si.type != DT_SIG_EDDSA || a.content_len != DT_PUBKEY_LEN) {
		NL_SET_ERR_MSG(extack,
			       "trust anchor must be a self-signed EdDSA certificate");
		return -EINVAL;
	}
	signed_bytes = dt_data_signed(&a, &signed_len);
	if (dt_ed25519_verify(dt_data_sig(&a), signed_bytes, signed_len,
			      dt_data_content(&a))) {
		NL_SET_ERR_MSG(extack, "trust anchor's self-signature is bad");
		return -EINVAL;
	}

	err = dt_cert_parse(cfg->schema_cert, cfg->schema_cert_len,
			    DT_CERT_F_SCHEMA, &s);
	if (err || !dt_cert_is_schema_name(&s.name)) {
		NL_SET_ERR_MSG(extack, "schema cert is not a valid schema certificate");
		return -EINVAL;
	}
	dt_thumbprint(cfg->anchor, cfg->anchor_len, tp);
	if (s.si.type != DT_SIG_EDDSA || !s.si.key_digest ||
	    memcmp(s.si.key_digest, tp, DT_THUMBPRINT_LEN)) {
		NL_SET_ERR_MSG(extack, "schema cert is not signed by the trust anchor");
		return -EINVAL;
	}
	signed_bytes = dt_data_signed(&s, &signed_len);
	if (dt_ed25519_verify(dt_data_sig(&s), signed_bytes, signed_len,
			      dt_data_content(&a))) {
		NL_SET_ERR_MSG(extack, "schema cert signature fails with the anchor key");
		return -EINVAL;
	}
	return 0;
}

/* The interface must exist, be up, and do multicast; lo does not count. */
static int deftt_zone_check_dev(struct net *net, int ifindex,
				struct netlink_ext_ack *extack)
{
	struct net_device *dev;
	int err = 0;

	rcu_read_lock();
	dev = dev_get_by_index_rcu(net, ifindex);
	if (!dev) {
		NL_SET_ERR_MSG(extack, "no interface with this index");
		err = -ENODEV;
	} else if (dev->flags & IFF_LOOPBACK) {
		NL_SET_ERR_MSG(extack, "interface must not be loopback");
		err = -EINVAL;
	} else if (!(dev->flags & IFF_MULTICAST)) {
		NL_SET_ERR_MSG(extack, "interface cannot do multicast");
		err = -EINVAL;
	} else if (!(dev->flags & IFF_UP)) {
		NL_SET_ERR_MSG(extack, "interface is down");
		err = -ENETDOWN;
	}
	rcu_read_unlock();
	return err;
}

/*
 * The schema cert's Content is the domain's binary schema: read it with
 * every check of the schema reader, then the bootstrap checks against the
 * anchor (schema.md 10) and the capability checks of zone creation.
 */
static int deftt_zone_read_schema(struct deftt_zone *z,
				  struct netlink_ext_ack *extack)
{
	struct dt_data a, s;
	int err;

	if (dt_cert_parse(z->anchor, z->anchor_len, DT_CERT_F_ANCHOR, &a) ||
	    dt_cert_parse(z->schema_cert, z->schema_cert_len, DT_CERT_F_SCHEMA,
			  &s))
		return -EINVAL;	/* checked before; cannot happen */
	z->schema = kvzalloc(sizeof(*z->schema), GFP_KERNEL);
	if (!z->schema)
		return -ENOMEM;
	err = dt_schema_read(z->schema, dt_data_content(&s), s.content_len,
			     NULL);
	if (err) {
		NL_SET_ERR_MSG(extack, "schema cert does not hold a valid binary schema");
		goto refused;
	}
	err = dt_schema_bootstrap(z->schema, &a, &s);
	if (err == DT_SCM_E_BOOT_ANCHOR) {
		NL_SET_ERR_MSG(extack, "trust anchor does not fit the schema");
		goto refused;
	} else if (err) {
		NL_SET_ERR_MSG(extack, "schema cert does not fit its own schema");
		goto refused;
	}
	err = dt_schema_check_caps(z->schema);
	if (err) {
		NL_SET_ERR_MSG(extack, "encrypting validator lacks its key-maker capability");
		goto refused;
	}
	return 0;

refused:
	pr_info("zone refused: schema check %s\n", dt_schema_err_name(err));
	return -EINVAL;
}

/* The last reference is gone: nothing can reach the zone any more. */
static void deftt_zone_free(struct deftt_zone *z)
{
	if (z->sync.ready)
		mutex_destroy(&z->sync.lock);
	kvfree(z->schema);
	kfree(z->anchor);
	kfree(z->schema_cert);
	kfree(z);
}

void deftt_zone_put(struct deftt_zone *z)
{
	if (z && refcount_dec_and_test(&z->ref))
		deftt_zone_free(z);
}

/*
 * Closes the face, waits for the receive work, frees the engines and
 * drops the netns list's reference. Sleeps; no RTNL. Sockets still bound
 * keep the memory (and the certs and schema) until they close.
 */
static void deftt_zone_destroy(struct deftt_zone *z)
{
	deftt_face_stop_rx(z);
	cancel_work_sync(&z->rx_work);
	if (z->sync.ready) {
		deftt_sync_stop(z);
		deftt_face_close(z);
		deftt_sync_free(z);
	} else {
		deftt_face_close(z);
	}
	skb_queue_purge(&z->rxq);
	kfree(z->rxbuf);
	z->rxbuf = NULL;
	deftt_zone_put(z);
}

static void deftt_zone_destroy_work(struct work_struct *work)
{
	deftt_zone_destroy(container_of(work, struct deftt_zone, destroy_work));
}

static struct deftt_zone *deftt_zone_alloc(struct net *net,
					   const struct deftt_zone_cfg *cfg)
{
	struct deftt_zone *z;

	z = kzalloc(sizeof(*z), GFP_KERNEL);
	if (!z)
		return NULL;
	refcount_set(&z->ref, 1);
	z->net = net;
	z->ifindex = cfg->ifindex;
	z->group = cfg->group;
	z->port = cfg->port;
	z->owner_uid = cfg->owner_uid;
	z->owner_gid = cfg->owner_gid;
	z->rxq_max = DEFTT_RXQ_DEFAULT;
	skb_queue_head_init(&z->rxq);
	INIT_WORK(&z->rx_work, deftt_zone_rx_work);
	INIT_WORK(&z->destroy_work, deftt_zone_destroy_work);
	z->anchor = kmemdup(cfg->anchor, cfg->anchor_len, GFP_KERNEL);
	z->schema_cert = kmemdup(cfg->schema_cert, cfg->schema_cert_len,
				 GFP_KERNEL);
	z->rxbuf = kmalloc(DT_MAX_DGRAM, GFP_KERNEL);
	if (!z->anchor || !z->schema_cert || !z->rxbuf) {
		kfree(z->rxbuf);
		deftt_zone_free(z);
		return NULL;
	}
	z->anchor_len = cfg->anchor_len;
	z->schema_cert_len = cfg->schema_cert_len;
	dt_zone_id(z->schema_cert, z->schema_cert_len, z->id);
	dt_thumbprint(z->anchor, z->anchor_len, z->anchor_tp);
	return z;
}

int deftt_zone_new(struct net *net, struct deftt_zone_cfg *cfg,
		   struct netlink_ext_ack *extack, u32 *index)
{
	struct deftt_net *dn = deftt_net(net);
	struct net_device *dev;
	struct deftt_zone *z, *o;
	int err;

	if (cfg->anchor_len > DEFTT_CERT_MAX ||
	    cfg->schema_cert_len > DEFTT_CERT_MAX) {
		NL_SET_ERR_MSG(extack, "certificate larger than 8192 bytes");
		return -EINVAL;
	}
	if (!ipv6_addr_is_multicast(&cfg->group)) {
		NL_SET_ERR_MSG(extack, "group must be an IPv6 multicast address");
		return -EINVAL;
	}
	if (!cfg->port) {
		NL_SET_ERR_MSG(extack, "port must not be 0");
		return -EINVAL;
	}
	err = deftt_zone_check_certs(cfg, extack);
	if (err)
		return err;
	err = deftt_zone_check_dev(net, cfg->ifindex, extack);
	if (err)
		return err;

	z = deftt_zone_alloc(net, cfg);
	if (!z)
		return -ENOMEM;
	err = deftt_zone_read_schema(z, extack);
	if (!err)
		err = deftt_sync_init(z);
	/* Sockets next, outside our lock: joining the group takes RTNL. */
	if (!err)
		err = deftt_face_open(z, extack);
	if (err) {
		deftt_zone_destroy(z);
		return err;
	}

	/* RTNL then the netns lock, the order the netdev notifier uses. */
	rtnl_lock();
	mutex_lock(&dn->lock);
	dev = __dev_get_by_index(net, cfg->ifindex);
	if (!dev || !(dev->flags & IFF_UP)) {
		NL_SET_ERR_MSG(extack, "interface is gone or down");
		err = -ENETDOWN;
		goto err_unlock;
	}
	if (dn->nzones >= dn->max_zones) {
		NL_SET_ERR_MSG(extack, "this netns has max_zones zones already");
		err = -ENOSPC;
		goto err_unlock;
	}
	list_for_each_entry(o, &dn->zones, node) {
		if (o->ifindex == z->ifindex &&
		    !memcmp(o->id, z->id, DEFTT_ZONE_ID_LEN)) {
			NL_SET_ERR_MSG(extack, "a zone for this schema exists on this interface");
			err = -EEXIST;
			goto err_unlock;
		}
	}
	z->index = ++dn->next_zone;
	*index = z->index;
	list_add_tail(&z->node, &dn->zones);
	dn->nzones++;
	mutex_unlock(&dn->lock);
	rtnl_unlock();
	deftt_sync_start(z);
	deftt_event_zone(z, DEFTT_CMD_ZONE_NEW);
	return 0;

err_unlock:
	mutex_unlock(&dn->lock);
	rtnl_unlock();
	deftt_zone_destroy(z);
	return err;
}

/*
 * May the calling task open sockets on zone index? Yes with CAP_NET_ADMIN
 * over the netns, as the zone's owner uid, or as a member of its owner
 * gid unless that is root's group (so the default owner 0:0 means root
 * only). Returns the zone with a reference, or NULL with *err
 * -EADDRNOTAVAIL (no such zone) or -EACCES (not allowed).
 */
struct deftt_zone *deftt_zone_get_open(struct net *net, u32 index, int *err)
{
	struct deftt_net *dn = deftt_net(net);
	struct deftt_zone *z, *found = NULL;

	*err = -EADDRNOTAVAIL;
	mutex_lock(&dn->lock);
	list_for_each_entry(z, &dn->zones, node) {
		if (z->index != index)
			continue;
		if (ns_capable(net->user_ns, CAP_NET_ADMIN) ||
		    uid_eq(current_fsuid(), z->owner_uid) ||
		    (!gid_eq(z->owner_gid, GLOBAL_ROOT_GID) &&
		     in_group_p(z->owner_gid))) {
			refcount_inc(&z->ref);
			found = z;
			*err = 0;
		} else {
			*err = -EACCES;
		}
		break;
	}
	mutex_unlock(&dn->lock);
	return found;
}

/* The zone with this index, with a reference, or NULL. */
struct deftt_zone *deftt_zone_get(struct net *net, u32 index)
{
	struct deftt_net *dn = deftt_net(net);
	struct deftt_zone *z, *found = NULL;

	mutex_lock(&dn->lock);
	list_for_each_entry(z, &dn->zones, node) {
		if (z->index == index) {
			refcount_inc(&z->ref);
			found = z;
			break;
		}
	}
	mutex_unlock(&dn->lock);
	return found;
}

/* Caller holds dn->lock. Unlinks z; the caller then destroys it. */
static void deftt_zone_unlink(struct deftt_net *dn, struct deftt_zone *z)
{
	list_del(&z->node);
	dn->nzones--;
}

int deftt_zone_del(struct net *net, u32 index)
{
	struct deftt_net *dn = deftt_net(net);
	struct deftt_zone *z, *found = NULL;

	mutex_lock(&dn->lock);
	list_for_each_entry(z, &dn->zones, node) {
		if (z->index == index) {
			found = z;
			deftt_zone_unlink(dn, z);
			break;
		}
	}
	mutex_unlock(&dn->lock);
	if (!found)
		return -ENOENT;
	deftt_event_zone(found, DEFTT_CMD_ZONE_DEL);
	deftt_zone_destroy(found);
	return 0;
}

/* Netns teardown: every zone goes, synchronously (the sockets use net). */
void deftt_zones_flush(struct net *net)
{
	struct deftt_net *dn = deftt_net(net);
	struct deftt_zone *z, *tmp;
	LIST_HEAD(dead);

	mutex_lock(&dn->lock);
	list_splice_init(&dn->zones, &dead);
	dn->nzones = 0;
	mutex_unlock(&dn->lock);
	list_for_each_entry_safe(z, tmp, &dead, node)
		deftt_zone_destroy(z);
	/* Zones the notifier unlinked may still be on their way out. */
	flush_workqueue(deftt_wq);
}

/*
 * An interface going away takes its zones with it. The notifier runs
 * under RTNL, and releasing a socket that joined a group takes RTNL
 * itself, so the zones are unlinked here and destroyed on deftt_wq.
 */
static int deftt_netdev_event(struct notifier_block *nb, unsigned long event,
			      void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct deftt_net *dn;
	struct deftt_zone *z, *tmp;

	if (event != NETDEV_UNREGISTER)
		return NOTIFY_DONE;
	dn = deftt_net(dev_net(dev));
	mutex_lock(&dn->lock);
	list_for_each_entry_safe(z, tmp, &dn->zones, node) {
		if (z->ifindex != dev->ifindex)
			continue;
		deftt_zone_unlink(dn, z);
		pr_info("zone %u: interface %s removed, zone deleted\n",
			z->index, dev->name);
		deftt_event_zone(z, DEFTT_CMD_ZONE_DEL);
		queue_work(deftt_wq, &z->destroy_work);
	}
	mutex_unlock(&dn->lock);
	return NOTIFY_DONE;
}

static struct notifier_block deftt_netdev_nb = {
	.notifier_call = deftt_netdev_event,
};

int deftt_zone_notifier_init(void)
{
	return register_netdevice_notifier(&deftt_netdev_nb);
}

void deftt_zone_notifier_exit(void)
{
	unregister_netdevice_notifier(&deftt_netdev_nb);
}
