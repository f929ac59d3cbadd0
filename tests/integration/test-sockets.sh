#!/bin/bash
# test-sockets.sh — socket units end to end: a plain-process manager (sysmaster --test
# --root=…) in a fresh PID namespace, real clients (socket-helper) connecting before the
# service exists, Accept=no services getting $LISTEN_FDS/$LISTEN_FDNAMES, Accept=yes with
# concurrent connections making one instance each (named as systemd names them), a datagram
# socket, a FIFO, the socket answering while its service restarts, MaxConnections=,
# RemoveOnStop= and Symlinks=, broken configuration, and `sctl status`/`list-sockets` lines
# compared with what systemd 252 printed for the same units (recorded with
# shared/tools/reference-systemd, socket paths under /tmp/ROOT there; CGroup:/Tasks:/Memory:
# lines are absent in test mode and left out). Usage: test-sockets.sh SYSMASTER HELPER SCTL.
set -u
SYSMASTER=$(realpath "$1")
HELPER=$(realpath "$2")
SCTL=$(realpath "$3")
if [ -z "${SOCKET_TEST_INNER:-}" ]; then
        [ "$(id -u)" = 0 ] || { echo "SKIP: needs root (PID namespace)"; exit 77; }
        export SOCKET_TEST_INNER=1
        exec timeout 200 unshare --pid --fork --mount-proc --kill-child "$0" "$@"
fi
# a /tmp of our own (this mount namespace's): /tmp/ROOT is where the recorded systemd run had
# its sockets, and nothing is left on the machine's /tmp
mount -t tmpfs tmpfs /tmp && mkdir /tmp/ROOT || { echo "cannot mount a private /tmp"; exit 1; }
export TZ=UTC LC_ALL=C
PASS=0 FAIL=0
WORK=$(mktemp -d /tmp/sm-sock.XXXXXX)
chmod 755 "$WORK"
trap 'kill -KILL $MPID 2>/dev/null; rm -rf "$WORK"' EXIT
MPID=

R=$WORK/root
U=$R/usr/lib/systemd/system
O=$R/out
mkdir -p "$U/sockets.target.wants" "$R/run" "$O"
for t in sysinit basic shutdown exit; do
        printf '[Unit]\nDescription=%s\nDefaultDependencies=no\n' "$t" >"$U/$t.target"
done
printf '[Unit]\nDefaultDependencies=no\n' >"$U/sockets.target"
printf '[Unit]\nDefaultDependencies=no\nWants=sockets.target\nAfter=sockets.target\n' >"$U/multi-user.target"
ln -s multi-user.target "$U/default.target"
for s in -.slice system.slice; do printf '[Unit]\nDefaultDependencies=no\n' >"$U/$s"; done
# unit NAME: the file from stdin; sockets are wanted by sockets.target
unit() {
        cat >"$U/$1"
        [[ $1 == *.socket ]] && ln -sf "../$1" "$U/sockets.target.wants/$1"
        return 0
}
export SYSMASTER_CONTROL_SOCKET=$R/run/sysmaster/control
S() { timeout 20 "$SCTL" "$@"; }
export -f S
export SCTL
LOG=$R/manager.log

check() { # check NAME CMD…
        local name=$1
        shift
        if "$@"; then
                PASS=$((PASS + 1))
                echo "ok   $name"
        else
                FAIL=$((FAIL + 1))
                echo "FAIL $name"
                grep -v "Installed new job" "$LOG" | tail -15 | sed 's/^/     | /'
        fi
}
wait_for() { # wait_for SECONDS CMD…
        local t=$(($1 * 10))
        shift
        while ((t-- > 0)); do
                "$@" && return 0
                sleep 0.1
        done
        return 1
}
log_has() { grep -qF -- "$1" "$LOG"; }
same() { [ "$1" = "$2" ] || { printf 'expected:\n%s\ngot:\n%s\n' "$1" "$2" | sed 's/^/     > /'; return 1; }; }

# --- the unit tree ---
unit echo.socket <<EOF
[Unit]
Description=Echo socket
[Socket]
ListenStream=$R/echo.sock
FileDescriptorName=greeter
EOF
unit echo.service <<EOF
[Service]
ExecStart=$HELPER serve $O/echo.fds
Restart=always
RestartSec=500ms
EOF
unit acc.socket <<EOF
[Socket]
ListenStream=$R/acc.sock
Accept=yes
EOF
unit acc@.service <<EOF
[Unit]
Description=Per-connection
[Service]
ExecStart=$HELPER conn
EOF
unit dg.socket <<EOF
[Socket]
ListenDatagram=$R/dg.sock
EOF
unit dg.service <<EOF
[Service]
ExecStart=$HELPER dgram $O/dg
EOF
unit ff.socket <<EOF
[Socket]
ListenFIFO=$R/fifo/ff
DirectoryMode=0700
SocketMode=0620
EOF
unit ff.service <<EOF
[Service]
ExecStart=$HELPER fifo $O/ff
EOF
unit rm.socket <<EOF
[Socket]
ListenStream=$R/rm.sock
RemoveOnStop=yes
Symlinks=$R/rm.link
ExecStopPost=/bin/sh -c 'echo stopped >$O/rm'
Service=other.service
EOF
unit keep.socket <<EOF
[Socket]
ListenStream=$R/keep.sock
Service=other.service
EOF
unit other.service <<EOF
[Service]
ExecStart=/bin/true
EOF
unit one.socket <<EOF
[Socket]
ListenStream=$R/one.sock
Accept=yes
MaxConnections=1
EOF
unit one@.service <<EOF
[Service]
ExecStart=$HELPER conn
EOF
unit st.socket <<EOF
[Unit]
Description=Status socket
[Socket]
ListenStream=/tmp/ROOT/st.sock
ListenDatagram=/tmp/ROOT/st.dgram
ListenFIFO=/tmp/ROOT/st.fifo
ListenSequentialPacket=@sm-test-st-$$
ListenStream=127.0.0.1:$((20000 + $$ % 30000))
ExecStartPre=/bin/true
EOF
unit st.service <<EOF
[Service]
ExecStart=/bin/sleep 1000
EOF
unit sa.socket <<EOF
[Socket]
ListenStream=/tmp/ROOT/sa.sock
Accept=yes
EOF
unit sa@.service <<EOF
[Service]
ExecStart=/bin/sleep 1000
EOF
# the stop path of failed starts, the limits, the ownership
unit pretimeout.socket <<EOF
[Socket]
ListenStream=$R/pt.sock
ExecStartPre=/bin/sleep 10
TimeoutSec=1
Service=other.service
EOF
unit postfail.socket <<EOF
[Socket]
ListenStream=$R/pf.sock
ExecStartPost=/bin/false
Service=other.service
EOF
unit trig.socket <<EOF
[Socket]
ListenDatagram=$R/trig.sock
TriggerLimitBurst=3
TriggerLimitIntervalSec=30s
EOF
unit trig.service <<EOF
[Unit]
StartLimitBurst=100
[Service]
ExecStart=/bin/true
EOF
unit sl.socket <<EOF
[Socket]
ListenDatagram=$R/sl.sock
TriggerLimitBurst=100
EOF
unit sl.service <<EOF
[Unit]
StartLimitBurst=2
StartLimitIntervalSec=30s
[Service]
ExecStart=/bin/true
EOF
unit own.socket <<EOF
[Socket]
ListenStream=$R/own.sock
SocketUser=nobody
SocketMode=0600
Service=other.service
EOF
# not wanted by anything: started and stopped by hand
cat >"$U/slowpre.socket" <<EOF
[Socket]
ListenStream=$R/slowpre.sock
ExecStartPre=/bin/sleep 30
TimeoutSec=20
Service=other.service
EOF
cat >"$U/stubborn.socket" <<EOF
[Socket]
ListenStream=$R/stubborn.sock
ExecStopPost=/bin/sh -c 'trap "" TERM; sleep 30'
TimeoutSec=1
Service=other.service
EOF
PORT=$((20000 + ($$ + 1) % 30000))
unit tcp.socket <<EOF
[Socket]
ListenStream=127.0.0.1:$PORT
Accept=yes
MaxConnectionsPerSource=1
NoDelay=yes
KeepAlive=yes
EOF
unit tcp@.service <<EOF
[Service]
ExecStart=$HELPER conn
EOF
# two sockets, one service: both fds, named
unit fda.socket <<EOF
[Socket]
ListenStream=$R/fda.sock
FileDescriptorName=alpha
Service=two.service
EOF
unit fdb.socket <<EOF
[Socket]
ListenDatagram=$R/fdb.sock
FileDescriptorName=beta
Service=two.service
EOF
unit two.service <<EOF
[Service]
ExecStart=/bin/sh -c 'echo "\$LISTEN_FDS \$LISTEN_FDNAMES" >$O/two; exec sleep 100'
EOF
unit skx.service <<EOF
[Service]
Sockets=fdb.socket
ExecStart=/bin/sleep 100
EOF
unit notemplate.socket <<EOF
[Socket]
ListenStream=$R/notemplate.sock
Accept=yes
EOF
unit flush.socket <<EOF
[Socket]
ListenDatagram=$R/flush.sock
FlushPending=yes
TriggerLimitBurst=3
EOF
unit flush.service <<EOF
[Service]
ExecStart=/bin/true
EOF
# broken ones: they must fail alone, with a message
unit nolisten.socket <<EOF
[Socket]
Accept=no
EOF
unit acceptdgram.socket <<EOF
[Socket]
ListenDatagram=$R/ad.sock
Accept=yes
Service=x.target
EOF
# a regular file where the FIFO should be: the start fails, the file is not RemoveOnStop='s
echo precious >"$R/blocked"
unit blocked.socket <<EOF
[Socket]
ListenFIFO=$R/blocked
RemoveOnStop=yes
Service=other.service
EOF
unit badaddr.socket <<EOF
[Socket]
ListenStream=1.2.3.4.5:99999
ListenStream=/proc/no/such/dir/x.sock
EOF
unit badaddr.service <<EOF
[Service]
ExecStart=/bin/true
EOF
unit nosvc.socket <<EOF
[Socket]
ListenStream=$R/nosvc.sock
EOF

timeout -s KILL 180 "$SYSMASTER" --test --root="$R" --log-level=debug --show-status=yes >"$LOG" 2>&1 &
MPID=$!
disown "$MPID"
wait_for 10 log_has "Reached target multi-user.target" ||
        wait_for 5 test -S "$R/echo.sock"

# --- Accept=no: a client connects before the service exists ---
check "echo.socket listening before any service" wait_for 5 grep -q "echo.socket: changed .* -> listening" "$LOG"
check "echo.service not started before traffic" bash -c "! grep -q 'echo.service: spawned' '$LOG'"
REPLY=$("$HELPER" connect "$R/echo.sock" hello)
check "stream: the service answers the first client" same "echo:hello" "${REPLY% *}"
PID1=${REPLY##* }
check "stream: LISTEN_FDS=1, LISTEN_FDNAMES from FileDescriptorName=" same "1 greeter" "$(head -1 "$O/echo.fds" 2>/dev/null)"
check "stream: socket is running while its service runs" wait_for 3 bash -c "S status echo.socket | grep -q 'Active: active (running)'"

# --- the socket keeps the address while the service restarts ---
kill -KILL "$PID1" 2>/dev/null
REPLY=$("$HELPER" connect "$R/echo.sock" again)
check "restart: a client during the restart is answered" same "echo:again" "${REPLY% *}"
check "restart: by a new service process" test -n "${REPLY##* }" -a "${REPLY##* }" != "$PID1"
check "restart: the socket never stopped" bash -c "! grep -q 'echo.socket: changed .* -> stop' '$LOG'"

# --- Accept=yes: two concurrent clients, two instances ---
"$HELPER" connect "$R/acc.sock" one >"$O/acc1" &
C1=$!
"$HELPER" connect "$R/acc.sock" two >"$O/acc2" &
C2=$!
wait $C1 $C2
check "accept: both clients answered, with one fd each" \
        bash -c "grep -q '^conn:one [0-9]* 1$' '$O/acc1' && grep -q '^conn:two [0-9]* 1$' '$O/acc2'"
check "accept: by two processes" test "$(cut -d' ' -f2 "$O/acc1")" != "$(cut -d' ' -f2 "$O/acc2")"
ACC=$(S status acc.socket | grep -E 'Accepted|Triggers|Listen')
UNITS=$(S list-units --plain --no-legend 'acc@*' | awk '{print $1}' | sort)
check "accept: instances named acc@N-PID-UID.service" \
        bash -c "printf '%s\n' '$UNITS' | grep -Eq '^acc@0-[0-9]+-0\.service$' && printf '%s\n' '$UNITS' | grep -Eq '^acc@1-[0-9]+-0\.service$'"
check "accept: status counts two connections" bash -c "grep -q 'Accepted: 2; Connected: 2;' <<<'$ACC'"
# a daemon-reload while the instances run: the socket must still see them end
S daemon-reload
check "accept: instances collected when they end (after a daemon-reload)" wait_for 12 bash -c "! S list-units --all --plain --no-legend 'acc@*' | grep -q acc@"
check "accept: Connected: back to 0" wait_for 3 bash -c "S status acc.socket | grep -q 'Accepted: 2; Connected: 0;'"

# --- no fd or unit left behind by ten connections ---
manager_fds() { ls "/proc/$(pgrep -P "$MPID" | head -1)/fd" | wc -l; }
BEFORE=$(manager_fds)
for i in $(seq 10); do "$HELPER" connect "$R/acc.sock" "n$i" >/dev/null & done
wait
wait_for 12 bash -c "S status acc.socket | grep -q 'Connected: 0;'"
wait_for 3 bash -c "! S list-units --all --plain --no-legend 'acc@*' | grep -q acc@"
check "ten connections: the manager's fds are as before ($BEFORE)" test "$(manager_fds)" = "$BEFORE"
check "ten connections: every instance collected" bash -c "! S list-units --all --plain --no-legend 'acc@*' | grep -q acc@"

# --- MaxConnections=1: a second concurrent connection is dropped ---
"$HELPER" connect "$R/one.sock" first >"$O/one1" &
C1=$!
sleep 0.5
"$HELPER" connect "$R/one.sock" second >"$O/one2" 2>/dev/null
wait $C1
check "MaxConnections=1: the first is served" grep -q '^conn:first' "$O/one1"
check "MaxConnections=1: the second is dropped" bash -c "! grep -q conn '$O/one2' && grep -q 'Too many incoming connections (1), dropping connection.' '$LOG'"

# --- datagram ---
"$HELPER" send "$R/dg.sock" ping
check "datagram: delivered to the activated service" wait_for 5 grep -qs ping "$O/dg"

# --- FIFO ---
check "fifo: created with SocketMode= in a DirectoryMode= directory" \
        bash -c "[ \"\$(stat -c %a '$R/fifo/ff')\" = 620 ] && [ \"\$(stat -c %a '$R/fifo')\" = 700 ]"
echo data >"$R/fifo/ff"
check "fifo: written data reaches the activated service" wait_for 5 grep -qs data "$O/ff"

# --- RemoveOnStop=, Symlinks=, ExecStopPost= ---
check "symlink created" test -L "$R/rm.link"
S stop rm.socket keep.socket
check "RemoveOnStop=yes removes the socket and its symlink" bash -c "[ ! -e '$R/rm.sock' ] && [ ! -L '$R/rm.link' ]"
check "RemoveOnStop=no keeps the socket file" test -S "$R/keep.sock"
check "ExecStopPost= ran" grep -q stopped "$O/rm"
S start keep.socket
check "a stale socket file is replaced on start" wait_for 3 bash -c "S is-active keep.socket >/dev/null"

# --- TCP, Accept=yes: instance named by both ends, one connection per source ---
"$HELPER" connect "127.0.0.1:$PORT" tcp1 >"$O/tcp1" &
C1=$!
sleep 0.5
"$HELPER" connect "127.0.0.1:$PORT" tcp2 >"$O/tcp2" 2>/dev/null
wait $C1
check "tcp: served by an instance" grep -q '^conn:tcp1 ' "$O/tcp1"
check "tcp: instance tcp@0-127.0.0.1:$PORT-127.0.0.1:N.service" \
        bash -c "S list-units --all --plain --no-legend 'tcp@*' | grep -Eq '^tcp@0-127\.0\.0\.1:$PORT-127\.0\.0\.1:[0-9]+\.service '"
check "tcp: MaxConnectionsPerSource=1 drops the second" \
        bash -c "! grep -q conn '$O/tcp2' && grep -q 'Too many incoming connections (1) from source 127.0.0.1, dropping connection.' '$LOG'"

# --- two sockets for one service ---
"$HELPER" send "$R/fdb.sock" wake
check "two sockets: the service gets both fds with their names" \
        wait_for 5 bash -c "grep -Eq '^2 (alpha:beta|beta:alpha)$' '$O/two'"
check "two sockets: both running" wait_for 3 bash -c "S status fda.socket fdb.socket | grep -c 'Active: active (running)' | grep -q 2"

GOT=$(S show skx.service -p Wants -p After -p TriggeredBy)
check "Sockets=: Wants=, After= and TriggeredBy= the socket" \
        bash -c "grep -q '^Wants=.*fdb.socket' <<<'$GOT' && grep -q '^After=.*fdb.socket' <<<'$GOT' && grep -q '^TriggeredBy=.*fdb.socket' <<<'$GOT'"

# --- failures on the way up, limits, ownership, console lines ---
check "ExecStartPre= timeout: failed (Result: timeout)" \
        wait_for 5 bash -c "S status pretimeout.socket | grep -q 'Active: failed (Result: timeout)'"
check "ExecStartPre= timeout: console says Failed to listen on" log_has "Failed to listen on pretimeout.socket."
check "ExecStartPost= failing: failed (Result: exit-code), fds closed" \
        bash -c "S status postfail.socket | grep -q 'Active: failed (Result: exit-code)' && ! '$HELPER' connect '$R/pf.sock' x 2>/dev/null"
"$HELPER" send "$R/trig.sock" unread
check "TriggerLimitBurst=: failed (Result: trigger-limit-hit)" \
        wait_for 8 bash -c "S status trig.socket | grep -q 'Result: trigger-limit-hit'"
check "trigger limit: systemd's message" log_has "trig.socket: Trigger limit hit, refusing further activation."
"$HELPER" send "$R/flush.sock" unread
wait_for 5 log_has "flush.service: main process exited"
sleep 1
check "FlushPending=yes: the unread datagram is dropped, one activation, listening" \
        bash -c "[ \$(grep -c 'flush.service: spawned' '$LOG') = 1 ] && S status flush.socket | grep -q 'Active: active (listening)'"
"$HELPER" send "$R/sl.sock" unread
check "service start limit: socket failed (Result: service-start-limit-hit)" \
        wait_for 8 bash -c "S status sl.socket | grep -q 'Result: service-start-limit-hit'"
check "SocketUser=, SocketMode=: owner and mode" bash -c "[ \"\$(stat -c '%U %a' '$R/own.sock')\" = 'nobody 600' ]"
check "console: Listening on / Closed" bash -c "grep -q 'Listening on Echo socket.' '$LOG' && grep -q 'Closed rm.socket.' '$LOG'"

# --- stop during start-pre; a control process that ignores SIGTERM ---
S start --no-block slowpre.socket
wait_for 5 log_has "slowpre.socket: changed dead -> start-pre"
S stop slowpre.socket
# as systemd 252 (measured): SIGKILL at once, and the killed command makes the result
check "stop during start-pre: killed, failed (Result: signal) as systemd 252" \
        bash -c "grep -q 'slowpre.socket: changed start-pre -> stop-pre-sigkill' '$LOG' && S status slowpre.socket | grep -q 'Active: failed (Result: signal)' && S status slowpre.socket | grep -q 'ExecStartPre=/bin/sleep 30 (code=killed, signal=KILL)'"
S start stubborn.socket
S stop stubborn.socket
check "ExecStopPost= ignoring SIGTERM: final-sigterm, final-sigkill, failed (Result: timeout)" \
        bash -c "grep -q 'stubborn.socket: changed final-sigterm -> final-sigkill' '$LOG' && S status stubborn.socket | grep -q 'Active: failed (Result: timeout)'"

# --- broken configuration fails alone, with a message ---
check "no Listen*=: bad-setting with systemd's message" \
        bash -c "grep -q 'nolisten.socket: Unit has no Listen setting' '$LOG' && S status nolisten.socket | grep -q 'Loaded: bad-setting'"
check "Accept=yes on a datagram socket: bad-setting with systemd's message" \
        bash -c "grep -q 'acceptdgram.socket: Unit configured for accepting sockets, but sockets are non-accepting. Refusing.' '$LOG' && S status acceptdgram.socket | grep -q 'Loaded: bad-setting'"
check "Service= not a service: warned, ignored" log_has "Unit must be of type service, ignoring: x.target"
check "a file in the FIFO's way: failed, and the file left alone" \
        bash -c "S status blocked.socket | grep -q 'Active: failed (Result: resources)' && grep -q precious '$R/blocked'"
check "unbindable path: socket failed (resources)" \
        wait_for 3 bash -c "S status badaddr.socket | grep -q 'Active: failed (Result: resources)'"
check "bad address: warned with file:line" log_has "Failed to parse address value in '1.2.3.4.5:99999'"
check "no service: refused" log_has "nosvc.socket: Socket service nosvc.service not loaded, refusing."
"$HELPER" connect "$R/acc.sock" "" >/dev/null 2>&1 </dev/null & # a client that sends nothing and leaves
printf 'garbage\0\377\n' | timeout 2 bash -c "cat >/dev/null" || true
check "Accept=yes without a template: the connection is closed, with a message" \
        bash -c "! '$HELPER' connect '$R/notemplate.sock' x 2>/dev/null && grep -q 'notemplate@0-[0-9]*-0.service could not be loaded (not-found)' '$LOG'"
check "manager alive after bad input" kill -0 "$MPID"

# --- status and list-sockets as systemd 252 prints them ---
norm() {
        sed -E -e 's/[A-Z][a-z]{2} [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} [A-Z]+; .* ago/TS/' \
                -e 's/Process: [0-9]+/Process: N/' -e "s/sm-test-st-$$/sm-test-st/" -e 's/127\.0\.0\.1:[0-9]+/127.0.0.1:17777/' |
                sed -e "s|(/usr/lib/systemd/system/|(/etc/systemd/system/|" | grep -Ev '^ +(Tasks|Memory|CGroup):'
}
GOT=$(S status st.socket | norm)
check "status st.socket as systemd 252" same "● st.socket - Status socket
     Loaded: loaded (/etc/systemd/system/st.socket; static)
     Active: active (listening) since TS
   Triggers: ● st.service
     Listen: /tmp/ROOT/st.sock (Stream)
             /tmp/ROOT/st.dgram (Datagram)
             /tmp/ROOT/st.fifo (FIFO)
             @sm-test-st (SequentialPacket)
             127.0.0.1:17777 (Stream)
    Process: N ExecStartPre=/bin/true (code=exited, status=0/SUCCESS)" "$GOT"
GOT=$(S status sa.socket | norm)
check "status sa.socket as systemd 252" same "● sa.socket
     Loaded: loaded (/etc/systemd/system/sa.socket; static)
     Active: active (listening) since TS
     Listen: /tmp/ROOT/sa.sock (Stream)
   Accepted: 0; Connected: 0;" "$GOT"
GOT=$(S status st.service | norm)
check "status st.service as systemd 252" same "○ st.service
     Loaded: loaded (/etc/systemd/system/st.service; static)
     Active: inactive (dead)
TriggeredBy: ● st.socket" "$GOT"
# the abstract name carries our pid (concurrent runs share the abstract namespace), which
# widens a column: compared with blanks squeezed
GOT=$(S list-sockets 'st.*' 'sa.*' | norm | tr -s ' ')
check "list-sockets as systemd 252" same "$(tr -s ' ' <<'EOF'
LISTEN             UNIT      ACTIVATES
/tmp/ROOT/sa.sock  sa.socket -
/tmp/ROOT/st.dgram st.socket st.service
/tmp/ROOT/st.fifo  st.socket st.service
/tmp/ROOT/st.sock  st.socket st.service
127.0.0.1:17777    st.socket st.service
@sm-test-st        st.socket st.service

6 sockets listed.
Pass --all to see loaded but inactive sockets, too.
EOF
)" "$GOT"
KEYS="BindIPv6Only Backlog TimeoutUSec SocketMode DirectoryMode Accept FlushPending Writable KeepAlive NoDelay Priority
ReceiveBuffer SendBuffer IPTOS IPTTL FreeBind Transparent Broadcast PassCredentials PassSecurity PassPacketInfo Timestamping
RemoveOnStop Mark MaxConnections MaxConnectionsPerSource ReusePort ControlPID Result NConnections NAccepted NRefused
FileDescriptorName TriggerLimitIntervalUSec TriggerLimitBurst"
GOT=$(S show st.socket $(printf -- '-p %s ' $KEYS) | sort)
check "show st.socket: socket properties as systemd 252" same "$(sort <<'EOF'
BindIPv6Only=default
Backlog=2147483647
TimeoutUSec=1min 30s
SocketMode=0666
DirectoryMode=0755
Accept=no
FlushPending=no
Writable=no
KeepAlive=no
NoDelay=no
Priority=-1
ReceiveBuffer=0
SendBuffer=0
IPTOS=-1
IPTTL=-1
FreeBind=no
Transparent=no
Broadcast=no
PassCredentials=no
PassSecurity=no
PassPacketInfo=no
Timestamping=off
RemoveOnStop=no
Mark=-1
MaxConnections=64
MaxConnectionsPerSource=0
ReusePort=no
ControlPID=0
Result=success
NConnections=0
NAccepted=0
NRefused=0
FileDescriptorName=st.socket
TriggerLimitIntervalUSec=2s
TriggerLimitBurst=20
EOF
)" "$GOT"
GOT=$(S show st.service -p After -p TriggeredBy)
check "implicit dependencies: service After= and TriggeredBy= its socket" \
        bash -c "grep -q '^After=.*st.socket' <<<'$GOT' && grep -q '^TriggeredBy=st.socket$' <<<'$GOT'"
GOT=$(S show st.socket -p Before -p Requires -p Conflicts)
check "implicit dependencies: socket Before= sockets.target and its service" \
        bash -c "grep -q '^Before=.*sockets.target' <<<'$GOT' && grep -q '^Before=.*st.service' <<<'$GOT' && grep -q '^Requires=.*sysinit.target' <<<'$GOT'"

# a clean exit frees everything: under ASan, LeakSanitizer checks the socket code too
S exit >/dev/null 2>&1
check "manager exits on request" wait_for 20 bash -c "! kill -0 $MPID 2>/dev/null"
check "no sanitizer report in the manager's log" bash -c "! grep -Eq 'runtime error|AddressSanitizer|LeakSanitizer' '$LOG'"
echo "$PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
