"""The picture a finding rests on: the header band of a page (number and date lines), as PNG, with
the matched number and date outlined.

Text PDFs: the page is rendered with pdfium and the words are located with pdfplumber's word boxes.
Scanned PDFs and images: the band is OCR'd once more with Tesseract (TSV gives word boxes; about
0.7 s for a header band, perf.md). DOCX and XLSX have no page geometry: no picture for them.
When the text cannot be found on the page the band is still shown, without an outline, and
:class:`Picture` says so.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import subprocess
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw

from verifier.text import fold

RENDER_DPI = 100
OCR_DPI = 200
BAND = 0.38                 # top share of the page: the Decree 30 identity block and the title
OUTLINE = (220, 30, 30)
PDF_MAGIC = b"%PDF"


@dataclass(frozen=True)
class Box:
    x0: float                # in points (1/72 inch) from the top-left of the page
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True)
class Word:
    text: str
    box: Box


@dataclass(frozen=True)
class Picture:
    png: bytes
    highlighted: int         # how many needles were found and outlined
    method: str              # "text" | "ocr" | "none"


def needles_for(document: str | None, date: dt.date | None) -> list[list[str]]:
    """Token sequences to outline: the number ('163/KH-UBND') and the long-form header date."""
    out: list[list[str]] = []
    if document:
        out.append([document])
    if date:
        out.append(["ngày", str(date.day), "tháng", str(date.month), "năm", str(date.year)])
    return out


def _token_matches(token: str, word: str) -> bool:
    t, w = fold(token), fold(word).strip(".,;:()")
    if t.isdigit() and w.isdigit():
        return int(t) == int(w)
    if "/" in t or "-" in t:              # a document number: the word may carry "Số:" or punctuation
        return t.replace(" ", "") in w.replace(" ", "")
    return t == w


def find(words: Sequence[Word], needle: Sequence[str]) -> Box | None:
    """The box around the first run of consecutive words matching ``needle`` token by token."""
    n = len(needle)
    for i in range(len(words) - n + 1):
        run = words[i:i + n]
        if all(_token_matches(tok, w.text) for tok, w in zip(needle, run, strict=True)):
            return Box(min(w.box.x0 for w in run), min(w.box.top for w in run),
                       max(w.box.x1 for w in run), max(w.box.bottom for w in run))
    return None


# PDFium is not thread-safe, and request handlers run in a thread pool: one render at a time.
_PDFIUM = threading.Lock()


def _pdf_page_image(path: Path, page_no: int, dpi: int) -> tuple[Image.Image, float, float]:
    with _PDFIUM:
        return _render_locked(pdfium.PdfDocument(str(path)), page_no, dpi)


def _render_locked(pdf: pdfium.PdfDocument, page_no: int, dpi: int) -> tuple[Image.Image, float, float]:
    try:
        index = max(0, min(page_no - 1, len(pdf) - 1))
        page = pdf[index]
        width, height = page.get_size()
        image = page.render(scale=dpi / 72).to_pil().convert("RGB")
        page.close()
    finally:
        pdf.close()
    return image, width, height


def _pdf_words(path: Path, page_no: int, band_points: float) -> list[Word]:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        index = max(0, min(page_no - 1, len(pdf.pages) - 1))
        page = pdf.pages[index]
        words = page.extract_words(keep_blank_chars=False, use_text_flow=True)
    return [Word(str(w["text"]), Box(float(w["x0"]), float(w["top"]), float(w["x1"]), float(w["bottom"])))
            for w in words if float(w["top"]) <= band_points]


def _ocr_words(band: Image.Image, scale_to_points: float, lang: str = "vie") -> list[Word]:
    """Tesseract TSV word boxes of an image, converted to points. [] when tesseract is missing."""
    buffer = io.BytesIO()
    band.convert("L").save(buffer, format="PNG")
    try:
        proc = subprocess.run(["tesseract", "stdin", "stdout", "-l", lang, "--psm", "3", "tsv"],
                              input=buffer.getvalue(), capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return []
    if proc.returncode != 0:
        return []
    words: list[Word] = []
    reader = csv.DictReader(io.StringIO(proc.stdout.decode("utf-8", "replace")), delimiter="\t",
                            quoting=csv.QUOTE_NONE)
    for row in reader:
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        left, top = int(row["left"]), int(row["top"])
        width, height = int(row["width"]), int(row["height"])
        words.append(Word(text, Box(left * scale_to_points, top * scale_to_points,
                                    (left + width) * scale_to_points, (top + height) * scale_to_points)))
    return words


def _outline(image: Image.Image, boxes: Sequence[Box], pixels_per_point: float) -> None:
    draw = ImageDraw.Draw(image)
    pad = 3
    for b in boxes:
        draw.rectangle([b.x0 * pixels_per_point - pad, b.top * pixels_per_point - pad,
                        b.x1 * pixels_per_point + pad, b.bottom * pixels_per_point + pad],
                       outline=OUTLINE, width=3)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _has_text_layer(words: Sequence[Word]) -> bool:
    letters = sum(len(re.sub(r"\W", "", w.text)) for w in words)
    return letters >= 30


def header_picture(path: Path, page: int, needles: Sequence[Sequence[str]], *, band: float = BAND,
                   dpi: int = RENDER_DPI) -> Picture | None:
    """The header band of ``page`` of the file at ``path`` with ``needles`` outlined; None for
    formats with no page picture (DOCX, XLSX) or a file that cannot be opened."""
    head = path.read_bytes()[:8]
    try:
        if head.startswith(PDF_MAGIC):
            return _pdf_picture(path, page, needles, band, dpi)
        return _image_picture(path, needles, band, dpi)
    except Exception:  # a broken file already has its own finding; the page just shows no picture
        return None


def _pdf_picture(path: Path, page: int, needles: Sequence[Sequence[str]], band: float, dpi: int) -> Picture:
    image, _width_pt, height_pt = _pdf_page_image(path, page, dpi)
    band_pt = height_pt * band
    words = _pdf_words(path, page, band_pt)
    method = "text"
    if not _has_text_layer(words):
        ocr_image, _, _ = _pdf_page_image(path, page, OCR_DPI)
        crop = ocr_image.crop((0, 0, ocr_image.width, int(ocr_image.height * band)))
        words = _ocr_words(crop, 72 / OCR_DPI)
        method = "ocr" if words else "none"
    boxes = [b for needle in needles if (b := find(words, needle)) is not None]
    cropped = image.crop((0, 0, image.width, int(band_pt * dpi / 72)))
    _outline(cropped, boxes, dpi / 72)
    return Picture(_png(cropped), len(boxes), method)


def _image_picture(path: Path, needles: Sequence[Sequence[str]], band: float, dpi: int) -> Picture | None:
    try:
        with Image.open(path) as raw:
            raw.verify()
    except Exception:
        return None
    with Image.open(path) as raw:
        image = raw.convert("RGB")
    crop = image.crop((0, 0, image.width, int(image.height * band)))
    words = _ocr_words(crop, 1.0)                         # boxes stay in pixels of the image
    boxes = [b for needle in needles if (b := find(words, needle)) is not None]
    _outline(crop, boxes, 1.0)
    # Shown at about the width of a rendered A4 page.
    target = int(8.27 * dpi)
    if crop.width > target:
        crop = crop.resize((target, max(1, int(crop.height * target / crop.width))))
    return Picture(_png(crop), len(boxes), "ocr" if words else "none")
