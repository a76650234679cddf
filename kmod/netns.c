// SPDX-License-Identifier: GPL-2.0
/* Per-network-namespace state of deftt. */
#include <linux/deftt.h>
#include <net/netns/generic.h>

#include "deftt.h"

static unsigned int deftt_net_id __read_mostly;

struct deftt_net *deftt_net(const struct net *net)
{
	return net_generic(net, deftt_net_id);
}

static int __net_init deftt_net_init(struct net *net)
{
	struct deftt_net *dn = deftt_net(net);

	mutex_init(&dn->lock);
	dn->max_zones = DEFTT_MAX_ZONES_DEFAULT;
	INIT_LIST_HEAD(&dn->zones);
	atomic_set(&dn->sockets, 0);
	pr_debug("netns %u: state created\n", net->ns.inum);
	return 0;
}

static void __net_exit deftt_net_exit(struct net *net)
{
	struct deftt_net *dn = deftt_net(net);

	deftt_zones_flush(net);
	WARN_ON_ONCE(atomic_read(&dn->sockets));
	mutex_destroy(&dn->lock);
	pr_debug("netns %u: state destroyed\n", net->ns.inum);
}

static struct pernet_operations deftt_net_ops = {
	.init = deftt_net_init,
	.exit = deftt_net_exit,
	.id = &deftt_net_id,
	.size = sizeof(struct deftt_net),
};

int deftt_netns_init(void)
{
	return register_pernet_subsys(&deftt_net_ops);
}

void deftt_netns_exit(void)
{
	unregister_pernet_subsys(&deftt_net_ops);
}
