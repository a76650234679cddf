#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Zones in the VM: creation checks, the multicast face, receive counters by drop reason, teardown.
set -u
cd "$(dirname "$0")/.."
. selftests/lib.sh

ko=$PWD/deftt.ko
adm=$PWD/build/tools/deftadm
dump=$PWD/build/tools/deftt-dump
vec=${DEFTT_VECTORS:-$PWD/../shared/vectors}/dct
ids=$vec/ids
tmp=$(mktemp -d)
A="dtz-a-$$"
B="dtz-b-$$"

[ "$(id -u)" = 0 ] || { echo "# needs root"; exit $ksft_skip; }
for f in "$ko" "$adm" "$dump" build/selftests/udp_send build/selftests/sock_bind; do
	[ -e "$f" ] || { echo "# $f not built"; exit 1; }
done

cleanup()
{
	ip netns del "$A" 2>/dev/null
	ip netns del "$B" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

modprobe -q -a blake2b_generic libchacha20poly1305 libcurve25519 udp_tunnel
[ -d /sys/module/deftt ] || insmod "$ko" || exit 1

# Two namespaces joined by a veth pair, link-local addresses at once (no DAD).
topo()
{
	ip netns add "$A" && ip netns add "$B" || return 1
	for n in "$A" "$B"; do
		ip netns exec "$n" sysctl -qw net.ipv6.conf.default.accept_dad=0
		ip netns exec "$n" sysctl -qw net.ipv6.conf.all.accept_dad=0
		ip -n "$n" link set lo up
	done
	ip link add va netns "$A" type veth peer name vb netns "$B" || return 1
	ip -n "$A" link set va up && ip -n "$B" link set vb up
}
check "two namespaces on a veth pair" topo

inb() { ip netns exec "$B" "$@"; }
ina() { ip netns exec "$A" "$@"; }

# deftadm -j zone show INDEX | jq EXPR, in B
zq() { inb "$adm" -j zone show "${2:-1}" | jq -r "$1"; }

zone_add()
{
	local out

	out=$(inb "$adm" -j zone add dev vb anchor "$ids/iot1/iot1.root" \
		schema "$ids/iot1/iot1.schema") || return 1
	[ "$(echo "$out" | jq -r '.[0].index')" = 1 ] || return 1
	# The zone id is the first 8 bytes of the schema cert's SHA-256.
	[ "$(echo "$out" | jq -r '.[0].zone_id')" = \
	  "$(sha256sum "$ids/iot1/iot1.schema" | cut -c1-16)" ] || return 1
	[ "$(echo "$out" | jq -r '.[0].group')" = ff02::1234 ] || return 1
	[ "$(echo "$out" | jq -r '.[0].port')" = 56362 ]
}
check "zone add: index, zone id from the schema cert, DCT's group and port" zone_add

joined()
{
	inb ip -6 maddr show dev vb | grep -q 'ff02::1234' &&
		inb ss -uan | grep -q ':56362 '
}
check "the face joined ff02::1234 on the interface and listens on 56362" joined

# expect_eq WHAT GOT WANT
expect_eq()
{
	[ "$2" = "$3" ] && return 0
	echo "# $1: got '$2', want '$3'"
	return 1
}

# expect_fail SENTENCE CMD...: CMD fails and its one-line error says SENTENCE.
expect_fail()
{
	local want=$1 out

	shift
	if out=$("$@" 2>&1); then
		echo "# unexpectedly succeeded: $*"
		return 1
	fi
	echo "$out" | grep -qF -- "$want" || { echo "# got: $out"; return 1; }
	[ "$(echo "$out" | wc -l)" = 1 ]
}

refusals()
{
	local r=$ids/iot1/iot1.root s=$ids/iot1/iot1.schema

	expect_fail "a zone for this schema exists on this interface" \
		inb "$adm" zone add dev vb anchor "$r" schema "$s" || return 1
	expect_fail "schema cert is not signed by the trust anchor" \
		inb "$adm" zone add dev vb anchor "$r" schema "$ids/iot2/iot2.schema" || return 1
	expect_fail "trust anchor is not a valid certificate" \
		inb "$adm" zone add dev vb anchor "$s" schema "$s" || return 1
	expect_fail "does not start with a certificate" \
		inb "$adm" zone add dev vb anchor /etc/hostname schema "$s" || return 1
	expect_fail "schema cert is not a valid schema certificate" \
		inb "$adm" zone add dev vb anchor "$r" schema "$r" || return 1
	expect_fail "group must be an IPv6 multicast address" \
		inb "$adm" zone add dev vb anchor "$r" schema "$s" group fe80::1 || return 1
	expect_fail "there is no interface" \
		inb "$adm" zone add dev nosuch0 anchor "$r" schema "$s" || return 1
	expect_fail "interface must not be loopback" \
		inb "$adm" zone add dev lo anchor "$r" schema "$s" || return 1
	expect_fail "no zone with this index" inb "$adm" zone del 77 || return 1
	expect_fail "needs dev, anchor and schema" inb "$adm" zone add dev vb
}
check "bad zone requests are refused with a sentence naming the problem" refusals

# A corrupted signature on the schema cert (last byte flipped).
bad_signature()
{
	local f=$tmp/bad.schema

	cp "$ids/iot1/iot1.schema" "$f"
	printf '\x55' | dd of="$f" bs=1 seek=$(($(stat -c %s "$f") - 1)) \
		conv=notrunc status=none
	expect_fail "schema cert signature fails with the anchor key" \
		inb "$adm" zone add dev vb anchor "$ids/iot1/iot1.root" schema "$f"
}
check "a schema cert with a bad signature is refused" bad_signature

unprivileged()
{
	inb setpriv --reuid 65534 --regid 65534 --clear-groups \
		"$adm" zone show >/dev/null || return 1
	expect_fail "not permitted" inb setpriv --reuid 65534 --regid 65534 \
		--clear-groups "$adm" zone del 1 || return 1
	expect_fail "not permitted" inb setpriv --reuid 65534 --regid 65534 \
		--clear-groups "$adm" zone add dev vb anchor "$ids/iot2/iot2.root" \
		schema "$ids/iot2/iot2.schema"
}
check "an unprivileged user can list zones but not change them" unprivileged

binds()
{
	local b=$PWD/build/selftests/sock_bind nobody="setpriv --reuid 65534 --regid 65534 --clear-groups"

	expect_eq "root binds zone 1" "$(inb "$b" 1)" bound || return 1
	expect_eq "no zone 9" "$(inb "$b" 9)" EADDRNOTAVAIL || return 1
	expect_eq "no collection 5" "$(inb "$b" 1 5)" EADDRNOTAVAIL || return 1
	expect_eq "nobody on a root-only zone" "$(inb $nobody "$b" 1)" EACCES ||
		return 1
	# A zone owned by uid 65534 is open to it; one owned by group 65534
	# to that group's members.
	inb "$adm" zone add dev vb anchor "$ids/iot2/iot2.root" \
		schema "$ids/iot2/iot2.schema" owner 65534:0 >/dev/null || return 1
	inb "$adm" zone add dev vb anchor "$ids/office/office.root" \
		schema "$ids/office/office.schema" owner 0:65534 >/dev/null || return 1
	expect_eq "owner uid" "$(inb $nobody "$b" 2)" bound || return 1
	expect_eq "owner gid" "$(inb $nobody "$b" 3)" bound || return 1
	expect_eq "other uid" \
		"$(inb setpriv --reuid 65533 --regid 65533 --clear-groups "$b" 2)" \
		EACCES || return 1
	inb "$adm" zone del 2 && inb "$adm" zone del 3
}
check "sockets bind to a zone only as its owner, group or admin" binds

# The PDUs of DCT's iot1 and iot2 captures, one file per datagram.
mkdir -p "$tmp/iot1" "$tmp/iot2"
"$dump" -q -x "$tmp/iot1" "$vec/capture/iot1/iot1.pcap" >/dev/null
"$dump" -q -x "$tmp/iot2" "$vec/capture/iot2/iot2.pcap" >/dev/null

# send FILE...: each file as one datagram from A to [ff02::1234%va]:56362.
send() { ina "$PWD/build/selftests/udp_send" va ff02::1234 56362 "$@"; }

# count_first_byte HEX FILE...: files whose first byte is HEX (no forks).
count_first_byte()
{
	local want n=0 f c

	want=$(printf "\\x$1")
	shift
	for f in "$@"; do
		LC_ALL=C IFS= read -r -d '' -n 1 c < "$f"
		[ "$c" = "$want" ] && n=$((n + 1))
	done
	echo $n
}


# The counters receive_counters looks at, as one line of numbers.
rx_snapshot()
{
	zq '[.[0].stats.rx_datagrams, .[0].stats.rx_cstates, .[0].stats.rx_cadds,
	     ([.[0].drops[] | select(.name == "zone") | .count] | add // 0),
	     ([.[0].drops[] | select(.reason == 7) | .count] | add // 0),
	     ([.[0].drops[] | select(.reason == 1 or .reason == 4 or .reason == 5) | .count] | add // 0),
	     ([(.[0].drops[] | select(.reason == 102 or .reason == 104) | .count),
	       (.[0].sync[] | select(.name == "cstate_rx" or .name == "cadd_rx") | .count),
	       ((.[0].sync_cert // [])[] | select(.name == "cstate_rx" or .name == "cadd_rx") | .count)] | add // 0),
	     ([.[0].sync[] | select(.name == "cadd_rx") | .count] | add // 0),
	     ([.[0].sync[] | select(.name == "cadd_open") | .count] | add // 0),
	     ([.[0].sync[] | select(.name == "cstate_rx") | .count] | add // 0)] | map(tostring) | join(" ")'
}

receive_counters()
{
	local f1=("$tmp"/iot1/*.bin) f2=("$tmp"/iot2/*.bin)
	local cs ca n2 junk=$tmp/junk i
	local b0 b1 b2 b3 b4 b5 b6 b7 b8 b9 a0 a1 a2 a3 a4 a5 a6 a7 a8 a9

	[ ${#f1[@]} -gt 10 ] && [ ${#f2[@]} -gt 10 ] ||
		{ echo "# too few extracted PDUs: ${#f1[@]} ${#f2[@]}"; return 1; }
	cs=$(count_first_byte 05 "${f1[@]}")
	ca=$(count_first_byte 06 "${f1[@]}")
	n2=${#f2[@]}
	# The zone's own cStates are not counted as received; other zones of
	# this host (made by earlier tests) may have sent some: work on deltas.
	read -r b0 b1 b2 b3 b4 b5 b6 b7 b8 b9 < <(rx_snapshot)
	send "${f1[@]}" "${f2[@]}" || { echo "# send failed"; return 1; }
	# A well-framed TLV that is no PDU, a cut cState, a cState with a byte
	# after it.
	printf '\x68\x01\x00' > "$junk.1"
	head -c 20 "$tmp/iot1/$(ls "$tmp/iot1" | head -1)" > "$junk.2"
	cat "${f1[0]}" > "$junk.3"; printf '\0' >> "$junk.3"
	send "$junk.1" "$junk.2" "$junk.3" || return 1

	for i in $(seq 100); do
		read -r a0 a1 a2 a3 a4 a5 a6 a7 a8 a9 < <(rx_snapshot)
		[ $((a0 - b0)) -ge $((${#f1[@]} + n2 + 3)) ] && break
		sleep 0.1
	done
	expect_eq rx_datagrams $((a0 - b0)) $((${#f1[@]} + n2 + 3)) || return 1
	expect_eq rx_cstates $((a1 - b1)) "$cs" || return 1
	expect_eq rx_cadds $((a2 - b2)) "$ca" || return 1
	# Every iot2 PDU is another zone's; the junk counts by its wire rule.
	expect_eq "zone drops" $((a3 - b3)) "$n2" || return 1
	expect_eq "top_type drops" $((a4 - b4)) 1 || return 1
	expect_eq "framing drops" $((a5 - b5)) 2 || return 1
	# Each PDU of the zone goes to the msgs engine, or is a DST duplicate,
	# or belongs to a collection the zone does not serve yet.
	expect_eq "every zone PDU accounted for" $((a6 - b6)) $((cs + ca)) ||
		return 1
	# DCT's msgs cAdds reached the engine, which cannot open them without
	# the signers (not installed in this test): counted, not delivered.
	[ $((a7 - b7)) -gt 0 ] || { echo "# no cAdd reached the engine"; return 1; }
	expect_eq "msgs cAdds that could not be opened" $((a8 - b8)) $((a7 - b7)) ||
		return 1
	[ $((a9 - b9)) -gt 0 ] || { echo "# no cState reached the engine"; return 1; }
	expect_eq "rx_drops is the sum of the drops" \
		"$(zq '.[0].stats.rx_drops == ([.[0].drops[].count] | add)')" true
}
check "DCT's iot1 PDUs reach the zone; iot2's and junk are dropped by reason" receive_counters

# A second member: the zone in A and the zone in B hear each other's cStates.
two_members()
{
	local i

	ina "$adm" zone add dev va anchor "$ids/iot1/iot1.root" \
		schema "$ids/iot1/iot1.schema" >/dev/null || return 1
	for i in $(seq 100); do
		[ "$(ina "$adm" -j zone show 1 | jq '.[0].sync[] | select(.name == "cstate_rx") | .count')" -gt 0 ] 2>/dev/null &&
			break
		sleep 0.1
	done
	expect_eq "A's engine heard B" \
		"$(ina "$adm" -j zone show 1 | jq '[.[0].sync[] | select(.name == "cstate_rx")] | length')" 1 ||
		return 1
	expect_eq "pdus validator of iot1" "$(zq '.[0].pdu_validator')" EdDSA || return 1
	# Each side sent cStates and dropped its own looped-back multicast.
	for n in "$A" "$B"; do
		[ "$(ip netns exec "$n" "$adm" -j zone show 1 | jq '.[0].stats.tx_pdus')" -gt 0 ] ||
			{ echo "# $n sent nothing"; return 1; }
		[ "$(ip netns exec "$n" "$adm" -j zone show 1 | jq '.[0].drops[] | select(.name == "own_datagram") | .count')" -gt 0 ] ||
			{ echo "# $n saw no own datagram"; return 1; }
	done
}
check "two members' zones exchange cStates; own datagrams are dropped" two_members

show_text()
{
	local out

	out=$(inb "$adm" show) || return 1
	echo "$out" | grep -q '^zone 1: dev vb id ' &&
		echo "$out" | grep -q 'drops:.* zone(19) '
}
check "deftadm show prints the zone and its drop reasons" show_text

second_zone_and_del()
{
	inb "$adm" zone add dev vb anchor "$ids/iot2/iot2.root" \
		schema "$ids/iot2/iot2.schema" group ff02::5678 >/dev/null || return 1
	[ "$(inb "$adm" -j zone show | jq length)" = 2 ] || return 1
	inb ip -6 maddr show dev vb | grep -q 'ff02::5678' || return 1
	inb "$adm" zone del 4 || return 1
	[ "$(inb "$adm" -j zone show | jq length)" = 1 ] || return 1
	! inb ip -6 maddr show dev vb | grep -q 'ff02::5678'
}
check "a second zone on another group; delete leaves the group" second_zone_and_del

max_zones()
{
	inb "$adm" netns set max-zones 1 || return 1
	expect_fail "max_zones zones already" inb "$adm" zone add dev vb \
		anchor "$ids/iot2/iot2.root" schema "$ids/iot2/iot2.schema" || return 1
	inb "$adm" netns set max-zones 16
}
check "max_zones is enforced" max_zones

iface_removal()
{
	inb ip link del vb || return 1
	[ "$(inb "$adm" -j zone show | jq length)" = 0 ]
}
check "removing the interface deletes its zone" iface_removal

netns_teardown_and_unload()
{
	local i

	for i in 1 2 3; do
		ip netns add "dtz-t$i-$$" || return 1
		ip -n "dtz-t$i-$$" link add d0 type veth peer name d1 || return 1
		ip -n "dtz-t$i-$$" link set d0 up || return 1
		ip -n "dtz-t$i-$$" link set d1 up || return 1
		ip netns exec "dtz-t$i-$$" "$adm" zone add dev d0 \
			anchor "$ids/iot1/iot1.root" \
			schema "$ids/iot1/iot1.schema" >/dev/null || return 1
	done
	ip netns del "dtz-t1-$$"
	ip netns del "dtz-t2-$$"
	# The last one is still alive when the module goes.
	rmmod deftt || return 1
	ip netns del "dtz-t3-$$"
	insmod "$ko"
}
check "netns teardown and rmmod with zones alive are clean" netns_teardown_and_unload

finish
