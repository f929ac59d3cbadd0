#!/bin/bash
# test-boot.sh SRCDIR BUILDDIR — boots sysMaster (sysmaster-init as PID 1, the manager, the
# standard units and the demo units of demo-units/) in throw-away containers (lib-container.sh:
# nothing reaches the machine's root, /tmp or units) and checks what a boot must do: the status
# lines, default.target reached, the unit given on init's command line (rescue, emergency, a
# target that exits), a failing unit failed, After= ordering seen in the time stamps services
# write, Conflicts= and isolate, PID 1's signals, poweroff/reboot/exit ending the container with
# the right status, and no mount or cgroup left behind. Needs root and namespaces (else 77).
set -uo pipefail
src=$(cd "$1" && pwd)
build=$(cd "$2" && pwd)
. "$src/tests/integration/lib-container.sh"
units=$src/tests/integration/demo-units

if ! container_supported; then
        echo "test-boot: needs root, PID/mount/cgroup namespaces and overlayfs: skipping"
        exit 77
fi
trap container_cleanup EXIT
container_prepare "$build" || exit 1

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok: $*"; }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }
console_has() { grep -Eq -- "$1" "$CT_CONSOLE"; }
console_count() { grep -Ec -- "$1" "$CT_CONSOLE"; }
stamp() { container_exec cat "/run/demo/$1" 2>/dev/null; }
before() { local a b; a=$(stamp "$1") b=$(stamp "$2"); [ -n "$a" ] && [ -n "$b" ] && [ "$a" -le "$b" ]; }
exists() { container_exec test -e "$1"; }
dump_on_failure() { [ "$fail" -gt "$1" ] && { echo "--- console:"; cat "$CT_CONSOLE"; echo "---"; }; }

# Stops the container (by signal when it still runs) and checks it left nothing behind.
finish() {
        local cg=$CT_CGROUP
        container_stop
        check "$1: no mount left behind" test -z "$(container_leaked_mounts "$CT_LAST_DIR")"
        check "$1: cgroup removed" test ! -d "$cg"
}

# 1. A normal boot to default.target, isolate to rescue and back, then poweroff by signal.
f0=$fail
t0=$(date +%s%N)
container_boot "$units" || exit 1
if container_wait_for 'Startup finished' 30; then
        ok "boot: startup finished in $(( ($(date +%s%N) - t0) / 1000000 )) ms from container start" \
           "($(grep -o 'Startup finished in [0-9.]*s' "$CT_CONSOLE" | head -n1))"
else
        bad "boot: startup finished"
fi
check "boot: status line for a started service" console_has '\[.*  OK  .*\] Started Demo: web front end\.'
check "boot: status line for a reached target" console_has '\] Reached target Basic System\.'
check "boot: default.target (graphical.target) reached" console_has '\] Reached target Graphical Interface\.'
check "boot: multi-user.target reached" console_has '\] Reached target Multi-User System\.'
check "boot: READY reached init" container_wait_for 'manager is ready' 5
check "boot: failing unit reported failed" console_has 'FAILED.*\] Failed to start Demo: a service that fails\.'
check "boot: its exit status logged" console_has 'demo-broken.service: main process exited, code=exited, status=3'
check "boot: degraded startup noted" console_has 'Startup finished in .*degraded'
check "order: prepare before db (After=)" before prepare.start db.start
check "order: db before web (After=)" before db.start web.start
check "conflicts: OnFailure= started the takeover unit" exists /run/demo/takeover.start
check "conflicts: its Conflicts= stopped the victim" exists /run/demo/victim.stop
check "conflicts: status line for the stop" console_has '\] Stopped Demo: conflict victim\.'
check "idle service ran" console_has 'demo-hello: this system was booted by sysMaster'
check "runtime: /run/systemd/system exists (sd_booted)" exists /run/systemd/system
check "runtime: /run/systemd/container says container" exists /run/systemd/container
id=$(container_exec cat /etc/machine-id)
check "machine-id from \$container_uuid" test "$id" = "$(echo "$CT_UUID" | tr -d -)"
check "hostname from /etc/hostname" test "$(container_exec hostname)" = sysmaster-ct
# init and the manager in init.scope, as systemd's PID 1: the tree's root keeps no process
check "init.scope: active (running)" test "$(container_exec systemctl show -p SubState --value init.scope)" = running
check "init.scope: init (PID 1) and the manager are in /init.scope" test \
        "$(container_exec sh -c 'cat /proc/1/cgroup; cat /proc/$(pgrep -x sysmaster)/cgroup' | grep '^0::' | sort -u)" = "0::/init.scope"
# (0: a process outside the container's PID namespace — the harness's unshare)
check "init.scope: the root cgroup holds no process of the container" \
        test -z "$(container_exec cat /sys/fs/cgroup/cgroup.procs | grep -vx 0)"
stop_refused() { ! container_exec systemctl stop "$1" 2>/dev/null; }
check "init.scope: cannot be stopped" stop_refused init.scope
check "services run as children of the manager" test -n "$(container_exec sh -c 'ps -o ppid=,comm= -e' | awk '$2 == "sleep"')"

check "systemctl is sysMaster's" bash -c "nsenter -t $CT_PID -m -p -u -i -C -r -w systemctl --version | grep -q sysmaster"
check "systemctl: demo-broken is failed" test "$(container_exec systemctl is-failed demo-broken.service)" = failed
check "systemctl: demo-web is active" test "$(container_exec systemctl is-active demo-web.service)" = active
check "systemctl: the system is degraded" test "$(container_exec systemctl is-system-running)" = degraded
check "systemctl: list-units shows the chain" bash -c "nsenter -t $CT_PID -m -p -u -i -C -r -w systemctl list-units --no-pager | grep -q 'demo-db.service.*running'"
# what a package's install script does: enable --now, then status, then disable --now
check "systemctl: demo-extra is disabled" test "$(container_exec systemctl is-enabled demo-extra.service)" = disabled
check "systemctl: enable --now" container_exec systemctl enable --now demo-extra.service
check "systemctl: enabled by a wants link" exists /etc/systemd/system/multi-user.target.wants/demo-extra.service
check "systemctl: started by --now" test "$(container_exec systemctl is-active demo-extra.service)" = active
check "systemctl: status shows enabled and the preset" bash -c \
        "nsenter -t $CT_PID -m -p -u -i -C -r -w systemctl status demo-extra.service | grep -q 'Loaded: loaded (/.*/demo-extra.service; enabled; preset: enabled)'"
check "systemctl: disable --now" container_exec systemctl disable --now demo-extra.service
check "systemctl: stopped by --now" test "$(container_exec systemctl is-active demo-extra.service)" = inactive
check "systemctl: disabled again" test "$(container_exec systemctl is-enabled demo-extra.service)" = disabled

# SIGHUP to PID 1 is daemon-reload, as with systemd: a changed description shows afterwards
container_exec sh -c 'mkdir -p /etc/systemd/system/demo-extra.service.d &&
        printf "[Unit]\nDescription=Demo: an optional service, reloaded\n" >/etc/systemd/system/demo-extra.service.d/hup.conf'
kill -s SIGHUP "$CT_PID"
check "SIGHUP: PID 1 reloads the units" container_wait_for 'Received SIGHUP: reloading' 10
check "SIGHUP: the drop-in applies" bash -c "for i in \$(seq 1 50); do nsenter -t $CT_PID -m -p -u -i -C -r -w systemctl show -p Description --value demo-extra.service | grep -q reloaded && exit 0; sleep 0.1; done; exit 1"

kill -s SIGRTMIN+1 "$CT_PID"      # isolate to rescue.target
check "isolate: SIGRTMIN+1 reached rescue.target" container_wait_for '\] Reached target Rescue Mode\.' 20
check "isolate: the rescue shell found no console and waits" container_wait_for 'no console for a shell' 10
check "isolate: demo-web was stopped" container_wait_for '\] Stopped Demo: web front end\.' 10
check "isolate: multi-user.target was stopped" console_has '\] Stopped target Multi-User System\.'
kill -s SIGRTMIN "$CT_PID"        # back to default.target
if container_wait_for 'Reached target Graphical Interface' 20 &&
   for _ in $(seq 100); do [ "$(console_count 'Reached target Graphical Interface')" -ge 2 ] && break; sleep 0.1; done; then
        check "isolate: SIGRTMIN+0 went back to default.target" test "$(console_count 'Reached target Graphical Interface')" -ge 2
else
        bad "isolate: SIGRTMIN+0 went back to default.target"
fi
check "isolate: rescue shell stopped again" console_has '\] Stopped Rescue Shell\.'
kill -s SIGRTMIN+4 "$CT_PID"      # poweroff.target
check "poweroff: container ended" container_wait_exit 30
check "poweroff: exit status 0 (got $CT_STATUS)" test "$CT_STATUS" = 0
check "poweroff: services stopped in order (web before db)" \
        bash -c "grep -n 'Stopped Demo: web front end' '$CT_CONSOLE' | cut -d: -f1 | { read -r w; grep -n 'Stopped Demo: database' '$CT_CONSOLE' | cut -d: -f1 | { read -r d; [ \"\$w\" -lt \"\$d\" ]; }; }"
check "poweroff: reached System Power Off" console_has '\] Reached target System Power Off\.'
check "poweroff: handed over to init" console_has 'Handing over to init: poweroff, exit code 0'
dump_on_failure "$f0"
finish boot

# 2. systemd.unit=rescue.target on init's command line; ctrl-alt-del (SIGINT) reboots.
f0=$fail
container_boot "$units" systemd.unit=rescue.target || exit 1
check "rescue: reached rescue.target" container_wait_for '\] Reached target Rescue Mode\.' 30
check "rescue: startup finished" container_wait_for 'Startup finished' 10
check "rescue: multi-user.target not started" bash -c "! grep -q 'Reached target Multi-User System' '$CT_CONSOLE'"
check "rescue: demo services not started" bash -c "! grep -q 'Started Demo' '$CT_CONSOLE'"
kill -s SIGINT "$CT_PID"
check "ctrl-alt-del: container ended" container_wait_exit 30
check "ctrl-alt-del: reboot status 133 (got $CT_STATUS)" test "$CT_STATUS" = 133
check "ctrl-alt-del: went through reboot.target" console_has '\] Reached target System Reboot\.'
dump_on_failure "$f0"
finish rescue

# 3. "emergency" on init's command line: only the emergency shell; SIGRTMIN+14 powers off at once.
f0=$fail
container_boot "$units" emergency || exit 1
check "emergency: reached emergency.target" container_wait_for '\] Reached target Emergency Mode\.' 30
check "emergency: sysinit.target not reached" bash -c "! grep -q 'Reached target System Initialization' '$CT_CONSOLE'"
container_wait_for 'manager is ready' 10
kill -s SIGRTMIN+14 "$CT_PID"
check "immediate poweroff: container ended" container_wait_exit 30
check "immediate poweroff: exit status 0 (got $CT_STATUS)" test "$CT_STATUS" = 0
check "immediate poweroff: no units stopped first" bash -c "! grep -q 'Stopped' '$CT_CONSOLE'"
dump_on_failure "$f0"
finish emergency

# 4. A unit whose success exits the manager with a status: the container's exit status.
f0=$fail
container_boot "$units" systemd.unit=demo-exit.target || exit 1
check "exit: container ended by itself" container_wait_exit 30
check "exit: SuccessActionExitStatus=42 became the exit status (got $CT_STATUS)" test "$CT_STATUS" = 42
dump_on_failure "$f0"
finish exit

# 5. systemctl halt: halt.target, whose service asks for the halt with systemctl --force halt.
f0=$fail
container_boot "$units" || exit 1
container_wait_for 'Startup finished' 30
container_exec systemctl halt >/dev/null 2>&1
check "halt: container ended" container_wait_exit 30
check "halt: exit status 0 (got $CT_STATUS)" test "$CT_STATUS" = 0
check "halt: handed over to init as halt" console_has 'Handing over to init: halt, exit code 0'
check "halt: services stopped first" console_has '\] Stopped Demo: web front end\.'
dump_on_failure "$f0"
finish halt

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
