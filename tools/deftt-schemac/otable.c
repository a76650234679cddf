// SPDX-License-Identifier: GPL-2.0
/* deftt-schemac output tables: distinct byte items kept in first-added order. */
#include <string.h>

#include "compiler.h"

/* index of item p[0..n) in t, or -1 */
int sc_ot_find(const struct otable *t, const uint8_t *p, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < t->n; i++)
		if (t->len[i] == n && (!n || !memcmp(t->item[i], p, n)))
			return i;
	return -1;
}

/* append a copy of p[0..n) without looking for an equal item */
uint32_t sc_ot_push(struct sc *sc, struct otable *t, const uint8_t *p,
		    uint32_t n)
{
	uint32_t cap = t->cap;

	t->item = sc_grow(sc, t->item, &cap, t->n + 1, sizeof(*t->item));
	t->len = sc_grow(sc, t->len, &t->cap, t->n + 1, sizeof(*t->len));
	t->item[t->n] = sc_alloc(sc, n + 1);
	if (n)
		memcpy(t->item[t->n], p, n);
	t->len[t->n] = n;
	return t->n++;
}

/* DCT mapper::add: the index of an equal item, or of the new copy */
uint32_t sc_ot_add(struct sc *sc, struct otable *t, const uint8_t *p,
		   uint32_t n)
{
	int i = sc_ot_find(t, p, n);

	return i >= 0 ? (uint32_t)i : sc_ot_push(sc, t, p, n);
}
