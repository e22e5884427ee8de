"""Exports of one dossier: the scoring software's XLSX (with the council's own columns), the
printable HTML report and the JSON report. Each export is logged."""

from __future__ import annotations

import json

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from service.api.deps import visible_submission
from service.api.routes.submissions import unit_wins
from service.audit.log import Action, append
from service.auth.policy import Op
from service.storage.blobs import BlobStore
from service.storage.models import Submission
from service.storage.session import session_scope
from service.web import data, i18n
from service.web.pages import principal_or_redirect, refusal, settings_of
from service.workflow.exports import dossier_xlsx
from verifier.report.html_report import report_html
from verifier.text import fold

router = APIRouter(include_in_schema=False)


def slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in fold(text)).strip("-") or "don-vi"


def _export(request: Request, submission_id: str, run: str | None, what: str) -> Response:
    principal = principal_or_redirect(request)
    try:
        sub = visible_submission(request, principal, Op.READ, submission_id)
    except HTTPException as exc:
        return refusal(request, principal, exc)
    lang = i18n.request_lang(request)
    settings = settings_of(request)
    with session_scope(settings.database_url) as s:
        runs = data.runs_of(s, sub.id)
        chosen = next((r for r in runs if run and run.isdigit() and r.id == int(run)), None) or data.latest_done(runs)
        if chosen is None or chosen.status != "done":
            return refusal(request, principal, HTTPException(409, detail={
                "message_vi": "Chưa có kết quả kiểm tra", "message_en": "No report yet"}))
        version = data.round_numbers(s, sub.id).get(chosen.round_id, 1)
        fresh = s.get_one(Submission, sub.id)
        report = data.report_of(chosen, fresh)
        assert report is not None
        append(s, Action.EXPORT, principal.actor, submission_id=sub.id, unit=sub.unit, year=sub.year,
               details={"what": what, "run": chosen.id, "round": version, "via": "web"})
        body = dossier_xlsx(s, fresh, chosen, report, BlobStore(settings.blob_dir), lang) if what == "xlsx" else b""
        raw = json.dumps(unit_wins(json.loads(chosen.report or "{}"), fresh), ensure_ascii=False)
    name = f"ket-qua-{slug(sub.unit)}-{report.year or ''}-phien-ban-{version}"
    if what == "xlsx":
        return Response(body, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'})
    if what == "html":
        return HTMLResponse(report_html(report, lang))
    return Response(raw, media_type="application/json",
                    headers={"Content-Disposition": f'inline; filename="{name}.json"'})


@router.get("/ui/submissions/{submission_id}/export.xlsx")
def export_xlsx(submission_id: str, request: Request, run: str | None = None) -> Response:
    return _export(request, submission_id, run, "xlsx")


@router.get("/ui/submissions/{submission_id}/report.html", response_class=HTMLResponse)
def export_html(submission_id: str, request: Request, run: str | None = None) -> Response:
    return _export(request, submission_id, run, "html")


@router.get("/ui/submissions/{submission_id}/report.json")
def export_json(submission_id: str, request: Request, run: str | None = None) -> Response:
    return _export(request, submission_id, run, "json")
