// SPDX-License-Identifier: GPL-2.0
/* deftt-schemac variants: each pub's and cert's expanded names, per-position values, compressible sets. */
#include <stdlib.h>
#include <string.h>

#include "compiler.h"

#define NAMEF "%.*s"
#define NAMEA(c) (int)sc_sym(sc, c)->len, sc_sym(sc, c)->s

static scomp key_of(uint32_t id)
{
	return SC_MK(id, id ? 0 : SCF_VALID);
}

/* DCT expand_names: a definition's names, its root's children, entropy */
static void expand_names(struct sc *sc, scomp cert)
{
	struct sym *y = sc_sym(sc, cert), *r;
	struct sname d;
	uint32_t i, c;
	scomp root;

	if (y->has_certs)
		return;
	d = sc_lookup(sc, cert);
	y->certs = sc_expand(sc, d, 0, d.n);
	y->has_certs = 1;
	if (!y->has_parent)
		return;
	root = sc_root(sc, cert);
	r = sc_sym(sc, root);
	r->children = sc_cat(sc, r->children, sc_name1(sc, cert));
	if (!sc_is_exported(sc, cert))
		return;
	if (!r->has_ent) {
		r->nent = r->tags.n;
		r->ent = sc_alloc(sc, (r->nent + 1) * sizeof(*r->ent));
		r->has_ent = 1;
	}
	for (i = 0; i < y->certs.n; i++) {
		struct sname nm = y->certs.v[i];

		if (nm.n < r->nent) {
			sc_error(sc, y->defloc,
				 "a variant of " NAMEF " has %u components but " NAMEF " has %u tags",
				 NAMEA(cert), nm.n, NAMEA(root), r->nent);
			sc_note(sc, y->defloc,
				"a constraint value must not remove components");
			return;
		}
		for (c = 0; c < r->nent; c++)
			sc_iset_add(sc, &r->ent[c], SC_ID(nm.c[c]));
	}
}

struct cvar {
	scomp root;
	struct sname nm;	/* with SC_MAXTOK_COMP at the varying position */
	uint32_t cnt;
	struct iset vals;
	uint32_t seq;
};

static int cmp_cvar(const void *a, const void *b)
{
	const struct cvar *x = a, *y = b;
	int c;

	if (x->root != y->root)
		return x->root < y->root ? -1 : 1;
	c = sc_name_cmp(x->nm, y->nm);
	if (c)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void add_compressible(struct sc *sc, struct sname n, uint8_t c)
{
	uint32_t i;

	for (i = 0; i < sc->ncomp; i++)
		if (sc_name_eq(sc->comp_nm.v[i], n))
			return;		/* std::map::emplace keeps the first */
	sc_nv_push(sc, &sc->comp_nm, n);
	sc->comp_c = sc_grow(sc, sc->comp_c, &(uint32_t){ sc->ncomp },
			     sc->ncomp + 1, 1);
	sc->comp_c[sc->ncomp++] = c;
}

/*
 * DCT computeCompressible: for each pub, the names that differ from each
 * other only in one literal position; the largest such groups become one
 * template with a value set.
 */
static void compute_compressible(struct sc *sc)
{
	struct cvar *cv = NULL;
	uint32_t ncv = 0, capcv = 0, id, v, c, i, j, seq = 0;

	for (id = 0; id < sc->nsym; id++) {
		struct sym *y = &sc->sym[id], *r;
		scomp root;

		if (!y->has_certs || !sc_is_exported(sc, key_of(id)))
			continue;
		root = sc_root(sc, key_of(id));
		r = sc_sym(sc, root);
		for (v = 0; v < y->certs.n; v++) {
			struct sname nm = y->certs.v[v];

			for (c = 0; c < r->nent && c < nm.n; c++) {
				struct sname k;

				if (r->ent[c].n == 1 || !SC_ISLIT(nm.c[c]))
					continue;
				k = sc_name(sc, nm.c, nm.n);
				k.c[c] = SC_MAXTOK_COMP;
				cv = sc_grow(sc, cv, &capcv, ncv + 1, sizeof(*cv));
				memset(&cv[ncv], 0, sizeof(cv[ncv]));
				cv[ncv].root = root;
				cv[ncv].nm = k;
				cv[ncv].seq = seq++;
				sc_iset_add(sc, &cv[ncv].vals, SC_ID(nm.c[c]));
				ncv++;
			}
		}
	}
	if (!ncv)
		return;
	if (ncv > 1)
		qsort(cv, ncv, sizeof(*cv), cmp_cvar);
	/* merge equal (root, name) keys: count and value set */
	for (i = 0, j = 0; i < ncv; i++) {
		if (j && cv[j - 1].root == cv[i].root &&
		    sc_name_eq(cv[j - 1].nm, cv[i].nm)) {
			cv[j - 1].cnt++;
			sc_iset_add(sc, &cv[j - 1].vals, cv[i].vals.v[0]);
			continue;
		}
		cv[j] = cv[i];
		cv[j].cnt = 1;
		j++;
	}
	ncv = j;
	for (i = 0; i < ncv; i = j) {
		uint32_t maxc = 0, k;

		for (j = i; j < ncv && cv[j].root == cv[i].root; j++)
			if (cv[j].cnt > maxc)
				maxc = cv[j].cnt;
		if (maxc <= 1)
			continue;
		for (k = i; k < j; k++) {
			struct sname n;
			uint32_t p;

			if (cv[k].cnt < maxc)
				continue;
			n = sc_name(sc, cv[k].nm.c, cv[k].nm.n);
			for (p = 0; p < n.n && n.c[p] != SC_MAXTOK_COMP; p++)
				;
			if (p == n.n)
				continue;
			for (v = 0; v < cv[k].vals.n; v++) {
				struct sname m = sc_name(sc, n.c, n.n);

				m.c[p] = SC_MK(cv[k].vals.v[v], SCF_LIT);
				add_compressible(sc, m, p);
			}
			if (sc->o->level >= SC_DEBUG) {
				struct sym *r = sc_sym(sc, cv[k].root);

				sc_put_comp(sc, &sc->out, cv[k].root);
				sbuf_put(&sc->out, "[", 1);
				sc_put_comp(sc, &sc->out, r->tags.c[p]);
				sbuf_printf(&sc->out, "]: %u var of ", cv[k].cnt);
				n.c[p] = r->tags.c[p];
				sc_put_name(sc, &sc->out, n);
				sbuf_put(&sc->out, "\n", 1);
			}
		}
	}
}

/* DCT finishExpand */
void sc_finish_expand(struct sc *sc)
{
	uint32_t i, k, id;

	for (i = 0; i < sc->chains.n; i++) {
		struct sname ch = sc->chains.v[i];

		sc_iset_add(sc, &sc_sym(sc, ch.c[0])->signers, i);
		for (k = 0; k < ch.n; k++)
			expand_names(sc, ch.c[k]);
	}
	for (id = 0; id < sc->nsym; id++) {
		struct sym *y = &sc->sym[id];
		uint32_t c;
		int has_child = 0;

		if (!y->pub || y->children.n)
			continue;
		if (sc_is_exported(sc, key_of(id))) {
			for (c = 0; c < sc->nsym; c++)
				if (c != id && sc->sym[c].has_parent &&
				    sc->sym[c].parent == key_of(id))
					has_child = 1;
			if (has_child)
				continue;
		}
		expand_names(sc, key_of(id));
	}
	if (sc->errors)
		return;
	compute_compressible(sc);
	if (sc->o->level >= SC_DEBUG)
		sc_list_entropy(sc);
}
