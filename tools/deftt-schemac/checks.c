// SPDX-License-Identifier: GPL-2.0
/* deftt-schemac checks DCT does not make: directives, validators, unsigned variants, calls, sizes. */
#include <string.h>

#include "compiler.h"

#define NAMEF "%.*s"
#define NAMEA(c) (int)sc_sym(sc, c)->len, sc_sym(sc, c)->s

static const char *const directives[] = {
	"#pubPrefix", "#msgsValidator", "#certValidator", "#pduValidator",
	"#chainInfo",
};

/* signature types a validator directive may name (wire.md §7) */
static const char *const validators[] = {
	"EdDSA", "AEAD", "AEADSGN", "PPAEAD", "PPSIGN", "RFC7693", "SHA256",
	"NULL", "AEGIS",
};

static int str_is(struct sc *sc, scomp c, const char *s)
{
	uint32_t len;
	const char *p = sc_str(sc, c, &len);

	return len == strlen(s) && !memcmp(p, s, len);
}

static int find_primary(struct sc *sc, const char *name)
{
	uint32_t id;

	for (id = 0; id < sc->nsym; id++)
		if (sc->sym[id].primary && str_is(sc, SC_MK(id, 0), name))
			return id;
	return -1;
}

static int is_directive(struct sc *sc, scomp c)
{
	uint32_t i;

	for (i = 0; i < sizeof(directives) / sizeof(directives[0]); i++)
		if (str_is(sc, c, directives[i]))
			return 1;
	return 0;
}

static void check_validator(struct sc *sc, uint32_t id)
{
	struct sym *y = &sc->sym[id];
	struct snvec ex = sc_expand(sc, y->def, 0, y->def.n);
	uint32_t i;

	if (ex.n != 1 || ex.v[0].n != 1 || !SC_ISLIT(ex.v[0].c[0])) {
		sc_error(sc, y->defloc,
			 NAMEF " must be one literal naming a signature type",
			 NAMEA(SC_MK(id, 0)));
		sc_note(sc, y->defloc, "for example: " NAMEF ": \"EdDSA\"",
			NAMEA(SC_MK(id, 0)));
		return;
	}
	for (i = 0; i < sizeof(validators) / sizeof(validators[0]); i++)
		if (str_is(sc, ex.v[0].c[0], validators[i]))
			return;
	sc_error(sc, y->defloc, "unknown validator \"" NAMEF "\" for " NAMEF,
		 NAMEA(ex.v[0].c[0]), NAMEA(SC_MK(id, 0)));
	sc_note(sc, y->defloc,
		"known: EdDSA, AEAD, AEADSGN, PPAEAD, PPSIGN, RFC7693, SHA256, NULL, AEGIS");
}

/* Signers and chain members must be defined (DCT: "cert X undefined"). */
void sc_check_signers(struct sc *sc)
{
	uint32_t id, i;

	for (id = 0; id < sc->nsym; id++) {
		struct sym *y = &sc->sym[id];

		for (i = 0; y->has_signer && i < y->signer.n; i++) {
			scomp s = y->signer.c[i];

			if (sc_defined(sc, s))
				continue;
			sc_error(sc, sc_sym(sc, s)->first,
				 "signer " NAMEF " of " NAMEF " is not defined",
				 NAMEA(s), NAMEA(SC_MK(id, 0)));
			sc_note(sc, sc_sym(sc, s)->first,
				"define the cert: " NAMEF ": _domain/.../_certinfo",
				NAMEA(s));
		}
	}
	for (id = 0; id < sc->certchains.n; id++) {
		struct sname ch = sc->certchains.v[id];

		for (i = 0; i < ch.n; i++)
			if (!sc_defined(sc, ch.c[i]))
				sc_error(sc, sc_sym(sc, ch.c[i])->first,
					 "cert " NAMEF " in a signing chain is not defined",
					 NAMEA(ch.c[i]));
	}
}

/* is position pos of the pub (item 0) tied to the chain by a cor item? */
static int cor_binds(const struct cor_list *cl, uint32_t pos)
{
	uint32_t i;

	for (i = 0; i < cl->n; i++)
		if ((cl->v[i].ct1 == 0 && cl->v[i].co1 == pos) ||
		    (cl->v[i].ct2 == 0 && cl->v[i].co2 == pos))
			return 1;
	return 0;
}

/*
 * A '_' name in a pub template that no cert of a signing chain binds is
 * compared with nothing at run time: warn (versec.md §4, our addition).
 */
static void check_unbound(struct sc *sc, uint32_t id)
{
	struct sym *y = &sc->sym[id];
	uint32_t k, i, j;

	for (k = 0; k < y->ndisc; k++) {
		struct disc_ent *d = &y->disc[k];
		struct sname nm = sc->templates.v[d->tmpl];

		for (i = 0; i < nm.n; i++) {
			scomp c = nm.c[i];

			if (!SC_ISSTR(c) || SC_ISVALID(c) || SC_ISANONID(c) ||
			    sc_is_param(sc, c) || sc_tag_pos(&nm, c) != (int)i)
				continue;
			for (j = 0; j < d->chains.n; j++) {
				if (cor_binds(&sc->cors[d->chains.v[j]], i))
					continue;
				sc_warn(sc, y->defloc,
					"component " NAMEF " of " NAMEF " is bound by no cert of its signing chain: it matches any value",
					NAMEA(c), NAMEA(SC_MK(id, 0)));
				return;
			}
		}
	}
}

void sc_check_directives(struct sc *sc)
{
	static const char *const required[] = {
		"#pubPrefix", "#msgsValidator", "#certValidator",
		"#pduValidator",
	};
	struct sc_loc top = { 1, 1 };
	uint32_t i, id, k, v;
	int d;

	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		d = find_primary(sc, required[i]);
		if (d < 0) {
			sc_error(sc, top, "the schema has no %s", required[i]);
			sc_note(sc, top, "%s",
				i == 0 ? "add '#pubPrefix: _domain' (the trust domain's name prefix)" :
				"add e.g. '#msgsValidator: \"EdDSA\"' (one per collection: msgs, cert, pdu)");
			continue;
		}
		if (i > 0)
			check_validator(sc, d);
	}
	for (id = 0; id < sc->nsym; id++) {
		struct sym *y = &sc->sym[id];
		scomp c = SC_MK(id, 0);

		if (!y->primary || !y->pub)
			continue;
		check_unbound(sc, id);
		if (y->tags.n > SC_MAX_PARPOS && !is_directive(sc, c))
			sc_error(sc, y->defloc,
				 NAMEF " has %u components; a pub has at most %d (its parameter bitmap is 16 bits)",
				 NAMEA(c), y->tags.n, SC_MAX_PARPOS);
		for (k = 0; k < y->children.n; k++) {
			scomp ch = y->children.c[k];
			struct sym *cy = sc_sym(sc, ch);

			for (v = 0; v < cy->certs.n; v++) {
				struct sname nm = cy->certs.v[v];

				for (i = 0; i < nm.n; i++) {
					if (!SC_ISCALL(nm.c[i]) ||
					    sc_fn_index(sc, nm.c[i]) < 2)
						continue;
					sc_error(sc, cy->defloc,
						 NAMEF "() cannot be built: a pub may only call timestamp() or sysId()",
						 NAMEA(nm.c[i]));
					v = cy->certs.n;
					break;
				}
			}
			if (is_directive(sc, c) || cy->signers.n)
				continue;
			sc_error(sc, cy->defloc,
				 "no signing chain can sign " NAMEF " (a variant of " NAMEF ")",
				 NAMEA(ch), NAMEA(c));
			sc_note(sc, cy->defloc,
				"give it a signer: " NAMEF ": ... <= signingCert",
				NAMEA(ch));
		}
	}
}
