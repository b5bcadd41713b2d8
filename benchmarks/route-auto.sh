#!/usr/bin/env bash
# `--route "${ROUTE:-auto}"` throughput: IMAGES (default 1,000) small PNGs through /v1/segment plus local finishing into the
# README's sample recipe (white background, padding 0.1, 1000 × 1000, JPEG), emulator latency 200 ms,
# --concurrency 8, through the real binary and HTTP client. The ideal wall time is IMAGES × 0.2 s / 8 (25 s for
# 1,000). Target: wall time ≤ 1.10 × ideal, every image done with one /v1/segment call and no /v2/edit call.
#
# The emulator runs as its own process (`photoroom-batch emulator`, rate limit off). Release build:
# `swift build -c release --product photoroom-batch` (PHOTOROOM_BATCH_BIN overrides the binary).
#
# Usage: [ROUTE=edit] benchmarks/route-auto.sh [IMAGES]   (ROUTE=edit measures the same batch through /v2/edit)
set -euo pipefail
cd "$(dirname "$0")/.."

images="${1:-1000}"
latency_ms=200
concurrency=8
bin="${PHOTOROOM_BATCH_BIN:-.build/release/photoroom-batch}"
if [ ! -x "$bin" ]; then
    swift build -c release --product photoroom-batch >/dev/null
fi

work="$(mktemp -d)"
emulator_pid=""
cleanup() {
    if [ -n "$emulator_pid" ]; then kill "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# IMAGES distinct 64 × 64 PNGs (a coloured square on white; the colour encodes the index, so no two are the same
# content and the ledger reuses nothing).
python3 - "$work/in" "$images" <<'PY'
import os, struct, sys, zlib
folder, count = sys.argv[1], int(sys.argv[2])
def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
for index in range(count):
    colour = bytes((index % 256, (index // 256) * 40 % 256, 120))
    rows = b"".join(b"\x00" + b"".join(colour if 16 <= x < 48 and 16 <= y < 48 else b"\xff\xff\xff"
                                      for x in range(64)) for y in range(64))
    sub = os.path.join(folder, "shelf%03d" % (index // 100))
    os.makedirs(sub, exist_ok=True)
    with open(os.path.join(sub, "item%05d.png" % index), "wb") as handle:
        handle.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 64, 64, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))
PY

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
key="bench_$(date +%s)_key"
"$bin" emulator --port "$port" --rate-limit 0 --latency-ms "$latency_ms" --credits 10000000 --key "$key" \
    --request-log "$work/requests.jsonl" >"$work/emulator.log" 2>&1 &
emulator_pid=$!
for _ in $(seq 1 100); do
    if curl -sf -H "x-api-key: $key" "http://127.0.0.1:$port/v2/account" >/dev/null; then break; fi
    sleep 0.1
done

wall_seconds() { awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$1"; }
peak_mb() { awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$1"; }
cpu_seconds() { awk -F': ' '/User time|System time/ {s+=$2} END {printf "%.1f", s}' "$1"; }

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC'), binary $bin"

# The README's sample recipe (the committed pipeline.json's edit section).
cat >"$work/run.json" <<'JSON'
{"version": 1, "edit": {"removeBackground": true, "background.color": "FFFFFF", "padding": 0.1,
 "outputSize": "1000x1000", "export.format": "jpeg"}}
JSON

status=0
PHOTOROOM_API_KEY="$key" /usr/bin/time -v "$bin" run "$work/in" --out "$work/out" --config "$work/run.json" \
    --api-base "http://127.0.0.1:$port" --concurrency "$concurrency" --plan basic --route "${ROUTE:-auto}" --progress none \
    >"$work/run.out" 2>"$work/run.err" || { cat "$work/run.err"; echo "route-auto: the run failed" >&2; exit 1; }
read -r succeeded charged saved < <(python3 -c '
import json, sys
t = json.load(open(sys.argv[1]))["totals"]
print(t["succeeded"], t["imagesCharged"], t.get("imagesSavedByRoute", 0))' "$work/out/manifest.json")
read -r segments edits < <(python3 -c '
import json, sys
calls = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print(sum(1 for c in calls if c["method"] == "POST" and c["path"] == "/v1/segment"),
      sum(1 for c in calls if c["method"] == "POST" and c["path"] == "/v2/edit"))' "$work/requests.jsonl")
wall="$(wall_seconds "$work/run.err")"
rss="$(peak_mb "$work/run.err")"
cpu="$(cpu_seconds "$work/run.err")"
ideal="$(python3 -c "print($images * $latency_ms / 1000 / $concurrency)")"
ratio="$(python3 -c "print(round($wall / $ideal, 3))")"
echo "route ${ROUTE:-auto}: $images images, latency ${latency_ms} ms, concurrency $concurrency: ${succeeded} succeeded," \
    "${segments} /v1/segment + ${edits} /v2/edit calls, ${charged} images charged (${saved} saved)," \
    "wall ${wall} s (ideal ${ideal} s, ratio ${ratio}), runner CPU ${cpu} s, peak RSS ${rss} MB"
python3 -c "import sys; sys.exit(0 if $ratio <= 1.10 else 1)" || { echo "  over the 1.10 × ideal target"; status=1; }
[ "$succeeded" = "$images" ] || {
    echo "  not every image succeeded"; status=1
    python3 -c '
import json, sys, collections
m = json.load(open(sys.argv[1]))
print("  statuses:", dict(collections.Counter(i["status"] for i in m["items"])), "outcome:", m["run"].get("outcome"))
for i in [i for i in m["items"] if i["status"] != "succeeded"][:3]:
    print("  ", i["inputPath"], i["status"], i.get("errorCode"), i.get("errorMessage") or i.get("note"))' "$work/out/manifest.json"
    tail -5 "$work/run.err"
}
[ "$segments" = "$images" ] && [ "$edits" = "0" ] || { echo "  not one /v1/segment call per image"; status=1; }
exit $status
