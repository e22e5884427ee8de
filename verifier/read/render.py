"""Page images for OCR: 8-bit gray at the OCR resolution, checked against the pixel limit first.

perf.md: gray input at <= 200 dpi is both faster and more accurate for the `vie` model than colour
or 300 dpi, and a scanned page that is one embedded JPEG is cheapest to take out as it is
(PIL's JPEG draft mode even decodes it straight to gray at a reduced scale) rather than render.
Small skew (hand-fed scans, ±1-2°) is measured on a reduced copy and corrected with one rotation.
"""

from __future__ import annotations

import io
import warnings

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageOps, ImageStat

from verifier.errors import CorruptFile, TooManyPixels
from verifier.limits import Limits

_FULL_PAGE = 0.85           # an image this share of the page or more is "the scan"
_RESIZE_SLACK = 0.10        # keep the native resolution when within 10 % of the target
_SKEW_RANGE = 3.0           # degrees either way
_MIN_SKEW = 0.3             # smaller angles are left alone: not worth a rotation
_SKEW_WIDTH = 400           # width of the reduced copy the angle is measured on


def check_pixels(width: int, height: int, limits: Limits, name: str) -> None:
    if width * height > limits.max_pixels:
        raise TooManyPixels(file=name, pixels=width * height, limit=limits.max_pixels)


def page_image(page: pdfium.PdfPage, dpi: int, limits: Limits, name: str) -> tuple[Image.Image, int]:
    """A gray image of the page at about ``dpi``, and the resolution it really has."""
    width_pt, height_pt = page.get_size()
    target = (max(1, round(width_pt * dpi / 72)), max(1, round(height_pt * dpi / 72)))
    images = list(page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2))
    for obj in images:
        assert isinstance(obj, pdfium.PdfImage)
        px_width, px_height = obj.get_px_size()
        check_pixels(px_width, px_height, limits, name)
    check_pixels(*target, limits, name)
    if len(images) == 1 and page.get_rotation() == 0:
        scan = _embedded_jpeg(images[0], width_pt, height_pt, target, limits, name)
        if scan is not None:
            return scan, round(scan.width * 72 / width_pt)
    bitmap = page.render(scale=dpi / 72, grayscale=True, may_draw_forms=True)
    image = bitmap.to_pil().convert("L")
    bitmap.close()
    return image, dpi


def _embedded_jpeg(obj: pdfium.PdfImage, width_pt: float, height_pt: float, target: tuple[int, int],
                   limits: Limits, name: str) -> Image.Image | None:
    """The page's only image when it is an upright JPEG covering the page; None to render instead."""
    a, b, c, d, _e, _f = obj.get_matrix().get()
    left, bottom, right, top = obj.get_bounds()
    covered = max(0.0, right - left) * max(0.0, top - bottom) / max(width_pt * height_pt, 1.0)
    if b or c or a <= 0 or d <= 0 or covered < _FULL_PAGE or obj.get_filters() != ["DCTDecode"]:
        return None
    buf = io.BytesIO()
    obj.extract(buf)
    buf.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(buf, formats=["JPEG"])
            check_pixels(image.width, image.height, limits, name)
            if image.mode not in ("L", "RGB"):
                return None    # CMYK/Adobe JPEGs may be inverted: let PDFium apply the colour space
            image.draft("L", target)
            gray = image.convert("L")
    except (OSError, Image.DecompressionBombError) as exc:
        raise CorruptFile(file=name, detail=f"embedded JPEG: {exc}") from exc
    return fit(gray, target)


def fit(image: Image.Image, target: tuple[int, int]) -> Image.Image:
    """Resample to ``target`` unless already within a few percent of it."""
    if abs(image.width - target[0]) <= _RESIZE_SLACK * target[0]:
        return image
    return image.resize(target, Image.Resampling.LANCZOS)


def estimate_skew(image: Image.Image) -> float:
    """The rotation (degrees, counter-clockwise) that makes text lines horizontal.

    Projection profile: on a reduced, inverted copy, the variance of the row sums peaks when
    the lines are level. Coarse 0.5° steps over ±3°, then 0.1° steps around the best.
    """
    factor = max(1, image.width // _SKEW_WIDTH)
    small = ImageOps.invert(image.reduce(factor) if factor > 1 else image)
    small = small.point(lambda v: 255 if v > 96 else 0)

    def score(angle: float) -> float:
        turned = small.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0)
        profile = turned.resize((1, turned.height), Image.Resampling.BOX)
        return float(ImageStat.Stat(profile).var[0])

    coarse = [x / 2 for x in range(int(-2 * _SKEW_RANGE), int(2 * _SKEW_RANGE) + 1)]
    best = max(coarse, key=score)
    fine = [best + x / 10 for x in range(-4, 5)]
    return max(fine, key=score)


def deskew(image: Image.Image) -> tuple[Image.Image, float]:
    """The image turned level, and the angle applied (0 when the skew is negligible)."""
    angle = estimate_skew(image)
    if abs(angle) < _MIN_SKEW:
        return image, 0.0
    # Nearest-neighbour: 6 ms against 37 ms bilinear on a 200-dpi A4 page, and on the rotated test
    # page it read all 8 header lines exactly (bilinear 7/8; no deskew 8/8 in the text but the
    # skewed rows broke the header split).
    return image.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=255), angle
