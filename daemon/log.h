/* SPDX-License-Identifier: GPL-2.0 */
/* deftd's log: syslog levels, one line per event on stderr. */
#ifndef _DEFTD_LOG_H
#define _DEFTD_LOG_H

#include <syslog.h>

#include "platform_user.h"

/* Levels are syslog's: LOG_ERR (3) .. LOG_DEBUG (7). */
#define DEFTD_LOG_DEFAULT	LOG_INFO

void deftd_log_init(void);
void deftd_log_set_level(int level);
int deftd_log_level(void);
/* "error", "warning", "notice", "info", "debug" or a digit 3..7; -1 if not. */
int deftd_log_level_parse(const char *s);
const char *deftd_log_level_name(int level);

__printf(2, 3)
void deftd_log(int level, const char *fmt, ...);

#define pr_err(...)	deftd_log(LOG_ERR, __VA_ARGS__)
#define pr_warn(...)	deftd_log(LOG_WARNING, __VA_ARGS__)
#define pr_notice(...)	deftd_log(LOG_NOTICE, __VA_ARGS__)
#define pr_info(...)	deftd_log(LOG_INFO, __VA_ARGS__)
#define pr_debug(...)	deftd_log(LOG_DEBUG, __VA_ARGS__)

#endif
