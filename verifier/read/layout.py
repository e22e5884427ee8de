"""Whether a document can start at the top of a later scanned page, judged from pixels alone.

Header-first reading OCRs the top band of pages 2.. so that verifier/identify/split.py can see a new
document begin there (docs/reading.md, "Header-first reading of scanned pages"). What starts a
document always shows in the layout of that band: a Decree 30 header is two columns (issuer and
"Số:" on the left, motto and place-date on the right), an attachment or appendix has a centred
heading ("PHỤ LỤC", "DANH SÁCH", a type name, "(Ban hành kèm theo …)"). The continuation of a
document's body looks nothing like that: its top lines run from the left margin to the right one
(justified paragraphs, a first line indented, a last line stopping short) or a table continues.

:func:`body_top` says True only when the top text lines are plainly such body text, and nothing
centred (a heading) lies anywhere in the band; any doubt is False and the band is OCR'd as before.
Everything here is a few PIL reductions of the levelled page (milliseconds a page, no OCR).
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from itertools import pairwise

from PIL import Image

from verifier.limits import ReadSettings

_INK = 150              # gray below this is ink (paper is ~230-255, print ~0-100 on the scans seen)
_SIDE = 0.02            # share of the width left out at each side (scanner edges, shadows)
_ROW_INK = 0.004        # share of a row's pixels that must be ink for the row to hold text
_ROW_GAP = 0.002        # rows (share of the page height) bridged inside one line (accents above capitals)
_MIN_LINE = 0.006       # a line is at least this share of the page height (smaller: specks, rules)
_SPECK = 0.004          # a column run narrower than this share of the width is a speck, not a word
_TALL = 2.5             # a "line" this many times the median line height is a block (table, stamp, picture)
_RUN = re.compile(rb"x+")
_RULE = 0.6             # a table's rule spans at least this share of the text width
_RULE_INK = 200         # a ruling line is thin and blurred by the scan: lighter gray still counts
_RULE_WIDTH = 0.5       # a table's rule spans at least this share of the page width
_TABLE_SLACK = 0.003    # a table's top rule may sit this share of the height below its first text
_RULE_THICK = 0.003     # and is at most this share of the page height thick (else: a gray band)


@dataclass(frozen=True)
class Line:
    """One text line of the band (or a taller block), in page pixels."""

    top: int
    bottom: int
    left: int
    right: int
    segments: int           # runs of ink separated by more than a few spaces (2+: columns)
    ruled: bool             # a long horizontal rule runs through it (a table's grid)

    @property
    def height(self) -> int:
        return self.bottom - self.top


def _mask(level: Image.Image, bottom: int, ink: int = _INK) -> Image.Image:
    """Ink (gray below ``ink``) as 255 over rows 0..bottom, the outer sides blanked."""
    side = round(_SIDE * level.width)
    band = level.crop((0, 0, level.width, bottom)).point(lambda v: 255 if v < ink else 0)
    if side:
        band.paste(0, (0, 0, side, bottom))
        band.paste(0, (level.width - side, 0, level.width, bottom))
    return band


def _profile(image: Image.Image, vertical: bool) -> bytes:
    """Mean ink (0-255) per row (``vertical``) or per column."""
    size = (1, image.height) if vertical else (image.width, 1)
    return image.resize(size, Image.Resampling.BOX).tobytes()


@functools.cache
def _at_least(floor: int) -> bytes:
    """A byte table: values from ``floor`` up become "x", the rest a space."""
    return bytes(0x78 if v >= floor else 0x20 for v in range(256))


def _runs(profile: bytes, floor: int, bridge: int) -> list[tuple[int, int]]:
    """Half-open runs of values >= ``floor``, runs closer than ``bridge`` joined."""
    runs: list[tuple[int, int]] = []
    for m in _RUN.finditer(profile.translate(_at_least(floor))):
        if runs and m.start() - runs[-1][1] <= bridge:
            runs[-1] = (runs[-1][0], m.end())
        else:
            runs.append((m.start(), m.end()))
    return runs


def lines(level: Image.Image, bottom: int) -> list[Line]:
    """The text lines (and blocks) in rows 0..``bottom`` of a levelled gray page, top to bottom."""
    if bottom <= 0:
        return []
    mask = _mask(level, bottom)
    width, height = level.size
    rows = _runs(_profile(mask, vertical=True), math.ceil(_ROW_INK * 255), round(_ROW_GAP * height))
    out: list[Line] = []
    for top, low in rows:
        if low - top < _MIN_LINE * height:
            continue
        strip = mask.crop((0, top, width, low))
        cols = _profile(strip, vertical=False)
        words = [r for r in _runs(cols, 1, 0) if r[1] - r[0] >= _SPECK * width]
        if not words:
            continue
        # a gap wider than about three spaces (a line height) separates columns, not words
        segments = 1 + sum(b[0] - a[1] > low - top for a, b in pairwise(words))
        left, right = words[0][0], words[-1][1]
        need = _RULE * (right - left)
        ruled = any(v * width >= need * 255 and _longest_run(row) >= need
                    for v, row in zip(_profile(strip, vertical=True), _row_bytes(strip), strict=True))
        out.append(Line(top, low, left, right, segments, ruled))
    return out


def _row_bytes(strip: Image.Image) -> list[bytes]:
    data, width = strip.tobytes(), strip.width
    return [data[i * width:(i + 1) * width] for i in range(strip.height)]


_AS_TEXT = bytes.maketrans(b"\x00\xff", b" x")


def _longest_run(row: bytes) -> int:
    """The longest run of ink pixels in one row (paper as spaces: split() yields only the ink runs)."""
    return max(map(len, row.translate(_AS_TEXT).split()), default=0)


def _span(row: bytes) -> tuple[int, int]:
    """Where the longest run of ink pixels in one row starts and ends."""
    best, at = (0, 0), 0
    for part in row.split(b"\x00"):
        if len(part) > best[1] - best[0]:
            best = (at, at + len(part))
        at += len(part) + 1
    return best


def rules(level: Image.Image, bottom: int) -> list[tuple[int, int, int, int]]:
    """Long thin horizontal rules in rows 0..``bottom`` (a table's grid): (top, bottom, left, right).

    Empty when a "rule" is thick: a gray band or a dark scan edge is no table."""
    width, height = level.size
    if bottom <= 0:
        return []
    mask = _mask(level, bottom, _RULE_INK)
    rows = _row_bytes(mask)
    # only a row with that much ink at all can hold such a run (splitting every row is slow)
    dense = [v >= _RULE_WIDTH * 255 for v in _profile(mask, vertical=True)]
    long = bytes(d and _longest_run(row) >= _RULE_WIDTH * width for d, row in zip(dense, rows, strict=True))
    groups = _runs(long, 1, 1)
    if any(b - a > max(2, round(_RULE_THICK * height)) for a, b in groups):
        return []
    return [(a, b, *_span(max(rows[a:b], key=_longest_run))) for a, b in groups]


def body_top(level: Image.Image, cut: int, settings: ReadSettings) -> bool:
    """True when the band (rows 0..``cut``) plainly continues a document's body: no document can
    start at the top of this page (docs/reading.md, "The band"). Any doubt gives False."""
    width, height = level.size
    found = lines(level, cut)
    if found and _page_number(found[0], width, height):
        found = found[1:]
    grid = rules(level, cut)
    if len(grid) >= 2 and found and grid[0][0] <= found[0].top + _TABLE_SLACK * height:
        # a table continuing from the page before: its top rule is the first thing on the page
        left, right = min(g[2] for g in grid), max(g[3] for g in grid)
        return not any(_centred(line, left, right, settings) for line in found)
    need = settings.layout_body_lines
    if len(found) < need:
        return False
    usual = sorted(line.height for line in found)[len(found) // 2]
    top = found[:need]
    left, right = min(line.left for line in top), max(line.right for line in top)
    text_width = right - left
    if text_width < settings.layout_min_width * width:
        return False
    edge = settings.layout_edge * text_width
    indent = settings.layout_indent * text_width
    full = 0
    for line in top:
        if line.height > _TALL * usual:
            if not line.ruled:
                return False        # a stamp, a logo, a picture: not plainly body
            full += 1               # a table continuing from the page before
            continue
        if line.segments != 1:
            return False            # two columns: a header, a signature block
        if line.left <= left + indent and line.right >= right - edge:
            full += 1               # a justified line (a paragraph's first line indented)
        elif line.left > left + edge:
            return False            # neither from the margin nor to it: centred, a column
    if full < 2:
        return False
    # a centred heading anywhere in the band ("PHỤ LỤC", a type name, "Ban hành kèm theo …")
    return not any(_centred(line, left, right, settings) for line in found[need:])


def _page_number(line: Line, width: int, height: int) -> bool:
    """A page number at the top centre (Decree 30 numbers pages from 2 there)."""
    middle = (line.left + line.right) / 2
    return (line.bottom < 0.1 * height and line.right - line.left < 0.06 * width
            and abs(middle - width / 2) < 0.08 * width)


def _centred(line: Line, left: int, right: int, settings: ReadSettings) -> bool:
    middle, centre = (line.left + line.right) / 2, (left + right) / 2
    text_width = right - left
    return (line.left > left + settings.layout_indent * text_width
            and abs(middle - centre) < settings.layout_centred * text_width)
