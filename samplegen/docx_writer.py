"""DOCX rendering of a spec, laid out as real district files are: the header is a borderless
2-column table (issuer | motto, number | place-date) and so is the signature block."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from docx.table import _Cell

from samplegen import spec as S
from samplegen.stamps import seal_and_signature
from samplegen.ziputil import freeze

FONT = "Times New Roman"    # what real district files use; readers must not depend on the face
_FIXED = dt.datetime(2024, 1, 1)


def _line(cell: _Cell, text: str, *, size: float = 13, bold: bool = False, italic: bool = False,
          underline: bool = False, first: bool = False) -> None:
    para = cell.paragraphs[0] if first else cell.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.paragraph_format.space_after = Pt(0)
    run = para.add_run(text)
    run.font.size, run.bold, run.italic, run.underline = Pt(size), bold, italic, underline


def render_docx_bytes(spec: S.DocSpec) -> bytes:
    spec.validate()
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin, section.right_margin = Cm(3.0), Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(13)
    props = doc.core_properties
    props.author, props.last_modified_by, props.title = "", "", spec.title
    props.created = props.modified = props.last_printed = _FIXED
    props.revision = 1

    head = doc.add_table(rows=2, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = head.cell(0, 0), head.cell(0, 1)
    first = True
    if spec.governing:
        _line(left, spec.governing, size=12, first=True)
        first = False
    for line in spec.header_issuer_lines:
        _line(left, line, size=12, bold=True, first=first)
        first = False
    if spec.layout is S.Layout.PARTY:
        _line(left, "*", size=12, bold=True)
        _line(right, "ĐẢNG CỘNG SẢN VIỆT NAM", size=13, bold=True, underline=True, first=True)
    else:
        _line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True, first=True)
        _line(right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, underline=True)
    _line(head.cell(1, 0), S.number_line(spec), first=True)
    if spec.layout is S.Layout.LETTER:
        _line(head.cell(1, 0), f"V/v {spec.title}", size=12)
    _line(head.cell(1, 1), S.header_date(spec.place, spec.date), italic=True, first=True)
    for row in head.rows:
        row.cells[0].width, row.cells[1].width = Cm(6.5), Cm(10.0)

    if spec.layout is not S.Layout.LETTER:
        for text, size in ((spec.type.upper(), 14), (spec.title, 14)):
            para = doc.add_paragraph()
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = para.add_run(text)
            run.bold, run.font.size = True, Pt(size)
    if spec.to:
        para = doc.add_paragraph("Kính gửi: " + "; ".join(spec.to) + ".")
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER

    for block in spec.body:
        if isinstance(block, S.Table):
            table = doc.add_table(rows=1, cols=len(block.header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block.header, strict=True):
                cell.paragraphs[0].add_run(text).bold = True
            for row in block.rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=True):
                    cell.paragraphs[0].add_run(spec.fill(text))
            continue
        para = doc.add_paragraph()
        if block.startswith("# "):
            para.add_run(spec.fill(block[2:])).bold = True
        elif block.startswith("^ "):
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            para.add_run(spec.fill(block[2:])).bold = True
        else:
            para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            para.paragraph_format.first_line_indent = Cm(1.0)
            para.add_run(spec.fill(block))

    sign = doc.add_table(rows=1, cols=2)
    recv, who = sign.cell(0, 0), sign.cell(0, 1)
    recv.paragraphs[0].add_run("Nơi nhận:").bold = True
    recv.paragraphs[0].runs[0].italic = True
    for r in spec.recipients:
        run = recv.add_paragraph().add_run(f"- {r}")
        run.font.size = Pt(11)
    first = True
    if spec.signer.authority:
        _line(who, spec.signer.authority, bold=True, first=True)
        first = False
    _line(who, spec.signer.position, bold=True, first=first)
    png = seal_and_signature(spec.issuer, spec.seed, with_seal=not spec.issuer.startswith("ĐOÀN"))
    pic = who.add_paragraph()
    pic.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pic.add_run().add_picture(io.BytesIO(png), width=Cm(5.0))
    _line(who, spec.signer.name, bold=True)

    out = io.BytesIO()
    doc.save(out)
    return freeze(out.getvalue())
