// SPDX-License-Identifier: GPL-2.0
/* Bind an AF_DEFTT socket to ZONE [COLLECTION]; print "bound" or the errno name. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/deftt.h>

int main(int argc, char **argv)
{
	struct sockaddr_deftt sa = { .sdt_family = AF_DEFTT };
	socklen_t len = sizeof(sa);
	int fd;

	if (argc < 2) {
		fprintf(stderr, "usage: sock_bind ZONE [COLLECTION]\n");
		return 2;
	}
	sa.sdt_zone = strtoul(argv[1], NULL, 0);
	sa.sdt_collection = argc > 2 ? strtoul(argv[2], NULL, 0) : 0;
	fd = socket(AF_DEFTT, SOCK_DGRAM, 0);
	if (fd < 0) {
		printf("socket %s\n", strerrorname_np(errno));
		return 1;
	}
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		printf("%s\n", strerrorname_np(errno));
		return 1;
	}
	/* A second bind is refused; getsockname reports the first. */
	if (!bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || errno != EINVAL) {
		printf("rebind allowed\n");
		return 1;
	}
	memset(&sa, 0, sizeof(sa));
	if (getsockname(fd, (struct sockaddr *)&sa, &len) ||
	    sa.sdt_family != AF_DEFTT ||
	    sa.sdt_zone != strtoul(argv[1], NULL, 0)) {
		printf("getsockname wrong\n");
		return 1;
	}
	printf("bound\n");
	close(fd);
	return 0;
}
