// SPDX-License-Identifier: GPL-2.0
/* Group key distributor formats: topic names, key list Content, sealing. */
#include <errno.h>
#include <string.h>
#include <sodium.h>

#include "keylist.h"

int kl_prefix_add(struct kl_prefix *p, const void *comp, size_t len)
{
	struct dt_wbuf w;

	if (p->ncomp == DT_NAME_MAX_COMPS)
		return -ENOSPC;
	dt_wb_init(&w, p->val + p->len, sizeof(p->val) - p->len);
	dt_wb_tlv(&w, DT_COMP_GENERIC, comp, len);
	if (dt_wb_result(&w) < 0)
		return -ENOSPC;
	p->len += (u16)w.len;
	p->ncomp++;
	return 0;
}

int kl_prefix_from_schema(struct kl_prefix *p, const struct dt_schema *s)
{
	const struct dt_scm_item *pv = dt_scm_pub_value(s, s->pub_prefix);
	const u8 *tok = dt_scm_bytes(s, pv);
	unsigned int i;
	const u8 *b;
	u8 l;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < pv->len; i++) {
		b = dt_scm_tok(s, tok[i], &l);
		if (kl_prefix_add(p, b, l))
			return -ENOSPC;
	}
	return 0;
}

unsigned int kl_prefix_size(const struct kl_prefix *p)
{
	return dt_tlv_hdr_len(DT_TLV_NAME, p->len) + p->len;
}

const char *kl_topic_name(enum kl_topic t)
{
	switch (t) {
	case KL_T_CAND:
		return "candidacy";
	case KL_T_ELEC:
		return "election result";
	case KL_T_MR:
		return "membership request";
	case KL_T_KL:
		return "key list";
	default:
		return "?";
	}
}

/* P, then the topic's fixed components. */
static void topic_start(struct dt_name_bld *b, const struct kl_prefix *p,
			enum kl_topic t)
{
	const u8 *q = p->val;
	size_t left = p->len;
	struct dt_tlv c;

	while (left && !dt_tlv_get(q, left, &c)) {
		dt_nb_comp(b, c.type, c.val, c.len);
		q += dt_tlv_size(&c);
		left -= dt_tlv_size(&c);
	}
	switch (t) {
	case KL_T_CAND:
		dt_nb_str(b, "km");
		dt_nb_str(b, "cand");
		break;
	case KL_T_ELEC:
		dt_nb_str(b, "km");
		dt_nb_str(b, "elec");
		break;
	case KL_T_MR:
		dt_nb_str(b, "mr");
		break;
	case KL_T_KL:
		dt_nb_str(b, "kl");
		break;
	default:
		if (!b->w.err)
			b->w.err = -DT_WERR_INVAL;
		break;
	}
}

int kl_topic_prefix(const struct kl_prefix *p, enum kl_topic t, u8 *buf,
		    size_t cap)
{
	struct dt_name_bld b;

	dt_nb_init(&b, buf, cap);
	topic_start(&b, p, t);
	return dt_nb_finish(&b);
}

static int name_epoch_ts(const struct kl_prefix *p, enum kl_topic t,
			 u64 epoch, u64 ts, u8 *buf, size_t cap)
{
	struct dt_name_bld b;

	dt_nb_init(&b, buf, cap);
	topic_start(&b, p, t);
	dt_nb_number(&b, DT_COMP_SEQNUM, epoch);
	dt_nb_number(&b, DT_COMP_TIMESTAMP, ts);
	return dt_nb_finish(&b);
}

int kl_name_cand(const struct kl_prefix *p, u64 epoch, u64 ts, u8 *buf,
		 size_t cap)
{
	return name_epoch_ts(p, KL_T_CAND, epoch, ts, buf, cap);
}

int kl_name_elec(const struct kl_prefix *p, u64 epoch, u64 ts, u8 *buf,
		 size_t cap)
{
	return name_epoch_ts(p, KL_T_ELEC, epoch, ts, buf, cap);
}

int kl_name_mr(const struct kl_prefix *p, u64 ts, u8 *buf, size_t cap)
{
	struct dt_name_bld b;

	dt_nb_init(&b, buf, cap);
	topic_start(&b, p, KL_T_MR);
	dt_nb_number(&b, DT_COMP_TIMESTAMP, ts);
	return dt_nb_finish(&b);
}

int kl_name_kl(const struct kl_prefix *p, u64 epoch,
	       const u8 lo[KL_TPID_LEN], const u8 hi[KL_TPID_LEN], u64 ts,
	       u8 *buf, size_t cap)
{
	struct dt_name_bld b;

	dt_nb_init(&b, buf, cap);
	topic_start(&b, p, KL_T_KL);
	dt_nb_number(&b, DT_COMP_SEQNUM, epoch);
	dt_nb_comp(&b, DT_COMP_GENERIC, lo, KL_TPID_LEN);
	dt_nb_comp(&b, DT_COMP_GENERIC, hi, KL_TPID_LEN);
	dt_nb_number(&b, DT_COMP_TIMESTAMP, ts);
	return dt_nb_finish(&b);
}

/* The component at i is a number (DCT reads any type as one). */
static int comp_num(const struct dt_name *n, unsigned int i, u64 *v)
{
	struct dt_comp c;

	dt_name_comp(n, (int)i, &c);
	return dt_comp_number(&c, v) ? -EINVAL : 0;
}

int kl_name_parse(const struct kl_prefix *p, const struct dt_name *n,
		  struct kl_name *out)
{
	unsigned int at = p->ncomp;
	struct dt_comp c;

	memset(out, 0, sizeof(*out));
	if (n->ncomp < at + 2 || n->off[at] != p->len ||
	    memcmp(n->val, p->val, p->len))
		return -EINVAL;
	dt_name_comp(n, (int)at, &c);
	if (dt_comp_is_generic(&c, "mr", 2)) {
		out->topic = KL_T_MR;
		return 0;
	}
	if (dt_comp_is_generic(&c, "kl", 2)) {
		if (n->ncomp < at + 5 || comp_num(n, at + 1, &out->epoch))
			return -EINVAL;
		dt_name_comp(n, (int)at + 2, &out->lo);
		dt_name_comp(n, (int)at + 3, &out->hi);
		out->topic = KL_T_KL;
		return 0;
	}
	if (!dt_comp_is_generic(&c, "km", 2) || n->ncomp < at + 3)
		return -EINVAL;
	dt_name_comp(n, (int)at + 1, &c);
	if (dt_comp_is_generic(&c, "cand", 4))
		out->topic = KL_T_CAND;
	else if (dt_comp_is_generic(&c, "elec", 4))
		out->topic = KL_T_ELEC;
	else
		return -EINVAL;
	if (comp_num(n, at + 2, &out->epoch))
		return -EINVAL;
	out->exact = n->ncomp == at + 4;
	return 0;
}

bool kl_is_assertion(const struct kl_name *k, const u8 tp[DT_THUMBPRINT_LEN])
{
	u16 l = k->lo.len;

	return l <= DT_THUMBPRINT_LEN && k->hi.len == l &&
	       !memcmp(k->lo.val, tp, l) && !memcmp(k->hi.val, tp, l);
}

/* DCT's order of byte strings: bytewise, a proper prefix first. */
static bool less(const u8 *a, size_t al, const u8 *b, size_t bl)
{
	int r = memcmp(a, b, al < bl ? al : bl);

	return r ? r < 0 : al < bl;
}

bool kl_in_range(const struct kl_name *k, const u8 tp[DT_THUMBPRINT_LEN])
{
	size_t l = k->lo.len < DT_THUMBPRINT_LEN ? k->lo.len :
		   DT_THUMBPRINT_LEN;

	return !less(tp, l, k->lo.val, k->lo.len) &&
	       !less(k->hi.val, k->hi.len, tp, l);
}

int kl_content_encode(u64 ct, const u8 *recs, unsigned int nrec, u8 *buf,
		      size_t cap)
{
	struct dt_wbuf w;
	u8 be[8];

	dt_put_be64(be, ct);
	dt_wb_init(&w, buf, cap);
	/* always 8 bytes, unlike a name's numbers (distributors.md 0) */
	dt_wb_tlv(&w, KL_TLV_CT, be, sizeof(be));
	dt_wb_tlv(&w, KL_TLV_RECS, recs, (size_t)nrec * KL_REC_LEN);
	return dt_wb_result(&w);
}

int kl_content_parse(const u8 *buf, size_t len, struct kl_content *c)
{
	struct dt_tlv t, r;
	unsigned int i;

	memset(c, 0, sizeof(*c));
	if (dt_tlv_get(buf, len, &t) || t.type != KL_TLV_CT || t.len > 8)
		return -EINVAL;
	/* DCT reads any length up to 8 here, leading zeros included */
	for (i = 0; i < t.len; i++)
		c->ct = c->ct << 8 | t.val[i];
	if (dt_tlv_get(buf + dt_tlv_size(&t), len - dt_tlv_size(&t), &r) ||
	    r.type != KL_TLV_RECS || r.len % KL_REC_LEN)
		return -EINVAL;
	c->recs = r.val;
	c->nrec = r.len / KL_REC_LEN;
	return 0;
}

const u8 *kl_content_find(const struct kl_content *c,
			  const u8 tp[DT_THUMBPRINT_LEN])
{
	unsigned int i;

	for (i = 0; i < c->nrec; i++)
		if (!memcmp(c->recs + i * KL_REC_LEN, tp, DT_THUMBPRINT_LEN))
			return c->recs + i * KL_REC_LEN;
	return NULL;
}

/* sigSpace of EdDSA (wire.md 10): SignatureInfo 41 + value 64 + 4. */
#define EDDSA_SIG_SPACE		109

unsigned int kl_max_records(const struct kl_prefix *p, unsigned int coll_size)
{
	int pub = DT_UDP_MTU_BUDGET -
		  (4 + (int)(coll_size + 6) + 5 + 3 + EDDSA_SIG_SPACE);
	int info = pub - (2 + 3 + EDDSA_SIG_SPACE + 2);
	int room = info - ((int)kl_prefix_size(p) + 30);

	return room > 0 ? (unsigned int)room / KL_REC_LEN : 0;
}

int kl_xkey_from_ed(struct kl_xkey *x, const u8 ed_sk[64])
{
	if (crypto_sign_ed25519_sk_to_curve25519(x->sk, ed_sk) ||
	    crypto_sign_ed25519_pk_to_curve25519(x->pk, ed_sk + 32)) {
		kl_xkey_wipe(x);
		return -EINVAL;
	}
	return 0;
}

void kl_xkey_wipe(struct kl_xkey *x)
{
	sodium_memzero(x, sizeof(*x));
}

int kl_xpk_from_ed(u8 xpk[DT_X25519_LEN], const u8 ed_pk[32])
{
	return crypto_sign_ed25519_pk_to_curve25519(xpk, ed_pk) ? -EINVAL : 0;
}

int kl_seal(u8 out[KL_SEALED_LEN], const u8 key[KL_KEY_LEN],
	    const u8 xpk[DT_X25519_LEN])
{
	return crypto_box_seal(out, key, KL_KEY_LEN, xpk) ? -EINVAL : 0;
}

int kl_open(u8 key[KL_KEY_LEN], const u8 sealed[KL_SEALED_LEN],
	    const struct kl_xkey *x)
{
	return crypto_box_seal_open(key, sealed, KL_SEALED_LEN, x->pk,
				    x->sk) ? -EBADMSG : 0;
}
