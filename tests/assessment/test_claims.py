"""Claims in explanation cells: cited documents and declared figures, with percentages recomputed."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from verifier.assessment import extract_claims, figures_for, load_table
from verifier.assessment.claims import percent_agrees

SEED = Path(__file__).parent / "fixtures" / "kon_ray_2023.tsv"
D = Decimal


def _n(x: str | None) -> Decimal | None:
    return None if x is None else Decimal(x)


@pytest.mark.parametrize(("phrase", "num", "den", "pct", "unit", "consistent"), [
    pytest.param("trên tổng số TTHC đang triển khai thanh toán trực tuyến là 19/86 thủ tục",
                 "19", "86", None, "thủ tục", None, id="ratio-7.3.2"),
    pytest.param("- 07/07 xã, thị trấn trên địa bàn huyện đã thực hiện công khai",
                 "7", "7", None, "xã", None, id="ratio-that-looks-like-a-date"),
    pytest.param("Tỷ lệ hồ sơ thanh toán trực tuyến là 63,01%. Số điểm đạt được: 0,32 điểm",
                 None, None, "63.01", None, None, id="percent-only"),
    pytest.param("Số hồ sơ có số hóa kết quả trên số hồ sơ đã giải quyết là. 503/646 hồ sơ, đạt tỷ lệ 77,86%",
                 "503", "646", "77.86", "hồ sơ", True, id="ratio-and-percent"),
    pytest.param("người lao động là 1/32= 8,68% đơn vị.",
                 "1", "32", "8.68", "đơn vị", False, id="inconsistent-6.3.1"),
    pytest.param("Tổng trong năm, có 11/19 đơn vị được kiểm tra, đạt 57,89%.",
                 "11", "19", "57.89", "đơn vị", True, id="ratio-percent-apart"),
    pytest.param("Tổng số hồ sơ đã giải quyết của đơn vị: 1311 hồ sơ, Đã giải quyết sớm hạn 1264 hồ sơ "
                 "(đạt 96,42%), 47 hồ sơ trễ hạn.", "1264", "1311", "96.42", "hồ sơ", True, id="two-counts"),
    pytest.param("Tổng số hồ sơ đã giải quyết của các đơn vị: 3.638 hồ sơ, Đã giải quyết sớm hạn 3.630 hồ sơ "
                 "(đạt 99,78%). 08 hồ sơ trễ hạn.", "3630", "3638", "99.78", "hồ sơ", True,
                 id="two-counts-thousands-dot"),
    pytest.param("Tổng số hồ sơ: 200 hồ sơ, giải quyết đúng hạn 150 hồ sơ (đạt 80%).",
                 "150", "200", "80", "hồ sơ", False, id="two-counts-inconsistent"),
    pytest.param("giải ngân đến 31/10/2023 là 51.740 triệu đồng/94.561 triệu đồng, đạt 54,7% Tài liệu",
                 "51740", "94561", "54.7", "triệu đồng", True, id="money-ratio"),
    pytest.param("Tổng kế hoạch vốn đầu tư phát triển năm 2023 là 144.636 triệu đồng (bao gồm 49.675 triệu "
                 "đồng vốn ngân sách Trung ương hỗ trợ), đã giải ngân 52.849 triệu đồng, đạt 36,5% kế hoạch",
                 "52849", "144636", "36.5", "triệu đồng", True, id="three-counts-pick-the-agreeing-pair"),
    pytest.param("DVC đủ điều kiện lên trực tuyến toàn trình là 167/167 thủ tục; trong đó: cấp huyện",
                 "167", "167", None, "thủ tục", None, id="full-ratio"),
    pytest.param("Hoàn thành 100% Kế hoạch rà soát", None, None, "100", "Kế hoạch", None, id="hundred"),
    pytest.param("- 100 % hồ sơ TTHC được tiếp nhận", None, None, "100", "hồ sơ", None, id="spaced-percent"),
])
def test_one_figure(phrase: str, num: str | None, den: str | None, pct: str | None, unit: str | None,
                    consistent: bool | None) -> None:
    figures = extract_claims(phrase).figures
    assert len(figures) == 1, figures
    f = figures[0]
    assert (f.numerator, f.denominator, f.percent, f.unit, f.consistent) == (
        _n(num), _n(den), _n(pct), unit, consistent)
    assert f.text in phrase
    assert f.is_ratio is (num is not None)


def test_inconsistent_percent_carries_the_true_value() -> None:
    f = extract_claims("là 1/32= 8,68% đơn vị.").figures[0]
    assert f.computed_percent == Decimal("3.125")
    assert f.text == "1/32= 8,68% đơn vị"


@pytest.mark.parametrize("phrase", [
    pytest.param("Kế hoạch số 163/KH-UBND ngày 30/12/2022 của UBND huyện", id="number-and-date"),
    pytest.param("theo Nghị định số 33/2023/NĐ-CP và Thông tư 03/2019/TT-BTP", id="legal-numbers"),
    pytest.param("báo cáo năm chưa tới hạn (15/12)", id="day-month-in-brackets"),
    pytest.param("(trước ngày 10/12 theo Kế hoạch số 4465/KH-UBND", id="day-month-after-cue"),
    pytest.param("Tổng thu ngân sách thực hiện đến tháng 9/2023 là 379.546 triệu đồng", id="month-year"),
    pytest.param("(đường link- http://konray.kontum.gov.vn/chuyen-muc-2/cai-cach-hanh-chinh)", id="url"),
    pytest.param("https://dichvucong.gov.vn/p/12/34/pakn-detail.html?id=140913", id="url-with-fraction"),
    pytest.param("văn bản số 6148 /BNV-CTTN ngày 23/10/2023; hệ thống hóa VBQPPL kỳ 2019 - 2023",
                 id="spaced-number"),
    pytest.param("Quyết định số 1064/QĐ-UBND ngày 8/12/2023; ngày 04.12.2023", id="short-dates"),
])
def test_not_figures(phrase: str) -> None:
    assert extract_claims(phrase).figures == ()


@pytest.mark.parametrize(("computed", "written", "decimals", "ok"), [
    pytest.param("57.8947", "57.89", 2, True, id="rounded"),
    pytest.param("96.4150", "96.42", 2, True, id="rounded-half-up"),
    pytest.param("66.6667", "66.66", 2, True, id="truncated"),
    pytest.param("66.6667", "66.6", 1, True, id="truncated-one-decimal"),
    pytest.param("96.4150", "96", 0, True, id="whole-percent"),
    pytest.param("3.125", "8.68", 2, False, id="wrong"),
    pytest.param("54.7160", "54.8", 1, False, id="one-tenth-off"),
    pytest.param("77.8638", "77.87", 2, True, id="within-0.01"),
    pytest.param("77.8638", "77.88", 2, False, id="two-hundredths-off"),
])
def test_percent_agrees(computed: str, written: str, decimals: int, ok: bool) -> None:
    assert percent_agrees(D(computed), D(written), decimals) is ok


def test_zero_denominator_has_nothing_to_compare() -> None:
    f = extract_claims("0/0 hồ sơ, đạt 100%").figures[0]
    assert (f.computed_percent, f.consistent, f.percent) == (None, None, D(100))


def test_citations_are_wired_from_identify() -> None:
    text = ("Giải trình: - - UBND huyện Kon Rẫy đã thực hiện báo cáo định kỳ theo hướng dẫn số 01/HD-SNV "
            "ngày 25/02/2022 của Sở Nội vụ, cụ thể: Báo cáo quý I số 75/BC-UBND ngày 15/3/2023; báo cáo năm "
            "chưa tới hạn (15/12)")
    claims = extract_claims(text)
    assert [c.number.text for c in claims.citations] == ["01/HD-SNV", "75/BC-UBND"]
    assert claims.figures == ()


def test_figures_for_filters_by_unit_word_ignoring_accents_and_case() -> None:
    claims = extract_claims("Có 06/19 đơn vị; 503/646 hồ sơ, đạt tỷ lệ 77,86%; 100% cán bộ")
    assert [f.numerator for f in figures_for(claims, unit_words=["Ho So"])] == [D(503)]
    assert len(figures_for(claims)) == 3
    assert figures_for(claims, unit_words=["nhiệm vụ"]) == ()


def test_whole_seed_has_one_inconsistent_figure_and_no_dates_as_figures() -> None:
    table = load_table(SEED)
    inconsistent = []
    ratios = 0
    for row in table.rows:
        for cell in (row.explanation, row.opinion):
            for f in extract_claims(cell).figures:
                if f.consistent is False:
                    inconsistent.append((row.code, f.text))
                if f.is_ratio:
                    ratios += 1
                    assert f.denominator is not None and f.denominator >= 7, (row.code, f.text)
    assert inconsistent == [("6.3.1", "1/32= 8,68% đơn vị")]
    # 06/19, 07/19, 11/19, 07/07, 503/646, 663->642, 1311->1264, 3.638->3.630, 144.636->52.849,
    # 51.740/94.561, 56/56, 1/32, 19/19 (twice), 167/167, 117/117, 86/86, 19/86
    assert ratios == 18
