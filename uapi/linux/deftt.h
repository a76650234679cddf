/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * DeftT (Defined-trust Transport): the socket family and the generic netlink
 * family "deftt". Append-only: a number, once released, never changes.
 *
 * Address family number
 * ---------------------
 * Linux 6.1 defines AF_MAX as 46 and sock_register() refuses families at or
 * above NPROTO (== AF_MAX), so an out-of-tree family must borrow a slot below
 * it. AF_DEFTT takes 18, the number reserved as AF_ASH: mainline has never
 * contained an implementation of Ash and never calls sock_register() for it,
 * unlike the families that were removed (DECnet, IPX, IrDA, econet), whose
 * numbers older userspace still associates with real protocols. The module
 * loads on socket(AF_DEFTT, ...) through the alias "net-pf-18".
 *
 * Generic netlink commands and their attribute trees
 * --------------------------------------------------
 * DEFTT_CMD_GET_INFO (no privilege)
 *   reply: DEFTT_A_INFO_VERSION     string, module version
 *          DEFTT_A_INFO_GENL_VERSION u32
 *          DEFTT_A_INFO_FAMILY      u32, the address family number
 *          DEFTT_A_INFO_FEATURES    u64, DEFTT_F_* bits
 *
 * DEFTT_CMD_GET_NETNS (no privilege): this network namespace's settings
 *   reply: DEFTT_A_NETNS_MAX_ZONES  u32
 *          DEFTT_A_NETNS_SOCKETS    u32, AF_DEFTT sockets open in the netns
 *
 * DEFTT_CMD_SET_NETNS (CAP_NET_ADMIN in the netns' user namespace)
 *   request: DEFTT_A_NETNS_MAX_ZONES u32, 1 .. DEFTT_MAX_ZONES_LIMIT
 *
 * Zones
 * -----
 * A zone is one sync zone (trust domain) on one interface of one network
 * namespace: a kernel UDP face joined to an IPv6 multicast group, the
 * domain's trust anchor and schema certs, and counters. Zones are named by
 * DEFTT_A_ZONE_INDEX, allocated by the kernel, never reused within a netns.
 *
 * DEFTT_CMD_ZONE_NEW (CAP_NET_ADMIN)
 *   request: DEFTT_A_ZONE_IFINDEX       u32, required; must not be loopback
 *            DEFTT_A_ZONE_TRUST_ANCHOR  binary, required: the self-signed
 *                                       trust anchor cert (TLV bytes)
 *            DEFTT_A_ZONE_SCHEMA_CERT   binary, required: the schema cert,
 *                                       which the anchor must have signed
 *            DEFTT_A_ZONE_GROUP         binary[16], optional IPv6 multicast
 *                                       group, default ff02::1234
 *            DEFTT_A_ZONE_PORT          u16, optional, default 56362
 *            DEFTT_A_ZONE_OWNER_UID     u32, optional, default 0
 *            DEFTT_A_ZONE_OWNER_GID     u32, optional, default 0
 *   reply:   the new zone, as DEFTT_CMD_ZONE_GET gives it.
 *   The schema cert's Content must be a binary schema that passes every
 *   check of the schema reader and the bootstrap checks against the
 *   anchor. The zone starts syncing its msgs collection at once.
 *   The zone id (first 8 bytes of the schema cert's SHA-256 thumbprint)
 *   must be unique per interface: -EEXIST otherwise.
 *
 * DEFTT_CMD_ZONE_GET (no privilege), doit with DEFTT_A_ZONE_INDEX or dump
 *   reply:   DEFTT_A_ZONE_INDEX, _IFINDEX, _ID (binary[8]), _GROUP, _PORT,
 *            _OWNER_UID, _OWNER_GID,
 *            DEFTT_A_ZONE_STATS  nested, DEFTT_A_STAT_* u64 counters
 *            DEFTT_A_ZONE_DROPS  nested, one DEFTT_A_DROP (nested) per
 *                                reason seen: DEFTT_A_DROP_REASON u32,
 *                                DEFTT_A_DROP_NAME string, _COUNT u64
 *            DEFTT_A_ZONE_PDU_VALIDATOR, DEFTT_A_ZONE_MSGS_VALIDATOR
 *                                string, the schema's signature types
 *            DEFTT_A_ZONE_SYNC   nested, the msgs collection's syncps
 *                                counters that are not zero, in the
 *                                DEFTT_A_DROP format (REASON = counter
 *                                number, NAME, COUNT)
 *            DEFTT_A_ZONE_SYNC_CERT  the same for the cert collection
 *            DEFTT_A_ZONE_SIGNERS u32, DEFTT_A_ZONE_HAS_KEY u8,
 *            DEFTT_A_ZONE_CONNECTED u8
 *            DEFTT_A_ZONE_COLLS  nested, one DEFTT_A_COLL per collection:
 *                                DEFTT_A_COLL_INDEX u32, _NAME string,
 *                                _PUBS u32 (held), _ACTIVE u32 (in the IBLT),
 *                                _STARTED u8, and for a key collection
 *                                _SYNC nested (its engine's counters, as
 *                                DEFTT_A_ZONE_SYNC) and, once set, the
 *                                keymaker followed: DEFTT_A_KM_SIGNER,
 *                                DEFTT_A_KM_EPOCH
 *
 * DEFTT_CMD_ZONE_DEL (CAP_NET_ADMIN)
 *   request: DEFTT_A_ZONE_INDEX u32
 *
 * DEFTT_CMD_ZONE_SET (CAP_NET_ADMIN): change a zone's keys
 *   request: DEFTT_A_ZONE_INDEX         u32, required
 *            DEFTT_A_ZONE_SIGNING_KEY   binary[64], this member's Ed25519
 *                                       signing key (seed || public key)
 *            DEFTT_A_ZONE_SIGNING_CHAIN nested, DEFTT_A_CHAIN_CERT binary
 *                                       entries: the signing cert first, then
 *                                       the certs that sign it, up to but not
 *                                       including the trust anchor. Required
 *                                       with, and only with, SIGNING_KEY.
 *            DEFTT_A_ZONE_GROUP_KEY     nested, zero or more: a symmetric
 *                                       group key, DEFTT_A_GKEY_ROLE u32
 *                                       (DEFTT_GKEY_*), DEFTT_A_GKEY_KEY
 *                                       binary[32], DEFTT_A_GKEY_CT u64 (its
 *                                       creation time, us since 1970). The
 *                                       two newest per role are kept.
 *            DEFTT_A_ZONE_CONNECTED     u8, the daemon's "connected" state
 *            DEFTT_A_ZONE_KEYMAKER      nested, zero or more: the keymaker a
 *                                       key collection's distributor follows,
 *                                       DEFTT_A_KM_COLL u32 (DEFTT_COLL_KEYS_*),
 *                                       DEFTT_A_KM_SIGNER binary[32] (its
 *                                       thumbprint), DEFTT_A_KM_EPOCH u64.
 *                                       Key lists that keymaker signed with a
 *                                       lower epoch get lifetime 0
 *                                       (distributors.md 4.4).
 *   The signing chain must pass every schema check (dt_schema_signer_init:
 *   templates, chains, correspondences, signatures, validity now) and its
 *   first cert must hold the key's public half; it is then also installed as
 *   a signer. Until a zone has a signing key, sendmsg() on collection 0
 *   fails with ENOKEY; until it has a group key for an encrypting
 *   validator, cAdds cannot be sealed or opened (counted).
 *
 * DEFTT_CMD_SIGNER_ADD (CAP_NET_ADMIN)
 *   request: DEFTT_A_ZONE_INDEX u32, DEFTT_A_ZONE_SIGNING_CHAIN as above
 *   Installs a member's signing cert (after the schema checks) so that its
 *   Publications validate; Publications held for want of it are retried.
 *   At most DEFTT_MAX_SIGNERS per zone (-ENOSPC); -EEXIST if present.
 *
 * DEFTT_CMD_SIGNER_DEL (CAP_NET_ADMIN)
 *   request: DEFTT_A_ZONE_INDEX u32, DEFTT_A_SIGNER_THUMBPRINT binary[32]
 *
 * DEFTT_CMD_SIGNER_GET (no privilege), dump with DEFTT_A_ZONE_INDEX
 *   reply, one per signer: DEFTT_A_ZONE_INDEX, DEFTT_A_SIGNER_THUMBPRINT,
 *            DEFTT_A_SIGNER_NAME binary (the signing cert's Name TLV),
 *            DEFTT_A_SIGNER_NOT_AFTER u64 (s since 1970),
 *            DEFTT_A_SIGNER_SELF u8 (1 for this member's own)
 *
 * A zone also goes away with its interface and with its netns.
 *
 * Events
 * ------
 * The multicast group DEFTT_MCGRP_EVENTS ("events") of the family carries,
 * in the zone's network namespace, one message per change, with the
 * command that names it: DEFTT_CMD_ZONE_NEW and DEFTT_CMD_ZONE_DEL
 * (DEFTT_A_ZONE_INDEX, _IFINDEX, _ID; a zone that goes with its interface
 * included), DEFTT_CMD_SIGNER_ADD and DEFTT_CMD_SIGNER_DEL (INDEX,
 * DEFTT_A_SIGNER_THUMBPRINT, _NAME, _SELF; a new own signing key included)
 * and DEFTT_CMD_ZONE_SET when the connected state changes (INDEX, IFINDEX,
 * ID, DEFTT_A_ZONE_CONNECTED). Joining needs no privilege.
 *
 * Collections and sockets
 * -----------------------
 * A socket binds to (zone, collection). DEFTT_COLL_MSGS is the application
 * Publication collection: sendmsg() gives the Content, and the Name is
 * built from the schema with the DEFTT_CM_PARAM control messages ("tag=
 * value" text, no NUL; a value of 1 to 19 decimal digits is written as a
 * SequenceNum number), then signed (or sealed) with the zone's signing key.
 * DEFTT_COLL_CERT is the cert collection a daemon runs: sendmsg() gives a
 * complete certificate, which must parse as one; received certs are handed
 * up unvalidated (the daemon validates chains and installs signers).
 * DEFTT_COLL_KEYS_PDUS and DEFTT_COLL_KEYS_MSGS exist when the schema's
 * #pduValidator (resp. #msgsValidator) encrypts; they carry the group key
 * distributor's Publications (distributors.md 4). Their engine starts when
 * the first socket binds to them (the distributor starts); until then
 * their PDUs are ignored (counted as no_collection). sendmsg() on them
 * takes the complete Name TLV in a DEFTT_CM_NAME control message (it must
 * lie under the schema's Publication prefix) and the Content as data; the
 * kernel signs it (EdDSA) with the zone's signing key. Their Publications
 * are checked for a known signer and its signature, not against the
 * schema's rules, and live as long as 4.4 says (see DEFTT_A_ZONE_KEYMAKER).
 * setsockopt(SOL_DEFTT, DEFTT_CSTATE_NOW) on them sends the collection's
 * cState at once, as a distributor does on getting its first key (4.7).
 * A socket receives nothing until it subscribes (DEFTT_SUBSCRIBE, a Name
 * TLV prefix; an empty one matches everything). Only Publications that
 * arrived from the network are delivered, never local ones (as DCT does).
 * recvmsg() gives the Content (DEFTT_COLL_MSGS) or the whole object
 * (other collections) and control messages DEFTT_CM_NAME (Name TLV),
 * DEFTT_CM_SIGNER (32-byte thumbprint), DEFTT_CM_SIGNER_NAME (Name TLV of
 * the signing cert), DEFTT_CM_TIME (u64, creation in us since 1970) and,
 * with DEFTT_RECV_RAW set, DEFTT_CM_RAW (the whole Publication).
 * A sendmsg() with DEFTT_CM_CONFIRM (a u64 cookie of the caller's) asks for
 * a delivery confirmation: it arrives on the error queue (MSG_ERRQUEUE) as
 * a struct sock_extended_err at (SOL_DEFTT, DEFTT_CM_CONFIRM), ee_origin
 * SO_EE_ORIGIN_LOCAL, ee_errno 0 (another member has it), ETIMEDOUT or
 * ENODEV (the zone went away), ee_info the PubHash, and the cookie as the
 * 8 data bytes (host byte order, as DEFTT_CM_TIME). Publishing what the
 * collection holds already succeeds, except with DEFTT_CM_CONFIRM when
 * the copy held is this member's own: then EEXIST, and no confirmation.
 *
 * Drop reasons: 1 .. 42 are the receive rules W1 .. W42 of the wire
 * format (the core's enum dt_wire_err, named as the core names them);
 * DEFTT_DROP_* below are the kernel's own.
 */
#ifndef _UAPI_LINUX_DEFTT_H
#define _UAPI_LINUX_DEFTT_H

#include <linux/const.h>
#include <linux/types.h>
#include <linux/socket.h>

#define AF_DEFTT		18
#define PF_DEFTT		AF_DEFTT

#define DEFTT_GENL_NAME		"deftt"
#define DEFTT_GENL_VERSION	1
#define DEFTT_MCGRP_EVENTS	"events"

#define DEFTT_MAX_ZONES_DEFAULT	16
#define DEFTT_MAX_ZONES_LIMIT	1024

/* Socket address; the pad must be zero so it can gain meaning later. */
struct sockaddr_deftt {
	__kernel_sa_family_t	sdt_family;	/* AF_DEFTT */
	__u16			__sdt_pad0;
	__u32			sdt_zone;	/* zone index in this netns */
	__u32			sdt_collection;	/* collection within the zone */
	__u32			__sdt_pad1;
};

/* Bits of DEFTT_A_INFO_FEATURES. */
#define DEFTT_F_SOCKET		_BITULL(0)	/* socket(AF_DEFTT) available */
#define DEFTT_F_NETNS		_BITULL(1)	/* per-netns settings */
#define DEFTT_F_CRYPTO_SELFTEST	_BITULL(2)	/* crypto self-tests passed */
#define __DEFTT_F_ALL		(_BITULL(3) - 1)

enum deftt_cmd {
	DEFTT_CMD_UNSPEC,
	DEFTT_CMD_GET_INFO,
	DEFTT_CMD_GET_NETNS,
	DEFTT_CMD_SET_NETNS,
	DEFTT_CMD_ZONE_NEW,
	DEFTT_CMD_ZONE_GET,
	DEFTT_CMD_ZONE_DEL,
	DEFTT_CMD_ZONE_SET,
	DEFTT_CMD_SIGNER_ADD,
	DEFTT_CMD_SIGNER_DEL,
	DEFTT_CMD_SIGNER_GET,

	__DEFTT_CMD_MAX
};

#define DEFTT_CMD_MAX (__DEFTT_CMD_MAX - 1)

enum deftt_attr {
	DEFTT_A_UNSPEC,
	DEFTT_A_INFO_VERSION,
	DEFTT_A_INFO_GENL_VERSION,
	DEFTT_A_INFO_FAMILY,
	DEFTT_A_INFO_FEATURES,
	DEFTT_A_NETNS_MAX_ZONES,
	DEFTT_A_NETNS_SOCKETS,
	DEFTT_A_PAD,
	DEFTT_A_ZONE_INDEX,
	DEFTT_A_ZONE_IFINDEX,
	DEFTT_A_ZONE_ID,
	DEFTT_A_ZONE_TRUST_ANCHOR,
	DEFTT_A_ZONE_SCHEMA_CERT,
	DEFTT_A_ZONE_GROUP,
	DEFTT_A_ZONE_PORT,
	DEFTT_A_ZONE_OWNER_UID,
	DEFTT_A_ZONE_OWNER_GID,
	DEFTT_A_ZONE_STATS,
	DEFTT_A_ZONE_DROPS,
	DEFTT_A_ZONE_PDU_VALIDATOR,
	DEFTT_A_ZONE_MSGS_VALIDATOR,
	DEFTT_A_ZONE_SYNC,
	DEFTT_A_ZONE_SIGNING_KEY,
	DEFTT_A_ZONE_SIGNING_CHAIN,
	DEFTT_A_CHAIN_CERT,
	DEFTT_A_ZONE_GROUP_KEY,
	DEFTT_A_GKEY_ROLE,
	DEFTT_A_GKEY_KEY,
	DEFTT_A_GKEY_CT,
	DEFTT_A_ZONE_CONNECTED,
	DEFTT_A_SIGNER_THUMBPRINT,
	DEFTT_A_SIGNER_NAME,
	DEFTT_A_SIGNER_NOT_AFTER,
	DEFTT_A_SIGNER_SELF,
	DEFTT_A_ZONE_SIGNERS,		/* u32, signers installed */
	DEFTT_A_ZONE_HAS_KEY,		/* u8, a signing key is installed */
	DEFTT_A_ZONE_SYNC_CERT,		/* nested, as ZONE_SYNC: cert engine */
	DEFTT_A_ZONE_COLLS,		/* nested: one DEFTT_A_COLL per collection */
	DEFTT_A_COLL,			/* nested: _COLL_INDEX, _NAME, _PUBS, _ACTIVE */
	DEFTT_A_COLL_INDEX,		/* u32, DEFTT_COLL_* */
	DEFTT_A_COLL_NAME,		/* string: "msgs", "cert", "keys/pdus"... */
	DEFTT_A_COLL_PUBS,		/* u32, Publications held, any state */
	DEFTT_A_COLL_ACTIVE,		/* u32, of those in the IBLT */
	DEFTT_A_COLL_STARTED,		/* u8, the engine runs */
	DEFTT_A_COLL_SYNC,		/* nested, as ZONE_SYNC: this engine */
	DEFTT_A_ZONE_KEYMAKER,		/* nested: _KM_COLL, _KM_SIGNER, _KM_EPOCH */
	DEFTT_A_KM_COLL,		/* u32, DEFTT_COLL_KEYS_* */
	DEFTT_A_KM_SIGNER,		/* binary[32], the keymaker's thumbprint */
	DEFTT_A_KM_EPOCH,		/* u64, its epoch */

	__DEFTT_A_LAST
};

#define DEFTT_A_MAX (__DEFTT_A_LAST - 1)

#define DEFTT_ZONE_ID_LEN	8
#define DEFTT_THUMBPRINT_LEN	32
#define DEFTT_SIGNING_KEY_LEN	64
#define DEFTT_GROUP_KEY_LEN	32
#define DEFTT_MAX_SIGNERS	256	/* per zone */

/* Roles of DEFTT_A_GKEY_ROLE. */
#define DEFTT_GKEY_PDUS		0	/* seals cAdds of the msgs collection */
#define DEFTT_GKEY_MSGS		1	/* seals Publications end to end */

/* Collections (sockaddr_deftt.sdt_collection). */
#define DEFTT_COLL_MSGS		0
#define DEFTT_COLL_CERT		1
#define DEFTT_COLL_KEYS_PDUS	2	/* when #pduValidator encrypts */
#define DEFTT_COLL_KEYS_MSGS	3	/* when #msgsValidator encrypts */

/* Socket level, options and control messages. */
#define SOL_DEFTT		471
#define DEFTT_SUBSCRIBE		1	/* Name TLV prefix; empty: all */
#define DEFTT_UNSUBSCRIBE	2
#define DEFTT_RECV_RAW		3	/* int: add DEFTT_CM_RAW on receive */
#define DEFTT_CSTATE_NOW	4	/* no value: key collections only */
#define DEFTT_MAX_SUBS		32	/* prefixes per socket */

#define DEFTT_CM_PARAM		1	/* send: "tag=value" */
#define DEFTT_CM_CONFIRM	2	/* send: u64 cookie; errqueue: ee */
#define DEFTT_CM_NAME		3	/* recv: Name TLV; send: keys colls */
#define DEFTT_CM_SIGNER		4	/* recv: signer thumbprint */
#define DEFTT_CM_SIGNER_NAME	5	/* recv: signing cert Name TLV */
#define DEFTT_CM_TIME		6	/* recv: u64 us since 1970 */
#define DEFTT_CM_RAW		7	/* recv: the whole Publication */
#define DEFTT_DEFAULT_PORT	56362	/* DCT's, fixed there */
/* The default group ff02::1234, as 16 bytes. */
#define DEFTT_DEFAULT_GROUP	{ 0xff, 0x02, 0, 0, 0, 0, 0, 0, \
				  0, 0, 0, 0, 0, 0, 0x12, 0x34 }

/* Counters in DEFTT_A_ZONE_STATS, each a u64. */
enum deftt_stat {
	DEFTT_A_STAT_UNSPEC,
	DEFTT_A_STAT_PAD,
	DEFTT_A_STAT_RX_DGRAMS,		/* others' datagrams for the zone */
	DEFTT_A_STAT_RX_BYTES,
	DEFTT_A_STAT_RX_CSTATES,	/* well-formed cStates of this zone */
	DEFTT_A_STAT_RX_CADDS,		/* well-formed cAdds of this zone */
	DEFTT_A_STAT_RX_DROPS,		/* sum of all DEFTT_A_ZONE_DROPS */
	DEFTT_A_STAT_TX_PDUS,
	DEFTT_A_STAT_TX_BYTES,
	DEFTT_A_STAT_TX_ERRORS,
	DEFTT_A_STAT_RX_VERIFIED,	/* Publication signatures verified */
	DEFTT_A_STAT_RX_DELIVERED,	/* Publications queued to sockets */
	DEFTT_A_STAT_TX_PUBS,		/* local Publications published */
	DEFTT_A_STAT_RX_CADD_NS,	/* time spent on received cAdds */

	__DEFTT_A_STAT_LAST
};

#define DEFTT_A_STAT_MAX (__DEFTT_A_STAT_LAST - 1)

/* Entries of DEFTT_A_ZONE_DROPS. */
enum deftt_drop_attr {
	DEFTT_A_DROP_UNSPEC,
	DEFTT_A_DROP,			/* nested: one reason */
	DEFTT_A_DROP_REASON,		/* u32 */
	DEFTT_A_DROP_NAME,		/* string */
	DEFTT_A_DROP_COUNT,		/* u64 */
	DEFTT_A_DROP_PAD,

	__DEFTT_A_DROP_LAST
};

#define DEFTT_A_DROP_MAX (__DEFTT_A_DROP_LAST - 1)

/* The kernel's own drop reasons (1 .. 42 are wire rules). */
enum deftt_drop_reason {
	DEFTT_DROP_QUEUE_FULL = 100,	/* receive queue at its bound */
	DEFTT_DROP_OWN = 101,		/* our own datagram, looped back */
	DEFTT_DROP_NO_COLLECTION = 102,	/* no collection of the zone matches */
	DEFTT_DROP_NOMEM = 103,
	DEFTT_DROP_DUPLICATE = 104,	/* byte-identical recent cState */
	DEFTT_DROP_NO_SIGNER = 105,	/* Publication: signer unknown */
	DEFTT_DROP_SCHEMA = 106,	/* Publication: schema refused it */
	DEFTT_DROP_SIGNATURE = 107,	/* Publication: bad signature */
	DEFTT_DROP_PDU_AUTH = 108,	/* cAdd: MAC/AEAD/signature failed */
	DEFTT_DROP_RCVBUF = 109,	/* a socket's receive buffer was full */

	__DEFTT_DROP_LAST
};

#endif /* _UAPI_LINUX_DEFTT_H */
