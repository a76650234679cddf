// SPDX-License-Identifier: GPL-2.0
/* Live DCT traffic against the schema runtime: every signing cert seen in
 * the iot1 and iot2 captures installs as a signer and every Publication
 * DCT members sent validates with its own signer and with no other.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "vec.h"
#include "wire_pcap.h"
#include "schema.h"
#include "schema_member.h"
#include "sigmgr.h"

#define MAXOBJ 512

/* Distinct certs and Publications carried by the capture's cAdds. */
struct seen {
	u8 *cert[MAXOBJ], *pub[MAXOBJ];
	size_t clen[MAXOBJ], plen[MAXOBJ];
	unsigned int nc, np;
	struct dt_keys keys;		/* the PDU group key (iot2) */
	struct dt_sigmgr pdus;
	bool aead;
	u8 buf[DT_MAX_DGRAM];
};

static void keep(u8 **v, size_t *l, unsigned int *n, const u8 *b, size_t len)
{
	unsigned int i;

	for (i = 0; i < *n; i++)
		if (l[i] == len && !memcmp(v[i], b, len))
			return;
	if (*n == MAXOBJ)
		return;
	v[*n] = malloc(len);
	memcpy(v[*n], b, len);
	l[(*n)++] = len;
}

static int on_udp(void *ctx, unsigned int frame, uint16_t dport,
		  const uint8_t *p, size_t len)
{
	struct seen *s = ctx;
	struct dt_pub_iter it;
	struct dt_pdu pdu;
	struct dt_comp c;
	bool msgs, cert;
	const u8 *o;
	size_t ol;

	if (len > sizeof(s->buf))
		return 0;
	memcpy(s->buf, p, len);
	if (dt_pdu_parse(s->buf, len, &pdu) || pdu.type != DT_TLV_DATA ||
	    pdu.cadd.name.ncomp != 3)
		return 0;
	/* <zone>/msgs/<csID> and <zone>/cert/<csID>; not the keys ones */
	dt_name_comp(&pdu.cadd.name, 1, &c);
	msgs = dt_comp_is_generic(&c, "msgs", 4);
	cert = dt_comp_is_generic(&c, "cert", 4);
	if (msgs && pdu.cadd.si.type == DT_SIG_AEAD &&
	    dt_sig_decrypt(&s->pdus, &s->keys, s->buf, &pdu.cadd,
			   s->buf + pdu.cadd.off_content))
		return -1;
	dt_pub_iter_init(&it, dt_data_content(&pdu.cadd),
			 pdu.cadd.content_len);
	while (dt_pub_next(&it, &o, &ol)) {
		struct dt_data d;

		if (cert && !dt_cert_parse(o, ol, 0, &d))
			keep(s->cert, s->clen, &s->nc, o, ol);
		else if (msgs && !dt_pub_parse(o, ol, &d))
			keep(s->pub, s->plen, &s->np, o, ol);
	}
	return 0;
}

/* A cert of the capture or of the members' bundles by thumbprint. */
static bool find_cert(struct seen *s, struct sm_member *m, unsigned int nm,
		      const u8 *tp, struct dt_data *out)
{
	u8 t[32];
	unsigned int i, k;

	for (i = 0; i < s->nc; i++) {
		dt_thumbprint(s->cert[i], s->clen[i], t);
		if (!memcmp(t, tp, 32))
			return !dt_cert_parse(s->cert[i], s->clen[i], 0, out);
	}
	for (i = 0; i < nm; i++)
		for (k = 0; k < m[i].b.ncerts; k++) {
			const struct dt_bundle_cert *c = &m[i].b.cert[k];

			dt_thumbprint(c->buf, c->len, t);
			if (!memcmp(t, tp, 32))
				return !dt_cert_parse(c->buf, c->len,
						      k ? 0 : DT_CERT_F_ANCHOR |
						      DT_CERT_F_SCHEMA, out);
		}
	return false;
}

static int sg_lookup(void *ctx, const u8 tp[32], u8 pk[32])
{
	const struct dt_schema_signer *sg = ctx;

	if (memcmp(sg->tp, tp, 32))
		return -ENOKEY;
	memcpy(pk, sg->pk, 32);
	return 0;
}

static int no_signer(void *ctx, const u8 tp[32], u8 pk[32])
{
	return -ENOKEY;
}

/* The first group key of keylog.txt: the key maker's PDU key. */
static int pdu_key(const char *dir, u8 key[32])
{
	char rel[128], hex[65], *log, *p;
	size_t len;
	int r = -1;

	snprintf(rel, sizeof(rel), "dct/capture/%s/keylog.txt", dir);
	log = (char *)vec_read(rel, &len);
	p = log ? strstr(log, "xchacha20poly1305_group_key ") : NULL;
	if (p && strlen(p) >= 28 + 64) {
		memcpy(hex, p + 28, 64);
		hex[64] = 0;
		if (vec_unhex(hex, key, 32) == 32)
			r = 0;
	}
	free(log);
	return r;
}

static void run_capture(struct __test_metadata *_metadata, const char *dir,
			const char *sc, const char *pcap)
{
	static const char *const who[] = { "alice", "frontdoor", "gate" };
	struct dt_schema_signer *sg[MAXOBJ];
	struct seen *s = calloc(1, sizeof(*s));
	struct sm_member m[3];
	unsigned int i, k, nsg = 0, ok = 0;
	char rel[128];
	u64 now = 0;

	for (i = 0; i < 3; i++)
		ASSERT_EQ(DT_SCM_OK, sm_load(&m[i], sc, who[i]));
	dt_keys_init(&s->keys, no_signer, NULL);
	if (dt_sig_encrypts(m[0].s->pdu_sig)) {
		u8 key[32];

		ASSERT_EQ(0, pdu_key(dir, key));
		ASSERT_EQ(0, dt_keys_add_group(&s->keys, DT_KEYS_PDU, key, 1));
		ASSERT_EQ(0, dt_sigmgr_init(&s->pdus, m[0].s->pdu_sig,
					    DT_KEYS_PDU));
	}
	snprintf(rel, sizeof(rel), "dct/capture/%s/%s", dir, pcap);
	ASSERT_LT(0, wire_pcap_udp(rel, on_udp, s));
	ASSERT_LT(0, s->np);
	/* the members' clock: the first Publication's timestamp */
	{
		struct dt_data d;
		struct dt_comp c;

		ASSERT_EQ(DT_WERR_OK, dt_pub_parse(s->pub[0], s->plen[0], &d));
		dt_name_comp(&d.name, -1, &c);
		ASSERT_EQ(DT_WERR_OK, dt_comp_number(&c, &now));
	}
	for (i = 0; i < s->nc; i++) {
		struct dt_data ch[DT_SCM_MAX_CHAIN_LEN];
		bool signing;
		unsigned int n = 1;

		ASSERT_EQ(DT_WERR_OK, dt_cert_parse(s->cert[i], s->clen[i], 0,
						    &ch[0]));
		if (dt_schema_cert_check(m[0].s, &ch[0], &signing) ||
		    !signing)
			continue;
		while (!dt_tp_is_zero(ch[n - 1].si.key_digest) &&
		       n < DT_SCM_MAX_CHAIN_LEN &&
		       find_cert(s, m, 3, ch[n - 1].si.key_digest, &ch[n]))
			n++;
		sg[nsg] = malloc(sizeof(*sg[0]));
		ASSERT_EQ(DT_SCM_OK, dt_schema_signer_init(sg[nsg], m[0].s, ch,
							   n, m[0].anchor_tp,
							   now));
		nsg++;
	}
	EXPECT_LE(3, nsg);
	for (i = 0; i < s->np; i++) {
		struct dt_sigmgr mg;
		struct dt_keys kk;
		struct dt_data d;
		unsigned int own = nsg;

		ASSERT_EQ(DT_WERR_OK, dt_pub_parse(s->pub[i], s->plen[i], &d));
		for (k = 0; k < nsg; k++) {
			int e = dt_schema_pub_check(sg[k], &d, now, NULL);

			if (!memcmp(sg[k]->tp, d.si.key_digest, 32)) {
				own = k;
				EXPECT_EQ(DT_SCM_OK, e);
			} else {
				EXPECT_EQ(DT_SCM_E_PUB_NO_SIGNER, e);
			}
		}
		ASSERT_GT(nsg, own);
		dt_keys_init(&kk, sg_lookup, sg[own]);
		ASSERT_EQ(0, dt_sigmgr_init(&mg, m[0].s->msgs_sig,
					    DT_KEYS_PUB));
		EXPECT_EQ(DT_WERR_OK, dt_sig_verify(&mg, &kk, &d));
		/* the name alone fits no other member's templates */
		for (k = 0; k < nsg; k++)
			if (k != own &&
			    memcmp(sg[k]->pk, sg[own]->pk, 32))
				EXPECT_NE(DT_SCM_OK,
					  dt_schema_match(sg[k], &d.name,
							  NULL));
		ok++;
	}
	printf("# %s: %u signers, %u Publications validated\n", dir, nsg, ok);
	fflush(stdout);
	EXPECT_LE(24, ok);
	for (i = 0; i < nsg; i++)
		free(sg[i]);
	for (i = 0; i < s->nc; i++)
		free(s->cert[i]);
	for (i = 0; i < s->np; i++)
		free(s->pub[i]);
	free(s);
	for (i = 0; i < 3; i++)
		sm_free(&m[i]);
}

TEST(capture_iot1)
{
	run_capture(_metadata, "iot1", "iot1", "iot1.pcap");
}

TEST(capture_iot1_asan)
{
	run_capture(_metadata, "iot1_asan_O0", "iot1", "iot1_asan_O0.pcap");
}

/* AEAD cAdds opened with the key maker's PDU key; AEADSGN Publications. */
TEST(capture_iot2)
{
	run_capture(_metadata, "iot2", "iot2", "iot2.pcap");
}

TEST_HARNESS_MAIN
