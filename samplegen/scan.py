"""Turn a born-digital PDF into what a scanner or a phone gives: rotated, blurred, noisy, tinted
JPEG pages with no text layer. Every random choice comes from the document's seed."""

from __future__ import annotations

import io
import random
from collections.abc import Iterator

import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageDraw, ImageFilter
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from samplegen.layout import pinned_rl_config

SCAN_DPI = 200
PHOTO_DPI = 130
_NOISE_TILE = 256


def rasterise(pdf: bytes, dpi: int, *, gray: bool) -> Iterator[Image.Image]:
    doc = pdfium.PdfDocument(pdf)
    try:
        for index in range(len(doc)):
            page = doc[index]
            bitmap = page.render(scale=dpi / 72, grayscale=gray)
            image = bitmap.to_pil().convert("L" if gray else "RGB")
            page.close()
            yield image
    finally:
        doc.close()


def _noise_tile(rng: random.Random, sigma: float) -> Image.Image:
    values = bytes(max(0, min(255, int(128 + rng.gauss(0, sigma)))) for _ in range(_NOISE_TILE ** 2))
    return Image.frombytes("L", (_NOISE_TILE, _NOISE_TILE), values)


def _noise(size: tuple[int, int], rng: random.Random, sigma: float) -> Image.Image:
    tile = _noise_tile(rng, sigma)
    out = Image.new("L", size)
    for y in range(0, size[1], _NOISE_TILE):
        for x in range(0, size[0], _NOISE_TILE):
            out.paste(tile, (x, y))
    return out


def degrade(page: Image.Image, rng: random.Random, *, colour: bool) -> Image.Image:
    """Rotate ±0.5-1.5°, shift, blur, add noise and speckles, tint the paper, shade one edge."""
    gray = page.convert("L")
    angle = rng.uniform(0.5, 1.5) * rng.choice((-1, 1))
    gray = gray.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=250,
                       translate=(rng.randint(-12, 12), rng.randint(-12, 12)))
    # noise before blur, as sensor noise is: it costs far fewer JPEG bytes than sharp noise
    gray = ImageChops.add(gray, _noise(gray.size, rng, rng.uniform(5, 7)), scale=1.0, offset=-128)
    gray = gray.filter(ImageFilter.GaussianBlur(rng.uniform(0.7, 0.95)))
    draw = ImageDraw.Draw(gray)
    w, h = gray.size
    for _ in range(rng.randint(120, 220)):
        x, y, r = rng.randrange(w), rng.randrange(h), rng.choice((1, 1, 2, 3))
        draw.ellipse((x, y, x + r, y + r), fill=rng.randint(40, 120))
    shade = Image.linear_gradient("L").resize((w, max(1, h // 30))).rotate(180)
    band = Image.new("L", (w, h), 255)
    band.paste(shade.point(lambda v: 255 - (255 - v) // 5), (0, h - shade.size[1]))
    gray = ImageChops.multiply(gray, band)
    if not colour:
        return gray
    tint = (rng.randint(238, 250), rng.randint(232, 244), rng.randint(214, 228))
    return ImageChops.multiply(gray.convert("RGB"), Image.new("RGB", gray.size, tint))


def _jpeg(image: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=quality, optimize=True)
    return out.getvalue()


def scanned_pdf(pdf: bytes, seed: int, *, colour: bool = False, quality: int = 50) -> bytes:
    """Image-only PDF: each page a degraded JPEG at 200 dpi, embedded as is (DCT passthrough)."""
    rng = random.Random(seed)
    out = io.BytesIO()
    # Plain DCTDecode streams (no ASCII85 wrapper), as scanners write them.
    with pinned_rl_config(use_a85=0):
        canvas = Canvas(out, pagesize=A4, invariant=1, pageCompression=0)
        for page in rasterise(pdf, SCAN_DPI, gray=not colour):
            jpeg = _jpeg(degrade(page, rng, colour=colour), quality)
            canvas.drawImage(ImageReader(io.BytesIO(jpeg)), 0, 0, width=A4[0], height=A4[1])
            canvas.showPage()
        canvas.save()
    return out.getvalue()


def photo_jpeg(pdf: bytes, seed: int) -> bytes:
    """Page 1 photographed on a desk: perspective, uneven light, colour cast."""
    rng = random.Random(seed)
    page = next(rasterise(pdf, PHOTO_DPI, gray=False))
    w, h = page.size
    page = degrade(page, rng, colour=True)
    pad = int(w * 0.06)
    desk = Image.new("RGB", (w + 2 * pad, h + 2 * pad), (96, 78, 60))
    desk.paste(page, (pad, pad))
    dw, dh = desk.size
    j = [rng.uniform(0.0, 0.025) * dw for _ in range(8)]
    # quad (source corners) for Image.transform QUAD: upper-left, lower-left, lower-right, upper-right
    quad = (j[0], j[1], j[2], dh - j[3], dw - j[4], dh - j[5], dw - j[6], j[7])
    photo = desk.transform((dw, dh), Image.Transform.QUAD, quad, resample=Image.Resampling.BILINEAR)
    light = Image.linear_gradient("L").resize((dw, dh)).rotate(rng.choice((90, 270)))
    light = light.point(lambda v: 200 + v * 55 // 255)
    photo = ImageChops.multiply(photo, Image.merge("RGB", (light, light, light)))
    return _jpeg(photo, 72)
