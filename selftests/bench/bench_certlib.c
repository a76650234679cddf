// SPDX-License-Identifier: GPL-2.0
/* Cost of the cert library's full bundle check and of building a cert,
 * against the core's strict bundle reader on the same bundle.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "vec.h"
#include "wire.h"
#include "bundle.h"
#include "cert_build.h"
#include "cert_chain.h"

#define ROUNDS 200

int main(void)
{
	struct dtc_policy pol = { .now_us = 1796169600000000ULL };
	u8 prefix[256], *buf, *out;
	struct dtc_cert_spec spec;
	struct dtc_problem pr;
	struct dtc_file f;
	struct dt_bundle b;
	struct dt_data d;
	double core, lib, bld;
	size_t len, olen;
	u64 t;
	int i, bad = 0;

	buf = vec_read("dct/ids/iot2/frontdoor.bundle", &len);
	if (!buf || dtc_file_parse(buf, len, &f, &pr)) {
		fprintf(stderr, "bench_certlib: no vectors\n");
		return 1;
	}
	t = now_ns();
	for (i = 0; i < ROUNDS; i++)
		bad |= dt_bundle_parse(buf, len, &b);
	core = (double)(now_ns() - t) / ROUNDS / 1000;
	t = now_ns();
	for (i = 0; i < ROUNDS; i++)
		bad |= dtc_bundle_check(buf, len, &pol, NULL, &pr);
	lib = (double)(now_ns() - t) / ROUNDS / 1000;

	/* rebuild the identity cert with the KMP cap's key (needs its key:
	 * use the identity's own, the cost is the same)
	 */
	if (dt_cert_parse(f.item[4].cert, f.item[4].cert_len, 0, &d) ||
	    dtc_cert_spec_of(&d, prefix, sizeof(prefix), &spec))
		return 1;
	spec.signer_sk = f.item[4].key;
	spec.signer_tp = d.si.key_digest;
	t = now_ns();
	for (i = 0; i < ROUNDS; i++) {
		bad |= dtc_cert_build(&spec, &out, &olen, &pr);
		free(out);
	}
	bld = (double)(now_ns() - t) / ROUNDS / 1000;
	if (bad) {
		fprintf(stderr, "bench_certlib: a vector was refused\n");
		return 1;
	}
	printf("bench: certlib_bundle_check_5certs %.1f us ratio %.2f vs dt_bundle_parse\n",
	       lib, lib / core);
	printf("bench: dt_bundle_parse_5certs %.1f us\n", core);
	printf("bench: certlib_cert_build %.1f us\n", bld);
	free(buf);
	return 0;
}
