"""The check result as an XLSX in the provincial scoring software's layout, with the council's own
columns kept apart from the tool's.

Sheet 1: criterion | max | "Tự đánh giá" | the unit's explanation and files | "Đề xuất" (the tool's
suggestion) | "Trạng thái" | "Thẩm định vòng 1" | "Thẩm định vòng 2" | "Ý kiến Hội đồng" (the
council's own, empty when it has none) | the unit's replies (giải trình bổ sung) | the tool's
drafted note. The criteria tree is indented and every parent and total is a formula over its
children, so a council member who edits a leaf in Excel sees the totals follow. The council's
columns hold only what the council recorded: never the suggestion. Borders, a print area with the
header repeated on each page, landscape fit-to-width, and filters on the header row.
Sheets 2 and 3 list the findings and the evidence files.

Every text cell passes through :func:`safe_text`: text beginning with ``= + - @`` (or a tab or
carriage return) gets a leading apostrophe, so a spreadsheet never runs an explanation typed by a
unit as a formula (CWE-1236).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path, PurePosixPath

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from verifier.report.fix_list import parent_code
from verifier.report.messages import kind_label, severity_label, status_label, t
from verifier.results import CriterionResult, Report, Status

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
HEADER_ROW = 6
HEADERS: tuple[tuple[str, str], ...] = (
    ("Lĩnh vực/Tiêu chí/Tiêu chí thành phần", "Field/Criterion/Sub-criterion"),
    ("Điểm tối đa", "Maximum"),
    ("Tự đánh giá", "Self score"),
    ("Giải trình của đơn vị, tài liệu kiểm chứng", "The unit's explanation and evidence"),
    ("Đề xuất", "Suggested"),
    ("Trạng thái", "Status"),
    ("Thẩm định vòng 1", "Appraisal round 1"),
    ("Thẩm định vòng 2", "Appraisal round 2"),
    ("Ý kiến Hội đồng", "Council's opinion"),
    ("Giải trình bổ sung của đơn vị", "The unit's further explanation"),
    ("Ghi chú của công cụ kiểm tra", "Verification tool's note"),
)
WIDTHS = (60, 9, 9, 50, 9, 14, 10, 10, 40, 40, 40)
LAST_COLUMN = "K"
SCORE_COLUMNS = ("B", "C", "E", "G", "H")   # the columns that add up
COUNCIL_COLUMNS = ("G", "H")
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
SCORE_FORMAT = "0.00"
ROUNDING = Decimal("0.005")           # scores are written with 2 decimals
STATUS_FILL = {
    Status.PASS: "E3F1E3",
    Status.PARTIAL: "FFF4CC",
    Status.FAIL: "F8D7DA",
    Status.MANUAL_REVIEW: "FFE5CC",
    Status.NO_EVIDENCE: "FCE4EC",
    Status.NOT_APPLICABLE: "EEEEEE",
}


@dataclass(frozen=True)
class Appraisal:
    """What the council recorded for one criterion: its score in each round and its own opinion."""

    round1: Decimal | None = None
    round2: Decimal | None = None
    opinion: str = ""


@dataclass(frozen=True)
class UnitText:
    """What the unit wrote for one criterion: its explanation in the table, its later replies."""

    explanation: str = ""
    replies: str = ""


def safe_text(value: str) -> str:
    """Text a spreadsheet will show and never evaluate; control characters XLSX cannot hold removed."""
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def _evidence_text(c: CriterionResult, explanation: str, lang: str) -> str:
    parts = [explanation.strip()] if explanation.strip() else []
    if c.evidence:
        names = [PurePosixPath(name).name for name in c.evidence]
        parts.append(t("evidence_prefix", lang) + ":\n" + "\n".join(f"• {n}" for n in names))
    return "\n".join(parts)


def _children(report: Report) -> dict[str | None, list[str]]:
    """Parent code -> child codes, in report order; codes whose parent is absent hang from None."""
    present = {c.code for c in report.criteria}
    tree: dict[str | None, list[str]] = {}
    for c in report.criteria:
        parent = parent_code(c.code)
        tree.setdefault(parent if parent in present else None, []).append(c.code)
    return tree


def _sum(column: str, rows: Iterable[int]) -> str:
    refs = [f"{column}{r}" for r in rows]
    return "=SUM(" + ",".join(refs) + ")" if refs else "=0"


def _write_header(ws: Worksheet, report: Report, lang: str) -> None:
    ws["A1"] = safe_text(t("xlsx_title", lang))
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = safe_text(f"{t('unit', lang)}: {report.unit}")
    ws["A3"] = safe_text(f"{t('year', lang)} {report.year}" if report.year else t("year", lang))
    ws["A4"] = safe_text(f"{t('framework', lang)}: {report.framework}")
    for col, pair in enumerate(HEADERS, start=1):
        cell = ws.cell(row=HEADER_ROW, column=col, value=safe_text(pair[1] if lang == "en" else pair[0]))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.fill = PatternFill("solid", fgColor="DDE6F0")
    for letter, width in zip("ABCDEFGHIJK", WIDTHS, strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = f"B{HEADER_ROW + 1}"


def _finish_layout(ws: Worksheet, last_row: int) -> None:
    """Borders on the table, a print area with the header repeated on each page, filters."""
    for row in ws.iter_rows(min_row=HEADER_ROW, max_row=last_row, max_col=len(HEADERS)):
        for cell in row:
            cell.border = BORDER
    ws.auto_filter.ref = f"A{HEADER_ROW}:{LAST_COLUMN}{last_row}"
    ws.print_area = f"A1:{LAST_COLUMN}{last_row}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _write_result_sheet(ws: Worksheet, report: Report, appraisals: Mapping[str, Appraisal],
                        texts: Mapping[str, UnitText], lang: str) -> None:
    _write_header(ws, report, lang)
    tree = _children(report)
    by_code = {c.code: c for c in report.criteria}
    row_of: dict[str, int] = {}
    row = HEADER_ROW + 1
    for c in report.criteria:
        row_of[c.code] = row
        row += 1
    council = {letter: {code: v for code, a in appraisals.items()
                        if (v := (a.round1 if letter == "G" else a.round2)) is not None}
               for letter in COUNCIL_COLUMNS}
    for c in report.criteria:
        r = row_of[c.code]
        recorded = appraisals.get(c.code)
        kids = [row_of[k] for k in tree.get(c.code, [])]
        depth = c.code.count(".")
        label = ws.cell(row=r, column=1, value=safe_text(f"{c.code}. {c.title}"))
        label.alignment = Alignment(indent=depth * 2, wrap_text=True, vertical="top")
        if depth == 0:
            label.font = Font(bold=True)
        if kids:
            for letter in SCORE_COLUMNS:
                if letter in COUNCIL_COLUMNS and not _any_below(c.code, council[letter]):
                    continue            # the council has scored nothing here: an empty cell, not 0
                _parent_cell(ws, f"{letter}{r}", _sum(letter, kids), _reported(c, letter, council),
                             _total(_reported(by_code[k], letter, council) for k in tree[c.code]), lang)
        else:
            ws[f"B{r}"] = c.max_score
            ws[f"C{r}"] = c.self_score
            ws[f"E{r}"] = c.suggested_score
            ws[f"G{r}"] = recorded.round1 if recorded else None
            ws[f"H{r}"] = recorded.round2 if recorded else None
        text = texts.get(c.code, UnitText())
        ws[f"D{r}"] = safe_text(_evidence_text(c, text.explanation, lang))
        ws[f"F{r}"] = safe_text(status_label(c.status, lang))
        ws[f"I{r}"] = safe_text(recorded.opinion if recorded else "")
        ws[f"J{r}"] = safe_text(text.replies)
        ws[f"K{r}"] = safe_text(c.opinion)
        for letter in ("D", "F", "I", "J", "K"):
            ws[f"{letter}{r}"].alignment = Alignment(wrap_text=True, vertical="top")
        for letter in SCORE_COLUMNS:
            ws[f"{letter}{r}"].number_format = SCORE_FORMAT
            ws[f"{letter}{r}"].alignment = Alignment(vertical="top")
        ws[f"F{r}"].fill = PatternFill("solid", fgColor=STATUS_FILL[c.status])
        if depth == 0:
            for letter in SCORE_COLUMNS:
                ws[f"{letter}{r}"].font = Font(bold=True)
    last = _write_deductions_and_total(ws, report, row, row_of, tree, council, lang)
    _finish_layout(ws, last)


def _any_below(code: str, scored: Mapping[str, Decimal]) -> bool:
    return any(k == code or k.startswith(code + ".") for k in scored)


def _reported(c: CriterionResult, letter: str, council: Mapping[str, Mapping[str, Decimal]]) -> Decimal | None:
    if letter in COUNCIL_COLUMNS:
        scored = council[letter]
        below = [v for k, v in scored.items() if k == c.code or k.startswith(c.code + ".")]
        return sum(below, Decimal(0)) if below else None
    return {"B": c.max_score, "C": c.self_score, "E": c.suggested_score}[letter]


def _total(parts: Iterable[Decimal | None]) -> Decimal:
    return sum((p for p in parts if p is not None), Decimal(0))


def _parent_cell(ws: Worksheet, ref: str, formula: str, stated: Decimal | None, computed: Decimal,
                 lang: str) -> None:
    """The sum of the children as a formula, unless the report's own value is not that sum (a cell
    the unit left empty, a parent stated differently): then the report's value, with a note, so the
    export never shows a total the report does not."""
    if stated is None or abs(stated - computed) <= ROUNDING:
        ws[ref] = formula
        return
    ws[ref] = stated
    note = (f"Không bằng tổng các mục con ({computed})" if lang != "en"
            else f"Not the sum of its children ({computed})")
    ws[ref].comment = Comment(note, "verifier")


def _write_deductions_and_total(ws: Worksheet, report: Report, row: int, row_of: dict[str, int],
                                tree: dict[str | None, list[str]], council: Mapping[str, Mapping[str, Decimal]],
                                lang: str) -> int:
    by_code = {c.code: c for c in report.criteria}
    roots = [row_of[code] for code in tree.get(None, [])]
    # A penalty field (the framework's `kind: penalty`) subtracts from the total whichever sign its cells carry.
    subtracted = [row_of[code] for code in tree.get(None, []) if by_code[code].kind == "penalty"]
    added = [r for r in roots if r not in subtracted]
    at_row = {row_of[c.code]: c for c in report.criteria}
    extra: dict[int, Decimal] = {}
    # Deductions the criteria tree does not already carry as rows get rows of their own.
    for d in report.deductions:
        if d.code in row_of:
            continue
        extra[row] = d.points
        ws.cell(row=row, column=1, value=safe_text(f"{d.code}. {t('deductions', lang)}: " + "; ".join(d.reasons)))
        ws[f"B{row}"] = Decimal(0)
        ws[f"E{row}"] = d.points
        ws[f"B{row}"].number_format = ws[f"E{row}"].number_format = SCORE_FORMAT
        subtracted.append(row)
        row += 1
    # A not-assessed criterion leaves the maximum (domain 0.2: 100 -> 97); its parent keeps its own.
    dropped = [row_of[c.code] for c in report.criteria if c.status is Status.NOT_APPLICABLE
               and not _under_not_applicable(c.code, by_code)]
    ws.cell(row=row, column=1, value=safe_text(t("total", lang))).font = Font(bold=True)

    def value(r: int, letter: str) -> Decimal | None:
        if r in extra:
            return extra[r] if letter == "E" else None
        return _reported(at_row[r], letter, council)

    _parent_cell(ws, f"B{row}", _sum("B", added + subtracted) + ("-" + _sum("B", dropped)[1:] if dropped else ""),
                 report.totals.max, _total(value(r, "B") for r in added + subtracted)
                 - _total(value(r, "B") for r in dropped), lang)
    def computed(letter: str) -> Decimal:
        return _total(value(r, letter) for r in added) - _total(abs(v) for r in subtracted
                                                                if (v := value(r, letter)) is not None)

    council_totals: list[tuple[str, Decimal | None]] = [
        (letter, computed(letter) if council[letter] else None) for letter in COUNCIL_COLUMNS]
    for letter, stated in (("C", report.totals.self), ("E", report.totals.suggested), *council_totals):
        if stated is None:
            continue
        _parent_cell(ws, f"{letter}{row}", _sum(letter, added) + "".join(f"-ABS({letter}{r})" for r in subtracted),
                     stated, computed(letter), lang)
    for letter in SCORE_COLUMNS:
        ws[f"{letter}{row}"].number_format = SCORE_FORMAT
        ws[f"{letter}{row}"].font = Font(bold=True)
    return row


def _under_not_applicable(code: str, by_code: Mapping[str, CriterionResult]) -> bool:
    parent = parent_code(code)
    while parent is not None:
        above = by_code.get(parent)
        if above is not None and above.status is Status.NOT_APPLICABLE:
            return True
        parent = parent_code(parent)
    return False


def _write_findings_sheet(ws: Worksheet, report: Report, lang: str) -> None:
    keys = ("col_code", "col_kind", "col_severity", "col_message", "col_file", "col_page", "col_document",
            "col_date")
    ws.append([safe_text(t(k, lang)) for k in keys])
    findings = [f for c in report.criteria for f in c.findings] + list(report.findings)
    for f in findings:
        ws.append([safe_text(f.criterion or ""), safe_text(kind_label(f.kind, lang)),
                   safe_text(severity_label(f.severity, lang)), safe_text(f.message),
                   safe_text(f.file or ""), f.page, safe_text(f.document or ""), f.date])
    for letter, width in zip("ABCDEFGH", (10, 28, 12, 80, 40, 8, 18, 12), strict=True):
        ws.column_dimensions[letter].width = width
    for cell in ws[1]:
        cell.font = Font(bold=True)


def _write_files_sheet(ws: Worksheet, report: Report, lang: str) -> None:
    keys = ("col_file", "col_status", "col_ocr", "col_page", "col_number", "col_date", "col_error")
    ws.append([safe_text(t(k, lang)) for k in keys])
    for s in report.files:
        ws.append([safe_text(s.file), safe_text(t("ok" if s.ok else "col_error", lang)),
                   safe_text(t("yes" if s.ocr else "no", lang)), s.pages, safe_text(s.number or ""), s.date,
                   safe_text(s.error or "")])
    for letter, width in zip("ABCDEFG", (50, 12, 10, 8, 20, 12, 60), strict=True):
        ws.column_dimensions[letter].width = width
    for cell in ws[1]:
        cell.font = Font(bold=True)


def build_workbook(report: Report, appraisals: Mapping[str, Appraisal] | None = None,
                   lang: str = "vi", texts: Mapping[str, UnitText] | None = None) -> Workbook:
    wb = Workbook()
    result = wb.active
    assert result is not None  # a new Workbook always has one sheet
    result.title = t("sheet_result", lang)
    _write_result_sheet(result, report, appraisals or {}, texts or {}, lang)
    _write_findings_sheet(wb.create_sheet(t("sheet_findings", lang)), report, lang)
    _write_files_sheet(wb.create_sheet(t("sheet_files", lang)), report, lang)
    for ws in wb.worksheets:
        for line in ws.iter_rows():
            for cell in line:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "DD/MM/YYYY"
    return wb


def report_xlsx_bytes(report: Report, appraisals: Mapping[str, Appraisal] | None = None,
                      lang: str = "vi", texts: Mapping[str, UnitText] | None = None) -> bytes:
    """The workbook as bytes, for an HTTP download."""
    buffer = io.BytesIO()
    build_workbook(report, appraisals, lang, texts).save(buffer)
    return buffer.getvalue()


def write_report_xlsx(report: Report, path: Path, appraisals: Mapping[str, Appraisal] | None = None,
                      lang: str = "vi", texts: Mapping[str, UnitText] | None = None) -> None:
    """Write the export to ``path`` (replacing it). ``appraisals``: recorded council scores by code;
    ``texts``: the unit's explanation and replies by code."""
    path.write_bytes(report_xlsx_bytes(report, appraisals, lang, texts))
