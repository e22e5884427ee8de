# mypy: disallow-untyped-calls=False
# (pyHanko's certificate helpers carry no annotations)
"""The integrity checks on the realworld sample's really signed PDFs, before the formats work's
signature reader is in: a minimal pyHanko read (test-only) fills ReadResult.signatures the way
the model describes (verifier/read/model.py Signature), then the real checks run on the files."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import logging
from pathlib import Path

import pytest
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from samplegen.signing import ca_certificate
from verifier.assessment import load_table
from verifier.evidence import Evidence
from verifier.limits import ReadSettings
from verifier.pipeline import extract_evidence
from verifier.read.model import Signature
from verifier.results import FindingKind, Report, Severity
from verifier.rules import load_framework
from verifier.score import evaluate

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow
SAMPLE = ROOT / "sample_evidence" / "konray-2023-realworld"
SIGNED = ("1.1.1/KH-163-CCHC-2023.pdf", "2.1.1/KH-35-theo-doi-THPL-2023.pdf", "2.1.1/KH-61-thi-hanh-XLVPHC-2023.pdf",
          "2.1.1/QD-431-doan-kiem-tra-lien-nganh.pdf", "2.2.1/KH-53-he-thong-hoa-VBQPPL-2019-2023.pdf",
          "2.2.4/BC-473-ra-soat-VBQPPL-2023.pdf")
VN = dt.timezone(dt.timedelta(hours=7))


def _signatures(path: Path) -> tuple[Signature, ...]:
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    context = ValidationContext(trust_roots=[load_cert_from_pemder(str(ca_certificate()))], allow_fetching=False)
    out = []
    for sig in PdfFileReader(io.BytesIO(path.read_bytes())).embedded_signatures:
        status = validate_pdf_signature(sig, context)
        subject = sig.signer_cert.subject.native
        level = getattr(status, "modification_level", None)
        out.append(Signature(subject.get("common_name"), subject.get("organization_name"),
                             sig.self_reported_timestamp.astimezone(VN) if sig.self_reported_timestamp else None,
                             status.coverage is not None and status.coverage.name == "ENTIRE_FILE", status.valid,
                             status.intact,
                             level.name.lower() if level is not None else None, sig.field_name))
    return tuple(out)


@pytest.fixture(scope="module")
def report() -> Report:
    if not (SAMPLE / "assessment.tsv").is_file():
        pytest.skip("realworld sample not generated (scripts/make_realworld.py)")
    evidence: list[Evidence] = []
    for name in SIGNED:
        rel = f"evidence/{name}"
        e = extract_evidence(SAMPLE / rel, rel, ReadSettings.from_env(), cache=None)
        assert e.read is not None
        evidence.append(dataclasses.replace(e, read=dataclasses.replace(e.read, signatures=_signatures(SAMPLE / rel))))
    fw = load_framework(ROOT / "rules" / "kontum" / "district-2023.yaml")
    return evaluate(fw, load_table(SAMPLE / "assessment.tsv"), evidence)


def _kinds(report: Report, code: str) -> set[tuple[FindingKind, Severity]]:
    c = next(x for x in report.criteria if x.code == code)
    return {(f.kind, f.severity) for f in c.findings}


def test_the_test_ca_signatures_read_back_as_planted() -> None:
    sigs = _signatures(SAMPLE / "evidence" / SIGNED[0])
    assert [(s.signer, s.organization, s.signed_at) for s in sigs] == [
        ("Nguyễn Văn An", "UBND huyện Kon Rẫy", dt.datetime(2023, 1, 6, 9, 12, tzinfo=VN)),
        ("Ủy ban nhân dân huyện Kon Rẫy", "UBND huyện Kon Rẫy", dt.datetime(2023, 1, 6, 10, 5, tzinfo=VN))]
    assert sigs[-1].covers_whole_file and sigs[-1].valid is True


def test_the_backdated_plan_loses_its_point_and_feeds_9_1(report: Report) -> None:
    assert (FindingKind.BACKDATED, Severity.ERROR) in _kinds(report, "1.1.1")
    d = next(x for x in report.deductions if x.code == "9.1")
    assert "1.1.1: backdated" in d.reasons


def test_the_edit_after_signing_is_found(report: Report) -> None:
    assert (FindingKind.ALTERED_AFTER_SIGNING, Severity.ERROR) in _kinds(report, "2.2.1")


def test_the_wrong_signing_body_is_found(report: Report) -> None:
    assert (FindingKind.SIGNER_MISMATCH, Severity.WARNING) in _kinds(report, "2.2.4")


def test_documents_signed_in_the_e_office_flow_raise_nothing(report: Report) -> None:
    bad = {FindingKind.BACKDATED, FindingKind.ALTERED_AFTER_SIGNING, FindingKind.SIGNER_MISMATCH}
    assert not {k for k, _s in _kinds(report, "2.1.1")} & bad
