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

cmd_params=(target=lock topic=command trgtLoc=frontdoor topicArgs=unlock sCnt=1)

# stat I JQPATH: a number from member I's zone (0 if absent)
stat() { at "$1" "$adm" -j zone show 1 | jq -r "$2 // 0"; }
# sync I NAME: member I's msgs engine counter NAME
sync() { stat "$1" "[.[0].sync[] | select(.name == \"$2\") | .count][0]"; }
# drop I NAME: member I's zone drop counter NAME
drop() { stat "$1" "[.[0].drops[] | select(.name == \"$2\") | .count][0]"; }

one_to_two()
{
	sub_start 1 1 10000 && sub_start 2 1 10000 || return 1
	# frontdoor sees the cAdd on the wire too, for the replay check below
	at 1 "$mem" sniff m0 "$tmp/cadd" 10000 > /dev/null &
	sleep 0.2
	at 0 "$mem" pub 1 "open up" "${cmd_params[@]}" msgID=1 \
		> "$tmp/pub.0" || return 1
	wait || return 1
	grep -q "name=/iot1/lock/command/frontdoor/unlock/" "$tmp/sub.1" &&
	grep -q "signer=/iot1/operator/alice/sgn" "$tmp/sub.1" &&
	grep -q "content=open up" "$tmp/sub.1" &&
	grep -q "content=open up" "$tmp/sub.2" &&
	grep -q "errno=0" "$tmp/pub.0"
}
check "a command from alice reaches frontdoor and backdoor, signer named" one_to_two

status_reply()
{
	sub_start 0 1 10000 || return 1
	at 1 "$mem" pub 1 "unlocked" target=lock topic=status \
		topicArgs=unlocked msgID=1 sCnt=1 > /dev/null || return 1
	wait || return 1
	grep -q "name=/iot1/lock/status/frontdoor/unlocked/" "$tmp/sub.0" &&
	grep -q "signer=/iot1/device/frontdoor/sgn" "$tmp/sub.0"
}
check "frontdoor's status reply reaches alice" status_reply

# The schema lets only operators command: a device's attempt is refused
# before anything is signed.
device_cannot_command()
{
	! at 1 "$mem" pub 1 "x" "${cmd_params[@]}" msgID=2 2> "$tmp/err" &&
	grep -q "Invalid argument" "$tmp/err"
}
check "a device cannot build a command (schema refuses)" device_cannot_command

# A replayed cAdd brings nothing new: its Publication is a duplicate
# while alive and too old after.
replay()
{
	local dup0 exp0

	[ -s "$tmp/cadd" ] || return 1
	dup0=$(sync 2 pub_dup)
	at 0 "$PWD/build/selftests/udp_send" m0 ff02::1234 56362 "$tmp/cadd" ||
		return 1
	sleep 0.5
	ls -la "$tmp/cadd"; at 2 "$adm" -j zone show 1 | jq -c '.[0].sync'
	[ "$(sync 2 pub_dup)" -gt "$dup0" ] || [ "$(sync 2 pub_expired)" -gt 0 ]
}
check "a replayed cAdd is counted and not delivered again" replay

unknown_signer()
{
	local t0

	at 2 "$mem" unsigner 1 "$tmp/alice.chain" || return 1
	t0=$(( $(sync 2 pub_hold_timeout) + $(sync 2 pub_hold_full) ))
	sub_start 1 1 10000 && sub_start 2 1 3000 || return 1
	at 0 "$mem" pub 1 "lock it" "${cmd_params[@]}" msgID=3 >/dev/null ||
		return 1
	wait %2 2>/dev/null
	grep -q "content=lock it" "$tmp/sub.1" || return 1
	! grep -q "content=lock it" "$tmp/sub.2" || return 1
	sleep 1
	[ $(( $(sync 2 pub_hold_timeout) + $(sync 2 pub_hold_full) )) -gt "$t0" ]
}
check "a Publication of an unknown signer is held, then dropped and counted" unknown_signer
at 2 "$mem" signer 1 "$tmp/alice.chain"

# 30 % loss on every bridge port, both ways: every command still arrives.
lossy()
{
	local i n=10

	for i in 0 1 2; do
		ip netns exec "$H" tc qdisc add dev p$i root netem loss 30% ||
			return 1
	done
	sub_start 1 $n 30000 && sub_start 2 $n 30000 || return 1
	for i in $(seq $n); do
		at 0 "$mem" pub 1 "cmd $i" "${cmd_params[@]}" msgID=$((10 + i)) \
			> /dev/null &
		sleep 0.1
	done
	wait
	for i in 0 1 2; do
		ip netns exec "$H" tc qdisc del dev p$i root
	done
	grep -c "content=cmd" "$tmp/sub.1" "$tmp/sub.2"
	[ "$(grep -c "content=cmd" "$tmp/sub.1")" = $n ] &&
	[ "$(grep -c "content=cmd" "$tmp/sub.2")" = $n ]
}
check "with 30 % loss every Publication still arrives" lossy

# backdoor is cut off while alice publishes; when its port comes back it
# catches up from the others' cStates and cAdds.
late_joiner()
{
	sub_start 2 1 10000 || return 1
	ip -n "$H" link set p2 down
	at 0 "$mem" pub 1 "late" "${cmd_params[@]}" msgID=40 > /dev/null ||
		return 1
	ip -n "$H" link set p2 up
	wait
	grep -q "content=late" "$tmp/sub.2"
}
check "a member that comes in late catches up" late_joiner

for i in 0 1 2; do
	echo "# ${who[$i]}: $(at "$i" "$adm" -j zone show 1 | jq -c '.[0] | {stats, drops, sync}')"
done
cat "$tmp"/sub.* "$tmp"/pub.* 2>/dev/null | sed 's/^/# /'
finish
