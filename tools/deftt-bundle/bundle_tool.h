/* SPDX-License-Identifier: GPL-2.0 */
/* deftt-bundle: options shared by its subcommands. */
#ifndef _DEFTT_BUNDLE_TOOL_H
#define _DEFTT_BUNDLE_TOOL_H

#include "wire.h"
#include "cert_problem.h"

#define EXIT_USAGE	1	/* bad command line */
#define EXIT_REFUSED	2	/* an input or the result was refused */

struct bundle_opts {
	const char *out;
	u64 now_us;		/* --now, default the real clock */
	bool no_check;		/* make: write even what the check refuses */
	int verbose;
};

/* "deftt-bundle: <sentence>." on stderr; returns EXIT_REFUSED. */
__printf(1, 2)
int bundle_err(const char *fmt, ...);

int cmd_make(const struct bundle_opts *o, int argc, char **argv);
int cmd_list(const struct bundle_opts *o, int argc, char **argv);
int cmd_check(const struct bundle_opts *o, int argc, char **argv);

#endif /* _DEFTT_BUNDLE_TOOL_H */
