"""Evidence files in the browser: open a file at a page (rendered on the server), download it, the
header picture a finding rests on, and the per-criterion upload, replace, delete and reply forms."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from service.api.deps import visible_submission
from service.api.routes.dossiers import criterion_upload, remove_evidence
from service.auth.policy import Op
from service.storage.blobs import BlobStore
from service.storage.models import Round, RoundFile
from service.storage.session import session_scope
from service.web import data, pageview, picture
from service.web.pages import principal_or_redirect, refusal, render, see_other, settings_of
from service.web.routes_unit import checked_form
from verifier.errors import VerifierError

router = APIRouter(include_in_schema=False)


def _file(request: Request, submission_id: str, file_id: int) -> tuple[RoundFile, int]:
    """A file of a version of a dossier the principal may read (404 otherwise), and its page count."""
    principal = principal_or_redirect(request)
    sub = visible_submission(request, principal, Op.READ, submission_id)
    with session_scope(settings_of(request).database_url) as s:
        rf = s.get(RoundFile, file_id)
        rnd = s.get(Round, rf.round_id) if rf is not None else None
        if rf is None or rnd is None or rnd.submission_id != sub.id:
            raise HTTPException(404, detail={"message_vi": "Không tìm thấy tệp", "message_en": "File not found"})
        pages = 0
        for run in data.runs_of(s, sub.id):
            status = data.raw_files(run).get(rf.relative) if run.status == "done" else None
            if status and run.round_id <= rf.round_id:
                pages = int(status.get("pages") or 0)
        s.expunge(rf)
        return rf, pages


@router.get("/ui/submissions/{submission_id}/files/{file_id}", response_class=HTMLResponse)
def viewer(submission_id: str, file_id: int, request: Request, page: int = 1) -> Response:
    principal = principal_or_redirect(request)
    try:
        rf, pages = _file(request, submission_id, file_id)
    except HTTPException as exc:
        return refusal(request, principal, exc)
    page = max(1, min(page, pages or 1))
    paged = PurePosixPath(rf.relative).suffix.lower() in pageview.IMAGE_SUFFIXES | {".pdf"}
    return render(request, "viewer.html", {"sub_id": submission_id, "rf": rf, "page": page, "pages": pages,
                                           "paged": paged, "name": PurePosixPath(rf.relative).name},
                  principal=principal)


@router.get("/ui/submissions/{submission_id}/files/{file_id}/page.png")
def page_png(submission_id: str, file_id: int, request: Request, page: int = 1) -> Response:
    try:
        rf, _pages = _file(request, submission_id, file_id)
    except HTTPException as exc:
        return Response(status_code=exc.status_code)
    settings = settings_of(request)
    try:
        png = pageview.cached_page(settings.home / "var" / "pages", rf.sha256,
                                   BlobStore(settings.blob_dir).path(rf.sha256), PurePosixPath(rf.relative).suffix,
                                   page)
    except pageview.PageUnavailable:
        return Response(status_code=404)
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=86400"})


@router.get("/ui/submissions/{submission_id}/files/{file_id}/download")
def download(submission_id: str, file_id: int, request: Request) -> Response:
    principal = principal_or_redirect(request)
    try:
        rf, _pages = _file(request, submission_id, file_id)
    except HTTPException as exc:
        return refusal(request, principal, exc)
    name = PurePosixPath(rf.relative).name
    path = BlobStore(settings_of(request).blob_dir).path(rf.sha256)
    return FileResponse(path, media_type="application/octet-stream",
                        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}",
                                 "X-Content-Type-Options": "nosniff"})


@router.get("/ui/submissions/{submission_id}/picture.png")
def page_picture(submission_id: str, request: Request, file: str, run: str | None = None, page: int = 1,
                 doc: str = "", date: str = "") -> Response:
    """The header band of a page with the number and date outlined (service/web/picture.py)."""
    principal = principal_or_redirect(request)
    try:
        sub = visible_submission(request, principal, Op.READ, submission_id)
    except HTTPException as exc:
        return Response(status_code=exc.status_code)
    settings = settings_of(request)
    page = max(1, min(page, 10_000))
    with session_scope(settings.database_url) as s:
        runs = data.runs_of(s, sub.id)
        chosen = next((r for r in runs if run and run.isdigit() and r.id == int(run)), data.latest_done(runs))
        sha = data.blob_sha(s, chosen, file[:1000]) if chosen is not None and chosen.status == "done" else None
        extraction, stored = picture.stored_page(s, chosen.id, file[:1000], page) if sha and chosen else ("", None)
    if sha is None:
        return Response(status_code=404)
    try:
        when = dt.date.fromisoformat(date) if date else None
    except ValueError:
        when = None
    needles = picture.needles_for(doc[:100] or None, when)
    cache = picture.PictureCache(settings.home / "var" / "pictures")
    key = picture.picture_key(sha, page, needles, extraction)
    png = cache.get(key)
    if png is None:
        made = picture.header_picture(BlobStore(settings.blob_dir).path(sha), page, needles, stored=stored)
        if made is None:
            return Response(status_code=404)
        png = made.png
        cache.put(key, png)
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=86400"})


def _back(submission_id: str, code: str) -> str:
    return f"/ui/submissions/{submission_id}?open={quote(code)}#c-{quote(code)}"


@router.post("/ui/submissions/{submission_id}/criteria/{code}/files", response_class=HTMLResponse)
async def criterion_files(submission_id: str, code: str, request: Request) -> Response:
    principal = await run_in_threadpool(principal_or_redirect, request)
    if not await checked_form(request):
        return refusal(request, principal, HTTPException(403, detail="CSRF"))
    try:
        await criterion_upload(request, principal, submission_id, code[:20])
    except (HTTPException, VerifierError) as exc:
        return refusal(request, principal, exc)
    return see_other(_back(submission_id, code[:20]))


@router.post("/ui/submissions/{submission_id}/criteria/{code}/reply", response_class=HTMLResponse)
async def reply(submission_id: str, code: str, request: Request) -> Response:
    principal = await run_in_threadpool(principal_or_redirect, request)
    if not await checked_form(request):
        return refusal(request, principal, HTTPException(403, detail="CSRF"))
    form = await request.form()
    text = form.get("text")
    try:
        await criterion_upload(request, principal, submission_id, code[:20], text if isinstance(text, str) else "")
    except (HTTPException, VerifierError) as exc:
        return refusal(request, principal, exc)
    return see_other(_back(submission_id, code[:20]))


@router.post("/ui/submissions/{submission_id}/files/remove", response_class=HTMLResponse)
async def remove(submission_id: str, request: Request) -> Response:
    principal = await run_in_threadpool(principal_or_redirect, request)
    if not await checked_form(request, max_files=0):
        return refusal(request, principal, HTTPException(403, detail="CSRF"))
    form = await request.form()
    files = [v for v in form.getlist("file") if isinstance(v, str)][:200]
    code = str(form.get("criterion") or "")[:20]
    try:
        await run_in_threadpool(remove_evidence, request, principal, submission_id, files)
    except (HTTPException, VerifierError) as exc:
        return refusal(request, principal, exc)
    return see_other(_back(submission_id, code) if code else f"/ui/submissions/{submission_id}")
