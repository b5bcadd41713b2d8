#!/usr/bin/env bash
# What making thumbnails costs, per image, against the batch benchmark (target: at most 5 % of it).
#
# Writes SMALL (default 1,000) distinct 64x64 PNGs (the size benchmarks/run-throughput.sh sends) and LARGE
# (default 40) distinct 1000x1000 PNGs (a catalog-sized result), a finished run's manifest over each set
# (benchmarks/report-make-manifest.py), then times `photoroom-batch report OUT --input IN` with every thumbnail
# missing (one decode + box downscale + JPEG encode per distinct file; results are hard links of the inputs, so
# one thumbnail per item) and again with every thumbnail present (reuse: hashing and the page only).
# The difference, divided by the item count, is the thumbnail cost per item, on PARALLELISM threads (the
# report command's, = cores). The batch benchmark's figure (run-throughput.sh: 1,000 items in 26.84 s) is
# the reference: cost = thumbnail CPU for 1,000 items / 26.84 s, as if none of it overlapped the workers' waits.
#
# Usage: benchmarks/report-thumbnails.sh [SMALL] [LARGE]   (PHOTOROOM_BATCH_BIN overrides the binary)
set -euo pipefail
cd "$(dirname "$0")/.."

small="${1:-1000}"
large="${2:-40}"
batch_seconds="${BATCH_SECONDS:-26.84}"
source benchmarks/lib.sh
bench_init

python3 - "$work" "$small" "$large" <<'PY'
import os, random, struct, sys, zlib
work, small, large = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def png(width, height, seed):
    rng = random.Random(seed)
    r, g, b = rng.randrange(256), rng.randrange(256), rng.randrange(256)
    row_plain = bytes((250, 250, 250)) * width
    rows = []
    for y in range(height):
        if height // 4 <= y < 3 * height // 4:
            inner = bytes((r, (g + y) % 256, b)) * (width // 2)
            row = row_plain[: 3 * (width // 4)] + inner + row_plain[3 * (width // 4) + len(inner):]
        else:
            row = row_plain
        rows.append(b"\x00" + row)
    rows[0] = b"\x00" + struct.pack(">I", seed) + rows[0][5:]  # distinct content for every seed
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
    head = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", head) + chunk(b"IDAT", zlib.compress(b"".join(rows), 6)) + chunk(b"IEND", b"")
for name, count, side in (("small", small, 64), ("large", large, 1000)):
    for index in range(count):
        folder = os.path.join(work, name, "in", "shelf%03d" % (index // 100))
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "item%05d.png" % index), "wb") as handle:
            handle.write(png(side, side, index))
PY

machine_line
for name in small large; do
    count=$([ "$name" = small ] && echo "$small" || echo "$large")
    python3 benchmarks/report-make-manifest.py "$work/$name/in" "$work/$name/out" "$count"
    # CPU time (user + system) of the whole command, cold (every thumbnail made) and warm (every one reused).
    /usr/bin/time -f "%e %U %S" -o "$work/cold.time" "$bin" report "$work/$name/out" --input "$work/$name/in" >/dev/null
    /usr/bin/time -f "%e %U %S" -o "$work/warm.time" "$bin" report "$work/$name/out" --input "$work/$name/in" >/dev/null
    made=$(find "$work/$name/out/.photoroom-batch/thumbs" -name '*.jpg' | wc -l)
    python3 - "$name" "$count" "$made" "$batch_seconds" "$(cat "$work/cold.time")" "$(cat "$work/warm.time")" <<'PY'
import sys
name, count, made, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
cold_wall, cold_user, cold_sys = (float(v) for v in sys.argv[5].split())
warm_wall, warm_user, warm_sys = (float(v) for v in sys.argv[6].split())
cpu = max(0.0, (cold_user + cold_sys) - (warm_user + warm_sys))
per_item = cpu / count
share = per_item * 1000 / batch
print(f"{name}: {count} items, {made} thumbnails made: cold {cold_wall:.2f} s wall / {cold_user + cold_sys:.2f} s CPU, "
      f"every thumbnail reused {warm_wall:.2f} s wall / {warm_user + warm_sys:.2f} s CPU; "
      f"thumbnails {1000 * per_item:.2f} ms CPU an item; 1,000 such items: {per_item * 1000:.2f} s CPU "
      f"= {100 * share:.1f} % of the {batch} s batch benchmark")
PY
done
