/* SPDX-License-Identifier: GPL-2.0 */
/* Times given to the cert tools and times written in their sentences. */
#ifndef _DEFTT_CERT_TIME_H
#define _DEFTT_CERT_TIME_H

#include "wire.h"

#define DTC_TIME_TEXT	32	/* "2026-11-22T00:00:00.000000Z" + NUL */
#define DTC_US_PER_DAY	86400000000ULL
#define DTC_TIME_MAX_S	253402300799ULL	/* 9999-12-31T23:59:59Z */

/*
 * Reads a UTC time into µs since 1970. Accepted forms:
 *   2026-11-22T00:00:00Z, 2026-11-22T00:00:00.123456Z (Z optional),
 *   20261122T000000 (a cert's validity form), @1795305600[.123456].
 * Returns 0, or -1 with nothing written.
 */
int dtc_time_parse(const char *s, u64 *us);

/* "2026-11-22T00:00:00Z" (µs shown only when not zero). */
void dtc_time_text(u64 us, char out[DTC_TIME_TEXT]);

/* A cert's 15-byte validity string as "2027-11-22T00:00:00Z". */
void dtc_validity_text(const u8 v[DT_VALIDITY_LEN], char out[DTC_TIME_TEXT]);

#endif /* _DEFTT_CERT_TIME_H */
