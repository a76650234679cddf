/* SPDX-License-Identifier: GPL-2.0 */
/* Every size, count and nesting bound of the DeftT wire format, with why. */
#ifndef _DEFTT_CORE_LIMITS_H
#define _DEFTT_CORE_LIMITS_H

/* TLV framing (wire.md 1, 10) */
#define DT_TLV_MAX_VALUE	65535	/* longest length form is fd + 16 bits */
#define DT_TLV_MAX_HDR		6	/* 3-byte type + 3-byte length */
#define DT_TLV_SHORT_MAX	252	/* largest type/length in one byte */
#define DT_MAX_NESTING		5	/* fixed by the grammar (wire.md 1.6) */

/* Datagrams and PDUs (wire.md 10, faces.md 6.1) */
#define DT_MAX_DGRAM		8192	/* DCT receive buffer and TCP frame cap */
#define DT_UDP_MTU_BUDGET	1452	/* 1500 - IPv6 40 - UDP 8 */

/* Names (wire.md 3) */
#define DT_NAME_MAX_COMPS	32	/* schema addresses positions in 5 bits */
#define DT_MIN_DATA_COMPS	3	/* DCT rData::valid() minimum */
#define DT_MIN_CERT_COMPS	5	/* prefix >= 1 + KEY/keyid/dct/ts */
#define DT_NUM_MAX_LEN		8	/* numbers are u64 */
#define DT_CSID_MAX_LEN		4	/* csID is a 32-bit hash */
#define DT_ZONE_ID_LEN		8	/* first 8 bytes of schema thumbprint */

/* cState (wire.md 5) */
#define DT_NONCE_LEN		4	/* u32 written LSB first */
#define DT_LIFETIME_MAX_MS	3600000	/* DCT rState::lifetime() upper bound */

/* cAdd (wire.md 10): smallest valid Publication is 57 bytes, 8192/57 < 144 */
#define DT_MIN_PUB_SIZE		57
#define DT_CADD_MAX_PUBS	144

/* Signatures and certificates (wire.md 6, 7, 8) */
#define DT_THUMBPRINT_LEN	32	/* SHA-256 of the whole cert TLV */
#define DT_KEY_ID_LEN		4	/* BLAKE2b with a 4-byte output */
#define DT_VALIDITY_LEN		15	/* YYYYMMDDTHHMMSS */
#define DT_PUBKEY_LEN		32	/* Ed25519 public key in cert Content */
#define DT_SIGINFO_UNKEYED_LEN	5	/* 16 03 1b 01 st */
#define DT_SIGINFO_KEYED_LEN	41	/* + 1c 22 1d 20 tp32 */
#define DT_SIGINFO_CERT_LEN	83	/* + ValidityPeriod (42 bytes) */
#define DT_SIGVAL_MAX_LEN	104	/* nonce 24 + tag 16 + Ed25519 64 */
#define DT_METAINFO_LEN		5	/* 14 03 18 01 ct */

/* Dissector output (tools, not the data path) */
#define DT_NAME_URI_MAX		4096	/* comfortably above any 32-comp name */

#endif /* _DEFTT_CORE_LIMITS_H */
