// SPDX-License-Identifier: GPL-2.0
/* deftt-bundle: command line, options and dispatch to the subcommands. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "bundle_tool.h"
#include "cert_time.h"

static void usage(FILE *f)
{
	fputs("usage: deftt-bundle make  [-v] [--now TIME] [--no-check] -o FILE [+]CERTFILE...\n"
	      "       deftt-bundle list  [-v] FILE\n"
	      "       deftt-bundle check [--now TIME] FILE\n"
	      "\n"
	      "make: concatenates the certs of the files, in order, into an identity\n"
	      "bundle (DCT's make_bundle format): trust anchor, schema cert, chain\n"
	      "from the top down, identity cert. A file named with a leading '+'\n"
	      "contributes its secret key too (give it for the identity only). The\n"
	      "result is checked as a member loads it and refused if it fails.\n"
	      "list: prints the certs as DCT's ls_bundle (-v: with thumbprints).\n"
	      "check: validates a bundle to its trust anchor; says what is wrong.\n"
	      "\n"
	      "options:\n"
	      "  -o, --output FILE  bundle to write (make)\n"
	      "      --now TIME     clock for the validity checks (default: real clock)\n"
	      "      --no-check     make: write the bundle even if the check refuses it\n"
	      "  -v, --verbose      make: list what goes in; list: ls_bundle -v\n"
	      "  -h, --help         this text\n"
	      "TIME: 2026-11-22T00:00:00Z, 20261122T000000 or @<seconds since 1970>.\n",
	      f);
}

int bundle_err(const char *fmt, ...)
{
	va_list ap;

	fputs("deftt-bundle: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(".\n", stderr);
	return EXIT_REFUSED;
}

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "now", required_argument, NULL, 'N' },
		{ "no-check", no_argument, NULL, 'C' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct bundle_opts o = { 0 };
	const char *cmd;
	int c;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : 0;
	}
	cmd = argv[1];
	argv++;
	argc--;
	o.now_us = dt_now_us();
	/* "+FILE" does not start with '-': getopt leaves it an operand */
	while ((c = getopt_long(argc, argv, "o:vh", lopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o.out = optarg;
			break;
		case 'N':
			if (dtc_time_parse(optarg, &o.now_us)) {
				bundle_err("--now '%s' is not a time (try 2026-11-22T00:00:00Z)",
					   optarg);
				return EXIT_USAGE;
			}
			break;
		case 'C':
			o.no_check = true;
			break;
		case 'v':
			o.verbose++;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (!strcmp(cmd, "make"))
		return cmd_make(&o, argc, argv);
	if (!strcmp(cmd, "list"))
		return cmd_list(&o, argc, argv);
	if (!strcmp(cmd, "check"))
		return cmd_check(&o, argc, argv);
	bundle_err("unknown command '%s' (see deftt-bundle --help)", cmd);
	return EXIT_USAGE;
}
