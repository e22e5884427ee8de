"""The Celery application: ``celery -A workers.app worker`` (or ``verifier worker``)."""

from __future__ import annotations

from typing import Any

from celery import Celery
from celery.signals import worker_init, worker_process_init, worker_ready, worker_shutdown

app = Celery("verifier")
app.config_from_object("workers.celeryconfig")
app.conf.include = ["workers.tasks"]


@worker_process_init.connect  # type: ignore[untyped-decorator]
def _fresh_connections(**_kwargs: Any) -> None:
    # A forked pool process must not share database sockets with its parent.
    from service.storage.session import dispose_engines
    from verifier.pipeline import warm_reader

    dispose_engines()
    # Celery replaces a process every VERIFIER_MAX_TASKS_PER_CHILD tasks: its reader process and OCR
    # engines start now, not on the first file it is given (docs/service.md, "Round 2").
    warm_reader()


@worker_ready.connect  # type: ignore[untyped-decorator]
def _start_sweeper(**_kwargs: Any) -> None:
    # Re-sends what no one will do: runs stored while the broker was down, jobs of a dead worker
    # (workers/sweeper.py). One sweeper works at a time, whatever the number of workers (a lease).
    from workers import sweeper

    sweeper.start()


@worker_init.connect  # type: ignore[untyped-decorator]
def _background_slots(sender: Any = None, **_kwargs: Any) -> None:
    # In the main process, before the pool forks: full text may use all processes but one.
    from workers import fulltext
    from workers.slots import Slots

    fulltext.SLOTS = Slots.create(int(getattr(sender, "concurrency", 0) or 1))


@worker_shutdown.connect  # type: ignore[untyped-decorator]
def _remove_slots(**_kwargs: Any) -> None:
    from workers import fulltext

    if fulltext.SLOTS is not None:
        fulltext.SLOTS.remove()
