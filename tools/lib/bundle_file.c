// SPDX-License-Identifier: GPL-2.0
/* Reading, writing and listing cert and bundle files. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bundle_file.h"

enum dtc_err dtc_file_parse(const u8 *buf, size_t len, struct dtc_file *f,
			    struct dtc_problem *p)
{
	char label[DT_NAME_URI_MAX + 32];
	enum dt_wire_err e;
	struct dt_data d;
	struct dt_tlv t;
	size_t off = 0;
	unsigned int i;

	f->n = 0;
	if (!len)
		return dtc_fail(p, DTC_E_FORMAT, -1, "the file is empty");
	while (off < len) {
		e = dt_tlv_get(buf + off, len - off, &t);
		if (e) {
			dtc_fail(p, DTC_E_FORMAT, -1,
				 "the element at byte %zu is not a complete TLV (W%d)",
				 off, e);
			dtc_problem_wire(p, e);
			return DTC_E_FORMAT;
		}
		if (t.type == DT_TLV_SIGVALUE) {
			if (!f->n || f->item[f->n - 1].key)
				return dtc_fail(p, DTC_E_FORMAT, -1,
						"the key record at byte %zu does not follow a certificate",
						off);
			f->item[f->n - 1].key = t.val;
			f->item[f->n - 1].key_len = t.len;
		} else if (t.type == DT_TLV_DATA) {
			if (f->n == DTC_FILE_MAX_CERTS)
				return dtc_fail(p, DTC_E_TOO_MANY, -1,
						"the file holds more than %d certificates",
						DTC_FILE_MAX_CERTS);
			f->item[f->n].cert = t.tlv;
			f->item[f->n].cert_len = dt_tlv_size(&t);
			f->item[f->n].key = NULL;
			f->item[f->n].key_len = 0;
			f->n++;
		} else {
			return dtc_fail(p, DTC_E_FORMAT, -1,
					"the element at byte %zu has type %u, neither a certificate (6) nor a key (23)",
					off, t.type);
		}
		off += dt_tlv_size(&t);
	}
	for (i = 0; i < f->n; i++) {
		e = dt_cert_parse(f->item[i].cert, f->item[i].cert_len,
				  DT_CERT_F_ANCHOR | DT_CERT_F_SCHEMA, &d);
		if (e) {
			dtc_cert_label(label, sizeof(label), (int)i,
				       f->item[i].cert, f->item[i].cert_len);
			dtc_fail(p, DTC_E_MALFORMED, (int)i, "%s is malformed: %s (W%d)",
				 label, dtc_wire_phrase(e), e);
			dtc_problem_wire(p, e);
			return DTC_E_MALFORMED;
		}
	}
	return DTC_OK;
}

enum dtc_err dtc_read_all(const char *path, u8 **buf, size_t *len,
			  struct dtc_problem *p)
{
	enum dtc_err code = DTC_E_IO;
	size_t cap = 4096, n = 0;
	u8 *b = NULL, *nb;
	ssize_t r;
	int fd;

	*buf = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return dtc_fail(p, DTC_E_IO, -1, "cannot open %s: %s", path,
				strerror(errno));
	for (;;) {
		if (!b || n == cap) {
			if (b)
				cap *= 2;
			nb = malloc(cap);
			if (!nb)
				goto nomem;
			if (b) {
				memcpy(nb, b, n);
				dt_wipe(b, n);
				free(b);
			}
			b = nb;
		}
		r = read(fd, b + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			dtc_fail(p, DTC_E_IO, -1, "cannot read %s: %s", path,
				 strerror(errno));
			goto fail;
		}
		if (!r)
			break;
		n += (size_t)r;
		if (n > 16 << 20) {
			dtc_fail(p, DTC_E_IO, -1,
				 "%s is larger than any cert file (16 MiB)", path);
			goto fail;
		}
	}
	close(fd);
	*buf = b;
	*len = n;
	return DTC_OK;
nomem:
	code = dtc_fail(p, DTC_E_NOMEM, -1, "out of memory reading %s", path);
fail:
	if (b) {
		dt_wipe(b, n);
		free(b);
	}
	close(fd);
	return code;
}

enum dtc_err dtc_file_load(const char *path, struct dtc_file *f,
			   struct dtc_problem *p)
{
	enum dtc_err e;

	memset(f, 0, sizeof(*f));
	e = dtc_read_all(path, &f->buf, &f->len, p);
	if (e)
		return e;
	e = dtc_file_parse(f->buf, f->len, f, p);
	if (e) {
		dtc_problem_in_file(p, path);
		dtc_file_free(f);
	}
	return e;
}

void dtc_file_free(struct dtc_file *f)
{
	if (f->buf) {
		dt_wipe(f->buf, f->len);
		free(f->buf);
	}
	memset(f, 0, sizeof(*f));
}

enum dtc_err dtc_write_all(const char *path, const u8 *buf, size_t len,
			   bool secret, struct dtc_problem *p)
{
	char tmp[4096];
	size_t off = 0;
	ssize_t r;
	int fd;

	if (snprintf(tmp, sizeof(tmp), "%s.tmpXXXXXX", path) >=
	    (int)sizeof(tmp))
		return dtc_fail(p, DTC_E_IO, -1, "the path %s is too long",
				path);
	fd = mkstemp(tmp);
	if (fd < 0)
		return dtc_fail(p, DTC_E_IO, -1, "cannot create %s: %s", tmp,
				strerror(errno));
	/* mkstemp gives 0600; a file without a key may be world-readable */
	if (!secret)
		fchmod(fd, 0644);
	while (off < len) {
		r = write(fd, buf + off, len - off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			goto fail;
		off += (size_t)r;
	}
	if (fsync(fd) || close(fd)) {
		fd = -1;
		goto fail;
	}
	if (rename(tmp, path)) {
		fd = -1;
		goto fail;
	}
	return DTC_OK;
fail:
	dtc_fail(p, DTC_E_IO, -1, "cannot write %s: %s", path,
		 strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return DTC_E_IO;
}

long dtc_bundle_encode(const struct dtc_item *it, unsigned int n, u8 *out,
		       size_t cap)
{
	u8 hdr[DT_TLV_MAX_HDR];
	size_t off = 0, need;
	unsigned int i;
	int h;

	for (i = 0; i < n; i++) {
		need = it[i].cert_len;
		h = 0;
		if (it[i].key) {
			h = dt_tlv_put_hdr(hdr, DT_TLV_SIGVALUE, it[i].key_len);
			if (h < 0)
				return -1;
			need += (size_t)h + it[i].key_len;
		}
		if (out) {
			if (off + need > cap)
				return -1;
			memcpy(out + off, it[i].cert, it[i].cert_len);
			if (it[i].key) {
				memcpy(out + off + it[i].cert_len, hdr,
				       (size_t)h);
				memcpy(out + off + it[i].cert_len + h,
				       it[i].key, it[i].key_len);
			}
		}
		off += need;
	}
	return (long)off;
}

void dtc_bundle_list(FILE *out, const struct dtc_file *f, bool verbose)
{
	u8 (*tp)[DT_THUMBPRINT_LEN];
	char uri[DT_NAME_URI_MAX];
	unsigned int i, j, k;
	struct dt_data d;
	int signer;

	tp = calloc(f->n ? f->n : 1, sizeof(*tp));
	if (!tp)
		return;
	for (i = 0; i < f->n; i++) {
		dt_thumbprint(f->item[i].cert, f->item[i].cert_len, tp[i]);
		/* as ls_bundle: against the latest earlier holder */
		for (j = i; j-- > 0;) {
			if (memcmp(tp[i], tp[j], DT_THUMBPRINT_LEN))
				continue;
			fprintf(out,
				"** duplicate thumbprints: cert %u and %u.\n",
				j, i);
			break;
		}
	}
	for (i = 0; i < f->n; i++) {
		if (dt_cert_parse(f->item[i].cert, f->item[i].cert_len,
				  DT_CERT_F_ANCHOR | DT_CERT_F_SCHEMA, &d))
			continue;	/* dtc_file_parse() refused it already */
		/* the last cert with that thumbprint, as ls_bundle's map */
		signer = -1;
		for (j = 0; j < f->n; j++)
			if (!memcmp(d.si.key_digest, tp[j], DT_THUMBPRINT_LEN))
				signer = (int)j;
		if (dt_tp_is_zero(d.si.key_digest))
			fprintf(out, "%u root", i);
		else if (signer < 0)
			fprintf(out, "%u <= ?", i);
		else
			fprintf(out, "%u <= %d", i, signer);
		if (verbose)
			fprintf(out, " %02x%02x%02x%02x ", tp[i][0], tp[i][1],
				tp[i][2], tp[i][3]);
		dt_name_uri(&d.name, uri, sizeof(uri));
		fprintf(out, ": %s", uri);
		if (f->item[i].key && f->item[i].key_len) {
			/* ls_bundle prints each byte with {:x}: no padding */
			fputs(" key '", out);
			for (k = 0; k < 4 && k < f->item[i].key_len; k++)
				fprintf(out, "%x", f->item[i].key[k]);
			fputs("...", out);
		}
		fputc('\n', out);
	}
	free(tp);
}
