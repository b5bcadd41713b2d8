#!/usr/bin/env bash
# The action's install step (action.yml): downloads photoroom-batch-VERSION-linux-ARCH.tar.gz, checks its SHA-256
# (against the `sha256` input, else the release's .sha256 file), unpacks it under RUNNER_TEMP and puts the binary
# on GITHUB_PATH. Writes `version` (what --version says) to GITHUB_OUTPUT. Nothing is unpacked from a tarball
# whose checksum does not match.
set -euo pipefail

fail() {
    echo "::error title=photoroom-batch install::$*" >&2
    exit 1
}

[ "${RUNNER_OS:-Linux}" = Linux ] || fail "photoroom-batch releases are built for Linux only (this runner: $RUNNER_OS)"
case "${RUNNER_ARCH:-X64}" in
    X64) arch=x86_64 ;;
    ARM64) arch=aarch64 ;;
    *) fail "no photoroom-batch release for the runner architecture ${RUNNER_ARCH}" ;;
esac

version="${PRB_VERSION:-}"
if [ -z "$version" ]; then
    header="$PRB_ACTION_PATH/Sources/CPhotoroomBuildInfo/include/CPhotoroomBuildInfo.h"
    version=$(sed -n 's/^#define PHOTOROOM_BATCH_BASE_VERSION "\(.*\)"$/\1/p' "$header")
    [ -n "$version" ] || fail "no version input, and $header does not name one"
fi
version="${version#v}"
name="photoroom-batch-$version-linux-$arch"
base="${PRB_RELEASE_URL:-https://github.com/${PRB_ACTION_REPOSITORY:?}/releases/download/v$version}"

folder="${RUNNER_TEMP:?}/photoroom-batch-install"
rm -rf "$folder"
mkdir -p "$folder"
echo "Downloading $base/$name.tar.gz"
curl --fail --silent --show-error --location --retry 3 --output "$folder/$name.tar.gz" "$base/$name.tar.gz" ||
    fail "could not download $base/$name.tar.gz"

expected="${PRB_SHA256:-}"
if [ -z "$expected" ]; then
    curl --fail --silent --show-error --location --retry 3 --output "$folder/$name.tar.gz.sha256" \
        "$base/$name.tar.gz.sha256" || fail "could not download $base/$name.tar.gz.sha256"
    expected=$(cut -d' ' -f1 "$folder/$name.tar.gz.sha256")
fi
actual=$(sha256sum "$folder/$name.tar.gz" | cut -d' ' -f1)
if [ "$actual" != "$expected" ]; then
    rm -f "$folder/$name.tar.gz"
    fail "$name.tar.gz has SHA-256 $actual, expected $expected: refusing to run it"
fi
echo "SHA-256 checked: $actual"

tar -xzf "$folder/$name.tar.gz" -C "$folder"
binary="$folder/$name/photoroom-batch"
[ -x "$binary" ] || fail "$name.tar.gz holds no $name/photoroom-batch"
echo "$folder/$name" >>"${GITHUB_PATH:?}"
said=$("$binary" --version)
echo "version=$said" >>"${GITHUB_OUTPUT:?}"
echo "Installed photoroom-batch $said"
