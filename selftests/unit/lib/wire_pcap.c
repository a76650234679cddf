// SPDX-License-Identifier: GPL-2.0
/* Test helper: the UDP payloads of a pcap file, one callback per datagram. */
#include <pcap/pcap.h>

#include "vec.h"
#include "wire_pcap.h"
#include "../../../tools/deftt-dump/udp_extract.h"

long wire_pcap_udp(const char *path, wire_pcap_cb cb, void *ctx)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	struct ux_udp u;
	unsigned int frame = 0;
	long n = 0;
	pcap_t *p;
	int dlt, r;

	p = pcap_open_offline(path[0] == '/' ? path : vec_path(path), errbuf);
	if (!p)
		return -1;
	dlt = pcap_datalink(p);
	while ((r = pcap_next_ex(p, &h, &data)) == 1) {
		frame++;
		if (!ux_udp_payload(dlt, data, h->caplen, &u))
			continue;
		n++;
		r = cb(ctx, frame, u.dport, u.payload, u.len);
		if (r) {
			pcap_close(p);
			return r;
		}
	}
	pcap_close(p);
	return n;
}
