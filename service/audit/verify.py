"""Checking the audit chain: names the first entry that was edited, deleted or reordered.

Walking the entries in ``seq`` order, each must (1) hash to its stored hash, (2) sit right after the
previous position, and (3) point at the previous entry's hash. Which of these fails says what
happened:

* stored hash wrong                                   -> the entry itself was **edited**
* link points at an entry that exists elsewhere       -> entries were **reordered**
* a gap in ``seq``, or a link to no existing entry    -> an entry was **deleted** (or edited and
  re-hashed, which the next entry's link still exposes: reported as edited, naming that entry)
* the head records more entries than the table holds  -> entries were **deleted** from the end

What it cannot see on its own: someone who rewrites every entry from the tampered one onward *and*
the head. The signed checkpoint file (service/audit/checkpoint.py) closes that gap.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.audit.log import GENESIS, hash_of
from service.storage.models import AuditEntry, AuditHead


class Tamper(StrEnum):
    EDITED = "edited"
    DELETED = "deleted"
    REORDERED = "reordered"


@dataclass(frozen=True)
class ChainProblem:
    seq: int            # the entry named (for a deletion: the entry right after the hole)
    tamper: Tamper
    detail: str

    def one_line(self) -> str:
        return f"entry {self.seq}: {self.tamper.value}: {self.detail}"


@dataclass(frozen=True)
class ChainReport:
    entries: int
    head_hash: str
    problem: ChainProblem | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def verify_chain(session: Session) -> ChainReport:
    return verify_from(session, 0, GENESIS)


def verify_from(session: Session, start_seq: int, start_hash: str) -> ChainReport:
    """Check the entries after ``start_seq`` (whose hash is known good: a signed checkpoint)."""
    rows = session.execute(select(AuditEntry.seq, AuditEntry.hash).where(AuditEntry.seq > start_seq)).all()
    position = {h: s for s, h in rows}
    expected_seq, expected_prev = start_seq + 1, start_hash
    last_seq, last_hash, count = start_seq, start_hash, 0
    stmt = select(AuditEntry).where(AuditEntry.seq > start_seq).order_by(AuditEntry.seq)
    for entry in session.execute(stmt).scalars().yield_per(500):
        count += 1
        if hash_of(entry) != entry.hash:
            return ChainReport(count, last_hash, ChainProblem(
                entry.seq, Tamper.EDITED, "its content no longer matches its hash"))
        if entry.prev_hash != expected_prev:
            elsewhere = position.get(entry.prev_hash)
            if elsewhere is not None and elsewhere != entry.seq:
                return ChainReport(count, last_hash, ChainProblem(
                    entry.seq, Tamper.REORDERED,
                    f"it follows entry {elsewhere} in the chain but sits at position {entry.seq}"))
            if entry.seq != expected_seq:
                return ChainReport(count, last_hash, ChainProblem(
                    entry.seq, Tamper.DELETED, f"entries {expected_seq}..{entry.seq - 1} are missing"))
            return ChainReport(count, last_hash, ChainProblem(
                last_seq, Tamper.EDITED, f"entry {entry.seq} links to a hash entry {last_seq} no longer has"))
        if entry.seq != expected_seq:
            return ChainReport(count, last_hash, ChainProblem(
                entry.seq, Tamper.DELETED, f"entries {expected_seq}..{entry.seq - 1} are missing"))
        expected_seq, expected_prev = entry.seq + 1, entry.hash
        last_seq, last_hash = entry.seq, entry.hash
    head = session.get(AuditHead, 1)
    if head is not None and (head.seq, head.hash) != (last_seq, last_hash):
        if head.seq > last_seq:
            return ChainReport(count, last_hash, ChainProblem(
                last_seq + 1, Tamper.DELETED, f"entries {last_seq + 1}..{head.seq} are missing from the end"))
        return ChainReport(count, last_hash, ChainProblem(
            last_seq, Tamper.EDITED, "the last entry does not match the recorded head"))
    return ChainReport(count, last_hash, None)
