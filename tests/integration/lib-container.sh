#!/bin/bash
# lib-container.sh — boots sysmaster-init as PID 1 of a throw-away container, for the demo and
# the integration tests. Source it, then:
#
#   container_prepare BUILDDIR      installs the build (meson install --destdir) once, to a stage
#   container_boot UNITDIR [ARG…]   boots; ARGs are init's argv (e.g. systemd.unit=rescue.target)
#                                   (with CT_FILES=DIR set, DIR's tree is copied over the
#                                   container's root last: an fstab, a generator of the test's own;
#                                   with CT_ENV=FILE, FILE's NUL-separated NAME=VALUE entries are
#                                   added to init's environment, hence the manager's)
#                                   (with CT_LOWER=DIR set, DIR — a distribution's root such as
#                                   build-debian-root.sh makes — is the overlay's lower layer
#                                   instead of /, and its own unit tree, generators, tmpfiles and
#                                   fstab are kept; with CT_NET=1, a network namespace of its own)
#                                   (with CT_PTY=1, /dev/console is a pty whose output goes to
#                                   CT_CONSOLE, as systemd-nspawn gives one: a getty runs on it;
#                                   without, /dev/console is /dev/null: no console)
#                                   (with CT_REFERENCE=PATH and CT_LOWER=DIR, DIR boots with
#                                   DIR's own init PATH, e.g. /lib/systemd/systemd, instead of
#                                   sysMaster, and nothing of the stage goes over it: the same
#                                   root, treated the same way, as the reference to compare with)
#   container_exec CMD…             runs CMD inside (nsenter), with a clean environment
#   container_wait_for REGEX SECS   waits until the console shows a line matching REGEX
#   container_wait_exit SECS        waits until PID 1 exits; its status is in CT_STATUS
#   container_stop                  kills what is left and removes mounts, cgroups and files
#   container_cleanup               container_stop, then removes the stage (for an EXIT trap)
#
# A booted sysinit.target runs tmpfiles and once wiped a machine's /tmp, so the container never
# sees the machine's root: new PID, mount, UTS, IPC and cgroup namespaces; an overlay of / whose
# writes go to a tmpfs; its own /run, /tmp and /dev; pivot_root into the overlay; a unit tree of
# its own (the distribution's unit and generator directories are emptied, then the build's
# units and UNITDIR are copied in); and a cgroup of its own, which container_stop removes with
# everything below it. The mounts live only in the container's mount namespace, so they go
# away with its last process. Needs root; container_supported says whether namespaces work.
#
# After container_boot: CT_PID (PID 1 as the host sees it), CT_CONSOLE (a file with PID 1's
# output), CT_UUID (the container's $container_uuid, hence its machine ID).

CT_STAGE=${CT_STAGE:-}
CT_PID= CT_UNSHARE= CT_DIR= CT_CONSOLE= CT_CGROUP= CT_STATUS= CT_PTY_PID= CT_BUILD=
CT_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

container_supported() {
        [ "$(id -u)" -eq 0 ] || return 1
        command -v unshare >/dev/null && command -v nsenter >/dev/null || return 1
        unshare --pid --mount --uts --ipc --cgroup --fork --mount-proc true 2>/dev/null || return 1
        grep -qw overlay /proc/filesystems || modprobe overlay 2>/dev/null
        grep -qw overlay /proc/filesystems
}

# The cgroup2 hierarchy of the host: unified, or the "unified" part of a hybrid layout.
ct_cgroup2_root() {
        if [ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ]; then
                echo /sys/fs/cgroup
        elif [ "$(stat -fc %T /sys/fs/cgroup/unified 2>/dev/null)" = cgroup2fs ]; then
                echo /sys/fs/cgroup/unified
        fi
}

container_prepare() {
        local build=$1
        CT_BUILD=$(cd "$build" && pwd)
        [ -n "$CT_STAGE" ] && [ -d "$CT_STAGE" ] && return 0
        CT_STAGE=$(mktemp -d /var/tmp/sysmaster-stage.XXXXXX)
        # the stage's "." is copied over the container's /: mktemp's 0700 would lock every
        # user but root out of the whole tree (dbus-daemon as messagebus could not load libc)
        chmod 755 "$CT_STAGE"
        DESTDIR=$CT_STAGE meson install -C "$build" --no-rebuild --quiet >/dev/null
        CT_INIT=$(find "$CT_STAGE" -path '*/lib/sysmaster/sysmaster-init' | head -n1)
        [ -x "$CT_INIT" ] || { echo "lib-container: no sysmaster-init in the build" >&2; return 1; }
        CT_INIT=${CT_INIT#"$CT_STAGE"}
        # sctl answers as systemctl, poweroff… under those names. The build installs those
        # links in its compat directory, which a package links into /usr/bin; the stage does
        # what the package does, next to sctl, which comes first in the container's PATH
        # (before the distribution's own systemctl).
        local sctl n
        sctl=$(find "$CT_STAGE" -path '*/bin/sctl' | head -n1)
        if [ -n "$sctl" ]; then
                for n in systemctl poweroff reboot halt shutdown telinit runlevel; do
                        [ -e "${sctl%/sctl}/$n" ] || ln -s sctl "${sctl%/sctl}/$n"
                done
        fi
}

# Writes the script that runs inside the new namespaces, as their first process.
ct_write_enter() {
        cat >"$CT_DIR/enter" <<'EOS'
#!/bin/bash
# Runs as PID 1 of the new namespaces until it execs sysmaster-init; every mount it makes is
# private to the container's mount namespace.
set -euo pipefail
d=$1 stage=$2 units=$3 init=$4 files=$5 lower=$6 console=$7 reference=$8
shift 8
extra=()
[ ! -f "$d/env" ] || mapfile -d '' extra <"$d/env"
mount --make-rprivate /
mount -t tmpfs -o mode=755 tmpfs "$d/fs"
mkdir -p "$d/fs/upper" "$d/fs/work" "$d/fs/root"
mount -t overlay overlay -o "lowerdir=${lower:-/},upperdir=$d/fs/upper,workdir=$d/fs/work" "$d/fs/root"
R=$d/fs/root
if [ -n "$reference" ]; then
        # the reference boot: the distribution's root exactly as it is, with its own init
        [ -z "$units" ] || cp -a "$units/." "$R/etc/systemd/system/"
        : >"$R/etc/machine-id"
        init=$reference
elif [ -n "$lower" ]; then
        # A distribution's root boots with its own units, generators and fstab: only the
        # stage (sysMaster, as its package would install it) goes over it.
        cp -a "$stage/." "$R/"
        [ -z "$units" ] || cp -a "$units/." "$R/etc/systemd/system/"
        : >"$R/etc/machine-id"          # a new ID from $container_uuid (not a first boot)
else
# A unit tree of our own: nothing of the distribution's runs. (One command per step: every
# exec counts on a loaded machine.)
dirs=(etc/systemd/system usr/lib/systemd/system usr/local/lib/systemd/system
      usr/lib/systemd/system-generators usr/local/lib/systemd/system-generators
      etc/systemd/system-generators usr/lib/systemd/system-environment-generators
      usr/lib/systemd/system-preset etc/systemd/system-preset usr/lib/tmpfiles.d etc/tmpfiles.d)
rm -rf "${dirs[@]/#/$R/}"
mkdir -p "${dirs[@]/#/$R/}"
cp -a "$stage/." "$R/"
[ -z "$units" ] || cp -a "$units/." "$R/etc/systemd/system/"
: >"$R/etc/fstab"
# a first boot (ConditionFirstBoot=, $SYSTEMD_FIRST_BOOT): the manager makes an ID from
# $container_uuid. (An empty file would get an ID too, but is not a first boot for systemd 252.)
echo uninitialized >"$R/etc/machine-id"
fi
[ -z "$files" ] || cp -a "$files/." "$R/"
echo sysmaster-ct >"$R/etc/hostname"
# API file systems: a private /proc of the new PID namespace, the machine's /sys read-only
# with a cgroup2 of the container's own cgroup namespace, a private /dev, /run and /tmp.
mount -t proc proc "$R/proc"
mount --rbind /sys "$R/sys"
mount -o remount,bind,ro "$R/sys" 2>/dev/null || true
mount -t cgroup2 cgroup2 "$R/sys/fs/cgroup"
mount -t tmpfs -o mode=755,nosuid tmpfs "$R/dev"
nodes=(null zero full random urandom tty console)
touch "${nodes[@]/#/$R/dev/}"
mkdir -p "$R/dev/pts" "$R/dev/shm"
for n in null zero full random urandom tty; do
        mount --bind "/dev/$n" "$R/dev/$n"
done
# No console (the shells of rescue and emergency mode see that and wait instead), or the
# slave of a pty the host drains to the console log (CT_PTY=1), as systemd-nspawn does
mount --bind "${console:-/dev/null}" "$R/dev/console"
mount -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts "$R/dev/pts"
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$R/dev/shm"
ln -s pts/ptmx "$R/dev/ptmx"
ln -s /proc/self/fd "$R/dev/fd"
ln -s /proc/self/fd/0 "$R/dev/stdin"
ln -s /proc/self/fd/1 "$R/dev/stdout"
ln -s /proc/self/fd/2 "$R/dev/stderr"
mount -t tmpfs -o mode=755,nosuid,nodev tmpfs "$R/run"
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$R/tmp"
mkdir -p "$R/oldroot"
cd "$R"
pivot_root . oldroot
umount -l /oldroot
rmdir /oldroot
cd /
exec env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin TERM=dumb \
        container=sysmaster-test container_uuid="$CT_UUID" "${extra[@]}" "$init" "$@"
EOS
        chmod +x "$CT_DIR/enter"
}

container_boot() {
        local units=${1:-}
        shift || true
        [ -n "$CT_STAGE" ] || { echo "lib-container: container_prepare first" >&2; return 1; }
        [ -z "$units" ] || units=$(cd "$units" && pwd)
        local files=${CT_FILES:-}
        [ -z "$files" ] || files=$(cd "$files" && pwd)
        CT_DIR=$(mktemp -d /var/tmp/sysmaster-ct.XXXXXX)
        mkdir -p "$CT_DIR/fs"
        CT_CONSOLE=$CT_DIR/console
        CT_STATUS=
        : >"$CT_CONSOLE"
        ct_write_enter
        local console=
        if [ "${CT_PTY:-0}" != 0 ]; then
                local helper=${CT_PTY_HELPER:-$CT_BUILD/tests/integration/pty-console} i
                [ -x "$helper" ] || { echo "lib-container: CT_PTY=1 needs $helper (ninja)" >&2; return 1; }
                # started from this shell, so it dies with it (PR_SET_PDEATHSIG)
                "$helper" "$CT_CONSOLE" >"$CT_DIR/pty" &
                CT_PTY_PID=$!
                for i in $(seq 1 100); do
                        console=$(cat "$CT_DIR/pty" 2>/dev/null)
                        [ -z "$console" ] || break
                        sleep 0.05
                done
                [ -c "$console" ] || { echo "lib-container: no pty from $helper" >&2; return 1; }
        fi
        local reference=${CT_REFERENCE:-}
        [ -z "$reference" ] || [ -n "${CT_LOWER:-}" ] || { echo "lib-container: CT_REFERENCE needs CT_LOWER" >&2; return 1; }
        [ -z "${CT_ENV:-}" ] || cp "$CT_ENV" "$CT_DIR/env"
        local root
        root=$(ct_cgroup2_root)
        [ -n "$root" ] || { echo "lib-container: no cgroup2 hierarchy" >&2; return 1; }
        CT_CGROUP=$root/sysmaster-ct-${CT_DIR##*.}
        mkdir "$CT_CGROUP"
        CT_UUID=$(cat /proc/sys/kernel/random/uuid)
        export CT_UUID
        # the container's cgroup namespace is rooted at a cgroup of its own
        local lower=${CT_LOWER:-} net=
        [ -z "$lower" ] || lower=$(cd "$lower" && pwd)
        [ "${CT_NET:-0}" = 0 ] || net=--net
        setsid sh -c 'echo $$ >"$1/cgroup.procs" && shift && exec "$@"' sh "$CT_CGROUP" \
                unshare --pid --mount --uts --ipc --cgroup $net --fork --kill-child \
                "$CT_DIR/enter" "$CT_DIR" "$CT_STAGE" "$units" "$CT_INIT" "$files" "$lower" \
                "$console" "$reference" "$@" </dev/null >>"$CT_CONSOLE" 2>&1 &
        CT_UNSHARE=$!
        CT_PID=
        local i
        for i in $(seq 1 200); do
                CT_PID=$(pgrep -P "$CT_UNSHARE" | head -n1)
                if [ -n "$CT_PID" ] && [ "$(readlink "/proc/$CT_PID/exe" 2>/dev/null)" != "$(readlink -f /bin/bash)" ]; then
                        return 0
                fi
                if ! kill -0 "$CT_UNSHARE" 2>/dev/null; then
                        # a boot that ended before we looked (a target that exits at once)
                        grep -q '^sysmaster-init: start' "$CT_CONSOLE" && [ -z "$reference" ] && return 0
                        break
                fi
                sleep 0.05
        done
        echo "lib-container: sysmaster-init did not start; console:" >&2
        cat "$CT_CONSOLE" >&2
        return 1
}

container_exec() {
        nsenter -t "$CT_PID" -m -p -u -i -C -n -r -w env -i PATH="$CT_PATH" TERM=dumb "$@"
}

container_wait_for() {
        local re=$1 end=$((SECONDS + $2))
        while [ $SECONDS -le "$end" ]; do
                grep -Eq -- "$re" "$CT_CONSOLE" 2>/dev/null && return 0
                kill -0 "$CT_UNSHARE" 2>/dev/null || { grep -Eq -- "$re" "$CT_CONSOLE"; return; }
                sleep 0.05
        done
        return 1
}

container_wait_exit() {
        local end=$((SECONDS + $1))
        while kill -0 "$CT_UNSHARE" 2>/dev/null && [ $SECONDS -le "$end" ]; do sleep 0.05; done
        if kill -0 "$CT_UNSHARE" 2>/dev/null; then
                CT_STATUS=timeout
                return 1
        fi
        CT_STATUS=0
        wait "$CT_UNSHARE" 2>/dev/null || CT_STATUS=$?
        return 0
}

# Mounts of the container that leaked to the machine (should be none): lines of the host's
# mountinfo naming the container's directory.
container_leaked_mounts() {
        [ -n "$1" ] && grep -F -- "$1" /proc/self/mountinfo || true
}

container_stop() {
        [ -n "$CT_DIR" ] || return 0
        # every step may fail harmlessly, and callers may run under set -e (in an EXIT trap)
        if [ -n "$CT_UNSHARE" ] && kill -0 "$CT_UNSHARE" 2>/dev/null; then
                [ -z "$CT_PID" ] || kill -KILL "$CT_PID" 2>/dev/null || true
                kill -KILL "$CT_UNSHARE" 2>/dev/null || true
        fi
        [ -z "$CT_UNSHARE" ] || wait "$CT_UNSHARE" 2>/dev/null || true
        if [ -n "$CT_PTY_PID" ]; then
                kill "$CT_PTY_PID" 2>/dev/null || true
                wait "$CT_PTY_PID" 2>/dev/null || true
                CT_PTY_PID=
        fi
        local try
        # the kernel frees a cgroup only once its last process is reaped
        for try in $(seq 1 50); do
                [ -d "$CT_CGROUP" ] || break
                find "$CT_CGROUP" -depth -type d -exec rmdir {} + 2>/dev/null || true
                [ -d "$CT_CGROUP" ] || break
                sleep 0.1
        done
        [ ! -d "$CT_CGROUP" ] || echo "lib-container: could not remove $CT_CGROUP" >&2
        rm -rf "$CT_DIR"
        CT_LAST_DIR=$CT_DIR
        CT_DIR= CT_PID= CT_UNSHARE=
}

container_cleanup() {
        container_stop
        [ -z "$CT_STAGE" ] || rm -rf "$CT_STAGE"
        CT_STAGE=
}
