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

# systemctl is sysMaster's sctl under systemd's name (the machine's own would look for systemd)
section "systemctl list-units"
container_exec systemctl list-units --no-pager || true
section "systemctl status demo-web.service"
container_exec systemctl status --no-pager demo-web.service || true
section "systemctl status demo-broken.service"
container_exec systemctl status --no-pager demo-broken.service || true
section "systemctl enable --now demo-extra.service (what a package's install script does)"
container_exec systemctl enable --now demo-extra.service || true
container_exec systemctl status --no-pager demo-extra.service || true

section "Powering off"
lines=$(wc -l <"$CT_CONSOLE")
container_exec systemctl poweroff || true
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
