"""Running evaluate() on the shipped 2023 framework with a few constructed rows and files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from verifier.assessment.model import Row
from verifier.errors import VerifierError
from verifier.evidence import ErrorInfo, Evidence, folder_code_of
from verifier.identify import identify
from verifier.read import read_file
from verifier.results import CriterionResult, FindingKind, Report, Severity
from verifier.rules import Framework, load_framework
from verifier.score import evaluate

from .builders import table

RULES = Path(__file__).resolve().parents[2] / "rules" / "kontum"


def framework(year: int = 2023) -> Framework:
    return load_framework(RULES / f"district-{year}.yaml")


def run(rows: Sequence[Row], evidence: Sequence[Evidence], year: int = 2023) -> Report:
    return evaluate(framework(year), table(*rows, year=year), evidence)


def result(report: Report, code: str) -> CriterionResult:
    return next(c for c in report.criteria if c.code == code)


def kinds(r: CriterionResult, severity: Severity | None = None) -> set[FindingKind]:
    return {f.kind for f in r.findings if severity is None or f.severity is severity}


def read_submission(folder: Path) -> list[Evidence]:
    """Every file under ``folder``/evidence, read and identified by the real readers."""
    out = []
    for path in sorted((folder / "evidence").rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(folder)
        try:
            read = read_file(path, name=str(rel))
        except VerifierError as err:
            out.append(Evidence(str(rel), folder_code_of(rel), None, None, None, ErrorInfo.of(err)))
            continue
        out.append(Evidence(str(rel), folder_code_of(rel), read.sha256, read, identify(read)))
    return out
