"""Signed and e-office-stamped PDFs, made the way real ones are: a test CA from ``cryptography``,
signatures by pyHanko's signers, stamps as annotations with appearance streams in an incremental
update (how an e-office system writes the number and day onto a document after it is signed).

Nothing here is mocked; the CA and keys are made fresh per test session.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import generic as _generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter as _Writer
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore as _CertStore
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from tests.read.pdf_factory import SERIF, SERIF_BOLD, _fonts

# pyHanko's PDF object constructors are untyped; the helpers below only build test files.
generic: Any = _generic
IncrementalPdfFileWriter: Any = _Writer
_Store: Any = _CertStore

ISSUER_ORG = "ỦY BAN NHÂN DÂN HUYỆN KON RẪY"
_KEY_USAGE = dict(digital_signature=True, content_commitment=True, key_encipherment=False,
                  data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                  encipher_only=False, decipher_only=False)


@dataclass(frozen=True)
class SigningCA:
    """A root CA and the means to issue signing certificates under it."""

    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate

    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def signer(self, common_name: str, organization: str | None = ISSUER_ORG,
               unit: str | None = None) -> signers.SimpleSigner:
        """A pyHanko signer holding a fresh key and a certificate for this subject."""
        key = ec.generate_private_key(ec.SECP256R1())
        attrs = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
        if organization:
            attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization))
        if unit:
            attrs.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit))
        now = dt.datetime.now(dt.UTC)
        cert = (x509.CertificateBuilder().subject_name(x509.Name(attrs)).issuer_name(self.cert.subject)
                .public_key(key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(now - dt.timedelta(days=3650)).not_valid_after(now + dt.timedelta(days=3650))
                .add_extension(x509.KeyUsage(**_KEY_USAGE), critical=True)
                .sign(self.key, hashes.SHA256()))
        der_key = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
        return signers.SimpleSigner(
            signing_cert=_asn1(cert), signing_key=asn1_keys.PrivateKeyInfo.load(der_key),
            cert_registry=_Store.from_certs([_asn1(self.cert)]))


def make_ca(common_name: str = "Test Root CA (Ban Cơ yếu thử nghiệm)") -> SigningCA:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = dt.datetime.now(dt.UTC)
    usage = dict(_KEY_USAGE, content_commitment=False, key_cert_sign=True, crl_sign=True)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=7300)).not_valid_after(now + dt.timedelta(days=7300))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(**usage), critical=True)
            .sign(key, hashes.SHA256()))
    return SigningCA(key, cert)


def _asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


class _TimedSigner(signers.PdfSigner):
    """A PdfSigner whose signing time is given (pyHanko takes the clock's otherwise)."""

    def __init__(self, *args: object, signing_time: dt.datetime, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._signing_time = signing_time

    def init_signing_session(self, pdf_out, existing_fields_only=False):  # type: ignore[no-untyped-def]
        session = super().init_signing_session(pdf_out, existing_fields_only)
        session.system_time = self._signing_time
        return session


def sign(data: bytes, signer: signers.SimpleSigner, field: str = "Signature1",
         signing_time: dt.datetime | None = None, box: tuple[int, int, int, int] | None = None) -> bytes:
    """``data`` with one more signature in an incremental update (visible when ``box`` is given)."""
    meta = signers.PdfSignatureMetadata(field_name=field)
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    if box is not None:
        from pyhanko.sign import fields
        fields.append_signature_field(writer, fields.SigFieldSpec(field, on_page=0, box=box))
    when = signing_time or dt.datetime.now(dt.UTC)
    out = _TimedSigner(meta, signer, signing_time=when).sign_pdf(writer)
    return bytes(out.getvalue())


def append_update(data: bytes, text: str = "Noi dung chen them sau khi ky") -> bytes:
    """An incremental update that changes page 1's content: what "altered after signing" looks like."""
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    page_ref, _ = writer.find_page_for_modification(0)
    stream = generic.StreamObject(stream_data=f"BT /FAppended 12 Tf 85 120 Td ({_ascii(text)}) Tj ET".encode())
    font = writer.add_object(_helvetica())
    page = page_ref.get_object()
    fonts = page["/Resources"]["/Font"]
    fonts[pdf_name("/FAppended")] = font
    contents = page["/Contents"]
    parts = list(contents) if isinstance(contents, generic.ArrayObject) else [page.raw_get("/Contents")]
    page[pdf_name("/Contents")] = generic.ArrayObject([*parts, writer.add_object(stream)])
    writer.update_container(page)
    writer.update_container(fonts)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _ascii(text: str) -> str:
    return text.encode("ascii", "replace").decode().replace("(", "[").replace(")", "]")


def _helvetica() -> Any:
    return generic.DictionaryObject({
        pdf_name("/Type"): pdf_name("/Font"), pdf_name("/Subtype"): pdf_name("/Type1"),
        pdf_name("/BaseFont"): pdf_name("/Helvetica"), pdf_name("/Encoding"): pdf_name("/WinAnsiEncoding")})


# The header as an e-office system prints it before the number and day exist: blanks to fill.
NUMBER_BLANK = "Số:          /KH-UBND"
DATE_BLANK = "Kon Rẫy, ngày        tháng 12 năm 2022"
LEFT_CENTRE, RIGHT_CENTRE = 175.0, 400.0
FIRST_ROW = A4[1] - 60


def blank_header_pdf(path: Path | None = None, body: tuple[str, ...] = ("Nội dung kế hoạch.",)) -> bytes:
    """A Decree 30 page whose number and day are blanks (the e-office draft before issuing)."""
    _fonts()
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    rows = (("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            ("HUYỆN KON RẪY", "Độc lập - Tự do - Hạnh phúc"), (NUMBER_BLANK, DATE_BLANK))
    y = FIRST_ROW
    for i, (left, right) in enumerate(rows):
        c.setFont(SERIF_BOLD if i < 2 else SERIF, 12)
        c.drawCentredString(LEFT_CENTRE, y, left)
        c.drawCentredString(RIGHT_CENTRE, y, right)
        y -= 20
    c.setFont(SERIF_BOLD, 14)
    c.drawCentredString(A4[0] / 2 + 20, y - 25, "KẾ HOẠCH")
    c.setFont(SERIF, 12)
    for k, line in enumerate(body):
        c.drawString(85, y - 80 - 18 * k, line)
    c.showPage()
    c.save()
    data = buf.getvalue()
    if path is not None:
        path.write_bytes(data)
    return data


def blank_boxes() -> tuple[tuple[float, float, float, float], tuple[float, float, float, float]]:
    """The rectangles (PDF points) of the number blank and the day blank on the third header row."""
    _fonts()
    y = FIRST_ROW - 40
    number_left = LEFT_CENTRE - stringWidth(NUMBER_BLANK, SERIF, 12) / 2 + stringWidth("Số: ", SERIF, 12)
    date_left = RIGHT_CENTRE - stringWidth(DATE_BLANK, SERIF, 12) / 2 + stringWidth("Kon Rẫy, ngày ", SERIF, 12)
    return (number_left, y - 4, number_left + 40, y + 12), (date_left, y - 4, date_left + 24, y + 12)


def stamp(data: bytes, stamps: list[tuple[str, tuple[float, float, float, float], str]],
          page: int = 0) -> bytes:
    """Annotations with appearance streams added in an incremental update.

    Each stamp is (subtype, rect, text): "/FreeText" (with /Contents equal to the text, as
    e-office systems write it), "/Stamp" (no /Contents: the text is only in the appearance) or
    "/Widget" (a filled text field).
    """
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    page_ref, _ = writer.find_page_for_modification(page)
    font = writer.add_object(_helvetica())
    refs: list[Any] = []
    for subtype, rect, text in stamps:
        x0, y0, x1, y1 = rect
        appearance = generic.StreamObject({
            pdf_name("/Type"): pdf_name("/XObject"), pdf_name("/Subtype"): pdf_name("/Form"),
            pdf_name("/BBox"): generic.ArrayObject([generic.FloatObject(v) for v in (0, 0, x1 - x0, y1 - y0)]),
            pdf_name("/Resources"): generic.DictionaryObject({
                pdf_name("/Font"): generic.DictionaryObject({pdf_name("/F1"): font})}),
        }, stream_data=f"0 0 0.8 rg BT /F1 12 Tf 1 3 Td ({_ascii(text)}) Tj ET".encode())
        annot = generic.DictionaryObject({
            pdf_name("/Type"): pdf_name("/Annot"), pdf_name("/Subtype"): pdf_name(subtype),
            pdf_name("/Rect"): generic.ArrayObject([generic.FloatObject(v) for v in rect]),
            pdf_name("/F"): generic.NumberObject(4),
            pdf_name("/AP"): generic.DictionaryObject({pdf_name("/N"): writer.add_object(appearance)}),
        })
        if subtype == "/FreeText":
            annot[pdf_name("/Contents")] = generic.TextStringObject(text)
            annot[pdf_name("/DA")] = generic.TextStringObject("/Helv 12 Tf 0 g")
        if subtype == "/Widget":
            annot[pdf_name("/FT")] = pdf_name("/Tx")
            annot[pdf_name("/T")] = generic.TextStringObject(f"field{len(refs)}")
            annot[pdf_name("/V")] = generic.TextStringObject(text)
        refs.append(writer.add_object(annot))
    page_obj = page_ref.get_object()
    existing = list(page_obj.get("/Annots", ()) or ())
    page_obj[pdf_name("/Annots")] = generic.ArrayObject([*existing, *refs])
    writer.update_container(page_obj)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
