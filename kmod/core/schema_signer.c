// SPDX-License-Identifier: GPL-2.0
/* Signing chains against the schema and a signer's resolved templates. */
#include "schema.h"
#include "ed25519.h"

u8 dt_schema_match_chains(const struct dt_schema *s,
			  const struct dt_name *const *names, unsigned int L)
{
	unsigned int c, k;
	u8 cm = 0;

	for (c = 0; c < s->n[DT_SCM_CHAINS]; c++) {
		const u8 *ch = dt_scm_bytes(s, &s->chain[c]);

		if (s->chain[c].len != L)
			continue;
		for (k = 0; k < L; k++)
			if (!dt_schema_cert_matches(s, ch[k], names[k]))
				break;
		if (k == L)
			cm |= 1u << c;
	}
	return cm;
}

/* Value of component o of chain name k - 1 (k >= 1), if it exists. */
static bool chain_val(const struct dt_name *const *names, unsigned int L,
		      u8 k, u8 o, struct dt_comp *v)
{
	if (!k || k - 1u >= L || o >= names[k - 1]->ncomp)
		return false;
	dt_name_comp(names[k - 1], o, v);
	return true;
}

bool dt_schema_chain_cors_ok(const struct dt_schema *s, unsigned int c,
			     const struct dt_name *const *names,
			     unsigned int L)
{
	struct dt_scm_disc d;
	struct dt_comp a, b;
	unsigned int k, j;

	/*
	 * schema.md 6.3: the chain-internal items (ct1 >= 1) of every cor
	 * list that a discriminator signed by chain c names. Bound: <= 64
	 * discriminators x their cor items.
	 */
	for (k = 0; k < s->n[DT_SCM_DISCS]; k++) {
		const u8 *cl;

		dt_scm_disc_get(s, k, &d);
		if (!(d.cbm & (1u << c)))
			continue;
		cl = dt_scm_bytes(s, &s->cor[d.cor]);
		for (j = 0; j < s->cor[d.cor].len; j += 4) {
			if (!cl[j])
				continue;
			if (!chain_val(names, L, cl[j], cl[j + 1], &a) ||
			    !chain_val(names, L, cl[j + 2], cl[j + 3], &b) ||
			    a.len != b.len || memcmp(a.val, b.val, a.len))
				return false;
		}
	}
	return true;
}

/* Index of a run-time value in the signer's table, appending it if new. */
static int xval(struct dt_schema_signer *sg, const struct dt_comp *v)
{
	unsigned int i;

	for (i = 0; i < sg->nx; i++)
		if (sg->xlen[i] == v->len &&
		    !memcmp(sg->xpool + sg->xoff[i], v->val, v->len))
			return i;
	/*
	 * DCT gives a 32nd value the code ff, i.e. ANON: it would accept
	 * anything there. We refuse the signer instead (schema.md 7.1).
	 */
	if (sg->nx == DT_SCM_MAX_XVALS || v->len > DT_SCM_XPOOL - sg->xused)
		return -1;
	sg->xoff[sg->nx] = sg->xused;
	sg->xlen[sg->nx] = v->len;
	memcpy(sg->xpool + sg->xused, v->val, v->len);
	sg->xused += v->len;
	return sg->nx++;
}

static unsigned int bits64(u64 v)
{
	unsigned int n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

static unsigned int vs_size(const struct dt_scm_rtmpl *r)
{
	return bits64(r->vs[0]) + bits64(r->vs[1]);
}

/* Resolves the codes of template t for one discriminator (schema.md 7.1). */
static enum dt_schema_err resolve_one(struct dt_schema_signer *sg,
				      const struct dt_scm_disc *d,
				      const struct dt_name *const *names,
				      unsigned int L, struct dt_scm_rtmpl *r)
{
	const struct dt_schema *s = sg->s;
	const u8 *t = dt_scm_bytes(s, &s->tmplt[d->tmpl]);
	const u8 *cl = dt_scm_bytes(s, &s->cor[d->cor]);
	unsigned int i, j, n = s->tmplt[d->tmpl].len;
	struct dt_comp v;
	int x;

	r->n = n;
	for (i = 0; i < n; i++) {
		u8 c = t[i], cls = dt_scm_class(c);

		r->code[i] = c;
		if (cls == 0) {
			r->kind[i] = DT_SCM_K_LIT;
		} else if (cls == DT_SCM_PARAM) {
			r->kind[i] = DT_SCM_K_PARAM;
		} else if (cls == DT_SCM_CALL) {
			r->kind[i] = DT_SCM_K_CALL;
		} else if (cls == DT_SCM_ANON) {
			r->kind[i] = DT_SCM_K_ANON;
		} else {
			/* COR: the first item {0, k, ct2, co2} of the list */
			for (j = 0; j < s->cor[d->cor].len; j += 4)
				if (!cl[j] && cl[j + 1] == (c & 0x1f))
					break;
			if (j >= s->cor[d->cor].len ||
			    !chain_val(names, L, cl[j + 2], cl[j + 3], &v))
				return DT_SCM_E_CERT_BUILD;
			r->kind[i] = DT_SCM_K_CHAIN;
			x = dt_scm_find_tok(s, v.val, v.len);
			if (x < 0) {
				x = xval(sg, &v);
				if (x < 0)
					return DT_SCM_E_CERT_BUILD;
				x |= DT_SCM_INDEX;
			}
			r->code[i] = x;
		}
	}
	return DT_SCM_OK;
}

enum dt_schema_err dt_schema_resolve(struct dt_schema_signer *sg,
				     unsigned int p,
				     const struct dt_name *const *names,
				     unsigned int L, u8 cm)
{
	const struct dt_schema *s = sg->s;
	struct dt_scm_rtmpl *r, tmp;
	struct dt_scm_disc d;
	struct dt_scm_pub pb;
	enum dt_schema_err e;
	unsigned int k, i, j;

	if (p >= s->n[DT_SCM_PUBS] || L > DT_SCM_MAX_CHAIN_LEN)
		return DT_SCM_E_CERT_BUILD;
	dt_scm_pub_get(s, p, &pb);
	sg->pub = p;
	sg->nrt = 0;
	sg->nx = 0;
	sg->xused = 0;
	for (k = 0; k < s->n[DT_SCM_DISCS]; k++) {
		if (!(pb.disc & (1ULL << k)))
			continue;
		dt_scm_disc_get(s, k, &d);
		if (d.cbm && !(d.cbm & cm))
			continue;	/* not for this signer */
		r = &sg->rt[sg->nrt];
		memset(r, 0, sizeof(*r));
		r->comp = d.comp;
		if (d.vl < 128) {
			r->vs[d.vl / 64] |= 1ULL << (d.vl % 64);
		} else {
			const struct dt_scm_item *vl = &s->vlist[d.vl - 128];
			const u8 *tk = dt_scm_bytes(s, vl);

			for (j = 0; j < vl->len; j++)
				r->vs[tk[j] / 64] |= 1ULL << (tk[j] % 64);
		}
		e = resolve_one(sg, &d, names, L, r);
		if (e)
			return e;
		/* Merge with an identical resolved template. */
		for (i = 0; i < sg->nrt; i++)
			if (sg->rt[i].comp == r->comp && sg->rt[i].n == r->n &&
			    !memcmp(sg->rt[i].code, r->code, r->n))
				break;
		if (i < sg->nrt) {
			sg->rt[i].vs[0] |= r->vs[0];
			sg->rt[i].vs[1] |= r->vs[1];
		} else {
			sg->nrt++;
		}
	}
	for (i = 0; i < sg->nrt; i++)
		sg->rt[i].vs_check = sg->rt[i].vs[0] > 1 || sg->rt[i].vs[1];
	/* Stable insertion sort by value-set size, largest first. */
	for (i = 1; i < sg->nrt; i++) {
		tmp = sg->rt[i];
		for (j = i; j > 0 && vs_size(&sg->rt[j - 1]) < vs_size(&tmp); j--)
			sg->rt[j] = sg->rt[j - 1];
		sg->rt[j] = tmp;
	}
	return DT_SCM_OK;
}

/* KeyLocator links, anchor, validity and signatures of a signing chain. */
static enum dt_schema_err check_links(const struct dt_schema *s,
				      const struct dt_data *chain,
				      unsigned int n,
				      const u8 anchor_tp[DT_THUMBPRINT_LEN],
				      u64 now_us)
{
	u8 tp[DT_THUMBPRINT_LEN];
	const struct dt_data *c, *up;
	unsigned int k;
	u32 slen;

	for (k = 0; k < n; k++)
		if (chain[k].si.type != s->cert_sig ||
		    chain[k].sig_len != DT_ED25519_SIG_LEN ||
		    !chain[k].si.key_digest)
			return DT_SCM_E_CERT_SIGTYPE;
	for (k = 0; k < n; k++) {
		c = &chain[k];
		if (k + 1 == n) {
			dt_thumbprint(c->buf, c->size, tp);
			if (!dt_tp_is_zero(c->si.key_digest) ||
			    memcmp(tp, anchor_tp, DT_THUMBPRINT_LEN))
				return DT_SCM_E_CERT_TRUST;
			continue;
		}
		if (dt_tp_is_zero(c->si.key_digest))
			return DT_SCM_E_CERT_ANCHOR;
		dt_thumbprint(chain[k + 1].buf, chain[k + 1].size, tp);
		if (memcmp(tp, c->si.key_digest, DT_THUMBPRINT_LEN))
			return DT_SCM_E_CERT_SIGNER;
		if (dt_cert_is_schema_name(&c->name))
			return DT_SCM_E_CERT_SCHEMA;
	}
	for (k = 0; k < n; k++)
		if (dt_cert_check_time(&chain[k], now_us, 0))
			return DT_SCM_E_CERT_TIME;
	for (k = 0; k < n; k++) {
		const u8 *msg;

		c = &chain[k];
		up = k + 1 < n ? &chain[k + 1] : c;
		if (up->content_len != DT_ED25519_PK_LEN)
			return DT_SCM_E_CERT_SIG;
		msg = dt_data_signed(c, &slen);
		if (dt_ed25519_verify(dt_data_sig(c), msg, slen,
				      dt_data_content(up)))
			return DT_SCM_E_CERT_SIG;
	}
	return DT_SCM_OK;
}

enum dt_schema_err dt_schema_signer_init(struct dt_schema_signer *sg,
					 const struct dt_schema *s,
					 const struct dt_data *chain,
					 unsigned int n,
					 const u8 anchor_tp[DT_THUMBPRINT_LEN],
					 u64 now_us)
{
	const struct dt_name *names[DT_SCM_MAX_CHAIN_LEN];
	struct dt_scm_pub pb;
	enum dt_schema_err e;
	unsigned int k, c;
	u8 cm, all = 0;

	memset(sg, 0, sizeof(*sg));
	sg->s = s;
	if (n < 2 || n > DT_SCM_MAX_CHAIN_LEN)
		return DT_SCM_E_CERT_FORM;
	e = check_links(s, chain, n, anchor_tp, now_us);
	if (e)
		return e;
	for (k = 0; k < n; k++) {
		names[k] = &chain[k].name;
		if (k + 1 < n && dt_schema_cert_template(s, names[k]) < 0)
			return DT_SCM_E_CERT_NO_TEMPLATE;
	}
	cm = dt_schema_match_chains(s, names, n);
	if (!cm)
		return DT_SCM_E_CERT_CHAIN;
	/*
	 * DCT checks the correspondences of the lowest matching chain only;
	 * we check every matching chain and keep those that hold (schema.md
	 * 6.3 (+)), the same for every vector schema.
	 */
	for (c = 0; c < DT_SCM_MAX_CHAINS; c++)
		if ((cm & (1u << c)) &&
		    !dt_schema_chain_cors_ok(s, c, names, n))
			cm &= ~(1u << c);
	if (!cm)
		return DT_SCM_E_CERT_CHAIN_COR;
	/*
	 * Open question Q2 (schema.md 12.3), decided: as DCT, only pub 0 is
	 * an application Publication type; a signer gets templates for pub 0
	 * alone and other pubs are directives (deftt-schema check may warn).
	 */
	dt_scm_pub_get(s, 0, &pb);
	for (k = 0; k < s->n[DT_SCM_DISCS]; k++)
		if (pb.disc & (1ULL << k)) {
			struct dt_scm_disc d;

			dt_scm_disc_get(s, k, &d);
			all |= d.cbm;
		}
	sg->cm = all ? cm & all : 0;
	e = dt_schema_resolve(sg, 0, names, n, sg->cm);
	if (e) {
		sg->nrt = 0;
		return e;
	}
	dt_thumbprint(chain[0].buf, chain[0].size, sg->tp);
	memcpy(sg->pk, dt_data_content(&chain[0]), DT_PUBKEY_LEN);
	if (dt_validity_parse(chain[0].si.not_after, &sg->not_after)) {
		sg->nrt = 0;
		return DT_SCM_E_CERT_TIME;
	}
	return DT_SCM_OK;
}
