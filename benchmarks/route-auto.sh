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
source benchmarks/lib.sh
bench_init

# IMAGES distinct 64 × 64 PNGs (a coloured square on white; no two are the same content, so the ledger reuses nothing).
python3 benchmarks/run-gen-images.py "$work/in" "$images"

start_emulator --rate-limit 0 --latency-ms "$latency_ms" --credits 10000000 --request-log "$work/requests.jsonl"

machine_line

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
