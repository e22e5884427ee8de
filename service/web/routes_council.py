"""The council's pages: the province dashboard and the per-unit review where appraisals are recorded.

Recording goes through the API's own appraisal function, so the scores are validated and audited
exactly as an API call would be.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from service.api.deps import require, visible_submission
from service.api.routes.submissions import AppraisalIn, ScoreIn, record_appraisal
from service.auth.policy import Op
from service.auth.tokens import Principal
from service.storage.models import Run, Submission
from service.storage.session import session_scope
from service.web import data, i18n
from service.web.bands import NAMES, Bands
from service.web.pages import error_text, principal_or_redirect, refusal, render, see_other, settings_of
from service.web.session import csrf_ok
from verifier.report.fix_list import parent_code
from verifier.report.messages import t
from verifier.results import Report
from verifier.text import one_line

router = APIRouter(include_in_schema=False)


@router.get("/ui/council", response_class=HTMLResponse)
def dashboard(request: Request) -> Response:
    principal = principal_or_redirect(request)
    try:
        require(request, principal, Op.APPRAISE)
    except HTTPException as exc:
        return refusal(request, principal, exc)
    bands = Bands.from_env()
    with session_scope(settings_of(request).database_url) as s:
        rows = data.dashboard_rows(s, data.visible_submissions(s, principal), bands)
    legend = [(name, cut) for name, cut in zip(NAMES, (*bands.cutoffs, None), strict=True)]
    return render(request, "council_dashboard.html", {"rows": rows, "band_legend": legend}, principal=principal)


def _review_state(request: Request, principal: Principal, submission_id: str,
                  round_param: str | None) -> tuple[Submission, Report, int, list[int], dict[str, data.Recorded]]:
    sub = visible_submission(request, principal, Op.APPRAISE, submission_id)
    with session_scope(settings_of(request).database_url) as s:
        numbers = data.round_numbers(s, sub.id)
        rounds = sorted(set(numbers.values())) or [1]
        round_no = int(round_param) if round_param and round_param.isdigit() else rounds[-1]
        if round_no not in rounds:
            raise HTTPException(404, detail={"message_vi": f"Không có vòng {round_no}",
                                             "message_en": f"No round {round_no}"})
        round_id = next(rid for rid, n in numbers.items() if n == round_no)
        runs = data.runs_of(s, sub.id)
        of_round: list[Run] = [r for r in runs if r.round_id == round_id and r.status == "done"]
        run = of_round[-1] if of_round else data.latest_done(runs)
        report = data.report_of(run)
        if report is None:
            raise HTTPException(409, detail={"message_vi": "Chưa có kết quả kiểm tra", "message_en": "No report yet"})
        recorded = data.recorded_appraisals(s, sub.id, round_id)
    return sub, report, round_no, rounds, recorded


def _page(request: Request, principal: Principal, submission_id: str, round_param: str | None,
          notice: str | None = None, error: str | None = None, status_code: int = 200) -> Response:
    try:
        sub, report, round_no, rounds, recorded = _review_state(request, principal, submission_id, round_param)
    except HTTPException as exc:
        return refusal(request, principal, exc)
    parents = {p for c in report.criteria if (p := parent_code(c.code)) is not None}
    return render(request, "council_review.html", {
        "sub": sub, "report": report, "round_no": round_no, "rounds": rounds, "recorded": recorded,
        "parents": parents, "notice": notice, "error": error}, status_code, principal)


@router.get("/ui/council/{submission_id}/review", response_class=HTMLResponse)
def review(submission_id: str, request: Request, round: str | None = None) -> Response:
    principal = principal_or_redirect(request)
    return _page(request, principal, submission_id, round, notice=t("saved", i18n.request_lang(request))
                 if request.query_params.get("saved") else None)


def _same_score(shown: str, number: Decimal) -> bool:
    try:
        return Decimal(shown.replace(",", ".")) == number
    except InvalidOperation:
        return False


@router.post("/ui/council/{submission_id}/review", response_class=HTMLResponse)
async def record(submission_id: str, request: Request, round: str | None = None) -> Response:
    principal = await run_in_threadpool(principal_or_redirect, request)
    form = await request.form(max_fields=2_000)
    token = form.get("csrf")
    if not csrf_ok(request, token if isinstance(token, str) else None):
        return refusal(request, principal, HTTPException(403, detail="CSRF"))
    try:
        sub, report, round_no, _rounds, recorded = await run_in_threadpool(
            _review_state, request, principal, submission_id, round)
    except HTTPException as exc:
        return refusal(request, principal, exc)
    parents = {p for c in report.criteria if (p := parent_code(c.code)) is not None}
    items: list[ScoreIn] = []
    for c in report.criteria:
        if c.code in parents:
            continue
        raw_score = form.get(f"score__{c.code}")
        raw_opinion = form.get(f"opinion__{c.code}")
        score = one_line(raw_score) if isinstance(raw_score, str) else ""
        opinion = one_line(raw_opinion) if isinstance(raw_opinion, str) else ""
        if not score:
            continue
        before = recorded.get(c.code)
        # Saving records every criterion not yet appraised in this round, and any whose score or
        # opinion the person changed; re-saving an unchanged page adds nothing to the log.
        if before is not None and _same_score(score, before.score) and before.opinion == opinion:
            continue
        items.append(ScoreIn(criterion=c.code, score=score, opinion=opinion))
    if items:
        try:
            await run_in_threadpool(record_appraisal, sub.id, AppraisalIn(round=round_no, scores=items), request,
                                    principal)
        except HTTPException as exc:
            text = error_text(exc.detail, i18n.request_lang(request))
            return await run_in_threadpool(_page, request, principal, submission_id, str(round_no), None, text,
                                           exc.status_code)
    return see_other(f"/ui/council/{sub.id}/review?round={round_no}&saved=1")
