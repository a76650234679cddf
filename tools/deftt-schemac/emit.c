// SPDX-License-Identifier: GPL-2.0
/* deftt-schemac output: tokens, string table, sections, the binary schema (DCT schemaOut). */
#include <stdlib.h>
#include <string.h>

#include "compiler.h"

#define NAMEF "%.*s"
#define NAMEA(c) (int)sc_sym(sc, c)->len, sc_sym(sc, c)->s

static const struct sc_loc noloc;

static scomp key_of(uint32_t id)
{
	return SC_MK(id, id ? 0 : SCF_VALID);
}

/* ---- tokens and the string table (DCT makeStringTable) ---- */

struct strs {
	uint32_t *id;		/* symbol ids in order of collection */
	uint8_t *rank;
	uint32_t n, cap, capr;
	uint8_t *seen;		/* per symbol id */
};

static void add_str(struct sc *sc, struct strs *s, scomp c)
{
	uint32_t id = SC_ID(c), len;
	const char *p;
	uint8_t rank;

	if (SC_ISCALL(c) || SC_ISVALID(c) || SC_ISINDEX(c) || id >= sc->nsym)
		return;
	if (s->seen[id])
		return;
	s->seen[id] = 1;
	p = sc_str(sc, c, &len);
	if (c == SC_ANON)
		rank = 1;
	else if (SC_ISLIT(c))
		rank = 2;
	else if (len && p[0] == '_')
		rank = 10;
	else if (len && p[0] == '#')
		rank = 40;
	else
		rank = 20;
	s->id = sc_grow(sc, s->id, &s->cap, s->n + 1, sizeof(*s->id));
	s->rank = sc_grow(sc, s->rank, &s->capr, s->n + 1, 1);
	s->id[s->n] = id;
	s->rank[s->n++] = rank;
}

static void add_name(struct sc *sc, struct strs *s, struct sname n)
{
	uint32_t i;

	for (i = 0; i < n.n; i++)
		add_str(sc, s, n.c[i]);
}

static struct sc *sort_sc;
static const uint8_t *sort_rank;	/* per symbol id */

/* std::string operator< */
static int str_cmp(const struct sym *a, const struct sym *b)
{
	uint32_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->s, b->s, n);

	if (c)
		return c;
	return a->len < b->len ? -1 : a->len > b->len;
}

static int cmp_tok(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	if (sort_rank[a] != sort_rank[b])
		return sort_rank[a] > sort_rank[b] ? -1 : 1;
	return str_cmp(&sort_sc->sym[a], &sort_sc->sym[b]);
}

static int cmp_loc(const void *x, const void *y)
{
	const struct sc_loc *a = x, *b = y;

	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return a->col < b->col ? -1 : a->col > b->col;
}

static void *find_sub(const char *h, size_t hn, const char *n, size_t nn)
{
	if (!nn)
		return (void *)h;
	return memmem(h, hn, n, nn);
}

static void make_string_table(struct sc *sc)
{
	struct strs s = { 0 };
	uint8_t *rank = sc_alloc(sc, sc->nsym + 1);
	uint32_t *order, *bylen, i, j, k, id, total = 0, uniq = 0;
	char *stab;
	uint32_t slen = 0;

	s.seen = sc_alloc(sc, sc->nsym + 1);
	for (i = 0; i < sc->chains.n; i++) {
		struct sname ch = sc->chains.v[i];

		for (k = 0; k < ch.n; k++) {
			struct sname d = sc_lookup(sc, ch.c[k]);
			struct snvec ex = sc_expand(sc, d, 0, d.n);

			for (j = 0; j < ex.n; j++)
				add_name(sc, &s, ex.v[j]);
		}
	}
	for (id = 0; id < sc->nsym; id++) {
		struct sym *y = &sc->sym[id];

		if (!y->primary)
			continue;
		add_str(sc, &s, key_of(id));
		add_name(sc, &s, y->tags);
		for (k = 0; k < y->ndisc; k++) {
			struct disc_ent *d = &y->disc[k];

			add_name(sc, &s, sc->templates.v[d->tmpl]);
			for (j = 0; j < d->vals.n; j++)
				add_str(sc, &s, SC_MK(d->vals.v[j], SCF_LIT));
		}
	}
	for (i = 0; i < s.n; i++)
		rank[s.id[i]] = s.rank[i];
	order = sc_alloc(sc, (s.n + 1) * sizeof(*order));
	if (s.n)
		memcpy(order, s.id, s.n * sizeof(*order));
	sort_sc = sc;
	sort_rank = rank;
	if (s.n > 1)
		qsort(order, s.n, sizeof(*order), cmp_tok);

	/* by length, longest first, equal lengths in token order */
	bylen = sc_alloc(sc, (s.n + 1) * sizeof(*bylen));
	k = 0;
	for (i = 0; i < s.n; i++)
		total += sc->sym[order[i]].len;
	stab = sc_alloc(sc, total + 1);
	for (;;) {
		uint32_t best = 0, found = 0;

		for (i = 0; i < s.n; i++) {
			if (rank[order[i]] == 0xff)
				continue;
			if (!found || sc->sym[order[i]].len >
				      sc->sym[order[best]].len)
				best = i;
			found = 1;
		}
		if (!found)
			break;
		bylen[k++] = order[best];
		rank[order[best]] = 0xff;
	}
	for (i = 0; i < k; i++) {
		struct sym *y = &sc->sym[bylen[i]];

		if (!find_sub(stab, slen, y->s, y->len)) {
			memmove(stab + y->len, stab, slen);
			memcpy(stab, y->s, y->len);
			slen += y->len;
			uniq++;
		}
	}
	sc->stab = stab;
	sc->stablen = slen;
	sc->ntok = s.n;
	sc->tokoff = sc_alloc(sc, (s.n + 1) * sizeof(uint32_t));
	sc->toklen = sc_alloc(sc, (s.n + 1) * sizeof(uint32_t));
	sc->toksym = sc_alloc(sc, (s.n + 1) * sizeof(uint32_t));
	if (sc->o->level >= SC_FULL)
		sbuf_printf(&sc->out,
			    "%u strings, %u bytes (%u overlaps, %u bytes in stab)\n",
			    s.n, total, s.n - uniq, slen);
	for (i = 0; i < s.n; i++) {
		struct sym *y = &sc->sym[order[i]];
		char *p = find_sub(stab, slen, y->s, y->len);

		sc->tokoff[i] = p - stab;
		sc->toklen[i] = y->len;
		sc->toksym[i] = order[i];
		y->tok = i;
		if (sc->o->level >= SC_DEBUG)
			sbuf_printf(&sc->out, "%u: %u:%u %.*s\n", i,
				    sc->tokoff[i], y->len, (int)y->len, y->s);
		if (!y->len)
			sc_error(sc, y->first,
				 "an empty literal \"\" cannot be a name component");
		if (y->len > SC_MAX_TOKLEN)
			sc_error(sc, y->first,
				 "string of %u bytes is too long for the schema (at most %d)",
				 y->len, SC_MAX_TOKLEN);
	}
	if (s.n > SC_MAX_TOKENS) {
		/* point at the first string, in source order, past the limit */
		struct sc_loc *ls = sc_alloc(sc, s.n * sizeof(*ls)), l;

		for (i = 0; i < s.n; i++)
			ls[i] = sc->sym[order[i]].first;
		qsort(ls, s.n, sizeof(*ls), cmp_loc);
		l = ls[SC_MAX_TOKENS];
		sc_error(sc, l,
			 "the schema needs %u distinct strings; a binary schema holds at most %d",
			 s.n, SC_MAX_TOKENS);
		sc_note(sc, l,
			"use fewer distinct literals, tags and pub names");
	}
}

/* DCT rawTok: the token of c's string */
static uint8_t raw_tok(struct sc *sc, scomp c)
{
	struct sym *y = sc_sym(sc, c);

	if (y->tok < 0) {
		sc_abort(sc, y->first,
			 "'" NAMEF "' cannot be used here: it is not a name component of any pub or cert",
			 NAMEA(c));
	}
	return y->tok;
}

/* DCT mapTok: one component code */
static uint8_t map_tok(struct sc *sc, scomp c, struct sname nm)
{
	uint8_t oc;
	uint32_t i;

	if (c == SC_ANON)
		return 0xff;
	if (SC_ISCALL(c))
		return 0xc0 | (sc_fn_index(sc, c) & 0x1f);
	if (SC_ISINDEX(c))
		return 0xe0 | (SC_ID(c) & 0x1f);
	oc = raw_tok(sc, c);
	if (SC_ISLIT(c) || sc_is_param(sc, c))
		return oc;
	if (!SC_ISSTR(c))
		sc_abort(sc, noloc, "internal error: unexpected component");
	for (i = 0; i < nm.n; i++)
		if (nm.c[i] == c)
			return 0xa0 | (i & 0x1f);
	return 0xa0;
}

static uint8_t *map_name(struct sc *sc, struct sname nm, scomp owner)
{
	uint8_t *b = sc_alloc(sc, nm.n + 1);
	uint32_t i;

	if (nm.n > SC_MAX_COMPS)
		sc_abort(sc, sc_sym(sc, owner)->defloc,
			 "a name of " NAMEF " has %u components; names have at most %d",
			 NAMEA(owner), nm.n, SC_MAX_COMPS);
	for (i = 0; i < nm.n; i++)
		b[i] = map_tok(sc, nm.c[i], nm);
	return b;
}

static void put_hex(struct sc *sc, const uint8_t *p, uint32_t n,
		    const char *sep)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		sbuf_printf(&sc->out, "%s%02x", i ? sep : "", p[i]);
}

/* ---- cert templates (DCT makeCertTable) ---- */

static void copy_dag(struct sc *sc, struct dag *dst, const struct dag *src)
{
	uint32_t i;

	*dst = *src;
	dst->v = sc_alloc(sc, (src->n + 1) * sizeof(*dst->v));
	dst->cap = src->n + 1;
	if (src->n)
		memcpy(dst->v, src->v, src->n * sizeof(*dst->v));
	for (i = 0; i < src->n; i++) {
		dst->v[i].out = sc_alloc(sc, (src->v[i].nout + 1) *
					 sizeof(scomp));
		if (src->v[i].nout)
			memcpy(dst->v[i].out, src->v[i].out,
			       src->v[i].nout * sizeof(scomp));
		dst->v[i].capout = src->v[i].nout + 1;
	}
}

static int needed(struct sc *sc, scomp c)
{
	struct sym *y = sc_sym(sc, c);

	return SC_ID(c) < sc->nsym && y->has_certs && y->certs.n == 1 &&
	       !sc_is_exported(sc, c) && c == key_of(SC_ID(c));
}

static void make_cert_table(struct sc *sc)
{
	struct dag g;
	scomp *topo, *last;
	uint32_t n, n2, i, id, nl;

	for (id = 0; id < sc->nsym; id++) {
		struct sym *y = &sc->sym[id];

		if (!y->has_certs || sc_is_exported(sc, key_of(id)))
			continue;
		if (y->certs.n > 1) {
			sc_error(sc, y->has_def ? y->defloc : y->first,
				 "cert " NAMEF " is multiply (%u) defined: a signing cert must have exactly one name",
				 NAMEA(key_of(id)), y->certs.n);
			sc_note(sc, y->has_def ? y->defloc : y->first,
				"define one cert per alternative and list them as signers: a <= b | c");
		}
	}
	if (sc->errors)
		return;
	copy_dag(sc, &g, &sc->dag);
	topo = sc_dag_topo(sc, &g, &n);
	last = sc_alloc(sc, (n + 1) * sizeof(*last));
	for (i = 0, nl = 0; i < n; i++) {
		struct sname nm;
		uint32_t k;

		if (!needed(sc, topo[i]))
			continue;
		nm = sc_sym(sc, topo[i])->certs.v[0];
		for (k = 0; k < nl; k++)
			if (sc_name_eq(sc_sym(sc, last[k])->certs.v[0], nm))
				break;
		/* same name as an earlier cert: keep the shared record's order */
		if (k < nl)
			sc_dag_add_edge(sc, &g, topo[i], last[k]);
		else
			nl++;
		last[k] = topo[i];
	}
	topo = sc_dag_topo(sc, &g, &n2);
	if (n2 != n) {
		sc_error(sc, noloc,
			 "cert templates with identical names sign each other");
		return;
	}
	for (i = 0; i < n; i++) {
		struct sym *y;
		struct sname nm;
		uint8_t *b;

		if (!needed(sc, topo[i]))
			continue;
		y = sc_sym(sc, topo[i]);
		nm = y->certs.v[0];
		b = map_name(sc, nm, topo[i]);
		y->cert = sc_ot_add(sc, &sc->t_cert, b, nm.n);
		if (sc->o->level >= SC_DEBUG) {
			sbuf_printf(&sc->out, "cert %d(", y->cert);
			sc_put_comp(sc, &sc->out, topo[i]);
			sbuf_put(&sc->out, "): ", 3);
			sc_put_name(sc, &sc->out, nm);
			sbuf_put(&sc->out, "   [", 4);
			put_hex(sc, b, nm.n, ", ");
			sbuf_put(&sc->out, "]\n", 2);
		}
	}
}

/* ---- pubs (DCT makePubTable) ---- */

static void add_pub_chains(struct sc *sc, scomp pub)
{
	uint32_t i, k;

	for (i = 0; i < sc->chains.n; i++) {
		struct sname ch = sc->chains.v[i];
		uint8_t *b = sc_alloc(sc, ch.n + 1);
		struct cor_list *cl = &sc->cors[i];

		if (sc_root(sc, ch.c[0]) != pub)
			continue;
		for (k = 1; k < ch.n; k++) {
			struct sym *y = sc_sym(sc, ch.c[k]);

			if (y->cert < 0)
				sc_abort(sc, y->first,
					 "internal error: cert " NAMEF " has no template",
					 NAMEA(ch.c[k]));
			b[k - 1] = y->cert;
		}
		sc->chain_out[i] = sc_ot_add(sc, &sc->t_chain, b, ch.n - 1);
		sc->cor_out[i] = sc_ot_add(sc, &sc->t_cor, (uint8_t *)cl->v,
					   cl->n * 4);
		if (sc->o->level >= SC_DEBUG) {
			sbuf_printf(&sc->out, "chain %u(", i);
			sc_put_comp(sc, &sc->out, ch.c[0]);
			sbuf_printf(&sc->out, "): %d: ", sc->chain_out[i]);
			for (k = 1; k < ch.n; k++)
				sbuf_printf(&sc->out, "%s%u", k > 1 ? "<" : "",
					    b[k - 1]);
			sbuf_printf(&sc->out, "  cor %d: ", sc->cor_out[i]);
			for (k = 0; k < cl->n; k++)
				sbuf_printf(&sc->out, "%s%u.%u=%u.%u",
					    k ? "," : "", cl->v[k].ct1,
					    cl->v[k].co1, cl->v[k].ct2,
					    cl->v[k].co2);
			sbuf_put(&sc->out, "\n", 1);
		}
	}
}

/* DCT dValList */
static uint8_t vlist(struct sc *sc, const struct iset *vals)
{
	uint8_t b[SC_MAX_TOKENS + 1];
	uint32_t i, n = 0;
	int v;

	if (!vals->n)
		return 0;
	if (vals->n == 1)
		return raw_tok(sc, SC_MK(vals->v[0], SCF_LIT));
	for (i = 0; i < vals->n && n < SC_MAX_TOKENS; i++)
		b[n++] = raw_tok(sc, SC_MK(vals->v[i], SCF_LIT));
	v = sc_ot_add(sc, &sc->t_vlist, b, n);
	if (v >= SC_MAX_VLISTS)
		sc_abort(sc, noloc, "more than %d value lists", SC_MAX_VLISTS);
	return v | 0x80;
}

static uint64_t add_disc(struct sc *sc, uint8_t cbm, uint32_t tmplt,
			 uint32_t par, uint8_t vl, uint32_t cor)
{
	uint8_t d[5] = { cbm, (uint8_t)tmplt, (uint8_t)par, vl, (uint8_t)cor };
	uint32_t i = sc_ot_add(sc, &sc->t_disc, d, 5);

	if (sc->o->level >= SC_DEBUG) {
		sbuf_printf(&sc->out, "tmplt %u: ", tmplt);
		put_hex(sc, sc->t_tmplt.item[tmplt], sc->t_tmplt.len[tmplt],
			"/");
		sbuf_printf(&sc->out,
			    ", cor %u, chainBM %02x, discrim %u: (chns#%u, tmpl=%u, comp=%u, vals=%u, cor=%u)\n",
			    cor, cbm, i, cbm, tmplt, par, vl, cor);
	}
	if (i >= SC_MAX_DISCS)
		sc_abort(sc, noloc,
			 "the schema needs more than %d pub variants (discriminators)",
			 SC_MAX_DISCS);
	return 1ull << i;
}

static uint64_t add_pub_discrim(struct sc *sc, scomp pub, uint16_t param)
{
	struct sym *p = sc_sym(sc, pub);
	uint64_t bm = 0;
	uint32_t k, i;

	for (k = 0; k < p->ndisc; k++) {
		struct disc_ent *d = &p->disc[k];
		struct sname nm = sc->templates.v[d->tmpl];
		uint8_t *b = map_name(sc, nm, pub), cbm = 0;
		int ti = sc_ot_find(&sc->t_tmplt_key, b, nm.n);
		uint32_t lcor = 0xff;

		if (ti < 0) {
			sc_ot_push(sc, &sc->t_tmplt_key, b, nm.n);
			ti = sc_ot_push(sc, &sc->t_tmplt, b, nm.n);
		}
		if (ti >= SC_MAX_ITEMS)
			sc_abort(sc, p->defloc, "more than %d pub templates",
				 SC_MAX_ITEMS);
		/* parameters in the template become their position */
		for (i = 0; i < nm.n; i++) {
			scomp c = nm.c[i];

			if (i >= 16 || !(param & (1u << i)) || SC_ISLIT(c) ||
			    (SC_ISSTR(c) && !sc_is_param(sc, c)))
				continue;
			sc->t_tmplt.item[ti][i] = 0x80 | i;
		}
		for (i = 0; i < d->chains.n; i++) {
			uint32_t ch = d->chains.v[i];
			int c = sc->chain_out[ch];

			if ((uint32_t)sc->cor_out[ch] != lcor) {
				if (lcor != 0xff)
					bm |= add_disc(sc, cbm, ti, d->comp,
						       vlist(sc, &d->vals),
						       lcor);
				lcor = sc->cor_out[ch];
				cbm = 0;
			}
			if (c >= SC_MAX_CHAINS) {
				sc_error(sc, p->defloc,
					 "more than %d distinct signing chains for " NAMEF,
					 SC_MAX_CHAINS, NAMEA(pub));
				sc_note(sc, p->defloc,
					"a pub's variants may be signed through at most %d different chains of certs",
					SC_MAX_CHAINS);
				longjmp(sc->fail, 1);
			}
			cbm |= 1u << c;
		}
		if (lcor == 0xff)
			lcor = 0;
		bm |= add_disc(sc, cbm, ti, d->comp, vlist(sc, &d->vals), lcor);
	}
	return bm;
}

static void add_pub(struct sc *sc, scomp pub)
{
	struct sym *p = sc_sym(sc, pub);
	struct sname def = sc_lookup(sc, pub);
	uint8_t *tb = sc_alloc(sc, p->tags.n + 1), rec[16] = { 0 };
	uint32_t tx, i;
	uint16_t param = 0;
	uint64_t bm;

	for (i = 0; i < p->tags.n; i++) {
		if (SC_ISCALL(p->tags.c[i]))
			sc_abort(sc, p->defloc,
				 "a tag of " NAMEF " is a call; name the component and set it with a constraint ({ tag: %.*s() })",
				 NAMEA(pub), NAMEA(p->tags.c[i]));
		tb[i] = raw_tok(sc, p->tags.c[i]);
	}
	tx = sc_ot_add(sc, &sc->t_tag, tb, p->tags.n);
	if (sc->o->level >= SC_DEBUG) {
		sbuf_printf(&sc->out, "tags %u: ", tx);
		sc_put_name(sc, &sc->out, p->tags);
		sbuf_put(&sc->out, "\n  ", 3);
		for (i = 0; i < p->tags.n; i++)
			sbuf_printf(&sc->out, "%s%u", i ? "/" : "", tb[i]);
		sbuf_put(&sc->out, "\n", 1);
	}
	for (i = 0; i < def.n; i++) {
		int t;

		if (!sc_is_param(sc, def.c[i]))
			continue;
		t = sc_tag_pos(&p->tags, def.c[i]);
		if (t < 0)
			sc_abort(sc, p->defloc,
				 NAMEF " has no tag " NAMEF ": a constraint may bind a tag to a literal, a call or a '_' name, not to a new parameter",
				 NAMEA(pub), NAMEA(def.c[i]));
		if (t >= SC_MAX_PARPOS)
			sc_abort(sc, p->defloc,
				 "parameter " NAMEF " of " NAMEF " is at position %d; parameters must be in the first %d",
				 NAMEA(def.c[i]), NAMEA(pub), t, SC_MAX_PARPOS);
		param |= 1u << t;
	}
	if (sc->o->level >= SC_DEBUG)
		sbuf_printf(&sc->out, "param %04x\n", param);
	add_pub_chains(sc, pub);
	bm = add_pub_discrim(sc, pub, param);
	rec[0] = param & 0xff;
	rec[1] = param >> 8;
	rec[2] = raw_tok(sc, pub);
	rec[3] = tx;
	/* rec[4..7]: padding, always zero (DCT leaves it uninitialised) */
	for (i = 0; i < 8; i++)
		rec[8 + i] = bm >> (8 * i);
	i = sc_ot_add(sc, &sc->t_pub, rec, 16);
	if (sc->o->level >= SC_DEBUG) {
		sbuf_printf(&sc->out, "pub %u(", i);
		sc_put_comp(sc, &sc->out, pub);
		sbuf_printf(&sc->out, "): (par#%x, disc#%llx, tok=%u, tags=%u)\n",
			    param, (unsigned long long)bm, rec[2], tx);
	}
}

/* ---- writing (DCT writeSchema) ---- */

static void put_len(struct sc *sc, struct sbuf *b, uint32_t len)
{
	uint8_t x[3];

	if (len >= 65536)
		sc_abort(sc, noloc,
			 "schema section of %u bytes is too large (at most 65535)",
			 len);
	if (len >= 253) {
		x[0] = 253;
		x[1] = len >> 8;
		x[2] = len;
		sbuf_put(b, x, 3);
	} else {
		x[0] = len;
		sbuf_put(b, x, 1);
	}
}

static const char *const sec_name[] = {
	"schema", "str", "tok", "cert", "chain", "cor", "tag", "tmplt",
	"vlist", "disc", "pub",
};

static void put_tlv(struct sc *sc, struct sbuf *o, uint8_t type,
		    const void *p, uint32_t len)
{
	size_t start = o->n;

	sbuf_put(o, &type, 1);
	put_len(sc, o, len);
	sbuf_put(o, p, len);
	if (sc->o->level >= SC_DEBUG)
		sbuf_printf(&sc->out, "wrote %zu(%u) bytes for tlv %s(%u)\n",
			    o->n - start, len, sec_name[type - 131], type);
}

/* variable-size items: LEN + bytes each */
static void put_items(struct sc *sc, struct sbuf *o, uint8_t type,
		      const struct otable *t)
{
	struct sbuf s = { 0 };
	uint32_t i;

	for (i = 0; i < t->n; i++) {
		put_len(sc, &s, t->len[i]);
		sbuf_put(&s, t->item[i], t->len[i]);
	}
	put_tlv(sc, o, type, s.p ? s.p : "", s.n);
	free(s.p);
}

/* fixed-size records: plain concatenation */
static void put_fixed(struct sc *sc, struct sbuf *o, uint8_t type,
		      const struct otable *t)
{
	struct sbuf s = { 0 };
	uint32_t i;

	for (i = 0; i < t->n; i++)
		sbuf_put(&s, t->item[i], t->len[i]);
	put_tlv(sc, o, type, s.p ? s.p : "", s.n);
	free(s.p);
}

static void write_schema(struct sc *sc)
{
	struct sbuf body = { 0 }, toks = { 0 }, all = { 0 };
	uint32_t i;

	put_tlv(sc, &body, 132, sc->stab, sc->stablen);
	for (i = 0; i < sc->ntok; i++) {
		uint8_t l = sc->toklen[i];

		put_len(sc, &toks, sc->tokoff[i]);
		sbuf_put(&toks, &l, 1);
	}
	put_tlv(sc, &body, 133, toks.p ? toks.p : "", toks.n);
	free(toks.p);
	put_items(sc, &body, 134, &sc->t_cert);
	put_items(sc, &body, 135, &sc->t_chain);
	put_items(sc, &body, 136, &sc->t_cor);
	put_items(sc, &body, 137, &sc->t_tag);
	put_items(sc, &body, 138, &sc->t_tmplt);
	put_items(sc, &body, 139, &sc->t_vlist);
	put_fixed(sc, &body, 140, &sc->t_disc);
	put_fixed(sc, &body, 141, &sc->t_pub);
	if (sc->o->level >= SC_SUMMARY)
		sbuf_printf(&sc->out, "binary schema %s is %zu bytes\n",
			    sc->o->out_name ? sc->o->out_name : sc->file,
			    body.n);
	put_tlv(sc, &all, 131, body.p ? body.p : "", body.n);
	free(body.p);
	if (body.oom || all.oom) {
		free(all.p);
		sc_fatal_oom(sc);
	}
	sc->scm = (uint8_t *)all.p;
	sc->scm_len = all.n;
}

static void check_limits(struct sc *sc)
{
	const struct {
		const struct otable *t;
		const char *what;
		uint32_t max;
	} lim[] = {
		{ &sc->t_cert, "cert templates", SC_MAX_ITEMS },
		{ &sc->t_cor, "correspondence lists", SC_MAX_ITEMS - 1 },
		{ &sc->t_tag, "tag lists", SC_MAX_ITEMS },
		{ &sc->t_tmplt, "pub templates", SC_MAX_ITEMS },
		{ &sc->t_pub, "pubs", SC_MAX_TOKENS },
	};
	uint32_t i;

	for (i = 0; i < sizeof(lim) / sizeof(lim[0]); i++)
		if (lim[i].t->n > lim[i].max)
			sc_abort(sc, noloc, "the schema has %u %s; at most %u",
				 lim[i].t->n, lim[i].what, lim[i].max);
}

void sc_emit(struct sc *sc)
{
	uint32_t id;

	make_string_table(sc);
	if (sc->errors)
		return;
	make_cert_table(sc);
	if (sc->errors)
		return;
	sc->chain_out = sc_alloc(sc, (sc->chains.n + 1) * sizeof(int));
	sc->cor_out = sc_alloc(sc, (sc->chains.n + 1) * sizeof(int));
	for (id = 0; id < sc->nsym; id++)
		if (sc->sym[id].pub && sc->sym[id].primary)
			add_pub(sc, key_of(id));
	check_limits(sc);
	if (sc->errors)
		return;
	write_schema(sc);
}
