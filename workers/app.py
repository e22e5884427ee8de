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
def _start_sweeper(**_kwargs: Any) -> None:
    # Re-sends what no one will do: runs stored while the broker was down, jobs of a dead worker
    # (workers/sweeper.py). One sweeper works at a time, whatever the number of workers (a lease).
    from workers import sweeper

    sweeper.start()
