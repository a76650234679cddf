/* SPDX-License-Identifier: GPL-2.0 */
/* The few facts of a binary schema that its schema cert's name needs. */
#ifndef _DEFTT_CERT_SCM_H
#define _DEFTT_CERT_SCM_H

#include "wire.h"
#include "cert_problem.h"

/*
 * schema.md 5 and 10: a schema cert is named
 * <#pubPrefix>/schema/<name of pub 0>/KEY/<key id>/dct/<time> and signed
 * with #certValidator's type. These are the static values of those
 * directives, as DCT's schema_info prints them ("/iot1", "#iotPub",
 * "EdDSA").
 *
 * The schema is read with every check of the core's reader
 * (kmod/core/schema_read.c) before any of these is taken from it.
 */
struct dtc_scm_facts {
	char pub0[256];
	char prefix[1024];
	char cert_validator[256];
};

enum dtc_err dtc_scm_facts(const u8 *scm, size_t len,
			   struct dtc_scm_facts *f, struct dtc_problem *p);

#endif /* _DEFTT_CERT_SCM_H */
