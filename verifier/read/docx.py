"""DOCX text in reading order, with the Decree 30 header zone.

The XML is read straight from the (already guarded) zip with a locked-down lxml parser rather than
through python-docx: perf.md measured it ~10x faster, and python-docx refuses .docm/.dotx main
parts and hides text boxes, content controls and tracked insertions, which we must walk anyway.

What is read, in order: section headers, the body (paragraphs and tables interleaved as in the
document, text boxes after the paragraph that anchors them, content controls, tracked insertions
but not deletions), footnotes and endnotes, then section footers. The result is one Page: Word
has no fixed pages, and explicit page breaks are too rare to be worth splitting on.
"""

from __future__ import annotations

import posixpath
import re
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from verifier.errors import CorruptFile, FileTimeout, NoTextFound
from verifier.limits import ReadSettings
from verifier.read.model import HeaderZone, Notice, Page, PageMethod
from verifier.read.zipguard import guard_ooxml
from verifier.text import fold, normalize

_W = frozenset({"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                "http://purl.oclc.org/ooxml/wordprocessingml/main"})
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_R = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "http://purl.oclc.org/ooxml/officeDocument/relationships")
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"

_HEADER_MAX_LEAD = 3        # non-empty paragraphs allowed above the header table ("Mẫu số 01", "BẢN SAO")
_HEADER_MAX_ROWS = 6
_BELOW_PARAGRAPHS = 3       # type name, trích yếu (sometimes split in two)
_FALLBACK_LINES = 12
_DECORATION = re.compile(r"^[\s\-_=.*~…]*$")
# The body starts here, so "below" stops: preamble, salutation, numbered parts.
# ("Thực hiện ..." is not a cue: it often opens a trích yếu.)
_BODY_START = re.compile(r"^(?:can cu|kinh gui|xet de nghi|tren co so|dieu \d|[ivx]+[.)] |\d+[.)] )")
_MOTTO = ("cong hoa xa hoi chu nghia", "doc lap - tu do", "dang cong san viet nam")
_NUMBER_LINE = re.compile(r"^\s*Số\s*(?:[:.]|\d)")
_DATE_LINE = re.compile(r"\bngay\s+\S+\s+thang\s+\S+\s+nam\s+\S+")


@dataclass(frozen=True)
class Para:
    """A paragraph's raw text: tabs kept (they separate columns in tab-stop headers)."""

    text: str


@dataclass(frozen=True)
class Table:
    """Cell texts, row by row (each normalised, lines kept)."""

    rows: tuple[tuple[str, ...], ...]


Block = Para | Table

# Containers whose children are read as if they stood in the parent (content controls, custom
# XML, smart tags, tracked insertions and moves-to). Their *Pr children are skipped below.
_WRAPPERS = frozenset({"sdt", "sdtContent", "customXml", "smartTag", "ins", "moveTo", "hyperlink",
                       "fldSimple", "r", "dir", "bdo", "mc:AlternateContent", "mc:Choice"})
# Never text: properties, deleted or moved-away runs, field instructions, the VML duplicate of
# a DrawingML text box.
_SKIP = frozenset({"pPr", "rPr", "sdtPr", "sdtEndPr", "tblPr", "tblGrid", "trPr", "tcPr", "sectPr",
                   "del", "moveFrom", "delText", "instrText", "delInstrText", "mc:Fallback"})


def _tag(el: etree._Element) -> str:
    """'p' for w:p, 'mc:Fallback' for markup compatibility, '~x' for any other namespace."""
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    ns, _, local = tag[1:].partition("}")
    if ns in _W:
        return local
    if ns == _MC:
        return "mc:" + local
    return "~" + local


def read_docx(path: Path, name: str, settings: ReadSettings, deadline: float) -> tuple[
        tuple[Page, ...], tuple[Notice, ...]]:
    """One Page (method DOCX) with the header zone, or a typed error."""
    guard_ooxml(path, name, settings.limits)
    with zipfile.ZipFile(path) as zf:
        main = _main_part(zf)
        body_root = _parse(zf, main, name)
        rels = _relationships(zf, main)
        headers, footers = _header_footer_parts(body_root, rels)
        notes = [target for kind, target in rels.values() if kind in ("footnotes", "endnotes")]
        before = [block for part in headers for block in _part_blocks(zf, part, name)]
        body_el = next((el for el in body_root if _tag(el) == "body"), None)
        if body_el is None:
            raise CorruptFile(file=name, detail=f"{main}: no w:body")
        body = _blocks(body_el)
        after = [block for part in notes + footers for block in _part_blocks(zf, part, name)]
    if time.monotonic() > deadline:
        raise FileTimeout(file=name, limit=settings.limits.file_timeout_s)
    text = normalize("\n".join(render(before) + render(body) + render(after)))
    if not text:
        raise NoTextFound(file=name, detail="DOCX")
    notices: list[Notice] = []
    if any(_tag(el) in ("ins", "del") for el in body_root.iter()):
        notices.append(Notice("tracked_changes",
                              "Tệp có thay đổi được theo dõi; đã đọc phần chèn, bỏ phần xóa"
                              " / Tracked changes present; insertions read, deletions ignored", page=1))
    page = Page(number=1, text=text, method=PageMethod.DOCX, header=header_zone(body),
                notices=tuple(notices))
    return (page,), ()


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                           remove_comments=True, remove_pis=True)


def _parse(zf: zipfile.ZipFile, part: str, name: str) -> etree._Element:
    try:
        data = zf.read(part)
    except KeyError as exc:
        raise CorruptFile(file=name, detail=f"missing part {part}") from exc
    try:
        return etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise CorruptFile(file=name, detail=f"{part}: {exc}"[:160]) from exc


def _main_part(zf: zipfile.ZipFile) -> str:
    """The officeDocument target of the package relationships (word/document.xml normally)."""
    try:
        root = etree.fromstring(zf.read("_rels/.rels"), _parser())
    except (KeyError, etree.XMLSyntaxError):
        return "word/document.xml"
    for rel in root.iter(_PKG_REL):
        if rel.get("Type", "").endswith("/officeDocument"):
            return str(rel.get("Target", "word/document.xml")).lstrip("/")
    return "word/document.xml"


def _relationships(zf: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """rId -> (type suffix, part path) for the internal relationships of ``part``."""
    folder, base = posixpath.split(part)
    try:
        root = etree.fromstring(zf.read(posixpath.join(folder, "_rels", base + ".rels")), _parser())
    except (KeyError, etree.XMLSyntaxError):
        return {}
    rels: dict[str, tuple[str, str]] = {}
    for rel in root.iter(_PKG_REL):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join(folder, target))
        rels[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], path)
    return rels


def _header_footer_parts(root: etree._Element, rels: dict[str, tuple[str, str]]) -> tuple[
        list[str], list[str]]:
    """Header and footer parts referenced by the section properties, each once, in order."""
    headers: list[str] = []
    footers: list[str] = []
    for el in root.iter():
        kind = _tag(el)
        if kind not in ("headerReference", "footerReference"):
            continue
        rid = next((el.get(f"{{{ns}}}id") for ns in _R if el.get(f"{{{ns}}}id")), None)
        if rid is None or rid not in rels:
            continue
        target = rels[rid][1]
        bucket = headers if kind == "headerReference" else footers
        if target not in bucket:
            bucket.append(target)
    return headers, footers


def _part_blocks(zf: zipfile.ZipFile, part: str, name: str) -> list[Block]:
    if part not in zf.namelist():
        return []
    return _blocks(_parse(zf, part, name))


def _blocks(parent: etree._Element) -> list[Block]:
    """Paragraphs and tables under ``parent`` in document order (body, cell, text box, note)."""
    out: list[Block] = []
    for child in parent:
        kind = _tag(child)
        if kind == "p":
            out.extend(_paragraph(child))
        elif kind == "tbl":
            out.append(_table(child))
        elif kind in ("footnote", "endnote") or (kind in _WRAPPERS and kind not in _SKIP):
            out.extend(_blocks(child))
    return out


def _paragraph(p: etree._Element) -> list[Block]:
    parts: list[str] = []
    boxes: list[etree._Element] = []
    _inline(p, parts, boxes)
    blocks: list[Block] = [Para("".join(parts))]
    for box in boxes:
        blocks.extend(_blocks(box))
    return blocks


def _inline(el: etree._Element, parts: list[str], boxes: list[etree._Element]) -> None:
    for child in el:
        kind = _tag(child)
        if kind == "t":
            parts.append(child.text or "")
        elif kind in ("tab", "ptab"):
            parts.append("\t")
        elif kind in ("br", "cr"):
            parts.append("\n")
        elif kind == "noBreakHyphen":
            parts.append("-")
        elif kind == "txbxContent":
            boxes.append(child)
        elif kind and kind not in _SKIP:
            # Runs, wrappers and drawing containers (w:drawing -> wps:txbx -> w:txbxContent).
            _inline(child, parts, boxes)


def _table(tbl: etree._Element) -> Table:
    rows: list[tuple[str, ...]] = []
    for tr in _children(tbl, "tr"):
        cells = [normalize("\n".join(render(_blocks(tc)))) for tc in _children(tr, "tc")]
        rows.append(tuple(cells))
    return Table(tuple(rows))


def _children(el: etree._Element, want: str) -> list[etree._Element]:
    """Children named ``want``, looking through content controls and other wrappers."""
    found: list[etree._Element] = []
    for child in el:
        kind = _tag(child)
        if kind == want:
            found.append(child)
        elif kind in _WRAPPERS:
            found.extend(_children(child, want))
    return found


def render(blocks: list[Block]) -> list[str]:
    """Text lines: a paragraph as is, a table cell by cell (a cell's lines stay together)."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Para):
            lines.append(block.text)
        else:
            lines.extend(cell for row in block.rows for cell in row)
    return lines


def header_zone(body: list[Block]) -> HeaderZone | None:
    """The Decree 30 block: a 2-column table at the top of the body, else the first lines."""
    lead = 0
    for i, block in enumerate(body):
        if isinstance(block, Table):
            width = max((len(row) for row in block.rows), default=0)
            if lead <= _HEADER_MAX_LEAD and 2 <= width <= 3:
                return _zone_from_table(block, body[i + 1:])
            break
        if block.text.strip():
            lead += 1
            if lead > _HEADER_MAX_LEAD:
                break
    return _zone_from_lines(body)


def _zone_from_table(table: Table, rest: list[Block]) -> HeaderZone:
    rows = table.rows[:_HEADER_MAX_ROWS]
    left = [row[0] for row in rows if row]
    right = [row[-1] for row in rows if len(row) > 1]
    below: list[str] = []
    for block in rest:
        if isinstance(block, Table) or len(below) >= _BELOW_PARAGRAPHS:
            break
        if normalize(block.text):
            if below and _BODY_START.match(fold(block.text)):
                break
            below.append(block.text)
    return HeaderZone(left=_zone_text(left), right=_zone_text(right), below=_zone_text(below))


def _zone_from_lines(body: list[Block]) -> HeaderZone | None:
    """No header table: split tab-stop lines into columns, else sort lines by what they say."""
    lines: list[str] = []
    for block in body:
        if isinstance(block, Table) or len(lines) >= _FALLBACK_LINES:
            break
        lines.extend(line for line in block.text.split("\n") if normalize(line))
    left: list[str] = []
    right: list[str] = []
    below: list[str] = []
    seen_id = False        # the "Số:" line or the place-date line: the type name comes after
    for raw in lines[:_FALLBACK_LINES]:
        columns = [c for c in raw.split("\t") if normalize(c)]
        folded = fold(raw)
        if below:
            if len(below) >= _BELOW_PARAGRAPHS or _BODY_START.match(folded):
                break
            below.append(raw)
        elif len(columns) >= 2:
            left.append(columns[0])
            right.append(" ".join(columns[1:]))
            seen_id = seen_id or bool(_NUMBER_LINE.match(normalize(columns[0])) or _DATE_LINE.search(folded))
        elif any(m in folded for m in _MOTTO) or _DATE_LINE.search(folded):
            right.append(raw)
            seen_id = seen_id or bool(_DATE_LINE.search(folded))
        elif seen_id and _is_type_name(raw):
            below.append(raw)
        else:
            left.append(raw)
            seen_id = seen_id or bool(_NUMBER_LINE.match(normalize(raw)))
    if not (left or right or below):
        return None
    return HeaderZone(left=_zone_text(left), right=_zone_text(right), below=_zone_text(below))


def _is_type_name(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 4 and all(ch.isupper() for ch in letters)


def _zone_text(parts: list[str]) -> str:
    lines = normalize("\n".join(parts)).split("\n")
    return "\n".join(line for line in lines if not _DECORATION.match(line))
