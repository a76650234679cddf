// SPDX-License-Identifier: GPL-2.0
/* deftt-schemac listings: pubs, chains, templates, certs, and the cert DAG in Graphviz dot. */
#include <string.h>

#include "compiler.h"

static scomp key_of(uint32_t id)
{
	return SC_MK(id, id ? 0 : SCF_VALID);
}

static void put_q(struct sc *sc, scomp c)
{
	sbuf_put(&sc->out, "\"", 1);
	sc_put_comp(sc, &sc->out, c);
	sbuf_put(&sc->out, "\"", 1);
}

static int is_chaininfo(struct sc *sc, scomp c)
{
	uint32_t len;
	const char *s = sc_str(sc, c, &len);

	return !SC_FL(c) && len == 10 && !memcmp(s, "#chainInfo", 10);
}

/*
 * The signing DAG as DCT's -D prints it: edges from a signed definition to
 * its signers; a pub's type-to-instance edges (grey, dashed) and
 * #chainInfo only at higher levels; the edge closing a cycle in red.
 */
void sc_list_dag(struct sc *sc, const struct dag *g, int all)
{
	static const char *const nattr[] = {
		"", " [shape=octagon,color=\"gray\",fontcolor=\"gray\"]",
		" [color=\"red\",penwidth=2]",
	};
	static const char *const eattr[] = {
		"", " [style=dashed,color=\"gray\"]",
		" [color=\"red\",penwidth=2]",
	};
	scomp *order;
	uint32_t n, i, k;

	if (all) {
		order = sc_alloc(sc, (g->n + 1) * sizeof(*order));
		for (i = 0; i < g->n; i++)
			order[i] = g->v[i].id;
		n = g->n;
	} else {
		order = sc_dag_topo(sc, g, &n);
	}
	sbuf_printf(&sc->out, "digraph certDag {\n");
	for (i = 0; i < n; i++) {
		struct dnode *d = sc_dag_find(g, order[i]);
		int a = d->attr;

		if (sc->o->level < SC_FULL && a == 1)
			continue;
		if (sc->o->level < SC_DETAIL && is_chaininfo(sc, d->id))
			continue;
		if (a) {
			sbuf_put(&sc->out, "  ", 2);
			put_q(sc, d->id);
			sbuf_printf(&sc->out, "%s;\n", nattr[a]);
		}
		if (!d->nout) {
			sbuf_put(&sc->out, "  ", 2);
			put_q(sc, d->id);
			sbuf_put(&sc->out, ";\n", 2);
			continue;
		}
		for (k = 0; k < d->nout; k++) {
			sbuf_put(&sc->out, "  ", 2);
			put_q(sc, d->id);
			sbuf_put(&sc->out, " -> ", 4);
			put_q(sc, d->out[k]);
			sbuf_printf(&sc->out, "%s;\n", eattr[a]);
		}
	}
	sbuf_printf(&sc->out, "}\n");
}

/* how many distinct values each position of each pub takes */
void sc_list_entropy(struct sc *sc)
{
	uint32_t id, c;

	sbuf_printf(&sc->out, "Per-component instances:\n");
	for (id = 0; id < sc->nsym; id++) {
		struct sym *y = &sc->sym[id];

		if (!y->has_ent)
			continue;
		sbuf_put(&sc->out, " ", 1);
		sc_put_comp(sc, &sc->out, key_of(id));
		sbuf_put(&sc->out, ": ", 2);
		for (c = 0; c < y->nent; c++) {
			if (y->ent[c].n <= 1)
				continue;
			sbuf_put(&sc->out, " ", 1);
			sc_put_comp(sc, &sc->out, y->tags.c[c]);
			sbuf_printf(&sc->out, ": %u", y->ent[c].n);
		}
		sbuf_put(&sc->out, "\n", 1);
	}
	sbuf_put(&sc->out, "\n", 1);
}

static void list_chain(struct sc *sc, uint32_t i)
{
	struct sname ch = sc->chains.v[i];
	struct cor_list *cl = &sc->cors[i];
	uint32_t k;

	sbuf_printf(&sc->out, "    chain %u: ", i);
	sc_put_comp(sc, &sc->out, ch.c[0]);
	for (k = 1; k < ch.n; k++) {
		sbuf_put(&sc->out, " <= ", 4);
		sc_put_comp(sc, &sc->out, ch.c[k]);
	}
	if (sc->o->level >= SC_DETAIL && cl->n) {
		sbuf_put(&sc->out, "\n              ", 15);
		for (k = 0; k < cl->n; k++) {
			sbuf_put(&sc->out, "  ", 2);
			sc_put_comp(sc, &sc->out, ch.c[cl->v[k].ct1]);
			sbuf_printf(&sc->out, "[%u]==", cl->v[k].co1);
			sc_put_comp(sc, &sc->out, ch.c[cl->v[k].ct2]);
			sbuf_printf(&sc->out, "[%u]", cl->v[k].co2);
		}
	}
	sbuf_put(&sc->out, "\n", 1);
}

static void list_templates(struct sc *sc, struct sym *p)
{
	uint32_t k, i;

	sbuf_printf(&sc->out, "  templates:\n");
	for (k = 0; k < p->ndisc; k++) {
		struct disc_ent *d = &p->disc[k];
		struct sname t = sc->templates.v[d->tmpl];

		sbuf_put(&sc->out, "    ", 4);
		sc_put_name(sc, &sc->out, t);
		sbuf_put(&sc->out, " { ", 3);
		for (i = 0; i < d->chains.n; i++) {
			sc_put_comp(sc, &sc->out,
				    sc->chains.v[d->chains.v[i]].c[1]);
			sbuf_put(&sc->out, " ", 1);
		}
		sbuf_put(&sc->out, "}\n      [ ", 10);
		if (d->comp == 128)
			sbuf_put(&sc->out, "*", 1);
		else
			sc_put_comp(sc, &sc->out, p->tags.c[d->comp]);
		if (d->comp != 128 && !d->vals.n && d->comp < t.n) {
			uint32_t len;
			const char *s = sc_str(sc, t.c[d->comp], &len);

			sbuf_printf(&sc->out, ": (%.*s)", (int)len, s);
		}
		for (i = 0; i < d->vals.n; i++) {
			uint32_t len;
			const char *s = sc_str(sc, SC_MK(d->vals.v[i], 0), &len);

			sbuf_printf(&sc->out, "%s%.*s", i ? " | " : ": ",
				    (int)len, s);
		}
		sbuf_put(&sc->out, " ]\n", 3);
	}
}

/* DCT printPubs and printCerts */
void sc_list_summary(struct sc *sc)
{
	uint32_t id, i, n;
	scomp *topo;

	for (id = 0; id < sc->nsym; id++) {
		struct sym *y = &sc->sym[id];
		int hdr = 1;

		if (!y->pub || !y->primary)
			continue;
		sbuf_put(&sc->out, "Publication ", 12);
		sc_put_comp(sc, &sc->out, key_of(id));
		sbuf_put(&sc->out, ":\n  parameters:", 15);
		for (i = 0; i < y->tags.n; i++) {
			if (!sc_is_param(sc, y->tags.c[i]))
				continue;
			sbuf_put(&sc->out, " ", 1);
			sc_put_comp(sc, &sc->out, y->tags.c[i]);
		}
		sbuf_put(&sc->out, "\n  tags: ", 9);
		sc_put_name(sc, &sc->out, y->tags);
		sbuf_put(&sc->out, "\n", 1);
		for (i = 0; sc->o->level >= SC_FULL && i < sc->chains.n; i++) {
			if (sc_root(sc, sc->chains.v[i].c[0]) != key_of(id))
				continue;
			if (hdr)
				sbuf_printf(&sc->out, "  signing chains:\n");
			hdr = 0;
			list_chain(sc, i);
		}
		if (sc->o->level >= SC_DETAIL && y->has_disc)
			list_templates(sc, y);
		sbuf_put(&sc->out, "\n", 1);
	}
	sbuf_printf(&sc->out, "Certificate templates:\n");
	topo = sc_dag_topo(sc, &sc->dag, &n);
	for (i = 0; i < n; i++) {
		struct sym *y = sc_sym(sc, topo[i]);

		if (!y->has_certs || y->certs.n != 1 ||
		    sc_is_exported(sc, topo[i]))
			continue;
		sbuf_put(&sc->out, "  cert ", 7);
		sc_put_comp(sc, &sc->out, topo[i]);
		sbuf_put(&sc->out, ": ", 2);
		sc_put_name(sc, &sc->out, y->certs.v[0]);
		sbuf_put(&sc->out, "\n", 1);
	}
	sbuf_put(&sc->out, "\n", 1);
}
