"""The pages' sign-in state: a server-side session (service/auth/sessions.py) named by an HttpOnly,
SameSite=Strict cookie, and CSRF values.

Every form carries the session's own random CSRF value, checked on each POST. The sign-in form,
which has no session yet, carries a value that must equal a short-lived cookie set with the form
(double submit), and its POST must come from this origin (Origin, else Referer), so a page
elsewhere cannot sign a visitor in as someone else.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response

from service.auth.sessions import Active, resolve
from service.config import Settings
from service.storage.session import session_scope

SESSION_COOKIE = "pv_session"
SIGNIN_COOKIE = "pv_signin"


def secret_of(request: Request) -> str | None:
    return request.cookies.get(SESSION_COOKIE) or None


def active(request: Request, settings: Settings) -> Active | None:
    """The request's session, looked up once per request."""
    if hasattr(request.state, "pv_active"):
        cached: Active | None = request.state.pv_active
        return cached
    secret = secret_of(request)
    found = None
    if secret:
        with session_scope(settings.database_url) as s:
            found = resolve(s, secret, settings)
    request.state.pv_active = found
    return found


def csrf_ok(request: Request, settings: Settings, submitted: str | None) -> bool:
    current = active(request, settings)
    return bool(current and submitted) and hmac.compare_digest(current.csrf if current else "", submitted or "")


def same_origin(request: Request) -> bool:
    """The POST came from a page of this site: Origin (or, without it, Referer) names this host."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        referer = request.headers.get("referer")
        if referer is None:
            return origin is None        # neither header: only the CSRF double submit decides
        origin = referer
    parts = urlsplit(origin)
    return f"{parts.scheme}://{parts.netloc}" == f"{request.url.scheme}://{request.url.netloc}"


def signin_value(request: Request) -> str:
    return request.cookies.get(SIGNIN_COOKIE) or secrets.token_hex(16)


def set_signin_cookie(response: Response, value: str, secure: bool) -> None:
    response.set_cookie(SIGNIN_COOKIE, value, max_age=3600, httponly=True, samesite="strict", secure=secure,
                        path="/ui/signin")


def signin_csrf_ok(request: Request, submitted: str | None) -> bool:
    expected = request.cookies.get(SIGNIN_COOKIE)
    return bool(expected and submitted) and hmac.compare_digest(expected or "", submitted or "")


def sign_in(response: Response, secret: str, secure: bool, max_age_s: int) -> None:
    response.set_cookie(SESSION_COOKIE, secret, max_age=max_age_s, httponly=True, samesite="strict",
                        secure=secure, path="/")
    response.delete_cookie(SIGNIN_COOKIE, path="/ui/signin")


def sign_out(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")
