"""The picture a finding rests on: the header band of a page (number and date lines), as PNG, with
the matched number and date outlined.

One OCR stack (docs/reading.md): the words and their boxes come from the extraction the verdict
rests on, cached with it: Tesseract's word boxes for a scanned page, PDFium's character boxes for
a text page. Nothing is OCR'd here. A text page whose boxes were not kept (pages after the first)
gets them from PDFium's character boxes of its text layer, which costs milliseconds. DOCX and XLSX
have no page geometry: no picture for them. When the text cannot be found on the page the band is
still shown, without an outline, and :class:`Picture` says so.

Pictures are cached on disk, least recently used first out once the folder passes its size bound
(:class:`PictureCache`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import logging
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageOps
from sqlalchemy import select
from sqlalchemy.orm import Session

from verifier.read.model import Page, PageMethod
from verifier.read.model import Word as PageWord
from verifier.text import fold

log = logging.getLogger(__name__)

RENDER_DPI = 100
BAND = 0.38                 # top share of the page: the Decree 30 identity block and the title
OUTLINE = (220, 30, 30)
PDF_MAGIC = b"%PDF"
VERSION = "picture-2"       # in the cache key: a change of drawing invalidates cached pictures
# Size bound of the picture cache; a parameter (VERIFIER_PICTURE_CACHE_MB), not a measured need.
DEFAULT_CACHE_BYTES = 256 * 1024 * 1024


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
    method: str              # "text" | "ocr" | "none": where the word boxes came from


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


def stored_page(s: Session, run_id: int, relative: str, page: int) -> tuple[str, Page | None]:
    """The extraction key of a file in a run and its page ``page`` as extracted ("", None if unknown).

    The page carries the word boxes the extraction kept; the key goes into the picture's cache key,
    so a completed or re-read extraction never serves an older picture.
    """
    from service.storage.models import ExtractionRow, Job, RoundFile
    from verifier.cache import Extraction
    from verifier.serialize import from_jsonable

    key = s.execute(select(Job.cache_key).join(RoundFile, RoundFile.id == Job.round_file_id)
                    .where(Job.run_id == run_id, RoundFile.relative == relative)).scalar_one_or_none()
    if key is None:
        return "", None
    payload = s.execute(select(ExtractionRow.payload).where(ExtractionRow.cache_key == key)).scalar_one_or_none()
    if payload is None:
        return key, None
    try:
        read = from_jsonable(Extraction, json.loads(payload)).read
        found = next((p for p in read.pages if p.number == page), None) if read is not None else None
        if found is not None:
            tuple(found.words)      # decoded when first used (verifier/serialize.py): a broken box fails here
    except (ValueError, TypeError, KeyError):
        log.warning("picture: extraction %s of %s cannot be decoded", key, relative)
        return key, None
    # an incomplete page's word boxes grow when the rest is read: its state is part of the key
    return (f"{key}:{found.read_to}" if found is not None else key), found


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


def _scaled(words: Sequence[PageWord], width: float, height: float, band: float) -> list[Word]:
    """Stored words (fractions of the page) in the band, as boxes in the picture's units."""
    return [Word(w.text, Box(w.x0 * width, w.y0 * height, w.x1 * width, w.y1 * height))
            for w in words if w.y0 <= band]


def _method(page: Page | None, words: Sequence[Word]) -> str:
    if not words:
        return "none"
    return "ocr" if page is not None and page.method is PageMethod.OCR else "text"


def header_picture(path: Path, page: int, needles: Sequence[Sequence[str]], *, stored: Page | None = None,
                   band: float = BAND, dpi: int = RENDER_DPI) -> Picture | None:
    """The header band of ``page`` of the file at ``path`` with ``needles`` outlined; None for
    formats with no page picture (DOCX, XLSX) or a file that cannot be opened.

    ``stored``: the page as extracted, with its word boxes. Without it (or without boxes on it), a
    text page's boxes come from its text layer and a scanned page is shown without an outline.
    """
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
        if head.startswith(PDF_MAGIC):
            return _pdf_picture(path, page, needles, stored, band, dpi)
        return _image_picture(path, needles, stored, band, dpi)
    except Exception:  # a broken file already has its own finding; the page just shows no picture
        log.exception("picture: page %s of %s cannot be drawn", page, path.name)
        return None


# PDFium is not thread-safe, and request handlers run in a thread pool: one render at a time.
_PDFIUM = threading.Lock()


def _pdf_picture(path: Path, page: int, needles: Sequence[Sequence[str]], stored: Page | None, band: float,
                 dpi: int) -> Picture:
    from verifier.read.pdf import layer_words

    with _PDFIUM:
        pdf = pdfium.PdfDocument(str(path))
        try:
            index = max(0, min(page - 1, len(pdf) - 1))
            pdf_page = pdf[index]
            width_pt, height_pt = pdf_page.get_size()
            image = pdf_page.render(scale=dpi / 72).to_pil().convert("RGB")
            pdf_page.close()
        finally:
            pdf.close()
        kept = stored.words if stored is not None else ()
        if not kept and (stored is None or stored.method is not PageMethod.OCR):
            kept = layer_words(path, index + 1, band)
    words = _scaled(kept, width_pt, height_pt, band)
    boxes = [b for needle in needles if (b := find(words, needle)) is not None]
    cropped = image.crop((0, 0, image.width, int(height_pt * band * dpi / 72)))
    _outline(cropped, boxes, dpi / 72)
    return Picture(_png(cropped), len(boxes), _method(stored, words))


def _image_picture(path: Path, needles: Sequence[Sequence[str]], stored: Page | None, band: float,
                   dpi: int) -> Picture | None:
    try:
        with Image.open(path) as raw:
            raw.verify()
    except Exception:
        log.warning("picture: %s is not an image that can be shown", path.name)
        return None
    with Image.open(path) as raw:
        # upright as the reader turned it (EXIF orientation), so the stored boxes fall on the words
        image = ImageOps.exif_transpose(raw).convert("RGB")
    crop = image.crop((0, 0, image.width, int(image.height * band)))
    words = _scaled(stored.words if stored is not None else (), image.width, image.height, band)
    boxes = [b for needle in needles if (b := find(words, needle)) is not None]
    _outline(crop, boxes, 1.0)
    # Shown at about the width of a rendered A4 page.
    target = int(8.27 * dpi)
    if crop.width > target:
        crop = crop.resize((target, max(1, int(crop.height * target / crop.width))))
    return Picture(_png(crop), len(boxes), _method(stored, words))


def picture_key(sha256: str, page: int, needles: Sequence[Sequence[str]], extraction: str) -> str:
    """Everything that changes a picture: content, page, needles, drawing settings, word boxes."""
    parts = [sha256, page, [list(n) for n in needles], RENDER_DPI, BAND, VERSION, extraction]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()[:32]


class PictureCache:
    """PNG files in one folder, bounded by their total size: the least recently used go first.

    A hit touches the file's modification time, which is the recency order. The bound is checked
    on every store; one folder scan per new picture is cheap next to drawing one.
    """

    def __init__(self, root: Path, max_bytes: int | None = None) -> None:
        self.root = root
        configured = os.environ.get("VERIFIER_PICTURE_CACHE_MB")
        self.max_bytes = max_bytes if max_bytes is not None else (
            int(float(configured) * 1024 * 1024) if configured else DEFAULT_CACHE_BYTES)
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        path = self.root / f"{key}.png"
        try:
            data = path.read_bytes()
            os.utime(path)
        except FileNotFoundError:
            return None
        return data

    def put(self, key: str, png: bytes) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        path = self.root / f"{key}.png"
        tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_bytes(png)
        tmp.replace(path)
        with self._lock:
            self._evict()

    def _evict(self) -> None:
        entries = []
        for entry in os.scandir(self.root):
            if entry.name.endswith(".png"):
                try:
                    st = entry.stat()
                except FileNotFoundError:
                    continue
                entries.append((st.st_mtime_ns, st.st_size, entry.path))
        total = sum(size for _t, size, _p in entries)
        for _mtime, size, name in sorted(entries):
            if total <= self.max_bytes:
                break
            Path(name).unlink(missing_ok=True)
            total -= size
