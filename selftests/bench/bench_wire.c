// SPDX-License-Identifier: GPL-2.0
/* Cost of parsing + full structural validation of a cAdd and each of its
 * Publications, per Publication, against a plain memcpy of the same bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vec.h"
#include "wire.h"

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int validate(const uint8_t *b, size_t len)
{
	struct dt_pub_iter it;
	struct dt_data d, p;
	const uint8_t *pub;
	unsigned int np;
	size_t pl;
	int bad = 0;

	if (dt_cadd_parse(b, len, &d) ||
	    dt_cadd_check_content(dt_data_content(&d), d.content_len, &np))
		return -1;
	dt_pub_iter_init(&it, dt_data_content(&d), d.content_len);
	while (dt_pub_next(&it, &pub, &pl))
		bad |= dt_pub_parse(pub, pl, &p);
	return bad ? -1 : (int)np;
}

int main(void)
{
	static const char *const names[] = {
		"dct/objects/iot1/alice/pub0_command_all_lock.bin",
		"dct/objects/iot1/alice/pub1_command_frontdoor_unlock.bin",
		"dct/objects/iot1/alice/pub2_command_gate_report.bin",
	};
	static const unsigned int counts[] = { 1, 8, 32 };
	static uint8_t cadd[DT_MAX_DGRAM], copy[DT_MAX_DGRAM];
	struct dt_iov iov[32];
	uint8_t *pubs[3], *ref, nm[64], sig[64];
	size_t lens[3], rlen;
	struct dt_data r;

	for (int i = 0; i < 3; i++) {
		pubs[i] = vec_read(names[i], &lens[i]);
		if (!pubs[i]) {
			fprintf(stderr, "bench_wire: no vectors\n");
			return 1;
		}
	}
	/* name, signature shape and key from the real reply cAdd */
	ref = vec_read("dct/objects/iot1/alice/msgs_cadd_reply_to_peer.bin",
		       &rlen);
	if (!ref || dt_cadd_parse(ref, rlen, &r))
		return 1;
	memcpy(nm, r.name.tlv, r.name.size);
	memcpy(sig, dt_data_sig(&r), 64);

	for (int c = 0; c < 3; c++) {
		unsigned int n = counts[c];
		struct dt_data_parts p = {
			.name = nm, .name_size = r.name.size, .content = iov,
			.ncontent = n, .sig = sig, .sig_len = 64, .si = r.si,
			.content_type = DT_CT_CADD,
		};
		uint64_t t0, tv, tm, iters = 200000 / n;
		volatile int sink = 0;
		int len;

		for (unsigned int i = 0; i < n; i++)
			iov[i] = (struct dt_iov){ pubs[i % 3], lens[i % 3] };
		len = dt_data_encode(cadd, sizeof(cadd), &p);
		if (len < 0 || validate(cadd, len) != (int)n) {
			fprintf(stderr, "bench_wire: bad cAdd (%d)\n", len);
			return 1;
		}
		/* warm up, then time both the same number of times */
		for (int i = 0; i < 1000; i++)
			sink += validate(cadd, len);
		t0 = now_ns();
		for (uint64_t i = 0; i < iters; i++)
			sink += validate(cadd, len);
		tv = now_ns() - t0;
		t0 = now_ns();
		for (uint64_t i = 0; i < iters; i++) {
			memcpy(copy, cadd, len);
			__asm__ volatile("" : : "r"(copy) : "memory");
			sink += copy[i % len];
		}
		tm = now_ns() - t0;
		if (!tm)
			tm = 1;
		printf("bench: wire_cadd_validate_%u %.1f ns/pub ratio %.1f vs "
		       "memcpy\n", n, (double)tv / iters / n,
		       (double)tv / tm);
		printf("bench: wire_cadd_memcpy_%u %.1f ns/pub ratio 1.0 vs "
		       "memcpy\n", n, (double)tm / iters / n);
		(void)sink;
	}
	for (int i = 0; i < 3; i++)
		free(pubs[i]);
	free(ref);
	return 0;
}
