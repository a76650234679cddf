/* SPDX-License-Identifier: GPL-2.0 */
/* A member's certificate chain, validated to its trust anchor. */
#ifndef _DEFTT_CERT_CHAIN_H
#define _DEFTT_CERT_CHAIN_H

#include "wire.h"
#include "bundle.h"
#include "cert_problem.h"
#include "bundle_file.h"

/* One cert of a chain: its bytes, its strict view and its thumbprint. */
struct dtc_link {
	const u8 *buf;
	u32 len;
	struct dt_data d;
	u8 tp[DT_THUMBPRINT_LEN];
};

/*
 * A chain as a member holds it (wire.md 9.1, distributors.md 2.1): c[0]
 * the trust anchor, c[1] the schema cert, c[2..n) the identity chain from
 * just below the anchor down to the identity cert; key is the identity's
 * 64-byte secret key when the source had one. Everything points into the
 * caller's buffers.
 */
struct dtc_chain {
	struct dtc_link c[DT_BUNDLE_MAX_CERTS];
	unsigned int n;
	const u8 *key;
	u32 key_len;
};

/*
 * Hook for the schema's chain rules (schema.md 6.1-6.3, distributors.md
 * 2.2 steps 2-3: the anchor matches the last cert template, every chain
 * cert matches a template, #certValidator is the anchor's type, ...).
 * The binary-schema reader is a separate piece of work: its checker plugs
 * in here, with ctx its decoded schema (from c[1]'s Content). It is
 * called last, only for a chain that passed every check below, and
 * returns DTC_OK or fills p (DTC_E_RULES, naming the cert) and returns
 * that. NULL means no schema rules are applied.
 */
typedef enum dtc_err (*dtc_chain_rules_fn)(void *ctx,
					   const struct dtc_chain *ch,
					   struct dtc_problem *p);

struct dtc_policy {
	u64 now_us;		/* instant every cert must be valid at */
	u64 skew_us;		/* tolerance either side (wire.md Q5) */
	bool ignore_time;	/* skip "valid now" (nesting still checked) */
	bool need_key;		/* the identity cert must come with its key */
	dtc_chain_rules_fn rules;
	void *rules_ctx;
};

/*
 * Fills ch from a file's items (anchor, schema, chain order), each cert
 * parsed strictly (wire.md 8). Refuses more than DT_BUNDLE_MAX_CERTS
 * certs and a key on any cert but the last (DTC_E_KEY_PLACE).
 */
enum dtc_err dtc_chain_from_items(struct dtc_chain *ch,
				  const struct dtc_item *it, unsigned int n,
				  struct dtc_problem *p);

/*
 * Validates the chain to its anchor; the first failure is reported, in
 * this order. Certs must be EdDSA: the only keyed type whose signature
 * value is a plain signature and the one DCT's cert tools use (as the
 * core's bundle reader decides too).
 *  1. at least anchor, schema cert and identity cert (DTC_E_TOO_FEW);
 *  2. anchor: zero KeyDigest (NOT_ANCHOR), EdDSA (SIG_TYPE), a 32-byte
 *     key (MALFORMED, W33), its signature by its own key (ANCHOR_SIG);
 *  3. schema cert: named <prefix>/schema/<pub>/KEY/... (NOT_SCHEMA), EdDSA,
 *     KeyDigest = anchor thumbprint and signature by the anchor's key
 *     (SCHEMA_SIGNER), the anchor's prefix (SCHEMA_PREFIX);
 *  4. chain cert i: a 32-byte key (MALFORMED, W33), not self-signed
 *     (SELF_SIGNED), EdDSA, KeyDigest = the thumbprint of its signer,
 *     the anchor for i = 2 and cert i - 1 after (CHAIN_SIGNER),
 *     signature by the signer's key (CHAIN_SIG);
 *  5. the key, if present or required: there (KEY_MISSING), 64 bytes
 *     (KEY_SIZE), seed and public half those of the identity cert's key
 *     (KEY_MISMATCH; decision: the seed is checked too, beyond W39's
 *     public half, since a mismatched seed signs with another key);
 *  6. every cert valid at now: NotBefore <= now (NOT_YET_VALID) and
 *     now <= NotAfter (EXPIRED), with skew either side, as DCT compares;
 *  7. every cert's period inside its signer's (NOT_NESTED; the draft
 *     requires it, DCT does not check it);
 *  8. the schema's chain rules through pol->rules.
 */
enum dtc_err dtc_chain_validate(const struct dtc_chain *ch,
				const struct dtc_policy *pol,
				struct dtc_problem *p);

/*
 * A cert against the cert that signed it (steps 4 and 7 for one pair):
 * KeyDigest, EdDSA, signature, period inside the signer's. idx/sidx only
 * label the sentence. A self-signed signer may sign others; a cert with
 * a zero KeyDigest is refused (SELF_SIGNED).
 */
enum dtc_err dtc_cert_check_issuer(const struct dtc_link *cert, int idx,
				   const struct dtc_link *signer, int sidx,
				   struct dtc_problem *p);

/*
 * Step 6 for one cert: valid at pol->now_us within pol->skew_us
 * (EXPIRED, NOT_YET_VALID; ignore_time is not looked at).
 */
enum dtc_err dtc_cert_check_time(const struct dtc_link *l, int idx,
				 const struct dtc_policy *pol,
				 struct dtc_problem *p);

/* Fills a link from a cert's bytes (strict parse, anchor and schema forms allowed). */
enum dtc_err dtc_link_init(struct dtc_link *l, const u8 *buf, size_t len,
			   int idx, struct dtc_problem *p);

/*
 * A whole bundle file as a member loads it: dtc_file_parse(),
 * dtc_chain_from_items(), dtc_chain_validate() with pol (need_key is
 * forced), then the core's strict reader dt_bundle_parse() (W38-W42),
 * which must agree. ch, if not NULL, receives the chain (pointing into
 * buf).
 */
enum dtc_err dtc_bundle_check(const u8 *buf, size_t len,
			      const struct dtc_policy *pol,
			      struct dtc_chain *ch, struct dtc_problem *p);

/*
 * A member's identity as deftd loads it at start: the whole bundle file,
 * checked by dtc_bundle_check(), with the chain pointing into buf (the
 * identity key is ch.key). Free with dtc_identity_free(), which wipes.
 */
struct dtc_identity {
	u8 *buf;
	size_t len;
	struct dtc_chain ch;
};

enum dtc_err dtc_identity_load(const char *path, const struct dtc_policy *pol,
			       struct dtc_identity *id, struct dtc_problem *p);
void dtc_identity_free(struct dtc_identity *id);

#endif /* _DEFTT_CERT_CHAIN_H */
