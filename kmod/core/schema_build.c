// SPDX-License-Identifier: GPL-2.0
/* Publication names built from parameters and a signer's templates. */
#include "schema.h"

/* Parameters by position, and the pub's tag list. */
struct bld {
	const struct dt_schema_signer *sg;
	const struct dt_scm_param *p[DT_SCM_MAX_COMPS];
	const u8 *tags;
	u16 par;
	u8 ntag;
};

/* Position of a parameter: first position with its tag, or its pos. */
static int param_pos(const struct bld *b, const struct dt_scm_param *p)
{
	unsigned int i;
	int t;

	if (!p->tag)
		return p->pos < b->ntag ? p->pos : -1;
	t = dt_scm_find_tok(b->sg->s, (const u8 *)p->tag, strlen(p->tag));
	for (i = 0; t >= 0 && i < b->ntag; i++)
		if (b->tags[i] == t)
			return i;
	return -1;
}

static bool is_par(const struct bld *b, int i)
{
	return i >= 0 && i < 16 && (b->par & (1u << i));
}

/*
 * text(v) of schema.md 8.2 into buf: a string's bytes, an integer's
 * decimal digits. Open question Q4 (schema.md 12.3), decided: a time
 * point has no text, so it never equals a literal (fits fails).
 */
static const u8 *text(const struct dt_scm_param *p, u8 *buf, size_t *len)
{
	u64 v = p->num;
	unsigned int n = 0, i;
	u8 tmp[20];

	if (p->kind == DT_SCM_V_STR) {
		*len = p->len;
		return p->str;
	}
	if (p->kind != DT_SCM_V_UINT)
		return NULL;
	do {
		tmp[n++] = '0' + v % 10;
		v /= 10;
	} while (v);
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	*len = n;
	return buf;
}

/* Parameter text equals resolved code c (LIT or INDEX). */
static bool text_is(const struct dt_schema_signer *sg,
		    const struct dt_scm_param *p, u8 c)
{
	const u8 *t, *b;
	u8 nb[20], l;
	size_t tl;

	t = text(p, nb, &tl);
	if (!t)
		return false;
	if (dt_scm_is_lit(c)) {
		b = dt_scm_tok(sg->s, c, &l);
		return tl == l && !memcmp(t, b, l);
	}
	if (dt_scm_class(c) != DT_SCM_INDEX || c == DT_SCM_ANON ||
	    (c & 0x1f) >= sg->nx)
		return false;
	c &= 0x1f;
	return tl == sg->xlen[c] && !memcmp(t, sg->xpool + sg->xoff[c], tl);
}

static bool fits(const struct bld *b, const struct dt_scm_rtmpl *r)
{
	unsigned int c;

	for (c = 0; c < r->n; c++) {
		if (!is_par(b, c) || dt_scm_class(r->code[c]) == DT_SCM_PARAM)
			continue;
		if (!text_is(b->sg, b->p[c], r->code[c]))
			return false;
	}
	return true;
}

/* The first resolved template the parameters select (schema.md 8.2). */
static const struct dt_scm_rtmpl *choose(const struct bld *b)
{
	const struct dt_schema_signer *sg = b->sg;
	const struct dt_scm_rtmpl *r;
	unsigned int i;
	const u8 *t;
	u8 nb[20];
	size_t tl;
	int j;

	for (i = 0; i < sg->nrt; i++) {
		r = &sg->rt[i];
		if ((r->comp == DT_SCM_NO_COMP || !r->vs_check) && fits(b, r))
			return r;
		/*
		 * DCT then reads parameter 128 when comp is 128; there is
		 * nothing to test in that case (schema.md 8.2, S18).
		 */
		if (r->comp >= r->n || !b->p[r->comp])
			continue;
		t = text(b->p[r->comp], nb, &tl);
		j = t ? dt_scm_find_tok(sg->s, t, tl) : -1;
		if (j >= 0 && (r->vs[j / 64] & (1ULL << (j % 64))) && fits(b, r))
			return r;
	}
	return NULL;
}

static int fail(struct dt_scm_diag *diag, enum dt_schema_err e,
		unsigned int pos)
{
	if (diag) {
		diag->sec = DT_SCM_TAGS;
		diag->item = pos;
	}
	return -(int)e;
}

/* Emits position i of r (schema.md 8.3). */
static enum dt_schema_err emit(const struct bld *b,
			       const struct dt_scm_rtmpl *r, unsigned int i,
			       const struct dt_scm_build *in,
			       struct dt_name_bld *nb)
{
	const struct dt_schema_signer *sg = b->sg;
	const struct dt_scm_param *p;
	u8 c = r->code[i], l;
	const u8 *tb;

	switch (dt_scm_class(c)) {
	case 0:
		tb = dt_scm_tok(sg->s, c, &l);
		dt_nb_comp(nb, DT_COMP_GENERIC, tb, l);
		return DT_SCM_OK;
	case DT_SCM_INDEX:
		c &= 0x1f;
		if (c >= sg->nx)
			return DT_SCM_E_BUILD_CALL;
		dt_nb_comp(nb, DT_COMP_GENERIC, sg->xpool + sg->xoff[c],
			   sg->xlen[c]);
		return DT_SCM_OK;
	case DT_SCM_PARAM:
		p = b->p[i];
		if (!p)
			return DT_SCM_E_BUILD_MISSING;
		if (p->kind == DT_SCM_V_STR)
			dt_nb_comp(nb, DT_COMP_GENERIC, p->str, p->len);
		else
			dt_nb_number(nb, p->kind == DT_SCM_V_UINT ?
				     DT_COMP_SEQNUM : DT_COMP_TIMESTAMP, p->num);
		return DT_SCM_OK;
	case DT_SCM_ANON:
		/* DCT emits run-time value 31 here (past its table). */
		return DT_SCM_E_BUILD_ANON;
	default:
		if (c == DT_SCM_CALL_TS) {
			dt_nb_number(nb, DT_COMP_TIMESTAMP, in->now_us);
			return DT_SCM_OK;
		}
		if (c == DT_SCM_CALL_SYSID) {
			dt_nb_comp(nb, DT_COMP_GENERIC, in->sysid,
				   in->sysid_len);
			return DT_SCM_OK;
		}
		return DT_SCM_E_BUILD_CALL;
	}
}

int dt_schema_build_name(const struct dt_schema_signer *sg,
			 const struct dt_scm_build *in, u8 *buf, size_t cap,
			 struct dt_scm_diag *diag)
{
	const struct dt_schema *s = sg->s;
	const struct dt_scm_rtmpl *r;
	struct dt_name_bld nb;
	struct dt_scm_pub pb;
	enum dt_schema_err e;
	struct bld b;
	unsigned int i;
	int pos, n;

	memset(&b, 0, sizeof(b));
	b.sg = sg;
	dt_scm_pub_get(s, sg->pub, &pb);
	b.tags = dt_scm_bytes(s, &s->tag[pb.tag]);
	b.ntag = s->tag[pb.tag].len;
	b.par = pb.par;
	for (i = 0; i < in->npar; i++) {
		pos = param_pos(&b, &in->par[i]);
		if (!is_par(&b, pos))
			return fail(diag, DT_SCM_E_BUILD_NOT_PARAM, i);
		if (b.p[pos])
			return fail(diag, DT_SCM_E_BUILD_TWICE, pos);
		b.p[pos] = &in->par[i];
	}
	for (i = 0; in->def && i < in->ndef; i++) {
		pos = param_pos(&b, &in->def[i]);
		if (!is_par(&b, pos))
			return fail(diag, DT_SCM_E_BUILD_NOT_PARAM, i);
		if (!b.p[pos])
			b.p[pos] = &in->def[i];
	}
	for (i = 0; i < b.ntag; i++)
		if (is_par(&b, i) && !b.p[i])
			return fail(diag, DT_SCM_E_BUILD_MISSING, i);
	r = choose(&b);
	if (!r)
		return fail(diag, DT_SCM_E_BUILD_NO_TEMPLATE, 0);
	dt_nb_init(&nb, buf, cap);
	for (i = 0; i < r->n; i++) {
		e = emit(&b, r, i, in, &nb);
		if (e)
			return fail(diag, e, i);
	}
	n = dt_nb_finish(&nb);
	if (n < 0)
		return fail(diag, DT_SCM_E_BUILD_NOSPACE, 0);
	return n;
}
