// SPDX-License-Identifier: GPL-2.0
/* deftt-bundle list and check: print a bundle's certs, validate a bundle. */
#include <stdio.h>
#include <stdlib.h>

#include "bundle_tool.h"
#include "bundle_file.h"
#include "cert_chain.h"
#include "cert_rules.h"

int cmd_list(const struct bundle_opts *o, int argc, char **argv)
{
	struct dtc_problem pr;
	struct dtc_file f;

	if (argc != 1) {
		bundle_err("list takes one file");
		return EXIT_USAGE;
	}
	if (dtc_file_load(argv[0], &f, &pr))
		return bundle_err("%s", pr.msg);
	dtc_bundle_list(stdout, &f, o->verbose > 0);
	dtc_file_free(&f);
	return 0;
}

int cmd_check(const struct bundle_opts *o, int argc, char **argv)
{
	struct dtc_policy pol = { .now_us = o->now_us };
	struct dtc_rules_ctx rules;
	char uri[DT_NAME_URI_MAX];
	struct dtc_problem pr;
	struct dtc_chain *ch;
	size_t len;
	u8 *buf;
	int r = 0;

	if (argc != 1) {
		bundle_err("check takes one file");
		return EXIT_USAGE;
	}
	if (dtc_read_all(argv[0], &buf, &len, &pr))
		return bundle_err("%s", pr.msg);
	ch = malloc(sizeof(*ch));
	if (!ch) {
		free(buf);
		return bundle_err("out of memory");
	}
	dtc_policy_use_schema(&pol, &rules);
	if (dtc_bundle_check(buf, len, &pol, ch, &pr)) {
		r = bundle_err("%s: %s", argv[0], pr.msg);
	} else {
		dt_name_uri(&ch->c[ch->n - 1].d.name, uri, sizeof(uri));
		printf("%s: valid bundle of %u certificates for %s\n", argv[0],
		       ch->n, uri);
	}
	free(ch);
	dt_wipe(buf, len);
	free(buf);
	return r;
}
