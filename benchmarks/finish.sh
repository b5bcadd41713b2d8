#!/usr/bin/env bash
# Local finishing speed: a 2000 x 2000 RGBA cutout PNG (what /v1/segment returns with size=full) finished into
# the catalog recipe's 1000 x 1000 JPEG on white with 10 % padding, on one core: read + libpng decode + subject box
# + layout + area-average resampling in premultiplied linear light + compositing + libjpeg-turbo encode + write.
# Target: at most 100 ms (median of 15 runs after a warm-up). The figure compared with the target is the thread's
# CPU time (CLOCK_THREAD_CPUTIME_ID), which other processes on a shared machine do not inflate; the wall-clock
# median is printed beside it. Also prints Lanczos-3 and sRGB figures for reference.
#
# The cutout is synthetic (`photoroom-batch finish-bench --make-cutout 2000`): a textured shape with soft alpha
# edges, libpng level 6. Release build (`swift build -c release --product photoroom-batch`, built here if missing);
# PHOTOROOM_BATCH_BIN overrides the binary. One core: taskset -c 0 when available.
#
# Usage: benchmarks/finish.sh [SIDE] [OUTPUT_SIZE]
set -euo pipefail
cd "$(dirname "$0")/.."

side="${1:-2000}"
output_size="${2:-1000x1000}"
source benchmarks/lib.sh
bench_init
pin=()
if command -v taskset >/dev/null; then pin=(taskset -c 0); fi

cutout="$work/cutout-${side}.png"

line="$("${pin[@]}" "$bin" finish-bench "$cutout" --make-cutout "$side" --size "$output_size")"
echo "$line"
cpu="$(sed -E 's/.*cpu median ([0-9.]+) ms.*/\1/' <<<"$line")"
wall="$(sed -E 's/.*wall median ([0-9.]+) ms.*/\1/' <<<"$line")"
awk -v m="$cpu" -v w="$wall" 'BEGIN { printf "target: <= 100 ms on one core; CPU time %.1f ms = %.2f x target (%s); wall %.1f ms = %.2f x (load average %s)\n", m, m / 100, (m <= 100 ? "met" : "MISSED"), w, w / 100, "'"$(cut -d' ' -f1 /proc/loadavg)"'" }'
for variant in "--filter lanczos3" "--srgb"; do
    # shellcheck disable=SC2086
    "${pin[@]}" "$bin" finish-bench "$cutout" --size "$output_size" $variant
done
echo "machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
