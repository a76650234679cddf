/* SPDX-License-Identifier: GPL-2.0 */
/* Keys the signature managers use: own signing key, signers, group keys. */
#ifndef _DEFTT_CORE_KEYS_H
#define _DEFTT_CORE_KEYS_H

#include "platform.h"
#include "limits.h"
#include "ed25519.h"

#define DT_GKEY_LEN	32	/* XChaCha20-Poly1305 or AEGIS-256 key */
#define DT_KEYS_KEPT	2	/* receivers try the two newest keys */

/*
 * A symmetric group key (distributors.md 4.11). Its creation time (CT, µs
 * since 1970) is its identity: it orders keys and enters every nonce.
 */
struct dt_gkey {
	u64 ct;
	u8 key[DT_GKEY_LEN];
};

/* Two newest keys, k[0] the newest (highest CT); n of them are valid. */
struct dt_gkeys {
	struct dt_gkey k[DT_KEYS_KEPT];
	u8 n;
};

/*
 * A subscriber-group X25519 pair (PPAEAD 11, PPSIGN 12; wire.md 7.6,
 * distributors.md 5). Every publisher has pk; only subscribers have sk.
 * tx is this member's sending key for pk, derived from the own signing key
 * whenever the pair or the signing key changes.
 */
struct dt_sgkey {
	u64 ct;
	u8 pk[DT_X25519_LEN];
	u8 sk[DT_X25519_LEN];
	u8 tx[DT_GKEY_LEN];
	bool has_sk;
	bool has_tx;
};

struct dt_sgkeys {
	struct dt_sgkey k[DT_KEYS_KEPT];
	u8 n;
};

/* The own signing key (libsodium form seed || pk) and its cert thumbprint. */
struct dt_signer {
	u8 sk[DT_ED25519_SK_LEN];
	u8 tp[DT_THUMBPRINT_LEN];
	bool valid;
};

/*
 * Finds the 32-byte Ed25519 public key (cert Content) of the signer whose
 * cert thumbprint is tp. Returns 0, or -ENOKEY if no such signer is known.
 * Called from validation paths: it must not sleep if they do not.
 */
typedef int (*dt_signer_lookup_t)(void *ctx, const u8 tp[DT_THUMBPRINT_LEN],
				  u8 pk[DT_ED25519_PK_LEN]);

/* Which group keys a manager uses (distributors.md 4.12). */
enum dt_key_role {
	DT_KEYS_PDU,	/* keys/pdus: cAdd Content of one sync zone */
	DT_KEYS_PUB,	/* keys/msgs: Publications, end to end */
	DT_KEYS_NROLES
};

/*
 * Everything the managers read. The owner changes it only with the
 * managers quiescent (e.g. build a new one and switch under RCU).
 */
struct dt_keys {
	struct dt_signer self;
	struct dt_gkeys group[DT_KEYS_NROLES];
	struct dt_sgkeys sgroup[DT_KEYS_NROLES];
	dt_signer_lookup_t lookup;
	void *lookup_ctx;
};

void dt_keys_init(struct dt_keys *k, dt_signer_lookup_t lookup, void *ctx);
/* Wipes every secret. */
void dt_keys_wipe(struct dt_keys *k);

/*
 * Installs the own signing key; re-derives the PPAEAD/PPSIGN sending keys.
 * Returns 0 or -EINVAL (public half not a usable key).
 */
int dt_keys_set_signer(struct dt_keys *k, const u8 sk[DT_ED25519_SK_LEN],
		       const u8 tp[DT_THUMBPRINT_LEN]);

/*
 * Installs a group key with its CT, keeping the two newest by CT. A CT
 * already held replaces that key. Returns 0, or -ESTALE if the key is
 * older than both kept ones (it is not installed).
 */
int dt_keys_add_group(struct dt_keys *k, enum dt_key_role role,
		      const u8 key[DT_GKEY_LEN], u64 ct);

/*
 * Installs a subscriber-group pair (sk NULL for a publish-only member) with
 * the same keeping rule. Returns 0, -ESTALE, or -EINVAL if the sending key
 * cannot be derived.
 */
int dt_keys_add_sgroup(struct dt_keys *k, enum dt_key_role role,
		       const u8 pk[DT_X25519_LEN], const u8 *sk, u64 ct);

/* Signer public key by thumbprint through the owner's lookup. */
int dt_keys_signer_pk(const struct dt_keys *k, const u8 tp[DT_THUMBPRINT_LEN],
		      u8 pk[DT_ED25519_PK_LEN]);

/*
 * libsodium-compatible conversions (crypto_sign_ed25519_pk_to_curve25519,
 * ..._sk_to_curve25519). The public conversion returns -EINVAL for a
 * non-canonical y or y = 1; the key comes from a validated certificate.
 */
int dt_ed25519_pk_to_x25519(u8 out[DT_X25519_LEN],
			    const u8 pk[DT_ED25519_PK_LEN]);
void dt_ed25519_sk_to_x25519(u8 out[DT_X25519_LEN],
			     const u8 sk[DT_ED25519_SK_LEN]);

/*
 * Per-publisher key of PPAEAD/PPSIGN (wire.md 7.6), bytes 32..63 of
 * BLAKE2b-512(X25519(xsk, gpk) || xpk || gpk): the publisher's
 * crypto_kx_client_session_keys() tx key and the subscriber's
 * crypto_kx_server_session_keys() rx key. Return 0 or -EINVAL.
 */
int dt_pp_sender_key(u8 out[DT_GKEY_LEN], const u8 sk[DT_ED25519_SK_LEN],
		     const u8 gpk[DT_X25519_LEN]);
int dt_pp_receiver_key(u8 out[DT_GKEY_LEN], const u8 gpk[DT_X25519_LEN],
		       const u8 gsk[DT_X25519_LEN],
		       const u8 pub_pk[DT_ED25519_PK_LEN]);

#endif /* _DEFTT_CORE_KEYS_H */
