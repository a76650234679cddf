// SPDX-License-Identifier: GPL-2.0
/* Fuzz Publication validation: mutated Publications against the signers
 * of iot1's alice and frontdoor and iot2's frontdoor (from the vectors);
 * an input that parses as a cert is installed as their signing cert.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "bundle.h"

#define NSIG 3
#define NOW_US 1795309200000000ULL	/* the vectors' pinned clock */

static const char *const who[NSIG][2] = {
	{ "iot1", "alice" }, { "iot1", "frontdoor" }, { "iot2", "frontdoor" },
};

static struct dt_schema sch[NSIG];
static struct dt_schema_signer sgn[NSIG], trial;
static struct dt_data chains[NSIG][DT_SCM_MAX_CHAIN_LEN];
static unsigned int nchain[NSIG];
static u8 atps[NSIG][DT_THUMBPRINT_LEN];
static u8 *keep[NSIG][2];

static u8 *slurp(const char *fmt, const char *a, const char *b, size_t *len)
{
	char path[512];
	FILE *f;
	u8 *buf;
	long n;

	snprintf(path, sizeof(path), "%s/dct/", DEFTT_VECTORS);
	snprintf(path + strlen(path), sizeof(path) - strlen(path), fmt, a, b);
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(n);
	if (buf && fread(buf, 1, n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

static void load(unsigned int i)
{
	struct dt_data chain[DT_SCM_MAX_CHAIN_LEN], sd;
	u8 atp[DT_THUMBPRINT_LEN];
	struct dt_bundle b;
	size_t bl, sl;
	unsigned int k, n = 0;

	keep[i][0] = slurp("ids/%s/%s.bundle", who[i][0], who[i][1], &bl);
	keep[i][1] = slurp("objects/%s/%s/signing_cert.bin", who[i][0],
			   who[i][1], &sl);
	if (!keep[i][0] || !keep[i][1] || dt_bundle_parse(keep[i][0], bl, &b) ||
	    dt_cert_parse(b.cert[1].buf, b.cert[1].len, DT_CERT_F_SCHEMA, &sd) ||
	    dt_schema_read(&sch[i], dt_data_content(&sd), sd.content_len, NULL) ||
	    dt_cert_parse(keep[i][1], sl, 0, &chain[n++]))
		abort();
	for (k = b.ncerts - 1; k >= 2; k--)
		if (dt_cert_parse(b.cert[k].buf, b.cert[k].len, 0,
				  &chain[n++]))
			abort();
	if (dt_cert_parse(b.cert[0].buf, b.cert[0].len,
			  DT_CERT_F_ANCHOR | DT_CERT_F_SCHEMA, &chain[n++]))
		abort();
	dt_thumbprint(b.cert[0].buf, b.cert[0].len, atp);
	if (dt_schema_signer_init(&sgn[i], &sch[i], chain, n, atp, NOW_US))
		abort();
	memcpy(chains[i], chain, sizeof(chain));
	nchain[i] = n;
	memcpy(atps[i], atp, sizeof(atp));
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	unsigned int i;

	for (i = 0; i < NSIG; i++)
		load(i);
	return 0;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct dt_scm_verdict v;
	struct dt_data d;
	unsigned int i;
	int e;

	if (!dt_cert_parse(data, size, DT_CERT_F_ANCHOR, &d)) {
		u8 tp[DT_THUMBPRINT_LEN];

		dt_thumbprint(data, size, tp);
		for (i = 0; i < NSIG; i++) {
			struct dt_data ch[DT_SCM_MAX_CHAIN_LEN];

			memcpy(ch, chains[i], sizeof(ch));
			ch[0] = d;
			e = dt_schema_signer_init(&trial, &sch[i], ch,
						  nchain[i], atps[i], NOW_US);
			if (e < 0 || e >= DT_SCM_E_MAX)
				abort();
			if (!e && (memcmp(trial.tp, tp, sizeof(tp)) ||
				   trial.nrt > DT_SCM_MAX_DISC))
				abort();
		}
		return 0;
	}
	if (dt_pub_parse(data, size, &d))
		return 0;
	for (i = 0; i < NSIG; i++) {
		e = dt_schema_match(&sgn[i], &d.name, &v);
		if (e < 0 || e >= DT_SCM_E_MAX ||
		    (e && (e < DT_SCM_E_PUB_LEN || e > DT_SCM_E_PUB_TYPE)))
			abort();
		if (v.tmpl >= DT_SCM_MAX_DISC || v.pos >= DT_SCM_MAX_COMPS)
			abort();
		e = dt_schema_pub_check(&sgn[i], &d, NOW_US, &v);
		if (e < 0 || e >= DT_SCM_E_MAX)
			abort();
	}
	return 0;
}
