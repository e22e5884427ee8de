"""Digital signatures of a PDF, read and checked with pyHanko.

E-office systems sign nearly every document since Decree 30/2020, so a signature says who issued
the file, when, and whether anything changed afterwards. For each signature field with a value:

* signer and organisation from the signing certificate's subject (CN; O, else OU);
* signing time from the signed attributes, else the dictionary's /M (pyHanko's order);
* ``intact``: the digest over the signed byte range matches; ``covers_whole_file``: nothing was
  appended after the signed revision; ``modification``: pyHanko's difference analysis of what the
  later revisions changed;
* ``valid``: the certificate chain against the configured trust roots
  (``ReadSettings.trust_roots``), judged at the claimed signing time so that a certificate that
  has expired since is not held against an old document. Without roots it is ``None``: the
  operating system's TLS list says nothing about Vietnamese government CAs.

Nothing is fetched from the network (no OCSP/CRL: revocation is soft-fail). PDFium counts the
signatures first, so unsigned files never reach pyHanko. A signature that cannot be parsed is a
Notice and the others are still read; see docs/reading.md.
"""

from __future__ import annotations

import functools
import logging
import os
import time
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from asn1crypto import pem
from asn1crypto import x509 as asn1_x509

from verifier.limits import ReadSettings
from verifier.read.model import Modification, Notice, Signature

# pyHanko logs every failed path build with a traceback; callers see our Notices instead. A
# NullHandler keeps Python's last-resort handler from printing them when logging is unconfigured.
logging.getLogger("pyhanko").addHandler(logging.NullHandler())
logging.getLogger("pyhanko_certvalidator").addHandler(logging.NullHandler())

_CERT_SUFFIXES = (".pem", ".crt", ".cer", ".der")
_MAX_ROOT_BYTES = 1024 * 1024


def signature_count(path: Path) -> int:
    """How many signature dictionaries PDFium finds (0 for an unreadable file: pages report that)."""
    try:
        doc = pdfium.PdfDocument(path)
    except pdfium.PdfiumError:
        return 0
    try:
        return max(0, int(pdfium_c.FPDF_GetSignatureCount(doc)))
    finally:
        doc.close()


def read_signatures(path: Path, name: str, settings: ReadSettings,
                    deadline: float) -> tuple[tuple[Signature, ...], tuple[Notice, ...]]:
    """Every signature of the PDF in field order, and Notices for those that could not be read."""
    if signature_count(path) == 0:
        return (), ()
    # Imported here: pyHanko and its validator cost ~0.3 s to import, paid only by signed files.
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields

    roots, notices = _roots(settings.trust_roots)
    signatures: list[Signature] = []
    with path.open("rb") as fh:
        try:
            reader = PdfFileReader(fh, strict=False)
            fields = list(enumerate_sig_fields(reader, filled_status=True))
        except (PdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
            return (), (*notices, _unreadable(name, None, exc))
        pages = _field_pages(reader)
        for field_name, _value, field_ref in fields:
            if time.monotonic() > deadline:
                notices.append(Notice("signature_timeout", _both(
                    f"Tệp {name}: hết thời gian khi kiểm tra chữ ký số; các chữ ký còn lại chưa được kiểm tra",
                    f"File {name}: out of time while checking signatures; the rest were not checked")))
                break
            try:
                signature, extra = _one(reader, field_ref, field_name, roots, pages, name)
            except Exception as exc:  # any failure of one signature is that signature's notice
                notices.append(_unreadable(name, field_name, exc))
                continue
            if signature is not None:
                signatures.append(signature)
            notices.extend(extra)
    return tuple(signatures), tuple(notices)


def _one(reader: Any, field_ref: Any, field_name: str, roots: tuple[asn1_x509.Certificate, ...] | None,
         pages: dict[int, int], name: str) -> tuple[Signature | None, list[Notice]]:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
    from pyhanko_certvalidator import ValidationContext

    from verifier.read.sigdiff import DIFF_POLICY

    embedded = EmbeddedPdfSignature(reader, field_ref, field_name)
    if embedded.sig_object_type != "/Sig":
        return None, []          # a document timestamp (/DocTimeStamp) is not a person's signature
    claimed = embedded.self_reported_timestamp
    context = ValidationContext(trust_roots=list(roots or ()), allow_fetching=False,
                                revocation_mode="soft-fail", moment=claimed)
    status = validate_pdf_signature(embedded, context, diff_policy=DIFF_POLICY)
    subject = status.signing_cert.subject.native
    trusted = bool(status.trusted) and bool(status.valid) and bool(status.intact)
    notices: list[Notice] = []
    if not status.intact or not status.valid:
        notices.append(Notice("signature_broken", _both(
            f"Tệp {name}: chữ ký {field_name} không khớp với nội dung đã ký",
            f"File {name}: signature {field_name} does not match the signed content")))
    elif roots and not trusted:
        reason = getattr(status.trust_problem_indic, "name", "untrusted")
        notices.append(Notice("signature_untrusted", _both(
            f"Tệp {name}: chứng thư của chữ ký {field_name} không thuộc tổ chức tin cậy đã cấu hình ({reason})",
            f"File {name}: the certificate of signature {field_name} does not chain to a configured "
            f"trust root ({reason})")))
    signature = Signature(
        signer=_first(subject, "common_name"),
        organization=_first(subject, "organization_name") or _first(subject, "organizational_unit_name"),
        signed_at=status.signer_reported_dt or claimed,
        covers_whole_file=status.coverage is not None and status.coverage.name == "ENTIRE_FILE",
        valid=None if roots is None else trusted,
        intact=bool(status.intact),
        modification=_modification(status.modification_level),
        field=str(field_name),      # a plain str: pyHanko's TextStringObject holds the reader (unpicklable)
        page=next((pages[i] for i in _widget_ids(field_ref) if i in pages), None),
    )
    return signature, notices


def _modification(level: Any) -> str | None:
    if level is None:
        return None
    # LTA updates (a DSS, a document timestamp) archive the signature; they change no content.
    return {"NONE": Modification.NONE, "LTA_UPDATES": Modification.NONE,
            "FORM_FILLING": Modification.FORM_FILLING,
            "ANNOTATIONS": Modification.ANNOTATIONS}.get(level.name, Modification.OTHER)


def _first(subject: dict[str, Any], key: str) -> str | None:
    value = subject.get(key)
    if isinstance(value, list | tuple):
        value = value[0] if value else None
    return str(value).strip() or None if value is not None else None


def _widget_ids(field_ref: Any) -> list[int]:
    """Object numbers of the field and of its widgets (a field may hold its widget as a kid)."""
    ids = [int(getattr(field_ref, "idnum", -1))]
    kids = field_ref.get_object().get("/Kids", ()) or ()
    ids.extend(int(getattr(kid, "idnum", -1)) for kid in kids)
    return ids


def _field_pages(reader: Any) -> dict[int, int]:
    """Widget object number -> 1-based page number, for visible signatures."""
    found: dict[int, int] = {}
    try:
        for index in range(int(reader.root["/Pages"]["/Count"])):
            page_ref, _resources = reader.find_page_for_modification(index)
            for annot in page_ref.get_object().get("/Annots", ()) or ():
                idnum = getattr(annot, "idnum", None)
                if idnum is not None:
                    found.setdefault(int(idnum), index + 1)
    except Exception:  # the page of a signature is a courtesy, not a requirement
        return found
    return found


def _roots(folder: str) -> tuple[tuple[asn1_x509.Certificate, ...] | None, list[Notice]]:
    if not folder:
        return None, []
    try:
        stamp = tuple(sorted((e.name, e.stat().st_mtime_ns) for e in os.scandir(folder) if e.is_file()))
    except OSError as exc:
        return None, [Notice("trust_roots_unreadable", _both(
            f"Không đọc được thư mục chứng thư gốc {folder} ({exc.strerror}); không đánh giá hiệu lực chữ ký",
            f"Cannot read the trust roots folder {folder} ({exc.strerror}); signature validity not judged"))]
    return _load_roots(folder, stamp), []


@functools.lru_cache(maxsize=4)
def _load_roots(folder: str, _stamp: tuple[tuple[str, int], ...]) -> tuple[asn1_x509.Certificate, ...]:
    """The CA certificates of ``folder`` (PEM, possibly several per file, or DER); others skipped."""
    certs: list[asn1_x509.Certificate] = []
    for entry in sorted(Path(folder).iterdir()):
        if entry.suffix.lower() not in _CERT_SUFFIXES or not entry.is_file():
            continue
        data = entry.read_bytes()[:_MAX_ROOT_BYTES]
        try:
            blobs = [der for _, _, der in pem.unarmor(data, multiple=True)] if pem.detect(data) else [data]
            loaded = [asn1_x509.Certificate.load(der) for der in blobs]
            for cert in loaded:
                _ = cert.subject.native   # parse now: a broken file is skipped here, not in validation
        except (ValueError, TypeError):
            continue
        certs.extend(loaded)
    return tuple(certs)


def _unreadable(name: str, field: str | None, exc: BaseException) -> Notice:
    what = f"chữ ký {field}" if field else "chữ ký số"
    what_en = f"signature {field}" if field else "the signatures"
    detail = f"{type(exc).__name__}: {exc}".replace("\n", " ")[:120]
    return Notice("signature_unreadable", _both(
        f"Tệp {name}: không đọc được {what} ({detail})",
        f"File {name}: cannot read {what_en} ({detail})"))


def _both(vi: str, en: str) -> str:
    return f"{vi} / {en}"
