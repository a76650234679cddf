/* SPDX-License-Identifier: GPL-2.0 */
/* Test helper: a trust-domain member from the vectors (bundle, schema, chain). */
#ifndef _DEFTT_TEST_SCHEMA_MEMBER_H
#define _DEFTT_TEST_SCHEMA_MEMBER_H

#include "schema.h"
#include "bundle.h"

/* 2026-11-22T01:00:00Z, the clock of objects/ (vectors README). */
#define SM_NOW_US	1795309200000000ULL

struct sm_member {
	u8 *bundle;
	size_t blen;
	struct dt_bundle b;
	struct dt_schema *s;
	u8 *scm;		/* schema file when not the bundle's */
	u8 sc[1024];		/* signing cert */
	size_t sclen;
	u8 sk[64];		/* its secret key */
	struct dt_data chain[DT_SCM_MAX_CHAIN_LEN];
	unsigned int n;
	u8 anchor_tp[32];
	struct dt_schema_signer *sg;
};

/*
 * Loads ids/<dir>/<name>.bundle; the signing cert is
 * objects/<dir>/<name>/signing_cert.bin when that exists, else one made
 * like DCT's getSigningPair() with a key from a fixed seed. Parses the
 * chain (signing cert first) and installs the signer at SM_NOW_US.
 * Returns the signer-install result, or -1 if files are missing.
 */
int sm_load(struct sm_member *m, const char *dir, const char *name);
/* The same with the schema read from a vectors file instead (e.g. the
 * relay members' chains under the other relay schema).
 */
int sm_load_with(struct sm_member *m, const char *dir, const char *name,
		 const char *scm_rel);
void sm_free(struct sm_member *m);

/*
 * A signing cert under identity cert id (signed by id_sk): id's prefix
 * with component 1 replaced by r1 and 2 by r2 when non-NULL, plus "sgn".
 * zero_tp makes it self-signed-looking (KeyDigest all zero). Returns its
 * length or -1.
 */
int sm_make_signing_cert(u8 *out, size_t cap, const struct dt_data *id,
			 const u8 id_sk[64], const char *r1, const char *r2,
			 bool zero_tp, const u8 sk[64], u64 now_us);

/* Re-signs cert buf in place with sk and re-parses it into d. */
int sm_resign(u8 *buf, size_t len, const u8 sk[64], struct dt_data *d);

/* Re-parses chain[0..n) from the given signing cert and m's bundle. */
int sm_chain(struct sm_member *m, const u8 *sc, size_t sclen);

#endif
