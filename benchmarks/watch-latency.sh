#!/usr/bin/env bash
# Watch latency: the time from a file's last write in INPUT_DIR to its result in OUT_DIR, in watch mode,
# through the real HTTP client and the in-process emulator with no added latency.
#
# Target (issue "Watch mode"): with inotify, a result appears within settle + 1 s of the last write.
# The polling backend is measured too; its bound is settle + poll interval + 1 s.
#
# Usage: benchmarks/watch-latency.sh [FILES]        (default 10 files per backend)
# Environment: WATCH_LATENCY_SETTLE (seconds, default 2, the default of --settle).
#
# It runs the `WatchLatencyBenchmark` suite of PhotoroomPipelineTests (disabled unless WATCH_LATENCY_BENCH=1),
# which starts a WatchService on a temporary folder, writes each file in two chunks 100 ms apart, and polls
# OUT_DIR every 25 ms for the result. Debug build (the build `swift test` uses).
set -euo pipefail
cd "$(dirname "$0")/.."

files="${1:-10}"
settle="${WATCH_LATENCY_SETTLE:-2}"

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
swift build --build-tests >"$log" 2>&1 || {
    cat "$log"
    echo "watch-latency: the build failed" >&2
    exit 1
}
WATCH_LATENCY_BENCH=1 WATCH_LATENCY_FILES="$files" WATCH_LATENCY_SETTLE="$settle" \
    swift test --skip-build --filter WatchLatencyBenchmark >"$log" 2>&1 || {
    cat "$log"
    echo "watch-latency: the benchmark run failed" >&2
    exit 1
}

lines="$(grep '^watch-latency:' "$log" || true)"
if [ -z "$lines" ]; then
    cat "$log"
    echo "watch-latency: no figures were printed" >&2
    exit 1
fi

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "$lines"

status=0
while read -r line; do
    backend="$(sed -n 's/.*backend=\([a-z]*\).*/\1/p' <<<"$line")"
    max="$(sed -n 's/.* max=\([0-9.]*\).*/\1/p' <<<"$line")"
    poll="$(sed -n 's/.* poll=\([0-9.]*\).*/\1/p' <<<"$line")"
    bound="$(awk -v s="$settle" -v p="${poll:-0}" 'BEGIN { printf "%.3f", s + p + 1 }')"
    if awk -v m="$max" -v b="$bound" 'BEGIN { exit !(m <= b) }'; then
        echo "$backend: max $max s <= bound $bound s: OK"
    else
        echo "$backend: max $max s > bound $bound s: OVER"
        status=1
    fi
done <<<"$lines"
exit "$status"
