"""What an explanation (Giải trình) cell claims: the documents it cites and the figures it declares.

Figures are ratios ("19/86 thủ tục", "07/07 xã"), percentages ("đạt 63,01%") and both together
("503/646 hồ sơ, đạt tỷ lệ 77,86%"; "1311 hồ sơ, Đã giải quyết sớm hạn 1264 hồ sơ (đạt 96,42%)").
Where a ratio and a percentage are both written, the percentage is recomputed, because units do get
it wrong ("1/32= 8,68%": 1/32 is 3,125%). Dates (30/12/2022, "(15/12)"), document numbers
(163/KH-UBND, 33/2023/NĐ-CP) and URLs are not figures.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from verifier.assessment.numbers import parse_number
from verifier.identify import find_citations
from verifier.identify.model import Citation
from verifier.text import fold, normalize

UNIT_WORDS = ("triệu đồng", "tỷ đồng", "nghìn đồng", "đồng", "thủ tục", "hồ sơ", "đơn vị", "xã",
              "văn bản", "nhiệm vụ", "cơ quan", "TTHC", "DVCTT", "DVC", "người", "cán bộ", "công chức",
              "viên chức", "phản ánh", "kiến nghị", "vấn đề", "nội dung", "trường hợp", "phiếu", "tin",
              "bài", "lượt", "sáng kiến", "kế hoạch", "báo cáo", "dịch vụ")
_UNIT = "|".join(re.escape(u).replace(r"\ ", r"\s+") for u in sorted(UNIT_WORDS, key=len, reverse=True))
_NUM = r"(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?"
# Not inside a longer number, a date (30/12/2022), a legal number's year (33/2023/...) or a URL path.
_RATIO = re.compile(
    rf"(?<![\w/.,\-])(?P<num>{_NUM})(?:\s*(?P<unit1>{_UNIT}))?\s*/\s*(?P<den>{_NUM})(?![\d/]|[.,]\d)"
    rf"(?:\s*(?P<unit>{_UNIT})(?!\w))?", re.I)
_PERCENT = re.compile(rf"(?<![\w/.,\-])(?P<pct>{_NUM})\s*%(?:\s*(?P<unit>{_UNIT})(?!\w))?", re.I)
_COUNT = re.compile(rf"(?<![\w/.,\-])(?P<n>{_NUM})\s+(?P<unit>{_UNIT})(?!\w)", re.I)
_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_SENTENCE_END = re.compile(r"[.;!?](?=\s|$)|\n")
# A day/month date needs no year after a cue word: "trước ngày 10/12", "(15/12)", "tháng 9/2023".
_DATE_CUE = re.compile(r"(?:ngày|trước|sau|đến|từ|hạn|tháng|\()\s*$", re.I)
# The words that tie a percentage to the counts before it.
_PERCENT_CUE = re.compile(r"(?:đạt|tỷ lệ|tỉ lệ|là|=|bằng)\s*(?:tỷ lệ\s*)?\(?\s*$", re.I)
_PAIR_GAP = 90
_HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Figure:
    """A figure the text declares, as written, with the percentage recomputed where possible."""

    text: str                             # as written: "503/646 hồ sơ, đạt tỷ lệ 77,86%"
    numerator: Decimal | None
    denominator: Decimal | None
    percent: Decimal | None               # the written percentage
    unit: str | None                      # "hồ sơ", "thủ tục", "triệu đồng", ... when written
    consistent: bool | None               # written percent agrees with the ratio; None: nothing to compare
    computed_percent: Decimal | None      # numerator / denominator x 100, to 4 decimals
    start: int = 0                        # offset in the normalised text

    @property
    def is_ratio(self) -> bool:
        return self.numerator is not None and self.denominator is not None


@dataclass(frozen=True)
class Claims:
    """Everything one explanation cell claims."""

    citations: tuple[Citation, ...]
    figures: tuple[Figure, ...]


def _decimals(written: str) -> int:
    return len(written.split(",")[1]) if "," in written else 0


def percent_agrees(computed: Decimal, written: Decimal, decimals: int) -> bool:
    """Rounded (or truncated) to the decimals written, the computed value gives the written one.

    Tolerance is half a unit of the last written decimal, and never below 0.01 percentage points.
    """
    step = Decimal(1).scaleb(-decimals)
    if computed.quantize(step, ROUND_HALF_UP) == written or computed.quantize(step, ROUND_DOWN) == written:
        return True
    return abs(computed - written) <= max(step / 2, Decimal("0.01"))


def _computed(num: Decimal, den: Decimal) -> Decimal | None:
    if den == 0:
        return None
    return (num * _HUNDRED / den).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def _unit(raw: str | None) -> str | None:
    return " ".join(raw.split()) if raw else None


def _is_day_month(m: re.Match[str], text: str) -> bool:
    """A d/m written without a year, or a month/year: a date, not a figure."""
    num, den = m.group("num"), m.group("den")
    if not (num.isdigit() and den.isdigit()):
        return False
    n, d = int(num), int(den)
    if 1 <= n <= 12 and len(den) == 4 and den[:2] in ("19", "20"):
        return True                                   # tháng 9/2023
    if not (1 <= n <= 31 and 1 <= d <= 12) or m.group("unit"):
        return False                                  # "07/07 xã" is a count of communes
    return bool(_DATE_CUE.search(text, 0, m.start())) or not _PERCENT.match(text, _next_token(text, m.end()))


def _next_token(text: str, pos: int) -> int:
    """Where the next figure-ish token after ``pos`` starts ("= 8,68%", ", đạt 12%")."""
    m = re.compile(r"[\s=:,]*(?:(?:đạt|bằng|tỷ lệ|là)\s+)*", re.I).match(text, pos)
    return m.end() if m else pos


def _in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _sentence_start(text: str, pos: int, floor: int) -> int:
    start = floor
    for m in _SENTENCE_END.finditer(text, floor, pos):
        start = m.end()
    return start


def _figure(text: str, start: int, end: int, num: Decimal | None, den: Decimal | None,
            pct_m: re.Match[str] | None, unit: str | None) -> Figure:
    pct = parse_number(pct_m.group("pct")) if pct_m else None
    computed = _computed(num, den) if num is not None and den is not None else None
    consistent: bool | None = None
    if computed is not None and pct is not None and pct_m is not None:
        consistent = percent_agrees(computed, pct, _decimals(pct_m.group("pct")))
    return Figure(text[start:end], num, den, pct, unit, consistent, computed, start)


def extract_figures(text: str) -> tuple[Figure, ...]:
    """Every ratio and percentage the (normalised) text declares, left to right."""
    urls = [(m.start(), m.end()) for m in _URL.finditer(text)]
    percents = [m for m in _PERCENT.finditer(text) if not _in_spans(m.start(), urls)]
    used: set[int] = set()
    figures: list[Figure] = []
    ratios = [m for m in _RATIO.finditer(text)
              if not _in_spans(m.start(), urls) and not _is_day_month(m, text)]
    for i, r in enumerate(ratios):
        limit = ratios[i + 1].start() if i + 1 < len(ratios) else len(text)
        stop = _SENTENCE_END.search(text, r.end())
        limit = min(limit, stop.start() if stop else len(text), r.end() + _PAIR_GAP)
        pct_m = next((p for p in percents if r.end() <= p.start() < limit and p.start() not in used), None)
        if pct_m is not None:
            used.add(pct_m.start())
        unit = _unit(r.group("unit") or r.group("unit1") or (pct_m.group("unit") if pct_m else None))
        end = pct_m.end() if pct_m else r.end()
        figures.append(_figure(text, r.start(), end, parse_number(r.group("num")),
                               parse_number(r.group("den")), pct_m, unit))
    taken = [(f.start, f.start + len(f.text)) for f in figures]
    for p in percents:
        if p.start() in used:
            continue
        figures.append(_counts_percent(text, p, taken) or
                       _figure(text, p.start(), p.end(), None, None, p, _unit(p.group("unit"))))
    return tuple(sorted(figures, key=lambda f: f.start))


def _counts_percent(text: str, p: re.Match[str], taken: list[tuple[int, int]]) -> Figure | None:
    """Pair a percentage with the counts written before it in the same sentence.

    "Tổng số hồ sơ: 1311 hồ sơ, Đã giải quyết sớm hạn 1264 hồ sơ (đạt 96,42%)": the last count is
    the numerator. With exactly two counts the first is the denominator; with more, the pairing is
    kept only when one earlier count makes the percentage agree (we would rather say nothing than
    accuse a unit of an error we produced by pairing the wrong numbers).
    """
    if not _PERCENT_CUE.search(text, max(0, p.start() - 20), p.start()):
        return None
    floor = max((b for _, b in taken if b <= p.start()), default=0)
    begin = _sentence_start(text, p.start(), floor)
    counts = [c for c in _COUNT.finditer(text, begin, p.start()) if not _in_spans(c.start(), taken)]
    if len(counts) < 2:
        return None
    last = counts[-1]
    same = [c for c in counts[:-1] if fold(c.group("unit")) == fold(last.group("unit"))]
    num = parse_number(last.group("n"))
    pct = parse_number(p.group("pct"))
    if not same or num is None or pct is None:
        return None
    for c in same if len(counts) > 2 else same[:1]:
        den = parse_number(c.group("n"))
        computed = _computed(num, den) if den is not None else None
        if computed is None:
            continue
        if len(counts) == 2 or percent_agrees(computed, pct, _decimals(p.group("pct"))):
            return _figure(text, c.start(), p.end(), num, den, p, _unit(last.group("unit")))
    return None


def extract_claims(text: str) -> Claims:
    """The citations and figures of one explanation cell."""
    text = normalize(text)
    return Claims(find_citations(text), extract_figures(text))


def figures_for(claims: Claims, unit_words: Collection[str] = ()) -> tuple[Figure, ...]:
    """The figures counted in one of ``unit_words`` (accent-insensitive); all of them when empty."""
    if not unit_words:
        return claims.figures
    wanted = {fold(u) for u in unit_words}
    return tuple(f for f in claims.figures if f.unit is not None and fold(f.unit) in wanted)
