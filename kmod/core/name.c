// SPDX-License-Identifier: GPL-2.0
/* Names and typed name components: parse, compare, build, render. */
#include "wire.h"

/* Checks one component's type and value; last: it ends the Name. */
static enum dt_wire_err check_comp(const struct dt_tlv *c, bool last,
				   unsigned int flags)
{
	u64 v;

	switch (c->type) {
	case DT_COMP_GENERIC:
		return DT_WERR_OK;
	case DT_COMP_TIMESTAMP:
		/* wire.md 3.3: 1..8 bytes, minimal; the tagged form is a
		 * 9-byte value and so fails here too.
		 */
		if (!c->len || c->len > DT_NUM_MAX_LEN)
			return DT_WERR_TIMESTAMP;
		return dt_num_get(c->val, c->len, &v);
	case DT_COMP_SEQNUM:
		return dt_num_get(c->val, c->len, &v);
	case DT_COMP_CSID:
		if (!(flags & DT_NAME_F_CSID_LAST) || !last)
			return DT_WERR_COMP_TYPE;
		if (c->len > DT_CSID_MAX_LEN)
			return DT_WERR_CADD_NAME;
		return dt_num_get(c->val, c->len, &v);
	default:
		/* Segment (33) and everything else (wire.md 3.1, W36). */
		return DT_WERR_COMP_TYPE;
	}
}

enum dt_wire_err dt_name_from_tlv(const struct dt_tlv *t, unsigned int flags,
				  struct dt_name *n)
{
	struct dt_tlv c;
	enum dt_wire_err e;
	u32 o = 0;

	n->tlv = t->tlv;
	n->val = t->val;
	n->size = dt_tlv_size(t);
	n->len = t->len;
	n->ncomp = 0;
	while (o < t->len) {
		if (n->ncomp == DT_NAME_MAX_COMPS)
			return DT_WERR_NAME_TOO_LONG;
		/*
		 * Decision (wire.md 1.6 step 5): every framing failure inside
		 * a Name, W2 and W3 included, is counted as W8.
		 */
		if (dt_tlv_get(t->val + o, t->len - o, &c))
			return DT_WERR_NAME_FRAMING;
		e = check_comp(&c, o + dt_tlv_size(&c) == t->len, flags);
		if (e)
			return e;
		n->off[n->ncomp++] = o;
		o += dt_tlv_size(&c);
	}
	n->off[n->ncomp] = o;
	return DT_WERR_OK;
}

enum dt_wire_err dt_name_parse(const u8 *buf, size_t len, unsigned int flags,
			       struct dt_name *n)
{
	struct dt_tlv t;
	enum dt_wire_err e;

	e = dt_tlv_whole(buf, len, DT_TLV_NAME, &t);
	if (e)
		return e;
	return dt_name_from_tlv(&t, flags, n);
}

void dt_name_comp(const struct dt_name *n, int i, struct dt_comp *c)
{
	struct dt_tlv t;
	unsigned int k = i < 0 ? n->ncomp + i : (unsigned int)i;
	u32 o = n->off[k];

	/* Already validated by the parser: cannot fail. */
	if (dt_tlv_get(n->val + o, n->off[k + 1] - o, &t)) {
		memset(c, 0, sizeof(*c));
		return;
	}
	c->tlv = t.tlv;
	c->val = t.val;
	c->len = t.len;
	c->size = dt_tlv_size(&t);
	c->type = t.type;
}

enum dt_wire_err dt_comp_number(const struct dt_comp *c, u64 *v)
{
	return dt_num_get(c->val, c->len, v);
}

bool dt_comp_is_generic(const struct dt_comp *c, const void *s, size_t len)
{
	return c->type == DT_COMP_GENERIC && c->len == len &&
	       !memcmp(c->val, s, len);
}

int dt_name_cmp(const struct dt_name *a, const struct dt_name *b)
{
	u32 l = a->len < b->len ? a->len : b->len;
	int r = memcmp(a->val, b->val, l);

	if (r)
		return r;
	return a->len < b->len ? -1 : a->len > b->len;
}

bool dt_name_eq(const struct dt_name *a, const struct dt_name *b)
{
	return a->len == b->len && !memcmp(a->val, b->val, a->len);
}

bool dt_name_is_prefix(const struct dt_name *p, const struct dt_name *q)
{
	return p->len <= q->len && !memcmp(p->val, q->val, p->len);
}

/* ---- URI rendering ---- */

struct out {
	char *p;
	size_t cap;
	size_t len;
	bool full;
};

static void out_c(struct out *o, char c)
{
	if (o->len + 1 >= o->cap) {
		o->full = true;
		return;
	}
	o->p[o->len++] = c;
}

static void out_dec(struct out *o, u64 v, unsigned int width)
{
	char d[20];
	unsigned int n = 0;

	do {
		d[n++] = '0' + v % 10;
		v /= 10;
	} while (v);
	while (width > n) {
		out_c(o, '0');
		width--;
	}
	while (n)
		out_c(o, d[--n]);
}

void dt_civil_from_days(s64 days, s64 *y, unsigned int *m, unsigned int *d)
{
	/* Days are counted from 0000-03-01 in 400-year eras of 146097 days. */
	s64 z = days + 719468;
	s64 era = (z >= 0 ? z : z - 146096) / 146097;
	u64 doe = (u64)(z - era * 146097);
	u64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	u64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	u64 mp = (5 * doy + 2) / 153;

	*d = (unsigned int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (s64)yoe + era * 400 + (*m <= 2);
}

static void out_ts(struct out *o, u64 us)
{
	u64 secs = us / 1000000, sod = secs % 86400;
	s64 days = (s64)(secs / 86400), iy;
	unsigned int m, d, im, id, wd;

	dt_civil_from_days(days, &iy, &m, &d);
	/*
	 * DCT prints the year with %g: the ISO 8601 week-based year, i.e. the
	 * year of the Thursday of this date's Monday-based week (1970-01-01
	 * was a Thursday).
	 */
	wd = (unsigned int)((days % 7 + 7 + 3) % 7);	/* Monday = 0 */
	dt_civil_from_days(days - wd + 3, &iy, &im, &id);
	out_dec(o, (u64)(iy % 100 + 100) % 100, 2);
	out_c(o, '-');
	out_dec(o, m, 2);
	out_c(o, '-');
	out_dec(o, d, 2);
	out_c(o, '@');
	out_dec(o, sod / 3600, 2);
	out_c(o, ':');
	out_dec(o, sod / 60 % 60, 2);
	out_c(o, ':');
	out_dec(o, sod % 60, 2);
	out_c(o, '.');
	out_dec(o, us % 1000000, 6);
}

static void out_hex(struct out *o, const u8 *v, unsigned int n)
{
	static const char hx[] = "0123456789abcdef";
	unsigned int i;

	for (i = 0; i < n; i++) {
		out_c(o, hx[v[i] >> 4]);
		out_c(o, hx[v[i] & 15]);
	}
}

static void out_comp(struct out *o, const struct dt_comp *c)
{
	u64 v = 0;
	unsigned int i;
	bool bin = false;

	if (c->type == DT_COMP_TIMESTAMP) {
		dt_num_get(c->val, c->len, &v);
		out_ts(o, v);
		return;
	}
	if (c->type == DT_COMP_SEQNUM) {
		dt_num_get(c->val, c->len, &v);
		out_dec(o, v, 1);
		return;
	}
	for (i = 0; i < c->len; i++)
		if (c->val[i] < 0x20 || c->val[i] >= 0x7f)
			bin = true;
	if (!bin) {
		for (i = 0; i < c->len; i++)
			out_c(o, c->val[i]);
		return;
	}
	if (c->len == 9 && c->val[0] == 0xfc && c->val[1] == 0) {
		/* DCT's legacy tagged timestamp: fc 00 + 7-byte µs. */
		for (i = 2; i < 9; i++)
			v = v << 8 | c->val[i];
		out_ts(o, v);
		return;
	}
	out_c(o, '^');
	if (c->len <= 10) {
		out_hex(o, c->val, c->len);
	} else {
		out_hex(o, c->val, 8);
		out_c(o, '.');
		out_c(o, '.');
	}
}

int dt_ts_render(u64 us, char *buf, size_t cap)
{
	struct out o = { buf, cap, 0, false };

	out_ts(&o, us);
	if (cap)
		buf[o.len] = 0;
	return o.full || !cap ? -DT_WERR_NOSPACE : (int)o.len;
}

int dt_name_uri(const struct dt_name *n, char *buf, size_t cap)
{
	struct out o = { buf, cap, 0, false };
	struct dt_comp c;
	unsigned int i;

	for (i = 0; i < n->ncomp; i++) {
		dt_name_comp(n, i, &c);
		out_c(&o, '/');
		out_comp(&o, &c);
	}
	if (!n->ncomp)
		out_c(&o, '/');
	if (cap)
		buf[o.len] = 0;
	return o.full || !cap ? -DT_WERR_NOSPACE : (int)o.len;
}

/* ---- builder ---- */

void dt_nb_init(struct dt_name_bld *b, u8 *buf, size_t cap)
{
	b->buf = buf;
	b->ncomp = 0;
	if (cap < DT_TLV_MAX_HDR) {
		dt_wb_init(&b->w, buf, 0);
		b->w.err = -DT_WERR_NOSPACE;
		return;
	}
	dt_wb_init(&b->w, buf + DT_TLV_MAX_HDR, cap - DT_TLV_MAX_HDR);
}

static bool nb_count(struct dt_name_bld *b)
{
	if (b->w.err)
		return false;
	if (b->ncomp == DT_NAME_MAX_COMPS) {
		b->w.err = -DT_WERR_NAME_TOO_LONG;
		return false;
	}
	b->ncomp++;
	return true;
}

void dt_nb_comp(struct dt_name_bld *b, u16 type, const void *val, size_t len)
{
	if (nb_count(b))
		dt_wb_tlv(&b->w, type, val, len);
}

void dt_nb_str(struct dt_name_bld *b, const char *s)
{
	dt_nb_comp(b, DT_COMP_GENERIC, s, strlen(s));
}

void dt_nb_number(struct dt_name_bld *b, u16 type, u64 v)
{
	if (nb_count(b))
		dt_wb_num(&b->w, type, v);
}

void dt_nb_name(struct dt_name_bld *b, const struct dt_name *n,
		unsigned int ncomp)
{
	unsigned int i;

	if (ncomp > n->ncomp) {
		if (!b->w.err)
			b->w.err = -DT_WERR_INVAL;
		return;
	}
	for (i = 0; i < ncomp; i++)
		if (!nb_count(b))
			return;
	dt_wb_bytes(&b->w, n->val, n->off[ncomp]);
}

int dt_nb_finish(struct dt_name_bld *b)
{
	size_t vlen = b->w.len;
	u8 hdr[DT_TLV_MAX_HDR];
	int h;

	if (b->w.err)
		return b->w.err;
	h = dt_tlv_put_hdr(hdr, DT_TLV_NAME, vlen);
	if (h < 0)
		return h;
	memmove(b->buf + h, b->buf + DT_TLV_MAX_HDR, vlen);
	memcpy(b->buf, hdr, h);
	return h + (int)vlen;
}

enum dt_wire_err dt_name_check_coll(const struct dt_name *n,
				    enum dt_wire_err bad_coll)
{
	struct dt_comp c;
	unsigned int i;

	dt_name_comp(n, 0, &c);
	if (c.type != DT_COMP_GENERIC || c.len != DT_ZONE_ID_LEN)
		return DT_WERR_ZONE;
	/* Collection components are Generic text (dct_model.hpp). */
	for (i = 1; i + 1 < n->ncomp; i++) {
		dt_name_comp(n, i, &c);
		if (c.type != DT_COMP_GENERIC)
			return bad_coll;
	}
	return DT_WERR_OK;
}
