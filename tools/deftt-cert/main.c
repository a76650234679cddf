// SPDX-License-Identifier: GPL-2.0
/* deftt-cert: command line, options and dispatch to the subcommands. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cert_tool.h"
#include "cert_build.h"
#include "cert_time.h"

static void usage(FILE *f)
{
	fputs("usage: deftt-cert anchor   [options] -o FILE PREFIX\n"
	      "       deftt-cert identity [options] -o FILE NAME SIGNER\n"
	      "       deftt-cert cap      [options] -o FILE PREFIX/CAP/CAPNAME/ARG SIGNER\n"
	      "       deftt-cert schema   [options] -o FILE SCHEMA.scm ANCHOR\n"
	      "       deftt-cert signing  [options] -o FILE BUNDLE\n"
	      "       deftt-cert show     [-v] [-j] [--now TIME] FILE...\n"
	      "\n"
	      "Makes DeftT certificates in DCT's format (make_cert, schema_cert):\n"
	      "anchor: a self-signed trust anchor PREFIX/KEY/<id>/dct/<time>;\n"
	      "identity, cap: a cert NAME/KEY/<id>/dct/<time> signed by the first\n"
	      "cert of file SIGNER, which must carry its secret key; schema: the\n"
	      "schema cert of a binary schema, signed by the trust anchor ANCHOR;\n"
	      "signing: a member's 24-hour signing cert (DCT's getSigningPair) made\n"
	      "at --now with the identity key of BUNDLE.\n"
	      "Outputs: the cert followed by its secret key (schema: cert only).\n"
	      "\n"
	      "options:\n"
	      "  -o, --output FILE      file to write (required to make a cert)\n"
	      "      --valid-from TIME  creation time and start of validity (default now)\n"
	      "      --lifetime DAYS    length of validity (default 365, as make_cert)\n"
	      "      --valid-until TIME end of validity instead of --lifetime\n"
	      "      --now TIME         clock for checking the signer (default: real clock)\n"
	      "      --key FILE         reuse the secret key of FILE's first cert\n"
	      "      --seed HEX         derive the key pair from a 32-byte seed (tests)\n"
	      "  -v, --verbose          show: also print the public key\n"
	      "  -j, --json             show: one JSON array, an object per file\n"
	      "  -h, --help             this text\n"
	      "TIME: 2026-11-22T00:00:00Z, 2026-11-22T00:00:00.123456Z, 20261122T000000\n"
	      "or @<seconds since 1970>. All times are UTC.\n", f);
}

int cert_err(const char *fmt, ...)
{
	va_list ap;

	fputs("deftt-cert: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(".\n", stderr);
	return EXIT_REFUSED;
}

int cert_problem(const struct dtc_problem *p)
{
	return cert_err("%s", p->msg);
}

static int time_opt(const char *name, const char *v, u64 *us)
{
	if (!dtc_time_parse(v, us))
		return 0;
	cert_err("%s '%s' is not a time (try 2026-11-22T00:00:00Z)", name, v);
	return -1;
}

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "valid-from", required_argument, NULL, 'F' },
		{ "lifetime", required_argument, NULL, 'L' },
		{ "valid-until", required_argument, NULL, 'U' },
		{ "now", required_argument, NULL, 'N' },
		{ "key", required_argument, NULL, 'K' },
		{ "seed", required_argument, NULL, 'S' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cert_opts o = { .lifetime_days = DTC_DEFAULT_LIFETIME_DAYS };
	bool from_set = false;
	const char *cmd;
	char *end;
	int c;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : 0;
	}
	cmd = argv[1];
	argv++;
	argc--;
	o.now_us = dt_now_us();
	while ((c = getopt_long(argc, argv, "o:vjh", lopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o.out = optarg;
			break;
		case 'F':
			if (time_opt("--valid-from", optarg, &o.from_us))
				return EXIT_USAGE;
			from_set = true;
			break;
		case 'U':
			if (time_opt("--valid-until", optarg, &o.until_us))
				return EXIT_USAGE;
			break;
		case 'N':
			if (time_opt("--now", optarg, &o.now_us))
				return EXIT_USAGE;
			break;
		case 'L':
			o.lifetime_days = strtoull(optarg, &end, 10);
			if (*end || !o.lifetime_days ||
			    o.lifetime_days > 100 * 366) {
				cert_err("--lifetime '%s' is not a number of days from 1 to 36600",
					 optarg);
				return EXIT_USAGE;
			}
			break;
		case 'K':
			o.key_file = optarg;
			break;
		case 'S':
			o.seed_hex = optarg;
			break;
		case 'v':
			o.verbose++;
			break;
		case 'j':
			o.json = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (!from_set)
		o.from_us = o.now_us;
	argc -= optind;
	argv += optind;
	if (!strcmp(cmd, "show"))
		return cmd_show(&o, argc, argv);
	if (strcmp(cmd, "anchor") && strcmp(cmd, "identity") &&
	    strcmp(cmd, "cap") && strcmp(cmd, "schema") &&
	    strcmp(cmd, "signing")) {
		cert_err("unknown command '%s' (see deftt-cert --help)", cmd);
		return EXIT_USAGE;
	}
	if (!o.out) {
		cert_err("%s needs -o FILE, the file to write", cmd);
		return EXIT_USAGE;
	}
	if (!strcmp(cmd, "anchor"))
		return cmd_anchor(&o, argc, argv);
	if (!strcmp(cmd, "schema"))
		return cmd_schema(&o, argc, argv);
	if (!strcmp(cmd, "signing"))
		return cmd_signing(&o, argc, argv);
	return cmd_signed(&o, argc, argv, !strcmp(cmd, "cap"));
}
