#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Self-check of the VM runner: it boots, passes output, arguments, the
# working directory and the exit status through, and fails a run on a kernel
# warning and on a timeout. TAP on stdout.
#
# Usage: selftests/vm/selftest.sh [KVER2]
# KVER2 (default: the newest installed 6.12) is booted once as well.
set -uo pipefail
# All in one block, parsed before it runs: editing this file during a
# run cannot break the run.
{

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
top=$(cd "$here/../.." && pwd -P)
run=$here/run.sh
logs=$top/build/vm/selftest
mkdir -p "$logs"

kver=$(dpkg-query -W -f='${Depends}' linux-image-amd64 2>/dev/null |
       sed -n 's/.*linux-image-\([0-9][^ ,]*\).*/\1/p')
kver2=${1:-$(cd /lib/modules 2>/dev/null && printf '%s\n' 6.12.* |
	     grep -v '\*' | sort -V | tail -n 1)}

n=0
fail=0
result() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		fail=1
	fi
}

total=5
[ -n "$kver2" ] && [ -r "/boot/vmlinuz-$kver2" ] || kver2=""
[ -n "$kver2" ] && total=6
echo "TAP version 13"
echo "1..$total"

# 1: boot, output, arguments with blanks and quotes, working directory.
out=$(cd "$top/selftests" &&
      "$run" --log "$logs/boot.log" -- \
	sh -c 'uname -r; pwd; printf "[%s]" "$@"; echo' x "a b" "c'd" "" 2>"$logs/boot.err")
rc=$?
want=$(printf '%s\n%s\n%s' "$kver" "$top/selftests" "[a b][c'd][]")
[ "$rc" = 0 ] && [ "$out" = "$want" ]
result $? "boot $kver, output, arguments and cwd pass through"
if [ "$rc" != 0 ] || [ "$out" != "$want" ]; then
	echo "# status $rc, output:"
	printf '%s\n' "$out" | sed 's/^/#   /'
fi
grep -h '^vm: boot' "$logs/boot.err" | sed 's/^/# /'

# 2: the command's exit status comes out.
"$run" --log "$logs/false.log" -- false 2>"$logs/false.err"
rc=$?
[ "$rc" = 1 ]
result $? "exit status of false is 1 (got $rc)"
"$run" --log "$logs/exit.log" -- sh -c 'exit 42' 2>"$logs/exit.err"
rc=$?
[ "$rc" = 42 ]
result $? "exit status 42 passes through (got $rc)"

# 3: a kernel warning fails a run whose command succeeded.
"$run" --log "$logs/warn.log" -- \
	sh -c 'echo "<4>WARNING: CPU: 0 PID: 1 at selftest:1 fake+0x0/0x0" >/dev/kmsg' \
	>/dev/null 2>"$logs/warn.err"
rc=$?
[ "$rc" = 125 ] && grep -q 'kernel report: .*WARNING:' "$logs/warn.err"
result $? "kernel WARNING is detected (got $rc)"

# 4: a hung command is killed at the timeout.
"$run" --timeout 60 --log "$logs/timeout.log" -- sleep 1000 2>"$logs/timeout.err"
rc=$?
[ "$rc" = 124 ] && grep -q 'timeout' "$logs/timeout.err"
result $? "timeout is detected (got $rc)"

# 6: the second kernel series boots too.
if [ -n "$kver2" ]; then
	out=$("$run" --kver "$kver2" --log "$logs/boot2.log" -- uname -r 2>"$logs/boot2.err")
	rc=$?
	[ "$rc" = 0 ] && [ "$out" = "$kver2" ]
	result $? "boot $kver2"
	grep -h '^vm: boot' "$logs/boot2.err" | sed 's/^/# /'
fi
exit $fail
}
