#!/usr/bin/env python3
"""Generates Samples/: product-like photos (a simple product on a plain light background) plus files that
must be refused or warned about. The output is committed, so CI needs neither Pillow nor this script.

Usage:  python3 -m venv /tmp/venv && /tmp/venv/bin/pip install pillow
        /tmp/venv/bin/python scripts/make-samples.py [output-dir]      (default: Samples/ next to scripts/)

Deterministic: the same Pillow version writes the same bytes. Samples/README.md lists every file and its verdict.
"""
import io
import struct
import sys
import zlib
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

SUPERSAMPLE = 2  # draw at 2x, then downscale: smooth edges like a photo


def canvas(width, height, background):
    image = Image.new("RGB", (width * SUPERSAMPLE, height * SUPERSAMPLE), background)
    return image, ImageDraw.Draw(image), SUPERSAMPLE


def add_shadow(image, box, strength=40):
    """A soft elliptical floor shadow under the product (kept off the borders)."""
    shadow = Image.new("L", image.size, 0)
    ImageDraw.Draw(shadow).ellipse(box, fill=strength)
    shadow = shadow.filter(ImageFilter.GaussianBlur(radius=image.size[0] // 80))
    dark = Image.new("RGB", image.size, (60, 60, 60))
    image.paste(dark, (0, 0), shadow)


def finish(image, width, height):
    return image.resize((width, height), Image.LANCZOS)


def sneaker(width=1200, height=900, color=(200, 40, 40)):
    image, draw, s = canvas(width, height, (255, 255, 255))
    W, H = width * s, height * s
    add_shadow(image, (int(W * 0.15), int(H * 0.70), int(W * 0.88), int(H * 0.80)))
    # Sole, upper, toe cap, laces.
    draw.rounded_rectangle((W * 0.14, H * 0.63, W * 0.88, H * 0.72), radius=H * 0.04, fill=(245, 245, 240),
                           outline=(180, 180, 175), width=3 * s)
    upper = [(W * 0.16, H * 0.64), (W * 0.18, H * 0.38), (W * 0.30, H * 0.30), (W * 0.42, H * 0.34),
             (W * 0.55, H * 0.45), (W * 0.78, H * 0.50), (W * 0.87, H * 0.58), (W * 0.87, H * 0.64)]
    draw.polygon(upper, fill=color)
    darker = tuple(int(c * 0.7) for c in color)
    draw.chord((W * 0.68, H * 0.48, W * 0.92, H * 0.78), 180, 360, fill=darker)
    for i in range(5):
        x = W * (0.36 + i * 0.045)
        draw.line((x, H * (0.36 + i * 0.025), x + W * 0.05, H * (0.40 + i * 0.025)), fill=(250, 250, 250), width=6 * s)
    draw.ellipse((W * 0.20, H * 0.32, W * 0.30, H * 0.40), fill=darker)
    return finish(image, width, height)


def bottle(width=900, height=1200, color=(30, 90, 200)):
    image, draw, s = canvas(width, height, (246, 246, 246))
    W, H = width * s, height * s
    add_shadow(image, (int(W * 0.30), int(H * 0.84), int(W * 0.70), int(H * 0.90)))
    draw.rounded_rectangle((W * 0.33, H * 0.35, W * 0.67, H * 0.87), radius=W * 0.06, fill=color)
    draw.polygon([(W * 0.36, H * 0.36), (W * 0.45, H * 0.22), (W * 0.55, H * 0.22), (W * 0.64, H * 0.36)], fill=color)
    draw.rectangle((W * 0.44, H * 0.13, W * 0.56, H * 0.23), fill=(40, 40, 40))
    draw.rectangle((W * 0.36, H * 0.52, W * 0.64, H * 0.70), fill=(250, 250, 250))
    draw.rectangle((W * 0.40, H * 0.58, W * 0.60, H * 0.61), fill=color)
    draw.rectangle((W * 0.38, H * 0.40, W * 0.41, H * 0.82), fill=tuple(min(255, c + 60) for c in color))
    return finish(image, width, height)


def mug(width=1000, height=1000, color=(40, 150, 90)):
    image, draw, s = canvas(width, height, (255, 255, 255))
    W, H = width * s, height * s
    add_shadow(image, (int(W * 0.22), int(H * 0.74), int(W * 0.78), int(H * 0.81)))
    draw.ellipse((W * 0.56, H * 0.38, W * 0.80, H * 0.64), outline=color, width=int(W * 0.045))
    draw.rounded_rectangle((W * 0.24, H * 0.28, W * 0.64, H * 0.78), radius=W * 0.05, fill=color)
    draw.ellipse((W * 0.24, H * 0.25, W * 0.64, H * 0.31), fill=tuple(int(c * 0.6) for c in color))
    return finish(image, width, height)


def lamp_cutout(width=800, height=800):
    """A product already cut out: RGBA with a transparent background."""
    image = Image.new("RGBA", (width * SUPERSAMPLE, height * SUPERSAMPLE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    W, H = image.size
    draw.polygon([(W * 0.30, H * 0.42), (W * 0.40, H * 0.15), (W * 0.60, H * 0.15), (W * 0.70, H * 0.42)],
                 fill=(240, 190, 60, 255))
    draw.rectangle((W * 0.48, H * 0.42, W * 0.52, H * 0.80), fill=(70, 70, 70, 255))
    draw.ellipse((W * 0.32, H * 0.78, W * 0.68, H * 0.86), fill=(50, 50, 50, 255))
    draw.ellipse((W * 0.36, H * 0.40, W * 0.64, H * 0.46), fill=(255, 240, 200, 200))
    return image.resize((width, height), Image.LANCZOS)


def boot(width=1600, height=1200, color=(120, 75, 40)):
    image, draw, s = canvas(width, height, (250, 248, 245))
    W, H = width * s, height * s
    add_shadow(image, (int(W * 0.20), int(H * 0.76), int(W * 0.82), int(H * 0.84)))
    draw.rectangle((W * 0.22, H * 0.72, W * 0.80, H * 0.78), fill=(40, 30, 25))
    shape = [(W * 0.24, H * 0.73), (W * 0.26, H * 0.20), (W * 0.46, H * 0.20), (W * 0.47, H * 0.52),
             (W * 0.70, H * 0.56), (W * 0.80, H * 0.64), (W * 0.80, H * 0.73)]
    draw.polygon(shape, fill=color)
    draw.rectangle((W * 0.26, H * 0.20, W * 0.46, H * 0.26), fill=tuple(int(c * 0.75) for c in color))
    for i in range(6):
        y = H * (0.30 + i * 0.04)
        draw.ellipse((W * 0.44, y, W * 0.455, y + H * 0.015), fill=(220, 200, 120))
    return finish(image, width, height)


def sandal(width=1024, height=768, color=(230, 190, 40)):
    image, draw, s = canvas(width, height, (255, 255, 255))
    W, H = width * s, height * s
    add_shadow(image, (int(W * 0.14), int(H * 0.62), int(W * 0.86), int(H * 0.72)))
    draw.rounded_rectangle((W * 0.12, H * 0.56, W * 0.88, H * 0.66), radius=H * 0.05, fill=(150, 110, 70))
    # A wide front strap, a crossing ankle strap and a heel loop.
    draw.polygon([(W * 0.55, H * 0.57), (W * 0.62, H * 0.36), (W * 0.76, H * 0.36), (W * 0.84, H * 0.57)], fill=color)
    draw.polygon([(W * 0.30, H * 0.57), (W * 0.40, H * 0.32), (W * 0.47, H * 0.32), (W * 0.42, H * 0.57)], fill=color)
    draw.arc((W * 0.14, H * 0.32, W * 0.40, H * 0.80), 180, 300, fill=tuple(int(c * 0.8) for c in color),
             width=int(H * 0.04))
    return finish(image, width, height)


def jpeg_bytes(image, quality=85, progressive=False, **extra):
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, progressive=progressive, optimize=True, **extra)
    return out.getvalue()


def png_bytes(image):
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def break_first_idat_crc(png):
    """Flips a byte of the first IDAT chunk's CRC: the header stays valid, a full check fails."""
    data = bytearray(png)
    offset = 8
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        if kind == b"IDAT":
            data[offset + 8 + length] ^= 0x55
            return bytes(data)
        offset += 12 + length
    raise ValueError("no IDAT chunk")


def gif_bytes():
    frames = []
    for shade in (60, 180):
        frame = Image.new("P", (120, 120), 0)
        frame.putpalette([255, 255, 255, shade, 40, 40] + [0] * (256 * 3 - 6))
        ImageDraw.Draw(frame).ellipse((20, 20, 100, 100), fill=1)
        frames.append(frame)
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=200, loop=0)
    return out.getvalue()


def cmyk_jpeg():
    rgb = mug(640, 640, color=(200, 60, 140))
    return jpeg_bytes(rgb.convert("CMYK"), quality=85)


def main():
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "Samples"
    files = {
        "sneaker-red.jpg": jpeg_bytes(sneaker()),
        "bottle-blue.jpg": jpeg_bytes(bottle()),
        "mug-green.png": png_bytes(mug()),
        "lamp-cutout.png": png_bytes(lamp_cutout()),
        "shoes/boot-brown.jpg": jpeg_bytes(boot()),
        "shoes/sandal-yellow.jpg": jpeg_bytes(sandal(), progressive=True),
        "warnings/mug-cmyk.jpg": cmyk_jpeg(),
        "warnings/bottle-really-png.jpg": png_bytes(bottle(600, 800, color=(160, 40, 160))),
        "warnings/tiny-icon.png": png_bytes(mug(48, 48)),
    }
    good_jpeg = files["sneaker-red.jpg"]
    files.update({
        "invalid/truncated.jpg": good_jpeg[: len(good_jpeg) * 6 // 10],
        "invalid/broken-crc.png": break_first_idat_crc(files["mug-green.png"]),
        "invalid/animation.gif": gif_bytes(),
        "invalid/empty.png": b"",
        "invalid/notes.jpg": b"This is a text file with a .jpg name, not an image.\n",
    })
    total = 0
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        total += len(data)
        print(f"{len(data):>9} {path}")
    print(f"{total:>9} bytes in {len(files)} files")


if __name__ == "__main__":
    main()
