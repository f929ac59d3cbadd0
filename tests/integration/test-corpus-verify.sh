#!/usr/bin/env bash
# test-corpus-verify.sh SCTL [CACHE_DIR] — runs `sctl --root=ROOT verify FILE` on every unit
# file of the real-world corpus that fetch-corpus.sh unpacked, and holds it to systemd 252's
# judgement of the same files. Each unit file is one case; it fails when sctl crashes or hangs (exit code
# 124 or ≥ 128, or a sanitizer report), when sctl calls a key unknown that systemd 252 knows
# (tests/data/systemd252-config-keys.txt), or when sctl reports an error (non-zero exit) for
# a file that systemd accepts. systemd's verdict comes from the host's own
# `systemd-analyze verify --root=ROOT FILE`, run as nobody so it can only read; it is cached
# in CACHE_DIR because it takes a minute or two. Failures of systemd that only say an
# executable is missing from the corpus tree are not held against the file: the corpus has
# the packages' unit files, not every binary they call. Without systemd-analyze only the
# crash and unknown-key checks run. Exits 77 (skip) when the corpus is absent.
set -euo pipefail

sctl=${1:?usage: test-corpus-verify.sh SCTL [CACHE_DIR]}
cache=${2:-${SYSMASTER_CORPUS:-/var/cache/sysmaster-corpus}}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
keys_file=$here/../data/systemd252-config-keys.txt
root=$cache/root

if [[ ! -d $root || ! -s $cache/units.txt ]]; then
        echo "corpus not found in $cache (run tests/integration/fetch-corpus.sh), skipping"
        exit 77
fi
sctl=$(realpath "$sctl")
mapfile -t units <"$cache/units.txt"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# systemd's verdict per file, one "RC<TAB>ACCEPTED<TAB>FILE" line each, computed once per
# corpus and systemd version.
verdicts=
if command -v systemd-analyze >/dev/null; then
        version=$(systemd-analyze --version | head -n1)
        verdicts=$cache/systemd-verify.tsv
        [[ -w $cache ]] || verdicts=$work/systemd-verify.tsv
        if [[ ! -s $verdicts || $cache/units.txt -nt $verdicts ||
                "$(head -n1 "$verdicts")" != "# $version" ]]; then
                echo "computing systemd's verdicts with $version (cached in $verdicts)…"
                asuser=()
                if ((EUID == 0)) && command -v setpriv >/dev/null; then
                        asuser=(setpriv --reuid=65534 --regid=65534 --clear-groups)
                fi
                export root
                judge() {
                        local out rc=0 accepted=yes
                        # FILE comes from the environment xargs gives each call.
                        # shellcheck disable=SC2153
                        out=$("$@" systemd-analyze verify --man=no --root="$root" "$FILE" 2>&1) || rc=$?
                        # Lines that only describe the corpus tree, not the file: a missing
                        # binary, or another package's absolute symlink that --root does not
                        # follow into the tree.
                        if ((rc != 0)) && grep -v -E ' is not executable: No such file or directory$|: Failed to open .*: No such file or directory$' <<<"$out" | grep -q .; then
                                accepted=no
                        fi
                        printf '%s\t%s\t%s\n' "$rc" "$accepted" "$FILE"
                }
                export -f judge
                {
                        echo "# $version"
                        printf '%s\n' "${units[@]}" |
                                xargs -d '\n' -P "$(nproc)" -I{} env FILE={} bash -c 'judge "$@"' judge "${asuser[@]}" |
                                sort -t $'\t' -k3
                } >"$verdicts.tmp"
                mv "$verdicts.tmp" "$verdicts"
        fi
else
        echo "systemd-analyze not found: checking only for crashes and unknown keys"
fi

declare -A accepted=() sd_rc=()
if [[ -n $verdicts ]]; then
        while IFS=$'\t' read -r rc ok file; do
                [[ $rc == \#* ]] && continue
                accepted[$file]=$ok
                sd_rc[$file]=$rc
        done <"$verdicts"
fi

declare -A known_keys=()
while read -r k; do
        known_keys[$k]=1
done <"$keys_file"

passed=0 failed=0 with_warnings=0 unknown_total=0 unknown_known=0 false_errors=0 crashes=0
n_accepted=0
failures=$work/failures
: >"$failures"

# sctl runs in parallel batches (forks are the cost here); each file's output and exit code
# land in $work/out, named after its path.
mkdir "$work/out"
export sctl root work
run_sctl() {
        local f o rc
        for f; do
                o=$work/out/${f//\//%}
                rc=0
                timeout 20 "$sctl" --root="$root" verify "$f" >"$o" 2>&1 || rc=$?
                echo "$rc" >"$o.rc"
        done
}
export -f run_sctl
printf '%s\n' "${units[@]}" | xargs -d '\n' -n 25 -P "$(nproc)" bash -c 'run_sctl "$@"' run_sctl

# Both spellings: "Unknown key name 'K' in section 'S'" and systemd 252's
# "Unknown key 'K' in section [S]".
re_unknown1="Unknown key name '([^']*)' in section '([^']*)'"
re_unknown2="Unknown key '([^']*)' in section \[([^]]*)\]"
re_sanitizer='ERROR: [A-Za-z]+Sanitizer|runtime error:|^==[0-9]+=='
for f in "${units[@]}"; do
        o=$work/out/${f//\//%}
        read -r rc <"$o.rc"
        mapfile -t lines <"$o"
        problems=()

        if ((rc == 124 || rc >= 128)); then
                problems+=("crashed or hung (exit code $rc)")
                crashes=$((crashes + 1))
        else
                for l in "${lines[@]}"; do
                        if [[ $l =~ $re_sanitizer ]]; then
                                problems+=("sanitizer report")
                                crashes=$((crashes + 1))
                                break
                        fi
                done
        fi

        ((${#lines[@]} > 0)) && with_warnings=$((with_warnings + 1))

        wrongly_unknown=
        for l in "${lines[@]}"; do
                if [[ $l =~ $re_unknown1 ]]; then
                        key=${BASH_REMATCH[1]} section=${BASH_REMATCH[2]}
                elif [[ $l =~ $re_unknown2 ]]; then
                        key=${BASH_REMATCH[1]} section=${BASH_REMATCH[2]}
                else
                        continue
                fi
                unknown_total=$((unknown_total + 1))
                if [[ -n ${known_keys[$section.$key]:-} ]]; then
                        unknown_known=$((unknown_known + 1))
                        wrongly_unknown+=" $section.$key"
                fi
        done
        [[ -z $wrongly_unknown ]] || problems+=("unknown key that systemd 252 knows:$wrongly_unknown")

        if [[ ${accepted[$f]:-} == yes ]]; then
                n_accepted=$((n_accepted + 1))
                # Where systemd failed only for missing executables, sctl may fail for the
                # same reason.
                missing_exec=false
                if ((rc != 0 && ${sd_rc[$f]} != 0)); then
                        for l in "${lines[@]}"; do
                                [[ $l == *" is not executable"* ]] && missing_exec=true && break
                        done
                fi
                if ((rc != 0)) && ! $missing_exec; then
                        false_errors=$((false_errors + 1))
                        problems+=("error (exit code $rc) for a file systemd 252 accepts")
                fi
        fi

        if ((${#problems[@]} == 0)); then
                passed=$((passed + 1))
        else
                failed=$((failed + 1))
                {
                        printf 'FAIL %s:' "$f"
                        printf ' %s;' "${problems[@]}"
                        echo
                        ((${#lines[@]} == 0)) || printf '    %s\n' "${lines[@]:0:5}"
                } >>"$failures"
        fi
done

if [[ -s $failures ]]; then
        head -n 300 "$failures"
        n=$(wc -l <"$failures")
        ((n > 300)) && echo "… ($n lines in all)"
fi

n_packages=$( [[ -s $cache/packages.txt ]] && wc -l <"$cache/packages.txt" || echo "?")
echo
echo "packages:                         $n_packages"
echo "unit files:                       ${#units[@]}"
if [[ -n $verdicts ]]; then
        echo "accepted by systemd:              $n_accepted"
else
        echo "accepted by systemd:              n/a (no systemd-analyze)"
fi
echo "files with messages from sctl:    $with_warnings"
echo "unknown-key warnings:             $unknown_total"
echo "  … for keys systemd 252 knows:   $unknown_known"
echo "errors where systemd has none:    $false_errors"
echo "crashes, hangs, sanitizer hits:   $crashes"
echo "$passed passed, $failed failed"
((failed == 0))
