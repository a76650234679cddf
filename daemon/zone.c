// SPDX-License-Identifier: GPL-2.0
/* deftd's zone in the kernel: make or find it, set keys, add signers. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "deftd.h"
#include "log.h"

struct zone_reply {
	u32 zone;
	bool got;
};

static int zone_index_cb(struct nlattr **tb, void *arg)
{
	struct zone_reply *r = arg;

	if (tb[DEFTT_A_ZONE_INDEX]) {
		r->zone = nla_get_u32(tb[DEFTT_A_ZONE_INDEX]);
		r->got = true;
	}
	return 0;
}

struct zone_find {
	const struct deftd *dd;
	u32 zone;
	bool found;
	bool differs;		/* its group, port or owner are not ours */
	struct deftd_km km[2];	/* keys/pdus, keys/msgs */
};

/* One DEFTT_A_COLL: the keymaker a key collection follows, if set. */
static void keymaker_of(struct nlattr *nest, struct deftd_km *km)
{
	struct nlattr *tb[DEFTT_A_MAX + 1];
	struct nlattr *coll;
	u32 c;

	if (nla_parse_nested(tb, DEFTT_A_MAX, nest, NULL) < 0)
		return;
	coll = tb[DEFTT_A_COLL_INDEX];
	if (!coll || !tb[DEFTT_A_KM_SIGNER] || !tb[DEFTT_A_KM_EPOCH] ||
	    nla_len(tb[DEFTT_A_KM_SIGNER]) != DT_THUMBPRINT_LEN)
		return;
	c = nla_get_u32(coll);
	if (c != DEFTT_COLL_KEYS_PDUS && c != DEFTT_COLL_KEYS_MSGS)
		return;
	km += c == DEFTT_COLL_KEYS_MSGS;
	memcpy(km->tp, nla_data(tb[DEFTT_A_KM_SIGNER]), DT_THUMBPRINT_LEN);
	km->epoch = nla_get_u64(tb[DEFTT_A_KM_EPOCH]);
	km->set = true;
}

/*
 * Whom the key collections follow, as DEFTT_CMD_ZONE_SET told the kernel:
 * ZONE_GET reports it in each key collection's DEFTT_A_COLL.
 */
static void zone_keymakers(struct nlattr **tb, struct deftd_km *km)
{
	struct nlattr *c;
	int rem;

	if (!tb[DEFTT_A_ZONE_COLLS])
		return;
	nla_for_each_nested(c, tb[DEFTT_A_ZONE_COLLS], rem)
		if (nla_type(c) == DEFTT_A_COLL)
			keymaker_of(c, km);
}

static bool attr_differs(struct nlattr *a, const void *want, size_t len)
{
	return a && (nla_len(a) != (int)len || memcmp(nla_data(a), want, len));
}

static int zone_find_cb(struct nlattr **tb, void *arg)
{
	struct zone_find *f = arg;
	const struct deftd_config *c = &f->dd->conf;
	struct nlattr *id = tb[DEFTT_A_ZONE_ID];

	if (f->found || !tb[DEFTT_A_ZONE_INDEX] || !tb[DEFTT_A_ZONE_IFINDEX] ||
	    !id || nla_len(id) != DEFTT_ZONE_ID_LEN)
		return 0;
	if (nla_get_u32(tb[DEFTT_A_ZONE_IFINDEX]) != f->dd->ifindex ||
	    memcmp(nla_data(id), f->dd->zone_id, DEFTT_ZONE_ID_LEN))
		return 0;
	f->found = true;
	f->zone = nla_get_u32(tb[DEFTT_A_ZONE_INDEX]);
	zone_keymakers(tb, f->km);
	if ((c->set & DEFTD_CONF_GROUP) &&
	    attr_differs(tb[DEFTT_A_ZONE_GROUP], &c->group, sizeof(c->group)))
		f->differs = true;
	if ((c->set & DEFTD_CONF_PORT) && tb[DEFTT_A_ZONE_PORT] &&
	    nla_get_u16(tb[DEFTT_A_ZONE_PORT]) != c->port)
		f->differs = true;
	if ((c->set & DEFTD_CONF_OWNER_UID) && tb[DEFTT_A_ZONE_OWNER_UID] &&
	    nla_get_u32(tb[DEFTT_A_ZONE_OWNER_UID]) != c->owner_uid)
		f->differs = true;
	if ((c->set & DEFTD_CONF_OWNER_GID) && tb[DEFTT_A_ZONE_OWNER_GID] &&
	    nla_get_u32(tb[DEFTT_A_ZONE_OWNER_GID]) != c->owner_gid)
		f->differs = true;
	return 0;
}

/*
 * A zone of ours that a deftd killed without a chance to clean up left
 * behind: same interface, same zone id. It is taken over as it is.
 */
static int zone_find(struct deftd *dd, bool ours)
{
	struct zone_find f = { .dd = dd };
	struct nl_msg *m;
	int err;

	m = deftd_nl_msg(&dd->nl, DEFTT_CMD_ZONE_GET, true, 0);
	if (!m)
		return -ENOMEM;
	err = deftd_nl_talk(&dd->nl, m, zone_find_cb, &f);
	if (err) {
		deftd_nl_report(&dd->nl, LOG_ERR, DEFTT_CMD_ZONE_GET, err);
		return err;
	}
	if (!f.found) {
		pr_err("the kernel has a zone with id %016llx on %s but does not list it",
		       (unsigned long long)dt_get_be64(dd->zone_id),
		       dd->conf.iface);
		return -ENOENT;
	}
	dd->zone = f.zone;
	if (ours)
		return 0;
	memcpy(dd->took_km, f.km, sizeof(f.km));
	pr_notice("zone %u on %s was left by an earlier deftd: taking it over",
		  dd->zone, dd->conf.iface);
	if (f.differs)
		pr_warn("zone %u keeps the group, port or owner it was made with; delete it (deftadm) to apply the configured ones",
			dd->zone);
	return 0;
}

static int inherit_cb(struct nlattr **tb, void *arg)
{
	struct nlattr *tp = tb[DEFTT_A_SIGNER_THUMBPRINT];
	struct deftd *dd = arg;
	struct deftd_inherited *e;

	if (!tp || nla_len(tp) != DT_THUMBPRINT_LEN ||
	    !tb[DEFTT_A_SIGNER_NOT_AFTER] || dd->ninh == DEFTT_MAX_SIGNERS)
		return 0;
	e = &dd->inh[dd->ninh++];
	memcpy(e->tp, nla_data(tp), DT_THUMBPRINT_LEN);
	e->not_after = (s64)nla_get_u64(tb[DEFTT_A_SIGNER_NOT_AFTER]);
	if (tb[DEFTT_A_SIGNER_SELF] && nla_get_u8(tb[DEFTT_A_SIGNER_SELF])) {
		dd->took = *e;
		dd->took_key = true;
	}
	return 0;
}

/*
 * A zone taken over keeps the signers the earlier deftd installed: its
 * signing keys, which no cert will ever bring back to us (our own are
 * ignored, 3.3 step 4), and the peers', whose certs the cert collection
 * hands us again. Left alone, the former would stay for good, one more
 * per restart. All are noted and deleted once expired, when our purge
 * (2.7 step 4) would have deleted them; a peer's that went already is
 * simply not found.
 */
static void zone_inherit(struct deftd *dd)
{
	struct nl_msg *m;
	int err;

	dd->inh = calloc(DEFTT_MAX_SIGNERS, sizeof(*dd->inh));
	m = dd->inh ? deftd_nl_msg(&dd->nl, DEFTT_CMD_SIGNER_GET, true, 0) :
	    NULL;
	if (!m || nla_put_u32(m, DEFTT_A_ZONE_INDEX, dd->zone)) {
		if (m)
			nlmsg_free(m);
		pr_warn("zone %u: out of memory: the signers installed before stay",
			dd->zone);
		return;
	}
	err = deftd_nl_talk(&dd->nl, m, inherit_cb, dd);
	if (err)
		deftd_nl_report(&dd->nl, LOG_WARNING, DEFTT_CMD_SIGNER_GET,
				err);
	pr_info("zone %u: %u signers installed before; each goes once expired",
		dd->zone, dd->ninh);
}

unsigned int deftd_zone_purge_inherited(struct deftd *dd, u64 now_us)
{
	s64 now_s = (s64)(now_us / 1000000);
	unsigned int i = 0, k = 0;

	while (i < dd->ninh) {
		if (dd->inh[i].not_after >= now_s) {
			i++;
			continue;
		}
		deftd_signer_del(dd, dd->inh[i].tp);
		dd->inh[i] = dd->inh[--dd->ninh];
		k++;
	}
	return k;
}

void deftd_zone_free(struct deftd *dd)
{
	free(dd->inh);
	dd->inh = NULL;
	dd->ninh = 0;
}

int deftd_zone_open(struct deftd *dd)
{
	const struct dtc_chain *ch = &dd->id.ch;
	const struct deftd_config *c = &dd->conf;
	struct zone_reply r = { 0 };
	struct nl_msg *m;
	int err;

	m = deftd_nl_msg(&dd->nl, DEFTT_CMD_ZONE_NEW, false,
			 ch->c[0].len + ch->c[1].len);
	if (!m)
		return -ENOMEM;
	if (nla_put_u32(m, DEFTT_A_ZONE_IFINDEX, dd->ifindex) ||
	    nla_put(m, DEFTT_A_ZONE_TRUST_ANCHOR, ch->c[0].len, ch->c[0].buf) ||
	    nla_put(m, DEFTT_A_ZONE_SCHEMA_CERT, ch->c[1].len, ch->c[1].buf) ||
	    ((c->set & DEFTD_CONF_GROUP) &&
	     nla_put(m, DEFTT_A_ZONE_GROUP, sizeof(c->group), &c->group)) ||
	    ((c->set & DEFTD_CONF_PORT) &&
	     nla_put_u16(m, DEFTT_A_ZONE_PORT, c->port)) ||
	    ((c->set & DEFTD_CONF_OWNER_UID) &&
	     nla_put_u32(m, DEFTT_A_ZONE_OWNER_UID, c->owner_uid)) ||
	    ((c->set & DEFTD_CONF_OWNER_GID) &&
	     nla_put_u32(m, DEFTT_A_ZONE_OWNER_GID, c->owner_gid))) {
		nlmsg_free(m);
		return -EMSGSIZE;
	}
	err = deftd_nl_talk(&dd->nl, m, zone_index_cb, &r);
	if (err == -EEXIST) {
		err = zone_find(dd, false);
		if (!err)
			zone_inherit(dd);
		return err;
	}
	if (err) {
		deftd_nl_report(&dd->nl, LOG_ERR, DEFTT_CMD_ZONE_NEW, err);
		return err;
	}
	dd->zone_made = true;
	dd->zone = r.zone;
	/* the reply should name it; if it does not, look it up */
	if (!r.got) {
		err = zone_find(dd, true);
		if (err)
			return err;
	}
	pr_notice("zone %u made on %s (id %016llx)", dd->zone, c->iface,
		  (unsigned long long)dt_get_be64(dd->zone_id));
	return 0;
}

/* DEFTT_A_ZONE_SIGNING_CHAIN: one DEFTT_A_CHAIN_CERT per cert, in order. */
static int put_chain(struct nl_msg *m, const u8 *const *buf, const u32 *len,
		     unsigned int n)
{
	struct nlattr *nest = nla_nest_start(m, DEFTT_A_ZONE_SIGNING_CHAIN);
	unsigned int i;

	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < n; i++)
		if (nla_put(m, DEFTT_A_CHAIN_CERT, len[i], buf[i]))
			return -EMSGSIZE;
	nla_nest_end(m, nest);
	return 0;
}

/*
 * Our signing key and chain: the signing cert, then the identity cert and
 * up the identity chain, without the anchor (c[0]) and the schema (c[1]).
 */
int deftd_zone_set_key(struct deftd *dd, const struct deftd_sp *sp)
{
	const struct dtc_chain *ch = &dd->id.ch;
	const u8 *buf[DT_BUNDLE_MAX_CERTS];
	u32 len[DT_BUNDLE_MAX_CERTS];
	unsigned int i, n = 0;
	size_t room = sp->len;
	struct nl_msg *m;
	int err;

	buf[n] = sp->cert;
	len[n++] = (u32)sp->len;
	for (i = ch->n - 1; i >= 2; i--) {
		buf[n] = ch->c[i].buf;
		len[n++] = ch->c[i].len;
		room += ch->c[i].len;
	}
	m = deftd_nl_msg(&dd->nl, DEFTT_CMD_ZONE_SET, false, room);
	if (!m)
		return -ENOMEM;
	if (nla_put_u32(m, DEFTT_A_ZONE_INDEX, dd->zone) ||
	    nla_put(m, DEFTT_A_ZONE_SIGNING_KEY, DEFTT_SIGNING_KEY_LEN,
		    sp->kp.sk) ||
	    put_chain(m, buf, len, n)) {
		nlmsg_free(m);
		return -EMSGSIZE;
	}
	err = deftd_nl_talk(&dd->nl, m, NULL, NULL);
	if (err)
		deftd_nl_report(&dd->nl, LOG_ERR, DEFTT_CMD_ZONE_SET, err);
	else
		deftd_keys_signing(dd, sp);	/* 2.7 step 5 */
	return err;
}

/*
 * The zone is connected once every distributor is (2.6). The cert
 * distributor reports here first and so starts the key distributors
 * (2.5); the last of those to connect reports here again.
 */
int deftd_zone_set_connected(struct deftd *dd)
{
	struct nl_msg *m;
	int err;

	if (!deftd_keys_connected(dd)) {
		deftd_keys_cert_connected(dd);
		return 0;
	}

	m = deftd_nl_msg(&dd->nl, DEFTT_CMD_ZONE_SET, false, 0);
	if (!m)
		return -ENOMEM;
	if (nla_put_u32(m, DEFTT_A_ZONE_INDEX, dd->zone) ||
	    nla_put_u8(m, DEFTT_A_ZONE_CONNECTED, 1)) {
		nlmsg_free(m);
		return -EMSGSIZE;
	}
	err = deftd_nl_talk(&dd->nl, m, NULL, NULL);
	if (err)
		deftd_nl_report(&dd->nl, LOG_WARNING, DEFTT_CMD_ZONE_SET, err);
	return err;
}

/* ZONE_SET with one nested setting: a u32, 32 bytes and a u64. */
static int zone_set_nested(struct deftd *dd, int nest_type, int t32, u32 v32,
			   int tbin, const u8 bin[32], int t64, u64 v64,
			   int level)
{
	struct nlattr *nest = NULL;
	struct nl_msg *m;
	int err;

	m = deftd_nl_msg(&dd->nl, DEFTT_CMD_ZONE_SET, false, 0);
	if (!m)
		return -ENOMEM;
	if (!nla_put_u32(m, DEFTT_A_ZONE_INDEX, dd->zone))
		nest = nla_nest_start(m, nest_type);
	if (!nest || nla_put_u32(m, t32, v32) || nla_put(m, tbin, 32, bin) ||
	    nla_put_u64(m, t64, v64)) {
		nlmsg_free(m);
		return -EMSGSIZE;
	}
	nla_nest_end(m, nest);
	err = deftd_nl_talk(&dd->nl, m, NULL, NULL);
	if (err)
		deftd_nl_report(&dd->nl, level, DEFTT_CMD_ZONE_SET, err);
	return err;
}

/* DEFTT_A_ZONE_GROUP_KEY: a group key and its creation time (4.11). */
int deftd_zone_set_group_key(struct deftd *dd, u32 role, const u8 key[32],
			     u64 ct)
{
	int err;

	err = zone_set_nested(dd, DEFTT_A_ZONE_GROUP_KEY, DEFTT_A_GKEY_ROLE,
			      role, DEFTT_A_GKEY_KEY, key, DEFTT_A_GKEY_CT, ct,
			      LOG_ERR);
	if (!err)
		pr_debug("zone %u: %s group key of %llu installed", dd->zone,
			 role == DEFTT_GKEY_PDUS ? "PDU" : "Publication",
			 (unsigned long long)ct);
	return err;
}

/* DEFTT_A_ZONE_KEYMAKER: whom a key distributor follows (4.4). */
int deftd_zone_set_keymaker(struct deftd *dd, u32 coll,
			    const u8 tp[DT_THUMBPRINT_LEN], u64 epoch)
{
	return zone_set_nested(dd, DEFTT_A_ZONE_KEYMAKER, DEFTT_A_KM_COLL, coll,
			       DEFTT_A_KM_SIGNER, tp, DEFTT_A_KM_EPOCH, epoch,
			       LOG_WARNING);
}

int deftd_zone_del(struct deftd *dd)
{
	struct nl_msg *m;
	int err;

	m = deftd_nl_msg(&dd->nl, DEFTT_CMD_ZONE_DEL, false, 0);
	if (!m)
		return -ENOMEM;
	if (nla_put_u32(m, DEFTT_A_ZONE_INDEX, dd->zone)) {
		nlmsg_free(m);
		return -EMSGSIZE;
	}
	err = deftd_nl_talk(&dd->nl, m, NULL, NULL);
	if (err)
		deftd_nl_report(&dd->nl, LOG_WARNING, DEFTT_CMD_ZONE_DEL, err);
	else
		pr_notice("zone %u deleted", dd->zone);
	return err;
}

int deftd_signer_add(struct deftd *dd, const struct deftd_cert *const *chain,
		     unsigned int n)
{
	const u8 *buf[DT_SCM_MAX_CHAIN_LEN];
	u32 len[DT_SCM_MAX_CHAIN_LEN];
	size_t room = 0;
	struct nl_msg *m;
	unsigned int i;
	int err;

	if (n > DT_SCM_MAX_CHAIN_LEN)
		return -E2BIG;
	for (i = 0; i < n; i++) {
		buf[i] = chain[i]->buf;
		len[i] = chain[i]->len;
		room += chain[i]->len;
	}
	m = deftd_nl_msg(&dd->nl, DEFTT_CMD_SIGNER_ADD, false, room);
	if (!m)
		return -ENOMEM;
	if (nla_put_u32(m, DEFTT_A_ZONE_INDEX, dd->zone) ||
	    put_chain(m, buf, len, n)) {
		nlmsg_free(m);
		return -EMSGSIZE;
	}
	err = deftd_nl_talk(&dd->nl, m, NULL, NULL);
	if (err && err != -EEXIST)
		deftd_nl_report(&dd->nl, LOG_WARNING, DEFTT_CMD_SIGNER_ADD,
				err);
	return err;
}

int deftd_signer_del(struct deftd *dd, const u8 tp[DT_THUMBPRINT_LEN])
{
	struct nl_msg *m;
	int err;

	m = deftd_nl_msg(&dd->nl, DEFTT_CMD_SIGNER_DEL, false, 0);
	if (!m)
		return -ENOMEM;
	if (nla_put_u32(m, DEFTT_A_ZONE_INDEX, dd->zone) ||
	    nla_put(m, DEFTT_A_SIGNER_THUMBPRINT, DEFTT_THUMBPRINT_LEN, tp)) {
		nlmsg_free(m);
		return -EMSGSIZE;
	}
	err = deftd_nl_talk(&dd->nl, m, NULL, NULL);
	if (err && err != -ENOENT)
		deftd_nl_report(&dd->nl, LOG_WARNING, DEFTT_CMD_SIGNER_DEL,
				err);
	return err;
}
