"""The audit log for auditors: filtered queries, exported as JSON or CSV. Each query is itself logged."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from service.api.deps import CurrentPrincipal, get_settings, require
from service.audit.log import Action, append
from service.audit.query import AuditFilter, entry_dict, query, to_csv
from service.auth.policy import Op
from service.storage.session import session_scope

router = APIRouter(tags=["audit"])


@router.get("/audit", operation_id="query_audit")
def get_audit(request: Request, principal: CurrentPrincipal, unit: str | None = None, year: int | None = None,
              criterion: str | None = None, kind: str | None = None, actor: str | None = None,
              action: str | None = None, submission: str | None = None, since: str | None = None,
              until: str | None = None, limit: int = 1000,
              format: Literal["json", "csv"] = "json") -> Response:
    require(request, principal, Op.AUDIT)
    f = AuditFilter(unit=unit, year=year, criterion=criterion, kind=kind, actor=actor, action=action,
                    submission_id=submission, since=since, until=until, limit=max(1, min(limit, 100_000)))
    with session_scope(get_settings(request).database_url) as s:
        entries = query(s, f)
        if principal.province:
            # A provincial auditor: entries of other provinces' units are not theirs to read.
            from service.storage.models import Submission

            ids = {e.submission_id for e in entries if e.submission_id}
            mine = {sid for sid in ids if (sub := s.get(Submission, sid)) and sub.province == principal.province}
            entries = [e for e in entries if e.submission_id is None or e.submission_id in mine]
        body = to_csv(entries) if format == "csv" else None
        rows = [entry_dict(e) for e in entries] if format == "json" else None
        append(s, Action.AUDIT_QUERY, principal.actor, unit=unit, year=year, criterion=criterion, kind=kind,
               details={"filter": f.as_dict(), "format": format, "returned": len(entries)})
    if body is not None:
        return Response(body, media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="audit.csv"'})
    return JSONResponse(rows)
