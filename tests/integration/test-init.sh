#!/bin/bash
# test-init.sh INIT SHUTDOWN FAKE_MANAGER WORKDIR MALLOC_LOG INIT_PLAIN — sysmaster-init as PID 1 of a fresh PID and
# mount namespace, with fake-manager.c as its manager. Each case scripts the manager's starts
# through files in its own directory and reads back what the manager logged. Init runs with
# --no-mount (or, for the mount case, chrooted into a private tmpfs), so nothing it does can
# reach the host's mounts, /tmp or units. Needs root; skips (77) without namespaces.
set -uo pipefail
init=$(realpath "$1") shutdown=$(realpath "$2") fake=$(realpath "$3")
work=$(realpath "$4")/test-init.d malloc_log=$(realpath "$5") init_plain=$(realpath "$6")
ulimit -c 0

if [ "$(id -u)" -ne 0 ] || ! unshare --pid --fork --mount --mount-proc true 2>/dev/null; then
        echo "needs root and PID/mount namespaces: skipping"
        exit 77
fi
rm -rf "$work"
mkdir -p "$work"
export SYSMASTER_SHUTDOWN_TIMEOUT_SEC=1

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok: $*"; }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }
now_ns() { date +%s%N; }
# Whether a process is alive (a zombie is not: its parent may be the host's init).
alive() { [ -e "/proc/$1" ] && ! grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null; }
group_alive() {
        local p
        for p in /proc/[0-9]*; do
                [ "$(awk '{ sub(/.*\) /, ""); print $3 }' "$p/stat" 2>/dev/null)" = "$1" ] && alive "${p#/proc/}" && return 0
        done
        return 1
}

# A new case: its directory, where the start-N scripts go before start_init.
new_case() { dir=$work/$1; mkdir -p "$dir"; }

# Starts sysmaster-init in a new namespace, with "$*" as the kernel command line.
# Sets ns_pid (unshare), init_pid (host pid of the namespace's PID 1), ns_ident.
start_init() {
        echo "$*" >"$dir/cmdline"
        env FAKE_DIR="$dir" SYSMASTER_MANAGER="$fake" SYSMASTER_SHUTDOWN="$shutdown" ${preload:+LD_PRELOAD="$preload"} \
        unshare --pid --fork --mount --mount-proc --kill-child \
                sh -c 'mount --bind "$1" /proc/cmdline && exec "$2" --no-mount single systemd.unit=rescue.target' \
                sh "$dir/cmdline" "$init" >"$dir/console" 2>&1 &
        ns_pid=$!
        init_pid=
        for _ in $(seq 100); do
                init_pid=$(pgrep -P "$ns_pid" | head -n1)
                [ -n "$init_pid" ] && grep -q '^start 1 ' "$dir/log" 2>/dev/null && break
                sleep 0.05
        done
        ns_ident=$(readlink "/proc/$init_pid/ns/pid")
}

# Exit status of the namespace's PID 1, or 255 after SECONDS.
wait_exit() {
        local end=$((SECONDS + $1))
        while kill -0 "$ns_pid" 2>/dev/null && [ $SECONDS -le $end ]; do sleep 0.05; done
        kill -0 "$ns_pid" 2>/dev/null && { stop_init; return 255; }
        wait "$ns_pid"
}

stop_init() {
        kill -KILL "$ns_pid" 2>/dev/null
        wait "$ns_pid" 2>/dev/null
        if [ "$fail" -gt 0 ] && [ -n "${VERBOSE:-}" ]; then cat "$dir/console" "$dir/log"; fi
}

# wait_for SECONDS PATTERN: until a line of the log matches (extended regexp).
wait_for() {
        local end=$((SECONDS + $1))
        while [ $SECONDS -le $end ]; do
                grep -Eq "$2" "$dir/log" 2>/dev/null && return 0
                sleep 0.02
        done
        return 1
}

# Field "key=value" of the first log line matching a pattern.
field() { grep -E "$1" "$dir/log" | head -n1 | tr ' ' '\n' | sed -n "s/^$2=//p"; }

# Host pid of a pid inside the case's namespace; the manager and orphans are children of init.
host_pid() {
        local p
        for p in $(pgrep -P "$init_pid"); do
                if awk -v w="$1" '/^NSpid:/ { if ($NF == w) f = 1 } END { exit !f }' "/proc/$p/status" 2>/dev/null; then
                        echo "$p"
                        return
                fi
        done
}

# Restart latency: time from the "crash" line of start N to the "start N+1" line (ms).
latency_ms() { echo $(( ($(field "^start $(($1 + 1)) " t) - $(field "^crash pid=$(field "^start $1 " pid) " t)) / 1000000 )); }
max_latency=0
note_latency() { [ "$1" -gt "$max_latency" ] && max_latency=$1; echo "   restart after $2: $1 ms"; }

# --- restarts: SIGKILL from outside, SIGKILL, SIGSEGV and exit from inside; signals ---------
new_case restart
printf 'ready\n' >"$dir/start-1"
printf 'ready\nsleep 50\nselfkill\n' >"$dir/start-2"
printf 'ready\nsleep 50\nsegv\n' >"$dir/start-3"
printf 'ready\nsleep 50\nexit 0\n' >"$dir/start-4"
printf 'ready\n' >"$dir/start-5"
start_init
check "init is PID 1 and started the manager" grep -q '^start 1 died=0 .*args=single,systemd.unit=rescue.target$' "$dir/log"
mpid=$(host_pid "$(field '^start 1 ' pid)")
t0=$(now_ns)
kill -KILL "$mpid"
wait_for 5 '^start 5 '
t1=$(field '^start 2 ' t)
ext=$(( (t1 - t0) / 1000000 ))
note_latency "$ext" "SIGKILL from outside"
check "restarted with --recover and died=1 after SIGKILL" grep -q '^start 2 died=1 .*args=single,systemd.unit=rescue.target,--recover$' "$dir/log"
check "restarted after its own SIGKILL" grep -q '^start 3 died=1 .*--recover$' "$dir/log"
check "restarted after SIGSEGV" grep -q '^start 4 died=1 .*--recover$' "$dir/log"
check "restarted after exit 0, died=0" grep -q '^start 5 died=0 .*--recover$' "$dir/log"
l2=$(latency_ms 2) l3=$(latency_ms 3) l4=$(latency_ms 4)
note_latency "$l2" "SIGKILL"; note_latency "$l3" "SIGSEGV"; note_latency "$l4" "exit"
check "every restart took less than 100 ms (max $max_latency ms)" [ "$max_latency" -lt 100 ]
kill -INT "$init_pid"; kill -s SIGRTMIN+4 "$init_pid"; kill -TERM "$init_pid"; kill -PWR "$init_pid"
check "SIGINT forwarded" wait_for 3 '^signal 2$'
check "SIGRTMIN+4 forwarded" wait_for 3 "^signal $(( $(kill -l SIGRTMIN) + 4 ))\$"
check "SIGTERM and SIGPWR forwarded, init still there" \
        bash -c "grep -q '^signal 15$' '$dir/log' && grep -q '^signal 30$' '$dir/log' && kill -0 $init_pid"
check "no crash loop after ready managers died" bash -c "! grep -q 'emergency' '$dir/console'"
stop_init

# --- keep-alive: a stopped manager is aborted, one ignoring SIGABRT is killed -----------------
new_case hang
printf 'ready\nsleep 200\nchild 9 600000\n' >"$dir/start-1"
printf 'ready\nlisten 300\nignore-abort\nhang\n' >"$dir/start-2"
printf 'ready\n' >"$dir/start-3"
start_init sysmaster.keepalive_sec=1 sysmaster.keepalive_misses=2
mpid=$(host_pid "$(field '^start 1 ' pid)")
wait_for 2 '^child-spawned '
gpid=$(field '^child-spawned ' pid)
kill -STOP "$mpid"
t0=$(now_ns)
# The child exits only now, while manager 1 is certainly stopped. (It used to exit on its own
# after a second: under load the test reached SIGSTOP later than that, manager 1 read the exit
# itself, and the check below failed.)
kill -TERM "$(host_pid "$gpid")"
wait_for 6 '^start 2 '
dt=$(( ($(field '^start 2 ' t) - t0) / 1000000 ))
echo "   stopped manager replaced after $dt ms (keep-alive 1 s × 2)"
check "a stopped manager is declared hung after interval × misses" [ "$dt" -ge 1500 -a "$dt" -lt 3500 ]
check "it was aborted (SIGABRT) first" grep -q 'hung; SIGABRT' "$dir/console"
# The child exits while manager 1 is stopped: the message sits unread in its channel.
# Polled, not slept for: the next manager may be slow to run its script under load.
exit_reached() {
        local end=$((SECONDS + 10))
        while [ $SECONDS -le $end ]; do
                sed -n '/^start 2 /,/^hanging/p' "$dir/log" | grep -q "^child-exit pid=$gpid code=2 status=15\$" && return 0
                sleep 0.05
        done
        return 1
}
check "the exit it never read (pid $gpid) reaches the next manager" exit_reached
check "... and init says so" grep -q '1 events the manager did not acknowledge go to the next one' "$dir/console"
check "the manager ignoring SIGABRT is killed and replaced" wait_for 10 '^start 3 '
check "... with SIGKILL after 5 s" grep -q 'after SIGABRT: SIGKILL' "$dir/console"
stop_init

# --- acknowledgements: an exit read but not acknowledged goes to the next manager -----------
new_case ack
printf 'no-ack\nchild 7 0\nready\nlisten 1000\nchild 8 0\nlisten 500\nexit 1\n' >"$dir/start-1"
printf 'ready\nlisten 1000\nexit 1\n' >"$dir/start-2"
printf 'ready\n' >"$dir/start-3"
start_init
wait_for 10 '^start 3 '
p7=$(grep '^child-spawned .*code=7' "$dir/log" | sed 's/.*pid=\([0-9]*\).*/\1/')
p8=$(grep '^child-spawned .*code=8' "$dir/log" | sed 's/.*pid=\([0-9]*\).*/\1/')
check "manager 1 read the exits (pids $p7 $p8) and died without acknowledging them" \
        bash -c "sed -n '/^start 1 /,/^start 2 /p' '$dir/log' | grep -q '^child-exit pid=$p8 code=1 status=8\$'"
check "... both reach manager 2, in order" \
        bash -c "sed -n '/^start 2 /,/^start 3 /p' '$dir/log' | grep '^child-exit ' | tr '\n' ' ' | grep -q '^child-exit pid=$p7 code=1 status=7 child-exit pid=$p8 code=1 status=8 \$'"
check "... which acknowledged them: manager 3 does not get them again" \
        bash -c "! sed -n '/^start 3 /,\$p' '$dir/log' | grep -q '^child-exit '"
check "... and init said so" grep -q '2 events the manager did not acknowledge go to the next one' "$dir/console"
stop_init

# --- a re-parented child's exit status reaches the next manager ----------------------------
new_case orphan
printf 'child-eof 7\nready\nsleep 100\nexit 1\n' >"$dir/start-1"
printf 'ready\n' >"$dir/start-2"
start_init
wait_for 3 '^start 2 '
gpid=$(field '^child-spawned ' pid)
check "exit 7 of the orphan (pid $gpid) reaches manager 2" wait_for 3 "^child-exit pid=$gpid code=1 status=7\$"
check "... and was seen after manager 2 started" \
        bash -c "sed -n '/^start 2 /,\$p' '$dir/log' | grep -q '^child-exit pid=$gpid '"
stop_init

# --- fd store: survives the manager, same name replaces, removed is gone --------------------
new_case fdstore
printf 'store-pipe\nstore dup\nstore dup\nstore gone\nremove gone\nready\nsleep 100\nselfkill\n' >"$dir/start-1"
printf 'request\nready\n' >"$dir/start-2"
start_init
wait_for 3 '^fd-end '
check "manager 2 got pipe-r, pipe-w and dup back, in order, and nothing else" \
        bash -c "[ \"\$(grep -E '^fd( |-end)' '$dir/log' | tr '\n' ' ')\" = 'fd pipe-r fd pipe-w fd dup fd-end 3 ' ]"
check "the pipe stored by manager 1 still works in manager 2" wait_for 2 '^pipe-ok'
stop_init

# --- zombies: every orphan is reaped and reported ------------------------------------------
new_case zombies
printf 'ready\nzombies 50\n' >"$dir/start-1"
start_init
end=$((SECONDS + 5))
while [ "$(grep -c 'code=1 status=5$' "$dir/log")" -lt 50 ] && [ $SECONDS -le $end ]; do sleep 0.05; done
check "50 orphan exits reported" [ "$(grep -c 'code=1 status=5$' "$dir/log")" -eq 50 ]
zombies=0
for p in /proc/[0-9]*; do
        [ "$(readlink "$p/ns/pid" 2>/dev/null)" = "$ns_ident" ] || continue
        grep -q '^State:.*Z' "$p/status" 2>/dev/null && zombies=$((zombies + 1))
done
check "no zombies left in the namespace" [ "$zombies" -eq 0 ]
stop_init

# --- crash loop: K=5 early deaths → emergency shell → one more try → shell again ------------
new_case crashloop
printf 'exit 1\n' >"$dir/start-any"
printf '#!/bin/sh\necho "shell $(date +%%s%%N)" >>"$FAKE_DIR/log"\n' >"$dir/shell"
chmod +x "$dir/shell"
start_init "sysmaster.crash_shell=$work/crashloop/shell"
wait_for 5 '^shell '
wait_for 5 '^start 6 '
check "the emergency shell ran after exactly 5 failed starts" \
        bash -c "[ \"\$(sed '/^shell /q' '$dir/log' | grep -c '^start ')\" -eq 5 ]"
check "a clear message on the console" grep -q 'failed 5 times within 60 s' "$dir/console"
check "the manager is tried once more after the shell" wait_for 1 '^start 6 '
wait_for 4 '^start 7 '
check "its failure goes straight back to the shell, then one more try" \
        bash -c "[ \"\$(sed -n '/^start 6 /,/^start 7 /p' '$dir/log' | grep -c '^shell ')\" -eq 1 ]"
check "... saying so" grep -q 'failed again after the emergency shell' "$dir/console"
stop_init

# --- SHUTDOWN: the container's PID 1 execs sysmaster-shutdown and exits with the code -------
for c in "exit 3:3" "reboot 0:133" "poweroff 0:0"; do
        new_case "shutdown-${c%% *}"
        printf 'ready\nstubborn\nshutdown %s\n' "${c%:*}" >"$dir/start-1"
        # the stubborn child ignores SIGTERM: sysmaster-shutdown must SIGKILL it after
        # $SYSMASTER_SHUTDOWN_TIMEOUT_SEC
        start_init
        t0=$SECONDS
        wait_exit 20
        rc=$?
        check "SHUTDOWN ${c%:*}: PID 1 exits with ${c#*:} (got $rc, $((SECONDS - t0)) s)" [ "$rc" -eq "${c#*:}" ]
        check "... through sysmaster-shutdown in the container" grep -q "sysmaster-shutdown: ${c%% *} (container)" "$dir/console"
done
check "processes ignoring SIGTERM were killed after the timeout" grep -q 'sending SIGKILL' "$dir/console"

# --- no heap after start-up: every malloc in PID 1 is logged by an LD_PRELOAD shim ---------
# (INIT_PLAIN is init built without sanitizers, which would own malloc.)
saved_init=$init init=$init_plain
new_case heap
printf 'store-pipe\nready\nzombies 5\nsleep 100\nselfkill\n' >"$dir/start-1"
printf 'request\nready\nexit 1\n' >"$dir/start-2"
printf 'ready\nlisten 500\nshutdown exit 0\n' >"$dir/start-3"
preload=$malloc_log start_init
wait_for 3 '^start 3 '
kill -INT "$init_pid"
wait_exit 10
check "the shim sees allocations (sh's, before init)" grep -q '^malloc in PID 1$' "$dir/console"
check "sysmaster-init allocated nothing after start-up" \
        bash -c "sed -n '/^sysmaster-init: starting/,/executing/p' '$dir/console' | grep -c '^malloc' | grep -qx 0"
init=$saved_init

# --- init --test as a plain process: shutdown kills its process group, exits with the code --
new_case test-mode
printf 'ready\nchild 0 100000\nshutdown exit 5\n' >"$dir/start-1"
FAKE_DIR=$dir SYSMASTER_MANAGER=$fake SYSMASTER_SHUTDOWN=$shutdown setsid "$init" --test >"$dir/console" 2>&1 &
ns_pid=$!
wait_exit 10
rc=$?
check "init --test exits with the SHUTDOWN exit code (got $rc)" [ "$rc" -eq 5 ]
check "... through sysmaster-shutdown --test" grep -q 'sysmaster-shutdown: exit (container)' "$dir/console"
check "... which killed the manager's group" \
        eval "! alive $(field '^start 1 ' pid) && ! alive $(field '^child-spawned ' pid)"

# --- sysmaster-shutdown as a plain process -------------------------------------------------
dir=$work/shutdown-test
mkdir -p "$dir"
setsid bash -c 'echo $$ >"$1/pgid"; trap "" TERM; sleep 100 & sleep 100 & wait' sh "$dir" &
disown # bash still reaps it, without a job notice for its SIGKILL
for _ in $(seq 50); do [ -s "$dir/pgid" ] && break; sleep 0.02; done
pg=$(cat "$dir/pgid")
sleep 0.1
t0=$(now_ns)
"$shutdown" --test --kill-pgid="$pg" --timeout=1 exit 4 >"$dir/console" 2>&1
rc=$?
dt=$(( ($(now_ns) - t0) / 1000000 ))
check "shutdown --test exits with the code (got $rc)" [ "$rc" -eq 4 ]
check "... after SIGKILLing the group that ignored SIGTERM ($dt ms)" \
        eval "! group_alive $pg && grep -q SIGKILL '$dir/console'"
"$shutdown" poweroff >/dev/null 2>&1
check "shutdown refuses to run as a plain process without --test" [ $? -eq 1 ]
"$shutdown" --test bogus >/dev/null 2>&1
check "shutdown rejects an unknown action" [ $? -eq 2 ]

# --- API file systems: init chrooted into a private tmpfs mounts them -----------------------
# A cgroup namespace too: a cgroup2 mount in the host's one would reset the host's cgroup2
# mount options.
dir=$work/mounts
mkdir -p "$dir/root"
printf 'mounts\nready\n' >"$dir/start-1"
build=$(dirname "$init")
FAKE_DIR=$dir SYSMASTER_MANAGER=$fake SYSMASTER_SHUTDOWN=$shutdown \
unshare --pid --fork --mount --mount-proc --cgroup --kill-child sh -c '
        set -e
        root=$1 dir=$2; shift 2
        mount -t tmpfs -o mode=755 tmpfs "$root"
        mkdir -p "$root/usr" "$root$dir"
        mount --rbind /usr "$root/usr"
        mount -o remount,bind,ro "$root/usr"
        for l in bin sbin lib lib64 lib32; do [ -L "/$l" ] && ln -s "$(readlink "/$l")" "$root/$l"; done
        for d in "$@"; do mkdir -p "$root$d"; mount --bind "$d" "$root$d"; done
        mount --bind "$dir" "$root$dir"
        exec chroot "$root" "$0"
' "$init" "$dir/root" "$dir" "$build" "$(dirname "$fake")" "$(dirname "$shutdown")" >"$dir/console" 2>&1 &
ns_pid=$!
wait_for 5 '^mount /sys/fs/cgroup '
for m in "/proc proc" "/sys sysfs" "/dev devtmpfs" "/dev/pts devpts" "/dev/shm tmpfs" "/run tmpfs" "/sys/fs/cgroup cgroup2"; do
        check "init mounted $m" grep -q "^mount $m\$" "$dir/log"
done
check "it knows it is in a container" grep -q 'in a container' "$dir/console"
stop_init

echo "$pass passed, $fail failed"
if [ "$fail" -ne 0 ]; then
        for f in "$work"/*/console; do echo "== $f"; tail -n 20 "$f"; done
fi
[ "$fail" -eq 0 ]
