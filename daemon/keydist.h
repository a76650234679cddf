/* SPDX-License-Identifier: GPL-2.0 */
/* The group key distributor (DistGKey) of one keys collection, pure. */
#ifndef _DEFTD_KEYDIST_H
#define _DEFTD_KEYDIST_H

#include "keylist.h"
#include "kmelect.h"

/* distributors.md 0 and 4.4; all times in µs. */
#define KD_DIST_DELAY_US	50000ULL	/* distDelay */
#define KD_MR_LIFE_US		10000000ULL	/* mrLifetime = MR refresh */
#define KD_REKEY_US		3600000000ULL	/* reKeyInterval */
#define KD_ELECTION_US		(10 * KD_DIST_DELAY_US)
#define KD_HOLD_US		(2 * KD_DIST_DELAY_US)	/* per-member hold */

/*
 * Bounds of ours: members a keymaker keeps (one per signer a zone can
 * install), records in one of our lists (maxKR is 10 on UDP), and
 * publications awaiting confirmation.
 */
#define KD_MEMBERS_MAX		256
#define KD_LIST_MAX		16
#define KD_WAIT_MAX		64

/* What the distributor needs to know of a signer, by its thumbprint. */
struct kd_signer {
	int priority;		/* KM (keys/pdus) or KMP digit, 0 without */
	bool relay;		/* an RLY capability in its chain */
	bool own;		/* one of our identity's signing keys */
	u8 pk[32];		/* Ed25519 key: its signing cert's Content */
	u8 id[DT_THUMBPRINT_LEN];	/* its identity: the cert's signer */
	u64 not_after_us;
};

/*
 * The world around it. subscribe may hand over, through kd_rx(), the
 * Publications the collection already holds under the topic before it
 * returns (as DCT's subscribe does); publish asks for a confirmation
 * (kd_confirmed()) when cookie is not 0.
 */
struct kd_ops {
	int (*signer)(void *ctx, const u8 tp[DT_THUMBPRINT_LEN],
		      struct kd_signer *s);	/* 0 or -ENOENT */
	int (*publish)(void *ctx, const u8 *name, size_t nlen,
		       const u8 *content, size_t clen, u64 cookie);
	int (*subscribe)(void *ctx, enum kl_topic t, bool on);
	void (*install)(void *ctx, const u8 key[KL_KEY_LEN], u64 ct);
	void (*keymaker)(void *ctx, const u8 tp[DT_THUMBPRINT_LEN],
			 u64 epoch);
	void (*connected)(void *ctx);
	/* the collection's cState now (4.7 step 14); may be NULL */
	void (*cstate_now)(void *ctx);
	void *ctx;
};

/* A member as its keymaker holds it (4.8). */
struct kd_member {
	u8 tp[DT_THUMBPRINT_LEN];
	u8 id[DT_THUMBPRINT_LEN];
	u8 xpk[DT_X25519_LEN];
	u64 hold_until;		/* 0: no response hold */
};

enum kd_wait_kind {
	KD_W_ASSERT,		/* confirmed: the key goes to our sigmgr */
	KD_W_LIST,		/* confirmed while initializing: connected */
};

struct kd_wait {
	u64 cookie;
	u64 ct;
	u8 key[KL_KEY_LEN];
	u8 kind;
};

struct kd {
	struct kd_ops ops;
	struct kl_prefix pfx;
	const char *name;		/* "keys/pdus" or "keys/msgs" */
	bool msgs;			/* keys/msgs: KMP, relays left out */
	unsigned int max_kr;

	/* ours: the current signing key, and the one before it */
	u8 tp[DT_THUMBPRINT_LEN];
	struct kl_xkey x;
	bool has_x;			/* false: its secret is not ours */
	u8 prev_tp[DT_THUMBPRINT_LEN];
	struct kl_xkey prev_x;
	bool has_prev;
	int priority;
	bool relay;

	bool started;
	bool connected;			/* initialization is over (4.9) */

	/* 4.7: whom we follow, and the key we hold */
	u8 kmtp[DT_THUMBPRINT_LEN];
	u64 epoch;
	u64 cur_ct;
	u8 key[KL_KEY_LEN];
	u8 told_tp[DT_THUMBPRINT_LEN];	/* last ops->keymaker() */
	u64 told_epoch;
	bool mr_pending;
	u64 mr_at;			/* next MR refresh, 0: none */
	u64 check_at;			/* delayed MR check, 0: none */
	u64 check_ct;

	bool electing;
	struct kme el;
	bool resume_own;		/* kd_resume(): we were keymaker */

	/* 4.8 */
	bool keymaker;
	u64 rekey_at;
	struct kd_member *mem;		/* ascending thumbprint */
	unsigned int nmem;

	struct kd_wait wait[KD_WAIT_MAX];
	unsigned int nwait;
	u64 cookie;

	/* what happened, for logs and tests */
	u64 n_mr, n_lists, n_keys, n_opened;
};

/*
 * A distributor of prefix p for keys/msgs (msgs) or keys/pdus, with maxKR
 * max_kr. Our signing key goes in with kd_set_signing() before the start.
 * 0 or -ENOMEM.
 */
int kd_init(struct kd *kd, const struct kd_ops *ops,
	    const struct kl_prefix *p, bool msgs, unsigned int max_kr);
void kd_free(struct kd *kd);

/*
 * Our signing key changed (or is set the first time): tp, its 64-byte
 * secret key (NULL when we do not hold it), the keymaker priority and
 * relay capability of our chain. The previous key's secret is kept to
 * open lists sealed to it. A member asks for the key again (past
 * initialization, or when it has asked before) and a keymaker moves to
 * the next epoch with a new key (2.7, 4.8).
 */
void kd_set_signing(struct kd *kd, const u8 tp[DT_THUMBPRINT_LEN],
		    const u8 *sk, int priority, bool relay, u64 now);

/*
 * Before the start, in a zone taken over: the keymaker and epoch the
 * earlier deftd followed (the kernel kept them). If that keymaker was of
 * our identity we were the keymaker and go on at the start with epoch + 1
 * (4.10), as on seeing our own earlier list (4.7 step 3), which the
 * kernel does not deliver to us: it is the zone's own. Another's we
 * follow from there, without an election.
 */
void kd_resume(struct kd *kd, const u8 tp[DT_THUMBPRINT_LEN], u64 epoch);

/* 4.5: the distributor starts (its collection runs). */
void kd_start(struct kd *kd, u64 now);
/* A Publication from the network, name n, signed by signer. */
void kd_rx(struct kd *kd, const struct dt_name *n, const u8 *content,
	   size_t clen, const u8 signer[DT_THUMBPRINT_LEN], u64 now);
/* A delivery confirmation (ok) or its timeout for a publish's cookie. */
void kd_confirmed(struct kd *kd, u64 cookie, bool ok);
/* The earliest timer, 0 for none; kd_timer() runs those that are due. */
u64 kd_next_timer(const struct kd *kd);
void kd_timer(struct kd *kd, u64 now);

#endif
