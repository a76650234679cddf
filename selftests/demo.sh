#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make demo: a three-member trust domain (operator alice, locks frontdoor and backdoor) in the VM, its exchange and a verdict.
#
# Usage: selftests/demo.sh           on the host: boots the VM, prints the verdict
#        selftests/demo.sh --guest   what runs inside the VM
#
# Exit status 0 only if every command got its replies and the kernel
# logged no warning. Environment (DEFTT_* reaches the VM):
# DEFTT_DEMO_TIMEOUT seconds the VM may run (default 300),
# DEFTT_DEMO_CONNECT_TIMEOUT seconds for the members to connect (120),
# DEFTT_DEMO_COMMANDS unlock commands sent to all (3),
# DEFTT_DEMO_KVER the kernel the VM boots (make demo gives its KVER).
set -u
cd "$(dirname "$0")/.."
top=$PWD

T=$top/build/tools
adm=$T/deftadm
deftd=$top/build/daemon/deftd
op=$top/build/examples/operator
dev=$top/build/examples/device
ns=(demo-alice demo-frontdoor demo-backdoor)
who=(alice frontdoor backdoor)
role=(operator device device)
H=demo-hub
w=""
dpid=()
devpid=()

# ---- inside the VM ----------------------------------------------------------

at() { local k=$1; shift; ip netns exec "${ns[$k]}" "$@"; }

# result TEXT: the line the host turns into the verdict
result() { echo "demo-result: $*"; }

# tails: the end of every log of the run, after a failure
tails()
{
	local f

	for f in "$w"/*.log; do
		[ -s "$f" ] || continue
		echo "-- last lines of ${f##*/}"
		tail -n 12 "$f" | sed 's/^/   | /'
	done
}

cleanup()
{
	local k

	jobs -p | xargs -r kill 2>/dev/null
	wait 2>/dev/null
	for k in "${ns[@]}" "$H"; do
		ip netns del "$k" 2>/dev/null
	done
}

# The domain "home" speaks the Publication the example apps are written
# for (iot1's layout: target/topic/trgtLoc/topicArgs/_origin/msgID/sCnt/_ts):
# operators command the locks, a lock reports only its own state.
write_rules()
{
	cat <<-'EOF'
	// The demo's trust domain: operators command the locks, each lock reports its own state.
	_domain: "home"
	#lockPub: _domain/target/topic/trgtLoc/topicArgs/_origin/msgID/sCnt/_ts & {
	    _origin: sysId()
	    _ts: timestamp()
	}
	command: #lockPub & { target: "lock", topic: "command" } &
	    { trgtLoc: "all" | "frontdoor" | "backdoor" } &
	    { topicArgs: "lock" | "unlock" | "report" } <= opSign
	status: #lockPub & { target: "lock", topic: "status", trgtLoc: _roleId } &
	    { topicArgs: "locked" | "unlocked" | "battery_low" } <= lockSign
	roleCert: _domain/_role/_roleId/_certinfo
	signCert: _domain/_role/_roleId/"sgn"/_certinfo
	opSign: signCert & { _role: "operator" } <= opCert
	lockSign: signCert & { _role: "device" } <= lockCert
	opCert: roleCert & { _role: "operator" } <= domainCert
	lockCert: roleCert & { _role: "device" } <= domainCert
	domainCert: _domain/_certinfo
	#chainInfo: /_role/_roleId <= signCert
	#pubPrefix: _domain
	#msgsValidator: "EdDSA"
	#certValidator: "EdDSA"
	#pduValidator: "EdDSA"
	_certinfo: "KEY"/_/"dct"/_
	EOF
}

# Trust anchor, schema cert, and a bundle per member, all made now.
make_domain()
{
	local i

	write_rules > "$w/home.rules" &&
	"$T/deftt-schemac" -o "$w/home.scm" "$w/home.rules" &&
	"$T/deftt-cert" anchor -o "$w/home.root" /home &&
	"$T/deftt-cert" schema -o "$w/home.schema" "$w/home.scm" "$w/home.root" ||
		return 1
	for i in 0 1 2; do
		"$T/deftt-cert" identity -o "$w/${who[$i]}.cert" \
			"/home/${role[$i]}/${who[$i]}" "$w/home.root" &&
		"$T/deftt-bundle" make -o "$w/${who[$i]}.bundle" \
			"$w/home.root" "$w/home.schema" "+$w/${who[$i]}.cert" ||
			return 1
	done
}

# describe CERTFILE...: each cert's name (without its KEY suffix), key id
# and validity, a line each
describe()
{
	"$T/deftt-cert" show "$@" | awk '
		/^[^ ].*:$/ { f = $1; sub(/:$/, "", f); sub(/.*\//, "", f) }
		/^cert 0: / { n = $3; sub(/\/KEY\/.*/, "", n) }
		/^  key id / { k = $3 }
		/^  valid / { printf "   %-15s %-23s key %s, valid %s to %s\n", f, n, k, $2, $4 }'
}

# A hub namespace holds the bridge; each member hangs off it by a veth.
# Batches of ip commands: every process costs under emulation.
topology()
{
	local i

	printf 'netns add %s\n' "$H" "${ns[@]}" | ip -b - || return 1
	for i in 0 1 2; do
		# no duplicate address detection: the link-local address at once
		at "$i" sysctl -qw net.ipv6.conf.default.accept_dad=0 \
			net.ipv6.conf.all.accept_dad=0 || return 1
	done
	{
		echo "link add br0 type bridge"
		echo "link set br0 up"
		for i in 0 1 2; do
			echo "link add p$i type veth peer name m0 netns ${ns[$i]}"
			echo "link set p$i master br0 up"
		done
	} | ip -n "$H" -b - || return 1
	for i in 0 1 2; do
		printf 'link set %s up\n' lo m0 | ip -n "${ns[$i]}" -b - || return 1
	done
}

# says FILE TEXT: a line of FILE holds TEXT (no process started)
says()
{
	local line

	while IFS= read -r line; do
		[[ $line == *"$2"* ]] && return 0
	done < "$1"
	return 1
}

# connected I: member I's deftd says its cert distributor is connected,
# and its zone holds its signing key and the signers of all three.
connected()
{
	says "$w/deftd-${who[$1]}.log" "cert distributor connected" &&
	[[ $(at "$1" "$adm" zone show 1 2>/dev/null) == *"signers 3, signing key yes"* ]]
}

# subscribed PID: the device waits in poll() (syscall 7), which it
# reaches only after subscribing.
subscribed()
{
	local nr

	read -r nr _ < "/proc/$1/syscall" 2>/dev/null && [ "$nr" = 7 ]
}

# run_op ARGS...: one operator run as alice; its lines shown and kept
run_op()
{
	local r

	echo "\$ operator $*"
	at 0 "$op" -d home -t 10000 "$@" > "$w/op.out" 2>> "$w/operator.log"
	r=$?
	sed 's/^/   /' "$w/op.out"
	cat "$w/op.out" >> "$w/exchange.txt"
	return $r
}

# now: microseconds; span T0: seconds since T0 (from now), one decimal
now() { echo "${EPOCHREALTIME/./}"; }
span() { local d=$(( ($(now) - $1) / 100000 )); echo "$((d / 10)).$((d % 10))"; }

guest()
{
	local n=${DEFTT_DEMO_COMMANDS:-3} cto=${DEFTT_DEMO_CONNECT_TIMEOUT:-120}
	local i t0 end rc=0 cmds replies missing med

	w=$(mktemp -d /tmp/demo.XXXXXX)
	trap cleanup EXIT
	echo "== trust domain \"home\", made now with deftt-schemac, deftt-cert, deftt-bundle"
	if ! make_domain > "$w/domain.log" 2>&1; then
		tails
		result "could not make the trust domain"
		return 1
	fi
	describe "$w/home.root" "$w/home.schema" "$w"/{alice,frontdoor,backdoor}.cert
	echo "   a bundle each: trust anchor, schema cert, the member's identity cert and key"

	echo "== kernel: deftt.ko, three network namespaces on a bridge"
	modprobe -q -a blake2b_generic libchacha20poly1305 libcurve25519 udp_tunnel
	if [ ! -d /sys/module/deftt ] && ! insmod "$top/deftt.ko"; then
		result "insmod deftt.ko failed"
		return 1
	fi
	if ! topology > "$w/topology.log" 2>&1; then
		tails
		result "could not build the namespaces"
		return 1
	fi
	for i in 0 1 2; do
		printf '   %-15s m0 - bridge br0 (%s %s)\n' "${ns[$i]}:" \
			"${role[$i]}" "${who[$i]}"
	done

	echo "== deftd: one per member, each with its bundle (logs kept, shown on failure)"
	t0=$(now)
	for i in 0 1 2; do
		ip netns exec "${ns[$i]}" "$deftd" -i m0 -b "$w/${who[$i]}.bundle" \
			> "$w/deftd-${who[$i]}.log" 2>&1 &
		dpid[$i]=$!
	done
	end=$((SECONDS + cto))
	for i in 0 1 2; do
		until connected "$i"; do
			if ! kill -0 "${dpid[$i]}" 2>/dev/null; then
				tails
				result "deftd of ${who[$i]} stopped: $(tail -n 1 "$w/deftd-${who[$i]}.log")"
				return 1
			fi
			if [ $SECONDS -ge $end ]; then
				tails
				result "deftd of ${who[$i]} not connected within ${cto} s"
				return 1
			fi
			sleep 0.3
		done
	done
	echo "   all three cert distributors connected, 3 signers each, after $(span "$t0") s"

	echo "== devices: frontdoor and backdoor wait for commands"
	for i in 1 2; do
		ip netns exec "${ns[$i]}" "$dev" -d home -i "${who[$i]}" \
			> "$w/device-${who[$i]}.log" 2>&1 &
		devpid[$i]=$!
	done
	end=$((SECONDS + 60))
	for i in 1 2; do
		until subscribed "${devpid[$i]}"; do
			if [ $SECONDS -ge $end ] || ! kill -0 "${devpid[$i]}" 2>/dev/null; then
				tails
				result "device ${who[$i]} did not start"
				return 1
			fi
			sleep 0.2
		done
		echo "   ${who[$i]}: subscribed to /home/lock/command/${who[$i]} and /home/lock/command/all"
	done

	echo "== exchange: alice's operator commands, the locks reply"
	: > "$w/exchange.txt"
	t0=$(now)
	run_op -n "$n" -e frontdoor,backdoor all unlock || rc=1
	run_op -n 1 frontdoor lock || rc=1
	run_op -n 1 -e frontdoor,backdoor all report || rc=1
	echo "   (exchange $(span "$t0") s)"
	for i in 1 2; do
		kill "${devpid[$i]}" 2>/dev/null
		wait "${devpid[$i]}" 2>/dev/null
		echo "-- ${who[$i]}'s device printed:"
		sed 's/^/   /' "$w/device-${who[$i]}.log"
	done

	for i in 0 1 2; do
		echo "== deftadm show; deftadm signers 1 (${who[$i]}, in ${ns[$i]})"
		# signer thumbprints cut to 8 hex digits
		{ at "$i" "$adm" show; at "$i" "$adm" signers 1; } 2>&1 |
			sed -E 's/^([0-9a-f]{8})[0-9a-f]{56} /\1.. /; s/^/   /'
	done

	# Totals over the operator runs and the median rtt of every reply.
	read -r cmds replies missing < <(awk '/^[0-9]+ commands, [0-9]+ replies, [0-9]+ missing$/ {
		c += $1; r += $3; m += $5 } END { print c + 0, r + 0, m + 0 }' "$w/exchange.txt")
	med=$(sed -n 's/.*, rtt \([0-9.]*\) ms$/\1/p' "$w/exchange.txt" | sort -g |
	      awk '{ v[NR] = $1 } END { if (!NR) print "-"; else if (NR % 2) print v[(NR + 1) / 2];
		    else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
	if [ $rc = 0 ] && [ "$missing" = 0 ] && [ "$cmds" -gt 0 ]; then
		result "ok members=3 commands=$cmds replies=$replies median_rtt_ms=$med"
		return 0
	fi
	tails
	if [ "$missing" != 0 ]; then
		result "failed: $missing replies missing (commands=$cmds replies=$replies median_rtt_ms=$med)"
	else
		result "failed: operator: $(head -n 1 "$w/operator.log" 2>/dev/null) (commands=$cmds replies=$replies)"
	fi
	return 1
}

if [ "${1:-}" = --guest ]; then
	guest
	exit
fi

# ---- on the host ------------------------------------------------------------
for f in deftt.ko build/daemon/deftd build/tools/deftadm build/tools/deftt-cert \
	 build/tools/deftt-bundle build/tools/deftt-schemac build/examples/operator \
	 build/examples/device; do
	[ -e "$f" ] || { echo "demo: FAILED — $f is not built (make demo builds it)"; exit 1; }
done
mkdir -p build/demo
out=build/demo/output.log
# The guest may cache the host's files: nothing it runs changes during the run.
export DEFTT_VM_9PCACHE=${DEFTT_VM_9PCACHE:-loose}
# Kernel notices (the out-of-tree taint, a slow timer interrupt under
# emulation) stay off the console: errors only. run.sh still scans the
# whole kernel log at the end and fails the run on any warning.
export DEFTT_VM_APPEND="${DEFTT_VM_APPEND:+$DEFTT_VM_APPEND }loglevel=4"
t0=$EPOCHREALTIME
kver=${DEFTT_DEMO_KVER:+--kver=$DEFTT_DEMO_KVER}
echo "== VM: booting ${DEFTT_DEMO_KVER:-the default kernel} under qemu (software emulation); console log in build/demo/vm.log"
bash selftests/vm/run.sh ${kver:+"$kver"} --timeout "${DEFTT_DEMO_TIMEOUT:-300}" \
	--log build/demo/vm.log -- bash selftests/demo.sh --guest 2>&1 |
	tee "$out" | grep -v '^demo-result: '
vmrc=${PIPESTATUS[0]}
wall=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')

res=$(sed -n 's/^demo-result: //p' "$out" | tail -n 1)
get() { sed -n "s/.*\<$1=\([^ )]*\).*/\1/p" <<< "$res"; }
echo "== verdict"
echo "wall time ${wall} s (VM boot included); median command->reply rtt $(get median_rtt_ms) ms"
if [ "$vmrc" = 0 ] && [[ $res == ok* ]]; then
	echo "demo: OK — $(get members) members, $(get commands) commands, $(get replies) replies, median rtt $(get median_rtt_ms) ms"
	exit 0
fi
case $vmrc in
124) why="the VM timed out after ${DEFTT_DEMO_TIMEOUT:-300} s" ;;
125) why="kernel $(sed -n 's/^vm: FAIL: kernel //p' "$out" | head -n 1)" ;;
126) why="the VM could not run the demo: $(sed -n 's/^vm: FAIL: //p' "$out" | head -n 1)" ;;
*) why=${res#failed: }
   why=${why:-no result from the VM} ;;
esac
echo "demo: FAILED — $why"
exit 1
