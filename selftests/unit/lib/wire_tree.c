// SPDX-License-Identifier: GPL-2.0
/* Test helper: wire-core decode to a dctdump-comparable outline + re-encode. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "wire.h"
#include "wire_tree.h"

static int fail(struct wt_tree *t, const char *fmt, ...)
{
	va_list ap;

	if (!t->err[0]) {
		va_start(ap, fmt);
		vsnprintf(t->err, sizeof(t->err), fmt, ap);
		va_end(ap);
	}
	return -1;
}

static void add(struct wt_tree *t, int d, int type, int size, int leaf)
{
	if (t->cnt < WT_MAX_NODES)
		t->n[t->cnt++] = (struct wt_node){ d, type, size, leaf };
}

static int emit_name(struct wt_tree *t, int d, const struct dt_name *n)
{
	struct dt_name_bld b;
	struct dt_comp c;
	uint8_t out[DT_TLV_MAX_VALUE + 8];
	int i, r;

	add(t, d, DT_TLV_NAME, n->len, 0);
	dt_nb_init(&b, out, sizeof(out));
	for (i = 0; i < n->ncomp; i++) {
		dt_name_comp(n, i, &c);
		add(t, d + 1, c.type, c.len, 0);
		dt_nb_comp(&b, c.type, c.val, c.len);
	}
	r = dt_nb_finish(&b);
	if (r != (int)n->size || memcmp(out, n->tlv, n->size))
		return fail(t, "name rebuild differs (%d vs %u)", r, n->size);
	return 0;
}

static void emit_siginfo(struct wt_tree *t, int d, const struct dt_data *v)
{
	struct dt_tlv si = { 0 };

	dt_tlv_get(v->buf + v->off_siginfo, v->siginfo_size, &si);
	add(t, d, DT_TLV_SIGINFO, si.len, 0);
	add(t, d + 1, DT_TLV_SIGTYPE, 1, 0);
	if (v->si.key_digest) {
		add(t, d + 1, DT_TLV_KEYLOCATOR, 34, 0);
		add(t, d + 2, DT_TLV_KEYDIGEST, 32, 0);
	}
	if (v->si.not_before) {
		add(t, d + 1, DT_TLV_VALIDITY, 38, 0);
		add(t, d + 2, DT_TLV_NOTBEFORE, 15, 0);
		add(t, d + 2, DT_TLV_NOTAFTER, 15, 0);
	}
}

static int emit_data(struct wt_tree *t, int d, const uint8_t *buf, size_t len);

static unsigned int cert_flags(const struct dt_data *any)
{
	unsigned int f = 0;

	if (any->si.key_digest && dt_tp_is_zero(any->si.key_digest))
		f |= DT_CERT_F_ANCHOR;
	if (dt_cert_is_schema_name(&any->name))
		f |= DT_CERT_F_SCHEMA;
	return f;
}

/* Re-encodes v from its parts; cAdds a second time from their pubs. */
static int reencode(struct wt_tree *t, const struct dt_data *v, int split)
{
	static uint8_t out[DT_TLV_MAX_VALUE + 8];
	struct dt_iov iov[DT_CADD_MAX_PUBS], one;
	struct dt_data_parts p;
	struct dt_pub_iter it;
	const uint8_t *pub;
	size_t plen;
	unsigned int n = 0;
	int r;

	dt_data_to_parts(v, &p, &one);
	r = dt_data_encode(out, sizeof(out), &p);
	if (r != (int)v->size || memcmp(out, v->buf, v->size))
		return fail(t, "re-encode differs (%d vs %u)", r, v->size);
	if (split) {
		dt_pub_iter_init(&it, dt_data_content(v), v->content_len);
		while (n < DT_CADD_MAX_PUBS && dt_pub_next(&it, &pub, &plen))
			iov[n++] = (struct dt_iov){ pub, plen };
		p.content = iov;
		p.ncontent = n;
		r = dt_data_encode(out, sizeof(out), &p);
		if (r != (int)v->size || memcmp(out, v->buf, v->size))
			return fail(t, "cAdd re-encode from pubs differs");
	}
	t->reencoded++;
	return 0;
}

static int emit_cert_checks(struct wt_tree *t, const struct dt_data *v)
{
	uint8_t out[1024];
	int r;

	r = dt_cert_name_encode(out, sizeof(out), &v->name,
				dt_cert_prefix_comps(&v->name),
				dt_cert_key_id(&v->name), dt_cert_ts(&v->name));
	if (r != (int)v->name.size || memcmp(out, v->name.tlv, r))
		return fail(t, "cert name rebuild differs");
	return 0;
}

static int emit_data(struct wt_tree *t, int d, const uint8_t *buf, size_t len)
{
	struct dt_data any, v;
	struct dt_pub_iter it;
	struct dt_tlv top = { 0 };
	const uint8_t *pub;
	size_t plen;
	unsigned int np;
	int e, split = 0;

	e = dt_data_parse(buf, len, DT_KIND_ANY, 0, &any);
	if (e)
		return fail(t, "Data grammar: %s", dt_wire_err_name(e));
	switch (any.content_type) {
	case DT_CT_CADD:
		if (d == 0 && len <= DT_MAX_DGRAM)
			e = dt_cadd_parse(buf, len, &v);
		else
			e = dt_data_parse(buf, len, DT_KIND_ANY, 0, &v);
		t->cadds++;
		break;
	case DT_CT_KEY:
		e = dt_cert_parse(buf, len, cert_flags(&any), &v);
		t->certs++;
		break;
	case DT_CT_BLOB:
		e = dt_pub_parse(buf, len, &v);
		t->pubs++;
		break;
	default:
		return fail(t, "unexpected ContentType %u", any.content_type);
	}
	if (e)
		return fail(t, "parse (ct %u): %s", any.content_type,
			    dt_wire_err_name(e));
	if (memcmp(&any.si, &v.si, sizeof(v.si)) ||
	    any.off_sigval != v.off_sigval || !dt_name_eq(&any.name, &v.name))
		return fail(t, "views of two parsers differ");
	dt_tlv_get(buf, len, &top);
	add(t, d, DT_TLV_DATA, top.len, 0);
	if (emit_name(t, d + 1, &v.name))
		return -1;
	add(t, d + 1, DT_TLV_METAINFO, 3, 0);
	add(t, d + 2, DT_TLV_CONTENTTYPE, 1, 0);
	if (v.content_type == DT_CT_CADD &&
	    !dt_cadd_check_content(dt_data_content(&v), v.content_len, &np)) {
		split = 1;
		add(t, d + 1, DT_TLV_CONTENT, v.content_len, 0);
		dt_pub_iter_init(&it, dt_data_content(&v), v.content_len);
		while (dt_pub_next(&it, &pub, &plen))
			if (emit_data(t, d + 2, pub, plen))
				return -1;
	} else {
		if (v.content_type == DT_CT_CADD && !dt_sig_encrypts(v.si.type))
			return fail(t, "clear cAdd Content does not split");
		add(t, d + 1, DT_TLV_CONTENT, v.content_len, 1);
	}
	emit_siginfo(t, d + 1, &v);
	add(t, d + 1, DT_TLV_SIGVALUE, v.sig_len, 0);
	if (v.content_type == DT_CT_KEY && emit_cert_checks(t, &v))
		return -1;
	return reencode(t, &v, split);
}

static int emit_cstate(struct wt_tree *t, const uint8_t *buf, size_t len)
{
	uint8_t out[DT_MAX_DGRAM];
	struct dt_cstate cs;
	struct dt_tlv top = { 0 };
	int e, r;

	e = dt_cstate_parse(buf, len, &cs);
	if (e)
		return fail(t, "cState: %s", dt_wire_err_name(e));
	dt_tlv_get(buf, len, &top);
	add(t, 0, DT_TLV_CSTATE, top.len, 0);
	if (emit_name(t, 1, &cs.name))
		return -1;
	add(t, 1, DT_TLV_NONCE, 4, 0);
	add(t, 1, DT_TLV_LIFETIME, dt_num_len(cs.lifetime_ms), 0);
	r = dt_cstate_encode(out, sizeof(out), cs.name.tlv, cs.name.size,
			     cs.nonce, cs.lifetime_ms);
	if (r != (int)len || memcmp(out, buf, len))
		return fail(t, "cState re-encode differs");
	t->cstates++;
	t->reencoded++;
	return 0;
}

int wt_decode(struct wt_tree *t, const uint8_t *buf, size_t len)
{
	const uint8_t *last_cert = NULL;
	size_t o = 0, sz;
	struct dt_data c;
	struct dt_tlv tl = { 0 };
	int e;

	while (o < len) {
		e = dt_tlv_get(buf + o, len - o, &tl);
		if (e)
			return fail(t, "top-level TLV at %zu: %s", o,
				    dt_wire_err_name(e));
		sz = dt_tlv_size(&tl);
		if (tl.type == DT_TLV_CSTATE) {
			if (emit_cstate(t, buf + o, sz))
				return -1;
		} else if (tl.type == DT_TLV_DATA) {
			if (emit_data(t, 0, buf + o, sz))
				return -1;
			last_cert = buf + o;
		} else if (tl.type == DT_TLV_SIGVALUE) {
			/* key record: seed || public key of the cert before */
			if (!last_cert || tl.len != 64)
				return fail(t, "bad key record");
			if (dt_data_parse(last_cert, buf + o - last_cert,
					  DT_KIND_ANY, 0, &c) ||
			    c.content_len != 32 ||
			    memcmp(dt_data_content(&c), tl.val + 32, 32))
				return fail(t, "key record != cert key");
			add(t, 0, DT_TLV_SIGVALUE, tl.len, 0);
			t->keys++;
			last_cert = NULL;
		} else {
			return fail(t, "unexpected top-level type %u", tl.type);
		}
		o += sz;
	}
	return 0;
}

int wt_parse_dctdump(struct wt_tree *t, const char *text)
{
	const char *l = text;

	while (*l) {
		const char *p = l, *nl = strchr(l, '\n');
		int depth = 0, type, size;

		while (p[0] == '|' && p[1] == ' ') {
			depth++;
			p += 2;
		}
		int k = 0;

		if (*p >= '0' && *p <= '9' && sscanf(p, "%d%n", &type, &k) == 1 &&
		    p[k] == ' ' && p[k + 1] == '(') {
			const char *s = strstr(p, ") size ");

			if (s && (!nl || s < nl) &&
			    sscanf(s, ") size %d:", &size) == 1)
				add(t, depth, type, size, 0);
		}
		if (!nl)
			break;
		l = nl + 1;
	}
	return 0;
}

int wt_compare(const struct wt_tree *a, const struct wt_tree *b, char *msg,
	       size_t cap)
{
	int i = 0, j = 0;

	while (i < a->cnt && j < b->cnt) {
		const struct wt_node *x = &a->n[i], *y = &b->n[j];

		if (x->depth != y->depth || x->type != y->type ||
		    x->size != y->size) {
			snprintf(msg, cap,
				 "node %d: ours d%d t%d s%d, dctdump d%d t%d s%d",
				 i, x->depth, x->type, x->size, y->depth,
				 y->type, y->size);
			return -1;
		}
		i++;
		j++;
		if (x->leaf)
			while (j < b->cnt && b->n[j].depth > x->depth)
				j++;
	}
	if (i != a->cnt || j != b->cnt) {
		snprintf(msg, cap, "outline length: ours %d/%d, dctdump %d/%d",
			 i, a->cnt, j, b->cnt);
		return -1;
	}
	return 0;
}
