"""truth.json: what a perfect reader would say about every evidence file, written from the specs."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from samplegen import spec as S

_KIND = {S.Format.PDF: "pdf", S.Format.SCAN: "pdf", S.Format.DOCX: "docx", S.Format.PHOTO: "image"}


def _refs(refs: Sequence[S.Ref]) -> list[dict[str, Any]]:
    return [{"number": r.number, "date": r.date.isoformat() if r.date else None} for r in refs]


def entry(item: S.DocSpec | S.WorkbookSpec) -> dict[str, Any]:
    if isinstance(item, S.WorkbookSpec):
        return {"file": item.file, "kind": "xlsx", "scanned": False, "pages": len(item.sheets),
                "number": None, "type": None, "type_code": None, "issuer": item.issuer, "place": None,
                "date": item.date.isoformat() if item.date else None, "title": item.title,
                "references": _refs(item.references)}
    return {
        "file": item.file,
        "kind": _KIND[item.format],
        "scanned": item.format in (S.Format.SCAN, S.Format.PHOTO),
        "pages": 1 if item.format is S.Format.PHOTO else item.pages,
        "number": item.number,
        "type": item.type,
        "type_code": item.type_code,
        "issuer": item.issuer,
        "place": item.place,
        "date": item.date.isoformat(),
        "title": " ".join(item.title.split()),
        "references": _refs([item.citations[i] for i in sorted(item.used_citations())]),
    }


def truth(items: Sequence[S.DocSpec | S.WorkbookSpec]) -> list[dict[str, Any]]:
    return sorted((entry(i) for i in items), key=lambda e: str(e["file"]))


def write_truth(items: Sequence[S.DocSpec | S.WorkbookSpec], root: Path) -> Path:
    path = root / "truth.json"
    path.write_text(json.dumps(truth(items), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
