// SPDX-License-Identifier: GPL-2.0
/* Selftests of the module skeleton: socket family, netlink family, netns, privileges. */
#include <sched.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <fcntl.h>

#include "kselftest_harness.h"
#include "genl_client.h"

static int get_netns(struct genl_client *gc, uint32_t *max_zones,
		     uint32_t *sockets)
{
	int ret = gc_run(gc, gc_cmd(gc, DEFTT_CMD_GET_NETNS));

	if (ret)
		return ret;
	if (!gc->tb[DEFTT_A_NETNS_MAX_ZONES] || !gc->tb[DEFTT_A_NETNS_SOCKETS])
		return -EPROTO;
	*max_zones = mnl_attr_get_u32(gc->tb[DEFTT_A_NETNS_MAX_ZONES]);
	*sockets = mnl_attr_get_u32(gc->tb[DEFTT_A_NETNS_SOCKETS]);
	return 0;
}

static int set_max_zones(struct genl_client *gc, uint32_t v)
{
	struct nlmsghdr *nlh = gc_cmd(gc, DEFTT_CMD_SET_NETNS);

	mnl_attr_put_u32(nlh, DEFTT_A_NETNS_MAX_ZONES, v);
	return gc_run(gc, nlh);
}

/* Run fn in a child; the test passes when the child exits 0. */
static int in_child(int (*fn)(void *), void *arg)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0)
		_exit(fn(arg));
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

FIXTURE(genl) {
	struct genl_client gc;
};

FIXTURE_SETUP(genl)
{
	ASSERT_EQ(0, gc_open(&self->gc));
}

FIXTURE_TEARDOWN(genl)
{
	gc_close(&self->gc);
}

TEST_F(genl, info_reports_version_family_features)
{
	struct genl_client *gc = &self->gc;
	uint64_t f;

	ASSERT_EQ(0, gc_run(gc, gc_cmd(gc, DEFTT_CMD_GET_INFO)));
	ASSERT_NE(NULL, gc->tb[DEFTT_A_INFO_VERSION]);
	ASSERT_NE(NULL, gc->tb[DEFTT_A_INFO_GENL_VERSION]);
	ASSERT_NE(NULL, gc->tb[DEFTT_A_INFO_FAMILY]);
	ASSERT_NE(NULL, gc->tb[DEFTT_A_INFO_FEATURES]);
	EXPECT_GT(strlen(mnl_attr_get_str(gc->tb[DEFTT_A_INFO_VERSION])), 0);
	EXPECT_EQ(DEFTT_GENL_VERSION,
		  mnl_attr_get_u32(gc->tb[DEFTT_A_INFO_GENL_VERSION]));
	EXPECT_EQ(AF_DEFTT, mnl_attr_get_u32(gc->tb[DEFTT_A_INFO_FAMILY]));
	f = mnl_attr_get_u64(gc->tb[DEFTT_A_INFO_FEATURES]);
	EXPECT_TRUE(f & DEFTT_F_SOCKET);
	EXPECT_TRUE(f & DEFTT_F_NETNS);
	/* The known-answer tests of every primitive passed at load. */
	EXPECT_TRUE(f & DEFTT_F_CRYPTO_SELFTEST);
	EXPECT_EQ(0, f & ~__DEFTT_F_ALL);
}

TEST_F(genl, set_then_get_round_trips)
{
	uint32_t mz, socks;

	ASSERT_EQ(0, set_max_zones(&self->gc, 7));
	ASSERT_EQ(0, get_netns(&self->gc, &mz, &socks));
	EXPECT_EQ(7, mz);
	ASSERT_EQ(0, set_max_zones(&self->gc, DEFTT_MAX_ZONES_DEFAULT));
}

TEST_F(genl, out_of_range_value_is_einval_with_message)
{
	uint32_t mz, socks;

	EXPECT_EQ(-EINVAL, set_max_zones(&self->gc, 0));
	EXPECT_NE(0, self->gc.extack[0]);
	TH_LOG("extack: %s", self->gc.extack);
	EXPECT_EQ(-EINVAL, set_max_zones(&self->gc, DEFTT_MAX_ZONES_LIMIT + 1));
	EXPECT_NE(0, self->gc.extack[0]);
	ASSERT_EQ(0, get_netns(&self->gc, &mz, &socks));
	EXPECT_EQ(DEFTT_MAX_ZONES_DEFAULT, mz);
}

TEST_F(genl, missing_attribute_is_einval_with_message)
{
	struct genl_client *gc = &self->gc;

	EXPECT_EQ(-EINVAL, gc_run(gc, gc_cmd(gc, DEFTT_CMD_SET_NETNS)));
	EXPECT_NE(0, gc->extack[0]);
	TH_LOG("extack: %s", gc->extack);
}

TEST_F(genl, wrong_length_attribute_is_einval_with_message)
{
	struct genl_client *gc = &self->gc;
	struct nlmsghdr *nlh = gc_cmd(gc, DEFTT_CMD_SET_NETNS);

	mnl_attr_put_u16(nlh, DEFTT_A_NETNS_MAX_ZONES, 3);
	EXPECT_EQ(-EINVAL, gc_run(gc, nlh));
	EXPECT_NE(0, gc->extack[0]);
	TH_LOG("extack: %s", gc->extack);
}

TEST_F(genl, unknown_attribute_is_rejected)
{
	struct genl_client *gc = &self->gc;
	struct nlmsghdr *nlh = gc_cmd(gc, DEFTT_CMD_SET_NETNS);

	mnl_attr_put_u32(nlh, DEFTT_A_NETNS_MAX_ZONES, 3);
	mnl_attr_put_u32(nlh, DEFTT_A_MAX + 5, 1);
	EXPECT_EQ(-EINVAL, gc_run(gc, nlh));
	EXPECT_NE(0, gc->extack[0]);
}

static int unprivileged_set(void *arg)
{
	struct genl_client gc;
	uint32_t mz, socks;

	if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
		return 10;
	if (gc_open(&gc))
		return 11;
	/* Reading is for everyone, changing is not. */
	if (get_netns(&gc, &mz, &socks))
		return 12;
	if (set_max_zones(&gc, 3) != -EPERM)
		return 13;
	return 0;
}

TEST(unprivileged_set_is_eperm)
{
	EXPECT_EQ(0, in_child(unprivileged_set, NULL));
}

static int userns_owner_set(void *arg)
{
	struct genl_client gc;
	uint32_t mz, socks;

	if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
		return 10;
	if (unshare(CLONE_NEWUSER | CLONE_NEWNET))
		return 4;	/* unprivileged user namespaces are off */
	if (gc_open(&gc))
		return 11;
	/* Admin of its own namespace: allowed there. */
	if (set_max_zones(&gc, 5))
		return 12;
	if (get_netns(&gc, &mz, &socks) || mz != 5)
		return 13;
	return 0;
}

TEST(userns_owner_may_set_own_netns)
{
	int r = in_child(userns_owner_set, NULL);

	if (r == 4)
		SKIP(return, "unprivileged user namespaces are disabled");
	EXPECT_EQ(0, r);
}

TEST(socket_types_and_protocols)
{
	int fd = socket(AF_DEFTT, SOCK_DGRAM, 0);

	ASSERT_LE(0, fd);
	close(fd);
	EXPECT_EQ(-1, socket(AF_DEFTT, SOCK_STREAM, 0));
	EXPECT_EQ(ESOCKTNOSUPPORT, errno);
	EXPECT_EQ(-1, socket(AF_DEFTT, SOCK_DGRAM, 1));
	EXPECT_EQ(EPROTONOSUPPORT, errno);
}

TEST(bind_checks_address)
{
	struct sockaddr_deftt sa = { .sdt_family = AF_DEFTT };
	int fd = socket(AF_DEFTT, SOCK_DGRAM, 0);
	char c;

	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, bind(fd, (struct sockaddr *)&sa, sizeof(sa) - 1));
	EXPECT_EQ(EINVAL, errno);
	sa.__sdt_pad0 = 1;
	EXPECT_EQ(-1, bind(fd, (struct sockaddr *)&sa, sizeof(sa)));
	EXPECT_EQ(EINVAL, errno);
	sa.__sdt_pad0 = 0;
	sa.sdt_family = AF_INET;
	EXPECT_EQ(-1, bind(fd, (struct sockaddr *)&sa, sizeof(sa)));
	EXPECT_EQ(EAFNOSUPPORT, errno);
	sa.sdt_family = AF_DEFTT;
	/* Zone indexes start at 1: 0 never names a zone. */
	EXPECT_EQ(-1, bind(fd, (struct sockaddr *)&sa, sizeof(sa)));
	EXPECT_EQ(EADDRNOTAVAIL, errno);
	/* Nothing queued: a non-blocking read says so instead of blocking. */
	EXPECT_EQ(-1, recv(fd, &c, 1, MSG_DONTWAIT));
	EXPECT_EQ(EAGAIN, errno);
	close(fd);
}

/* Count sockets in a fresh netns while the parent's stay where they are. */
static int netns_sockets(void *arg)
{
	uint32_t parent_socks = *(uint32_t *)arg, mz, socks;
	struct genl_client gc;
	int fds[3];

	if (unshare(CLONE_NEWNET))
		return 10;
	if (gc_open(&gc))
		return 11;
	if (get_netns(&gc, &mz, &socks) || socks != 0 ||
	    mz != DEFTT_MAX_ZONES_DEFAULT)
		return 12;
	for (int i = 0; i < 3; i++) {
		fds[i] = socket(AF_DEFTT, SOCK_DGRAM, 0);
		if (fds[i] < 0)
			return 13;
	}
	if (get_netns(&gc, &mz, &socks) || socks != 3)
		return 14;
	if (set_max_zones(&gc, 9))
		return 15;
	(void)parent_socks;
	for (int i = 0; i < 3; i++)
		close(fds[i]);
	if (get_netns(&gc, &mz, &socks) || socks != 0 || mz != 9)
		return 16;
	return 0;
}

TEST(two_netns_have_separate_state)
{
	struct genl_client gc;
	uint32_t mz, socks, socks_after;
	int fd;

	ASSERT_EQ(0, gc_open(&gc));
	fd = socket(AF_DEFTT, SOCK_DGRAM, 0);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, get_netns(&gc, &mz, &socks));
	EXPECT_LE(1, socks);
	EXPECT_EQ(0, in_child(netns_sockets, &socks));
	ASSERT_EQ(0, get_netns(&gc, &mz, &socks_after));
	EXPECT_EQ(socks, socks_after);
	EXPECT_EQ(DEFTT_MAX_ZONES_DEFAULT, mz);
	close(fd);
	gc_close(&gc);
}

TEST_HARNESS_MAIN
