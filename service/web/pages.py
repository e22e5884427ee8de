"""Rendering pages: the signed-in principal, the language, templates, and refusals shown as pages.

Refusals follow the API's rule (service/api/deps.py): a role that may never do something gets 403,
a dossier outside the principal's scope gets the same 404 as one that does not exist.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import HTTPException, Request
from fastapi.templating import Jinja2Templates
from starlette.responses import RedirectResponse, Response

from service.audit.labels import actor_label
from service.auth.tokens import Principal
from service.config import Settings, load_settings
from service.web import i18n, session
from service.workflow.dossiers import DossierStatus
from service.workflow.dossiers import label as status_text
from service.workflow.provinces import framework_document, province_name
from service.workflow.timefmt import vn_datetime, vn_from_iso
from verifier.errors import VerifierError

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
TEMPLATES.env.filters["vn_time"] = vn_datetime
TEMPLATES.env.filters["vn_iso"] = vn_from_iso
TEMPLATES.env.filters["province"] = province_name
TEMPLATES.env.globals["framework_document"] = framework_document
STATIC_PREFIX = "/ui/static"


def finding_pages(f: Any) -> tuple[int, int] | None:
    """The pages a finding rests on: its document's ``pages: [first, last]`` inside a bundle, else
    its one ``page``; None when it names none."""
    pages = getattr(f, "pages", None)
    if pages:
        return int(pages[0]), int(pages[-1])
    page = getattr(f, "page", None)
    return (int(page), int(page)) if page else None


def page_span(f: Any, lang: str = "vi") -> str:
    """'tr. 3–5' (a document inside a bundle), 'tr. 3', or '' ('pp. 3–5' / 'p. 3' in English)."""
    pages = finding_pages(f)
    if pages is None:
        return ""
    first, last = pages
    if last > first:
        return f"tr. {first}–{last}" if lang != "en" else f"pp. {first}–{last}"
    return f"tr. {first}" if lang != "en" else f"p. {first}"


def signature_state(sig: Any, lang: str = "vi") -> str:
    """A signature's validity in words: 'hợp lệ' / 'không hợp lệ' / 'chưa xác định' (no trust roots
    configured: ``valid`` is null, never a guess)."""
    valid = sig.get("valid") if isinstance(sig, dict) else None
    if valid is True:
        return "hợp lệ" if lang != "en" else "valid"
    if valid is False:
        return "không hợp lệ" if lang != "en" else "not valid"
    return "chưa xác định" if lang != "en" else "unknown"


TEMPLATES.env.globals["finding_pages"] = finding_pages
TEMPLATES.env.globals["page_span"] = page_span
TEMPLATES.env.globals["signature_state"] = signature_state


class SignInRequired(Exception):
    """Raised by a page that needs a principal; mount() turns it into a redirect to the sign-in page."""


def settings_of(request: Request) -> Settings:
    settings: Settings | None = getattr(request.app.state, "settings", None)
    return settings or load_settings()


def principal_or_redirect(request: Request) -> Principal:
    current = session.active(request, settings_of(request))
    if current is None:
        raise SignInRequired()
    return current.principal


def csrf_ok(request: Request, submitted: str | None) -> bool:
    return session.csrf_ok(request, settings_of(request), submitted)


def render(request: Request, template: str, context: dict[str, Any], status_code: int = 200,
           principal: Principal | None = None) -> Response:
    lang = i18n.request_lang(request)
    current = session.active(request, settings_of(request)) if principal is not None else None
    ctx = {**i18n.helpers(lang), "request": request, "principal": principal,
           "csrf": current.csrf if current else "", "static": lambda name: f"{STATIC_PREFIX}/{name}",
           "dossier_status": lambda value: status_text(DossierStatus(value), lang) if value in
           DossierStatus.__members__.values() else i18n.helpers(lang)["t"]("no_dossier"),
           "error": None, "notice": None, **context}
    if "who" not in ctx:
        ctx["who"] = lambda actor: actor_label(actor, {}, lang)
    response = TEMPLATES.TemplateResponse(request, template, ctx, status_code=status_code)
    remember_lang(request, response)
    response.headers["Cache-Control"] = "no-store"
    return response


def remember_lang(request: Request, response: Response) -> None:
    chosen = request.query_params.get("lang")
    if chosen in ("vi", "en"):
        response.set_cookie(i18n.LANG_COOKIE, chosen, max_age=365 * 86400, samesite="lax", path="/")


def message_page(request: Request, principal: Principal | None, status_code: int, text: str) -> Response:
    lang = i18n.request_lang(request)
    t = i18n.helpers(lang)["t"]
    heading = {403: t("forbidden"), 404: t("not_found"), 409: t("conflict"), 429: t("too_many")}.get(
        status_code, t("bad_input"))
    return render(request, "message.html", {"heading": heading, "text": text}, status_code, principal)


def error_text(detail: Any, lang: str) -> str:
    """The person-readable text of an API error detail or a VerifierError."""
    if isinstance(detail, VerifierError):
        return detail.message_en if lang == "en" else detail.message_vi
    if isinstance(detail, dict):
        key = "message_en" if lang == "en" else "message_vi"
        return str(detail.get(key) or detail.get("message_vi") or detail)
    return str(detail)


def refusal(request: Request, principal: Principal | None, exc: HTTPException | VerifierError) -> Response:
    lang = i18n.request_lang(request)
    if isinstance(exc, VerifierError):
        return message_page(request, principal, 422, f"[{exc.code}] {error_text(exc, lang)}")
    return message_page(request, principal, exc.status_code, error_text(exc.detail, lang))


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def page_number(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() and len(raw) < 7 and int(raw) > 0 else 1
