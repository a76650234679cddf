// SPDX-License-Identifier: GPL-2.0
/* Fuzz the certificate parser with each flag combination. */
#include "wire_fuzz_common.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct dt_data d;
	s64 a, b;

	/* the most permissive flags first: most inputs stop there */
	if (dt_cert_parse(data, size, DT_CERT_F_ANCHOR | DT_CERT_F_SCHEMA, &d))
		return 0;
	for (unsigned int f = 0; f < 4; f++) {
		if (dt_cert_parse(data, size, f, &d))
			continue;
		if (!d.si.key_digest || !d.si.not_before ||
		    d.content_type != DT_CT_KEY ||
		    dt_validity_parse(d.si.not_before, &a) ||
		    dt_validity_parse(d.si.not_after, &b) || a >= b)
			abort();
		wf_data(data, size, &d, DT_KIND_CERT, f);
		/* valid at its first and last second, not just outside */
		if (a < 0)
			continue;
		if (dt_cert_check_time(&d, a * 1000000ULL, 0) ||
		    dt_cert_check_time(&d, b * 1000000ULL + 999999, 0) ||
		    !dt_cert_check_time(&d, b * 1000000ULL + 1000000, 0) ||
		    (a > 0 && !dt_cert_check_time(&d, a * 1000000ULL - 1, 0)))
			abort();
	}
	return 0;
}
