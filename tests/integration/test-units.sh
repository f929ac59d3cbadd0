#!/bin/bash
# test-units.sh BUILDDIR — the standard units of units/ as `meson install` lays them out: every
# one loads without error with `sctl verify` (as the manager would load it), every alias
# symlink resolves to its target by name, and each special unit systemd.special(7) lists is
# there. Read-only for the host: the install goes to a temporary DESTDIR.
set -euo pipefail
build=$(cd "$1" && pwd)
sctl=$build/src/sctl/sctl
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

DESTDIR=$work/dest meson install -C "$build" --no-rebuild --quiet >/dev/null
unitdir=$(find "$work/dest" -type d -path '*/lib/systemd/system' | head -n1)
[ -n "$unitdir" ] || { echo "FAIL: no unit directory installed"; exit 1; }
root_rel=${unitdir#"$work/dest"}

# Every installed file, by path: executables are looked up on this machine.
for f in "$unitdir"/*; do
        name=${f##*/}
        if out=$("$sctl" verify "$f" 2>&1) && [ -z "$out" ]; then ok; else bad "verify $name: $out"; fi
done

# By name inside the installed tree: the load path finds them and aliases resolve.
declare -A aliases=(
        [default.target]=graphical.target [ctrl-alt-del.target]=reboot.target
        [runlevel0.target]=poweroff.target [runlevel1.target]=rescue.target
        [runlevel2.target]=multi-user.target [runlevel3.target]=multi-user.target
        [runlevel4.target]=multi-user.target [runlevel5.target]=graphical.target
        [runlevel6.target]=reboot.target
)
for a in "${!aliases[@]}"; do
        want="# $root_rel/${aliases[$a]}"
        got=$("$sctl" --root="$work/dest" cat "$a" 2>&1 | head -n1)
        if [ "$got" = "$want" ]; then ok; else bad "$a resolves to '$got', expected '$want'"; fi
done

for u in -.slice system.slice user.slice machine.slice sysinit.target basic.target sockets.target \
         timers.target paths.target slices.target local-fs.target local-fs-pre.target remote-fs.target \
         remote-fs-pre.target network.target network-pre.target network-online.target nss-lookup.target \
         nss-user-lookup.target time-sync.target multi-user.target graphical.target rescue.target \
         rescue.service emergency.target emergency.service getty.target shutdown.target umount.target \
         final.target reboot.target poweroff.target halt.target exit.target kexec.target \
         sigpwr.target systemd-reboot.service systemd-poweroff.service systemd-halt.service \
         systemd-exit.service systemd-kexec.service swap.target; do
        if [ -f "$unitdir/$u" ] && [ ! -L "$unitdir/$u" ]; then ok; else bad "$u is not installed"; fi
done
shell=$(sed -n 's/^ExecStart=-\([^ ]*\) .*/\1/p' "$unitdir/rescue.service")
if [ -x "$work/dest$shell" ]; then ok; else bad "rescue.service runs $shell, which is not installed"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
