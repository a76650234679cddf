// SPDX-License-Identifier: GPL-2.0
/* One deftd per interface and zone: a lock file under /run/deftd. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/stat.h>

#include "deftd.h"
#include "log.h"

#define DEFTD_RUN_DIR	"/run/deftd"

/*
 * Interfaces are named per network namespace, and /run is usually shared
 * between namespaces: the namespace's inode number goes into the name.
 */
static unsigned long long deftd_netns_ino(void)
{
	struct stat st;

	return stat("/proc/self/ns/net", &st) ? 0 : (unsigned long long)st.st_ino;
}

/*
 * Two daemons on one zone would fight over its signing key. The lock
 * goes with the process, however it ends, so a deftd killed with -9
 * leaves the zone but not the lock, and its successor takes the zone
 * over (zone.c). Without a writable /run the check is skipped.
 */
int deftd_run_lock(struct deftd *dd)
{
	char path[128], pid[32];
	int fd, n;

	dd->lock_fd = -1;
	if (mkdir(DEFTD_RUN_DIR, 0755) && errno != EEXIST) {
		pr_debug("%s: %s; no run lock", DEFTD_RUN_DIR, strerror(errno));
		return 0;
	}
	snprintf(path, sizeof(path), "%s/%llu.%s.%016llx.pid", DEFTD_RUN_DIR,
		 deftd_netns_ino(), dd->conf.iface,
		 (unsigned long long)dt_get_be64(dd->zone_id));
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		pr_debug("%s: %s; no run lock", path, strerror(errno));
		return 0;
	}
	if (flock(fd, LOCK_EX | LOCK_NB)) {
		n = (int)read(fd, pid, sizeof(pid) - 1);
		pid[n > 0 ? n : 0] = 0;
		pid[strcspn(pid, "\n")] = 0;
		pr_err("another deftd%s%s runs this zone on %s (%s is locked)",
		       pid[0] ? " with pid " : "", pid, dd->conf.iface, path);
		close(fd);
		return -EBUSY;
	}
	n = snprintf(pid, sizeof(pid), "%d\n", (int)getpid());
	if (ftruncate(fd, 0) || pwrite(fd, pid, (size_t)n, 0) != n)
		pr_debug("%s: cannot write the pid", path);
	dd->lock_fd = fd;
	return 0;
}

void deftd_run_unlock(struct deftd *dd)
{
	if (dd->lock_fd >= 0)
		close(dd->lock_fd);
	dd->lock_fd = -1;
}
