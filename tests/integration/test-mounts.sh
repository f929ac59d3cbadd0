#!/bin/bash
# test-mounts.sh SRCDIR BUILDDIR — mount units and generators in throw-away containers
# (lib-container.sh: every mount happens in the container's private mount namespace, never on
# the machine's root). Boot 1 runs the machine's own systemd-fstab-generator (copied into the
# container's generator directory; the distribution's directories stay empty) next to a
# generator and an environment generator of the test's own: an fstab tmpfs line is mounted at
# boot, `sctl stop` unmounts and `sctl start` mounts it again, a mount made by hand shows up as
# an active unit and goes inactive when unmounted, a service with RequiresMountsFor= starts
# after its mount, a failing nofail mount fails alone, the generator's unit boots, its
# environment is systemd's, daemon-reload reruns it, and poweroff unmounts on the way out; the
# machine's getty, rc-local, debug, run and system-update generators run there unchanged.
# A unit file of its own checks DirectoryMode= and LazyUnmount= on a busy mount point; slices
# own their cgroups (system.slice, machine.slice started and stopped).
# Boot 2 has no systemd-fstab-generator: sysMaster's own fstab reader makes the units.
# Needs root and namespaces (else 77).
set -uo pipefail
src=$(cd "$1" && pwd)
build=$(cd "$2" && pwd)
. "$src/tests/integration/lib-container.sh"

if ! container_supported; then
        echo "test-mounts: needs root, PID/mount/cgroup namespaces and overlayfs: skipping"
        exit 77
fi
work=$(mktemp -d /var/tmp/sysmaster-test-mounts.XXXXXX)
trap 'container_cleanup; rm -rf "$work"' EXIT
container_prepare "$build" || exit 1

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok: $*"; }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }
console_has() { grep -Eq -- "$1" "$CT_CONSOLE"; }
# container_exec, bounded
ct() { timeout 20 nsenter -t "$CT_PID" -m -p -u -i -C -r -w env -i PATH="$CT_PATH" TERM=dumb "$@"; }
mounted() { ct grep -q " $1 " /proc/self/mountinfo; }
not_mounted() { ! mounted "$1"; }
state_is() { [ "$(ct sctl show -p ActiveState --value -- "$1" 2>/dev/null)" = "$2" ]; }
# a state reached through the mount monitor, a moment after the mount(8) that caused it
eventually() { local i; for i in $(seq 1 40); do "$@" && return 0; sleep 0.05; done; "$@"; }
status_has() { ct sctl status "$1" 2>/dev/null | grep -Eq -- "$2"; }
dump_on_failure() { [ "$fail" -gt "$1" ] && { echo "--- console:"; cat "$CT_CONSOLE"; echo "---"; }; }

# --- the container's files: units, fstab, generators
units=$work/units files=$work/files
mkdir -p "$units/multi-user.target.wants" "$files/etc/systemd/system-generators" \
         "$files/etc/systemd/system-environment-generators"
cat >"$units/needs-data.service" <<'EOF'
[Unit]
Description=Needs /mnt/data
RequiresMountsFor=/mnt/data/sub
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/sh -c 'grep -q " /mnt/data " /proc/self/mountinfo && touch /mnt/data/ok && echo "$TESTVAR" >/run/testvar'
EOF
ln -s ../needs-data.service "$units/multi-user.target.wants/needs-data.service"
# loaded at boot, needing a path nothing mounts until later (by hand)
cat >"$units/late-user.service" <<'EOF'
[Unit]
RequiresMountsFor=/mnt/late
[Service]
ExecStart=/bin/sleep 1000
EOF
# a unit file of its own: DirectoryMode= for the mount points it creates, LazyUnmount=
cat >"$units/mnt-unit-deep.mount" <<'EOF'
[Mount]
What=unitfs
Where=/mnt/unit/deep
Type=tmpfs
Options=size=1m
DirectoryMode=0700
LazyUnmount=yes
EOF
cat >"$files/etc/fstab" <<'EOF'
# a local tmpfs, and a mount that cannot work but must not hold the boot up
tmpfs /mnt/data tmpfs size=4m,mode=0755 0 0
none /mnt/bad nosuchfs nofail 0 0
EOF
cat >"$files/etc/systemd/system-generators/test-generator" <<'EOF'
#!/bin/sh
# counts its runs, records how it was called and makes a unit that boots
n=$(cat /run/test-gen-count 2>/dev/null || echo 0); n=$((n + 1)); echo $n >/run/test-gen-count
echo "$@" >/run/test-gen-args
env | grep '^SYSTEMD_' | sort >/run/test-gen-env
mkdir -p "$1/multi-user.target.wants"
printf '[Unit]\nDescription=Generated run %s\n[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/true\n' $n >"$1/gen-hello.service"
ln -sf ../gen-hello.service "$1/multi-user.target.wants/gen-hello.service"
[ -e /run/test-gen-late ] && printf '[Service]\nType=oneshot\nExecStart=/bin/true\n' >"$3/gen-late.service"
exit 0
EOF
printf '#!/bin/sh\necho TESTVAR=from-env-generator\n' >"$files/etc/systemd/system-environment-generators/50-test"
chmod +x "$files/etc/systemd/system-generators/test-generator" "$files/etc/systemd/system-environment-generators/50-test"
realgen=$(ls /usr/lib/systemd/system-generators/systemd-fstab-generator /lib/systemd/system-generators/systemd-fstab-generator 2>/dev/null | head -n1)

# --- boot 1: systemd's fstab generator
f0=$fail
if [ -n "$realgen" ]; then
        cp "$realgen" "$files/etc/systemd/system-generators/"
        fstabgen="systemd-fstab-generator"
else
        fstabgen="built-in fstab reader (systemd-fstab-generator not installed)"
fi
# more of the machine's own generators: they must run unchanged under sysMaster (not the sysv
# one: it would turn the machine's init scripts into units of the container)
sysgens=
for g in getty rc-local debug run system-update; do
        for d in /usr/lib/systemd/system-generators /lib/systemd/system-generators; do
                if [ -x "$d/systemd-$g-generator" ]; then
                        cp "$d/systemd-$g-generator" "$files/etc/systemd/system-generators/"
                        sysgens="$sysgens $g"
                        break
                fi
        done
done
printf '#!/bin/sh\nexit 0\n' >"$files/etc/rc.local"
chmod +x "$files/etc/rc.local"
CT_FILES=$files container_boot "$units" || exit 1
check "boot 1: startup finished" container_wait_for 'Startup finished' 30
check "generators ($sysgens ) ran without failure" sh -c "! grep -E 'generator.*(failed with exit status|terminated by signal|timed out)' '$CT_CONSOLE'"
if [[ $sysgens == *getty* ]]; then
        check "getty generator: console-getty.service wanted in a container" \
                ct test -L /run/systemd/generator/getty.target.wants/console-getty.service
fi
if [[ $sysgens == *rc-local* ]]; then
        check "rc-local generator: rc-local.service pulled in for an executable /etc/rc.local" \
                sh -c "timeout 20 nsenter -t $CT_PID -m find /run/systemd/generator /run/systemd/generator.early /run/systemd/generator.late -name rc-local.service | grep -q ."
fi
check "fstab ($fstabgen): mounted at boot" mounted /mnt/data
check "fstab: status line" console_has '\] Mounted /mnt/data\.'
check "fstab: unit active" state_is mnt-data.mount active
check "fstab: sub-state mounted" test "$(ct sctl show -p SubState --value mnt-data.mount)" = mounted
check "status: Where: line" status_has mnt-data.mount '^ +Where: /mnt/data$'
check "status: What: line" status_has mnt-data.mount '^ +What: tmpfs$'
check "status: loaded from /etc/fstab, generated (as systemctl)" status_has mnt-data.mount 'Loaded: loaded \(/etc/fstab; generated\)$'
# mounted: what mountinfo says, as systemd 252 shows it
check "show: Options as the kernel has them" test "$(ct sctl show -p Options --value mnt-data.mount)" = "rw,relatime,size=4096k,mode=755"
check "show: TimeoutUSec" test "$(ct sctl show -p TimeoutUSec --value mnt-data.mount)" = "1min 30s"
if ct sctl stop -- -.mount >/dev/null 2>&1; then bad "-.mount: stop refused"; else ok "-.mount: stop refused"; fi
check "-.mount: stop not applicable, as in systemd" sh -c "timeout 20 nsenter -t $CT_PID -m -p sctl stop -- -.mount 2>&1 | grep -q 'Job type stop is not applicable for unit -.mount'"
check "-.mount: still mounted" state_is -.mount active
check "list-units --type=mount lists it" sh -c "timeout 20 nsenter -t $CT_PID -m -p sctl list-units --type=mount | grep -Eq '^  mnt-data.mount +loaded active mounted /mnt/data'"
check "list-units: no unit for API file systems" sh -c "! timeout 20 nsenter -t $CT_PID -m -p sctl list-units --type=mount --all | grep -Eq '^  (proc|sys|dev|run)\.mount'"
check "-.mount is the root mount" test "$(ct sctl show -p Description --value -- -.mount)" = "Root Mount"
check "nofail mount failed alone" state_is mnt-bad.mount failed
check "nofail mount's result" test "$(ct sctl show -p Result --value mnt-bad.mount)" = exit-code
check "local-fs.target reached despite it" state_is local-fs.target active
check "RequiresMountsFor=: service ran after its mount" ct test -e /mnt/data/ok
check "RequiresMountsFor=: Requires= and After= the mount" sh -c "timeout 20 nsenter -t $CT_PID -m -p sctl show -p After -p Requires needs-data.service | grep -c mnt-data.mount | grep -qx 2"
check "generator: unit booted" state_is gen-hello.service active
check "generator: called with the three directories" \
        test "$(ct cat /run/test-gen-args)" = "/run/systemd/generator /run/systemd/generator.early /run/systemd/generator.late"
check "generator: SYSTEMD_SCOPE=system" ct grep -qx SYSTEMD_SCOPE=system /run/test-gen-env
check "generator: SYSTEMD_IN_INITRD=0" ct grep -qx SYSTEMD_IN_INITRD=0 /run/test-gen-env
# lib-container empties /etc/machine-id: a first boot
check "generator: SYSTEMD_FIRST_BOOT=1 (no machine ID yet)" ct grep -qx SYSTEMD_FIRST_BOOT=1 /run/test-gen-env
check "generator: SYSTEMD_VIRTUALIZATION=container:…" ct grep -q '^SYSTEMD_VIRTUALIZATION=container:' /run/test-gen-env
check "environment generator: services see its variables" test "$(ct cat /run/testvar)" = from-env-generator

ct sctl stop mnt-data.mount
check "stop: unmounted" not_mounted /mnt/data
check "stop: unit inactive" state_is mnt-data.mount inactive
check "stop: status line" console_has '\] Unmounted /mnt/data\.'
ct sctl start mnt-data.mount
check "start: mounted again" mounted /mnt/data
check "start: unit active" state_is mnt-data.mount active

# a unit with a file follows a mount made by hand at its mount point, too
ct sctl stop mnt-data.mount
ct mount -t tmpfs byhand /mnt/data
check "by hand over an fstab unit: it becomes active" eventually state_is mnt-data.mount active
# stacked mounts: a stop takes them all off
ct mount -t tmpfs stacked /mnt/data
ct sctl stop mnt-data.mount
check "stacked mounts: stop unmounts every layer" not_mounted /mnt/data
check "stacked mounts: unit inactive" state_is mnt-data.mount inactive
ct sctl start mnt-data.mount
# a busy mount point cannot be unmounted: the stop fails and the unit stays mounted
ct sh -c 'cd /mnt/data && echo $$ >/run/busy.pid && exec sleep 30' </dev/null >/dev/null 2>&1 &
busy=$!
eventually ct test -s /run/busy.pid
if ct sctl stop mnt-data.mount >/dev/null 2>&1; then bad "busy: stop fails"; else ok "busy: stop fails"; fi
check "busy: still mounted" mounted /mnt/data
check "busy: unit still active" state_is mnt-data.mount active
ct sh -c 'kill "$(cat /run/busy.pid)"'
wait "$busy" 2>/dev/null

ct sctl start mnt-unit-deep.mount
check "unit file: mounted" mounted /mnt/unit/deep
check "DirectoryMode=: mount points created with it" test "$(ct stat -c %a /mnt/unit)" = 700
ct sh -c 'cd /mnt/unit/deep && echo $$ >/run/busy2.pid && exec sleep 30' </dev/null >/dev/null 2>&1 &
busy=$!
eventually ct test -s /run/busy2.pid
check "LazyUnmount=: a busy mount point is detached" ct sctl stop mnt-unit-deep.mount
check "LazyUnmount=: gone from the mount table" not_mounted /mnt/unit/deep
ct sh -c 'kill "$(cat /run/busy2.pid)"'
wait "$busy" 2>/dev/null

ct mkdir -p /mnt/hand
ct mount -t tmpfs handmade /mnt/hand
check "by hand: mount appears as an active unit" eventually state_is mnt-hand.mount active
check "by hand: What= from mountinfo" test "$(ct sctl show -p What --value mnt-hand.mount)" = handmade
check "by hand: no control group (nothing of ours ran), as in systemd" test -z "$(ct sctl show -p ControlGroup --value mnt-hand.mount)"
check "by hand: loaded from mountinfo" status_has mnt-hand.mount 'Loaded: loaded \(/proc/self/mountinfo\)'
ct umount /mnt/hand
check "by hand: unmounted, unit inactive" eventually state_is mnt-hand.mount inactive
ct mount -t tmpfs handmade /mnt/hand
eventually state_is mnt-hand.mount active
ct sctl stop mnt-hand.mount
check "by hand: sctl stop unmounts it" not_mounted /mnt/hand

after_has() { ct sctl show -p After "$1" | grep -q "$2"; }
ct sctl show -p After late-user.service >/dev/null # loaded now
check "RequiresMountsFor=: nothing to order after before the mount" sh -c "! timeout 20 nsenter -t $CT_PID -m -p sctl show -p After late-user.service | grep -q mnt-late.mount"
ct mkdir -p /mnt/late
ct mount -t tmpfs late /mnt/late
check "RequiresMountsFor=: a mount that appears later orders the unit after it" eventually after_has late-user.service mnt-late.mount
ct umount /mnt/late

# slices are the cgroup hierarchy: an active slice has its cgroup, a stopped one loses it
check "slices: system.slice active" state_is system.slice active
check "slices: its cgroup exists" ct test -d /sys/fs/cgroup/system.slice
check "slices: a mount's cgroup is below it" test "$(ct sctl show -p ControlGroup --value mnt-data.mount)" = /system.slice/mnt-data.mount
ct sctl start machine.slice
check "slices: machine.slice started, its cgroup created" ct test -d /sys/fs/cgroup/machine.slice
ct sctl stop machine.slice
check "slices: machine.slice stopped, its cgroup removed" ct test ! -d /sys/fs/cgroup/machine.slice

ct touch /run/test-gen-late
ct sctl daemon-reload
check "daemon-reload: generator ran again" test "$(ct cat /run/test-gen-count)" = 2
check "daemon-reload: its new output is loaded" test "$(ct sctl show -p Description --value gen-hello.service)" = "Generated run 2"
check "daemon-reload: late directory in the load path" test "$(ct sctl show -p LoadState --value gen-late.service)" = loaded
check "daemon-reload: the mount stays active" state_is mnt-data.mount active

ct sctl poweroff >/dev/null 2>&1
check "poweroff: container ends" container_wait_exit 30
check "poweroff: the fstab mount unmounted on the way" console_has '\] Unmounted /mnt/data\.'
check "boot 1: no sanitizer report (build-asan)" sh -c "! grep -Eq 'Sanitizer|runtime error' '$CT_CONSOLE'"
dump_on_failure "$f0"
container_stop

# --- boot 2: no systemd-fstab-generator, sysMaster reads fstab itself
f0=$fail
rm -f "$files/etc/systemd/system-generators/systemd-"*
cat >"$files/etc/fstab" <<'EOF'
tmpfs /mnt/data tmpfs size=4m,x-systemd.after=order-me.service 0 0
tmpfs /mnt/opt tmpfs nofail 0 0
tmpfs /mnt/later tmpfs noauto 0 0
EOF
cat >"$units/order-me.service" <<'EOF'
[Service]
Type=oneshot
ExecStart=/bin/true
EOF
CT_FILES=$files container_boot "$units" || exit 1
check "boot 2: startup finished" container_wait_for 'Startup finished' 30
check "built-in: unit written" ct grep -q 'generated by sysmaster' /run/systemd/generator/mnt-data.mount
check "built-in: mounted at boot" mounted /mnt/data
check "built-in: x-systemd.after= honoured" sh -c "timeout 20 nsenter -t $CT_PID -m -p sctl show -p After mnt-data.mount | grep -q order-me.service"
check "built-in: nofail mount wanted, mounted" mounted /mnt/opt
check "built-in: noauto not mounted" not_mounted /mnt/later
ct sctl start mnt-later.mount
check "built-in: noauto mounts on request" mounted /mnt/later
check "built-in: RequiresMountsFor= service ran" ct test -e /mnt/data/ok
check "boot 2: no sanitizer report (build-asan)" sh -c "! grep -Eq 'Sanitizer|runtime error' '$CT_CONSOLE'"
dump_on_failure "$f0"
container_stop

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
