"""Handing a queued run to whoever executes it: Celery workers when a broker is configured,
otherwise the in-process runner. The API only ever calls :meth:`Dispatcher.submit`."""

from __future__ import annotations

import logging
from typing import Protocol

from service.config import Settings

log = logging.getLogger(__name__)


class Dispatcher(Protocol):
    def submit(self, run_id: int) -> None: ...

    def shutdown(self) -> None: ...


class CeleryDispatcher:
    def submit(self, run_id: int) -> None:
        from workers.tasks import verify_submission

        try:
            verify_submission.delay(run_id)
        except Exception:
            # The upload is stored and the run is 'queued' in the database; a worker re-sends queued
            # runs when it starts (workers/app.py), so a broker outage delays the run, never loses it.
            log.exception("could not queue run %s; it stays queued until a worker starts", run_id)

    def shutdown(self) -> None:
        return None


def make_dispatcher(settings: Settings) -> Dispatcher:
    if settings.broker_url:
        return CeleryDispatcher()
    from service.runner import InlineRunner

    runner = InlineRunner(settings)
    runner.recover()
    return runner
