// SPDX-License-Identifier: GPL-2.0
/* Sealing and opening cAdds, and validating received Publications, per collection. */
#include <linux/slab.h>

#include "core/ids.h"
#include "core/murmur3.h"
#include "core/schema.h"
#include "core/sigmgr.h"
#include "deftt.h"

/*
 * The engines call these from inside dt_sync_on_cadd() and friends, under
 * zs->lock in process context (rx_work, tick_work, a socket's sendmsg):
 * never in softirq.
 *
 * Receive order (architecture.md): open() checks the cAdd's MAC, AEAD or
 * signature and then verifies the Ed25519 signatures of all Publications
 * it carries in one batch; validate() then runs per Publication: signer
 * known (else the engine's noSigner hold), the schema's templates, and
 * the signature verdict from the batch (or a single verify for a
 * Publication checked outside a cAdd, e.g. one released from the hold).
 */

#define DEFTT_BATCH_MAX		DEFTT_VERIFY_BATCH

static struct deftt_coll *ctx_coll(void *ctx)
{
	return ctx;
}

int deftt_op_seal(void *ctx, u8 *buf, const struct dt_data *d)
{
	struct deftt_coll *c = ctx_coll(ctx);

	return dt_sig_sign(&c->pdu_mgr, &c->z->sync.keys, buf, d);
}

/* Batch-verifies the keyed signatures of the Publications in a cAdd. */
static void deftt_batch_verify(struct deftt_coll *c, const u8 *content,
			       u32 len)
{
	struct deftt_sync *zs = &c->z->sync;
	struct deftt_batch *b = zs->batch;
	struct dt_pub_iter it;
	unsigned int npubs, n = 0;
	const u8 *p;
	size_t plen;
	struct dt_data d;

	b->n = 0;
	if (!dt_sig_keyed(c->pub_mgr.type) ||
	    dt_cadd_check_content(content, len, &npubs))
		return;
	dt_pub_iter_init(&it, content, len);
	while (n < DEFTT_BATCH_MAX && dt_pub_next(&it, &p, &plen)) {
		/* One the collection holds is a duplicate: nothing to verify. */
		if (dt_sync_has(c->eng, dt_pub_hash(p, plen), NULL))
			continue;
		if (dt_data_parse(p, plen, DT_KIND_ANY, 0, &d) ||
		    dt_sig_ed25519_item(&c->pub_mgr, &zs->keys, &d, b->pk[n],
					&b->items[n]))
			continue;
		b->pub[n++] = p;
	}
	if (!n)
		return;
	dt_ed25519_verify_batch(b->items, n, b->ok, b->scratch);
	b->n = n;
	deftt_zone_stat(c->z, DEFTT_A_STAT_RX_VERIFIED, n);
}

int deftt_op_open(void *ctx, u8 *buf, const struct dt_data *d)
{
	struct deftt_coll *c = ctx_coll(ctx);
	struct deftt_sync *zs = &c->z->sync;
	enum dt_wire_err w;

	w = dt_sig_validate(&c->pdu_mgr, &zs->keys, buf, d,
			    buf + d->off_content);
	if (w) {
		deftt_zone_drop(c->z, DEFTT_DROP_PDU_AUTH);
		return -EBADMSG;
	}
	if (c->idx != DEFTT_COLL_CERT)
		deftt_batch_verify(c, buf + d->off_content, d->content_len);
	return 0;
}

/* The batch's verdict on pub (by its address), or 1 if it has none. */
static int deftt_batch_verdict(struct deftt_sync *zs, const u8 *pub)
{
	struct deftt_batch *b = zs->batch;
	unsigned int i;

	for (i = 0; i < b->n; i++)
		if (b->pub[i] == pub)
			return b->ok[i];
	return 1;
}

/* A member's cert, a trust anchor or a schema cert (the cert collection). */
bool deftt_cert_parses(const u8 *buf, size_t len)
{
	struct dt_data d;

	return !dt_cert_parse(buf, len, 0, &d) ||
	       !dt_cert_parse(buf, len, DT_CERT_F_ANCHOR, &d) ||
	       !dt_cert_parse(buf, len, DT_CERT_F_SCHEMA, &d);
}

/* Certs are self-authenticating: the daemon validates their chains. */
static enum dt_sync_verdict deftt_validate_cert(struct deftt_coll *c,
						const struct dt_data *pub)
{
	if (deftt_cert_parses(pub->buf, pub->size))
		return DT_SYNC_VALID;
	deftt_zone_drop(c->z, DEFTT_DROP_SCHEMA);
	return DT_SYNC_INVALID;
}

/*
 * A Publication of a symmetric type (AEAD, AEGIS) names no signer: only
 * its tag can be checked, on a copy (the collection keeps the ciphertext).
 */
static enum dt_sync_verdict deftt_validate_sym(struct deftt_coll *c,
					       const struct dt_data *pub)
{
	struct deftt_sync *zs = &c->z->sync;
	struct dt_data d;

	memcpy(zs->scratch, pub->buf, pub->size);
	if (dt_data_parse(zs->scratch, pub->size, DT_KIND_ANY, 0, &d) ||
	    dt_sig_decrypt(&c->pub_mgr, &zs->keys, zs->scratch, &d,
			   zs->scratch + d.off_content)) {
		deftt_zone_drop(c->z, DEFTT_DROP_SIGNATURE);
		return DT_SYNC_INVALID;
	}
	return DT_SYNC_VALID;
}

/*
 * msgs: signer, the schema's rules for that signer, signature. The key
 * collections: signer and signature only; their names are the
 * distributor's (distributors.md 4.2), not the schema's, and the daemon
 * judges who may say what there (keymaker priority, relays).
 */
enum dt_sync_verdict deftt_op_validate(void *ctx, const struct dt_data *pub)
{
	struct deftt_coll *c = ctx_coll(ctx);
	struct deftt_sync *zs = &c->z->sync;
	bool msgs = c->idx == DEFTT_COLL_MSGS;
	struct dt_scm_verdict v;
	struct deftt_signer *s;
	int ok;

	if (c->idx == DEFTT_COLL_CERT)
		return deftt_validate_cert(c, pub);
	if (msgs && pub->content_type != DT_CT_BLOB) {
		deftt_zone_drop(c->z, DEFTT_DROP_SCHEMA);
		return DT_SYNC_INVALID;
	}
	if (!dt_sig_keyed(c->pub_mgr.type))
		return deftt_validate_sym(c, pub);
	if (pub->si.type != c->pub_mgr.type || !pub->si.key_digest) {
		deftt_zone_drop(c->z, DEFTT_DROP_SIGNATURE);
		return DT_SYNC_INVALID;
	}
	s = deftt_signer_find(zs, pub->si.key_digest);
	if (!s)
		return DT_SYNC_NO_SIGNER;
	if (msgs && dt_schema_pub_check(s->sg, pub, dt_now_us(), &v)) {
		deftt_zone_drop(c->z, DEFTT_DROP_SCHEMA);
		return DT_SYNC_INVALID;
	}
	ok = deftt_batch_verdict(zs, pub->buf);
	if (ok > 0) {
		ok = dt_sig_verify(&c->pub_mgr, &zs->keys, pub) ? -EBADMSG : 0;
		deftt_zone_stat(c->z, DEFTT_A_STAT_RX_VERIFIED, 1);
	}
	if (ok) {
		deftt_zone_drop(c->z, DEFTT_DROP_SIGNATURE);
		return DT_SYNC_INVALID;
	}
	return DT_SYNC_VALID;
}

/*
 * The cert collection (distributors.md 3.1): a cert lives until its
 * NotAfter. The engine ages Publications from a creation time over one
 * fixed lifetime, so a cert is given the creation time NotAfter minus
 * that lifetime: it is then neither "from the future" nor expired before
 * NotAfter, and leaves the collection exactly then.
 */
int deftt_op_created(void *ctx, const struct dt_data *pub, u64 *us)
{
	s64 secs;

	if (!pub->si.not_after ||
	    dt_validity_parse(pub->si.not_after, &secs) || secs <= 0)
		return -EINVAL;
	if ((u64)secs * USEC_PER_SEC < DEFTT_CERT_LIFETIME_US)
		return -EINVAL;
	*us = (u64)secs * USEC_PER_SEC - DEFTT_CERT_LIFETIME_US;
	return 0;
}
