// SPDX-License-Identifier: GPL-2.0
/* Fuzz the cAdd parser and the split of its Content into Publications. */
#include "wire_fuzz_common.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct dt_data d;

	/* the raw input as a (decrypted) Content, too */
	wf_content(data, size);
	if (dt_cadd_parse(data, size, &d))
		return 0;
	if (d.content_type != DT_CT_CADD)
		abort();
	dt_cadd_csid(&d);
	wf_data(data, size, &d, DT_KIND_CADD, 0);
	wf_content(dt_data_content(&d), d.content_len);
	return 0;
}
