#!/usr/bin/env bash
# Sharding at scale, in a simulation: a synthetic tree of FILES tiny images (hard links to a few real files,
# 1,000 per folder, under /var/tmp), then `estimate --shard K/N --validate header` for every part K of N, for
# N in PARTS. Prints, per part: inputs, wall time and peak RSS (/usr/bin/time -v), and per N the slopes:
# microseconds and bytes of peak RSS per input of the part, so linear growth shows as flat slopes.
# Target: every part under 300 MB of peak RSS.
#
# Every part still lists (stats) the whole tree to learn which files are its own; only its own files are
# kept and validated, so a part's memory follows its own inputs. The last run, part 1 of 1,000, validates almost
# nothing: it measures the fixed cost of a part. The tree is removed at the end.
#
# Release build first: `swift build -c release --product photoroom-batch` (PHOTOROOM_BATCH_BIN overrides it).
#
# Usage: benchmarks/shard-scale.sh [FILES] [PARTS]      (defaults: 100000 "1 2 4")
set -euo pipefail
cd "$(dirname "$0")/.."

files="${1:-100000}"
parts_list="${2:-1 2 4}"
bin="${PHOTOROOM_BATCH_BIN:-.build/release/photoroom-batch}"
[ -x "$bin" ] || { echo "no release binary at $bin: swift build -c release --product photoroom-batch" >&2; exit 64; }

# Room: a directory entry per file (~64 bytes) and an inode per folder; refuse below 2 GB or too few inodes.
free_kb="$(df -Pk /var/tmp | awk 'NR==2 {print $4}')"
free_inodes="$(df -Pi /var/tmp | awk 'NR==2 {print $4}')"
if [ "$free_kb" -lt 2000000 ] || [ "$free_inodes" -lt $((files / 1000 + 1000)) ]; then
    echo "not enough room in /var/tmp: ${free_kb} KB, ${free_inodes} inodes free" >&2
    exit 1
fi

work="$(mktemp -d /var/tmp/prb-shard-scale.XXXXXX)"
trap 'rm -rf "$work"' EXIT

start=$(date +%s.%N)
python3 - "$work/tree" "$files" Samples/bottle-blue.jpg Samples/mug-green.png Samples/sneaker-red.jpg \
    Samples/lamp-cutout.png <<'PY'
import os, shutil, sys
root, count, originals = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
# A file takes at most 65,000 hard links on ext4: link to enough copies of the originals.
copies = count // (50_000 * len(originals)) + 1
os.makedirs(os.path.join(root, "..", "sources"))
sources = []
for c in range(copies):
    for original in originals:
        source = os.path.join(root, "..", "sources", f"{c}-{os.path.basename(original)}")
        shutil.copyfile(original, source)
        sources.append(source)
for i in range(count):
    folder = os.path.join(root, f"d{i // 1000:04d}")
    if i % 1000 == 0:
        os.makedirs(folder)
    source = sources[i % len(sources)]
    os.link(source, os.path.join(folder, f"item-{i:07d}{os.path.splitext(source)[1]}"))
PY
echo "tree: $files hard links in $(( files / 1000 + 1 )) folders, made in $(echo "$(date +%s.%N) - $start" | bc) s"
echo "machine: $(nproc) cores, $(uname -sr), $("$bin" --version)"
echo
printf '%-6s %-8s %10s %9s %11s\n' N part inputs seconds "peak MB"
: >"$work/rows"

# The floor: part 1 of 1,000 validates about FILES/1,000 files, so its time and memory are the fixed cost of a
# part (listing the whole tree, the process itself).
for n in $parts_list 1000; do
    total=0
    parts_to_run="$(seq 1 "$n")"
    [ "$n" = 1000 ] && parts_to_run=1
    for k in $parts_to_run; do
        log="$work/time-$n-$k.log"
        /usr/bin/time -v "$bin" estimate "$work/tree" --shard "$k/$n" --validate header --plan basic --json \
            >"$work/report.json" 2>"$log" || true
        inputs="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["totals"]["files"])' "$work/report.json")"
        seconds="$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$log")"
        peak_kb="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")"
        total=$((total + inputs))
        printf '%-6s %-8s %10d %9.2f %11.1f\n' "$n" "$k/$n" "$inputs" "$seconds" "$(echo "$peak_kb / 1024" | bc -l)"
        echo "$inputs $seconds $peak_kb" >>"$work/rows"
        if [ "$((peak_kb / 1024))" -ge 300 ]; then echo "  ^ over the 300 MB target"; fi
    done
    [ "$n" = 1000 ] || [ "$total" -eq "$files" ] || echo "  ! the parts of $n hold $total inputs, the tree $files"
done

# Least squares over every part: time and peak RSS as a fixed cost plus a cost per input of the part.
python3 - "$work/rows" <<'PY'
import sys
rows = [tuple(map(float, line.split())) for line in open(sys.argv[1]) if line.strip()]
def fit(ys):
    xs = [r[0] for r in rows]
    n, mx, my = len(xs), sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    return my - slope * mx, slope
t0, t1 = fit([r[1] for r in rows])
m0, m1 = fit([r[2] * 1024 for r in rows])
print()
print(f"fit over {len(rows)} parts: time = {t0:.2f} s + {t1 * 1e6:.1f} us x inputs of the part")
print(f"                  peak RSS = {m0 / 2**20:.1f} MB + {m1:.0f} bytes x inputs of the part")
PY
