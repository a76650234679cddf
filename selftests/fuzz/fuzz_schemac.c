// SPDX-License-Identifier: GPL-2.0
/* libFuzzer harness: the whole schema compiler (lexer, parser, passes, listings, writer) on any input. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "schemac.h"

/*
 * The first byte picks the listing level and -D, so the listing code is
 * exercised too; the rest is the VerSec source. A compile must end in
 * either a schema or at least one error, never both, never a crash.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sc_opts o = { .file = "fuzz" };
	struct sc_result r;
	int rc;

	if (!size)
		return 0;
	o.level = data[0] % 5;
	o.dag_only = (data[0] & 0x80) != 0;
	rc = sc_compile(&o, (const char *)data + 1, size - 1, &r);
	if (rc == 0 && !o.dag_only && (!r.scm || r.errors))
		__builtin_trap();
	if (rc != 0 && (r.scm || !r.errors))
		__builtin_trap();
	sc_result_free(&r);
	return 0;
}
