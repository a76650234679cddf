/* SPDX-License-Identifier: GPL-2.0 */
/* Signature managers: sign, validate and decrypt Data objects by SignatureType. */
#ifndef _DEFTT_CORE_SIGMGR_H
#define _DEFTT_CORE_SIGMGR_H

#include "wire.h"
#include "keys.h"

#define DT_SIG_NONCE_MAX	32	/* AEGIS-256; XChaCha20 uses 24 */

/*
 * One manager per (collection, object kind): e.g. the msgs Publication
 * manager and the msgs PDU manager of a zone (wire.md 7). It holds the
 * per-instance state DCT keeps: the nonce counter m (wire.md 7.3) and which
 * group key last decrypted, by its CT (so a newly installed key does not
 * displace it: peers go on using the old key until they get the new one).
 * Callers serialise calls on one manager (the counter must never repeat);
 * separate managers (e.g. per CPU) draw separate random counters.
 */
struct dt_sigmgr {
	u64 last_ct;			/* CT of the key that last decrypted */
	u8 type;			/* DT_SIG_* */
	u8 role;			/* enum dt_key_role: which group keys */
	u8 ctr[DT_SIG_NONCE_MAX];	/* m, little-endian counter */
};

/*
 * Sets up a manager for SignatureType type (any but NULL and unknown ones:
 * -EINVAL; AEGIS is built in). The counter is drawn at random.
 */
int dt_sigmgr_init(struct dt_sigmgr *m, unsigned int type,
		   enum dt_key_role role);
/* Sets the counter m (to reproduce vectors); len is the nonce size. */
int dt_sigmgr_set_counter(struct dt_sigmgr *m, const u8 *ctr, size_t len);
/* Nonce size of the type: 24 for the XChaCha20 types, 32 AEGIS, else 0. */
unsigned int dt_sig_nonce_len(unsigned int type);

/*
 * The SignatureInfo a manager writes (wire.md 6.1): type, and the own
 * signing cert's thumbprint for the keyed types. -ENOKEY without a signer.
 */
int dt_sigmgr_siginfo(const struct dt_sigmgr *m, const struct dt_keys *k,
		      struct dt_siginfo *si);

/*
 * Signs in place (wire.md 7.2). buf holds the Data TLV that d describes
 * (d->buf == buf), built with this manager's SignatureInfo and a
 * SignatureValue of dt_sig_value_len(type) bytes (content ignored).
 * Encrypting types encrypt Content's value in place under the newest group
 * key of the manager's role and write nonce || tag (|| signature).
 * Returns 0 or a negative errno: -ENOKEY (no signing or group key),
 * -EINVAL (d does not fit the manager).
 */
int dt_sig_sign(struct dt_sigmgr *m, const struct dt_keys *k, u8 *buf,
		const struct dt_data *d);

/*
 * Authenticity check without decryption, for objects that enter a
 * collection as received (wire.md 7.4): SHA256/RFC7693 hash, EdDSA,
 * and the Ed25519 signature of AEADSGN/PPSIGN. The purely symmetric types
 * (AEAD, AEGIS, PPAEAD) can only be checked by dt_sig_decrypt().
 * Returns DT_WERR_OK, DT_WERR_SIG_POLICY (type is not the manager's),
 * DT_WERR_SIG_LEN (W23), DT_WERR_SIGINFO_SHAPE, DT_WERR_UNKNOWN_SIGNER
 * (W28), DT_WERR_SIG_UNSUPPORTED (symmetric type) or DT_WERR_SIG_BAD (W27).
 */
enum dt_wire_err dt_sig_verify(const struct dt_sigmgr *m,
			       const struct dt_keys *k,
			       const struct dt_data *d);

/*
 * The Ed25519 check dt_sig_verify() would make for an EdDSA, AEADSGN or
 * PPSIGN object, as an item for dt_ed25519_verify_batch() (a cAdd's
 * Publications in one go). pk receives the signer's key; the item points
 * into d's buffer and to pk. Returns as dt_sig_verify() but verifies
 * nothing; DT_WERR_SIG_UNSUPPORTED for the other types.
 */
enum dt_wire_err dt_sig_ed25519_item(const struct dt_sigmgr *m,
				     const struct dt_keys *k,
				     const struct dt_data *d,
				     u8 pk[DT_ED25519_PK_LEN],
				     struct dt_ed25519_item *it);

/*
 * Checks the tag and decrypts Content's value into dst (content_len
 * bytes; dst may be the Content itself, buf + d->off_content), trying the
 * manager's group keys, the one that last worked first. An empty Content
 * is checked too. In place, a failed try leaves the ciphertext intact
 * (AEGIS restores it; the XChaCha20 types need dt_xchacha_open() to leave
 * dst untouched on a bad tag, as the kernel library does).
 * Does not verify the AEADSGN/PPSIGN signature: see dt_sig_validate().
 * Returns as dt_sig_verify(); DT_WERR_SIG_UNSUPPORTED for non-encrypting
 * types; DT_WERR_SIG_BAD when no held key opens it (none held included);
 * DT_WERR_INVAL if buf is not d->buf or dst is NULL. The hint of the last
 * working key is updated; concurrent callers may race on it harmlessly.
 */
enum dt_wire_err dt_sig_decrypt(struct dt_sigmgr *m, const struct dt_keys *k,
				u8 *buf, const struct dt_data *d, u8 *dst);

/*
 * Full receive check as DCT's validateDecrypt(): dt_sig_verify() where it
 * applies (the signature first), then dt_sig_decrypt() for encrypting types
 * (dst as there; ignored otherwise).
 */
enum dt_wire_err dt_sig_validate(struct dt_sigmgr *m, const struct dt_keys *k,
				 u8 *buf, const struct dt_data *d, u8 *dst);

#endif /* _DEFTT_CORE_SIGMGR_H */
