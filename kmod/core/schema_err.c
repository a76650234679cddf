// SPDX-License-Identifier: GPL-2.0
/* Names of the trust-schema reason codes (counters, logs, tools). */
#include "schema.h"

static const char *const scm_err_names[DT_SCM_E_MAX] = {
	[DT_SCM_OK] = "ok",
	[DT_SCM_E_OUTER] = "scm_outer",
	[DT_SCM_E_SECTION] = "scm_section",
	[DT_SCM_E_ITEM] = "scm_item",
	[DT_SCM_E_TOK] = "scm_tok",
	[DT_SCM_E_CERT] = "scm_cert",
	[DT_SCM_E_CHAIN] = "scm_chain",
	[DT_SCM_E_COR] = "scm_cor",
	[DT_SCM_E_TAG] = "scm_tag",
	[DT_SCM_E_TMPLT] = "scm_tmplt",
	[DT_SCM_E_VLIST] = "scm_vlist",
	[DT_SCM_E_DISC] = "scm_disc",
	[DT_SCM_E_PUB] = "scm_pub",
	[DT_SCM_E_CONSIST] = "scm_consist",
	[DT_SCM_E_DIRECTIVE] = "scm_directive",
	[DT_SCM_E_CAPS] = "scm_caps",
	[DT_SCM_E_BOOT_ANCHOR] = "boot_anchor",
	[DT_SCM_E_BOOT_SCHEMA_CERT] = "boot_schema_cert",
	[DT_SCM_E_CERT_FORM] = "cert_form",
	[DT_SCM_E_CERT_SIGTYPE] = "cert_sigtype",
	[DT_SCM_E_CERT_TIME] = "cert_time",
	[DT_SCM_E_CERT_SIGNER] = "cert_signer",
	[DT_SCM_E_CERT_SIG] = "cert_sig",
	[DT_SCM_E_CERT_TRUST] = "cert_trust",
	[DT_SCM_E_CERT_NO_TEMPLATE] = "cert_no_template",
	[DT_SCM_E_CERT_ANCHOR] = "cert_anchor",
	[DT_SCM_E_CERT_SCHEMA] = "cert_schema",
	[DT_SCM_E_CERT_CHAIN] = "cert_chain",
	[DT_SCM_E_CERT_CHAIN_COR] = "cert_chain_cor",
	[DT_SCM_E_CERT_BUILD] = "cert_build",
	[DT_SCM_E_PUB_NO_SIGNER] = "pub_no_signer",
	[DT_SCM_E_PUB_SIGNER_EXPIRED] = "pub_signer_expired",
	[DT_SCM_E_PUB_LEN] = "pub_len",
	[DT_SCM_E_PUB_DISC] = "pub_disc",
	[DT_SCM_E_PUB_LITERAL] = "pub_literal",
	[DT_SCM_E_PUB_COR] = "pub_cor",
	[DT_SCM_E_PUB_TYPE] = "pub_type",
	[DT_SCM_E_PUB_SIG] = "pub_sig",
	[DT_SCM_E_BUILD_NOT_PARAM] = "build_not_param",
	[DT_SCM_E_BUILD_TWICE] = "build_twice",
	[DT_SCM_E_BUILD_MISSING] = "build_missing",
	[DT_SCM_E_BUILD_NO_TEMPLATE] = "build_no_template",
	[DT_SCM_E_BUILD_ANON] = "build_anon",
	[DT_SCM_E_BUILD_CALL] = "build_call",
	[DT_SCM_E_BUILD_NOSPACE] = "build_nospace",
};

const char *dt_schema_err_name(int err)
{
	if (err < 0)
		err = -err;
	if (err >= DT_SCM_E_MAX || !scm_err_names[err])
		return "unknown";
	return scm_err_names[err];
}
