"""Liveness (``/health``, no token) and component status (``/status``: database, Redis, workers).

Component failures are logged in full on the server; the response names the component and a
short reason only (paperless SystemStatusView).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Request

from service.api.deps import CurrentPrincipal, get_settings, require
from service.auth.policy import Op
from service.storage.session import ping

router = APIRouter(tags=["health"])
log = logging.getLogger(__name__)


@router.get("/health", operation_id="health")
def health() -> dict[str, str]:
    return {"status": "ok"}


def _check_database(url: str) -> dict[str, Any]:
    try:
        ping(url)
        return {"status": "ok"}
    except Exception:
        log.exception("database check failed")
        return {"status": "error", "detail": "database unreachable"}


def _check_redis(url: str | None) -> dict[str, Any]:
    if not url:
        return {"status": "not_configured", "detail": "in-process runner (no broker)"}
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()
        return {"status": "ok"}
    except Exception:
        log.exception("redis check failed")
        return {"status": "error", "detail": "redis unreachable"}


def _check_workers(url: str | None) -> dict[str, Any]:
    if not url:
        return {"status": "not_configured", "detail": "in-process runner (no broker)"}
    from workers.app import app

    for _attempt in range(3):
        try:
            replies = app.control.ping(timeout=1.0)
        except Exception:
            log.exception("worker ping failed")
            continue
        if replies:
            return {"status": "ok", "workers": sorted(name for reply in replies for name in reply)}
    return {"status": "warning", "detail": "no worker answered the ping"}


@router.get("/status", operation_id="status")
def status(request: Request, principal: CurrentPrincipal) -> dict[str, Any]:
    require(request, principal, Op.STATUS)
    settings = get_settings(request)
    database = _check_database(settings.database_url)
    broker = _check_redis(settings.broker_url)
    workers = (_check_workers(settings.broker_url) if broker["status"] == "ok"
               else {"status": "not_configured" if not settings.broker_url else "error",
                     "detail": "no broker to reach workers through"})
    if not settings.broker_url:
        workers = {"status": "not_configured", "detail": "in-process runner (no broker)"}
    states = {database["status"], broker["status"], workers["status"]}
    overall = "error" if "error" in states else "warning" if "warning" in states else "ok"
    return {"status": overall, "database": database, "redis": broker, "workers": workers}
