// SPDX-License-Identifier: GPL-2.0
/* Selftest member tool: a zone from a bundle, signers and keys over netlink, publish and subscribe. */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/errqueue.h>

#include "genl_client.h"
#include "cert_build.h"
#include "cert_chain.h"
#include "cert_rules.h"
#include "ids.h"
#include "objects.h"

/*
 * The daemon's job, reduced to what the data-path selftests need, until
 * deftd runs the cert distributor: each member writes its signing chain
 * to a file and the test installs the others' with "signer".
 *
 *   up IFNAME BUNDLE CHAINOUT [PORT]  zone + fresh signing key; prints index
 *   signer ZONE CHAINFILE              install another member's signer
 *   gkey ZONE ROLE HEX CT              a group key (role 0 pdus, 1 msgs)
 *   pub ZONE CONTENT TAG=VALUE...      publish, wait for the confirmation
 *   sub ZONE COUNT TIMEOUT_MS [UNTIL]  print COUNT Publications (or until
 *                                      one with Content UNTIL), then exit 0
 *   unsigner ZONE CHAINFILE            remove the signer of that chain
 *   sniff IFNAME FILE TIMEOUT_MS       save the first cAdd seen on the group
 *   blast ZONE N TAG=VALUE...          publish N Publications at once
 *   count ZONE N TIMEOUT_MS            receive N; print their rate
 */

static struct genl_client gc;

static int die(const char *what, int err)
{
	fprintf(stderr, "dt_member: %s: %s%s%s\n", what, strerror(-err),
		gc.extack[0] ? ": " : "", gc.extack);
	return 1;
}

static u64 now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (u64)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int cmd_up(int argc, char **argv)
{
	struct dtc_rules_ctx rc = { .now_us = now_us() };
	struct dtc_policy pol = { .now_us = rc.now_us, .need_key = true };
	u8 prefix[512], *sc = NULL;
	struct dtc_identity id;
	struct dtc_problem p;
	struct dtc_cert_spec spec;
	struct dtc_keypair kp, idk;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct dtc_chain *ch;
	size_t sc_len;
	unsigned int ifindex, zone, i;
	FILE *f;
	int err;

	if (argc < 5)
		return 2;
	ifindex = if_nametoindex(argv[2]);
	if (!ifindex)
		return die("no such interface", -ENODEV);
	dtc_policy_use_schema(&pol, &rc);
	if (dtc_identity_load(argv[3], &pol, &id, &p)) {
		fprintf(stderr, "dt_member: %s\n", p.msg);
		return 1;
	}
	ch = &id.ch;

	nlh = gc_cmd(&gc, DEFTT_CMD_ZONE_NEW);
	mnl_attr_put_u32(nlh, DEFTT_A_ZONE_IFINDEX, ifindex);
	mnl_attr_put(nlh, DEFTT_A_ZONE_TRUST_ANCHOR, ch->c[0].len, ch->c[0].buf);
	mnl_attr_put(nlh, DEFTT_A_ZONE_SCHEMA_CERT, ch->c[1].len, ch->c[1].buf);
	if (argc > 5)
		mnl_attr_put_u16(nlh, DEFTT_A_ZONE_PORT, atoi(argv[5]));
	err = gc_run(&gc, nlh);
	if (err)
		return die("zone new", err);
	zone = mnl_attr_get_u32(gc.tb[DEFTT_A_ZONE_INDEX]);

	/* A signing pair and cert under the identity (distributors.md 2.3). */
	if (dtc_signing_spec(&ch->c[ch->n - 1].d, now_us(), prefix,
			     sizeof(prefix), &spec, &p) ||
	    dtc_keypair_from_sk(&idk, ch->key, ch->key_len, &p)) {
		fprintf(stderr, "dt_member: %s\n", p.msg);
		return 1;
	}
	dtc_keypair_new(&kp);
	spec.content = kp.pk;
	spec.content_len = sizeof(kp.pk);
	spec.signer_sk = idk.sk;
	spec.signer_tp = ch->c[ch->n - 1].tp;
	if (dtc_cert_build(&spec, &sc, &sc_len, &p)) {
		fprintf(stderr, "dt_member: %s\n", p.msg);
		return 1;
	}

	nlh = gc_cmd(&gc, DEFTT_CMD_ZONE_SET);
	mnl_attr_put_u32(nlh, DEFTT_A_ZONE_INDEX, zone);
	mnl_attr_put(nlh, DEFTT_A_ZONE_SIGNING_KEY, sizeof(kp.sk), kp.sk);
	nest = mnl_attr_nest_start(nlh, DEFTT_A_ZONE_SIGNING_CHAIN);
	mnl_attr_put(nlh, DEFTT_A_CHAIN_CERT, sc_len, sc);
	for (i = ch->n - 1; i >= 2; i--)
		mnl_attr_put(nlh, DEFTT_A_CHAIN_CERT, ch->c[i].len,
			     ch->c[i].buf);
	mnl_attr_nest_end(nlh, nest);
	err = gc_run(&gc, nlh);
	if (err)
		return die("zone set signing key", err);

	f = fopen(argv[4], "wb");
	if (!f)
		return die(argv[4], -errno);
	fwrite(sc, 1, sc_len, f);
	for (i = ch->n - 1; i >= 2; i--)
		fwrite(ch->c[i].buf, 1, ch->c[i].len, f);
	fclose(f);
	free(sc);
	dtc_keypair_wipe(&kp);
	dtc_keypair_wipe(&idk);
	dtc_identity_free(&id);
	printf("%u\n", zone);
	return 0;
}

/* Size of the TLV at p (type and length as NDN varnums), 0 if bad. */
static size_t tlv_size(const u8 *p, size_t left)
{
	size_t h, l;

	if (left < 2 || p[0] >= 253)
		return 0;
	if (p[1] < 253) {
		h = 2;
		l = p[1];
	} else if (p[1] == 253 && left >= 4) {
		h = 4;
		l = (size_t)p[2] << 8 | p[3];
	} else {
		return 0;
	}
	return h + l <= left ? h + l : 0;
}

static int cmd_signer(int argc, char **argv)
{
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	u8 buf[16384];
	size_t n, off = 0, sz;
	FILE *f;
	int err;

	if (argc < 4)
		return 2;
	f = fopen(argv[3], "rb");
	if (!f)
		return die(argv[3], -errno);
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	nlh = gc_cmd(&gc, DEFTT_CMD_SIGNER_ADD);
	mnl_attr_put_u32(nlh, DEFTT_A_ZONE_INDEX, atoi(argv[2]));
	nest = mnl_attr_nest_start(nlh, DEFTT_A_ZONE_SIGNING_CHAIN);
	while (off < n && (sz = tlv_size(buf + off, n - off))) {
		mnl_attr_put(nlh, DEFTT_A_CHAIN_CERT, sz, buf + off);
		off += sz;
	}
	mnl_attr_nest_end(nlh, nest);
	err = gc_run(&gc, nlh);
	return err ? die("signer add", err) : 0;
}

static int cmd_unsigner(int argc, char **argv)
{
	struct nlmsghdr *nlh;
	u8 buf[16384], tp[DT_THUMBPRINT_LEN];
	size_t n, sz;
	FILE *f;
	int err;

	if (argc < 4)
		return 2;
	f = fopen(argv[3], "rb");
	if (!f)
		return die(argv[3], -errno);
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	sz = tlv_size(buf, n);
	if (!sz)
		return die("chain file", -EINVAL);
	dt_thumbprint(buf, sz, tp);
	nlh = gc_cmd(&gc, DEFTT_CMD_SIGNER_DEL);
	mnl_attr_put_u32(nlh, DEFTT_A_ZONE_INDEX, atoi(argv[2]));
	mnl_attr_put(nlh, DEFTT_A_SIGNER_THUMBPRINT, sizeof(tp), tp);
	err = gc_run(&gc, nlh);
	return err ? die("signer del", err) : 0;
}

/* Listens on the default group and port beside the zone's own socket. */
static int cmd_sniff(int argc, char **argv)
{
	struct sockaddr_in6 sa = {
		.sin6_family = AF_INET6,
		.sin6_port = htons(DEFTT_DEFAULT_PORT),
	};
	struct ipv6_mreq mr = { 0 };
	static u8 buf[65536];
	struct pollfd pfd;
	int fd, one = 1;
	ssize_t n;
	FILE *f;

	if (argc < 5)
		return 2;
	inet_pton(AF_INET6, "ff02::1234", &mr.ipv6mr_multiaddr);
	mr.ipv6mr_interface = if_nametoindex(argv[2]);
	sa.sin6_addr = mr.ipv6mr_multiaddr;
	sa.sin6_scope_id = mr.ipv6mr_interface;
	fd = socket(AF_INET6, SOCK_DGRAM, 0);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, &mr, sizeof(mr)))
		return die("sniff socket", -errno);
	printf("listening\n");
	fflush(stdout);
	pfd.fd = fd;
	pfd.events = POLLIN;
	while (poll(&pfd, 1, atoi(argv[4])) > 0) {
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 2 || buf[0] != DT_TLV_DATA)
			continue;
		f = fopen(argv[3], "wb");
		if (!f || fwrite(buf, 1, n, f) != (size_t)n)
			return die(argv[3], -errno);
		fclose(f);
		return 0;
	}
	return 1;
}

static int open_sock(unsigned int zone, unsigned int coll);

/* N Publications back to back, msgID counting up, no confirmation. */
static int cmd_blast(int argc, char **argv)
{
	char cbuf[4096], content[64], id[32];
	struct msghdr m = { 0 };
	struct cmsghdr *cm;
	struct iovec iov;
	size_t clen, l;
	int fd, i, n, k;

	if (argc < 4)
		return 2;
	fd = open_sock(atoi(argv[2]), DEFTT_COLL_MSGS);
	n = atoi(argv[3]);
	for (k = 0; k < n; k++) {
		memset(cbuf, 0, sizeof(cbuf));
		m.msg_control = cbuf;
		m.msg_controllen = sizeof(cbuf);
		clen = 0;
		cm = CMSG_FIRSTHDR(&m);
		snprintf(id, sizeof(id), "msgID=%d", 100000 + k);
		for (i = 3; i < argc; i++) {
			const char *p = i == 3 ? id : argv[i];

			l = strlen(p);
			cm->cmsg_level = SOL_DEFTT;
			cm->cmsg_type = DEFTT_CM_PARAM;
			cm->cmsg_len = CMSG_LEN(l);
			memcpy(CMSG_DATA(cm), p, l);
			clen += CMSG_SPACE(l);
			cm = (struct cmsghdr *)(cbuf + clen);
		}
		m.msg_controllen = clen;
		l = snprintf(content, sizeof(content), "blast %d", k);
		iov.iov_base = content;
		iov.iov_len = l;
		m.msg_iov = &iov;
		m.msg_iovlen = 1;
		if (sendmsg(fd, &m, 0) < 0)
			return die("blast sendmsg", -errno);
	}
	/* Stay until the others have them (their cStates pull them). */
	sleep(2);
	return 0;
}

static int cmd_count(int argc, char **argv)
{
	char data[9000];
	u64 first = 0, last = 0, deadline;
	struct pollfd pfd;
	int fd, want, got = 0;

	if (argc < 5)
		return 2;
	fd = open_sock(atoi(argv[2]), DEFTT_COLL_MSGS);
	want = atoi(argv[3]);
	if (setsockopt(fd, SOL_DEFTT, DEFTT_SUBSCRIBE, "", 0))
		return die("subscribe", -errno);
	printf("subscribed\n");
	fflush(stdout);
	deadline = now_us() + (u64)atoi(argv[4]) * 1000;
	pfd.fd = fd;
	pfd.events = POLLIN;
	while (got < want && now_us() < deadline) {
		if (poll(&pfd, 1, 100) <= 0)
			continue;
		while (recv(fd, data, sizeof(data), MSG_DONTWAIT) > 0) {
			last = now_us();
			if (!got++)
				first = last;
		}
	}
	printf("received %d in %.3f s: %.0f per s\n", got,
	       (last - first) / 1e6,
	       got > 1 ? (got - 1) / ((last - first) / 1e6) : 0.0);
	return got == want ? 0 : 1;
}

static int cmd_gkey(int argc, char **argv)
{
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	u8 key[32];
	unsigned int i, b;
	int err;

	if (argc < 6 || strlen(argv[4]) != 64)
		return 2;
	for (i = 0; i < 32; i++) {
		if (sscanf(argv[4] + 2 * i, "%2x", &b) != 1)
			return 2;
		key[i] = b;
	}
	nlh = gc_cmd(&gc, DEFTT_CMD_ZONE_SET);
	mnl_attr_put_u32(nlh, DEFTT_A_ZONE_INDEX, atoi(argv[2]));
	nest = mnl_attr_nest_start(nlh, DEFTT_A_ZONE_GROUP_KEY);
	mnl_attr_put_u32(nlh, DEFTT_A_GKEY_ROLE, atoi(argv[3]));
	mnl_attr_put(nlh, DEFTT_A_GKEY_KEY, sizeof(key), key);
	mnl_attr_put_u64(nlh, DEFTT_A_GKEY_CT, strtoull(argv[5], NULL, 0));
	mnl_attr_nest_end(nlh, nest);
	err = gc_run(&gc, nlh);
	return err ? die("group key", err) : 0;
}

static int open_sock(unsigned int zone, unsigned int coll)
{
	struct sockaddr_deftt sa = {
		.sdt_family = AF_DEFTT,
		.sdt_zone = zone,
		.sdt_collection = coll,
	};
	int fd = socket(AF_DEFTT, SOCK_DGRAM, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		perror("dt_member: socket/bind");
		exit(1);
	}
	return fd;
}

/* Publishes and waits up to 10 s for the delivery confirmation. */
static int cmd_pub(int argc, char **argv)
{
	char cbuf[4096], ebuf[256];
	struct iovec iov;
	struct msghdr m = { 0 };
	struct cmsghdr *cm;
	struct pollfd pfd;
	u64 cookie = 0x5eed;
	size_t clen = 0, l;
	int fd, i;

	if (argc < 4)
		return 2;
	fd = open_sock(atoi(argv[2]), DEFTT_COLL_MSGS);
	memset(cbuf, 0, sizeof(cbuf));
	m.msg_control = cbuf;
	m.msg_controllen = sizeof(cbuf);
	cm = CMSG_FIRSTHDR(&m);
	for (i = 4; i < argc; i++) {
		l = strlen(argv[i]);
		cm->cmsg_level = SOL_DEFTT;
		cm->cmsg_type = DEFTT_CM_PARAM;
		cm->cmsg_len = CMSG_LEN(l);
		memcpy(CMSG_DATA(cm), argv[i], l);
		clen += CMSG_SPACE(l);
		cm = (struct cmsghdr *)(cbuf + clen);
	}
	cm->cmsg_level = SOL_DEFTT;
	cm->cmsg_type = DEFTT_CM_CONFIRM;
	cm->cmsg_len = CMSG_LEN(sizeof(cookie));
	memcpy(CMSG_DATA(cm), &cookie, sizeof(cookie));
	clen += CMSG_SPACE(sizeof(cookie));
	m.msg_controllen = clen;
	iov.iov_base = argv[3];
	iov.iov_len = strlen(argv[3]);
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	if (sendmsg(fd, &m, 0) < 0) {
		fprintf(stderr, "dt_member: sendmsg: %s\n", strerror(errno));
		return 1;
	}

	pfd.fd = fd;
	pfd.events = 0;
	if (poll(&pfd, 1, 10000) <= 0 || !(pfd.revents & POLLERR)) {
		fprintf(stderr, "dt_member: no confirmation\n");
		return 1;
	}
	memset(&m, 0, sizeof(m));
	iov.iov_base = &cookie;
	iov.iov_len = sizeof(cookie);
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = ebuf;
	m.msg_controllen = sizeof(ebuf);
	if (recvmsg(fd, &m, MSG_ERRQUEUE) < 0)
		return die("errqueue", -errno);
	for (cm = CMSG_FIRSTHDR(&m); cm; cm = CMSG_NXTHDR(&m, cm)) {
		struct sock_extended_err ee;

		if (cm->cmsg_level != SOL_DEFTT ||
		    cm->cmsg_type != DEFTT_CM_CONFIRM)
			continue;
		memcpy(&ee, CMSG_DATA(cm), sizeof(ee));
		printf("confirm cookie=%llx errno=%u hash=%08x\n",
		       (unsigned long long)cookie, ee.ee_errno, ee.ee_info);
		return ee.ee_errno ? 1 : 0;
	}
	fprintf(stderr, "dt_member: confirmation without its cmsg\n");
	return 1;
}

/* A Name TLV as /a/b/c, Timestamps as @<us>, other bytes as hex. */
static void print_name(const u8 *n, size_t len)
{
	size_t off = 2, i, cl;
	u8 t;

	while (off + 2 <= len) {
		t = n[off];
		cl = n[off + 1];
		putchar('/');
		if (t == 36) {
			u64 v = 0;

			for (i = 0; i < cl; i++)
				v = v << 8 | n[off + 2 + i];
			printf("@%llu", (unsigned long long)v);
		} else {
			for (i = 0; i < cl; i++) {
				u8 c = n[off + 2 + i];

				if (c > 32 && c < 127 && c != '/')
					putchar(c);
				else
					printf("%%%02x", c);
			}
		}
		off += 2 + cl;
	}
}

static int cmd_sub(int argc, char **argv)
{
	char data[9000], cbuf[20000];
	int fd, want, got = 0, timeout;
	struct pollfd pfd;
	u64 deadline;

	if (argc < 5)
		return 2;
	fd = open_sock(atoi(argv[2]), DEFTT_COLL_MSGS);
	want = atoi(argv[3]);
	timeout = atoi(argv[4]);
	if (setsockopt(fd, SOL_DEFTT, DEFTT_SUBSCRIBE, "", 0))
		return die("subscribe", -errno);
	printf("subscribed\n");
	fflush(stdout);
	deadline = now_us() + (u64)timeout * 1000;
	pfd.fd = fd;
	pfd.events = POLLIN;
	while (got < want) {
		struct iovec iov = { data, sizeof(data) };
		struct msghdr m = {
			.msg_iov = &iov, .msg_iovlen = 1,
			.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
		};
		struct cmsghdr *cm;
		u64 now = now_us();
		ssize_t n;

		if (now >= deadline ||
		    poll(&pfd, 1, (deadline - now) / 1000 + 1) <= 0)
			break;
		n = recvmsg(fd, &m, MSG_DONTWAIT);
		if (n < 0)
			continue;
		printf("pub");
		for (cm = CMSG_FIRSTHDR(&m); cm; cm = CMSG_NXTHDR(&m, cm)) {
			size_t dl = cm->cmsg_len - CMSG_LEN(0);

			if (cm->cmsg_type == DEFTT_CM_NAME) {
				printf(" name=");
				print_name(CMSG_DATA(cm), dl);
			} else if (cm->cmsg_type == DEFTT_CM_SIGNER_NAME) {
				printf(" signer=");
				print_name(CMSG_DATA(cm), dl);
			}
		}
		printf(" content=%.*s\n", (int)n, data);
		fflush(stdout);
		got++;
		if (argc > 5 && (size_t)n == strlen(argv[5]) &&
		    !memcmp(data, argv[5], n))
			return 0;
	}
	return got == want ? 0 : 1;
}

int main(int argc, char **argv)
{
	int err, r = 2;

	if (argc < 2)
		goto usage;
	err = gc_open(&gc);
	if (err)
		return die("deftt netlink family", err);
	if (!strcmp(argv[1], "up"))
		r = cmd_up(argc, argv);
	else if (!strcmp(argv[1], "signer"))
		r = cmd_signer(argc, argv);
	else if (!strcmp(argv[1], "gkey"))
		r = cmd_gkey(argc, argv);
	else if (!strcmp(argv[1], "pub"))
		r = cmd_pub(argc, argv);
	else if (!strcmp(argv[1], "sub"))
		r = cmd_sub(argc, argv);
	else if (!strcmp(argv[1], "unsigner"))
		r = cmd_unsigner(argc, argv);
	else if (!strcmp(argv[1], "sniff"))
		r = cmd_sniff(argc, argv);
	else if (!strcmp(argv[1], "blast"))
		r = cmd_blast(argc, argv);
	else if (!strcmp(argv[1], "count"))
		r = cmd_count(argc, argv);
	gc_close(&gc);
	if (r != 2)
		return r;
usage:
	fprintf(stderr, "usage: dt_member up|signer|unsigner|gkey|pub|sub|sniff ...\n");
	return 2;
}
