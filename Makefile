# SPDX-License-Identifier: GPL-2.0
# Top-level build: deftt.ko, the userspace core library, tools, tests, benchmarks.

# The kernel the VM boots: the one the linux-image-amd64 metapackage points at.
# KVER= picks another installed one, KDIR= any prepared kernel tree.
KVER ?= $(shell dpkg-query -W -f='$${Depends}' linux-image-amd64 2>/dev/null | \
	  sed -n 's/.*linux-image-\([0-9][^ ,]*\).*/\1/p')
KDIR ?= /lib/modules/$(KVER)/build
# The newest installed 6.12 kernel, for the second DKMS target.
KVER2 ?= $(shell ls -1 /lib/modules 2>/dev/null | grep '^6\.12\.' | grep -v -- '-rt-' | sort -V | tail -n 1)

B := build
DEPS := $(B)/.deps-done
CC ?= cc
CLANG ?= clang-19
VERSION := $(shell git describe --always --dirty 2>/dev/null || echo unknown)

WARN := -Wall -Wextra -Wno-unused-parameter -Wno-sign-compare
ifeq ($(WERROR),1)
WARN += -Werror
endif
UCFLAGS := -std=gnu11 -g $(WARN) -isystem uapi -Ikmod/core -Itools/lib \
	   -D_GNU_SOURCE -DDEFTT_VECTORS='"$(abspath ../shared/vectors)"' \
	   -DDEFTT_TESTDATA_DIR='"$(abspath selftests/unit/data)"' -DDEFTT_VERSION='"$(VERSION)"'
OPT := -O2
SAN := -O1 -fsanitize=address,undefined -fno-omit-frame-pointer \
       -fno-sanitize-recover=all
LIBS := -lsodium -lpcap -lm

CORE_SRCS := $(wildcard kmod/core/*.c)
CORE_HDRS := $(wildcard kmod/core/*.h)
ULIB_SRCS := $(wildcard tools/lib/*.c)
ULIB_HDRS := $(wildcard tools/lib/*.h)
TOOLS := $(notdir $(patsubst %/,%,$(dir $(wildcard tools/*/main.c))))
UNIT_SRCS := $(wildcard selftests/unit/*_test.c)
UNIT_LIB := $(wildcard selftests/unit/lib/*.c)
UNIT_HDRS := $(wildcard selftests/unit/lib/*.h)
FUZZ_SRCS := $(wildcard selftests/fuzz/fuzz_*.c)
BENCH_SRCS := $(wildcard selftests/bench/bench_*.c)
VMTEST_SRCS := $(wildcard selftests/*_test.c) selftests/sock_hold.c selftests/genl_info.c \
	       selftests/udp_send.c selftests/sock_bind.c selftests/dt_member.c
KSFT := $(B)/linux-src/tools/testing/selftests

.PHONY: all deps module lib tools unit fuzz fuzz-long bench bench-vm style \
	sparse check vm-check dkms-check demo clean help soak

all: module lib tools

help:
	@echo 'make deps        install what the project needs (Debian 12)'
	@echo 'make             deftt.ko for $(KVER), the core library, tools'
	@echo 'make demo        a trust domain of three members running in the VM'
	@echo 'make check       every test lane; ends with "N passed, N failed"'
	@echo 'make unit        userspace core tests under ASan+UBSan'
	@echo 'make soak        syncps simulation over SOAK_SEEDS seeds (default 50000)'
	@echo 'make vm-check    selftests in a VM on the real module'
	@echo 'make fuzz        libFuzzer harnesses (FUZZ_SECONDS=, FUZZ_RUNS=)'
	@echo 'make bench       userspace benchmarks; make bench-vm in the VM'
	@echo 'make dkms-check  DKMS build+install+load for 6.1 and 6.12 in the VM'

$(DEPS): scripts/deps.sh
	bash scripts/deps.sh

deps:
	bash scripts/deps.sh

# ---- kernel module ------------------------------------------------------
module: | $(DEPS)
	$(MAKE) -C $(KDIR) M=$(CURDIR) DEFTT_VERSION=$(VERSION) modules

module-clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean

# ---- userspace core ---------------------------------------------------
lib: $(B)/user/libdeftt.a $(B)/asan/libdeftt.a

define corelib
$(B)/$(1)/%.o: %.c $(CORE_HDRS) $(ULIB_HDRS) $(wildcard uapi/linux/*.h) | $(DEPS)
	@mkdir -p $$(dir $$@)
	$(CC) $(UCFLAGS) $(2) -c -o $$@ $$<

$(B)/$(1)/libdeftt.a: $(patsubst %.c,$(B)/$(1)/%.o,$(CORE_SRCS) $(ULIB_SRCS))
	@rm -f $$@
	ar rcs $$@ $$^
endef
$(eval $(call corelib,user,$(OPT)))
$(eval $(call corelib,asan,$(SAN)))

# ---- tools: one program per tools/<name>/ directory with a main.c -----
tools: $(patsubst %,$(B)/tools/%,$(TOOLS))

$(B)/tools/%: $(B)/user/libdeftt.a FORCE
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) $(OPT) -o $@ $(wildcard tools/$*/*.c) $(B)/user/libdeftt.a $(LIBS) \
		$(shell pkg-config --cflags --libs libmnl libnl-genl-3.0 2>/dev/null)

FORCE:

# ---- deftt-schemac: the VerSec compiler (flex + bison) ---------------------
# Generated lexer/parser go to build/gen/schemac; the compiler's own sources
# (all of tools/deftt-schemac but main.c) also link into its unit test and
# fuzzer. These explicit rules take precedence over the generic tool,
# unit-test and fuzzer pattern rules above.
SCHEMAC_DIR := tools/deftt-schemac
SCHEMAC_GEN := $(B)/gen/schemac
SCHEMAC_SRCS := $(filter-out $(SCHEMAC_DIR)/main.c,$(wildcard $(SCHEMAC_DIR)/*.c)) \
		$(SCHEMAC_GEN)/parser.c $(SCHEMAC_GEN)/lexer.c
SCHEMAC_DEPS := $(SCHEMAC_SRCS) $(wildcard $(SCHEMAC_DIR)/*.h) $(SCHEMAC_GEN)/parser.h
SCHEMAC_CFLAGS := -I$(SCHEMAC_DIR) -I$(SCHEMAC_GEN) \
		  -DSCHEMAC_SUITE='"$(abspath selftests/schemac)"' \
		  -DSCHEMAC_EXAMPLES='"$(abspath tools/examples)"'

$(SCHEMAC_GEN)/%.c $(SCHEMAC_GEN)/%.h: $(SCHEMAC_DIR)/%.y | $(DEPS)
	@mkdir -p $(dir $@)
	bison -Wall -Werror -d -o $(SCHEMAC_GEN)/$*.c $<

$(SCHEMAC_GEN)/lexer.c: $(SCHEMAC_DIR)/lexer.l $(SCHEMAC_GEN)/parser.h
	flex -o $@ $<

$(B)/tools/deftt-schemac: $(SCHEMAC_DEPS) $(SCHEMAC_DIR)/main.c
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) $(OPT) $(SCHEMAC_CFLAGS) -o $@ $(SCHEMAC_SRCS) \
		$(SCHEMAC_DIR)/main.c

$(B)/unit/schemac_test: selftests/unit/schemac_test.c $(SCHEMAC_DEPS) $(UNIT_LIB) \
		$(UNIT_HDRS) $(B)/asan/libdeftt.a $(wildcard selftests/schemac/*)
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) $(SAN) $(SCHEMAC_CFLAGS) -isystem $(KSFT) -Iselftests/unit/lib \
		-o $@ $< $(SCHEMAC_SRCS) $(UNIT_LIB) $(B)/asan/libdeftt.a $(LIBS)

$(B)/fuzz/fuzz_schemac: selftests/fuzz/fuzz_schemac.c $(SCHEMAC_DEPS)
	@mkdir -p $(dir $@)
	$(CLANG) $(UCFLAGS) $(SCHEMAC_CFLAGS) -O1 -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -o $@ $< $(SCHEMAC_SRCS)

# The project's example schema (building automation), compiled with the tools.
tools: $(B)/examples/building.scm

$(B)/examples/%.scm: tools/examples/%.rules $(B)/tools/deftt-schemac
	@mkdir -p $(dir $@)
	$(B)/tools/deftt-schemac -o $@ $<

# Example applications over AF_DEFTT: they see only the uapi header and
# their helpers, as an application outside this tree would.
EXAMPLE_APPS := $(B)/examples/operator $(B)/examples/device
EXAMPLE_LIB := tools/examples/deftt_app.c
EXAMPLE_HDRS := $(wildcard tools/examples/*.h) uapi/linux/deftt.h
tools: $(EXAMPLE_APPS)

$(EXAMPLE_APPS): $(B)/examples/%: tools/examples/%.c $(EXAMPLE_LIB) $(EXAMPLE_HDRS)
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -g $(WARN) $(OPT) -isystem uapi -D_GNU_SOURCE -o $@ $< \
		$(EXAMPLE_LIB)

# ---- unit tests -----------------------------------------------------------
UNIT_BINS := $(patsubst selftests/unit/%.c,$(B)/unit/%,$(UNIT_SRCS))

$(B)/unit/%: selftests/unit/%.c $(UNIT_LIB) $(UNIT_HDRS) $(B)/asan/libdeftt.a
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) $(SAN) -isystem $(KSFT) -Iselftests/unit/lib -o $@ $< $(UNIT_LIB) \
		$(B)/asan/libdeftt.a $(LIBS)

# The example applications' helpers are linked into their test.
$(B)/unit/example_app_test: selftests/unit/example_app_test.c $(EXAMPLE_LIB) \
		$(EXAMPLE_HDRS) $(UNIT_LIB) $(UNIT_HDRS) $(B)/asan/libdeftt.a
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) $(SAN) -isystem $(KSFT) -Iselftests/unit/lib -Itools/examples \
		-o $@ $< $(EXAMPLE_LIB) $(UNIT_LIB) $(B)/asan/libdeftt.a $(LIBS)

# Tests that run the cert tools as programs need them built first.
$(B)/unit/certlib_tools_test: | $(B)/tools/deftt-cert $(B)/tools/deftt-bundle

# Scripts that print TAP, run beside the programs: deftadm's argument
# handling against golden text (no kernel needed).
UNIT_SCRIPTS := $(wildcard selftests/unit/*.sh)

unit: $(UNIT_BINS) $(B)/tools/deftadm
	@bash scripts/run-tap.sh $(UNIT_BINS) $(UNIT_SCRIPTS)

# The syncps simulation over many more seeds than the unit lane runs.
SOAK_SEEDS ?= 50000
soak: $(B)/unit/syncps_sim_test
	DEFTT_SIM_SEEDS=$(SOAK_SEEDS) DEFTT_SIM_BASE=$${DEFTT_SIM_BASE:-100001} $<

# ---- deftd: the daemon and its unit tests -----------------------------------
include daemon/daemon.mk

# ---- fuzzers ----------------------------------------------------------------
FUZZ_BINS := $(patsubst selftests/fuzz/%.c,$(B)/fuzz/%,$(FUZZ_SRCS))
FUZZ_SECONDS ?= 20

# The core and tools/lib are compiled once for every harness (coverage
# instrumentation without libFuzzer's main), then linked into each.
FUZZ_CFLAGS := -O1 -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_LIB := $(B)/fuzzlib/libdeftt.a

$(B)/fuzzlib/%.o: %.c $(CORE_HDRS) $(ULIB_HDRS) | $(DEPS)
	@mkdir -p $(dir $@)
	$(CLANG) $(UCFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_LIB): $(patsubst %.c,$(B)/fuzzlib/%.o,$(CORE_SRCS) $(ULIB_SRCS))
	@rm -f $@
	ar rcs $@ $^

$(B)/fuzz/%: selftests/fuzz/%.c $(FUZZ_LIB) $(CORE_HDRS) | $(DEPS)
	@mkdir -p $(dir $@)
	$(CLANG) $(UCFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< \
		$(FUZZ_LIB) $(LIBS)

fuzz: $(FUZZ_BINS)
	@bash scripts/fuzz.sh $(FUZZ_SECONDS) $(FUZZ_BINS)

# ---- benchmarks -------------------------------------------------------------
BENCH_BINS := $(patsubst selftests/bench/%.c,$(B)/bench/%,$(BENCH_SRCS))

$(B)/bench/%: selftests/bench/%.c $(B)/user/libdeftt.a
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) -O2 -march=x86-64-v2 -Iselftests/unit/lib -o $@ $< \
		$(UNIT_LIB) $(B)/user/libdeftt.a $(LIBS)

bench: $(BENCH_BINS)
	@for b in $(BENCH_BINS); do $$b || exit 1; done

bench-vm: module $(BENCH_BINS)
	bash selftests/vm/run.sh -- bash selftests/bench-vm.sh

# ---- VM selftests -----------------------------------------------------------
VMTEST_BINS := $(patsubst selftests/%.c,$(B)/selftests/%,$(VMTEST_SRCS))

$(B)/selftests/%: selftests/%.c $(wildcard uapi/linux/*.h) $(B)/user/libdeftt.a | $(DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) -O2 -isystem $(KSFT) -o $@ $< $(B)/user/libdeftt.a $(LIBS) \
		$(shell pkg-config --cflags --libs libmnl 2>/dev/null)

vm-check: module $(VMTEST_BINS) tools
	bash selftests/vm/run.sh --kver $(KVER) --timeout 1800 -- bash selftests/run-in-vm.sh

# ---- style gates ------------------------------------------------------------
STYLE_FILES = $(shell git ls-files 'kmod/*.[ch]' 'uapi/*.h' 2>/dev/null)

style: | $(DEPS)
	@perl $(B)/linux-src/scripts/checkpatch.pl --no-tree --strict --terse \
		--ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG,NEW_TYPEDEFS \
		-f $(STYLE_FILES) | grep -E 'ERROR|WARNING|CHECK' > $(B)/style.log; \
	n=$$(wc -l < $(B)/style.log); cat $(B)/style.log; \
	echo "checkpatch --strict: $$n remarks on $(words $(STYLE_FILES)) files"; \
	[ $$n = 0 ]

sparse: | $(DEPS)
	$(MAKE) -C $(KDIR) M=$(CURDIR) C=2 CF='-D__CHECK_ENDIAN__' \
		DEFTT_VERSION=$(VERSION) modules 2>&1 | tee $(B)/sparse.log
	@! grep -E 'warning:|error:' $(B)/sparse.log

# ---- DKMS in the VM for 6.1 and 6.12 ---------------------------------------
dkms-check: | $(DEPS)
	bash selftests/vm/dkms-check.sh $(KVER) $(KVER2)

# ---- the demo: a trust domain of three members in the VM -------------------
# operator alice commands the locks frontdoor and backdoor, each member in
# its own network namespace with its own deftd; ends "demo: OK — ...".
demo: module tools | $(DEPS)
	@DEFTT_DEMO_KVER=$(KVER) bash selftests/demo.sh

# ---- everything -------------------------------------------------------------
check: | $(DEPS)
	@bash scripts/check.sh

clean:
	rm -rf $(B)/user $(B)/asan $(B)/unit $(B)/fuzz $(B)/fuzzlib $(B)/bench $(B)/tools \
		$(B)/selftests $(B)/vm
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean >/dev/null 2>&1
