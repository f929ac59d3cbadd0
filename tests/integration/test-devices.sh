#!/bin/bash
# test-devices.sh — device units end to end, with a plain-process manager (`sysmaster --test
# --root=…`, $SYSMASTER_TEST_DEVICES=1) in network, PID and mount namespaces of the test's own:
# a fake udev database and sysfs below the root make units at start-up (node, sysfs path,
# symlinks; BindsTo= a device started with it; nothing wanted starts yet); synthetic libudev
# messages (uevent-send, netlink group 2 of the private network namespace) replay the boot
# trigger (SYSTEMD_WANTS= starts), unplug a device
# (what is bound to it stops), plug a new one (a template in SYSTEMD_WANTS= gets the escaped
# sysfs path as instance, SYSTEMD_ALIAS= names one more unit), hide one with SYSTEMD_READY=0,
# ignore one not tagged systemd, unload dead device units nobody references (garbage
# collection), and finish a start job that waited for its device.
# Usage: test-devices.sh BUILD-DIR. Exits 77 without root.
set -u
BUILD=$(realpath "${1:?build dir}")
if [ -z "${DEVICES_TEST_INNER:-}" ]; then
        [ "$(id -u)" = 0 ] || { echo "SKIP: needs root (network and PID namespaces)"; exit 77; }
        unshare --net true 2>/dev/null || { echo "SKIP: no network namespaces"; exit 77; }
        export DEVICES_TEST_INNER=1
        exec timeout 100 unshare --net --pid --mount --fork --mount-proc --kill-child "$0" "$@"
fi
export TZ=UTC LC_ALL=C SYSMASTER_TEST_DEVICES=1
T=$(mktemp -d /tmp/test-devices.XXXXXX)
chmod 755 "$T"
ROOT=$T/root
O=$ROOT/out
U=$ROOT/etc/systemd/system
trap 'kill -KILL ${MPID:-0} 2>/dev/null; rm -rf "$T"' EXIT
mkdir -p "$ROOT/usr/lib/systemd/system" "$U/multi-user.target.wants" "$O"
for x in sysinit basic sockets timers paths slices shutdown local-fs; do
        printf '[Unit]\nDescription=%s (test target)\nDefaultDependencies=no\n' $x >"$ROOT/usr/lib/systemd/system/$x.target"
done
printf '[Unit]\nDescription=multi-user\nDefaultDependencies=no\n' >"$ROOT/usr/lib/systemd/system/multi-user.target"
ln -s multi-user.target "$ROOT/usr/lib/systemd/system/default.target"
u() { printf '%b' "$2" >"$U/$1"; }
# a oneshot that stays active and records that it ran
svc() { u "$1" "[Unit]\n$2\n[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/sh -c 'echo ran >>$O/%n'\n"; }
svc on-plug.service ""
svc bound.service "BindsTo=dev-loop0.device\nAfter=dev-loop0.device"
ln -s ../bound.service "$U/multi-user.target.wants/bound.service"
svc 'tmpl@.service' ""
svc waits.service "Requires=dev-later.device\nAfter=dev-later.device"
# a configured mount of a block device binds to it (never started here: nothing mounts)
u mnt-data.mount "[Mount]\nWhat=/dev/disk/by-label/data-disk\nWhere=/mnt/data\nType=ext4\n"
u mnt-root.mount "[Mount]\nWhat=/dev/root\nWhere=/mnt/root\n"

# the fake sysfs and udev database: loop0 is there at start-up, tagged systemd, with a symlink
S=$ROOT/sys
mkdir -p "$S/devices/virtual/block/loop0" "$S/devices/virtual/block/loop9" "$S/dev/block" "$ROOT/run/udev/data"
printf 'MAJOR=7\nMINOR=0\nDEVNAME=loop0\n' >"$S/devices/virtual/block/loop0/uevent"
printf 'MAJOR=7\nMINOR=9\nDEVNAME=loop9\n' >"$S/devices/virtual/block/loop9/uevent"
ln -s ../../devices/virtual/block/loop0 "$S/dev/block/7:0"
ln -s ../../devices/virtual/block/loop9 "$S/dev/block/7:9"
printf 'S:disk/by-label/data-disk\nI:1000\nE:ID_FS_LABEL=data-disk\nE:SYSTEMD_WANTS=on-plug.service\nG:systemd\nQ:systemd\nV:1\n' \
        >"$ROOT/run/udev/data/b7:0"
# loop9 is in the database, but not for systemd
printf 'E:ID_FS_LABEL=other\nG:uaccess\nQ:uaccess\n' >"$ROOT/run/udev/data/b7:9"

SCTL=$BUILD/src/sctl/sctl
SEND=$BUILD/tests/integration/uevent-send
export SYSMASTER_CONTROL_SOCKET=$ROOT/run/sysmaster/control
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1${2:+: $2}"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }
wait_for() {
        local n=$(($1 * 10))
        shift
        while ((n-- > 0)); do "$@" && return 0; sleep 0.1; done
        return 1
}
state() { "$SCTL" show -p ActiveState,SubState --value -- "$1" 2>/dev/null | paste -sd/; }
state_is() { [ "$(state "$1")" = "$2" ]; }
ran() { [ -f "$O/$1" ]; }
prop_is() { [ "$("$SCTL" show -p "$2" --value -- "$1" 2>/dev/null)" = "$3" ]; }

ip link set lo up 2>/dev/null
"$BUILD/src/core/sysmaster" --test --root="$ROOT" --show-status=no --log-level=debug >"$T/manager.log" 2>&1 &
MPID=$!
disown "$MPID"
wait_for 10 test -S "$SYSMASTER_CONTROL_SOCKET" || { echo "manager did not start"; cat "$T/manager.log"; exit 1; }

# 1. the database makes the units, each name of the device plugged
check db-sysfs-unit wait_for 5 state_is sys-devices-virtual-block-loop0.device active/plugged
check db-node-unit state_is dev-loop0.device active/plugged
check db-symlink-unit state_is 'dev-disk-by\x2dlabel-data\x2ddisk.device' active/plugged
check db-not-tagged state_is dev-loop9.device inactive/dead
check db-description prop_is dev-loop0.device Description data-disk
check db-sysfspath prop_is dev-loop0.device SysFSPath /sys/devices/virtual/block/loop0
# as in systemd, reading the database starts nothing; udev's trigger at boot replays "add"
sleep 0.3
check db-wants-not-at-coldplug test ! -e "$O/on-plug.service"
"$SEND" ACTION=add DEVPATH=/devices/virtual/block/loop0 SUBSYSTEM=block DEVNAME=/dev/loop0 SEQNUM=9 \
        DEVLINKS=/dev/disk/by-label/data-disk SYSTEMD_WANTS=on-plug.service ID_FS_LABEL=data-disk CURRENT_TAGS=:systemd:
check trigger-wants-started wait_for 5 ran on-plug.service
check bound-started wait_for 5 state_is bound.service active/exited

check mount-bindsto prop_is mnt-data.mount BindsTo 'dev-disk-by\x2dlabel-data\x2ddisk.device'
check mount-after-device sh -c "'$SCTL' show -p After --value mnt-data.mount | grep -q 'dev-disk-by.x2dlabel-data.x2ddisk.device'"
check mount-dev-root-no-device prop_is mnt-root.mount BindsTo ''

# 2. udev says loop0 is gone: every name dead, what is bound to it stops
"$SEND" ACTION=remove DEVPATH=/devices/virtual/block/loop0 SUBSYSTEM=block DEVNAME=/dev/loop0 SEQNUM=10 \
        CURRENT_TAGS=:systemd: TAGS=:systemd:
check remove-dead wait_for 5 state_is dev-loop0.device inactive/dead
check remove-symlink-dead state_is 'dev-disk-by\x2dlabel-data\x2ddisk.device' inactive/dead
check remove-stops-bound wait_for 5 state_is bound.service inactive/dead

# 3. a new device: template wants, alias, symlink
"$SEND" ACTION=add DEVPATH=/devices/virtual/block/loop1 SUBSYSTEM=block DEVNAME=/dev/loop1 SEQNUM=11 \
        DEVLINKS=/dev/disk/by-id/fake-1 SYSTEMD_WANTS=tmpl@.service SYSTEMD_ALIAS=/dev/myalias \
        ID_MODEL=Fake_Disk CURRENT_TAGS=:systemd: TAGS=:systemd:
check add-plugged wait_for 5 state_is dev-loop1.device active/plugged
check add-alias state_is dev-myalias.device active/plugged
check add-symlink state_is 'dev-disk-by\x2did-fake\x2d1.device' active/plugged
check add-model prop_is dev-loop1.device Description Fake_Disk
check add-template-wants wait_for 5 ran tmpl@sys-devices-virtual-block-loop1.service

# 4. SYSTEMD_READY=0: the device is there but not for us
"$SEND" ACTION=change DEVPATH=/devices/virtual/block/loop1 SUBSYSTEM=block DEVNAME=/dev/loop1 SEQNUM=12 \
        SYSTEMD_READY=0 CURRENT_TAGS=:systemd: TAGS=:systemd:
check ready-0-dead wait_for 5 state_is dev-loop1.device inactive/dead
check ready-0-alias-dead state_is dev-myalias.device inactive/dead

# a dead device nobody references is unloaded (garbage collection): no pile-up of old names
listed() { "$SCTL" list-units --all 2>/dev/null | grep -q -- "$1"; }
check gc-dead-alias-unloaded wait_for 5 eval '! listed dev-myalias.device'
check gc-wanted-service-stays listed 'tmpl@sys-devices-virtual-block-loop1.service'

# 5. not tagged systemd: no unit goes up
"$SEND" ACTION=add DEVPATH=/devices/virtual/block/loop2 SUBSYSTEM=block DEVNAME=/dev/loop2 SEQNUM=13 TAGS=:uaccess:
sleep 0.3
check untagged-ignored state_is dev-loop2.device inactive/dead

# 6. a start job waits for its device; the device comes and the job finishes
"$SCTL" start --no-block waits.service
sleep 0.3
check waits-waiting state_is waits.service inactive/dead
"$SEND" ACTION=add DEVPATH=/devices/virtual/block/loop5 SUBSYSTEM=block DEVNAME=/dev/loop5 SEQNUM=14 \
        DEVLINKS=/dev/later CURRENT_TAGS=:systemd:
check waits-started wait_for 5 state_is waits.service active/exited

# 7. a stop of a device is not applicable; the device stays
"$SCTL" stop dev-loop5.device >/dev/null 2>&1
check stop-keeps-device state_is dev-loop5.device active/plugged

# 8. loop0 plugged again: its units come back
"$SEND" ACTION=add DEVPATH=/devices/virtual/block/loop0 SUBSYSTEM=block DEVNAME=/dev/loop0 SEQNUM=15 \
        CURRENT_TAGS=:systemd:
check replug wait_for 5 state_is dev-loop0.device active/plugged

echo "--- $pass passed, $fail failed"
if [ "$fail" -gt 0 ]; then
        echo "--- manager log (tail):"
        tail -n 60 "$T/manager.log"
        exit 1
fi
exit 0
