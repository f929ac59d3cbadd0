#!/bin/bash
# test-packaging.sh SRCDIR — `meson install --destdir` puts files in the FHS paths sysMaster
# promises, and rpm/sysmaster.spec builds with rpmbuild from a tarball of the tree.
set -euo pipefail
src=$(cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0 pass=0
check() { if "$@"; then pass=$((pass + 1)); else echo "FAIL: $*"; fail=$((fail + 1)); fi; }

meson setup "$work/build" "$src" --prefix=/usr -Dtests=false >/dev/null
ninja -C "$work/build" >/dev/null
DESTDIR="$work/dest" meson install -C "$work/build" --no-rebuild >/dev/null
check test -x "$work/dest/usr/bin/sctl"
check test -x "$work/dest/usr/lib/sysmaster/sysmaster-init"
check test -x "$work/dest/usr/lib/sysmaster/sysmaster-shutdown"
check test "$(readlink "$work/dest/usr/sbin/sysmaster-init")" = /usr/lib/sysmaster/sysmaster-init

if command -v rpmbuild >/dev/null; then
        mkdir -p "$work/rpm/SOURCES"
        version=$(sed -n 's/^Version: *//p' "$src/rpm/sysmaster.spec")
        tar -C "$src" --exclude='./build*' --exclude=./.git --transform "s,^\.,sysmaster-$version," \
            -czf "$work/rpm/SOURCES/sysmaster-$version.tar.gz" .
        # Debian's rpm has no rpm database of build dependencies (they are dpkg packages): --nodeps.
        if rpmbuild --define "_topdir $work/rpm" --nodeps -bb "$src/rpm/sysmaster.spec" >"$work/rpm.log" 2>&1; then
                check test -n "$(find "$work/rpm/RPMS" -name 'sysmaster-*.rpm')"
        else
                tail -n 30 "$work/rpm.log"
                check false
        fi
else
        echo "rpmbuild not installed: skipping the rpm build"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
