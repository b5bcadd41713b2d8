#!/usr/bin/env bash
# What keeping the report up to date costs a batch run: run-throughput.sh's batch (IMAGES small PNGs, emulator
# latency 200 ms, --concurrency 8, release binary) timed with the report (thumbnails made as items finish,
# report.html rewritten with the manifest) and with --no-report, alternately ROUNDS times into fresh OUT_DIRs.
# Prints each wall time, the medians and their ratio. Target (issue "HTML report"): ratio <= 1.05.
#
# Usage: benchmarks/report-overhead.sh [IMAGES] [ROUNDS]   (PHOTOROOM_BATCH_BIN overrides the binary)
set -euo pipefail
cd "$(dirname "$0")/.."

images="${1:-1000}"
rounds="${2:-3}"
latency_ms=200
concurrency=8
source benchmarks/lib.sh
bench_init

python3 benchmarks/run-gen-images.py "$work/in" "$images"
start_emulator --rate-limit 0 --latency-ms "$latency_ms" --credits 100000000
echo '{"version": 1, "edit": {"removeBackground": true, "background.color": "FFFFFF"}}' >"$work/run.json"
machine_line

# One run into a fresh OUT_DIR; prints its wall time in seconds.
one_run() {
    local out="$work/out-$1-$2"
    shift 2
    local started ended
    started="$(date +%s.%N)"
    PHOTOROOM_API_KEY="$key" "$bin" run "$work/in" --out "$out" --config "$work/run.json" \
        --api-base "http://127.0.0.1:$port" --concurrency "$concurrency" --plan basic --progress none "$@" \
        >"$out.log" 2>&1 || { cat "$out.log" >&2; echo "report-overhead: the run failed" >&2; exit 1; }
    ended="$(date +%s.%N)"
    python3 -c "print(round($ended - $started, 3))"
}

with=()
without=()
for round in $(seq 1 "$rounds"); do
    a="$(one_run report "$round")"
    b="$(one_run no-report "$round" --no-report)"
    with+=("$a")
    without+=("$b")
    thumbs="$(find "$work/out-report-$round/.photoroom-batch/thumbs" -name '*.jpg' | wc -l)"
    echo "round $round: with report ${a} s ($thumbs thumbnails), --no-report ${b} s"
    [ -f "$work/out-no-report-$round/report.html" ] && { echo "  --no-report wrote report.html" >&2; exit 1; }
done
python3 - "${with[*]}" "${without[*]}" <<'PY'
import statistics, sys
with_report = [float(x) for x in sys.argv[1].split()]
without = [float(x) for x in sys.argv[2].split()]
a, b = statistics.median(with_report), statistics.median(without)
ratio = a / b
print(f"median: with report {a:.2f} s, --no-report {b:.2f} s, ratio {ratio:.3f} (target <= 1.05)")
sys.exit(0 if ratio <= 1.05 else 1)
PY
