#!/bin/bash
# install-deps.sh — installs what building and testing sysMaster needs on Debian 12, from
# Debian's package registry only. Quick when everything is already there.
set -euo pipefail

packages=(
        meson ninja-build pkg-config gcc clang
        libmount-dev libblkid-dev libkmod-dev libdbus-1-dev libcap-dev libcmocka-dev
        libseccomp-dev     # the manager's seccomp filters (SystemCallFilter= and friends)
        systemd            # systemd 252 and its systemctl/systemd-analyze: the reference oracle
        systemd-tests      # testdata/test-execute: systemd's exec conformance units
        util-linux         # unshare, nsenter for the container tests
        qemu-system-x86 linux-image-amd64 busybox-static cpio  # the QEMU boot test
        rpm                # rpmbuild, to check rpm/sysmaster.spec
        python3
        debootstrap        # the Debian 12 root that test-debian-boot.sh boots
        linux-perf         # bench/: idle syscalls and wake-ups, and finding where time goes
)
missing=()
for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
        echo "install-deps: installing ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        # wait for another apt/dpkg run instead of failing on its lock
        apt-get -o DPkg::Lock::Timeout=900 update -qq
        apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
