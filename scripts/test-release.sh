#!/usr/bin/env bash
# Tests the release tarball on a bare system: a minimal Debian rootfs (mmdebstrap --variant=minbase, or
# debootstrap) with no Swift, no libpng and no libjpeg. Inside it (chroot), the unpacked binary must say its
# version, estimate the samples, run the README's main job against the built-in emulator (exit 1: the invalid
# samples), resume without sending anything, and refuse a short balance (exit 3).
#
# Usage: scripts/test-release.sh [TARBALL]   (default: builds one with scripts/release.sh)
# Runs as root. The rootfs tarball is cached in $PHOTOROOM_BATCH_RELEASE_WORK/rootfs (/var/tmp/photoroom-batch-release),
# so later runs take seconds; it is made from Debian's packages when missing.
set -euo pipefail
tarball=$([ -z "${1:-}" ] || realpath "$1")
cd "$(dirname "$0")/.."
root=$(pwd)
work="${PHOTOROOM_BATCH_RELEASE_WORK:-/var/tmp/photoroom-batch-release}"
suite="${PHOTOROOM_BATCH_TEST_SUITE:-bookworm}"
mirror="${PHOTOROOM_BATCH_TEST_MIRROR:-http://deb.debian.org/debian}"

. scripts/lib/check.sh

if [ -z "$tarball" ]; then
    tarball=$(scripts/release.sh --print-tarball)
fi
[ -f "$tarball" ] || { echo "test-release.sh: no tarball at $tarball" >&2; exit 1; }
name=$(basename "$tarball" .tar.gz)
check "the tarball matches its .sha256" bash -c "cd '$(dirname "$tarball")' && sha256sum --quiet -c '$name.tar.gz.sha256'"

# The bare system, cached as a tarball.
rootfs_tar="$work/rootfs/$suite-minbase.tar"
if [ ! -f "$rootfs_tar" ]; then
    mkdir -p "$work/rootfs"
    echo "Making a minimal $suite rootfs in $rootfs_tar"
    if command -v mmdebstrap >/dev/null; then
        mmdebstrap --quiet --variant=minbase --format=tar "$suite" "$rootfs_tar.tmp" "$mirror"
    else
        staging=$(mktemp -d /var/tmp/photoroom-batch-debootstrap.XXXXXX)
        debootstrap --variant=minbase "$suite" "$staging" "$mirror" >/dev/null
        tar -C "$staging" -cf "$rootfs_tar.tmp" .
        rm -rf "$staging"
    fi
    mv "$rootfs_tar.tmp" "$rootfs_tar"
fi

bare=$(mktemp -d /var/tmp/photoroom-batch-bare.XXXXXX)
trap 'rm -rf "$bare"' EXIT
tar -C "$bare" -xf "$rootfs_tar"
check "the rootfs has no Swift" bash -c "! chroot '$bare' sh -c 'command -v swift swiftc' >/dev/null"
check "the rootfs has no libpng, no libjpeg" bash -c "! ls '$bare'/usr/lib/*/libpng* '$bare'/usr/lib/*/libjpeg* 2>/dev/null | grep -q ."

# The tarball, the samples and the committed pipeline.json, as a user would have them.
cp "$tarball" "$bare/tmp/"
mkdir -p "$bare/work"
cp -r Samples pipeline.json "$bare/work/"
in_bare() { # in_bare COMMAND...: runs a shell command in the rootfs (with /proc), in /work.
    unshare --mount --propagation private sh -c 'mount -t proc proc "$0/proc" && exec chroot "$0" sh -c "cd /work && $1"' \
        "$bare" "$1"
}
in_bare "tar -xzf /tmp/$name.tar.gz -C /opt && ln -s /opt/$name/photoroom-batch /usr/local/bin/photoroom-batch"

expected_commit=$(git rev-parse --short=12 HEAD)
version=$(in_bare "photoroom-batch --version" 2>&1) || version="--version failed: $version"
check "--version names the version, the commit and the build date ($version)" \
    bash -c "[[ '$version' =~ ^[0-9]+\.[0-9]+\.[0-9]+\ \(commit\ $expected_commit(-dirty)?,\ built\ [0-9-]+T[0-9:]+Z\)$ ]]"
check "ldd lists only glibc's libraries (and libstdc++/libgcc_s)" bash -c "! chroot '$bare' ldd /opt/$name/photoroom-batch |
    grep -Ev '(linux-vdso|ld-linux[-a-z0-9_.]*|lib(c|m|dl|pthread|rt|util|stdc\+\+|gcc_s))\.so\.[0-9]+' | grep -q ."
check "the completions load in bash" \
    in_bare "bash -c '. /opt/$name/completions/photoroom-batch.bash && complete -p photoroom-batch' >/dev/null"
check "the tarball's SHA256SUMS match its files" in_bare "cd /opt/$name && sha256sum --quiet -c SHA256SUMS"

set +e
in_bare "photoroom-batch estimate Samples --plan basic" >"$bare/estimate.log" 2>&1
estimate_code=$?
started=$(date +%s%N)
in_bare "photoroom-batch run Samples --out out --emulator --progress none" >"$bare/run.log" 2>&1
run_code=$?
finished=$(date +%s%N)
cp "$bare/work/out/manifest.json" "$bare/work/first-run.json"
in_bare "photoroom-batch run Samples --out out --emulator --progress none" >"$bare/rerun.log" 2>&1
rerun_code=$?
in_bare "photoroom-batch run Samples --out short --emulator --emulator-credits 10 --progress none" >"$bare/short.log" 2>&1
short_code=$?
set -e
echo "The main job took $(((finished - started) / 1000000)) ms in the bare rootfs"

check "estimate exits 0 (offline estimate)" test "$estimate_code" = 0
check "estimate finds the 5 invalid files" grep -q "14 files (full validation): 6 valid, 3 with warnings, 5 invalid" \
    "$bare/estimate.log"
check "estimate prices the 9 usable files at 45 images on Basic" grep -q "Basic  45 images (9 × 5)" "$bare/estimate.log"
check "run --emulator exits 1 (the five invalid samples)" test "$run_code" = 1
manifest_check() { # manifest_check FILE PYTHON-EXPRESSION: evaluates the expression on the manifest `m` in /work.
    python3 -c "import json,sys; m=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$bare/work/$1"
}
check "the manifest counts 14 inputs, 9 succeeded, 5 invalid, 45 images charged" manifest_check first-run.json \
    "m['totals']['inputs']==14 and m['totals']['succeeded']==9 and m['totals']['invalid']==5 and m['totals']['imagesCharged']==45"
check "the manifest's toolVersion is what --version says" manifest_check first-run.json "m['run']['toolVersion']=='''$version'''"
check "every succeeded item's output is a JPEG on disk" manifest_check first-run.json \
    "all(open('$bare/work/out/'+i['outputPath'],'rb').read(3)==b'\\xff\\xd8\\xff' for i in m['items'] if i['status']=='succeeded')"
check "the re-run exits 1" test "$rerun_code" = 1
check "the re-run sends nothing (9 skipped, 0 charged)" manifest_check out/manifest.json \
    "m['totals']['skipped']==9 and m['totals']['imagesCharged']==0"
check "a balance of 10 images exits 3 and sends nothing" bash -c "[ '$short_code' = 3 ] && ! ls '$bare/work/short' 2>/dev/null | grep -q jpg"

if [ "$failures" -gt 0 ]; then
    echo "test-release.sh: $failures check(s) failed; the run's log:" >&2
    cat "$bare/run.log" >&2
    summary release
    exit 1
fi
echo "test-release.sh: all checks passed on a bare $suite rootfs ($(du -h "$tarball" | cut -f1) tarball)"
summary release
