/* SPDX-License-Identifier: GPL-2.0 */
/* Shared checks of the wire-core fuzzers: every accepted view stays inside
 * its input and re-encodes to exactly the input.
 */
#ifndef _DEFTT_WIRE_FUZZ_COMMON_H
#define _DEFTT_WIRE_FUZZ_COMMON_H

#include <stdlib.h>
#include <string.h>

#include "wire.h"

static u8 wf_out[DT_TLV_MAX_VALUE + 16];
static volatile u8 wf_sink;

/* Reads every byte of [p, p + n) so ASan sees out-of-bounds views. */
static __maybe_unused void wf_touch(const u8 *p, size_t n)
{
	u8 x = 0;

	for (size_t i = 0; i < n; i++)
		x ^= p[i];
	wf_sink = x;
}

static __maybe_unused void wf_name(const struct dt_name *n)
{
	static char uri[DT_NAME_URI_MAX];
	struct dt_comp c;
	u64 v;

	wf_touch(n->tlv, n->size);
	if (n->ncomp > DT_NAME_MAX_COMPS)
		abort();
	for (int i = 0; i < n->ncomp; i++) {
		dt_name_comp(n, i, &c);
		wf_touch(c.tlv, c.size);
		if (c.type != DT_COMP_GENERIC && dt_comp_number(&c, &v))
			abort();
	}
	if (dt_name_uri(n, uri, sizeof(uri)) < 0 && n->len < 400)
		abort();
}

/* Checks a parsed Data view and its exact re-encoding. */
static __maybe_unused void wf_data(const u8 *buf, size_t len, const struct dt_data *d,
		    enum dt_data_kind kind, unsigned int flags)
{
	struct dt_data_parts p;
	struct dt_data d2;
	struct dt_iov iov;
	u32 l;
	int n;

	wf_name(&d->name);
	wf_touch(dt_data_content(d), d->content_len);
	wf_touch(dt_data_sig(d), d->sig_len);
	wf_touch(dt_data_signed(d, &l), l);
	wf_touch(dt_data_ad(d, &l), l);
	if (d->sig_len == 104)
		wf_touch(dt_data_signed_aead(d, &l), l);
	if (d->si.key_digest)
		wf_touch(d->si.key_digest, DT_THUMBPRINT_LEN);
	if (d->si.not_before)
		wf_touch(d->si.not_after, DT_VALIDITY_LEN);
	if (d->sig_len != dt_sig_value_len(d->si.type))
		abort();
	dt_data_to_parts(d, &p, &iov);
	n = dt_data_encode(wf_out, sizeof(wf_out), &p);
	if (n != (int)len || memcmp(wf_out, buf, len))
		abort();
	if (dt_data_parse(wf_out, n, kind, flags, &d2) ||
	    d2.off_sigval != d->off_sigval || d2.name.ncomp != d->name.ncomp)
		abort();
}

static __maybe_unused void wf_cstate(const u8 *buf, size_t len, const struct dt_cstate *c)
{
	struct dt_cstate c2;
	int n;

	wf_name(&c->name);
	wf_touch(c->nonce, DT_NONCE_LEN);
	wf_touch(c->iblt, c->iblt_len);
	if (!c->lifetime_ms || c->lifetime_ms > DT_LIFETIME_MAX_MS)
		abort();
	n = dt_cstate_encode(wf_out, sizeof(wf_out), c->name.tlv, c->name.size,
			     c->nonce, c->lifetime_ms);
	if (n != (int)len || memcmp(wf_out, buf, len))
		abort();
	if (dt_cstate_parse(wf_out, n, &c2) || !dt_name_eq(&c->name, &c2.name))
		abort();
}

/* A checked cAdd Content: each Publication parsed on its own. */
static __maybe_unused void wf_content(const u8 *c, size_t len)
{
	struct dt_pub_iter it;
	unsigned int np, k = 0;
	const u8 *p;
	size_t pl;
	struct dt_data d;

	if (dt_cadd_check_content(c, len, &np))
		return;
	dt_pub_iter_init(&it, c, len);
	while (dt_pub_next(&it, &p, &pl)) {
		k++;
		if (!dt_pub_parse(p, pl, &d))
			wf_data(p, pl, &d, DT_KIND_PUB, 0);
		else if (!dt_cert_parse(p, pl, DT_CERT_F_ANCHOR, &d))
			wf_data(p, pl, &d, DT_KIND_CERT, DT_CERT_F_ANCHOR);
	}
	if (k != np || it.left)
		abort();
}

#endif
