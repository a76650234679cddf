// SPDX-License-Identifier: GPL-2.0
/* The example applications' helpers: Name TLVs against DCT's iot1 Publications, send parameters. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "vec.h"
#include "deftt_app.h"
#include "iot1.h"

static bool hexeq(const uint8_t *b, size_t n, const char *hex)
{
	uint8_t want[1100];
	long l = vec_unhex(hex, want, sizeof(want));

	return l == (long)n && !memcmp(b, want, n);
}

TEST(name_from_text)
{
	uint8_t buf[1100];
	char text[400];
	int n;

	n = dapp_name("/iot1/lock/command/all", buf, sizeof(buf));
	ASSERT_EQ(28, n);
	EXPECT_TRUE(hexeq(buf, n, "071a 0804696f7431 08046c6f636b"
			  "0807636f6d6d616e64 0803616c6c"));
	/* The leading slash is optional; a trailing one adds nothing. */
	EXPECT_EQ(n, dapp_name("iot1/lock/command/all/", buf, sizeof(buf)));
	EXPECT_EQ(2, dapp_name("", buf, sizeof(buf)));
	EXPECT_TRUE(hexeq(buf, 2, "0700"));
	EXPECT_EQ(2, dapp_name("/", buf, sizeof(buf)));
	EXPECT_EQ(-1, dapp_name("/iot1//lock", buf, sizeof(buf)));
	EXPECT_EQ(-1, dapp_name("/iot1/lock", buf, 13));
	EXPECT_EQ(14, dapp_name("/iot1/lock", buf, 14));

	/* A 300-byte component and the Name around it take fd + 16 bits. */
	memset(text, 'x', sizeof(text));
	text[0] = '/';
	text[301] = 0;
	n = dapp_name(text, buf, sizeof(buf));
	ASSERT_EQ(4 + 4 + 300, n);
	EXPECT_TRUE(hexeq(buf, 8, "07fd0130 08fd012c"));
	/* Longer than DAPP_NAME_MAX */
	{
		static char big[DAPP_NAME_MAX + 8];

		memset(big, 'y', sizeof(big) - 1);
		EXPECT_EQ(-1, dapp_name(big, buf, sizeof(buf)));
	}
}

static const char * const pubs[] = {
	"alice/pub0_command_all_lock",
	"alice/pub1_command_frontdoor_unlock",
	"alice/pub2_command_gate_report",
	"frontdoor/pub0_event_locked",
	"frontdoor/pub1_status_unlocked",
	"frontdoor/pub2_event_battery_low",
};

/* The builder_params value of tag in a vector JSON, as text. */
static char *param(const char *json, const char *tag)
{
	char *obj = vec_json_get(json, "builder_params"), *v;

	v = obj ? vec_json_get(obj, tag) : NULL;
	free(obj);
	return v;
}

/* Each iot1 vector Publication's Name: every tag at its place. */
TEST(iot1_vector_names)
{
	static const char * const strs[] = {
		[IOT1_P_TARGET] = IOT1_TARGET, [IOT1_P_TOPIC] = IOT1_TOPIC,
		[IOT1_P_TRGTLOC] = IOT1_TRGTLOC,
		[IOT1_P_TOPICARGS] = IOT1_TOPICARGS,
	};
	uint8_t name[DAPP_NAME_MAX];
	char path[200], text[DAPP_TEXT_MAX], *json, *hex, *uri, *v;
	struct dapp_comp c;
	unsigned int i, p;
	long n;

	for (i = 0; i < ARRAY_SIZE(pubs); i++) {
		snprintf(path, sizeof(path), "dct/objects/iot1/%s.json", pubs[i]);
		json = (char *)vec_read(path, NULL);
		ASSERT_NE(NULL, json);
		hex = vec_json_get(json, "name_tlv_hex");
		uri = vec_json_get(json, "name_uri");
		ASSERT_NE(NULL, hex);
		ASSERT_NE(NULL, uri);
		n = vec_unhex(hex, name, sizeof(name));
		ASSERT_LT(0, n);

		ASSERT_TRUE(dapp_comp(name, n, IOT1_P_DOMAIN, &c));
		EXPECT_TRUE(dapp_comp_is(&c, IOT1_DOMAIN));
		for (p = IOT1_P_TARGET; p <= IOT1_P_TOPICARGS; p++) {
			v = param(json, strs[p]);
			ASSERT_NE(NULL, v);
			ASSERT_TRUE(dapp_comp(name, n, p, &c));
			EXPECT_TRUE(dapp_comp_is(&c, v)) TH_LOG("%s %s", pubs[i], v);
			free(v);
		}
		v = param(json, IOT1_MSGID);
		ASSERT_TRUE(dapp_comp(name, n, IOT1_P_MSGID, &c));
		EXPECT_EQ(DAPP_COMP_SEQNUM, c.type);
		EXPECT_EQ(strtoull(v, NULL, 10), dapp_comp_num(&c));
		free(v);
		ASSERT_TRUE(dapp_comp(name, n, IOT1_P_SCNT, &c));
		EXPECT_EQ(DAPP_COMP_SEQNUM, c.type);
		EXPECT_EQ(0, c.len);
		ASSERT_TRUE(dapp_comp(name, n, IOT1_P_TS, &c));
		EXPECT_EQ(DAPP_COMP_TIMESTAMP, c.type);
		EXPECT_FALSE(dapp_comp(name, n, IOT1_P_TS + 1, &c));

		/*
		 * The text is DCT's rendering but for the timestamp, which
		 * the helper writes with the whole year:
		 * 26-11-22@01:00:00.001000 -> 2026-11-22@01:00:00.001000.
		 */
		dapp_name_text(name, n, text, sizeof(text));
		v = strrchr(uri, '/');
		EXPECT_EQ(0, strncmp(text, uri, v + 1 - uri));
		EXPECT_EQ(0, strncmp(text + (v + 1 - uri), "20", 2));
		EXPECT_STREQ(v + 1, text + (v + 1 - uri) + 2);
		free(hex);
		free(uri);
		free(json);
	}
}

/* The Name of the first command vector starts with the subscription. */
TEST(subscription_prefix)
{
	uint8_t name[DAPP_NAME_MAX], pfx[DAPP_NAME_MAX];
	char *json = (char *)vec_read("dct/objects/iot1/alice/"
				      "pub1_command_frontdoor_unlock.json", NULL);
	char *hex;
	long n;
	int m;

	ASSERT_NE(NULL, json);
	hex = vec_json_get(json, "name_tlv_hex");
	n = vec_unhex(hex, name, sizeof(name));
	m = dapp_name("/iot1/lock/command/frontdoor", pfx, sizeof(pfx));
	ASSERT_LT(2, m);
	ASSERT_LT(m, n);
	/* A prefix: the component bytes (past both Name headers) agree. */
	EXPECT_EQ(0, memcmp(pfx + 2, name + 2, m - 2));
	m = dapp_name("/iot1/lock/command/front", pfx, sizeof(pfx));
	EXPECT_NE(0, memcmp(pfx + 2, name + 2, m - 2));
	free(hex);
	free(json);
}

TEST(malformed_names)
{
	static const char * const bad[] = {
		"",			/* nothing */
		"0803616c6c",		/* a component, not a Name */
		"0705 0803616c",	/* component runs past the Name */
		"0706 0803616c6c",	/* Name runs past the buffer */
		"07ff",			/* 8-byte length form */
	};
	uint8_t b[64];
	struct dapp_comp c;
	char text[64];
	unsigned int i;
	long n;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		n = vec_unhex(bad[i], b, sizeof(b));
		ASSERT_LE(0, n);
		EXPECT_FALSE(dapp_comp(b, n, 0, &c)) TH_LOG("%s", bad[i]);
		EXPECT_STREQ("/", dapp_name_text(b, n, text, sizeof(text)));
	}
	/* Not printable: ^hex; a cut rendering stays terminated. */
	n = vec_unhex("0706 0802 0001 0800", b, sizeof(b));
	EXPECT_STREQ("/^0001/", dapp_name_text(b, n, text, sizeof(text)));
	EXPECT_STREQ("/^0", dapp_name_text(b, n, text, 4));
	/* Numbers longer than 8 bytes are not numbers. */
	n = vec_unhex("070b 2509 010000000000000000", b, sizeof(b));
	ASSERT_TRUE(dapp_comp(b, n, 0, &c));
	EXPECT_EQ(0, dapp_comp_num(&c));
}

/* Each parameter is one DEFTT_CM_PARAM of the bare "tag=value" text. */
TEST(send_parameters)
{
	static const char * const want[] = {
		"target=lock", "topic=command", "trgtLoc=all",
		"topicArgs=unlock", "msgID=3421561578", "sCnt=0",
	};
	struct msghdr mh = {};
	struct dapp_msg m;
	struct cmsghdr *c;
	unsigned int i = 0;
	uint64_t cookie;

	dapp_msg_init(&m);
	dapp_param(&m, IOT1_TARGET, IOT1_LOCK);
	dapp_param(&m, IOT1_TOPIC, "command");
	dapp_param(&m, IOT1_TRGTLOC, "%s", "all");
	dapp_param(&m, IOT1_TOPICARGS, "unlock");
	dapp_param(&m, IOT1_MSGID, "%u", 3421561578u);
	dapp_param(&m, IOT1_SCNT, "0");
	dapp_confirm(&m, 0x1122334455667788ULL);
	ASSERT_FALSE(m.overflow);

	mh.msg_control = m.ctl.buf;
	mh.msg_controllen = m.len;
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c), i++) {
		EXPECT_EQ(SOL_DEFTT, c->cmsg_level);
		if (i < ARRAY_SIZE(want)) {
			EXPECT_EQ(DEFTT_CM_PARAM, c->cmsg_type);
			EXPECT_EQ(CMSG_LEN(strlen(want[i])), c->cmsg_len);
			EXPECT_EQ(0, memcmp(CMSG_DATA(c), want[i], strlen(want[i])));
			continue;
		}
		EXPECT_EQ(DEFTT_CM_CONFIRM, c->cmsg_type);
		ASSERT_EQ(CMSG_LEN(8), c->cmsg_len);
		memcpy(&cookie, CMSG_DATA(c), 8);
		EXPECT_EQ(0x1122334455667788ULL, cookie);
	}
	EXPECT_EQ(ARRAY_SIZE(want) + 1, i);

	/* Full: the message refuses to go, before any system call. */
	for (i = 0; i < 1000 && !m.overflow; i++)
		dapp_param(&m, "topicArgs", "%0100u", i);
	EXPECT_TRUE(m.overflow);
	EXPECT_EQ(-EMSGSIZE, dapp_publish(-1, &m, "", 0));
	dapp_msg_init(&m);
	dapp_param(&m, "", "x");
	EXPECT_TRUE(m.overflow);
}

TEST_HARNESS_MAIN
