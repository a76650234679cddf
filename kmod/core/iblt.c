// SPDX-License-Identifier: GPL-2.0
/* The sync IBLT (sync.md 3 and 4), bit-compatible with DCT's IBLT<u32>. */
#include "iblt.h"
#include "murmur3.h"

/* Encoding token bytes (sync.md 4.2). */
#define ENC_RUN_BASE	0xef	/* 0xf0..0xfd: runs of 1..14 empty cells */
#define ENC_RUN_MAX	14
#define ENC_COUNT16	0xfe	/* count as 2 bytes little-endian */
#define ENC_COUNT32	0xff	/* count as 4 bytes little-endian */
#define ENC_COUNT8_LIM	0xf0	/* 1-byte counts are 1..0xef */
#define ENC_SUMS_LEN	8	/* keySum and keyCheck, 4 bytes LE each */

#define COUNT_MAX	0x7fffffff

u32 dt_iblt_subtable_size(u32 budget)
{
	u32 n = budget / (DT_IBLT_NHASH * DT_IBLT_CELL_ENC_AVG);
	u32 d;

	/* DCT's search gives up below 6; above, any n has a prime <= n. */
	if (n < 6)
		return 0;
	for (;; n--) {
		for (d = 2; d * d <= n; d++)
			if (n % d == 0)
				break;
		if (d * d > n)
			return n;
	}
}

/*
 * One 32-bit cell hash h (the mixer of the zero-extended key) serves all
 * three sub-tables: h, h >> 11 and h >> 21, each reduced mod 47, pick the
 * position in sub-tables 0, 1 and 2, interleaved as 3 * pos + t
 * (sync.md 3.3). The cells always differ since their t differ.
 */
void dt_iblt_cells_of(u32 key, u32 idx[DT_IBLT_NHASH])
{
	u32 h = dt_mix64(key);

	idx[0] = (h % DT_IBLT_SUBTABLE) * DT_IBLT_NHASH;
	idx[1] = ((h >> 11) % DT_IBLT_SUBTABLE) * DT_IBLT_NHASH + 1;
	idx[2] = ((h >> 21) % DT_IBLT_SUBTABLE) * DT_IBLT_NHASH + 2;
}

/* The publication-hash seed is reused as the upper half of the input. */
u32 dt_iblt_check_term(u32 key)
{
	return dt_mix64((u64)DT_PUBHASH_SEED << 32 | key);
}

static bool cell_empty(const struct dt_iblt_cell *c)
{
	return !c->count && !c->key_sum && !c->key_check;
}

static bool cell_pure(const struct dt_iblt_cell *c)
{
	return (c->count == 1 || c->count == -1) &&
	       dt_iblt_check_term(c->key_sum) == c->key_check;
}

bool dt_iblt_is_empty(const struct dt_iblt *ib)
{
	u32 i;

	for (i = 0; i < DT_IBLT_CELLS; i++)
		if (!cell_empty(&ib->cell[i]))
			return false;
	return true;
}

/* Counts wrap in u32 arithmetic: no undefined behaviour on any input. */
static void update(struct dt_iblt *ib, const u32 idx[DT_IBLT_NHASH],
		   u32 key, s32 delta)
{
	u32 check = dt_iblt_check_term(key);
	u32 t;

	for (t = 0; t < DT_IBLT_NHASH; t++) {
		struct dt_iblt_cell *c = &ib->cell[idx[t]];

		c->count = (s32)((u32)c->count + (u32)delta);
		c->key_sum ^= key;
		c->key_check ^= check;
	}
}

/*
 * DCT's "bad peers" test, used before an erase and for every peeled key:
 * a key that is really in the table cannot have an empty cell, nor a cell
 * that holds exactly one different key.
 */
static bool bad_peers(const struct dt_iblt *ib, const u32 idx[DT_IBLT_NHASH],
		      u32 key)
{
	u32 t;

	for (t = 0; t < DT_IBLT_NHASH; t++) {
		const struct dt_iblt_cell *c = &ib->cell[idx[t]];

		if (cell_empty(c) || (cell_pure(c) && c->key_sum != key))
			return true;
	}
	return false;
}

int dt_iblt_insert(struct dt_iblt *ib, u32 key)
{
	u32 idx[DT_IBLT_NHASH];
	u32 t;

	dt_iblt_cells_of(key, idx);
	for (t = 0; t < DT_IBLT_NHASH; t++)
		if (ib->cell[idx[t]].count == COUNT_MAX)
			return -EOVERFLOW;
	update(ib, idx, key, 1);
	return 0;
}

int dt_iblt_erase(struct dt_iblt *ib, u32 key)
{
	u32 idx[DT_IBLT_NHASH];
	u32 t;

	dt_iblt_cells_of(key, idx);
	if (bad_peers(ib, idx, key))
		return -ENOENT;
	for (t = 0; t < DT_IBLT_NHASH; t++)
		if (ib->cell[idx[t]].count == -COUNT_MAX - 1)
			return -EOVERFLOW;
	update(ib, idx, key, -1);
	return 0;
}

void dt_iblt_subtract(struct dt_iblt *dst, const struct dt_iblt *a,
		      const struct dt_iblt *b)
{
	u32 i;

	for (i = 0; i < DT_IBLT_CELLS; i++) {
		const struct dt_iblt_cell *x = &a->cell[i], *y = &b->cell[i];
		struct dt_iblt_cell *z = &dst->cell[i];

		z->count = (s32)((u32)x->count - (u32)y->count);
		z->key_sum = x->key_sum ^ y->key_sum;
		z->key_check = x->key_check ^ y->key_check;
	}
}

/*
 * Peeling as DCT's peel2 does it (sync.md 3.5): passes over the live table
 * in cell order until a pass finds nothing non-empty (done) or removes
 * nothing (stuck). For a genuine difference the visiting order only
 * changes the order of the output arrays; it is DCT's so that crafted
 * tables also end with DCT's status. DCT's loop has no bound: a crafted
 * cell that looks pure but is not one of its key's cells is peeled in
 * every pass, forever. Here the number of keys is bounded (below).
 */
int dt_iblt_peel(struct dt_iblt *d, struct dt_iblt_keys *have,
		 struct dt_iblt_keys *need)
{
	u32 idx[DT_IBLT_NHASH];
	u32 peeled = 0;
	bool progress, nonempty;
	u32 i;

	have->n = 0;
	need->n = 0;
	do {
		progress = false;
		nonempty = false;
		for (i = 0; i < DT_IBLT_CELLS; i++) {
			struct dt_iblt_cell *c = &d->cell[i];
			struct dt_iblt_keys *out;
			u32 key = c->key_sum;
			s32 count = c->count;

			if (cell_empty(c))
				continue;
			nonempty = true;
			if (!cell_pure(c))
				continue;
			dt_iblt_cells_of(key, idx);
			/*
			 * Each key of a genuine difference empties the cell it
			 * is peeled from for good, so there are at most one per
			 * cell; a table that yields more was built to loop.
			 */
			if (bad_peers(d, idx, key) || peeled == DT_IBLT_CELLS)
				return -EBADMSG;
			out = count > 0 ? have : need;
			if (out->n == out->cap)
				return -ENOSPC;
			out->key[out->n++] = key;
			update(d, idx, key, -count);
			peeled++;
			progress = true;
		}
		if (!nonempty)
			return DT_IBLT_PEEL_DONE;
	} while (progress);
	return DT_IBLT_PEEL_PARTIAL;
}

/*
 * A non-empty cell: count in its shortest form, then the two sums.
 * Returns the token length, or 0 if it does not fit in out[0..room).
 */
static size_t put_cell(u8 *out, size_t room, const struct dt_iblt_cell *c)
{
	u32 count = (u32)c->count;
	size_t n;

	n = count < ENC_COUNT8_LIM ? 1 : count <= 0xffff ? 3 : 5;
	if (room < n + ENC_SUMS_LEN)
		return 0;
	if (n == 1) {
		out[0] = count;
	} else if (n == 3) {
		out[0] = ENC_COUNT16;
		out[1] = count;
		out[2] = count >> 8;
	} else {
		out[0] = ENC_COUNT32;
		dt_put_le32(out + 1, count);
	}
	dt_put_le32(out + n, c->key_sum);
	dt_put_le32(out + n + 4, c->key_check);
	return n + ENC_SUMS_LEN;
}

/*
 * sync.md 4.3: runs of empty cells are written as soon as they reach 14
 * (so full runs appear even at the end) or when a non-empty cell ends
 * them; the final partial run is dropped. DCT writes that run after all
 * when nothing else was written, but 141 cells always produce ten full
 * runs first, so that case cannot arise here.
 */
int dt_iblt_encode(const struct dt_iblt *ib, u8 *out, size_t cap)
{
	size_t pos = 0, n;
	u32 run = 0;
	u32 i;

	for (i = 0; i < DT_IBLT_CELLS; i++) {
		const struct dt_iblt_cell *c = &ib->cell[i];

		if (c->count < 0 || (!c->count && !cell_empty(c)))
			return -EINVAL;
		if (!c->count && ++run < ENC_RUN_MAX)
			continue;
		if (run) {
			if (pos == cap)
				return -ENOSPC;
			out[pos++] = ENC_RUN_BASE + run;
			run = 0;
			if (!c->count)
				continue;
		}
		n = put_cell(out + pos, cap - pos, c);
		if (!n)
			return -ENOSPC;
		pos += n;
	}
	return (int)pos;
}

/*
 * Read one cell token starting at in[*pos] (the count marker). Rejects
 * what DCT would read past the end of (sync.md 4.4) and count forms the
 * canonical encoder would not choose: a zero 1-byte count, a 2-byte count
 * under 240, a 4-byte count under 65536 or over S32_MAX.
 */
static int get_cell(struct dt_iblt_cell *c, const u8 *in, size_t len,
		    size_t *pos)
{
	size_t p = *pos;
	u8 b = in[p++];
	u32 count;

	if (b == ENC_COUNT16) {
		if (len - p < 2 + ENC_SUMS_LEN)
			return DT_IBLT_ETRUNC;
		count = in[p] | (u32)in[p + 1] << 8;
		p += 2;
		if (count < ENC_COUNT8_LIM)
			return DT_IBLT_ENONCANON;
	} else if (b == ENC_COUNT32) {
		if (len - p < 4 + ENC_SUMS_LEN)
			return DT_IBLT_ETRUNC;
		count = dt_get_le32(in + p);
		p += 4;
		if (count <= 0xffff || count > COUNT_MAX)
			return DT_IBLT_ENONCANON;
	} else {
		if (len - p < ENC_SUMS_LEN)
			return DT_IBLT_ETRUNC;
		count = b;
		if (!count)
			return DT_IBLT_ENONCANON;
	}
	c->count = (s32)count;
	c->key_sum = dt_get_le32(in + p);
	c->key_check = dt_get_le32(in + p + 4);
	*pos = p + ENC_SUMS_LEN;
	return 0;
}

/*
 * Decision (sync.md 4.4, "SHOULD be stricter"): accept exactly the
 * canonical encodings. DCT only ever sends those, and the name bytes are
 * what csIDs and duplicate detection compare, so a second spelling of the
 * same set is a peer bug, not something to work around. Beyond DCT's own
 * checks this rejects truncated tokens and tokens past the last cell
 * (DCT reads past the end or keeps a partial table), and the spellings
 * its encoder never writes: non-shortest counts, zero or negative counts,
 * a run of 1..13 not followed by a cell, and a trailing gap of 14 or more
 * cells left to be implied.
 */
int dt_iblt_decode(struct dt_iblt *ib, const u8 *in, size_t len)
{
	bool short_run = false;
	size_t pos = 0;
	u32 i = 0;
	int err;

	dt_iblt_init(ib);
	if (!len)
		return DT_IBLT_ENODATA;
	if (len > DT_IBLT_ENC_MAX)
		return DT_IBLT_ETOOBIG;
	while (pos < len) {
		u8 b = in[pos];

		if (b > ENC_RUN_BASE && b <= ENC_RUN_BASE + ENC_RUN_MAX) {
			u32 run = b - ENC_RUN_BASE;

			if (short_run) {
				err = DT_IBLT_ENONCANON;
				goto fail;
			}
			if (run > DT_IBLT_CELLS - i) {
				err = DT_IBLT_ETOOBIG;
				goto fail;
			}
			i += run;
			short_run = run < ENC_RUN_MAX;
			pos++;
			continue;
		}
		if (i == DT_IBLT_CELLS) {
			err = DT_IBLT_ETOOBIG;
			goto fail;
		}
		err = get_cell(&ib->cell[i], in, len, &pos);
		if (err)
			goto fail;
		short_run = false;
		i++;
	}
	/* The encoder drops only a final run shorter than 14 cells. */
	if (short_run || DT_IBLT_CELLS - i >= ENC_RUN_MAX) {
		err = DT_IBLT_ENONCANON;
		goto fail;
	}
	return 0;

fail:
	dt_iblt_init(ib);
	return err;
}
