#!/bin/bash
# chaos.sh — the self-healing benchmark of issue 5: the full run of test-selfheal.sh.
#
#   bench/chaos.sh [--build DIR (build-release)] [--kills N] [--seconds S] [--recovery-kills N] [--out FILE]
#
# Boots sysMaster in a throw-away container with 255 units (131 services of every Type=, plus
# the storm's extra simple ones: 200 services in the storm), then
#   - recovery time: --recovery-kills (100) SIGKILLs of the manager, each timed from the kill to
#     the first control request answered again (kill-probe.c), p50 and p99;
#   - chaos: --kills (1000) manager kills with mixed signals (KILL, SEGV, ABRT) at random moments
#     (0–300 ms apart) during a storm of start/stop/restart requests over the 200 services, at
#     most --seconds (3000) long; afterwards the state the manager reports must equal reality
#     (cgroups, main PIDs), services outside the storm keep their PIDs, every job finished, and
#     no exit status was lost (sh-flap exits every 100 ms throughout).
# Every check of test-selfheal.sh runs as well. Writes the summary to --out (bench/chaos-results.md)
# and the whole log next to it (chaos.log, not kept in git). The test command (meson test
# selfheal) runs the same phases shorter: 20 recoveries, 50 chaos kills within 45 s.
# Needs root and namespaces, like the test. Several tens of minutes on 2 busy cores.
set -uo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=$src/build-release kills=1000 seconds=3000 rkills=100 out=$src/bench/chaos-results.md
while [ $# -gt 0 ]; do
        case $1 in
        --build) build=$2; shift ;;
        --kills) kills=$2; shift ;;
        --seconds) seconds=$2; shift ;;
        --recovery-kills) rkills=$2; shift ;;
        --out) out=$2; shift ;;
        -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "chaos.sh: unknown argument $1" >&2; exit 2 ;;
        esac
        shift
done
build=$(cd "$build" && pwd)
log=$(dirname "$out")/chaos.log
start=$(date -u '+%Y-%m-%d %H:%M UTC') load_before=$(cut -d' ' -f1-3 /proc/loadavg) t0=$SECONDS
SELFHEAL_STORM_ALL_TYPES=1 SELFHEAL_BENCH_KILLS=$rkills SELFHEAL_CHAOS_KILLS=$kills SELFHEAL_CHAOS_SECONDS=$seconds \
SELFHEAL_TIME_LIMIT=$((seconds + rkills * 10 + 600)) \
        bash "$src/tests/integration/test-selfheal.sh" "$src" "$build" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
line() { grep -m1 -E "$1" "$log" | sed 's/^ *//'; }
{
        echo "# Self-healing benchmark (bench/chaos.sh)"
        echo
        echo "| | |"
        echo "|---|---|"
        echo "| date | $start |"
        echo "| commit | $(git -C "$src" rev-parse --short HEAD 2>/dev/null || echo unknown) |"
        echo "| build | $(python3 -c 'import json, sys
o = {x["name"]: x["value"] for x in json.load(open(sys.argv[1]))}
print("buildtype=%s optimization=%s sanitize=%s" % (o.get("buildtype"), o.get("optimization"), o.get("b_sanitize")))' \
                "$build/meson-info/intro-buildoptions.json" 2>/dev/null) |"
        echo "| machine | $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo) |"
        echo "| load average before / after | $load_before / $(cut -d' ' -f1-3 /proc/loadavg) |"
        echo "| duration | $((SECONDS - t0)) s |"
        echo "| result | $(line '^test-selfheal: ') (exit $rc) |"
        echo
        echo "## Figures"
        echo
        echo "- recovery: $(line 'recovery time over')"
        echo "- chaos: $(line 'chaos: [0-9]+ kills in')"
        echo "- $(line 'no exit status lost' | sed 's/^ok: //')"
        echo
        echo "## Checks"
        echo
        echo '```'
        grep -E '^(ok|FAIL): |^   ' "$log" | grep -v '^   all: '
        echo '```'
} >"$out"
echo "chaos.sh: summary in $out, log in $log"
exit "$rc"
