#!/bin/bash
# demo.sh — sysMaster's main job: builds it, boots a small demo system with sysmaster-init as
# PID 1 and the sysmaster manager in a throw-away container (tests/integration/lib-container.sh:
# an overlay of / whose writes go to a tmpfs, a unit tree of its own — nothing touches this
# machine's root, /tmp or units), shows the boot's status lines and the state of its units, then
# powers it off (PID 1 exits with the container's status) and cleans up. The demo units
# (tests/integration/demo-units/) are a dependency chain, services of several types, one that
# fails and a Conflicts= take-over.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
[ -d build ] || meson setup build >/dev/null
ninja -C build >/dev/null
. tests/integration/lib-container.sh

if ! container_supported; then
        echo "demo: needs root, PID/mount/cgroup namespaces and overlayfs to boot a container." >&2
        exit 1
fi
trap container_cleanup EXIT
container_prepare build
# Our systemctl, if the build has one (the control socket speaks to it); the machine's own
# systemctl would look for systemd.
have_systemctl=$(find "$CT_STAGE" -name systemctl \( -type f -o -type l \) | head -n1)

section() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

section "Booting a demo system: sysmaster-init as PID 1 of a container"
t0=$(date +%s%N)
container_boot tests/integration/demo-units
if ! container_wait_for 'Startup finished' 60; then
        cat "$CT_CONSOLE"
        echo "demo: the boot did not finish within 60 s" >&2
        exit 1
fi
container_wait_for 'demo-hello:' 5 || true
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
cat "$CT_CONSOLE"
echo
echo "Booted in ${ms} ms from container start ($(grep -o 'Startup finished in [0-9.]*s' "$CT_CONSOLE" | head -n1) in the manager)."

if [ -n "$have_systemctl" ] && container_exec test -S /run/sysmaster/control; then
        section "systemctl list-units"
        container_exec systemctl list-units --no-pager || true
        section "systemctl status demo-web.service"
        container_exec systemctl status --no-pager demo-web.service || true
        section "systemctl status demo-broken.service"
        container_exec systemctl status --no-pager demo-broken.service || true
else
        section "Inside the container (no control socket in this build yet: what ps and /run show)"
        container_exec ps -o pid,ppid,args -e
        echo
        echo "Time stamps the services wrote (After= ordering: prepare < db < web):"
        container_exec sh -c 'cd /run/demo && for f in prepare.start db.start web.start victim.start victim.stop takeover.start; do
                [ -f "$f" ] && printf "  %-16s %s\n" "$f" "$(cat "$f")"; done'
        echo
        echo "sd_booted(): $(container_exec sh -c 'test -d /run/systemd/system && echo yes || echo no')," \
             "machine ID $(container_exec cat /etc/machine-id), host name $(container_exec hostname)."
fi

section "Powering off"
lines=$(wc -l <"$CT_CONSOLE")
if [ -n "$have_systemctl" ] && container_exec test -S /run/sysmaster/control; then
        container_exec systemctl poweroff || true
else
        echo "(no systemctl yet: sending SIGRTMIN+4 to PID 1, which asks for poweroff.target as systemctl would)"
        kill -s SIGRTMIN+4 "$CT_PID"
fi
if container_wait_exit 60; then
        tail -n +"$((lines + 1))" "$CT_CONSOLE"
        echo
        echo "PID 1 exited; the container's exit status is $CT_STATUS."
else
        tail -n +"$((lines + 1))" "$CT_CONSOLE"
        echo "demo: the container did not power off within 60 s" >&2
        exit 1
fi
cg=$CT_CGROUP
container_stop
leaked=$(container_leaked_mounts "$CT_LAST_DIR")
echo "Cleaned up: $([ -z "$leaked" ] && echo "no mount" || echo "MOUNTS") and $([ -d "$cg" ] && echo "A CGROUP" || echo "no cgroup") left behind."
