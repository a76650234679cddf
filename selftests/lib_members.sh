# SPDX-License-Identifier: GPL-2.0
# Shared helpers of the selftests whose members live in network namespaces on one bridge.
#
# The caller sets ns=(...) (one namespace name per member), H (the hub
# namespace), tmp (a scratch directory) and, to use deftd_bg, deftd and
# who=(...). Source after lib.sh.

loaded=

# members_need FILE...: skip without root, fail if a file is not built
members_need()
{
	local f

	[ "$(id -u)" = 0 ] || { echo "# needs root"; exit $ksft_skip; }
	for f in "$@"; do
		[ -e "$f" ] || { echo "# $f not built"; exit 1; }
	done
}

members_cleanup()
{
	local n

	jobs -p | xargs -r kill 2>/dev/null
	wait 2>/dev/null
	for n in "${ns[@]}" "$H"; do
		ip netns del "$n" 2>/dev/null
	done
	[ -n "$loaded" ] && rmmod deftt 2>/dev/null
	rm -rf "$tmp"
}

# members_load KO: the crypto the module needs, and the module unless
# it is there already (then it is left loaded at the end)
members_load()
{
	modprobe -q -a blake2b_generic libchacha20poly1305 libcurve25519 \
		udp_tunnel
	if [ ! -d /sys/module/deftt ]; then
		insmod "$1" || exit 1
		loaded=1
	fi
}

at() { local i=$1; shift; ip netns exec "${ns[$i]}" "$@"; }

# wait_for SECS CMD...: poll CMD until it succeeds, for SECS s at most
wait_for()
{
	local end=$((SECONDS + $1))

	shift
	while [ "$SECONDS" -lt "$end" ]; do
		"$@" && return 0
		sleep 0.2
	done
	"$@"
}

# A hub namespace holds the bridge; each member hangs off it by a veth m0.
topo()
{
	local i

	ip netns add "$H" || return 1
	ip -n "$H" link add br0 type bridge || return 1
	ip -n "$H" link set br0 up
	for i in "${!ns[@]}"; do
		ip netns add "${ns[$i]}" || return 1
		at "$i" sysctl -qw net.ipv6.conf.default.accept_dad=0 \
			net.ipv6.conf.all.accept_dad=0
		ip -n "${ns[$i]}" link set lo up
		ip link add m0 netns "${ns[$i]}" type veth peer name p$i \
			netns "$H" || return 1
		ip -n "$H" link set p$i master br0 up
		ip -n "${ns[$i]}" link set m0 up
	done
}

# stamp FILE: lines of stdin appended to FILE, each after the time
stamp()
{
	local l

	while IFS= read -r l; do
		printf '%(%T)T %s\n' -1 "$l"
	done >> "$1"
}

# deftd_bg I BUNDLE [ARGS...]: member I's deftd in the background, its
# log appended to deftd.I.log; ip netns exec execs it, so dpid[I] is
# deftd's pid
deftd_bg()
{
	local i=$1 b=$2

	shift 2
	echo "---- start $*" >> "$tmp/deftd.$i.log"
	ip netns exec "${ns[$i]}" "$deftd" -i m0 -b "$b" -v "$@" \
		> >(stamp "$tmp/deftd.$i.log") 2>&1 &
	dpid[$i]=$!
}

# finish_with_logs N: finish, with the last N lines of the first three
# members' deftd logs when a check failed (all with DEFTT_VERBOSE set)
finish_with_logs()
{
	local i n=$1

	[ -n "${DEFTT_VERBOSE:-}" ] && n=1000
	if [ "$n_fail" != 0 ] || [ -n "${DEFTT_VERBOSE:-}" ]; then
		for i in 0 1 2; do
			echo "# ---- deftd ${who[$i]}"
			sed 's/^/# /' "$tmp/deftd.$i.log" | tail -n "$n"
		done
	fi
	finish
}
