"""Dossier pages: the list and upload form, live progress, the dossier with its criteria tree,
evidence per criterion, the council's scores and the unit's replies, status moves.

Uploads, moves and replies go through the API's own functions (service/api), so a page and an API
call can never disagree on what is stored, who may see it, or what is audited.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from service.api.deps import require, visible_submission
from service.api.routes.dossiers import make_move
from service.api.routes.submissions import add_files, create_submission
from service.auth.policy import Op
from service.auth.tokens import Principal, Role
from service.storage.models import Run, Submission, Unit
from service.storage.session import session_scope
from service.web import data, i18n
from service.web.dossier_view import dossier_context
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
from service.workflow import dossiers, units
from service.workflow.dossiers import Move
from verifier.errors import VerifierError
from verifier.report.messages import UI

router = APIRouter(include_in_schema=False)

STAGES = {"queued": "queued", "extract": "read", "evaluate": "evaluate", "done": "done"}
PER_PAGE = 50


def progress(run: Run | None) -> dict[str, Any]:
    if run is None:
        return {"status": "queued", "stage": "queued", "done": 0, "total": 0, "percent": 0, "error": None}
    stage = "failed" if run.status == "failed" else STAGES.get(run.stage, "read")
    if run.status in ("done", "failed"):
        percent = 100
    elif run.files_total:
        # Reading is all but the last step: the bar reaches 100% only when the result is stored, and
        # the label always shows the same number as the bar.
        percent = min(95, run.files_done * 95 // run.files_total) + (4 if run.stage == "evaluate" else 0)
    else:
        percent = 99 if run.stage == "evaluate" else 0
    return {"status": run.status, "stage": stage, "done": run.files_done, "total": run.files_total,
            "percent": percent, "error": run.error}


def _home(request: Request, principal: Principal, page: int) -> dict[str, Any]:
    settings = settings_of(request)
    rows = []
    with session_scope(settings.database_url) as s:
        subs = data.visible_submissions(s, principal, offset=(page - 1) * PER_PAGE, limit=PER_PAGE + 1)
        newest = data.newest_runs(s, [x.id for x in subs[:PER_PAGE]])
        for sub in subs[:PER_PAGE]:
            last = newest.get(sub.id)
            rows.append({"id": sub.id, "unit": sub.unit, "year": sub.year, "status": sub.status,
                         "stage": progress(last)["stage"], "created": sub.created_at,
                         "suggested": last.total_suggested if last is not None and last.status == "done" else None})
        open_dossier = None
        lock = None
        unit_choices: list[Unit] = []
        if principal.role is Role.UNIT and principal.unit_id is not None:
            unit = s.get(Unit, principal.unit_id)
            if unit is not None:
                found, year = dossiers.dossier_for_upload(s, unit, None)
                open_dossier = {"id": found.id, "year": found.year or ""} if found else {"id": None,
                                                                                       "year": year or ""}
                problem = dossiers.upload_lock(s, found) if found else None
                lock = (problem.message_en if i18n.request_lang(request) == "en" else problem.message_vi) \
                    if problem else None
        elif principal.role is Role.COUNCIL:
            unit_choices = units.of_province(s, principal.province)
            for u in unit_choices:
                s.expunge(u)
    return {"rows": rows, "page": page, "more": len(subs) > PER_PAGE, "open_dossier": open_dossier,
            "lock": lock, "unit_choices": unit_choices}


@router.get("/ui/unit", response_class=HTMLResponse)
def unit_home(request: Request, page: str | None = None) -> Response:
    principal = principal_or_redirect(request)
    try:
        require(request, principal, Op.SUBMIT)          # units and the council; a refusal is logged
    except HTTPException as exc:
        return refusal(request, principal, exc)
    return render(request, "unit_home.html", _home(request, principal, page_number(page)), principal=principal)


async def checked_form(request: Request, *, max_files: int = 10_000) -> bool:
    """Parse the form once (Starlette caches it for the API handler) and check its CSRF value."""
    form = await request.form(max_files=max_files, max_fields=2_000)
    token = form.get("csrf")
    return await run_in_threadpool(csrf_ok, request, token if isinstance(token, str) else None)


@router.post("/ui/submissions", response_class=HTMLResponse)
async def upload(request: Request) -> Response:
    principal = await run_in_threadpool(principal_or_redirect, request)
    if not await checked_form(request):
        return refusal(request, principal, HTTPException(403, detail="CSRF"))
    try:
        created = await create_submission(request, principal)
    except (HTTPException, VerifierError) as exc:
        lang = i18n.request_lang(request)
        text = error_text(exc.detail if isinstance(exc, HTTPException) else exc, lang)
        context = await run_in_threadpool(_home, request, principal, 1)
        status = exc.status_code if isinstance(exc, HTTPException) else 422
        return render(request, "unit_home.html", {**context, "error": text}, status, principal)
    return see_other(f"/ui/submissions/{created['id']}")


@router.get("/ui/submissions/{submission_id}", response_class=HTMLResponse)
def submission_page(submission_id: str, request: Request, run: str | None = None) -> Response:
    principal = principal_or_redirect(request)
    try:
        sub = visible_submission(request, principal, Op.READ, submission_id)
    except HTTPException as exc:
        return refusal(request, principal, exc)
    with session_scope(settings_of(request).database_url) as s:
        runs = data.runs_of(s, sub.id)
        if data.latest_done(runs) is None:
            return render(request, "progress.html", {"sub": sub, "p": progress(runs[-1] if runs else None),
                                                     "labels": labels(request)}, principal=principal)
        context = dossier_context(s, request, principal, s.get_one(Submission, sub.id), runs, run)
    context["p"] = progress(runs[-1])
    context["labels"] = labels(request)
    return render(request, "result.html", context, principal=principal)


def labels(request: Request) -> dict[str, str]:
    pick = 1 if i18n.request_lang(request) == "en" else 0
    keys = ("stage_queued", "stage_read", "stage_evaluate", "stage_done", "stage_failed")
    return {"files": UI["files_read"][pick], **{k: UI[k][pick] for k in keys}}


@router.get("/ui/submissions/{submission_id}/progress.json")
def progress_json(submission_id: str, request: Request) -> Response:
    principal = principal_or_redirect(request)
    try:
        sub = visible_submission(request, principal, Op.READ, submission_id)
    except HTTPException as exc:
        return JSONResponse(exc.detail, status_code=exc.status_code)
    with session_scope(settings_of(request).database_url) as s:
        newest = data.newest_runs(s, [sub.id]).get(sub.id)
        p = progress(newest)
    return JSONResponse(p, headers={"Cache-Control": "no-store"})


@router.post("/ui/submissions/{submission_id}/move", response_class=HTMLResponse)
async def move(submission_id: str, request: Request) -> Response:
    principal = await run_in_threadpool(principal_or_redirect, request)
    if not await checked_form(request, max_files=0):
        return refusal(request, principal, HTTPException(403, detail="CSRF"))
    form = await request.form()
    raw_move, note, until_day = form.get("move"), form.get("note"), form.get("until")
    try:
        what = Move(str(raw_move))
    except ValueError:
        return refusal(request, principal, HTTPException(422, detail={"message_vi": "Thao tác không hợp lệ",
                                                                     "message_en": "Unknown action"}))
    until = None
    if what is Move.REOPEN:
        from service.workflow.timefmt import parse_vn_local

        try:
            until = parse_vn_local(str(until_day or ""), str(form.get("until_time") or "23:59"))
        except ValueError:
            return refusal(request, principal, HTTPException(422, detail={
                "message_vi": "Cần ngày hạn mới (dd/mm/yyyy)", "message_en": "A new deadline date is needed"}))
    try:
        await run_in_threadpool(make_move, request, principal, submission_id, what,
                                str(note or ""), until)
    except HTTPException as exc:
        return refusal(request, principal, exc)
    return see_other(f"/ui/submissions/{submission_id}?moved={what.value}")


@router.post("/ui/submissions/{submission_id}/supplement", response_class=HTMLResponse)
async def supplement(submission_id: str, request: Request) -> Response:
    principal = await run_in_threadpool(principal_or_redirect, request)
    if not await checked_form(request):
        return refusal(request, principal, HTTPException(403, detail="CSRF"))
    try:
        await add_files(submission_id, request, principal)
    except (HTTPException, VerifierError) as exc:
        return refusal(request, principal, exc)
    return see_other(f"/ui/submissions/{submission_id}")
