// SPDX-License-Identifier: GPL-2.0
/* IBLT costs against same-run references: hashing and copying the bytes. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "iblt.h"
#include "murmur3.h"

/*
 * References, each measured in this run on the same bytes:
 * - insert/erase vs mmh3 of a 256-byte publication: every insert or erase
 *   follows computing that PubHash, so the ratio is what the table adds
 *   to the hashing a new publication costs anyway;
 * - encode/decode vs memcpy of the encoding: the floor for producing or
 *   consuming those bytes at all;
 * - subtract+peel vs mmh3 of the received encoding: the csID a receiver
 *   computes over the same cState Name before it peels.
 */

#define REPS	7
#define NKEYS	1000
#define MAXKEYS	10000

static volatile u32 sink;

static u64 rng = 42;

static u32 rnd(void)
{
	u64 z = (rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (u32)(z ^ (z >> 31));
}

/*
 * Mean time of one execution of body, in ns, over iters executions.
 * Figures and their references are taken in alternating rounds and the
 * best round of each kept, so a noisy machine hits both alike.
 */
static void line(const char *name, double v, const char *ref, double rv)
{
	printf("bench: %s %.1f ns/op ratio %.2f vs %s\n", name, v, v / rv, ref);
}

static struct dt_iblt big, other, diff, dec;
static u32 keys[MAXKEYS + 200];
static u8 pub[256], enc[DT_IBLT_ENC_MAX], copy[DT_IBLT_ENC_MAX];

static void fill(u32 n)
{
	u32 j;

	dt_iblt_init(&big);
	for (j = 0; j < n; j++)
		dt_iblt_insert(&big, keys[j]);
}

static void empty_again(u32 n)
{
	u32 j;

	other = big;
	for (j = 0; j < n; j++)
		sink += dt_iblt_erase(&other, keys[j]);
}

int main(void)
{
	static const u32 ndiff[] = { 10, 50, 100 };
	static const u32 sizes[] = { 100, 1000, 10000 };
	u32 have[DT_IBLT_CELLS], need[DT_IBLT_CELLS];
	double hash = 1e30, ins = 1e30, er = 1e30, cpy = 1e30, en = 1e30;
	double de = 1e30, t;
	unsigned int i, j, r;
	int len;

	for (i = 0; i < sizeof(pub); i++)
		pub[i] = rnd();
	for (i = 0; i < ARRAY_SIZE(keys); i++)
		keys[i] = rnd();

	/*
	 * Per item, at 100, 1,000 and 10,000 items: insert/erase (a table
	 * filled and emptied), and encode/decode of the filled table.
	 */
	for (r = 0; r < REPS; r++) {
		TIME_OP(t, 100000, sink += dt_pub_hash(pub, sizeof(pub));
			pub[0]++);
		hash = MIN(hash, t);
	}
	printf("# reference: mmh3 of a 256-byte publication %.1f ns\n", hash);
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		u32 n = sizes[i];
		char nm[64];

		ins = er = cpy = en = de = 1e30;
		for (r = 0; r < REPS; r++) {
			TIME_OP(t, 1000000 / n, fill(n));
			ins = MIN(ins, t / n);
			TIME_OP(t, 1000000 / n, empty_again(n));
			er = MIN(er, t / n);
		}
		fill(n);
		len = dt_iblt_encode(&big, enc, sizeof(enc));
		for (r = 0; r < REPS; r++) {
			TIME_OP(t, 100000, memcpy(copy, enc, len);
				__asm__ volatile("" : : "r"(copy) : "memory"));
			cpy = MIN(cpy, t);
			TIME_OP(t, 20000,
				sink += dt_iblt_encode(&big, copy, sizeof(copy)));
			en = MIN(en, t);
			TIME_OP(t, 20000, sink += dt_iblt_decode(&dec, enc, len));
			de = MIN(de, t);
		}
		if (memcmp(&dec, &big, sizeof(dec)))
			return 1;
		printf("# %u-item IBLT: %d bytes; reference: memcpy of them %.1f ns\n",
		       n, len, cpy);
		snprintf(nm, sizeof(nm), "iblt_insert_%u", n);
		line(nm, ins, "mmh3_pub256", hash);
		snprintf(nm, sizeof(nm), "iblt_erase_%u", n);
		line(nm, er, "mmh3_pub256", hash);
		snprintf(nm, sizeof(nm), "iblt_encode_%u", n);
		line(nm, en, "memcpy_enc", cpy);
		snprintf(nm, sizeof(nm), "iblt_decode_%u", n);
		line(nm, de, "memcpy_enc", cpy);
		printf("bench: iblt_encode_%u_per_item %.3f ns/item\n", n, en / n);
		printf("bench: iblt_decode_%u_per_item %.3f ns/item\n", n, de / n);
	}

	/* Receive path: own (1000 + a) minus received (1000 + b), peeled. */
	for (i = 0; i < ARRAY_SIZE(ndiff); i++) {
		u32 d = ndiff[i], na = d / 2, done = 0;
		double ref = 1e30, peel = 1e30;
		char name[64];
		int blen;

		fill(NKEYS + na);
		dt_iblt_init(&other);
		for (j = 0; j < NKEYS; j++)
			dt_iblt_insert(&other, keys[j]);
		for (j = na; j < d; j++)
			dt_iblt_insert(&other, keys[NKEYS + j]);
		blen = dt_iblt_encode(&other, enc, sizeof(enc));
		for (r = 0; r < REPS; r++) {
			TIME_OP(t, 20000, sink += dt_csid(enc, blen); enc[0]++);
			ref = MIN(ref, t);
			TIME_OP(t, 5000,
				struct dt_iblt_keys h = { have, DT_IBLT_CELLS, 0 };
				struct dt_iblt_keys w = { need, DT_IBLT_CELLS, 0 };

				dt_iblt_subtract(&diff, &big, &other);
				done += dt_iblt_peel(&diff, &h, &w) == 0);
			peel = MIN(peel, t);
		}
		snprintf(name, sizeof(name), "iblt_subtract_peel_%u", d);
		printf("# %u differences over 1000 common items (peel %s); reference: mmh3 of the %d-byte received encoding %.1f ns\n",
		       d, done == 5000 * REPS ? "complete" : "incomplete",
		       blen, ref);
		line(name, peel, "mmh3_enc", ref);
	}
	return 0;
}
