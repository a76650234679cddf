# SPDX-License-Identifier: GPL-2.0
# Shared helpers of the shell selftests: TAP output and totals.

ksft_skip=4
n_tests=0
n_fail=0

# log_test STATUS NAME: one TAP line per check.
log_test()
{
	n_tests=$((n_tests + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n_tests $2"
	else
		n_fail=$((n_fail + 1))
		echo "not ok $n_tests $2"
	fi
}

# check NAME CMD...: run CMD, log its status under NAME.
check()
{
	local name=$1

	shift
	"$@"
	log_test $? "$name"
}

finish()
{
	echo "# $((n_tests - n_fail)) passed, $n_fail failed"
	[ "$n_fail" = 0 ]
}
