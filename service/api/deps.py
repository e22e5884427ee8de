"""Request dependencies: settings, the authenticated principal, and refusals that are logged.

Every request with a valid token leaves a ``token_used`` entry; every refusal of a known principal
(wrong role, a dossier outside its scope) leaves an ``access_denied`` entry. A request without a
valid token is *counted* (service/auth/throttle.py), not chained: an anonymous client cannot grow
the log, and past ``VERIFIER_AUTH_FAILURES_PER_MINUTE`` failures it gets 429. The client sees the
same 404 for "does not exist" and "not yours", so ids of other units cannot be probed.
"""

from __future__ import annotations

from typing import Annotated, Any, NoReturn

from fastapi import Depends, HTTPException, Request

from service.audit.log import Action, append
from service.auth.policy import Op, role_allows, sees
from service.auth.throttle import FailureBook, source_of
from service.auth.tokens import Principal, lookup
from service.config import Settings
from service.dispatch import Dispatcher
from service.storage.blobs import BlobStore
from service.storage.models import Submission
from service.storage.session import session_scope

NOT_FOUND = {"code": "E_NOT_FOUND", "message_vi": "Không tìm thấy hồ sơ", "message_en": "Submission not found"}
FORBIDDEN = {"code": "E_FORBIDDEN", "message_vi": "Vai trò của bạn không được phép thực hiện thao tác này",
             "message_en": "Your role may not perform this operation"}
UNAUTHORIZED = {"code": "E_UNAUTHORIZED", "message_vi": "Thiếu hoặc sai mã truy cập (token)",
                "message_en": "Missing or invalid API token"}
WINDOW_S = 60.0


def error(status: int, code: str, vi: str, en: str, **extra: Any) -> HTTPException:
    """A typed refusal: a stable code and one line in each language."""
    return HTTPException(status, detail={"code": code, "message_vi": vi, "message_en": en, **extra})


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_dispatcher(request: Request) -> Dispatcher:
    dispatcher: Dispatcher = request.app.state.dispatcher
    return dispatcher


def get_blobs(request: Request) -> BlobStore:
    return BlobStore(get_settings(request).blob_dir)


def failure_book(request: Request) -> FailureBook:
    """The process's failure windows, made on first use (one per application)."""
    book: FailureBook | None = getattr(request.app.state, "failure_book", None)
    if book is None:
        book = FailureBook(get_settings(request).database_url)
        request.app.state.failure_book = book
    return book


def client_source(request: Request) -> str:
    return source_of(request.client.host if request.client else None)


def count_failure(request: Request, reason: str, *, extra_key: str | None = None) -> None:
    """Count one failed authentication; raise 429 when its source is over the limit."""
    settings = get_settings(request)
    book = failure_book(request)
    source = client_source(request)
    keys = (f"ip:{source}",) + ((extra_key,) if extra_key else ())
    wait = book.retry_after(f"ip:{source}", settings.auth_failures_per_minute, WINDOW_S)
    book.record(keys, source, reason)
    if wait:
        raise too_many(wait)


def too_many(wait: int) -> HTTPException:
    return HTTPException(429, detail={"code": "E_TOO_MANY", "retry_after_s": wait,
                                      "message_vi": f"Quá nhiều lần xác thực sai; thử lại sau {wait} giây",
                                      "message_en": f"Too many failed authentications; retry in {wait} s"},
                         headers={"Retry-After": str(wait)})


def _where(request: Request) -> dict[str, str]:
    return {"method": request.method, "path": request.url.path}


def current_principal(request: Request) -> Principal:
    settings = get_settings(request)
    header = request.headers.get("authorization", "")
    token = header[7:].strip() if header[:7].lower() == "bearer " else ""
    principal = None
    if token:
        with session_scope(settings.database_url) as s:
            principal = lookup(s, token)
            if principal is not None:
                append(s, Action.TOKEN_USED, principal.actor, unit=principal.unit, province=principal.province,
                       details=_where(request))
    if principal is None:
        count_failure(request, "token" if token else "no_token")
        raise HTTPException(401, detail=UNAUTHORIZED, headers={"WWW-Authenticate": "Bearer"})
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
CurrentSettings = Annotated[Settings, Depends(get_settings)]


def deny(request: Request, principal: Principal, status: int, reason: str,
         submission_id: str | None = None) -> NoReturn:
    """Log the refusal, then raise the 403/404 the client sees."""
    settings = get_settings(request)
    with session_scope(settings.database_url) as s:
        # The principal's province, not the dossier's: a refusal must not tell another province's
        # auditor that an id exists.
        append(s, Action.ACCESS_DENIED, principal.actor, unit=principal.unit, province=principal.province,
               details={**_where(request), "status": status, "reason": reason,
                        **({"submission": submission_id} if submission_id else {})})
    raise HTTPException(status, detail=NOT_FOUND if status == 404 else FORBIDDEN)


def require(request: Request, principal: Principal, op: Op) -> None:
    if not role_allows(principal, op):
        deny(request, principal, 403, f"role {principal.role.value} may not {op.value}")


def visible_submission(request: Request, principal: Principal, op: Op, submission_id: str) -> Submission:
    """The dossier, when the principal's role allows ``op`` and the dossier is in its scope."""
    require(request, principal, op)
    settings = get_settings(request)
    with session_scope(settings.database_url) as s:
        sub = s.get(Submission, submission_id) if len(submission_id) <= 32 else None
        if sub is not None and sees(principal, sub):
            s.expunge(sub)
            return sub
    deny(request, principal, 404, "not found or outside scope", submission_id=submission_id[:32])
