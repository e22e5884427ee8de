"""find_citations: the documents a text cites, with the type word and date written around them."""

from __future__ import annotations

import datetime as dt

import pytest

from verifier.identify import find_citations
from verifier.text import normalize


@pytest.mark.parametrize(
    ("text", "number", "date", "type_name"),
    [
        pytest.param("Căn cứ Kế hoạch số 163/KH-UBND ngày 30/12/2022 của UBND huyện;", "163/KH-UBND",
                     dt.date(2022, 12, 30), "Kế hoạch", id="can-cu"),
        pytest.param("Kế hoạch số 130/KH-UBND, ngày 29/8/2023", "130/KH-UBND", dt.date(2023, 8, 29),
                     "Kế hoạch", id="comma-before-date"),
        pytest.param("Quyết định số 887/QĐ-UBND ngày 30/12/2022", "887/QĐ-UBND", dt.date(2022, 12, 30),
                     "Quyết định", id="quyet-dinh"),
        pytest.param("Công văn số 2082/STP-TTr ngày 10/11/2023 của Sở Tư pháp", "2082/STP-TTr",
                     dt.date(2023, 11, 10), "Công văn", id="cong-van"),
        pytest.param("theo Kế hoạch số 146-KH/HU ngày 10/11/2023 của Huyện ủy", "146-KH/HU",
                     dt.date(2023, 11, 10), "Kế hoạch", id="party"),
        pytest.param("theo Nghị định 33/2023/NĐ-CP của Chính phủ", "33/2023/NĐ-CP", None, "Nghị định",
                     id="legal-no-date"),
        pytest.param("Thực hiện Quyết định số 887/QĐ-UBND ngày 30 tháng 12 năm 2022 của UBND tỉnh",
                     "887/QĐ-UBND", dt.date(2022, 12, 30), "Quyết định", id="long-form-date"),
        pytest.param("Quyết định số 173/QĐ-UBND(CT) ngày 11/4/2023", "173/QĐ-UBND(CT)", dt.date(2023, 4, 11),
                     "Quyết định", id="suffix"),
        pytest.param("Thông báo số: 11/TB-SNV ngày 20/01/2023", "11/TB-SNV", dt.date(2023, 1, 20),
                     "Thông báo", id="so-colon"),
        pytest.param("văn bản số 6148 /BNV-CTTN ngày 23/10/2023", "6148/BNV-CTTN", dt.date(2023, 10, 23),
                     "văn bản", id="space-before-slash"),
        pytest.param("Báo cáo quý III số 363/BC-UBND ngày 14/9/2023", "363/BC-UBND", dt.date(2023, 9, 14),
                     "Báo cáo", id="words-between-type-and-so"),
        pytest.param("Kế hoạch số Kế hoạch số 163/KH-UBND ngày 30/12/2022", "163/KH-UBND",
                     dt.date(2022, 12, 30), "Kế hoạch", id="doubled"),
        pytest.param("Hướng dẫn 36-HD/VPTW", "36-HD/VPTW", None, "Hướng dẫn", id="party-guidance"),
        pytest.param("số 25/TB-SNV ngày 31/3/2023", "25/TB-SNV", dt.date(2023, 3, 31), None, id="no-type-word"),
        pytest.param("Quyết định số 1064/QĐ-UBND ngày 31/02/2023", "1064/QĐ-UBND", None, "Quyết định",
                     id="impossible-date-dropped"),
    ],
)
def test_single_citation(text: str, number: str, date: dt.date | None, type_name: str | None) -> None:
    (cite,) = find_citations(normalize(text), page=3)
    assert (cite.number.text, cite.date, cite.type_name, cite.page) == (number, date, type_name, 3)
    assert cite.number.number in cite.source


def test_source_spans_type_word_to_date() -> None:
    (cite,) = find_citations("Căn cứ Kế hoạch số 130/KH-UBND, ngày 29/8/2023 của UBND huyện")
    assert cite.source == "Kế hoạch số 130/KH-UBND, ngày 29/8/2023"


def test_several_in_order() -> None:
    text = ("(Kế hoạch số 13/KH-UBND ngày 19/01/2023; Kế hoạch số 130/KH-UBND, ngày 29/8/2023), "
            "đã kiểm tra tại 06/19 đơn vị; Tổng trong năm, có 11/19 đơn vị được kiểm tra")
    cites = find_citations(text)
    assert [(c.number.text, c.date) for c in cites] == [
        ("13/KH-UBND", dt.date(2023, 1, 19)), ("130/KH-UBND", dt.date(2023, 8, 29))]


def test_line_break_inside_a_citation() -> None:
    (cite,) = find_citations("Căn cứ Kế hoạch số\n163/KH-UBND ngày\n30/12/2022 của UBND huyện")
    assert (cite.number.text, cite.date, cite.type_name) == ("163/KH-UBND", dt.date(2022, 12, 30), "Kế hoạch")
    assert "\n" not in cite.source


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("07/07 xã, phường đạt chuẩn", id="fraction"),
        pytest.param("503/646 hồ sơ đúng hạn", id="fraction-large"),
        pytest.param("tỷ lệ 1/32 và 19/86", id="small-fractions"),
        pytest.param("ngày 30/12/2022 và 04.12.2023", id="dates"),
        pytest.param("(đường link- http://konray.kontum.gov.vn/chuyen-muc-2/cai-cach-hanh-chinh)", id="url"),
        pytest.param("https://example.gov.vn/van-ban/123/QD-UBND.pdf", id="url-with-number-like-path"),
        pytest.param("https://dichvucong.gov.vn/tra-cuu?so=123/KH-UBND", id="url-query"),
        pytest.param("Phòng Lao động - TB&XH; Quyết định 344 của UBND huyện", id="no-symbol"),
        pytest.param("", id="empty"),
    ],
)
def test_not_citations(text: str) -> None:
    assert find_citations(text) == ()
