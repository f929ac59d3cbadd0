#!/bin/bash
# test-control.sh — drives a plain-process manager (sysmaster --test --root=…) through sctl
# and its compat names (systemctl, runlevel, shutdown…) and checks output and exit status of
# every control verb. Expectations were recorded by running the same unit tree, the same
# commands in the same order, under systemd 252 (shared/tools/reference-systemd); PIDs,
# job ids and times are normalized. Where sysMaster knowingly prints less than systemd (no
# cgroup Tasks:/Memory: lines in test mode, no journal), the comment says so. Runs in its own
# PID namespace so every process it starts dies with it. Usage: test-control.sh SRC BUILD
set -u
SRC=${1:?source dir}
BUILD=${2:?build dir}
if [ -z "${CONTROL_TEST_INNER:-}" ]; then
        [ "$(id -u)" = 0 ] || { echo "SKIP: needs root (PID namespace)"; exit 77; }
        export CONTROL_TEST_INNER=1
        exec timeout 240 unshare --pid --fork --mount-proc --kill-child "$0" "$@"
fi
export TZ=UTC LC_ALL=C

T=$(mktemp -d /tmp/test-control.XXXXXX)
chmod 755 "$T"
ROOT=$T/root
BIN=$T/bin
trap 'rm -rf "$T"' EXIT
mkdir -p "$ROOT/usr/lib/systemd/system" "$ROOT/etc/systemd/system/multi-user.target.wants" "$BIN"
for x in sysinit basic sockets timers paths slices shutdown multi-user local-fs network network-online umount \
         final rescue emergency reboot poweroff halt exit graphical; do
        printf '[Unit]\nDescription=%s (test target)\nDefaultDependencies=no\n' $x >"$ROOT/usr/lib/systemd/system/$x.target"
done
ln -s multi-user.target "$ROOT/usr/lib/systemd/system/default.target"
u() { printf '%b' "$2" >"$ROOT/etc/systemd/system/$1"; }
u t-active.service '[Unit]\nDescription=active svc\n[Service]\nExecStart=/bin/sleep 1000\nExecReload=/bin/true\n[Install]\nWantedBy=multi-user.target\n'
ln -s ../t-active.service "$ROOT/etc/systemd/system/multi-user.target.wants/t-active.service"
u t-inactive.service '[Unit]\nDescription=inactive svc\n[Service]\nExecStart=/bin/sleep 1000\n[Install]\nWantedBy=multi-user.target\n'
u t-fail.service '[Unit]\nDescription=failing svc\n[Service]\nType=oneshot\nExecStart=/bin/false\n'
u t-exit3.service '[Service]\nType=oneshot\nExecStart=/bin/sh -c "exit 3"\n'
u t-static.service '[Unit]\nDescription=static svc\n[Service]\nExecStart=/bin/sleep 1000\n'
u t-rae.service '[Unit]\nDescription=oneshot rae\n[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/true\n'
u t-refuse.service '[Unit]\nDescription=refuse svc\nRefuseManualStart=yes\nRefuseManualStop=yes\n[Service]\nExecStart=/bin/sleep 1000\n'
u t-dep.service '[Unit]\nDescription=dep svc\nRequires=t-static.service\nWants=t-rae.service\nAfter=t-static.service t-rae.service\n[Service]\nExecStart=/bin/sleep 1000\n'
u t-depfail.service '[Unit]\nDescription=depfail svc\nRequires=t-fail.service\nAfter=t-fail.service\n[Service]\nExecStart=/bin/sleep 1000\n'
u t-iso.target '[Unit]\nDescription=iso target\nAllowIsolate=yes\nWants=t-static.service\n'
u t-noiso.target '[Unit]\nDescription=noiso target\n'
u t-slow.service '[Unit]\nDescription=slow svc\n[Service]\nType=oneshot\nExecStart=/bin/sleep 10\n'
u t-waiter.service '[Unit]\nDescription=waiter svc\nAfter=t-slow.service\n[Service]\nExecStart=/bin/sleep 1000\n'
ln -s /dev/null "$ROOT/etc/systemd/system/t-masked.service"
for n in systemctl reboot poweroff halt shutdown telinit runlevel; do ln -s "$BUILD/src/sctl/sctl" "$BIN/$n"; done
SCTL=$BUILD/src/sctl/sctl
export PATH=$BIN:$PATH
export SYSMASTER_CONTROL_SOCKET=$ROOT/run/sysmaster/control

pass=0 fail=0
normalize() {
        sed -E -e 's/[A-Z][a-z]{2} [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} [A-Z]+/TS/g' \
               -e 's/; [0-9a-z .]+ (ago|left)$/; AGO/' \
               -e 's/(Process|Main PID|Control): [0-9]+/\1: N/' \
               -e 's/^   Duration: .*/   Duration: SPAN/' \
               -e "s|$ROOT|ROOT|g"
}
# check NAME RC EXPECTED CMD… — runs CMD, compares exit status and normalized stdout+stderr
check() {
        local name=$1 rc=$2 exp=$3 out got
        shift 3
        out=$("$@" 2>&1)
        got=$?
        out=$(printf '%s' "$out" | normalize)
        if [ "$got" = "$rc" ] && [ "$out" = "$exp" ]; then
                pass=$((pass + 1))
        else
                fail=$((fail + 1))
                echo "FAIL: $name: $*"
                echo "  expected rc=$rc:"; printf '%s\n' "$exp" | sed 's/^/    | /'
                echo "  got rc=$got:"; printf '%s\n' "$out" | sed 's/^/    | /'
        fi
}
S() { systemctl "$@"; }

# No manager yet: what systemctl says on a system not booted with systemd; offline verbs work.
check no-manager-start 1 "System has not been booted with systemd as init system (PID 1). Can't operate.
Failed to connect to bus: Host is down" S start t-static.service
check no-manager-is-system-running 1 "offline" S is-system-running
check offline-get-default 0 "multi-user.target" S --root="$ROOT" get-default

"$BUILD/src/core/sysmaster" --test --root="$ROOT" --show-status=no >"$T/manager.log" 2>&1 &
MPID=$!
for i in $(seq 1 100); do [ -S "$SYSMASTER_CONTROL_SOCKET" ] && break; sleep 0.05; done
for i in $(seq 1 100); do [ "$(S is-system-running)" = running ] && break; sleep 0.05; done

check version 0 "systemd 252 (252-sysmaster)" sh -c 'systemctl --version | head -n 1'
check runlevel 0 "N 3" runlevel
check is-system-running 0 "running" S is-system-running
check start 0 "" S start t-inactive.service
check start-fail 1 'Job for t-fail.service failed because the control process exited with error code.
See "systemctl status t-fail.service" and "journalctl -xeu t-fail.service" for details.' S start t-fail.service
check start-exit3 1 'Job for t-exit3.service failed because the control process exited with error code.
See "systemctl status t-exit3.service" and "journalctl -xeu t-exit3.service" for details.' S start t-exit3
check start-nonexist 5 "Failed to start nonexist.service: Unit nonexist.service not found." S start nonexist.service
check start-masked 1 "Failed to start t-masked.service: Unit t-masked.service is masked." S start t-masked.service
check start-refused 4 "Failed to start t-refuse.service: Operation refused, unit t-refuse.service may be requested by dependency only (it is configured to refuse manual start/stop).
See system logs and 'systemctl status t-refuse.service' for details." S start t-refuse.service
check start-depfail 1 "A dependency job for t-depfail.service failed. See 'journalctl -xe' for details." S start t-depfail.service
check start-deps 0 "" S start t-dep.service
check stop-nonexist 5 "Failed to stop nonexist.service: Unit nonexist.service not loaded." S stop nonexist.service
check stop-refused 4 "Failed to stop t-refuse.service: Operation refused, unit t-refuse.service may be requested by dependency only (it is configured to refuse manual start/stop).
See system logs and 'systemctl status t-refuse.service' for details." S stop t-refuse.service
check restart-nonexist 5 "Failed to restart nonexist.service: Unit nonexist.service not found." S restart nonexist.service
check try-restart 0 "" S try-restart t-static.service
check reload-na 3 "Failed to reload t-static.service: Job type reload is not applicable for unit t-static.service." S reload t-static.service
check reload 0 "" S reload t-active.service
check reload-or-restart 0 "" S reload-or-restart t-static.service
check isolate-refused 4 "Failed to start t-noiso.target: Operation refused, unit may not be isolated.
See system logs and 'systemctl status t-noiso.target' for details." S isolate t-noiso.target
check try-reload-or-restart-nonexist 5 "Failed to reload-or-try-restart nonexist.service: Unit nonexist.service not found." S try-reload-or-restart nonexist.service
check is-active 0 "active
active
failed
inactive" S is-active t-active.service t-inactive.service t-fail.service nonexist.service
check is-active-quiet 3 "" S is-active --quiet t-fail.service
check is-failed 0 "failed
active" S is-failed t-fail.service t-active.service
check is-failed-nonexist 1 "inactive" S is-failed nonexist.service
check is-system-running-degraded 1 "degraded" S is-system-running
check status-failed 3 "× t-fail.service - failing svc
     Loaded: loaded (/etc/systemd/system/t-fail.service; static)
     Active: failed (Result: exit-code) since TS; AGO
    Process: N ExecStart=/bin/false (code=exited, status=1/FAILURE)
   Main PID: N (code=exited, status=1/FAILURE)" S status t-fail.service
# systemd 252 adds "; static" to Loaded: (unit file state, from the offline install logic)
check status-exit3 3 "× t-exit3.service
     Loaded: loaded (/etc/systemd/system/t-exit3.service; static)
     Active: failed (Result: exit-code) since TS; AGO
    Process: N ExecStart=/bin/sh -c exit 3 (code=exited, status=3)
   Main PID: N (code=exited, status=3)" S status t-exit3.service
check status-nonexist 4 "Unit nonexist.service could not be found." S status nonexist.service
check status-masked 3 "○ t-masked.service
     Loaded: masked (Reason: Unit t-masked.service is masked.)
     Active: inactive (dead)" S status t-masked.service
check status-exited 0 "● t-rae.service - oneshot rae
     Loaded: loaded (/etc/systemd/system/t-rae.service; static)
     Active: active (exited) since TS; AGO
    Process: N ExecStart=/bin/true (code=exited, status=0/SUCCESS)
   Main PID: N (code=exited, status=0/SUCCESS)" S status t-rae.service
check status-target 0 "● multi-user.target - multi-user (test target)
     Loaded: loaded (/usr/lib/systemd/system/multi-user.target; static)
     Active: active since TS; AGO" S status multi-user.target
# systemd also prints "Process: N ExecReload=/bin/true (…)" and, with cgroups, Tasks:/Memory:/CGroup:
check status-running 0 "● t-active.service - active svc
     Loaded: loaded (/etc/systemd/system/t-active.service; enabled; preset: enabled)
     Active: active (running) since TS; AGO
   Main PID: N (sleep)" S status t-active.service
check status-two 4 "Unit nonexist.service could not be found.
● t-static.service - static svc
     Loaded: loaded (/etc/systemd/system/t-static.service; static)
     Active: active (running) since TS; AGO
   Main PID: N (sleep)" S status t-static.service nonexist.service
# systemd 252, measured: the enablement and the preset policy's verdict, empty without a file
check show-unit-file-state 0 "UnitFileState=disabled
UnitFilePreset=enabled" S show -p UnitFileState -p UnitFilePreset t-inactive.service
check show-unit-file-state-static 0 "UnitFileState=static
UnitFilePreset=enabled" S show -p UnitFileState -p UnitFilePreset t-static.service
check show-unit-file-state-none 0 "UnitFileState=
UnitFilePreset=" S show -p UnitFileState -p UnitFilePreset nonexist.service
check show-nonexist 0 "Id=nonexist.service
Names=nonexist.service
Requires=
Wants=
Before=
After=
LoadState=not-found
ActiveState=inactive
SubState=dead
FragmentPath=" S show -p Id,Names,LoadState,ActiveState,SubState,FragmentPath,Requires,Wants,After,Before nonexist.service
check show-can 0 "Id=t-dep.service
CanStart=yes
CanStop=yes
CanReload=no
CanIsolate=no" S show -p Id,CanStart,CanStop,CanReload,CanIsolate t-dep.service
check show-value 0 "active" S show -p ActiveState --value t-active.service
check show-timestamps 0 "ActiveEnterTimestamp=TS
Job=
ConditionResult=yes" S show -p ActiveEnterTimestamp,ConditionResult,Job t-active.service
check show-invocation 0 "32" sh -c "systemctl show -p InvocationID --value t-active.service | tr -d '\n' | wc -c"
check show-loaderror 0 'LoadState=masked
LoadError=org.freedesktop.systemd1.UnitMasked "Unit t-masked.service is masked."' S show -p LoadError,LoadState t-masked.service
check show-loaderror-nonexist 0 'LoadError=org.freedesktop.systemd1.NoSuchUnit "Unit nonexist.service not found."' S show -p LoadError nonexist.service
check show-two 0 "Names=t-rae.service

Names=nonexist.service" S show -p Names t-rae.service nonexist.service
check list-units-type 0 "  UNIT               LOAD   ACTIVE SUB     DESCRIPTION
  t-active.service   loaded active running active svc
  t-dep.service      loaded active running dep svc
● t-exit3.service    loaded failed failed  t-exit3.service
● t-fail.service     loaded failed failed  failing svc
  t-inactive.service loaded active running inactive svc
  t-rae.service      loaded active exited  oneshot rae
  t-static.service   loaded active running static svc

LOAD   = Reflects whether the unit definition was properly loaded.
ACTIVE = The high-level unit activation state, i.e. generalization of SUB.
SUB    = The low-level unit activation state, values depend on unit type.
7 loaded units listed. Pass --all to see loaded but inactive units, too.
To show all installed unit files use 'systemctl list-unit-files'." S list-units --no-pager --type=service
check list-units-failed 0 "  UNIT            LOAD   ACTIVE SUB    DESCRIPTION
● t-exit3.service loaded failed failed t-exit3.service
● t-fail.service  loaded failed failed failing svc

LOAD   = Reflects whether the unit definition was properly loaded.
ACTIVE = The high-level unit activation state, i.e. generalization of SUB.
SUB    = The low-level unit activation state, values depend on unit type.
2 loaded units listed." S list-units --no-pager --state=failed
check list-units-plain 0 "t-active.service   loaded active running active svc
t-dep.service      loaded active running dep svc
t-exit3.service    loaded failed failed  t-exit3.service
t-fail.service     loaded failed failed  failing svc
t-inactive.service loaded active running inactive svc
t-rae.service      loaded active exited  oneshot rae
t-static.service   loaded active running static svc" S list-units --plain --no-legend 't-*'
check list-units-none 0 "  UNIT LOAD ACTIVE SUB DESCRIPTION
0 loaded units listed. Pass --all to see loaded but inactive units, too.
To show all installed unit files use 'systemctl list-unit-files'." S list-units 'nonexist*'
check list-dependencies 0 "t-dep.service
● ├─system.slice
● ├─t-rae.service
● ├─t-static.service
● └─sysinit.target" S list-dependencies --no-pager t-dep.service
check list-dependencies-reverse 0 "t-static.service
● └─t-dep.service" S list-dependencies --reverse t-static.service
check list-dependencies-target 0 "multi-user.target
● └─t-active.service" S list-dependencies multi-user.target
check list-dependencies-all 0 "t-dep.service
● ├─system.slice
● │ └─-.slice
● ├─t-rae.service
● │ ├─system.slice
● │ │ └─-.slice
● │ └─sysinit.target
● ├─t-static.service
● │ ├─system.slice
● │ │ └─-.slice
● │ └─sysinit.target
● └─sysinit.target" S list-dependencies --all t-dep.service
check list-dependencies-plain 0 "t-dep.service
  system.slice
  t-rae.service
  t-static.service
  sysinit.target" S list-dependencies --plain t-dep.service
check list-dependencies-nonexist 0 "nonexist.service" S list-dependencies nonexist.service
check list-jobs-none 0 "No jobs running." S list-jobs
check list-jobs-none-nolegend 0 "" S list-jobs --no-legend
check kill-nonexist 1 "Failed to kill unit nonexist.service: Unit nonexist.service not loaded." S kill nonexist.service
check kill-badsignal 1 'Failed to parse signal string "FOO".' S kill -s FOO t-dep.service
check kill 0 "" S kill --signal=TERM --kill-whom=main t-dep.service
check reset-failed 0 "" S reset-failed t-fail.service
check reset-failed-nonexist 1 "Failed to reset failed state of unit nonexist.service: Unit nonexist.service not loaded." S reset-failed nonexist.service
check reset-failed-all 0 "" S reset-failed
check is-active-after-reset 3 "inactive" S is-active t-fail.service
check is-system-running-again 0 "running" S is-system-running
check get-default 0 "multi-user.target" S get-default
check daemon-reload 0 "" S daemon-reload
# as systemd: silent, and back once the new image answers; the units are as they were
check daemon-reexec 0 "" S daemon-reexec
check is-active-after-reexec 0 "active
active" S is-active t-active.service multi-user.target
check isolate 0 "" S isolate t-iso.target
check is-active-after-isolate 0 "inactive
active" S is-active t-active.service t-static.service
check runlevel-unknown 1 "unknown" runlevel
# t-slow runs long enough (10 s) for the checks below to see it activating on a loaded machine
check start-no-block 0 "" S start --no-block t-slow.service t-waiter.service
check list-jobs 0 "JOB UNIT             TYPE  STATE
N t-slow.service   start running
N t-waiter.service start waiting

2 jobs listed." sh -c "systemctl list-jobs | sed -E 's/^[0-9]+ +(t-)/N \\1/'"
check list-units-jobs 0 "  UNIT             LOAD   ACTIVE     SUB     JOB   DESCRIPTION
  t-slow.service   loaded activating start   start slow svc
  t-static.service loaded active     running       static svc
  t-waiter.service loaded inactive   dead    start waiter svc
  t-iso.target     loaded active     active        iso target

LOAD   = Reflects whether the unit definition was properly loaded.
ACTIVE = The high-level unit activation state, i.e. generalization of SUB.
SUB    = The low-level unit activation state, values depend on unit type.
JOB    = Pending job for the unit.

4 loaded units listed. Pass --all to see loaded but inactive units, too.
To show all installed unit files use 'systemctl list-unit-files'." S list-units 't-*'
check status-activating 3 "● t-slow.service - slow svc
     Loaded: loaded (/etc/systemd/system/t-slow.service; static)
     Active: activating (start) since TS; AGO
   Main PID: N (sleep)" S status t-slow.service
check is-active-activating 3 "activating
inactive" S is-active t-slow.service t-waiter.service
check show-job 0 "ActiveState=activating
Job=N" sh -c "systemctl show -p Job,ActiveState t-slow.service | sed -E 's/^Job=[0-9]+/Job=N/'"
check list-units-state 0 "t-waiter.service loaded inactive dead start waiter svc" S list-units --state=inactive --plain --no-legend 't-w*'
check wait-jobs 0 "" sh -c 'for i in $(seq 1 250); do [ "$(systemctl list-jobs --no-legend)" = "" ] && exit 0; sleep 0.1; done; exit 1'
check is-active-waiter 0 "active" S is-active t-waiter.service
check stop 0 "" S stop t-static.service
# systemd 252, measured: a stopped simple service lists its ExecStart= process and its main PID
check status-stopped 3 "○ t-static.service - static svc
     Loaded: loaded (/etc/systemd/system/t-static.service; static)
     Active: inactive (dead) since TS; AGO
   Duration: SPAN
    Process: N ExecStart=/bin/sleep 1000 (code=killed, signal=TERM)
   Main PID: N (code=killed, signal=TERM)" S status t-static.service
check default-refused 4 "Failed to start default.target: Operation refused, unit may not be isolated.
See system logs and 'systemctl status default.target' for details." S default
check rescue-refused 4 "Failed to start rescue.target: Operation refused, unit may not be isolated.
See system logs and 'systemctl status rescue.target' for details." S rescue
check isolate-nonexist 4 "Failed to start nonexist.target: Operation refused, unit may not be isolated.
See system logs and 'systemctl status nonexist.target' for details." S isolate nonexist
check start-two 5 "Failed to start nonexist.service: Unit nonexist.service not found." S start nonexist.service t-rae.service
check start-two-started 0 "active" S is-active t-rae.service

# Only root may change state; anyone may query.
if command -v setpriv >/dev/null; then
        check non-root-start 4 "Failed to start t-static.service: Access denied
See system logs and 'systemctl status t-static.service' for details." setpriv --reuid=65534 --regid=65534 --clear-groups "$SCTL" start t-static.service
        check non-root-query 0 "active" setpriv --reuid=65534 --regid=65534 --clear-groups "$SCTL" is-active t-rae.service
fi

# daemon-reload: new settings apply, a vanished unit file leaves a running unit running.
check start-static 0 "" S start t-static.service
sed -i 's/Description=static svc/Description=static svc v2/' "$ROOT/etc/systemd/system/t-static.service"
check reload-description 0 "static svc v2" sh -c 'systemctl daemon-reload && systemctl show -p Description --value t-static.service'
rm "$ROOT/etc/systemd/system/t-static.service"
check reload-vanished 0 "LoadState=not-found
ActiveState=active" sh -c 'systemctl daemon-reload && systemctl show -p LoadState,ActiveState t-static.service'
check stop-vanished 3 "inactive" sh -c 'systemctl stop t-static.service && systemctl is-active t-static.service'

# A hostile or broken client does not take the manager down.
if command -v python3 >/dev/null; then
        check robustness 0 "ok" python3 - "$SYSMASTER_CONTROL_SOCKET" <<'PY'
import os, socket, struct, sys
path = sys.argv[1]
def conn():
    s = socket.socket(socket.AF_UNIX); s.connect(path); return s
s = conn(); s.sendall(struct.pack("<I", 10**9) + b"x" * 100)      # oversized frame: dropped
assert s.recv(100) == b""
s = conn(); s.sendall(struct.pack("<I", 3) + b"a\xff\x00")        # bad UTF-8: answered, kept
assert b"error" in s.recv(100)
s.sendall(os.urandom(4096)); s.close()                            # garbage, then gone
many = [conn() for _ in range(300)]                               # more than the bound
for c in many: c.close()
s = conn(); s.sendall(struct.pack("<I", 18) + b"is-system-running\x00")
print("ok" if b"ok" in s.recv(100) else "bad")
PY
fi

check set-default 0 "Removed \"ROOT/etc/systemd/system/default.target\".
Created symlink ROOT/etc/systemd/system/default.target → /etc/systemd/system/t-iso.target." sh -c "ln -s /usr/lib/systemd/system/multi-user.target '$ROOT/etc/systemd/system/default.target' && systemctl --root='$ROOT' set-default t-iso"
check get-default-root 0 "t-iso.target" S --root="$ROOT" get-default
check telinit-q 0 "" telinit q
check shutdown-schedule 0 "going down
Reboot scheduled for TS, use 'shutdown -c' to cancel." shutdown -r +5 "going down"
check shutdown-cancel 0 "gone" sh -c "shutdown -c; [ -e '$ROOT/run/sysmaster/shutdown.pid' ] || echo gone"
check bogus-verb 1 "Unknown command verb bogusverb." S bogusverb
check poweroff 0 "" S poweroff
check manager-exits 0 "" sh -c "for i in \$(seq 1 50); do kill -0 $MPID 2>/dev/null || exit 0; sleep 0.1; done; exit 1"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ] || { echo "--- manager log"; tail -n 40 "$T/manager.log"; exit 1; }
