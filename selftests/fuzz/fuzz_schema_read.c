// SPDX-License-Identifier: GPL-2.0
/* Fuzz the schema reader and, on every schema it accepts, the runtime:
 * dump, lookups, chain matching, resolution, building and matching.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "schema_dump.h"

static struct dt_schema sch;
static struct dt_schema_signer sgn;
static FILE *devnull;

/* Names that fit the cert templates of chain c (LITs as tokens, else "x"). */
static unsigned int synth_chain(const struct dt_schema *s, unsigned int c,
				u8 bufs[][1024], struct dt_name *nm)
{
	const u8 *ch = dt_scm_bytes(s, &s->chain[c]);
	unsigned int k, i, L = s->chain[c].len;
	struct dt_name_bld b;
	int n;

	if (L > DT_SCM_MAX_CHAIN_LEN)
		return 0;
	for (k = 0; k < L; k++) {
		const u8 *t = dt_scm_bytes(s, &s->cert[ch[k]]);

		dt_nb_init(&b, bufs[k], sizeof(bufs[k]));
		for (i = 0; i < s->cert[ch[k]].len; i++) {
			u8 l;
			const u8 *v = dt_scm_is_lit(t[i]) ?
				      dt_scm_tok(s, t[i], &l) :
				      (l = 1, (const u8 *)"x");

			dt_nb_comp(&b, DT_COMP_GENERIC, v, l);
		}
		n = dt_nb_finish(&b);
		if (n < 0 || dt_name_parse(bufs[k], n, 0, &nm[k]))
			return 0;
	}
	return L;
}

/* Builds a name from the first resolved template and matches it. */
static void build_and_match(void)
{
	const struct dt_scm_rtmpl *r = &sgn.rt[0];
	struct dt_scm_param p[DT_SCM_MAX_COMPS];
	struct dt_scm_build in = { .par = p, .now_us = 1,
				   .sysid = (const u8 *)"p1@fuzz",
				   .sysid_len = 7 };
	struct dt_scm_pub pb;
	struct dt_name nm;
	unsigned int i;
	u8 out[2048];
	int n;

	if (!sgn.nrt)
		return;
	dt_scm_pub_get(&sch, sgn.pub, &pb);
	for (i = 0; i < r->n && i < 16; i++) {
		u8 c = r->code[i], l;

		if (!(pb.par & (1u << i)))
			continue;
		memset(&p[in.npar], 0, sizeof(p[0]));
		p[in.npar].pos = i;
		p[in.npar].kind = DT_SCM_V_STR;
		p[in.npar].str = (const u8 *)"p";
		p[in.npar].len = 1;
		if (dt_scm_is_lit(c)) {
			p[in.npar].str = dt_scm_tok(&sch, c, &l);
			p[in.npar].len = l;
		} else if (dt_scm_class(c) == DT_SCM_INDEX &&
			   (c & 31) < sgn.nx) {
			p[in.npar].str = sgn.xpool + sgn.xoff[c & 31];
			p[in.npar].len = sgn.xlen[c & 31];
		}
		in.npar++;
	}
	n = dt_schema_build_name(&sgn, &in, out, sizeof(out), NULL);
	if (n < 0)
		return;
	if (dt_name_parse(out, n, 0, &nm))
		abort();	/* the builder wrote a malformed name */
	/* a name we build ourselves must pass our own validation */
	if (dt_schema_match(&sgn, &nm, NULL))
		abort();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	const struct dt_name *np[DT_SCM_MAX_CHAIN_LEN];
	static u8 bufs[DT_SCM_MAX_CHAIN_LEN][1024];
	struct dt_name nm[DT_SCM_MAX_CHAIN_LEN];
	unsigned int c, k, L, p;
	char ans[256];
	u8 cm;

	if (dt_schema_read(&sch, data, size, NULL))
		return 0;
	if (!devnull)
		devnull = fopen("/dev/null", "w");
	dt_scm_dump(devnull, &sch);
	dt_scm_info(&sch, "", ans, sizeof(ans));
	dt_scm_info(&sch, "-c KM", ans, sizeof(ans));
	dt_schema_check_caps(&sch);
	for (p = 0; p < sch.n[DT_SCM_PUBS]; p++)
		dt_scm_pub_value(&sch, p);
	for (c = 0; c < sch.n[DT_SCM_CHAINS]; c++) {
		L = synth_chain(&sch, c, bufs, nm);
		if (!L)
			continue;
		for (k = 0; k < L; k++) {
			np[k] = &nm[k];
			dt_schema_cert_template(&sch, &nm[k]);
		}
		cm = dt_schema_match_chains(&sch, np, L);
		if (!(cm & (1u << c)))
			abort();	/* names made from chain c must match it */
		dt_schema_chain_cors_ok(&sch, c, np, L);
		for (p = 0; p < sch.n[DT_SCM_PUBS] && p < 8; p++) {
			memset(&sgn, 0, sizeof(sgn));
			sgn.s = &sch;
			if (dt_schema_resolve(&sgn, p, np, L, cm))
				continue;
			if (sgn.nrt > DT_SCM_MAX_DISC || sgn.nx > 31)
				abort();
			build_and_match();
		}
	}
	return 0;
}
