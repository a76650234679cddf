// SPDX-License-Identifier: GPL-2.0
/* deftadm: administer DeftT zones of the deftt kernel module over generic netlink. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "deftadm.h"

bool opt_json;

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: deftadm [-j] COMMAND ...\n"
		"  show [INDEX]                 module, netns settings and every zone\n"
		"                               (or one zone with its signers)\n"
		"  zone show [INDEX]            zones with their counters and drops\n"
		"  zone add dev IFNAME anchor FILE schema FILE\n"
		"           [group ADDR] [port N] [owner UID[:GID]]\n"
		"                               create a zone; prints its index\n"
		"  zone set INDEX [group-key ROLE HEX|- CT]... [connected yes|no]\n"
		"                               install group keys (ROLE pdus or msgs,\n"
		"                               CT us since 1970 or now), the daemon's\n"
		"                               connected state\n"
		"  zone del INDEX               delete a zone\n"
		"  signers INDEX                the signers a zone knows\n"
		"  monitor [count N]            events as they happen (N of them)\n"
		"  netns set max-zones N        limit of zones in this netns\n"
		"Options:\n"
		"  -j, --json                   JSON output\n"
		"  -h, --help                   this text\n"
		"Exit status: 0 done, 1 usage error, 2 the kernel or system refused.\n");
}

int fail(const struct nl *nl, int err, const char *what)
{
	if (err < 0)
		err = -err;
	if (nl && nl->extack[0])
		fprintf(stderr, "deftadm: %s: %s (%s).\n", what, nl->extack,
			strerror(err));
	else if (err == EPERM)
		fprintf(stderr, "deftadm: %s: not permitted, CAP_NET_ADMIN is needed.\n",
			what);
	else
		fprintf(stderr, "deftadm: %s: %s.\n", what, strerror(err));
	return nl ? EXIT_REFUSED : EXIT_USAGE;
}

int usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("deftadm: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("; see deftadm --help.\n", stderr);
	return EXIT_USAGE;
}

int adm_connect(struct nl *nl)
{
	int ret;

	if (nl->sock)
		return 0;
	ret = nl_open(nl);
	if (!ret)
		return 0;
	nl_close(nl);
	if (ret == -ENOENT)
		fprintf(stderr, "deftadm: the deftt module is not loaded (modprobe deftt).\n");
	else
		fprintf(stderr, "deftadm: netlink: %s.\n", strerror(-ret));
	return EXIT_REFUSED;
}

int parse_u32(const char *s, uint32_t max, uint32_t *v)
{
	unsigned long n;
	char *end;

	errno = 0;
	n = strtoul(s, &end, 0);
	if (errno || !*s || *s == '-' || *end || n > max)
		return -1;
	*v = n;
	return 0;
}

void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static const struct {
	const char *name;
	int (*fn)(struct nl *nl, int argc, char **argv);
} commands[] = {
	{ "show", cmd_show },
	{ "zone", cmd_zone },
	{ "signers", cmd_signers },
	{ "monitor", cmd_monitor },
	{ "netns", cmd_netns },
};

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct nl nl = {};
	unsigned int i;
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			opt_json = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			if (optopt)
				return usage_error("unknown option '-%c'", optopt);
			return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		return usage_error("no command given");

	/* Each command checks its arguments, then calls adm_connect(). */
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[0], commands[i].name))
			break;
	if (i == sizeof(commands) / sizeof(commands[0]))
		return usage_error("unknown command '%s'", argv[0]);
	ret = commands[i].fn(&nl, argc - 1, argv + 1);
	nl_close(&nl);
	return ret;
}
