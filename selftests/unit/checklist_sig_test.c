// SPDX-License-Identifier: GPL-2.0
/* Conformance rules W25, W27 and W28 (wire.md 11) against the managers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "vec.h"
#include "sigmgr.h"

#define MAX_SIGNERS 16

/* thumbprint -> public key of the certs a member holds */
struct held {
	u8 tp[MAX_SIGNERS][32];
	u8 pk[MAX_SIGNERS][32];
	int n;
};

static int held_lookup(void *ctx, const u8 tp[32], u8 pk[32])
{
	struct held *h = ctx;
	int i;

	for (i = 0; i < h->n; i++)
		if (!memcmp(h->tp[i], tp, 32)) {
			memcpy(pk, h->pk[i], 32);
			return 0;
		}
	return -ENOKEY;
}

/* Adds every 32-byte-key cert of a file of concatenated TLVs. */
static int hold_file(struct held *h, const char *rel)
{
	struct dt_tlv t;
	struct dt_data d;
	size_t len, off = 0;
	u8 *b = vec_read(rel, &len);

	if (!b)
		return -1;
	while (off < len && !dt_tlv_get(b + off, len - off, &t)) {
		if (t.type == DT_TLV_DATA && h->n < MAX_SIGNERS &&
		    !dt_cert_parse(t.tlv, dt_tlv_size(&t), DT_CERT_F_ANCHOR,
				   &d)) {
			dt_thumbprint(t.tlv, dt_tlv_size(&t), h->tp[h->n]);
			memcpy(h->pk[h->n], dt_data_content(&d), 32);
			h->n++;
		}
		off += dt_tlv_size(&t);
	}
	free(b);
	return 0;
}

/* ---- W25: a type this build does not implement, refused at setup ---- */

TEST(w25_setup)
{
	static const u8 wire_types[] = { 0, 7, 8, 9, 11, 12, 13, 14 };
	struct dt_sigmgr m;
	unsigned int st, i;
	bool on_wire;

	/*
	 * This build implements every SignatureType of wire.md 7 (AEGIS is
	 * built in), so setup succeeds for each of them ...
	 */
	for (i = 0; i < sizeof(wire_types); i++)
		EXPECT_EQ(0, dt_sigmgr_init(&m, wire_types[i], DT_KEYS_PUB))
			TH_LOG("type %u", wire_types[i]);
	/*
	 * ... and refuses NULL (10) and every unknown type at setup. The API
	 * answers -EINVAL, not DT_WERR_SIG_UNSUPPORTED (no code path can
	 * produce W25 at setup while all types are built in).
	 */
	for (st = 0; st < 256; st++) {
		on_wire = memchr(wire_types, st, sizeof(wire_types)) != NULL;
		if (on_wire)
			continue;
		EXPECT_EQ(-EINVAL, dt_sigmgr_init(&m, st, DT_KEYS_PUB))
			TH_LOG("type %u", st);
	}
	EXPECT_EQ(-EINVAL, dt_sigmgr_init(&m, DT_SIG_NULL, DT_KEYS_PUB));
	EXPECT_EQ(-EINVAL, dt_sigmgr_init(&m, 0x108, DT_KEYS_PUB));
	EXPECT_EQ(-EINVAL, dt_sigmgr_init(&m, DT_SIG_EDDSA, DT_KEYS_NROLES));
}

/*
 * Where the W25 code does surface: a verify-only check asked of a type that
 * has no signature or hash to check (AEAD, PPAEAD, AEGIS).
 */
TEST(w25_verify_symmetric)
{
	static const u8 sym[] = { DT_SIG_AEAD, DT_SIG_PPAEAD, DT_SIG_AEGIS };
	struct dt_sigmgr m;
	struct dt_keys k;
	static const u8 tp[32];
	struct dt_data d;
	unsigned int i;

	memset(&d, 0, sizeof(d));
	d.si.key_digest = tp;	/* PPAEAD is keyed */
	dt_keys_init(&k, NULL, NULL);
	for (i = 0; i < sizeof(sym); i++) {
		ASSERT_EQ(0, dt_sigmgr_init(&m, sym[i], DT_KEYS_PUB));
		d.si.type = sym[i];
		d.sig_len = dt_sig_value_len(sym[i]);
		EXPECT_EQ(DT_WERR_SIG_UNSUPPORTED, dt_sig_verify(&m, &k, &d))
			TH_LOG("type %u", sym[i]);
	}
}

/* ---- W27 and W28 on vector Publications ---- */

struct pubcase {
	const char *schema;
	unsigned int type;
};

static const struct pubcase pubcases[] = {
	{ "iot0", DT_SIG_EDDSA },
	{ "iot1", DT_SIG_EDDSA },
	{ "iot2", DT_SIG_AEADSGN },	/* the Ed25519 part of AEADSGN */
};

static const char *const pubs[] = {
	"pub0_command_all_lock.bin",
	"pub1_command_frontdoor_unlock.bin",
	"pub2_command_gate_report.bin",
};

static u8 *read_pub(const char *schema, const char *file, size_t *len)
{
	char rel[256];

	snprintf(rel, sizeof(rel), "dct/objects/%s/alice/%s", schema, file);
	return vec_read(rel, len);
}

static int hold_member(struct held *h, const char *schema, bool signing)
{
	char rel[256];

	memset(h, 0, sizeof(*h));
	snprintf(rel, sizeof(rel), "dct/ids/%s/alice.bundle", schema);
	if (hold_file(h, rel))
		return -1;
	if (!signing)
		return 0;
	snprintf(rel, sizeof(rel), "dct/objects/%s/alice/signing_cert.bin",
		 schema);
	return hold_file(h, rel);
}

TEST(w27_flipped_content_bit)
{
	unsigned int c, p, bit, tried = 0;
	struct dt_sigmgr m;
	struct dt_keys k;
	struct held h;
	struct dt_data d;
	size_t len, i;
	u8 *buf;

	for (c = 0; c < sizeof(pubcases) / sizeof(pubcases[0]); c++) {
		ASSERT_EQ(0, hold_member(&h, pubcases[c].schema, true));
		dt_keys_init(&k, held_lookup, &h);
		ASSERT_EQ(0, dt_sigmgr_init(&m, pubcases[c].type,
					    DT_KEYS_PUB));
		for (p = 0; p < sizeof(pubs) / sizeof(pubs[0]); p++) {
			buf = read_pub(pubcases[c].schema, pubs[p], &len);
			ASSERT_NE(NULL, buf);
			ASSERT_EQ(DT_WERR_OK, dt_pub_parse(buf, len, &d));
			/* untouched, it validates */
			ASSERT_EQ(DT_WERR_OK, dt_sig_verify(&m, &k, &d))
				TH_LOG("%s %s", pubcases[c].schema, pubs[p]);
			/* pub2 (a report) has an empty Content */
			/* each Content bit flipped alone: W27 */
			for (i = 0; i < d.content_len; i++) {
				for (bit = 0; bit < 8; bit++) {
					buf[d.off_content + i] ^= 1u << bit;
					EXPECT_EQ(DT_WERR_SIG_BAD,
						  dt_sig_verify(&m, &k, &d))
						TH_LOG("%s %s byte %zu bit %u",
						       pubcases[c].schema,
						       pubs[p], i, bit);
					buf[d.off_content + i] ^= 1u << bit;
					tried++;
				}
			}
			EXPECT_EQ(DT_WERR_OK, dt_sig_verify(&m, &k, &d));
			free(buf);
		}
	}
	EXPECT_LT(100, tried);
}

TEST(w28_signer_not_held)
{
	struct dt_sigmgr m;
	struct dt_keys k;
	struct held h;
	struct dt_data d;
	unsigned int c;
	u8 pk[32];
	struct dt_ed25519_item it;
	size_t len;
	u8 *buf;

	for (c = 0; c < sizeof(pubcases) / sizeof(pubcases[0]); c++) {
		buf = read_pub(pubcases[c].schema, pubs[0], &len);
		ASSERT_NE(NULL, buf);
		ASSERT_EQ(DT_WERR_OK, dt_pub_parse(buf, len, &d));
		ASSERT_EQ(0, dt_sigmgr_init(&m, pubcases[c].type,
					    DT_KEYS_PUB));
		/* the member holds its bundle but not alice's signing cert */
		ASSERT_EQ(0, hold_member(&h, pubcases[c].schema, false));
		ASSERT_LE(2, h.n);
		dt_keys_init(&k, held_lookup, &h);
		EXPECT_EQ(DT_WERR_UNKNOWN_SIGNER, dt_sig_verify(&m, &k, &d))
			TH_LOG("%s", pubcases[c].schema);
		EXPECT_EQ(DT_WERR_UNKNOWN_SIGNER,
			  dt_sig_ed25519_item(&m, &k, &d, pk, &it));
		EXPECT_EQ(DT_WERR_UNKNOWN_SIGNER,
			  dt_sig_validate(&m, &k, buf, &d, buf + d.off_content))
			TH_LOG("%s", pubcases[c].schema);
		/* no lookup at all */
		dt_keys_init(&k, NULL, NULL);
		EXPECT_EQ(DT_WERR_UNKNOWN_SIGNER, dt_sig_verify(&m, &k, &d));
		/* once the cert is held, the same object validates */
		ASSERT_EQ(0, hold_member(&h, pubcases[c].schema, true));
		dt_keys_init(&k, held_lookup, &h);
		EXPECT_EQ(DT_WERR_OK, dt_sig_verify(&m, &k, &d))
			TH_LOG("%s", pubcases[c].schema);
		free(buf);
	}
}

TEST_HARNESS_MAIN
