"""The `verifier extract` JSON object for one file."""

from __future__ import annotations

from typing import Any

from verifier.evidence import Evidence
from verifier.identify.model import Document, Field, Identity
from verifier.read.model import Signature


def _conf(field: Field[Any] | None) -> float | None:
    return None if field is None else round(field.confidence, 2)


def identity_keys(ident: Identity | None) -> dict[str, Any]:
    """number, type, type_code, issuer, date, place, title, references of one identity."""
    return {
        "number": ident.number.value.text if ident and ident.number else None,
        "type": ident.type_name.value if ident and ident.type_name else None,
        "type_code": ident.type_code.value if ident and ident.type_code else None,
        "issuer": ident.issuer.value if ident and ident.issuer else None,
        "date": ident.date.value.isoformat() if ident and ident.date else None,
        "place": ident.place.value if ident and ident.place else None,
        "title": ident.title.value if ident and ident.title else None,
        "references": [{"number": c.number.text, "date": c.date.isoformat() if c.date else None}
                       for c in (ident.citations if ident else ())],
    }


def document_to_dict(doc: Document) -> dict[str, Any]:
    """One document of a file: its pages and identity; ``attached_to`` names the issuing decision."""
    return {"pages": list(doc.pages), **identity_keys(doc.identity),
            "attached_to": doc.attached_to.text if doc.attached_to else None}


def signature_to_dict(sig: Signature) -> dict[str, Any]:
    """``valid`` is null when no trust roots are configured: never a guess."""
    return {"signer": sig.signer, "organization": sig.organization,
            "signed_at": sig.signed_at.isoformat() if sig.signed_at else None,
            "covers_whole_file": sig.covers_whole_file, "valid": sig.valid, "intact": sig.intact,
            "modification": sig.modification}


def evidence_to_dict(ev: Evidence) -> dict[str, Any]:
    """Exactly the keys file, pages, ocr, number, type, issuer, date, place, title, references, plus extras;
    ``documents`` (one per document found) and ``signatures`` (empty when unsigned)."""
    if ev.error is not None or ev.read is None:
        err = ev.error
        return {"file": ev.file, "pages": 0, "ocr": False, "number": None, "type": None, "issuer": None,
                "date": None, "place": None, "title": None, "references": [], "documents": [], "signatures": [],
                "error": None if err is None else {"code": err.code, "message_vi": err.message_vi,
                                                   "message_en": err.message_en}}
    read, ident = ev.read, ev.identity
    keys = identity_keys(ident)
    out: dict[str, Any] = {
        "file": ev.file,
        "pages": len(read.pages),
        "ocr": read.ocr,
        "number": keys["number"],
        "type": keys["type"],
        "issuer": keys["issuer"],
        "date": keys["date"],
        "place": keys["place"],
        "title": keys["title"],
        "references": keys["references"],
        "kind": read.kind.value,
        "sha256": ev.sha256,
        "type_code": keys["type_code"],
        "confidence": {name: _conf(getattr(ident, name)) for name in
                       ("number", "type_code", "issuer", "place", "date", "title")} if ident else {},
        "page_methods": [{"page": p.number, "method": p.method.value,
                          "confidence": None if p.confidence is None else round(p.confidence, 1)}
                         for p in read.pages],
        "warnings": [n.message for n in read.notices] + [n.message for p in read.pages for n in p.notices]
        + list(ident.warnings if ident else ()),
        "seconds": round(read.seconds, 3),
        "documents": [document_to_dict(d) for d in ev.parts],
        "signatures": [signature_to_dict(s) for s in read.signatures],
    }
    return out
