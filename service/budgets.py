"""Per-submission budgets: how much work one upload may cause (docs/service.md, "Fairness and budgets").

Files and table rows are counted when the upload is stored, before anything is queued; pages and OCR
seconds are counted as files are read, and once a run has used its budget its remaining files are
not read (each is reported with E_BUDGET, naming the file and the budget). The limits are parameters
(service/config.py, ``VERIFIER_BUDGET_*``), not confirmed rules.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from verifier.errors import InputRejected


class BudgetExceeded(InputRejected):
    """A submission asks for more work than one submission may cause."""

    code = "E_BUDGET"
    vi = "Vượt hạn mức của một hồ sơ ({what}: {used} > {limit}); {file} không được xử lý"
    en = "Over the per-submission budget ({what}: {used} > {limit}); {file} was not processed"


WHAT_VI = {"files": "số tệp", "pages": "số trang", "ocr_seconds": "giây OCR", "table_rows": "số dòng bảng"}
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")


def check_files(count: int, limit: int, name: str = "upload") -> None:
    if count > limit:
        raise BudgetExceeded(name, what=f"{WHAT_VI['files']} / files", used=count, limit=limit)


def table_rows(path: Path, cap: int) -> int:
    """Rows of a self-assessment table, counted cheaply and stopping a little past ``cap``: lines of a
    TSV/TXT, ``<row`` elements of an XLSX's sheets (streamed, never parsed)."""
    counted = 0
    if path.suffix.lower() == ".xlsx":
        try:
            with zipfile.ZipFile(path) as zf:
                for info in zf.infolist():
                    if not info.filename.startswith("xl/worksheets/"):
                        continue
                    with zf.open(info) as fh:
                        tail = b""
                        while chunk := fh.read(1 << 16):
                            buf = tail + chunk
                            # a match lying wholly in the tail was counted with the previous chunk
                            counted += sum(1 for m in _ROW.finditer(buf) if m.end() > len(tail))
                            tail = buf[-32:]
                            if counted > cap:
                                return counted
        except (zipfile.BadZipFile, OSError, EOFError, ValueError):
            return 0          # unreadable: the table parser reports it, naming the file
        return counted
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 16):
            counted += chunk.count(b"\n")
            if counted > cap:
                return counted
    return counted


def check_table(path: Path, limit: int, shown: str) -> None:
    rows = table_rows(path, limit)
    if rows > limit:
        raise BudgetExceeded(shown, what=f"{WHAT_VI['table_rows']} / table rows",
                             used=f">{limit}" if rows > limit + 1 else rows, limit=limit)


def over_budget(pages: int, ocr_seconds: float, *, max_pages: int, max_ocr_seconds: int) -> str | None:
    """The budget a run has used up, as 'pages 1200 > 1000', or None."""
    if pages > max_pages:
        return f"pages {pages} > {max_pages}"
    if ocr_seconds > max_ocr_seconds:
        return f"ocr_seconds {round(ocr_seconds)} > {max_ocr_seconds}"
    return None


def error_of(relative: str, exceeded: str) -> BudgetExceeded:
    what, used, _gt, limit = [*exceeded.split(" "), "?", "?", "?"][:4]
    return BudgetExceeded(relative, what=f"{WHAT_VI.get(what, what)} / {what}", used=used, limit=limit)
