"""Pages of a submission: the list and upload form, live progress, the result tree with findings and
page pictures, round-2 supplements, and the exports (XLSX, printable HTML, JSON).

Uploads, supplements and scope checks go through the API's own functions (service/api), so a page
and an API call can never disagree on what is stored, who may see it, or what is audited.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from service.api.deps import visible_submission
from service.api.routes.submissions import add_files, create_submission
from service.audit.log import Action, append
from service.auth.policy import Op
from service.auth.tokens import Principal
from service.storage.blobs import BlobStore
from service.storage.models import Run, Submission
from service.storage.session import session_scope
from service.web import data, i18n, picture
from service.web.pages import (
    error_text,
    principal_or_redirect,
    refusal,
    render,
    see_other,
    settings_of,
)
from service.web.session import csrf_ok
from verifier.errors import VerifierError
from verifier.report.fix_list import fix_list
from verifier.report.html_report import report_html
from verifier.report.messages import UI
from verifier.report.xlsx_export import Appraisal as XlsxAppraisal
from verifier.report.xlsx_export import report_xlsx_bytes
from verifier.text import fold

router = APIRouter(include_in_schema=False)

PAGED_SUFFIXES = {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"}
STAGES = {"queued": "queued", "extract": "read", "evaluate": "evaluate", "done": "done"}


def _progress(run: Run | None) -> dict[str, Any]:
    if run is None:
        return {"status": "queued", "stage": "queued", "done": 0, "total": 0, "percent": 0, "error": None}
    stage = "failed" if run.status == "failed" else STAGES.get(run.stage, "read")
    if run.status in ("done", "failed"):
        percent = 100
    elif run.stage == "evaluate":
        percent = 99
    else:
        percent = min(99, run.files_done * 100 // run.files_total) if run.files_total else 0
    return {"status": run.status, "stage": stage, "done": run.files_done, "total": run.files_total,
            "percent": percent, "error": run.error}


def _home_rows(principal: Principal, database_url: str) -> list[dict[str, Any]]:
    rows = []
    with session_scope(database_url) as s:
        for sub in data.visible_submissions(s, principal):
            runs = data.runs_of(s, sub.id)
            last = runs[-1] if runs else None
            numbers = data.round_numbers(s, sub.id)
            report = data.report_of(data.latest_done(runs))
            rows.append({"id": sub.id, "unit": sub.unit, "year": sub.year,
                         "round": numbers.get(last.round_id, 1) if last else 1,
                         "stage": _progress(last)["stage"], "created": sub.created_at.strftime("%d/%m/%Y %H:%M"),
                         "suggested": report.totals.suggested if report else None})
    return rows


@router.get("/ui/unit", response_class=HTMLResponse)
def unit_home(request: Request) -> Response:
    principal = principal_or_redirect(request)
    if principal.role.value not in ("unit", "council"):
        return refusal(request, principal, HTTPException(403, detail={"message_vi": UI["forbidden"][0],
                                                                     "message_en": UI["forbidden"][1]}))
    return render(request, "unit_home.html", {"rows": _home_rows(principal, settings_of(request).database_url)},
                  principal=principal)


async def _checked_form(request: Request) -> bool:
    """Parse the upload once (with the API's limits; Starlette caches it for the API handler) and
    check the CSRF value."""
    form = await request.form(max_files=10_000, max_fields=100)
    token = form.get("csrf")
    return csrf_ok(request, token if isinstance(token, str) else None)


@router.post("/ui/submissions", response_class=HTMLResponse)
async def upload(request: Request) -> Response:
    principal = await run_in_threadpool(principal_or_redirect, request)
    if not await _checked_form(request):
        return refusal(request, principal, HTTPException(403, detail="CSRF"))
    try:
        created = await create_submission(request, principal)
    except (HTTPException, VerifierError) as exc:
        lang = i18n.request_lang(request)
        text = error_text(exc.detail if isinstance(exc, HTTPException) else exc, lang)
        rows = await run_in_threadpool(_home_rows, principal, settings_of(request).database_url)
        status = exc.status_code if isinstance(exc, HTTPException) else 422
        return render(request, "unit_home.html", {"rows": rows, "error": text}, status, principal)
    return see_other(f"/ui/submissions/{created['id']}")


@router.post("/ui/submissions/{submission_id}/supplement", response_class=HTMLResponse)
async def supplement(submission_id: str, request: Request) -> Response:
    principal = await run_in_threadpool(principal_or_redirect, request)
    if not await _checked_form(request):
        return refusal(request, principal, HTTPException(403, detail="CSRF"))
    try:
        await add_files(submission_id, request, principal)
    except (HTTPException, VerifierError) as exc:
        return refusal(request, principal, exc)
    return see_other(f"/ui/submissions/{submission_id}")


def _run_for(runs: list[Run], run_id: str | None) -> Run | None:
    if run_id and run_id.isdigit():
        return next((r for r in runs if r.id == int(run_id)), None)
    return runs[-1] if runs else None


def _picture_url(sub_id: str, run_id: int, file: str, page: int | None, document: str | None,
                 date: dt.date | None) -> str:
    query = urlencode({"run": run_id, "file": file, "page": page or 1, "doc": document or "",
                       "date": date.isoformat() if date else ""}, quote_via=quote)
    return f"/ui/submissions/{sub_id}/picture.png?{query}"


def _has_pages(file: str) -> bool:
    return PurePosixPath(file).suffix.lower() in PAGED_SUFFIXES


@router.get("/ui/submissions/{submission_id}", response_class=HTMLResponse)
def submission_page(submission_id: str, request: Request, run: str | None = None) -> Response:
    principal = principal_or_redirect(request)
    try:
        sub = visible_submission(request, principal, Op.READ, submission_id)
    except HTTPException as exc:
        return refusal(request, principal, exc)
    with session_scope(settings_of(request).database_url) as s:
        runs = data.runs_of(s, sub.id)
        chosen = _run_for(runs, run)
        if chosen is None or chosen.status != "done":
            return render(request, "progress.html", {"sub": sub, "p": _progress(chosen), "labels": _labels(request)},
                          principal=principal)
        numbers = data.round_numbers(s, sub.id)
        report = data.report_of(chosen)
        assert report is not None  # a done run always stores its report
        round_no = numbers.get(chosen.round_id, 1)
        changes = None
        if round_no > 1:
            earlier = [r for r in runs if r.status == "done" and numbers.get(r.round_id, 1) < round_no]
            before = data.report_of(earlier[-1]) if earlier else None
            changes = data.diff_reports(before, report) if before else None
        recorded = data.recorded_appraisals(s, sub.id, chosen.round_id)
    files = {f.file: f for f in report.files}
    run_id = chosen.id
    return render(request, "result.html", {
        "sub": sub, "run": chosen, "report": report, "round_no": round_no, "changes": changes,
        "fixes": fix_list(report), "files": files, "recorded": recorded, "has_pages": _has_pages,
        "picture_url": lambda f, p, d, dt_: _picture_url(sub.id, run_id, f, p, d, dt_),
    }, principal=principal)


def _labels(request: Request) -> dict[str, str]:
    lang = i18n.request_lang(request)
    pick = 1 if lang == "en" else 0
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
        runs = data.runs_of(s, sub.id)
        p = _progress(runs[-1] if runs else None)
    return JSONResponse(p, headers={"Cache-Control": "no-store"})


def _done_run(request: Request, principal: Principal, submission_id: str,
              run: str | None) -> tuple[Submission, Run, int]:
    sub = visible_submission(request, principal, Op.READ, submission_id)
    with session_scope(settings_of(request).database_url) as s:
        runs = data.runs_of(s, sub.id)
        chosen = _run_for(runs, run) if run else data.latest_done(runs)
        if chosen is None or chosen.status != "done":
            raise HTTPException(409, detail={"message_vi": "Chưa có kết quả kiểm tra", "message_en": "No report yet"})
        return sub, chosen, data.round_numbers(s, sub.id).get(chosen.round_id, 1)


@router.get("/ui/submissions/{submission_id}/picture.png")
def page_picture(submission_id: str, request: Request, file: str, run: str | None = None, page: int = 1,
                 doc: str = "", date: str = "") -> Response:
    principal = principal_or_redirect(request)
    try:
        _sub, chosen, _ = _done_run(request, principal, submission_id, run)
    except HTTPException as exc:
        return Response(status_code=exc.status_code)
    settings = settings_of(request)
    with session_scope(settings.database_url) as s:
        sha = data.blob_sha(s, chosen, file)
    if sha is None:
        return Response(status_code=404)
    try:
        when = dt.date.fromisoformat(date) if date else None
    except ValueError:
        when = None
    needles = picture.needles_for(doc or None, when)
    page = max(1, min(page, 10_000))
    key = hashlib.sha256(json.dumps([sha, page, needles, picture.RENDER_DPI]).encode()).hexdigest()[:32]
    cache = settings.home / "var" / "pictures" / f"{key}.png"
    if cache.is_file():
        png = cache.read_bytes()
    else:
        made = picture.header_picture(BlobStore(settings.blob_dir).path(sha), page, needles)
        if made is None:
            return Response(status_code=404)
        png = made.png
        _store(cache, png)
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=86400"})


def _store(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(content)
    tmp.replace(path)


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in fold(text)).strip("-") or "don-vi"


def _export(request: Request, submission_id: str, run: str | None, what: str) -> Response:
    principal = principal_or_redirect(request)
    try:
        sub, chosen, round_no = _done_run(request, principal, submission_id, run)
    except HTTPException as exc:
        return refusal(request, principal, exc)
    report = data.report_of(chosen)
    assert report is not None
    lang = i18n.request_lang(request)
    with session_scope(settings_of(request).database_url) as s:
        recorded = data.recorded_appraisals(s, sub.id, chosen.round_id)
        append(s, Action.EXPORT, principal.actor, submission_id=sub.id, unit=sub.unit, year=sub.year,
               details={"what": what, "run": chosen.id, "round": round_no, "via": "web"})
    name = f"ket-qua-{_slug(sub.unit)}-{report.year or ''}-vong-{round_no}"
    if what == "xlsx":
        appraisals = {code: XlsxAppraisal(r.score, r.opinion) for code, r in recorded.items()}
        body = report_xlsx_bytes(report, appraisals, lang)
        return Response(body, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'})
    if what == "html":
        return HTMLResponse(report_html(report, lang))
    assert chosen.report is not None
    return Response(chosen.report, media_type="application/json",
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
