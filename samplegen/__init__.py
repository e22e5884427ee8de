"""Deterministic generator of synthetic CCHC evidence: Decree-30 documents as PDF, scanned PDF,
photo, DOCX and XLSX, each with a truth entry written from the same spec it was rendered from.

Library API (for defect samples, benchmarks and tests)::

    from samplegen import DocSpec, Ref, Signer, Table, Format, render_pdf, render_docx, write_workbook

    spec = DocSpec(
        file="evidence/1.1.1/KH-163.pdf",      # where it goes inside a submission folder
        number="163/KH-UBND",                  # "1727/UBND-NC" (công văn), "146-KH/HU" (Party)
        type="Kế hoạch",                       # "Công văn" selects the letter layout (V/v, no title)
        issuer="ỦY BAN NHÂN DÂN HUYỆN KON RẪY",  # issuing body as printed
        governing="",                          # governing body above it, e.g. "UBND TỈNH KON TUM"
        place="Kon Rẫy", date=datetime.date(2022, 12, 30),
        title="Cải cách hành chính nhà nước năm 2023",          # trích yếu
        body=("Căn cứ {0};", "# I. MỤC ĐÍCH", "Đoạn văn ...", Table(header, rows)),
        citations=(Ref("76/NQ-CP", datetime.date(2021, 7, 15), "Nghị quyết", "của Chính phủ"),),
        signer=Signer("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn A"),
        pages=2,                               # exact page count; filler prose tops it up
    )
    render_pdf(spec, path)                     # born-digital PDF (DejaVu Serif, seal + signature images)
    render_pdf(spec, path, scanned=True)       # image-only scan: 200 dpi JPEG, rotated, noisy
    render_docx(spec, path)                    # header as a borderless 2-column table
    write_workbook(rows, path, sheet="Chỉ số") # row 1 = header; numbers and dates stay typed
    truth_entry(spec)                          # the dict truth.json holds for that file

Body strings: "# " starts a bold heading, "^ " a centred bold line, "{n}" prints citations[n]
(every citation must be printed, so truth references are exactly what the body cites).
A spec whose content does not fit its ``pages`` raises ValueError instead of drifting.

Corpora: ``samplegen.konray2023.CORPUS`` (the committed Kon Rẫy 2023 sample, built by
``scripts/make_samples.py``) and ``samplegen.district.build_district`` (a large benchmark corpus,
built on demand, not committed).
"""

from samplegen.render import render_docx, render_pdf, render_photo, write_spec
from samplegen.spec import DocSpec, Format, Layout, Ref, Signer, Table, WorkbookSpec
from samplegen.truth import entry as truth_entry
from samplegen.xlsx_writer import write_workbook

__all__ = [
    "DocSpec",
    "Format",
    "Layout",
    "Ref",
    "Signer",
    "Table",
    "WorkbookSpec",
    "render_docx",
    "render_pdf",
    "render_photo",
    "truth_entry",
    "write_spec",
    "write_workbook",
]
