#!/bin/bash
# test-manager-env.sh SRCDIR BUILDDIR — the manager's environment block in a booted container
# (lib-container.sh): show-environment, set-environment, unset-environment and
# import-environment through sctl and through the systemctl compat name; a service started
# afterwards gets the block; it survives daemon-reload, daemon-reexec and a manager killed with
# SIGKILL (the checkpoint carries it to the next manager). Prints "N passed, M failed".
set -uo pipefail
src=$(cd "$1" && pwd)
build=$(cd "$2" && pwd)
. "$src/tests/integration/lib-container.sh"

if ! container_supported; then
        echo "test-manager-env: needs root, PID/mount/cgroup namespaces and overlayfs: skipping"
        exit 77
fi
work=$(mktemp -d /var/tmp/test-manager-env.XXXXXX)
trap 'container_cleanup; rm -rf "$work"' EXIT
container_prepare "$build" || exit 1

mkdir -p "$work/units"
# envdump: writes the environment it got, sorted, to /run/envdump.out; started on demand
printf '%s\n' '[Unit]' 'Description=dump the environment' '[Service]' 'Type=oneshot' \
        "ExecStart=/bin/sh -c 'env | sort >/run/envdump.tmp && mv /run/envdump.tmp /run/envdump.out'" \
        >"$work/units/envdump.service"

pass=0 fail=0
check() {
        local what=$1
        shift
        if "$@"; then
                pass=$((pass + 1))
                echo "ok   $what"
        else
                fail=$((fail + 1))
                echo "FAIL $what"
        fi
}

container_boot "$work/units" || exit 1
if ! container_wait_for 'Startup finished' 60; then
        echo "FAIL boot"
        tail -n 40 "$CT_CONSOLE"
        exit 1
fi
sock=/proc/$CT_PID/root/run/sysmaster/control
S() { SYSMASTER_CONTROL_SOCKET=$sock timeout 30 "$build/src/sctl/sctl" "$@"; }
out=/proc/$CT_PID/root/run/envdump.out
# the environment a freshly started service gets
dump() {
        rm -f "$out"
        S start envdump.service >/dev/null 2>&1 || return 1
        cat "$out"
}
shows() { S show-environment | grep -qxF -- "$1"; }
lacks() { ! S show-environment | grep -q -- "^$1="; }
# waits (up to 30 s) until a manager answers again
wait_answer() {
        local i
        for i in $(seq 300); do
                S show-environment >/dev/null 2>&1 && return 0
                sleep 0.1
        done
        return 1
}

base_block() { S show-environment | grep -q '^PATH=/usr/local/sbin:' && shows LANG=C.UTF-8; }
check "show-environment: the base block (PATH, LANG)" base_block
check "set-environment: several at once" S set-environment FOO=bar 'SPACED=a b' NL=$'x\ny'
quoted() { shows FOO=bar && shows "SPACED=\$'a b'" && shows "NL=\$'x\\ny'"; }
check "show-environment: plain, and quoted as \$'…' where a shell would misread it" quoted
d=$(dump)
check "a service started now gets the variables" \
        bash -c "grep -qx FOO=bar <<<'$d' && grep -qx 'SPACED=a b' <<<'$d'"
check "unset-environment NAME" S unset-environment FOO
check "… it is gone" lacks FOO
keep_other() { S unset-environment SPACED=other && shows "SPACED=\$'a b'"; }
check "unset-environment NAME=VALUE with another value keeps it" keep_other
by_value() { S unset-environment NL=$'x\ny' && lacks NL; }
check "unset-environment NAME=VALUE with its value removes it" by_value
all_or_nothing() { ! S set-environment GOOD=1 NOEQUALS 2>/dev/null && lacks GOOD; }
check "set-environment: an invalid assignment fails (exit 1), nothing changes" all_or_nothing
err=$(S set-environment 1BAD=x 2>&1)
check "… with systemctl's message" [ "$err" = "Invalid environment assignment: 1BAD=x" ]
import() { IMP_A=1 IMP_B=2 OTHER=3 S import-environment 'IMP_*' OTHER && shows IMP_A=1 && shows IMP_B=2 && shows OTHER=3; }
check "import-environment NAME and a glob" import
import_unset() { S import-environment NOT_SET_ANYWHERE 2>&1 | grep -q 'NOT_SET_ANYWHERE not set, ignoring'; }
check "import-environment: an unset name is a warning" import_unset
compat() { container_exec systemctl set-environment VIA_SYSTEMCTL=1 && container_exec systemctl show-environment | grep -qx VIA_SYSTEMCTL=1; }
check "systemctl set-environment / show-environment (compat name, inside)" compat
as_nobody() { container_exec setpriv --reuid=65534 --regid=65534 --clear-groups systemctl "$@"; }
unpriv_show() { as_nobody show-environment | grep -qx VIA_SYSTEMCTL=1; }
check "show-environment needs no privileges" unpriv_show
denied() { ! as_nobody set-environment X=1 2>/dev/null; }
check "set-environment does (denied for nobody)" denied

S daemon-reload
check "daemon-reload keeps the block" shows VIA_SYSTEMCTL=1
S daemon-reexec
after_reexec() { shows VIA_SYSTEMCTL=1 && shows IMP_A=1; }
check "daemon-reexec keeps the block" after_reexec

old=$(pgrep -P "$CT_PID" -x sysmaster | head -n1)
kill -KILL "$old"
sleep 0.5
check "a manager killed with SIGKILL comes back" wait_answer
after_kill() { shows VIA_SYSTEMCTL=1 && shows IMP_A=1 && shows "SPACED=\$'a b'"; }
check "… with the block from the checkpoint" after_kill
check "… a new manager process" [ "$(pgrep -P "$CT_PID" -x sysmaster | head -n1)" != "$old" ]
d=$(dump)
check "… and a service started after the recovery gets it" \
        bash -c "grep -qx VIA_SYSTEMCTL=1 <<<'$d' && grep -qx 'SPACED=a b' <<<'$d' && ! grep -q '^FOO=' <<<'$d'"

echo "$pass passed, $fail failed"
if ((fail > 0)); then
        echo "--- console (last 40 lines)"
        tail -n 40 "$CT_CONSOLE" 2>/dev/null
fi
container_stop
((fail == 0))
