"""Bad input inside a bundle (issue 8): one unreadable page keeps the other documents, and a corrupt
signature dictionary is a notice, not a crash. Every case goes through the pipeline's extraction
(real PDFium, pyHanko, the splitter), on bundles merged from born-digital district documents and
signed with the committed TEST CA (samplegen/testca/)."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from samplegen.bundle import merge_pdfs
from samplegen.district import district_specs
from samplegen.layout import pinned_rl_config, render_pdf_bytes
from samplegen.signing import sign
from samplegen.spec import DocSpec
from verifier.evidence import Evidence
from verifier.limits import ReadSettings
from verifier.pipeline import extract_evidence
from verifier.read.model import PageMethod

SPECS: list[DocSpec] = district_specs(seed=5, text_pdfs=3, scanned_pdfs=0, docx=0)


@pytest.fixture(scope="module")
def parts() -> list[bytes]:
    return [render_pdf_bytes(s) for s in SPECS]


def _extract(tmp: Path, name: str, data: bytes) -> Evidence:
    path = tmp / name
    path.write_bytes(data)
    return extract_evidence(path, f"evidence/1.2.1/{name}", ReadSettings(), cache=None)


def _numbers(ev: Evidence) -> list[str | None]:
    return [d.identity.number.value.text if d.identity.number else None for d in ev.documents]


def _garbled_page() -> bytes:
    """A text page whose compressed content stream was damaged in transfer (valid PDF around it)."""
    out = io.BytesIO()
    with pinned_rl_config(use_a85=0):
        c = Canvas(out, pagesize=A4, invariant=1, pageCompression=1)
        for i in range(40):
            c.drawString(72, 800 - 18 * i, f"Dong {i} cua mot trang bi hong")
        c.showPage()
        c.save()
    data = out.getvalue()
    m = re.search(rb"/Filter \[ /FlateDecode \] /Length (\d+)\s*>>\s*stream\r?\n", data)
    assert m is not None
    start, n = m.end(), int(m.group(1))
    return data[:start + 8] + bytes((i * 53 + 7) % 256 for i in range(n - 16)) + data[start + n - 8:]


def _pages(data: bytes, first: int, last: int) -> bytes:
    """Pages first..last (1-based) of ``data`` as a PDF of their own."""
    src, out = pdfium.PdfDocument(data), pdfium.PdfDocument.new()
    try:
        out.import_pages(src, list(range(first - 1, last)))
        buf = io.BytesIO()
        out.save(buf)
        return buf.getvalue()
    finally:
        src.close()
        out.close()


def test_a_damaged_page_inside_a_document_costs_that_page_only(tmp_path: Path, parts: list[bytes]) -> None:
    second = SPECS[1]
    bundle = merge_pdfs([parts[0], _pages(parts[1], 1, 2), _garbled_page(),
                         _pages(parts[1], 3, second.pages), parts[2]])
    ev = _extract(tmp_path, "TLKC hỏng một trang.pdf", bundle)
    assert ev.ok, ev.error
    a, b = SPECS[0].pages, second.pages + 1
    assert [d.pages for d in ev.documents] == [(1, a), (a + 1, a + b), (a + b + 1, a + b + SPECS[2].pages)]
    assert _numbers(ev) == [s.number for s in SPECS]
    assert [d.identity.date.value if d.identity.date else None for d in ev.documents] == [s.date for s in SPECS]
    assert ev.read is not None and ev.read.pages[a + 2].method is PageMethod.BLANK


def test_a_damaged_first_page_loses_that_documents_start_but_keeps_the_others(
        tmp_path: Path, parts: list[bytes]) -> None:
    # The page that named the second document is gone: its other pages read as the first
    # document's continuation (nothing on them says otherwise), and the third is still found.
    bundle = merge_pdfs([parts[0], _garbled_page(), _pages(parts[1], 2, SPECS[1].pages), parts[2]])
    ev = _extract(tmp_path, "TLKC.pdf", bundle)
    assert ev.ok, ev.error
    assert _numbers(ev) == [SPECS[0].number, SPECS[2].number]
    total = sum(s.pages for s in SPECS)
    assert [d.pages for d in ev.documents] == [(1, total - SPECS[2].pages), (total - SPECS[2].pages + 1, total)]


def test_a_bundle_of_only_damaged_pages_is_one_clear_line(tmp_path: Path) -> None:
    ev = _extract(tmp_path, "toàn trang hỏng.pdf", merge_pdfs([_garbled_page(), _garbled_page()]))
    assert not ev.ok and ev.error is not None
    for message in (ev.error.message_vi, ev.error.message_en):
        assert "toàn trang hỏng.pdf" in message and "\n" not in message and "Traceback" not in message


# -- corrupt signature dictionaries ------------------------------------------------------------

def _replace(data: bytes, pattern: bytes, make: Callable[[bytes], bytes]) -> bytes:
    """``data`` with the first match of ``pattern``'s group 1 replaced, keeping its length."""
    m = re.search(pattern, data)
    assert m is not None, pattern
    a, b = m.span(1)
    new = make(m.group(1))
    assert len(new) == b - a
    return data[:a] + new + data[b:]


def _past_end(g: bytes) -> bytes:
    nines = b"9" * ((len(g) - 5) // 2)
    return (b"0 " + nines + b" " + nines + b" 1").ljust(len(g))


CORRUPTIONS = {
    # /Contents that is not a CMS object, or not even hex
    "contents_zeroed": (rb"/Contents <([0-9a-fA-F]+)>", lambda g: b"0" * len(g)),
    "contents_not_hex": (rb"/Contents <([0-9a-fA-F]+)>", lambda g: b"Z" * len(g)),
    # a /ByteRange pointing past the end of the file, or not numbers at all
    "byterange_past_end": (rb"/ByteRange\s*\[([^\]]*)\]", _past_end),
    "byterange_garbage": (rb"/ByteRange\s*\[([^\]]*)\]", lambda g: b"x" * len(g)),
    # a handler nobody knows, and a field whose /V points at another object (not a signature)
    "subfilter_unknown": (rb"/SubFilter\s*(/[\w.]+)", lambda g: b"/X".ljust(len(g))),
    "value_not_a_signature": (rb"/V\s+(\d+\s+0\s+R)", lambda g: b"1".rjust(len(g) - 4, b" ") + b" 0 R"),
}


@pytest.fixture(scope="module")
def signed_bundle(parts: list[bytes]) -> bytes:
    return sign(merge_pdfs(parts), "leader", dt.datetime(2023, 12, 30, 9, 0, tzinfo=dt.UTC), "Signature1")


def test_the_signed_bundle_reads_its_signature(tmp_path: Path, signed_bundle: bytes) -> None:
    # The baseline the corruptions below break: one signature, three documents.
    ev = _extract(tmp_path, "ký số.pdf", signed_bundle)
    assert ev.read is not None and len(ev.read.signatures) == 1
    assert _numbers(ev) == [s.number for s in SPECS]


@pytest.mark.parametrize("kind", sorted(CORRUPTIONS))
def test_a_corrupt_signature_dictionary_is_a_notice_and_every_document_is_kept(
        tmp_path: Path, signed_bundle: bytes, kind: str) -> None:
    pattern, make = CORRUPTIONS[kind]
    name = f"chữ ký hỏng {kind}.pdf"
    ev = _extract(tmp_path, name, _replace(signed_bundle, pattern, make))
    assert ev.ok, ev.error
    assert _numbers(ev) == [s.number for s in SPECS]
    assert ev.read is not None
    notices = [n for n in ev.read.notices if n.code.startswith("signature")]
    assert notices, "a corrupt signature must be said, not passed over"
    for n in notices:
        assert name in n.message and "\n" not in n.message and "Traceback" not in n.message
    # A signature the reader could not check is never reported intact.
    assert all(s.intact is not True for s in ev.read.signatures)
