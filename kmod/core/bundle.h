/* SPDX-License-Identifier: GPL-2.0 */
/* Strict reader of identity bundles: anchor, schema, chain and one key. */
#ifndef _DEFTT_CORE_BUNDLE_H
#define _DEFTT_CORE_BUNDLE_H

#include "wire.h"
#include "ed25519.h"

/*
 * Most certs a bundle may hold. DCT's vector bundles hold 3 to 6 (anchor,
 * schema, up to three capability/role certs, identity); schema chains are
 * short by design, so 16 leaves ample room while keeping struct dt_bundle
 * small enough for a kernel stack. A longer bundle is refused (W42).
 */
#define DT_BUNDLE_MAX_CERTS	16
#define DT_BUNDLE_MIN_CERTS	3	/* anchor, schema, identity */
#define DT_BUNDLE_KEY_LEN	DT_ED25519_SK_LEN	/* seed || public key */

/* One cert of a bundle: its whole Data TLV, pointing into the bundle. */
struct dt_bundle_cert {
	const u8 *buf;
	u32 len;
};

/*
 * A checked bundle (wire.md 9), a zero-copy view: cert[0] is the trust
 * anchor, cert[1] the schema cert, cert[2..ncerts) the identity chain from
 * the top down; key is the secret key of cert[ncerts - 1].
 *
 * key points INTO THE CALLER'S BUFFER. The reader copies no secret and
 * logs none; the caller copies the key where it is needed and then wipes
 * its whole bundle buffer (dt_wipe()) as wire.md 9.3 requires.
 */
struct dt_bundle {
	struct dt_bundle_cert cert[DT_BUNDLE_MAX_CERTS];
	unsigned int ncerts;
	const u8 *key;		/* DT_BUNDLE_KEY_LEN bytes */
};

/*
 * Parses and checks a whole bundle file. Returns DT_WERR_OK, or the first
 * failing rule, in this order:
 *  1. framing of each top-level element (W1-W4); an element that is not
 *     a Data (6) or SignatureValue (23) TLV, a key record first or right
 *     after another key record (W38); more than DT_BUNDLE_MAX_CERTS (W42);
 *  2. a key after any cert but the last, or none after the last (W40);
 *  3. fewer than 3 certs (W41); a key record that is not 64 bytes (W39);
 *  4. cert by cert, each a full certificate (dt_cert_parse(): W29-W31,
 *     W33, W34; W1-W24 inside it): cert 0 with DT_CERT_F_ANCHOR and
 *     DT_CERT_F_SCHEMA, cert 1 with DT_CERT_F_SCHEMA, the others with no
 *     flag; then cert 0 self-signed (zero KeyDigest), with a 32-byte key,
 *     EdDSA, its signature verifying with its own key (W41); cert 1
 *     named as a schema cert, EdDSA, its KeyDigest the anchor's
 *     thumbprint and its signature verifying (W41);
 *     cert 2 signed by the anchor, cert i > 2 by cert i - 1, all EdDSA
 *     (the anchor's type; W42). EdDSA is the only keyed type whose
 *     SignatureValue is a plain signature, and the one DCT signs certs
 *     with, so it is the only one accepted;
 *  5. the key's public half not equal to the last cert's Content (W39).
 * Validity at the current time (W32) is not checked: that is the caller's
 * decision (dt_cert_check_time()). Nothing is allocated; on failure *out
 * is left partly filled and must not be used.
 */
enum dt_wire_err dt_bundle_parse(const u8 *buf, size_t len,
				 struct dt_bundle *out);

#endif /* _DEFTT_CORE_BUNDLE_H */
