/* SPDX-License-Identifier: GPL-2.0 */
/* The certs deftd holds, found by thumbprint. */
#ifndef _DEFTD_STORE_H
#define _DEFTD_STORE_H

#include "wire.h"

/*
 * Bound on stored certs: DEFTT_MAX_SIGNERS signing certs with a few chain
 * certs each fit; past it new certs are refused (and counted) until a
 * purge of expired ones (distributors.md 3.5) makes room.
 */
#define DEFTD_STORE_MAX		1024

/* Bits of deftd_cert.flags. */
#define DEFTD_CERT_LOCAL	0x1	/* ours: the bundle or our signing */
#define DEFTD_CERT_SIGNING	0x2	/* a signing cert (a chain's first) */
#define DEFTD_CERT_INSTALLED	0x4	/* the kernel has it as a signer */
#define DEFTD_CERT_BUNDLE	0x8	/* from our bundle: never purged */

struct deftd_cert {
	u8 *buf;			/* the whole cert, owned */
	u32 len;
	u8 tp[DT_THUMBPRINT_LEN];
	struct dt_data d;		/* view into buf */
	s64 not_after;			/* s since 1970 */
	unsigned int flags;
};

struct deftd_store {
	struct deftd_cert *c[DEFTD_STORE_MAX];
	unsigned int n;
};

struct deftd_cert *deftd_store_find(const struct deftd_store *st,
				    const u8 tp[DT_THUMBPRINT_LEN]);
/*
 * Adds a copy of a cert (parsed with anchor and schema forms allowed).
 * NULL when it does not parse, when out of memory or when the store is
 * full (*full set then).
 */
struct deftd_cert *deftd_store_add(struct deftd_store *st, const u8 *buf,
				   u32 len, unsigned int flags, bool *full);
/* Removes and frees entry c (which must be in st). */
void deftd_store_del(struct deftd_store *st, struct deftd_cert *c);
void deftd_store_clear(struct deftd_store *st);

#endif
