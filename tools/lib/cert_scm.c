// SPDX-License-Identifier: GPL-2.0
/* A binary schema's pub 0 name, #pubPrefix and #certValidator, from the core's schema reader. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "objects.h"
#include "schema.h"
#include "schema_dump.h"
#include "cert_scm.h"

static enum dtc_err scm_refuse(struct dtc_problem *p, const char *what)
{
	p->code = DTC_E_SCHEMA;
	snprintf(p->msg, sizeof(p->msg), "%s", what);
	return DTC_E_SCHEMA;
}

enum dtc_err dtc_scm_facts(const u8 *scm, size_t len,
			   struct dtc_scm_facts *f, struct dtc_problem *p)
{
	struct dt_schema *s;
	enum dtc_err r = DTC_OK;
	enum dt_schema_err e;

	memset(f, 0, sizeof(*f));
	s = calloc(1, sizeof(*s));
	if (!s) {
		p->code = DTC_E_NOMEM;
		snprintf(p->msg, sizeof(p->msg), "out of memory");
		return DTC_E_NOMEM;
	}
	/* Every check of the reader, not only the sections needed here. */
	e = dt_schema_read(s, scm, len, NULL);
	if (e) {
		p->code = DTC_E_SCHEMA;
		snprintf(p->msg, sizeof(p->msg),
			 "the file is not a valid binary schema (%s)",
			 dt_schema_err_name(e));
		r = DTC_E_SCHEMA;
		goto out;
	}
	if (dt_scm_info(s, "", f->pub0, sizeof(f->pub0)) || !f->pub0[0])
		r = scm_refuse(p, "the schema has no name for its first pub");
	else if (dt_scm_info(s, "#pubPrefix", f->prefix, sizeof(f->prefix)))
		r = scm_refuse(p, "the schema has no #pubPrefix");
	else if (dt_scm_info(s, "-t #certValidator", f->cert_validator,
			     sizeof(f->cert_validator)))
		r = scm_refuse(p, "the schema has no #certValidator");
out:
	free(s);
	return r;
}
