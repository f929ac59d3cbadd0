#!/bin/bash
# test-services.sh — service semantics end to end: every Type=, restart policies, timeouts,
# sd_notify (through notify-helper), PID files, the Exec*= order and the variables the stop
# commands see, ExecCondition=, environment files, the fd store. Each case builds a unit tree
# in a temporary root and runs `sysmaster --test --root=…` as a plain process inside a fresh
# PID namespace (so that whatever a case leaves running dies with it), observing it through
# files the services write and the manager's debug log. Usage: test-services.sh SYSMASTER
# NOTIFY_HELPER. Prints "N passed, M failed".
set -u
SYSMASTER=$(realpath "$1")
HELPER=$(realpath "$2")
PASS=0 FAIL=0
FAILED_CASES=()

if ! unshare --pid --fork --kill-child --mount-proc true 2>/dev/null; then
        echo "test-services: cannot create a PID namespace (needs root), skipping"
        exit 77
fi

WORK=$(mktemp -d /tmp/sm-svc.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# new_root NAME: a root with the standard targets, none with default dependencies.
new_root() {
        R=$WORK/$1
        U=$R/usr/lib/systemd/system
        mkdir -p "$U/multi-user.target.wants" "$R/run" "$R/out"
        for t in sysinit basic shutdown; do
                printf '[Unit]\nDescription=%s\nDefaultDependencies=no\n' "$t" >"$U/$t.target"
        done
        printf '[Unit]\nDescription=Multi-User\nDefaultDependencies=no\nRequires=basic.target\nAfter=basic.target\n' >"$U/multi-user.target"
        ln -s multi-user.target "$U/default.target"
        for s in -.slice system.slice; do
                printf '[Unit]\nDefaultDependencies=no\n' >"$U/$s"
        done
}

# unit NAME: the unit file from stdin, wanted by multi-user.target.
unit() {
        cat >"$U/$1"
        [[ $1 == *.service ]] && ln -sf "../$1" "$U/multi-user.target.wants/$1"
}

# run SECONDS: runs the manager in the background for at most SECONDS.
run() {
        LOG=$R/manager.log
        timeout -s KILL "$1" unshare --pid --fork --kill-child --mount-proc \
                "$SYSMASTER" --test --root="$R" --log-level=debug --show-status=yes >"$LOG" 2>&1 &
        MPID=$!
}
stop_run() {
        # $MPID is timeout; killing it alone would orphan unshare and the manager. Killing
        # unshare makes --kill-child end the manager, PID 1 of the namespace, and all below it.
        pkill -KILL -P "$MPID" 2>/dev/null
        kill -KILL "$MPID" 2>/dev/null
        wait "$MPID" 2>/dev/null
}

# wait_for SECONDS CMD…: polls CMD every 0.1 s.
wait_for() {
        local t=$(($1 * 10))
        shift
        while ((t-- > 0)); do
                "$@" && return 0
                sleep 0.1
        done
        return 1
}
log_has() { grep -qF -- "$1" "$LOG"; }
file_is() { [[ -f $1 && "$(cat "$1")" == "$2" ]]; }

check() { # check NAME CONDITION…
        local name=$1
        shift
        if "$@"; then
                PASS=$((PASS + 1))
                echo "ok   $name"
        else
                FAIL=$((FAIL + 1))
                FAILED_CASES+=("$name")
                echo "FAIL $name"
                [[ -n ${LOG:-} && -f $LOG ]] && sed 's/^/     | /' "$LOG" | grep -v "Installed new job" | tail -15
        fi
}

# --- Type=simple: running at once; $MAINPID and $INVOCATION_ID reach the process ---
new_root simple
unit s.service <<EOF
[Service]
ExecStart=/bin/sh -c 'echo "\$\$\$\$:\$\${MAINPID}:\$\${#INVOCATION_ID}" >$R/out/s; exec sleep 100'
EOF
run 10
wait_for 5 log_has "s.service: changed start -> running"
wait_for 2 test -s "$R/out/s"
IFS=: read -r a b c <"$R/out/s" 2>/dev/null
stop_run
check "simple: running, no \$MAINPID for the main process itself, 32-char \$INVOCATION_ID" \
        test -n "${a:-}" -a "${b:-}" = "" -a "${c:-}" = 32

# --- Type=exec: a missing binary fails the start itself; simple would report started ---
new_root exec
unit e.service <<EOF
[Service]
Type=exec
ExecStart=/nonexistent/binary
EOF
unit s.service <<EOF
[Service]
Type=simple
ExecStart=/nonexistent/binary
EOF
run 10
wait_for 5 log_has "Failed to start e.service"
wait_for 3 log_has "s.service: Failed with result 'exit-code'"
stop_run
check "exec: start fails when execve() fails" log_has "Failed to start e.service"
check "exec: simple starts, then fails" log_has "Started s.service"

# --- Type=exec: a good binary starts ---
new_root exec2
unit e.service <<EOF
[Service]
Type=exec
ExecStart=/bin/sleep 100
EOF
run 10
wait_for 5 log_has "e.service: changed start -> running"
stop_run
check "exec: running after execve()" log_has "e.service: changed start -> running"

# --- Type=forking with PIDFile= ---
new_root forking
unit f.service <<EOF
[Service]
Type=forking
PIDFile=/run/f.pid
ExecStart=/bin/sh -c 'sleep 100 & echo \$! >$R/run/f.pid'
EOF
run 10
wait_for 5 log_has "f.service: changed start -> running"
stop_run
check "forking: main PID from PIDFile=" log_has "f.service: main PID is $(cat "$R/run/f.pid" 2>/dev/null)."

# --- Type=forking, GuessMainPID= ---
new_root guess
unit g.service <<EOF
[Service]
Type=forking
ExecStart=/bin/sh -c 'sleep 100 & echo \$! >$R/out/g'
EOF
run 10
wait_for 5 log_has "g.service: changed start -> running"
stop_run
check "forking: main PID guessed" log_has "g.service: main PID is $(cat "$R/out/g" 2>/dev/null)."

# --- Type=forking: a failing parent fails the start ---
new_root forkfail
unit f.service <<EOF
[Service]
Type=forking
ExecStart=/bin/sh -c 'exit 3'
EOF
run 10
wait_for 5 log_has "f.service: Failed with result 'exit-code'"
stop_run
check "forking: parent exit 3 fails" log_has "Failed to start f.service"

# --- Type=oneshot: several ExecStart=, RemainAfterExit= ---
new_root oneshot
unit o.service <<EOF
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/sh -c 'echo one >>$R/out/o'
ExecStart=/bin/sh -c 'echo two >>$R/out/o'
EOF
run 10
wait_for 5 log_has "o.service: changed start -> exited"
stop_run
check "oneshot: both ExecStart= in order, then exited" file_is "$R/out/o" "one
two"

# --- a start that takes long: the console's progress line, with the start timeout as limit ---
new_root progress
unit slow.service <<EOF
[Unit]
Description=Slow Starter
[Service]
Type=oneshot
TimeoutStartSec=90
ExecStart=/bin/sleep 4
EOF
run 15
wait_for 10 log_has "slow.service: changed start -> dead"
stop_run
check "progress: 'A start job is running' while the oneshot runs" log_has "] A start job is running for Slow Starter ("
check "progress: the limit is TimeoutStartSec=" log_has " / 1min 30s)"
check "progress: the status line after it starts over it" grep -qF $'\r\x1b[K' "$LOG"

# --- Type=notify: READY=1 and STATUS= ---
new_root notify
unit n.service <<EOF
[Service]
Type=notify
ExecStart=/bin/sh -c 'echo before >$R/out/n; exec $HELPER sleep=0.5 "STATUS=almost" "READY=1\\nSTATUS=serving" sleep=100'
EOF
run 10
wait_for 5 log_has "n.service: changed start -> running"
# services that drop privileges themselves (dbus-daemon) notify as their own user
check "notify: the socket is world-writable" test "$(stat -c %a "$R/run/systemd/notify")" = 777
stop_run
check "notify: running only after READY=1" bash -c "grep -q 'n.service: spawned' '$LOG' && ! grep -q 'Started n.service' <(sed -n '1,/spawned \/bin\/sh as/p' '$LOG')"
check "notify: READY=1 ends the start" log_has "Started n.service"

# --- an fd the manager inherited without CLOEXEC does not reach services ---
new_root fds
unit f.service <<EOF
[Service]
Type=oneshot
ExecStart=/bin/sh -c 'ls /proc/self/fd >$R/out/f'
EOF
exec 7>/dev/null
run 10
exec 7>&-
wait_for 5 test -s "$R/out/f"
stop_run
check "fds: an inherited fd 7 is closed in services" bash -c "grep -qx 1 '$R/out/f' && ! grep -qx 7 '$R/out/f'"

# --- Type=notify: no READY=1 within TimeoutStartSec= ---
new_root notifyto
unit n.service <<EOF
[Service]
Type=notify
TimeoutStartSec=1
ExecStart=$HELPER sleep=100
EOF
run 10
wait_for 5 log_has "n.service: Failed with result 'timeout'"
stop_run
check "notify: start timeout" log_has "n.service: Start operation timed out. Terminating."

# --- EXTEND_TIMEOUT_USEC= keeps a slow start alive ---
new_root extend
unit n.service <<EOF
[Service]
Type=notify
TimeoutStartSec=1
ExecStart=$HELPER EXTEND_TIMEOUT_USEC=3000000 sleep=1.8 READY=1 sleep=100
EOF
run 10
wait_for 5 log_has "n.service: changed start -> running"
stop_run
check "notify: EXTEND_TIMEOUT_USEC= extends the start" bash -c "! grep -q 'timed out' '$LOG' && grep -q 'n.service: changed start -> running' '$LOG'"

# --- MAINPID= ---
new_root mainpid
unit m.service <<EOF
[Service]
Type=notify
NotifyAccess=all
ExecStart=$HELPER mainpid-child sleep=0.3
EOF
run 10
wait_for 5 log_has "new main PID"
sleep 0.8
stop_run
check "notify: MAINPID= moves the main process, the service stays up" \
        bash -c "grep -q 'new main PID' '$LOG' && ! grep -q 'm.service: changed running -> ' '$LOG'"

# --- WatchdogSec=: pings keep it, silence kills it with WatchdogSignal= ---
new_root watchdog
unit w.service <<EOF
[Service]
Type=notify
WatchdogSec=1
ExecStart=$HELPER READY=1 sleep=0.5 WATCHDOG=1 sleep=0.5 WATCHDOG=1 sleep=100
EOF
run 10
wait_for 6 log_has "w.service: Failed with result 'watchdog'"
stop_run
check "watchdog: timeout after the pings stop" log_has "w.service: Watchdog timeout (limit 1s)!"
check "watchdog: SIGABRT ends the main process" log_has "status=6/SIGABRT"

# --- Restart=on-failure with StartLimitBurst= → start-limit-hit ---
new_root restart
unit r.service <<EOF
[Unit]
StartLimitIntervalSec=10
StartLimitBurst=3
[Service]
Restart=on-failure
RestartSec=100ms
ExecStart=/bin/sh -c 'echo x >>$R/out/r; exit 1'
EOF
run 10
wait_for 6 log_has "r.service: Failed with result 'start-limit-hit'"
stop_run
check "restart: three runs, then start-limit-hit" bash -c "[ \$(wc -l <'$R/out/r') = 3 ] && grep -q \"r.service: Failed with result 'start-limit-hit'\" '$LOG'"
check "restart: the counter counts each scheduled restart" bash -c "grep -q 'restart counter is at 1\\.' '$LOG' && grep -q 'restart counter is at 2\\.' '$LOG'"

# --- RestartPreventExitStatus= / Restart=always with RestartForceExitStatus= ---
new_root restart2
unit p.service <<EOF
[Service]
Restart=always
RestartSec=100ms
RestartPreventExitStatus=3
ExecStart=/bin/sh -c 'echo x >>$R/out/p; exit 3'
EOF
unit q.service <<EOF
[Service]
Restart=no
RestartForceExitStatus=4
RestartSec=100ms
ExecStart=/bin/sh -c 'echo x >>$R/out/q; [ \$(wc -l <$R/out/q) -ge 2 ] || exit 4'
EOF
run 10
wait_for 5 log_has "p.service: Failed with result 'exit-code'"
wait_for 5 bash -c "[ \$(wc -l <'$R/out/q' 2>/dev/null) = 2 ]"
sleep 0.3
stop_run
check "restart: RestartPreventExitStatus= stops Restart=always" file_is "$R/out/p" "x"
check "restart: RestartForceExitStatus= restarts Restart=no" file_is "$R/out/q" "x
x"

# --- Exec*= order; $SERVICE_RESULT, $EXIT_CODE, $EXIT_STATUS for the stop commands ---
new_root order
unit ok.service <<EOF
[Service]
ExecStartPre=/bin/sh -c 'echo pre >>$R/out/ok'
ExecStart=/bin/sh -c 'sleep 0.3; echo main >>$R/out/ok'
ExecStartPost=/bin/sh -c 'echo post >>$R/out/ok'
ExecStop=/bin/sh -c 'echo "stop \$SERVICE_RESULT \$EXIT_CODE \$EXIT_STATUS" >>$R/out/ok'
ExecStopPost=/bin/sh -c 'echo "stoppost \$SERVICE_RESULT \$EXIT_CODE \$EXIT_STATUS" >>$R/out/ok'
EOF
unit bad.service <<EOF
[Service]
ExecStart=/bin/sh -c 'exit 7'
ExecStop=/bin/sh -c 'echo stop >>$R/out/bad'
ExecStopPost=/bin/sh -c 'echo "stoppost \$SERVICE_RESULT \$EXIT_CODE \$EXIT_STATUS" >>$R/out/bad'
EOF
unit sig.service <<EOF
[Service]
ExecStart=/bin/sh -c 'kill -SEGV \$\$\$\$'
ExecStopPost=/bin/sh -c 'echo "stoppost \$SERVICE_RESULT \$EXIT_CODE \$EXIT_STATUS" >>$R/out/sig'
EOF
run 10
wait_for 5 log_has "ok.service: changed stop-post -> dead"
wait_for 5 log_has "bad.service: changed stop-post -> failed"
wait_for 5 test -s "$R/out/sig"
stop_run
check "order: pre, post, main, stop, stop-post with success" file_is "$R/out/ok" "pre
post
main
stop success exited 0
stoppost success exited 0"
check "order: a failed main skips ExecStop=, ExecStopPost= sees exit-code" file_is "$R/out/bad" "stoppost exit-code exited 7"
check "order: a signal gives EXIT_CODE=killed|dumped, EXIT_STATUS=SEGV" \
        bash -c "grep -Eq '^stoppost (signal killed|core-dump dumped) SEGV$' '$R/out/sig'"

# --- ExecCondition=: exit 1 skips the unit without failing it ---
new_root cond
unit c.service <<EOF
[Service]
ExecCondition=/bin/sh -c 'exit 1'
ExecStart=/bin/sh -c 'echo ran >$R/out/c'
EOF
unit d.service <<EOF
[Service]
ExecCondition=/bin/sh -c 'exit 255'
ExecStart=/bin/sh -c 'echo ran >$R/out/d'
EOF
run 10
wait_for 5 log_has "c.service: changed final-sigterm -> dead"
wait_for 5 log_has "d.service: Failed with result 'exit-code'"
stop_run
check "ExecCondition=: exit 1 skips, not failed" bash -c "[ ! -e '$R/out/c' ] && grep -q \"c.service: Skipped due to 'exec-condition'\" '$LOG'"
check "ExecCondition=: exit 255 fails" bash -c "[ ! -e '$R/out/d' ]"

# --- Environment=, EnvironmentFile= (quotes, continuation, comments, "-"), UnsetEnvironment= ---
new_root env
mkdir -p "$R/etc"
cat >"$R/etc/env" <<'EOF'
# a comment
; another
A=from-file
B = "two words"
C='single $quoted'
D=cont\
inued
E="multi
line"
bad line
F=unset-me
EOF
unit v.service <<EOF
[Service]
Type=oneshot
Environment=A=from-unit Z=zz
EnvironmentFile=$R/etc/env
EnvironmentFile=-$R/etc/missing
UnsetEnvironment=F
ExecStart=/bin/sh -c 'printf "%%s|" "\$A" "\$B" "\$C" "\$D" "\$E" "\$\${F-none}" "\$Z" "\$PATH" >$R/out/v'
EOF
run 10
wait_for 5 test -s "$R/out/v"
stop_run
check "environment: files override Environment=, quoting, continuation, unset" file_is "$R/out/v" \
        "from-file|two words|single \$quoted|continued|multi
line|none|zz|/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin|"

# --- a missing EnvironmentFile= without "-" fails the start ---
new_root envmiss
unit v.service <<EOF
[Service]
EnvironmentFile=$R/etc/missing
ExecStart=/bin/sleep 100
EOF
run 10
wait_for 5 log_has "v.service: Failed with result 'resources'"
stop_run
check "environment: missing EnvironmentFile= fails with resources" log_has "v.service: Failed with result 'resources'"

# --- RuntimeMaxSec= and TimeoutStopSec= (SIGTERM ignored → SIGKILL) ---
new_root runtime
unit t.service <<EOF
[Service]
RuntimeMaxSec=1
TimeoutStopSec=1
ExecStart=/bin/sh -c 'trap "" TERM; while :; do sleep 0.1; done'
EOF
run 10
wait_for 6 log_has "t.service: Failed with result 'timeout'"
stop_run
check "RuntimeMaxSec=: stops the service" log_has "t.service: Service reached runtime time limit. Stopping."
check "TimeoutStopSec=: SIGKILL after SIGTERM is ignored" log_has "t.service: State 'stop-sigterm' timed out. Killing."

# --- TimeoutStartFailureMode=kill ---
new_root tsfm
unit k.service <<EOF
[Service]
Type=notify
TimeoutStartSec=1
TimeoutStartFailureMode=kill
ExecStart=/bin/sh -c 'trap "" TERM; while :; do sleep 0.1; done'
EOF
run 10
wait_for 5 log_has "k.service: Failed with result 'timeout'"
stop_run
check "TimeoutStartFailureMode=kill: SIGKILL at once" log_has "status=9/SIGKILL"

# --- fd store: an fd stored in one run comes back as LISTEN_FDS on the restart ---
new_root fdstore
unit fd.service <<EOF
[Service]
Type=notify
FileDescriptorStoreMax=4
Restart=on-failure
RestartSec=100ms
ExecStart=/bin/sh -c 'if [ -e $R/out/first ]; then exec $HELPER listen=$R/out/fd READY=1 sleep=100; fi; touch $R/out/first; exec $HELPER READY=1 fdstore=myfd sleep=0.2 exit=1'
EOF
run 10
wait_for 6 test -s "$R/out/fd"
stop_run
check "fd store: LISTEN_FDS=1 LISTEN_FDNAMES=myfd LISTEN_PID on restart" file_is "$R/out/fd" "1 myfd pid-ok"

# --- "@" sets argv[0]; "-" ignores a failure ---
new_root prefix
unit a.service <<EOF
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=-/bin/false
ExecStart=@/bin/sh myname -c 'echo \$0 >$R/out/a'
EOF
run 10
wait_for 5 log_has "a.service: changed start -> exited"
stop_run
check "prefixes: '-' ignores the failure, '@' sets argv[0]" file_is "$R/out/a" "myname"

# --- Type=idle and Type=dbus behave as simple here ---
new_root idle
unit i.service <<EOF
[Service]
Type=idle
ExecStart=/bin/sh -c 'echo idle >$R/out/i; exec sleep 100'
EOF
unit b.service <<EOF
[Service]
Type=dbus
BusName=org.example.Test
ExecStart=/bin/sleep 100
EOF
run 10
wait_for 7 test -s "$R/out/i"
wait_for 3 log_has "b.service: changed start -> running"
stop_run
check "idle: runs once the queue is empty" file_is "$R/out/i" "idle"
check "dbus: runs as simple, says so" log_has "b.service: Type=dbus without a bus"

# --- NotifyAccess=main refuses a child's READY=1 ---
new_root access
unit n.service <<EOF
[Service]
Type=notify
NotifyAccess=main
TimeoutStartSec=1
ExecStart=/bin/sh -c '$HELPER READY=1 sleep=2; sleep 100'
EOF
run 10
wait_for 5 log_has "n.service: Failed with result 'timeout'"
stop_run
check "NotifyAccess=main: a child's READY=1 is refused" log_has "reception only permitted for main PID"

# --- cgroup v2 (when a writable cgroup2 is at hand): processes in the unit's cgroup, the kill
# through it, "populated 0" ending the stop, the cgroup removed afterwards ---
CGBASE=
for d in /sys/fs/cgroup /sys/fs/cgroup/unified; do
        [[ $(stat -f -c %T "$d" 2>/dev/null) == cgroup2fs && -w $d ]] && CGBASE=$d && break
done
if [[ -n $CGBASE ]] && CG=$(mktemp -d "$CGBASE/sm-svc-test.XXXXXX" 2>/dev/null); then
        new_root cgroup
        unit cg.service <<EOF
[Service]
Type=forking
RuntimeMaxSec=2
ExecStart=/bin/sh -c '(setsid sleep 100 &); sleep 100 & echo ok'
EOF
        LOG=$R/manager.log
        timeout -s KILL 10 unshare --pid --fork --kill-child --mount-proc \
                "$SYSMASTER" --test --root="$R" --cgroup-root="$CG" --log-level=debug >"$LOG" 2>&1 &
        MPID=$!
        wait_for 5 log_has "cg.service: changed start -> running"
        n=$(wc -w <"$CG/system.slice/cg.service/cgroup.procs" 2>/dev/null)
        wait_for 5 log_has "cg.service: changed stop-sigterm -> failed"
        stop_run
        check "cgroup: every process of the service in its cgroup" test "${n:-0}" = 2
        check "cgroup: the empty cgroup ends the stop, and is removed" \
                bash -c "grep -q 'cg.service: cgroup is empty.' '$LOG' && [ ! -d '$CG/system.slice/cg.service' ]"
        find "$CG" -depth -type d -exec rmdir {} \; 2>/dev/null
fi

# --- sanitizer builds: no report in any case's log ---
LOG=
check "no sanitizer report in any manager log" bash -c "! grep -l 'AddressSanitizer\|runtime error:' '$WORK'/*/manager.log"

echo "$PASS passed, $FAIL failed"
((FAIL == 0)) || {
        printf 'failed: %s\n' "${FAILED_CASES[@]}"
        exit 1
}
