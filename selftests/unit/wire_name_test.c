// SPDX-License-Identifier: GPL-2.0
/* TLV and number encodings, names (compare, prefix, URI), BLAKE2b key ids,
 * validity strings and cert-name helpers.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "vec.h"
#include "wire.h"

static int hexeq(const uint8_t *b, size_t n, const char *hex)
{
	uint8_t want[256];
	long l = vec_unhex(hex, want, sizeof(want));

	return l == (long)n && !memcmp(b, want, n);
}

TEST(length_forms_wire_md_1_3)
{
	static const struct { uint32_t len; const char *hdr; } t[] = {
		{ 0, "0800" }, { 252, "08fc" }, { 253, "08fd00fd" },
		{ 256, "08fd0100" }, { 65535, "08fdffff" },
	};
	uint8_t h[8];
	struct dt_tlv v = { 0 };
	static uint8_t buf[70000];

	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		int n = dt_tlv_put_hdr(h, 8, t[i].len);

		EXPECT_TRUE(hexeq(h, n, t[i].hdr));
		EXPECT_EQ(n, (int)dt_tlv_hdr_len(8, t[i].len));
		memcpy(buf, h, n);
		ASSERT_EQ(0, dt_tlv_get(buf, n + t[i].len, &v));
		EXPECT_EQ(t[i].len, v.len);
		EXPECT_EQ(8, v.type);
		/* one byte short of the value: overrun */
		if (t[i].len)
			EXPECT_EQ(DT_WERR_OVERRUN,
				  dt_tlv_get(buf, n + t[i].len - 1, &v));
	}
	EXPECT_EQ(-DT_WERR_TOO_LONG, dt_tlv_put_hdr(h, 8, 65536));
	/* 3-byte types 253..255 as ValidityPeriod uses them */
	EXPECT_EQ(4, dt_tlv_put_hdr(h, 253, 38));
	EXPECT_TRUE(hexeq(h, 4, "fd00fd26"));
	memcpy(buf, "\xfd\x00\x07\x00", 4);
	EXPECT_EQ(DT_WERR_NON_MINIMAL, dt_tlv_get(buf, 4, &v));
	memcpy(buf, "\x08\xfd\x00\x05", 4);
	EXPECT_EQ(DT_WERR_NON_MINIMAL, dt_tlv_get(buf, 9, &v));
	memcpy(buf, "\x08\xfe", 2);
	EXPECT_EQ(DT_WERR_BAD_LEN_BYTE, dt_tlv_get(buf, 9, &v));
	memcpy(buf, "\x08\xfd\x01", 3);
	EXPECT_EQ(DT_WERR_TRUNCATED, dt_tlv_get(buf, 3, &v));
	EXPECT_EQ(DT_WERR_TRUNCATED, dt_tlv_get(buf, 1, &v));
}

TEST(numbers_wire_md_1_5)
{
	static const struct { uint64_t v; const char *hex; } t[] = {
		{ 0, "" }, { 100, "64" }, { 1000000, "0f4240" },
		{ 0xffffffffULL, "ffffffff" },
		{ 1795305600000000ULL, "0660d2288d2000" },
		{ ~0ULL, "ffffffffffffffff" },
	};
	uint8_t b[9];
	uint64_t v;

	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		unsigned int n = dt_num_put(b, t[i].v);

		EXPECT_TRUE(hexeq(b, n, t[i].hex));
		ASSERT_EQ(0, dt_num_get(b, n, &v));
		EXPECT_EQ(t[i].v, v);
	}
	EXPECT_EQ(DT_WERR_BAD_NUMBER, dt_num_get((uint8_t *)"\0\5", 2, &v));
	EXPECT_EQ(DT_WERR_BAD_NUMBER, dt_num_get(b, 9, &v));
}

static int uri_of(const char *name_hex, char *out, size_t cap)
{
	uint8_t b[512];
	long n = vec_unhex(name_hex, b, sizeof(b));
	struct dt_name nm;

	if (n < 0 || dt_name_parse(b, n, DT_NAME_F_CSID_LAST, &nm))
		return -1;
	return dt_name_uri(&nm, out, cap);
}

TEST(uri_rendering_wire_md_3_8)
{
	char u[256];

	/* printable key id renders as text: $<AN */
	ASSERT_LT(0, uri_of("0706 0804 243c414e", u, sizeof(u)));
	EXPECT_STREQ("/$<AN", u);
	/* <= 10 binary bytes in full, more as 8 bytes + .. */
	ASSERT_LT(0, uri_of("070c 080a fdfdfdfdfdfdfdfdfdfd", u, sizeof(u)));
	EXPECT_STREQ("/^fdfdfdfdfdfdfdfdfdfd", u);
	ASSERT_LT(0, uri_of("070d 080b 0102030405060708090a0b", u,
			    sizeof(u)));
	EXPECT_STREQ("/^0102030405060708..", u);
	/* SequenceNum decimal, empty = 0; csID as bytes */
	ASSERT_LT(0, uri_of("070c 2504 cbf0e2ea 2500 2302 0102", u,
			    sizeof(u)));
	EXPECT_STREQ("/3421561578/0/^0102", u);
	/* timestamps of wire.md 3.3 */
	ASSERT_LT(0, uri_of("0709 2407 0660d2ff20c400", u, sizeof(u)));
	EXPECT_STREQ("/26-11-22@01:00:00.000000", u);
	/* ISO week-based year: 2027-01-01 renders 26-01-01, 2021-01-03
	 * renders 20-01-03, 2024-12-30 renders 25-12-30
	 */
	dt_ts_render(1798761600000000ULL, u, sizeof(u));
	EXPECT_STREQ("26-01-01@00:00:00.000000", u);
	dt_ts_render(1609632000000000ULL, u, sizeof(u));
	EXPECT_STREQ("20-01-03@00:00:00.000000", u);
	dt_ts_render(1735516800123456ULL, u, sizeof(u));
	EXPECT_STREQ("25-12-30@00:00:00.123456", u);
	/* tagged legacy time in a Generic, empty generic */
	ASSERT_LT(0, uri_of("070d 0809 fc000660d2288d2000 0800", u,
			    sizeof(u)));
	EXPECT_STREQ("/26-11-22@00:00:00.000000/", u);
	/* too small a buffer */
	EXPECT_EQ(-DT_WERR_NOSPACE, uri_of("0706 0804 696f7431", u, 5));
}

TEST(compare_and_prefix_wire_md_3_7)
{
	uint8_t a[] = { 7, 6, 8, 1, 'a', 8, 1, 'b' };
	uint8_t b[] = { 7, 3, 8, 1, 'a' };
	uint8_t c[] = { 7, 6, 8, 1, 'a', 8, 1, 'c' };
	struct dt_name na, nb, nc;

	ASSERT_EQ(0, dt_name_parse(a, sizeof(a), 0, &na));
	ASSERT_EQ(0, dt_name_parse(b, sizeof(b), 0, &nb));
	ASSERT_EQ(0, dt_name_parse(c, sizeof(c), 0, &nc));
	EXPECT_TRUE(dt_name_is_prefix(&nb, &na));
	EXPECT_FALSE(dt_name_is_prefix(&na, &nb));
	EXPECT_GT(0, dt_name_cmp(&nb, &na));
	EXPECT_GT(0, dt_name_cmp(&na, &nc));
	EXPECT_LT(0, dt_name_cmp(&nc, &na));
	EXPECT_EQ(0, dt_name_cmp(&na, &na));
	EXPECT_TRUE(dt_name_eq(&na, &na));
	EXPECT_FALSE(dt_name_eq(&na, &nc));
	EXPECT_EQ(2, na.ncomp);
}

TEST(blake2b_matches_libsodium)
{
	uint8_t in[600], a[64], b[64];

	ASSERT_LE(0, sodium_init());
	for (size_t i = 0; i < sizeof(in); i++)
		in[i] = (uint8_t)(i * 7 + 3);
	for (size_t len = 0; len <= sizeof(in); len += 1 + len / 8)
		for (size_t ol = 1; ol <= 64; ol += 3) {
			dt_blake2b(a, ol, in, len);
			crypto_generichash(b, ol, in, len, NULL, 0);
			ASSERT_EQ(0, memcmp(a, b, ol));
		}
	/* key id of a vector cert (wire.md 6.3) */
	{
		size_t n;
		uint8_t *c = vec_read("dct/ids/iot1/alice.cert", &n);
		struct dt_tlv t = { 0 };
		struct dt_data d;

		ASSERT_NE(NULL, c);
		dt_tlv_get(c, n, &t);
		ASSERT_EQ(0, dt_cert_parse(c, dt_tlv_size(&t), 0, &d));
		dt_key_id(dt_data_content(&d), d.content_len, a);
		EXPECT_TRUE(hexeq(a, 4, "5a982a9c"));
		free(c);
	}
}

TEST(validity_strings)
{
	uint8_t s[15];
	int64_t secs;

	dt_validity_format(1795305600123456ULL, s);
	EXPECT_EQ(0, memcmp(s, "20261122T000000", 15));
	ASSERT_EQ(0, dt_validity_parse(s, &secs));
	EXPECT_EQ(1795305600LL, secs);
	dt_validity_format(951782399000000ULL, s);	/* 2000-02-28T23:59:59 */
	EXPECT_EQ(0, memcmp(s, "20000228T235959", 15));
	ASSERT_EQ(0, dt_validity_parse(s, &secs));
	EXPECT_EQ(951782399LL, secs);
	EXPECT_EQ(DT_WERR_VALIDITY,
		  dt_validity_parse((const uint8_t *)"20261122 000000", &secs));
	EXPECT_EQ(DT_WERR_VALIDITY,
		  dt_validity_parse((const uint8_t *)"20261122T240000", &secs));
	EXPECT_EQ(DT_WERR_VALIDITY,
		  dt_validity_parse((const uint8_t *)"20261100T000000", &secs));
	EXPECT_EQ(DT_WERR_VALIDITY,
		  dt_validity_parse((const uint8_t *)"2026112xT000000", &secs));
	EXPECT_EQ(DT_WERR_VALIDITY,
		  dt_validity_parse((const uint8_t *)"20260229T000000", &secs));
	EXPECT_EQ(0, dt_validity_parse((const uint8_t *)"20280229T000000",
				       &secs));
	EXPECT_EQ(DT_WERR_VALIDITY,
		  dt_validity_parse((const uint8_t *)"21000229T000000", &secs));
	EXPECT_EQ(0, dt_validity_parse((const uint8_t *)"20000229T000000",
				       &secs));
	EXPECT_EQ(DT_WERR_VALIDITY,
		  dt_validity_parse((const uint8_t *)"20260431T000000", &secs));
	/* before 1970 is representable (negative) */
	ASSERT_EQ(0, dt_validity_parse((const uint8_t *)"19691231T235959",
				       &secs));
	EXPECT_EQ(-1, secs);
}

TEST(cert_name_helpers)
{
	size_t n;
	uint8_t *c = vec_read("dct/ids/iot2/kmp.cap", &n);
	struct dt_comp arg;
	struct dt_tlv t = { 0 };
	struct dt_data d;

	ASSERT_NE(NULL, c);
	dt_tlv_get(c, n, &t);
	ASSERT_EQ(0, dt_cert_parse(c, dt_tlv_size(&t), 0, &d));
	EXPECT_TRUE(dt_cert_is_cap(&d.name, "KMP", &arg));
	EXPECT_TRUE(dt_comp_is_generic(&arg, "1", 1));
	EXPECT_FALSE(dt_cert_is_cap(&d.name, "KM", &arg));
	EXPECT_FALSE(dt_cert_is_schema_name(&d.name));
	EXPECT_EQ(1795305600000000ULL, dt_cert_ts(&d.name));
	EXPECT_EQ(4, (int)dt_cert_prefix_comps(&d.name));
	free(c);
}

TEST(name_builder_limits)
{
	uint8_t b[4096];
	struct dt_name_bld nb;

	dt_nb_init(&nb, b, sizeof(b));
	for (int i = 0; i < 33; i++)
		dt_nb_str(&nb, "a");
	EXPECT_EQ(-DT_WERR_NAME_TOO_LONG, dt_nb_finish(&nb));
	dt_nb_init(&nb, b, 10);
	dt_nb_str(&nb, "abcdefgh");
	EXPECT_EQ(-DT_WERR_NOSPACE, dt_nb_finish(&nb));
	dt_nb_init(&nb, b, sizeof(b));
	dt_nb_str(&nb, "iot1");
	dt_nb_number(&nb, DT_COMP_SEQNUM, 0);
	ASSERT_EQ(10, dt_nb_finish(&nb));
	EXPECT_TRUE(hexeq(b, 10, "0708 0804696f7431 2500"));
}

TEST_HARNESS_MAIN
