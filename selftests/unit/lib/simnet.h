/* SPDX-License-Identifier: GPL-2.0 */
/* Test bed: syncps engines on a simulated broadcast link with a virtual clock. */
#ifndef _DEFTT_TEST_SIMNET_H
#define _DEFTT_TEST_SIMNET_H

#include <stdbool.h>
#include <stdint.h>

#include "platform.h"
#include "syncps.h"
#include "pst.h"

/*
 * Deterministic discrete-event simulation (tests and benchmarks only).
 * Everything random - link delays, loss, duplication, the engines' r and
 * nonces, the PST jitter - comes from one seed, so a seed replays a run
 * exactly. Each member is a face (dt_pst) with one msgs collection
 * (dt_sync); PDUs are real wire bytes, sealed and checked with SHA-256.
 */

#define SIM_MAX_NODES	256
#define SIM_EPOCH_US	1795374657000000ULL	/* the iot1 capture's day */

struct simnet;

struct simnet_cfg {
	u64 seed;
	u32 nodes;
	double loss;		/* per receiver, per PDU */
	double dup;		/* chance a delivery is doubled */
	u64 link_min_us;	/* per-link base delay range */
	u64 link_max_us;
	u64 jitter_us;		/* per-PDU extra delay: reorders */
	u64 pub_lifetime_us;	/* 0: DCT's msgs default */
	u32 pub_size;		/* bytes of each Publication's Content */
	u32 max_pubs;		/* engine cap; 0: default */
	bool unicast;
};

/* One PDU put on the medium (for traces). */
struct sim_tx {
	u64 t;
	u32 node;
	u8 kind;		/* 5 cState, 6 cAdd */
	u32 len;
	u32 npubs;		/* cAdd: Publications carried */
	u32 own;		/* ... of which the sender's own */
};

typedef void (*sim_fn)(struct simnet *sim, void *arg);
typedef void (*sim_tx_fn)(void *arg, const struct sim_tx *tx);
/* Publication k reached member node (the application's subscriber). */
typedef void (*sim_rx_fn)(void *arg, struct simnet *sim, u32 node, u32 k);

/* Per-Publication bookkeeping kept by the bed. */
struct sim_pub {
	u32 hash;
	u32 origin;
	u64 created;
	u64 delivered[SIM_MAX_NODES / 64];
	u64 first_deliver_at;
};

struct simnet *sim_new(const struct simnet_cfg *cfg);
void sim_free(struct simnet *sim);

u64 sim_now(const struct simnet *sim);
u32 sim_nodes(const struct simnet *sim);
/* Runs events until the clock reaches t. */
void sim_run_until(struct simnet *sim, u64 t);
/* Calls fn(sim, arg) at virtual time t. */
void sim_at(struct simnet *sim, u64 t, sim_fn fn, void *arg);
void sim_on_tx(struct simnet *sim, sim_tx_fn fn, void *arg);
void sim_on_deliver(struct simnet *sim, sim_rx_fn fn, void *arg);

/* Members: bring up (join, or restart after down) and crash. */
void sim_up(struct simnet *sim, u32 i);
void sim_down(struct simnet *sim, u32 i);
bool sim_alive(const struct simnet *sim, u32 i);
/* Partitions: members hear each other only within one group. */
void sim_group(struct simnet *sim, u32 i, u32 group);

/* Member i publishes a fresh Publication now; its index or -errno. */
int sim_publish(struct simnet *sim, u32 i);
u32 sim_npubs(const struct simnet *sim);
const struct sim_pub *sim_pub(const struct simnet *sim, u32 k);
bool sim_delivered(const struct simnet *sim, u32 k, u32 node);
/* Time member i last (re)joined. */
u64 sim_up_since(const struct simnet *sim, u32 i);

struct dt_sync *sim_engine(struct simnet *sim, u32 i);
/* Same advertised IBLT on every live member? */
bool sim_converged(struct simnet *sim);

/* Medium counters. */
u64 sim_tx_count(const struct simnet *sim, u8 kind);
u64 sim_rx_dropped(const struct simnet *sim);
/* Random integer in [0, n) from the bed's own stream. */
u32 sim_rand(struct simnet *sim, u32 n);

/*
 * Builders shared with the engine unit tests and benchmarks. All return
 * the PDU/TLV size or a negative error. Publications are named
 * /a/b/<seq>/<ts>, carry csize bytes of Content (the first 4 are seq) and
 * a SHA-256 "signature"; cAdds are sealed the same way.
 */
int sim_make_pub(u8 *buf, size_t cap, const char *a, const char *b,
		 u32 seq, u64 ts, u32 csize);
int sim_make_cstate(u8 *buf, size_t cap, const u8 *coll, size_t coll_size,
		    const struct dt_iblt *ib, u32 nonce, u32 lifetime_ms);
int sim_make_cadd(u8 *buf, size_t cap, const u8 *cs_name, size_t cs_size,
		  const u8 *const *pub, const size_t *len, u32 n);
/* The SHA-256 checks the bed plugs into the engine. */
bool sim_sha_ok(const struct dt_data *d);
/* Collection Name TLV used by the bed: zone id cacac42d7c8c716f / msgs. */
size_t sim_coll(u8 *buf, size_t cap);

#endif /* _DEFTT_TEST_SIMNET_H */
