// SPDX-License-Identifier: GPL-2.0
/* IBLT: DCT vectors and captures byte for byte, properties, hostile input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pcap/pcap.h>

#include "kselftest_harness.h"
#include "vec.h"
#include "iblt.h"
#include "murmur3.h"

#define IBLT_DIR "dct/objects/iblt/"

/* ---- small helpers ------------------------------------------------------ */

static int cmp_u32(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

static void sort_u32(u32 *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_u32);
}

/* Every quoted 8-hex-digit string in a JSON fragment, in order. */
static size_t hex_words(const char *s, u32 *out, size_t cap)
{
	size_t n = 0;

	while (s && (s = strchr(s, '"'))) {
		const char *e = strchr(s + 1, '"');
		size_t i;

		if (!e)
			break;
		if (e - s - 1 == 8) {
			for (i = 1; i <= 8; i++)
				if (!strchr("0123456789abcdef", s[i]))
					break;
			if (i == 9 && n < cap)
				out[n++] = strtoul(s + 1, NULL, 16);
		}
		s = e + 1;
	}
	return n;
}

/* A JSON field holding one 8-hex-digit string, or a number. */
static u32 json_u32(const char *json, const char *key, int base)
{
	char *v = vec_json_get(json, key);
	u32 r = v ? strtoul(v, NULL, base) : 0;

	free(v);
	return r;
}

/* The vectors' item rule: PubHash of "dct-iblt-item-<i>". */
static u32 vec_item(u32 i)
{
	char s[32];
	int n = snprintf(s, sizeof(s), "dct-iblt-item-%u", i);

	return dt_pub_hash((const u8 *)s, n);
}

static void build(struct dt_iblt *ib, const u32 *keys, size_t n)
{
	size_t i;

	dt_iblt_init(ib);
	for (i = 0; i < n; i++)
		if (dt_iblt_insert(ib, keys[i]))
			abort();
}

/* Peel a copy of d; sorted outputs. */
static int peel_sorted(const struct dt_iblt *d, u32 *have, u32 *nh,
		       u32 *need, u32 *nn)
{
	struct dt_iblt t = *d;
	struct dt_iblt_keys h = { have, DT_IBLT_CELLS, 0 };
	struct dt_iblt_keys w = { need, DT_IBLT_CELLS, 0 };
	int st = dt_iblt_peel(&t, &h, &w);

	sort_u32(have, h.n);
	sort_u32(need, w.n);
	*nh = h.n;
	*nn = w.n;
	return st;
}

/* One TLV header (1-byte type, 1- or 3-byte length). 0 or -1. */
static int tlv(const u8 *p, size_t len, u8 *type, size_t *hdr, size_t *vlen)
{
	if (len < 2)
		return -1;
	*type = p[0];
	if (p[1] < 253) {
		*hdr = 2;
		*vlen = p[1];
	} else if (p[1] == 253 && len >= 4) {
		*hdr = 4;
		*vlen = (size_t)p[2] << 8 | p[3];
	} else {
		return -1;
	}
	return *hdr + *vlen <= len ? 0 : -1;
}

/*
 * The Name of a cState or cAdd PDU: its whole TLV, the last component's
 * type and value, and the collection components between the zone id and
 * the last component.
 */
struct pdu_name {
	const u8 *name;
	size_t name_len;
	u8 last_type;
	const u8 *last;
	size_t last_len;
	const u8 *coll;
	size_t coll_len;
};

static int parse_name(const u8 *pdu, size_t len, struct pdu_name *pn)
{
	size_t hdr, vlen, nhdr, nlen, off, ch, cl;
	const u8 *first_end = NULL;
	u8 t;

	if (tlv(pdu, len, &t, &hdr, &vlen) || (t != 5 && t != 6))
		return -1;
	if (tlv(pdu + hdr, vlen, &t, &nhdr, &nlen) || t != 7)
		return -1;
	pn->name = pdu + hdr;
	pn->name_len = nhdr + nlen;
	pn->last = NULL;
	for (off = 0; off < nlen; off += ch + cl) {
		const u8 *c = pn->name + nhdr + off;

		if (tlv(c, nlen - off, &t, &ch, &cl))
			return -1;
		if (!first_end)
			first_end = c + ch + cl;
		pn->last_type = t;
		pn->last = c + ch;
		pn->last_len = cl;
	}
	if (!pn->last || !first_end || first_end > pn->last)
		return -1;
	pn->coll = first_end;
	pn->coll_len = pn->last - first_end;
	return 0;
}

/* ---- geometry ----------------------------------------------------------- */

TEST(sizing_rule)
{
	/* sync.md 3.1: largest prime <= budget / 27; DCT gives up below 6. */
	ASSERT_EQ(DT_IBLT_SUBTABLE, dt_iblt_subtable_size(DT_IBLT_BUDGET));
	ASSERT_EQ(141, DT_IBLT_CELLS);
	ASSERT_EQ(53, dt_iblt_subtable_size(1452));
	ASSERT_EQ(293, dt_iblt_subtable_size(8192));
	ASSERT_EQ(5, dt_iblt_subtable_size(162));
	ASSERT_EQ(0, dt_iblt_subtable_size(161));
	ASSERT_EQ(0, dt_iblt_subtable_size(0));
}

TEST(cells_are_distinct_and_interleaved)
{
	u32 idx[3], k;

	for (k = 0; k < 100000; k++) {
		dt_iblt_cells_of(k * 2654435761u, idx);
		ASSERT_EQ(0, idx[0] % 3);
		ASSERT_EQ(1, idx[1] % 3);
		ASSERT_EQ(2, idx[2] % 3);
		ASSERT_LT(idx[2], DT_IBLT_CELLS);
	}
}

/* ---- the DCT IBLT vectors ------------------------------------------------- */

static void check_items(struct __test_metadata *_metadata, const char *json,
			u32 first)
{
	char *items = vec_json_get(json, "items");
	const char *p = items;
	u32 i = 0, idx[3];

	while (p && (p = strchr(p, '{'))) {
		char *cells = vec_json_get(p, "cells");
		u32 want[3] = { 0 };

		ASSERT_EQ(vec_item(first + i), json_u32(p, "item", 16));
		ASSERT_EQ(dt_iblt_check_term(vec_item(first + i)),
			  json_u32(p, "keyCheck_contrib", 16));
		ASSERT_EQ(3, sscanf(cells, "[%u, %u, %u]", &want[0], &want[1],
				    &want[2]));
		dt_iblt_cells_of(vec_item(first + i), idx);
		ASSERT_EQ(0, memcmp(idx, want, sizeof(idx)));
		free(cells);
		p = strchr(p, '}');
		i++;
	}
	free(items);
}

/* The listed non-empty cells are exactly the table's non-empty cells. */
static void check_cells(struct __test_metadata *_metadata, const char *cells,
			const struct dt_iblt *ib)
{
	const char *p = cells;
	u32 n = 0, i, nonempty = 0;

	while (p && (p = strchr(p, '{'))) {
		const struct dt_iblt_cell *c = &ib->cell[json_u32(p, "idx", 10)];
		char *cnt = vec_json_get(p, "count");

		ASSERT_EQ(atoi(cnt), c->count);
		ASSERT_EQ(json_u32(p, "keySum", 16), c->key_sum);
		ASSERT_EQ(json_u32(p, "keyCheck", 16), c->key_check);
		free(cnt);
		p = strchr(p, '}');
		n++;
	}
	for (i = 0; i < DT_IBLT_CELLS; i++)
		nonempty += ib->cell[i].count || ib->cell[i].key_sum ||
			    ib->cell[i].key_check;
	ASSERT_EQ(nonempty, n);
}

TEST(vectors_encode_decode_peel)
{
	char **list = vec_list(IBLT_DIR, "_items.json");
	u8 enc[DT_IBLT_ENC_MAX];
	int nvec = 0;
	char **f;

	ASSERT_NE(NULL, list);
	for (f = list; *f; f++) {
		static u32 keys[12000], have[DT_IBLT_CELLS], need[DT_IBLT_CELLS];
		struct dt_iblt built, dec;
		char rel[256], *json, *cells, *peel;
		u32 first, n, i, nh, nn, want[DT_IBLT_CELLS];
		size_t blen;
		u8 *bin;
		int len, st;

		snprintf(rel, sizeof(rel), IBLT_DIR "%s", *f);
		json = (char *)vec_read(rel, NULL);
		ASSERT_NE(NULL, json);
		first = json_u32(json, "first_item", 10);
		n = json_u32(json, "n_items", 10);
		ASSERT_LE(n, ARRAY_SIZE(keys));
		for (i = 0; i < n; i++)
			keys[i] = vec_item(first + i);
		check_items(_metadata, json, first);
		build(&built, keys, n);

		/* Byte for byte from the item hashes. */
		snprintf(rel, sizeof(rel), IBLT_DIR "%.*s_rle.bin",
			 (int)(strlen(*f) - 5), *f);
		bin = vec_read(rel, &blen);
		ASSERT_NE(NULL, bin);
		len = dt_iblt_encode(&built, enc, sizeof(enc));
		ASSERT_EQ((int)blen, len);
		ASSERT_EQ(json_u32(json, "rle_len", 10), (u32)len);
		ASSERT_EQ(0, memcmp(enc, bin, blen));

		/* The bytes decode to the same table. */
		ASSERT_EQ(0, dt_iblt_decode(&dec, bin, blen));
		ASSERT_EQ(0, memcmp(&dec, &built, sizeof(dec)));
		cells = vec_json_get(json, "nonempty_cells");
		check_cells(_metadata, cells, &dec);

		/* Peeled against the empty table (no-op subtraction). */
		st = peel_sorted(&dec, have, &nh, need, &nn);
		peel = vec_json_get(json, "peel_vs_empty");
		if (peel) {
			char *have_s = vec_json_get(peel, "have");
			char *need_s = vec_json_get(peel, "need");
			char *done = vec_json_get(peel, "complete");
			u32 nw = hex_words(have_s, want, ARRAY_SIZE(want));

			sort_u32(want, nw);
			ASSERT_EQ(strcmp(done, "true") ? DT_IBLT_PEEL_PARTIAL :
				  DT_IBLT_PEEL_DONE, st);
			ASSERT_EQ(nw, nh);
			ASSERT_EQ(0, memcmp(want, have, nh * sizeof(u32)));
			ASSERT_EQ(0, hex_words(need_s, want, 1));
			ASSERT_EQ(0, nn);
			free(have_s);
			free(need_s);
			free(done);
		} else {
			/* Overloaded (n > cells): a complete peel is impossible. */
			ASSERT_GT(n, DT_IBLT_CELLS);
			ASSERT_EQ(DT_IBLT_PEEL_PARTIAL, st);
		}
		TH_LOG("%s: %u items, %d bytes, peel status %d (%u have)",
		       *f, n, len, st, nh);
		free(peel);
		free(cells);
		free(bin);
		free(json);
		nvec++;
	}
	vec_free_list(list);
	ASSERT_GE(nvec, 11);
}

static void load_table(struct __test_metadata *_metadata, const char *rel,
		       struct dt_iblt *ib, const u32 *keys, size_t n)
{
	u8 enc[DT_IBLT_ENC_MAX];
	struct dt_iblt built;
	size_t blen;
	u8 *bin = vec_read(rel, &blen);
	int len;

	ASSERT_NE(NULL, bin);
	ASSERT_EQ(0, dt_iblt_decode(ib, bin, blen));
	build(&built, keys, n);
	ASSERT_EQ(0, memcmp(&built, ib, sizeof(built)));
	len = dt_iblt_encode(&built, enc, sizeof(enc));
	ASSERT_EQ((int)blen, len);
	ASSERT_EQ(0, memcmp(enc, bin, blen));
	free(bin);
}

TEST(vector_difference)
{
	char *json = (char *)vec_read(IBLT_DIR "iblt_diff_peel.json", NULL);
	u32 a[32], b[32], want[32], have[DT_IBLT_CELLS], need[DT_IBLT_CELLS];
	u32 na, nb, nw, nh, nn;
	struct dt_iblt A, B, D;
	char *s;

	ASSERT_NE(NULL, json);
	s = vec_json_get(json, "A_items");
	na = hex_words(s, a, 32);
	free(s);
	s = vec_json_get(json, "B_items");
	nb = hex_words(s, b, 32);
	free(s);
	ASSERT_EQ(13, na);
	ASSERT_EQ(12, nb);
	load_table(_metadata, IBLT_DIR "iblt_diff_A_rle.bin", &A, a, na);
	load_table(_metadata, IBLT_DIR "iblt_diff_B_rle.bin", &B, b, nb);

	dt_iblt_subtract(&D, &A, &B);
	s = vec_json_get(json, "difference_nonempty_cells");
	check_cells(_metadata, s, &D);
	free(s);

	ASSERT_EQ(json_u32(json, "peel2_status", 10),
		  (u32)peel_sorted(&D, have, &nh, need, &nn));
	s = vec_json_get(json, "have");
	nw = hex_words(s, want, 32);
	free(s);
	sort_u32(want, nw);
	ASSERT_EQ(nw, nh);
	ASSERT_EQ(0, memcmp(want, have, nh * 4));
	s = vec_json_get(json, "need");
	nw = hex_words(s, want, 32);
	free(s);
	sort_u32(want, nw);
	ASSERT_EQ(nw, nn);
	ASSERT_EQ(0, memcmp(want, need, nn * 4));
	free(json);
}

/* ---- cStates of the object vectors: PubHash -> IBLT -> Name -> csID ----- */

/* The IBLT component of a cState file must be enc(keys); returns csID. */
static u32 check_cstate(struct __test_metadata *_metadata, const char *dir,
			const char *file, const u32 *keys, size_t n,
			struct dt_iblt *ib)
{
	u8 enc[DT_IBLT_ENC_MAX];
	struct pdu_name pn;
	char rel[256];
	size_t blen;
	u8 *bin;
	int len;
	u32 csid;

	snprintf(rel, sizeof(rel), "%s/%s.bin", dir, file);
	bin = vec_read(rel, &blen);
	ASSERT_NE(NULL, bin) TH_LOG("%s", rel);
	ASSERT_EQ(0, parse_name(bin, blen, &pn));
	ASSERT_EQ(8, pn.last_type);
	build(ib, keys, n);
	len = dt_iblt_encode(ib, enc, sizeof(enc));
	ASSERT_EQ((int)pn.last_len, len);
	ASSERT_EQ(0, memcmp(enc, pn.last, len));
	csid = dt_csid(pn.name, pn.name_len);
	free(bin);
	return csid;
}

/* The csID recorded after a "file": marker in a *_pdus.json. */
static u32 json_csid(const char *json, const char *file)
{
	char marker[128], *obj;
	const char *p;
	u32 v;

	snprintf(marker, sizeof(marker), "\"file\": \"%s\"", file);
	p = strstr(json, marker);
	if (!p)
		return 0;
	obj = vec_json_get(p, "csID");
	v = obj ? json_u32(obj, "csID", 16) : 0;
	free(obj);
	return v;
}

static const char *const schemas[] = { "iot0", "iot1", "iot2" };
static const char *const members[] = { "alice", "frontdoor" };

TEST(object_vector_cstates)
{
	u32 have[DT_IBLT_CELLS], need[DT_IBLT_CELLS], want[8], hashes[8];
	unsigned int s, m;

	for (s = 0; s < ARRAY_SIZE(schemas); s++) {
		for (m = 0; m < ARRAY_SIZE(members); m++) {
			struct dt_iblt own, peer, empty, d;
			char dir[128], rel[256], **pubs, *json, *x;
			u32 npub = 0, nh, nn, nw;

			snprintf(dir, sizeof(dir), "dct/objects/%s/%s",
				 schemas[s], members[m]);
			/* PubHash of each publication as carried. */
			pubs = vec_list(dir, ".json");
			ASSERT_NE(NULL, pubs);
			for (char **f = pubs; *f; f++) {
				size_t blen;
				u8 *bin;

				if (strncmp(*f, "pub", 3))
					continue;
				snprintf(rel, sizeof(rel), "%s/%s", dir, *f);
				json = (char *)vec_read(rel, NULL);
				snprintf(rel, sizeof(rel), "%s/%.*s.bin", dir,
					 (int)(strlen(*f) - 5), *f);
				bin = vec_read(rel, &blen);
				ASSERT_NE(NULL, bin);
				hashes[npub] = dt_pub_hash(bin, blen);
				ASSERT_EQ(json_u32(json, "pub_hash_iblt", 16),
					  hashes[npub]);
				npub++;
				free(bin);
				free(json);
			}
			vec_free_list(pubs);
			ASSERT_EQ(3, npub);

			snprintf(rel, sizeof(rel), "%s/msgs_pdus.json", dir);
			json = (char *)vec_read(rel, NULL);
			ASSERT_NE(NULL, json);
			ASSERT_EQ(json_csid(json, "msgs_cstate_own_3pubs"),
				  check_cstate(_metadata, dir,
					       "msgs_cstate_own_3pubs",
					       hashes, 3, &own));
			ASSERT_EQ(json_csid(json, "msgs_cstate_peer_has_pub0"),
				  check_cstate(_metadata, dir,
					       "msgs_cstate_peer_has_pub0",
					       hashes, 1, &peer));
			ASSERT_EQ(json_csid(json, "msgs_cstate_empty"),
				  check_cstate(_metadata, dir,
					       "msgs_cstate_empty",
					       hashes, 0, &empty));

			/* The reply to the peer is what its cState lacks. */
			dt_iblt_subtract(&d, &own, &peer);
			ASSERT_EQ(DT_IBLT_PEEL_DONE,
				  peel_sorted(&d, have, &nh, need, &nn));
			x = vec_json_get(strstr(json, "cadd_reply_to_peer"),
					 "peel_have");
			nw = hex_words(x, want, 8);
			free(x);
			sort_u32(want, nw);
			ASSERT_EQ(2, nw);
			ASSERT_EQ(nw, nh);
			ASSERT_EQ(0, memcmp(want, have, nh * 4));
			ASSERT_EQ(0, nn);
			free(json);

			/* cert collection: chain hashes in bundle order. */
			snprintf(rel, sizeof(rel), "%s/cert_pdus.json", dir);
			json = (char *)vec_read(rel, NULL);
			ASSERT_NE(NULL, json);
			x = vec_json_get(json, "cert_hashes");
			nw = hex_words(x, hashes, 8);
			free(x);
			ASSERT_GE(nw, 3);
			ASSERT_EQ(json_csid(json,
					    "cert_cstate_peer_has_root_schema"),
				  check_cstate(_metadata, dir,
					       "cert_cstate_peer_has_root_schema",
					       hashes, 2, &peer));
			check_cstate(_metadata, dir, "cert_cstate_own_chain",
				     hashes, nw, &own);
			dt_iblt_subtract(&d, &peer, &own);
			ASSERT_EQ(DT_IBLT_PEEL_DONE,
				  peel_sorted(&d, have, &nh, need, &nn));
			ASSERT_EQ(0, nh);
			ASSERT_EQ(nw - 2, nn);
			sort_u32(hashes + 2, nw - 2);
			ASSERT_EQ(0, memcmp(hashes + 2, need, nn * 4));
			free(json);
		}
	}
}

/* ---- live captures: every cState IBLT DCT sent ---------------------------- */

#define MAX_CSIDS 4096

struct last_state {
	u8 coll[64];
	size_t coll_len;
	struct dt_iblt ib;
};

TEST(capture_cstates)
{
	static const char *const caps[] = {
		"dct/capture/iot1/iot1.pcap",
		"dct/capture/iot2/iot2.pcap",
		"dct/capture/iot1_asan_O0/iot1_asan_O0.pcap",
	};
	static u32 csids[MAX_CSIDS], add_ids[MAX_CSIDS];
	static struct last_state last[32];
	unsigned int c;

	for (c = 0; c < ARRAY_SIZE(caps); c++) {
		u32 ncs = 0, nadd = 0, matched = 0, odd = 0, npairs = 0, i;
		unsigned int nlast = 0;
		char err[PCAP_ERRBUF_SIZE];
		struct pcap_pkthdr *h;
		const u_char *pkt;
		pcap_t *pc;

		pc = pcap_open_offline(vec_path(caps[c]), err);
		ASSERT_NE(NULL, pc) TH_LOG("%s: %s", caps[c], err);
		ASSERT_EQ(DLT_EN10MB, pcap_datalink(pc));
		while (pcap_next_ex(pc, &h, &pkt) == 1) {
			u8 enc[DT_IBLT_ENC_MAX];
			u32 have[DT_IBLT_CELLS], need[DT_IBLT_CELLS], nh, nn;
			const u8 *udp = pkt + 14 + 40;
			struct pdu_name pn;
			struct dt_iblt ib, d;
			size_t plen;
			int len, st;

			/* Ethernet, IPv6 without extension headers, UDP 56362. */
			if (h->caplen < 14 + 40 + 8 || pkt[12] != 0x86 ||
			    pkt[13] != 0xdd || pkt[14 + 6] != 17)
				continue;
			if (dt_get_be16(udp) != 56362 &&
			    dt_get_be16(udp + 2) != 56362)
				continue;
			plen = dt_get_be16(udp + 4) - 8;
			ASSERT_LE(14 + 40 + 8 + plen, h->caplen);
			if (parse_name(udp + 8, plen, &pn))
				continue;
			if (udp[8] == 6 && pn.last_type == 35) {
				u32 v = 0;

				for (i = 0; i < pn.last_len; i++)
					v = v << 8 | pn.last[i];
				for (i = 0; i < ncs && csids[i] != v; i++)
					;
				matched += i < ncs;
				for (i = 0; i < nadd && add_ids[i] != v; i++)
					;
				odd += i < nadd;
				ASSERT_LT(nadd, MAX_CSIDS);
				add_ids[nadd++] = dt_csid(pn.name, pn.name_len);
				continue;
			}
			if (udp[8] != 5)
				continue;
			/* Decodes, and re-encodes to the very same bytes. */
			ASSERT_EQ(0, dt_iblt_decode(&ib, pn.last, pn.last_len));
			len = dt_iblt_encode(&ib, enc, sizeof(enc));
			ASSERT_EQ((int)pn.last_len, len);
			ASSERT_EQ(0, memcmp(enc, pn.last, len));
			ASSERT_LT(ncs, MAX_CSIDS);
			csids[ncs++] = dt_csid(pn.name, pn.name_len);

			/* Two genuine states never peel as inconsistent. */
			ASSERT_LE(pn.coll_len, sizeof(last[0].coll));
			for (i = 0; i < nlast; i++)
				if (last[i].coll_len == pn.coll_len &&
				    !memcmp(last[i].coll, pn.coll, pn.coll_len))
					break;
			if (i < nlast) {
				dt_iblt_subtract(&d, &ib, &last[i].ib);
				st = peel_sorted(&d, have, &nh, need, &nn);
				ASSERT_GE(st, 0);
				npairs++;
			} else {
				ASSERT_LT(nlast, ARRAY_SIZE(last));
				memcpy(last[i].coll, pn.coll, pn.coll_len);
				last[i].coll_len = pn.coll_len;
				nlast++;
			}
			last[i].ib = ib;
		}
		pcap_close(pc);
		TH_LOG("%s: %u cStates re-encoded, %u peeled against the previous one; of %u cAdds %u answer a cState, %u a cAdd",
		       caps[c], ncs, npairs, nadd, matched, odd);
		ASSERT_GT(ncs, 50);
		/*
		 * Every csID is the hash of an earlier cState's Name, or of an
		 * earlier cAdd's Name: the replies DCT sends from inside cAdd
		 * processing (sync.md open question 1).
		 */
		ASSERT_GT(matched, 0);
		ASSERT_EQ(nadd, matched + odd);
	}
}

/* ---- properties ------------------------------------------------------------ */

static u64 rng_state;

static u32 rnd(void)
{
	u64 z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (u32)(z ^ (z >> 31));
}

/* n distinct random keys. */
static void rnd_keys(u32 *k, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
again:
		k[i] = rnd();
		for (j = 0; j < i; j++)
			if (k[j] == k[i])
				goto again;
	}
}

static bool in(const u32 *v, size_t n, u32 x)
{
	while (n--)
		if (v[n] == x)
			return true;
	return false;
}

TEST(insert_erase_inverse)
{
	static u32 k[400];
	struct dt_iblt a, b, empty;
	unsigned int round, i;

	rng_state = 1;
	dt_iblt_init(&empty);
	for (round = 0; round < 200; round++) {
		u32 n = rnd() % 400, cut = n ? rnd() % n : 0;

		rnd_keys(k, n);
		build(&a, k, n);
		/* Erase a random part: same as never inserting it. */
		for (i = 0; i < cut; i++)
			ASSERT_EQ(0, dt_iblt_erase(&a, k[i]));
		build(&b, k + cut, n - cut);
		ASSERT_EQ(0, memcmp(&a, &b, sizeof(a)));
		for (i = cut; i < n; i++)
			ASSERT_EQ(0, dt_iblt_erase(&a, k[i]));
		ASSERT_TRUE(dt_iblt_is_empty(&a));
		ASSERT_EQ(0, memcmp(&a, &empty, sizeof(a)));
	}
}

TEST(erase_refuses_absent_keys)
{
	struct dt_iblt a, b;
	u32 idx[3], k = 0x12345678;

	dt_iblt_init(&a);
	ASSERT_EQ(-ENOENT, dt_iblt_erase(&a, k));
	ASSERT_TRUE(dt_iblt_is_empty(&a));
	ASSERT_EQ(0, dt_iblt_insert(&a, k));
	ASSERT_EQ(0, dt_iblt_erase(&a, k));
	ASSERT_EQ(-ENOENT, dt_iblt_erase(&a, k));
	/* A cell holding exactly one other key also gives it away. */
	ASSERT_EQ(0, dt_iblt_insert(&a, k + 1));
	b = a;
	ASSERT_EQ(-ENOENT, dt_iblt_erase(&a, k));
	ASSERT_EQ(0, memcmp(&a, &b, sizeof(a)));

	/* Counts saturate instead of wrapping. */
	dt_iblt_cells_of(k, idx);
	a.cell[idx[1]].count = 0x7fffffff;
	b = a;
	ASSERT_EQ(-EOVERFLOW, dt_iblt_insert(&a, k));
	ASSERT_EQ(0, memcmp(&a, &b, sizeof(a)));
	dt_iblt_init(&a);
	a.cell[idx[0]].count = -0x7fffffff - 1;
	a.cell[idx[1]].count = 2;
	a.cell[idx[2]].count = 2;
	b = a;
	ASSERT_EQ(-EOVERFLOW, dt_iblt_erase(&a, k));
	ASSERT_EQ(0, memcmp(&a, &b, sizeof(a)));
}

TEST(subtract_is_anticommutative)
{
	static u32 k[300];
	u32 h1[DT_IBLT_CELLS], n1[DT_IBLT_CELLS], h2[DT_IBLT_CELLS];
	u32 n2[DT_IBLT_CELLS], nh1, nn1, nh2, nn2;
	struct dt_iblt a, b, d1, d2, z;
	unsigned int round;

	rng_state = 2;
	for (round = 0; round < 500; round++) {
		u32 common = rnd() % 100, only_a = rnd() % 40;
		u32 only_b = rnd() % 40;
		int s1, s2;

		rnd_keys(k, common + only_a + only_b);
		build(&a, k, common + only_a);
		build(&b, k + only_a, common + only_b);
		dt_iblt_subtract(&d1, &a, &b);
		dt_iblt_subtract(&d2, &b, &a);
		s1 = peel_sorted(&d1, h1, &nh1, n1, &nn1);
		s2 = peel_sorted(&d2, h2, &nh2, n2, &nn2);
		ASSERT_EQ(s1, s2);
		ASSERT_EQ(nh1, nn2);
		ASSERT_EQ(nn1, nh2);
		ASSERT_EQ(0, memcmp(h1, n2, nh1 * 4));
		ASSERT_EQ(0, memcmp(n1, h2, nn1 * 4));
		/* dst may alias an operand; a - a is empty. */
		z = a;
		dt_iblt_subtract(&z, &z, &a);
		ASSERT_TRUE(dt_iblt_is_empty(&z));
		z = b;
		dt_iblt_subtract(&z, &a, &z);
		ASSERT_EQ(0, memcmp(&z, &d1, sizeof(z)));
	}
}

/*
 * A cell that looks pure but is not one of its key's own cells never
 * empties: peeling it only churns the key's real cells, so DCT's loop
 * would list the key in every pass forever. It must stop as malformed.
 */
TEST(crafted_loop_is_bounded)
{
	u32 have[DT_IBLT_CELLS], need[DT_IBLT_CELLS], idx[3], i, k = 0x12345678;
	struct dt_iblt_keys h = { have, DT_IBLT_CELLS, 0 };
	struct dt_iblt_keys w = { need, DT_IBLT_CELLS, 0 };
	struct dt_iblt d;

	dt_iblt_init(&d);
	dt_iblt_cells_of(k, idx);
	for (i = 0; i < 3; i++)
		d.cell[idx[i]] = (struct dt_iblt_cell){ 2, 0x1111, 0x2222 };
	i = idx[0] ? 0 : 3;
	d.cell[i] = (struct dt_iblt_cell){ 1, k, dt_iblt_check_term(k) };
	ASSERT_EQ(-EBADMSG, dt_iblt_peel(&d, &h, &w));
	/* The bait cell itself never changes: k is "had" once per pass. */
	ASSERT_EQ(DT_IBLT_CELLS, h.n);
	ASSERT_EQ(0, w.n);
	for (i = 0; i < h.n; i++)
		ASSERT_EQ(k, have[i]);
	/* Small output arrays fill up first. */
	h.cap = 4;
	dt_iblt_init(&d);
	for (i = 0; i < 3; i++)
		d.cell[idx[i]] = (struct dt_iblt_cell){ 2, 0x1111, 0x2222 };
	i = idx[0] ? 0 : 3;
	d.cell[i] = (struct dt_iblt_cell){ 1, k, dt_iblt_check_term(k) };
	ASSERT_EQ(-ENOSPC, dt_iblt_peel(&d, &h, &w));
	ASSERT_EQ(4, h.n);
}

/*
 * Peel success near the design point (sync.md 3.5). Bounds are what the
 * theory of peeling a 3-uniform hypergraph gives, loosely: 1 key always
 * peels; 2 keys fail only if they share all three cells (47^-3 per pair);
 * up to 10 keys failures are dominated by that too (< 0.05%); the peeling
 * threshold is ~0.82 keys per cell (~115 keys); and a complete peel of
 * more keys than cells is impossible since each key empties its own cell.
 * The random stream is fixed, so the figures are reproducible.
 */
TEST(peel_rates)
{
	static const struct {
		u32 d, trials, min_permille;
	} pts[] = {
		{ 1, 2000, 1000 }, { 2, 2000, 999 }, { 5, 2000, 995 },
		{ 10, 2000, 990 }, { 20, 2000, 950 }, { 30, 2000, 950 },
		{ 50, 2000, 900 }, { 60, 2000, 880 }, { 80, 1000, 800 },
		{ 100, 1000, 600 }, { 115, 500, 0 }, { 130, 500, 0 },
		{ 142, 200, 0 }, { 200, 200, 0 },
	};
	static u32 k[260];
	unsigned int p, t, i;

	rng_state = 3;
	for (p = 0; p < ARRAY_SIZE(pts); p++) {
		u32 d = pts[p].d, done = 0, found = 0;

		for (t = 0; t < pts[p].trials; t++) {
			u32 h[DT_IBLT_CELLS], n[DT_IBLT_CELLS], nh, nn;
			u32 na = rnd() % (d + 1), common = 20;
			struct dt_iblt a, b, df;
			int st;

			rnd_keys(k, d + common);
			build(&a, k, na + common);
			build(&b, k + na, d - na + common);
			dt_iblt_subtract(&df, &a, &b);
			st = peel_sorted(&df, h, &nh, n, &nn);
			ASSERT_GE(st, 0);
			/* Whatever is listed is true, even when stuck. */
			for (i = 0; i < nh; i++)
				ASSERT_TRUE(in(k, na, h[i]));
			for (i = 0; i < nn; i++)
				ASSERT_TRUE(in(k + na + common, d - na, n[i]));
			if (st == DT_IBLT_PEEL_DONE) {
				ASSERT_EQ(na, nh);
				ASSERT_EQ(d - na, nn);
				done++;
			}
			found += nh + nn;
		}
		TH_LOG("peel d=%u: %u/%u complete (%u.%u%%), %.1f of %u keys listed on average",
		       d, done, pts[p].trials, done * 100 / pts[p].trials,
		       done * 1000 / pts[p].trials % 10,
		       (double)found / pts[p].trials, d);
		ASSERT_GE(done * 1000, pts[p].min_permille * pts[p].trials);
		if (d > DT_IBLT_CELLS)
			ASSERT_EQ(0, done);
	}
}

/* ---- encoder errors ------------------------------------------------------- */

TEST(encoder_checks)
{
	u8 enc[DT_IBLT_ENC_MAX];
	struct dt_iblt a;
	int len;

	dt_iblt_init(&a);
	ASSERT_EQ(DT_IBLT_ENC_EMPTY_LEN, dt_iblt_encode(&a, enc, sizeof(enc)));
	ASSERT_EQ(-ENOSPC, dt_iblt_encode(&a, enc, DT_IBLT_ENC_EMPTY_LEN - 1));
	ASSERT_EQ(0, dt_iblt_insert(&a, 42));
	len = dt_iblt_encode(&a, enc, sizeof(enc));
	ASSERT_GT(len, 0);
	ASSERT_EQ(len, dt_iblt_encode(&a, enc, len));
	ASSERT_EQ(-ENOSPC, dt_iblt_encode(&a, enc, len - 1));
	/* Differences are not sets. */
	a.cell[7].count = -1;
	ASSERT_EQ(-EINVAL, dt_iblt_encode(&a, enc, sizeof(enc)));
	a.cell[7].count = 0;
	a.cell[7].key_check = 1;
	ASSERT_EQ(-EINVAL, dt_iblt_encode(&a, enc, sizeof(enc)));
}

/* The largest table the format can hold round-trips at full length. */
TEST(largest_encoding)
{
	u8 enc[DT_IBLT_ENC_MAX];
	struct dt_iblt a, b;
	unsigned int i;

	for (i = 0; i < DT_IBLT_CELLS; i++) {
		a.cell[i].count = 0x7fffffff - i;
		a.cell[i].key_sum = i * 0x01010101u;
		a.cell[i].key_check = ~i;
	}
	ASSERT_EQ(DT_IBLT_ENC_MAX, dt_iblt_encode(&a, enc, sizeof(enc)));
	ASSERT_EQ(0, dt_iblt_decode(&b, enc, sizeof(enc)));
	ASSERT_EQ(0, memcmp(&a, &b, sizeof(a)));
}

/* Arbitrary sets-shaped tables (any gaps, every count form) round-trip. */
TEST(random_tables_round_trip)
{
	static const u32 lim[] = { 0xef, 0xffff, 0x7fffffff };
	u8 enc[DT_IBLT_ENC_MAX];
	struct dt_iblt a, b;
	unsigned int round, i;

	rng_state = 4;
	for (round = 0; round < 20000; round++) {
		u32 fill = rnd() % 101, size = 0, run = 0;

		for (i = 0; i < DT_IBLT_CELLS; i++) {
			struct dt_iblt_cell *c = &a.cell[i];
			u32 form = rnd() % 3;

			if (rnd() % 100 >= fill) {
				memset(c, 0, sizeof(*c));
				if (++run == 14) {
					size++;
					run = 0;
				}
				continue;
			}
			c->count = 1 + rnd() % lim[form];
			c->key_sum = rnd();
			c->key_check = rnd();
			size += !!run + (c->count < 0xf0 ? 9 :
					 c->count <= 0xffff ? 11 : 13);
			run = 0;
		}
		ASSERT_EQ((int)size, dt_iblt_encode(&a, enc, sizeof(enc)));
		ASSERT_EQ(0, dt_iblt_decode(&b, enc, size));
		ASSERT_EQ(0, memcmp(&a, &b, sizeof(a)));
	}
}

/* ---- decoder: hostile and non-canonical input, table-driven ---------------- */

/*
 * Case syntax: hex bytes separated by spaces; "xx*N" repeats a byte group
 * N times. S is an arbitrary 8-byte keySum/keyCheck pair.
 */
#define S "1122334455667788"

static const struct {
	const char *what;
	const char *enc;
	int err;
} dec_cases[] = {
	{ "empty component", "", DT_IBLT_ENODATA },
	{ "empty set", "fd*10", 0 },
	{ "nine runs leave 15 cells implied", "fd*9", DT_IBLT_ENONCANON },
	{ "eleven runs pass the end", "fd*11", DT_IBLT_ETOOBIG },
	{ "trailing partial run", "fd*10 f0", DT_IBLT_ENONCANON },
	{ "trailing partial run after a cell", "01" S " fd*9 f0",
	  DT_IBLT_ENONCANON },
	{ "split run", "f0 f0 01" S " fd*9", DT_IBLT_ENONCANON },
	{ "partial run before a full one", "f0 fd 01" S " fd*8",
	  DT_IBLT_ENONCANON },
	{ "cell 0 then full runs", "01" S " fd*10", 0 },
	{ "cell 140", "fd*10 01" S, 0 },
	{ "cell 141", "fd*10 f0 01" S, DT_IBLT_ETOOBIG },
	{ "cell after cell 140", "fd*10 01" S " 01" S, DT_IBLT_ETOOBIG },
	{ "run after cell 140", "fd*10 01" S " f0", DT_IBLT_ETOOBIG },
	{ "zero 1-byte count", "00" S " fd*10", DT_IBLT_ENONCANON },
	{ "largest 1-byte count", "ef" S " fd*10", 0 },
	{ "2-byte count 239", "feef00" S " fd*10", DT_IBLT_ENONCANON },
	{ "2-byte count 240", "fef000" S " fd*10", 0 },
	{ "2-byte count 65535", "feffff" S " fd*10", 0 },
	{ "4-byte count 65535", "ffffff0000" S " fd*10", DT_IBLT_ENONCANON },
	{ "4-byte count 65536", "ff00000100" S " fd*10", 0 },
	{ "4-byte count 2^31-1", "ffffffff7f" S " fd*10", 0 },
	{ "4-byte count 2^31", "ff00000080" S " fd*10", DT_IBLT_ENONCANON },
	{ "1-byte count, sums cut", "fd*10 01 11223344556677", DT_IBLT_ETRUNC },
	{ "1-byte count alone", "fd*10 05", DT_IBLT_ETRUNC },
	{ "2-byte count cut", "fd*10 fe f0", DT_IBLT_ETRUNC },
	{ "2-byte count, sums cut", "fd*10 fef000 11", DT_IBLT_ETRUNC },
	{ "4-byte count cut", "fd*10 ff 000001", DT_IBLT_ETRUNC },
	{ "4-byte count, sums cut", "fd*10 ff00000100 11223344556677",
	  DT_IBLT_ETRUNC },
	{ "cut before the runs", "01" S, DT_IBLT_ENONCANON },
	{ "garbage", "deadbeef", DT_IBLT_ETRUNC },
	{ "142 cells", "01" S "*142", DT_IBLT_ETOOBIG },
	{ "141 cells", "01" S "*141", 0 },
};

static size_t expand(const char *spec, u8 *out, size_t cap)
{
	char buf[64];
	size_t n = 0;

	while (*spec) {
		size_t tl = strcspn(spec, " "), rep = 1, i;
		const char *star = memchr(spec, '*', tl);
		long bl;

		if (star)
			rep = strtoul(star + 1, NULL, 10);
		snprintf(buf, sizeof(buf), "%.*s",
			 (int)(star ? star - spec : tl), spec);
		for (i = 0; i < rep; i++) {
			bl = vec_unhex(buf, out + n, cap - n);
			if (bl < 0)
				abort();
			n += bl;
		}
		spec += tl;
		spec += strspn(spec, " ");
	}
	return n;
}

TEST(decoder_table)
{
	static u8 in[4096];
	u8 enc[DT_IBLT_ENC_MAX];
	struct dt_iblt a;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(dec_cases); i++) {
		size_t n = expand(dec_cases[i].enc, in, sizeof(in));
		int err = dt_iblt_decode(&a, in, n);

		ASSERT_EQ(dec_cases[i].err, err)
			TH_LOG("case \"%s\"", dec_cases[i].what);
		if (err) {
			/* A rejected encoding leaves nothing behind. */
			ASSERT_TRUE(dt_iblt_is_empty(&a));
			continue;
		}
		/* Whatever is accepted is canonical. */
		ASSERT_EQ((int)n, dt_iblt_encode(&a, enc, sizeof(enc)))
			TH_LOG("case \"%s\"", dec_cases[i].what);
		ASSERT_EQ(0, memcmp(enc, in, n));
	}
	/* Longer than the longest canonical encoding. */
	memset(in, 0xfd, DT_IBLT_ENC_MAX + 1);
	ASSERT_EQ(DT_IBLT_ETOOBIG, dt_iblt_decode(&a, in, DT_IBLT_ENC_MAX + 1));
}

/* Every prefix of every vector is rejected (or is itself canonical). */
TEST(vector_prefixes_and_flips)
{
	char **list = vec_list(IBLT_DIR, "_rle.bin");
	u8 enc[DT_IBLT_ENC_MAX];
	struct dt_iblt a;
	char **f;

	ASSERT_NE(NULL, list);
	for (f = list; *f; f++) {
		char rel[256];
		size_t blen, cut, i;
		u8 *bin;

		snprintf(rel, sizeof(rel), IBLT_DIR "%s", *f);
		bin = vec_read(rel, &blen);
		ASSERT_NE(NULL, bin);
		for (cut = 0; cut < blen; cut++) {
			int err = dt_iblt_decode(&a, bin, cut);

			if (err) {
				ASSERT_TRUE(err == DT_IBLT_ENODATA ||
					    err == DT_IBLT_ETRUNC ||
					    err == DT_IBLT_ENONCANON);
				continue;
			}
			ASSERT_EQ((int)cut, dt_iblt_encode(&a, enc, sizeof(enc)));
			ASSERT_EQ(0, memcmp(enc, bin, cut));
		}
		/* Single bit flips: rejected, or accepted and canonical. */
		for (i = 0; i < blen * 8; i++) {
			bin[i / 8] ^= 1 << (i % 8);
			if (!dt_iblt_decode(&a, bin, blen)) {
				ASSERT_EQ((int)blen,
					  dt_iblt_encode(&a, enc, sizeof(enc)));
				ASSERT_EQ(0, memcmp(enc, bin, blen));
			}
			bin[i / 8] ^= 1 << (i % 8);
		}
		free(bin);
	}
	vec_free_list(list);
}

TEST_HARNESS_MAIN
