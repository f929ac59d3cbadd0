#!/usr/bin/env bash
# fetch-corpus.sh [CACHE_DIR] — builds the real-world unit-file corpus: downloads the Debian 12
# packages named in corpus-packages.txt with `apt-get download` into CACHE_DIR/debs and
# unpacks each with `dpkg -x` into one merged tree CACHE_DIR/root (lib/systemd/system,
# usr/lib/systemd/system, etc/systemd/system…), which test-corpus-verify.sh then checks.
# It only talks to the distribution's package registry, needs no apt-file, and is idempotent:
# a .deb already in the cache is not fetched again and one already unpacked (a stamp file
# per .deb) is not unpacked again, so a warm cache costs a few seconds. Packages that cannot be
# fetched are reported and skipped; the run fails only if fewer than MIN_PACKAGES remain.
# CACHE_DIR defaults to $SYSMASTER_CORPUS, then /var/cache/sysmaster-corpus.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache=${1:-${SYSMASTER_CORPUS:-/var/cache/sysmaster-corpus}}
list=${CORPUS_PACKAGES:-$here/corpus-packages.txt}
min_packages=${MIN_PACKAGES:-250}
debs=$cache/debs
root=$cache/root
stamps=$cache/stamps

mkdir -p "$debs" "$root" "$stamps"
cache=$(cd "$cache" && pwd)
debs=$cache/debs root=$cache/root stamps=$cache/stamps

mapfile -t packages < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$list" | grep -v '^$')

# The first .deb of a package in the cache, if any (file names are NAME_VERSION_ARCH.deb).
deb_of() {
        local f
        for f in "$debs/$1"_*.deb; do
                [[ -e $f ]] && { echo "$f"; return 0; }
        done
        return 1
}

missing=()
for p in "${packages[@]}"; do
        deb_of "$p" >/dev/null || missing+=("$p")
done

if ((${#missing[@]} > 0)); then
        echo "fetch-corpus: downloading ${#missing[@]} of ${#packages[@]} packages into $debs" >&2
        # apt-get download needs the package lists; a fresh machine has none yet.
        if ! apt-cache show --no-all-versions "${missing[0]}" >/dev/null 2>&1; then
                apt-get update -qq >&2 || true
        fi
        # As root, apt drops privileges to _apt, which must be able to write the target.
        chmod 0777 "$debs" 2>/dev/null || true
        # One apt-get call per batch is fast; if a batch fails (a name vanished from the
        # archive), retry its packages one by one so one bad name costs only itself.
        for ((i = 0; i < ${#missing[@]}; i += 50)); do
                batch=("${missing[@]:i:50}")
                if ! (cd "$debs" && apt-get download -qq "${batch[@]}" >/dev/null 2>&1); then
                        for p in "${batch[@]}"; do
                                deb_of "$p" >/dev/null && continue
                                (cd "$debs" && apt-get download -qq "$p" >/dev/null 2>&1) ||
                                        echo "fetch-corpus: cannot download $p, skipping" >&2
                        done
                fi
        done
fi

have=0
unpacked=0
: >"$cache/packages.txt.tmp"
for p in "${packages[@]}"; do
        deb=$(deb_of "$p") || continue
        have=$((have + 1))
        echo "$p" >>"$cache/packages.txt.tmp"
        stamp=$stamps/$(basename "$deb").done
        [[ -e $stamp ]] && continue
        if dpkg -x "$deb" "$root"; then
                : >"$stamp"
                unpacked=$((unpacked + 1))
        else
                echo "fetch-corpus: cannot unpack $deb, skipping" >&2
        fi
done
mv "$cache/packages.txt.tmp" "$cache/packages.txt"

# Unit files as the manager would see them: regular files or symlinks directly in a unit
# directory, with a unit suffix (drop-in directories and .wants/ links are not units).
find "$root"/{etc,lib,usr/lib}/systemd/system -maxdepth 1 \( -type f -o -type l \) \
        -regextype posix-extended \
        -regex '.*/[^/]+\.(service|socket|timer|path|mount|automount|swap|target|slice|scope|device)$' \
        2>/dev/null | sort >"$cache/units.txt"
n_units=$(wc -l <"$cache/units.txt")

echo "fetch-corpus: $have packages ($unpacked newly unpacked), $n_units unit files in $root"
if ((have < min_packages)); then
        echo "fetch-corpus: only $have packages available, need $min_packages" >&2
        exit 1
fi
