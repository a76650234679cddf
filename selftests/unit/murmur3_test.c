// SPDX-License-Identifier: GPL-2.0
/* murmur3 and the 64-to-32 mixer against DCT's outputs, bit for bit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "vec.h"
#include "murmur3.h"

#define MM3_DIR "dct/objects/murmurhash3/"

/* Next non-comment line of a text vector file, or NULL. */
static char *next_line(char **cursor)
{
	char *l;

	while (**cursor) {
		l = *cursor;
		*cursor += strcspn(l, "\n");
		if (**cursor)
			*(*cursor)++ = 0;
		if (*l && *l != '#')
			return l;
	}
	return NULL;
}

TEST(mmh3_vectors)
{
	char *txt = (char *)vec_read(MM3_DIR "mmh3_x86_32.txt", NULL);
	char *cur = txt, *l, hex[600];
	static u8 buf[300], shifted[304];
	unsigned int n = 0, seed, want, len, off;

	ASSERT_NE(NULL, txt);
	while ((l = next_line(&cur))) {
		long got;

		ASSERT_EQ(4, sscanf(l, "%x %u %599s %x", &seed, &len, hex,
				    &want)) TH_LOG("line \"%s\"", l);
		got = strcmp(hex, "-") ? vec_unhex(hex, buf, sizeof(buf)) : 0;
		ASSERT_EQ((long)len, got);
		ASSERT_EQ(want, dt_murmur3_32(seed, buf, len))
			TH_LOG("seed %08x len %u", seed, len);
		/* Loads are bytewise: any alignment gives the same hash. */
		for (off = 1; off < 4; off++) {
			memcpy(shifted + off, buf, len);
			ASSERT_EQ(want, dt_murmur3_32(seed, shifted + off, len));
		}
		n++;
	}
	free(txt);
	/* 24 inputs x 4 seeds. */
	ASSERT_EQ(96, n);
}

TEST(empty_input_may_be_null)
{
	ASSERT_EQ(0x00000000, dt_murmur3_32(0, NULL, 0));
	ASSERT_EQ(0x8d11b511, dt_murmur3_32(DT_PUBHASH_SEED, NULL, 0));
	ASSERT_EQ(0xffa48b25, dt_murmur3_32(DT_CSID_SEED, NULL, 0));
}

TEST(mix64_vectors)
{
	char *txt = (char *)vec_read(MM3_DIR "moremur.txt", NULL);
	char *cur = txt, *l;
	unsigned long long x;
	unsigned int want, n = 0;

	ASSERT_NE(NULL, txt);
	while ((l = next_line(&cur))) {
		ASSERT_EQ(2, sscanf(l, "%llx %x", &x, &want));
		ASSERT_EQ(want, dt_mix64(x)) TH_LOG("x %016llx", x);
		n++;
	}
	free(txt);
	ASSERT_EQ(10, n);
}

/* The JSON copy: same facts, plus DCT's cross-check flag. */
TEST(json_vectors)
{
	char *json = (char *)vec_read(MM3_DIR "murmurhash3_vectors.json",
				      NULL);
	static u8 buf[300];
	unsigned int nh = 0, nm = 0;
	const char *p;

	ASSERT_NE(NULL, json);
	for (p = json; (p = strstr(p, "{\"seed\"")); p++) {
		char *seed = vec_json_get(p, "seed");
		char *in = vec_json_get(p, "input_hex");
		char *hash = vec_json_get(p, "hash");
		char *ok = vec_json_get(p, "matches_reference_impl");
		long len = vec_unhex(in, buf, sizeof(buf));

		ASSERT_GE(len, 0);
		ASSERT_STREQ("true", ok);
		ASSERT_EQ(strtoul(hash, NULL, 16),
			  dt_murmur3_32(strtoul(seed, NULL, 16), buf, len));
		free(seed);
		free(in);
		free(hash);
		free(ok);
		nh++;
	}
	p = strstr(json, "\"moremur_u64\"");
	ASSERT_NE(NULL, p);
	while ((p = strstr(p, "{\"x\""))) {
		char *xs = vec_json_get(p, "x");
		char *ys = vec_json_get(p, "moremur");

		ASSERT_EQ(strtoul(ys, NULL, 16),
			  dt_mix64(strtoull(xs, NULL, 16)));
		free(xs);
		free(ys);
		p++;
		nm++;
	}
	free(json);
	ASSERT_EQ(96, nh);
	ASSERT_EQ(10, nm);
}

/* PubHash and csID over real DCT objects (sync.md 2.3). */
TEST(pub_hash_and_csid)
{
	static const char *const dirs[] = {
		"dct/objects/iot0/alice", "dct/objects/iot0/frontdoor",
		"dct/objects/iot1/alice", "dct/objects/iot1/frontdoor",
		"dct/objects/iot2/alice", "dct/objects/iot2/frontdoor",
	};
	unsigned int d, npub = 0, ncs = 0;

	for (d = 0; d < ARRAY_SIZE(dirs); d++) {
		char **list = vec_list(dirs[d], "_pdus.json"), **f;
		char rel[256];

		ASSERT_NE(NULL, list);
		for (f = list; *f; f++) {
			char *json, *p;
			u8 name[2048];

			snprintf(rel, sizeof(rel), "%s/%s", dirs[d], *f);
			json = (char *)vec_read(rel, NULL);
			ASSERT_NE(NULL, json);
			for (p = json; (p = strstr(p, "\"cstate_name_tlv_hex\""));
			     p++) {
				char *hex = vec_json_get(p, "cstate_name_tlv_hex");
				char *id = vec_json_get(p, "csID");
				long nl = vec_unhex(hex, name, sizeof(name));

				ASSERT_GT(nl, 0);
				ASSERT_EQ(strtoul(id, NULL, 16),
					  dt_csid(name, nl));
				free(hex);
				free(id);
				ncs++;
			}
			free(json);
		}
		vec_free_list(list);

		list = vec_list(dirs[d], ".json");
		for (f = list; *f; f++) {
			char *json, *want;
			size_t blen;
			u8 *bin;

			if (strncmp(*f, "pub", 3))
				continue;
			snprintf(rel, sizeof(rel), "%s/%s", dirs[d], *f);
			json = (char *)vec_read(rel, NULL);
			want = vec_json_get(json, "pub_hash_iblt");
			snprintf(rel, sizeof(rel), "%s/%.*s.bin", dirs[d],
				 (int)(strlen(*f) - 5), *f);
			bin = vec_read(rel, &blen);
			ASSERT_NE(NULL, bin);
			ASSERT_NE(NULL, want);
			ASSERT_EQ(strtoul(want, NULL, 16), dt_pub_hash(bin, blen));
			free(bin);
			free(want);
			free(json);
			npub++;
		}
		vec_free_list(list);
	}
	TH_LOG("%u publication hashes, %u csIDs", npub, ncs);
	ASSERT_EQ(18, npub);
	ASSERT_GE(ncs, 24);
}

TEST_HARNESS_MAIN
