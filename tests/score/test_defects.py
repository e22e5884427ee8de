"""The defects sample: every planted defect is found on its criterion with its kind, and criteria
without a planted (or inherited) defect raise no error. Expectations: expected_findings.json,
written by hand from scripts/make_defects.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from verifier.assessment import load_table
from verifier.results import Report, Severity
from verifier.rules import load_framework
from verifier.score import evaluate

from .support import read_submission

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_evidence" / "konray-2023-defects"
EXPECTED = json.loads((SAMPLE / "expected_findings.json").read_text(encoding="utf-8")) if SAMPLE.is_dir() else []

pytestmark = [pytest.mark.slow, pytest.mark.ocr]


@pytest.fixture(scope="module")
def report() -> Report:
    if not (SAMPLE / "assessment.tsv").is_file():
        pytest.skip("defects sample not generated (scripts/make_defects.py)")
    fw = load_framework(ROOT / "rules" / "kontum" / "district-2023.yaml")
    return evaluate(fw, load_table(SAMPLE / "assessment.tsv"), read_submission(SAMPLE))


def _found(report: Report) -> set[tuple[str | None, str]]:
    return ({(f.criterion, f.kind.value) for c in report.criteria for f in c.findings}
            | {(f.criterion, f.kind.value) for f in report.findings})


@pytest.mark.parametrize("expected", EXPECTED, ids=[f"{e['criterion']}-{e['kind']}" for e in EXPECTED])
def test_planted_defect_is_found(report: Report, expected: dict[str, str]) -> None:
    assert (expected["criterion"], expected["kind"]) in _found(report), expected["planted"]


def test_every_finding_kind_is_planted() -> None:
    kinds = {e["kind"] for e in EXPECTED}
    assert {"late", "missing_evidence", "wrong_period", "claim_mismatch", "wrong_type", "unreadable",
            "duplicate_evidence", "arithmetic_error", "score_mismatch", "unknown_attachment", "table_error",
            "rollup_mismatch"} <= kinds


def test_no_error_where_nothing_was_planted(report: Report) -> None:
    planted = {e["criterion"] for e in EXPECTED}
    stray = {c.code: [f.message for f in c.findings if f.severity is Severity.ERROR]
             for c in report.criteria if c.code not in planted}
    assert {k: v for k, v in stray.items() if v} == {}


def test_9_1_suggests_both_halves(report: Report) -> None:
    d = next(x for x in report.deductions if x.code == "9.1")
    assert str(d.points) in ("-1", "-1.0")
    assert "2.2.1: claim_mismatch" in d.reasons and "1.2.1: missing_evidence" in d.reasons
