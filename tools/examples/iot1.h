/* SPDX-License-Identifier: GPL-2.0 */
/* The iot1 trust domain's Publication (DCT hmIot): its tags and Name layout. */
#ifndef _IOT1_H
#define _IOT1_H

/*
 * iot1.rules defines one application Publication,
 *
 *   #iotPub: _domain/target/topic/trgtLoc/topicArgs/_origin/msgID/sCnt/_ts
 *
 * whose parameters (`deftt-schema pubs iot1.schema`) are target, topic,
 * trgtLoc, topicArgs, msgID and sCnt. Every one of them must be given, as
 * a DEFTT_CM_PARAM "tag=value", even where the schema allows one value
 * only: the builder picks the template by comparing them. _domain is a
 * literal, _origin (sysId()) and _ts (timestamp()) are the kernel's.
 *
 *   command (operators):  target=lock topic=command
 *                         trgtLoc=all|frontdoor|gate|backdoor
 *                         topicArgs=lock|unlock|report
 *   status (devices):     target=lock topic=status (or event)
 *                         trgtLoc=<the device's own id, from its cert>
 *                         topicArgs=locked|unlocked|battery_low
 *   both:                 msgID=<u32, decimal> sCnt=0
 *
 * msgID and sCnt are numbers on the wire (SequenceNum components); a
 * single-Publication message has sCnt 0.
 */
#define IOT1_TARGET	"target"
#define IOT1_TOPIC	"topic"
#define IOT1_TRGTLOC	"trgtLoc"
#define IOT1_TOPICARGS	"topicArgs"
#define IOT1_MSGID	"msgID"
#define IOT1_SCNT	"sCnt"

/* Positions of the tags in a received Name. */
enum iot1_pos {
	IOT1_P_DOMAIN,
	IOT1_P_TARGET,
	IOT1_P_TOPIC,
	IOT1_P_TRGTLOC,
	IOT1_P_TOPICARGS,
	IOT1_P_ORIGIN,
	IOT1_P_MSGID,
	IOT1_P_SCNT,
	IOT1_P_TS,
};

#define IOT1_DOMAIN	"iot1"
#define IOT1_LOCK	"lock"

/* A device's reply names the command it answers: "re <msgID> ...". */
#define IOT1_REPLY_FMT	"re %u"

#endif /* _IOT1_H */
