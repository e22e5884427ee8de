"""Liveness (``/live``), readiness (``/health``), both without a token, and component status
(``/status``: database, Redis, workers; admins).

``/health`` answers 200 only when the database and the broker this API depends on answer, 503
otherwise, so an orchestrator (docker compose's health check) stops sending users to an API that
cannot store an upload. ``/live`` says only that the process serves HTTP (a restart would not help
a database outage). Component failures are logged in full on the server; the response names the
component and a short reason only (paperless SystemStatusView).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from service.api.deps import CurrentPrincipal, get_settings, require
from service.auth.policy import Op
from service.storage.session import ping

router = APIRouter(tags=["health"])
log = logging.getLogger(__name__)


@router.get("/live", operation_id="live")
def live() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/health", operation_id="health", responses={503: {"description": "a dependency is down"}})
def health(request: Request) -> JSONResponse:
    settings = get_settings(request)
    database = _check_database(settings.database_url)["status"]
    broker = _check_redis(settings.broker_url)["status"]
    ready = database == "ok" and broker in ("ok", "not_configured")
    return JSONResponse({"status": "ok" if ready else "unavailable", "database": database, "broker": broker},
                        status_code=200 if ready else 503)


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


def _guarded(check: Any, url: str | None) -> dict[str, Any]:
    try:
        result: dict[str, Any] = check(url)
        return result
    except Exception:
        log.exception("status check failed")
        return {"status": "error", "detail": "check failed"}


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
    # With the database down the token cannot be checked: service/api/app.py answers 503 then.
    require(request, principal, Op.STATUS)
    settings = get_settings(request)
    database = _check_database(settings.database_url)
    broker = _check_redis(settings.broker_url)
    workers = (_guarded(_check_workers, settings.broker_url) if broker["status"] == "ok"
               else {"status": "not_configured" if not settings.broker_url else "error",
                     "detail": "no broker to reach workers through"})
    if not settings.broker_url:
        workers = {"status": "not_configured", "detail": "in-process runner (no broker)"}
    states = {database["status"], broker["status"], workers["status"]}
    overall = "error" if "error" in states else "warning" if "warning" in states else "ok"
    return {"status": overall, "database": database, "redis": broker, "workers": workers}
