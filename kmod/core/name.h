/* SPDX-License-Identifier: GPL-2.0 */
/* Names and typed name components: parse, compare, build, render. */
#ifndef _DEFTT_CORE_NAME_H
#define _DEFTT_CORE_NAME_H

#include "wire.h"

/* TLV types of the Name and of its components (wire.md 2, 3.1). */
#define DT_TLV_NAME		7
#define DT_COMP_GENERIC		8
#define DT_COMP_CSID		35
#define DT_COMP_TIMESTAMP	36
#define DT_COMP_SEQNUM		37

/* One name component; a zero-copy view. */
struct dt_comp {
	const u8 *tlv;		/* component TLV (header included) */
	const u8 *val;
	u16 len;		/* value length */
	u16 size;		/* whole component TLV */
	u16 type;
};

/*
 * A parsed Name. off[i] is the offset of component i's TLV inside val;
 * off[ncomp] == len. tlv/size cover the whole Name TLV (header included),
 * which is what csIDs are hashed over and what equality compares.
 */
struct dt_name {
	const u8 *tlv;
	const u8 *val;
	u32 size;
	u16 len;
	u8 ncomp;
	u16 off[DT_NAME_MAX_COMPS + 1];
};

/* Flags for dt_name_parse*(). */
#define DT_NAME_F_CSID_LAST	0x1	/* a cAdd name: csID allowed last */

/*
 * Checks a Name TLV whose header was already read (t->type == 7) and fills
 * n. Rules: W8 (framing inside the Name), W9 (> 32 components), W36
 * (component type not 8/35/36/37, csID not last or not allowed), W6
 * (number with a leading zero or too long), W13 (Timestamp empty or > 8
 * bytes), W20 (csID longer than 4 bytes).
 */
enum dt_wire_err dt_name_from_tlv(const struct dt_tlv *t, unsigned int flags,
				  struct dt_name *n);
/* As above for a buffer that must hold exactly one Name TLV (W1-W5, W7). */
enum dt_wire_err dt_name_parse(const u8 *buf, size_t len, unsigned int flags,
			       struct dt_name *n);

/* Component i (0-based; negative counts from the end: -1 is the last). */
void dt_name_comp(const struct dt_name *n, int i, struct dt_comp *c);
/* Numeric value of a Timestamp/SequenceNum/csID component (W6 if bad). */
enum dt_wire_err dt_comp_number(const struct dt_comp *c, u64 *v);
/* Component equals a Generic with the given bytes. */
bool dt_comp_is_generic(const struct dt_comp *c, const void *s, size_t len);

/* DCT ordering (wire.md 3.7): memcmp of the values, shorter first on a tie. */
int dt_name_cmp(const struct dt_name *a, const struct dt_name *b);
bool dt_name_eq(const struct dt_name *a, const struct dt_name *b);
/* p is a prefix of q (component-wise; byte prefix of the values). */
bool dt_name_is_prefix(const struct dt_name *p, const struct dt_name *q);

/*
 * Renders n as DCT's name URI (wire.md 3.8) into out (NUL-terminated).
 * Returns the string length or -DT_WERR_NOSPACE.
 */
int dt_name_uri(const struct dt_name *n, char *out, size_t cap);
/* The YY-MM-DD@HH:MM:SS.ffffff rendering of one µs timestamp (27 bytes). */
int dt_ts_render(u64 us, char *out, size_t cap);

/*
 * Name builder: components are written at buf + DT_TLV_MAX_HDR; finish
 * moves them behind the Name header so the TLV starts at buf. Sticky error.
 */
struct dt_name_bld {
	struct dt_wbuf w;
	u8 *buf;
	unsigned int ncomp;
};

void dt_nb_init(struct dt_name_bld *b, u8 *buf, size_t cap);
void dt_nb_comp(struct dt_name_bld *b, u16 type, const void *val, size_t len);
void dt_nb_str(struct dt_name_bld *b, const char *s);
void dt_nb_number(struct dt_name_bld *b, u16 type, u64 v);
/* Appends the components (value bytes) of an existing name. */
void dt_nb_name(struct dt_name_bld *b, const struct dt_name *n,
		unsigned int ncomp);
/* Size of the Name TLV at buf, or negative error. */
int dt_nb_finish(struct dt_name_bld *b);

/*
 * A PDU name's zone id and collection: component 0 is the 8-byte Generic
 * zone id (else DT_WERR_ZONE), every component between it and the last is
 * Generic (else @bad_coll). The last component is the caller's to check.
 */
enum dt_wire_err dt_name_check_coll(const struct dt_name *n,
				    enum dt_wire_err bad_coll);

#endif /* _DEFTT_CORE_NAME_H */
