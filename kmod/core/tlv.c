// SPDX-License-Identifier: GPL-2.0
/* TLV reader and writer with DCT's type/length forms and minimal encoding. */
#include "wire.h"

/*
 * Reads a 1- or 3-byte type or length field at p[0..avail). avail >= 1.
 * Returns the field size, or a negated error.
 */
static int get_field(const u8 *p, size_t avail, u32 *v)
{
	u8 b = p[0];

	if (b < 0xfd) {
		*v = b;
		return 1;
	}
	if (b != 0xfd)
		return -DT_WERR_BAD_LEN_BYTE;
	if (avail < 3)
		return -DT_WERR_TRUNCATED;
	*v = dt_get_be16(p + 1);
	if (*v <= DT_TLV_SHORT_MAX)
		return -DT_WERR_NON_MINIMAL;
	return 3;
}

enum dt_wire_err dt_tlv_get_slow(const u8 *p, size_t avail, struct dt_tlv *t)
{
	size_t o;
	u32 type, len;
	int r;

	if (avail < 2)
		return DT_WERR_TRUNCATED;
	r = get_field(p, avail, &type);
	if (r < 0)
		return -r;
	o = r;
	if (o >= avail)
		return DT_WERR_TRUNCATED;
	r = get_field(p + o, avail - o, &len);
	if (r < 0)
		return -r;
	o += r;
	if (len > avail - o)
		return DT_WERR_OVERRUN;
	t->tlv = p;
	t->val = p + o;
	t->len = len;
	t->type = type;
	t->hlen = o;
	return DT_WERR_OK;
}

enum dt_wire_err dt_tlv_whole(const u8 *buf, size_t len, u16 type,
			      struct dt_tlv *t)
{
	enum dt_wire_err e = dt_tlv_get(buf, len, t);

	if (e)
		return e;
	if (t->type != type)
		return DT_WERR_TOP_TYPE;
	if (dt_tlv_size(t) != len)
		return DT_WERR_TRAILING;
	return DT_WERR_OK;
}

enum dt_wire_err dt_tlv_child(const struct dt_tlv *parent, u32 o, u16 type,
			      enum dt_wire_err missing, struct dt_tlv *c)
{
	enum dt_wire_err e;

	if (o == parent->len)
		return missing;
	e = dt_tlv_get(parent->val + o, parent->len - o, c);
	if (e)
		return e;
	return c->type == type ? DT_WERR_OK : missing;
}

enum dt_wire_err dt_num_get(const u8 *val, u32 len, u64 *out)
{
	u64 v = 0;
	u32 i;

	if (len > DT_NUM_MAX_LEN || (len && !val[0]))
		return DT_WERR_BAD_NUMBER;
	for (i = 0; i < len; i++)
		v = v << 8 | val[i];
	*out = v;
	return DT_WERR_OK;
}

unsigned int dt_num_len(u64 v)
{
	unsigned int n = 0;

	while (v) {
		n++;
		v >>= 8;
	}
	return n;
}

unsigned int dt_num_put(u8 *p, u64 v)
{
	unsigned int n = dt_num_len(v), i;

	for (i = 0; i < n; i++)
		p[i] = v >> (8 * (n - 1 - i));
	return n;
}

static unsigned int put_field(u8 *p, u32 v)
{
	if (v <= DT_TLV_SHORT_MAX) {
		p[0] = v;
		return 1;
	}
	p[0] = 0xfd;
	dt_put_be16(p + 1, v);
	return 3;
}

int dt_tlv_put_hdr(u8 *p, u32 type, u32 len)
{
	unsigned int n;

	if (len > DT_TLV_MAX_VALUE || type > 0xffff)
		return -DT_WERR_TOO_LONG;
	n = put_field(p, type);
	return n + put_field(p + n, len);
}

u8 *dt_wb_room(struct dt_wbuf *w, size_t n)
{
	u8 *r;

	if (w->err)
		return NULL;
	if (n > w->cap - w->len) {
		w->err = -DT_WERR_NOSPACE;
		return NULL;
	}
	r = w->p + w->len;
	w->len += n;
	return r;
}

void dt_wb_bytes(struct dt_wbuf *w, const void *b, size_t n)
{
	u8 *p = dt_wb_room(w, n);

	if (p && n)
		memcpy(p, b, n);
}

void dt_wb_hdr(struct dt_wbuf *w, u32 type, u32 len)
{
	u8 *p;

	if (w->err)
		return;
	if (len > DT_TLV_MAX_VALUE || type > 0xffff) {
		w->err = -DT_WERR_TOO_LONG;
		return;
	}
	p = dt_wb_room(w, dt_tlv_hdr_len(type, len));
	if (p)
		dt_tlv_put_hdr(p, type, len);
}

void dt_wb_tlv(struct dt_wbuf *w, u32 type, const void *val, size_t n)
{
	if (n > DT_TLV_MAX_VALUE) {
		if (!w->err)
			w->err = -DT_WERR_TOO_LONG;
		return;
	}
	dt_wb_hdr(w, type, n);
	dt_wb_bytes(w, val, n);
}

void dt_wb_num(struct dt_wbuf *w, u32 type, u64 v)
{
	u8 *p;

	dt_wb_hdr(w, type, dt_num_len(v));
	p = dt_wb_room(w, dt_num_len(v));
	if (p)
		dt_num_put(p, v);
}
