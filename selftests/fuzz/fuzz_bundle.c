// SPDX-License-Identifier: GPL-2.0
/* Fuzz the strict bundle reader: no crash, accepted views inside the input. */
#include "wire_fuzz_common.h"
#include "bundle.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	const u8 *end = data + size, *p = data;
	struct dt_bundle b;
	struct dt_data d;
	unsigned int i, flags;

	if (dt_bundle_parse(data, size, &b))
		return 0;
	if (b.ncerts < DT_BUNDLE_MIN_CERTS || b.ncerts > DT_BUNDLE_MAX_CERTS ||
	    !b.key || b.key < data || b.key + DT_BUNDLE_KEY_LEN != end)
		abort();
	/* the certs tile the input up to the key record's 2-byte header */
	for (i = 0; i < b.ncerts; i++) {
		if (b.cert[i].buf != p || b.cert[i].len > (size_t)(end - p))
			abort();
		flags = i == 0 ? DT_CERT_F_ANCHOR | DT_CERT_F_SCHEMA :
			i == 1 ? DT_CERT_F_SCHEMA : 0;
		if (dt_cert_parse(b.cert[i].buf, b.cert[i].len, flags, &d))
			abort();
		wf_touch(b.cert[i].buf, b.cert[i].len);
		p += b.cert[i].len;
	}
	if (p + 2 != b.key || p[0] != DT_TLV_SIGVALUE ||
	    p[1] != DT_BUNDLE_KEY_LEN)
		abort();
	/* the key's public half is the identity cert's key */
	if (d.content_len != DT_ED25519_PK_LEN ||
	    memcmp(b.key + DT_ED25519_SEED_LEN, dt_data_content(&d),
		   DT_ED25519_PK_LEN))
		abort();
	wf_touch(b.key, DT_BUNDLE_KEY_LEN);
	return 0;
}
