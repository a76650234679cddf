// SPDX-License-Identifier: GPL-2.0
/* Example operator of the iot1 domain: sends lock commands, times the devices' status replies. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "deftt_app.h"
#include "iot1.h"

#define MAX_EXPECTED	32

struct opts {
	uint32_t zone;
	unsigned int count;
	unsigned int timeout_ms;
	unsigned int interval_ms;
	const char *domain;
	const char *target;
	const char *action;
	bool quiet;
	bool confirm;
	/* Who must answer: these devices, or (nexp == 0) want_n of any. */
	char *expected[MAX_EXPECTED];
	unsigned int nexp;
	unsigned int want_n;
};

/* What one command has gathered so far. */
struct exchange {
	unsigned int k;		/* command number, from 1 */
	uint32_t msgid;
	uint64_t sent_us;	/* monotonic */
	bool answered[MAX_EXPECTED];
	char seen[MAX_EXPECTED][64];	/* in count mode: who answered */
	unsigned int nreplies;
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: operator [-q] [-C] [-z ZONE] [-n COUNT] [-e DEVICES|N] [-t MS]\n"
		"                [-i MS] [-d DOMAIN] TARGET [ACTION]\n"
		"Sends ACTION (lock, unlock or report; default unlock) to TARGET (a device\n"
		"or all) COUNT times over zone ZONE, waits for each command's status\n"
		"replies and prints each with its round-trip time.\n"
		"  -z ZONE     zone index (default 1)\n"
		"  -n COUNT    commands to send (default 1)\n"
		"  -e DEVICES  comma-separated devices that must answer each command, or\n"
		"              a number of devices (default: TARGET; for all, 1)\n"
		"  -t MS       wait for the replies to a command (default 2000)\n"
		"  -i MS       pause between commands (default 0)\n"
		"  -C          ask for delivery confirmations and print them\n"
		"  -d DOMAIN   the domain's first Name component (default iot1)\n"
		"  -q          print only what went wrong\n"
		"Exit status: 0 every command got its replies, 1 not, 2 usage error.\n");
}

static int bad_usage(const char *what, const char *arg)
{
	return dapp_bad_usage("operator", what, arg);
}

static int parse_expected(struct opts *o, char *list)
{
	char *tok, *save = NULL;

	if (strspn(list, "0123456789") == strlen(list)) {
		if (!dapp_parse_uint(list, MAX_EXPECTED, &o->want_n) || !o->want_n)
			return bad_usage("bad number of replies", list);
		return 0;
	}
	for (tok = strtok_r(list, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (o->nexp == MAX_EXPECTED)
			return bad_usage("too many expected devices at", tok);
		o->expected[o->nexp++] = tok;
	}
	return o->nexp ? 0 : bad_usage("no expected device in", list);
}

static int parse_opts(struct opts *o, int argc, char **argv)
{
	unsigned int zone;
	int c, ret;

	*o = (struct opts){ .zone = 1, .count = 1, .timeout_ms = 2000,
			    .domain = IOT1_DOMAIN, .action = "unlock" };
	while ((c = getopt(argc, argv, "qCz:n:e:t:i:d:h")) != -1) {
		switch (c) {
		case 'q':
			o->quiet = true;
			break;
		case 'C':
			o->confirm = true;
			break;
		case 'z':
			if (!dapp_parse_uint(optarg, UINT32_MAX, &zone))
				return bad_usage("bad zone index", optarg);
			o->zone = zone;
			break;
		case 'n':
			if (!dapp_parse_uint(optarg, 1000000, &o->count) || !o->count)
				return bad_usage("bad command count", optarg);
			break;
		case 'e':
			ret = parse_expected(o, optarg);
			if (ret)
				return ret;
			break;
		case 't':
			if (!dapp_parse_uint(optarg, 3600000, &o->timeout_ms))
				return bad_usage("bad timeout", optarg);
			break;
		case 'i':
			if (!dapp_parse_uint(optarg, 3600000, &o->interval_ms))
				return bad_usage("bad interval", optarg);
			break;
		case 'd':
			o->domain = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			fprintf(stderr, "operator: see operator -h.\n");
			return 2;
		}
	}
	if (optind >= argc || argc - optind > 2) {
		fprintf(stderr, "operator: give TARGET and at most an ACTION; see operator -h.\n");
		return 2;
	}
	o->target = argv[optind];
	if (argc - optind == 2)
		o->action = argv[optind + 1];
	if (!o->nexp && !o->want_n) {
		if (strcmp(o->target, "all"))
			o->expected[o->nexp++] = (char *)o->target;
		else
			o->want_n = 1;
	}
	return 0;
}

static uint32_t new_msgid(void)
{
	uint32_t id;

	if (getrandom(&id, sizeof(id), 0) != sizeof(id))
		id = (uint32_t)dapp_now_us() ^ ((uint32_t)getpid() << 16);
	return id;
}

/* The command: every parameter iot1's #iotPub has (see iot1.h). */
static int send_command(int fd, const struct opts *o, struct exchange *x)
{
	struct dapp_msg m;
	char body[64];
	int n;

	dapp_msg_init(&m);
	dapp_param(&m, IOT1_TARGET, IOT1_LOCK);
	dapp_param(&m, IOT1_TOPIC, "command");
	dapp_param(&m, IOT1_TRGTLOC, "%s", o->target);
	dapp_param(&m, IOT1_TOPICARGS, "%s", o->action);
	dapp_param(&m, IOT1_MSGID, "%u", x->msgid);
	dapp_param(&m, IOT1_SCNT, "0");
	if (o->confirm)
		dapp_confirm(&m, x->k);
	n = snprintf(body, sizeof(body), "Msg #%u from operator", x->k);
	x->sent_us = dapp_mono_us();
	return dapp_publish(fd, &m, body, n);
}

/*
 * Which expected device rx answers for x: its index, MAX_EXPECTED in count
 * mode, or -1 if it is not an answer to x. A reply that names a command
 * ("re <msgID>") answers only that one; one that does not (a DCT hmIot
 * device replies with an event and its own text) answers the command
 * outstanding.
 */
static int match(const struct opts *o, const struct exchange *x,
		 const struct dapp_rx *rx, char *dev, char *state)
{
	struct dapp_comp c;
	unsigned int i;

	if (!dapp_comp(rx->name, rx->name_len, IOT1_P_DOMAIN, &c) ||
	    !dapp_comp_is(&c, o->domain) ||
	    !dapp_comp(rx->name, rx->name_len, IOT1_P_TOPIC, &c) ||
	    !(dapp_comp_is(&c, "status") || dapp_comp_is(&c, "event")))
		return -1;
	if (!dapp_comp(rx->name, rx->name_len, IOT1_P_TRGTLOC, &c))
		return -1;
	dapp_comp_str(&c, dev, 64);
	if (!dapp_comp(rx->name, rx->name_len, IOT1_P_TOPICARGS, &c))
		return -1;
	dapp_comp_str(&c, state, 64);
	if (rx->len >= 3 && !memcmp(rx->content, "re ", 3)) {
		char num[16] = "", *end;

		memcpy(num, rx->content + 3, rx->len - 3 < 15 ? rx->len - 3 : 15);
		if (strtoul(num, &end, 10) != x->msgid || end == num)
			return -1;
	}
	if (!o->nexp) {
		for (i = 0; i < x->nreplies && i < MAX_EXPECTED; i++)
			if (!strcmp(x->seen[i], dev))
				return -1;	/* a second reply */
		return MAX_EXPECTED;
	}
	for (i = 0; i < o->nexp; i++)
		if (!strcmp(o->expected[i], dev))
			return x->answered[i] ? -1 : (int)i;
	return -1;
}

static bool complete(const struct opts *o, const struct exchange *x)
{
	unsigned int i;

	if (!o->nexp)
		return x->nreplies >= o->want_n;
	for (i = 0; i < o->nexp; i++)
		if (!x->answered[i])
			return false;
	return true;
}

static void confirmation(int fd, const struct opts *o)
{
	struct dapp_confirmation conf;

	while (dapp_read_confirmation(fd, &conf) > 0) {
		if (o->quiet && !conf.err)
			continue;
		if (conf.err)
			printf("#%llu %s %s: no other member confirmed it: %s\n",
			       (unsigned long long)conf.cookie, o->action,
			       o->target, strerror(conf.err));
		else
			printf("#%llu %s %s: delivered (publication hash %08x)\n",
			       (unsigned long long)conf.cookie, o->action,
			       o->target, conf.pub_hash);
	}
}

/* Waits for x's replies; the number of replies that did not come. */
static int collect(int fd, const struct opts *o, struct exchange *x,
		   struct dapp_rx *rx)
{
	uint64_t deadline = x->sent_us + o->timeout_ms * 1000ULL, now;
	char dev[64], state[64];
	unsigned int i, missing = 0;
	int r;

	while (!complete(o, x) && (now = dapp_mono_us()) < deadline) {
		r = dapp_receive(fd, rx, (deadline - now + 999) / 1000);
		if (r == DAPP_CONFIRMED)
			confirmation(fd, o);
		if (r == -EINTR || r == 0 || r == DAPP_CONFIRMED)
			continue;
		if (r < 0) {
			fprintf(stderr, "operator: receive: %s.\n", strerror(-r));
			return -1;
		}
		r = match(o, x, rx, dev, state);
		if (r < 0)
			continue;
		if (r < MAX_EXPECTED)
			x->answered[r] = true;
		else if (x->nreplies < MAX_EXPECTED)
			snprintf(x->seen[x->nreplies], sizeof(x->seen[0]), "%s", dev);
		x->nreplies++;
		if (!o->quiet)
			printf("#%u %s %s: %s %s, rtt %.3f ms\n", x->k, o->action,
			       o->target, dev, state,
			       (dapp_mono_us() - x->sent_us) / 1000.0);
	}
	if (o->nexp) {
		for (i = 0; i < o->nexp; i++) {
			if (x->answered[i])
				continue;
			printf("#%u %s %s: no reply from %s within %u ms\n", x->k,
			       o->action, o->target, o->expected[i],
			       o->timeout_ms);
			missing++;
		}
	} else if (x->nreplies < o->want_n) {
		missing = o->want_n - x->nreplies;
		printf("#%u %s %s: %u of %u replies within %u ms\n", x->k,
		       o->action, o->target, x->nreplies, o->want_n,
		       o->timeout_ms);
	}
	return missing;
}

static int subscribe(int fd, const struct opts *o)
{
	static const char * const topics[] = { "status", "event" };
	char prefix[256];
	unsigned int i;
	int err;

	for (i = 0; i < 2; i++) {
		snprintf(prefix, sizeof(prefix), "/%s/%s/%s", o->domain,
			 IOT1_LOCK, topics[i]);
		err = dapp_subscribe(fd, prefix);
		if (err) {
			fprintf(stderr, "operator: subscribe to %s: %s.\n",
				prefix, strerror(-err));
			return -1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned int replies = 0, missing = 0;
	struct dapp_rx *rx;
	struct exchange x;
	struct opts o;
	int fd, ret, err = 0;

	ret = parse_opts(&o, argc, argv);
	if (ret)
		return ret;
	fd = dapp_open(o.zone, DEFTT_COLL_MSGS);
	if (fd < 0) {
		fprintf(stderr, "operator: zone %u: %s.\n", o.zone,
			dapp_open_error(fd));
		return 1;
	}
	rx = malloc(sizeof(*rx));
	if (!rx || subscribe(fd, &o)) {
		free(rx);
		close(fd);
		return 1;
	}
	for (x.k = 1; x.k <= o.count; x.k++) {
		memset(x.answered, 0, sizeof(x.answered));
		x.nreplies = 0;
		x.msgid = new_msgid();
		err = send_command(fd, &o, &x);
		if (err) {
			fprintf(stderr, "operator: publish: %s.\n",
				err == -ENOKEY ?
				"the zone has no signing key yet (is deftd running?)" :
				strerror(-err));
			break;
		}
		ret = collect(fd, &o, &x, rx);
		if (ret < 0) {
			err = ret;
			break;
		}
		missing += ret;
		replies += x.nreplies;
		if (o.interval_ms && x.k < o.count)
			usleep(o.interval_ms * 1000);
	}
	if (!o.quiet && !err)
		printf("%u commands, %u replies, %u missing\n", o.count, replies,
		       missing);
	free(rx);
	close(fd);
	return err || missing ? 1 : 0;
}
