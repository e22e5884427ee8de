"""Image evidence (PNG, JPEG, TIFF; a multi-page TIFF is one page per frame), read by OCR.

Pillow opens only the allowed formats, and the pixel count and the sides of each frame are checked
against the limits before its pixels are decoded (decompression bombs; a 1 x 89,000,000 strip,
fuzz F03, would cost Pillow 8 bytes of row pointer per row in every copy). Memory is bounded by
the decoded frame and what OCR uses: a JPEG is decoded straight to gray at a reduced DCT scale,
any other frame is decoded once and reduced to the OCR resolution *before* its transparency is
flattened and its colours dropped (fuzz F02: an 88-megapixel RGBA PNG peaked at 1.7 GB when the
full-size copies came first). Photos lying on their side or upside down are turned upright
(:mod:`verifier.read.orientation`). See docs/reading.md.
"""

from __future__ import annotations

import time
import warnings
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from verifier.errors import CorruptFile, FileTimeout, NoTextFound, OcrUnavailable, TooManyPages, TooManyPixels
from verifier.limits import Limits, ReadSettings
from verifier.read.model import Notice, Page, PageMethod
from verifier.read.orientation import ocr_upright, upright
from verifier.read.render import check_pixels, fit

FORMATS = ("PNG", "JPEG", "TIFF")
_EXIF_ORIENTATION = 0x0112
# EXIF orientation -> the transpose that makes the picture upright (ImageOps.exif_transpose's table)
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_A4_LONG_INCHES = 11.69
_BAND_ROWS = 512
_PAGE_INCHES = (5.0, 17.0)  # a dpi tag implying a page outside this (long side) is not believed


def _open(path: Path, name: str, limits: Limits) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path, formats=list(FORMATS))
    except Image.DecompressionBombError as exc:
        raise TooManyPixels(file=name, pixels="?", limit=limits.max_pixels) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise CorruptFile(file=name, detail=str(exc)) from exc
    try:
        check_sides(image.width, image.height, limits, name)
    except TooManyPixels:
        image.close()
        raise
    return image


def _source_dpi(image: Image.Image) -> float:
    """The image's dpi tag if it describes a paper page, else the dpi of an A4 page this size."""
    long_side = max(image.width, image.height)
    tag = image.info.get("dpi")
    if isinstance(tag, tuple) and tag and isinstance(tag[0], int | float) and tag[0] > 0:
        inches = long_side / float(tag[0])
        if _PAGE_INCHES[0] <= inches <= _PAGE_INCHES[1]:
            return float(tag[0])
    return long_side / _A4_LONG_INCHES


def check_sides(width: int, height: int, limits: Limits, name: str) -> None:
    """Refuse a frame with a side no page has, before Pillow allocates a row pointer per row."""
    if max(width, height) > limits.max_image_side:
        raise TooManyPixels(file=name, pixels=f"{width} x {height}",
                            limit=f"{limits.max_image_side} px / side")


def _gray(image: Image.Image, dpi: int, limits: Limits, name: str) -> tuple[Image.Image, int]:
    """The current frame as 8-bit gray at about ``dpi``, upright by its EXIF orientation."""
    check_sides(image.width, image.height, limits, name)
    check_pixels(image.width, image.height, limits, name)
    source_dpi = _source_dpi(image)
    scale = dpi / source_dpi
    check_pixels(round(image.width * scale), round(image.height * scale), limits, name)
    long_before = max(image.width, image.height)
    try:
        # PNG keeps EXIF after the pixel data: asking for it decodes the frame (and may fail)
        transpose = image.getexif().get(_EXIF_ORIENTATION, 1)
        if image.format == "JPEG":    # decode straight to gray at a reduced DCT scale
            image.draft("L", (round(image.width * scale), round(image.height * scale)))
        small = _reduced(image, scale)
        gray = _on_paper(small).convert("L")
        if transpose in _TRANSPOSE:
            gray = gray.transpose(_TRANSPOSE[transpose])
    except (OSError, ValueError, SyntaxError) as exc:
        raise CorruptFile(file=name, detail=str(exc)) from exc
    except MemoryError as exc:
        raise TooManyPixels(file=name, pixels=f"{image.width} x {image.height}", limit=limits.max_pixels) from exc
    real_dpi = source_dpi * max(gray.width, gray.height) / long_before
    target = (max(1, round(gray.width * dpi / real_dpi)), max(1, round(gray.height * dpi / real_dpi)))
    fitted = fit(gray, target)
    return fitted, round(real_dpi * fitted.width / gray.width)


def _reduced(image: Image.Image, scale: float) -> Image.Image:
    """The frame decoded, then shrunk by a whole factor towards ``scale``, a band at a time.

    Pillow resamples an image with alpha through a full-size premultiplied copy (measured: +360 MB
    on F02's 9400 x 9400 RGBA); reducing bands of _BAND_ROWS rows keeps that copy a band's size.
    """
    image.load()
    factor = int(1 / scale) if scale < 1 else 1
    factor = max(1, min(factor, image.width, image.height))
    if factor < 2:
        return image
    if image.mode in ("P", "PA", "1") or image.mode.startswith("I;16"):
        # reduce() needs a "real" mode; palette images are small per pixel, convert first
        image = image.convert("RGBA" if image.mode == "PA" or "transparency" in image.info else "L")
    band = factor * max(1, _BAND_ROWS // factor)
    out = Image.new(image.mode, (-(-image.width // factor), -(-image.height // factor)))
    for top in range(0, image.height, band):
        strip = image.crop((0, top, image.width, min(top + band, image.height)))
        out.paste(strip.reduce(factor), (0, top // factor))
    return out


def _on_paper(image: Image.Image) -> Image.Image:
    """Transparent pixels as white paper (a scan exported with alpha is black where transparent)."""
    if image.mode not in ("RGBA", "LA", "PA") and "transparency" not in image.info:
        return image
    rgba = image.convert("RGBA")
    paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return Image.alpha_composite(paper, rgba)


def read_image(path: Path, name: str, settings: ReadSettings,
               deadline: float) -> tuple[tuple[Page, ...], tuple[Notice, ...]]:
    limits = settings.limits
    with _open(path, name, limits) as image:
        frames = int(getattr(image, "n_frames", 1))
        if frames > limits.max_pages:
            raise TooManyPages(file=name, pages=frames, limit=limits.max_pages)
        if not settings.ocr_enabled:
            raise OcrUnavailable(file=name, detail="OCR is disabled (VERIFIER_OCR_ENABLED)")
        pages: list[Page] = []
        for index in range(frames):
            if time.monotonic() > deadline:
                raise FileTimeout(file=name, limit=limits.file_timeout_s)
            _seek(image, index, name)
            gray, dpi = _gray(image, settings.ocr_dpi, limits, name)
            pages.append(ocr_upright(gray, dpi, index + 1, name, settings, deadline, want_header=index == 0))
    if all(p.method is PageMethod.BLANK for p in pages):
        raise NoTextFound(file=name)
    return tuple(pages), ()


def frame_image(path: Path, name: str, page_number: int, dpi: int,
                settings: ReadSettings) -> tuple[Image.Image, int]:
    """One frame as gray at about ``dpi`` (for a re-OCR), and its real resolution."""
    with _open(path, name, settings.limits) as image:
        if not 1 <= page_number <= int(getattr(image, "n_frames", 1)):
            raise CorruptFile(file=name, detail=f"no page {page_number}")
        _seek(image, page_number - 1, name)
        gray, real_dpi = _gray(image, dpi, settings.limits, name)
        # A re-read (page 1's number or date was lost) asks OSD outright: it is rare, and the
        # first reading's verdict on the orientation is not at hand here.
        turned, _degrees = upright(gray, real_dpi, settings, time.monotonic() + settings.limits.page_timeout_s)
        return turned, real_dpi


def _seek(image: Image.Image, index: int, name: str) -> None:
    try:
        image.seek(index)
    except (EOFError, OSError) as exc:
        raise CorruptFile(file=name, detail=f"frame {index + 1}: {exc}") from exc
