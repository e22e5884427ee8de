"""Dossiers over HTTP: upload (a new dossier, or a new version of the unit's dossier), status and
progress, the report, supplements, and the council's appraisal.

The paths keep their first name, ``/submissions/{id}``: the id is the dossier's.
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session, defer
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from service.api.deps import (
    CurrentPrincipal,
    deny,
    error,
    get_blobs,
    get_dispatcher,
    get_settings,
    require,
    visible_submission,
)
from service.api.uploads import remove, stage_form
from service.audit.log import Action, append
from service.auth.policy import Op, in_scope
from service.auth.tokens import Principal, Role
from service.budgets import check_files, check_table
from service.intake import receive_submission, receive_supplement
from service.jobs import plan_jobs
from service.storage.models import Job, Round, RoundFile, Run, Submission, Unit
from service.storage.session import session_scope
from service.workflow import appraisals, dossiers
from service.workflow.dossiers import DossierStatus, Move, WorkflowError, status_of
from verifier.limits import ReadSettings
from verifier.report.json_report import report_from_dict
from verifier.results import Report
from verifier.text import one_line

router = APIRouter(tags=["submissions"])
RUNS_PAGE = 50

UPLOAD_DOC = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object",
    "properties": {
        "archive": {"type": "string", "format": "binary", "description": "one zip laid out as the submission folder"},
        "assessment": {"type": "string", "format": "binary", "description": "the self-assessment table"},
        "evidence": {"type": "array", "items": {"type": "string", "format": "binary"},
                     "description": "evidence files; a name may carry its folder: 1.1.1/KH 163.pdf"},
        "unit_id": {"type": "integer", "description": "council only: the unit submitted for"},
        "unit": {"type": "string", "description": "council only: the unit's exact name, instead of unit_id"},
        "year": {"type": "integer", "description": "the year assessed (default: the open dossier, or the "
                                                   "year the council set deadlines for)"},
    }}}}}}


def conflict(err: WorkflowError) -> HTTPException:
    return HTTPException(409, detail=err.detail())


@contextmanager
def staging_dir(request: Request) -> Iterator[Path]:
    root = get_settings(request).home / "var" / "staging"
    root.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(dir=root))
    try:
        yield path
    finally:
        remove(path)


async def read_form(request: Request) -> Any:
    try:
        return await request.form(max_files=10_000, max_fields=100)
    except StarletteHTTPException as exc:
        # Starlette's parser refuses what it cannot parse (a part header over its size limit, such as a
        # 5,000-byte file name; a broken boundary) with a bare 400: answer with a typed error instead.
        if exc.status_code != 400:
            raise
        raise error(422, "E_MULTIPART", f"Dữ liệu tải lên không đọc được: {str(exc.detail)[:80]}",
                    f"The upload cannot be parsed: {str(exc.detail)[:80]}") from exc


def _form_text(form: Any, name: str) -> str | None:
    value = form.get(name)
    return one_line(value) if isinstance(value, str) and one_line(value) else None


def target_unit(request: Request, principal: Principal, form: Any) -> Unit:
    """The unit an upload is for: a unit principal's own; a council names one of its province."""
    raw_id, raw_name = _form_text(form, "unit_id"), _form_text(form, "unit")
    settings = get_settings(request)
    refused = False
    with session_scope(settings.database_url) as s:
        unit: Unit | None = None
        if principal.role is Role.UNIT:
            unit = s.get(Unit, principal.unit_id) if principal.unit_id is not None else None
            refused = unit is None or (raw_id is not None and raw_id != str(principal.unit_id)) or \
                (raw_name is not None and raw_name != unit.name)
        else:
            province = principal.province or settings.province
            if raw_id is not None:
                unit = s.get(Unit, int(raw_id)) if raw_id.isdigit() and len(raw_id) < 10 else None
            elif raw_name is not None:
                unit = dossiers_units_find(s, province, raw_name)
            else:
                raise error(422, "E_UNIT", "Cần chọn đơn vị (unit_id hoặc unit)", "Name the unit (unit_id or unit)")
            if unit is None or not in_scope(principal, unit.id, unit.province):
                raise error(422, "E_UNIT", "Không có đơn vị này trong tỉnh", "No such unit in the province")
        if unit is not None:
            s.expunge(unit)
    if refused or unit is None:
        deny(request, principal, 403, "unit principal naming another unit")   # after the session: one writer
    return unit


def dossiers_units_find(s: Session, province: str, name: str) -> Unit | None:
    from service.workflow import units

    try:
        return units.find(s, province, name)
    except units.UnitError:
        return None


def _year(form: Any) -> int | None:
    raw = _form_text(form, "year")
    if raw is None:
        return None
    if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
        raise error(422, "E_YEAR", f"Năm không hợp lệ: {raw[:10]!r}", f"Not a year: {raw[:10]!r}")
    return int(raw)


def check_budgets(staging: Path, settings: Any, staged: dict[str, Any]) -> None:
    """Refuse an upload over the per-submission budgets before anything is stored (service/budgets.py)."""
    evidence = staging / "evidence"
    count = sum(1 for p in evidence.rglob("*") if p.is_file()) if evidence.is_dir() else 0
    check_files(count, settings.budget_files)
    for table in staging.glob("assessment.*"):
        check_table(table, settings.budget_table_rows, staged.get("assessment") or table.name)


def queue_run(s: Session, run: Run, settings: Any) -> None:
    """Plan the run's jobs in the upload's own transaction: a reader can claim them at once, before
    any message arrives, and the run's file count is checked against the budget."""
    check_files(run.files_total, settings.budget_files)
    plan_jobs(s, run, ReadSettings.from_env())


def round_for(status: DossierStatus) -> int:
    """Files sent while the council awaits explanations belong to appraisal round 2."""
    return 2 if status is DossierStatus.AWAITING_REPLY else 1


@router.post("/submissions", status_code=202, openapi_extra=UPLOAD_DOC, operation_id="create_submission")
async def create_submission(request: Request, principal: CurrentPrincipal) -> dict[str, Any]:
    await run_in_threadpool(require, request, principal, Op.SUBMIT)
    settings = get_settings(request)
    form = await read_form(request)
    try:
        unit = await run_in_threadpool(target_unit, request, principal, form)
        year = _year(form)
        with staging_dir(request) as staging:
            def store() -> dict[str, Any]:
                check_budgets(staging, settings, stage_form(form, staging, settings))
                with session_scope(settings.database_url) as s:
                    locked = dossiers.lock_unit(s, unit.id) or unit
                    existing, yr = dossiers.dossier_for_upload(s, locked, year)
                    if existing is not None:
                        lock = dossiers.upload_lock(s, existing)
                        if lock is not None:
                            raise conflict(lock)
                        rnd, run = receive_supplement(s, get_blobs(request), staging, existing, actor=principal.actor,
                                                      max_file_bytes=settings.max_file_bytes)
                        rnd.appraisal_round = round_for(status_of(existing))
                        queue_run(s, run, settings)
                        return {"id": existing.id, "run": run.id, "round": rnd.number, "version": rnd.number,
                                "new_dossier": False, "dossier_status": existing.status, "year": existing.year}
                    sub, run = receive_submission(s, get_blobs(request), staging, unit=locked.name,
                                                  province=locked.province, actor=principal.actor,
                                                  max_file_bytes=settings.max_file_bytes)
                    dossiers.adopt(sub, locked, yr)
                    queue_run(s, run, settings)
                    return {"id": sub.id, "run": run.id, "round": 1, "version": 1, "new_dossier": True,
                            "dossier_status": sub.status, "year": yr}

            result = await run_in_threadpool(store)
    finally:
        await form.close()
    get_dispatcher(request).submit(result["run"])
    return {**result, "status": "queued"}


def _run_view(run: Run, number: int) -> dict[str, Any]:
    wait = (run.started_at - run.queued_at).total_seconds() if run.started_at else None
    took = (run.finished_at - run.started_at).total_seconds() if run.finished_at and run.started_at else None
    return {"run": run.id, "round": number, "status": run.status, "stage": run.stage,
            "progress": {"files_done": run.files_done, "files_total": run.files_total},
            "extracted": run.extracted, "queued_at": run.queued_at.isoformat() + "Z",
            "started_at": run.started_at.isoformat() + "Z" if run.started_at else None,
            "finished_at": run.finished_at.isoformat() + "Z" if run.finished_at else None,
            "queue_wait_s": wait, "duration_s": took, "rules_version": run.rules_version,
            "extractor_version": run.extractor_version, "error": run.error,
            "totals": {"max": run.total_max, "self": run.total_self, "suggested": run.total_suggested}}


@router.get("/submissions/{submission_id}", operation_id="get_submission")
def get_submission(submission_id: str, request: Request, principal: CurrentPrincipal,
                   runs_before: int | None = None, runs_limit: int = RUNS_PAGE) -> dict[str, Any]:
    """The dossier and its newest runs (at most ``runs_limit``, oldest first); ``runs_next_before`` is
    the cursor of the older ones."""
    sub = visible_submission(request, principal, Op.READ, submission_id)
    size = max(1, min(runs_limit, RUNS_PAGE))
    with session_scope(get_settings(request).database_url) as s:
        # Without the reports: a unit's page polls this while its run goes on, and a district's
        # report is hundreds of kilobytes per run that this answer never shows.
        stmt = (select(Run, Round.number).join(Round, Round.id == Run.round_id).options(defer(Run.report))
                .where(Run.submission_id == sub.id).order_by(Run.id.desc()).limit(size + 1))
        if runs_before is not None:
            stmt = stmt.where(Run.id < runs_before)
        newest = s.execute(stmt).all()
        more = len(newest) > size
        rows = list(reversed(newest[:size]))
        runs = [_run_view(run, number) for run, number in rows]
        quarantined = list(s.execute(
            select(RoundFile.relative).join(Job, Job.round_file_id == RoundFile.id)
            .where(Job.run_id == rows[-1][0].id, Job.status == "quarantined")).scalars()) if rows else []
        deadlines = {p.value: dossiers.deadline(s, sub, p).due_at for p in dossiers.Phase}
    latest = runs[-1] if runs else {}
    return {"id": sub.id, "unit": sub.unit, "unit_id": sub.unit_id, "province": sub.province, "year": sub.year,
            "dossier_status": sub.status, "status": latest.get("status"), "stage": latest.get("stage"),
            "progress": latest.get("progress"), "round": latest.get("round"), "quarantined": quarantined,
            "deadlines": {k: (v.isoformat() + "Z" if v else None) for k, v in deadlines.items()}, "runs": runs,
            "runs_next_before": rows[0][0].id if more and rows else None}


def unit_wins(report: dict[str, Any], sub: Submission) -> dict[str, Any]:
    """The dossier's unit, not the table's "Đơn vị", names the report (the table's is kept aside)."""
    if report.get("unit") != sub.unit:
        report = {**report, "unit": sub.unit, "unit_in_table": report.get("unit")}
    return report


def report_object(run: Run, sub: Submission) -> Report:
    report = report_from_dict(json.loads(run.report or "{}"))
    return dataclasses.replace(report, unit=sub.unit) if report.unit != sub.unit else report


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
        report = unit_wins(json.loads(run.report or "{}"), sub)
    report["submission"] = {"id": sub.id, "round": number, "run": run.id, "dossier_status": sub.status}
    return JSONResponse(report)


@router.post("/submissions/{submission_id}/files", status_code=202, openapi_extra=UPLOAD_DOC,
             operation_id="add_files")
async def add_files(submission_id: str, request: Request, principal: CurrentPrincipal) -> dict[str, Any]:
    sub = await run_in_threadpool(visible_submission, request, principal, Op.SUPPLEMENT, submission_id)
    settings = get_settings(request)
    form = await read_form(request)
    try:
        with staging_dir(request) as staging:
            def store() -> tuple[int, int]:
                check_budgets(staging, settings, stage_form(form, staging, settings))
                with session_scope(settings.database_url) as s:
                    fresh = s.get_one(Submission, sub.id)
                    lock = dossiers.upload_lock(s, fresh)
                    if lock is not None:
                        raise conflict(lock)
                    rnd, run = receive_supplement(s, get_blobs(request), staging, fresh, actor=principal.actor,
                                                  max_file_bytes=settings.max_file_bytes)
                    rnd.appraisal_round = round_for(status_of(fresh))
                    queue_run(s, run, settings)
                    return rnd.number, run.id

            number, run_id = await run_in_threadpool(store)
    finally:
        await form.close()
    get_dispatcher(request).submit(run_id)
    return {"id": sub.id, "run": run_id, "round": number, "version": number, "status": "queued"}


class ScoreIn(BaseModel):
    criterion: str = Field(max_length=32)
    score: str = Field(default="", max_length=32, description="decimal, comma or dot: '0,5'")
    opinion: str = Field(default="", max_length=5000)
    accept: bool = Field(default=False, description="record the suggested score ('Đồng ý đề xuất')")
    clear: bool = Field(default=False, description="clear the recorded score (an empty score otherwise keeps it)")


class AppraisalIn(BaseModel):
    round: int | None = Field(default=None, description="the appraisal round (1 or 2); default: the current one")
    scores: list[ScoreIn] = Field(min_length=1, max_length=500)


def latest_done_run(s: Session, submission_id: str) -> Run | None:
    return s.execute(select(Run).where(Run.submission_id == submission_id, Run.status == "done")
                     .order_by(Run.id.desc()).limit(1)).scalar_one_or_none()


def appraise(s: Session, sub: Submission, principal: Principal, round_no: int | None,
             entries: list[appraisals.Entry]) -> tuple[int, int, list[appraisals.RowError]]:
    """Validate every entry, then record the changed ones: (round, recorded, errors). Nothing is
    recorded when any entry is refused."""
    status = status_of(sub)
    current = dossiers.APPRAISAL_ROUND.get(status)
    if current is None:
        raise conflict(WorkflowError("E_STATUS", f"Hồ sơ '{dossiers.label(status)}': không chấm điểm lúc này",
                                     f"The dossier is '{dossiers.label(status, 'en')}': no appraisal now"))
    if round_no is not None and round_no != current:
        raise conflict(WorkflowError("E_ROUND", f"Đang là vòng {current}, không phải vòng {round_no}",
                                     f"The current round is {current}, not {round_no}"))
    run = latest_done_run(s, sub.id)
    if run is None:
        raise error(409, "E_NOT_READY", "Chưa có kết quả kiểm tra", "No report yet")
    limits = appraisals.limits_of(report_object(run, sub))
    before = appraisals.latest(s, sub.id, current)
    changes, errors = appraisals.validate(limits, entries, before)
    if errors:
        return current, 0, errors
    if status is DossierStatus.SENT and changes:
        dossiers.move(s, sub, Move.START_ROUND1, principal, note="tự động khi ghi điểm đầu tiên / first score")
    count = appraisals.record(s, sub, principal, round_no=current, version_id=run.round_id, changes=changes,
                              before=before)
    return current, count, []


@router.post("/submissions/{submission_id}/appraisal", status_code=201, operation_id="record_appraisal")
def record_appraisal(submission_id: str, body: AppraisalIn, request: Request,
                     principal: CurrentPrincipal) -> dict[str, Any]:
    sub = visible_submission(request, principal, Op.APPRAISE, submission_id)
    entries = [appraisals.Entry(i.criterion, i.score, i.opinion, i.accept, i.clear) for i in body.scores]
    with session_scope(get_settings(request).database_url) as s:
        fresh = s.get_one(Submission, sub.id)
        number, count, errors = appraise(s, fresh, principal, body.round, entries)
    if errors:
        first = errors[0]
        raise error(422, "E_SCORE", f"{first.criterion}: {first.message_vi}", f"{first.criterion}: {first.message_en}",
                    errors=[e.as_dict() for e in errors])
    return {"id": sub.id, "round": number, "recorded": count}


def count_versions(s: Session, submission_id: str) -> int:
    return int(s.execute(select(func.count()).select_from(Round).where(Round.submission_id == submission_id))
               .scalar_one())
