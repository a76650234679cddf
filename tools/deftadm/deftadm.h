/* SPDX-License-Identifier: GPL-2.0 */
/* What the command files of deftadm share: options, output helpers, errors. */
#ifndef _DEFTADM_H
#define _DEFTADM_H

#include <stdbool.h>
#include <stdio.h>

#include "nl.h"

extern bool opt_json;

/* Prints "deftadm: " + message (+ the kernel's extack) and returns 1. */
int fail(const struct nl *nl, int err, const char *what);
int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A JSON string (escaped) to stdout. */
void json_str(const char *s);

int cmd_zone(struct nl *nl, int argc, char **argv);
int cmd_show(struct nl *nl, int argc, char **argv);
int cmd_netns(struct nl *nl, int argc, char **argv);

#endif
