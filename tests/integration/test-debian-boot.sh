#!/bin/bash
# test-debian-boot.sh SRCDIR BUILDDIR — issue 6's Debian boot: a debootstrap'ed Debian 12 root
# (build-debian-root.sh, cached in $SYSMASTER_DEBIAN_ROOT, default
# /var/cache/sysmaster-debian-root; built on first use) boots with sysMaster as PID 1 in a
# throw-away container (lib-container.sh with CT_LOWER=: an overlay over that root, writes to
# a tmpfs; CT_NET=1: a network namespace whose loopback the manager brings up) with Debian's
# own unit files and generators, and must reach multi-user.target: dbus.socket activates dbus,
# sshd answers on 127.0.0.1:22, cron and rsyslog run, and the timers are listed with the next
# elapse systemd 252 computes. The reference is the root's own systemd-analyze (systemd 252,
# run inside the same container: same zone, same clock): for each timer's OnCalendar= the
# listed next elapse must be its next elapse, or up to RandomizedDelaySec= later (systemd
# adds that random delay too, so no two boots of either manager show the same instant).
# Every unit that failed is printed with why. Needs root and namespaces (else 77).
set -uo pipefail
src=$(cd "$1" && pwd)
build=$(cd "$2" && pwd)
. "$src/tests/integration/lib-container.sh"
cache=${SYSMASTER_DEBIAN_ROOT:-/var/cache/sysmaster-debian-root}

if ! container_supported; then
        echo "test-debian-boot: needs root, namespaces and overlayfs: skipping"
        exit 77
fi
t=$SECONDS
"$src/tests/integration/build-debian-root.sh" "$cache"
r=$?
[ $r -eq 77 ] && { echo "test-debian-boot: no debootstrap: skipping"; exit 77; }
[ $r -eq 0 ] || { echo "test-debian-boot: could not build the Debian root"; exit 1; }
echo "test-debian-boot: Debian root ready in $((SECONDS - t)) s"
trap container_cleanup EXIT
container_prepare "$build" || exit 1

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok: $*"; }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }
sctl() { container_exec systemctl "$@"; }
active() { [ "$(sctl is-active "$1" 2>/dev/null)" = active ]; }

t0=$(date +%s%N)
CT_LOWER=$cache/root CT_NET=1 container_boot "" || exit 1
if container_wait_for 'Startup finished' 180; then
        echo "test-debian-boot: startup finished after $((($(date +%s%N) - t0) / 1000000)) ms"
        grep -m1 'Startup finished' "$CT_CONSOLE"
else
        bad "Startup finished within 180 s"
fi
check "multi-user.target reached" active multi-user.target

# dbus: the socket listens; logind's connection at boot started dbus-daemon through it, so
# stop the service and check that the next client starts it again from the listening socket
check "dbus.socket active" active dbus.socket
sctl stop dbus.service
check "dbus.service stopped, dbus.socket still listening" \
        test "$(sctl is-active dbus.service)/$(sctl is-active dbus.socket)" = inactive/active
check "a client on the system bus gets dbus activated" container_exec timeout 20 dbus-send --system \
        --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.ListNames
check "dbus.service active again" active dbus.service

# ssh on the loopback of the container's own network namespace
check "ssh.service active" active ssh.service
check "sshd answers on 127.0.0.1:22" container_exec sh -c \
        "timeout 20 ssh-keyscan -T 10 127.0.0.1 2>/dev/null | grep -q '^127.0.0.1 ssh-'"

check "cron.service active" active cron.service
check "cron runs" container_exec sh -c 'pgrep -x cron >/dev/null'
check "rsyslog.service active" active rsyslog.service
check "rsyslogd runs" container_exec sh -c 'pgrep -x rsyslogd >/dev/null'

# the timers against systemd-analyze calendar of the root's own systemd 252
echo "--- systemctl list-timers:"
sctl list-timers --all | tee "$CT_DIR/timers"
echo "---"
ntimers=0
# (fd 3: container_exec would read the list from stdin)
while read -r unit <&3; do
        ntimers=$((ntimers + 1))
        file=$(container_exec systemctl cat "$unit" 2>/dev/null </dev/null)
        cal=$(printf '%s\n' "$file" | sed -n 's/^OnCalendar=//p' | tail -n1)
        if [ "$(sctl is-active "$unit" </dev/null)" != active ]; then
                # fstrim.timer: ConditionVirtualization=!container, as under systemd
                echo "$unit: not active here ($(sctl show -p ConditionResult --value "$unit" </dev/null)), not compared"
                continue
        fi
        if [ -z "$cal" ]; then
                # systemd-tmpfiles-clean.timer, OnBootSec=15min: in a container systemd counts
                # the boot from the manager's start (systemd.timer(5)), so about t0 + 15 min
                boot=$(printf '%s\n' "$file" | sed -n 's/^OnBootSec=//p' | tail -n1)
                bs=$(container_exec systemd-analyze timespan "${boot:-0}" </dev/null 2>/dev/null | sed -n 's/^ *μs: //p')
                shown=$(awk -v u="$unit" '$0 ~ " "u" " { print $1, $2, $3 }' "$CT_DIR/timers")
                want=$(( t0 / 1000000000 + ${bs:-0} / 1000000 )) ss=$(date -d "$shown" +%s 2>/dev/null)
                check "$unit: next elapse $shown = start + OnBootSec=$boot (±30 s)" \
                        test -n "$boot" -a -n "$ss" -a "${ss:-0}" -ge $((want - 30)) -a "${ss:-0}" -le $((want + 30))
                continue
        fi
        delay=$(printf '%s\n' "$file" | sed -n 's/^RandomizedDelaySec=//p' | tail -n1)
        ref=$(container_exec systemd-analyze calendar --iterations=1 "$cal" </dev/null | sed -n 's/^ *Next elapse: //p')
        shown=$(awk -v u="$unit" '$0 ~ " "u" " { print $1, $2, $3, $4 }' "$CT_DIR/timers")
        rs=$(date -d "${ref% *}" +%s 2>/dev/null) ss=$(date -d "${shown% *}" +%s 2>/dev/null)
        dmax=$(container_exec systemd-analyze timespan "${delay:-0}" </dev/null 2>/dev/null | sed -n 's/^ *μs: //p')
        dmax=$(( ${dmax:-0} / 1000000 ))
        if [ -n "$rs" ] && [ -n "$ss" ] && [ "$ss" -ge "$rs" ] && [ "$ss" -le $((rs + dmax)) ]; then
                ok "$unit: next elapse $shown = OnCalendar=$cal ($ref) + at most RandomizedDelaySec=${delay:-0}"
        else
                bad "$unit: next elapse '$shown', systemd 252: '$ref' + up to ${delay:-0} (OnCalendar=$cal)"
        fi
done 3< <(awk '{ for (i = 1; i <= NF; i++) if ($i ~ /\.timer$/) print $i }' "$CT_DIR/timers" | sort -u)
check "Debian's timers are listed" test "$ntimers" -ge 5

echo "--- units that failed to start, and why:"
sctl list-units --all --no-legend 2>/dev/null | sed 's/^[^a-zA-Z0-9-]*//' | awk '$3 == "failed" { print $1 }' >"$CT_DIR/failed"
while read -r u <&3; do
        echo "== $u"
        sctl status "$u" </dev/null 2>&1 | head -n 12
        grep -F "$u" "$CT_CONSOLE" | grep -v 'condition check' | tail -n 5
done 3<"$CT_DIR/failed"
echo "---"
[ "$fail" -eq 0 ] || { echo "--- console:"; tail -n 150 "$CT_CONSOLE"; echo "---"; }
container_stop
echo "test-debian-boot: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
