// SPDX-License-Identifier: GPL-2.0
/* deftt-schemac parse actions: record definitions, constraints, signers and chains. */
#include <string.h>

#include "compiler.h"

static const char *const fn_names[] = {
	"timestamp", "sysId", "pid", "host", "uid", "seq",
};

/* the call number of a function name (DCT str2fn_), -1 if unknown */
int sc_fn_index(struct sc *sc, scomp c)
{
	uint32_t len, i;
	const char *s = sc_str(sc, c, &len);

	for (i = 0; i < sizeof(fn_names) / sizeof(fn_names[0]); i++)
		if (strlen(fn_names[i]) == len && !memcmp(fn_names[i], s, len))
			return i;
	return -1;
}

/* DCT handleBinOp: [op(len a)] a [op(len b)] b */
struct sname sc_binop(struct sc *sc, struct sname a, struct sname b, int op)
{
	struct sname r;
	struct sc_loc l = sc->lex;

	if (a.n > 0xffff || b.n > 0xffff)
		sc_abort(sc, l, "expression has more than 65535 terms");
	r = sc_name(sc, NULL, a.n + b.n + 2);
	r.c[0] = SC_MK(a.n, op);
	memcpy(r.c + 1, a.c, a.n * sizeof(scomp));
	r.c[a.n + 1] = SC_MK(b.n, op);
	memcpy(r.c + a.n + 2, b.c, b.n * sizeof(scomp));
	return r;
}

struct sname sc_call(struct sc *sc, scomp fn, struct sc_loc l)
{
	uint32_t len;
	const char *s;

	if (sc_fn_index(sc, fn) < 0) {
		s = sc_str(sc, fn, &len);
		sc_error(sc, l, "calling unknown function %.*s()", (int)len, s);
		sc_note(sc, l, "the functions are timestamp() and sysId()");
	}
	return sc_name1(sc, SC_MK(SC_ID(fn), SCO_CALL));
}

void sc_field_seen(struct sc *sc, scomp tag, struct sc_loc l)
{
	sc->pend_f = sc_grow(sc, sc->pend_f, &sc->cappend_f, sc->npend_f + 1,
			     sizeof(*sc->pend_f));
	sc->pend_f[sc->npend_f].tag = tag;
	sc->pend_f[sc->npend_f++].loc = l;
}

void sc_ref_seen(struct sc *sc, scomp ref)
{
	sc->pend_r = sc_grow(sc, sc->pend_r, &sc->cappend_r, sc->npend_r + 1,
			     sizeof(*sc->pend_r));
	sc->pend_r[sc->npend_r++] = ref;
}

void sc_item_reset(struct sc *sc)
{
	sc->npend_f = 0;
	sc->npend_r = 0;
}

static void make_parent(struct sc *sc, scomp child, scomp parent,
			struct sc_loc l)
{
	struct sym *y = sc_sym(sc, child);
	uint32_t len;
	const char *s;

	if (y->has_parent) {
		if (y->parent == parent)
			return;
		s = sc_str(sc, child, &len);
		sc_error(sc, l, "redefining the parent of %.*s", (int)len, s);
		return;
	}
	y->has_parent = 1;
	y->parent = parent;
}

/* DCT handleDef (+ constraints and signers of the same statement) */
void sc_def(struct sc *sc, scomp name, struct sc_loc l, struct sname nm,
	    const struct sname *cons, const struct sname *signers)
{
	struct sym *y = sc_sym(sc, name);
	uint32_t i, len;
	const char *s = sc_str(sc, name, &len);

	for (i = 0; i < nm.n; i++) {
		if (nm.c[i] == name) {
			sc_error(sc, l, "recursive definition: %.*s refers to itself",
				 (int)len, s);
			goto out;
		}
	}
	if (!nm.n) {
		sc_error(sc, l, "assigning an empty name to %.*s", (int)len, s);
		goto out;
	}
	if (y->has_def) {
		sc_error(sc, l, "%.*s is already defined", (int)len, s);
		sc_note(sc, y->defloc, "the first definition of %.*s is here",
			(int)len, s);
		goto out;
	}
	y->has_def = 1;
	y->def = nm;
	y->defloc = l;
	if (sc_is_primary(sc, name)) {
		y->primary = 1;
		make_parent(sc, name, name, l);
	} else if (nm.n == 1 && SC_ISSTR(nm.c[0])) {
		/* a child: its parent may be defined later */
		make_parent(sc, name, nm.c[0], l);
	}
	if (cons) {
		y->has_cons = 1;
		y->cons = *cons;
	}
	if (signers) {
		y->has_signer = 1;
		y->signer = *signers;
	}
	if (sc->npend_f) {
		y->fields = sc_alloc(sc, sc->npend_f * sizeof(*y->fields));
		memcpy(y->fields, sc->pend_f, sc->npend_f * sizeof(*y->fields));
		y->nfields = sc->npend_f;
	}
	if (sc->npend_r) {
		y->refs = sc_alloc(sc, sc->npend_r * sizeof(scomp));
		memcpy(y->refs, sc->pend_r, sc->npend_r * sizeof(scomp));
		y->nrefs = sc->npend_r;
	}
out:
	sc_item_reset(sc);
}

/* DCT finishChain: a bare 'a <= b <= c' statement */
void sc_chain_stmt(struct sc *sc, struct sname chain, struct sc_loc l)
{
	struct sym *y = sc_sym(sc, chain.c[0]);
	uint32_t len;
	const char *s;

	sc_item_reset(sc);
	if (chain.n < 2) {
		s = sc_str(sc, chain.c[0], &len);
		sc_error(sc, l, "'%.*s' alone is not a statement", (int)len, s);
		sc_note(sc, l, "write '%.*s: expression' to define it or '%.*s <= signer' for a signing chain",
			(int)len, s, (int)len, s);
		return;
	}
	if (y->has_parent && y->parent == chain.c[0]) {
		y->has_signer = 1;
		y->signer = sc_name1(sc, chain.c[1]);
	}
	sc_nv_push(sc, &sc->certchains, chain);
}
