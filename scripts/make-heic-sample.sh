#!/usr/bin/env bash
# Makes Tests/Fixtures/heic/mug-orange.heic: a 480×360 HEIC (an orange mug on white, with a 120-px thumbnail, so
# the file holds two `ispe` properties and the primary image must be found through `pitm` + `ipma`).
#
# Needs heif-enc (Debian: apt-get install libheif-examples) and python3 (standard library only). The output is
# committed, so nothing needs libheif at build or test time. Not kept in Samples/: every run of Samples/ on the
# default route would count it as an input /v2/edit refuses.
set -euo pipefail
cd "$(dirname "$0")/.."
out=Tests/Fixtures/heic
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work/mug.png" <<'PY'
import struct, sys, zlib
width, height = 480, 360
rows = []
for y in range(height):
    row = bytearray([0])
    for x in range(width):
        body = 150 <= x <= 300 and 90 <= y <= 290                                   # the mug's body
        handle = 300 < x <= 350 and 140 <= y <= 240 and not (300 < x <= 330 and 165 <= y <= 215)
        shadow = 140 <= x <= 340 and 290 < y <= 300
        if body or handle:
            shade = 1.0 - 0.35 * abs(x - 225) / 75 if body else 0.8
            row += bytes((int(235 * shade), int(120 * shade), int(30 * shade)))
        elif shadow:
            row += bytes((215, 215, 215))
        else:
            row += bytes((255, 255, 255))
    rows.append(bytes(row))
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY
heif-enc --quality 40 --thumb 120 --output "$out/mug-orange.heic" "$work/mug.png"
heif-info "$out/mug-orange.heic"
ls -l "$out/mug-orange.heic"
