"""Celery tasks. They take ids, never bytes, and delegate to service/jobs.py.

Test hooks, off by default and never to be set in production:

* ``VERIFIER_TEST_POISON_SHA256``: comma-separated SHA-256 digests. ``extract_file`` SIGKILLs its
  own process when asked to read one of them: a deterministic "file that kills its worker".
* ``VERIFIER_TEST_EXTRACT_DELAY_S``: seconds to sleep before each read, so a test can kill a worker
  or restart Redis while a submission is certainly mid-way.
"""

from __future__ import annotations

import os
import signal
import time
from functools import cache

from service.config import load_settings
from service.jobs import Context, extract_job, finish_if_complete, start_run
from service.runner import context_of
from workers.app import app
from workers.fulltext import send_full_text


@cache
def _context() -> Context:
    return context_of(load_settings())


def _test_hooks(sha256: str) -> None:
    delay = float(os.environ.get("VERIFIER_TEST_EXTRACT_DELAY_S") or 0)
    if delay > 0:
        time.sleep(delay)
    poison = {s.strip() for s in os.environ.get("VERIFIER_TEST_POISON_SHA256", "").split(",") if s.strip()}
    if sha256 in poison:
        os.kill(os.getpid(), signal.SIGKILL)


def resend_queued() -> int:
    """Send verify_submission again for every run still 'queued' in the database. Returns how many."""
    from sqlalchemy import select

    from service.storage.models import Run
    from service.storage.session import session_scope

    with session_scope(_context().database_url) as s:
        ids = list(s.execute(select(Run.id).where(Run.status == "queued").order_by(Run.id)).scalars())
    for run_id in ids:
        verify_submission.delay(run_id)
    return len(ids)


@app.task(name="verifier.verify_submission")  # type: ignore[untyped-decorator]
def verify_submission(run_id: int) -> None:
    """Create the run's extraction jobs, fan them out, and evaluate at once when all are cached."""
    ctx = _context()
    pending = start_run(ctx, run_id)
    for job_id in pending:
        extract_file.delay(job_id)
    if not pending and finish_if_complete(ctx, run_id):
        send_full_text(run_id)


@app.task(name="verifier.extract_file")  # type: ignore[untyped-decorator]
def extract_file(job_id: int) -> None:
    """Extract one evidence file (cached by content); the last one to finish evaluates the run."""
    if extract_job(_context(), job_id, before_read=_test_hooks):
        # the verdict is stored: the rest of the scanned pages is read on the low-priority queue
        run_id = _run_of(job_id)
        if run_id is not None:
            send_full_text(run_id)


def _run_of(job_id: int) -> int | None:
    from service.storage.models import Job
    from service.storage.session import session_scope

    with session_scope(_context().database_url) as s:
        job = s.get(Job, job_id)
        return job.run_id if job is not None else None
