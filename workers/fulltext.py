"""The low-priority Celery task that reads the rest of a run's scanned pages after its verdict.

Sent on queue "background" once a run's verdict is stored (workers/tasks.py). ``verifier worker``
consumes both queues (by hand: ``celery -A workers.app worker -Q verifier,background``). A task reads
for one step (service/fulltext.py STEP_S) and sends the next step to the back of the queue, so a
worker process is never held by one run's full text for long: a verdict waiting for a process
waits for one step (measured before steps: a district run's full text held both processes for
465 s while a round 2 waited; docs/service.md). Idempotent: a page already read in full is skipped.
"""

from __future__ import annotations

from workers.app import app

QUEUE = "background"


@app.task(name="verifier.complete_full_text")  # type: ignore[untyped-decorator]
def complete_full_text(run_id: int) -> int:
    """One step of reading the run's header-only pages in full (service/fulltext.py); pages read.
    Sends the next step when pages are left and this step read some (a file that keeps failing
    does not loop)."""
    from service.fulltext import complete_some
    from workers.tasks import _context

    pages, more = complete_some(_context(), run_id)
    if more and pages:
        send_full_text(run_id)
    return pages


def send_full_text(run_id: int) -> None:
    complete_full_text.apply_async((run_id,), queue=QUEUE)
