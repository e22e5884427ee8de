"""Seal and handwritten signature, drawn as one image (as in signed exports: not in the text layer)."""

from __future__ import annotations

import io
import itertools
import math
import random

from PIL import Image, ImageDraw, ImageFont

from samplegen.fonts import pil_font_path

SEAL_RED = (205, 30, 35)
INK_BLUE = (25, 45, 140)


def _seal(size: int, ring_text: str, rng: random.Random) -> Image.Image:
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    c = size / 2
    alpha = 215
    colour = (*SEAL_RED, alpha)
    for r, w in ((c - 3, 6), (c - 16, 3), (c * 0.42, 3)):
        draw.ellipse((c - r, c - r, c + r, c + r), outline=colour, width=w)
    # five-pointed star in the centre
    pts = []
    for k in range(10):
        rad = c * (0.30 if k % 2 == 0 else 0.12)
        ang = -math.pi / 2 + k * math.pi / 5
        pts.append((c + rad * math.cos(ang), c + rad * math.sin(ang)))
    draw.polygon(pts, fill=colour)
    # ring text, one rotated glyph at a time
    font = ImageFont.truetype(pil_font_path(bold=True), max(10, size // 14))
    text = f"{ring_text} * "
    radius = c - 30
    step = 2 * math.pi / max(len(text), 1)
    start = -math.pi / 2 - step * len(text) / 2 + rng.uniform(-0.05, 0.05)
    for i, ch in enumerate(text):
        ang = start + i * step
        glyph = Image.new("RGBA", (40, 40), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((20, 20), ch, font=font, fill=colour, anchor="mm")
        glyph = glyph.rotate(-math.degrees(ang) - 90, resample=Image.Resampling.BICUBIC)
        x = c + radius * math.cos(ang) - 20
        y = c + radius * math.sin(ang) - 20
        img.alpha_composite(glyph, (int(x), int(y)))
    return img


def _scribble(width: int, height: int, rng: random.Random) -> Image.Image:
    img = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    pts = []
    x = width * 0.1
    for _ in range(9):
        x += rng.uniform(width * 0.05, width * 0.12)
        pts.append((x, height * rng.uniform(0.25, 0.75)))
    # smooth the zig-zag with a few interpolated points per segment
    smooth = []
    for (x0, y0), (x1, y1) in itertools.pairwise(pts):
        for t in range(8):
            u = t / 8
            smooth.append((x0 + (x1 - x0) * u, y0 + (y1 - y0) * u + math.sin(u * math.pi) * 10))
    draw.line(smooth, fill=(*INK_BLUE, 255), width=4, joint="curve")
    draw.line([(width * 0.15, height * 0.8), (width * 0.85, height * 0.7)], fill=(*INK_BLUE, 255), width=3)
    return img


def seal_and_signature(ring_text: str, seed: int, *, with_seal: bool = True) -> bytes:
    """PNG bytes: a signature with the seal over its left third (Decree 30 Phụ lục I)."""
    rng = random.Random(seed)
    width, height = 520, 300
    canvas = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    canvas.alpha_composite(_scribble(360, 160, rng), (150, 70))
    if with_seal:
        canvas.alpha_composite(_seal(280, ring_text, rng), (20, 10))
    out = io.BytesIO()
    canvas.save(out, format="PNG", optimize=True)
    return out.getvalue()
