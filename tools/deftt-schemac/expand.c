// SPDX-License-Identifier: GPL-2.0
/* deftt-schemac definitions: name expansion, parents and tags, constraints (DCT finishDefs). */
#include <stdlib.h>
#include <string.h>

#include "compiler.h"

static struct snvec nv1(struct sc *sc, struct sname n)
{
	struct snvec v = { 0 };

	sc_nv_push(sc, &v, n);
	return v;
}

/* DCT append: a then b (b alone if a is empty) */
static struct snvec nv_append(struct sc *sc, struct snvec a, struct snvec b)
{
	struct snvec r = { 0 };

	if (!a.n)
		return b;
	if (a.n + b.n > SC_MAX_VARIANTS)
		sc_abort(sc, (struct sc_loc){ 0, 0 },
			 "a definition expands to more than %d names",
			 SC_MAX_VARIANTS);
	sc_nv_append(sc, &r, &a);
	sc_nv_append(sc, &r, &b);
	return r;
}

/* DCT crossprod: every a followed by every b */
static struct snvec nv_cross(struct sc *sc, struct snvec a, struct snvec b)
{
	struct snvec r = { 0 };
	uint32_t i, j;

	if (!a.n)
		return b;
	if (!b.n)
		return a;
	if ((uint64_t)a.n * b.n > SC_MAX_VARIANTS)
		sc_abort(sc, (struct sc_loc){ 0, 0 },
			 "a definition expands to more than %d names",
			 SC_MAX_VARIANTS);
	for (i = 0; i < a.n; i++)
		for (j = 0; j < b.n; j++)
			sc_nv_push(sc, &r, sc_cat(sc, a.v[i], b.v[j]));
	return r;
}

/* the two operand ranges of the operator mark at n.c[b] */
static void op_limits(struct sc *sc, struct sname n, uint32_t b, uint32_t e,
		      uint32_t *b1, uint32_t *e1, uint32_t *b2, uint32_t *e2)
{
	*b1 = b + 1;
	*e1 = *b1 + SC_ID(n.c[b]);
	if (*e1 >= e)
		sc_abort(sc, (struct sc_loc){ 0, 0 },
			 "internal error: inconsistent operator limits");
	*b2 = *e1 + 1;
	*e2 = *b2 + SC_ID(n.c[*e1]);
	if (*e2 > e)
		sc_abort(sc, (struct sc_loc){ 0, 0 },
			 "internal error: inconsistent operator limits");
}

/*
 * DCT expand_name: references replaced by their definitions, '|' turned
 * into a list of names; the pieces of n[b, e) are joined as a cross product.
 */
struct snvec sc_expand(struct sc *sc, struct sname n, uint32_t b, uint32_t e)
{
	struct snvec res = { 0 }, piece;
	uint32_t b1, e1, b2, e2;
	int first = 1;
	scomp c;

	while (b < e) {
		c = n.c[b];
		if (SC_FN(c) == SCO_STRUCT || SC_FN(c) == SCO_FIELD) {
			if (first)
				return res;
			piece = (struct snvec){ 0 };
			b = e;
		} else if (SC_FN(c) == SCO_UNIFY || SC_FN(c) == SCO_RESOLVE) {
			op_limits(sc, n, b, e, &b1, &e1, &b2, &e2);
			sc_enter(sc, 0);
			piece = nv_append(sc, sc_expand(sc, n, b1, e1),
					  sc_expand(sc, n, b2, e2));
			sc_leave(sc);
			b = e2;
		} else if (!SC_ISLIT(c) && sc_defined(sc, c)) {
			struct sname d = sc_lookup(sc, c);

			sc_enter(sc, c);
			piece = sc_expand(sc, d, 0, d.n);
			sc_leave(sc);
			b++;
		} else {
			piece = nv1(sc, sc_name1(sc, c));
			b++;
		}
		res = first ? piece : nv_cross(sc, res, piece);
		first = 0;
	}
	return res;
}

/* DCT expand_or: alternatives expanded, definitions left as they are */
struct snvec sc_expand_or(struct sc *sc, struct sname n, uint32_t b,
			  uint32_t e)
{
	struct snvec res = { 0 }, piece;
	uint32_t b1, e1, b2, e2;
	int first = 1;
	scomp c;

	while (b < e) {
		c = n.c[b];
		if (SC_FN(c) == SCO_RESOLVE) {
			op_limits(sc, n, b, e, &b1, &e1, &b2, &e2);
			sc_enter(sc, 0);
			piece = nv_append(sc, sc_expand_or(sc, n, b1, e1),
					  sc_expand_or(sc, n, b2, e2));
			sc_leave(sc);
			b = e2;
		} else if (SC_ISSTR(c) && sc_defined(sc, c) &&
			   SC_FN(sc_lookup(sc, c).c[0]) == SCO_RESOLVE) {
			struct sname d = sc_lookup(sc, c);

			sc_enter(sc, c);
			piece = sc_expand_or(sc, d, 0, d.n);
			sc_leave(sc);
			b++;
		} else {
			piece = nv1(sc, sc_name1(sc, c));
			b++;
		}
		res = first ? piece : nv_cross(sc, res, piece);
		first = 0;
	}
	return res;
}

int sc_is_parent(struct sc *sc, scomp c)
{
	struct sym *y = sc_sym(sc, c);

	return y->has_parent && y->parent == c;
}

int sc_is_exported(struct sc *sc, scomp c)
{
	int guard = 0;

	while (guard++ <= (int)sc->nsym) {
		struct sym *y = sc_sym(sc, c);

		if (sc_is_primary(sc, c))
			return 1;
		if (!y->has_parent || y->parent == c)
			return 0;
		c = y->parent;
	}
	return 0;
}

scomp sc_root(struct sc *sc, scomp c)
{
	int guard = 0;

	while (guard++ <= (int)sc->nsym) {
		struct sym *y = sc_sym(sc, c);

		if (sc_is_primary(sc, c) || !y->has_parent || y->parent == c)
			return c;
		c = y->parent;
	}
	return c;
}

/* first position of c in a tag list (DCT tagmap::find), -1 if absent */
int sc_tag_pos(const struct sname *tags, scomp c)
{
	uint32_t i;

	for (i = 0; i < tags->n; i++)
		if (tags->c[i] == c)
			return i;
	return -1;
}

static void put_str(struct sc *sc, struct sbuf *b, scomp c)
{
	uint32_t len;
	const char *s = sc_str(sc, c, &len);

	sbuf_put(b, s, len);
}

#define NAMEF "%.*s"
#define NAMEA(c) (int)sc_sym(sc, c)->len, sc_sym(sc, c)->s

/* Definitions that reach themselves through other definitions. */
static int check_def_cycles(struct sc *sc)
{
	uint8_t *state = sc_alloc(sc, sc->nsym);
	uint32_t *stack = sc_alloc(sc, sc->nsym * sizeof(*stack));
	uint32_t *next = sc_alloc(sc, sc->nsym * sizeof(*next));
	uint32_t root, sp, id, r;
	int bad = 0;

	for (root = 0; root < sc->nsym; root++) {
		if (state[root] || !sc->sym[root].has_def)
			continue;
		sp = 0;
		stack[sp++] = root;
		state[root] = 1;
		next[root] = 0;
		while (sp) {
			struct sym *y;

			id = stack[sp - 1];
			y = &sc->sym[id];
			if (next[id] >= y->nrefs) {
				state[id] = 2;
				sp--;
				continue;
			}
			r = SC_ID(y->refs[next[id]++]);
			if (r >= sc->nsym || !sc->sym[r].has_def || r == id)
				continue;
			if (state[r] == 1) {
				sc_error(sc, y->defloc,
					 "definition of " NAMEF " refers back to itself through " NAMEF,
					 NAMEA(SC_MK(id, 0)),
					 NAMEA(SC_MK(r, 0)));
				sc_note(sc, sc->sym[r].defloc,
					"" NAMEF " is defined here; definitions must not form a cycle",
					NAMEA(SC_MK(r, 0)));
				bad = 1;
				continue;
			}
			if (state[r])
				continue;
			state[r] = 1;
			next[r] = 0;
			stack[sp++] = r;
		}
	}
	return bad;
}

static void finish_tags1(struct sc *sc, uint32_t id)
{
	struct sym *y = &sc->sym[id];
	struct sym *p;

	if (y->has_tags)
		return;
	if (y->busy)
		sc_abort(sc, y->defloc, NAMEF " is its own ancestor",
			 NAMEA(SC_MK(id, 0)));
	y->busy = 1;
	p = sc_sym(sc, y->parent);
	if (SC_ID(y->parent) != id)
		finish_tags1(sc, SC_ID(y->parent));
	y->tags = p->tags;
	y->has_tags = 1;
	y->busy = 0;
}

/* DCT expand_tags: one level of multi-component definitions spliced in */
static struct sname expand_tags(struct sc *sc, struct sname cur)
{
	struct sname r = { 0 };
	uint32_t i;

	for (i = 0; i < cur.n; i++) {
		scomp c = cur.c[i];

		if (!SC_ISLIT(c) && sc_defined(sc, c) &&
		    sc_lookup(sc, c).n > 1)
			r = sc_cat(sc, r, sc_lookup(sc, c));
		else
			r = sc_cat(sc, r, sc_name1(sc, c));
	}
	return r;
}

/* DCT finishTags */
static void finish_tags(struct sc *sc)
{
	uint32_t id, i;

	for (id = 0; id < sc->nsym; id++) {
		struct sym *y = &sc->sym[id];
		struct sym *p;

		if (!y->has_parent || SC_ID(y->parent) == id)
			continue;
		p = sc_sym(sc, y->parent);
		if (!p->has_parent) {
			p->has_parent = 1;
			p->parent = y->parent;
			p->is_child_root = 1;
		}
	}
	for (id = 0; id < sc->nsym; id++) {
		struct sym *y = &sc->sym[id];

		if (y->has_parent && SC_ID(y->parent) == id && !y->has_tags) {
			y->tags = sc_lookup(sc, y->parent);
			y->has_tags = 1;
		}
	}
	for (id = 0; id < sc->nsym; id++)
		if (sc->sym[id].has_parent)
			finish_tags1(sc, id);
	for (id = 0; id < sc->nsym; id++) {
		struct sym *y = &sc->sym[id];
		struct sname exp;

		if (!y->has_tags)
			continue;
		exp = expand_tags(sc, y->tags);
		if (exp.n > y->tags.n) {
			y->tags = exp;
			if (y->has_def)
				y->def = exp;
		}
		/* ours: a name with '|' cannot give positions to its tags */
		for (i = 0; i < y->tags.n; i++) {
			if (SC_ISOP(y->tags.c[i]) && y->has_def) {
				sc_error(sc, y->defloc,
					 NAMEF " has alternatives ('|') in its own name, so its components have no fixed positions",
					 NAMEA(SC_MK(id, 0)));
				sc_note(sc, y->defloc,
					"define each alternative as a child: child: " NAMEF " & { tag: value }",
					NAMEA(SC_MK(id, 0)));
				break;
			}
		}
	}
}

static struct sname flatten(struct sc *sc, struct snvec nv)
{
	struct sname r;
	uint32_t i;

	if (!nv.n)
		return (struct sname){ 0 };
	if (nv.n == 1)
		return nv.v[0];
	r = sc_binop(sc, nv.v[0], nv.v[1], SCO_RESOLVE);
	for (i = 2; i < nv.n; i++)
		r = sc_binop(sc, r, nv.v[i], SCO_RESOLVE);
	return r;
}

static struct sc_loc field_loc(struct sc *sc, scomp def, scomp tag)
{
	struct sym *y = sc_sym(sc, def);
	uint32_t i;

	for (i = 0; i < y->nfields; i++)
		if (y->fields[i].tag == tag)
			return y->fields[i].loc;
	return y->defloc;
}

/* the single literal a component stands for, or 0 */
static scomp fixed_literal(struct sc *sc, scomp c)
{
	struct sname d;

	if (SC_ISLIT(c))
		return c;
	if (!SC_ISSTR(c) || !sc_defined(sc, c))
		return 0;
	d = sc_lookup(sc, c);
	return d.n == 1 && SC_ISLIT(d.c[0]) ? d.c[0] : 0;
}

/* DCT handleConstraints(nms, def, con, b, e) */
static struct snvec constrain(struct sc *sc, struct snvec res, scomp def,
			      struct sname con, uint32_t b, uint32_t e)
{
	uint32_t b1, e1, b2, e2, i;
	struct snvec r2 = { 0 };
	struct sym *y = sc_sym(sc, def);
	scomp c, tag;
	int t;

	if (b >= e)
		return res;
	c = con.c[b];
	switch (SC_FN(c)) {
	case SCO_STRUCT:
	case SCO_UNIFY:
		op_limits(sc, con, b, e, &b1, &e1, &b2, &e2);
		sc_enter(sc, def);
		res = constrain(sc, res, def, con, b1, e1);
		res = constrain(sc, res, def, con, b2, e2);
		sc_leave(sc);
		return res;
	case SCO_RESOLVE:
		op_limits(sc, con, b, e, &b1, &e1, &b2, &e2);
		sc_enter(sc, def);
		r2 = nv_append(sc, constrain(sc, res, def, con, b1, e1),
			       constrain(sc, res, def, con, b2, e2));
		sc_leave(sc);
		return r2;
	case SCO_FIELD:
		break;
	default:
		sc_error(sc, y->defloc, NAMEF " contains an invalid operator",
			 NAMEA(def));
		return res;
	}
	op_limits(sc, con, b, e, &b1, &e1, &b2, &e2);
	tag = con.c[b1];
	t = sc_tag_pos(&y->tags, tag);
	if (t < 0) {
		struct sbuf tl = { 0 };

		sc_error(sc, field_loc(sc, def, tag),
			 NAMEF " has no component named " NAMEF,
			 NAMEA(def), NAMEA(tag));
		for (i = 0; i < y->tags.n; i++) {
			sbuf_put(&tl, i ? " " : "", i ? 1 : 0);
			put_str(sc, &tl, y->tags.c[i]);
		}
		sc_note(sc, field_loc(sc, def, tag),
			"its components are: %s", tl.p ? tl.p : "");
		free(tl.p);
		return res;
	}
	for (i = 0; i < res.n; i++) {
		struct sname r = res.v[i], nr;
		scomp old, lit;

		if ((uint32_t)t >= r.n) {
			sc_error(sc, field_loc(sc, def, tag),
				 "component " NAMEF " of " NAMEF " is missing from one of its variants",
				 NAMEA(tag), NAMEA(def));
			return res;
		}
		old = fixed_literal(sc, r.c[t]);
		lit = e2 - b2 == 1 ? con.c[b2] : 0;
		if (old && lit && SC_ISLIT(lit) && SC_ID(old) != SC_ID(lit)) {
			sc_error(sc, field_loc(sc, def, tag),
				 "constraint " NAMEF ": \"" NAMEF "\" can never match: the component is already \"" NAMEF "\"",
				 NAMEA(tag), NAMEA(lit), NAMEA(old));
			sc_note(sc, field_loc(sc, def, tag),
				"a component fixed to a literal cannot be constrained to another; drop one of them");
			return res;
		}
		if (e2 - b2 == 1) {
			nr = sc_name(sc, r.c, r.n);
			nr.c[t] = con.c[b2];
		} else {
			nr = sc_name(sc, NULL, r.n - 1 + (e2 - b2));
			memcpy(nr.c, r.c, t * sizeof(scomp));
			memcpy(nr.c + t, con.c + b2, (e2 - b2) * sizeof(scomp));
			memcpy(nr.c + t + (e2 - b2), r.c + t + 1,
			       (r.n - t - 1) * sizeof(scomp));
		}
		r2 = nv_append(sc, r2, sc_expand_or(sc, nr, 0, nr.n));
	}
	return r2;
}

/* DCT handleConstraints(def) */
static void handle_constraints(struct sc *sc, scomp def)
{
	struct sym *y = sc_sym(sc, def);
	struct snvec nv;
	struct sname base, nd;

	if (y->con_done)
		return;
	if (y->busy)
		sc_abort(sc, y->defloc, NAMEF " is its own ancestor",
			 NAMEA(def));
	y->busy = 1;
	if (y->parent != def)
		handle_constraints(sc, y->parent);
	base = sc_lookup(sc, y->parent);
	nv = sc_expand_or(sc, base, 0, base.n);
	nv = constrain(sc, nv, def, y->cons, 0, y->cons.n);
	nd = flatten(sc, nv);
	if (!nd.n)
		sc_error(sc, y->defloc, "assigning an empty name to " NAMEF,
			 NAMEA(def));
	else if (y->has_def)
		y->def = nd;
	y->con_done = 1;
	y->busy = 0;
}

/* DCT finishDefs: tags, parents checked, constraints applied, pubs found. */
void sc_finish_defs(struct sc *sc)
{
	uint32_t id;

	if (check_def_cycles(sc))
		return;
	finish_tags(sc);
	if (sc->errors)
		return;
	for (id = 0; id < sc->nsym; id++) {
		struct sym *y = &sc->sym[id];
		scomp c = SC_MK(id, id ? 0 : SCF_VALID);

		if (!y->has_parent)
			continue;
		if (SC_ID(y->parent) != id && !sc_defined(sc, y->parent)) {
			sc_error(sc, y->defloc,
				 NAMEF " is derived from " NAMEF ", which is not defined",
				 NAMEA(c), NAMEA(y->parent));
			sc_note(sc, y->defloc,
				"define " NAMEF " or correct the spelling",
				NAMEA(y->parent));
			continue;
		}
		if (!y->has_def)
			continue;	/* an undefined parent, reported above */
		handle_constraints(sc, c);
		if (sc_is_exported(sc, c))
			y->pub = 1;
	}
	for (id = 0; id < sc->nsym; id++) {
		struct sym *y = &sc->sym[id];

		if (y->primary)
			y->pub = 1;
		if (y->has_cons && !y->has_parent)
			sc_warn(sc, y->defloc,
				"the constraints on " NAMEF " have no effect: it is neither a pub nor derived from one definition",
				NAMEA(SC_MK(id, 0)));
	}
}
