"""Service settings, read once from the environment.

The embedded default needs nothing: SQLite under ``$VERIFIER_HOME/var`` (or the working directory),
blobs beside it, no broker, so the pipeline runs in-process. ``DATABASE_URL`` selects PostgreSQL and
``VERIFIER_BROKER_URL`` switches to Celery workers on Redis.

Time limits live here, not in the Celery module, because the API, the worker and the tests must
agree on them: the Redis visibility timeout has to outlast the hard limit, or a slow task is
delivered a second time while the first copy still runs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


class ConfigError(ValueError):
    """An environment variable holds a value the service cannot run with."""


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name}={raw!r} is not an integer") from exc


@dataclass(frozen=True)
class Settings:
    home: Path
    database_url: str
    broker_url: str | None
    blob_dir: Path
    province: str                    # default province of tokens and submissions
    max_request_bytes: int           # one HTTP upload, all parts together
    max_file_bytes: int              # one file inside an upload
    max_zip_entries: int
    max_zip_total_bytes: int
    max_zip_ratio: int               # uncompressed / compressed, per entry
    max_attempts: int                # worker losses before a file is quarantined
    task_soft_limit_s: int
    task_hard_limit_s: int
    visibility_timeout_s: int
    max_tasks_per_child: int
    inline_jobs: int                 # extraction processes of the in-process runner
    # Accounts, sessions and the audit anchor (docs/service.md, "Accounts and sessions")
    session_hours: int = 8           # a session ends this long after sign-in
    session_idle_minutes: int = 120  # ... or after this long without a request
    token_days: int = 365            # default lifetime of a new API token
    auth_failures_per_minute: int = 20   # per client address, then 429
    login_failures_per_account: int = 10  # per 15 minutes, then 429
    audit_key_file: Path = Path("var/audit.key")              # HMAC key of the checkpoints
    audit_checkpoint_file: Path = Path("var/audit-checkpoint.json")
    checkpoint_interval_s: int = 300  # the API writes a checkpoint this often (0: never)
    # Liveness (docs/service.md, "Liveness"): a reader refreshes its job's heartbeat this often; a job
    # whose heartbeat is older than stale_after_s is claimed again; the sweeper looks this often.
    heartbeat_s: int = 10
    stale_after_s: int = 60
    sweep_interval_s: int = 15
    # Per-submission budgets (docs/service.md, "Fairness and budgets"). Unconfirmed: chosen so the
    # largest real dossiers seen (about 400 files, 1,500 pages, a 150-row table) pass with room.
    budget_files: int = 5000
    budget_pages: int = 20000
    budget_ocr_seconds: int = 4 * 3600
    budget_table_rows: int = 2000
    upload_idle_timeout_s: int = 60   # an upload that sends nothing for this long is cut off (408)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def load_settings() -> Settings:
    """Settings from ``VERIFIER_*`` and ``DATABASE_URL``; raises ConfigError on nonsense."""
    home = Path(os.environ.get("VERIFIER_HOME") or os.getcwd()).resolve()
    var = home / "var"
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{var / 'verifier.db'}"
    if database_url.startswith("postgresql://"):
        # psycopg 3 is the driver we ship; the bare scheme would pick psycopg2.
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgresql://")
    hard = _int("VERIFIER_TASK_HARD_LIMIT", 1800)
    soft = _int("VERIFIER_TASK_SOFT_LIMIT", max(1, hard - 60) if hard > 120 else max(1, int(hard * 0.8)))
    visibility = _int("VERIFIER_VISIBILITY_TIMEOUT", hard + 600)
    if not 0 < soft < hard:
        raise ConfigError(f"soft time limit {soft}s must be below the hard limit {hard}s")
    if visibility <= hard:
        raise ConfigError(f"VERIFIER_VISIBILITY_TIMEOUT ({visibility}s) must exceed the hard time limit "
                          f"({hard}s), or running tasks are delivered twice")
    max_file = _int("VERIFIER_MAX_FILE_BYTES", 50 * 1024 * 1024)
    settings = Settings(
        home=home,
        database_url=database_url,
        broker_url=os.environ.get("VERIFIER_BROKER_URL") or None,
        blob_dir=Path(os.environ.get("VERIFIER_BLOB_DIR") or var / "blobs"),
        province=os.environ.get("VERIFIER_PROVINCE") or "kontum",
        max_request_bytes=_int("VERIFIER_MAX_REQUEST_BYTES", 1024 * 1024 * 1024),
        max_file_bytes=max_file,
        max_zip_entries=_int("VERIFIER_MAX_ZIP_ENTRIES", 5000),
        max_zip_total_bytes=_int("VERIFIER_MAX_ZIP_TOTAL_BYTES", 2 * 1024 * 1024 * 1024),
        max_zip_ratio=_int("VERIFIER_MAX_ZIP_RATIO", 100),
        max_attempts=_int("VERIFIER_MAX_ATTEMPTS", 3),
        task_soft_limit_s=soft,
        task_hard_limit_s=hard,
        visibility_timeout_s=visibility,
        max_tasks_per_child=_int("VERIFIER_MAX_TASKS_PER_CHILD", 50),
        inline_jobs=_int("VERIFIER_INLINE_JOBS", os.cpu_count() or 1),
        session_hours=_int("VERIFIER_SESSION_HOURS", 8),
        session_idle_minutes=_int("VERIFIER_SESSION_IDLE_MINUTES", 120),
        token_days=_int("VERIFIER_TOKEN_DAYS", 365),
        auth_failures_per_minute=_int("VERIFIER_AUTH_FAILURES_PER_MINUTE", 20),
        login_failures_per_account=_int("VERIFIER_LOGIN_FAILURES_PER_ACCOUNT", 10),
        audit_key_file=Path(os.environ.get("VERIFIER_AUDIT_KEY_FILE") or var / "audit.key"),
        audit_checkpoint_file=Path(os.environ.get("VERIFIER_AUDIT_CHECKPOINT_FILE") or var / "audit-checkpoint.json"),
        checkpoint_interval_s=_int("VERIFIER_CHECKPOINT_INTERVAL_S", 300),
        heartbeat_s=_int("VERIFIER_HEARTBEAT_S", 10),
        stale_after_s=_int("VERIFIER_STALE_AFTER_S", 60),
        sweep_interval_s=_int("VERIFIER_SWEEP_INTERVAL_S", 15),
        budget_files=_int("VERIFIER_BUDGET_FILES", 5000),
        budget_pages=_int("VERIFIER_BUDGET_PAGES", 20000),
        budget_ocr_seconds=_int("VERIFIER_BUDGET_OCR_SECONDS", 4 * 3600),
        budget_table_rows=_int("VERIFIER_BUDGET_TABLE_ROWS", 2000),
        upload_idle_timeout_s=_int("VERIFIER_UPLOAD_IDLE_TIMEOUT_S", 60),
    )
    if not 0 < settings.heartbeat_s * 3 <= settings.stale_after_s:
        raise ConfigError(f"VERIFIER_STALE_AFTER_S ({settings.stale_after_s}s) must be at least three heartbeats "
                          f"({settings.heartbeat_s}s each), or a slow but living reader is claimed twice")
    if settings.max_attempts < 1:
        raise ConfigError("VERIFIER_MAX_ATTEMPTS must be at least 1")
    return settings
