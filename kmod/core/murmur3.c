// SPDX-License-Identifier: GPL-2.0
/* MurmurHash3_x86_32, byte-order independent (sync.md 2.1). */
#include "murmur3.h"

#define MM3_C1	0xcc9e2d51U
#define MM3_C2	0x1b873593U

static __always_inline u32 mm3_rotl(u32 v, unsigned int n)
{
	return (v << n) | (v >> (32 - n));
}

/* The per-word scramble shared by the body and the tail. */
static __always_inline u32 mm3_scramble(u32 k)
{
	k *= MM3_C1;
	k = mm3_rotl(k, 15);
	return k * MM3_C2;
}

u32 dt_murmur3_32(u32 seed, const u8 *data, size_t len)
{
	size_t nblocks = len / 4;
	size_t rest = len & 3;
	u32 h = seed;
	size_t i;

	for (i = 0; i < nblocks; i++) {
		h ^= mm3_scramble(dt_get_le32(data + 4 * i));
		h = mm3_rotl(h, 13);
		h = h * 5 + 0xe6546b64U;
	}

	/*
	 * 1-3 leftover bytes form one more little-endian word, mixed in
	 * without the rotate-and-add step. The tail pointer is formed only
	 * when there is a tail, so data may be NULL for an empty input.
	 */
	if (rest) {
		const u8 *t = data + nblocks * 4;
		u32 k = t[0];

		if (rest > 1)
			k |= (u32)t[1] << 8;
		if (rest > 2)
			k |= (u32)t[2] << 16;
		h ^= mm3_scramble(k);
	}

	/* Only the low 32 bits of the length enter the hash. */
	h ^= (u32)len;
	h ^= h >> 16;
	h *= 0x85ebca6bU;
	h ^= h >> 13;
	h *= 0xc2b2ae35U;
	h ^= h >> 16;
	return h;
}
