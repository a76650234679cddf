// SPDX-License-Identifier: GPL-2.0
/* Strict identity-bundle reader: every vector bundle, and W38-W42 mutants. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kselftest_harness.h"
#include "vec.h"
#include "wire.h"
#include "bundle.h"

#define MAX_ELEMS 24
#define OUT_MAX 32768

/* Top-level elements of a bundle file (offsets into its buffer). */
struct elems {
	const u8 *buf;
	size_t len;
	size_t off[MAX_ELEMS], size[MAX_ELEMS];
	int n;
};

static int split(const u8 *buf, size_t len, struct elems *e)
{
	struct dt_tlv t;
	size_t off = 0;

	e->buf = buf;
	e->len = len;
	e->n = 0;
	while (off < len) {
		if (dt_tlv_get(buf + off, len - off, &t) || e->n == MAX_ELEMS)
			return -1;
		e->off[e->n] = off;
		e->size[e->n] = dt_tlv_size(&t);
		e->n++;
		off += dt_tlv_size(&t);
	}
	return 0;
}

/* The 64-byte key of the last "23 (SigValue)" element of a dctdump. */
static int dump_key(const char *txt, u8 key[64])
{
	const char *p = txt, *hit = NULL, *e;
	char hex[512];
	size_t n = 0;

	while ((p = strstr(p, "\n23 (SigValue) size 64:")))
		hit = ++p;
	if (!hit)
		return -1;
	hit = strchr(hit, ':') + 1;
	/* the value line and its continuation lines (indented, no '|') */
	for (;;) {
		e = strchr(hit, '\n');
		if (!e)
			e = hit + strlen(hit);
		if (n + (size_t)(e - hit) >= sizeof(hex))
			return -1;
		memcpy(hex + n, hit, e - hit);
		n += e - hit;
		hex[n++] = ' ';
		if (!*e || e[1] != ' ')
			break;
		hit = e + 1;
	}
	hex[n] = 0;
	return vec_unhex(hex, key, 64) == 64 ? 0 : -1;
}

/* Checks one bundle against its .ls_bundle.txt and .dctdump.txt. */
static int check_bundle(struct __test_metadata *_metadata, const char *rel)
{
	char path[512], uri[DT_NAME_URI_MAX], name[1024];
	u8 *buf, *ls, *dump, key[64];
	size_t len, llen, dlen;
	struct dt_bundle b;
	struct dt_data d;
	unsigned int n = 0;
	int idx, signer;
	const char *line;

	buf = vec_read(rel, &len);
	snprintf(path, sizeof(path), "%s.ls_bundle.txt", rel);
	ls = vec_read(path, &llen);
	snprintf(path, sizeof(path), "%s.dctdump.txt", rel);
	dump = vec_read(path, &dlen);
	if (!buf || !ls || !dump) {
		TH_LOG("%s: missing files", rel);
		return -1;
	}
	EXPECT_EQ(DT_WERR_OK, dt_bundle_parse(buf, len, &b)) TH_LOG("%s", rel);

	/* key: the file's last 64 bytes, equal to the dissector's */
	ASSERT_EQ(0, dump_key((char *)dump, key)) TH_LOG("%s", rel);
	EXPECT_TRUE(b.key == buf + len - 64) TH_LOG("%s", rel);
	if (b.key)
		EXPECT_EQ(0, memcmp(b.key, key, 64)) TH_LOG("%s", rel);

	/* certs: the ls_bundle listing (first section), in order */
	line = (char *)ls;
	while (line && *line && strncmp(line, "# ls_bundle -v", 14)) {
		if (*line >= '0' && *line <= '9') {
			if (sscanf(line, "%d root: %1023s", &idx, name) == 2)
				signer = -1;
			else if (sscanf(line, "%d <= %d: %1023s", &idx,
					&signer, name) != 3)
				signer = -2;
			EXPECT_NE(-2, signer) TH_LOG("%s: %.60s", rel, line);
			EXPECT_EQ((int)n, idx);
			/* the signer rule of wire.md 9.1 matches DCT's */
			EXPECT_EQ(n == 0 ? -1 : n <= 2 ? 0 : (int)n - 1,
				  signer) TH_LOG("%s cert %u", rel, n);
			if (n < b.ncerts) {
				ASSERT_EQ(DT_WERR_OK,
					  dt_cert_parse(b.cert[n].buf,
							b.cert[n].len,
							DT_CERT_F_ANCHOR |
							DT_CERT_F_SCHEMA, &d));
				ASSERT_LT(0, dt_name_uri(&d.name, uri,
							 sizeof(uri)));
				EXPECT_STREQ(name, uri) TH_LOG("%s", rel);
				/* public half equals the identity's key */
				if (n + 1 == b.ncerts)
					EXPECT_EQ(0, memcmp(key + 32,
						  dt_data_content(&d), 32));
			}
			n++;
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	EXPECT_EQ(n, b.ncerts) TH_LOG("%s", rel);
	EXPECT_LE(3, n);
	free(buf);
	free(ls);
	free(dump);
	return 0;
}

TEST(every_vector_bundle)
{
	static const char *const doms[] = {
		"iot0", "iot1", "iot2", "office", "relay",
	};
	char dir[64], rel[256];
	unsigned int i, total = 0;
	char **list;
	char **p;

	for (i = 0; i < sizeof(doms) / sizeof(doms[0]); i++) {
		snprintf(dir, sizeof(dir), "dct/ids/%s", doms[i]);
		list = vec_list(dir, ".bundle");
		ASSERT_NE(NULL, list) TH_LOG("%s", dir);
		for (p = list; *p; p++) {
			snprintf(rel, sizeof(rel), "%s/%s", dir, *p);
			ASSERT_EQ(0, check_bundle(_metadata, rel));
			total++;
		}
		vec_free_list(list);
	}
	TH_LOG("%u bundles", total);
	EXPECT_LT(40, total);
}

/* wire.md 9.2: the element layout of the two described bundles. */
TEST(layout_9_2)
{
	size_t len;
	u8 *buf = vec_read("dct/ids/iot2/frontdoor.bundle", &len);
	struct dt_bundle b;

	ASSERT_NE(NULL, buf);
	ASSERT_EQ(1963, len);
	ASSERT_EQ(DT_WERR_OK, dt_bundle_parse(buf, len, &b));
	ASSERT_EQ(5, b.ncerts);
	EXPECT_EQ(0, b.cert[0].buf - buf);
	EXPECT_EQ(223, b.cert[0].len);
	EXPECT_EQ(223, b.cert[1].buf - buf);
	EXPECT_EQ(961, b.cert[1].len);
	EXPECT_EQ(1184, b.cert[2].buf - buf);
	EXPECT_EQ(1655, b.cert[4].buf - buf);
	EXPECT_EQ(242, b.cert[4].len);
	EXPECT_EQ(1897 + 2, b.key - buf);
	free(buf);
}

/*
 * Mutants of iot2/frontdoor.bundle (anchor A, schema S, KM cap 1, KMP cap
 * 2, frontdoor F, key k), written as a string of element tokens:
 *   A S 1 2 F k  the original elements
 *   a            iot1/alice.bundle's identity cert (another domain)
 *   z            iot1/alice.bundle's key record
 *   h            a 32-byte key record (frontdoor's public half)
 *   x            frontdoor's key with its last (public) byte flipped
 *   y            a TLV of type 0x11 (17), empty
 *   w            an empty Name TLV (type 7)
 *   g / t / f    A / S / F with the last SignatureValue byte flipped
 *   c            S with its first Content byte flipped (bad signature)
 *   e            1 re-typed AEADSGN (SignatureType 13, 104 zero bytes of
 *                SignatureValue): a well-formed cert of another type
 */
struct mutant {
	const char *what;
	const char *toks;
	int code;
};

static const struct mutant mutants[] = {
	{ "key record first", "kAS12F", DT_WERR_BUNDLE_ELEM },
	{ "type 17 element first", "yAS12Fk", DT_WERR_BUNDLE_ELEM },
	{ "Name TLV among the certs", "AS12wFk", DT_WERR_BUNDLE_ELEM },
	{ "two key records in a row", "AS12Fkk", DT_WERR_BUNDLE_ELEM },
	{ "type 17 after the key", "AS12Fky", DT_WERR_BUNDLE_ELEM },
	{ "key after the schema cert", "ASk12F", DT_WERR_BUNDLE_KEY_PLACE },
	{ "key on a chain cert too", "AS12kFk", DT_WERR_BUNDLE_KEY_PLACE },
	{ "key on the anchor too", "AkS12Fk", DT_WERR_BUNDLE_KEY_PLACE },
	{ "no key", "AS12F", DT_WERR_BUNDLE_KEY_PLACE },
	{ "32-byte key record", "AS12Fh", DT_WERR_BUNDLE_KEY },
	{ "public half differs", "AS12Fx", DT_WERR_BUNDLE_KEY },
	{ "another member's key", "AS12Fz", DT_WERR_BUNDLE_KEY },
	{ "bundle of 2 certs", "AFk", DT_WERR_BUNDLE_ANCHOR },
	{ "bundle of 1 cert", "Ak", DT_WERR_BUNDLE_ANCHOR },
	{ "anchor and schema swapped", "SA12Fk", DT_WERR_BUNDLE_ANCHOR },
	{ "identity cert first", "FS12Ak", DT_WERR_BUNDLE_ANCHOR },
	{ "no schema cert", "A12Fk", DT_WERR_BUNDLE_ANCHOR },
	{ "anchor signature broken", "gS12Fk", DT_WERR_BUNDLE_ANCHOR },
	{ "schema signature broken", "At12Fk", DT_WERR_BUNDLE_ANCHOR },
	/* a full cert: the key id no longer matches the Content (W30) */
	{ "schema Content altered", "Ac12Fk", DT_WERR_CERT_NAME },
	{ "second root as schema", "AA12Fk", DT_WERR_SELF_SIGNED },
	{ "chain certs swapped", "AS21Fk", DT_WERR_BUNDLE_CHAIN },
	{ "KM cap left out", "AS2Fk", DT_WERR_BUNDLE_CHAIN },
	{ "KMP cap left out", "AS1Fk", DT_WERR_BUNDLE_CHAIN },
	{ "identity signature broken", "AS12fk", DT_WERR_BUNDLE_CHAIN },
	{ "cert of another domain", "AS12az", DT_WERR_BUNDLE_CHAIN },
	{ "schema cert in the chain", "AS1S2Fk", DT_WERR_CERT_KEY },
	{ "chain cert of another type", "AS" "e" "2Fk", DT_WERR_BUNDLE_CHAIN },
	{ "KM cap as anchor", "eS12Fk", DT_WERR_BUNDLE_ANCHOR },
	{ "17 certs", "AS111111111111111Fk", DT_WERR_BUNDLE_CHAIN },
	{ "the original", "AS12Fk", DT_WERR_OK },
};

struct srcs {
	u8 *fd, *al;
	size_t fdlen, allen;
	struct elems f, a;
};

/* Appends element i of e, or a copy with byte at [from end] flipped. */
static size_t put(u8 *out, size_t n, const struct elems *e, int i,
		  long flip_from_end)
{
	memcpy(out + n, e->buf + e->off[i], e->size[i]);
	if (flip_from_end > 0)
		out[n + e->size[i] - flip_from_end] ^= 0x01;
	return n + e->size[i];
}

/* Element i of e (a cert) re-typed as AEADSGN with an unsigned value. */
static size_t put_retyped(u8 *out, size_t n, const struct elems *e, int i)
{
	const u8 *c = e->buf + e->off[i];
	struct dt_tlv data, t;
	size_t body = 0, off;
	u8 tmp[1024];

	if (dt_tlv_get(c, e->size[i], &data))
		return n;
	for (off = 0; off < data.len; off += dt_tlv_size(&t)) {
		if (dt_tlv_get(data.val + off, data.len - off, &t))
			return n;
		if (t.type == DT_TLV_SIGVALUE)
			break;
		memcpy(tmp + body, t.tlv, dt_tlv_size(&t));
		if (t.type == DT_TLV_SIGINFO)	/* 16 len 1b 01 <st> ... */
			tmp[body + t.hlen + 2] = DT_SIG_AEADSGN;
		body += dt_tlv_size(&t);
	}
	tmp[body++] = DT_TLV_SIGVALUE;
	tmp[body++] = 104;
	memset(tmp + body, 0, 104);
	body += 104;
	n += dt_tlv_put_hdr(out + n, DT_TLV_DATA, body);
	memcpy(out + n, tmp, body);
	return n + body;
}

static size_t build(const struct srcs *s, const char *toks, u8 *out)
{
	const struct elems *f = &s->f;
	size_t n = 0, c;
	struct dt_data d;

	for (; *toks; toks++) {
		switch (*toks) {
		case 'A': n = put(out, n, f, 0, 0); break;
		case 'S': n = put(out, n, f, 1, 0); break;
		case '1': n = put(out, n, f, 2, 0); break;
		case '2': n = put(out, n, f, 3, 0); break;
		case 'F': n = put(out, n, f, 4, 0); break;
		case 'k': n = put(out, n, f, 5, 0); break;
		case 'a': n = put(out, n, &s->a, s->a.n - 2, 0); break;
		case 'z': n = put(out, n, &s->a, s->a.n - 1, 0); break;
		case 'x': n = put(out, n, f, 5, 1); break;
		case 'g': n = put(out, n, f, 0, 1); break;
		case 't': n = put(out, n, f, 1, 1); break;
		case 'f': n = put(out, n, f, 4, 1); break;
		case 'c':
			c = n;
			n = put(out, n, f, 1, 0);
			/* the first byte of the schema cert's Content value */
			if (!dt_cert_parse(out + c, n - c, DT_CERT_F_SCHEMA, &d))
				out[c + d.off_content] ^= 0x01;
			break;
		case 'e': n = put_retyped(out, n, f, 2); break;
		case 'h':
			out[n++] = 0x17;
			out[n++] = 32;
			memcpy(out + n, f->buf + f->off[5] + 2 + 32, 32);
			n += 32;
			break;
		case 'y':
			out[n++] = 0x11;
			out[n++] = 0;
			break;
		case 'w':
			out[n++] = 0x07;
			out[n++] = 0;
			break;
		}
	}
	return n;
}

FIXTURE(mut) {
	struct srcs s;
	u8 *out;
};

FIXTURE_SETUP(mut)
{
	self->s.fd = vec_read("dct/ids/iot2/frontdoor.bundle", &self->s.fdlen);
	self->s.al = vec_read("dct/ids/iot1/alice.bundle", &self->s.allen);
	ASSERT_NE(NULL, self->s.fd);
	ASSERT_NE(NULL, self->s.al);
	ASSERT_EQ(0, split(self->s.fd, self->s.fdlen, &self->s.f));
	ASSERT_EQ(0, split(self->s.al, self->s.allen, &self->s.a));
	ASSERT_EQ(6, self->s.f.n);
	ASSERT_EQ(4, self->s.a.n);
	self->out = malloc(OUT_MAX);
	ASSERT_NE(NULL, self->out);
}

FIXTURE_TEARDOWN(mut)
{
	free(self->s.fd);
	free(self->s.al);
	free(self->out);
}

TEST_F(mut, table)
{
	unsigned int i;
	struct dt_bundle b;
	size_t n;

	for (i = 0; i < sizeof(mutants) / sizeof(mutants[0]); i++) {
		n = build(&self->s, mutants[i].toks, self->out);
		EXPECT_EQ(mutants[i].code, dt_bundle_parse(self->out, n, &b))
			TH_LOG("%s (%s)", mutants[i].what, mutants[i].toks);
	}
}

/* Framing errors of the file are the TLV codes; every prefix is refused. */
TEST_F(mut, truncations)
{
	struct dt_bundle b;
	size_t n;

	EXPECT_EQ(DT_WERR_OVERRUN,
		  dt_bundle_parse(self->s.fd, self->s.fdlen - 1, &b));
	EXPECT_EQ(DT_WERR_TRUNCATED,
		  dt_bundle_parse(self->s.fd, self->s.f.off[5] + 1, &b));
	for (n = 0; n < self->s.fdlen; n++)
		ASSERT_NE(DT_WERR_OK, dt_bundle_parse(self->s.fd, n, &b))
			TH_LOG("prefix %zu accepted", n);
	EXPECT_EQ(DT_WERR_OK, dt_bundle_parse(self->s.fd, self->s.fdlen, &b));
}

/* One flipped bit anywhere in a cert is refused (whatever the rule). */
TEST_F(mut, every_cert_bit)
{
	u8 *m = self->out;
	struct dt_bundle b;
	size_t i, end = self->s.f.off[5];
	unsigned int bit;

	memcpy(m, self->s.fd, self->s.fdlen);
	for (i = 0; i < end; i += 7) {
		bit = 1u << (i % 8);
		m[i] ^= bit;
		EXPECT_NE(DT_WERR_OK, dt_bundle_parse(m, self->s.fdlen, &b))
			TH_LOG("flip at %zu accepted", i);
		m[i] ^= bit;
	}
}

/*
 * Re-keyed chains: frontdoor's certs given fresh Ed25519 keys (seeded
 * 1..5) and re-signed down the chain of wire.md 9.1, so a variant can be
 * validly signed yet break one rule (a type, a signer) and nothing else.
 */
#define NC 5

struct chain {
	u8 cert[NC][1100];
	size_t len[NC];
	u8 pk[NC][32], sk[NC][64], tp[NC][32];
};

/* Sets key, key id, KeyDigest and signature of cert i, signed by sk. */
static int resign(struct chain *c, int i, const u8 *kd, const u8 *sk)
{
	struct dt_data d;
	struct dt_comp kid;
	u8 *b = c->cert[i];
	const u8 *msg;
	u32 mlen;

	if (dt_cert_parse(b, c->len[i], DT_CERT_F_ANCHOR | DT_CERT_F_SCHEMA,
			  &d))
		return -1;
	if (d.content_len == 32) {
		memcpy(b + d.off_content, c->pk[i], 32);
		dt_name_comp(&d.name, -3, &kid);
		dt_key_id(c->pk[i], 32, (u8 *)kid.val);
	}
	memcpy((u8 *)d.si.key_digest, kd, 32);
	msg = dt_data_signed(&d, &mlen);
	dt_ed25519_sign((u8 *)dt_data_sig(&d), msg, mlen, sk);
	dt_thumbprint(b, c->len[i], c->tp[i]);
	return 0;
}

/* signer of cert i in a bundle: itself, the anchor, then the previous */
static int signer_of(int i)
{
	return i <= 2 ? 0 : i - 1;
}

static int rekey(struct chain *c, const struct elems *f, int retype)
{
	static const u8 zero[32];
	u8 seed[32];
	int i, s;

	for (i = 0; i < NC; i++) {
		memset(seed, i + 1, sizeof(seed));
		dt_ed25519_keypair(c->pk[i], c->sk[i], seed);
		if (i == retype)
			c->len[i] = put_retyped(c->cert[i], 0, f, i);
		else
			c->len[i] = put(c->cert[i], 0, f, i, 0);
	}
	for (i = 0; i < NC; i++) {
		s = signer_of(i);
		if (resign(c, i, i ? c->tp[s] : zero, c->sk[s]))
			return -1;
	}
	return 0;
}

static size_t emit(const struct chain *c, u8 *out, const u8 *key)
{
	size_t n = 0;
	int i;

	for (i = 0; i < NC; i++) {
		memcpy(out + n, c->cert[i], c->len[i]);
		n += c->len[i];
	}
	out[n++] = DT_TLV_SIGVALUE;
	out[n++] = 64;
	memcpy(out + n, key, 64);
	return n + 64;
}

TEST_F(mut, rekeyed_chain)
{
	static const u8 zero[32];
	struct chain *c = calloc(1, sizeof(*c));
	struct dt_bundle b;
	size_t n;

	ASSERT_NE(NULL, c);
	/* the re-keyed chain itself is accepted, with its new key */
	ASSERT_EQ(0, rekey(c, &self->s.f, -1));
	n = emit(c, self->out, c->sk[NC - 1]);
	ASSERT_EQ(DT_WERR_OK, dt_bundle_parse(self->out, n, &b));
	EXPECT_EQ(NC, b.ncerts);
	/* the vector key no longer matches (W39) */
	n = emit(c, self->out, self->s.fd + self->s.f.off[5] + 2);
	EXPECT_EQ(DT_WERR_BUNDLE_KEY, dt_bundle_parse(self->out, n, &b));

	/* KMP cap names KM cap but the anchor signed it (W42) */
	resign(c, 3, c->tp[2], c->sk[0]);
	n = emit(c, self->out, c->sk[NC - 1]);
	EXPECT_EQ(DT_WERR_BUNDLE_CHAIN, dt_bundle_parse(self->out, n, &b));
	/* signed by the anchor and naming it: still not its predecessor */
	resign(c, 3, c->tp[0], c->sk[0]);
	n = emit(c, self->out, c->sk[NC - 1]);
	EXPECT_EQ(DT_WERR_BUNDLE_CHAIN, dt_bundle_parse(self->out, n, &b));

	/* schema cert naming the anchor, signed by the KM cap key (W41) */
	ASSERT_EQ(0, rekey(c, &self->s.f, -1));
	resign(c, 1, c->tp[0], c->sk[2]);
	n = emit(c, self->out, c->sk[NC - 1]);
	EXPECT_EQ(DT_WERR_BUNDLE_ANCHOR, dt_bundle_parse(self->out, n, &b));
	/* anchor signed by another key (W41) */
	ASSERT_EQ(0, rekey(c, &self->s.f, -1));
	resign(c, 0, zero, c->sk[1]);
	n = emit(c, self->out, c->sk[NC - 1]);
	EXPECT_EQ(DT_WERR_BUNDLE_ANCHOR, dt_bundle_parse(self->out, n, &b));

	/* a chain cert of another SignatureType, its Ed25519 part valid */
	ASSERT_EQ(0, rekey(c, &self->s.f, 2));
	n = emit(c, self->out, c->sk[NC - 1]);
	EXPECT_EQ(DT_WERR_BUNDLE_CHAIN, dt_bundle_parse(self->out, n, &b));
	ASSERT_EQ(0, rekey(c, &self->s.f, 4));
	n = emit(c, self->out, c->sk[NC - 1]);
	EXPECT_EQ(DT_WERR_BUNDLE_CHAIN, dt_bundle_parse(self->out, n, &b));
	/* an anchor of another type (W41) */
	ASSERT_EQ(0, rekey(c, &self->s.f, 0));
	n = emit(c, self->out, c->sk[NC - 1]);
	EXPECT_EQ(DT_WERR_BUNDLE_ANCHOR, dt_bundle_parse(self->out, n, &b));
	free(c);
}

TEST_HARNESS_MAIN
