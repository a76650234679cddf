// SPDX-License-Identifier: GPL-2.0
/* deftd's log: syslog levels on stderr, with journald priority prefixes. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "log.h"

static int log_level = DEFTD_LOG_DEFAULT;
static bool log_journal;

static const char *const level_names[] = {
	[LOG_ERR] = "error",
	[LOG_WARNING] = "warning",
	[LOG_NOTICE] = "notice",
	[LOG_INFO] = "info",
	[LOG_DEBUG] = "debug",
};

/*
 * Under systemd, stderr is a stream to journald and $JOURNAL_STREAM names
 * it ("dev:ino"); a "<N>" prefix then sets each line's priority. Anywhere
 * else lines read "deftd: ...".
 */
void deftd_log_init(void)
{
	const char *js = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	if (!js || sscanf(js, "%llu:%llu", &dev, &ino) != 2)
		return;
	if (fstat(2, &st) == 0 && st.st_dev == dev && st.st_ino == ino)
		log_journal = true;
}

void deftd_log_set_level(int level)
{
	if (level < LOG_ERR)
		level = LOG_ERR;
	if (level > LOG_DEBUG)
		level = LOG_DEBUG;
	log_level = level;
}

int deftd_log_level(void)
{
	return log_level;
}

int deftd_log_level_parse(const char *s)
{
	int i;

	if (s[0] >= '3' && s[0] <= '7' && !s[1])
		return s[0] - '0';
	for (i = LOG_ERR; i <= LOG_DEBUG; i++)
		if (!strcasecmp(s, level_names[i]))
			return i;
	if (!strcasecmp(s, "err"))
		return LOG_ERR;
	if (!strcasecmp(s, "warn"))
		return LOG_WARNING;
	return -1;
}

const char *deftd_log_level_name(int level)
{
	if (level < LOG_ERR || level > LOG_DEBUG)
		return "?";
	return level_names[level];
}

void deftd_log(int level, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	if (level > log_level)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (log_journal)
		fprintf(stderr, "<%d>%s\n", level, line);
	else if (level <= LOG_WARNING)
		fprintf(stderr, "deftd: %s: %s\n", level_names[level], line);
	else
		fprintf(stderr, "deftd: %s\n", line);
}
