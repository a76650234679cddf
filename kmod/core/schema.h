/* SPDX-License-Identifier: GPL-2.0 */
/* Trust-schema runtime: binary schema reader, signers, validation, building. */
#ifndef _DEFTT_CORE_SCHEMA_H
#define _DEFTT_CORE_SCHEMA_H

#include "wire.h"

/* Format bounds (schema.md 2.2). */
#define DT_SCM_MAX_TOK		128	/* token index is 7 bits */
#define DT_SCM_MAX_ITEMS	256	/* item indices are u8 */
#define DT_SCM_MAX_CHAINS	8	/* chain bitmaps are u8 */
#define DT_SCM_MAX_DISC		64	/* pub disc bitmaps are u64 */
#define DT_SCM_MAX_COMPS	32	/* positions are 5 bits */
#define DT_SCM_MAX_XVALS	31	/* run-time values e0..fe */
#define DT_SCM_NO_COMP		128	/* disc comp: no distinguishing position */
/*
 * deftt limits, not the format's: longest signing chain we install (the
 * bundle reader's bound) and bytes of chain-derived values kept per signer.
 */
#define DT_SCM_MAX_CHAIN_LEN	16
#define DT_SCM_XPOOL		1024
/*
 * deftt limit: items of one cor list (the vectors use at most 5). Keeps
 * resolving a signer's templates bounded at 64 discs x 32 codes x 256
 * items however the schema was written.
 */
#define DT_SCM_MAX_COR_ITEMS	256

/* Component codes (schema.md 2.3): class by the top three bits. */
#define DT_SCM_PARAM		0x80
#define DT_SCM_COR		0xa0
#define DT_SCM_CALL		0xc0
#define DT_SCM_INDEX		0xe0
#define DT_SCM_ANON		0xff
#define DT_SCM_CALL_TS		0xc0	/* timestamp() */
#define DT_SCM_CALL_SYSID	0xc1	/* sysId() */

static inline bool dt_scm_is_lit(u8 c)
{
	return c < 0x80;
}

static inline u8 dt_scm_class(u8 c)
{
	return c == DT_SCM_ANON ? DT_SCM_ANON : (c < 0x80 ? 0 : c & 0xe0);
}

/*
 * Every reason a schema, a cert chain, a Publication or a build is refused
 * (schema.md 4, 6.4, 7.3, 8). One code per reason; names in schema_err.c.
 */
enum dt_schema_err {
	DT_SCM_OK = 0,
	/* reader (schema.md 4), in table order */
	DT_SCM_E_OUTER,
	DT_SCM_E_SECTION,
	DT_SCM_E_ITEM,
	DT_SCM_E_TOK,
	DT_SCM_E_CERT,
	DT_SCM_E_CHAIN,
	DT_SCM_E_COR,
	DT_SCM_E_TAG,
	DT_SCM_E_TMPLT,
	DT_SCM_E_VLIST,
	DT_SCM_E_DISC,
	DT_SCM_E_PUB,
	DT_SCM_E_CONSIST,
	DT_SCM_E_DIRECTIVE,
	DT_SCM_E_CAPS,		/* encrypting validator lacks KM/KMP/SG */
	DT_SCM_E_BOOT_ANCHOR,	/* trust anchor unfit for this schema */
	DT_SCM_E_BOOT_SCHEMA_CERT, /* schema cert name, signer or signature */
	/* certs and signing chains (schema.md 6.4) */
	DT_SCM_E_CERT_FORM,	/* chain too short/long for deftt */
	DT_SCM_E_CERT_SIGTYPE,
	DT_SCM_E_CERT_TIME,	/* a chain cert outside its validity */
	DT_SCM_E_CERT_SIGNER,	/* KeyLocator is not the next cert's */
	DT_SCM_E_CERT_SIG,	/* a chain signature does not verify */
	DT_SCM_E_CERT_TRUST,	/* chain ends in another trust anchor */
	DT_SCM_E_CERT_NO_TEMPLATE,
	DT_SCM_E_CERT_ANCHOR,
	DT_SCM_E_CERT_SCHEMA,
	DT_SCM_E_CERT_CHAIN,
	DT_SCM_E_CERT_CHAIN_COR,
	DT_SCM_E_CERT_BUILD,
	/* Publications (schema.md 7.3) */
	DT_SCM_E_PUB_NO_SIGNER,
	DT_SCM_E_PUB_SIGNER_EXPIRED,
	DT_SCM_E_PUB_LEN,
	DT_SCM_E_PUB_DISC,
	DT_SCM_E_PUB_LITERAL,
	DT_SCM_E_PUB_COR,
	DT_SCM_E_PUB_TYPE,
	DT_SCM_E_PUB_SIG,
	/* building (schema.md 8) */
	DT_SCM_E_BUILD_NOT_PARAM,
	DT_SCM_E_BUILD_TWICE,
	DT_SCM_E_BUILD_MISSING,
	DT_SCM_E_BUILD_NO_TEMPLATE,
	DT_SCM_E_BUILD_ANON,
	DT_SCM_E_BUILD_CALL,
	DT_SCM_E_BUILD_NOSPACE,
	DT_SCM_E_MAX
};

/* Short snake_case name ("scm_tok", "pub_cor", ...). */
const char *dt_schema_err_name(int err);

/* Sections in file order (type 132 + index). */
enum dt_scm_sec {
	DT_SCM_STR, DT_SCM_TOKS, DT_SCM_CERTS, DT_SCM_CHAINS, DT_SCM_CORS,
	DT_SCM_TAGS, DT_SCM_TMPLTS, DT_SCM_VLISTS, DT_SCM_DISCS, DT_SCM_PUBS,
	DT_SCM_NSEC
};

/* Where a reader or build failure was found. */
struct dt_scm_diag {
	u16 item;		/* item index in the section, or position */
	u8 sec;			/* enum dt_scm_sec */
};

/* One variable-length item: bytes at dt_schema.val + off. */
struct dt_scm_item {
	u16 off;
	u16 len;
};

struct dt_scm_disc {
	u8 cbm;
	u8 tmpl;
	u8 comp;
	u8 vl;
	u8 cor;
};

struct dt_scm_pub {
	u64 disc;
	u16 par;
	u8 name;
	u8 tag;
};

/*
 * A checked binary schema: a zero-copy view of the caller's buffer, which
 * must outlive it. About 6 KiB, so callers allocate it (dt_alloc()), never
 * put it on a kernel stack. Immutable once read; shared by a zone.
 */
struct dt_schema {
	const u8 *val;		/* outer TLV value; item offsets are into it */
	u32 len;		/* outer value length */
	u16 str_off;
	u16 str_len;
	u16 n[DT_SCM_NSEC];	/* item counts (bytes for str) */
	u16 disc_off;		/* records read in place */
	u16 pub_off;
	struct dt_scm_item tok[DT_SCM_MAX_TOK];
	struct dt_scm_item cert[DT_SCM_MAX_ITEMS];
	struct dt_scm_item chain[DT_SCM_MAX_CHAINS];
	struct dt_scm_item cor[DT_SCM_MAX_ITEMS];
	struct dt_scm_item tag[DT_SCM_MAX_ITEMS];
	struct dt_scm_item tmplt[DT_SCM_MAX_ITEMS];
	struct dt_scm_item vlist[DT_SCM_MAX_ITEMS];
	/* directives (schema.md 5): pub indices and validator types */
	u8 pub_prefix;
	u8 pub_chain_info;	/* 0xff if absent */
	u8 msgs_sig;
	u8 cert_sig;
	u8 pdu_sig;
};

/*
 * Reads and checks a binary schema (schema.md 4, every step in table
 * order). buf/len is the whole .scm (the schema cert's Content). On failure
 * the reason is returned and *diag (if non-NULL) says where; s must then
 * not be used. O(len x 8 chains) time, no allocation, no recursion.
 */
enum dt_schema_err dt_schema_read(struct dt_schema *s, const u8 *buf,
				  size_t len, struct dt_scm_diag *diag);

/* ---- accessors (indices must have been range-checked) ---- */

static inline const u8 *dt_scm_bytes(const struct dt_schema *s,
				     const struct dt_scm_item *it)
{
	return s->val + it->off;
}

static inline const u8 *dt_scm_tok(const struct dt_schema *s, u8 t, u8 *len)
{
	*len = (u8)s->tok[t].len;
	return s->val + s->str_off + s->tok[t].off;
}

void dt_scm_disc_get(const struct dt_schema *s, unsigned int d,
		     struct dt_scm_disc *out);
void dt_scm_pub_get(const struct dt_schema *s, unsigned int p,
		    struct dt_scm_pub *out);
/* Token whose bytes equal b, or -1. */
int dt_scm_find_tok(const struct dt_schema *s, const u8 *b, size_t len);
/* Pub whose name token's bytes equal name (NUL-terminated), or -1. */
int dt_scm_find_pub(const struct dt_schema *s, const char *name);
/* Template of a pub's first (lowest) discriminator: its static value. */
const struct dt_scm_item *dt_scm_pub_value(const struct dt_schema *s,
					   unsigned int p);

/*
 * Capability template lookup (schema.md 9.2): lowest cert template other
 * than the anchor's matching <prefix>/CAP/<cap>/_/KEY/_/dct/_, or -1.
 */
int dt_schema_cap_template(const struct dt_schema *s, const char *cap);
/* n starts with the components of #pubPrefix: their count; else -1. */
int dt_schema_prefix_match(const struct dt_schema *s, const struct dt_name *n);
/*
 * Zone-creation checks (schema.md 5): an encrypting #pduValidator needs a
 * KM template, an encrypting #msgsValidator a KMP one, PPAEAD/PPSIGN an SG
 * one. DT_SCM_E_CAPS otherwise.
 */
enum dt_schema_err dt_schema_check_caps(const struct dt_schema *s);

/*
 * Cert name against templates (schema.md 6.1): lowest template index
 * among 0..ncert-2 that name matches, or -1. dt_schema_cert_matches()
 * tests one template (the anchor's included).
 */
bool dt_schema_cert_matches(const struct dt_schema *s, unsigned int t,
			    const struct dt_name *n);
int dt_schema_cert_template(const struct dt_schema *s, const struct dt_name *n);

/*
 * Bootstrap checks of schema.md 10 for a schema s read from the Content
 * of schema_cert, with its trust anchor: the anchor is self-signed with a
 * keyed type equal to #certValidator's, verifies, and matches the last
 * cert template (else BOOT_ANCHOR); the schema cert is signed by the
 * anchor and verifies, is named <#pubPrefix>/schema/<pub 0>/KEY/_/dct/_
 * (DCT compares only the component count; we compare the values too)
 * (else BOOT_SCHEMA_CERT). Two Ed25519 verifies; zone creation only.
 */
enum dt_schema_err dt_schema_bootstrap(const struct dt_schema *s,
				       const struct dt_data *anchor,
				       const struct dt_data *schema_cert);

/*
 * Schema-related checks of one cert offered from the network (schema.md
 * 6.4, first rows), in DCT's order: CERT_SIGTYPE, CERT_NO_TEMPLATE,
 * CERT_ANCHOR, CERT_SCHEMA (validity is dt_cert_check_time()'s).
 * *signing (if non-NULL) tells whether it is a signing cert (its name
 * matches the first template of some chain).
 */
enum dt_schema_err dt_schema_cert_check(const struct dt_schema *s,
					const struct dt_data *cert,
					bool *signing);

/* ---- signers and resolved templates (schema.md 6.2-6.3, 7.1) ---- */

/* What a resolved template position was before resolution. */
enum dt_scm_kind {
	DT_SCM_K_LIT,		/* a literal of the schema */
	DT_SCM_K_CHAIN,		/* a value from the signing chain */
	DT_SCM_K_PARAM,
	DT_SCM_K_CALL,		/* timestamp() or sysId() */
	DT_SCM_K_ANON,
};

/* One resolved template: codes LIT, INDEX, PARAM, CALL or ANON. */
struct dt_scm_rtmpl {
	u64 vs[2];		/* value set: bit t = token t (0..127) */
	u8 code[DT_SCM_MAX_COMPS];
	u8 kind[DT_SCM_MAX_COMPS];
	u8 n;
	u8 comp;
	u8 vs_check;		/* vs holds a token other than 0 */
};

/*
 * An installed signer: the public key and thumbprint of a signing cert
 * and its resolved templates for pub 0. About 7 KiB: allocate it.
 */
struct dt_schema_signer {
	const struct dt_schema *s;
	u8 tp[DT_THUMBPRINT_LEN];
	u8 pk[DT_PUBKEY_LEN];
	s64 not_after;		/* signing cert's NotAfter, s since 1970 */
	u8 cm;			/* schema chains the signer uses */
	u8 pub;			/* pub the templates are of */
	u8 nrt;
	u8 nx;
	u16 xoff[DT_SCM_MAX_XVALS];
	u16 xlen[DT_SCM_MAX_XVALS];
	u16 xused;
	u8 xpool[DT_SCM_XPOOL];
	struct dt_scm_rtmpl rt[DT_SCM_MAX_DISC];
};

/*
 * Installs the signer of a signing chain: chain[0] the signing cert,
 * chain[n-1] the trust anchor whose thumbprint must be anchor_tp; all
 * parsed with dt_cert_parse(). Checks, in order: n (CERT_FORM), each
 * cert's SignatureType against #certValidator (CERT_SIGTYPE), KeyLocator
 * links (CERT_SIGNER, CERT_ANCHOR for a self-signed cert below the top,
 * CERT_TRUST for another anchor), no schema cert (CERT_SCHEMA), validity
 * at now_us (CERT_TIME), every signature (CERT_SIG), names against cert
 * templates (CERT_NO_TEMPLATE), schema chains (CERT_CHAIN), chain
 * correspondences (CERT_CHAIN_COR) and the resolved templates of pub 0
 * (CERT_BUILD). Nothing is installed on failure.
 */
enum dt_schema_err dt_schema_signer_init(struct dt_schema_signer *sg,
					 const struct dt_schema *s,
					 const struct dt_data *chain,
					 unsigned int n,
					 const u8 anchor_tp[DT_THUMBPRINT_LEN],
					 u64 now_us);

/*
 * Resolved templates of pub p for chain names N[0..L-1] (schema.md 7.1)
 * into sg->rt / sg->x*: the core of dt_schema_signer_init(), also used to
 * build directive values. cm = schema chains that N matched and whose
 * correspondences hold.
 */
enum dt_schema_err dt_schema_resolve(struct dt_schema_signer *sg,
				     unsigned int p,
				     const struct dt_name *const *names,
				     unsigned int L, u8 cm);
/* Schema chains N matches (schema.md 6.2), as a bitmap. */
u8 dt_schema_match_chains(const struct dt_schema *s,
			  const struct dt_name *const *names, unsigned int L);
/* Chain correspondences for chain c (schema.md 6.3). */
bool dt_schema_chain_cors_ok(const struct dt_schema *s, unsigned int c,
			     const struct dt_name *const *names,
			     unsigned int L);

/* ---- Publication validation (schema.md 7.2-7.3) ---- */

struct dt_scm_verdict {
	u8 tmpl;		/* resolved template that decided */
	u8 pos;			/* failing position (LITERAL, COR, TYPE) */
};

/*
 * Matches a Publication name against a signer's resolved templates; the
 * validation path. No allocation. Work bound: at most 64 templates x 32
 * positions, each a compare of at most 255 (token) or 65,535 (run-time
 * value) bytes, plus one token search (<= 128 tokens) per distinguishing
 * position, cached per position. Returns OK or the furthest step any
 * template reached (PUB_LEN < DISC < LITERAL < COR < TYPE).
 */
enum dt_schema_err dt_schema_match(const struct dt_schema_signer *sg,
				   const struct dt_name *name,
				   struct dt_scm_verdict *v);

/*
 * Schema checks of a parsed Publication offered as signed by sg:
 * KeyLocator = sg's thumbprint (PUB_NO_SIGNER), signer not past NotAfter
 * at now_us (PUB_SIGNER_EXPIRED), then dt_schema_match(). The signature
 * is the signature manager's job (PUB_SIG is the caller's code for it).
 */
enum dt_schema_err dt_schema_pub_check(const struct dt_schema_signer *sg,
				       const struct dt_data *pub, u64 now_us,
				       struct dt_scm_verdict *v);

/* ---- building (schema.md 8) ---- */

enum dt_scm_vkind {
	DT_SCM_V_STR,		/* Generic */
	DT_SCM_V_UINT,		/* SequenceNum */
	DT_SCM_V_TIME,		/* Timestamp, µs */
};

/* One parameter: by tag name (tag != NULL) or by position. */
struct dt_scm_param {
	const char *tag;
	const u8 *str;
	u64 num;
	u16 len;
	u8 pos;
	u8 kind;		/* enum dt_scm_vkind */
};

struct dt_scm_build {
	const struct dt_scm_param *par;
	unsigned int npar;
	const struct dt_scm_param *def;	/* defaults, may be NULL */
	unsigned int ndef;
	u64 now_us;			/* timestamp() */
	const u8 *sysid;		/* sysId(): p<pid>@<host> */
	size_t sysid_len;
};

/*
 * Builds the Name TLV of a Publication of sg's pub (pub 0 for a signer
 * from dt_schema_signer_init()) from sg's resolved templates into buf.
 * Returns the Name TLV size, or the negated reason (BUILD_*); diag->item
 * gets the position (or parameter index) at fault.
 */
int dt_schema_build_name(const struct dt_schema_signer *sg,
			 const struct dt_scm_build *in, u8 *buf, size_t cap,
			 struct dt_scm_diag *diag);

/* ---- capabilities (schema.md 9.1) ---- */

/*
 * First cert of a chain (signing cert first, up to the anchor) whose name
 * starts <#pubPrefix>/CAP/<cap> (components compared as TLVs). Returns its
 * index and points *arg at the next component's value (empty if none),
 * or -1 if the chain has no such cert.
 */
int dt_schema_cap_find(const struct dt_schema *s,
		       const struct dt_name *const *names, unsigned int L,
		       const char *cap, struct dt_comp *arg);

#endif /* _DEFTT_CORE_SCHEMA_H */
