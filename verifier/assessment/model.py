"""The unit's self-assessment table, as exported by the provincial scoring software."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class TableProblem:
    """Something wrong with one row of the table (becomes a finding, never a crash)."""

    code: str                  # e.g. "bad_number", "unknown_code", "self_above_max", "missing_cell"
    message: str               # Vietnamese, for the unit
    line: int
    criterion: str | None = None


@dataclass(frozen=True)
class Row:
    """One criterion row. Scores are Decimals: the export writes '0,5', '12,88'."""

    code: str                        # "1", "1.1", "1.1.1", "9.1"; field "I." reads as "1"
    title: str
    max_score: Decimal | None
    self_score: Decimal | None       # None when the cell is missing or not a number
    explanation: str                 # "Tài liệu kiểm chứng/Giải trình", HTML removed, normalised
    appraisal: Decimal | None        # "Thẩm định" (the council's, when the export has it)
    opinion: str                     # "Ý kiến hội đồng thẩm định"
    line: int                        # 1-based line (or sheet row) in the source
    attachments: tuple[str, ...] = ()  # evidence file names listed in the explanation/opinion

    @property
    def depth(self) -> int:
        return self.code.count(".") + 1


@dataclass(frozen=True)
class AssessmentTable:
    """The whole table: title block, rows in order, the total row, and parse problems."""

    source: str
    unit: str
    year: int | None
    rows: tuple[Row, ...]
    total: Row | None
    problems: tuple[TableProblem, ...] = ()

    def row(self, code: str) -> Row | None:
        return next((r for r in self.rows if r.code == code), None)
