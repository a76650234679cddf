// SPDX-License-Identifier: GPL-2.0
/* deftt-cert show: the facts of every cert in cert and bundle files. */
#include <stdio.h>
#include <string.h>

#include "cert_tool.h"
#include "cert_chain.h"
#include "cert_time.h"
#include "bundle_file.h"

static void hex(const u8 *b, size_t n)
{
	while (n--)
		printf("%02x", *b++);
}

/* Signer: "self", or the index of a cert of the same file, or unknown. */
static void signer_of(const struct dtc_link *l, const struct dtc_link *all,
		      unsigned int n)
{
	unsigned int j;

	if (dt_tp_is_zero(l->d.si.key_digest)) {
		fputs("self", stdout);
		return;
	}
	hex(l->d.si.key_digest, DT_THUMBPRINT_LEN);
	for (j = 0; j < n; j++)
		if (!memcmp(l->d.si.key_digest, all[j].tp, DT_THUMBPRINT_LEN)) {
			printf(" (cert %u)", j);
			return;
		}
}

static void show_one(const struct cert_opts *o, const struct dtc_link *l,
		     const struct dtc_item *it, const struct dtc_link *all,
		     unsigned int n, unsigned int i)
{
	struct dtc_policy pol = { .now_us = o->now_us };
	char uri[DT_NAME_URI_MAX], t[2][DTC_TIME_TEXT];
	const char *sn = dt_sig_name(l->d.si.type);
	struct dtc_problem pr;

	dt_name_uri(&l->d.name, uri, sizeof(uri));
	printf("cert %u: %s\n", i, uri);
	fputs("  thumbprint  ", stdout);
	hex(l->tp, DT_THUMBPRINT_LEN);
	fputs("\n  key id      ", stdout);
	hex(dt_cert_key_id(&l->d.name), DT_KEY_ID_LEN);
	printf("\n  signature   %s by ", sn ? sn : "?");
	signer_of(l, all, n);
	dtc_validity_text(l->d.si.not_before, t[0]);
	dtc_validity_text(l->d.si.not_after, t[1]);
	printf("\n  valid       %s to %s", t[0], t[1]);
	if (dtc_cert_check_time(l, (int)i, &pol, &pr))
		printf(" (%s)", pr.code == DTC_E_EXPIRED ? "expired" :
		       "not valid yet");
	if (dt_cert_is_schema_name(&l->d.name) &&
	    l->d.content_len != DT_PUBKEY_LEN) {
		printf("\n  content     binary schema, %u bytes", l->d.content_len);
	} else {
		fputs("\n  content     public key", stdout);
		if (o->verbose) {
			putchar(' ');
			hex(dt_data_content(&l->d), l->d.content_len);
		}
	}
	/* the secret itself is never printed */
	if (it->key)
		printf("\n  secret key  present (%u bytes, not shown)",
		       it->key_len);
	putchar('\n');
}

int cmd_show(const struct cert_opts *o, int argc, char **argv)
{
	struct dtc_link all[DTC_FILE_MAX_CERTS];
	struct dtc_problem pr;
	struct dtc_file f;
	unsigned int i;
	int a, r = 0;

	if (argc < 1)
		return cert_err("show takes one or more cert or bundle files");
	for (a = 0; a < argc; a++) {
		if (dtc_file_load(argv[a], &f, &pr)) {
			r = cert_problem(&pr);
			continue;
		}
		if (argc > 1)
			printf("%s:\n", argv[a]);
		for (i = 0; i < f.n; i++)
			dtc_link_init(&all[i], f.item[i].cert,
				      f.item[i].cert_len, (int)i, NULL);
		for (i = 0; i < f.n; i++)
			show_one(o, &all[i], &f.item[i], all, f.n, i);
		dtc_file_free(&f);
	}
	return r;
}
