"""The `verifier extract` JSON object for one file."""

from __future__ import annotations

from typing import Any

from verifier.evidence import Evidence
from verifier.identify.model import Field


def _conf(field: Field[Any] | None) -> float | None:
    return None if field is None else round(field.confidence, 2)


def evidence_to_dict(ev: Evidence) -> dict[str, Any]:
    """Exactly the keys file, pages, ocr, number, type, issuer, date, place, title, references, plus extras."""
    if ev.error is not None or ev.read is None:
        err = ev.error
        return {"file": ev.file, "pages": 0, "ocr": False, "number": None, "type": None, "issuer": None,
                "date": None, "place": None, "title": None, "references": [],
                "error": None if err is None else {"code": err.code, "message_vi": err.message_vi,
                                                   "message_en": err.message_en}}
    read, ident = ev.read, ev.identity
    out: dict[str, Any] = {
        "file": ev.file,
        "pages": len(read.pages),
        "ocr": read.ocr,
        "number": ident.number.value.text if ident and ident.number else None,
        "type": ident.type_name.value if ident and ident.type_name else None,
        "issuer": ident.issuer.value if ident and ident.issuer else None,
        "date": ident.date.value.isoformat() if ident and ident.date else None,
        "place": ident.place.value if ident and ident.place else None,
        "title": ident.title.value if ident and ident.title else None,
        "references": [{"number": c.number.text, "date": c.date.isoformat() if c.date else None}
                       for c in (ident.citations if ident else ())],
        "kind": read.kind.value,
        "sha256": ev.sha256,
        "type_code": ident.type_code.value if ident and ident.type_code else None,
        "confidence": {name: _conf(getattr(ident, name)) for name in
                       ("number", "type_code", "issuer", "place", "date", "title")} if ident else {},
        "page_methods": [{"page": p.number, "method": p.method.value,
                          "confidence": None if p.confidence is None else round(p.confidence, 1)}
                         for p in read.pages],
        "warnings": [n.message for n in read.notices] + [n.message for p in read.pages for n in p.notices]
        + list(ident.warnings if ident else ()),
        "seconds": round(read.seconds, 3),
    }
    return out
