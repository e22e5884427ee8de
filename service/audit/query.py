"""Auditor queries over the log, and their CSV / JSON exports.

Filters: unit, year, criterion, finding kind, actor, action, submission and a time range. The unit
filter compares accent-folded keys ("Huyen Kon Ray" finds "Huyện Kon Rẫy"); what is returned keeps
the diacritics as stored.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from service.storage.models import AuditEntry
from verifier.text import fold, one_line

COLUMNS = ("seq", "ts", "actor", "action", "submission_id", "unit", "year", "criterion", "kind", "details",
           "prev_hash", "hash")


@dataclass(frozen=True)
class AuditFilter:
    unit: str | None = None
    year: int | None = None
    criterion: str | None = None
    kind: str | None = None
    actor: str | None = None
    action: str | None = None
    submission_id: str | None = None
    since: str | None = None      # ISO date or datetime, UTC, inclusive
    until: str | None = None      # ISO date or datetime, UTC, exclusive
    limit: int = 10_000

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None and k != "limit"}


def _statement(f: AuditFilter) -> Select[AuditEntry]:
    stmt = select(AuditEntry).order_by(AuditEntry.seq)
    if f.year is not None:
        stmt = stmt.where(AuditEntry.year == f.year)
    if f.criterion:
        stmt = stmt.where(AuditEntry.criterion == f.criterion)
    if f.kind:
        stmt = stmt.where(AuditEntry.kind == f.kind)
    if f.actor:
        stmt = stmt.where(AuditEntry.actor == f.actor)
    if f.action:
        stmt = stmt.where(AuditEntry.action == f.action)
    if f.submission_id:
        stmt = stmt.where(AuditEntry.submission_id == f.submission_id)
    if f.since:
        stmt = stmt.where(AuditEntry.ts >= f.since)
    if f.until:
        stmt = stmt.where(AuditEntry.ts < f.until)
    return stmt


def query(session: Session, f: AuditFilter) -> list[AuditEntry]:
    entries = session.execute(_statement(f)).scalars()
    if not f.unit:
        return list(entries)[: f.limit]
    key = fold(one_line(f.unit))
    out = [e for e in entries if e.unit is not None and fold(e.unit) == key]
    return out[: f.limit]


def entry_dict(e: AuditEntry) -> dict[str, Any]:
    row = {c: getattr(e, c) for c in COLUMNS}
    row["details"] = json.loads(e.details)
    return row


def to_json(entries: list[AuditEntry]) -> str:
    return json.dumps([entry_dict(e) for e in entries], ensure_ascii=False, indent=2)


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    # CWE-1236: a cell starting with = + - @ is a formula to a spreadsheet.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(entries: list[AuditEntry]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for e in entries:
        writer.writerow([_cell(getattr(e, c)) for c in COLUMNS])
    return buf.getvalue()
