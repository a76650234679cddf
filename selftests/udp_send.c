// SPDX-License-Identifier: GPL-2.0
/* Send each file as one UDP datagram to an IPv6 group or address on an interface. */
#include <arpa/inet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6 };
	static char buf[65536];
	int fd, i;

	if (argc < 4) {
		fprintf(stderr, "usage: udp_send IFNAME ADDR PORT FILE...\n");
		return 2;
	}
	sa.sin6_scope_id = if_nametoindex(argv[1]);
	sa.sin6_port = htons(atoi(argv[3]));
	if (!sa.sin6_scope_id || inet_pton(AF_INET6, argv[2], &sa.sin6_addr) != 1) {
		fprintf(stderr, "udp_send: bad interface or address\n");
		return 2;
	}
	fd = socket(AF_INET6, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("socket");
		return 1;
	}
	for (i = 4; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		size_t n;

		if (!f) {
			perror(argv[i]);
			return 1;
		}
		n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		if (sendto(fd, buf, n, 0, (struct sockaddr *)&sa, sizeof(sa)) != (ssize_t)n) {
			perror("sendto");
			return 1;
		}
	}
	close(fd);
	return 0;
}
