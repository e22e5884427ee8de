"""The page picture: the header band of a real PDF (text layer or scan) with number and date outlined."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from PIL import Image

from service.web.picture import OUTLINE, RENDER_DPI, Box, Word, find, header_picture, needles_for
from tests.read.pdf_factory import make_scan_pdf, make_text_pdf, render_page, scanned

NUMBER, DATE = "163/KH-UBND", dt.date(2022, 12, 30)   # what tests/read/pdf_factory writes in the header


def outline_columns(png: bytes) -> tuple[int, int, Image.Image]:
    """Outline pixels in the left and in the right half of the picture."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    px = image.load()
    assert px is not None
    hits = [x for y in range(image.height) for x in range(image.width) if px[x, y] == OUTLINE]
    left = sum(1 for x in hits if x < image.width // 2)
    return left, len(hits) - left, image


def test_find_matches_tokens_in_order_with_punctuation_and_leading_zeros() -> None:
    words = [Word(w, Box(i * 10, 0, i * 10 + 8, 5)) for i, w in
             enumerate(["Số:", "163/KH-UBND", "Kon", "Rẫy,", "ngày", "05", "tháng", "01", "năm", "2023"])]
    assert find(words, ["163/KH-UBND"]) == Box(10, 0, 18, 5)
    assert find(words, needles_for(None, dt.date(2023, 1, 5))[0]) == Box(40, 0, 98, 5)
    assert find(words, needles_for(None, dt.date(2023, 1, 6))[0]) is None


def test_text_pdf_header_with_number_and_date_outlined(tmp_path: Path) -> None:
    pdf = make_text_pdf(tmp_path / "kh.pdf")
    pic = header_picture(pdf, 1, needles_for(NUMBER, DATE))
    assert pic is not None and (pic.method, pic.highlighted) == ("text", 2)
    left, right, image = outline_columns(pic.png)
    assert abs(image.width - round(595 / 72 * RENDER_DPI)) <= 1   # A4 width at 100 dpi
    assert image.height < image.width                            # the header band, not the page
    assert left > 100 and right > 100                            # number (left), date (right)


def test_text_not_on_the_page_is_not_outlined(tmp_path: Path) -> None:
    pdf = make_text_pdf(tmp_path / "kh.pdf")
    pic = header_picture(pdf, 1, needles_for("999/QĐ-UBND", dt.date(2023, 1, 5)))
    assert pic is not None and pic.highlighted == 0
    assert outline_columns(pic.png)[:2] == (0, 0)


def test_files_without_pages_give_no_picture(tmp_path: Path) -> None:
    junk = tmp_path / "x.pdf"
    junk.write_bytes(b"%PDF-1.4 truncated")
    docx = tmp_path / "x.docx"
    docx.write_bytes(b"PK\x03\x04not really")
    assert header_picture(junk, 1, []) is None
    assert header_picture(docx, 1, []) is None


@pytest.mark.ocr
@pytest.mark.slow
def test_scan_is_located_by_ocr(tmp_path: Path) -> None:
    text_pdf = make_text_pdf(tmp_path / "kh.pdf")
    scan = make_scan_pdf(tmp_path / "scan.pdf", [scanned(render_page(text_pdf))])
    pic = header_picture(scan, 1, needles_for(NUMBER, DATE))
    assert pic is not None and pic.method == "ocr"
    assert pic.highlighted >= 1
    left, _right, _ = outline_columns(pic.png)
    assert left > 100
