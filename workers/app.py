"""The Celery application: ``celery -A workers.app worker`` (or ``verifier worker``)."""

from __future__ import annotations

from typing import Any

from celery import Celery
from celery.signals import worker_process_init

app = Celery("verifier")
app.config_from_object("workers.celeryconfig")
app.conf.include = ["workers.tasks"]


@worker_process_init.connect  # type: ignore[untyped-decorator]
def _fresh_connections(**_kwargs: Any) -> None:
    # A forked pool process must not share database sockets with its parent.
    from service.storage.session import dispose_engines

    dispose_engines()
