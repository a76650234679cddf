// SPDX-License-Identifier: GPL-2.0
/* Print the deftt family's GET_INFO reply; exit 1 if the family is absent. */
#include <inttypes.h>

#include "genl_client.h"

int main(void)
{
	struct genl_client gc;
	int ret = gc_open(&gc);

	if (!ret)
		ret = gc_run(&gc, gc_cmd(&gc, DEFTT_CMD_GET_INFO));
	if (ret) {
		fprintf(stderr, "deftt family: %s\n", strerror(-ret));
		return 1;
	}
	if (!gc.tb[DEFTT_A_INFO_VERSION] || !gc.tb[DEFTT_A_INFO_FEATURES])
		return 1;
	printf("version %s features 0x%" PRIx64 "\n",
	       mnl_attr_get_str(gc.tb[DEFTT_A_INFO_VERSION]),
	       mnl_attr_get_u64(gc.tb[DEFTT_A_INFO_FEATURES]));
	gc_close(&gc);
	return 0;
}
