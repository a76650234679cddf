// SPDX-License-Identifier: GPL-2.0
/* Notifications on the "events" multicast group: zones and signers coming and going. */
#include <linux/deftt.h>
#include <net/genetlink.h>

#include "deftt.h"

/*
 * Each event is a message of the command that caused it, sent to the
 * zone's network namespace: DEFTT_CMD_ZONE_NEW and _DEL (index, ifindex,
 * id), DEFTT_CMD_SIGNER_ADD and _DEL (index, thumbprint, name, self) and
 * DEFTT_CMD_ZONE_SET when the connected state changes. Nobody listening
 * costs one check; a failed allocation loses the event, as netlink
 * notifications do.
 */

static struct sk_buff *deftt_event_new(struct net *net, u8 cmd, void **hdr)
{
	struct sk_buff *skb;

	if (!genl_has_listeners(&deftt_genl_family, net, DEFTT_MCGRP_EVENTS_ID))
		return NULL;
	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return NULL;
	*hdr = genlmsg_put(skb, 0, 0, &deftt_genl_family, 0, cmd);
	if (!*hdr) {
		nlmsg_free(skb);
		return NULL;
	}
	return skb;
}

/* Sends the event, or frees it if filling it failed (err). */
static void deftt_event_send(struct net *net, struct sk_buff *skb, void *hdr,
			     int err)
{
	if (err) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_end(skb, hdr);
	genlmsg_multicast_netns(&deftt_genl_family, net, skb, 0,
				DEFTT_MCGRP_EVENTS_ID, GFP_KERNEL);
}

void deftt_event_zone(struct deftt_zone *z, u8 cmd)
{
	struct sk_buff *skb;
	void *hdr;

	skb = deftt_event_new(z->net, cmd, &hdr);
	if (!skb)
		return;
	deftt_event_send(z->net, skb, hdr,
			 nla_put_u32(skb, DEFTT_A_ZONE_INDEX, z->index) ||
			 nla_put_u32(skb, DEFTT_A_ZONE_IFINDEX, z->ifindex) ||
			 nla_put(skb, DEFTT_A_ZONE_ID, DEFTT_ZONE_ID_LEN, z->id) ||
			 (cmd == DEFTT_CMD_ZONE_SET &&
			  nla_put_u8(skb, DEFTT_A_ZONE_CONNECTED,
				     z->sync.connected)));
}

void deftt_event_signer(struct deftt_zone *z, u8 cmd,
			const struct deftt_signer *s)
{
	struct sk_buff *skb;
	void *hdr;

	skb = deftt_event_new(z->net, cmd, &hdr);
	if (!skb)
		return;
	deftt_event_send(z->net, skb, hdr,
			 nla_put_u32(skb, DEFTT_A_ZONE_INDEX, z->index) ||
			 nla_put(skb, DEFTT_A_SIGNER_THUMBPRINT,
				 DT_THUMBPRINT_LEN, s->sg->tp) ||
			 nla_put(skb, DEFTT_A_SIGNER_NAME, s->name_size,
				 s->name) ||
			 nla_put_u8(skb, DEFTT_A_SIGNER_SELF, s->self));
}
