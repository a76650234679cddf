// SPDX-License-Identifier: GPL-2.0
/* The certs deftd holds, found by thumbprint. */
#include <stdlib.h>
#include <string.h>

#include "store.h"

struct deftd_cert *deftd_store_find(const struct deftd_store *st,
				    const u8 tp[DT_THUMBPRINT_LEN])
{
	unsigned int i;

	for (i = 0; i < st->n; i++)
		if (!memcmp(st->c[i]->tp, tp, DT_THUMBPRINT_LEN))
			return st->c[i];
	return NULL;
}

struct deftd_cert *deftd_store_add(struct deftd_store *st, const u8 *buf,
				   u32 len, unsigned int flags, bool *full)
{
	struct deftd_cert *c;

	*full = st->n == DEFTD_STORE_MAX;
	if (*full)
		return NULL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->buf = malloc(len);
	if (!c->buf)
		goto err_free;
	memcpy(c->buf, buf, len);
	c->len = len;
	if (dt_cert_parse(c->buf, len, DT_CERT_F_ANCHOR | DT_CERT_F_SCHEMA,
			  &c->d) ||
	    dt_validity_parse(c->d.si.not_after, &c->not_after))
		goto err_free;
	dt_thumbprint(c->buf, len, c->tp);
	c->flags = flags;
	st->c[st->n++] = c;
	return c;

err_free:
	free(c->buf);
	free(c);
	return NULL;
}

void deftd_store_del(struct deftd_store *st, struct deftd_cert *c)
{
	unsigned int i;

	for (i = 0; i < st->n; i++)
		if (st->c[i] == c)
			break;
	if (i == st->n)
		return;
	st->c[i] = st->c[--st->n];
	free(c->buf);
	free(c);
}

void deftd_store_clear(struct deftd_store *st)
{
	while (st->n)
		deftd_store_del(st, st->c[st->n - 1]);
}
