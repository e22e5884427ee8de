"""Write one spec to disk in its delivery format."""

from __future__ import annotations

from pathlib import Path

from samplegen import spec as S
from samplegen.docx_writer import render_docx_bytes
from samplegen.layout import render_pdf_bytes
from samplegen.scan import photo_jpeg, scanned_pdf
from samplegen.xlsx_writer import workbook_bytes


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def render_pdf(spec: S.DocSpec, path: Path, scanned: bool = False) -> Path:
    """Born-digital PDF, or (scanned=True) an image-only scan of it; A4, exactly spec.pages pages."""
    pdf = render_pdf_bytes(spec)
    if scanned:
        # odd seeds give a colour scan, even ones gray: both kinds occur in real submissions
        pdf = scanned_pdf(pdf, spec.seed, colour=spec.seed % 2 == 1)
    return _write(path, pdf)


def render_docx(spec: S.DocSpec, path: Path) -> Path:
    return _write(path, render_docx_bytes(spec))


def render_photo(spec: S.DocSpec, path: Path) -> Path:
    """A JPEG photo of page 1 (for one-page notices)."""
    return _write(path, photo_jpeg(render_pdf_bytes(spec), spec.seed))


def write_spec(spec: S.DocSpec, root: Path) -> Path:
    """Render a spec under ``root`` at ``spec.file``, in ``spec.format``."""
    path = root / spec.file
    if spec.format is S.Format.DOCX:
        return render_docx(spec, path)
    if spec.format is S.Format.PHOTO:
        return render_photo(spec, path)
    return render_pdf(spec, path, scanned=spec.format is S.Format.SCAN)


def write_workbook_spec(book: S.WorkbookSpec, root: Path) -> Path:
    return _write(root / book.file, workbook_bytes(book.sheets))
