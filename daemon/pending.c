// SPDX-License-Identifier: GPL-2.0
/* Certs that wait for their signer: a bounded table, oldest evicted first. */
#include <stdlib.h>
#include <string.h>

#include "pending.h"

static void drop(struct deftd_pending *pt, unsigned int i)
{
	free(pt->e[i].buf);
	memmove(&pt->e[i], &pt->e[i + 1], (pt->n - i - 1) * sizeof(pt->e[0]));
	pt->n--;
}

int deftd_pending_add(struct deftd_pending *pt, const u8 *buf, u32 len,
		      const u8 tp[DT_THUMBPRINT_LEN],
		      const u8 signer[DT_THUMBPRINT_LEN])
{
	struct deftd_pending_ent *e;
	unsigned int i;
	u8 *copy;

	for (i = 0; i < pt->n; i++)
		if (!memcmp(pt->e[i].tp, tp, DT_THUMBPRINT_LEN))
			return 1;
	copy = malloc(len);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, buf, len);
	if (pt->n == DEFTD_PENDING_MAX) {
		drop(pt, 0);
		pt->evicted++;
	}
	e = &pt->e[pt->n++];
	e->buf = copy;
	e->len = len;
	memcpy(e->tp, tp, DT_THUMBPRINT_LEN);
	memcpy(e->signer, signer, DT_THUMBPRINT_LEN);
	pt->held++;
	return 0;
}

unsigned int deftd_pending_take(struct deftd_pending *pt,
				const u8 signer[DT_THUMBPRINT_LEN],
				struct deftd_pending_ent *out,
				unsigned int max)
{
	unsigned int i = 0, k = 0;

	while (i < pt->n && k < max) {
		if (memcmp(pt->e[i].signer, signer, DT_THUMBPRINT_LEN)) {
			i++;
			continue;
		}
		out[k++] = pt->e[i];
		memmove(&pt->e[i], &pt->e[i + 1],
			(pt->n - i - 1) * sizeof(pt->e[0]));
		pt->n--;
	}
	return k;
}

void deftd_pending_clear(struct deftd_pending *pt)
{
	while (pt->n)
		drop(pt, pt->n - 1);
}
