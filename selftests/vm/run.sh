#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Run one command as root in a throw-away qemu VM booting a Debian kernel,
# with the host's / as a read-only 9p root under a tmpfs overlay; pass its
# exit status out and fail on any kernel warning in the console log.
#
# Usage: selftests/vm/run.sh [--kver KVER] [--timeout SECS] [--log FILE]
#                            [--mem MB] [--smp N] -- COMMAND [ARGS...]
#
# Exit status: the command's, or 124 on timeout, 125 when the kernel logged
# a warning/oops/lockdep/slub report (the reason is printed on stderr),
# 126 when the VM could not run the command at all.
# Environment: DEFTT_VM_9PCACHE=loose caches the host files in the guest
# (faster, fine as long as the host does not change them during the run);
# every DEFTT_* variable is passed to the command. For debugging the VM
# itself: DEFTT_VM_APPEND (more kernel arguments), DEFTT_VM_QEMU (more qemu
# arguments), DEFTT_VM_KERNEL (another kernel image).
set -euo pipefail
# All in one block, parsed before it runs: editing this file during a
# run cannot break the run.
{

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
top=$(cd "$here/../.." && pwd -P)

usage() {
	sed -n '7,8s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2
	exit "${1:-2}"
}

die() {
	echo "vm: $*" >&2
	exit 126
}

kver=""
timeout=600
log=""
mem=1024
smp=2
while [ $# -gt 0 ]; do
	case $1 in
	--kver) kver=${2:?}; shift 2 ;;
	--kver=*) kver=${1#*=}; shift ;;
	--timeout) timeout=${2:?}; shift 2 ;;
	--timeout=*) timeout=${1#*=}; shift ;;
	--log) log=${2:?}; shift 2 ;;
	--log=*) log=${1#*=}; shift ;;
	--mem) mem=${2:?}; shift 2 ;;
	--mem=*) mem=${1#*=}; shift ;;
	--smp) smp=${2:?}; shift 2 ;;
	--smp=*) smp=${1#*=}; shift ;;
	-h|--help) usage 0 ;;
	--) shift; break ;;
	*) usage ;;
	esac
done
[ $# -gt 0 ] || usage
[[ $timeout =~ ^[0-9]+$ ]] || die "--timeout wants whole seconds"
[[ $mem =~ ^[0-9]+$ ]] || die "--mem wants megabytes"
[[ $smp =~ ^[0-9]+$ ]] || die "--smp wants a number"

if [ -z "$kver" ]; then
	kver=$(dpkg-query -W -f='${Depends}' linux-image-amd64 2>/dev/null |
	       sed -n 's/.*linux-image-\([0-9][^ ,]*\).*/\1/p')
	[ -n "$kver" ] || die "linux-image-amd64 is not installed (make deps)"
fi
vmlinuz=/boot/vmlinuz-$kver
moddir=/lib/modules/$kver
[ -r "$vmlinuz" ] || die "no kernel image $vmlinuz"
[ -f "$moddir/modules.dep" ] || die "no $moddir/modules.dep"
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86 is not installed"
busybox=$(command -v busybox) || die "busybox-static is not installed"

cache=$top/build/vm/$kver
mkdir -p "$cache"
log=${log:-$top/build/vm/last.log}
mkdir -p "$(dirname "$log")"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/deftt-vm.XXXXXX")
qpid=""
# shellcheck disable=SC2317 # called from the trap
cleanup() {
	if [ -n "$qpid" ] && kill -0 "$qpid" 2>/dev/null; then
		kill "$qpid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- kernel ----------------------------------------------------------------
# qemu boots an uncompressed vmlinux through its PVH entry point, which
# skips the firmware's real-mode path and the decompressor (seconds under
# TCG). Unpack it once per kernel; fall back to the bzImage if that fails.
kernel=$cache/vmlinux
kstamp=$(stat -c '%s %Y' "$vmlinuz")
if [ ! -f "$kernel" ] || [ "$(cat "$kernel.stamp" 2>/dev/null)" != "$kstamp" ]; then
	rm -f "$kernel" "$kernel.stamp"
	for fmt in 'xz:\xfd7zXZ\x00' 'zstd:\x28\xb5\x2f\xfd' 'gzip:\x1f\x8b\x08'; do
		off=$(LC_ALL=C grep -obUaP -m1 "${fmt#*:}" "$vmlinuz" | head -n 1 | cut -d: -f1 || true)
		[ -n "$off" ] || continue
		case ${fmt%%:*} in
		xz) tail -c +$((off + 1)) "$vmlinuz" | xz -dc --single-stream ;;
		zstd) tail -c +$((off + 1)) "$vmlinuz" | zstd -qdc ;;
		gzip) tail -c +$((off + 1)) "$vmlinuz" | gzip -dc ;;
		esac >"$kernel.$$" 2>/dev/null || true
		# Only an ELF with a PVH entry note (Xen note type 18) will do.
		if LC_ALL=C readelf -n "$kernel.$$" 2>/dev/null |
		   grep -q 'Xen.*(0x00000012)'; then
			mv -f "$kernel.$$" "$kernel"
			echo "$kstamp" >"$kernel.stamp"
			break
		fi
		rm -f "$kernel.$$"
	done
fi
[ -f "$kernel" ] || kernel=$vmlinuz
kernel=${DEFTT_VM_KERNEL:-$kernel}

# ---- initramfs ------------------------------------------------------------
# What /init loads, in this order, each after the modules it depends on;
# a module that is built in (or absent) is skipped.
want=(virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev
      virtio_pci netfs fscache 9pnet 9pnet_virtio 9p overlay)

declare -A have=()
mods=()
add_path() {
	[ -n "${have[$1]:-}" ] && return
	have[$1]=1
	mods+=("$1")
}
add_module() {
	local entry deps i
	entry=$(grep -m1 -E "(^|/)$1\.ko(\.[a-z]+)?:" "$moddir/modules.dep") || return 0
	read -r -a deps <<<"${entry#*:}"
	# modules.dep lists the dependencies last-to-load first.
	for ((i = ${#deps[@]} - 1; i >= 0; i--)); do
		add_path "${deps[i]}"
	done
	add_path "${entry%%:*}"
}
for m in "${want[@]}"; do
	add_module "$m"
done

initrd=$cache/initramfs.cpio
key=$({
	sha256sum "$here/init.sh" "${BASH_SOURCE[0]}" "$busybox"
	for p in "${mods[@]}"; do
		stat -c '%n %s %Y' "$moddir/$p"
	done
} | sha256sum | cut -d' ' -f1)

if [ ! -f "$initrd" ] || [ "$(cat "$cache/initramfs.key" 2>/dev/null)" != "$key" ]; then
	stage=$tmp/stage
	mkdir -p "$stage/bin" "$stage/modules" "$stage/dev"
	cp "$busybox" "$stage/bin/busybox"
	for a in $("$busybox" --list); do
		[ "$a" = busybox ] || ln -s busybox "$stage/bin/$a"
	done
	install -m 0755 "$here/init.sh" "$stage/init"
	[ "$(id -u)" = 0 ] && mknod -m 600 "$stage/dev/console" c 5 1
	for p in "${mods[@]}"; do
		name=$(basename "$p")
		name=${name%%.ko*}
		case $p in
		*.ko.xz) xz -dc "$moddir/$p" ;;
		*.ko.zst) zstd -qdc "$moddir/$p" ;;
		*.ko.gz) gzip -dc "$moddir/$p" ;;
		*) cat "$moddir/$p" ;;
		esac >"$stage/modules/$name.ko"
		echo "$name" >>"$stage/modules/order"
	done
	touch "$stage/modules/order"
	(cd "$stage" && find . | LC_ALL=C sort |
	 cpio -o -H newc -R 0:0 --quiet) >"$initrd.$$"
	mv -f "$initrd.$$" "$initrd"
	echo "$key" >"$cache/initramfs.key"
fi

# ---- the job ---------------------------------------------------------------
quote() {
	local s=$1
	printf "'%s'" "${s//\'/\'\\\'\'}"
}

cwd=$(pwd -P)
nonce=$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
job=$tmp/job.sh
{
	echo "export PATH=$(quote "$PATH")"
	echo "export HOME=/root USER=root LOGNAME=root TERM=dumb LC_ALL=C.UTF-8"
	while IFS= read -r v; do
		echo "export $v=$(quote "${!v}")"
	done < <(compgen -e | grep '^DEFTT_' || true)
	echo "cd $(quote "$cwd") || exit 126"
	printf 'exec'
	for a in "$@"; do
		printf ' %s' "$(quote "$a")"
	done
	echo
} >"$job"

append="console=ttyS0 loglevel=5 printk.time=1 slub_debug=FZPU"
append+=" panic=-1 oops=panic panic_on_warn=0 mitigations=off pci=noacpi"
append+=" deftt_job=$job deftt_nonce=$nonce"
[[ $cwd =~ ^[^[:space:]\"]+$ ]] && append+=" deftt_cwd=$cwd"
[ -n "${DEFTT_VM_9PCACHE:-}" ] && append+=" deftt_9pcache=$DEFTT_VM_9PCACHE"
append+=${DEFTT_VM_APPEND:+ $DEFTT_VM_APPEND}
read -r -a qextra <<<"${DEFTT_VM_QEMU:-}"

# ---- run -------------------------------------------------------------------
# The command's output (between the start and exit markers) goes to our
# stdout as it comes; the whole console stays in the log.
stream() {
	local state=pre line t0=$1
	while IFS= read -r line || [ -n "$line" ]; do
		line=${line%$'\r'}
		case $state in
		pre)
			if [[ $line == *"DEFTT-VM-START-$nonce"* ]]; then
				echo "$EPOCHREALTIME" >"$tmp/start.t"
				awk -v a="$t0" -v b="$EPOCHREALTIME" \
				    'BEGIN { printf "vm: boot %.1f s\n", b - a }' >&2
				state=run
			fi
			;;
		run)
			if [[ $line == *"DEFTT-VM-EXIT-$nonce="* ]]; then
				echo "$EPOCHREALTIME" >"$tmp/exit.t"
				line=${line%%DEFTT-VM-EXIT-*}
				[ -z "$line" ] || printf '%s\n' "$line"
				state=post
			elif [[ $line != "qemu-system-x86_64: "* ]]; then
				printf '%s\n' "$line"
			fi
			;;
		esac
	done
}

# The console goes to a private file first so that runs at the same time
# do not mix their logs; it is copied to the log at the end.
clog=$tmp/console.log
: >"$clog"
t0=$EPOCHREALTIME
qemu-system-x86_64 -accel tcg -cpu max -m "$mem" -smp "$smp" \
	-nographic -no-reboot -nic none \
	-kernel "$kernel" -initrd "$initrd" -append "$append" \
	-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
	"${qextra[@]}" </dev/null >>"$clog" 2>&1 &
qpid=$!
tail -n +1 -s 0.2 --pid="$qpid" -f "$clog" | stream "$t0" &
spid=$!

timedout=0
deadline=$((${t0%.*} + timeout))
while kill -0 "$qpid" 2>/dev/null; do
	if [ "$(date +%s)" -ge "$deadline" ]; then
		timedout=1
		kill "$qpid" 2>/dev/null || true
		break
	fi
	sleep 0.2
done
qrc=0
wait "$qpid" || qrc=$?
qpid=""
wait "$spid" || true
if [ -f "$tmp/start.t" ] && [ -f "$tmp/exit.t" ]; then
	awk -v a="$(cat "$tmp/start.t")" -v b="$(cat "$tmp/exit.t")" \
	    'BEGIN { printf "vm: command %.1f s\n", b - a }' >&2
fi
final=$tmp/final.log
sed 's/\r$//' "$clog" >"$final"
cp "$final" "$log.$$"
mv -f "$log.$$" "$log"

# ---- verdict ---------------------------------------------------------------
# Kernel reports: only lines with a printk timestamp count, so the
# command's own output cannot trip (or hide) them.
bad='Oops|WARNING:|BUG:|kernel BUG|KASAN|UBSAN|Kernel panic'
bad+='|possible circular locking|possible recursive locking'
bad+='|inconsistent lock state|suspicious RCU usage|blocked for more than'
bad+='|Call Trace|BUG kmalloc|BUG [A-Za-z0-9_:.-]+ \(|Redzone'
bad+='|Poison overwritten|Object padding|Padding overwritten'
bad+='|Freepointer corrupt|general protection fault|list_(add|del) corruption'
bad+='|refcount_t: |stack-protector|rcu: INFO|self-detected stall'

rc=$(sed -n "s/.*DEFTT-VM-EXIT-$nonce=\([0-9]*\).*/\1/p" "$final" | head -n 1)
report=$(grep -aE "\[ *[0-9]+\.[0-9]+\] .*($bad)" "$final" | head -n 1 |
	 sed 's/^.*\(\[ *[0-9]*\.[0-9]*\]\)/\1/' || true)

if [ "$timedout" = 1 ]; then
	echo "vm: FAIL: timeout after ${timeout} s (log: $log)" >&2
	exit 124
fi
if [ -n "$report" ]; then
	echo "vm: FAIL: kernel report: $report (log: $log)" >&2
	exit 125
fi
if [ -z "$rc" ]; then
	if ! grep -q "DEFTT-VM-START-$nonce" "$final"; then
		why=$(grep -a 'vm-init:' "$final" | head -n 1 || true)
		echo "vm: FAIL: the command never started${why:+: $why} (qemu status $qrc, log: $log)" >&2
	else
		echo "vm: FAIL: the VM stopped before the command finished (qemu status $qrc, log: $log)" >&2
	fi
	exit 126
fi
exit "$rc"
}
