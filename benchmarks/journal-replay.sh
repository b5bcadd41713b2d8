#!/usr/bin/env bash
# Journal replay: how long preflight takes to replay a large OUT_DIR/.photoroom-batch/journal.jsonl.
#
# Writes a journal of LINES lines (default 100,000: run-started, then attempt-started + item-finished pairs for
# distinct inputs, with realistic rows), then times `photoroom-batch run --dry-run --plan basic` on a folder of
# one image with that OUT_DIR, against the same command with an empty journal. The difference is the replay.
# Target (issue 8): under 1 s for 100,000 lines.
#
# Usage: benchmarks/journal-replay.sh [LINES]      PHOTOROOM_BATCH_BIN overrides the (release) binary.
set -euo pipefail
cd "$(dirname "$0")/.."

lines="${1:-100000}"
bin="${PHOTOROOM_BATCH_BIN:-.build/release/photoroom-batch}"
if [ ! -x "$bin" ]; then
    swift build -c release --product photoroom-batch >/dev/null
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 benchmarks/run-gen-images.py "$work/in" 1 >/dev/null
mkdir -p "$work/out/.photoroom-batch" "$work/empty"
python3 - "$work/out/.photoroom-batch/journal.jsonl" "$lines" <<'PY'
import json, sys, hashlib
path, lines = sys.argv[1], int(sys.argv[2])
settings = hashlib.sha256(b"settings").hexdigest()
with open(path, "w") as f:
    f.write(json.dumps({"kind": "run-started", "runID": "bench", "time": "2026-12-01T00:00:00Z",
                        "settingsHash": settings, "toolVersion": "bench", "configHash": settings,
                        "plan": "basic"}, sort_keys=True) + "\n")
    n = 1
    i = 0
    while n < lines:
        name = f"shelf{i % 50}/item{i}.jpg"
        sha = hashlib.sha256(name.encode()).hexdigest()
        f.write(json.dumps({"kind": "attempt-started", "runID": "bench", "time": "2026-12-01T00:00:01Z",
                            "path": name, "sha256": sha, "settingsHash": settings, "attempt": 1},
                           sort_keys=True) + "\n")
        n += 1
        if n >= lines:
            break
        item = {"inputPath": name, "sha256": sha, "format": "jpeg", "width": 900, "height": 1200, "bytes": 31337,
                "settingsHash": settings, "status": "succeeded", "outputPath": name[:-4] + ".png",
                "outputSHA256": hashlib.sha256(sha.encode()).hexdigest(), "imagesCharged": 5, "attempts": 1,
                "lastHTTPStatus": 200, "unknownOutcomes": 0, "possiblyBilledTwice": False,
                "responseHeaders": {"uncertaintyScore": "0.02"},
                "timings": {"startedAt": "2026-12-01T00:00:01Z", "finishedAt": "2026-12-01T00:00:02Z",
                            "totalSeconds": 1.2, "callSeconds": 1.1}}
        f.write(json.dumps({"kind": "item-finished", "runID": "bench", "time": "2026-12-01T00:00:02Z",
                            "path": name, "item": item}, sort_keys=True) + "\n")
        n += 1
        i += 1
PY

measure() {
    local out="$1"
    local best=""
    for _ in 1 2 3; do
        local start end
        start=$(date +%s.%N)
        "$bin" run "$work/in" --out "$out" --dry-run --plan basic --progress none >/dev/null 2>&1 || true
        end=$(date +%s.%N)
        best=$(python3 -c "a='$best'; b=$end-$start; print(b if a=='' else min(float(a), b))")
    done
    echo "$best"
}

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC'), binary $bin"
echo "journal: $(wc -l <"$work/out/.photoroom-batch/journal.jsonl") lines, $(du -h "$work/out/.photoroom-batch/journal.jsonl" | cut -f1)"
with=$(measure "$work/out")
without=$(measure "$work/empty")
python3 -c "
w=$with; e=$without; r=w-e
print(f'dry run with the journal: {w:.3f} s; with none: {e:.3f} s; replay: {r:.3f} s (target < 1 s): ' + ('ok' if r < 1 else 'SLOW'))
"
