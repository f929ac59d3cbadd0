#!/bin/bash
# test-automount.sh SRCDIR BUILDDIR — automount units in a throw-away container
# (lib-container.sh: the autofs and every mount live in the container's private mount
# namespace, never on the machine's). A unit file pair mnt-auto.automount/mnt-auto.mount
# (a tmpfs behind a slow oneshot service) and an fstab line with x-systemd.automount (sysMaster's
# own fstab reader) are armed at boot: the autofs is mounted and nothing else; the first
# access blocks until the tmpfs is mounted and then sees it; status shows the automount
# "active (running)" and the mount active; TimeoutIdleSec= unmounts it when idle and the next
# access mounts it again; a mount that cannot work fails the access instead of hanging it;
# a stop takes the autofs away; after daemon-reexec the automount is armed afresh. Needs root
# and namespaces (else 77).
set -uo pipefail
src=$(cd "$1" && pwd)
build=$(cd "$2" && pwd)
. "$src/tests/integration/lib-container.sh"

if ! container_supported; then
        echo "test-automount: needs root, PID/mount/cgroup namespaces and overlayfs: skipping"
        exit 77
fi
if ! grep -qw autofs /proc/filesystems && ! modprobe -n autofs4 2>/dev/null; then
        echo "test-automount: the kernel has no autofs: skipping"
        exit 77
fi
work=$(mktemp -d /var/tmp/sysmaster-test-automount.XXXXXX)
trap 'container_cleanup; rm -rf "$work"' EXIT
container_prepare "$build" || exit 1

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok: $*"; }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }
ct() { timeout 20 nsenter -t "$CT_PID" -m -p -u -i -C -r -w env -i PATH="$CT_PATH" TERM=dumb "$@"; }
fstype_at() { ct awk -v p="$1" '$5 == p { split($0, a, " - "); split(a[2], b, " "); t = b[1] } END { print t }' /proc/self/mountinfo; }
state_is() { [ "$(ct sctl show -p ActiveState --value -- "$1" 2>/dev/null)" = "$2" ]; }
sub_is() { [ "$(ct sctl show -p SubState --value -- "$1" 2>/dev/null)" = "$2" ]; }
eventually() { local i; for i in $(seq 1 100); do "$@" && return 0; sleep 0.1; done; "$@"; }
status_has() { ct sctl status "$1" 2>/dev/null | grep -Eq -- "$2"; }
# a process with its cwd in /mnt/auto: the access that triggers the mount, and what keeps it
# from expiring while it is looked at (TimeoutIdleSec= is short)
busy=
hold() {
        ct rm -f /run/busy.pid
        ct sh -c 'cd /mnt/auto && echo $$ >/run/busy.pid && exec sleep 60' </dev/null >/dev/null 2>&1 &
        busy=$!
        eventually ct test -s /run/busy.pid
}
release() { ct sh -c 'kill "$(cat /run/busy.pid)"'; wait "$busy" 2>/dev/null; ct rm -f /run/busy.pid; }

units=$work/units files=$work/files
mkdir -p "$units/multi-user.target.wants" "$files/etc"
cat >"$units/slow-prep.service" <<'EOF'
[Unit]
Description=Slow preparation the automounted file system waits for
DefaultDependencies=no
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/sleep 1
EOF
cat >"$units/mnt-auto.mount" <<'EOF'
[Unit]
Requires=slow-prep.service
After=slow-prep.service
[Mount]
What=autotest
Where=/mnt/auto
Type=tmpfs
Options=size=1m
EOF
cat >"$units/mnt-auto.automount" <<'EOF'
[Unit]
Description=Automount of /mnt/auto
[Automount]
Where=/mnt/auto
TimeoutIdleSec=2s
[Install]
WantedBy=multi-user.target
EOF
ln -s ../mnt-auto.automount "$units/multi-user.target.wants/mnt-auto.automount"
cat >"$units/mnt-bdir-broken.mount" <<'EOF'
[Mount]
What=none
Where=/mnt/bdir/broken
Type=nosuchfs
EOF
cat >"$units/mnt-bdir-broken.automount" <<'EOF'
[Automount]
Where=/mnt/bdir/broken
DirectoryMode=0700
EOF
ln -s ../mnt-bdir-broken.automount "$units/multi-user.target.wants/mnt-bdir-broken.automount"
cat >"$files/etc/fstab" <<'EOF'
tmpfs /mnt/fst tmpfs noauto,x-systemd.automount,x-systemd.idle-timeout=30,size=2m 0 0
EOF

CT_FILES=$files container_boot "$units" || exit 1
check "startup finished" container_wait_for 'Startup finished' 30
check "autofs mounted on /mnt/auto at boot" test "$(fstype_at /mnt/auto)" = autofs
check "automount active (waiting)" sub_is mnt-auto.automount waiting
check "status: active (waiting)" status_has mnt-auto.automount 'Active: active \(waiting\)'
check "the mount unit is not mounted yet" state_is mnt-auto.mount inactive
check "DirectoryMode= for the directories it creates" test "$(ct stat -c %a /mnt/bdir)" = 700
check "implicit: Triggers= and Before= its mount" \
        sh -c "timeout 20 nsenter -t $CT_PID -m -p sctl show -p Triggers -p Before mnt-auto.automount | grep -c mnt-auto.mount | grep -qx 2"
check "implicit: the mount is After= the automount" \
        sh -c "timeout 20 nsenter -t $CT_PID -m -p sctl show -p After mnt-auto.mount | grep -q mnt-auto.automount"
check "default: Before=local-fs.target, Conflicts=umount.target" \
        sh -c "timeout 20 nsenter -t $CT_PID -m -p sctl show -p Before -p Conflicts mnt-auto.automount | tr ' =' '\n\n' | grep -cE '^(local-fs|umount)\.target$' | grep -qx 3"

# the first access blocks until the tmpfs (after its 1 s preparation) is mounted, then sees it
t0=$(date +%s%N)
out=$(ct sh -c 'echo hello >/mnt/auto/file && cat /mnt/auto/file')
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
check "access: works through the automount" test "$out" = hello
check "access: blocked until the mount was there (${ms} ms >= 900)" test "$ms" -ge 900
hold
check "access: the file went to the tmpfs" test "$(fstype_at /mnt/auto)" = tmpfs
check "mount unit active" state_is mnt-auto.mount active
check "automount running" sub_is mnt-auto.automount running
check "status: active (running)" status_has mnt-auto.automount 'Active: active \(running\)'
check "status: mount active (mounted)" status_has mnt-auto.mount 'Active: active \(mounted\)'
sleep 4
check "busy: not expired while in use" state_is mnt-auto.mount active
release

# idle for TimeoutIdleSec=2s: unmounted, the autofs stays
check "idle: unmounted after TimeoutIdleSec=" eventually state_is mnt-auto.mount inactive
check "idle: automount waiting again" sub_is mnt-auto.automount waiting
check "idle: the autofs is still there" test "$(fstype_at /mnt/auto)" = autofs
hold
check "idle: access mounts it again (fresh tmpfs)" sh -c "timeout 20 nsenter -t $CT_PID -m -p sh -c '! test -e /mnt/auto/file && test -d /mnt/auto'"
check "idle: mount unit active again" state_is mnt-auto.mount active
release

# a mount that cannot work: the access fails instead of hanging
if ct ls /mnt/bdir/broken >/dev/null 2>&1; then bad "broken: access fails"; else ok "broken: access fails"; fi
check "broken: mount unit failed" state_is mnt-bdir-broken.mount failed
check "broken: automount still waiting" sub_is mnt-bdir-broken.automount waiting

# fstab x-systemd.automount through sysMaster's own reader
check "fstab: automount unit generated" ct grep -q '^Where=/mnt/fst$' /run/systemd/generator/mnt-fst.automount
check "fstab: x-systemd.idle-timeout= → TimeoutIdleSec=" ct grep -q '^TimeoutIdleSec=30$' /run/systemd/generator/mnt-fst.automount
check "fstab: automount linked into local-fs.target" ct test -L /run/systemd/generator/local-fs.target.requires/mnt-fst.automount
check "fstab: automount active at boot" sub_is mnt-fst.automount waiting
check "fstab: access mounts it" sh -c "timeout 20 nsenter -t $CT_PID -m -p ls /mnt/fst >/dev/null"
check "fstab: mounted, as tmpfs" test "$(fstype_at /mnt/fst)" = tmpfs
check "fstab: TimeoutIdleUSec" test "$(ct sctl show -p TimeoutIdleUSec --value mnt-fst.automount)" = 30s

# stop: the autofs goes (and what is on it)
ct sctl stop mnt-fst.automount
check "stop: automount inactive" state_is mnt-fst.automount inactive
check "stop: nothing left on /mnt/fst" test -z "$(fstype_at /mnt/fst)"
ct sctl start mnt-fst.automount
check "start again: autofs back" test "$(fstype_at /mnt/fst)" = autofs

# a re-executed manager lost the pipe to the kernel: it sets the automount up afresh
ct sctl stop mnt-auto.mount
ct sctl daemon-reexec >/dev/null 2>&1
check "reexec: automount waiting again" eventually sub_is mnt-auto.automount waiting
check "reexec: access mounts it" hold
check "reexec: mount unit active" eventually state_is mnt-auto.mount active
check "reexec: one autofs under it, not two" test "$(ct awk '$5 == "/mnt/auto"' /proc/self/mountinfo | grep -c ' - autofs ')" = 1
release

ct sctl poweroff >/dev/null 2>&1
check "poweroff: container ends" container_wait_exit 30
check "no sanitizer report (build-asan)" sh -c "! grep -Eq 'Sanitizer|runtime error' '$CT_CONSOLE'"
[ "$fail" -gt 0 ] && { echo "--- console:"; cat "$CT_CONSOLE"; echo "---"; }
container_stop
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
