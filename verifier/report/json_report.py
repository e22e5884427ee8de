"""The `verifier check --format json` object."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from verifier.results import CriterionResult, Finding, Report


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def finding_to_dict(f: Finding) -> dict[str, Any]:
    return {"kind": f.kind.value, "severity": f.severity.value, "message": f.message, "file": f.file,
            "page": f.page, "document": f.document, "date": f.date.isoformat() if f.date else None,
            "criterion": f.criterion}


def criterion_to_dict(c: CriterionResult) -> dict[str, Any]:
    return {"code": c.code, "title": c.title, "max_score": _num(c.max_score), "self_score": _num(c.self_score),
            "suggested_score": _num(c.suggested_score), "status": c.status.value,
            "findings": [finding_to_dict(f) for f in c.findings], "opinion": c.opinion,
            "evidence": list(c.evidence), "rule": c.rule, "confidence": c.confidence}


def report_to_dict(report: Report) -> dict[str, Any]:
    return {
        "unit": report.unit,
        "year": report.year,
        "framework": report.framework,
        "criteria": [criterion_to_dict(c) for c in report.criteria],
        "deductions": [{"code": d.code, "points": float(d.points), "reasons": list(d.reasons)}
                       for d in report.deductions],
        "totals": {"max": float(report.totals.max), "self": float(report.totals.self),
                   "suggested": float(report.totals.suggested)},
        "findings": [finding_to_dict(f) for f in report.findings],
        "files": [{"file": s.file, "sha256": s.sha256, "ok": s.ok, "ocr": s.ocr, "pages": s.pages,
                   "number": s.number, "date": s.date.isoformat() if s.date else None,
                   "error_code": s.error_code, "error": s.error} for s in report.files],
        "versions": dict(report.versions),
    }
