// SPDX-License-Identifier: GPL-2.0
/* deftt-schemac driver: run the passes in DCT's order and hand back the results. */
#include <stdlib.h>
#include <string.h>

#include "compiler.h"

static void run(struct sc *sc, const char *src, size_t len)
{
	struct sc_loc none = { 0, 0 };

	sc_intern(sc, "_", 1, none);	/* id 0: the anonymous component */
	sc_parse(sc, src, len);
	if (sc->errors)
		return;
	sc_check_signers(sc);
	if (sc->errors)
		return;
	sc_finish_defs(sc);
	if (sc->errors)
		return;
	sc_finish_certs(sc);
	if (sc->errors || sc->o->dag_only)
		return;
	sc_finish_expand(sc);
	if (sc->errors)
		return;
	sc_analyze(sc);
	if (sc->errors)
		return;
	sc_check_directives(sc);
	if (sc->errors)
		return;
	if (sc->o->level >= SC_SUMMARY)
		sc_list_summary(sc);
	sc_emit(sc);
}

int sc_compile(const struct sc_opts *o, const char *src, size_t len,
	       struct sc_result *res)
{
	struct sc *sc = calloc(1, sizeof(*sc));
	int rc;

	memset(res, 0, sizeof(*res));
	if (!sc)
		return -1;
	sc->o = o;
	sc->file = o->file ? o->file : "<stdin>";
	if (!setjmp(sc->fail))
		run(sc, src, len);
	sc_parse_cleanup(sc);
	rc = sc->errors || (!sc->scm && !o->dag_only) ? -1 : 0;
	if (sc->out.oom || sc->diag.oom)
		rc = -1;
	if (!rc) {
		res->scm = sc->scm;
		res->scm_len = sc->scm_len;
	} else {
		free(sc->scm);
	}
	res->listing = sc->out.p;
	res->listing_len = sc->out.n;
	res->diags = sc->diag.p;
	res->diags_len = sc->diag.n;
	res->errors = sc->errors;
	res->warnings = sc->warnings;
	sc_arena_free(sc);
	free(sc);
	return rc;
}

void sc_result_free(struct sc_result *res)
{
	free(res->scm);
	free(res->listing);
	free(res->diags);
	memset(res, 0, sizeof(*res));
}
