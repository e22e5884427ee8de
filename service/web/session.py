"""Signing in to the pages: the person pastes an API token once; a cookie carries it afterwards.

The cookie is HttpOnly and SameSite=Strict, so scripts cannot read it and other sites cannot
send it along. Every form also carries a CSRF value derived from the token (an HMAC), checked on
each POST, because a cookie alone proves only that the browser holds it.
"""

from __future__ import annotations

import hashlib
import hmac

from starlette.requests import Request
from starlette.responses import Response

from service.auth.tokens import Principal, lookup
from service.storage.session import session_scope

SESSION_COOKIE = "pv_session"
MAX_AGE_S = 8 * 3600


def token_of(request: Request) -> str | None:
    return request.cookies.get(SESSION_COOKIE) or None


def principal_of(request: Request, database_url: str) -> Principal | None:
    token = token_of(request)
    if not token:
        return None
    with session_scope(database_url) as s:
        return lookup(s, token)


def csrf_value(token: str) -> str:
    return hmac.new(token.encode(), b"pv-csrf", hashlib.sha256).hexdigest()[:32]


def csrf_ok(request: Request, submitted: str | None) -> bool:
    token = token_of(request)
    return bool(token and submitted) and hmac.compare_digest(csrf_value(token or ""), submitted or "")


def sign_in(response: Response, token: str, secure: bool) -> None:
    response.set_cookie(SESSION_COOKIE, token, max_age=MAX_AGE_S, httponly=True, samesite="strict",
                        secure=secure, path="/")


def sign_out(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")
