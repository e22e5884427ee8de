"""The realworld sample's really signed PDFs through the real signature reader: what the TEST CA
signed reads back as planted (valid only against that CA as a configured trust root, null
without), and the integrity checks find what was planted and nothing in the e-office flow."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest

from samplegen.signing import ca_certificate
from verifier.assessment import load_table
from verifier.evidence import Evidence
from verifier.limits import ReadSettings
from verifier.pipeline import extract_evidence
from verifier.results import FindingKind, Report, Severity
from verifier.rules import load_framework
from verifier.score import evaluate

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_evidence" / "konray-2023-realworld"
SIGNED = ("1.1.1/KH-163-CCHC-2023.pdf", "2.1.1/KH-35-theo-doi-THPL-2023.pdf", "2.1.1/KH-61-thi-hanh-XLVPHC-2023.pdf",
          "2.1.1/QD-431-doan-kiem-tra-lien-nganh.pdf", "2.2.1/KH-53-he-thong-hoa-VBQPPL-2019-2023.pdf",
          "2.2.4/BC-473-ra-soat-VBQPPL-2023.pdf")
VN = dt.timezone(dt.timedelta(hours=7))
pytestmark = pytest.mark.slow


def _read(name: str, settings: ReadSettings) -> Evidence:
    rel = f"evidence/{name}"
    return extract_evidence(SAMPLE / rel, rel, settings, cache=None)


@pytest.fixture(scope="module")
def report() -> Report:
    if not (SAMPLE / "assessment.tsv").is_file():
        pytest.skip("realworld sample not generated (scripts/make_realworld.py)")
    evidence = [_read(name, ReadSettings.from_env()) for name in SIGNED]
    fw = load_framework(ROOT / "rules" / "kontum" / "district-2023.yaml")
    return evaluate(fw, load_table(SAMPLE / "assessment.tsv"), evidence)


def _kinds(report: Report, code: str) -> set[tuple[FindingKind, Severity]]:
    c = next(x for x in report.criteria if x.code == code)
    return {(f.kind, f.severity) for f in c.findings}


def test_the_test_ca_signatures_read_back_as_planted(tmp_path: Path) -> None:
    roots = tmp_path / "roots"
    roots.mkdir()
    shutil.copy(ca_certificate(), roots / "test-ca.pem")
    untrusted = _read(SIGNED[0], ReadSettings.from_env())
    trusted = _read(SIGNED[0], dataclasses.replace(ReadSettings.from_env(), trust_roots=str(roots)))
    assert untrusted.read is not None and trusted.read is not None
    assert [(s.signer, s.organization, s.signed_at) for s in untrusted.read.signatures] == [
        ("Nguyễn Văn An", "UBND huyện Kon Rẫy", dt.datetime(2023, 1, 6, 9, 12, tzinfo=VN)),
        ("Ủy ban nhân dân huyện Kon Rẫy", "UBND huyện Kon Rẫy", dt.datetime(2023, 1, 6, 10, 5, tzinfo=VN))]
    assert [s.valid for s in untrusted.read.signatures] == [None, None]       # no trust roots: no verdict
    assert [s.valid for s in trusted.read.signatures] == [True, True]
    assert untrusted.read.signatures[-1].covers_whole_file


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
