#!/bin/bash
# test-scopes.sh — transient scope units with a plain-process manager (`sysmaster --test
# --root=… --cgroup-root=…` in a cgroup2 directory of the test's own, in a PID namespace):
# `sctl start-transient-scope` moves running processes into the scope's cgroup (running), the
# last one's exit makes it dead and the garbage collector unloads it, `stop` kills what is in
# it, a scope whose processes are all gone fails with "resources" (and stays until
# reset-failed), a scope cannot be started without its processes, and an active scope's name
# cannot be taken again; services: a template instance in its own implicit slice, an exited
# service with its empty cgroup removed. Usage: test-scopes.sh BUILD-DIR. Exits 77 without root or a
# writable cgroup2.
set -u
BUILD=$(realpath "${1:?build dir}")
if [ -z "${SCOPES_TEST_INNER:-}" ]; then
        [ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 77; }
        export SCOPES_TEST_INNER=1
        exec timeout 60 unshare --pid --fork --mount-proc --kill-child "$0" "$@"
fi
CGBASE=
for d in /sys/fs/cgroup /sys/fs/cgroup/unified; do
        [[ $(stat -f -c %T "$d" 2>/dev/null) == cgroup2fs && -w $d ]] && CGBASE=$d && break
done
[ -n "$CGBASE" ] || { echo "SKIP: no writable cgroup2"; exit 77; }
CG=$(mktemp -d "$CGBASE/sm-scope-test.XXXXXX") || { echo "SKIP: cannot make a cgroup"; exit 77; }
T=$(mktemp -d /tmp/test-scopes.XXXXXX)
ROOT=$T/root
cleanup() {
        kill -KILL ${MPID:-0} 2>/dev/null
        for f in $(find "$CG" -name cgroup.procs); do for p in $(cat "$f"); do kill -KILL "$p" 2>/dev/null; done; done
        sleep 0.2
        find "$CG" -depth -type d -exec rmdir {} \; 2>/dev/null
        rm -rf "$T"
}
trap cleanup EXIT
mkdir -p "$ROOT/usr/lib/systemd/system"
for x in sysinit basic shutdown multi-user; do
        printf '[Unit]\nDescription=%s (test target)\nDefaultDependencies=no\n' $x >"$ROOT/usr/lib/systemd/system/$x.target"
done
printf '[Unit]\nDefaultDependencies=no\n' >"$ROOT/usr/lib/systemd/system/system.slice"
ln -s multi-user.target "$ROOT/usr/lib/systemd/system/default.target"
printf '[Scope]\n' >"$ROOT/usr/lib/systemd/system/file.scope"
printf '[Service]\nExecStart=/bin/sleep 60\n' >"$ROOT/usr/lib/systemd/system/tpl-x@.service"
printf '[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/true\n' >"$ROOT/usr/lib/systemd/system/once.service"

SCTL=$BUILD/src/sctl/sctl
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
state_is() { [ "$("$SCTL" show -p ActiveState,SubState --value -- "$1" 2>/dev/null | paste -sd/)" = "$2" ]; }
result_is() { [ "$("$SCTL" show -p Result --value -- "$1" 2>/dev/null)" = "$2" ]; }
listed() { "$SCTL" list-units --all 2>/dev/null | grep -q -- "$1"; }
in_cgroup() { grep -qx "$2" "$CG/system.slice/$1/cgroup.procs" 2>/dev/null; }
gone() { ! kill -0 "$1" 2>/dev/null; }

"$BUILD/src/core/sysmaster" --test --root="$ROOT" --cgroup-root="$CG" --show-status=no --log-level=debug >"$T/manager.log" 2>&1 &
MPID=$!
disown "$MPID"
wait_for 10 test -S "$SYSMASTER_CONTROL_SOCKET" || { echo "manager did not start"; cat "$T/manager.log"; exit 1; }

# 1. a running process put into a scope; its exit ends the scope, which is then unloaded
sleep 100 & P1=$!
check create "$SCTL" start-transient-scope one.scope "$P1"
check running wait_for 5 state_is one.scope active/running
check pid-in-cgroup in_cgroup one.scope "$P1"
kill "$P1"; wait "$P1" 2>/dev/null
check last-exit-dead-and-collected wait_for 5 eval '! listed one.scope'
check cgroup-removed wait_for 5 test ! -d "$CG/system.slice/one.scope"

# 2. stop kills every process in it
sleep 100 & P2=$!
sleep 100 & P3=$!
check create-two "$SCTL" start-transient-scope two.scope "$P2" "$P3"
check two-running wait_for 5 state_is two.scope active/running
check both-in-cgroup bash -c "grep -qx $P2 '$CG/system.slice/two.scope/cgroup.procs' && grep -qx $P3 '$CG/system.slice/two.scope/cgroup.procs'"
# the name of an active scope is taken
check name-taken bash -c "! '$SCTL' start-transient-scope two.scope $$ 2>/dev/null"
"$SCTL" stop two.scope
check stop-killed wait_for 5 eval "gone $P2 && gone $P3"
wait "$P2" "$P3" 2>/dev/null

# 3. nothing left to move: failed with "resources", kept for status until reset-failed
sleep 0.1 & P4=$!
wait "$P4"
"$SCTL" start-transient-scope gone.scope "$P4" 2>/dev/null
check no-pids-failed wait_for 5 state_is gone.scope failed/failed
check no-pids-result result_is gone.scope resources
sleep 0.3
check failed-kept listed gone.scope
"$SCTL" reset-failed gone.scope
check reset-collected wait_for 5 eval '! listed gone.scope'

# 4. a scope from a file cannot be started: it has no processes
check file-scope-refused bash -c "! '$SCTL' start file.scope 2>/dev/null"
check bad-name bash -c "! '$SCTL' start-transient-scope notascope.service $$ 2>/dev/null"

# 5. services' cgroups as in systemd: a template's instance in the template's own slice
# (created without a unit file), and an exited service's empty cgroup removed with
# ControlGroup= empty (what the Debian boot showed under systemd 252)
cg_of() { "$SCTL" show -p ControlGroup --value -- "$1" 2>/dev/null; }
"$SCTL" start tpl-x@a.service
check tpl-running wait_for 5 state_is tpl-x@a.service active/running
check tpl-slice test "$(cg_of tpl-x@a.service)" = "/system.slice/system-tpl\\x2dx.slice/tpl-x@a.service"
check tpl-slice-unit wait_for 5 state_is 'system-tpl\x2dx.slice' active/active
check tpl-slice-desc test "$("$SCTL" show -p Description --value 'system-tpl\x2dx.slice')" = "Slice /system/tpl-x"
check tpl-in-cgroup grep -q . "$CG/system.slice/system-tpl\\x2dx.slice/tpl-x@a.service/cgroup.procs"
"$SCTL" stop tpl-x@a.service
"$SCTL" start once.service
check exited wait_for 5 state_is once.service active/exited
check exited-no-cgroup test -z "$(cg_of once.service)"
check exited-cgroup-removed test ! -d "$CG/system.slice/once.service"

echo "--- $pass passed, $fail failed"
if [ "$fail" -gt 0 ]; then
        tail -n 60 "$T/manager.log"
        exit 1
fi
exit 0
