#!/usr/bin/env bash
# run-fuzzers.sh [SECONDS] — builds every libFuzzer target with clang and the address and
# undefined-behaviour sanitizers in a build directory of its own ($FUZZ_BUILD_DIR, default
# build-fuzz in the source tree), then runs each for SECONDS (default 60) from its seed
# corpus in tests/fuzz/corpus/NAME. New inputs go to a scratch directory, never into the
# committed seeds. Exits non-zero on any finding (crash, leak, timeout, out-of-memory); the
# reproducer is kept in $FUZZ_ARTIFACTS (default build-fuzz/artifacts) and named on stderr.
set -euo pipefail

seconds=${1:-60}
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${FUZZ_BUILD_DIR:-$src/build-fuzz}
artifacts=${FUZZ_ARTIFACTS:-$build/artifacts}

if ! command -v clang >/dev/null; then
        echo "run-fuzzers: clang not found" >&2
        exit 1
fi
if [[ ! -f $build/build.ninja ]]; then
        CC=clang meson setup "$build" "$src" -Dfuzzers=true -Dtests=false >/dev/null
fi
ninja -C "$build" >/dev/null

mkdir -p "$artifacts"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

mapfile -t targets < <(find "$build/tests/fuzz" -maxdepth 1 -type f -name 'fuzz-*' -perm -u+x | sort)
if ((${#targets[@]} == 0)); then
        echo "run-fuzzers: no fuzz targets in $build/tests/fuzz" >&2
        exit 1
fi

passed=0 failed=0
for t in "${targets[@]}"; do
        name=$(basename "$t")
        seeds=$src/tests/fuzz/corpus/$name
        mkdir -p "$scratch/$name"
        dirs=("$scratch/$name")
        [[ -d $seeds ]] && dirs+=("$seeds")
        echo "run-fuzzers: $name for ${seconds}s"
        # -timeout catches hangs of a single input; the outer timeout is a last resort if
        # the fuzzer itself stops making progress.
        if timeout $((seconds + 120)) "$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
                -max_len=16384 -artifact_prefix="$artifacts/$name-" -print_final_stats=1 \
                "${dirs[@]}" >"$scratch/$name.log" 2>&1; then
                passed=$((passed + 1))
                grep -E '^stat::number_of_executed_units' "$scratch/$name.log" || true
        else
                failed=$((failed + 1))
                echo "run-fuzzers: $name FAILED; reproducer(s):" >&2
                ls "$artifacts/$name-"* >&2 2>/dev/null || true
                grep -E -A30 'ERROR: |runtime error:|==[0-9]+==' "$scratch/$name.log" | head -n 60 >&2 || true
        fi
done

echo "$passed passed, $failed failed"
((failed == 0))
