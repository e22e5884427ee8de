"""Documents issued by a decision: "KẾ HOẠCH … (Ban hành kèm theo Quyết định số 25/QĐ-UBND ngày
10/01/2023 của UBND huyện)".

A plan, regulation, list or programme issued this way has no number or date of its own: it is
issued by, and dated as, the decision (Decree 30, Phụ lục I). Its identity is therefore the
decision's number and date with its own type (KH, QC, …), and :attr:`Document.attached_to` names
the decision, so a requirement for a plan is met by it and its deadline is judged on the
decision's date (docs/evidence.md, "Issued by a decision").
"""

from __future__ import annotations

import dataclasses
import re

from verifier.identify.citations import find_citations
from verifier.identify.doctypes import loose
from verifier.identify.lines import header_lines
from verifier.identify.model import Citation, Document, Field
from verifier.read.model import PageMethod, ReadResult

TOP_LINES = 16
ATTACHED = re.compile(rf"^\(?\s*(?:{loose('Ban hành')}\s+)?{loose('kèm theo')}(?!\w)")
# The issuing act: a decision, a resolution or (rarely) a directive.
_ISSUING_TYPES = frozenset({"QĐ", "NQ", "CT"})


def attachment_of(lines: list[str]) -> Citation | None:
    """The issuing decision named by a "(Ban hành) kèm theo Quyết định số …" line among ``lines``."""
    for i, line in enumerate(lines):
        if not ATTACHED.match(line):
            continue
        # The line often wraps: "(Ban hành kèm theo Quyết định số 25/QĐ-UBND" / "ngày 10/01/2023 …)".
        text = " ".join(lines[i:i + 3])
        cites = find_citations(text)
        if cites and cites[0].number.type_code in _ISSUING_TYPES:
            return cites[0]
    return None


def _factor(read: ReadResult) -> float:
    page = read.pages[0] if read.pages else None
    if page is None or page.method is not PageMethod.OCR or page.confidence is None:
        return 1.0 if page is None or page.method is not PageMethod.OCR else 0.9
    return min(1.0, max(0.3, page.confidence / 90.0))


def with_attachment(doc: Document, part: ReadResult) -> Document:
    """``doc`` with the issuing decision's identity when its first page says it was issued by one."""
    page = next((p for p in part.pages if p.text.strip()), None)
    if page is None:
        return doc
    below = page.header.below if page.header is not None else ""
    lines = header_lines("\n".join([*page.text.split("\n")[:2 * TOP_LINES], below]))
    cite = attachment_of(lines)
    if cite is None:
        return doc
    ident = doc.identity
    confidence = round(0.9 * _factor(part), 3)
    number = ident.number or Field(cite.number, confidence, page.number, cite.source)
    date = ident.date
    if ident.number is None and cite.date is not None:
        date = Field(cite.date, confidence, page.number, cite.source)
    warnings = ident.warnings
    if ident.number is None:
        warnings = tuple(w for w in warnings if not w.startswith(("number:", "date:")))
        warnings += (f"number: issued by {cite.number.text}; the decision's number and date are the "
                     "document's own",)
    citations = tuple(c for c in ident.citations if c.number.text != cite.number.text)
    identity = dataclasses.replace(ident, number=number, date=date, citations=citations, warnings=warnings)
    return Document(doc.pages, identity, attached_to=cite.number)
