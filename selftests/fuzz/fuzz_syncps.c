// SPDX-License-Identifier: GPL-2.0
/* Fuzz the syncps engine with arbitrary received PDUs and Publications. */
#include <stdlib.h>
#include <string.h>

#include "syncps.h"
#include "murmur3.h"

/*
 * Input: a received PDU, optionally behind one flag byte (when the first
 * byte is not 5 or 6): bits 0-1 the validator's verdict, bit 2 a unicast
 * face. The PDU goes to an engine of /cacac42d7c8c716f/msgs (the captures'
 * zone) if it is a structurally valid cState or cAdd of it; twice, with
 * timers run in between and after (holds, others' answers, lifetimes,
 * ignore and noSigner timeouts). Every Publication inside a cAdd is also
 * published locally on a second engine.
 * Invariants: no crash or sanitizer report; every cState the engines
 * express and every cAdd they send passes the receive-side parsers, its
 * IBLT decodes, a cAdd is within the 8192-byte datagram limit; counts
 * stay within the configured caps.
 */

#define MS	1000ULL
#define T0	1795374657000000ULL

static const u8 coll[] = {
	0x07, 0x10, 0x08, 0x08, 0xca, 0xca, 0xc4, 0x2d, 0x8c, 0x7c, 0x71,
	0x6f, 0x08, 0x04, 'm', 's', 'g', 's'
};

static enum dt_sync_verdict verdict;
static u8 last_name[2048];
static size_t last_size;

static void f_express(void *ctx, const u8 *pdu, size_t len, const u8 *name,
		      size_t size)
{
	struct dt_cstate cs;
	struct dt_iblt ib;

	if (dt_cstate_parse(pdu, len, &cs) ||
	    dt_iblt_decode(&ib, cs.iblt, cs.iblt_len) ||
	    cs.name.size != size || memcmp(cs.name.tlv, name, size))
		abort();
	if (size <= sizeof(last_name)) {
		memcpy(last_name, name, size);
		last_size = size;
	}
}

static void f_send(void *ctx, const u8 *pdu, size_t len)
{
	struct dt_data d;

	if (len > DT_MAX_DGRAM || dt_cadd_parse(pdu, len, &d) ||
	    dt_cadd_check_content(pdu + d.off_content, d.content_len, NULL))
		abort();
}

static size_t f_name(void *ctx, u8 *out, size_t cap)
{
	if (!last_size || last_size > cap)
		return 0;
	memcpy(out, last_name, last_size);
	return last_size;
}

static size_t f_hash2name(void *ctx, u32 csid, u8 *out, size_t cap)
{
	return f_name(ctx, out, cap);
}

static u32 f_random(void *ctx)
{
	return 3;
}

static enum dt_sync_verdict f_validate(void *ctx, const struct dt_data *d)
{
	return verdict;
}

static const struct dt_sync_ops ops = {
	.express = f_express, .send = f_send, .best_cstate = f_name,
	.hash2name = f_hash2name, .random = f_random,
	.validate = f_validate,
};

static void check(struct dt_sync *s, const struct dt_sync_cfg *cfg)
{
	if (dt_sync_npubs(s) > cfg->max_pubs ||
	    dt_sync_nactive(s) > dt_sync_npubs(s))
		abort();
}

static void feed(struct dt_sync *s, u8 *pdu, size_t len, u64 now)
{
	struct dt_name cn;
	struct dt_pdu p;
	unsigned int idx;

	if (dt_pdu_parse(pdu, len, &p) ||
	    dt_name_parse(coll, sizeof(coll), 0, &cn))
		return;
	if (p.type == DT_TLV_CSTATE) {
		if (!dt_pdu_match_coll(&p.cs.name, false, &cn, 1, &idx))
			dt_sync_on_cstate(s, &p.cs, now);
	} else if (!dt_pdu_match_coll(&p.cadd.name, true, &cn, 1, &idx)) {
		dt_sync_on_cadd(s, pdu, &p.cadd, now);
	}
}

static void publish_all(struct dt_sync *s, const u8 *pdu, size_t len)
{
	struct dt_pub_iter it;
	struct dt_data d;
	const u8 *pub;
	size_t plen;

	if (dt_cadd_parse(pdu, len, &d) ||
	    dt_cadd_check_content(pdu + d.off_content, d.content_len, NULL))
		return;
	dt_pub_iter_init(&it, pdu + d.off_content, d.content_len);
	while (dt_pub_next(&it, &pub, &plen))
		dt_sync_publish(s, pub, plen, (void *)1, NULL, T0);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct dt_sync_cfg cfg;
	struct dt_sync *s, *l;
	u8 flags = 0, *buf;
	size_t len;

	if (!size)
		return 0;
	if (data[0] != DT_TLV_CSTATE && data[0] != DT_TLV_DATA) {
		flags = data[0];
		data++;
		size--;
	}
	if (size > DT_MAX_DGRAM)
		return 0;
	verdict = (enum dt_sync_verdict)((flags & 3) % 3);
	last_size = 0;
	dt_sync_cfg_msgs(&cfg, coll, sizeof(coll));
	cfg.max_pubs = 64;
	cfg.unicast = flags & 4;
	s = dt_sync_new(&cfg, &ops, NULL);
	l = dt_sync_new(&cfg, &ops, NULL);
	buf = malloc(size ? size : 1);
	if (!s || !l || !buf)
		abort();
	dt_sync_start(s, T0);
	dt_sync_start(l, T0);
	dt_sync_subscribe(s, coll, sizeof(coll), NULL);

	len = size;
	memcpy(buf, data, len);		/* open() may decrypt in place */
	feed(s, buf, len, T0 + MS);
	dt_sync_tick(s, T0 + 60 * MS);
	memcpy(buf, data, len);
	feed(s, buf, len, T0 + 100 * MS);
	dt_sync_signer_added(s, T0 + 110 * MS);
	dt_sync_tick(s, T0 + 3000 * MS);
	check(s, &cfg);

	memcpy(buf, data, len);
	publish_all(l, buf, len);
	memcpy(buf, data, len);
	feed(l, buf, len, T0 + 2 * MS);
	dt_sync_tick(l, T0 + 5000 * MS);
	check(l, &cfg);

	free(buf);
	dt_sync_free(s);
	dt_sync_free(l);
	return 0;
}
