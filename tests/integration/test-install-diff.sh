#!/bin/bash
# test-install-diff.sh — differential test of sctl's offline install verbs against the
# installed systemctl (systemd 252), which works offline on a tree with --root. Each scenario
# builds a unit tree, copies it twice, runs the same command sequence with `systemctl
# --root=A` and `sctl --root=B`, and compares after every step: exit code, stdout, stderr
# (with the root prefix replaced by ROOT) and the resulting tree (`find -printf '%P -> %l'`).
# With SYSMASTER_CORPUS pointing at real unit files (CORPUS/usr/lib/systemd/system/* or a
# flat directory), every corpus unit is enabled, inspected and disabled as well.
# Usage: test-install-diff.sh SCTL [FILTER]; exits 77 (skip) without systemctl.
set -u
SCTL=$(readlink -f "$1")
FILTER=${2:-}
SYSTEMCTL=${SYSTEMCTL:-systemctl}
command -v "$SYSTEMCTL" >/dev/null || { echo "systemctl not found, skipping"; exit 77; }
WORK=$(mktemp -d /tmp/sctl-install-diff.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
PASS=0
FAIL=0
VERBOSE=${VERBOSE:-0}

# ---- tree building helpers (all paths relative to $T) ----
T=
unit() { mkdir -p "$T/$(dirname "$1")"; printf '%b' "$2" >"$T/$1"; }
vunit() { unit "usr/lib/systemd/system/$1" "$2"; }
eunit() { unit "etc/systemd/system/$1" "$2"; }
lnk() { mkdir -p "$T/$(dirname "$2")"; ln -sfn "$1" "$T/$2"; }
base() {
        mkdir -p "$T/usr/lib/systemd/system" "$T/etc/systemd/system"
        printf '0123456789abcdef0123456789abcdef\n' >"$T/etc/machine-id"
        printf 'ID=debian\nVERSION_ID="12"\nBUILD_ID=b1\nVARIANT_ID=v\nIMAGE_ID=img\nIMAGE_VERSION=9\n' >"$T/etc/os-release"
        vunit multi-user.target '[Unit]\nDescription=Multi-User\n'
        vunit graphical.target '[Unit]\nDescription=Graphical\n'
        vunit sockets.target '[Unit]\n'
        vunit timers.target '[Unit]\n'
        vunit getty@.target '[Unit]\n'
}

snapshot() { (cd "$1" && find . -mindepth 1 -printf '%P -> %l\n' | LC_ALL=C sort); }

run_one() { # run_one BIN ROOT args… → writes $ROOT.out/.err/.rc
        local bin=$1 root=$2
        shift 2
        (cd "$root" && "$bin" --root="$root" "$@" >"$root.out" 2>"$root.err"; echo $? >"$root.rc")
        sed -i "s|$root|ROOT|g" "$root.err" "$root.out"
}

# scenario NAME SETUP-FUNCTION STEP…; each step is one string of arguments ("enable a.service")
scenario() {
        local name=$1 setup=$2
        shift 2
        [ -n "$FILTER" ] && [[ "$name" != *$FILTER* ]] && return
        local d="$WORK/$name"
        mkdir -p "$d"
        T="$d/base"
        base
        $setup
        cp -a "$d/base" "$d/A"
        cp -a "$d/base" "$d/B"
        local ok=1 step n=0 why=""
        for step in "$@"; do
                n=$((n + 1))
                # shellcheck disable=SC2086
                run_one "$SYSTEMCTL" "$d/A" $step
                # shellcheck disable=SC2086
                run_one "$SCTL" "$d/B" $step
                if ! cmp -s "$d/A.rc" "$d/B.rc"; then ok=0; why+=" step$n($step):rc $(cat "$d/A.rc")/$(cat "$d/B.rc")"; fi
                if ! cmp -s "$d/A.out" "$d/B.out"; then ok=0; why+=" step$n($step):stdout"; fi
                if ! cmp -s "$d/A.err" "$d/B.err"; then ok=0; why+=" step$n($step):stderr"; fi
                if [ "$(snapshot "$d/A")" != "$(snapshot "$d/B")" ]; then ok=0; why+=" step$n($step):tree"; fi
                if [ $ok = 0 ] && [ "$VERBOSE" = 1 ]; then
                        echo "--- $name step $n: $step"
                        diff <(cat "$d/A.out") <(cat "$d/B.out") | sed 's/^/  out /'
                        diff <(cat "$d/A.err") <(cat "$d/B.err") | sed 's/^/  err /'
                        diff <(snapshot "$d/A") <(snapshot "$d/B") | sed 's/^/  tree /'
                        VERBOSE=2
                fi
        done
        [ "$VERBOSE" = 2 ] && VERBOSE=1
        if [ $ok = 1 ]; then
                PASS=$((PASS + 1))
                rm -rf "$d" "$d".*
        else
                FAIL=$((FAIL + 1))
                echo "FAIL $name:$why"
        fi
}

# ---- crafted scenarios ----
s_simple() {
        vunit a.service '[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n'
        vunit b.service '[Install]\nWantedBy=multi-user.target graphical.target\nRequiredBy=sockets.target\nAlias=b2.service b3.service\n'
        vunit s.service '[Service]\nExecStart=/bin/true\n'
        eunit e.service '[Install]\nWantedBy=multi-user.target\n'
        vunit dangling.service '[Install]\nWantedBy=nonexistent.target\n'
}
scenario enable-simple s_simple "enable a.service" "is-enabled a.service" "disable a.service" "is-enabled a.service"
scenario enable-noext s_simple "enable a" "is-enabled a" "disable a"
scenario enable-multi s_simple "enable a b e" "is-enabled a b b2 b3 e" "list-unit-files" "disable b2" "is-enabled b"
scenario enable-twice s_simple "enable b" "enable b" "reenable b" "disable b" "disable b"
scenario enable-static s_simple "enable s" "is-enabled s" "enable -q s" "disable s"
scenario enable-missing s_simple "enable nonexist.service" "enable a nonexist" "disable nonexist" "is-enabled nonexist" "reenable nonexist"
scenario enable-etc s_simple "enable e" "is-enabled e" "disable e"
scenario enable-dangling s_simple "enable dangling" "enable dangling" "enable -q dangling" "is-enabled dangling"
scenario enable-runtime s_simple "enable --runtime a b" "is-enabled a b b2" "list-unit-files" "disable a" "disable --runtime a b"
scenario enable-quiet s_simple "enable -q a b" "disable --quiet a b"
scenario enable-noreload s_simple "enable --no-reload a" "disable --no-reload a"
scenario bad-names s_simple "enable foo.bar" "enable @.service" "is-enabled foo.bar"

s_conflict() {
        vunit a.service '[Install]\nWantedBy=multi-user.target\nAlias=a2.service\n'
        vunit other.service '[Unit]\n'
        lnk /usr/lib/systemd/system/other.service etc/systemd/system/multi-user.target.wants/a.service
        lnk /elsewhere/a2.service etc/systemd/system/a2.service
}
scenario conflict s_conflict "enable a" "is-enabled a" "enable --force a" "is-enabled a" "disable a"

s_also() {
        vunit main.service '[Install]\nWantedBy=multi-user.target\nAlso=helper.socket helper2.service\n'
        vunit helper.socket '[Install]\nWantedBy=sockets.target\n'
        vunit helper2.service '[Install]\nWantedBy=multi-user.target\nAlso=main.service\n'
        vunit only-also.service '[Install]\nAlso=helper.socket\n'
        vunit also-missing.service '[Install]\nWantedBy=multi-user.target\nAlso=missing.service\n'
        vunit also-masked.service '[Install]\nWantedBy=multi-user.target\nAlso=masked.service\n'
        vunit masked.service '[Install]\nWantedBy=multi-user.target\n'
        lnk /dev/null etc/systemd/system/masked.service
}
scenario also s_also "enable main" "is-enabled main helper.socket helper2 only-also" "disable main" "enable only-also" "is-enabled only-also"
scenario also-missing s_also "enable also-missing" "disable also-missing"
scenario also-masked s_also "enable also-masked" "disable also-masked" "is-enabled masked"

s_tmpl() {
        vunit t@.service '[Install]\nWantedBy=multi-user.target\nDefaultInstance=def\nAlias=alias-%i@.service\n'
        vunit n@.service '[Install]\nWantedBy=multi-user.target\n'
        vunit g@.service '[Install]\nWantedBy=getty@.target multi-user.target\nAlias=gg@.service\n'
        vunit p.service '[Install]\nWantedBy=getty@.target\n'
}
scenario template-default s_tmpl "enable t@.service" "is-enabled t@.service t@def.service t@x.service" "list-unit-files" "disable t@.service"
scenario template-instance s_tmpl "enable t@x.service t@y.service" "is-enabled t@.service t@x.service t@z.service" "disable t@x.service" "list-unit-files" "disable t@.service"
scenario template-nodefault s_tmpl "enable n@.service" "enable n@a.service" "is-enabled n@.service n@a.service" "disable n@a.service"
scenario template-tmpltarget s_tmpl "enable g@.service" "enable g@x.service" "enable p.service" "is-enabled g@.service g@x.service" "disable g@.service"

s_spec() {
        vunit sp@.service '[Install]\nWantedBy=x-%n.target y-%N.target z-%p-%i-%j.target\nAlias=al-%p@.service\n'
        vunit sys.service '[Install]\nWantedBy=a-%m.target b-%o-%w-%W-%B-%M-%A.target c-%u-%U-%g-%G.target d-%%.target\n'
        vunit host.service '[Install]\nWantedBy=h-%H.target l-%l.target v-%v.target a-%a.target\n'
        vunit bad-spec.service '[Install]\nWantedBy=x-%f.target\n'
        vunit bad-spec2.service '[Install]\nWantedBy=multi-user.target x-%t.target\n'
        vunit dash-a-b.service '[Install]\nWantedBy=j-%j.target\n'
}
scenario specifiers-instance s_spec "enable sp@in-st.service" "is-enabled sp@in-st.service" "disable sp@in-st.service"
scenario specifiers-system s_spec "enable sys.service" "enable host.service" "disable sys host"
scenario specifiers-bad s_spec "enable bad-spec" "enable bad-spec2" "enable dash-a-b"
s_spec_nomid() { s_spec; rm -f "$T/etc/machine-id" "$T/etc/os-release"; }
scenario specifiers-missing s_spec_nomid "enable sys.service"

s_errors() {
        vunit a.service '[Install]\nWantedBy=foo\n'
        vunit b.service '[Install]\nWantedBy=foo\nWantedBy=multi-user.target\n'
        vunit c.service '[Install]\nWantedBy=multi-user.target\nWantedBy=foo\n'
        vunit d.service '[Install]\nAlias=foo\n'
        vunit e.service '[Install]\nAlias=e2.service\nWantedBy=foo\n'
        vunit f.service '[Install]\nWantedBy=nx.target\nRequiredBy=foo\n'
        vunit g.service '[Install]\nAlias=a.socket\nAlias=g2.service\nAlias=g@.service\n'
        vunit up.service '[Install]\nUpheldBy=multi-user.target\nWantedBy=multi-user.target\n'
        vunit empty.service ''
        vunit broken.service '[Install\nWantedBy=multi-user.target\n'
}
for u in a b c d e f g up empty broken; do scenario "errors-$u" s_errors "enable $u" "is-enabled $u" "disable $u"; done
scenario errors-list s_errors "list-unit-files"

s_mask() {
        vunit a.service '[Install]\nWantedBy=multi-user.target\nAlias=a2.service\n'
        eunit e.service '[Install]\nWantedBy=multi-user.target\n'
        vunit k.service '[Install]\nWantedBy=multi-user.target\n'
}
scenario mask s_mask "mask a" "is-enabled a a2" "enable a" "disable a" "unmask a" "is-enabled a"
scenario mask-etc s_mask "mask e" "mask --force e" "is-enabled e"
scenario mask-runtime s_mask "mask --runtime k" "is-enabled k" "unmask k" "unmask --runtime k" "is-enabled k"
scenario mask-nonexist s_mask "mask nonexist.service" "is-enabled nonexist" "unmask nonexist.service" "unmask k"
scenario mask-twice s_mask "mask k" "mask k" "mask a k" "list-unit-files"

s_link() {
        unit opt/l.service '[Install]\nWantedBy=multi-user.target\n'
        unit opt/s.service '[Unit]\n'
        vunit k.service '[Install]\nWantedBy=multi-user.target\n'
}
scenario link s_link "link /opt/l.service" "is-enabled l" "link /opt/l.service" "enable l" "is-enabled l" "disable l" "is-enabled l"
scenario link-runtime s_link "link --runtime /opt/l.service" "is-enabled l" "list-unit-files"
scenario link-missing s_link "link /opt/none.service"
scenario link-enable-path s_link "enable /opt/l.service" "is-enabled l"

s_states() {
        vunit a.service '[Install]\nWantedBy=multi-user.target\nAlias=a2.service\n'
        vunit ind.service '[Install]\nAlso=a.service\n'
        vunit s.service '[Unit]\n'
        unit run/systemd/generator/g.service '[Unit]\n'
        unit run/systemd/generator.late/gl.service '[Unit]\n'
        unit run/systemd/transient/tr.service '[Unit]\n'
        vunit v.service '[Install]\nWantedBy=multi-user.target\n'
        lnk ../v.service usr/lib/systemd/system/multi-user.target.wants/v.service
        vunit b.service '[Install]\nWantedBy=multi-user.target\n'
        lnk ../b.service etc/systemd/system/x.target.wants/b.service
        vunit c.service '[Install]\nWantedBy=multi-user.target\n'
        lnk /nonexist/c.service etc/systemd/system/x.target.wants/c.service
        vunit d.service '[Install]\nWantedBy=multi-user.target\n'
        lnk /usr/lib/systemd/system/d.service etc/systemd/system/x.target.wants/dd.service
        vunit e.service '[Install]\nWantedBy=multi-user.target\n'
        lnk /usr/lib/systemd/system/e.service run/systemd/system/z.target.wants/e.service
        vunit f.service '[Install]\nWantedBy=multi-user.target\n'
        lnk /usr/lib/systemd/system/f.service etc/systemd/system/f.service
        vunit h.service '[Install]\nWantedBy=multi-user.target\n'
        lnk /usr/lib/systemd/system/h.service etc/systemd/system/h-alias.service
        vunit i.service '[Install]\nAlias=i2.service\n'
        lnk /usr/lib/systemd/system/i.service etc/systemd/system/i2.service
        vunit m.service '[Install]\nWantedBy=multi-user.target\n'
        lnk /dev/null run/systemd/system/m.service
        vunit va.service '[Unit]\n'
        lnk va.service usr/lib/systemd/system/va-alias.service
}
scenario states-is-enabled s_states "is-enabled a" "is-enabled ind" "is-enabled s" "is-enabled g" "is-enabled gl" "is-enabled tr" \
        "is-enabled v" "is-enabled b" "is-enabled c" "is-enabled d" "is-enabled e" "is-enabled f" "is-enabled h" "is-enabled h-alias" \
        "is-enabled i" "is-enabled i2" "is-enabled m" "is-enabled va-alias" "is-enabled multi-user.target" "is-enabled --full b" \
        "is-enabled a s ind" "is-enabled a nonexist s" "is-enabled -q s"
scenario states-list s_states "list-unit-files" "list-unit-files --no-legend" "list-unit-files *.target" "list-unit-files a* g*" "list-unit-files zzz*"
scenario states-list-filter s_states "list-unit-files --type=target" "list-unit-files --state=enabled,static"
scenario states-disable s_states "disable b c d e f h i"
scenario states-enable-gen s_states "enable g" "enable tr" "enable m"

s_preset() {
        vunit a.service '[Install]\nWantedBy=multi-user.target\nAlias=a2.service\n'
        vunit b.service '[Install]\nWantedBy=multi-user.target\n'
        vunit c.service '[Install]\nWantedBy=multi-user.target\n'
        vunit d.service '[Install]\nWantedBy=multi-user.target\nAlso=e.service\n'
        vunit e.service '[Install]\nWantedBy=sockets.target\n'
        vunit s.service '[Unit]\n'
        vunit t@.service '[Install]\nWantedBy=multi-user.target\nDefaultInstance=d\n'
        vunit u@.service '[Install]\nWantedBy=multi-user.target\nDefaultInstance=d\n'
        unit usr/lib/systemd/system-preset/90-default.preset '# comment\n; another\nenable a.*\ndisable b.service\nenable t@.service x y\nbogus line\nenable d.service\ndisable *\n'
        unit etc/systemd/system-preset/10-local.preset 'enable c.service\n'
}
scenario preset s_preset "preset a b c t@.service s" "is-enabled a b c t@.service t@x.service" "list-unit-files"
scenario preset-all s_preset "enable b" "preset-all" "is-enabled a b c d e"
scenario preset-modes s_preset "enable b" "preset-all --preset-mode=enable-only" "preset-all --preset-mode=disable-only" "preset-all"
scenario preset-missing s_preset "preset nonexist" "preset a nonexist"
scenario preset-also s_preset "preset d" "is-enabled d e"
s_preset_override() { s_preset; unit etc/systemd/system-preset/90-default.preset 'disable a.service\n'; unit lib/systemd/system-preset/50-lib.preset 'disable c.service\n'; }
scenario preset-override s_preset_override "preset a b c" "list-unit-files"
s_preset_none() { s_preset; rm -rf "$T/usr/lib/systemd/system-preset" "$T/etc/systemd/system-preset"; }
scenario preset-default s_preset_none "preset-all" "list-unit-files"

s_dropin() {
        vunit a.service '[Install]\nWantedBy=multi-user.target\n'
        unit etc/systemd/system/a.service.d/override.conf '[Install]\nAlias=a-drop.service\n'
        vunit t@.service '[Install]\nWantedBy=multi-user.target\n'
        unit usr/lib/systemd/system/t@.service.d/x.conf '[Install]\nWantedBy=graphical.target\n'
}
scenario dropin s_dropin "enable a" "enable t@i.service" "is-enabled a" "disable a t@i.service"

s_alias_chain() {
        vunit real.service '[Install]\nWantedBy=multi-user.target\nAlias=al1.service\n'
        lnk real.service usr/lib/systemd/system/vendor-alias.service
        vunit tm@.service '[Install]\nWantedBy=multi-user.target\n'
        lnk tm@.service usr/lib/systemd/system/tmal@.service
}
scenario alias-chain s_alias_chain "enable vendor-alias" "is-enabled real vendor-alias al1" "disable vendor-alias" "enable tmal@q.service" "is-enabled tm@q.service" "disable tmal@q.service"

# ---- corpus: every real unit through enable, is-enabled, reenable, disable, preset ----
# One pair of trees holds the whole corpus (its lib/ and usr/lib/ unit and preset dirs, or a
# flat directory as /usr/lib/systemd/system); units are run in turn on it, each counted as
# one scenario, comparing only etc/ and run/ (where the verbs write) to keep it fast.
corpus_tree() {
        local c=$SYSMASTER_CORPUS d found=0
        [ -d "$c/root" ] && c=$c/root # the cache of fetch-corpus.sh: packages unpacked below root/
        for d in lib/systemd/system usr/lib/systemd/system lib/systemd/system-preset usr/lib/systemd/system-preset; do
                if [ -d "$c/$d" ]; then
                        mkdir -p "$T/$d"
                        cp -a "$c/$d/." "$T/$d/"
                        found=1
                fi
        done
        [ $found = 1 ] || cp -a "$c/." "$T/usr/lib/systemd/system/"
}
corpus_units() {
        (cd "$T" && find lib/systemd/system usr/lib/systemd/system -maxdepth 1 \( -type f -o -type l \) -printf '%f\n' 2>/dev/null) |
                grep -E '\.(service|socket|timer|path|target|mount|automount|swap|slice)$' | LC_ALL=C sort -u
}
corpus_snapshot() { (cd "$1" && find etc run -mindepth 1 -printf '%P -> %l\n' 2>/dev/null | LC_ALL=C sort); }
if [ -n "${SYSMASTER_CORPUS:-}" ] && [ -d "$SYSMASTER_CORPUS" ] && { [ -z "$FILTER" ] || [[ corpus == *$FILTER* ]]; }; then
        d="$WORK/corpus"
        mkdir -p "$d"
        T="$d/base"
        base
        corpus_tree
        # CORPUS_SHARD=i/n runs every n-th unit only, so shards can run side by side.
        shard=${CORPUS_SHARD:-0/1}
        shard_i=${shard%/*} shard_n=${shard#*/}
        [ "$shard_i" = 0 ] && scenario corpus-list-preset-all corpus_tree "list-unit-files" "preset-all" "list-unit-files" "preset-all --preset-mode=disable-only" "list-unit-files"
        T="$d/base" # scenario() pointed T at its own tree
        cp -a "$d/base" "$d/A"
        cp -a "$d/base" "$d/B"
        units=$(corpus_units)
        # CORPUS_UNITS="a.service b.timer" runs only those (to look again at a few)
        [ -n "${CORPUS_UNITS:-}" ] && units=$CORPUS_UNITS
        idx=-1
        for u in $units; do
                idx=$((idx + 1))
                [ $((idx % shard_n)) = "$shard_i" ] || continue
                inst=$u
                [[ "$u" == *@.* ]] && inst="${u%%@*}@corpus.${u##*.}"
                ok=1 why=""
                for step in "enable $u" "is-enabled $u" "reenable $inst" "disable $u" "preset $u" "is-enabled $u"; do
                        # shellcheck disable=SC2086
                        run_one "$SYSTEMCTL" "$d/A" $step
                        # shellcheck disable=SC2086
                        run_one "$SCTL" "$d/B" $step
                        cmp -s "$d/A.rc" "$d/B.rc" || { ok=0; why+=" ($step):rc $(cat "$d/A.rc")/$(cat "$d/B.rc")"; }
                        cmp -s "$d/A.out" "$d/B.out" || { ok=0; why+=" ($step):stdout"; }
                        cmp -s "$d/A.err" "$d/B.err" || { ok=0; why+=" ($step):stderr"; }
                        if [ "$(corpus_snapshot "$d/A")" != "$(corpus_snapshot "$d/B")" ]; then
                                ok=0
                                why+=" ($step):tree"
                                rm -rf "$d/B/etc" "$d/B/run" # resynchronise so one unit's miss does not spread
                                cp -a "$d/A/etc" "$d/B/etc"
                                [ -d "$d/A/run" ] && cp -a "$d/A/run" "$d/B/run"
                        fi
                        if [ $ok = 0 ] && [ "$VERBOSE" = 1 ]; then
                                echo "--- corpus $u: $step"
                                diff "$d/A.out" "$d/B.out" | sed 's/^/  out /'
                                diff "$d/A.err" "$d/B.err" | sed 's/^/  err /'
                                VERBOSE=2
                        fi
                done
                [ "$VERBOSE" = 2 ] && VERBOSE=1
                if [ $ok = 1 ]; then PASS=$((PASS + 1)); else FAIL=$((FAIL + 1)); echo "FAIL corpus-$u:$why"; fi
        done
fi

echo "$PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
