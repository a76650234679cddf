/* SPDX-License-Identifier: GPL-2.0 */
/* MurmurHash3 (x86, 32-bit) and the 64-to-32-bit mixer used by sync. */
#ifndef _DEFTT_CORE_MURMUR3_H
#define _DEFTT_CORE_MURMUR3_H

#include "platform.h"

/*
 * Seeds fixed by the sync protocol (sync.md 2.3). The publication-hash seed
 * doubles as the upper half of the IBLT keyCheck input; see iblt.c.
 */
#define DT_PUBHASH_SEED	0x53a1df9aU
#define DT_CSID_SEED	0xd5a96f4bU

/*
 * MurmurHash3_x86_32 of len bytes (sync.md 2.1). The input is read a byte
 * at a time as little-endian words, so the result is the same on every host
 * and data needs no alignment. data may be NULL when len is 0.
 */
u32 dt_murmur3_32(u32 seed, const u8 *data, size_t len);

/*
 * The "moremur" 64-to-32-bit mixer (sync.md 2.2): two xor-shift-multiply
 * rounds and a final xor-shift over 64 bits, keeping the low 32 bits.
 * Inline because the IBLT calls it once per cell touched.
 */
static inline u32 dt_mix64(u64 x)
{
	x ^= x >> 27;
	x *= 0x3c79ac492ba7b653ULL;
	x ^= x >> 33;
	x *= 0x1c69b3f74ac4ae35ULL;
	x ^= x >> 27;
	return (u32)x;
}

/* IBLT item key of a Publication: its complete Data TLV as carried. */
static inline u32 dt_pub_hash(const u8 *pub_tlv, size_t len)
{
	return dt_murmur3_32(DT_PUBHASH_SEED, pub_tlv, len);
}

/* csID of a cState: its complete Name TLV, IBLT component included. */
static inline u32 dt_csid(const u8 *name_tlv, size_t len)
{
	return dt_murmur3_32(DT_CSID_SEED, name_tlv, len);
}

#endif /* _DEFTT_CORE_MURMUR3_H */
