/* SPDX-License-Identifier: GPL-2.0 */
/* TLV reader and writer with DCT's type/length forms and minimal encoding. */
#ifndef _DEFTT_CORE_TLV_H
#define _DEFTT_CORE_TLV_H

#include "wire.h"

/*
 * One TLV as read from a buffer; a zero-copy view. type is the full type
 * number (1- or 3-byte form), len the value length, hlen the header size
 * (2..6); the value is val[0..len).
 */
struct dt_tlv {
	const u8 *tlv;
	const u8 *val;
	u32 len;
	u16 type;
	u8 hlen;
};

/* Size of the whole TLV (header + value). */
static inline u32 dt_tlv_size(const struct dt_tlv *t)
{
	return t->hlen + t->len;
}

/*
 * Reads one TLV at p, with avail bytes left in its parent (wire.md 1.6
 * steps 1-4). Returns DT_WERR_OK, DT_WERR_TRUNCATED (W1),
 * DT_WERR_BAD_LEN_BYTE (W2), DT_WERR_NON_MINIMAL (W3) or DT_WERR_OVERRUN (W4).
 */
enum dt_wire_err dt_tlv_get_slow(const u8 *p, size_t avail, struct dt_tlv *t);

/* Inline fast path for the 1-byte type and length forms. */
static __always_inline enum dt_wire_err dt_tlv_get(const u8 *p, size_t avail,
						   struct dt_tlv *t)
{
	if (likely(avail >= 2 && p[0] < 0xfd && p[1] < 0xfd)) {
		if (unlikely(p[1] > avail - 2))
			return DT_WERR_OVERRUN;
		t->tlv = p;
		t->val = p + 2;
		t->len = p[1];
		t->type = p[0];
		t->hlen = 2;
		return DT_WERR_OK;
	}
	return dt_tlv_get_slow(p, avail, t);
}

/*
 * Reads the single TLV that must fill buf exactly: DT_WERR_TOP_TYPE if it
 * is not of @type, DT_WERR_TRAILING if bytes follow it.
 */
enum dt_wire_err dt_tlv_whole(const u8 *buf, size_t len, u16 type,
			      struct dt_tlv *t);

/*
 * Reads the child of @parent at offset @o and checks that it has @type; a
 * missing or differently typed child is the caller's shape error @missing.
 */
enum dt_wire_err dt_tlv_child(const struct dt_tlv *parent, u32 o, u16 type,
			      enum dt_wire_err missing, struct dt_tlv *c);

/*
 * Reads a non-negative integer value (wire.md 1.5): 0..8 bytes, minimal
 * (no leading zero byte). DT_WERR_BAD_NUMBER (W6) otherwise.
 */
enum dt_wire_err dt_num_get(const u8 *val, u32 len, u64 *out);

/* Bytes of the minimal big-endian encoding of v (0 for v == 0). */
unsigned int dt_num_len(u64 v);
/* Writes v minimal big-endian to p; returns dt_num_len(v). */
unsigned int dt_num_put(u8 *p, u64 v);

/* Header size for a type and a value length (len must be <= 65,535). */
static inline unsigned int dt_tlv_hdr_len(u32 type, u32 len)
{
	return (type <= DT_TLV_SHORT_MAX ? 1 : 3) +
	       (len <= DT_TLV_SHORT_MAX ? 1 : 3);
}

/*
 * Writes a minimal TLV header to p (room for DT_TLV_MAX_HDR bytes needed);
 * returns its size, or -DT_WERR_TOO_LONG if len > 65,535 or type > 65,535.
 */
int dt_tlv_put_hdr(u8 *p, u32 type, u32 len);

/*
 * Sticky-error output cursor used by the encoders: after the first failure
 * every call is a no-op and err keeps the first error (negated code).
 */
struct dt_wbuf {
	u8 *p;
	size_t cap;
	size_t len;
	int err;
};

static inline void dt_wb_init(struct dt_wbuf *w, u8 *p, size_t cap)
{
	w->p = p;
	w->cap = cap;
	w->len = 0;
	w->err = 0;
}

/* Reserves n bytes and returns where they go, or NULL (error recorded). */
u8 *dt_wb_room(struct dt_wbuf *w, size_t n);
void dt_wb_bytes(struct dt_wbuf *w, const void *b, size_t n);
void dt_wb_hdr(struct dt_wbuf *w, u32 type, u32 len);
void dt_wb_tlv(struct dt_wbuf *w, u32 type, const void *val, size_t n);
void dt_wb_num(struct dt_wbuf *w, u32 type, u64 v);
/* Length written, or the first error (negative). */
static inline int dt_wb_result(const struct dt_wbuf *w)
{
	return w->err ? w->err : (int)w->len;
}

#endif /* _DEFTT_CORE_TLV_H */
