// SPDX-License-Identifier: GPL-2.0
/* Cert names against cert templates and the schema's rules for one cert. */
#include "schema.h"
#include "ed25519.h"

bool dt_schema_cert_matches(const struct dt_schema *s, unsigned int t,
			    const struct dt_name *n)
{
	const u8 *c = dt_scm_bytes(s, &s->cert[t]);
	struct dt_comp v;
	unsigned int i;

	if (n->ncomp != s->cert[t].len)
		return false;
	for (i = 0; i < n->ncomp; i++) {
		const u8 *tb;
		u8 l;

		if (!dt_scm_is_lit(c[i]))
			continue;	/* COR or ANON: any value here */
		tb = dt_scm_tok(s, c[i], &l);
		dt_name_comp(n, i, &v);
		/*
		 * (+) a literal position must be Generic (schema.md 6.1).
		 * Open question Q5, decided: kept; every DCT tool names certs
		 * from strings, and no vector cert is refused by it.
		 */
		if (!dt_comp_is_generic(&v, tb, l))
			return false;
	}
	return true;
}

int dt_schema_cert_template(const struct dt_schema *s, const struct dt_name *n)
{
	unsigned int t;

	/* The anchor's template (the last) is never tried. */
	for (t = 0; t + 1 < s->n[DT_SCM_CERTS]; t++)
		if (dt_schema_cert_matches(s, t, n))
			return t;
	return -1;
}

enum dt_schema_err dt_schema_cert_check(const struct dt_schema *s,
					const struct dt_data *cert,
					bool *signing)
{
	unsigned int c;
	int t;

	if (signing)
		*signing = false;
	/*
	 * DCT's order (distributors.md 3.3 steps 2-3): type, a non-anchor
	 * template, then no anchors and no schemas. A copy of the anchor or
	 * of a schema cert usually fails the template step already.
	 */
	if (cert->si.type != s->cert_sig)
		return DT_SCM_E_CERT_SIGTYPE;
	t = dt_schema_cert_template(s, &cert->name);
	if (t < 0)
		return DT_SCM_E_CERT_NO_TEMPLATE;
	if (!cert->si.key_digest || dt_tp_is_zero(cert->si.key_digest))
		return DT_SCM_E_CERT_ANCHOR;
	if (dt_cert_is_schema_name(&cert->name))
		return DT_SCM_E_CERT_SCHEMA;
	for (c = 0; signing && c < s->n[DT_SCM_CHAINS]; c++) {
		u8 first = dt_scm_bytes(s, &s->chain[c])[0];

		if (dt_schema_cert_matches(s, first, &cert->name))
			*signing = true;
	}
	return DT_SCM_OK;
}

/* Signature of c verifies with the 32-byte key of signer. */
static bool signed_by(const struct dt_data *c, const struct dt_data *signer)
{
	const u8 *msg;
	u32 len;

	if (c->sig_len != DT_ED25519_SIG_LEN ||
	    signer->content_len != DT_ED25519_PK_LEN)
		return false;
	msg = dt_data_signed(c, &len);
	return !dt_ed25519_verify(dt_data_sig(c), msg, len,
				  dt_data_content(signer));
}

/* Component i of n is a Generic holding token t's bytes. */
static bool comp_is_tok(const struct dt_schema *s, const struct dt_name *n,
			unsigned int i, u8 t)
{
	struct dt_comp c;
	const u8 *tb;
	u8 l;

	tb = dt_scm_tok(s, t, &l);
	dt_name_comp(n, i, &c);
	return dt_comp_is_generic(&c, tb, l);
}

enum dt_schema_err dt_schema_bootstrap(const struct dt_schema *s,
				       const struct dt_data *anchor,
				       const struct dt_data *schema_cert)
{
	const struct dt_scm_item *pv = dt_scm_pub_value(s, s->pub_prefix);
	const struct dt_name *sn = &schema_cert->name;
	u8 tp[DT_THUMBPRINT_LEN];
	struct dt_scm_pub p0;
	struct dt_comp c;
	unsigned int i;

	if (!dt_sig_keyed(anchor->si.type) || !anchor->si.key_digest ||
	    !dt_tp_is_zero(anchor->si.key_digest) ||
	    anchor->si.type != s->cert_sig || !signed_by(anchor, anchor) ||
	    !dt_schema_cert_matches(s, s->n[DT_SCM_CERTS] - 1, &anchor->name))
		return DT_SCM_E_BOOT_ANCHOR;
	dt_thumbprint(anchor->buf, anchor->size, tp);
	if (!schema_cert->si.key_digest ||
	    memcmp(schema_cert->si.key_digest, tp, DT_THUMBPRINT_LEN) ||
	    !signed_by(schema_cert, anchor))
		return DT_SCM_E_BOOT_SCHEMA_CERT;
	/* <prefix...>/schema/<pub 0>/KEY/<kid>/dct/<ts> */
	if (sn->ncomp != pv->len + 6u || !dt_cert_is_schema_name(sn))
		return DT_SCM_E_BOOT_SCHEMA_CERT;
	dt_name_comp(sn, -4, &c);
	if (!dt_comp_is_generic(&c, "KEY", 3))
		return DT_SCM_E_BOOT_SCHEMA_CERT;
	for (i = 0; i < pv->len; i++)
		if (!comp_is_tok(s, sn, i, dt_scm_bytes(s, pv)[i]))
			return DT_SCM_E_BOOT_SCHEMA_CERT;
	dt_scm_pub_get(s, 0, &p0);
	if (!comp_is_tok(s, sn, sn->ncomp - 5, p0.name))
		return DT_SCM_E_BOOT_SCHEMA_CERT;
	return DT_SCM_OK;
}
