"""Digital signatures read from PDFs signed in the test by a test CA with pyHanko's signers."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tests.read.signing import ISSUER_ORG, SigningCA, append_update, blank_boxes, blank_header_pdf, make_ca, sign, stamp
from verifier.limits import ReadSettings
from verifier.read import read_file
from verifier.read.model import FileKind, Modification

SIGNED_AT = dt.datetime(2022, 12, 30, 9, 45, 12, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def ca() -> SigningCA:
    return make_ca()


@pytest.fixture
def roots(tmp_path: Path, ca: SigningCA) -> ReadSettings:
    folder = tmp_path / "roots"
    folder.mkdir()
    (folder / "root.pem").write_bytes(ca.pem())
    (folder / "README.txt").write_text("not a certificate")
    return ReadSettings(trust_roots=str(folder))


def _signed(tmp_path: Path, ca: SigningCA, name: str = "KH 163 ký số.pdf") -> Path:
    data = sign(blank_header_pdf(), ca.signer("Nguyễn Văn A"), signing_time=SIGNED_AT)
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_trusted_chain_with_roots_configured(tmp_path: Path, ca: SigningCA, roots: ReadSettings) -> None:
    result = read_file(_signed(tmp_path, ca), roots)
    assert result.kind is FileKind.PDF
    [sig] = result.signatures
    assert sig.signer == "Nguyễn Văn A"
    assert sig.organization == ISSUER_ORG
    assert sig.signed_at == SIGNED_AT
    assert sig.signed_at is not None and sig.signed_at.utcoffset() is not None
    assert (sig.valid, sig.intact, sig.covers_whole_file) == (True, True, True)
    assert sig.modification == Modification.NONE
    assert sig.field == "Signature1"
    assert not [n for n in result.notices if n.code.startswith("signature")]


def test_untrusted_chain_is_invalid_with_a_notice(tmp_path: Path, ca: SigningCA) -> None:
    other = make_ca("Another Root")
    folder = tmp_path / "other-roots"
    folder.mkdir()
    (folder / "other.crt").write_bytes(other.pem())
    result = read_file(_signed(tmp_path, ca), ReadSettings(trust_roots=str(folder)))
    [sig] = result.signatures
    assert sig.valid is False
    assert sig.intact is True                      # the content is as signed; only the issuer is unknown
    [notice] = [n for n in result.notices if n.code == "signature_untrusted"]
    assert "KH 163 ký số.pdf" in notice.message and "Signature1" in notice.message


def test_without_roots_validity_is_none_not_a_guess(tmp_path: Path, ca: SigningCA) -> None:
    result = read_file(_signed(tmp_path, ca), ReadSettings())
    [sig] = result.signatures
    assert sig.valid is None
    assert sig.intact is True and sig.covers_whole_file is True
    assert sig.signer == "Nguyễn Văn A"


def test_der_root_certificate_is_accepted(tmp_path: Path, ca: SigningCA) -> None:
    from cryptography.hazmat.primitives import serialization

    folder = tmp_path / "der"
    folder.mkdir()
    (folder / "root.cer").write_bytes(ca.cert.public_bytes(serialization.Encoding.DER))
    [sig] = read_file(_signed(tmp_path, ca), ReadSettings(trust_roots=str(folder))).signatures
    assert sig.valid is True


def test_missing_roots_folder_is_a_notice(tmp_path: Path, ca: SigningCA) -> None:
    result = read_file(_signed(tmp_path, ca), ReadSettings(trust_roots=str(tmp_path / "absent")))
    assert [s.valid for s in result.signatures] == [None]
    assert "trust_roots_unreadable" in [n.code for n in result.notices]


def test_incremental_update_after_signing_is_altered(tmp_path: Path, ca: SigningCA, roots: ReadSettings) -> None:
    path = tmp_path / "altered.pdf"
    path.write_bytes(append_update(_signed(tmp_path, ca).read_bytes()))
    result = read_file(path, roots)
    [sig] = result.signatures
    assert sig.covers_whole_file is False
    assert sig.intact is True                     # the signed revision itself is untouched
    assert sig.modification == Modification.OTHER
    assert "Noi dung chen them" in result.text    # the appended content is what the page shows


def test_stamps_then_a_content_change_is_still_other(tmp_path: Path, ca: SigningCA) -> None:
    number_box, day_box = blank_boxes()
    data = sign(blank_header_pdf(), ca.signer("Nguyễn Văn A"), signing_time=SIGNED_AT)
    data = append_update(stamp(data, [("/FreeText", number_box, "163"), ("/Stamp", day_box, "30")]))
    path = tmp_path / "stamped then altered.pdf"
    path.write_bytes(data)
    [sig] = read_file(path).signatures
    assert sig.modification == Modification.OTHER and sig.covers_whole_file is False


def test_two_signatures_leader_then_office_stamp(tmp_path: Path, ca: SigningCA, roots: ReadSettings) -> None:
    """The e-office sequence: the leader signs, the office stamps number and day, then signs too."""
    number_box, day_box = blank_boxes()
    data = sign(blank_header_pdf(), ca.signer("Nguyễn Văn A"), field="LanhDao", signing_time=SIGNED_AT)
    data = stamp(data, [("/FreeText", number_box, "163"), ("/Stamp", day_box, "30")])
    later = SIGNED_AT + dt.timedelta(hours=2)
    data = sign(data, ca.signer("Văn thư", organization=None, unit="Văn phòng HĐND-UBND"), field="VanThu",
                signing_time=later)
    path = tmp_path / "two.pdf"
    path.write_bytes(data)
    result = read_file(path, roots)
    leader, office = result.signatures
    assert (leader.field, office.field) == ("LanhDao", "VanThu")
    assert leader.covers_whole_file is False and leader.intact is True
    assert leader.modification == Modification.ANNOTATIONS    # stamps and a signature came after it
    assert office.covers_whole_file is True and office.modification == Modification.NONE
    assert office.organization == "Văn phòng HĐND-UBND"       # no O in the subject: the OU stands in
    assert (leader.signed_at, office.signed_at) == (SIGNED_AT, later)
    assert leader.valid is True and office.valid is True


def test_visible_signature_names_its_page(tmp_path: Path, ca: SigningCA) -> None:
    data = sign(blank_header_pdf(), ca.signer("Nguyễn Văn A"), box=(360, 80, 560, 140))
    path = tmp_path / "visible.pdf"
    path.write_bytes(data)
    [sig] = read_file(path).signatures
    assert sig.page == 1


def _corrupt_contents(data: bytes, which: int) -> bytes:
    """The ``which``-th signature's /Contents hex replaced by hex that is not a CMS object."""
    matches = list(re.finditer(rb"/Contents <([0-9a-fA-F]+)>", data))
    start, end = matches[which].span(1)
    return data[:start] + b"00" * ((end - start) // 2) + data[end:]


def test_corrupt_signature_dictionary_is_a_notice_and_the_text_is_read(tmp_path: Path, ca: SigningCA) -> None:
    path = tmp_path / "hỏng chữ ký.pdf"
    path.write_bytes(_corrupt_contents(_signed(tmp_path, ca).read_bytes(), 0))
    result = read_file(path)
    assert result.signatures == ()
    [notice] = [n for n in result.notices if n.code == "signature_unreadable"]
    assert "hỏng chữ ký.pdf" in notice.message and "\n" not in notice.message
    assert "KH-UBND" in result.text


def test_one_corrupt_signature_does_not_hide_the_other(tmp_path: Path, ca: SigningCA, roots: ReadSettings) -> None:
    data = sign(blank_header_pdf(), ca.signer("Nguyễn Văn A"), field="First", signing_time=SIGNED_AT)
    data = sign(data, ca.signer("Trần Thị B"), field="Second")
    path = tmp_path / "one bad.pdf"
    # The later signature is the corrupt one: the earlier one's signed bytes stay as they were
    # (corrupting the first would change bytes the second covers, and break it too).
    path.write_bytes(_corrupt_contents(data, 1))
    result = read_file(path, roots)
    [first] = result.signatures
    assert (first.signer, first.intact, first.valid) == ("Nguyễn Văn A", True, True)
    assert first.modification == Modification.FORM_FILLING     # a signature field was added after it
    assert [n.code for n in result.notices if n.code.startswith("signature")] == ["signature_unreadable"]


def test_tampered_signed_bytes_are_not_intact(tmp_path: Path, ca: SigningCA, roots: ReadSettings) -> None:
    data = _signed(tmp_path, ca).read_bytes()
    # Change one character inside the signed range (the page text) without touching its length.
    index = data.index(b"/Producer")
    tampered = data[:index + 2] + bytes([data[index + 2] ^ 0x01]) + data[index + 3:]
    path = tmp_path / "tampered.pdf"
    path.write_bytes(tampered)
    result = read_file(path, roots)
    [sig] = result.signatures
    assert sig.intact is False and sig.valid is False
    assert "signature_broken" in [n.code for n in result.notices]


def test_unsigned_pdf_has_no_signatures(tmp_path: Path) -> None:
    path = tmp_path / "plain.pdf"
    blank_header_pdf(path)
    result = read_file(path)
    assert result.signatures == ()
    assert not [n for n in result.notices if "signature" in n.code]


def test_signatures_overlay_and_metadata_survive_the_cache_round_trip(tmp_path: Path, ca: SigningCA) -> None:
    from verifier.read.model import ReadResult
    from verifier.serialize import from_jsonable, to_jsonable

    number_box, day_box = blank_boxes()
    data = sign(blank_header_pdf(), ca.signer("Nguyễn Văn A"), signing_time=SIGNED_AT)
    path = tmp_path / "cache.pdf"
    path.write_bytes(stamp(data, [("/FreeText", number_box, "163"), ("/Stamp", day_box, "30")]))
    result = read_file(path)
    assert result.signatures and result.pages[0].overlay_words and result.metadata is not None
    assert from_jsonable(ReadResult, to_jsonable(result)) == result
