// SPDX-License-Identifier: GPL-2.0
/* A zone's signers: installing validated signing chains, the own signing key, lookups. */
#include <linux/slab.h>
#include <net/netlink.h>

#include "core/ids.h"
#include "core/schema.h"
#include "deftt.h"

/*
 * Signers are kept on a list under zs->lock: at most DEFTT_MAX_SIGNERS,
 * looked up by thumbprint once per received Publication or keyed cAdd.
 * The chain checks (schema templates, correspondences, signatures,
 * validity) run before the lock is taken: they cost one Ed25519 verify
 * per cert and must not hold up the receive path.
 */

struct deftt_signer *deftt_signer_find(struct deftt_sync *zs,
				       const u8 tp[DT_THUMBPRINT_LEN])
{
	struct deftt_signer *s;

	list_for_each_entry(s, &zs->signers, node)
		if (!memcmp(s->sg->tp, tp, DT_THUMBPRINT_LEN))
			return s;
	return NULL;
}

/* dt_keys' lookup: the signature managers' view of the signers. */
int deftt_signer_lookup(void *ctx, const u8 tp[DT_THUMBPRINT_LEN],
			u8 pk[DT_ED25519_PK_LEN])
{
	struct deftt_signer *s = deftt_signer_find(ctx, tp);

	if (!s)
		return -ENOKEY;
	memcpy(pk, s->sg->pk, DT_ED25519_PK_LEN);
	return 0;
}

static void deftt_signer_free(struct deftt_signer *s)
{
	if (!s)
		return;
	kvfree(s->sg);
	kfree(s->name);
	kfree(s);
}

/* One sentence per reason a signing chain is refused (schema.md 6.4). */
static const char *deftt_chain_problem(enum dt_schema_err err)
{
	switch (err) {
	case DT_SCM_E_CERT_FORM:
		return "signing chain is too long";
	case DT_SCM_E_CERT_SIGTYPE:
		return "a chain cert is not signed with the schema's cert validator";
	case DT_SCM_E_CERT_SIGNER:
		return "a chain cert is not signed by the next cert of the chain";
	case DT_SCM_E_CERT_ANCHOR:
		return "the chain holds a self-signed cert below the trust anchor";
	case DT_SCM_E_CERT_TRUST:
		return "the chain does not end at this zone's trust anchor";
	case DT_SCM_E_CERT_SCHEMA:
		return "a schema cert cannot sign Publications";
	case DT_SCM_E_CERT_TIME:
		return "a chain cert is not valid now";
	case DT_SCM_E_CERT_SIG:
		return "a chain cert's signature does not verify";
	case DT_SCM_E_CERT_NO_TEMPLATE:
		return "a chain cert's name matches no cert template of the schema";
	case DT_SCM_E_CERT_CHAIN:
		return "the chain matches no signing chain of the schema";
	case DT_SCM_E_CERT_CHAIN_COR:
		return "the chain breaks a correspondence of the schema";
	case DT_SCM_E_CERT_BUILD:
		return "the schema gives this signer no Publication templates";
	default:
		return "the signing chain does not fit the schema";
	}
}

/*
 * Parses and checks a signing chain (signing cert first, the zone's
 * anchor appended) into a new signer. sk, if given, must be the signing
 * cert's key: seed and public half.
 */
static struct deftt_signer *
deftt_signer_make(struct deftt_zone *z, const u8 *const *certs,
		  const u32 *lens, unsigned int n, const u8 *sk,
		  struct netlink_ext_ack *extack, int *errp)
{
	u8 pk[DT_ED25519_PK_LEN], sk2[DT_ED25519_SK_LEN];
	struct deftt_signer *s = NULL;
	struct dt_data *d;
	unsigned int i;
	int err;

	*errp = -EINVAL;
	if (!n || n + 1 > DT_SCM_MAX_CHAIN_LEN) {
		NL_SET_ERR_MSG(extack, "signing chain must hold 1 to 15 certs");
		return NULL;
	}
	d = kcalloc(n + 1, sizeof(*d), GFP_KERNEL);
	if (!d)
		goto nomem;
	for (i = 0; i < n; i++) {
		if (dt_cert_parse(certs[i], lens[i], 0, &d[i])) {
			NL_SET_ERR_MSG(extack, "a chain cert is not a valid certificate");
			goto out;
		}
	}
	if (dt_cert_parse(z->anchor, z->anchor_len, DT_CERT_F_ANCHOR, &d[n]))
		goto out;
	if (sk) {
		dt_ed25519_keypair(pk, sk2, sk);
		memzero_explicit(sk2, sizeof(sk2));
		if (memcmp(pk, sk + DT_ED25519_SEED_LEN, DT_ED25519_PK_LEN) ||
		    d[0].content_len != DT_ED25519_PK_LEN ||
		    memcmp(pk, dt_data_content(&d[0]), DT_ED25519_PK_LEN)) {
			NL_SET_ERR_MSG(extack, "signing key does not belong to the signing cert");
			goto out;
		}
	}

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		goto nomem;
	s->sg = kvzalloc(sizeof(*s->sg), GFP_KERNEL);
	s->name_size = d[0].name.size;
	s->name = kmemdup(d[0].name.tlv, s->name_size, GFP_KERNEL);
	if (!s->sg || !s->name)
		goto nomem;
	err = dt_schema_signer_init(s->sg, z->schema, d, n + 1, z->anchor_tp,
				    dt_now_us());
	if (err) {
		if (extack)
			extack->_msg = deftt_chain_problem(err);
		goto out;
	}
	kfree(d);
	return s;

nomem:
	*errp = -ENOMEM;
out:
	deftt_signer_free(s);
	kfree(d);
	return NULL;
}

/*
 * Installs a signer; with sk it becomes the zone's own signing identity
 * (the previous own signer stays, as a signer, for the Publications it
 * already signed). Held Publications of every collection are retried.
 */
int deftt_signer_add(struct deftt_zone *z, const u8 *const *certs,
		     const u32 *lens, unsigned int n, const u8 *sk,
		     struct netlink_ext_ack *extack)
{
	struct deftt_sync *zs = &z->sync;
	struct deftt_signer *s, *old;
	unsigned int i;
	int err;

	s = deftt_signer_make(z, certs, lens, n, sk, extack, &err);
	if (!s)
		return err;

	mutex_lock(&zs->lock);
	if (zs->dead) {
		err = -ENODEV;
		goto out_free;
	}
	old = deftt_signer_find(zs, s->sg->tp);
	if (old && !sk) {
		NL_SET_ERR_MSG(extack, "this signer is installed already");
		err = -EEXIST;
		goto out_free;
	}
	if (!old && zs->nsigners >= DEFTT_MAX_SIGNERS) {
		NL_SET_ERR_MSG(extack, "the zone has the most signers it can hold");
		err = -ENOSPC;
		goto out_free;
	}
	if (sk) {
		err = dt_keys_set_signer(&zs->keys, sk, s->sg->tp);
		if (err) {
			NL_SET_ERR_MSG(extack, "signing key is not usable");
			goto out_free;
		}
		if (zs->self)
			zs->self->self = false;
	}
	if (old) {
		/* The own cert installed again, with its key: keep one copy. */
		deftt_signer_free(s);
		s = old;
	} else {
		list_add_tail(&s->node, &zs->signers);
		zs->nsigners++;
	}
	if (sk) {
		s->self = true;
		zs->self = s;
		memcpy(zs->self_tp, s->sg->tp, DT_THUMBPRINT_LEN);
	}
	/* the key collections first, then msgs (distributors.md 1.1) */
	for (i = 0; i < DEFTT_NCOLL; i++) {
		struct deftt_coll *c = &zs->coll[(i + DEFTT_COLL_KEYS_PDUS) %
						 DEFTT_NCOLL];

		if (c->started)
			dt_sync_signer_added(c->eng, dt_now_us());
	}
	deftt_sync_rearm(zs);
	deftt_event_signer(z, DEFTT_CMD_SIGNER_ADD, s);
	mutex_unlock(&zs->lock);
	return 0;

out_free:
	mutex_unlock(&zs->lock);
	deftt_signer_free(s);
	return err;
}

int deftt_signer_del(struct deftt_zone *z, const u8 tp[DT_THUMBPRINT_LEN])
{
	struct deftt_sync *zs = &z->sync;
	struct deftt_signer *s;
	int err = 0;

	mutex_lock(&zs->lock);
	s = deftt_signer_find(zs, tp);
	if (!s) {
		err = -ENOENT;
	} else if (s == zs->self) {
		err = -EBUSY;
	} else {
		list_del(&s->node);
		zs->nsigners--;
	}
	if (!err)
		deftt_event_signer(z, DEFTT_CMD_SIGNER_DEL, s);
	mutex_unlock(&zs->lock);
	if (!err)
		deftt_signer_free(s);
	return err;
}

/* Teardown, with nothing running on the zone any more. */
void deftt_signers_free(struct deftt_sync *zs)
{
	struct deftt_signer *s, *tmp;

	list_for_each_entry_safe(s, tmp, &zs->signers, node) {
		list_del(&s->node);
		deftt_signer_free(s);
	}
	zs->nsigners = 0;
	zs->self = NULL;
	dt_keys_wipe(&zs->keys);
}
