// SPDX-License-Identifier: GPL-2.0
/* Trust-schema costs per Publication: validation and building, iot1 and
 * office, against one Ed25519 verify of the same Publication.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "schema.h"
#include "schema_member.h"
#include "vec.h"

/*
 * Validation = dt_schema_pub_check() on a parsed Publication: signer
 * thumbprint, signer expiry, template match with correspondences and
 * types; the wire parse and the signature are excluded. The reference is
 * dt_ed25519_verify() of the same Publication's signed bytes with the
 * signer's key, measured in this run: the ratio says what the schema adds
 * to the cheapest signature check a Publication gets. Building =
 * dt_schema_build_name() from six parameters (the Name TLV only).
 */

#define REPS	7
#define ITERS	20000
#define VITERS	300

static volatile int sink;

/* A domain's members and a set of their Publications. */
struct set {
	const char *name;
	struct sm_member m[4];
	unsigned int nm;
	u8 *pub[12];
	size_t len[12];
	struct dt_data d[12];
	unsigned int owner[12];
	unsigned int np;
	struct dt_scm_param par[4][DT_SCM_MAX_COMPS];
	struct dt_scm_build in[4];
};

/* Parameters that select m's first resolved template. */
static void params_for(struct set *st, unsigned int k)
{
	const struct dt_schema_signer *sg = st->m[k].sg;
	const struct dt_scm_rtmpl *r = &sg->rt[0];
	struct dt_scm_build *in = &st->in[k];
	struct dt_scm_param *p = st->par[k];
	struct dt_scm_pub pb;
	unsigned int i;

	memset(in, 0, sizeof(*in));
	in->par = p;
	in->now_us = SM_NOW_US;
	in->sysid = (const u8 *)"p1@dctvectors";
	in->sysid_len = 13;
	dt_scm_pub_get(sg->s, 0, &pb);
	for (i = 0; i < r->n; i++) {
		u8 c = r->code[i], l;

		if (!(pb.par & (1u << i)))
			continue;
		memset(&p[in->npar], 0, sizeof(p[0]));
		p[in->npar].pos = i;
		p[in->npar].kind = DT_SCM_V_STR;
		if (dt_scm_is_lit(c)) {
			p[in->npar].str = dt_scm_tok(sg->s, c, &l);
			p[in->npar].len = l;
		} else if (i == r->comp && r->vs_check) {
			int t = r->vs[0] > 1 ?
				__builtin_ctzll(r->vs[0] & ~1ULL) :
				64 + __builtin_ctzll(r->vs[1]);

			p[in->npar].str = dt_scm_tok(sg->s, t, &l);
			p[in->npar].len = l;
		} else if (dt_scm_class(c) == DT_SCM_INDEX) {
			p[in->npar].str = sg->xpool + sg->xoff[c & 31];
			p[in->npar].len = sg->xlen[c & 31];
		} else {
			p[in->npar].kind = DT_SCM_V_UINT;
			p[in->npar].num = 3421561578u;
		}
		in->npar++;
	}
}

/* Signs a built name as an EdDSA Publication of member k. */
static int add_pub(struct set *st, unsigned int k)
{
	struct sm_member *m = &st->m[k];
	struct dt_data_parts p;
	struct dt_iov iov;
	u8 name[512], tp[32], *out;
	int nl, len;
	unsigned int i = st->np;

	nl = dt_schema_build_name(m->sg, &st->in[k], name, sizeof(name), NULL);
	if (nl < 0)
		return -1;
	dt_thumbprint(m->sc, m->sclen, tp);
	memset(&p, 0, sizeof(p));
	p.si.type = DT_SIG_EDDSA;
	p.si.key_digest = tp;
	iov.base = (const u8 *)"Msg #1 from the bench";
	iov.len = 21;
	p.name = name;
	p.name_size = nl;
	p.content = &iov;
	p.ncontent = 1;
	p.sig_len = 64;
	out = malloc(1024);
	len = dt_data_encode(out, 1024, &p);
	if (len < 0 || dt_pub_parse(out, len, &st->d[i]))
		return -1;
	{
		u32 sl;
		const u8 *msg = dt_data_signed(&st->d[i], &sl);

		dt_ed25519_sign(out + st->d[i].off_sigval +
				st->d[i].sig_hlen, msg, sl, m->sk);
	}
	st->pub[i] = out;
	st->len[i] = len;
	st->owner[i] = k;
	st->np++;
	return 0;
}

static int setup(struct set *st, const char *name, const char *dir,
		 const char *const *members, unsigned int nm)
{
	unsigned int k, j;

	memset(st, 0, sizeof(*st));
	st->name = name;
	for (k = 0; k < nm; k++) {
		if (sm_load(&st->m[k], dir, members[k]))
			return -1;
		params_for(st, k);
		for (j = 0; j < 3; j++)
			if (add_pub(st, k))
				return -1;
	}
	st->nm = nm;
	return 0;
}

static void run(struct set *st)
{
	double v = 1e30, ref = 1e30, b = 1e30, t;
	unsigned int r, i;

	/* every Publication must validate, or the figure would be wrong */
	for (i = 0; i < st->np; i++)
		if (dt_schema_pub_check(st->m[st->owner[i]].sg, &st->d[i],
					SM_NOW_US, NULL)) {
			fprintf(stderr, "bench_schema: %s pub %u refused\n",
				st->name, i);
			exit(1);
		}
	for (r = 0; r < REPS; r++) {
		TIME_OP(t, ITERS, {
			unsigned int k = i_ % st->np;

			sink += dt_schema_pub_check(st->m[st->owner[k]].sg,
						    &st->d[k], SM_NOW_US, NULL);
		});
		v = MIN(v, t);
		TIME_OP(t, VITERS, {
			unsigned int k = i_ % st->np;
			u32 sl;
			const u8 *msg = dt_data_signed(&st->d[k], &sl);

			sink += dt_ed25519_verify(dt_data_sig(&st->d[k]), msg,
						  sl, st->m[st->owner[k]].sg->pk);
		});
		ref = MIN(ref, t);
		TIME_OP(t, ITERS, {
			unsigned int k = i_ % st->nm;
			u8 out[512];

			sink += dt_schema_build_name(st->m[k].sg, &st->in[k],
						     out, sizeof(out), NULL);
		});
		b = MIN(b, t);
	}
	printf("bench: schema_validate_%s %.1f ns/pub ratio %.4f vs ed25519_verify\n",
	       st->name, v, v / ref);
	printf("bench: schema_build_%s %.1f ns/pub\n", st->name, b);
	printf("bench: ed25519_verify_%s %.1f ns/pub\n", st->name, ref);
}

/* Installing a signer: chain checks (3+ Ed25519 verifies) and templates. */
static void install(struct set *st)
{
	struct dt_schema_signer *sg = malloc(sizeof(*sg));
	struct sm_member *m = &st->m[0];
	double t, best = 1e30;
	unsigned int r;

	for (r = 0; r < 3; r++) {
		TIME_OP(t, 50, sink += dt_schema_signer_init(sg, m->s,
				m->chain, m->n, m->anchor_tp, SM_NOW_US));
		best = MIN(best, t);
	}
	printf("bench: schema_signer_install_%s %.0f ns/signer (%u certs)\n",
	       st->name, best, m->n);
	free(sg);
}

int main(void)
{
	static const char *const iot[] = { "alice", "frontdoor" };
	static const char *const office[] = { "bob", "alice", "room1" };
	static struct set a, b;

	if (setup(&a, "iot1", "iot1", iot, 2) ||
	    setup(&b, "office", "office", office, 3)) {
		fprintf(stderr, "bench_schema: cannot load the vectors\n");
		return 1;
	}
	run(&a);
	run(&b);
	install(&a);
	install(&b);
	return 0;
}
