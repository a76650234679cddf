#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# deftd in the VM: members from bundles, certs distributed, an impostor refused, key rotation and kill -9 under traffic, bad inputs.
set -u
cd "$(dirname "$0")/.."
. selftests/lib.sh
. selftests/lib_members.sh

# In order: members up (1); bad inputs (5), in a namespace x that has no
# zone yet; the impostor (2), whose zone then sits in x; rotation under
# traffic (3); kill -9 and restart under traffic (4). Everything runs on
# iot1 (dct/ids/iot1 of the vectors: certs valid 2026-11-22..2027-11-22).

ko=$PWD/deftt.ko
deftd=$PWD/build/daemon/deftd
adm=$PWD/build/tools/deftadm
mem=$PWD/build/selftests/dt_member
udp=$PWD/build/selftests/udp_send
mkcert=$PWD/build/tools/deftt-cert
mkbundle=$PWD/build/tools/deftt-bundle
operator=$PWD/build/examples/operator
device=$PWD/build/examples/device
iot1=${DEFTT_VECTORS:-$PWD/../shared/vectors}/dct/ids/iot1
tmp=$(mktemp -d)
H="dd-h-$$"
# three honest members, and x: host of the bad inputs, then the impostor's
ns=(dd-a-$$ dd-b-$$ dd-c-$$ dd-x-$$)
who=(alice frontdoor backdoor)
dpid=()

# DEFTT_VERBOSE: how long each check took, and the deftd logs at the end
if [ -n "${DEFTT_VERBOSE:-}" ]; then
	eval "lib_$(declare -f check)"
	check() { local t=$SECONDS; lib_check "$@"; echo "# $((SECONDS - t)) s"; }
fi

members_need "$ko" "$deftd" "$adm" "$mem" "$udp" "$mkcert" "$mkbundle" \
	 "$operator" "$device"

trap members_cleanup EXIT

members_load "$ko"

# ---- readings from a member's kernel (zone 1 everywhere) -----------------
zone_json() { at "$1" "$adm" -j zone show 1 2>/dev/null; }
has_key() { [ "$(zone_json "$1" | jq -r '.[0].has_key')" = true ]; }
nsigners() { zone_json "$1" | jq -r '.[0].signers // 0'; }
signers_are() { [ "$(nsigners "$1")" = "$2" ]; }
# thumbprints of the signers member I's kernel knows, one a line
signer_tps() { at "$1" "$adm" -j signers 1 | jq -r '.[].thumbprint'; }
self_tp() { at "$1" "$adm" -j signers 1 | jq -r '.[] | select(.self) | .thumbprint'; }
knows() { signer_tps "$1" | grep -qx "$2"; }
drop() { zone_json "$1" | jq -r "[.[0].drops[] | select(.name == \"$2\") | .count][0] // 0"; }
nzones() { at "$1" "$adm" -j show | jq -r '.zones | length'; }
self_is_not() { [ "$(self_tp "$1")" != "$2" ]; }
# lines_over FILE PATTERN N: FILE has more than N lines with PATTERN
lines_over() { [ "$(grep -c "$2" "$1")" -gt "$3" ]; }
# logged_since I N PATTERN: member I's deftd logged PATTERN after line N
logged_since() { tail -n +$(($2 + 1)) "$tmp/deftd.$1.log" | grep -q "$3"; }

everyone_knows()
{
	local i

	for i in 0 1 2; do
		knows "$i" "$1" || return 1
	done
}

nobody_knows()
{
	local i

	for i in 0 1 2; do
		knows "$i" "$1" && return 1
	done
	true
}

# start_deftd I [ARGS...]: member I's deftd (lib_members.sh: deftd_bg)
start_deftd()
{
	local i=$1

	shift
	deftd_bg "$i" "$iot1/${who[$i]}.bundle" "$@"
}

check "four namespaces on a bridge" topo

# ---- 1: members from bundles, signers from the cert distributors ---------

members_up()
{
	local i

	for i in 0 1 2; do
		start_deftd "$i"
	done
	for i in 0 1 2; do
		wait_for 10 has_key "$i" || return 1
		[ "$(zone_json "$i" | jq -r '.[0].index')" = 1 ] || return 1
		grep -q "zone 1 made on m0" "$tmp/deftd.$i.log" || return 1
	done
}
check "deftd makes each member's zone and installs its signing key" members_up

all_signers()
{
	local i

	for i in 0 1 2; do
		signers_are "$i" "$1" || return 1
	done
}

distributed()
{
	local i

	wait_for 20 all_signers 3 || return 1
	for i in 0 1 2; do
		grep -q "cert distributor connected" "$tmp/deftd.$i.log" ||
			return 1
	done
}
check "each deftd installs the other members' signers as their certs arrive (3 each)" distributed

# ---- 5: bad inputs: one line, non-zero exit, no zone left behind ---------

# bad_start ERRFILE ARGS...: deftd in namespace x must fail in one line
bad_start()
{
	local err=$1

	shift
	at 3 timeout 10 "$deftd" "$@" > "$err" 2>&1
	[ $? = 1 ] && [ "$(wc -l < "$err")" = 1 ] && [ "$(nzones 3)" = 0 ]
}

# the identity cert of alice with bob's secret key (its last 66 bytes)
wrong_key()
{
	"$mkbundle" make --no-check -o "$tmp/wrongkey.bundle" \
		"$iot1/iot1.root" "$iot1/iot1.schema" "$iot1/alice.cert" \
		> /dev/null || return 1
	tail -c 66 "$iot1/bob.cert" >> "$tmp/wrongkey.bundle"
	bad_start "$tmp/err.key" -i m0 -b "$tmp/wrongkey.bundle" &&
	grep -q "wrong key" "$tmp/err.key"
}
check "a bundle with the wrong secret key: one line, exit 1, no zone" wrong_key

# an identity the real anchor signed, valid 2026-11-22 .. 2026-11-30
expired()
{
	"$mkcert" identity --valid-from 2026-11-22T00:00:00Z \
		--valid-until 2026-11-30T00:00:00Z -o "$tmp/carol.cert" \
		/iot1/operator/carol "$iot1/iot1.root" > /dev/null || return 1
	"$mkbundle" make --no-check -o "$tmp/expired.bundle" \
		"$iot1/iot1.root" "$iot1/iot1.schema" "+$tmp/carol.cert" \
		> /dev/null || return 1
	bad_start "$tmp/err.exp" -i m0 -b "$tmp/expired.bundle" &&
	grep -q "has expired" "$tmp/err.exp"
}
check "a bundle with an expired identity cert: one line, exit 1, no zone" expired

no_iface()
{
	bad_start "$tmp/err.if" -i nosuch0 -b "$iot1/alice.bundle" &&
	grep -q "interface nosuch0 does not exist" "$tmp/err.if"
}
check "a nonexistent interface: one line, exit 1, no zone" no_iface

# ---- 2: an impostor -----------------------------------------------------
#
# Mallory claims the domain's names: a self-signed /iot1 anchor of her
# own, /iot1/operator/mallory under it, a signing cert under that. With
# the real anchor and schema (both public) in front, her bundle looks
# like a member's but its chain does not reach the trust anchor.
#
# Her deftd cannot join: bootstrap validation fails before the kernel
# is touched. So she does what any host on the link can: makes a zone
# from the public anchor and schema (no signing key needed for the cert
# collection), publishes her three certs into it with a raw AF_DEFTT
# socket exactly as a cert distributor would, and puts cAdds on the wire
# that she signed herself (dt_member forge: the Publication's name built
# by the schema for her chain, as her own anchor sees it). The honest
# deftds must refuse her certs (a chain that ends at another anchor),
# so their kernels never learn her signer and drop what she signs.
#
# That this proves anything rests on the control: the very same steps
# with a real member's identity (bob's, whose deftd does not run) must
# install bob's signer everywhere and deliver his command.

impostor_bundle()
{
	"$mkcert" anchor -o "$tmp/evil.root" iot1 > /dev/null &&
	"$mkcert" identity -o "$tmp/mallory.cert" /iot1/operator/mallory \
		"$tmp/evil.root" > /dev/null &&
	"$mkcert" identity --lifetime 1 -o "$tmp/mallory.sgn" \
		/iot1/operator/mallory/sgn "$tmp/mallory.cert" > /dev/null &&
	"$mkbundle" make --no-check -o "$tmp/mallory.bundle" \
		"$iot1/iot1.root" "$iot1/iot1.schema" "+$tmp/mallory.cert" \
		> /dev/null || return 1
	bad_start "$tmp/err.mal" -i m0 -b "$tmp/mallory.bundle" &&
	grep -q "broken chain" "$tmp/err.mal"
}
check "an impostor's deftd fails bootstrap in one line and leaves no zone" impostor_bundle

refused_by_all()
{
	local i

	for i in 0 1 2; do
		grep -q "cert /iot1/operator/mallory/sgn/.* refused: signed under another trust anchor" \
			"$tmp/deftd.$i.log" || return 1
	done
}

impostor_certs()
{
	local i

	at 3 "$adm" zone add dev m0 anchor "$iot1/iot1.root" \
		schema "$iot1/iot1.schema" > /dev/null || return 1
	[ "$(zone_json 3 | jq -r '.[0].index')" = 1 ] || return 1
	# confirmed: another member's collection has each of them
	at 3 "$mem" certs 1 "$tmp/evil.root" "$tmp/mallory.cert" \
		"$tmp/mallory.sgn" > "$tmp/certs.mal" 2>&1 ||
		{ sed 's/^/# /' "$tmp/certs.mal"; return 1; }
	wait_for 10 refused_by_all || return 1
	for i in 0 1 2; do
		signers_are "$i" 3 || return 1
		at "$i" "$adm" signers 1 | grep -q mallory && return 1
	done
	true
}
check "the impostor's certs reach the members, are refused (logged) and install no signer" impostor_certs

cmd=(target=lock topic=command trgtLoc=frontdoor topicArgs=unlock sCnt=0)

# sub_start I UNTIL TIMEOUT_MS: member I's subscriber, output in $tmp/sub.I
sub_start()
{
	rm -f "$tmp/sub.$1"
	at "$1" "$mem" sub 1 9 "$3" "$2" > "$tmp/sub.$1" 2>&1 &
	subpid=$!
	wait_for 5 grep -q subscribed "$tmp/sub.$1"
}

# forge_send ANCHOR SIGNING IDENTITY CONTENT MSGID: one cAdd from x
forge_send()
{
	"$mem" forge "$1" "$iot1/iot1.schema" "$2" "$3" "$tmp/forged" "$4" \
		"${cmd[@]}" msgID="$5" > /dev/null &&
	at 3 "$udp" m0 ff02::1234 56362 "$tmp/forged"
}

impostor_dropped()
{
	local i d0=()

	for i in 0 1 2; do
		d0[$i]=$(drop "$i" pdu_auth)
	done
	sub_start 1 "mallory says open" 3000 || return 1
	forge_send "$tmp/evil.root" "$tmp/mallory.sgn" "$tmp/mallory.cert" \
		"mallory says open" 901 || return 1
	wait "$subpid"
	grep -q "content=mallory" "$tmp/sub.1" && return 1
	for i in 0 1 2; do
		[ "$(drop "$i" pdu_auth)" -gt "${d0[$i]}" ] || return 1
	done
}
check "what the impostor signs is dropped by every member's kernel (pdu_auth counted)" impostor_dropped

control_bob()
{
	"$mkcert" signing -o "$tmp/bob.sgn" "$iot1/bob.bundle" > /dev/null &&
	at 3 "$mem" certs 1 "$iot1/bob.cert" "$tmp/bob.sgn" \
		> "$tmp/certs.bob" || return 1
	wait_for 10 all_signers 4 || return 1
	sub_start 1 "bob says open" 5000 || return 1
	forge_send "$iot1/iot1.root" "$tmp/bob.sgn" "$iot1/bob.cert" \
		"bob says open" 902 || return 1
	wait "$subpid" &&
	grep -q "signer=/iot1/operator/bob/sgn/.*content=bob says open" \
		"$tmp/sub.1"
}
check "control: the same path with a real member's certs installs its signer and delivers" control_bob

# ---- 3: signing key rotation under traffic -------------------------------
#
# The three deftds are stopped (SIGTERM: the zones stay) and started again
# with --signing-lifetime 20: keys live 20 s, the next is made when a
# third is left and the kernel switches to it once a peer confirmed its
# cert. An old key stays a signer everywhere until it has expired and a
# member's next rotation purges it (distributors.md 2.7, 3.5). Commands
# run all the while, in rounds of ten: every one must be answered.
what=(operator device device)
# own_tps I: member I's own signing keys that its kernel holds
own_tps()
{
	at "$1" "$adm" -j signers 1 | jq -r ".[] |
		select(.name | startswith(\"/iot1/${what[$1]}/${who[$1]}/sgn/\")) |
		.thumbprint"
}

L=20
k0=()
snap=()

restart_with_hook()
{
	local i old=()

	for i in 0 1 2; do
		old[$i]=$(self_tp "$i")
		own_tps "$i" > "$tmp/before.$i"
		kill -TERM "${dpid[$i]}"
	done
	for i in 0 1 2; do
		wait "${dpid[$i]}" || return 1
		has_key "$i" || return 1
	done
	for i in 0 1 2; do
		start_deftd "$i" --signing-lifetime $L
	done
	# each signs on with the old key until a peer confirms its new cert
	for i in 0 1 2; do
		wait_for 15 grep -q "was left by an earlier deftd: taking it over" \
			"$tmp/deftd.$i.log" || return 1
		wait_for 15 self_is_not "$i" "${old[$i]}" || return 1
		k0[$i]=$(self_tp "$i")
	done
	for i in 0 1 2; do
		wait_for 15 everyone_knows "${k0[$i]}" || return 1
	done
}

check "SIGTERM leaves the zones; new deftds take them over, their new keys reach everyone" restart_with_hook

devices_start()
{
	ip netns exec "${ns[1]}" "$device" -q -i frontdoor > "$tmp/dev.1" 2>&1 &
	ip netns exec "${ns[2]}" "$device" -q -i backdoor > "$tmp/dev.2" 2>&1 &
	sleep 0.5
}

# traffic_start NAME: rounds of ten commands from alice to both devices,
# back to back, until traffic_stop; a round with a command unanswered
# (the operator waits 2 s for the replies) is written to NAME.fail
traffic_start()
{
	rm -f "$tmp/stop" "$tmp/$1".*
	(
		r=0
		while [ ! -e "$tmp/stop" ]; do
			r=$((r + 1))
			at 0 "$operator" -q -n 10 -i 100 -e frontdoor,backdoor \
				all unlock >> "$tmp/$1.out" 2>&1 ||
				echo "round $r" >> "$tmp/$1.fail"
		done
		echo "$r" > "$tmp/$1.rounds"
	) &
	trpid=$!
}

# traffic_stop NAME MIN: at least MIN rounds, every command answered
traffic_stop()
{
	touch "$tmp/stop"
	wait "$trpid"
	echo "# $1: $(cat "$tmp/$1.rounds") rounds of 10 commands"
	[ -e "$tmp/$1.fail" ] && sed 's/^/# /' "$tmp/$1.fail" "$tmp/$1.out"
	[ ! -e "$tmp/$1.fail" ] && [ "$(cat "$tmp/$1.rounds")" -ge "$2" ]
}

devices_start
traffic_start rot

# From alice's first rotation on, two keys of hers made since the restart
# are signers everywhere: the newest and the one it replaced (until that
# one expires and is purged, by when the next has come).
two_keys_everywhere()
{
	local t n=0

	for t in $(own_tps 0); do
		grep -qx "$t" "$tmp/before.0" && continue
		everyone_knows "$t" || return 1
		n=$((n + 1))
	done
	[ "$n" -ge 2 ]
}
new_beside_old()
{
	wait_for $((2 * L)) two_keys_everywhere
}
check "a rotated key is a signer everywhere beside the key it replaces" new_beside_old

# Two rotations later every member has purged the expired first keys:
# each then has switched three times since the restart (old key -> k0,
# k0 -> k1 and k1 -> k2, when k0, expired, goes).
old_purged()
{
	local i

	for i in 0 1 2; do
		wait_for $((2 * L)) nobody_knows "${k0[$i]}" || return 1
	done
	for i in 0 1 2; do
		lines_over "$tmp/deftd.$i.log" "switched to signing key" 2 &&
		everyone_knows "$(self_tp "$i")" || return 1
	done
}
check "an expired key is deleted everywhere at the next rotation; current keys stay" old_purged

check "every command across the rotations got its replies" traffic_stop rot 2

# ---- 4: kill -9 and restart under traffic --------------------------------

# the killed deftd's keys that expire within L s
short_keys()
{
	at 1 "$adm" -j signers 1 | jq -r --argjson t $(($(date +%s) + L)) \
		".[] | select(.name | startswith(\"/iot1/device/frontdoor/sgn/\")) |
		 select(.not_after < \$t) | .thumbprint"
}

all_rotated()
{
	local i

	for i in 0 1 2; do
		self_is_not "$i" "${snap[$i]}" || return 1
	done
}

# While no deftd runs a zone, no new cert is installed in it: a peer that
# rotates then signs what the zone cannot check until the next deftd is
# up. So frontdoor's deftd is killed just after all three have rotated,
# a good while before the next rotation, and started again at once. That
# the zone lived on through the kill, with its key, the new deftd says:
# it takes the zone over and signs on with the killed one's key, which
# has most of its life left, until a peer has its new cert. (Killed in
# the last tenth of that life, the new key would be installed at once,
# and replies the peers cannot check yet might be lost.)
killed()
{
	local i old n

	traffic_start kill
	for i in 0 1 2; do
		snap[$i]=$(self_tp "$i")
	done
	wait_for $((2 * L)) all_rotated || return 1
	old=$(self_tp 1)
	short_keys > "$tmp/killed.keys"
	n=$(wc -l < "$tmp/deftd.1.log")
	kill -KILL "${dpid[1]}"
	{ wait "${dpid[1]}"; } 2>/dev/null
	[ $? = 137 ] || return 1
	start_deftd 1 --signing-lifetime $L
	wait_for 15 logged_since 1 "$n" "zone 1 on m0 was left by an earlier deftd: taking it over" &&
	wait_for 15 logged_since 1 "$n" "signing on with the earlier deftd's key ${old:0:8}" &&
	wait_for 15 self_is_not 1 "$old" &&
	wait_for 15 everyone_knows "$(self_tp 1)"
}
check "after kill -9 the zone lives on with its key; a new deftd takes it over" killed

check "no command lost across kill -9 and restart" traffic_stop kill 2

after_restart() { at 0 "$operator" -q -n 3 -e frontdoor,backdoor all unlock; }
check "the zone carries commands and replies after the restart" after_restart

# The killed deftd's keys are the new one's to delete once they expire.
none_left()
{
	local t

	for t in $(cat "$tmp/killed.keys"); do
		knows 1 "$t" && return 1
	done
	true
}
killed_keys_go()
{
	[ -s "$tmp/killed.keys" ] && wait_for $((2 * L)) none_left
}
check "the keys of the killed deftd leave its zone once expired" killed_keys_go

finish_with_logs 60
