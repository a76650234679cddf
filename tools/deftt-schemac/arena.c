// SPDX-License-Identifier: GPL-2.0
/* deftt-schemac memory: one arena per compile, names, sets, text buffers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler.h"

struct arena_blk {
	struct arena_blk *next;
	size_t size, used;
	max_align_t data[];
};

#define BLK_MIN (64u << 10)

void sc_fatal_oom(struct sc *sc)
{
	struct sc_loc l = { 0, 0 };

	sc_abort(sc, l, "schema too large: more than %u MiB of working memory",
		 SC_ARENA_MAX >> 20);
}

void *sc_alloc(struct sc *sc, size_t n)
{
	struct arena_blk *b = sc->blk;
	size_t sz;
	void *p;

	n = (n + 15) & ~(size_t)15;
	if (!b || b->size - b->used < n) {
		sz = n > BLK_MIN ? n : BLK_MIN;
		if (sc->used + sz > SC_ARENA_MAX)
			sc_fatal_oom(sc);
		b = malloc(sizeof(*b) + sz);
		if (!b)
			sc_fatal_oom(sc);
		b->size = sz;
		b->used = 0;
		b->next = sc->blk;
		sc->blk = b;
		sc->used += sz;
	}
	p = (char *)b->data + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
}

/* Room for n elements of sz bytes in p (capacity *cap); returns the array. */
void *sc_grow(struct sc *sc, void *p, uint32_t *cap, uint32_t n, size_t sz)
{
	uint32_t nc;
	void *q;

	if (n <= *cap)
		return p;
	nc = *cap ? *cap * 2 : 8;
	while (nc < n)
		nc *= 2;
	q = sc_alloc(sc, (size_t)nc * sz);
	if (p && *cap)
		memcpy(q, p, (size_t)*cap * sz);
	*cap = nc;
	return q;
}

void sc_arena_free(struct sc *sc)
{
	struct arena_blk *b, *n;

	for (b = sc->blk; b; b = n) {
		n = b->next;
		free(b);
	}
	sc->blk = NULL;
	sc->used = 0;
}

struct sname sc_name(struct sc *sc, const scomp *c, uint32_t n)
{
	struct sname r;

	r.n = n;
	r.c = sc_alloc(sc, (size_t)(n ? n : 1) * sizeof(scomp));
	if (n && c)
		memcpy(r.c, c, n * sizeof(scomp));
	return r;
}

struct sname sc_name1(struct sc *sc, scomp c)
{
	return sc_name(sc, &c, 1);
}

struct sname sc_cat(struct sc *sc, struct sname a, struct sname b)
{
	struct sname r = sc_name(sc, NULL, a.n + b.n);

	if (a.n)
		memcpy(r.c, a.c, a.n * sizeof(scomp));
	if (b.n)
		memcpy(r.c + a.n, b.c, b.n * sizeof(scomp));
	return r;
}

/* lexicographic, as std::vector<sComp> compares */
int sc_name_cmp(struct sname a, struct sname b)
{
	uint32_t i;

	for (i = 0; i < a.n && i < b.n; i++)
		if (a.c[i] != b.c[i])
			return a.c[i] < b.c[i] ? -1 : 1;
	return a.n == b.n ? 0 : a.n < b.n ? -1 : 1;
}

int sc_name_eq(struct sname a, struct sname b)
{
	return a.n == b.n && !memcmp(a.c, b.c, a.n * sizeof(scomp));
}

void sc_nv_push(struct sc *sc, struct snvec *v, struct sname n)
{
	v->v = sc_grow(sc, v->v, &v->cap, v->n + 1, sizeof(*v->v));
	v->v[v->n++] = n;
}

void sc_nv_append(struct sc *sc, struct snvec *dst, const struct snvec *src)
{
	uint32_t i;

	for (i = 0; i < src->n; i++)
		sc_nv_push(sc, dst, src->v[i]);
}

/* Insert x keeping the set sorted; returns 1 if it was new. */
int sc_iset_add(struct sc *sc, struct iset *s, uint32_t x)
{
	uint32_t lo = 0, hi = s->n, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (s->v[mid] == x)
			return 0;
		if (s->v[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	s->v = sc_grow(sc, s->v, &s->cap, s->n + 1, sizeof(*s->v));
	memmove(s->v + lo + 1, s->v + lo, (s->n - lo) * sizeof(*s->v));
	s->v[lo] = x;
	s->n++;
	return 1;
}

int sc_iset_has(const struct iset *s, uint32_t x)
{
	uint32_t lo = 0, hi = s->n, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (s->v[mid] == x)
			return 1;
		if (s->v[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* std::set<int> order: lexicographic over the sorted elements */
int sc_iset_cmp(const struct iset *a, const struct iset *b)
{
	uint32_t i;

	for (i = 0; i < a->n && i < b->n; i++)
		if (a->v[i] != b->v[i])
			return a->v[i] < b->v[i] ? -1 : 1;
	return a->n == b->n ? 0 : a->n < b->n ? -1 : 1;
}

void sbuf_put(struct sbuf *b, const void *p, size_t n)
{
	char *q;
	size_t nc;

	if (b->oom)
		return;
	if (b->n + n + 1 > b->cap) {
		nc = b->cap ? b->cap * 2 : 256;
		while (nc < b->n + n + 1)
			nc *= 2;
		q = realloc(b->p, nc);
		if (!q) {
			b->oom = 1;
			return;
		}
		b->p = q;
		b->cap = nc;
	}
	memcpy(b->p + b->n, p, n);
	b->n += n;
	b->p[b->n] = 0;
}

void sbuf_printf(struct sbuf *b, const char *fmt, ...)
{
	char tmp[512], *big;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(tmp)) {
		sbuf_put(b, tmp, n);
		return;
	}
	big = malloc(n + 1);
	if (!big) {
		b->oom = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, n + 1, fmt, ap);
	va_end(ap);
	sbuf_put(b, big, n);
	free(big);
}
