# mypy: disallow-untyped-calls=False
# (pyHanko's PDF object and certificate helpers carry no annotations)
"""Sign sample PDFs as an e-office system does, with the TEST certificate authority of testca/.

Each step is an incremental update, as in the real flow: the leader signs the draft, the văn thư
stamps the number and day (FreeText annotations) and the organisation signs everything
(docs/evidence.md, "Signed evidence"). The signing time is set explicitly, so a backdated
document can be made, and RSA PKCS#1 v1.5 signatures are deterministic, so the same input gives
the same bytes. ``tamper`` appends an update after the last signature, as an edit would.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import io
from collections.abc import Sequence
from pathlib import Path

import pypdfium2 as pdfium
from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes
from pyhanko_certvalidator.registry import SimpleCertificateStore

TESTCA = Path(__file__).resolve().parent / "testca"
VN = dt.timezone(dt.timedelta(hours=7))


def ca_certificate() -> Path:
    return TESTCA / "ca.cert.pem"


def _signer(who: str) -> signers.SimpleSigner:
    key = load_private_key_from_pemder(str(TESTCA / f"{who}.key.pem"), passphrase=None)
    cert = load_cert_from_pemder(str(TESTCA / f"{who}.cert.pem"))
    ca = load_cert_from_pemder(str(ca_certificate()))
    return signers.SimpleSigner(signing_cert=cert, signing_key=key,
                                cert_registry=SimpleCertificateStore.from_certs([ca]))


async def _sign(writer: IncrementalPdfFileWriter, who: str, at: dt.datetime, field: str) -> bytes:
    meta = signers.PdfSignatureMetadata(field_name=field, md_algorithm="sha256",
                                        subfilter=SigSeedSubFilter.ADOBE_PKCS7_DETACHED)
    pdf_signer = signers.PdfSigner(meta, signer=_signer(who))
    session = pdf_signer.init_signing_session(writer)
    session.system_time = at            # the signing time this sample needs, not the clock's
    estimate = await session.estimate_signature_container_size(None, tight=False)
    tbs = session.prepare_tbs_document(validation_info=None, bytes_reserved=estimate)
    digest, output = tbs.digest_tbs_document(output=io.BytesIO())
    post = await tbs.perform_signature(
        document_digest=digest.document_digest,
        pdf_cms_signed_attrs=PdfCMSSignedAttributes(signing_time=at))
    await post.post_signature_processing(output)
    assert isinstance(output, io.BytesIO)
    return output.getvalue()


class _Writer(IncrementalPdfFileWriter):
    """An incremental writer whose output depends on its input only: pyHanko draws the new file
    identifier at random and stamps the modification date with the clock; both are pinned here
    (before signing: the signature covers the trailer)."""

    def __init__(self, pdf: bytes, salt: bytes) -> None:
        super().__init__(io.BytesIO(pdf))
        first = self._document_id[0]
        second = generic.ByteStringObject(hashlib.sha256(pdf + salt).digest()[:16])
        self._document_id = generic.ArrayObject([first, second])

    def _update_meta(self) -> None:
        return None


def sign(pdf: bytes, who: str, at: dt.datetime, field: str) -> bytes:
    """``pdf`` with one more signature by testca/``who`` at ``at`` (an aware datetime)."""
    writer = _Writer(pdf, field.encode() + at.isoformat().encode())
    return asyncio.run(_sign(writer, who, at, field))


def _text_box(writer: IncrementalPdfFileWriter, rect: Sequence[float], text: str) -> generic.IndirectObject:
    w, h = rect[2] - rect[0], rect[3] - rect[1]
    font = writer.add_object(generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/Font"),
        generic.NameObject("/Subtype"): generic.NameObject("/Type1"),
        generic.NameObject("/BaseFont"): generic.NameObject("/Times-Roman")}))
    stream = generic.StreamObject({
        generic.NameObject("/Type"): generic.NameObject("/XObject"),
        generic.NameObject("/Subtype"): generic.NameObject("/Form"),
        generic.NameObject("/BBox"): generic.ArrayObject([generic.FloatObject(0), generic.FloatObject(0),
                                                         generic.FloatObject(w), generic.FloatObject(h)]),
        generic.NameObject("/Resources"): generic.DictionaryObject({
            generic.NameObject("/Font"): generic.DictionaryObject({generic.NameObject("/F1"): font})})},
        stream_data=f"BT /F1 12.5 Tf 0 0 0 rg 1 3 Td ({text}) Tj ET".encode())
    return writer.add_object(stream)


def stamp(pdf: bytes, values: Sequence[tuple[str, str]]) -> bytes:
    """FreeText annotations on page 1 right after each anchor text: [("Số:", "163"), ("ngày", "30")].

    The number and day an e-office system stamps when the văn thư signs: the page's text layer keeps
    its blanks, the values are in the annotations' appearances (what a reader puts in Page.overlay).
    """
    doc = pdfium.PdfDocument(pdf)
    page = doc[0]
    textpage = page.get_textpage()
    rects: list[tuple[list[float], str]] = []
    for anchor, value in values:
        searcher = textpage.search(anchor, match_case=True, match_whole_word=False)
        found = searcher.get_next()
        if found is None:
            raise ValueError(f"anchor {anchor!r} not on page 1")
        index, count = found
        _l, bottom, right, top = textpage.get_charbox(index + count - 1)
        rects.append(([right + 4, bottom - 3, right + 4 + 9 * len(value), top + 3], value))
    textpage.close()
    page.close()
    doc.close()
    writer = _Writer(pdf, repr(values).encode())
    page_ref, _resources = writer.find_page_for_modification(0)
    page_obj = page_ref.get_object()
    annots = page_obj.get("/Annots", generic.ArrayObject())
    annots = generic.ArrayObject(list(annots))
    for rect, value in rects:
        annot = generic.DictionaryObject({
            generic.NameObject("/Type"): generic.NameObject("/Annot"),
            generic.NameObject("/Subtype"): generic.NameObject("/FreeText"),
            generic.NameObject("/Rect"): generic.ArrayObject([generic.FloatObject(v) for v in rect]),
            generic.NameObject("/Contents"): generic.TextStringObject(value),
            generic.NameObject("/DA"): generic.TextStringObject("/Times-Roman 12.5 Tf 0 g"),
            generic.NameObject("/F"): generic.NumberObject(4),
            generic.NameObject("/AP"): generic.DictionaryObject({generic.NameObject("/N"): _text_box(writer, rect,
                                                                                                    value)})})
        annots.append(writer.add_object(annot))
    page_obj[generic.NameObject("/Annots")] = annots
    writer.mark_update(page_ref)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def tamper(pdf: bytes, text: str) -> bytes:
    """Append an update after the last signature: a white box over the top of page 1's body with
    ``text`` (ASCII) printed on it, the way a figure is "corrected" in a signed file."""
    writer = _Writer(pdf, text.encode())
    content = generic.StreamObject(stream_data=(
        b"q 1 1 1 rg 120 480 360 40 re f Q BT /Helvetica 13 Tf 0 0 0 rg 130 495 Td (" + text.encode("ascii")
        + b") Tj ET"))
    font = generic.DictionaryObject({generic.NameObject("/Type"): generic.NameObject("/Font"),
                                     generic.NameObject("/Subtype"): generic.NameObject("/Type1"),
                                     generic.NameObject("/BaseFont"): generic.NameObject("/Helvetica")})
    resources = generic.DictionaryObject({generic.NameObject("/Font"): generic.DictionaryObject(
        {generic.NameObject("/Helvetica"): writer.add_object(font)})})
    writer.add_stream_to_page(0, writer.add_object(content), resources=resources)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
