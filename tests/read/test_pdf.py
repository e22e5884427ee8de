"""The PDF text path: per-page text, the page-1 header zone, and every way a PDF is refused."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from tests.read.pdf_factory import (
    make_scan_pdf,
    make_text_pdf,
    owner_password_only,
    render_page,
    scanned,
    user_password,
)
from verifier import errors
from verifier.limits import ReadSettings
from verifier.read.model import PageMethod
from verifier.read.pdf import read_pdf
from verifier.read.zones import Word, header_zone

SETTINGS = ReadSettings()


def _read(path: Path, settings: ReadSettings = SETTINGS, seconds: float = 60.0):  # type: ignore[no-untyped-def]
    return read_pdf(path, path.name, settings, time.monotonic() + seconds)


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_text_pdf(tmp_path_factory.mktemp("pdf") / "ke-hoach-163.pdf", pages=3)


def test_text_pages_are_read_without_ocr(plan: Path) -> None:
    pages, notices = _read(plan)
    assert [p.method for p in pages] == [PageMethod.TEXT] * 3
    assert [p.number for p in pages] == [1, 2, 3]
    assert notices == () and all(p.notices == () and p.confidence is None for p in pages)
    assert "Số: 163/KH-UBND" in pages[0].text
    assert "Kon Rẫy, ngày 30 tháng 12 năm 2022" in pages[0].text
    assert "Trang 3, dòng 30" in pages[2].text


def test_header_zone_splits_number_left_and_date_right(plan: Path) -> None:
    pages, _ = _read(plan)
    header = pages[0].header
    assert header is not None
    assert header.left.splitlines() == ["ỦY BAN NHÂN DÂN", "HUYỆN KON RẪY", "Số: 163/KH-UBND"]
    assert header.right.splitlines() == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                                         "Kon Rẫy, ngày 30 tháng 12 năm 2022"]
    assert header.below.splitlines() == ["KẾ HOẠCH", "Cải cách hành chính nhà nước năm 2023"]
    assert all(p.header is None for p in pages[1:])


def _row(y: float, *parts: tuple[str, float]) -> list[Word]:
    words = []
    for text, x in parts:
        for token in text.split():
            width = 7.0 * len(token)
            words.append(Word(token, x, x + width, y, y + 12))
            x += width + 3.5
    return words


def test_header_zone_of_a_cong_van_keeps_the_vv_line_left_and_stops_at_the_body() -> None:
    words = (_row(50, ("SỞ NỘI VỤ", 120), ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 260))
             + _row(68, ("TỈNH KON TUM", 115), ("Độc lập - Tự do - Hạnh phúc", 320))
             + _row(92, ("Số: 3162/SNV-HCTH", 100), ("Kon Tum, ngày 05 tháng 3 năm 2020", 300))
             + _row(110, ("V/v báo cáo kết quả CCHC", 95))
             + _row(160, ("Kính gửi: Ủy ban nhân dân các huyện", 200))
             + _row(190, ("Thực hiện Kế hoạch số 163/KH-UBND ngày 30/12/2022 của Ủy ban nhân dân huyện", 85)))
    header = header_zone(words, 595)
    assert header is not None
    assert header.left.splitlines()[-2:] == ["Số: 3162/SNV-HCTH", "V/v báo cáo kết quả CCHC"]
    assert header.right.splitlines()[-1] == "Kon Tum, ngày 05 tháng 3 năm 2020"
    assert header.below == "Kính gửi: Ủy ban nhân dân các huyện"


def test_no_two_column_row_means_no_header() -> None:
    words = _row(60, ("BÁO CÁO TỔNG HỢP", 230)) + _row(80, ("Kết quả thực hiện năm 2023", 210))
    assert header_zone(words, 595) is None


def test_user_password_is_refused(tmp_path: Path) -> None:
    path = make_text_pdf(tmp_path / "locked.pdf", encrypt=user_password())
    with pytest.raises(errors.EncryptedFile) as caught:
        _read(path)
    assert caught.value.code == "E_ENCRYPTED" and caught.value.file == "locked.pdf"


def test_owner_password_only_is_read(tmp_path: Path) -> None:
    path = make_text_pdf(tmp_path / "restricted.pdf", encrypt=owner_password_only())
    pages, notices = _read(path)
    assert pages[0].method is PageMethod.TEXT and "163/KH-UBND" in pages[0].text
    assert [n.code for n in notices] == ["pdf_owner_password"]


def test_truncated_pdf_is_corrupt(plan: Path, tmp_path: Path) -> None:
    data = plan.read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: len(data) * 2 // 3])
    with pytest.raises(errors.CorruptFile) as caught:
        _read(cut)
    assert caught.value.code == "E_CORRUPT" and "cut.pdf" in caught.value.message_vi


def test_garbage_after_the_pdf_signature_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n")
    with pytest.raises(errors.CorruptFile):
        _read(path)


def test_page_limit_is_checked_before_reading(plan: Path) -> None:
    with pytest.raises(errors.TooManyPages) as caught:
        _read(plan, SETTINGS.with_limits(max_pages=2))
    assert caught.value.params == {"pages": 3, "limit": 2}


def test_deadline_between_pages(plan: Path) -> None:
    with pytest.raises(errors.FileTimeout):
        _read(plan, seconds=-1.0)


def test_pages_without_any_text_or_image_give_no_text(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    c = Canvas(str(path), pagesize=A4)
    c.rect(100, 100, 200, 50)
    c.showPage()
    c.showPage()
    c.save()
    with pytest.raises(errors.NoTextFound):
        _read(path)


@pytest.fixture(scope="module")
def scan(plan: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    image = scanned(render_page(plan, 0, 200))
    return make_scan_pdf(tmp_path_factory.mktemp("scan") / "scan.pdf", [image])


def test_pixel_limit_is_checked_before_decoding_the_scan(scan: Path) -> None:
    with pytest.raises(errors.TooManyPixels) as caught:
        _read(scan, SETTINGS.with_limits(max_pixels=1_000_000))
    assert caught.value.params["limit"] == 1_000_000
    assert int(str(caught.value.params["pixels"])) > 1_000_000


def test_scan_with_ocr_disabled_is_unavailable_not_empty(scan: Path) -> None:
    with pytest.raises(errors.OcrUnavailable):
        _read(scan, ReadSettings(ocr_enabled=False))
