"""Handing a queued run to whoever executes it: Celery workers when a broker is configured,
otherwise the in-process runner. The API only ever calls :meth:`Dispatcher.submit`."""

from __future__ import annotations

from typing import Protocol

from service.config import Settings


class Dispatcher(Protocol):
    def submit(self, run_id: int) -> None: ...

    def shutdown(self) -> None: ...


class CeleryDispatcher:
    def submit(self, run_id: int) -> None:
        from workers.tasks import verify_submission

        verify_submission.delay(run_id)

    def shutdown(self) -> None:
        return None


def make_dispatcher(settings: Settings) -> Dispatcher:
    if settings.broker_url:
        return CeleryDispatcher()
    from service.runner import InlineRunner

    runner = InlineRunner(settings)
    runner.recover()
    return runner
