"""The auditor's page: search the log a page at a time, see whether the hash chain is intact, export
CSV for Excel.

The search runs through the API's own audit query, so the auditor's province filters every entry
and each search is logged. The chain is verified from the newest signed checkpoint (bounded work
per view, service/audit/checkpoint.py); a view that had to verify many entries leaves a new
checkpoint so the next one does not.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from service.api.deps import require
from service.api.routes.audit import run_query
from service.audit.checkpoint import verify_anchored, write_checkpoint
from service.audit.labels import ACTIONS, action_label, actor_label, actor_names, summary
from service.audit.query import AuditFilter, bound
from service.auth.policy import Op
from service.auth.throttle import recent, total_failures
from service.storage.session import session_scope
from service.web import i18n
from service.web.pages import principal_or_redirect, refusal, render, settings_of
from service.workflow.timefmt import vn_from_iso
from verifier.text import one_line

router = APIRouter(include_in_schema=False)
FIELDS = ("unit", "year", "criterion", "kind", "actor", "action", "since", "until")
PAGE_LIMIT = 100
CHECKPOINT_AFTER = 5_000     # a view that verified more entries than this writes a checkpoint


def _filters(request: Request) -> tuple[dict[str, str], AuditFilter | None, str | None]:
    """The form's values as typed, the query, and the first value that cannot be used."""
    q = {k: one_line(request.query_params.get(k, ""))[:200] for k in FIELDS}
    year = None
    if q["year"]:
        if not (q["year"].isdigit() and 2000 <= int(q["year"]) <= 2100):
            return q, None, q["year"]
        year = int(q["year"])
    for name in ("since", "until"):
        try:
            bound(q[name] or None, end=name == "until")
        except ValueError:
            return q, None, q[name]
    raw_before = request.query_params.get("before", "")
    before = int(raw_before) if raw_before.isdigit() and len(raw_before) < 12 else None
    f = AuditFilter(unit=q["unit"] or None, year=year, criterion=q["criterion"] or None, kind=q["kind"] or None,
                    actor=q["actor"] or None, action=q["action"] or None, since=q["since"] or None,
                    until=q["until"] or None, before=before, newest_first=True, limit=PAGE_LIMIT + 1)
    return q, f, None


@router.get("/ui/audit", response_class=HTMLResponse)
def audit_page(request: Request) -> Response:
    principal = principal_or_redirect(request)
    lang = i18n.request_lang(request)
    tr = i18n.helpers(lang)["tr"]
    q, f, bad = _filters(request)
    try:
        require(request, principal, Op.AUDIT)
        entries: list[dict[str, Any]] = []
        if f is not None:
            response = run_query(request, principal, f, "json")
            entries = json.loads(bytes(response.body))
    except HTTPException as exc:
        return refusal(request, principal, exc)
    settings = settings_of(request)
    with session_scope(settings.database_url) as s:
        chain, warning = verify_anchored(s, settings, full=False)
        names = actor_names(s, {e["actor"] for e in entries})
        failures = total_failures(s)
        failure_rows = [(r.hour, r.source, r.reason, r.count) for r in recent(s, 10)]
    if chain.ok and chain.entries > CHECKPOINT_AFTER:
        write_checkpoint(settings.database_url, settings)
    shown = entries[:PAGE_LIMIT]
    for e in shown:
        e["time"] = vn_from_iso(e["ts"])
        e["who"] = actor_label(e["actor"], names, lang)
        e["what"] = action_label(e["action"], lang)
        e["summary"] = summary(e["action"], e["details"], e["kind"], lang)
    query_string = urlencode({k: v for k, v in q.items() if v})
    more = urlencode({**{k: v for k, v in q.items() if v}, "before": shown[-1]["seq"]}) \
        if len(entries) > PAGE_LIMIT and shown else None
    error = tr(f"Giá trị không hợp lệ: {bad}", f"Invalid value: {bad}") if bad is not None else None
    return render(request, "audit.html", {
        "q": q, "entries": shown, "more": more, "chain": chain, "chain_warning": warning,
        "query_string": query_string, "actions": [(a, action_label(a, lang)) for a in ACTIONS], "error": error,
        "failures": failures, "failure_rows": failure_rows,
    }, 422 if error else 200, principal)


@router.get("/ui/audit.csv")
def audit_csv(request: Request) -> Response:
    principal = principal_or_redirect(request)
    _q, f, bad = _filters(request)
    if f is None:
        return Response(f"invalid value / giá trị không hợp lệ: {bad}\n", status_code=422,
                        media_type="text/plain; charset=utf-8")
    try:
        full = AuditFilter(**{**f.__dict__, "newest_first": False, "before": None, "limit": 100_000})
        return run_query(request, principal, full, "csv", i18n.request_lang(request))
    except HTTPException as exc:
        return refusal(request, principal, exc)
