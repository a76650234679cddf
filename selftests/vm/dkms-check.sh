#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# DKMS check: for each kernel version given, boot that kernel in the test VM
# and there dkms add, build, install, modprobe and remove deftt from a copy
# of the sources in /usr/src. One TAP line per kernel.
#
# Usage: selftests/vm/dkms-check.sh KVER...
# Environment: DKMS_TIMEOUT (seconds per kernel, default 3600),
# DEFTT_VM_9PCACHE (default loose: the sources are copied at the start, the
# compiler and headers do not change during the run).
set -euo pipefail
# All in one block, parsed before it runs: editing this file during a
# run cannot break the run.
{

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
top=$(cd "$here/../.." && pwd -P)

# ---- in the guest ------------------------------------------------------------
guest() {
	local kver=$1 ver src f
	cd "$top"
	ver=$(sed -n 's/^PACKAGE_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' dkms.conf)
	[ -n "$ver" ] || { echo "# no PACKAGE_VERSION in dkms.conf"; return 1; }
	src=/usr/src/deftt-$ver

	# A registration the host may have is not ours to test.
	rm -rf /var/lib/dkms/deftt "$src"
	mkdir -p "$src"
	cp Kbuild Makefile dkms.conf "$src/"
	# Sources only: objects built on the host are for another kernel.
	find kmod uapi -type f \( -name '*.[chS]' -o -name Kbuild \) |
		while read -r f; do
			mkdir -p "$src/$(dirname "$f")"
			cp "$f" "$src/$f"
		done

	step() {
		local what=$1 s e
		shift
		s=$(date +%s)
		if ! "$@" >"/tmp/dkms-$what.out" 2>&1; then
			echo "# $what failed: $*"
			sed 's/^/#   /' "/tmp/dkms-$what.out" | tail -n 40
			if [ "$what" = build ]; then
				echo "# make.log:"
				find /var/lib/dkms/deftt -name make.log \
					-exec tail -n 60 {} + | sed 's/^/#   /'
			fi
			return 1
		fi
		e=$(date +%s)
		echo "# $what: $((e - s)) s"
	}

	step add dkms add -m deftt -v "$ver" || return 1
	step build dkms build -m deftt -v "$ver" -k "$kver" || return 1
	step install dkms install -m deftt -v "$ver" -k "$kver" || return 1
	f=$(modinfo -k "$kver" -n deftt 2>/dev/null) || {
		echo "# modinfo cannot find the installed deftt"
		return 1
	}
	echo "# installed: $f"
	case $f in
	*/updates/dkms/*|*/kernel/net/*) ;;
	*) echo "# deftt.ko is not where dkms installs it"; return 1 ;;
	esac
	if ! modinfo -F vermagic "$f" | grep -q "^$kver "; then
		echo "# vermagic is not $kver: $(modinfo -F vermagic "$f")"
		return 1
	fi
	step modprobe modprobe deftt || return 1
	if [ ! -d /sys/module/deftt ]; then
		echo "# /sys/module/deftt is missing after modprobe"
		return 1
	fi
	step remove modprobe -r deftt || return 1
	if [ -d /sys/module/deftt ]; then
		echo "# /sys/module/deftt is still there after modprobe -r"
		return 1
	fi
	return 0
}

if [ "${1:-}" = --guest ]; then
	[ "$(uname -r)" = "${2:?}" ] || {
		echo "# running $(uname -r), not $2"
		exit 1
	}
	guest "$2"
	exit
fi

# ---- on the host -------------------------------------------------------------
[ $# -gt 0 ] || { sed -n 's/^# \{0,1\}//; 7p' "${BASH_SOURCE[0]}" >&2; exit 2; }
[ -f "$top/dkms.conf" ] || { echo "dkms-check: no dkms.conf at $top" >&2; exit 2; }
export DEFTT_VM_9PCACHE=${DEFTT_VM_9PCACHE-loose}

echo "TAP version 13"
echo "1..$#"
n=0
fail=0
for kver in "$@"; do
	n=$((n + 1))
	s=$(date +%s)
	rc=0
	"$here/run.sh" --kver "$kver" --timeout "${DKMS_TIMEOUT:-3600}" \
		--log "$top/build/vm/dkms-$kver.log" -- \
		bash "$here/dkms-check.sh" --guest "$kver" || rc=$?
	e=$(date +%s)
	echo "# dkms $kver: $((e - s)) s"
	if [ "$rc" = 0 ]; then
		echo "ok $n - dkms add/build/install/modprobe/remove on $kver"
	else
		echo "not ok $n - dkms add/build/install/modprobe/remove on $kver (status $rc, log build/vm/dkms-$kver.log)"
		fail=1
	fi
done
exit $fail
}
