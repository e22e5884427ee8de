"""The XLSX export, read back with openpyxl: layout, tree, formulas, totals and formula escaping."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from tests.report.sample import sample_report
from verifier.report.xlsx_export import Appraisal, UnitText, write_report_xlsx

HEADERS = ["Lĩnh vực/Tiêu chí/Tiêu chí thành phần", "Điểm tối đa", "Tự đánh giá",
           "Giải trình của đơn vị, tài liệu kiểm chứng", "Đề xuất", "Trạng thái", "Thẩm định vòng 1",
           "Thẩm định vòng 2", "Ý kiến Hội đồng", "Giải trình bổ sung của đơn vị", "Ghi chú của công cụ kiểm tra"]
_REF = re.compile(r"[A-Z]+[0-9]+")


def evaluate(ws: Worksheet, ref: str) -> Decimal:
    """A cell's value, computing the =SUM(...)[-SUM(...)] formulas the export writes."""
    value = ws[ref].value
    if value is None:
        return Decimal(0)
    if isinstance(value, str) and value.startswith("="):
        total = Decimal(0)
        for sign, func, body in re.findall(r"([-+]?)(SUM|ABS)\(([^)]*)\)", value):
            part = sum((evaluate(ws, r) for r in _REF.findall(body)), Decimal(0))
            part = abs(part) if func == "ABS" else part
            total += -part if sign == "-" else part
        return total
    return Decimal(str(value))


def header_row(ws: Worksheet) -> int:
    for row in ws.iter_rows(min_col=1, max_col=len(HEADERS)):
        if [c.value for c in row] == HEADERS:
            return int(row[0].row)
    raise AssertionError("no header row in the scoring software's layout")


def rows_by_code(ws: Worksheet) -> dict[str, int]:
    """Criterion code -> sheet row, read from column A ('1.1.1. Title')."""
    out: dict[str, int] = {}
    for row in range(header_row(ws) + 1, ws.max_row + 1):
        label = ws.cell(row=row, column=1).value
        m = re.match(r"([0-9]+(?:\.[0-9]+)*)\. ", str(label or ""))
        if m:
            out[m.group(1)] = row
    return out


@pytest.fixture()
def sheet(tmp_path: Path) -> Worksheet:
    path = tmp_path / "out.xlsx"
    write_report_xlsx(sample_report(), path)
    ws = load_workbook(path).worksheets[0]
    return ws


def test_rows_follow_the_report_in_order(sheet: Worksheet) -> None:
    report = sample_report()
    codes = rows_by_code(sheet)
    assert list(codes) == [c.code for c in report.criteria]
    for c in report.criteria:
        assert sheet.cell(row=codes[c.code], column=1).value == f"{c.code}. {c.title}"
    assert sheet["A2"].value == "Đơn vị: Huyện Kon Rẫy"


def test_tree_is_indented_by_depth(sheet: Worksheet) -> None:
    codes = rows_by_code(sheet)
    indent = {code: sheet.cell(row=row, column=1).alignment.indent for code, row in codes.items()}
    assert indent["1"] < indent["1.1"] < indent["1.1.1"]
    assert indent["1.1.1"] == indent["1.6.2"]
    assert sheet.cell(row=codes["1"], column=1).font.bold
    assert not sheet.cell(row=codes["1.1.1"], column=1).font.bold


def test_parents_are_sums_of_exactly_their_children(sheet: Worksheet) -> None:
    codes = rows_by_code(sheet)
    code_at = {row: code for code, row in codes.items()}
    expected = {"1": {"1.1", "1.6"}, "1.1": {"1.1.1", "1.1.2", "1.1.3"}, "1.6": {"1.6.1", "1.6.2"}, "9": {"9.1"}}
    for parent, children in expected.items():
        for col in "BCE":
            formula = sheet[f"{col}{codes[parent]}"].value
            assert isinstance(formula, str) and formula.startswith("=SUM("), (parent, col, formula)
            refs = _REF.findall(formula)
            assert {r[0] for r in refs} == {col}
            assert {code_at[int(r[1:])] for r in refs} == children


def test_leaves_hold_values_and_the_council_columns_stay_empty_without_a_council_score(sheet: Worksheet) -> None:
    codes = rows_by_code(sheet)
    r = codes["1.1.1"]
    assert (sheet[f"B{r}"].value, sheet[f"C{r}"].value, sheet[f"E{r}"].value) == (0.5, 0.5, 0)
    assert sheet[f"F{r}"].value == "Không đạt"
    assert sheet[f"K{r}"].value.startswith("Ý kiến: Ban hành không kịp thời")   # the tool's note, apart
    for code, row in codes.items():       # the suggestion never lands in the council's columns
        assert (sheet[f"G{row}"].value, sheet[f"H{row}"].value, sheet[f"I{row}"].value) == (None, None, None), code
    assert sheet[f"G{sheet.max_row}"].value is None
    assert "KH 163.pdf" in sheet[f"D{r}"].value and "evidence/" not in sheet[f"D{r}"].value
    assert sheet[f"E{codes['1.1.3']}"].value is None  # left to the council: no number invented


def test_borders_print_area_and_filters(sheet: Worksheet) -> None:
    top = header_row(sheet)
    assert sheet.auto_filter.ref == f"A{top}:K{sheet.max_row}"
    assert sheet.print_area == f"'{sheet.title}'!$A$1:$K${sheet.max_row}"
    assert sheet.print_title_rows == f"${top}:${top}"
    assert sheet.page_setup.orientation == "landscape"
    for ref in (f"A{top}", f"K{top}", f"E{top + 3}", f"K{sheet.max_row}"):
        assert sheet[ref].border.left.style == "thin" and sheet[ref].border.bottom.style == "thin", ref


def test_totals_are_formulas_that_match_the_report(sheet: Worksheet) -> None:
    report = sample_report()
    total_row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(row=r, column=1).value == "Tổng điểm")
    for col in "BCE":
        assert str(sheet[f"{col}{total_row}"].value).startswith("=SUM(")
    codes = rows_by_code(sheet)
    assert sheet[f"E{total_row}"].value == f"=SUM(E{codes['1']})-ABS(E{codes['9']})"  # ĐIỂM TRỪ subtracts
    assert evaluate(sheet, f"B{total_row}") == report.totals.max  # 1.6.2 not assessed: 8.5 - 3
    assert evaluate(sheet, f"C{total_row}") == report.totals.self
    assert evaluate(sheet, f"E{total_row}") == report.totals.suggested


def test_text_beginning_with_a_formula_trigger_is_escaped(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write_report_xlsx(sample_report(), path)
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    codes = rows_by_code(ws)
    assert ws[f"K{codes['1.1.2']}"].value == "'=HYPERLINK(\"http://evil.example\",\"bấm\")"
    assert ws[f"K{codes['1.1.3']}"].value == "'- - Đề nghị bổ sung phụ lục"
    assert "'+15,5 nhiệm vụ không có tài liệu" in [c.value for c in wb.worksheets[1]["D"]]
    assert "'-bị hỏng" in [c.value for c in wb.worksheets[2]["G"]]
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":  # the only formulas are the export's own sums
                    assert sheet is ws and re.fullmatch(r"=SUM\([A-Z0-9,]+\)(-(SUM|ABS)\([A-Z0-9,]+\))*", cell.value)


def test_the_council_columns_hold_what_the_council_recorded(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write_report_xlsx(sample_report(), path,
                      appraisals={"1.1.1": Appraisal(Decimal("0"), Decimal("0.5"), "Thống nhất với giải trình"),
                                  "1.1.2": Appraisal(Decimal("0.5"), None, "")},
                      texts={"1.1.1": UnitText("Đã ban hành KH 163", "Bổ sung QĐ 12 điều chỉnh kế hoạch")})
    ws = load_workbook(path).worksheets[0]
    codes = rows_by_code(ws)
    r = codes["1.1.1"]
    assert (ws[f"E{r}"].value, ws[f"G{r}"].value, ws[f"H{r}"].value) == (0, 0, 0.5)   # the suggestion stays in E
    assert ws[f"I{r}"].value == "Thống nhất với giải trình"
    assert ws[f"D{r}"].value.startswith("Đã ban hành KH 163\n") and ws[f"J{r}"].value.startswith("Bổ sung QĐ 12")
    total_row = ws.max_row
    assert evaluate(ws, f"E{total_row}") == sample_report().totals.suggested
    assert evaluate(ws, f"G{total_row}") == Decimal("0.5") and evaluate(ws, f"H{total_row}") == Decimal("0.5")
    assert evaluate(ws, f"G{codes['1.1']}") == Decimal("0.5")
    assert ws[f"G{codes['1.6']}"].value is None          # nothing scored below 1.6: empty, not 0


def test_findings_and_files_sheets(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write_report_xlsx(sample_report(), path)
    wb = load_workbook(path)
    findings = [[c.value for c in row] for row in wb.worksheets[1].iter_rows(min_row=2)]
    assert [f[0] for f in findings] == ["1.1.1", "1.6.1", None]
    assert findings[0][1] == "Ban hành muộn" and findings[0][5] == 1 and findings[0][6] == "163/KH-UBND"
    files = [[c.value for c in row] for row in wb.worksheets[2].iter_rows(min_row=2)]
    assert files[0][0] == "evidence/1.1.1/KH 163.pdf" and files[0][4] == "163/KH-UBND"


def test_english_headers_and_control_characters(tmp_path: Path) -> None:
    import dataclasses

    report = sample_report()
    bad = dataclasses.replace(report.criteria[2], title="Kế hoạch\x01\x0b năm")
    report = dataclasses.replace(report, criteria=(*report.criteria[:2], bad, *report.criteria[3:]))
    path = tmp_path / "out.xlsx"
    write_report_xlsx(report, path, lang="en")
    ws = load_workbook(path).worksheets[0]
    assert "Maximum" in [c.value for c in ws[6]]
    assert "1.1.1. Kế hoạch năm" in [c.value for c in ws["A"]]


def test_deductions_written_as_positive_amounts_still_subtract(tmp_path: Path) -> None:
    import dataclasses

    report = sample_report()
    positive = tuple(dataclasses.replace(c, suggested_score=Decimal("0.5")) if c.code in ("9", "9.1") else c
                     for c in report.criteria)
    path = tmp_path / "out.xlsx"
    write_report_xlsx(dataclasses.replace(report, criteria=positive), path)
    ws = load_workbook(path).worksheets[0]
    assert evaluate(ws, f"E{ws.max_row}") == report.totals.suggested


def test_a_parent_that_is_not_the_sum_of_its_children_keeps_the_reported_value(tmp_path: Path) -> None:
    import dataclasses

    report = sample_report()
    # The Kon Rẫy table leaves some self-score cells empty while the parent states the full sum.
    gap = tuple(dataclasses.replace(c, self_score=None) if c.code == "1.1.2" else c for c in report.criteria)
    path = tmp_path / "out.xlsx"
    write_report_xlsx(dataclasses.replace(report, criteria=gap), path)
    ws = load_workbook(path).worksheets[0]
    codes = rows_by_code(ws)
    cell = ws[f"C{codes['1.1']}"]
    assert cell.value == 1.5 and cell.comment is not None and "1.0" in cell.comment.text
    assert str(ws[f"C{codes['1']}"].value).startswith("=SUM(")  # 1.1 as stated + 1.6 = 1's stated value
    assert evaluate(ws, f"C{ws.max_row}") == report.totals.self


def test_a_total_the_formula_cannot_reproduce_is_written_as_reported(tmp_path: Path) -> None:
    import dataclasses

    report = sample_report()
    odd = dataclasses.replace(report, totals=dataclasses.replace(report.totals, suggested=Decimal("3.75")))
    path = tmp_path / "out.xlsx"
    write_report_xlsx(odd, path)
    ws = load_workbook(path).worksheets[0]
    assert ws[f"E{ws.max_row}"].value == 3.75 and ws[f"E{ws.max_row}"].comment is not None
    assert str(ws[f"C{ws.max_row}"].value).startswith("=SUM(")
