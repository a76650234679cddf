// SPDX-License-Identifier: GPL-2.0
/* deftt-schemac diagnostics: "file:line:col: error: ..." collected in a buffer. */
#include <stdio.h>

#include "compiler.h"

static void report(struct sc *sc, struct sc_loc l, const char *kind,
		   const char *fmt, va_list ap)
{
	char msg[768];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (l.line > 0)
		sbuf_printf(&sc->diag, "%s:%d:%d: %s: %s\n", sc->file, l.line,
			    l.col, kind, msg);
	else
		sbuf_printf(&sc->diag, "%s: %s: %s\n", sc->file, kind, msg);
}

void sc_error(struct sc *sc, struct sc_loc l, const char *fmt, ...)
{
	va_list ap;

	if (++sc->errors > SC_MAX_ERRORS) {
		if (sc->errors == SC_MAX_ERRORS + 1)
			sbuf_printf(&sc->diag, "%s: too many errors, stopping\n",
				    sc->file);
		return;
	}
	va_start(ap, fmt);
	report(sc, l, "error", fmt, ap);
	va_end(ap);
}

void sc_warn(struct sc *sc, struct sc_loc l, const char *fmt, ...)
{
	va_list ap;

	sc->warnings++;
	va_start(ap, fmt);
	report(sc, l, "warning", fmt, ap);
	va_end(ap);
}

/* A hint attached to the previous error or warning. */
void sc_note(struct sc *sc, struct sc_loc l, const char *fmt, ...)
{
	va_list ap;

	if (sc->errors > SC_MAX_ERRORS)
		return;
	va_start(ap, fmt);
	report(sc, l, "note", fmt, ap);
	va_end(ap);
}

/* An error after which no pass can go on: unwind to sc_compile. */
void sc_abort(struct sc *sc, struct sc_loc l, const char *fmt, ...)
{
	va_list ap;

	sc->errors++;
	va_start(ap, fmt);
	report(sc, l, "error", fmt, ap);
	va_end(ap);
	longjmp(sc->fail, 1);
}

/* Bound the recursion of every pass (definitions may nest deeply). */
void sc_enter(struct sc *sc, scomp what)
{
	uint32_t len;
	const char *s;

	if (++sc->depth <= SC_MAX_DEPTH)
		return;
	s = sc_str(sc, what, &len);
	sc_abort(sc, sc_sym(sc, what)->first,
		 "definitions nest more than %d levels deep (near '%.*s')",
		 SC_MAX_DEPTH, (int)len, s);
}

void sc_leave(struct sc *sc)
{
	sc->depth--;
}
