"""Several documents in one file: where each begins, and who each says it is.

Units merge the documents of a criterion into one PDF ("TLKC tiêu chí 1.2.1.pdf"), and a plan or
regulation follows the decision that issues it. A new document starts on a page whose top band
shows a Decree 30 header: several of the issuing body, the national motto, a "Số:" line, a
place-and-date line, a type heading and the "Ban hành kèm theo …" line, never one alone. A
running page header, a page number or a "Căn cứ …" line is not a start (docs/evidence.md,
"Bundles").
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from verifier.identify.attached import attachment_of, with_attachment
from verifier.identify.dates import iter_dates
from verifier.identify.doctypes import code_for_name, loose
from verifier.identify.header import identify
from verifier.identify.lines import MOTTOS, header_lines
from verifier.identify.model import Document
from verifier.identify.numbers import read_number
from verifier.read.model import Page, PageMethod, ReadResult

TOP_LINES = 14          # lines of a page's top band examined for a header
MIN_SIGNALS = 3         # header elements a new document needs (one or two occur in running headers)

_BODY = re.compile(r"^(?:{})(?!\w)".format("|".join(loose(w) for w in (
    "ỦY BAN NHÂN DÂN", "UBND", "HỘI ĐỒNG NHÂN DÂN", "HĐND", "SỞ", "PHÒNG", "BAN", "VĂN PHÒNG", "HUYỆN ỦY",
    "TỈNH ỦY", "THÀNH ỦY", "ĐẢNG ỦY", "ĐẢNG BỘ", "CHI BỘ", "BỘ", "CỤC", "CHI CỤC", "TRUNG TÂM", "TRƯỜNG",
    "ĐOÀN", "THANH TRA", "CÔNG AN", "MẶT TRẬN", "KHO BẠC", "BẢO HIỂM", "CHÍNH PHỦ", "THỦ TƯỚNG"))))
_SO = re.compile(rf"^S{loose('o')}\s*[:.]\s*(?:\d|/)")
_LABEL_MISREAD = re.compile(r"^.{0,3}[:.]\s*\d")      # "8ố: 48/BC-UBND", "Sé: 12/KH-UBND": the label misread
_PLACE_COMMA_NGAY = re.compile(rf"(?P<place>(?:[^\W\d_][\w]*\s+){{0,3}}[^\W\d_][\w]*)\s*,\s*{loose('ngày')}(?!\w)")
_MARKS = " .:;,-_*~'\"`•·"


@dataclass(frozen=True)
class HeaderSignals:
    """Which Decree 30 header elements a page's top band shows."""

    motto: bool
    body: bool
    number: bool
    place_date: bool
    heading: bool
    attached: bool

    @property
    def count(self) -> int:
        return sum((self.motto, self.body, self.number, self.place_date, self.heading, self.attached))

    @property
    def starts_document(self) -> bool:
        if self.heading and self.attached:
            return True     # "QUY CHẾ" over "(Ban hành kèm theo Quyết định số …)": an attachment begins
        # An issuer (motto or body block) and something only a first page has (number, date line,
        # "kèm theo" line or a type heading), and enough of them together.
        first_page_only = self.number or self.place_date or self.attached or self.heading
        return self.count >= MIN_SIGNALS and (self.motto or self.body) and first_page_only


def _upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _place_date(line: str) -> bool:
    """'<Place>, ngày 09 tháng 8 năm 2023' anywhere in the line (OCR puts the number before it): a
    capitalised place right before the comma, and a long-form date (or at least "tháng") after."""
    for m in _PLACE_COMMA_NGAY.finditer(line):
        if m.group("place").split()[-1][0].isupper():
            rest = line[m.end():]
            if any(d.long_form for d in iter_dates(line[m.start("place"):], tolerant=True)) or \
                    re.match(rf"\s*\S{{0,3}}\s*{loose('tháng')}", rest):
                return True
    return False


def _number_line(line: str) -> bool:
    if _SO.match(line):
        return True
    found = read_number(line) if _LABEL_MISREAD.match(line) else None
    return found is not None and found.start <= 6


def signals(page: Page) -> HeaderSignals:
    raw = "\n".join(page.text.split("\n")[:2 * TOP_LINES])
    lines = [s.strip(_MARKS) for s in header_lines(raw)[:TOP_LINES]]
    return HeaderSignals(
        motto=MOTTOS.search(raw) is not None,
        body=any(_upper(s) and _BODY.match(s) for s in lines[:6]),
        number=any(_number_line(s) for s in lines),
        place_date=any(_place_date(s) for s in lines),
        heading=any(_upper(s) and code_for_name(s) is not None and len(s) <= 40 for s in lines),
        attached=attachment_of(lines) is not None,
    )


def starts(read: ReadResult) -> list[int]:
    """Page numbers (1-based) where a document begins; the first page with text always does."""
    out: list[int] = []
    for page in read.pages:
        if page.method is PageMethod.BLANK or not page.text.strip():
            continue
        if not out or signals(page).starts_document:
            out.append(page.number)
    return out or [1]


def _part(read: ReadResult, first: int, last: int) -> ReadResult:
    return dataclasses.replace(read, pages=tuple(p for p in read.pages if first <= p.number <= last))


def identify_documents(read: ReadResult) -> tuple[Document, ...]:
    """Every document in the file, in page order, each identified from its own first page."""
    if not read.pages:
        return (Document((1, 1), identify(read)),)
    begins = starts(read)
    last_page = read.pages[-1].number
    ends = [b - 1 for b in begins[1:]] + [last_page]
    # Blank pages before the first document belong to it (a cover sheet, a separator scan).
    spans = [(1 if i == 0 else b, e) for i, (b, e) in enumerate(zip(begins, ends, strict=True))]
    out: list[Document] = []
    for first, last in spans:
        part = _part(read, first, last)
        out.append(with_attachment(Document((first, last), identify(part)), part))
    return tuple(out)
