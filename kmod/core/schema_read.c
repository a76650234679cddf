// SPDX-License-Identifier: GPL-2.0
/* Binary schema reader: every check of schema.md 4, in table order. */
#include "schema.h"

#define SCM_OUTER_TYPE	131
#define SCM_SEC_TYPE0	132
#define DISC_REC	5
#define PUB_REC		16

/* Section value bounds found by the framing pass. */
struct secs {
	u16 off[DT_SCM_NSEC];
	u16 len[DT_SCM_NSEC];
};

/* Reader state: the schema being filled and where the first error was. */
struct rd {
	struct dt_schema *s;
	struct dt_scm_diag *diag;
	struct secs sec;
};

static enum dt_schema_err fail(struct rd *r, enum dt_schema_err e,
			       unsigned int sec, unsigned int item)
{
	if (r->diag) {
		r->diag->sec = sec;
		r->diag->item = item;
	}
	return e;
}

/*
 * LEN (schema.md 2.1): one byte < 253, or fd + 16-bit big-endian >= 253.
 * fe/ff and a non-minimal fd form are invalid.
 */
static bool get_len(const u8 *p, u32 avail, u32 *v, u32 *hl)
{
	if (!avail)
		return false;
	if (p[0] < 0xfd) {
		*v = p[0];
		*hl = 1;
		return true;
	}
	if (p[0] != 0xfd || avail < 3)
		return false;
	*v = dt_get_be16(p + 1);
	*hl = 3;
	return *v >= 0xfd;
}

/* Step 2: ten sections, types 132..141, exactly filling the outer value. */
static enum dt_schema_err frame_sections(struct rd *r)
{
	const struct dt_schema *s = r->s;
	u32 pos = 0, v, hl;
	unsigned int i;

	for (i = 0; i < DT_SCM_NSEC; i++) {
		if (pos >= s->len || s->val[pos] != SCM_SEC_TYPE0 + i ||
		    !get_len(s->val + pos + 1, s->len - pos - 1, &v, &hl) ||
		    v > s->len - pos - 1 - hl)
			return fail(r, DT_SCM_E_SECTION, i, 0);
		r->sec.off[i] = pos + 1 + hl;
		r->sec.len[i] = v;
		pos += 1 + hl + v;
	}
	if (pos != s->len)
		return fail(r, DT_SCM_E_SECTION, DT_SCM_PUBS, 0);
	return DT_SCM_OK;
}

/* The item array of a variable section and how many entries it holds. */
static struct dt_scm_item *items_of(struct dt_schema *s, unsigned int sec,
				    unsigned int *cap)
{
	*cap = DT_SCM_MAX_ITEMS;
	switch (sec) {
	case DT_SCM_TOKS:
		*cap = DT_SCM_MAX_TOK;
		return s->tok;
	case DT_SCM_CERTS:
		return s->cert;
	case DT_SCM_CHAINS:
		*cap = DT_SCM_MAX_CHAINS;
		return s->chain;
	case DT_SCM_CORS:
		return s->cor;
	case DT_SCM_TAGS:
		return s->tag;
	case DT_SCM_TMPLTS:
		return s->tmplt;
	default:
		return s->vlist;
	}
}

/*
 * Step 3: frames the items of every variable section. Items past the
 * array's capacity are framed and counted but not stored; steps 4 and 9
 * (tokens, chains) and the item limit below reject such schemas.
 */
static enum dt_schema_err frame_items(struct rd *r)
{
	struct dt_schema *s = r->s;
	unsigned int sec, cap, cnt;
	struct dt_scm_item *it;
	u32 pos, end, v, hl;

	for (sec = DT_SCM_TOKS; sec <= DT_SCM_VLISTS; sec++) {
		it = items_of(s, sec, &cap);
		pos = r->sec.off[sec];
		end = pos + r->sec.len[sec];
		for (cnt = 0; pos < end; cnt++) {
			if (!get_len(s->val + pos, end - pos, &v, &hl))
				return fail(r, DT_SCM_E_ITEM, sec, cnt);
			pos += hl;
			if (sec == DT_SCM_TOKS) {
				/* {off: LEN, len: u8} */
				if (pos >= end)
					return fail(r, DT_SCM_E_ITEM, sec, cnt);
				if (cnt < cap) {
					it[cnt].off = v;
					it[cnt].len = s->val[pos];
				}
				pos++;
				continue;
			}
			if (v > end - pos)
				return fail(r, DT_SCM_E_ITEM, sec, cnt);
			if (cnt < cap) {
				it[cnt].off = pos;
				it[cnt].len = v;
			}
			pos += v;
		}
		/* deftt limit: an index is a u8, so item 256 is unreachable */
		if (cnt > DT_SCM_MAX_ITEMS)
			return fail(r, DT_SCM_E_ITEM, sec, DT_SCM_MAX_ITEMS);
		s->n[sec] = cnt;
	}
	return DT_SCM_OK;
}

/* Steps 4-5: tokens inside str, non-empty, distinct. */
static enum dt_schema_err check_toks(struct rd *r)
{
	const struct dt_schema *s = r->s;
	unsigned int i, j;

	if (s->n[DT_SCM_TOKS] > DT_SCM_MAX_TOK)
		return fail(r, DT_SCM_E_TOK, DT_SCM_TOKS, DT_SCM_MAX_TOK);
	for (i = 0; i < s->n[DT_SCM_TOKS]; i++)
		if ((u32)s->tok[i].off + s->tok[i].len > s->str_len)
			return fail(r, DT_SCM_E_TOK, DT_SCM_TOKS, i);
	for (i = 0; i < s->n[DT_SCM_TOKS]; i++) {
		const u8 *a, *b;
		u8 al, bl;

		if (!s->tok[i].len)
			return fail(r, DT_SCM_E_TOK, DT_SCM_TOKS, i);
		a = dt_scm_tok(s, i, &al);
		for (j = 0; j < i; j++) {
			b = dt_scm_tok(s, j, &bl);
			if (al == bl && !memcmp(a, b, al))
				return fail(r, DT_SCM_E_TOK, DT_SCM_TOKS, i);
		}
	}
	return DT_SCM_OK;
}

/* Steps 6-7: cert templates hold LIT, COR or ANON; 1..32 codes. */
static enum dt_schema_err check_certs(struct rd *r)
{
	const struct dt_schema *s = r->s;
	unsigned int i, k;

	for (i = 0; i < s->n[DT_SCM_CERTS]; i++) {
		const u8 *c = dt_scm_bytes(s, &s->cert[i]);
		u16 n = s->cert[i].len;

		for (k = 0; k < n; k++) {
			u8 cl = dt_scm_class(c[k]);

			if (!(cl == 0 && c[k] < s->n[DT_SCM_TOKS]) &&
			    cl != DT_SCM_COR && cl != DT_SCM_ANON)
				return fail(r, DT_SCM_E_CERT, DT_SCM_CERTS, i);
		}
		if (!n || n > DT_SCM_MAX_COMPS)
			return fail(r, DT_SCM_E_CERT, DT_SCM_CERTS, i);
		for (k = 0; k < n; k++)
			if (dt_scm_class(c[k]) == DT_SCM_COR &&
			    (c[k] & 0x1f) >= n)
				return fail(r, DT_SCM_E_CERT, DT_SCM_CERTS, i);
	}
	return DT_SCM_OK;
}

/* Steps 8-9: chains of increasing cert indices ending with the anchor. */
static enum dt_schema_err check_chains(struct rd *r)
{
	const struct dt_schema *s = r->s;
	unsigned int i, k, last = 0;

	if (s->n[DT_SCM_CHAINS] > DT_SCM_MAX_CHAINS)
		return fail(r, DT_SCM_E_CHAIN, DT_SCM_CHAINS,
			    DT_SCM_MAX_CHAINS);
	for (i = 0; i < s->n[DT_SCM_CHAINS]; i++) {
		const u8 *c = dt_scm_bytes(s, &s->chain[i]);
		u16 n = s->chain[i].len;

		if (!n)
			return fail(r, DT_SCM_E_CHAIN, DT_SCM_CHAINS, i);
		for (k = 0; k < n; k++)
			if (c[k] >= s->n[DT_SCM_CERTS] || (k && c[k] <= c[k - 1]))
				return fail(r, DT_SCM_E_CHAIN, DT_SCM_CHAINS, i);
		if (i && c[n - 1] != last)
			return fail(r, DT_SCM_E_CHAIN, DT_SCM_CHAINS, i);
		last = c[n - 1];
		if (last != s->n[DT_SCM_CERTS] - 1u)
			return fail(r, DT_SCM_E_CHAIN, DT_SCM_CHAINS, i);
	}
	return DT_SCM_OK;
}

/* Steps 10-11: cor lists of {ct1 < ct2, co1, co2 < 32} items. */
static enum dt_schema_err check_cors(struct rd *r)
{
	const struct dt_schema *s = r->s;
	unsigned int i, k;

	for (i = 0; i < s->n[DT_SCM_CORS]; i++)
		if (s->cor[i].len % 4 ||
		    s->cor[i].len > 4 * DT_SCM_MAX_COR_ITEMS)
			return fail(r, DT_SCM_E_COR, DT_SCM_CORS, i);
	for (i = 0; i < s->n[DT_SCM_CORS]; i++) {
		const u8 *c = dt_scm_bytes(s, &s->cor[i]);

		for (k = 0; k < s->cor[i].len; k += 4)
			if (c[k] >= c[k + 2] || c[k + 1] >= DT_SCM_MAX_COMPS ||
			    c[k + 3] >= DT_SCM_MAX_COMPS)
				return fail(r, DT_SCM_E_COR, DT_SCM_CORS, i);
	}
	return DT_SCM_OK;
}

/* Steps 12 and 14: token lists (tags: 1..32 entries; vlists: >= 1). */
static enum dt_schema_err check_toklists(struct rd *r, unsigned int sec,
					 enum dt_schema_err e, u16 max)
{
	const struct dt_schema *s = r->s;
	const struct dt_scm_item *it = sec == DT_SCM_TAGS ? s->tag : s->vlist;
	unsigned int i, k;

	for (i = 0; i < s->n[sec]; i++) {
		const u8 *c = dt_scm_bytes(s, &it[i]);

		for (k = 0; k < it[i].len; k++)
			if (c[k] >= s->n[DT_SCM_TOKS])
				return fail(r, e, sec, i);
		if (!it[i].len || it[i].len > max)
			return fail(r, e, sec, i);
	}
	return DT_SCM_OK;
}

/* Step 13: pub templates. */
static enum dt_schema_err check_tmplts(struct rd *r)
{
	const struct dt_schema *s = r->s;
	unsigned int i, k;

	for (i = 0; i < s->n[DT_SCM_TMPLTS]; i++) {
		const u8 *c = dt_scm_bytes(s, &s->tmplt[i]);
		u16 n = s->tmplt[i].len;

		if (!n || n > DT_SCM_MAX_COMPS)
			return fail(r, DT_SCM_E_TMPLT, DT_SCM_TMPLTS, i);
		for (k = 0; k < n; k++) {
			u8 cl = dt_scm_class(c[k]);

			if ((cl == 0 && c[k] >= s->n[DT_SCM_TOKS]) ||
			    cl == DT_SCM_INDEX ||
			    (cl == DT_SCM_PARAM && (c[k] & 0x1f) != k) ||
			    (cl == DT_SCM_CALL && c[k] != DT_SCM_CALL_TS &&
			     c[k] != DT_SCM_CALL_SYSID))
				return fail(r, DT_SCM_E_TMPLT, DT_SCM_TMPLTS, i);
		}
	}
	return DT_SCM_OK;
}

void dt_scm_disc_get(const struct dt_schema *s, unsigned int d,
		     struct dt_scm_disc *out)
{
	const u8 *p = s->val + s->disc_off + d * DISC_REC;

	out->cbm = p[0];
	out->tmpl = p[1];
	out->comp = p[2];
	out->vl = p[3];
	out->cor = p[4];
}

/* Bytes 4..7 of a record are the compiler's uninitialised padding. */
void dt_scm_pub_get(const struct dt_schema *s, unsigned int p,
		    struct dt_scm_pub *out)
{
	const u8 *b = s->val + s->pub_off + p * PUB_REC;

	out->par = (u16)(b[0] | b[1] << 8);
	out->name = b[2];
	out->tag = b[3];
	out->disc = dt_get_le64(b + 8);
}

/* Steps 15, 15a, 15b: discriminator records. */
static enum dt_schema_err check_discs(struct rd *r)
{
	struct dt_schema *s = r->s;
	struct dt_scm_disc d;
	unsigned int i, n;

	if (r->sec.len[DT_SCM_DISCS] % DISC_REC)
		return fail(r, DT_SCM_E_DISC, DT_SCM_DISCS, 0);
	n = r->sec.len[DT_SCM_DISCS] / DISC_REC;
	s->n[DT_SCM_DISCS] = n;
	s->disc_off = r->sec.off[DT_SCM_DISCS];
	for (i = 0; i < n; i++) {
		dt_scm_disc_get(s, i, &d);
		if ((d.cbm >> s->n[DT_SCM_CHAINS]) ||
		    d.tmpl >= s->n[DT_SCM_TMPLTS] ||
		    (d.vl < 128 && d.vl >= s->n[DT_SCM_TOKS]) ||
		    (d.vl >= 128 && d.vl - 128 >= s->n[DT_SCM_VLISTS]) ||
		    (d.comp == DT_SCM_NO_COMP && d.vl) ||
		    (d.cor && d.cor >= s->n[DT_SCM_CORS]))
			return fail(r, DT_SCM_E_DISC, DT_SCM_DISCS, i);
	}
	for (i = 0; i < n; i++) {
		dt_scm_disc_get(s, i, &d);
		if (d.comp > DT_SCM_NO_COMP ||
		    (d.cbm && d.cor >= s->n[DT_SCM_CORS]) ||
		    (!d.cbm && d.cor))
			return fail(r, DT_SCM_E_DISC, DT_SCM_DISCS, i);
	}
	if (n > DT_SCM_MAX_DISC)
		return fail(r, DT_SCM_E_DISC, DT_SCM_DISCS, DT_SCM_MAX_DISC);
	return DT_SCM_OK;
}

static unsigned int top_bit(u64 v)
{
	unsigned int n = 0;

	while (v) {
		n++;
		v >>= 1;
	}
	return n;
}

/* Steps 16, 16a: pub records. */
static enum dt_schema_err check_pubs(struct rd *r)
{
	struct dt_schema *s = r->s;
	u64 seen[2] = { 0, 0 };
	struct dt_scm_pub p;
	unsigned int i, n;

	if (r->sec.len[DT_SCM_PUBS] % PUB_REC)
		return fail(r, DT_SCM_E_PUB, DT_SCM_PUBS, 0);
	n = r->sec.len[DT_SCM_PUBS] / PUB_REC;
	s->n[DT_SCM_PUBS] = n;
	s->pub_off = r->sec.off[DT_SCM_PUBS];
	for (i = 0; i < n; i++) {
		dt_scm_pub_get(s, i, &p);
		if (p.name >= s->n[DT_SCM_TOKS] || p.tag >= s->n[DT_SCM_TAGS] ||
		    !p.disc || top_bit(p.disc) > s->n[DT_SCM_DISCS] ||
		    top_bit(p.par) > s->tag[p.tag].len)
			return fail(r, DT_SCM_E_PUB, DT_SCM_PUBS, i);
	}
	for (i = 0; i < n; i++) {
		dt_scm_pub_get(s, i, &p);
		if (seen[p.name / 64] & (1ULL << (p.name % 64)))
			return fail(r, DT_SCM_E_PUB, DT_SCM_PUBS, i);
		seen[p.name / 64] |= 1ULL << (p.name % 64);
	}
	return DT_SCM_OK;
}

/*
 * One side (k, o) of a correspondence item for chain c (17c, 17a): the
 * named name has a component o that is LIT (*lit = code) or COR with low
 * bits o (*lit = 0xff).
 */
static bool cor_side(const struct dt_schema *s, const u8 *t, u16 tn,
		     const u8 *ch, u16 chn, u8 k, u8 o, u8 *lit)
{
	const u8 *nm = t;
	u16 nn = tn;
	u8 c;

	if (k) {
		if (k - 1 >= chn)
			return false;
		nm = dt_scm_bytes(s, &s->cert[ch[k - 1]]);
		nn = s->cert[ch[k - 1]].len;
	}
	if (o >= nn)
		return false;
	c = nm[o];
	if (dt_scm_is_lit(c)) {
		*lit = c;
		return true;
	}
	*lit = 0xff;
	return dt_scm_class(c) == DT_SCM_COR && (c & 0x1f) == o;
}

/* 17c (with 17a's chain bound) for one discriminator. */
static bool disc_cors_ok(const struct dt_schema *s,
			 const struct dt_scm_disc *d)
{
	const u8 *t = dt_scm_bytes(s, &s->tmplt[d->tmpl]);
	const u8 *cl = dt_scm_bytes(s, &s->cor[d->cor]);
	u16 tn = s->tmplt[d->tmpl].len;
	unsigned int c, j;
	u8 l1, l2;

	if (!d->cbm)
		return true;
	for (c = 0; c < DT_SCM_MAX_CHAINS; c++) {
		const u8 *ch = dt_scm_bytes(s, &s->chain[c]);
		u16 chn = s->chain[c].len;

		if (!(d->cbm & (1u << c)))
			continue;
		for (j = 0; j < s->cor[d->cor].len; j += 4) {
			if (cl[j] >= cl[j + 2] ||
			    !cor_side(s, t, tn, ch, chn, cl[j], cl[j + 1], &l1) ||
			    !cor_side(s, t, tn, ch, chn, cl[j + 2], cl[j + 3],
				      &l2))
				return false;
			if (l1 != 0xff && l2 != 0xff && l1 != l2)
				return false;
		}
	}
	return true;
}

/* 17, 17a, 18 for discriminator d of pub p. */
static bool disc_fits_pub(const struct dt_schema *s,
			  const struct dt_scm_pub *p,
			  const struct dt_scm_disc *d)
{
	const u8 *t = dt_scm_bytes(s, &s->tmplt[d->tmpl]);
	u16 tn = s->tmplt[d->tmpl].len;
	u16 ntag = s->tag[p->tag].len;
	unsigned int i;

	if (d->comp < DT_SCM_NO_COMP && d->comp >= ntag)
		return false;
	if (tn != ntag)
		return false;
	for (i = 0; i < tn; i++) {
		bool par = i < 16 && (p->par & (1u << i));
		u8 cl = dt_scm_class(t[i]);

		if (par && cl != 0 && cl != DT_SCM_PARAM && cl != DT_SCM_COR)
			return false;
		if (!par && cl == DT_SCM_PARAM)
			return false;
		if (cl == DT_SCM_PARAM && (t[i] & 0x1f) != i)
			return false;
	}
	if (d->comp < DT_SCM_NO_COMP &&
	    (d->comp >= 16 || !(p->par & (1u << d->comp))))
		return false;
	return disc_cors_ok(s, d);
}

/* 19: every COR of a signed template has a Publication item. */
static bool disc_cors_cover(const struct dt_schema *s,
			    const struct dt_scm_disc *d)
{
	const u8 *t = dt_scm_bytes(s, &s->tmplt[d->tmpl]);
	const u8 *cl = dt_scm_bytes(s, &s->cor[d->cor]);
	unsigned int i, j;

	for (i = 0; i < s->tmplt[d->tmpl].len; i++) {
		if (dt_scm_class(t[i]) != DT_SCM_COR)
			continue;
		if (!d->cbm)
			return false;
		for (j = 0; j < s->cor[d->cor].len; j += 4)
			if (!cl[j] && cl[j + 1] == (t[i] & 0x1f))
				break;
		if (j >= s->cor[d->cor].len)
			return false;
	}
	return true;
}

/* Steps 17, 17a, 17b, 18, 19. */
static enum dt_schema_err check_consist(struct rd *r)
{
	const struct dt_schema *s = r->s;
	struct dt_scm_disc d;
	struct dt_scm_pub p;
	u64 refd = 0;
	unsigned int i, k;

	for (i = 0; i < s->n[DT_SCM_PUBS]; i++) {
		dt_scm_pub_get(s, i, &p);
		refd |= p.disc;
		for (k = 0; k < s->n[DT_SCM_DISCS]; k++) {
			if (!(p.disc & (1ULL << k)))
				continue;
			dt_scm_disc_get(s, k, &d);
			if (!disc_fits_pub(s, &p, &d))
				return fail(r, DT_SCM_E_CONSIST, DT_SCM_DISCS,
					    k);
		}
	}
	for (k = 0; k < s->n[DT_SCM_DISCS]; k++) {
		dt_scm_disc_get(s, k, &d);
		if (!(refd & (1ULL << k)) && !disc_cors_ok(s, &d))
			return fail(r, DT_SCM_E_CONSIST, DT_SCM_DISCS, k);
	}
	for (k = 0; k < s->n[DT_SCM_DISCS]; k++) {
		dt_scm_disc_get(s, k, &d);
		if (!disc_cors_cover(s, &d))
			return fail(r, DT_SCM_E_CONSIST, DT_SCM_DISCS, k);
	}
	return DT_SCM_OK;
}

int dt_scm_find_tok(const struct dt_schema *s, const u8 *b, size_t len)
{
	unsigned int i;

	for (i = 0; i < s->n[DT_SCM_TOKS]; i++) {
		u8 tl;
		const u8 *t = dt_scm_tok(s, i, &tl);

		if (tl == len && !memcmp(t, b, len))
			return i;
	}
	return -1;
}

int dt_scm_find_pub(const struct dt_schema *s, const char *name)
{
	struct dt_scm_pub p;
	unsigned int i;
	int t = dt_scm_find_tok(s, (const u8 *)name, strlen(name));

	if (t < 0)
		return -1;
	for (i = 0; i < s->n[DT_SCM_PUBS]; i++) {
		dt_scm_pub_get(s, i, &p);
		if (p.name == t)
			return i;
	}
	return -1;
}

const struct dt_scm_item *dt_scm_pub_value(const struct dt_schema *s,
					   unsigned int p)
{
	struct dt_scm_disc d;
	struct dt_scm_pub pb;
	unsigned int k = 0;

	dt_scm_pub_get(s, p, &pb);
	while (!(pb.disc & (1ULL << k)))
		k++;
	dt_scm_disc_get(s, k, &d);
	return &s->tmplt[d.tmpl];
}

/* A validator directive: one LIT naming a known SignatureType. */
static int validator_type(const struct dt_schema *s, const char *name)
{
	const struct dt_scm_item *v;
	const u8 *tb;
	unsigned int st;
	int p = dt_scm_find_pub(s, name);
	u8 tl;

	if (p <= 0)
		return -1;
	v = dt_scm_pub_value(s, p);
	if (v->len != 1 || !dt_scm_is_lit(dt_scm_bytes(s, v)[0]))
		return -1;
	tb = dt_scm_tok(s, dt_scm_bytes(s, v)[0], &tl);
	for (st = 0; st < 32; st++) {
		const char *n = dt_sig_name(st);

		if (n && strlen(n) == tl && !memcmp(n, tb, tl))
			return st;
	}
	return -1;
}

/* Step 20: the directives exist, are not pub 0, and make sense. */
static enum dt_schema_err check_directives(struct rd *r)
{
	struct dt_schema *s = r->s;
	const struct dt_scm_item *v;
	int p, m, c, d;
	unsigned int i;

	p = dt_scm_find_pub(s, "#pubPrefix");
	if (p <= 0)
		return fail(r, DT_SCM_E_DIRECTIVE, DT_SCM_PUBS, 0);
	v = dt_scm_pub_value(s, p);
	for (i = 0; i < v->len; i++)
		if (!dt_scm_is_lit(dt_scm_bytes(s, v)[i]))
			return fail(r, DT_SCM_E_DIRECTIVE, DT_SCM_PUBS, p);
	m = validator_type(s, "#msgsValidator");
	c = validator_type(s, "#certValidator");
	d = validator_type(s, "#pduValidator");
	if (m < 0 || c < 0 || d < 0)
		return fail(r, DT_SCM_E_DIRECTIVE, DT_SCM_PUBS, 0);
	s->pub_prefix = p;
	s->msgs_sig = m;
	s->cert_sig = c;
	s->pdu_sig = d;
	p = dt_scm_find_pub(s, "#chainInfo");
	s->pub_chain_info = p > 0 ? p : 0xff;
	return DT_SCM_OK;
}

enum dt_schema_err dt_schema_read(struct dt_schema *s, const u8 *buf,
				  size_t len, struct dt_scm_diag *diag)
{
	struct rd r = { .s = s, .diag = diag };
	enum dt_schema_err e;
	u32 v, hl;

	memset(s, 0, sizeof(*s));
	/* Step 1: one TLV of type 131 filling the Content exactly. */
	if (len < 2 || buf[0] != SCM_OUTER_TYPE ||
	    !get_len(buf + 1, len - 1, &v, &hl) || 1 + hl + v != len)
		return fail(&r, DT_SCM_E_OUTER, 0, 0);
	s->val = buf + 1 + hl;
	s->len = v;
	e = frame_sections(&r);
	if (e)
		return e;
	s->str_off = r.sec.off[DT_SCM_STR];
	s->str_len = r.sec.len[DT_SCM_STR];
	s->n[DT_SCM_STR] = s->str_len;
	e = frame_items(&r);
	if (!e)
		e = check_toks(&r);
	if (!e)
		e = check_certs(&r);
	if (!e)
		e = check_chains(&r);
	if (!e)
		e = check_cors(&r);
	if (!e)
		e = check_toklists(&r, DT_SCM_TAGS, DT_SCM_E_TAG,
				   DT_SCM_MAX_COMPS);
	if (!e)
		e = check_tmplts(&r);
	if (!e)
		e = check_toklists(&r, DT_SCM_VLISTS, DT_SCM_E_VLIST, 0xffff);
	if (!e)
		e = check_discs(&r);
	if (!e)
		e = check_pubs(&r);
	if (!e)
		e = check_consist(&r);
	if (!e)
		e = check_directives(&r);
	return e;
}
