/* SPDX-License-Identifier: GPL-2.0 */
/* deftadm's generic netlink client of the "deftt" family (libmnl). */
#ifndef _DEFTADM_NL_H
#define _DEFTADM_NL_H

#include <stdbool.h>
#include <stdint.h>
#include <libmnl/libmnl.h>
#include <linux/deftt.h>

struct nl {
	struct mnl_socket *sock;
	unsigned int portid;
	uint16_t family;
	uint32_t events_group;	/* 0 if the module has none */
	uint32_t seq;
	char extack[256];	/* the kernel's message for the last error */
	char *buf;		/* request, NL_BUF bytes */
	char *rx;		/* replies, NL_BUF bytes */
};

#define NL_BUF	65536

/* Called for every data message of a reply or dump with its attributes. */
typedef int (*nl_msg_cb)(struct nlattr **tb, void *data);

int nl_open(struct nl *nl);
/* Joins the family's "events" multicast group. */
int nl_join_events(struct nl *nl);
void nl_close(struct nl *nl);
/* A request for cmd; dump sets NLM_F_DUMP. */
struct nlmsghdr *nl_req(struct nl *nl, uint8_t cmd, bool dump);
/* Sends the request, calls cb per data message; 0 or -errno (extack kept). */
int nl_talk(struct nl *nl, struct nlmsghdr *nlh, nl_msg_cb cb, void *data);

#endif
