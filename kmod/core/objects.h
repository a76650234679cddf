/* SPDX-License-Identifier: GPL-2.0 */
/* Views and encoders of Publications, certificates, cStates and cAdds. */
#ifndef _DEFTT_CORE_OBJECTS_H
#define _DEFTT_CORE_OBJECTS_H

#include "wire.h"

/* TLV types of the objects (wire.md 2). */
#define DT_TLV_CSTATE		5
#define DT_TLV_DATA		6
#define DT_TLV_NONCE		10
#define DT_TLV_LIFETIME		12
#define DT_TLV_METAINFO		20
#define DT_TLV_CONTENT		21
#define DT_TLV_SIGINFO		22
#define DT_TLV_SIGVALUE		23
#define DT_TLV_CONTENTTYPE	24
#define DT_TLV_SIGTYPE		27
#define DT_TLV_KEYLOCATOR	28
#define DT_TLV_KEYDIGEST	29
#define DT_TLV_VALIDITY		253
#define DT_TLV_NOTBEFORE	254
#define DT_TLV_NOTAFTER		255

/* ContentType values. */
#define DT_CT_BLOB		0
#define DT_CT_KEY		2
#define DT_CT_CADD		42

/* SignatureType values (wire.md 7). */
#define DT_SIG_SHA256		0
#define DT_SIG_AEAD		7
#define DT_SIG_EDDSA		8
#define DT_SIG_RFC7693		9
#define DT_SIG_NULL		10	/* never on the wire (W26) */
#define DT_SIG_PPAEAD		11
#define DT_SIG_PPSIGN		12
#define DT_SIG_AEADSGN		13
#define DT_SIG_AEGIS		14

/* SignatureValue length of a type, 0 for a type not allowed on the wire. */
unsigned int dt_sig_value_len(unsigned int st);
/* Keyed types carry a KeyLocator (EdDSA, PPAEAD, PPSIGN, AEADSGN). */
bool dt_sig_keyed(unsigned int st);
/* Types that encrypt Content (AEAD, PPAEAD, PPSIGN, AEADSGN, AEGIS). */
bool dt_sig_encrypts(unsigned int st);
/* Short name as DCT's tables spell it ("EdDSA", "AEADSGN", ...) or NULL. */
const char *dt_sig_name(unsigned int st);

/*
 * SignatureInfo contents. key_digest is NULL for the unkeyed shape;
 * not_before/not_after (15 ASCII bytes each) are non-NULL only for the
 * cert shape. Used for parsing (pointers into the object) and encoding.
 */
struct dt_siginfo {
	const u8 *key_digest;	/* DT_THUMBPRINT_LEN bytes */
	const u8 *not_before;	/* DT_VALIDITY_LEN bytes */
	const u8 *not_after;	/* DT_VALIDITY_LEN bytes */
	u8 type;
};

/*
 * A parsed Data TLV (Publication, certificate or cAdd). All offsets are
 * relative to buf, the first byte of the Data TLV (wire.md 0):
 * N = off_name, C = off_content, S = off_sigval, V = off_sigval + sig_hlen.
 */
struct dt_data {
	const u8 *buf;
	u32 size;		/* whole Data TLV */
	u32 off_name;		/* N */
	u32 off_content_tlv;	/* Content TLV header */
	u32 off_content;	/* C: Content value */
	u32 content_len;
	u32 off_siginfo;	/* SignatureInfo TLV */
	u32 siginfo_size;
	u32 off_sigval;		/* S: SignatureValue TLV */
	u32 sig_len;		/* SignatureValue value length */
	u8 sig_hlen;		/* SignatureValue header (2 in practice) */
	u8 content_type;
	struct dt_siginfo si;
	struct dt_name name;
};

static inline const u8 *dt_data_content(const struct dt_data *d)
{
	return d->buf + d->off_content;
}

/* SignatureValue's value (V). */
static inline const u8 *dt_data_sig(const struct dt_data *d)
{
	return d->buf + d->off_sigval + d->sig_hlen;
}

/* [N, S): bytes signed/hashed by SHA256, RFC7693, EdDSA (wire.md 7.1). */
static inline const u8 *dt_data_signed(const struct dt_data *d, u32 *len)
{
	*len = d->off_sigval - d->off_name;
	return d->buf + d->off_name;
}

/* [N, C): associated data of the encrypting types. */
static inline const u8 *dt_data_ad(const struct dt_data *d, u32 *len)
{
	*len = d->off_content - d->off_name;
	return d->buf + d->off_name;
}

/* [N, V + 40): bytes signed by AEADSGN/PPSIGN (sig_len must be 104). */
static inline const u8 *dt_data_signed_aead(const struct dt_data *d, u32 *len)
{
	*len = d->off_sigval + d->sig_hlen + 40 - d->off_name;
	return d->buf + d->off_name;
}

/* Flags for dt_cert_parse(). */
#define DT_CERT_F_ANCHOR	0x1	/* zero KeyDigest allowed (W34) */
#define DT_CERT_F_SCHEMA	0x2	/* Content is a schema, not a key (W33) */

/*
 * Parsers. buf/len must hold exactly the object (W5 otherwise). Each runs
 * the structural rules in the order of wire.md 11 and returns the first
 * failure; on success the view points into buf (nothing is copied).
 *
 * dt_pub_parse: Data grammar (W1-W5, W7, W10), ContentType 0 (W11), name
 *   (W6, W8, W9, W12, W13, W36), SignatureInfo/Value (W22-W24, W26 for st 10).
 * dt_cert_parse: the same plus ContentType 2 and cert SignatureInfo (W29),
 *   name KEY/<key id>/dct/<ts> and key id = BLAKE2b-32(Content) (W30),
 *   validity syntax and order (W31), 32-byte key (W33 unless F_SCHEMA),
 *   zero KeyDigest (W34 unless F_ANCHOR).
 * dt_cadd_parse: top-level Data (W35, W7), ContentType 42, a PDU name
 *   (8-byte zone id W19, last component csID of <= 4 bytes W20), shape of
 *   SignatureInfo/Value. It does not look inside the Content, which may be
 *   ciphertext: call dt_cadd_check_content() on the (decrypted) Content.
 */
enum dt_wire_err dt_pub_parse(const u8 *buf, size_t len, struct dt_data *d);
enum dt_wire_err dt_cert_parse(const u8 *buf, size_t len, unsigned int flags,
			       struct dt_data *d);
enum dt_wire_err dt_cadd_parse(const u8 *buf, size_t len, struct dt_data *d);

/* Kinds for the generic Data parser. */
enum dt_data_kind {
	DT_KIND_PUB,		/* ContentType 0 */
	DT_KIND_CERT,		/* ContentType 2, cert rules */
	DT_KIND_CADD,		/* ContentType 42, PDU name */
	DT_KIND_ANY,		/* grammar only: any ContentType, shape of
				 * SignatureInfo chosen by its contents
				 */
};

enum dt_wire_err dt_data_parse(const u8 *buf, size_t len,
			       enum dt_data_kind kind, unsigned int flags,
			       struct dt_data *d);
/* The cert rules after the Data grammar (W30, W31, W33, W34; cert.c). */
enum dt_wire_err dt_cert_check_fields(const struct dt_data *d,
				      unsigned int flags);

/*
 * cAdd Content (wire.md 4.3 step 4): an exact concatenation of >= 1 Data
 * TLVs (W21). Counts them into *npubs. Each Publication is then parsed on
 * its own with dt_pub_parse() / dt_cert_parse().
 */
enum dt_wire_err dt_cadd_check_content(const u8 *content, size_t len,
				       unsigned int *npubs);

/* Iterator over a checked cAdd Content. */
struct dt_pub_iter {
	const u8 *p;
	size_t left;
};

static inline void dt_pub_iter_init(struct dt_pub_iter *it, const u8 *content,
				    size_t len)
{
	it->p = content;
	it->left = len;
}

/* Next Publication TLV; false at the end (or on a malformed remainder). */
bool dt_pub_next(struct dt_pub_iter *it, const u8 **pub, size_t *len);

/* cAdd csID (last name component) as a number. */
u32 dt_cadd_csid(const struct dt_data *d);

/* A parsed cState (wire.md 5). */
struct dt_cstate {
	const u8 *buf;
	u32 size;
	const u8 *nonce;	/* DT_NONCE_LEN opaque bytes */
	const u8 *iblt;		/* last name component's value */
	u16 iblt_len;
	u32 lifetime_ms;
	struct dt_name name;
};

/*
 * Structural cState check: W1-W5, W7, W14, name (W6, W8, W9, W13, W36),
 * >= 3 components (W15), last component Generic (W37) and non-empty
 * (W17), first component 8 bytes (W19), Nonce (W16), Lifetime (W6, W18).
 * Decoding the IBLT (rest of W17) belongs to iblt.c.
 */
enum dt_wire_err dt_cstate_parse(const u8 *buf, size_t len,
				 struct dt_cstate *cs);

/* A received datagram: a cState or a cAdd. */
struct dt_pdu {
	u8 type;		/* DT_TLV_CSTATE or DT_TLV_DATA */
	union {
		struct dt_cstate cs;
		struct dt_data cadd;
	};
};

/* W35 (len > DT_MAX_DGRAM), W7 (type), then the object's parser. */
enum dt_wire_err dt_pdu_parse(const u8 *buf, size_t len, struct dt_pdu *pdu);

/*
 * Context checks of a PDU name against this zone (W19) and the registered
 * collections. colls[i] are full collection Name views (zone id first, as
 * in trust_domains.json). The PDU name must be one collection name plus
 * exactly one component (W37 for a cState, W20 for a cAdd); *idx gets the
 * matching collection.
 */
enum dt_wire_err dt_pdu_check_zone(const struct dt_name *n,
				   const u8 zone[DT_ZONE_ID_LEN]);
enum dt_wire_err dt_pdu_match_coll(const struct dt_name *n, bool cadd,
				   const struct dt_name *colls,
				   unsigned int ncolls, unsigned int *idx);

/* ---- encoders: return bytes written or -DT_WERR_* ---- */

/* Writes the SignatureInfo TLV for si (shape chosen by type/validity). */
int dt_siginfo_encode(u8 *buf, size_t cap, const struct dt_siginfo *si);

/* A piece of Content (cAdd Content is the concatenation of Publications). */
struct dt_iov {
	const u8 *base;
	size_t len;
};

/*
 * Everything a Data TLV is built from. name is a complete Name TLV. If
 * sig is NULL, sig_len zero bytes are written (to be filled by the signer
 * in place; re-parse the result to get the offsets).
 */
struct dt_data_parts {
	const u8 *name;
	size_t name_size;
	const struct dt_iov *content;
	unsigned int ncontent;
	const u8 *sig;
	size_t sig_len;
	struct dt_siginfo si;
	u8 content_type;
};

int dt_data_encode(u8 *buf, size_t cap, const struct dt_data_parts *parts);
/* Fills parts from a parsed view (content as one piece, in *iov). */
void dt_data_to_parts(const struct dt_data *d, struct dt_data_parts *parts,
		      struct dt_iov *iov);

/* cState from a complete Name TLV, a 4-byte nonce and a lifetime. */
int dt_cstate_encode(u8 *buf, size_t cap, const u8 *name, size_t name_size,
		     const u8 nonce[DT_NONCE_LEN], u32 lifetime_ms);

/*
 * A cAdd name: the first ncomp components of the answered cState's name
 * (i.e. without its IBLT) plus csID. Returns the Name TLV size.
 */
int dt_cadd_name_encode(u8 *buf, size_t cap, const struct dt_name *cs_name,
			u32 csid);

#endif /* _DEFTT_CORE_OBJECTS_H */
