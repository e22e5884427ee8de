"""OCR of one page image with Tesseract.

Tesseract runs in this process through its library (verifier/read/tesseract.py: one engine per
language kept for the process's next pages, OpenMP at one thread), on the 8-bit gray pixels
handed over in memory, asking for TSV: word boxes and per-word confidence, from which the page
text (Tesseract's reading order) and the header zone are built. The command line is asked only
which models are installed.
"""

from __future__ import annotations

import functools
import statistics
import subprocess
import time
from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image

from verifier.errors import CorruptFile, FileTimeout, OcrTimeout, OcrUnavailable
from verifier.limits import ReadSettings
from verifier.read.layout import body_top
from verifier.read.model import HeaderZone, Notice, Page, PageMethod
from verifier.read.model import Word as ModelWord
from verifier.read.render import deskew
from verifier.read.tesseract import TSV_HEADER, recognize
from verifier.read.zones import Word, header_zone
from verifier.text import normalize

TESSERACT = "tesseract"
_REGION = 10_000          # block numbers of the rest of a page start here (after the band's)
_CUT_WINDOW = 0.02        # the band's edge moves at most this share of the page to a white row


@dataclass(frozen=True)
class OcrWord:
    line: tuple[int, int, int]      # block, paragraph, line: Tesseract's reading order
    conf: float
    word: Word


@functools.cache
def installed_languages() -> frozenset[str] | None:
    """The traineddata Tesseract can load, or None when the binary is missing."""
    try:
        done = subprocess.run([TESSERACT, "--list-langs"], capture_output=True, text=True,
                              timeout=30, check=False)
    except (FileNotFoundError, PermissionError, subprocess.TimeoutExpired):
        return None
    lines = (done.stdout + done.stderr).splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and " " not in line.strip())


def check_tesseract(settings: ReadSettings, name: str) -> None:
    langs = installed_languages()
    if langs is None:
        raise OcrUnavailable(file=name, detail="tesseract not found")
    missing = [lang for lang in settings.ocr_lang.split("+") if lang not in langs]
    if missing:
        raise OcrUnavailable(file=name, detail=f"language model missing: {', '.join(missing)}")


def run_tesseract(image: Image.Image, dpi: int, settings: ReadSettings, name: str, page: int,
                  deadline: float) -> str:
    """Tesseract's TSV for one gray image, header line included, as the command prints it;
    OcrTimeout/FileTimeout/OcrUnavailable on failure."""
    page_limit = settings.limits.page_timeout_s
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FileTimeout(file=name, limit=settings.limits.file_timeout_s)
    try:
        tsv = recognize(image, dpi, settings.ocr_lang, settings.ocr_psm, min(page_limit, remaining), name)
    except CorruptFile as exc:
        raise CorruptFile(file=name, detail=f"page {page}: {exc.detail}") from exc
    if tsv is None:
        if remaining < page_limit:
            raise FileTimeout(file=name, limit=settings.limits.file_timeout_s)
        raise OcrTimeout(file=name, page=page, limit=page_limit)
    return TSV_HEADER + tsv


def parse_tsv(tsv: str) -> list[OcrWord]:
    """The recognised words (level 5 rows with text) in Tesseract's order."""
    words: list[OcrWord] = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = normalize(cols[11])
        conf = float(cols[10])
        if not text or conf < 0:
            continue
        left, top, width, height = (int(c) for c in cols[6:10])
        words.append(OcrWord((int(cols[2]), int(cols[3]), int(cols[4])), conf,
                             Word(text, left, left + width, top, top + height)))
    return words


def is_speck(word: OcrWord) -> bool:
    """A dot of dirt read as a letter: one or two characters that Tesseract itself barely believes.
    Left in, it joins a header line ("ỦY BAN NHÂN DÂN s TỈNH") and stretches the line's extent."""
    return len(word.word.text) <= 2 and word.conf < 20


def line_aligned(words: list[OcrWord]) -> list[Word]:
    """Words with the vertical extent of their whole Tesseract line.

    A word's own box depends on its marks: "TRA" sits lower than "KIỂM" beside it, whose stacked
    accents raise its top. Grouping rows by each word's middle then splits one printed line in two
    and reorders it ("ĐOÀN KIỂM LIÊN / TRA"); Tesseract already knows which words share a line.
    """
    extent: dict[tuple[int, int, int], tuple[float, float]] = {}
    for w in words:
        top, bottom = extent.get(w.line, (w.word.top, w.word.bottom))
        extent[w.line] = (min(top, w.word.top), max(bottom, w.word.bottom))
    return [replace(w.word, top=extent[w.line][0], bottom=extent[w.line][1]) for w in words]


def page_text(words: list[OcrWord]) -> str:
    lines: dict[tuple[int, int, int], list[str]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w.word.text)
    return normalize("\n".join(" ".join(parts) for parts in lines.values()))


def _ocr_region(level: Image.Image, top: int, bottom: int, region: int, dpi: int, settings: ReadSettings,
                name: str, number: int, deadline: float) -> list[OcrWord]:
    """The words of rows ``top``..``bottom`` of the levelled page, boxes in page pixels.

    ``region`` keeps the line keys of two regions of one page apart (band 0, rest 1)."""
    crop = level if (top, bottom) == (0, level.height) else level.crop((0, top, level.width, bottom))
    out = []
    for w in parse_tsv(run_tesseract(crop, dpi, settings, name, number, deadline)):
        if is_speck(w):
            continue
        line = (w.line[0] + region * _REGION, w.line[1], w.line[2])
        out.append(OcrWord(line, w.conf, replace(w.word, top=w.word.top + top, bottom=w.word.bottom + top)))
    return out


def band_cut(level: Image.Image, fraction: float) -> int:
    """Where the top band ends: the whitest row near ``fraction`` of the height.

    Cutting between two text lines, not through one, keeps both halves readable; the search
    window is a few line heights (_CUT_WINDOW of the page) either side of the nominal edge.
    """
    nominal = round(fraction * level.height)
    if nominal >= level.height:
        return level.height
    lo = max(1, nominal - round(_CUT_WINDOW * level.height))
    hi = min(level.height - 1, nominal + round(_CUT_WINDOW * level.height))
    strip = level.crop((0, lo, level.width, hi)).resize((1, hi - lo), Image.Resampling.BOX)
    rows = list(strip.tobytes())
    best = max(range(len(rows)), key=lambda i: (rows[i], -abs(lo + i - nominal)))
    return lo + best


def _drop_cut_lines(words: list[OcrWord], cut: int) -> tuple[list[OcrWord], int]:
    """Band words without a line that touches the cut (read whole with the rest), and where the
    rest must start so that such a line is read in one piece."""
    touching = {w.line for w in words if w.word.bottom >= cut - 1}
    if not touching:
        return words, cut
    start = min(w.word.top for w in words if w.line in touching)
    return [w for w in words if w.line not in touching], max(0, int(start) - 2)


def _page(words: list[OcrWord], level: Image.Image, dpi: int, number: int, notices: list[Notice],
          header: HeaderZone | None, read_to: float) -> Page:
    if not words:
        return Page(number=number, text="", method=PageMethod.BLANK, dpi=dpi, notices=tuple(notices))
    return Page(number=number, text=page_text(words), method=PageMethod.OCR,
                confidence=round(statistics.fmean(w.conf for w in words), 1), header=header,
                dpi=dpi, notices=tuple(notices), words=boxes(words, level.width, level.height),
                complete=read_to >= 1.0, read_to=read_to)


def boxes(words: list[OcrWord], width: int, height: int) -> tuple[ModelWord, ...]:
    """Word boxes as fractions of the page, kept with the extraction for page pictures."""
    return tuple(ModelWord(w.word.text, round(w.word.x0 / width, 5), round(w.word.top / height, 5),
                           round(w.word.x1 / width, 5), round(w.word.bottom / height, 5), w.conf)
                 for w in words)


def ocr_image(image: Image.Image, dpi: int, number: int, name: str, settings: ReadSettings,
              deadline: float, want_header: bool, band: float | None = None, gate: bool = False) -> Page:
    """OCR one gray page image into a Page (BLANK when no word is found).

    Header-first (docs/reading.md): the top band (``settings.header_band`` of page 1, else
    ``settings.top_band``) is read first, then, unless ``band`` is given, the rest of the page
    below it. Both ways give the same band text, header zone and identity; reading with ``band``
    stops after the band (Page.complete False, completed later by :func:`complete_image`). A band
    with no word at all is never left alone: the page is read to the end.

    ``gate`` (a later page of a file whose earlier pages hold text): when the band's layout is
    plainly body text (verifier/read/layout.py), no document can start there, so the band is not
    read apart: with ``band`` nothing is OCR'd yet (read_to 0, completion reads the page whole);
    without, the page is read whole in one piece, as its completion would.
    """
    check_tesseract(settings, name)
    level, angle = deskew(image)
    notices: list[Notice] = []
    if angle:
        notices.append(Notice("ocr_deskewed", f"page turned {angle:+.1f}° before OCR", number))
    if (band is None and settings.whole_page_ocr) or (number == 1 and settings.first_page_whole):
        # `verifier extract`: the page in one piece, as read before header-first reading (a band read
        # apart recognises a few header words differently from the same band in the whole page)
        words = _ocr_region(level, 0, level.height, 0, dpi, settings, name, number, deadline)
        header = None
        if want_header and words:
            top = settings.header_band * level.height
            header = header_zone(line_aligned([w for w in words if w.word.top < top]), level.width)
        if not words:
            notices.append(Notice("ocr_blank_page", "OCR found no text on the page", number))
        return _page(words, level, dpi, number, notices, header, 1.0)
    fraction = band if band is not None else band_of(number, settings)
    cut = band_cut(level, fraction)
    if gate and number > 1 and settings.layout_gate and body_top(level, cut, settings):
        notices.append(Notice("ocr_body_top", "the top of the page is body text (no document starts "
                                              "there): read in one piece", number))
        if band is not None:
            return Page(number=number, text="", method=PageMethod.OCR, dpi=dpi, notices=tuple(notices),
                        complete=False, read_to=0.0)
        words = _ocr_region(level, 0, level.height, 1, dpi, settings, name, number, deadline)
        if not words:
            notices.append(Notice("ocr_blank_page", "OCR found no text on the page", number))
        return _page(words, level, dpi, number, notices, None, 1.0)
    words, start = _drop_cut_lines(_ocr_region(level, 0, cut, 0, dpi, settings, name, number, deadline), cut)
    header = None
    if want_header:
        header = header_zone(line_aligned(words), level.width) if words else None
    read_to = start / level.height
    if (band is None or not words) and start < level.height:
        words = words + _ocr_region(level, start, level.height, 1, dpi, settings, name, number, deadline)
        read_to = 1.0
    if not words:
        notices.append(Notice("ocr_blank_page", "OCR found no text on the page", number))
    return _page(words, level, dpi, number, notices, header, max(read_to, 0.0) if read_to < 1.0 else 1.0)


def complete_image(page: Page, image: Image.Image, name: str, settings: ReadSettings, deadline: float) -> Page:
    """The rest of a header-only page read and added in place: the band is not read again.

    ``image`` is the page as it was first read (same resolution); deskew is deterministic, so the
    levelled page and the cut are those of the first reading.
    """
    if page.complete:
        return page
    check_tesseract(settings, name)
    level, _angle = deskew(image)
    start = round(page.read_to * level.height)
    rest = _ocr_region(level, start, level.height, 1, page.dpi or settings.ocr_dpi, settings, name,
                       page.number, deadline)
    band_words = [OcrWord((0, 0, i), w.confidence or 0.0, Word(w.text, w.x0 * level.width, w.x1 * level.width,
                                                               w.y0 * level.height, w.y1 * level.height))
                  for i, w in enumerate(page.words)]
    words = band_words + rest
    if not rest and not page.words and page.read_to == 0.0:
        # a page left unread by the layout gate that holds no word after all: blank, as if read at once
        return replace(page, method=PageMethod.BLANK, complete=True, read_to=1.0, notices=(
            *page.notices, Notice("ocr_blank_page", "OCR found no text on the page", page.number)))
    if not rest:
        return replace(page, complete=True, read_to=1.0)
    text = normalize(page.text + "\n" + page_text(rest)) if page.text else page_text(rest)
    confidences = [w.conf for w in words]
    return replace(page, text=text, method=PageMethod.OCR, complete=True, read_to=1.0,
                   confidence=round(statistics.fmean(confidences), 1),
                   words=page.words + boxes(rest, level.width, level.height))


def band_of(number: int, settings: ReadSettings) -> float:
    """The top band read first: page 1's identity block, or the top of a later page (a new
    document starting there shows its header in it: verifier/identify/split.py)."""
    return settings.header_band if number == 1 else settings.top_band


def reocr_page(path: Path, name: str, page_number: int, dpi: int, settings: ReadSettings) -> Page:
    """OCR one page of a PDF or image again at ``dpi`` (a retry when page 1's number/date failed)."""
    # Imported here: the PDF and image readers import this module for ocr_image.
    from verifier.read.image import frame_image
    from verifier.read.pdf import pdf_page_image

    deadline = time.monotonic() + settings.limits.file_timeout_s
    with path.open("rb") as fh:
        is_pdf = b"%PDF" in fh.read(1024)
    if is_pdf:
        image, real_dpi = pdf_page_image(path, name, page_number, dpi, settings)
    else:
        image, real_dpi = frame_image(path, name, page_number, dpi, settings)
    return ocr_image(image, real_dpi, page_number, name, settings, deadline, want_header=page_number == 1)
