// SPDX-License-Identifier: GPL-2.0
/* deftadm signers: the signing certs a zone has installed, as text or JSON. */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "deftadm.h"
#include "wire.h"

struct signers_state {
	unsigned int n;
	const char *indent;	/* text lines start with it */
};

/* The signing cert's Name as DCT renders it; "?" if it is not a Name. */
static void name_text(const struct nlattr *a, char *out, size_t cap)
{
	struct dt_name n;

	if (!a || dt_name_parse(mnl_attr_get_payload(a),
				mnl_attr_get_payload_len(a), 0, &n) ||
	    dt_name_uri(&n, out, cap) < 0)
		snprintf(out, cap, "?");
}

static int signer_cb(struct nlattr **tb, void *data)
{
	struct signers_state *st = data;
	const struct nlattr *tp = tb[DEFTT_A_SIGNER_THUMBPRINT];
	char hex[2 * DEFTT_THUMBPRINT_LEN + 1], date[32] = "?";
	static char name[DT_NAME_URI_MAX];
	const uint8_t *b;
	uint64_t not_after = 0;
	bool self;
	struct tm tm;
	time_t t;
	unsigned int i;

	if (!tp || mnl_attr_get_payload_len(tp) != DEFTT_THUMBPRINT_LEN)
		return -EPROTO;
	b = mnl_attr_get_payload(tp);
	for (i = 0; i < DEFTT_THUMBPRINT_LEN; i++)
		sprintf(hex + 2 * i, "%02x", b[i]);
	name_text(tb[DEFTT_A_SIGNER_NAME], name, sizeof(name));
	if (tb[DEFTT_A_SIGNER_NOT_AFTER]) {
		not_after = mnl_attr_get_u64(tb[DEFTT_A_SIGNER_NOT_AFTER]);
		t = not_after;
		if (gmtime_r(&t, &tm))
			strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &tm);
	}
	self = tb[DEFTT_A_SIGNER_SELF] && mnl_attr_get_u8(tb[DEFTT_A_SIGNER_SELF]);
	if (opt_json) {
		printf("%s{\"zone\": %u, \"thumbprint\": \"%s\", \"name\": ",
		       st->n ? ", " : "",
		       tb[DEFTT_A_ZONE_INDEX] ?
		       mnl_attr_get_u32(tb[DEFTT_A_ZONE_INDEX]) : 0, hex);
		json_str(name);
		printf(", \"not_after\": %" PRIu64 ", \"not_after_date\": \"%s\", "
		       "\"self\": %s}", not_after, date, self ? "true" : "false");
	} else {
		printf("%s%s %s not-after %s%s\n", st->indent ?: "", hex, name,
		       date, self ? " self" : "");
	}
	st->n++;
	return 0;
}

/* The signers of a zone: a JSON array, or text lines starting with indent. */
int adm_print_signers(struct nl *nl, uint32_t index, const char *indent)
{
	struct signers_state st = { .indent = indent };
	struct nlmsghdr *nlh;
	int ret;

	nlh = nl_req(nl, DEFTT_CMD_SIGNER_GET, true);
	mnl_attr_put_u32(nlh, DEFTT_A_ZONE_INDEX, index);
	if (opt_json)
		printf("[");
	ret = nl_talk(nl, nlh, signer_cb, &st);
	if (opt_json)
		printf("]");
	return ret;
}

int cmd_signers(struct nl *nl, int argc, char **argv)
{
	uint32_t index;
	int ret;

	if (argc != 1 || parse_u32(argv[0], UINT32_MAX, &index))
		return usage_error("signers needs one zone INDEX");
	ret = adm_connect(nl);
	if (ret)
		return ret;
	ret = adm_print_signers(nl, index, "");
	if (opt_json)
		printf("\n");
	if (ret)
		return fail(nl, ret, "signers");
	return 0;
}
