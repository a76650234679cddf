// SPDX-License-Identifier: GPL-2.0
/* AEGIS-256 with a bitsliced AES round: no tables, no secret-dependent branches. */
#include "aegis256.h"

/*
 * The whole 768-bit state lives bitsliced in eight 128-bit planes: bit
 * 16 * j + p of plane b is bit b of byte p of block S_j (j = 0..5, p =
 * 0..15). Bits 96..127 stay zero. In a block, byte p = 4 * column + row,
 * as in the AES state (FIPS-197 3.4), so one 16-bit group is one AES state
 * and the six AES rounds of Update() run as one bitsliced computation.
 */
struct dt_aegis_state {
	u128 p[8];
};

#define STATE_MASK	(((u128)1 << 96) - 1)

/*
 * Transposes an 8x8 bit matrix held in a u64 (bit 8 * r + c is row r,
 * column c) with three rounds of swapping off-diagonal bit groups.
 */
static u64 dt_tr8x8(u64 x)
{
	u64 t;

	t = (x ^ (x >> 7)) & 0x00aa00aa00aa00aaULL;
	x ^= t ^ (t << 7);
	t = (x ^ (x >> 14)) & 0x0000cccc0000ccccULL;
	x ^= t ^ (t << 14);
	t = (x ^ (x >> 28)) & 0x00000000f0f0f0f0ULL;
	x ^= t ^ (t << 28);
	return x;
}

/* 16 bytes to eight 16-bit planes (bit p of m[b] = bit b of in[p]). */
static void dt_pack(u16 m[8], const u8 in[16])
{
	u64 lo = dt_tr8x8(dt_get_le64(in));
	u64 hi = dt_tr8x8(dt_get_le64(in + 8));
	int b;

	for (b = 0; b < 8; b++)
		m[b] = (u16)((lo >> (8 * b)) & 0xff) |
		       (u16)(((hi >> (8 * b)) & 0xff) << 8);
}

static void dt_unpack(u8 out[16], const u16 m[8])
{
	u64 lo = 0, hi = 0;
	int b;

	for (b = 0; b < 8; b++) {
		lo |= (u64)(m[b] & 0xff) << (8 * b);
		hi |= (u64)(m[b] >> 8) << (8 * b);
	}
	dt_put_le64(out, dt_tr8x8(lo));
	dt_put_le64(out + 8, dt_tr8x8(hi));
}

/*
 * SubBytes in a tower field. The AES field GF(2^8) = GF(2)[x]/(x^8 + x^4 +
 * x^3 + x + 1) is isomorphic to GF(16)[Y]/(Y^2 + Y + nu), GF(16) =
 * GF(2)[z]/(z^4 + z + 1), nu = z^3 + z (0xa), with x mapped to the root
 * beta = 5 Y of the AES polynomial. There, (h Y + l)^-1 =
 * (h Y + h + l) / d with d = h^2 nu + h l + l^2 in GF(16), so an inversion
 * costs five GF(16) products. The maps into the tower and back (the latter
 * merged with the S-box's affine map) are the 8x8 bit matrices written out
 * in dt_sub_bytes(); they were derived from beta and checked against all
 * 256 S-box entries. Every operand is a bitsliced plane: 128 bytes at once.
 */
static void dt_gf16_mul(u128 r[4], const u128 a[4], const u128 b[4])
{
	u128 c4, c5, c6, c0, c1, c2, c3;

	c0 = a[0] & b[0];
	c1 = (a[0] & b[1]) ^ (a[1] & b[0]);
	c2 = (a[0] & b[2]) ^ (a[1] & b[1]) ^ (a[2] & b[0]);
	c3 = (a[0] & b[3]) ^ (a[1] & b[2]) ^ (a[2] & b[1]) ^ (a[3] & b[0]);
	c4 = (a[1] & b[3]) ^ (a[2] & b[2]) ^ (a[3] & b[1]);
	c5 = (a[2] & b[3]) ^ (a[3] & b[2]);
	c6 = a[3] & b[3];
	/* z^4 = z + 1, z^5 = z^2 + z, z^6 = z^3 + z^2 */
	r[0] = c0 ^ c4;
	r[1] = c1 ^ c4 ^ c5;
	r[2] = c2 ^ c5 ^ c6;
	r[3] = c3 ^ c6;
}

/* Squaring is linear: a0 + a1 z^2 + a2 (z + 1) + a3 (z^3 + z^2). */
static void dt_gf16_sqr(u128 r[4], const u128 a[4])
{
	u128 a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];

	r[0] = a0 ^ a2;
	r[1] = a2;
	r[2] = a1 ^ a3;
	r[3] = a3;
}

/* a^14 = a^-1 (and 0 for 0). */
static void dt_gf16_inv(u128 r[4], const u128 a[4])
{
	u128 a2[4], a4[4], a6[4];

	dt_gf16_sqr(a2, a);
	dt_gf16_sqr(a4, a2);
	dt_gf16_mul(a6, a2, a4);
	dt_gf16_sqr(a4, a4);			/* a^8 */
	dt_gf16_mul(r, a6, a4);
}

static void dt_sub_bytes(u128 x[8])
{
	u128 t[8], u[8], hh[4], ll[4], hl[4], d[4], di[4], s[4];
	int i;

	/* Into the tower: t[0..3] = l, t[4..7] = h. */
	t[0] = x[0] ^ x[2] ^ x[5] ^ x[7];
	t[1] = x[2] ^ x[5] ^ x[6] ^ x[7];
	t[2] = x[2];
	t[3] = x[3] ^ x[4];
	t[4] = x[1] ^ x[5] ^ x[7];
	t[5] = x[2] ^ x[3];
	t[6] = x[1] ^ x[4] ^ x[6] ^ x[7];
	t[7] = x[5] ^ x[7];

	/* d = nu h^2 + h l + l^2 */
	dt_gf16_sqr(hh, t + 4);
	dt_gf16_sqr(ll, t);
	dt_gf16_mul(hl, t + 4, t);
	d[0] = hh[1] ^ hh[3] ^ hl[0] ^ ll[0];
	d[1] = hh[0] ^ hh[1] ^ hh[2] ^ hh[3] ^ hl[1] ^ ll[1];
	d[2] = hh[1] ^ hh[2] ^ hh[3] ^ hl[2] ^ ll[2];
	d[3] = hh[0] ^ hh[2] ^ hh[3] ^ hl[3] ^ ll[3];
	dt_gf16_inv(di, d);

	/* (h Y + l)^-1 = (h d^-1) Y + (h + l) d^-1 */
	dt_gf16_mul(u + 4, t + 4, di);
	for (i = 0; i < 4; i++)
		s[i] = t[i] ^ t[i + 4];
	dt_gf16_mul(u, s, di);

	/* Back to the AES basis, composed with the affine map; then ^ 0x63. */
	x[0] = u[0] ^ u[1] ^ u[2] ^ u[3] ^ u[5] ^ u[7];
	x[1] = u[0] ^ u[1] ^ u[4];
	x[2] = u[0] ^ u[2] ^ u[3] ^ u[5] ^ u[6] ^ u[7];
	x[3] = u[0] ^ u[1] ^ u[2] ^ u[3] ^ u[6];
	x[4] = u[0] ^ u[3] ^ u[4];
	x[5] = u[1] ^ u[2] ^ u[5] ^ u[6];
	x[6] = u[4] ^ u[5] ^ u[6];
	x[7] = u[1] ^ u[2] ^ u[3];
	for (i = 0; i < 8; i++)
		if ((0x63 >> i) & 1)
			x[i] ^= STATE_MASK;
}

/*
 * The per-state permutations never move a bit out of its 16-bit group, so
 * they run on the two 64-bit halves of a plane separately: one-word shifts
 * instead of two-word ones. R16() repeats a pattern in each group.
 */
#define R16(v)	(0x0001000100010001ULL * (v))

static __always_inline u64 dt_sr64(u64 x)
{
	return (x & R16(0x1111)) |
	       ((x >> 4) & R16(0x0222)) | ((x << 12) & R16(0x2000)) |
	       ((x >> 8) & R16(0x0044)) | ((x << 8) & R16(0x4400)) |
	       ((x >> 12) & R16(0x0008)) | ((x << 4) & R16(0x8880));
}

/* ShiftRows: row r of each state moves r columns left (bit 4c + r). */
static __always_inline u128 dt_shift_rows(u128 x)
{
	return (u128)dt_sr64((u64)(x >> 64)) << 64 | dt_sr64((u64)x);
}

/* Row r of each column takes row r + n (mod 4): a rotation in each nibble. */
static __always_inline u64 dt_rot64(u64 x, int n)
{
	static const u64 keep[4] = {
		0, R16(0x7777), R16(0x3333), R16(0x1111),
	};

	return ((x >> n) & keep[n]) | ((x << (4 - n)) & ~keep[n]);
}

static __always_inline u128 dt_rot(u128 x, int n)
{
	return (u128)dt_rot64((u64)(x >> 64), n) << 64 | dt_rot64((u64)x, n);
}

/*
 * MixColumns: out_r = 2 a_r ^ 3 a_(r+1) ^ a_(r+2) ^ a_(r+3)
 *                   = 2 (a_r ^ a_(r+1)) ^ a_(r+1) ^ a_(r+2) ^ a_(r+3);
 * doubling moves plane i to i + 1 and folds plane 7 onto 0, 1, 3, 4.
 */
static void dt_mix_columns(u128 a[8])
{
	u128 t[8], rest[8];
	int i;

	for (i = 0; i < 8; i++) {
		u128 r1 = dt_rot(a[i], 1);

		t[i] = a[i] ^ r1;
		rest[i] = r1 ^ dt_rot(a[i], 2) ^ dt_rot(a[i], 3);
	}
	a[0] = t[7] ^ rest[0];
	a[1] = t[0] ^ t[7] ^ rest[1];
	a[2] = t[1] ^ rest[2];
	a[3] = t[2] ^ t[7] ^ rest[3];
	a[4] = t[3] ^ t[7] ^ rest[4];
	a[5] = t[4] ^ rest[5];
	a[6] = t[5] ^ rest[6];
	a[7] = t[6] ^ rest[7];
}

/* SubBytes, ShiftRows, MixColumns of every block; no round key. */
static void dt_aes_rounds(u128 x[8])
{
	int i;

	dt_sub_bytes(x);
	for (i = 0; i < 8; i++)
		x[i] = dt_shift_rows(x[i]);
	dt_mix_columns(x);
}

/*
 * Update(M): S'_i = AESRound(S_(i-1), S_i) for i = 1..5 and
 * S'_0 = AESRound(S_5, S_0 ^ M). The rounds of all blocks are computed at
 * once; moving block j to j + 1 (5 to 0) is a 16-bit rotation of the planes.
 */
static void dt_update(struct dt_aegis_state *st, const u16 m[8])
{
	u128 t[8];
	int i;

	for (i = 0; i < 8; i++)
		t[i] = st->p[i];
	dt_aes_rounds(t);
	for (i = 0; i < 8; i++) {
		u128 rot = ((t[i] << 16) | (t[i] >> 80)) & STATE_MASK;

		st->p[i] ^= rot ^ m[i];
	}
}

static void dt_update_bytes(struct dt_aegis_state *st, const u8 in[16])
{
	u16 m[8];

	dt_pack(m, in);
	dt_update(st, m);
}

/* z = S1 ^ S4 ^ S5 ^ (S2 & S3), in plane form. */
static void dt_keystream(const struct dt_aegis_state *st, u16 z[8])
{
	int i;

	for (i = 0; i < 8; i++) {
		u128 s = st->p[i];

		z[i] = (u16)((s >> 16) ^ (s >> 64) ^ (s >> 80) ^
			     ((s >> 32) & (s >> 48)));
	}
}

static const u8 dt_aegis_c0[16] = {
	0x00, 0x01, 0x01, 0x02, 0x03, 0x05, 0x08, 0x0d,
	0x15, 0x22, 0x37, 0x59, 0x90, 0xe9, 0x79, 0x62,
};

static const u8 dt_aegis_c1[16] = {
	0xdb, 0x3d, 0x18, 0x55, 0x6d, 0xc2, 0x2f, 0xf1,
	0x20, 0x11, 0x31, 0x42, 0x73, 0xb5, 0x28, 0xdd,
};

static void dt_xor16(u8 *r, const u8 *a, const u8 *b)
{
	int i;

	for (i = 0; i < 16; i++)
		r[i] = a[i] ^ b[i];
}

static void dt_state_set_block(struct dt_aegis_state *st, int j,
			       const u8 in[16])
{
	u16 m[8];
	int i;

	dt_pack(m, in);
	for (i = 0; i < 8; i++)
		st->p[i] |= (u128)m[i] << (16 * j);
}

/* Init(key, nonce), then Absorb() of the zero-padded associated data. */
static void dt_aegis_start(struct dt_aegis_state *st, const u8 *key,
			   const u8 *nonce, const u8 *ad, size_t ad_len)
{
	u16 k0[8], k1[8], kn0[8], kn1[8];
	u8 b[16];
	int r;

	memset(st, 0, sizeof(*st));
	dt_xor16(b, key, nonce);
	dt_state_set_block(st, 0, b);
	dt_pack(kn0, b);
	dt_xor16(b, key + 16, nonce + 16);
	dt_state_set_block(st, 1, b);
	dt_pack(kn1, b);
	dt_state_set_block(st, 2, dt_aegis_c1);
	dt_state_set_block(st, 3, dt_aegis_c0);
	dt_xor16(b, key, dt_aegis_c0);
	dt_state_set_block(st, 4, b);
	dt_xor16(b, key + 16, dt_aegis_c1);
	dt_state_set_block(st, 5, b);
	dt_pack(k0, key);
	dt_pack(k1, key + 16);

	for (r = 0; r < 4; r++) {
		dt_update(st, k0);
		dt_update(st, k1);
		dt_update(st, kn0);
		dt_update(st, kn1);
	}

	while (ad_len >= 16) {
		dt_update_bytes(st, ad);
		ad += 16;
		ad_len -= 16;
	}
	if (ad_len) {
		memset(b, 0, sizeof(b));
		memcpy(b, ad, ad_len);
		dt_update_bytes(st, b);
	}
	dt_wipe(b, sizeof(b));
	dt_wipe(k0, sizeof(k0));
	dt_wipe(k1, sizeof(k1));
	dt_wipe(kn0, sizeof(kn0));
	dt_wipe(kn1, sizeof(kn1));
}

/* Encrypts len bytes; also the re-encryption that undoes a failed decrypt. */
static void dt_aegis_enc(struct dt_aegis_state *st, u8 *dst, const u8 *src,
			 size_t len)
{
	u16 x[8], z[8];
	u8 b[16];
	int i;

	while (len) {
		size_t n = len < 16 ? len : 16;

		memset(b, 0, sizeof(b));
		memcpy(b, src, n);
		dt_pack(x, b);
		dt_keystream(st, z);
		dt_update(st, x);
		for (i = 0; i < 8; i++)
			z[i] ^= x[i];
		dt_unpack(b, z);
		memcpy(dst, b, n);
		src += n;
		dst += n;
		len -= n;
	}
	dt_wipe(b, sizeof(b));
	dt_wipe(x, sizeof(x));
	dt_wipe(z, sizeof(z));
}

/* Dec() and DecPartial(): the state absorbs the zero-padded plaintext. */
static void dt_aegis_dec(struct dt_aegis_state *st, u8 *dst, const u8 *src,
			 size_t len)
{
	u16 x[8], z[8];
	u8 b[16];
	int i;

	while (len) {
		size_t n = len < 16 ? len : 16;

		memset(b, 0, sizeof(b));
		memcpy(b, src, n);
		dt_pack(x, b);
		dt_keystream(st, z);
		for (i = 0; i < 8; i++)
			x[i] ^= z[i];
		dt_unpack(b, x);
		if (n < 16) {
			memset(b + n, 0, 16 - n);
			dt_pack(x, b);
		}
		dt_update(st, x);
		memcpy(dst, b, n);
		src += n;
		dst += n;
		len -= n;
	}
	dt_wipe(b, sizeof(b));
	dt_wipe(x, sizeof(x));
	dt_wipe(z, sizeof(z));
}

static void dt_aegis_finish(struct dt_aegis_state *st, size_t ad_len,
			    size_t len, u8 tag[DT_AEGIS256_TAG_LEN])
{
	u16 t[8], h[8];
	u8 b[16];
	int i;

	dt_put_le64(b, (u64)ad_len * 8);
	dt_put_le64(b + 8, (u64)len * 8);
	dt_pack(t, b);
	for (i = 0; i < 8; i++)
		t[i] ^= (u16)(st->p[i] >> 48);
	for (i = 0; i < 7; i++)
		dt_update(st, t);

	for (i = 0; i < 8; i++) {
		u128 s = st->p[i];

		h[i] = (u16)(s ^ (s >> 16) ^ (s >> 32));
		t[i] = (u16)((s >> 48) ^ (s >> 64) ^ (s >> 80));
	}
	dt_unpack(tag, h);
	dt_unpack(tag + 16, t);
	dt_wipe(st, sizeof(*st));
}

void dt_aegis256_encrypt(u8 *dst, u8 tag[DT_AEGIS256_TAG_LEN],
			 const u8 *src, size_t len,
			 const u8 *ad, size_t ad_len,
			 const u8 nonce[DT_AEGIS256_NONCE_LEN],
			 const u8 key[DT_AEGIS256_KEY_LEN])
{
	struct dt_aegis_state st;

	dt_aegis_start(&st, key, nonce, ad, ad_len);
	dt_aegis_enc(&st, dst, src, len);
	dt_aegis_finish(&st, ad_len, len, tag);
}

int dt_aegis256_decrypt(u8 *dst, const u8 *src, size_t len,
			const u8 tag[DT_AEGIS256_TAG_LEN],
			const u8 *ad, size_t ad_len,
			const u8 nonce[DT_AEGIS256_NONCE_LEN],
			const u8 key[DT_AEGIS256_KEY_LEN])
{
	struct dt_aegis_state st;
	u8 want[DT_AEGIS256_TAG_LEN];
	int bad;

	dt_aegis_start(&st, key, nonce, ad, ad_len);
	dt_aegis_dec(&st, dst, src, len);
	dt_aegis_finish(&st, ad_len, len, want);
	bad = dt_memneq(want, tag, sizeof(want));
	dt_wipe(want, sizeof(want));
	if (!bad)
		return 0;

	if (dst == src) {
		/*
		 * Encrypting the wrong plaintext with the same key, nonce and
		 * AD walks through the same states and gives back exactly the
		 * ciphertext, so a caller can try its next key.
		 */
		dt_aegis_start(&st, key, nonce, ad, ad_len);
		dt_aegis_enc(&st, dst, dst, len);
		dt_aegis_finish(&st, ad_len, len, want);
		dt_wipe(want, sizeof(want));
	} else {
		dt_wipe(dst, len);
	}
	return -EBADMSG;
}

void dt_aes_round(u8 out[DT_AES_BLOCK_LEN], const u8 in[DT_AES_BLOCK_LEN],
		  const u8 rk[DT_AES_BLOCK_LEN])
{
	u128 x[8];
	u16 m[8], k[8];
	int i;

	dt_pack(m, in);
	dt_pack(k, rk);
	for (i = 0; i < 8; i++)
		x[i] = m[i];
	dt_aes_rounds(x);
	for (i = 0; i < 8; i++)
		m[i] = (u16)x[i] ^ k[i];
	dt_unpack(out, m);
}

void dt_aegis256_update_blocks(u8 s[6][DT_AES_BLOCK_LEN],
			       const u8 m[DT_AES_BLOCK_LEN])
{
	struct dt_aegis_state st;
	u16 mp[8], b[8];
	int i, j;

	memset(&st, 0, sizeof(st));
	for (j = 0; j < 6; j++)
		dt_state_set_block(&st, j, s[j]);
	dt_pack(mp, m);
	dt_update(&st, mp);
	for (j = 0; j < 6; j++) {
		for (i = 0; i < 8; i++)
			b[i] = (u16)(st.p[i] >> (16 * j));
		dt_unpack(s[j], b);
	}
}
