#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The data path in the VM: three iot1 members on a bridge publish, validate and receive signed Publications.
set -u
cd "$(dirname "$0")/.."
. selftests/lib.sh
. selftests/lib_members.sh

ko=$PWD/deftt.ko
adm=$PWD/build/tools/deftadm
mem=$PWD/build/selftests/dt_member
vec=${DEFTT_VECTORS:-$PWD/../shared/vectors}/dct
ids=$vec/ids
tmp=$(mktemp -d)
H="dtd-h-$$"
ns=(dtd-a-$$ dtd-b-$$ dtd-c-$$)
who=(alice frontdoor backdoor)

members_need "$ko" "$adm" "$mem"

trap members_cleanup EXIT

members_load "$ko"

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

# sub_start I COUNT TIMEOUT_MS [UNTIL]: background subscriber writing $tmp/sub.I
sub_start()
{
	local i=$1

	rm -f "$tmp/sub.$i"
	at "$i" "$mem" sub 1 "$2" "$3" "${4:-}" > "$tmp/sub.$i" 2>&1 &
	subpid[$i]=$!
	for _ in $(seq 50); do
		grep -q subscribed "$tmp/sub.$i" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

cmd_params=(target=lock topic=command trgtLoc=frontdoor topicArgs=unlock sCnt=0)

# stat I JQPATH [ZONE]: a number from member I's zone (0 if absent)
stat() { at "$1" "$adm" -j zone show "${3:-1}" | jq -r "$2 // 0"; }
# sync I NAME: member I's msgs engine counter NAME
sync() { stat "$1" "[.[0].sync[] | select(.name == \"$2\") | .count][0]"; }
# drop I NAME [ZONE]: member I's zone drop counter NAME
drop() { stat "$1" "[.[0].drops[] | select(.name == \"$2\") | .count][0]" "${3:-1}"; }

one_to_two()
{
	sub_start 1 1 10000 && sub_start 2 1 10000 || return 1
	# frontdoor sees the cAdd on the wire too, for the replay check below
	at 1 "$mem" sniff m0 "$tmp/cadd" 10000 > /dev/null &
	sleep 0.2
	at 0 "$mem" pub 1 "open up" "${cmd_params[@]}" msgID=1 \
		> "$tmp/pub.0" || return 1
	wait || return 1
	grep -q "name=/iot1/lock/command/frontdoor/unlock/p[0-9]*@[^/]*/%01//@" "$tmp/sub.1" &&
	grep -q "signer=/iot1/operator/alice/sgn" "$tmp/sub.1" &&
	grep -q "content=open up" "$tmp/sub.1" &&
	grep -q "content=open up" "$tmp/sub.2" &&
	grep -q "errno=0" "$tmp/pub.0"
}
check "a command from alice reaches frontdoor and backdoor, signer named" one_to_two

status_reply()
{
	sub_start 0 9 10000 unlocked || return 1
	at 1 "$mem" pub 1 "unlocked" target=lock topic=status \
		trgtLoc=frontdoor topicArgs=unlocked msgID=1 sCnt=0 > /dev/null ||
		return 1
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
	[ "$(sync 2 pub_dup)" -gt "$dup0" ] || [ "$(sync 2 pub_expired)" -gt 0 ]
}
check "a replayed cAdd is counted and not delivered again" replay

unknown_signer()
{
	local d0

	at 2 "$mem" unsigner 1 "$tmp/alice.chain" || return 1
	d0=$(( $(drop 2 pdu_auth) + $(sync 2 pub_hold_timeout) + $(sync 2 pub_hold_full) ))
	sub_start 1 9 10000 "lock it" && sub_start 2 9 3000 "lock it" || return 1
	at 0 "$mem" pub 1 "lock it" "${cmd_params[@]}" msgID=3 >/dev/null ||
		return 1
	wait "${subpid[1]}" || return 1
	wait "${subpid[2]}"
	grep -q "content=lock it" "$tmp/sub.1" &&
	! grep -q "content=lock it" "$tmp/sub.2" &&
	[ $(( $(drop 2 pdu_auth) + $(sync 2 pub_hold_timeout) + $(sync 2 pub_hold_full) )) -gt "$d0" ]
}
check "cAdds and Publications of an unknown signer are dropped and counted" unknown_signer

# deftadm monitor shows the signer going and coming back as events.
monitor_events()
{
	local m

	at 2 "$adm" -j monitor count 2 > "$tmp/events" &
	m=$!
	sleep 0.3
	at 2 "$mem" signer 1 "$tmp/alice.chain" || return 1
	at 2 "$mem" unsigner 1 "$tmp/alice.chain" || return 1
	wait "$m" || return 1
	[ "$(jq -rs '[.[] | .event + " " + (.name | split("/")[2:4] | join("/"))] | join(",")' "$tmp/events")" = \
		"signer_add operator/alice,signer_del operator/alice" ]
}
check "deftadm monitor reports signers added and removed" monitor_events
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
	[ "$(grep -c "content=cmd" "$tmp/sub.1")" = $n ] &&
	[ "$(grep -c "content=cmd" "$tmp/sub.2")" = $n ] || {
		echo "# received: $(grep -c "content=cmd" "$tmp/sub.1") and $(grep -c "content=cmd" "$tmp/sub.2") of $n"
		return 1
	}
}
check "with 30 % loss every Publication still arrives" lossy

# backdoor is cut off while alice publishes; when its port comes back it
# catches up from the others' cStates and cAdds.
late_joiner()
{
	sub_start 2 9 10000 late || return 1
	ip -n "$H" link set p2 down
	at 0 "$mem" pub 1 "late" "${cmd_params[@]}" msgID=40 > /dev/null ||
		return 1
	ip -n "$H" link set p2 up
	wait
	grep -q "content=late" "$tmp/sub.2"
}
check "a member that comes in late catches up" late_joiner

# deftadm show INDEX: text in its fixed shape (numbers, hex and names
# masked), JSON that parses with the fields a script relies on.
show_golden()
{
	local want got

	want=$(cat <<'EOT'
deftt VER, features NxN
netns: max_zones N, sockets N
zone N: dev mN id HEX group ffN::N port N owner N:N
  validators: pdus EdDSA msgs EdDSA
  signers N, signing key yes, connected no
  collections: msgs N (N active) cert N (N active)
  stats: rx_datagrams N rx_bytes N rx_cstates N rx_cadds N rx_drops N tx_pdus N tx_bytes N tx_errors N rx_verified N rx_delivered N tx_pubs N rx_cadd_ns N
  signers:
    HEX /iotN/device/frontdoor/sgn/KEY/KID/dct/TS not-after DATE self
    HEX /iotN/operator/alice/sgn/KEY/KID/dct/TS not-after DATE
    HEX /iotN/device/backdoor/sgn/KEY/KID/dct/TS not-after DATE
EOT
)
	got=$(at 1 "$adm" show 1 | grep -v '^  drops:\|^  sync' |
		sed -E 's/deftt [^,]*,/deftt VER,/; s/[0-9a-f]{16,}/HEX/g;
			s|/KEY/[^/]+/dct/|/KEY/KID/dct/|;
			s|/[0-9-]+@[0-9:.]+ not-after [^ ]+| /TS not-after DATE|;
			s/[0-9]+/N/g; s| /TS|/TS|')
	[ "$got" = "$want" ] || { diff <(echo "$want") <(echo "$got") | sed 's/^/# /'; return 1; }
	at 1 "$adm" -j show 1 | jq -e '.zones[0].index == 1 and
		.zones[0].has_key == true and .zones[0].signers == 3 and
		(.zones[0].collections | map(.name) == ["msgs", "cert"]) and
		(.signers | length == 3) and ([.signers[] | select(.self)] | length == 1)' \
		> /dev/null
}
check "deftadm show: text in its golden shape, JSON parses with its fields" show_golden

# iot2: cAdds sealed with AEAD under a PDU group key, Publications with
# AEADSGN under a msgs group key; both keys set over netlink.
k1=1111111111111111111111111111111111111111111111111111111111111111
k2=2222222222222222222222222222222222222222222222222222222222222222
aead_up()
{
	local i j z

	for i in 0 1 2; do
		z=$(at "$i" "$mem" up m0 "$ids/iot2/${who[$i]}.bundle" \
			"$tmp/${who[$i]}.chain2") || return 1
		[ "$z" = 2 ] || return 1
		at "$i" "$mem" gkey 2 0 $k1 1000 || return 1
		at "$i" "$mem" gkey 2 1 $k2 1000 || return 1
	done
	for i in 0 1 2; do
		for j in 0 1 2; do
			[ "$i" = "$j" ] && continue
			at "$i" "$mem" signer 2 "$tmp/${who[$j]}.chain2" || return 1
		done
	done
}
check "iot2 members up with PDU and Publication group keys" aead_up

aead_sub_start()
{
	rm -f "$tmp/sub.$1"
	at "$1" "$mem" sub 2 "$2" "$3" "${4:-}" > "$tmp/sub.$1" 2>&1 &
	subpid[$1]=$!
	for _ in $(seq 50); do
		grep -q subscribed "$tmp/sub.$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

aead_pass()
{
	aead_sub_start 1 9 10000 sealed && aead_sub_start 2 9 10000 sealed ||
		return 1
	at 0 "$mem" pub 2 "sealed" "${cmd_params[@]}" msgID=50 > /dev/null ||
		return 1
	wait || return 1
	grep -q "name=/iot2/lock/command/frontdoor/unlock/" "$tmp/sub.1" &&
	grep -q "content=sealed" "$tmp/sub.1" &&
	grep -q "content=sealed" "$tmp/sub.2"
}
check "AEAD cAdds and AEADSGN Publications decrypt with the group keys" aead_pass

# backdoor's two PDU keys are replaced by wrong ones (newer CTs).
aead_wrong_key()
{
	local d0

	at 2 "$mem" gkey 2 0 $k2 2000 && at 2 "$mem" gkey 2 0 $k2 3000 ||
		return 1
	d0=$(drop 2 pdu_auth 2)
	aead_sub_start 1 9 10000 secret && aead_sub_start 2 9 3000 secret ||
		return 1
	at 0 "$mem" pub 2 "secret" "${cmd_params[@]}" msgID=51 > /dev/null ||
		return 1
	wait "${subpid[1]}" || return 1
	wait "${subpid[2]}"
	grep -q "content=secret" "$tmp/sub.1" &&
	! grep -q "content=secret" "$tmp/sub.2" &&
	[ "$(drop 2 pdu_auth 2)" -gt "$d0" ]
}
check "with the wrong PDU key cAdds are dropped and counted" aead_wrong_key

# The group key distributor's collection keys/pdus (iot2 encrypts its
# PDUs): it starts when a socket binds, carries EdDSA-signed Publications
# whose lifetime each receiver takes from the name (distributors.md 4.4).
keys_collection()
{
	local tp st n0

	export DT_COLL=2
	aead_sub_start 1 1 8000 req && aead_sub_start 2 1 8000 req || return 1
	at 0 "$mem" kpub 2 2 req iot2 mr @ > /dev/null || return 1
	wait "${subpid[1]}" && wait "${subpid[2]}" || return 1
	grep -q "name=/iot2/mr/@" "$tmp/sub.1" &&
	grep -q "name=/iot2/mr/@" "$tmp/sub.2" || return 1
	# lifetime 0 (no rule names it) and names outside #pubPrefix are refused
	! at 0 "$mem" kpub 2 2 x iot2 zz @ 2> /dev/null &&
	! at 0 "$mem" kpub 2 2 x iot1 mr @ 2> /dev/null || return 1
	# a key list of the followed keymaker from an older epoch is dead
	tp=$(at 0 "$adm" -j signers 2 | jq -r '.[] | select(.self) | .thumbprint')
	at 1 "$mem" keymaker 2 2 "$tp" 5 && at 2 "$mem" keymaker 2 2 "$tp" 5 ||
		return 1
	# (the sub first gets what the collection holds: the request above)
	aead_sub_start 1 5 8000 fresh || return 1
	at 0 "$mem" kpub 2 2 stale iot2 kl '#3' ^00000001 ^00000001 @ \
		> /dev/null 2>&1 &
	sleep 1
	at 0 "$mem" kpub 2 2 fresh iot2 kl '#5' ^00000001 ^00000001 @ \
		> /dev/null || return 1
	wait "${subpid[1]}" || return 1
	wait
	unset DT_COLL
	grep -q "content=fresh" "$tmp/sub.1" &&
	! grep -q "content=stale" "$tmp/sub.1" || return 1
	st=$(at 1 "$adm" -j zone show 2)
	echo "$st" | jq -e '.[0].collections | map(.name) ==
		["msgs", "cert", "keys/pdus", "keys/msgs"]' > /dev/null &&
	# DEFTT_CSTATE_NOW: a cState at once on a key collection, else refused
	n0=$(echo "$st" | jq '[.[0].collections[2].sync[] |
		select(.name == "cstate_tx") | .count][0]')
	at 1 "$mem" cstate 2 2 && ! at 1 "$mem" cstate 2 0 2> /dev/null ||
		return 1
	[ "$(at 1 "$adm" -j zone show 2 | jq '[.[0].collections[2].sync[] |
		select(.name == "cstate_tx") | .count][0]')" -gt "$n0" ] ||
		return 1
	echo "$st" | jq -e --arg tp "$tp" '.[0].collections[2].started and
		.[0].collections[2].keymaker == $tp and
		.[0].collections[2].epoch == 5 and
		(.[0].collections[3].started | not) and
		([.[0].collections[2].sync[] | select(.name == "pub_expired") |
		  .count][0] >= 1)' > /dev/null
}
check "keys/pdus starts with its socket, signs, and ages Publications by name" keys_collection

# An unprivileged user can neither make a zone nor open a root-only one.
unprivileged()
{
	local nobody="setpriv --reuid 65534 --regid 65534 --clear-groups"

	! at 0 $nobody "$mem" up m0 "$ids/iot1/alice.bundle" "$tmp/x" \
		2> "$tmp/err" && grep -q "Operation not permitted" "$tmp/err" &&
	! at 0 $nobody "$mem" sub 1 1 100 2> "$tmp/err" &&
	grep -q "Permission denied" "$tmp/err"
}
check "an unprivileged user cannot configure zones or open a root-only one" unprivileged

for i in 0 1 2; do
	echo "# ${who[$i]}: $(at "$i" "$adm" -j zone show 1 | jq -c '.[0] | {stats, drops}')"
done

# Unload with zones alive and traffic on the wire, twenty times.
rmmod_under_traffic()
{
	local i n p

	for n in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		rmmod deftt || { echo "# rmmod $n failed"; return 1; }
		insmod "$ko" || return 1
		for i in 0 1; do
			at "$i" "$mem" up m0 "$ids/iot1/${who[$i]}.bundle" 				"$tmp/r$i" > /dev/null || return 1
		done
		at 1 "$mem" signer 1 "$tmp/r0" || return 1
		at 1 "$mem" sub 1 1 5000 > /dev/null &
		p=$!
		sleep 0.2
		at 0 "$mem" pub 1 "r$n" "${cmd_params[@]}" msgID=$n 			> /dev/null || return 1
		wait "$p" || { echo "# sub $n"; return 1; }
	done
	rmmod deftt || return 1
	! dmesg | grep -E "BUG|WARNING|refcount|Oops|leak"
}
check "rmmod with zones and traffic, 20 times, is clean" rmmod_under_traffic

finish
