// SPDX-License-Identifier: GPL-2.0
/* Thumbprints, sync-zone ids and key ids (BLAKE2b with a short digest). */
#include "wire.h"

void dt_thumbprint(const u8 *cert, size_t len, u8 out[DT_THUMBPRINT_LEN])
{
	dt_sha256(cert, len, out);
}

void dt_zone_id(const u8 *schema_cert, size_t len, u8 out[DT_ZONE_ID_LEN])
{
	u8 tp[DT_THUMBPRINT_LEN];

	dt_sha256(schema_cert, len, tp);
	memcpy(out, tp, DT_ZONE_ID_LEN);
}

/*
 * BLAKE2b (RFC 7693), unkeyed, any digest length 1..64. The platform only
 * offers the 32-byte digest; key ids need the 4-byte one, which is a
 * different function (the length enters the parameter block).
 */
static const u64 b2b_iv[8] = {
	0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL,
	0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
	0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL,
	0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL,
};

static const u8 b2b_sigma[10][16] = {
	{ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 },
	{ 14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3 },
	{ 11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4 },
	{ 7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8 },
	{ 9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13 },
	{ 2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9 },
	{ 12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11 },
	{ 13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10 },
	{ 6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5 },
	{ 10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0 },
};

static inline u64 b2b_ror(u64 x, unsigned int n)
{
	return x >> n | x << (64 - n);
}

static void b2b_mix(u64 *v, unsigned int a, unsigned int b, unsigned int c,
		    unsigned int d, u64 x, u64 y)
{
	v[a] += v[b] + x;
	v[d] = b2b_ror(v[d] ^ v[a], 32);
	v[c] += v[d];
	v[b] = b2b_ror(v[b] ^ v[c], 24);
	v[a] += v[b] + y;
	v[d] = b2b_ror(v[d] ^ v[a], 16);
	v[c] += v[d];
	v[b] = b2b_ror(v[b] ^ v[c], 63);
}

static void b2b_block(u64 h[8], const u8 blk[128], u64 t, bool last)
{
	u64 v[16], m[16];
	unsigned int i, r;
	const u8 *s;

	for (i = 0; i < 16; i++)
		m[i] = dt_get_le64(blk + 8 * i);
	for (i = 0; i < 8; i++) {
		v[i] = h[i];
		v[i + 8] = b2b_iv[i];
	}
	v[12] ^= t;	/* inputs here are < 2^64 bytes: high word is 0 */
	if (last)
		v[14] = ~v[14];
	for (r = 0; r < 12; r++) {
		s = b2b_sigma[r % 10];
		b2b_mix(v, 0, 4, 8, 12, m[s[0]], m[s[1]]);
		b2b_mix(v, 1, 5, 9, 13, m[s[2]], m[s[3]]);
		b2b_mix(v, 2, 6, 10, 14, m[s[4]], m[s[5]]);
		b2b_mix(v, 3, 7, 11, 15, m[s[6]], m[s[7]]);
		b2b_mix(v, 0, 5, 10, 15, m[s[8]], m[s[9]]);
		b2b_mix(v, 1, 6, 11, 12, m[s[10]], m[s[11]]);
		b2b_mix(v, 2, 7, 8, 13, m[s[12]], m[s[13]]);
		b2b_mix(v, 3, 4, 9, 14, m[s[14]], m[s[15]]);
	}
	for (i = 0; i < 8; i++)
		h[i] ^= v[i] ^ v[i + 8];
}

void dt_blake2b(u8 *out, size_t outlen, const u8 *in, size_t len)
{
	u8 blk[128], full[64];
	u64 h[8], t = 0;
	unsigned int i;

	if (!outlen || outlen > 64)
		return;
	memcpy(h, b2b_iv, sizeof(h));
	h[0] ^= 0x01010000ULL ^ outlen;	/* depth 1, fanout 1, no key */
	while (len > 128) {
		t += 128;
		b2b_block(h, in, t, false);
		in += 128;
		len -= 128;
	}
	memset(blk, 0, sizeof(blk));
	if (len)
		memcpy(blk, in, len);
	t += len;
	b2b_block(h, blk, t, true);
	for (i = 0; i < 8; i++)
		dt_put_le64(full + 8 * i, h[i]);
	memcpy(out, full, outlen);
}

void dt_key_id(const u8 *content, size_t len, u8 out[DT_KEY_ID_LEN])
{
	dt_blake2b(out, DT_KEY_ID_LEN, content, len);
}
