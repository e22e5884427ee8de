"""The realworld sample (scripts/make_realworld.py): every expectation written by hand in
expected_findings.json holds on the real readers, and every bundle yields the documents it was
built from, with their pages and identity (bundles.json, written from the specs).

Expectations that rest on a reader capability (signatures, file metadata, annotation overlay,
.xls) name it: when the capability is missing the failure says which, before anything else.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from verifier.assessment import load_table
from verifier.evidence import Evidence
from verifier.limits import ReadSettings
from verifier.pipeline import extract_all
from verifier.read.model import PageMethod
from verifier.report.extract_json import document_to_dict
from verifier.results import Report, Severity
from verifier.rules import load_framework
from verifier.score import evaluate

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_evidence" / "konray-2023-realworld"
EXPECTED: list[dict[str, Any]] = (json.loads((SAMPLE / "expected_findings.json").read_text(encoding="utf-8"))
                                  if SAMPLE.is_dir() else [])
BUNDLES: list[dict[str, Any]] = (json.loads((SAMPLE / "bundles.json").read_text(encoding="utf-8"))
                                 if SAMPLE.is_dir() else [])

pytestmark = [pytest.mark.slow, pytest.mark.ocr]


@pytest.fixture(scope="module")
def evidence() -> dict[str, Evidence]:
    if not (SAMPLE / "assessment.tsv").is_file():
        pytest.skip("realworld sample not generated (scripts/make_realworld.py)")
    files = [(p, p.relative_to(SAMPLE).as_posix()) for p in sorted((SAMPLE / "evidence").rglob("*")) if p.is_file()]
    return {e.file: e for e in extract_all(files, ReadSettings.from_env(), cache=None, jobs=2)}


@pytest.fixture(scope="module")
def report(evidence: dict[str, Evidence]) -> Report:
    fw = load_framework(ROOT / "rules" / "kontum" / "district-2023.yaml")
    return evaluate(fw, load_table(SAMPLE / "assessment.tsv"), list(evidence.values()))


def _capable(need: str, evidence: dict[str, Evidence]) -> bool:
    def read(name: str) -> Evidence:
        return evidence[f"evidence/{name}"]
    if need == "signatures":
        e = read("2.1.1/KH-61-thi-hanh-XLVPHC-2023.pdf")
        return e.read is not None and len(e.read.signatures) >= 2
    if need == "metadata":
        e = read("5.1.2/CV-269-UBND-NC-dang-ky-tiep-nhan-cong-chuc.docx")
        return e.read is not None and e.read.metadata is not None and e.read.metadata.created is not None
    if need == "overlay":
        e = read("7.1.1/Kế hoạch 45. Chuyển đổi số 2023.pdf")
        return e.read is not None and bool(e.read.pages[0].overlay.strip())
    if need == "xls":
        return read("1.6.1/26. Huyen KR.xls").ok
    raise KeyError(need)


@pytest.mark.parametrize("expected", EXPECTED, ids=[f"{e.get('criterion') or e['file']}-{e.get('kind', 'verdict')}"
                                                    for e in EXPECTED])
def test_expectation(expected: dict[str, Any], report: Report, evidence: dict[str, Evidence]) -> None:
    need = expected.get("needs")
    assert not need or _capable(need, evidence), f"the reader no longer provides {need}: {expected['planted']}"
    if "file" in expected:
        e = evidence[expected["file"]]
        assert e.ok, (expected["planted"], e.error)
        ident = e.identity
        if "number" in expected:
            assert ident is not None and ident.number is not None and ident.number.value.text == expected["number"]
        if "date" in expected:
            assert ident is not None and ident.date is not None and ident.date.value.isoformat() == expected["date"]
        return
    code = expected["criterion"]
    if "reason" in expected:
        d = next(x for x in report.deductions if x.code == code)
        assert expected["reason"] in d.reasons, expected["planted"]
        return
    c = next(x for x in report.criteria if x.code == code)
    kinds = {f.kind.value for f in c.findings}
    if "kind" in expected:
        found = [f for f in c.findings if f.kind.value == expected["kind"]
                 and f.severity is Severity(expected["severity"])]
        assert found, (expected["planted"], sorted(kinds))
        for number in expected.get("names", ()):
            assert any(number in f.message for f in found), (number, [f.message for f in found])
    for kind in expected.get("absent", ()):
        assert kind not in kinds, (expected["planted"], [f.message for f in c.findings if f.kind.value == kind])
    if "score" in expected:
        assert c.suggested_score is not None and float(c.suggested_score) == expected["score"], \
            (expected["planted"], [f.message for f in c.findings])


@pytest.mark.parametrize("bundle", BUNDLES, ids=[b["file"] for b in BUNDLES])
def test_every_document_of_a_bundle_is_found_with_its_identity(bundle: dict[str, Any],
                                                               evidence: dict[str, Evidence]) -> None:
    e = evidence[bundle["file"]]
    assert e.read is not None and any(p.method is PageMethod.OCR for p in e.read.pages) is bundle["scanned"]
    got = [document_to_dict(d) for d in e.parts]
    assert [d["pages"] for d in got] == [d["pages"] for d in bundle["documents"]]
    keys = ("number", "type_code", "issuer", "date", "place", "title", "attached_to")
    assert [{k: d[k] for k in keys} for d in got] == [{k: d[k] for k in keys} for d in bundle["documents"]]


def test_every_expected_kind_and_shape_is_there() -> None:
    kinds = {e["kind"] for e in EXPECTED if "kind" in e}
    assert {"backdated", "altered_after_signing", "signer_mismatch", "conflicting_copies", "suspicious_metadata",
            "claim_mismatch"} <= kinds
    assert {b["scanned"] for b in BUNDLES} == {True, False}
    assert any(d["attached_to"] for b in BUNDLES for d in b["documents"])
