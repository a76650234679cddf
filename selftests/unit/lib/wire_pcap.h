/* SPDX-License-Identifier: GPL-2.0 */
/* Test helper: the UDP payloads of a pcap file, one callback per datagram. */
#ifndef _DEFTT_WIRE_PCAP_H
#define _DEFTT_WIRE_PCAP_H

#include <stddef.h>
#include <stdint.h>

/* frame is 1-based over all frames of the file (as packets.csv counts). */
typedef int (*wire_pcap_cb)(void *ctx, unsigned int frame, uint16_t dport,
			    const uint8_t *payload, size_t len);

/*
 * Calls cb for every complete UDP datagram of the capture (path relative to
 * the vectors root or absolute). Returns the number of datagrams, or -1 if
 * the file cannot be read, or the first non-zero return of cb.
 */
long wire_pcap_udp(const char *path, wire_pcap_cb cb, void *ctx);

#endif
