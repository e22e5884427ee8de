"""Constructed evidence and tables for unit tests: real model objects, no mocks."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from decimal import Decimal

from verifier.assessment.model import AssessmentTable, Row
from verifier.evidence import ErrorInfo, Evidence
from verifier.identify import parse_number
from verifier.identify.model import Field, Identity
from verifier.read.model import FileKind, Page, PageMethod, ReadResult
from verifier.text import normalize

TYPE_NAMES = {"KH": "Kế hoạch", "BC": "Báo cáo", "QĐ": "Quyết định", "TTr": "Tờ trình", "TB": "Thông báo",
              "CV": "Công văn"}


def _f(value: object, confidence: float = 0.95) -> Field:  # type: ignore[type-arg]
    return Field(value, confidence, 1, str(value))


def doc(file: str, number: str, date: dt.date | None, title: str, *,
        issuer: str = "ỦY BAN NHÂN DÂN HUYỆN KON RẪY", body: str = "", confidence: float = 0.95,
        content: bytes | None = None) -> Evidence:
    """An identified document filed at ``file`` ('evidence/1.1.1/x.pdf' or 'evidence/x.pdf')."""
    parsed = parse_number(number)
    assert parsed is not None, number
    type_code = parsed.type_code or "CV"
    text = normalize(f"{issuer}\nSố: {number}\n{TYPE_NAMES.get(type_code, '')}\n{title}\n{body}")
    sha = hashlib.sha256(content or file.encode()).hexdigest()
    read = ReadResult(file, FileKind.PDF, sha, len(text), (Page(1, text, PageMethod.TEXT),))
    ident = Identity(number=_f(parsed, confidence), type_code=_f(type_code),
                     type_name=_f(TYPE_NAMES.get(type_code, "")),
                     issuer=_f(issuer), place=_f("Kon Rẫy"), date=_f(date, confidence) if date else None,
                     title=_f(title))
    parts = file.split("/")
    return Evidence(file, parts[1] if len(parts) >= 3 else None, sha, read, ident)


def workbook(file: str, rows: Sequence[Sequence[object]], content: bytes | None = None) -> Evidence:
    """A workbook read as the XLSX reader presents it: one page, tab-separated lines."""
    text = "\n".join("\t".join(normalize(str(c)) for c in r) for r in rows)
    sha = hashlib.sha256(content or file.encode()).hexdigest()
    read = ReadResult(file, FileKind.XLSX, sha, len(text), (Page(1, text, PageMethod.XLSX),))
    parts = file.split("/")
    return Evidence(file, parts[1] if len(parts) >= 3 else None, sha, read, None)


def broken(file: str, code: str = "E_CORRUPT") -> Evidence:
    parts = file.split("/")
    return Evidence(file, parts[1] if len(parts) >= 3 else None, None, None, None,
                    ErrorInfo(code, f"Tệp {file} bị hỏng hoặc không đầy đủ", f"File {file} is corrupt"))


def row(code: str, max_score: str, self_score: str | None, explanation: str = "", *,
        attachments: tuple[str, ...] = (), line: int = 1) -> Row:
    return Row(code=code, title=f"Tiêu chí {code}", max_score=Decimal(max_score),
               self_score=Decimal(self_score) if self_score is not None else None,
               explanation=normalize(explanation), appraisal=None, opinion="", line=line, attachments=attachments)


def table(*rows: Row, year: int = 2023, unit: str = "Huyện Kon Rẫy") -> AssessmentTable:
    return AssessmentTable("assessment.tsv", unit, year, tuple(rows), None)


STATS_HEADER = ("Mã tiêu chí", "Chỉ tiêu", "Tử số", "Mẫu số", "Tỷ lệ (%)", "Từ ngày", "Đến ngày", "Nguồn")
TASKS_HEADER = ("STT", "Nhiệm vụ", "Văn bản giao", "Hạn xử lý", "Ngày hoàn thành", "Trạng thái")
