"""The self-assessment table as the provincial scoring software exports it (tab-separated text).

Layout: a title block ("KẾT QUẢ ĐÁNH GIÁ ...", "Đơn vị: ...", "Năm 2023"), a header row, one row per
criterion, blank lines anywhere, a final "Tổng điểm" row. Every oddity of a row becomes a
:class:`TableProblem` on that row; only a file with no header or no criterion row at all is refused.
The row logic is shared with the .xlsx reader through :func:`parse_table_rows`.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

from verifier.assessment.attachments import find_attachments
from verifier.assessment.html import clean_cell
from verifier.assessment.model import AssessmentTable, Row, TableProblem
from verifier.assessment.numbers import format_number, parse_number
from verifier.errors import TableUnreadable
from verifier.limits import Limits
from verifier.text import fold, one_line

TOTAL_CODE = "total"
TABLE_NAMES = ("assessment.tsv", "assessment.txt", "assessment.xlsx")


class Column(StrEnum):
    TITLE = "title"
    MAX = "max"
    SELF = "self"
    EXPLANATION = "explanation"
    APPRAISAL = "appraisal"
    OPINION = "opinion"
    OTHER = "other"


NUMERIC = frozenset({Column.MAX, Column.SELF, Column.APPRAISAL})
_LABEL = {Column.MAX: "Điểm tối đa", Column.SELF: "Tự đánh giá", Column.APPRAISAL: "Thẩm định"}
# Which column is most plausibly the one a short row lost: the unit's own score is the cell the
# software leaves out (rows 5.1.3-5.4 of the seed); the maximum is always printed.
_SKIP_PREFERENCE = {Column.SELF: 0, Column.APPRAISAL: 1, Column.EXPLANATION: 2, Column.OPINION: 3,
                    Column.OTHER: 4, Column.MAX: 5}
_MERGE_PREFERENCE = {Column.EXPLANATION: 0, Column.OPINION: 1, Column.OTHER: 2, Column.TITLE: 3}

_CODE = re.compile(r"(?P<code>(?:[IVX]+|\d+)(?:\.\d+)*)\.?(?:\s+|$)(?P<title>.*)", re.S)
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
_YEAR = re.compile(r"\bnăm\s+((?:19|20)\d{2})\b", re.I)
# The administrative-reform index was first scored for 2012; a year before 2000 is a typo.
_FIRST_YEAR, _LAST_YEAR = 2000, 2099
_UNIT = re.compile(r"^đơn vị\s*:\s*(.+)$", re.I)
# Problems that depend on which fields subtract: only the framework knows (its `kind: penalty`
# fields), so they are computed again by :func:`with_penalty_fields` once it is chosen.
_RANGE_PROBLEMS = frozenset({"negative_score", "self_above_max", "appraisal_above_max"})


def header_columns(cells: Sequence[str]) -> tuple[Column, ...] | None:
    """The column meaning of a header row, or None when the row is not the header."""
    folded = [fold(c) for c in cells]
    if not folded or not ("linh vuc" in folded[0] or "tieu chi" in folded[0]):
        return None
    if not any("diem toi da" in f for f in folded[1:]):
        return None
    cols: list[Column] = [Column.TITLE]
    for f in folded[1:]:
        if "diem toi da" in f:
            cols.append(Column.MAX)
        elif "tu danh gia" in f or "tu cham" in f:
            cols.append(Column.SELF)
        elif "y kien" in f:
            cols.append(Column.OPINION)
        elif "tai lieu" in f or "giai trinh" in f:
            cols.append(Column.EXPLANATION)
        elif "tham dinh" in f:
            cols.append(Column.APPRAISAL)
        else:
            cols.append(Column.OTHER)
    return tuple(cols)


def _is_total(first_cell: str) -> bool:
    f = fold(first_cell)
    return f.startswith("tong diem") or f.startswith("tong cong") or f == "tong"


def _canonical_code(raw: str) -> str | None:
    """"I" -> "1", "1.1.1" -> "1.1.1"; None for a numbering that is not valid."""
    head, *rest = raw.split(".")
    if head in _ROMAN:
        head = str(_ROMAN[head])
    parts = [head, *rest]
    if not all(p.isdigit() and p[0] != "0" for p in parts):
        return None
    return ".".join(parts)


def _fit_short(cols: Sequence[Column], cells: Sequence[str]) -> tuple[list[str | None], list[Column]]:
    """Place the cells of a short row, choosing the missing columns that make the values fit.

    The best placement is the least (mismatch cost, skip preference), ties going to the earliest
    skipped columns. A dynamic programme over (column, cells placed) finds it in O(columns x cells)
    where trying every combination of skipped columns was exponential (fuzz finding F04).
    """
    n, width = len(cells), len(cols)
    kinds = [_cell_kind(c) for c in cells]      # each cell cleaned once, however many columns try it

    @functools.cache
    def best(i: int, j: int) -> tuple[int, int, tuple[int, ...]]:
        """Columns i.. given cells j.. still to place: (cost, rank, skipped columns)."""
        if i == width:
            return (0, 0, ())
        options = []
        if j < n:
            cost, rank, skipped = best(i + 1, j + 1)
            options.append((cost + _mismatch_kind(cols[i], kinds[j]), rank, skipped))
        if i > 0 and width - i - 1 >= n - j:
            cost, rank, skipped = best(i + 1, j)
            trailing = j == n              # every later column is skipped too
            options.append((cost + (0 if trailing else 1), rank + _SKIP_PREFERENCE.get(cols[i], 9),
                            (i, *skipped)))
        return min(options)

    skipped = set(best(0, 0)[2])
    placed = iter(cells)
    values: list[str | None] = [None if i in skipped else next(placed) for i in range(width)]
    missing = [cols[i] for i in sorted(skipped) if not all(j in skipped for j in range(i, width))]
    return values, missing


def _cell_kind(cell: str | None) -> str:
    """"blank", "number" or "text": all that the fitting needs to know about a cell."""
    if cell is None or not cell.strip():
        return "blank"
    return "number" if parse_number(clean_cell(cell)) is not None else "text"


def _mismatch_kind(col: Column, kind: str) -> int:
    if kind == "blank":
        return 0
    if col in NUMERIC:
        return 2 if kind == "text" else 0
    if col in (Column.EXPLANATION, Column.OPINION):
        return 1 if kind == "number" else 0
    return 0


def _fit_long(cols: Sequence[Column], cells: Sequence[str]) -> list[str | None]:
    """Place the cells of a long row (a tab inside a text cell), merging into one text column."""
    extra = len(cells) - len(cols)
    kinds = [_cell_kind(c) for c in cells]
    best: tuple[int, int, int] | None = None
    for i, col in enumerate(cols):
        if col in NUMERIC:
            continue
        merged = _cell_kind(" ".join(cells[i:i + extra + 1]))
        cost = (sum(_mismatch_kind(c, k) for c, k in zip(cols[:i], kinds[:i], strict=True))
                + _mismatch_kind(col, merged)
                + sum(_mismatch_kind(c, k) for c, k in zip(cols[i + 1:], kinds[i + extra + 1:], strict=True)))
        rank = _MERGE_PREFERENCE.get(col, 9)
        if best is None or (cost, rank) < best[:2]:
            best = (cost, rank, i)
    assert best is not None
    i = best[2]
    return [*cells[:i], " ".join(cells[i:i + extra + 1]), *cells[i + extra + 1:]]


@dataclass
class _Builder:
    source: str
    cols: tuple[Column, ...]
    rows: list[Row]
    problems: list[TableProblem]
    max_score: int = Limits.table_max_score

    def number(self, col: Column, raw: str | None, line: int, code: str | None) -> Decimal | None:
        text = clean_cell(raw or "")
        if not text:
            return None
        value = parse_number(text)
        if value is None:
            self.problems.append(TableProblem(
                "bad_number", f"Ô «{_LABEL[col]}» không phải là số: «{one_line(text)[:60]}»", line, code))
        elif abs(value) > self.max_score:
            # Scores are rounded to cents later; a value of 10^27 overflows that (fuzz finding F07).
            raise TableUnreadable(self.source, f"dòng/line {line}: «{_LABEL[col]}» {one_line(text)[:40]} > "
                                               f"{self.max_score}")
        return value

    def row(self, line: int, cells: Sequence[str], code: str | None, title: str) -> Row:
        cols = self.cols
        missing: list[Column] = []
        values: list[str | None]
        if len(cells) < len(cols):
            values, missing = _fit_short(cols, cells)
        elif len(cells) > len(cols):
            values = _fit_long(cols, cells)
            self.problems.append(TableProblem(
                "extra_cell", f"Dòng có {len(cells)} ô, nhiều hơn {len(cols)} cột của bảng", line, code))
        else:
            values = list(cells)
        by_col: dict[Column, str | None] = {}
        for col, value in zip(cols, values, strict=True):
            # With one appraisal column per round ("lần 1", "lần 2"), the last one holds the final score.
            if col is Column.APPRAISAL and (value or "").strip():
                by_col[col] = value
            else:
                by_col.setdefault(col, value)
        absent = [c for c in (Column.MAX, Column.SELF)
                  if c in missing or not clean_cell(by_col.get(c) or "")]
        if absent:
            names = ", ".join(f"«{_LABEL[c]}»" for c in absent)
            self.problems.append(TableProblem("missing_cell", f"Thiếu ô {names}", line, code))
        max_score = self.number(Column.MAX, by_col.get(Column.MAX), line, code)
        self_score = self.number(Column.SELF, by_col.get(Column.SELF), line, code)
        appraisal = self.number(Column.APPRAISAL, by_col.get(Column.APPRAISAL), line, code)
        explanation = clean_cell(by_col.get(Column.EXPLANATION) or "")
        opinion = clean_cell(by_col.get(Column.OPINION) or "")
        return Row(code or TOTAL_CODE, title, max_score, self_score, explanation, appraisal, opinion, line,
                   find_attachments(explanation, opinion))


def _score_problems(rows: Sequence[Row], penalty_fields: Collection[str]) -> list[TableProblem]:
    problems: list[TableProblem] = []
    codes = {r.code for r in rows}
    for code, n in Counter(r.code for r in rows).items():
        if n > 1:
            first = next(r for r in rows if r.code == code)
            problems.append(TableProblem("duplicate_code", f"Mã tiêu chí {code} xuất hiện {n} lần",
                                         first.line, code))
    for r in rows:
        parent = r.code.rpartition(".")[0]
        if parent and parent not in codes:
            problems.append(TableProblem(
                "unknown_code", f"Mã tiêu chí {r.code} không có tiêu chí cha {parent} trong bảng", r.line,
                r.code))
        if r.max_score is not None and r.max_score < 0:
            problems.append(TableProblem("negative_max", f"Điểm tối đa âm ({format_number(r.max_score)})",
                                         r.line, r.code))
        if r.code.split(".")[0] in penalty_fields:
            continue   # a penalty field's scores are negative and its maximum is 0
        if r.self_score is not None and r.self_score < 0:
            problems.append(TableProblem(
                "negative_score", f"Điểm tự đánh giá âm ({format_number(r.self_score)})", r.line, r.code))
        if r.self_score is not None and r.max_score is not None and r.self_score > r.max_score:
            problems.append(TableProblem(
                "self_above_max", f"Điểm tự đánh giá {format_number(r.self_score)} lớn hơn điểm tối đa "
                f"{format_number(r.max_score)}", r.line, r.code))
        if r.appraisal is not None and r.max_score is not None and r.appraisal > r.max_score:
            problems.append(TableProblem(
                "appraisal_above_max", f"Điểm thẩm định {format_number(r.appraisal)} lớn hơn điểm tối đa "
                f"{format_number(r.max_score)}", r.line, r.code))
    return problems


def _check_caps(source: str, line: int, cells: Sequence[str], count: int, limits: Limits) -> None:
    """Refuse a table far outside the real one's shape before any per-cell work (docs/robustness.md)."""
    if count > limits.table_max_rows:
        raise TableUnreadable(source, f"số dòng/rows > {limits.table_max_rows}")
    if len(cells) > limits.table_max_columns:
        raise TableUnreadable(source, f"dòng/line {line}: số ô/cells {len(cells)} > {limits.table_max_columns}")
    longest = max(len(c) for c in cells)
    if longest > limits.table_max_cell_chars:
        raise TableUnreadable(source, f"dòng/line {line}: ô dài/cell of {longest} ký tự/characters > "
                                      f"{limits.table_max_cell_chars}")


def parse_table_rows(rows: Iterable[tuple[int, Sequence[str]]], source: str = "",
                     penalty_fields: Collection[str] = (), limits: Limits | None = None) -> AssessmentTable:
    """Build the table from raw rows (line or sheet-row number, cells as exported).

    ``penalty_fields``: the field codes whose rows subtract, from the framework
    (:meth:`verifier.rules.model.Framework.penalty_fields`). The table is usually read before the
    framework is chosen (its unit and year choose it): then none is known, and
    :func:`with_penalty_fields` re-judges the score ranges once it is.

    Linear in the input: rows, columns and cell lengths are capped (``Limits.table_*``), a short
    or long row is fitted in O(columns x cells), and every regex over a cell is linear.
    """
    limits = limits or Limits.from_env()
    unit, year = "", None
    builder: _Builder | None = None
    header_line = 0
    total: Row | None = None
    count = 0
    for line, raw_cells in rows:
        cells = list(raw_cells)
        while cells and not cells[-1].strip():
            cells.pop()
        if not cells:
            continue
        count += 1
        _check_caps(source, line, cells, count, limits)
        if builder is None:
            first = clean_cell(cells[0])
            cols = header_columns([clean_cell(c) for c in cells])
            if cols is not None:
                if Column.MAX not in cols or Column.SELF not in cols:
                    raise TableUnreadable(source, "thiếu cột «Điểm tối đa» hoặc «Tự đánh giá»")
                builder, header_line = _Builder(source, cols, [], [], limits.table_max_score), line
                continue
            if m := _UNIT.match(one_line(first)):
                unit = m.group(1).strip()
            if year is None and (y := _YEAR.search(one_line(" ".join(cells)))):
                year = int(y.group(1))
            continue
        first = one_line(clean_cell(cells[0]))
        if _is_total(first):
            if total is None:
                total = builder.row(line, [first, *cells[1:]], None, first)
            continue
        m = _CODE.fullmatch(first)
        code = _canonical_code(m.group("code")) if m else None
        if m is None or code is None:
            token = first.split(" ")[0][:20] if first else None
            builder.problems.append(TableProblem(
                "unknown_code", f"Dòng không có mã tiêu chí hợp lệ: «{first[:60]}»", line, token))
            continue
        builder.rows.append(builder.row(line, cells, code, m.group("title").strip()))
    if year is not None and not _FIRST_YEAR <= year <= _LAST_YEAR:
        # Without this, the framework lookup blamed a rule file "district-1900.yaml" (finding F13).
        raise TableUnreadable(source, f"năm/year {year} ngoài/outside {_FIRST_YEAR}-{_LAST_YEAR}")
    if builder is None:
        raise TableUnreadable(source, "không tìm thấy dòng tiêu đề «Lĩnh vực/Tiêu chí/Tiêu chí thành phần»")
    if not builder.rows:
        raise TableUnreadable(source, "không có dòng tiêu chí nào")
    problems = builder.problems + _score_problems(builder.rows, frozenset(penalty_fields))
    if total is None:
        problems.append(TableProblem("missing_total", "Bảng không có dòng «Tổng điểm»", header_line))
    if year is None:
        problems.append(TableProblem("missing_year", "Không đọc được năm đánh giá («Năm ...»)", header_line))
    problems.sort(key=lambda p: p.line)
    return AssessmentTable(source, unit, year, tuple(builder.rows), total, tuple(problems))


def with_penalty_fields(table: AssessmentTable, penalty_fields: Collection[str]) -> AssessmentTable:
    """The table with its score-range problems judged for the framework's penalty fields (a negative
    self score there is a deduction, not an error)."""
    kept = [p for p in table.problems if p.code not in _RANGE_PROBLEMS]
    problems = kept + [p for p in _score_problems(table.rows, frozenset(penalty_fields)) if p.code in _RANGE_PROBLEMS]
    return dataclasses.replace(table, problems=tuple(sorted(problems, key=lambda p: p.line)))


def split_tsv_lines(text: str) -> list[tuple[int, list[str]]]:
    """(1-based line, cells) for every line of a tab-separated export."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return [(i, line.split("\t")) for i, line in enumerate(text.split("\n"), start=1)]


def parse_table_text(text: str, source: str = "", limits: Limits | None = None) -> AssessmentTable:
    """Parse the tab-separated export (what the provincial software writes as .tsv/.txt)."""
    return parse_table_rows(split_tsv_lines(text), source, limits=limits)


def read_table_text(path: Path, limits: Limits | None = None) -> AssessmentTable:
    """Read and parse a .tsv/.txt export; UTF-8 (with or without BOM), else UTF-16 or Windows-1258."""
    limits = limits or Limits.from_env()
    cap = limits.max_file_bytes
    try:
        size = path.stat().st_size
        if size > cap:
            raise TableUnreadable(path.name, f"{size} byte, giới hạn {cap} byte")
        data = path.read_bytes()
    except OSError as exc:
        raise TableUnreadable(path.name, type(exc).__name__) from exc
    for encoding in ("utf-8-sig", "utf-16", "cp1258"):
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            return parse_table_text(data.decode(encoding), path.name, limits)
        except UnicodeDecodeError:
            continue
    raise TableUnreadable(path.name, "không giải mã được nội dung (không phải UTF-8)")
