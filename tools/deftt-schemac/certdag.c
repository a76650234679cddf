// SPDX-License-Identifier: GPL-2.0
/* deftt-schemac signing DAG: edges, cycle check, topological order, chains (DCT finishCerts). */
#include <stdlib.h>
#include <string.h>

#include "compiler.h"

#define NAMEF "%.*s"
#define NAMEA(c) (int)sc_sym(sc, c)->len, sc_sym(sc, c)->s

static uint32_t find_pos(const struct dag *g, scomp n, int *found)
{
	uint32_t lo = 0, hi = g->n, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (g->v[mid].id == n) {
			*found = 1;
			return mid;
		}
		if (g->v[mid].id < n)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = 0;
	return lo;
}

struct dnode *sc_dag_find(const struct dag *g, scomp n)
{
	int f;
	uint32_t i = find_pos(g, n, &f);

	return f ? &g->v[i] : NULL;
}

void sc_dag_add_node(struct sc *sc, struct dag *g, scomp n)
{
	int f;
	uint32_t i = find_pos(g, n, &f);

	if (f)
		return;
	g->v = sc_grow(sc, g->v, &g->cap, g->n + 1, sizeof(*g->v));
	memmove(g->v + i + 1, g->v + i, (g->n - i) * sizeof(*g->v));
	memset(&g->v[i], 0, sizeof(g->v[i]));
	g->v[i].id = n;
	g->n++;
}

void sc_dag_add_edge(struct sc *sc, struct dag *g, scomp a, scomp b)
{
	struct dnode *d;
	uint32_t i;

	if (a == b)
		return;
	sc_dag_add_node(sc, g, a);
	sc_dag_add_node(sc, g, b);
	d = sc_dag_find(g, a);
	for (i = 0; i < d->nout && d->out[i] < b; i++)
		;
	if (i < d->nout && d->out[i] == b)
		return;
	d->out = sc_grow(sc, d->out, &d->capout, d->nout + 1, sizeof(scomp));
	memmove(d->out + i + 1, d->out + i, (d->nout - i) * sizeof(scomp));
	d->out[i] = b;
	d->nout++;
}

/* a node with out-edges and no in-edges (DCT DAG::isSource) */
int sc_dag_is_source(const struct dag *g, scomp n)
{
	const struct dnode *d = sc_dag_find(g, n);
	uint32_t i, j;

	if (!d || !d->nout)
		return 0;
	for (i = 0; i < g->n; i++)
		for (j = 0; j < g->v[i].nout; j++)
			if (g->v[i].out[j] == n)
				return 0;
	return 1;
}

struct dfs {
	uint8_t *state;		/* 0 new, 1 on the stack, 2 done */
	uint32_t *fin;		/* node indices in order of finishing */
	uint32_t nfin;
};

/* depth first from node i; returns 0 if it met a node on the stack */
static int dfs(struct sc *sc, const struct dag *g, struct dfs *s, uint32_t i)
{
	struct dnode *d = &g->v[i];
	uint32_t k;
	int f;

	if (s->state[i])
		return s->state[i] == 2;
	s->state[i] = 1;
	sc_enter(sc, d->id);
	for (k = 0; k < d->nout; k++)
		if (!dfs(sc, g, s, find_pos(g, d->out[k], &f))) {
			sc_leave(sc);
			return 0;
		}
	sc_leave(sc);
	s->state[i] = 2;
	s->fin[s->nfin++] = i;
	return 1;
}

/* DCT DAG::topo: reverse finishing order of a DFS in node order */
scomp *sc_dag_topo(struct sc *sc, const struct dag *g, uint32_t *n)
{
	struct dfs s;
	scomp *r = sc_alloc(sc, (g->n + 1) * sizeof(*r));
	uint32_t i;

	s.state = sc_alloc(sc, g->n + 1);
	s.fin = sc_alloc(sc, (g->n + 1) * sizeof(*s.fin));
	s.nfin = 0;
	for (i = 0; i < g->n; i++)
		if (!s.state[i])
			dfs(sc, g, &s, i);
	for (i = 0; i < s.nfin; i++)
		r[i] = g->v[s.fin[s.nfin - 1 - i]].id;
	*n = s.nfin;
	return r;
}

/* DCT DAG::hasCycle, reported with the edge DCT names */
static int check_cycle(struct sc *sc, struct dag *g)
{
	struct dfs s;
	uint32_t i, j;
	scomp src = 0, dst = 0;
	int bad = 0;

	s.state = sc_alloc(sc, g->n + 1);
	s.fin = sc_alloc(sc, (g->n + 1) * sizeof(*s.fin));
	s.nfin = 0;
	for (i = 0; i < g->n && !bad; i++)
		if (!dfs(sc, g, &s, i))
			bad = 1;
	if (!bad)
		return 0;
	for (i = 0; i < g->n; i++)
		if (s.state[i] == 1)
			src = g->v[i].id;
	for (j = g->n; j-- > 0;) {
		struct dnode *d = sc_dag_find(g, src);
		uint32_t k;

		if (s.state[j] != 1)
			continue;
		for (k = 0; k < d->nout; k++)
			if (d->out[k] == g->v[j].id)
				break;
		if (k < d->nout) {
			dst = g->v[j].id;
			break;
		}
	}
	sc_error(sc, sc_sym(sc, src)->defloc,
		 "cycle in the signing chains due to the edge from " NAMEF " to " NAMEF,
		 NAMEA(src), NAMEA(dst));
	sc_note(sc, sc_sym(sc, src)->defloc,
		"" NAMEF " is signed by " NAMEF ", which is itself signed (through its chain) by " NAMEF "; a signing chain must end at one trust anchor",
		NAMEA(src), NAMEA(dst), NAMEA(src));
	sc_dag_find(g, src)->attr = 2;
	return 1;
}

struct paths {
	struct snvec v;
	scomp *cur;
	uint32_t ncur;
};

static void paths(struct sc *sc, const struct dag *g, scomp src, scomp dst,
		  struct paths *p)
{
	struct dnode *d = sc_dag_find(g, src);
	uint32_t k;

	sc_enter(sc, src);
	p->cur[p->ncur++] = src;
	if (src == dst && p->ncur > 1) {
		if (p->v.n >= SC_MAX_PATHS)
			sc_abort(sc, sc_sym(sc, p->cur[0])->defloc,
				 "more than %d signing chains", SC_MAX_PATHS);
		sc_nv_push(sc, &p->v, sc_name(sc, p->cur, p->ncur));
	} else {
		for (k = 0; k < d->nout; k++)
			paths(sc, g, d->out[k], dst, p);
	}
	p->ncur--;
	sc_leave(sc);
}

static int cmp_names(const void *a, const void *b)
{
	return sc_name_cmp(*(const struct sname *)a, *(const struct sname *)b);
}

static struct sname children_of(struct sc *sc, scomp pub)
{
	struct sname r = { 0 };
	uint32_t id;

	for (id = 0; id < sc->nsym; id++) {
		struct sym *y = &sc->sym[id];

		if (y->has_parent && y->parent == pub && SC_ID(pub) != id)
			r = sc_cat(sc, r, sc_name1(sc, SC_MK(id, id ? 0 :
							      SCF_VALID)));
	}
	return r;
}

/* DCT finishCerts: the signing DAG, its checks and each pub's chains */
void sc_finish_certs(struct sc *sc)
{
	struct dag *g = &sc->dag;
	struct snvec cc = sc->certchains;
	uint32_t i, j, k, id, nsink = 0;
	scomp root = 0;

	if (cc.n > 1)
		qsort(cc.v, cc.n, sizeof(*cc.v), cmp_names);
	for (i = 0; i < cc.n; i++) {
		struct snvec ex;

		if (i && sc_name_eq(cc.v[i], cc.v[i - 1]))
			continue;
		ex = sc_expand_or(sc, cc.v[i], 0, cc.v[i].n);
		for (j = 0; j < ex.n; j++)
			for (k = 1; k < ex.v[j].n; k++)
				sc_dag_add_edge(sc, g, ex.v[j].c[k - 1],
						ex.v[j].c[k]);
	}
	for (id = 0; id < sc->nsym; id++) {
		struct sym *y = &sc->sym[id];
		scomp pub = SC_MK(id, id ? 0 : SCF_VALID);
		struct sname pubs, signers;

		if (!y->has_signer)
			continue;
		pubs = sc_name1(sc, pub);
		signers = y->signer;
		if (sc_is_parent(sc, pub) && children_of(sc, pub).n)
			pubs = children_of(sc, pub);
		if (signers.n == 1 && sc_is_parent(sc, signers.c[0])) {
			signers = children_of(sc, signers.c[0]);
			y->signer = signers;
		}
		for (i = 0; i < pubs.n; i++) {
			scomp c = pubs.c[i];
			struct sym *cy = sc_sym(sc, c);

			if (cy->has_parent && cy->parent != c) {
				scomp r = sc_root(sc, c);

				sc_dag_add_edge(sc, g, r, c);
				sc_dag_find(g, r)->attr = 1;
			}
			for (j = 0; j < signers.n; j++)
				sc_dag_add_edge(sc, g, c, signers.c[j]);
		}
	}
	if (check_cycle(sc, g)) {
		if (sc->o->dag_only)
			sc_list_dag(sc, g, 1);
		return;
	}
	if (sc->o->level >= SC_DEBUG || sc->o->dag_only)
		sc_list_dag(sc, g, 0);
	if (sc->o->dag_only)
		return;
	for (i = 0; i < g->n; i++) {
		if (!g->v[i].nout) {
			nsink++;
			root = g->v[i].id;
		}
	}
	if (nsink > 1) {
		struct sbuf b = { 0 };

		for (i = 0; i < g->n; i++) {
			if (g->v[i].nout)
				continue;
			sbuf_printf(&b, "%s%.*s", b.n ? ", " : "",
				    NAMEA(g->v[i].id));
		}
		sc_error(sc, sc_sym(sc, root)->first,
			 "multiple trust anchors: %s", b.p ? b.p : "");
		sc_note(sc, sc_sym(sc, root)->first,
			"every signing chain must end at the same cert; give all but one a signer ('<=')");
		free(b.p);
		return;
	}
	if (!nsink)
		return;
	for (id = 0; id < sc->nsym; id++) {
		struct sym *y = &sc->sym[id];
		scomp pub = SC_MK(id, id ? 0 : SCF_VALID);
		struct paths p = { 0 };

		if (!y->pub || !y->has_signer || !sc_dag_find(g, pub) ||
		    !sc_dag_find(g, root))
			continue;
		p.cur = sc_alloc(sc, (g->n + 1) * sizeof(scomp));
		paths(sc, g, pub, root, &p);
		if (p.v.n > 1)
			qsort(p.v.v, p.v.n, sizeof(*p.v.v), cmp_names);
		sc_nv_append(sc, &sc->chains, &p.v);
	}
}
