// SPDX-License-Identifier: GPL-2.0
/* Helpers for AF_DEFTT applications: Name TLVs, parameters, sending, receiving. */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/errqueue.h>

#include "deftt_app.h"

int dapp_open(uint32_t zone, uint32_t collection)
{
	struct sockaddr_deftt sa = {
		.sdt_family = AF_DEFTT,
		.sdt_zone = zone,
		.sdt_collection = collection,
	};
	int fd, err;

	fd = socket(AF_DEFTT, SOCK_DGRAM, 0);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		err = errno;
		close(fd);
		return -err;
	}
	return fd;
}

const char *dapp_open_error(int err)
{
	switch (-err) {
	case EAFNOSUPPORT:
		return "AF_DEFTT is not available (modprobe deftt)";
	case EADDRNOTAVAIL:
		return "there is no such zone (deftadm zone show)";
	case EACCES:
	case EPERM:
		return "not permitted: the zone belongs to another owner";
	default:
		return strerror(-err);
	}
}

/* A TLV header (1-byte type, 1- or 3-byte length) at p; its size. */
static size_t put_hdr(uint8_t *p, unsigned int type, size_t len)
{
	p[0] = type;
	if (len < 253) {
		p[1] = len;
		return 2;
	}
	p[1] = 253;
	p[2] = len >> 8;
	p[3] = len;
	return 4;
}

/* A TLV number (type or length): 1 byte, or 253/254 + 2/4 bytes. */
static bool get_num(const uint8_t **p, const uint8_t *end, size_t *v)
{
	unsigned int n, i;

	if (*p >= end)
		return false;
	n = **p < 253 ? 0 : **p == 253 ? 2 : **p == 254 ? 4 : 8;
	if (n == 8 || end - *p < 1 + n)
		return false;
	*v = n ? 0 : **p;
	for (i = 1; i <= n; i++)
		*v = (*v << 8) | (*p)[i];
	*p += 1 + n;
	return true;
}

/* The TLV at *p: its type and value; *p moves past it. */
static bool get_tlv(const uint8_t **p, const uint8_t *end, size_t *type,
		    const uint8_t **val, size_t *len)
{
	if (!get_num(p, end, type) || !get_num(p, end, len) ||
	    *len > (size_t)(end - *p))
		return false;
	*val = *p;
	*p += *len;
	return true;
}

int dapp_name(const char *text, uint8_t *buf, size_t cap)
{
	uint8_t comps[DAPP_NAME_MAX];
	const char *p = text, *e;
	size_t n = 0, l, hl;

	if (*p == '/')
		p++;
	while (*p) {
		e = strchrnul(p, '/');
		l = e - p;
		if (!l)
			return -1;
		if (n + 4 + l > sizeof(comps))
			return -1;
		n += put_hdr(comps + n, DAPP_COMP_GENERIC, l);
		memcpy(comps + n, p, l);
		n += l;
		p = *e ? e + 1 : e;
	}
	hl = n < 253 ? 2 : 4;
	if (hl + n > cap)
		return -1;
	put_hdr(buf, DAPP_TLV_NAME, n);
	memcpy(buf + hl, comps, n);
	return hl + n;
}

int dapp_subscribe(int fd, const char *prefix)
{
	uint8_t name[DAPP_NAME_MAX];
	int len = 0;

	if (*prefix) {
		len = dapp_name(prefix, name, sizeof(name));
		if (len < 0)
			return -EINVAL;
	}
	if (setsockopt(fd, SOL_DEFTT, DEFTT_SUBSCRIBE, len ? name : NULL, len))
		return -errno;
	return 0;
}

bool dapp_comp(const uint8_t *name, size_t len, unsigned int i,
	       struct dapp_comp *c)
{
	const uint8_t *p = name, *end = name + len, *val;
	size_t type, vlen;

	if (!get_tlv(&p, end, &type, &val, &vlen) || type != DAPP_TLV_NAME)
		return false;
	p = val;
	end = val + vlen;
	do {
		if (!get_tlv(&p, end, &type, &val, &vlen))
			return false;
	} while (i--);
	c->type = type;
	c->val = val;
	c->len = vlen;
	return true;
}

bool dapp_comp_is(const struct dapp_comp *c, const char *s)
{
	return c->len == strlen(s) && !memcmp(c->val, s, c->len);
}

char *dapp_comp_str(const struct dapp_comp *c, char *out, size_t cap)
{
	size_t n = c->len < cap ? c->len : cap - 1;

	memcpy(out, c->val, n);
	out[n] = 0;
	return out;
}

uint64_t dapp_comp_num(const struct dapp_comp *c)
{
	uint64_t v = 0;
	size_t i;

	if (c->len > 8)
		return 0;
	for (i = 0; i < c->len; i++)
		v = (v << 8) | c->val[i];
	return v;
}

/* Text appended to out; a result that does not fit is cut. */
struct text {
	char *out;
	size_t cap, len;
};

static void add(struct text *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->len + 1 >= t->cap)
		return;
	va_start(ap, fmt);
	n = vsnprintf(t->out + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		t->len += (size_t)n < t->cap - t->len ? (size_t)n :
			  t->cap - t->len - 1;
}

static void add_comp(struct text *t, const struct dapp_comp *c)
{
	uint64_t v = dapp_comp_num(c);
	bool printable = true;
	struct tm tm;
	time_t s;
	size_t i;

	if (c->type == DAPP_COMP_SEQNUM && c->len <= 8) {
		add(t, "/%llu", (unsigned long long)v);
		return;
	}
	if (c->type == DAPP_COMP_TIMESTAMP && c->len <= 8) {
		s = v / 1000000;
		gmtime_r(&s, &tm);
		add(t, "/%04d-%02d-%02d@%02d:%02d:%02d.%06u", tm.tm_year + 1900,
		    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		    (unsigned int)(v % 1000000));
		return;
	}
	for (i = 0; i < c->len; i++)
		if (c->val[i] < 0x20 || c->val[i] >= 0x7f)
			printable = false;
	add(t, printable ? "/" : "/^");
	for (i = 0; i < c->len; i++)
		add(t, printable ? "%c" : "%02x", c->val[i]);
}

char *dapp_name_text(const uint8_t *name, size_t len, char *out, size_t cap)
{
	struct text t = { .out = out, .cap = cap };
	struct dapp_comp c;
	unsigned int i;

	out[0] = 0;
	for (i = 0; dapp_comp(name, len, i, &c); i++)
		add_comp(&t, &c);
	if (!i)
		add(&t, "/");
	return out;
}

void dapp_msg_init(struct dapp_msg *m)
{
	m->len = 0;
	m->overflow = false;
}

/* Room for one control message of len data bytes; NULL if full. */
static void *msg_add(struct dapp_msg *m, int type, size_t len)
{
	struct cmsghdr *c;

	if (m->overflow || m->len + CMSG_SPACE(len) > sizeof(m->ctl.buf)) {
		m->overflow = true;
		return NULL;
	}
	c = (struct cmsghdr *)(m->ctl.buf + m->len);
	memset(c, 0, CMSG_SPACE(len));
	c->cmsg_level = SOL_DEFTT;
	c->cmsg_type = type;
	c->cmsg_len = CMSG_LEN(len);
	m->len += CMSG_SPACE(len);
	return CMSG_DATA(c);
}

void dapp_param(struct dapp_msg *m, const char *tag, const char *fmt, ...)
{
	char text[512];
	va_list ap;
	int n, v;
	void *d;

	n = snprintf(text, sizeof(text), "%s=", tag);
	va_start(ap, fmt);
	v = vsnprintf(text + n, sizeof(text) - n, fmt, ap);
	va_end(ap);
	if (n < 2 || v < 0 || (size_t)(n + v) >= sizeof(text)) {
		m->overflow = true;
		return;
	}
	/* The text alone, without a terminating NUL. */
	d = msg_add(m, DEFTT_CM_PARAM, n + v);
	if (d)
		memcpy(d, text, n + v);
}

void dapp_confirm(struct dapp_msg *m, uint64_t cookie)
{
	void *d = msg_add(m, DEFTT_CM_CONFIRM, sizeof(cookie));

	if (d)
		memcpy(d, &cookie, sizeof(cookie));
}

int dapp_publish(int fd, const struct dapp_msg *m, const void *content,
		 size_t len)
{
	struct iovec iov = { .iov_base = (void *)content, .iov_len = len };
	struct msghdr mh = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = m->len ? (void *)m->ctl.buf : NULL,
		.msg_controllen = m->len,
	};

	if (m->overflow)
		return -EMSGSIZE;
	if (sendmsg(fd, &mh, 0) < 0)
		return -errno;
	return 0;
}

/* Copies one control message's data if it fits; false if not. */
static bool take(uint8_t *dst, size_t cap, size_t *dlen, const void *src,
		 size_t len)
{
	if (len > cap)
		return false;
	memcpy(dst, src, len);
	*dlen = len;
	return true;
}

static void take_cmsgs(struct msghdr *mh, struct dapp_rx *rx)
{
	struct cmsghdr *c;
	size_t len, dummy;

	for (c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c)) {
		if (c->cmsg_level != SOL_DEFTT)
			continue;
		len = c->cmsg_len - CMSG_LEN(0);
		switch (c->cmsg_type) {
		case DEFTT_CM_NAME:
			if (!take(rx->name, sizeof(rx->name), &rx->name_len,
				  CMSG_DATA(c), len))
				rx->truncated = true;
			break;
		case DEFTT_CM_SIGNER:
			rx->has_signer = take(rx->signer, sizeof(rx->signer),
					      &dummy, CMSG_DATA(c), len) &&
					 len == sizeof(rx->signer);
			break;
		case DEFTT_CM_SIGNER_NAME:
			if (!take(rx->signer_name, sizeof(rx->signer_name),
				  &rx->signer_name_len, CMSG_DATA(c), len))
				rx->truncated = true;
			break;
		case DEFTT_CM_TIME:
			if (len == sizeof(rx->time_us)) {
				memcpy(&rx->time_us, CMSG_DATA(c), len);
				rx->has_time = true;
			}
			break;
		case DEFTT_CM_RAW:
			if (!take(rx->raw, sizeof(rx->raw), &rx->raw_len,
				  CMSG_DATA(c), len))
				rx->truncated = true;
			break;
		}
	}
}

int dapp_receive(int fd, struct dapp_rx *rx, int timeout_ms)
{
	union {
		size_t align;		/* as struct cmsghdr */
		uint8_t buf[2 * CMSG_SPACE(DAPP_NAME_MAX) +
			    CMSG_SPACE(DEFTT_THUMBPRINT_LEN) +
			    CMSG_SPACE(sizeof(uint64_t)) +
			    CMSG_SPACE(DAPP_PUB_MAX)];
	} ctl;
	struct iovec iov = { .iov_base = rx->content,
			     .iov_len = sizeof(rx->content) };
	struct msghdr mh = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = ctl.buf,
		.msg_controllen = sizeof(ctl.buf),
	};
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	socklen_t sl = sizeof(int);
	ssize_t n;
	int err;

	n = poll(&pfd, 1, timeout_ms);
	if (n < 0)
		return -errno;
	if (!n)
		return 0;
	if (!(pfd.revents & POLLIN)) {
		if (pfd.revents & POLLERR) {
			/* A socket error, or something on the error queue. */
			if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &sl) < 0)
				return -errno;
			return err ? -err : DAPP_CONFIRMED;
		}
		return -ENOTCONN;
	}
	rx->len = rx->name_len = rx->signer_name_len = rx->raw_len = 0;
	rx->has_signer = rx->has_time = rx->truncated = false;
	n = recvmsg(fd, &mh, MSG_DONTWAIT);
	if (n < 0)
		return errno == EAGAIN ? 0 : -errno;
	rx->len = n;
	if (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC))
		rx->truncated = true;
	take_cmsgs(&mh, rx);
	return 1;
}

int dapp_read_confirmation(int fd, struct dapp_confirmation *conf)
{
	union {
		size_t align;		/* as struct cmsghdr */
		uint8_t buf[CMSG_SPACE(sizeof(struct sock_extended_err)) + 256];
	} ctl;
	uint64_t cookie = 0;
	struct iovec iov = { .iov_base = &cookie, .iov_len = sizeof(cookie) };
	struct msghdr mh = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = ctl.buf,
		.msg_controllen = sizeof(ctl.buf),
	};
	struct sock_extended_err ee;
	struct cmsghdr *c;
	ssize_t n;

	n = recvmsg(fd, &mh, MSG_ERRQUEUE | MSG_DONTWAIT);
	if (n < 0)
		return errno == EAGAIN ? 0 : -errno;
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level != SOL_DEFTT ||
		    c->cmsg_type != DEFTT_CM_CONFIRM ||
		    c->cmsg_len < CMSG_LEN(sizeof(ee)))
			continue;
		memcpy(&ee, CMSG_DATA(c), sizeof(ee));
		if (ee.ee_origin != SO_EE_ORIGIN_LOCAL)
			continue;
		conf->cookie = cookie;
		conf->err = ee.ee_errno;
		conf->pub_hash = ee.ee_info;
		return n == sizeof(cookie) ? 1 : -EPROTO;
	}
	return -EPROTO;
}

static uint64_t clock_us(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

uint64_t dapp_now_us(void)
{
	return clock_us(CLOCK_REALTIME);
}

uint64_t dapp_mono_us(void)
{
	return clock_us(CLOCK_MONOTONIC);
}

bool dapp_parse_uint(const char *s, unsigned long max, unsigned int *v)
{
	unsigned long n;
	char *end;

	errno = 0;
	n = strtoul(s, &end, 10);
	if (errno || !*s || *end || n > max)
		return false;
	*v = n;
	return true;
}

/* One sentence on stderr, as every refusal of an example's options. */
int dapp_bad_usage(const char *prog, const char *what, const char *arg)
{
	fprintf(stderr, "%s: %s '%s'; see %s -h.\n", prog, what, arg, prog);
	return 2;
}
