// SPDX-License-Identifier: GPL-2.0
/* Generic netlink commands on a zone's keys and signers: zone set, signer add, del and get. */
#include <linux/deftt.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "core/ids.h"
#include "deftt.h"

#define DEFTT_CHAIN_MAX		15	/* certs below the anchor */

/* The zone a request names, with a reference; sets the message if none. */
static struct deftt_zone *deftt_nl_zone(struct genl_info *info)
{
	struct deftt_zone *z;

	if (GENL_REQ_ATTR_CHECK(info, DEFTT_A_ZONE_INDEX))
		return NULL;
	z = deftt_zone_get(genl_info_net(info),
			   nla_get_u32(info->attrs[DEFTT_A_ZONE_INDEX]));
	if (!z)
		GENL_SET_ERR_MSG(info, "no zone with this index");
	return z;
}

/* DEFTT_A_ZONE_SIGNING_CHAIN's certs, in order, pointing into the request. */
static int deftt_nl_chain(struct genl_info *info, const u8 **certs, u32 *lens,
			  unsigned int *n)
{
	struct nlattr *chain = info->attrs[DEFTT_A_ZONE_SIGNING_CHAIN];
	struct nlattr *a;
	int rem;

	*n = 0;
	nla_for_each_nested(a, chain, rem) {
		if (nla_type(a) != DEFTT_A_CHAIN_CERT || !nla_len(a)) {
			NL_SET_ERR_MSG_ATTR(info->extack, a,
					    "signing chain holds something that is not a cert");
			return -EINVAL;
		}
		if (*n >= DEFTT_CHAIN_MAX) {
			NL_SET_ERR_MSG_ATTR(info->extack, chain,
					    "signing chain must hold 1 to 15 certs");
			return -EINVAL;
		}
		certs[*n] = nla_data(a);
		lens[*n] = nla_len(a);
		(*n)++;
	}
	if (!*n) {
		NL_SET_ERR_MSG_ATTR(info->extack, chain, "signing chain is empty");
		return -EINVAL;
	}
	return 0;
}

static int deftt_nl_add_chain(struct deftt_zone *z, struct genl_info *info,
			      const u8 *sk)
{
	const u8 *certs[DEFTT_CHAIN_MAX];
	u32 lens[DEFTT_CHAIN_MAX];
	unsigned int n;
	int err;

	err = deftt_nl_chain(info, certs, lens, &n);
	if (err)
		return err;
	return deftt_signer_add(z, certs, lens, n, sk, info->extack);
}

static const struct nla_policy deftt_gkey_policy[DEFTT_A_MAX + 1] = {
	[DEFTT_A_GKEY_ROLE] = { .type = NLA_U32 },
	[DEFTT_A_GKEY_KEY] = NLA_POLICY_EXACT_LEN(DEFTT_GROUP_KEY_LEN),
	[DEFTT_A_GKEY_CT] = { .type = NLA_U64 },
};

/* Each DEFTT_A_ZONE_GROUP_KEY of the request, checked before any is set. */
static int deftt_nl_group_keys(struct deftt_zone *z, struct genl_info *info,
			       bool apply)
{
	struct nlattr *tb[DEFTT_A_MAX + 1];
	struct deftt_sync *zs = &z->sync;
	struct nlattr *a;
	int rem, err;
	u32 role;

	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(a) != DEFTT_A_ZONE_GROUP_KEY)
			continue;
		err = nla_parse_nested(tb, DEFTT_A_MAX, a, deftt_gkey_policy,
				       info->extack);
		if (err)
			return err;
		if (!tb[DEFTT_A_GKEY_ROLE] || !tb[DEFTT_A_GKEY_KEY] ||
		    !tb[DEFTT_A_GKEY_CT]) {
			NL_SET_ERR_MSG_ATTR(info->extack, a,
					    "group key needs a role, a key and its creation time");
			return -EINVAL;
		}
		role = nla_get_u32(tb[DEFTT_A_GKEY_ROLE]);
		if (role != DEFTT_GKEY_PDUS && role != DEFTT_GKEY_MSGS) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[DEFTT_A_GKEY_ROLE],
					    "group key role must be 0 (pdus) or 1 (msgs)");
			return -EINVAL;
		}
		if (!apply)
			continue;
		mutex_lock(&zs->lock);
		err = zs->dead ? -ENODEV :
			dt_keys_add_group(&zs->keys,
					  role == DEFTT_GKEY_PDUS ? DT_KEYS_PDU :
					  DT_KEYS_PUB,
					  nla_data(tb[DEFTT_A_GKEY_KEY]),
					  nla_get_u64(tb[DEFTT_A_GKEY_CT]));
		mutex_unlock(&zs->lock);
		if (err == -ESTALE) {
			NL_SET_ERR_MSG_ATTR(info->extack, a,
					    "group key is older than both keys held");
			return err;
		}
		if (err)
			return err;
	}
	return 0;
}

static const struct nla_policy deftt_km_policy[DEFTT_A_MAX + 1] = {
	[DEFTT_A_KM_COLL] = NLA_POLICY_RANGE(NLA_U32, DEFTT_COLL_KEYS_PDUS,
					     DEFTT_COLL_KEYS_MSGS),
	[DEFTT_A_KM_SIGNER] = NLA_POLICY_EXACT_LEN(DEFTT_THUMBPRINT_LEN),
	[DEFTT_A_KM_EPOCH] = { .type = NLA_U64 },
};

/* Each DEFTT_A_ZONE_KEYMAKER of the request, checked before any is set. */
static int deftt_nl_keymakers(struct deftt_zone *z, struct genl_info *info,
			      bool apply)
{
	struct nlattr *tb[DEFTT_A_MAX + 1];
	struct deftt_sync *zs = &z->sync;
	struct nlattr *a;
	int rem, err;
	u32 coll;

	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(a) != DEFTT_A_ZONE_KEYMAKER)
			continue;
		err = nla_parse_nested(tb, DEFTT_A_MAX, a, deftt_km_policy,
				       info->extack);
		if (err)
			return err;
		if (!tb[DEFTT_A_KM_COLL] || !tb[DEFTT_A_KM_SIGNER] ||
		    !tb[DEFTT_A_KM_EPOCH]) {
			NL_SET_ERR_MSG_ATTR(info->extack, a,
					    "keymaker needs a collection, a signer and an epoch");
			return -EINVAL;
		}
		coll = nla_get_u32(tb[DEFTT_A_KM_COLL]);
		if (!deftt_coll_present(z->schema, coll)) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[DEFTT_A_KM_COLL],
					    "the zone's schema has no such key collection");
			return -EINVAL;
		}
		if (!apply)
			continue;
		mutex_lock(&zs->lock);
		err = zs->dead ? -ENODEV :
			deftt_keys_set_keymaker(z, coll,
						nla_data(tb[DEFTT_A_KM_SIGNER]),
						nla_get_u64(tb[DEFTT_A_KM_EPOCH]));
		mutex_unlock(&zs->lock);
		if (err)
			return err;
	}
	return 0;
}

int deftt_nl_zone_set(struct sk_buff *in, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct deftt_zone *z;
	int err;

	if (!!a[DEFTT_A_ZONE_SIGNING_KEY] != !!a[DEFTT_A_ZONE_SIGNING_CHAIN]) {
		GENL_SET_ERR_MSG(info, "signing key and signing chain go together");
		return -EINVAL;
	}
	z = deftt_nl_zone(info);
	if (!z)
		return -ENOENT;
	err = deftt_nl_group_keys(z, info, false) ?:
	      deftt_nl_keymakers(z, info, false);
	if (!err && a[DEFTT_A_ZONE_SIGNING_KEY])
		err = deftt_nl_add_chain(z, info,
					 nla_data(a[DEFTT_A_ZONE_SIGNING_KEY]));
	if (!err)
		err = deftt_nl_group_keys(z, info, true);
	if (!err)
		err = deftt_nl_keymakers(z, info, true);
	if (!err && a[DEFTT_A_ZONE_CONNECTED]) {
		bool conn = nla_get_u8(a[DEFTT_A_ZONE_CONNECTED]), changed;

		mutex_lock(&z->sync.lock);
		changed = z->sync.connected != conn;
		z->sync.connected = conn;
		if (changed)
			deftt_event_zone(z, DEFTT_CMD_ZONE_SET);
		mutex_unlock(&z->sync.lock);
	}
	deftt_zone_put(z);
	return err;
}

int deftt_nl_signer_add(struct sk_buff *in, struct genl_info *info)
{
	struct deftt_zone *z;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, DEFTT_A_ZONE_SIGNING_CHAIN))
		return -EINVAL;
	z = deftt_nl_zone(info);
	if (!z)
		return -ENOENT;
	err = deftt_nl_add_chain(z, info, NULL);
	deftt_zone_put(z);
	return err;
}

int deftt_nl_signer_del(struct sk_buff *in, struct genl_info *info)
{
	struct deftt_zone *z;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, DEFTT_A_SIGNER_THUMBPRINT))
		return -EINVAL;
	z = deftt_nl_zone(info);
	if (!z)
		return -ENOENT;
	err = deftt_signer_del(z,
			       nla_data(info->attrs[DEFTT_A_SIGNER_THUMBPRINT]));
	if (err == -ENOENT)
		GENL_SET_ERR_MSG(info, "no signer with this thumbprint");
	else if (err == -EBUSY)
		GENL_SET_ERR_MSG(info, "a new signing key must replace the own signer first");
	deftt_zone_put(z);
	return err;
}

/*
 * Dump of one zone's signers: cb->args[0] is the zone index, args[1] the
 * number of signers sent. The list can change between rounds; a signer
 * may then be skipped or repeated, as with any netlink dump.
 */
int deftt_nl_signer_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	/* Found in the request itself: where genl keeps parsed attributes
	 * for a dump differs between 6.1 and 6.12. The policy has checked it.
	 */
	const struct nlattr *idx = nlmsg_find_attr(cb->nlh, GENL_HDRLEN,
						   DEFTT_A_ZONE_INDEX);
	struct deftt_signer *s;
	struct deftt_zone *z;
	long i = 0;
	void *hdr;
	int err = 0;

	if (!idx) {
		NL_SET_ERR_MSG(cb->extack, "dump of signers needs a zone index");
		return -EINVAL;
	}
	z = deftt_zone_get(sock_net(skb->sk), nla_get_u32(idx));
	if (!z) {
		NL_SET_ERR_MSG(cb->extack, "no zone with this index");
		return -ENOENT;
	}
	mutex_lock(&z->sync.lock);
	list_for_each_entry(s, &z->sync.signers, node) {
		if (i++ < cb->args[1])
			continue;
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &deftt_genl_family,
				  NLM_F_MULTI, DEFTT_CMD_SIGNER_GET);
		if (!hdr) {
			err = -EMSGSIZE;
			break;
		}
		if (nla_put_u32(skb, DEFTT_A_ZONE_INDEX, z->index) ||
		    nla_put(skb, DEFTT_A_SIGNER_THUMBPRINT, DT_THUMBPRINT_LEN,
			    s->sg->tp) ||
		    nla_put(skb, DEFTT_A_SIGNER_NAME, s->name_size, s->name) ||
		    nla_put_u64_64bit(skb, DEFTT_A_SIGNER_NOT_AFTER,
				      s->sg->not_after, DEFTT_A_PAD) ||
		    nla_put_u8(skb, DEFTT_A_SIGNER_SELF, s->self)) {
			genlmsg_cancel(skb, hdr);
			err = -EMSGSIZE;
			break;
		}
		genlmsg_end(skb, hdr);
		cb->args[1] = i;
	}
	mutex_unlock(&z->sync.lock);
	deftt_zone_put(z);
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ?: skb->len;
}
