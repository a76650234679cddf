// SPDX-License-Identifier: GPL-2.0
/* Fuzz the userspace cert library: file reader, listing, chain check, schema facts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire.h"
#include "bundle.h"
#include "bundle_file.h"
#include "cert_chain.h"
#include "cert_scm.h"
#include "cert_build.h"
#include "cert_time.h"

static FILE *sink;
static u8 again[1 << 17];

/* A refusal always has a reason and a sentence. */
static void said(enum dtc_err e, const struct dtc_problem *p)
{
	if (e && (p->code != e || !p->msg[0]))
		abort();
}

/* The input as the text of a --now option and of a cert name. */
static void text(const u8 *data, size_t size)
{
	static char s[4096];
	static u8 name[8192];
	struct dt_name n;
	u64 us;
	int len;

	if (size >= sizeof(s))
		return;
	memcpy(s, data, size);
	s[size] = 0;
	if (!dtc_time_parse(s, &us) && us / 1000000 > DTC_TIME_MAX_S)
		abort();
	len = dtc_name_from_str(s, name, sizeof(name), NULL);
	/* a name made from text is one the strict parser takes back */
	if (len >= 0 && dt_name_parse(name, (size_t)len, 0, &n))
		abort();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct dtc_policy pol = { .now_us = 1796169600000000ULL,
				  .need_key = true };
	static struct dtc_file f;
	static struct dtc_chain ch;
	struct dtc_scm_facts facts;
	struct dtc_problem pr;
	struct dt_bundle b;
	enum dtc_err e;
	long n;

	if (!sink)
		sink = fopen("/dev/null", "w");
	dtc_problem_clear(&pr);
	text(data, size);
	said(dtc_scm_facts(data, size, &facts, &pr), &pr);

	e = dtc_file_parse(data, size, &f, &pr);
	said(e, &pr);
	if (e)
		return 0;
	/* what was read is written back identically */
	n = dtc_bundle_encode(f.item, f.n, again, sizeof(again));
	if (n != (long)size || memcmp(again, data, size))
		abort();
	dtc_bundle_list(sink, &f, true);
	e = dtc_chain_from_items(&ch, f.item, f.n, &pr);
	said(e, &pr);
	if (!e) {
		e = dtc_chain_validate(&ch, &pol, &pr);
		said(e, &pr);
	}
	e = dtc_bundle_check(data, size, &pol, NULL, &pr);
	said(e, &pr);
	/* an accepted bundle is one the core's strict reader accepts */
	if (!e && dt_bundle_parse(data, size, &b))
		abort();
	return 0;
}
