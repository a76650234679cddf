// SPDX-License-Identifier: GPL-2.0
/* Open N AF_DEFTT sockets, say so, and keep them until stdin closes. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/deftt.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1;
	char c;

	for (int i = 0; i < n; i++) {
		if (socket(AF_DEFTT, SOCK_DGRAM, 0) < 0) {
			perror("socket(AF_DEFTT)");
			return 1;
		}
	}
	printf("open %d\n", n);
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
	return 0;
}
