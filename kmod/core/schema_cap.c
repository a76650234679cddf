// SPDX-License-Identifier: GPL-2.0
/* Capabilities: which templates grant them, which chain certs carry them. */
#include "schema.h"

/* One literal string of a capability probe name. */
struct probe {
	const u8 *b;
	size_t len;
};

int dt_schema_cap_template(const struct dt_schema *s, const char *cap)
{
	const struct dt_scm_item *pv;
	struct probe pr[DT_SCM_MAX_COMPS];
	unsigned int np = 0, i, t;
	const u8 *pc;
	u8 l;
	static const char *const tail[] = { "CAP", NULL, "_", "KEY", "_",
					    "dct", "_" };

	/* <prefix>/CAP/<cap>/_/KEY/_/dct/_ (schema.md 9.2) */
	pv = dt_scm_pub_value(s, s->pub_prefix);
	pc = dt_scm_bytes(s, pv);
	if (pv->len + ARRAY_SIZE(tail) > DT_SCM_MAX_COMPS)
		return -1;
	for (i = 0; i < pv->len; i++) {
		pr[np].b = dt_scm_tok(s, pc[i], &l);
		pr[np++].len = l;
	}
	for (i = 0; i < ARRAY_SIZE(tail); i++) {
		const char *str = tail[i] ? tail[i] : cap;

		pr[np].b = (const u8 *)str;
		pr[np++].len = strlen(str);
	}
	for (t = 0; t + 1 < s->n[DT_SCM_CERTS]; t++) {
		const u8 *c = dt_scm_bytes(s, &s->cert[t]);

		if (s->cert[t].len != np)
			continue;
		for (i = 0; i < np; i++) {
			const u8 *tb;

			if (!dt_scm_is_lit(c[i]))
				continue;
			tb = dt_scm_tok(s, c[i], &l);
			if (l != pr[i].len || memcmp(tb, pr[i].b, l))
				break;
		}
		if (i == np)
			return t;
	}
	return -1;
}

enum dt_schema_err dt_schema_check_caps(const struct dt_schema *s)
{
	bool sg = s->msgs_sig == DT_SIG_PPAEAD || s->msgs_sig == DT_SIG_PPSIGN ||
		  s->pdu_sig == DT_SIG_PPAEAD || s->pdu_sig == DT_SIG_PPSIGN;

	if (dt_sig_encrypts(s->pdu_sig) && dt_schema_cap_template(s, "KM") < 0)
		return DT_SCM_E_CAPS;
	if (dt_sig_encrypts(s->msgs_sig) &&
	    dt_schema_cap_template(s, "KMP") < 0)
		return DT_SCM_E_CAPS;
	if (sg && dt_schema_cap_template(s, "SG") < 0)
		return DT_SCM_E_CAPS;
	return DT_SCM_OK;
}

int dt_schema_prefix_match(const struct dt_schema *s, const struct dt_name *n)
{
	const struct dt_scm_item *pv = dt_scm_pub_value(s, s->pub_prefix);
	const u8 *pc = dt_scm_bytes(s, pv);
	struct dt_comp c;
	unsigned int i;
	const u8 *tb;
	u8 l;

	if (n->ncomp < pv->len)
		return -1;
	for (i = 0; i < pv->len; i++) {
		tb = dt_scm_tok(s, pc[i], &l);
		dt_name_comp(n, i, &c);
		if (!dt_comp_is_generic(&c, tb, l))
			return -1;
	}
	return pv->len;
}

int dt_schema_cap_find(const struct dt_schema *s,
		       const struct dt_name *const *names, unsigned int L,
		       const char *cap, struct dt_comp *arg)
{
	struct dt_comp c;
	unsigned int k;
	int np;

	for (k = 0; k < L; k++) {
		const struct dt_name *n = names[k];

		np = dt_schema_prefix_match(s, n);
		if (np < 0 || n->ncomp < np + 2u)
			continue;
		dt_name_comp(n, np, &c);
		if (!dt_comp_is_generic(&c, "CAP", 3))
			continue;
		dt_name_comp(n, np + 1, &c);
		if (!dt_comp_is_generic(&c, cap, strlen(cap)))
			continue;
		memset(arg, 0, sizeof(*arg));
		if (n->ncomp > np + 2)
			dt_name_comp(n, np + 2, arg);
		return k;
	}
	return -1;
}
