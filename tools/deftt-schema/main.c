// SPDX-License-Identifier: GPL-2.0
/* deftt-schema: dump and query a binary trust schema (.scm or schema cert). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "schema_dump.h"

static const char *const sec_names[DT_SCM_NSEC] = {
	"str", "tok", "cert", "chain", "cor", "tag", "tmplt", "vlist", "disc",
	"pub",
};

static const char *const default_caps[] = { "KM", "KMP", "RLY", "SG" };

static void usage(FILE *f)
{
	fputs("usage: deftt-schema COMMAND FILE [ARG...]\n"
	      "FILE is a binary schema (.scm) or a schema cert holding one.\n"
	      "commands:\n"
	      "  dump        everything, line for line as DCT's schema_dump\n"
	      "  info        pub 0, directive values, validators, capabilities\n"
	      "              (the facts of DCT's schema_info)\n"
	      "  pubs        the pubs: name, parameters, tag list\n"
	      "  templates   each pub's discriminators and templates\n"
	      "  chains      the signing chains as cert templates\n"
	      "  validators  #msgsValidator, #certValidator, #pduValidator\n"
	      "  caps [CAP...]  cert template granting each capability\n"
	      "              (default KM KMP RLY SG)\n"
	      "  value NAME  static value of a pub, e.g. '#pubPrefix'\n"
	      "  check       read and check only; exit status says it all\n"
	      "options: -h, --help  this text\n", f);
}

static u8 *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	u8 *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET))
		goto out;
	buf = malloc(n ? n : 1);
	if (buf && fread(buf, 1, n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	*len = n;
out:
	fclose(f);
	return buf;
}

static void print_info(const struct dt_schema *s)
{
	static const char *const q[] = { "#pubPrefix", "#chainInfo" };
	static const char *const v[] = { "#msgsValidator", "#certValidator",
					 "#pduValidator" };
	char ans[1024], qq[64];
	unsigned int i;

	dt_scm_info(s, "", ans, sizeof(ans));
	printf("pub0: %s\n", ans);
	for (i = 0; i < 2; i++)
		if (!dt_scm_info(s, q[i], ans, sizeof(ans)))
			printf("%s: %s\n", q[i], ans);
	for (i = 0; i < 3; i++) {
		snprintf(qq, sizeof(qq), "-t %s", v[i]);
		dt_scm_info(s, qq, ans, sizeof(ans));
		printf("%s: %s\n", v[i], ans);
	}
	for (i = 0; i < 4; i++) {
		snprintf(qq, sizeof(qq), "-c %s", default_caps[i]);
		dt_scm_info(s, qq, ans, sizeof(ans));
		printf("cap %s: %s\n", default_caps[i], ans);
	}
}

static void print_pubs(const struct dt_schema *s)
{
	struct dt_scm_pub p;
	unsigned int i, k, nd;
	u8 l;

	for (i = 0; i < s->n[DT_SCM_PUBS]; i++) {
		const u8 *tags = dt_scm_bytes(s, &s->tag[0]), *name;

		dt_scm_pub_get(s, i, &p);
		tags = dt_scm_bytes(s, &s->tag[p.tag]);
		name = dt_scm_tok(s, p.name, &l);
		for (nd = 0, k = 0; k < 64; k++)
			nd += !!(p.disc & (1ULL << k));
		printf("%u %.*s: %u discriminators; tags ", i, l, name, nd);
		dt_scm_print_codes(stdout, s, tags, s->tag[p.tag].len);
		fputs("; params", stdout);
		for (k = 0; k < s->tag[p.tag].len; k++)
			if (k < 16 && (p.par & (1u << k))) {
				name = dt_scm_tok(s, tags[k], &l);
				printf(" %.*s", l, name);
			}
		putchar('\n');
	}
}

static void print_chains(const struct dt_schema *s)
{
	unsigned int c, k;

	for (c = 0; c < s->n[DT_SCM_CHAINS]; c++) {
		const u8 *ch = dt_scm_bytes(s, &s->chain[c]);

		printf("%u: ", c);
		dt_scm_print_chain(stdout, s, c);
		putchar('\n');
		for (k = 0; k < s->chain[c].len; k++) {
			printf("   %s", k ? "<= " : "");
			dt_scm_print_codes(stdout, s,
					   dt_scm_bytes(s, &s->cert[ch[k]]),
					   s->cert[ch[k]].len);
			putchar('\n');
		}
	}
}

static void print_validators(const struct dt_schema *s)
{
	printf("#msgsValidator: %s (%u)\n", dt_sig_name(s->msgs_sig),
	       s->msgs_sig);
	printf("#certValidator: %s (%u)\n", dt_sig_name(s->cert_sig),
	       s->cert_sig);
	printf("#pduValidator: %s (%u)\n", dt_sig_name(s->pdu_sig),
	       s->pdu_sig);
}

static void print_caps(const struct dt_schema *s, char **caps, int n)
{
	int i, t;

	if (!n) {
		caps = (char **)default_caps;
		n = ARRAY_SIZE(default_caps);
	}
	for (i = 0; i < n; i++) {
		t = dt_schema_cap_template(s, caps[i]);
		printf("%s:", caps[i]);
		if (t >= 0) {
			printf(" %d ", t);
			dt_scm_print_codes(stdout, s,
					   dt_scm_bytes(s, &s->cert[t]),
					   s->cert[t].len);
		}
		putchar('\n');
	}
}

/* Pubs that are neither pub 0 nor a known directive (schema.md 12.3 Q2). */
static void warn_extra_pubs(const char *path, const struct dt_schema *s)
{
	static const char *const known[] = { "#pubPrefix", "#chainInfo",
		"#msgsValidator", "#certValidator", "#pduValidator" };
	struct dt_scm_pub pb;
	unsigned int p, k;
	const u8 *n;
	u8 l;

	for (p = 1; p < s->n[DT_SCM_PUBS]; p++) {
		dt_scm_pub_get(s, p, &pb);
		n = dt_scm_tok(s, pb.name, &l);
		for (k = 0; k < ARRAY_SIZE(known); k++)
			if (strlen(known[k]) == l && !memcmp(known[k], n, l))
				break;
		if (k == ARRAY_SIZE(known))
			fprintf(stderr, "deftt-schema: %s: warning: pub %.*s is neither pub 0 nor a directive; members never build or accept it\n",
				path, l, n);
	}
}

/* Schemas DCT members would misread (schema.md 4: token sets of 64 bits). */
static void warn_high_tokens(const char *path, const struct dt_schema *s)
{
	struct dt_scm_disc d;
	unsigned int k, j;

	for (k = 0; k < s->n[DT_SCM_DISCS]; k++) {
		dt_scm_disc_get(s, k, &d);
		if (d.vl < 128 && d.vl >= 64)
			fprintf(stderr, "deftt-schema: %s: warning: disc %u value token %u >= 64 (DCT aliases it)\n",
				path, k, d.vl);
		if (d.vl < 128)
			continue;
		for (j = 0; j < s->vlist[d.vl - 128].len; j++)
			if (dt_scm_bytes(s, &s->vlist[d.vl - 128])[j] >= 64)
				fprintf(stderr, "deftt-schema: %s: warning: disc %u value list holds a token >= 64 (DCT aliases it)\n",
					path, k);
	}
}

int main(int argc, char **argv)
{
	struct dt_scm_diag dg = { 0 };
	const char *cmd, *path;
	struct dt_schema *s;
	enum dt_schema_err e;
	const u8 *scm;
	size_t len, sl;
	char ans[1024];
	u8 *buf;
	int rc = 0;

	if (argc > 1 && (!strcmp(argv[1], "-h") ||
			 !strcmp(argv[1], "--help"))) {
		usage(stdout);
		return 0;
	}
	if (argc < 3) {
		usage(stderr);
		return 2;
	}
	cmd = argv[1];
	path = argv[2];
	buf = read_file(path, &len);
	if (!buf) {
		fprintf(stderr, "deftt-schema: %s: %s\n", path,
			strerror(errno));
		return 1;
	}
	s = malloc(sizeof(*s));
	if (!s)
		return 1;
	e = dt_scm_load(s, buf, len, &scm, &sl, &dg);
	if (e) {
		if (e == DT_SCM_E_OUTER || e == DT_SCM_E_DIRECTIVE)
			fprintf(stderr, "deftt-schema: %s: not a valid schema: %s\n",
				path, dt_schema_err_name(e));
		else
			fprintf(stderr, "deftt-schema: %s: not a valid schema: %s (section %s, item %u)\n",
				path, dt_schema_err_name(e),
				dg.sec < DT_SCM_NSEC ? sec_names[dg.sec] : "?",
				dg.item);
		return 1;
	}
	if (!strcmp(cmd, "dump")) {
		dt_scm_dump(stdout, s);
	} else if (!strcmp(cmd, "info")) {
		print_info(s);
	} else if (!strcmp(cmd, "pubs")) {
		print_pubs(s);
	} else if (!strcmp(cmd, "templates")) {
		unsigned int p;

		for (p = 0; p < s->n[DT_SCM_PUBS]; p++)
			dt_scm_dump_pub(stdout, s, p);
	} else if (!strcmp(cmd, "chains")) {
		print_chains(s);
	} else if (!strcmp(cmd, "validators")) {
		print_validators(s);
	} else if (!strcmp(cmd, "caps")) {
		print_caps(s, argv + 3, argc - 3);
	} else if (!strcmp(cmd, "value") && argc == 4) {
		if (dt_scm_info(s, argv[3], ans, sizeof(ans))) {
			fprintf(stderr, "deftt-schema: %s: no pub named '%s'\n",
				path, argv[3]);
			rc = 1;
		} else {
			printf("%s\n", ans);
		}
	} else if (!strcmp(cmd, "check")) {
		warn_high_tokens(path, s);
		warn_extra_pubs(path, s);
		e = dt_schema_check_caps(s);
		if (e) {
			fprintf(stderr, "deftt-schema: %s: %s: an encrypting validator needs a KM/KMP/SG cert template\n",
				path, dt_schema_err_name(e));
			rc = 1;
		} else {
			printf("%s: ok (%zu bytes)\n", path, sl);
		}
	} else {
		fprintf(stderr, "deftt-schema: unknown command '%s'\n", cmd);
		usage(stderr);
		rc = 2;
	}
	free(s);
	free(buf);
	return rc;
}
