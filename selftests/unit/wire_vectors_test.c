// SPDX-License-Identifier: GPL-2.0
/* Every DCT vector object decodes, matches DCT's dissection and JSON fields,
 * and re-encodes to identical bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "vec.h"
#include "wire.h"
#include "wire_pcap.h"
#include "wire_tree.h"

static struct wt_tree ours, theirs;

static void hex(const uint8_t *b, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
	out[2 * n] = 0;
}

/* Decodes dir/<stem><bin_suffix> and compares with dir/<stem>.dctdump.txt. */
static int check_file(const char *dir, const char *dump, const char *bin_sfx,
		      int *nfiles)
{
	char rel[512], msg[256];
	size_t stemlen = strlen(dump) - strlen(".dctdump.txt");
	uint8_t *bin;
	char *txt;
	size_t len;
	int r = -1;

	snprintf(rel, sizeof(rel), "%s/%.*s%s", dir, (int)stemlen, dump,
		 bin_sfx);
	bin = vec_read(rel, &len);
	if (!bin) {
		/* ids/: the dump belongs to a file without suffix */
		return 0;
	}
	snprintf(rel, sizeof(rel), "%s/%s", dir, dump);
	txt = (char *)vec_read(rel, NULL);
	memset(&ours, 0, sizeof(ours));
	memset(&theirs, 0, sizeof(theirs));
	if (wt_decode(&ours, bin, len)) {
		fprintf(stderr, "# %s/%s: %s\n", dir, dump, ours.err);
		goto out;
	}
	wt_parse_dctdump(&theirs, txt);
	if (wt_compare(&ours, &theirs, msg, sizeof(msg))) {
		fprintf(stderr, "# %s/%s: %s\n", dir, dump, msg);
		goto out;
	}
	(*nfiles)++;
	r = 0;
out:
	free(bin);
	free(txt);
	return r;
}

static int check_dir(const char *dir, const char *bin_sfx, int *nfiles)
{
	char **l = vec_list(dir, ".dctdump.txt");
	int bad = 0;

	if (!l)
		return 1;
	for (char **p = l; *p; p++)
		bad += !!check_file(dir, *p, bin_sfx, nfiles);
	vec_free_list(l);
	return bad;
}

static const char *const schemas[] = { "iot0", "iot1", "iot2" };
static const char *const members[] = { "alice", "frontdoor" };
static const char *const id_dirs[] = { "iot0", "iot1", "iot2", "office",
				       "relay" };

TEST(objects_match_dctdump_and_reencode)
{
	char dir[128];
	int n = 0, bad = 0;

	for (int s = 0; s < 3; s++)
		for (int m = 0; m < 2; m++) {
			snprintf(dir, sizeof(dir), "dct/objects/%s/%s",
				 schemas[s], members[m]);
			bad += check_dir(dir, ".bin", &n);
		}
	EXPECT_EQ(0, bad);
	/* 6 member dirs x (3 pubs, cert, 5 cStates, 3-4 cAdds) */
	EXPECT_GE(n, 6 * 12);
}

TEST(ids_match_dctdump_and_reencode)
{
	char dir[128];
	int n = 0, bad = 0;

	for (int i = 0; i < 5; i++) {
		snprintf(dir, sizeof(dir), "dct/ids/%s", id_dirs[i]);
		bad += check_dir(dir, "", &n);
	}
	EXPECT_EQ(0, bad);
	EXPECT_GE(n, 100);
}

/* pubK_*.json: name, content, signature fields and size. */
TEST(publication_json_fields)
{
	char dir[128], rel[512], h[2 * 2048 + 1], uri[DT_NAME_URI_MAX];
	int checked = 0;

	for (int s = 0; s < 3; s++)
		for (int m = 0; m < 2; m++) {
			char **l;

			snprintf(dir, sizeof(dir), "dct/objects/%s/%s",
				 schemas[s], members[m]);
			l = vec_list(dir, ".json");
			ASSERT_NE(NULL, l);
			for (char **p = l; *p; p++) {
				struct dt_data d;
				uint8_t *bin;
				char *js, *v;
				size_t len;

				if (strncmp(*p, "pub", 3))
					continue;
				snprintf(rel, sizeof(rel), "%s/%s", dir, *p);
				js = (char *)vec_read(rel, NULL);
				snprintf(rel, sizeof(rel), "%s/%.*s.bin", dir,
					 (int)(strlen(*p) - 5), *p);
				bin = vec_read(rel, &len);
				ASSERT_NE(NULL, bin);
				ASSERT_EQ(0, dt_pub_parse(bin, len, &d));
				v = vec_json_get(js, "size");
				EXPECT_EQ(atol(v), (long)len);
				free(v);
				v = vec_json_get(js, "name_uri");
				ASSERT_LT(0, dt_name_uri(&d.name, uri,
							 sizeof(uri)));
				EXPECT_STREQ(v, uri);
				free(v);
				hex(d.name.tlv, d.name.size, h);
				v = vec_json_get(js, "name_tlv_hex");
				EXPECT_STREQ(v, h);
				free(v);
				v = vec_json_get(js, "sig_type");
				EXPECT_EQ(atoi(v), d.si.type);
				free(v);
				hex(d.buf + d.off_siginfo, d.siginfo_size, h);
				v = vec_json_get(js, "siginfo_hex");
				EXPECT_STREQ(v, h);
				free(v);
				hex(dt_data_sig(&d), d.sig_len, h);
				v = vec_json_get(js, "signature_value_hex");
				EXPECT_STREQ(v, h);
				free(v);
				hex(d.si.key_digest, 32, h);
				v = vec_json_get(js, "signing_cert_thumbprint");
				EXPECT_STREQ(v, h);
				free(v);
				/* Clear pubs: the Content itself. */
				if (!dt_sig_encrypts(d.si.type)) {
					hex(dt_data_content(&d), d.content_len,
					    h);
					v = vec_json_get(js, "content_hex");
					EXPECT_STREQ(v, h);
					free(v);
				}
				checked++;
				free(js);
				free(bin);
			}
			vec_free_list(l);
		}
	EXPECT_EQ(18, checked);
}

/* bundle_certs.json / signing_pair.json: every cert field. */
static int cert_json_check(struct __test_metadata *_metadata,
			   const uint8_t *cert, size_t len, const char *obj)
{
	char h[2 * 2048 + 1], uri[DT_NAME_URI_MAX], *v;
	uint8_t tp[32];
	struct dt_data d;
	struct dt_data any;

	EXPECT_EQ(0, dt_data_parse(cert, len, DT_KIND_ANY, 0, &any));
	EXPECT_EQ(0, dt_cert_parse(cert, len,
				   (dt_tp_is_zero(any.si.key_digest) ?
				    DT_CERT_F_ANCHOR : 0) |
				   (dt_cert_is_schema_name(&any.name) ?
				    DT_CERT_F_SCHEMA : 0), &d));
	dt_name_uri(&d.name, uri, sizeof(uri));
	v = vec_json_get(obj, "name");
	EXPECT_STREQ(v, uri);
	free(v);
	v = vec_json_get(obj, "size");
	EXPECT_EQ(atol(v), (long)len);
	free(v);
	dt_thumbprint(cert, len, tp);
	hex(tp, 32, h);
	v = vec_json_get(obj, "thumbprint_sha256");
	EXPECT_STREQ(v, h);
	free(v);
	hex(d.si.key_digest, 32, h);
	v = vec_json_get(obj, "signer_thumbprint");
	EXPECT_STREQ(v, h);
	free(v);
	v = vec_json_get(obj, "sig_type");
	EXPECT_EQ(atoi(v), d.si.type);
	free(v);
	v = vec_json_get(obj, "content_type");
	EXPECT_EQ(atoi(v), d.content_type);
	free(v);
	hex(dt_data_content(&d), d.content_len, h);
	v = vec_json_get(obj, "content_hex");
	if (v)
		EXPECT_STREQ(v, h);
	free(v);
	v = vec_json_get(obj, "valid_after");
	EXPECT_EQ(0, strncmp(v, (const char *)d.si.not_before, 15));
	free(v);
	v = vec_json_get(obj, "valid_until");
	EXPECT_EQ(0, strncmp(v, (const char *)d.si.not_after, 15));
	free(v);
	hex(d.buf + d.off_siginfo, d.siginfo_size, h);
	v = vec_json_get(obj, "siginfo_hex");
	EXPECT_STREQ(v, h);
	free(v);
	hex(dt_data_sig(&d), d.sig_len, h);
	v = vec_json_get(obj, "signature_hex");
	EXPECT_STREQ(v, h);
	free(v);
	return 0;
}

TEST(bundle_and_signing_cert_json_fields)
{
	char rel[256];
	int checked = 0;

	for (int s = 0; s < 3; s++)
		for (int m = 0; m < 2; m++) {
			char *js, *p;
			uint8_t *bun;
			size_t len, o = 0;
			struct dt_tlv t = { 0 };

			snprintf(rel, sizeof(rel), "dct/ids/%s/%s.bundle",
				 schemas[s], members[m]);
			bun = vec_read(rel, &len);
			ASSERT_NE(NULL, bun);
			snprintf(rel, sizeof(rel),
				 "dct/objects/%s/%s/bundle_certs.json",
				 schemas[s], members[m]);
			js = (char *)vec_read(rel, NULL);
			ASSERT_NE(NULL, js);
			p = js;
			while (o < len && !dt_tlv_get(bun + o, len - o, &t)) {
				if (t.type == DT_TLV_DATA) {
					p = strstr(p + 1, "{\"name\"");
					ASSERT_NE(NULL, p);
					cert_json_check(_metadata, bun + o,
							dt_tlv_size(&t), p);
					checked++;
				}
				o += dt_tlv_size(&t);
			}
			EXPECT_EQ(len, o);
			free(js);
			free(bun);

			snprintf(rel, sizeof(rel),
				 "dct/objects/%s/%s/signing_cert.bin",
				 schemas[s], members[m]);
			bun = vec_read(rel, &len);
			snprintf(rel, sizeof(rel),
				 "dct/objects/%s/%s/signing_pair.json",
				 schemas[s], members[m]);
			js = (char *)vec_read(rel, NULL);
			ASSERT_NE(NULL, bun);
			ASSERT_NE(NULL, js);
			p = strstr(js, "\"signing_cert\"");
			ASSERT_NE(NULL, p);
			cert_json_check(_metadata, bun, len, p);
			checked++;
			free(js);
			free(bun);
		}
	EXPECT_GE(checked, 6 * 4);
}

/* Thumbprints, key ids, zone ids of wire.md 6.2-6.4. */
TEST(thumbprints_key_ids_zone_ids)
{
	static const char *const dom[] = { "iot0", "iot1", "iot2", "office",
					   "ioth", "iote" };
	static const char *const dir[] = { "iot0", "iot1", "iot2", "office",
					   "relay", "relay" };
	char rel[256], h[65], *js, *p, *v;
	uint8_t zone[8], kid[4], *b;
	struct dt_data d;
	size_t len;

	js = (char *)vec_read("dct/objects/domains/trust_domains.json", NULL);
	ASSERT_NE(NULL, js);
	for (int i = 0; i < 6; i++) {
		snprintf(rel, sizeof(rel), "dct/ids/%s/%s.schema", dir[i],
			 dom[i]);
		b = vec_read(rel, &len);
		ASSERT_NE(NULL, b);
		ASSERT_EQ(0, dt_cert_parse(b, len, DT_CERT_F_SCHEMA, &d));
		/* A schema cert's Content is not a key: W33 without flag. */
		EXPECT_EQ(DT_WERR_CERT_KEY, dt_cert_parse(b, len, 0, &d));
		dt_zone_id(b, len, zone);
		hex(zone, 8, h);
		snprintf(rel, sizeof(rel), "\"schema\": \"%s\"", dom[i]);
		p = strstr(js, rel);
		ASSERT_NE(NULL, p);
		v = vec_json_get(p, "pdu_prefix_component_hex");
		EXPECT_STREQ(v, h);
		free(v);
		dt_key_id(dt_data_content(&d), d.content_len, kid);
		EXPECT_EQ(0, memcmp(kid, dt_cert_key_id(&d.name), 4));
		EXPECT_TRUE(dt_cert_is_schema_name(&d.name));
		free(b);
	}
	free(js);

	/* The four thumbprints of wire.md 6.2 and key ids of 6.3. */
	b = vec_read("dct/ids/iot1/alice.cert", &len);
	ASSERT_EQ(0, dt_tlv_get(b, len, &(struct dt_tlv){}));
	{
		struct dt_tlv t = { 0 };

		dt_tlv_get(b, len, &t);
		ASSERT_EQ(0, dt_cert_parse(b, dt_tlv_size(&t), 0, &d));
		dt_thumbprint(b, dt_tlv_size(&t), (uint8_t *)h);
		hex((uint8_t *)h, 4, rel);
		EXPECT_STREQ("2f2ab76a", rel);
		hex(dt_cert_key_id(&d.name), 4, rel);
		EXPECT_STREQ("5a982a9c", rel);
		/* the anchor itself needs F_ANCHOR */
	}
	free(b);
	b = vec_read("dct/ids/iot1/iot1.root", &len);
	{
		struct dt_tlv t = { 0 };

		dt_tlv_get(b, len, &t);
		EXPECT_EQ(DT_WERR_SELF_SIGNED,
			  dt_cert_parse(b, dt_tlv_size(&t), 0, &d));
		ASSERT_EQ(0, dt_cert_parse(b, dt_tlv_size(&t),
					   DT_CERT_F_ANCHOR, &d));
		hex(dt_cert_key_id(&d.name), 4, rel);
		EXPECT_STREQ("e6cacaca", rel);
	}
	free(b);
}

/* cStates and cAdds of msgs_pdus.json / cert_pdus.json. */
TEST(pdu_json_fields)
{
	char rel[256], uri[DT_NAME_URI_MAX], h[4096];
	int checked = 0;

	for (int s = 0; s < 3; s++)
		for (int m = 0; m < 2; m++)
			for (int k = 0; k < 2; k++) {
				char *js, *p, *v;

				snprintf(rel, sizeof(rel),
					 "dct/objects/%s/%s/%s_pdus.json",
					 schemas[s], members[m],
					 k ? "cert" : "msgs");
				js = (char *)vec_read(rel, NULL);
				ASSERT_NE(NULL, js);
				/* every {"file": X, ...} object */
				for (p = strstr(js, "\"file\": \""); p;
				     p = strstr(p + 1, "\"file\": \"")) {
					char *nx = strstr(p + 1, "\"file\": \"");
					char *obj = strndup(p, nx ? nx - p :
							    strlen(p));
					char stem[128], *f = vec_json_get(obj,
								    "file");
					struct dt_pdu pdu;
					uint8_t *b;
					size_t len;

					snprintf(stem, sizeof(stem), "%s", f);
					free(f);
					snprintf(rel, sizeof(rel),
						 "dct/objects/%s/%s/%s.bin",
						 schemas[s], members[m], stem);
					b = vec_read(rel, &len);
					ASSERT_NE(NULL, b);
					ASSERT_EQ(0, dt_pdu_parse(b, len, &pdu));
					v = vec_json_get(obj, "name_uri");
					dt_name_uri(pdu.type == DT_TLV_CSTATE ?
						    &pdu.cs.name :
						    &pdu.cadd.name, uri,
						    sizeof(uri));
					EXPECT_STREQ(v, uri);
					free(v);
					if (pdu.type == DT_TLV_CSTATE) {
						hex(pdu.cs.nonce, 4, h);
						v = vec_json_get(obj,
							"nonce_wire_le_hex");
						if (v)
							EXPECT_STREQ(v, h);
						free(v);
						v = vec_json_get(obj,
								 "lifetime_ms");
						if (v)
							EXPECT_EQ(atol(v),
							  pdu.cs.lifetime_ms);
						free(v);
					} else {
						v = vec_json_get(obj, "size");
						ASSERT_NE(NULL, v);
						EXPECT_EQ(atol(v), (long)len);
						free(v);
						hex(dt_data_sig(&pdu.cadd),
						    pdu.cadd.sig_len, h);
						v = vec_json_get(obj,
						    "signature_value_hex");
						if (v)
							EXPECT_STREQ(v, h);
						free(v);
					}
					checked++;
					free(b);
					free(obj);
				}
				free(js);
			}
	EXPECT_GE(checked, 6 * 5);
}

/* ---- captures ---- */

struct cap_ctx {
	struct __test_metadata *md;
	char *csv;
	int pdus, matched, bad;
};

static int on_dgram(void *vctx, unsigned int frame, uint16_t dport,
		    const uint8_t *p, size_t len)
{
	struct cap_ctx *c = vctx;
	char key[32], coll[64] = "", want[256], *row;
	struct dt_pdu pdu;
	struct dt_name *n;
	struct dt_comp comp;
	int e;

	if (dport != 56362)
		return 0;
	c->pdus++;
	memset(&ours, 0, sizeof(ours));
	e = dt_pdu_parse(p, len, &pdu);
	if (e || wt_decode(&ours, p, len)) {
		fprintf(stderr, "# frame %u: %s %s\n", frame,
			dt_wire_err_name(e), ours.err);
		c->bad++;
		return 0;
	}
	n = pdu.type == DT_TLV_CSTATE ? &pdu.cs.name : &pdu.cadd.name;
	for (int i = 1; i + 1 < n->ncomp; i++) {
		dt_name_comp(n, i, &comp);
		snprintf(coll + strlen(coll), sizeof(coll) - strlen(coll),
			 "%s%.*s", i > 1 ? "/" : "", comp.len, comp.val);
	}
	if (pdu.type == DT_TLV_CSTATE)
		snprintf(want, sizeof(want), "cState,%s,%zu,%02x%02x%02x%02x",
			 coll, len, pdu.cs.nonce[0], pdu.cs.nonce[1],
			 pdu.cs.nonce[2], pdu.cs.nonce[3]);
	else
		snprintf(want, sizeof(want), "cAdd,%s,%zu,%08x", coll, len,
			 dt_cadd_csid(&pdu.cadd));
	snprintf(key, sizeof(key), "\n%u,", frame);
	row = strstr(c->csv, key);
	if (!row || !strstr(row, want) ||
	    strstr(row, want) > strchr(row + 1, '\n')) {
		fprintf(stderr, "# frame %u: csv row lacks '%s'\n", frame,
			want);
		c->bad++;
		return 0;
	}
	c->matched++;
	return 0;
}

static void capture(struct __test_metadata *_metadata, const char *dir,
		    const char *pcap)
{
	char rel[256];
	struct cap_ctx c = { .md = _metadata };
	long n;

	snprintf(rel, sizeof(rel), "dct/capture/%s/packets.csv", dir);
	c.csv = (char *)vec_read(rel, NULL);
	ASSERT_NE(NULL, c.csv);
	snprintf(rel, sizeof(rel), "dct/capture/%s/%s", dir, pcap);
	n = wire_pcap_udp(rel, on_dgram, &c);
	EXPECT_LT(0, n);
	EXPECT_EQ(0, c.bad);
	EXPECT_EQ(c.pdus, c.matched);
	/* one csv row per DCT packet (the header line excluded) */
	{
		int rows = -1;

		for (char *q = c.csv; (q = strchr(q, '\n')); q++)
			if (q[1])
				rows++;
		EXPECT_EQ(rows + 1, c.pdus);
	}
	free(c.csv);
}

TEST(capture_iot1)
{
	capture(_metadata, "iot1", "iot1.pcap");
}

TEST(capture_iot1_asan)
{
	capture(_metadata, "iot1_asan_O0", "iot1_asan_O0.pcap");
}

TEST(capture_iot2)
{
	capture(_metadata, "iot2", "iot2.pcap");
}

TEST_HARNESS_MAIN
