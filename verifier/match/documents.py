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

from verifier.evidence import Evidence
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
    """What matching needs from one evidence file, computed once."""

    evidence: Evidence
    number: str | None             # "163/KH-UBND"
    key: tuple[str, str] | None    # ("163", "KH-UBND"): number without leading zeros, symbol
    type_code: str | None
    issuer: str                    # folded issuer line ("" when unknown)
    issuer_code: str | None
    date: dt.date | None
    title_text: str                # folded trích yếu, or the top of page 1
    full_text: str                 # folded text of every page
    low_confidence: tuple[str, ...]  # names of key fields read with low confidence

    @property
    def file(self) -> str:
        return self.evidence.file


def number_key(number: str, symbol: str) -> tuple[str, str]:
    return number.lstrip("0") or "0", symbol


def view_of(e: Evidence) -> DocView:
    ident = e.identity
    read = e.read
    full = fold(read.text) if read is not None else ""
    number = ident.number.value if ident and ident.number else None
    title = ident.title.value if ident and ident.title else ""
    type_name = ident.type_name.value if ident and ident.type_name else ""
    if title:
        title_text = fold(f"{type_name} {title}")
    elif read is not None and read.pages:
        page = read.pages[0]
        below = page.header.below if page.header else ""
        title_text = fold(f"{below}\n{page.text[:HEAD_CHARS]}")
    else:
        title_text = ""
    low = tuple(name for name, f in (("số/ký hiệu", ident.number if ident else None),
                                     ("ngày ban hành", ident.date if ident else None))
                if f is not None and f.confidence < LOW_CONFIDENCE)
    return DocView(
        evidence=e,
        number=number.text if number else None,
        key=number_key(number.number, number.symbol) if number else None,
        type_code=(ident.type_code.value if ident and ident.type_code else (number.type_code if number else None)),
        issuer=fold(ident.issuer.value) if ident and ident.issuer else "",
        issuer_code=number.issuer_code if number else None,
        date=ident.date.value if ident and ident.date else None,
        title_text=title_text,
        full_text=full,
        low_confidence=low,
    )


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
