// SPDX-License-Identifier: GPL-2.0
/* Reason codes and sentences of the userspace certificate library. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cert_problem.h"

static const char *const err_names[DTC_E_MAX] = {
	[DTC_OK] = "ok",
	[DTC_E_IO] = "io",
	[DTC_E_FORMAT] = "format",
	[DTC_E_MALFORMED] = "malformed",
	[DTC_E_TOO_FEW] = "too_few_certs",
	[DTC_E_TOO_MANY] = "too_many_certs",
	[DTC_E_NOT_ANCHOR] = "not_anchor",
	[DTC_E_ANCHOR_SIG] = "anchor_signature",
	[DTC_E_NOT_SCHEMA] = "not_schema",
	[DTC_E_SCHEMA_SIGNER] = "schema_signer",
	[DTC_E_SCHEMA_PREFIX] = "schema_prefix",
	[DTC_E_SIG_TYPE] = "signature_type",
	[DTC_E_CHAIN_SIGNER] = "chain_signer",
	[DTC_E_CHAIN_SIG] = "chain_signature",
	[DTC_E_SELF_SIGNED] = "self_signed",
	[DTC_E_EXPIRED] = "expired",
	[DTC_E_NOT_YET_VALID] = "not_yet_valid",
	[DTC_E_NOT_NESTED] = "not_nested",
	[DTC_E_KEY_MISSING] = "key_missing",
	[DTC_E_KEY_PLACE] = "key_place",
	[DTC_E_KEY_SIZE] = "key_size",
	[DTC_E_KEY_MISMATCH] = "key_mismatch",
	[DTC_E_RULES] = "schema_rules",
	[DTC_E_SCHEMA] = "schema",
	[DTC_E_ARG] = "argument",
	[DTC_E_NOMEM] = "nomem",
};

const char *dtc_err_name(enum dtc_err e)
{
	if ((unsigned int)e >= DTC_E_MAX || !err_names[e])
		return "unknown";
	return err_names[e];
}

void dtc_problem_clear(struct dtc_problem *p)
{
	if (!p)
		return;
	p->code = DTC_OK;
	p->wire = 0;
	p->cert = -1;
	p->msg[0] = 0;
}

void dtc_problem_in_file(struct dtc_problem *p, const char *path)
{
	size_t pl = strlen(path) + 2;

	if (!p || pl >= sizeof(p->msg))
		return;
	memmove(p->msg + pl, p->msg, sizeof(p->msg) - pl);
	memcpy(p->msg, path, pl - 2);
	memcpy(p->msg + pl - 2, ": ", 2);
	p->msg[sizeof(p->msg) - 1] = 0;
}

enum dtc_err dtc_fail(struct dtc_problem *p, enum dtc_err code, int cert,
		      const char *fmt, ...)
{
	va_list ap;

	if (!p)
		return code;
	p->code = code;
	p->cert = cert;
	if (code != DTC_E_MALFORMED)
		p->wire = 0;
	va_start(ap, fmt);
	vsnprintf(p->msg, sizeof(p->msg), fmt, ap);
	va_end(ap);
	return code;
}

void dtc_cert_label(char *out, size_t cap, int idx, const u8 *cert,
		    size_t len)
{
	char uri[DT_NAME_URI_MAX];
	struct dt_tlv top, nm;
	struct dt_name n;

	/* Only the Name is needed: a cert refused later still has one. */
	if (!dt_tlv_get(cert, len, &top) && top.type == DT_TLV_DATA &&
	    !dt_tlv_get(top.val, top.len, &nm) && nm.type == DT_TLV_NAME &&
	    !dt_name_from_tlv(&nm, DT_NAME_F_CSID_LAST, &n) &&
	    dt_name_uri(&n, uri, sizeof(uri)) >= 0) {
		snprintf(out, cap, "%s (cert %d)", uri, idx);
		return;
	}
	snprintf(out, cap, "cert %d", idx);
}

const char *dtc_wire_phrase(int wire)
{
	switch (wire) {
	case DT_WERR_CERT_SHAPE:
		return "it is not a certificate (ContentType or SignatureInfo shape)";
	case DT_WERR_CERT_NAME:
		return "its name does not end in KEY/<key id>/dct/<time> with the key id of its content";
	case DT_WERR_VALIDITY:
		return "its validity period is not two valid times in order";
	case DT_WERR_CERT_KEY:
		return "its content is not a 32-byte public key";
	case DT_WERR_SELF_SIGNED:
		return "it is self-signed but is not the trust anchor";
	case DT_WERR_SIG_TYPE:
		return "its signature type is unknown";
	case DT_WERR_SIG_LEN:
		return "its signature has the wrong length";
	case DT_WERR_SIGINFO_SHAPE:
		return "its SignatureInfo has the wrong shape";
	case DT_WERR_TIMESTAMP:
		return "its creation time component is malformed";
	case DT_WERR_DATA_NAME:
	case DT_WERR_NAME_TOO_LONG:
	case DT_WERR_COMP_TYPE:
	case DT_WERR_NAME_FRAMING:
		return "its name is malformed";
	case DT_WERR_TRAILING:
		return "bytes follow its last element";
	default:
		return "its encoding is malformed";
	}
}
