"""The low-priority Celery task that reads the rest of a run's scanned pages after its verdict.

Sent on queue "background" once a run's verdict is stored (workers/tasks.py). ``verifier worker``
consumes both queues (by hand: ``celery -A workers.app worker -Q verifier,background``). A task reads
for one step (service/fulltext.py STEP_S) and sends the next step to the back of the queue, so a
worker process is never held by one run's full text for long, and a step stops, within a page,
when a verdict is on its way (service/fulltext.py; measured before steps: a district run's full
text held both processes for 465 s while a round 2 waited; docs/service.md).
Idempotent: a page already read in full is skipped.
"""

from __future__ import annotations

from workers.app import app
from workers.slots import Slots

QUEUE = "background"
# A step that gave way to a verdict comes back this much later: sooner, a free process would
# fetch the step straight back and give way again while the verdict is still on its way.
YIELD_S = 1.0
# All but one of this worker's processes may run a step at once (workers/slots.py); set by the
# worker's main process before it forks its pool (workers/app.py), None outside a worker.
SLOTS: Slots | None = None


@app.task(name="verifier.complete_full_text")  # type: ignore[untyped-decorator]
def complete_full_text(run_id: int) -> int:
    """One step of reading the run's header-only pages in full (service/fulltext.py); pages read.
    Sends the next step when pages are left and this step read some (a file that keeps failing
    does not loop), or, a little later, when it gave way to a verdict."""
    from service.fulltext import complete_some
    from workers.tasks import _context

    held = SLOTS.take() if SLOTS is not None else None
    if SLOTS is not None and held is None:
        send_full_text(run_id, countdown=YIELD_S)     # every other process is left to the verdict queue
        return 0
    try:
        step = complete_some(_context(), run_id)
    finally:
        if held is not None:
            held.close()
    if step.yielded:
        send_full_text(run_id, countdown=YIELD_S)
    elif step.left and step.pages:
        send_full_text(run_id)
    return step.pages


def send_full_text(run_id: int, countdown: float | None = None) -> None:
    complete_full_text.apply_async((run_id,), queue=QUEUE, countdown=countdown)
