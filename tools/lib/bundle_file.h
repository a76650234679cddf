/* SPDX-License-Identifier: GPL-2.0 */
/* Cert, key and bundle files: read, write and list them as DCT's tools do. */
#ifndef _DEFTT_BUNDLE_FILE_H
#define _DEFTT_BUNDLE_FILE_H

#include <stdio.h>

#include "wire.h"
#include "cert_problem.h"

/* Most certs one file may hold; far above any bundle (see bundle.h). */
#define DTC_FILE_MAX_CERTS	64

/* One cert of a file and the key record that follows it, if any. */
struct dtc_item {
	const u8 *cert;		/* whole Data TLV */
	u32 cert_len;
	const u8 *key;		/* key record's value, NULL if none */
	u32 key_len;
};

/*
 * A file read the way DCT's tools read every cert file (*.root, *.cert,
 * *.cap, *.schema, *.bundle; wire.md 9.1): a plain concatenation of
 * certs, each optionally followed by one key record (type 23) that
 * belongs to it. Items point into buf, which the file owns.
 */
struct dtc_file {
	u8 *buf;
	size_t len;
	struct dtc_item item[DTC_FILE_MAX_CERTS];
	unsigned int n;
};

/*
 * Splits buf (not copied; must outlive f) into items. Refuses what DCT's
 * reader refuses (an element other than a cert or a key, a key first or
 * after a key: DTC_E_FORMAT), broken framing (DTC_E_FORMAT with the wire
 * code), and a cert that is not well formed by wire.md 8 (DTC_E_MALFORMED;
 * the anchor and schema exemptions are allowed everywhere here: which
 * cert may be what is the chain check's business).
 */
enum dtc_err dtc_file_parse(const u8 *buf, size_t len, struct dtc_file *f,
			    struct dtc_problem *p);

/* Reads a whole file and parses it; f->buf is then owned by f. */
enum dtc_err dtc_file_load(const char *path, struct dtc_file *f,
			   struct dtc_problem *p);
/* Wipes (keys!) and frees what dtc_file_load() read. */
void dtc_file_free(struct dtc_file *f);

/* Whole file into a malloc'ed buffer. */
enum dtc_err dtc_read_all(const char *path, u8 **buf, size_t *len,
			  struct dtc_problem *p);
/*
 * Writes buf to path through a temporary file and rename(), so a failed
 * run leaves no half-written output; mode 0600 when secret is set.
 */
enum dtc_err dtc_write_all(const char *path, const u8 *buf, size_t len,
			   bool secret, struct dtc_problem *p);

/*
 * Serialises items as DCT's make_bundle does: each cert, then its key
 * record ("17 <len>" + key) when the item has a key. Returns the size
 * (out NULL: only the size), or -1 if cap is too small.
 */
long dtc_bundle_encode(const struct dtc_item *it, unsigned int n, u8 *out,
		       size_t cap);

/*
 * Prints f as DCT's ls_bundle (verbose: ls_bundle -v): per cert its
 * index, "root" / "<= <signer index>" / "<= ?", in verbose form the first
 * four thumbprint bytes, the name, and the first four key bytes.
 */
void dtc_bundle_list(FILE *out, const struct dtc_file *f, bool verbose);

#endif /* _DEFTT_BUNDLE_FILE_H */
