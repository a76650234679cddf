/* SPDX-License-Identifier: GPL-2.0 */
/* Small helpers for AF_DEFTT applications: sockets, Name TLVs, send parameters, received control messages. */
#ifndef _DEFTT_APP_H
#define _DEFTT_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <linux/deftt.h>

#define DAPP_NAME_MAX	1024	/* the longest Name TLV kept or built */
#define DAPP_PUB_MAX	8192	/* the largest Publication (DCT's datagram cap) */
#define DAPP_TEXT_MAX	2048	/* a Name rendered as text */

/* Name TLV and component types (DCT / NDN style TLVs). */
#define DAPP_TLV_NAME		7
#define DAPP_COMP_GENERIC	8
#define DAPP_COMP_CSID		35
#define DAPP_COMP_TIMESTAMP	36
#define DAPP_COMP_SEQNUM	37

/* socket(AF_DEFTT) bound to (zone, collection): the fd, or -errno. */
int dapp_open(uint32_t zone, uint32_t collection);
/* What a dapp_open() error means, as a sentence's end. */
const char *dapp_open_error(int err);

/*
 * The Name TLV of "/a/b/c" (one Generic component per slash-separated
 * part) into buf: its size, or -1 if it does not fit or a part is empty.
 */
int dapp_name(const char *text, uint8_t *buf, size_t cap);

/* Subscribes to a Name prefix given as text; "" subscribes to everything. */
int dapp_subscribe(int fd, const char *prefix);

/* One component of a received Name, pointing into the Name TLV. */
struct dapp_comp {
	unsigned int type;
	const uint8_t *val;
	size_t len;
};

/* Component i of a Name TLV; false if the Name has no such component. */
bool dapp_comp(const uint8_t *name, size_t len, unsigned int i,
	       struct dapp_comp *c);
/* The component's bytes equal the string s. */
bool dapp_comp_is(const struct dapp_comp *c, const char *s);
/* The component's bytes as a C string (cut to fit), returns out. */
char *dapp_comp_str(const struct dapp_comp *c, char *out, size_t cap);
/* A number component (big-endian, up to 8 bytes; 0 if longer). */
uint64_t dapp_comp_num(const struct dapp_comp *c);
/*
 * The Name as text: Generic as its text (^hex if not printable),
 * SequenceNum as decimal, Timestamp as YYYY-MM-DD@HH:MM:SS.ffffff UTC.
 */
char *dapp_name_text(const uint8_t *name, size_t len, char *out, size_t cap);

/* What goes with one sendmsg(): DEFTT_CM_PARAM "tag=value" and more. */
struct dapp_msg {
	union {
		size_t align;		/* as struct cmsghdr */
		uint8_t buf[4096];
	} ctl;
	size_t len;
	bool overflow;		/* a parameter did not fit: publish refuses */
};

void dapp_msg_init(struct dapp_msg *m);
/* Adds the parameter "tag=value", the value printf-formatted. */
void dapp_param(struct dapp_msg *m, const char *tag, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Asks for a delivery confirmation carrying cookie (DEFTT_CM_CONFIRM). */
void dapp_confirm(struct dapp_msg *m, uint64_t cookie);
/* Publishes content with m's parameters: 0 or -errno. */
int dapp_publish(int fd, const struct dapp_msg *m, const void *content,
		 size_t len);

/* One received Publication and its control messages. */
struct dapp_rx {
	uint8_t content[DAPP_PUB_MAX];
	size_t len;
	uint8_t name[DAPP_NAME_MAX];		/* DEFTT_CM_NAME */
	size_t name_len;
	uint8_t signer[DEFTT_THUMBPRINT_LEN];	/* DEFTT_CM_SIGNER */
	bool has_signer;
	uint8_t signer_name[DAPP_NAME_MAX];	/* DEFTT_CM_SIGNER_NAME */
	size_t signer_name_len;
	uint64_t time_us;			/* DEFTT_CM_TIME */
	bool has_time;
	uint8_t raw[DAPP_PUB_MAX];		/* DEFTT_CM_RAW */
	size_t raw_len;
	bool truncated;		/* content or control messages were cut */
};

/*
 * Waits up to timeout_ms (-1: for ever) for a Publication: 1 and rx
 * filled, 0 on timeout, DAPP_CONFIRMED when a delivery confirmation is
 * waiting on the error queue (read it with dapp_read_confirmation), or
 * -errno (-EINTR when a signal came).
 */
#define DAPP_CONFIRMED	2
int dapp_receive(int fd, struct dapp_rx *rx, int timeout_ms);

/* A delivery confirmation read from the error queue. */
struct dapp_confirmation {
	uint64_t cookie;
	int err;		/* 0: another member has it; ETIMEDOUT */
	uint32_t pub_hash;
};

/* Reads one confirmation without waiting: 1, 0 if none, or -errno. */
int dapp_read_confirmation(int fd, struct dapp_confirmation *c);

/* Clocks in microseconds: wall clock (as Publications carry) and monotonic. */
uint64_t dapp_now_us(void);
/* Option helpers of the examples: a decimal 0..max, and a refusal (2). */
bool dapp_parse_uint(const char *s, unsigned long max, unsigned int *v);
int dapp_bad_usage(const char *prog, const char *what, const char *arg);
uint64_t dapp_mono_us(void);

#endif /* _DEFTT_APP_H */
