"""Splitting the top of page 1 into the Decree 30 header zones from word positions.

Shared by the PDF text path (PDFium character boxes) and OCR (Tesseract word boxes), so both
give the same :class:`HeaderZone` for the same layout. Coordinates are top-down (y grows down).

The layout (Decree 30, Phụ lục I): the issuer block and "Số: …" form a narrow column on the left,
the motto and "<place>, ngày …" a wider one on the right that starts left of the page centre;
the type name and trích yếu are centred under both. So the split is the gutter between the two
segments of rows that have two, and the zone below begins at the first row that is neither a
left-column line nor a right-column line but sits on the centre of the text.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from verifier.read.model import HeaderZone
from verifier.text import normalize

_SEGMENT_GAP = 1.2      # a gap wider than this many line heights separates two column segments
_MAX_BELOW_ROWS = 4     # type name and a trích yếu of up to three lines


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    font: str = ""

    @property
    def mid(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True)
class Glyph:
    """One character with its box, as a text layer gives it (y grows down)."""

    char: str
    x0: float
    x1: float
    top: float
    bottom: float
    font: str = ""


def words_from_glyphs(glyphs: Iterable[Glyph]) -> list[Word]:
    """Join glyphs in content order into words, breaking on spaces, jumps back and wide gaps."""
    words: list[Word] = []
    cur: list[Glyph] = []

    def flush() -> None:
        if cur:
            words.append(Word("".join(g.char for g in cur), min(g.x0 for g in cur),
                              max(g.x1 for g in cur), min(g.top for g in cur),
                              max(g.bottom for g in cur), cur[0].font))
            cur.clear()

    for g in glyphs:
        if g.char.isspace() or not g.char:
            flush()
            continue
        if cur:
            prev = cur[-1]
            size = max(max(c.bottom - c.top for c in cur), 1.0)
            if (g.x0 < prev.x1 - 0.5 * size or g.x0 - prev.x1 > 0.3 * size
                    or abs((g.top + g.bottom) / 2 - (prev.top + prev.bottom) / 2) > 0.6 * size):
                flush()
        cur.append(g)
    flush()
    return words


def _rows(words: Sequence[Word]) -> list[list[Word]]:
    """Words grouped into visual rows; each row is anchored on its first word so rows never chain."""
    rows: list[list[Word]] = []
    anchors: list[Word] = []
    for w in sorted(words, key=lambda w: w.mid):
        if anchors and abs(w.mid - anchors[-1].mid) <= 0.5 * max(anchors[-1].height, w.height, 1.0):
            rows[-1].append(w)
        else:
            rows.append([w])
            anchors.append(w)
    return [sorted(r, key=lambda w: w.x0) for r in rows]


def _segments(row: Sequence[Word]) -> list[tuple[float, float]]:
    height = statistics.median(w.height for w in row) or 1.0
    segs: list[tuple[float, float]] = []
    for w in row:
        if segs and w.x0 - segs[-1][1] <= _SEGMENT_GAP * height:
            segs[-1] = (segs[-1][0], max(segs[-1][1], w.x1))
        else:
            segs.append((w.x0, w.x1))
    return segs


def _central_gap(segs: Sequence[tuple[float, float]], width: float) -> tuple[float, float] | None:
    gaps = [(a[1], b[0]) for a, b in itertools.pairwise(segs)]
    gaps = [g for g in gaps if 0.2 * width <= (g[0] + g[1]) / 2 <= 0.75 * width]
    if not gaps:
        return None
    return min(gaps, key=lambda g: abs((g[0] + g[1]) / 2 - width / 2))


def _line(words: Iterable[Word]) -> str:
    return " ".join(w.text for w in sorted(words, key=lambda w: w.x0))


def header_zone(words: Sequence[Word], page_width: float) -> HeaderZone | None:
    """The left/right/below split of the header band, or None when no two-column row exists."""
    rows = _rows([w for w in words if w.text.strip()])
    if not rows:
        return None
    x_min = min(w.x0 for w in words)
    x_max = max(w.x1 for w in words)
    text_centre = (x_min + x_max) / 2
    tol = 0.02 * page_width
    gaps: list[tuple[float, float]] = []
    column_rows: list[list[Word]] = []
    below_start = len(rows)
    for i, row in enumerate(rows):
        gap = _central_gap(_segments(row), page_width)
        if gap is not None and (not gaps or _compatible(row, _split(gaps), tol)):
            gaps.append(gap)
            column_rows.append(row)
            continue
        if not gaps:
            column_rows.append(row)     # above the first two-column row: side decided later
            continue
        split = _split(gaps)
        x0, x1 = row[0].x0, max(w.x1 for w in row)
        if x1 <= split + tol:
            column_rows.append(row)     # a left-column line on its own (issuer, "V/v …")
            continue
        right_centre = statistics.median(_side_centres(column_rows, split, right=True) or [x1])
        centre = (x0 + x1) / 2
        if x0 >= split - tol and abs(centre - right_centre) < abs(centre - text_centre):
            column_rows.append(row)     # a right-column line on its own (place and date)
            continue
        below_start = i
        break
    if not gaps:
        return None
    split = _split(gaps)
    left = [_line(w for w in row if (w.x0 + w.x1) / 2 < split) for row in column_rows]
    right = [_line(w for w in row if (w.x0 + w.x1) / 2 >= split) for row in column_rows]
    below: list[str] = []
    text_width = max(x_max - x_min, 1.0)
    for row in rows[below_start:below_start + _MAX_BELOW_ROWS]:
        x0, x1 = row[0].x0, max(w.x1 for w in row)
        # centred between the text margins; body lines start at the left margin or fill the width
        if abs((x0 - x_min) - (x_max - x1)) > 0.06 * page_width or (x1 - x0) > 0.9 * text_width:
            break
        below.append(_line(row))
    return HeaderZone(left=normalize("\n".join(left)), right=normalize("\n".join(right)),
                      below=normalize("\n".join(below)))


def _split(gaps: Sequence[tuple[float, float]]) -> float:
    lo = max(g[0] for g in gaps)
    hi = min(g[1] for g in gaps)
    if lo < hi:
        return (lo + hi) / 2
    return statistics.median((g[0] + g[1]) / 2 for g in gaps)


def _compatible(row: Sequence[Word], split: float, tol: float) -> bool:
    """No word of the row straddles the gutter found so far."""
    return not any(w.x0 < split - tol and w.x1 > split + tol for w in row)


def _side_centres(rows: Sequence[Sequence[Word]], split: float, right: bool) -> list[float]:
    centres = []
    for row in rows:
        side = [w for w in row if ((w.x0 + w.x1) / 2 >= split) == right]
        if side:
            centres.append((min(w.x0 for w in side) + max(w.x1 for w in side)) / 2)
    return centres
