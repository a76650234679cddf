// SPDX-License-Identifier: GPL-2.0
/* deftt-schemac: compile a VerSec trust schema (.rules) to DeftT's binary schema (.scm). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schemac.h"

#ifndef DEFTT_VERSION
#define DEFTT_VERSION "unknown"
#endif

static void usage(FILE *f, const char *prog)
{
	fprintf(f,
		"usage: %s [-q|-v...|-d] [-D] [-o out.scm] input.rules\n"
		"Compile a VerSec trust schema to a DeftT binary schema.\n"
		"  -o FILE    write the schema to FILE (default: input with .scm;\n"
		"             required when the input is '-', standard input)\n"
		"  -q         quiet: only errors (the default)\n"
		"  -v         listing: pubs, parameters, tags, cert templates, size;\n"
		"             -vv adds chains, -vvv correspondences and templates\n"
		"  -d         debug listing: DAG, tokens, every table, bytes per section\n"
		"  -D         print the signing-cert DAG (Graphviz dot) and write nothing\n"
		"  -V, --version  print the version\n"
		"  -h, --help     this text\n", prog);
}

static char *read_all(FILE *f, size_t *len)
{
	size_t cap = 1 << 16, n = 0, r;
	char *p = malloc(cap), *q;

	while (p && (r = fread(p + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap) {
			q = realloc(p, cap * 2);
			if (!q) {
				free(p);
				return NULL;
			}
			p = q;
			cap *= 2;
		}
	}
	if (p && ferror(f)) {
		free(p);
		return NULL;
	}
	*len = n;
	return p;
}

static char *default_output(const char *in)
{
	size_t n = strlen(in);
	char *o = malloc(n + 5);

	if (!o)
		return NULL;
	memcpy(o, in, n + 1);
	if (n > 6 && !strcmp(in + n - 6, ".rules"))
		o[n - 6] = 0;
	strcat(o, ".scm");
	return o;
}

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct sc_opts o = { 0 };
	struct sc_result r;
	const char *out = NULL, *in;
	char *src, *defout = NULL;
	size_t len;
	FILE *f;
	int c, rc;

	while ((c = getopt_long(argc, argv, "o:qvdDVh", lopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'q':
			o.level = 0;
			break;
		case 'v':
			o.level++;
			break;
		case 'd':
			o.level = 4;
			break;
		case 'D':
			o.dag_only = 1;
			break;
		case 'V':
			printf("deftt-schemac %s\n", DEFTT_VERSION);
			return 0;
		case 'h':
			usage(stdout, argv[0]);
			return 0;
		default:
			usage(stderr, argv[0]);
			return 2;
		}
	}
	if (optind != argc - 1) {
		usage(stderr, argv[0]);
		return 2;
	}
	in = argv[optind];
	if (!strcmp(in, "-")) {
		f = stdin;
		o.file = "<stdin>";
		if (!out && !o.dag_only) {
			fprintf(stderr, "%s: -o is required when reading standard input\n",
				argv[0]);
			return 2;
		}
	} else {
		f = fopen(in, "rb");
		o.file = in;
		if (!f) {
			fprintf(stderr, "%s: cannot open %s: %s\n", argv[0], in,
				strerror(errno));
			return 1;
		}
	}
	src = read_all(f, &len);
	if (f != stdin)
		fclose(f);
	if (!src) {
		fprintf(stderr, "%s: cannot read %s\n", argv[0], in);
		return 1;
	}
	if (!out && !o.dag_only)
		out = defout = default_output(in);
	o.out_name = out;
	if (o.level > 0)
		printf("deftt-schemac %s\n", DEFTT_VERSION);
	rc = sc_compile(&o, src, len, &r);
	free(src);
	if (r.listing)
		fwrite(r.listing, 1, r.listing_len, stdout);
	if (r.diags)
		fwrite(r.diags, 1, r.diags_len, stderr);
	if (rc) {
		fprintf(stderr, "%s: %d error%s, no schema written\n", o.file,
			r.errors, r.errors == 1 ? "" : "s");
		sc_result_free(&r);
		return 1;
	}
	if (!o.dag_only) {
		f = !out ? NULL : strcmp(out, "-") ? fopen(out, "wb") : stdout;
		if (!f || fwrite(r.scm, 1, r.scm_len, f) != r.scm_len ||
		    fclose(f)) {
			fprintf(stderr, "%s: cannot write %s: %s\n", argv[0],
				out ? out : "output", strerror(errno));
			if (out && strcmp(out, "-"))
				remove(out);
			rc = 1;
		}
	}
	free(defout);
	sc_result_free(&r);
	return rc;
}
