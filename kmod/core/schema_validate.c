// SPDX-License-Identifier: GPL-2.0
/* Publication validation against a signer's resolved templates. */
#include "schema.h"

/* Steps of schema.md 7.3 a template can fail at, in order. */
static const enum dt_schema_err step_err[] = {
	DT_SCM_E_PUB_LEN, DT_SCM_E_PUB_DISC, DT_SCM_E_PUB_LITERAL,
	DT_SCM_E_PUB_COR, DT_SCM_E_PUB_TYPE,
};

static bool val_eq(const struct dt_comp *c, const u8 *b, size_t len)
{
	return c->len == len && !memcmp(c->val, b, len);
}

/* Value of name position i equals resolved code c (LIT or INDEX). */
static bool code_matches(const struct dt_schema_signer *sg, u8 c,
			 const struct dt_comp *v)
{
	const u8 *b;
	u8 l;

	if (dt_scm_is_lit(c)) {
		b = dt_scm_tok(sg->s, c, &l);
		return val_eq(v, b, l);
	}
	c &= 0x1f;
	return c < sg->nx && val_eq(v, sg->xpool + sg->xoff[c], sg->xlen[c]);
}

/*
 * One template against the name. Returns the number of steps passed
 * (5 = accepted) and the failing position in *pos. PARAM and CALL codes
 * accept any value (schema.md 7.1), except for the type check.
 *
 * Open question Q3 (schema.md 12.3), decided: the binary carries no
 * parameter types, so a PARAM position accepts any component type; only
 * literals, chain values and the two calls are type-checked (step 6).
 * Open question Q6, decided: the structure is matched before the
 * signature is verified (the caller's next step, by the signature
 * manager); no signature type in use protects the name by encryption.
 */
static unsigned int match_one(const struct dt_schema_signer *sg,
			      const struct dt_scm_rtmpl *r,
			      const struct dt_comp *comp, unsigned int ncomp,
			      int *tokcache, u8 *pos)
{
	unsigned int i, pass;
	int j;

	*pos = 0;
	if (ncomp != r->n)
		return 0;
	if (r->vs_check && r->comp < r->n) {
		j = tokcache[r->comp];
		if (j == -2) {
			j = dt_scm_find_tok(sg->s, comp[r->comp].val,
					    comp[r->comp].len);
			tokcache[r->comp] = j;
		}
		*pos = r->comp;
		if (j < 0 || !(r->vs[j / 64] & (1ULL << (j % 64))))
			return 1;
	}
	/* 4: the schema's literals; 5: the values from the chain. */
	for (pass = DT_SCM_K_LIT; pass <= DT_SCM_K_CHAIN; pass++)
		for (i = 0; i < r->n; i++) {
			if (r->kind[i] != pass)
				continue;
			if (!code_matches(sg, r->code[i], &comp[i])) {
				*pos = i;
				return 2 + pass;
			}
		}
	/* 6 (+): component types. */
	for (i = 0; i < r->n; i++) {
		bool ok = true;

		*pos = i;
		if (r->kind[i] == DT_SCM_K_LIT || r->kind[i] == DT_SCM_K_CHAIN ||
		    r->code[i] == DT_SCM_CALL_SYSID)
			ok = comp[i].type == DT_COMP_GENERIC;
		else if (r->code[i] == DT_SCM_CALL_TS)
			ok = comp[i].type == DT_COMP_TIMESTAMP &&
			     comp[i].len >= 1 && comp[i].len <= 8;
		if (!ok)
			return 4;
	}
	return 5;
}

enum dt_schema_err dt_schema_match(const struct dt_schema_signer *sg,
				   const struct dt_name *name,
				   struct dt_scm_verdict *v)
{
	struct dt_comp comp[DT_SCM_MAX_COMPS];
	int tokcache[DT_SCM_MAX_COMPS];
	unsigned int i, got, best = 0;
	u8 pos, best_pos = 0, best_t = 0;

	if (name->ncomp > DT_SCM_MAX_COMPS)
		return DT_SCM_E_PUB_LEN;
	for (i = 0; i < name->ncomp; i++) {
		dt_name_comp(name, i, &comp[i]);
		tokcache[i] = -2;
	}
	for (i = 0; i < sg->nrt; i++) {
		got = match_one(sg, &sg->rt[i], comp, name->ncomp, tokcache,
				&pos);
		if (got == ARRAY_SIZE(step_err)) {
			best_t = i;
			best_pos = 0;
			best = got;
			break;
		}
		if (got > best || i == 0) {
			best = got;
			best_t = i;
			best_pos = pos;
		}
	}
	if (v) {
		v->tmpl = best_t;
		v->pos = best_pos;
	}
	if (best == ARRAY_SIZE(step_err))
		return DT_SCM_OK;
	return step_err[best];
}

enum dt_schema_err dt_schema_pub_check(const struct dt_schema_signer *sg,
				       const struct dt_data *pub, u64 now_us,
				       struct dt_scm_verdict *v)
{
	if (!pub->si.key_digest ||
	    memcmp(pub->si.key_digest, sg->tp, DT_THUMBPRINT_LEN))
		return DT_SCM_E_PUB_NO_SIGNER;
	/*
	 * Open question Q1 (schema.md 12.3), decided: a signer past its
	 * NotAfter signs nothing more. DCT keeps accepting until the cert
	 * store's expiry sweep removes it; we compare on every Publication,
	 * in whole seconds as dt_cert_check_time() does.
	 */
	if ((s64)(now_us / 1000000) > sg->not_after)
		return DT_SCM_E_PUB_SIGNER_EXPIRED;
	return dt_schema_match(sg, &pub->name, v);
}
