// SPDX-License-Identifier: GPL-2.0
/* Parsing and printing of the UTC times the cert tools take and report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cert_time.h"

/* n decimal digits at s into *v; false if any is not a digit. */
static bool take_digits(const char *s, unsigned int n, unsigned int *v)
{
	*v = 0;
	while (n--) {
		if (*s < '0' || *s > '9')
			return false;
		*v = *v * 10 + (unsigned int)(*s++ - '0');
	}
	return true;
}

/* ".ffffff" (1 to 6 digits) at *s; advances *s past it. */
static bool take_fraction(const char **s, u64 *us)
{
	unsigned int n = 0;
	u64 f = 0;

	*us = 0;
	if (**s != '.')
		return true;
	for ((*s)++; **s >= '0' && **s <= '9'; (*s)++) {
		if (++n > 6)
			return false;
		f = f * 10 + (u64)(**s - '0');
	}
	if (!n)
		return false;
	while (n++ < 6)
		f *= 10;
	*us = f;
	return true;
}

/* Whole seconds of a validity-form string through the core's checker. */
static int from_validity(const u8 v[DT_VALIDITY_LEN], u64 *secs)
{
	s64 s;

	if (dt_validity_parse(v, &s) || s < 0)
		return -1;
	*secs = (u64)s;
	return 0;
}

int dtc_time_parse(const char *s, u64 *us)
{
	unsigned int y, mo, d, h, mi, se;
	u8 v[DT_VALIDITY_LEN + 1];
	u64 secs, frac;
	char *end;

	if (!s || !*s)
		return -1;
	if (s[0] == '@') {
		if (s[1] < '0' || s[1] > '9')
			return -1;
		secs = strtoull(s + 1, &end, 10);
		s = end;
		/* validity strings have four-digit years */
		if (secs > DTC_TIME_MAX_S || !take_fraction(&s, &frac) || *s)
			return -1;
		*us = secs * 1000000 + frac;
		return 0;
	}
	if (strlen(s) == DT_VALIDITY_LEN) {
		memcpy(v, s, DT_VALIDITY_LEN);
		if (from_validity(v, &secs))
			return -1;
		*us = secs * 1000000;
		return 0;
	}
	/* YYYY-MM-DDTHH:MM:SS[.ffffff][Z] */
	if (strlen(s) < 19 || s[4] != '-' || s[7] != '-' ||
	    (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':' ||
	    !take_digits(s, 4, &y) || !take_digits(s + 5, 2, &mo) ||
	    !take_digits(s + 8, 2, &d) || !take_digits(s + 11, 2, &h) ||
	    !take_digits(s + 14, 2, &mi) || !take_digits(s + 17, 2, &se))
		return -1;
	snprintf((char *)v, sizeof(v), "%04u%02u%02uT%02u%02u%02u", y, mo, d,
		 h, mi, se);
	if (from_validity(v, &secs))
		return -1;
	s += 19;
	if (!take_fraction(&s, &frac))
		return -1;
	if (*s == 'Z')
		s++;
	if (*s)
		return -1;
	*us = secs * 1000000 + frac;
	return 0;
}

void dtc_validity_text(const u8 v[DT_VALIDITY_LEN], char out[DTC_TIME_TEXT])
{
	snprintf(out, DTC_TIME_TEXT, "%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ",
		 (const char *)v, (const char *)v + 4, (const char *)v + 6,
		 (const char *)v + 9, (const char *)v + 11,
		 (const char *)v + 13);
}

void dtc_time_text(u64 us, char out[DTC_TIME_TEXT])
{
	u8 v[DT_VALIDITY_LEN];

	dt_validity_format(us, v);
	dtc_validity_text(v, out);
	if (us % 1000000)
		snprintf(out + 19, DTC_TIME_TEXT - 19, ".%06uZ",
			 (unsigned int)(us % 1000000));
}
