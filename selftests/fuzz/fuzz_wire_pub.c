// SPDX-License-Identifier: GPL-2.0
/* Fuzz the Publication parser (and the grammar-only Data parser). */
#include "wire_fuzz_common.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct dt_data d;

	if (!dt_pub_parse(data, size, &d)) {
		if (d.content_type != DT_CT_BLOB || d.name.ncomp < 3)
			abort();
		wf_data(data, size, &d, DT_KIND_PUB, 0);
	}
	if (!dt_data_parse(data, size, DT_KIND_ANY, 0, &d))
		wf_data(data, size, &d, DT_KIND_ANY, 0);
	return 0;
}
