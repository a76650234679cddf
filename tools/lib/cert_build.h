/* SPDX-License-Identifier: GPL-2.0 */
/* Building certificates byte for byte as DCT's make_cert and schema_cert do. */
#ifndef _DEFTT_CERT_BUILD_H
#define _DEFTT_CERT_BUILD_H

#include "wire.h"
#include "ed25519.h"
#include "cert_problem.h"

/* DCT's make_cert lifetime (wire.md 8). */
#define DTC_DEFAULT_LIFETIME_DAYS	365

/*
 * Name TLV of a "/a/b/c" string: every part one Generic component, as
 * DCT's crName does. One leading and one trailing '/' are ignored; an
 * empty part ("a//b") or more than DT_NAME_MAX_COMPS parts is refused
 * (decision: DCT would write an empty Generic, which the strict reader
 * refuses as a first component and no schema template can want).
 * Returns the Name TLV size, or -1 with p filled (DTC_E_ARG).
 */
int dtc_name_from_str(const char *s, u8 *buf, size_t cap,
		      struct dtc_problem *p);

/* An Ed25519 pair in libsodium's form (sk = seed || pk). */
struct dtc_keypair {
	u8 pk[DT_ED25519_PK_LEN];
	u8 sk[DT_ED25519_SK_LEN];
};

/* A fresh pair from the platform's random bytes. */
void dtc_keypair_new(struct dtc_keypair *kp);
/* The pair of a 32-byte seed (deterministic). */
void dtc_keypair_from_seed(struct dtc_keypair *kp,
			   const u8 seed[DT_ED25519_SEED_LEN]);
/*
 * The pair of a stored 64-byte secret key; refuses (DTC_E_KEY_SIZE,
 * DTC_E_KEY_MISMATCH) a record of another size or whose public half is
 * not the one its seed gives.
 */
enum dtc_err dtc_keypair_from_sk(struct dtc_keypair *kp, const u8 *sk,
				 size_t len, struct dtc_problem *p);
void dtc_keypair_wipe(struct dtc_keypair *kp);

/*
 * Everything a cert is made of (wire.md 8). The name is prefix followed
 * by KEY/<BLAKE2b-32 of content>/dct/<Timestamp start_us>; the validity
 * period is start and end truncated to whole seconds; the EdDSA signature
 * over [Name, SignatureValue) is made with signer_sk. signer_tp NULL
 * makes a self-signed cert (zero KeyDigest): then signer_sk must be the
 * secret key of the content. Same inputs, same bytes.
 */
struct dtc_cert_spec {
	const u8 *prefix;	/* Name TLV of the components before KEY */
	size_t prefix_size;
	const u8 *content;	/* public key (32) or binary schema */
	size_t content_len;
	u64 start_us;
	u64 end_us;
	const u8 *signer_sk;	/* DT_ED25519_SK_LEN bytes */
	const u8 *signer_tp;	/* DT_THUMBPRINT_LEN bytes or NULL */
};

/*
 * Builds and signs the cert into a malloc'ed buffer (*out, free()).
 * The result is re-read with the strict parser before it is returned.
 */
enum dtc_err dtc_cert_build(const struct dtc_cert_spec *s, u8 **out,
			    size_t *len, struct dtc_problem *p);

/*
 * The spec that rebuilds a parsed cert: its prefix (written to
 * prefix_buf), content, creation time and NotAfter; the signer fields are
 * left for the caller. Returns DTC_OK or DTC_E_ARG.
 */
enum dtc_err dtc_cert_spec_of(const struct dt_data *d, u8 *prefix_buf,
			      size_t cap, struct dtc_cert_spec *s);

/* Signing certs (distributors.md 2.3, DCT examples' getSigningPair). */
#define DTC_CERT_OVERLAP_US	(10 * 60 * 1000000ULL)		/* 10 min */
#define DTC_SIGNING_LIFETIME_US	(24 * 3600 * 1000000ULL)	/* 24 h */

/*
 * The spec of a member's signing cert under its identity cert id, made at
 * now_us (trust-domain time): name <id prefix>/sgn, start now - 5 min,
 * lifetime 24 h 10 min cut to end no later than id's NotAfter - 10 min
 * (whole seconds, as DCT). The identity must be valid at now_us, strictly
 * after its NotBefore and before its NotAfter (DCT exits otherwise:
 * DTC_E_EXPIRED / DTC_E_NOT_YET_VALID here). The caller sets content
 * (the new public key), signer_sk (the identity key) and signer_tp (the
 * identity's thumbprint).
 */
enum dtc_err dtc_signing_spec(const struct dt_data *id, u64 now_us,
			      u8 *prefix_buf, size_t cap,
			      struct dtc_cert_spec *s, struct dtc_problem *p);

#endif /* _DEFTT_CERT_BUILD_H */
