#!/usr/bin/env bash
# Compares single-threaded full-decode validation by photoroom-batch with libjpeg-turbo's djpeg on the same JPEGs.
#
#   benchmarks/validate-vs-djpeg.sh [COUNT]          (default COUNT=300)
#
# 1. Generates COUNT multi-megapixel JPEGs (3.1, 5.0 and 6.0 MP; qualities 75-95; a third progressive) into a
#    temporary folder (removed at exit): a few photo-like PPMs are written by Python's standard library, then
#    encoded by cjpeg with varying options, so every file is distinct.
# 2. Times `djpeg -outfile /dev/null FILE` over every file, one after another (one process per file).
# 3. Times `photoroom-batch validate-bench DIR` (ImageValidator(mode: .full).validate(fileAt:) over every file,
#    one after another, in one process). When the binary has no `validate-bench` subcommand, times
#    `photoroom-batch estimate DIR --plan basic --fail-on-invalid` offline instead, with a config that sets
#    validation.parallelism to 1 (that adds the scan and the pricing, both small next to decoding).
# Each side runs ROUNDS times (default 2) after a warm-up read; the best round counts. Prints both times and the
# ratio ours/djpeg (target <= 1.25).
#
# validate-bench prints one line: "files N valid V invalid I seconds S files/s R".
# Environment: BENCH_BIN (default .build/release/photoroom-batch; build it with
# `swift build -c release --product photoroom-batch`), ROUNDS, KEEP_DIR=1 to keep the generated files.
# Needs: bash, python3, cjpeg and djpeg (apt-get install libjpeg-turbo-progs).
set -euo pipefail

COUNT="${1:-300}"
ROUNDS="${ROUNDS:-2}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${BENCH_BIN:-$ROOT/.build/release/photoroom-batch}"

for tool in python3 cjpeg djpeg; do
    command -v "$tool" >/dev/null || { echo "error: $tool not found (apt-get install libjpeg-turbo-progs python3)" >&2; exit 2; }
done
[ -x "$BIN" ] || { echo "error: $BIN not found; run: swift build -c release --product photoroom-batch" >&2; exit 2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/validate-bench.XXXXXX")"
if [ "${KEEP_DIR:-0}" != 1 ]; then trap 'rm -rf "$WORK"' EXIT; fi
mkdir -p "$WORK/ppm" "$WORK/jpeg"

echo "generating $COUNT JPEGs in $WORK/jpeg ..."
python3 - "$WORK/ppm" <<'PY'
import random, sys
# Photo-like content without Pillow: a smooth random-walk texture, sliced per row with a drifting offset,
# plus a vertical light gradient. Row slicing keeps generation fast.
out = sys.argv[1]
sizes = [(2048, 1536), (2592, 1944), (3000, 2000)]
for variant in range(6):
    width, height = sizes[variant % 3]
    rng = random.Random(variant)
    length = width * 3 + height * 5 + 16
    walk, value = bytearray(length), 128.0
    for i in range(length):
        value += rng.uniform(-9, 9) - (value - 128) * 0.02
        walk[i] = max(0, min(255, int(value)))
    with open(f"{out}/base{variant}.ppm", "wb") as f:
        f.write(b"P6\n%d %d\n255\n" % (width, height))
        for y in range(height):
            shift = (y * 3 + (y // 97) * 7) % (length - width * 3)
            row = walk[shift:shift + width * 3]
            light = 40 * y // height
            f.write(row.translate(bytes(min(255, v + light) for v in range(256))))
PY
for i in $(seq 1 "$COUNT"); do
    base=$(( i % 6 ))
    quality=$(( 75 + (i * 7) % 21 ))
    extra=""
    if [ $(( i % 3 )) -eq 0 ]; then extra="-progressive"; fi
    cjpeg -quality "$quality" $extra -outfile "$WORK/jpeg/img$(printf %04d "$i").jpg" "$WORK/ppm/base$base.ppm"
done
rm -rf "$WORK/ppm"
BYTES=$(du -sb "$WORK/jpeg" | cut -f1)
echo "$COUNT files, $(( BYTES / 1000000 )) MB"

cat "$WORK"/jpeg/*.jpg >/dev/null  # warm the page cache

mkdir -p "$WORK/empty"
if "$BIN" validate-bench "$WORK/empty" 2>/dev/null | grep -q "^files 0 "; then
    run_ours() { "$BIN" validate-bench "$WORK/jpeg"; }
    echo "ours: $BIN validate-bench"
else
    printf '{"version": 1, "validation": {"mode": "full", "parallelism": 1}, "plan": "basic"}\n' >"$WORK/bench.json"
    run_ours() {
        env -u PHOTOROOM_API_KEY -u PHOTOROOM_API_BASE "$BIN" estimate "$WORK/jpeg" --config "$WORK/bench.json" \
            --plan basic --fail-on-invalid >/dev/null && echo "estimate: invalid 0"
    }
    echo "ours: $BIN estimate (validation.parallelism 1; no validate-bench subcommand)"
fi

now() { date +%s.%N; }
best_djpeg=""
best_ours=""
for round in $(seq 1 "$ROUNDS"); do
    start=$(now)
    for f in "$WORK"/jpeg/*.jpg; do djpeg -outfile /dev/null "$f"; done
    djpeg_s=$(python3 -c "print(f'{$(now) - $start:.3f}')")
    start=$(now)
    report=$(run_ours) || { echo "error: photoroom-batch failed or refused generated files" >&2; exit 1; }
    ours_s=$(python3 -c "print(f'{$(now) - $start:.3f}')")
    echo "round $round: djpeg ${djpeg_s}s, ours ${ours_s}s ($report)"
    case "$report" in *"invalid 0"*) ;; *) echo "error: our validator refused generated files: $report" >&2; exit 1 ;; esac
    best_djpeg=$(python3 -c "print(min(x for x in [$djpeg_s, ${best_djpeg:-1e9}]))")
    best_ours=$(python3 -c "print(min(x for x in [$ours_s, ${best_ours:-1e9}]))")
done
python3 - "$COUNT" "$best_djpeg" "$best_ours" <<'PY'
import sys
count, djpeg, ours = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
ratio = ours / djpeg
print(f"best of rounds: djpeg {djpeg:.2f} s ({count / djpeg:.1f} files/s), "
      f"photoroom-batch {ours:.2f} s ({count / ours:.1f} files/s), ratio {ratio:.2f} (target <= 1.25)")
PY
