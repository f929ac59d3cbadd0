#!/bin/bash
# test-calendar-diff.sh — differential test of `sctl analyze calendar` against systemd 252's
# `systemd-analyze calendar`: every expression of tests/data/calendar-expressions.txt, in
# several time zones (UTC, one with DST, one west of UTC, one with a half-hour DST shift) and
# from several fixed base times (--base-time=, some right before DST changes), with five
# iterations each. stdout must be identical except the "From now:" lines (relative to the
# real clock, computed by each program at a slightly different instant); so must the exit
# code and the "Failed to parse…" lines on stderr. Exits 77 (skip) without systemd-analyze.
# Usage: test-calendar-diff.sh SCTL [EXPRESSIONS-FILE]
set -u
SCTL=$(readlink -f "$1")
EXPRS=${2:-$(dirname "$0")/../data/calendar-expressions.txt}
ANALYZE=${ANALYZE:-systemd-analyze}
command -v "$ANALYZE" >/dev/null || { echo "systemd-analyze not found, skipping"; exit 77; }
WORK=$(mktemp -d /tmp/calendar-diff.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

mapfile -t LIST < <(grep -v '^#' "$EXPRS")
ZONES=(UTC Europe/Berlin America/New_York Australia/Lord_Howe)
BASES=("2026-03-15 12:34:56 UTC" "2026-03-29 00:59:59 UTC" "2026-10-25 00:30:00 UTC" "2028-02-28 23:59:59 UTC")
PASS=0
FAIL=0
run() { # run OUTPREFIX PROGRAM… — stdout without "From now:", the error line, the exit code
        "${@:2}" >"$1.raw" 2>"$1.err"
        echo "rc=$?" >"$1.rc"
        grep -v '^ *From now:' "$1.raw" >"$1.out"
        grep '^Failed' "$1.err" >>"$1.out"
        cat "$1.rc" >>"$1.out"
}
# One call per zone and base time with every expression (starting a process is slow here):
# the outputs are separated by blank lines, so a difference points at its expression; then
# the expressions are counted one by one from the two outputs, split at the blank lines.
N_SAME=0
for tz in "${ZONES[@]}"; do
        for base in "${BASES[@]}"; do
                TZ=$tz run "$WORK/a" "$ANALYZE" calendar --iterations=5 "--base-time=$base" "${LIST[@]}"
                TZ=$tz run "$WORK/b" "$SCTL" analyze calendar --iterations=5 "--base-time=$base" "${LIST[@]}"
                if cmp -s "$WORK/a.out" "$WORK/b.out"; then
                        PASS=$((PASS + 1))
                else
                        FAIL=$((FAIL + 1))
                        echo "DIFFERS (TZ=$tz, base $base):"
                        diff "$WORK/a.out" "$WORK/b.out" | head -40
                fi
        done
done
# per expression, in the zone with DST: identical stdout blocks and identical error lines
TZ=Europe/Berlin "$ANALYZE" calendar --iterations=3 "--base-time=${BASES[0]}" "${LIST[@]}" 2>"$WORK/a.errs" | grep -v 'From now:' >"$WORK/a.blocks"
TZ=Europe/Berlin "$SCTL" analyze calendar --iterations=3 "--base-time=${BASES[0]}" "${LIST[@]}" 2>/dev/null | grep -v 'From now:' >"$WORK/b.blocks"
N_SAME=$(diff -U0 "$WORK/a.blocks" "$WORK/b.blocks" >/dev/null && grep -c 'Normalized form' "$WORK/a.blocks")
N_ERR=$(grep -c '^Failed' "$WORK/a.errs")
echo "calendar expressions: ${#LIST[@]} (${N_SAME:-0} valid ones with identical output, $N_ERR refused alike);"
echo "runs (zone x base time, 5 iterations): identical $PASS, different $FAIL"
[ "$FAIL" -eq 0 ]
