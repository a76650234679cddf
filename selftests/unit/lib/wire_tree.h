/* SPDX-License-Identifier: GPL-2.0 */
/* Test helper: decode DeftT objects with the wire core into a TLV outline
 * (depth, type, size) comparable with DCT's dctdump text, and re-encode
 * every decoded object to check the bytes come back identical.
 */
#ifndef _DEFTT_WIRE_TREE_H
#define _DEFTT_WIRE_TREE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define WT_MAX_NODES 8192

struct wt_node {
	int depth;
	int type;
	int size;
	int leaf;	/* a Content whose inside we do not walk */
};

struct wt_tree {
	struct wt_node n[WT_MAX_NODES];
	int cnt;
	/* statistics of what was decoded */
	int pubs, certs, cadds, cstates, keys, reencoded;
	char err[256];	/* first failure, empty if none */
};

/*
 * Decodes a file or datagram: a sequence of top-level TLVs (cState, Data,
 * key records). Returns 0, or -1 with t->err set.
 */
int wt_decode(struct wt_tree *t, const uint8_t *buf, size_t len);
/* Parses a dctdump text into t (only the outline). */
int wt_parse_dctdump(struct wt_tree *t, const char *text);
/* Compares our outline a with DCT's b; 0 if equal, else -1 and msg. */
int wt_compare(const struct wt_tree *a, const struct wt_tree *b, char *msg,
	       size_t cap);

#endif
