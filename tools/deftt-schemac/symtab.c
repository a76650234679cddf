// SPDX-License-Identifier: GPL-2.0
/* deftt-schemac symbols: each distinct string gets an id in order of first use. */
#include <string.h>

#include "compiler.h"

static uint32_t hash_str(const char *s, uint32_t len)
{
	uint32_t h = 2166136261u, i;

	for (i = 0; i < len; i++)
		h = (h ^ (uint8_t)s[i]) * 16777619u;
	return h;
}

static void rehash(struct sc *sc)
{
	uint32_t i, h, cap = sc->hcap ? sc->hcap * 2 : 256;
	uint32_t *t = sc_alloc(sc, cap * sizeof(*t));

	for (i = 0; i < sc->nsym; i++) {
		h = hash_str(sc->sym[i].s, sc->sym[i].len) & (cap - 1);
		while (t[h])
			h = (h + 1) & (cap - 1);
		t[h] = i + 1;
	}
	sc->hash = t;
	sc->hcap = cap;
}

/*
 * The component for string s: identifiers and literals with the same text
 * share one id (DCT sCompTab); "_" is id 0 and carries the valid flag.
 */
scomp sc_intern(struct sc *sc, const char *s, uint32_t len, struct sc_loc l)
{
	uint32_t h, id;
	struct sym *y;
	char *copy;

	if (2 * (sc->nsym + 1) > sc->hcap)
		rehash(sc);
	h = hash_str(s, len) & (sc->hcap - 1);
	while ((id = sc->hash[h])) {
		y = &sc->sym[id - 1];
		if (y->len == len && !memcmp(y->s, s, len))
			return SC_MK(id - 1, id == 1 ? SCF_VALID : 0);
		h = (h + 1) & (sc->hcap - 1);
	}
	if (sc->nsym >= SC_MAX_SYMS)
		sc_abort(sc, l, "more than %d distinct names and strings",
			 SC_MAX_SYMS);
	sc->sym = sc_grow(sc, sc->sym, &sc->capsym, sc->nsym + 1,
			  sizeof(*sc->sym));
	y = &sc->sym[sc->nsym];
	memset(y, 0, sizeof(*y));
	copy = sc_alloc(sc, len + 1);
	memcpy(copy, s, len);
	y->s = copy;
	y->len = len;
	y->first = l;
	y->tok = -1;
	y->cert = -1;
	sc->hash[h] = ++sc->nsym;
	return SC_MK(sc->nsym - 1, sc->nsym == 1 ? SCF_VALID : 0);
}

struct sym *sc_sym(struct sc *sc, scomp c)
{
	uint32_t id = SC_ID(c);

	return &sc->sym[id < sc->nsym ? id : 0];
}

const char *sc_str(struct sc *sc, scomp c, uint32_t *len)
{
	struct sym *y = sc_sym(sc, c);

	*len = y->len;
	return y->s;
}

/* DCT symTab::to_string: flag marks then the string */
void sc_put_comp(struct sc *sc, struct sbuf *b, scomp c)
{
	uint32_t len;
	const char *s;

	if (SC_ISLIT(c))
		sbuf_put(b, "'", 1);
	if (SC_ISINDEX(c))
		sbuf_put(b, "@", 1);
	switch (SC_FN(c)) {
	case SCO_UNIFY:
		sbuf_put(b, "&", 1);
		break;
	case SCO_RESOLVE:
		sbuf_put(b, "|", 1);
		break;
	case SCO_FIELD:
		sbuf_put(b, ":", 1);
		break;
	case SCO_STRUCT:
		sbuf_put(b, ",", 1);
		break;
	}
	s = sc_str(sc, c, &len);
	sbuf_put(b, s, len);
}

/* DCT driver::to_string(sName): /"lit"/ident/call() and operator marks */
void sc_put_name(struct sc *sc, struct sbuf *b, struct sname n)
{
	static const char op[] = "   & |,:";
	uint32_t i, len;
	const char *s;

	for (i = 0; i < n.n; i++) {
		scomp c = n.c[i];

		if (SC_ISOP(c)) {
			sbuf_printf(b, " %c%u ", op[SC_FN(c)], SC_ID(c));
		} else if (SC_ISLIT(c)) {
			s = sc_str(sc, c, &len);
			sbuf_put(b, "/\"", 2);
			sbuf_put(b, s, len);
			sbuf_put(b, "\"", 1);
		} else {
			sbuf_put(b, "/", 1);
			sc_put_comp(sc, b, c);
			if (SC_ISCALL(c))
				sbuf_put(b, "()", 2);
		}
	}
}

/* DCT driver::isParam: a plain identifier starting with neither _ nor . */
int sc_is_param(struct sc *sc, scomp c)
{
	uint32_t len;
	const char *s;

	if (SC_FL(c) & SCF_PARAM)
		return 1;
	if (!SC_ISSTR(c) || SC_ISVALID(c) || SC_ISANONID(c))
		return 0;
	s = sc_str(sc, c, &len);
	return len && s[0] != '_' && s[0] != '.';
}

int sc_is_primary(struct sc *sc, scomp c)
{
	uint32_t len;
	const char *s = sc_str(sc, c, &len);

	return len && s[0] == '#';
}

int sc_defined(struct sc *sc, scomp c)
{
	return SC_ID(c) < sc->nsym && sc->sym[SC_ID(c)].has_def;
}

/* DCT symTab operator[]: the definition, or the key itself if undefined */
struct sname sc_lookup(struct sc *sc, scomp c)
{
	if (sc_defined(sc, c))
		return sc->sym[SC_ID(c)].def;
	return sc_name1(sc, c);
}
