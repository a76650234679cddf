// SPDX-License-Identifier: GPL-2.0
/* The generic netlink family "deftt": the whole control surface. */
#include <linux/deftt.h>
#include <linux/utsname.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "deftt.h"

static const struct nla_policy deftt_policy[DEFTT_A_MAX + 1] = {
	[DEFTT_A_NETNS_MAX_ZONES] = { .type = NLA_U32 },
	[DEFTT_A_ZONE_INDEX] = { .type = NLA_U32 },
	[DEFTT_A_ZONE_IFINDEX] = { .type = NLA_U32 },
	[DEFTT_A_ZONE_TRUST_ANCHOR] = { .type = NLA_BINARY, .len = 8192 },
	[DEFTT_A_ZONE_SCHEMA_CERT] = { .type = NLA_BINARY, .len = 8192 },
	[DEFTT_A_ZONE_GROUP] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[DEFTT_A_ZONE_PORT] = { .type = NLA_U16 },
	[DEFTT_A_ZONE_OWNER_UID] = { .type = NLA_U32 },
	[DEFTT_A_ZONE_OWNER_GID] = { .type = NLA_U32 },
	[DEFTT_A_ZONE_SIGNING_KEY] =
		NLA_POLICY_EXACT_LEN(DEFTT_SIGNING_KEY_LEN),
	[DEFTT_A_ZONE_SIGNING_CHAIN] = { .type = NLA_NESTED },
	[DEFTT_A_ZONE_GROUP_KEY] = { .type = NLA_NESTED },
	[DEFTT_A_ZONE_CONNECTED] = NLA_POLICY_MAX(NLA_U8, 1),
	[DEFTT_A_ZONE_KEYMAKER] = { .type = NLA_NESTED },
	[DEFTT_A_SIGNER_THUMBPRINT] =
		NLA_POLICY_EXACT_LEN(DEFTT_THUMBPRINT_LEN),
};

static void *deftt_reply_start(struct genl_info *info, struct sk_buff **skbp)
{
	struct sk_buff *skb;
	void *hdr;

	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return NULL;
	hdr = genlmsg_put_reply(skb, info, &deftt_genl_family, 0, info->genlhdr->cmd);
	if (!hdr) {
		nlmsg_free(skb);
		return NULL;
	}
	*skbp = skb;
	return hdr;
}

static int deftt_nl_get_info(struct sk_buff *in, struct genl_info *info)
{
	struct sk_buff *skb;
	void *hdr;

	hdr = deftt_reply_start(info, &skb);
	if (!hdr)
		return -ENOMEM;

	if (nla_put_string(skb, DEFTT_A_INFO_VERSION, DEFTT_VERSION) ||
	    nla_put_u32(skb, DEFTT_A_INFO_GENL_VERSION, DEFTT_GENL_VERSION) ||
	    nla_put_u32(skb, DEFTT_A_INFO_FAMILY, AF_DEFTT) ||
	    nla_put_u64_64bit(skb, DEFTT_A_INFO_FEATURES, deftt_features(),
			      DEFTT_A_PAD))
		goto err_msgsize;

	genlmsg_end(skb, hdr);
	return genlmsg_reply(skb, info);

err_msgsize:
	nlmsg_free(skb);
	return -EMSGSIZE;
}

static int deftt_nl_get_netns(struct sk_buff *in, struct genl_info *info)
{
	struct deftt_net *dn = deftt_net(genl_info_net(info));
	struct sk_buff *skb;
	u32 max_zones;
	void *hdr;

	hdr = deftt_reply_start(info, &skb);
	if (!hdr)
		return -ENOMEM;

	mutex_lock(&dn->lock);
	max_zones = dn->max_zones;
	mutex_unlock(&dn->lock);

	if (nla_put_u32(skb, DEFTT_A_NETNS_MAX_ZONES, max_zones) ||
	    nla_put_u32(skb, DEFTT_A_NETNS_SOCKETS, atomic_read(&dn->sockets)))
		goto err_msgsize;

	genlmsg_end(skb, hdr);
	return genlmsg_reply(skb, info);

err_msgsize:
	nlmsg_free(skb);
	return -EMSGSIZE;
}

static int deftt_nl_set_netns(struct sk_buff *in, struct genl_info *info)
{
	struct deftt_net *dn = deftt_net(genl_info_net(info));
	struct nlattr *a = info->attrs[DEFTT_A_NETNS_MAX_ZONES];
	u32 max_zones;

	if (GENL_REQ_ATTR_CHECK(info, DEFTT_A_NETNS_MAX_ZONES)) {
		GENL_SET_ERR_MSG(info, "max_zones is required");
		return -EINVAL;
	}
	/*
	 * Checked here rather than by NLA_POLICY_RANGE, which answers
	 * -ERANGE: every malformed value gets -EINVAL and a message.
	 */
	max_zones = nla_get_u32(a);
	if (!max_zones || max_zones > DEFTT_MAX_ZONES_LIMIT) {
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "max_zones must be between 1 and 1024");
		return -EINVAL;
	}

	mutex_lock(&dn->lock);
	dn->max_zones = max_zones;
	mutex_unlock(&dn->lock);
	return 0;
}

static const struct genl_ops deftt_genl_ops[] = {
	{
		.cmd = DEFTT_CMD_GET_INFO,
		.doit = deftt_nl_get_info,
	},
	{
		.cmd = DEFTT_CMD_GET_NETNS,
		.doit = deftt_nl_get_netns,
	},
	{
		.cmd = DEFTT_CMD_SET_NETNS,
		.doit = deftt_nl_set_netns,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = DEFTT_CMD_ZONE_NEW,
		.doit = deftt_nl_zone_new,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = DEFTT_CMD_ZONE_GET,
		.doit = deftt_nl_zone_get,
		.dumpit = deftt_nl_zone_dump,
	},
	{
		.cmd = DEFTT_CMD_ZONE_DEL,
		.doit = deftt_nl_zone_del,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = DEFTT_CMD_ZONE_SET,
		.doit = deftt_nl_zone_set,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = DEFTT_CMD_SIGNER_ADD,
		.doit = deftt_nl_signer_add,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = DEFTT_CMD_SIGNER_DEL,
		.doit = deftt_nl_signer_del,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = DEFTT_CMD_SIGNER_GET,
		.dumpit = deftt_nl_signer_dump,
	},
};

static const struct genl_multicast_group deftt_mcgrps[] = {
	[DEFTT_MCGRP_EVENTS_ID] = { .name = DEFTT_MCGRP_EVENTS },
};

struct genl_family deftt_genl_family __ro_after_init = {
	.name = DEFTT_GENL_NAME,
	.version = DEFTT_GENL_VERSION,
	.maxattr = DEFTT_A_MAX,
	.policy = deftt_policy,
	.netnsok = true,
	.module = THIS_MODULE,
	.ops = deftt_genl_ops,
	.n_ops = ARRAY_SIZE(deftt_genl_ops),
	.mcgrps = deftt_mcgrps,
	.n_mcgrps = ARRAY_SIZE(deftt_mcgrps),
};

int __init deftt_genl_init(void)
{
	return genl_register_family(&deftt_genl_family);
}

void deftt_genl_exit(void)
{
	genl_unregister_family(&deftt_genl_family);
}
