// SPDX-License-Identifier: GPL-2.0
/* Example lock of the iot1 domain: takes commands for itself or all, acts, replies with its status. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "deftt_app.h"
#include "iot1.h"

struct opts {
	uint32_t zone;
	unsigned int count;	/* 0: until killed */
	const char *id;
	const char *domain;
	const char *state;
	bool quiet;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: device -i ID [-q] [-z ZONE] [-n COUNT] [-s STATE] [-d DOMAIN]\n"
		"A lock of the iot1 domain: takes the lock, unlock and report commands\n"
		"sent to ID or to all, acts, and answers each with a status Publication.\n"
		"  -i ID       this device's id, as its identity cert names it (frontdoor,\n"
		"              gate, ...); the kernel refuses a reply naming another\n"
		"  -z ZONE     zone index (default 1)\n"
		"  -n COUNT    exit after answering COUNT commands (default: run until\n"
		"              killed)\n"
		"  -s STATE    the lock at start: locked (default) or unlocked\n"
		"  -d DOMAIN   the domain's first Name component (default iot1)\n"
		"  -q          print only what went wrong\n"
		"Exit status: 0 when stopped or done, 1 on a failure, 2 usage error.\n");
}

static int bad_usage(const char *what, const char *arg)
{
	return dapp_bad_usage("device", what, arg);
}

static int parse_opts(struct opts *o, int argc, char **argv)
{
	unsigned int zone;
	int c;

	*o = (struct opts){ .zone = 1, .domain = IOT1_DOMAIN,
			    .state = "locked" };
	while ((c = getopt(argc, argv, "qz:n:i:s:d:h")) != -1) {
		switch (c) {
		case 'q':
			o->quiet = true;
			break;
		case 'z':
			if (!dapp_parse_uint(optarg, UINT32_MAX, &zone))
				return bad_usage("bad zone index", optarg);
			o->zone = zone;
			break;
		case 'n':
			if (!dapp_parse_uint(optarg, 1000000, &o->count))
				return bad_usage("bad command count", optarg);
			break;
		case 'i':
			if (!*optarg || strchr(optarg, '/') || !strcmp(optarg, "all"))
				return bad_usage("bad device id", optarg);
			o->id = optarg;
			break;
		case 's':
			if (strcmp(optarg, "locked") && strcmp(optarg, "unlocked"))
				return bad_usage("bad state", optarg);
			o->state = optarg;
			break;
		case 'd':
			o->domain = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			fprintf(stderr, "device: see device -h.\n");
			return 2;
		}
	}
	if (optind < argc)
		return bad_usage("unexpected argument", argv[optind]);
	if (!o->id) {
		fprintf(stderr, "device: give this device's id with -i; see device -h.\n");
		return 2;
	}
	return 0;
}

/* Commands for this device and for all of them. */
static int subscribe(int fd, const struct opts *o)
{
	const char *to[] = { o->id, "all" };
	char prefix[256];
	unsigned int i;
	int err;

	for (i = 0; i < 2; i++) {
		snprintf(prefix, sizeof(prefix), "/%s/%s/command/%s", o->domain,
			 IOT1_LOCK, to[i]);
		err = dapp_subscribe(fd, prefix);
		if (err) {
			fprintf(stderr, "device: subscribe to %s: %s.\n", prefix,
				strerror(-err));
			return -1;
		}
	}
	return 0;
}

/* The status reply: every parameter of iot1's #iotPub (see iot1.h). */
static int reply(int fd, const struct opts *o, uint32_t cmd_msgid)
{
	struct dapp_msg m;
	uint32_t msgid;
	char body[64];
	int n;

	if (getrandom(&msgid, sizeof(msgid), 0) != sizeof(msgid))
		msgid = (uint32_t)dapp_now_us() ^ cmd_msgid;
	dapp_msg_init(&m);
	dapp_param(&m, IOT1_TARGET, IOT1_LOCK);
	dapp_param(&m, IOT1_TOPIC, "status");
	dapp_param(&m, IOT1_TRGTLOC, "%s", o->id);
	dapp_param(&m, IOT1_TOPICARGS, "%s", o->state);
	dapp_param(&m, IOT1_MSGID, "%u", msgid);
	dapp_param(&m, IOT1_SCNT, "0");
	n = snprintf(body, sizeof(body), IOT1_REPLY_FMT " from %s", cmd_msgid,
		     o->id);
	return dapp_publish(fd, &m, body, n);
}

/* Acts on one received command; false if it was not one. */
static bool act(struct opts *o, const struct dapp_rx *rx, char *action,
		uint32_t *msgid)
{
	struct dapp_comp c;

	if (!dapp_comp(rx->name, rx->name_len, IOT1_P_TOPIC, &c) ||
	    !dapp_comp_is(&c, "command") ||
	    !dapp_comp(rx->name, rx->name_len, IOT1_P_TOPICARGS, &c))
		return false;
	dapp_comp_str(&c, action, 64);
	if (!dapp_comp(rx->name, rx->name_len, IOT1_P_MSGID, &c))
		return false;
	*msgid = dapp_comp_num(&c);
	if (!strcmp(action, "lock"))
		o->state = "locked";
	else if (!strcmp(action, "unlock"))
		o->state = "unlocked";
	else if (strcmp(action, "report"))
		return false;
	return true;
}

static int serve(int fd, struct opts *o, struct dapp_rx *rx)
{
	char action[64], from[DAPP_TEXT_MAX];
	unsigned int done = 0;
	int failed = 0, r;
	uint32_t msgid;

	while (!stop && (!o->count || done < o->count)) {
		r = dapp_receive(fd, rx, -1);
		if (r == -EINTR || r == 0 || r == DAPP_CONFIRMED)
			continue;
		if (r < 0) {
			fprintf(stderr, "device: receive: %s.\n", strerror(-r));
			return 1;
		}
		if (!act(o, rx, action, &msgid)) {
			if (!o->quiet)
				printf("ignored %s\n", dapp_name_text(rx->name,
				       rx->name_len, from, sizeof(from)));
			continue;
		}
		if (rx->signer_name_len)
			dapp_name_text(rx->signer_name, rx->signer_name_len,
				       from, sizeof(from));
		else
			snprintf(from, sizeof(from), "?");
		r = reply(fd, o, msgid);
		done++;
		if (r) {
			fprintf(stderr, "device: %s from %s: reply: %s.\n",
				action, from, r == -ENOKEY ?
				"the zone has no signing key yet (is deftd running?)" :
				strerror(-r));
			failed = 1;
		} else if (!o->quiet) {
			printf("%s from %s (msgID %u): %s\n", action, from, msgid,
			       o->state);
		}
		fflush(stdout);
	}
	if (!o->quiet)
		printf("%s: %u commands answered\n", o->id, done);
	return failed;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct dapp_rx *rx;
	struct opts o;
	int fd, ret;

	ret = parse_opts(&o, argc, argv);
	if (ret)
		return ret;
	/* No SA_RESTART: a signal ends the wait in dapp_receive(). */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	fd = dapp_open(o.zone, DEFTT_COLL_MSGS);
	if (fd < 0) {
		fprintf(stderr, "device: zone %u: %s.\n", o.zone,
			dapp_open_error(fd));
		return 1;
	}
	rx = malloc(sizeof(*rx));
	ret = !rx || subscribe(fd, &o) ? 1 : serve(fd, &o, rx);
	free(rx);
	close(fd);
	return ret;
}
