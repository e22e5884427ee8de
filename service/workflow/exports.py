"""Spreadsheets for the council: one dossier in the scoring software's layout (with the council's
columns, the unit's explanation and its replies), and the province's dashboard of all units.

The unit's explanation is read back from the dossier's stored table: the report does not carry it.
The table was already read once when the run finished; here it is read again only when someone
exports, it is capped in size, and any failure only leaves the column empty: an export never fails
because of it (issue 12: the XLSX export can never 500).
"""

from __future__ import annotations

import functools
import io
import logging
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.storage.blobs import BlobStore
from service.storage.models import RoundFile, Run, Submission
from service.workflow import appraisals, replies
from service.workflow.board import BoardRow
from service.workflow.dossiers import DossierStatus, label, status_of
from service.workflow.provinces import framework_document, province_name
from verifier.report.xlsx_export import BORDER, Appraisal, UnitText, report_xlsx_bytes, safe_text
from verifier.results import Report

log = logging.getLogger(__name__)
MAX_TABLE_BYTES = 5 * 1024 * 1024


@functools.lru_cache(maxsize=32)
def _explanations(blob: str, name: str) -> dict[str, str]:
    from verifier.assessment import load_table

    path = Path(blob)
    if not path.is_file() or path.stat().st_size > MAX_TABLE_BYTES:
        return {}
    tmp = Path(tempfile.mkdtemp(prefix="verifier-export-"))
    try:
        target = tmp / Path(name).name
        shutil.copyfile(path, target)
        table = load_table(target)
        return {r.code: r.explanation for r in table.rows if r.explanation}
    except Exception:  # the export goes on without the column (see the module's note)
        log.warning("could not read the explanations of %s for an export", name, exc_info=True)
        return {}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def explanations(s: Session, blobs: BlobStore, run: Run) -> dict[str, str]:
    table = s.execute(select(RoundFile).where(RoundFile.round_id == run.round_id, RoundFile.role == "table")
                      ).scalar_one_or_none()
    if table is None:
        return {}
    return _explanations(str(blobs.path(table.sha256)), table.relative)


def dossier_xlsx(s: Session, sub: Submission, run: Run, report: Report, blobs: BlobStore, lang: str) -> bytes:
    r1 = appraisals.latest(s, sub.id, 1)
    r2 = appraisals.latest(s, sub.id, 2)
    round2_open = status_of(sub) in (DossierStatus.ROUND2, DossierStatus.DONE) and bool(r2)
    council: dict[str, Appraisal] = {}
    for code in set(r1) | set(r2):
        first, second = r1.get(code), r2.get(code)
        effective2 = (second or first) if round2_open else None
        newest = second or first
        council[code] = Appraisal(appraisals.stored(first.score) if first else None,
                                  appraisals.stored(effective2.score) if effective2 else None,
                                  newest.opinion if newest is not None else "")
    notes = explanations(s, blobs, run)
    answered = replies.replies_of(s, sub.id)
    texts = {code: UnitText(notes.get(code, ""), "\n".join(r.text for r in answered.get(code, [])))
             for code in set(notes) | set(answered)}
    return report_xlsx_bytes(report, council, lang, texts)


BOARD_HEADERS: tuple[tuple[str, str], ...] = (
    ("STT", "No."), ("Đơn vị", "Unit"), ("Năm", "Year"), ("Trạng thái", "Status"),
    ("Khung chấm điểm", "Framework"), ("Điểm tối đa", "Maximum"), ("Tự đánh giá", "Self score"),
    ("Đề xuất", "Suggested"), ("Thẩm định vòng 1", "Appraisal round 1"),
    ("Số tiêu chí đã chấm (vòng 1)", "Scored (r. 1)"),
    ("Thẩm định vòng 2", "Appraisal round 2"), ("Chỉ số (%) theo đề xuất", "Index (%), suggested"),
    ("Xếp loại theo đề xuất", "Band, suggested"),
)


def board_xlsx(rows: list[BoardRow], *, province: str | None, year: int, lang: str,
               band_names: Mapping[str, str]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Tổng hợp" if lang != "en" else "Summary"
    title = (f"TỔNG HỢP KẾT QUẢ THẨM ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year}" if lang != "en"
             else f"PAR INDEX APPRAISAL SUMMARY {year}")
    ws["A1"] = safe_text(title)
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = safe_text(province_name(province) if province else "")
    head = 4
    for col, pair in enumerate(BOARD_HEADERS, start=1):
        cell = ws.cell(row=head, column=col, value=pair[1] if lang == "en" else pair[0])
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        cell.fill = PatternFill("solid", fgColor="DDE6F0")
    for i, r in enumerate(rows, start=1):
        c1, c2 = r.council.get(1), r.council.get(2)
        ws.append([i, safe_text(r.unit), r.year, safe_text(label(r.status, lang) if r.status != "none" else
                                                          ("Chưa có hồ sơ" if lang != "en" else "No dossier")),
                   safe_text(" ".join(x for x in (r.framework or "", framework_document(r.framework)) if x)),
                   r.max_total, r.self_total, r.suggested_total,
                   c1.total if c1 else None, c1.scored if c1 else None, c2.total if c2 else None, r.index,
                   safe_text(band_names.get(r.band, "") if r.band else "")])
    last = head + len(rows)
    for row in ws.iter_rows(min_row=head, max_row=last, max_col=len(BOARD_HEADERS)):
        for cell in row:
            cell.border = BORDER
            if cell.column in (6, 7, 8, 9, 11, 12) and cell.row > head:
                cell.number_format = "0.00"
    for letter, width in zip("ABCDEFGHIJKLM", (6, 36, 7, 24, 28, 9, 10, 10, 11, 11, 11, 10, 14), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = f"C{head + 1}"
    ws.auto_filter.ref = f"A{head}:M{last}"
    ws.print_area = f"A1:M{last}"
    ws.print_title_rows = f"{head}:{head}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
