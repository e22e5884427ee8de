"""Web pages for units, the council, auditors and administrators, served by the API application.

``mount(app)`` adds the page routes under ``/ui`` and their static files under ``/ui/static``
(local files only: the service may run offline). Pages are rendered on the server and work without
JavaScript; the scripts only animate the progress bar and keep the council's running totals.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from service.web import (
    routes_admin,
    routes_audit,
    routes_council,
    routes_export,
    routes_files,
    routes_session,
    routes_unit,
)
from service.web.pages import STATIC_PREFIX, SignInRequired, see_other

STATIC_DIR = Path(__file__).parent / "static"


def mount(app: FastAPI) -> None:
    """Add the pages to ``app`` (call once, after the API routes)."""
    for module in (routes_session, routes_council, routes_unit, routes_files, routes_export, routes_audit,
                   routes_admin):
        app.include_router(module.router)
    app.mount(STATIC_PREFIX, StaticFiles(directory=STATIC_DIR), name="ui-static")

    @app.exception_handler(SignInRequired)
    async def _sign_in(request: Request, _exc: SignInRequired) -> Response:
        return see_other("/ui/signin")

    if not any(getattr(route, "path", None) == "/" for route in app.router.routes):
        @app.get("/", include_in_schema=False)
        def _root() -> RedirectResponse:
            return RedirectResponse("/ui/", status_code=307)
