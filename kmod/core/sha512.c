// SPDX-License-Identifier: GPL-2.0
/* SHA-512 (FIPS 180-4): the hash inside Ed25519. */
#include "sha512.h"

/* First 64 bits of the fractional parts of the cube roots of the first
 * 80 primes (FIPS 180-4, 4.2.3).
 */
static const u64 dt_sha512_k[80] = {
	0x428a2f98d728ae22ULL, 0x7137449123ef65cdULL,
	0xb5c0fbcfec4d3b2fULL, 0xe9b5dba58189dbbcULL,
	0x3956c25bf348b538ULL, 0x59f111f1b605d019ULL,
	0x923f82a4af194f9bULL, 0xab1c5ed5da6d8118ULL,
	0xd807aa98a3030242ULL, 0x12835b0145706fbeULL,
	0x243185be4ee4b28cULL, 0x550c7dc3d5ffb4e2ULL,
	0x72be5d74f27b896fULL, 0x80deb1fe3b1696b1ULL,
	0x9bdc06a725c71235ULL, 0xc19bf174cf692694ULL,
	0xe49b69c19ef14ad2ULL, 0xefbe4786384f25e3ULL,
	0x0fc19dc68b8cd5b5ULL, 0x240ca1cc77ac9c65ULL,
	0x2de92c6f592b0275ULL, 0x4a7484aa6ea6e483ULL,
	0x5cb0a9dcbd41fbd4ULL, 0x76f988da831153b5ULL,
	0x983e5152ee66dfabULL, 0xa831c66d2db43210ULL,
	0xb00327c898fb213fULL, 0xbf597fc7beef0ee4ULL,
	0xc6e00bf33da88fc2ULL, 0xd5a79147930aa725ULL,
	0x06ca6351e003826fULL, 0x142929670a0e6e70ULL,
	0x27b70a8546d22ffcULL, 0x2e1b21385c26c926ULL,
	0x4d2c6dfc5ac42aedULL, 0x53380d139d95b3dfULL,
	0x650a73548baf63deULL, 0x766a0abb3c77b2a8ULL,
	0x81c2c92e47edaee6ULL, 0x92722c851482353bULL,
	0xa2bfe8a14cf10364ULL, 0xa81a664bbc423001ULL,
	0xc24b8b70d0f89791ULL, 0xc76c51a30654be30ULL,
	0xd192e819d6ef5218ULL, 0xd69906245565a910ULL,
	0xf40e35855771202aULL, 0x106aa07032bbd1b8ULL,
	0x19a4c116b8d2d0c8ULL, 0x1e376c085141ab53ULL,
	0x2748774cdf8eeb99ULL, 0x34b0bcb5e19b48a8ULL,
	0x391c0cb3c5c95a63ULL, 0x4ed8aa4ae3418acbULL,
	0x5b9cca4f7763e373ULL, 0x682e6ff3d6b2b8a3ULL,
	0x748f82ee5defb2fcULL, 0x78a5636f43172f60ULL,
	0x84c87814a1f0ab72ULL, 0x8cc702081a6439ecULL,
	0x90befffa23631e28ULL, 0xa4506cebde82bde9ULL,
	0xbef9a3f7b2c67915ULL, 0xc67178f2e372532bULL,
	0xca273eceea26619cULL, 0xd186b8c721c0c207ULL,
	0xeada7dd6cde0eb1eULL, 0xf57d4f7fee6ed178ULL,
	0x06f067aa72176fbaULL, 0x0a637dc5a2c898a6ULL,
	0x113f9804bef90daeULL, 0x1b710b35131c471bULL,
	0x28db77f523047d84ULL, 0x32caab7b40c72493ULL,
	0x3c9ebe0a15c9bebcULL, 0x431d67c49c100d4cULL,
	0x4cc5d4becb3e42b6ULL, 0x597f299cfc657e2aULL,
	0x5fcb6fab3ad6faecULL, 0x6c44198c4a475817ULL,
};

/* First 64 bits of the fractional parts of the square roots of the first
 * 8 primes (FIPS 180-4, 5.3.5).
 */
static const u64 dt_sha512_iv[8] = {
	0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL,
	0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
	0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL,
	0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL,
};

static __always_inline u64 sha_ror(u64 x, unsigned int n)
{
	return (x >> n) | (x << (64 - n));
}

/* The FIPS 180-4 functions; the big sigmas as nested rotations. */
static __always_inline u64 bsig0(u64 x)
{
	return sha_ror(x ^ sha_ror(x ^ sha_ror(x, 5), 6), 28);
}

static __always_inline u64 bsig1(u64 x)
{
	return sha_ror(x ^ sha_ror(x ^ sha_ror(x, 23), 4), 14);
}

static __always_inline u64 ssig0(u64 x)
{
	return sha_ror(x ^ sha_ror(x, 7), 1) ^ (x >> 7);
}

static __always_inline u64 ssig1(u64 x)
{
	return sha_ror(x ^ sha_ror(x, 42), 19) ^ (x >> 6);
}

/*
 * One round. The working variables are passed by position and the caller
 * rotates the names instead of moving the values. The message schedule
 * lives in a ring of 16 words; from round 16 on each round first extends
 * it by one word. Maj(a, b, c) is computed as b ^ ((a ^ b) & (b ^ c)):
 * b ^ c is the previous round's a ^ b, carried in *bc.
 */
static __always_inline void sha_round(u64 a, u64 b, u64 *d, u64 e, u64 f,
				      u64 g, u64 *h, u64 *w, u64 *bc,
				      unsigned int i)
{
	u64 t1, ab;

	if (i >= 16)
		w[i & 15] += ssig1(w[(i - 2) & 15]) + w[(i - 7) & 15] +
			     ssig0(w[(i - 15) & 15]);
	t1 = *h + bsig1(e) + (g ^ (e & (f ^ g))) + dt_sha512_k[i] +
	     w[i & 15];
	*d += t1;
	ab = a ^ b;
	*h = t1 + bsig0(a) + (b ^ (ab & *bc));
	*bc = ab;
}

static __always_inline void sha_round8(u64 *v, u64 *w, u64 *bc,
				       unsigned int i)
{
	sha_round(v[0], v[1], &v[3], v[4], v[5], v[6], &v[7], w, bc, i);
	sha_round(v[7], v[0], &v[2], v[3], v[4], v[5], &v[6], w, bc, i + 1);
	sha_round(v[6], v[7], &v[1], v[2], v[3], v[4], &v[5], w, bc, i + 2);
	sha_round(v[5], v[6], &v[0], v[1], v[2], v[3], &v[4], w, bc, i + 3);
	sha_round(v[4], v[5], &v[7], v[0], v[1], v[2], &v[3], w, bc, i + 4);
	sha_round(v[3], v[4], &v[6], v[7], v[0], v[1], &v[2], w, bc, i + 5);
	sha_round(v[2], v[3], &v[5], v[6], v[7], v[0], &v[1], w, bc, i + 6);
	sha_round(v[1], v[2], &v[4], v[5], v[6], v[7], &v[0], w, bc, i + 7);
}

static void dt_sha512_blocks(u64 st[8], const u8 *p, size_t nblocks)
{
	u64 w[16], v[8], bc;
	unsigned int i;

	while (nblocks--) {
		for (i = 0; i < 16; i++)
			w[i] = dt_get_be64(p + 8 * i);
		for (i = 0; i < 8; i++)
			v[i] = st[i];
		bc = v[1] ^ v[2];
		/* unrolled: the ring indices and the schedule test fold */
		sha_round8(v, w, &bc, 0);
		sha_round8(v, w, &bc, 8);
		sha_round8(v, w, &bc, 16);
		sha_round8(v, w, &bc, 24);
		sha_round8(v, w, &bc, 32);
		sha_round8(v, w, &bc, 40);
		sha_round8(v, w, &bc, 48);
		sha_round8(v, w, &bc, 56);
		sha_round8(v, w, &bc, 64);
		sha_round8(v, w, &bc, 72);
		for (i = 0; i < 8; i++)
			st[i] += v[i];
		p += DT_SHA512_BLOCK_LEN;
	}
}

void dt_sha512_init(struct dt_sha512_ctx *ctx)
{
	memcpy(ctx->h, dt_sha512_iv, sizeof(ctx->h));
	ctx->count = 0;
}

void dt_sha512_update(struct dt_sha512_ctx *ctx, const u8 *data, size_t len)
{
	size_t used = ctx->count % DT_SHA512_BLOCK_LEN;
	size_t n;

	ctx->count += len;
	if (used) {
		n = DT_SHA512_BLOCK_LEN - used;
		if (len < n) {
			memcpy(ctx->buf + used, data, len);
			return;
		}
		memcpy(ctx->buf + used, data, n);
		dt_sha512_blocks(ctx->h, ctx->buf, 1);
		data += n;
		len -= n;
	}
	n = len / DT_SHA512_BLOCK_LEN;
	if (n) {
		dt_sha512_blocks(ctx->h, data, n);
		data += n * DT_SHA512_BLOCK_LEN;
		len -= n * DT_SHA512_BLOCK_LEN;
	}
	if (len)
		memcpy(ctx->buf, data, len);
}

void dt_sha512_final(struct dt_sha512_ctx *ctx, u8 out[DT_SHA512_LEN])
{
	size_t used = ctx->count % DT_SHA512_BLOCK_LEN;
	unsigned int i;

	/* 0x80, zeros, then the 128-bit big-endian bit length. */
	ctx->buf[used++] = 0x80;
	if (used > DT_SHA512_BLOCK_LEN - 16) {
		memset(ctx->buf + used, 0, DT_SHA512_BLOCK_LEN - used);
		dt_sha512_blocks(ctx->h, ctx->buf, 1);
		used = 0;
	}
	memset(ctx->buf + used, 0, DT_SHA512_BLOCK_LEN - 16 - used);
	dt_put_be64(ctx->buf + DT_SHA512_BLOCK_LEN - 16, ctx->count >> 61);
	dt_put_be64(ctx->buf + DT_SHA512_BLOCK_LEN - 8, ctx->count << 3);
	dt_sha512_blocks(ctx->h, ctx->buf, 1);
	for (i = 0; i < 8; i++)
		dt_put_be64(out + 8 * i, ctx->h[i]);
	dt_wipe(ctx, sizeof(*ctx));
}

void dt_sha512(const u8 *data, size_t len, u8 out[DT_SHA512_LEN])
{
	struct dt_sha512_ctx ctx;

	dt_sha512_init(&ctx);
	dt_sha512_update(&ctx, data, len);
	dt_sha512_final(&ctx, out);
}
