#!/bin/bash
# run.sh — benchmarks sysMaster against the machine's systemd 252 on the same workloads, in the
# same run, alternating them (which system goes first flips every run), and writes results.md
# (median/min/max per side and the ratio sysMaster/systemd) and boot.svg (boot time against the
# number of services, both systems and the fork+exec bound). Both boot as PID 1 of identical
# throw-away containers (lib-bench.sh) with the same generated units (gen-units.py); bench/README.md
# explains what is measured and how.
#
#   bench/run.sh [--quick] [--runs N] [--build DIR] [--out DIR] [--no-build]
#   bench/run.sh --rows idle,recovery [--services N] [--runs N] …
#
# Full mode (default): 5 runs; boots with 0, 200 and 1000 simple services, 200 and 1000 oneshot
# services and a 1000-service DAG; reload, control round trip (100 each), recovery (100 kills with
# only the targets, 10 with 1000 services) and idle (60 s) on the booted 1000-service system.
# Writes bench/results.md, bench/boot.svg, bench/raw.tsv.
# Quick mode (the meson test bench-quick): 1 run, 0 and 50 services, 20 round trips, 3 recoveries,
# 5 s idle; writes to BUILD/bench-quick. --rows: only those rows (idle: 60 s on both systems;
# recovery: 100 kills, sysMaster) on one booted system of --services (200) simple services;
# writes BUILD/bench-rows/rows.md (median, p50, p99 per row), not results.md. Exits non-zero when a system fails to boot or any
# measurement is missing. Needs root, namespaces, overlayfs, systemd 252 and perf.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
quick=0 runs= build=$src/build-release out= do_build=1 rows= rows_n=200
while [ $# -gt 0 ]; do
        case $1 in
        --quick) quick=1 ;;
        --runs) runs=$2; shift ;;
        --build) build=$2; shift ;;
        --out) out=$2; shift ;;
        --no-build) do_build=0 ;;
        --rows) rows=,$2,; shift ;;
        --services) rows_n=$2; shift ;;
        -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
        esac
        shift
done

[ -n "$rows" ] && runs=${runs:-1}
if [ $quick = 1 ]; then
        runs=${runs:-1} sizes=(0 50) dag=50 rt_n=20 reload_n=3 recover_n=3 recover_big_n=1 idle_s=5
else
        runs=${runs:-5} sizes=(0 200 1000) dag=1000 rt_n=100 reload_n=5 recover_n=100 recover_big_n=10 idle_s=60
fi
if [ -n "$rows" ]; then
        sizes=("$rows_n") recover_big_n=$recover_n
fi
max=${sizes[-1]}
if [ $do_build = 1 ]; then
        # optimized, as distributions build both sysMaster and the systemd it is compared with
        [ -d "$build" ] || meson setup "$build" --buildtype=release >/dev/null
        ninja -C "$build" >/dev/null
fi
build=$(cd "$build" && pwd)
[ -n "$out" ] || { if [ $quick = 1 ]; then out=$build/bench-quick; elif [ -n "$rows" ]; then out=$build/bench-rows; else out=$src/bench; fi; }
mkdir -p "$out"
out=$(cd "$out" && pwd)

. "$src/bench/lib-bench.sh"
if ! bench_supported; then
        echo "run.sh: needs root, PID/mount/net/cgroup namespaces and overlayfs: skipping"
        exit 77
fi
for tool in "$B_SYSTEMD" "$build/bench/bench-helper" "$build/bench/forkexec"; do
        [ -x "$tool" ] || { echo "run.sh: missing $tool" >&2; exit 1; }
done
command -v perf >/dev/null || { echo "run.sh: perf is missing (apt-get install linux-perf)" >&2; exit 1; }
B_HELPERS=$build/bench

work=$(mktemp -d /var/tmp/sysmaster-bench.XXXXXX)
cleanup() { bench_cleanup; rm -rf "$work"; }
trap cleanup EXIT
bench_prepare "$build"

raw=$work/raw.tsv
printf 'run\tworkload\tsystem\tmetric\tvalue\n' >"$raw"
errors=0
rec() { printf '%s\t%s\t%s\t%s\t%s\n' "$run" "$1" "$2" "$3" "$4" >>"$raw"; }
fail() { echo "run.sh: FAILED: $*" >&2; errors=$((errors + 1)); }
log() { echo "[$(date +%H:%M:%S)] $*"; }

# The workloads: KIND-N, each with its own unit directory, made once and used by both systems.
workloads=()
for n in "${sizes[@]}"; do workloads+=("sleep-$n"); done
if [ -z "$rows" ]; then
        for n in "${sizes[@]:1}"; do workloads+=("true-$n"); done
        workloads+=("dag-$dag")
fi
for w in "${workloads[@]}"; do
        python3 "$src/bench/gen-units.py" "$work/units-$w" "${w%-*}" "${w#*-}" 7
done

ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e6 }'; }

# VmRSS, VmHWM (status) and Pss (smaps_rollup) of PID in kB, as "rss hwm pss".
mem_of() {
        local rss hwm pss
        rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$1/status")
        hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$1/status")
        pss=$(awk '/^Pss:/ { print $2 }' "/proc/$1/smaps_rollup")
        echo "$rss $hwm $pss"
}

# The manager's PID on the host: sysmaster below sysmaster-init; systemd is its own manager.
manager_pid() {
        if [ "$B_SYSTEM" = sysmaster ]; then pgrep -P "$B_PID" -x sysmaster | head -n1; else echo "$B_PID"; fi
}

# Times CMD… COUNT times inside the container; one line of milliseconds per call. A call that
# fails (other than is-active's "inactive", exit 3) is a missing measurement.
time_inside() {
        local count=$1
        shift
        bench_exec bash -c 'n=$1; shift
                for ((i = 0; i < n; i++)); do
                        t0=$EPOCHREALTIME; "$@" >/dev/null 2>&1; rc=$?; t1=$EPOCHREALTIME
                        [ $rc = 0 ] || [ $rc = 3 -a "$2" = is-active ] || { echo "fail $rc"; continue; }
                        echo "${t0/./} ${t1/./}"
                done' bash "$count" "$@" |
                awk '$1 == "fail" { print "fail"; next } { printf "%.3f\n", ($2 - $1) / 1000 }'
}

record_samples() {
        local w=$1 s=$2 m=$3 expect=$4 file=$5 v n=0
        while read -r v; do
                if [ "$v" = fail ]; then fail "$s: $w $m: a call failed"; continue; fi
                rec "$w" "$s" "$m" "$v"
                n=$((n + 1))
        done <"$file"
        [ $n = "$expect" ] || fail "$s: $w $m: $n of $expect samples"
}

# Idle: syscalls and wake-ups (context switches away from the CPU) of PID 1 and of the manager,
# counted by perf's tracepoints (no ptrace, which would itself wake them) over SECS.
measure_idle() {
        local s=$1 pid1=$2 mgr=$3 f=$work/perf.out pids=$2
        [ "$mgr" = "$pid1" ] || pids=$pid1,$mgr
        perf stat -x, --per-thread -e raw_syscalls:sys_enter,sched:sched_switch -p "$pids" \
                -o "$f" sleep "$idle_s" 2>/dev/null || { fail "$s: perf stat"; return; }
        # a process that never ran during the window is "<not counted>": zero
        local who what v p
        for who in pid1 mgr; do
                [ "$who" = pid1 ] && p=$pid1 || p=$mgr
                [ "$who" = mgr ] && [ "$mgr" = "$pid1" ] && continue
                for what in syscalls wakeups; do
                        local ev=raw_syscalls:sys_enter
                        [ $what = wakeups ] && ev=sched:sched_switch
                        v=$(awk -F, -v p="-$p" -v e="$ev" 'index($1, p) == length($1) - length(p) + 1 && $4 == e {
                                        s += ($2 ~ /^[0-9]+$/) ? $2 : 0; n++ } END { if (n) print s }' "$f")
                        [ -n "$v" ] || { fail "$s: idle $who $what missing"; continue; }
                        rec idle "$s" "${who}_$what" "$v"
                done
        done
}

# Manager recovery (sysMaster only): kill -9 the manager, then time until sctl answers
# is-system-running again (any state) and until it says running again (the new manager's start-up
# transaction done), COUNT times, a second apart. Prints "ANSWER_MS RUNNING_MS" per kill.
measure_recovery() {
        bench_exec bash -c 'n=$1
                state() { sctl is-system-running 2>/dev/null; }
                for ((i = 0; i < n; i++)); do
                        sleep 1
                        m=$(pgrep -x sysmaster | head -n1)
                        [ -n "$m" ] || { echo fail; continue; }
                        t0=$EPOCHREALTIME; kill -9 "$m"
                        t1= t2=
                        for ((j = 0; j < 20000; j++)); do
                                case $(state) in
                                running|degraded) t1=${t1:-$EPOCHREALTIME}; t2=$EPOCHREALTIME; break ;;
                                starting|initializing|maintenance) t1=${t1:-$EPOCHREALTIME} ;;
                                esac
                        done
                        if [ -n "$t2" ]; then echo "${t0/./} ${t1/./} ${t2/./}"; else echo fail; fi
                done' bash "$1" |
                awk '$1 == "fail" { print "fail"; next } { printf "%.3f %.3f\n", ($2 - $1) / 1000, ($3 - $1) / 1000 }'
}

record_recovery() {
        local w=$1 count=$2 a r n=0
        while read -r a r; do
                if [ "$a" = fail ]; then fail "sysmaster: $w recovery: no answer"; continue; fi
                rec "$w" sysmaster recover_answer_ms "$a"
                rec "$w" sysmaster recover_running_ms "$r"
                n=$((n + 1))
        done <"$work/samples"
        [ $n = "$count" ] || fail "sysmaster: $w recovery: $n of $count samples"
}

# One boot of workload W on system S, with the measurements that belong to it.
boot_one() {
        local w=$1 s=$2 kind=${1%-*} n=${1#*-} comm=sleep
        [ "$kind" = true ] && comm=-
        # the simple services count as running once their process is sleep; oneshot ones have
        # finished by the time the target is reached (it is ordered after them)
        local want=$n
        [ "$kind" = true ] && want=0
        if ! bench_boot "$s" "$work/units-$w" svc- "$want" "$comm" $((120000 + n * 200)); then
                fail "$s: $w did not boot"
                bench_stop
                return
        fi
        if ! bench_watch_result; then
                fail "$s: $w did not reach multi-user.target (or not all services ran)"
                tail -n 15 "$B_CONSOLE" >&2
                bench_stop
                return
        fi
        local t0 tt ta
        read -r t0 <"$B_OUT/exec"
        read -r tt ta <<<"$B_WATCH_RESULT"
        rec "$w" "$s" target_ms "$(ms "$t0" "$tt")"
        rec "$w" "$s" all_ms "$(ms "$t0" "$ta")"
        if [ "$(bench_exec systemctl is-active multi-user.target 2>/dev/null)" != active ]; then
                fail "$s: $w: multi-user.target not active"
        fi

        local mgr rss hwm pss r2 h2 p2
        mgr=$(manager_pid)
        [ -n "$mgr" ] || { fail "$s: $w: no manager process"; bench_stop; return; }
        read -r rss hwm pss <<<"$(mem_of "$B_PID")"
        rec "$w" "$s" pid1_rss_kb "$rss"; rec "$w" "$s" pid1_hwm_kb "$hwm"; rec "$w" "$s" pid1_pss_kb "$pss"
        if [ "$mgr" != "$B_PID" ]; then
                read -r r2 h2 p2 <<<"$(mem_of "$mgr")"
                rec "$w" "$s" mgr_rss_kb "$r2"; rec "$w" "$s" mgr_hwm_kb "$h2"; rec "$w" "$s" mgr_pss_kb "$p2"
                rss=$((rss + r2)) hwm=$((hwm + h2)) pss=$((pss + p2))
        fi
        rec "$w" "$s" total_rss_kb "$rss"; rec "$w" "$s" total_hwm_kb "$hwm"; rec "$w" "$s" total_pss_kb "$pss"

        # only the rows asked for (--rows)
        if [ -n "$rows" ]; then
                if [[ $rows == *,idle,* ]]; then
                        log "  $s: idle ${idle_s}s"
                        measure_idle "$s" "$B_PID" "$mgr"
                fi
                if [[ $rows == *,recovery,* ]] && [ "$s" = sysmaster ]; then
                        log "  $s: recovery with $n services ×$recover_n"
                        measure_recovery "$recover_n" >"$work/samples"
                        record_recovery "recovery-$w" "$recover_n"
                        sleep 1
                        rec "recovery-$w" "$s" sleep_processes "$(bench_exec pgrep -c -x sleep || true)"
                fi
                bench_stop
                return
        fi
        # the rows on a booted system with the most units
        if [ "$w" = "sleep-$max" ]; then
                log "  $s: idle ${idle_s}s"
                measure_idle "$s" "$B_PID" "$mgr"
                log "  $s: daemon-reload ×$reload_n"
                local reload=(systemctl daemon-reload)
                [ "$s" = sysmaster ] && reload=(sctl daemon-reload)
                time_inside "$reload_n" "${reload[@]}" >"$work/samples"
                record_samples reload "$s" reload_ms "$reload_n" "$work/samples"
                log "  $s: control round trip ×$rt_n"
                time_inside "$rt_n" systemctl start bench-rt.service >"$work/samples"
                record_samples control "$s" start_ms "$rt_n" "$work/samples"
                time_inside "$rt_n" systemctl is-active bench-rt.service >"$work/samples"
                record_samples control "$s" is_active_ms "$rt_n" "$work/samples"
                if [ "$s" = sysmaster ]; then
                        # the new manager adopts the running services (selfheal.md): the count
                        # of sleep processes afterwards says whether any was started twice
                        log "  $s: recovery with $n services ×$recover_big_n"
                        measure_recovery "$recover_big_n" >"$work/samples"
                        record_recovery "recovery-$w" "$recover_big_n"
                        sleep 1
                        rec "recovery-$w" "$s" sleep_processes "$(bench_exec pgrep -c -x sleep || true)"
                fi
        fi
        # recovery of a manager with only the benchmark's targets: many kills cost nothing
        if [ "$w" = sleep-0 ] && [ "$s" = sysmaster ]; then
                log "  $s: recovery ×$recover_n"
                measure_recovery "$recover_n" >"$work/samples"
                record_recovery "recovery-$w" "$recover_n"
        fi
        bench_stop
}

# The physical bound, on the host, right before the boots of a workload of N services: N
# processes forked and exec'd (kept running for simple services, waited for for oneshot ones).
forkexec_one() {
        local kind=${1%-*} n=${1#*-} v
        [ "$n" -gt 0 ] || return 0
        if [ "$kind" = true ]; then
                v=$("$build/bench/forkexec" "$n" /bin/true) && rec forkexec bound "wait_$n" "$(ms 0 "$v")" ||
                        fail "forkexec $n"
        else
                v=$("$build/bench/forkexec" --keep "$n" /bin/sleep infinity) && rec forkexec bound "keep_$n" "$(ms 0 "$v")" ||
                        fail "forkexec --keep $n"
        fi
}

# The machine and the run, for the report; rewritten after every run, with the raw samples, so
# that an interrupted full run still leaves the runs it finished (report.py can be rerun on them).
write_machine() {
        {
                echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
                echo "mode=$([ $quick = 1 ] && echo quick || echo full)"
                echo "runs=$1"
                echo "nproc=$(nproc)"
                echo "model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
                echo "kernel=$(uname -r)"
                echo "commit=$(git -C "$src" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$src" diff --quiet HEAD -- src 2>/dev/null || echo ' (with local changes)')"
                echo "systemd=$("$B_SYSTEMD" --version | head -n1)"
                echo "load_before=$load_before"
                echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)"
                echo "users=$(ps -e --no-headers | wc -l) processes on the machine"
                echo "duration_s=$((SECONDS - start))"
                echo "idle_s=$idle_s"
                echo "sizes=${sizes[*]}"
                echo "dag=$dag"
                echo "recover_n=$recover_n"
        } >"$out/machine.txt"
        cp "$raw" "$out/raw.tsv"
}

start=$SECONDS
log "sysMaster $(git -C "$src" rev-parse --short HEAD 2>/dev/null || echo '?') against $("$B_SYSTEMD" --version | head -n1); $runs run(s); workloads: ${workloads[*]}"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for ((run = 1; run <= runs; run++)); do
        # alternate: odd runs start with sysMaster, even runs with systemd
        if ((run % 2)); then order=(sysmaster systemd); else order=(systemd sysmaster); fi
        for w in "${workloads[@]}"; do
                [ -n "$rows" ] || forkexec_one "$w"
                for s in "${order[@]}"; do
                        log "run $run/$runs: $w on $s"
                        boot_one "$w" "$s"
                done
        done
        write_machine "$run"
done
if [ -n "$rows" ]; then
        # median, p50 and p99 (nearest rank) of every metric, per workload and system
        awk -F'\t' 'NR > 1 { k = $2 "\t" $3 "\t" $4; v[k] = v[k] " " $5 }
                END { for (k in v) print k "\t" v[k] }' "$out/raw.tsv" | sort |
        while IFS=$'\t' read -r w s m vals; do
                sorted=($(printf '%s\n' $vals | sort -g)); n=${#sorted[@]}
                echo "| $w | $s | $m | $n | ${sorted[$(( (n - 1) / 2 ))]} | ${sorted[$(( (n * 99 + 99) / 100 - 1 ))]} | ${sorted[0]} | ${sorted[n-1]} |"
        done >"$out/rows.tmp"
        { echo "# bench/run.sh --rows ${rows//,/ } — $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$src" rev-parse --short HEAD), load $load_before → $(cut -d' ' -f1-3 /proc/loadavg)"
          echo
          echo "| workload | system | metric | samples | p50 | p99 | min | max |"
          echo "|---|---|---|---:|---:|---:|---:|---:|"
          cat "$out/rows.tmp"; } >"$out/rows.md"
        rm -f "$out/rows.tmp"
        cat "$out/rows.md"
        [ $errors -gt 0 ] && { echo "run.sh: $errors measurement(s) failed or missing" >&2; exit 1; }
        exit 0
fi
python3 "$src/bench/report.py" "$out/raw.tsv" "$out/machine.txt" "$out/results.md" "$out/boot.svg" \
        "${workloads[@]}" || fail "report"
log "results: $out/results.md, $out/boot.svg ($((SECONDS - start)) s)"
if [ $errors -gt 0 ]; then
        echo "run.sh: $errors measurement(s) failed or missing" >&2
        exit 1
fi
