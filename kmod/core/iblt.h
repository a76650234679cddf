/* SPDX-License-Identifier: GPL-2.0 */
/* The sync IBLT: cells, set operations, peeling and the cState encoding. */
#ifndef _DEFTT_CORE_IBLT_H
#define _DEFTT_CORE_IBLT_H

#include "platform.h"

/*
 * Geometry (sync.md 3.1). DCT sizes its table from a byte budget: the
 * sub-table size is the largest prime <= budget / (3 hashes * 9 bytes per
 * average encoded cell), and every DCT IBLT uses the default budget of
 * 1300 bytes, giving 3 interleaved sub-tables of 47 cells. The size is not
 * on the wire and cannot be negotiated (open question 14), so deftt fixes
 * it at compile time; dt_iblt_subtable_size() records the rule and the
 * unit test checks that it still yields DT_IBLT_SUBTABLE.
 */
#define DT_IBLT_NHASH		3
#define DT_IBLT_BUDGET		1300
#define DT_IBLT_CELL_ENC_AVG	9
#define DT_IBLT_SUBTABLE	47
#define DT_IBLT_CELLS		(DT_IBLT_NHASH * DT_IBLT_SUBTABLE)

/*
 * Encoding sizes (sync.md 4). An empty table is ten 14-cell runs; the
 * largest canonical encoding is every cell with a 4-byte count (13 bytes).
 * Size output buffers with DT_IBLT_ENC_MAX and nothing can be too small.
 */
#define DT_IBLT_ENC_EMPTY_LEN	10
#define DT_IBLT_ENC_MAX		(DT_IBLT_CELLS * 13)

/*
 * Decoder errors (negative errnos, one per way an encoding can be bad):
 * DT_IBLT_ENODATA    the component is empty (a canonical one never is);
 * DT_IBLT_ETRUNC     a cell token needs more bytes than remain;
 * DT_IBLT_ETOOBIG    the tokens describe cells beyond the last one, or
 *                    the input is longer than any canonical encoding;
 * DT_IBLT_ENONCANON  well formed, but not what the canonical encoder
 *                    writes for any set (see dt_iblt_decode()).
 */
#define DT_IBLT_ENODATA		(-ENODATA)
#define DT_IBLT_ETRUNC		(-EBADMSG)
#define DT_IBLT_ETOOBIG		(-E2BIG)
#define DT_IBLT_ENONCANON	(-EINVAL)

/* Peel results besides negative errnos (sync.md 3.5). */
#define DT_IBLT_PEEL_DONE	0	/* table emptied: have/need exact */
#define DT_IBLT_PEEL_PARTIAL	1	/* stuck: have/need a true subset */

/*
 * One cell (sync.md 3.2): count is signed (differences go negative),
 * key_sum is the xor of the keys, key_check the xor of their check terms.
 */
struct dt_iblt_cell {
	s32 count;
	u32 key_sum;
	u32 key_check;
};

/*
 * A whole table, 1692 bytes: too big for most kernel stacks, so callers
 * embed it or allocate it. No hidden state: a zeroed struct is the empty
 * set, and two tables are equal iff their bytes are.
 */
struct dt_iblt {
	struct dt_iblt_cell cell[DT_IBLT_CELLS];
};

/* A caller-owned output array for peeling; n is set by dt_iblt_peel(). */
struct dt_iblt_keys {
	u32 *key;
	u32 cap;
	u32 n;
};

/* DCT's sizing rule: sub-table cells for a byte budget, 0 if too small. */
u32 dt_iblt_subtable_size(u32 budget);

/* The three cell indices of a key, one per sub-table, in sub-table order. */
void dt_iblt_cells_of(u32 key, u32 idx[DT_IBLT_NHASH]);

/* The keyCheck contribution of a key (sync.md 2.3). */
u32 dt_iblt_check_term(u32 key);

static inline void dt_iblt_init(struct dt_iblt *ib)
{
	memset(ib, 0, sizeof(*ib));
}

bool dt_iblt_is_empty(const struct dt_iblt *ib);

/*
 * Add a key. -EOVERFLOW (table unchanged) if a count would pass S32_MAX,
 * which needs 2^31 inserts into one cell.
 */
int dt_iblt_insert(struct dt_iblt *ib, u32 key);

/*
 * Remove a key. Like DCT, refuse with -ENOENT (table unchanged) when the
 * key plainly is not there: one of its cells is empty or holds exactly one
 * other key. -EOVERFLOW if a count would pass S32_MIN.
 */
int dt_iblt_erase(struct dt_iblt *ib, u32 key);

/*
 * dst = a - b cell by cell: counts subtract (wrapping, so hostile decoded
 * tables cannot cause undefined behaviour), sums and checks xor. dst may
 * be a or b.
 */
void dt_iblt_subtract(struct dt_iblt *dst, const struct dt_iblt *a,
		      const struct dt_iblt *b);

/*
 * List a difference table d = own - received, destroying it. Keys with
 * count +1 go to have (we hold them, the sender lacks them), count -1 to
 * need; each array gets its keys in the order they were peeled (DCT keeps
 * sorted sets; a genuine difference lists each key once, a crafted table
 * may list one twice, so users must tolerate repeats).
 * Returns DT_IBLT_PEEL_DONE, DT_IBLT_PEEL_PARTIAL, -EBADMSG when the table
 * is inconsistent (DCT's status -1: ignore the cState) or -ENOSPC when an
 * output array filled up. Arrays of DT_IBLT_CELLS keys never fill up: a
 * genuine difference peels at most one key per cell, and more than that
 * is reported as -EBADMSG. On every error the arrays hold the keys peeled
 * before it, which is what DCT's status-less peel returns.
 */
int dt_iblt_peel(struct dt_iblt *d, struct dt_iblt_keys *have,
		 struct dt_iblt_keys *need);

/*
 * Canonical encoding of a set (sync.md 4.3) into out[0..cap): returns its
 * length, -ENOSPC if cap is too small, or -EINVAL if ib is not a set (a
 * negative count, or a zero count with non-zero sums).
 */
int dt_iblt_encode(const struct dt_iblt *ib, u8 *out, size_t cap);

/*
 * Decode a cState IBLT component into ib. Input is untrusted: every token
 * is bounds-checked, and only canonical encodings are accepted, so an
 * accepted component re-encodes to the same bytes. Returns 0 or one of the
 * DT_IBLT_E* errors; on error ib is left empty.
 */
int dt_iblt_decode(struct dt_iblt *ib, const u8 *in, size_t len);

#endif /* _DEFTT_CORE_IBLT_H */
