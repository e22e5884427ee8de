"""The assessment table parser on the real Kon Rẫy 2023 export and on small malformed tables."""

from __future__ import annotations

import random
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from verifier.assessment import TOTAL_CODE, AssessmentTable, find_table, load_table, parse_table_text
from verifier.assessment.html import clean_cell
from verifier.assessment.numbers import format_number, parse_number
from verifier.assessment.table import read_table_text
from verifier.errors import TableUnreadable
from verifier.limits import Limits

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "kon_ray_2023.tsv"
SEED_LINES = SEED.read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="module")
def seed() -> AssessmentTable:
    return load_table(SEED)


def _line_of(prefix: str) -> int:
    """1-based line of the seed that starts with ``prefix`` (read straight from the file)."""
    return next(i for i, line in enumerate(SEED_LINES, 1) if line.startswith(prefix))


# --- the real export -----------------------------------------------------------------------------


def test_seed_has_all_128_criterion_rows(seed: AssessmentTable) -> None:
    assert len(seed.rows) == 128
    assert len({r.code for r in seed.rows}) == 128
    assert seed.rows[0].code == "1" and seed.rows[-1].code == "9.5"
    assert sum(1 for r in seed.rows if r.depth == 1) == 9


def test_seed_title_block_and_total(seed: AssessmentTable) -> None:
    assert seed.unit == "Huyện Kon Rẫy"
    assert seed.year == 2023
    assert seed.source == "kon_ray_2023.tsv"
    assert seed.total is not None
    assert seed.total.code == TOTAL_CODE
    assert (seed.total.max_score, seed.total.self_score, seed.total.appraisal) == (
        Decimal("97"), Decimal("90.29"), Decimal("89.21"))
    assert seed.total.line == _line_of("Tổng điểm")


def test_roman_field_number_reads_as_arabic(seed: AssessmentTable) -> None:
    field = seed.row("1")
    assert field is not None
    assert field.title == "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"
    assert (field.max_score, field.self_score, field.appraisal) == (Decimal(16), Decimal("12.88"),
                                                                    Decimal("12.89"))
    assert seed.row("I") is None


@pytest.mark.parametrize(("code", "max_score", "self_score", "appraisal"), [
    pytest.param("1.1", "1.5", "1.5", "1.5", id="decimal-comma"),
    pytest.param("1.6.1", "4", "3.88", "3.89", id="weighted-task-score"),
    pytest.param("1.6.2", "3", "0", "0", id="not-assessed-zero"),
    pytest.param("3.4.1", "1", "0.97", "0", id="council-zero"),
    pytest.param("7.3.2", "0.5", "0.11", "0.05", id="small-decimals"),
    pytest.param("9.3", "0", "0", "0", id="deduction"),
])
def test_seed_scores(seed: AssessmentTable, code: str, max_score: str, self_score: str, appraisal: str) -> None:
    row = seed.row(code)
    assert row is not None
    assert (row.max_score, row.self_score, row.appraisal) == (
        Decimal(max_score), Decimal(self_score), Decimal(appraisal))


def test_every_row_line_points_at_its_source_line(seed: AssessmentTable) -> None:
    for row in seed.rows:
        written = re.sub(r"^<p>", "", SEED_LINES[row.line - 1])
        written_code = written.split(" ")[0].rstrip(".")
        assert written_code in (row.code, "I"), (row.code, row.line)


def test_rows_missing_the_self_score_cell_are_reported_not_invented(seed: AssessmentTable) -> None:
    short = ["5.1.3", "5.2", "5.3", "5.4"]
    for code in short:
        row = seed.row(code)
        assert row is not None
        assert row.self_score is None
        assert row.max_score == Decimal(1) and row.appraisal == Decimal(1)
        assert row.explanation.startswith("Giải trình:")
        assert row.opinion.startswith("Ý kiến:")
    assert [(p.code, p.criterion, p.line) for p in seed.problems] == [
        ("missing_cell", code, _line_of(f"<p>{code}.")) for code in short]


def test_html_is_removed_and_bullets_tidied(seed: AssessmentTable) -> None:
    for row in seed.rows:
        for text in (row.title, row.explanation, row.opinion):
            assert "<" not in text and ">" not in text, row.code
            assert "- -" not in text, row.code
    first = seed.row("1.5")
    assert first is not None
    assert first.explanation.startswith("Giải trình:\n- Năm 2023, huyện có 01 sáng kiến")
    assert seed.row("1.1.1").explanation == (  # type: ignore[union-attr]
        "Giải trình: - Kế hoạch số 163/KH-UBND ngày 30/12/2022 của UBND huyện")
    assert seed.row("5.1.3").title.startswith("Tỷ lệ số đơn vị sự nghiệp")  # type: ignore[union-attr]


def test_diacritics_are_kept(seed: AssessmentTable) -> None:
    assert seed.row("1.1.1").opinion == (  # type: ignore[union-attr]
        "Ý kiến: Ban hành kịp thời (trước ngày 31/12 năm trước liền kề)")


SEED_ATTACHMENTS = {
    "1.6.1": ("26. Huyen KR.xlsx",),
    "2.1.3": ("CVSTP Vv báo cáo công tác theo dõi thi hành pháp luật năm 2023.pdf",
              "BCUB công tác theo dõi thi hành pháp luật năm 2023.pdf"),
    "4.2.1": ("Quyết định giao UBND huyện.pdf", "QĐ UBND Giao số lương CBCC cấp xã, phường thị trấn.pdf",
              "QĐ UBND huyện về giao số lương người làm việc.pdf", "qđ giao số lương xã. huyện.pdf",
              "bảng lương các đơn vị.pdf",
              "VB - UBND huyện đăng ký chỉ tiêu tuyển dụng công chức năm 2023 (BS).pdf"),
    "4.2.2": ("KHUB_KRay Quản lý và sử dụng biên chế giai đoạn 2023-2026.pdf", "2. Phụ lục (Kon Rẫy).pdf",
              "PL IB Kon Rẫy.pdf", "Bc xây dựng KHBC Công chức huyện Kon Ray 2023.PDF",
              "Bc xây dựng KHBC Công chức huyện Kon Ray 2024.PDF", "2. PL-IB (Kon Ray 2024).pdf"),
    "5.8.1": ("BC-UBND huyện về hoạt động chính quyền năm 2023.pdf", "Biểu mẫu kèm theo Báo cáo.pdf"),
    "6.1.1": ("1. Báo cáo thực hiện, giải ngân vốn ĐT công năm 2023, Dự kiến KH năm 2024 (1).pdf",),
    "6.2.1": ("UBND huyện Kon Rẫy tỉnh Kon Tum.pdf",),
    "7.1.1": ("Kế hoạch 45. Chuyển đổi số 2023.pdf",),
    "7.1.2": ("2. KHUB-Ke hoạch Chuyen doi so nam 2023 tren dia ban tinh Kon Tum.pdf",
              "BC-BCĐCĐS. Báo cáo công tác Chuyển đổi số năm 2023.pdf",
              "Phụ lục Nhiệm vụ trọng tâm năm 2023.pdf"),
    "7.1.5": ("Quyết định 344 của UBND huyện về quy chế hoạt động Trang TTĐT.pdf",),
    "7.3.3": ("Thanh toan truc tuyen Kon Ray.docx",),
}


def test_every_attachment_name_in_the_seed_is_found_exactly(seed: AssessmentTable) -> None:
    found = {r.code: r.attachments for r in seed.rows if r.attachments}
    assert found == SEED_ATTACHMENTS
    # Independent count: every file extension written in the seed belongs to one found name.
    written = re.findall(r"\.(?:pdf|docx?|xlsx?)\b", SEED.read_text(encoding="utf-8"), re.I)
    assert sum(len(v) for v in found.values()) == len(written)


# --- numbers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "value"), [
    pytest.param("0,5", "0.5", id="decimal-comma"),
    pytest.param("12,88", "12.88", id="two-decimals"),
    pytest.param("144.636", "144636", id="thousands-dot"),
    pytest.param("4.239", "4239", id="thousands-dot-4"),
    pytest.param("1.234.567,5", "1234567.5", id="both-separators"),
    pytest.param("3.88", "3.88", id="english-decimal"),
    pytest.param("0.125", "0.125", id="leading-zero-is-decimal"),
    pytest.param("-0,5", "-0.5", id="negative"),
    pytest.param(" 97 ", "97", id="spaces"),
])
def test_parse_number(text: str, value: str) -> None:
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize("text", ["abc", "", "1,2,3", "1..2", "12,88đ", "1/2", "--1"])
def test_parse_number_rejects(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize("value", ["0.5", "12.88", "97", "1.125", "30", "-1"])
def test_format_number_round_trips(value: str) -> None:
    assert parse_number(format_number(Decimal(value))) == Decimal(value)


# --- malformed tables ----------------------------------------------------------------------------


@pytest.mark.parametrize(("fixture", "code", "criterion"), [
    pytest.param("bad_number.tsv", "bad_number", "1.1", id="non-number-score"),
    pytest.param("unknown_code.tsv", "unknown_code", "1.a.", id="invalid-numbering"),
    pytest.param("unknown_code.tsv", "unknown_code", "1.9.1", id="orphan-code"),
    pytest.param("self_above_max.tsv", "self_above_max", "1.1", id="self-above-max"),
    pytest.param("self_above_max.tsv", "self_above_max", "1", id="self-above-max-field"),
    pytest.param("negative_max.tsv", "negative_max", "1", id="negative-max"),
    pytest.param("missing_column.tsv", "missing_cell", "5.2", id="missing-column"),
])
def test_malformed_rows_become_problems(fixture: str, code: str, criterion: str) -> None:
    table = load_table(FIXTURES / fixture)
    assert (code, criterion) in {(p.code, p.criterion) for p in table.problems}
    problem = next(p for p in table.problems if (p.code, p.criterion) == (code, criterion))
    source_line = (FIXTURES / fixture).read_text(encoding="utf-8").split("\n")[problem.line - 1]
    assert clean_cell(source_line).startswith(criterion.rstrip("."))
    assert problem.message


def test_bad_number_keeps_the_row_with_no_score() -> None:
    table = load_table(FIXTURES / "bad_number.tsv")
    row = table.row("1.1")
    assert row is not None
    assert row.self_score is None and row.max_score == Decimal("0.5")
    assert [p.code for p in table.problems] == ["bad_number"]


def test_unknown_codes_invalid_row_dropped_orphan_kept() -> None:
    table = load_table(FIXTURES / "unknown_code.tsv")
    assert [r.code for r in table.rows] == ["1", "1.1", "1.9.1"]
    assert sorted(p.code for p in table.problems) == ["unknown_code", "unknown_code"]


def test_short_row_aligns_cells_and_keeps_html_free_text() -> None:
    table = load_table(FIXTURES / "missing_column.tsv")
    row = table.row("5.2")
    assert row is not None
    assert (row.title, row.max_score, row.self_score, row.appraisal) == ("Bổ nhiệm", Decimal(1), None,
                                                                         Decimal(1))
    assert row.explanation == "Giải trình: - 100% vị trí đúng quy định"
    assert row.opinion == "Ý kiến: Thống nhất"
    assert [(p.code, p.criterion) for p in table.problems] == [("missing_cell", "5.2")]


def test_blank_lines_crlf_and_bom() -> None:
    table = load_table(FIXTURES / "blank_lines.tsv")
    assert (table.unit, table.year, table.problems) == ("Huyện Thử", 2023, ())
    assert [(r.code, r.line) for r in table.rows] == [("1", 9), ("1.1", 12)]
    assert table.total is not None and table.total.line == 15


def test_html_cells_list_items_entities_and_attachments() -> None:
    row = load_table(FIXTURES / "html.tsv").row("1.1")
    assert row is not None
    assert row.explanation.split("\n") == [
        "Giải trình:",
        "- Quyết định số 173/QĐ-UBND(CT) ngày 11/4/2023",
        "- Sở Lao động - TB&XH",
        "Tài liệu kiểm chứng:",
        '- QĐ 173 (CT).pdf - Báo cáo "sáng kiến".docx',
    ]
    assert row.opinion == "Ý kiến:\n- Thống nhất"
    assert row.attachments == ("QĐ 173 (CT).pdf", 'Báo cáo "sáng kiến".docx')


def test_extra_cell_is_merged_into_the_explanation() -> None:
    header = "Lĩnh vực/Tiêu chí/Tiêu chí thành phần\tĐiểm tối đa\tTự đánh giá\tGiải trình\tThẩm định\tÝ kiến"
    text = "\n".join(["Năm 2023", header, "1. A\t1\t1\tphần một\tphần hai\t1\tÝ kiến: được",
                      "Tổng điểm\t1\t1\t\t1\t"])
    table = parse_table_text(text, "extra.tsv")
    row = table.row("1")
    assert row is not None
    assert (row.explanation, row.appraisal, row.opinion) == ("phần một phần hai", Decimal(1), "Ý kiến: được")
    assert [p.code for p in table.problems] == ["extra_cell"]


def test_missing_total_and_year_are_problems_not_errors() -> None:
    header = "Lĩnh vực/Tiêu chí\tĐiểm tối đa\tTự đánh giá"
    table = parse_table_text(f"{header}\n1. A\t1\t1", "t.tsv")
    assert table.rows[0].self_score == Decimal(1)
    assert sorted(p.code for p in table.problems) == ["missing_total", "missing_year"]


@pytest.mark.parametrize("fixture", ["no_header.tsv", "header_only.tsv"])
def test_unreadable_tables_raise_typed_error_naming_the_file(fixture: str) -> None:
    with pytest.raises(TableUnreadable) as err:
        load_table(FIXTURES / fixture)
    assert err.value.code == "E_TABLE"
    assert fixture in err.value.message_vi and fixture in err.value.message_en


@pytest.mark.parametrize("text", ["", "\n\n", "just some text", "\x00\x01binary"])
def test_garbage_text_raises_table_unreadable(text: str) -> None:
    with pytest.raises(TableUnreadable):
        parse_table_text(text, "x.tsv")


def test_header_without_self_score_column_is_unreadable() -> None:
    with pytest.raises(TableUnreadable):
        parse_table_text("Lĩnh vực/Tiêu chí\tĐiểm tối đa\tGiải trình\n1. A\t1\tx", "t.tsv")


def test_find_table_prefers_tsv_and_reports_missing(tmp_path: Path) -> None:
    with pytest.raises(TableUnreadable) as err:
        find_table(tmp_path)
    assert err.value.code == "E_TABLE"
    (tmp_path / "assessment.xlsx").write_bytes(b"")
    assert find_table(tmp_path).name == "assessment.xlsx"
    (tmp_path / "Assessment.TXT").write_text("x", encoding="utf-8")
    assert find_table(tmp_path).name == "Assessment.TXT"
    (tmp_path / "assessment.tsv").write_text("x", encoding="utf-8")
    assert find_table(tmp_path).name == "assessment.tsv"


def test_load_table_refuses_other_extensions_and_broken_xlsx(tmp_path: Path) -> None:
    csv = tmp_path / "assessment.csv"
    csv.write_text("a,b", encoding="utf-8")
    with pytest.raises(TableUnreadable):
        load_table(csv)
    broken = tmp_path / "assessment.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(TableUnreadable) as err:
        load_table(broken)
    assert "assessment.xlsx" in err.value.message_en


# --- the same layout as .xlsx --------------------------------------------------------------------


def _as_xlsx_value(cell: str, column: int, as_number: bool) -> object:
    """Scores as real numbers (odd rows) or as the text the export writes (even rows)."""
    value = parse_number(cell) if column in (1, 2, 4) and as_number else None
    if value is None:
        return cell or None
    return int(value) if value == value.to_integral_value() else float(value)


def test_xlsx_export_parses_to_the_same_rows_as_the_tsv(seed: AssessmentTable, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Kết quả"
    for line_no, line in enumerate(SEED_LINES, 1):
        cells = line.split("\t") if line else []
        six = len(cells) == 6
        for col, cell in enumerate(cells):
            value = _as_xlsx_value(cell, col, six and line_no % 2 == 1)
            if value is not None:
                ws.cell(row=line_no, column=col + 1, value=value)
    path = tmp_path / "assessment.xlsx"
    wb.save(path)
    table = load_table(path)
    assert (table.unit, table.year) == (seed.unit, seed.year)
    assert table.rows == seed.rows
    assert table.total == seed.total
    assert table.problems == seed.problems
    written = [c.value for r in ws.iter_rows() for c in r[1:3]]
    assert any(isinstance(v, float) for v in written) and "1,5" in written  # both kinds were used


def test_xlsx_table_on_a_later_sheet_with_decimal_comma_strings(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append(["Ghi chú"])
    ws = wb.create_sheet("Bảng")
    ws.append(["Đơn vị: Sở Nội vụ"])
    ws.append(["Năm 2024"])
    ws.append(["Lĩnh vực/Tiêu chí/Tiêu chí thành phần", "Điểm tối đa", "Tự đánh giá",
               "Tài liệu kiểm chứng/Giải trình", "Thẩm định", "Ý kiến hội đồng thẩm định"])
    ws.append(["I. CÔNG TÁC CHỈ ĐẠO", 1.125, "1,125", "<p>Giải trình:</p>", None, None])
    ws.append(["Tổng điểm", 1.125, "1,125"])
    path = tmp_path / "t.xlsx"
    wb.save(path)
    table = load_table(path)
    assert (table.unit, table.year) == ("Sở Nội vụ", 2024)
    row = table.rows[0]
    assert (row.code, row.max_score, row.self_score, row.appraisal, row.line) == (
        "1", Decimal("1.125"), Decimal("1.125"), None, 4)
    assert row.explanation == "Giải trình:"
    assert table.problems == ()


def test_oversized_text_table_is_refused_before_reading(tmp_path: Path) -> None:
    with pytest.raises(TableUnreadable) as err:
        read_table_text(SEED, Limits(max_file_bytes=1000))
    assert "kon_ray_2023.tsv" in err.value.message_vi


def test_xlsx_with_a_dtd_is_refused_by_the_ooxml_guard(tmp_path: Path) -> None:
    good = tmp_path / "good.xlsx"
    wb = Workbook()
    wb.active.append(["Lĩnh vực/Tiêu chí", "Điểm tối đa", "Tự đánh giá"])
    wb.active.append(["1. A", 1, 1])
    wb.save(good)
    evil = tmp_path / "assessment.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(evil, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                dtd = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>'
                data = data.replace(b"?>", b"?>" + dtd, 1) if data.startswith(b"<?xml") else dtd + data
            dst.writestr(info, data)
    assert load_table(good).rows[0].code == "1"
    with pytest.raises(TableUnreadable) as err:
        load_table(evil)
    assert "E_UNSAFE_XML" in err.value.message_en


def _mutations(line: str, rng: random.Random) -> str:
    cells = line.split("\t")
    action = rng.randrange(6)
    if action == 0 and len(cells) > 1:
        del cells[rng.randrange(1, len(cells))]
    elif action == 1:
        cells.insert(rng.randrange(len(cells) + 1), rng.choice(["abc", "", "1,2,3", "<p>", "-5", "9999"]))
    elif action == 2:
        cells[0] = rng.choice(["", "X.1.", "1..2", "0.1", "IIII. A", "<ul>", "9.9.9.9.9 x"])
    elif action == 3:
        cells = cells[: rng.randrange(len(cells) + 1)]
    elif action == 4:
        cells = [c[: rng.randrange(len(c) + 1)] for c in cells]
    return "\t".join(cells)


@pytest.mark.parametrize("seed_value", range(20))
def test_mutated_seed_rows_never_crash(seed_value: int) -> None:
    rng = random.Random(seed_value)
    header_at = _line_of("Lĩnh vực")
    lines = [line if i <= header_at or rng.random() > 0.3 else _mutations(line, rng)
             for i, line in enumerate(SEED_LINES, 1)]
    try:
        table = parse_table_text("\n".join(lines), "mutated.tsv")
    except TableUnreadable:
        return
    assert all(r.line > header_at for r in table.rows)
    assert all(p.code for p in table.problems)


def test_two_appraisal_rounds_take_the_last_filled_one() -> None:
    header = ("Lĩnh vực/Tiêu chí\tĐiểm tối đa\tTự đánh giá\tGiải trình\tThẩm định lần 1\tThẩm định lần 2"
              "\tÝ kiến")
    text = "\n".join(["Năm 2023", header, "1. A\t2\t2\tx\t0\t1,5\tđồng ý", "1.1. B\t2\t2\tx\t0\t\t",
                      "Tổng điểm\t2\t2\t\t0\t1,5\t"])
    table = parse_table_text(text, "rounds.tsv")
    assert table.row("1").appraisal == Decimal("1.5")  # type: ignore[union-attr]
    assert table.row("1.1").appraisal == Decimal(0)  # type: ignore[union-attr]
    assert table.row("1").opinion == "đồng ý"  # type: ignore[union-attr]
