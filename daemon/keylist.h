/* SPDX-License-Identifier: GPL-2.0 */
/* Group key distributor formats: topic names, key list Content, sealing. */
#ifndef _DEFTD_KEYLIST_H
#define _DEFTD_KEYLIST_H

#include "wire.h"
#include "schema.h"

/* distributors.md 4.3 and 4.11. */
#define KL_KEY_LEN	32	/* a DistGKey group key */
#define KL_SEALED_LEN	80	/* crypto_box_seal of a 32-byte key */
#define KL_REC_LEN	(DT_THUMBPRINT_LEN + KL_SEALED_LEN)	/* 112 */
#define KL_TPID_LEN	4	/* tpLo/tpHi: a thumbprint's first bytes */
#define KL_TLV_CT	36	/* Content: key creation time, 8 bytes BE */
#define KL_TLV_RECS	130	/* Content: the key records */
#define KL_NAME_MAX	256	/* room for any topic name we build */

/* The schema's #pubPrefix "P" that every distributor name starts with. */
struct kl_prefix {
	u8 val[128];		/* its components, as component TLVs */
	u16 len;
	u8 ncomp;
};

/* P plus one Generic component; -ENOSPC when it does not fit. */
int kl_prefix_add(struct kl_prefix *p, const void *comp, size_t len);
/* P from a schema's #pubPrefix. */
int kl_prefix_from_schema(struct kl_prefix *p, const struct dt_schema *s);
/* Size of P as a Name TLV (4.3's maxKR counts it). */
unsigned int kl_prefix_size(const struct kl_prefix *p);

/* The four topics under P (4.2). */
enum kl_topic {
	KL_T_NONE,
	KL_T_CAND,		/* P/km/cand/<epoch>/<ts> */
	KL_T_ELEC,		/* P/km/elec/<epoch>/<ts> */
	KL_T_MR,		/* P/mr/<ts> */
	KL_T_KL,		/* P/kl/<epoch>/<tpLo>/<tpHi>/<ts> */
};

const char *kl_topic_name(enum kl_topic t);

/* A subscription prefix: the Name TLV of P/km/cand, P/mr, ... */
int kl_topic_prefix(const struct kl_prefix *p, enum kl_topic t, u8 *buf,
		    size_t cap);

/*
 * Whole Name TLVs of the topics; epoch is a SequenceNum, ts a Timestamp
 * (µs), both minimal as DCT writes them. Return the size or -DT_WERR_*.
 */
int kl_name_cand(const struct kl_prefix *p, u64 epoch, u64 ts, u8 *buf,
		 size_t cap);
int kl_name_elec(const struct kl_prefix *p, u64 epoch, u64 ts, u8 *buf,
		 size_t cap);
int kl_name_mr(const struct kl_prefix *p, u64 ts, u8 *buf, size_t cap);
int kl_name_kl(const struct kl_prefix *p, u64 epoch,
	       const u8 lo[KL_TPID_LEN], const u8 hi[KL_TPID_LEN], u64 ts,
	       u8 *buf, size_t cap);

/* What a received name says. */
struct kl_name {
	enum kl_topic topic;
	u64 epoch;		/* cand, elec, kl */
	bool exact;		/* elec: exactly P + 4 components (4.3) */
	struct dt_comp lo, hi;	/* kl */
};

/*
 * Reads a name under P. -EINVAL for anything that is none of the topics
 * or whose epoch is not a number; a KL needs its five components.
 */
int kl_name_parse(const struct kl_prefix *p, const struct dt_name *n,
		  struct kl_name *out);

/*
 * An assertion KL names its signer at both ends of its range, compared
 * over the length of tpLo (4.3).
 */
bool kl_is_assertion(const struct kl_name *k, const u8 tp[DT_THUMBPRINT_LEN]);
/*
 * tp lies in [lo, hi]: its first len(lo) bytes against lo and hi, a
 * proper prefix sorting first (4.7 step 11).
 */
bool kl_in_range(const struct kl_name *k, const u8 tp[DT_THUMBPRINT_LEN]);

/* A key list's Content (4.3): CT, then n records of KL_REC_LEN bytes. */
struct kl_content {
	u64 ct;
	const u8 *recs;
	unsigned int nrec;
};

/* Returns the size written or -DT_WERR_*. */
int kl_content_encode(u64 ct, const u8 *recs, unsigned int nrec, u8 *buf,
		      size_t cap);
/* -EINVAL unless TLV 36 then TLV 130 of a multiple of 112 bytes. */
int kl_content_parse(const u8 *buf, size_t len, struct kl_content *c);
/* The record for tp, or NULL. */
const u8 *kl_content_find(const struct kl_content *c,
			  const u8 tp[DT_THUMBPRINT_LEN]);

/*
 * maxKR of 4.3 for P over a keys collection whose Name TLV (zone id,
 * keys, pdus|msgs) has coll_size bytes, on a 1452-byte UDP budget with
 * EdDSA cAdds and Publications (wire.md 10).
 */
unsigned int kl_max_records(const struct kl_prefix *p, unsigned int coll_size);

/* A member's X25519 pair, converted from its Ed25519 signing pair (4.11). */
struct kl_xkey {
	u8 pk[DT_X25519_LEN];
	u8 sk[DT_X25519_LEN];
};

/* From the 64-byte (seed || pk) secret key; -EINVAL if unusable. */
int kl_xkey_from_ed(struct kl_xkey *x, const u8 ed_sk[64]);
void kl_xkey_wipe(struct kl_xkey *x);
/* X25519 public key of a member's Ed25519 key; -EINVAL if unusable. */
int kl_xpk_from_ed(u8 xpk[DT_X25519_LEN], const u8 ed_pk[32]);
/* Seals key to xpk (crypto_box_seal); 0 or -EINVAL. */
int kl_seal(u8 out[KL_SEALED_LEN], const u8 key[KL_KEY_LEN],
	    const u8 xpk[DT_X25519_LEN]);
/* Opens a sealed key; 0 or -EBADMSG. */
int kl_open(u8 key[KL_KEY_LEN], const u8 sealed[KL_SEALED_LEN],
	    const struct kl_xkey *x);

#endif
