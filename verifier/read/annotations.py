"""Text drawn over a PDF page by annotations: the number and day an e-office system stamps on.

When a document is issued through an e-office system, the page's own text layer keeps blanks
("Số:      /KH-UBND", "ngày    tháng 12 năm 2022") and the values are drawn by annotations
(FreeText, Stamp, or a filled text-field Widget) whose appearance streams hold the digits. The
text layer never contains them, so they are read here into ``Page.overlay`` (the header band's
annotation text, one annotation per line, in reading order) and ``Page.overlay_words`` (each word
with its box, so that header parsing can put "163" into the "Số:" blank it covers).

How: PDFium flattens the page (draws every appearance into the page content, as printing does),
and the characters that appear inside an annotation's rectangle and were not on the page before
are the overlay. Measured cheaper than the alternatives (benchmarks/annotation_bench.py, figures
in docs/reading.md); ``/Contents`` alone is not enough, because a Stamp's text is only in its
appearance. Pages without such annotations cost one PDFium call. Signature widgets are skipped:
"Ký bởi: …" is about the signature, never the document's own number or date.

Flattening changes the page in the open document, so this runs after the page has been read.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from dataclasses import dataclass, replace

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from verifier.read.model import Page, Word
from verifier.read.zones import Glyph, words_from_glyphs
from verifier.read.zones import Word as BoxWord
from verifier.text import normalize

_SUBTYPES = frozenset({pdfium_c.FPDF_ANNOT_FREETEXT, pdfium_c.FPDF_ANNOT_STAMP, pdfium_c.FPDF_ANNOT_WIDGET})
_HIDDEN = pdfium_c.FPDF_ANNOT_FLAG_HIDDEN | pdfium_c.FPDF_ANNOT_FLAG_NOVIEW
_SLACK = 1.0              # points: a glyph box may poke out of the annotation's rectangle
_MAX_ANNOTS = 500         # more annotations than this on one page: only the first are looked at
_NAME_BUF = 64


@dataclass(frozen=True)
class _Rect:
    left: float
    bottom: float
    right: float
    top: float

    def holds(self, x: float, y: float) -> bool:
        return (self.left - _SLACK <= x <= self.right + _SLACK
                and self.bottom - _SLACK <= y <= self.top + _SLACK)


def with_overlay(doc: pdfium.PdfDocument, index: int, page: Page, band: float) -> Page:
    """``page`` with the text that annotations draw in its top ``band`` (a share of the height).

    The overlay is an extra: if PDFium fails on it, the page is returned as it was read.
    """
    try:
        return _with_overlay(doc, index, page, band)
    except pdfium.PdfiumError:
        return page


def _with_overlay(doc: pdfium.PdfDocument, index: int, page: Page, band: float) -> Page:
    pdf_page = doc[index]
    try:
        rects = list(_stamp_rects(pdf_page))
        if not rects:
            return page
        left, bottom, right, top = pdf_page.get_cropbox()
        before = _origins(pdf_page)
        if pdfium_c.FPDFPage_Flatten(pdf_page, pdfium_c.FLAT_NORMALDISPLAY) != pdfium_c.FLATTEN_SUCCESS:
            return page
    finally:
        pdf_page.close()
    pdf_page = doc[index]     # PDFium parses the flattened content only on a fresh load
    try:
        glyphs = _new_glyphs(pdf_page, rects, before, top, left)
    finally:
        pdf_page.close()
    width, height = max(right - left, 1.0), max(top - bottom, 1.0)
    words = [w for w in words_from_glyphs(glyphs) if w.top < band * height]
    if not words:
        return page
    lines = _lines(words, rects, top, left)
    return replace(page, overlay=normalize("\n".join(lines)),
                   overlay_words=tuple(Word(normalize(w.text), w.x0 / width, w.top / height,
                                            w.x1 / width, w.bottom / height) for w in _reading_order(words)))


def _stamp_rects(page: pdfium.PdfPage) -> Iterator[_Rect]:
    """Rectangles of the visible FreeText/Stamp/text-Widget annotations that have an appearance."""
    count = min(pdfium_c.FPDFPage_GetAnnotCount(page), _MAX_ANNOTS)
    rect = pdfium_c.FS_RECTF()
    for i in range(count):
        annot = pdfium_c.FPDFPage_GetAnnot(page, i)
        if not annot:
            continue
        try:
            if (pdfium_c.FPDFAnnot_GetSubtype(annot) in _SUBTYPES
                    and not pdfium_c.FPDFAnnot_GetFlags(annot) & _HIDDEN
                    and pdfium_c.FPDFAnnot_HasKey(annot, b"AP")
                    and not _is_signature(annot)
                    and pdfium_c.FPDFAnnot_GetRect(annot, rect)):
                yield _Rect(min(rect.left, rect.right), min(rect.bottom, rect.top),
                            max(rect.left, rect.right), max(rect.bottom, rect.top))
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)


def _is_signature(annot: pdfium_c.FPDF_ANNOTATION) -> bool:
    """A signature field's widget (its /FT, or its parent field's, is /Sig)."""
    if _name(annot, b"FT") == "Sig":
        return True
    parent = pdfium_c.FPDFAnnot_GetLinkedAnnot(annot, b"Parent")
    if not parent:
        return False
    try:
        return _name(parent, b"FT") == "Sig"
    finally:
        pdfium_c.FPDFPage_CloseAnnot(parent)


def _name(annot: pdfium_c.FPDF_ANNOTATION, key: bytes) -> str:
    buf = ctypes.create_string_buffer(_NAME_BUF)
    size = pdfium_c.FPDFAnnot_GetStringValue(annot, key, ctypes.cast(buf, ctypes.POINTER(pdfium_c.FPDF_WCHAR)),
                                             _NAME_BUF)
    if size <= 2 or size > _NAME_BUF:
        return ""
    return buf.raw[:size - 2].decode("utf-16-le", "replace")


def _chars(page: pdfium.PdfPage) -> Iterator[tuple[str, float, float, pdfium_c.FS_RECTF | None]]:
    """(character, origin x, origin y, loose box or None) for every character of the page."""
    textpage = page.get_textpage()
    try:
        x, y = ctypes.c_double(), ctypes.c_double()
        for i in range(textpage.count_chars()):
            char = chr(pdfium_c.FPDFText_GetUnicode(textpage, i))
            if not pdfium_c.FPDFText_GetCharOrigin(textpage, i, x, y):
                continue
            box = pdfium_c.FS_RECTF()
            yield char, x.value, y.value, box if pdfium_c.FPDFText_GetLooseCharBox(textpage, i, box) else None
    finally:
        textpage.close()


def _origins(page: pdfium.PdfPage) -> set[tuple[str, int, int]]:
    return {(char, round(x), round(y)) for char, x, y, _ in _chars(page)}


def _new_glyphs(page: pdfium.PdfPage, rects: list[_Rect], before: set[tuple[str, int, int]],
                top: float, left: float) -> list[Glyph]:
    """Characters inside a stamp rectangle that the unflattened page did not have, top-down coords."""
    glyphs: list[Glyph] = []
    for char, x, y, box in _chars(page):
        if char.isspace() or box is None:
            glyphs.append(Glyph(" ", 0, 0, 0, 0))
            continue
        if (char, round(x), round(y)) in before or not any(r.holds(x, y) for r in rects):
            glyphs.append(Glyph(" ", 0, 0, 0, 0))     # a break: page text between two stamps
            continue
        glyphs.append(Glyph(char, box.left - left, box.right - left, top - box.top, top - box.bottom))
    return glyphs


def _reading_order(words: list[BoxWord]) -> list[BoxWord]:
    """Top to bottom by rows (a row: overlapping vertical middles), left to right inside a row."""
    rows: list[list[BoxWord]] = []
    for w in sorted(words, key=lambda w: w.mid):
        if rows and abs(w.mid - rows[-1][0].mid) <= 0.5 * max(rows[-1][0].height, w.height, 1.0):
            rows[-1].append(w)
        else:
            rows.append([w])
    return [w for row in rows for w in sorted(row, key=lambda w: w.x0)]


def _lines(words: list[BoxWord], rects: list[_Rect], top: float, left: float) -> list[str]:
    """One line per annotation (its words in reading order), annotations in reading order."""
    groups: dict[int, list[BoxWord]] = {}
    for w in words:
        x, y = left + (w.x0 + w.x1) / 2, top - (w.top + w.bottom) / 2
        owner = next((k for k, r in enumerate(rects) if r.holds(x, y)), -1)
        groups.setdefault(owner, []).append(w)
    rank = {id(w): k for k, w in enumerate(_reading_order(words))}
    ordered = sorted(groups.values(), key=lambda ws: min(rank[id(w)] for w in ws))
    return [" ".join(w.text for w in _reading_order(ws)) for ws in ordered]
