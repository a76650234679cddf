/* SPDX-License-Identifier: GPL-2.0 */
/* What the benchmarks share: a monotonic clock in ns and a timed loop. */
#ifndef _DEFTT_BENCH_H
#define _DEFTT_BENCH_H

#include <time.h>

#include "platform.h"

static inline u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + (u64)ts.tv_nsec;
}

/* result = mean ns of one run of the statement(s), over iters runs. */
#define TIME_OP(result, iters, ...)					\
	do {								\
		u64 t0_ = now_ns();					\
		long i_;						\
		for (i_ = 0; i_ < (iters); i_++) {			\
			__VA_ARGS__;					\
		}							\
		result = (double)(now_ns() - t0_) / (iters);		\
	} while (0)

#define MIN(a, b) ((a) < (b) ? (a) : (b))

#endif
