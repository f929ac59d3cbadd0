#!/usr/bin/env bash
# test-malformed.sh SCTL — hostile unit files for `sctl verify`: binary garbage, a 10 MB
# line, an endless continuation, NUL bytes, symlink loops, a FIFO, /dev/zero and a
# directory where a unit file should be, and drop-ins that are a directory, a FIFO or a
# dangling symlink (root ignores file permissions, so an unreadable drop-in cannot be made
# with chmod). Each case gets a root of its own; sctl must finish within 10 seconds, never
# crash (exit code < 128, no sanitizer report), say something that names the problem, and
# exit as stated. (systemd 252's `systemd-analyze verify` hangs on the FIFO drop-in; sysMaster
# must not.)
set -euo pipefail

sctl=$(realpath "${1:?usage: test-malformed.sh SCTL}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

passed=0 failed=0

# newroot NAME: a fresh root with an empty /etc/systemd/system, in $root and $dir.
newroot() {
        root=$work/$1
        dir=$root/etc/systemd/system
        mkdir -p "$dir"
}

# check NAME WANT_RC REGEX ARG…: runs `sctl --root=$root verify ARG…`; WANT_RC is 0, 1 or
# "any"; REGEX must match the output (stdout and stderr together).
check() {
        local name=$1 want=$2 re=$3 rc=0 why=
        shift 3
        timeout 10 "$sctl" --root="$root" verify "$@" >"$work/out" 2>&1 || rc=$?
        if ((rc == 124)); then
                why="hung (killed after 10 s)"
        elif ((rc >= 128)); then
                why="crashed (exit code $rc)"
        elif grep -q -E 'ERROR: [A-Za-z]+Sanitizer|runtime error:' "$work/out"; then
                why="sanitizer report"
        elif [[ $want != any && $rc != "$want" ]]; then
                why="exit code $rc, want $want"
        elif ! head -c 1000000 "$work/out" | grep -E "$re" >/dev/null; then  # no -q: an early exit would SIGPIPE head and fail the pipe
                why="no message matching /$re/"
        fi
        if [[ -z $why ]]; then
                passed=$((passed + 1))
                echo "ok   $name"
        else
                failed=$((failed + 1))
                echo "FAIL $name: $why"
                head -n 5 "$work/out" | cut -c1-200 | sed 's/^/    /'
        fi
}

unit_ok=$'[Service]\nExecStart=/bin/true\n'

# Deterministic garbage: every byte value, NULs included, in a fixed pseudo-random order.
newroot garbage
LC_ALL=C awk 'BEGIN { srand(7); for (i = 0; i < 8192; i++) printf "%c", int(rand() * 256) }' >"$dir/garbage.service"
check "binary garbage, by name" any 'garbage\.service' garbage.service
check "binary garbage, by path" any 'garbage\.service' "$dir/garbage.service"

# OnCalendar=: garbage, a 1 MB expression, a list of 100000 items, an impossible date, each
# refused (or kept) with file:line, never a hang in the next-elapse search
newroot calendar
{
        printf '[Timer]\nOnCalendar=Mon..Sun,, garbage ~~ ..\n'
        printf 'OnCalendar=*-*-* '; head -c 1000000 /dev/zero | tr '\0' 1; printf ':00\n'
        printf 'OnCalendar='; seq -s, 0 99999 | tr -d '\n'; printf ':00\n'
        printf 'OnCalendar=*-02-30 *:*:*\n'
} >"$dir/cal.timer"
printf '%s' "$unit_ok" >"$dir/cal.service"
check "calendar garbage" any 'cal\.timer:2: Failed to parse calendar specification' cal.timer
check "calendar 1 MB number" any 'cal\.timer:3: Failed to parse calendar specification' cal.timer
check "calendar 100000 items" any 'cal\.timer:4: Failed to parse calendar specification' cal.timer

newroot nul
printf '[Unit]\nDescription=a\0b\n\0\0\0\n[Service]\nExecStart=/bin/true\0\n' >"$dir/nul.service"
check "NUL bytes" any '.*' nul.service

newroot longline
{
        printf '[Unit]\nDescription='
        head -c $((10 * 1024 * 1024)) /dev/zero | tr '\0' x
        printf '\n%s' "$unit_ok"
} >"$dir/long.service"
check "10 MB line" 1 'long\.service:2: Line too long' long.service

newroot continuation
{
        printf '[Unit]\nDescription='
        for ((i = 0; i < 40; i++)); do
                head -c 65536 /dev/zero | tr '\0' x
                printf '\\\n'
        done
        printf 'end\n%s' "$unit_ok"
} >"$dir/cont.service"
check "continuation past 1 MiB" 1 'Continuation line too long' cont.service

newroot loop
ln -s bar.service "$dir/foo.service"
ln -s foo.service "$dir/bar.service"
check "symlink loop foo -> bar -> foo" 1 '[Ss]ymbolic link|symlink' foo.service

newroot self
ln -s self.service "$dir/self.service"
check "symlink to itself" 1 'self\.service' self.service

newroot fifo
mkfifo "$dir/fifo.service"
check "FIFO as unit file, by name" 1 'fifo\.service' fifo.service
check "FIFO as unit file, by path" 1 'fifo\.service.*(regular file|refus)' "$dir/fifo.service"

newroot zero
ln -s /dev/zero "$dir/zero.service"
check "/dev/zero as unit file, by name" 1 'zero\.service' zero.service
# systemd treats a device node in place of a unit file as a mask, by name and by path
check "/dev/zero as unit file, by path" 1 'zero\.service.*masked' "$dir/zero.service"

newroot directory
mkdir "$dir/dir.service"
check "directory as unit file, by name" 1 'dir\.service' dir.service
check "directory as unit file, by path" 1 'dir\.service.*(directory|refus)' "$dir/dir.service"

newroot dropin-dir
printf '%s' "$unit_ok" >"$dir/a.service"
mkdir -p "$dir/a.service.d/override.conf"
check "drop-in that is a directory" any 'override\.conf' a.service

newroot dropin-fifo
printf '%s' "$unit_ok" >"$dir/a.service"
mkdir -p "$dir/a.service.d"
mkfifo "$dir/a.service.d/override.conf"
check "drop-in that is a FIFO" any 'override\.conf' a.service

newroot dropin-dangling
printf '%s' "$unit_ok" >"$dir/a.service"
mkdir -p "$dir/a.service.d"
ln -s /nonexistent/override.conf "$dir/a.service.d/override.conf"
check "drop-in that is a dangling symlink" any 'override\.conf' a.service

newroot dropin-zero
printf '%s' "$unit_ok" >"$dir/a.service"
mkdir -p "$dir/a.service.d"
ln -s /dev/zero "$dir/a.service.d/override.conf"
# systemd 252 reads such a drop-in forever; we treat the device as a mask of the drop-in
check "drop-in that is /dev/zero" any 'a\.service' a.service

echo "$passed passed, $failed failed"
((failed == 0))
