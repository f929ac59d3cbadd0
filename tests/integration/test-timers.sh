#!/bin/bash
# test-timers.sh — timer and path units end to end, with a plain-process manager
# (`sysmaster --test --root=…`, as test-control.sh runs it) in a fresh PID namespace: a
# monotonic timer triggering a oneshot again and again, an OnCalendar=*:*:0/2 timer firing on
# even seconds, Persistent=yes catching up a run missed since its stamp file, RemainAfterElapse=
# no, `sctl list-timers` and the "Trigger:" line of `status` in systemctl's format, path units
# triggering on a file's creation (PathExists=), on DirectoryNotEmpty= (with MakeDirectory=),
# on PathChanged=, and a bad OnCalendar= refused with file:line. No long sleeps: every wait
# polls with a bound. Usage: test-timers.sh BUILD-DIR. Exits 77 without root.
set -u
BUILD=$(realpath "${1:?build dir}")
if [ -z "${TIMERS_TEST_INNER:-}" ]; then
        [ "$(id -u)" = 0 ] || { echo "SKIP: needs root (PID namespace)"; exit 77; }
        export TIMERS_TEST_INNER=1
        exec timeout 200 unshare --pid --fork --mount-proc --kill-child "$0" "$@"
fi
export TZ=UTC LC_ALL=C
T=$(mktemp -d /tmp/test-timers.XXXXXX)
chmod 755 "$T"
ROOT=$T/root
O=$ROOT/out
U=$ROOT/etc/systemd/system
trap 'kill -KILL ${MPID:-0} 2>/dev/null; rm -rf "$T"' EXIT
mkdir -p "$ROOT/usr/lib/systemd/system" "$U/timers.target.wants" "$U/paths.target.wants" "$O"
for x in sysinit basic sockets timers paths slices shutdown local-fs time-set time-sync; do
        printf '[Unit]\nDescription=%s (test target)\nDefaultDependencies=no\n' $x >"$ROOT/usr/lib/systemd/system/$x.target"
done
printf '[Unit]\nDescription=multi-user\nDefaultDependencies=no\nWants=timers.target paths.target\n' \
        >"$ROOT/usr/lib/systemd/system/multi-user.target"
ln -s multi-user.target "$ROOT/usr/lib/systemd/system/default.target"
u() { printf '%b' "$2" >"$U/$1"; }
# a oneshot that appends the time it ran (seconds.nanoseconds) to out/NAME, then runs $2
svc() { u "$1.service" "[Unit]\nStartLimitIntervalSec=0\n[Service]\nType=oneshot\nExecStart=/bin/sh -c 'date +%%s.%%N >>$O/$1; ${2:-true}'\n"; }
enable() { ln -s "../$1" "$U/${1##*.}s.target.wants/$1"; }

u mono.timer '[Unit]\nDescription=every second\n[Timer]\nOnActiveSec=1\nOnUnitActiveSec=1\nAccuracySec=1ms\n'
svc mono
enable mono.timer
u cal.timer '[Timer]\nOnCalendar=*:*:0/2\nAccuracySec=1us\n'
svc cal
enable cal.timer
# last ran two days ago, as its stamp says: the daily run since then was missed
u pers.timer '[Timer]\nOnCalendar=daily\nPersistent=yes\n'
svc pers
enable pers.timer
mkdir -p "$ROOT/var/lib/systemd/timers"
touch -d '2 days ago' "$ROOT/var/lib/systemd/timers/stamp-pers.timer"
u nopers.timer '[Timer]\nOnCalendar=daily\n'
svc nopers
enable nopers.timer
u once.timer '[Timer]\nOnActiveSec=1\nRemainAfterElapse=no\nUnit=once-target.service\n'
svc once-target
enable once.timer
u bad.timer '[Timer]\nOnCalendar=*-*-* 25:00\n'
svc bad
u exists.path "[Path]\nPathExists=$O/flag\n"
svc exists "rm -f $O/flag"
enable exists.path
u dne.path "[Path]\nDirectoryNotEmpty=$O/spool\nMakeDirectory=yes\nDirectoryMode=0700\n"
svc dne "rm -f $O/spool/*"
enable dne.path
u glob.path "[Path]\nPathExistsGlob=$O/in/*.job\n"
svc glob "rm -f $O/in/*.job"
enable glob.path
mkdir -p "$O/in"
u modified.path "[Path]\nPathModified=$O/log\n"
svc modified
enable modified.path
# the file stays: every stop of the service triggers again, until the limit
u limit.path "[Path]\nPathExists=$O/stays\nTriggerLimitBurst=3\nTriggerLimitIntervalSec=30s\n"
svc limit
u wake.timer '[Timer]\nOnCalendar=weekly\nWakeSystem=yes\n'
svc wake
enable wake.timer
u changed.path "[Path]\nPathChanged=$O/conf\n"
svc changed
enable changed.path

SCTL=$BUILD/src/sctl/sctl
export SYSMASTER_CONTROL_SOCKET=$ROOT/run/sysmaster/control
S() { "$SCTL" "$@"; }
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1${2:+: $2}"; }
# wait_for SECONDS CMD…: polls CMD every 0.1 s
wait_for() {
        local n=$(($1 * 10))
        shift
        while ((n-- > 0)); do "$@" && return 0; sleep 0.1; done
        return 1
}
lines() { [ -f "$O/$1" ] && [ "$(wc -l <"$O/$1")" -ge "$2" ]; }
normalize() {
        sed -E -e 's/[A-Z][a-z]{2} [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} [A-Z]+/TS/g' \
               -e 's/[0-9][0-9a-z .]* (ago|left)/REL/g' -e 's/ +/ /g'
}

"$BUILD/src/core/sysmaster" --test --root="$ROOT" --show-status=no --log-level=debug >"$T/manager.log" 2>&1 &
MPID=$!
disown "$MPID" # no "Killed" line when the trap ends it
wait_for 10 test -S "$SYSMASTER_CONTROL_SOCKET" || { echo "manager did not start"; cat "$T/manager.log"; exit 1; }

# 1. a monotonic timer triggers its oneshot repeatedly
if wait_for 15 lines mono 3; then ok monotonic-repeats; else bad monotonic-repeats "$(cat "$O/mono" 2>/dev/null | wc -l) runs"; fi
# 2. the calendar timer fires, on even seconds
if wait_for 10 lines cal 2; then
        odd=$(awk '{ if (int($1) % 2) n++ } END { print n + 0 }' "$O/cal")
        [ "$odd" = 0 ] && ok calendar-fires || bad calendar-fires "odd seconds: $(cat "$O/cal")"
else bad calendar-fires "no runs"; fi
# 3. Persistent= caught up the missed run at once and refreshed the stamp; the same timer
#    without Persistent= waits for midnight
if wait_for 5 lines pers 1; then ok persistent-catch-up; else bad persistent-catch-up "did not run"; fi
stamp_age=$(($(date +%s) - $(stat -c %Y "$ROOT/var/lib/systemd/timers/stamp-pers.timer")))
[ "$stamp_age" -lt 60 ] && ok persistent-stamp-updated || bad persistent-stamp-updated "stamp is ${stamp_age}s old"
[ ! -e "$O/nopers" ] && ok not-persistent-waits || bad not-persistent-waits
[ ! -e "$ROOT/var/lib/systemd/timers/stamp-nopers.timer" ] && ok no-stamp-without-persistent || bad no-stamp-without-persistent
# 4. RemainAfterElapse=no: after its one trigger the timer is dead; Unit= names the service
if wait_for 5 lines once-target 1 && wait_for 5 sh -c "[ \"\$($SCTL show -p SubState --value once.timer)\" = dead ]"; then
        ok remain-after-elapse-no
else bad remain-after-elapse-no "$(S show -p SubState --value once.timer)"; fi
# 5. list-timers: sorted by next elapse, the ones without one last, systemctl's columns
got=$(S list-timers | normalize)
want='NEXT LEFT LAST PASSED UNIT ACTIVATES
TS REL TS REL cal.timer cal.service
TS REL - - nopers.timer nopers.service
TS REL TS REL pers.timer pers.service
TS REL - - wake.timer wake.service

5 timers listed.
Pass --all to see loaded but inactive timers, too.'
# mono.timer may be caught running its service (then it has no next elapse and sorts last):
# compared apart; cal and the daily ones swap places depending on the time of day, weekly last
mono=$(echo "$got" | grep mono.timer)
got=$(echo "$got" | grep -v mono.timer)
if [ "$(echo "$got" | sed -n '2,5p' | sort)" = "$(echo "$want" | sed -n '2,5p' | sort)" ] &&
   [ "$(echo "$got" | sed -n '1p;6,$p')" = "$(echo "$want" | sed -n '1p;6,$p')" ] &&
   echo "$got" | sed -n 5p | grep -q ' wake.timer' &&
   { [ "$mono" = "TS REL TS REL mono.timer mono.service" ] || [ "$mono" = "- - TS REL mono.timer mono.service" ]; }; then
        ok list-timers
else bad list-timers "$(echo; echo "$got"; echo "$mono")"; fi
got=$(S list-timers --all --no-legend 'once*')
[ "$(echo "$got" | normalize)" = "- - TS REL once.timer once-target.service" ] && ok list-timers-all-pattern ||
        bad list-timers-all-pattern "$got"
# 6. status: "Trigger:" and "Triggers:" as systemctl prints them
got=$(S status nopers.timer | normalize)
want='● nopers.timer
 Loaded: loaded (/etc/systemd/system/nopers.timer; enabled; preset: enabled)
 Active: active (waiting) since TS; REL
 Trigger: TS; REL
 Triggers: ● nopers.service'
[ "$got" = "$want" ] && ok status-trigger || bad status-trigger "$(echo; echo "$got")"
[ "$(S status once.timer | grep Trigger: | normalize)" = " Trigger: n/a" ] && ok status-trigger-na || bad status-trigger-na
# 7. a bad calendar expression: file:line, and the timer without triggers refuses to load
S start bad.timer >/dev/null 2>&1
grep -q "bad.timer:2: Failed to parse calendar specification, ignoring: \*-\*-\* 25:00" "$T/manager.log" &&
        ok bad-calendar-file-line || bad bad-calendar-file-line "$(grep bad.timer "$T/manager.log")"
[ "$(S show -p LoadState --value bad.timer)" = bad-setting ] && ok bad-calendar-bad-setting ||
        bad bad-calendar-bad-setting "$(S show -p LoadState --value bad.timer)"
# 8. path units: a file appearing, a directory filling, a file changing
[ "$(S show -p SubState --value exists.path)" = waiting ] && ok path-waiting || bad path-waiting
touch "$O/flag"
if wait_for 5 lines exists 1; then ok path-exists; else bad path-exists; fi
wait_for 5 sh -c "[ \"\$($SCTL show -p SubState --value exists.path)\" = waiting ]"
touch "$O/flag"
if wait_for 5 lines exists 2; then ok path-exists-again; else bad path-exists-again; fi
[ "$(stat -c %a "$O/spool" 2>/dev/null)" = 700 ] && ok make-directory || bad make-directory "$(stat -c %a "$O/spool" 2>&1)"
echo job >"$O/spool/job1"
if wait_for 5 lines dne 1; then ok directory-not-empty; else bad directory-not-empty; fi
[ ! -e "$O/changed" ] && ok path-changed-not-at-start || bad path-changed-not-at-start
echo x >"$O/conf"
if wait_for 5 lines changed 1; then ok path-changed; else bad path-changed; fi
touch "$O/in/a.txt"
sleep 0.5
[ ! -e "$O/glob" ] && ok glob-no-match || bad glob-no-match
touch "$O/in/b.job"
if wait_for 5 lines glob 1; then ok path-exists-glob; else bad path-exists-glob; fi
echo 1 >"$O/log"
if wait_for 5 lines modified 1; then ok path-modified; else bad path-modified; fi
n=$(wc -l <"$O/modified")
exec 9>>"$O/log"; echo 2 >&9 # a write without close: PathModified= sees it
if wait_for 5 lines modified $((n + 1)); then ok path-modified-write; else bad path-modified-write; fi
exec 9>&-
touch "$O/stays"
S start limit.path
if wait_for 10 sh -c "[ \"\$($SCTL show -p Result --value limit.path)\" = trigger-limit-hit ]"; then
        [ "$(S is-failed limit.path)" = failed ] && [ "$(wc -l <"$O/limit")" -eq 3 ] && ok trigger-limit ||
                bad trigger-limit "$(S is-failed limit.path), $(wc -l <"$O/limit") runs"
else bad trigger-limit "$(S show -p Result --value limit.path)"; fi
grep -q "wake.timer: WakeSystem= is not supported" "$T/manager.log" && ok wake-system-warns || bad wake-system-warns
got=$(S show exists.path -p Paths -p Unit -p Result)
[ "$got" = "Unit=exists.service
Paths=$O/flag (PathExists)
Result=success" ] && ok path-show || bad path-show "$got"
# 9. stopping a timer disarms it
S stop mono.timer
n=$(wc -l <"$O/mono"); sleep 2.5
[ "$(wc -l <"$O/mono")" -le $((n + 1)) ] && ok stop-disarms || bad stop-disarms
[ "$(S show -p ActiveState --value mono.timer)" = inactive ] && ok stopped-inactive || bad stopped-inactive
# 10. daemon-reload: a waiting timer takes its new schedule; a waiting path unit its new path
u nopers.timer '[Timer]\nOnCalendar=*:*:0/2\nAccuracySec=1us\n'
u exists.path "[Path]\nPathExists=$O/flag2\n"
S daemon-reload
if wait_for 6 lines nopers 1; then ok reload-timer; else bad reload-timer "$(S show -p TimersCalendar --value nopers.timer)"; fi
n=$(wc -l <"$O/exists")
touch "$O/flag2"
if wait_for 5 lines exists $((n + 1)); then ok reload-path; else bad reload-path; fi
# under ASan+UBSan (build-asan): nothing reported by the sanitizers in the manager
if grep -qE "runtime error|Sanitizer" "$T/manager.log"; then bad sanitizers "$(grep -E -A5 "runtime error|Sanitizer" "$T/manager.log" | head -20)"
else ok sanitizers-quiet; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] || { echo "--- manager log (tail)"; grep -v "Installed new job" "$T/manager.log" | tail -${LOG_TAIL:-40}; exit 1; }
