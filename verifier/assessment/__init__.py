"""The unit's self-assessment table: parsing (.tsv/.txt/.xlsx), roll-up check, claims in explanations."""

from __future__ import annotations

from pathlib import Path

from verifier.assessment.claims import Claims, Figure, extract_claims, figures_for
from verifier.assessment.model import AssessmentTable, Row, TableProblem
from verifier.assessment.rollup import check_rollup
from verifier.assessment.table import TABLE_NAMES, TOTAL_CODE, parse_table_text, read_table_text
from verifier.assessment.xlsx_table import read_table_xlsx
from verifier.errors import TableTimeout, TableUnreadable, VerifierError
from verifier.limits import Limits
from verifier.text import one_line

__all__ = [
    "TABLE_NAMES", "TOTAL_CODE", "AssessmentTable", "Claims", "Figure", "Row", "TableProblem",
    "check_rollup", "extract_claims", "figures_for", "find_table", "load_table", "parse_table_text",
]


def find_table(folder: Path) -> Path:
    """The submission's assessment table: assessment.tsv, else .txt, else .xlsx (names case-insensitive)."""
    if not folder.is_dir():
        raise TableUnreadable(str(folder), "không phải là thư mục hồ sơ")
    by_name = {p.name.lower(): p for p in folder.iterdir() if p.is_file()}
    for name in TABLE_NAMES:
        if name in by_name:
            return by_name[name]
    raise TableUnreadable(folder.name, "không có tệp " + " / ".join(TABLE_NAMES))


def load_table(path: Path, limits: Limits | None = None) -> AssessmentTable:
    """Parse the table file, choosing the reader by extension (.tsv/.txt tab-separated, .xlsx).

    The parsing runs in a reader process with a memory cap and a deadline (verifier/isolate.py,
    docs/robustness.md): the table is uploaded by the unit like any evidence file. Whatever stops
    it is one TableUnreadable naming the table.
    """
    from verifier.isolate import run_isolated

    limits = limits or Limits.from_env()
    suffix = path.suffix.lower()
    if suffix not in (".tsv", ".txt", ".xlsx"):
        raise TableUnreadable(path.name, "định dạng bảng phải là .tsv, .txt hoặc .xlsx")
    try:
        return run_isolated(_load_here, path.absolute(), limits, name=path.name, deadline_s=limits.table_timeout_s,
                            limits=limits, on_timeout=lambda: TableTimeout(path.name, limit=limits.table_timeout_s))
    except TableUnreadable:
        raise
    except VerifierError as err:
        raise TableUnreadable(path.name, one_line(f"{err.code}: {err.message_en}")) from err


def _load_here(path: Path, limits: Limits) -> AssessmentTable:
    if path.suffix.lower() == ".xlsx":
        return read_table_xlsx(path, limits)
    return read_table_text(path, limits)
