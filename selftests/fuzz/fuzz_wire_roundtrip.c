// SPDX-License-Identifier: GPL-2.0
/* Round trip: whatever any parser accepts, encode gives the same bytes and
 * decoding those gives the same view (decode -> encode -> decode).
 */
#include "wire_fuzz_common.h"

static u8 out2[DT_TLV_MAX_VALUE + 16];

static void same(const struct dt_data *a, const struct dt_data *b)
{
	if (a->size != b->size || a->off_content != b->off_content ||
	    a->content_len != b->content_len ||
	    a->off_siginfo != b->off_siginfo ||
	    a->off_sigval != b->off_sigval || a->sig_len != b->sig_len ||
	    a->content_type != b->content_type || a->si.type != b->si.type ||
	    !a->si.key_digest != !b->si.key_digest ||
	    !a->si.not_before != !b->si.not_before ||
	    a->name.ncomp != b->name.ncomp ||
	    memcmp(a->name.off, b->name.off, 2 * (a->name.ncomp + 1)))
		abort();
}

static void rt(const u8 *data, size_t size, enum dt_data_kind k,
	       unsigned int f)
{
	struct dt_data a, b;
	struct dt_data_parts p;
	struct dt_iov iov;
	int n;

	if (dt_data_parse(data, size, k, f, &a))
		return;
	dt_data_to_parts(&a, &p, &iov);
	n = dt_data_encode(out2, sizeof(out2), &p);
	if (n != (int)size || memcmp(out2, data, size))
		abort();
	if (dt_data_parse(out2, n, k, f, &b))
		abort();
	same(&a, &b);
	/* and the parts survive a second encode from the new view */
	dt_data_to_parts(&b, &p, &iov);
	if (dt_data_encode(wf_out, sizeof(wf_out), &p) != n ||
	    memcmp(wf_out, data, size))
		abort();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct dt_cstate c, c2;
	int n;

	rt(data, size, DT_KIND_PUB, 0);
	rt(data, size, DT_KIND_CADD, 0);
	rt(data, size, DT_KIND_CERT, DT_CERT_F_ANCHOR | DT_CERT_F_SCHEMA);
	rt(data, size, DT_KIND_ANY, 0);
	if (!dt_cstate_parse(data, size, &c)) {
		n = dt_cstate_encode(out2, sizeof(out2), c.name.tlv,
				     c.name.size, c.nonce, c.lifetime_ms);
		if (n != (int)size || memcmp(out2, data, size) ||
		    dt_cstate_parse(out2, n, &c2) ||
		    c2.lifetime_ms != c.lifetime_ms ||
		    c2.iblt_len != c.iblt_len ||
		    memcmp(c2.name.off, c.name.off, 2 * (c.name.ncomp + 1)))
			abort();
	}
	return 0;
}
