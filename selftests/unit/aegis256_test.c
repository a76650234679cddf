// SPDX-License-Identifier: GPL-2.0
/* AEGIS-256 and its bitsliced AES round against the draft's published answers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "vec.h"
#include "aegis256.h"

#define MAX_FIELDS 16
#define MAX_RECS 16

struct rec {
	char *name;
	char *key[MAX_FIELDS];
	char *val[MAX_FIELDS];
	int n;
};

static struct rec recs[MAX_RECS];
static int nrecs;

static int load(void)
{
	size_t len;
	char *text, *line, *save = NULL;
	struct rec *r = NULL;

	if (nrecs)
		return nrecs;
	text = (char *)vec_read(vec_data("aegis256.txt"), &len);
	if (!text)
		return 0;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *eq = strchr(line, '='), *k = line, *v, *e;

		if (line[0] == '#' || !eq)
			continue;
		*eq = 0;
		v = eq + 1;
		while (*v == ' ')
			v++;
		for (e = eq - 1; e > k && *e == ' '; e--)
			*e = 0;
		if (!strcmp(k, "name")) {
			if (nrecs == MAX_RECS)
				break;
			r = &recs[nrecs++];
			r->name = v;
			continue;
		}
		if (r && r->n < MAX_FIELDS) {
			r->key[r->n] = k;
			r->val[r->n++] = v;
		}
	}
	return nrecs;	/* text stays allocated: records point into it */
}

static const struct rec *find(const char *name)
{
	int i;

	for (i = 0; i < load(); i++)
		if (!strcmp(recs[i].name, name))
			return &recs[i];
	return NULL;
}

/* Field as bytes; returns its length or -1 if absent. */
static long field(const struct rec *r, const char *k, uint8_t *out, size_t cap)
{
	int i;

	for (i = 0; i < r->n; i++)
		if (!strcmp(r->key[i], k))
			return vec_unhex(r->val[i], out, cap);
	return -1;
}

static bool has_field(const struct rec *r, const char *k)
{
	int i;

	for (i = 0; i < r->n; i++)
		if (!strcmp(r->key[i], k))
			return true;
	return false;
}

TEST(data_file_loads)
{
	/* 1 AESRound + 1 Update + 9 AEAD records. */
	ASSERT_EQ(11, load());
}

TEST(aes_round_known_answer)
{
	const struct rec *r = find("AESRound_Test_Vector");
	uint8_t in[16], rk[16], want[16], out[16];

	ASSERT_NE(NULL, r);
	ASSERT_EQ(16, field(r, "in", in, 16));
	ASSERT_EQ(16, field(r, "rk", rk, 16));
	ASSERT_EQ(16, field(r, "out", want, 16));
	dt_aes_round(out, in, rk);
	ASSERT_EQ(0, memcmp(out, want, 16));
}

TEST(update_known_answer)
{
	const struct rec *r = find("Update_Test_Vector");
	uint8_t s[6][16], want[16], m[16];
	char k[16];
	int j;

	ASSERT_NE(NULL, r);
	for (j = 0; j < 6; j++) {
		snprintf(k, sizeof(k), "S%d", j);
		ASSERT_EQ(16, field(r, k, s[j], 16));
	}
	ASSERT_EQ(16, field(r, "M", m, 16));
	dt_aegis256_update_blocks(s, m);
	for (j = 0; j < 6; j++) {
		snprintf(k, sizeof(k), "S%d_2", j);
		ASSERT_EQ(16, field(r, k, want, 16));
		EXPECT_EQ(0, memcmp(s[j], want, 16)) TH_LOG("block S%d", j);
	}
}

struct tv {
	uint8_t key[32], nonce[32], ad[64], msg[64], ct[64], tag[32];
	long ad_len, msg_len, ct_len;
	bool error;
};

static int get_tv(int i, struct tv *t)
{
	char name[32];
	const struct rec *r;

	snprintf(name, sizeof(name), "Test_Vector_%d", i);
	r = find(name);
	if (!r)
		return -1;
	memset(t, 0, sizeof(*t));
	if (field(r, "key", t->key, 32) != 32 ||
	    field(r, "nonce", t->nonce, 32) != 32 ||
	    field(r, "tag256", t->tag, 32) != 32)
		return -1;
	t->ad_len = field(r, "ad", t->ad, sizeof(t->ad));
	t->msg_len = field(r, "msg", t->msg, sizeof(t->msg));
	t->ct_len = field(r, "ct", t->ct, sizeof(t->ct));
	t->error = has_field(r, "error");
	if (t->error)
		t->msg_len = -1;
	return t->ad_len < 0 || t->ct_len < 0 ? -1 : 0;
}

TEST(encrypt_decrypt_vectors)
{
	int i, checked = 0;

	for (i = 1; i <= 5; i++) {
		uint8_t out[64], tag[32], back[64];
		struct tv t;

		ASSERT_EQ(0, get_tv(i, &t));
		ASSERT_FALSE(t.error);
		ASSERT_EQ(t.msg_len, t.ct_len);
		dt_aegis256_encrypt(out, tag, t.msg, t.msg_len, t.ad, t.ad_len,
				    t.nonce, t.key);
		EXPECT_EQ(0, memcmp(out, t.ct, t.ct_len)) TH_LOG("tv %d ct", i);
		EXPECT_EQ(0, memcmp(tag, t.tag, 32)) TH_LOG("tv %d tag", i);
		memset(back, 0xaa, sizeof(back));
		EXPECT_EQ(0, dt_aegis256_decrypt(back, t.ct, t.ct_len, t.tag,
						 t.ad, t.ad_len, t.nonce,
						 t.key));
		EXPECT_EQ(0, memcmp(back, t.msg, t.msg_len));
		/* In place gives the same. */
		memcpy(out, t.msg, t.msg_len);
		dt_aegis256_encrypt(out, tag, out, t.msg_len, t.ad, t.ad_len,
				    t.nonce, t.key);
		EXPECT_EQ(0, memcmp(out, t.ct, t.ct_len));
		EXPECT_EQ(0, dt_aegis256_decrypt(out, out, t.ct_len, t.tag,
						 t.ad, t.ad_len, t.nonce,
						 t.key));
		EXPECT_EQ(0, memcmp(out, t.msg, t.msg_len));
		checked++;
	}
	ASSERT_EQ(5, checked);
}

TEST(failing_vectors)
{
	int i;

	for (i = 6; i <= 9; i++) {
		uint8_t out[64], buf[64];
		struct tv t;

		ASSERT_EQ(0, get_tv(i, &t));
		ASSERT_TRUE(t.error);
		memset(out, 0x55, sizeof(out));
		EXPECT_EQ(-EBADMSG, dt_aegis256_decrypt(out, t.ct, t.ct_len,
							t.tag, t.ad, t.ad_len,
							t.nonce, t.key))
			TH_LOG("tv %d", i);
		/* A separate output is wiped... */
		for (long j = 0; j < t.ct_len; j++)
			ASSERT_EQ(0, out[j]);
		/* ...and in place the ciphertext comes back unchanged. */
		memcpy(buf, t.ct, t.ct_len);
		EXPECT_EQ(-EBADMSG, dt_aegis256_decrypt(buf, buf, t.ct_len,
							t.tag, t.ad, t.ad_len,
							t.nonce, t.key));
		EXPECT_EQ(0, memcmp(buf, t.ct, t.ct_len));
	}
}

/* Flip every bit of ciphertext, tag and AD of vector 5: all must fail. */
TEST(every_bit_matters)
{
	uint8_t buf[64];
	struct tv t;
	long bit;

	ASSERT_EQ(0, get_tv(5, &t));
	for (bit = 0; bit < (t.ct_len + 32 + t.ad_len) * 8; bit++) {
		struct tv u = t;
		long byte = bit / 8;

		if (byte < t.ct_len)
			u.ct[byte] ^= 1 << (bit % 8);
		else if (byte < t.ct_len + 32)
			u.tag[byte - t.ct_len] ^= 1 << (bit % 8);
		else
			u.ad[byte - t.ct_len - 32] ^= 1 << (bit % 8);
		memcpy(buf, u.ct, u.ct_len);
		ASSERT_EQ(-EBADMSG, dt_aegis256_decrypt(buf, buf, u.ct_len,
							u.tag, u.ad, u.ad_len,
							u.nonce, u.key))
			TH_LOG("bit %ld", bit);
		ASSERT_EQ(0, memcmp(buf, u.ct, u.ct_len));
	}
}

/* Lengths around block boundaries: decrypt inverts encrypt, tags differ. */
TEST(round_trip_lengths)
{
	uint8_t key[32], nonce[32], ad[40], msg[100], ct[100], back[100];
	uint8_t tag[32], prev[32];
	size_t len;

	for (len = 0; len < sizeof(key); len++)
		key[len] = (uint8_t)(len * 7 + 1);
	memset(nonce, 0x42, sizeof(nonce));
	for (len = 0; len < sizeof(msg); len++)
		msg[len] = (uint8_t)(len * 13 + 5);
	memset(ad, 0x17, sizeof(ad));
	memset(prev, 0, sizeof(prev));
	for (len = 0; len < sizeof(msg); len++) {
		dt_aegis256_encrypt(ct, tag, msg, len, ad, len % 40, nonce,
				    key);
		ASSERT_NE(0, memcmp(tag, prev, 32));
		memcpy(prev, tag, 32);
		ASSERT_EQ(0, dt_aegis256_decrypt(back, ct, len, tag, ad,
						 len % 40, nonce, key));
		ASSERT_EQ(0, memcmp(back, msg, len));
		if (len) {
			ct[len - 1] ^= 0x80;
			ASSERT_EQ(-EBADMSG,
				  dt_aegis256_decrypt(back, ct, len, tag, ad,
						      len % 40, nonce, key));
		}
	}
}

TEST_HARNESS_MAIN
