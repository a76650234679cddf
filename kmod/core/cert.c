// SPDX-License-Identifier: GPL-2.0
/* Certificate rules: name shape, key id, validity period, key, anchor. */
#include "wire.h"

static const u8 zero_tp[DT_THUMBPRINT_LEN];

bool dt_tp_is_zero(const u8 tp[DT_THUMBPRINT_LEN])
{
	return !memcmp(tp, zero_tp, DT_THUMBPRINT_LEN);
}

/* <prefix...>/KEY/<key id 4>/dct/<Timestamp> (wire.md 8, W30). */
static enum dt_wire_err cert_name(const struct dt_data *d)
{
	const struct dt_name *n = &d->name;
	struct dt_comp c;
	u8 kid[DT_KEY_ID_LEN];

	if (n->ncomp < DT_MIN_CERT_COMPS)
		return DT_WERR_CERT_NAME;
	dt_name_comp(n, -1, &c);
	if (c.type != DT_COMP_TIMESTAMP) {
		/* DCT's legacy tagged time (fc 00 + 7 bytes) is W13 here;
		 * a Generic elsewhere in a name is opaque (see name.c).
		 */
		if (c.len == 9 && c.val[0] == 0xfc && c.val[1] == 0)
			return DT_WERR_TIMESTAMP;
		return DT_WERR_CERT_NAME;
	}
	dt_name_comp(n, -2, &c);
	if (!dt_comp_is_generic(&c, "dct", 3))
		return DT_WERR_CERT_NAME;
	dt_name_comp(n, -4, &c);
	if (!dt_comp_is_generic(&c, "KEY", 3))
		return DT_WERR_CERT_NAME;
	dt_name_comp(n, -3, &c);
	if (c.type != DT_COMP_GENERIC || c.len != DT_KEY_ID_LEN)
		return DT_WERR_CERT_NAME;
	dt_key_id(dt_data_content(d), d->content_len, kid);
	if (memcmp(kid, c.val, DT_KEY_ID_LEN))
		return DT_WERR_CERT_NAME;
	return DT_WERR_OK;
}

enum dt_wire_err dt_cert_check_fields(const struct dt_data *d,
				      unsigned int flags)
{
	enum dt_wire_err e;
	s64 nb, na;

	e = cert_name(d);
	if (e)
		return e;
	/* Calendar-valid strings order like the instants they name. */
	if (dt_validity_parse(d->si.not_before, &nb) ||
	    dt_validity_parse(d->si.not_after, &na) || nb >= na)
		return DT_WERR_VALIDITY;
	if (!(flags & DT_CERT_F_SCHEMA) && d->content_len != DT_PUBKEY_LEN)
		return DT_WERR_CERT_KEY;
	if (!(flags & DT_CERT_F_ANCHOR) && dt_tp_is_zero(d->si.key_digest))
		return DT_WERR_SELF_SIGNED;
	return DT_WERR_OK;
}

enum dt_wire_err dt_cert_check_time(const struct dt_data *cert, u64 now_us,
				    u64 skew_us)
{
	u8 lo[DT_VALIDITY_LEN], hi[DT_VALIDITY_LEN];

	/* DCT compares the strings (whole seconds); so do we. */
	dt_validity_format(now_us + skew_us, hi);
	dt_validity_format(now_us > skew_us ? now_us - skew_us : 0, lo);
	if (memcmp(cert->si.not_before, hi, DT_VALIDITY_LEN) > 0 ||
	    memcmp(lo, cert->si.not_after, DT_VALIDITY_LEN) > 0)
		return DT_WERR_CERT_EXPIRED;
	return DT_WERR_OK;
}

static void put2(u8 *p, unsigned int v)
{
	p[0] = '0' + v / 10 % 10;
	p[1] = '0' + v % 10;
}

void dt_validity_format(u64 us, u8 out[DT_VALIDITY_LEN])
{
	u64 secs = us / 1000000, sod = secs % 86400;
	unsigned int m, d;
	s64 y;

	dt_civil_from_days((s64)(secs / 86400), &y, &m, &d);
	put2(out, (unsigned int)(y / 100));
	put2(out + 2, (unsigned int)(y % 100));
	put2(out + 4, m);
	put2(out + 6, d);
	out[8] = 'T';
	put2(out + 9, (unsigned int)(sod / 3600));
	put2(out + 11, (unsigned int)(sod / 60 % 60));
	put2(out + 13, (unsigned int)(sod % 60));
}

static int digits(const u8 *p, unsigned int n)
{
	int v = 0;

	while (n--) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p++ - '0');
	}
	return v;
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static s64 days_from_civil(s64 y, unsigned int m, unsigned int d)
{
	s64 era;
	u64 yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (u64)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (s64)doe - 719468;
}

static unsigned int month_days(int y, int m)
{
	static const u8 days[12] = { 31, 28, 31, 30, 31, 30,
				     31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return days[m - 1] + (m == 2 && leap);
}

enum dt_wire_err dt_validity_parse(const u8 s[DT_VALIDITY_LEN], s64 *secs)
{
	int y = digits(s, 4), mo = digits(s + 4, 2), d = digits(s + 6, 2);
	int h = digits(s + 9, 2), mi = digits(s + 11, 2);
	int se = digits(s + 13, 2);

	/*
	 * wire.md 8: digits, T, month 01-12, day 01-31, hour 00-23, minute
	 * and second 00-59. Decision: the day must also exist in its month
	 * (no 20260230), so that string order, which DCT and W32 use, and
	 * time order agree for every accepted string.
	 */
	if (y < 0 || mo < 1 || mo > 12 || d < 1 || s[8] != 'T' ||
	    d > (int)month_days(y, mo) || h < 0 || h > 23 || mi < 0 ||
	    mi > 59 || se < 0 || se > 59)
		return DT_WERR_VALIDITY;
	*secs = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
	return DT_WERR_OK;
}

int dt_cert_name_encode(u8 *buf, size_t cap, const struct dt_name *prefix,
			unsigned int nprefix, const u8 key_id[DT_KEY_ID_LEN],
			u64 ts_us)
{
	struct dt_name_bld b;

	if (!nprefix)
		return -DT_WERR_INVAL;
	dt_nb_init(&b, buf, cap);
	dt_nb_name(&b, prefix, nprefix);
	dt_nb_str(&b, "KEY");
	dt_nb_comp(&b, DT_COMP_GENERIC, key_id, DT_KEY_ID_LEN);
	dt_nb_str(&b, "dct");
	dt_nb_number(&b, DT_COMP_TIMESTAMP, ts_us);
	return dt_nb_finish(&b);
}

const u8 *dt_cert_key_id(const struct dt_name *n)
{
	struct dt_comp c;

	dt_name_comp(n, -3, &c);
	return c.val;
}

u64 dt_cert_ts(const struct dt_name *n)
{
	struct dt_comp c;
	u64 v = 0;

	dt_name_comp(n, -1, &c);
	dt_comp_number(&c, &v);
	return v;
}

bool dt_cert_is_schema_name(const struct dt_name *n)
{
	struct dt_comp c;

	if (n->ncomp < 7)
		return false;
	dt_name_comp(n, -6, &c);
	return dt_comp_is_generic(&c, "schema", 6);
}

bool dt_cert_is_cap(const struct dt_name *n, const char *cap,
		    struct dt_comp *arg)
{
	struct dt_comp c;
	size_t l = strlen(cap);
	unsigned int i;

	/* <pubPrefix...>/CAP/<cap>/<arg>/KEY/<kid>/dct/<ts> (schema.md) */
	if (n->ncomp < 8)
		return false;
	i = n->ncomp - 7;
	dt_name_comp(n, i, &c);
	if (!dt_comp_is_generic(&c, "CAP", 3))
		return false;
	dt_name_comp(n, i + 1, &c);
	if (!dt_comp_is_generic(&c, cap, l))
		return false;
	dt_name_comp(n, i + 2, arg);
	return true;
}
