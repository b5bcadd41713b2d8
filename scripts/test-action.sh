#!/usr/bin/env bash
# Tests the GitHub composite action (action.yml) by running its steps locally (scripts/run-action-locally.py)
# with a stand-in runner environment: the release URL is a local folder holding the tarball and its .sha256, and
# the tool runs against the built-in emulator (--emulator in `args`).
#   1. Samples/: installs, runs (exit 1 for the invalid samples, passed on by the last step), writes the summary,
#      the outputs and the artifact's files.
#   2. Samples/shoes: exit 0, the job succeeds.
#   3. A tampered tarball (its .sha256 left as published) and a wrong `sha256` input: refused before anything runs.
#
# Usage: scripts/test-action.sh [TARBALL]   (default: builds one with scripts/release.sh)
set -euo pipefail
tarball=$([ -z "${1:-}" ] || realpath "$1")
cd "$(dirname "$0")/.."
root=$(pwd)

if [ -z "$tarball" ]; then
    tarball=$(scripts/release.sh --print-tarball)
fi
name=$(basename "$tarball" .tar.gz)
version=${name#photoroom-batch-}
version=${version%-linux-*}

scratch=$(mktemp -d /var/tmp/photoroom-batch-action.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
. scripts/lib/check.sh

# A release folder as GitHub serves it: the tarball and its .sha256.
mkdir -p "$scratch/release" "$scratch/tampered"
cp "$tarball" "$tarball.sha256" "$scratch/release/"
cp "$tarball" "$tarball.sha256" "$scratch/tampered/"
# Tampered but well-formed (it would unpack and run): the same tree with one more line in its README.
mkdir "$scratch/repack"
tar -xzf "$tarball" -C "$scratch/repack"
echo "tampered" >>"$scratch/repack/$name/README.md"
tar -czf "$scratch/tampered/$name.tar.gz" -C "$scratch/repack" "$name"

# run_action SCENARIO INPUT=VALUE...: a fresh workspace (the samples and pipeline.json) and runner environment.
run_action() {
    local scenario=$1
    shift
    local folder="$scratch/$scenario"
    mkdir -p "$folder/workspace" "$folder/runner-temp"
    cp -r Samples pipeline.json "$folder/workspace/"
    : >"$folder/summary.md"
    (
        cd "$folder/workspace"
        env -u PHOTOROOM_API_KEY GITHUB_WORKSPACE="$folder/workspace" RUNNER_TEMP="$folder/runner-temp" \
            RUNNER_OS=Linux RUNNER_ARCH="$(case "$(uname -m)" in aarch64) echo ARM64 ;; *) echo X64 ;; esac)" \
            GITHUB_STEP_SUMMARY="$folder/summary.md" GITHUB_ACTION_REPOSITORY=example/photoroom-batch \
            python3 "$root/scripts/run-action-locally.py" "$root/action.yml" "$folder/result.json" "$@" \
            >"$folder/log.txt" 2>&1
    )
}
result() { # result SCENARIO PYTHON-EXPRESSION: evaluates the expression on the result `r` of the scenario.
    python3 -c "import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$scratch/$1/result.json"
}

run_action samples input=Samples out=out "args=--emulator --concurrency 2" "release-url=file://$scratch/release"
check "Samples: the job fails with the tool's exit 1 (the invalid samples), every step ran" result samples \
    "r['failed'] and r['outputs']['exit-code']=='1' and all(s['ran'] for s in r['steps']) and r['steps'][-1]['exitCode']==1"
check "Samples: the install step checked the SHA-256 and said the version" result samples \
    "r['steps'][0]['exitCode']==0 and r['outputs']['version'].startswith('$version (commit ')"
check "Samples: the manifest output and the artifact's files (manifest, report)" result samples \
    "r['outputs']['manifest']=='out/manifest.json' and sorted(r['artifact']['files'])==['out/manifest.json','out/report.html']"
check "Samples: the job summary has the totals and names an invalid file" bash -c \
    "grep -q '| 14 | 9 | 0 | 0 | 0 | 5 | 45 |' '$scratch/samples/summary.md' && grep -q 'invalid/empty.png' '$scratch/samples/summary.md'"

run_action shoes input=Samples/shoes out=out "args=--emulator" "release-url=file://$scratch/release"
check "Samples/shoes: exit 0, the job succeeds" result shoes "not r['failed'] and r['outputs']['exit-code']=='0'"

run_action tampered input=Samples out=out "args=--emulator" "release-url=file://$scratch/tampered"
check "a tampered tarball is refused: the install step fails, nothing runs" result tampered \
    "r['failed'] and r['steps'][0]['exitCode']!=0 and not any(s['ran'] for s in r['steps'][1:])"
check "a tampered tarball: the log says the SHA-256 does not match" grep -q "refusing to run it" "$scratch/tampered/log.txt"
check "a tampered tarball: no output folder" test ! -e "$scratch/tampered/workspace/out"

run_action pinned input=Samples out=out "args=--emulator" "release-url=file://$scratch/release" \
    "sha256=0000000000000000000000000000000000000000000000000000000000000000"
check "a wrong sha256 input is refused, nothing runs" result pinned \
    "r['failed'] and not any(s['ran'] for s in r['steps'][1:])"

if [ "$failures" -gt 0 ]; then
    for scenario in samples shoes tampered pinned; do
        echo "--- $scenario" >&2
        cat "$scratch/$scenario/log.txt" >&2 || true
    done
    echo "test-action.sh: $failures check(s) failed" >&2
    summary action
    exit 1
fi
echo "test-action.sh: all checks passed"
summary action
