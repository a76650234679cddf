// SPDX-License-Identifier: GPL-2.0
/* Building a local Publication (from the schema and parameters, or a given name) and signing it. */
#include <linux/sched.h>
#include <linux/utsname.h>

#include "core/schema.h"
#include "core/sigmgr.h"
#include "deftt.h"
#include "sock.h"

/* sysId() of the schema (schema.md 8): p<pid>@<host>, as DCT writes it. */
static size_t deftt_sysid(char *buf, size_t cap)
{
	int n;

	n = snprintf(buf, cap, "p%d@%s", task_tgid_vnr(current),
		     utsname()->nodename);
	return n < 0 ? 0 : min_t(size_t, n, cap - 1);
}

/*
 * Under zs->lock: the Data of name and content, with the SignatureInfo
 * and value of collection c's Publication manager. The name may be in
 * zs->scratch. Returns the size written to out or -ENOKEY, -EMSGSIZE,
 * -EINVAL.
 */
static int deftt_pub_seal(struct deftt_coll *c, const u8 *name, size_t nsz,
			  const u8 *content, size_t clen, u8 *out, size_t cap)
{
	struct deftt_sync *zs = &c->z->sync;
	struct dt_data_parts parts = { 0 };
	struct dt_iov iov;
	struct dt_data d;
	int sz;

	if (dt_sigmgr_siginfo(&c->pub_mgr, &zs->keys, &parts.si))
		return -ENOKEY;
	iov.base = content;
	iov.len = clen;
	parts.name = name;
	parts.name_size = nsz;
	parts.content = &iov;
	parts.ncontent = 1;
	parts.sig_len = dt_sig_value_len(c->pub_mgr.type);
	parts.content_type = DT_CT_BLOB;
	sz = dt_data_encode(out, cap, &parts);
	if (sz < 0)
		return -EMSGSIZE;
	if (dt_pub_parse(out, sz, &d))
		return -EINVAL;
	if (dt_sig_sign(&c->pub_mgr, &zs->keys, out, &d))
		return -ENOKEY;
	return sz;
}

/*
 * Under zs->lock. Name from the own signer's resolved templates (pub 0
 * of the schema), Content as given, SignatureInfo and value from the msgs
 * Publication manager. Returns the size written to out or a negative
 * errno: ENOKEY (no signing key yet), EINVAL (parameters do not build a
 * name the schema allows), EMSGSIZE (too big).
 */
int deftt_pub_build(struct deftt_zone *z, const struct dt_scm_param *par,
		    unsigned int npar, const u8 *content, size_t clen,
		    u8 *out, size_t cap)
{
	struct deftt_sync *zs = &z->sync;
	struct dt_scm_diag diag;
	struct dt_scm_build b;
	char sysid[80];
	int nsz;

	if (!zs->self)
		return -ENOKEY;
	memset(&b, 0, sizeof(b));
	b.par = par;
	b.npar = npar;
	b.now_us = dt_now_us();
	b.sysid = sysid;
	b.sysid_len = deftt_sysid(sysid, sizeof(sysid));
	nsz = dt_schema_build_name(zs->self->sg, &b, zs->scratch, DT_MAX_DGRAM,
				   &diag);
	if (nsz < 0) {
		pr_debug("build refused: %s at %u\n", dt_schema_err_name(-nsz),
			 diag.item);
		return -nsz == DT_SCM_E_BUILD_NOSPACE ? -EMSGSIZE : -EINVAL;
	}
	return deftt_pub_seal(&zs->coll[DEFTT_COLL_MSGS], zs->scratch, nsz,
			      content, clen, out, cap);
}

/*
 * Under zs->lock. A key collection's Publication: the caller's Name TLV,
 * which must lie under #pubPrefix with at least a topic and a last
 * Timestamp (distributors.md 4.3), signed EdDSA with the zone's key.
 */
int deftt_keys_pub_build(struct deftt_zone *z, unsigned int idx,
			 const u8 *name, size_t nsz, const u8 *content,
			 size_t clen, u8 *out, size_t cap)
{
	struct deftt_sync *zs = &z->sync;
	struct dt_name n;
	struct dt_comp ts;
	int np;

	if (!zs->self)
		return -ENOKEY;
	if (dt_name_parse(name, nsz, 0, &n))
		return -EINVAL;
	np = dt_schema_prefix_match(z->schema, &n);
	if (np < 0 || n.ncomp < np + 2u)
		return -EINVAL;
	dt_name_comp(&n, -1, &ts);
	if (ts.type != DT_COMP_TIMESTAMP)
		return -EINVAL;
	return deftt_pub_seal(&zs->coll[idx], name, nsz, content, clen, out,
			      cap);
}
