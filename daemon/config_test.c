// SPDX-License-Identifier: GPL-2.0
/* deftd's config parser: good files, comments, unknown keys, bad values. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "config.h"
#include "log.h"

static int parse(struct deftd_config *c, const char *text, char *err)
{
	err[0] = 0;
	return deftd_config_parse(c, text, strlen(text), "t.conf", err,
				  DEFTD_CONF_ERR_MAX);
}

TEST(full_file)
{
	static const char text[] =
		"# zone on eth0\n"
		"interface = eth0\n"
		"bundle=/etc/deftt/alice.bundle\n"
		"\tgroup\t=\tff02::4321 \t\n"
		"port = 6000\r\n"
		"owner_uid = 1000\n"
		"owner_gid = 100\n"
		"log_level = debug\n";
	char err[DEFTD_CONF_ERR_MAX];
	struct deftd_config c;
	struct in6_addr g;

	ASSERT_EQ(0, parse(&c, text, err)) TH_LOG("%s", err);
	EXPECT_EQ(0x7f, c.set);
	EXPECT_STREQ("eth0", c.iface);
	EXPECT_STREQ("/etc/deftt/alice.bundle", c.bundle);
	inet_pton(AF_INET6, "ff02::4321", &g);
	EXPECT_EQ(0, memcmp(&g, &c.group, sizeof(g)));
	EXPECT_EQ(6000, c.port);
	EXPECT_EQ(1000, c.owner_uid);
	EXPECT_EQ(100, c.owner_gid);
	EXPECT_EQ(LOG_DEBUG, c.log_level);
}

TEST(comments_blanks_and_no_final_newline)
{
	static const char text[] =
		"\n"
		"   # indented comment = not a key\n"
		"; another comment\n"
		"   \t\t\n"
		"interface = veth1";
	char err[DEFTD_CONF_ERR_MAX];
	struct deftd_config c;

	ASSERT_EQ(0, parse(&c, text, err)) TH_LOG("%s", err);
	EXPECT_EQ(DEFTD_CONF_IFACE, c.set);
	EXPECT_STREQ("veth1", c.iface);
}

TEST(empty_file_sets_nothing)
{
	char err[DEFTD_CONF_ERR_MAX];
	struct deftd_config c;

	ASSERT_EQ(0, parse(&c, "", err));
	EXPECT_EQ(0, c.set);
}

TEST(log_levels)
{
	static const char *const ok[] = {
		"error", "err", "warning", "WARN", "notice", "info", "debug",
		"3", "7",
	};
	static const int want[] = { 3, 3, 4, 4, 5, 6, 7, 3, 7 };
	char text[64], err[DEFTD_CONF_ERR_MAX];
	struct deftd_config c;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		snprintf(text, sizeof(text), "log_level = %s\n", ok[i]);
		ASSERT_EQ(0, parse(&c, text, err)) TH_LOG("%s", err);
		EXPECT_EQ(want[i], c.log_level);
	}
}

/* Each bad file: the error names the file, the line and the reason. */
static const struct {
	const char *text;
	const char *err;
} bad[] = {
	{ "interface = eth0\ninterfce = eth1\n",
	  "t.conf:2: unknown key \"interfce\"" },
	{ "# c\n\nport = 0\n",
	  "t.conf:3: bad port \"0\": a port is a number from 1 to 65535" },
	{ "port = 65536\n",
	  "t.conf:1: bad port \"65536\": a port is a number from 1 to 65535" },
	{ "port = 12ab\n",
	  "t.conf:1: bad port \"12ab\": a port is a number from 1 to 65535" },
	{ "port = -1\n",
	  "t.conf:1: bad port \"-1\": a port is a number from 1 to 65535" },
	{ "group = ff02::1::2\n",
	  "t.conf:1: bad group \"ff02::1::2\": not an IPv6 address" },
	{ "group = fe80::1\n",
	  "t.conf:1: bad group \"fe80::1\": not an IPv6 multicast address (ff00::/8)" },
	{ "group = 224.0.0.1\n",
	  "t.conf:1: bad group \"224.0.0.1\": not an IPv6 address" },
	{ "bundle = alice.bundle\n",
	  "t.conf:1: bad bundle \"alice.bundle\": the bundle must be given as an absolute path" },
	{ "interface = averyveryverylongname\n",
	  "t.conf:1: bad interface \"averyveryverylongname\": an interface name has at most 15 characters" },
	{ "interface = eth 0\n",
	  "t.conf:1: bad interface \"eth 0\": not a valid interface name" },
	{ "owner_uid = 4294967295\n",
	  "t.conf:1: bad owner_uid \"4294967295\": a user id is a number from 0 to 4294967294" },
	{ "owner_gid = root\n",
	  "t.conf:1: bad owner_gid \"root\": a group id is a number from 0 to 4294967294" },
	{ "log_level = loud\n",
	  "t.conf:1: bad log_level \"loud\": a log level is error, warning, notice, info or debug" },
	{ "port = 1\nport = 2\n",
	  "t.conf:2: port is given twice (first on line 1)" },
	{ "interface =\n",
	  "t.conf:1: interface has no value" },
	{ "just words\n",
	  "t.conf:1: expected \"key = value\", found \"just words\"" },
	{ " = eth0\n",
	  "t.conf:1: unknown key \"\"" },
};

TEST(bad_values_with_line_numbers)
{
	char err[DEFTD_CONF_ERR_MAX];
	struct deftd_config c;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		EXPECT_EQ(-1, parse(&c, bad[i].text, err))
			TH_LOG("accepted: %s", bad[i].text);
		EXPECT_STREQ(bad[i].err, err);
	}
}

TEST(long_line_and_nul_byte)
{
	char text[DEFTD_CONF_LINE_MAX + 64], err[DEFTD_CONF_ERR_MAX];
	struct deftd_config c;

	memset(text, 'x', sizeof(text));
	memcpy(text, "port = 1\n", 9);
	text[sizeof(text) - 1] = 0;
	EXPECT_EQ(-1, parse(&c, text, err));
	EXPECT_STREQ("t.conf:2: line longer than 1024 characters", err);

	EXPECT_EQ(-1, deftd_config_parse(&c, "port = 1\0\n", 10, "t.conf",
					 err, sizeof(err)));
	EXPECT_STREQ("t.conf:1: NUL byte in the line", err);
}

TEST(load_from_file)
{
	char path[] = "/tmp/deftd_config_testXXXXXX";
	char err[DEFTD_CONF_ERR_MAX], want[DEFTD_CONF_ERR_MAX];
	struct deftd_config c;
	FILE *f;
	int fd;

	fd = mkstemp(path);
	ASSERT_LE(0, fd);
	f = fdopen(fd, "w");
	ASSERT_NE(NULL, f);
	fputs("interface = eth0\n# x\nport = 99999\n", f);
	fclose(f);
	EXPECT_EQ(-1, deftd_config_load(&c, path, err, sizeof(err)));
	snprintf(want, sizeof(want),
		 "%s:3: bad port \"99999\": a port is a number from 1 to 65535",
		 path);
	EXPECT_STREQ(want, err);
	unlink(path);

	EXPECT_EQ(-1, deftd_config_load(&c, path, err, sizeof(err)));
	snprintf(want, sizeof(want), "%s: No such file or directory", path);
	EXPECT_STREQ(want, err);
}

TEST(config_path_and_merge)
{
	struct deftd_config cli, file;
	char p[PATH_MAX], err[DEFTD_CONF_ERR_MAX];

	ASSERT_EQ(0, deftd_config_path("eth0", p, sizeof(p)));
	EXPECT_STREQ("/etc/deftt/eth0.conf", p);
	ASSERT_EQ(0, deftd_config_path("./my.conf", p, sizeof(p)));
	EXPECT_STREQ("./my.conf", p);

	/* the command line wins; the file fills in the rest */
	ASSERT_EQ(0, parse(&cli, "port = 7\n", err));
	ASSERT_EQ(0, parse(&file, "port = 8\ninterface = eth1\n", err));
	deftd_config_merge(&cli, &file);
	EXPECT_EQ(7, cli.port);
	EXPECT_STREQ("eth1", cli.iface);
	EXPECT_EQ(DEFTD_CONF_PORT | DEFTD_CONF_IFACE, cli.set);
}

TEST_HARNESS_MAIN
