// SPDX-License-Identifier: GPL-2.0
/* Data TLV grammar (Publications, certs, cAdds), SignatureInfo, encoders. */
#include "wire.h"

/* SignatureValue lengths by type (wire.md 7); 0 = not on the wire. */
static const u8 sig_len_tab[15] = {
	[DT_SIG_SHA256] = 32,
	[DT_SIG_AEAD] = 40,
	[DT_SIG_EDDSA] = 64,
	[DT_SIG_RFC7693] = 32,
	[DT_SIG_PPAEAD] = 40,
	[DT_SIG_PPSIGN] = 104,
	[DT_SIG_AEADSGN] = 104,
	[DT_SIG_AEGIS] = 64,
};

static const char *const sig_names[15] = {
	[DT_SIG_SHA256] = "SHA256",
	[DT_SIG_AEAD] = "AEAD",
	[DT_SIG_EDDSA] = "EdDSA",
	[DT_SIG_RFC7693] = "RFC7693",
	[DT_SIG_NULL] = "NULL",
	[DT_SIG_PPAEAD] = "PPAEAD",
	[DT_SIG_PPSIGN] = "PPSIGN",
	[DT_SIG_AEADSGN] = "AEADSGN",
	[DT_SIG_AEGIS] = "AEGIS",
};

unsigned int dt_sig_value_len(unsigned int st)
{
	return st < ARRAY_SIZE(sig_len_tab) ? sig_len_tab[st] : 0;
}

bool dt_sig_keyed(unsigned int st)
{
	return st == DT_SIG_EDDSA || st == DT_SIG_PPAEAD ||
	       st == DT_SIG_PPSIGN || st == DT_SIG_AEADSGN;
}

bool dt_sig_encrypts(unsigned int st)
{
	return st == DT_SIG_AEAD || st == DT_SIG_PPAEAD ||
	       st == DT_SIG_PPSIGN || st == DT_SIG_AEADSGN ||
	       st == DT_SIG_AEGIS;
}

const char *dt_sig_name(unsigned int st)
{
	return st < ARRAY_SIZE(sig_names) ? sig_names[st] : NULL;
}

/* Shapes of wire.md 6.1, plus "bad validity period". */
enum si_shape { SI_UNKEYED, SI_KEYED, SI_CERT, SI_BAD_VP };

/*
 * ValidityPeriod value: exactly NotBefore (15) and NotAfter (15). Framing
 * failures keep their W1-W4 code; any other deviation is SI_BAD_VP.
 */
static enum dt_wire_err parse_vp(const struct dt_tlv *vp, struct dt_siginfo *si,
				 enum si_shape *shape)
{
	struct dt_tlv nb, na;
	enum dt_wire_err e;
	u32 o;

	*shape = SI_BAD_VP;
	e = dt_tlv_get(vp->val, vp->len, &nb);
	if (e)
		return e;
	if (nb.type != DT_TLV_NOTBEFORE || nb.len != DT_VALIDITY_LEN)
		return DT_WERR_OK;
	o = dt_tlv_size(&nb);
	if (o == vp->len)
		return DT_WERR_OK;
	e = dt_tlv_get(vp->val + o, vp->len - o, &na);
	if (e)
		return e;
	if (na.type != DT_TLV_NOTAFTER || na.len != DT_VALIDITY_LEN ||
	    o + dt_tlv_size(&na) != vp->len)
		return DT_WERR_OK;
	si->not_before = nb.val;
	si->not_after = na.val;
	*shape = SI_CERT;
	return DT_WERR_OK;
}

/*
 * SignatureInfo grammar (wire.md 6.1): SignatureType, then optionally a
 * KeyLocator, then optionally a ValidityPeriod, and nothing else (W5).
 * Decision: bytes that are none of the optional children where one could
 * follow are trailing bytes (W5, as wire.md 11's W5 example); the keyed-
 * ness and cert checks against the type and object kind come after.
 */
static enum dt_wire_err parse_siginfo(const struct dt_tlv *t,
				      struct dt_siginfo *si,
				      enum si_shape *shape)
{
	struct dt_tlv c, kd;
	enum dt_wire_err e;
	u32 o;

	memset(si, 0, sizeof(*si));
	*shape = SI_UNKEYED;
	if (!t->len)
		return DT_WERR_SIGINFO_SHAPE;
	e = dt_tlv_get(t->val, t->len, &c);
	if (e)
		return e;
	if (c.type != DT_TLV_SIGTYPE)
		return DT_WERR_SIGINFO_SHAPE;
	if (c.len != 1)
		return DT_WERR_SIG_TYPE;
	si->type = c.val[0];
	o = dt_tlv_size(&c);
	if (o == t->len)
		return DT_WERR_OK;

	e = dt_tlv_get(t->val + o, t->len - o, &c);
	if (e)
		return e;
	if (c.type == DT_TLV_KEYLOCATOR) {
		e = dt_tlv_get(c.val, c.len, &kd);
		if (e)
			return e;
		if (kd.type != DT_TLV_KEYDIGEST ||
		    kd.len != DT_THUMBPRINT_LEN || dt_tlv_size(&kd) != c.len)
			return DT_WERR_SIGINFO_SHAPE;
		si->key_digest = kd.val;
		*shape = SI_KEYED;
		o += dt_tlv_size(&c);
		if (o == t->len)
			return DT_WERR_OK;
		e = dt_tlv_get(t->val + o, t->len - o, &c);
		if (e)
			return e;
	}
	if (c.type != DT_TLV_VALIDITY)
		return DT_WERR_TRAILING;
	o += dt_tlv_size(&c);
	if (o != t->len)
		return DT_WERR_TRAILING;
	if (*shape != SI_KEYED) {
		/* A ValidityPeriod without a KeyLocator: no shape has it. */
		*shape = SI_BAD_VP;
		return DT_WERR_OK;
	}
	return parse_vp(&c, si, shape);
}

/*
 * Type and shape against the object kind (W22, W26, W24/W29, W23).
 * Decision (wire.md 7 vs 11): SignatureType 10 (NULL) is reported as W26,
 * the rule whose row names it; any other unknown value is W22.
 */
static enum dt_wire_err check_sig(const struct dt_data *d, enum si_shape shape,
				  enum dt_data_kind kind)
{
	unsigned int st = d->si.type;
	bool keyed;

	if (st == DT_SIG_NULL)
		return DT_WERR_SIG_POLICY;
	if (!dt_sig_value_len(st))
		return DT_WERR_SIG_TYPE;
	if (kind == DT_KIND_CERT) {
		/* A cert's type must be keyed and its SignatureInfo the
		 * 83-byte cert shape (wire.md 8).
		 */
		if (shape != SI_CERT || !dt_sig_keyed(st))
			return DT_WERR_CERT_SHAPE;
	} else {
		if (shape == SI_BAD_VP ||
		    (shape == SI_CERT && kind != DT_KIND_ANY))
			return DT_WERR_SIGINFO_SHAPE;
		keyed = shape != SI_UNKEYED;
		if (dt_sig_keyed(st) != keyed)
			return DT_WERR_SIGINFO_SHAPE;
	}
	if (d->sig_len != dt_sig_value_len(st))
		return DT_WERR_SIG_LEN;
	return DT_WERR_OK;
}

static enum dt_wire_err cadd_name(const struct dt_name *n)
{
	struct dt_comp c;
	enum dt_wire_err e;

	e = dt_name_check_coll(n, DT_WERR_CADD_NAME);
	if (e)
		return e;
	dt_name_comp(n, -1, &c);
	return c.type == DT_COMP_CSID ? DT_WERR_OK : DT_WERR_CADD_NAME;
}

enum dt_wire_err dt_data_parse(const u8 *buf, size_t len,
			       enum dt_data_kind kind, unsigned int flags,
			       struct dt_data *d)
{
	struct dt_tlv top, c;
	enum si_shape shape;
	enum dt_wire_err e;
	struct dt_comp first;
	u32 o, base;

	if (kind == DT_KIND_CADD && len > DT_MAX_DGRAM)
		return DT_WERR_TOO_BIG;
	e = dt_tlv_whole(buf, len, DT_TLV_DATA, &top);
	if (e)
		return e;
	d->buf = buf;
	d->size = len;
	base = top.hlen;

	/* Name */
	e = dt_tlv_child(&top, 0, DT_TLV_NAME, DT_WERR_DATA_SHAPE, &c);
	if (e)
		return e;
	d->off_name = base;
	e = dt_name_from_tlv(&c, kind == DT_KIND_CADD || kind == DT_KIND_ANY ?
			     DT_NAME_F_CSID_LAST : 0,
			     &d->name);
	if (e)
		return e;
	o = dt_tlv_size(&c);

	/* MetaInfo: exactly 14 03 18 01 <ct> (W10) */
	e = dt_tlv_child(&top, o, DT_TLV_METAINFO, DT_WERR_DATA_SHAPE, &c);
	if (e)
		return e;
	if (c.len != 3 || c.val[0] != DT_TLV_CONTENTTYPE || c.val[1] != 1)
		return DT_WERR_DATA_SHAPE;
	d->content_type = c.val[2];
	o += dt_tlv_size(&c);

	/* Content */
	e = dt_tlv_child(&top, o, DT_TLV_CONTENT, DT_WERR_DATA_SHAPE, &c);
	if (e)
		return e;
	d->off_content_tlv = base + o;
	d->off_content = base + o + c.hlen;
	d->content_len = c.len;
	o += dt_tlv_size(&c);

	/* SignatureInfo */
	e = dt_tlv_child(&top, o, DT_TLV_SIGINFO, DT_WERR_DATA_SHAPE, &c);
	if (e)
		return e;
	d->off_siginfo = base + o;
	d->siginfo_size = dt_tlv_size(&c);
	e = parse_siginfo(&c, &d->si, &shape);
	if (e)
		return e;
	o += dt_tlv_size(&c);

	/* SignatureValue, then nothing (W5) */
	e = dt_tlv_child(&top, o, DT_TLV_SIGVALUE, DT_WERR_DATA_SHAPE, &c);
	if (e)
		return e;
	d->off_sigval = base + o;
	d->sig_hlen = c.hlen;
	d->sig_len = c.len;
	o += dt_tlv_size(&c);
	if (o != top.len)
		return DT_WERR_TRAILING;

	/* ContentType for the context (W11; a cert's is W29) */
	switch (kind) {
	case DT_KIND_PUB:
		if (d->content_type != DT_CT_BLOB)
			return DT_WERR_CONTENT_TYPE;
		break;
	case DT_KIND_CERT:
		if (d->content_type != DT_CT_KEY)
			return DT_WERR_CERT_SHAPE;
		break;
	case DT_KIND_CADD:
		if (d->content_type != DT_CT_CADD)
			return DT_WERR_CONTENT_TYPE;
		break;
	default:
		break;
	}

	/* W12: >= 3 components, non-empty first */
	if (d->name.ncomp < DT_MIN_DATA_COMPS)
		return DT_WERR_DATA_NAME;
	dt_name_comp(&d->name, 0, &first);
	if (!first.len)
		return DT_WERR_DATA_NAME;
	if (kind == DT_KIND_CADD) {
		e = cadd_name(&d->name);
		if (e)
			return e;
	}

	e = check_sig(d, shape, kind);
	if (e)
		return e;
	if (kind == DT_KIND_CERT)
		return dt_cert_check_fields(d, flags);
	return DT_WERR_OK;
}

enum dt_wire_err dt_pub_parse(const u8 *buf, size_t len, struct dt_data *d)
{
	return dt_data_parse(buf, len, DT_KIND_PUB, 0, d);
}

enum dt_wire_err dt_cert_parse(const u8 *buf, size_t len, unsigned int flags,
			       struct dt_data *d)
{
	return dt_data_parse(buf, len, DT_KIND_CERT, flags, d);
}

enum dt_wire_err dt_cadd_parse(const u8 *buf, size_t len, struct dt_data *d)
{
	return dt_data_parse(buf, len, DT_KIND_CADD, 0, d);
}

/* ---- encoders ---- */

static int siginfo_size(const struct dt_siginfo *si)
{
	if (!si->key_digest)
		return si->not_before ? -DT_WERR_INVAL : DT_SIGINFO_UNKEYED_LEN;
	if (!si->not_before)
		return DT_SIGINFO_KEYED_LEN;
	return si->not_after ? DT_SIGINFO_CERT_LEN : -DT_WERR_INVAL;
}

int dt_siginfo_encode(u8 *buf, size_t cap, const struct dt_siginfo *si)
{
	struct dt_wbuf w;
	int sz = siginfo_size(si);

	if (sz < 0)
		return sz;
	dt_wb_init(&w, buf, cap);
	dt_wb_hdr(&w, DT_TLV_SIGINFO, sz - 2);
	dt_wb_tlv(&w, DT_TLV_SIGTYPE, &si->type, 1);
	if (si->key_digest) {
		dt_wb_hdr(&w, DT_TLV_KEYLOCATOR, DT_THUMBPRINT_LEN + 2);
		dt_wb_tlv(&w, DT_TLV_KEYDIGEST, si->key_digest,
			  DT_THUMBPRINT_LEN);
	}
	if (si->not_before) {
		dt_wb_hdr(&w, DT_TLV_VALIDITY, 2 * (DT_VALIDITY_LEN + 4));
		dt_wb_tlv(&w, DT_TLV_NOTBEFORE, si->not_before,
			  DT_VALIDITY_LEN);
		dt_wb_tlv(&w, DT_TLV_NOTAFTER, si->not_after, DT_VALIDITY_LEN);
	}
	return dt_wb_result(&w);
}

int dt_data_encode(u8 *buf, size_t cap, const struct dt_data_parts *p)
{
	size_t clen = 0, vlen;
	struct dt_wbuf w;
	unsigned int i;
	int si, r;
	u8 *q;

	for (i = 0; i < p->ncontent; i++)
		clen += p->content[i].len;
	si = siginfo_size(&p->si);
	if (si < 0)
		return si;
	if (clen > DT_TLV_MAX_VALUE || p->sig_len > DT_TLV_MAX_VALUE)
		return -DT_WERR_TOO_LONG;
	vlen = p->name_size + DT_METAINFO_LEN +
	       dt_tlv_hdr_len(DT_TLV_CONTENT, clen) + clen + si +
	       dt_tlv_hdr_len(DT_TLV_SIGVALUE, p->sig_len) + p->sig_len;
	if (vlen > DT_TLV_MAX_VALUE)
		return -DT_WERR_TOO_LONG;
	dt_wb_init(&w, buf, cap);
	dt_wb_hdr(&w, DT_TLV_DATA, vlen);
	dt_wb_bytes(&w, p->name, p->name_size);
	dt_wb_hdr(&w, DT_TLV_METAINFO, 3);
	dt_wb_tlv(&w, DT_TLV_CONTENTTYPE, &p->content_type, 1);
	dt_wb_hdr(&w, DT_TLV_CONTENT, clen);
	for (i = 0; i < p->ncontent; i++)
		dt_wb_bytes(&w, p->content[i].base, p->content[i].len);
	q = dt_wb_room(&w, si);
	if (q) {
		r = dt_siginfo_encode(q, si, &p->si);
		if (r < 0)
			return r;
	}
	dt_wb_hdr(&w, DT_TLV_SIGVALUE, p->sig_len);
	q = dt_wb_room(&w, p->sig_len);
	if (q && p->sig_len) {
		if (p->sig)
			memcpy(q, p->sig, p->sig_len);
		else
			memset(q, 0, p->sig_len);
	}
	return dt_wb_result(&w);
}

void dt_data_to_parts(const struct dt_data *d, struct dt_data_parts *p,
		      struct dt_iov *iov)
{
	iov->base = dt_data_content(d);
	iov->len = d->content_len;
	p->name = d->name.tlv;
	p->name_size = d->name.size;
	p->content = iov;
	p->ncontent = 1;
	p->sig = dt_data_sig(d);
	p->sig_len = d->sig_len;
	p->si = d->si;
	p->content_type = d->content_type;
}
