/* SPDX-License-Identifier: GPL-2.0 */
/* What the command files of deftadm share: options, output helpers, errors. */
#ifndef _DEFTADM_H
#define _DEFTADM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "nl.h"

/* Exit statuses, as ip(8) has them. */
#define EXIT_USAGE	1	/* the command line is wrong */
#define EXIT_REFUSED	2	/* the kernel (or the system) said no */

extern bool opt_json;

/*
 * Prints "deftadm: what: " + the kernel's extack (or errno) as a sentence;
 * returns EXIT_REFUSED, or EXIT_USAGE when nl is NULL (a local problem:
 * a file that cannot be read).
 */
int fail(const struct nl *nl, int err, const char *what);
/* One line "deftadm: ...; see deftadm --help." and EXIT_USAGE. */
int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * Opens netlink, once the command's arguments are known to be good:
 * 0, or EXIT_REFUSED after saying why.
 */
int adm_connect(struct nl *nl);
/* A decimal (or 0x) number up to max; -1 if s is not one. */
int parse_u32(const char *s, uint32_t max, uint32_t *v);
/* A JSON string (escaped) to stdout. */
void json_str(const char *s);

int cmd_zone(struct nl *nl, int argc, char **argv);
int cmd_show(struct nl *nl, int argc, char **argv);
int cmd_netns(struct nl *nl, int argc, char **argv);
int cmd_signers(struct nl *nl, int argc, char **argv);
int cmd_monitor(struct nl *nl, int argc, char **argv);
int adm_print_signers(struct nl *nl, uint32_t index, const char *indent);

#endif
