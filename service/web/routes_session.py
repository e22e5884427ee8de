"""Signing in and out with a username and password, changing one's own password, and the start page
that sends each role to its own pages.

Sign-in requires a same-origin POST and the sign-in form's CSRF value. Failures are counted, not
logged one by one (service/auth/throttle.py): past the limit per address, or per username, the
page answers 429 before any password is hashed.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from service.api.deps import WINDOW_S, client_source, failure_book
from service.audit.log import Action, append
from service.auth import accounts, sessions
from service.auth.tokens import Role
from service.storage.models import Account
from service.storage.session import session_scope
from service.web import i18n, session
from service.web.pages import csrf_ok, principal_or_redirect, refusal, render, see_other, settings_of
from verifier.report.messages import t

router = APIRouter(include_in_schema=False)

HOME = {Role.UNIT: "/ui/unit", Role.COUNCIL: "/ui/council", Role.AUDITOR: "/ui/audit", Role.ADMIN: "/ui/admin"}
USER_WINDOW_S = 15 * 60


@router.get("/ui/", response_class=HTMLResponse)
def start(request: Request) -> Response:
    principal = principal_or_redirect(request)
    return see_other(HOME.get(principal.role, "/ui/signin"))


def _signin_page(request: Request, error: str | None = None, status: int = 200, username: str = "") -> Response:
    value = session.signin_value(request)
    response = render(request, "signin.html", {"signin_csrf": value, "error": error, "username": username}, status)
    session.set_signin_cookie(response, value, secure=request.url.scheme == "https")
    return response


@router.get("/ui/signin", response_class=HTMLResponse)
def signin_form(request: Request) -> Response:
    return _signin_page(request)


@router.post("/ui/signin", response_class=HTMLResponse)
async def signin(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=6, max_part_size=4096)
    lang = i18n.request_lang(request)
    tr = i18n.helpers(lang)["tr"]
    raw_user, raw_password, raw_csrf = form.get("username"), form.get("password"), form.get("csrf")
    username = accounts.normal_username(raw_user)[:64] if isinstance(raw_user, str) else ""
    password = raw_password if isinstance(raw_password, str) else ""
    if not session.same_origin(request) or not session.signin_csrf_ok(
            request, raw_csrf if isinstance(raw_csrf, str) else None):
        return _signin_page(request, tr("Phiên đăng nhập không hợp lệ (trang đăng nhập cũ hoặc từ trang khác); "
                                        "hãy thử lại.", "The sign-in form is stale or came from another site; "
                                        "please try again."), 403, username)
    settings = settings_of(request)
    book = failure_book(request)
    source = client_source(request)
    wait = max(book.retry_after(f"ip:{source}", settings.auth_failures_per_minute, WINDOW_S),
               book.retry_after(f"user:{username}", settings.login_failures_per_account, USER_WINDOW_S))
    if wait:
        response = _signin_page(request, tr(f"Đăng nhập sai quá nhiều lần; thử lại sau {wait} giây.",
                                            f"Too many failed sign-ins; try again in {wait} s."), 429, username)
        response.headers["Retry-After"] = str(wait)
        return response

    def check() -> tuple[str, int] | None:
        with session_scope(settings.database_url) as s:
            account = accounts.authenticate(s, username, password) if username and password else None
            if account is None:
                return None
            started = sessions.start(s, account, settings)
            append(s, Action.SIGNED_IN, f"user:{account.username}", province=account.province,
                   details={"username": account.username})
            return started.secret, account.id

    result = await run_in_threadpool(check)
    if result is None:
        book.record((f"ip:{source}", f"user:{username}"), source, "password")
        return _signin_page(request, t("sign_in_failed", lang) if lang == "en" else
                            "Tên đăng nhập hoặc mật khẩu không đúng.", 401, username)
    secret, account_id = result
    with session_scope(settings.database_url) as s:
        role = Role(s.get_one(Account, account_id).role)
    response = see_other(HOME.get(role, "/ui/"))
    session.sign_in(response, secret, secure=request.url.scheme == "https",
                    max_age_s=settings.session_hours * 3600)
    return response


@router.post("/ui/signout")
async def signout(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=5)
    token = form.get("csrf")
    settings = settings_of(request)
    secret = session.secret_of(request)
    if secret and csrf_ok(request, token if isinstance(token, str) else None):
        with session_scope(settings.database_url) as s:
            account = sessions.end(s, secret)
            if account is not None:
                append(s, Action.SIGNED_OUT, f"user:{account.username}", province=account.province,
                       details={"username": account.username})
    response = see_other("/ui/signin")
    session.sign_out(response)
    return response


@router.get("/ui/account", response_class=HTMLResponse)
def account_page(request: Request) -> Response:
    principal = principal_or_redirect(request)
    return render(request, "account.html", {}, principal=principal)


@router.post("/ui/account", response_class=HTMLResponse)
async def change_password(request: Request) -> Response:
    principal = await run_in_threadpool(principal_or_redirect, request)
    form = await request.form(max_files=0, max_fields=6, max_part_size=4096)
    token = form.get("csrf")
    if not csrf_ok(request, token if isinstance(token, str) else None):
        return refusal(request, principal, HTTPException(403, detail="CSRF"))
    tr = i18n.helpers(i18n.request_lang(request))["tr"]
    old, new, again = (form.get(k) for k in ("old", "new", "again"))
    if not all(isinstance(v, str) for v in (old, new, again)) or new != again:
        return render(request, "account.html", {"error": tr("Mật khẩu mới nhập lại không khớp.",
                                                            "The new passwords differ.")}, 422, principal)
    settings = settings_of(request)
    with session_scope(settings.database_url) as s:
        account = accounts.authenticate(s, principal.name, str(old))
        if account is None:
            error = tr("Mật khẩu hiện tại không đúng.", "The current password is wrong.")
        else:
            try:
                accounts.set_password(s, account, str(new), actor=principal.actor)
                error = None
            except accounts.AccountError as exc:
                vi, _, en = str(exc).partition(" / ")
                error = en if i18n.request_lang(request) == "en" else vi
    if error:
        return render(request, "account.html", {"error": error}, 422, principal)
    response = see_other("/ui/signin")
    session.sign_out(response)          # a new password ends every session, this one too
    return response
