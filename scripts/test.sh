#!/bin/bash
# test.sh — builds sysMaster and runs every test: the cmocka unit tests in a normal build and
# again under AddressSanitizer+UndefinedBehaviorSanitizer, the integration tests (real unit
# corpus from Debian packages, differential tests against systemd 252), and the fuzzers for a
# bounded time. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

fail=0
run() { echo "== $*"; "$@" || { echo "FAILED: $*"; fail=1; }; }

[ -d build ] || meson setup build >/dev/null
run ninja -C build
run meson test -C build --print-errorlogs --suite unit

# clang too: the code must build warning-free with both compilers
[ -d build-clang ] || CC=clang meson setup build-clang >/dev/null
run ninja -C build-clang
# and optimized, as distributions build it: -O2/-O3 brings warnings -O0 never shows
# (maybe-uninitialized, format-truncation); bench/run.sh measures this build
[ -d build-release ] || meson setup build-release --buildtype=release >/dev/null
run ninja -C build-release

[ -d build-asan ] || meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
run ninja -C build-asan
run meson test -C build-asan --print-errorlogs --suite unit
# the real-world corpus: unit files of 330 Debian packages, cached outside the repository
export SYSMASTER_CORPUS=${SYSMASTER_CORPUS:-/var/cache/sysmaster-corpus}
run tests/integration/fetch-corpus.sh "$SYSMASTER_CORPUS"
# integration tests: the real binaries, systemd 252 as the oracle, containers and QEMU
run meson test -C build --print-errorlogs --suite integration
# and the ones that feed bad input (files, requests, traffic) to sctl and the manager, again
# under the sanitizers
run meson test -C build-asan --print-errorlogs malformed control services sockets timers
if [ -x tests/fuzz/run-fuzzers.sh ]; then
        run tests/fuzz/run-fuzzers.sh "${FUZZ_SECONDS:-60}"
fi

if [ $fail -ne 0 ]; then
        echo "test.sh: some tests FAILED"
        exit 1
fi
echo "test.sh: all tests passed"
