#!/usr/bin/env bash
# Builds the self-contained Linux release of photoroom-batch and packs it:
#
#   dist/photoroom-batch-VERSION-linux-ARCH.tar.gz          the binary, README, licences, shell completions, SHA256SUMS
#   dist/photoroom-batch-VERSION-linux-ARCH.tar.gz.sha256   `sha256sum -c` checks the download against it
#
# The binary needs nothing outside glibc (and libstdc++/libgcc_s): the Swift runtime and Foundation are linked
# statically (--static-swift-stdlib), and so are libpng, libjpeg-turbo and zlib, from the static archives of
# Debian's libpng-dev, libjpeg62-turbo-dev and zlib1g-dev. Package.swift still says linkedLibrary("png16") and
# ("jpeg"): a folder holding only links to the .a files comes first in the linker's search path, and the linker
# takes the first folder that has lib<name>.*. The script refuses to pack a binary that needs anything else.
#
# Version: `--version` (and every manifest's toolVersion) says "VERSION (commit C, built DATE)". The tree is not
# touched: a small object defining photoroom_batch_build_version() is compiled into the work folder and linked
# in, overriding the weak development definition in Sources/CPhotoroomBuildInfo. No compile flag changes, so the
# release build folder is reused as it is and only the link is redone.
#
# Usage: scripts/release.sh [--print-tarball]   (the build's log goes to standard error; --print-tarball prints the
#        tarball's path alone on standard output, for scripts: tarball=$(scripts/release.sh --print-tarball))
# Environment:
#   PHOTOROOM_BATCH_RELEASE_WORK  build folder, static-library links, version object (/var/tmp/photoroom-batch-release)
#   PHOTOROOM_BATCH_DIST          where the tarball goes (dist/ in the clone, ignored by git)
#   PHOTOROOM_BATCH_VERSION       the version (default: PHOTOROOM_BATCH_BASE_VERSION from CPhotoroomBuildInfo.h)
#   SOURCE_DATE_EPOCH             the build date (default: now), for reproducible archives
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
[ -d /opt/swift/usr/bin ] && export PATH="/opt/swift/usr/bin:$PATH"

work="${PHOTOROOM_BATCH_RELEASE_WORK:-/var/tmp/photoroom-batch-release}"
dist="${PHOTOROOM_BATCH_DIST:-$root/dist}"
scratch="$work/build"
mkdir -p "$work/static-libs" "$work/build-info" "$dist"

fail() {
    echo "release.sh: $*" >&2
    exit 1
}

# The version string.
header="Sources/CPhotoroomBuildInfo/include/CPhotoroomBuildInfo.h"
version="${PHOTOROOM_BATCH_VERSION:-$(sed -n 's/^#define PHOTOROOM_BATCH_BASE_VERSION "\(.*\)"$/\1/p' "$header")}"
[ -n "$version" ] || fail "no version: $header has no PHOTOROOM_BATCH_BASE_VERSION"
commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
if [ "$commit" != unknown ] && [ -n "$(git status --porcelain --untracked-files=no)" ]; then
    commit="$commit-dirty"
fi
epoch="${SOURCE_DATE_EPOCH:-$(date +%s)}"
built=$(date -u -d "@$epoch" +%Y-%m-%dT%H:%MZ)
version_string="$version (commit $commit, built $built)"
arch=$(uname -m)
name="photoroom-batch-$version-linux-$arch"

# The strong definition of photoroom_batch_build_version(), named after its content so that a new version changes
# the link command (and SwiftPM relinks).
version_id=$(printf '%s' "$version_string" | sha256sum | cut -c1-16)
version_object="$work/build-info/version-$version_id.o"
if [ ! -f "$version_object" ]; then
    find "$work/build-info" -name 'version-*' -delete
    printf 'const char *photoroom_batch_build_version(void) { return "%s"; }\n' "$version_string" \
        >"$work/build-info/version-$version_id.c"
    clang -c -O2 -fPIC -o "$version_object" "$work/build-info/version-$version_id.c"
fi

# Static C libraries: links to the Debian packages' archives, alone in their folder.
libdir="/usr/lib/$(gcc -dumpmachine 2>/dev/null || echo "$arch-linux-gnu")"
for pair in png16:libpng-dev jpeg:libjpeg62-turbo-dev z:zlib1g-dev; do
    lib="lib${pair%%:*}.a"
    [ -f "$libdir/$lib" ] || fail "$libdir/$lib is missing: install ${pair#*:}"
    ln -sf "$libdir/$lib" "$work/static-libs/$lib"
done

bin=$(swift build -c release --static-swift-stdlib --scratch-path "$scratch" --show-bin-path | tail -1)
# The executable's own module is one small file: compiling it again keeps the libraries its object asks the linker
# for (the autolink entries of every module it imports) from going stale when a module drops an import.
rm -f "$bin/photoroom_batch.build/"*.o

echo "Building $version_string in $scratch" >&2
swift build -c release --static-swift-stdlib --product photoroom-batch --scratch-path "$scratch" \
    -Xlinker -L"$work/static-libs" -Xlinker "$version_object" -Xlinker -lz >&2
binary="$bin/photoroom-batch"

# Nothing outside glibc, libstdc++ and libgcc_s.
allowed='^(linux-vdso\.so\.1|ld-linux[-a-z0-9_.]*\.so\.[0-9]+|lib(c|m|dl|pthread|rt|util|stdc\+\+|gcc_s)\.so\.[0-9]+)$'
extra=$(ldd "$binary" | awk '{print $1}' | sed 's|.*/||' | grep -Ev "$allowed" || true)
[ -z "$extra" ] || fail "$binary needs libraries outside glibc: $extra"
[ "$("$binary" --version)" = "$version_string" ] || fail "$binary --version does not say '$version_string'"

# The tree of the tarball.
stage="$work/stage"
rm -rf "$stage"
mkdir -p "$stage/$name/completions" "$stage/$name/licenses"
cd "$stage/$name"
cp "$binary" photoroom-batch
strip photoroom-batch
cp "$root/README.md" "$root/LICENSE" .
./photoroom-batch --generate-completion-script bash >completions/photoroom-batch.bash
./photoroom-batch --generate-completion-script zsh >completions/_photoroom-batch
./photoroom-batch --generate-completion-script fish >completions/photoroom-batch.fish
# What is linked in: the Swift packages, the Swift runtime and Foundation, libpng, libjpeg-turbo and zlib.
for checkout in "$scratch"/checkouts/*; do
    licence=$(find "$checkout" -maxdepth 1 -iname 'LICENSE*' | sort | head -1)
    [ -n "$licence" ] && cp "$licence" "licenses/$(basename "$checkout").txt"
done
swift_licence="$(dirname "$(command -v swift)")/../share/swift/LICENSE.txt"
[ -f "$swift_licence" ] && cp "$swift_licence" licenses/swift.txt
for package in libpng16-16 libjpeg62-turbo zlib1g; do
    [ -f "/usr/share/doc/$package/copyright" ] && cp "/usr/share/doc/$package/copyright" "licenses/$package.txt"
done
chmod 644 licenses/*
find . -type f ! -name SHA256SUMS -printf '%P\n' | LC_ALL=C sort | xargs sha256sum >SHA256SUMS

cd "$stage"
tarball="$dist/$name.tar.gz"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -cf - "$name" | gzip -n -9 >"$tarball.tmp"
mv "$tarball.tmp" "$tarball"
(cd "$dist" && sha256sum "$name.tar.gz" >"$name.tar.gz.sha256")
rm -rf "$stage"

echo "Packed $tarball ($(du -h "$tarball" | cut -f1)): $version_string" >&2
if [ "${1:-}" = "--print-tarball" ]; then
    echo "$tarball"
fi
