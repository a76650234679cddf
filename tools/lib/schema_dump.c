// SPDX-License-Identifier: GPL-2.0
/* Text renderings of a read schema: DCT's schema_dump form and queries. */
#include <string.h>

#include "schema_dump.h"

static void print_tok(FILE *f, const struct dt_schema *s, u8 t)
{
	u8 l;
	const u8 *b = dt_scm_tok(s, t, &l);

	fwrite(b, 1, l, f);
}

static void print_code(FILE *f, const struct dt_schema *s, u8 c)
{
	if (dt_scm_is_lit(c))
		print_tok(f, s, c);
	else if (c == DT_SCM_ANON)
		fputc('_', f);
	else
		fprintf(f, "%02x", c);
}

void dt_scm_print_codes(FILE *f, const struct dt_schema *s, const u8 *c,
			unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		fputc('/', f);
		print_code(f, s, c[i]);
	}
}

void dt_scm_print_cor(FILE *f, const struct dt_schema *s, unsigned int k)
{
	const u8 *c = dt_scm_bytes(s, &s->cor[k]);
	unsigned int j;

	fputc('[', f);
	for (j = 0; j < s->cor[k].len; j += 4)
		fprintf(f, "%s%u.%u=%u.%u", j ? ", " : "", c[j], c[j + 1],
			c[j + 2], c[j + 3]);
	fputc(']', f);
}

static void print_list(FILE *f, const u8 *c, unsigned int n)
{
	unsigned int j;

	fputc('[', f);
	for (j = 0; j < n; j++)
		fprintf(f, "%s%u", j ? ", " : "", c[j]);
	fputc(']', f);
}

void dt_scm_print_chain(FILE *f, const struct dt_schema *s, unsigned int c)
{
	print_list(f, dt_scm_bytes(s, &s->chain[c]), s->chain[c].len);
}

static void print_items(FILE *f, const struct dt_schema *s, const char *head,
			const struct dt_scm_item *it, unsigned int n)
{
	unsigned int i;

	fprintf(f, "%s\n", head);
	for (i = 0; i < n; i++) {
		fprintf(f, " %u: ", i);
		dt_scm_print_codes(f, s, dt_scm_bytes(s, &it[i]), it[i].len);
		fputc('\n', f);
	}
}

void dt_scm_dump_pub(FILE *f, const struct dt_schema *s, unsigned int p)
{
	const struct dt_scm_item *ti;
	struct dt_scm_disc d;
	struct dt_scm_pub pb;
	unsigned int k;

	dt_scm_pub_get(s, p, &pb);
	fputs("pub ", f);
	print_tok(f, s, pb.name);
	fprintf(f, ": (par#%x, disc#%llx, tok=%u, tags=%u)\n", pb.par,
		(unsigned long long)pb.disc, pb.name, pb.tag);
	for (k = 0; k < s->n[DT_SCM_DISCS]; k++) {
		if (!(pb.disc & (1ULL << k)))
			continue;
		dt_scm_disc_get(s, k, &d);
		ti = &s->tmplt[d.tmpl];
		fprintf(f, " %u: %02x ", k, d.cbm);
		dt_scm_print_codes(f, s, dt_scm_bytes(s, ti), ti->len);
		if (d.comp < DT_SCM_NO_COMP) {
			fputc(' ', f);
			print_tok(f, s, dt_scm_bytes(s, &s->tag[pb.tag])[d.comp]);
			fputs(": ", f);
			if (!d.vl)
				print_code(f, s, dt_scm_bytes(s, ti)[d.comp]);
			else if (d.vl < 128)
				print_tok(f, s, d.vl);
			else
				fprintf(f, "@%u", d.vl & 31);
		}
		if (d.cbm) {
			fputc(' ', f);
			dt_scm_print_cor(f, s, d.cor);
		}
		fputc('\n', f);
	}
}

void dt_scm_dump(FILE *f, const struct dt_schema *s)
{
	struct dt_scm_disc d;
	unsigned int i;

	for (i = 0; i < s->n[DT_SCM_TOKS]; i++) {
		fprintf(f, "tok %u: ", i);
		print_tok(f, s, i);
		fputc('\n', f);
	}
	print_items(f, s, "certs", s->cert, s->n[DT_SCM_CERTS]);
	fputs("chains\n", f);
	for (i = 0; i < s->n[DT_SCM_CHAINS]; i++) {
		fprintf(f, " %u: ", i);
		dt_scm_print_chain(f, s, i);
		fputc('\n', f);
	}
	fputs("correspondences\n", f);
	for (i = 0; i < s->n[DT_SCM_CORS]; i++) {
		fprintf(f, " %u: ", i);
		dt_scm_print_cor(f, s, i);
		fputc('\n', f);
	}
	print_items(f, s, "tags", s->tag, s->n[DT_SCM_TAGS]);
	print_items(f, s, "templates", s->tmplt, s->n[DT_SCM_TMPLTS]);
	fputs("varLists [", f);
	for (i = 0; i < s->n[DT_SCM_VLISTS]; i++) {
		if (i)
			fputs(", ", f);
		print_list(f, dt_scm_bytes(s, &s->vlist[i]), s->vlist[i].len);
	}
	fputs("]\ndiscrim\n", f);
	for (i = 0; i < s->n[DT_SCM_DISCS]; i++) {
		dt_scm_disc_get(s, i, &d);
		fprintf(f, " %u: (chns#%u, tmpl=%u, comp=%u, vals=%u, cor=%u)\n",
			i, d.cbm, d.tmpl, d.comp, d.vl, d.cor);
	}
	for (i = 0; i < s->n[DT_SCM_PUBS]; i++)
		dt_scm_dump_pub(f, s, i);
}

int dt_scm_info(const struct dt_schema *s, const char *query, char *out,
		size_t cap)
{
	const struct dt_scm_item *v;
	struct dt_scm_pub pb;
	FILE *f;
	bool bare = false;
	int p, r = 0;

	if (!cap)
		return -1;
	out[0] = 0;
	f = fmemopen(out, cap, "w");
	if (!f)
		return -1;
	if (!*query) {
		dt_scm_pub_get(s, 0, &pb);
		print_tok(f, s, pb.name);
	} else if (!strncmp(query, "-c ", 3)) {
		p = dt_schema_cap_template(s, query + 3);
		if (p >= 0)
			fprintf(f, "%d", p);
	} else {
		if (!strncmp(query, "-t ", 3)) {
			bare = true;
			query += 3;
		}
		p = dt_scm_find_pub(s, query);
		if (p < 0) {
			r = -1;
		} else {
			char tmp[1024] = "";
			FILE *g = fmemopen(tmp, sizeof(tmp), "w");

			if (!g) {
				fclose(f);
				return -1;
			}
			v = dt_scm_pub_value(s, p);
			dt_scm_print_codes(g, s, dt_scm_bytes(s, v), v->len);
			fclose(g);
			fputs(bare && tmp[0] == '/' ? tmp + 1 : tmp, f);
		}
	}
	fclose(f);
	return r;
}

enum dt_schema_err dt_scm_load(struct dt_schema *s, const u8 *buf,
			       size_t len, const u8 **scm, size_t *scm_len,
			       struct dt_scm_diag *diag)
{
	struct dt_data d;

	*scm = buf;
	*scm_len = len;
	if (len && buf[0] == DT_TLV_DATA &&
	    dt_cert_parse(buf, len, DT_CERT_F_SCHEMA, &d) == DT_WERR_OK) {
		*scm = dt_data_content(&d);
		*scm_len = d.content_len;
	}
	return dt_schema_read(s, *scm, *scm_len, diag);
}
