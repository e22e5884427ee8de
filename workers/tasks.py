"""Celery tasks. They take ids, never bytes, and delegate to service/jobs.py.

A message is a wake-up: ``extract_file`` claims the fairest job from the database (round-robin over
runs), whatever job the sender had in mind, so a lost or repeated message can neither lose nor
double a file (docs/service.md, "Liveness" and "Fairness").

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
from service.jobs import Context, extract_next, finish_if_complete, start_run
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


@app.task(name="verifier.verify_submission")  # type: ignore[untyped-decorator]
def verify_submission(run_id: int) -> None:
    """Make sure the run's jobs exist, wake one reader per file, and evaluate at once when all are cached."""
    ctx = _context()
    pending = start_run(ctx, run_id)
    for _job in pending:
        extract_file.delay()
    if not pending and finish_if_complete(ctx, run_id):
        send_full_text(run_id)


@app.task(name="verifier.extract_file")  # type: ignore[untyped-decorator]
def extract_file(job_id: int | None = None) -> None:
    """Read the fairest claimable file (``job_id`` is kept for old messages and ignored); the last
    reader of a run evaluates it, and the verdict stored, the rest of its scanned pages is read on the
    low-priority queue."""
    del job_id
    extract_next(_context(), before_read=_test_hooks, on_verdict=send_full_text)
