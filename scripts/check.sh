#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make check: every lane in turn, their times, and one closing "N passed, N failed".
set -u
cd "$(dirname "$0")/.."

logdir=build/check
mkdir -p "$logdir"
pass=0 fail=0
summary=()
t_all=$(date +%s)

# lane NAME CMD...: run CMD with output in $logdir/NAME.log; count its TAP
# points ("ok"/"not ok" lines), or the lane itself as one test if it has none.
lane()
{
	local name=$1 t0 rc p f

	shift
	t0=$(date +%s)
	echo "== $name: $*"
	"$@" > "$logdir/$name.log" 2>&1
	rc=$?
	p=$(grep -cE '^ok ' "$logdir/$name.log")
	f=$(grep -cE '^not ok ' "$logdir/$name.log")
	if [ "$p" = 0 ] && [ "$f" = 0 ]; then
		if [ $rc = 0 ]; then p=1; else f=1; fi
	elif [ $rc != 0 ] && [ "$f" = 0 ]; then
		f=1	# died without saying which point failed
	fi
	pass=$((pass + p)) fail=$((fail + f))
	grep -E '^not ok ' "$logdir/$name.log" | sed "s/^/  $name: /"
	[ $rc = 0 ] || tail -n 20 "$logdir/$name.log" | sed "s/^/  | /"
	summary+=("$(printf '%-10s %4ss  %3d passed, %d failed' "$name" \
		$(($(date +%s) - t0)) "$p" "$f")")
	echo "${summary[-1]}"
}

lane build make -j2 WERROR=1 all
lane unit make -j2 WERROR=1 unit
lane style make style
lane sparse make sparse
lane fuzz make -j2 fuzz FUZZ_SECONDS=${FUZZ_SECONDS:-10}
lane vm-runner bash selftests/vm/selftest.sh
lane vm make vm-check
# The demo: three members of a trust domain in the VM (about a minute).
lane demo make demo
grep -a '^demo: ' "$logdir/demo.log" | sed 's/^/  /'
# make dkms-check (a DKMS build and install of the module inside the VM for
# 6.1 and 6.12) is not a lane here: compiling the module under emulation
# takes 10-20 minutes per kernel, which would break CI's 40-minute budget.

echo "== lane times"
printf '%s\n' "${summary[@]}"
echo "total $(($(date +%s) - t_all))s"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
