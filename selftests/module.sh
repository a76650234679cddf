#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Module lifecycle in the VM: load/unload, autoload on socket(), unload with sockets open.
set -u
cd "$(dirname "$0")/.."
. selftests/lib.sh

ko=$PWD/deftt.ko
bin=$PWD/build/selftests
kver=$(uname -r)

[ "$(id -u)" = 0 ] || { echo "# needs root"; exit $ksft_skip; }
[ -f "$ko" ] || { echo "# $ko not built"; exit 1; }

modprobe -q blake2b_generic
modprobe -q libchacha20poly1305
modprobe -q libcurve25519
modprobe -q udp_tunnel

load_unload_50()
{
	for i in $(seq 50); do
		insmod "$ko" || return 1
		[ -d /sys/module/deftt ] || return 1
		rmmod deftt || return 1
	done
	! [ -d /sys/module/deftt ]
}
check "insmod/rmmod x50" load_unload_50

# A full depmod over the ~4000 modules of the 9p root takes minutes under
# TCG, so the guest's /lib/modules/$kver is replaced by a tmpfs tree holding
# deftt.ko and the modules the selftests use with their dependencies; the
# guest's own depmod then indexes that tree for real.
prepare_modtree()
{
	local root=/tmp/dt-modroot dir m

	dir=$root/lib/modules/$kver
	rm -rf "$root"
	mkdir -p "$dir/extra"
	for m in libchacha20poly1305 libcurve25519 curve25519-x86_64 udp_tunnel \
		 blake2b_generic veth bridge sch_netem; do
		modprobe --show-depends "$m" 2>/dev/null |
			sed -n 's/^insmod \([^ ]*\).*/\1/p'
	done | sort -u | while read -r f; do
		mkdir -p "$dir/$(dirname "${f#/lib/modules/$kver/}")"
		cp "$f" "$dir/${f#/lib/modules/$kver/}"
	done
	cp /lib/modules/"$kver"/modules.builtin* "$dir/" 2>/dev/null
	cp /lib/modules/"$kver"/modules.order "$dir/" 2>/dev/null
	cp "$ko" "$dir/extra/deftt.ko"
	depmod -b "$root" -a "$kver" || return 1
	mount --bind "$dir" "/lib/modules/$kver"
}

autoload()
{
	prepare_modtree || return 1
	! [ -d /sys/module/deftt ] || return 1
	echo | "$bin/sock_hold" 1 >/dev/null || return 1
	[ -d /sys/module/deftt ]
}
check "socket(AF_DEFTT) autoloads the module after depmod" autoload

genl_autoload()
{
	rmmod deftt || return 1
	# A generic netlink lookup of "deftt" alone must load it too.
	"$bin/genl_info" >/dev/null || return 1
	[ -d /sys/module/deftt ]
}
check "netlink family lookup autoloads the module" genl_autoload

unload_busy()
{
	local out rc

	coproc HOLD { "$bin/sock_hold" 3; }
	read -r out <&"${HOLD[0]}"
	[ "$out" = "open 3" ] || return 1
	rmmod deftt 2>/dev/null
	rc=$?
	[ -d /sys/module/deftt ] || return 1
	[ $rc != 0 ] || return 1
	exec {HOLD[1]}>&-
	wait "$HOLD_PID"
	rmmod deftt && ! [ -d /sys/module/deftt ]
}
check "rmmod with sockets open is refused, succeeds after close" unload_busy

netns_lifecycle()
{
	modprobe deftt || return 1
	for i in $(seq 10); do
		ip netns add "dt$$-$i" || return 1
		ip netns exec "dt$$-$i" sh -c "echo | $bin/sock_hold 2 >/dev/null" || return 1
	done
	for i in $(seq 10); do
		ip netns del "dt$$-$i" || return 1
	done
	rmmod deftt
}
check "ten netns with sockets come and go, then unload" netns_lifecycle

modprobe deftt
# The harness prints its own TAP lines; a crash with none still fails.
"$bin/af_deftt_test" || n_fail=$((n_fail + 1))
mountpoint -q /sys/kernel/debug || mount -t debugfs debugfs /sys/kernel/debug
"$bin/crypto_oracle_test" || n_fail=$((n_fail + 1))
rmmod deftt
finish
