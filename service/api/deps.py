"""Request dependencies: settings, the authenticated principal, and refusals that are logged.

Every request with a token leaves a ``token_used`` entry; every refusal (no token, wrong role,
a submission outside the principal's scope) leaves an ``access_denied`` entry. The client sees
the same 404 for "does not exist" and "not yours", so ids of other units cannot be probed.
"""

from __future__ import annotations

from typing import Annotated, NoReturn

from fastapi import Depends, HTTPException, Request

from service.audit.log import Action, append
from service.auth.policy import Op, role_allows, sees
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


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_dispatcher(request: Request) -> Dispatcher:
    dispatcher: Dispatcher = request.app.state.dispatcher
    return dispatcher


def get_blobs(request: Request) -> BlobStore:
    return BlobStore(get_settings(request).blob_dir)


def _where(request: Request) -> dict[str, str]:
    return {"method": request.method, "path": request.url.path}


def current_principal(request: Request) -> Principal:
    settings = get_settings(request)
    header = request.headers.get("authorization", "")
    token = header[7:].strip() if header[:7].lower() == "bearer " else ""
    with session_scope(settings.database_url) as s:
        principal = lookup(s, token) if token else None
        if principal is None:
            append(s, Action.ACCESS_DENIED, "anonymous",
                   details={**_where(request), "status": 401, "reason": "missing or unknown token"})
        else:
            append(s, Action.TOKEN_USED, principal.actor, unit=principal.unit, details=_where(request))
    if principal is None:
        raise HTTPException(401, detail=UNAUTHORIZED, headers={"WWW-Authenticate": "Bearer"})
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
CurrentSettings = Annotated[Settings, Depends(get_settings)]


def deny(request: Request, principal: Principal, status: int, reason: str,
         submission_id: str | None = None) -> NoReturn:
    """Log the refusal, then raise the 403/404 the client sees."""
    settings = get_settings(request)
    with session_scope(settings.database_url) as s:
        append(s, Action.ACCESS_DENIED, principal.actor, submission_id=submission_id, unit=principal.unit,
               details={**_where(request), "status": status, "reason": reason})
    raise HTTPException(status, detail=NOT_FOUND if status == 404 else FORBIDDEN)


def require(request: Request, principal: Principal, op: Op) -> None:
    if not role_allows(principal, op):
        deny(request, principal, 403, f"role {principal.role.value} may not {op.value}")


def visible_submission(request: Request, principal: Principal, op: Op, submission_id: str) -> Submission:
    """The submission, when the principal's role allows ``op`` and the submission is in its scope."""
    require(request, principal, op)
    settings = get_settings(request)
    with session_scope(settings.database_url) as s:
        sub = s.get(Submission, submission_id) if len(submission_id) <= 32 else None
        if sub is not None and sees(principal, sub):
            s.expunge(sub)
            return sub
    deny(request, principal, 404, "not found or outside scope", submission_id=submission_id[:32])
