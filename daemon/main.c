// SPDX-License-Identifier: GPL-2.0
/* deftd: start-up in order, the event loop, and shutdown. */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>

#include "deftd.h"
#include "log.h"

/* Holds keys: kept out of swap, like the identity bundle. */
static struct deftd the_deftd;

static void block_signals(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* The interface must exist and not be the loopback (uapi: ZONE_NEW). */
static int check_iface(struct deftd *dd)
{
	struct ifreq ifr = { 0 };
	int fd;

	dd->ifindex = if_nametoindex(dd->conf.iface);
	if (!dd->ifindex) {
		pr_err("interface %s does not exist", dd->conf.iface);
		return -ENODEV;
	}
	fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return 0;
	memcpy(ifr.ifr_name, dd->conf.iface, strlen(dd->conf.iface));
	if (!ioctl(fd, SIOCGIFFLAGS, &ifr) && (ifr.ifr_flags & IFF_LOOPBACK)) {
		pr_err("interface %s is the loopback: a zone needs a link with multicast",
		       dd->conf.iface);
		close(fd);
		return -EINVAL;
	}
	close(fd);
	return 0;
}

/* The family is looked up before anything is asked of the kernel. */
static int open_netlink(struct deftd *dd)
{
	int err = deftd_nl_open(&dd->nl);

	if (err == -ENOENT)
		pr_err("the kernel has no \"%s\" generic netlink family: is the deftt module loaded? (modprobe deftt)",
		       DEFTT_GENL_NAME);
	else if (err)
		pr_err("cannot talk to the kernel over generic netlink: %s",
		       strerror(-err));
	return err;
}

static void log_counts(const struct deftd *dd)
{
	const u64 *c = dd->trust.count;

	pr_info("certs received: %llu stored, %llu signers, %llu known, %llu held (%llu evicted), %llu refused",
		(unsigned long long)c[DEFTD_V_STORED],
		(unsigned long long)c[DEFTD_V_SIGNER],
		(unsigned long long)(c[DEFTD_V_KNOWN] + c[DEFTD_V_OWN]),
		(unsigned long long)dd->trust.pending.held,
		(unsigned long long)dd->trust.pending.evicted,
		(unsigned long long)(c[DEFTD_V_MALFORMED] + c[DEFTD_V_TIME] +
				     c[DEFTD_V_SCHEMA] + c[DEFTD_V_ANCHOR] +
				     c[DEFTD_V_SCHEMA_CERT] +
				     c[DEFTD_V_BAD_SIG] + c[DEFTD_V_CHAIN] +
				     c[DEFTD_V_TOO_DEEP] + c[DEFTD_V_NO_ROOM] +
				     c[DEFTD_V_FOREIGN]));
}

/*
 * In order: bundle (nothing made in the kernel if it fails), interface,
 * netlink family, run lock, zone, signing key, key distributors (they
 * start once the cert distributor is connected), cert distributor, loop.
 * A zone we made ourselves is deleted again if a later step fails.
 */
static int run(struct deftd *dd)
{
	int ret = DEFTD_EXIT_FAIL;

	if (deftd_identity_load(dd))
		return ret;
	if (check_iface(dd))
		return ret;
	if (open_netlink(dd) || deftd_run_lock(dd) || deftd_zone_open(dd))
		return ret;
	if (deftd_dist_init(dd) || deftd_signing_start(dd) ||
	    deftd_keys_init(dd) || deftd_dist_open(dd) || deftd_loop_init(dd))
		goto err_zone;
	deftd_dist_publish_initial(dd);
	deftd_signing_publish_next(dd);
	deftd_notify("READY=1\nSTATUS=zone %u on %s: waiting for peers\nMAINPID=%d",
		     dd->zone, dd->conf.iface, (int)getpid());
	pr_info("zone %u on %s: running", dd->zone, dd->conf.iface);
	ret = dd->stop ? dd->exit_code : deftd_loop_run(dd);
	deftd_notify("STOPPING=1");
	log_counts(dd);
	if (dd->opts.delete_zone_on_exit)
		deftd_zone_del(dd);
	return ret;

err_zone:
	if (dd->zone_made)
		deftd_zone_del(dd);
	return ret;
}

int main(int argc, char **argv)
{
	struct deftd *dd = &the_deftd;
	int ret;

	dd->sock = -1;
	dd->epfd = -1;
	dd->sigfd = -1;
	dd->timerfd = -1;
	dd->lock_fd = -1;
	deftd_log_init();
	ret = deftd_options(&dd->opts, argc, argv);
	if (ret)
		return ret > 0 ? 0 : DEFTD_EXIT_USAGE;
	if (deftd_conf_load(dd, false))
		return DEFTD_EXIT_USAGE;
	/* no core dumps or ptrace peeks at the keys */
	prctl(PR_SET_DUMPABLE, 0);
	mlock(dd, sizeof(*dd));
	block_signals();

	ret = run(dd);

	deftd_loop_free(dd);
	deftd_keys_free(dd);
	deftd_dist_close(dd);
	deftd_signing_free(dd);
	deftd_zone_free(dd);
	deftd_nl_close(&dd->nl);
	deftd_run_unlock(dd);
	deftd_identity_free(dd);
	return ret;
}
