// SPDX-License-Identifier: GPL-2.0
/* The member's identity bundle: validated at start, kept in memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "cert_rules.h"
#include "deftd.h"
#include "log.h"

/* PPAEAD and PPSIGN get a DistSGKey (distributors.md 1). */
static bool sg_type(unsigned int st)
{
	return st == DT_SIG_PPAEAD || st == DT_SIG_PPSIGN;
}

/*
 * The bundle as a member loads it (distributors.md 2.2): every cert valid
 * now, the chain to the anchor, the key the identity cert's, and the
 * schema's rules with a throwaway signing cert. Any problem is one
 * sentence from the cert library, naming the file.
 */
int deftd_identity_load(struct deftd *dd)
{
	struct dtc_policy pol = {
		.now_us = dt_now_us(),
		.need_key = true,
	};
	struct dtc_rules_ctx rctx;
	struct dtc_problem p;
	const struct dtc_link *sc;
	enum dt_schema_err e;

	dtc_policy_use_schema(&pol, &rctx);
	if (dtc_identity_load(dd->conf.bundle, &pol, &dd->id, &p)) {
		pr_err("%s", p.msg);
		return -1;
	}
	/* it holds the identity's secret key: keep it out of swap */
	mlock(dd->id.buf, dd->id.len);
	sc = &dd->id.ch.c[1];
	dd->schema = calloc(1, sizeof(*dd->schema));
	if (!dd->schema) {
		pr_err("out of memory");
		return -1;
	}
	/* the rules above read it already; a failure here is a bug */
	e = dt_schema_read(dd->schema, dt_data_content(&sc->d),
			   sc->d.content_len, NULL);
	if (e) {
		pr_err("%s: the schema cert's schema cannot be read (%s)",
		       dd->conf.bundle, dt_schema_err_name(e));
		return -1;
	}
	memcpy(dd->zone_id, sc->tp, DT_ZONE_ID_LEN);
	/* distributors.md 4 is in deftd, 5 (DistSGKey) is not */
	if (sg_type(dd->schema->pdu_sig) || sg_type(dd->schema->msgs_sig)) {
		pr_err("%s: the schema's validators (%s, %s) need subscriber group keys (DistSGKey), which this deftd does not distribute",
		       dd->conf.bundle,
		       dt_sig_name(dd->schema->pdu_sig) ?: "?",
		       dt_sig_name(dd->schema->msgs_sig) ?: "?");
		return -1;
	}
	pr_debug("bundle %s: %u certs, zone id %016llx", dd->conf.bundle,
		 dd->id.ch.n, (unsigned long long)dt_get_be64(dd->zone_id));
	return 0;
}

const struct dtc_link *deftd_id_cert(const struct deftd *dd)
{
	return &dd->id.ch.c[dd->id.ch.n - 1];
}

void deftd_identity_free(struct deftd *dd)
{
	if (dd->id.buf)
		munlock(dd->id.buf, dd->id.len);
	dtc_identity_free(&dd->id);
	free(dd->schema);
	dd->schema = NULL;
}
