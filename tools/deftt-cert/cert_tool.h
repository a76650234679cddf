/* SPDX-License-Identifier: GPL-2.0 */
/* deftt-cert: options shared by its subcommands. */
#ifndef _DEFTT_CERT_TOOL_H
#define _DEFTT_CERT_TOOL_H

#include "wire.h"
#include "cert_problem.h"

#define EXIT_USAGE	1	/* bad command line */
#define EXIT_REFUSED	2	/* an input or the result was refused */

struct cert_opts {
	const char *out;
	const char *key_file;	/* reuse this file's first secret key */
	const char *seed_hex;
	u64 from_us;		/* --valid-from, default now */
	u64 until_us;		/* --valid-until, 0 = from --lifetime */
	u64 lifetime_days;
	u64 now_us;		/* --now, default the real clock */
	int verbose;
	bool json;		/* show: JSON instead of text */
};

/* "deftt-cert: <sentence>." on stderr; returns EXIT_REFUSED. */
__printf(1, 2)
int cert_err(const char *fmt, ...);
int cert_problem(const struct dtc_problem *p);

int cmd_anchor(const struct cert_opts *o, int argc, char **argv);
int cmd_signed(const struct cert_opts *o, int argc, char **argv, bool cap);
int cmd_schema(const struct cert_opts *o, int argc, char **argv);
int cmd_signing(const struct cert_opts *o, int argc, char **argv);
int cmd_show(const struct cert_opts *o, int argc, char **argv);

#endif /* _DEFTT_CERT_TOOL_H */
