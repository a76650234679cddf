#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# deftadm's answers to bad command lines against golden text; no kernel needed. --update rewrites the golden file.
set -u
cd "$(dirname "$0")/../.."

adm=${DEFTADM:-$PWD/build/tools/deftadm}
golden=selftests/unit/data/deftadm_args.golden
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

[ -x "$adm" ] || { echo "not ok 1 $adm is not built"; exit 1; }

n=0 nfail=0 update=0
[ "${1:-}" = --update ] && update=1

# run ARGS: deftadm with ARGS (shell words), stdin empty; the case's
# actual block ("? status", "1> " stdout and "2> " stderr lines) to $tmp/got.
run()
{
	local status

	eval "set -- $1"
	"$adm" "$@" < /dev/null > "$tmp/out" 2> "$tmp/err"
	status=$?
	{
		echo "? $status"
		sed 's/^/1> /' "$tmp/out"
		sed 's/^/2> /' "$tmp/err"
	} > "$tmp/got"
}

# check ARGS: compares $tmp/got with $tmp/want; one TAP line.
check()
{
	n=$((n + 1))
	if cmp -s "$tmp/want" "$tmp/got"; then
		echo "ok $n deftadm${1:+ $1}"
	else
		nfail=$((nfail + 1))
		echo "not ok $n deftadm${1:+ $1}"
		diff -u "$tmp/want" "$tmp/got" | sed '1,2d; s/^/# /'
	fi
}

# The golden file: comment lines, then cases, each a "$ ARGS" line and
# its expected block, separated by blank lines.
args= incase=0
: > "$tmp/want"
: > "$tmp/new"
finish_case()
{
	[ $incase = 1 ] || return 0
	run "$args"
	if [ $update = 1 ]; then
		cat "$tmp/got" >> "$tmp/new"
	else
		check "$args"
	fi
	args= incase=0
	: > "$tmp/want"
}

while IFS= read -r line || [ -n "$line" ]; do
	case $line in
	'$'*)
		finish_case
		args=${line#\$}
		args=${args# } incase=1
		echo "$line" >> "$tmp/new"
		;;
	'')
		finish_case
		echo >> "$tmp/new"
		;;
	'#'*)
		echo "$line" >> "$tmp/new"
		;;
	*)
		echo "$line" >> "$tmp/want"
		;;
	esac
done < "$golden"
finish_case

if [ $update = 1 ]; then
	cp "$tmp/new" "$golden"
	echo "# $golden rewritten"
	exit 0
fi
echo "# $((n - nfail)) passed, $nfail failed"
[ $nfail = 0 ]
