// SPDX-License-Identifier: GPL-2.0
/* deftt.ko: module init and exit, and nothing else. */
#include <linux/deftt.h>
#include <linux/module.h>
#include <linux/net.h>
#include <net/genetlink.h>

#include "deftt.h"
#include "selftest/crypto_kat.h"

static bool deftt_selftest_passed;

/* Receive work and zone teardown of every zone. */
struct workqueue_struct *deftt_wq;

u64 deftt_features(void)
{
	u64 f = DEFTT_F_SOCKET | DEFTT_F_NETNS;

	if (deftt_selftest_passed)
		f |= DEFTT_F_CRYPTO_SELFTEST;
	return f;
}

static int __init deftt_init(void)
{
	int err;

	err = deftt_platform_init();
	if (err)
		return err;

	/* Refuse to run on a crypto backend that gives wrong answers. */
	err = deftt_crypto_selftest();
	if (err)
		goto err_platform;
	deftt_selftest_passed = true;

	deftt_wq = alloc_workqueue("deftt", WQ_UNBOUND | WQ_MEM_RECLAIM, 0);
	if (!deftt_wq) {
		err = -ENOMEM;
		goto err_platform;
	}

	deftt_face_init();
	err = deftt_netns_init();
	if (err)
		goto err_wq;

	err = deftt_zone_notifier_init();
	if (err)
		goto err_netns;

	err = deftt_socket_init();
	if (err)
		goto err_notifier;

	/* Last: once the family is visible, commands may arrive at once. */
	err = deftt_genl_init();
	if (err)
		goto err_socket;

	deftt_debugfs_init();
	pr_info("DeftT %s loaded, address family %d\n", DEFTT_VERSION, AF_DEFTT);
	return 0;

err_socket:
	deftt_socket_exit();
err_notifier:
	deftt_zone_notifier_exit();
err_netns:
	deftt_netns_exit();
err_wq:
	destroy_workqueue(deftt_wq);
	deftt_face_exit();
err_platform:
	deftt_platform_exit();
	return err;
}

static void __exit deftt_exit(void)
{
	deftt_debugfs_exit();
	deftt_genl_exit();
	deftt_socket_exit();
	deftt_zone_notifier_exit();
	deftt_netns_exit();
	destroy_workqueue(deftt_wq);
	deftt_face_exit();
	deftt_platform_exit();
	pr_debug("unloaded\n");
}

module_init(deftt_init);
module_exit(deftt_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("DeftT: Defined-trust Transport");
MODULE_AUTHOR("The deftt authors");
MODULE_VERSION(DEFTT_VERSION);
MODULE_ALIAS_NETPROTO(PF_DEFTT);
MODULE_ALIAS_GENL_FAMILY(DEFTT_GENL_NAME);
MODULE_SOFTDEP("pre: blake2b_generic");
