"""PDF reader: the text layer page by page with PDFium, OCR for the pages whose layer fails the gate.

One PDFium textpage per page serves the text, the quality gate and (page 1) the header zone, so
nothing is parsed twice and pages with good text are never rendered. The header words come from
PDFium's character boxes rather than pdfplumber: measured on a one-page Decree-30 plan, pdfplumber
took 25.6 ms for page 1's words against 2.3 ms for PDFium's boxes, and the whole text path has to
stay within 2x of pdftotext (7.0 ms for that file).
"""

from __future__ import annotations

import ctypes
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from verifier.errors import (
    CorruptFile,
    EncryptedFile,
    FileTimeout,
    NoTextFound,
    OcrUnavailable,
    TooManyPages,
)
from verifier.limits import ReadSettings
from verifier.read.annotations import with_overlay
from verifier.read.legacy import Legacy, is_caps_font, legacy_font, to_unicode
from verifier.read.model import HeaderZone, Notice, Page, PageMethod
from verifier.read.model import Word as ModelWord
from verifier.read.ocr import band_of, complete_image, ocr_image
from verifier.read.quality import Route, Verdict, judge, judge_plausible
from verifier.read.render import page_image
from verifier.read.zones import Glyph, header_zone, words_from_glyphs
from verifier.text import normalize

_EOF_TAIL = 4096        # "%%EOF" must be near the end; a cut-off download has none
_MAX_FONT_OBJECTS = 300  # text objects sampled for font names


def open_pdf(path: Path, name: str) -> pdfium.PdfDocument:
    """Open with no password, then the empty one; EncryptedFile if a real one is needed."""
    with path.open("rb") as fh:
        fh.seek(0, 2)
        fh.seek(max(0, fh.tell() - _EOF_TAIL))
        if b"%%EOF" not in fh.read():
            raise CorruptFile(file=name, detail="truncated (no %%EOF at the end)")
    last: pdfium.PdfiumError | None = None
    for password in (None, ""):
        try:
            return pdfium.PdfDocument(path, password=password)
        except pdfium.PdfiumError as exc:
            last = exc
            if exc.err_code not in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
                raise CorruptFile(file=name, detail=str(exc)) from exc
    raise EncryptedFile(file=name) from last


def read_pdf(path: Path, name: str, settings: ReadSettings, deadline: float,
             header_only: bool = False) -> tuple[tuple[Page, ...], tuple[Notice, ...]]:
    """Every page; with ``header_only``, scanned pages are read in their top band only
    (header-first reading, docs/reading.md) and completed later by :func:`complete_pdf`."""
    doc = open_pdf(path, name)
    try:
        count = len(doc)
        if count > settings.limits.max_pages:
            raise TooManyPages(file=name, pages=count, limit=settings.limits.max_pages)
        if count == 0:
            raise CorruptFile(file=name, detail="no pages")
        notices: list[Notice] = []
        if pdfium_c.FPDF_GetSecurityHandlerRevision(doc) >= 0:
            notices.append(Notice("pdf_owner_password", "encrypted with an owner password only; read"))
        pages: list[Page] = []
        for index in range(count):
            if time.monotonic() > deadline:
                raise FileTimeout(file=name, limit=settings.limits.file_timeout_s)
            try:
                # the layout gate only where a document has begun before (docs/reading.md, "The band")
                gate = any(p.method is not PageMethod.BLANK and p.text.strip() for p in pages)
                page = _read_page(doc, index, name, settings, deadline, header_only, gate)
                pages.append(with_overlay(doc, index, page, settings.header_band))
            except pdfium.PdfiumError as exc:
                raise CorruptFile(file=name, detail=f"page {index + 1}: {exc}") from exc
    finally:
        doc.close()
    if all(p.method is PageMethod.BLANK for p in pages):
        if any(n.code == "ocr_disabled" for p in pages for n in p.notices):
            raise OcrUnavailable(file=name, detail="OCR is disabled (VERIFIER_OCR_ENABLED)")
        raise NoTextFound(file=name)
    return tuple(pages), tuple(notices)


def pdf_page_image(path: Path, name: str, page_number: int, dpi: int,
                   settings: ReadSettings) -> tuple[Image.Image, int]:
    """One page as a gray image at about ``dpi`` (for a re-OCR), and its real resolution."""
    doc = open_pdf(path, name)
    try:
        if not 1 <= page_number <= len(doc):
            raise CorruptFile(file=name, detail=f"no page {page_number}")
        page = doc[page_number - 1]
        try:
            return page_image(page, dpi, settings.limits, name)
        finally:
            page.close()
    except pdfium.PdfiumError as exc:
        raise CorruptFile(file=name, detail=f"page {page_number}: {exc}") from exc
    finally:
        doc.close()


def complete_pdf(path: Path, name: str, pages: tuple[Page, ...], numbers: set[int] | None,
                 settings: ReadSettings, deadline: float) -> tuple[Page, ...]:
    """``pages`` with the header-only ones among ``numbers`` (None: all) read to the end, in place:
    each page is rendered as at its first reading and only the part below its band is OCR'd."""
    todo = [p for p in pages if not p.complete and (numbers is None or p.number in numbers)]
    if not todo:
        return pages
    done: dict[int, Page] = {}
    doc = open_pdf(path, name)
    try:
        for old in todo:
            if time.monotonic() > deadline:
                raise FileTimeout(file=name, limit=settings.limits.file_timeout_s)
            page = doc[old.number - 1]
            try:
                image, _dpi = page_image(page, settings.ocr_dpi, settings.limits, name)
            finally:
                page.close()
            done[old.number] = complete_image(old, image, name, settings, deadline)
    except pdfium.PdfiumError as exc:
        raise CorruptFile(file=name, detail=str(exc)) from exc
    finally:
        doc.close()
    return tuple(done.get(p.number, p) for p in pages)


def layer_words(path: Path, page_number: int, band: float) -> tuple[ModelWord, ...]:
    """The text layer's words in the top ``band`` of a page, boxes as fractions of the page, from
    PDFium's character boxes (the page picture's words for a text page; nothing is OCR'd)."""
    doc = pdfium.PdfDocument(str(path))
    try:
        if not 1 <= page_number <= len(doc):
            return ()
        page = doc[page_number - 1]
        textpage = page.get_textpage()
        try:
            left, bottom, right, top = page.get_cropbox()
            width, height = right - left, top - bottom
            words = words_from_glyphs(_band_glyphs(textpage, left, top, top - band * height))
        finally:
            textpage.close()
            page.close()
    finally:
        doc.close()
    return tuple(ModelWord(w.text, w.x0 / width, w.top / height, w.x1 / width, w.bottom / height) for w in words)


def _band_glyphs(textpage: pdfium.PdfTextPage, left: float, top: float, floor: float) -> list[Glyph]:
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    rect = pdfium_c.FS_RECTF()
    glyphs: list[Glyph] = []
    for i in range(textpage.count_chars()):
        if not pdfium_c.FPDFText_GetCharOrigin(textpage, i, origin_x, origin_y) or origin_y.value < floor:
            continue
        char = chr(pdfium_c.FPDFText_GetUnicode(textpage, i))
        if char.isspace() or not pdfium_c.FPDFText_GetLooseCharBox(textpage, i, rect):
            glyphs.append(Glyph(" ", 0, 0, 0, 0))
            continue
        glyphs.append(Glyph(char, rect.left - left, rect.right - left, top - rect.top, top - rect.bottom))
    return glyphs


def _read_page(doc: pdfium.PdfDocument, index: int, name: str, settings: ReadSettings,
               deadline: float, header_only: bool = False, gate: bool = False) -> Page:
    number = index + 1
    page = doc[index]
    textpage = page.get_textpage()
    try:
        raw = textpage.get_text_range()
        verdict = judge(raw, settings, lambda: _image_coverage(page), lambda: _font_names(page))
        if verdict.route is Route.LEGACY and verdict.legacy is not None:
            converted = normalize(_legacy_text(textpage, verdict.legacy))
            recheck = judge_plausible(converted, settings)
            if recheck.route is Route.TEXT:
                header, words = _header(page, textpage, settings, legacy=True) if number == 1 else (None, ())
                return Page(number=number, text=converted, method=PageMethod.LEGACY, header=header, words=words,
                            notices=(_notice(verdict, number),))
            verdict = replace(recheck, reason=f"{verdict.reason}; {recheck.reason}")
        if verdict.route is Route.TEXT:
            header, words = _header(page, textpage, settings) if number == 1 else (None, ())
            return Page(number=number, text=normalize(raw), method=PageMethod.TEXT, header=header, words=words)
        if verdict.route is Route.BLANK:
            return Page(number=number, text="", method=PageMethod.BLANK, notices=(_notice(verdict, number),))
        if not settings.ocr_enabled:
            return Page(number=number, text="", method=PageMethod.BLANK,
                        notices=(_notice(verdict, number),
                                 Notice("ocr_disabled", "page needs OCR but OCR is disabled", number)))
        image, dpi = page_image(page, settings.ocr_dpi, settings.limits, name)
        ocr = ocr_image(image, dpi, number, name, settings, deadline, want_header=number == 1,
                        band=band_of(number, settings) if header_only else None, gate=gate)
        return replace(ocr, notices=(_notice(verdict, number), *ocr.notices))
    finally:
        textpage.close()
        page.close()


def _notice(verdict: Verdict, number: int) -> Notice:
    return Notice(verdict.code, verdict.reason, number)


def _image_coverage(page: pdfium.PdfPage) -> float:
    width, height = (float(v) for v in page.get_size())
    area = 0.0
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        area += max(0.0, min(right, width) - max(left, 0.0)) * max(0.0, min(top, height) - max(bottom, 0.0))
    return min(1.0, area / max(width * height, 1.0))


def _font_names(page: pdfium.PdfPage) -> list[str]:
    names: dict[str, None] = {}
    for i, obj in enumerate(page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_TEXT,), max_depth=2)):
        if i >= _MAX_FONT_OBJECTS:
            break
        if isinstance(obj, pdfium.PdfTextObj):
            names.setdefault(obj.get_font().get_base_name(), None)
    return list(names)


def _char_font(textpage: pdfium.PdfTextPage, index: int, buf: ctypes.Array[ctypes.c_char]) -> str:
    size = pdfium_c.FPDFText_GetFontInfo(textpage, index, buf, len(buf), None)
    if size <= 0 or size > len(buf):
        return ""
    return buf.raw[: size - 1].decode("utf-8", "replace")


def _chars(textpage: pdfium.PdfTextPage) -> Iterator[tuple[int, str, str]]:
    """(index, character, font name) for every character of the page."""
    buf = ctypes.create_string_buffer(256)
    for i in range(textpage.count_chars()):
        yield i, chr(pdfium_c.FPDFText_GetUnicode(textpage, i)), _char_font(textpage, i, buf)


def _legacy_text(textpage: pdfium.PdfTextPage, guessed: Legacy) -> str:
    """The page text with each run in a TCVN3/VNI font converted to Unicode.

    When no font names its encoding (renamed or stripped fonts), the byte pattern's guess is
    applied to the whole page.
    """
    chars = list(_chars(textpage))
    if not any(legacy_font(font) for _, _, font in chars):
        return to_unicode("".join(char for _, char, _ in chars), guessed)
    parts: list[str] = []
    run: list[str] = []
    run_font = ""

    def flush() -> None:
        kind = legacy_font(run_font)
        text = "".join(run)
        parts.append(text if kind is None else to_unicode(text, kind, is_caps_font(run_font)))
        run.clear()

    for _, char, font in chars:
        if font != run_font and not char.isspace():
            flush()
            run_font = font
        run.append(char)
    flush()
    return "".join(parts)


def _header(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, settings: ReadSettings,
            legacy: bool = False) -> tuple[HeaderZone | None, tuple[ModelWord, ...]]:
    """Page 1's header zone from the character boxes in the top band (fonts read on legacy pages),
    and those words as fractions of the page (kept for the page picture)."""
    left, bottom, right, top = page.get_cropbox()
    width, height = right - left, top - bottom
    band_floor = top - settings.header_band * height
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    rect = pdfium_c.FS_RECTF()
    buf = ctypes.create_string_buffer(256)
    glyphs: list[Glyph] = []
    for i in range(textpage.count_chars()):
        if not pdfium_c.FPDFText_GetCharOrigin(textpage, i, origin_x, origin_y) or origin_y.value < band_floor:
            continue
        char = chr(pdfium_c.FPDFText_GetUnicode(textpage, i))
        if char.isspace() or not pdfium_c.FPDFText_GetLooseCharBox(textpage, i, rect):
            glyphs.append(Glyph(" ", 0, 0, 0, 0))
            continue
        font = _char_font(textpage, i, buf) if legacy else ""
        if legacy_font(font) is Legacy.TCVN3:     # one byte per letter: convert glyph by glyph
            char = to_unicode(char, Legacy.TCVN3, is_caps_font(font))
        glyphs.append(Glyph(char, rect.left - left, rect.right - left, top - rect.top, top - rect.bottom,
                            font))
    words = [replace(w, text=to_unicode(w.text, Legacy.VNI)) if legacy_font(w.font) is Legacy.VNI else w
             for w in words_from_glyphs(glyphs)]
    kept = tuple(ModelWord(normalize(w.text), round(w.x0 / width, 5), round(w.top / height, 5),
                           round(w.x1 / width, 5), round(w.bottom / height, 5)) for w in words if w.text.strip())
    return header_zone(words, width), kept
