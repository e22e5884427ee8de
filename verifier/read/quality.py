"""The per-page quality gate: can a PDF page's text layer be trusted, or must the page be OCRed?

A text layer can be missing (a scan), broken (glyph ids without a Unicode map come out as
"(cid:12)" or U+FFFD), or typed in a pre-Unicode Vietnamese font (TCVN3/VNI) that reads as
mojibake. The gate is cheap (a pass over the text already extracted) and asks for the page's
images or fonts only when the text alone cannot decide.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from verifier.limits import ReadSettings
from verifier.read.legacy import Legacy, legacy_from_fonts, legacy_from_text

SCAN_COVERAGE = 0.3     # images over this share of the page, with (almost) no text: a scan
BROKEN_SHARE = 0.01     # more unmapped glyphs than this share of the page: a broken text layer

_VIET_LOWER = ("aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợ"
               "uùủũúụưừửữứựyỳỷỹýỵđ")
_PLAUSIBLE = frozenset(
    string.ascii_letters + string.digits + string.punctuation + _VIET_LOWER + _VIET_LOWER.upper()
    + "“”‘’…•–—°№€×÷±≤≥→←↑↓√✓✔■□●○◦▪▫►«»§"
)
_CID = re.compile(r"\(cid:\d+\)")


class Route(StrEnum):
    TEXT = "text"
    LEGACY = "legacy"
    OCR = "ocr"
    BLANK = "blank"


@dataclass(frozen=True)
class Verdict:
    """Which path a page takes, and the notice code and reason recorded for it."""

    route: Route
    code: str = ""
    reason: str = ""
    legacy: Legacy | None = None


def visible_chars(text: str) -> int:
    return sum(not ch.isspace() for ch in text)


def broken_share(text: str) -> float:
    """Share of glyphs that came out as "(cid:NN)" or U+FFFD."""
    cids = _CID.findall(text)
    glyphs = visible_chars(_CID.sub("", text)) + len(cids)
    if not glyphs:
        return 0.0
    return (len(cids) + text.count("\ufffd")) / glyphs


def plausible_ratio(text: str) -> float:
    """Share of visible characters that belong in Vietnamese/Latin text, digits or punctuation."""
    visible = [ch for ch in text if not ch.isspace()]
    if not visible:
        return 1.0
    return sum(ch in _PLAUSIBLE for ch in visible) / len(visible)


def has_foreign_chars(text: str) -> bool:
    """Any visible character outside the plausible set (then the fonts are worth a look)."""
    return any(ch not in _PLAUSIBLE and not ch.isspace() for ch in text)


def judge(text: str, settings: ReadSettings, image_coverage: Callable[[], float],
          font_names: Callable[[], Sequence[str]]) -> Verdict:
    """Decide a page's route from its extracted text; the callables are only asked when needed."""
    count = visible_chars(text)
    if count < settings.min_text_chars:
        coverage = image_coverage()
        if coverage >= SCAN_COVERAGE:
            return Verdict(Route.OCR, "ocr_no_text_layer",
                           f"{count} characters of text and images over {coverage:.0%} of the page")
        if count == 0:
            return Verdict(Route.BLANK, "blank_page", "no text and no page-size image")
        return Verdict(Route.TEXT)
    share = broken_share(text)
    if share >= BROKEN_SHARE:
        return Verdict(Route.OCR, "ocr_bad_text_layer",
                       f"{share:.0%} of the glyphs have no Unicode mapping ((cid:…) or U+FFFD)")
    if has_foreign_chars(text):
        kind = legacy_from_fonts(font_names()) or legacy_from_text(text)
        if kind is not None:
            return Verdict(Route.LEGACY, f"legacy_{kind.value}",
                           f"text typed in a {kind.value.upper()} font, converted to Unicode", kind)
    return judge_plausible(text, settings)


def judge_plausible(text: str, settings: ReadSettings) -> Verdict:
    """The last test, also applied to text converted from a legacy encoding."""
    ratio = plausible_ratio(text)
    if ratio < settings.min_plausible_ratio:
        return Verdict(Route.OCR, "ocr_bad_text_layer",
                       f"only {ratio:.0%} of the characters are plausible Vietnamese text")
    return Verdict(Route.TEXT)
