/* SPDX-License-Identifier: GPL-2.0 */
/* UDP payload of one captured frame (Ethernet, Linux cooked, raw IP). */
#ifndef _DEFTT_UDP_EXTRACT_H
#define _DEFTT_UDP_EXTRACT_H

#include <stddef.h>
#include <stdint.h>

/* pcap link types we understand (DLT_* values). */
#define UX_DLT_EN10MB		1
#define UX_DLT_RAW		101
#define UX_DLT_LINUX_SLL	113
#define UX_DLT_IPV4		228
#define UX_DLT_IPV6		229

struct ux_udp {
	const uint8_t *payload;
	size_t len;
	uint16_t sport, dport;
};

static inline uint16_t ux_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/*
 * Finds the UDP payload in frame (caplen bytes) of link type dlt.
 * Returns 1 and fills u for a complete UDP datagram, 0 otherwise.
 */
static inline int ux_udp_payload(int dlt, const uint8_t *f, size_t caplen,
				 struct ux_udp *u)
{
	size_t o, ulen;
	unsigned int et = 0, nh;
	int hops = 0;

	switch (dlt) {
	case UX_DLT_EN10MB:
		if (caplen < 14)
			return 0;
		et = ux_be16(f + 12);
		o = 14;
		while ((et == 0x8100 || et == 0x88a8) && caplen >= o + 4) {
			et = ux_be16(f + o + 2);
			o += 4;
		}
		break;
	case UX_DLT_LINUX_SLL:
		if (caplen < 16)
			return 0;
		et = ux_be16(f + 14);
		o = 16;
		break;
	case UX_DLT_RAW:
	case UX_DLT_IPV4:
	case UX_DLT_IPV6:
		if (!caplen)
			return 0;
		et = (f[0] >> 4) == 6 ? 0x86dd : 0x0800;
		o = 0;
		break;
	default:
		return 0;
	}
	if (et == 0x0800) {
		if (caplen < o + 20 || (f[o] >> 4) != 4)
			return 0;
		if (ux_be16(f + o + 6) & 0x3fff)	/* fragment */
			return 0;
		nh = f[o + 9];
		o += (f[o] & 15) * 4;
	} else if (et == 0x86dd) {
		if (caplen < o + 40 || (f[o] >> 4) != 6)
			return 0;
		nh = f[o + 6];
		o += 40;
		/* hop-by-hop, routing, destination options */
		while ((nh == 0 || nh == 43 || nh == 60) && hops++ < 8) {
			if (caplen < o + 8)
				return 0;
			nh = f[o];
			o += 8 + f[o + 1] * 8;
		}
	} else {
		return 0;
	}
	if (nh != 17 || caplen < o + 8)
		return 0;
	ulen = ux_be16(f + o + 4);
	if (ulen < 8 || caplen < o + ulen)
		return 0;
	u->sport = ux_be16(f + o);
	u->dport = ux_be16(f + o + 2);
	u->payload = f + o + 8;
	u->len = ulen - 8;
	return 1;
}

#endif /* _DEFTT_UDP_EXTRACT_H */
