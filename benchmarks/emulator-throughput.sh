#!/usr/bin/env bash
# Emulator throughput: edits per second for 1000 x 1000 JPEG uploads to POST /v2/edit.
#
# Builds the release binary (unless PHOTOROOM_BATCH_BIN points at one, or it is already built), starts
# `photoroom-batch emulator` on a free loopback port with no added latency and the rate limit off, generates
# a 1000 x 1000 product-on-white JPEG (Python writes a PPM, cjpeg encodes it), and fires REQUESTS edits from
# CONCURRENCY keep-alive connections with benchmarks/emulator-throughput.py. Each output format is measured:
# the default (cutout, PNG out) and export.format=jpeg. Target: >= 100 edits/s.
#
# Usage: benchmarks/emulator-throughput.sh [REQUESTS] [CONCURRENCY]
set -euo pipefail
cd "$(dirname "$0")/.."

requests="${1:-400}"
concurrency="${2:-8}"
source benchmarks/lib.sh
bench_init
command -v cjpeg >/dev/null || { echo "cjpeg not found (apt-get install libjpeg-turbo-progs)" >&2; exit 1; }

# A product on a white background: a shaded box with a label and some texture, 1000 x 1000.
python3 - "$work/product.ppm" <<'PY'
import random, sys
w = h = 1000
rng = random.Random(7)
rows = bytearray()
for y in range(h):
    for x in range(w):
        if 250 <= x < 750 and 180 <= y < 820:
            shade = 120 + (x - 250) * 80 // 500
            noise = rng.randrange(-12, 13)
            if 420 <= y < 560 and 320 <= x < 680:
                rows += bytes((230, 200 + noise // 2, 40))
            else:
                rows += bytes((max(0, min(255, shade + noise)), 40, 60))
        else:
            rows += b"\xff\xff\xff"
with open(sys.argv[1], "wb") as f:
    f.write(b"P6\n%d %d\n255\n" % (w, h) + bytes(rows))
PY
cjpeg -quality 85 -outfile "$work/product.jpg" "$work/product.ppm"

start_emulator --plan plus --credits 100000000 --rate-limit 0
curl -fsS -H "x-api-key: $key" "http://127.0.0.1:$port/v2/account" >/dev/null

# utime + stime of a process, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

echo "input: $(stat -c %s "$work/product.jpg") bytes, 1000x1000 JPEG; $requests edits, concurrency $concurrency"
echo "cpu: $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load: $(cut -d' ' -f1-3 /proc/loadavg)"
for variant in "png (default, cutout)|" "jpeg (export.format=jpeg)|export.format=jpeg" \
    "1000x1000 + padding + colour|outputSize=1000x1000 padding=0.1 background.color=FFFFFF"; do
    label="${variant%%|*}"
    fields="${variant#*|}"
    cpu_before="$(cpu_ticks "$emulator_pid")"
    # shellcheck disable=SC2086
    result="$(python3 benchmarks/emulator-throughput.py "http://127.0.0.1:$port" "$key" "$work/product.jpg" \
        "$requests" "$concurrency" $fields)"
    cpu_after="$(cpu_ticks "$emulator_pid")"
    # Server CPU per edit (warm-up calls included: 2 x concurrency), and what 2 cores would sustain at that cost.
    per_edit_ms="$(python3 -c "t=($cpu_after-$cpu_before)*1000/$(getconf CLK_TCK); n=$requests+2*$concurrency; print(f'{t/n:.1f} ms CPU/edit, {n/t*1000*$(nproc):.0f} edits/s on $(nproc) cores if the server had them alone')")"
    echo "$label: $result"
    echo "    server: $per_edit_ms"
done
curl -fsS "http://127.0.0.1:$port/_emulator/state" | python3 -c \
    'import json,sys; s=json.load(sys.stdin); print("emulator: peak concurrent", s["peakConcurrentRequests"], "| successful edits", s["successfulEdits"], "| 5xx", s["serverErrorResponses"])'
