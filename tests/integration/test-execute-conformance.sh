#!/bin/bash
# test-execute-conformance.sh SRCDIR BUILDDIR — systemd's own exec conformance units, black box.
# Debian's systemd-tests package ships the units systemd's test-execute runs
# (/usr/lib/systemd/tests/testdata/test-execute); tests/data/test-execute-expectations.tsv says
# what each must produce (our reading of systemd 252's test-execute.c). One sysMaster container
# is booted (lib-container.sh), with the units in its unit tree and VAR1…VAR5 in the manager's
# environment (for PassEnvironment=, as test-execute sets them in its own process); each unit
# is started in table order after its setup step, waited for (bounded), and its
# ExecMainCode/ExecMainStatus or Result compared. Prints every result, the failures with what
# was seen, and the pass rate over the units that apply here; units test-execute skips here but
# that can run ("info" rows) are compared with what systemd 252 gave and reported, not counted. Fails below MIN_PASS percent
# (default 90). Needs root, namespaces and the systemd-tests package (else 77).
# Env: TESTDATA (another copy of the units), ONLY (a regex of unit names to run).
set -uo pipefail
src=$(cd "$1" && pwd)
build=$(cd "$2" && pwd)
. "$src/tests/integration/lib-container.sh"
table=$src/tests/data/test-execute-expectations.tsv
testdata=${TESTDATA:-/usr/lib/systemd/tests/testdata/test-execute}
min_pass=${MIN_PASS:-90}

if [ ! -d "$testdata" ]; then
        echo "test-execute-conformance: $testdata missing (apt-get install systemd-tests): skipping"
        exit 77
fi
if ! container_supported; then
        echo "test-execute-conformance: needs root, namespaces and overlayfs: skipping"
        exit 77
fi
work=$(mktemp -d /var/tmp/sysmaster-texec.XXXXXX)
trap 'container_cleanup; rm -rf "$work"' EXIT
container_prepare "$build" || exit 1

# The unit tree: the test units, plus the drop-in test-execute writes for MountAPIVFS=no (the
# unit runs touch and test chrooted into an empty directory, with them and their libraries
# bound in). The container's root is an overlay of this machine's, so the paths agree.
mkdir -p "$work/units"
cp -a "$testdata/." "$work/units/"
mk_apivfs_dropin() {
        local touch test lib d=$work/units/exec-mount-apivfs-no.service.d
        touch=$(type -P touch) test=$(type -P test)
        mkdir -p "$d"
        {
                echo "[Service]"
                echo "ExecStart=$touch /aaa"
                echo "ExecStart=$test -f /aaa"
                echo "BindReadOnlyPaths=$touch"
                echo "BindReadOnlyPaths=$test"
                for lib in $( (ldd "$touch"; ldd "$test") | grep -o '/[^ ]*' | sort -u); do
                        echo "BindReadOnlyPaths=$lib"
                done
        } >"$d/10-bind-mount.conf"
}
mk_apivfs_dropin

# The values test-execute puts in its environment before the PassEnvironment= units.
printf '%s\0' 'VAR1=word1 word2' 'VAR2=word3' 'VAR3=$word 5 6' $'VAR4=new\nline' \
        'VAR5=passwordwithbackslashes' >"$work/env"

in_ct() { container_exec "$@"; }

# The environment file test-execute writes (comments, quotes, a line without "=").
envfile_text() {
        printf '%s\n' "VAR1='word1 word2'" 'VAR2=word3 ' '# comment1' '' '; comment2' \
                ' ; # comment3' 'line without an equal' "VAR3='\$word 5 6'" "VAR4='new" "line'"
        printf '%s' 'VAR5=password\with\backslashes'
        [ -z "${1:-}" ] || printf '\n%s' "$1"
}

# Setup steps named in the table's third column; 0 when the unit can run.
setup() {
        case $1 in
        -) ;;
        bindpaths) in_ct mkdir -p /tmp/test-exec-bindpaths /tmp/test-exec-bindreadonlypaths ;;
        cpus012)
                # test-execute runs it only when CPUs 1 and 2 are ours
                local n
                n=$(nproc --all)
                [ "$n" -ge 3 ] || { SKIP_WHY="only $n CPUs: test-execute skips it too"; return 1; } ;;
        envfile) envfile_text | in_ct sh -c 'cat >/tmp/test-exec_environmentfile.conf' ;;
        envfile-sp) envfile_text | in_ct sh -c 'cat >/tmp/test-exec_execsearchpath_environmentfile.conf' ;;
        envfile-sp-set)
                envfile_text PATH=/usr |
                        in_ct sh -c 'cat >/tmp/test-exec_execsearchpath_environmentfile-set.conf' ;;
        privatetmp) in_ct touch /tmp/test-exec_privatetmp ;;
        workdir) in_ct mkdir -p /tmp/test-exec_workingdirectory ;;
        searchpath) in_ct sh -c 'mkdir -p /tmp/test-exec_execsearchpath &&
                cp /bin/ls /tmp/test-exec_execsearchpath/ls_temp' ;;
        searchpath-gone) in_ct rm -rf /tmp/test-exec_execsearchpath ;;
        apivfs) in_ct mkdir -p /tmp/test-exec-mount-apivfs-no/root ;;
        dynamicuser-clean|dynamicuser-clean2)
                local n
                for n in quux test-dynamicuser-migrate test-dynamicuser-migrate2 waldo; do
                        in_ct rm -rf "/var/lib/$n" "/var/lib/private/$n"
                done ;;
        *) echo "test-execute-conformance: unknown setup step $1" >&2; return 2 ;;
        esac
}

# Starts a unit and waits until it is no longer starting or running (oneshot units end up
# inactive or failed). A bound of 90 s per unit: test-execute allows two minutes.
run_unit() {
        local u=$1 state i
        in_ct systemctl reset-failed "$u" >/dev/null 2>&1
        in_ct timeout 90 systemctl start "$u" >"$work/start.out" 2>&1
        for i in $(seq 1 900); do
                state=$(in_ct systemctl show -p ActiveState --value "$u" 2>/dev/null)
                case $state in
                activating|active|deactivating|reloading|"") sleep 0.1 ;;
                *) return 0 ;;
                esac
        done
        in_ct systemctl kill --signal=KILL "$u" >/dev/null 2>&1
        return 1
}

sig_num() { kill -l "$1" 2>/dev/null; }

# "exited N" / "killed SIG" / "result R" against what systemctl show says. ExecMainCode is
# a number (1 exited, 2 killed, 3 dumped) or a name, depending on the front end.
matches() {
        local kind=$1 want=$2 code=$3 status=$4 result=$5
        case $code in 1) code=exited ;; 2) code=killed ;; 3) code=dumped ;; esac
        case $kind in
        exited) [ "$code" = exited ] && [ "$status" = "$want" ] ;;
        killed) { [ "$code" = killed ] || [ "$code" = dumped ]; } &&
                { [ "$status" = "$(sig_num "$want")" ] || [ "$status" = "$want" ] ||
                  [ "$status" = "SIG$want" ]; } ;;
        result) [ "$result" = "$want" ] ;;
        *) return 2 ;;
        esac
}

# A unit nobody references is unloaded once it is inactive (manager-gc.c, as systemd collects
# it), and its ExecMain* results with it; test-execute reads those in-process, before any
# collection. A target started at boot and ordered after every unit of the table (After=
# only: it starts none of them) keeps them referenced, hence loaded, for `systemctl show`.
{
        printf '[Unit]\nDescription=Keeps the test-execute units loaded\nDefaultDependencies=no\n'
        cut -f1 "$table" | grep '\.service$' | sort -u | sed 's/^/After=/'
} >"$work/units/texec-keep.target"
mkdir -p "$work/units/multi-user.target.wants"
ln -s ../texec-keep.target "$work/units/multi-user.target.wants/texec-keep.target"

CT_ENV=$work/env container_boot "$work/units" </dev/null || exit 1
container_wait_for 'Startup finished|manager is ready' 60 || {
        echo "test-execute-conformance: the container did not finish starting up"; cat "$CT_CONSOLE"; exit 1; }

pass=0 fail=0 skip=0 info_same=0
failures=() info_diff=()
while IFS=$'\t' read -r unit expect step note; do
        case $unit in ''|'#'*|unit) continue ;; esac
        [ -z "${ONLY:-}" ] || [[ $unit =~ $ONLY ]] || continue
        if [ "$expect" = skip ]; then
                skip=$((skip + 1))
                echo "skip: $unit — $note"
                continue
        fi
        # "info …": skipped by test-execute here, compared with systemd 252 but not counted
        info=
        if [ "${expect%% *}" = info ]; then
                info=1 expect=${expect#info }
        fi
        SKIP_WHY=
        if ! setup "$step"; then
                if [ -n "$SKIP_WHY" ]; then
                        skip=$((skip + 1)); echo "skip: $unit — $SKIP_WHY"; continue
                fi
                fail=$((fail + 1)); failures+=("$unit: setup step $step failed")
                echo "FAIL: $unit — setup step $step failed"; continue
        fi
        if ! run_unit "$unit"; then
                fail=$((fail + 1)); failures+=("$unit: did not finish within 90 s")
                echo "FAIL: $unit — did not finish within 90 s"; continue
        fi
        show=$(in_ct systemctl show -p ExecMainCode -p ExecMainStatus -p Result "$unit" 2>&1)
        code=$(sed -n 's/^ExecMainCode=//p' <<<"$show")
        status=$(sed -n 's/^ExecMainStatus=//p' <<<"$show")
        result=$(sed -n 's/^Result=//p' <<<"$show")
        seen="code=$code status=$status result=$result"
        if [ -n "$info" ]; then
                skip=$((skip + 1))
                if matches ${expect%% *} "${expect#* }" "$code" "$status" "$result"; then
                        info_same=$((info_same + 1)); echo "info: $unit — as systemd 252 here ($expect)"
                else
                        info_diff+=("$unit: systemd 252 here gives $expect, sysMaster $seen")
                        echo "info: $unit — systemd 252 here gives $expect, sysMaster $seen"
                fi
                continue
        fi
        if matches ${expect%% *} "${expect#* }" "$code" "$status" "$result"; then
                pass=$((pass + 1)); echo "ok: $unit ($expect)"
        else
                fail=$((fail + 1)); failures+=("$unit: want $expect, got $seen")
                echo "FAIL: $unit — want $expect, got $seen"
                [ -z "${VERBOSE:-}" ] || in_ct systemctl status "$unit" 2>&1 | sed 's/^/    /'
        fi
done <"$table"

applicable=$((pass + fail))
rate=0
[ "$applicable" -eq 0 ] || rate=$((pass * 100 / applicable))
echo
echo "test-execute conformance: $pass of $applicable applicable units pass ($rate %), $skip skipped"
echo "of the skipped, $info_same run as under systemd 252 in the same kind of container, ${#info_diff[@]} differ"
[ ${#info_diff[@]} -eq 0 ] || printf '  %s\n' "${info_diff[@]}"
if [ ${#failures[@]} -gt 0 ]; then
        echo "failures:"
        printf '  %s\n' "${failures[@]}"
fi
if [ -n "${KEEP_CONSOLE:-}" ]; then cp "$CT_CONSOLE" "$KEEP_CONSOLE"; fi
[ "$applicable" -gt 0 ] && [ "$rate" -ge "$min_pass" ]
