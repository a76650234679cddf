// SPDX-License-Identifier: GPL-2.0
/* Test helper: a trust-domain member from the vectors (bundle, schema, chain). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vec.h"
#include "schema_member.h"

int sm_make_signing_cert(u8 *out, size_t cap, const struct dt_data *id,
			 const u8 id_sk[64], const char *r1, const char *r2,
			 bool zero_tp, const u8 sk[64], u64 now_us)
{
	u8 pbuf[512], nbuf[600], kid[4], nbf[15], naf[15], tp[32];
	u64 start = now_us - 300000000ULL;
	struct dt_data_parts p;
	struct dt_name_bld nb;
	struct dt_name pfx;
	struct dt_iov iov;
	struct dt_comp c;
	struct dt_data d;
	const u8 *msg;
	unsigned int i;
	int pl, nl, len;
	u32 sl;

	dt_nb_init(&nb, pbuf, sizeof(pbuf));
	for (i = 0; i + 4 < id->name.ncomp; i++) {
		dt_name_comp(&id->name, i, &c);
		if (i == 1 && r1)
			dt_nb_str(&nb, r1);
		else if (i == 2 && r2)
			dt_nb_str(&nb, r2);
		else
			dt_nb_comp(&nb, c.type, c.val, c.len);
	}
	dt_nb_str(&nb, "sgn");
	pl = dt_nb_finish(&nb);
	if (pl < 0 || dt_name_parse(pbuf, pl, 0, &pfx))
		return -1;
	dt_key_id(sk + 32, 32, kid);
	nl = dt_cert_name_encode(nbuf, sizeof(nbuf), &pfx, pfx.ncomp, kid,
				 start);
	if (nl < 0)
		return -1;
	dt_validity_format(start, nbf);
	dt_validity_format(now_us + (24 * 3600 + 600) * 1000000ULL, naf);
	memset(tp, 0, sizeof(tp));
	if (!zero_tp)
		dt_thumbprint(id->buf, id->size, tp);
	iov.base = sk + 32;
	iov.len = 32;
	memset(&p, 0, sizeof(p));
	p.name = nbuf;
	p.name_size = nl;
	p.content = &iov;
	p.ncontent = 1;
	p.sig_len = 64;
	p.si.type = DT_SIG_EDDSA;
	p.si.key_digest = tp;
	p.si.not_before = nbf;
	p.si.not_after = naf;
	p.content_type = DT_CT_KEY;
	len = dt_data_encode(out, cap, &p);
	if (len < 0 || dt_cert_parse(out, len, zero_tp ? DT_CERT_F_ANCHOR : 0,
				     &d))
		return -1;
	msg = dt_data_signed(&d, &sl);
	dt_ed25519_sign(out + d.off_sigval + d.sig_hlen, msg, sl, id_sk);
	return len;
}

int sm_resign(u8 *buf, size_t len, const u8 sk[64], struct dt_data *d)
{
	const u8 *msg;
	u32 sl;

	if (dt_cert_parse(buf, len, 0, d))
		return -1;
	msg = dt_data_signed(d, &sl);
	dt_ed25519_sign(buf + d->off_sigval + d->sig_hlen, msg, sl, sk);
	return 0;
}

int sm_chain(struct sm_member *m, const u8 *sc, size_t sclen)
{
	unsigned int k, n = 0;

	if (dt_cert_parse(sc, sclen, 0, &m->chain[n++]))
		return -1;
	for (k = m->b.ncerts - 1; k >= 2; k--)
		if (dt_cert_parse(m->b.cert[k].buf, m->b.cert[k].len, 0,
				  &m->chain[n++]))
			return -1;
	if (dt_cert_parse(m->b.cert[0].buf, m->b.cert[0].len,
			  DT_CERT_F_ANCHOR | DT_CERT_F_SCHEMA, &m->chain[n++]))
		return -1;
	m->n = n;
	return 0;
}

int sm_load(struct sm_member *m, const char *dir, const char *name)
{
	return sm_load_with(m, dir, name, NULL);
}

int sm_load_with(struct sm_member *m, const char *dir, const char *name,
		 const char *scm_rel)
{
	char rel[256], label[256];
	struct dt_data id;
	u8 *sc, *sk, seed[32], pk[32];
	const u8 *sb;
	size_t l, kl, sl;

	memset(m, 0, sizeof(*m));
	snprintf(rel, sizeof(rel), "dct/ids/%s/%s.bundle", dir, name);
	m->bundle = vec_read(rel, &m->blen);
	if (!m->bundle || dt_bundle_parse(m->bundle, m->blen, &m->b))
		return -1;
	m->s = malloc(sizeof(*m->s));
	m->sg = malloc(sizeof(*m->sg));
	if (!m->s || !m->sg ||
	    dt_cert_parse(m->b.cert[1].buf, m->b.cert[1].len,
			  DT_CERT_F_SCHEMA, &id))
		return -1;
	sb = dt_data_content(&id);
	sl = id.content_len;
	if (scm_rel) {
		m->scm = vec_read(scm_rel, &sl);
		sb = m->scm;
	}
	if (!sb || dt_schema_read(m->s, sb, sl, NULL))
		return -1;
	dt_thumbprint(m->b.cert[0].buf, m->b.cert[0].len, m->anchor_tp);
	snprintf(rel, sizeof(rel), "dct/objects/%s/%s/signing_cert.bin", dir,
		 name);
	sc = vec_read(rel, &l);
	snprintf(rel, sizeof(rel),
		 "dct/objects/%s/%s/signing_key_ed25519_sk.bin", dir, name);
	sk = vec_read(rel, &kl);
	if (sc && sk && kl == 64 && l <= sizeof(m->sc)) {
		memcpy(m->sc, sc, l);
		memcpy(m->sk, sk, 64);
		m->sclen = l;
	} else {
		const struct dt_bundle_cert *ic = &m->b.cert[m->b.ncerts - 1];
		int n;

		snprintf(label, sizeof(label), "deftt-tests/%s/%s/signing-key",
			 dir, name);
		dt_sha256((const u8 *)label, strlen(label), seed);
		dt_ed25519_keypair(pk, m->sk, seed);
		if (dt_cert_parse(ic->buf, ic->len, 0, &id))
			return -1;
		n = sm_make_signing_cert(m->sc, sizeof(m->sc), &id, m->b.key,
					 NULL, NULL, false, m->sk, SM_NOW_US);
		if (n < 0)
			return -1;
		m->sclen = n;
	}
	free(sc);
	free(sk);
	if (sm_chain(m, m->sc, m->sclen))
		return -1;
	return dt_schema_signer_init(m->sg, m->s, m->chain, m->n,
				     m->anchor_tp, SM_NOW_US);
}

void sm_free(struct sm_member *m)
{
	if (m->bundle)
		dt_wipe(m->bundle, m->blen);
	free(m->bundle);
	free(m->s);
	free(m->sg);
	free(m->scm);
	memset(m, 0, sizeof(*m));
}
