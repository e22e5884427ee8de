"""Image evidence (PNG, JPEG, TIFF; a multi-page TIFF is one page per frame), read by OCR.

Pillow opens only the allowed formats, and the pixel count of each frame is checked against the
limit before its pixels are decoded (decompression bombs).
"""

from __future__ import annotations

import time
import warnings
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from verifier.errors import CorruptFile, FileTimeout, NoTextFound, OcrUnavailable, TooManyPages, TooManyPixels
from verifier.limits import Limits, ReadSettings
from verifier.read.model import Notice, Page, PageMethod
from verifier.read.ocr import ocr_image
from verifier.read.render import check_pixels, fit

FORMATS = ("PNG", "JPEG", "TIFF")
_A4_LONG_INCHES = 11.69
_PAGE_INCHES = (5.0, 17.0)  # a dpi tag implying a page outside this (long side) is not believed


def _open(path: Path, name: str, limits: Limits) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            return Image.open(path, formats=list(FORMATS))
    except Image.DecompressionBombError as exc:
        raise TooManyPixels(file=name, pixels="?", limit=limits.max_pixels) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise CorruptFile(file=name, detail=str(exc)) from exc


def _source_dpi(image: Image.Image) -> float:
    """The image's dpi tag if it describes a paper page, else the dpi of an A4 page this size."""
    long_side = max(image.width, image.height)
    tag = image.info.get("dpi")
    if isinstance(tag, tuple) and tag and isinstance(tag[0], int | float) and tag[0] > 0:
        inches = long_side / float(tag[0])
        if _PAGE_INCHES[0] <= inches <= _PAGE_INCHES[1]:
            return float(tag[0])
    return long_side / _A4_LONG_INCHES


def _gray(image: Image.Image, dpi: int, limits: Limits, name: str) -> tuple[Image.Image, int]:
    """The current frame as 8-bit gray at about ``dpi``, upright by its EXIF orientation."""
    check_pixels(image.width, image.height, limits, name)
    source_dpi = _source_dpi(image)
    scale = dpi / source_dpi
    check_pixels(round(image.width * scale), round(image.height * scale), limits, name)
    long_before = max(image.width, image.height)
    if image.format == "JPEG":    # decode straight to gray at a reduced DCT scale
        image.draft("L", (round(image.width * scale), round(image.height * scale)))
    try:
        upright = ImageOps.exif_transpose(image)
        if upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info:
            rgba = upright.convert("RGBA")
            paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
            upright = Image.alpha_composite(paper, rgba)
        gray = upright.convert("L")
    except (OSError, ValueError, SyntaxError) as exc:
        raise CorruptFile(file=name, detail=str(exc)) from exc
    real_dpi = source_dpi * max(gray.width, gray.height) / long_before
    target = (max(1, round(gray.width * dpi / real_dpi)), max(1, round(gray.height * dpi / real_dpi)))
    fitted = fit(gray, target)
    return fitted, round(real_dpi * fitted.width / gray.width)


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
            pages.append(ocr_image(gray, dpi, index + 1, name, settings, deadline, want_header=index == 0))
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
        return _gray(image, dpi, settings.limits, name)


def _seek(image: Image.Image, index: int, name: str) -> None:
    try:
        image.seek(index)
    except (EOFError, OSError) as exc:
        raise CorruptFile(file=name, detail=f"frame {index + 1}: {exc}") from exc
