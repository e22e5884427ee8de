"""The auditor's page: search the verification log, see whether the hash chain is intact, export CSV.

The search runs through the API's own audit query, so a page search is filtered by the auditor's
province and logged exactly as an API query would be.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from service.api.routes.audit import get_audit
from service.audit.log import Action
from service.audit.verify import verify_chain
from service.storage.session import session_scope
from service.web import i18n
from service.web.pages import principal_or_redirect, refusal, render, settings_of
from verifier.text import one_line

router = APIRouter(include_in_schema=False)
FIELDS = ("unit", "year", "criterion", "kind", "actor", "action", "since", "until")
PAGE_LIMIT = 500


def _filters(request: Request) -> tuple[dict[str, str], dict[str, Any], str | None]:
    """The form's values as typed, the arguments of the query, and an input error."""
    q = {k: one_line(request.query_params.get(k, "")) for k in FIELDS}
    args: dict[str, Any] = {k: (v or None) for k, v in q.items() if k not in ("year", "since", "until")}
    error = None
    args["year"] = None
    if q["year"]:
        if q["year"].isdigit():
            args["year"] = int(q["year"])
        else:
            error = q["year"]
    for name in ("since", "until"):
        args[name] = None
        if q[name]:
            try:
                day = dt.date.fromisoformat(q[name])
            except ValueError:
                error = q[name]
                continue
            # "to" a day includes that day: the query's upper bound is exclusive.
            args[name] = (day + dt.timedelta(days=1) if name == "until" else day).isoformat()
    return q, args, error


@router.get("/ui/audit", response_class=HTMLResponse)
def audit_page(request: Request) -> Response:
    principal = principal_or_redirect(request)
    q, args, error = _filters(request)
    lang = i18n.request_lang(request)
    entries: list[dict[str, Any]] = []
    try:
        if error is None:
            response = get_audit(request, principal, **args, limit=PAGE_LIMIT + 1, format="json")
            entries = json.loads(bytes(response.body))
        else:
            from service.api.deps import require
            from service.auth.policy import Op

            require(request, principal, Op.AUDIT)
    except HTTPException as exc:
        return refusal(request, principal, exc)
    with session_scope(settings_of(request).database_url) as s:
        chain = verify_chain(s)
    for e in entries:
        e["details"] = json.dumps(e["details"], ensure_ascii=False)
    query_string = urlencode({k: v for k, v in q.items() if v})
    bad = None if error is None else (f"Giá trị không hợp lệ: {error}" if lang == "vi" else f"Invalid value: {error}")
    return render(request, "audit.html", {
        "q": q, "entries": list(reversed(entries[:PAGE_LIMIT])), "truncated": len(entries) > PAGE_LIMIT,
        "chain": chain, "query_string": query_string, "actions": [a.value for a in Action], "error": bad,
    }, 422 if bad else 200, principal)


@router.get("/ui/audit.csv")
def audit_csv(request: Request) -> Response:
    principal = principal_or_redirect(request)
    _q, args, error = _filters(request)
    if error is not None:
        return Response(f"invalid value: {error}\n", status_code=422, media_type="text/plain; charset=utf-8")
    try:
        return get_audit(request, principal, **args, limit=100_000, format="csv")
    except HTTPException as exc:
        return refusal(request, principal, exc)
