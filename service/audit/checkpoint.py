"""Signed checkpoints of the audit chain: incremental verification, and an anchor outside the database.

A checkpoint is a position of the chain (seq, hash) that was verified, signed with an HMAC-SHA256
under the server key (``VERIFIER_AUDIT_KEY_FILE``, created with mode 0600 on first use). It is kept
twice: as a row of ``audit_checkpoints``, so the audit page verifies only the entries after it, and
in a file outside the database (``VERIFIER_AUDIT_CHECKPOINT_FILE``), so that cutting the tail of
the log and moving ``audit_head`` back is detected: the file names a position the database no
longer has, or a hash it no longer holds.

Someone who can write the database but not the key cannot forge a checkpoint; someone who can
delete the file loses the anchor, which :func:`verify_anchored` reports. Keep the key and the file
where the database's users cannot write (another volume, another machine's backup).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.audit.log import GENESIS, Action, append, hash_of
from service.audit.verify import ChainProblem, ChainReport, Tamper, verify_chain, verify_from
from service.config import Settings
from service.storage.models import AuditCheckpoint, AuditEntry, AuditHead
from service.storage.session import session_scope


def _key(path: Path) -> bytes:
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_hex(32) + "\n")
    return bytes.fromhex(path.read_text().strip())


def sign(key: bytes, seq: int, digest: str, created_at: str) -> str:
    return hmac.new(key, f"{seq}|{digest}|{created_at}".encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str
    created_at: str
    signature: str

    def valid(self, key: bytes) -> bool:
        return hmac.compare_digest(self.signature, sign(key, self.seq, self.hash, self.created_at))


def read_file_anchor(path: Path) -> Anchor | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Anchor(int(data["seq"]), str(data["hash"]), str(data["created_at"]), str(data["signature"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_file_anchor(path: Path, anchor: Anchor) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(anchor.__dict__, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)


def latest_stored(session: Session, key: bytes) -> Anchor | None:
    """The newest checkpoint row whose signature holds (a forged row is ignored, and so reported)."""
    for row in session.execute(select(AuditCheckpoint).order_by(AuditCheckpoint.id.desc()).limit(20)).scalars():
        anchor = Anchor(row.seq, row.hash, row.created_at, row.signature)
        if anchor.valid(key):
            return anchor
    return None


def _check_anchor(session: Session, anchor: Anchor, where: str) -> ChainProblem | None:
    """The chain still holds the anchored entry, unchanged."""
    if anchor.seq == 0:
        return None
    entry = session.get(AuditEntry, anchor.seq)
    if entry is None:
        head = session.get(AuditHead, 1)
        last = head.seq if head else 0
        return ChainProblem(min(anchor.seq, last + 1), Tamper.DELETED,
                            f"the {where} checkpoint names entry {anchor.seq}, which is gone: entries were cut "
                            f"from the end")
    if entry.hash != anchor.hash or hash_of(entry) != anchor.hash:
        return ChainProblem(anchor.seq, Tamper.EDITED,
                            f"entry {anchor.seq} no longer has the hash the {where} checkpoint signed")
    return None


def verify_anchored(session: Session, settings: Settings, *, full: bool) -> tuple[ChainReport, str | None]:
    """Verify the chain (all of it, or from the newest signed checkpoint) and compare it with the
    file anchor. Returns the report and a warning when there is no usable file anchor."""
    key = _key(settings.audit_key_file)
    warning = None
    file_anchor = read_file_anchor(settings.audit_checkpoint_file)
    if file_anchor is not None and not file_anchor.valid(key):
        head = session.get(AuditHead, 1)
        return ChainReport(0, head.hash if head else GENESIS, ChainProblem(
            file_anchor.seq, Tamper.EDITED, "the checkpoint file's signature does not match the server key")), None
    if file_anchor is None:
        warning = ("chưa có tệp mốc ký: chưa loại trừ được việc cắt đuôi nhật ký trước mốc đầu tiên / no checkpoint "
                   "file yet: a cut tail before the first checkpoint cannot be ruled out")
    stored = None if full else latest_stored(session, key)
    for anchor, where in ((file_anchor, "file"), (stored, "stored")):
        if anchor is not None:
            problem = _check_anchor(session, anchor, where)
            if problem is not None:
                head = session.get(AuditHead, 1)
                return ChainReport(0, head.hash if head else GENESIS, problem), warning
    report = verify_chain(session) if stored is None else verify_from(session, stored.seq, stored.hash)
    return report, warning


def write_checkpoint(database_url: str, settings: Settings, *, full: bool = False) -> tuple[ChainReport, str | None]:
    """Verify, and when the chain is intact record a new checkpoint (row and file), chaining first a
    summary of the failed authentications counted since the previous one."""
    from service.auth.throttle import total_failures

    key = _key(settings.audit_key_file)
    with session_scope(database_url) as s:
        report, warning = verify_anchored(s, settings, full=full)
        if not report.ok:
            return report, warning
        failed = total_failures(s)
        previous = s.execute(select(AuditEntry.details).where(AuditEntry.action == Action.AUTH_FAILURES.value)
                             .order_by(AuditEntry.seq.desc()).limit(1)).scalar_one_or_none()
        before = int(json.loads(previous).get("total", 0)) if previous else 0
        if failed > before:
            append(s, Action.AUTH_FAILURES, "system:checkpoint", details={"count": failed - before, "total": failed})
        head = s.get(AuditHead, 1)
        seq, digest = (head.seq, head.hash) if head else (0, GENESIS)
        now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        anchor = Anchor(seq, digest, now, sign(key, seq, digest, now))
        s.add(AuditCheckpoint(seq=seq, hash=digest, created_at=now, signature=anchor.signature))
    _write_file_anchor(settings.audit_checkpoint_file, anchor)
    return ChainReport(report.entries, digest, None), warning


class CheckpointTimer:
    """Writes a checkpoint every ``settings.checkpoint_interval_s`` in a daemon thread of the API."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="audit-checkpoint", daemon=True)

    def start(self) -> CheckpointTimer:
        if self.settings.checkpoint_interval_s > 0:
            self._thread.start()
        return self

    def _loop(self) -> None:
        while not self._stop.wait(self.settings.checkpoint_interval_s):
            try:
                write_checkpoint(self.settings.database_url, self.settings)
            except Exception:  # a database blip must not end the schedule
                import logging

                logging.getLogger(__name__).exception("audit checkpoint failed")

    def stop(self) -> None:
        self._stop.set()
