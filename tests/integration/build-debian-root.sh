#!/bin/bash
# build-debian-root.sh CACHE — a Debian 12 root for test-debian-boot.sh: debootstrap's minbase
# plus dbus, cron, rsyslog, openssh-server and systemd, in CACHE/root, from the Debian mirror
# apt uses on this machine. Built once: CACHE/stamp records what it was built from, and a run
# that finds the same stamp does nothing. sysMaster is not installed here but layered over this
# root by the container (lib-container.sh, CT_LOWER=), so a rebuilt sysMaster never invalidates
# the cache and the cached root stays exactly what Debian installed.
#
# Why systemd is included (but not systemd-sysv, so /sbin/init is not systemd): a Debian 12
# machine has it, and the packages' units lean on it — rsyslog.service Requires=syslog.socket,
# which systemd ships; the sysinit units run its tmpfiles, sysusers and journald binaries; and
# the timers the root lists (systemd-tmpfiles-clean.timer among them) come partly from it.
# Without it the boot would test a root no Debian machine has.
set -euo pipefail

cache=${1:-/var/cache/sysmaster-debian-root}
suite=bookworm
include=dbus,cron,rsyslog,openssh-server,systemd,procps,iproute2,netcat-openbsd

# The first Debian mirror apt is configured with (one-line or deb822 sources); no other network.
mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources \
                2>/dev/null | grep -v '^[[:space:]]*#' |
         grep -Eo 'https?://[^ ]+/debian/?( |$)' | grep -v security | head -n1 | tr -d ' ' || true)
mirror=${mirror:-http://deb.debian.org/debian}
stamp="$suite minbase $include $mirror"

if [ -f "$cache/stamp" ] && [ "$(cat "$cache/stamp")" = "$stamp" ] && [ -x "$cache/root/bin/sh" ]; then
        exit 0
fi
command -v debootstrap >/dev/null || { echo "build-debian-root: no debootstrap (scripts/install-deps.sh)" >&2; exit 77; }
mkdir -p "$cache/debs"
rm -rf "$cache/root.new" "$cache/stamp"
start=$SECONDS
# the .debs are kept in CACHE/debs so a rebuild (a changed package list) downloads only the new
nice -n 19 ionice -c3 debootstrap --variant=minbase --include="$include" \
        --cache-dir="$cache/debs" "$suite" "$cache/root.new" "$mirror" >"$cache/debootstrap.log" 2>&1 || {
        echo "build-debian-root: debootstrap failed; the end of $cache/debootstrap.log:" >&2
        tail -n 20 "$cache/debootstrap.log" >&2
        exit 1
}
rm -rf "$cache/root"
mv "$cache/root.new" "$cache/root"
echo "$stamp" >"$cache/stamp"
echo "build-debian-root: built $cache/root in $((SECONDS - start)) s"
