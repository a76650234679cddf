// SPDX-License-Identifier: GPL-2.0
/* Ed25519 and SHA-512 speed against libsodium, measured side by side. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sodium.h>

#include "ed25519.h"
#include "sha512.h"

#define ROUNDS 15
#define NKEYS 64

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return v[n / 2];
}

static u8 seeds[NKEYS][32], pks[NKEYS][32], sks[NKEYS][64];
static u8 sigs[NKEYS][64], msgs[NKEYS][100];
static u8 kb[1024], digest[64];
static struct dt_ed25519_item items[NKEYS], items4[NKEYS];
static u8 sigs4[NKEYS][64];
static int oks[NKEYS];
static void *scratch;
static volatile int sink;

/* One op of each kind over the key set, ours (who = 0) or libsodium's. */
static void run(int op, int who, int reps)
{
	int r, i;

	for (r = 0; r < reps; r++) {
		i = r % NKEYS;
		switch (op) {
		case 0:
			if (who)
				crypto_sign_detached(sigs[i], NULL, msgs[i], 100,
						     sks[i]);
			else
				dt_ed25519_sign(sigs[i], msgs[i], 100, sks[i]);
			break;
		case 1:
			if (who)
				sink |= crypto_sign_verify_detached(sigs[i],
						msgs[i], 100, pks[i]);
			else
				sink |= dt_ed25519_verify(sigs[i], msgs[i], 100,
							  pks[i]);
			break;
		case 2:
			if (who)
				crypto_hash_sha512(digest, kb, sizeof(kb));
			else
				dt_sha512(kb, sizeof(kb), digest);
			break;
		case 3:
			if (who)
				crypto_sign_seed_keypair(pks[i], sks[i],
							 seeds[i]);
			else
				dt_ed25519_keypair(pks[i], sks[i], seeds[i]);
			break;
		}
	}
}

/*
 * Batches of n (ours) against n single libsodium verifications; n < 0:
 * the batch of -n items signed by 4 keys in runs (one signer's
 * publications arrive together), as DeftT sees them.
 */
static void run_batch(int n, int who, int reps)
{
	struct dt_ed25519_item *it = n < 0 ? items4 : items;
	int r, i;

	if (n < 0)
		n = -n;
	for (r = 0; r < reps; r++) {
		if (who) {
			for (i = 0; i < n; i++)
				sink |= crypto_sign_verify_detached(it[i].sig,
						it[i].msg, 100, it[i].pk);
		} else {
			sink |= dt_ed25519_verify_batch(it, n, oks, scratch);
		}
	}
}

/*
 * Alternate ours and theirs in short slices so that both see the same
 * machine load; report the medians of per-slice times and of the
 * per-slice ratios.
 */
static void measure(const char *name, int op, int batch, int reps, int per)
{
	double ours[ROUNDS], ref[ROUNDS], ratio[ROUNDS], t0, t1, t2;
	int k;

	for (k = 0; k < ROUNDS; k++) {
		t0 = now_ns();
		if (batch)
			run_batch(batch, 0, reps);
		else
			run(op, 0, reps);
		t1 = now_ns();
		if (batch)
			run_batch(batch, 1, reps);
		else
			run(op, 1, reps);
		t2 = now_ns();
		ours[k] = (t1 - t0) / reps / per;
		ref[k] = (t2 - t1) / reps / per;
		ratio[k] = ours[k] / ref[k];
	}
	printf("# %s: libsodium %.0f ns/op\n", name, median(ref, ROUNDS));
	printf("bench: %s %.0f ns/op ratio %.2f vs libsodium\n", name,
	       median(ours, ROUNDS), median(ratio, ROUNDS));
}

int main(int argc, char **argv)
{
	int scale = argc > 1 ? atoi(argv[1]) : 1, i;

	if (sodium_init() < 0)
		return 1;
	if (scale < 1)
		scale = 1;
	randombytes_buf(kb, sizeof(kb));
	for (i = 0; i < NKEYS; i++) {
		randombytes_buf(seeds[i], 32);
		randombytes_buf(msgs[i], 100);
		crypto_sign_seed_keypair(pks[i], sks[i], seeds[i]);
		crypto_sign_detached(sigs[i], NULL, msgs[i], 100, sks[i]);
		items[i] = (struct dt_ed25519_item){ sigs[i], msgs[i], 100,
						     pks[i] };
	}
	for (i = 0; i < NKEYS; i++) {
		int k = i * 4 / NKEYS;

		crypto_sign_detached(sigs4[i], NULL, msgs[i], 100, sks[k]);
		items4[i] = (struct dt_ed25519_item){ sigs4[i], msgs[i], 100,
						      pks[k] };
	}
	scratch = malloc(dt_ed25519_batch_scratch_size(NKEYS));
	if (!scratch)
		return 1;
	/* warm up caches and clocks */
	run(1, 0, 200);
	run(1, 1, 200);
	measure("ed25519_keypair", 3, 0, 64 * scale, 1);
	measure("ed25519_sign", 0, 0, 64 * scale, 1);
	measure("ed25519_verify", 1, 0, 64 * scale, 1);
	measure("ed25519_verify_batch8_per_sig", 0, 8, 8 * scale, 8);
	measure("ed25519_verify_batch64_per_sig", 0, 64, 1 * scale, 64);
	measure("ed25519_verify_batch64_4signers_per_sig", 0, -64, 1 * scale,
		64);
	measure("sha512_1k", 2, 0, 2000 * scale, 1);
	return sink == 12345;
}
