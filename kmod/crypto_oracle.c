// SPDX-License-Identifier: GPL-2.0
/* debugfs deftt/crypto: runs one primitive of the kernel backend on given inputs, for tests. */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "core/platform.h"
#include "core/ed25519.h"
#include "core/sha512.h"
#include "core/aegis256.h"
#include "deftt.h"

/*
 * The VM selftest crypto_oracle_test writes one request and reads back one
 * answer, then compares it with libsodium (or, for AEGIS-256 which the
 * libsodium of Debian 12 lacks, with the userspace build of the core).
 *
 * Request: u8 op, then the op's fields; variable parts are preceded by a
 * u16 little-endian length. Answer: s32 little-endian status (0 or -errno)
 * followed by the output bytes. A request is at most DT_ORACLE_MAX bytes.
 * Only root can open the file (0600); nothing here is for production use,
 * but any request, however malformed, only ever earns -EINVAL.
 */
#define DT_ORACLE_MAX	(64 * 1024)

enum dt_oracle_op {
	DT_ORACLE_SHA256 = 1,		/* msg → 32 */
	DT_ORACLE_BLAKE2B256,		/* msg → 32 */
	DT_ORACLE_SHA512,		/* msg → 64 */
	DT_ORACLE_XCHACHA_SEAL,		/* key32 nonce24 ad msg → ct||tag */
	DT_ORACLE_XCHACHA_OPEN,		/* key32 nonce24 ad ct||tag → msg */
	DT_ORACLE_X25519,		/* scalar32 point32 → 32 */
	DT_ORACLE_X25519_BASE,		/* scalar32 → 32 */
	DT_ORACLE_ED25519_PK,		/* seed32 → pk32 */
	DT_ORACLE_ED25519_SIGN,		/* seed32 msg → sig64 */
	DT_ORACLE_ED25519_VERIFY,	/* pk32 sig64 msg → (status only) */
	DT_ORACLE_AEGIS_SEAL,		/* key32 nonce32 ad msg → ct||tag */
	DT_ORACLE_AEGIS_OPEN,		/* key32 nonce32 ad ct||tag → msg */
};

struct oracle_buf {
	size_t len;		/* answer bytes, status included */
	u8 data[];		/* DT_ORACLE_MAX + room for a tag */
};

#define ORACLE_OUT_MAX	(DT_ORACLE_MAX + 64)

/* A cursor over the request; every take checks what remains. */
struct oracle_in {
	const u8 *p;
	size_t left;
};

static const u8 *take(struct oracle_in *in, size_t n)
{
	const u8 *p = in->p;

	if (in->left < n)
		return NULL;
	in->p += n;
	in->left -= n;
	return p;
}

static const u8 *take_var(struct oracle_in *in, size_t *n)
{
	const u8 *l = take(in, 2);

	if (!l)
		return NULL;
	*n = l[0] | (size_t)l[1] << 8;
	return take(in, *n);
}

/* Runs the request; returns output length (>= 0) or -errno for the status. */
static long oracle_run(struct oracle_in *in, u8 *out)
{
	const u8 *op, *k, *n, *ad, *m;
	size_t ad_len, m_len;
	u8 sk[DT_ED25519_SK_LEN];
	int err;

	op = take(in, 1);
	if (!op)
		return -EINVAL;
	switch (*op) {
	case DT_ORACLE_SHA256:
	case DT_ORACLE_BLAKE2B256:
	case DT_ORACLE_SHA512:
		m = take_var(in, &m_len);
		if (!m || in->left)
			return -EINVAL;
		if (*op == DT_ORACLE_SHA256) {
			dt_sha256(m, m_len, out);
			return DT_SHA256_LEN;
		}
		if (*op == DT_ORACLE_SHA512) {
			dt_sha512(m, m_len, out);
			return DT_SHA512_LEN;
		}
		err = dt_blake2b256(m, m_len, out);
		return err ? err : DT_BLAKE2B256_LEN;
	case DT_ORACLE_XCHACHA_SEAL:
	case DT_ORACLE_XCHACHA_OPEN:
		k = take(in, DT_XCHACHA_KEY_LEN);
		n = take(in, DT_XCHACHA_NONCE_LEN);
		ad = take_var(in, &ad_len);
		m = take_var(in, &m_len);
		if (!k || !n || !ad || !m || in->left)
			return -EINVAL;
		if (*op == DT_ORACLE_XCHACHA_SEAL) {
			err = dt_xchacha_seal(out, m, m_len, ad, ad_len, n, k);
			return err ? err : (long)(m_len + DT_AEAD_TAG_LEN);
		}
		if (m_len < DT_AEAD_TAG_LEN)
			return -EINVAL;
		err = dt_xchacha_open(out, m, m_len, ad, ad_len, n, k);
		return err ? err : (long)(m_len - DT_AEAD_TAG_LEN);
	case DT_ORACLE_X25519:
		k = take(in, DT_X25519_LEN);
		n = take(in, DT_X25519_LEN);
		if (!k || !n || in->left)
			return -EINVAL;
		err = dt_x25519(out, k, n);
		return err ? err : DT_X25519_LEN;
	case DT_ORACLE_X25519_BASE:
		k = take(in, DT_X25519_LEN);
		if (!k || in->left)
			return -EINVAL;
		err = dt_x25519_base(out, k);
		return err ? err : DT_X25519_LEN;
	case DT_ORACLE_ED25519_PK:
	case DT_ORACLE_ED25519_SIGN:
		k = take(in, 32);
		m = *op == DT_ORACLE_ED25519_SIGN ? take_var(in, &m_len) : k;
		if (!k || !m || in->left)
			return -EINVAL;
		dt_ed25519_keypair(out, sk, k);
		if (*op == DT_ORACLE_ED25519_PK) {
			memzero_explicit(sk, sizeof(sk));
			return DT_ED25519_PK_LEN;
		}
		dt_ed25519_sign(out, m, m_len, sk);
		memzero_explicit(sk, sizeof(sk));
		return DT_ED25519_SIG_LEN;
	case DT_ORACLE_ED25519_VERIFY:
		k = take(in, DT_ED25519_PK_LEN);
		n = take(in, DT_ED25519_SIG_LEN);
		m = take_var(in, &m_len);
		if (!k || !n || !m || in->left)
			return -EINVAL;
		return dt_ed25519_verify(n, m, m_len, k) ? -EBADMSG : 0;
	case DT_ORACLE_AEGIS_SEAL:
	case DT_ORACLE_AEGIS_OPEN:
		k = take(in, DT_AEGIS256_KEY_LEN);
		n = take(in, DT_AEGIS256_NONCE_LEN);
		ad = take_var(in, &ad_len);
		m = take_var(in, &m_len);
		if (!k || !n || !ad || !m || in->left)
			return -EINVAL;
		if (*op == DT_ORACLE_AEGIS_SEAL) {
			dt_aegis256_encrypt(out, out + m_len, m, m_len, ad,
					    ad_len, n, k);
			return m_len + DT_AEGIS256_TAG_LEN;
		}
		if (m_len < DT_AEGIS256_TAG_LEN)
			return -EINVAL;
		m_len -= DT_AEGIS256_TAG_LEN;
		err = dt_aegis256_decrypt(out, m, m_len, m + m_len, ad, ad_len,
					  n, k);
		return err ? err : (long)m_len;
	}
	return -EINVAL;
}

static int oracle_open(struct inode *inode, struct file *file)
{
	struct oracle_buf *b;

	b = kvzalloc(sizeof(*b) + ORACLE_OUT_MAX, GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	file->private_data = b;
	return nonseekable_open(inode, file);
}

static int oracle_release(struct inode *inode, struct file *file)
{
	kvfree_sensitive(file->private_data, sizeof(struct oracle_buf) +
			 ORACLE_OUT_MAX);
	return 0;
}

/* One write is one whole request; its answer replaces the previous one. */
static ssize_t oracle_write(struct file *file, const char __user *ubuf,
			    size_t len, loff_t *ppos)
{
	struct oracle_buf *b = file->private_data;
	struct oracle_in in;
	u8 *req;
	long r;

	if (!len || len > DT_ORACLE_MAX)
		return -EINVAL;
	req = memdup_user(ubuf, len);
	if (IS_ERR(req))
		return PTR_ERR(req);
	in.p = req;
	in.left = len;
	r = oracle_run(&in, b->data + 4);
	kfree_sensitive(req);
	dt_put_le32(b->data, r < 0 ? (u32)r : 0);
	b->len = 4 + (r < 0 ? 0 : r);
	return len;
}

static ssize_t oracle_read(struct file *file, char __user *ubuf, size_t len,
			   loff_t *ppos)
{
	struct oracle_buf *b = file->private_data;
	size_t n = min(len, b->len);

	if (!b->len)
		return -ENODATA;
	if (copy_to_user(ubuf, b->data, n))
		return -EFAULT;
	b->len = 0;
	return n;
}

static const struct file_operations oracle_fops = {
	.owner = THIS_MODULE,
	.open = oracle_open,
	.release = oracle_release,
	.write = oracle_write,
	.read = oracle_read,
};

void deftt_crypto_oracle_init(struct dentry *dir)
{
	debugfs_create_file("crypto", 0600, dir, NULL, &oracle_fops);
}
