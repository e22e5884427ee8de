"""The append-only audit log: every entry carries the hash of the one before it.

``hash = sha256(canonical JSON of [prev_hash, ts, actor, action, submission_id, unit, year,
criterion, kind, details])``, with the entry's province appended to that list when it has one
(entries written before provinces were recorded hash exactly as they always did). The position
(``seq``) is deliberately *not* hashed, so that moving an entry shows up as a broken link
("reordered") rather than as an edit. Appends serialise on the single ``audit_head`` row
(``SELECT ... FOR UPDATE`` on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite): two writers can never
both extend the same last entry. Callers append *after* their own row
updates, in the same transaction, so an action and its entry commit or vanish together and lock
order is always "data rows, then the head".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.storage.models import AuditEntry, AuditHead, Submission

GENESIS = "0" * 64


class Action(StrEnum):
    """Stable names of what the log records. Never rename one: queries and exports key on them."""

    SUBMISSION_RECEIVED = "submission_received"
    FILE_STORED = "file_stored"
    EXTRACTION = "extraction"
    QUARANTINED = "quarantined"
    VERIFICATION_RUN = "verification_run"
    FINDING = "finding"
    SUGGESTED_SCORE = "suggested_score"
    APPRAISAL_RECORDED = "appraisal_recorded"
    EXPORT = "export"
    TOKEN_CREATED = "token_created"
    TOKEN_USED = "token_used"
    ACCESS_DENIED = "access_denied"
    AUDIT_QUERY = "audit_query"
    # The appraisal workflow (docs/council-workflow.md)
    DOSSIER_STATUS = "dossier_status"
    DEADLINE_SET = "deadline_set"
    REPLY_RECORDED = "reply_recorded"
    FILE_REMOVED = "file_removed"
    # Accounts, sessions, units and tokens
    ACCOUNT_CREATED = "account_created"
    ACCOUNT_CHANGED = "account_changed"
    SIGNED_IN = "signed_in"
    SIGNED_OUT = "signed_out"
    UNIT_CREATED = "unit_created"
    TOKEN_REVOKED = "token_revoked"
    # Failed authentications are counted, not chained one by one: one summary per checkpoint.
    AUTH_FAILURES = "auth_failures"
    CHECKPOINT = "checkpoint"


def canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_hash(prev_hash: str, ts: str, actor: str, action: str, submission_id: str | None, unit: str | None,
               year: int | None, criterion: str | None, kind: str | None, details: str,
               province: str | None = None) -> str:
    fields: list[Any] = [prev_hash, ts, actor, action, submission_id, unit, year, criterion, kind, details]
    if province is not None:
        fields.append(province)
    return hashlib.sha256(canonical(fields).encode("utf-8")).hexdigest()


def hash_of(entry: AuditEntry) -> str:
    """The hash ``entry`` should carry, recomputed from its stored fields."""
    return entry_hash(entry.prev_hash, entry.ts, entry.actor, entry.action, entry.submission_id, entry.unit,
                      entry.year, entry.criterion, entry.kind, entry.details, entry.province)


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class Pending:
    """One entry to append with :func:`append_many`: the same fields as :func:`append`'s arguments."""

    action: Action
    criterion: str | None = None
    kind: str | None = None
    details: dict[str, Any] = field(default_factory=dict)


def _head(session: Session) -> AuditHead:
    head = session.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar_one_or_none()
    if head is None:
        # The migration creates the head; this only covers a database built with create_all().
        head = AuditHead(id=1, seq=0, hash=GENESIS)
        session.add(head)
        session.flush()
    return head


def _province_of(session: Session, submission_id: str | None, province: str | None) -> str | None:
    if province is None and submission_id is not None:
        sub = session.get(Submission, submission_id)
        province = sub.province if sub is not None else None
    return province


def _chain(session: Session, head: AuditHead, action: Action, actor: str, submission_id: str | None,
           unit: str | None, year: int | None, criterion: str | None, kind: str | None,
           details: dict[str, Any] | None, province: str | None) -> AuditEntry:
    ts = _now()
    body = canonical(details or {})
    digest = entry_hash(head.hash, ts, actor, action.value, submission_id, unit, year, criterion, kind, body,
                        province)
    entry = AuditEntry(seq=head.seq + 1, ts=ts, actor=actor, action=action.value, submission_id=submission_id,
                       unit=unit, year=year, criterion=criterion, kind=kind, details=body,
                       prev_hash=head.hash, hash=digest, province=province)
    session.add(entry)
    head.seq, head.hash = entry.seq, digest
    return entry


def append(session: Session, action: Action, actor: str, *, submission_id: str | None = None,
           unit: str | None = None, year: int | None = None, criterion: str | None = None,
           kind: str | None = None, details: dict[str, Any] | None = None,
           province: str | None = None) -> AuditEntry:
    """Add one entry at the end of the chain, inside the caller's transaction.

    ``province`` defaults to the submission's, so a provincial auditor's filter reaches every entry
    about its units without each caller having to say so."""
    province = _province_of(session, submission_id, province)
    entry = _chain(session, _head(session), action, actor, submission_id, unit, year, criterion, kind, details,
                   province)
    session.flush()
    return entry


def append_many(session: Session, entries: Sequence[Pending], actor: str, *, submission_id: str | None = None,
                unit: str | None = None, year: int | None = None,
                province: str | None = None) -> list[AuditEntry]:
    """Add ``entries`` at the end of the chain in order, about one submission, under one lock of the
    head and with one flush: the chain is the one that many :func:`append` calls would build, but a
    run's 300 findings and scores no longer cost 300 round trips (docs/service.md, "Round 2")."""
    if not entries:
        return []
    province = _province_of(session, submission_id, province)
    head = _head(session)
    out = [_chain(session, head, p.action, actor, submission_id, unit, year, p.criterion, p.kind, p.details,
                  province) for p in entries]
    session.flush()
    return out
