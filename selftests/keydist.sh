#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# deftd's group key distributors in the VM: iot2 members get PDU and Publication keys, one keymaker, signing key rotation, kill -9 and restart of the keymaker.
set -u
cd "$(dirname "$0")/.."
. selftests/lib.sh
. selftests/lib_members.sh

#   ns a (alice, operator: no keymaker capability)
#   ns b (frontdoor, device: KM 1, KMP 1)      all three on br0 in ns h,
#   ns c (gate, device: KM 1, KMP 1)           one veth each, IPv6 LL
#
# iot2 (dct/ids/iot2 of the vectors, certs valid 2026-11-22..2027-11-22)
# seals cAdds with AEAD under a PDU key (keys/pdus) and Publications with
# AEADSGN under a Publication key (keys/msgs): nothing goes through until
# deftd's key distributors (distributors.md 4) have handed out the keys.
# Signing keys live L s (--signing-lifetime): each deftd rotates about
# 2L/3 s after its start, and every L/3 s after that (2.7).

ko=$PWD/deftt.ko
deftd=$PWD/build/daemon/deftd
adm=$PWD/build/tools/deftadm
mem=$PWD/build/selftests/dt_member
iot2=${DEFTT_VECTORS:-$PWD/../shared/vectors}/dct/ids/iot2
tmp=$(mktemp -d)
H="kd-h-$$"
ns=(kd-a-$$ kd-b-$$ kd-c-$$)
who=(alice frontdoor gate)
dpid=()
L=30

members_need "$ko" "$deftd" "$adm" "$mem"

trap members_cleanup EXIT

members_load "$ko"

zone_json() { at "$1" "$adm" -j zone show 1 2>/dev/null; }
has_key() { [ "$(zone_json "$1" | jq -r '.[0].has_key')" = true ]; }
is_connected() { [ "$(zone_json "$1" | jq -r '.[0].connected')" = true ]; }
# logged_since I N PATTERN: member I's deftd logged PATTERN after line N
logged_since() { tail -n +$(($2 + 1)) "$tmp/deftd.$1.log" | grep -q "$3"; }
nlines() { wc -l < "$tmp/deftd.$1.log"; }

# start_deftd I: member I's deftd with short signing keys (deftd_bg)
start_deftd()
{
	deftd_bg "$1" "$iot2/${who[$1]}.bundle" --signing-lifetime $L
}

check "three namespaces on a bridge" topo

# ---- members up; both key collections; everyone connected ---------------

members_up()
{
	local i

	for i in 0 1 2; do
		start_deftd "$i"
	done
	for i in 0 1 2; do
		wait_for 10 has_key "$i" || return 1
		zone_json "$i" | jq -e '.[0].collections | map(.name) |
			index("keys/pdus") != null and
			index("keys/msgs") != null' > /dev/null || return 1
	done
}
check "deftd makes each iot2 zone; it has keys/pdus and keys/msgs" members_up

all_connected()
{
	local i

	for i in 0 1 2; do
		grep -q "connected: certs and group keys" \
			"$tmp/deftd.$i.log" && is_connected "$i" || return 1
	done
}

connected()
{
	local i

	wait_for 60 all_connected || return 1
	# 2.5: keys/msgs only after keys/pdus
	for i in 0 1 2; do
		grep -n "keys/.*: connected" "$tmp/deftd.$i.log" | head -2 |
			tr '\n' ' ' | grep -q "keys/pdus.*keys/msgs" || return 1
	done
}
check "every member gets connected, keys/pdus then keys/msgs" connected

# keymaker COLL: the members that are COLL's keymaker now (index per line)
keymaker()
{
	local i

	for i in 0 1 2; do
		grep -E "$1: (keymaker, epoch|keymaker .* displaces us)" \
			"$tmp/deftd.$i.log" | tail -n 1 |
			grep -q "keymaker, epoch" && echo "$i"
	done
}

one_keymaker()
{
	local c k

	for c in keys/pdus keys/msgs; do
		k=$(keymaker $c)
		[ "$(echo "$k" | wc -w)" = 1 ] || return 1
		# alice has no KM/KMP capability
		[ "$k" != 0 ] || return 1
		echo "# $c keymaker: ${who[$k]}"
	done
	! grep -q "keymaker, epoch" "$tmp/deftd.0.log"
}
check "one keymaker per key collection, a device with the capability" one_keymaker

cmd_params=(target=lock topic=command trgtLoc=all topicArgs=unlock sCnt=0)

# sub_start I UNTIL: member I's subscriber (10 s), output in $tmp/sub.I
sub_start()
{
	rm -f "$tmp/sub.$1"
	at "$1" "$mem" sub 1 9 10000 "$2" > "$tmp/sub.$1" 2>&1 &
	subpid[$1]=$!
	wait_for 5 grep -q subscribed "$tmp/sub.$1"
}

# delivered CONTENT MSGID: alice's command reaches both devices
delivered()
{
	sub_start 1 "$1" && sub_start 2 "$1" || return 1
	at 0 "$mem" pub 1 "$1" "${cmd_params[@]}" msgID="$2" \
		> "$tmp/pub.out" 2>&1 ||
		{ sed 's/^/# /' "$tmp/pub.out"; return 1; }
	wait "${subpid[1]}" && wait "${subpid[2]}" || return 1
	grep -q "content=$1" "$tmp/sub.1" && grep -q "content=$1" "$tmp/sub.2"
}
check "alice's Publication (AEADSGN in AEAD cAdds) reaches both devices" \
	delivered "sealed for two" 1

# ---- signing key rotation (2.7) -------------------------------------------
#
# A member that switched keys asks again and opens what is sealed to its
# new key; a keymaker that switched moves to the next epoch with a new
# key, which the members follow.

# rotated I: member I switched keys, and holds a key since its switch
rotated()
{
	local n c

	n=$(grep -n "switched to signing key" "$tmp/deftd.$1.log" | head -1 |
	    cut -d: -f1)
	[ -n "$n" ] || return 1
	for c in keys/pdus keys/msgs; do
		logged_since "$1" "$n" \
			"$c: \(group key of keymaker\|new group key\)" ||
			return 1
	done
}

all_rotated()
{
	local i c

	for i in 0 1 2; do
		rotated "$i" || return 1
	done
	for c in keys/pdus keys/msgs; do
		[ "$(keymaker $c | wc -w)" = 1 ] || return 1
	done
	grep -q "keys/pdus: new group key (epoch 2)" \
		"$tmp/deftd.$(keymaker keys/pdus).log"
}
check "every member rotates its signing key and gets the group keys again" \
	wait_for $((2 * L)) all_rotated

check "alice's Publication reaches both devices across the rotations" \
	delivered "rotated" 3

# ---- kill -9 of the PDU keymaker, restart -------------------------------

km=
km_msgs=
mark=()

restart_keymaker()
{
	local i

	km=$(keymaker keys/pdus)
	km_msgs=$(keymaker keys/msgs)
	[ -n "$km" ] || return 1
	for i in 0 1 2; do
		mark[$i]=$(nlines "$i")
	done
	kill -KILL "${dpid[$km]}"
	{ wait "${dpid[$km]}"; } 2>/dev/null
	[ $? = 137 ] || return 1
	start_deftd "$km"
	wait_for 15 logged_since "$km" "${mark[$km]}" \
		"was left by an earlier deftd: taking it over" &&
	wait_for 60 logged_since "$km" "${mark[$km]}" \
		"connected: certs and group keys"
}
check "the PDU keymaker's deftd, killed and restarted, is connected again" restart_keymaker

# key_since I COLL: member I made or got a COLL key since the kill
key_since()
{
	logged_since "$1" "${mark[$1]}" \
		"$2: \(group key of keymaker\|new group key\)"
}

# The restarted keymaker goes on with a new key that everyone gets; it
# gets the Publication key too, or makes it if it made it before.
new_keys()
{
	local i

	[ "$(keymaker keys/pdus | wc -w)" = 1 ] &&
	[ "$(keymaker keys/msgs | wc -w)" = 1 ] || return 1
	for i in 0 1 2; do
		key_since "$i" keys/pdus || return 1
		if [ "$km_msgs" = "$km" ]; then
			key_since "$i" keys/msgs || return 1
		fi
	done
	key_since "$km" keys/msgs
}
check "after the restart every member holds a new key; one keymaker each" \
	wait_for 30 new_keys

check "alice's Publication reaches both devices after the restart" \
	delivered "sealed again" 4

finish_with_logs 80
