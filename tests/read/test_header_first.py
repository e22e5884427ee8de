"""Header-first reading of scanned pages (docs/reading.md): the top band first, the rest in place.

A page read header-first and completed later must be exactly the page read in full at once: same
text, header zone, confidence and word boxes. That is what lets a verdict decided on the band be
the verdict of a full reading, and the cached extraction be completed rather than read again.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.read.pdf_factory import make_scan_pdf, make_text_pdf, render_page, scanned
from verifier.identify import identify_documents
from verifier.limits import ReadSettings
from verifier.read import complete_read, read_file
from verifier.read.model import PageMethod

pytestmark = [pytest.mark.ocr, pytest.mark.slow]
# The band mechanics on page 1 too (the default; pinned here in case first_page_whole is turned on),
# and on page 2, whose body text the layout gate would leave unread (tests/read/test_layout_gate.py)
SETTINGS = ReadSettings(first_page_whole=False, layout_gate=False)


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A two-page scan of a Decree-30 plan: page 1 with its header, page 2 body text."""
    tmp = tmp_path_factory.mktemp("scan")
    text = make_text_pdf(tmp / "kh.pdf", pages=2)
    return make_scan_pdf(tmp / "scan.pdf", [scanned(render_page(text, 0)), scanned(render_page(text, 1), seed=3)])


def test_band_first_then_completed_in_place_equals_the_full_reading(scan: Path) -> None:
    lazy = read_file(scan, SETTINGS, header_only=True)
    full = read_file(scan, SETTINGS)
    assert [p.method for p in lazy.pages] == [PageMethod.OCR, PageMethod.OCR]
    assert not any(p.complete for p in lazy.pages) and all(p.complete for p in full.pages)
    assert all(0 < p.read_to < 1 for p in lazy.pages)
    for band, whole in zip(lazy.pages, full.pages, strict=True):
        assert len(band.text) < len(whole.text)
        assert whole.text.startswith(band.text)           # the band is the top of the same reading
        assert band.words == whole.words[:len(band.words)]
    assert lazy.pages[0].header == full.pages[0].header     # the identity block is read the same way
    assert identify_documents(lazy)[0].identity.number == identify_documents(full)[0].identity.number

    only_first = complete_read(scan, lazy, {1}, SETTINGS)
    assert only_first.pages[0].complete and not only_first.pages[1].complete
    assert only_first.pages[1] == lazy.pages[1]
    done = complete_read(scan, only_first, None, SETTINGS)
    assert done.pages == full.pages                         # text, header, confidence, words: all equal


def test_word_boxes_are_kept_as_fractions_of_the_page(scan: Path) -> None:
    page = read_file(scan, SETTINGS).pages[0]
    assert page.words
    assert all(0 <= w.x0 < w.x1 <= 1 and 0 <= w.y0 < w.y1 <= 1 for w in page.words)
    number = next(w for w in page.words if "163/KH" in w.text)
    assert number.x1 < 0.5 and number.y1 < SETTINGS.header_band   # "Số: 163/KH-UBND": left column, top band


def test_text_pdf_pages_are_whole_and_keep_their_header_boxes(tmp_path: Path) -> None:
    read = read_file(make_text_pdf(tmp_path / "kh.pdf", pages=2), SETTINGS, header_only=True)
    assert all(p.complete and p.method is PageMethod.TEXT for p in read.pages)
    assert any("163/KH" in w.text for w in read.pages[0].words)


def test_by_default_every_page_of_a_scan_is_read_by_its_band_and_page_one_whole_on_request(scan: Path) -> None:
    lazy = read_file(scan, ReadSettings(), header_only=True)
    assert not lazy.pages[0].complete and not lazy.pages[1].complete
    assert lazy.pages[0].read_to < 0.4 and lazy.pages[1].read_to < 0.3     # header_band 0.35, top_band 0.22
    whole_first = read_file(scan, ReadSettings(first_page_whole=True), header_only=True)
    whole = read_file(scan, ReadSettings(whole_page_ocr=True))
    assert whole_first.pages[0].complete and not whole_first.pages[1].complete
    assert whole_first.pages[0] == whole.pages[0]          # the identity page as `verifier extract` reads it
