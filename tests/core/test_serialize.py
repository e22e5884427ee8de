import datetime as dt
from decimal import Decimal

import pytest

from verifier.evidence import ErrorInfo
from verifier.identify.model import Citation, DocNumber, Field, Identity, NumberKind
from verifier.read.model import FileKind, HeaderZone, Notice, Page, PageMethod, ReadResult
from verifier.results import CriterionResult, Finding, FindingKind, Severity, Status
from verifier.serialize import from_jsonable, to_jsonable


def _identity() -> Identity:
    num = DocNumber("163/KH-UBND", "163", "KH-UBND", NumberKind.ADMIN, "KH", "UBND")
    cited = DocNumber("33/2023/NĐ-CP", "33", "NĐ-CP", NumberKind.LEGAL, "NĐ", "CP", year=2023)
    return Identity(
        number=Field(num, 0.95, 1, "Số: 163/KH-UBND"),
        type_code=Field("KH", 1.0, 1, "KẾ HOẠCH"),
        type_name=Field("Kế hoạch", 1.0, 1, "KẾ HOẠCH"),
        issuer=Field("ỦY BAN NHÂN DÂN HUYỆN KON RẪY", 1.0, 1, "ỦY BAN NHÂN DÂN\nHUYỆN KON RẪY"),
        place=Field("Kon Rẫy", 1.0, 1, "Kon Rẫy, ngày 30 tháng 12 năm 2022"),
        date=Field(dt.date(2022, 12, 30), 1.0, 1, "Kon Rẫy, ngày 30 tháng 12 năm 2022"),
        title=None,
        citations=(Citation(cited, dt.date(2023, 6, 9), "Nghị định", 2, "Nghị định số 33/2023/NĐ-CP"),),
        warnings=("x",),
    )


def test_identity_round_trips_with_generic_fields_and_dates() -> None:
    ident = _identity()
    data = to_jsonable(ident)
    assert data["date"]["value"] == "2022-12-30"
    assert data["number"]["value"]["kind"] == "admin"
    assert from_jsonable(Identity, data) == ident


def test_read_result_round_trips() -> None:
    rr = ReadResult("a.pdf", FileKind.PDF, "ab" * 32, 10,
                    (Page(1, "Số: 1", PageMethod.OCR, 87.5, HeaderZone("l", "r", "b"), 200,
                          (Notice("ocr_no_text_layer", "m", 1),)),), (), 0.5)
    assert from_jsonable(ReadResult, to_jsonable(rr)) == rr


def test_decimals_survive_exactly() -> None:
    cr = CriterionResult("1.6.1", "t", Decimal("4"), Decimal("3.88"), Decimal("3.875"), Status.PARTIAL,
                         (Finding(FindingKind.LATE, Severity.ERROR, "m", "1.6.1", date=dt.date(2023, 1, 5)),))
    data = to_jsonable(cr)
    assert data["suggested_score"] == "3.875"
    assert from_jsonable(CriterionResult, data) == cr


def test_optional_none_and_errors() -> None:
    assert from_jsonable(ErrorInfo, to_jsonable(ErrorInfo("E_EMPTY", "a", "b"))) == ErrorInfo("E_EMPTY", "a", "b")
    with pytest.raises(TypeError):
        from_jsonable(ErrorInfo, ["not", "an", "object"])
    with pytest.raises(TypeError):
        to_jsonable(object())
