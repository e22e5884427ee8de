"""The low-priority Celery task that reads the rest of a run's scanned pages after its verdict.

Sent on queue "background" once a run's verdict is stored (workers/tasks.py): a worker consuming
only the default queue never takes it, so it cannot delay a unit waiting for a verdict.
``verifier worker`` consumes both queues; by hand: ``celery -A workers.app worker -Q celery,background``.
Idempotent: a page already read in full is skipped, so a task sent twice costs nothing more.
"""

from __future__ import annotations

from workers.app import app

QUEUE = "background"


@app.task(name="verifier.complete_full_text")  # type: ignore[untyped-decorator]
def complete_full_text(run_id: int) -> int:
    """Read every header-only page of the run's files in full (service/fulltext.py); pages read."""
    from service.fulltext import complete_run
    from workers.tasks import _context

    return complete_run(_context(), run_id)


def send_full_text(run_id: int) -> None:
    complete_full_text.apply_async((run_id,), queue=QUEUE)
