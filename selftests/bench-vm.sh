#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# In the VM: the module's Ed25519 timings beside our userspace build and libsodium, same VM.
set -eu
cd "$(dirname "$0")/.."

modprobe -a libchacha20poly1305 libcurve25519 blake2b_generic udp_tunnel
modprobe curve25519-x86_64 2>/dev/null || true
insmod deftt.ko
trap 'rmmod deftt' EXIT
mountpoint -q /sys/kernel/debug || mount -t debugfs debugfs /sys/kernel/debug

best()
{
	local key=$1 best="" v

	for _ in 1 2 3 4 5; do
		v=$(sed -n "s/^$key //p" /sys/kernel/debug/deftt/bench)
		if [ -z "$best" ] || [ "$v" -lt "$best" ]; then best=$v; fi
	done
	echo "$best"
}

k_sign=$(best ed25519_sign_ns)
k_verify=$(best ed25519_verify_ns)
grep -q '^ed25519_verify_ok 1$' /sys/kernel/debug/deftt/bench

out=$(build/bench/bench_ed25519)
u_verify=$(printf '%s\n' "$out" | awk '$2 == "ed25519_verify" { print $3; exit }')
u_sign=$(printf '%s\n' "$out" | awk '$2 == "ed25519_sign" { print $3; exit }')
s_verify=$(printf '%s\n' "$out" | awk '$2 == "ed25519_verify" { print $3 / $6; exit }')

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "bench: vm_kernel_ed25519_sign $k_sign ns/op ratio $(ratio "$k_sign" "$u_sign") vs vm_user_ed25519_sign"
echo "bench: vm_kernel_ed25519_verify $k_verify ns/op ratio $(ratio "$k_verify" "$u_verify") vs vm_user_ed25519_verify"
echo "bench: vm_kernel_ed25519_verify $k_verify ns/op ratio $(ratio "$k_verify" "$s_verify") vs vm_libsodium_verify"
echo "bench: vm_user_ed25519_verify $u_verify ns/op ratio $(ratio "$u_verify" "$s_verify") vs vm_libsodium_verify"
