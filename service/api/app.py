"""The FastAPI application (OpenAPI at ``/docs``). ``verifier serve`` runs it under uvicorn.

The API stores uploads and queues runs; it never opens an evidence file itself (the readers run in
workers, or in the in-process runner's thread when no broker is configured).
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.types import ASGIApp

from service.api.edge import SecurityHeaders
from service.api.routes import accounts, audit, dossiers, health, submissions, tokens
from service.api.uploads import BodyLimit, BodyTooLarge, UploadStalled
from service.audit.checkpoint import CheckpointTimer
from service.cleanup import sweep_at_start
from service.config import Settings, load_settings
from service.dispatch import make_dispatcher
from service.storage.session import upgrade
from service.web import mount
from verifier.errors import FileTooLarge, VerifierError

# What a process killed mid-upload left behind is removed at start-up once it is this old: an upload
# another API process is storing right now is younger (service/cleanup.py).
ORPHAN_AGE_S = 3600
log = logging.getLogger(__name__)


class VerifierApp(FastAPI):
    """FastAPI whose security headers wrap even Starlette's own 500 page (service/api/edge.py):
    a middleware added the usual way sits inside ServerErrorMiddleware and misses it."""

    def build_middleware_stack(self) -> ASGIApp:
        return SecurityHeaders(super().build_middleware_stack())


def _status_of(err: VerifierError) -> int:
    # Too large is the one refusal a client fixes differently (split the upload); the rest are 422.
    return 413 if isinstance(err, FileTooLarge) else 422


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or load_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if os.environ.get("VERIFIER_AUTO_MIGRATE", "1") != "0":
            upgrade(settings.database_url)
        try:
            sweep_at_start(settings.database_url, settings.home, settings.blob_dir, ORPHAN_AGE_S)
        except OperationalError:
            log.exception("start-up sweep skipped: the database is unreachable")
        app.state.dispatcher = make_dispatcher(settings)
        checkpoints = CheckpointTimer(settings).start()   # the audit chain's signed anchor (docs/service.md)
        try:
            yield
        finally:
            checkpoints.stop()
            app.state.dispatcher.shutdown()

    app = VerifierApp(title="PAR evidence verifier", version="0.1.0", lifespan=lifespan,
                  description="Chỉ số CCHC: kiểm tra tài liệu kiểm chứng / evidence verification service")
    app.state.settings = settings
    app.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes, idle_timeout_s=settings.upload_idle_timeout_s)

    @app.exception_handler(VerifierError)
    async def verifier_error(_request: Request, err: VerifierError) -> JSONResponse:
        return JSONResponse(err.to_dict(), status_code=_status_of(err))

    @app.exception_handler(BodyTooLarge)
    async def too_large(_request: Request, err: BodyTooLarge) -> JSONResponse:
        return JSONResponse({"code": "E_TOO_LARGE", "message_vi": f"Dữ liệu tải lên vượt quá {err.limit} byte",
                             "message_en": f"Upload exceeds {err.limit} bytes"}, status_code=413)

    @app.exception_handler(UploadStalled)
    async def stalled(_request: Request, err: UploadStalled) -> JSONResponse:
        return JSONResponse({"code": "E_UPLOAD_TIMEOUT",
                             "message_vi": f"Tải lên bị ngắt: không nhận được dữ liệu trong {err.seconds:g} giây",
                             "message_en": f"Upload cut off: no data received for {err.seconds:g} s"},
                            status_code=408)

    @app.exception_handler(OperationalError)
    @app.exception_handler(PoolTimeout)
    async def database_down(_request: Request, _err: Exception) -> JSONResponse:
        # The database is unreachable or locked past its timeout: a clear 503, never a traceback.
        return JSONResponse({"code": "E_UNAVAILABLE", "message_vi": "Cơ sở dữ liệu tạm thời không truy cập được",
                             "message_en": "The database is temporarily unavailable"},
                            status_code=503, headers={"Retry-After": "10"})

    for module in (health, submissions, dossiers, audit, tokens, accounts):
        app.include_router(module.router)
    mount(app)
    return app
