// SPDX-License-Identifier: GPL-2.0
/* deftt-dump: dissect DeftT objects from .bin/.hex files, raw UDP payloads
 * and pcap captures, as a readable tree or JSON, with the strict verdict of
 * the wire core for each object.
 */
#include <errno.h>
#include <getopt.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "wire.h"
#include "udp_extract.h"

#define DCT_PORT 56362

struct opts {
	int json;
	int all_ports;
	int port;
	int quiet;
	const char *extract;
};

static struct opts o = { .port = DCT_PORT };
static int bad_input;
static int json_first;	/* no comma before the next JSON element */

/* ---- small output helpers ---- */

static void jsep(void)
{
	if (!json_first)
		putchar(',');
	json_first = 0;
}

static void jstr(const char *s, size_t n)
{
	putchar('"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void hexs(char *out, const uint8_t *b, size_t n, size_t max)
{
	size_t i, k = 0;

	if (n <= max) {
		for (i = 0; i < n; i++)
			k += sprintf(out + k, "%02x", b[i]);
		return;
	}
	for (i = 0; i < max / 2; i++)
		k += sprintf(out + k, "%02x", b[i]);
	k += sprintf(out + k, "…");
	for (i = n - max / 4; i < n; i++)
		k += sprintf(out + k, "%02x", b[i]);
}

static int printable(const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (b[i] < 0x20 || b[i] >= 0x7f)
			return 0;
	return 1;
}

static const char *type_name(unsigned int t)
{
	switch (t) {
	case 5: return "cState";
	case 6: return "Data";
	case 7: return "Name";
	case 8: return "Generic";
	case 10: return "Nonce";
	case 12: return "Lifetime";
	case 20: return "MetaInfo";
	case 21: return "Content";
	case 22: return "SignatureInfo";
	case 23: return "SignatureValue";
	case 24: return "ContentType";
	case 27: return "SignatureType";
	case 28: return "KeyLocator";
	case 29: return "KeyDigest";
	case 33: return "Segment";
	case 35: return "csID";
	case 36: return "Timestamp";
	case 37: return "SequenceNum";
	case 253: return "ValidityPeriod";
	case 254: return "NotBefore";
	case 255: return "NotAfter";
	default: return "?";
	}
}

static int is_container(unsigned int t)
{
	return t == 5 || t == 6 || t == 7 || t == 20 || t == 22 || t == 28 ||
	       t == 253;
}

static void iso_time(char *out, size_t cap, uint64_t us)
{
	time_t s = (time_t)(us / 1000000);
	struct tm tm;

	gmtime_r(&s, &tm);
	snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:%02d.%06uZ",
		 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		 tm.tm_min, tm.tm_sec, (unsigned int)(us % 1000000));
}

/* Human rendering of a leaf value. */
static void leaf_text(char *out, size_t cap, unsigned int type,
		      const uint8_t *v, size_t n, unsigned int ptype)
{
	char h[256];
	uint64_t num;

	out[0] = 0;
	switch (type) {
	case 35: case 36: case 37: case 12:
		if (dt_num_get(v, n, &num)) {
			hexs(h, v, n, 32);
			snprintf(out, cap, "bad number %s", h);
		} else if (type == 35) {
			snprintf(out, cap, "0x%08llx", (unsigned long long)num);
		} else if (type == 36) {
			iso_time(h, sizeof(h), num);
			snprintf(out, cap, "%s (%llu us)", h,
				 (unsigned long long)num);
		} else if (type == 12) {
			snprintf(out, cap, "%llu ms", (unsigned long long)num);
		} else {
			snprintf(out, cap, "%llu", (unsigned long long)num);
		}
		return;
	case 24:
		if (n == 1)
			snprintf(out, cap, "%u %s", v[0], v[0] == 0 ? "Blob" :
				 v[0] == 2 ? "Key" : v[0] == 42 ? "CAdd" : "?");
		return;
	case 27:
		if (n == 1)
			snprintf(out, cap, "%u %s", v[0],
				 dt_sig_name(v[0]) ?: "?");
		return;
	case 29:
		hexs(h, v, n, 16);
		snprintf(out, cap, "%s%s", h,
			 n == 32 && dt_tp_is_zero(v) ? " (self-signed)" : "");
		return;
	case 254: case 255:
		snprintf(out, cap, "%.*s", (int)n, (const char *)v);
		return;
	default:
		break;
	}
	if (n && printable(v, n) && (type == 8 || type == 21))
		snprintf(out, cap, "\"%.*s\"%s", n > 64 ? 64 : (int)n,
			 (const char *)v, n > 64 ? "…" : "");
	else if (n) {
		hexs(h, v, n, ptype == 7 ? 20 : 16);
		snprintf(out, cap, "%s", h);
	}
}

/* ---- the walker ---- */

struct walk {
	const uint8_t *base;	/* start of the input (offsets are from it) */
	int err;		/* first framing error */
	size_t err_off;
};

static void print_node(const struct walk *w, const struct dt_tlv *t,
		       int depth, const char *val, const char *note)
{
	if (o.json) {
		jsep();
		printf("{\"offset\":%zu,\"type\":%u,\"name\":\"%s\",\"len\":%u",
		       (size_t)(t->tlv - w->base), t->type,
		       type_name(t->type), t->len);
		if (val && *val) {
			printf(",\"value\":");
			jstr(val, strlen(val));
		}
		if (note && *note) {
			printf(",\"note\":");
			jstr(note, strlen(note));
		}
		return;
	}
	printf("%04zx %*s%s (%u) len %u", (size_t)(t->tlv - w->base),
	       2 * depth, "", type_name(t->type), t->type, t->len);
	if (val && *val)
		printf("  %s", val);
	if (note && *note)
		printf("  [%s]", note);
	putchar('\n');
}

static int walk_seq(struct walk *w, const uint8_t *p, size_t len, int depth,
		    unsigned int ptype, int cadd_content);

/* One Data's extra facts: its kind, and whether its Content holds pubs. */
static const char *data_note(const uint8_t *p, size_t n, int *cadd)
{
	struct dt_data d;

	*cadd = 0;
	if (dt_data_parse(p, n, DT_KIND_ANY, 0, &d))
		return "";
	if (d.content_type == DT_CT_CADD) {
		*cadd = !dt_cadd_check_content(dt_data_content(&d),
					       d.content_len, NULL);
		return *cadd ? "cAdd" : "cAdd, Content opaque (encrypted?)";
	}
	return d.content_type == DT_CT_KEY ? "certificate" : "Publication";
}

static int walk_seq(struct walk *w, const uint8_t *p, size_t len, int depth,
		    unsigned int ptype, int cadd_content)
{
	char val[DT_NAME_URI_MAX + 64], uri[DT_NAME_URI_MAX];
	size_t off = 0;

	while (off < len) {
		struct dt_tlv t = { 0 };
		const char *note = "";
		int e = dt_tlv_get(p + off, len - off, &t), cadd = 0;

		if (e) {
			/* wire.md 1.6: framing failures inside a Name are W8 */
			if (ptype == DT_TLV_NAME)
				e = DT_WERR_NAME_FRAMING;
			if (!w->err) {
				w->err = e;
				w->err_off = p + off - w->base;
			}
			if (o.json) {
				jsep();
				printf("{\"offset\":%zu,\"error\":\"%s\"}",
				       (size_t)(p + off - w->base),
				       dt_wire_err_name(e));
			} else {
				printf("%04zx %*s!! %s (W%d): %zu bytes left "
				       "in the parent\n",
				       (size_t)(p + off - w->base), 2 * depth,
				       "", dt_wire_err_name(e),
				       dt_wire_err_rule(e), len - off);
			}
			return -1;
		}
		val[0] = 0;
		if (t.type == 6)
			note = data_note(t.tlv, dt_tlv_size(&t), &cadd);
		if (t.type == 7) {
			struct dt_name n;

			if (!dt_name_parse(t.tlv, dt_tlv_size(&t),
					   DT_NAME_F_CSID_LAST, &n) &&
			    dt_name_uri(&n, uri, sizeof(uri)) >= 0)
				snprintf(val, sizeof(val), "%s", uri);
		} else if (!is_container(t.type) &&
			   !(t.type == 21 && cadd_content)) {
			leaf_text(val, sizeof(val), t.type, t.val, t.len,
				  ptype);
		}
		if (t.type == 23 && depth == 0)
			note = "key record";
		print_node(w, &t, depth, val, note);
		if (is_container(t.type) || (t.type == 21 && cadd_content)) {
			int r;

			if (o.json) {
				printf(",\"children\":[");
				json_first = 1;
			}
			r = walk_seq(w, t.val, t.len, depth + 1, t.type,
				     t.type == 6 && cadd);
			if (o.json)
				printf("]");
			if (o.json)
				printf("}");
			if (r)
				return -1;
		} else if (o.json) {
			printf("}");
		}
		off += dt_tlv_size(&t);
		json_first = 0;
	}
	return 0;
}

/* The strict verdict for one top-level element. */
static int verdict(const uint8_t *p, size_t n, int after_cert, char *msg,
		   size_t cap)
{
	struct dt_data d;
	struct dt_pdu pdu;
	struct dt_tlv t = { 0 };
	unsigned int f = 0, np = 0;
	int e;

	dt_tlv_get(p, n, &t);
	if (t.type == DT_TLV_SIGVALUE) {
		if (!after_cert) {
			snprintf(msg, cap, "key record not after a cert (W38)");
			return DT_WERR_BUNDLE_ELEM;
		}
		snprintf(msg, cap, "key record, %u bytes%s", t.len,
			 t.len == 64 ? "" : " (W39: not 64)");
		return t.len == 64 ? 0 : DT_WERR_BUNDLE_KEY;
	}
	if (t.type == DT_TLV_CSTATE || n > DT_MAX_DGRAM) {
		e = dt_pdu_parse(p, n, &pdu);
		snprintf(msg, cap, "cState");
	} else if (dt_data_parse(p, n, DT_KIND_ANY, 0, &d)) {
		e = dt_data_parse(p, n, DT_KIND_PUB, 0, &d);
		if (!e)
			e = dt_data_parse(p, n, DT_KIND_ANY, 0, &d);
		snprintf(msg, cap, "Data");
	} else if (d.content_type == DT_CT_CADD) {
		e = dt_cadd_parse(p, n, &d);
		if (!e && !dt_sig_encrypts(d.si.type))
			e = dt_cadd_check_content(dt_data_content(&d),
						  d.content_len, &np);
		snprintf(msg, cap, "cAdd, %u Publications, csID 0x%08x", np,
			 e ? 0 : dt_cadd_csid(&d));
	} else if (d.content_type == DT_CT_KEY) {
		if (dt_tp_is_zero(d.si.key_digest ? d.si.key_digest :
				  (const uint8_t *)"\1"))
			f |= DT_CERT_F_ANCHOR;
		if (dt_cert_is_schema_name(&d.name))
			f |= DT_CERT_F_SCHEMA;
		e = dt_cert_parse(p, n, f, &d);
		if (!e) {
			uint8_t tp[32];
			char h[80];

			dt_thumbprint(p, n, tp);
			hexs(h, tp, 32, 64);
			snprintf(msg, cap, "%scertificate, thumbprint %s",
				 f & DT_CERT_F_ANCHOR ? "trust-anchor " :
				 f & DT_CERT_F_SCHEMA ? "schema " : "", h);
		} else {
			snprintf(msg, cap, "certificate");
		}
	} else {
		e = dt_pub_parse(p, n, &d);
		snprintf(msg, cap, "Publication");
	}
	return e;
}

/* Dissects one buffer of top-level TLVs (file, datagram). */
static int dissect(const uint8_t *buf, size_t len, const char *label)
{
	struct walk w = { .base = buf };
	size_t off = 0;
	int after_cert = 0, rc = 0;

	if (o.json) {
		jsep();
		printf("{\"source\":");
		jstr(label, strlen(label));
		printf(",\"size\":%zu,\"objects\":[", len);
		json_first = 1;
	} else {
		printf("%s: %zu bytes\n", label, len);
	}
	if (!len) {
		w.err = DT_WERR_TRUNCATED;
		if (!o.json)
			printf("!! empty input\n");
	}
	while (off < len) {
		struct dt_tlv t = { 0 };
		char msg[200];
		int e;

		if (dt_tlv_get(buf + off, len - off, &t)) {
			/* show how far the framing goes, then stop */
			walk_seq(&w, buf + off, len - off, 0, 0, 0);
			break;
		}
		if (walk_seq(&w, t.tlv, dt_tlv_size(&t), 0, 0, 0))
			break;
		e = verdict(t.tlv, dt_tlv_size(&t), after_cert, msg,
			    sizeof(msg));
		if (o.json) {
			jsep();
			printf("{\"offset\":%zu,\"verdict\":\"%s\",\"rule\":%d,"
			       "\"what\":", off, dt_wire_err_name(e),
			       dt_wire_err_rule(e));
			jstr(msg, strlen(msg));
			printf("}");
		} else if (e) {
			printf("=> object at offset %zu REJECTED: %s (W%d), "
			       "%s\n", off, dt_wire_err_name(e),
			       dt_wire_err_rule(e), msg);
		} else {
			printf("=> ok: %s\n", msg);
		}
		if (e)
			rc = 1;
		after_cert = t.type == DT_TLV_DATA;
		off += dt_tlv_size(&t);
	}
	if (w.err) {
		rc = 1;
		if (!o.json)
			fprintf(stderr, "%s: bad input at byte offset %zu: %s "
				"(W%d)\n", label, w.err_off,
				dt_wire_err_name(w.err),
				dt_wire_err_rule(w.err));
	}
	if (o.json) {
		printf("],\"framing_error\":");
		if (w.err)
			printf("{\"offset\":%zu,\"code\":\"%s\",\"rule\":%d}",
			       w.err_off, dt_wire_err_name(w.err),
			       dt_wire_err_rule(w.err));
		else
			printf("null");
		printf("}");
		json_first = 0;
	}
	if (rc)
		bad_input = 1;
	return rc;
}

/* ---- inputs ---- */

static uint8_t *read_all(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	uint8_t *b = NULL;
	size_t cap = 0, n = 0, r;

	if (!f)
		return NULL;
	do {
		if (n + 65536 > cap) {
			uint8_t *nb = realloc(b, cap = cap * 2 + 65536);

			if (!nb) {
				free(b);
				return NULL;
			}
			b = nb;
		}
		r = fread(b + n, 1, 65536, f);
		n += r;
	} while (r);
	if (f != stdin)
		fclose(f);
	*len = n;
	return b ? b : calloc(1, 1);
}

/* Text of hex digits and whitespace only (a .hex vector)? Decode in place. */
static int unhex_inplace(uint8_t *b, size_t *len)
{
	size_t i, n = 0;
	int hi = -1;

	if (!*len)
		return 0;
	for (i = 0; i < *len; i++) {
		int c = b[i], v;

		if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
			continue;
		if (c >= '0' && c <= '9')
			v = c - '0';
		else if ((c | 32) >= 'a' && (c | 32) <= 'f')
			v = (c | 32) - 'a' + 10;
		else
			return 0;
		if (hi < 0) {
			hi = v;
		} else {
			b[n++] = hi << 4 | v;
			hi = -1;
		}
	}
	if (hi >= 0 || !n)
		return 0;
	*len = n;
	return 1;
}

static int is_pcap(const uint8_t *b, size_t n)
{
	static const uint8_t m[][4] = {
		{ 0xd4, 0xc3, 0xb2, 0xa1 }, { 0xa1, 0xb2, 0xc3, 0xd4 },
		{ 0x4d, 0x3c, 0xb2, 0xa1 }, { 0xa1, 0xb2, 0x3c, 0x4d },
		{ 0x0a, 0x0d, 0x0d, 0x0a },
	};

	for (size_t i = 0; n >= 4 && i < 5; i++)
		if (!memcmp(b, m[i], 4))
			return 1;
	return 0;
}

static int do_pcap(const char *path)
{
	char errbuf[PCAP_ERRBUF_SIZE], label[512];
	struct pcap_pkthdr *h;
	const u_char *data;
	unsigned int frame = 0, n = 0;
	struct ux_udp u;
	pcap_t *p;
	int dlt;

	p = pcap_open_offline(path, errbuf);
	if (!p) {
		fprintf(stderr, "%s: %s\n", path, errbuf);
		return 2;
	}
	dlt = pcap_datalink(p);
	while (pcap_next_ex(p, &h, &data) == 1) {
		frame++;
		if (!ux_udp_payload(dlt, data, h->caplen, &u))
			continue;
		if (!o.all_ports && u.dport != o.port && u.sport != o.port)
			continue;
		n++;
		if (o.extract) {
			FILE *f;

			snprintf(label, sizeof(label), "%s/frame%05u.bin",
				 o.extract, frame);
			f = fopen(label, "wb");
			if (!f || fwrite(u.payload, 1, u.len, f) != u.len) {
				fprintf(stderr, "%s: %s\n", label,
					strerror(errno));
				pcap_close(p);
				return 2;
			}
			fclose(f);
			continue;
		}
		snprintf(label, sizeof(label), "%s frame %u (%ld.%06ld, UDP "
			 "%u > %u)", path, frame, (long)h->ts.tv_sec,
			 (long)h->ts.tv_usec, u.sport, u.dport);
		if (o.quiet && !o.json) {
			struct dt_pdu pdu;
			int e = dt_pdu_parse(u.payload, u.len, &pdu);

			printf("frame %u: %zu bytes %s %s\n", frame, u.len,
			       pdu.type == 5 ? "cState" : "cAdd",
			       dt_wire_err_name(e));
			if (e)
				bad_input = 1;
			continue;
		}
		dissect(u.payload, u.len, label);
	}
	pcap_close(p);
	if (!o.json && !o.extract)
		printf("%s: %u DeftT datagrams in %u frames\n", path, n, frame);
	return 0;
}

static int do_file(const char *path)
{
	size_t len;
	uint8_t *b = read_all(path, &len);
	int r = 0;

	if (!b) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return 2;
	}
	if (is_pcap(b, len) && strcmp(path, "-")) {
		free(b);
		return do_pcap(path);
	}
	/* hex text: .hex files and anything that is only hex digits */
	if ((strlen(path) > 4 && !strcmp(path + strlen(path) - 4, ".hex")) ||
	    (len && b[0] != 5 && b[0] != 6)) {
		size_t l2 = len;
		uint8_t *c = malloc(len + 1);

		memcpy(c, b, len);
		if (unhex_inplace(c, &l2)) {
			free(b);
			b = c;
			len = l2;
		} else {
			free(c);
		}
	}
	dissect(b, len, path);
	free(b);
	return r;
}

static void usage(FILE *f)
{
	fprintf(f,
"usage: deftt-dump [-j] [-q] [-a | -p PORT] [-x DIR] FILE...\n"
"Dissect DeftT (DCT-compatible) objects: Publications, certificates,\n"
"cStates, cAdds, bundles and key files.\n"
"  FILE         binary object(s) (.bin, raw UDP payload, bundle, .cert),\n"
"               hex text (.hex) or a pcap/pcapng capture; - is stdin\n"
"  -j, --json   JSON instead of the tree\n"
"  -q, --quiet  pcap: one line per datagram (type, size, verdict)\n"
"  -a, --all    pcap: every UDP datagram, not only port %d\n"
"  -p, --port N pcap: DeftT UDP port (default %d)\n"
"  -x, --extract DIR  pcap: write each datagram to DIR/frameNNNNN.bin\n"
"  -h, --help   this text\n"
"Each object ends with the strict verdict of the wire core (wire.md 11).\n"
"Exit status: 0 all input valid, 1 usage error, 2 bad input.\n",
		DCT_PORT, DCT_PORT);
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "all", no_argument, NULL, 'a' },
		{ "port", required_argument, NULL, 'p' },
		{ "extract", required_argument, NULL, 'x' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, rc = 0;

	while ((c = getopt_long(argc, argv, "jqap:x:h", lo, NULL)) != -1) {
		switch (c) {
		case 'j':
			o.json = 1;
			break;
		case 'q':
			o.quiet = 1;
			break;
		case 'a':
			o.all_ports = 1;
			break;
		case 'p':
			o.port = atoi(optarg);
			if (o.port <= 0 || o.port > 65535) {
				usage(stderr);
				return 1;
			}
			break;
		case 'x':
			o.extract = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 1;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 1;
	}
	if (o.json) {
		printf("[");
		json_first = 1;
	}
	for (int i = optind; i < argc; i++)
		rc |= do_file(argv[i]);
	if (o.json)
		printf("]\n");
	if (rc)
		return 2;
	return bad_input ? 2 : 0;
}
