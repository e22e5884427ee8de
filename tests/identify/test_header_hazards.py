"""Header shapes that real text layers produce (docs/evidence.md, "Header lines"): real published
headers first, then the e-office shapes (signature stamps, blank stamped number and day)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from verifier.identify import identify
from verifier.identify.lines import header_lines
from verifier.identify.model import Identity
from verifier.read.model import FileKind, HeaderZone, Page, PageMethod, ReadResult
from verifier.text import normalize

REAL = json.loads((Path(__file__).parent / "fixtures" / "real_headers.json").read_text(encoding="utf-8"))
# Misses still open, each checked to stay a miss (strict xfail) so a fix is noticed and counted.
KNOWN_MISSES = {("ubtvqh-653-2019-nq", "number"): "'Nghị quyết số:' label (a law-style header) is not read",
                ("laichau-draft-2025-qd", "place"): "a draft with no date gives no place"}


def _read(text: str, *, overlay: str = "", header: HeaderZone | None = None) -> ReadResult:
    page = Page(1, normalize(text), PageMethod.TEXT, header=header, overlay=normalize(overlay))
    return ReadResult("văn bản.pdf", FileKind.PDF, "0" * 64, 1, (page,))


def _got(ident: Identity, key: str) -> str | None:
    if key == "number":
        return ident.number.value.text if ident.number else None
    if key == "date":
        return ident.date.value.isoformat() if ident.date else None
    return ident.place.value if ident.place else None


def _cases() -> list[Any]:
    out = []
    for h in REAL:
        for key in ("number", "date", "place"):
            marks = [pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[(h["id"], key)])] \
                if (h["id"], key) in KNOWN_MISSES else []
            out.append(pytest.param(h, key, id=f"{h['split']}-{h['id']}-{key}", marks=marks))
    return out


@pytest.mark.parametrize(("header", "key"), _cases())
def test_real_published_header(header: dict[str, Any], key: str) -> None:
    """Each value as its page states it (truth_from says how it was obtained)."""
    assert _got(identify(_read(header["text"])), key) == header[key]


def test_real_headers_are_what_the_measure_reads() -> None:
    # The measure (scripts/measure_headers.py) and this test read the same fixture, split in two.
    assert {h["split"] for h in REAL} == {"dev", "heldout"}
    assert all(h["source"] and h["truth_from"] for h in REAL)


@pytest.mark.parametrize(("raw", "expected"), [
    ("Quảng Nam, ngày\n28 tháng 4 năm 2023", ["Quảng Nam, ngày 28 tháng 4 năm 2023"]),
    ("Hà Nội, ngày 23\ntháng 6 năm 2022", ["Hà Nội, ngày 23 tháng 6 năm 2022"]),
    ("Sơn\nLa, ngày 16 tháng 11\nnăm 2018", ["Sơn La, ngày 16 tháng 11 năm 2018"]),
    ("Số:\n06/2024/QĐ-UBND", ["Số: 06/2024/QĐ-UBND"]),
    ("ỦY\nBAN NHÂN DÂN\nTỈNH SƠN LA", ["ỦY BAN NHÂN DÂN", "TỈNH SƠN LA"]),
    ("ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 4/KH-UBND | Huế, ngày 02 tháng 01 năm 2024 |",
     ["ỦY BAN NHÂN DÂN", "Số: 4/KH-UBND", "Huế, ngày 02 tháng 01 năm 2024"]),
    # a cell break is never crossed: the date cell does not borrow the next cell's words
    ("Kon Tum, ngày 25\n|\nQUYẾT ĐỊNH", ["Kon Tum, ngày 25", "QUYẾT ĐỊNH"]),
    ("BAN CHỈ ĐẠO CHUYỂN ĐỔI\nSỐ\nSố: 05/BC-BCĐ", ["BAN CHỈ ĐẠO CHUYỂN ĐỔI", "SỐ", "Số: 05/BC-BCĐ"]),
    ("Ký bởi: Ủy ban nhân dân huyện Kon Rẫy\nThời gian ký: 30.12.2022 16:45:12 +07:00\nSố: 163/KH-UBND",
     ["Số: 163/KH-UBND"]),
])
def test_header_lines_put_back_together(raw: str, expected: list[str]) -> None:
    assert header_lines(raw) == expected


KH_TOP = """ỦY BAN NHÂN DÂN
HUYỆN KON RẪY
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc"""
KH_BOTTOM = """KẾ HOẠCH
Cải cách hành chính nhà nước năm 2023
Căn cứ Kế hoạch số 5126/KH-UBND ngày 22/12/2022 của Ủy ban nhân dân tỉnh Kon Tum;"""


def test_signature_stamp_in_the_header_is_not_the_date() -> None:
    text = f"""{KH_TOP}
Ký bởi: Ủy ban nhân dân huyện Kon Rẫy
Email: ubndkonray@kontum.gov.vn
Thời gian ký: 05.01.2023 16:45:12 +07:00
Số: 163/KH-UBND
Kon Rẫy, ngày 30 tháng 12 năm 2022
{KH_BOTTOM}"""
    ident = identify(_read(text))
    assert ident.number is not None and ident.number.value.text == "163/KH-UBND"
    assert ident.date is not None and ident.date.value == dt.date(2022, 12, 30)
    assert ident.issuer is not None and ident.issuer.value == "ỦY BAN NHÂN DÂN HUYỆN KON RẪY"


def test_signing_time_never_stands_in_for_a_missing_date() -> None:
    # The date line was lost; the only date-like text is the stamp's signing time.
    text = f"""{KH_TOP}
Số: 163/KH-UBND Ký bởi: Ủy ban nhân dân huyện Kon Rẫy Thời gian ký: 30.12.2022 16:45:12 +07:00
{KH_BOTTOM}"""
    ident = identify(_read(text, header=HeaderZone(
        left="ỦY BAN NHÂN DÂN\nHUYỆN KON RẪY\nSố: 163/KH-UBND",
        right="Ký bởi: Ủy ban nhân dân huyện Kon Rẫy\nThời gian ký: 30.12.2022 16:45:12 +07:00", below="")))
    assert ident.number is not None and ident.number.value.text == "163/KH-UBND"
    assert ident.date is None


def test_date_line_before_number_line() -> None:
    text = f"""{KH_TOP}
Kon Rẫy, ngày 30 tháng 12 năm 2022
Số: 163/KH-UBND
{KH_BOTTOM}"""
    ident = identify(_read(text))
    assert ident.number is not None and ident.number.value.text == "163/KH-UBND"
    assert ident.date is not None and ident.date.value == dt.date(2022, 12, 30)
    assert ident.place is not None and ident.place.value == "Kon Rẫy"
    assert ident.issuer is not None and ident.issuer.value == "ỦY BAN NHÂN DÂN HUYỆN KON RẪY"


E_OFFICE = f"""{KH_TOP}
Số: /KH-UBND
Kon Rẫy, ngày tháng 12 năm 2022
{KH_BOTTOM}"""


@pytest.mark.parametrize("overlay", [
    pytest.param("163\n30", id="annotation-values"),
    pytest.param("ỦY BAN NHÂN DÂN\nHUYỆN KON RẪY\nSố: 163/KH-UBND\nKon Rẫy, ngày 30 tháng 12 năm 2022",
                 id="ocr-of-the-header-band"),
    pytest.param("Ký bởi: Ủy ban nhân dân huyện Kon Rẫy\nThời gian ký: 30.12.2022 16:45:12 +07:00\n163\n30",
                 id="values-beside-the-signature-stamp"),
])
def test_blank_number_and_day_are_read_from_the_stamp(overlay: str) -> None:
    ident = identify(_read(E_OFFICE, overlay=overlay))
    assert ident.number is not None and ident.number.value.text == "163/KH-UBND"
    assert ident.date is not None and ident.date.value == dt.date(2022, 12, 30)
    assert ident.place is not None and ident.place.value == "Kon Rẫy"
    assert any("stamp" in w for w in ident.warnings)


@pytest.mark.parametrize("overlay", [
    pytest.param("", id="no-overlay"),
    pytest.param("Ký bởi: Ủy ban nhân dân huyện Kon Rẫy\nThời gian ký: 30.12.2022 16:45:12 +07:00",
                 id="only-the-signature-stamp"),
    pytest.param("Số: 163/BC-UBND\nKon Rẫy, ngày 30 tháng 11 năm 2022", id="values-that-do-not-fit-the-blanks"),
])
def test_blanks_stay_blank_without_a_fitting_stamp(overlay: str) -> None:
    ident = identify(_read(E_OFFICE, overlay=overlay))
    assert ident.number is None
    assert ident.date is None
    assert ident.type_code is not None and ident.type_code.value == "KH"


def test_wrapped_date_in_the_right_column_of_a_header_zone() -> None:
    zone = HeaderZone(left="ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NAM\nSố: 216/QĐ-UBND",
                      right="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                            "Quảng Nam, ngày\n28 tháng 4 năm 2023",
                      below="QUYẾT ĐỊNH\nVề việc triển khai thực hiện")
    ident = identify(_read("QUYẾT ĐỊNH\nVề việc triển khai thực hiện", header=zone))
    assert ident.date is not None and ident.date.value == dt.date(2023, 4, 28)
    assert ident.place is not None and ident.place.value == "Quảng Nam"


def test_a_number_glued_to_its_label_by_an_ocr_speck() -> None:
    ident = identify(_read(f"{KH_TOP}\nSố:.163/KH-UBND Kon Rẫy, ngày 30 tháng 12 năm 2022\n{KH_BOTTOM}"))
    assert ident.number is not None and ident.number.value.text == "163/KH-UBND"


def test_a_v_v_line_running_past_the_column_split_keeps_its_last_word(tmp_path: Path) -> None:
    """A real PDF: the reader's header zone puts the V/v line's last word in the right column."""
    from samplegen import DocSpec, Signer, render_pdf
    from verifier.read import read_file

    spec = DocSpec(file="cv.pdf", number="85/UBND-NC", type="Công văn", issuer="ỦY BAN NHÂN DÂN HUYỆN KON RẪY",
                   date=dt.date(2023, 7, 21), title="Về công tác chuyển đổi số năm 2023",
                   body=("Ủy ban nhân dân huyện báo cáo như sau.",), to=("Sở Nội vụ tỉnh Kon Tum",),
                   signer=Signer("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An"))
    ident = identify(read_file(render_pdf(spec, tmp_path / "cv.pdf")))
    assert ident.title is not None and ident.title.value == "Về công tác chuyển đổi số năm 2023"
