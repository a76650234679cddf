/* SPDX-License-Identifier: GPL-2.0 */
/* A tiny libmnl client of the "deftt" generic netlink family, for selftests. */
#ifndef _DEFTT_SELFTEST_GENL_CLIENT_H
#define _DEFTT_SELFTEST_GENL_CLIENT_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/deftt.h>

struct genl_client {
	struct mnl_socket *nl;
	unsigned int portid;
	uint16_t family;
	uint32_t seq;
	char extack[256];	/* error message of the last request, if any */
	struct nlattr *tb[DEFTT_A_MAX + 1];	/* point into reply */
	char buf[16384];	/* request */
	char rx[16384];		/* whatever the kernel sends */
	char reply[16384];	/* the last data message, kept for tb */
};

static int gc_ctrl_attr(const struct nlattr *a, void *data)
{
	uint16_t *family = data;

	if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID)
		*family = mnl_attr_get_u16(a);
	return MNL_CB_OK;
}

static int gc_ctrl_cb(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), gc_ctrl_attr, data);
}

static int gc_reply_attr(const struct nlattr *a, void *data)
{
	struct genl_client *gc = data;
	int type = mnl_attr_get_type(a);

	if (type > 0 && type <= DEFTT_A_MAX)
		gc->tb[type] = (struct nlattr *)a;
	return MNL_CB_OK;
}

static int gc_reply_cb(const struct nlmsghdr *nlh, void *data)
{
	struct genl_client *gc = data;

	/* Later reads (the ACK) reuse rx; keep this message for tb. */
	if (nlh->nlmsg_len > sizeof(gc->reply))
		return MNL_CB_ERROR;
	memcpy(gc->reply, nlh, nlh->nlmsg_len);
	return mnl_attr_parse((struct nlmsghdr *)gc->reply,
			      sizeof(struct genlmsghdr), gc_reply_attr, data);
}

/* Pull the extack message out of an NLMSG_ERROR, if the kernel sent one. */
static void gc_take_extack(struct genl_client *gc, const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;
	unsigned int off = sizeof(*err);

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += mnl_nlmsg_get_payload_len(&err->msg);
	mnl_attr_for_each(a, nlh, off) {
		if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG)
			snprintf(gc->extack, sizeof(gc->extack), "%s",
				 mnl_attr_get_str(a));
	}
}

/* Send one request and wait for its reply; 0 or -errno. */
static int gc_talk(struct genl_client *gc, struct nlmsghdr *nlh,
		   mnl_cb_t cb, void *data)
{
	uint32_t seq = nlh->nlmsg_seq;
	int ret;

	gc->extack[0] = 0;
	if (mnl_socket_sendto(gc->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		struct nlmsghdr *r;

		ret = mnl_socket_recvfrom(gc->nl, gc->rx, sizeof(gc->rx));
		if (ret < 0)
			return -errno;
		r = (struct nlmsghdr *)gc->rx;
		if (r->nlmsg_type == NLMSG_ERROR) {
			const struct nlmsgerr *e = mnl_nlmsg_get_payload(r);

			gc_take_extack(gc, r);
			if (e->error)
				return e->error;
		}
		ret = mnl_cb_run(gc->rx, ret, seq, gc->portid, cb, data);
		if (ret <= MNL_CB_STOP)
			return ret < 0 ? -errno : 0;
	}
}

static struct nlmsghdr *gc_msg(struct genl_client *gc, uint16_t type,
			       uint8_t cmd, uint8_t version)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(gc->buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++gc->seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = version;
	return nlh;
}

/* Open a socket and resolve the family; 0, -ENOENT if it is absent, -errno. */
static int gc_open(struct genl_client *gc)
{
	struct nlmsghdr *nlh;
	int one = 1, ret;

	memset(gc, 0, sizeof(*gc));
	gc->nl = mnl_socket_open(NETLINK_GENERIC);
	if (!gc->nl)
		return -errno;
	mnl_socket_setsockopt(gc->nl, NETLINK_EXT_ACK, &one, sizeof(one));
	if (mnl_socket_bind(gc->nl, 0, MNL_SOCKET_AUTOPID) < 0)
		return -errno;
	gc->portid = mnl_socket_get_portid(gc->nl);

	nlh = gc_msg(gc, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, DEFTT_GENL_NAME);
	ret = gc_talk(gc, nlh, gc_ctrl_cb, &gc->family);
	if (ret)
		return ret;
	return gc->family ? 0 : -ENOENT;
}

static void gc_close(struct genl_client *gc)
{
	if (gc->nl)
		mnl_socket_close(gc->nl);
	gc->nl = NULL;
}

/* A deftt request with no attributes; the reply's attributes land in gc->tb. */
static struct nlmsghdr *gc_cmd(struct genl_client *gc, uint8_t cmd)
{
	memset(gc->tb, 0, sizeof(gc->tb));
	return gc_msg(gc, gc->family, cmd, DEFTT_GENL_VERSION);
}

static int gc_run(struct genl_client *gc, struct nlmsghdr *nlh)
{
	return gc_talk(gc, nlh, gc_reply_cb, gc);
}

#endif
