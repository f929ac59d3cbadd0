#!/bin/bash
# lib-bench.sh — boots sysMaster or systemd 252 as PID 1 of a throw-away container, the same way
# for both, for bench/run.sh. Source it (the caller sets -euo pipefail), then:
#
#   bench_prepare BUILDDIR       installs the build once to a stage (meson install --destdir)
#   bench_boot SYSTEM UNITDIR [PREFIX N COMM TIMEOUT_MS]
#                                boots SYSTEM (sysmaster|systemd) with UNITDIR as the only unit
#                                directory; the exec of PID 1 is stamped in $B_OUT/exec. With
#                                the watch arguments, `bench-helper watch` is started before
#                                PID 1 (so it cannot miss the target) for bench_watch_result
#   bench_watch_result           waits for the watcher (not in a subshell: it is our child);
#                                sets B_WATCH_RESULT to "TARGET_NS ALL_NS"
#   bench_exec CMD…              runs CMD inside the container (nsenter, clean environment)
#   bench_stop                   kills what is left, removes the container's cgroups and files
#   bench_cleanup                bench_stop, then removes the stage (for an EXIT trap)
#
# The container: new PID, mount, UTS, IPC, net and cgroup namespaces; an overlay of / whose
# writes go to a tmpfs; pivot_root into it; its own /run, /tmp, /dev and a cgroup2 of its own
# cgroup (both systems run in the unified hierarchy); the distribution's unit, generator, preset
# and tmpfiles directories emptied; the benchmark's units in /bench/units and
# SYSTEMD_UNIT_PATH=/bench/units for both systems, so nothing of the distribution ever runs;
# the helpers in /bench/bin; /bench/out bind-mounted from the host (where stamps go). The host
# cgroup it runs in is removed with everything below it by bench_stop. Setup cost is outside
# the measurement: PID 1's clock starts at its exec (bench-helper exec).
#
# After bench_boot: B_PID (PID 1 as the host sees it), B_OUT (the host directory behind
# /bench/out), B_CGROUP (the container's root cgroup on the host), B_CONSOLE (PID 1's output).

B_STAGE=${B_STAGE:-}
B_PID= B_UNSHARE= B_DIR= B_OUT= B_CGROUP= B_CONSOLE= B_SYSTEM= B_WATCHER=
B_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
B_SYSTEMD=${B_SYSTEMD:-/lib/systemd/systemd}
B_HELPERS=${B_HELPERS:-}        # the directory with bench-helper and forkexec (the build's bench/)

bench_supported() {
        [ "$(id -u)" -eq 0 ] || return 1
        unshare --pid --mount --uts --ipc --net --cgroup --fork --mount-proc true 2>/dev/null || return 1
        grep -qw overlay /proc/filesystems || modprobe overlay 2>/dev/null || true
        grep -qw overlay /proc/filesystems
}

b_cgroup2_root() {
        if [ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ]; then
                echo /sys/fs/cgroup
        elif [ "$(stat -fc %T /sys/fs/cgroup/unified 2>/dev/null)" = cgroup2fs ]; then
                echo /sys/fs/cgroup/unified
        fi
}

bench_prepare() {
        local build=$1 sctl n
        [ -n "$B_STAGE" ] && [ -d "$B_STAGE" ] && return 0
        B_STAGE=$(mktemp -d /var/tmp/sysmaster-bench-stage.XXXXXX)
        DESTDIR=$B_STAGE meson install -C "$build" --no-rebuild --quiet >/dev/null
        B_INIT=$(find "$B_STAGE" -path '*/lib/sysmaster/sysmaster-init' | head -n1)
        [ -x "$B_INIT" ] || { echo "lib-bench: no sysmaster-init in the build" >&2; return 1; }
        B_INIT=${B_INIT#"$B_STAGE"}
        # sctl answers as systemctl when sysMaster runs (as the package links it); for systemd
        # the container's PATH finds the distribution's systemctl in /usr/bin instead.
        sctl=$(find "$B_STAGE" -path '*/bin/sctl' | head -n1)
        [ -n "$sctl" ] || { echo "lib-bench: no sctl in the build" >&2; return 1; }
        B_SCTL=${sctl#"$B_STAGE"}
        mkdir -p "$B_STAGE/bench/sysmaster-bin" "$B_STAGE/bench/bin"
        cp "$B_HELPERS/bench-helper" "$B_HELPERS/forkexec" "$B_STAGE/bench/bin/"
        for n in sctl systemctl; do ln -s "$B_SCTL" "$B_STAGE/bench/sysmaster-bin/$n"; done
}

# The script that runs as the first process of the new namespaces and execs PID 1.
b_write_enter() {
        cat >"$B_DIR/enter" <<'EOS'
#!/bin/bash
# Runs as PID 1 of the new namespaces until it execs the init under test; every mount is
# private to the container's mount namespace.
set -euo pipefail
d=$1 stage=$2 units=$3 out=$4
shift 4
mount --make-rprivate /
mount -t tmpfs -o mode=755 tmpfs "$d/fs"
mkdir -p "$d/fs/upper" "$d/fs/work" "$d/fs/root"
mount -t overlay overlay -o "lowerdir=/,upperdir=$d/fs/upper,workdir=$d/fs/work" "$d/fs/root"
R=$d/fs/root
dirs=(etc/systemd/system usr/lib/systemd/system usr/local/lib/systemd/system lib/systemd/system
      usr/lib/systemd/system-generators usr/local/lib/systemd/system-generators
      etc/systemd/system-generators usr/lib/systemd/system-environment-generators
      usr/lib/systemd/system-preset etc/systemd/system-preset usr/lib/tmpfiles.d etc/tmpfiles.d
      bench)
for x in "${dirs[@]}"; do
        [ -L "$R/$x" ] || { rm -rf "${R:?}/$x"; mkdir -p "$R/$x"; }
done
cp -a "$stage/." "$R/"
rm -rf "$R/usr/local/lib/systemd/system"; mkdir -p "$R/usr/local/lib/systemd/system"
mkdir -p "$R/bench/units" "$R/bench/bin" "$R/bench/out"
cp -a "$units/." "$R/bench/units/"
mount --bind "$out" "$R/bench/out"
: >"$R/etc/fstab"
: >"$R/etc/machine-id"
echo bench-ct >"$R/etc/hostname"
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
mount --bind /dev/null "$R/dev/console"
mount -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts "$R/dev/pts"
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$R/dev/shm"
ln -s pts/ptmx "$R/dev/ptmx"
ln -s /proc/self/fd "$R/dev/fd"
mount -t tmpfs -o mode=755,nosuid,nodev tmpfs "$R/run"
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$R/tmp"
mkdir -p "$R/oldroot"
cd "$R"
pivot_root . oldroot
umount -l /oldroot
rmdir /oldroot
cd /
# the same environment for both; systemd logs to the console (a file) rather than to the
# machine's kmsg
exec env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin TERM=dumb \
        container=sysmaster-bench container_uuid="$B_UUID" SYSTEMD_UNIT_PATH=/bench/units \
        /bench/bin/bench-helper exec /bench/out/exec "$@"
EOS
        chmod +x "$B_DIR/enter"
}

bench_boot() {
        local system=$1 units
        units=$(cd "$2" && pwd)
        shift 2
        [ -n "$B_STAGE" ] || { echo "lib-bench: bench_prepare first" >&2; return 1; }
        B_SYSTEM=$system
        B_DIR=$(mktemp -d /var/tmp/sysmaster-bench-ct.XXXXXX)
        B_OUT=$B_DIR/out
        mkdir -p "$B_DIR/fs" "$B_OUT"
        B_CONSOLE=$B_DIR/console
        b_write_enter
        local root init
        root=$(b_cgroup2_root)
        [ -n "$root" ] || { echo "lib-bench: no cgroup2 hierarchy" >&2; return 1; }
        B_CGROUP=$root/sysmaster-bench-${B_DIR##*.}
        mkdir "$B_CGROUP"
        B_UUID=$(cat /proc/sys/kernel/random/uuid)
        export B_UUID
        case $system in
        sysmaster) init=("$B_INIT") ;;
        systemd) init=("$B_SYSTEMD" --system --log-target=console) ;;
        *) echo "lib-bench: unknown system $system" >&2; return 1 ;;
        esac
        B_WATCHER=
        if [ $# -gt 0 ]; then
                "$B_HELPERS/bench-helper" watch "$B_OUT/target" "$B_CGROUP" "$@" >"$B_DIR/watch" &
                B_WATCHER=$!
        fi
        setsid sh -c 'echo $$ >"$1/cgroup.procs" && shift && exec "$@"' sh "$B_CGROUP" \
                unshare --pid --mount --uts --ipc --net --cgroup --fork --kill-child \
                "$B_DIR/enter" "$B_DIR" "$B_STAGE" "$units" "$B_OUT" "${init[@]}" \
                </dev/null >"$B_CONSOLE" 2>&1 &
        B_UNSHARE=$!
        B_PID=
        local i
        for i in $(seq 1 400); do
                [ -s "$B_OUT/exec" ] && B_PID=$(pgrep -P "$B_UNSHARE" | head -n1) && [ -n "$B_PID" ] && return 0
                kill -0 "$B_UNSHARE" 2>/dev/null || break
                sleep 0.05
        done
        echo "lib-bench: $system did not start; console:" >&2
        tail -n 20 "$B_CONSOLE" >&2
        return 1
}

bench_watch_result() {
        B_WATCH_RESULT=
        [ -n "$B_WATCHER" ] || return 1
        local rc=0
        # a PID 1 that died (or never started) ends the wait at once instead of at the timeout
        while kill -0 "$B_WATCHER" 2>/dev/null; do
                if ! kill -0 "$B_UNSHARE" 2>/dev/null; then
                        kill "$B_WATCHER" 2>/dev/null || true
                        echo "lib-bench: $B_SYSTEM (PID 1) exited during the boot" >&2
                        break
                fi
                sleep 0.1
        done
        wait "$B_WATCHER" || rc=$?
        B_WATCHER=
        [ $rc = 0 ] && read -r B_WATCH_RESULT <"$B_DIR/watch"
}

# The PATH inside: sysMaster's sctl as systemctl first when sysMaster runs.
bench_exec() {
        local path=$B_PATH
        [ "$B_SYSTEM" != sysmaster ] || path=/bench/sysmaster-bin:$B_PATH
        nsenter -t "$B_PID" -m -p -u -i -n -C -r -w env -i PATH="$path" TERM=dumb SYSTEMD_PAGER= \
                SYSTEMD_COLORS=0 "$@"
}

bench_stop() {
        [ -n "$B_DIR" ] || return 0
        [ -z "$B_WATCHER" ] || { kill "$B_WATCHER" 2>/dev/null; wait "$B_WATCHER" 2>/dev/null; B_WATCHER=; } || true
        if [ -n "$B_UNSHARE" ] && kill -0 "$B_UNSHARE" 2>/dev/null; then
                [ -z "$B_PID" ] || kill -KILL "$B_PID" 2>/dev/null || true
                kill -KILL "$B_UNSHARE" 2>/dev/null || true
        fi
        [ -z "$B_UNSHARE" ] || wait "$B_UNSHARE" 2>/dev/null || true
        local try
        # the kernel frees a cgroup only once its last process is reaped
        for try in $(seq 1 100); do
                [ -d "$B_CGROUP" ] || break
                find "$B_CGROUP" -depth -type d -exec rmdir {} + 2>/dev/null || true
                [ -d "$B_CGROUP" ] || break
                sleep 0.1
        done
        [ ! -d "$B_CGROUP" ] || echo "lib-bench: could not remove $B_CGROUP" >&2
        rm -rf "$B_DIR"
        B_DIR= B_PID= B_UNSHARE=
}

bench_cleanup() {
        bench_stop
        [ -z "$B_STAGE" ] || rm -rf "$B_STAGE"
        B_STAGE=
}
