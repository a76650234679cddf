// SPDX-License-Identifier: GPL-2.0
/* Reading a distributor's AF_DEFTT collection socket: Publications and delivery confirmations. */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/errqueue.h>

#include "deftd.h"
#include "log.h"

/*
 * An AF_DEFTT socket bound to collection coll (named name in messages) of
 * deftd's zone: the descriptor, or -errno after saying why.
 */
int deftd_coll_open(struct deftd *dd, u32 coll, const char *name)
{
	struct sockaddr_deftt sa = {
		.sdt_family = AF_DEFTT,
		.sdt_zone = dd->zone,
		.sdt_collection = coll,
	};
	int fd, err;

	fd = socket(AF_DEFTT, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		err = -errno;
		pr_err("cannot open an AF_DEFTT socket: %s%s", strerror(-err),
		       err == -EAFNOSUPPORT ?
		       " (the deftt module gives no sockets)" : "");
		return err;
	}
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		err = -errno;
		pr_err("cannot bind to the %s collection of zone %u: %s", name,
		       dd->zone, strerror(-err));
		close(fd);
		return err;
	}
	return fd;
}

/*
 * Drains the error queue of fd (uapi: DEFTT_CM_CONFIRM): each answer is
 * the caller's cookie as 8 data bytes and a sock_extended_err whose
 * ee_errno is 0 when another member has the Publication. Returns how many
 * entries were read; 0 means the readiness was an error on the socket
 * itself, not the queue.
 */
unsigned int deftd_confirms_read(int fd, deftd_confirm_cb cb, void *ctx)
{
	union {
		char buf[CMSG_SPACE(sizeof(struct sock_extended_err)) + 64];
		struct cmsghdr align;
	} ctl;
	struct sock_extended_err ee;
	unsigned int seen = 0;
	struct cmsghdr *cm;
	struct msghdr mh;
	struct iovec iov;
	u64 cookie;
	ssize_t n;
	bool got;

	for (;;) {
		iov.iov_base = &cookie;
		iov.iov_len = sizeof(cookie);
		memset(&mh, 0, sizeof(mh));
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = ctl.buf;
		mh.msg_controllen = sizeof(ctl.buf);
		n = recvmsg(fd, &mh, MSG_ERRQUEUE | MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return seen;
		seen++;
		got = false;
		for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
			if (cm->cmsg_level != SOL_DEFTT ||
			    cm->cmsg_type != DEFTT_CM_CONFIRM ||
			    cm->cmsg_len < CMSG_LEN(sizeof(ee)))
				continue;
			memcpy(&ee, CMSG_DATA(cm), sizeof(ee));
			got = ee.ee_origin == SO_EE_ORIGIN_LOCAL;
		}
		if (got && n == sizeof(cookie))
			cb(ctx, cookie, ee.ee_errno == 0);
	}
}

/*
 * One recvmsg() on a collection socket, mh set up by the caller. Returns
 * the size read; 0 when nothing is left; -1 when the socket failed (the
 * zone went away with its interface or netns): then deftd stops.
 */
ssize_t deftd_coll_recv(struct deftd *dd, int fd, struct msghdr *mh,
			const char *coll)
{
	ssize_t n;

	do {
		n = recvmsg(fd, mh, MSG_DONTWAIT);
	} while (n < 0 && errno == EINTR);
	if ((n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) || n == 0)
		return 0;
	if (n < 0) {
		pr_err("zone %u: the %s collection failed: %s", dd->zone, coll,
		       strerror(errno));
		dd->exit_code = DEFTD_EXIT_FAIL;
		dd->stop = true;
		return -1;
	}
	return n;
}
