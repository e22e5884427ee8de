"""The `verifier check --format json` object."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from verifier.results import (
    CriterionResult,
    Deduction,
    DocumentInfo,
    FileStatus,
    Finding,
    FindingKind,
    Report,
    Severity,
    SignatureInfo,
    Status,
    Totals,
)


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def finding_to_dict(f: Finding) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": f.kind.value, "severity": f.severity.value, "message": f.message,
                           "file": f.file, "page": f.page, "document": f.document,
                           "date": f.date.isoformat() if f.date else None, "criterion": f.criterion}
    if f.pages is not None:
        out["pages"] = list(f.pages)      # only inside a bundle: the document's first and last page
    return out


def criterion_to_dict(c: CriterionResult) -> dict[str, Any]:
    return {"code": c.code, "title": c.title, "max_score": _num(c.max_score), "self_score": _num(c.self_score),
            "suggested_score": _num(c.suggested_score), "status": c.status.value,
            "findings": [finding_to_dict(f) for f in c.findings], "opinion": c.opinion,
            "evidence": list(c.evidence), "rule": c.rule, "confidence": c.confidence, "kind": c.kind}


def _document(d: DocumentInfo) -> dict[str, Any]:
    return {"pages": list(d.pages), "number": d.number, "type_code": d.type_code,
            "date": d.date.isoformat() if d.date else None, "title": d.title, "attached_to": d.attached_to}


def _signature(g: SignatureInfo) -> dict[str, Any]:
    return {"signer": g.signer, "organization": g.organization,
            "signed_at": g.signed_at.isoformat() if g.signed_at else None,
            "covers_whole_file": g.covers_whole_file, "valid": g.valid}


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
                   "error_code": s.error_code, "error": s.error, "error_en": s.error_en,
                   "documents": [_document(d) for d in s.documents],
                   "signatures": [_signature(g) for g in s.signatures]} for s in report.files],
        "versions": dict(report.versions),
    }


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _finding(d: dict[str, Any]) -> Finding:
    pages = d.get("pages")
    return Finding(FindingKind(d["kind"]), Severity(d["severity"]), d["message"], d.get("criterion"), d.get("file"),
                   d.get("page"), d.get("document"), _date(d.get("date")),
                   (int(pages[0]), int(pages[1])) if pages else None)


def _document_of(d: dict[str, Any]) -> DocumentInfo:
    return DocumentInfo((int(d["pages"][0]), int(d["pages"][1])), d.get("number"), d.get("type_code"),
                        _date(d.get("date")), d.get("title"), d.get("attached_to"))


def _signature_of(d: dict[str, Any]) -> SignatureInfo:
    at = d.get("signed_at")
    return SignatureInfo(d.get("signer"), d.get("organization"), dt.datetime.fromisoformat(at) if at else None,
                         bool(d.get("covers_whole_file")), d.get("valid"))


def report_from_dict(d: dict[str, Any]) -> Report:
    """The inverse of verifier.report.json_report.report_to_dict (numbers back to Decimals)."""
    criteria = tuple(
        CriterionResult(c["code"], c["title"], _dec(c["max_score"]) or Decimal(0), _dec(c["self_score"]),
                        _dec(c["suggested_score"]), Status(c["status"]),
                        tuple(_finding(f) for f in c.get("findings", [])), c.get("opinion", ""),
                        tuple(c.get("evidence", [])), c.get("rule", ""), c.get("confidence", ""),
                        c.get("kind", "score"))
        for c in d.get("criteria", []))
    totals = d.get("totals", {})
    return Report(
        unit=d.get("unit", ""), year=d.get("year"), framework=d.get("framework", ""), criteria=criteria,
        deductions=tuple(Deduction(x["code"], _dec(x["points"]) or Decimal(0), tuple(x.get("reasons", [])))
                         for x in d.get("deductions", [])),
        totals=Totals(_dec(totals.get("max")) or Decimal(0), _dec(totals.get("self")) or Decimal(0),
                      _dec(totals.get("suggested")) or Decimal(0)),
        files=tuple(FileStatus(f["file"], f.get("sha256"), bool(f.get("ok")), bool(f.get("ocr")), f.get("pages") or 0,
                               f.get("number"), _date(f.get("date")), f.get("error_code"), f.get("error"),
                               tuple(_document_of(x) for x in f.get("documents", [])),
                               tuple(_signature_of(x) for x in f.get("signatures", [])), f.get("error_en"))
                    for f in d.get("files", [])),
        findings=tuple(_finding(f) for f in d.get("findings", [])),
        versions=dict(d.get("versions", {})),
    )
