#!/usr/bin/env bash
# Batch-run throughput and memory, through the real binary and HTTP client against the emulator.
#
# 1. IMAGES (default 1,000) small PNGs, emulator latency 200 ms, --concurrency 8. The ideal wall time is
#    IMAGES × 0.2 s / 8 (25 s for 1,000). Targets: wall time ≤ 1.15 × ideal, peak RSS < 150 MB.
# 2. DRY_INPUTS (default 10,000) inputs, `run --dry-run` with header-only validation (offline, --plan basic).
#    Target: peak RSS < 100 MB.
#
# The emulator runs as its own process (`photoroom-batch emulator`, rate limit off), so the runner's peak RSS
# (/usr/bin/time -v) is the runner's alone. Release build: `swift build -c release --product photoroom-batch`
# (built here if missing; about 9 minutes on 2 cores). PHOTOROOM_BATCH_BIN overrides the binary.
#
# Usage: benchmarks/run-throughput.sh [IMAGES] [DRY_INPUTS]
set -euo pipefail
cd "$(dirname "$0")/.."

images="${1:-1000}"
dry_inputs="${2:-10000}"
latency_ms=200
concurrency=8
source benchmarks/lib.sh
bench_init

python3 benchmarks/run-gen-images.py "$work/in" "$images"
python3 benchmarks/run-gen-images.py "$work/in-dry" "$dry_inputs"

start_emulator --rate-limit 0 --latency-ms "$latency_ms" --credits 10000000

machine_line

# An explicit configuration, so ./pipeline.json (if any) does not change what is measured: a cut-out on
# white at the input's size, PNG out.
echo '{"version": 1, "edit": {"removeBackground": true, "background.color": "FFFFFF"}}' >"$work/run.json"

status=0
PHOTOROOM_API_KEY="$key" /usr/bin/time -v "$bin" run "$work/in" --out "$work/out" --config "$work/run.json" \
    --api-base "http://127.0.0.1:$port" --concurrency "$concurrency" --plan basic --progress none \
    >"$work/run.out" 2>"$work/run.err" || { cat "$work/run.err"; echo "run-throughput: the run failed" >&2; exit 1; }
succeeded="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["totals"]["succeeded"])' "$work/out/manifest.json")"
wall="$(wall_seconds "$work/run.err")"
rss="$(peak_mb "$work/run.err")"
ideal="$(python3 -c "print($images * $latency_ms / 1000 / $concurrency)")"
ratio="$(python3 -c "print(round($wall / $ideal, 3))")"
peak_concurrency="$(curl -sf -H "x-api-key: $key" "http://127.0.0.1:$port/_emulator/state" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin).get("peakConcurrentRequests","?"))' || echo "?")"
echo "run: $images images, latency ${latency_ms} ms, concurrency $concurrency: ${succeeded} succeeded," \
    "wall ${wall} s (ideal ${ideal} s, ratio ${ratio}), peak RSS ${rss} MB, emulator peak concurrency ${peak_concurrency}"
python3 -c "import sys; sys.exit(0 if $ratio <= 1.15 else 1)" || { echo "  over the 1.15 × ideal target"; status=1; }
python3 -c "import sys; sys.exit(0 if $rss < 150 else 1)" || { echo "  over the 150 MB target"; status=1; }
[ "$succeeded" = "$images" ] || { echo "  not every image succeeded"; status=1; }

echo '{"validation": {"mode": "header"}}' >"$work/header.json"
env -u PHOTOROOM_API_KEY /usr/bin/time -v "$bin" run "$work/in-dry" --out "$work/out-dry" --config "$work/header.json" \
    --dry-run --plan basic --progress none >"$work/dry.out" 2>"$work/dry.err" \
    || { cat "$work/dry.err"; echo "run-throughput: the dry run failed" >&2; exit 1; }
wall="$(wall_seconds "$work/dry.err")"
rss="$(peak_mb "$work/dry.err")"
echo "dry run: $dry_inputs inputs, header validation: wall ${wall} s, peak RSS ${rss} MB"
python3 -c "import sys; sys.exit(0 if $rss < 100 else 1)" || { echo "  over the 100 MB target"; status=1; }
exit $status
