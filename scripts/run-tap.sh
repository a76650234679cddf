#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Run TAP-printing test programs; count their test points; write "P F" to $TAP_COUNTS.
set -u
pass=0 fail=0
for t in "$@"; do
	out=$("$t" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	p=$(printf '%s\n' "$out" | grep -cE '^ok ')
	f=$(printf '%s\n' "$out" | grep -cE '^not ok ')
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		echo "not ok - $(basename "$t") exited with status $rc"
		f=1
	fi
	if [ "$p" = 0 ] && [ "$f" = 0 ]; then
		echo "not ok - $(basename "$t") reported no test"
		f=1
	fi
	pass=$((pass + p)) fail=$((fail + f))
done
echo "# $pass passed, $fail failed"
[ -n "${TAP_COUNTS:-}" ] && echo "$pass $fail" > "$TAP_COUNTS"
[ "$fail" = 0 ]
