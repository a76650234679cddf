#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# /init of the deftt test VM (busybox sh): load the 9p and overlay modules,
# mount the host root read-only with a tmpfs overlay on top, chroot into it,
# run the job that selftests/vm/run.sh wrote and report its exit status on
# the console, then power off.
#
# The kernel hands unknown "key=value" command-line words to init as
# environment variables: deftt_job is the job script's host path,
# deftt_nonce makes the marker lines unguessable for the job's own output.

PATH=/bin
export PATH
: "${deftt_job:=/nonexistent}" "${deftt_nonce:=0}" "${deftt_cwd:=/}"

mkdir -p /proc /sys /dev /newroot /lower /rw
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null

say() {
	echo "vm-init: $*" >/dev/console
}

finish() {
	echo "DEFTT-VM-EXIT-$deftt_nonce=$1"
	# Everything the kernel logged, also what stayed under the console
	# loglevel; run.sh scans it for warnings.
	echo "DEFTT-VM-DMESG-$deftt_nonce"
	dmesg
	echo "DEFTT-VM-END-$deftt_nonce"
	echo o >/proc/sysrq-trigger
	sleep 5
	poweroff -f
}

# Modules in dependency order; the list was made when the initramfs was built.
while read -r m; do
	[ -n "$m" ] || continue
	insmod "/modules/$m.ko" || say "insmod $m failed"
done </modules/order

if ! mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144,${deftt_9pcache:+cache=$deftt_9pcache,}ro \
		hostroot /lower; then
	say "cannot mount the host root over 9p"
	finish 126
fi
mount -t tmpfs -o mode=0755 tmpfs /rw
mkdir -p /rw/upper /rw/work
if ! mount -t overlay overlay \
		-o lowerdir=/lower,upperdir=/rw/upper,workdir=/rw/work /newroot; then
	say "cannot mount the overlay root"
	finish 126
fi

mount -t proc proc /newroot/proc
mount -t sysfs sysfs /newroot/sys
mount -t devtmpfs devtmpfs /newroot/dev
mkdir -p /newroot/dev/pts /newroot/dev/shm
# What udev would add; bash's <(...) needs /dev/fd.
ln -sf /proc/self/fd /newroot/dev/fd
ln -sf /proc/self/fd/0 /newroot/dev/stdin
ln -sf /proc/self/fd/1 /newroot/dev/stdout
ln -sf /proc/self/fd/2 /newroot/dev/stderr
mount -t devpts -o gid=5,mode=620,ptmxmode=666 devpts /newroot/dev/pts
mount -t tmpfs tmpfs /newroot/dev/shm
mount -t tmpfs -o mode=0755 tmpfs /newroot/run
# A job whose working directory is under the host's /tmp keeps seeing it.
case "$deftt_cwd/" in
/tmp/*) ;;
*) mount -t tmpfs -o mode=1777 tmpfs /newroot/tmp ;;
esac
[ -d /sys/kernel/debug ] && mount -t debugfs debugfs /newroot/sys/kernel/debug 2>/dev/null

# The job lives on the host; copy it in before anything can hide it.
if ! cp "/lower$deftt_job" /newroot/run/deftt-job.sh; then
	say "cannot read the job $deftt_job"
	finish 126
fi

ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up
hostname deftt-vm

# PID 1 itself moves into the overlay (switch_root) rather than running the
# job under chroot: the kernel's usermode helpers share PID 1's root, so
# request_module() finds the guest's modprobe and /lib/modules, and the job
# is not "chrooted", so it may create user namespaces.
# PID 1 runs from tmpfs: a page fault on the 9p share while the VM powers
# off would kill init and panic the kernel.
mkdir -p /newroot/run/deftt-bin
cp /bin/busybox /newroot/run/deftt-bin/busybox
bb=/run/deftt-bin/busybox
cat >/newroot/run/deftt-stage2.sh <<EOF
echo "DEFTT-VM-START-$deftt_nonce"
/bin/sh /run/deftt-job.sh </dev/null >/dev/console 2>&1
rc=\$?
echo "DEFTT-VM-EXIT-$deftt_nonce=\$rc"
echo "DEFTT-VM-DMESG-$deftt_nonce"
$bb dmesg
echo "DEFTT-VM-END-$deftt_nonce"
echo o >/proc/sysrq-trigger
$bb sleep 30
EOF
exec switch_root /newroot $bb sh /run/deftt-stage2.sh
