#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Run each libFuzzer harness for SECONDS on a corpus seeded from the vectors.
# Usage: scripts/fuzz.sh SECONDS HARNESS...
set -u
secs=$1
shift
rc=0
n=0
for h in "$@"; do
	n=$((n + 1))
	name=$(basename "$h")
	corpus=build/fuzz/corpus/$name
	mkdir -p "$corpus"
	# Seeds: selftests/fuzz/seeds.sh knows which vectors suit which harness.
	if [ -f selftests/fuzz/seeds.sh ]; then
		bash selftests/fuzz/seeds.sh "${name#fuzz_}" "$corpus" >/dev/null 2>&1
	fi
	out=$("$h" -max_total_time="$secs" -print_final_stats=1 "$corpus" 2>&1)
	st=$?
	execs=$(printf '%s\n' "$out" | sed -n 's/^stat::number_of_executed_units: *//p')
	speed=$(printf '%s\n' "$out" | sed -n 's/^stat::average_exec_per_sec: *//p')
	if [ $st = 0 ]; then
		echo "ok $n $name ${execs:-?} execs ${speed:-?}/s"
	else
		printf '%s\n' "$out" | tail -n 40
		echo "not ok $n $name crashed (status $st)"
		rc=1
	fi
done
[ $n -gt 0 ] || echo "# no fuzz harness yet"
exit $rc
