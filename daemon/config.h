/* SPDX-License-Identifier: GPL-2.0 */
/* A zone's configuration file: "key = value" lines. */
#ifndef _DEFTD_CONFIG_H
#define _DEFTD_CONFIG_H

#include <linux/limits.h>	/* PATH_MAX (core has a limits.h) */
#include <stdbool.h>
#include <stddef.h>
#include <net/if.h>
#include <netinet/in.h>

#include "platform_user.h"

#define DEFTD_CONF_DIR		"/etc/deftt"
#define DEFTD_CONF_LINE_MAX	1024	/* longer lines are refused */
#define DEFTD_CONF_ERR_MAX	(PATH_MAX + 256)

/* Bits of deftd_config.set: which keys were given. */
enum {
	DEFTD_CONF_IFACE	= 1 << 0,
	DEFTD_CONF_BUNDLE	= 1 << 1,
	DEFTD_CONF_GROUP	= 1 << 2,
	DEFTD_CONF_PORT		= 1 << 3,
	DEFTD_CONF_OWNER_UID	= 1 << 4,
	DEFTD_CONF_OWNER_GID	= 1 << 5,
	DEFTD_CONF_LOG_LEVEL	= 1 << 6,
};

/* What a file (or the command line) says; only keys in set are meaningful. */
struct deftd_config {
	unsigned int set;
	char iface[IF_NAMESIZE];
	char bundle[PATH_MAX];
	struct in6_addr group;
	u16 port;
	u32 owner_uid;
	u32 owner_gid;
	int log_level;
};

/*
 * Parses the text of a config file. name labels the errors, which read
 * "NAME:LINE: what is wrong". Blank lines and lines whose first non-blank
 * character is '#' or ';' are skipped; every other line is
 * "key = value" with blanks allowed around both. Unknown keys, keys given
 * twice and bad values are refused. Returns 0, or -1 with err filled.
 */
int deftd_config_parse(struct deftd_config *c, const char *text, size_t len,
		       const char *name, char *err, size_t errlen);

/*
 * Sets one key as a file line would (the command line uses it). 0, or -1
 * with a phrase in why (an unknown key or a bad value).
 */
int deftd_config_set(struct deftd_config *c, const char *key,
		     const char *value, const char **why);

/* Reads and parses a file; errors as above (or "PATH: strerror"). */
int deftd_config_load(struct deftd_config *c, const char *path, char *err,
		      size_t errlen);

/*
 * The file a -c argument names: itself when it contains a '/', otherwise
 * DEFTD_CONF_DIR/ARG.conf (so that "deftd -c eth0" and the unit instance
 * deftd@eth0 read /etc/deftt/eth0.conf). -1 if it does not fit.
 */
int deftd_config_path(const char *arg, char *out, size_t cap);

/* Fills in from src the keys that dst does not have. */
void deftd_config_merge(struct deftd_config *dst,
			const struct deftd_config *src);

#endif
