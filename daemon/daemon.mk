# SPDX-License-Identifier: GPL-2.0
# deftd, the DeftT daemon, and its unit tests; included by the top Makefile.

DEFTD_SRCS := $(filter-out %_test.c,$(wildcard daemon/*.c))
DEFTD_HDRS := $(wildcard daemon/*.h)
DEFTD_NL := $(shell pkg-config --cflags --libs libnl-genl-3.0 2>/dev/null)

.PHONY: deftd deftd-clean

deftd: $(B)/daemon/deftd

# Built with the tools (make, make tools).
tools: $(B)/daemon/deftd

$(B)/daemon/deftd: $(DEFTD_SRCS) $(DEFTD_HDRS) $(B)/user/libdeftt.a
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) $(OPT) -Idaemon -o $@ $(DEFTD_SRCS) \
		$(B)/user/libdeftt.a $(LIBS) $(DEFTD_NL)

# ---- unit tests: daemon/<name>_test.c with the daemon files it needs ----
DEFTD_UNIT_CFLAGS = $(UCFLAGS) $(SAN) -isystem $(KSFT) -Idaemon \
		    -Iselftests/unit/lib
DEFTD_UNIT := $(B)/unit/deftd_config_test $(B)/unit/deftd_trust_test \
	      $(B)/unit/deftd_keylist_test $(B)/unit/deftd_kmelect_test \
	      $(B)/unit/deftd_keydist_test

$(B)/unit/deftd_config_test: daemon/config_test.c daemon/config.c daemon/log.c \
		$(DEFTD_HDRS) | $(DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(DEFTD_UNIT_CFLAGS) -o $@ $< daemon/config.c daemon/log.c

$(B)/unit/deftd_trust_test: daemon/trust_test.c daemon/trust.c daemon/store.c \
		daemon/pending.c daemon/log.c $(DEFTD_HDRS) $(UNIT_LIB) \
		$(UNIT_HDRS) $(B)/asan/libdeftt.a
	@mkdir -p $(dir $@)
	$(CC) $(DEFTD_UNIT_CFLAGS) -o $@ $< daemon/trust.c daemon/store.c \
		daemon/pending.c daemon/log.c $(UNIT_LIB) $(B)/asan/libdeftt.a \
		$(LIBS)

$(B)/unit/deftd_keylist_test: daemon/keylist_test.c daemon/keylist.c \
		$(DEFTD_HDRS) $(UNIT_LIB) $(UNIT_HDRS) $(B)/asan/libdeftt.a
	@mkdir -p $(dir $@)
	$(CC) $(DEFTD_UNIT_CFLAGS) -o $@ $< daemon/keylist.c $(UNIT_LIB) \
		$(B)/asan/libdeftt.a $(LIBS)

$(B)/unit/deftd_kmelect_test: daemon/kmelect_test.c daemon/kmelect.c \
		$(DEFTD_HDRS) | $(DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(DEFTD_UNIT_CFLAGS) -o $@ $< daemon/kmelect.c

KEYDIST_SRCS := daemon/keydist.c daemon/keylist.c daemon/kmelect.c daemon/log.c

$(B)/unit/deftd_keydist_test: daemon/keydist_test.c $(KEYDIST_SRCS) \
		$(DEFTD_HDRS) $(B)/asan/libdeftt.a
	@mkdir -p $(dir $@)
	$(CC) $(DEFTD_UNIT_CFLAGS) -o $@ $< $(KEYDIST_SRCS) \
		$(B)/asan/libdeftt.a $(LIBS)

UNIT_BINS += $(DEFTD_UNIT)
unit: $(DEFTD_UNIT)

clean: deftd-clean
deftd-clean:
	rm -rf $(B)/daemon
