/* SPDX-License-Identifier: GPL-2.0 */
/* Text renderings of a read schema: DCT's schema_dump form and queries. */
#ifndef _DEFTT_TOOLS_SCHEMA_DUMP_H
#define _DEFTT_TOOLS_SCHEMA_DUMP_H

#include <stdio.h>
#include "schema.h"

/* Name-template codes as schema_dump prints them ("/iot1/a2/_/c0"). */
void dt_scm_print_codes(FILE *f, const struct dt_schema *s, const u8 *c,
			unsigned int n);
/* A cor list as "[0.3=1.2, 1.2=2.2]". */
void dt_scm_print_cor(FILE *f, const struct dt_schema *s, unsigned int k);
/* A chain as "[1, 2, 3]". */
void dt_scm_print_chain(FILE *f, const struct dt_schema *s, unsigned int c);
/* The whole decoded schema, line for line as DCT's schema_dump. */
void dt_scm_dump(FILE *f, const struct dt_schema *s);
/* One pub's header and discriminator lines (part of the dump). */
void dt_scm_dump_pub(FILE *f, const struct dt_schema *s, unsigned int p);

/*
 * Answers one of DCT's schema_info queries into out (NUL-terminated):
 * "" (pub 0's name), "#name" (a pub's static value), "-t #name" (that
 * value without its leading '/'), "-c CAP" (capability template index,
 * empty when absent). Returns 0, or -1 for an unknown query or pub.
 */
int dt_scm_info(const struct dt_schema *s, const char *query, char *out,
		size_t cap);

/*
 * Reads a schema from a file's bytes: a bare .scm (type 131) or a schema
 * cert (a Data TLV whose Content is the .scm). *scm gets the schema bytes
 * inside buf.
 */
enum dt_schema_err dt_scm_load(struct dt_schema *s, const u8 *buf,
			       size_t len, const u8 **scm, size_t *scm_len,
			       struct dt_scm_diag *diag);

#endif /* _DEFTT_TOOLS_SCHEMA_DUMP_H */
