// SPDX-License-Identifier: GPL-2.0
/* In the VM: every kernel crypto primitive gives libsodium's bytes and verdicts on random inputs. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sodium.h>

#include "kselftest_harness.h"
#include "aegis256.h"		/* userspace build of the core: AEGIS reference */

#define ORACLE		"/sys/kernel/debug/deftt/crypto"
#define ROUNDS		200	/* per primitive; TCG makes each kernel call slow */
#define MAX_MSG		1500	/* about one MTU, the largest object we seal */

/* Mirrors enum dt_oracle_op in kmod/crypto_oracle.c. */
enum {
	OP_SHA256 = 1, OP_BLAKE2B256, OP_SHA512, OP_XCHACHA_SEAL,
	OP_XCHACHA_OPEN, OP_X25519, OP_X25519_BASE, OP_ED25519_PK,
	OP_ED25519_SIGN, OP_ED25519_VERIFY, OP_AEGIS_SEAL, OP_AEGIS_OPEN,
};

struct req {
	uint8_t b[8192];
	size_t len;
};

static void req_op(struct req *r, int op)
{
	r->b[0] = op;
	r->len = 1;
}

static void req_put(struct req *r, const void *p, size_t n)
{
	memcpy(r->b + r->len, p, n);
	r->len += n;
}

static void req_var(struct req *r, const void *p, size_t n)
{
	r->b[r->len++] = n & 0xff;
	r->b[r->len++] = n >> 8;
	req_put(r, p, n);
}

/* Sends a request, returns the kernel's status and fills out/outlen. */
static int ask(int fd, const struct req *r, uint8_t *out, size_t *outlen)
{
	uint8_t ans[8192];
	ssize_t n;
	int32_t st;

	if (write(fd, r->b, r->len) != (ssize_t)r->len)
		return -1000 - errno;
	n = read(fd, ans, sizeof(ans));
	if (n < 4)
		return -2000 - errno;
	memcpy(&st, ans, 4);	/* little-endian host, as the test VM */
	*outlen = n - 4;
	memcpy(out, ans + 4, n - 4);
	return st;
}

static size_t rnd_len(void)
{
	/* Mostly small, sometimes up to an MTU, including zero. */
	return randombytes_uniform(4) ? randombytes_uniform(200) :
		randombytes_uniform(MAX_MSG + 1);
}

FIXTURE(oracle) {
	int fd;
	struct req r;
	uint8_t msg[MAX_MSG + 64], ad[256], got[MAX_MSG + 64], want[MAX_MSG + 64];
	size_t got_len;
};

FIXTURE_SETUP(oracle)
{
	ASSERT_EQ(0, sodium_init() < 0);
	self->fd = open(ORACLE, O_RDWR);
	if (self->fd < 0)
		SKIP(return, "no %s (module or debugfs missing)", ORACLE);
}

FIXTURE_TEARDOWN(oracle)
{
	if (self->fd >= 0)
		close(self->fd);
}

TEST_F(oracle, hashes)
{
	for (int i = 0; i < ROUNDS; i++) {
		size_t n = rnd_len();

		randombytes_buf(self->msg, n);
		req_op(&self->r, OP_SHA256);
		req_var(&self->r, self->msg, n);
		ASSERT_EQ(0, ask(self->fd, &self->r, self->got, &self->got_len));
		crypto_hash_sha256(self->want, self->msg, n);
		ASSERT_EQ(32, self->got_len);
		ASSERT_EQ(0, memcmp(self->got, self->want, 32));

		req_op(&self->r, OP_SHA512);
		req_var(&self->r, self->msg, n);
		ASSERT_EQ(0, ask(self->fd, &self->r, self->got, &self->got_len));
		crypto_hash_sha512(self->want, self->msg, n);
		ASSERT_EQ(64, self->got_len);
		ASSERT_EQ(0, memcmp(self->got, self->want, 64));

		req_op(&self->r, OP_BLAKE2B256);
		req_var(&self->r, self->msg, n);
		ASSERT_EQ(0, ask(self->fd, &self->r, self->got, &self->got_len));
		crypto_generichash(self->want, 32, self->msg, n, NULL, 0);
		ASSERT_EQ(32, self->got_len);
		ASSERT_EQ(0, memcmp(self->got, self->want, 32));
	}
}

TEST_F(oracle, xchacha20poly1305)
{
	uint8_t key[32], nonce[24];
	unsigned long long clen;

	for (int i = 0; i < ROUNDS; i++) {
		size_t n = rnd_len(), adn = randombytes_uniform(65);

		randombytes_buf(key, 32);
		randombytes_buf(nonce, 24);
		randombytes_buf(self->ad, adn);
		randombytes_buf(self->msg, n);
		req_op(&self->r, OP_XCHACHA_SEAL);
		req_put(&self->r, key, 32);
		req_put(&self->r, nonce, 24);
		req_var(&self->r, self->ad, adn);
		req_var(&self->r, self->msg, n);
		ASSERT_EQ(0, ask(self->fd, &self->r, self->got, &self->got_len));
		crypto_aead_xchacha20poly1305_ietf_encrypt(self->want, &clen,
			self->msg, n, self->ad, adn, NULL, nonce, key);
		ASSERT_EQ(clen, self->got_len);
		ASSERT_EQ(0, memcmp(self->got, self->want, clen));

		/* Open libsodium's ciphertext, every other one with a bit flipped. */
		int bad = i & 1;

		if (bad)
			self->want[randombytes_uniform(clen)] ^=
				1 << randombytes_uniform(8);
		req_op(&self->r, OP_XCHACHA_OPEN);
		req_put(&self->r, key, 32);
		req_put(&self->r, nonce, 24);
		req_var(&self->r, self->ad, adn);
		req_var(&self->r, self->want, clen);
		int st = ask(self->fd, &self->r, self->got, &self->got_len);
		int sst = crypto_aead_xchacha20poly1305_ietf_decrypt(self->msg +
			0, NULL, NULL, self->want, clen, self->ad, adn, nonce,
			key);

		ASSERT_EQ(bad ? -EBADMSG : 0, st);
		ASSERT_EQ(bad ? -1 : 0, sst);
		if (!bad) {
			ASSERT_EQ(n, self->got_len);
			ASSERT_EQ(0, memcmp(self->got, self->msg, n));
		}
	}
}

TEST_F(oracle, x25519)
{
	uint8_t sc[32], pt[32];

	for (int i = 0; i < ROUNDS; i++) {
		randombytes_buf(sc, 32);
		randombytes_buf(pt, 32);
		/* Now and then a small-order point: both must refuse it. */
		if (i % 16 == 0)
			memset(pt, 0, 32);
		req_op(&self->r, OP_X25519);
		req_put(&self->r, sc, 32);
		req_put(&self->r, pt, 32);
		int st = ask(self->fd, &self->r, self->got, &self->got_len);
		int sst = crypto_scalarmult(self->want, sc, pt);

		ASSERT_EQ(sst ? -EINVAL : 0, st);
		if (!sst)
			ASSERT_EQ(0, memcmp(self->got, self->want, 32));

		req_op(&self->r, OP_X25519_BASE);
		req_put(&self->r, sc, 32);
		ASSERT_EQ(0, ask(self->fd, &self->r, self->got, &self->got_len));
		crypto_scalarmult_base(self->want, sc);
		ASSERT_EQ(0, memcmp(self->got, self->want, 32));
	}
}

TEST_F(oracle, ed25519_sign_and_verify)
{
	uint8_t seed[32], pk[32], sk[64], sig[64];

	for (int i = 0; i < ROUNDS; i++) {
		size_t n = rnd_len();

		randombytes_buf(seed, 32);
		randombytes_buf(self->msg, n);
		crypto_sign_seed_keypair(pk, sk, seed);

		req_op(&self->r, OP_ED25519_PK);
		req_put(&self->r, seed, 32);
		ASSERT_EQ(0, ask(self->fd, &self->r, self->got, &self->got_len));
		ASSERT_EQ(0, memcmp(self->got, pk, 32));

		req_op(&self->r, OP_ED25519_SIGN);
		req_put(&self->r, seed, 32);
		req_var(&self->r, self->msg, n);
		ASSERT_EQ(0, ask(self->fd, &self->r, self->got, &self->got_len));
		crypto_sign_detached(sig, NULL, self->msg, n, sk);
		ASSERT_EQ(64, self->got_len);
		ASSERT_EQ(0, memcmp(self->got, sig, 64));

		/* Verify: good, a flipped bit in sig, msg or key (3 in 4 bad). */
		switch (i % 4) {
		case 1:
			sig[randombytes_uniform(64)] ^= 1 << randombytes_uniform(8);
			break;
		case 2:
			if (n)
				self->msg[randombytes_uniform(n)] ^= 1;
			else
				sig[0] ^= 1;
			break;
		case 3:
			pk[randombytes_uniform(32)] ^= 1 << randombytes_uniform(8);
			break;
		}
		req_op(&self->r, OP_ED25519_VERIFY);
		req_put(&self->r, pk, 32);
		req_put(&self->r, sig, 64);
		req_var(&self->r, self->msg, n);
		int st = ask(self->fd, &self->r, self->got, &self->got_len);
		int sst = crypto_sign_verify_detached(sig, self->msg, n, pk);

		ASSERT_EQ(sst ? -EBADMSG : 0, st);
		if (i % 4 == 0)
			ASSERT_EQ(0, st);
	}
}

TEST_F(oracle, aegis256_matches_userspace_core)
{
	uint8_t key[32], nonce[32], tag[32];

	for (int i = 0; i < ROUNDS; i++) {
		size_t n = rnd_len(), adn = randombytes_uniform(65);

		randombytes_buf(key, 32);
		randombytes_buf(nonce, 32);
		randombytes_buf(self->ad, adn);
		randombytes_buf(self->msg, n);
		req_op(&self->r, OP_AEGIS_SEAL);
		req_put(&self->r, key, 32);
		req_put(&self->r, nonce, 32);
		req_var(&self->r, self->ad, adn);
		req_var(&self->r, self->msg, n);
		ASSERT_EQ(0, ask(self->fd, &self->r, self->got, &self->got_len));
		dt_aegis256_encrypt(self->want, tag, self->msg, n, self->ad, adn,
				    nonce, key);
		memcpy(self->want + n, tag, 32);
		ASSERT_EQ(n + 32, self->got_len);
		ASSERT_EQ(0, memcmp(self->got, self->want, n + 32));

		int bad = i & 1;

		if (bad)
			self->want[randombytes_uniform(n + 32)] ^= 0x80;
		req_op(&self->r, OP_AEGIS_OPEN);
		req_put(&self->r, key, 32);
		req_put(&self->r, nonce, 32);
		req_var(&self->r, self->ad, adn);
		req_var(&self->r, self->want, n + 32);
		int st = ask(self->fd, &self->r, self->got, &self->got_len);

		ASSERT_EQ(bad ? -EBADMSG : 0, st);
		if (!bad)
			ASSERT_EQ(0, memcmp(self->got, self->msg, n));
	}
}

TEST_F(oracle, malformed_requests_only_earn_einval)
{
	static const uint8_t cases[][6] = {
		{ 0 }, { 99 }, { OP_SHA256, 5, 0, 1 }, { OP_X25519, 1, 2 },
		{ OP_XCHACHA_OPEN }, { OP_ED25519_VERIFY, 0xff, 0xff },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memcpy(self->r.b, cases[i], sizeof(cases[i]));
		self->r.len = i ? 1 + i % 5 : 1;
		ASSERT_EQ(-EINVAL, ask(self->fd, &self->r, self->got,
				       &self->got_len));
	}
}

TEST_HARNESS_MAIN
