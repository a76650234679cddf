// SPDX-License-Identifier: GPL-2.0
/* Fuzz the cState parser. */
#include "wire_fuzz_common.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct dt_cstate c;

	if (!dt_cstate_parse(data, size, &c))
		wf_cstate(data, size, &c);
	return 0;
}
