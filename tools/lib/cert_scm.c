// SPDX-License-Identifier: GPL-2.0
/* Bounded read of a binary schema's pub 0 name, #pubPrefix, #certValidator. */
#include <stdio.h>
#include <string.h>

#include "cert_scm.h"

#define SCM_OUTER	0x83	/* schema.md 2.1 */
#define SCM_FIRST	0x84	/* str; sections 0x84..0x8d in order */
#define SCM_NSECT	10
#define SCM_TOK_MAX	128
#define SCM_ITEMS_MAX	256
#define SCM_DISC_REC	5
#define SCM_PUB_REC	16

enum {
	S_STR, S_TOK, S_CERT, S_CHAIN, S_COR, S_TAG, S_TMPLT, S_VLIST,
	S_DISC, S_PUB
};

struct scm {
	const u8 *sect[SCM_NSECT];
	size_t slen[SCM_NSECT];
	u16 tok_off[SCM_TOK_MAX];
	u8 tok_len[SCM_TOK_MAX];
	unsigned int ntok;
	const u8 *tmpl[SCM_ITEMS_MAX];
	size_t tmpl_len[SCM_ITEMS_MAX];
	unsigned int ntmpl;
};

/* schema.md 2.1 LEN: one byte < 253, or fd + minimal big-endian 16 bits. */
static bool scm_len(const u8 *p, size_t avail, size_t *v, size_t *used)
{
	if (!avail)
		return false;
	if (p[0] < 0xfd) {
		*v = p[0];
		*used = 1;
		return true;
	}
	if (p[0] != 0xfd || avail < 3)
		return false;
	*v = dt_get_be16(p + 1);
	*used = 3;
	return *v >= 0xfd;
}

static bool scm_sections(struct scm *s, const u8 *buf, size_t len)
{
	size_t v, u, off, end;
	unsigned int i;

	if (len < 2 || buf[0] != SCM_OUTER ||
	    !scm_len(buf + 1, len - 1, &v, &u) || 1 + u + v != len)
		return false;
	off = 1 + u;
	for (i = 0; i < SCM_NSECT; i++) {
		if (off >= len || buf[off] != SCM_FIRST + i ||
		    !scm_len(buf + off + 1, len - off - 1, &v, &u))
			return false;
		off += 1 + u;
		end = off + v;
		if (end > len)
			return false;
		s->sect[i] = buf + off;
		s->slen[i] = v;
		off = end;
	}
	return off == len;
}

static bool scm_tokens(struct scm *s)
{
	const u8 *p = s->sect[S_TOK];
	size_t left = s->slen[S_TOK], off, u;

	s->ntok = 0;
	while (left) {
		if (s->ntok == SCM_TOK_MAX || !scm_len(p, left, &off, &u) ||
		    u + 1 > left || off + p[u] > s->slen[S_STR] || !p[u])
			return false;
		s->tok_off[s->ntok] = (u16)off;
		s->tok_len[s->ntok++] = p[u];
		p += u + 1;
		left -= u + 1;
	}
	return true;
}

static bool scm_templates(struct scm *s)
{
	const u8 *p = s->sect[S_TMPLT];
	size_t left = s->slen[S_TMPLT], n, u;

	s->ntmpl = 0;
	while (left) {
		if (s->ntmpl == SCM_ITEMS_MAX || !scm_len(p, left, &n, &u) ||
		    u + n > left)
			return false;
		s->tmpl[s->ntmpl] = p + u;
		s->tmpl_len[s->ntmpl++] = n;
		p += u + n;
		left -= u + n;
	}
	return true;
}

/* Token t as a C string into out. */
static bool scm_tok(const struct scm *s, unsigned int t, char *out,
		    size_t cap)
{
	if (t >= s->ntok || s->tok_len[t] >= cap)
		return false;
	memcpy(out, s->sect[S_STR] + s->tok_off[t], s->tok_len[t]);
	out[s->tok_len[t]] = 0;
	return true;
}

/*
 * Static value of the pub named @name (schema.md 5): its first template,
 * each LIT code as "/<token>". Other codes are refused: the directives
 * this file reads must be literal.
 */
static bool scm_directive(const struct scm *s, const char *name, char *out,
			  size_t cap)
{
	const u8 *pub = s->sect[S_PUB], *disc = s->sect[S_DISC];
	size_t npub = s->slen[S_PUB] / SCM_PUB_REC, used = 0, k;
	size_t ndisc = s->slen[S_DISC] / SCM_DISC_REC;
	char tok[256];
	unsigned int i, d, t;
	u64 bm;

	for (i = 0; i < npub; i++) {
		if (!scm_tok(s, pub[i * SCM_PUB_REC + 2], tok, sizeof(tok)))
			return false;
		if (strcmp(tok, name))
			continue;
		bm = dt_get_le64(pub + i * SCM_PUB_REC + 8);
		if (!bm)
			return false;
		d = (unsigned int)__builtin_ctzll(bm);
		if (d >= ndisc)
			return false;
		t = disc[d * SCM_DISC_REC + 1];
		if (t >= s->ntmpl || !s->tmpl_len[t])
			return false;
		out[0] = 0;
		for (k = 0; k < s->tmpl_len[t]; k++) {
			if (s->tmpl[t][k] >= 0x80 ||
			    !scm_tok(s, s->tmpl[t][k], tok, sizeof(tok)) ||
			    used + 1 + strlen(tok) >= cap)
				return false;
			used += (size_t)snprintf(out + used, cap - used, "/%s",
						 tok);
		}
		return true;
	}
	return false;
}

enum dtc_err dtc_scm_facts(const u8 *scm, size_t len,
			   struct dtc_scm_facts *f, struct dtc_problem *p)
{
	struct scm s;

	memset(f, 0, sizeof(*f));
	if (!scm_sections(&s, scm, len))
		return dtc_fail(p, DTC_E_SCHEMA, -1,
				"the file is not a binary schema (outer TLV 131 with its ten sections)");
	if (s.slen[S_DISC] % SCM_DISC_REC || s.slen[S_PUB] % SCM_PUB_REC ||
	    !s.slen[S_PUB] || !scm_tokens(&s) || !scm_templates(&s) ||
	    !scm_tok(&s, s.sect[S_PUB][2], f->pub0, sizeof(f->pub0)))
		return dtc_fail(p, DTC_E_SCHEMA, -1,
				"the binary schema's token, template or pub section is malformed");
	if (!scm_directive(&s, "#pubPrefix", f->prefix, sizeof(f->prefix)))
		return dtc_fail(p, DTC_E_SCHEMA, -1,
				"the binary schema has no literal #pubPrefix");
	if (!scm_directive(&s, "#certValidator", f->cert_validator,
			   sizeof(f->cert_validator)))
		return dtc_fail(p, DTC_E_SCHEMA, -1,
				"the binary schema has no literal #certValidator");
	/* "/EdDSA" -> "EdDSA", as schema_info -t prints it */
	memmove(f->cert_validator, f->cert_validator + 1,
		strlen(f->cert_validator));
	return DTC_OK;
}
