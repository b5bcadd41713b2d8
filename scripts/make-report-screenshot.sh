#!/usr/bin/env bash
# Makes docs/report.png, the README's picture of the report: the main job on Samples/ (offline, against the
# built-in emulator), then `report` with the inputs, then a headless Chromium screenshot of out/report.html.
#
# Usage: scripts/make-report-screenshot.sh [OUT_DIR]   (default: a temporary folder; needs chromium-headless-shell
# and python3; PHOTOROOM_BATCH_BIN overrides `swift run photoroom-batch`)
set -euo pipefail
cd "$(dirname "$0")/.."

browser="${PHOTOROOM_BATCH_BROWSER:-$(command -v chromium-headless-shell || true)}"
[ -n "$browser" ] || { echo "no chromium-headless-shell (apt-get install chromium-headless-shell)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
out="${1:-$work/out}"
if [ -n "${PHOTOROOM_BATCH_BIN:-}" ]; then run=("$PHOTOROOM_BATCH_BIN"); else run=(swift run photoroom-batch); fi

# The main job of the README (exit 1: Samples/invalid/ holds broken files on purpose).
"${run[@]}" run Samples --out "$out" --emulator --progress none || [ $? -eq 1 ]
"${run[@]}" report "$out" --input Samples

timeout --kill-after=5 60 "$browser" --no-sandbox --disable-gpu --no-first-run --hide-scrollbars \
    --user-data-dir="$work/profile" --window-size=1280,1240 --virtual-time-budget=3000 \
    --screenshot="$work/report-full.png" "file://$(cd "$out" && pwd)/report.html" 2>"$work/browser.log"
# Down to 1024 px wide, palette-free PNG: small enough for the README.
python3 - "$work/report-full.png" docs/report.png <<'PY'
import subprocess, sys
src, dst = sys.argv[1], sys.argv[2]
try:
    from PIL import Image  # optional: a smaller file when Pillow is there
    image = Image.open(src).convert("RGB")
    image = image.resize((1024, round(image.height * 1024 / image.width)), Image.LANCZOS)
    image = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    image.save(dst, optimize=True)
except ImportError:
    import shutil
    shutil.copyfile(src, dst)
PY
echo "docs/report.png: $(du -k docs/report.png | cut -f1) KB"
