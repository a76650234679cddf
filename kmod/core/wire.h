/* SPDX-License-Identifier: GPL-2.0 */
/* DeftT wire format: drop-reason codes and the umbrella of the wire core. */
#ifndef _DEFTT_CORE_WIRE_H
#define _DEFTT_CORE_WIRE_H

#include "platform.h"
#include "limits.h"

/*
 * One code per conformance rule of wire.md section 11; the numeric value of
 * DT_WERR_x equals the rule number Wx, so counters, logs and the spec line up.
 * Codes from 64 up are not receive drops but encoder/caller errors.
 *
 * Convention for the whole wire core:
 *  - parsers and checkers return enum dt_wire_err, DT_WERR_OK (0) on success;
 *  - encoders return int: the number of bytes written (>= 0), or the negated
 *    enum dt_wire_err (e.g. -DT_WERR_NOSPACE) on failure.
 */
enum dt_wire_err {
	DT_WERR_OK = 0,
	DT_WERR_TRUNCATED = 1,		/* W1 header cut off */
	DT_WERR_BAD_LEN_BYTE = 2,	/* W2 type/length first byte fe/ff */
	DT_WERR_NON_MINIMAL = 3,	/* W3 non-minimal type or length */
	DT_WERR_OVERRUN = 4,		/* W4 value past its parent */
	DT_WERR_TRAILING = 5,		/* W5 bytes after the last child */
	DT_WERR_BAD_NUMBER = 6,		/* W6 leading zero or > 8 bytes */
	DT_WERR_TOP_TYPE = 7,		/* W7 top-level type not 5 or 6 */
	DT_WERR_NAME_FRAMING = 8,	/* W8 bad TLV framing inside a Name */
	DT_WERR_NAME_TOO_LONG = 9,	/* W9 more than 32 components */
	DT_WERR_DATA_SHAPE = 10,	/* W10 Data children / MetaInfo shape */
	DT_WERR_CONTENT_TYPE = 11,	/* W11 wrong ContentType for context */
	DT_WERR_DATA_NAME = 12,		/* W12 < 3 components / empty first */
	DT_WERR_TIMESTAMP = 13,		/* W13 empty, > 8 bytes or tagged */
	DT_WERR_CSTATE_SHAPE = 14,	/* W14 cState children */
	DT_WERR_CSTATE_NAME = 15,	/* W15 cState name < 3 components */
	DT_WERR_NONCE = 16,		/* W16 Nonce not 4 bytes */
	DT_WERR_IBLT = 17,		/* W17 IBLT component empty / invalid */
	DT_WERR_LIFETIME = 18,		/* W18 Lifetime 0 or > 1 hour */
	DT_WERR_ZONE = 19,		/* W19 not this zone's 8-byte id */
	DT_WERR_CADD_NAME = 20,		/* W20 collection + csID shape */
	DT_WERR_CADD_CONTENT = 21,	/* W21 Content not Data TLVs exactly */
	DT_WERR_SIG_TYPE = 22,		/* W22 unknown SignatureType */
	DT_WERR_SIG_LEN = 23,		/* W23 SignatureValue length */
	DT_WERR_SIGINFO_SHAPE = 24,	/* W24 SignatureInfo shape */
	DT_WERR_SIG_UNSUPPORTED = 25,	/* W25 type not built in */
	DT_WERR_SIG_POLICY = 26,	/* W26 type not the configured one */
	DT_WERR_SIG_BAD = 27,		/* W27 signature/tag check failed */
	DT_WERR_UNKNOWN_SIGNER = 28,	/* W28 KeyDigest names no known cert */
	DT_WERR_CERT_SHAPE = 29,	/* W29 cert ContentType / SigInfo */
	DT_WERR_CERT_NAME = 30,		/* W30 cert name shape or key id */
	DT_WERR_VALIDITY = 31,		/* W31 NotBefore/NotAfter syntax */
	DT_WERR_CERT_EXPIRED = 32,	/* W32 cert not valid now */
	DT_WERR_CERT_KEY = 33,		/* W33 public key not 32 bytes */
	DT_WERR_SELF_SIGNED = 34,	/* W34 zero KeyDigest off-anchor */
	DT_WERR_TOO_BIG = 35,		/* W35 datagram over the face limit */
	DT_WERR_COMP_TYPE = 36,		/* W36 component type / csID place */
	DT_WERR_CSTATE_COLL = 37,	/* W37 cState collection + IBLT */
	DT_WERR_BUNDLE_ELEM = 38,	/* W38 bundle element type/order */
	DT_WERR_BUNDLE_KEY = 39,	/* W39 bundle key size / mismatch */
	DT_WERR_BUNDLE_KEY_PLACE = 40,	/* W40 key not (only) after last */
	DT_WERR_BUNDLE_ANCHOR = 41,	/* W41 < 3 certs, anchor, schema */
	DT_WERR_BUNDLE_CHAIN = 42,	/* W42 chain signer / type */
	DT_WERR_RULE_MAX = 42,

	/* Not receive rules: encoder and API misuse. */
	DT_WERR_NOSPACE = 64,		/* output buffer too small */
	DT_WERR_TOO_LONG = 65,		/* value would exceed 65,535 bytes */
	DT_WERR_INVAL = 66,		/* bad argument to an encoder */
	DT_WERR_MAX
};

/* Short snake_case name of a code ("truncated", "non_minimal", ...). */
const char *dt_wire_err_name(int err);
/* The W-rule number of a code (1..42) or 0 for non-rule codes. */
static inline int dt_wire_err_rule(int err)
{
	return err > 0 && err <= DT_WERR_RULE_MAX ? err : 0;
}

#include "tlv.h"
#include "name.h"
#include "objects.h"
#include "ids.h"

#endif /* _DEFTT_CORE_WIRE_H */
