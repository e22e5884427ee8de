"""XLS and ODS through python-calamine, the dense-grid guard, and broken workbooks (fuzz F08a-e).

The .xls and .ods fixtures were made once by LibreOffice 7.4 from an openpyxl workbook (see
tests/read/fixtures/README.md); the F08 files are the fuzz campaign's reproducers.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.read.conftest import build_xlsx, rewrite_zip
from verifier.assessment.xlsx_table import read_table_xlsx
from verifier.errors import CorruptFile, NoTextFound, TableUnreadable, TooManyCells
from verifier.read import read_file
from verifier.read.model import FileKind, PageMethod
from verifier.read.workbook import calamine_safe, sheets, xls_grid

FIXTURES = Path(__file__).parent / "fixtures"
FUZZ = FIXTURES / "fuzz"
EXPECTED_FIRST_SHEET = (
    "STT\tTên thủ tục hành chính\tSố hồ sơ\tTỷ lệ đúng hạn\tNgày cập nhật\n"
    "1\tCấp giấy chứng nhận quyền sử dụng đất\t125\t0.98\t15/03/2023\n"
    "2\tĐăng ký hộ kinh doanh\t48\t1\t30/06/2023\n"
    "\tTổng cộng\t173"
)


@pytest.mark.parametrize(("fixture", "kind", "method"), [
    ("bang-theo-doi.xls", FileKind.XLS, PageMethod.XLS),
    ("bang-theo-doi.ods", FileKind.ODS, PageMethod.ODS),
])
def test_legacy_and_open_workbooks_read_like_xlsx(fixture: str, kind: FileKind, method: PageMethod) -> None:
    result = read_file(FIXTURES / fixture)
    assert result.kind is kind
    assert [p.method for p in result.pages] == [method, method]
    assert result.pages[0].text == EXPECTED_FIRST_SHEET
    assert result.pages[1].text == "Số 163/KH-UBND ngày 30/12/2022 của UBND huyện Kon Rẫy"
    assert result.notices == ()


def test_ods_metadata_from_meta_xml() -> None:
    metadata = read_file(FIXTURES / "bang-theo-doi.ods").metadata
    assert metadata is not None and metadata.producer is not None
    assert metadata.producer.startswith("LibreOffice") and metadata.created is not None


def test_xls_named_xlsx_is_read_by_content(tmp_path: Path) -> None:
    path = tmp_path / "bang.xlsx"
    path.write_bytes((FIXTURES / "bang-theo-doi.xls").read_bytes())
    result = read_file(path)
    assert result.kind is FileKind.XLS
    assert [n.code for n in result.notices] == ["extension_mismatch"]


def _far_cell(tmp_path: Path, ref: str, name: str = "xa.xlsx") -> Path:
    """A workbook with A1 and one more cell at ``ref``: calamine's dense grid spans both."""
    source = build_xlsx(tmp_path / "src.xlsx", {"S": [["Tiêu chí"]]})
    sheet = zipfile.ZipFile(source).read("xl/worksheets/sheet1.xml").decode()
    row = "".join(ch for ch in ref if ch.isdigit())
    far = f'<row r="{row}"><c r="{ref}" t="n"><v>7</v></c></row>'
    sheet = sheet.replace("</row></sheetData>", f"</row>{far}</sheetData>")
    return rewrite_zip(source, tmp_path / name, replace={"xl/worksheets/sheet1.xml": sheet.encode()})


def test_far_cell_goes_to_the_streaming_reader_not_a_giant_grid(tmp_path: Path) -> None:
    """A1 and XFD1048576 made calamine abort the process; the guard hands the file to openpyxl."""
    path = _far_cell(tmp_path, "XFD1048576")
    assert calamine_safe(path) is False
    result = read_file(path)
    assert result.pages[0].text == "Tiêu chí"        # the far cell is beyond the columns read


def test_ordinary_workbook_is_calamine_safe(tmp_path: Path) -> None:
    assert calamine_safe(_far_cell(tmp_path, "L20000")) is True      # 12 x 20,000 cells


def test_cells_without_references_are_not_vouched_for(tmp_path: Path) -> None:
    source = build_xlsx(tmp_path / "src.xlsx", {"S": [["a", "b"]]})
    sheet = zipfile.ZipFile(source).read("xl/worksheets/sheet1.xml").decode()
    sheet = sheet.replace(' r="B1"', "")
    path = rewrite_zip(source, tmp_path / "noref.xlsx", replace={"xl/worksheets/sheet1.xml": sheet.encode()})
    assert calamine_safe(path) is False
    assert read_file(path).pages[0].text == "a\tb"


@pytest.mark.parametrize("far", [False, True])
def test_rows_keep_sheet_numbers_and_columns_from_a(tmp_path: Path, far: bool) -> None:
    """The same numbering from calamine and from the openpyxl fallback."""
    path = build_xlsx(tmp_path / "offset.xlsx", {"S": [[], [], [None, None, "C3"], [None, "B4"]]})
    if far:     # force the streaming fallback with a cell the guard will not let calamine grid
        sheet = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode().replace(
            "</sheetData>", '<row r="900000"><c r="ZZ900000" t="n"><v>1</v></c></row></sheetData>')
        path = rewrite_zip(path, tmp_path / "far.xlsx", replace={"xl/worksheets/sheet1.xml": sheet.encode()})
        assert calamine_safe(path) is False
    [(title, rows)] = [(t, list(r)) for t, r in sheets(path, "offset.xlsx", FileKind.XLSX)]
    assert title == "S"
    def trimmed(cells: list[object]) -> list[object]:     # openpyxl rows end at their last cell
        while cells and cells[-1] is None:
            cells = cells[:-1]
        return cells

    used = [(n, trimmed(list(cells)[:3])) for n, cells in rows if any(c is not None for c in cells[:3])]
    assert used == [(3, [None, None, "C3"]), (4, [None, "B4"])]


FUZZ_CASES = sorted(p.name for p in FUZZ.glob("F08*.xlsx"))


@pytest.mark.parametrize("case", FUZZ_CASES)
def test_fuzz_f08_table_is_one_e_table_line_naming_the_file(tmp_path: Path, case: str) -> None:
    path = tmp_path / "assessment.xlsx"
    path.write_bytes((FUZZ / case).read_bytes())
    with pytest.raises(TableUnreadable) as info:
        read_table_xlsx(path)
    line = info.value.one_line()
    assert line.startswith("[E_TABLE]") and "assessment.xlsx" in line and "\n" not in line


@pytest.mark.parametrize("case", FUZZ_CASES)
def test_fuzz_f08_as_evidence_is_a_typed_error_or_text(case: str) -> None:
    """The same files uploaded as evidence: read, or refused with a typed error naming the file."""
    try:
        result = read_file(FUZZ / case)
    except (CorruptFile, NoTextFound) as exc:
        assert case in exc.one_line() and "\n" not in exc.one_line()
    else:
        assert result.kind is FileKind.XLSX and result.text


def test_fuzz_f08d_nan_and_inf_cells_are_text_in_evidence() -> None:
    text = read_file(FUZZ / "F08d-xlsx-table-nan-inf.xlsx").text
    assert "nan" in text or "inf" in text


def test_damaged_xls_is_one_corrupt_line(tmp_path: Path) -> None:
    data = bytearray((FIXTURES / "bang-theo-doi.xls").read_bytes())
    data[2048:2048 + 512] = bytes(512)              # the workbook stream's first sector wiped
    path = tmp_path / "bang hỏng.xls"
    path.write_bytes(bytes(data))
    with pytest.raises(CorruptFile) as info:
        read_file(path)
    assert "bang hỏng.xls" in info.value.one_line() and "\n" not in info.value.one_line()


def test_xls_spanning_the_whole_grid_is_refused_before_calamine_holds_it() -> None:
    with pytest.raises(TooManyCells) as info:
        read_file(FIXTURES / "xa-IV65536.xls")
    line = info.value.one_line()
    assert line.startswith("[E_TOO_MANY_CELLS]") and "xa-IV65536.xls" in line and "16777216" in line


def test_xls_grid_counts_value_cells_from_a1() -> None:
    assert xls_grid(FIXTURES / "bang-theo-doi.xls") == 5 * 4       # A1:E4 on the first sheet
    assert xls_grid(FIXTURES / "xa-IV65536.xls") == 65536 * 256
