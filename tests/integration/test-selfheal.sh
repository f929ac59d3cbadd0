#!/bin/bash
# test-selfheal.sh SRCDIR BUILDDIR — the manager crashes or hangs and nothing running notices
# (issue 5, docs/selfheal.md). Boots sysMaster in a throw-away container (lib-container.sh) with
# a dozen services of every Type= (selfheal-units/; sh-fdstore keeps an fd with FDSTORE=1) plus SELFHEAL_PER_TYPE (20) generated ones of
# each Type=, a socket-activated service left idle (sh-sock) and a timer (sh-tick), then:
#   1. kills the manager with SIGKILL, SIGSEGV and SIGABRT and hangs it with SIGSTOP (init's
#      keep-alive, 2 s × 2 here: one beat a second, so a loaded machine has 3 s of slack): every time a new manager answers, every service has the same
#      PID, `sctl status` shows the recovery; the socket accepts and activates its service after
#      every recovery, and a client that connected while no manager ran is answered;
#   2. a client waits on `sctl start` of a slow service while the manager dies: it gets "done";
#   3. a service exits while no manager runs: its exit status arrives through init and its
#      Restart= policy is applied;
#   4. daemon-reexec and SIGTERM: same PID of the manager, services untouched;
#   5. a torn checkpoint: the next manager rebuilds from the cgroups, services keep their PIDs;
#   6. recovery time (kill → a control request answered) over SELFHEAL_BENCH_KILLS (20) kills,
#      p50 and p99;
#   7. chaos: SELFHEAL_CHAOS_KILLS (50) kills with mixed signals at random moments during a storm
#      of start/stop/restart requests; afterwards the state the manager reports equals reality
#      (cgroups and processes), over SELFHEAL_STORM_SERVICES (200) services.
#      SELFHEAL_CHAOS_KILLS=1000 SELFHEAL_CHAOS_SECONDS=900 is the full benchmark run;
#   8. the timer fired across all of it, the socket still activates; no exit status was lost
#      although sh-flap exits every 100 ms throughout.
# Needs root and namespaces (else 77).
set -uo pipefail
src=$(cd "$1" && pwd)
build=$(cd "$2" && pwd)
bench_kills=${SELFHEAL_BENCH_KILLS:-20}
chaos_kills=${SELFHEAL_CHAOS_KILLS:-50}
chaos_budget=${SELFHEAL_CHAOS_SECONDS:-45}
per_type=${SELFHEAL_PER_TYPE:-20}            # generated services of each Type=
storm_n=${SELFHEAL_STORM_SERVICES:-200}      # services the chaos storm picks from
time_limit=${SELFHEAL_TIME_LIMIT:-400}   # the bench and chaos phases stop early past it (slow
                                         # machines, sanitizers): meson's timeout is 900 s
. "$src/tests/integration/lib-container.sh"

if ! container_supported; then
        echo "test-selfheal: needs root, PID/mount/cgroup namespaces and overlayfs: skipping"
        exit 77
fi
work=$(mktemp -d /var/tmp/test-selfheal.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null; container_cleanup; rm -rf "$work"' EXIT
container_prepare "$build" || exit 1
# The build directory is visible inside the container (the overlay's lower layer is /).
cp -a "$src/tests/integration/selfheal-units" "$work/units"
gen() { # NAME TYPE: a generated service of that Type=, started at boot
        local exec="/bin/sleep 100000" extra=
        case $2 in
        notify) exec="@NOTIFY_HELPER@ READY=1 sleep=100000" ;;
        forking) exec="/bin/sh -c \"sleep 100000 & echo \$! >/run/$1.pid\""; extra="PIDFile=/run/$1.pid" ;;
        oneshot) exec=/bin/true; extra="RemainAfterExit=yes" ;;
        esac
        printf '[Unit]\nDescription=selfheal: generated %s\n[Service]\nType=%s\n%s\nExecStart=%s\n' "$2" "$2" "$extra" "$exec" \
                >"$work/units/$1.service"
        ln -s "../$1.service" "$work/units/multi-user.target.wants/$1.service"
}
generated=()
for t in simple exec notify forking idle oneshot; do
        for i in $(seq "$per_type"); do gen "shg-$t-$i" "$t"; generated+=("shg-$t-$i"); done
done
storm_extra=()
storm_types_n=1; [ "${SELFHEAL_STORM_ALL_TYPES:-0}" = 1 ] && storm_types_n=5
for i in $(seq $((storm_n - 10 - storm_types_n * per_type))); do gen "shg-storm-$i" simple; storm_extra+=("shg-storm-$i"); done
sed -i -e "s|@NOTIFY_HELPER@|$build/tests/integration/notify-helper|" \
        -e "s|@SOCKET_HELPER@|$build/tests/integration/socket-helper|" "$work"/units/*.service

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok: $*"; }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

services=(sh-simple1 sh-simple2 sh-simple3 sh-exec1 sh-exec2 sh-notify1 sh-notify2 sh-forking sh-idle sh-pre)
long=("${services[@]}" "${generated[@]}")
all=("${long[@]}" sh-oneshot sh-exiter)
# what the storm starts, stops and restarts: the hand-written services (one or two of each
# long-running type) and generated simple ones up to SELFHEAL_STORM_SERVICES;
# SELFHEAL_STORM_ALL_TYPES=1 (bench/chaos.sh) adds the generated exec, notify, forking and idle
# ones — not the test command's default while a notify/forking service can still be left
# stopping after a recovery (docs/selfheal.md, Open points)
storm_types='shg-simple-*|shg-storm-*'
[ "${SELFHEAL_STORM_ALL_TYPES:-0}" = 1 ] && storm_types='shg-simple-*|shg-storm-*|shg-exec-*|shg-notify-*|shg-forking-*|shg-idle-*'
for s in "${long[@]}" "${storm_extra[@]}"; do
        case $s in sh-*) storm_set+=("$s") ;; *) eval "case \$s in $storm_types) storm_set+=(\"\$s\") ;; esac" ;; esac
done
storm_set=("${storm_set[@]:0:$storm_n}")

container_boot "$work/units" sysmaster.keepalive_sec=2 sysmaster.keepalive_misses=2 sysmaster.crash_max=100000 || exit 1
# sctl on the host, through the container's control socket: no nsenter per call
sock=/proc/$CT_PID/root/run/sysmaster/control
S() { SYSMASTER_CONTROL_SOCKET=$sock timeout 30 "$build/src/sctl/sctl" "$@"; }
# the manager's PID; waits (up to 10 s) while init is between two managers
mpid() {
        local p i
        for i in $(seq 200); do
                p=$(pgrep -P "$CT_PID" -x sysmaster | head -n1)
                [ -n "$p" ] && { echo "$p"; return 0; }
                sleep 0.05
        done
        return 1
}
prop() { S show -p "$2" --value "$1.service" 2>/dev/null; }
# "name=MainPID state" for every service, in one line each
snapshot() { # one sctl for all of them: under sanitizers every exec counts
        local s names=()
        for s in "${all[@]}"; do [ "$s" = sh-exiter ] || names+=("$s.service"); done
        S show -p Id -p MainPID -p ActiveState -p SubState "${names[@]}" 2>/dev/null |
                awk -F= '/^Id=/ { id = $2 } /^MainPID=/ { pid = $2 } /^ActiveState=/ { a = $2 } /^SubState=/ { sub_ = $2 }
                         /^$/ { if (id != "") print id "=" pid " " a "/" sub_; id = "" }
                         END { if (id != "") print id "=" pid " " a "/" sub_ }' | sort
}
# any answer will do ("degraded" after a storm that hit start limits is an answer too)
wait_answer() { "$build/tests/integration/kill-probe" "$sock" 0 0 >/dev/null; }
wait_state() { # UNIT STATE SECONDS
        local end=$((SECONDS + $3))
        while [ $SECONDS -le "$end" ]; do
                [ "$(prop "$1" ActiveState)" = "$2" ] && return 0
                sleep 0.05
        done
        return 1
}
ctx() { container_exec "$@"; }
dump() { echo "--- console (last 60 lines):"; tail -n 60 "$CT_CONSOLE"; echo "---"; }

if ! container_wait_for 'Startup finished' 90; then
        bad "boot"
        dump
        exit 1
fi
check "boot: every service active" bash -c "$(declare -f S prop); sock=$sock build=$build; for s in ${all[*]}; do [ \"\$(prop \$s ActiveState)\" = active ] || exit 1; done"
check "boot: init got READY" container_wait_for 'manager is ready' 5
before=$(snapshot)
check "the snapshot sees all $(( ${#all[@]} - 1 )) services with a PID or exited" \
        [ "$(echo "$before" | grep -cE '=([1-9][0-9]* active/running|0 active/exited)$')" -eq $(( ${#all[@]} - 1 )) ]
# the socket-activated service: idle until a client comes, then one answer and it exits
sockpath=/proc/$CT_PID/root/run/sh-sock.sock
sock_answers() { # MSG: a connection is accepted and answered by a freshly activated sh-sock
        timeout 20 "$build/tests/integration/socket-helper" connect "$sockpath" "$1" | grep -q "^echo:$1 "
}
check "sh-sock.socket listens, sh-sock.service idle" \
        bash -c "$(declare -f S); sock=$sock build=$build; [ \"\$(S show -p SubState --value sh-sock.socket)\" = listening ] && [ \"\$(S show -p ActiveState --value sh-sock.service)\" = inactive ]"
check "boot: the socket activates its service" sock_answers boot
fdstore() { S show -p NFileDescriptorStore --value sh-fdstore.service 2>/dev/null; }
check "boot: sh-fdstore stored its fd" bash -c "$(declare -f S fdstore); sock=$sock build=$build; for i in \$(seq 50); do [ \"\$(fdstore)\" = 1 ] && exit 0; sleep 0.1; done; exit 1"

# --- 1-3: each signal, with the waiting client and the service that exits meanwhile ----------
# counted from what the manager says now: on a loaded machine the keep-alive (2 s × 2 here)
# may already have replaced a manager that was slow to boot, which is a recovery too
recoveries=$(S status 2>/dev/null | sed -n 's/^ *Recoveries: \([0-9]*\) .*/\1/p')
recoveries=${recoveries:-0}
[ "$recoveries" -gt 0 ] && echo "   (the manager was already replaced $recoveries time(s) during the boot: counting from there)"
probe=$build/tests/integration/kill-probe
kill_and_measure() { # SIGNAL → prints the ms until a request is answered again
        "$probe" "$sock" "$(mpid)" "$(kill -l "$1")"
}

for sig in KILL SEGV ABRT STOP; do
        old=$(mpid)
        case $sig in
        KILL)
                # a client waits for a start that cannot finish before the manager dies
                S start sh-slow.service >"$work/slow.out" 2>&1 &
                client=$!
                wait_state sh-slow activating 10 || bad "sh-slow did not begin to start"
                # and a client connects to the socket while the manager cannot answer: it waits
                # in the backlog of the fd init keeps, for the next manager to activate sh-sock
                kill -STOP "$old"
                sock_answers outage &
                sclient=$!
                sleep 0.3
                ;;
        SEGV)
                # the exiter exits while no manager runs: stop the manager, let it exit, then kill
                exiter_old=$(prop sh-exiter MainPID)
                kill -STOP "$old"
                ctx touch /run/exit-now
                for _ in $(seq 100); do ctx test -e /run/exit-now || break; sleep 0.05; done
                sleep 0.2
                ;;
        esac
        t0=$(date +%s%N)
        kill -"$sig" "$old"
        [ "$sig" = SEGV ] && kill -CONT "$old"
        wait_answer
        dt=$(( ($(date +%s%N) - t0) / 1000000 ))
        new=$(mpid)
        recoveries=$((recoveries + 1))
        check "SIG$sig: a new manager answers after $dt ms (pid $old → $new)" [ -n "$new" ] && [ "$new" != "$old" ]
        [ "$sig" = STOP ] && check "SIGSTOP: init declared it hung and aborted it" grep -q 'hung; SIGABRT' "$CT_CONSOLE"
        case $sig in
        KILL)
                ctx touch /run/go-slow
                if wait "$client"; then ok "SIGKILL: the waiting 'sctl start' got its answer (success)"; else bad "SIGKILL: waiting client: rc=$? $(cat "$work/slow.out")"; fi
                check "SIGKILL: sh-slow is active" wait_state sh-slow active 5
                check "SIGKILL: the client that connected during the outage was answered" wait "$sclient"
                ;;
        SEGV)
                check "SIGSEGV: the exit during the outage reached the new manager" \
                        container_wait_for 'sh-exiter.service: main process exited, code=exited, status=3' 5
                check "SIGSEGV: Restart=on-failure applied (new main PID, active)" \
                        bash -c "$(declare -f S prop wait_state); sock=$sock build=$build; wait_state sh-exiter active 5 && p=\$(prop sh-exiter MainPID) && [ \"\$p\" -gt 0 ] && [ \"\$p\" != $exiter_old ]"
                ;;
        esac
        after=$(snapshot | grep -v '^sh-slow.service=')
        if [ "$after" = "$(echo "$before" | grep -v '^sh-slow.service=')" ]; then
                ok "SIG$sig: every service has the same PID and state"
        else
                bad "SIG$sig: services changed"; diff <(echo "$before") <(echo "$after")
        fi
        check "SIG$sig: the socket still accepts and activates its service" sock_answers "after-$sig"
        check "SIG$sig: 'sctl status' shows $recoveries recoveries" \
                bash -c "$(declare -f S); sock=$sock build=$build; S status | grep -q 'Recoveries: $recoveries '"
done
check "after 4 recoveries sh-fdstore's stored fd is still there (init's store)" [ "$(fdstore)" = 1 ]
check "status shows why: killed by signal 9" bash -c "$(declare -f S); sock=$sock build=$build; S status | grep -q 'killed by signal 9'"
check "status shows why: a hang" bash -c "$(declare -f S); sock=$sock build=$build; S status | grep -q 'hung (no heartbeat'"
# (a job a recovery re-queued may still run on a loaded machine: "starting" until it ends)
for _ in $(seq 100); do [ "$(S is-system-running 2>/dev/null)" = starting ] || break; sleep 0.2; done
check "is-system-running says it recovered (stderr), stdout stays one word" \
        bash -c "$(declare -f S); sock=$sock build=$build; [ \"\$(S is-system-running 2>/dev/null)\" = running ] && S is-system-running 2>&1 >/dev/null | grep -q 'recovered $recoveries times'"
check "no crash loop, no emergency shell" bash -c "! grep -q 'emergency shell' '$CT_CONSOLE'"
# a recovered manager follows the mount table again (libmount's monitor is set up after
# --recover as at boot): a mount made now becomes an active mount unit, and goes away again
ctx sh -c 'mkdir -p /run/shmnt && mount -t tmpfs shmnt /run/shmnt'
check "after recoveries: a new mount shows as an active mount unit" \
        bash -c "$(declare -f S); sock=$sock build=$build; for i in \$(seq 100); do [ \"\$(S show -p ActiveState --value run-shmnt.mount)\" = active ] && exit 0; sleep 0.05; done; exit 1"
ctx umount /run/shmnt
check "... and its unmount makes it inactive" \
        bash -c "$(declare -f S); sock=$sock build=$build; for i in \$(seq 100); do [ \"\$(S show -p ActiveState --value run-shmnt.mount)\" != active ] && exit 0; sleep 0.05; done; exit 1"
before=$(snapshot)

# --- 4: daemon-reexec and SIGTERM -----------------------------------------------------------
old=$(mpid)
check "daemon-reexec returns once the new image answers" S daemon-reexec
check "daemon-reexec: same manager PID" [ "$(mpid)" = "$old" ]
check "daemon-reexec: services untouched" [ "$(snapshot)" = "$before" ]
kill -TERM "$old"
sleep 0.3
wait_answer
check "SIGTERM re-executes: same manager PID" [ "$(mpid)" = "$old" ]
check "SIGTERM: services untouched" [ "$(snapshot)" = "$before" ]
check "status counts the re-executions" bash -c "$(declare -f S); sock=$sock build=$build; S status | grep -q 're-executions: 2)'"

# --- 5: a torn checkpoint: rebuild from reality ------------------------------------------------
victim=$(mpid)
kill -STOP "$victim" # first: so that it cannot write a good one again before dying (sh-flap)
ctx sh -c 'head -c 200 /run/sysmaster/checkpoint >/run/sysmaster/torn && mv /run/sysmaster/torn /run/sysmaster/checkpoint'
kill -KILL "$victim"
wait_answer
check "torn checkpoint: detected, state rebuilt" container_wait_for 'No usable checkpoint' 5
after=$(snapshot)
# the rebuilt state knows running services and their main process; the idle/forking guesses
# come from cgroup.procs, where the only process is the main one
if [ "$(echo "$after" | grep -v sh-oneshot)" = "$(echo "$before" | grep -v sh-oneshot)" ]; then
        ok "torn checkpoint: every running service found with the same PID"
else
        bad "torn checkpoint: services differ"; diff <(echo "$before") <(echo "$after")
fi
before=$(snapshot)

# --- 6: recovery time -------------------------------------------------------------------------
times=()
for i in $(seq "$bench_kills"); do
        [ $SECONDS -ge $((time_limit - 150)) ] && [ ${#times[@]} -ge 3 ] && break
        times+=("$(kill_and_measure KILL)")
        sleep 0.1
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
n=${#sorted[@]}
p50=${sorted[$(( (n - 1) / 2 ))]}
p99=${sorted[$(( (n * 99 + 99) / 100 - 1 ))]}
base=$("$probe" "$sock" 0 0)
echo "   recovery time over $n SIGKILLs (kill → control request answered): p50 $p50 ms, p99 $p99 ms (one request alone: $base ms)"
echo "   all: ${times[*]}"
echo "p50=$p50 p99=$p99 n=$n request=$base all=${times[*]}" >"$build/selfheal-recovery-ms.txt"
# a sanity bound only: the figure depends on the machine's load (docs/selfheal.md, Measured)
# (sanitizers make every step several times slower: a looser bound there)
bound=1000
python3 -c 'import json, sys; o = {x["name"]: x["value"] for x in json.load(open(sys.argv[1]))}; sys.exit(o.get("b_sanitize", "none") in ("none", ""))' \
        "$build/meson-info/intro-buildoptions.json" 2>/dev/null && bound=5000
check "recovery p50 under $bound ms (goal 100 ms; $p50 ms)" [ "${p50%.*}" -lt "$bound" ]
check "after $n kills: same PIDs" [ "$(snapshot)" = "$before" ]
# every generated service runs one process: a recovery that started one again next to the
# adopted one (what the first recovery did before the checkpoint) shows as two
twice=$(for d in "$CT_CGROUP"/system.slice/shg-*.service; do
        [ "$(cat "$d/cgroup.procs" 2>/dev/null | wc -l)" -le 1 ] || echo "${d##*/}"; done)
check "after $n kills: no service runs twice${twice:+ ($twice)}" [ -z "$twice" ]

# --- 7: chaos ---------------------------------------------------------------------------------
storm() {
        while :; do
                local s=${storm_set[RANDOM % ${#storm_set[@]}]}
                case $((RANDOM % 4)) in
                0) S --no-block stop "$s.service" ;;
                1) S --no-block restart "$s.service" ;;
                2) S start "$s.service" ;;          # blocking: a client waiting across crashes
                3) S --no-block start "$s.service" ;;
                esac
        done >/dev/null 2>&1
}
# what the storm never touches must come out of the chaos with the same PIDs (no restart
# without cause); sh-exiter and sh-flap restart by design, sh-slow and sh-sock by earlier steps
untouched() { snapshot | grep -vE "^($(IFS='|'; echo "${storm_set[*]}")|sh-exiter|sh-flap|sh-slow|sh-sock)\.service="; }
untouched_before=$(untouched)
storm & s1=$!
storm & s2=$!
sigs=(KILL SEGV ABRT KILL)
chaos_end=$((SECONDS + chaos_budget))
[ $chaos_end -gt $((time_limit - 60)) ] && chaos_end=$((time_limit - 60))
[ $chaos_end -lt $((SECONDS + 10)) ] && chaos_end=$((SECONDS + 10))
chaos_start=$SECONDS
done_kills=0
for i in $(seq "$chaos_kills"); do
        [ $SECONDS -ge $chaos_end ] && break
        sleep "0.$(printf '%03d' $((RANDOM % 300)))"
        p=$(mpid)
        [ -n "$p" ] && "$probe" "$sock" "$p" "$(kill -l "${sigs[RANDOM % 4]}")" >/dev/null 2>&1 || wait_answer
        done_kills=$((done_kills + 1))
done
kill "$s1" "$s2" 2>/dev/null
wait "$s1" "$s2" 2>/dev/null
echo "   chaos: $done_kills kills in $((SECONDS - chaos_start)) s"
check "chaos: the manager answers" wait_answer
# let the queue run dry, then compare with reality
for _ in $(seq 300); do [ -z "$(S list-jobs --no-legend 2>/dev/null)" ] && break; sleep 0.1; done
check "chaos: every job finished" [ -z "$(S list-jobs --no-legend 2>/dev/null)" ]
cg=$CT_CGROUP/system.slice
mismatch=0
pids=
# one sctl for every service of the storm: "ID ACTIVE SUB MAINPID" lines
S show -p Id -p ActiveState -p SubState -p MainPID "${storm_set[@]/%/.service}" 2>/dev/null |
        awk -F= '/^Id=/ { id = $2 } /^ActiveState=/ { a = $2 } /^SubState=/ { b = $2 } /^MainPID=/ { p = $2 }
                 /^$/ { if (id != "") print id, a, b, p; id = "" } END { if (id != "") print id, a, b, p }' >"$work/chaos-state"
check "chaos: the manager reports all ${#storm_set[@]} services" [ "$(wc -l <"$work/chaos-state")" -eq ${#storm_set[@]} ]
while read -r s st sub pid; do
        s=${s%.service}
        procs=$(cat "$cg/$s.service/cgroup.procs" 2>/dev/null | wc -l)
        case $st/$sub in
        active/running) [ "$procs" -gt 0 ] && [ "$pid" -gt 0 ] || { echo "   $s: manager says running (pid $pid), cgroup has $procs processes"; mismatch=1; }
                        pids="$pids $s:$pid" ;;
        inactive/dead|failed/failed) [ "$procs" -eq 0 ] || { echo "   $s: manager says $st, cgroup has $procs processes"; mismatch=1; } ;;
        *) echo "   $s: unexpected state $st/$sub"; mismatch=1 ;;
        esac
done <"$work/chaos-state"
check "chaos: the state reported equals the cgroups" [ "$mismatch" = 0 ]
check "chaos: every reported main PID lives in its unit's cgroup" ctx sh -c "
        for e in $pids; do s=\${e%%:*} p=\${e#*:}; grep -q \"/\$s.service\$\" /proc/\$p/cgroup || { echo \"   \$s: pid \$p not in its cgroup\"; exit 1; }; done"
# the reported main PID is the one process of its cgroup (simple/exec/notify/idle: the sleep,
# forking: the daemon the PIDFile= names; its start process is gone) — read inside the
# container, whose PIDs the manager reports
check "chaos: every running service's cgroup holds exactly its main PID" ctx sh -c "
        for e in $pids; do s=\${e%%:*} p=\${e#*:}; c=/sys/fs/cgroup/system.slice/\$s.service/cgroup.procs
                [ \"\$(cat \$c)\" = \"\$p\" ] || { echo \"   \$s: main PID \$p, cgroup holds\" \$(cat \$c); exit 1; }; done"
check "chaos: services outside the storm kept their PIDs ($(echo "$untouched_before" | wc -l) services)" \
        [ "$(untouched)" = "$untouched_before" ]
# the storm restarts services faster than StartLimitBurst= allows, as systemd would refuse too:
# reset-failed clears the rate limit, then they must start and stop again
check "chaos: services can still be started and stopped" bash -c "$(declare -f S); sock=$sock build=$build; S reset-failed && S restart sh-simple1.service && S stop sh-simple2.service && S start sh-simple2.service"
check "after the chaos: the socket still accepts and activates its service" sock_answers after-chaos
ticks=$(ctx cat /run/sh-ticks | wc -l)
sleep 4.5
check "the timer kept firing across every recovery ($ticks ticks, then more)" [ "$(ctx cat /run/sh-ticks | wc -l)" -gt "$ticks" ]
check "the timer is waiting" bash -c "$(declare -f S); sock=$sock build=$build; [ \"\$(S show -p SubState --value sh-tick.timer)\" = waiting ]"
# sh-flap exited and restarted every 100 ms through all of it: every kill had exits in flight.
# A zombie is reaped only after the checkpoint that records its exit (reap.c), so a manager
# that dies holding one leaves it to init, which delivers the status to the next manager.
lost=$(grep -c 'exit status was lost' "$CT_CONSOLE")
flaps=$(grep -c 'sh-flap.service: main process exited' "$CT_CONSOLE")
check "no exit status lost ($lost lost, over $flaps exits of sh-flap and every kill)" [ "$lost" -eq 0 ]
check "chaos: no crash loop, no emergency shell" bash -c "! grep -q 'emergency shell' '$CT_CONSOLE'"
# (under ASan our own kill -SEGV is reported as a SEGV: that one is expected)
check "no sanitizer report" bash -c "! grep -E 'runtime error|ERROR: [A-Za-z]+Sanitizer' '$CT_CONSOLE' | grep -v 'SEGV on unknown address' | grep -q ."

cp "$CT_CONSOLE" "$build/selfheal-console.log" 2>/dev/null
[ "$fail" -gt 0 ] && dump
echo "test-selfheal: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
