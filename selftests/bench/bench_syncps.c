// SPDX-License-Identifier: GPL-2.0
/* syncps costs: one cState against big collections; PDUs per Publication. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "simnet.h"
#include "murmur3.h"
#include "vec.h"

/*
 * Figures and their same-run references:
 * - syncps_cstate_{same,lacks1}_{1k,10k}: an engine holding N
 *   Publications handles a cState that describes its own set, or one
 *   that lacks one of its local Publications (the answer: a cAdd built
 *   and sealed with SHA-256). Reference: decoding, subtracting and
 *   peeling that cState's IBLT alone, the floor any handler pays.
 * - syncps_pdus_per_pub_<N>m_<loss>: the iot1 scenario (capture_info.json:
 *   one member publishes a command, every other member replies at
 *   once; 8 commands 2.2 s apart, 2 for 50 and 200 members to keep
 *   the run short) on N members of the test bed: PDUs on the medium per
 *   Publication, start-up and periodic cStates included, counted from
 *   start-up to 5.5 s after the last command as the capture is. Reference:
 *   the same figure
 *   for DCT, counted in capture/iot1/packets.csv (3 members, no loss),
 *   which the 3-member no-loss line reproduces.
 */

#define MS	1000ULL
#define SEC	(1000 * MS)
#define REPS	5
/* commands, 2.2 s apart: iot1's 8 where cheap, 2 for 50 and 200 members */
#define ROUNDS(n)	((n) <= 10 ? 8 : 2)

static volatile u64 sink;

/* ---- engine cost ---- */

static void n_express(void *c, const u8 *p, size_t l, const u8 *n, size_t s)
{
	sink += l;
}

static void n_send(void *c, const u8 *p, size_t l)
{
	sink += l;
}

static int n_seal(void *ctx, u8 *buf, const struct dt_data *d)
{
	u32 len;
	const u8 *p = dt_data_signed(d, &len);

	dt_sha256(p, len, buf + d->off_sigval + d->sig_hlen);
	return 0;
}

static u32 n_random(void *ctx)
{
	return 5;
}

static const struct dt_sync_ops bench_ops = {
	.express = n_express, .send = n_send, .seal = n_seal,
	.random = n_random,
};

static int cstate_of(u8 *buf, size_t cap, const u8 *coll, size_t csize,
		     const struct dt_iblt *ib, struct dt_cstate *cs)
{
	int len = sim_make_cstate(buf, cap, coll, csize, ib, 1, 1357);

	if (len < 0 || dt_cstate_parse(buf, len, cs))
		return -1;
	return len;
}

static int bench_cstate(u32 n)
{
	static u8 pub[512], same[DT_MAX_DGRAM], lacks[DT_MAX_DGRAM];
	struct dt_iblt_keys have, need;
	u32 hv[DT_IBLT_CELLS], nv[DT_IBLT_CELLS];
	struct dt_cstate cs_same, cs_lacks;
	struct dt_iblt adv, rx, diff;
	struct dt_sync_cfg cfg;
	double t_same = 1e30, t_lacks = 1e30, t_ref = 1e30, dt;
	u64 now = SIM_EPOCH_US, t0;
	u8 coll[64];
	size_t csize = sim_coll(coll, sizeof(coll));
	struct dt_sync *s;
	u32 i, r, iters = 20000, last = 0;
	int len;

	dt_sync_cfg_msgs(&cfg, coll, csize);
	cfg.max_pubs = n + 16;
	cfg.pub_lifetime_us = 3600 * SEC;
	s = dt_sync_new(&cfg, &bench_ops, NULL);
	if (!s)
		return 1;
	/* registering: publish only adds */
	for (i = 0; i < n; i++) {
		len = sim_make_pub(pub, sizeof(pub), "sim", "b", i,
				   now - i, 120);
		if (len < 0 || dt_sync_publish(s, pub, len, NULL, &last, now))
			return 1;
	}
	dt_sync_start(s, now);
	dt_sync_adv_iblt(s, &adv);
	rx = adv;
	dt_iblt_erase(&rx, last);
	if (cstate_of(same, sizeof(same), coll, csize, &adv, &cs_same) < 0 ||
	    cstate_of(lacks, sizeof(lacks), coll, csize, &rx, &cs_lacks) < 0)
		return 1;
	for (r = 0; r < REPS; r++) {
		t0 = now_ns();
		for (i = 0; i < iters; i++) {
			have = (struct dt_iblt_keys){ hv, DT_IBLT_CELLS, 0 };
			need = (struct dt_iblt_keys){ nv, DT_IBLT_CELLS, 0 };
			dt_iblt_decode(&rx, cs_lacks.iblt, cs_lacks.iblt_len);
			dt_iblt_subtract(&diff, &adv, &rx);
			sink += dt_iblt_peel(&diff, &have, &need);
		}
		dt = (now_ns() - t0) / (double)iters;
		t_ref = MIN(t_ref, dt);
		t0 = now_ns();
		for (i = 0; i < iters; i++)
			dt_sync_on_cstate(s, &cs_same, now);
		dt = (now_ns() - t0) / (double)iters;
		t_same = MIN(t_same, dt);
		/* past the 50 ms hold each time, so every one is answered */
		t0 = now_ns();
		for (i = 0; i < iters / 10; i++) {
			now += 51 * MS;
			dt_sync_on_cstate(s, &cs_lacks, now);
		}
		dt = (now_ns() - t0) / (double)(iters / 10);
		t_lacks = MIN(t_lacks, dt);
	}
	if (dt_sync_counters(s)[DT_SC_CADD_TX] < REPS * iters / 10)
		return 1;
	printf("# %u Publications; reference: decode+subtract+peel of the received IBLT %.0f ns\n",
	       n, t_ref);
	printf("bench: syncps_cstate_same_%uk %.0f ns/op ratio %.2f vs iblt_recv_floor\n",
	       n / 1000, t_same, t_same / t_ref);
	printf("bench: syncps_cstate_lacks1_%uk %.0f ns/op ratio %.2f vs iblt_recv_floor\n",
	       n / 1000, t_lacks, t_lacks / t_ref);
	dt_sync_free(s);
	return 0;
}

/* ---- PDUs per Publication ---- */

struct run {
	u64 pdus;
	u64 cadds;
	u64 carried;
};

static void on_tx(void *arg, const struct sim_tx *tx)
{
	struct run *r = arg;

	r->pdus++;
	if (tx->kind == DT_TLV_DATA) {
		r->cadds++;
		r->carried += tx->npubs;
	}
}

static void on_deliver(void *arg, struct simnet *sim, u32 node, u32 k)
{
	if (node != 0 && sim_pub(sim, k)->origin == 0)
		sim_publish(sim, node);
}

static void ev_command(struct simnet *sim, void *arg)
{
	sim_publish(sim, 0);
}

static double pdus_per_pub(u32 nodes, double loss, u64 seed)
{
	struct simnet_cfg cfg = {
		.seed = seed, .nodes = nodes, .loss = loss,
		.link_min_us = 100, .link_max_us = 500, .pub_size = 220,
		.max_pubs = 4 * nodes + 64,
	};
	struct simnet *sim = sim_new(&cfg);
	struct run run = { 0 };
	u64 t0 = sim_now(sim);
	u32 i, npubs;

	/* counted like the capture: from start-up to 5.5 s after the last */
	sim_on_tx(sim, on_tx, &run);
	sim_on_deliver(sim, on_deliver, NULL);
	for (i = 0; i < nodes; i++)
		sim_up(sim, i);
	for (i = 0; i < ROUNDS(nodes); i++)
		sim_at(sim, t0 + 260 * MS + i * 2200 * MS, ev_command, NULL);
	sim_run_until(sim, t0 + 260 * MS + (ROUNDS(nodes) - 1) * 2200 * MS +
		      5500 * MS);
	npubs = sim_npubs(sim);
	if (getenv("BENCH_ONLY_N")) {
		u64 sum[DT_SC_MAX] = { 0 };
		u32 c;

		for (i = 0; i < nodes; i++)
			for (c = 0; c < DT_SC_MAX; c++)
				sum[c] += dt_sync_counters(sim_engine(sim, i))[c];
		printf("# %u pubs, %llu PDUs, %llu cAdds carrying %llu;", npubs,
		       (unsigned long long)run.pdus,
		       (unsigned long long)run.cadds,
		       (unsigned long long)run.carried);
		for (c = 0; c < DT_SC_MAX; c++)
			if (sum[c])
				printf(" %s=%llu", dt_sync_counter_name(c),
				       (unsigned long long)sum[c]);
		printf("\n");
	}
	sim_free(sim);
	return npubs ? (double)run.pdus / npubs : 0;
}

/* DCT's figure: msgs PDUs per msgs Publication in the iot1 capture. */
static double dct_iot1(void)
{
	char *text = (char *)vec_read("dct/capture/iot1/packets.csv", NULL);
	char *p;
	u32 pdus = 0, pubs = 0;

	if (!text)
		return 0;
	for (p = strstr(text, ",msgs,"); p; p = strstr(p + 1, ",msgs,")) {
		char *eol = strchr(p, '\n');
		char *q = strstr(p, "/ts=");

		pdus++;
		/* a cAdd row lists its Publications, each ending in ts= */
		while (q && (!eol || q < eol)) {
			pubs++;
			q = strstr(q + 1, "/ts=");
		}
	}
	free(text);
	return pubs ? (double)pdus / pubs : 0;
}

int main(void)
{
	static const u32 members[] = { 3, 10, 50, 200 };
	static const double losses[] = { 0, 0.10 };
	double ref = dct_iot1();
	unsigned int i, j;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (getenv("BENCH_ONLY_N")) {
		double v = pdus_per_pub(atoi(getenv("BENCH_ONLY_N")), 0, 7);

		printf("%.2f\n", v);
		return 0;
	}
	if (bench_cstate(1000) || bench_cstate(10000))
		return 1;
	if (!ref)
		return 1;
	printf("# DCT capture/iot1: %.2f msgs PDUs per Publication (3 members, no loss)\n",
	       ref);
	for (i = 0; i < sizeof(members) / sizeof(members[0]); i++)
		for (j = 0; j < 2; j++) {
			double v = pdus_per_pub(members[i], losses[j], 7);

			printf("bench: syncps_pdus_per_pub_%um_%.0f%%loss %.2f pdus/pub ratio %.2f vs dct_iot1_3m\n",
			       members[i], losses[j] * 100, v, v / ref);
		}
	return 0;
}
