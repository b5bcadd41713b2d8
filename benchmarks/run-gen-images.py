#!/usr/bin/env python3
"""Writes COUNT small, distinct RGB PNGs (64x64, a coloured square on white) under FOLDER, 100 per sub-folder.

Standard library only (zlib + struct), so the benchmarks need no Pillow. Used by run-throughput.sh.
Usage: run-gen-images.py FOLDER COUNT
"""
import os
import struct
import sys
import zlib


def png(width, height, seed):
    r, g, b = (seed * 37) % 256, (seed * 11 + 60) % 256, (seed * 7 + 120) % 256
    rows = []
    for y in range(height):
        row = bytearray([0])
        for x in range(width):
            inside = 16 <= x < 48 and 16 <= y < 48
            if x == 16 and y == 16:
                # The colours repeat every 256 seeds: this pixel carries the rest, so every image is distinct
                # (the engine pays once per distinct content and copies duplicates).
                row += bytes(((seed >> 8) & 0xFF, (seed >> 16) & 0xFF, 0))
            else:
                row += bytes((r, g, b)) if inside else b"\xff\xff\xff"
        rows.append(bytes(row))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
            + chunk(b"IEND", b""))


def main():
    folder, count = sys.argv[1], int(sys.argv[2])
    for index in range(count):
        sub = os.path.join(folder, "shelf%03d" % (index // 100))
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, "item%05d.png" % index), "wb") as handle:
            handle.write(png(64, 64, index))


if __name__ == "__main__":
    main()
