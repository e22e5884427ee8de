"""Submissions: upload, status and progress, the report, round-2 supplements, the council's appraisal."""

from __future__ import annotations

import json
import tempfile
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import func, select
from starlette.concurrency import run_in_threadpool

from service.api.deps import (
    CurrentPrincipal,
    deny,
    get_blobs,
    get_dispatcher,
    get_settings,
    require,
    visible_submission,
)
from service.api.uploads import remove, stage_form
from service.audit.log import Action, append
from service.auth.policy import Op, in_scope
from service.auth.tokens import Principal, Role, unit_key
from service.intake import receive_submission, receive_supplement
from service.storage.models import Appraisal, Job, Round, RoundFile, Run, Submission
from service.storage.session import session_scope
from verifier.text import one_line

router = APIRouter(tags=["submissions"])

UPLOAD_DOC = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object",
    "properties": {
        "archive": {"type": "string", "format": "binary", "description": "one zip laid out as the submission folder"},
        "assessment": {"type": "string", "format": "binary", "description": "the self-assessment table"},
        "evidence": {"type": "array", "items": {"type": "string", "format": "binary"},
                     "description": "evidence files; a name may carry its folder: 1.1.1/KH 163.pdf"},
        "unit": {"type": "string", "description": "council only: the unit submitted for"},
    }}}}}}


def _staging(request: Request) -> Path:
    root = get_settings(request).home / "var" / "staging"
    root.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(dir=root))


async def _form(request: Request) -> Any:
    return await request.form(max_files=10_000, max_fields=100)


def _target_unit(request: Request, principal: Principal, form_unit: str | None) -> str:
    if principal.role is Role.UNIT and principal.unit:
        if form_unit and unit_key(form_unit) != principal.unit_key:
            deny(request, principal, 403, "unit token naming another unit")
        return principal.unit
    if not form_unit or not one_line(form_unit):
        raise HTTPException(422, detail={"code": "E_UNIT", "message_vi": "Cần trường 'unit' (tên đơn vị)",
                                         "message_en": "The 'unit' form field is required"})
    return one_line(form_unit)


@router.post("/submissions", status_code=202, openapi_extra=UPLOAD_DOC, operation_id="create_submission")
async def create_submission(request: Request, principal: CurrentPrincipal) -> dict[str, Any]:
    await run_in_threadpool(require, request, principal, Op.SUBMIT)
    settings = get_settings(request)
    form = await _form(request)
    raw_unit = form.get("unit")
    unit = await run_in_threadpool(_target_unit, request, principal, raw_unit if isinstance(raw_unit, str) else None)
    province = principal.province or settings.province
    if not in_scope(principal, unit_key(unit), province):
        await run_in_threadpool(deny, request, principal, 403, "unit outside the principal's scope")
    staging = _staging(request)
    try:
        def store() -> tuple[str, int]:
            stage_form(form, staging, settings)
            with session_scope(settings.database_url) as s:
                sub, run = receive_submission(s, get_blobs(request), staging, unit=unit, province=province,
                                              actor=principal.actor, max_file_bytes=settings.max_file_bytes)
                return sub.id, run.id

        sub_id, run_id = await run_in_threadpool(store)
    finally:
        await form.close()
        remove(staging)
    get_dispatcher(request).submit(run_id)
    return {"id": sub_id, "run": run_id, "round": 1, "status": "queued"}


def _run_view(run: Run, number: int) -> dict[str, Any]:
    wait = (run.started_at - run.queued_at).total_seconds() if run.started_at else None
    took = (run.finished_at - run.started_at).total_seconds() if run.finished_at and run.started_at else None
    return {"run": run.id, "round": number, "status": run.status, "stage": run.stage,
            "progress": {"files_done": run.files_done, "files_total": run.files_total},
            "extracted": run.extracted, "queued_at": run.queued_at.isoformat() + "Z",
            "started_at": run.started_at.isoformat() + "Z" if run.started_at else None,
            "finished_at": run.finished_at.isoformat() + "Z" if run.finished_at else None,
            "queue_wait_s": wait, "duration_s": took, "rules_version": run.rules_version,
            "extractor_version": run.extractor_version, "error": run.error}


@router.get("/submissions/{submission_id}", operation_id="get_submission")
def get_submission(submission_id: str, request: Request, principal: CurrentPrincipal) -> dict[str, Any]:
    sub = visible_submission(request, principal, Op.READ, submission_id)
    with session_scope(get_settings(request).database_url) as s:
        rows = s.execute(select(Run, Round.number).join(Round, Round.id == Run.round_id)
                         .where(Run.submission_id == sub.id).order_by(Run.id)).all()
        runs = [_run_view(run, number) for run, number in rows]
        quarantined = list(s.execute(
            select(RoundFile.relative).join(Job, Job.round_file_id == RoundFile.id)
            .where(Job.run_id == rows[-1][0].id, Job.status == "quarantined")).scalars()) if rows else []
    latest = runs[-1] if runs else {}
    return {"id": sub.id, "unit": sub.unit, "province": sub.province, "year": sub.year,
            "status": latest.get("status"), "stage": latest.get("stage"), "progress": latest.get("progress"),
            "round": latest.get("round"), "quarantined": quarantined, "runs": runs}


@router.get("/submissions/{submission_id}/report", operation_id="get_report")
def get_report(submission_id: str, request: Request, principal: CurrentPrincipal,
               round: int | None = None) -> JSONResponse:
    sub = visible_submission(request, principal, Op.READ, submission_id)
    with session_scope(get_settings(request).database_url) as s:
        stmt = (select(Run, Round.number).join(Round, Round.id == Run.round_id)
                .where(Run.submission_id == sub.id).order_by(Run.id.desc()))
        if round is not None:
            stmt = stmt.where(Round.number == round)
        row = s.execute(stmt).first()
        if row is None or row[0].status != "done" or row[0].report is None:
            status = row[0].status if row else "none"
            raise HTTPException(409, detail={"code": "E_NOT_READY", "status": status,
                                             "message_vi": "Chưa có kết quả kiểm tra", "message_en": "No report yet"})
        run, number = row
        append(s, Action.EXPORT, principal.actor, submission_id=sub.id, unit=sub.unit, year=sub.year,
               details={"what": "report", "run": run.id, "round": number})
        report = json.loads(run.report or "{}")
    report["submission"] = {"id": sub.id, "round": number, "run": run.id}
    return JSONResponse(report)


@router.post("/submissions/{submission_id}/files", status_code=202, openapi_extra=UPLOAD_DOC,
             operation_id="add_files")
async def add_files(submission_id: str, request: Request, principal: CurrentPrincipal) -> dict[str, Any]:
    sub = await run_in_threadpool(visible_submission, request, principal, Op.SUPPLEMENT, submission_id)
    settings = get_settings(request)
    form = await _form(request)
    staging = _staging(request)
    try:
        def store() -> tuple[int, int]:
            stage_form(form, staging, settings)
            with session_scope(settings.database_url) as s:
                fresh = s.get_one(Submission, sub.id)
                rnd, run = receive_supplement(s, get_blobs(request), staging, fresh, actor=principal.actor,
                                              max_file_bytes=settings.max_file_bytes)
                return rnd.number, run.id

        number, run_id = await run_in_threadpool(store)
    finally:
        await form.close()
        remove(staging)
    get_dispatcher(request).submit(run_id)
    return {"id": sub.id, "run": run_id, "round": number, "status": "queued"}


class ScoreIn(BaseModel):
    criterion: str = Field(max_length=32)
    score: str = Field(max_length=32, description="decimal, comma or dot: '0,5'")
    opinion: str = Field(default="", max_length=5000)


class AppraisalIn(BaseModel):
    round: int | None = None
    scores: list[ScoreIn] = Field(min_length=1, max_length=500)


@router.post("/submissions/{submission_id}/appraisal", status_code=201, operation_id="record_appraisal")
def record_appraisal(submission_id: str, body: AppraisalIn, request: Request,
                     principal: CurrentPrincipal) -> dict[str, Any]:
    sub = visible_submission(request, principal, Op.APPRAISE, submission_id)
    parsed: list[tuple[ScoreIn, Decimal]] = []
    for item in body.scores:
        try:
            parsed.append((item, Decimal(item.score.strip().replace(",", "."))))
        except InvalidOperation as exc:
            raise HTTPException(422, detail={"code": "E_SCORE", "message_vi": f"Điểm không hợp lệ: {item.score!r}",
                                             "message_en": f"Not a number: {item.score!r}"}) from exc
    with session_scope(get_settings(request).database_url) as s:
        last = s.execute(select(func.max(Round.number)).where(Round.submission_id == sub.id)).scalar_one()
        number = body.round or int(last)
        rnd = s.execute(select(Round).where(Round.submission_id == sub.id, Round.number == number)).scalar_one_or_none()
        if rnd is None:
            raise HTTPException(422, detail={"code": "E_ROUND", "message_vi": f"Không có vòng {number}",
                                             "message_en": f"No round {number}"})
        for item, score in parsed:
            s.add(Appraisal(submission_id=sub.id, round_id=rnd.id, criterion=item.criterion.strip(),
                            score=str(score), opinion=one_line(item.opinion), recorded_by=principal.actor))
        s.flush()
        for item, score in parsed:
            append(s, Action.APPRAISAL_RECORDED, principal.actor, submission_id=sub.id, unit=sub.unit, year=sub.year,
                   criterion=item.criterion.strip(),
                   details={"round": number, "score": str(score), "opinion": one_line(item.opinion)})
    return {"id": sub.id, "round": number, "recorded": len(parsed)}
