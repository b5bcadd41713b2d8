#!/usr/bin/env bash
# The HTML report with 10,000 items: time until the page is usable in headless Chromium (target: 2 s), and the
# cost of making the thumbnails.
#
# 1. COUNT (default 10,000) 64x64 PNG inputs (run-gen-images.py) and a finished run's manifest over them
#    (report-make-manifest.py: mixed statuses, results as hard links), then `photoroom-batch report OUT --input IN`,
#    which makes every thumbnail (inputs and results; timed) and writes OUT/report.html.
# 2. ROUNDS (default 3) loads of report.html in chromium-headless-shell with --dump-dom. The page stamps
#    `data-ready-ms` (performance.now() when the first page of cards is in the DOM) on its root element; the
#    figure is that stamp, and the wall time of the whole headless load (browser start included) is printed beside.
#    The best and the median round are shown with the ratio to the 2 s target.
#
# Usage: benchmarks/report-10k.sh [COUNT]   (PHOTOROOM_BATCH_BIN overrides the binary; ROUNDS the number of loads)
set -euo pipefail
cd "$(dirname "$0")/.."

count="${1:-10000}"
rounds="${ROUNDS:-3}"
browser="${PHOTOROOM_BATCH_BROWSER:-$(command -v chromium-headless-shell || true)}"
[ -n "$browser" ] || { echo "report-10k: no chromium-headless-shell (apt-get install chromium-headless-shell)" >&2; exit 2; }
source benchmarks/lib.sh
bench_init

python3 benchmarks/run-gen-images.py "$work/in" "$count"
python3 benchmarks/report-make-manifest.py "$work/in" "$work/out" "$count"

machine_line
start=$(date +%s.%N)
"$bin" report "$work/out" --input "$work/in"
end=$(date +%s.%N)
thumbs=$(find "$work/out/.photoroom-batch/thumbs" -name '*.jpg' | wc -l)
python3 -c "import sys; s=$end-$start; print(f'report + thumbnails: {s:.2f} s for $count items ({$thumbs} thumbnails, {1000*s/$count:.2f} ms an item)')"
start=$(date +%s.%N)
"$bin" report "$work/out" --input "$work/in" >/dev/null
end=$(date +%s.%N)
python3 -c "print(f'again, every thumbnail reused: {$end-$start:.2f} s')"
echo "report.html: $(du -k "$work/out/report.html" | cut -f1) KB"

results=()
for round in $(seq 1 "$rounds"); do
    start=$(date +%s.%N)
    timeout --kill-after=5 60 "$browser" --no-sandbox --disable-gpu --no-first-run \
        --user-data-dir="$work/profile-$round" --window-size=1280,900 --dump-dom "file://$work/out/report.html" \
        >"$work/dom.html" 2>"$work/browser.log"
    end=$(date +%s.%N)
    ready=$(grep -o 'data-ready-ms="[0-9.]*"' "$work/dom.html" | head -1 | grep -o '[0-9.]*' || echo "")
    cards=$(grep -o '<article class="card' "$work/dom.html" | wc -l)
    [ -n "$ready" ] || { echo "round $round: the page did not finish (see $work/browser.log)"; exit 1; }
    wall=$(python3 -c "print(round(($end-$start)*1000))")
    echo "round $round: usable after ${ready} ms (first $cards cards drawn); headless load wall ${wall} ms"
    results+=("$ready")
done
python3 - "${results[@]}" <<'PY'
import statistics, sys
values = sorted(float(v) for v in sys.argv[1:])
best, median = values[0], statistics.median(values)
print(f"usable after: best {best:.0f} ms, median {median:.0f} ms; target 2000 ms; ratio {median / 2000:.3f}")
sys.exit(0 if median <= 2000 else 1)
PY
