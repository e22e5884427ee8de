"""The service's tables (SQLAlchemy 2 declarative). The schema itself is owned by Alembic.

Scores are stored as strings: they are Decimals in the core ("12,88" in the source tables) and a
float column would round them. JSON payloads are stored as text so SQLite and PostgreSQL agree
byte for byte, which the audit hash chain depends on.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class Unit(Base):
    """An administrative unit of a province (a district, a department). Scope is its id, never its name:
    two names that differ only in accents are two units (docs/council-workflow.md)."""

    __tablename__ = "units"
    __table_args__ = (UniqueConstraint("province", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    province: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(200))          # NFC, one line, as the province writes it
    name_key: Mapped[str] = mapped_column(String(200), index=True)   # accent-folded, for search only
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200), default="")


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))       # shown in logs instead of the secret
    role: Mapped[str] = mapped_column(String(16))
    unit: Mapped[str | None] = mapped_column(String(200))
    unit_key: Mapped[str | None] = mapped_column(String(200))   # legacy; scope is unit_id
    province: Mapped[str | None] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), default=None)
    expires_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    created_by: Mapped[str] = mapped_column(String(200), default="")


class Account(Base):
    """A named person who signs in to the pages with a password (argon2id hash, never the password)."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)   # lower-case ASCII
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), default=None)
    province: Mapped[str | None] = mapped_column(String(64), default=None)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200), default="")
    disabled_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    password_changed_at: Mapped[dt.datetime | None] = mapped_column(default=None)


class WebSession(Base):
    """A signed-in browser. The cookie holds a random secret; only its SHA-256 is stored here."""

    __tablename__ = "web_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)    # sha256 of the cookie's secret
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column()
    revoked_at: Mapped[dt.datetime | None] = mapped_column(default=None)


class AuthFailure(Base):
    """Failed authentications counted per hour and source: a counter, not one audit entry each, so a
    client without credentials cannot grow the hash-chained log (docs/service.md, "Audit log")."""

    __tablename__ = "auth_failures"
    __table_args__ = (UniqueConstraint("hour", "source", "reason"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hour: Mapped[str] = mapped_column(String(16), index=True)        # "2026-11-30T08" UTC
    source: Mapped[str] = mapped_column(String(100))                 # client address, or "user:<name>"
    reason: Mapped[str] = mapped_column(String(32))
    count: Mapped[int] = mapped_column(Integer, default=0)


class Blob(Base):
    """One stored file content, addressed by its SHA-256; the bytes live in the blob store."""

    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Submission(Base):
    __tablename__ = "submissions"

    """A dossier (hồ sơ): one unit's self-assessment of one year, with every version of its files,
    its runs, the council's appraisals and its status (service/workflow/dossiers.py)."""

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    unit: Mapped[str] = mapped_column(String(200))
    unit_key: Mapped[str] = mapped_column(String(200), index=True)
    province: Mapped[str] = mapped_column(String(64), index=True)
    year: Mapped[int | None] = mapped_column(Integer, default=None)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True, default=None)
    status: Mapped[str] = mapped_column(String(24), default="draft")


class Round(Base):
    __tablename__ = "rounds"
    __table_args__ = (UniqueConstraint("submission_id", "number"),)

    """A version of a dossier's files. ``appraisal_round`` says which appraisal round it belongs to:
    1 while the unit prepares its dossier, 2 for files sent with its replies (giải trình)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[str] = mapped_column(ForeignKey("submissions.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    appraisal_round: Mapped[int] = mapped_column(Integer, default=1)


class RoundFile(Base):
    """A file as it appears in one round: display path (sanitised, NFC) pointing at a blob."""

    __tablename__ = "round_files"
    __table_args__ = (UniqueConstraint("round_id", "relative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"), index=True)
    relative: Mapped[str] = mapped_column(String(1000))   # "evidence/1.1.1/KH 163.pdf" or "assessment.tsv"
    role: Mapped[str] = mapped_column(String(16))         # "table" | "evidence"
    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    size: Mapped[int] = mapped_column(Integer)
    new_in_round: Mapped[bool] = mapped_column(default=True)


class ExtractionRow(Base):
    """Cached read + identify of one content, keyed by content hash, extractor version and settings."""

    __tablename__ = "extractions"

    id: Mapped[int] = mapped_column(primary_key=True)
    cache_key: Mapped[str] = mapped_column(String(200), unique=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    extractor_version: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)             # verifier.cache.Extraction as JSON
    error_code: Mapped[str | None] = mapped_column(String(64), default=None)
    seconds: Mapped[float] = mapped_column(default=0.0)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Run(Base):
    """One verification of one round. Progress is written as it goes and read by GET /submissions/{id}."""

    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[str] = mapped_column(ForeignKey("submissions.id"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"))
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)   # queued|running|done|failed
    stage: Mapped[str] = mapped_column(String(16), default="queued")    # queued|extract|evaluate|done
    files_total: Mapped[int] = mapped_column(Integer, default=0)
    files_done: Mapped[int] = mapped_column(Integer, default=0)
    extracted: Mapped[int] = mapped_column(Integer, default=0)          # files actually re-read
    queued_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    started_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    finished_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    rules_version: Mapped[str | None] = mapped_column(String(200), default=None)
    extractor_version: Mapped[str | None] = mapped_column(String(64), default=None)
    framework: Mapped[str | None] = mapped_column(String(200), default=None)
    report: Mapped[str | None] = mapped_column(Text, default=None)      # report_to_dict as JSON
    error: Mapped[str | None] = mapped_column(Text, default=None)
    # The report's totals, stored when the run finishes so lists never parse whole reports.
    total_max: Mapped[str | None] = mapped_column(String(32), default=None)
    total_self: Mapped[str | None] = mapped_column(String(32), default=None)
    total_suggested: Mapped[str | None] = mapped_column(String(32), default=None)
    # Fair scheduling and budgets (migration 0003, docs/service.md "Fairness and budgets")
    last_claim_at: Mapped[dt.datetime | None] = mapped_column(default=None)   # round-robin over runs
    pages_read: Mapped[int] = mapped_column(Integer, default=0)
    ocr_seconds: Mapped[float] = mapped_column(default=0.0)
    budget_exceeded: Mapped[str | None] = mapped_column(String(200), default=None)  # "pages 1200 > 1000"


class Job(Base):
    """One file of one run to extract. ``attempts`` survives worker deaths; see workers/celeryconfig."""

    __tablename__ = "jobs"
    __table_args__ = (UniqueConstraint("run_id", "round_file_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"), index=True)
    round_file_id: Mapped[int] = mapped_column(ForeignKey("round_files.id"))
    cache_key: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)  # pending|running|done|quarantined
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # Liveness (migration 0003): the reader refreshes heartbeat_at while it works; a running job whose
    # heartbeat stopped, or whose worker process is gone, is claimed again (service/jobs.py).
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    worker: Mapped[str | None] = mapped_column(String(200), default=None)   # "host:pid" of the reader


class FindingRow(Base):
    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"), index=True)
    criterion: Mapped[str | None] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(32))
    severity: Mapped[str] = mapped_column(String(16))
    message: Mapped[str] = mapped_column(Text)
    file: Mapped[str | None] = mapped_column(String(1000))
    page: Mapped[int | None] = mapped_column(Integer)
    document: Mapped[str | None] = mapped_column(String(200))
    date: Mapped[dt.date | None] = mapped_column(default=None)


class ScoreRow(Base):
    """The suggested score of one criterion in one run."""

    __tablename__ = "scores"
    __table_args__ = (UniqueConstraint("run_id", "criterion"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"), index=True)
    criterion: Mapped[str] = mapped_column(String(32))
    max_score: Mapped[str] = mapped_column(String(32))
    self_score: Mapped[str | None] = mapped_column(String(32))
    suggested_score: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(32))


class Appraisal(Base):
    """The council's recorded score for one criterion in one appraisal round; history is kept, latest
    wins. ``round_id`` is the version of the files that was appraised."""

    __tablename__ = "appraisals"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[str] = mapped_column(ForeignKey("submissions.id"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"))
    criterion: Mapped[str] = mapped_column(String(32))
    score: Mapped[str] = mapped_column(String(32))
    opinion: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    appraisal_round: Mapped[int] = mapped_column(Integer, default=1)
    previous_score: Mapped[str | None] = mapped_column(String(32), default=None)
    previous_opinion: Mapped[str | None] = mapped_column(Text, default=None)
    source: Mapped[str] = mapped_column(String(16), default="entered")   # entered | accepted (the suggestion)


class Deadline(Base):
    """A deadline set by the council for one phase of a year's appraisal, province-wide (unit_id NULL)
    or for one unit (a reopening). Rows are never updated: the newest row of each scope counts."""

    __tablename__ = "deadlines"

    id: Mapped[int] = mapped_column(primary_key=True)
    province: Mapped[str] = mapped_column(String(64), index=True)
    year: Mapped[int] = mapped_column(Integer)
    phase: Mapped[str] = mapped_column(String(16))                     # self | reply
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), default=None)
    due_at: Mapped[dt.datetime] = mapped_column()                      # UTC
    set_by: Mapped[str] = mapped_column(String(200))
    set_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class StatusChange(Base):
    """One move of a dossier's status, with who made it and why (shown on the dossier's page)."""

    __tablename__ = "status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[str] = mapped_column(ForeignKey("submissions.id"), index=True)
    action: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str] = mapped_column(String(24))
    to_status: Mapped[str] = mapped_column(String(24))
    note: Mapped[str] = mapped_column(Text, default="")
    by: Mapped[str] = mapped_column(String(200))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Reply(Base):
    """A unit's explanation (giải trình bổ sung) of one criterion after the council's round 1, with the
    files it sent (paths in the version ``round_id``)."""

    __tablename__ = "replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[str] = mapped_column(ForeignKey("submissions.id"), index=True)
    criterion: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text, default="")
    files: Mapped[str] = mapped_column(Text, default="[]")            # JSON list of relative paths
    round_id: Mapped[int | None] = mapped_column(ForeignKey("rounds.id"), default=None)
    author: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AuditEntry(Base):
    """Append-only, hash-chained. ``seq`` is assigned under a lock so the chain has no gaps."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_unit_year", "unit", "year"),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    ts: Mapped[str] = mapped_column(String(32))            # ISO UTC, text so it hashes identically everywhere
    actor: Mapped[str] = mapped_column(String(200), index=True)
    action: Mapped[str] = mapped_column(String(32), index=True)
    submission_id: Mapped[str | None] = mapped_column(String(32))
    unit: Mapped[str | None] = mapped_column(String(200))
    year: Mapped[int | None] = mapped_column(Integer)
    criterion: Mapped[str | None] = mapped_column(String(32))
    kind: Mapped[str | None] = mapped_column(String(32))
    details: Mapped[str] = mapped_column(Text)             # canonical JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The province the entry concerns (hashed when set: service/audit/log.py); NULL on older entries
    # and on entries of principals without a province.
    province: Mapped[str | None] = mapped_column(String(64), index=True, default=None)


class AuditHead(Base):
    """The last entry's seq and hash: lets verify notice entries cut from the end of the log."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class AuditCheckpoint(Base):
    """A position of the chain that was verified, signed with the server key (HMAC): later checks
    start here instead of at entry 1. The same checkpoint is written to a file outside the database."""

    __tablename__ = "audit_checkpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[str] = mapped_column(String(32))
    signature: Mapped[str] = mapped_column(String(64))


class Lease(Base):
    """A named lease: the one process that may run the sweeper until ``expires_at`` (service/sweep.py)."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    owner: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[dt.datetime] = mapped_column()
