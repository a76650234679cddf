/* SPDX-License-Identifier: GPL-2.0 */
/* Certs from the network through the cert store's rules (3.3). */
#ifndef _DEFTD_TRUST_H
#define _DEFTD_TRUST_H

#include "wire.h"
#include "schema.h"
#include "store.h"
#include "pending.h"

/* What became of an offered cert; names in deftd_verdict_name(). */
enum deftd_verdict {
	DEFTD_V_KNOWN,		/* 1: already in the store */
	DEFTD_V_MALFORMED,	/* not a well-formed cert */
	DEFTD_V_TIME,		/* 2: not valid now */
	DEFTD_V_SCHEMA,		/* 2: type or name not allowed by the schema */
	DEFTD_V_ANCHOR,		/* 3: self-signed, no new trust anchors */
	DEFTD_V_SCHEMA_CERT,	/* 3: no new schemas */
	DEFTD_V_OWN,		/* 4: one of our own signing certs */
	DEFTD_V_HELD,		/* 5: signer unknown, waits in pending */
	DEFTD_V_BAD_SIG,	/* 6: its signature does not verify */
	DEFTD_V_CHAIN,		/* 7: the chain fails the schema's rules */
	DEFTD_V_TOO_DEEP,	/* held certs nested deeper than any chain */
	DEFTD_V_NO_ROOM,	/* store full or out of memory */
	DEFTD_V_FOREIGN,	/* 5: its chain ends at another trust anchor */
	DEFTD_V_STORED,		/* 8: a chain cert, stored */
	DEFTD_V_SIGNER,		/* 7: a signing cert, stored and installed */
	DEFTD_V_MAX
};

const char *deftd_verdict_name(enum deftd_verdict v);

/*
 * What the rules need from the rest of the daemon. install() gets the
 * chain of a validated signing cert, signing cert first, up to but not
 * including the trust anchor, and returns 0 or -errno; stored() is the
 * re-publish hook, called for every cert newly stored from the network
 * (before the pending table is searched); removed() is called for an
 * installed signing cert that a purge drops.
 */
struct deftd_trust_ops {
	int (*install)(void *ctx, const struct deftd_cert *const *chain,
		       unsigned int n);
	void (*stored)(void *ctx, const struct deftd_cert *c);
	void (*removed)(void *ctx, const struct deftd_cert *c);
	void *ctx;
};

/*
 * Certs that can only chain up to a trust anchor not ours: self-signed
 * certs other than our anchor, and certs signed by one of these. Such a
 * cert can never validate, so instead of waiting in the pending table
 * for a signer that will never be stored, it and the certs waiting for
 * it are refused at once. The newest DEFTD_FOREIGN_MAX are remembered;
 * one forgotten only means its descendants wait (bounded) again.
 */
#define DEFTD_FOREIGN_MAX	64

struct deftd_trust {
	const struct dt_schema *schema;
	u8 anchor_tp[DT_THUMBPRINT_LEN];
	u8 id_tp[DT_THUMBPRINT_LEN];	/* our identity cert */
	u64 skew_us;			/* clock tolerance for "valid now" */
	struct deftd_store store;
	struct deftd_pending pending;
	struct deftd_trust_ops ops;
	u8 foreign[DEFTD_FOREIGN_MAX][DT_THUMBPRINT_LEN];
	unsigned int nforeign;		/* valid entries */
	unsigned int foreign_next;	/* slot the next one takes */
	u64 count[DEFTD_V_MAX];
};

/*
 * Fills t for a member's chain: anchor (c[0]), schema cert (c[1]) and
 * the identity chain c[2..n), all stored as local certs; the schema s must
 * outlive t. 0 or -ENOMEM.
 */
int deftd_trust_init(struct deftd_trust *t, const struct dt_schema *s,
		     const u8 *const *cert, const u32 *len, unsigned int n,
		     const struct deftd_trust_ops *ops);
void deftd_trust_free(struct deftd_trust *t);

/*
 * Offers a cert received from the network (distributors.md 3.3, in that
 * order); certs that waited for this one are offered again at once, and
 * so are they when this one turns out to hang under another anchor.
 */
enum deftd_verdict deftd_trust_offer(struct deftd_trust *t, const u8 *buf,
				     size_t len, u64 now_us);

/*
 * Drops certs expired at now_us (distributors.md 2.7 step 4, 3.5) but
 * never one whose thumbprint is keep (our current signing cert) nor the
 * bundle's own certs. Returns how many went.
 */
unsigned int deftd_trust_purge(struct deftd_trust *t, u64 now_us,
			       const u8 keep[DT_THUMBPRINT_LEN]);

#endif
