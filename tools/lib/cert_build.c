// SPDX-License-Identifier: GPL-2.0
/* Certificate building: names from text, Ed25519 pairs, signed certs. */
#include <stdlib.h>
#include <string.h>

#include "cert_build.h"
#include "cert_time.h"

int dtc_name_from_str(const char *s, u8 *buf, size_t cap,
		      struct dtc_problem *p)
{
	size_t len = s ? strlen(s) : 0;
	struct dt_name_bld b;
	const char *part, *slash;
	int r;

	if (len && s[0] == '/') {
		s++;
		len--;
	}
	if (len && s[len - 1] == '/')
		len--;
	if (!len) {
		dtc_fail(p, DTC_E_ARG, -1, "the name is empty");
		return -1;
	}
	dt_nb_init(&b, buf, cap);
	for (part = s; part <= s + len; part = slash + 1) {
		slash = memchr(part, '/', (size_t)(s + len - part));
		if (!slash)
			slash = s + len;
		if (slash == part) {
			dtc_fail(p, DTC_E_ARG, -1,
				 "the name '%.*s' has an empty component",
				 (int)len, s);
			return -1;
		}
		if (b.ncomp == DT_NAME_MAX_COMPS) {
			dtc_fail(p, DTC_E_ARG, -1,
				 "the name '%.*s' has more than %d components",
				 (int)len, s, DT_NAME_MAX_COMPS);
			return -1;
		}
		dt_nb_comp(&b, DT_COMP_GENERIC, part, (size_t)(slash - part));
	}
	r = dt_nb_finish(&b);
	if (r < 0)
		dtc_fail(p, DTC_E_ARG, -1, "the name '%.*s' is too long",
			 (int)len, s);
	return r;
}

void dtc_keypair_from_seed(struct dtc_keypair *kp,
			   const u8 seed[DT_ED25519_SEED_LEN])
{
	dt_ed25519_keypair(kp->pk, kp->sk, seed);
}

void dtc_keypair_new(struct dtc_keypair *kp)
{
	u8 seed[DT_ED25519_SEED_LEN];

	dt_random_bytes(seed, sizeof(seed));
	dtc_keypair_from_seed(kp, seed);
	dt_wipe(seed, sizeof(seed));
}

enum dtc_err dtc_keypair_from_sk(struct dtc_keypair *kp, const u8 *sk,
				 size_t len, struct dtc_problem *p)
{
	if (len != DT_ED25519_SK_LEN)
		return dtc_fail(p, DTC_E_KEY_SIZE, -1,
				"the secret key record holds %zu bytes, not %d",
				len, DT_ED25519_SK_LEN);
	dtc_keypair_from_seed(kp, sk);
	if (memcmp(kp->pk, sk + DT_ED25519_SEED_LEN, DT_ED25519_PK_LEN)) {
		dtc_keypair_wipe(kp);
		return dtc_fail(p, DTC_E_KEY_MISMATCH, -1,
				"the secret key's public half is not the one its seed gives");
	}
	return DTC_OK;
}

void dtc_keypair_wipe(struct dtc_keypair *kp)
{
	dt_wipe(kp, sizeof(*kp));
}

enum dtc_err dtc_cert_build(const struct dtc_cert_spec *s, u8 **out,
			    size_t *len, struct dtc_problem *p)
{
	static const u8 zero_tp[DT_THUMBPRINT_LEN];
	u8 name[DT_TLV_MAX_VALUE], kid[DT_KEY_ID_LEN];
	u8 nb[DT_VALIDITY_LEN], na[DT_VALIDITY_LEN];
	struct dt_data_parts parts = { 0 };
	struct dt_name prefix;
	struct dt_iov iov;
	struct dt_data d;
	unsigned int flags;
	size_t cap;
	u8 *buf;
	int n;
	u32 mlen;
	const u8 *msg;

	*out = NULL;
	if (dt_name_parse(s->prefix, s->prefix_size, 0, &prefix) ||
	    !prefix.ncomp || prefix.ncomp > DT_NAME_MAX_COMPS - 4)
		return dtc_fail(p, DTC_E_ARG, -1,
				"the cert name prefix must be 1 to %d valid components",
				DT_NAME_MAX_COMPS - 4);
	if (s->end_us / 1000000 <= s->start_us / 1000000)
		return dtc_fail(p, DTC_E_ARG, -1,
				"the validity period ends before it starts");
	if (s->end_us / 1000000 > DTC_TIME_MAX_S)
		return dtc_fail(p, DTC_E_ARG, -1,
				"the validity period ends after the year 9999, which a cert cannot say");
	dt_key_id(s->content, s->content_len, kid);
	n = dt_cert_name_encode(name, sizeof(name), &prefix, prefix.ncomp,
				kid, s->start_us);
	if (n < 0)
		return dtc_fail(p, DTC_E_ARG, -1, "the cert name is too long");

	dt_validity_format(s->start_us, nb);
	dt_validity_format(s->end_us, na);
	parts.name = name;
	parts.name_size = (size_t)n;
	iov.base = s->content;
	iov.len = s->content_len;
	parts.content = &iov;
	parts.ncontent = 1;
	parts.sig_len = DT_ED25519_SIG_LEN;
	parts.content_type = DT_CT_KEY;
	parts.si.type = DT_SIG_EDDSA;
	parts.si.key_digest = s->signer_tp ? s->signer_tp : zero_tp;
	parts.si.not_before = nb;
	parts.si.not_after = na;

	cap = (size_t)n + s->content_len + 256;
	buf = malloc(cap);
	if (!buf)
		return dtc_fail(p, DTC_E_NOMEM, -1, "out of memory");
	n = dt_data_encode(buf, cap, &parts);
	flags = (s->signer_tp ? 0 : DT_CERT_F_ANCHOR) |
		(s->content_len != DT_PUBKEY_LEN ? DT_CERT_F_SCHEMA : 0);
	if (n < 0 || dt_cert_parse(buf, (size_t)n, flags, &d)) {
		free(buf);
		return dtc_fail(p, DTC_E_ARG, -1,
				"the cert cannot be encoded (content too large?)");
	}
	msg = dt_data_signed(&d, &mlen);
	dt_ed25519_sign(buf + d.off_sigval + d.sig_hlen, msg, mlen,
			s->signer_sk);
	*out = buf;
	*len = (size_t)n;
	return DTC_OK;
}

enum dtc_err dtc_cert_spec_of(const struct dt_data *d, u8 *prefix_buf,
			      size_t cap, struct dtc_cert_spec *s)
{
	struct dt_name_bld b;
	s64 na;
	int n;

	dt_nb_init(&b, prefix_buf, cap);
	dt_nb_name(&b, &d->name, dt_cert_prefix_comps(&d->name));
	n = dt_nb_finish(&b);
	if (n < 0 || dt_validity_parse(d->si.not_after, &na) || na < 0)
		return DTC_E_ARG;
	memset(s, 0, sizeof(*s));
	s->prefix = prefix_buf;
	s->prefix_size = (size_t)n;
	s->content = dt_data_content(d);
	s->content_len = d->content_len;
	s->start_us = dt_cert_ts(&d->name);
	s->end_us = (u64)na * 1000000;
	return DTC_OK;
}

enum dtc_err dtc_signing_spec(const struct dt_data *id, u64 now_us,
			      u8 *prefix_buf, size_t cap,
			      struct dtc_cert_spec *s, struct dtc_problem *p)
{
	struct dt_name_bld b;
	s64 nb, na;
	u64 start, until, life;
	int n;

	if (dt_validity_parse(id->si.not_before, &nb) ||
	    dt_validity_parse(id->si.not_after, &na) || nb < 0 || na < 0)
		return dtc_fail(p, DTC_E_ARG, -1,
				"the identity cert's validity period is unreadable");
	until = (u64)na * 1000000;
	if (until <= now_us)
		return dtc_fail(p, DTC_E_EXPIRED, -1,
				"the identity cert has expired: no signing cert can be made");
	if ((u64)nb * 1000000 >= now_us || now_us < DTC_CERT_OVERLAP_US / 2)
		return dtc_fail(p, DTC_E_NOT_YET_VALID, -1,
				"the identity cert is not valid yet: no signing cert can be made");
	dt_nb_init(&b, prefix_buf, cap);
	dt_nb_name(&b, &id->name, dt_cert_prefix_comps(&id->name));
	dt_nb_str(&b, "sgn");
	n = dt_nb_finish(&b);
	if (n < 0)
		return dtc_fail(p, DTC_E_ARG, -1, "the signing cert name is too long");
	/* lifetime in whole seconds, cut so that the end stays 10 min
	 * inside the identity's; start 5 min before now
	 */
	life = DTC_SIGNING_LIFETIME_US + DTC_CERT_OVERLAP_US;
	if (until - now_us < DTC_CERT_OVERLAP_US / 2 + 1000000)
		return dtc_fail(p, DTC_E_EXPIRED, -1,
				"the identity cert expires within 5 minutes: no signing cert can be made");
	if (life > until - now_us - DTC_CERT_OVERLAP_US / 2)
		life = (until - now_us - DTC_CERT_OVERLAP_US / 2) /
		       1000000 * 1000000;
	start = now_us - DTC_CERT_OVERLAP_US / 2;
	memset(s, 0, sizeof(*s));
	s->prefix = prefix_buf;
	s->prefix_size = (size_t)n;
	s->start_us = start;
	s->end_us = start + life;
	return DTC_OK;
}
