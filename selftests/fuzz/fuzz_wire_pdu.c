// SPDX-License-Identifier: GPL-2.0
/* Fuzz datagram dispatch (cState or cAdd) and the name context checks. */
#include "wire_fuzz_common.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static const u8 c0[] = { 7, 16, 8, 8, 0xca, 0xca, 0xc4, 0x2d, 0x7c,
				 0x8c, 0x71, 0x6f, 8, 4, 'm', 's', 'g', 's' };
	struct dt_name colls[1];
	struct dt_name *n;
	struct dt_pdu p;
	unsigned int idx;

	if (dt_name_parse(c0, sizeof(c0), 0, &colls[0]))
		abort();
	if (dt_pdu_parse(data, size, &p))
		return 0;
	if (p.type == DT_TLV_CSTATE) {
		wf_cstate(data, size, &p.cs);
		n = &p.cs.name;
	} else if (p.type == DT_TLV_DATA) {
		wf_data(data, size, &p.cadd, DT_KIND_CADD, 0);
		wf_content(dt_data_content(&p.cadd), p.cadd.content_len);
		n = &p.cadd.name;
	} else {
		abort();
	}
	if (!dt_pdu_check_zone(n, c0 + 4) &&
	    !dt_pdu_match_coll(n, p.type == DT_TLV_DATA, colls, 1, &idx) &&
	    (idx || n->ncomp != 3))
		abort();
	return 0;
}
