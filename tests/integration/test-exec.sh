#!/bin/bash
# test-exec.sh — the exec context end to end: services print what they got (id, groups,
# environment, umask, cwd, limits, scheduling, capabilities from /proc/self/status, standard
# I/O targets, directories, cgroup) and the test compares it with what their units asked
# for, and with systemd's documented behaviour (exit codes 200/216/217/238…, $USER/$HOME,
# DynamicUser= records in /run/systemd/dynamic-uid, the journal stream header). The manager
# runs as a plain process (`sysmaster --test`) in fresh PID and mount namespaces with tmpfs on
# /run, /var/lib, /var/cache and /var/log, so nothing a case creates touches the host; a tiny
# stand-in for journald listens on /run/systemd/journal/stdout in there. With --cgroup-root
# on the host's cgroup2, the resource directives are checked too (written where a controller
# is available, a single warning where it is not).
# When systemd 252's reference container (shared/tools/reference-systemd, beside the source
# tree) is there, the same units run under it too and their reports are compared key by key.
# Usage: test-exec.sh SYSMASTER [SOURCE_ROOT]. Prints "N passed, M failed".
set -u
SYSMASTER=$(realpath "$1")
SRC=${2:-}
PASS=0 FAIL=0
FAILED_CASES=()

if ! unshare --pid --fork --kill-child --mount --mount-proc true 2>/dev/null; then
        echo "test-exec: cannot create PID and mount namespaces (needs root), skipping"
        exit 77
fi

# not below /tmp or /var/tmp: DynamicUser= implies PrivateTmp=, and the reports must be seen
WORK=$(mktemp -d /var/sm-exec.XXXXXX)
CG=
REFW= REFPID=
cleanup() {
        [[ -n $REFPID && -z ${KEEP_WORK:-} ]] && "$REFTOOL" stop "$REFPID" >/dev/null 2>&1
        [[ -n $REFW && -z ${KEEP_WORK:-} ]] && rm -rf "$REFW"
        [[ -n $CG ]] && find "$CG" -depth -type d -exec rmdir {} \; 2>/dev/null
        [[ -n ${KEEP_WORK:-} ]] && echo "kept $WORK $REFW $REFPID" || rm -rf "$WORK"
}
trap cleanup EXIT
chmod 755 "$WORK" # services running as nobody write their reports below it

R=$WORK/root
U=$R/usr/lib/systemd/system
O=$WORK/out
W=$WORK/bin
mkdir -p "$U/multi-user.target.wants" "$R/run" "$O" "$W"
# the manager runs where /run, /var/lib, /var/cache and /var/log are fresh tmpfs: a checkout
# below one of them (a clone in /var/lib) would hide its binary, so a copy is run
cp "$SYSMASTER" "$W/sysmaster" && SYSMASTER=$W/sysmaster
chmod 755 "$R"
chmod 1777 "$O"
for t in sysinit basic shutdown; do
        printf '[Unit]\nDescription=%s\nDefaultDependencies=no\n' "$t" >"$U/$t.target"
done
printf '[Unit]\nDescription=Multi-User\nDefaultDependencies=no\nRequires=basic.target\nAfter=basic.target\n' >"$U/multi-user.target"
ln -s multi-user.target "$U/default.target"
for s in -.slice system.slice; do
        printf '[Unit]\nDefaultDependencies=no\n' >"$U/$s"
done

# report.sh NAME: what the process got, one "key=value" a line, in $O/NAME; its environment
# in $O/NAME.env. Standard I/O is looked at before anything is redirected.
cat >"$W/report.sh" <<EOF
#!/bin/sh
o=\$(dirname "\$0")/../out/\$1
s0=\$(readlink /proc/\$\$/fd/0) s1=\$(readlink /proc/\$\$/fd/1) s2=\$(readlink /proc/\$\$/fd/2)
env | sort >"\$o.env.tmp"
{
echo "uid=\$(id -u)"
echo "gid=\$(id -g)"
echo "groups=\$(id -G)"
echo "umask=\$(umask)"
echo "cwd=\$(pwd)"
echo "nofile=\$(ulimit -Sn):\$(ulimit -Hn)"
echo "core=\$(ulimit -Sc):\$(ulimit -Hc)"
echo "nproc=\$(awk '/^Max processes/ {print \$3 ":" \$4}' /proc/\$\$/limits)"
echo "nice=\$(cut -d' ' -f19 /proc/\$\$/stat)"
echo "oom=\$(cat /proc/\$\$/oom_score_adj)"
echo "slack=\$(cat /proc/\$\$/timerslack_ns)"
echo "arch=\$(uname -m)"
echo "sched=\$(chrt -p \$\$ | head -1 | sed 's/.*: //')"
echo "ionice=\$(ionice -p \$\$)"
echo "cpus=\$(grep Cpus_allowed_list /proc/\$\$/status | cut -f2)"
grep -E '^(CapBnd|CapAmb|CapEff|CapPrm|NoNewPrivs|SigIgn):' /proc/\$\$/status | tr -d '\t' | sed 's/:/=/'
echo "cgroup=\$(grep '^0::' /proc/\$\$/cgroup | cut -c4-)"
echo "stdin=\$s0"
echo "stdout=\$s1"
echo "stderr=\$s2"
} >"\$o.tmp"
mv "\$o.env.tmp" "\$o.env"
mv "\$o.tmp" "\$o"
EOF
chmod 755 "$W/report.sh"
# say.sh NAME: reads stdin into $O/NAME.in, writes "out" to stdout and "err" to stderr
cat >"$W/say.sh" <<EOF
#!/bin/sh
o=\$(dirname "\$0")/../out/\$1
cat >"\$o.in"
echo out
echo err >&2
echo "JOURNAL_STREAM=\$JOURNAL_STREAM" >"\$o.js"
EOF
chmod 755 "$W/say.sh"

# unit NAME: the unit file from stdin, wanted by multi-user.target.
unit() {
        cat >"$U/$1"
        ln -sf "../$1" "$U/multi-user.target.wants/$1"
}
SVCS=()
svc() { # svc NAME [directive…]: a oneshot service running report.sh NAME
        local n=$1
        shift
        SVCS+=("$n")
        {
                printf '[Service]\nType=oneshot\nExecStart=%s %s\n' "$W/report.sh" "$n"
                printf '%s\n' "$@"
        } | unit "$n.service"
}

wait_for() { # wait_for SECONDS CMD…: polls CMD every 0.1 s
        local t=$(($1 * 10))
        shift
        while ((t-- > 0)); do
                "$@" && return 0
                sleep 0.1
        done
        return 1
}
log_has() { grep -qF -- "$1" "$LOG"; }
val() { sed -n "s/^$2=//p" "$O/$1" 2>/dev/null; }       # val NAME KEY: a line of a report
envv() { sed -n "s/^$2=//p" "$O/$1.env" 2>/dev/null; }  # envv NAME VAR: a variable it had
has_env() { grep -q "^$2=" "$O/$1.env" 2>/dev/null; }
is() { [[ "$1" == "$2" ]] || { echo "     | got '$1', want '$2'"; return 1; }; }

check() { # check NAME CONDITION…
        local name=$1
        shift
        if "$@"; then
                PASS=$((PASS + 1))
                echo "ok   $name"
        else
                FAIL=$((FAIL + 1))
                FAILED_CASES+=("$name")
                echo "FAIL $name"
        fi
}

# --- the units ---
svc id User=nobody Group=nogroup SupplementaryGroups=daemon
svc root-env User=root WorkingDirectory=~
svc plain
svc numeric User=65534
svc bad-user User=no-such-user-sm
svc bad-group Group=no-such-group-sm
svc bad-cwd WorkingDirectory=/nonexistent-sm
svc opt-cwd WorkingDirectory=-/nonexistent-sm
svc bad-state StateDirectory=blocked
svc bad-tty StandardInput=tty-fail TTYPath=/dev/null
printf '[Service]\nType=oneshot\nExecStart=/nonexistent-sm/binary\n' | unit bad-exec.service

cat >"$W/env.file" <<'EOF'
# a comment
; another
A=plain
B="double \"quoted\" $notexpanded"
C='single $quoted'
D=continued \
line
export E=exported
  F = spaced  
EOF
svc env 'Environment="FOO=bar baz" ONE=1 A=overridden-by-file' "EnvironmentFile=$W/env.file" \
        EnvironmentFile=-/nonexistent-sm/env "PassEnvironment=PASSME NOTSET" UnsetEnvironment=ONE \
        RuntimeDirectory=env-rt StateDirectory=env-st CacheDirectory=env-cache LogsDirectory=env-logs
svc search ExecSearchPath=/usr/bin:/bin
svc proc UMask=0027 Nice=5 LimitNOFILE=100:200 LimitCORE=infinity LimitNPROC=50 OOMScoreAdjust=100 \
        TimerSlackNSec=1000 CPUSchedulingPolicy=batch IOSchedulingClass=idle CPUAffinity=0 \
        WorkingDirectory=/tmp IgnoreSIGPIPE=no Personality=x86
svc caps User=nobody "CapabilityBoundingSet=CAP_NET_BIND_SERVICE CAP_NET_RAW" \
        "AmbientCapabilities=CAP_NET_BIND_SERVICE CAP_NET_RAW" NoNewPrivileges=yes
svc caps-root CapabilityBoundingSet=~CAP_SYS_ADMIN
svc nocaps User=nobody
svc secbits User=nobody "SecureBits=keep-caps noroot" AmbientCapabilities=CAP_NET_RAW
svc dirs User=nobody RuntimeDirectory=dirs-rt/a RuntimeDirectoryMode=0750 StateDirectory=dirs-st \
        StateDirectoryMode=0700 LogsDirectory=dirs-logs \
        "ExecStartPost=/bin/sh -c 'stat -c \"%%a %%U\" /run/dirs-rt/a /var/lib/dirs-st >$O/dirs.stat'"
svc keep RuntimeDirectory=keep-rt RuntimeDirectoryPreserve=yes
svc dyn DynamicUser=yes StateDirectory=dyn-st "ReadWritePaths=$O"
svc apt User=_apt
svc plus User=nobody "ExecStartPre=+$W/report.sh plus-pre" RuntimeDirectory=plus-rt
# OnFailure= handlers learn who failed, and how
printf '[Unit]\nOnFailure=mon.service\n[Service]\nType=oneshot\nExecStart=/bin/sh -c "exit 3"\n' | unit failing.service
printf '[Service]\nType=oneshot\nExecStart=%s mon\n' "$W/report.sh" >"$U/mon.service"
# utmp: a record while it runs, DEAD_PROCESS after
svc utmp UtmpIdentifier=smx TTYPath=/dev/tty9 UtmpMode=init \
        "ExecStartPost=/bin/sh -c 'utmpdump /run/utmp >$O/utmp.running 2>/dev/null'"
# after the others: what stopping left behind
cat <<EOF | unit zz-after.service
[Unit]
After=dirs.service keep.service dyn.service env.service utmp.service
[Service]
Type=oneshot
ExecStart=/bin/sh -c 'ls -A /run/systemd/dynamic-uid >$O/after.dyn 2>&1; ls -A /run /run/dirs-rt >$O/after.run; ls -l /var/lib >$O/after.lib; utmpdump /run/utmp >$O/utmp.after 2>/dev/null; utmpdump /var/log/wtmp >$O/wtmp.after 2>/dev/null'
EOF

# standard I/O
printf '[Service]\nType=oneshot\nExecStart=%s text\nStandardInputText=hello\nStandardInputText=world\nStandardOutput=file:%s/text.out\n' \
        "$W/say.sh" "$O" | unit text.service
printf '[Service]\nType=oneshot\nExecStart=%s data\nStandardInputData=aGVsbG8K\nStandardOutput=null\n' "$W/say.sh" | unit data.service
echo first >"$O/append.out"
printf '[Service]\nType=oneshot\nExecStart=%s append\nStandardOutput=append:%s/append.out\nStandardError=file:%s/append.err\n' \
        "$W/say.sh" "$O" "$O" | unit append.service
echo "a much longer line than what follows" >"$O/trunc.out"
printf '[Service]\nType=oneshot\nExecStart=%s trunc\nStandardOutput=truncate:%s/trunc.out\n' "$W/say.sh" "$O" | unit trunc.service
printf '[Service]\nType=oneshot\nExecStart=%s jrnl\nSyslogIdentifier=myident\nSyslogLevel=notice\nSyslogLevelPrefix=no\n' \
        "$W/say.sh" | unit jrnl.service
printf '[Service]\nType=oneshot\nExecStart=%s infile\nStandardInput=file:%s/stdin.txt\nStandardOutput=inherit\n' \
        "$W/say.sh" "$O" | unit infile.service
echo "from a file" >"$O/stdin.txt"
svc stdio-null StandardOutput=null StandardError=journal

# journald's stand-in: every connection's bytes in its own file, named by its first line
cat >"$W/journald.py" <<EOF
import os, socket, threading
os.makedirs("/run/systemd/journal", exist_ok=True)
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind("/run/systemd/journal/stdout.tmp")
os.rename("/run/systemd/journal/stdout.tmp", "/run/systemd/journal/stdout")
os.chmod("/run/systemd/journal/stdout", 0o666)
s.listen(64)
def serve(c):
    data = b""
    while True:
        b = c.recv(65536)
        if not b:
            break
        data += b
    name = data.split(b"\n", 1)[0].decode(errors="replace").replace("/", "_") or "empty"
    with open("$O/journal-" + name, "ab") as f:
        f.write(data)
while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
EOF

LOG=$WORK/manager.log
cat >"$W/ns.sh" <<EOF
#!/bin/bash
# inside the namespaces: private /run and /var state, journald's stand-in, the manager
for d in /run /var/lib /var/cache /var/log; do mount -t tmpfs -o mode=755 tmpfs \$d || exit 1; done
touch /var/lib/blocked /run/utmp /var/log/wtmp
python3 $W/journald.py &
for i in \$(seq 50); do [ -S /run/systemd/journal/stdout ] && break; sleep 0.1; done
PASSME=passed exec "$SYSMASTER" --test --root="$R" --log-level=debug "\$@"
EOF
chmod 755 "$W/ns.sh"

timeout -s KILL 120 unshare --pid --fork --kill-child --mount --mount-proc --propagation private \
        "$W/ns.sh" >"$LOG" 2>&1 &
MPID=$!
wait_for 60 test -s "$O/after.lib"
# every service that gets as far as its ExecStart= reports, ordered after zz-after or not (a
# loaded machine once stopped the manager before plus.service's report)
for s in "${SVCS[@]}"; do [[ $s == bad-* ]] || wait_for 20 test -s "$O/$s" || echo "   (no report from $s.service)"; done
wait_for 3 test -s "$O/journal-myident"
wait_for 3 test -s "$O/mon"
pkill -KILL -P "$MPID" 2>/dev/null # unshare: --kill-child ends the manager with it
kill -KILL "$MPID" 2>/dev/null
wait "$MPID" 2>/dev/null

# --- identity ---
check "User=nobody Group=nogroup SupplementaryGroups=daemon: ids" \
        is "$(val id uid) $(val id gid) $(val id groups)" "65534 65534 65534 1"
check "User=nobody: \$USER \$LOGNAME set, no \$HOME, \$SHELL (nobody is synthesized)" \
        is "$(envv id USER) $(envv id LOGNAME) $(has_env id HOME && echo set || echo unset) $(has_env id SHELL && echo set || echo unset)" \
        "nobody nobody unset unset"
check "User=_apt: \$HOME from the database, a nologin \$SHELL is not set" \
        bash -c "! grep -q '^_apt:' /etc/passwd || [[ '$(envv apt USER) $(envv apt HOME) $(has_env apt SHELL && echo set)' == '_apt /nonexistent ' ]]"
check "User=root: \$HOME, \$SHELL from the database, WorkingDirectory=~ is /root" \
        is "$(envv root-env USER) $(envv root-env HOME) $(envv root-env SHELL) $(val root-env cwd)" \
        "root /root $(getent passwd root | cut -d: -f7) /root"
check "no User=: no \$USER, \$HOME; cwd /" \
        is "$(has_env plain USER && echo set) $(has_env plain HOME && echo set) $(val plain cwd)" "  /"
check "User=65534: \$USER is the database's name" is "$(envv numeric USER) $(val numeric uid)" "nobody 65534"
check "\"+\" command: root, but \$USER and the directories are the unit's user's" \
        is "$(val plus-pre uid) $(envv plus-pre USER) $(val plus uid)" "0 nobody 65534"
check "unknown User= fails with 217/USER" log_has "bad-user.service: main process exited, code=exited, status=217/USER"
check "unknown Group= fails with 216/GROUP" log_has "bad-group.service: main process exited, code=exited, status=216/GROUP"
check "missing WorkingDirectory= fails with 200/CHDIR" log_has "bad-cwd.service: main process exited, code=exited, status=200/CHDIR"
check "WorkingDirectory=-missing runs in /" is "$(val opt-cwd cwd)" "/"
check "StandardInput=tty-fail on no terminal fails with 208/STDIN" \
        log_has "bad-tty.service: main process exited, code=exited, status=208/STDIN"
check "missing executable fails with 203/EXEC" log_has "bad-exec.service: main process exited, code=exited, status=203/EXEC"
check "StateDirectory= on a file fails with 238/STATE_DIRECTORY" \
        log_has "bad-state.service: main process exited, code=exited, status=238/STATE_DIRECTORY"

# --- environment ---
check "Environment= with quotes" is "$(envv env FOO)" "bar baz"
check "EnvironmentFile= overrides Environment=" is "$(envv env A)" "plain"
check "EnvironmentFile=: double quotes and escapes, no expansion" is "$(envv env B)" 'double "quoted" $notexpanded'
check "EnvironmentFile=: single quotes" is "$(envv env C)" 'single $quoted'
check "EnvironmentFile=: continuation line" is "$(envv env D)" "continued line"
check "EnvironmentFile=: an export line is skipped (as systemd 252), blanks around" is "$(envv env E):$(envv env F)" ":spaced"
check "PassEnvironment= passes set variables only" is "$(envv env PASSME):$(has_env env NOTSET && echo set)" "passed:"
check "UnsetEnvironment= removes" bash -c "! grep -q '^ONE=' '$O/env.env'"
check "\$RUNTIME_DIRECTORY \$STATE_DIRECTORY \$CACHE_DIRECTORY \$LOGS_DIRECTORY" \
        is "$(envv env RUNTIME_DIRECTORY) $(envv env STATE_DIRECTORY) $(envv env CACHE_DIRECTORY) $(envv env LOGS_DIRECTORY)" \
        "/run/env-rt /var/lib/env-st /var/cache/env-cache /var/log/env-logs"
check "\$INVOCATION_ID is 32 hex digits" bash -c "[[ \$(sed -n 's/^INVOCATION_ID=//p' '$O/env.env') =~ ^[0-9a-f]{32}\$ ]]"
check "default \$PATH" is "$(envv plain PATH)" "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
check "ExecSearchPath= sets \$PATH" is "$(envv search PATH)" "/usr/bin:/bin"

# --- process attributes ---
check "UMask=0027" is "$(val proc umask)" "0027"
check "default umask 0022" is "$(val plain umask)" "0022"
check "Nice=5" is "$(val proc nice)" "5"
check "LimitNOFILE=100:200" is "$(val proc nofile)" "100:200"
check "LimitCORE=infinity" is "$(val proc core)" "unlimited:unlimited"
check "LimitNPROC=50 (soft and hard)" is "$(val proc nproc)" "50:50"
hard=$(ulimit -Hn)
want=$((hard < 524288 ? hard : 524288))
check "default LimitNOFILE=1024:min(hard,524288)" is "$(val plain nofile)" "$((want < 1024 ? want : 1024)):$want"
check "OOMScoreAdjust=100" is "$(val proc oom)" "100"
check "TimerSlackNSec=1000" is "$(val proc slack)" "1000"
check "CPUSchedulingPolicy=batch" is "$(val proc sched)" "SCHED_BATCH"
check "IOSchedulingClass=idle" is "$(val proc ionice)" "idle"
check "CPUAffinity=0" is "$(val proc cpus)" "0"
check "WorkingDirectory=/tmp" is "$(val proc cwd)" "/tmp"
check "Personality=x86" bash -c "[[ '$(val proc arch)' == i?86 || \$(uname -m) != x86_64 ]]"
check "IgnoreSIGPIPE= default yes, no turns it off" \
        is "$(( (0x$(val plain SigIgn) >> 12) & 1 ))$(( (0x$(val proc SigIgn) >> 12) & 1 ))" "10"

# --- capabilities ---
check "CapabilityBoundingSet= + AmbientCapabilities= as nobody" \
        is "$(val caps CapBnd) $(val caps CapAmb) $(val caps CapEff) $(val caps uid)" \
        "0000000000002400 0000000000002400 0000000000002400 65534"
check "NoNewPrivileges=yes" is "$(val caps NoNewPrivs):$(val plain NoNewPrivs)" "1:0"
check "CapabilityBoundingSet=~CAP_SYS_ADMIN as root" \
        bash -c "(( (0x$(val caps-root CapBnd) >> 21) & 1 )) && exit 1; [[ '$(val caps-root CapEff)' == '$(val caps-root CapBnd)' ]]"
check "User=nobody without AmbientCapabilities=: no capabilities" is "$(val nocaps CapEff) $(val nocaps CapPrm)" \
        "0000000000000000 0000000000000000"

# SecureBits= itself is not read back: capsh's report of it is not reliable for non-root
# users here; the service must at least start with its ambient capability
check "SecureBits=keep-caps noroot as nobody, with an ambient capability, starts" \
        is "$(val secbits uid) $(val secbits CapAmb)" "65534 0000000000002000"

# --- directories ---
check "RuntimeDirectoryMode=0750 owned by the user; StateDirectoryMode=0700" \
        is "$(cat "$O/dirs.stat" 2>/dev/null)" $'750 nobody\n700 nobody'
check "runtime directory removed on stop, RuntimeDirectoryPreserve=yes keeps it" \
        bash -c "grep -qx 'dirs-rt' '$O/after.run' && ! grep -qx 'a' '$O/after.run' && ! grep -qx 'env-rt' '$O/after.run' && grep -qx 'keep-rt' '$O/after.run'"
check "state, cache and logs directories owned by the user" bash -c "grep -q 'nobody.*dirs-st' '$O/after.lib'"

# --- DynamicUser= ---
dyn=$(val dyn uid)
check "DynamicUser=: uid in 61184…65519, gid the same" \
        bash -c "[[ -n '$dyn' ]] && (( $dyn >= 61184 && $dyn <= 65519 )) && [[ '$(val dyn gid)' == '$dyn' ]]"
check "DynamicUser=: \$USER is the unit's name" is "$(envv dyn USER)" "dyn"
check "DynamicUser=: StateDirectory= behind private/" bash -c "grep -q 'dyn-st -> private/dyn-st' '$O/after.lib'"
check "DynamicUser=: released when the unit stopped" is "$(cat "$O/after.dyn" 2>/dev/null)" ""

# --- $MONITOR_* ---
check "OnFailure=: \$MONITOR_UNIT, _SERVICE_RESULT, _EXIT_CODE, _EXIT_STATUS" \
        is "$(envv mon MONITOR_UNIT) $(envv mon MONITOR_SERVICE_RESULT) $(envv mon MONITOR_EXIT_CODE) $(envv mon MONITOR_EXIT_STATUS)" \
        "failing.service exit-code exited 3"
check "OnFailure=: \$MONITOR_INVOCATION_ID" bash -c "[[ \$(sed -n 's/^MONITOR_INVOCATION_ID=//p' '$O/mon.env') =~ ^[0-9a-f]{32}\$ ]]"

# --- utmp ---
check "UtmpIdentifier=: an INIT_PROCESS record on the terminal while running" \
        bash -c "grep -q '^\[5\] \[[0-9 ]*\] \[smx \] .*\[tty9 *\]' '$O/utmp.running'"
check "UtmpIdentifier=: DEAD_PROCESS in utmp and wtmp after" \
        bash -c "grep -q '^\[8\] .*\[smx \]' '$O/utmp.after' && grep -q '^\[8\] .*\[smx \]' '$O/wtmp.after'"

# --- standard I/O ---
check "StandardInputText= twice: two lines on stdin" is "$(cat "$O/text.in" 2>/dev/null)" $'hello\nworld'
check "StandardOutput=file:, StandardError= follows it" is "$(cat "$O/text.out" 2>/dev/null)" $'out\nerr'
check "StandardInputData= (base64)" is "$(cat "$O/data.in" 2>/dev/null)" "hello"
check "StandardOutput=append:, StandardError=file:" \
        is "$(cat "$O/append.out" 2>/dev/null)/$(cat "$O/append.err" 2>/dev/null)" $'first\nout/err'
check "StandardOutput=truncate:" is "$(cat "$O/trunc.out" 2>/dev/null)" $'out\nerr'
check "StandardInput=file:, StandardOutput=inherit writes to it" \
        is "$(cat "$O/infile.in" 2>/dev/null)" "from a file"
check "journal: the stream header (ident, unit, priority, level prefix, forwards)" \
        is "$(head -7 "$O/journal-myident" 2>/dev/null | tr '\n' ' ')" "myident jrnl.service 29 0 0 0 0 "
check "journal: the output follows the header" is "$(tail -n +8 "$O/journal-myident" 2>/dev/null)" $'out\nerr'
check "journal: \$JOURNAL_STREAM is dev:ino" bash -c "grep -Eq '^JOURNAL_STREAM=[0-9]+:[0-9]+\$' '$O/jrnl.js'"
check "StandardOutput=null, StandardError=journal: /dev/null and a socket" \
        bash -c "[[ '$(val stdio-null stdout)' == /dev/null && '$(val stdio-null stderr)' == socket:* && '$(val stdio-null stdin)' == /dev/null ]]"
check "default output: the journal stream" bash -c "[[ '$(val plain stdout)' == socket:* && '$(val plain stderr)' == '$(val plain stdout)' ]]"


# --- the same units under systemd 252 ---
REFTOOL=${REFERENCE_SYSTEMD:-}
for c in "$SRC/../shared/tools/reference-systemd" "$SRC/../../shared/tools/reference-systemd"; do
        [[ -z $REFTOOL && -n $SRC && -x $c ]] && REFTOOL=$c
done
if [[ -n $REFTOOL && -x $REFTOOL && -x /lib/systemd/systemd ]] && REFW=$(mktemp -d /var/lib/sm-exec-ref.XXXXXX); then
                # not below /tmp or /var/tmp: DynamicUser= implies PrivateTmp=
        chmod 755 "$REFW"
        mkdir -p "$REFW/out" "$REFW/units"
        chmod 1777 "$REFW/out"
        cp -a "$W" "$REFW/bin"
        cp -a "$U/." "$REFW/units/"
        rm -f "$REFW"/units/{sysinit,basic,shutdown,multi-user,default}.target "$REFW"/units/{-,system}.slice
        grep -rl "$WORK" "$REFW/units" "$REFW/bin" | xargs sed -i "s|$WORK/out|$REFW/out|g; s|$WORK/bin|$REFW/bin|g"
        cp "$O/stdin.txt" "$REFW/out/"
        echo first >"$REFW/out/append.out"
        echo "a much longer line than what follows" >"$REFW/out/trunc.out"
        if REFPID=$("$REFTOOL" start "$REFW/units" 2>"$WORK/ref.err"); then
                rx() { "$REFTOOL" exec "$REFPID" "$@"; }
                wait_for 20 rx test -s "$REFW/out/mon"
                wait_for 5 rx test -s "$REFW/out/dyn"
                compare() { # compare UNIT KEY…: the report lines of ours and systemd's
                        local u=$1 k ours theirs bad=0
                        shift
                        for k in "$@"; do
                                ours=$(sed -n "s/^$k=//p" "$O/$u" 2>/dev/null)
                                theirs=$(rx sed -n "s/^$k=//p" "$REFW/out/$u" 2>/dev/null)
                                [[ "$ours" == "$theirs" ]] || { echo "     | $u $k: ours '$ours', systemd '$theirs'"; bad=1; }
                        done
                        return $bad
                }
                compare_env() {
                        local u=$1 k ours theirs bad=0
                        shift
                        for k in "$@"; do
                                ours=$(sed -n "s/^$k=//p" "$O/$u.env" 2>/dev/null | sed "s|$WORK|W|g")
                                theirs=$(rx sed -n "s/^$k=//p" "$REFW/out/$u.env" 2>/dev/null | sed "s|$REFW|W|g")
                                [[ "$ours" == "$theirs" ]] || { echo "     | $u \$$k: ours '$ours', systemd '$theirs'"; bad=1; }
                        done
                        return $bad
                }
                ids="uid gid groups umask cwd"
                attrs="nofile core nproc nice oom slack arch sched ionice cpus CapBnd CapAmb CapEff CapPrm NoNewPrivs SigIgn"
                for u in id root-env plain numeric opt-cwd dirs caps caps-root nocaps proc apt secbits; do
                        check "systemd 252: $u.service reports the same" compare $u $ids $attrs
                done
                check "systemd 252: a dynamic uid from the same range" \
                        bash -c "[[ \$('$REFTOOL' exec $REFPID sed -n 's/^uid=//p' '$REFW/out/dyn') -ge 61184 ]]"
                check "systemd 252: the same environment" compare_env env FOO A B C D E F ONE RUNTIME_DIRECTORY \
                        STATE_DIRECTORY CACHE_DIRECTORY LOGS_DIRECTORY PATH USER HOME
                check "systemd 252: the same \$USER/\$HOME/\$SHELL/\$LOGNAME" bash -c \
                        "$(declare -f compare_env rx); REFTOOL='$REFTOOL' REFPID=$REFPID O='$O' WORK='$WORK' REFW='$REFW';
                         compare_env id USER LOGNAME HOME SHELL && compare_env root-env USER LOGNAME HOME SHELL &&
                         compare_env plain USER LOGNAME HOME SHELL && compare_env search PATH && compare_env dyn USER LOGNAME HOME SHELL &&
                         compare_env apt USER LOGNAME HOME SHELL && compare_env numeric USER LOGNAME HOME SHELL"
                check "systemd 252: the same \$MONITOR_*" compare_env mon MONITOR_UNIT MONITOR_SERVICE_RESULT MONITOR_EXIT_CODE \
                        MONITOR_EXIT_STATUS
                for u in bad-user bad-group bad-cwd bad-exec bad-tty; do
                        st=$(rx systemctl show -P ExecMainStatus "$u.service" 2>/dev/null)
                        check "systemd 252: $u.service exits with the same status ($st)" log_has "$u.service: main process exited, code=exited, status=$st/"
                done
                check "systemd 252: StandardInputText= and file outputs the same" bash -c \
                        "[[ \"\$('$REFTOOL' exec $REFPID cat '$REFW/out/text.in' '$REFW/out/text.out' '$REFW/out/trunc.out' '$REFW/out/append.out')\" == \"\$(cat '$O/text.in' '$O/text.out' '$O/trunc.out' '$O/append.out')\" ]]"
        else
                echo "skip systemd 252 comparison: the reference container did not start ($(head -c 200 "$WORK/ref.err"))"
        fi
else
        echo "skip systemd 252 comparison: no reference-systemd"
fi

# --- cgroups: resource directives where the controllers are, one warning where not ---
CGBASE=
for d in /sys/fs/cgroup /sys/fs/cgroup/unified; do
        [[ $(stat -f -c %T "$d" 2>/dev/null) == cgroup2fs && -w $d ]] && CGBASE=$d && break
done
if [[ -n $CGBASE ]] && CG=$(mktemp -d "$CGBASE/sm-exec-test.XXXXXX" 2>/dev/null); then
        rm -f "$U"/multi-user.target.wants/*
        svc cg1 MemoryMax=100M MemoryHigh=90M CPUWeight=50 CPUQuota=20% TasksMax=10 IOWeight=200 AllowedCPUs=0 \
                "ExecStartPost=/bin/sh -c 'cat /sys/fs/cgroup/unified\$\$(sed -n s/^cgroup=//p $O/cg1)/memory.max >$O/cg1.mem 2>&1 || true'"
        svc cg2 MemoryMax=200M
        # DeviceAllow=/DevicePolicy=: probes open test nodes (null 1:3, kmsg 1:11, made with
        # mknod outside /dev, so PrivateDevices='s private /dev does not hide them) for reading
        # and for writing; the cgroup's BPF program decides, whatever the path
        mkdir -p "$WORK/nodes"
        mknod "$WORK/nodes/null" c 1 3 && mknod "$WORK/nodes/kmsg" c 1 11 && chmod 600 "$WORK/nodes/"*
        cat >"$W/devprobe.sh" <<EOF
#!/bin/sh
n=$WORK/nodes
try() { if err=\$( (eval "exec 3\$2\"\\\$n/\$1\"") 2>&1 ); then echo "\$1\$2=ok"; else echo "\$1\$2=\${err##*: }"; fi; }
{ try null "<"; try null ">>"; try kmsg "<"; try kmsg ">>"; } >"$O/\$1.tmp"
mv "$O/\$1.tmp" "$O/\$1"
EOF
        chmod 755 "$W/devprobe.sh"
        devsvc() { # devsvc NAME [directive…]
                local n=$1
                shift
                { printf '[Service]\nType=oneshot\nExecStart=%s %s\n' "$W/devprobe.sh" "$n"; printf '%s\n' "$@"; } | unit "$n.service"
        }
        devsvc dev-none
        devsvc dev-closed DevicePolicy=closed
        devsvc dev-allow-r "DeviceAllow=/dev/kmsg r"
        devsvc dev-strict DevicePolicy=strict "DeviceAllow=/dev/kmsg rw"
        devsvc dev-private PrivateDevices=yes
        LOG=$WORK/manager-cg.log
        rm -f "$O/cg1" "$O/cg2"
        timeout -s KILL 40 unshare --pid --fork --kill-child --mount --mount-proc --propagation private \
                "$W/ns.sh" --cgroup-root="$CG" >"$LOG" 2>&1 &
        MPID=$!
        wait_for 30 test -s "$O/cg2"
        wait_for 10 test -s "$O/cg1"
        for d in none closed allow-r strict private; do wait_for 10 test -s "$O/dev-$d"; done
        sleep 0.3
        pkill -KILL -P "$MPID" 2>/dev/null # unshare: --kill-child ends the manager with it
        kill -KILL "$MPID" 2>/dev/null
        wait "$MPID" 2>/dev/null
        check "cgroup: the process runs in system.slice/NAME.service" bash -c "[[ '$(val cg1 cgroup)' == */system.slice/cg1.service ]]" ||
                grep -v "Installed new job" "$LOG" | tail -20
        if grep -qw memory "$CG/cgroup.controllers" 2>/dev/null; then
                check "cgroup: MemoryMax=100M in memory.max" is "$(cat "$O/cg1.mem")" "104857600"
        else
                check "cgroup: a missing memory controller is warned about once" \
                        is "$(grep -c 'controller "memory" is not available' "$LOG")" "1"
        fi
        dev() { tr '\n' ' ' <"$O/dev-$1" 2>/dev/null | sed 's/ $//'; }
        EPERM="Operation not permitted"
        check "devices: no policy, every node opens" \
                is "$(dev none)" "null<=ok null>>=ok kmsg<=ok kmsg>>=ok"
        check "DevicePolicy=closed: /dev/null works, kmsg is EPERM" \
                is "$(dev closed)" "null<=ok null>>=ok kmsg<=$EPERM kmsg>>=$EPERM"
        check "DeviceAllow=/dev/kmsg r: read, not written; the pseudo devices stay" \
                is "$(dev allow-r)" "null<=ok null>>=ok kmsg<=ok kmsg>>=$EPERM"
        check "DevicePolicy=strict: only the listed device, not even /dev/null" \
                is "$(dev strict)" "null<=$EPERM null>>=$EPERM kmsg<=ok kmsg>>=ok"
        check "PrivateDevices=yes implies DevicePolicy=closed" \
                is "$(dev private)" "null<=ok null>>=ok kmsg<=$EPERM kmsg>>=$EPERM"
        check "devices: no device program was refused" bash -c "! grep -q 'device access program' '$LOG'"
else
        echo "skip cgroup cases: no writable cgroup2"
fi

# --- sanitizer builds: no report in the manager logs ---
check "no sanitizer report in the manager logs" bash -c "! grep -l 'AddressSanitizer\|runtime error:' '$WORK'/manager*.log"

echo "$PASS passed, $FAIL failed"
((FAIL == 0)) || {
        printf 'failed: %s\n' "${FAILED_CASES[@]}"
        echo "--- manager log (tail) ---"
        grep -v "Installed new job" "$WORK/manager.log" | tail -40
        exit 1
}
