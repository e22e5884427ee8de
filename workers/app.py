"""The Celery application: ``celery -A workers.app worker`` (or ``verifier worker``)."""

from __future__ import annotations

from typing import Any

from celery import Celery
from celery.signals import worker_process_init, worker_ready

app = Celery("verifier")
app.config_from_object("workers.celeryconfig")
app.conf.include = ["workers.tasks"]


@worker_process_init.connect  # type: ignore[untyped-decorator]
def _fresh_connections(**_kwargs: Any) -> None:
    # A forked pool process must not share database sockets with its parent.
    from service.storage.session import dispose_engines

    dispose_engines()


@worker_ready.connect  # type: ignore[untyped-decorator]
def _resend_queued(**_kwargs: Any) -> None:
    # Runs stored while the broker was unreachable were never sent; runs already sent and waiting are
    # harmless to send twice (verify_submission is idempotent).
    from workers.tasks import resend_queued

    resend_queued()
