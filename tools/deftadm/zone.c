// SPDX-License-Identifier: GPL-2.0
/* deftadm show, zone and netns commands: requests and their text or JSON output. */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "deftadm.h"
#include "objects.h"
#include "tlv.h"

static const char * const stat_names[DEFTT_A_STAT_MAX + 1] = {
	[DEFTT_A_STAT_RX_DGRAMS] = "rx_datagrams",
	[DEFTT_A_STAT_RX_BYTES] = "rx_bytes",
	[DEFTT_A_STAT_RX_CSTATES] = "rx_cstates",
	[DEFTT_A_STAT_RX_CADDS] = "rx_cadds",
	[DEFTT_A_STAT_RX_DROPS] = "rx_drops",
	[DEFTT_A_STAT_TX_PDUS] = "tx_pdus",
	[DEFTT_A_STAT_TX_BYTES] = "tx_bytes",
	[DEFTT_A_STAT_TX_ERRORS] = "tx_errors",
	[DEFTT_A_STAT_RX_VERIFIED] = "rx_verified",
	[DEFTT_A_STAT_RX_DELIVERED] = "rx_delivered",
	[DEFTT_A_STAT_TX_PUBS] = "tx_pubs",
	[DEFTT_A_STAT_RX_CADD_NS] = "rx_cadd_ns",
};

struct show_state {
	unsigned int nzones;
};

static void print_stats(const struct nlattr *nest)
{
	const struct nlattr *a;
	bool first = true;

	if (opt_json)
		printf(", \"stats\": {");
	else
		printf("  stats:");
	mnl_attr_for_each_nested(a, nest) {
		unsigned int t = mnl_attr_get_type(a);

		if (t > DEFTT_A_STAT_MAX || !stat_names[t] ||
		    mnl_attr_get_payload_len(a) != 8)
			continue;
		if (opt_json)
			printf("%s\"%s\": %" PRIu64, first ? "" : ", ",
			       stat_names[t], mnl_attr_get_u64(a));
		else
			printf(" %s %" PRIu64, stat_names[t], mnl_attr_get_u64(a));
		first = false;
	}
	printf(opt_json ? "}" : "\n");
}

/* A list of {reason, name, count} entries: drops, or engine counters. */
/* A binary attribute as lower-case hex into out (empty if it does not fit). */
static void hex_of(const struct nlattr *a, char *out, size_t cap)
{
	const uint8_t *b = mnl_attr_get_payload(a);
	size_t i, n = mnl_attr_get_payload_len(a);

	out[0] = 0;
	if (2 * n + 1 > cap)
		return;
	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
}

static void print_counted(const struct nlattr *nest, const char *label)
{
	const struct nlattr *d, *a;
	bool first = true;

	if (opt_json)
		printf(", \"%s\": [", label);
	else
		printf("  %s:", label);
	mnl_attr_for_each_nested(d, nest) {
		const char *name = "?";
		uint32_t reason = 0;
		uint64_t count = 0;

		if (mnl_attr_get_type(d) != DEFTT_A_DROP)
			continue;
		mnl_attr_for_each_nested(a, d) {
			switch (mnl_attr_get_type(a)) {
			case DEFTT_A_DROP_REASON:
				reason = mnl_attr_get_u32(a);
				break;
			case DEFTT_A_DROP_NAME:
				name = mnl_attr_get_str(a);
				break;
			case DEFTT_A_DROP_COUNT:
				count = mnl_attr_get_u64(a);
				break;
			}
		}
		if (opt_json) {
			printf("%s{\"reason\": %u, \"name\": ", first ? "" : ", ",
			       reason);
			json_str(name);
			printf(", \"count\": %" PRIu64 "}", count);
		} else {
			printf(" %s(%u) %" PRIu64, name, reason, count);
		}
		first = false;
	}
	if (opt_json)
		printf("]");
	else
		printf(first ? " none\n" : "\n");
}

/* The signers the zone knows and whether deftd gave it a signing key. */
static void print_keys(struct nlattr **tb)
{
	const struct nlattr *n = tb[DEFTT_A_ZONE_SIGNERS];
	const struct nlattr *k = tb[DEFTT_A_ZONE_HAS_KEY];
	const struct nlattr *c = tb[DEFTT_A_ZONE_CONNECTED];

	if (opt_json) {
		if (n)
			printf(", \"signers\": %u", mnl_attr_get_u32(n));
		if (k)
			printf(", \"has_key\": %s",
			       mnl_attr_get_u8(k) ? "true" : "false");
		if (c)
			printf(", \"connected\": %s",
			       mnl_attr_get_u8(c) ? "true" : "false");
		return;
	}
	if (n)
		printf("  signers %u", mnl_attr_get_u32(n));
	if (k)
		printf("%s signing key %s", n ? "," : " ",
		       mnl_attr_get_u8(k) ? "yes" : "no");
	if (c)
		printf("%s connected %s", n || k ? "," : " ",
		       mnl_attr_get_u8(c) ? "yes" : "no");
	if (n || k || c)
		printf("\n");
}

/* Collections with the Publications they hold (and of those, active). */
static void print_colls(const struct nlattr *nest)
{
	const struct nlattr *c, *a;
	bool first = true;

	if (opt_json)
		printf(", \"collections\": [");
	else
		printf("  collections:");
	const struct nlattr *syncs[8];
	const char *snames[8];
	unsigned int nsync = 0, i;
	char label[64];

	mnl_attr_for_each_nested(c, nest) {
		const struct nlattr *sync = NULL;
		const char *name = "?";
		uint32_t pubs = 0, active = 0;
		bool started = true;
		char km[2 * DEFTT_THUMBPRINT_LEN + 1] = "";
		uint64_t epoch = 0;

		if (mnl_attr_get_type(c) != DEFTT_A_COLL)
			continue;
		mnl_attr_for_each_nested(a, c) {
			switch (mnl_attr_get_type(a)) {
			case DEFTT_A_COLL_NAME:
				name = mnl_attr_get_str(a);
				break;
			case DEFTT_A_COLL_PUBS:
				pubs = mnl_attr_get_u32(a);
				break;
			case DEFTT_A_COLL_ACTIVE:
				active = mnl_attr_get_u32(a);
				break;
			case DEFTT_A_COLL_STARTED:
				started = mnl_attr_get_u8(a);
				break;
			case DEFTT_A_COLL_SYNC:
				sync = a;
				break;
			case DEFTT_A_KM_SIGNER:
				hex_of(a, km, sizeof(km));
				break;
			case DEFTT_A_KM_EPOCH:
				epoch = mnl_attr_get_u64(a);
				break;
			}
		}
		if (opt_json) {
			printf("%s{\"name\": ", first ? "" : ", ");
			json_str(name);
			printf(", \"pubs\": %u, \"active\": %u, \"started\": %s",
			       pubs, active, started ? "true" : "false");
			if (km[0])
				printf(", \"keymaker\": \"%s\", \"epoch\": %" PRIu64,
				       km, epoch);
			if (sync)
				print_counted(sync, "sync");
			printf("}");
		} else {
			printf(" %s %u (%u active%s", name, pubs, active,
			       started ? "" : ", not started");
			if (km[0])
				printf(", keymaker %.8s epoch %" PRIu64, km, epoch);
			printf(")");
			if (sync && nsync < 8) {
				syncs[nsync] = sync;
				snames[nsync++] = name;
			}
		}
		first = false;
	}
	printf(opt_json ? "]" : "\n");
	/* text: a key collection's engine counters on a line of its own */
	for (i = 0; i < nsync; i++) {
		snprintf(label, sizeof(label), "sync %s", snames[i]);
		print_counted(syncs[i], label);
	}
}

static int zone_cb(struct nlattr **tb, void *data)
{
	struct show_state *st = data;
	char ifname[IF_NAMESIZE] = "?", group[INET6_ADDRSTRLEN] = "?";
	const uint8_t *id;
	char idhex[2 * DEFTT_ZONE_ID_LEN + 1];
	const char *pduv, *msgsv;
	unsigned int i, port, uid, gid;

	if (!tb[DEFTT_A_ZONE_INDEX] || !tb[DEFTT_A_ZONE_ID] ||
	    mnl_attr_get_payload_len(tb[DEFTT_A_ZONE_ID]) != DEFTT_ZONE_ID_LEN)
		return -EPROTO;
	id = mnl_attr_get_payload(tb[DEFTT_A_ZONE_ID]);
	for (i = 0; i < DEFTT_ZONE_ID_LEN; i++)
		sprintf(idhex + 2 * i, "%02x", id[i]);
	if (tb[DEFTT_A_ZONE_IFINDEX] &&
	    !if_indextoname(mnl_attr_get_u32(tb[DEFTT_A_ZONE_IFINDEX]), ifname))
		snprintf(ifname, sizeof(ifname), "if%u",
			 mnl_attr_get_u32(tb[DEFTT_A_ZONE_IFINDEX]));
	if (tb[DEFTT_A_ZONE_GROUP] &&
	    mnl_attr_get_payload_len(tb[DEFTT_A_ZONE_GROUP]) == 16)
		inet_ntop(AF_INET6, mnl_attr_get_payload(tb[DEFTT_A_ZONE_GROUP]),
			  group, sizeof(group));

	port = tb[DEFTT_A_ZONE_PORT] ? mnl_attr_get_u16(tb[DEFTT_A_ZONE_PORT]) : 0;
	uid = tb[DEFTT_A_ZONE_OWNER_UID] ?
		mnl_attr_get_u32(tb[DEFTT_A_ZONE_OWNER_UID]) : 0;
	gid = tb[DEFTT_A_ZONE_OWNER_GID] ?
		mnl_attr_get_u32(tb[DEFTT_A_ZONE_OWNER_GID]) : 0;
	pduv = tb[DEFTT_A_ZONE_PDU_VALIDATOR] ?
		mnl_attr_get_str(tb[DEFTT_A_ZONE_PDU_VALIDATOR]) : "?";
	msgsv = tb[DEFTT_A_ZONE_MSGS_VALIDATOR] ?
		mnl_attr_get_str(tb[DEFTT_A_ZONE_MSGS_VALIDATOR]) : "?";
	if (opt_json) {
		printf("%s{\"index\": %u, \"dev\": ", st->nzones ? ", " : "",
		       mnl_attr_get_u32(tb[DEFTT_A_ZONE_INDEX]));
		json_str(ifname);
		printf(", \"zone_id\": \"%s\", \"group\": \"%s\", \"port\": %u, "
		       "\"owner_uid\": %u, \"owner_gid\": %u", idhex, group,
		       port, uid, gid);
		printf(", \"pdu_validator\": ");
		json_str(pduv);
		printf(", \"msgs_validator\": ");
		json_str(msgsv);
	} else {
		printf("zone %u: dev %s id %s group %s port %u owner %u:%u\n",
		       mnl_attr_get_u32(tb[DEFTT_A_ZONE_INDEX]), ifname, idhex,
		       group, port, uid, gid);
		printf("  validators: pdus %s msgs %s\n", pduv, msgsv);
	}
	print_keys(tb);
	if (tb[DEFTT_A_ZONE_COLLS])
		print_colls(tb[DEFTT_A_ZONE_COLLS]);
	if (tb[DEFTT_A_ZONE_STATS])
		print_stats(tb[DEFTT_A_ZONE_STATS]);
	if (tb[DEFTT_A_ZONE_DROPS])
		print_counted(tb[DEFTT_A_ZONE_DROPS], "drops");
	if (tb[DEFTT_A_ZONE_SYNC])
		print_counted(tb[DEFTT_A_ZONE_SYNC], "sync");
	if (tb[DEFTT_A_ZONE_SYNC_CERT])
		print_counted(tb[DEFTT_A_ZONE_SYNC_CERT], "sync_cert");
	if (opt_json)
		printf("}");
	st->nzones++;
	return 0;
}

static int zone_list(struct nl *nl, int argc, char **argv)
{
	struct show_state st = {};
	struct nlmsghdr *nlh;
	uint32_t index;
	int ret;

	if (argc > 1)
		return usage_error("zone show takes at most one INDEX");
	if (argc == 1 && parse_u32(argv[0], UINT32_MAX, &index))
		return usage_error("'%s' is not a zone index", argv[0]);
	ret = adm_connect(nl);
	if (ret)
		return ret;
	if (argc == 1) {
		nlh = nl_req(nl, DEFTT_CMD_ZONE_GET, false);
		mnl_attr_put_u32(nlh, DEFTT_A_ZONE_INDEX, index);
	} else {
		nlh = nl_req(nl, DEFTT_CMD_ZONE_GET, true);
	}
	if (opt_json)
		printf("[");
	ret = nl_talk(nl, nlh, zone_cb, &st);
	if (opt_json)
		printf("]\n");
	if (ret)
		return fail(nl, ret, "zone show");
	return 0;
}

static int read_file(const char *path, uint8_t **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	long n;

	if (!f)
		return -errno;
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || n > 65536 ||
	    fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return -EFBIG;
	}
	*buf = malloc(n ? n : 1);
	if (!*buf || fread(*buf, 1, n, f) != (size_t)n) {
		fclose(f);
		free(*buf);
		return -EIO;
	}
	fclose(f);
	*len = n;
	return 0;
}

/*
 * A cert file as DCT writes it may carry the cert's secret key as a second
 * TLV after the cert. Only the cert goes to the kernel, never a key.
 */
static int read_cert(const char *path, uint8_t **buf, size_t *len)
{
	struct dt_tlv t;
	int ret;

	ret = read_file(path, buf, len);
	if (ret)
		return fail(NULL, ret, path);
	if (dt_tlv_get(*buf, *len, &t) || t.type != 6) {
		fprintf(stderr, "deftadm: %s does not start with a certificate.\n",
			path);
		free(*buf);
		return 1;
	}
	*len = dt_tlv_size(&t);
	return 0;
}

static int zone_add(struct nl *nl, int argc, char **argv)
{
	const char *dev = NULL, *anchor = NULL, *schema = NULL;
	uint8_t *abuf = NULL, *sbuf = NULL;
	size_t alen, slen;
	struct in6_addr group;
	bool have_group = false;
	uint32_t port = 0, uid = 0, gid = 0, ifindex;
	bool have_port = false, have_owner = false;
	struct nlmsghdr *nlh;
	struct show_state st = {};
	int i, ret;

	for (i = 0; i + 1 < argc; i += 2) {
		const char *k = argv[i], *v = argv[i + 1];

		if (!strcmp(k, "dev")) {
			dev = v;
		} else if (!strcmp(k, "anchor")) {
			anchor = v;
		} else if (!strcmp(k, "schema")) {
			schema = v;
		} else if (!strcmp(k, "group")) {
			if (inet_pton(AF_INET6, v, &group) != 1)
				return usage_error("'%s' is not an IPv6 address", v);
			have_group = true;
		} else if (!strcmp(k, "port")) {
			if (parse_u32(v, 65535, &port) || !port)
				return usage_error("'%s' is not a port number", v);
			have_port = true;
		} else if (!strcmp(k, "owner")) {
			char *colon = strchr(v, ':');

			if (colon)
				*colon = 0;
			if (parse_u32(v, UINT32_MAX, &uid) ||
			    (colon && parse_u32(colon + 1, UINT32_MAX, &gid)))
				return usage_error("owner must be UID or UID:GID");
			have_owner = true;
		} else {
			return usage_error("unknown zone add argument '%s'", k);
		}
	}
	if (i != argc)
		return usage_error("'%s' needs a value", argv[i]);
	if (!dev || !anchor || !schema)
		return usage_error("zone add needs dev, anchor and schema");
	ifindex = if_nametoindex(dev);
	if (!ifindex) {
		fprintf(stderr, "deftadm: there is no interface '%s'.\n", dev);
		return 1;
	}
	ret = read_cert(anchor, &abuf, &alen);
	if (ret)
		return ret;
	ret = read_cert(schema, &sbuf, &slen);
	if (ret) {
		free(abuf);
		return ret;
	}
	ret = adm_connect(nl);
	if (ret) {
		free(abuf);
		free(sbuf);
		return ret;
	}

	nlh = nl_req(nl, DEFTT_CMD_ZONE_NEW, false);
	mnl_attr_put_u32(nlh, DEFTT_A_ZONE_IFINDEX, ifindex);
	mnl_attr_put(nlh, DEFTT_A_ZONE_TRUST_ANCHOR, alen, abuf);
	mnl_attr_put(nlh, DEFTT_A_ZONE_SCHEMA_CERT, slen, sbuf);
	if (have_group)
		mnl_attr_put(nlh, DEFTT_A_ZONE_GROUP, sizeof(group), &group);
	if (have_port)
		mnl_attr_put_u16(nlh, DEFTT_A_ZONE_PORT, port);
	if (have_owner) {
		mnl_attr_put_u32(nlh, DEFTT_A_ZONE_OWNER_UID, uid);
		mnl_attr_put_u32(nlh, DEFTT_A_ZONE_OWNER_GID, gid);
	}
	free(abuf);
	free(sbuf);
	if (opt_json)
		printf("[");
	ret = nl_talk(nl, nlh, zone_cb, &st);
	if (opt_json)
		printf("]\n");
	if (ret)
		return fail(nl, ret, "zone add");
	return 0;
}

static int zone_del(struct nl *nl, int argc, char **argv)
{
	struct nlmsghdr *nlh;
	uint32_t index;
	int ret;

	if (argc != 1 || parse_u32(argv[0], UINT32_MAX, &index))
		return usage_error("zone del needs one zone INDEX");
	ret = adm_connect(nl);
	if (ret)
		return ret;
	nlh = nl_req(nl, DEFTT_CMD_ZONE_DEL, false);
	mnl_attr_put_u32(nlh, DEFTT_A_ZONE_INDEX, index);
	ret = nl_talk(nl, nlh, NULL, NULL);
	if (ret)
		return fail(nl, ret, "zone del");
	return 0;
}

#define MAX_GROUP_KEYS	8	/* group-key entries in one zone set */

struct group_key {
	uint32_t role;
	uint8_t key[DEFTT_GROUP_KEY_LEN];
	uint64_t ct;
};

static int nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/*
 * A group key: 64 hex digits, or "-" for one line of them on stdin, which
 * keeps the key out of the command line other users can read.
 */
static int parse_key(const char *s, uint8_t *key)
{
	char line[2 * DEFTT_GROUP_KEY_LEN + 3] = "";
	int ret = -1, hi, lo;
	unsigned int i;

	if (!strcmp(s, "-")) {
		if (!fgets(line, sizeof(line), stdin))
			return -1;
		line[strcspn(line, "\r\n")] = 0;
		s = line;
	}
	if (strlen(s) != 2 * DEFTT_GROUP_KEY_LEN)
		goto out;
	for (i = 0; i < DEFTT_GROUP_KEY_LEN; i++) {
		hi = nibble(s[2 * i]);
		lo = nibble(s[2 * i + 1]);
		if (hi < 0 || lo < 0)
			goto out;
		key[i] = hi << 4 | lo;
	}
	ret = 0;
out:
	explicit_bzero(line, sizeof(line));
	return ret;
}

/* A key's creation time: microseconds since 1970, or "now". */
static int parse_ct(const char *s, uint64_t *ct)
{
	unsigned long long n;
	struct timespec ts;
	char *end;

	if (!strcmp(s, "now")) {
		clock_gettime(CLOCK_REALTIME, &ts);
		*ct = (uint64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
		return 0;
	}
	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno || !*s || *s == '-' || *end)
		return -1;
	*ct = n;
	return 0;
}

/* "group-key ROLE KEY CT" at argv[0..3] into k; EXIT_USAGE if wrong. */
static int parse_group_key(int argc, char **argv, struct group_key *k)
{
	if (argc < 4)
		return usage_error("group-key needs ROLE, KEY and CT");
	if (!strcmp(argv[1], "pdus"))
		k->role = DEFTT_GKEY_PDUS;
	else if (!strcmp(argv[1], "msgs"))
		k->role = DEFTT_GKEY_MSGS;
	else
		return usage_error("group-key ROLE is pdus or msgs, not '%s'",
				   argv[1]);
	if (parse_key(argv[2], k->key))
		return usage_error("a group key is %d hex digits",
				   2 * DEFTT_GROUP_KEY_LEN);
	if (parse_ct(argv[3], &k->ct))
		return usage_error("'%s' is not a creation time (us since 1970, or now)",
				   argv[3]);
	return 0;
}

static void put_group_key(struct nlmsghdr *nlh, const struct group_key *k)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, DEFTT_A_ZONE_GROUP_KEY);

	mnl_attr_put_u32(nlh, DEFTT_A_GKEY_ROLE, k->role);
	mnl_attr_put(nlh, DEFTT_A_GKEY_KEY, DEFTT_GROUP_KEY_LEN, k->key);
	mnl_attr_put_u64(nlh, DEFTT_A_GKEY_CT, k->ct);
	mnl_attr_nest_end(nlh, nest);
}

/*
 * Group keys and the connected state. The signing key and its chain are
 * deftd's to install (it holds the identity key that signs them); deftadm
 * never sends one.
 */
static int zone_set(struct nl *nl, int argc, char **argv)
{
	struct group_key keys[MAX_GROUP_KEYS];
	unsigned int i, nkeys = 0;
	struct nlmsghdr *nlh;
	int connected = -1;
	uint32_t index;
	int a, ret = 0;

	if (argc < 1 || parse_u32(argv[0], UINT32_MAX, &index))
		return usage_error("zone set needs a zone INDEX first");
	for (a = 1; a < argc && !ret;) {
		if (!strcmp(argv[a], "group-key")) {
			if (nkeys == MAX_GROUP_KEYS)
				ret = usage_error("zone set takes at most %d group keys",
						  MAX_GROUP_KEYS);
			else
				ret = parse_group_key(argc - a, argv + a,
						      &keys[nkeys++]);
			a += 4;
		} else if (!strcmp(argv[a], "connected")) {
			if (a + 1 < argc && !strcmp(argv[a + 1], "yes"))
				connected = 1;
			else if (a + 1 < argc && !strcmp(argv[a + 1], "no"))
				connected = 0;
			else
				ret = usage_error("connected takes yes or no");
			a += 2;
		} else if (!strcmp(argv[a], "signing-key")) {
			ret = usage_error("signing keys are installed by deftd, not deftadm");
		} else {
			ret = usage_error("unknown zone set argument '%s'", argv[a]);
		}
	}
	if (!ret && !nkeys && connected < 0)
		ret = usage_error("zone set needs group-key or connected");
	if (!ret)
		ret = adm_connect(nl);
	if (!ret) {
		nlh = nl_req(nl, DEFTT_CMD_ZONE_SET, false);
		mnl_attr_put_u32(nlh, DEFTT_A_ZONE_INDEX, index);
		for (i = 0; i < nkeys; i++)
			put_group_key(nlh, &keys[i]);
		if (connected >= 0)
			mnl_attr_put_u8(nlh, DEFTT_A_ZONE_CONNECTED, connected);
		ret = nl_talk(nl, nlh, NULL, NULL);
		explicit_bzero(nl->buf, nlh->nlmsg_len);
		if (ret)
			ret = fail(nl, ret, "zone set");
	}
	explicit_bzero(keys, sizeof(keys));
	return ret;
}

int cmd_zone(struct nl *nl, int argc, char **argv)
{
	if (argc < 1 || !strcmp(argv[0], "show") || !strcmp(argv[0], "list"))
		return zone_list(nl, argc ? argc - 1 : 0, argv + 1);
	if (!strcmp(argv[0], "add"))
		return zone_add(nl, argc - 1, argv + 1);
	if (!strcmp(argv[0], "set"))
		return zone_set(nl, argc - 1, argv + 1);
	if (!strcmp(argv[0], "del") || !strcmp(argv[0], "delete"))
		return zone_del(nl, argc - 1, argv + 1);
	return usage_error("unknown zone command '%s'", argv[0]);
}

int cmd_netns(struct nl *nl, int argc, char **argv)
{
	struct nlmsghdr *nlh;
	uint32_t v;
	int ret;

	if (argc != 3 || strcmp(argv[0], "set") || strcmp(argv[1], "max-zones"))
		return usage_error("netns takes 'set max-zones N'");
	if (parse_u32(argv[2], UINT32_MAX, &v))
		return usage_error("'%s' is not a number", argv[2]);
	ret = adm_connect(nl);
	if (ret)
		return ret;
	nlh = nl_req(nl, DEFTT_CMD_SET_NETNS, false);
	mnl_attr_put_u32(nlh, DEFTT_A_NETNS_MAX_ZONES, v);
	ret = nl_talk(nl, nlh, NULL, NULL);
	if (ret)
		return fail(nl, ret, "netns set");
	return 0;
}

static int info_cb(struct nlattr **tb, void *data)
{
	if (tb[DEFTT_A_INFO_VERSION]) {
		if (opt_json) {
			printf("\"version\": ");
			json_str(mnl_attr_get_str(tb[DEFTT_A_INFO_VERSION]));
			printf(", \"features\": %" PRIu64 ", ",
			       tb[DEFTT_A_INFO_FEATURES] ?
			       mnl_attr_get_u64(tb[DEFTT_A_INFO_FEATURES]) : 0);
		} else {
			printf("deftt %s, features 0x%" PRIx64 "\n",
			       mnl_attr_get_str(tb[DEFTT_A_INFO_VERSION]),
			       tb[DEFTT_A_INFO_FEATURES] ?
			       mnl_attr_get_u64(tb[DEFTT_A_INFO_FEATURES]) : 0);
		}
	}
	if (tb[DEFTT_A_NETNS_MAX_ZONES]) {
		if (opt_json)
			printf("\"max_zones\": %u, \"sockets\": %u, ",
			       mnl_attr_get_u32(tb[DEFTT_A_NETNS_MAX_ZONES]),
			       tb[DEFTT_A_NETNS_SOCKETS] ?
			       mnl_attr_get_u32(tb[DEFTT_A_NETNS_SOCKETS]) : 0);
		else
			printf("netns: max_zones %u, sockets %u\n",
			       mnl_attr_get_u32(tb[DEFTT_A_NETNS_MAX_ZONES]),
			       tb[DEFTT_A_NETNS_SOCKETS] ?
			       mnl_attr_get_u32(tb[DEFTT_A_NETNS_SOCKETS]) : 0);
	}
	return 0;
}

/*
 * deftadm show [INDEX]: the module, the netns settings and every zone; with
 * INDEX, that zone alone and its signers (the members it can hear).
 */
int cmd_show(struct nl *nl, int argc, char **argv)
{
	struct show_state st = {};
	struct nlmsghdr *nlh;
	uint32_t index = 0;
	int ret;

	if (argc > 1 || (argc && parse_u32(argv[0], UINT32_MAX, &index)))
		return usage_error("show takes at most one zone INDEX");
	ret = adm_connect(nl);
	if (ret)
		return ret;
	if (opt_json)
		printf("{");
	ret = nl_talk(nl, nl_req(nl, DEFTT_CMD_GET_INFO, false), info_cb, NULL);
	if (!ret)
		ret = nl_talk(nl, nl_req(nl, DEFTT_CMD_GET_NETNS, false),
			      info_cb, NULL);
	if (!ret) {
		if (opt_json)
			printf("\"zones\": [");
		nlh = nl_req(nl, DEFTT_CMD_ZONE_GET, !argc);
		if (argc)
			mnl_attr_put_u32(nlh, DEFTT_A_ZONE_INDEX, index);
		ret = nl_talk(nl, nlh, zone_cb, &st);
		if (opt_json)
			printf("]");
	}
	if (!ret && argc) {
		if (opt_json)
			printf(", \"signers\": ");
		else
			printf("  signers:\n");
		ret = adm_print_signers(nl, index, "    ");
	}
	if (opt_json)
		printf("}\n");
	if (ret)
		return fail(nl, ret, "show");
	return 0;
}
