"""Decree 30 page layout with reportlab: header, title, body, signature block, exact page count.

Pagination is decided here, not left to reportlab: the flowables are measured and split page by
page, filler prose is added until the signature block lands on the spec's last page, and an
explicit page break closes every page. The built PDF is then checked to have exactly that many
pages, so a spec whose content does not fit fails loudly instead of drifting.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    HRFlowable,
    Image,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from samplegen import spec as S
from samplegen.filler import filler, short_filler
from samplegen.fonts import register
from samplegen.stamps import seal_and_signature

rl_config.invariant = 1          # no timestamps or random ids in the PDF

PAGE_W, PAGE_H = A4
LEFT, RIGHT, TOP, BOTTOM = 30 * mm, 15 * mm, 20 * mm, 20 * mm
FRAME_W = PAGE_W - LEFT - RIGHT
FRAME_H = PAGE_H - TOP - BOTTOM
SAFETY = 4.0                     # points kept free on every page so the build never spills


def _style(name: str, size: float, *, bold: bool = False, italic: bool = False,
           align: int = TA_LEFT, indent: float = 0, before: float = 0, after: float = 0) -> ParagraphStyle:
    family = register()
    font = {(False, False): family, (True, False): f"{family}-Bold",
            (False, True): f"{family}-Italic", (True, True): f"{family}-BoldItalic"}[(bold, italic)]
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.28, alignment=align,
                          firstLineIndent=indent, spaceBefore=before, spaceAfter=after)


@dataclass(frozen=True)
class Styles:
    head: ParagraphStyle = field(default_factory=lambda: _style("head", 11, align=TA_CENTER))
    head_b: ParagraphStyle = field(default_factory=lambda: _style("head_b", 11, bold=True, align=TA_CENTER))
    motto: ParagraphStyle = field(default_factory=lambda: _style("motto", 12.5, bold=True, align=TA_CENTER))
    number: ParagraphStyle = field(default_factory=lambda: _style("number", 12.5, align=TA_CENTER))
    vv: ParagraphStyle = field(default_factory=lambda: _style("vv", 11.5, align=TA_CENTER))
    date: ParagraphStyle = field(default_factory=lambda: _style("date", 12.5, italic=True, align=TA_CENTER))
    type: ParagraphStyle = field(default_factory=lambda: _style("type", 14, bold=True, align=TA_CENTER,
                                                                before=14))
    title: ParagraphStyle = field(default_factory=lambda: _style("title", 13.5, bold=True, align=TA_CENTER))
    to: ParagraphStyle = field(default_factory=lambda: _style("to", 13, align=TA_CENTER, before=10, after=6))
    attached: ParagraphStyle = field(default_factory=lambda: _style("attached", 13, italic=True, align=TA_CENTER))
    body: ParagraphStyle = field(default_factory=lambda: _style("body", 13, align=TA_JUSTIFY,
                                                                indent=10 * mm, after=5))
    heading: ParagraphStyle = field(default_factory=lambda: _style("heading", 13, bold=True, before=4,
                                                                   after=4))
    centred: ParagraphStyle = field(default_factory=lambda: _style("centred", 13, bold=True,
                                                                   align=TA_CENTER, before=4, after=6))
    cell: ParagraphStyle = field(default_factory=lambda: _style("cell", 10.5))
    cell_b: ParagraphStyle = field(default_factory=lambda: _style("cell_b", 10.5, bold=True, align=TA_CENTER))
    recv_h: ParagraphStyle = field(default_factory=lambda: _style("recv_h", 12, bold=True, italic=True))
    recv: ParagraphStyle = field(default_factory=lambda: _style("recv", 11))
    sign: ParagraphStyle = field(default_factory=lambda: _style("sign", 13, bold=True, align=TA_CENTER))


ST = Styles()


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _rule(width: str) -> HRFlowable:
    return HRFlowable(width=width, thickness=0.7, color=colors.black, spaceBefore=1, spaceAfter=3,
                      hAlign="CENTER")


def header(spec: S.DocSpec) -> list[Flowable]:
    """The two-column Decree 30 (or Party) header, number and place-date on one row."""
    left: list[Flowable] = []
    if spec.governing:
        left.append(_p(spec.governing, ST.head))
    left += [_p(line, ST.head_b) for line in spec.header_issuer_lines]
    if spec.layout is S.Layout.PARTY:
        left.append(_p("*", ST.head_b))
        right: list[Flowable] = [Paragraph(f"<u>{escape('ĐẢNG CỘNG SẢN VIỆT NAM')}</u>", ST.motto)]
    else:
        left.append(_rule("30%"))
        right = [_p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", ST.head_b),
                 _p("Độc lập - Tự do - Hạnh phúc", ST.motto), _rule("62%")]
    number: list[Flowable] = [_p(S.number_line(spec), ST.number)]
    if spec.layout is S.Layout.LETTER:
        number.append(_p(f"V/v {spec.title}", ST.vv))
    dated = S.blank_day_date(spec.place, spec.date) if spec.blank_number_day else S.header_date(spec.place, spec.date)
    rows = [[left, right], [number, [_p(dated, ST.date)]]]
    if spec.issued_by is not None:
        rows = [[left, right]]              # issued by a decision: its number and date are the decision's
    table = Table(rows, colWidths=[FRAME_W * 0.4, FRAME_W * 0.6])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    return [table]


def title(spec: S.DocSpec) -> list[Flowable]:
    out: list[Flowable] = []
    if spec.layout is not S.Layout.LETTER:
        out += [_p(spec.type.upper(), ST.type), _p(spec.title, ST.title)]
        if spec.issued_by is not None:
            out.append(_p(f"(Ban hành kèm theo {spec.issued_by.text()})", ST.attached))
        out.append(_rule("22%"))
    else:
        out.append(Spacer(1, 8))
    if spec.to:
        out.append(_p("Kính gửi: " + "; ".join(spec.to) + ".", ST.to))
    return out


def task_table(table: S.Table, fill: S.DocSpec) -> Table:
    widths = table.widths or tuple(1.0 for _ in table.header)
    total = sum(widths)
    col_w = [FRAME_W * w / total for w in widths]
    data = [[_p(h, ST.cell_b) for h in table.header]]
    data += [[_p(fill.fill(c), ST.cell) for c in row] for row in table.rows]
    out = Table(data, colWidths=col_w, repeatRows=1, spaceBefore=4, spaceAfter=8)
    out.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                             ("VALIGN", (0, 0), (-1, -1), "TOP"),
                             ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    return out


def block(spec: S.DocSpec, item: S.Block) -> Flowable:
    if isinstance(item, S.Table):
        return task_table(item, spec)
    if item.startswith("# "):
        return _p(spec.fill(item[2:]), ST.heading)
    if item.startswith("^ "):
        return _p(spec.fill(item[2:]), ST.centred)
    return _p(spec.fill(item), ST.body)


def signature(spec: S.DocSpec) -> Table:
    recv: list[Flowable] = [_p("Nơi nhận:", ST.recv_h)]
    recv += [_p(f"- {r}", ST.recv) for r in spec.recipients]
    sign: list[Flowable] = []
    if spec.signer.authority:
        sign.append(_p(spec.signer.authority, ST.sign))
    sign.append(_p(spec.signer.position, ST.sign))
    png = seal_and_signature(spec.issuer, spec.seed, with_seal=not spec.issuer.startswith("ĐOÀN"))
    sign.append(Image(io.BytesIO(png), width=52 * mm, height=30 * mm))
    sign.append(_p(spec.signer.name, ST.sign))
    table = Table([[recv, sign]], colWidths=[FRAME_W * 0.48, FRAME_W * 0.52], spaceBefore=6)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _height(f: Flowable) -> float:
    _, h = f.wrap(FRAME_W, FRAME_H)
    return float(h) + float(f.getSpaceBefore()) + float(f.getSpaceAfter())


class _Pager:
    """Places flowables page by page, splitting where reportlab's frame would."""

    def __init__(self) -> None:
        self.pages: list[list[Flowable]] = [[]]
        self.free = FRAME_H - SAFETY

    def copy(self) -> _Pager:
        other = _Pager()
        other.pages = [list(p) for p in self.pages]
        other.free = self.free
        return other

    def fits(self, f: Flowable) -> bool:
        return bool(_height(f) <= self.free)

    def place(self, f: Flowable, *, atomic: bool = False) -> None:
        queue = [f]
        while queue:
            item = queue.pop(0)
            h = _height(item)
            if h <= self.free:
                self.pages[-1].append(item)
                self.free -= h
                continue
            parts = [] if atomic else item.split(FRAME_W, self.free)
            if len(parts) >= 2:
                self.pages[-1].append(parts[0])
                self.free -= _height(parts[0])
                queue = list(parts[1:]) + queue
                self._new_page()
            elif not self.pages[-1]:
                raise ValueError("a block is taller than a whole page")
            else:
                self._new_page()
                queue.insert(0, item)

    def _new_page(self) -> None:
        self.pages.append([])
        self.free = FRAME_H - SAFETY


def paginate(spec: S.DocSpec) -> list[list[Flowable]]:
    """Flowables grouped by page, with the signature block on page ``spec.pages``."""
    pager = _Pager()
    for f in header(spec) + title(spec) + [block(spec, b) for b in spec.body]:
        pager.place(f)
    sig = signature(spec)
    long_fill: Iterator[str] = filler(spec.seed)
    short_fill: Iterator[str] = short_filler(spec.seed)
    misses = 0
    while not (len(pager.pages) == spec.pages and pager.fits(sig)) and misses < 4:
        if len(pager.pages) > spec.pages:
            break
        source = long_fill if misses == 0 else short_fill
        trial = pager.copy()
        trial.place(_p(next(source), ST.body))
        if len(trial.pages) > spec.pages or (len(trial.pages) == spec.pages and not trial.fits(sig)
                                              and len(pager.pages) == spec.pages):
            misses += 1
            continue
        pager = trial
    pager.place(sig, atomic=True)
    if len(pager.pages) != spec.pages:
        raise ValueError(f"{spec.file}: content needs {len(pager.pages)} pages, spec says {spec.pages}")
    return pager.pages


def _page_number(canvas: Canvas, doc: BaseDocTemplate) -> None:
    if doc.page >= 2:                      # Decree 30: page numbers from page 2, top centre
        canvas.setFont(register(), 13)
        canvas.drawCentredString(PAGE_W / 2, PAGE_H - 12 * mm, str(doc.page))


def _stamp_on(spec: S.DocSpec) -> Callable[[Canvas, BaseDocTemplate], None]:
    """Page numbers, and on page 1 the visible stamp of a signature (small lines, top right)."""
    def on_page(canvas: Canvas, doc: BaseDocTemplate) -> None:
        _page_number(canvas, doc)
        if doc.page == 1 and spec.signature_stamp:
            canvas.setFont(register(), 7.5)
            for i, line in enumerate(spec.signature_stamp):
                canvas.drawString(PAGE_W - RIGHT - 62 * mm, PAGE_H - 7 * mm - i * 9, line)
    return on_page


@contextlib.contextmanager
def pinned_rl_config(use_a85: int) -> Iterator[None]:
    """reportlab keeps encoding switches in module globals that other code (tests) may change:
    pin the ones that decide our bytes for the duration of one render, then put them back."""
    saved = (rl_config.useA85, rl_config.invariant)
    rl_config.useA85, rl_config.invariant = use_a85, 1
    try:
        yield
    finally:
        rl_config.useA85, rl_config.invariant = saved


def render_pdf_bytes(spec: S.DocSpec) -> bytes:
    """The born-digital PDF of one spec, byte-identical on every run."""
    with pinned_rl_config(use_a85=1):
        return _render_pdf_bytes(spec)


def _render_pdf_bytes(spec: S.DocSpec) -> bytes:
    spec.validate()
    pages = paginate(spec)
    story: list[Flowable] = []
    for i, page in enumerate(pages):
        if i:
            story.append(PageBreak())
        story.extend(page)
    out = io.BytesIO()
    doc = BaseDocTemplate(out, pagesize=A4, leftMargin=LEFT, rightMargin=RIGHT, topMargin=TOP,
                          bottomMargin=BOTTOM, invariant=1, title=spec.title, author=spec.issuer,
                          creator="", producer="")
    frame = Frame(LEFT, BOTTOM, FRAME_W, FRAME_H, leftPadding=0, rightPadding=0, topPadding=0,
                  bottomPadding=0, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_stamp_on(spec))])
    doc.build(story)
    if doc.page != spec.pages:
        raise ValueError(f"{spec.file}: built {doc.page} pages, spec says {spec.pages}")
    return out.getvalue()
