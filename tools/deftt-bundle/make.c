// SPDX-License-Identifier: GPL-2.0
/* deftt-bundle make: certs of several files, one key, into a bundle file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle_tool.h"
#include "bundle_file.h"
#include "cert_chain.h"
#include "cert_rules.h"

#define MAX_INPUTS	DTC_FILE_MAX_CERTS

int cmd_make(const struct bundle_opts *o, int argc, char **argv)
{
	struct dtc_policy pol = { .now_us = o->now_us };
	struct dtc_rules_ctx rules;
	static struct dtc_file in[MAX_INPUTS];
	struct dtc_item it[DTC_FILE_MAX_CERTS];
	char uri[DT_NAME_URI_MAX];
	unsigned int n = 0, j;
	struct dtc_problem pr;
	const char *path;
	struct dt_data d;
	bool with_key, any_key = false;
	u8 *buf = NULL;
	int a, r = 0;
	long len;

	if (!o->out) {
		bundle_err("make needs -o FILE, the bundle to write");
		return EXIT_USAGE;
	}
	if (argc < 1 || argc > MAX_INPUTS) {
		bundle_err("make takes 1 to %d cert files", MAX_INPUTS);
		return EXIT_USAGE;
	}
	if (o->verbose)
		printf("%s:\n", o->out);
	for (a = 0; a < argc; a++) {
		with_key = argv[a][0] == '+';
		path = argv[a] + with_key;
		if (dtc_file_load(path, &in[a], &pr)) {
			r = bundle_err("%s", pr.msg);
			goto out;
		}
		for (j = 0; j < in[a].n; j++) {
			if (n == DTC_FILE_MAX_CERTS) {
				r = bundle_err("the inputs hold more than %d certificates",
					       DTC_FILE_MAX_CERTS);
				goto out;
			}
			it[n] = in[a].item[j];
			/* as make_bundle: keys only from '+' files */
			if (!with_key || !it[n].key_len)
				it[n].key = NULL;
			any_key |= !!it[n].key;
			if (o->verbose) {
				dt_cert_parse(it[n].cert, it[n].cert_len,
					      DT_CERT_F_ANCHOR |
					      DT_CERT_F_SCHEMA, &d);
				dt_name_uri(&d.name, uri, sizeof(uri));
				printf(" %ccert %s\n", it[n].key ? '+' : ' ',
				       uri);
			}
			n++;
		}
	}
	len = dtc_bundle_encode(it, n, NULL, 0);
	buf = malloc((size_t)len);
	if (!buf) {
		r = bundle_err("out of memory");
		goto out;
	}
	dtc_bundle_encode(it, n, buf, (size_t)len);
	/*
	 * Decision: unlike make_bundle, which writes whatever it is given,
	 * a bundle a member would refuse is not written (--no-check keeps
	 * DCT's behaviour, e.g. to make test inputs). No clock skew is
	 * allowed here: --now is the judge (wire.md Q5 is about peers).
	 */
	dtc_policy_use_schema(&pol, &rules);
	if (!o->no_check && dtc_bundle_check(buf, (size_t)len, &pol, NULL,
					     &pr)) {
		r = bundle_err("refused, nothing written: %s", pr.msg);
		goto out;
	}
	if (dtc_write_all(o->out, buf, (size_t)len, any_key, &pr))
		r = bundle_err("%s", pr.msg);
out:
	if (buf) {
		dt_wipe(buf, (size_t)len);
		free(buf);
	}
	for (a = 0; a < argc; a++)
		dtc_file_free(&in[a]);
	return r;
}
