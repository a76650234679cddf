// SPDX-License-Identifier: GPL-2.0
/* deftt-cert anchor, identity, cap and schema: make and write one cert. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cert_tool.h"
#include "cert_build.h"
#include "cert_chain.h"
#include "cert_rules.h"
#include "cert_scm.h"
#include "cert_time.h"
#include "bundle_file.h"

/* The new cert's own key pair: --key FILE, --seed HEX or a fresh one. */
static int own_keypair(const struct cert_opts *o, struct dtc_keypair *kp)
{
	struct dtc_problem pr;
	struct dtc_file f;
	u8 seed[DT_ED25519_SEED_LEN];
	unsigned int i, v;

	if (o->key_file && o->seed_hex)
		return cert_err("--key and --seed exclude each other");
	if (o->key_file) {
		if (dtc_file_load(o->key_file, &f, &pr))
			return cert_problem(&pr);
		if (!f.item[0].key) {
			dtc_file_free(&f);
			return cert_err("%s holds no secret key after its first certificate",
					o->key_file);
		}
		if (dtc_keypair_from_sk(kp, f.item[0].key, f.item[0].key_len,
					&pr)) {
			dtc_file_free(&f);
			return cert_err("%s: %s", o->key_file, pr.msg);
		}
		dtc_file_free(&f);
		return 0;
	}
	if (o->seed_hex) {
		if (strlen(o->seed_hex) != 2 * sizeof(seed))
			return cert_err("--seed needs 64 hex digits");
		for (i = 0; i < sizeof(seed); i++) {
			if (sscanf(o->seed_hex + 2 * i, "%2x", &v) != 1 ||
			    !strchr("0123456789abcdefABCDEF",
				    o->seed_hex[2 * i]) ||
			    !strchr("0123456789abcdefABCDEF",
				    o->seed_hex[2 * i + 1]))
				return cert_err("--seed needs 64 hex digits");
			seed[i] = (u8)v;
		}
		dtc_keypair_from_seed(kp, seed);
		dt_wipe(seed, sizeof(seed));
		return 0;
	}
	dtc_keypair_new(kp);
	return 0;
}

/* Validity: --valid-from to --valid-until or + --lifetime days. */
static void period(const struct cert_opts *o, u64 *start, u64 *end)
{
	*start = o->from_us;
	*end = o->until_us ? o->until_us :
	       o->from_us + o->lifetime_days * DTC_US_PER_DAY;
}

/* Writes cert (+ its key record when sk is given). */
static int write_out(const struct cert_opts *o, const u8 *cert, size_t len,
		     const u8 *sk)
{
	struct dtc_item it = { .cert = cert, .cert_len = (u32)len };
	struct dtc_problem pr;
	u8 *buf;
	long n;

	if (sk) {
		it.key = sk;
		it.key_len = DT_ED25519_SK_LEN;
	}
	n = dtc_bundle_encode(&it, 1, NULL, 0);
	buf = malloc((size_t)n);
	if (!buf)
		return cert_err("out of memory");
	dtc_bundle_encode(&it, 1, buf, (size_t)n);
	if (dtc_write_all(o->out, buf, (size_t)n, !!sk, &pr)) {
		dt_wipe(buf, (size_t)n);
		free(buf);
		return cert_problem(&pr);
	}
	dt_wipe(buf, (size_t)n);
	free(buf);
	return 0;
}

static int name_arg(const char *s, u8 *buf, size_t cap, struct dt_name *n)
{
	struct dtc_problem pr;
	int sz = dtc_name_from_str(s, buf, cap, &pr);

	if (sz < 0)
		return cert_problem(&pr);
	if (dt_name_parse(buf, (size_t)sz, 0, n))
		return cert_err("the name '%s' is not valid", s);
	if (n->ncomp > DT_NAME_MAX_COMPS - 4)
		return cert_err("the name '%s' leaves no room for the 4 components every cert name ends with",
				s);
	return 0;
}

static int build_write(const struct cert_opts *o, struct dtc_cert_spec *s,
		       const struct dtc_link *signer, const u8 *own_sk)
{
	char uri[DT_NAME_URI_MAX];
	struct dtc_problem pr;
	struct dtc_link l;
	size_t len;
	u8 *cert;
	int r;

	if (dtc_cert_build(s, &cert, &len, &pr))
		return cert_problem(&pr);
	/* what we made must pass our own runtime's checks */
	if (dtc_link_init(&l, cert, len, 0, &pr) ||
	    (signer && dtc_cert_check_issuer(&l, 0, signer, 1, &pr))) {
		free(cert);
		return cert_problem(&pr);
	}
	if (!signer) {
		const u8 *msg;
		u32 mlen;

		msg = dt_data_signed(&l.d, &mlen);
		if (dt_ed25519_verify(dt_data_sig(&l.d), msg, mlen,
				      dt_data_content(&l.d))) {
			free(cert);
			return cert_err("the new anchor's self-signature does not verify");
		}
	}
	r = write_out(o, cert, len, own_sk);
	if (!r && o->verbose) {
		dt_name_uri(&l.d.name, uri, sizeof(uri));
		printf("%s: %s\n", o->out, uri);
	}
	free(cert);
	return r;
}

int cmd_anchor(const struct cert_opts *o, int argc, char **argv)
{
	struct dtc_cert_spec s = { 0 };
	struct dtc_keypair kp;
	struct dt_name n;
	u8 name[DT_TLV_MAX_VALUE];
	int r;

	if (argc != 1)
		return cert_err("anchor takes one argument, the domain prefix (e.g. /iot1)");
	r = name_arg(argv[0], name, sizeof(name), &n);
	if (r)
		return r;
	r = own_keypair(o, &kp);
	if (r)
		return r;
	s.prefix = name;
	s.prefix_size = n.size;
	s.content = kp.pk;
	s.content_len = DT_ED25519_PK_LEN;
	period(o, &s.start_us, &s.end_us);
	s.signer_sk = kp.sk;
	r = build_write(o, &s, NULL, kp.sk);
	dtc_keypair_wipe(&kp);
	return r;
}

/*
 * The first cert of file path with its secret key, checked: the key is
 * the cert's, and the cert is valid at --now.
 */
static int load_signer(const struct cert_opts *o, const char *path,
		       struct dtc_file *f, struct dtc_link *l,
		       struct dtc_keypair *kp)
{
	struct dtc_policy pol = { .now_us = o->now_us };
	struct dtc_problem pr;

	if (dtc_file_load(path, f, &pr))
		return cert_problem(&pr);
	if (!f->item[0].key) {
		dtc_file_free(f);
		return cert_err("the signer %s holds no secret key after its first certificate",
				path);
	}
	if (dtc_link_init(l, f->item[0].cert, f->item[0].cert_len, 0, &pr) ||
	    dtc_keypair_from_sk(kp, f->item[0].key, f->item[0].key_len, &pr)) {
		dtc_file_free(f);
		return cert_err("the signer %s: %s", path, pr.msg);
	}
	if (l->d.content_len != DT_ED25519_PK_LEN ||
	    memcmp(kp->pk, dt_data_content(&l->d), DT_ED25519_PK_LEN)) {
		dtc_keypair_wipe(kp);
		dtc_file_free(f);
		return cert_err("wrong key: the secret key in %s is not the key of its certificate",
				path);
	}
	if (dtc_cert_check_time(l, 0, &pol, &pr)) {
		dtc_keypair_wipe(kp);
		dtc_file_free(f);
		return cert_err("the signer %s: %s", path, pr.msg);
	}
	return 0;
}

/* Component i of n is the Generic text s. */
static bool comp_is(const struct dt_name *n, int i, const char *s)
{
	struct dt_comp c;

	if ((i < 0 && -i > n->ncomp) || (i >= 0 && i >= n->ncomp))
		return false;
	dt_name_comp(n, i, &c);
	return dt_comp_is_generic(&c, s, strlen(s));
}

int cmd_signed(const struct cert_opts *o, int argc, char **argv, bool cap)
{
	struct dtc_cert_spec s = { 0 };
	struct dtc_keypair kp, skp;
	struct dtc_file sf;
	struct dtc_link signer;
	struct dt_name n;
	u8 name[DT_TLV_MAX_VALUE];
	u64 lim;
	s64 na;
	int r;

	if (argc != 2)
		return cert_err("%s takes two arguments, the cert name and the signer's file",
				cap ? "cap" : "identity");
	r = name_arg(argv[0], name, sizeof(name), &n);
	if (r)
		return r;
	/* <pubPrefix>/CAP/<capability>/<argument> (schema.md 9) */
	if (cap && (n.ncomp < 4 || !comp_is(&n, -3, "CAP")))
		return cert_err("a capability cert is named PREFIX/CAP/<capability>/<argument>, '%s' is not",
				argv[0]);
	if (!cap && n.ncomp >= 4 && comp_is(&n, -3, "CAP"))
		return cert_err("'%s' is a capability name: use deftt-cert cap",
				argv[0]);
	if (comp_is(&n, -2, "schema"))
		return cert_err("'%s' would be named as a schema cert: use deftt-cert schema",
				argv[0]);
	r = load_signer(o, argv[1], &sf, &signer, &skp);
	if (r)
		return r;
	r = own_keypair(o, &kp);
	if (r)
		goto out_signer;
	s.prefix = name;
	s.prefix_size = n.size;
	s.content = kp.pk;
	s.content_len = DT_ED25519_PK_LEN;
	period(o, &s.start_us, &s.end_us);
	/*
	 * A default period is cut at the signer's end, so that the new
	 * cert nests in it (the chain check refuses one that does not); an
	 * explicit --valid-until is kept and then refused if too late.
	 */
	dt_validity_parse(signer.d.si.not_after, &na);
	lim = (u64)na * 1000000;
	if (!o->until_us && s.end_us > lim)
		s.end_us = lim;
	s.signer_sk = skp.sk;
	s.signer_tp = signer.tp;
	r = build_write(o, &s, &signer, kp.sk);
	dtc_keypair_wipe(&kp);
out_signer:
	dtc_keypair_wipe(&skp);
	dtc_file_free(&sf);
	return r;
}

int cmd_schema(const struct cert_opts *o, int argc, char **argv)
{
	struct dtc_cert_spec s = { 0 };
	struct dtc_scm_facts facts;
	struct dtc_problem pr;
	struct dtc_keypair akp;
	struct dtc_file af;
	struct dtc_link anchor;
	struct dt_name n;
	u8 name[DT_TLV_MAX_VALUE], *scm = NULL;
	char text[sizeof(facts.prefix) + sizeof(facts.pub0) + 16];
	unsigned int np;
	size_t scml;
	u64 lim;
	s64 na;
	int r;

	if (argc != 2)
		return cert_err("schema takes two arguments, the binary schema (.scm) and the trust anchor's file");
	if (o->key_file || o->seed_hex)
		return cert_err("a schema cert has no key of its own: --key and --seed do not apply");
	if (dtc_read_all(argv[0], &scm, &scml, &pr))
		return cert_problem(&pr);
	if (dtc_scm_facts(scm, scml, &facts, &pr)) {
		free(scm);
		return cert_err("%s: %s", argv[0], pr.msg);
	}
	/* DCT's schema_cert always signs with EdDSA; so must the schema */
	if (strcmp(facts.cert_validator, "EdDSA")) {
		free(scm);
		return cert_err("%s: #certValidator is %s, but certs can only be signed with EdDSA",
				argv[0], facts.cert_validator);
	}
	r = load_signer(o, argv[1], &af, &anchor, &akp);
	if (r) {
		free(scm);
		return r;
	}
	if (!dt_tp_is_zero(anchor.d.si.key_digest)) {
		r = cert_err("a schema cert is signed by the trust anchor, and the first cert of %s is not self-signed",
			     argv[1]);
		goto out;
	}
	snprintf(text, sizeof(text), "%s/schema/%s", facts.prefix, facts.pub0);
	r = name_arg(text, name, sizeof(name), &n);
	if (r)
		goto out;
	np = dt_cert_prefix_comps(&anchor.d.name);
	if (n.ncomp != np + 2 || memcmp(n.val, anchor.d.name.val,
					anchor.d.name.off[np]) ||
	    n.off[np] != anchor.d.name.off[np]) {
		r = cert_err("the schema's #pubPrefix %s is not the prefix of the trust anchor in %s",
			     facts.prefix, argv[1]);
		goto out;
	}
	s.prefix = name;
	s.prefix_size = n.size;
	s.content = scm;
	s.content_len = scml;
	period(o, &s.start_us, &s.end_us);
	dt_validity_parse(anchor.d.si.not_after, &na);
	lim = (u64)na * 1000000;
	if (!o->until_us && s.end_us > lim)
		s.end_us = lim;
	s.signer_sk = akp.sk;
	s.signer_tp = anchor.tp;
	r = build_write(o, &s, &anchor, NULL);
out:
	dtc_keypair_wipe(&akp);
	dtc_file_free(&af);
	free(scm);
	return r;
}

/*
 * A member's signing cert and key from its bundle (distributors.md 2.3):
 * <identity prefix>/sgn/KEY/..., from --now - 5 min for 24 h 10 min, cut
 * to end 10 min before the identity; signed by the identity key. deftd
 * makes these itself; this is for tests and inspection.
 */
int cmd_signing(const struct cert_opts *o, int argc, char **argv)
{
	struct dtc_policy pol = { .now_us = o->now_us };
	struct dtc_rules_ctx rules;
	struct dtc_cert_spec s;
	struct dtc_chain *ch;
	struct dtc_problem pr;
	struct dtc_keypair kp;
	u8 prefix[DT_TLV_MAX_VALUE], *buf;
	size_t len;
	int r;

	if (argc != 1)
		return cert_err("signing takes one argument, the member's bundle");
	if (o->until_us || o->lifetime_days != DTC_DEFAULT_LIFETIME_DAYS)
		return cert_err("a signing cert's period is fixed: --valid-until and --lifetime do not apply");
	if (dtc_read_all(argv[0], &buf, &len, &pr))
		return cert_problem(&pr);
	ch = malloc(sizeof(*ch));
	if (!ch) {
		free(buf);
		return cert_err("out of memory");
	}
	r = 0;
	dtc_policy_use_schema(&pol, &rules);
	if (dtc_bundle_check(buf, len, &pol, ch, &pr)) {
		r = cert_err("%s: %s", argv[0], pr.msg);
		goto out;
	}
	if (dtc_signing_spec(&ch->c[ch->n - 1].d, o->now_us, prefix,
			     sizeof(prefix), &s, &pr)) {
		r = cert_problem(&pr);
		goto out;
	}
	r = own_keypair(o, &kp);
	if (r)
		goto out;
	s.content = kp.pk;
	s.content_len = DT_ED25519_PK_LEN;
	s.signer_sk = ch->key;
	s.signer_tp = ch->c[ch->n - 1].tp;
	r = build_write(o, &s, &ch->c[ch->n - 1], kp.sk);
	dtc_keypair_wipe(&kp);
out:
	free(ch);
	dt_wipe(buf, len);
	free(buf);
	return r;
}
