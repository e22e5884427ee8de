"""The appraisal workflow over HTTP: status moves, deadlines, evidence per criterion, replies."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from service.api.deps import (
    CurrentPrincipal,
    error,
    get_blobs,
    get_dispatcher,
    get_settings,
    require,
    visible_submission,
)
from service.api.routes.submissions import conflict, queue_run, read_form, round_for, staging_dir
from service.auth.policy import Op
from service.auth.tokens import Principal
from service.intake import receive_supplement
from service.storage.models import Submission
from service.storage.session import session_scope
from service.workflow import dossiers, evidence, replies
from service.workflow.dossiers import Move, Phase, WorkflowError, status_of

router = APIRouter(tags=["workflow"])


class MoveIn(BaseModel):
    move: Move
    note: str = Field(default="", max_length=2000)
    until: dt.datetime | None = Field(default=None, description="reopen: the unit's new deadline (with offset)")


def _utc(when: dt.datetime) -> dt.datetime:
    aware = when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)
    return aware.astimezone(dt.UTC).replace(tzinfo=None)


def make_move(request: Request, principal: Principal, submission_id: str, what: Move, note: str,
              until: dt.datetime | None) -> dict[str, Any]:
    op = Op.SEND if what in (Move.SEND, Move.SEND_REPLY) else Op.MANAGE
    sub = visible_submission(request, principal, op, submission_id)
    with session_scope(get_settings(request).database_url) as s:
        fresh = s.get_one(Submission, sub.id)
        try:
            after = dossiers.move(s, fresh, what, principal, note=note, reopen_until=_utc(until) if until else None)
        except WorkflowError as err:
            raise conflict(err) from err
    return {"id": sub.id, "dossier_status": after.value, "label": dossiers.label(after)}


@router.post("/submissions/{submission_id}/moves", operation_id="move_dossier")
def post_move(submission_id: str, body: MoveIn, request: Request, principal: CurrentPrincipal) -> dict[str, Any]:
    return make_move(request, principal, submission_id, body.move, body.note, body.until)


class DeadlineIn(BaseModel):
    year: int = Field(ge=2000, le=2100)
    phase: Phase
    due_at: dt.datetime = Field(description="ISO 8601 with offset, e.g. 2027-01-15T17:00:00+07:00")


@router.post("/deadlines", status_code=201, operation_id="set_deadline")
def post_deadline(body: DeadlineIn, request: Request, principal: CurrentPrincipal) -> dict[str, Any]:
    require(request, principal, Op.MANAGE)
    if not principal.province:
        raise error(422, "E_PROVINCE", "Tài khoản không gắn với tỉnh nào", "The principal has no province")
    with session_scope(get_settings(request).database_url) as s:
        row = dossiers.set_deadline(s, principal, province=principal.province, year=body.year, phase=body.phase,
                                    due_at=_utc(body.due_at))
        return {"id": row.id, "province": row.province, "year": row.year, "phase": row.phase,
                "due_at": row.due_at.isoformat() + "Z"}


def _uploads(form: Any, field: str) -> list[UploadFile]:
    return [v for v in form.getlist(field) if isinstance(v, UploadFile) and v.filename]


async def criterion_upload(request: Request, principal: Principal, submission_id: str, code: str,
                           reply_text: str | None = None) -> dict[str, Any]:
    """Files into ``evidence/<code>/`` (replacing same-named ones) as a new version; with
    ``reply_text`` (or a reply form field) also the unit's explanation of that criterion."""
    op = Op.REPLY if reply_text is not None else Op.SUPPLEMENT
    sub = await run_in_threadpool(visible_submission, request, principal, op, submission_id)
    settings = get_settings(request)
    form = await read_form(request)
    try:
        files = _uploads(form, "file")
        with staging_dir(request) as staging:
            def store() -> dict[str, Any]:
                if not evidence.valid_code(code):
                    raise error(422, "E_CRITERION", f"Mã tiêu chí không hợp lệ: {code[:20]!r}",
                                f"Not a criterion code: {code[:20]!r}")
                written: list[str] = []
                if files or reply_text is None:   # a reply may be text alone; an upload needs a file
                    written = evidence.stage_criterion_files(files, staging, code, settings.max_file_bytes)
                with session_scope(settings.database_url) as s:
                    fresh = s.get_one(Submission, sub.id)
                    lock = dossiers.upload_lock(s, fresh)
                    if lock is not None:
                        raise conflict(lock)
                    run_id, version = None, None
                    if written:
                        rnd, run = receive_supplement(s, get_blobs(request), staging, fresh, actor=principal.actor,
                                                      max_file_bytes=settings.max_file_bytes)
                        rnd.appraisal_round = round_for(status_of(fresh))
                        queue_run(s, run, settings)
                        run_id, version = run.id, rnd.number
                        version_id: int | None = rnd.id
                    else:
                        version_id = None
                    if reply_text is not None:
                        try:
                            replies.record_reply(s, fresh, principal, criterion=code, text=reply_text, files=written,
                                                 version_id=version_id)
                        except WorkflowError as err:
                            raise conflict(err) from err
                    return {"id": sub.id, "criterion": code, "files": written, "run": run_id, "version": version}

            result = await run_in_threadpool(store)
    finally:
        await form.close()
    if result["run"] is not None:
        get_dispatcher(request).submit(result["run"])
    return result


@router.post("/submissions/{submission_id}/criteria/{code}/files", status_code=202, operation_id="criterion_files")
async def post_criterion_files(submission_id: str, code: str, request: Request,
                               principal: CurrentPrincipal) -> dict[str, Any]:
    """Multipart ``file`` parts, filed under the criterion whatever their names say."""
    return await criterion_upload(request, principal, submission_id, code)


@router.post("/submissions/{submission_id}/criteria/{code}/reply", status_code=201, operation_id="reply")
async def post_reply(submission_id: str, code: str, request: Request, principal: CurrentPrincipal) -> dict[str, Any]:
    """Multipart: ``text`` (the explanation) and any ``file`` parts sent with it."""
    form = await read_form(request)
    text = form.get("text")
    return await criterion_upload(request, principal, submission_id, code, text if isinstance(text, str) else "")


class RemoveIn(BaseModel):
    files: list[str] = Field(min_length=1, max_length=200)


def remove_evidence(request: Request, principal: Principal, submission_id: str, files: list[str]) -> dict[str, Any]:
    sub = visible_submission(request, principal, Op.SUPPLEMENT, submission_id)
    with session_scope(get_settings(request).database_url) as s:
        fresh = s.get_one(Submission, sub.id)
        lock = dossiers.upload_lock(s, fresh)
        if lock is not None:
            raise conflict(lock)
        rnd, run = evidence.remove_files(s, fresh, {f[:1000] for f in files}, actor=principal.actor,
                                         appraisal_round=round_for(status_of(fresh)))
        result: dict[str, Any] = {"id": sub.id, "run": run.id, "version": rnd.number, "removed": sorted(files)}
    get_dispatcher(request).submit(run.id)
    return result


@router.post("/submissions/{submission_id}/files/remove", status_code=202, operation_id="remove_files")
def post_remove(submission_id: str, body: RemoveIn, request: Request, principal: CurrentPrincipal) -> dict[str, Any]:
    return remove_evidence(request, principal, submission_id, body.files)
