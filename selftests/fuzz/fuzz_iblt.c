// SPDX-License-Identifier: GPL-2.0
/* Fuzz the IBLT decoder, and peel whatever it accepts. */
#include <stdlib.h>
#include <string.h>

#include "iblt.h"

/*
 * Invariants checked on every input:
 * - decode never reads outside the input (ASan) and on success the table
 *   re-encodes to exactly the input (only canonical forms are accepted);
 * - on failure the table is left empty;
 * - peeling any accepted table, or the difference of two, terminates,
 *   never overflows arrays of DT_IBLT_CELLS keys, and is consistent:
 *   D - have + need equals the remainder left in the table, whatever the
 *   status, so peeling never invents or loses a key.
 * Input layout: the whole input is one encoding (peeled alone and against
 * itself plus keys taken from its last bytes); if it is at least 2 bytes
 * long, byte 0 also picks a split point for a second, pairwise round.
 */

static void check_decode(const u8 *in, size_t len, struct dt_iblt *ib,
			 bool *ok)
{
	static u8 enc[DT_IBLT_ENC_MAX];
	int err = dt_iblt_decode(ib, in, len);

	*ok = !err;
	if (err) {
		if (err != DT_IBLT_ENODATA && err != DT_IBLT_ETRUNC &&
		    err != DT_IBLT_ETOOBIG && err != DT_IBLT_ENONCANON)
			abort();
		if (!dt_iblt_is_empty(ib))
			abort();
		return;
	}
	if (dt_iblt_encode(ib, enc, sizeof(enc)) != (int)len ||
	    memcmp(enc, in, len))
		abort();
}

static void check_peel(const struct dt_iblt *d)
{
	static u32 have[DT_IBLT_CELLS], need[DT_IBLT_CELLS];
	struct dt_iblt_keys h = { have, DT_IBLT_CELLS, 0 };
	struct dt_iblt_keys w = { need, DT_IBLT_CELLS, 0 };
	static struct dt_iblt rem, x, y, lhs, rhs;
	int st;
	u32 i;

	rem = *d;
	st = dt_iblt_peel(&rem, &h, &w);
	if (st != DT_IBLT_PEEL_DONE && st != DT_IBLT_PEEL_PARTIAL &&
	    st != -EBADMSG)
		abort();
	if (st == DT_IBLT_PEEL_DONE && !dt_iblt_is_empty(&rem))
		abort();
	/* x, y: what was listed, counts wrapping like the table's. */
	memset(&x, 0, sizeof(x));
	memset(&y, 0, sizeof(y));
	for (i = 0; i < h.n; i++) {
		u32 idx[DT_IBLT_NHASH], t, c = dt_iblt_check_term(have[i]);

		dt_iblt_cells_of(have[i], idx);
		for (t = 0; t < DT_IBLT_NHASH; t++) {
			x.cell[idx[t]].count =
				(s32)((u32)x.cell[idx[t]].count + 1);
			x.cell[idx[t]].key_sum ^= have[i];
			x.cell[idx[t]].key_check ^= c;
		}
	}
	for (i = 0; i < w.n; i++) {
		u32 idx[DT_IBLT_NHASH], t, c = dt_iblt_check_term(need[i]);

		dt_iblt_cells_of(need[i], idx);
		for (t = 0; t < DT_IBLT_NHASH; t++) {
			y.cell[idx[t]].count =
				(s32)((u32)y.cell[idx[t]].count + 1);
			y.cell[idx[t]].key_sum ^= need[i];
			y.cell[idx[t]].key_check ^= c;
		}
	}
	/* d - x + y == rem  <=>  d - x == rem - y */
	dt_iblt_subtract(&lhs, d, &x);
	dt_iblt_subtract(&rhs, &rem, &y);
	if (memcmp(&lhs, &rhs, sizeof(lhs)))
		abort();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static struct dt_iblt a, b, d;
	bool ok_a, ok_b;
	size_t cut;

	check_decode(data, size, &a, &ok_a);
	if (ok_a) {
		u32 i;

		check_peel(&a);
		/* A genuine small difference: a plus up to 8 input words. */
		b = a;
		for (i = 0; i < 8 && 4 * i + 4 <= size; i++)
			dt_iblt_insert(&b, dt_get_le32(data + size - 4 - 4 * i));
		dt_iblt_subtract(&d, &a, &b);
		check_peel(&d);
	}
	if (size < 2)
		return 0;

	cut = 1 + data[0] * (size - 1) / 255;
	check_decode(data + 1, cut - 1, &a, &ok_a);
	check_decode(data + cut, size - cut, &b, &ok_b);
	if (ok_a && ok_b) {
		dt_iblt_subtract(&d, &a, &b);
		check_peel(&d);
		dt_iblt_subtract(&d, &b, &a);
		check_peel(&d);
	}
	return 0;
}
