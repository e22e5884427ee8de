"""What a file says about itself beside its text: digital signatures and file metadata.

Read after the pages, from the same path, by plain functions per kind. Nothing here can fail a
file whose text was read: whatever goes wrong becomes a Notice, and the pages stand.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from verifier.limits import ReadSettings
from verifier.read.model import FileKind, FileMetadata, Notice, Signature


@dataclass(frozen=True)
class FileFacts:
    signatures: tuple[Signature, ...] = ()
    metadata: FileMetadata | None = None
    notices: tuple[Notice, ...] = ()


def file_facts(path: Path, name: str, kind: FileKind, settings: ReadSettings, deadline: float) -> FileFacts:
    """Signatures (PDF) and metadata (PDF, DOCX, XLSX, ODS, DOC, XLS) of one file; never raises."""
    try:
        if kind is FileKind.PDF:
            from verifier.read.metadata import pdf_metadata
            from verifier.read.signatures import read_signatures

            signatures, notices = read_signatures(path, name, settings, deadline)
            return FileFacts(signatures, pdf_metadata(path), notices)
        if kind in (FileKind.DOCX, FileKind.XLSX):
            from verifier.read.metadata import ooxml_metadata

            return FileFacts(metadata=ooxml_metadata(path))
        if kind is FileKind.ODS:
            from verifier.read.metadata import odf_metadata

            return FileFacts(metadata=odf_metadata(path))
        if kind in (FileKind.DOC, FileKind.XLS):
            from verifier.read.metadata import ole_metadata

            return FileFacts(metadata=ole_metadata(path))
    except Exception as exc:  # a library's surprise about metadata must not cost the file its text
        detail = f"{type(exc).__name__}: {exc}".replace("\n", " ")[:120]
        return FileFacts(notices=(Notice("facts_unreadable",
                                         f"Tệp {name}: không đọc được chữ ký/siêu dữ liệu ({detail})"
                                         f" / File {name}: cannot read signatures/metadata ({detail})"),))
    return FileFacts()
