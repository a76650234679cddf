/* SPDX-License-Identifier: GPL-2.0 */
/* deftt-schemac library interface: compile VerSec source held in memory. */
#ifndef _DEFTT_SCHEMAC_H
#define _DEFTT_SCHEMAC_H

#include <stddef.h>
#include <stdint.h>

/* Listing levels, as DCT's -q / default / -v / -d. */
enum sc_level {
	SC_QUIET = 0,
	SC_SUMMARY = 1,		/* pubs, parameters, tags, cert templates */
	SC_FULL = 2,		/* + chains and string statistics */
	SC_DETAIL = 3,		/* + correspondences and templates */
	SC_DEBUG = 4,		/* + DAG, tokens, tables, bytes per section */
};

struct sc_opts {
	const char *file;	/* name used in messages */
	const char *out_name;	/* output name for the listing (default: file) */
	int level;		/* enum sc_level */
	int dag_only;		/* -D: the cert DAG in dot, no binary */
};

/* Everything a compile produced; all of it malloc'ed, see sc_result_free. */
struct sc_result {
	uint8_t *scm;		/* the binary schema (NULL after an error) */
	size_t scm_len;
	char *listing;		/* listing text asked for by the level */
	size_t listing_len;
	char *diags;		/* "file:line:col: error: ..." lines */
	size_t diags_len;
	int errors;
	int warnings;
};

/*
 * Compile src[0..len) (need not be NUL-terminated). Returns 0 when a schema
 * was produced (or, with dag_only, the DAG printed), -1 on any error. Never
 * exits; every allocation is released by sc_result_free.
 */
int sc_compile(const struct sc_opts *o, const char *src, size_t len,
	       struct sc_result *res);
void sc_result_free(struct sc_result *res);

#endif
