// SPDX-License-Identifier: GPL-2.0
/* PDUs: cState, cAdd Content splitting, datagram dispatch, name context. */
#include "wire.h"

/*
 * cState name (wire.md 5): >= 3 components (W15), all Generic, the last
 * non-empty (W37, W17), the first the 8-byte zone id (W19).
 */
static enum dt_wire_err cstate_name(struct dt_cstate *cs)
{
	const struct dt_name *n = &cs->name;
	struct dt_comp c;

	if (n->ncomp < DT_MIN_DATA_COMPS)
		return DT_WERR_CSTATE_NAME;
	dt_name_comp(n, -1, &c);
	if (c.type != DT_COMP_GENERIC)
		return DT_WERR_CSTATE_COLL;
	if (!c.len)
		return DT_WERR_IBLT;
	cs->iblt = c.val;
	cs->iblt_len = c.len;
	return dt_name_check_coll(n, DT_WERR_CSTATE_COLL);
}

enum dt_wire_err dt_cstate_parse(const u8 *buf, size_t len,
				 struct dt_cstate *cs)
{
	struct dt_tlv top, nm, nc, lt;
	enum dt_wire_err e;
	u64 ms;
	u32 o;

	if (len > DT_MAX_DGRAM)
		return DT_WERR_TOO_BIG;
	e = dt_tlv_whole(buf, len, DT_TLV_CSTATE, &top);
	if (e)
		return e;
	cs->buf = buf;
	cs->size = len;

	e = dt_tlv_child(&top, 0, DT_TLV_NAME, DT_WERR_CSTATE_SHAPE, &nm);
	if (e)
		return e;
	e = dt_name_from_tlv(&nm, 0, &cs->name);
	if (e)
		return e;
	o = dt_tlv_size(&nm);
	e = dt_tlv_child(&top, o, DT_TLV_NONCE, DT_WERR_CSTATE_SHAPE, &nc);
	if (e)
		return e;
	o += dt_tlv_size(&nc);
	e = dt_tlv_child(&top, o, DT_TLV_LIFETIME, DT_WERR_CSTATE_SHAPE, &lt);
	if (e)
		return e;
	o += dt_tlv_size(&lt);
	if (o != top.len)
		return DT_WERR_TRAILING;

	e = cstate_name(cs);
	if (e)
		return e;
	if (nc.len != DT_NONCE_LEN)
		return DT_WERR_NONCE;
	cs->nonce = nc.val;
	e = dt_num_get(lt.val, lt.len, &ms);
	if (e)
		return e;
	if (!ms || ms > DT_LIFETIME_MAX_MS)
		return DT_WERR_LIFETIME;
	cs->lifetime_ms = (u32)ms;
	return DT_WERR_OK;
}

int dt_cstate_encode(u8 *buf, size_t cap, const u8 *name, size_t name_size,
		     const u8 nonce[DT_NONCE_LEN], u32 lifetime_ms)
{
	struct dt_wbuf w;
	size_t vlen;

	if (!lifetime_ms || lifetime_ms > DT_LIFETIME_MAX_MS)
		return -DT_WERR_INVAL;
	vlen = name_size + 2 + DT_NONCE_LEN + 2 + dt_num_len(lifetime_ms);
	dt_wb_init(&w, buf, cap);
	dt_wb_hdr(&w, DT_TLV_CSTATE, vlen);
	dt_wb_bytes(&w, name, name_size);
	dt_wb_tlv(&w, DT_TLV_NONCE, nonce, DT_NONCE_LEN);
	dt_wb_num(&w, DT_TLV_LIFETIME, lifetime_ms);
	return dt_wb_result(&w);
}

int dt_cadd_name_encode(u8 *buf, size_t cap, const struct dt_name *cs_name,
			u32 csid)
{
	struct dt_name_bld b;

	if (!cs_name->ncomp)
		return -DT_WERR_INVAL;
	dt_nb_init(&b, buf, cap);
	dt_nb_name(&b, cs_name, cs_name->ncomp - 1);
	dt_nb_number(&b, DT_COMP_CSID, csid);
	return dt_nb_finish(&b);
}

enum dt_wire_err dt_cadd_check_content(const u8 *content, size_t len,
				       unsigned int *npubs)
{
	struct dt_tlv t;
	unsigned int n = 0;
	size_t o = 0;

	/*
	 * wire.md 4.3 step 4: >= 1 complete type-6 TLVs, nothing else. Any
	 * framing failure in here is counted as W21 (the cAdd's own rule),
	 * the Publications' grammar is checked per Publication afterwards.
	 */
	if (!len)
		return DT_WERR_CADD_CONTENT;
	while (o < len) {
		if (dt_tlv_get(content + o, len - o, &t) ||
		    t.type != DT_TLV_DATA)
			return DT_WERR_CADD_CONTENT;
		o += dt_tlv_size(&t);
		n++;
	}
	if (npubs)
		*npubs = n;
	return DT_WERR_OK;
}

bool dt_pub_next(struct dt_pub_iter *it, const u8 **pub, size_t *len)
{
	struct dt_tlv t;

	if (!it->left || dt_tlv_get(it->p, it->left, &t))
		return false;
	*pub = it->p;
	*len = dt_tlv_size(&t);
	it->p += *len;
	it->left -= *len;
	return true;
}

u32 dt_cadd_csid(const struct dt_data *d)
{
	struct dt_comp c;
	u64 v = 0;

	dt_name_comp(&d->name, -1, &c);
	dt_comp_number(&c, &v);
	return (u32)v;
}

enum dt_wire_err dt_pdu_parse(const u8 *buf, size_t len, struct dt_pdu *pdu)
{
	struct dt_tlv t;
	enum dt_wire_err e;

	if (len > DT_MAX_DGRAM)
		return DT_WERR_TOO_BIG;
	e = dt_tlv_get(buf, len, &t);
	if (e)
		return e;
	pdu->type = t.type;
	if (t.type == DT_TLV_CSTATE)
		return dt_cstate_parse(buf, len, &pdu->cs);
	if (t.type == DT_TLV_DATA)
		return dt_cadd_parse(buf, len, &pdu->cadd);
	return DT_WERR_TOP_TYPE;
}

enum dt_wire_err dt_pdu_check_zone(const struct dt_name *n,
				   const u8 zone[DT_ZONE_ID_LEN])
{
	struct dt_comp c;

	if (!n->ncomp)
		return DT_WERR_ZONE;
	dt_name_comp(n, 0, &c);
	if (c.type != DT_COMP_GENERIC || c.len != DT_ZONE_ID_LEN ||
	    memcmp(c.val, zone, DT_ZONE_ID_LEN))
		return DT_WERR_ZONE;
	return DT_WERR_OK;
}

enum dt_wire_err dt_pdu_match_coll(const struct dt_name *n, bool cadd,
				   const struct dt_name *colls,
				   unsigned int ncolls, unsigned int *idx)
{
	unsigned int i;

	/* Exactly one registered collection name plus one component. */
	for (i = 0; i < ncolls; i++) {
		if (colls[i].ncomp + 1 == n->ncomp &&
		    dt_name_is_prefix(&colls[i], n)) {
			*idx = i;
			return DT_WERR_OK;
		}
	}
	return cadd ? DT_WERR_CADD_NAME : DT_WERR_CSTATE_COLL;
}
