// SPDX-License-Identifier: GPL-2.0
/* deftd's event loop: the collection sockets, netlink, signals and one timer. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>

#include "deftd.h"
#include "log.h"

/* SRC_KEYS + a keys collection's number: that distributor's socket. */
enum { SRC_SOCK, SRC_NL, SRC_SIGNAL, SRC_TIMER, SRC_KEYS };

static int watch(struct deftd *dd, int fd, u32 events, u32 src)
{
	struct epoll_event ev = { .events = events, .data.u32 = src };

	return epoll_ctl(dd->epfd, EPOLL_CTL_ADD, fd, &ev);
}

/* Signals are blocked in main() before anything else, and read here. */
int deftd_loop_init(struct deftd *dd)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	dd->sigfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	/* cert validity is wall-clock time, so is the rotation timer */
	dd->timerfd = timerfd_create(CLOCK_REALTIME,
				     TFD_CLOEXEC | TFD_NONBLOCK);
	dd->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (dd->sigfd < 0 || dd->timerfd < 0 || dd->epfd < 0 ||
	    watch(dd, dd->sock, EPOLLIN, SRC_SOCK) ||
	    watch(dd, deftd_nl_fd(&dd->nl), EPOLLIN, SRC_NL) ||
	    watch(dd, dd->sigfd, EPOLLIN, SRC_SIGNAL) ||
	    watch(dd, dd->timerfd, EPOLLIN, SRC_TIMER)) {
		pr_err("cannot set up the event loop: %s", strerror(errno));
		return -errno;
	}
	deftd_loop_rearm(dd);
	return 0;
}

int deftd_loop_watch(struct deftd *dd, int fd, unsigned int coll)
{
	if (watch(dd, fd, EPOLLIN, SRC_KEYS + coll)) {
		pr_err("cannot watch a keys collection socket: %s",
		       strerror(errno));
		return -errno;
	}
	return 0;
}

void deftd_loop_free(struct deftd *dd)
{
	if (dd->epfd >= 0)
		close(dd->epfd);
	if (dd->timerfd >= 0)
		close(dd->timerfd);
	if (dd->sigfd >= 0)
		close(dd->sigfd);
	dd->epfd = -1;
	dd->timerfd = -1;
	dd->sigfd = -1;
}

/* The timer follows the earliest of the signing and key deadlines. */
void deftd_loop_rearm(struct deftd *dd)
{
	struct itimerspec its = { 0 };
	u64 at = dd->rotate_at_us, k = deftd_keys_next_timer(dd);

	if (dd->have_next && (!at || dd->switch_at_us < at))
		at = dd->switch_at_us;
	if (k && (!at || k < at))
		at = k;
	if (at) {
		its.it_value.tv_sec = (time_t)(at / 1000000);
		its.it_value.tv_nsec = (long)(at % 1000000) * 1000 + 1;
	}
	if (timerfd_settime(dd->timerfd,
			    TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &its,
			    NULL))
		pr_warn("cannot arm the timer: %s", strerror(errno));
}

static void on_signal(struct deftd *dd)
{
	struct signalfd_siginfo si;

	while (read(dd->sigfd, &si, sizeof(si)) == sizeof(si)) {
		switch (si.ssi_signo) {
		case SIGHUP:
			pr_info("SIGHUP: reloading the configuration");
			deftd_conf_load(dd, true);
			break;
		default:
			pr_info("%s: stopping", strsignal((int)si.ssi_signo));
			dd->stop = true;
			break;
		}
	}
}

static void on_timer(struct deftd *dd)
{
	u64 n;

	/* ECANCELED after a clock step: deadlines are looked at anyway */
	if (read(dd->timerfd, &n, sizeof(n)) < 0 && errno == EAGAIN)
		return;
	deftd_signing_timer(dd, dt_now_us());
	deftd_keys_timer(dd, dt_now_us());
}

int deftd_loop_run(struct deftd *dd)
{
	struct epoll_event ev[8];
	int i, n;

	while (!dd->stop) {
		n = epoll_wait(dd->epfd, ev, 8, -1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			pr_err("epoll_wait: %s", strerror(errno));
			return DEFTD_EXIT_FAIL;
		}
		for (i = 0; i < n && !dd->stop; i++) {
			switch (ev[i].data.u32) {
			case SRC_SOCK:
				if (ev[i].events & EPOLLHUP) {
					pr_err("zone %u: the cert collection socket was closed by the kernel",
					       dd->zone);
					dd->exit_code = DEFTD_EXIT_FAIL;
					dd->stop = true;
					break;
				}
				if (ev[i].events & EPOLLERR)
					deftd_dist_errqueue(dd);
				if (ev[i].events & EPOLLIN)
					deftd_dist_rx(dd);
				break;
			case SRC_NL:
				deftd_nl_drain(&dd->nl);
				break;
			case SRC_SIGNAL:
				on_signal(dd);
				break;
			case SRC_TIMER:
				on_timer(dd);
				break;
			default:
				deftd_keys_event(dd, ev[i].data.u32 - SRC_KEYS,
						 ev[i].events);
				break;
			}
		}
		deftd_loop_rearm(dd);
	}
	return dd->exit_code;
}
