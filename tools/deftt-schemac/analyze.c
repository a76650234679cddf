// SPDX-License-Identifier: GPL-2.0
/* deftt-schemac analysis: chain checks, correspondences, discriminators (DCT semantics). */
#include <stdlib.h>
#include <string.h>

#include "compiler.h"

#define NAMEF "%.*s"
#define NAMEA(c) (int)sc_sym(sc, c)->len, sc_sym(sc, c)->s

/* non-literal, non-anonymous components of a chain must be distinct */
static void check_unique(struct sc *sc, struct sname ch)
{
	uint32_t i, j;

	for (i = 0; i < ch.n; i++) {
		if (SC_ISLIT(ch.c[i]) || SC_ISANONID(ch.c[i]))
			continue;
		for (j = 0; j < i; j++)
			if (ch.c[j] == ch.c[i]) {
				sc_error(sc, sc_sym(sc, ch.c[0])->defloc,
					 "duplicate component " NAMEF " in the signing chain of " NAMEF,
					 NAMEA(ch.c[i]), NAMEA(ch.c[0]));
				return;
			}
	}
}

/* does ref appear in a cert of chain[1..] (DCT validRef)? */
static int valid_ref(struct sc *sc, struct sname ch, scomp ref)
{
	uint32_t k, v, i;

	for (k = 1; k < ch.n; k++) {
		struct sym *y = sc_sym(sc, ch.c[k]);
		struct sname d;
		struct snvec ex;

		if (y->has_tags && sc_tag_pos(&y->tags, ref) >= 0)
			return 1;
		if (!y->has_certs)
			continue;
		d = sc_lookup(sc, ch.c[k]);
		ex = sc_expand(sc, d, 0, d.n);
		for (v = 0; v < ex.n && v < y->certs.n; v++)
			for (i = 0; i < ex.v[v].n; i++)
				if (ex.v[v].c[i] != SC_MK(0, 0) &&
				    SC_ID(ex.v[v].c[i]) == SC_ID(ref))
					return 1;
	}
	return 0;
}

/*
 * DCT validatePub: every pub component is fixed, a parameter or bound.
 * DCT prints the complaint and still writes the schema; we make it an
 * error (no vector schema triggers it). Like DCT, only pubs that nothing
 * derives from (DAG sources) are checked.
 */
static void validate_pub(struct sc *sc, struct sname ch)
{
	struct sym *y = sc_sym(sc, ch.c[0]);
	uint32_t v, i;

	for (v = 0; v < y->certs.n; v++) {
		struct sname var = y->certs.v[v];

		for (i = 0; i < var.n; i++) {
			scomp c = var.c[i];
			uint8_t f = SC_FL(c);

			if (sc_is_param(sc, c) ||
			    (f & (SCF_LIT | SCF_INDEX | SCF_VALID | SCF_FUNC)) ||
			    (f == 0 && valid_ref(sc, ch, c)))
				continue;
			sc_error(sc, y->defloc,
				 "unvalidated component " NAMEF " in " NAMEF ": no cert of its signing chain has it",
				 NAMEA(c), NAMEA(ch.c[0]));
			sc_note(sc, y->defloc,
				"name it in a signing cert, make it a parameter (a name starting with a letter) or bind it with a constraint");
			return;
		}
	}
}

static int has_id(struct sname n, uint32_t id)
{
	uint32_t i;

	for (i = 0; i < n.n; i++)
		if (n.c[i] != SC_MK(0, 0) && SC_ID(n.c[i]) == id)
			return 1;
	return 0;
}

/* do a and b hold id at some common position? */
static int same_place(struct sname a, struct sname b, uint32_t id)
{
	uint32_t i;

	for (i = 0; i < a.n && i < b.n; i++)
		if (SC_ID(a.c[i]) == id && SC_ID(b.c[i]) == id &&
		    a.c[i] != SC_MK(0, 0) && b.c[i] != SC_MK(0, 0))
			return 1;
	return 0;
}

/*
 * DCT validateCert: all variants of a chain element have one length, and
 * a component common to all of them sits at one common position in each.
 * (DCT prints and goes on; errors here.)
 */
static void validate_cert(struct sc *sc, scomp cert)
{
	struct sym *y = sc_sym(sc, cert);
	struct sname v0;
	uint32_t v, c, k;

	if (y->certs.n <= 1)
		return;
	v0 = y->certs.v[0];
	for (v = 1; v < y->certs.n; v++) {
		if (y->certs.v[v].n != v0.n) {
			sc_error(sc, y->defloc,
				 "the variants of " NAMEF " have different sizes (%u and %u components)",
				 NAMEA(cert), v0.n, y->certs.v[v].n);
			sc_note(sc, y->defloc,
				"every name a definition stands for must have the same number of components");
			return;
		}
	}
	for (v = 1; v < y->certs.n; v++) {
		struct sname vv = y->certs.v[v];

		for (c = 0; c < v0.n; c++) {
			uint32_t id = SC_ID(v0.c[c]);
			int common = v0.c[c] != SC_MK(0, 0);

			if (v0.c[c] == vv.c[c])
				continue;
			for (k = 1; k < y->certs.n && common; k++)
				common = has_id(y->certs.v[k], id);
			if (!common || same_place(v0, vv, id))
				continue;
			sc_error(sc, y->defloc,
				 "the variants of " NAMEF " have different layouts: " NAMEF " moves between positions",
				 NAMEA(cert), NAMEA(v0.c[c]));
			return;
		}
	}
}

struct corent {
	scomp key;
	uint8_t cert, comp;
	uint32_t seq;
};

static int cmp_corent(const void *a, const void *b)
{
	const struct corent *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* DCT isVar: an identifier bound by position (starts with '_') */
static int is_var(struct sc *sc, scomp c)
{
	return SC_FL(c) == 0 && !SC_ISANONID(c) && !sc_is_param(sc, c);
}

static scomp comp_at(struct sc *sc, struct sname ch, uint8_t k, uint8_t p)
{
	struct sname nm = sc_sym(sc, ch.c[k])->certs.v[0];

	return p < nm.n ? nm.c[p] : 0;
}

/* DCT corespondenceMap: the cor list of chain i */
static void cor_map(struct sc *sc, uint32_t ci)
{
	struct sname ch = sc->chains.v[ci];
	struct corent *cm = NULL;
	uint32_t ncm = 0, capcm = 0, k, p, i, j;
	struct cor_list cl = { 0 };
	uint32_t capcl = 0;

	for (k = 0; k < ch.n; k++) {
		struct sym *y = sc_sym(sc, ch.c[k]);
		struct sname nm, tags;

		if (!y->has_certs || !y->certs.n) {
			sc_error(sc, y->defloc, NAMEF " has no name",
				 NAMEA(ch.c[k]));
			return;
		}
		nm = y->certs.v[0];
		tags = k > 0 && y->has_tags ? y->tags : nm;
		if (tags.n > nm.n) {
			sc_error(sc, y->defloc,
				 NAMEF " has more tags than components",
				 NAMEA(ch.c[k]));
			return;
		}
		for (p = 0; p < tags.n; p++) {
			scomp c = tags.c[p];
			struct corent e = { 0, (uint8_t)k, (uint8_t)p, 0 };

			if (is_var(sc, c)) {
				cm = sc_grow(sc, cm, &capcm, ncm + 1,
					     sizeof(*cm));
				e.key = c;
				e.seq = ncm;
				cm[ncm++] = e;
			}
			if (c != nm.c[p] && is_var(sc, nm.c[p])) {
				cm = sc_grow(sc, cm, &capcm, ncm + 1,
					     sizeof(*cm));
				e.key = nm.c[p];
				e.seq = ncm;
				cm[ncm++] = e;
			}
		}
	}
	if (ncm > 1)
		qsort(cm, ncm, sizeof(*cm), cmp_corent);
	for (i = 0; i < ncm; i = j) {
		scomp lit, first;
		int bound = 1;

		for (j = i; j < ncm && cm[j].key == cm[i].key; j++)
			;
		if (j - i < 2)
			continue;
		/* DCT allBound: every member is the same literal */
		first = comp_at(sc, ch, cm[i].cert, cm[i].comp);
		if (!SC_ISLIT(first))
			bound = 0;
		for (k = i; k < j && bound; k++)
			if (comp_at(sc, ch, cm[k].cert, cm[k].comp) != first)
				bound = 0;
		if (bound)
			continue;
		/* ours: two different literals can never correspond */
		lit = 0;
		for (k = i; k < j; k++) {
			scomp v = comp_at(sc, ch, cm[k].cert, cm[k].comp);

			if (!SC_ISLIT(v))
				continue;
			if (lit && lit != v) {
				sc_error(sc, sc_sym(sc, ch.c[cm[k].cert])->defloc,
					 "correspondence of " NAMEF " can never hold: it is \"" NAMEF "\" in " NAMEF " but \"" NAMEF "\" in " NAMEF,
					 NAMEA(cm[i].key), NAMEA(lit),
					 NAMEA(ch.c[0]), NAMEA(v),
					 NAMEA(ch.c[cm[k].cert]));
				sc_note(sc, sc_sym(sc, ch.c[cm[k].cert])->defloc,
					"components with the same name must have the same value along a signing chain");
				return;
			}
			lit = v;
		}
		for (k = i + 1; k < j; k++) {
			cl.v = sc_grow(sc, cl.v, &capcl, cl.n + 1,
				       sizeof(*cl.v));
			cl.v[cl.n].ct1 = cm[k - 1].cert;
			cl.v[cl.n].co1 = cm[k - 1].comp;
			cl.v[cl.n].ct2 = cm[k].cert;
			cl.v[cl.n].co2 = cm[k].comp;
			cl.n++;
		}
	}
	sc->cors[ci] = cl;
}

/* positions of the primary's definition that are parameters */
static struct iset all_params(struct sc *sc, scomp pri)
{
	struct sname nm = sc_lookup(sc, pri);
	struct iset s = { 0 };
	uint32_t i;

	for (i = 0; i < nm.n; i++)
		if (sc_is_param(sc, nm.c[i]) && !SC_ISANONID(nm.c[i]))
			sc_iset_add(sc, &s, i);
	return s;
}

static int disc_key_cmp(const struct disc_ent *a, const struct disc_ent *b)
{
	if (a->tmpl != b->tmpl)
		return a->tmpl < b->tmpl ? -1 : 1;
	if (a->comp != b->comp)
		return a->comp < b->comp ? -1 : 1;
	return sc_iset_cmp(&a->chains, &b->chains);
}

/* the entry of dmap for a key, created empty if missing */
static struct disc_ent *disc_get(struct sc *sc, struct sym *p, uint32_t *cap,
				 uint32_t tmpl, uint32_t comp,
				 const struct iset *chains)
{
	struct disc_ent k = { tmpl, comp, *chains, { 0 } };
	uint32_t i;

	for (i = 0; i < p->ndisc; i++) {
		int c = disc_key_cmp(&p->disc[i], &k);

		if (!c)
			return &p->disc[i];
		if (c > 0)
			break;
	}
	p->disc = sc_grow(sc, p->disc, cap, p->ndisc + 1, sizeof(*p->disc));
	memmove(p->disc + i + 1, p->disc + i,
		(p->ndisc - i) * sizeof(*p->disc));
	p->disc[i] = k;
	p->ndisc++;
	return &p->disc[i];
}

struct tuniq {
	struct sname *nm;
	uint32_t *idx;
	uint32_t n, cap, capi;
};

static uint32_t tuniq_add(struct sc *sc, struct tuniq *u, struct sname t)
{
	uint32_t i;

	for (i = 0; i < u->n; i++)
		if (sc_name_eq(u->nm[i], t))
			return u->idx[i];
	u->nm = sc_grow(sc, u->nm, &u->cap, u->n + 1, sizeof(*u->nm));
	u->idx = sc_grow(sc, u->idx, &u->capi, u->n + 1, sizeof(*u->idx));
	u->nm[u->n] = t;
	u->idx[u->n] = sc->templates.n;
	u->n++;
	sc_nv_push(sc, &sc->templates, t);
	return sc->templates.n - 1;
}

static int compressible(struct sc *sc, struct sname v)
{
	uint32_t i;

	for (i = 0; i < sc->ncomp; i++)
		if (sc_name_eq(sc->comp_nm.v[i], v))
			return sc->comp_c[i];
	return -1;
}

/* DCT buildDiscrim: templates that tell the children of a pub apart */
static void build_discrim(struct sc *sc, scomp parent)
{
	struct sym *p = sc_sym(sc, parent);
	struct iset params = all_params(sc, parent);
	struct tuniq tu = { 0 };
	uint32_t cap = 0, k, v, i;

	p->has_disc = 1;
	for (k = 0; k < p->children.n; k++) {
		struct sym *y = sc_sym(sc, p->children.c[k]);

		for (v = 0; v < y->certs.n; v++) {
			struct sname var = y->certs.v[v];
			struct disc_ent *d;
			int c = compressible(sc, var);
			uint32_t emax = 0;

			if (c >= 0) {
				struct sname t = sc_name(sc, var.c, var.n);
				scomp val = t.c[c];

				t.c[c] = p->tags.c[c];
				d = disc_get(sc, p, &cap, tuniq_add(sc, &tu, t),
					     c, &y->signers);
				sc_iset_add(sc, &d->vals, SC_ID(val));
				continue;
			}
			for (i = 0; i < params.n; i++) {
				uint32_t b = params.v[i];

				if (b < var.n && b < p->nent &&
				    SC_ISLIT(var.c[b]) &&
				    p->ent[b].n > p->ent[emax].n)
					emax = b;
			}
			disc_get(sc, p, &cap, tuniq_add(sc, &tu, var),
				 emax > 0 ? emax : 128, &y->signers);
		}
	}
}

void sc_analyze(struct sc *sc)
{
	uint32_t i, k, id;

	for (i = 0; i < sc->chains.n; i++)
		check_unique(sc, sc->chains.v[i]);
	for (i = 0; i < sc->chains.n; i++) {
		struct sname ch = sc->chains.v[i];

		if (sc_dag_is_source(&sc->dag, ch.c[0]))
			validate_pub(sc, ch);
		for (k = 0; k < ch.n; k++)
			validate_cert(sc, ch.c[k]);
	}
	sc->cors = sc_alloc(sc, (sc->chains.n + 1) * sizeof(*sc->cors));
	for (i = 0; i < sc->chains.n; i++)
		cor_map(sc, i);
	if (sc->errors)
		return;
	for (id = 0; id < sc->nsym; id++) {
		struct sym *y = &sc->sym[id];
		scomp c = SC_MK(id, id ? 0 : SCF_VALID);

		if (!y->children.n || !sc_is_exported(sc, c))
			continue;
		build_discrim(sc, sc_root(sc, c));
	}
}
