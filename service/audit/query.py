"""Auditor queries over the log, and their CSV / JSON exports.

Filters: unit (an accent-insensitive part of its name: "kon ray" finds "Huyện Kon Rẫy"), year,
criterion, finding kind, actor, action, dossier and a time range. A provincial auditor's province
applies to *every* entry, in the database query, before the limit: entries that name the province,
and older entries (written before entries carried one) through their dossier's province. Entries
with neither (an admin's token, an unrestricted auditor's query) are not the province's.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session

from service.storage.models import AuditEntry, Submission

COLUMNS = ("seq", "ts", "actor", "action", "submission_id", "unit", "year", "criterion", "kind", "details",
           "prev_hash", "hash")


class BadFilter(ValueError):
    """A filter value that cannot be used (a date out of range, ...)."""


def bound(text: str | None, *, end: bool) -> str | None:
    """A typed date or datetime -> the ISO UTC text the log's ``ts`` compares with. ``end``: a bare
    date includes that whole day. Years outside 2000-2100 are refused, never overflowed."""
    if not text:
        return None
    raw = text.strip()
    try:
        if len(raw) == 10:
            day = dt.date.fromisoformat(raw)
            when = dt.datetime(day.year, day.month, day.day)
            if end:
                if day.year >= 2100:
                    raise BadFilter(raw)
                when += dt.timedelta(days=1)
        else:
            parsed = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
            when = parsed.astimezone(dt.UTC).replace(tzinfo=None) if parsed.tzinfo else parsed
    except (ValueError, OverflowError) as exc:
        raise BadFilter(raw) from exc
    if not 2000 <= when.year <= 2100:
        raise BadFilter(raw)
    return when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


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
    until: str | None = None      # ISO date or datetime, UTC, exclusive (a bare date: through that day)
    province: str | None = None   # the reader's scope
    before: int | None = None     # page cursor: entries with seq below this
    newest_first: bool = False
    limit: int = 10_000

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items()
                if v is not None and k not in ("limit", "newest_first", "before")}


def _statement(session: Session, f: AuditFilter) -> Select[AuditEntry] | None:
    from service.workflow.units import names_matching

    order = AuditEntry.seq.desc() if f.newest_first else AuditEntry.seq
    stmt = select(AuditEntry).order_by(order)
    if f.year is not None:
        stmt = stmt.where(AuditEntry.year == f.year)
    for column, value in ((AuditEntry.criterion, f.criterion), (AuditEntry.kind, f.kind),
                          (AuditEntry.actor, f.actor), (AuditEntry.action, f.action),
                          (AuditEntry.submission_id, f.submission_id)):
        if value:
            stmt = stmt.where(column == value)
    since, until = bound(f.since, end=False), bound(f.until, end=True)
    if since:
        stmt = stmt.where(AuditEntry.ts >= since)
    if until:
        stmt = stmt.where(AuditEntry.ts < until)
    if f.before is not None:
        stmt = stmt.where(AuditEntry.seq < f.before)
    if f.province is not None:
        theirs = select(Submission.id).where(Submission.province == f.province)
        stmt = stmt.where(or_(AuditEntry.province == f.province,
                              and_(AuditEntry.province.is_(None), AuditEntry.submission_id.in_(theirs))))
    if f.unit:
        names = names_matching(session, f.province, f.unit)
        if not names:
            return None
        stmt = stmt.where(AuditEntry.unit.in_(names))
    return stmt.limit(max(0, f.limit))


def query(session: Session, f: AuditFilter) -> list[AuditEntry]:
    stmt = _statement(session, f)
    return [] if stmt is None else list(session.execute(stmt).scalars())


def entry_dict(e: AuditEntry) -> dict[str, Any]:
    row = {c: getattr(e, c) for c in COLUMNS}
    row["details"] = json.loads(e.details)
    row["province"] = e.province
    return row


def to_json(entries: list[AuditEntry]) -> str:
    return json.dumps([entry_dict(e) for e in entries], ensure_ascii=False, indent=2)


def cell(value: Any) -> str:
    text = "" if value is None else str(value)
    # CWE-1236: a cell starting with = + - @ is a formula to a spreadsheet.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


BOM = "\ufeff"


def kind_text(kind: str | None, lang: str) -> str:
    from verifier.report.messages import kind_label
    from verifier.results import FindingKind

    if not kind:
        return ""
    try:
        return kind_label(FindingKind(kind), lang)
    except ValueError:
        return kind          # an error code (E_CORRUPT) rather than a finding kind


def to_csv(entries: list[AuditEntry], names: dict[str, str] | None = None, lang: str = "vi") -> str:
    """CSV that Excel in Vietnam opens as written: a UTF-8 byte-order mark, times in
    Asia/Ho_Chi_Minh as dd/mm/yyyy HH:MM, actions and actors in words, what happened in a sentence;
    the raw fields and hashes follow so the export can still be checked against the chain."""
    from service.audit.labels import action_label, actor_label, summary
    from service.workflow.timefmt import vn_from_iso

    vi = lang != "en"
    header = (["STT", "Thời gian", "Người thực hiện", "Thao tác", "Đơn vị", "Năm", "Tiêu chí", "Nội dung",
               "Loại phát hiện", "Mã hồ sơ", "Mã thao tác", "Tài khoản", "Chi tiết (JSON)", "Hash trước", "Hash"]
              if vi else
              ["No.", "Time", "Actor", "Action", "Unit", "Year", "Criterion", "What happened", "Finding kind",
               "Dossier", "Action code", "Actor code", "Details (JSON)", "Previous hash", "Hash"])
    buf = io.StringIO()
    buf.write(BOM)
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    for e in entries:
        details = json.loads(e.details)
        writer.writerow([cell(v) for v in (
            e.seq, vn_from_iso(e.ts), actor_label(e.actor, names or {}, lang), action_label(e.action, lang),
            e.unit, e.year, e.criterion, summary(e.action, details, e.kind, lang), kind_text(e.kind, lang),
            e.submission_id, e.action,
            e.actor, e.details, e.prev_hash, e.hash)])
    return buf.getvalue()
