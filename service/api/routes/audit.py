"""The audit log for auditors: filtered queries, exported as JSON or CSV. Each query is itself logged.

A provincial auditor's province is part of the database query (service/audit/query.py), so it
applies to every entry and the limit counts only entries the auditor may read.
"""

from __future__ import annotations

import json
from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from service.api.deps import CurrentPrincipal, error, get_settings, require
from service.audit.labels import actor_names
from service.audit.log import Action, append
from service.audit.query import AuditFilter, BadFilter, entry_dict, query, to_csv
from service.auth.policy import Op
from service.auth.tokens import Principal
from service.storage.session import session_scope

router = APIRouter(tags=["audit"])
MAX_PAGE = 5_000
MAX_CSV = 100_000


def run_query(request: Request, principal: Principal, f: AuditFilter, fmt: str, lang: str = "vi") -> Response:
    require(request, principal, Op.AUDIT)
    f = AuditFilter(**{**f.__dict__, "province": principal.province})
    try:
        with session_scope(get_settings(request).database_url) as s:
            entries = query(s, f)
            if fmt == "csv":
                body = to_csv(entries, actor_names(s, {e.actor for e in entries}), lang)
                rows = None
            else:
                body, rows = None, [entry_dict(e) for e in entries]
            append(s, Action.AUDIT_QUERY, principal.actor, unit=f.unit, year=f.year, criterion=f.criterion,
                   kind=f.kind, province=principal.province,
                   details={"filter": f.as_dict(), "format": fmt, "returned": len(entries)})
    except BadFilter as exc:
        raise error(422, "E_FILTER", f"Giá trị lọc không hợp lệ: {str(exc)[:40]!r}",
                    f"Invalid filter value: {str(exc)[:40]!r}") from exc
    if body is not None:
        return Response(body.encode("utf-8"), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="nhat-ky-kiem-tra.csv"'})
    return JSONResponse(rows)


@router.get("/audit", operation_id="query_audit")
def get_audit(request: Request, principal: CurrentPrincipal, unit: str | None = None, year: int | None = None,
              criterion: str | None = None, kind: str | None = None, actor: str | None = None,
              action: str | None = None, submission: str | None = None, since: str | None = None,
              until: str | None = None, before: int | None = None, limit: int = 1000,
              order: Literal["oldest", "newest"] = "oldest",
              format: Literal["json", "csv"] = "json") -> Response:
    # Pages: JSON at most MAX_PAGE entries; with order=newest, X-Next-Before is the cursor of the next
    # (older) page. A CSV download may hold more (an auditor's export), still bounded.
    cap = MAX_CSV if format == "csv" else MAX_PAGE
    size = max(1, min(limit, cap))
    f = AuditFilter(unit=unit, year=year, criterion=criterion, kind=kind, actor=actor, action=action,
                    submission_id=submission, since=since, until=until, before=before,
                    newest_first=order == "newest", limit=size)
    response = run_query(request, principal, f, format)
    if format == "json" and isinstance(response, JSONResponse):
        rows = json.loads(bytes(response.body))
        if len(rows) == size:
            if order == "newest":
                response.headers["X-Next-Before"] = str(min(r["seq"] for r in rows))
            else:
                response.headers["X-Truncated"] = "1"
    return response
