// SPDX-License-Identifier: GPL-2.0
/* Property: decode -> encode -> decode is the identity, on every vector
 * object and on randomised but valid generated Publications, certs,
 * cStates and cAdds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "vec.h"
#include "wire.h"

static uint64_t rs = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return rs;
}

static unsigned int rn(unsigned int n)
{
	return (unsigned int)(rnd() % n);
}

static void rbytes(uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)rnd();
}

static const uint8_t sig_types[] = { 0, 7, 8, 9, 11, 12, 13, 14 };

/* Same object, views compared field by field. */
static int same_view(const struct dt_data *a, const struct dt_data *b)
{
	return a->size == b->size && a->off_name == b->off_name &&
	       a->off_content == b->off_content &&
	       a->content_len == b->content_len &&
	       a->off_siginfo == b->off_siginfo &&
	       a->siginfo_size == b->siginfo_size &&
	       a->off_sigval == b->off_sigval && a->sig_len == b->sig_len &&
	       a->content_type == b->content_type &&
	       a->si.type == b->si.type &&
	       !!a->si.key_digest == !!b->si.key_digest &&
	       !!a->si.not_before == !!b->si.not_before &&
	       a->name.ncomp == b->name.ncomp &&
	       !memcmp(a->name.off, b->name.off,
		       sizeof(a->name.off[0]) * (a->name.ncomp + 1)) &&
	       !memcmp(a->buf, b->buf, a->size);
}

/* decode(buf) -> encode -> decode, comparing bytes and views */
static int ddd(const uint8_t *buf, size_t len, enum dt_data_kind kind,
	       unsigned int flags)
{
	static uint8_t out[DT_TLV_MAX_VALUE + 8];
	struct dt_data a, b;
	struct dt_data_parts p;
	struct dt_iov iov;
	int n;

	if (dt_data_parse(buf, len, kind, flags, &a))
		return -1;
	dt_data_to_parts(&a, &p, &iov);
	n = dt_data_encode(out, sizeof(out), &p);
	if (n != (int)len || memcmp(out, buf, len))
		return -2;
	if (dt_data_parse(out, n, kind, flags, &b))
		return -3;
	b.buf = a.buf;	/* compare layout; bytes compared above */
	return same_view(&a, &b) ? 0 : -4;
}

static int gen_name(uint8_t *out, size_t cap, int ncomp)
{
	struct dt_name_bld b;
	uint8_t v[40];

	dt_nb_init(&b, out, cap);
	for (int i = 0; i < ncomp; i++) {
		unsigned int k = i == 0 ? 0 : rn(4);
		size_t l = 1 + rn(i == 0 ? 12 : 39);

		rbytes(v, l);
		if (k == 0 || k == 3)
			dt_nb_comp(&b, DT_COMP_GENERIC, v, i ? l - 1 : l);
		else if (k == 1)
			dt_nb_number(&b, DT_COMP_SEQNUM, rnd() >> rn(64));
		else
			dt_nb_number(&b, DT_COMP_TIMESTAMP,
				     (rnd() >> rn(63)) | 1);
	}
	return dt_nb_finish(&b);
}

static int gen_pub(uint8_t *out, size_t cap)
{
	uint8_t nm[2048], content[400], sig[DT_SIGVAL_MAX_LEN], tp[32];
	struct dt_iov iov;
	struct dt_data_parts p = { 0 };
	unsigned int st = sig_types[rn(sizeof(sig_types))];

	p.name_size = gen_name(nm, sizeof(nm), 3 + rn(30));
	p.name = nm;
	iov.base = content;
	iov.len = rn(400);
	rbytes(content, iov.len);
	p.content = &iov;
	p.ncontent = 1;
	rbytes(tp, 32);
	rbytes(sig, sizeof(sig));
	p.si.type = st;
	p.si.key_digest = dt_sig_keyed(st) ? tp : NULL;
	p.sig = rn(2) ? sig : NULL;
	p.sig_len = dt_sig_value_len(st);
	p.content_type = DT_CT_BLOB;
	return dt_data_encode(out, cap, &p);
}

TEST(random_publications)
{
	static uint8_t buf[8192];
	int ok = 0;

	for (int i = 0; i < 20000; i++) {
		int n = gen_pub(buf, sizeof(buf));

		ASSERT_LT(0, n);
		ASSERT_EQ(0, ddd(buf, n, DT_KIND_PUB, 0));
		ok++;
	}
	EXPECT_EQ(20000, ok);
}

TEST(random_certs)
{
	static uint8_t buf[2048];
	uint8_t key[32], kid[4], tp[32], nb[15], na[15], sig[64], nm[1024];
	uint8_t pfx[512];
	struct dt_name prefix;
	struct dt_data d;

	for (int i = 0; i < 5000; i++) {
		struct dt_iov iov = { key, 32 };
		struct dt_data_parts p = { 0 };
		uint64_t t = 1000000ULL * (rnd() % 4000000000ULL);
		int pl = gen_name(pfx, sizeof(pfx), 1 + rn(8));
		int n;

		ASSERT_EQ(0, dt_name_parse(pfx, pl, 0, &prefix));
		rbytes(key, 32);
		rbytes(tp, 32);
		tp[0] |= 1;
		rbytes(sig, 64);
		dt_key_id(key, 32, kid);
		p.name_size = dt_cert_name_encode(nm, sizeof(nm), &prefix,
						  prefix.ncomp, kid, t + 7);
		ASSERT_LT(0, (int)p.name_size);
		p.name = nm;
		p.content = &iov;
		p.ncontent = 1;
		dt_validity_format(t, nb);
		dt_validity_format(t + 1000000ULL * (1 + rn(1 << 30)), na);
		p.si = (struct dt_siginfo){ tp, nb, na, DT_SIG_EDDSA };
		p.sig = sig;
		p.sig_len = 64;
		p.content_type = DT_CT_KEY;
		n = dt_data_encode(buf, sizeof(buf), &p);
		ASSERT_LT(0, n);
		ASSERT_EQ(0, ddd(buf, n, DT_KIND_CERT, 0));
		ASSERT_EQ(0, dt_cert_parse(buf, n, 0, &d));
		EXPECT_EQ(t + 7, dt_cert_ts(&d.name));
		EXPECT_EQ(0, memcmp(kid, dt_cert_key_id(&d.name), 4));
		/* valid at its start and end second, not before/after */
		EXPECT_EQ(0, dt_cert_check_time(&d, t, 0));
		EXPECT_EQ(DT_WERR_CERT_EXPIRED,
			  dt_cert_check_time(&d, t - 1000000, 0));
		EXPECT_EQ(0, dt_cert_check_time(&d, t - 1000000, 1000000));
	}
}

TEST(random_cstates_and_cadds)
{
	static uint8_t cs[8192], cadd[DT_MAX_DGRAM * 2], pubs[DT_MAX_DGRAM];
	uint8_t nm[1024], cn[1024], nonce[4], tp[32], sig[64];
	struct dt_iov iov[DT_CADD_MAX_PUBS];
	struct dt_cstate v, v2;
	struct dt_data d;
	struct dt_pdu pdu;

	for (int i = 0; i < 5000; i++) {
		struct dt_name_bld b;
		struct dt_data_parts p = { 0 };
		uint8_t comp[64];
		unsigned int np = 0, got, life = 1 + rn(DT_LIFETIME_MAX_MS);
		size_t used = 0;
		int n, nl, cl;

		/* cState: zone / 1-2 collection comps / IBLT */
		dt_nb_init(&b, nm, sizeof(nm));
		rbytes(comp, 64);
		dt_nb_comp(&b, DT_COMP_GENERIC, comp, 8);
		dt_nb_str(&b, "msgs");
		if (rn(2))
			dt_nb_str(&b, "pdus");
		dt_nb_comp(&b, DT_COMP_GENERIC, comp + 8, 1 + rn(56));
		nl = dt_nb_finish(&b);
		rbytes(nonce, 4);
		n = dt_cstate_encode(cs, sizeof(cs), nm, nl, nonce, life);
		ASSERT_LT(0, n);
		ASSERT_EQ(0, dt_cstate_parse(cs, n, &v));
		EXPECT_EQ(life, v.lifetime_ms);
		ASSERT_EQ(n, dt_cstate_encode(pubs, sizeof(pubs), v.name.tlv,
					      v.name.size, v.nonce,
					      v.lifetime_ms));
		ASSERT_EQ(0, memcmp(pubs, cs, n));
		ASSERT_EQ(0, dt_cstate_parse(pubs, n, &v2));
		EXPECT_EQ(v.lifetime_ms, v2.lifetime_ms);
		EXPECT_TRUE(dt_name_eq(&v.name, &v2.name));

		/* cAdd answering it, 1..n pubs that fit one datagram */
		cl = dt_cadd_name_encode(cn, sizeof(cn), &v.name,
					 (uint32_t)rnd() >> rn(32));
		ASSERT_LT(0, cl);
		do {
			n = gen_pub(pubs + used, sizeof(pubs) - used);
			if (n < 0 || used + n > 6500)
				break;
			iov[np++] = (struct dt_iov){ pubs + used, (size_t)n };
			used += n;
		} while (np < 32 && rn(3));
		rbytes(tp, 32);
		rbytes(sig, 64);
		p.name = cn;
		p.name_size = cl;
		p.content = iov;
		p.ncontent = np;
		p.si = (struct dt_siginfo){ rn(2) ? tp : NULL, NULL, NULL,
					    0 };
		p.si.type = p.si.key_digest ? DT_SIG_EDDSA : DT_SIG_RFC7693;
		p.sig = sig;
		p.sig_len = p.si.key_digest ? 64 : 32;
		p.content_type = DT_CT_CADD;
		n = dt_data_encode(cadd, sizeof(cadd), &p);
		ASSERT_LT(0, n);
		ASSERT_EQ(0, dt_pdu_parse(cadd, n, &pdu));
		ASSERT_EQ(DT_TLV_DATA, pdu.type);
		ASSERT_EQ(0, ddd(cadd, n, DT_KIND_CADD, 0));
		ASSERT_EQ(0, dt_cadd_check_content(dt_data_content(&pdu.cadd),
						   pdu.cadd.content_len, &got));
		EXPECT_EQ(np, got);
		EXPECT_EQ(v.name.ncomp, pdu.cadd.name.ncomp);
		/* each packed pub parses on its own */
		{
			struct dt_pub_iter it;
			const uint8_t *pp;
			size_t pl;
			unsigned int k = 0;

			dt_pub_iter_init(&it, dt_data_content(&pdu.cadd),
					 pdu.cadd.content_len);
			while (dt_pub_next(&it, &pp, &pl)) {
				ASSERT_EQ(iov[k].len, pl);
				ASSERT_EQ(0, dt_pub_parse(pp, pl, &d));
				k++;
			}
			EXPECT_EQ(np, k);
		}
	}
}

/* Every vector object: decode -> encode -> decode. */
TEST(vector_objects_ddd)
{
	static const char *const dirs[] = {
		"dct/objects/iot0/alice", "dct/objects/iot1/alice",
		"dct/objects/iot2/alice", "dct/objects/iot0/frontdoor",
		"dct/objects/iot1/frontdoor", "dct/objects/iot2/frontdoor",
	};
	int n = 0;

	for (int i = 0; i < 6; i++) {
		char **l = vec_list(dirs[i], ".bin"), rel[256];

		ASSERT_NE(NULL, l);
		for (char **p = l; *p; p++) {
			struct dt_data d;
			struct dt_cstate c;
			uint8_t *b;
			size_t len;

			if (strstr(*p, "signing_key"))
				continue;
			snprintf(rel, sizeof(rel), "%s/%s", dirs[i], *p);
			b = vec_read(rel, &len);
			if (b[0] == DT_TLV_CSTATE) {
				uint8_t out[DT_MAX_DGRAM];

				ASSERT_EQ(0, dt_cstate_parse(b, len, &c));
				ASSERT_EQ((int)len, dt_cstate_encode(out,
					  sizeof(out), c.name.tlv, c.name.size,
					  c.nonce, c.lifetime_ms));
				ASSERT_EQ(0, memcmp(out, b, len));
			} else {
				ASSERT_EQ(0, dt_data_parse(b, len, DT_KIND_ANY,
							   0, &d));
				EXPECT_EQ(0, ddd(b, len,
					  d.content_type == DT_CT_CADD ?
					  DT_KIND_CADD :
					  d.content_type == DT_CT_KEY ?
					  DT_KIND_CERT : DT_KIND_PUB, 0));
			}
			n++;
			free(b);
		}
		vec_free_list(l);
	}
	EXPECT_GE(n, 6 * 12);
}

TEST_HARNESS_MAIN
