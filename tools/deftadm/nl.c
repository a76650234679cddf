// SPDX-License-Identifier: GPL-2.0
/* deftadm's generic netlink client: family lookup, requests, replies, dumps, extack. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "nl.h"

struct talk {
	struct nl *nl;
	nl_msg_cb cb;
	void *data;
	int err;
};

static int attr_cb(const struct nlattr *a, void *data)
{
	struct nlattr **tb = data;
	int type = mnl_attr_get_type(a);

	if (type > 0 && type <= DEFTT_A_MAX)
		tb[type] = (struct nlattr *)a;
	return MNL_CB_OK;
}

static int msg_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nlattr *tb[DEFTT_A_MAX + 1] = {};
	struct talk *t = data;
	int ret;

	if (mnl_attr_parse(nlh, sizeof(struct genlmsghdr), attr_cb, tb) < 0)
		return MNL_CB_ERROR;
	ret = t->cb ? t->cb(tb, t->data) : 0;
	if (ret) {
		t->err = ret;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

static void take_extack(struct nl *nl, const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	unsigned int off = sizeof(*e);
	const struct nlattr *a;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += mnl_nlmsg_get_payload_len(&e->msg);
	mnl_attr_for_each(a, nlh, off)
		if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG)
			snprintf(nl->extack, sizeof(nl->extack), "%s",
				 mnl_attr_get_str(a));
}

/* Error messages carry extack; mnl_cb_run would drop it. */
static int err_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	struct talk *t = data;

	take_extack(t->nl, nlh);
	if (e->error) {
		t->err = e->error;
		return MNL_CB_ERROR;
	}
	return MNL_CB_STOP;
}

static int done_cb(const struct nlmsghdr *nlh, void *data)
{
	struct talk *t = data;
	const int *v = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_len >= mnl_nlmsg_size(sizeof(int)) && *v < 0) {
		t->err = *v;
		return MNL_CB_ERROR;
	}
	return MNL_CB_STOP;
}

int nl_talk(struct nl *nl, struct nlmsghdr *nlh, nl_msg_cb cb, void *data)
{
	static mnl_cb_t ctl[NLMSG_MIN_TYPE] = {
		[NLMSG_ERROR] = err_cb,
		[NLMSG_DONE] = done_cb,
	};
	struct talk t = { .nl = nl, .cb = cb, .data = data };
	int ret;

	nl->extack[0] = 0;
	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		ret = mnl_socket_recvfrom(nl->sock, nl->rx, NL_BUF);
		if (ret < 0)
			return -errno;
		ret = mnl_cb_run2(nl->rx, ret, nlh->nlmsg_seq, nl->portid,
				  msg_cb, &t, ctl, NLMSG_MIN_TYPE);
	} while (ret > MNL_CB_STOP);
	if (ret < 0)
		return t.err ? t.err : -errno;
	return 0;
}

/* The "events" group's id inside CTRL_ATTR_MCAST_GROUPS. */
static void family_groups(const struct nlattr *groups, struct nl *nl)
{
	const struct nlattr *g, *a;

	mnl_attr_for_each_nested(g, groups) {
		const char *name = NULL;
		uint32_t id = 0;

		mnl_attr_for_each_nested(a, g) {
			if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_NAME)
				name = mnl_attr_get_str(a);
			else if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_ID)
				id = mnl_attr_get_u32(a);
		}
		if (name && !strcmp(name, DEFTT_MCGRP_EVENTS))
			nl->events_group = id;
	}
}

static int family_attr(const struct nlattr *a, void *data)
{
	struct nl *nl = data;

	if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID)
		nl->family = mnl_attr_get_u16(a);
	else if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GROUPS)
		family_groups(a, nl);
	return MNL_CB_OK;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), family_attr,
			      data);
}

static struct nlmsghdr *put_hdr(struct nl *nl, uint16_t type, uint8_t cmd,
				uint8_t version, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(nl->buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++nl->seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = version;
	return nlh;
}

int nl_open(struct nl *nl)
{
	struct nlmsghdr *nlh;
	int one = 1, ret;

	memset(nl, 0, sizeof(*nl));
	nl->buf = malloc(NL_BUF);
	nl->rx = malloc(NL_BUF);
	if (!nl->buf || !nl->rx)
		return -ENOMEM;
	nl->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sock)
		return -errno;
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0)
		return -errno;
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = time(NULL);

	nlh = put_hdr(nl, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, 0);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, DEFTT_GENL_NAME);
	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		ret = mnl_socket_recvfrom(nl->sock, nl->rx, NL_BUF);
		if (ret < 0)
			return -errno;
		ret = mnl_cb_run(nl->rx, ret, nlh->nlmsg_seq, nl->portid,
				 family_cb, nl);
		if (ret <= MNL_CB_STOP)
			break;
	}
	if (ret < 0)
		return -errno;
	return nl->family ? 0 : -ENOENT;
}

void nl_close(struct nl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	free(nl->buf);
	free(nl->rx);
	memset(nl, 0, sizeof(*nl));
}

int nl_join_events(struct nl *nl)
{
	unsigned int g = nl->events_group;

	if (!g)
		return -ENOENT;
	if (mnl_socket_setsockopt(nl->sock, NETLINK_ADD_MEMBERSHIP, &g,
				  sizeof(g)) < 0)
		return -errno;
	return 0;
}

struct nlmsghdr *nl_req(struct nl *nl, uint8_t cmd, bool dump)
{
	return put_hdr(nl, nl->family, cmd, DEFTT_GENL_VERSION,
		       dump ? NLM_F_DUMP : 0);
}
