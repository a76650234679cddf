// SPDX-License-Identifier: GPL-2.0
/* deftd's command line, and the configuration it makes with the file. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "deftd.h"
#include "log.h"

enum {
	OPT_ONCE = 256,
	OPT_DELETE,
	OPT_OWNER_UID,
	OPT_OWNER_GID,
	OPT_SIGNING_LIFETIME,
};

/* --signing-lifetime: long enough for a cert to reach every member. */
#define SIGNING_LIFETIME_MIN	6
#define SIGNING_LIFETIME_MAX	(24 * 3600 + 600)

static const struct option longopts[] = {
	{ "interface",		required_argument, NULL, 'i' },
	{ "bundle",		required_argument, NULL, 'b' },
	{ "config",		required_argument, NULL, 'c' },
	{ "group",		required_argument, NULL, 'g' },
	{ "port",		required_argument, NULL, 'p' },
	{ "owner-uid",		required_argument, NULL, OPT_OWNER_UID },
	{ "owner-gid",		required_argument, NULL, OPT_OWNER_GID },
	{ "verbose",		no_argument,	   NULL, 'v' },
	{ "quiet",		no_argument,	   NULL, 'q' },
	{ "once-connected-exit", no_argument,	   NULL, OPT_ONCE },
	{ "delete-zone-on-exit", no_argument,	   NULL, OPT_DELETE },
	{ "signing-lifetime",	required_argument, NULL, OPT_SIGNING_LIFETIME },
	{ "version",		no_argument,	   NULL, 'V' },
	{ "help",		no_argument,	   NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static void print_usage(FILE *f)
{
	fputs("usage: deftd -i IFACE -b BUNDLE [options]\n"
	      "       deftd -c CONFIG [options]\n"
	      "\n"
	      "Runs one DeftT zone on an interface: validates the identity bundle,\n"
	      "makes the zone in the deftt module, keeps its signing key and runs\n"
	      "its cert distributor. Options given here win over the config file.\n"
	      "\n"
	      "  -i, --interface IFACE   network interface of the zone\n"
	      "  -b, --bundle FILE       identity bundle (anchor, schema, chain, key)\n"
	      "  -c, --config NAME|PATH  config file; a NAME is " DEFTD_CONF_DIR "/NAME.conf\n"
	      "  -g, --group ADDR        IPv6 multicast group (default ff02::1234)\n"
	      "  -p, --port PORT         UDP port (default 56362)\n"
	      "      --owner-uid UID     owner of the zone's sockets (default 0)\n"
	      "      --owner-gid GID     group of the zone's sockets (default 0)\n"
	      "  -v, --verbose           more log (repeat for more)\n"
	      "  -q, --quiet             less log (repeat for less)\n"
	      "      --once-connected-exit  stop as soon as the zone is connected\n"
	      "      --delete-zone-on-exit  delete the zone when stopping\n"
	      "      --signing-lifetime SECS  tests: signing keys live SECS seconds\n"
	      "  -V, --version           print the version\n"
	      "  -h, --help              this text\n", f);
}

static int set(struct deftd_opts *o, const char *opt, const char *key,
	       const char *v)
{
	const char *why = "";

	if (!deftd_config_set(&o->cli, key, v, &why))
		return 0;
	fprintf(stderr, "deftd: bad %s \"%s\": %s\n", opt, v, why);
	return -1;
}

/* A relative bundle path is taken from the current directory. */
static int set_bundle(struct deftd_opts *o, const char *v)
{
	char cwd[PATH_MAX], path[PATH_MAX];

	if (v[0] == '/')
		return set(o, "-b", "bundle", v);
	if (!getcwd(cwd, sizeof(cwd)) ||
	    snprintf(path, sizeof(path), "%s/%s", cwd, v) >=
	    (int)sizeof(path)) {
		fprintf(stderr, "deftd: bad -b \"%s\": the path is too long\n",
			v);
		return -1;
	}
	return set(o, "-b", "bundle", path);
}

static int set_lifetime(struct deftd_opts *o, const char *v)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(v, &end, 10);
	if (errno || end == v || *end || v[0] == '-' ||
	    n < SIGNING_LIFETIME_MIN || n > SIGNING_LIFETIME_MAX) {
		fprintf(stderr, "deftd: bad --signing-lifetime \"%s\": seconds from %d to %d\n",
			v, SIGNING_LIFETIME_MIN, SIGNING_LIFETIME_MAX);
		return -1;
	}
	o->signing_lifetime_s = (unsigned int)n;
	return 0;
}

/* 0 to run, 1 when done (--help, --version), -1 on a bad command line. */
int deftd_options(struct deftd_opts *o, int argc, char **argv)
{
	int c, ret = 0;

	memset(o, 0, sizeof(*o));
	while ((c = getopt_long(argc, argv, "i:b:c:g:p:vqVh", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'i':
			ret = set(o, "-i", "interface", optarg);
			break;
		case 'b':
			ret = set_bundle(o, optarg);
			break;
		case 'c':
			if (deftd_config_path(optarg, o->config_path,
					      sizeof(o->config_path))) {
				fprintf(stderr, "deftd: bad -c \"%s\": too long\n",
					optarg);
				ret = -1;
			}
			break;
		case 'g':
			ret = set(o, "-g", "group", optarg);
			break;
		case 'p':
			ret = set(o, "-p", "port", optarg);
			break;
		case OPT_OWNER_UID:
			ret = set(o, "--owner-uid", "owner_uid", optarg);
			break;
		case OPT_OWNER_GID:
			ret = set(o, "--owner-gid", "owner_gid", optarg);
			break;
		case 'v':
			o->verbosity++;
			break;
		case 'q':
			o->verbosity--;
			break;
		case OPT_ONCE:
			o->once_connected_exit = true;
			break;
		case OPT_DELETE:
			o->delete_zone_on_exit = true;
			break;
		case OPT_SIGNING_LIFETIME:
			ret = set_lifetime(o, optarg);
			break;
		case 'V':
			printf("deftd %s\n", DEFTT_VERSION);
			return 1;
		case 'h':
			print_usage(stdout);
			return 1;
		default:
			print_usage(stderr);
			return -1;
		}
		if (ret)
			return -1;
	}
	if (optind < argc) {
		fprintf(stderr, "deftd: unexpected argument \"%s\"\n",
			argv[optind]);
		print_usage(stderr);
		return -1;
	}
	return 0;
}

/* Keys that only a restart can change (the zone was made with them). */
static void warn_fixed(const struct deftd_config *run,
		       const struct deftd_config *now)
{
	static const struct {
		unsigned int bit;
		const char *name;
	} fixed[] = {
		{ DEFTD_CONF_IFACE, "interface" },
		{ DEFTD_CONF_BUNDLE, "bundle" },
		{ DEFTD_CONF_GROUP, "group" },
		{ DEFTD_CONF_PORT, "port" },
		{ DEFTD_CONF_OWNER_UID, "owner_uid" },
		{ DEFTD_CONF_OWNER_GID, "owner_gid" },
	};
	const struct deftd_config *a = run, *b = now;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(fixed); i++) {
		unsigned int bit = fixed[i].bit;
		bool differ = (a->set & bit) != (b->set & bit);

		if (!differ && (a->set & bit)) {
			switch (bit) {
			case DEFTD_CONF_IFACE:
				differ = strcmp(a->iface, b->iface);
				break;
			case DEFTD_CONF_BUNDLE:
				differ = strcmp(a->bundle, b->bundle);
				break;
			case DEFTD_CONF_GROUP:
				differ = memcmp(&a->group, &b->group,
						sizeof(a->group));
				break;
			case DEFTD_CONF_PORT:
				differ = a->port != b->port;
				break;
			case DEFTD_CONF_OWNER_UID:
				differ = a->owner_uid != b->owner_uid;
				break;
			case DEFTD_CONF_OWNER_GID:
				differ = a->owner_gid != b->owner_gid;
				break;
			}
		}
		if (differ)
			pr_warn("%s changed: it takes effect at the next start",
				fixed[i].name);
	}
}

/*
 * The configuration: the command line over the file. At start a missing
 * interface or bundle is an error; on reload (SIGHUP) only the log level
 * changes, and changes to the rest are pointed out.
 */
int deftd_conf_load(struct deftd *dd, bool reload)
{
	struct deftd_config file, eff;
	char err[DEFTD_CONF_ERR_MAX];
	int level;

	memset(&file, 0, sizeof(file));
	if (dd->opts.config_path[0] &&
	    deftd_config_load(&file, dd->opts.config_path, err, sizeof(err))) {
		pr_err("%s%s", err,
		       reload ? " (keeping the running configuration)" : "");
		return -1;
	}
	eff = dd->opts.cli;
	deftd_config_merge(&eff, &file);
	level = (eff.set & DEFTD_CONF_LOG_LEVEL) ? eff.log_level :
		DEFTD_LOG_DEFAULT;
	deftd_log_set_level(level + dd->opts.verbosity);
	if (reload) {
		warn_fixed(&dd->conf, &eff);
		pr_info("log level %s",
			deftd_log_level_name(deftd_log_level()));
		return 0;
	}
	if (!(eff.set & DEFTD_CONF_IFACE)) {
		pr_err("no interface: give -i IFACE or \"interface =\" in a config file");
		return -1;
	}
	if (!(eff.set & DEFTD_CONF_BUNDLE)) {
		pr_err("no identity bundle: give -b BUNDLE or \"bundle =\" in a config file");
		return -1;
	}
	dd->conf = eff;
	return 0;
}
