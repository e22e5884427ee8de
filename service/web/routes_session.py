"""Signing in and out, and the start page that sends each role to its own pages."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from service.audit.log import Action, append
from service.auth.tokens import Role, lookup
from service.storage.session import session_scope
from service.web import i18n, session
from service.web.pages import principal_or_redirect, refusal, render, see_other, settings_of
from verifier.report.messages import t
from verifier.text import one_line

router = APIRouter(include_in_schema=False)

HOME = {Role.UNIT: "/ui/unit", Role.COUNCIL: "/ui/council", Role.AUDITOR: "/ui/audit"}


@router.get("/ui/", response_class=HTMLResponse)
def start(request: Request) -> Response:
    principal = principal_or_redirect(request)
    target = HOME.get(principal.role)
    if target is None:
        from fastapi import HTTPException

        return refusal(request, principal, HTTPException(403, detail={"message_vi": t("forbidden", "vi"),
                                                                     "message_en": t("forbidden", "en")}))
    return see_other(target)


@router.get("/ui/signin", response_class=HTMLResponse)
def signin_form(request: Request) -> Response:
    return render(request, "signin.html", {})


@router.post("/ui/signin", response_class=HTMLResponse)
async def signin(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=5)
    raw = form.get("token")
    token = one_line(raw) if isinstance(raw, str) else ""
    settings = settings_of(request)
    with session_scope(settings.database_url) as s:
        principal = lookup(s, token) if token else None
        if principal is None:
            append(s, Action.ACCESS_DENIED, "anonymous",
                   details={"method": "POST", "path": "/ui/signin", "status": 401, "reason": "unknown token"})
        else:
            append(s, Action.TOKEN_USED, principal.actor, unit=principal.unit,
                   details={"method": "POST", "path": "/ui/signin"})
    if principal is None:
        return render(request, "signin.html", {"error": t("sign_in_failed", i18n.request_lang(request))}, 401)
    response = see_other(HOME.get(principal.role, "/ui/"))
    session.sign_in(response, token, secure=request.url.scheme == "https")
    return response


@router.post("/ui/signout")
async def signout(request: Request) -> Response:
    response = see_other("/ui/signin")
    session.sign_out(response)
    return response
