"""parse_number: the four numbering schemes and the OCR/typing noise seen in real evidence."""

from __future__ import annotations

import pytest

from verifier.identify import TYPE_NAMES, parse_number
from verifier.identify.model import NumberKind
from verifier.identify.numbers import iter_numbers, read_number


@pytest.mark.parametrize(
    ("text", "canonical", "kind", "type_code", "issuer", "year", "suffix"),
    [
        pytest.param("163/KH-UBND", "163/KH-UBND", NumberKind.ADMIN, "KH", "UBND", None, None, id="admin"),
        pytest.param("163 /KH-UBND", "163/KH-UBND", NumberKind.ADMIN, "KH", "UBND", None, None,
                     id="space-before-slash"),
        pytest.param("Số:163/KH-UBND", "163/KH-UBND", NumberKind.ADMIN, "KH", "UBND", None, None,
                     id="so-label-no-space"),
        pytest.param("Kế hoạch số Kế hoạch số 163/KH-UBND", "163/KH-UBND", NumberKind.ADMIN, "KH", "UBND",
                     None, None, id="doubled-words"),
        pytest.param("33/2023/NĐ-CP", "33/2023/NĐ-CP", NumberKind.LEGAL, "NĐ", "CP", 2023, None, id="legal"),
        pytest.param("80/2015/QH13", "80/2015/QH13", NumberKind.LEGAL, None, "QH13", 2015, None, id="law"),
        pytest.param("173/QĐ-UBND(CT)", "173/QĐ-UBND(CT)", NumberKind.ADMIN, "QĐ", "UBND", None, "CT",
                     id="suffix"),
        pytest.param("1727/UBND-NC", "1727/UBND-NC", NumberKind.LETTER, None, "UBND", None, None,
                     id="cong-van"),
        pytest.param("3682/SNV-XDCQ&TCBM", "3682/SNV-XDCQ&TCBM", NumberKind.LETTER, None, "SNV", None, None,
                     id="ampersand"),
        pytest.param("2082/STP-TTr", "2082/STP-TTr", NumberKind.LETTER, None, "STP", None, None,
                     id="mixed-case-unit"),
        pytest.param("195/TTr-UBND", "195/TTr-UBND", NumberKind.ADMIN, "TTr", "UBND", None, None,
                     id="to-trinh-TTr"),
        pytest.param("30c/NQ-CP", "30c/NQ-CP", NumberKind.ADMIN, "NQ", "CP", None, None, id="letter-suffix"),
        pytest.param("Số 146-KH/HU", "146-KH/HU", NumberKind.PARTY, "KH", "HU", None, None, id="party"),
        pytest.param("36-HD/VPTW", "36-HD/VPTW", NumberKind.PARTY, "HD", "VPTW", None, None, id="party-hd"),
        pytest.param("01/BC-ĐKT", "01/BC-ĐKT", NumberKind.ADMIN, "BC", "ĐKT", None, None, id="adhoc-issuer"),
        pytest.param("05/HĐND-VP", "05/HĐND-VP", NumberKind.LETTER, None, "HĐND", None, None,
                     id="HĐND-is-not-HĐ"),
    ],
)
def test_clean_numbers(text: str, canonical: str, kind: NumberKind, type_code: str | None,
                       issuer: str, year: int | None, suffix: str | None) -> None:
    number = parse_number(text)
    assert number is not None
    assert (number.text, number.kind, number.type_code, number.issuer_code, number.year, number.suffix) == (
        canonical, kind, type_code, issuer, year, suffix)


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        pytest.param("673/QĐUBND", "673/QĐ-UBND", id="lost-hyphen"),
        pytest.param("63/2010/NĐCP", "63/2010/NĐ-CP", id="lost-hyphen-legal"),
        pytest.param("12/TTrSNV", "12/TTr-SNV", id="lost-hyphen-longest-prefix"),
        pytest.param("30c/NQCP", "30c/NQ-CP", id="lost-hyphen-letter-suffix"),
        pytest.param("33/2023/ND-CP", "33/2023/NĐ-CP", id="ascii-D"),
        pytest.param("15/QD-UBND", "15/QĐ-UBND", id="ascii-D-admin"),
        pytest.param("1O3/KH-UBND", "103/KH-UBND", id="O-for-0"),
        pytest.param("l63/KH-UBND", "163/KH-UBND", id="l-for-1"),
    ],
)
def test_repairs_are_low_confidence(text: str, canonical: str) -> None:
    match = read_number(text)
    assert match is not None
    assert match.number.text == canonical
    assert match.repairs
    assert match.confidence < 0.8


def test_spacing_is_a_minor_repair() -> None:
    match = read_number("6148 /BNV-CTTN")
    assert match is not None and match.number.text == "6148/BNV-CTTN"
    assert 0.8 <= match.confidence < 1.0


def test_ascii_d_only_for_known_abbreviations() -> None:
    # "HD" is itself Hướng dẫn and "DKT" is no type: neither may be rewritten with Đ.
    hd = parse_number("02/HD-SNV")
    dkt = parse_number("01/DKT-UBND")
    assert hd is not None and hd.type_code == "HD"
    assert dkt is not None and dkt.symbol == "DKT-UBND" and dkt.type_code is None


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("07/07 xã", id="fraction"),
        pytest.param("503/646 hồ sơ", id="fraction-large"),
        pytest.param("đạt 11/19 đơn vị", id="fraction-units"),
        pytest.param("30/12/2022", id="date"),
        pytest.param("http://konray.kontum.gov.vn/chuyen-muc-2/cai-cach-hanh-chinh", id="url"),
        pytest.param("QĐUBND", id="symbol-without-number"),
        pytest.param("", id="empty"),
        pytest.param("Số: /KH-UBND", id="blank-number"),
    ],
)
def test_not_a_number(text: str) -> None:
    assert parse_number(text) is None


def test_prose_after_a_number_is_not_part_of_the_symbol() -> None:
    numbers = [m.number.text for m in iter_numbers("số 540/BC-UBND - UBND huyện; số 431/QĐ-UBND - Đơn vị")]
    assert numbers == ["540/BC-UBND", "431/QĐ-UBND"]


def test_running_text_does_not_guess_ocr_digits() -> None:
    assert [m.number.text for m in iter_numbers("Cục l6/KH-UBND")] == []
    assert [m.number.text for m in iter_numbers("Cục l6/KH-UBND", tolerant=True)] == ["16/KH-UBND"]


def test_type_names() -> None:
    assert TYPE_NAMES["KH"] == "Kế hoạch"
    assert TYPE_NAMES["CV"] == "Công văn"
    assert TYPE_NAMES["NĐ"] == "Nghị định"
    assert TYPE_NAMES["TT"] == "Thông tư"
    assert TYPE_NAMES["TTr"] == "Tờ trình"
    assert TYPE_NAMES["QyĐ"] == "Quy định"
    # Decree 30 Phụ lục III has 27 abbreviations; all must be present.
    phu_luc_iii = ["NQ", "QĐ", "CT", "QC", "QyĐ", "TC", "TB", "HD", "CTr", "KH", "PA", "ĐA", "DA", "BC",
                   "BB", "TTr", "HĐ", "CĐ", "BGN", "BTT", "GUQ", "GM", "GGT", "GNP", "PG", "PC", "PB"]
    assert len(phu_luc_iii) == 27
    assert set(phu_luc_iii) <= set(TYPE_NAMES)


def test_a_type_code_with_a_letter_printed_twice_is_read_and_flagged() -> None:
    from verifier.identify.numbers import DOUBLED, read_number

    found = read_number("58/QĐĐ-UBND")
    assert found is not None and found.number.text == "58/QĐ-UBND" and found.number.type_code == "QĐ"
    assert DOUBLED in found.repairs and found.confidence < 0.8
    kept = read_number("12/TTr-UBND")        # a real code with a repeated letter is left alone
    assert kept is not None and kept.number.type_code == "TTr" and not kept.repairs
