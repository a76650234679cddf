#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The data path in the VM: three iot1 members on a bridge publish, validate and receive signed Publications.
set -u
cd "$(dirname "$0")/.."
. selftests/lib.sh

ko=$PWD/deftt.ko
adm=$PWD/build/tools/deftadm
mem=$PWD/build/selftests/dt_member
vec=${DEFTT_VECTORS:-$PWD/../shared/vectors}/dct
ids=$vec/ids
tmp=$(mktemp -d)
H="dtd-h-$$"
ns=(dtd-a-$$ dtd-b-$$ dtd-c-$$)
who=(alice frontdoor backdoor)

[ "$(id -u)" = 0 ] || { echo "# needs root"; exit $ksft_skip; }
for f in "$ko" "$adm" "$mem"; do
	[ -e "$f" ] || { echo "# $f not built"; exit 1; }
done

cleanup()
{
	local n

	jobs -p | xargs -r kill 2>/dev/null
	wait 2>/dev/null
	for n in "${ns[@]}" "$H"; do
		ip netns del "$n" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT

modprobe -q -a blake2b_generic libchacha20poly1305 libcurve25519 udp_tunnel
[ -d /sys/module/deftt ] || insmod "$ko" || exit 1

at() { local i=$1; shift; ip netns exec "${ns[$i]}" "$@"; }

# A hub namespace holds the bridge; each member hangs off it by a veth.
topo()
{
	local i

	ip netns add "$H" || return 1
	ip -n "$H" link add br0 type bridge || return 1
	ip -n "$H" link set br0 up
	for i in 0 1 2; do
		ip netns add "${ns[$i]}" || return 1
		at "$i" sysctl -qw net.ipv6.conf.default.accept_dad=0
		at "$i" sysctl -qw net.ipv6.conf.all.accept_dad=0
		ip -n "${ns[$i]}" link set lo up
		ip link add m0 netns "${ns[$i]}" type veth peer name p$i \
			netns "$H" || return 1
		ip -n "$H" link set p$i master br0 up
		ip -n "${ns[$i]}" link set m0 up
	done
}
check "three namespaces on a bridge" topo

# Each member: a zone from its bundle and a fresh signing key; then each
# installs the other two members' signers.
members_up()
{
	local i j z

	for i in 0 1 2; do
		z=$(at "$i" "$mem" up m0 "$ids/iot1/${who[$i]}.bundle" \
			"$tmp/${who[$i]}.chain") || return 1
		[ "$z" = 1 ] || return 1
	done
	for i in 0 1 2; do
		for j in 0 1 2; do
			[ "$i" = "$j" ] && continue
			at "$i" "$mem" signer 1 "$tmp/${who[$j]}.chain" || return 1
		done
	done
	true
}
check "three members up, each with the others' signers" members_up

# sub I COUNT TIMEOUT_MS: background subscriber writing $tmp/sub.I
sub_start()
{
	local i=$1

	rm -f "$tmp/sub.$i"
	at "$i" "$mem" sub 1 "$2" "$3" > "$tmp/sub.$i" 2>&1 &
	for _ in $(seq 50); do
		grep -q subscribed "$tmp/sub.$i" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

cmd_params=(target=lock topic=command trgtLoc=frontdoor topicArgs=unlock
	    msgID=1 sCnt=1)

one_to_two()
{
	sub_start 1 1 10000 && sub_start 2 1 10000 || return 1
	at 0 "$mem" pub 1 "open up" "${cmd_params[@]}" > "$tmp/pub.0" || return 1
	wait || return 1
	grep -q "name=/iot1/lock/command/frontdoor/unlock/" "$tmp/sub.1" &&
	grep -q "signer=/iot1/operator/alice/sgn" "$tmp/sub.1" &&
	grep -q "content=open up" "$tmp/sub.1" &&
	grep -q "content=open up" "$tmp/sub.2"
}
check "a command from alice reaches frontdoor and backdoor, signer named" one_to_two

for i in 0 1 2; do
	echo "# ${who[$i]}: $(at "$i" "$adm" -j zone show 1 | jq -c '.[0] | {stats, drops, sync}')"
done
cat "$tmp"/sub.* "$tmp"/pub.* 2>/dev/null | sed 's/^/# /'
finish
