/* SPDX-License-Identifier: GPL-2.0 */
/* Known-answer tests of every crypto primitive, run once at module load. */
#ifndef _DEFTT_SELFTEST_CRYPTO_KAT_H
#define _DEFTT_SELFTEST_CRYPTO_KAT_H

/* 0 when every primitive gives the published answers, else -ENOTRECOVERABLE. */
int deftt_crypto_selftest(void);

#endif
