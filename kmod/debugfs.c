// SPDX-License-Identifier: GPL-2.0
/* debugfs: in-kernel timings of the core's costly primitives, for make bench-vm. */
#include <linux/debugfs.h>
#include <linux/random.h>
#include <linux/ktime.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "core/ed25519.h"
#include "deftt.h"

#define BENCH_ROUNDS	200
#define BENCH_MSG_LEN	200	/* about one Publication's signed bytes */

static struct dentry *deftt_debugfs;

struct bench_state {
	u8 pk[DT_ED25519_PK_LEN];
	u8 sk[DT_ED25519_SK_LEN];
	u8 sig[DT_ED25519_SIG_LEN];
	u8 msg[BENCH_MSG_LEN];
};

/* One timed run per read; make bench-vm reads several times and keeps the best. */
static int bench_show(struct seq_file *m, void *v)
{
	struct bench_state *st;
	u64 t0, sign_ns, verify_ns;
	int i, bad = 0;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	get_random_bytes(st->msg, sizeof(st->msg));
	get_random_bytes(st->sig, 32);
	dt_ed25519_keypair(st->pk, st->sk, st->sig);

	t0 = ktime_get_ns();
	for (i = 0; i < BENCH_ROUNDS; i++) {
		dt_ed25519_sign(st->sig, st->msg, sizeof(st->msg), st->sk);
		cond_resched();
	}
	sign_ns = div_u64(ktime_get_ns() - t0, BENCH_ROUNDS);

	t0 = ktime_get_ns();
	for (i = 0; i < BENCH_ROUNDS; i++) {
		bad |= dt_ed25519_verify(st->sig, st->msg, sizeof(st->msg),
					 st->pk);
		cond_resched();
	}
	verify_ns = div_u64(ktime_get_ns() - t0, BENCH_ROUNDS);

	seq_printf(m, "ed25519_sign_ns %llu\n", sign_ns);
	seq_printf(m, "ed25519_verify_ns %llu\n", verify_ns);
	seq_printf(m, "ed25519_verify_ok %d\n", !bad);
	kfree_sensitive(st);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(bench);

void deftt_debugfs_init(void)
{
	deftt_debugfs = debugfs_create_dir("deftt", NULL);
	debugfs_create_file("bench", 0400, deftt_debugfs, NULL, &bench_fops);
	deftt_crypto_oracle_init(deftt_debugfs);
}

void deftt_debugfs_exit(void)
{
	debugfs_remove_recursive(deftt_debugfs);
}
