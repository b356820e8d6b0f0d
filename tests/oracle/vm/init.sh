#!/bin/busybox sh
# init.sh — PID 1 of the oracle VM (the only program of its initramfs besides a static
# busybox).  It mounts the root image (the NVMe disk with serial "root", ext4, laid out
# by tests/oracle/vm/run.sh with the test programs and host tools at their host paths),
# gives it /proc, /sys, /dev, /dev/pts, /dev/shm and /dev/mqueue, brings up the loopback
# interface, names the machine as the host is named, runs /oracle/guest.sh in it, writes /oracle/out as a tar stream onto
# the NVMe disk with serial "results", and powers off.
bb=/bin/busybox
$bb mkdir -p /proc /sys /dev /root
$bb mount -t proc proc /proc
$bb mount -t sysfs sys /sys
$bb mount -t devtmpfs dev /dev

arg() { # arg NAME: the value of oracle.NAME= on the kernel command line
  for w in $($bb cat /proc/cmdline); do
    case "$w" in "oracle.$1="*) echo "${w#*=}" ;; esac
  done
}
disk() { # disk SERIAL: the NVMe namespace whose controller has this serial number
  for c in /sys/class/nvme/nvme*; do
    [ "$($bb cat "$c/serial" | $bb tr -d ' ')" = "$1" ] && echo "/dev/$($bb basename "$c")n1"
  done
}
die() {
  echo "oracle-init: $*"
  $bb poweroff -f
}

root=$(disk root)
results=$(disk results)
[ -n "$root" ] && [ -n "$results" ] || die "no NVMe disks root and results"
$bb mount -t ext4 "$root" /root || die "cannot mount $root"
cd /root || die "no /root"
$bb mkdir -p proc sys dev tmp oracle/out
$bb mount -t proc proc proc
$bb mount -t sysfs sys sys
$bb mount -t devtmpfs dev dev
$bb mkdir -p dev/pts dev/shm dev/mqueue
$bb mount -t devpts -o newinstance,ptmxmode=0666 devpts dev/pts
$bb mount -t tmpfs -o mode=1777 shm dev/shm
$bb mount -t mqueue mqueue dev/mqueue
# The links udev makes on a host (/dev/fd for bash's process substitution, /dev/stdin...).
$bb ln -sf /proc/self/fd dev/fd
for i in 0 1 2; do $bb ln -sf /proc/self/fd/$i dev/$(echo stdin stdout stderr | $bb cut -d' ' -f$((i + 1))); done
$bb chmod 1777 tmp
$bb ip link set lo up # the loopback interface, as every host has it
host=$(arg hostname)
[ -n "$host" ] && $bb hostname "$host"
echo "oracle-init: $($bb uname -sr), $($bb nproc) CPUs, up $($bb cut -d' ' -f1 /proc/uptime) s"

$bb chroot /root /usr/bin/env -i PATH=/usr/bin:/bin HOME=/ LANG=C TERM=dumb \
  /usr/bin/bash /oracle/guest.sh
echo "oracle-init: batch ended with status $?, up $($bb cut -d' ' -f1 /proc/uptime) s"
$bb tar -C /root/oracle -cf "$results" out || die "cannot write the results"
$bb sync
$bb poweroff -f
