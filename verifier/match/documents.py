"""Whether an evidence document is the one a requirement asks for, and if not, how close it came.

A document is *on topic* when its trích yếu (or, if the title was not read, the top of page 1)
matches the requirement's topic. An on-topic document of the right type and issuer *fits*; an
on-topic document of another type or from another issuing level is what the council calls the
wrong kind of evidence (a Tờ trình offered for an approved Quyết định; a district decision for a
provincial recognition).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from verifier.evidence import Evidence
from verifier.identify.model import Document, Identity
from verifier.match.topic import has_words, match_topic
from verifier.rules.model import IssuerRule, Requirement
from verifier.text import fold

HEAD_CHARS = 1500      # of page 1, when the title was not read
LOW_CONFIDENCE = 0.8   # identity fields below this need a person's eye (identify/model.py)


class Fit(StrEnum):
    FITS = "fits"                  # right topic, type and issuer
    WRONG_TYPE = "wrong_type"      # right topic, but a type the requirement does not accept
    WRONG_ISSUER = "wrong_issuer"  # right topic and type, issued at the wrong level
    OFF_TOPIC = "off_topic"


@dataclass(frozen=True)
class DocView:
    """What matching needs from one document of an evidence file, computed once.

    A file holding several documents (a bundle) gives one view per document, each with its own
    pages; a file holding one gives one view over all its pages.
    """

    evidence: Evidence
    number: str | None             # "163/KH-UBND"
    key: tuple[str, str] | None    # ("163", "KH-UBND"): number without leading zeros, symbol
    type_code: str | None
    issuer: str                    # folded issuer line ("" when unknown)
    issuer_code: str | None
    date: dt.date | None
    title_text: str                # folded trích yếu, or the top of the document's first page
    low_confidence: tuple[str, ...]  # names of key fields read with low confidence
    pages: tuple[int, int] = (1, 1)  # the document's first and last page in the file
    in_bundle: bool = False        # the file holds other documents too
    attached_to: str | None = None  # the issuing decision's number, for a plan issued by one
    issuer_text: str = ""          # the issuer line as written, for messages

    @cached_property
    def full_text(self) -> str:
        """The folded text of the document's pages, made when first asked: the conflicting-copies
        check and checklists read it, most documents never (folding every document's text was
        two fifths of building a district's views)."""
        read = self.evidence.read
        first, last = self.pages
        return fold("\n".join(p.text for p in read.pages if first <= p.number <= last)) if read is not None else ""

    @property
    def file(self) -> str:
        return self.evidence.file

    @property
    def ref(self) -> tuple[str, int]:
        """Identifies the document among all evidence: its file and first page."""
        return self.evidence.file, self.pages[0]

    @property
    def where(self) -> str:
        """'evidence/1.2.1/TLKC.pdf, tr. 3–5' inside a bundle; the file name alone otherwise."""
        if not self.in_bundle:
            return self.file
        first, last = self.pages
        return f"{self.file}, tr. {first}" + (f"–{last}" if last != first else "")

    @property
    def page_range(self) -> tuple[int, int] | None:
        """The pages to name in a finding: only inside a bundle (a whole file needs none)."""
        return self.pages if self.in_bundle else None


def number_key(number: str, symbol: str) -> tuple[str, str]:
    return number.lstrip("0") or "0", symbol


def _view(e: Evidence, doc: Document, in_bundle: bool) -> DocView:
    ident = doc.identity
    read = e.read
    pages = [p for p in read.pages if doc.pages[0] <= p.number <= doc.pages[1]] if read is not None else []
    number = ident.number.value if ident.number else None
    title = ident.title.value if ident.title else ""
    type_name = ident.type_name.value if ident.type_name else ""
    if title:
        title_text = fold(f"{type_name} {title}")
    elif pages:
        page = pages[0]
        below = page.header.below if page.header else ""
        title_text = fold(f"{below}\n{page.text[:HEAD_CHARS]}")
    else:
        title_text = ""
    low = tuple(name for name, f in (("số/ký hiệu", ident.number), ("ngày ban hành", ident.date))
                if f is not None and f.confidence < LOW_CONFIDENCE)
    return DocView(
        evidence=e,
        number=number.text if number else None,
        key=number_key(number.number, number.symbol) if number else None,
        type_code=(ident.type_code.value if ident.type_code else (number.type_code if number else None)),
        issuer=fold(ident.issuer.value) if ident.issuer else "",
        issuer_code=number.issuer_code if number else None,
        date=ident.date.value if ident.date else None,
        title_text=title_text,
        low_confidence=low,
        pages=doc.pages,
        in_bundle=in_bundle,
        attached_to=doc.attached_to.text if doc.attached_to else None,
        issuer_text=ident.issuer.value if ident.issuer else "",
    )


def views_of(e: Evidence) -> tuple[DocView, ...]:
    """One view per document of the file (see :attr:`Evidence.parts`)."""
    parts = e.parts
    if not parts:
        read = e.read
        last = read.pages[-1].number if read is not None and read.pages else 1
        empty = Identity(None, None, None, None, None, None, None)
        return (_view(e, Document((1, last), empty), False),)
    return tuple(_view(e, d, len(parts) > 1) for d in parts)


def view_of(e: Evidence) -> DocView:
    """The view of the file's first document."""
    return views_of(e)[0]


def issuer_ok(rule: IssuerRule | None, view: DocView) -> bool:
    """True when the issuer fits, or cannot be told (an unread issuer is not held against a unit)."""
    if rule is None:
        return True
    if not view.issuer and not view.issuer_code:
        return True
    if rule.codes and view.issuer_code in rule.codes:
        return True
    if any(has_words(k, view.issuer) for k in rule.none):
        return False
    if not rule.any:
        return not rule.codes
    return any(has_words(k, view.issuer) for k in rule.any)


def fit(req: Requirement, view: DocView, year: int) -> Fit:
    if req.topic is not None and not match_topic(req.topic, view.title_text, year).ok:
        return Fit.OFF_TOPIC
    if req.types and view.type_code not in req.types:
        # With a list of look-alike types, only those count as "the wrong kind"; any other type is
        # simply another document (the province's directive next to the unit's Tờ trình).
        if req.wrong_types or req.topic is None:
            return Fit.WRONG_TYPE if view.type_code in req.wrong_types else Fit.OFF_TOPIC
        return Fit.WRONG_TYPE
    if not issuer_ok(req.issuer, view):
        return Fit.WRONG_ISSUER
    return Fit.FITS
