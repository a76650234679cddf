// SPDX-License-Identifier: GPL-2.0
/* SHA-512 against the FIPS 180-4 examples and libsodium on random inputs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "kselftest_harness.h"
#include "vec.h"
#include "sha512.h"

TEST(fips_vectors)
{
	char *txt = (char *)vec_read(vec_data("sha512.txt"), NULL);
	char *save = NULL, *l;
	u8 want[64], got[64];
	unsigned int n = 0;

	ASSERT_NE(NULL, txt);
	for (l = strtok_r(txt, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char kind[16], a[256], b[256], c[256];
		struct dt_sha512_ctx ctx;

		if (l[0] == '#')
			continue;
		ASSERT_LE(3, sscanf(l, "%15s %255s %255s %255s", kind, a, b, c));
		if (!strcmp(kind, "text")) {
			size_t len = strcmp(a, "-") ? strlen(a) : 0;

			ASSERT_EQ(64, vec_unhex(b, want, sizeof(want)));
			dt_sha512((const u8 *)a, len, got);
			ASSERT_EQ(0, memcmp(want, got, 64)) TH_LOG("%s", a);
		} else {
			unsigned long count = strtoul(a, NULL, 10), i;
			u8 chunk[1000];

			ASSERT_STREQ("repeat", kind);
			ASSERT_EQ(64, vec_unhex(c, want, sizeof(want)));
			memset(chunk, b[0], sizeof(chunk));
			dt_sha512_init(&ctx);
			/* odd-sized pieces cross the block boundary everywhere */
			for (i = 0; i < count; i += 997)
				dt_sha512_update(&ctx, chunk,
						 count - i < 997 ? count - i : 997);
			dt_sha512_final(&ctx, got);
			ASSERT_EQ(0, memcmp(want, got, 64));
		}
		n++;
	}
	ASSERT_EQ(5, n);
	free(txt);
}

/* Every length from 0 to 600 (all padding cases) and random longer ones. */
TEST(random_vs_libsodium)
{
	static u8 buf[20000];
	u8 a[64], b[64], c[64];
	unsigned int i, len;

	ASSERT_LE(0, sodium_init());
	for (i = 0; i < 1200; i++) {
		struct dt_sha512_ctx ctx;
		size_t off = 0;

		len = i <= 600 ? i : randombytes_uniform(sizeof(buf));
		randombytes_buf(buf, len);
		dt_sha512(buf, len, a);
		crypto_hash_sha512(b, buf, len);
		ASSERT_EQ(0, memcmp(a, b, 64)) TH_LOG("len %u", len);
		/* the same through random-sized updates */
		dt_sha512_init(&ctx);
		while (off < len) {
			size_t n = randombytes_uniform(300);

			if (n > len - off)
				n = len - off;
			dt_sha512_update(&ctx, buf + off, n);
			off += n;
		}
		dt_sha512_final(&ctx, c);
		ASSERT_EQ(0, memcmp(b, c, 64)) TH_LOG("chunked len %u", len);
	}
}

/* Different inputs of the same length give different digests (a wrong
 * length encoding or skipped block would collide).
 */
TEST(single_bit_changes)
{
	u8 buf[300], a[64], b[64];
	unsigned int i;

	memset(buf, 0, sizeof(buf));
	dt_sha512(buf, sizeof(buf), a);
	for (i = 0; i < sizeof(buf) * 8; i += 7) {
		buf[i / 8] ^= 1 << (i % 8);
		dt_sha512(buf, sizeof(buf), b);
		ASSERT_NE(0, memcmp(a, b, 64));
		crypto_hash_sha512(a, buf, sizeof(buf));
		ASSERT_EQ(0, memcmp(a, b, 64));
		buf[i / 8] ^= 1 << (i % 8);
		dt_sha512(buf, sizeof(buf), a);
	}
}

TEST_HARNESS_MAIN
