/* SPDX-License-Identifier: GPL-2.0 */
/* deftd's state and what its files call of one another. */
#ifndef _DEFTD_H
#define _DEFTD_H

#include <stdbool.h>
#include <linux/deftt.h>

#include "wire.h"
#include "schema.h"
#include "cert_chain.h"
#include "cert_build.h"
#include "config.h"
#include "trust.h"

/* Exit status: 0 clean stop, 1 a failure, 2 a bad command line or config. */
#define DEFTD_EXIT_FAIL		1
#define DEFTD_EXIT_USAGE	2

/* What the command line says beyond the keys it shares with the file. */
struct deftd_opts {
	struct deftd_config cli;	/* keys given on the command line */
	char config_path[PATH_MAX];	/* "" when there is no file */
	int verbosity;			/* +1 per -v, -1 per -q */
	bool once_connected_exit;	/* tests: stop once connected */
	bool delete_zone_on_exit;
	unsigned int signing_lifetime_s; /* tests: 0 is DCT's 24 h 10 min */
};

/* The generic netlink "deftt" family (genl.c). */
struct nl_sock;
struct nlattr;

struct deftd_nl {
	struct nl_sock *sk;
	int family;
	char extack[256];		/* kernel's words on the last error */
};

/* Called per reply message with its attributes (tb[DEFTT_A_MAX + 1]). */
typedef int (*deftd_nl_cb)(struct nlattr **tb, void *arg);
/* A delivery confirmation: the cookie sent, and whether a peer has it. */
typedef void (*deftd_confirm_cb)(void *ctx, u64 cookie, bool ok);

/* A signer the zone held when we took it over (zone.c). */
struct deftd_inherited {
	u8 tp[DT_THUMBPRINT_LEN];
	s64 not_after;			/* s since 1970 */
};

/* The keymaker a key collection of a zone taken over followed (zone.c). */
struct deftd_km {
	u8 tp[DT_THUMBPRINT_LEN];
	u64 epoch;
	bool set;
};

/* A member's signing pair and its cert (signing.c). */
struct deftd_sp {
	struct dtc_keypair kp;
	u8 *cert;
	size_t len;
	u8 tp[DT_THUMBPRINT_LEN];
	s64 not_after;			/* s since 1970 */
};

/* What a publication with confirmation is for (certdist.c). */
enum deftd_confirm_kind {
	DEFTD_PUB_INITIAL,		/* 3.2: counts toward connected */
	DEFTD_PUB_ROTATION,		/* 2.7: switch keys once confirmed */
};

#define DEFTD_CONFIRM_MAX	64	/* publications awaiting confirmation */

struct deftd_confirm {
	u64 cookie;
	u8 tp[DT_THUMBPRINT_LEN];
	enum deftd_confirm_kind kind;
};

struct deftd_keys;

struct deftd {
	struct deftd_opts opts;
	struct deftd_config conf;	/* command line over the file */
	unsigned int ifindex;

	/* identity.c */
	struct dtc_identity id;
	struct dt_schema *schema;
	u8 zone_id[DT_ZONE_ID_LEN];

	/* zone.c */
	struct deftd_nl nl;
	u32 zone;
	bool zone_made;			/* by us, not found from before */
	int lock_fd;
	struct deftd_inherited *inh;	/* taken over: deleted once expired */
	unsigned int ninh;
	struct deftd_inherited took;	/* the earlier deftd's signing key */
	bool took_key;
	struct deftd_km took_km[2];	/* keys/pdus, keys/msgs */

	/* signing.c: cur is installed; next waits for its confirmation */
	struct deftd_sp cur, next;
	bool have_next;
	u64 rotate_at_us;		/* 0: none scheduled */
	u64 switch_at_us;		/* latest moment to install next */

	/* certdist.c */
	struct deftd_trust trust;
	int sock;
	u64 cookie;
	struct deftd_confirm wait[DEFTD_CONFIRM_MAX];
	unsigned int nwait;
	unsigned int initial_left;	/* initial certs not yet confirmed */
	bool have_peer;			/* a network cert was stored (3.4) */
	bool connected;
	u8 *rxbuf;

	/* keydist_sock.c: NULL when no validator encrypts */
	struct deftd_keys *keys;

	/* loop.c */
	int epfd, sigfd, timerfd;
	bool stop;
	int exit_code;
};

/* options.c */
int deftd_options(struct deftd_opts *o, int argc, char **argv);
int deftd_conf_load(struct deftd *dd, bool reload);

/* identity.c */
int deftd_identity_load(struct deftd *dd);
void deftd_identity_free(struct deftd *dd);
const struct dtc_link *deftd_id_cert(const struct deftd *dd);

/* genl.c */
int deftd_nl_open(struct deftd_nl *nl);
void deftd_nl_close(struct deftd_nl *nl);
int deftd_nl_fd(const struct deftd_nl *nl);
struct nl_msg *deftd_nl_msg(struct deftd_nl *nl, u8 cmd, bool dump,
			    size_t room);
int deftd_nl_talk(struct deftd_nl *nl, struct nl_msg *m, deftd_nl_cb cb,
		  void *arg);
void deftd_nl_drain(struct deftd_nl *nl);
/* "ZONE_NEW failed: <the kernel's message>: <strerror>", logged at level. */
void deftd_nl_report(const struct deftd_nl *nl, int level, u8 cmd, int err);

/* zone.c */
int deftd_zone_open(struct deftd *dd);
int deftd_zone_set_key(struct deftd *dd, const struct deftd_sp *sp);
int deftd_zone_set_connected(struct deftd *dd);
int deftd_zone_set_group_key(struct deftd *dd, u32 role, const u8 key[32],
			     u64 ct);
int deftd_zone_set_keymaker(struct deftd *dd, u32 coll,
			    const u8 tp[DT_THUMBPRINT_LEN], u64 epoch);
int deftd_zone_del(struct deftd *dd);
int deftd_signer_add(struct deftd *dd, const struct deftd_cert *const *chain,
		     unsigned int n);
int deftd_signer_del(struct deftd *dd, const u8 tp[DT_THUMBPRINT_LEN]);
unsigned int deftd_zone_purge_inherited(struct deftd *dd, u64 now_us);
void deftd_zone_free(struct deftd *dd);

/* runlock.c */
int deftd_run_lock(struct deftd *dd);
void deftd_run_unlock(struct deftd *dd);

/* signing.c */
int deftd_signing_start(struct deftd *dd);
void deftd_signing_publish_next(struct deftd *dd);
void deftd_signing_timer(struct deftd *dd, u64 now_us);
void deftd_signing_confirmed(struct deftd *dd, const u8 tp[DT_THUMBPRINT_LEN]);
void deftd_signing_free(struct deftd *dd);

/* certdist.c */
/* collsock.c */
int deftd_coll_open(struct deftd *dd, u32 coll, const char *name);
unsigned int deftd_confirms_read(int fd, deftd_confirm_cb cb, void *ctx);
struct msghdr;
ssize_t deftd_coll_recv(struct deftd *dd, int fd, struct msghdr *mh,
			const char *coll);

int deftd_dist_init(struct deftd *dd);
int deftd_dist_open(struct deftd *dd);
void deftd_dist_close(struct deftd *dd);
int deftd_dist_publish(struct deftd *dd, const u8 *buf, u32 len,
		       const u8 tp[DT_THUMBPRINT_LEN], int kind);
void deftd_dist_publish_initial(struct deftd *dd);
void deftd_dist_rx(struct deftd *dd);
void deftd_dist_errqueue(struct deftd *dd);

/* keydist_sock.c: the group key distributors (distributors.md 4) */
int deftd_keys_init(struct deftd *dd);
void deftd_keys_signing(struct deftd *dd, const struct deftd_sp *sp);
void deftd_keys_cert_connected(struct deftd *dd);
bool deftd_keys_connected(const struct deftd *dd);
u64 deftd_keys_next_timer(const struct deftd *dd);
void deftd_keys_timer(struct deftd *dd, u64 now_us);
void deftd_keys_event(struct deftd *dd, unsigned int coll, u32 events);
void deftd_keys_free(struct deftd *dd);

/* loop.c */
int deftd_loop_init(struct deftd *dd);
/* Watches a keys collection's socket (deftd_keys_event()). */
int deftd_loop_watch(struct deftd *dd, int fd, unsigned int coll);
int deftd_loop_run(struct deftd *dd);
void deftd_loop_free(struct deftd *dd);
void deftd_loop_rearm(struct deftd *dd);

/* notify.c */
__printf(1, 2)
void deftd_notify(const char *fmt, ...);

#endif
