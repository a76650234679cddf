/* SPDX-License-Identifier: GPL-2.0 */
/* Why a certificate, chain or bundle was refused: a code and one sentence. */
#ifndef _DEFTT_CERT_PROBLEM_H
#define _DEFTT_CERT_PROBLEM_H

#include "wire.h"

/*
 * Reasons of the userspace certificate library. Each refusal carries one
 * of them, the wire rule behind it when there is one, the index of the
 * cert concerned and a plain sentence for people (no key material).
 */
enum dtc_err {
	DTC_OK = 0,
	DTC_E_IO,		/* a file cannot be read or written */
	DTC_E_FORMAT,		/* not a sequence of certs and key records */
	DTC_E_MALFORMED,	/* a cert breaks a wire rule (wire is set) */
	DTC_E_TOO_FEW,		/* fewer than anchor, schema and identity */
	DTC_E_TOO_MANY,		/* more certs than a bundle may hold */
	DTC_E_NOT_ANCHOR,	/* cert 0 is not self-signed */
	DTC_E_ANCHOR_SIG,	/* the anchor's self-signature fails */
	DTC_E_NOT_SCHEMA,	/* cert 1 is not named as a schema cert */
	DTC_E_SCHEMA_SIGNER,	/* schema cert not signed by the anchor */
	DTC_E_SCHEMA_PREFIX,	/* schema cert and anchor prefixes differ */
	DTC_E_SIG_TYPE,		/* not the anchor's (EdDSA) signature type */
	DTC_E_CHAIN_SIGNER,	/* KeyDigest is not the predecessor's */
	DTC_E_CHAIN_SIG,	/* signature by the predecessor fails */
	DTC_E_SELF_SIGNED,	/* zero KeyDigest below the anchor */
	DTC_E_EXPIRED,		/* NotAfter before now */
	DTC_E_NOT_YET_VALID,	/* NotBefore after now */
	DTC_E_NOT_NESTED,	/* validity not inside the signer's */
	DTC_E_KEY_MISSING,	/* no secret key where one is needed */
	DTC_E_KEY_PLACE,	/* a key on a cert other than the last */
	DTC_E_KEY_SIZE,		/* key record not 64 bytes */
	DTC_E_KEY_MISMATCH,	/* secret key is not the cert's key */
	DTC_E_RULES,		/* the schema's chain rules refuse it */
	DTC_E_SCHEMA,		/* a binary schema cannot be read */
	DTC_E_ARG,		/* a caller's argument (name, time) is bad */
	DTC_E_NOMEM,
	DTC_E_MAX
};

#define DTC_MSG_MAX	640

struct dtc_problem {
	enum dtc_err code;
	int wire;		/* enum dt_wire_err behind it, or 0 */
	int cert;		/* index of the cert concerned, or -1 */
	char msg[DTC_MSG_MAX];	/* one sentence, no trailing newline */
};

/* Short snake_case name of a code ("expired", "key_mismatch", ...). */
const char *dtc_err_name(enum dtc_err e);

/* Clears p (code DTC_OK, cert -1, empty message). */
void dtc_problem_clear(struct dtc_problem *p);

/* Puts "path: " before p's sentence (so it names the file); p may be NULL. */
void dtc_problem_in_file(struct dtc_problem *p, const char *path);

/*
 * Records a problem: the sentence is printf-formatted; returns code so
 * that callers can write "return dtc_fail(p, ...);". p may be NULL.
 */
__printf(4, 5)
enum dtc_err dtc_fail(struct dtc_problem *p, enum dtc_err code, int cert,
		      const char *fmt, ...);

/* Sets the wire rule behind the recorded problem (p may be NULL). */
static inline void dtc_problem_wire(struct dtc_problem *p, int wire)
{
	if (p)
		p->wire = wire;
}

/*
 * "/iot1/operator/alice/KEY/... (cert 2)": how sentences name a cert.
 * Falls back to "cert 2" when the name cannot be read.
 */
void dtc_cert_label(char *out, size_t cap, int idx, const u8 *cert,
		    size_t len);

/* A plain phrase for a wire rule ("its key id is not ...", W30). */
const char *dtc_wire_phrase(int wire);

#endif /* _DEFTT_CERT_PROBLEM_H */
