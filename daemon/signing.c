// SPDX-License-Identifier: GPL-2.0
/* The signing pair: made at start, installed, rotated before expiry. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cert_time.h"
#include "deftd.h"
#include "log.h"

/* Rotations never come closer than this, whatever the certs say. */
#define ROTATE_MIN_GAP_US	(60 * 1000000ULL)
/*
 * DCT switches keys only once a peer confirmed the new cert (2.7 step 4)
 * and otherwise keeps the old one until it expires. A member alone on
 * its link would then sign with an expired key: it switches this long
 * before the old cert ends, confirmed or not.
 */
#define SWITCH_LATEST_US	(60 * 1000000ULL)

/*
 * When to rotate (that long before the signing cert ends: DCT's
 * certOverlap), when to switch at the latest, and the least time between
 * two rotations. Under --signing-lifetime L (tests) all three scale with
 * the short lifetime: L/3, L/10 and L/3.
 */
struct sp_timing {
	u64 overlap_us;
	u64 switch_latest_us;
	u64 min_gap_us;
};

static struct sp_timing sp_timing(const struct deftd *dd)
{
	u64 l = (u64)dd->opts.signing_lifetime_s * 1000000;
	struct sp_timing tm = {
		.overlap_us = DTC_CERT_OVERLAP_US,
		.switch_latest_us = SWITCH_LATEST_US,
		.min_gap_us = ROTATE_MIN_GAP_US,
	};

	if (l) {
		tm.overlap_us = l / 3;
		tm.switch_latest_us = l / 10;
		tm.min_gap_us = l / 3;
	}
	return tm;
}

static void sp_free(struct deftd_sp *sp)
{
	dtc_keypair_wipe(&sp->kp);
	free(sp->cert);
	memset(sp, 0, sizeof(*sp));
}

/* The whole signing chain through the schema, as the kernel will check it. */
static int sp_check(struct deftd *dd, const struct deftd_sp *sp, u64 now_us)
{
	const struct dtc_chain *ch = &dd->id.ch;
	struct dt_data chain[DT_BUNDLE_MAX_CERTS];
	struct dt_schema_signer *sg;
	enum dt_schema_err e;
	unsigned int i, n = 0;

	if (dt_cert_parse(sp->cert, sp->len, 0, &chain[n++]))
		return -EINVAL;
	for (i = ch->n - 1; i >= 2; i--)
		chain[n++] = ch->c[i].d;
	chain[n++] = ch->c[0].d;
	sg = calloc(1, sizeof(*sg));
	if (!sg)
		return -ENOMEM;
	e = dt_schema_signer_init(sg, dd->schema, chain, n, ch->c[0].tp,
				  now_us);
	free(sg);
	if (e) {
		pr_err("the schema refuses our new signing cert (%s)",
		       dt_schema_err_name(e));
		return -EINVAL;
	}
	return 0;
}

/* A fresh pair and its cert, signed by the identity key (2.3). */
static int sp_make(struct deftd *dd, u64 now_us, struct deftd_sp *sp)
{
	const struct dtc_link *id = deftd_id_cert(dd);
	struct dtc_cert_spec spec;
	struct dtc_keypair idk;
	struct dtc_problem p;
	struct dt_data d;
	u8 prefix[1024];
	enum dtc_err e;

	memset(sp, 0, sizeof(*sp));
	if (dtc_signing_spec(&id->d, now_us, prefix, sizeof(prefix), &spec,
			     &p) ||
	    dtc_keypair_from_sk(&idk, dd->id.ch.key, dd->id.ch.key_len, &p)) {
		pr_err("no signing cert can be made: %s", p.msg);
		return -EINVAL;
	}
	if (dd->opts.signing_lifetime_s &&
	    spec.end_us > now_us + dd->opts.signing_lifetime_s * 1000000ULL)
		spec.end_us = now_us + dd->opts.signing_lifetime_s * 1000000ULL;
	dtc_keypair_new(&sp->kp);
	spec.content = sp->kp.pk;
	spec.content_len = sizeof(sp->kp.pk);
	spec.signer_sk = idk.sk;
	spec.signer_tp = id->tp;
	e = dtc_cert_build(&spec, &sp->cert, &sp->len, &p);
	dtc_keypair_wipe(&idk);
	if (e) {
		pr_err("no signing cert can be made: %s", p.msg);
		sp_free(sp);
		return -EINVAL;
	}
	if (dt_cert_parse(sp->cert, sp->len, 0, &d) ||
	    dt_validity_parse(d.si.not_after, &sp->not_after) ||
	    sp_check(dd, sp, now_us)) {
		sp_free(sp);
		return -EINVAL;
	}
	dt_thumbprint(sp->cert, sp->len, sp->tp);
	return 0;
}

/* Our signing cert joins the store without the re-publish hook (2.7 step 3). */
static int sp_store(struct deftd *dd, const struct deftd_sp *sp,
		    unsigned int flags)
{
	bool full;

	if (!deftd_store_add(&dd->trust.store, sp->cert, (u32)sp->len,
			     DEFTD_CERT_LOCAL | DEFTD_CERT_SIGNING | flags,
			     &full)) {
		pr_err("our signing cert does not fit in the cert store");
		return -ENOMEM;
	}
	return 0;
}

static void schedule_rotation(struct deftd *dd, u64 now_us)
{
	u64 end = (u64)dd->cur.not_after * 1000000;
	struct sp_timing tm = sp_timing(dd);
	char t[DTC_TIME_TEXT];

	dd->rotate_at_us = end > tm.overlap_us ? end - tm.overlap_us : 0;
	if (dd->rotate_at_us < now_us + tm.min_gap_us)
		dd->rotate_at_us = now_us + tm.min_gap_us;
	dtc_time_text(dd->rotate_at_us, t);
	pr_debug("next signing key rotation at %s", t);
}

static void log_key(const char *what, const struct deftd_sp *sp)
{
	char t[DTC_TIME_TEXT];

	dtc_time_text((u64)sp->not_after * 1000000, t);
	pr_info("%s signing key %08x, valid until %s", what,
		dt_get_be32(sp->tp), t);
}

/*
 * A zone taken over still signs with the earlier deftd's key, which its
 * peers know. Installing a new key at once would sign Publications that
 * they cannot check until our new cert has reached them (a cert cState
 * can take seconds to come): their kernels would drop them, and a reply
 * might not outlive that. So while the earlier key lasts, the new one
 * goes the way of a rotation (2.7): published (deftd_signing_publish_next),
 * switched to once a peer confirms it, at the latest shortly before the
 * earlier key expires. cur stands for the earlier key meanwhile: its
 * thumbprint and end, no secret.
 */
static bool keep_taken_over_key(struct deftd *dd, u64 now_us)
{
	return dd->took_key &&
	       (u64)dd->took.not_after * 1000000 >
	       now_us + sp_timing(dd).switch_latest_us;
}

int deftd_signing_start(struct deftd *dd)
{
	u64 now = dt_now_us();
	bool wait = keep_taken_over_key(dd, now);
	struct deftd_sp *sp = wait ? &dd->next : &dd->cur;

	if (dd->opts.signing_lifetime_s)
		pr_notice("signing keys live %u s (--signing-lifetime, for tests)",
			  dd->opts.signing_lifetime_s);
	if (sp_make(dd, now, sp))
		return -1;
	if (sp_store(dd, sp, wait ? 0 : DEFTD_CERT_INSTALLED)) {
		sp_free(sp);
		return -1;
	}
	if (wait) {
		memcpy(dd->cur.tp, dd->took.tp, DT_THUMBPRINT_LEN);
		dd->cur.not_after = dd->took.not_after;
		dd->have_next = true;
		dd->switch_at_us = (u64)dd->took.not_after * 1000000 -
				   sp_timing(dd).switch_latest_us;
		log_key("made", &dd->next);
		pr_info("signing on with the earlier deftd's key %08x until a peer has our new cert",
			dt_get_be32(dd->cur.tp));
		return 0;
	}
	if (deftd_zone_set_key(dd, &dd->cur))
		return -1;
	log_key("installed", &dd->cur);
	schedule_rotation(dd, now);
	return 0;
}

/* 2.7 step 4: the new pair signs from now on; expired certs go. */
static void switch_key(struct deftd *dd, u64 now_us)
{
	struct deftd_cert *c;
	unsigned int n;

	if (deftd_zone_set_key(dd, &dd->next)) {
		dd->exit_code = DEFTD_EXIT_FAIL;
		dd->stop = true;
		return;
	}
	c = deftd_store_find(&dd->trust.store, dd->next.tp);
	if (c)
		c->flags |= DEFTD_CERT_INSTALLED;
	sp_free(&dd->cur);
	dd->cur = dd->next;
	memset(&dd->next, 0, sizeof(dd->next));
	dd->have_next = false;
	dd->switch_at_us = 0;
	log_key("switched to", &dd->cur);
	n = deftd_trust_purge(&dd->trust, now_us, dd->cur.tp);
	if (n)
		pr_info("%u expired certs purged", n);
	n = deftd_zone_purge_inherited(dd, now_us);
	if (n)
		pr_info("%u expired signers of an earlier deftd deleted", n);
	schedule_rotation(dd, now_us);
}

/* 2.7 steps 1-3: a new pair, published; installed once confirmed. */
static void rotate(struct deftd *dd, u64 now_us)
{
	u64 end = (u64)dd->cur.not_after * 1000000;
	struct sp_timing tm = sp_timing(dd);

	dd->rotate_at_us = 0;
	if (sp_make(dd, now_us, &dd->next) ||
	    sp_store(dd, &dd->next, 0)) {
		sp_free(&dd->next);
		dd->exit_code = DEFTD_EXIT_FAIL;
		dd->stop = true;
		return;
	}
	dd->have_next = true;
	log_key("made", &dd->next);
	dd->switch_at_us = end > tm.switch_latest_us ?
			   end - tm.switch_latest_us : now_us;
	if (dd->switch_at_us <= now_us ||
	    deftd_dist_publish(dd, dd->next.cert, (u32)dd->next.len,
			       dd->next.tp, DEFTD_PUB_ROTATION))
		switch_key(dd, now_us);
}

/* Once the initial certs are out (main.c): a new key waiting since start. */
void deftd_signing_publish_next(struct deftd *dd)
{
	if (dd->have_next &&
	    deftd_dist_publish(dd, dd->next.cert, (u32)dd->next.len,
			       dd->next.tp, DEFTD_PUB_ROTATION))
		switch_key(dd, dt_now_us());
}

void deftd_signing_timer(struct deftd *dd, u64 now_us)
{
	if (dd->have_next && now_us >= dd->switch_at_us) {
		pr_notice("no peer confirmed our new signing cert; switching before the old one expires");
		switch_key(dd, now_us);
	}
	if (!dd->have_next && dd->rotate_at_us && now_us >= dd->rotate_at_us)
		rotate(dd, now_us);
}

void deftd_signing_confirmed(struct deftd *dd, const u8 tp[DT_THUMBPRINT_LEN])
{
	if (dd->have_next && !memcmp(tp, dd->next.tp, DT_THUMBPRINT_LEN))
		switch_key(dd, dt_now_us());
}

void deftd_signing_free(struct deftd *dd)
{
	sp_free(&dd->cur);
	sp_free(&dd->next);
	dd->have_next = false;
}
