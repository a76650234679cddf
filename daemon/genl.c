// SPDX-License-Identifier: GPL-2.0
/* Client of the "deftt" generic netlink family over libnl-genl-3. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "deftd.h"
#include "log.h"

/* The kernel answers at once; a silent one is a broken one. */
#define NL_TIMEOUT_S	5

static const char *const cmd_names[] = {
	[DEFTT_CMD_GET_INFO] = "GET_INFO",
	[DEFTT_CMD_GET_NETNS] = "GET_NETNS",
	[DEFTT_CMD_SET_NETNS] = "SET_NETNS",
	[DEFTT_CMD_ZONE_NEW] = "ZONE_NEW",
	[DEFTT_CMD_ZONE_GET] = "ZONE_GET",
	[DEFTT_CMD_ZONE_DEL] = "ZONE_DEL",
	[DEFTT_CMD_ZONE_SET] = "ZONE_SET",
	[DEFTT_CMD_SIGNER_ADD] = "SIGNER_ADD",
	[DEFTT_CMD_SIGNER_DEL] = "SIGNER_DEL",
	[DEFTT_CMD_SIGNER_GET] = "SIGNER_GET",
};

struct talk {
	struct deftd_nl *nl;
	deftd_nl_cb cb;
	void *arg;
	u32 seq;
	int err;
	bool done;
};

int deftd_nl_open(struct deftd_nl *nl)
{
	struct timeval tv = { .tv_sec = NL_TIMEOUT_S };
	int one = 1, fd, ret;

	memset(nl, 0, sizeof(*nl));
	nl->sk = nl_socket_alloc();
	if (!nl->sk)
		return -ENOMEM;
	ret = genl_connect(nl->sk);
	if (ret)
		return -EIO;
	nl_socket_enable_msg_peek(nl->sk);
	ret = genl_ctrl_resolve(nl->sk, DEFTT_GENL_NAME);
	if (ret < 0)
		return ret == -NLE_OBJ_NOTFOUND ? -ENOENT : -EIO;
	nl->family = ret;
	fd = nl_socket_get_fd(nl->sk);
	/* ask for the kernel's sentences, without our request echoed */
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return 0;
}

void deftd_nl_close(struct deftd_nl *nl)
{
	if (nl->sk)
		nl_socket_free(nl->sk);
	nl->sk = NULL;
}

int deftd_nl_fd(const struct deftd_nl *nl)
{
	return nl->sk ? nl_socket_get_fd(nl->sk) : -1;
}

struct nl_msg *deftd_nl_msg(struct deftd_nl *nl, u8 cmd, bool dump,
			    size_t room)
{
	struct nl_msg *m = nlmsg_alloc_size(room + 1024);

	if (!m)
		return NULL;
	if (!genlmsg_put(m, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0,
			 dump ? NLM_F_DUMP : 0, cmd, DEFTT_GENL_VERSION)) {
		nlmsg_free(m);
		return NULL;
	}
	return m;
}

/* Only our request's answers; anything older is left behind. */
static int seq_cb(struct nl_msg *m, void *arg)
{
	struct talk *t = arg;

	return nlmsg_hdr(m)->nlmsg_seq == t->seq ? NL_OK : NL_SKIP;
}

static int valid_cb(struct nl_msg *m, void *arg)
{
	struct nlattr *tb[DEFTT_A_MAX + 1];
	struct talk *t = arg;
	int ret;

	if (t->err)
		return NL_OK;	/* read the rest of a dump, ignore it */
	if (genlmsg_parse(nlmsg_hdr(m), 0, tb, DEFTT_A_MAX, NULL) < 0) {
		t->err = -EPROTO;
		return NL_OK;
	}
	if (t->cb) {
		ret = t->cb(tb, t->arg);
		if (ret)
			t->err = ret;
	}
	return NL_OK;
}

static int finish_cb(struct nl_msg *m, void *arg)
{
	struct talk *t = arg;

	t->done = true;
	return NL_STOP;
}

/* The extended ack after the (capped) echo: NLMSGERR_ATTR_MSG and friends. */
static void take_extack(struct deftd_nl *nl, struct nlmsgerr *e)
{
	struct nlmsghdr *h = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t off = sizeof(*e), len;

	if (!(h->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(h->nlmsg_flags & NLM_F_CAPPED))
		off += NLMSG_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN);
	len = h->nlmsg_len - NLMSG_HDRLEN;
	if (off >= len ||
	    nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)((char *)e + off),
		      (int)(len - off), NULL) < 0)
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		snprintf(nl->extack, sizeof(nl->extack), "%.*s",
			 nla_len(tb[NLMSGERR_ATTR_MSG]),
			 (char *)nla_data(tb[NLMSGERR_ATTR_MSG]));
#ifdef NLMSGERR_ATTR_MISS_TYPE
	else if (tb[NLMSGERR_ATTR_MISS_TYPE])
		snprintf(nl->extack, sizeof(nl->extack),
			 "attribute %u is missing",
			 nla_get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]));
#endif
}

static int err_cb(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct talk *t = arg;

	take_extack(t->nl, e);
	if (!t->err)
		t->err = e->error;
	t->done = true;
	return NL_STOP;
}

int deftd_nl_talk(struct deftd_nl *nl, struct nl_msg *m, deftd_nl_cb cb,
		  void *arg)
{
	struct talk t = { .nl = nl, .cb = cb, .arg = arg };
	struct nl_cb *c;
	int ret;

	nl->extack[0] = 0;
	c = nl_cb_alloc(NL_CB_DEFAULT);
	if (!c) {
		nlmsg_free(m);
		return -ENOMEM;
	}
	nl_cb_set(c, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, seq_cb, &t);
	nl_cb_set(c, NL_CB_VALID, NL_CB_CUSTOM, valid_cb, &t);
	nl_cb_set(c, NL_CB_FINISH, NL_CB_CUSTOM, finish_cb, &t);
	nl_cb_set(c, NL_CB_ACK, NL_CB_CUSTOM, finish_cb, &t);
	nl_cb_err(c, NL_CB_CUSTOM, err_cb, &t);
	ret = nl_send_auto(nl->sk, m);
	t.seq = nlmsg_hdr(m)->nlmsg_seq;
	/* requests may hold a secret key (ZONE_SET) */
	explicit_bzero(nlmsg_hdr(m), nlmsg_hdr(m)->nlmsg_len);
	nlmsg_free(m);
	if (ret < 0) {
		nl_cb_put(c);
		return -EIO;
	}
	while (!t.done) {
		ret = nl_recvmsgs(nl->sk, c);
		if (ret < 0 && !t.done) {
			t.err = ret == -NLE_AGAIN ? -ETIMEDOUT : -EIO;
			break;
		}
	}
	nl_cb_put(c);
	return t.err;
}

/* Nothing is sent to us unasked; whatever arrives late is read and dropped. */
void deftd_nl_drain(struct deftd_nl *nl)
{
	char buf[8192];
	ssize_t n;

	do
		n = recv(deftd_nl_fd(nl), buf, sizeof(buf), MSG_DONTWAIT);
	while (n > 0);
}

void deftd_nl_report(const struct deftd_nl *nl, int level, u8 cmd, int err)
{
	const char *name = cmd < ARRAY_SIZE(cmd_names) &&
			   cmd_names[cmd] ? cmd_names[cmd] : "request";
	const char *hint = "";

	if (err == -EPERM)
		hint = " (CAP_NET_ADMIN is needed)";
	if (nl->extack[0])
		deftd_log(level, "the kernel refused %s: %s (%s)%s", name,
			  nl->extack, strerror(-err), hint);
	else
		deftd_log(level, "the kernel refused %s: %s%s", name,
			  strerror(-err), hint);
}
