// SPDX-License-Identifier: GPL-2.0
/* Fuzz the TLV reader, number reader and Name parser/renderer. */
#include "wire_fuzz_common.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct dt_name n, n2;
	struct dt_name_bld b;
	struct dt_comp c;
	struct dt_tlv t;
	size_t o = 0;
	u64 v;
	int r;

	/* a chain of TLVs: each either fails or lies inside the input */
	while (o < size && !dt_tlv_get(data + o, size - o, &t)) {
		if (t.val + t.len > data + size || t.hlen < 2 || t.hlen > 6)
			abort();
		wf_touch(t.val, t.len);
		if (!dt_num_get(t.val, t.len, &v) &&
		    (dt_num_len(v) != t.len))
			abort();
		o += dt_tlv_size(&t);
	}
	for (unsigned int f = 0; f < 2; f++) {
		if (dt_name_parse(data, size, f, &n))
			continue;
		wf_name(&n);
		/* rebuilding from the components gives the same bytes */
		dt_nb_init(&b, wf_out, sizeof(wf_out));
		for (int i = 0; i < n.ncomp; i++) {
			dt_name_comp(&n, i, &c);
			dt_nb_comp(&b, c.type, c.val, c.len);
		}
		r = dt_nb_finish(&b);
		if (r != (int)size || memcmp(wf_out, data, size))
			abort();
		if (dt_name_parse(wf_out, r, f, &n2) || !dt_name_eq(&n, &n2) ||
		    dt_name_cmp(&n, &n2))
			abort();
	}
	return 0;
}
