#!/usr/bin/env bash
# Batch runs under a rate limit, through the real binary and HTTP client against the emulator (its own process).
#
# 1. IMAGES (default 300) small PNGs against `emulator --rate-limit 50 --rate-window 5 --rate-scope images`
#    (50 image calls in any 5 s, i.e. 10 per second), latency LATENCY_MS (default 50 ms), twice: the server
#    sends `Retry-After`, then it sends none (`--no-retry-after`, as Photoroom documents none).
#    Ideal wall time: the earliest the last call can start when every window's credit is used the moment it
#    frees, (IMAGES − LIMIT) × WINDOW / LIMIT = (300 − 50) × 5 / 50 = 25 s. Targets: ≤ 1.10 × ideal and ≤ 2 % of
#    the image calls answered 429, in both modes. (`--rate-scope images`: Photoroom words its limit in images
#    per minute, so the preflight's account call does not use a slot.)
# 2. UNLIMITED_IMAGES (default 1,000) with no limit, latency 200 ms, --concurrency 8: ideal IMAGES × 0.2 / 8
#    (25 s). Target ≤ 1.05 × ideal.
#
# 3. With BASELINE=1, the same unlimited batch through benchmarks/thread-pool-client.py (a plain Python thread pool
#    of 8 keep-alive connections: no preflight, journal or report) on a fresh emulator: the floor of this machine
#    and server, for reference.
#
# Every run gets a fresh OUT_DIR, so nothing learned by an earlier run helps (a new user's first run).
# CONCURRENCY (default: the tool's default, 4) is the rate-limited runs' --concurrency.
# Release build: `swift build -c release --product photoroom-batch` (built here if missing).
# PHOTOROOM_BATCH_BIN overrides the binary.
#
# Usage: benchmarks/rate-limit.sh [IMAGES] [UNLIMITED_IMAGES]
set -euo pipefail
cd "$(dirname "$0")/.."

images="${1:-300}"
unlimited_images="${2:-1000}"
limit="${LIMIT:-50}"
window="${WINDOW:-5}"
latency_ms="${LATENCY_MS:-50}"
concurrency="${CONCURRENCY:-}"
bin="${PHOTOROOM_BATCH_BIN:-.build/release/photoroom-batch}"
if [ ! -x "$bin" ]; then
    swift build -c release --product photoroom-batch >/dev/null
fi

work="$(mktemp -d)"
emulator_pid=""
stop_emulator() {
    if [ -n "$emulator_pid" ]; then kill "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true; fi
    emulator_pid=""
}
cleanup() { stop_emulator; rm -rf "$work"; }
trap cleanup EXIT

python3 benchmarks/run-gen-images.py "$work/in" "$images"
python3 benchmarks/run-gen-images.py "$work/in-unlimited" "$unlimited_images"
echo '{"version": 1, "edit": {"removeBackground": true, "background.color": "FFFFFF"}}' >"$work/run.json"
key="bench_$(date +%s)_key"

# Starts the emulator with the given flags on a free loopback port; sets $port.
start_emulator() {
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
    "$bin" emulator --port "$port" --credits 10000000 --key "$key" "$@" >"$work/emulator.log" 2>&1 &
    emulator_pid=$!
    for _ in $(seq 1 100); do
        if curl -sf -H "x-api-key: $key" "http://127.0.0.1:$port/_emulator/state" >/dev/null; then return 0; fi
        sleep 0.1
    done
    cat "$work/emulator.log"; echo "rate-limit: the emulator did not start" >&2; exit 1
}

# Runs the batch in $1 into $2 with extra flags; sets $wall (seconds) and $succeeded.
run_batch() {
    local input="$1" out="$2"; shift 2
    local started ended
    started="$(date +%s.%N)"
    PHOTOROOM_API_KEY="$key" "$bin" run "$input" --out "$out" --config "$work/run.json" \
        --api-base "http://127.0.0.1:$port" --plan basic --progress none "$@" \
        >"$work/run.out" 2>"$work/run.err" || { cat "$work/run.err"; echo "rate-limit: the run failed" >&2; exit 1; }
    ended="$(date +%s.%N)"
    wall="$(python3 -c "print(round($ended - $started, 2))")"
    succeeded="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["totals"]["succeeded"])' "$out/manifest.json")"
}

# Reads the emulator's counters: sets $edit_calls and $refused.
read_counters() {
    local state
    state="$(curl -sf -H "x-api-key: $key" "http://127.0.0.1:$port/_emulator/state")"
    edit_calls="$(echo "$state" | python3 -c 'import json,sys; print(json.load(sys.stdin)["callsPerEndpoint"].get("POST /v2/edit", 0))')"
    refused="$(echo "$state" | python3 -c 'import json,sys; print(json.load(sys.stdin)["rateLimitedResponses"])')"
}

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC'), binary $bin"
status=0
ideal="$(python3 -c "print(($images - $limit) * $window / $limit)")"
concurrency_flags=()
[ -n "$concurrency" ] && concurrency_flags=(--concurrency "$concurrency")
for mode in retry-after no-retry-after; do
    flags=(--rate-limit "$limit" --rate-window "$window" --rate-scope images --latency-ms "$latency_ms")
    [ "$mode" = no-retry-after ] && flags+=(--no-retry-after)
    start_emulator "${flags[@]}"
    run_batch "$work/in" "$work/out-$mode" "${concurrency_flags[@]}"
    read_counters
    stop_emulator
    ratio="$(python3 -c "print(round($wall / $ideal, 3))")"
    percent="$(python3 -c "print(round(100 * $refused / max(1, $edit_calls), 2))")"
    echo "rate limit $limit per ${window} s, $mode, latency ${latency_ms} ms, concurrency ${concurrency:-default}:" \
        "$succeeded/$images succeeded, wall ${wall} s (ideal ${ideal} s, ratio ${ratio}), 429s ${refused} of" \
        "${edit_calls} calls (${percent} %)"
    python3 -c "import sys; sys.exit(0 if $ratio <= 1.10 else 1)" || { echo "  over the 1.10 × ideal target"; status=1; }
    python3 -c "import sys; sys.exit(0 if $percent <= 2 else 1)" || { echo "  over the 2 % of 429s target"; status=1; }
    [ "$succeeded" = "$images" ] || { echo "  not every image succeeded"; status=1; }
done

start_emulator --rate-limit 0 --latency-ms 200
run_batch "$work/in-unlimited" "$work/out-unlimited" --concurrency 8
stop_emulator
ideal="$(python3 -c "print($unlimited_images * 0.2 / 8)")"
ratio="$(python3 -c "print(round($wall / $ideal, 3))")"
echo "no limit, latency 200 ms, concurrency 8: $succeeded/$unlimited_images succeeded, wall ${wall} s" \
    "(ideal ${ideal} s, ratio ${ratio})"
python3 -c "import sys; sys.exit(0 if $ratio <= 1.05 else 1)" || { echo "  over the 1.05 × ideal target"; status=1; }
[ "$succeeded" = "$unlimited_images" ] || { echo "  not every image succeeded"; status=1; }
if [ "${BASELINE:-0}" = 1 ]; then
    start_emulator --rate-limit 0 --latency-ms 200
    echo "for reference, a plain Python thread pool on the same server: $(
        python3 benchmarks/thread-pool-client.py "$port" "$key" "$work/in-unlimited" "$work/out-baseline" 8 200)"
    stop_emulator
fi
exit $status
