// SPDX-License-Identifier: GPL-2.0
/* The receive pipeline of a zone, in process context: structure, zone, then the collections. */
#include <linux/ktime.h>
#include <linux/skbuff.h>
#include <linux/udp.h>

#include "core/objects.h"
#include "deftt.h"

/*
 * Cheapest first (architecture.md, Data paths): the datagram's TLV
 * structure (the core's strict parsers, which also bound the size), then
 * the zone id. Each failure counts under its wire rule. What passes is
 * counted by PDU type and goes to its collection's syncps engine
 * (zone_sync.c); a PDU of a collection the zone does not serve counts as
 * "no_collection".
 */
static void deftt_rx_one(struct deftt_zone *z, const u8 *buf, unsigned int len)
{
	struct dt_pdu pdu;
	const struct dt_name *name;
	enum dt_wire_err err;
	unsigned int added;
	u64 t0;

	err = dt_pdu_parse(buf, len, &pdu);
	if (err) {
		deftt_zone_drop(z, err);
		return;
	}
	name = pdu.type == DT_TLV_CSTATE ? &pdu.cs.name : &pdu.cadd.name;
	err = dt_pdu_check_zone(name, z->id);
	if (err) {
		deftt_zone_drop(z, err);
		return;
	}
	if (pdu.type == DT_TLV_CSTATE) {
		deftt_zone_stat(z, DEFTT_A_STAT_RX_CSTATES, 1);
		deftt_sync_rx(z, &pdu, (u8 *)buf);
		return;
	}
	/*
	 * What a cAdd costs, all its Publications included: a counter, and
	 * one line per cAdd under dynamic debug for make bench-vm, which
	 * keeps the fastest (the least disturbed by other work).
	 */
	t0 = ktime_get_ns();
	deftt_zone_stat(z, DEFTT_A_STAT_RX_CADDS, 1);
	added = deftt_sync_rx(z, &pdu, (u8 *)buf);
	t0 = ktime_get_ns() - t0;
	deftt_zone_stat(z, DEFTT_A_STAT_RX_CADD_NS, t0);
	pr_debug("zone %u cadd %u bytes %u added %llu ns\n", z->index, len,
		 added, t0);
}

void deftt_zone_rx_work(struct work_struct *work)
{
	struct deftt_zone *z = container_of(work, struct deftt_zone, rx_work);
	struct sk_buff *skb;
	unsigned int n = 0, len;

	while ((skb = skb_dequeue(&z->rxq))) {
		len = skb->len - sizeof(struct udphdr);
		if (!skb_copy_bits(skb, sizeof(struct udphdr), z->rxbuf, len))
			deftt_rx_one(z, z->rxbuf, len);
		else
			deftt_zone_drop(z, DT_WERR_TRUNCATED);
		consume_skb(skb);
		/* Be fair to the other zones under a flood. */
		if (++n % 64 == 0)
			cond_resched();
	}
}
