// SPDX-License-Identifier: GPL-2.0
/* What a syncps engine sends: its cState, and cAdds packed up to the MTU. */
#include "syncps_int.h"
#include "murmur3.h"

u32 sp_random(struct dt_sync *s)
{
	u32 r;

	if (s->ops->random)
		return s->ops->random(s->ctx);
	dt_random_bytes(&r, sizeof(r));
	return r;
}

u64 sp_jitter(struct dt_sync *s)
{
	return (u64)(sp_random(s) % (s->cfg.rand_ms + 1)) * DT_SYNC_MS;
}

/*
 * Name of the cState we would send now (6.4): collection + the IBLT of
 * active and noSigner pubs plus, while any are ignored, ignored hashes.
 * Open question 10: DCT un-suppresses the Name made from the pubs IBLT
 * alone, which misses when the ignore set is not empty. deftt builds
 * every Name it expresses or un-suppresses here, so the two agree.
 */
void sp_cur_name(struct dt_sync *s, u8 *buf, size_t cap, size_t *size)
{
	struct dt_name_bld b;
	const struct dt_iblt *ib = &s->iblt;
	int n, i;

	if (s->nign) {
		for (i = 0; i < DT_IBLT_CELLS; i++) {
			s->tmp2.cell[i].count = s->iblt.cell[i].count +
						s->ign_iblt.cell[i].count;
			s->tmp2.cell[i].key_sum = s->iblt.cell[i].key_sum ^
						  s->ign_iblt.cell[i].key_sum;
			s->tmp2.cell[i].key_check =
				s->iblt.cell[i].key_check ^
				s->ign_iblt.cell[i].key_check;
		}
		ib = &s->tmp2;
	}
	*size = 0;
	n = dt_iblt_encode(ib, s->enc_buf, sizeof(s->enc_buf));
	if (n < 0)
		return;
	dt_nb_init(&b, buf, cap);
	dt_nb_name(&b, &s->coll, s->coll.ncomp);
	dt_nb_comp(&b, DT_COMP_GENERIC, s->enc_buf, n);
	n = dt_nb_finish(&b);
	if (n > 0)
		*size = n;
}

void sp_unsuppress_cur(struct dt_sync *s)
{
	size_t n;

	sp_cur_name(s, s->name_buf, sizeof(s->name_buf), &n);
	if (n && s->ops->unsuppress)
		s->ops->unsuppress(s->ctx, s->name_buf, n);
}

/* sendCState (6.6): a fresh nonce every time; the face may suppress it. */
void sp_send_cstate(struct dt_sync *s, u64 now)
{
	u8 nonce[DT_NONCE_LEN];
	size_t n;
	int len;

	s->sched_cstate = DT_SYNC_NEVER;
	if (s->registering)
		return;
	sp_cur_name(s, s->name_buf, sizeof(s->name_buf), &n);
	if (!n)
		return;
	dt_put_le32(nonce, sp_random(s));
	len = dt_cstate_encode(s->tx, sizeof(s->tx), s->name_buf, n, nonce,
			       s->cfg.cstate_lifetime_ms);
	if (len < 0)
		return;
	sp_count(s, DT_SC_CSTATE_TX);
	s->ops->express(s->ctx, s->tx, len, s->name_buf, n);
}

/* sendCStateSoon (6.6): unicast at once, else after delay + r. */
void sp_send_cstate_soon(struct dt_sync *s, u64 delay, u64 now)
{
	s->sched_cstate = DT_SYNC_NEVER;
	if (s->cfg.unicast)
		sp_send_cstate(s, now);
	else
		s->sched_cstate = now + delay + sp_jitter(s);
}

/* ---- ordering: oldest first (6.7 step 10), ties by hash ---- */

/*
 * Insertion sort on (creation time, hash), the times looked up once:
 * lists are at most one IBLT's worth of keys.
 */
void sp_sort_oldest(struct dt_sync *s, u32 *hash, u32 n)
{
	u64 *t = s->order, kt;
	u32 i, j, k;

	if (n > DT_IBLT_CELLS)
		n = DT_IBLT_CELLS;
	for (i = 0; i < n; i++) {
		struct sp_pub *e = sp_find(s, hash[i]);

		t[i] = e ? e->created : 0;
	}
	for (i = 1; i < n; i++) {
		k = hash[i];
		kt = t[i];
		for (j = i; j && (kt < t[j - 1] ||
				  (kt == t[j - 1] && k < hash[j - 1])); j--) {
			hash[j] = hash[j - 1];
			t[j] = t[j - 1];
		}
		hash[j] = k;
		t[j] = kt;
	}
}

/*
 * shipCAdd (6.10): answer the cState named cs_name with the listed pubs,
 * first fit in list order within the budget
 *	B = mtu - (outer TL + Name + MetaInfo) - sigSpace,
 * which, like DCT's, leaves out the Content header and the outer TL's
 * growth, so a full cAdd may pass the MTU by up to 4 bytes (receivers
 * must take up to 8192). Every pub taken is held for pubHoldtime.
 * Returns the number of pubs sent (0 if none fit or sealing failed).
 * Open question 7: the csID is written minimal big-endian, as DCT does
 * (dt_cadd_name_encode); the parser takes 0-4 bytes.
 */
int sp_ship(struct dt_sync *s, const u8 *cs_name, size_t cs_size,
	    const u32 *hash, u32 n, u64 now)
{
	struct dt_data_parts parts;
	struct dt_name csn;
	struct dt_data d;
	u8 *name = s->cadd_name;
	struct dt_iov *iov = s->iov;
	int nsize, len;
	s64 budget;
	u32 i, k = 0;

	if (dt_name_parse(cs_name, cs_size, 0, &csn) || csn.ncomp < 2)
		return 0;
	nsize = dt_cadd_name_encode(name, sizeof(s->cadd_name), &csn,
				    dt_csid(cs_name, cs_size));
	if (nsize < 0)
		return 0;
	budget = (s64)s->cfg.mtu -
		 (dt_tlv_hdr_len(DT_TLV_DATA, nsize + DT_METAINFO_LEN) +
		  nsize + DT_METAINFO_LEN) - s->sig_space;
	for (i = 0; i < n && k < DT_CADD_MAX_PUBS; i++) {
		struct sp_pub *e = sp_find(s, hash[i]);

		if (!e || e->len > budget)
			continue;
		budget -= e->len;
		iov[k].base = e->buf;
		iov[k++].len = e->len;
		e->hold = now + s->cfg.hold_us;
	}
	if (!k)
		return 0;
	memset(&parts, 0, sizeof(parts));
	parts.name = name;
	parts.name_size = nsize;
	parts.content = iov;
	parts.ncontent = k;
	parts.sig_len = s->cfg.pdu_sig_len;
	parts.si = s->cfg.pdu_si;
	parts.content_type = DT_CT_CADD;
	len = dt_data_encode(s->tx, sizeof(s->tx), &parts);
	if (len < 0 || dt_cadd_parse(s->tx, len, &d) ||
	    (s->ops->seal && s->ops->seal(s->ctx, s->tx, &d))) {
		sp_count(s, DT_SC_CADD_SEAL);
		return 0;
	}
	sp_count(s, DT_SC_CADD_TX);
	s->cnt[DT_SC_CADD_PUBS_TX] += k;
	s->ops->send(s->ctx, s->tx, len);
	return k;
}
