"""The page picture: the header band of a real PDF (text layer or scan) with number and date outlined."""

from __future__ import annotations

import datetime as dt
import io
import os
import time
from pathlib import Path

import pytest
from PIL import Image

from service.web.picture import (
    OUTLINE,
    RENDER_DPI,
    Box,
    PictureCache,
    Word,
    find,
    header_picture,
    needles_for,
    picture_key,
)
from tests.read.pdf_factory import make_scan_pdf, make_text_pdf, render_page, scanned
from verifier.limits import ReadSettings
from verifier.read import read_file, tesseract
from verifier.read.model import Page, PageMethod

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


def _no_tesseract_on_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A ``tesseract`` first on PATH that records each call and fails: drawing must never run it."""
    calls = tmp_path / "tesseract-calls"
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "tesseract").write_text(f"#!/bin/sh\necho \"$@\" >> {calls}\nexit 3\n")
    (shim / "tesseract").chmod(0o755)
    monkeypatch.setenv("PATH", f"{shim}:{os.environ.get('PATH', '')}")
    return calls


@pytest.mark.ocr
@pytest.mark.slow
def test_scan_is_outlined_from_the_word_boxes_of_its_extraction(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    text_pdf = make_text_pdf(tmp_path / "kh.pdf")
    scan = make_scan_pdf(tmp_path / "scan.pdf", [scanned(render_page(text_pdf))])
    page = read_file(scan, ReadSettings(first_page_whole=False), header_only=True).pages[0]
    assert page.method is PageMethod.OCR and not page.complete and page.words
    calls = _no_tesseract_on_path(monkeypatch, tmp_path)
    recognitions = tesseract.recognitions()
    pic = header_picture(scan, 1, needles_for(NUMBER, DATE), stored=page)
    assert not calls.exists() and tesseract.recognitions() == recognitions   # no second OCR stack
    assert pic is not None and pic.method == "ocr"
    assert pic.highlighted == 2                       # number and date, both in the header band
    left, right, _ = outline_columns(pic.png)
    assert left > 100 and right > 100


def test_scan_without_stored_boxes_is_shown_unoutlined_and_never_ocrd(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    text_pdf = make_text_pdf(tmp_path / "kh.pdf")
    scan = make_scan_pdf(tmp_path / "scan.pdf", [scanned(render_page(text_pdf))])
    calls = _no_tesseract_on_path(monkeypatch, tmp_path)
    recognitions = tesseract.recognitions()
    stored = Page(number=1, text="", method=PageMethod.OCR)
    pic = header_picture(scan, 1, needles_for(NUMBER, DATE), stored=stored)
    assert not calls.exists() and tesseract.recognitions() == recognitions
    assert pic is not None and (pic.method, pic.highlighted) == ("none", 0)


def test_picture_cache_drops_the_least_recently_used_past_its_size(tmp_path: Path) -> None:
    folder = tmp_path / "pictures"
    cache = PictureCache(folder, max_bytes=2500)
    cache.put("a", bytes(1000))
    cache.put("b", bytes(1000))
    now = time.time()
    os.utime(folder / "a.png", (now - 200, now - 200))     # a stored first, b after it
    os.utime(folder / "b.png", (now - 100, now - 100))
    assert cache.get("a") == bytes(1000)                  # a used again: b is now the least recent
    cache.put("c", bytes(1000))                           # 3000 bytes > 2500: one must go
    assert sorted(p.stem for p in folder.glob("*.png")) == ["a", "c"]
    assert cache.get("b") is None


def test_picture_key_changes_with_the_extraction() -> None:
    needles = needles_for(NUMBER, DATE)
    assert picture_key("s", 1, needles, "k1:0.35") != picture_key("s", 1, needles, "k1:1.0")
    assert picture_key("s", 1, needles, "k1") == picture_key("s", 1, needles, "k1")
