// SPDX-License-Identifier: GPL-2.0
/* Writes kmod/core/ed25519_table.h: precomputed multiples of the Ed25519 base point. */
#include <stdio.h>
#include "ge25519.h"

static void to_niels(struct ge_niels *n, const struct ge_p3 *p)
{
	struct fe zi, x, y;
	u8 s[32];

	dt_fe_invert(&zi, &p->z);
	fe_mul(&x, &p->x, &zi);
	fe_mul(&y, &p->y, &zi);
	fe_add(&n->ypx, &y, &x);
	fe_sub(&n->ymx, &y, &x);
	fe_mul(&n->xy2d, &x, &y);
	fe_mul(&n->xy2d, &n->xy2d, &dt_ge_d2);
	/* Fully reduce so that the table is canonical. */
	dt_fe_tobytes(s, &n->ypx);
	dt_fe_frombytes(&n->ypx, s);
	dt_fe_tobytes(s, &n->ymx);
	dt_fe_frombytes(&n->ymx, s);
	dt_fe_tobytes(s, &n->xy2d);
	dt_fe_frombytes(&n->xy2d, s);
}

static void add(struct ge_p3 *r, const struct ge_p3 *p, const struct ge_p3 *q)
{
	struct ge_cached c;
	struct ge_p1p1 t;

	ge_p3_to_cached(&c, q);
	ge_add(&t, p, &c);
	ge_p1p1_to_p3(r, &t);
}

static void dbl(struct ge_p3 *r, const struct ge_p3 *p)
{
	struct ge_p2 q;
	struct ge_p1p1 t;

	ge_p3_to_p2(&q, p);
	ge_dbl(&t, &q);
	ge_p1p1_to_p3(r, &t);
}

static void put_fe(const struct fe *f, const char *indent)
{
	printf("%s\t{ { 0x%013llx, 0x%013llx, 0x%013llx,\n",
	       indent, (unsigned long long)f->l[0],
	       (unsigned long long)f->l[1], (unsigned long long)f->l[2]);
	printf("%s\t    0x%013llx, 0x%013llx } },\n", indent,
	       (unsigned long long)f->l[3], (unsigned long long)f->l[4]);
}

static void put_niels(const struct ge_niels *n, const char *indent)
{
	printf("%s{\n", indent);
	put_fe(&n->ypx, indent);
	put_fe(&n->ymx, indent);
	put_fe(&n->xy2d, indent);
	printf("%s},\n", indent);
}

int main(void)
{
	struct ge_p3 b, row, p, b2;
	struct ge_niels n;
	struct fe four, five, y;
	u8 enc[32];
	int i, j;

	/* B: y = 4/5, x even. */
	fe_0(&four);
	four.l[0] = 4;
	fe_0(&five);
	five.l[0] = 5;
	dt_fe_invert(&y, &five);
	fe_mul(&y, &y, &four);
	dt_fe_tobytes(enc, &y);
	if (dt_ge_frombytes(&b, enc))
		return 1;

	printf("/* SPDX-License-Identifier: GPL-2.0 */\n");
	printf("/* Ed25519 base point multiples, from tools/gen-ed25519-table. */\n");
	printf("#ifndef _DEFTT_CORE_ED25519_TABLE_H\n#define _DEFTT_CORE_ED25519_TABLE_H\n\n");
	printf("/* ge_base_comb[i][j] = (j + 1) 16^(2i) B */\n");
	printf("static const struct ge_niels ge_base_comb[32][8] = {\n");
	row = b;
	for (i = 0; i < 32; i++) {
		printf("\t{\n");
		p = row;
		for (j = 0; j < 8; j++) {
			to_niels(&n, &p);
			put_niels(&n, "\t\t");
			add(&p, &p, &row);
		}
		printf("\t},\n");
		for (j = 0; j < 8; j++)
			dbl(&row, &row);
	}
	printf("};\n\n");
	printf("/* ge_base_odd[j] = (2j + 1) B */\n");
	printf("static const struct ge_niels ge_base_odd[64] = {\n");
	dbl(&b2, &b);
	p = b;
	for (j = 0; j < 64; j++) {
		to_niels(&n, &p);
		put_niels(&n, "\t");
		add(&p, &p, &b2);
	}
	printf("};\n\n#endif /* _DEFTT_CORE_ED25519_TABLE_H */\n");
	return 0;
}
