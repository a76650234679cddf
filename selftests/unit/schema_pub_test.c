// SPDX-License-Identifier: GPL-2.0
/* Signers, Publication validation and building against DCT's vectors, and
 * mutated Publications and chains refused with their reason codes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "vec.h"
#include "schema.h"
#include "schema_member.h"
#include "sigmgr.h"

#define BUF 4096

static int sg_lookup(void *ctx, const u8 tp[32], u8 pk[32])
{
	const struct dt_schema_signer *sg = ctx;

	if (memcmp(sg->tp, tp, 32))
		return -ENOKEY;
	memcpy(pk, sg->pk, 32);
	return 0;
}

/* The receive path: wire parse, schema checks, then the signature. */
static int validate(const struct dt_schema_signer *sg, const u8 *buf,
		    size_t len, u64 now, struct dt_scm_verdict *v)
{
	struct dt_sigmgr mg;
	struct dt_keys k;
	struct dt_data d;
	int e;

	if (dt_pub_parse(buf, len, &d))
		return -1;
	e = dt_schema_pub_check(sg, &d, now, v);
	if (e)
		return e;
	dt_keys_init(&k, sg_lookup, (void *)sg);
	if (dt_sigmgr_init(&mg, sg->s->msgs_sig, DT_KEYS_PUB) ||
	    dt_sig_verify(&mg, &k, &d))
		return DT_SCM_E_PUB_SIG;
	return DT_SCM_OK;
}

static const char *const iots[] = { "iot0", "iot1", "iot2" };
static const char *const iot_members[] = { "alice", "frontdoor" };

static char **pub_files(const char *sc, const char *mb, const char *sfx)
{
	char dir[128];
	char **l;
	int i, j;

	snprintf(dir, sizeof(dir), "dct/objects/%s/%s", sc, mb);
	l = vec_list(dir, sfx);
	/* keep pub* only */
	for (i = j = 0; l && l[i]; i++) {
		if (!strncmp(l[i], "pub", 3))
			l[j++] = l[i];
		else
			free(l[i]);
	}
	if (l)
		l[j] = NULL;
	return l;
}

static u8 *obj_read(const char *sc, const char *mb, const char *f,
		    size_t *len)
{
	char rel[256];

	snprintf(rel, sizeof(rel), "dct/objects/%s/%s/%s", sc, mb, f);
	return vec_read(rel, len);
}

TEST(vector_pubs_validate)
{
	unsigned int si, mi, nchecked = 0;

	for (si = 0; si < ARRAY_SIZE(iots); si++) {
		struct sm_member m[2];

		for (mi = 0; mi < 2; mi++)
			ASSERT_EQ(DT_SCM_OK, sm_load(&m[mi], iots[si],
						     iot_members[mi]))
				TH_LOG("%s/%s", iots[si], iot_members[mi]);
		for (mi = 0; mi < 2; mi++) {
			char **l = pub_files(iots[si], iot_members[mi], ".bin");
			struct dt_scm_verdict v;
			int i;

			ASSERT_NE(NULL, l);
			for (i = 0; l[i]; i++) {
				struct dt_data d;
				size_t len;
				u8 *b = obj_read(iots[si], iot_members[mi],
						 l[i], &len);

				ASSERT_NE(NULL, b);
				EXPECT_EQ(DT_SCM_OK,
					  validate(m[mi].sg, b, len, SM_NOW_US,
						   &v))
					TH_LOG("%s/%s/%s", iots[si],
					       iot_members[mi], l[i]);
				ASSERT_EQ(DT_WERR_OK, dt_pub_parse(b, len, &d));
				/* the other member's chain (schema.md 7.3) */
				if (si == 0) {
					EXPECT_EQ(DT_SCM_OK,
						  dt_schema_match(m[!mi].sg,
								  &d.name, &v));
				} else {
					EXPECT_EQ(DT_SCM_E_PUB_LITERAL,
						  dt_schema_match(m[!mi].sg,
								  &d.name, &v));
					EXPECT_EQ(2, v.pos);
				}
				nchecked++;
				free(b);
				free(l[i]);
			}
			free(l);
		}
		sm_free(&m[0]);
		sm_free(&m[1]);
	}
	EXPECT_EQ(18, nchecked);
}

/* schema.md 7.1 table: iot1 resolved templates. */
TEST(resolved_iot1)
{
	struct sm_member a, f;
	unsigned int i;

	ASSERT_EQ(DT_SCM_OK, sm_load(&a, "iot1", "alice"));
	ASSERT_EQ(DT_SCM_OK, sm_load(&f, "iot1", "frontdoor"));
	EXPECT_EQ(2, a.sg->cm);
	EXPECT_EQ(1, f.sg->cm);
	ASSERT_EQ(3, a.sg->nrt);
	for (i = 0; i < 3; i++) {
		EXPECT_EQ(3, a.sg->rt[i].comp);
		EXPECT_EQ((1ULL << 19) | (1ULL << 20) | (1ULL << 26) |
			  (1ULL << 27), a.sg->rt[i].vs[0]);
		EXPECT_EQ(0x16, a.sg->rt[i].code[2]);	/* command */
	}
	ASSERT_EQ(6, f.sg->nrt);
	for (i = 0; i < 6; i++) {
		EXPECT_EQ(4, f.sg->rt[i].comp);
		EXPECT_EQ(1, f.sg->rt[i].vs[0]);
		EXPECT_EQ(0, f.sg->rt[i].vs_check);
		EXPECT_EQ(26, f.sg->rt[i].code[3]);	/* frontdoor */
		EXPECT_EQ(DT_SCM_K_CHAIN, f.sg->rt[i].kind[3]);
	}
	EXPECT_EQ(0, f.sg->nx);
	sm_free(&a);
	sm_free(&f);

	/* patio is not a token: a run-time value (schema.md 7.1 notes) */
	ASSERT_EQ(DT_SCM_OK, sm_load(&f, "iot1", "patio"));
	ASSERT_EQ(1, f.sg->nx);
	EXPECT_EQ(5, f.sg->xlen[0]);
	EXPECT_EQ(0, memcmp(f.sg->xpool, "patio", 5));
	EXPECT_EQ(DT_SCM_INDEX, f.sg->rt[0].code[3]);
	sm_free(&f);
}

/* "key": value pairs of a flat JSON object into parameters. */
static int parse_params(const char *obj, struct dt_scm_param *p,
			char store[][64], int max)
{
	const char *q = obj;
	int n = 0;

	while ((q = strchr(q, '"')) && n < max) {
		const char *ke = strchr(q + 1, '"');

		if (!ke || ke - q - 1 >= 64)
			return -1;
		memset(&p[n], 0, sizeof(p[n]));
		memcpy(store[2 * n], q + 1, ke - q - 1);
		store[2 * n][ke - q - 1] = 0;
		p[n].tag = store[2 * n];
		q = strchr(ke, ':') + 1;
		while (*q == ' ')
			q++;
		if (*q == '"') {
			const char *ve = strchr(q + 1, '"');

			memcpy(store[2 * n + 1], q + 1, ve - q - 1);
			p[n].str = (const u8 *)store[2 * n + 1];
			p[n].len = ve - q - 1;
			p[n].kind = DT_SCM_V_STR;
			q = ve + 1;
		} else {
			p[n].num = strtoull(q, (char **)&q, 10);
			p[n].kind = DT_SCM_V_UINT;
		}
		n++;
	}
	return n;
}

static void ctr_add(u8 *c, size_t n, unsigned int k)
{
	unsigned int carry = k;
	size_t i;

	for (i = 0; i < n && carry; i++) {
		carry += c[i];
		c[i] = carry;
		carry >>= 8;
	}
}

/* Completes and signs a Publication of m with this name and content. */
static int make_pub(struct sm_member *m, const u8 *name, int nl,
		    const u8 *content, size_t cl, const char *json,
		    unsigned int k_index, u8 *out, size_t cap)
{
	struct dt_data_parts p;
	struct dt_sigmgr mg;
	struct dt_iov iov;
	struct dt_keys k;
	struct dt_data d;
	u8 tp[32];
	int len;

	dt_keys_init(&k, sg_lookup, m->sg);
	dt_thumbprint(m->sc, m->sclen, tp);
	if (dt_keys_set_signer(&k, m->sk, tp) ||
	    dt_sigmgr_init(&mg, m->s->msgs_sig, DT_KEYS_PUB))
		return -1;
	if (dt_sig_encrypts(m->s->msgs_sig)) {
		u8 gk[32], ctr[24];
		char *h, *t;

		h = json ? vec_json_get(json, "msgs_group_key_hex") : NULL;
		t = json ? vec_json_get(json, "initial_nonce_hex") : NULL;
		if (h && t && vec_unhex(h, gk, 32) == 32 &&
		    vec_unhex(t, ctr, 24) == 24) {
			ctr_add(ctr, 24, k_index);
			dt_sigmgr_set_counter(&mg, ctr, 24);
		} else {
			memset(gk, 0x40, 32);
		}
		free(h);
		free(t);
		dt_keys_add_group(&k, DT_KEYS_PUB, gk, SM_NOW_US);
	}
	memset(&p, 0, sizeof(p));
	if (dt_sigmgr_siginfo(&mg, &k, &p.si))
		return -1;
	iov.base = content;
	iov.len = cl;
	p.name = name;
	p.name_size = nl;
	p.content = &iov;
	p.ncontent = 1;
	p.sig_len = dt_sig_value_len(p.si.type);
	p.content_type = DT_CT_BLOB;
	len = dt_data_encode(out, cap, &p);
	if (len < 0 || dt_pub_parse(out, len, &d) ||
	    dt_sig_sign(&mg, &k, out, &d))
		return -1;
	return len;
}

TEST(build_vectors)
{
	unsigned int si, mi, nbuilt = 0;

	for (si = 0; si < ARRAY_SIZE(iots); si++)
		for (mi = 0; mi < 2; mi++) {
			char **l = pub_files(iots[si], iot_members[mi],
					     ".json");
			struct sm_member m;
			int i;

			ASSERT_EQ(DT_SCM_OK, sm_load(&m, iots[si],
						     iot_members[mi]));
			ASSERT_NE(NULL, l);
			for (i = 0; l[i]; i++) {
				struct dt_scm_param par[8];
				char store[16][64], *j, *bp, *nh, *ch, *org;
				u8 name[512], want[512], out[BUF], content[512];
				struct dt_scm_build in;
				size_t jl, bl;
				long cl;
				int n, nl, wl, pl;
				u8 *bin;

				j = (char *)obj_read(iots[si], iot_members[mi],
						     l[i], &jl);
				ASSERT_NE(NULL, j);
				bp = vec_json_get(j, "builder_params");
				nh = vec_json_get(j, "name_tlv_hex");
				ch = vec_json_get(j, "content_hex");
				org = vec_json_get(j, "sysID_origin");
				ASSERT_NE(NULL, bp);
				n = parse_params(bp, par, store, 8);
				ASSERT_EQ(6, n);
				memset(&in, 0, sizeof(in));
				in.par = par;
				in.npar = n;
				in.now_us = strtoull(vec_json_get(j,
						"timestamp_us"), NULL, 10);
				in.sysid = (const u8 *)org;
				in.sysid_len = strlen(org);
				nl = dt_schema_build_name(m.sg, &in, name,
							  sizeof(name), NULL);
				wl = vec_unhex(nh, want, sizeof(want));
				ASSERT_EQ(wl, nl) TH_LOG("%s", l[i]);
				EXPECT_EQ(0, memcmp(want, name, nl));
				cl = vec_unhex(ch, content, sizeof(content));
				ASSERT_GE(cl, 0);
				pl = make_pub(&m, name, nl, content, cl, j,
					      l[i][3] - '0', out, sizeof(out));
				ASSERT_GT(pl, 0);
				memcpy(store[0], l[i], strlen(l[i]) - 5);
				strcpy(store[0] + strlen(l[i]) - 5, ".bin");
				bin = obj_read(iots[si], iot_members[mi],
					       store[0], &bl);
				ASSERT_NE(NULL, bin);
				ASSERT_EQ(bl, (size_t)pl);
				EXPECT_EQ(0, memcmp(bin, out, bl))
					TH_LOG("%s/%s/%s", iots[si],
					       iot_members[mi], l[i]);
				nbuilt++;
				free(bin);
				free(bp);
				free(nh);
				free(ch);
				free(org);
				free(j);
				free(l[i]);
			}
			free(l);
			sm_free(&m);
		}
	EXPECT_EQ(18, nbuilt);
}

static struct dt_scm_param str_param(const char *tag, const char *v)
{
	struct dt_scm_param p = { .tag = tag, .str = (const u8 *)v,
				  .len = strlen(v), .kind = DT_SCM_V_STR };
	return p;
}

static struct dt_scm_param num_param(const char *tag, u64 v)
{
	struct dt_scm_param p = { .tag = tag, .num = v,
				  .kind = DT_SCM_V_UINT };
	return p;
}

/* schema.md 8.2 and 8.4: builder refusals. */
TEST(build_errors)
{
	struct dt_scm_param p[8], def[2];
	struct dt_scm_build in = { .par = p, .now_us = SM_NOW_US,
				   .sysid = (const u8 *)"p1@x",
				   .sysid_len = 4 };
	struct sm_member a, f;
	struct dt_scm_diag dg;
	u8 name[512];

	ASSERT_EQ(DT_SCM_OK, sm_load(&a, "iot1", "alice"));
	ASSERT_EQ(DT_SCM_OK, sm_load(&f, "iot1", "frontdoor"));
	p[0] = str_param("target", "lock");
	p[1] = str_param("topic", "command");
	p[2] = str_param("trgtLoc", "all");
	p[3] = str_param("topicArgs", "lock");
	p[4] = num_param("msgID", 7);
	p[5] = num_param("sCnt", 0);
	in.npar = 6;
	EXPECT_LT(0, dt_schema_build_name(a.sg, &in, name, sizeof(name), &dg));
	p[2] = str_param("trgtLoc", "kitchen");
	EXPECT_EQ(-DT_SCM_E_BUILD_NO_TEMPLATE,
		  dt_schema_build_name(a.sg, &in, name, sizeof(name), &dg));
	p[2] = str_param("trgtLoc", "all");
	p[3] = str_param("topicArgs", "unlocked");
	EXPECT_EQ(-DT_SCM_E_BUILD_NO_TEMPLATE,
		  dt_schema_build_name(a.sg, &in, name, sizeof(name), &dg));
	p[3] = str_param("topicArgs", "lock");
	p[6] = str_param("_ts", "x");
	in.npar = 7;
	EXPECT_EQ(-DT_SCM_E_BUILD_NOT_PARAM,
		  dt_schema_build_name(a.sg, &in, name, sizeof(name), &dg));
	p[6] = str_param("bogus", "x");
	EXPECT_EQ(-DT_SCM_E_BUILD_NOT_PARAM,
		  dt_schema_build_name(a.sg, &in, name, sizeof(name), &dg));
	p[6] = num_param("sCnt", 1);
	EXPECT_EQ(-DT_SCM_E_BUILD_TWICE,
		  dt_schema_build_name(a.sg, &in, name, sizeof(name), &dg));
	in.npar = 5;	/* no sCnt */
	EXPECT_EQ(-DT_SCM_E_BUILD_MISSING,
		  dt_schema_build_name(a.sg, &in, name, sizeof(name), &dg));
	EXPECT_EQ(7, dg.item);
	def[0] = num_param("sCnt", 0);
	in.def = def;
	in.ndef = 1;
	EXPECT_LT(0, dt_schema_build_name(a.sg, &in, name, sizeof(name), &dg));
	EXPECT_EQ(-DT_SCM_E_BUILD_NOSPACE,
		  dt_schema_build_name(a.sg, &in, name, 20, &dg));
	in.def = NULL;
	in.npar = 6;
	/* a device's trgtLoc is bound to its chain (schema.md 8.4) */
	p[1] = str_param("topic", "event");
	p[2] = str_param("trgtLoc", "gate");
	p[3] = str_param("topicArgs", "locked");
	EXPECT_EQ(-DT_SCM_E_BUILD_NO_TEMPLATE,
		  dt_schema_build_name(f.sg, &in, name, sizeof(name), &dg));
	p[2] = str_param("trgtLoc", "frontdoor");
	EXPECT_LT(0, dt_schema_build_name(f.sg, &in, name, sizeof(name), &dg));
	/* a time point never equals a literal (Q4) */
	p[2].kind = DT_SCM_V_TIME;
	p[2].num = 5;
	EXPECT_EQ(-DT_SCM_E_BUILD_NO_TEMPLATE,
		  dt_schema_build_name(f.sg, &in, name, sizeof(name), &dg));
	sm_free(&a);
	sm_free(&f);
}

/* #chainInfo built with a member's chain (schema.md 8.4). */
TEST(chain_info_value)
{
	const struct dt_name *names[DT_SCM_MAX_CHAIN_LEN];
	struct dt_schema_signer *d = malloc(sizeof(*d));
	struct dt_scm_build in = { 0 };
	struct sm_member a;
	struct dt_name n;
	char uri[256];
	unsigned int k;
	u8 buf[256];
	int l;

	ASSERT_EQ(DT_SCM_OK, sm_load(&a, "iot1", "alice"));
	for (k = 0; k < a.n; k++)
		names[k] = &a.chain[k].name;
	memset(d, 0, sizeof(*d));
	d->s = a.s;
	ASSERT_EQ(DT_SCM_OK, dt_schema_resolve(d, a.s->pub_chain_info, names,
					       a.n, a.sg->cm));
	l = dt_schema_build_name(d, &in, buf, sizeof(buf), NULL);
	ASSERT_LT(0, l);
	ASSERT_EQ(DT_WERR_OK, dt_name_parse(buf, l, 0, &n));
	ASSERT_LT(0, dt_name_uri(&n, uri, sizeof(uri)));
	EXPECT_EQ(0, strcmp("/operator/alice", uri));
	free(d);
	sm_free(&a);
}

/* Capabilities along a chain (schema.md 9.1, S20). */
TEST(capabilities)
{
	const struct dt_name *names[DT_SCM_MAX_CHAIN_LEN];
	struct sm_member m;
	struct dt_comp arg;
	unsigned int k;

	ASSERT_EQ(DT_SCM_OK, sm_load(&m, "relay", "homeExt"));
	for (k = 0; k < m.n; k++)
		names[k] = &m.chain[k].name;
	ASSERT_LE(0, dt_schema_cap_find(m.s, names, m.n, "RLY", &arg));
	EXPECT_EQ(9, arg.len);
	EXPECT_EQ(0, memcmp("tcp:34567", arg.val, 9));
	ASSERT_LE(0, dt_schema_cap_find(m.s, names, m.n, "KM", &arg));
	EXPECT_EQ(0, memcmp("1", arg.val, 1));
	EXPECT_EQ(-1, dt_schema_cap_find(m.s, names, m.n, "KMP", &arg));
	EXPECT_EQ(-1, dt_schema_cap_find(m.s, names, m.n, "K", &arg));
	sm_free(&m);

	ASSERT_EQ(DT_SCM_OK, sm_load(&m, "iot2", "alice"));
	for (k = 0; k < m.n; k++)
		names[k] = &m.chain[k].name;
	EXPECT_EQ(-1, dt_schema_cap_find(m.s, names, m.n, "KM", &arg));
	sm_free(&m);
	ASSERT_EQ(DT_SCM_OK, sm_load(&m, "iot2", "frontdoor"));
	for (k = 0; k < m.n; k++)
		names[k] = &m.chain[k].name;
	EXPECT_EQ(2, dt_schema_cap_find(m.s, names, m.n, "KMP", &arg));
	EXPECT_EQ(3, dt_schema_cap_find(m.s, names, m.n, "KM", &arg));
	EXPECT_EQ(0, memcmp("1", arg.val, 1));
	sm_free(&m);
}

/* Members of every trust domain, for the generic checks below. */
static const char *const all_members[][4] = {
	{ "iot0", "iot0", "alice" }, { "iot0", "iot0", "frontdoor" },
	{ "iot1", "iot1", "alice" }, { "iot1", "iot1", "frontdoor" },
	{ "iot2", "iot2", "alice" }, { "iot2", "iot2", "frontdoor" },
	{ "office", "office", "bob" }, { "office", "office", "alice" },
	{ "office", "office", "frank" }, { "office", "office", "room1" },
	{ "ioth", "relay", "frontdoor" }, { "ioth", "relay", "alice" },
	{ "ioth", "relay", "awayLoc" }, { "iote", "relay", "homeExt" },
	/* the same anchor's device chain under the extension schema */
	{ "iote", "relay", "frontdoor", "dct/schemas/iote.scm" },
};

static int load_member(struct sm_member *m, unsigned int i)
{
	return sm_load_with(m, all_members[i][1], all_members[i][2],
			    all_members[i][3]);
}

/* Every bundle cert matches a template and passes the cert rules (S9). */
TEST(bundle_certs_accepted)
{
	unsigned int i, k;

	for (i = 0; i < ARRAY_SIZE(all_members); i++) {
		struct sm_member m;
		struct dt_data d;
		bool signing;

		ASSERT_EQ(DT_SCM_OK, load_member(&m, i))
			TH_LOG("%s/%s", all_members[i][1], all_members[i][2]);
		for (k = 2; k < m.b.ncerts; k++) {
			ASSERT_EQ(DT_WERR_OK, dt_cert_parse(m.b.cert[k].buf,
							    m.b.cert[k].len, 0,
							    &d));
			EXPECT_EQ(DT_SCM_OK, dt_schema_cert_check(m.s, &d,
								  &signing));
			EXPECT_FALSE(signing);
		}
		EXPECT_EQ(DT_SCM_OK, dt_schema_cert_check(m.s, &m.chain[0],
							  &signing));
		EXPECT_TRUE(signing);
		ASSERT_EQ(DT_WERR_OK, dt_cert_parse(m.b.cert[1].buf,
						    m.b.cert[1].len,
						    DT_CERT_F_SCHEMA, &d));
		/*
		 * <prefix>/schema/<pub0>/KEY/.. fits the identity template
		 * /<prefix>/a1/a2/KEY/..: only the schema rule refuses it.
		 * The anchor's name fits no template but its own.
		 */
		EXPECT_EQ(DT_SCM_E_CERT_SCHEMA,
			  dt_schema_cert_check(m.s, &d, NULL));
		EXPECT_EQ(DT_SCM_E_CERT_NO_TEMPLATE,
			  dt_schema_cert_check(m.s, &m.chain[m.n - 1], NULL));
		/* a self-signed cert named like a signing cert */
		{
			u8 b[1024];
			int l = sm_make_signing_cert(b, sizeof(b), &m.chain[1],
						     m.b.key, NULL, NULL, true,
						     m.sk, SM_NOW_US);

			ASSERT_LT(0, l);
			ASSERT_EQ(DT_WERR_OK, dt_cert_parse(b, l,
							    DT_CERT_F_ANCHOR,
							    &d));
			EXPECT_EQ(DT_SCM_E_CERT_ANCHOR,
				  dt_schema_cert_check(m.s, &d, NULL));
		}
		sm_free(&m);
	}
}

/*
 * Every identity bundle of the vectors installs a signer: its chain, under
 * a signing cert made as DCT's getSigningPair() makes it, passes every
 * check of dt_schema_signer_init() against the bundle's own schema.
 */
TEST(every_bundle_installs)
{
	static const char *const dirs[] = { "iot0", "iot1", "iot2", "office",
					    "relay" };
	unsigned int di, n = 0;

	for (di = 0; di < ARRAY_SIZE(dirs); di++) {
		char rel[64], **l;
		int i;

		snprintf(rel, sizeof(rel), "dct/ids/%s", dirs[di]);
		l = vec_list(rel, ".bundle");
		ASSERT_NE(NULL, l);
		for (i = 0; l[i]; i++) {
			struct sm_member m;

			l[i][strlen(l[i]) - 7] = 0;
			EXPECT_EQ(DT_SCM_OK, sm_load(&m, dirs[di], l[i]))
				TH_LOG("%s/%s", dirs[di], l[i]);
			sm_free(&m);
			n++;
		}
		vec_free_list(l);
	}
	EXPECT_LE(50, n);
}

/* ---- mutations ---- */

enum nm_op { NM_SET, NM_RETYPE, NM_DROP, NM_APPEND };

/* A copy of pub with one name component changed; re-encoded, not signed. */
static int mutate_name(const u8 *pub, size_t len, enum nm_op op,
		       unsigned int pos, u16 type, const char *val, u8 *out,
		       size_t cap)
{
	struct dt_data_parts parts;
	struct dt_name_bld nb;
	struct dt_iov iov;
	struct dt_data d;
	struct dt_comp c;
	u8 name[1024];
	unsigned int i;
	int nl;

	if (dt_pub_parse(pub, len, &d))
		return -1;
	dt_nb_init(&nb, name, sizeof(name));
	for (i = 0; i < d.name.ncomp; i++) {
		dt_name_comp(&d.name, i, &c);
		if (i != pos) {
			dt_nb_comp(&nb, c.type, c.val, c.len);
			continue;
		}
		if (op == NM_SET)
			dt_nb_comp(&nb, c.type, val, strlen(val));
		else if (op == NM_RETYPE)
			dt_nb_comp(&nb, type, c.val, c.len);
		else if (op == NM_APPEND)
			dt_nb_comp(&nb, c.type, c.val, c.len);
	}
	if (op == NM_APPEND)
		dt_nb_str(&nb, val);
	nl = dt_nb_finish(&nb);
	if (nl < 0)
		return -1;
	dt_data_to_parts(&d, &parts, &iov);
	parts.name = name;
	parts.name_size = nl;
	return dt_data_encode(out, cap, &parts);
}

/* A valid Publication of m from its first resolved template. */
static int generic_pub(struct sm_member *m, u8 *out, size_t cap)
{
	const struct dt_scm_rtmpl *r = &m->sg->rt[0];
	struct dt_scm_param p[DT_SCM_MAX_COMPS];
	struct dt_scm_build in = { .par = p, .now_us = SM_NOW_US,
				   .sysid = (const u8 *)"p1@dctvectors",
				   .sysid_len = 13 };
	struct dt_scm_pub pb;
	u8 name[512];
	unsigned int i;
	int nl;

	dt_scm_pub_get(m->s, 0, &pb);
	for (i = 0; i < r->n; i++) {
		u8 c = r->code[i], l;

		if (!(pb.par & (1u << i)))
			continue;
		memset(&p[in.npar], 0, sizeof(p[0]));
		p[in.npar].pos = i;
		p[in.npar].kind = DT_SCM_V_STR;
		if (dt_scm_is_lit(c)) {
			p[in.npar].str = dt_scm_tok(m->s, c, &l);
			p[in.npar].len = l;
		} else if (i == r->comp && r->vs_check) {
			int t = r->vs[0] > 1 ? __builtin_ctzll(r->vs[0] & ~1ULL) :
				64 + __builtin_ctzll(r->vs[1]);

			p[in.npar].str = dt_scm_tok(m->s, t, &l);
			p[in.npar].len = l;
		} else if (dt_scm_class(c) == DT_SCM_INDEX) {
			p[in.npar].str = m->sg->xpool + m->sg->xoff[c & 31];
			p[in.npar].len = m->sg->xlen[c & 31];
		} else {
			p[in.npar].kind = DT_SCM_V_UINT;
			p[in.npar].num = 1000 + i;
		}
		in.npar++;
	}
	nl = dt_schema_build_name(m->sg, &in, name, sizeof(name), NULL);
	if (nl < 0)
		return nl;
	return make_pub(m, name, nl, (const u8 *)"hello", 5, NULL, 0, out,
			cap);
}

/* Positions of the matched template by what they hold. */
static int find_kind(const struct dt_scm_rtmpl *r, unsigned int kind,
		     int skip, bool last)
{
	int i, hit = -1;

	for (i = 0; i < r->n; i++)
		if (r->kind[i] == kind && i != skip) {
			hit = i;
			if (!last)
				break;
		}
	return hit;
}

static int find_code(const struct dt_scm_rtmpl *r, u8 code)
{
	int i;

	for (i = 0; i < r->n; i++)
		if (r->code[i] == code)
			return i;
	return -1;
}

struct mut_ctx {
	struct sm_member *m;
	const u8 *pub;
	size_t len;
	const struct dt_scm_rtmpl *r;	/* template the pub matched */
	u8 out[BUF];
	int olen;
	u64 now;
};

/* Name and Publication mutations: each fills c->out/olen or returns -1. */
typedef int (*mut_fn)(struct mut_ctx *c);

static int lit_pos(const struct mut_ctx *c, bool last)
{
	return find_kind(c->r, DT_SCM_K_LIT,
			 c->r->vs_check ? c->r->comp : -1, last);
}

static int mut_lit_last(struct mut_ctx *c)
{
	return mutate_name(c->pub, c->len, NM_SET, lit_pos(c, true), 0, "zz9",
			   c->out, BUF);
}

static int mut_prefix(struct mut_ctx *c)
{
	return mutate_name(c->pub, c->len, NM_SET, 0, 0, "zz9", c->out, BUF);
}

static int mut_prefix_case(struct mut_ctx *c)
{
	u8 l;
	const u8 *t = dt_scm_tok(c->m->s, c->r->code[0], &l);
	char up[64];
	unsigned int i;

	for (i = 0; i < l && i < 63; i++)
		up[i] = t[i] >= 'a' && t[i] <= 'z' ? t[i] - 32 : t[i];
	up[i] = 0;
	return mutate_name(c->pub, c->len, NM_SET, 0, 0, up, c->out, BUF);
}

static int mut_lit_retype(struct mut_ctx *c)
{
	int p = lit_pos(c, false);
	u8 l;

	dt_scm_tok(c->m->s, c->r->code[p], &l);
	if (l > 8)
		return -1;
	return mutate_name(c->pub, c->len, NM_RETYPE, p, DT_COMP_SEQNUM, NULL,
			   c->out, BUF);
}

static int mut_ts_retype(struct mut_ctx *c)
{
	return mutate_name(c->pub, c->len, NM_RETYPE,
			   find_code(c->r, DT_SCM_CALL_TS), DT_COMP_GENERIC,
			   NULL, c->out, BUF);
}

static int mut_drop_last(struct mut_ctx *c)
{
	return mutate_name(c->pub, c->len, NM_DROP, c->r->n - 1, 0, NULL,
			   c->out, BUF);
}

static int mut_drop_first(struct mut_ctx *c)
{
	return mutate_name(c->pub, c->len, NM_DROP, 0, 0, NULL, c->out, BUF);
}

static int mut_append(struct mut_ctx *c)
{
	return mutate_name(c->pub, c->len, NM_APPEND, c->r->n - 1, 0, "x",
			   c->out, BUF);
}

static int mut_chain_val(struct mut_ctx *c)
{
	int p = find_kind(c->r, DT_SCM_K_CHAIN, -1, false);

	return p < 0 ? -1 : mutate_name(c->pub, c->len, NM_SET, p, 0, "zz9",
					c->out, BUF);
}

/* Only where every template of the signer tests the distinguishing value. */
static int all_vs_check(const struct mut_ctx *c)
{
	unsigned int i;

	for (i = 0; i < c->m->sg->nrt; i++)
		if (!c->m->sg->rt[i].vs_check)
			return 0;
	return c->m->sg->nrt > 0;
}

static int mut_disc_tok(struct mut_ctx *c)
{
	if (!all_vs_check(c))
		return -1;
	return mutate_name(c->pub, c->len, NM_SET, c->r->comp, 0, "KEY",
			   c->out, BUF);
}

static int mut_disc_other(struct mut_ctx *c)
{
	if (!all_vs_check(c))
		return -1;
	return mutate_name(c->pub, c->len, NM_SET, c->r->comp, 0, "kitchen",
			   c->out, BUF);
}

static int mut_param(struct mut_ctx *c)
{
	int p = find_kind(c->r, DT_SCM_K_PARAM, -1, true);

	return p < 0 ? -1 : mutate_name(c->pub, c->len, NM_SET, p, 0, "zz9",
					c->out, BUF);
}

static int copy_pub(struct mut_ctx *c, struct dt_data *d)
{
	memcpy(c->out, c->pub, c->len);
	return dt_pub_parse(c->out, c->len, d) ? -1 : (int)c->len;
}

static int mut_keyloc(struct mut_ctx *c)
{
	struct dt_data d;
	int l = copy_pub(c, &d);

	if (l < 0 || !d.si.key_digest)
		return -1;
	c->out[d.si.key_digest - c->out] ^= 1;
	return l;
}

static int mut_sig(struct mut_ctx *c)
{
	struct dt_data d;
	int l = copy_pub(c, &d);

	if (l < 0)
		return -1;
	c->out[d.off_sigval + d.sig_hlen + d.sig_len - 1] ^= 0x80;
	return l;
}

static int mut_content(struct mut_ctx *c)
{
	struct dt_data d;
	int l = copy_pub(c, &d);

	if (l < 0 || !d.content_len)
		return -1;
	c->out[d.off_content] ^= 1;
	return l;
}

static int mut_late(struct mut_ctx *c)
{
	c->now = SM_NOW_US + 2 * 86400 * 1000000ULL;
	return copy_pub(c, &(struct dt_data){ 0 });
}

static const struct {
	const char *what;
	mut_fn fn;
	enum dt_schema_err want;
} pub_muts[] = {
	{ "literal changed", mut_lit_last, DT_SCM_E_PUB_LITERAL },
	{ "prefix changed", mut_prefix, DT_SCM_E_PUB_LITERAL },
	{ "prefix upper case", mut_prefix_case, DT_SCM_E_PUB_LITERAL },
	{ "literal as SequenceNum", mut_lit_retype, DT_SCM_E_PUB_TYPE },
	{ "timestamp as Generic", mut_ts_retype, DT_SCM_E_PUB_TYPE },
	{ "last component dropped", mut_drop_last, DT_SCM_E_PUB_LEN },
	{ "first component dropped", mut_drop_first, DT_SCM_E_PUB_LEN },
	{ "component appended", mut_append, DT_SCM_E_PUB_LEN },
	{ "correspondence broken", mut_chain_val, DT_SCM_E_PUB_COR },
	{ "disc value not allowed", mut_disc_tok, DT_SCM_E_PUB_DISC },
	{ "disc value unknown", mut_disc_other, DT_SCM_E_PUB_DISC },
	{ "parameter changed", mut_param, DT_SCM_E_PUB_SIG },
	{ "content changed", mut_content, DT_SCM_E_PUB_SIG },
	{ "signer unknown", mut_keyloc, DT_SCM_E_PUB_NO_SIGNER },
	{ "signature flipped", mut_sig, DT_SCM_E_PUB_SIG },
	{ "signer expired", mut_late, DT_SCM_E_PUB_SIGNER_EXPIRED },
};

/* Chain mutations: fill chain/n/anchor/now of a copy of the member's. */
struct chain_ctx {
	struct sm_member *m;
	struct dt_data chain[DT_SCM_MAX_CHAIN_LEN];
	u8 bufs[3][1024];
	unsigned int n;
	u8 anchor_tp[32];
	u64 now;
};

/* Replaces chain cert k by a modified copy (byte at off xored). */
static int flip_cert(struct chain_ctx *c, unsigned int k, u32 off,
		     unsigned int flags)
{
	const struct dt_data *o = &c->chain[k];

	if (o->size > sizeof(c->bufs[0]))
		return -1;
	memcpy(c->bufs[k % 3], o->buf, o->size);
	c->bufs[k % 3][off] ^= 1;
	return dt_cert_parse(c->bufs[k % 3], o->size, flags, &c->chain[k]) ?
	       -1 : 0;
}

static int ch_short(struct chain_ctx *c)
{
	c->n = 1;
	return 0;
}

static int ch_sig0(struct chain_ctx *c)
{
	return flip_cert(c, 0, c->chain[0].size - 1, 0);
}

static int ch_sig1(struct chain_ctx *c)
{
	return flip_cert(c, 1, c->chain[1].size - 1, 0);
}

static int ch_keyloc0(struct chain_ctx *c)
{
	return flip_cert(c, 0, c->chain[0].si.key_digest - c->chain[0].buf,
			 0);
}

static int ch_keyloc1(struct chain_ctx *c)
{
	return flip_cert(c, 1, c->chain[1].si.key_digest - c->chain[1].buf,
			 0);
}

static int ch_other_anchor(struct chain_ctx *c)
{
	/* the zone trusts another anchor than the chain's */
	c->anchor_tp[0] ^= 1;
	return 0;
}

static int ch_early(struct chain_ctx *c)
{
	c->now = SM_NOW_US - 86400 * 1000000ULL;
	return 0;
}

static int ch_late_signing(struct chain_ctx *c)
{
	c->now = SM_NOW_US + 2 * 86400 * 1000000ULL;
	return 0;
}

static int ch_late_all(struct chain_ctx *c)
{
	c->now = SM_NOW_US + 400 * 86400 * 1000000ULL;
	return 0;
}

static int ch_new_signing(struct chain_ctx *c, const char *r1, const char *r2,
			  bool zero)
{
	int l = sm_make_signing_cert(c->bufs[0], sizeof(c->bufs[0]),
				     &c->chain[1], c->m->b.key, r1, r2, zero,
				     c->m->sk, SM_NOW_US);

	if (l < 0)
		return -1;
	return dt_cert_parse(c->bufs[0], l, zero ? DT_CERT_F_ANCHOR : 0,
			     &c->chain[0]) ? -1 : 0;
}

static int ch_self_signed(struct chain_ctx *c)
{
	return ch_new_signing(c, NULL, NULL, true);
}

static int ch_wrong_domain(struct chain_ctx *c)
{
	int e = ch_new_signing(c, NULL, NULL, false);
	struct dt_comp p;
	u8 *b = c->bufs[0];

	/* first name component "zzdom…" in place, then re-sign */
	if (e)
		return e;
	dt_name_comp(&c->chain[0].name, 0, &p);
	memset(b + (p.val - b), 'z', p.len);
	return sm_resign(b, c->chain[0].size, c->m->b.key, &c->chain[0]);
}

static int ch_other_id(struct chain_ctx *c)
{
	return ch_new_signing(c, NULL, "zzid", false);
}

static int ch_no_signing(struct chain_ctx *c)
{
	memmove(c->chain, c->chain + 1, (c->n - 1) * sizeof(c->chain[0]));
	c->n--;
	return 0;
}

static int ch_schema(struct chain_ctx *c)
{
	const struct dt_bundle_cert *s = &c->m->b.cert[1];

	c->chain[1] = c->chain[c->n - 1];
	c->n = 2;
	return dt_cert_parse(s->buf, s->len, DT_CERT_F_SCHEMA, &c->chain[0]) ?
	       -1 : 0;
}

static const struct {
	const char *what;
	int (*fn)(struct chain_ctx *c);
	enum dt_schema_err want;
} chain_muts[] = {
	{ "chain of one cert", ch_short, DT_SCM_E_CERT_FORM },
	{ "signing cert signature", ch_sig0, DT_SCM_E_CERT_SIG },
	/* any change to a cert above the signing cert changes its thumbprint */
	{ "identity cert altered", ch_sig1, DT_SCM_E_CERT_SIGNER },
	{ "signing cert's signer unknown", ch_keyloc0, DT_SCM_E_CERT_SIGNER },
	{ "identity cert's signer unknown", ch_keyloc1,
	  DT_SCM_E_CERT_SIGNER },
	{ "chain to another trust anchor", ch_other_anchor,
	  DT_SCM_E_CERT_TRUST },
	{ "before NotBefore", ch_early, DT_SCM_E_CERT_TIME },
	{ "signing cert expired", ch_late_signing, DT_SCM_E_CERT_TIME },
	{ "identity cert expired", ch_late_all, DT_SCM_E_CERT_TIME },
	{ "self-signed signing cert", ch_self_signed, DT_SCM_E_CERT_ANCHOR },
	{ "domain not in schema", ch_wrong_domain,
	  DT_SCM_E_CERT_NO_TEMPLATE },
	{ "signing cert for another id", ch_other_id,
	  DT_SCM_E_CERT_CHAIN_COR },
	{ "identity cert as signer", ch_no_signing, DT_SCM_E_CERT_CHAIN },
	{ "schema cert as signer", ch_schema, DT_SCM_E_CERT_SCHEMA },
};

TEST(mutations)
{
	const char *const domains[] = { "iot0", "iot1", "iot2", "office",
					"ioth", "iote" };
	unsigned int per[ARRAY_SIZE(domains)] = { 0 };
	struct dt_schema_signer *sg = malloc(sizeof(*sg));
	unsigned int i, j, d;

	for (i = 0; i < ARRAY_SIZE(all_members); i++) {
		struct mut_ctx *mc = malloc(sizeof(*mc));
		struct chain_ctx *cc = malloc(sizeof(*cc));
		struct dt_scm_verdict v;
		struct sm_member m;
		u8 pub[BUF];
		int pl, e;

		for (d = 0; strcmp(domains[d], all_members[i][0]); d++)
			;
		ASSERT_EQ(DT_SCM_OK, load_member(&m, i));
		/* relays' chains sign no pub 0 in ioth/iote */
		pl = m.sg->nrt ? generic_pub(&m, pub, sizeof(pub)) : 0;
		if (!pl)
			goto chains;
		ASSERT_LT(0, pl) TH_LOG("%s/%s: %s", all_members[i][1],
					all_members[i][2],
					dt_schema_err_name(pl));
		ASSERT_EQ(DT_SCM_OK, validate(m.sg, pub, pl, SM_NOW_US, &v));
		for (j = 0; j < ARRAY_SIZE(pub_muts); j++) {
			memset(mc, 0, sizeof(*mc));
			mc->m = &m;
			mc->pub = pub;
			mc->len = pl;
			mc->r = &m.sg->rt[v.tmpl];
			mc->now = SM_NOW_US;
			mc->olen = pub_muts[j].fn(mc);
			if (mc->olen < 0)
				continue;	/* not applicable here */
			e = validate(m.sg, mc->out, mc->olen, mc->now, NULL);
			EXPECT_EQ(pub_muts[j].want, e)
				TH_LOG("%s/%s %s: got %s", all_members[i][1],
				       all_members[i][2], pub_muts[j].what,
				       dt_schema_err_name(e));
			per[d]++;
		}
chains:
		for (j = 0; j < ARRAY_SIZE(chain_muts); j++) {
			memset(cc, 0, sizeof(*cc));
			cc->m = &m;
			memcpy(cc->chain, m.chain, sizeof(m.chain));
			cc->n = m.n;
			memcpy(cc->anchor_tp, m.anchor_tp, 32);
			cc->now = SM_NOW_US;
			ASSERT_EQ(0, chain_muts[j].fn(cc));
			e = dt_schema_signer_init(sg, m.s, cc->chain, cc->n,
						  cc->anchor_tp, cc->now);
			EXPECT_EQ(chain_muts[j].want, e)
				TH_LOG("%s/%s %s: got %s", all_members[i][1],
				       all_members[i][2], chain_muts[j].what,
				       dt_schema_err_name(e));
			per[d]++;
		}
		sm_free(&m);
		free(mc);
		free(cc);
	}
	for (d = 0; d < ARRAY_SIZE(domains); d++) {
		printf("# %s: %u mutations refused as expected\n", domains[d],
		       per[d]);
		fflush(stdout);
		EXPECT_LE(20, per[d]) TH_LOG("%s: %u", domains[d], per[d]);
	}
	free(sg);
}

/* schema.md 7.3 worked check: frontdoor naming gate in trgtLoc. */
TEST(worked_check_cor)
{
	struct dt_scm_verdict v;
	struct sm_member f;
	struct dt_data d;
	u8 *b, out[BUF];
	size_t len;
	int l;

	ASSERT_EQ(DT_SCM_OK, sm_load(&f, "iot1", "frontdoor"));
	b = obj_read("iot1", "frontdoor", "pub0_event_locked.bin", &len);
	ASSERT_NE(NULL, b);
	l = mutate_name(b, len, NM_SET, 3, 0, "gate", out, sizeof(out));
	ASSERT_LT(0, l);
	ASSERT_EQ(DT_WERR_OK, dt_pub_parse(out, l, &d));
	EXPECT_EQ(DT_SCM_E_PUB_COR, dt_schema_match(f.sg, &d.name, &v));
	EXPECT_EQ(3, v.pos);
	EXPECT_EQ(0, v.tmpl);
	EXPECT_EQ(DT_SCM_E_PUB_COR, validate(f.sg, out, l, SM_NOW_US, NULL));
	free(b);
	sm_free(&f);
}

/* iot1 role mix-up: a device signing cert under an operator identity. */
TEST(role_swap)
{
	struct dt_schema_signer *sg = malloc(sizeof(*sg));
	struct chain_ctx *cc = malloc(sizeof(*cc));
	struct sm_member m;

	ASSERT_EQ(DT_SCM_OK, sm_load(&m, "iot1", "alice"));
	memcpy(cc->chain, m.chain, sizeof(m.chain));
	cc->m = &m;
	cc->n = m.n;
	ASSERT_EQ(0, ch_new_signing(cc, "device", NULL, false));
	EXPECT_EQ(DT_SCM_E_CERT_CHAIN_COR,
		  dt_schema_signer_init(sg, m.s, cc->chain, cc->n, m.anchor_tp,
					SM_NOW_US));
	/* bob's signing cert under alice's identity (schema.md 6.3) */
	ASSERT_EQ(0, ch_new_signing(cc, NULL, "bob", false));
	EXPECT_EQ(DT_SCM_E_CERT_CHAIN_COR,
		  dt_schema_signer_init(sg, m.s, cc->chain, cc->n, m.anchor_tp,
					SM_NOW_US));
	sm_free(&m);
	free(cc);
	free(sg);
}

TEST_HARNESS_MAIN
