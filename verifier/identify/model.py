"""A document's own identity (Decree 30 header) and the documents it cites."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

T = TypeVar("T")


class NumberKind(StrEnum):
    """Which numbering scheme a document number follows."""

    ADMIN = "admin"      # 163/KH-UBND: type abbreviation + issuer
    LETTER = "letter"    # 1727/UBND-NC: công văn, issuer + drafting unit, no type
    LEGAL = "legal"      # 33/2023/NĐ-CP: legal normative document, with a year
    PARTY = "party"      # 146-KH/HU: Party document (Hướng dẫn 36-HD/VPTW)


@dataclass(frozen=True)
class DocNumber:
    """A parsed số/ký hiệu."""

    text: str                  # canonical form: "163/KH-UBND", "33/2023/NĐ-CP", "173/QĐ-UBND(CT)"
    number: str                # "163", "30c"
    symbol: str                # "KH-UBND"
    kind: NumberKind
    type_code: str | None      # "KH", "QĐ", "NĐ"; None for a công văn
    issuer_code: str | None    # "UBND", "SNV", "HU"
    year: int | None = None    # legal documents only
    suffix: str | None = None  # "CT" in 173/QĐ-UBND(CT)


@dataclass(frozen=True)
class Field(Generic[T]):
    """A value read from a document, with how sure we are and where it came from."""

    value: T
    confidence: float          # 0..1; below 0.8 a person should look
    page: int
    source: str                # the normalised line the value was read from


@dataclass(frozen=True)
class Citation:
    """Another document the text cites ("Căn cứ Kế hoạch số 163/KH-UBND ngày 30/12/2022")."""

    number: DocNumber
    date: dt.date | None
    type_name: str | None      # the type word written before the number, if any
    page: int
    source: str                # the citation as written, normalised


@dataclass(frozen=True)
class Identity:
    """The document's own identity, read from its header zone, never from a document it cites."""

    number: Field[DocNumber] | None
    type_code: Field[str] | None        # "KH", "BC", "QĐ", ..., "CV" for công văn
    type_name: Field[str] | None        # "Kế hoạch", "Báo cáo", "Công văn", ...
    issuer: Field[str] | None           # issuing body as written: "ỦY BAN NHÂN DÂN HUYỆN KON RẪY"
    place: Field[str] | None            # "Kon Rẫy"
    date: Field[dt.date] | None
    title: Field[str] | None            # trích yếu
    citations: tuple[Citation, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        """True when both the number and the date were read."""
        return self.number is not None and self.date is not None


@dataclass(frozen=True)
class Document:
    """One document inside an evidence file, with the pages it spans.

    A plain file holds one; a bundle ("TLKC tiêu chí 1.2.1.pdf") holds several, split where a new
    Decree 30 header starts. A plan, regulation or list issued by a decision ("Ban hành kèm theo
    Quyết định số 25/QĐ-UBND ngày 10/01/2023") carries the decision's number and date as its own
    identity, and ``attached_to`` names that decision.
    """

    pages: tuple[int, int]              # first and last page, 1-based, inclusive
    identity: Identity
    attached_to: DocNumber | None = None
