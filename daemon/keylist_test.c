// SPDX-License-Identifier: GPL-2.0
/* Key distributor formats (distributors.md 4.3, 4.11) against DCT's iot2 capture. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "kselftest_harness.h"
#include "vec.h"
#include "wire_pcap.h"
#include "keylist.h"

#define CAP "dct/capture/iot2/"

static void iot2(struct kl_prefix *p)
{
	memset(p, 0, sizeof(*p));
	kl_prefix_add(p, "iot2", 4);
}

static int parse_name(const u8 *buf, int len, struct dt_name *n)
{
	return len < 0 ? -1 : (int)dt_name_parse(buf, (size_t)len, 0, n);
}

TEST(names_round_trip)
{
	static const u8 lo[4] = { 1, 2, 3, 4 }, hi[4] = { 9, 9, 9, 9 };
	const u64 ts = 1795374682253940ULL;
	struct kl_prefix p;
	struct dt_name n;
	struct kl_name k;
	struct dt_comp c;
	u8 buf[KL_NAME_MAX];
	int len;

	iot2(&p);
	EXPECT_EQ(8, kl_prefix_size(&p));
	/* epoch 0 is a zero-length SequenceNum (distributors.md 0) */
	len = kl_name_cand(&p, 0, ts, buf, sizeof(buf));
	ASSERT_EQ(0, parse_name(buf, len, &n));
	ASSERT_EQ(5, n.ncomp);
	dt_name_comp(&n, 3, &c);
	EXPECT_EQ(DT_COMP_SEQNUM, c.type);
	EXPECT_EQ(0, c.len);
	dt_name_comp(&n, 4, &c);
	EXPECT_EQ(DT_COMP_TIMESTAMP, c.type);
	EXPECT_EQ(7, c.len);
	ASSERT_EQ(0, kl_name_parse(&p, &n, &k));
	EXPECT_EQ(KL_T_CAND, k.topic);
	EXPECT_EQ(0, k.epoch);

	len = kl_name_elec(&p, 258, ts, buf, sizeof(buf));
	ASSERT_EQ(0, parse_name(buf, len, &n));
	ASSERT_EQ(0, kl_name_parse(&p, &n, &k));
	EXPECT_EQ(KL_T_ELEC, k.topic);
	EXPECT_EQ(258, k.epoch);
	EXPECT_TRUE(k.exact);

	len = kl_name_mr(&p, ts, buf, sizeof(buf));
	ASSERT_EQ(0, parse_name(buf, len, &n));
	ASSERT_EQ(0, kl_name_parse(&p, &n, &k));
	EXPECT_EQ(KL_T_MR, k.topic);

	len = kl_name_kl(&p, 1, lo, hi, ts, buf, sizeof(buf));
	ASSERT_EQ(0, parse_name(buf, len, &n));
	ASSERT_EQ(0, kl_name_parse(&p, &n, &k));
	EXPECT_EQ(KL_T_KL, k.topic);
	EXPECT_EQ(1, k.epoch);
	EXPECT_EQ(4, k.lo.len);
	EXPECT_EQ(0, memcmp(k.lo.val, lo, 4));
	EXPECT_EQ(0, memcmp(k.hi.val, hi, 4));

	/* the subscription prefix is a prefix of every name of its topic */
	len = kl_topic_prefix(&p, KL_T_KL, buf, sizeof(buf));
	ASSERT_EQ(12, len);
	EXPECT_EQ(0, memcmp(buf, "\x07\x0a\x08\x04iot2\x08\x02kl", 12));
}

/* A Name TLV from components: "#N" a SequenceNum, "@N" a Timestamp, else text. */
static int name_of(u8 *buf, size_t cap, const char *const *c)
{
	struct dt_name_bld b;

	dt_nb_init(&b, buf, cap);
	for (; *c; c++) {
		if (**c == '#')
			dt_nb_number(&b, DT_COMP_SEQNUM, strtoull(*c + 1, NULL, 10));
		else if (**c == '@')
			dt_nb_number(&b, DT_COMP_TIMESTAMP,
				     strtoull(*c + 1, NULL, 10));
		else
			dt_nb_str(&b, *c);
	}
	return dt_nb_finish(&b);
}

TEST(names_refused)
{
	static const char *const short_kl[] = { "iot2", "kl", "#1", "abcd",
						NULL };
	static const char *const km_vote[] = { "iot2", "km", "vote", "#1",
					       "@1", NULL };
	static const char *const elec_extra[] = { "iot2", "km", "elec", "#1",
						  "x", "@1", NULL };
	struct kl_prefix p, other;
	struct dt_name n;
	struct kl_name k;
	u8 buf[KL_NAME_MAX];
	int len;

	iot2(&p);
	memset(&other, 0, sizeof(other));
	kl_prefix_add(&other, "iot1", 4);
	/* another prefix */
	len = kl_name_mr(&other, 5, buf, sizeof(buf));
	ASSERT_EQ(0, parse_name(buf, len, &n));
	EXPECT_EQ(-EINVAL, kl_name_parse(&p, &n, &k));
	/* a KL with too few components */
	len = name_of(buf, sizeof(buf), short_kl);
	ASSERT_EQ(0, parse_name(buf, len, &n));
	EXPECT_EQ(-EINVAL, kl_name_parse(&p, &n, &k));
	/* an unknown km topic */
	len = name_of(buf, sizeof(buf), km_vote);
	ASSERT_EQ(0, parse_name(buf, len, &n));
	EXPECT_EQ(-EINVAL, kl_name_parse(&p, &n, &k));
	/* an election result with an extra component is read, not exact */
	len = name_of(buf, sizeof(buf), elec_extra);
	ASSERT_EQ(0, parse_name(buf, len, &n));
	ASSERT_EQ(0, kl_name_parse(&p, &n, &k));
	EXPECT_FALSE(k.exact);
}

TEST(range_and_assertion)
{
	struct kl_prefix p;
	struct dt_name n;
	struct kl_name k;
	u8 buf[KL_NAME_MAX], tp[DT_THUMBPRINT_LEN];
	static const u8 lo[4] = { 0x20, 0, 0, 0 }, hi[4] = { 0x40, 0, 0, 0 };
	int len;

	iot2(&p);
	len = kl_name_kl(&p, 1, lo, hi, 1, buf, sizeof(buf));
	ASSERT_EQ(0, parse_name(buf, len, &n));
	ASSERT_EQ(0, kl_name_parse(&p, &n, &k));
	memset(tp, 0x30, sizeof(tp));
	EXPECT_TRUE(kl_in_range(&k, tp));
	memset(tp, 0, sizeof(tp));
	tp[0] = 0x20;
	EXPECT_TRUE(kl_in_range(&k, tp));	/* the ends belong to it */
	tp[0] = 0x40;
	EXPECT_TRUE(kl_in_range(&k, tp));
	tp[3] = 1;
	EXPECT_FALSE(kl_in_range(&k, tp));
	tp[0] = 0x1f;
	EXPECT_FALSE(kl_in_range(&k, tp));
	EXPECT_FALSE(kl_is_assertion(&k, tp));
	memcpy(tp, lo, 4);
	EXPECT_FALSE(kl_is_assertion(&k, tp));
	len = kl_name_kl(&p, 1, lo, lo, 1, buf, sizeof(buf));
	ASSERT_EQ(0, parse_name(buf, len, &n));
	ASSERT_EQ(0, kl_name_parse(&p, &n, &k));
	EXPECT_TRUE(kl_is_assertion(&k, tp));
}

TEST(content_round_trip)
{
	u8 recs[3 * KL_REC_LEN], buf[512];
	struct kl_content c;
	unsigned int i;
	int len;

	for (i = 0; i < sizeof(recs); i++)
		recs[i] = (u8)i;
	len = kl_content_encode(0x0102030405060708ULL, recs, 3, buf,
				sizeof(buf));
	/* 36 08 <8>, then 130 in its 3-byte length form (336 > 252) */
	ASSERT_EQ(10 + 4 + 3 * KL_REC_LEN, len);
	EXPECT_EQ(0, memcmp(buf, "\x24\x08\x01\x02\x03\x04\x05\x06\x07\x08"
			    "\x82\xfd\x01\x50", 14));
	ASSERT_EQ(0, kl_content_parse(buf, (size_t)len, &c));
	EXPECT_EQ(0x0102030405060708ULL, c.ct);
	EXPECT_EQ(3, c.nrec);
	EXPECT_EQ(c.recs + KL_REC_LEN, kl_content_find(&c, recs + KL_REC_LEN));
	EXPECT_EQ(NULL, kl_content_find(&c, recs + 1));
	/* an assertion: no records */
	len = kl_content_encode(7, NULL, 0, buf, sizeof(buf));
	ASSERT_EQ(12, len);
	ASSERT_EQ(0, kl_content_parse(buf, (size_t)len, &c));
	EXPECT_EQ(0, c.nrec);
	/* refused: records not a multiple of 112, types out of order */
	memcpy(buf, "\x24\x01\x07\x82\x01\x00", 6);
	EXPECT_EQ(-EINVAL, kl_content_parse(buf, 6, &c));
	memcpy(buf, "\x82\x00\x24\x01\x07", 5);
	EXPECT_EQ(-EINVAL, kl_content_parse(buf, 5, &c));
	EXPECT_EQ(-EINVAL, kl_content_parse(buf, 0, &c));
}

TEST(seal_open)
{
	u8 pk[32], sk[64], pk2[32], sk2[64], key[KL_KEY_LEN], out[KL_KEY_LEN];
	u8 xpk[DT_X25519_LEN], sealed[KL_SEALED_LEN];
	struct kl_xkey x, x2;

	crypto_sign_keypair(pk, sk);
	crypto_sign_keypair(pk2, sk2);
	crypto_aead_xchacha20poly1305_ietf_keygen(key);
	ASSERT_EQ(0, kl_xpk_from_ed(xpk, pk));
	ASSERT_EQ(0, kl_seal(sealed, key, xpk));
	ASSERT_EQ(0, kl_xkey_from_ed(&x, sk));
	ASSERT_EQ(0, kl_xkey_from_ed(&x2, sk2));
	EXPECT_EQ(0, memcmp(x.pk, xpk, sizeof(xpk)));
	ASSERT_EQ(0, kl_open(out, sealed, &x));
	EXPECT_EQ(0, memcmp(out, key, sizeof(key)));
	EXPECT_EQ(-EBADMSG, kl_open(out, sealed, &x2));
	sealed[40] ^= 1;
	EXPECT_EQ(-EBADMSG, kl_open(out, sealed, &x));
}

TEST(max_records)
{
	struct kl_prefix p;

	iot2(&p);
	/* distributors.md 4.3: maxKR is 10 for iot2 (keys Name TLV 24) */
	EXPECT_EQ(10, kl_max_records(&p, 24));
	/* a bulk KL of 10 records fits maxInfoSize 1185 */
	EXPECT_LE(34 + 10 + 4 + 10 * KL_REC_LEN, 1185);
}

/* ---- DCT capture/iot2: key lists of the keys collections ---- */

#define MAX_KL 128

struct kl_pub {
	u8 buf[1500];
	size_t len;
	bool msgs;		/* keys/msgs, else keys/pdus */
};

struct scan {
	u8 pk[32];			/* the member we look for */
	u8 tp[DT_THUMBPRINT_LEN];	/* its signing cert, once seen */
	bool have_tp;
	struct kl_pub kl[MAX_KL];
	unsigned int nkl;
};

static bool coll_is(const struct dt_name *n, const char *a, const char *b)
{
	struct dt_comp c;

	if (n->ncomp != 4)
		return false;
	dt_name_comp(n, 1, &c);
	if (!dt_comp_is_generic(&c, a, strlen(a)))
		return false;
	dt_name_comp(n, 2, &c);
	return dt_comp_is_generic(&c, b, strlen(b));
}

static int scan_pdu(void *ctx, unsigned int frame, u16 dport,
		    const u8 *payload, size_t len)
{
	struct scan *s = ctx;
	struct dt_pub_iter it;
	struct dt_pdu pdu;
	struct dt_data d;
	unsigned int np;
	const u8 *pub;
	size_t plen;
	bool cert, keys, msgs = false;

	if (dt_pdu_parse(payload, len, &pdu) || pdu.type != DT_TLV_DATA)
		return 0;
	cert = pdu.cadd.name.ncomp == 3;
	keys = coll_is(&pdu.cadd.name, "keys", "pdus") ||
	       (msgs = coll_is(&pdu.cadd.name, "keys", "msgs"));
	/* keys cAdds are EdDSA-signed, never encrypted (1) */
	if ((!cert && !keys) ||
	    dt_cadd_check_content(dt_data_content(&pdu.cadd),
				  pdu.cadd.content_len, &np))
		return 0;
	dt_pub_iter_init(&it, dt_data_content(&pdu.cadd), pdu.cadd.content_len);
	while (dt_pub_next(&it, &pub, &plen)) {
		if (cert && !dt_cert_parse(pub, plen, DT_CERT_F_ANCHOR |
					   DT_CERT_F_SCHEMA, &d) &&
		    d.content_len == 32 &&
		    !memcmp(dt_data_content(&d), s->pk, 32)) {
			dt_thumbprint(pub, plen, s->tp);
			s->have_tp = true;
		}
		if (keys && s->nkl < MAX_KL && plen <= sizeof(s->kl[0].buf) &&
		    !dt_pub_parse(pub, plen, &d)) {
			memcpy(s->kl[s->nkl].buf, pub, plen);
			s->kl[s->nkl].len = plen;
			s->kl[s->nkl++].msgs = msgs;
		}
	}
	return 0;
}

/* A keylog line's field after "what": the n-th hex word. */
static int keylog(const char *text, const char *pid, const char *what,
		  unsigned int nth, unsigned int word, u8 *out, size_t cap)
{
	const char *l = text;
	char hex[256];

	while ((l = strstr(l, pid))) {
		const char *w = strstr(l, what), *e = strchr(l, '\n');
		unsigned int i;

		l += strlen(pid);
		if (!w || (e && w > e) || nth--)
			continue;
		w += strlen(what);
		for (i = 0; i <= word; i++) {
			while (*w == ' ')
				w++;
			if (sscanf(w, "%255s", hex) != 1)
				return -1;
			w += strlen(hex);
		}
		return (int)vec_unhex(hex, out, cap);
	}
	return -1;
}

/*
 * The keymaker (frontdoor, pid 5178) sealed each collection's group key
 * to gate (pid 5179) in a member KL. Opening gate's record with gate's
 * signing key from the keylog gives the key the keylog recorded: keys/pdus
 * the first, keys/msgs the second.
 */
TEST(capture_iot2_member_kl)
{
	u8 sk[64], want[2][KL_KEY_LEN], key[KL_KEY_LEN], buf[1500];
	u64 member_ct[2] = { 0 }, assert_ct[2] = { 0 };
	const u8 *rec;
	struct kl_prefix p;
	struct kl_content c;
	struct kl_xkey x;
	struct scan *s;
	struct dt_data d;
	struct kl_name k;
	unsigned int i, opened = 0, asserts = 0;
	char *log;
	size_t len;
	int n;

	log = (char *)vec_read(CAP "keylog.txt", &len);
	ASSERT_NE(NULL, log);
	s = calloc(1, sizeof(*s));
	ASSERT_NE(NULL, s);
	ASSERT_EQ(32, keylog(log, "pid=5179", "pk,sk", 0, 0, s->pk, 32));
	ASSERT_EQ(64, keylog(log, "pid=5179", "pk,sk", 0, 1, sk, 64));
	ASSERT_EQ(32, keylog(log, "pid=5178", "group_key", 0, 0, want[0], 32));
	ASSERT_EQ(32, keylog(log, "pid=5178", "group_key", 1, 0, want[1], 32));
	free(log);
	ASSERT_LT(0, wire_pcap_udp(CAP "iot2.pcap", scan_pdu, s));
	ASSERT_TRUE(s->have_tp);
	ASSERT_EQ(0, kl_xkey_from_ed(&x, sk));
	iot2(&p);

	for (i = 0; i < s->nkl; i++) {
		ASSERT_EQ(0, dt_pub_parse(s->kl[i].buf, s->kl[i].len, &d));
		if (kl_name_parse(&p, &d.name, &k) || k.topic != KL_T_KL)
			continue;
		ASSERT_EQ(0, kl_content_parse(dt_data_content(&d),
					      d.content_len, &c));
		if (kl_is_assertion(&k, d.si.key_digest)) {
			/* 24 08 <CT> 82 00, from the keymaker */
			EXPECT_EQ(0, c.nrec);
			EXPECT_EQ(12, d.content_len);
			EXPECT_EQ(1, k.epoch);
			EXPECT_FALSE(kl_in_range(&k, s->tp));
			assert_ct[s->kl[i].msgs] = c.ct;
			asserts++;
			continue;
		}
		if (!kl_in_range(&k, s->tp))
			continue;
		/* gate's member KL: one record, ours, at tpLo = tpHi */
		ASSERT_EQ(1, c.nrec);
		EXPECT_EQ(0, memcmp(k.lo.val, s->tp, KL_TPID_LEN));
		rec = kl_content_find(&c, s->tp);
		ASSERT_NE(NULL, rec);
		ASSERT_EQ(0, kl_open(key, rec + DT_THUMBPRINT_LEN, &x));
		EXPECT_EQ(0, memcmp(key, want[s->kl[i].msgs], KL_KEY_LEN));
		/* the CT is the keymaker's, close to the keylog's time */
		EXPECT_LT(1795374682000000ULL, c.ct);
		EXPECT_GT(1795374683000000ULL, c.ct);
		member_ct[s->kl[i].msgs] = c.ct;
		/* our encoders give the same bytes */
		n = kl_content_encode(c.ct, c.recs, 1, buf, sizeof(buf));
		ASSERT_EQ((int)d.content_len, n);
		EXPECT_EQ(0, memcmp(buf, dt_data_content(&d), (size_t)n));
		{
			struct dt_comp ts;
			u64 t;

			dt_name_comp(&d.name, -1, &ts);
			ASSERT_EQ(0, dt_comp_number(&ts, &t));
			n = kl_name_kl(&p, k.epoch, k.lo.val, k.hi.val, t, buf,
				       sizeof(buf));
			ASSERT_EQ((int)d.name.size, n);
			EXPECT_EQ(0, memcmp(buf, d.name.tlv, (size_t)n));
		}
		opened++;
	}
	/* one member KL per collection (and DCT repeats some), opened */
	EXPECT_LE(2, opened);
	EXPECT_LE(2, asserts);
	/* each collection's assertion announced the key gate got */
	EXPECT_EQ(assert_ct[0], member_ct[0]);
	EXPECT_EQ(assert_ct[1], member_ct[1]);
	EXPECT_NE(member_ct[0], member_ct[1]);
	kl_xkey_wipe(&x);
	free(s);
}

TEST_HARNESS_MAIN
