#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Install everything deftt needs on Debian 12; safe to run again and again.
set -euo pipefail

stamp=${DEPS_STAMP:-build/.deps-done}
pkgs=(build-essential linux-headers-amd64 linux-image-amd64 qemu-system-x86
      busybox-static libsodium-dev libnl-genl-3-dev libmnl-dev bison flex
      sparse clang-19 libclang-rt-19-dev libfuzzer-19-dev linux-source-6.1
      dkms kmod cpio iproute2 jq libpcap-dev pkg-config xz-utils perl)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done

sudo=""
[ "$(id -u)" = 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive

updated=0
apt_update() {
	[ $updated = 1 ] && return
	$sudo apt-get update -q
	updated=1
}

if [ ${#missing[@]} -gt 0 ]; then
	apt_update
	$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The newest 6.12 kernel in the archive that has both an image and headers,
# for the DKMS check on the second supported kernel series.
if ! ls /boot/vmlinuz-6.12.* >/dev/null 2>&1; then
	apt_update
	v=$(apt-cache search --names-only '^linux-headers-6\.12\.[0-9]+\+deb12-amd64$' |
	    sed -n 's/^linux-headers-\(6\.12\.[0-9]*+deb12-amd64\) .*/\1/p' |
	    sort -V | while read -r k; do
		if [ -n "$(apt-cache madison "linux-image-$k")" ]; then echo "$k"; fi
	    done | tail -n 1)
	[ -n "$v" ] || { echo "deps: no 6.12 kernel with headers in the archive" >&2; exit 1; }
	$sudo apt-get install -y -q --no-install-recommends \
		"linux-image-$v" "linux-headers-$v"
fi

# checkpatch.pl and kselftest_harness.h come out of the 6.1 source tarball;
# only the few files we use are extracted, into the build tree.
ksrc=build/linux-src
if [ ! -f "$ksrc/scripts/checkpatch.pl" ] ||
   [ ! -f "$ksrc/tools/testing/selftests/kselftest_harness.h" ]; then
	tarball=$(ls /usr/src/linux-source-6.1*.tar.* | sort -V | tail -n 1)
	top=$(set +o pipefail; tar -tf "$tarball" 2>/dev/null | head -n 1 | cut -d/ -f1)
	mkdir -p "$ksrc"
	tar -xf "$tarball" -C "$ksrc" --strip-components=1 \
		"$top/scripts/checkpatch.pl" "$top/scripts/spelling.txt" \
		"$top/scripts/const_structs.checkpatch" \
		"$top/tools/testing/selftests/kselftest_harness.h" \
		"$top/tools/testing/selftests/kselftest.h"
fi

mkdir -p "$(dirname "$stamp")"
touch "$stamp"
