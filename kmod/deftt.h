/* SPDX-License-Identifier: GPL-2.0 */
/* What the files of deftt.ko call in each other. */
#ifndef _DEFTT_DEFTT_H
#define _DEFTT_DEFTT_H

#include <linux/mutex.h>
#include <linux/atomic.h>
#include <net/net_namespace.h>

/*
 * Per network namespace state.
 *
 * Locking: @lock guards the settings (@max_zones); @sockets is atomic and
 * only counts. The namespace cannot go away under an open socket, as every
 * user socket holds a reference to its namespace.
 */
struct deftt_net {
	struct mutex lock;	/* guards max_zones */
	u32 max_zones;
	atomic_t sockets;
};

struct deftt_net *deftt_net(const struct net *net);
int deftt_netns_init(void);
void deftt_netns_exit(void);

int deftt_socket_init(void);
void deftt_socket_exit(void);

int deftt_genl_init(void);
void deftt_genl_exit(void);

void deftt_debugfs_init(void);
void deftt_debugfs_exit(void);
struct dentry;
void deftt_crypto_oracle_init(struct dentry *dir);

int deftt_platform_init(void);
void deftt_platform_exit(void);

/* DEFTT_F_* bits this build and this boot offer. */
u64 deftt_features(void);

#endif /* _DEFTT_DEFTT_H */
