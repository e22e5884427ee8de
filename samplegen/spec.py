"""The document spec: the single source of truth from which a document is rendered AND its truth
entry is written, so the two can never disagree."""

from __future__ import annotations

import datetime as dt
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

_PLACEHOLDER = re.compile(r"\{(\d+)\}")
# Types issued by a decision, and their Decree 30 codes (a "Danh mục" has none: it is the decision's).
_ATTACHED_CODES = {"Kế hoạch": "KH", "Quy chế": "QC", "Quy định": "QyĐ", "Chương trình": "CTr", "Đề án": "ĐA",
                   "Phương án": "PA", "Hướng dẫn": "HD"}


class Format(StrEnum):
    """How the document is delivered."""

    PDF = "pdf"        # born-digital PDF with a text layer
    SCAN = "scan"      # rasterised, degraded, JPEG pages in a PDF, no text layer
    DOCX = "docx"
    PHOTO = "photo"    # a one-page JPEG photographed from paper


class Layout(StrEnum):
    """Which header layout the document follows."""

    STATE = "state"    # Decree 30 with a type name (Kế hoạch, Báo cáo, Quyết định, ...)
    LETTER = "letter"  # Decree 30 công văn: no type name, "V/v" under the number
    PARTY = "party"    # Hướng dẫn 36-HD/VPTW: "Số 146-KH/HU", ĐẢNG CỘNG SẢN VIỆT NAM


@dataclass(frozen=True)
class Ref:
    """Another document cited in the body (a distractor for the identity reader)."""

    number: str                 # "4465/KH-UBND"
    date: dt.date | None
    type_name: str              # "Kế hoạch"
    of: str = ""                # "của Ủy ban nhân dân tỉnh Kon Tum"
    about: str = ""             # "về chuyển đổi số năm 2023"
    long_date: bool = False     # "ngày 05 tháng 3 năm 2020" instead of "5/3/2020"

    def text(self) -> str:
        """The citation as it is printed in the body."""
        out = f"{self.type_name} số {self.number}"
        if self.date is not None:
            if self.long_date:
                out += f" ngày {self.date.day:02d} tháng {self.date.month} năm {self.date.year}"
            else:
                out += f" ngày {self.date.day}/{self.date.month}/{self.date.year}"
        for part in (self.of, self.about):
            if part:
                out += f" {part}"
        return out


@dataclass(frozen=True)
class Table:
    """A ruled table in the body; the header row repeats on every page."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()   # relative column widths; equal when empty


@dataclass(frozen=True)
class Signer:
    authority: str       # "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "" (signs in own name)
    position: str        # "CHỦ TỊCH", "PHÓ CHỦ TỊCH"
    name: str


# Body blocks: plain strings are justified paragraphs; "# " starts a bold heading; "^ " a centred
# bold line; "{n}" inside any string is replaced by citations[n].text().
Block = str | Table


@dataclass(frozen=True)
class DocSpec:
    """One evidence document, as data."""

    file: str                          # path relative to the submission root
    number: str                        # "163/KH-UBND", "1727/UBND-NC", "146-KH/HU"
    type: str                          # "Kế hoạch", "Công văn", "Tờ trình", ...
    issuer: str                        # issuing body as printed: "ỦY BAN NHÂN DÂN HUYỆN KON RẪY"
    date: dt.date
    title: str                         # trích yếu
    body: tuple[Block, ...]
    signer: Signer
    governing: str = ""                # governing body line above the issuer: "UBND TỈNH KON TUM"
    place: str = "Kon Rẫy"
    citations: tuple[Ref, ...] = ()
    to: tuple[str, ...] = ()           # "Kính gửi:" lines
    recipients: tuple[str, ...] = ("Như trên;", "Lưu: VT.")
    pages: int = 1
    format: Format = Format.PDF
    issuer_lines: tuple[str, ...] = field(default=())  # how the issuer wraps; derived when empty
    # A plan, regulation or list issued by a decision: no number or date line of its own, a
    # "(Ban hành kèm theo Quyết định số …)" line under the title; ``number`` and ``date`` are the
    # decision's, which are the document's identity.
    issued_by: Ref | None = None
    # E-office shapes: the number and day left blank in the text (stamped later as annotations,
    # samplegen/signing.py), and the visible stamp of a signature printed at the top of page 1.
    blank_number_day: bool = False
    signature_stamp: tuple[str, ...] = ()

    @property
    def layout(self) -> Layout:
        if "/" in self.number and "-" in self.number.split("/", 1)[0]:
            return Layout.PARTY
        return Layout.LETTER if self.type == "Công văn" else Layout.STATE

    @property
    def type_code(self) -> str:
        """'KH' for 163/KH-UBND and 146-KH/HU, 'QĐ' for 173/QĐ-UBND(CT), 'CV' for a công văn; the
        type printed in the heading for a document issued by a decision."""
        if self.issued_by is not None:
            return _ATTACHED_CODES.get(self.type, self.number.split("/", 1)[1].split("-", 1)[0])
        if self.layout is Layout.LETTER:
            return "CV"
        if self.layout is Layout.PARTY:
            return self.number.split("/", 1)[0].split("-", 1)[1]
        return self.number.split("/", 1)[1].split("-", 1)[0]

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(b for b in self.body if isinstance(b, Table))

    @property
    def seed(self) -> int:
        """A stable per-document seed for every random choice (filler, scan noise, scribble)."""
        return zlib.crc32(f"{self.number}|{self.date.isoformat()}".encode())

    @property
    def header_issuer_lines(self) -> tuple[str, ...]:
        if self.issuer_lines:
            return self.issuer_lines
        prefix = "ỦY BAN NHÂN DÂN "
        if self.issuer.startswith(prefix):
            return ("ỦY BAN NHÂN DÂN", self.issuer[len(prefix):])
        return (self.issuer,)

    def fill(self, text: str) -> str:
        """Substitute the citation placeholders of one body string."""
        return _PLACEHOLDER.sub(lambda m: self.citations[int(m.group(1))].text(), text)

    def used_citations(self) -> set[int]:
        used: set[int] = set()
        for block in self._strings():
            used.update(int(m.group(1)) for m in _PLACEHOLDER.finditer(block))
        return used

    def _strings(self) -> list[str]:
        out: list[str] = []
        for block in self.body:
            if isinstance(block, Table):
                out.extend(cell for row in block.rows for cell in row)
            else:
                out.append(block)
        return out

    def validate(self) -> None:
        """Every citation printed exactly where the spec says; no dangling placeholder."""
        used = self.used_citations()
        missing = set(range(len(self.citations))) - used
        extra = used - set(range(len(self.citations)))
        if missing or extra:
            raise ValueError(f"{self.file}: citations not printed {sorted(missing)}, unknown {sorted(extra)}")
        if self.pages < 1:
            raise ValueError(f"{self.file}: pages must be >= 1")


def header_date(place: str, date: dt.date) -> str:
    """'Kon Rẫy, ngày 05 tháng 3 năm 2020': Decree 30 pads days < 10 and months 1-2."""
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return f"{place}, ngày {date.day:02d} tháng {month} năm {date.year}"


def number_line(spec: DocSpec) -> str:
    """'Số: 163/KH-UBND' for state documents, 'Số 146-KH/HU' for Party documents; 'Số:      /KH-UBND'
    for an e-office draft whose number is stamped when it is signed."""
    if spec.blank_number_day:
        return "Số:\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/" + spec.number.split("/", 1)[1]
    return f"Số {spec.number}" if spec.layout is Layout.PARTY else f"Số: {spec.number}"


def blank_day_date(place: str, date: dt.date) -> str:
    """'Kon Rẫy, ngày      tháng 3 năm 2023': the day left for the e-office stamp."""
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return f"{place}, ngày\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0 tháng {month} năm {date.year}"


@dataclass(frozen=True)
class WorkbookSpec:
    """A spreadsheet exported from a system: sheets of typed cells."""

    file: str
    title: str
    issuer: str | None
    sheets: tuple[tuple[str, tuple[tuple[object, ...], ...]], ...]   # (sheet name, rows)
    date: dt.date | None = None
    references: tuple[Ref, ...] = ()


def check_unique(specs: Sequence[DocSpec | WorkbookSpec]) -> None:
    files = [s.file for s in specs]
    dupes = {f for f in files if files.count(f) > 1}
    if dupes:
        raise ValueError(f"duplicate files in corpus: {sorted(dupes)}")
