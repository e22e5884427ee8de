"""Photos of pages taken sideways or upside down: detected with Tesseract's OSD and turned upright.

A phone photo carries its orientation in EXIF when the phone knew it (applied in image.py); a
page photographed on a desk, or scanned the wrong way round, does not. Tesseract's orientation
and script detection (the ``osd`` model: Debian ``tesseract-ocr-osd``, run through the library as
the OCR is: verifier/read/tesseract.py; the same answers as ``tesseract --psm 0``) tells which of
0/90/180/270 degrees the text is turned by: 16/16 right on the benchmark's turned photos, but it
cost 1.3x the OCR of the page, both through the command (benchmarks/orientation_bench.py,
docs/reading.md). So it is asked
only when the OCR of the page as it stands is doubtful: mean word confidence under
DOUBTFUL_CONFIDENCE (upright photos read at ~95, pages turned 90 or 180 degrees at ~48), or no
header found on a first page (Tesseract reads a page turned 270 degrees with good confidence, but
its word boxes are then sideways and the header zone cannot be split). Upright photos pay nothing.

If OSD is not installed, finds too little text, or is unsure (confidence under MIN_CONFIDENCE),
the page stays as it was read: a wrong turn costs more than none. Only image files go through
here: PDF pages have a /Rotate of their own.
"""

from __future__ import annotations

import time
from dataclasses import replace

from PIL import Image

from verifier.errors import VerifierError
from verifier.limits import ReadSettings
from verifier.read.model import Notice, Page, PageMethod
from verifier.read.ocr import installed_languages, ocr_image
from verifier.read.render import fit
from verifier.read.tesseract import orientation

OSD_DPI = 150
MIN_CONFIDENCE = 2.0        # Tesseract's orientation confidence; upright text pages score 10-20
DOUBTFUL_CONFIDENCE = 75.0  # OCR mean word confidence under which the orientation is checked
# The clockwise turn that makes the page upright (what ``tesseract --psm 0`` prints as "Rotate").
_TURN = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_90}


def detect_rotation(image: Image.Image, dpi: int, settings: ReadSettings, deadline: float) -> int:
    """Degrees clockwise (0, 90, 180, 270) that would make the gray page ``image`` upright."""
    langs = installed_languages()
    if not settings.detect_orientation or langs is None or "osd" not in langs:
        return 0
    scale = min(1.0, OSD_DPI / max(dpi, 1))
    small = fit(image, (max(1, round(image.width * scale)), max(1, round(image.height * scale))))
    remaining = min(settings.limits.page_timeout_s, deadline - time.monotonic())
    if remaining <= 0:
        return 0
    start = time.monotonic()
    try:
        found = orientation(small, OSD_DPI, "")
    except VerifierError:
        return 0                   # the osd model missing or unloadable: the page stays as read
    # Too few characters to tell (a photo with little text), or past the time (the detection
    # cannot be stopped midway; the reader process's deadline bounds it): the page stays as read.
    if found is None or time.monotonic() - start > remaining:
        return 0
    degrees, confidence = found
    return degrees if degrees in _TURN and confidence >= MIN_CONFIDENCE else 0


def upright(image: Image.Image, dpi: int, settings: ReadSettings, deadline: float) -> tuple[Image.Image, int]:
    """The page turned upright, and the clockwise degrees it was turned by (0: left as it was)."""
    degrees = detect_rotation(image, dpi, settings, deadline)
    return (image.transpose(_TURN[degrees]), degrees) if degrees else (image, 0)


def ocr_upright(image: Image.Image, dpi: int, number: int, name: str, settings: ReadSettings,
                deadline: float, want_header: bool) -> Page:
    """OCR of the page; when that is doubtful, OCR again turned as OSD says, keeping the better."""
    page = ocr_image(image, dpi, number, name, settings, deadline, want_header)
    if not settings.detect_orientation or not _doubtful(page, want_header):
        return page
    degrees = detect_rotation(image, dpi, settings, deadline)
    if not degrees:
        return page
    turned = ocr_image(image.transpose(_TURN[degrees]), dpi, number, name, settings, deadline, want_header)
    if (turned.confidence or 0.0) < (page.confidence or 0.0) and not (want_header and page.header is None):
        return page
    notice = Notice("photo_rotated", f"trang được xoay {degrees}° trước khi nhận dạng"
                                     f" / page turned {degrees}° clockwise before OCR", number)
    return replace(turned, notices=(notice, *turned.notices))


def _doubtful(page: Page, want_header: bool) -> bool:
    if page.method is not PageMethod.OCR:
        return True          # nothing read: a turned page of sparse text reads as blank
    return (page.confidence or 0.0) < DOUBTFUL_CONFIDENCE or (want_header and page.header is None)
