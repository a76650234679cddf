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

/* JSON string of a name URI (escapes what JSON needs; URIs are ASCII). */
static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

/* One cert as a JSON object with stable snake_case keys. */
static void show_json(const struct cert_opts *o, const struct dtc_link *l,
		      const struct dtc_item *it, const struct dtc_link *all,
		      unsigned int n, unsigned int i)
{
	struct dtc_policy pol = { .now_us = o->now_us };
	char uri[DT_NAME_URI_MAX], t[DTC_TIME_TEXT];
	const char *sn = dt_sig_name(l->d.si.type);
	struct dtc_problem pr;
	bool schema;
	unsigned int j;
	int signer = -1;

	for (j = 0; j < n; j++)
		if (!memcmp(l->d.si.key_digest, all[j].tp, DT_THUMBPRINT_LEN))
			signer = (int)j;
	dt_name_uri(&l->d.name, uri, sizeof(uri));
	printf("{\"index\":%u,\"name\":", i);
	json_str(uri);
	fputs(",\"thumbprint\":\"", stdout);
	hex(l->tp, DT_THUMBPRINT_LEN);
	fputs("\",\"key_id\":\"", stdout);
	hex(dt_cert_key_id(&l->d.name), DT_KEY_ID_LEN);
	printf("\",\"sig_type\":\"%s\",\"self_signed\":%s,\"signer\":\"",
	       sn ? sn : "?", dt_tp_is_zero(l->d.si.key_digest) ? "true" :
	       "false");
	hex(l->d.si.key_digest, DT_THUMBPRINT_LEN);
	if (signer >= 0)
		printf("\",\"signer_index\":%d", signer);
	else
		fputs("\",\"signer_index\":null", stdout);
	dtc_validity_text(l->d.si.not_before, t);
	printf(",\"not_before\":\"%s\"", t);
	dtc_validity_text(l->d.si.not_after, t);
	printf(",\"not_after\":\"%s\",\"status\":\"%s\"", t,
	       !dtc_cert_check_time(l, (int)i, &pol, &pr) ? "valid" :
	       pr.code == DTC_E_EXPIRED ? "expired" : "not_yet_valid");
	schema = dt_cert_is_schema_name(&l->d.name) &&
		 l->d.content_len != DT_PUBKEY_LEN;
	printf(",\"content\":\"%s\",\"content_len\":%u",
	       schema ? "schema" : "public_key", l->d.content_len);
	if (!schema) {
		fputs(",\"public_key\":\"", stdout);
		hex(dt_data_content(&l->d), l->d.content_len);
		putchar('"');
	}
	printf(",\"has_secret_key\":%s}", it->key ? "true" : "false");
}

int cmd_show(const struct cert_opts *o, int argc, char **argv)
{
	struct dtc_link all[DTC_FILE_MAX_CERTS];
	struct dtc_problem pr;
	unsigned int i, shown = 0;
	struct dtc_file f;
	int a, r = 0;

	if (argc < 1)
		return cert_err("show takes one or more cert or bundle files");
	for (a = 0; a < argc; a++) {
		if (dtc_file_load(argv[a], &f, &pr)) {
			r = cert_problem(&pr);
			continue;
		}
		if (argc > 1 && !o->json)
			printf("%s:\n", argv[a]);
		for (i = 0; i < f.n; i++)
			dtc_link_init(&all[i], f.item[i].cert,
				      f.item[i].cert_len, (int)i, NULL);
		if (o->json) {
			fputs(shown++ ? ",{\"file\":" : "[{\"file\":", stdout);
			json_str(argv[a]);
			fputs(",\"certs\":[", stdout);
		}
		for (i = 0; i < f.n; i++) {
			if (!o->json) {
				show_one(o, &all[i], &f.item[i], all, f.n, i);
				continue;
			}
			if (i)
				putchar(',');
			show_json(o, &all[i], &f.item[i], all, f.n, i);
		}
		if (o->json)
			fputs("]}", stdout);
		dtc_file_free(&f);
	}
	if (o->json)
		puts(shown ? "]" : "[]");
	return r;
}
