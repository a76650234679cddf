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
#include "bundle_file.h"
#include "cert_build.h"
#include "cert_chain.h"
#include "cert_rules.h"
#include "ids.h"
#include "name.h"
#include "objects.h"
#include "schema.h"

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
 *   certs ZONE FILE...                 publish the certs of the files into
 *                                      the cert collection, as a cert
 *                                      distributor does; wait until peers
 *                                      confirm them all
 *   kpub ZONE COLL CONTENT COMP...     publish into a key collection under
 *                                      the name COMP...: #N a SequenceNum,
 *                                      @ a Timestamp of now, ^HEX bytes,
 *                                      else text; wait for the confirmation
 *   keymaker ZONE COLL TPHEX EPOCH     the keymaker the zone follows
 *   cstate ZONE COLL                   DEFTT_CSTATE_NOW on that collection
 *   (sub reads the collection from DT_COLL, default msgs)
 *   forge ANCHOR SCHEMA SIGNING IDENTITY OUT CONTENT TAG=VALUE...
 *                                      write a msgs cAdd of one command
 *                                      Publication, both signed with the
 *                                      key of SIGNING, for udp_send; with
 *                                      FORGE_N=n FORGE_K=k in the
 *                                      environment, n cAdds OUT.0 .. of k
 *                                      Publications each (msgID added,
 *                                      counting from 1) and OUT.chain, the
 *                                      signing chain for "signer"
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

/* Appends one SOL_DEFTT control message to cbuf at *clen. */
static void put_cm(char *cbuf, size_t *clen, int type, const void *d,
		   size_t l)
{
	struct cmsghdr *cm = (struct cmsghdr *)(cbuf + *clen);

	cm->cmsg_level = SOL_DEFTT;
	cm->cmsg_type = type;
	cm->cmsg_len = CMSG_LEN(l);
	memcpy(CMSG_DATA(cm), d, l);
	*clen += CMSG_SPACE(l);
}

static int open_sock(unsigned int zone, unsigned int coll);

/* N Publications back to back, msgID counting up, no confirmation. */
static int cmd_blast(int argc, char **argv)
{
	char cbuf[4096], content[64], id[32];
	struct msghdr m = { 0 };
	struct iovec iov;
	size_t clen, l;
	int fd, i, n, k;

	if (argc < 4)
		return 2;
	fd = open_sock(atoi(argv[2]), DEFTT_COLL_MSGS);
	n = atoi(argv[3]);
	for (k = 0; k < n; k++) {
		memset(cbuf, 0, sizeof(cbuf));
		clen = 0;
		snprintf(id, sizeof(id), "msgID=%d", 100000 + k);
		for (i = 3; i < argc; i++) {
			const char *p = i == 3 ? id : argv[i];

			put_cm(cbuf, &clen, DEFTT_CM_PARAM, p, strlen(p));
		}
		m.msg_control = cbuf;
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

/* 64 hex digits to 32 bytes; false if they are not. */
static bool hex32(const char *h, u8 out[32])
{
	unsigned int i, b;

	if (strlen(h) != 64)
		return false;
	for (i = 0; i < 32; i++) {
		if (sscanf(h + 2 * i, "%2x", &b) != 1)
			return false;
		out[i] = b;
	}
	return true;
}

/* ZONE_SET with one nested setting of three: a u32, 32 bytes and a u64. */
static int zone_set_nested(const char *zone, u16 nest_type, u16 t32, u32 v32,
			   u16 tbin, const u8 bin[32], u16 t64, u64 v64)
{
	struct nlmsghdr *nlh;
	struct nlattr *nest;

	nlh = gc_cmd(&gc, DEFTT_CMD_ZONE_SET);
	mnl_attr_put_u32(nlh, DEFTT_A_ZONE_INDEX, atoi(zone));
	nest = mnl_attr_nest_start(nlh, nest_type);
	mnl_attr_put_u32(nlh, t32, v32);
	mnl_attr_put(nlh, tbin, 32, bin);
	mnl_attr_put_u64(nlh, t64, v64);
	mnl_attr_nest_end(nlh, nest);
	return gc_run(&gc, nlh);
}

static int cmd_gkey(int argc, char **argv)
{
	u8 key[32];
	int err;

	if (argc < 6 || !hex32(argv[4], key))
		return 2;
	err = zone_set_nested(argv[2], DEFTT_A_ZONE_GROUP_KEY,
			      DEFTT_A_GKEY_ROLE, atoi(argv[3]),
			      DEFTT_A_GKEY_KEY, key, DEFTT_A_GKEY_CT,
			      strtoull(argv[5], NULL, 0));
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

static int send_confirmed(int fd, char *cbuf, size_t clen,
			  const char *content);

/* Publishes and waits up to 10 s for the delivery confirmation. */
static int cmd_pub(int argc, char **argv)
{
	char cbuf[4096];
	size_t clen = 0;
	int fd, i;

	if (argc < 4)
		return 2;
	fd = open_sock(atoi(argv[2]), DEFTT_COLL_MSGS);
	memset(cbuf, 0, sizeof(cbuf));
	for (i = 4; i < argc; i++)
		put_cm(cbuf, &clen, DEFTT_CM_PARAM, argv[i], strlen(argv[i]));
	return send_confirmed(fd, cbuf, clen, argv[3]);
}

/* A key collection's Publication under a name given component by component. */
static int cmd_kpub(int argc, char **argv)
{
	u8 name[512], bytes[64];
	struct dt_name_bld nb;
	char cbuf[4096];
	size_t clen = 0, i, n;
	unsigned int b;
	int fd, sz, a;

	if (argc < 6)
		return 2;
	fd = open_sock(atoi(argv[2]), atoi(argv[3]));
	dt_nb_init(&nb, name, sizeof(name));
	for (a = 5; a < argc; a++) {
		const char *c = argv[a];

		if (c[0] == '#') {
			dt_nb_number(&nb, DT_COMP_SEQNUM, strtoull(c + 1, NULL, 10));
		} else if (!strcmp(c, "@")) {
			dt_nb_number(&nb, DT_COMP_TIMESTAMP, now_us());
		} else if (c[0] == '^') {
			n = strlen(c + 1) / 2;
			for (i = 0; i < n && i < sizeof(bytes); i++) {
				if (sscanf(c + 1 + 2 * i, "%2x", &b) != 1)
					return 2;
				bytes[i] = b;
			}
			dt_nb_comp(&nb, DT_COMP_GENERIC, bytes, i);
		} else {
			dt_nb_str(&nb, c);
		}
	}
	sz = dt_nb_finish(&nb);
	if (sz < 0)
		return 2;
	memset(cbuf, 0, sizeof(cbuf));
	put_cm(cbuf, &clen, DEFTT_CM_NAME, name, sz);
	return send_confirmed(fd, cbuf, clen, argv[4]);
}

static int cmd_keymaker(int argc, char **argv)
{
	u8 tp[32];
	int err;

	if (argc < 6 || !hex32(argv[4], tp))
		return 2;
	err = zone_set_nested(argv[2], DEFTT_A_ZONE_KEYMAKER, DEFTT_A_KM_COLL,
			      atoi(argv[3]), DEFTT_A_KM_SIGNER, tp,
			      DEFTT_A_KM_EPOCH, strtoull(argv[5], NULL, 0));
	return err ? die("keymaker", err) : 0;
}

static int cmd_cstate(int argc, char **argv)
{
	int fd;

	if (argc < 4)
		return 2;
	fd = open_sock(atoi(argv[2]), atoi(argv[3]));
	if (setsockopt(fd, SOL_DEFTT, DEFTT_CSTATE_NOW, NULL, 0)) {
		fprintf(stderr, "dt_member: cstate: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}

/* sendmsg with a confirmation cookie, then wait up to 10 s for its answer. */
static int send_confirmed(int fd, char *cbuf, size_t clen,
			  const char *content)
{
	char ebuf[256];
	struct iovec iov;
	struct msghdr m = { 0 };
	struct cmsghdr *cm;
	struct pollfd pfd;
	u64 cookie = 0x5eed;

	m.msg_control = cbuf;
	cm = (struct cmsghdr *)(cbuf + clen);
	cm->cmsg_level = SOL_DEFTT;
	cm->cmsg_type = DEFTT_CM_CONFIRM;
	cm->cmsg_len = CMSG_LEN(sizeof(cookie));
	memcpy(CMSG_DATA(cm), &cookie, sizeof(cookie));
	clen += CMSG_SPACE(sizeof(cookie));
	m.msg_controllen = clen;
	iov.iov_base = (void *)content;
	iov.iov_len = strlen(content);
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
	unsigned int coll;
	const char *body;
	struct dt_data d;
	struct pollfd pfd;
	u64 deadline;

	if (argc < 5)
		return 2;
	coll = getenv("DT_COLL") ? atoi(getenv("DT_COLL")) : DEFTT_COLL_MSGS;
	fd = open_sock(atoi(argv[2]), coll);
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
		/* other collections hand up the whole object */
		body = data;
		if (coll != DEFTT_COLL_MSGS &&
		    !dt_data_parse((u8 *)data, n, DT_KIND_ANY, 0, &d)) {
			body = data + d.off_content;
			n = d.content_len;
		}
		printf(" content=%.*s\n", (int)n, body);
		fflush(stdout);
		got++;
		if (argc > 5 && (size_t)n == strlen(argv[5]) &&
		    !memcmp(body, argv[5], n))
			return 0;
	}
	return got == want ? 0 : 1;
}

/*
 * Publishes whole certs into the cert collection with delivery
 * confirmation (uapi: DEFTT_COLL_CERT, DEFTT_CM_CONFIRM). Key records in
 * the files are skipped. A cert the collection holds already counts as
 * delivered. Exit 0 once another member has every one, 1 after 10 s.
 */
static int cmd_certs(int argc, char **argv)
{
	char cbuf[CMSG_SPACE(sizeof(u64))], ebuf[256];
	unsigned int i, sent = 0, done = 0;
	struct dtc_file f[8];
	struct dtc_problem p;
	struct pollfd pfd;
	u64 cookie, deadline;
	int fd, a;

	if (argc < 4 || argc - 3 > 8)
		return 2;
	fd = open_sock(atoi(argv[2]), DEFTT_COLL_CERT);
	for (a = 3; a < argc; a++) {
		if (dtc_file_load(argv[a], &f[a - 3], &p)) {
			fprintf(stderr, "dt_member: %s\n", p.msg);
			return 1;
		}
		for (i = 0; i < f[a - 3].n; i++) {
			struct iovec iov = {
				.iov_base = (void *)f[a - 3].item[i].cert,
				.iov_len = f[a - 3].item[i].cert_len,
			};
			struct msghdr m = {
				.msg_iov = &iov, .msg_iovlen = 1,
				.msg_control = cbuf,
				.msg_controllen = sizeof(cbuf),
			};
			struct cmsghdr *cm = CMSG_FIRSTHDR(&m);

			cookie = ++sent;
			cm->cmsg_level = SOL_DEFTT;
			cm->cmsg_type = DEFTT_CM_CONFIRM;
			cm->cmsg_len = CMSG_LEN(sizeof(cookie));
			memcpy(CMSG_DATA(cm), &cookie, sizeof(cookie));
			if (sendmsg(fd, &m, 0) >= 0) {
				printf("published %s cert %u\n", argv[a], i);
				continue;
			}
			if (errno != EEXIST) {
				fprintf(stderr, "dt_member: sendmsg %s cert %u: %s\n",
					argv[a], i, strerror(errno));
				return 1;
			}
			printf("held already %s cert %u\n", argv[a], i);
			done++;
		}
		dtc_file_free(&f[a - 3]);
	}
	fflush(stdout);
	deadline = now_us() + 10000000ULL;
	pfd.fd = fd;
	pfd.events = 0;
	while (done < sent) {
		struct iovec iov = { &cookie, sizeof(cookie) };
		struct msghdr m = {
			.msg_iov = &iov, .msg_iovlen = 1,
			.msg_control = ebuf, .msg_controllen = sizeof(ebuf),
		};
		struct sock_extended_err ee;
		struct cmsghdr *cm;
		u64 now = now_us();

		if (now >= deadline ||
		    poll(&pfd, 1, (deadline - now) / 1000 + 1) <= 0)
			break;
		if (recvmsg(fd, &m, MSG_ERRQUEUE | MSG_DONTWAIT) < 0)
			continue;
		for (cm = CMSG_FIRSTHDR(&m); cm; cm = CMSG_NXTHDR(&m, cm)) {
			if (cm->cmsg_level != SOL_DEFTT ||
			    cm->cmsg_type != DEFTT_CM_CONFIRM)
				continue;
			memcpy(&ee, CMSG_DATA(cm), sizeof(ee));
			printf("confirm %llu errno=%u\n",
			       (unsigned long long)cookie, ee.ee_errno);
			if (ee.ee_errno)
				return 1;
			done++;
		}
	}
	if (done < sent)
		fprintf(stderr, "dt_member: %u of %u certs unconfirmed\n",
			sent - done, sent);
	return done == sent ? 0 : 1;
}

/* The first cert of a cert file, parsed; the file keeps the bytes. */
static int load_cert(const char *path, unsigned int flags, struct dtc_file *f,
		     struct dt_data *d)
{
	struct dtc_problem p;

	if (dtc_file_load(path, f, &p)) {
		fprintf(stderr, "dt_member: %s\n", p.msg);
		return -1;
	}
	if (!f->n || dt_cert_parse(f->item[0].cert, f->item[0].cert_len, flags,
				   d)) {
		fprintf(stderr, "dt_member: %s: no usable cert\n", path);
		return -1;
	}
	return 0;
}

/* EdDSA over [Name, SignatureValue) of the Data TLV in buf, in place. */
static int sign_data(u8 *buf, size_t len, bool cadd, const u8 *sk)
{
	struct dt_data d;
	const u8 *msg;
	u32 ml;

	if (cadd ? dt_cadd_parse(buf, len, &d) : dt_pub_parse(buf, len, &d))
		return -1;
	msg = dt_data_signed(&d, &ml);
	dt_ed25519_sign(buf + d.off_sigval + d.sig_hlen, msg, ml, sk);
	return 0;
}

/*
 * What a member running its own code could put on the wire: a msgs cAdd
 * carrying one Publication, both EdDSA-signed by the key of SIGNING, the
 * Publication's name built by the schema of SCHEMA for the chain
 * SIGNING <- IDENTITY <- ANCHOR. That chain is checked against ANCHOR as
 * its maker sees it, which need not be the zone's anchor: an impostor
 * with a trust anchor of its own makes Publications the honest members'
 * kernels must drop, a real member makes ones they must deliver. The
 * zone id (first name component) is SCHEMA's, so the cAdd reaches that
 * zone; csID is random, as an unsolicited cAdd's may be.
 */
#define FORGE_MAX_K	8	/* Publications per forged cAdd */

static int cmd_forge(int argc, char **argv)
{
	struct dtc_file fa, fs, fg, fi;
	struct dt_data chain[3], sc;
	struct dt_scm_param par[16];
	struct dt_data_parts parts;
	struct dt_scm_build b = { 0 };
	struct dt_schema_signer *sg;
	struct dt_scm_diag diag;
	struct dt_schema *schema;
	struct dt_name_bld nb;
	struct dt_iov iov;
	static u8 name[1024], pub[FORGE_MAX_K][1400], cname[128];
	static u8 cadd[FORGE_MAX_K * 1400 + 512];
	u8 anchor_tp[DT_THUMBPRINT_LEN], sg_tp[DT_THUMBPRINT_LEN];
	u8 zone[DT_ZONE_ID_LEN];
	struct dt_iov piov[FORGE_MAX_K];
	char sysid[96], host[64] = "", path[4096], msgid[32];
	unsigned int npar = 0, i, nc, nk, ci, ki;
	int nsz, plen, cnsz, len = 0, e;
	bool many;
	u32 csid;
	FILE *f;

	if (argc < 8 || argc - 8 > 15)
		return 2;	/* forge A S G I OUT CONTENT [TAG=VALUE]... */
	many = getenv("FORGE_N") || getenv("FORGE_K");
	nc = getenv("FORGE_N") ? atoi(getenv("FORGE_N")) : 1;
	nk = getenv("FORGE_K") ? atoi(getenv("FORGE_K")) : 1;
	if (!nc || nc > 100000 || !nk || nk > FORGE_MAX_K)
		return 2;
	if (load_cert(argv[2], DT_CERT_F_ANCHOR, &fa, &chain[2]) ||
	    load_cert(argv[3], DT_CERT_F_SCHEMA, &fs, &sc) ||
	    load_cert(argv[4], 0, &fg, &chain[0]) ||
	    load_cert(argv[5], 0, &fi, &chain[1]))
		return 1;
	if (!fg.item[0].key || fg.item[0].key_len != DT_ED25519_SK_LEN) {
		fprintf(stderr, "dt_member: %s has no signing key\n", argv[4]);
		return 1;
	}
	schema = calloc(1, sizeof(*schema));
	sg = calloc(1, sizeof(*sg));
	if (!schema || !sg)
		return die("forge", -ENOMEM);
	e = dt_schema_read(schema, dt_data_content(&sc), sc.content_len, NULL);
	if (e) {
		fprintf(stderr, "dt_member: schema: %s\n", dt_schema_err_name(e));
		return 1;
	}
	dt_thumbprint(fa.item[0].cert, fa.item[0].cert_len, anchor_tp);
	e = dt_schema_signer_init(sg, schema, chain, 3, anchor_tp, now_us());
	if (e) {
		fprintf(stderr, "dt_member: signing chain: %s\n",
			dt_schema_err_name(e));
		return 1;
	}

	/* parameters as the kernel reads DEFTT_CM_PARAM: digits are numbers */
	for (i = 8; i < (unsigned int)argc; i++) {
		const char *eq = strchr(argv[i], '=');
		struct dt_scm_param *q = &par[npar++];
		size_t k;

		if (!eq || eq == argv[i])
			return 2;
		memset(q, 0, sizeof(*q));
		argv[i][eq - argv[i]] = 0;
		q->tag = argv[i];
		q->str = (const u8 *)eq + 1;
		q->len = strlen(eq + 1);
		q->kind = DT_SCM_V_UINT;
		for (k = 0; k < q->len; k++)
			if (eq[1 + k] < '0' || eq[1 + k] > '9')
				q->kind = DT_SCM_V_STR;
		if (!q->len)
			q->kind = DT_SCM_V_STR;
		if (q->kind == DT_SCM_V_UINT)
			q->num = strtoull(eq + 1, NULL, 10);
	}
	gethostname(host, sizeof(host) - 1);
	snprintf(sysid, sizeof(sysid), "p%d@%s", (int)getpid(), host);
	b.par = par;
	b.npar = npar + many;
	b.sysid = (const u8 *)sysid;
	b.sysid_len = strlen(sysid);
	dt_thumbprint(fg.item[0].cert, fg.item[0].cert_len, sg_tp);
	dt_zone_id(fs.item[0].cert, fs.item[0].cert_len, zone);

	for (ci = 0; ci < nc; ci++) {
		/* the Publications, each with its own msgID when many */
		for (ki = 0; ki < nk; ki++) {
			memset(&par[npar], 0, sizeof(par[npar]));
			par[npar].tag = "msgID";
			par[npar].kind = DT_SCM_V_UINT;
			par[npar].num = (u64)ci * nk + ki + 1;
			snprintf(msgid, sizeof(msgid), "%llu",
				 (unsigned long long)par[npar].num);
			par[npar].str = (const u8 *)msgid;
			par[npar].len = strlen(msgid);
			b.now_us = now_us();
			nsz = dt_schema_build_name(sg, &b, name, sizeof(name),
						   &diag);
			if (nsz < 0) {
				fprintf(stderr, "dt_member: name: %s at %u\n",
					dt_schema_err_name(-nsz), diag.item);
				return 1;
			}
			memset(&parts, 0, sizeof(parts));
			iov.base = (const u8 *)argv[7];
			iov.len = strlen(argv[7]);
			parts.name = name;
			parts.name_size = nsz;
			parts.content = &iov;
			parts.ncontent = 1;
			parts.sig_len = DT_ED25519_SIG_LEN;
			parts.si.type = DT_SIG_EDDSA;
			parts.si.key_digest = sg_tp;
			parts.content_type = DT_CT_BLOB;
			plen = dt_data_encode(pub[ki], sizeof(pub[ki]), &parts);
			if (plen < 0 ||
			    sign_data(pub[ki], plen, false, fg.item[0].key))
				return die("forge publication", -EINVAL);
			piov[ki].base = pub[ki];
			piov[ki].len = plen;
		}

		/* the cAdd: <zone id>/msgs/<csID>, the Publications as Content */
		dt_random_bytes(&csid, sizeof(csid));
		dt_nb_init(&nb, cname, sizeof(cname));
		dt_nb_comp(&nb, DT_COMP_GENERIC, zone, sizeof(zone));
		dt_nb_str(&nb, "msgs");
		dt_nb_number(&nb, DT_COMP_CSID, csid);
		cnsz = dt_nb_finish(&nb);
		parts.name = cname;
		parts.name_size = cnsz;
		parts.content = piov;
		parts.ncontent = nk;
		parts.content_type = DT_CT_CADD;
		len = cnsz < 0 ? -1 :
		      dt_data_encode(cadd, sizeof(cadd), &parts);
		if (len < 0 || sign_data(cadd, len, true, fg.item[0].key))
			return die("forge cAdd", -EINVAL);

		if (many)
			snprintf(path, sizeof(path), "%s.%u", argv[6], ci);
		else
			snprintf(path, sizeof(path), "%s", argv[6]);
		f = fopen(path, "wb");
		if (!f || fwrite(cadd, 1, len, f) != (size_t)len || fclose(f))
			return die(path, -errno);
	}
	if (many) {
		snprintf(path, sizeof(path), "%s.chain", argv[6]);
		f = fopen(path, "wb");
		if (!f ||
		    fwrite(fg.item[0].cert, 1, fg.item[0].cert_len, f) !=
		    fg.item[0].cert_len ||
		    fwrite(fi.item[0].cert, 1, fi.item[0].cert_len, f) !=
		    fi.item[0].cert_len || fclose(f))
			return die(path, -errno);
	}
	printf("forged %u cAdd(s) of %u Publication(s), the last %d bytes\n",
	       nc, nk, len);
	free(sg);
	free(schema);
	dtc_file_free(&fa);
	dtc_file_free(&fs);
	dtc_file_free(&fg);
	dtc_file_free(&fi);
	return 0;
}

int main(int argc, char **argv)
{
	int err, r = 2;

	if (argc < 2)
		goto usage;
	/* forge only writes a file: no kernel needed */
	if (!strcmp(argv[1], "forge")) {
		r = cmd_forge(argc, argv);
		if (r != 2)
			return r;
		goto usage;
	}
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
	else if (!strcmp(argv[1], "certs"))
		r = cmd_certs(argc, argv);
	else if (!strcmp(argv[1], "kpub"))
		r = cmd_kpub(argc, argv);
	else if (!strcmp(argv[1], "keymaker"))
		r = cmd_keymaker(argc, argv);
	else if (!strcmp(argv[1], "cstate"))
		r = cmd_cstate(argc, argv);
	gc_close(&gc);
	if (r != 2)
		return r;
usage:
	fprintf(stderr, "usage: dt_member up|signer|unsigner|gkey|pub|sub|kpub|keymaker|cstate|sniff|blast|count|certs|forge ...\n");
	return 2;
}
