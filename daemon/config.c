// SPDX-License-Identifier: GPL-2.0
/* Reads a zone's configuration file: "key = value" lines, strictly. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"

struct conf_key {
	const char *name;
	unsigned int bit;
	/* 0, or -1 with a phrase in why */
	int (*set)(struct deftd_config *c, const char *v, const char **why);
};

static int set_iface(struct deftd_config *c, const char *v, const char **why)
{
	if (strlen(v) >= sizeof(c->iface)) {
		*why = "an interface name has at most 15 characters";
		return -1;
	}
	if (strpbrk(v, "/ \t") || !strcmp(v, ".") || !strcmp(v, "..")) {
		*why = "not a valid interface name";
		return -1;
	}
	strcpy(c->iface, v);
	return 0;
}

static int set_bundle(struct deftd_config *c, const char *v, const char **why)
{
	if (v[0] != '/') {
		*why = "the bundle must be given as an absolute path";
		return -1;
	}
	if (strlen(v) >= sizeof(c->bundle)) {
		*why = "the path is too long";
		return -1;
	}
	strcpy(c->bundle, v);
	return 0;
}

static int set_group(struct deftd_config *c, const char *v, const char **why)
{
	if (inet_pton(AF_INET6, v, &c->group) != 1) {
		*why = "not an IPv6 address";
		return -1;
	}
	if (!IN6_IS_ADDR_MULTICAST(&c->group)) {
		*why = "not an IPv6 multicast address (ff00::/8)";
		return -1;
	}
	return 0;
}

/* A decimal number in [lo, hi], nothing else on the line. */
static int number(const char *v, unsigned long long lo, unsigned long long hi,
		  unsigned long long *out)
{
	char *end;

	if (v[0] < '0' || v[0] > '9')
		return -1;
	errno = 0;
	*out = strtoull(v, &end, 10);
	if (errno || *end || *out < lo || *out > hi)
		return -1;
	return 0;
}

static int set_port(struct deftd_config *c, const char *v, const char **why)
{
	unsigned long long n;

	if (number(v, 1, 65535, &n)) {
		*why = "a port is a number from 1 to 65535";
		return -1;
	}
	c->port = (u16)n;
	return 0;
}

/* (uid_t)-1 means "no change" to the kernel, so it is no owner. */
static int set_uid(struct deftd_config *c, const char *v, const char **why)
{
	unsigned long long n;

	if (number(v, 0, UINT32_MAX - 1, &n)) {
		*why = "a user id is a number from 0 to 4294967294";
		return -1;
	}
	c->owner_uid = (u32)n;
	return 0;
}

static int set_gid(struct deftd_config *c, const char *v, const char **why)
{
	unsigned long long n;

	if (number(v, 0, UINT32_MAX - 1, &n)) {
		*why = "a group id is a number from 0 to 4294967294";
		return -1;
	}
	c->owner_gid = (u32)n;
	return 0;
}

static int set_level(struct deftd_config *c, const char *v, const char **why)
{
	int l = deftd_log_level_parse(v);

	if (l < 0) {
		*why = "a log level is error, warning, notice, info or debug";
		return -1;
	}
	c->log_level = l;
	return 0;
}

static const struct conf_key keys[] = {
	{ "interface",	DEFTD_CONF_IFACE,	set_iface },
	{ "bundle",	DEFTD_CONF_BUNDLE,	set_bundle },
	{ "group",	DEFTD_CONF_GROUP,	set_group },
	{ "port",	DEFTD_CONF_PORT,	set_port },
	{ "owner_uid",	DEFTD_CONF_OWNER_UID,	set_uid },
	{ "owner_gid",	DEFTD_CONF_OWNER_GID,	set_gid },
	{ "log_level",	DEFTD_CONF_LOG_LEVEL,	set_level },
};

__printf(5, 6)
static int fail(char *err, size_t errlen, const char *name, unsigned int line,
		const char *fmt, ...)
{
	size_t n;
	va_list ap;

	n = (size_t)snprintf(err, errlen, "%s:%u: ", name, line);
	if (n < errlen) {
		va_start(ap, fmt);
		vsnprintf(err + n, errlen - n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = 0;
	return s;
}

static int find_key(const char *k)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(keys); i++)
		if (!strcmp(k, keys[i].name))
			return (int)i;
	return -1;
}

int deftd_config_set(struct deftd_config *c, const char *key,
		     const char *value, const char **why)
{
	int i = find_key(key);

	if (i < 0) {
		*why = "unknown key";
		return -1;
	}
	if (keys[i].set(c, value, why))
		return -1;
	c->set |= keys[i].bit;
	return 0;
}

/* One line, NUL-terminated and without its newline. */
static int parse_line(struct deftd_config *c, char *l, const char *name,
		      unsigned int lineno, unsigned int *seen_at,
		      char *err, size_t errlen)
{
	const char *why = NULL;
	char *eq, *k, *v;
	int i;

	l = trim(l);
	if (!*l || *l == '#' || *l == ';')
		return 0;
	eq = strchr(l, '=');
	if (!eq)
		return fail(err, errlen, name, lineno,
			    "expected \"key = value\", found \"%.64s\"", l);
	*eq = 0;
	k = trim(l);
	v = trim(eq + 1);
	i = find_key(k);
	if (i < 0)
		return fail(err, errlen, name, lineno, "unknown key \"%.64s\"",
			    k);
	if (seen_at[i])
		return fail(err, errlen, name, lineno,
			    "%s is given twice (first on line %u)", k,
			    seen_at[i]);
	if (!*v)
		return fail(err, errlen, name, lineno, "%s has no value", k);
	if (keys[i].set(c, v, &why))
		return fail(err, errlen, name, lineno, "bad %s \"%.64s\": %s",
			    k, v, why);
	seen_at[i] = lineno;
	c->set |= keys[i].bit;
	return 0;
}

int deftd_config_parse(struct deftd_config *c, const char *text, size_t len,
		       const char *name, char *err, size_t errlen)
{
	unsigned int seen_at[ARRAY_SIZE(keys)] = { 0 };
	char line[DEFTD_CONF_LINE_MAX + 1];
	unsigned int lineno = 0;
	size_t pos = 0, n;
	const char *nl;

	memset(c, 0, sizeof(*c));
	while (pos < len) {
		lineno++;
		nl = memchr(text + pos, '\n', len - pos);
		n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		if (n > DEFTD_CONF_LINE_MAX)
			return fail(err, errlen, name, lineno,
				    "line longer than %d characters",
				    DEFTD_CONF_LINE_MAX);
		memcpy(line, text + pos, n);
		line[n] = 0;
		if (strlen(line) != n)
			return fail(err, errlen, name, lineno,
				    "NUL byte in the line");
		if (parse_line(c, line, name, lineno, seen_at, err, errlen))
			return -1;
		pos += n + (nl ? 1 : 0);
	}
	return 0;
}

/* A config file is a few lines: anything past this is refused. */
#define CONF_FILE_MAX	(64 * 1024)

int deftd_config_load(struct deftd_config *c, const char *path, char *err,
		      size_t errlen)
{
	char *text;
	size_t len;
	FILE *f;
	int ret = -1;

	f = fopen(path, "re");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	text = malloc(CONF_FILE_MAX + 1);
	if (!text) {
		snprintf(err, errlen, "%s: out of memory", path);
		goto out;
	}
	len = fread(text, 1, CONF_FILE_MAX + 1, f);
	if (ferror(f))
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
	else if (len > CONF_FILE_MAX)
		snprintf(err, errlen, "%s: larger than %d bytes", path,
			 CONF_FILE_MAX);
	else
		ret = deftd_config_parse(c, text, len, path, err, errlen);
	free(text);
out:
	fclose(f);
	return ret;
}

int deftd_config_path(const char *arg, char *out, size_t cap)
{
	int n;

	if (strchr(arg, '/'))
		n = snprintf(out, cap, "%s", arg);
	else
		n = snprintf(out, cap, "%s/%s.conf", DEFTD_CONF_DIR, arg);
	return n < 0 || (size_t)n >= cap ? -1 : 0;
}

void deftd_config_merge(struct deftd_config *dst,
			const struct deftd_config *src)
{
	unsigned int add = src->set & ~dst->set;

	if (add & DEFTD_CONF_IFACE)
		strcpy(dst->iface, src->iface);
	if (add & DEFTD_CONF_BUNDLE)
		strcpy(dst->bundle, src->bundle);
	if (add & DEFTD_CONF_GROUP)
		dst->group = src->group;
	if (add & DEFTD_CONF_PORT)
		dst->port = src->port;
	if (add & DEFTD_CONF_OWNER_UID)
		dst->owner_uid = src->owner_uid;
	if (add & DEFTD_CONF_OWNER_GID)
		dst->owner_gid = src->owner_gid;
	if (add & DEFTD_CONF_LOG_LEVEL)
		dst->log_level = src->log_level;
	dst->set |= add;
}
