#!/bin/bash
# test-qemu.sh SRCDIR BUILDDIR — boots Debian's kernel under QEMU's software emulation with an
# initramfs that holds busybox, sysmaster-init as /init, the manager, sctl (and systemctl if the
# build has one), the standard units and two test services; checks on the serial console that
# the boot reaches multi-user.target and runs the service, and that a poweroff from inside ends
# the VM cleanly (QEMU exits by itself, status 0, before the time limit). Nothing of the machine
# is touched: everything lives in a temporary directory. Skips (77) without qemu-system-x86_64,
# a kernel in /boot or busybox-static (scripts/install-deps.sh installs them). A swap unit over
# a loop device inside the VM is switched on at boot with its priority and off with sctl stop.
set -uo pipefail
src=$(cd "$1" && pwd)
build=$(cd "$2" && pwd)
TIMEOUT=${QEMU_TIMEOUT_SEC:-300}

skip() { echo "test-qemu: $*: skipping"; exit 77; }
qemu=$(command -v qemu-system-x86_64) || skip "no qemu-system-x86_64"
kernel=$(ls -1 /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n1)
[ -n "$kernel" ] && [ -r "$kernel" ] || skip "no readable kernel in /boot (linux-image-amd64)"
busybox=/bin/busybox
[ -x "$busybox" ] && ! ldd "$busybox" >/dev/null 2>&1 || busybox=$(command -v busybox.static || true)
[ -n "$busybox" ] && ! ldd "$busybox" >/dev/null 2>&1 || skip "no static busybox (busybox-static)"
command -v cpio >/dev/null || skip "no cpio"
"$qemu" -accel help 2>/dev/null | grep -q tcg || skip "qemu has no software emulation (tcg)"

work=$(mktemp -d /var/tmp/sysmaster-qemu.XXXXXX)
qpid=
cleanup() { [ -n "$qpid" ] && kill -KILL "$qpid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok: $*"; }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }

# The image: the build as `meson install` lays it out, busybox for /bin, the libraries our
# binaries link against, our units and the test's own.
R=$work/root
DESTDIR=$R meson install -C "$build" --no-rebuild --quiet >/dev/null
mkdir -p "$R"/{bin,dev,proc,sys,run,tmp,root,etc/systemd/system/multi-user.target.wants}
cp "$busybox" "$R/bin/busybox"
for a in $("$busybox" --list); do
        [ -e "$R/bin/$a" ] || ln -s busybox "$R/bin/$a"
done
for d in sbin usr/bin usr/sbin; do
        mkdir -p "$R/$(dirname "$d")"
        [ -e "$R/$d" ] || ln -s /bin "$R/$d"
done
find "$R" -type f -perm -u+x | while read -r f; do
        ldd "$f" 2>/dev/null | grep -o '/[^ ]*' || true
done | sort -u | while read -r lib; do
        [ -e "$R$lib" ] || cp -L --parents "$lib" "$R/"
done
init=$(cd "$R" && find . -path '*/lib/sysmaster/sysmaster-init' | head -n1)
[ -n "$init" ] || { echo "test-qemu: no sysmaster-init in the build"; exit 1; }
ln -s "${init#.}" "$R/init"
# sctl answers as systemctl and poweroff under those names; the image links them next to
# sctl, as a package links the build's compat directory into /usr/bin
sctl=$(find "$R" -path '*/bin/sctl' | head -n1)
for n in systemctl poweroff reboot halt; do
        [ -z "$sctl" ] || [ -e "${sctl%/sctl}/$n" ] || ln -s sctl "${sctl%/sctl}/$n"
done
echo sysmaster-vm >"$R/etc/hostname"
: >"$R/etc/fstab"
if [ -n "$sctl" ]; then
        off="systemctl poweroff"
else
        # what systemctl poweroff amounts to: SIGRTMIN+4 starts poweroff.target (busybox has no
        # RTMIN names; glibc's number, as the manager was built with glibc)
        off="kill -$(kill -l SIGRTMIN+4) 1"
fi
cat >"$R/etc/systemd/system/qemu-test.service" <<EOF
[Unit]
Description=QEMU test service

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/sh -c 'echo "QEMU-TEST: the service ran, uname \$(uname -r)" >/dev/console'
# DefaultTasksMax=15%: what its cgroup got, and what that is 15 % of
ExecStart=/bin/sh -c 'cg=\$(sed -n "s/^0:://p" /proc/self/cgroup); echo "QEMU-TEST: tasks pids.max=\$(cat /sys/fs/cgroup\$cg/pids.max 2>/dev/null || echo none) pid_max=\$(cat /proc/sys/kernel/pid_max) threads_max=\$(cat /proc/sys/kernel/threads-max)" >/dev/console'
StandardError=tty
EOF
cat >"$R/etc/systemd/system/qemu-poweroff.service" <<EOF
[Unit]
Description=QEMU test: power off once the boot is done
After=multi-user.target qemu-test.service

[Service]
Type=oneshot
ExecStart=/bin/sh -c 'echo "QEMU-TEST: powering off with: $off" >/dev/console; $off'
EOF
# swap inside the VM (swap is the machine's: never on the host): a loop device over a file in
# /run (a tmpfs cannot hold swap itself), set up before the swap unit by a service; the unit's
# What= is a link to the device, since no udev runs here to announce dev-loop0.device
loopko=$(find "/lib/modules/${kernel#/boot/vmlinuz-}" -name 'loop.ko' 2>/dev/null | head -n1)
if [ -n "$loopko" ]; then
        mkdir -p "$R/lib/modules"
        cp "$loopko" "$R/lib/modules/loop.ko"
        cat >"$R/etc/systemd/system/swap-prep.service" <<'EOF'
[Unit]
Description=QEMU test: a loop device for swap
DefaultDependencies=no

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/sh -c 'insmod /lib/modules/loop.ko; dd if=/dev/zero of=/run/swap.img bs=1M count=8 2>/dev/null && mkswap /run/swap.img >/dev/null && losetup /dev/loop0 /run/swap.img && ln -sf /dev/loop0 /run/swapdev'
EOF
        cat >"$R/etc/systemd/system/run-swapdev.swap" <<'EOF'
[Unit]
Requires=swap-prep.service
After=swap-prep.service

[Swap]
What=/run/swapdev
Priority=42
EOF
        cat >"$R/etc/systemd/system/qemu-swap.service" <<'EOF'
[Unit]
Description=QEMU test: swap check
After=multi-user.target qemu-test.service
Before=qemu-poweroff.service

[Service]
Type=oneshot
ExecStart=/bin/sh -c 'echo "QEMU-SWAP: $(grep "^/dev/loop0 " /proc/swaps) state=$(sctl show -p SubState --value run-swapdev.swap)" >/dev/console; sctl stop run-swapdev.swap; echo "QEMU-SWAP-STOPPED: lines=$(grep -c "^/dev/loop0 " /proc/swaps) state=$(sctl show -p ActiveState --value run-swapdev.swap)" >/dev/console'
EOF
        mkdir -p "$R/etc/systemd/system/swap.target.wants"
        ln -s ../run-swapdev.swap "$R/etc/systemd/system/swap.target.wants/"
        ln -s ../qemu-swap.service "$R/etc/systemd/system/multi-user.target.wants/"
fi
ln -s ../qemu-test.service "$R/etc/systemd/system/multi-user.target.wants/"
ln -s ../qemu-poweroff.service "$R/etc/systemd/system/multi-user.target.wants/"
ln -sf multi-user.target "$R/etc/systemd/system/default.target"
(cd "$R" && find . | cpio -o -H newc --quiet | gzip -1) >"$work/initrd.img"

log=$work/serial.log
t0=$(date +%s%N)
timeout --kill-after=10 "$TIMEOUT" "$qemu" -accel tcg -m 512 -smp 1 -nographic -no-reboot -monitor none \
        -serial "file:$log" -kernel "$kernel" -initrd "$work/initrd.img" \
        -append "console=ttyS0 panic=-1 loglevel=4" </dev/null >"$work/qemu.out" 2>&1 &
qpid=$!
t_multi=
while kill -0 "$qpid" 2>/dev/null; do
        if [ -z "$t_multi" ] && grep -q 'Reached target Multi-User System' "$log" 2>/dev/null; then
                t_multi=$(( ($(date +%s%N) - t0) / 1000000 ))
        fi
        sleep 0.2
done
wait "$qpid"
status=$?
qpid=
t_end=$(( ($(date +%s%N) - t0) / 1000000 ))
tr -d '\r' <"$log" >"$log.txt"
has() { grep -Eq -- "$1" "$log.txt"; }

check "sysmaster-init ran as PID 1" has 'sysmaster-init: starting'
check "the manager reached multi-user.target" has 'Reached target Multi-User System\.'
check "the test service ran" has 'QEMU-TEST: the service ran'
check "status line for it" has 'Started QEMU test service\.'
# 15 % of min(pid_max - 1, threads-max), rounded down, as cgroup_limit_resolve() computes it
tasks_ok() {
        local line got pm tm total want
        line=$(grep -o 'QEMU-TEST: tasks pids.max=[^ ]* pid_max=[0-9]* threads_max=[0-9]*' "$log.txt" | head -n1)
        [ -n "$line" ] || { echo "     | no tasks line"; return 1; }
        got=${line#*pids.max=} got=${got%% *}
        pm=${line#*pid_max=} pm=${pm%% *}
        tm=${line#*threads_max=}
        total=$((pm - 1 < tm ? pm - 1 : tm))
        want=$((total / 10000 * 1500 + total % 10000 * 1500 / 10000))
        [ "$got" = "$want" ] || { echo "     | $line: want pids.max=$want"; return 1; }
        echo "     | $line"
}
check "DefaultTasksMax=15%: the service's pids.max is 15 % of the system's tasks, and it forks" tasks_ok
check "the manager set the host name" has 'Hostname set to <sysmaster-vm>'
check "the manager wrote a machine ID" has 'Initialized machine ID [0-9a-f]{32}'
check "startup finished" has 'Startup finished in'
if [ -n "$loopko" ]; then
        check "swap: the unit switched the loop device on with Priority=42" has 'QEMU-SWAP: /dev/loop0[[:space:]]+partition[[:space:]]+[0-9]+[[:space:]]+[0-9]+[[:space:]]+42 state=active'
        check "swap: status line" has 'Activated swap /run/swapdev\.'
        check "swap: sctl stop switched it off" has 'QEMU-SWAP-STOPPED: lines=0 state=inactive'
        check "swap: its status line" has 'Deactivated swap /run/swapdev\.'
else
        echo "test-qemu: no loop.ko for ${kernel#/boot/vmlinuz-}: swap not checked"
fi
check "poweroff went through poweroff.target" has 'Reached target System Power Off\.'
check "init ran sysmaster-shutdown" has 'sysmaster-shutdown'
check "no kernel panic" bash -c "! grep -q 'Kernel panic' '$log.txt'"
check "QEMU exited by itself with status 0 (got $status; 124 is the ${TIMEOUT} s limit)" test "$status" = 0
echo "times: multi-user.target after ${t_multi:-?} ms, QEMU exited after ${t_end} ms" \
     "($(grep -o 'Startup finished in [0-9.]*s' "$log.txt" | head -n1) in the manager, software emulation)"
if [ "$fail" -gt 0 ]; then
        echo "--- serial console:"
        tail -n 80 "$log.txt"
        cat "$work/qemu.out"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
