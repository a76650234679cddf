/* SPDX-License-Identifier: GPL-2.0 */
/* deftt-schemac internals: the compile context shared by every pass. */
#ifndef _DEFTT_SCHEMAC_COMPILER_H
#define _DEFTT_SCHEMAC_COMPILER_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "schemac.h"

/* ---- limits (schema.md §2.2 and our own resource bounds) ---- */
#define SC_MAX_TOKENS	128	/* token index is 7 bits */
#define SC_MAX_TOKLEN	255	/* token length is one byte */
#define SC_MAX_COMPS	32	/* positions are 5 bits */
#define SC_MAX_PARPOS	16	/* parameter bitmap is 16 bits */
#define SC_MAX_CHAINS	8	/* chain bitmap is 8 bits */
#define SC_MAX_DISCS	64	/* discriminator bitmap is 64 bits */
#define SC_MAX_ITEMS	256	/* u8 indices of the other tables */
#define SC_MAX_VLISTS	128	/* vl - 128 */
#define SC_MAX_SYMS	16384	/* DCT's component sets hold 16384 ids */
#define SC_MAX_VARIANTS	4096	/* names one expansion may produce */
#define SC_MAX_PATHS	1024	/* signing chains the DAG may yield */
#define SC_MAX_DEPTH	2000	/* nesting of recursive passes */
#define SC_MAX_ERRORS	50	/* stop reporting after this many */
#define SC_ARENA_MAX	(64u << 20)	/* bytes one compile may use */

/*
 * A schema component: symbol id in the high bits, flags in the low byte,
 * so that integer order is DCT's (id, flags) order.
 */
typedef uint32_t scomp;

#define SCF_LIT		0x80
#define SCF_INDEX	0x40
#define SCF_PARAM	0x20
#define SCF_VALID	0x10
#define SCF_FUNC	0x0f
#define SCO_STR		0x00
#define SCO_CALL	0x02
#define SCO_UNIFY	0x03	/* '&' marker: id = length of the term */
#define SCO_RESOLVE	0x04	/* '|' marker */
#define SCO_STRUCT	0x05	/* ',' between fields */
#define SCO_FIELD	0x06	/* 'tag: value' */

#define SC_ID(c)	((c) >> 8)
#define SC_FL(c)	((c) & 0xff)
#define SC_MK(id, fl)	(((scomp)(id) << 8) | (fl))
#define SC_ISLIT(c)	(SC_FL(c) & SCF_LIT)
#define SC_ISSTR(c)	((SC_FL(c) & (SCF_LIT | SCF_FUNC)) == 0)
#define SC_ISVALID(c)	(SC_FL(c) & SCF_VALID)
#define SC_ISINDEX(c)	(SC_FL(c) & SCF_INDEX)
#define SC_ISANONID(c)	(SC_ID(c) == 0)
#define SC_FN(c)	(SC_FL(c) & SCF_FUNC)
#define SC_ISCALL(c)	(SC_FN(c) == SCO_CALL)
#define SC_ISOP(c)	(SC_FN(c) > SCO_CALL)
#define SC_ANON		SC_MK(0, SCF_VALID)	/* "_" as the lexer makes it */
#define SC_MAXTOK_COMP	SC_MK(128, 0)	/* DCT's placeholder in compVar */

struct sname {
	scomp *c;
	uint32_t n;
};

struct snvec {
	struct sname *v;
	uint32_t n, cap;
};

/* sorted set of small integers (symbol ids or chain indices) */
struct iset {
	uint32_t *v;
	uint32_t n, cap;
};

struct sc_loc {
	int line, col;
};

struct sbuf {
	char *p;
	size_t n, cap;
	int oom;
};

/* what one field of a constraint said, for messages */
struct fieldref {
	scomp tag;
	struct sc_loc loc;
};

/* per symbol id: what the parser and the passes know about it */
struct sym {
	const char *s;
	uint32_t len;
	struct sc_loc first;	/* first appearance */
	struct sc_loc defloc;
	unsigned has_def:1, has_parent:1, has_signer:1, has_cons:1,
		 con_done:1, primary:1, pub:1, has_tags:1, has_certs:1,
		 busy:1, has_ent:1, has_disc:1, is_child_root:1;
	struct sname def;	/* DCT symtab c2n_ */
	struct sname cons;	/* constraints_ */
	struct sname signer;	/* signer_ */
	struct sname tags;	/* tags_ */
	scomp parent;		/* parent_ */
	struct snvec certs;	/* certs_ */
	struct iset signers;	/* signers_: chain indices */
	struct sname children;	/* children_ (in expansion order) */
	struct iset *ent;	/* entropy_: one set per tag position */
	uint32_t nent;
	struct fieldref *fields;
	uint32_t nfields;
	scomp *refs;		/* identifiers its definition uses */
	uint32_t nrefs;
	int tok;		/* token index, -1 if none */
	int cert;		/* cert table index, -1 if none */
	struct disc_ent *disc;	/* discrim_ entries, sorted by key */
	uint32_t ndisc;
};

/* one entry of a pub's discriminator map (DCT discrimMap) */
struct disc_ent {
	uint32_t tmpl;		/* index in templates */
	uint32_t comp;		/* distinguishing position or 128 */
	struct iset chains;	/* chains that may sign it */
	struct iset vals;	/* symbol ids of the allowed values */
};

struct cor_item {
	uint8_t ct1, co1, ct2, co2;
};

struct cor_list {
	struct cor_item *v;
	uint32_t n;
};

/* a graph node: a definition (or, rarely, a literal) in the signing DAG */
struct dnode {
	scomp id;
	scomp *out;		/* successors, sorted */
	uint32_t nout, capout;
	int attr;
};

struct dag {
	struct dnode *v;	/* sorted by id */
	uint32_t n, cap;
};

/* one output table (DCT mapper): distinct byte items in first-add order */
struct otable {
	uint8_t **item;
	uint32_t *len;
	uint32_t n, cap;
};

struct arena_blk;

struct sc {
	const struct sc_opts *o;
	const char *file;
	jmp_buf fail;
	struct arena_blk *blk;
	size_t used;
	struct sbuf out;	/* listing */
	struct sbuf diag;
	int errors, warnings;

	/* symbols (DCT sCompTab: ids in order of first appearance) */
	struct sym *sym;
	uint32_t nsym, capsym;
	uint32_t *hash;		/* open addressing, id + 1, 0 = empty */
	uint32_t hcap;

	/* parser side state */
	struct fieldref *pend_f;
	uint32_t npend_f, cappend_f;
	scomp *pend_r;
	uint32_t npend_r, cappend_r;
	struct snvec certchains;	/* bare signing chain statements */
	int depth;
	int last_tok;		/* last token the lexer returned */
	struct sc_loc lex;	/* where the lexer is */
	void *scanner, *scanbuf;	/* flex state, freed even on abort */

	/* passes */
	struct dag dag;
	struct snvec chains;	/* pub-to-anchor chains (DCT chains_) */
	struct cor_list *cors;
	struct snvec templates;
	struct snvec comp_nm;	/* compressible_: names ... */
	uint8_t *comp_c;	/* ... and their position */
	uint32_t ncomp;

	/* output */
	char *stab;
	uint32_t stablen;
	uint32_t ntok;
	uint32_t *tokoff, *toklen, *toksym;
	struct otable t_cert, t_chain, t_cor, t_tag, t_tmplt, t_vlist;
	struct otable t_disc, t_pub, t_tmplt_key;
	int *chain_out;		/* DCT chains_ index -> chain table index */
	int *cor_out;
	uint8_t *scm;
	size_t scm_len;
};

/* arena.c */
void *sc_alloc(struct sc *sc, size_t n);
void *sc_grow(struct sc *sc, void *p, uint32_t *cap, uint32_t n, size_t sz);
void sc_arena_free(struct sc *sc);
void sc_fatal_oom(struct sc *sc);
struct sname sc_name(struct sc *sc, const scomp *c, uint32_t n);
struct sname sc_name1(struct sc *sc, scomp c);
struct sname sc_cat(struct sc *sc, struct sname a, struct sname b);
int sc_name_cmp(struct sname a, struct sname b);
int sc_name_eq(struct sname a, struct sname b);
void sc_nv_push(struct sc *sc, struct snvec *v, struct sname n);
void sc_nv_append(struct sc *sc, struct snvec *dst, const struct snvec *src);
int sc_iset_add(struct sc *sc, struct iset *s, uint32_t x);
int sc_iset_has(const struct iset *s, uint32_t x);
int sc_iset_cmp(const struct iset *a, const struct iset *b);
void sbuf_printf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sbuf_put(struct sbuf *b, const void *p, size_t n);

/* diag.c */
void sc_error(struct sc *sc, struct sc_loc l, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void sc_warn(struct sc *sc, struct sc_loc l, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void sc_note(struct sc *sc, struct sc_loc l, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void sc_abort(struct sc *sc, struct sc_loc l, const char *fmt, ...)
	__attribute__((format(printf, 3, 4), noreturn));
void sc_enter(struct sc *sc, scomp what);
void sc_leave(struct sc *sc);

/* symtab.c */
scomp sc_intern(struct sc *sc, const char *s, uint32_t len, struct sc_loc l);
const char *sc_str(struct sc *sc, scomp c, uint32_t *len);
void sc_put_comp(struct sc *sc, struct sbuf *b, scomp c);
void sc_put_name(struct sc *sc, struct sbuf *b, struct sname n);
int sc_is_param(struct sc *sc, scomp c);
int sc_is_primary(struct sc *sc, scomp c);
int sc_defined(struct sc *sc, scomp c);
struct sname sc_lookup(struct sc *sc, scomp c);
struct sym *sc_sym(struct sc *sc, scomp c);

/* parse actions (grammar.c), called by the bison parser */
struct sname sc_binop(struct sc *sc, struct sname a, struct sname b, int op);
void sc_def(struct sc *sc, scomp name, struct sc_loc l, struct sname nm,
	    const struct sname *cons, const struct sname *signers);
void sc_chain_stmt(struct sc *sc, struct sname chain, struct sc_loc l);
struct sname sc_call(struct sc *sc, scomp fn, struct sc_loc l);
int sc_fn_index(struct sc *sc, scomp c);
void sc_field_seen(struct sc *sc, scomp tag, struct sc_loc l);
void sc_ref_seen(struct sc *sc, scomp ref);
void sc_item_reset(struct sc *sc);
int sc_parse(struct sc *sc, const char *src, size_t len);
void sc_parse_cleanup(struct sc *sc);

/* expand.c: definitions, tags, constraints (DCT driver finishDefs) */
struct snvec sc_expand(struct sc *sc, struct sname n, uint32_t b, uint32_t e);
struct snvec sc_expand_or(struct sc *sc, struct sname n, uint32_t b,
			  uint32_t e);
int sc_is_parent(struct sc *sc, scomp c);
int sc_is_exported(struct sc *sc, scomp c);
scomp sc_root(struct sc *sc, scomp c);
int sc_tag_pos(const struct sname *tags, scomp c);
void sc_finish_defs(struct sc *sc);

/* certdag.c: signing graph and chains (DCT finishCerts) */
void sc_dag_add_node(struct sc *sc, struct dag *g, scomp n);
void sc_dag_add_edge(struct sc *sc, struct dag *g, scomp a, scomp b);
struct dnode *sc_dag_find(const struct dag *g, scomp n);
scomp *sc_dag_topo(struct sc *sc, const struct dag *g, uint32_t *n);
int sc_dag_is_source(const struct dag *g, scomp n);
void sc_finish_certs(struct sc *sc);

/* variants.c: expansion of pubs and certs, compressible sets */
void sc_finish_expand(struct sc *sc);

/* analyze.c: checks, correspondences, discriminators (DCT semantics) */
void sc_analyze(struct sc *sc);

/* otable.c */
int sc_ot_find(const struct otable *t, const uint8_t *p, uint32_t n);
uint32_t sc_ot_push(struct sc *sc, struct otable *t, const uint8_t *p,
		    uint32_t n);
uint32_t sc_ot_add(struct sc *sc, struct otable *t, const uint8_t *p,
		   uint32_t n);

/* emit.c: the binary schema (DCT schemaOut) */
void sc_emit(struct sc *sc);

/* listing.c */
void sc_list_dag(struct sc *sc, const struct dag *g, int all);
void sc_list_summary(struct sc *sc);
void sc_list_entropy(struct sc *sc);

/* checks.c: the checks DCT does not make */
void sc_check_directives(struct sc *sc);
void sc_check_signers(struct sc *sc);

#endif
