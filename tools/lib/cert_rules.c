// SPDX-License-Identifier: GPL-2.0
/* The schema's chain rules for the cert library, from the core's schema reader. */
#include <stdio.h>
#include <stdlib.h>

#include "objects.h"
#include "schema.h"
#include "ids.h"
#include "cert_build.h"
#include "cert_rules.h"

static enum dtc_err refuse(struct dtc_problem *p, enum dtc_err code, int cert,
			   const char *what, enum dt_schema_err e)
{
	p->code = code;
	p->cert = cert;
	snprintf(p->msg, sizeof(p->msg), "%s (%s)", what, dt_schema_err_name(e));
	return code;
}

enum dtc_err dtc_schema_rules(void *ctx, const struct dtc_chain *ch,
			      struct dtc_problem *p)
{
	const struct dtc_rules_ctx *rc = ctx;
	struct dt_data chain[DT_BUNDLE_MAX_CERTS + 1];
	struct dt_schema_signer *sg = NULL;
	struct dt_schema *s;
	enum dt_schema_err e;
	enum dtc_err r = DTC_OK;
	unsigned int i, n = 0;
	struct dtc_keypair kp, idk;
	struct dtc_cert_spec spec;
	const struct dt_data *id;
	u8 prefix[1024], *sc = NULL;
	size_t sc_len;
	s64 nb;
	u64 now;

	if (ch->n < 3)
		return DTC_OK;	/* the library refuses such chains itself */
	s = calloc(1, sizeof(*s));
	sg = calloc(1, sizeof(*sg));
	if (!s || !sg) {
		r = DTC_E_NOMEM;
		p->code = r;
		snprintf(p->msg, sizeof(p->msg), "out of memory");
		goto out;
	}
	e = dt_schema_read(s, dt_data_content(&ch->c[1].d),
			   ch->c[1].d.content_len, NULL);
	if (e) {
		r = refuse(p, DTC_E_SCHEMA, 1,
			   "the schema cert does not hold a valid binary schema", e);
		goto out;
	}
	e = dt_schema_bootstrap(s, &ch->c[0].d, &ch->c[1].d);
	if (e) {
		r = refuse(p, DTC_E_RULES, e == DT_SCM_E_BOOT_ANCHOR ? 0 : 1,
			   e == DT_SCM_E_BOOT_ANCHOR ?
			   "the trust anchor does not fit the schema" :
			   "the schema cert does not fit its own schema", e);
		goto out;
	}
	/*
	 * Schema chains start at a signing cert: make one under the identity
	 * as a member does at start-up (distributors.md 2), with a throwaway
	 * key, and install the whole chain as a signer. That needs the
	 * identity's secret key; a chain without it is checked up to here.
	 */
	if (!ch->key)
		goto out;
	now = rc ? rc->now_us : 0;
	id = &ch->c[ch->n - 1].d;
	if (rc && rc->ignore_time && !dt_validity_parse(id->si.not_before, &nb))
		now = (u64)nb * 1000000 + 60000000;
	if (dtc_signing_spec(id, now, prefix, sizeof(prefix), &spec, p) ||
	    dtc_keypair_from_sk(&idk, ch->key, ch->key_len, p)) {
		r = p->code;
		goto out;
	}
	dtc_keypair_new(&kp);
	spec.content = kp.pk;
	spec.content_len = sizeof(kp.pk);
	spec.signer_sk = idk.sk;
	spec.signer_tp = ch->c[ch->n - 1].tp;
	r = dtc_cert_build(&spec, &sc, &sc_len, p);
	dtc_keypair_wipe(&kp);
	dtc_keypair_wipe(&idk);
	if (r)
		goto out;
	if (dt_cert_parse(sc, sc_len, 0, &chain[n++])) {
		r = DTC_E_ARG;
		p->code = r;
		snprintf(p->msg, sizeof(p->msg), "cannot make a signing cert");
		goto out;
	}
	/* Signing cert, identity, ..., anchor; the schema cert is no link. */
	for (i = ch->n; i-- > 0;)
		if (i != 1)
			chain[n++] = ch->c[i].d;
	e = dt_schema_signer_init(sg, s, chain, n, ch->c[0].tp, now);
	if (e)
		r = refuse(p, DTC_E_RULES, ch->n - 1,
			   "the schema does not allow this identity's cert chain", e);
out:
	free(sc);
	free(sg);
	free(s);
	return r;
}

void dtc_policy_use_schema(struct dtc_policy *pol, struct dtc_rules_ctx *ctx)
{
	ctx->now_us = pol->now_us;
	ctx->ignore_time = pol->ignore_time;
	pol->rules = dtc_schema_rules;
	pol->rules_ctx = ctx;
}
