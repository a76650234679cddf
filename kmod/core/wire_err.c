// SPDX-License-Identifier: GPL-2.0
/* Names of the wire drop-reason codes (kernel counters, logs, dissector). */
#include "wire.h"

static const char *const werr_names[DT_WERR_MAX] = {
	[DT_WERR_OK] = "ok",
	[DT_WERR_TRUNCATED] = "truncated",
	[DT_WERR_BAD_LEN_BYTE] = "bad_len_byte",
	[DT_WERR_NON_MINIMAL] = "non_minimal",
	[DT_WERR_OVERRUN] = "overrun",
	[DT_WERR_TRAILING] = "trailing",
	[DT_WERR_BAD_NUMBER] = "bad_number",
	[DT_WERR_TOP_TYPE] = "top_type",
	[DT_WERR_NAME_FRAMING] = "name_framing",
	[DT_WERR_NAME_TOO_LONG] = "name_too_long",
	[DT_WERR_DATA_SHAPE] = "data_shape",
	[DT_WERR_CONTENT_TYPE] = "content_type",
	[DT_WERR_DATA_NAME] = "data_name",
	[DT_WERR_TIMESTAMP] = "timestamp",
	[DT_WERR_CSTATE_SHAPE] = "cstate_shape",
	[DT_WERR_CSTATE_NAME] = "cstate_name",
	[DT_WERR_NONCE] = "nonce",
	[DT_WERR_IBLT] = "iblt",
	[DT_WERR_LIFETIME] = "lifetime",
	[DT_WERR_ZONE] = "zone",
	[DT_WERR_CADD_NAME] = "cadd_name",
	[DT_WERR_CADD_CONTENT] = "cadd_content",
	[DT_WERR_SIG_TYPE] = "sig_type",
	[DT_WERR_SIG_LEN] = "sig_len",
	[DT_WERR_SIGINFO_SHAPE] = "siginfo_shape",
	[DT_WERR_SIG_UNSUPPORTED] = "sig_unsupported",
	[DT_WERR_SIG_POLICY] = "sig_policy",
	[DT_WERR_SIG_BAD] = "sig_bad",
	[DT_WERR_UNKNOWN_SIGNER] = "unknown_signer",
	[DT_WERR_CERT_SHAPE] = "cert_shape",
	[DT_WERR_CERT_NAME] = "cert_name",
	[DT_WERR_VALIDITY] = "validity",
	[DT_WERR_CERT_EXPIRED] = "cert_expired",
	[DT_WERR_CERT_KEY] = "cert_key",
	[DT_WERR_SELF_SIGNED] = "self_signed",
	[DT_WERR_TOO_BIG] = "too_big",
	[DT_WERR_COMP_TYPE] = "comp_type",
	[DT_WERR_CSTATE_COLL] = "cstate_coll",
	[DT_WERR_BUNDLE_ELEM] = "bundle_elem",
	[DT_WERR_BUNDLE_KEY] = "bundle_key",
	[DT_WERR_BUNDLE_KEY_PLACE] = "bundle_key_place",
	[DT_WERR_BUNDLE_ANCHOR] = "bundle_anchor",
	[DT_WERR_BUNDLE_CHAIN] = "bundle_chain",
	[DT_WERR_NOSPACE] = "nospace",
	[DT_WERR_TOO_LONG] = "too_long",
	[DT_WERR_INVAL] = "inval",
};

const char *dt_wire_err_name(int err)
{
	if (err < 0)
		err = -err;
	if (err >= DT_WERR_MAX || !werr_names[err])
		return "unknown";
	return werr_names[err];
}
