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
		"  show                         module, netns settings and every zone\n"
		"  zone show [INDEX]            zones with their counters and drops\n"
		"  zone add dev IFNAME anchor FILE schema FILE\n"
		"           [group ADDR] [port N] [owner UID[:GID]]\n"
		"                               create a zone; prints its index\n"
		"  zone del INDEX               delete a zone\n"
		"  netns set max-zones N        limit of zones in this netns\n"
		"Options:\n"
		"  -j, --json                   JSON output\n"
		"  -h, --help                   this text\n");
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
	return 1;
}

int usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("deftadm: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("; see deftadm --help.\n", stderr);
	return 2;
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

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct nl nl;
	int c, ret;

	while ((c = getopt_long(argc, argv, "+jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			opt_json = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		usage(stderr);
		return 2;
	}

	ret = nl_open(&nl);
	if (ret) {
		if (ret == -ENOENT)
			fprintf(stderr, "deftadm: the deftt module is not loaded (modprobe deftt).\n");
		else
			fail(NULL, ret, "netlink");
		nl_close(&nl);
		return 1;
	}
	if (!strcmp(argv[0], "show"))
		ret = cmd_show(&nl, argc - 1, argv + 1);
	else if (!strcmp(argv[0], "zone"))
		ret = cmd_zone(&nl, argc - 1, argv + 1);
	else if (!strcmp(argv[0], "netns"))
		ret = cmd_netns(&nl, argc - 1, argv + 1);
	else
		ret = usage_error("unknown command '%s'", argv[0]);
	nl_close(&nl);
	return ret;
}
