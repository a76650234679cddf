#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Everything the VM lane runs, in order; exits non-zero if any part fails.
set -u
cd "$(dirname "$0")/.."
rc=0
for t in selftests/module.sh selftests/zones.sh selftests/datapath.sh selftests/deftd.sh \
	 selftests/keydist.sh; do
	echo "# $t"
	bash "$t" || rc=1
done
exit $rc
