"""The layout gate of header-first reading (verifier/read/layout.py, docs/reading.md "The band").

A later scanned page whose top is plainly body text is not read in its band: no document can start
there. A page where one can (a Decree 30 header, an appendix or attachment heading) must never be
skipped, nor one whose top holds nothing to judge. Pages are rendered with the sample generator's
own layout and styles and scanned by its scanner model, then levelled as the reader levels them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import itertools
from collections.abc import Sequence
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer

from samplegen import spec as S
from samplegen.bundle import merge_pdfs
from samplegen.district import district_specs
from samplegen.filler import filler
from samplegen.layout import BOTTOM, LEFT, RIGHT, ST, TOP, _p, pinned_rl_config, render_pdf_bytes, task_table
from samplegen.scan import scanned_pdf
from verifier.identify import identify_documents
from verifier.identify.split import starts
from verifier.limits import ReadSettings
from verifier.read import complete_read, read_file
from verifier.read.layout import body_top
from verifier.read.model import PageMethod
from verifier.read.ocr import band_cut
from verifier.read.pdf import pdf_page_image
from verifier.read.render import deskew

pytestmark = pytest.mark.slow        # every test renders and scans pages (seconds each)
SETTINGS = ReadSettings()


def _pdf(flowables: Sequence[Flowable]) -> bytes:
    out = io.BytesIO()
    with pinned_rl_config(use_a85=1):
        SimpleDocTemplate(out, pagesize=A4, leftMargin=LEFT, rightMargin=RIGHT, topMargin=TOP,
                          bottomMargin=BOTTOM, invariant=1).build(list(flowables))
    return out.getvalue()


def _gated(pdf: bytes, tmp: Path, page: int = 1, seed: int = 5, colour: bool = False) -> bool:
    """Whether the gate skips page ``page`` of ``pdf`` once scanned, read as a later page is."""
    path = tmp / f"scan-{seed}-{page}.pdf"
    path.write_bytes(scanned_pdf(pdf, seed, colour=colour))
    image, _dpi = pdf_page_image(path, path.name, page, SETTINGS.ocr_dpi, SETTINGS)
    level, _angle = deskew(image)
    return body_top(level, band_cut(level, SETTINGS.top_band), SETTINGS)


def _body(seed: int, paragraphs: int = 8) -> list[Flowable]:
    return [_p(text, ST.body) for text in itertools.islice(filler(seed), paragraphs)]


def _scanned_specs(seed: int, count: int) -> list[S.DocSpec]:
    return [s for s in district_specs(seed=seed, text_pdfs=0, scanned_pdfs=count, docx=0)][:count]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_continuation_body_pages_are_skipped(tmp_path: Path, seed: int) -> None:
    assert _gated(_pdf(_body(seed)), tmp_path, seed=seed, colour=seed % 2 == 0)


@pytest.mark.parametrize("heading", [
    [_p("PHỤ LỤC I", ST.centred), _p("DANH SÁCH CÁC NHIỆM VỤ TRỌNG TÂM NĂM 2023", ST.centred),
     _p("(Kèm theo Kế hoạch số 38/KH-UBND ngày 10/01/2023 của UBND huyện)", ST.attached)],
    [_p("QUY CHẾ", ST.type), _p("Làm việc của Ủy ban nhân dân huyện nhiệm kỳ 2021-2026", ST.title),
     _p("(Ban hành kèm theo Quyết định số 15/QĐ-UBND ngày 05/01/2023 của UBND huyện)", ST.attached)],
    [_p("DANH SÁCH", ST.centred)],
], ids=["appendix", "attached-regulation", "list-heading"])
def test_a_page_opening_with_a_centred_heading_is_never_skipped(tmp_path: Path, heading: list[Flowable]) -> None:
    # the same body, with and without the heading above it: the heading alone keeps the band read
    assert _gated(_pdf(_body(4)), tmp_path, seed=4)
    assert not _gated(_pdf([*heading, *_body(4)]), tmp_path, seed=4)


def test_a_heading_below_a_few_body_lines_still_keeps_the_band(tmp_path: Path) -> None:
    top = [_p(next(filler(6)), ST.body)]
    assert not _gated(_pdf([*top, _p("PHỤ LỤC", ST.centred), *_body(6)]), tmp_path, seed=6)


def test_decree30_first_pages_are_never_skipped(tmp_path: Path) -> None:
    specs = _scanned_specs(7, 6)
    attached = dataclasses.replace(specs[0], issued_by=S.Ref("15/QĐ-UBND", dt.date(2023, 1, 5), "Quyết định"),
                                   type="Quy chế", number="15/QC-UBND")
    for i, spec in enumerate([*specs, attached]):
        assert not _gated(render_pdf_bytes(spec), tmp_path, page=1, seed=i, colour=i % 2 == 1), spec.file


def test_later_pages_of_the_generated_scans_are_mostly_skipped(tmp_path: Path) -> None:
    specs = _scanned_specs(8, 4)
    second = [_gated(render_pdf_bytes(s), tmp_path, page=2, seed=i) for i, s in enumerate(specs)]
    assert all(second)       # page 2 of a 3-page document is body text from its top line


def test_a_table_continuing_at_the_top_is_skipped_and_one_under_a_heading_is_not(tmp_path: Path) -> None:
    rows = tuple((str(i), f"Triển khai nhiệm vụ số {i} về cải cách hành chính trên địa bàn huyện",
                  "Phòng Nội vụ", f"Quý {1 + i % 4}") for i in range(1, 9))
    table = S.Table(("STT", "Nhiệm vụ", "Chủ trì", "Thời gian"), rows, (0.6, 4, 2.2, 1.4))
    fill = _scanned_specs(9, 1)[0]
    assert _gated(_pdf([task_table(table, fill), *_body(9)]), tmp_path, seed=9)
    heading = [_p("PHỤ LỤC", ST.centred), _p("DANH SÁCH NHIỆM VỤ", ST.centred)]
    assert not _gated(_pdf([*heading, task_table(table, fill), *_body(9)]), tmp_path, seed=9)


def test_a_page_with_a_blank_top_is_not_skipped(tmp_path: Path) -> None:
    assert not _gated(_pdf([Spacer(1, A4[1] * 0.2), *_body(10, 4)]), tmp_path, seed=10)
    assert not _gated(_pdf([Spacer(1, 10)]), tmp_path, seed=10)          # nothing at all


@pytest.mark.ocr
def test_a_skipped_band_is_read_whole_at_completion_and_the_bundle_still_splits(tmp_path: Path) -> None:
    first, second = _scanned_specs(11, 2)
    first = dataclasses.replace(first, pages=3)      # page 2 is body from its top line; page 3 ends it
    second = dataclasses.replace(second, pages=2)
    path = tmp_path / "bundle.pdf"
    path.write_bytes(scanned_pdf(merge_pdfs([render_pdf_bytes(first), render_pdf_bytes(second)]), 11))

    lazy = read_file(path, SETTINGS, header_only=True)
    skipped = lazy.pages[1]
    assert skipped.method is PageMethod.OCR and skipped.text == "" and not skipped.complete
    assert skipped.read_to == 0.0 and "ocr_body_top" in {n.code for n in skipped.notices}
    assert lazy.pages[3].text and 0 < lazy.pages[3].read_to < 1      # a document starts there: read
    assert starts(lazy) == [1, 4]
    assert [d.identity.number.value.text for d in identify_documents(lazy)
            if d.identity.number is not None] == [first.number, second.number]

    done = complete_read(path, lazy, None, SETTINGS)
    full = read_file(path, SETTINGS)
    assert done.pages == full.pages                 # completed in place = read in full at once
    assert len(done.pages[1].text) > 200 and done.pages[1].complete
    assert starts(done) == [1, 4]
