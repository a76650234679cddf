/* SPDX-License-Identifier: GPL-2.0 */
/* Thumbprints, key ids, sync-zone ids, validity periods and cert names. */
#ifndef _DEFTT_CORE_IDS_H
#define _DEFTT_CORE_IDS_H

#include "wire.h"

struct dt_data;

/* SHA-256 of the whole certificate TLV (wire.md 6.2). */
void dt_thumbprint(const u8 *cert, size_t len, u8 out[DT_THUMBPRINT_LEN]);
/* First 8 bytes of the schema cert's thumbprint (wire.md 6.4). */
void dt_zone_id(const u8 *schema_cert, size_t len, u8 out[DT_ZONE_ID_LEN]);
/* True if a KeyDigest is all zero (self-signed). */
bool dt_tp_is_zero(const u8 tp[DT_THUMBPRINT_LEN]);

/*
 * Unkeyed BLAKE2b with an outlen-byte digest (1..64); the length is a
 * BLAKE2b parameter, so a 4-byte digest is not a truncated 32-byte one.
 */
void dt_blake2b(u8 *out, size_t outlen, const u8 *in, size_t len);
/* Key id = BLAKE2b-32 (4-byte output) of the cert Content (wire.md 6.3). */
void dt_key_id(const u8 *content, size_t len, u8 out[DT_KEY_ID_LEN]);

/*
 * Validity strings YYYYMMDDTHHMMSS (wire.md 8). format truncates µs to
 * whole seconds; parse checks the syntax (W31) and gives seconds since
 * 1970 (negative before; years 0000-9999 are representable).
 */
void dt_validity_format(u64 us, u8 out[DT_VALIDITY_LEN]);
enum dt_wire_err dt_validity_parse(const u8 s[DT_VALIDITY_LEN], s64 *secs);
/* Civil date of a day count since 1970-01-01 (proleptic Gregorian). */
void dt_civil_from_days(s64 days, s64 *y, unsigned int *m, unsigned int *d);

/*
 * W32: NotBefore <= now <= NotAfter, compared as DCT does (string form of
 * now in whole seconds). skew_us widens the window on both sides.
 */
enum dt_wire_err dt_cert_check_time(const struct dt_data *cert, u64 now_us,
				    u64 skew_us);

/*
 * Cert name <prefix...>/KEY/<key id>/dct/<Timestamp ts_us> from the first
 * nprefix components of prefix. Returns the Name TLV size or -DT_WERR_*.
 */
int dt_cert_name_encode(u8 *buf, size_t cap, const struct dt_name *prefix,
			unsigned int nprefix, const u8 key_id[DT_KEY_ID_LEN],
			u64 ts_us);
/* Number of prefix components of a cert name (ncomp - 4). */
static inline unsigned int dt_cert_prefix_comps(const struct dt_name *n)
{
	return n->ncomp >= 4 ? n->ncomp - 4u : 0;
}

/* Key id component value of a parsed cert name (4 bytes). */
const u8 *dt_cert_key_id(const struct dt_name *n);
/* Cert creation time (last component). */
u64 dt_cert_ts(const struct dt_name *n);
/* Schema cert name: "schema" 6th from the end (wire.md 8). */
bool dt_cert_is_schema_name(const struct dt_name *n);
/*
 * Capability cert <pubPrefix>/CAP/<cap>/<arg>/KEY/...: true if n is one for
 * capability cap (e.g. "KMP"); *arg gets the argument component.
 */
bool dt_cert_is_cap(const struct dt_name *n, const char *cap,
		    struct dt_comp *arg);

#endif /* _DEFTT_CORE_IDS_H */
