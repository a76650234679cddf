// SPDX-License-Identifier: GPL-2.0
/* deftadm monitor: the module's events (zones, signers, connected) as they happen. */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <linux/genetlink.h>

#include "deftadm.h"
#include "wire.h"

struct monitor {
	unsigned long left;	/* events still to print; 0 = forever */
	bool bounded;
};

static int ev_attr(const struct nlattr *a, void *data)
{
	struct nlattr **tb = data;
	int type = mnl_attr_get_type(a);

	if (type > 0 && type <= DEFTT_A_MAX)
		tb[type] = (struct nlattr *)a;
	return MNL_CB_OK;
}

static const char *ev_name(uint8_t cmd)
{
	switch (cmd) {
	case DEFTT_CMD_ZONE_NEW:
		return "zone_new";
	case DEFTT_CMD_ZONE_DEL:
		return "zone_del";
	case DEFTT_CMD_ZONE_SET:
		return "zone_connected";
	case DEFTT_CMD_SIGNER_ADD:
		return "signer_add";
	case DEFTT_CMD_SIGNER_DEL:
		return "signer_del";
	default:
		return NULL;
	}
}

static void hex(const struct nlattr *a, char *out, size_t cap)
{
	const uint8_t *p = mnl_attr_get_payload(a);
	size_t i, n = mnl_attr_get_payload_len(a);

	out[0] = 0;
	for (i = 0; i < n && 2 * i + 2 < cap; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

static void ev_print(uint8_t cmd, struct nlattr **tb)
{
	char ifname[IF_NAMESIZE] = "?", id[2 * DEFTT_ZONE_ID_LEN + 1] = "";
	char tp[2 * DEFTT_THUMBPRINT_LEN + 1] = "", name[1024] = "?";
	uint32_t zone = tb[DEFTT_A_ZONE_INDEX] ?
		mnl_attr_get_u32(tb[DEFTT_A_ZONE_INDEX]) : 0;
	bool self = tb[DEFTT_A_SIGNER_SELF] &&
		mnl_attr_get_u8(tb[DEFTT_A_SIGNER_SELF]);
	bool conn = tb[DEFTT_A_ZONE_CONNECTED] &&
		mnl_attr_get_u8(tb[DEFTT_A_ZONE_CONNECTED]);
	struct dt_name n;

	if (tb[DEFTT_A_ZONE_IFINDEX] &&
	    !if_indextoname(mnl_attr_get_u32(tb[DEFTT_A_ZONE_IFINDEX]), ifname))
		snprintf(ifname, sizeof(ifname), "?");
	if (tb[DEFTT_A_ZONE_ID])
		hex(tb[DEFTT_A_ZONE_ID], id, sizeof(id));
	if (tb[DEFTT_A_SIGNER_THUMBPRINT])
		hex(tb[DEFTT_A_SIGNER_THUMBPRINT], tp, sizeof(tp));
	if (tb[DEFTT_A_SIGNER_NAME] &&
	    (dt_name_parse(mnl_attr_get_payload(tb[DEFTT_A_SIGNER_NAME]),
			   mnl_attr_get_payload_len(tb[DEFTT_A_SIGNER_NAME]),
			   0, &n) || dt_name_uri(&n, name, sizeof(name)) < 0))
		snprintf(name, sizeof(name), "?");

	if (opt_json) {
		printf("{\"event\": \"%s\", \"zone\": %u", ev_name(cmd) ?: "?",
		       zone);
		if (cmd == DEFTT_CMD_SIGNER_ADD || cmd == DEFTT_CMD_SIGNER_DEL) {
			printf(", \"thumbprint\": \"%s\", \"name\": ", tp);
			json_str(name);
			printf(", \"self\": %s", self ? "true" : "false");
		} else {
			printf(", \"dev\": ");
			json_str(ifname);
			printf(", \"id\": \"%s\"", id);
			if (cmd == DEFTT_CMD_ZONE_SET)
				printf(", \"connected\": %s",
				       conn ? "true" : "false");
		}
		printf("}\n");
	} else if (cmd == DEFTT_CMD_SIGNER_ADD || cmd == DEFTT_CMD_SIGNER_DEL) {
		printf("zone %u: signer %s %s %s%s\n", zone,
		       cmd == DEFTT_CMD_SIGNER_ADD ? "added" : "removed", tp,
		       name, self ? " (self)" : "");
	} else if (cmd == DEFTT_CMD_ZONE_SET) {
		printf("zone %u: %s\n", zone,
		       conn ? "connected" : "not connected");
	} else {
		printf("zone %u: %s on %s, id %s\n", zone,
		       cmd == DEFTT_CMD_ZONE_NEW ? "created" : "deleted",
		       ifname, id);
	}
	fflush(stdout);
}

static int ev_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	struct nlattr *tb[DEFTT_A_MAX + 1] = {};
	struct monitor *m = data;

	if (!ev_name(g->cmd))
		return MNL_CB_OK;
	if (mnl_attr_parse(nlh, sizeof(*g), ev_attr, tb) < 0)
		return MNL_CB_ERROR;
	ev_print(g->cmd, tb);
	if (m->bounded && !--m->left)
		return MNL_CB_STOP;
	return MNL_CB_OK;
}

/* deftadm monitor [count N] */
int cmd_monitor(struct nl *nl, int argc, char **argv)
{
	struct monitor m = {};
	uint32_t n;
	int ret;

	if (argc == 2 && !strcmp(argv[0], "count")) {
		if (parse_u32(argv[1], UINT32_MAX, &n) || !n)
			return usage_error("monitor count needs a number above 0");
		m.left = n;
		m.bounded = true;
	} else if (argc) {
		return usage_error("monitor takes only \"count N\"");
	}
	ret = adm_connect(nl);
	if (ret)
		return ret;
	ret = nl_join_events(nl);
	if (ret)
		return fail(NULL, ret, "the module has no events group");
	for (;;) {
		ret = mnl_socket_recvfrom(nl->sock, nl->rx, NL_BUF);
		if (ret < 0) {
			if (errno == ENOBUFS) {
				fprintf(stderr, "deftadm: monitor: events were lost (receive buffer full).\n");
				continue;
			}
			return fail(NULL, -errno, "monitor");
		}
		ret = mnl_cb_run(nl->rx, ret, 0, 0, ev_cb, &m);
		if (ret == MNL_CB_STOP)
			return 0;
		if (ret < 0)
			return fail(NULL, -errno, "monitor");
	}
}
