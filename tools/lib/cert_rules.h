/* SPDX-License-Identifier: GPL-2.0 */
/* The schema's chain rules for the cert library, from the core's schema reader. */
#ifndef _DEFTT_CERT_RULES_H
#define _DEFTT_CERT_RULES_H

#include "cert_chain.h"

/* Context of dtc_schema_rules: the instant the chain must be valid at. */
struct dtc_rules_ctx {
	u64 now_us;
	bool ignore_time;	/* then: at the identity cert's NotBefore */
};

/*
 * A dtc_chain_rules_fn: reads the binary schema from the schema cert
 * (c[1]), checks the anchor and the schema cert against it (schema.md 10)
 * and installs the identity chain as a signer (dt_schema_signer_init():
 * cert templates, schema chains, correspondences, pub 0's templates).
 * ctx is a struct dtc_rules_ctx. DTC_OK, DTC_E_SCHEMA, DTC_E_RULES or
 * DTC_E_NOMEM, with one sentence in p.
 */
enum dtc_err dtc_schema_rules(void *ctx, const struct dtc_chain *ch,
			      struct dtc_problem *p);

/* Sets pol->rules to dtc_schema_rules with ctx (which must outlive pol). */
void dtc_policy_use_schema(struct dtc_policy *pol, struct dtc_rules_ctx *ctx);

#endif
