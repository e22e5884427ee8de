"""Photos of pages taken sideways or upside down: detected with Tesseract's OSD and turned upright.

A phone photo carries its orientation in EXIF when the phone knew it (applied in image.py); a
page photographed on a desk, or scanned the wrong way round, does not. Tesseract's orientation
and script detection (``--psm 0``, the ``osd`` model: Debian ``tesseract-ocr-osd``) tells which of
0/90/180/270 degrees the text is turned by. It runs on a copy reduced to OSD_DPI, and only for
image files: PDF pages have a /Rotate of their own. The cost and the accuracy on rotated test
photos are in docs/reading.md (benchmarks/orientation_bench.py).

If OSD is not installed, finds too little text, or is unsure (confidence under MIN_CONFIDENCE),
the image is left as it is: a wrong turn costs more than none.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import time
from pathlib import Path

from PIL import Image

from verifier.limits import ReadSettings
from verifier.read.ocr import TESSERACT, installed_languages
from verifier.read.render import fit

OSD_DPI = 150
MIN_CONFIDENCE = 2.0        # Tesseract's orientation confidence; upright text pages score 10-20
_ROTATE = re.compile(r"^Rotate:\s*(\d+)", re.M)
_CONFIDENCE = re.compile(r"^Orientation confidence:\s*([\d.]+)", re.M)
# Tesseract's "Rotate: N" is the clockwise turn that makes the page upright.
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
    with tempfile.TemporaryDirectory(prefix="verifier-osd-") as tmp:
        source = Path(tmp) / "page.pgm"
        small.save(source, format="PPM")
        try:
            done = subprocess.run([TESSERACT, str(source), "stdout", "--psm", "0", "--dpi", str(OSD_DPI)],
                                  capture_output=True, text=True, timeout=remaining, check=False,
                                  env=dict(os.environ, OMP_THREAD_LIMIT="1"))
        except (OSError, subprocess.TimeoutExpired):
            return 0
    rotate, confidence = _ROTATE.search(done.stdout), _CONFIDENCE.search(done.stdout)
    if done.returncode != 0 or rotate is None or confidence is None:
        return 0                   # "Too few characters": a photo with little text stays as it is
    degrees = int(rotate.group(1)) % 360
    return degrees if degrees in _TURN and float(confidence.group(1)) >= MIN_CONFIDENCE else 0


def upright(image: Image.Image, dpi: int, settings: ReadSettings, deadline: float) -> tuple[Image.Image, int]:
    """The page turned upright, and the clockwise degrees it was turned by (0: left as it was)."""
    degrees = detect_rotation(image, dpi, settings, deadline)
    return (image.transpose(_TURN[degrees]), degrees) if degrees else (image, 0)
