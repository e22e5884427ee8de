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


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))       # shown in logs instead of the secret
    role: Mapped[str] = mapped_column(String(16))
    unit: Mapped[str | None] = mapped_column(String(200))
    unit_key: Mapped[str | None] = mapped_column(String(200))
    province: Mapped[str | None] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(default=None)


class Blob(Base):
    """One stored file content, addressed by its SHA-256; the bytes live in the blob store."""

    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Submission(Base):
    __tablename__ = "submissions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    unit: Mapped[str] = mapped_column(String(200))
    unit_key: Mapped[str] = mapped_column(String(200), index=True)
    province: Mapped[str] = mapped_column(String(64), index=True)
    year: Mapped[int | None] = mapped_column(Integer, default=None)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))


class Round(Base):
    __tablename__ = "rounds"
    __table_args__ = (UniqueConstraint("submission_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[str] = mapped_column(ForeignKey("submissions.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


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
    status: Mapped[str] = mapped_column(String(16), default="queued")   # queued|running|done|failed
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


class Job(Base):
    """One file of one run to extract. ``attempts`` survives worker deaths; see workers/celeryconfig."""

    __tablename__ = "jobs"
    __table_args__ = (UniqueConstraint("run_id", "round_file_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"), index=True)
    round_file_id: Mapped[int] = mapped_column(ForeignKey("round_files.id"))
    cache_key: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending|running|done|quarantined
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


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
    """The council's recorded score for one criterion of one round; history is kept, latest wins."""

    __tablename__ = "appraisals"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[str] = mapped_column(ForeignKey("submissions.id"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"))
    criterion: Mapped[str] = mapped_column(String(32))
    score: Mapped[str] = mapped_column(String(32))
    opinion: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


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


class AuditHead(Base):
    """The last entry's seq and hash: lets verify notice entries cut from the end of the log."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
