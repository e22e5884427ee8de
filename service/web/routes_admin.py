"""The administrator's page: units of the province, named accounts (create, disable), and API tokens
for scripts (create, shown once; revoke). A provincial admin sees and manages its province only.

Creation goes through the API's own functions, so the rules (policy, validation, audit entries)
are the same from the page and from a script.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from service.api.deps import require
from service.api.routes.accounts import AccountIn, add_account
from service.api.routes.tokens import TokenIn, issue_token
from service.auth import accounts
from service.auth.policy import Op, administers
from service.auth.tokens import Principal, Role, TokenError, list_tokens, revoke_token
from service.storage.models import Account
from service.storage.session import session_scope
from service.web import i18n
from service.web.pages import (
    csrf_ok,
    error_text,
    page_number,
    principal_or_redirect,
    refusal,
    render,
    see_other,
    settings_of,
)
from service.workflow import units

router = APIRouter(include_in_schema=False)
PER_PAGE = 50


def _context(request: Request, principal: Principal, page: int) -> dict[str, Any]:
    """The three lists a page at a time each (accounts ?page=, units ?upage=, tokens ?tpage=, newest
    token first): a province issues tokens all season, and none may fall off the page unseen."""
    q = request.query_params
    upage, tpage = page_number(q.get("upage")), page_number(q.get("tpage"))
    with session_scope(settings_of(request).database_url) as s:
        listed = accounts.list_accounts(s, principal.province, offset=(page - 1) * PER_PAGE, limit=PER_PAGE + 1)
        unit_rows = units.of_province(s, principal.province)
        unit_names = {u.id: u.name for u in unit_rows}
        tokens = list_tokens(s, principal.province, offset=(tpage - 1) * PER_PAGE, limit=PER_PAGE + 1)
        for row in (*listed, *unit_rows, *tokens):
            s.expunge(row)
    pages = {"page": page, "upage": upage, "tpage": tpage}
    return {"accounts": listed[:PER_PAGE], "more": len(listed) > PER_PAGE, "page": page, "units": unit_rows,
            "unit_page": unit_rows[(upage - 1) * PER_PAGE: upage * PER_PAGE], "upage": upage,
            "units_more": len(unit_rows) > upage * PER_PAGE,
            "unit_names": unit_names, "tokens": tokens[:PER_PAGE], "tpage": tpage,
            "tokens_more": len(tokens) > PER_PAGE, "roles": [r.value for r in Role],
            "page_link": lambda **changed: "?" + urlencode({**pages, **changed})}


def _page(request: Request, principal: Principal, *, notice: str | None = None, error: str | None = None,
          secret: str | None = None, status: int = 200) -> Response:
    context = _context(request, principal, page_number(request.query_params.get("page")))
    return render(request, "admin.html", {**context, "notice": notice, "error": error, "secret": secret},
                  status, principal)


def _guard(request: Request) -> Principal:
    principal = principal_or_redirect(request)
    require(request, principal, Op.ACCOUNTS)
    return principal


@router.get("/ui/admin", response_class=HTMLResponse)
def admin_page(request: Request) -> Response:
    principal = principal_or_redirect(request)
    try:
        require(request, principal, Op.ACCOUNTS)
    except HTTPException as exc:
        return refusal(request, principal, exc)
    return _page(request, principal)


async def _form(request: Request) -> tuple[Principal, Any] | Response:
    principal = await run_in_threadpool(principal_or_redirect, request)
    form = await request.form(max_files=0, max_fields=30, max_part_size=8192)
    token = form.get("csrf")
    if not await run_in_threadpool(csrf_ok, request, token if isinstance(token, str) else None):
        return refusal(request, principal, HTTPException(403, detail="CSRF"))
    try:
        await run_in_threadpool(require, request, principal, Op.ACCOUNTS)
    except HTTPException as exc:
        return refusal(request, principal, exc)
    return principal, form


def _text(form: Any, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


@router.post("/ui/admin/accounts", response_class=HTMLResponse)
async def create_account(request: Request) -> Response:
    got = await _form(request)
    if isinstance(got, Response):
        return got
    principal, form = got
    tr = i18n.helpers(i18n.request_lang(request))["tr"]
    try:
        raw_unit = _text(form, "unit_id")
        body = AccountIn(username=_text(form, "username"), display_name=_text(form, "display_name"),
                         password=_text(form, "password"), role=Role(_text(form, "role") or "unit"),
                         unit_id=int(raw_unit) if raw_unit.isdigit() else None,
                         province=_text(form, "province") or None)
        made = await run_in_threadpool(add_account, request, principal, body)
    except (ValidationError, ValueError):
        return _page(request, principal, error=tr("Thông tin tài khoản không hợp lệ.", "Invalid account details."),
                     status=422)
    except HTTPException as exc:
        return _page(request, principal, error=error_text(exc.detail, i18n.request_lang(request)),
                     status=exc.status_code)
    return _page(request, principal, notice=tr(f"Đã tạo tài khoản {made['username']}.",
                                               f"Account {made['username']} created."), status=201)


@router.post("/ui/admin/accounts/{username}/disable", response_class=HTMLResponse)
async def disable_account(username: str, request: Request) -> Response:
    got = await _form(request)
    if isinstance(got, Response):
        return got
    principal, form = got
    disable = _text(form, "disable") != "0"
    with session_scope(settings_of(request).database_url) as s:
        account = s.query(Account).filter(Account.username == accounts.normal_username(username)).one_or_none()
        if account is None or not administers(principal, account.province) or account.id == (
                principal.id if principal.via.value == "account" else -1):
            return refusal(request, principal, HTTPException(404, detail={"message_vi": "Không tìm thấy tài khoản",
                                                                         "message_en": "No such account"}))
        accounts.set_disabled(s, account, disable, actor=principal.actor)
    return see_other("/ui/admin")


@router.post("/ui/admin/units", response_class=HTMLResponse)
async def create_unit(request: Request) -> Response:
    got = await _form(request)
    if isinstance(got, Response):
        return got
    principal, form = got
    province = principal.province or _text(form, "province") or settings_of(request).province
    try:
        with session_scope(settings_of(request).database_url) as s:
            units.ensure(s, province, _text(form, "name"), actor=principal.actor)
    except units.UnitError as exc:
        vi, _, en = str(exc).partition(" / ")
        return _page(request, principal, error=en if i18n.request_lang(request) == "en" else vi, status=422)
    return see_other("/ui/admin#units")


@router.post("/ui/admin/tokens", response_class=HTMLResponse)
async def create_token(request: Request) -> Response:
    got = await _form(request)
    if isinstance(got, Response):
        return got
    principal, form = got
    tr = i18n.helpers(i18n.request_lang(request))["tr"]
    try:
        raw_unit, raw_days = _text(form, "unit_id"), _text(form, "days")
        body = TokenIn(role=Role(_text(form, "role") or "unit"), unit_id=int(raw_unit) if raw_unit.isdigit() else None,
                       province=_text(form, "province") or None, label=_text(form, "label"),
                       days=int(raw_days) if raw_days.isdigit() else None)
        made = await run_in_threadpool(issue_token, request, principal, body)
    except (ValidationError, ValueError):
        return _page(request, principal, error=tr("Thông tin token không hợp lệ.", "Invalid token details."),
                     status=422)
    except HTTPException as exc:
        return _page(request, principal, error=error_text(exc.detail, i18n.request_lang(request)),
                     status=exc.status_code)
    return _page(request, principal, secret=made["token"], status=201)


@router.post("/ui/admin/tokens/{token_id}/revoke", response_class=HTMLResponse)
async def revoke(token_id: int, request: Request) -> Response:
    got = await _form(request)
    if isinstance(got, Response):
        return got
    principal, _form_data = got
    try:
        with session_scope(settings_of(request).database_url) as s:
            revoke_token(s, str(token_id), actor=principal.actor, province=principal.province)
    except TokenError:
        return refusal(request, principal, HTTPException(404, detail={"message_vi": "Không tìm thấy token",
                                                                     "message_en": "No such token"}))
    return see_other("/ui/admin#tokens")
